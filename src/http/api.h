/*
 * api.h - what a handler of the API sees, and the steps every request
 * goes through before its handler runs (docs/internals/http.md).
 *
 * A request is a plain struct, independent of h2o: the server copies
 * what handlers need from h2o's request (borrowed slices that stay valid
 * until the answer is sent), and sends what the handler put in the
 * answer fields. So a handler runs the same on an event loop or on a
 * worker thread, each with the platform (database connection) of the
 * thread it runs on, and the dispatch steps can be driven without a
 * socket.
 *
 * Every handler: parses its input, calls one service function, writes
 * the audit entry, renders. Authentication and the role check happened
 * before it (xy_http_authorize), from the route's flags.
 */
#ifndef XY_HTTP_API_H
#define XY_HTTP_API_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "http/route.h"
#include "service/auth.h"
#include "service/platform.h"
#include "util/buf.h"
#include "util/jsonw.h"

struct xy_metrics;
struct xy_ratelimit;

/* Borrowed bytes, not NUL-terminated; ptr NULL when absent. */
struct xy_str {
	const char *ptr; /* the bytes */
	size_t len;	 /* how many */
};

/* Server-wide settings and state that handlers may read. */
struct xy_http_env {
	struct xy_metrics *metrics;   /* counters for /metrics */
	struct xy_ratelimit *limiter; /* token buckets */
	const char *openapi;	      /* the OpenAPI document, built once */
	size_t openapi_len;	      /* bytes in openapi */
	const char *catalog;	      /* GET /api/v1/catalog, built once */
	size_t catalog_len;	      /* bytes in catalog */
	int secure_cookies;	      /* add "Secure" to the session cookie */
	struct xy_rcache *archives;   /* rendered archives, or NULL */
};

struct xy_http_req {
	/* the request */
	const struct xy_http_env *env; /* server settings, borrowed */
	const struct xy_route *route;  /* matched route, or NULL */
	struct xy_route_params params; /* its {param} values, raw */
	struct xy_str method;	       /* "GET" ... */
	struct xy_str path;	       /* without the query */
	struct xy_str query;	       /* after '?', ptr NULL when none */
	struct xy_str body;	       /* the entity, ptr NULL when none */
	struct xy_str content_type;    /* request headers, borrowed */
	struct xy_str authorization;
	struct xy_str cookie;
	struct xy_str csrf;	 /* X-CSRF-Token */
	struct xy_str purpose;	 /* X-Purpose */
	size_t header_count;	 /* request headers received */
	size_t header_bytes;	 /* their names and values */
	char peer[48];		 /* client address, for rate limits */
	struct xy_principal who; /* set by xy_http_authorize */
	struct xy_platform *p;	 /* of the thread running the step */

	/* the answer */
	int status;	      /* 0 until an answer is set */
	const char *type;     /* Content-Type, static */
	struct xy_buf out;    /* the body */
	char set_cookie[256]; /* Set-Cookie value, "" for none */
	char allow[64];	      /* Allow (405), "" for none */
	int retry_after;      /* Retry-After seconds, 0 for none */
	int www_authenticate; /* send WWW-Authenticate: Bearer */
};

/* The name of the browser session cookie. */
#define XY_HTTP_SESSION_COOKIE "xy_session"

/* Limits checked before routing (431, 414). */
#define XY_HTTP_MAX_URI		 8192  /* request target bytes */
#define XY_HTTP_MAX_HEADERS	 64    /* header fields */
#define XY_HTTP_MAX_HEADER_BYTES 16384 /* names and values together */
#define XY_HTTP_MAX_ANSWER	 (256u * 1024 * 1024) /* bytes in one answer */

/* Sets up r for a new request (the answer buffer is capped). */
void xy_http_req_init(struct xy_http_req *r, const struct xy_http_env *env);
void xy_http_req_dispose(struct xy_http_req *r);

/*
 * The steps before the handler, in order: limits (414, 431), routing
 * (404, 405), the body cap (413), the rate limit (429), authentication
 * and the role check (401, 403). Each returns 0 to go on, or 1 when it
 * has set the answer.
 */
