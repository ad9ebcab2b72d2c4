/*
 * test_csvread.c - the streaming CSV reader (util/csvread.h): quoting,
 * line numbers, blank lines, encodings, caps and the resync after a
 * record that is too long.
 *
 * Most cases render every row of an input as one line of text,
 * "<line>:<field>|<field>...", with " !E" / " !T" for the row flags,
 * <bad> for a field with an invalid sequence and \n, \r spelt out.
 */
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/csvread.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/banned.h"

static void render_row(struct xy_buf *out, const struct xy_csv_row *row)
{
	const struct xy_csv_field *f;
	size_t i, j;

	xy_buf_addf(out, "%llu:", (unsigned long long)row->line);
	for (i = 0; i < row->nfields; i++) {
		f = &row->fields[i];
		if (i)
			xy_buf_addch(out, '|');
		/* every field is NUL-terminated UTF-8 */
		assert_int_equal(f->ptr[f->len], '\0');
		assert_true(xy_utf8_valid(f->ptr, f->len));
		if (f->bad) {
			assert_int_equal(f->len, 0);
			assert_true(row->flags & XY_CSV_ROW_ENCODING);
			xy_buf_adds(out, "<bad>");
			continue;
		}
		for (j = 0; j < f->len; j++) {
			if (f->ptr[j] == '\n')
				xy_buf_adds(out, "\\n");
			else if (f->ptr[j] == '\r')
				xy_buf_adds(out, "\\r");
			else
				xy_buf_addch(out, f->ptr[j]);
		}
	}
	if (row->flags & XY_CSV_ROW_ENCODING)
		xy_buf_adds(out, " !E");
	if (row->flags & XY_CSV_ROW_TOO_LONG) {
		assert_int_equal(row->nfields, 0);
		xy_buf_adds(out, " !T");
	}
	xy_buf_addch(out, '\n');
}

/* Every row of the reader; checks the lines only go forward. */
static char *render_all(struct xy_csv_reader *r)
{
	struct xy_buf out = XY_BUF_INIT;
	const struct xy_csv_row *row;
	uint64_t last = 0;
	int rc;

	while ((rc = xy_csv_next(r, &row)) == 1) {
		assert_true(row->line > last);
		last = row->line;
		render_row(&out, row);
	}
	assert_int_equal(rc, 0);
	assert_int_equal(xy_csv_next(r, &row), 0); /* and stays at the end */
	assert_int_equal(xy_csv_offset(r), xy_csv_size(r));
	return xy_buf_detach(&out, NULL);
}

static char *render_mem(const void *data, size_t len, enum xy_encoding enc,
			const struct xy_csv_limits *lim)
{
	struct xy_csv_reader *r;
	char *s;

	assert_int_equal(xy_csv_open_mem(&r, data, len, enc, lim), 0);
	s = render_all(r);
	xy_csv_free(r);
	return s;
}

/* Renders the NUL-terminated input and compares with want. */
static void rows_are(const char *in, enum xy_encoding enc,
		     const struct xy_csv_limits *lim, const char *want)
{
	char *got = render_mem(in, strlen(in), enc, lim);

	assert_string_equal(got, want);
	free(got);
}

/* UTF-8 to GBK (GB18030) with iconv, into out. */
static void to_gbk(struct xy_buf *out, const char *s)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	size_t inleft = strlen(s), oleft = 4 * inleft + 4;
	char *in = (char *)s, *o;

	assert_true(cd != (iconv_t)-1);
	xy_buf_grow(out, oleft);
	o = out->ptr + out->len;
	assert_true(iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1);
	out->len = (size_t)(o - out->ptr);
	out->ptr[out->len] = '\0';
	iconv_close(cd);
}

