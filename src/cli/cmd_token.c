/*
 * cmd_token.c - xinyong token create NAME [--expires DAYS]
 *               xinyong token revoke ID
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "service/audit.h"
#include "service/auth.h"
#include "util/error.h"
#include "util/banned.h"

static const char help[] =
    "usage: xinyong token create NAME [--expires DAYS] [--db URL]\n"
    "       xinyong token revoke ID [--db URL]\n\n"
    "create makes an API key for the account NAME and prints it once on\n"
    "standard output (its id on standard error); only a keyed hash of it\n"
    "is stored, so a lost key cannot be shown again: revoke it and make\n"
    "another. Business systems send it as 'Authorization: Bearer KEY'.\n"
    "revoke ends the key with that id at once. Both are written to the\n"
    "audit trail.\n\n"
    "options:\n"
    "  --expires DAYS   the key ends after DAYS days (default: never)\n"
    "  --db URL         database (default $XINYONG_DB or\n"
    "                   data/xinyong.db)\n";

/* A whole non-negative decimal number in [0, max], or -1. */
static long long parse_count(const char *s, long long max)
{
	char *end = NULL;
	long long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	return v;
}

/*
 * Runs what the command does and its audit entry in one transaction.
 * detail names what changed; for create, *token and *id get the key.
 */
static int run(const char *db, const char *verb, const char *arg, int days,
	       char **token, int64_t *id)
{
	struct xy_principal me;
	struct xy_audit_entry e = {0};
	struct xy_platform *p = NULL;
	char route[32], detail[128];
	int err;

	err = xy_platform_open(&p, db, 0);
	if (err < 0)
		goto done;
	err = xy_db_begin(p->db);
	if (err < 0)
		goto done;
	if (!strcmp(verb, "create")) {
		err = xy_auth_token_create(p, arg, days, token, id);
		snprintf(detail, sizeof(detail),
			 "API key %lld for account '%s', %d days",
			 (long long)*id, arg, days);
	} else {
		err = xy_auth_token_revoke(p, *id);
		snprintf(detail, sizeof(detail), "API key %lld",
			 (long long)*id);
	}
	xy_auth_local(&me);
	snprintf(route, sizeof(route), "cli token %s", verb);
	e.who = &me;
	e.action = "admin";
	e.route = route;
	e.detail = detail;
	if (!err)
		err = xy_audit_log(p, &e);
	if (!err)
		err = xy_db_commit(p->db);
	if (err < 0) {
		char msg[512];

		snprintf(msg, sizeof(msg), "%s", xy_error_msg());
		xy_db_rollback(p->db);
		xy_error_set(err, "%s", msg);
	}
done:
	xy_platform_free(p);
	if (err < 0 && token && *token) {
		sodium_memzero(*token, strlen(*token));
		free(*token);
		*token = NULL;
	}
	return err;
}

int cmd_token(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"expires", required_argument, NULL, 'e'},
	    {"db", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *db = NULL, *verb, *expires = NULL;
	char *token = NULL;
	int64_t id = 0;
	long long n;
	int c, err, days = 0;

	while ((c = getopt_long(argc, argv, "e:d:h", opts, NULL)) != -1) {
		if (c == 'e')
			expires = optarg;
		else if (c == 'd')
			db = optarg;
		else if (c == 'h')
			return fputs(help, stdout), 0;
		else
			return cli_usage("token", "bad option");
	}
	if (optind >= argc)
		return cli_usage("token", "expected 'create NAME' or "
					  "'revoke ID'");
	verb = argv[optind];
	if (strcmp(verb, "create") && strcmp(verb, "revoke"))
		return cli_usage("token", "unknown subcommand '%s'", verb);
	if (optind + 2 != argc)
		return cli_usage("token", "expected 'token %s %s'", verb,
				 strcmp(verb, "create") ? "ID" : "NAME");
	if (expires && strcmp(verb, "create"))
		return cli_usage("token", "--expires is for 'create'");
	if (expires) {
		n = parse_count(expires, 3650);
		if (n < 1)
			return cli_usage("token",
					 "--expires: '%s' is not a "
					 "number of days (1 to 3650)",
					 expires);
		days = (int)n;
	}
	if (!strcmp(verb, "revoke")) {
		n = parse_count(argv[optind + 1], INT64_MAX);
		if (n < 1)
			return cli_usage("token", "'%s' is not a key id",
					 argv[optind + 1]);
		id = n;
	}
	err = run(cli_db(db), verb, argv[optind + 1], days, &token, &id);
	if (err < 0)
		return cli_fail("token", err);
	if (token) {
		printf("%s\n", token);
		fflush(stdout);
		if (days)
			fprintf(stderr,
				"API key %lld for %s, valid %d days; "
				"it is shown only this once\n",
				(long long)id, argv[optind + 1], days);
		else
			fprintf(stderr,
				"API key %lld for %s, no expiry; it "
				"is shown only this once\n",
				(long long)id, argv[optind + 1]);
		sodium_memzero(token, strlen(token));
		free(token);
	} else {
		printf("API key %lld revoked\n", (long long)id);
	}
	return 0;
}
