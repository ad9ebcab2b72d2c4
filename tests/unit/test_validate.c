/*
 * test_validate.c - normalisation and validation of records against the
 * real catalog items (core/validate.h, DOMAIN.md §2).
 *
 * The catalog is catalog/ of the source tree (XY_SOURCE_DIR, set by
 * ctest), loaded as the platform loads it. Every case starts from a valid
 * record and changes a few values; the expected issue list (field, code,
 * warning flag and for many the message) is then asserted exactly, in
 * the order validate.c reports it: first-pass issues by field, then the
 * cross-field ones by field.
 *
 * Codes are computed with the check-character functions of core/ids.h,
 * so every "valid" code is valid by construction and every "wrong" one
 * differs from a valid one in exactly the place under test.
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
#include "core/validate.h"
#include "core/verr.h"
#include "service/platform.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/banned.h"

#define MAX_FIELDS 64

static struct xy_catalog catalog;
static const struct xy_item *cf, *xk;
static const struct xy_item *cur; /* the item in[] is filled for */
static struct xy_vinput in[MAX_FIELDS];
static struct xy_vrow row;
static int32_t reported; /* 2026-03-20 unless a case says otherwise */

/* Codes computed once in setup. */
static char org_uscc[19];    /* 91370104…: an enterprise */
static char ind_uscc[19];    /* 92370104…: an individual business */
static char dept_uscc[19];   /* 11370104…: an authority */
static char badorg_uscc[19]; /* valid check, wrong GB 11714 check */

#define RIC_1949 "11010519491231002X" /* DOMAIN.md §1.3 example */

static int32_t day(int y, int m, int d)
{
	return xy_date_from_ymd(y, m, d);
}

/* authority+category+division (8) and org body (8) → a valid USCC */
static void make_uscc(char out[19], const char *head8, const char *body8)
{
	memcpy(out, head8, 8);
	memcpy(out + 8, body8, 8);
	out[16] = xy_orgcode_check_char(body8);
	assert_true(out[16] != '\0');
	out[17] = xy_uscc_check_char(out);
	assert_true(out[17] != '\0');
	out[18] = '\0';
	assert_int_equal(xy_uscc_check(out, 18, 0, NULL), XY_V_OK);
}

/* 17 digits → the 18-character ID number */
static void make_ric(char out[19], const char *s17)
{
	memcpy(out, s17, 17);
	out[17] = xy_ric_check_char(s17);
	assert_true(out[17] != '\0');
	out[18] = '\0';
}

/* A different, still valid, check character than c (for "wrong check"). */
static char other_check(char c)
{
	return c == '0' ? '1' : '0';
}

/* Full-width form of ASCII s (space → U+3000) into out. */
static void widen(struct xy_buf *out, const char *s)
{
	for (; *s; s++) {
		unsigned cp = *s == ' ' ? 0x3000u : (unsigned char)*s + 0xfee0u;

		xy_buf_addch(out, (int)(0xe0 | (cp >> 12)));
		xy_buf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3f)));
		xy_buf_addch(out, (int)(0x80 | (cp & 0x3f)));
	}
}

static int setup(void **state)
{
	const char *root = getenv("XY_SOURCE_DIR");
	struct xy_buf dir = XY_BUF_INIT;
	int err;

	(void)state;
	xy_buf_addf(&dir, "%s/catalog", root ? root : ".");
	xy_catalog_init(&catalog);
	err = xy_catalog_load_dir(&catalog, dir.ptr);
	if (err < 0) {
		print_error("cannot load '%s': %s (is XY_SOURCE_DIR set?)\n",
			    dir.ptr, xy_error_msg());
		xy_buf_dispose(&dir);
		return -1;
	}
	xy_buf_dispose(&dir);
	cf = xy_catalog_item(&catalog, "xzcf");
	xk = xy_catalog_item(&catalog, "xzxk");
	if (!cf || !xk || cf->nfields > MAX_FIELDS || xk->nfields > MAX_FIELDS)
		return -1;
	make_uscc(org_uscc, "91370104", "MA3C5X7B");
	make_uscc(ind_uscc, "92370104", "MA3D8Y2K");
	make_uscc(dept_uscc, "11370104", "00418265");
	make_uscc(badorg_uscc, "91370104", "MA3C5X7B");
	badorg_uscc[16] = other_check(badorg_uscc[16]);
	badorg_uscc[17] = xy_uscc_check_char(badorg_uscc);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	xy_catalog_dispose(&catalog);
	return 0;
}

/* After each case: the row goes, strictness is back to platform.json. */
static int case_teardown(void **state)
{
	(void)state;
	xy_vrow_dispose(&row);
	catalog.strict = 0;
	return 0;
}

/* ---- building and checking records ---- */

/* Sets the raw value of a field; NULL: the column is missing. */
static void set(const char *code, const char *v)
{
	int f = xy_item_field(cur, code);

	if (f < 0)
		fail_msg("no field '%s' in '%s'", code, cur->code);
	in[f].ptr = v;
	in[f].len = v ? strlen(v) : 0;
	in[f].bad = 0;
}

static void start(const struct xy_item *it)
{
	cur = it;
	memset(in, 0, sizeof(in));
	xy_vrow_dispose(&row);
	xy_vrow_init(&row, it);
	reported = day(2026, 3, 20);
}

/* A valid penalty on an enterprise, decided 2026-03-10. */
static void cf_valid(void)
{
	start(cf);
	set("CF_XDR_MC", "槐荫区示例商贸有限公司");
	set("CF_XDR_LB", "法人及非法人组织");
	set("CF_XDR_SHXYM", org_uscc);
	set("CF_FRDB", "张三");
	set("CF_FR_ZJLX", "身份证");
	set("CF_FR_ZJHM", RIC_1949);
	set("CF_WSH", "槐市监罚〔2026〕37号");
	set("CF_WFXW", "未按规定明码标价");
	set("CF_SY", "当事人销售商品未明码标价。");
	set("CF_YJ", "《中华人民共和国价格法》第四十二条");
	set("CF_CFLB", "警告");
	set("CF_NR", "警告");
	set("CF_JDRQ", "2026-03-10");
	set("CF_YXQ", "2027-03-09");
	set("CF_CFJG", "槐荫区市场监督管理局");
	set("CF_CFJGDM", dept_uscc);
	set("CF_SJLY", "槐荫区市场监督管理局");
	set("CF_SJLYDM", dept_uscc);
}

