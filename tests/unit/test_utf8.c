/*
 * test_utf8.c - UTF-8 validation and the normalisation of values
 * (util/utf8.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/banned.h"

static int valid(const char *s)
{
	return xy_utf8_valid(s, strlen(s));
}

/* The reference: utf8proc's decoder, one code point at a time. */
static int valid_ref(const unsigned char *s, size_t len)
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

/*
 * Normalises s and checks the result is want, with the check and
 * without it (the variant for input known to be valid).
 */
static void norm_is(const char *s, const char *want)
{
	struct xy_buf out = XY_BUF_INIT;

	assert_int_equal(xy_utf8_normalize(&out, s, strlen(s)), 0);
	assert_string_equal(out.ptr, want);
	assert_int_equal(out.len, strlen(want));
	xy_buf_reset(&out);
	assert_int_equal(xy_utf8_normalize_valid(&out, s, strlen(s)), 0);
	assert_string_equal(out.ptr, want);
	assert_int_equal(out.len, strlen(want));
	xy_buf_dispose(&out);
}

static void test_utf8__valid(void **state)
{
	(void)state;
	assert_true(valid(""));
	assert_true(valid("plain ascii, 123"));
	assert_true(valid("济南市槐荫区"));
	assert_true(valid("\xc2\xb7"));		/* U+00B7 */
	assert_true(valid("\xe0\xa0\x80"));	/* U+0800 */
	assert_true(valid("\xed\x9f\xbf"));	/* U+D7FF */
	assert_true(valid("\xf0\x90\x80\x80")); /* U+10000 */
	assert_true(valid("\xf4\x8f\xbf\xbf")); /* U+10FFFF */
	assert_true(xy_utf8_valid("a\0b", 3));	/* NUL is a code point */

	assert_false(valid("\xff"));
	assert_false(valid("\x80"));
	assert_false(valid("\xc0\x80"));	 /* overlong NUL */
	assert_false(valid("\xc1\xbf"));	 /* overlong */
	assert_false(valid("\xe0\x9f\xbf"));	 /* overlong */
	assert_false(valid("\xed\xa0\x80"));	 /* surrogate */
	assert_false(valid("\xf0\x8f\xbf\xbf")); /* overlong */
	assert_false(valid("\xf4\x90\x80\x80")); /* past U+10FFFF */
	assert_false(valid("\xf5\x80\x80\x80"));
	assert_false(valid("\xe4\xb8")); /* cut short */
	assert_false(valid("\xe4\xb8\x41"));
	/* GBK bytes of 中文 */
	assert_false(valid("\xd6\xd0\xce\xc4"));
}

/* Long inputs go through the 64-byte fast path; every position counts. */
static void test_utf8__valid_long(void **state)
{
	static const char *const unit[] = {"中", "a", "，", ","};
	unsigned char s[400];
	size_t len = 0, i;
	unsigned char keep;

	(void)state;
	for (i = 0; len + 3 <= sizeof(s); i++) {
		const char *u = unit[i * 7 % 4];

		memcpy(s + len, u, strlen(u));
		len += strlen(u);
	}
	assert_true(xy_utf8_valid((const char *)s, len));
	for (i = 0; i < len; i++) {
		keep = s[i];
		s[i] = 0xff;
		assert_false(xy_utf8_valid((const char *)s, len));
		s[i] = 0x80;
		assert_int_equal(xy_utf8_valid((const char *)s, len),
				 valid_ref(s, len));
		s[i] = 'x';
		assert_int_equal(xy_utf8_valid((const char *)s, len),
				 valid_ref(s, len));
		s[i] = keep;
	}
	/* every cut of the valid text: valid exactly at code point ends */
	for (i = 0; i <= len; i++)
		assert_int_equal(xy_utf8_valid((const char *)s, i),
				 valid_ref(s, i));
}

/* Random mixes of sequences, broken ones included, against utf8proc. */
static void test_utf8__valid_random(void **state)
{
	/* the first nvalid pieces are well-formed, the others are not */
	static const char *const piece[] = {
	    "a",
	    " ",
	    ",",
	    "\xc2\xb7",
	    "\xe4\xb8\xad",
	    "\xef\xbc\x8c",
	    "\xe0\xa0\x80",
	    "\xed\x9f\xbf",
	    "\xf0\x9f\x98\x80",
	    "\xee\x80\x80",
	    "\xed\xa0\x80",
	    "\xf4\x90\x80\x80",
	    "\xe4\xb8",
	    "\x80",
	    "\xff",
	    "\xc0\x80",
	    "\xe0\x80\x80",
	};
	const size_t npiece = sizeof(piece) / sizeof(piece[0]);
	const size_t nvalid = 10;
	unsigned char s[512];
	uint32_t seed = 12345;
	size_t len, i, p;
	int round, bad;

	(void)state;
	for (round = 0; round < 20000; round++) {
		len = 0;
		bad = round % 4 == 0; /* a quarter may hold broken pieces */
		while (len < 300) {
			seed = seed * 1103515245 + 12345;
			p = (seed >> 16) % (bad ? npiece : nvalid);
			memcpy(s + len, piece[p], strlen(piece[p]));
			len += strlen(piece[p]);
		}
		if (!bad)
			assert_true(xy_utf8_valid((const char *)s, len));
		for (i = 0; i < 3; i++) {
			size_t n = len - i * 37;

			assert_int_equal(xy_utf8_valid((const char *)s, n),
					 valid_ref(s, n));
		}
	}
}

