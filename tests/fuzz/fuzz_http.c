/*
 * fuzz_http.c - request routing and JSON bodies, without sockets.
 *
 * The first byte chooses what the rest is:
 *   0  "METHOD PATH[?QUERY]": matched against the real routing table
 *      (compiled in with its handlers left out), with its path and
 *      query parameters decoded;
 *   1  a JSON body (one object or an array), checked and then ingested
 *      into xzcf with --dry-run semantics, in a department's scope;
 *   2  the same as JSON Lines.
 * The invariants checked are those the server relies on: a match names
 * the method asked for and fills one non-empty, slash-free segment per
 * {param}; decoding never writes past its buffer; a body that passes
 * the check ingests without error, one answer per record.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XY_ROUTES_NO_HANDLERS
#include "http/route.c"
#include "http/routes.c"
#include "service/ingest_json.h"
#include "util/banned.h"

static struct xy_platform *platform;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (xy_platform_open(&platform, "unused.db", XY_PLATFORM_NO_DB) < 0) {
		fprintf(stderr, "fuzz_http: cannot load the catalog\n");
		abort();
	}
	return 0;
}

static size_t count_params(const char *pattern)
{
	size_t n = 0;

	for (const char *p = pattern; *p; p++)
		n += *p == '{';
	return n;
}

static void fuzz_route(const char *s, size_t len)
{
	const char *sp = memchr(s, ' ', len);
	const char *path, *q, *end = s + len;
	struct xy_route_params params;
	unsigned long long allowed;
	char out[64];
	size_t plen;
	int i;

	if (!sp)
		return;
	path = sp + 1;
	q = memchr(path, '?', (size_t)(end - path));
	plen = (size_t)((q ? q : end) - path);
	i = xy_route_match(xy_routes, xy_nroutes, s, (size_t)(sp - s), path,
			   plen, &params, &allowed);
	if (i >= 0) {
		const struct xy_route *rt = &xy_routes[i];

		if (strlen(rt->method) != (size_t)(sp - s) ||
		    memcmp(rt->method, s, (size_t)(sp - s)) || allowed)
			abort();
		if (params.n != count_params(rt->pattern))
			abort();
		for (size_t k = 0; k < params.n; k++) {
			if (!params.val_len[k] ||
			    memchr(params.val[k], '/', params.val_len[k]) ||
			    params.val[k] < path ||
			    params.val[k] + params.val_len[k] > path + plen)
				abort();
			long n = xy_url_decode(params.val[k],
					       params.val_len[k], 0, out,
					       sizeof(out));

			if (n >= (long)sizeof(out))
				abort();
		}
	}
	if (q) {
		static const char *const names[] = {"q", "limit", "cursor",
						    "purpose", "from", ""};

		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			long n = xy_query_get(q + 1, (size_t)(end - q - 1),
					      names[k], out, sizeof(out));

			if (n >= (long)sizeof(out) || n < -2 ||
			    (n >= 0 && out[n] != '\0'))
				abort();
		}
	}
}

/* What the ingest answered. */
struct seen {
	uint64_t results; /* on_result calls */
	uint64_t last;	  /* the last index, to check the order */
};

static void on_result(void *ctx, uint64_t index, enum xy_ingest_status st,
		      const char *field, const char *code, const char *message)
{
	struct seen *s = ctx;

	if (s->results && index <= s->last)
		abort();
	if (code && (st != XY_INGEST_REJECTED || !field || !message ||
		     !*message))
		abort();
	s->last = index;
	s->results++;
}

static void fuzz_body(const char *s, size_t len, enum xy_json_body kind,
		      int scoped)
{
	struct xy_ingest_opts o = {0};
	struct xy_api_ingest ao = {0};
	struct xy_ingest_summary sum;
	struct xy_ingest *in = NULL;
	struct seen seen = {0, 0};
	size_t count = 0;
	uint64_t extra = 0;
	int err;

	if (kind == XY_JSON_BODY_JSON &&
	    xy_ingest_json_check(s, len, &count) < 0)
		return;
	o.dry_run = 1;
	o.reported = 18992; /* 2021-12-31 */
	o.scope = scoped ? "113701040042045104" : NULL;
	ao.on_result = on_result;
	ao.ctx = &seen;
	if (xy_ingest_open(&in, platform, "xzcf", &o) < 0)
		abort();
	err = xy_ingest_json(in, s, len, kind, &ao, &extra);
	if (xy_ingest_close(in, &sum) < 0 || err < 0)
		abort();
	if (kind == XY_JSON_BODY_JSON && seen.results != count)
		abort();
	if (sum.rows + extra != seen.results || extra > seen.results)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data + 1;

	if (size < 1)
		return 0;
	switch (data[0] & 3) {
	case 0:
		fuzz_route(s, size - 1);
		break;
	case 1:
		fuzz_body(s, size - 1, XY_JSON_BODY_JSON, data[0] & 4);
		break;
	default:
		fuzz_body(s, size - 1, XY_JSON_BODY_LINES, data[0] & 4);
		break;
	}
	return 0;
}
