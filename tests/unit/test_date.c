/*
 * test_date.c - day numbers, the input forms and the holiday calendar
 * (core/date.h).
 *
 * The calendar cases use catalog/holidays/YYYY.json from the source tree
 * (XY_SOURCE_DIR, set by ctest); 2026 facts below are from the State
 * Council notice that 2026.json records.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/banned.h"

static int32_t day(int y, int m, int d)
{
	return xy_date_from_ymd(y, m, d);
}

static int parse(const char *s, int32_t *out)
{
	return xy_date_parse(s, strlen(s), out);
}

/* Reads catalog/holidays/<year>.json into cal; fails the test if not. */
static void load_year(struct xy_calendar *cal, int year)
{
	const char *root = getenv("XY_SOURCE_DIR");
	struct xy_buf path = XY_BUF_INIT, text = XY_BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f;

	if (!root)
		root = ".";
	xy_buf_addf(&path, "%s/catalog/holidays/%d.json", root, year);
	f = fopen(path.ptr, "rb");
	if (!f)
		fail_msg("cannot open '%s' (is XY_SOURCE_DIR set?)", path.ptr);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		xy_buf_add(&text, chunk, n);
	fclose(f);
	if (xy_calendar_add_json(cal, text.ptr, text.len) < 0)
		fail_msg("'%s': %s", path.ptr, xy_error_msg());
	xy_buf_dispose(&path);
	xy_buf_dispose(&text);
}

/* ---- day numbers ---- */

