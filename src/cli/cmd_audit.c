/*
 * cmd_audit.c - xinyong audit verify
 *               xinyong audit show --subject CODE [--json]
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "service/audit.h"
#include "service/auth.h"
#include "util/error.h"
#include "util/banned.h"

static const char help[] =
    "usage: xinyong audit verify [--db URL]\n"
    "       xinyong audit show --subject CODE [--json] [--purpose TEXT]\n"
    "                          [--db URL]\n\n"
    "The audit trail records every change and every read of a natural\n"
    "person's data: who, with which role and department, through which\n"
    "route, about which subject, why, and when. Its entries are\n"
    "hash-chained.\n\n"
    "verify recomputes the chain and prints 'ok, N entries' (exit 0), or\n"
    "names the first altered, inserted or deleted entry (exit 1).\n"
    "show answers \"who looked at me\": the entries about the subject\n"
    "CODE (a USCC, an ID number or a 工商注册号), newest first. Looking\n"
    "is itself recorded, with --purpose (default 'audit show').\n\n"
    "options:\n"
    "  --subject CODE   the subject (show)\n"
    "  --json           print the entries as a JSON array (show)\n"
    "  --purpose TEXT   why you look (show)\n"
    "  --db URL         database (default $XINYONG_DB or\n"
    "                   data/xinyong.db)\n";

static int verify(struct xy_platform *p)
{
	int64_t n = 0;
	int err = xy_audit_verify(p, &n);

	/* any problem is exit status 1, whatever its error code */
	if (err < 0) {
		fprintf(stderr, "xinyong audit: %s\n", xy_error_msg());
		return 1;
	}
	printf("ok, %lld entries\n", (long long)n);
	return 0;
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static void print_table(json_t *list)
{
	json_t *e;
	size_t i;

	if (!json_array_size(list)) {
		printf("no entries\n");
		return;
	}
	printf("%-19s  %-20s  %-8s  %-18s  %-30s  %s\n", "time", "account",
	       "role", "dept", "route", "purpose");
	json_array_foreach(list, i, e)
	{
		char when[20];

		/* 2026-04-01T16:00:00+08:00 -> 2026-04-01 16:00:00 */
		snprintf(when, sizeof(when), "%s", str(e, "time"));
		if (strlen(when) > 10)
			when[10] = ' ';
		printf("%-19s  %-20s  %-8s  %-18s  %-30s  %s\n", when,
		       str(e, "who"), str(e, "role"),
		       *str(e, "dept") ? str(e, "dept") : "-", str(e, "route"),
		       str(e, "purpose"));
	}
}

static int show(struct xy_platform *p, const char *code, const char *purpose,
		int json)
{
	struct xy_principal me;
	struct xy_audit_entry e = {0};
	json_t *list = NULL;
	int64_t subject = 0;
	int err;

	err = xy_audit_subject(p, code, &list);
	if (err < 0)
		return cli_fail("audit", err);
	/* the subject id for our own entry: a read about that subject */
	xy_auth_local(&me);
	e.who = &me;
	e.action = "read";
	e.route = "cli audit show";
	e.purpose = purpose;
	e.detail = "who looked at the subject";
	err = xy_audit_subject_find(p, code, &subject);
	e.subject_id = subject;
	if (err >= 0)
		err = xy_audit_log(p, &e);
	if (err < 0) {
		json_decref(list);
		return cli_fail("audit", err);
	}
	if (json) {
		json_dumpf(list, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		putchar('\n');
	} else {
		print_table(list);
	}
	json_decref(list);
	return 0;
}

int cmd_audit(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"subject", required_argument, NULL, 's'},
	    {"json", no_argument, NULL, 'j'},
	    {"purpose", required_argument, NULL, 'p'},
	    {"db", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct xy_platform *p = NULL;
	const char *db = NULL, *subject = NULL, *purpose = "audit show";
	const char *verb;
	int json = 0, c, err, rc;

	while ((c = getopt_long(argc, argv, "s:jp:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			subject = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'p':
			purpose = optarg;
			break;
		case 'd':
			db = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return 0;
		default:
			return cli_usage("audit", "bad option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage("audit", "expected 'verify' or 'show'");
	verb = argv[optind];
	if (strcmp(verb, "verify") && strcmp(verb, "show"))
		return cli_usage("audit", "unknown subcommand '%s'", verb);
	if (!strcmp(verb, "show") && !subject)
		return cli_usage("audit", "show needs --subject CODE");
	if (!strcmp(verb, "verify") && (subject || json))
		return cli_usage("audit",
				 "verify takes no --subject or --json");
	err = xy_platform_open(&p, cli_db(db), 0);
	if (err < 0)
		return cli_fail("audit", err);
	if (!strcmp(verb, "verify"))
		rc = verify(p);
	else
		rc = show(p, subject, purpose, json);
	xy_platform_free(p);
	return rc;
}
