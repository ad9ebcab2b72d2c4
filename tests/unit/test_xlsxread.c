/*
 * test_xlsxread.c - the streaming xlsx reader (util/xlsxread.h): finding
 * the sheet, strings, numbers and dates, cell positions, caps, damaged
 * and hostile archives.
 *
 * The small workbooks are in tests/data/xlsx (made by make.py there);
 * the large and hostile ones are written here with minizip's zip writer.
 * Most cases render every row as one line of text,
 * "<line>:<field>|<field>...", with " !T" for a row too long and \n, \r
 * spelt out, as test_csvread.c does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <minizip/zip.h>

#include "util/buf.h"
#include "util/csvread.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/xlsxread.h"
#include "util/banned.h"

#define MAIN_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL_NS                                                                 \
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* A workbook with one sheet and no rels: the sheet is sheet1.xml. */
static const char workbook_xml[] =
    "<workbook xmlns=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\"><sheets>"
    "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static void render_row(struct xy_buf *out, const struct xy_csv_row *row)
{
	const struct xy_csv_field *f;
	size_t i, j;

	xy_buf_addf(out, "%llu:", (unsigned long long)row->line);
	for (i = 0; i < row->nfields; i++) {
		f = &row->fields[i];
		if (i)
			xy_buf_addch(out, '|');
		/* every field is NUL-terminated UTF-8, never bad */
		assert_int_equal(f->ptr[f->len], '\0');
		assert_true(xy_utf8_valid(f->ptr, f->len));
		assert_int_equal(f->bad, 0);
		for (j = 0; j < f->len; j++) {
			if (f->ptr[j] == '\n')
				xy_buf_adds(out, "\\n");
			else if (f->ptr[j] == '\r')
				xy_buf_adds(out, "\\r");
			else
				xy_buf_addch(out, f->ptr[j]);
		}
	}
	assert_false(row->flags & XY_CSV_ROW_ENCODING);
	if (row->flags & XY_CSV_ROW_TOO_LONG) {
		assert_int_equal(row->nfields, 0);
		xy_buf_adds(out, " !T");
	} else {
		/* no empty row, no trailing empty field */
		assert_true(row->nfields > 0);
		assert_true(row->fields[row->nfields - 1].len > 0);
	}
	xy_buf_addch(out, '\n');
}

/* Every row of the reader; checks the lines only go forward. */
static char *render_all(struct xy_xlsx_reader *r)
{
	struct xy_buf out = XY_BUF_INIT;
	const struct xy_csv_row *row;
	uint64_t last = 0;
	int rc;

	while ((rc = xy_xlsx_next(r, &row)) == 1) {
		assert_true(row->line > last);
		last = row->line;
		render_row(&out, row);
	}
	assert_int_equal(rc, 0);
	assert_null(row);
	assert_int_equal(xy_xlsx_next(r, &row), 0); /* and stays at the end */
	assert_true(xy_xlsx_size(r) > 0);
	assert_int_equal(xy_xlsx_offset(r), xy_xlsx_size(r));
	return xy_buf_detach(&out, NULL);
}

/* tests/data/xlsx/<name> */
static char *fixture(const char *name)
{
	const char *root = getenv("XY_SOURCE_DIR");
	struct xy_buf b = XY_BUF_INIT;

	xy_buf_addf(&b, "%s/tests/data/xlsx/%s", root ? root : ".", name);
	return xy_buf_detach(&b, NULL);
}

