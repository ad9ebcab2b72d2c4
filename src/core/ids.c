/*
 * ids.c - the three national identifier checks (DOMAIN.md §1).
 *
 * USCC (GB 32100-2015): 18 characters over a 31-character alphabet, a
 * weighted sum mod 31 for the check character, positions 9-17 an
 * organisation code. Organisation code (GB 11714-1997): 8 body characters
 * and a mod-11 check. ID number (GB 11643-1999): 17 digits and a mod-11
 * check character (ISO 7064 MOD 11-2).
 *
 * Inputs are normalised upstream; nothing here prints or stores a value.
 */
#include <string.h>

#include "core/date.h"
#include "core/ids.h"
#include "util/banned.h"

/* ---- USCC, GB 32100-2015 ---- */

/* A character's value is its index (no I, O, S, V, Z). */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
#define USCC_RADIX 31

/* 3^(i-1) mod 31 for positions 1..17 */
static const int uscc_weights[17] = {1,	 3,  9,	 27, 19, 26, 16, 17, 20,
				     29, 25, 13, 8,  24, 10, 30, 28};

/*
 * Registration authority (position 1) and the categories it may use
 * (position 2), DOMAIN.md §1.1.
 */
static const struct {
	char authority;		/* position 1 */
	const char *categories; /* allowed characters in position 2 */
} uscc_authorities[] = {
    {'1', "1239"},   /* 机构编制 */
    {'2', "19"},     /* 外交 */
    {'3', "123459"}, /* 司法行政 */
    {'4', "19"},     /* 文化 */
    {'5', "1239"},   /* 民政 */
    {'6', "129"},    /* 旅游 */
    {'7', "129"},    /* 宗教 */
    {'8', "19"},     /* 工会 */
    {'9', "123"},    /* 工商 / 市场监管 */
    {'A', "19"},     /* 军队编制 */
    {'N', "1239"},   /* 农业 */
    {'Y', "1"},	     /* 其他 */
};

/*
 * Authorities found in one table only (unconfirmed), accepted with
 * XY_USCC_EXTRA_AUTHORITIES. Their categories are unknown, so any digit
 * 1-9 is allowed. S is listed there too but is not in the alphabet: no
 * check character can be computed for it, so it can never pass.
 */
static const char uscc_extra_authorities[] = "GJMQS";

/* Values of 'A'..'Y' in uscc_alphabet; -1 for I, O, S and V. */
static const signed char uscc_letter_value[25] = {
    10, 11, 12, 13, 14, 15, 16, 17, -1, 18, 19, 20, 21,
    22, -1, 23, 24, 25, -1, 26, 27, -1, 28, 29, 30};

/* A character's index in uscc_alphabet, or -1: this runs per character. */
static int uscc_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Y')
		return uscc_letter_value[c - 'A'];
	return -1;
}

static int uscc_kind_ok(char authority, char category, unsigned flags)
{
	for (size_t i = 0;
	     i < sizeof(uscc_authorities) / sizeof(uscc_authorities[0]); i++) {
		if (uscc_authorities[i].authority == authority)
			return category &&
			       strchr(uscc_authorities[i].categories,
				      category) != NULL;
	}
	if ((flags & XY_USCC_EXTRA_AUTHORITIES) && authority &&
	    strchr(uscc_extra_authorities, authority))
		return category >= '1' && category <= '9';
	return 0;
}

char xy_uscc_check_char(const char *s17)
{
	int sum = 0;

	for (int i = 0; i < 17; i++) {
		int v = uscc_value(s17[i]);

		if (v < 0)
			return '\0';
		sum += v * uscc_weights[i];
	}
	return uscc_alphabet[(USCC_RADIX - sum % USCC_RADIX) % USCC_RADIX];
}

int xy_uscc_is_placeholder(const char *s, size_t len)
{
	return len == XY_USCC_LEN &&
	       !memcmp(s, XY_USCC_PLACEHOLDER, XY_USCC_LEN);
}

