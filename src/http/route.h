/*
 * route.h - the routing table of the API and how a request finds its
 * route (docs/internals/http.md).
 *
 * One table (routes.c) lists every route: method, pattern, handler and
 * what the route needs (the roles allowed, a body cap, whether it runs
 * on a worker thread, whether it is rate limited) and what the OpenAPI
 * document says about it. A pattern is a path whose segments are
 * literals or {name} parameters; a parameter matches one non-empty
 * segment. Adding a route is one line in the table and one handler.
 *
 * Pure: no I/O, no h2o, so the fuzzer drives it directly.
 */
#ifndef XY_ROUTE_H
#define XY_ROUTE_H

#include <stddef.h>

struct xy_http_req;

/* A handler fills the request's answer; returns 0 or < 0 (xy_error). */
typedef int (*xy_handler_fn)(struct xy_http_req *r);

/* The roles allowed on a route: one bit per enum xy_role. */
#define XY_R(role) (1u << (role))

enum xy_route_flags {
	XY_ROUTE_WORKER = 1 << 0, /* runs on a worker thread: slow or writes */
	XY_ROUTE_LIMIT = 1 << 1,  /* rate limited per key and per address */
};

struct xy_route {
	const char *method;	/* "GET", "POST", "DELETE" */
	const char *pattern;	/* "/api/v1/records/{id}" */
	xy_handler_fn handler;	/* NULL in the fuzzer's build */
	unsigned roles;		/* XY_R() bits; XY_R(XY_ROLE_PUBLIC): open */
	unsigned flags;		/* enum xy_route_flags */
	size_t body_cap;	/* largest body accepted, bytes */
	const char *tag;	/* OpenAPI tag */
	const char *summary;	/* one line */
	const char *query;	/* "name:description|..." or NULL */
	const char *accepts;	/* request media types, space-separated */
	const char *produces;	/* the success media type */
};

extern const struct xy_route xy_routes[];
extern const size_t xy_nroutes;

#define XY_ROUTE_MAX_PARAMS 4

/* The {param} segments of a matched path, as raw (encoded) slices. */
struct xy_route_params {
	size_t n;			   /* parameters found */
	const char *name[XY_ROUTE_MAX_PARAMS]; /* into the pattern */
	size_t name_len[XY_ROUTE_MAX_PARAMS];  /* bytes in name */
	const char *val[XY_ROUTE_MAX_PARAMS];  /* into the path */
	size_t val_len[XY_ROUTE_MAX_PARAMS];   /* bytes in val */
};

/*
 * Finds the route of method and path (without the query) in table.
 * Returns its index, or -1. When no route matches but the path matches
 * routes of other methods, *allowed gets a bit per such route index
 * (for 405 and its Allow header), else 0.
 */
int xy_route_match(const struct xy_route *table, size_t n,
		   const char *method, size_t method_len, const char *path,
		   size_t path_len, struct xy_route_params *params,
		   unsigned long long *allowed);

/*
 * Percent-decodes s into out (with '+' as a space when form is set).
 * Returns the decoded length, or -1 when s has a bad escape or a NUL,
 * or when out (of size cap, one byte kept for the NUL) is too small.
 */
long xy_url_decode(const char *s, size_t len, int form, char *out,
		   size_t cap);

/*
 * The decoded value of the first query parameter name in query (the
 * part after '?', may be NULL). Returns the length, -1 when absent, -2
 * when malformed or longer than cap - 1.
 */
long xy_query_get(const char *query, size_t query_len, const char *name,
		  char *out, size_t cap);

#endif
