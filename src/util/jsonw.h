/*
 * jsonw.h - a streaming JSON writer into a buffer.
 *
 * jansson builds a tree of values and then prints it; the answers that
 * are read most (a subject's archive, record lists) are written straight
 * into the answer buffer instead, in the same compact form jansson
 * prints (no spaces, members in the order written, non-ASCII as UTF-8).
 *
 * Commas are the writer's business: each value or key knows whether it
 * is the first of its container. Strings are escaped per RFC 8259; a
 * string that is not valid UTF-8 is written as null, as jansson refuses
 * one. The first failure (the buffer's cap, or containers nested deeper
 * than XY_JW_DEPTH) sticks: xy_jw_error() tells, later calls do nothing.
 */
#ifndef XY_JSONW_H
#define XY_JSONW_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define XY_JW_DEPTH 32

struct xy_jw {
	struct xy_buf *out; /* borrowed */
	int depth;	    /* open containers */
	int after_key;	    /* a key was written, its value is next */
	int err;	    /* first error, 0 when none */
	unsigned char first[XY_JW_DEPTH]; /* per level: nothing written yet */
	char close[XY_JW_DEPTH];	  /* per level: its closing bracket */
};

void xy_jw_init(struct xy_jw *w, struct xy_buf *out);

void xy_jw_object(struct xy_jw *w);
void xy_jw_array(struct xy_jw *w);
void xy_jw_end(struct xy_jw *w); /* closes the innermost container */

void xy_jw_key(struct xy_jw *w, const char *key);
void xy_jw_str(struct xy_jw *w, const char *s); /* NULL writes null */
void xy_jw_strn(struct xy_jw *w, const char *s, size_t n);
void xy_jw_int(struct xy_jw *w, int64_t v);
void xy_jw_bool(struct xy_jw *w, int v);
void xy_jw_null(struct xy_jw *w);
/* Appends text that already is one JSON value (e.g. a cached document). */
void xy_jw_raw(struct xy_jw *w, const char *json, size_t n);

/* A key and its value in one call. */
void xy_jw_kstr(struct xy_jw *w, const char *key, const char *s);
void xy_jw_kint(struct xy_jw *w, const char *key, int64_t v);
void xy_jw_kbool(struct xy_jw *w, const char *key, int v);

/* 0, or the first error (XY_ETOOBIG, XY_EINVALID). */
int xy_jw_error(const struct xy_jw *w);

#endif
