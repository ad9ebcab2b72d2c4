/*
 * validate.h - normalising and validating one record against its catalog
 * item (feature A4, DOMAIN.md §2).
 *
 * Every value is normalised first (trim, full-width to half-width, codes
 * upper-cased), then checked by its field's type, then the rules that
 * look at several fields (conditional requirements, the placeholder
 * USCC, USCC prefix by subject kind, ID numbers by ID type, date order).
 * The result is the canonical form of every value (enum names, ISO dates,
 * 18-character ID numbers, enum lists joined by ';') and the list of
 * issues, each with a stable code of core/verr.h.
 *
 * Messages never quote the value of a personal field.
 *
 * Pure and reusable: one struct xy_vrow serves every row of an import,
 * without allocating once it has grown to the largest row.
 */
#ifndef XY_VALIDATE_H
#define XY_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/catalog.h"
#include "core/verr.h"
#include "util/buf.h"

/* One raw input value, by field. */
struct xy_vinput {
	const char *ptr; /* UTF-8 bytes; NULL when the column is missing */
	size_t len;	 /* bytes in ptr */
	int bad;	 /* 1 when the bytes were invalid in the encoding */
	int normal;	 /* 1 when ptr is xy_utf8_normalize's output */
	int valid;	 /* 1 when ptr is known to be valid UTF-8 */
};

/* One problem found in a record. */
struct xy_issue {
	int field;	    /* index of the field */
	enum xy_verr code;  /* stable error code */
	int warning;	    /* 1: reported, but the record is accepted */
	char message[240];  /* one lower-case line, quoting the field */
};

enum xy_vstate {
	XY_VS_ABSENT, /* no value */
	XY_VS_OK,     /* a valid value */
	XY_VS_BAD,    /* a value that failed a check */
};

/* The normalised values of a record and what was wrong with it. */
struct xy_vrow {
	const struct xy_item *item; /* the item validated against */
	struct xy_buf values;	    /* canonical values, NUL-separated */
	size_t *off;		    /* per field: offset of its value */
	size_t *len;		    /* per field: length of its value */
	enum xy_vstate *state;	    /* per field: see enum xy_vstate */
	int32_t *dates;		    /* per field: the date, for DATE fields */
	struct xy_issue *issues;    /* problems, errors and warnings */
	size_t nissues;		    /* entries used in issues */
	size_t aissues;		    /* entries allocated in issues */
	size_t nerrors;		    /* issues that are not warnings */
	struct xy_buf tmp;	    /* scratch for normalisation */
};

void xy_vrow_init(struct xy_vrow *r, const struct xy_item *it);
void xy_vrow_dispose(struct xy_vrow *r);

/*
 * Validates one record. in has one entry per field of the item.
 * reported is the date the platform received it: decision dates may not
 * be later, and it is the "today" of ID-number birth dates. Returns the
 * number of errors (0: the record is valid, maybe with warnings).
 */
size_t xy_validate(struct xy_vrow *r, const struct xy_catalog *cat,
		   int32_t reported, const struct xy_vinput *in);

/* The canonical value of a field ("" when absent). Borrowed. */
static inline const char *xy_vrow_value(const struct xy_vrow *r, int field,
					size_t *len)
{
	if (len)
		*len = r->len[field];
	return r->values.ptr + r->off[field];
}

/* 1 when the field has a valid value. */
static inline int xy_vrow_ok(const struct xy_vrow *r, int field)
{
	return field >= 0 && r->state[field] == XY_VS_OK;
}

/* 1 when cond holds for the record's valid values. */
int xy_cond_eval(const struct xy_cond *cond, const struct xy_vrow *r);

#endif
