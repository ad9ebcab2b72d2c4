/*
 * test_ids.c - the identifier checks (core/ids.h) and the error names
 * (core/verr.h).
 *
 * The valid codes below were computed with the standard's algorithms and
 * checked against an independent implementation; the USCC and RIC
 * examples of DOMAIN.md §1 are reproduced exactly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "core/ids.h"
#include "core/verr.h"
#include "util/banned.h"

static enum xy_verr uscc(const char *s, unsigned flags, int *orgcode_bad)
{
	return xy_uscc_check(s, strlen(s), flags, orgcode_bad);
}

static enum xy_verr ric(const char *s, int32_t today, char out[19])
{
	return xy_ric_check(s, strlen(s), today, out);
}

static int32_t day(int y, int m, int d)
{
	return xy_date_from_ymd(y, m, d);
}

/* ---- verr ---- */

static void test_ids__verr_names(void **state)
{
	static const char *const names[] = {
	    "ok",
	    "required",
	    "too_long",
	    "enum",
	    "date",
	    "date_future",
	    "date_order",
	    "uscc_format",
	    "uscc_checksum",
	    "orgcode_checksum",
	    "ric_format",
	    "ric_checksum",
	    "ric_birthdate",
	    "amount",
	    "category_code_mismatch",
	    "encoding",
	};

	(void)state;
	assert_int_equal(sizeof(names) / sizeof(names[0]), XY_V__COUNT);
	for (int i = 0; i < XY_V__COUNT; i++) {
		assert_string_equal(xy_verr_name((enum xy_verr)i), names[i]);
		assert_int_equal(xy_verr_from_name(names[i]), i);
	}
	assert_string_equal(xy_verr_name(XY_V_OK), "ok");
	assert_string_equal(xy_verr_name(XY_V_ORGCODE_CHECKSUM),
			    "orgcode_checksum");
	assert_int_equal(xy_verr_from_name("uscc_checksum"),
			 XY_V_USCC_CHECKSUM);
	assert_int_equal(xy_verr_from_name("nope"), -1);
	assert_int_equal(xy_verr_from_name(""), -1);
	assert_int_equal(xy_verr_from_name("OK"), -1);
	assert_int_equal(xy_verr_from_name(NULL), -1);
	assert_string_equal(xy_verr_name(XY_V__COUNT), "unknown");
}

/* ---- USCC ---- */

static void test_ids__uscc_doc_example(void **state)
{
	int bad = -1;

	(void)state;
	/* DOMAIN.md §1.1: Σ=971, 971 mod 31 = 10, 31 - 10 = 21 → M */
	assert_int_equal(xy_uscc_check_char("91110000123456788"), 'M');
	assert_int_equal(uscc("91110000123456788M", 0, &bad), XY_V_OK);
	assert_int_equal(bad, 0);
}

static void test_ids__uscc_valid(void **state)
{
	static const char *const ok[] = {
	    "91370104493608726U", /* 企业, 槐荫区 */
	    "92370104MA3C4N1K85", /* 个体工商户 */
	    "12370104MA3CXY2B99", /* 事业单位 */
	    "513701044936087260", /* 社会团体, check 0 */
	    "11370104063885205C", /* 机关 */
	    "91370104MA94HP6W8A", "91370104L12345674M",
	    "91110000MA3P0T5E06", "91110000493608726N",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		int bad = -1;

		assert_int_equal(uscc(ok[i], 0, &bad), XY_V_OK);
		assert_int_equal(bad, 0);
		assert_int_equal(xy_uscc_check_char(ok[i]), ok[i][17]);
		/* the flag only widens what is accepted */
		assert_int_equal(uscc(ok[i], XY_USCC_EXTRA_AUTHORITIES, NULL),
				 XY_V_OK);
	}
}

static void test_ids__uscc_length(void **state)
{
	int bad = -1;

	(void)state;
	assert_int_equal(uscc("", 0, &bad), XY_V_USCC_FORMAT);
	assert_int_equal(bad, 0);
	assert_int_equal(uscc("91370104493608726", 0, NULL), XY_V_USCC_FORMAT);
	assert_int_equal(uscc("91370104493608726UU", 0, NULL),
			 XY_V_USCC_FORMAT);
	/* the length given wins over the NUL */
	assert_int_equal(xy_uscc_check("91370104493608726U", 17, 0, NULL),
			 XY_V_USCC_FORMAT);
}

