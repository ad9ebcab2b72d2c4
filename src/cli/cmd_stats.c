/*
 * cmd_stats.c - xinyong stats [--json] [--from DATE] [--to DATE]
 *               [--dept USCC] [--db URL]
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#include "cli/cli.h"
#include "core/date.h"
#include "service/stats.h"
#include "util/error.h"
#include "util/banned.h"

static const char help[] =
	"usage: xinyong stats [--json] [--from DATE] [--to DATE] "
	"[--dept USCC] [--db URL]\n\n"
	"Reporting quality per department and catalog item, over the records\n"
	"reported between --from and --to (default: everything):\n"
	"  接收 received   valid records + rejected rows\n"
	"  有效 valid      records that passed validation\n"
	"  合规率          valid / received (target ≥ 98%)\n"
	"  迟报 late       valid records reported after their deadline\n"
	"  迟报率          late / valid (target ≤ 5%)\n"
	"  疑似瞒报        numbers missing in the yearly document-number\n"
	"                  sequence (listed with --json)\n"
	"  双清零          no late and no suspected concealed record\n";

/* Display width of a UTF-8 string (CJK characters are 2 columns). */
static int width(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c;
	int w = 0;
	utf8proc_ssize_t n;

	while (*p && (n = utf8proc_iterate(p, -1, &c)) > 0) {
		w += utf8proc_charwidth(c);
		p += n;
	}
	return w;
}

/* Prints s left-aligned in cols display columns. */
static void cell(const char *s, int cols)
{
	int pad = cols - width(s);

	fputs(s, stdout);
	while (pad-- > 0)
		putchar(' ');
}

static void pct(char *out, size_t n, json_t *v)
{
	if (json_is_null(v))
		snprintf(out, n, "-");
	else
		snprintf(out, n, "%.2f%%", json_real_value(v) * 100);
}

static void print_table(json_t *rows)
{
	size_t i;
	json_t *r;
	int name_w = 8;

	json_array_foreach(rows, i, r) {
		const char *name =
			json_string_value(json_object_get(r, "dept_name"));
		int w = width(name ? name : "(未登记)");

		if (w > name_w)
			name_w = w;
	}
	cell("部门", name_w + 2);
	cell("统一社会信用代码", 20);
	cell("目录", 6);
	printf("%8s %8s %8s %6s %8s %8s  %s\n", "接收", "有效", "合规率",
	       "迟报", "迟报率", "疑似瞒报", "双清零");
	json_array_foreach(rows, i, r) {
		const char *name =
			json_string_value(json_object_get(r, "dept_name"));
		const char *dept = json_string_value(json_object_get(r, "dept"));
		char c[16], l[16];

		pct(c, sizeof(c), json_object_get(r, "compliance"));
		pct(l, sizeof(l), json_object_get(r, "late_rate"));
		cell(name ? name : "(未登记)", name_w + 2);
		cell(*dept ? dept : "(无代码)", 20);
		cell(json_string_value(json_object_get(r, "catalog")), 6);
		printf("%10lld %10lld %10s %8lld %10s %12lld  %s\n",
		       (long long)json_integer_value(
			       json_object_get(r, "received")),
		       (long long)json_integer_value(
			       json_object_get(r, "valid")),
		       c,
		       (long long)json_integer_value(json_object_get(r, "late")),
		       l,
		       (long long)json_integer_value(
			       json_object_get(r, "concealed")),
		       json_is_true(json_object_get(r, "double_zero")) ? "是"
								       : "否");
	}
	if (!json_array_size(rows))
		printf("(没有记录 no records)\n");
}

int cmd_stats(int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"dept", required_argument, NULL, 'p'},
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct xy_stats_query q = {INT32_MIN + 1, INT32_MAX, NULL};
	struct xy_platform *p = NULL;
	const char *db = NULL;
	json_t *rows = NULL;
	int json = 0, c, err, d;

	while ((c = getopt_long(argc, argv, "jf:t:p:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'f':
		case 't':
			if (cli_date("stats", c == 'f' ? "--from" : "--to",
				     optarg, &d))
				return 2;
			*(c == 'f' ? &q.from : &q.to) = d;
			break;
		case 'p':
			q.dept = optarg;
			break;
		case 'd':
			db = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return 0;
		default:
			return cli_usage("stats", "bad option");
		}
	}
	if (optind < argc)
		return cli_usage("stats", "unexpected argument '%s'",
				 argv[optind]);
	if (q.from > q.to)
		return cli_usage("stats", "--from is after --to");
	err = xy_platform_open(&p, cli_db(db), 0);
	if (!err)
		err = xy_stats_compute(p, &q, &rows);
	if (err < 0) {
		xy_platform_free(p);
		return cli_fail("stats", err);
	}
	if (json) {
		json_dumpf(rows, stdout, JSON_INDENT(1) | JSON_REAL_PRECISION(6));
		putchar('\n');
	} else {
		print_table(rows);
	}
	json_decref(rows);
	xy_platform_free(p);
	return 0;
}