/* The same penalty on a natural person with a 身份证 number. */
static void cf_person(const char *idno)
{
	cf_valid();
	set("CF_XDR_MC", "李四");
	set("CF_XDR_LB", "自然人");
	set("CF_XDR_SHXYM", NULL);
	set("CF_FRDB", NULL);
	set("CF_FR_ZJLX", NULL);
	set("CF_FR_ZJHM", NULL);
	set("CF_XDR_ZJLX", "身份证");
	set("CF_XDR_ZJHM", idno);
}

/* A valid licence for an enterprise, decided 2026-03-10. */
static void xk_valid(void)
{
	start(xk);
	set("XK_XDR_MC", "槐荫区示例商贸有限公司");
	set("XK_XDR_LB", "法人及非法人组织");
	set("XK_XDR_SHXYM", org_uscc);
	set("XK_FRDB", "张三");
	set("XK_FR_ZJHM", RIC_1949);
	set("XK_XKWS", "食品经营许可决定书");
	set("XK_WSH", "槐市监许〔2026〕12号");
	set("XK_XKLB", "普通");
	set("XK_XKZS", "食品经营许可证");
	set("XK_XKBH", "JY13701040012345");
	set("XK_NR", "预包装食品销售");
	set("XK_JDRQ", "2026-03-10");
	set("XK_YXQZ", "2026-03-10");
	set("XK_YXQZI", "2031-03-09");
	set("XK_XKJG", "槐荫区市场监督管理局");
	set("XK_XKJGDM", dept_uscc);
	set("XK_ZT", "1");
	set("XK_LYDW", "槐荫区市场监督管理局");
	set("XK_LYDWDM", dept_uscc);
}

static size_t run(void)
{
	size_t n = xy_validate(&row, &catalog, reported, in);

	assert_int_equal(n, row.nerrors);
	return n;
}

static int fidx(const char *code)
{
	int f = xy_item_field(cur, code);

	if (f < 0)
		fail_msg("no field '%s' in '%s'", code, cur->code);
	return f;
}

/* The canonical value of a field (NUL-terminated: values are). */
static const char *value(const char *code)
{
	return xy_vrow_value(&row, fidx(code), NULL);
}

static enum xy_vstate vstate(const char *code)
{
	return row.state[fidx(code)];
}

static void dump(void)
{
	for (size_t i = 0; i < row.nissues; i++)
		print_message("  issue %zu: %s %s%s: %s\n", i,
			      cur->fields[row.issues[i].field].code,
			      xy_verr_name(row.issues[i].code),
			      row.issues[i].warning ? " (warning)" : "",
			      row.issues[i].message);
}

static void nissues(size_t n)
{
	if (row.nissues != n) {
		dump();
		fail_msg("%zu issues, %zu expected", row.nissues, n);
	}
}

static void issue_is(size_t i, const char *code, enum xy_verr e, int warning)
{
	const struct xy_issue *is;

	if (i >= row.nissues) {
		dump();
		fail_msg("no issue %zu", i);
	}
	is = &row.issues[i];
	if (is->field != fidx(code) || is->code != e ||
	    is->warning != warning) {
		dump();
		fail_msg("issue %zu: %s %s%s expected", i, code,
			 xy_verr_name(e), warning ? " (warning)" : "");
	}
}

/* Exactly one issue, an error unless warning. */
static void only(const char *code, enum xy_verr e, int warning)
{
	nissues(1);
	issue_is(0, code, e, warning);
}

static void message_is(size_t i, const char *msg)
{
	assert_true(i < row.nissues);
	assert_string_equal(row.issues[i].message, msg);
}

/* Validates and expects a clean record. */
static void valid(void)
{
	size_t n = run();

	nissues(0);
	assert_int_equal(n, 0);
}

/* Validates and expects exactly one error. */
static void invalid(const char *code, enum xy_verr e)
{
	assert_int_equal(run(), 1);
	only(code, e, 0);
	assert_int_equal(vstate(code), XY_VS_BAD);
}

/* No message of the row quotes number (ID numbers are personal). */
static void no_leak(const char *number)
{
	for (size_t i = 0; i < row.nissues; i++)
		if (strstr(row.issues[i].message, number)) {
			dump();
			fail_msg("issue %zu quotes the ID number", i);
		}
}

/* ---- a valid record ---- */

static void test_validate__valid_org(void **state)
{
	(void)state;
	cf_valid();
	valid();
	assert_string_equal(value("CF_XDR_MC"), "槐荫区示例商贸有限公司");
	assert_string_equal(value("CF_XDR_SHXYM"), org_uscc);
	assert_string_equal(value("CF_FR_ZJHM"), RIC_1949);
	assert_string_equal(value("CF_JDRQ"), "2026-03-10");
	assert_int_equal(row.dates[fidx("CF_JDRQ")], day(2026, 3, 10));
	assert_int_equal(row.dates[fidx("CF_YXQ")], day(2027, 3, 9));
	assert_int_equal(row.dates[fidx("CF_GSJZQ")], XY_DATE_NONE);
	assert_int_equal(vstate("CF_XDR_MC"), XY_VS_OK);
	assert_int_equal(vstate("BZ"), XY_VS_ABSENT);
	assert_string_equal(value("BZ"), "");
	assert_true(xy_vrow_ok(&row, fidx("CF_CFJGDM")));
	assert_false(xy_vrow_ok(&row, fidx("CF_NR_FK")));
	assert_false(xy_vrow_ok(&row, -1));
}

static void test_validate__row_reuse(void **state)
{
	(void)state;
	/* one row for many records: nothing of the last one stays */
	cf_valid();
	set("CF_WSH", NULL);
	set("CF_JDRQ", "2026-02-30");
	assert_int_equal(run(), 2);
	set("CF_WSH", "槐市监罚〔2026〕38号");
	set("CF_JDRQ", "2026-03-11");
	valid();
	assert_string_equal(value("CF_WSH"), "槐市监罚〔2026〕38号");
	assert_string_equal(value("CF_JDRQ"), "2026-03-11");
	assert_int_equal(vstate("CF_JDRQ"), XY_VS_OK);
}

/* ---- required ---- */

static const char *const cf_required[] = {
    "CF_XDR_MC", "CF_XDR_LB", "CF_WSH",	 "CF_WFXW",   "CF_SY",
    "CF_YJ",	 "CF_CFLB",   "CF_NR",	 "CF_JDRQ",   "CF_YXQ",
    "CF_CFJG",	 "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM",
};
#define NREQ (sizeof(cf_required) / sizeof(cf_required[0]))

static void expect_all_required(void)
{
	assert_int_equal(run(), NREQ);
	nissues(NREQ);
	for (size_t i = 0; i < NREQ; i++) {
		issue_is(i, cf_required[i], XY_V_REQUIRED, 0);
		assert_int_equal(vstate(cf_required[i]), XY_VS_BAD);
	}
	message_is(0, "missing value for 'CF_XDR_MC'");
	message_is(NREQ - 1, "missing value for 'CF_SJLYDM'");
}

