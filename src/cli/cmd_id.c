/*
 * cmd_id.c - xinyong id check [--strict] [CODE...]
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/idcheck.h"
#include "service/platform.h"
#include "util/banned.h"

static const char help[] =
	"usage: xinyong id check [--strict] [CODE...]\n\n"
	"Checks 统一社会信用代码 (GB 32100), 组织机构代码 (GB 11714) and\n"
	"居民身份证号码 (GB 11643). Without arguments, reads one code per\n"
	"line from standard input. Prints one line per input:\n\n"
	"  <input> TAB <ok|invalid> TAB <kind> TAB <normalised form or error>\n\n"
	"kind is uscc, orgcode, ric or unknown. --strict makes a USCC whose\n"
	"inner organisation code fails its check invalid (orgcode_checksum).\n"
	"Exit status 0 when every input is valid, 1 otherwise.\n";

static int check_one(struct xy_idcheck *c, const char *s, size_t len,
		     int strict)
{
	xy_idcheck_run(c, s, len, xy_today(), strict);
	printf("%.*s\t%s\t%s\t%s\n", (int)len, s,
	       c->error == XY_V_OK ? "ok" : "invalid",
	       xy_id_kind_name(c->kind),
	       c->error == XY_V_OK ? c->norm.ptr : xy_verr_name(c->error));
	return c->error == XY_V_OK;
}

int cmd_id(int argc, char **argv)
{
	static const struct option opts[] = {
		{"strict", no_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct xy_idcheck c;
	int strict = 0, all_ok = 1, ch;
	char line[4096];

	while ((ch = getopt_long(argc, argv, "sh", opts, NULL)) != -1) {
		if (ch == 's')
			strict = 1;
		else if (ch == 'h')
			return fputs(help, stdout), 0;
		else
			return cli_usage("id", "bad option");
	}
	if (optind >= argc || strcmp(argv[optind], "check"))
		return cli_usage("id", "expected 'check'");
	optind++;
	xy_idcheck_init(&c);
	if (optind < argc) {
		for (int i = optind; i < argc; i++)
			all_ok &= check_one(&c, argv[i], strlen(argv[i]),
					    strict);
	} else {
		while (fgets(line, sizeof(line), stdin)) {
			size_t n = strcspn(line, "\r\n");

			all_ok &= check_one(&c, line, n, strict);
		}
	}
	xy_idcheck_dispose(&c);
	return all_ok ? 0 : 1;
}