static void test_csvread__basic(void **state)
{
	(void)state;
	rows_are("a,b,c\n1,2,3\n", XY_ENC_AUTO, NULL, "1:a|b|c\n2:1|2|3\n");
	rows_are("a,b\nc,d", XY_ENC_AUTO, NULL, "1:a|b\n2:c|d\n");
	rows_are("", XY_ENC_AUTO, NULL, "");
	rows_are("a,,c,\n", XY_ENC_AUTO, NULL, "1:a||c|\n");
	rows_are("名称,代码\n济南市槐荫区,370104\n", XY_ENC_AUTO, NULL,
		 "1:名称|代码\n2:济南市槐荫区|370104\n");
	/* libcsv drops blanks around unquoted fields, not inside quotes */
	rows_are(" a ,\t b\t,\" c \"\n", XY_ENC_AUTO, NULL, "1:a|b| c \n");
}

static void test_csvread__crlf(void **state)
{
	(void)state;
	rows_are("a,b\r\nc,d\r\n\r\ne,f\r\n", XY_ENC_AUTO, NULL,
		 "1:a|b\n2:c|d\n4:e|f\n");
	/* a lone CR ends a line too */
	rows_are("a\rb\r\rc", XY_ENC_AUTO, NULL, "1:a\n2:b\n4:c\n");
	rows_are("a\r\n\r\n\"x\r\ny\",z\r\nw\r\n", XY_ENC_AUTO, NULL,
		 "1:a\n3:x\\r\\ny|z\n5:w\n");
}

static void test_csvread__bom(void **state)
{
	struct xy_csv_reader *r;
	const struct xy_csv_row *row;
	static const char in[] = "\xef\xbb\xbfname,代码\n1,2\n";

	(void)state;
	rows_are(in, XY_ENC_AUTO, NULL, "1:name|代码\n2:1|2\n");
	rows_are(in, XY_ENC_UTF8, NULL, "1:name|代码\n2:1|2\n");
	rows_are("\xef\xbb\xbf", XY_ENC_AUTO, NULL, "");

	/* a BOM settles the encoding even if a byte later is broken */
	assert_int_equal(xy_csv_open_mem(&r,
					 "\xef\xbb\xbf"
					 "a\n\xff\n",
					 7, XY_ENC_AUTO, NULL),
			 0);
	assert_int_equal(xy_csv_encoding(r), XY_ENC_UTF8);
	assert_int_equal(xy_csv_next(r, &row), 1);
	assert_int_equal(row->fields[0].len, 1);
	assert_int_equal(xy_csv_next(r, &row), 1);
	assert_int_equal(row->flags, XY_CSV_ROW_ENCODING);
	xy_csv_free(r);
}

static void test_csvread__quoted(void **state)
{
	(void)state;
	rows_are("\"a,b\",\"he said \"\"hi\"\"\",\"\"\n", XY_ENC_AUTO, NULL,
		 "1:a,b|he said \"hi\"|\n");
	/* line breaks inside quotes count as lines for what follows */
	rows_are("id,text\n"
		 "1,\"line one\nline two\nline three\"\n"
		 "2,plain\n"
		 "3,\"x\n\ny\"\n"
		 "4,end\n",
		 XY_ENC_AUTO, NULL,
		 "1:id|text\n"
		 "2:1|line one\\nline two\\nline three\n"
		 "5:2|plain\n"
		 "6:3|x\\n\\ny\n"
		 "9:4|end\n");
	/* the record starts on the line of its first field */
	rows_are("\"a\nb\",c\nd\n", XY_ENC_AUTO, NULL, "1:a\\nb|c\n3:d\n");
	rows_are("x,\"a\nb\"\n\"c\nd\",y\nz", XY_ENC_AUTO, NULL,
		 "1:x|a\\nb\n3:c\\nd|y\n5:z\n");
	/* an unterminated quote runs to the end of the input */
	rows_are("a\n\"b,\nc\n", XY_ENC_AUTO, NULL, "1:a\n2:b,\\nc\\n\n");
}

static void test_csvread__blank_lines(void **state)
{
	(void)state;
	rows_are("\n\na\n\n  \nb\n\n", XY_ENC_AUTO, NULL, "3:a\n6:b\n");
	rows_are("\r\n\r\na\r\n", XY_ENC_AUTO, NULL, "3:a\n");
	/* a lone "" is an empty line too; a lone comma is two fields */
	rows_are("a\n\"\"\nb\n,\n", XY_ENC_AUTO, NULL, "1:a\n3:b\n4:|\n");
	rows_are("\n\n\n", XY_ENC_AUTO, NULL, "");
}