static void test_validate__all_required_missing(void **state)
{
	(void)state;
	/* no column at all */
	start(cf);
	expect_all_required();

	/* every column there, every value empty or white space */
	start(cf);
	for (size_t i = 0; i < cf->nfields; i++) {
		in[i].ptr = i % 2 ? "" : " \t\xe3\x80\x80 "; /* U+3000 */
		in[i].len = strlen(in[i].ptr);
	}
	expect_all_required();
}

static void test_validate__missing_column(void **state)
{
	(void)state;
	cf_valid();
	set("CF_WSH", NULL);
	invalid("CF_WSH", XY_V_REQUIRED);
	message_is(0, "missing value for 'CF_WSH'");
	assert_string_equal(value("CF_WSH"), "");

	cf_valid();
	set("CF_CFJGDM", NULL);
	invalid("CF_CFJGDM", XY_V_REQUIRED);
}

static void test_validate__required_org(void **state)
{
	(void)state;
	cf_valid();
	set("CF_XDR_SHXYM", NULL);
	set("CF_FRDB", "");
	set("CF_FR_ZJLX", NULL);
	set("CF_FR_ZJHM", NULL);
	assert_int_equal(run(), 3);
	nissues(3);
	issue_is(0, "CF_XDR_SHXYM", XY_V_REQUIRED, 0);
	issue_is(1, "CF_FRDB", XY_V_REQUIRED, 0);
	issue_is(2, "CF_FR_ZJHM", XY_V_REQUIRED, 0);
	message_is(0, "missing value for 'CF_XDR_SHXYM'");
	message_is(2, "missing value for 'CF_FR_ZJHM'");
}

static void test_validate__required_individual(void **state)
{
	(void)state;
	/* 个体工商户: a USCC, but no legal representative */
	cf_valid();
	set("CF_XDR_LB", "个体工商户");
	set("CF_XDR_SHXYM", ind_uscc);
	set("CF_FRDB", NULL);
	set("CF_FR_ZJLX", NULL);
	set("CF_FR_ZJHM", NULL);
	valid();

	set("CF_XDR_SHXYM", NULL);
	invalid("CF_XDR_SHXYM", XY_V_REQUIRED);
}

static void test_validate__required_person(void **state)
{
	(void)state;
	/* 自然人: no USCC, no representative; ID type and number */
	cf_person(NULL);
	set("CF_XDR_ZJLX", NULL);
	assert_int_equal(run(), 2);
	nissues(2);
	issue_is(0, "CF_XDR_ZJLX", XY_V_REQUIRED, 0);
	issue_is(1, "CF_XDR_ZJHM", XY_V_REQUIRED, 0);
	message_is(0, "missing value for 'CF_XDR_ZJLX'");
	message_is(1, "missing value for 'CF_XDR_ZJHM'");

	cf_person(RIC_1949);
	valid();
	assert_int_equal(vstate("CF_XDR_SHXYM"), XY_VS_ABSENT);

	/* not required for an organisation */
	cf_valid();
	set("CF_XDR_ZJLX", NULL);
	set("CF_XDR_ZJHM", NULL);
	valid();
}

static void test_validate__required_fine(void **state)
{
	(void)state;
	cf_valid();
	set("CF_CFLB", "警告;罚款");
	invalid("CF_NR_FK", XY_V_REQUIRED);
	message_is(0, "missing value for 'CF_NR_FK'");

	set("CF_NR_FK", "0.5");
	valid();
	assert_string_equal(value("CF_NR_FK"), "0.5");

	/* by code too: the condition sees the canonical value */
	set("CF_CFLB", "02");
	set("CF_NR_FK", NULL);
	invalid("CF_NR_FK", XY_V_REQUIRED);

	/* an amount without 罚款 is fine */
	set("CF_CFLB", "警告");
	set("CF_NR_FK", "0.5");
	valid();
}

static void test_validate__required_confiscation(void **state)
{
	static const char *const kinds[] = {"没收违法所得", "没收非法财物",
					    "03", "09"};

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		cf_valid();
		set("CF_CFLB", kinds[i]);
		invalid("CF_NR_WFFF", XY_V_REQUIRED);
		set("CF_NR_WFFF", "1.2");
		valid();
	}

	/* 罚款 and 没收违法所得: both amounts */
	cf_valid();
	set("CF_CFLB", "罚款、没收违法所得");
	assert_int_equal(run(), 2);
	nissues(2);
	issue_is(0, "CF_NR_FK", XY_V_REQUIRED, 0);
	issue_is(1, "CF_NR_WFFF", XY_V_REQUIRED, 0);
	message_is(1, "missing value for 'CF_NR_WFFF'");
}

static void test_validate__required_licence(void **state)
{
	static const char *const kinds[] = {"暂扣许可证件", "吊销许可证件",
					    "11", "05"};

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		cf_valid();
		set("CF_CFLB", kinds[i]);
		invalid("CF_NR_ZKDX", XY_V_REQUIRED);
		message_is(0, "missing value for 'CF_NR_ZKDX'");
		set("CF_NR_ZKDX", "食品经营许可证 JY13701040012345");
		valid();
	}

	/* 降低资质等级 is none of them */
	cf_valid();
	set("CF_CFLB", "降低资质等级");
	valid();
}

/* ---- length ---- */

static void test_validate__too_long(void **state)
{
	struct xy_buf s = XY_BUF_INIT;

	(void)state;
	/* 200 characters of three bytes each: within the limit */
	for (int i = 0; i < 200; i++)
		xy_buf_adds(&s, "槐");
	cf_valid();
	set("CF_XDR_MC", s.ptr);
	valid();
	assert_string_equal(value("CF_XDR_MC"), s.ptr);

	xy_buf_adds(&s, "荫");
	set("CF_XDR_MC", s.ptr);
	invalid("CF_XDR_MC", XY_V_TOO_LONG);
	message_is(0, "value of 201 characters in 'CF_XDR_MC', at most 200 "
		      "allowed");

	/* ASCII the same */
	xy_buf_reset(&s);
	for (int i = 0; i < 200; i++)
		xy_buf_addch(&s, 'a');
	set("CF_XDR_MC", s.ptr);
	valid();
	xy_buf_addch(&s, 'b');
	set("CF_XDR_MC", s.ptr);
	invalid("CF_XDR_MC", XY_V_TOO_LONG);

	/* counted after the trim */
	xy_buf_reset(&s);
	xy_buf_adds(&s, "   槐市监罚〔2026〕37号    ");
	set("CF_XDR_MC", "槐荫区示例商贸有限公司");
	set("CF_WSH", s.ptr);
	valid();
	assert_string_equal(value("CF_WSH"), "槐市监罚〔2026〕37号");

	/* 组织机构代码: 10 at most (printed form XXXXXXXX-C) */
	set("CF_XDR_ZZJG", "MA3C5X7B-0");
	valid();
	set("CF_XDR_ZZJG", "MA3C5X7B-00");
	invalid("CF_XDR_ZZJG", XY_V_TOO_LONG);
	message_is(0, "value of 11 characters in 'CF_XDR_ZZJG', at most 10 "
		      "allowed");
	xy_buf_dispose(&s);
}