enum xy_verr xy_uscc_check(const char *s, size_t len, unsigned flags,
			   int *orgcode_bad)
{
	if (orgcode_bad)
		*orgcode_bad = 0;
	if (len != XY_USCC_LEN)
		return XY_V_USCC_FORMAT;
	for (size_t i = 0; i < len; i++) {
		if (uscc_value(s[i]) < 0)
			return XY_V_USCC_FORMAT;
	}
	if (!uscc_kind_ok(s[0], s[1], flags))
		return XY_V_USCC_FORMAT;
	/* positions 9-17: every USCC character is a valid GB 11714 one */
	if (orgcode_bad)
		*orgcode_bad = xy_orgcode_check_char(s + 8) != s[16];
	if (xy_uscc_check_char(s) != s[17])
		return XY_V_USCC_CHECKSUM;
	return XY_V_OK;
}

/* ---- organisation code, GB 11714-1997 ---- */

static const int orgcode_weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};

/* 0-9 are 0-9, A-Z are 10-35 */
static int orgcode_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return -1;
}

char xy_orgcode_check_char(const char *s8)
{
	int sum = 0, c9;

	for (int i = 0; i < 8; i++) {
		int v = orgcode_value(s8[i]);

		if (v < 0)
			return '\0';
		sum += v * orgcode_weights[i];
	}
	c9 = 11 - sum % 11;
	if (c9 == 10)
		return 'X';
	if (c9 == 11)
		return '0';
	return (char)('0' + c9);
}

enum xy_verr xy_orgcode_check(const char *s, size_t len)
{
	char check, want;

	if (len == 9)
		check = s[8];
	else if (len == 10 && s[8] == '-')
		check = s[9];
	else
		return XY_V_ORGCODE_CHECKSUM;
	want = xy_orgcode_check_char(s);
	if (!want || want != check)
		return XY_V_ORGCODE_CHECKSUM;
	return XY_V_OK;
}

/* ---- ID number, GB 11643-1999 ---- */

/* 2^(18-i) mod 11 for positions 1..17 */
static const int ric_weights[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
				    3, 7, 9,  10, 5, 8, 4, 2};

/* Σ mod 11 = 0..10 gives these check characters */
static const char ric_checks[11] = {'1', '0', 'X', '9', '8', '7',
				    '6', '5', '4', '3', '2'};

/* First two digits: the provinces, Taiwan, Hong Kong, Macao, abroad. */
static const char ric_provinces[][3] = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
    "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
    "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83", "91",
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int ric_province_ok(const char *s)
{
	for (size_t i = 0; i < sizeof(ric_provinces) / sizeof(ric_provinces[0]);
	     i++) {
		if (s[0] == ric_provinces[i][0] && s[1] == ric_provinces[i][1])
			return 1;
	}
	return 0;
}

