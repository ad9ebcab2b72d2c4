/*
 * test_docno.c - document numbers and the gaps in their sequences
 * (core/docno.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/docno.h"
#include "util/buf.h"
#include "util/banned.h"

static int parse(const char *s, struct xy_docno *d)
{
	memset(d, 0x5a, sizeof(*d));
	return xy_docno_parse(s, strlen(s), d);
}

static void part_is(const char *p, size_t n, const char *want)
{
	assert_int_equal(n, strlen(want));
	assert_memory_equal(p, want, n);
}

static void format_is(const struct xy_docno *d, uint32_t serial,
		      const char *want)
{
	struct xy_buf b = XY_BUF_INIT;

	xy_docno_format(&b, d, serial);
	assert_string_equal(b.ptr, want);
	xy_buf_dispose(&b);
}

/* ---- parsing and formatting ---- */

static void test_docno__parse_brackets(void **state)
{
	const char *s = "槐市监罚〔2021〕37号";
	struct xy_docno d;

	(void)state;
	assert_int_equal(parse(s, &d), 0);
	assert_ptr_equal(d.head, s);
	part_is(d.head, d.head_len, "槐市监罚〔2021〕");
	part_is(d.tail, d.tail_len, "号");
	assert_ptr_equal(d.tail, s + strlen(s) - 3);
	assert_int_equal(d.serial, 37);
	assert_int_equal(d.width, 0);
	format_is(&d, 37, s);
	format_is(&d, 38, "槐市监罚〔2021〕38号");
	format_is(&d, 5, "槐市监罚〔2021〕5号");
	format_is(&d, 1000, "槐市监罚〔2021〕1000号");
}

static void test_docno__parse_padded(void **state)
{
	const char *s = "槐城管罚字[2021]第007号";
	struct xy_docno d;

	(void)state;
	assert_int_equal(parse(s, &d), 0);
	part_is(d.head, d.head_len, "槐城管罚字[2021]第");
	part_is(d.tail, d.tail_len, "号");
	assert_int_equal(d.serial, 7);
	assert_int_equal(d.width, 3);
	/* the zero padding is kept */
	format_is(&d, 7, s);
	format_is(&d, 8, "槐城管罚字[2021]第008号");
	format_is(&d, 42, "槐城管罚字[2021]第042号");
	format_is(&d, 1234, "槐城管罚字[2021]第1234号");

	/* appended to what is in the buffer */
	{
		struct xy_buf b = XY_BUF_INIT;

		xy_buf_adds(&b, "> ");
		xy_docno_format(&b, &d, 9);
		assert_string_equal(b.ptr, "> 槐城管罚字[2021]第009号");
		xy_buf_dispose(&b);
	}
}

static void test_docno__parse_other(void **state)
{
	struct xy_docno d;

	(void)state;
	/* the serial at the very end, nothing after it */
	assert_int_equal(parse("槐环罚2021-12", &d), 0);
	part_is(d.head, d.head_len, "槐环罚2021-");
	assert_int_equal(d.tail_len, 0);
	assert_int_equal(d.serial, 12);
	format_is(&d, 13, "槐环罚2021-13");

	/* only the year: the year is the last run of digits */
	assert_int_equal(parse("槐市监罚〔2021〕号", &d), 0);
	part_is(d.head, d.head_len, "槐市监罚〔");
	part_is(d.tail, d.tail_len, "〕号");
	assert_int_equal(d.serial, 2021);

	/* just digits */
	assert_int_equal(parse("0", &d), 0);
	assert_int_equal(d.serial, 0);
	assert_int_equal(d.width, 1);
	assert_int_equal(d.head_len, 0);
	assert_int_equal(d.tail_len, 0);
	format_is(&d, 3, "3");

	/* nine digits are the most */
	assert_int_equal(parse("罚999999999号", &d), 0);
	assert_int_equal(d.serial, 999999999);
	assert_int_equal(parse("罚000000001号", &d), 0);
	assert_int_equal(d.serial, 1);
	assert_int_equal(d.width, 9);

	/* only the given bytes count */
	assert_int_equal(xy_docno_parse("罚12号34", 8, &d), 0);
	assert_int_equal(d.serial, 12);
	part_is(d.tail, d.tail_len, "号");
}

static void test_docno__parse_fails(void **state)
{
	struct xy_docno d;

	(void)state;
	/* no digits */
	assert_int_equal(parse("槐市监罚号", &d), -1);
	assert_int_equal(parse("", &d), -1);
	assert_int_equal(parse("〔〕第号", &d), -1);
	/* full-width digits are not ASCII digits */
	assert_int_equal(parse("罚３７号", &d), -1);
	/* more than nine digits */
	assert_int_equal(parse("罚1234567890号", &d), -1);
	assert_int_equal(parse("罚0000000001号", &d), -1);
	assert_int_equal(xy_docno_parse("37", 0, &d), -1);
	/* a note after 号 is no part of the number (digits in it neither) */
	assert_int_equal(
	    parse("槐住建罚〔2021〕2号（2021年3月5日补正说明）", &d), 0);
	assert_int_equal(d.serial, 2);
	assert_int_equal(d.tail_len, 3);
	assert_int_equal(d.head_len, strlen("槐住建罚〔2021〕"));
	/* without 号, a long text after the digits is no sequence number */
	assert_int_equal(parse("槐住建罚〔2021〕2（本决定书系补正说明）", &d),
			 -1);
	/* a short tail still is (号之一: 9 bytes) */
	assert_int_equal(parse("槐住建罚〔2021〕2号之一", &d), 0);
	assert_int_equal(d.serial, 2);
}