/* ---- enumerations ---- */

static void test_validate__enum(void **state)
{
	struct xy_buf s = XY_BUF_INIT;

	(void)state;
	cf_valid();
	set("CF_FR_ZJLX", "01");
	set("CF_CFLB", "02");
	set("CF_NR_FK", "1");
	valid();
	assert_string_equal(value("CF_FR_ZJLX"), "身份证");
	assert_string_equal(value("CF_CFLB"), "罚款");

	set("CF_FR_ZJLX", "护照");
	valid();
	assert_string_equal(value("CF_FR_ZJLX"), "护照");

	/* not a value: the rules that read it do not fire */
	cf_valid();
	set("CF_XDR_LB", "公司");
	invalid("CF_XDR_LB", XY_V_ENUM);
	message_is(0, "unknown value '公司' for 'CF_XDR_LB'");

	/* codes are not guessed: 1 is not 01 */
	cf_valid();
	set("CF_FR_ZJLX", "1");
	invalid("CF_FR_ZJLX", XY_V_ENUM);
	message_is(0, "unknown value '1' for 'CF_FR_ZJLX'");

	/* a long value is quoted to 32 characters */
	for (int i = 0; i < 40; i++)
		xy_buf_adds(&s, "甲");
	cf_valid();
	set("CF_XDR_LB", s.ptr);
	invalid("CF_XDR_LB", XY_V_ENUM);
	xy_buf_reset(&s);
	xy_buf_adds(&s, "unknown value '");
	for (int i = 0; i < 32; i++)
		xy_buf_adds(&s, "甲");
	xy_buf_adds(&s, "...' for 'CF_XDR_LB'");
	message_is(0, s.ptr);
	xy_buf_dispose(&s);
}

static void test_validate__enum_list(void **state)
{
	static const char *const same[] = {
	    "警告;罚款",
	    "警告；罚款",
	    "警告,罚款",
	    "警告，罚款",
	    "警告、罚款",
	    " 警告 ; 罚款 ",
	    "警告 、 罚款",
	    "警告\t，\t罚款",
	    "01;02",
	    "01、罚款",
	    "警告;;罚款",
	    ";警告;罚款;",
	    "警告\xe3\x80\x80；\xe3\x80\x80罚款",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		cf_valid();
		set("CF_CFLB", same[i]);
		set("CF_NR_FK", "0.2");
		valid();
		if (strcmp(value("CF_CFLB"), "警告;罚款"))
			fail_msg("'%s' gave '%s'", same[i], value("CF_CFLB"));
	}

	cf_valid();
	set("CF_CFLB", "警告；通报批评,责令停产停业、限制从业");
	valid();
	assert_string_equal(value("CF_CFLB"),
			    "警告;通报批评;责令停产停业;限制从业");

	/* one unknown member spoils the list */
	cf_valid();
	set("CF_CFLB", "警告;拘役");
	invalid("CF_CFLB", XY_V_ENUM);
	message_is(0, "unknown value '拘役' for 'CF_CFLB'");

	/* ... and the fine is then not asked for */
	cf_valid();
	set("CF_CFLB", "罚款;拘役");
	invalid("CF_CFLB", XY_V_ENUM);

	/* a space alone does not separate (DOMAIN.md §2.3) */
	cf_valid();
	set("CF_CFLB", "警告 罚款");
	invalid("CF_CFLB", XY_V_ENUM);
	message_is(0, "unknown value '警告 罚款' for 'CF_CFLB'");

	/* separators only */
	cf_valid();
	set("CF_CFLB", ";、");
	invalid("CF_CFLB", XY_V_ENUM);
	message_is(0, "no value ';、' for 'CF_CFLB'");
}

/* ---- dates ---- */

static void test_validate__date_forms(void **state)
{
	static const char *const forms[] = {
	    "2026-03-10",
	    "2026/3/10",
	    "20260310",
	    "2026.03.10",
	    "2026年3月10日",
	    "2026-3-10",
	    "2026/03/10",
	    "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x96"
	    "\xef\xbc\x8d\xef\xbc\x90\xef\xbc\x93\xef\xbc\x8d"
	    "\xef\xbc\x91\xef\xbc\x90", /* ２０２６－０３－１０ */
	    " 2026年03月10日 ",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		cf_valid();
		set("CF_JDRQ", forms[i]);
		valid();
		if (strcmp(value("CF_JDRQ"), "2026-03-10"))
			fail_msg("'%s' gave '%s'", forms[i], value("CF_JDRQ"));
		assert_int_equal(row.dates[fidx("CF_JDRQ")], day(2026, 3, 10));
	}

	cf_valid();
	set("CF_GSJZQ", "2026年9月9日");
	valid();
	assert_string_equal(value("CF_GSJZQ"), "2026-09-09");
}

static void test_validate__date_impossible(void **state)
{
	static const char *const bad[] = {
	    "2026-02-30", "2026-13-01", "2026-00-10",  "20260230", "2026/3",
	    "2026-3/10",  "10/03/2026", "2026年3月10", "明天",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cf_valid();
		set("CF_JDRQ", bad[i]);
		invalid("CF_JDRQ", XY_V_DATE);
		assert_int_equal(row.dates[fidx("CF_JDRQ")], XY_DATE_NONE);
	}
	cf_valid();
	set("CF_JDRQ", "2026-02-30");
	invalid("CF_JDRQ", XY_V_DATE);
	message_is(0, "invalid date '2026-02-30' for 'CF_JDRQ'");

	/* a leap day is real */
	cf_valid();
	set("CF_JDRQ", "2024-02-29");
	valid();
	set("CF_JDRQ", "2025-02-29");
	invalid("CF_JDRQ", XY_V_DATE);
}