static void *slurp(const char *path, size_t *len)
{
	struct xy_buf b = XY_BUF_INIT;
	char chunk[4096];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		fail_msg("cannot open '%s' (is XY_SOURCE_DIR set?)", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		xy_buf_add(&b, chunk, n);
	fclose(f);
	return xy_buf_detach(&b, len);
}

static void *load_fixture(const char *name, size_t *len)
{
	char *path = fixture(name);
	void *data = slurp(path, len);

	free(path);
	return data;
}

/* Renders the fixture, read from memory, and compares with want. */
static void rows_are(const char *name, const struct xy_csv_limits *lim,
		     const char *want)
{
	struct xy_xlsx_reader *r;
	size_t len;
	void *data = load_fixture(name, &len);
	char *got;

	if (xy_xlsx_open_mem(&r, data, len, lim) < 0)
		fail_msg("%s: %s", name, xy_error_msg());
	got = render_all(r);
	assert_string_equal(got, want);
	xy_xlsx_free(r);
	free(got);
	free(data);
}

/* Opens the fixture from memory, expecting err with message msg. */
static void open_fails(const void *data, size_t len, int err, const char *msg)
{
	struct xy_xlsx_reader *r = (struct xy_xlsx_reader *)(uintptr_t)1;

	assert_int_equal(xy_xlsx_open_mem(&r, data, len, NULL), err);
	assert_null(r);
	assert_string_equal(xy_error_msg(), msg);
}

/* ---- archives written here ---- */

struct zw {
	char path[64]; /* the temporary file */
	zipFile zf;    /* the writer */
};

static void zw_open(struct zw *w)
{
	int fd;

	snprintf(w->path, sizeof(w->path), "/tmp/test_xlsxread_XXXXXX");
	fd = mkstemp(w->path);
	assert_true(fd >= 0);
	close(fd);
	w->zf = zipOpen64(w->path, APPEND_STATUS_CREATE);
	assert_non_null(w->zf);
}

/* Starts a part; method 0 stores it, Z_DEFLATED compresses it. */
static void zw_part(struct zw *w, const char *name, int method)
{
	zip_fileinfo zi;

	memset(&zi, 0, sizeof(zi));
	assert_int_equal(zipOpenNewFileInZip64(w->zf, name, &zi, NULL, 0, NULL,
					       0, NULL, method, 1, 0),
			 ZIP_OK);
}

static void zw_write(struct zw *w, const char *s, size_t len)
{
	assert_int_equal(zipWriteInFileInZip(w->zf, s, (unsigned)len), ZIP_OK);
}

static void zw_end_part(struct zw *w)
{
	assert_int_equal(zipCloseFileInZip(w->zf), ZIP_OK);
}

static void zw_add(struct zw *w, const char *name, const char *s)
{
	zw_part(w, name, Z_DEFLATED);
	zw_write(w, s, strlen(s));
	zw_end_part(w);
}

static void zw_close(struct zw *w)
{
	assert_int_equal(zipClose(w->zf, NULL), ZIP_OK);
}

/*
 * A workbook whose sheet1.xml is head, then rep n times, then tail,
 * stored or deflated.
 */
static void make_sheet(struct zw *w, const char *head, const char *rep,
		       size_t n, const char *tail, int method)
{
	zw_open(w);
	zw_add(w, "xl/workbook.xml", workbook_xml);
	zw_part(w, "xl/worksheets/sheet1.xml", method);
	zw_write(w, head, strlen(head));
	for (size_t i = 0; i < n; i++)
		zw_write(w, rep, strlen(rep));
	zw_write(w, tail, strlen(tail));
	zw_end_part(w);
	zw_close(w);
}

/* ---- finding the sheet ---- */

static void test_xlsxread__strings(void **state)
{
	(void)state;
	/* the sheet is data.xml, the first in the workbook, not sheet1.xml */
	rows_are("strings.xlsx", NULL,
		 "1:行政相对人名称|统一社会信用代码|证件号码|备注\n"
		 "2:济南槐荫宏达商贸有限公司|91370104MA3C00011C|"
		 "370104198503151232|甲 乙 \n"
		 "3:A&B <C> \"D\"|公式结果||  两端空格  \n"
		 "4:第一行\\r\\n第二行|内联||_x0041_\n");
}

static void test_xlsxread__hidden_sheet(void **state)
{
	struct xy_xlsx_reader *r;
	char *path = fixture("hidden.xlsx");
	char *got;

	(void)state;
	/*
	 * xl/book.xml through _rels/.rels; the hidden sheet and the chart
	 * sheet before it are passed over; an absolute target
	 */
	assert_int_equal(xy_xlsx_open(&r, path, NULL), 0);
	assert_string_equal(xy_xlsx_sheet(r), "xl/worksheets/sheet2.xml");
	got = render_all(r);
	assert_string_equal(got, "1:data\n");
	free(got);
	xy_xlsx_free(r);
	free(path);
}

static void test_xlsxread__fallback_1904(void **state)
{
	(void)state;
	/* no rels at all: the usual names; the 1904 date system */
	rows_are("fallback.xlsx", NULL, "1:2026-03-05|x|18:00:00\n");
}

/* ---- values ---- */

static void test_xlsxread__numbers(void **state)
{
	(void)state;
	rows_are("numbers.xlsx", NULL,
		 /* integers, with or without ".0" and exponent */
		 "1:3000|3000|1000|-42|7|0|0\n"
		 /* decimals: 15 significant digits, as Excel shows them */
		 "2:1234.5|0.1|1234.56|0.0015|-0.25|2.5e-10|12\n"
		 /* digits as written; 15 digits and zeros from an exponent */
		 "3:913701040000000000|913701040000000000|"
		 "370104198503151000|1e+21|123456789012346000\n"
		 /* built-in 14, 22, 31, custom formats, a repeated id */
		 "4:2026-03-05|2026-03-05|2026-03-05 12:00:00|"
		 "2026-03-05 18:00:00|2021-06-30|2026-03-05|12:00:00|"
		 "1900-02-29|1900-02-28|1900-03-01|1900-01-01|2026-03-06|"
		 "2026-03-05\n"
		 /*
		  * not dates: 0.00"元", [h]:mm:ss, 0.00, 46 ([h]:mm:ss), a
		  * string, style out of range, negative, not a number,
		  * [Red] with escapes, General, built-in 45 redefined
		  */
		 "5:46086|1.5|46086|1.25|2026-03-05|46086|-1|abc|46086|46086|"
		 "46086\n"
		 /* booleans, errors, t="d", a formula without a value */
		 "6:TRUE|FALSE|#N/A|#DIV/0!|2026-03-05|2026-03-05 08:30:00|12||"
		 "9\n");
}

static void test_xlsxread__layout(void **state)
{
	(void)state;
	rows_are("layout.xlsx", NULL,
		 /* missing cells are empty fields in their places */
		 "1:a||c\n"
		 "2:|b|||e\n"
		 /* row 3 has no value; row 4 is not there */
		 "5:five\n"
		 /* no r: the next row, the next column */
		 "6:x|y\n"
		 "9:p|n1||q|n2\n"
		 /* r=8 after 9 counts on */
		 "10:back\n"
		 /* XFD12 has a value beyond max_fields; XFD13 has none */
		 "12: !T\n"
		 "13:ok\n"
		 /* a cell out of order takes the next column */
		 "14:||c|a\n");
}

static void test_xlsxread__bad_sst_index(void **state)
{
	(void)state;
	/* out of range, not a number, negative, huge: empty fields */
	rows_are("badsst.xlsx", NULL, "1:zero||||one\n");
}

/* ---- caps ---- */

static void test_xlsxread__field_too_long(void **state)
{
	struct xy_csv_limits lim = {16, 1024 * 1024, 1024};

	(void)state;
	/*
	 * shared strings over 16 bytes (21 and 36 bytes), an inline string
	 * of 18 bytes, a string of 20; row 3 has 11, 12 and 16
	 */
	rows_are("strings.xlsx", &lim,
		 "1: !T\n"
		 "2: !T\n"
		 "3:A&B <C> \"D\"|公式结果||  两端空格  \n"
		 "4: !T\n");
}

static void test_xlsxread__short_field_from_long_text(void **state)
{
	struct xy_csv_limits lim = {4, 1024 * 1024, 1024};

	(void)state;
	/* "3000.0" and "1.0E+3" are 6 bytes, their fields 4 */
	rows_are("numbers.xlsx", &lim,
		 "1:3000|3000|1000|-42|7|0|0\n"
		 "2: !T\n"
		 "3: !T\n"
		 "4: !T\n"
		 "5: !T\n"
		 "6: !T\n");
}

static void test_xlsxread__record_too_long(void **state)
{
	struct xy_csv_limits lim = {64 * 1024, 40, 1024};

	(void)state;
	/* 63 and 79 bytes of fields; 39 and 33 */
	rows_are("strings.xlsx", &lim,
		 "1: !T\n"
		 "2: !T\n"
		 "3:A&B <C> \"D\"|公式结果||  两端空格  \n"
		 "4:第一行\\r\\n第二行|内联||_x0041_\n");
}

static void test_xlsxread__too_many_fields(void **state)
{
	struct xy_csv_limits lim = {4, 1024 * 1024, 3};

	(void)state;
	/* a value in column D or beyond is over 3 fields */
	rows_are("layout.xlsx", &lim,
		 "1:a||c\n"
		 "2: !T\n"
		 "5:five\n"
		 "6:x|y\n"
		 "9: !T\n"
		 "10:back\n"
		 "12: !T\n"
		 "13:ok\n"
		 "14: !T\n");
}

/* ---- input ---- */

static void test_xlsxread__file(void **state)
{
	struct xy_xlsx_reader *r;
	char *path = fixture("strings.xlsx");
	size_t len;
	void *data = slurp(path, &len);
	char *from_file, *from_mem;
	struct stat st;

	(void)state;
	assert_int_equal(xy_xlsx_open(&r, path, NULL), 0);
	assert_string_equal(xy_xlsx_sheet(r), "xl/worksheets/data.xml");
	assert_int_equal(xy_xlsx_offset(r), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(xy_xlsx_size(r) < (uint64_t)st.st_size);
	from_file = render_all(r);
	xy_xlsx_free(r);

	assert_int_equal(xy_xlsx_open_mem(&r, data, len, NULL), 0);
	from_mem = render_all(r);
	xy_xlsx_free(r);
	assert_string_equal(from_file, from_mem);
	free(from_file);
	free(from_mem);
	free(data);
	free(path);
}

static void test_xlsxread__many_rows(void **state)
{
	const struct xy_csv_row *row;
	struct xy_xlsx_reader *r;
	struct zw w;
	uint64_t last = 0, n = 0;
	int rc;

	(void)state;
	/* 100000 rows without r, in a sheet of some 6 MB */
	make_sheet(&w, "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>",
		   "<row><c t=\"inlineStr\"><is><t>名称</t></is></c>"
		   "<c><v>1234.5</v></c><c><v>7</v></c></row>",
		   100000, "</sheetData></worksheet>", Z_DEFLATED);
	assert_int_equal(xy_xlsx_open(&r, w.path, NULL), 0);
	while ((rc = xy_xlsx_next(r, &row)) == 1) {
		n++;
		assert_int_equal(row->line, n);
		assert_int_equal(row->nfields, 3);
		assert_string_equal(row->fields[0].ptr, "名称");
		assert_string_equal(row->fields[1].ptr, "1234.5");
		assert_string_equal(row->fields[2].ptr, "7");
		/* progress goes forward, within the sheet */
		assert_true(xy_xlsx_offset(r) >= last);
		last = xy_xlsx_offset(r);
		assert_true(last <= xy_xlsx_size(r));
	}
	assert_int_equal(rc, 0);
	assert_int_equal(n, 100000);
	assert_int_equal(xy_xlsx_offset(r), xy_xlsx_size(r));
	assert_string_equal(xy_xlsx_sheet(r), "xl/worksheets/sheet1.xml");
	xy_xlsx_free(r);
	unlink(w.path);
}

/* ---- errors ---- */

static void test_xlsxread__open_errors(void **state)
{
	static const char xls[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0";
	struct xy_xlsx_reader *r = (struct xy_xlsx_reader *)(uintptr_t)1;
	size_t len;
	void *data;

	(void)state;
	assert_int_equal(xy_xlsx_open(&r, "/nonexistent/x.xlsx", NULL), XY_EIO);
	assert_null(r);
	assert_string_equal(xy_error_msg(), "cannot open '/nonexistent/x.xlsx':"
					    " No such file or directory");
	assert_int_equal(xy_xlsx_open(&r, "/tmp", NULL), XY_EIO);
	assert_string_equal(xy_error_msg(),
			    "cannot open '/tmp': Is a directory");

	open_fails("a,b\n1,2\n", 8, XY_EIO,
		   "cannot read '<memory>': not an xlsx file (not a zip "
		   "archive)");
	open_fails("", 0, XY_EIO,
		   "cannot read '<memory>': not an xlsx file (not a zip "
		   "archive)");
	open_fails(xls, sizeof(xls), XY_EIO,
		   "cannot read '<memory>': an .xls or encrypted workbook, "
		   "not .xlsx");

	/* cut in half: the central directory at the end is gone */
	data = load_fixture("strings.xlsx", &len);
	open_fails(data, len / 2, XY_EIO,
		   "cannot read '<memory>': damaged or truncated zip archive");
	for (size_t cut = 1; cut <= 22; cut++) /* into the directory's end */
		open_fails(data, len - cut, XY_EIO,
			   "cannot read '<memory>': damaged or truncated zip "
			   "archive");
	free(data);

	data = load_fixture("nosheet.xlsx", &len);
	open_fails(data, len, XY_EIO,
		   "cannot read '<memory>': no worksheet (no "
		   "xl/worksheets/missing.xml)");
	free(data);
	xy_xlsx_free(NULL);
}

static void test_xlsxread__not_a_workbook(void **state)
{
	struct xy_xlsx_reader *r;
	struct zw w;
	char want[256];

	(void)state;
	/* a zip, but not an xlsx */
	zw_open(&w);
	zw_add(&w, "readme.txt", "hello");
	zw_close(&w);
	assert_int_equal(xy_xlsx_open(&r, w.path, NULL), XY_EIO);
	snprintf(want, sizeof(want),
		 "cannot read '%s': not an xlsx workbook (no xl/workbook.xml)",
		 w.path);
	assert_string_equal(xy_error_msg(), want);
	unlink(w.path);

	/* a workbook that is not XML */
	zw_open(&w);
	zw_add(&w, "xl/workbook.xml", "PK not xml");
	zw_close(&w);
	assert_int_equal(xy_xlsx_open(&r, w.path, NULL), XY_EIO);
	snprintf(want, sizeof(want),
		 "cannot read '%s': xl/workbook.xml line 1: syntax error",
		 w.path);
	assert_string_equal(xy_error_msg(), want);
	unlink(w.path);
}

/* Reads rows until the error; returns their count. */
static int rows_then_error(struct xy_xlsx_reader *r, int *err)
{
	const struct xy_csv_row *row;
	int n = 0, rc;

	while ((rc = xy_xlsx_next(r, &row)) == 1)
		n++;
	assert_null(row);
	*err = rc;
	return n;
}

static void test_xlsxread__malformed(void **state)
{
	static const char msg[] = "cannot read '<memory>': "
				  "xl/worksheets/sheet1.xml line 2: "
				  "mismatched tag";
	const struct xy_csv_row *row;
	struct xy_xlsx_reader *r;
	size_t len;
	void *data = load_fixture("malformed.xlsx", &len);
	int err;

	(void)state;
	assert_int_equal(xy_xlsx_open_mem(&r, data, len, NULL), 0);
	assert_int_equal(xy_xlsx_next(r, &row), 1);
	assert_string_equal(row->fields[0].ptr, "one");
	assert_int_equal(xy_xlsx_next(r, &row), 1);
	assert_string_equal(row->fields[0].ptr, "two");
	assert_int_equal(rows_then_error(r, &err), 0);
	assert_int_equal(err, XY_EIO);
	assert_string_equal(xy_error_msg(), msg);
	/* and it stays */
	xy_error_clear();
	assert_int_equal(xy_xlsx_next(r, &row), XY_EIO);
	assert_string_equal(xy_error_msg(), msg);
	xy_xlsx_free(r);
	free(data);
}

static void test_xlsxread__crc_mismatch(void **state)
{
	struct xy_xlsx_reader *r;
	struct zw w;
	size_t len;
	char *data, *p;
	int err;

	(void)state;
	/* a stored sheet with one byte changed: rows, then the error */
	make_sheet(&w, "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>",
		   "<row><c><v>1</v></c></row>", 10,
		   "<row><c><v>ZZZ</v></c></row></sheetData></worksheet>", 0);
	data = slurp(w.path, &len);
	unlink(w.path);
	p = memmem(data, len, "ZZZ", 3);
	assert_non_null(p);
	p[0] = 'Y';
	assert_int_equal(xy_xlsx_open_mem(&r, data, len, NULL), 0);
	assert_int_equal(rows_then_error(r, &err), 11);
	assert_int_equal(err, XY_EIO);
	assert_string_equal(xy_error_msg(),
			    "cannot read '<memory>': xl/worksheets/sheet1.xml: "
			    "damaged zip data (crc mismatch)");
	xy_xlsx_free(r);
	free(data);
}

static void test_xlsxread__damaged_deflate(void **state)
{
	const struct xy_csv_row *row;
	struct xy_xlsx_reader *r;
	struct zw w;
	size_t len, i;
	char *data;
	int err, n;

	(void)state;
	make_sheet(&w, "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>",
		   "<row><c t=\"inlineStr\"><is><t>行</t></is></c>"
		   "<c><v>42</v></c></row>",
		   50000, "</sheetData></worksheet>", Z_DEFLATED);
	data = slurp(w.path, &len);
	unlink(w.path);
	/* garbage over the middle of the compressed sheet */
	for (i = len / 2; i < len / 2 + 64; i++)
		data[i] = (char)(i * 37);
	assert_int_equal(xy_xlsx_open_mem(&r, data, len, NULL), 0);
	n = rows_then_error(r, &err);
	assert_true(n < 50000);
	assert_true(err < 0);
	assert_non_null(strstr(xy_error_msg(), "cannot read '<memory>': "));
	assert_int_equal(xy_xlsx_next(r, &row), err);
	xy_xlsx_free(r);
	free(data);
}

/* ---- hostile input ---- */

static void test_xlsxread__deep_nesting(void **state)
{
	struct xy_xlsx_reader *r;
	struct zw w;
	char want[256];
	int err;

	(void)state;
	make_sheet(&w,
		   "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>"
		   "<row><c><v>1</v></c></row><row><c>",
		   "<x>", 100000, "", Z_DEFLATED);
	assert_int_equal(xy_xlsx_open(&r, w.path, NULL), 0);
	assert_int_equal(rows_then_error(r, &err), 1);
	assert_int_equal(err, XY_EIO);
	snprintf(want, sizeof(want),
		 "cannot read '%s': xl/worksheets/sheet1.xml: elements nested "
		 "over 256 deep",
		 w.path);
	assert_string_equal(xy_error_msg(), want);
	xy_xlsx_free(r);
	unlink(w.path);
}

static void test_xlsxread__huge_token(void **state)
{
	struct xy_xlsx_reader *r;
	struct zw w;
	char *rep = xy_xmalloc(64 * 1024 + 1);
	char want[256];
	int err;

	(void)state;
	/* one attribute of 40 MiB: expat would buffer all of it */
	memset(rep, 'A', 64 * 1024);
	rep[64 * 1024] = '\0';
	make_sheet(&w,
		   "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>"
		   "<row><c><v>1</v></c></row><row><c x=\"",
		   rep, 640, "\"/></row></sheetData></worksheet>", Z_DEFLATED);
	free(rep);
	assert_int_equal(xy_xlsx_open(&r, w.path, NULL), 0);
	assert_int_equal(rows_then_error(r, &err), 1);
	assert_int_equal(err, XY_ETOOBIG);
	snprintf(want, sizeof(want),
		 "cannot read '%s': xl/worksheets/sheet1.xml: xml needs over "
		 "32 MiB to parse",
		 w.path);
	assert_string_equal(xy_error_msg(), want);
	xy_xlsx_free(r);
	unlink(w.path);
}

static void test_xlsxread__doctype(void **state)
{
	struct xy_xlsx_reader *r;
	struct zw w;
	char want[256];
	int err;

	(void)state;
	/* the billion laughs start with a DTD; none is allowed */
	make_sheet(&w,
		   "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\">"
		   "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
		   "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>",
		   "<row><c t=\"str\"><v>&b;</v></c></row>", 10,
		   "</sheetData></worksheet>", Z_DEFLATED);
	assert_int_equal(xy_xlsx_open(&r, w.path, NULL), 0);
	assert_int_equal(rows_then_error(r, &err), 0);
	assert_int_equal(err, XY_EIO);
	snprintf(want, sizeof(want),
		 "cannot read '%s': xl/worksheets/sheet1.xml: a document type "
		 "declaration is not allowed",
		 w.path);
	assert_string_equal(xy_error_msg(), want);
	xy_xlsx_free(r);
	unlink(w.path);
}

static void test_xlsxread__sst_cap(void **state)
{
	struct xy_xlsx_reader *r;
	struct zw w;
	char *si = xy_xmalloc(60000 + 32);
	char want[256];
	size_t n;

	(void)state;
	/* 1200 strings of 60000 bytes: over the 64 MiB of shared strings */
	n = (size_t)snprintf(si, 32, "<si><t>");
	memset(si + n, 'S', 60000);
	memcpy(si + n + 60000, "</t></si>", 10);
	zw_open(&w);
	zw_add(&w, "xl/workbook.xml", workbook_xml);
	zw_add(&w, "xl/worksheets/sheet1.xml",
	       "<worksheet xmlns=\"" MAIN_NS "\"><sheetData/></worksheet>");
	zw_part(&w, "xl/sharedStrings.xml", Z_DEFLATED);
	zw_write(&w, "<sst xmlns=\"" MAIN_NS "\">",
		 strlen("<sst xmlns=\"" MAIN_NS "\">"));
	for (size_t i = 0; i < 1200; i++)
		zw_write(&w, si, strlen(si));
	zw_write(&w, "</sst>", 6);
	zw_end_part(&w);
	zw_close(&w);
	free(si);

	r = (struct xy_xlsx_reader *)(uintptr_t)1;
	assert_int_equal(xy_xlsx_open(&r, w.path, NULL), XY_ETOOBIG);
	assert_null(r);
	snprintf(want, sizeof(want),
		 "cannot read '%s': xl/sharedStrings.xml: shared strings over "
		 "64 MiB",
		 w.path);
	assert_string_equal(xy_error_msg(), want);
	unlink(w.path);
}

static void test_xlsxread__sniff(void **state)
{
	(void)state;
	assert_int_equal(xy_xlsx_sniff("PK\3\4\24\0", 6), 1);
	assert_int_equal(xy_xlsx_sniff("PK\3\4", 4), 1);
	assert_int_equal(xy_xlsx_sniff("PK\3", 3), 0);
	assert_int_equal(xy_xlsx_sniff("PK\5\6", 4), 0); /* an empty zip */
	assert_int_equal(xy_xlsx_sniff("a,b\n", 4), 0);
	assert_int_equal(xy_xlsx_sniff("", 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_xlsxread__strings),
	    cmocka_unit_test(test_xlsxread__hidden_sheet),
	    cmocka_unit_test(test_xlsxread__fallback_1904),
	    cmocka_unit_test(test_xlsxread__numbers),
	    cmocka_unit_test(test_xlsxread__layout),
	    cmocka_unit_test(test_xlsxread__bad_sst_index),
	    cmocka_unit_test(test_xlsxread__field_too_long),
	    cmocka_unit_test(test_xlsxread__short_field_from_long_text),
	    cmocka_unit_test(test_xlsxread__record_too_long),
	    cmocka_unit_test(test_xlsxread__too_many_fields),
	    cmocka_unit_test(test_xlsxread__file),
	    cmocka_unit_test(test_xlsxread__many_rows),
	    cmocka_unit_test(test_xlsxread__open_errors),
	    cmocka_unit_test(test_xlsxread__not_a_workbook),
	    cmocka_unit_test(test_xlsxread__malformed),
	    cmocka_unit_test(test_xlsxread__crc_mismatch),
	    cmocka_unit_test(test_xlsxread__damaged_deflate),
	    cmocka_unit_test(test_xlsxread__deep_nesting),
	    cmocka_unit_test(test_xlsxread__huge_token),
	    cmocka_unit_test(test_xlsxread__doctype),
	    cmocka_unit_test(test_xlsxread__sst_cap),
	    cmocka_unit_test(test_xlsxread__sniff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