static void test_ids__uscc_alphabet(void **state)
{
	static const char bad_chars[] = "IOSVZa-* ";
	char s[] = "91370104493608726U";

	(void)state;
	for (size_t i = 0; bad_chars[i]; i++) {
		s[10] = bad_chars[i];
		assert_int_equal(uscc(s, 0, NULL), XY_V_USCC_FORMAT);
		assert_int_equal(xy_uscc_check_char(s), '\0');
	}
	/* an embedded NUL is not a character of the alphabet */
	assert_int_equal(xy_uscc_check("91370104\0"
				       "93608726U",
				       18, 0, NULL),
			 XY_V_USCC_FORMAT);
	/* lower case is not accepted: input is upper-cased upstream */
	assert_int_equal(uscc("91370104ma3c4n1k88", 0, NULL), XY_V_USCC_FORMAT);
	assert_int_equal(uscc("91370104MA3C4N1K88", 0, NULL), XY_V_OK);
}

/* Every byte: its value in the alphabet, seen through the check char. */
static void test_ids__uscc_values(void **state)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	char s[] = "00000000000000000";

	(void)state;
	for (int c = 1; c < 256; c++) {
		const char *at = strchr(alphabet, c);

		s[0] = (char)c; /* weight 1: the check char is -value mod 31 */
		if (!at)
			assert_int_equal(xy_uscc_check_char(s), '\0');
		else
			assert_int_equal(xy_uscc_check_char(s),
					 alphabet[(31 - (at - alphabet)) % 31]);
	}
}

static void test_ids__uscc_authority_category(void **state)
{
	(void)state;
	/* B is in the alphabet but is no authority (check char right) */
	assert_int_equal(uscc("B1370104493608726R", 0, NULL), XY_V_USCC_FORMAT);
	/* 9 (市场监管) has categories 1-3 only */
	assert_int_equal(uscc("94370104493608726J", 0, NULL), XY_V_USCC_FORMAT);
	/* Y (其他) has category 1 only */
	assert_int_equal(uscc("Y23701044936087263", 0, NULL), XY_V_USCC_FORMAT);
	assert_int_equal(
	    uscc("Y23701044936087263", XY_USCC_EXTRA_AUTHORITIES, NULL),
	    XY_V_USCC_FORMAT);
	/* position 1 '0' */
	assert_int_equal(uscc("01370104493608726U", 0, NULL), XY_V_USCC_FORMAT);
	/* 3 (司法行政) has 4 (司法鉴定机构) but 9 (工商) has not */
	assert_int_equal(xy_uscc_check_char("34370104493608726"), 'Q');
	assert_int_equal(uscc("34370104493608726Q", 0, NULL), XY_V_OK);
}

static void test_ids__uscc_extra_authorities(void **state)
{
	static const char *const extra[] = {
	    "G1370104493608726L",
	    "J1370104493608726J",
	    "M1370104493608726F",
	    "Q9370104493608726K",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		assert_int_equal(uscc(extra[i], 0, NULL), XY_V_USCC_FORMAT);
		assert_int_equal(
		    uscc(extra[i], XY_USCC_EXTRA_AUTHORITIES, NULL), XY_V_OK);
	}
	/* category must be a digit 1-9 for them */
	assert_int_equal(xy_uscc_check_char("G0370104493608726"), 'P');
	assert_int_equal(
	    uscc("G0370104493608726P", XY_USCC_EXTRA_AUTHORITIES, NULL),
	    XY_V_USCC_FORMAT);
	/* S is outside the alphabet: never valid */
	assert_int_equal(
	    uscc("S1370104493608726L", XY_USCC_EXTRA_AUTHORITIES, NULL),
	    XY_V_USCC_FORMAT);
}

