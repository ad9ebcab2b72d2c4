/*
 * date.h - civil dates as day numbers, the accepted input forms, and the
 * working-day calendar.
 *
 * A date is an int32_t counting days since 1970-01-01 (negative before),
 * proleptic Gregorian. Pure: no clock is read here; callers pass today.
 */
#ifndef XY_DATE_H
#define XY_DATE_H

#include <stddef.h>
#include <stdint.h>

#define XY_DATE_NONE INT32_MIN /* "no date" where one is optional */

/* 1 when y-m-d is a real calendar day (year 1..9999). */
int xy_date_valid(int y, int m, int d);

/* Day number of a valid y-m-d. */
int32_t xy_date_from_ymd(int y, int m, int d);

void xy_date_to_ymd(int32_t days, int *y, int *m, int *d);

/*
 * Parses the accepted forms of DOMAIN.md §2.4: 2021-03-01, 2021/3/1,
 * 20210301, 2021.03.01 and 2021年3月1日 (input already normalised to
 * half-width). Returns 0 and sets *out, or -1 when s is not a date or
 * names an impossible day.
 */
int xy_date_parse(const char *s, size_t len, int32_t *out);

/* Writes YYYY-MM-DD and a NUL into out. */
void xy_date_format(int32_t days, char out[11]);

/* 0 Monday .. 6 Sunday. */
int xy_date_weekday(int32_t days);

/*
 * A holiday calendar: the weekdays that are off (holidays) and the
 * weekend days that are working days (调休). Built from the holiday-cn
 * JSON files (catalog/holidays/YYYY.json).
 */
struct xy_calendar {
	int32_t *off;	 /* sorted off days that would be weekdays */
	size_t noff;	 /* entries in off */
	int32_t *work;	 /* sorted weekend days that are working days */
	size_t nwork;	 /* entries in work */
	int32_t first;	 /* first day the calendar knows, inclusive */
	int32_t last;	 /* last day the calendar knows, inclusive */
};

void xy_calendar_init(struct xy_calendar *cal);
void xy_calendar_dispose(struct xy_calendar *cal);

/*
 * Adds the days of one holiday-cn JSON document (text of len bytes).
 * Returns 0 or XY_EINVALID with a message.
 */
int xy_calendar_add_json(struct xy_calendar *cal, const char *text,
			 size_t len);

/* 1 when day is a working day. */
int xy_calendar_is_working(const struct xy_calendar *cal, int32_t day);

/*
 * The day n working days after start (start itself not counted); with
 * n == 0, start.
 */
int32_t xy_calendar_add_working(const struct xy_calendar *cal, int32_t start,
				int n);

#endif