static void test_csvread__gbk(void **state)
{
	struct xy_buf in = XY_BUF_INIT;
	struct xy_csv_reader *r;
	char *got;

	(void)state;
	to_gbk(&in, "名称,代码,备注\n"
		    "济南市槐荫区某某餐饮有限公司,91370104MA3C000001X,"
		    "\"准予，经营\"\n"
		    "张三,,€\n");
	/* GBK bytes are never valid UTF-8 here, so AUTO finds them */
	assert_int_equal(xy_csv_open_mem(&r, in.ptr, in.len, XY_ENC_AUTO, NULL),
			 0);
	assert_int_equal(xy_csv_encoding(r), XY_ENC_GBK);
	got = render_all(r);
	assert_string_equal(got, "1:名称|代码|备注\n"
				 "2:济南市槐荫区某某餐饮有限公司|"
				 "91370104MA3C000001X|准予，经营\n"
				 "3:张三||€\n");
	free(got);
	xy_csv_free(r);

	got = render_mem(in.ptr, in.len, XY_ENC_GBK, NULL);
	assert_string_equal(got, "1:名称|代码|备注\n"
				 "2:济南市槐荫区某某餐饮有限公司|"
				 "91370104MA3C000001X|准予，经营\n"
				 "3:张三||€\n");
	free(got);
	xy_buf_dispose(&in);

	/* hard-coded bytes: 中文 in GBK */
	rows_are("\xd6\xd0\xce\xc4,ok\n", XY_ENC_GBK, NULL, "1:中文|ok\n");
	/* GBK bytes read as UTF-8 are bad fields */
	rows_are("\xd6\xd0\xce\xc4,ok\n", XY_ENC_UTF8, NULL, "1:<bad>|ok !E\n");
}

static void test_csvread__gbk_bad_row(void **state)
{
	struct xy_buf in = XY_BUF_INIT;

	(void)state;
	to_gbk(&in, "甲,乙\n");
	/* 0xff is not a GB18030 byte; 0x81 0x20 is a broken pair */
	xy_buf_add(&in, "\xff\xfe,ok,\x81 x\n", 10);
	to_gbk(&in, "丙,丁\n");
	{
		char *got = render_mem(in.ptr, in.len, XY_ENC_GBK, NULL);

		assert_string_equal(got, "1:甲|乙\n"
					 "2:<bad>|ok|<bad> !E\n"
					 "3:丙|丁\n");
		free(got);
	}
	xy_buf_dispose(&in);
}

static void test_csvread__utf8_bad_row(void **state)
{
	(void)state;
	rows_are("a,b\n\xe4\xb8,c\n\xe4\xb8\xad,e\n", XY_ENC_UTF8, NULL,
		 "1:a|b\n2:<bad>|c !E\n3:中|e\n");
	rows_are("x\n\"q\xc0\x80q\nz\",y\nw\n", XY_ENC_UTF8, NULL,
		 "1:x\n2:<bad>|y !E\n4:w\n");
}

/* Input past the sniff window: a broken byte late in a UTF-8 file. */
static void test_csvread__utf8_bad_row_late(void **state)
{
	struct xy_buf in = XY_BUF_INIT;
	struct xy_csv_reader *r;
	const struct xy_csv_row *row;
	size_t n = 0, bad = 0;
	int rc;

	(void)state;
	for (int i = 1; i <= 20000; i++) {
		xy_buf_addf(&in, "%d,济南市,", i);
		if (i == 15000)
			xy_buf_adds(&in, "\xff");
		xy_buf_adds(&in, "ok\n");
	}
	assert_true(in.len > 200 * 1024);
	assert_int_equal(xy_csv_open_mem(&r, in.ptr, in.len, XY_ENC_AUTO, NULL),
			 0);
	assert_int_equal(xy_csv_encoding(r), XY_ENC_UTF8);
	while ((rc = xy_csv_next(r, &row)) == 1) {
		n++;
		assert_int_equal(row->line, n);
		assert_int_equal(row->nfields, 3);
		assert_string_equal(row->fields[1].ptr, "济南市");
		if (row->flags) {
			bad++;
			assert_int_equal(row->line, 15000);
			assert_int_equal(row->flags, XY_CSV_ROW_ENCODING);
			assert_true(row->fields[2].bad);
			assert_false(row->fields[0].bad);
		} else {
			assert_string_equal(row->fields[2].ptr, "ok");
		}
	}
	assert_int_equal(rc, 0);
	assert_int_equal(n, 20000);
	assert_int_equal(bad, 1);
	xy_csv_free(r);
	xy_buf_dispose(&in);
}