static void test_ids__uscc_checksum(void **state)
{
	int bad = -1;

	(void)state;
	assert_int_equal(uscc("91370104493608726T", 0, &bad),
			 XY_V_USCC_CHECKSUM);
	assert_int_equal(bad, 0);
	assert_int_equal(uscc("91110000123456788N", 0, NULL),
			 XY_V_USCC_CHECKSUM);
	/* two characters swapped */
	assert_int_equal(uscc("91370104943608726U", 0, NULL),
			 XY_V_USCC_CHECKSUM);
}

static void test_ids__uscc_orgcode_bad(void **state)
{
	int bad = -1;

	(void)state;
	/* positions 9-17 are 12345678-7 while GB 11714 wants 8 */
	assert_int_equal(uscc("91110000123456787J", 0, &bad), XY_V_OK);
	assert_int_equal(bad, 1);
	assert_int_equal(uscc("91110000123456787J", 0, NULL), XY_V_OK);
	/* reported together with a wrong check character too */
	bad = -1;
	assert_int_equal(uscc("91110000123456787K", 0, &bad),
			 XY_V_USCC_CHECKSUM);
	assert_int_equal(bad, 1);
}

static void test_ids__uscc_placeholder(void **state)
{
	(void)state;
	assert_true(xy_uscc_is_placeholder(XY_USCC_PLACEHOLDER, 18));
	assert_true(xy_uscc_is_placeholder("00000000000000000X", 18));
	assert_false(xy_uscc_is_placeholder("00000000000000000X", 17));
	assert_false(xy_uscc_is_placeholder("000000000000000000", 18));
	assert_false(xy_uscc_is_placeholder("00000000000000000x", 18));
	assert_false(xy_uscc_is_placeholder("91370104493608726U", 18));
	assert_false(xy_uscc_is_placeholder("", 0));
	/* it is not a valid USCC by itself */
	assert_int_not_equal(uscc(XY_USCC_PLACEHOLDER, 0, NULL), XY_V_OK);
	assert_int_not_equal(
	    uscc(XY_USCC_PLACEHOLDER, XY_USCC_EXTRA_AUTHORITIES, NULL),
	    XY_V_OK);
}

/* ---- organisation code ---- */

static void test_ids__orgcode_doc_example(void **state)
{
	(void)state;
	assert_int_equal(xy_orgcode_check_char("12345678"), '8');
	assert_int_equal(xy_orgcode_check("123456788", 9), XY_V_OK);
	assert_int_equal(xy_orgcode_check("12345678-8", 10), XY_V_OK);
}

static void test_ids__orgcode_check_chars(void **state)
{
	(void)state;
	/* 11 - (Σ mod 11) = 10 → X, = 11 → 0 */
	assert_int_equal(xy_orgcode_check_char("12345618"), 'X');
	assert_int_equal(xy_orgcode_check_char("12345604"), '0');
	assert_int_equal(xy_orgcode_check("12345618-X", 10), XY_V_OK);
	assert_int_equal(xy_orgcode_check("12345604-0", 10), XY_V_OK);
	assert_int_equal(xy_orgcode_check_char("49360872"), '6');
	assert_int_equal(xy_orgcode_check_char("MA3C4N1K"), '8');
	assert_int_equal(xy_orgcode_check("MA3C4N1K8", 9), XY_V_OK);
	/* letters the USCC alphabet lacks are fine here */
	assert_int_equal(xy_orgcode_check_char("MA3C4N1O"), '0');
	assert_int_equal(xy_orgcode_check_char("SZVIO123"), '5');
	assert_int_equal(xy_orgcode_check("SZVIO1235", 9), XY_V_OK);
	assert_int_equal(xy_orgcode_check_char("1234567a"), '\0');
	assert_int_equal(xy_orgcode_check_char("1234567-"), '\0');
}

