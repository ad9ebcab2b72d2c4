/*
 * buf.c - the growable, capped byte buffer and the aborting allocators.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/banned.h"

char xy_buf_empty[1];

static void die_oom(size_t n)
{
	fprintf(stderr, "xinyong: out of memory (%zu bytes)\n", n);
	abort();
}

void *xy_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die_oom(n);
	return p;
}

void *xy_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die_oom(n * size);
	return p;
}

void *xy_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		die_oom(n);
	return q;
}

char *xy_xmemdup(const void *p, size_t n)
{
	char *q = xy_xmalloc(n + 1);

	memcpy(q, p, n);
	q[n] = '\0';
	return q;
}

char *xy_xstrdup(const char *s)
{
	return xy_xmemdup(s, strlen(s));
}

void xy_buf_init(struct xy_buf *b, size_t cap)
{
	b->ptr = xy_buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
}

void xy_buf_dispose(struct xy_buf *b)
{
	if (b->alloc)
		free(b->ptr);
	xy_buf_init(b, b->cap);
}

int xy_buf_grow(struct xy_buf *b, size_t extra)
{
	size_t want;

	if (extra > (size_t)-1 / 2 - b->len)
		return xy_error_set(XY_ETOOBIG, "buffer too large");
	want = b->len + extra;
	if (b->cap && want > b->cap)
		return xy_error_set(XY_ETOOBIG, "value over %zu bytes", b->cap);
	if (want + 1 <= b->alloc)
		return 0;
	size_t n = b->alloc ? b->alloc : 64;
	while (n < want + 1)
		n *= 2;
	if (b->alloc) {
		b->ptr = xy_xrealloc(b->ptr, n);
	} else {
		b->ptr = xy_xmalloc(n);
		b->ptr[0] = '\0';
	}
	b->alloc = n;
	return 0;
}

int xy_buf_add_grow(struct xy_buf *b, const void *data, size_t n)
{
	int err = xy_buf_grow(b, n);

	if (err < 0)
		return err;
	if (n)
		memcpy(b->ptr + b->len, data, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int xy_buf_adds(struct xy_buf *b, const char *s)
{
	return xy_buf_add(b, s, strlen(s));
}

int xy_buf_vaddf(struct xy_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	int err;

	va_copy(cp, ap);
	n = vsnprintf(b->ptr + b->len, b->alloc ? b->alloc - b->len : 0, fmt,
		      cp);
	va_end(cp);
	if (n < 0)
		return xy_error_set(XY_ERROR, "bad format string");
	if (b->alloc && (size_t)n < b->alloc - b->len) {
		if (b->cap && b->len + (size_t)n > b->cap) {
			b->ptr[b->len] = '\0';
			return xy_error_set(XY_ETOOBIG, "value over %zu bytes",
					    b->cap);
		}
		b->len += (size_t)n;
		return 0;
	}
	err = xy_buf_grow(b, (size_t)n);
	if (err < 0) {
		if (b->alloc) /* else vsnprintf wrote nothing */
			b->ptr[b->len] = '\0';
		return err;
	}
	vsnprintf(b->ptr + b->len, b->alloc - b->len, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int xy_buf_addf(struct xy_buf *b, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = xy_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return err;
}

int xy_buf_add_varint(struct xy_buf *b, unsigned long long n)
{
	unsigned char tmp[10];
	size_t i = 0;

	do {
		tmp[i] = (unsigned char)(n & 0x7f);
		n >>= 7;
		if (n)
			tmp[i] |= 0x80;
		i++;
	} while (n);
	return xy_buf_add(b, tmp, i);
}

int xy_varint_read(const unsigned char **p, const unsigned char *end,
		   unsigned long long *out)
{
	const unsigned char *q = *p;
	unsigned long long v = 0;
	unsigned shift = 0;

	while (q < end && shift < 64) {
		v |= (unsigned long long)(*q & 0x7f) << shift;
		if (!(*q++ & 0x80)) {
			*out = v;
			*p = q;
			return 0;
		}
		shift += 7;
	}
	return -1;
}

void xy_buf_truncate(struct xy_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->ptr[len] = '\0';
	}
}

char *xy_buf_detach(struct xy_buf *b, size_t *len)
{
	char *p = b->alloc ? b->ptr : xy_xstrdup("");

	if (len)
		*len = b->len;
	xy_buf_init(b, b->cap);
	return p;
}