static void test_csvread__detect(void **state)
{
	struct xy_buf in = XY_BUF_INIT;
	struct xy_csv_reader *r;

	(void)state;
	assert_int_equal(xy_csv_open_mem(&r, "a,b\n", 4, XY_ENC_AUTO, NULL), 0);
	assert_int_equal(xy_csv_encoding(r), XY_ENC_UTF8);
	xy_csv_free(r);
	assert_int_equal(xy_csv_open_mem(&r, "中,文\n", 8, XY_ENC_AUTO, NULL),
			 0);
	assert_int_equal(xy_csv_encoding(r), XY_ENC_UTF8);
	xy_csv_free(r);
	assert_int_equal(
	    xy_csv_open_mem(&r, "\xd6\xd0,\xce\xc4\n", 6, XY_ENC_AUTO, NULL),
	    0);
	assert_int_equal(xy_csv_encoding(r), XY_ENC_GBK);
	xy_csv_free(r);
	/* explicit encodings are kept */
	assert_int_equal(xy_csv_open_mem(&r, "a\n", 2, XY_ENC_GBK, NULL), 0);
	assert_int_equal(xy_csv_encoding(r), XY_ENC_GBK);
	xy_csv_free(r);

	/* a sequence cut by the end of the 64 KiB window is fine ... */
	while (in.len < 64 * 1024 - 1)
		xy_buf_addch(&in, in.len % 50 == 49 ? '\n' : 'a');
	xy_buf_adds(&in, "中文\n"); /* 中 spans bytes 65535..65537 */
	assert_int_equal(xy_csv_open_mem(&r, in.ptr, in.len, XY_ENC_AUTO, NULL),
			 0);
	assert_int_equal(xy_csv_encoding(r), XY_ENC_UTF8);
	xy_csv_free(r);
	/* a UTF-8 file with one damaged byte stays UTF-8 ... */
	xy_buf_reset(&in);
	for (int i = 0; i < 20; i++)
		xy_buf_adds(&in, "济南市槐荫区,行政处罚\n");
	xy_buf_adds(&in, "坏\xff行\n");
	assert_int_equal(xy_csv_open_mem(&r, in.ptr, in.len, XY_ENC_AUTO, NULL),
			 0);
	assert_int_equal(xy_csv_encoding(r), XY_ENC_UTF8);
	xy_csv_free(r);
	/* ... and a sequence cut short is not fine at the real end */
	assert_int_equal(
	    xy_csv_open_mem(&r, "a,\xe4\xb8", 4, XY_ENC_AUTO, NULL), 0);
	assert_int_equal(xy_csv_encoding(r), XY_ENC_GBK);
	xy_csv_free(r);
	/* a GBK byte past the window is not seen: reported per row */
	in.ptr[in.len - 2] = (char)0xff;
	assert_int_equal(xy_csv_open_mem(&r, in.ptr, in.len, XY_ENC_AUTO, NULL),
			 0);
	assert_int_equal(xy_csv_encoding(r), XY_ENC_UTF8);
	xy_csv_free(r);
	xy_buf_dispose(&in);
}