int xy_http_check_limits(struct xy_http_req *r);
int xy_http_route(struct xy_http_req *r);
int xy_http_check_body(struct xy_http_req *r);
int xy_http_check_rate(struct xy_http_req *r, double now);
int xy_http_authorize(struct xy_http_req *r);

/*
 * Runs the route's handler with r->p and renders its error, if any;
 * then xy_http_release(r->p).
 */
void xy_http_run(struct xy_http_req *r);

/*
 * Resets the platform's cached statements. store/repo.c resets a
 * statement before its next run, not after; on a connection that lives
 * as long as the server, a SELECT left on a row would hold its read
 * snapshot (SQLite WAL) until then: the connection would not see newer
 * writes, and the WAL could not be checkpointed. Called at the end of
 * every request and after a platform is opened.
 */
void xy_http_release(struct xy_platform *p);

/* Rendering (render.c). */

/* Answers status with body as JSON; takes the reference to body. */
int xy_http_json(struct xy_http_req *r, int status, json_t *body);

/*
 * Answers written straight into the answer buffer: xy_http_jw_begin()
 * empties it and points w at it; xy_http_jw_answer() answers status
 * with what w wrote, or a 500 too_big problem when it did not fit.
 */
void xy_http_jw_begin(struct xy_http_req *r, struct xy_jw *w);
int xy_http_jw_answer(struct xy_http_req *r, int status, struct xy_jw *w);

/*
 * Answers an RFC 9457 problem (application/problem+json) with the stable
 * code, a detail line and, when not NULL, an errors array (taken).
 */
int xy_http_problem(struct xy_http_req *r, int status, const char *code,
		    const char *detail, json_t *errors);

/* A problem for a service error: status, code and detail from err. */
int xy_http_error(struct xy_http_req *r, int err);

/* Answers status with a text body of the given static type. */
int xy_http_text(struct xy_http_req *r, int status, const char *type,
		 const char *text, size_t len);

/* Input helpers (dispatch.c). */

/*
 * Query parameter name, decoded into out (NUL-terminated): its length,
 * -1 when absent. A malformed or too long value answers 400 and returns
 * -2.
 */
long xy_http_query(struct xy_http_req *r, const char *name, char *out,
		   size_t cap);

/* Path parameter i, decoded; like xy_http_query. */
long xy_http_param(struct xy_http_req *r, size_t i, char *out, size_t cap);

/*
 * Why the caller reads personal data: ?purpose= or the X-Purpose header
 * (percent-decoded), into out; its length, 0 when none.
 */
size_t xy_http_purpose(struct xy_http_req *r, char *out, size_t cap);

/*
 * The value of cookie name, copied into out (NUL-terminated): its
 * length, or -1 when absent or longer than cap - 1.
 */
long xy_http_cookie(struct xy_http_req *r, const char *name, char *out,
		    size_t cap);

/* A date query parameter into *day; 0, or 1 after answering 400. */
int xy_http_query_date(struct xy_http_req *r, const char *name, int32_t *day);

/* The route as written in the audit trail and logs: "GET /api/v1/x". */
void xy_http_route_name(const struct xy_route *rt, char *out, size_t cap);

/* Writes an audit entry for r's principal on r's route. */
int xy_http_audit(struct xy_http_req *r, const char *action, int64_t subject,
		  const char *purpose, const char *detail);

/* The answer of GET /api/v1/catalog (caller frees). */
char *xy_http_catalog_json(const struct xy_catalog *cat, size_t *len);

/* The handlers (h_*.c), one per route of routes.c. */
int xy_h_healthz(struct xy_http_req *r);
int xy_h_metrics(struct xy_http_req *r);
int xy_h_openapi(struct xy_http_req *r);
int xy_h_catalog(struct xy_http_req *r);
int xy_h_stats(struct xy_http_req *r);
int xy_h_subject(struct xy_http_req *r);
int xy_h_subject_search(struct xy_http_req *r);
int xy_h_record(struct xy_http_req *r);
int xy_h_record_list(struct xy_http_req *r);
int xy_h_record_post(struct xy_http_req *r);
int xy_h_import(struct xy_http_req *r);
int xy_h_audit(struct xy_http_req *r);
int xy_h_login(struct xy_http_req *r);
int xy_h_logout(struct xy_http_req *r);

#endif
