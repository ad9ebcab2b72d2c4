/*
 * test_record.c - the stored form of a record (core/record.h): payload,
 * content and secret, masking, damaged input.
 *
 * Rows come from validating records against the real xzcf item of the
 * source tree's catalog (XY_SOURCE_DIR, set by ctest): its personal
 * fields are CF_FR_ZJHM (index 10) and CF_XDR_ZJHM (index 12).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/catalog.h"
#include "core/date.h"
#include "core/ids.h"
#include "core/record.h"
#include "core/validate.h"
#include "service/platform.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/banned.h"

#define MAX_FIELDS	64
#define RIC_1949	"11010519491231002X"
#define RIC_1949_MASKED "110105********002X"

static struct xy_catalog catalog;
static const struct xy_item *cf;
static struct xy_vinput in[MAX_FIELDS];
static struct xy_vrow row;
static char uscc[19];

static int setup(void **state)
{
	const char *root = getenv("XY_SOURCE_DIR");
	struct xy_buf dir = XY_BUF_INIT;
	int err;

	(void)state;
	xy_buf_addf(&dir, "%s/catalog", root ? root : ".");
	xy_catalog_init(&catalog);
	err = xy_catalog_load_dir(&catalog, dir.ptr);
	if (err < 0)
		print_error("cannot load '%s': %s (is XY_SOURCE_DIR set?)\n",
			    dir.ptr, xy_error_msg());
	xy_buf_dispose(&dir);
	if (err < 0)
		return -1;
	cf = xy_catalog_item(&catalog, "xzcf");
	if (!cf || cf->nfields > MAX_FIELDS)
		return -1;
	memcpy(uscc, "11370104004182650", 17);
	uscc[16] = xy_orgcode_check_char("00418265");
	uscc[17] = xy_uscc_check_char(uscc);
	uscc[18] = '\0';
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	xy_catalog_dispose(&catalog);
	return 0;
}

static int case_teardown(void **state)
{
	(void)state;
	xy_vrow_dispose(&row);
	return 0;
}

static void set(const char *code, const char *v)
{
	int f = xy_item_field(cf, code);

	if (f < 0)
		fail_msg("no field '%s'", code);
	in[f].ptr = v;
	in[f].len = v ? strlen(v) : 0;
}

/* A penalty on an organisation; the legal representative's ID number. */
static void org_record(void)
{
	memset(in, 0, sizeof(in));
	set("CF_XDR_MC", "槐荫区示例商贸有限公司");
	set("CF_XDR_LB", "法人及非法人组织");
	set("CF_XDR_SHXYM", uscc);
	set("CF_FRDB", "张三");
	set("CF_FR_ZJHM", "11010519491231002x");
	set("CF_WSH", "槐市监罚〔2026〕37号");
	set("CF_WFXW", "未按规定明码标价");
	set("CF_SY", "当事人销售商品未明码标价。");
	set("CF_YJ", "《中华人民共和国价格法》第四十二条");
	set("CF_CFLB", "警告、罚款");
	set("CF_NR", "警告并处罚款");
	set("CF_NR_FK", "0.5");
	set("CF_JDRQ", "2026/3/10");
	set("CF_YXQ", "2027-03-09");
	set("CF_CFJG", "槐荫区市场监督管理局");
	set("CF_CFJGDM", uscc);
	set("CF_SJLY", "槐荫区市场监督管理局");
	set("CF_SJLYDM", uscc);
}

static void validate(void)
{
	xy_vrow_dispose(&row);
	xy_vrow_init(&row, cf);
	if (xy_validate(&row, &catalog, xy_date_from_ymd(2026, 3, 20), in)) {
		for (size_t i = 0; i < row.nissues; i++)
			print_message("  %s\n", row.issues[i].message);
		fail_msg("the record is not valid");
	}
}

static int fidx(const char *code)
{
	int f = xy_item_field(cf, code);

	if (f < 0)
		fail_msg("no field '%s'", code);
	return f;
}

/* vals/lens hold exactly the row's canonical values. */
static void same_as_row(const char **vals, const size_t *lens)
{
	for (size_t i = 0; i < cf->nfields; i++) {
		size_t n;
		const char *v = xy_vrow_value(&row, (int)i, &n);

		if (lens[i] != n || memcmp(vals[i], v, n))
			fail_msg("field %s: '%.*s', '%s' expected",
				 cf->fields[i].code, (int)lens[i], vals[i], v);
	}
}