static void test_csvread__field_too_long(void **state)
{
	const struct xy_csv_limits lim = {16, 1024, 8};
	struct xy_buf in = XY_BUF_INIT;
	char *got;

	(void)state;
	/* exactly at the cap, quoted or not, and a byte over it */
	rows_are("0123456789abcdef,\"0123456789abcdef\"\n"
		 "0123456789abcdefg,x\n"
		 "\"0123456789abcdefg\",x\n"
		 "next,1\n",
		 XY_ENC_AUTO, &lim,
		 "1:0123456789abcdef|0123456789abcdef\n"
		 "2: !T\n3: !T\n4:next|1\n");

	/* far over: libcsv stops, the reader skips to the next line */
	xy_buf_adds(&in, "short,ok\n");
	xy_buf_adds(&in, "a,b,");
	for (int i = 0; i < 100000; i++)
		xy_buf_addch(&in, 'x');
	xy_buf_adds(&in, ",y\nafter,row\n\"");
	for (int i = 0; i < 1000; i++)
		xy_buf_addch(&in, 'q');
	xy_buf_adds(&in, "\",z\r\n\r\nlast,row");
	got = render_mem(in.ptr, in.len, XY_ENC_AUTO, &lim);
	assert_string_equal(got, "1:short|ok\n2: !T\n3:after|row\n"
				 "4: !T\n6:last|row\n");
	free(got);
	xy_buf_dispose(&in);
}

/* Line breaks inside the part of a long quoted field libcsv held. */
static void test_csvread__field_too_long_lines(void **state)
{
	const struct xy_csv_limits lim = {16, 1024, 8};

	(void)state;
	/* libcsv holds 1\n..9\n when it stops; "10" goes with the skip */
	rows_are("a\n\"1\n2\n3\n4\n5\n6\n7\n8\n9\n10,x\"\nb\n", XY_ENC_AUTO,
		 &lim, "1:a\n2: !T\n12:b\n");
	/* the resync lands inside the quoted field: its rest is rows */
	rows_are("a\n\"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12,x\"\nb\n",
		 XY_ENC_AUTO, &lim, "1:a\n2: !T\n12:11\n13:12|x\"\n14:b\n");
}

static void test_csvread__record_too_long(void **state)
{
	const struct xy_csv_limits lim = {16, 20, 3};

	(void)state;
	rows_are("aaaaaaaaaa,bbbbbbbbbb,c\nok\n", XY_ENC_AUTO, &lim,
		 "1: !T\n2:ok\n");
	rows_are("aaaaaaaaaa,bbbbbbbbbb\nok\n", XY_ENC_AUTO, &lim,
		 "1:aaaaaaaaaa|bbbbbbbbbb\n2:ok\n");
	/* the record still ends where it ends, lines are still counted */
	rows_are("\"a\nb\",cccccccccccccccc,dddddddddddd\nnext\n", XY_ENC_AUTO,
		 &lim, "1: !T\n3:next\n");
	/* more than max_fields fields */
	rows_are("a,b,c,d\ne,f,g\nh,i,j,k,l\n", XY_ENC_AUTO, &lim,
		 "1: !T\n2:e|f|g\n3: !T\n");
}

static void test_csvread__defaults(void **state)
{
	struct xy_buf in = XY_BUF_INIT;
	char *got;

	(void)state;
	/* a 64 KiB quoted field with 65 line breaks passes the default cap */
	xy_buf_adds(&in, "\"");
	for (int i = 0; i < 64 * 1024; i++)
		xy_buf_addch(&in, i % 1000 == 999 ? '\n' : 'v');
	xy_buf_adds(&in, "\",x\ny\n");
	got = render_mem(in.ptr, in.len, XY_ENC_AUTO, NULL);
	assert_int_equal(strncmp(got, "1:vvv", 5), 0);
	assert_string_equal(got + strlen(got) - 9, "v|x\n67:y\n");
	free(got);

	/* one byte more does not */
	xy_buf_truncate(&in, 1);
	for (int i = 0; i < 64 * 1024 + 1; i++)
		xy_buf_addch(&in, i % 1000 == 999 ? '\n' : 'v');
	xy_buf_adds(&in, "\",x\ny\n");
	got = render_mem(in.ptr, in.len, XY_ENC_AUTO, NULL);
	assert_string_equal(got, "1: !T\n67:y\n");
	free(got);
	xy_buf_dispose(&in);
}

