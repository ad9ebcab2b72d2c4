/*
 * copytext.h - values in PostgreSQL's COPY text format.
 *
 * The one writer of COPY text (the bulk paths: store/stage.c for a
 * batch of an import, store/copy.c for migrate): columns separated by a
 * tab, rows ended by a newline (the caller's), NULL as \N, backslash,
 * tab, newline and carriage return escaped, bytea in its hex form.
 */
#ifndef XY_COPYTEXT_H
#define XY_COPYTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Text (p NULL: NULL). The text must not hold a NUL byte. */
void xy_copy_text(struct xy_buf *b, const char *p, size_t n);

/* A bytea value (p NULL: NULL). */
void xy_copy_blob(struct xy_buf *b, const void *p, size_t n);

void xy_copy_int(struct xy_buf *b, int64_t v);

#endif
