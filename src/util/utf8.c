/*
 * utf8.c - UTF-8 validation and the normalisation of values (trim, width).
 *
 * The Unicode facts (which code points are spaces, which have a <wide> or
 * <narrow> decomposition and what it is) come from utf8proc. Validation
 * and decoding are done here because they run on every byte of every
 * import and utf8proc offers them only one code point per call: with
 * SSE2, 64 bytes of ASCII and ordinary Chinese text are checked at once,
 * and the exact per-sequence check runs only where something else is.
 */
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/utf8.h"
#include "util/error.h"
#include "util/banned.h"

#define HIGH_BITS 0x8080808080808080ULL

/* Bytes before the first non-ASCII byte of s[0..len). */
static size_t ascii_prefix(const unsigned char *s, size_t len)
{
	size_t i = 0;
	uint64_t w;

	while (i + 8 <= len) {
		memcpy(&w, s + i, 8);
		if (w & HIGH_BITS)
			break;
		i += 8;
	}
	while (i < len && s[i] < 0x80)
		i++;
	return i;
}

/*
 * Length of the well-formed sequence (Unicode table 3-7) that starts with
 * the non-ASCII byte s[0], n bytes being available; 0 when there is none.
 * Overlong forms, surrogates and values past U+10FFFF are rejected.
 */
static size_t seq_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];

	if (c < 0xc2)
		return 0;
	if (c < 0xe0)
		return n >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c < 0xf0) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f))
			return 0;
		return 3;
	}
	if (c < 0xf5) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

#ifdef __SSE2__
/* Bit i set when byte i of v, and-ed with mask, equals want. */
static uint64_t match16(__m128i v, int mask, int want)
{
	__m128i m = _mm_and_si128(v, _mm_set1_epi8((char)mask));

	return (unsigned)_mm_movemask_epi8(
	    _mm_cmpeq_epi8(m, _mm_set1_epi8((char)want)));
}

/*
 * The common case of 64 bytes at s, 16 at a time: only ASCII and the
 * three-byte sequences that need no range check on their second byte
 * (lead E1..EC, EE, EF: nearly all Chinese text), each lead followed by
 * exactly two continuation bytes. Returns how many bytes are good (a
 * sequence cut by the end of the window is left to the next call), or 0
 * when the window holds anything else and needs the exact check.
 */
static size_t fast64(const unsigned char *s)
{
	__m128i v[4];
	uint64_t high = 0, cont = 0, lead = 0;
	int k;

	for (k = 0; k < 4; k++)
		v[k] = _mm_loadu_si128((const __m128i *)(s + 16 * k));
	if (!_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(v[0], v[1]),
					    _mm_or_si128(v[2], v[3]))))
		return 64;
	for (k = 0; k < 4; k++) {
		high |= (uint64_t)(unsigned)_mm_movemask_epi8(v[k]) << 16 * k;
		cont |= match16(v[k], 0xc0, 0x80) << 16 * k;
		lead |=
		    (match16(v[k], 0xf0, 0xe0) & ~match16(v[k], 0xff, 0xe0) &
		     ~match16(v[k], 0xff, 0xed))
		    << 16 * k;
	}
	if ((high & ~(cont | lead)) || cont != ((lead << 1) | (lead << 2)))
		return 0;
	if (lead >> 63)
		return 63;
	if ((lead >> 62) & 1)
		return 62;
	return 64;
}
#endif

/* Bytes of s[0..len) that form well-formed UTF-8, from the start. */
static size_t valid_prefix(const unsigned char *s, size_t len)
{
	size_t i = 0, k, end;

	while (i < len) {
		end = len;
#ifdef __SSE2__
		if (len - i >= 64) {
			k = fast64(s + i);
			if (k) {
				i += k;
				continue;
			}
			end = i + 64; /* the exact check for this window */
		}
#endif
		while (i < end) {
			if (s[i] < 0x80) {
				i += ascii_prefix(s + i, end - i);
				continue;
			}
			/* the usual Chinese character first */
			if (s[i] >= 0xe1 && s[i] <= 0xef && s[i] != 0xed &&
			    len - i >= 3 && (s[i + 1] & 0xc0) == 0x80 &&
			    (s[i + 2] & 0xc0) == 0x80) {
				i += 3;
				continue;
			}
			k = seq_len(s + i, len - i);
			if (!k)
				return i;
			i += k;
		}
	}
	return i;
}

int xy_utf8_valid(const char *s, size_t len)
{
	return valid_prefix((const unsigned char *)s, len) == len;
}

size_t xy_utf8_length(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	/* every byte that is not a continuation byte starts a code point */
	for (size_t i = 0; i < len; i++)
		n += (p[i] & 0xc0) != 0x80;
	return n;
}

