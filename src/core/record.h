/*
 * record.h - the stored form of a record's values.
 *
 * payload: for each field of the item, in order, a varint length and the
 *          canonical value; personal fields hold their masked form.
 * secret:  the plain values of the personal fields, as (varint field
 *          index, varint length, bytes) triples, to be sealed by the
 *          caller (service/keys.h) before it is stored.
 * content: the payload with the plain personal values; what the content
 *          hash is taken over, never stored.
 *
 * The layout follows the item's field order, so a new catalog version
 * may only append fields (docs/internals/catalog.md). The payload is
 * stored packed (util/zpack.h); the store hands it back encoded.
 */
#ifndef XY_RECORD_H
#define XY_RECORD_H

#include <stddef.h>

#include "core/validate.h"
#include "util/buf.h"

/* Appends the payload (masked) or the content (plain) of a valid row. */
void xy_record_encode(struct xy_buf *out, const struct xy_vrow *r, int plain);

/* Appends the personal values of a valid row; nothing when none. */
void xy_record_encode_secret(struct xy_buf *out, const struct xy_vrow *r);

/*
 * Splits a payload into nfields values (pointers into p, not
 * NUL-terminated). Fields missing at the end are empty. Returns 0 or -1
 * when the payload is damaged.
 */
int xy_record_decode(const void *p, size_t len, size_t nfields,
		     const char **vals, size_t *lens);

/*
 * Puts the personal values of a decoded secret in place of the masked
 * ones in vals/lens. Returns 0 or -1 when it is damaged.
 */
int xy_record_apply_secret(const void *p, size_t len, size_t nfields,
			   const char **vals, size_t *lens);

/* Appends the masked form of a personal value (ID or other number). */
void xy_record_mask(struct xy_buf *out, const char *s, size_t len);

#endif