static void test_date__day_numbers(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(day(1970, 1, 1), 0);
	assert_int_equal(day(1969, 12, 31), -1);
	assert_int_equal(day(2000, 3, 1), 11017);
	assert_int_equal(day(2021, 3, 1), 18687);
	assert_int_equal(day(2026, 1, 4), 20457);
	assert_int_equal(day(1900, 3, 1), -25508);
	assert_int_equal(day(1600, 2, 29), -135081);
	assert_int_equal(day(1, 1, 1), -719162);
	assert_int_equal(day(9999, 12, 31), 2932896);

	xy_date_to_ymd(-719162, &y, &m, &d);
	assert_int_equal(y, 1);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
	xy_date_to_ymd(-1, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
	xy_date_to_ymd(11016, &y, &m, &d);
	assert_int_equal(y, 2000);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
}

static void test_date__roundtrip(void **state)
{
	int32_t first = day(1, 1, 1), last = day(9999, 12, 31);
	int py = 0, pm = 12, pd = 31;

	(void)state;
	/* every day of years 1..9999, each the successor of the last */
	for (int32_t i = first; i <= last; i++) {
		int y, m, d;

		xy_date_to_ymd(i, &y, &m, &d);
		assert_true(xy_date_valid(y, m, d));
		assert_int_equal(xy_date_from_ymd(y, m, d), i);
		if (d != pd + 1) {
			assert_int_equal(d, 1);
			if (m != pm + 1) {
				assert_int_equal(m, 1);
				assert_int_equal(y, py + 1);
			}
		}
		py = y;
		pm = m;
		pd = d;
	}
}

static void test_date__valid(void **state)
{
	(void)state;
	assert_true(xy_date_valid(2020, 2, 29));
	assert_false(xy_date_valid(2021, 2, 29));
	assert_false(xy_date_valid(1900, 2, 29));
	assert_true(xy_date_valid(2000, 2, 29));
	assert_false(xy_date_valid(2021, 4, 31));
	assert_true(xy_date_valid(2021, 12, 31));
	assert_false(xy_date_valid(2021, 13, 1));
	assert_false(xy_date_valid(2021, 0, 1));
	assert_false(xy_date_valid(2021, 1, 0));
	assert_false(xy_date_valid(2021, 1, 32));
	assert_false(xy_date_valid(0, 1, 1));
	assert_false(xy_date_valid(10000, 1, 1));
	assert_true(xy_date_valid(1, 1, 1));
	assert_true(xy_date_valid(9999, 12, 31));
}

/* ---- parsing and formatting ---- */

static void test_date__parse_forms(void **state)
{
	static const char *const forms[] = {
	    "2021-03-01", "2021-3-1",	  "2021-03-1",	    "2021-3-01",
	    "2021/3/1",	  "2021/03/01",	  "20210301",	    "2021.03.01",
	    "2021.3.1",	  "2021年3月1日", "2021年03月01日",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		int32_t d = 0;

		if (parse(forms[i], &d) != 0)
			fail_msg("'%s' not parsed", forms[i]);
		assert_int_equal(d, day(2021, 3, 1));
	}
}

static void test_date__parse_impossible(void **state)
{
	static const char *const bad[] = {
	    "2021-02-29", "2021/2/29",	"20210229",   "2021年2月29日",
	    "2021-13-01", "2021-00-10", "2021-01-00", "2021-04-31",
	    "0000-01-01", "1900-02-29", "20211301",   "2021.12.32",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int32_t d = 1234;

		if (parse(bad[i], &d) != -1)
			fail_msg("'%s' accepted", bad[i]);
		assert_int_equal(d, 1234); /* untouched */
	}
}

static void test_date__parse_leap(void **state)
{
	int32_t d;

	(void)state;
	assert_int_equal(parse("2020-02-29", &d), 0);
	assert_int_equal(d, day(2020, 2, 29));
	assert_int_equal(parse("2000/2/29", &d), 0);
	assert_int_equal(d, day(2000, 2, 29));
	assert_int_equal(parse("2099-12-31", &d), 0);
	assert_int_equal(d, day(2099, 12, 31));
}

static void test_date__parse_malformed(void **state)
{
	static const char *const bad[] = {
	    "",
	    "2021",
	    "2021-",
	    "2021-03",
	    "2021-03-",
	    "2021-03-01 ",
	    " 2021-03-01",
	    "2021-03-01T00:00:00",
	    "2021-03-01 00:00:00",
	    "2021-003-01",
	    "2021-03-001",
	    "2021-03/01", /* mixed separators */
	    "2021.03-01",
	    "2021 03 01",
	    "21-03-01",
	    "02021-03-01",
	    "+2021-3-1",
	    "2021031",
	    "202103011",
	    "2021030A",
	    "2021年3月1",
	    "2021年3月1号",
	    "2021年3-1日",
	    "2021-3月1日",
	    "2021年月1日",
	    "2021年3月1日 ",
	    "2021\xe5\xb9", /* truncated 年 */
	    "二〇二一年三月一日",
	    "abcd-ef-gh",
	    "2021--03-01",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int32_t d;

		if (parse(bad[i], &d) != -1)
			fail_msg("'%s' accepted", bad[i]);
	}
	/* the length wins over the NUL */
	assert_int_equal(xy_date_parse("2021-03-01", 9, &(int32_t){0}), -1);
	assert_int_equal(xy_date_parse("2021-03-01\0x", 12, &(int32_t){0}), -1);
	assert_int_equal(xy_date_parse(NULL, 0, &(int32_t){0}), -1);
}

static void test_date__format(void **state)
{
	char out[11];
	int32_t d;

	(void)state;
	xy_date_format(0, out);
	assert_string_equal(out, "1970-01-01");
	xy_date_format(day(2026, 10, 1), out);
	assert_string_equal(out, "2026-10-01");
	xy_date_format(day(1, 1, 1), out);
	assert_string_equal(out, "0001-01-01");
	xy_date_format(day(9999, 12, 31), out);
	assert_string_equal(out, "9999-12-31");
	assert_int_equal(parse("2021年3月1日", &d), 0);
	xy_date_format(d, out);
	assert_string_equal(out, "2021-03-01");
}

static void test_date__weekday(void **state)
{
	(void)state;
	assert_int_equal(xy_date_weekday(0), 3); /* Thursday */
	assert_int_equal(xy_date_weekday(-1), 2);
	assert_int_equal(xy_date_weekday(-7), 3);
	assert_int_equal(xy_date_weekday(day(2026, 1, 4)), 6);	/* Sunday */
	assert_int_equal(xy_date_weekday(day(2026, 2, 14)), 5); /* Saturday */
	assert_int_equal(xy_date_weekday(day(2026, 10, 1)), 3);
	assert_int_equal(xy_date_weekday(day(2021, 3, 1)), 0); /* Monday */
	assert_int_equal(xy_date_weekday(day(1, 1, 1)), 0);
}

/* ---- calendar ---- */

static void test_date__calendar_empty(void **state)
{
	struct xy_calendar cal;

	(void)state;
	xy_calendar_init(&cal);
	assert_int_equal(cal.noff, 0);
	assert_int_equal(cal.nwork, 0);
	assert_int_equal(cal.first, XY_DATE_NONE);
	assert_int_equal(cal.last, XY_DATE_NONE);
	/* without data: Monday to Friday */
	assert_true(xy_calendar_is_working(&cal, day(2026, 10, 1)));
	assert_false(xy_calendar_is_working(&cal, day(2026, 1, 4)));
	assert_int_equal(xy_calendar_add_working(&cal, day(2026, 9, 30), 7),
			 day(2026, 10, 9));
	xy_calendar_dispose(&cal);
	xy_calendar_dispose(&cal); /* twice is fine */
}

static void test_date__calendar_2026(void **state)
{
	struct xy_calendar cal;

	(void)state;
	xy_calendar_init(&cal);
	load_year(&cal, 2026);
	assert_int_equal(cal.first, day(2026, 1, 1));
	assert_int_equal(cal.last, day(2026, 12, 31));
	/* weekday holidays and 调休 weekends listed in 2026.json */
	assert_int_equal(cal.noff, 19);
	assert_int_equal(cal.nwork, 6);

	/* 元旦: Thu-Sat off, Sunday 2026-01-04 a working day */
	assert_false(xy_calendar_is_working(&cal, day(2026, 1, 1)));
	assert_false(xy_calendar_is_working(&cal, day(2026, 1, 2)));
	assert_false(xy_calendar_is_working(&cal, day(2026, 1, 3)));
	assert_true(xy_calendar_is_working(&cal, day(2026, 1, 4)));
	assert_true(xy_calendar_is_working(&cal, day(2026, 1, 5)));

	/* 春节: Sat 02-14 works, 02-15..02-23 off, Sat 02-28 works */
	assert_true(xy_calendar_is_working(&cal, day(2026, 2, 13)));
	assert_true(xy_calendar_is_working(&cal, day(2026, 2, 14)));
	for (int d = 15; d <= 23; d++)
		assert_false(xy_calendar_is_working(&cal, day(2026, 2, d)));
	assert_true(xy_calendar_is_working(&cal, day(2026, 2, 24)));
	assert_true(xy_calendar_is_working(&cal, day(2026, 2, 28)));
	assert_false(xy_calendar_is_working(&cal, day(2026, 3, 1)));

	/* 国庆 / 中秋: Sun 09-20 works, 10-01..10-07 off, Sat 10-10 works */
	assert_true(xy_calendar_is_working(&cal, day(2026, 9, 20)));
	assert_false(xy_calendar_is_working(&cal, day(2026, 9, 25)));
	for (int d = 1; d <= 7; d++)
		assert_false(xy_calendar_is_working(&cal, day(2026, 10, d)));
	assert_true(xy_calendar_is_working(&cal, day(2026, 10, 8)));
	assert_true(xy_calendar_is_working(&cal, day(2026, 10, 10)));
	assert_false(xy_calendar_is_working(&cal, day(2026, 10, 11)));

	/* ordinary weeks */
	assert_true(xy_calendar_is_working(&cal, day(2026, 3, 9)));
	assert_false(xy_calendar_is_working(&cal, day(2026, 3, 7)));
	assert_false(xy_calendar_is_working(&cal, day(2026, 3, 8)));
	xy_calendar_dispose(&cal);
}

static void test_date__add_working(void **state)
{
	struct xy_calendar cal;
	int32_t d;

	(void)state;
	xy_calendar_init(&cal);
	load_year(&cal, 2026);

	/* 7 working days after 2026-09-30 (Wed), across 国庆: 10-08, 10-09,
	 * 10-10 (Sat, 调休), 10-12 .. 10-15 */
	assert_int_equal(xy_calendar_add_working(&cal, day(2026, 9, 30), 7),
			 day(2026, 10, 15));
	/* 7 after 2026-02-12 (Thu), across 春节: 02-13, 02-14 (Sat),
	 * 02-24 .. 02-27, 02-28 (Sat) */
	assert_int_equal(xy_calendar_add_working(&cal, day(2026, 2, 12), 7),
			 day(2026, 2, 28));
	/* a decision on 元旦 itself: 01-04 (Sun) is the first */
	assert_int_equal(xy_calendar_add_working(&cal, day(2026, 1, 1), 1),
			 day(2026, 1, 4));
	assert_int_equal(xy_calendar_add_working(&cal, day(2026, 1, 1), 7),
			 day(2026, 1, 12));
	/* start itself is not counted, even when it is a working day */
	assert_int_equal(xy_calendar_add_working(&cal, day(2026, 3, 9), 1),
			 day(2026, 3, 10));
	/* n == 0 is start, working day or not */
	assert_int_equal(xy_calendar_add_working(&cal, day(2026, 10, 3), 0),
			 day(2026, 10, 3));
	/* negative n counts back */
	assert_int_equal(xy_calendar_add_working(&cal, day(2026, 10, 8), -1),
			 day(2026, 9, 30));
	assert_int_equal(xy_calendar_add_working(&cal, day(2026, 10, 15), -7),
			 day(2026, 9, 30));
	/* 15 working days from 2026-09-28 (Mon), 国庆 in between */
	d = xy_calendar_add_working(&cal, day(2026, 9, 28), 15);
	assert_int_equal(d, day(2026, 10, 23));
	xy_calendar_dispose(&cal);
}

static void test_date__calendar_merge(void **state)
{
	struct xy_calendar cal;
	size_t noff, nwork;

	(void)state;
	xy_calendar_init(&cal);
	load_year(&cal, 2026);
	noff = cal.noff;
	nwork = cal.nwork;
	load_year(&cal, 2019);
	load_year(&cal, 2025);
	assert_int_equal(cal.first, day(2019, 1, 1));
	assert_int_equal(cal.last, day(2026, 12, 31));
	for (size_t i = 1; i < cal.noff; i++)
		assert_true(cal.off[i - 1] < cal.off[i]);
	for (size_t i = 1; i < cal.nwork; i++)
		assert_true(cal.work[i - 1] < cal.work[i]);
	for (size_t i = 0; i < cal.noff; i++)
		assert_true(xy_date_weekday(cal.off[i]) < 5);
	for (size_t i = 0; i < cal.nwork; i++)
		assert_true(xy_date_weekday(cal.work[i]) >= 5);

	/* 2019.json also lists the end of 2018: 12-29 (Sat) worked,
	 * 12-31 (Mon) off */
	assert_true(xy_calendar_is_working(&cal, day(2018, 12, 29)));
	assert_false(xy_calendar_is_working(&cal, day(2018, 12, 31)));
	/* 2025: 国庆 10-01 .. 10-08 off, Saturday 10-11 worked */
	assert_false(xy_calendar_is_working(&cal, day(2025, 10, 1)));
	assert_false(xy_calendar_is_working(&cal, day(2025, 10, 8)));
	assert_true(xy_calendar_is_working(&cal, day(2025, 10, 11)));
	assert_true(xy_calendar_is_working(&cal, day(2026, 1, 4)));

	/* loading a year again changes nothing */
	noff = cal.noff;
	nwork = cal.nwork;
	load_year(&cal, 2026);
	assert_int_equal(cal.noff, noff);
	assert_int_equal(cal.nwork, nwork);
	xy_calendar_dispose(&cal);
}

static void test_date__calendar_bad_json(void **state)
{
	static const char *const bad[] = {
	    "",
	    "{",
	    "[]",
	    "{\"days\": []}",
	    "{\"year\": \"2026\", \"days\": []}",
	    "{\"year\": 2026}",
	    "{\"year\": 2026, \"days\": {}}",
	    "{\"year\": 0, \"days\": []}",
	    "{\"year\": 10000, \"days\": []}",
	    "{\"year\": 2026, \"days\": [1]}",
	    "{\"year\": 2026, \"days\": [{\"date\": \"2026-10-01\"}]}",
	    "{\"year\": 2026, \"days\": [{\"isOffDay\": true}]}",
	    "{\"year\": 2026, \"days\": [{\"date\": 20261001, "
	    "\"isOffDay\": true}]}",
	    "{\"year\": 2026, \"days\": [{\"date\": \"2026-10-01\", "
	    "\"isOffDay\": 1}]}",
	    "{\"year\": 2026, \"days\": [{\"date\": \"2026-10-01\", "
	    "\"isOffDay\": true}, {\"date\": \"2026-02-30\", "
	    "\"isOffDay\": true}]}",
	};
	struct xy_calendar cal;

	(void)state;
	xy_calendar_init(&cal);
	load_year(&cal, 2026);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		xy_error_clear();
		if (xy_calendar_add_json(&cal, bad[i], strlen(bad[i])) !=
		    XY_EINVALID)
			fail_msg("case %zu accepted", i);
		assert_int_equal(xy_error_code(), XY_EINVALID);
		assert_true(strlen(xy_error_msg()) > 0);
	}
	/* a failed load leaves the calendar as it was */
	assert_int_equal(cal.noff, 19);
	assert_int_equal(cal.nwork, 6);
	assert_int_equal(cal.first, day(2026, 1, 1));
	assert_int_equal(cal.last, day(2026, 12, 31));
	xy_calendar_dispose(&cal);
}