static void test_validate__date_future(void **state)
{
	(void)state;
	cf_valid();
	set("CF_JDRQ", "2026-03-21");
	invalid("CF_JDRQ", XY_V_DATE_FUTURE);
	message_is(0, "'CF_JDRQ' 2026-03-21 is after the reported date "
		      "2026-03-20");

	/* the day itself is not after it */
	set("CF_JDRQ", "2026-03-20");
	valid();

	/* the reported date is the caller's */
	set("CF_JDRQ", "2026-03-21");
	reported = day(2026, 3, 21);
	valid();

	/* only fields marked not_after_reported */
	cf_valid();
	set("CF_YXQ", "2030-01-01");
	set("CF_GSJZQ", "2029-01-01");
	valid();
}

static void test_validate__date_order(void **state)
{
	(void)state;
	cf_valid();
	set("CF_YXQ", "2026-03-09");
	invalid("CF_YXQ", XY_V_DATE_ORDER);
	message_is(0, "'CF_YXQ' 2026-03-09 is before 'CF_JDRQ' 2026-03-10");

	set("CF_YXQ", "2026-03-10");
	valid();

	cf_valid();
	set("CF_GSJZQ", "2026/3/1");
	invalid("CF_GSJZQ", XY_V_DATE_ORDER);
	message_is(0, "'CF_GSJZQ' 2026-03-01 is before 'CF_JDRQ' 2026-03-10");

	/* against an invalid decision date nothing is compared */
	cf_valid();
	set("CF_JDRQ", "2026-02-30");
	set("CF_YXQ", "2020-01-01");
	invalid("CF_JDRQ", XY_V_DATE);

	/* 有效期至 before 有效期自 */
	xk_valid();
	set("XK_YXQZI", "2026-03-09");
	invalid("XK_YXQZI", XY_V_DATE_ORDER);
	message_is(0, "'XK_YXQZI' 2026-03-09 is before 'XK_YXQZ' 2026-03-10");
	set("XK_YXQZI", "2099-12-31");
	valid();
}

/* ---- USCC ---- */

static void test_validate__uscc_format(void **state)
{
	char s[40], msg[160];

	(void)state;
	/* 17 characters */
	cf_valid();
	memcpy(s, org_uscc, 17);
	s[17] = '\0';
	set("CF_XDR_SHXYM", s);
	invalid("CF_XDR_SHXYM", XY_V_USCC_FORMAT);
	snprintf(msg, sizeof(msg),
		 "malformed unified social credit code '%s' for "
		 "'CF_XDR_SHXYM'",
		 s);
	message_is(0, msg);

	/* 19 characters */
	snprintf(s, sizeof(s), "%s1", org_uscc);
	set("CF_XDR_SHXYM", s);
	invalid("CF_XDR_SHXYM", XY_V_USCC_FORMAT);

	/* a letter outside the alphabet (I, O, S, V, Z) */
	memcpy(s, org_uscc, 19);
	s[10] = 'I';
	set("CF_XDR_SHXYM", s);
	invalid("CF_XDR_SHXYM", XY_V_USCC_FORMAT);

	/* category 4 of authority 9 does not exist */
	memcpy(s, org_uscc, 19);
	s[1] = '4';
	s[17] = xy_uscc_check_char(s);
	set("CF_XDR_SHXYM", s);
	invalid("CF_XDR_SHXYM", XY_V_USCC_FORMAT);

	/* authority G only with uscc_extra_authorities */
	memcpy(s, org_uscc, 19);
	s[0] = 'G';
	s[17] = xy_uscc_check_char(s);
	set("CF_XDR_SHXYM", s);
	invalid("CF_XDR_SHXYM", XY_V_USCC_FORMAT);

	/* the department codes are checked as well */
	cf_valid();
	set("CF_SJLYDM", "11370104");
	invalid("CF_SJLYDM", XY_V_USCC_FORMAT);
	message_is(0, "malformed unified social credit code '11370104' for "
		      "'CF_SJLYDM'");
}

static void test_validate__uscc_checksum(void **state)
{
	char s[19], msg[160];

	(void)state;
	memcpy(s, org_uscc, 19);
	s[17] = other_check(s[17]);
	cf_valid();
	set("CF_XDR_SHXYM", s);
	invalid("CF_XDR_SHXYM", XY_V_USCC_CHECKSUM);
	snprintf(msg, sizeof(msg),
		 "wrong check character in '%s' for 'CF_XDR_SHXYM'", s);
	message_is(0, msg);

	/* DOMAIN.md §1.1 example, completed with its check character */
	cf_valid();
	set("CF_CFJGDM", "91110000123456788M");
	set("CF_XDR_SHXYM", org_uscc);
	valid();
	set("CF_CFJGDM", "91110000123456788N");
	invalid("CF_CFJGDM", XY_V_USCC_CHECKSUM);
}

static void test_validate__orgcode_checksum(void **state)
{
	char msg[160];

	(void)state;
	/* a warning by default: the record is accepted */
	cf_valid();
	set("CF_XDR_SHXYM", badorg_uscc);
	assert_int_equal(run(), 0);
	only("CF_XDR_SHXYM", XY_V_ORGCODE_CHECKSUM, 1);
	snprintf(msg, sizeof(msg),
		 "organisation code inside '%s' fails its check in "
		 "'CF_XDR_SHXYM'",
		 badorg_uscc);
	message_is(0, msg);
	assert_int_equal(row.nerrors, 0);
	assert_int_equal(vstate("CF_XDR_SHXYM"), XY_VS_OK);
	assert_string_equal(value("CF_XDR_SHXYM"), badorg_uscc);

	/* an error in strict mode */
	catalog.strict = 1;
	assert_int_equal(run(), 1);
	only("CF_XDR_SHXYM", XY_V_ORGCODE_CHECKSUM, 0);
	message_is(0, msg);
	assert_int_equal(vstate("CF_XDR_SHXYM"), XY_VS_BAD);

	/* a good one is fine in strict mode too */
	set("CF_XDR_SHXYM", org_uscc);
	valid();
}