static void test_ids__orgcode_bad(void **state)
{
	(void)state;
	assert_int_equal(xy_orgcode_check("123456787", 9),
			 XY_V_ORGCODE_CHECKSUM);
	assert_int_equal(xy_orgcode_check("12345678-7", 10),
			 XY_V_ORGCODE_CHECKSUM);
	assert_int_equal(xy_orgcode_check("12345618-x", 10),
			 XY_V_ORGCODE_CHECKSUM);
	/* malformed: also reported as orgcode_checksum */
	assert_int_equal(xy_orgcode_check("12345678", 8),
			 XY_V_ORGCODE_CHECKSUM);
	assert_int_equal(xy_orgcode_check("", 0), XY_V_ORGCODE_CHECKSUM);
	assert_int_equal(xy_orgcode_check("12345678_8", 10),
			 XY_V_ORGCODE_CHECKSUM);
	assert_int_equal(xy_orgcode_check("1234567-88", 10),
			 XY_V_ORGCODE_CHECKSUM);
	assert_int_equal(xy_orgcode_check("12345678-88", 11),
			 XY_V_ORGCODE_CHECKSUM);
	assert_int_equal(xy_orgcode_check("1234567a8", 9),
			 XY_V_ORGCODE_CHECKSUM);
}

/* ---- ID number ---- */

static void test_ids__ric_doc_example(void **state)
{
	char out[19];

	(void)state;
	assert_int_equal(xy_ric_check_char("11010519491231002"), 'X');
	assert_int_equal(ric("11010519491231002X", day(2026, 3, 1), out),
			 XY_V_OK);
	assert_string_equal(out, "11010519491231002X");
}

static void test_ids__ric_valid(void **state)
{
	static const char *const ok[] = {
	    "440306199003071232", "370104198512310047",
	    "510107200002295436", /* born on a leap day */
	};
	char out[19];

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(out, 0, sizeof(out));
		assert_int_equal(ric(ok[i], day(2026, 3, 1), out), XY_V_OK);
		assert_string_equal(out, ok[i]);
	}
}

static void test_ids__ric_lowercase_x(void **state)
{
	char out[19];

	(void)state;
	assert_int_equal(ric("11010519491231002x", day(2026, 3, 1), out),
			 XY_V_OK);
	assert_string_equal(out, "11010519491231002X");
}

static void test_ids__ric_old_form(void **state)
{
	char out[19];

	(void)state;
	assert_int_equal(ric("110105491231002", day(2026, 3, 1), out), XY_V_OK);
	assert_string_equal(out, "11010519491231002X");
	assert_int_equal(ric("370104850101123", day(2026, 3, 1), out), XY_V_OK);
	assert_string_equal(out, "370104198501011236");
	/* the converted form checks as well */
	assert_int_equal(ric(out, day(2026, 3, 1), out), XY_V_OK);
	/* old numbers are digits only */
	assert_int_equal(ric("37010485010112X", day(2026, 3, 1), out),
			 XY_V_RIC_FORMAT);
	/* 1985-13-01 */
	assert_int_equal(ric("370104851301123", day(2026, 3, 1), out),
			 XY_V_RIC_BIRTHDATE);
	/* 1900-02-29 does not exist */
	assert_int_equal(ric("370104000229123", day(2026, 3, 1), out),
			 XY_V_RIC_BIRTHDATE);
	assert_int_equal(ric("990105491231002", day(2026, 3, 1), out),
			 XY_V_RIC_FORMAT);
}

static void test_ids__ric_format(void **state)
{
	char out[19] = "untouched";

	(void)state;
	assert_int_equal(ric("", day(2026, 3, 1), out), XY_V_RIC_FORMAT);
	assert_int_equal(ric("11010519491231002", day(2026, 3, 1), out),
			 XY_V_RIC_FORMAT);
	assert_int_equal(ric("11010519491231002X1", day(2026, 3, 1), out),
			 XY_V_RIC_FORMAT);
	assert_int_equal(ric("1101051949123100", day(2026, 3, 1), out),
			 XY_V_RIC_FORMAT);
	assert_int_equal(ric("11010519491231A02X", day(2026, 3, 1), out),
			 XY_V_RIC_FORMAT);
	assert_int_equal(ric("11010519491231002Y", day(2026, 3, 1), out),
			 XY_V_RIC_FORMAT);
	assert_int_equal(ric("X10105194912310021", day(2026, 3, 1), out),
			 XY_V_RIC_FORMAT);
	/* out is written only on success */
	assert_string_equal(out, "untouched");
}