/* ---- gaps ---- */

/* Collects the missing numbers passed to the callback. */
struct seen {
	uint32_t v[64]; /* the numbers, in call order */
	size_t n;	/* numbers collected */
	uint64_t calls; /* every call, also past v */
};

static void collect(void *ctx, uint32_t missing)
{
	struct seen *s = ctx;

	if (s->n < sizeof(s->v) / sizeof(s->v[0]))
		s->v[s->n++] = missing;
	s->calls++;
}

static void test_docno__gaps(void **state)
{
	uint32_t serials[] = {7, 3, 5, 3, 1, 5, 10};
	const uint32_t sorted[] = {1, 3, 3, 5, 5, 7, 10};
	const uint32_t want[] = {2, 4, 6, 8, 9};
	struct seen s = {{0}, 0, 0};

	(void)state;
	assert_int_equal(xy_docno_gaps(serials, 7, collect, &s), 5);
	assert_int_equal(s.n, 5);
	assert_int_equal(s.calls, 5);
	assert_memory_equal(s.v, want, sizeof(want));
	/* sorted in place */
	assert_memory_equal(serials, sorted, sizeof(sorted));
}

static void test_docno__gaps_none(void **state)
{
	uint32_t full[] = {4, 2, 3, 1};
	uint32_t dup[] = {9, 9, 9};
	uint32_t one[] = {12};
	struct seen s = {{0}, 0, 0};

	(void)state;
	assert_int_equal(xy_docno_gaps(full, 4, collect, &s), 0);
	assert_int_equal(xy_docno_gaps(dup, 3, collect, &s), 0);
	assert_int_equal(xy_docno_gaps(one, 1, collect, &s), 0);
	assert_int_equal(xy_docno_gaps(one, 0, collect, &s), 0);
	assert_int_equal(s.calls, 0);
}

static void test_docno__gaps_no_callback(void **state)
{
	uint32_t serials[] = {100, 1, 50};

	(void)state;
	assert_int_equal(xy_docno_gaps(serials, 3, NULL, NULL), 97);
}

static void test_docno__gaps_typo(void **state)
{
	/* 1, 3 and a mistyped 5000: only 2 is missing */
	uint32_t typo[] = {5000, 3, 1};
	/* the run after 3 is exactly XY_DOCNO_MAX_GAP long: counted */
	uint32_t limit[] = {1, 3, 4 + XY_DOCNO_MAX_GAP};
	/* one more and it is a typo */
	uint32_t over[] = {1, 3, 5 + XY_DOCNO_MAX_GAP};
	/* a typo inside a sequence that goes on */
	uint32_t mid[] = {1, 2, 4, 900000, 900002};
	struct seen s = {{0}, 0, 0};

	(void)state;
	assert_int_equal(xy_docno_gaps(typo, 3, collect, &s), 1);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.v[0], 2);

	s.n = 0;
	s.calls = 0;
	assert_int_equal(xy_docno_gaps(limit, 3, collect, &s),
			 1 + XY_DOCNO_MAX_GAP);
	assert_int_equal(s.calls, 1 + XY_DOCNO_MAX_GAP);
	assert_int_equal(s.v[0], 2);
	assert_int_equal(s.v[1], 4);
	assert_int_equal(s.v[2], 5);

	s.n = 0;
	s.calls = 0;
	assert_int_equal(xy_docno_gaps(over, 3, collect, &s), 1);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.v[0], 2);

	s.n = 0;
	s.calls = 0;
	assert_int_equal(xy_docno_gaps(mid, 5, collect, &s), 2);
	assert_int_equal(s.v[0], 3);
	assert_int_equal(s.v[1], 900001);

	/* the largest serials do not wrap around */
	{
		uint32_t top[] = {999999999, 999999997};

		s.n = 0;
		assert_int_equal(xy_docno_gaps(top, 2, collect, &s), 1);
		assert_int_equal(s.v[0], 999999998);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_docno__parse_brackets),
	    cmocka_unit_test(test_docno__parse_padded),
	    cmocka_unit_test(test_docno__parse_other),
	    cmocka_unit_test(test_docno__parse_fails),
	    cmocka_unit_test(test_docno__gaps),
	    cmocka_unit_test(test_docno__gaps_none),
	    cmocka_unit_test(test_docno__gaps_no_callback),
	    cmocka_unit_test(test_docno__gaps_typo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