static void test_validate__placeholder(void **state)
{
	(void)state;
	/* 个体工商户 with 工商注册号 */
	cf_valid();
	set("CF_XDR_LB", "个体工商户");
	set("CF_XDR_SHXYM", XY_USCC_PLACEHOLDER);
	set("CF_XDR_GSZC", "370104600123456");
	set("CF_FRDB", NULL);
	set("CF_FR_ZJHM", NULL);
	valid();
	assert_string_equal(value("CF_XDR_SHXYM"), "00000000000000000X");

	/* lower-case x is the same placeholder */
	set("CF_XDR_SHXYM", "00000000000000000x");
	valid();
	assert_string_equal(value("CF_XDR_SHXYM"), "00000000000000000X");

	/* without 工商注册号 */
	set("CF_XDR_GSZC", " ");
	invalid("CF_XDR_SHXYM", XY_V_USCC_CHECKSUM);
	message_is(0, "placeholder code not allowed for this subject "
		      "'00000000000000000X' for 'CF_XDR_SHXYM'");

	/* an organisation, even with 工商注册号 */
	cf_valid();
	set("CF_XDR_SHXYM", XY_USCC_PLACEHOLDER);
	set("CF_XDR_GSZC", "370104600123456");
	invalid("CF_XDR_SHXYM", XY_V_USCC_CHECKSUM);

	/* a natural person */
	cf_person(RIC_1949);
	set("CF_XDR_SHXYM", XY_USCC_PLACEHOLDER);
	set("CF_XDR_GSZC", "370104600123456");
	invalid("CF_XDR_SHXYM", XY_V_USCC_CHECKSUM);

	/* a department's code never */
	cf_valid();
	set("CF_XDR_GSZC", "370104600123456");
	set("CF_CFJGDM", XY_USCC_PLACEHOLDER);
	invalid("CF_CFJGDM", XY_V_USCC_CHECKSUM);
}

static void test_validate__category_code_mismatch(void **state)
{
	(void)state;
	cf_valid();
	set("CF_XDR_LB", "个体工商户");
	set("CF_XDR_SHXYM", org_uscc);
	invalid("CF_XDR_SHXYM", XY_V_CATEGORY_CODE_MISMATCH);
	message_is(0, "'CF_XDR_SHXYM' must start with '92' for '个体工商户'");

	cf_valid();
	set("CF_XDR_SHXYM", ind_uscc);
	invalid("CF_XDR_SHXYM", XY_V_CATEGORY_CODE_MISMATCH);
	message_is(0, "'CF_XDR_SHXYM' must not start with '92' for "
		      "'法人及非法人组织'");

	/* an organisation may have any other authority and category */
	set("CF_XDR_SHXYM", dept_uscc);
	valid();

	/* a natural person's optional code is not compared */
	cf_person(RIC_1949);
	set("CF_XDR_SHXYM", ind_uscc);
	valid();
	set("CF_XDR_SHXYM", org_uscc);
	valid();
}

/* ---- ID numbers ---- */

static void test_validate__ric_valid(void **state)
{
	char born[19], old[16], want[19];

	(void)state;
	cf_person(RIC_1949);
	valid();
	assert_string_equal(value("CF_XDR_ZJHM"), RIC_1949);
	assert_string_equal(value("CF_XDR_ZJLX"), "身份证");

	/* lower-case x */
	cf_person("11010519491231002x");
	valid();
	assert_string_equal(value("CF_XDR_ZJHM"), RIC_1949);

	/* the ID type by its code */
	cf_person("11010519491231002x");
	set("CF_XDR_ZJLX", "01");
	valid();
	assert_string_equal(value("CF_XDR_ZJHM"), RIC_1949);

	/* 15 digits: 19 inserted, the check character appended */
	memcpy(old, "370104850607123", 16);
	make_ric(want, "37010419850607123");
	cf_person(old);
	valid();
	assert_string_equal(value("CF_XDR_ZJHM"), want);

	/* born on the decision date */
	make_ric(born, "37010420260310004");
	cf_person(born);
	valid();
	assert_string_equal(value("CF_XDR_ZJHM"), born);
}

static void test_validate__ric_format(void **state)
{
	static const char *const bad[] = {
	    "1101051949123100",	   /* 16 digits */
	    "1101051949123100211", /* 19 digits */
	    "11010519491231002Y",  /* check not a digit or X */
	    "1101051949123A002X",  /* a letter in the body */
	    "99010519491231002X",  /* no such province */
	    "11010549123100",	   /* 14 digits */
	    "11010549123100A",	   /* 15 with a letter */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cf_person(bad[i]);
		invalid("CF_XDR_ZJHM", XY_V_RIC_FORMAT);
		message_is(0, "malformed ID number for 'CF_XDR_ZJHM'");
		no_leak(bad[i]);
	}
}

static void test_validate__ric_checksum(void **state)
{
	char s[19];

	(void)state;
	memcpy(s, RIC_1949, 19);
	s[17] = '1';
	cf_person(s);
	invalid("CF_XDR_ZJHM", XY_V_RIC_CHECKSUM);
	message_is(0, "wrong check character of the ID number for "
		      "'CF_XDR_ZJHM'");
	no_leak(s);
	no_leak("110105");

	/* a digit changed in the body */
	memcpy(s, RIC_1949, 19);
	s[15] = '3';
	cf_person(s);
	invalid("CF_XDR_ZJHM", XY_V_RIC_CHECKSUM);
	no_leak(s);
}

static void test_validate__ric_birthdate(void **state)
{
	char s[19];

	(void)state;
	/* month 13 */
	make_ric(s, "11010519491331002");
	cf_person(s);
	invalid("CF_XDR_ZJHM", XY_V_RIC_BIRTHDATE);
	message_is(0, "impossible birth date in the ID number for "
		      "'CF_XDR_ZJHM'");
	no_leak(s);

	/* born after the decision (2026-03-10), before the report */
	make_ric(s, "37010420260315004");
	cf_person(s);
	invalid("CF_XDR_ZJHM", XY_V_RIC_BIRTHDATE);
	no_leak(s);

	/* with no valid decision date the reported date is the limit */
	cf_person(s);
	set("CF_JDRQ", "2026-02-30");
	assert_int_equal(run(), 1);
	only("CF_JDRQ", XY_V_DATE, 0);
	make_ric(s, "37010420260321004");
	cf_person(s);
	set("CF_JDRQ", "2026-02-30");
	assert_int_equal(run(), 2);
	nissues(2);
	issue_is(0, "CF_JDRQ", XY_V_DATE, 0);
	issue_is(1, "CF_XDR_ZJHM", XY_V_RIC_BIRTHDATE, 0);
	no_leak(s);
}

static void test_validate__ric_passport(void **state)
{
	(void)state;
	/* no ID-number check for another ID type, only upper-casing */
	cf_person("e12345678");
	set("CF_XDR_ZJLX", "护照");
	valid();
	assert_string_equal(value("CF_XDR_ZJHM"), "E12345678");

	cf_person("11010519491231002Y");
	set("CF_XDR_ZJLX", "02");
	valid();
	assert_string_equal(value("CF_XDR_ZJLX"), "护照");

	/* an unknown ID type: the number is not checked either */
	cf_person("11010519491231002Y");
	set("CF_XDR_ZJLX", "驾驶证");
	invalid("CF_XDR_ZJLX", XY_V_ENUM);
}

