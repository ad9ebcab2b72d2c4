/*
 * copybin.c - binary COPY rows.
 */
#include "store/copybin.h"
#include "util/banned.h"

static void put_be(struct xy_buf *b, uint64_t v, int bytes)
{
	unsigned char out[8];

	for (int i = 0; i < bytes; i++)
		out[i] = (unsigned char)(v >> (8 * (bytes - 1 - i)));
	xy_buf_add(b, out, (size_t)bytes);
}

void xy_copybin_start(struct xy_buf *b)
{
	/* the signature with its NUL, 32 bits of flags, 32 of extension */
	static const char sig[] = "PGCOPY\n\377\r\n";

	xy_buf_add(b, sig, sizeof(sig));
	put_be(b, 0, 4);
	put_be(b, 0, 4);
}

void xy_copybin_row(struct xy_buf *b, int nfields)
{
	put_be(b, (uint64_t)nfields, 2);
}

void xy_copybin_int(struct xy_buf *b, int64_t v)
{
	put_be(b, 8, 4);
	put_be(b, (uint64_t)v, 8);
}

void xy_copybin_bytes(struct xy_buf *b, const void *p, size_t n)
{
	if (!p) {
		put_be(b, UINT32_MAX, 4); /* -1 */
		return;
	}
	put_be(b, (uint64_t)n, 4);
	xy_buf_add(b, p, n);
}
