/*
 * utf8.h - UTF-8 checks and the normalisation applied to every value
 * before validation (DOMAIN.md §2.4), built on utf8proc.
 */
#ifndef XY_UTF8_H
#define XY_UTF8_H

#include <stddef.h>

#include "util/buf.h"

/* 1 when s[0..len) is well-formed UTF-8. */
int xy_utf8_valid(const char *s, size_t len);

/* Number of code points in valid UTF-8 s. */
size_t xy_utf8_length(const char *s, size_t len);

/*
 * Appends the normalised form of s to out: leading and trailing white
 * space (ASCII, U+3000 and other Unicode spaces) trimmed, full-width and
 * half-width compatibility forms (<wide>/<narrow> decompositions, e.g.
 * Ａ１，and U+3000) mapped to their plain forms. Letters and digits change
 * only in width; nothing else changes. Returns 0, XY_EINVALID when s is
 * not UTF-8, or XY_ETOOBIG when out's cap is reached.
 */
int xy_utf8_normalize(struct xy_buf *out, const char *s, size_t len);

/*
 * The same for s known to be well-formed UTF-8 (a field as a reader
 * hands it out): no check, so the one already made is not repeated.
 * Returns 0 or XY_ETOOBIG.
 */
int xy_utf8_normalize_valid(struct xy_buf *out, const char *s, size_t len);

/* ASCII upper-casing in place (codes are ASCII after normalisation). */
void xy_ascii_upper(char *s, size_t len);

#endif
