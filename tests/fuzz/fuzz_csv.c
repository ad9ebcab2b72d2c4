/*
 * fuzz_csv.c - libFuzzer harness for the CSV reader (util/csvread.h) and
 * the normalisation of what it returns (util/utf8.h).
 *
 * The first byte picks the encoding, the rest is the file. Small caps
 * make the too-long paths and the resync common. Checked for every row:
 * lines only go forward and stay within the input's line breaks, fields
 * are NUL-terminated UTF-8, a bad field is "" in a row flagged ENCODING,
 * a row flagged TOO_LONG has no fields, caps hold; xy_utf8_valid agrees
 * with utf8proc, and normalising a field succeeds and gives UTF-8 no
 * longer than the field.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util/buf.h"
#include "util/csvread.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* utf8proc's decoder, one code point at a time: the reference. */
static int valid_ref(const uint8_t *s, size_t len)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;
	size_t i = 0;

	while (i < len) {
		k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0)
			return 0;
		i += (size_t)k;
	}
	return 1;
}

static void check_field(const struct xy_csv_row *row,
			const struct xy_csv_field *f,
			const struct xy_csv_limits *lim, struct xy_buf *norm)
{
	if (f->ptr[f->len] != '\0')
		abort();
	if (f->bad && (f->len || !(row->flags & XY_CSV_ROW_ENCODING)))
		abort();
	/* GB18030 grows by half at most */
	if (f->len > lim->max_field + lim->max_field / 2)
		abort();
	if (!xy_utf8_valid(f->ptr, f->len) ||
	    !valid_ref((const uint8_t *)f->ptr, f->len))
		abort();
	xy_buf_reset(norm);
	if (xy_utf8_normalize(norm, f->ptr, f->len) != 0)
		abort();
	if (norm->len > f->len || !xy_utf8_valid(norm->ptr, norm->len))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum xy_encoding encs[] = {XY_ENC_AUTO, XY_ENC_UTF8,
						XY_ENC_GBK};
	const struct xy_csv_limits lim = {256, 2048, 64};
	struct xy_buf norm = XY_BUF_INIT;
	struct xy_csv_reader *r = NULL;
	const struct xy_csv_row *row;
	uint64_t last = 0, breaks = 0;
	int rc;

	if (size < 1)
		return 0;
	if (xy_utf8_valid((const char *)data, size) != valid_ref(data, size))
		abort();
	for (size_t i = 1; i < size; i++)
		breaks += data[i] == '\n' || data[i] == '\r';
	if (xy_csv_open_mem(&r, data + 1, size - 1, encs[data[0] % 3], &lim))
		abort();
	while ((rc = xy_csv_next(r, &row)) == 1) {
		if (row->line < 1 || row->line < last || row->line > breaks + 1)
			abort();
		last = row->line;
		if (row->flags &
		    ~(unsigned)(XY_CSV_ROW_ENCODING | XY_CSV_ROW_TOO_LONG))
			abort();
		if (row->nfields > lim.max_fields)
			abort();
		if ((row->flags & XY_CSV_ROW_TOO_LONG) && row->nfields)
			abort();
		for (size_t i = 0; i < row->nfields; i++)
			check_field(row, &row->fields[i], &lim, &norm);
		if (xy_csv_offset(r) > size - 1)
			abort();
	}
	if (rc != 0 || xy_csv_offset(r) != size - 1)
		abort();
	xy_csv_free(r);
	xy_buf_dispose(&norm);
	return 0;
}