static void test_validate__legal_rep_ric(void **state)
{
	char s[19];

	(void)state;
	memcpy(s, RIC_1949, 19);
	s[17] = '1';

	/* type 身份证 */
	cf_valid();
	set("CF_FR_ZJHM", s);
	invalid("CF_FR_ZJHM", XY_V_RIC_CHECKSUM);
	message_is(0, "wrong check character of the ID number for "
		      "'CF_FR_ZJHM'");
	no_leak(s);

	/* no type given: taken as 身份证 */
	set("CF_FR_ZJLX", NULL);
	invalid("CF_FR_ZJHM", XY_V_RIC_CHECKSUM);
	no_leak(s);
	set("CF_FR_ZJHM", "110105491231002");
	valid();
	assert_string_equal(value("CF_FR_ZJHM"), RIC_1949);

	/* another type */
	set("CF_FR_ZJLX", "港澳居民来往内地通行证");
	set("CF_FR_ZJHM", "h01234567");
	valid();
	assert_string_equal(value("CF_FR_ZJHM"), "H01234567");

	/* too long: the message does not quote it either */
	cf_valid();
	set("CF_FR_ZJHM", "11010519491231002X11010519491231002X"
			  "11010519491231002X11010519491231002X");
	invalid("CF_FR_ZJHM", XY_V_TOO_LONG);
	message_is(0, "value of 72 characters in 'CF_FR_ZJHM', at most 64 "
		      "allowed");
	no_leak(RIC_1949);
}

/* ---- amounts ---- */

static void test_validate__amount(void **state)
{
	static const char *const bad[] = {
	    "-1",	 "-0.5", "abc",	 "1.2.3", "1,000", "1.",
	    "1.1234567", "1e3",	 "五万", "0x10",  "1 000", ".",
	};
	static const char *const good[] = {
	    "0", "1", "0.5", "1.123456", "12345.000001", "100.10",
	};
	char msg[160];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cf_valid();
		set("CF_CFLB", "罚款");
		set("CF_NR_FK", bad[i]);
		invalid("CF_NR_FK", XY_V_AMOUNT);
		snprintf(msg, sizeof(msg),
			 "not a non-negative amount in 万元 '%s' for "
			 "'CF_NR_FK'",
			 bad[i]);
		message_is(0, msg);
	}
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		cf_valid();
		set("CF_CFLB", "罚款");
		set("CF_NR_FK", good[i]);
		valid();
		assert_string_equal(value("CF_NR_FK"), good[i]);
	}

	/* full-width digits and point */
	cf_valid();
	set("CF_CFLB", "没收违法所得");
	set("CF_NR_WFFF", "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x8e\xef\xbc\x95");
	valid();
	assert_string_equal(value("CF_NR_WFFF"), "12.5");
	set("CF_NR_WFFF", "0.0000001");
	invalid("CF_NR_WFFF", XY_V_AMOUNT);
}

/* ---- encoding ---- */

static void test_validate__encoding(void **state)
{
	(void)state;
	/* the reader found bytes invalid in the file's encoding */
	cf_valid();
	in[fidx("CF_XDR_MC")].bad = 1;
	invalid("CF_XDR_MC", XY_V_ENCODING);
	message_is(0, "invalid byte sequence in 'CF_XDR_MC'");
	assert_string_equal(value("CF_XDR_MC"), "");

	/* bytes that are not UTF-8 */
	cf_valid();
	set("CF_SY", "\xe6\xb5\x8b\xff\xfe");
	invalid("CF_SY", XY_V_ENCODING);
	assert_string_equal(value("CF_SY"), "");

	/* a personal field: nothing quoted */
	cf_valid();
	in[fidx("CF_FR_ZJHM")].bad = 1;
	invalid("CF_FR_ZJHM", XY_V_ENCODING);
	message_is(0, "invalid byte sequence in 'CF_FR_ZJHM'");
}

/* ---- normalisation ---- */

static void test_validate__normalise(void **state)
{
	/* one buffer per value: in[] points into them until the end */
	struct xy_buf uscc = XY_BUF_INIT, ric = XY_BUF_INIT;
	struct xy_buf name = XY_BUF_INIT, type = XY_BUF_INIT;
	char lower[19];

	(void)state;
	/* ９１３７… between full-width spaces */
	widen(&uscc, " ");
	widen(&uscc, org_uscc);
	widen(&uscc, "  ");
	cf_valid();
	set("CF_XDR_SHXYM", uscc.ptr);
	valid();
	assert_string_equal(value("CF_XDR_SHXYM"), org_uscc);

	/* lower case */
	for (int i = 0; i < 19; i++)
		lower[i] = (char)(org_uscc[i] >= 'A' && org_uscc[i] <= 'Z'
				      ? org_uscc[i] - 'A' + 'a'
				      : org_uscc[i]);
	assert_string_not_equal(lower, org_uscc);
	set("CF_XDR_SHXYM", lower);
	valid();
	assert_string_equal(value("CF_XDR_SHXYM"), org_uscc);

	/* full-width ID number, full-width lower-case x */
	widen(&ric, "11010519491231002x");
	set("CF_FR_ZJHM", ric.ptr);
	valid();
	assert_string_equal(value("CF_FR_ZJHM"), RIC_1949);

	/* text: trimmed and narrowed, letters keep their case */
	widen(&name, " ");
	xy_buf_adds(&name, "\t");
	widen(&name, "Abc");
	xy_buf_adds(&name, "（槐荫）有限公司 \xe3\x80\x80");
	set("CF_XDR_MC", name.ptr);
	valid();
	assert_string_equal(value("CF_XDR_MC"), "Abc(槐荫)有限公司");

	/* a full-width enum value */
	widen(&type, "01");
	set("CF_FR_ZJLX", type.ptr);
	valid();
	assert_string_equal(value("CF_FR_ZJLX"), "身份证");
	xy_buf_dispose(&uscc);
	xy_buf_dispose(&ric);
	xy_buf_dispose(&name);
	xy_buf_dispose(&type);
}

/* Every value and issue of the row validated last, as one text. */
static char *snapshot(void)
{
	struct xy_buf out = XY_BUF_INIT;

	for (size_t f = 0; f < cur->nfields; f++)
		xy_buf_addf(&out, "%s=%s|%d\n", cur->fields[f].code,
			    xy_vrow_value(&row, (int)f, NULL), row.state[f]);
	for (size_t i = 0; i < row.nissues; i++)
		xy_buf_addf(&out, "%s %s %s\n",
			    cur->fields[row.issues[i].field].code,
			    xy_verr_name(row.issues[i].code),
			    row.issues[i].message);
	return xy_buf_detach(&out, NULL);
}

/*
 * Values normalised before (a dry run's reader does it), or known to be
 * valid UTF-8, count the same.
 */
