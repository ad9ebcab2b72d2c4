/*
 * cmd_import.c - xinyong import --catalog xzxk|xzcf [options] FILE...
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <jansson.h>

#include "cli/cli.h"
#include "service/ingest.h"
#include "util/error.h"
#include "util/banned.h"

static const char help[] =
	"usage: xinyong import --catalog xzxk|xzcf [options] FILE...\n\n"
	"Validates department files (CSV, the first worksheet of an .xlsx\n"
	"workbook, or JSON Lines: one record per line, keyed by standard\n"
	"codes or names, as `export --format jsonl` writes them; told apart\n"
	"by their first bytes) against the national 双公示 standard and\n"
	"stores the valid records in the credit archive.\n"
	"Importing the same file again changes nothing; changed records\n"
	"become new versions with history.\n\n"
	"options:\n"
	"  --catalog CODE       xzxk (行政许可) or xzcf (行政处罚); required\n"
	"  --encoding ENC       of a CSV file: auto (default), utf-8 or gbk\n"
	"  --reported-at DATE   the reported date (default: today)\n"
	"  --dry-run            validate only; the database is not touched\n"
	"                       (new/updated/unchanged are then 0; late\n"
	"                       counts valid rows past their deadline)\n"
	"  --report FILE        write every issue as CSV line,field,code,message:\n"
	"                       the errors of rejected rows and the warnings\n"
	"                       (orgcode_checksum) of accepted ones\n"
	"  --json               print the summary as one JSON object\n"
	"  --db URL             database (default $XINYONG_DB or\n"
	"                       data/xinyong.db)\n\n"
	"Exit status 0 when the files were processed, even with rejected\n"
	"rows; non-zero when the import itself could not run.\n";

/* What the issue and progress callbacks write to. */
struct sink {
	FILE *report;	   /* --report, or NULL */
	int progress;	   /* stderr is a terminal */
	const char *file;  /* being read */
};

static void put_field(FILE *f, const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n"))
		csv_fwrite(f, s, strlen(s));
	else
		fputs(s, f);
	fputc(last ? '\n' : ',', f);
}

static void on_issue(void *ctx, uint64_t line, const char *field,
		     const char *code, const char *message, int warning)
{
	struct sink *s = ctx;

	if (line == 0) {
		fprintf(stderr, "%swarning: %s: %s\n", s->progress ? "\r" : "",
			s->file, message);
		return;
	}
	(void)warning;
	if (!s->report)
		return;
	fprintf(s->report, "%llu,", (unsigned long long)line);
	put_field(s->report, field, 0);
	put_field(s->report, code, 0);
	put_field(s->report, message, 1);
}

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct sink *s = ctx;
	int pct = total ? (int)(done * 100 / total) : 0;
	char bar[31];

	if (!s->progress)
		return;
	memset(bar, ' ', 30);
	memset(bar, '#', (size_t)(pct * 30 / 100));
	bar[30] = '\0';
	fprintf(stderr, "\r%s [%s] %3d%%", s->file, bar, pct);
	if (done >= total && total)
		fputc('\n', stderr);
}

static void add(struct xy_ingest_summary *a, const struct xy_ingest_summary *b)
{
	a->rows += b->rows;
	a->accepted += b->accepted;
	a->rejected += b->rejected;
	a->new_ += b->new_;
	a->updated += b->updated;
	a->unchanged += b->unchanged;
	a->late += b->late;
	a->warnings += b->warnings;
}