/*
 * A broken byte at the start or in the middle of a field that spans
 * several slices (400000 bytes): only that field is bad.
 */
static void test_csvread__utf8_bad_long_field(void **state)
{
	const struct xy_csv_limits lim = {500000, 1000000, 16};
	struct xy_buf in = XY_BUF_INIT;
	char *got;

	(void)state;
	for (int where = 0; where < 3; where++) {
		xy_buf_reset(&in);
		xy_buf_adds(&in, "a\n\"");
		for (int i = 0; i < 200000; i++) {
			if (where < 2 && i == where * 100000)
				xy_buf_addch(&in, 0xff);
			xy_buf_adds(&in, i % 2 ? "v" : "中");
		}
		xy_buf_adds(&in, "\",ok\nnext,\"中\"\n");
		got = render_mem(in.ptr, in.len, XY_ENC_UTF8, &lim);
		if (where < 2) {
			assert_string_equal(got, "1:a\n2:<bad>|ok !E\n"
						 "3:next|中\n");
		} else {
			assert_int_equal(strlen(got), 4 + 2 + 400000 + 4 + 11);
			assert_string_equal(got + strlen(got) - 16,
					    "v|ok\n3:next|中\n");
		}
		free(got);
	}
	xy_buf_dispose(&in);
}

/* GBK through many slices: fields are converted whole. */
static void test_csvread__gbk_many_rows(void **state)
{
	struct xy_buf utf8 = XY_BUF_INIT, in = XY_BUF_INIT;
	struct xy_csv_reader *r;
	const struct xy_csv_row *row;
	char want[64];
	int i;

	(void)state;
	for (i = 1; i <= 30000; i++)
		xy_buf_addf(&utf8, "%d,济南市槐荫区,\"许可，\n内容\"\n", i);
	to_gbk(&in, utf8.ptr);
	assert_int_equal(xy_csv_open_mem(&r, in.ptr, in.len, XY_ENC_AUTO, NULL),
			 0);
	assert_int_equal(xy_csv_encoding(r), XY_ENC_GBK);
	for (i = 1; i <= 30000; i++) {
		assert_int_equal(xy_csv_next(r, &row), 1);
		assert_int_equal(row->line, 2 * i - 1);
		assert_int_equal(row->flags, 0);
		snprintf(want, sizeof(want), "%d", i);
		assert_string_equal(row->fields[0].ptr, want);
		assert_string_equal(row->fields[1].ptr, "济南市槐荫区");
		assert_string_equal(row->fields[2].ptr, "许可，\n内容");
	}
	assert_int_equal(xy_csv_next(r, &row), 0);
	xy_csv_free(r);
	xy_buf_dispose(&in);
	xy_buf_dispose(&utf8);
}

/*
 * The closing quote of a field with line breaks is the last byte of a
 * 64 KiB slice; the field ends in the next slice, which has no quote.
 */
static void test_csvread__quote_at_slice_end(void **state)
{
	struct xy_buf in = XY_BUF_INIT;
	char *got;

	(void)state;
	xy_buf_addch(&in, '"');
	while (in.len < 64 * 1024 - 1)
		xy_buf_addch(&in, in.len % 100 == 0 ? '\n' : 'q');
	xy_buf_adds(&in, "\",x\nnext\n");
	got = render_mem(in.ptr, in.len, XY_ENC_AUTO, NULL);
	assert_string_equal(got + strlen(got) - 13, "q|x\n657:next\n");
	free(got);
	xy_buf_dispose(&in);
}

