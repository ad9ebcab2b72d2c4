/*
 * csvread.h - a streaming reader of department CSV files, built on libcsv.
 *
 * Reads RFC 4180 CSV (Excel quoting, CRLF or LF, optional UTF-8 BOM) in
 * fixed-size chunks, so memory does not grow with the file. Fields are
 * parsed on the raw bytes (GBK/GB18030 never use the bytes , " CR LF as
 * trail bytes) and then converted to UTF-8 with iconv when the file is
 * GB18030. A byte sequence invalid in the file's encoding marks the row,
 * it does not stop the reader. A field or record over its cap marks the
 * row too long; the reader then skips to the next line.
 *
 * Empty lines are skipped. Each row knows the physical line it starts on
 * (the first line of the file is 1), counting the line breaks inside
 * quoted fields.
 */
#ifndef XY_CSVREAD_H
#define XY_CSVREAD_H

#include <stddef.h>
#include <stdint.h>

enum xy_encoding {
	XY_ENC_AUTO,  /* valid UTF-8 (with or without BOM), else GB18030 */
	XY_ENC_UTF8,  /* UTF-8 */
	XY_ENC_GBK,   /* GBK, read as its superset GB18030 */
};

/* Parses "auto", "utf-8"/"utf8", "gbk"/"gb18030"; -1 when unknown. */
int xy_encoding_parse(const char *s);
const char *xy_encoding_name(enum xy_encoding e);

struct xy_csv_limits {
	size_t max_field;  /* bytes in one field (before conversion) */
	size_t max_record; /* bytes in one record */
	size_t max_fields; /* fields in one record */
	int libcsv_only;   /* tests: no line skips libcsv (see csvread.md) */
};

#define XY_CSV_LIMITS_DEFAULT {64 * 1024, 1024 * 1024, 1024}

/*
 * The limits a reader uses: *lim (NULL: the defaults), each cap left 0
 * taking its default rather than refusing everything. The readers of
 * every file format share them.
 */
struct xy_csv_limits xy_csv_limits_or_default(const struct xy_csv_limits *lim);

enum xy_csv_row_flags {
	XY_CSV_ROW_ENCODING = 1 << 0, /* a field had an invalid sequence */
	XY_CSV_ROW_TOO_LONG = 1 << 1, /* a field or the record over its cap */
};

struct xy_csv_field {
	const char *ptr; /* UTF-8 bytes, NUL-terminated; "" when bad */
	size_t len;	 /* bytes in ptr */
	int bad;	 /* 1 when this field had an invalid sequence */
};

struct xy_csv_row {
	uint64_t line;		     /* physical line the record starts on */
	size_t nfields;		     /* entries in fields */
	struct xy_csv_field *fields; /* borrowed until the next read */
	unsigned flags;		     /* enum xy_csv_row_flags */
};

struct xy_csv_reader;

/*
 * Opens path for reading ("-" is stdin). enc XY_ENC_AUTO detects the
 * encoding from the first 64 KiB. lim NULL means the defaults. Returns 0
 * or XY_EIO with a message naming the file.
 */
int xy_csv_open(struct xy_csv_reader **out, const char *path,
		enum xy_encoding enc, const struct xy_csv_limits *lim);

/* The same over a memory buffer (borrowed for the reader's lifetime). */
int xy_csv_open_mem(struct xy_csv_reader **out, const void *data, size_t len,
		    enum xy_encoding enc, const struct xy_csv_limits *lim);

/*
 * Reads the next non-empty record. Returns 1 and points *row at it, 0 at
 * the end of the input, or a negative error (XY_EIO) when reading fails.
 */
int xy_csv_next(struct xy_csv_reader *r, const struct xy_csv_row **row);

/* The encoding in use (after detection). */
enum xy_encoding xy_csv_encoding(const struct xy_csv_reader *r);

/* Bytes consumed so far and the input's size (0 when unknown). */
uint64_t xy_csv_offset(const struct xy_csv_reader *r);
uint64_t xy_csv_size(const struct xy_csv_reader *r);

void xy_csv_free(struct xy_csv_reader *r);

#endif