static void print_summary(const struct xy_ingest_summary *s, int json,
			  int dry_run)
{
	if (json) {
		json_t *o = json_pack(
			"{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:b}",
			"rows", (json_int_t)s->rows, "accepted",
			(json_int_t)s->accepted, "rejected",
			(json_int_t)s->rejected, "new", (json_int_t)s->new_,
			"updated", (json_int_t)s->updated, "unchanged",
			(json_int_t)s->unchanged, "late", (json_int_t)s->late,
			"warnings", (json_int_t)s->warnings, "dry_run",
			dry_run);

		json_dumpf(o, stdout, JSON_COMPACT);
		fputc('\n', stdout);
		json_decref(o);
		return;
	}
	printf("行数 rows %llu  接收 accepted %llu (新增 new %llu, 更新 "
	       "updated %llu, 未变 unchanged %llu)  拒收 rejected %llu  迟报 "
	       "late %llu  警告 warnings %llu%s\n",
	       (unsigned long long)s->rows, (unsigned long long)s->accepted,
	       (unsigned long long)s->new_, (unsigned long long)s->updated,
	       (unsigned long long)s->unchanged,
	       (unsigned long long)s->rejected, (unsigned long long)s->late,
	       (unsigned long long)s->warnings, dry_run ? "  (dry run)" : "");
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{"catalog", required_argument, NULL, 'c'},
		{"encoding", required_argument, NULL, 'e'},
		{"reported-at", required_argument, NULL, 'r'},
		{"dry-run", no_argument, NULL, 'n'},
		{"report", required_argument, NULL, 'o'},
		{"json", no_argument, NULL, 'j'},
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct xy_ingest_opts o = {0};
	struct xy_ingest_summary total = {0};
	struct xy_platform *p = NULL;
	struct sink sink = {NULL, 0, NULL};
	const char *catalog = NULL, *db = NULL, *report = NULL;
	int json = 0, c, err = 0, rc = 0, enc, reported;

	o.reported = xy_today();
	o.encoding = XY_ENC_AUTO;
	while ((c = getopt_long(argc, argv, "c:e:r:no:jd:h", opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'c':
			catalog = optarg;
			break;
		case 'e':
			enc = xy_encoding_parse(optarg);
			if (enc < 0)
				return cli_usage("import",
						 "unknown encoding '%s' (auto, "
						 "utf-8 or gbk)",
						 optarg);
			o.encoding = (enum xy_encoding)enc;
			break;
		case 'r':
			if (cli_date("import", "--reported-at", optarg,
				     &reported))
				return 2;
			o.reported = reported;
			break;
		case 'n':
			o.dry_run = 1;
			break;
		case 'o':
			report = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'd':
			db = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return 0;
		default:
			return cli_usage("import", "bad option");
		}
	}
	if (!catalog)
		return cli_usage("import", "--catalog is required (xzxk or "
					   "xzcf)");
	if (optind >= argc)
		return cli_usage("import", "no file given");
	err = xy_platform_open(&p, cli_db(db),
			       o.dry_run ? XY_PLATFORM_NO_DB : 0);
	if (err < 0)
		return cli_fail("import", err);
	if (!xy_catalog_item(&p->cat, catalog)) {
		xy_platform_free(p);
		return cli_usage("import", "unknown catalog '%s'", catalog);
	}
	if (report) {
		sink.report = fopen(report, "w");
		if (!sink.report) {
			err = xy_error_set(XY_EIO, "cannot write '%s'", report);
			goto done;
		}
		fputs("line,field,code,message\n", sink.report);
	}
	sink.progress = isatty(2);
	o.on_issue = on_issue;
	o.on_progress = on_progress;
	o.ctx = &sink;
	for (int i = optind; i < argc && !err; i++) {
		struct xy_ingest *in = NULL;
		struct xy_ingest_summary s;

		sink.file = argv[i];
		o.source = argv[i];
		err = xy_ingest_open(&in, p, catalog, &o);
		if (!err)
			err = xy_ingest_file(in, argv[i]);
		if (err < 0) {
			xy_ingest_close(in, NULL);
			break;
		}
		err = xy_ingest_close(in, &s);
		if (!err)
			add(&total, &s);
	}
done:
	if (sink.report && fclose(sink.report) != 0 && !err)
		err = xy_error_set(XY_EIO, "cannot write '%s'", report);
	if (err < 0)
		rc = cli_fail("import", err);
	else
		print_summary(&total, json, o.dry_run);
	xy_platform_free(p);
	return rc;
}
