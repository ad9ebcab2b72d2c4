/*
 * route.c - matching a request path against the routing table, and
 * decoding of path segments and query parameters.
 *
 * The table is small (a few dozen routes), so a linear walk comparing
 * segment by segment is as fast as anything cleverer and obviously
 * right; the hot routes come first in the table.
 */
#include <assert.h>
#include <string.h>

#include "http/route.h"
#include "util/banned.h"

/*
 * Matches path against pattern, segment by segment; fills params.
 * Returns 1 when it matches.
 */
static int match(const char *pat, const char *path, size_t len,
		 struct xy_route_params *params)
{
	const char *p = path, *end = path + len;

	params->n = 0;
	while (*pat) {
		const char *seg, *pend;

		if (*pat != '/' || p == end || *p != '/')
			return 0;
		pat++;
		p++;
		seg = p;
		while (p < end && *p != '/')
			p++;
		pend = strchr(pat, '/');
		if (!pend)
			pend = pat + strlen(pat);
		if (*pat == '{') {
			size_t i = params->n;

			if (p == seg || i == XY_ROUTE_MAX_PARAMS)
				return 0;
			params->name[i] = pat + 1;
			params->name_len[i] = (size_t)(pend - pat) - 2;
			params->val[i] = seg;
			params->val_len[i] = (size_t)(p - seg);
			params->n++;
		} else if ((size_t)(pend - pat) != (size_t)(p - seg) ||
			   memcmp(pat, seg, (size_t)(p - seg))) {
			return 0;
		}
		pat = pend;
	}
	return p == end;
}

int xy_route_match(const struct xy_route *table, size_t n,
		   const char *method, size_t method_len, const char *path,
		   size_t path_len, struct xy_route_params *params,
		   unsigned long long *allowed)
{
	struct xy_route_params tmp;

	assert(n <= 64);
	*allowed = 0;
	for (size_t i = 0; i < n; i++) {
		const struct xy_route *rt = &table[i];
		int same = strlen(rt->method) == method_len &&
			   !memcmp(rt->method, method, method_len);

		if (!match(rt->pattern, path, path_len, same ? params : &tmp))
			continue;
		if (same) {
			*allowed = 0;
			return (int)i;
		}
		*allowed |= 1ull << i;
	}
	return -1;
}

static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long xy_url_decode(const char *s, size_t len, int form, char *out,
		   size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)s[i];

		if (c == '%') {
			int hi, lo;

			if (i + 2 >= len)
				return -1;
			hi = hex((unsigned char)s[i + 1]);
			lo = hex((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = hi * 16 + lo;
			i += 2;
		} else if (c == '+' && form) {
			c = ' ';
		}
		if (c == 0 || o + 1 >= cap)
			return -1;
		out[o++] = (char)c;
	}
	if (cap)
		out[o] = '\0';
	return (long)o;
}

long xy_query_get(const char *query, size_t query_len, const char *name,
		  char *out, size_t cap)
{
	const char *p = query, *end = query ? query + query_len : NULL;
	size_t nlen = strlen(name);

	while (p && p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *pend = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(pend - p));
		const char *kend = eq ? eq : pend;
		char key[64];
		long klen = xy_url_decode(p, (size_t)(kend - p), 1, key,
					  sizeof(key));

		if (klen == (long)nlen && !memcmp(key, name, nlen)) {
			long v;

			if (!eq) {
				if (cap)
					out[0] = '\0';
				return 0;
			}
			v = xy_url_decode(eq + 1, (size_t)(pend - eq - 1), 1,
					  out, cap);
			return v < 0 ? -2 : v;
		}
		p = pend + 1;
	}
	return -1;
}