static void test_ids__ric_province(void **state)
{
	char out[19];

	(void)state;
	/* check characters right, province codes not */
	assert_int_equal(ric("990105194912310023", day(2026, 3, 1), out),
			 XY_V_RIC_FORMAT);
	assert_int_equal(ric("100105194912310028", day(2026, 3, 1), out),
			 XY_V_RIC_FORMAT);
	assert_int_equal(ric("000105194912310024", day(2026, 3, 1), out),
			 XY_V_RIC_FORMAT);
	/* the edges of the list */
	for (int p = 0; p < 100; p++) {
		static const int valid[] = {11, 12, 13, 14, 15, 21, 22, 23, 31,
					    32, 33, 34, 35, 36, 37, 41, 42, 43,
					    44, 45, 46, 50, 51, 52, 53, 54, 61,
					    62, 63, 64, 65, 71, 81, 82, 83, 91};
		char s[19] = "11010519491231002X";
		int want = 0;

		for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
			want |= valid[i] == p;
		s[0] = (char)('0' + p / 10);
		s[1] = (char)('0' + p % 10);
		s[17] = xy_ric_check_char(s);
		assert_int_equal(ric(s, day(2026, 3, 1), out),
				 want ? XY_V_OK : XY_V_RIC_FORMAT);
	}
}

static void test_ids__ric_birthdate(void **state)
{
	char out[19];

	(void)state;
	/* 1949-02-30, check character right */
	assert_int_equal(ric("110105194902300020", day(2026, 3, 1), out),
			 XY_V_RIC_BIRTHDATE);
	/* 2099-12-31: in the future */
	assert_int_equal(ric("110105209912310029", day(2026, 3, 1), out),
			 XY_V_RIC_BIRTHDATE);
	/* born on 2026-03-01: fine that day, not the day before */
	assert_int_equal(ric("110105202603010020", day(2026, 3, 1), out),
			 XY_V_OK);
	assert_int_equal(ric("110105202603010020", day(2026, 2, 28), out),
			 XY_V_RIC_BIRTHDATE);
	/* the birth date is checked before the check character */
	assert_int_equal(ric("110105209912310021", day(2026, 3, 1), out),
			 XY_V_RIC_BIRTHDATE);
	/* 15-digit: 1949-12-31 after a decision in 1940 */
	assert_int_equal(ric("110105491231002", day(1940, 1, 1), out),
			 XY_V_RIC_BIRTHDATE);
}

static void test_ids__ric_checksum(void **state)
{
	char out[19] = "untouched";

	(void)state;
	assert_int_equal(ric("110105194912310021", day(2026, 3, 1), out),
			 XY_V_RIC_CHECKSUM);
	assert_int_equal(ric("110105194912310020", day(2026, 3, 1), out),
			 XY_V_RIC_CHECKSUM);
	assert_int_equal(ric("440306199003071231", day(2026, 3, 1), out),
			 XY_V_RIC_CHECKSUM);
	assert_string_equal(out, "untouched");
	assert_int_equal(xy_ric_check_char("1101051949123100A"), '\0');
}

static void test_ids__ric_mask(void **state)
{
	char out[32];

	(void)state;
	xy_ric_mask("11010519491231002X", 18, out);
	assert_string_equal(out, "110105********002X");
	xy_ric_mask("110105491231002", 15, out);
	assert_string_equal(out, "110105*****1002");
	xy_ric_mask("12345678901", 11, out);
	assert_string_equal(out, "123456*8901");
	/* too short for 6 + 4 to hide anything: all masked */
	xy_ric_mask("1234567890", 10, out);
	assert_string_equal(out, "**********");
	xy_ric_mask("E1234", 5, out);
	assert_string_equal(out, "*****");
	xy_ric_mask("", 0, out);
	assert_string_equal(out, "");
}

/* ---- guessing ---- */