/* Many rows through many slices; each one and its line are checked. */
static void check_many(struct xy_csv_reader *r, int nrows)
{
	const struct xy_csv_row *row;
	char want[64];
	uint64_t line = 1;
	int i, rc;

	for (i = 1; i <= nrows; i++) {
		rc = xy_csv_next(r, &row);
		assert_int_equal(rc, 1);
		assert_int_equal(row->line, line);
		assert_int_equal(row->nfields, 3);
		snprintf(want, sizeof(want), "%d", i);
		assert_string_equal(row->fields[0].ptr, want);
		assert_string_equal(row->fields[1].ptr,
				    i % 7 ? "槐荫区" : "a\nb");
		line += i % 7 ? 1 : 2;
		if (i % 11 == 0)
			line++; /* the blank line after it */
	}
	assert_int_equal(xy_csv_next(r, &row), 0);
}

static void make_many(struct xy_buf *in, int nrows)
{
	for (int i = 1; i <= nrows; i++) {
		xy_buf_addf(in, "%d,%s,%s\r\n", i,
			    i % 7 ? "槐荫区" : "\"a\nb\"",
			    i % 3 ? "x" : "\"y,\"\"z\"\"\"");
		if (i % 11 == 0)
			xy_buf_adds(in, "\r\n");
	}
}

static void test_csvread__many_rows(void **state)
{
	struct xy_buf in = XY_BUF_INIT;
	struct xy_csv_reader *r;

	(void)state;
	make_many(&in, 100000);
	assert_int_equal(xy_csv_open_mem(&r, in.ptr, in.len, XY_ENC_AUTO, NULL),
			 0);
	check_many(r, 100000);
	assert_int_equal(xy_csv_offset(r), in.len);
	xy_csv_free(r);
	xy_buf_dispose(&in);
}

/* xorshift64: the same pseudo-random inputs on every run. */
static uint64_t next_rand(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* Random CSV made of the bytes that matter to a parser. */
static void random_csv(struct xy_buf *in, uint64_t *x, size_t len)
{
	static const char *const parts[] = {
	    "a", "b",	"0",  " ",    "\t", ",",    ",", "\"",
	    "\r", "\n", "\n", "\r\n", "中", "\xff", "aaaaaaaaaaaaaaaaaa"};
	const size_t nparts = sizeof(parts) / sizeof(parts[0]);

	while (in->len < len)
		xy_buf_adds(in, parts[next_rand(x) % nparts]);
}

/* The reader gives the same rows with or without its plain-line path. */
static void same_as_libcsv(const struct xy_buf *in, enum xy_encoding enc,
			   struct xy_csv_limits lim)
{
	char *fast, *slow;

	lim.libcsv_only = 0;
	fast = render_mem(in->ptr, in->len, enc, &lim);
	lim.libcsv_only = 1;
	slow = render_mem(in->ptr, in->len, enc, &lim);
	assert_string_equal(fast, slow);
	free(fast);
	free(slow);
}

static void test_csvread__plain_lines(void **state)
{
	const struct xy_csv_limits tight = {8, 40, 5, 0}, wide = {0, 0, 0, 0};
	struct xy_buf in = XY_BUF_INIT;
	uint64_t x = 88172645463325252ULL;
	int i;

	(void)state;
	/* blanks, empty fields, CR LF, caps met exactly and overflowed */
	xy_buf_adds(&in, " a ,\tb\t, ,,\r\n  \n\t\r\n,\n a,\n"
			 "12345678,123456789\n1234567  \t,x\n123456  ,y\n"
			 "1,2,3,4,5\n1,2,3,4,5,6\nlast");
	same_as_libcsv(&in, XY_ENC_UTF8, tight);
	same_as_libcsv(&in, XY_ENC_UTF8, wide);
	for (i = 0; i < 20000; i++) {
		xy_buf_reset(&in);
		random_csv(&in, &x, next_rand(&x) % 120);
		same_as_libcsv(&in, XY_ENC_UTF8, i % 2 ? tight : wide);
		same_as_libcsv(&in, XY_ENC_GBK, tight);
	}
	/* across slices: plain lines with a few quoted ones */
	xy_buf_reset(&in);
	while (in.len < 300 * 1024) {
		xy_buf_adds(&in, next_rand(&x) % 50 ? "槐荫区, x ,1\n"
						      : "\"a\nb\",\"\"\"\",2\r\n");
		if (next_rand(&x) % 1000 == 0)
			random_csv(&in, &x, in.len + 20);
	}
	same_as_libcsv(&in, XY_ENC_UTF8, wide);
	same_as_libcsv(&in, XY_ENC_UTF8, tight);
	xy_buf_dispose(&in);
}

static void test_csvread__file(void **state)
{
	char path[] = "/tmp/test_csvread_XXXXXX";
	struct xy_buf in = XY_BUF_INIT;
	struct xy_csv_reader *r;
	int fd;

	(void)state;
	make_many(&in, 100000);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, in.ptr, in.len), (ssize_t)in.len);
	close(fd);

	assert_int_equal(xy_csv_open(&r, path, XY_ENC_AUTO, NULL), 0);
	assert_int_equal(xy_csv_size(r), in.len);
	assert_int_equal(xy_csv_encoding(r), XY_ENC_UTF8);
	check_many(r, 100000);
	assert_int_equal(xy_csv_offset(r), in.len);
	xy_csv_free(r);
	unlink(path);
	xy_buf_dispose(&in);
}

