/*
 * cmd_subject.c - xinyong subject show [--json] CODE
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/archive.h"
#include "util/error.h"
#include "util/banned.h"

static const char help[] =
	"usage: xinyong subject show [--json] [--db URL] CODE\n"
	"       xinyong subject search [--json] [--limit N] [--db URL] TEXT\n\n"
	"show: a subject's credit archive: names it was reported under, and\n"
	"its records by category with status, version and history. CODE is\n"
	"a 统一社会信用代码, an ID number (found through the blind index;\n"
	"shown masked) or a 工商注册号.\n\n"
	"search: subjects whose names, former ones included, contain TEXT\n"
	"(full-width or half-width alike), best first; at most N (default\n"
	"20, at most 100).\n";

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static void print_fields(const struct xy_item *it, json_t *fields,
			 const char *indent)
{
	for (size_t i = 0; it && i < it->ndisplay; i++) {
		const struct xy_field *f = &it->fields[it->display[i]];
		const char *v = str(fields, f->code);

		if (*v)
			printf("%s%s: %s\n", indent, f->name, v);
	}
}

static void print_archive(struct xy_platform *p, json_t *a)
{
	json_t *s = json_object_get(a, "subject"), *cat, *rec, *v;
	size_t i, j, k;

	printf("主体 %s\n类别 %s\n", str(s, "name"), str(s, "kind"));
	if (*str(s, "uscc"))
		printf("统一社会信用代码 %s\n", str(s, "uscc"));
	if (*str(s, "regno"))
		printf("工商注册号 %s\n", str(s, "regno"));
	if (*str(s, "id_masked"))
		printf("证件号码 %s\n", str(s, "id_masked"));
	printf("报送名称:");
	json_array_foreach(json_object_get(s, "names"), i, v)
		printf("%s %s (%s)", i ? "," : "", str(v, "name"),
		       str(v, "first_seen"));
	printf("\n");
	json_array_foreach(json_object_get(a, "categories"), i, cat) {
		json_t *recs = json_object_get(cat, "records");
		const struct xy_item *it =
			xy_catalog_item(&p->cat, str(cat, "catalog"));

		printf("\n%s (%zu)\n", str(cat, "name"), json_array_size(recs));
		json_array_foreach(recs, j, rec) {
			printf("  %s  决定日期 %s  %s  %s  第%lld版%s\n",
			       str(rec, "doc_no"), str(rec, "decision_date"),
			       str(rec, "dept_name"),
			       strcmp(str(rec, "status"), "revoked") ? "有效"
								     : "已撤销",
			       (long long)json_integer_value(
				       json_object_get(rec, "version")),
			       json_is_true(json_object_get(rec, "late"))
				       ? "  迟报"
				       : "");
			print_fields(it, json_object_get(rec, "fields"),
				     "      ");
			json_array_foreach(json_object_get(rec, "history"), k,
					   v)
				printf("      历史 第%lld版 (%s, %s 被替换)\n",
				       (long long)json_integer_value(
					       json_object_get(v, "version")),
				       strcmp(str(v, "status"), "revoked")
					       ? "有效"
					       : "已撤销",
				       str(v, "replaced_at"));
		}
	}
}

static void print_hits(json_t *hits)
{
	size_t i;
	json_t *h;

	json_array_foreach(hits, i, h) {
		const char *id = str(h, "uscc");

		if (!*id)
			id = *str(h, "regno") ? str(h, "regno")
					      : str(h, "id_masked");
		printf("%s\t%s\t%s", id, str(h, "kind"), str(h, "name"));
		if (strcmp(str(h, "name"), str(h, "matched")))
			printf("\t(曾用名 %s)", str(h, "matched"));
		putchar('\n');
	}
	if (!json_array_size(hits))
		printf("(没有找到 no subject found)\n");
}

int cmd_subject(int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"limit", required_argument, NULL, 'l'},
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct xy_platform *p = NULL;
	const char *db = NULL;
	json_t *a = NULL;
	int json = 0, c, err, search, limit = 20;
	char *end;

	while ((c = getopt_long(argc, argv, "jl:d:h", opts, NULL)) != -1) {
		if (c == 'j') {
			json = 1;
		} else if (c == 'l') {
			limit = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || limit < 1 ||
			    limit > XY_SEARCH_MAX)
				return cli_usage("subject",
						 "--limit: '%s' is not a number "
						 "from 1 to %d",
						 optarg, XY_SEARCH_MAX);
		} else if (c == 'd') {
			db = optarg;
		} else if (c == 'h') {
			return fputs(help, stdout), 0;
		} else {
			return cli_usage("subject", "bad option");
		}
	}
	if (optind >= argc ||
	    (strcmp(argv[optind], "show") && strcmp(argv[optind], "search")))
		return cli_usage("subject", "expected 'show CODE' or "
					    "'search TEXT'");
	search = !strcmp(argv[optind], "search");
	if (optind + 2 != argc)
		return cli_usage("subject", "expected one %s",
				 search ? "TEXT" : "CODE");
	err = xy_platform_open(&p, cli_db(db), 0);
	if (!err && search)
		err = xy_archive_search(p, argv[optind + 1], limit, &a);
	else if (!err)
		err = xy_archive_get(p, argv[optind + 1], &a);
	if (err < 0) {
		xy_platform_free(p);
		return cli_fail("subject", err);
	}
	if (json) {
		json_dumpf(a, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		putchar('\n');
	} else if (search) {
		print_hits(a);
	} else {
		print_archive(p, a);
	}
	json_decref(a);
	xy_platform_free(p);
	return 0;
}