static void is_value(const char *v, size_t n, const char *want)
{
	assert_int_equal(n, strlen(want));
	assert_memory_equal(v, want, n);
}

/* ---- masking ---- */

static void mask_is(const char *s, const char *want)
{
	struct xy_buf b = XY_BUF_INIT;

	xy_buf_adds(&b, "<");
	xy_record_mask(&b, s, strlen(s));
	assert_memory_equal(b.ptr, "<", 1);
	assert_string_equal(b.ptr + 1, want);
	xy_buf_dispose(&b);
}

static void test_record__mask(void **state)
{
	(void)state;
	/* 18 characters: 6 + 8 stars + 4 */
	mask_is(RIC_1949, RIC_1949_MASKED);
	mask_is("370104198506071234", "370104********1234");
	/* 15 and more: the same 6 and 4 */
	mask_is("370104850607123", "370104*****7123");
	mask_is("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ABCDEF****************WXYZ");
	/* shorter: first and last character */
	mask_is("E12345678", "E*******8");
	mask_is("H0123456789012", "H************2");
	mask_is("abc", "a*c");
	/* two or fewer: nothing shown */
	mask_is("ab", "**");
	mask_is("a", "*");
	mask_is("", "");
}

static void test_record__mask_utf8(void **state)
{
	struct xy_buf b = XY_BUF_INIT;
	const char *vals[MAX_FIELDS];
	size_t lens[MAX_FIELDS];
	int zj = fidx("CF_XDR_ZJHM");

	(void)state;
	/*
	 * A number of another ID type is not checked and may hold any
	 * text: masking counts characters and never cuts one in two.
	 */
	mask_is("暂无", "**");
	mask_is("无证件", "无*件");
	mask_is("护照E1234567", "护********7");
	mask_is("ＡＢ证件号码一二三四五六七八九十",
		"ＡＢ证件号码******七八九十");

	/* what a record stores */
	org_record();
	set("CF_XDR_LB", "自然人");
	set("CF_XDR_MC", "李四");
	set("CF_XDR_SHXYM", NULL);
	set("CF_FRDB", NULL);
	set("CF_FR_ZJHM", NULL);
	set("CF_XDR_ZJLX", "台湾居民来往大陆通行证");
	set("CF_XDR_ZJHM", "无证件");
	validate();
	xy_record_encode(&b, &row, 0);
	assert_int_equal(
	    xy_record_decode(b.ptr, b.len, cf->nfields, vals, lens), 0);
	is_value(vals[zj], lens[zj], "无*件");
	xy_buf_dispose(&b);
}

/* ---- payload and content ---- */

static void test_record__roundtrip_plain(void **state)
{
	struct xy_buf b = XY_BUF_INIT;
	const char *vals[MAX_FIELDS];
	size_t lens[MAX_FIELDS];

	(void)state;
	org_record();
	validate();
	xy_record_encode(&b, &row, 1);
	assert_int_equal(
	    xy_record_decode(b.ptr, b.len, cf->nfields, vals, lens), 0);
	same_as_row(vals, lens);
	/* canonical values, not the input */
	is_value(vals[fidx("CF_FR_ZJHM")], lens[fidx("CF_FR_ZJHM")], RIC_1949);
	is_value(vals[fidx("CF_JDRQ")], lens[fidx("CF_JDRQ")], "2026-03-10");
	is_value(vals[fidx("CF_CFLB")], lens[fidx("CF_CFLB")], "警告;罚款");
	assert_int_equal(lens[fidx("BZ")], 0);

	/* the layout: a varint length and the bytes, field by field */
	assert_int_equal((unsigned char)b.ptr[0], 33); /* 11 characters */
	assert_memory_equal(b.ptr + 1, "槐荫区示例商贸有限公司", 33);
	assert_int_equal((unsigned char)b.ptr[34], 24);
	assert_memory_equal(b.ptr + 35, "法人及非法人组织", 24);
	xy_buf_dispose(&b);
}