static int num(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Birth date of the digits s[6..14), or -1 if not a real day. */
static int ric_birth(const char *s, int32_t *day)
{
	int y = num(s + 6, 4), m = num(s + 10, 2), d = num(s + 12, 2);

	if (!xy_date_valid(y, m, d))
		return -1;
	*day = xy_date_from_ymd(y, m, d);
	return 0;
}

char xy_ric_check_char(const char *s17)
{
	int sum = 0;

	for (int i = 0; i < 17; i++) {
		if (!is_digit(s17[i]))
			return '\0';
		sum += (s17[i] - '0') * ric_weights[i];
	}
	return ric_checks[sum % 11];
}

enum xy_verr xy_ric_check(const char *s, size_t len, int32_t today,
			  char out[XY_RIC_LEN + 1])
{
	char id[XY_RIC_LEN + 1];
	int32_t birth;

	if (len == XY_RIC_LEN) {
		for (size_t i = 0; i < 17; i++) {
			if (!is_digit(s[i]))
				return XY_V_RIC_FORMAT;
		}
		if (!is_digit(s[17]) && s[17] != 'X' && s[17] != 'x')
			return XY_V_RIC_FORMAT;
		memcpy(id, s, XY_RIC_LEN);
		if (id[17] == 'x')
			id[17] = 'X'; /* normally done upstream already */
	} else if (len == 15) {
		for (size_t i = 0; i < len; i++) {
			if (!is_digit(s[i]))
				return XY_V_RIC_FORMAT;
		}
		/* old form: YYMMDD birth date of the 1900s, no check */
		memcpy(id, s, 6);
		id[6] = '1';
		id[7] = '9';
		memcpy(id + 8, s + 6, 9);
		id[17] = xy_ric_check_char(id);
	} else {
		return XY_V_RIC_FORMAT;
	}
	id[XY_RIC_LEN] = '\0';

	if (!ric_province_ok(id))
		return XY_V_RIC_FORMAT;
	if (ric_birth(id, &birth) < 0 || birth > today)
		return XY_V_RIC_BIRTHDATE;
	if (xy_ric_check_char(id) != id[17])
		return XY_V_RIC_CHECKSUM;
	memcpy(out, id, sizeof(id));
	return XY_V_OK;
}

void xy_ric_mask(const char *s, size_t len, char *out)
{
	/*
	 * Values of 10 characters or fewer would be shown whole by the
	 * 6 + 4 rule, so they are masked entirely.
	 */
	for (size_t i = 0; i < len; i++) {
		int keep = len > 10 && (i < 6 || i >= len - 4);

		out[i] = keep ? s[i] : '*';
	}
	out[len] = '\0';
}

/* ---- guessing the kind ---- */

static int all_upper_alnum(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (!is_digit(s[i]) && !(s[i] >= 'A' && s[i] <= 'Z'))
			return 0;
	}
	return 1;
}

/*
 * 17 digits, a digit or X, a province code and a birth year in
 * 1800-2199: what an 18-character ID number looks like, even one whose
 * birth date is impossible (that is its error, not another kind's).
 */
static int ric_shaped(const char *s)
{
	int y;

	for (int i = 0; i < 17; i++) {
		if (!is_digit(s[i]))
			return 0;
	}
	if (!is_digit(s[17]) && s[17] != 'X')
		return 0;
	y = num(s + 6, 4);
	return ric_province_ok(s) && y >= 1800 && y < 2200;
}

enum xy_id_kind xy_id_guess(const char *s, size_t len)
{
	if (len == 18) {
		if (!all_upper_alnum(s, len))
			return XY_ID_UNKNOWN;
		if (!ric_shaped(s))
			return XY_ID_USCC;
		/*
		 * An all-digit USCC (authority 1-9) can look like an ID
		 * number; let the check characters decide, an ID number
		 * when neither matches.
		 */
		if (xy_ric_check_char(s) != s[17] &&
		    xy_uscc_check_char(s) == s[17])
			return XY_ID_USCC;
		return XY_ID_RIC;
	}
	if (len == 15) {
		for (size_t i = 0; i < len; i++) {
			if (!is_digit(s[i]))
				return XY_ID_UNKNOWN;
		}
		return XY_ID_RIC;
	}
	if (len == 9 && all_upper_alnum(s, len))
		return XY_ID_ORGCODE;
	if (len == 10 && s[8] == '-' && all_upper_alnum(s, 8) &&
	    all_upper_alnum(s + 9, 1))
		return XY_ID_ORGCODE;
	return XY_ID_UNKNOWN;
}

const char *xy_id_kind_name(enum xy_id_kind k)
{
	switch (k) {
	case XY_ID_USCC:
		return "uscc";
	case XY_ID_ORGCODE:
		return "orgcode";
	case XY_ID_RIC:
		return "ric";
	case XY_ID_UNKNOWN:
		break;
	}
	return "unknown";
}
