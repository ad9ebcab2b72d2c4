/*
 * cmd_export.c - xinyong export --catalog xzxk|xzcf [--format csv|jsonl]
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/export.h"
#include "util/error.h"
#include "util/banned.h"

static const char help[] =
	"usage: xinyong export --catalog xzxk|xzcf [--format csv|jsonl] "
	"[--output FILE] [--db URL]\n\n"
	"Writes the stored records in the national layout (standard codes as\n"
	"headers, UTF-8) to standard output or FILE. Personal data is\n"
	"written in full: treat the file as confidential. Importing the\n"
	"export again leaves every record unchanged.\n";

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{"catalog", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	enum xy_export_format fmt = XY_EXPORT_CSV;
	struct xy_platform *p = NULL;
	const char *catalog = NULL, *db = NULL, *output = NULL;
	FILE *out = stdout;
	int c, err;

	while ((c = getopt_long(argc, argv, "c:f:o:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			catalog = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "csv"))
				fmt = XY_EXPORT_CSV;
			else if (!strcmp(optarg, "jsonl"))
				fmt = XY_EXPORT_JSONL;
			else
				return cli_usage("export",
						 "unknown format '%s' (csv or "
						 "jsonl)",
						 optarg);
			break;
		case 'o':
			output = optarg;
			break;
		case 'd':
			db = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return 0;
		default:
			return cli_usage("export", "bad option");
		}
	}
	if (!catalog)
		return cli_usage("export", "--catalog is required");
	if (optind < argc)
		return cli_usage("export", "unexpected argument '%s'",
				 argv[optind]);
	err = xy_platform_open(&p, cli_db(db), 0);
	if (!err && output) {
		out = fopen(output, "w");
		if (!out)
			err = xy_error_set(XY_EIO, "cannot write '%s'", output);
	}
	if (!err)
		err = xy_export_write(p, catalog, fmt, out ? out : stdout,
				      NULL);
	if (output && out && fclose(out) != 0 && !err)
		err = xy_error_set(XY_EIO, "cannot write '%s'", output);
	xy_platform_free(p);
	return err < 0 ? cli_fail("export", err) : 0;
}