static void test_record__roundtrip_masked(void **state)
{
	struct xy_buf b = XY_BUF_INIT, c = XY_BUF_INIT;
	const char *vals[MAX_FIELDS];
	size_t lens[MAX_FIELDS];
	int fr = fidx("CF_FR_ZJHM");

	(void)state;
	org_record();
	validate();
	xy_record_encode(&b, &row, 0);
	xy_record_encode(&c, &row, 1);
	assert_int_equal(b.len, c.len); /* masking keeps the length */
	assert_true(memcmp(b.ptr, c.ptr, b.len) != 0);
	assert_null(memmem(b.ptr, b.len, RIC_1949, 18));
	assert_non_null(memmem(c.ptr, c.len, RIC_1949, 18));

	assert_int_equal(
	    xy_record_decode(b.ptr, b.len, cf->nfields, vals, lens), 0);
	is_value(vals[fr], lens[fr], RIC_1949_MASKED);
	for (size_t i = 0; i < cf->nfields; i++) {
		size_t n;
		const char *v = xy_vrow_value(&row, (int)i, &n);

		if ((int)i == fr)
			continue;
		assert_int_equal(lens[i], n);
		assert_memory_equal(vals[i], v, n);
	}

	/* appends: two records one after the other */
	xy_buf_reset(&c);
	xy_buf_adds(&c, "xy");
	xy_record_encode(&c, &row, 0);
	assert_int_equal(c.len, b.len + 2);
	assert_memory_equal(c.ptr + 2, b.ptr, b.len);
	xy_buf_dispose(&b);
	xy_buf_dispose(&c);
}

static void test_record__long_value(void **state)
{
	struct xy_buf name = XY_BUF_INIT, b = XY_BUF_INIT;
	const char *vals[MAX_FIELDS];
	size_t lens[MAX_FIELDS];

	(void)state;
	/* 600 bytes: a two-byte varint (0xd8 0x04) */
	for (int i = 0; i < 200; i++)
		xy_buf_adds(&name, "槐");
	org_record();
	set("CF_XDR_MC", name.ptr);
	validate();
	xy_record_encode(&b, &row, 0);
	assert_int_equal((unsigned char)b.ptr[0], 0xd8);
	assert_int_equal((unsigned char)b.ptr[1], 0x04);
	assert_int_equal(
	    xy_record_decode(b.ptr, b.len, cf->nfields, vals, lens), 0);
	assert_int_equal(lens[0], 600);
	assert_memory_equal(vals[0], name.ptr, 600);
	xy_buf_dispose(&name);
	xy_buf_dispose(&b);
}

/* ---- secret ---- */

static void test_record__secret(void **state)
{
	struct xy_buf pay = XY_BUF_INIT, sec = XY_BUF_INIT;
	const char *vals[MAX_FIELDS];
	size_t lens[MAX_FIELDS];
	int fr = fidx("CF_FR_ZJHM"), zj = fidx("CF_XDR_ZJHM");

	(void)state;
	assert_int_equal(fr, 10);
	assert_int_equal(zj, 12);

	/* an organisation: one personal value */
	org_record();
	validate();
	xy_record_encode(&pay, &row, 0);
	xy_record_encode_secret(&sec, &row);
	assert_int_equal(sec.len, 2 + 18);
	assert_int_equal((unsigned char)sec.ptr[0], 10);
	assert_int_equal((unsigned char)sec.ptr[1], 18);
	assert_memory_equal(sec.ptr + 2, RIC_1949, 18);

	assert_int_equal(
	    xy_record_decode(pay.ptr, pay.len, cf->nfields, vals, lens), 0);
	is_value(vals[fr], lens[fr], RIC_1949_MASKED);
	assert_int_equal(
	    xy_record_apply_secret(sec.ptr, sec.len, cf->nfields, vals, lens),
	    0);
	same_as_row(vals, lens);

	/* a natural person with a passport */
	org_record();
	set("CF_XDR_LB", "自然人");
	set("CF_XDR_MC", "李四");
	set("CF_XDR_SHXYM", NULL);
	set("CF_FRDB", NULL);
	set("CF_FR_ZJHM", NULL);
	set("CF_XDR_ZJLX", "护照");
	set("CF_XDR_ZJHM", "e12345678");
	validate();
	xy_buf_reset(&pay);
	xy_buf_reset(&sec);
	xy_record_encode(&pay, &row, 0);
	xy_record_encode_secret(&sec, &row);
	assert_int_equal(sec.len, 2 + 9);
	assert_memory_equal(sec.ptr,
			    "\x0c\x09"
			    "E12345678",
			    11);
	assert_int_equal(
	    xy_record_decode(pay.ptr, pay.len, cf->nfields, vals, lens), 0);
	is_value(vals[zj], lens[zj], "E*******8");
	assert_int_equal(lens[fr], 0);
	assert_int_equal(
	    xy_record_apply_secret(sec.ptr, sec.len, cf->nfields, vals, lens),
	    0);
	same_as_row(vals, lens);

	/* both: in field order */
	set("CF_FR_ZJHM", RIC_1949);
	validate();
	xy_buf_reset(&sec);
	xy_record_encode_secret(&sec, &row);
	assert_int_equal(sec.len, 20 + 11);
	assert_memory_equal(sec.ptr,
			    "\x0a\x12" RIC_1949 "\x0c\x09"
			    "E12345678",
			    31);

	/* a representative with a passport: kept as given, upper-cased */
	org_record();
	set("CF_FR_ZJLX", "护照");
	set("CF_FR_ZJHM", "e7654321");
	validate();
	xy_buf_reset(&sec);
	xy_record_encode_secret(&sec, &row);
	assert_int_equal(sec.len, 2 + 8);
	assert_memory_equal(sec.ptr,
			    "\x0a\x08"
			    "E7654321",
			    10);
	xy_vrow_dispose(&row);
	xy_buf_dispose(&pay);
	xy_buf_dispose(&sec);
}