static void test_utf8__length(void **state)
{
	(void)state;
	assert_int_equal(xy_utf8_length("", 0), 0);
	assert_int_equal(xy_utf8_length("abc", 3), 3);
	assert_int_equal(xy_utf8_length("中文abc", strlen("中文abc")), 5);
	assert_int_equal(xy_utf8_length("\xf0\x9f\x98\x80", 4), 1);
}

static void test_utf8__normalize_full_width(void **state)
{
	(void)state;
	norm_is("　ＡＢＣ１２３　", "ABC123");
	norm_is("９１３７０１０４ＭＡ３Ｃ０００００１Ｘ",
		"91370104MA3C000001X");
	norm_is("３７０１０４１９８００１０１００１ｘ",
		"37010419800101001x"); /* case is not changed */
	norm_is("，", ",");
	norm_is("警告，罚款", "警告,罚款");
	norm_is("警告；罚款", "警告;罚款");
	norm_is("（有限公司）", "(有限公司)");
	norm_is("Ａ　Ｂ", "A B"); /* U+3000 inside becomes a space */
	norm_is("￥１００", "\xc2\xa5"
			    "100"); /* U+FFE5 -> U+00A5 */
	norm_is("ｱｲｳ", "アイウ");   /* halfwidth katakana */
	norm_is("｡", "。");
}

static void test_utf8__normalize_unchanged(void **state)
{
	(void)state;
	norm_is("济南市槐荫区行政审批服务局", "济南市槐荫区行政审批服务局");
	norm_is("预包装食品、散装食品", "预包装食品、散装食品"); /* U+3001 */
	norm_is("2021年3月1日", "2021年3月1日");
	/* not <wide> or <narrow>: full NFKC would change all of these */
	norm_is("①", "①");
	norm_is("\xef\xac\x81", "\xef\xac\x81"); /* U+FB01 fi ligature */
	norm_is("m²", "m²");
	norm_is("Ⅻ", "Ⅻ");
	norm_is("\xe3\x8e\x8f", "\xe3\x8e\x8f"); /* U+338F square kg */
	/* <wide>/<narrow> whose utf8proc decomposition goes further */
	norm_is("\xef\xbf\xa3", "\xef\xbf\xa3"); /* U+FFE3 */
	norm_is("\xef\xbe\xa1", "\xef\xbe\xa1"); /* U+FFA1 halfwidth Hangul */
	norm_is("e\xcc\x81", "e\xcc\x81");	 /* no composition either */
}

static void test_utf8__normalize_trim(void **state)
{
	(void)state;
	norm_is("", "");
	norm_is("abc", "abc");
	norm_is("  abc\t", "abc");
	norm_is("\r\n abc def \n", "abc def");
	norm_is("   ", "");
	norm_is("　", "");
	norm_is("\xc2\xa0x\xc2\xa0", "x");	     /* U+00A0 */
	norm_is("\xe2\x80\x83中\xe2\x80\xa8", "中"); /* U+2003, U+2028 */
	norm_is("\xc2\x85x", "x");		     /* U+0085 */
	norm_is("　 \t　中　文　 　", "中 文");
	/* U+200B and U+FEFF are not white space */
	norm_is("\xe2\x80\x8bx", "\xe2\x80\x8bx");
	norm_is("\xef\xbb\xbfx", "\xef\xbb\xbfx");
}

static void test_utf8__normalize_appends(void **state)
{
	struct xy_buf out = XY_BUF_INIT;

	(void)state;
	xy_buf_adds(&out, "x=");
	assert_int_equal(xy_utf8_normalize(&out, " ａ", strlen(" ａ")), 0);
	assert_int_equal(xy_utf8_normalize(&out, "b ", 2), 0);
	assert_string_equal(out.ptr, "x=ab");
	xy_buf_dispose(&out);
}

