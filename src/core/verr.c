/*
 * verr.c - names of the stable validation error codes (DOMAIN.md §2.5).
 *
 * The table is indexed by enum xy_verr; the names are part of the
 * platform's interface (reports, API, database), so they never change.
 */
#include <stddef.h>
#include <string.h>

#include "core/verr.h"
#include "util/banned.h"

static const char *const names[XY_V__COUNT] = {
    [XY_V_OK] = "ok",
    [XY_V_REQUIRED] = "required",
    [XY_V_TOO_LONG] = "too_long",
    [XY_V_ENUM] = "enum",
    [XY_V_DATE] = "date",
    [XY_V_DATE_FUTURE] = "date_future",
    [XY_V_DATE_ORDER] = "date_order",
    [XY_V_USCC_FORMAT] = "uscc_format",
    [XY_V_USCC_CHECKSUM] = "uscc_checksum",
    [XY_V_ORGCODE_CHECKSUM] = "orgcode_checksum",
    [XY_V_RIC_FORMAT] = "ric_format",
    [XY_V_RIC_CHECKSUM] = "ric_checksum",
    [XY_V_RIC_BIRTHDATE] = "ric_birthdate",
    [XY_V_AMOUNT] = "amount",
    [XY_V_CATEGORY_CODE_MISMATCH] = "category_code_mismatch",
    [XY_V_ENCODING] = "encoding",
};

const char *xy_verr_name(enum xy_verr e)
{
	/* an out-of-range value is a programming error; do not crash on it */
	if ((unsigned)e >= XY_V__COUNT || !names[e])
		return "unknown";
	return names[e];
}

int xy_verr_from_name(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < XY_V__COUNT; i++) {
		if (names[i] && !strcmp(names[i], name))
			return i;
	}
	return -1;
}
