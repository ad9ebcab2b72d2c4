/*
 * copybin.h - rows in PostgreSQL's binary COPY format.
 *
 * The form the server reads with the least work: a fixed header, then
 * per row the number of its fields and each field as a 32-bit length
 * (-1 for NULL) and its bytes, integers as 8 bytes in network order,
 * text and bytea as they are. The data may end after any row (the
 * format's trailer is optional). Used where an import writes rows
 * straight into the archive's tables (store/firstload.c); the COPY
 * statement says FORMAT binary, and the column list matches the fields
 * in number and type (bigint, text, bytea).
 *
 *	xy_copybin_start(b);			the header, once per COPY
 *	xy_copybin_row(b, 3);			a row of 3 fields
 *	xy_copybin_int(b, id); ...		one call per field
 */
#ifndef XY_COPYBIN_H
#define XY_COPYBIN_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* The header: the signature, no flags, no extension. */
void xy_copybin_start(struct xy_buf *b);

/* A row of nfields fields follows. */
void xy_copybin_row(struct xy_buf *b, int nfields);

/* A bigint field. */
void xy_copybin_int(struct xy_buf *b, int64_t v);

/* A text or bytea field of n bytes (p NULL: NULL). */
void xy_copybin_bytes(struct xy_buf *b, const void *p, size_t n);

#endif
