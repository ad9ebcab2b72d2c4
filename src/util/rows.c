/*
 * rows.c - CSV or workbook, chosen by the first bytes.
 */
#include <stdio.h>
#include <string.h>

#include "util/error.h"
#include "util/rows.h"
#include "util/xlsxread.h"
#include "util/banned.h"

enum xy_rows_format xy_rows_sniff(const char *path)
{
	unsigned char head[512];
	size_t n = 0, i = 0;
	FILE *f;

	if (!strcmp(path, "-"))
		return XY_ROWS_CSV; /* a pipe cannot be sniffed and read again */
	f = fopen(path, "rb");
	if (!f)
		return XY_ROWS_CSV; /* the CSV reader says why */
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	if (xy_xlsx_sniff(head, n))
		return XY_ROWS_XLSX;
	if (n >= 3 && !memcmp(head, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < n && (head[i] == ' ' || head[i] == '\t' ||
			 head[i] == '\r' || head[i] == '\n'))
		i++;
	return i < n && head[i] == '{' ? XY_ROWS_JSONL : XY_ROWS_CSV;
}

int xy_rows_open(struct xy_rows *out, const char *path, enum xy_encoding enc,
		 const struct xy_csv_limits *lim)
{
	memset(out, 0, sizeof(*out));
	if (xy_rows_sniff(path) == XY_ROWS_XLSX) {
		out->format = XY_ROWS_XLSX;
		return xy_xlsx_open(&out->xlsx, path, lim);
	}
	out->format = XY_ROWS_CSV;
	return xy_csv_open(&out->csv, path, enc, lim);
}

int xy_rows_open_mem(struct xy_rows *out, const void *data, size_t len,
		     enum xy_encoding enc, const struct xy_csv_limits *lim)
{
	memset(out, 0, sizeof(*out));
	if (xy_xlsx_sniff(data, len)) {
		out->format = XY_ROWS_XLSX;
		return xy_xlsx_open_mem(&out->xlsx, data, len, lim);
	}
	out->format = XY_ROWS_CSV;
	return xy_csv_open_mem(&out->csv, data, len, enc, lim);
}

int xy_rows_next(struct xy_rows *r, const struct xy_csv_row **row)
{
	if (r->format == XY_ROWS_XLSX)
		return xy_xlsx_next(r->xlsx, row);
	return xy_csv_next(r->csv, row);
}

uint64_t xy_rows_offset(const struct xy_rows *r)
{
	return r->format == XY_ROWS_XLSX ? xy_xlsx_offset(r->xlsx)
					 : xy_csv_offset(r->csv);
}

uint64_t xy_rows_size(const struct xy_rows *r)
{
	return r->format == XY_ROWS_XLSX ? xy_xlsx_size(r->xlsx)
					 : xy_csv_size(r->csv);
}

const char *xy_rows_format_name(const struct xy_rows *r)
{
	return r->format == XY_ROWS_XLSX ? "xlsx" : "csv";
}

void xy_rows_close(struct xy_rows *r)
{
	xy_xlsx_free(r->xlsx);
	xy_csv_free(r->csv);
	memset(r, 0, sizeof(*r));
}