static void test_validate__normal_inputs(void **state)
{
	struct xy_buf name = XY_BUF_INIT, ric = XY_BUF_INIT;
	struct xy_buf norm[MAX_FIELDS];
	char *raw, *pre;

	(void)state;
	cf_valid();
	widen(&name, " Abc");
	xy_buf_adds(&name, "（槐荫）有限公司 \xe3\x80\x80");
	set("CF_XDR_MC", name.ptr);
	widen(&ric, "11010519491231002x");
	set("CF_FR_ZJHM", ric.ptr);
	set("CF_XDR_SHXYM", " 91370104ma3c4n1k88 ");
	set("CF_JDRQ", "2026-02-30"); /* an error, with its message */
	run();
	raw = snapshot();
	/* known to be valid UTF-8 (a reader's): the same too */
	for (size_t f = 0; f < cur->nfields; f++)
		in[f].valid = 1;
	run();
	pre = snapshot();
	assert_string_equal(pre, raw);
	free(pre);
	for (size_t f = 0; f < cur->nfields; f++) {
		in[f].valid = 0;
		xy_buf_init(&norm[f], 0);
		if (!in[f].ptr)
			continue;
		assert_int_equal(
		    xy_utf8_normalize(&norm[f], in[f].ptr, in[f].len), 0);
		xy_buf_addch(&norm[f], '\0');
		in[f].ptr = norm[f].ptr;
		in[f].len = norm[f].len - 1;
		in[f].normal = 1;
	}
	run();
	pre = snapshot();
	assert_string_equal(pre, raw);
	assert_non_null(strstr(raw, "CF_XDR_MC=Abc(槐荫)有限公司|"));
	assert_non_null(strstr(raw, "CF_XDR_SHXYM=91370104MA3C4N1K88|"));
	assert_non_null(strstr(raw, "CF_JDRQ date "));
	for (size_t f = 0; f < cur->nfields; f++) {
		in[f].normal = 0;
		xy_buf_dispose(&norm[f]);
	}
	free(raw);
	free(pre);
	xy_buf_dispose(&name);
	xy_buf_dispose(&ric);
}

/* ---- 行政许可 ---- */

static void test_validate__xzxk_valid(void **state)
{
	(void)state;
	xk_valid();
	valid();
	assert_string_equal(value("XK_ZT"), "有效");
	assert_string_equal(value("XK_XKLB"), "普通");
	assert_string_equal(value("XK_YXQZI"), "2031-03-09");

	set("XK_XKLB", "04");
	valid();
	assert_string_equal(value("XK_XKLB"), "核准");

	/* the same subject rules as a penalty */
	xk_valid();
	set("XK_XDR_SHXYM", ind_uscc);
	invalid("XK_XDR_SHXYM", XY_V_CATEGORY_CODE_MISMATCH);
	message_is(0, "'XK_XDR_SHXYM' must not start with '92' for "
		      "'法人及非法人组织'");

	xk_valid();
	set("XK_JDRQ", "2026-03-21");
	invalid("XK_JDRQ", XY_V_DATE_FUTURE);

	xk_valid();
	set("XK_FRDB", NULL);
	set("XK_ZT", NULL);
	assert_int_equal(run(), 2);
	nissues(2);
	issue_is(0, "XK_FRDB", XY_V_REQUIRED, 0);
	issue_is(1, "XK_ZT", XY_V_REQUIRED, 0);
}

static void test_validate__xzxk_status(void **state)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
	    {"1", "有效"},    {"2", "无效"},   {"有效", "有效"},
	    {"无效", "无效"}, {" 2 ", "无效"},
	};
	static const char *const bad[] = {"3", "0", "01", "撤销", "有效;无效"};

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		xk_valid();
		set("XK_ZT", ok[i].in);
		valid();
		assert_string_equal(value("XK_ZT"), ok[i].out);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		xk_valid();
		set("XK_ZT", bad[i]);
		invalid("XK_ZT", XY_V_ENUM);
	}
	xk_valid();
	set("XK_ZT", "3");
	invalid("XK_ZT", XY_V_ENUM);
	message_is(0, "unknown value '3' for 'XK_ZT'");
}

/* ---- conditions ---- */

static void test_validate__cond_eval(void **state)
{
	const struct xy_field *fk, *frhm;

	(void)state;
	cf_valid();
	set("CF_CFLB", "警告;罚款");
	set("CF_NR_FK", "1");
	valid();
	fk = &cf->fields[fidx("CF_NR_FK")];
	frhm = &cf->fields[fidx("CF_FR_ZJHM")];
	assert_true(xy_cond_eval(&fk->required_when, &row));
	assert_true(xy_cond_eval(&frhm->ric_when, &row));
	/* no condition never holds */
	assert_false(xy_cond_eval(&cf->fields[fidx("BZ")].required_when, &row));

	set("CF_CFLB", "警告");
	set("CF_FR_ZJLX", "护照");
	valid();
	assert_false(xy_cond_eval(&fk->required_when, &row));
	assert_false(xy_cond_eval(&frhm->ric_when, &row));
	set("CF_FR_ZJLX", NULL);
	valid();
	assert_true(xy_cond_eval(&frhm->ric_when, &row));
}

int main(void)
{
#define T(f) cmocka_unit_test_teardown(f, case_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_validate__valid_org),
	    T(test_validate__row_reuse),
	    T(test_validate__all_required_missing),
	    T(test_validate__missing_column),
	    T(test_validate__required_org),
	    T(test_validate__required_individual),
	    T(test_validate__required_person),
	    T(test_validate__required_fine),
	    T(test_validate__required_confiscation),
	    T(test_validate__required_licence),
	    T(test_validate__too_long),
	    T(test_validate__enum),
	    T(test_validate__enum_list),
	    T(test_validate__date_forms),
	    T(test_validate__date_impossible),
	    T(test_validate__date_future),
	    T(test_validate__date_order),
	    T(test_validate__uscc_format),
	    T(test_validate__uscc_checksum),
	    T(test_validate__orgcode_checksum),
	    T(test_validate__placeholder),
	    T(test_validate__category_code_mismatch),
	    T(test_validate__ric_valid),
	    T(test_validate__ric_format),
	    T(test_validate__ric_checksum),
	    T(test_validate__ric_birthdate),
	    T(test_validate__ric_passport),
	    T(test_validate__legal_rep_ric),
	    T(test_validate__amount),
	    T(test_validate__encoding),
	    T(test_validate__normalise),
	    T(test_validate__normal_inputs),
	    T(test_validate__xzxk_valid),
	    T(test_validate__xzxk_status),
	    T(test_validate__cond_eval),
	};
#undef T

	return cmocka_run_group_tests(tests, setup, teardown);
}
