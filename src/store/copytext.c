/*
 * copytext.c - COPY text values.
 */
#include "store/copytext.h"
#include "util/banned.h"

void xy_copy_text(struct xy_buf *b, const char *p, size_t n)
{
	size_t run = 0;

	if (!p) {
		xy_buf_adds(b, "\\N");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *esc = p[i] == '\\'	 ? "\\\\"
				  : p[i] == '\t' ? "\\t"
				  : p[i] == '\n' ? "\\n"
				  : p[i] == '\r' ? "\\r"
						 : NULL;

		if (!esc)
			continue;
		xy_buf_add(b, p + run, i - run);
		xy_buf_adds(b, esc);
		run = i + 1;
	}
	xy_buf_add(b, p + run, n - run);
}

void xy_copy_blob(struct xy_buf *b, const void *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *q = p;
	char *out;

	if (!p) {
		xy_buf_adds(b, "\\N");
		return;
	}
	xy_buf_adds(b, "\\\\x"); /* bytea's hex form, its backslash escaped */
	if (xy_buf_grow(b, 2 * n) < 0)
		return;
	out = b->ptr + b->len;
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[q[i] >> 4];
		out[2 * i + 1] = hex[q[i] & 15];
	}
	b->len += 2 * n;
	b->ptr[b->len] = '\0';
}

void xy_copy_int(struct xy_buf *b, int64_t v)
{
	xy_buf_addf(b, "%lld", (long long)v);
}
