/*
 * rows.h - the rows of a department file, whatever its format.
 *
 * A file is a table: a header line, then one row per record. CSV
 * (util/csvread.h) and the first worksheet of an .xlsx workbook
 * (util/xlsxread.h) both hand out struct xy_csv_row; xy_rows_open()
 * tells them apart by their first bytes (a zip archive is a workbook),
 * so that the importer reads either without knowing which.
 */
#ifndef XY_ROWS_H
#define XY_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "util/csvread.h"

enum xy_rows_format {
	XY_ROWS_CSV,
	XY_ROWS_XLSX,
	XY_ROWS_JSONL, /* not rows: JSON Lines, read by the ingest itself */
};

/*
 * What the file at path holds, by its first bytes: a zip archive is a
 * workbook, a '{' after an optional BOM and blanks JSON Lines, anything
 * else CSV (also "-", stdin, which cannot be read twice).
 */
enum xy_rows_format xy_rows_sniff(const char *path);

struct xy_rows {
	enum xy_rows_format format;
	struct xy_csv_reader *csv;   /* XY_ROWS_CSV */
	struct xy_xlsx_reader *xlsx; /* XY_ROWS_XLSX */
};

/*
 * Opens path ("-" is stdin, read as CSV). enc applies to CSV only: a
 * workbook is always UTF-8. lim NULL means the defaults. Returns 0 or
 * XY_EIO with a message naming the file.
 */
int xy_rows_open(struct xy_rows *out, const char *path, enum xy_encoding enc,
		 const struct xy_csv_limits *lim);

/* The same over a memory buffer (borrowed for the reader's lifetime). */
int xy_rows_open_mem(struct xy_rows *out, const void *data, size_t len,
		     enum xy_encoding enc, const struct xy_csv_limits *lim);

/* The next row: 1 and *row, 0 at the end, < 0 when reading fails. */
int xy_rows_next(struct xy_rows *r, const struct xy_csv_row **row);

/* Progress: bytes consumed so far and the total (0 when unknown). */
uint64_t xy_rows_offset(const struct xy_rows *r);
uint64_t xy_rows_size(const struct xy_rows *r);

/* "csv" or "xlsx". */
const char *xy_rows_format_name(const struct xy_rows *r);

/* Closes the reader; the struct may be reopened. */
void xy_rows_close(struct xy_rows *r);

#endif
