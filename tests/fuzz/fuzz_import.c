/*
 * fuzz_import.c - the file readers (CSV, and XLSX when the bytes start
 * like a zip) and the validator together: arbitrary
 * bytes as a department file, imported with --dry-run semantics against
 * the real catalog (xzcf and xzcf's header chosen by the first byte).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/ingest.h"
#include "util/banned.h"

static struct xy_platform *platform;

static void on_issue(void *ctx, uint64_t line, const char *field,
		     const char *code, const char *message, int warning)
{
	(void)ctx;
	(void)warning;
	/* every issue names a code and a field and has a message */
	if (!code || !*code || !field || !message || !*message)
		abort();
	if (line == 0 && !warning)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (xy_platform_open(&platform, "unused.db", XY_PLATFORM_NO_DB) < 0) {
		fprintf(stderr, "fuzz_import: cannot load the catalog\n");
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct xy_csv_limits lim = {512, 8192, 64};
	struct xy_ingest_opts o = {0};
	struct xy_ingest_summary s;
	struct xy_rows rd;
	struct xy_ingest *in = NULL;
	const char *code;

	if (size < 1)
		return 0;
	code = data[0] & 1 ? "xzxk" : "xzcf";
	o.dry_run = 1;
	o.reported = 18992; /* 2021-12-31 */
	o.on_issue = on_issue;
	/* a workbook that is no zip is refused at open: fine */
	if (xy_rows_open_mem(&rd, data + 1, size - 1,
			     (enum xy_encoding)(data[0] >> 1) % 3, &lim) < 0) {
		xy_rows_close(&rd);
		return 0;
	}
	if (xy_ingest_open(&in, platform, code, &o) < 0)
		abort();
	xy_ingest_rows(in, &rd, "fuzz");
	if (xy_ingest_close(in, &s) < 0)
		abort();
	if (s.accepted + s.rejected != s.rows)
		abort();
	xy_rows_close(&rd);
	return 0;
}
