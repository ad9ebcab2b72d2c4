/*
 * date.c - civil dates as day numbers, the accepted input forms and the
 * working-day calendar.
 *
 * Day numbers count from 1970-01-01 in the proleptic Gregorian calendar.
 * The conversions use the usual "shifted year" method: the year is taken
 * to start on 1 March, so the leap day is the last day of the year and
 * the month lengths from March on follow a fixed pattern (153 days per
 * five months). Years are grouped in 400-year eras of 146097 days.
 *
 * The calendar keeps two sorted arrays (weekday holidays, weekend working
 * days); everything not listed follows the Monday-to-Friday rule.
 */
#include <assert.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/banned.h"

#define DAYS_PER_ERA 146097 /* days in 400 Gregorian years */
#define EPOCH_SHIFT  719468 /* days from 0000-03-01 to 1970-01-01 */

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};

	if (m == 2 && is_leap(y))
		return 29;
	return len[m - 1];
}

int xy_date_valid(int y, int m, int d)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= month_days(y, m);
}

/* Day number of y-m-d; 64-bit so that no intermediate can overflow. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	if (m <= 2)
		y--; /* Jan and Feb belong to the year before */
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400; /* 0..399 */
	/* March is month 0 of the shifted year */
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * DAYS_PER_ERA + doe - EPOCH_SHIFT;
}

int32_t xy_date_from_ymd(int y, int m, int d)
{
	assert(xy_date_valid(y, m, d));
	return (int32_t)days_from_civil(y, m, d);
}

void xy_date_to_ymd(int32_t days, int *y, int *m, int *d)
{
	int64_t z = (int64_t)days + EPOCH_SHIFT;
	int64_t era, doe, yoe, doy, mp, year;

	era = (z >= 0 ? z : z - (DAYS_PER_ERA - 1)) / DAYS_PER_ERA;
	doe = z - era * DAYS_PER_ERA; /* 0..146096 */
	/* remove the leap days before doe, then divide by 365 */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / (DAYS_PER_ERA - 1)) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* 0..365 */
	mp = (5 * doy + 2) / 153;		       /* 0 = March */
	year = yoe + era * 400;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	if (*m <= 2)
		year++;
	*y = (int)year;
}

int xy_date_weekday(int32_t days)
{
	/* 1970-01-01 was a Thursday (3) */
	int r = (int)(days % 7);

	if (r < 0)
		r += 7;
	return (r + 3) % 7;
}

