/*
 * main.c - the command table and the dispatcher.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/date.h"
#include "service/platform.h"
#include "util/error.h"
#include "util/banned.h"

static const struct cli_command commands[] = {
	{"init", cmd_init, "create the database, key file and catalog"},
	{"id", cmd_id, "check USCC, organisation codes and ID numbers"},
	{"import", cmd_import, "import department files (双公示 CSV)"},
	{"stats", cmd_stats, "合规率, 迟报率, concealment per department"},
	{"export", cmd_export, "export records in the national layout"},
	{"subject", cmd_subject, "show a subject's credit archive"},
	{"gen", cmd_gen, "write a synthetic department file"},
	{"serve", cmd_serve, "run the HTTP API"},
	{"migrate", cmd_migrate, "move the platform to another database"},
	{"user", cmd_user, "add accounts (argon2id passwords, roles)"},
	{"token", cmd_token, "create and revoke API keys"},
	{"audit", cmd_audit, "check the audit trail; who looked at a subject"},
};

int cli_fail(const char *cmd, int err)
{
	fprintf(stderr, "xinyong %s: %s\n", cmd, xy_error_msg());
	return xy_error_exit_code(err);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "xinyong %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'xinyong %s --help')\n", cmd);
	return 2;
}

const char *cli_db(const char *opt)
{
	return opt ? opt : xy_platform_default_db();
}

int cli_date(const char *cmd, const char *opt, const char *s, int *out)
{
	int32_t d;

	if (xy_date_parse(s, strlen(s), &d) < 0)
		return cli_usage(cmd, "%s: '%s' is not a date (YYYY-MM-DD)",
				 opt, s);
	*out = d;
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: xinyong <command> [options]\n\n"
		   "公共信用信息平台 — public credit information platform\n\n"
		   "commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(f, "\nThe database is --db URL, $XINYONG_DB, or "
		   "data/xinyong.db (sqlite:PATH or postgres://...).\n"
		   "'xinyong <command> --help' tells more.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("xinyong 0.1.0\n");
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "xinyong: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
