/*
 * cmd_migrate.c - xinyong migrate --from URL --to URL
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "service/migrate.h"
#include "util/banned.h"

static const char help[] =
	"usage: xinyong migrate --from URL --to URL\n\n"
	"Moves a platform to another database, e.g. from the embedded\n"
	"SQLite file to a PostgreSQL server:\n\n"
	"  xinyong migrate --from sqlite:data/xinyong.db \\\n"
	"                  --to postgres://user@host/xinyong\n\n"
	"The destination is created and migrated if needed and must be\n"
	"empty. Every table is copied with its ids in one transaction. The\n"
	"destination uses the source's key file (copied to its key path,\n"
	"see $XINYONG_KEY, when it has none), so personal data stays\n"
	"readable.\n";

int cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct xy_buf log = XY_BUF_INIT;
	const char *from = NULL, *to = NULL;
	int c, err;

	while ((c = getopt_long(argc, argv, "f:t:h", opts, NULL)) != -1) {
		if (c == 'f')
			from = optarg;
		else if (c == 't')
			to = optarg;
		else if (c == 'h')
			return fputs(help, stdout), 0;
		else
			return cli_usage("migrate", "bad option");
	}
	if (!from || !to)
		return cli_usage("migrate", "--from and --to are required");
	if (optind < argc)
		return cli_usage("migrate", "unexpected argument '%s'",
				 argv[optind]);
	err = xy_migrate(from, to, &log);
	fputs(log.ptr, stdout);
	xy_buf_dispose(&log);
	return err < 0 ? cli_fail("migrate", err) : 0;
}
