/*
 * ids.h - the three national identifier checks (DOMAIN.md §1).
 *
 *   统一社会信用代码 (USCC), GB 32100-2015
 *   组织机构代码, GB 11714-1997
 *   居民身份证号码 (RIC), GB 11643-1999
 *
 * Inputs are already normalised (trimmed, half-width, upper-case); the
 * functions only check and never print the value (ID numbers are personal
 * data). Pure: the caller passes today's date.
 */
#ifndef XY_IDS_H
#define XY_IDS_H

#include <stddef.h>
#include <stdint.h>

#include "core/verr.h"

#define XY_USCC_LEN 18
#define XY_RIC_LEN 18
#define XY_USCC_PLACEHOLDER "00000000000000000X"

enum xy_uscc_flags {
	/* accept the unconfirmed authorities G, J, M, Q, S in position 1 */
	XY_USCC_EXTRA_AUTHORITIES = 1 << 0,
};

/*
 * Checks an 18-character USCC: alphabet, registration authority and
 * category (position 1–2), the check character. Returns XY_V_OK,
 * XY_V_USCC_FORMAT or XY_V_USCC_CHECKSUM. When orgcode_bad is not NULL it
 * is set to 1 if positions 9–17 fail the GB 11714 check (the caller
 * decides whether that is a warning or an error), else 0. The placeholder
 * fails here; see xy_uscc_is_placeholder().
 */
enum xy_verr xy_uscc_check(const char *s, size_t len, unsigned flags,
			   int *orgcode_bad);

/* 1 when s is the placeholder 00000000000000000X. */
int xy_uscc_is_placeholder(const char *s, size_t len);

/*
 * The check character for the first 17 characters of a USCC, or '\0'
 * when one of them is outside the alphabet.
 */
char xy_uscc_check_char(const char *s17);

/*
 * Checks an organisation code given as 9 characters or as XXXXXXXX-C.
 * Returns XY_V_OK or XY_V_ORGCODE_CHECKSUM (also for a malformed code).
 */
enum xy_verr xy_orgcode_check(const char *s, size_t len);

/* Check character of 8 body characters, or '\0' if one is invalid. */
char xy_orgcode_check_char(const char *s8);

/*
 * Checks an ID number of 18 characters, or of 15 digits (old form, which
 * is converted). today is the latest allowed birth date (pass the
 * decision date when that is earlier). On XY_V_OK writes the 18-character
 * form and a NUL into out. Returns XY_V_OK, XY_V_RIC_FORMAT (length,
 * characters, province code), XY_V_RIC_BIRTHDATE or XY_V_RIC_CHECKSUM.
 */
enum xy_verr xy_ric_check(const char *s, size_t len, int32_t today,
			  char out[XY_RIC_LEN + 1]);

/* Check character for the first 17 digits of an ID number. */
char xy_ric_check_char(const char *s17);

/* What kind of identifier s looks like, for `xinyong id check`. */
enum xy_id_kind {
	XY_ID_UNKNOWN,
	XY_ID_USCC,
	XY_ID_ORGCODE,
	XY_ID_RIC,
};

enum xy_id_kind xy_id_guess(const char *s, size_t len);
const char *xy_id_kind_name(enum xy_id_kind k); /* "uscc", "orgcode", ... */

/*
 * Masked form of an ID number for display: first 6 and last 4 characters
 * kept, the rest '*' (e.g. 110105********002X). out holds len + 1 bytes.
 */
void xy_ric_mask(const char *s, size_t len, char *out);

#endif