static void test_record__secret_empty(void **state)
{
	struct xy_buf json = XY_BUF_INIT, sec = XY_BUF_INIT;
	struct xy_catalog cat;
	const struct xy_item *it;
	struct xy_vinput vin[3];
	struct xy_vrow r;

	(void)state;
	/* an item without personal fields has no secret */
	xy_catalog_init(&cat);
	xy_buf_adds(
	    &json,
	    "{\"code\":\"t\",\"name\":\"测试\",\"deadline\":{\"days\":1},"
	    "\"roles\":{\"dept\":\"A\",\"doc_no\":\"B\","
	    "\"decision_date\":\"C\",\"subject_name\":\"B\","
	    "\"subject_kind\":\"B\"},\"fields\":["
	    "{\"code\":\"A\",\"name\":\"甲\",\"type\":\"text\"},"
	    "{\"code\":\"B\",\"name\":\"乙\",\"type\":\"text\"},"
	    "{\"code\":\"C\",\"name\":\"丙\",\"type\":\"date\"}]}");
	assert_int_equal(xy_catalog_add_item(&cat, json.ptr, json.len), 0);
	it = xy_catalog_item(&cat, "t");
	assert_non_null(it);
	memset(vin, 0, sizeof(vin));
	vin[0].ptr = "x";
	vin[0].len = 1;
	vin[2].ptr = "2026-01-01";
	vin[2].len = 10;
	xy_vrow_init(&r, it);
	assert_int_equal(xy_validate(&r, &cat, 0, vin), 0);
	xy_buf_adds(&sec, "k");
	xy_record_encode_secret(&sec, &r);
	assert_string_equal(sec.ptr, "k");
	xy_buf_reset(&sec);
	xy_record_encode(&sec, &r, 0);
	assert_memory_equal(sec.ptr,
			    "\x01x\x00\x0a"
			    "2026-01-01",
			    14);
	assert_int_equal(sec.len, 14);
	xy_vrow_dispose(&r);
	xy_buf_dispose(&json);
	xy_buf_dispose(&sec);
	xy_catalog_dispose(&cat);
}

/* ---- damaged input ---- */

static int decode3(const char *p, size_t len)
{
	const char *vals[3];
	size_t lens[3];

	return xy_record_decode(p, len, 3, vals, lens);
}

