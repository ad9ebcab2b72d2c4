/*
 * cmd_gen.c - xinyong gen --catalog xzxk|xzcf --rows N [options]
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/gen.h"
#include "service/platform.h"
#include "util/error.h"
#include "util/banned.h"

static const char help[] =
	"usage: xinyong gen --catalog xzxk|xzcf --rows N [options]\n\n"
	"Writes a realistic synthetic department file (CSV, UTF-8, national\n"
	"layout) to standard output or --output FILE. The same options give\n"
	"the same file.\n\n"
	"options:\n"
	"  --catalog CODE       xzxk (行政许可) or xzcf (行政处罚)\n"
	"  --rows N             data rows (default 1000)\n"
	"  --seed S             random seed (default 1)\n"
	"  --invalid-rate R     share of rows with one error, 0..1 (default 0)\n"
	"  --late-rate R        share of valid rows reported late (default 0)\n"
	"  --gap-rate R         share of document numbers left out (default 0)\n"
	"  --reported-at DATE   the day the file is reported (default today)\n"
	"  --division CODE      6-digit division code (default 370104)\n"
	"  --output FILE        write there instead of standard output\n";

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno || end == s || *end || *s == '-' ? -1 : 0;
}

static int parse_rate(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return errno || end == s || *end || *out < 0 || *out > 1 ? -1 : 0;
}

int cmd_gen(int argc, char **argv)
{
	static const struct option opts[] = {
		{"catalog", required_argument, NULL, 'c'},
		{"rows", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 's'},
		{"invalid-rate", required_argument, NULL, 'i'},
		{"late-rate", required_argument, NULL, 'l'},
		{"gap-rate", required_argument, NULL, 'g'},
		{"reported-at", required_argument, NULL, 'r'},
		{"division", required_argument, NULL, 'v'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct xy_gen_opts g = XY_GEN_OPTS_INIT;
	const char *output = NULL;
	FILE *out = stdout;
	int c, err, reported, catalog_given = 0;

	g.reported_date = xy_today();
	while ((c = getopt_long(argc, argv, "c:n:s:i:l:g:r:v:o:h", opts,
				NULL)) != -1) {
		switch (c) {
		case 'c':
			g.catalog = optarg;
			catalog_given = 1;
			break;
		case 'n':
			if (parse_u64(optarg, &g.rows))
				return cli_usage("gen", "--rows: '%s' is not "
							"a count", optarg);
			break;
		case 's':
			if (parse_u64(optarg, &g.seed))
				return cli_usage("gen", "--seed: '%s' is not "
							"a number", optarg);
			break;
		case 'i':
		case 'l':
		case 'g':
			if (parse_rate(optarg, c == 'i'	  ? &g.invalid_rate
					       : c == 'l' ? &g.late_rate
							  : &g.gap_rate))
				return cli_usage("gen", "'%s' is not a rate "
							"between 0 and 1",
						 optarg);
			break;
		case 'r':
			if (cli_date("gen", "--reported-at", optarg,
				     &reported))
				return 2;
			g.reported_date = reported;
			break;
		case 'v':
			g.division = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return 0;
		default:
			return cli_usage("gen", "bad option");
		}
	}
	if (optind < argc)
		return cli_usage("gen", "unexpected argument '%s'",
				 argv[optind]);
	if (!catalog_given)
		return cli_usage("gen", "--catalog is required (xzxk or xzcf)");
	if (output) {
		out = fopen(output, "w");
		if (!out)
			return cli_fail("gen", xy_error_set(XY_EIO,
							    "cannot write '%s'",
							    output));
	}
	err = xy_gen_write(out, &g);
	if (output && fclose(out) != 0 && !err)
		err = xy_error_set(XY_EIO, "cannot write '%s'", output);
	return err < 0 ? cli_fail("gen", err) : 0;
}
