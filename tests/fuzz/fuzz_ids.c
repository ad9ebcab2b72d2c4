/*
 * fuzz_ids.c - arbitrary bytes into the identifier checks and the date
 * parser (core/ids.h, core/date.h), checking that what they accept is
 * self-consistent. Every input is copied into a buffer of exactly its
 * size so that AddressSanitizer sees any read past len.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/ids.h"
#include "util/banned.h"

/* assert() that survives NDEBUG: a broken invariant is the finding */
#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
			abort();                                               \
		}                                                              \
	} while (0)

static void check_uscc(const char *s, size_t len)
{
	int bad = -1, bad2 = -1;
	enum xy_verr e = xy_uscc_check(s, len, 0, &bad);
	enum xy_verr e2 =
	    xy_uscc_check(s, len, XY_USCC_EXTRA_AUTHORITIES, &bad2);

	CHECK(e == XY_V_OK || e == XY_V_USCC_FORMAT || e == XY_V_USCC_CHECKSUM);
	CHECK(bad == 0 || bad == 1);
	if (e != XY_V_OK)
		return;
	CHECK(len == XY_USCC_LEN);
	CHECK(xy_uscc_check_char(s) == s[17]);
	CHECK(!xy_uscc_is_placeholder(s, len));
	/* the flag only widens what is accepted */
	CHECK(e2 == XY_V_OK && bad2 == bad);
	CHECK(xy_uscc_check(s, len, 0, NULL) == XY_V_OK);
	CHECK(bad == (xy_orgcode_check(s + 8, 9) != XY_V_OK));
	CHECK(xy_id_guess(s, len) != XY_ID_UNKNOWN);
}

static void check_orgcode(const char *s, size_t len)
{
	enum xy_verr e = xy_orgcode_check(s, len);

	CHECK(e == XY_V_OK || e == XY_V_ORGCODE_CHECKSUM);
	if (e != XY_V_OK)
		return;
	CHECK(len == 9 || (len == 10 && s[8] == '-'));
	CHECK(xy_orgcode_check_char(s) == s[len - 1]);
	CHECK(xy_id_guess(s, len) == XY_ID_ORGCODE);
}

static void check_ric(const char *s, size_t len, int32_t today)
{
	char out[XY_RIC_LEN + 1], again[XY_RIC_LEN + 1];
	enum xy_verr e;

	memset(out, '#', sizeof(out));
	e = xy_ric_check(s, len, today, out);
	CHECK(e == XY_V_OK || e == XY_V_RIC_FORMAT || e == XY_V_RIC_BIRTHDATE ||
	      e == XY_V_RIC_CHECKSUM);
	if (e != XY_V_OK) {
		/* out is left alone on failure */
		for (size_t i = 0; i < sizeof(out); i++)
			CHECK(out[i] == '#');
		return;
	}
	CHECK(len == 18 || len == 15);
	CHECK(strlen(out) == XY_RIC_LEN);
	CHECK(xy_ric_check_char(out) == out[17]);
	if (len == 18)
		CHECK(!memcmp(out, s, 17));
	else
		CHECK(!memcmp(out, s, 6) && !memcmp(out + 8, s + 6, 9));
	CHECK(xy_ric_check(out, XY_RIC_LEN, today, again) == XY_V_OK);
	CHECK(!memcmp(out, again, sizeof(out)));
	/* one day earlier may fail only on the birth date */
	e = xy_ric_check(out, XY_RIC_LEN, today - 1, again);
	CHECK(e == XY_V_OK || e == XY_V_RIC_BIRTHDATE);
	if (len == 15)
		CHECK(xy_id_guess(s, len) == XY_ID_RIC);
}

static void check_date(const char *s, size_t len)
{
	int32_t d = 42, d2 = 0;
	char iso[11];
	int y, m, dd;

	if (xy_date_parse(s, len, &d) < 0) {
		CHECK(d == 42);
		return;
	}
	xy_date_to_ymd(d, &y, &m, &dd);
	CHECK(xy_date_valid(y, m, dd));
	CHECK(xy_date_from_ymd(y, m, dd) == d);
	xy_date_format(d, iso);
	CHECK(strlen(iso) == 10);
	CHECK(xy_date_parse(iso, 10, &d2) == 0 && d2 == d);
	CHECK(xy_date_weekday(d) >= 0 && xy_date_weekday(d) <= 6);
}

static void check_mask(const char *s, size_t len)
{
	char *out = malloc(len + 1);

	CHECK(out);
	xy_ric_mask(s, len, out);
	CHECK(out[len] == '\0');
	for (size_t i = 0; i < len; i++)
		CHECK(out[i] == '*' || out[i] == s[i]);
	if (len == XY_RIC_LEN)
		CHECK(!memcmp(out + 6, "********", 8));
	free(out);
}

static void check_calendar(const char *s, size_t len)
{
	struct xy_calendar cal;

	xy_calendar_init(&cal);
	if (xy_calendar_add_json(&cal, s, len) == 0) {
		for (size_t i = 1; i < cal.noff; i++)
			CHECK(cal.off[i - 1] < cal.off[i]);
		for (size_t i = 1; i < cal.nwork; i++)
			CHECK(cal.work[i - 1] < cal.work[i]);
		CHECK(cal.first <= cal.last);
	}
	xy_calendar_dispose(&cal);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* 2026-03-01, and 2100-01-01 to let future birth dates through */
	static const int32_t todays[] = {20513, 47482};
	char *s = malloc(size ? size : 1);
	enum xy_id_kind k;

	CHECK(s);
	memcpy(s, data, size);
	check_uscc(s, size);
	check_orgcode(s, size);
	for (size_t i = 0; i < sizeof(todays) / sizeof(todays[0]); i++)
		check_ric(s, size, todays[i]);
	k = xy_id_guess(s, size);
	CHECK(strlen(xy_id_kind_name(k)) > 0);
	check_date(s, size);
	check_mask(s, size);
	if (size >= 17) {
		char c = xy_uscc_check_char(s);

		CHECK(c == '\0' ||
		      strchr("0123456789ABCDEFGHJKLMNPQRTUWXY", c));
		c = xy_ric_check_char(s);
		CHECK(c == '\0' || strchr("0123456789X", c));
	}
	if (size >= 8) {
		char c = xy_orgcode_check_char(s);

		CHECK(c == '\0' || strchr("0123456789X", c));
	}
	if (size && data[0] == '{')
		check_calendar(s, size);
	free(s);
	return 0;
}
