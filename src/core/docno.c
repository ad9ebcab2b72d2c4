/*
 * docno.c - document number sequences.
 */
#include <stdlib.h>
#include <string.h>

#include "core/docno.h"
#include "util/banned.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "号", the word that ends a document number. */
static const char hao[] = "\xe5\x8f\xb7";

/*
 * End of the serial: just before the first 号 that follows a digit (what
 * comes after that 号 is a note, not part of the number), else after the
 * last digit.
 */
static size_t serial_end(const char *s, size_t len)
{
	size_t end = len;

	for (size_t i = 1; i + 3 <= len; i++)
		if (!memcmp(s + i, hao, 3) && is_digit(s[i - 1]))
			return i;
	while (end > 0 && !is_digit(s[end - 1]))
		end--;
	return end;
}

int xy_docno_parse(const char *s, size_t len, struct xy_docno *out)
{
	size_t end = serial_end(s, len), start, tail;
	uint32_t v = 0;

	if (!end)
		return -1;
	start = end;
	while (start > 0 && is_digit(s[start - 1]))
		start--;
	tail = len - end;
	if (tail >= 3 && !memcmp(s + end, hao, 3))
		tail = 3; /* a note after 号 is not part of the number */
	if (end - start > 9 || tail > XY_DOCNO_MAX_TAIL)
		return -1;
	for (size_t i = start; i < end; i++)
		v = v * 10 + (uint32_t)(s[i] - '0');
	out->head = s;
	out->head_len = start;
	out->tail = s + end;
	out->tail_len = tail;
	out->serial = v;
	out->width = s[start] == '0' ? (int)(end - start) : 0;
	return 0;
}

void xy_docno_format(struct xy_buf *out, const struct xy_docno *d,
		     uint32_t serial)
{
	xy_buf_add(out, d->head, d->head_len);
	xy_buf_addf(out, "%0*u", d->width, serial);
	xy_buf_add(out, d->tail, d->tail_len);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

uint64_t xy_docno_gaps(uint32_t *serials, size_t n,
		       void (*fn)(void *ctx, uint32_t missing), void *ctx)
{
	uint64_t missing = 0;

	if (n)
		qsort(serials, n, sizeof(*serials), cmp_u32);
	for (size_t i = 1; i < n; i++) {
		/* b - a - 1 numbers are missing between a and b */
		if (serials[i] - serials[i - 1] > XY_DOCNO_MAX_GAP + 1)
			continue; /* a mistyped number, not a sequence */
		for (uint32_t s = serials[i - 1] + 1; s < serials[i]; s++) {
			missing++;
			if (fn)
				fn(ctx, s);
		}
	}
	return missing;
}
