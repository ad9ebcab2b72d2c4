/*
 * buf.h - a growable byte buffer with an optional size cap.
 *
 * The one buffer type of the project, modelled on git's strbuf: ptr is
 * never NULL and always NUL-terminated, so a buffer can be printed right
 * after XY_BUF_INIT. A non-zero cap bounds len; appending past it fails
 * with XY_ETOOBIG and leaves the buffer unchanged, which is how untrusted
 * input is kept from growing memory without bound. Running out of memory
 * aborts the process (see xy_xrealloc), so the only error is the cap.
 *
 * The buffer owns ptr; xy_buf_dispose() frees it, xy_buf_detach() hands
 * it to the caller.
 */
#ifndef XY_BUF_H
#define XY_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct xy_buf {
	char *ptr;    /* contents, NUL-terminated, never NULL */
	size_t len;   /* bytes used, not counting the NUL */
	size_t alloc; /* bytes allocated; 0 while ptr is the shared "" */
	size_t cap;   /* largest len allowed, 0 for no limit */
};

extern char xy_buf_empty[];
#define XY_BUF_INIT {xy_buf_empty, 0, 0, 0}

/* Allocation that aborts with a message when memory runs out. */
void *xy_xmalloc(size_t n);
void *xy_xcalloc(size_t n, size_t size);
void *xy_xrealloc(void *p, size_t n);
char *xy_xstrdup(const char *s);
char *xy_xmemdup(const void *p, size_t n); /* NUL-terminated copy */

void xy_buf_init(struct xy_buf *b, size_t cap);
void xy_buf_dispose(struct xy_buf *b);

/* Makes room for extra more bytes; XY_ETOOBIG past the cap. */
int xy_buf_grow(struct xy_buf *b, size_t extra);

/* Appending: inline while it fits, else through xy_buf_add_grow(). */
int xy_buf_add_grow(struct xy_buf *b, const void *data, size_t n);

static inline int xy_buf_fits(const struct xy_buf *b, size_t n)
{
	return n < b->alloc - b->len && (!b->cap || n <= b->cap - b->len);
}

static inline int xy_buf_add(struct xy_buf *b, const void *data, size_t n)
{
	if (!xy_buf_fits(b, n))
		return xy_buf_add_grow(b, data, n);
	if (n) /* data may be NULL then */
		memcpy(b->ptr + b->len, data, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

static inline int xy_buf_addch(struct xy_buf *b, int c)
{
	char ch = (char)c;

	if (!xy_buf_fits(b, 1))
		return xy_buf_add_grow(b, &ch, 1);
	b->ptr[b->len++] = ch;
	b->ptr[b->len] = '\0';
	return 0;
}

int xy_buf_adds(struct xy_buf *b, const char *s);
int xy_buf_addf(struct xy_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int xy_buf_vaddf(struct xy_buf *b, const char *fmt, va_list ap);

/* Appends n as an unsigned LEB128 varint. */
int xy_buf_add_varint(struct xy_buf *b, unsigned long long n);

/*
 * The shared "" is never written, not even its NUL: threads reset their
 * empty buffers at once (a data race, however harmless the byte).
 */
static inline void xy_buf_reset(struct xy_buf *b)
{
	b->len = 0;
	if (b->alloc)
		b->ptr[0] = '\0';
}

void xy_buf_truncate(struct xy_buf *b, size_t len);

/* Returns the contents, now owned by the caller; the buffer is reset. */
char *xy_buf_detach(struct xy_buf *b, size_t *len);

/*
 * Reads an unsigned LEB128 varint at *p (before end). Advances *p and
 * returns 0, or returns -1 and leaves *p alone when the bytes end early.
 */
int xy_varint_read(const unsigned char **p, const unsigned char *end,
		   unsigned long long *out);

#endif