static void test_record__damaged(void **state)
{
	struct xy_buf b = XY_BUF_INIT;
	const char *vals[MAX_FIELDS];
	size_t lens[MAX_FIELDS];
	size_t bounds[MAX_FIELDS + 1], nb = 0, pos = 0;

	(void)state;
	/* well-formed */
	assert_int_equal(decode3("\x01"
				 "a\x00\x02"
				 "bc",
				 6),
			 0);
	/* a varint cut short */
	assert_int_equal(decode3("\x80", 1), -1);
	assert_int_equal(decode3("\x01"
				 "a\xff\xff",
				 4),
			 -1);
	/* a length past the end */
	assert_int_equal(decode3("\x05"
				 "ab",
				 3),
			 -1);
	assert_int_equal(decode3("\x01"
				 "a\x02"
				 "b",
				 4),
			 -1);
	assert_int_equal(decode3("\xff\xff\xff\xff\x0f"
				 "a",
				 6),
			 -1);
	/* more fields than the item has */
	assert_int_equal(decode3("\x00\x00\x00\x00", 4), -1);
	assert_int_equal(decode3("\x00\x00\x00\x01"
				 "z",
				 5),
			 -1);

	/* a real payload cut anywhere: valid exactly at field boundaries */
	org_record();
	validate();
	xy_record_encode(&b, &row, 0);
	for (size_t i = 0; i < cf->nfields; i++) {
		size_t n;

		bounds[nb++] = pos;
		xy_vrow_value(&row, (int)i, &n);
		pos += 1 + n + (n >= 128);
	}
	assert_int_equal(pos, b.len);
	bounds[nb++] = pos;
	for (size_t cut = 0; cut <= b.len; cut++) {
		int at_bound = 0;
		int r;

		for (size_t k = 0; k < nb; k++)
			at_bound |= bounds[k] == cut;
		r = xy_record_decode(b.ptr, cut, cf->nfields, vals, lens);
		if (r != (at_bound ? 0 : -1))
			fail_msg("cut at %zu: %d", cut, r);
	}
	xy_buf_dispose(&b);
}

static void test_record__damaged_secret(void **state)
{
	const char *vals[3] = {"", "", ""};
	size_t lens[3] = {0, 0, 0};

	(void)state;
	assert_int_equal(xy_record_apply_secret("", 0, 3, vals, lens), 0);
	assert_int_equal(xy_record_apply_secret("\x02\x01"
						"z",
						3, 3, vals, lens),
			 0);
	is_value(vals[2], lens[2], "z");
	/* index past the item's fields */
	assert_int_equal(xy_record_apply_secret("\x03\x01"
						"z",
						3, 3, vals, lens),
			 -1);
	/* cut varints */
	assert_int_equal(xy_record_apply_secret("\x80", 1, 3, vals, lens), -1);
	assert_int_equal(xy_record_apply_secret("\x01", 1, 3, vals, lens), -1);
	assert_int_equal(xy_record_apply_secret("\x01\x80", 2, 3, vals, lens),
			 -1);
	/* a length past the end */
	assert_int_equal(xy_record_apply_secret("\x01\x05"
						"ab",
						4, 3, vals, lens),
			 -1);
}

/* ---- catalog versions ---- */

static void test_record__fewer_fields(void **state)
{
	struct xy_buf b = XY_BUF_INIT;
	const char *vals[MAX_FIELDS];
	size_t lens[MAX_FIELDS];
	size_t n = cf->nfields;

	(void)state;
	/* a payload written before two fields were appended */
	org_record();
	validate();
	xy_record_encode(&b, &row, 1);
	vals[n] = vals[n + 1] = "stale";
	lens[n] = lens[n + 1] = 5;
	assert_int_equal(xy_record_decode(b.ptr, b.len, n + 2, vals, lens), 0);
	same_as_row(vals, lens);
	assert_int_equal(lens[n], 0);
	assert_string_equal(vals[n], "");
	assert_int_equal(lens[n + 1], 0);
	assert_string_equal(vals[n + 1], "");

	/* an empty payload: every field empty */
	vals[0] = "stale";
	lens[0] = 5;
	assert_int_equal(xy_record_decode("", 0, n, vals, lens), 0);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(lens[i], 0);
		assert_string_equal(vals[i], "");
	}

	/* but not more fields than asked for */
	assert_int_equal(xy_record_decode(b.ptr, b.len, n - 1, vals, lens), -1);
	xy_buf_dispose(&b);
}

int main(void)
{
#define T(f) cmocka_unit_test_teardown(f, case_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_record__mask),
	    T(test_record__mask_utf8),
	    T(test_record__roundtrip_plain),
	    T(test_record__roundtrip_masked),
	    T(test_record__long_value),
	    T(test_record__secret),
	    T(test_record__secret_empty),
	    T(test_record__damaged),
	    T(test_record__damaged_secret),
	    T(test_record__fewer_fields),
	};
#undef T

	return cmocka_run_group_tests(tests, setup, teardown);
}
