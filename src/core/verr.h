/*
 * verr.h - the stable validation error codes of DOMAIN.md §2.5.
 *
 * Reports, the API and the database use the names returned by
 * xy_verr_name(); never renumber or rename them.
 */
#ifndef XY_VERR_H
#define XY_VERR_H

enum xy_verr {
	XY_V_OK = 0,
	XY_V_REQUIRED,		     /* a required value is missing */
	XY_V_TOO_LONG,		     /* longer than the field allows */
	XY_V_ENUM,		     /* not one of the allowed values */
	XY_V_DATE,		     /* not a date, or an impossible one */
	XY_V_DATE_FUTURE,	     /* after the reported date / today */
	XY_V_DATE_ORDER,	     /* before the date it must follow */
	XY_V_USCC_FORMAT,	     /* not 18 characters of the alphabet */
	XY_V_USCC_CHECKSUM,	     /* check character wrong */
	XY_V_ORGCODE_CHECKSUM,	     /* GB 11714 check wrong (warning) */
	XY_V_RIC_FORMAT,	     /* ID number malformed */
	XY_V_RIC_CHECKSUM,	     /* ID number check character wrong */
	XY_V_RIC_BIRTHDATE,	     /* ID number birth date impossible */
	XY_V_AMOUNT,		     /* not a decimal in range */
	XY_V_CATEGORY_CODE_MISMATCH, /* subject kind and code disagree */
	XY_V_ENCODING,		     /* byte sequence invalid in encoding */
	XY_V__COUNT
};

/* "required", "too_long", ...; "ok" for XY_V_OK. */
const char *xy_verr_name(enum xy_verr e);

/* The code named name, or -1. */
int xy_verr_from_name(const char *name);

#endif