static void test_ids__guess(void **state)
{
	static const struct {
		const char *s;
		enum xy_id_kind kind;
	} cases[] = {
	    {"91110000123456788M", XY_ID_USCC},
	    {"91370104MA3C4N1K88", XY_ID_USCC},
	    {"513701044936087260", XY_ID_USCC},
	    {"91370104493608726T", XY_ID_USCC}, /* wrong check: still */
	    {"91370104IIII08726T", XY_ID_USCC}, /* bad alphabet: still */
	    {XY_USCC_PLACEHOLDER, XY_ID_USCC},
	    {"11010519491231002X", XY_ID_RIC},
	    {"110105194912310021", XY_ID_RIC}, /* wrong check */
	    {"440306199003071232", XY_ID_RIC},
	    {"110105491231002", XY_ID_RIC},
	    /* digits only, looks like an ID, but a valid USCC */
	    {"113701198501015618", XY_ID_USCC},
	    /* the same, neither check character right: an ID */
	    {"113701198501015610", XY_ID_RIC},
	    {"123456788", XY_ID_ORGCODE},
	    {"12345678-8", XY_ID_ORGCODE},
	    {"MA3C4N1K8", XY_ID_ORGCODE},
	    {"1234567-88", XY_ID_UNKNOWN},
	    {"12345678-", XY_ID_UNKNOWN},
	    {"", XY_ID_UNKNOWN},
	    {"12345", XY_ID_UNKNOWN},
	    {"11010519491231002X0", XY_ID_UNKNOWN},
	    {"11010549123100A", XY_ID_UNKNOWN},
	    {"91370104ma3c4n1k88", XY_ID_UNKNOWN},
	    /* 18 bytes of UTF-8 */
	    {"\xe5\xbc\xa0\xe4\xb8\x89\xe6\x9d\x8e\xe5\x9b\x9b"
	     "\xe7\x8e\x8b\xe4\xba\x94",
	     XY_ID_UNKNOWN},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum xy_id_kind k = xy_id_guess(cases[i].s, strlen(cases[i].s));

		if (k != cases[i].kind)
			fail_msg("case %zu: got %s, want %s", i,
				 xy_id_kind_name(k),
				 xy_id_kind_name(cases[i].kind));
	}
	assert_int_equal(xy_uscc_check("113701198501015618", 18, 0, NULL),
			 XY_V_OK);
}

static void test_ids__kind_names(void **state)
{
	(void)state;
	assert_string_equal(xy_id_kind_name(XY_ID_USCC), "uscc");
	assert_string_equal(xy_id_kind_name(XY_ID_ORGCODE), "orgcode");
	assert_string_equal(xy_id_kind_name(XY_ID_RIC), "ric");
	assert_string_equal(xy_id_kind_name(XY_ID_UNKNOWN), "unknown");
	assert_string_equal(xy_id_kind_name((enum xy_id_kind)42), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ids__verr_names),
	    cmocka_unit_test(test_ids__uscc_doc_example),
	    cmocka_unit_test(test_ids__uscc_valid),
	    cmocka_unit_test(test_ids__uscc_length),
	    cmocka_unit_test(test_ids__uscc_alphabet),
	    cmocka_unit_test(test_ids__uscc_values),
	    cmocka_unit_test(test_ids__uscc_authority_category),
	    cmocka_unit_test(test_ids__uscc_extra_authorities),
	    cmocka_unit_test(test_ids__uscc_checksum),
	    cmocka_unit_test(test_ids__uscc_orgcode_bad),
	    cmocka_unit_test(test_ids__uscc_placeholder),
	    cmocka_unit_test(test_ids__orgcode_doc_example),
	    cmocka_unit_test(test_ids__orgcode_check_chars),
	    cmocka_unit_test(test_ids__orgcode_bad),
	    cmocka_unit_test(test_ids__ric_doc_example),
	    cmocka_unit_test(test_ids__ric_valid),
	    cmocka_unit_test(test_ids__ric_lowercase_x),
	    cmocka_unit_test(test_ids__ric_old_form),
	    cmocka_unit_test(test_ids__ric_format),
	    cmocka_unit_test(test_ids__ric_province),
	    cmocka_unit_test(test_ids__ric_birthdate),
	    cmocka_unit_test(test_ids__ric_checksum),
	    cmocka_unit_test(test_ids__ric_mask),
	    cmocka_unit_test(test_ids__guess),
	    cmocka_unit_test(test_ids__kind_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
