/*
 * xlsxread.h - a streaming reader of the first worksheet of an .xlsx file,
 * built on minizip and expat.
 *
 * Hands out rows of the same types as csvread.h, so that the import reads
 * either. The first visible worksheet is found through the package and
 * workbook relationships; shared strings and the date styles are loaded
 * at open; the sheet itself is parsed in fixed-size chunks and one row at
 * a time, so memory does not grow with the number of rows.
 *
 * Cell values come out as text: strings as stored (UTF-8), numbers in
 * plain decimal with at most 15 significant digits (integers written as
 * digits are passed through as written), booleans as "TRUE"/"FALSE",
 * errors as their text ("#N/A"), and numbers in a date format as
 * "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS". A missing cell is an empty
 * field; trailing empty cells are dropped and a row with no value is not
 * handed out. Each row's line is its row number in the spreadsheet.
 * A field, record or column count over its cap marks the row too long
 * (XY_CSV_ROW_TOO_LONG, no fields), as in csvread. XY_CSV_ROW_ENCODING
 * is never set: expat refuses input that is not well-formed.
 *
 * docs/internals/xlsxread.md has the details and the limits.
 */
#ifndef XY_XLSXREAD_H
#define XY_XLSXREAD_H

#include <stddef.h>
#include <stdint.h>

#include "util/csvread.h"

struct xy_xlsx_reader;

/*
 * Opens the workbook at path ("-" is stdin, which must then be a file)
 * and prepares its first worksheet. lim NULL means the defaults of
 * csvread. Returns 0, XY_EIO with a message naming the file when it
 * cannot be read or is not an xlsx workbook, or XY_ETOOBIG when a part
 * is over its cap (shared strings over 64 MiB, say).
 */
int xy_xlsx_open(struct xy_xlsx_reader **out, const char *path,
		 const struct xy_csv_limits *lim);

/* The same over a memory buffer (borrowed for the reader's lifetime). */
int xy_xlsx_open_mem(struct xy_xlsx_reader **out, const void *data, size_t len,
		     const struct xy_csv_limits *lim);

/*
 * Reads the next row that has a value. Returns 1 and points *row at it
 * (borrowed until the next call), 0 at the end of the sheet, or a
 * negative error (XY_EIO, XY_ETOOBIG) when the sheet turns out damaged;
 * the rows handed out before stay valid data, and every later call
 * returns the same error.
 */
int xy_xlsx_next(struct xy_xlsx_reader *r, const struct xy_csv_row **row);

/*
 * Progress: compressed bytes of the sheet consumed so far, and the
 * compressed size of the sheet. offset equals size at the end.
 */
uint64_t xy_xlsx_offset(const struct xy_xlsx_reader *r);
uint64_t xy_xlsx_size(const struct xy_xlsx_reader *r);

/* The zip name of the sheet being read ("xl/worksheets/sheet1.xml"). */
const char *xy_xlsx_sheet(const struct xy_xlsx_reader *r);

void xy_xlsx_free(struct xy_xlsx_reader *r);

/* 1 when the len bytes at head start like a zip archive ("PK\3\4"). */
int xy_xlsx_sniff(const void *head, size_t len);

#endif