void xy_date_format(int32_t days, char out[11])
{
	int y, m, d;

	xy_date_to_ymd(days, &y, &m, &d);
	assert(y >= 0 && y <= 9999);
	if (y < 0 || y > 9999)
		y = 0; /* keep the output 10 characters regardless */
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/*
 * Reads min..max decimal digits at s[*pos]; a digit right after max
 * digits is an error. Advances *pos only on success.
 */
static int read_num(const char *s, size_t len, size_t *pos, size_t min,
		    size_t max, int *out)
{
	size_t i = *pos;
	int v = 0;

	while (i < len && i - *pos < max && s[i] >= '0' && s[i] <= '9') {
		v = v * 10 + (s[i] - '0');
		i++;
	}
	if (i - *pos < min)
		return -1;
	if (i < len && s[i] >= '0' && s[i] <= '9')
		return -1;
	*pos = i;
	*out = v;
	return 0;
}

/* Matches the literal lit at s[*pos]; advances *pos only on success. */
static int read_lit(const char *s, size_t len, size_t *pos, const char *lit)
{
	size_t n = strlen(lit);

	if (len - *pos < n || memcmp(s + *pos, lit, n))
		return -1;
	*pos += n;
	return 0;
}

static int finish(int y, int m, int d, int32_t *out)
{
	if (!xy_date_valid(y, m, d))
		return -1;
	*out = xy_date_from_ymd(y, m, d);
	return 0;
}

int xy_date_parse(const char *s, size_t len, int32_t *out)
{
	static const char year_sign[] = "\xe5\xb9\xb4";	 /* 年 */
	static const char month_sign[] = "\xe6\x9c\x88"; /* 月 */
	static const char day_sign[] = "\xe6\x97\xa5";	 /* 日 */
	size_t pos = 0;
	int y, m, d;
	char sep;

	if (!s)
		return -1;

	/* 20210301; "2021-3-1" has 8 bytes too, so only when all digits */
	if (len == 8 && !read_num(s, len, &pos, 8, 8, &y))
		return finish(y / 10000, y / 100 % 100, y % 100, out);

	if (read_num(s, len, &pos, 4, 4, &y) < 0 || pos == len)
		return -1;

	/* 2021年3月1日 */
	if (!read_lit(s, len, &pos, year_sign)) {
		if (read_num(s, len, &pos, 1, 2, &m) < 0 ||
		    read_lit(s, len, &pos, month_sign) < 0 ||
		    read_num(s, len, &pos, 1, 2, &d) < 0 ||
		    read_lit(s, len, &pos, day_sign) < 0 || pos != len)
			return -1;
		return finish(y, m, d, out);
	}

	/* 2021-03-01, 2021/3/1, 2021.03.01: one separator used twice */
	sep = s[pos];
	if (sep != '-' && sep != '/' && sep != '.')
		return -1;
	pos++;
	if (read_num(s, len, &pos, 1, 2, &m) < 0 || pos == len || s[pos] != sep)
		return -1;
	pos++;
	if (read_num(s, len, &pos, 1, 2, &d) < 0 || pos != len)
		return -1;
	return finish(y, m, d, out);
}

/* ---- the calendar ---- */

void xy_calendar_init(struct xy_calendar *cal)
{
	cal->off = NULL;
	cal->noff = 0;
	cal->work = NULL;
	cal->nwork = 0;
	cal->first = XY_DATE_NONE; /* both NONE: nothing loaded yet */
	cal->last = XY_DATE_NONE;
}

void xy_calendar_dispose(struct xy_calendar *cal)
{
	free(cal->off);
	free(cal->work);
	xy_calendar_init(cal);
}

static int cmp_day(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

static int contains(const int32_t *days, size_t n, int32_t day)
{
	if (!n)
		return 0;
	return bsearch(&day, days, n, sizeof(*days), cmp_day) != NULL;
}

/* Appends add[0..nadd) to the sorted array *arr and keeps it sorted. */
static void merge_days(int32_t **arr, size_t *n, const int32_t *add,
		       size_t nadd)
{
	size_t total = *n + nadd, out = 0;
	int32_t *a;

	if (!nadd)
		return;
	a = xy_xrealloc(*arr, total * sizeof(*a));
	memcpy(a + *n, add, nadd * sizeof(*a));
	qsort(a, total, sizeof(*a), cmp_day);
	/* loading the same year twice must not duplicate entries */
	for (size_t i = 0; i < total; i++) {
		if (!out || a[out - 1] != a[i])
			a[out++] = a[i];
	}
	*arr = a;
	*n = out;
}

int xy_calendar_add_json(struct xy_calendar *cal, const char *text, size_t len)
{
	json_error_t jerr;
	json_t *root = NULL, *jyear, *jdays;
	int32_t *off = NULL, *work = NULL, jan1, dec31;
	size_t noff = 0, nwork = 0, i;
	json_int_t year;
	int err = 0;

	root = json_loadb(text, len, 0, &jerr);
	if (!root) {
		err = xy_error_set(XY_EINVALID, "holiday file: line %d: %s",
				   jerr.line, jerr.text);
		goto done;
	}
	jyear = json_object_get(root, "year");
	jdays = json_object_get(root, "days");
	if (!json_is_integer(jyear) || !json_is_array(jdays)) {
		err = xy_error_set(XY_EINVALID,
				   "holiday file: 'year' (integer) and "
				   "'days' (array) are required");
		goto done;
	}
	year = json_integer_value(jyear);
	if (year < 1 || year > 9999) {
		err = xy_error_set(XY_EINVALID,
				   "holiday file: year %lld out of range",
				   (long long)year);
		goto done;
	}

	off = xy_xmalloc((json_array_size(jdays) + 1) * sizeof(*off));
	work = xy_xmalloc((json_array_size(jdays) + 1) * sizeof(*work));
	for (i = 0; i < json_array_size(jdays); i++) {
		json_t *item = json_array_get(jdays, i);
		json_t *jdate = json_object_get(item, "date");
		json_t *joff = json_object_get(item, "isOffDay");
		int32_t day;
		int wd;

		if (!json_is_string(jdate) || !json_is_boolean(joff)) {
			err = xy_error_set(XY_EINVALID,
					   "holiday file: 'days[%zu]' needs "
					   "'date' and 'isOffDay'",
					   i);
			goto done;
		}
		if (xy_date_parse(json_string_value(jdate),
				  json_string_length(jdate), &day) < 0) {
			err = xy_error_set(XY_EINVALID,
					   "holiday file: 'days[%zu].date' "
					   "is not a date",
					   i);
			goto done;
		}
		/*
		 * Only the exceptions to the Monday-to-Friday rule are kept:
		 * an off weekend day or a working weekday changes nothing.
		 */
		wd = xy_date_weekday(day);
		if (json_is_true(joff) && wd < 5)
			off[noff++] = day;
		else if (json_is_false(joff) && wd >= 5)
			work[nwork++] = day;
	}

	merge_days(&cal->off, &cal->noff, off, noff);
	merge_days(&cal->work, &cal->nwork, work, nwork);
	jan1 = xy_date_from_ymd((int)year, 1, 1);
	dec31 = xy_date_from_ymd((int)year, 12, 31);
	if (cal->first == XY_DATE_NONE || jan1 < cal->first)
		cal->first = jan1;
	if (cal->last == XY_DATE_NONE || dec31 > cal->last)
		cal->last = dec31;

done:
	free(off);
	free(work);
	json_decref(root);
	return err;
}

int xy_calendar_is_working(const struct xy_calendar *cal, int32_t day)
{
	if (xy_date_weekday(day) < 5)
		return !contains(cal->off, cal->noff, day);
	return contains(cal->work, cal->nwork, day);
}

int32_t xy_calendar_add_working(const struct xy_calendar *cal, int32_t start,
				int n)
{
	int step = n < 0 ? -1 : 1;
	int64_t left = n < 0 ? -(int64_t)n : n;
	int32_t day = start;

	/* a negative n counts backwards: the day n working days before */
	while (left > 0) {
		assert(day != (step > 0 ? INT32_MAX : INT32_MIN));
		day += step;
		if (xy_calendar_is_working(cal, day))
			left--;
	}
	return day;
}
