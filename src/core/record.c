/*
 * record.c - encoding and decoding of stored record values.
 */
#include <string.h>

#include "core/record.h"
#include "util/utf8.h"
#include "util/banned.h"

/* Bytes taken by the first n characters of UTF-8 s. */
static size_t char_bytes(const char *s, size_t len, size_t n)
{
	size_t i = 0;

	while (n && i < len) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		n--;
	}
	return i;
}

/*
 * Counted in characters, not bytes: a number of another ID type may be
 * any text, and cutting a character in two would store invalid UTF-8.
 */
void xy_record_mask(struct xy_buf *out, const char *s, size_t len)
{
	size_t chars = xy_utf8_length(s, len);
	size_t head = chars >= 15 ? 6 : chars >= 3 ? 1 : 0;
	size_t tail = chars >= 15 ? 4 : chars >= 3 ? 1 : 0;
	size_t head_bytes = char_bytes(s, len, head);
	size_t tail_start = char_bytes(s, len, chars - tail);

	xy_buf_add(out, s, head_bytes);
	for (size_t i = head; i < chars - tail; i++)
		xy_buf_addch(out, '*');
	xy_buf_add(out, s + tail_start, len - tail_start);
}

void xy_record_encode(struct xy_buf *out, const struct xy_vrow *r, int plain)
{
	struct xy_buf masked = XY_BUF_INIT;

	for (size_t i = 0; i < r->item->nfields; i++) {
		size_t n;
		const char *v = xy_vrow_value(r, (int)i, &n);

		if (!plain && n && r->item->fields[i].personal) {
			xy_buf_reset(&masked);
			xy_record_mask(&masked, v, n);
			v = masked.ptr;
			n = masked.len;
		}
		xy_buf_add_varint(out, n);
		xy_buf_add(out, v, n);
	}
	xy_buf_dispose(&masked);
}

void xy_record_encode_secret(struct xy_buf *out, const struct xy_vrow *r)
{
	for (size_t i = 0; i < r->item->nfields; i++) {
		size_t n;
		const char *v = xy_vrow_value(r, (int)i, &n);

		if (!n || !r->item->fields[i].personal)
			continue;
		xy_buf_add_varint(out, i);
		xy_buf_add_varint(out, n);
		xy_buf_add(out, v, n);
	}
}

int xy_record_decode(const void *p, size_t len, size_t nfields,
		     const char **vals, size_t *lens)
{
	const unsigned char *q = p, *end = q + len;

	for (size_t i = 0; i < nfields; i++) {
		unsigned long long n = 0;

		vals[i] = "";
		lens[i] = 0;
		if (q == end)
			continue;
		if (xy_varint_read(&q, end, &n) < 0 || n > (size_t)(end - q))
			return -1;
		vals[i] = (const char *)q;
		lens[i] = (size_t)n;
		q += n;
	}
	return q == end ? 0 : -1;
}

int xy_record_apply_secret(const void *p, size_t len, size_t nfields,
			   const char **vals, size_t *lens)
{
	const unsigned char *q = p, *end = q + len;

	while (q < end) {
		unsigned long long idx, n;

		if (xy_varint_read(&q, end, &idx) < 0 ||
		    xy_varint_read(&q, end, &n) < 0 ||
		    n > (size_t)(end - q) || idx >= nfields)
			return -1;
		vals[idx] = (const char *)q;
		lens[idx] = (size_t)n;
		q += n;
	}
	return 0;
}
