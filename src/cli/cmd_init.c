/*
 * cmd_init.c - xinyong init [--db URL]
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "service/platform.h"
#include "util/banned.h"

static const char help[] =
	"usage: xinyong init [--db URL]\n\n"
	"Creates the database (default data/xinyong.db, or $XINYONG_DB),\n"
	"the key file beside it, and loads the catalog from catalog/\n"
	"($XINYONG_CATALOG). Running it again changes nothing that exists.\n";

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct xy_buf log = XY_BUF_INIT;
	const char *db = NULL;
	int c, err;

	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'h')
			return fputs(help, stdout), 0;
		else
			return cli_usage("init", "bad option");
	}
	if (optind < argc)
		return cli_usage("init", "unexpected argument '%s'",
				 argv[optind]);
	err = xy_platform_init(cli_db(db), &log);
	fputs(log.ptr, stdout);
	xy_buf_dispose(&log);
	return err < 0 ? cli_fail("init", err) : 0;
}