static void test_utf8__normalize_errors(void **state)
{
	struct xy_buf out = XY_BUF_INIT;

	(void)state;
	xy_buf_adds(&out, "kept");
	assert_int_equal(xy_utf8_normalize(&out, "ab\xff", 3), XY_EINVALID);
	assert_string_equal(xy_error_msg(), "invalid utf-8 sequence at byte 2");
	assert_int_equal(xy_utf8_normalize(&out, "中\xd6\xd0", 5), XY_EINVALID);
	assert_string_equal(out.ptr, "kept");
	xy_buf_dispose(&out);

	/* over the cap: nothing is appended */
	xy_buf_init(&out, 6);
	xy_buf_adds(&out, "ab");
	assert_int_equal(xy_utf8_normalize(&out, "cdefg", 5), XY_ETOOBIG);
	assert_string_equal(out.ptr, "ab");
	assert_int_equal(
	    xy_utf8_normalize(&out, "中ＡＢ文", strlen("中ＡＢ文")),
	    XY_ETOOBIG); /* 8 bytes after mapping */
	assert_string_equal(out.ptr, "ab");
	/* the cap applies to the result, which width mapping shrinks */
	assert_int_equal(
	    xy_utf8_normalize(&out, "ＡＢＣＤ", strlen("ＡＢＣＤ")), 0);
	assert_string_equal(out.ptr, "abABCD");
	xy_buf_dispose(&out);
}

/*
 * utf8.c looks up only U+3000 and U+FF00..U+FFEF: make sure that no
 * other code point has a <wide> or <narrow> decomposition in this
 * utf8proc, and that every one of them maps to one code point.
 */
static void test_utf8__width_table(void **state)
{
	const utf8proc_property_t *p;
	struct xy_buf out = XY_BUF_INIT;
	unsigned char enc[4];
	int32_t cp;
	int n = 0;

	(void)state;
	for (cp = 0; cp < 0x110000; cp++) {
		p = utf8proc_get_property(cp);
		if (p->decomp_type != UTF8PROC_DECOMP_TYPE_WIDE &&
		    p->decomp_type != UTF8PROC_DECOMP_TYPE_NARROW)
			continue;
		n++;
		assert_true(cp == 0x3000 || (cp >= 0xff00 && cp <= 0xffef));
		/* mapped or kept, the result is one code point */
		xy_buf_reset(&out);
		size_t k = (size_t)utf8proc_encode_char(cp, enc);

		assert_int_equal(xy_utf8_normalize(&out, (const char *)enc, k),
				 0);
		if (cp != 0x3000)
			assert_int_equal(xy_utf8_length(out.ptr, out.len), 1);
	}
	assert_true(n > 200);
	/* every full-width ASCII form maps to its ASCII character */
	for (cp = 0xff01; cp <= 0xff5e; cp++) {
		size_t k = (size_t)utf8proc_encode_char(cp, enc);

		xy_buf_reset(&out);
		assert_int_equal(xy_utf8_normalize(&out, (const char *)enc, k),
				 0);
		assert_int_equal(out.len, 1);
		assert_int_equal((unsigned char)out.ptr[0], cp - 0xfee0);
	}
	xy_buf_dispose(&out);
}

/*
 * utf8.c asks utf8proc about spaces only for U+00A0, U+1680,
 * U+2000..U+205F and U+3000: make sure no other non-ASCII code point but
 * U+0085 is White_Space (Zs, Zl, Zp) here, and that each one is trimmed.
 */
static void test_utf8__space_table(void **state)
{
	struct xy_buf out = XY_BUF_INIT;
	unsigned char enc[8];
	utf8proc_category_t cat;
	int32_t cp;
	size_t k;
	int n = 0;

	(void)state;
	for (cp = 0x80; cp < 0x110000; cp++) {
		cat = utf8proc_category(cp);
		if (cat != UTF8PROC_CATEGORY_ZS &&
		    cat != UTF8PROC_CATEGORY_ZL && cat != UTF8PROC_CATEGORY_ZP)
			continue;
		n++;
		assert_true(cp == 0xa0 || cp == 0x1680 || cp == 0x3000 ||
			    (cp >= 0x2000 && cp <= 0x205f));
		k = (size_t)utf8proc_encode_char(cp, enc);
		enc[k] = 'x';
		xy_buf_reset(&out);
		assert_int_equal(
		    xy_utf8_normalize(&out, (const char *)enc, k + 1), 0);
		assert_string_equal(out.ptr, "x");
	}
	assert_true(n >= 17);
	xy_buf_dispose(&out);
}

static void test_utf8__ascii_upper(void **state)
{
	char s[] = "91370104ma3c0x-中z";

	(void)state;
	xy_ascii_upper(s, strlen(s));
	assert_string_equal(s, "91370104MA3C0X-中Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8__valid),
	    cmocka_unit_test(test_utf8__valid_long),
	    cmocka_unit_test(test_utf8__valid_random),
	    cmocka_unit_test(test_utf8__length),
	    cmocka_unit_test(test_utf8__normalize_full_width),
	    cmocka_unit_test(test_utf8__normalize_unchanged),
	    cmocka_unit_test(test_utf8__normalize_trim),
	    cmocka_unit_test(test_utf8__normalize_appends),
	    cmocka_unit_test(test_utf8__normalize_errors),
	    cmocka_unit_test(test_utf8__width_table),
	    cmocka_unit_test(test_utf8__space_table),
	    cmocka_unit_test(test_utf8__ascii_upper),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