static void test_csvread__open_errors(void **state)
{
	struct xy_csv_reader *r = (struct xy_csv_reader *)(uintptr_t)1;

	(void)state;
	assert_int_equal(
	    xy_csv_open(&r, "/nonexistent/x.csv", XY_ENC_AUTO, NULL), XY_EIO);
	assert_null(r);
	assert_string_equal(xy_error_msg(), "cannot open '/nonexistent/x.csv':"
					    " No such file or directory");
	assert_int_equal(xy_csv_open(&r, "/tmp", XY_ENC_AUTO, NULL), XY_EIO);
	assert_string_equal(xy_error_msg(),
			    "cannot open '/tmp': Is a directory");
	xy_csv_free(NULL);
}

static void test_csvread__encoding_names(void **state)
{
	(void)state;
	assert_int_equal(xy_encoding_parse("auto"), XY_ENC_AUTO);
	assert_int_equal(xy_encoding_parse("utf-8"), XY_ENC_UTF8);
	assert_int_equal(xy_encoding_parse("UTF8"), XY_ENC_UTF8);
	assert_int_equal(xy_encoding_parse("gbk"), XY_ENC_GBK);
	assert_int_equal(xy_encoding_parse("GB18030"), XY_ENC_GBK);
	assert_int_equal(xy_encoding_parse("latin1"), -1);
	assert_int_equal(xy_encoding_parse(""), -1);
	assert_string_equal(xy_encoding_name(XY_ENC_AUTO), "auto");
	assert_string_equal(xy_encoding_name(XY_ENC_UTF8), "utf-8");
	assert_string_equal(xy_encoding_name(XY_ENC_GBK), "gbk");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_csvread__basic),
	    cmocka_unit_test(test_csvread__crlf),
	    cmocka_unit_test(test_csvread__bom),
	    cmocka_unit_test(test_csvread__quoted),
	    cmocka_unit_test(test_csvread__blank_lines),
	    cmocka_unit_test(test_csvread__gbk),
	    cmocka_unit_test(test_csvread__gbk_bad_row),
	    cmocka_unit_test(test_csvread__utf8_bad_row),
	    cmocka_unit_test(test_csvread__utf8_bad_row_late),
	    cmocka_unit_test(test_csvread__utf8_bad_long_field),
	    cmocka_unit_test(test_csvread__gbk_many_rows),
	    cmocka_unit_test(test_csvread__quote_at_slice_end),
	    cmocka_unit_test(test_csvread__detect),
	    cmocka_unit_test(test_csvread__field_too_long),
	    cmocka_unit_test(test_csvread__field_too_long_lines),
	    cmocka_unit_test(test_csvread__record_too_long),
	    cmocka_unit_test(test_csvread__defaults),
	    cmocka_unit_test(test_csvread__many_rows),
	    cmocka_unit_test(test_csvread__plain_lines),
	    cmocka_unit_test(test_csvread__file),
	    cmocka_unit_test(test_csvread__open_errors),
	    cmocka_unit_test(test_csvread__encoding_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