static void test_date__calendar_minimal_json(void **state)
{
	static const char doc[] =
	    "{\"year\": 2030, \"days\": ["
	    "{\"name\": \"x\", \"date\": \"2030-01-01\", \"isOffDay\": true},"
	    "{\"date\": \"2030-01-05\", \"isOffDay\": false},"
	    "{\"date\": \"2030-01-06\", \"isOffDay\": true},"
	    "{\"date\": \"2030-01-07\", \"isOffDay\": false}]}";
	struct xy_calendar cal;

	(void)state;
	xy_calendar_init(&cal);
	assert_int_equal(xy_calendar_add_json(&cal, doc, strlen(doc)), 0);
	/* only the exceptions to Monday-Friday are kept */
	assert_int_equal(cal.noff, 1);
	assert_int_equal(cal.off[0], day(2030, 1, 1));
	assert_int_equal(cal.nwork, 1);
	assert_int_equal(cal.work[0], day(2030, 1, 5));
	assert_false(xy_calendar_is_working(&cal, day(2030, 1, 1)));
	assert_true(xy_calendar_is_working(&cal, day(2030, 1, 5)));
	assert_false(xy_calendar_is_working(&cal, day(2030, 1, 6)));
	assert_true(xy_calendar_is_working(&cal, day(2030, 1, 7)));
	/* the JSON need not be NUL-terminated */
	xy_calendar_dispose(&cal);
	xy_calendar_init(&cal);
	assert_int_equal(xy_calendar_add_json(&cal, doc, sizeof(doc) - 1), 0);
	assert_int_equal(xy_calendar_add_json(&cal, doc, 10), XY_EINVALID);
	xy_calendar_dispose(&cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_date__day_numbers),
	    cmocka_unit_test(test_date__roundtrip),
	    cmocka_unit_test(test_date__valid),
	    cmocka_unit_test(test_date__parse_forms),
	    cmocka_unit_test(test_date__parse_impossible),
	    cmocka_unit_test(test_date__parse_leap),
	    cmocka_unit_test(test_date__parse_malformed),
	    cmocka_unit_test(test_date__format),
	    cmocka_unit_test(test_date__weekday),
	    cmocka_unit_test(test_date__calendar_empty),
	    cmocka_unit_test(test_date__calendar_2026),
	    cmocka_unit_test(test_date__add_working),
	    cmocka_unit_test(test_date__calendar_merge),
	    cmocka_unit_test(test_date__calendar_bad_json),
	    cmocka_unit_test(test_date__calendar_minimal_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