/* The code point of the k-byte well-formed sequence at s. */
static int32_t decode(const unsigned char *s, size_t k)
{
	switch (k) {
	case 1:
		return s[0];
	case 2:
		return (int32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	case 3:
		return (int32_t)(s[0] & 0x0f) << 12 | (s[1] & 0x3f) << 6 |
		       (s[2] & 0x3f);
	default:
		return (int32_t)(s[0] & 0x07) << 18 | (s[1] & 0x3f) << 12 |
		       (s[2] & 0x3f) << 6 | (s[3] & 0x3f);
	}
}

static int is_ascii_space(unsigned c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * Unicode White_Space: the ASCII ones, U+0085 and categories Zs Zl Zp.
 * Outside U+0085, U+00A0, U+1680, U+2000..U+205F and U+3000 there are
 * none (test_utf8 checks this against utf8proc), so nothing else is
 * looked up.
 */
static int is_space(int32_t cp)
{
	utf8proc_category_t cat;

	if (cp < 0x80)
		return is_ascii_space((unsigned)cp);
	if (cp == 0x85)
		return 1;
	if (cp != 0xa0 && cp != 0x1680 && cp != 0x3000 &&
	    (cp < 0x2000 || cp > 0x205f))
		return 0;
	cat = utf8proc_category(cp);
	return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	       cat == UTF8PROC_CATEGORY_ZP;
}

/*
 * The plain form of a code point with a <wide> or <narrow> decomposition,
 * or cp itself. Only U+3000 and U+FF00..U+FFEF have one (test_utf8 checks
 * this against utf8proc's whole table), so the others are not looked up.
 *
 * utf8proc gives the full compatibility decomposition, not the single
 * <wide>/<narrow> step. The two agree except for U+FFE3 (macron, which
 * goes on to space + combining macron) and the halfwidth Hangul letters
 * (which go on to conjoining jamo, a different letter form): those are
 * kept as they are, since normalisation must change width only.
 */
static int32_t plain_form(int32_t cp)
{
	const utf8proc_property_t *prop;
	utf8proc_int32_t d[4];
	utf8proc_ssize_t n;
	int bc;

	if (cp != 0x3000 && (cp < 0xff00 || cp > 0xffef))
		return cp;
	prop = utf8proc_get_property(cp);
	if (prop->decomp_type != UTF8PROC_DECOMP_TYPE_WIDE &&
	    prop->decomp_type != UTF8PROC_DECOMP_TYPE_NARROW)
		return cp;
	n = utf8proc_decompose_char(cp, d, 4,
				    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, NULL);
	if (n != 1)
		return cp;
	bc = utf8proc_get_property(d[0])->boundclass;
	if (bc == UTF8PROC_BOUNDCLASS_L || bc == UTF8PROC_BOUNDCLASS_V ||
	    bc == UTF8PROC_BOUNDCLASS_T)
		return cp;
	return d[0];
}

/* Start of the code point that ends at s[end), s[0..end) being valid. */
static size_t last_start(const unsigned char *s, size_t end)
{
	size_t i = end - 1;

	while (i > 0 && (s[i] & 0xc0) == 0x80)
		i--;
	return i;
}

/*
 * Index of the first byte E3 or EF in s[i..j), or j: the leads of
 * U+3000 and U+FFxx, the only code points that can map. In valid UTF-8
 * such a byte always starts a three-byte sequence, so the rest of the
 * text is not decoded at all.
 */
static size_t next_candidate(const unsigned char *s, size_t i, size_t j)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t w, a, b;

	for (; i + 8 <= j; i += 8) {
		memcpy(&w, s + i, 8);
		a = w ^ (ones * 0xe3);
		b = w ^ (ones * 0xef);
		if ((((a - ones) & ~a) | ((b - ones) & ~b)) & HIGH_BITS)
			break;
	}
	while (i < j && s[i] != 0xe3 && s[i] != 0xef)
		i++;
	return i;
}

/* Appends valid UTF-8 s[i..j) to out with the plain forms mapped. */
static int add_mapped(struct xy_buf *out, const unsigned char *s, size_t i,
		      size_t j)
{
	size_t run = i; /* start of the bytes not yet appended */
	unsigned char enc[4];
	int32_t cp, to;
	int err;

	for (;;) {
		i = next_candidate(s, i, j);
		if (i == j)
			break;
		if (j - i < 3)
			break; /* not valid UTF-8: left as it is */
		cp = decode(s + i, 3);
		to = plain_form(cp);
		i += 3;
		if (to == cp)
			continue;
		err = xy_buf_add(out, s + run, i - 3 - run);
		if (err < 0)
			return err;
		err =
		    xy_buf_add(out, enc, (size_t)utf8proc_encode_char(to, enc));
		if (err < 0)
			return err;
		run = i;
	}
	return xy_buf_add(out, s + run, j - run);
}

/* Appends ASCII s[0..len) trimmed: all that ASCII needs. */
static int add_trimmed_ascii(struct xy_buf *out, const unsigned char *s,
			     size_t len)
{
	size_t i = 0, j = len;

	while (i < j && is_ascii_space(s[i]))
		i++;
	while (j > i && is_ascii_space(s[j - 1]))
		j--;
	return xy_buf_add(out, s + i, j - i);
}

/* The normalisation of valid UTF-8 s[0..len) with a non-ASCII byte. */
static int add_normalized(struct xy_buf *out, const unsigned char *s,
			  size_t len)
{
	size_t base = out->len;
	size_t i = 0, j = len, k;
	int err;

	while (i < j) {
		k = s[i] < 0x80 ? 1 : seq_len(s + i, j - i);
		if (!k || !is_space(decode(s + i, k)))
			break;
		i += k;
	}
	while (j > i) {
		k = last_start(s, j);
		if (!is_space(decode(s + k, j - k)))
			break;
		j = k;
	}
	err = add_mapped(out, s, i, j);
	if (err < 0)
		xy_buf_truncate(out, base);
	return err;
}

int xy_utf8_normalize_valid(struct xy_buf *out, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;

	if (ascii_prefix(s, len) == len)
		return add_trimmed_ascii(out, s, len);
	return add_normalized(out, s, len);
}

int xy_utf8_normalize(struct xy_buf *out, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t ok;

	if (ascii_prefix(s, len) == len)
		return add_trimmed_ascii(out, s, len);
	ok = valid_prefix(s, len);
	if (ok != len)
		return xy_error_set(XY_EINVALID,
				    "invalid utf-8 sequence at byte %zu", ok);
	return add_normalized(out, s, len);
}

void xy_ascii_upper(char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			s[i] = (char)(s[i] - 'a' + 'A');
}
