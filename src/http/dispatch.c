/*
 * dispatch.c - the steps every request takes before its handler: limits,
 * routing, body cap, rate limit, authentication and authorisation; and
 * the input helpers handlers share.
 *
 * Authentication failures are a protocol matter and answer 401 with the
 * code "unauthenticated" (util/error.h has no code for "who are you?":
 * XY_EAUTH is "you may not", 403). Everything a service returns goes
 * through xy_http_error() and so through xy_error_http_status().
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "http/api.h"
#include "http/ratelimit.h"
#include "service/audit.h"
#include "util/error.h"
#include "util/banned.h"

#define MAX_CREDENTIAL 512 /* bytes in an API key or session value */

void xy_http_req_init(struct xy_http_req *r, const struct xy_http_env *env)
{
	memset(r, 0, sizeof(*r));
	r->env = env;
	xy_buf_init(&r->out, XY_HTTP_MAX_ANSWER);
	r->type = "application/json";
}

void xy_http_req_dispose(struct xy_http_req *r)
{
	xy_buf_dispose(&r->out);
}

static int str_is(struct xy_str s, const char *lit)
{
	size_t n = strlen(lit);

	return s.len == n && !memcmp(s.ptr, lit, n);
}

int xy_http_check_limits(struct xy_http_req *r)
{
	size_t target = r->path.len + (r->query.ptr ? r->query.len + 1 : 0);

	if (target > XY_HTTP_MAX_URI) {
		xy_http_problem(r, 414, "uri_too_long",
				"the request target is over 8192 bytes", NULL);
		return 1;
	}
	if (r->header_count > XY_HTTP_MAX_HEADERS ||
	    r->header_bytes > XY_HTTP_MAX_HEADER_BYTES) {
		xy_http_problem(r, 431, "headers_too_large",
				"more than 64 header fields or 16384 bytes "
				"of them",
				NULL);
		return 1;
	}
	return 0;
}

int xy_http_route(struct xy_http_req *r)
{
	unsigned long long allowed;
	int i = xy_route_match(xy_routes, xy_nroutes, r->method.ptr,
			       r->method.len, r->path.ptr, r->path.len,
			       &r->params, &allowed);
	size_t o = 0;

	if (i >= 0) {
		r->route = &xy_routes[i];
		return 0;
	}
	if (!allowed) {
		xy_error_set(XY_ENOTFOUND, "no such resource");
		xy_http_error(r, XY_ENOTFOUND);
		return 1;
	}
	for (size_t k = 0; k < xy_nroutes; k++) {
		const char *m = xy_routes[k].method;
		int dup = 0;

		if (!(allowed & (1ull << k)))
			continue;
		for (size_t j = 0; j < k; j++)
			if ((allowed & (1ull << j)) &&
			    !strcmp(xy_routes[j].method, m))
				dup = 1;
		if (!dup)
			o += (size_t)snprintf(r->allow + o,
					      o < sizeof(r->allow)
						      ? sizeof(r->allow) - o
						      : 0,
					      "%s%s", o ? ", " : "", m);
	}
	xy_http_problem(r, 405, "method_not_allowed",
			"the resource does not support this method", NULL);
	return 1;
}

int xy_http_check_body(struct xy_http_req *r)
{
	char msg[96];

	if (r->body.len <= r->route->body_cap)
		return 0;
	snprintf(msg, sizeof(msg), "the body is over this route's limit of "
		 "%zu bytes", r->route->body_cap);
	xy_error_set(XY_ETOOBIG, "%s", msg);
	xy_http_error(r, XY_ETOOBIG);
	return 1;
}

int xy_http_check_rate(struct xy_http_req *r, double now)
{
	struct xy_buf key = XY_BUF_INIT;
	int wait;

	if (!(r->route->flags & XY_ROUTE_LIMIT))
		return 0;
	/* per key when the request carries one, else per address */
	if (r->authorization.ptr) {
		xy_buf_adds(&key, "k:");
		xy_buf_add(&key, r->authorization.ptr, r->authorization.len);
	} else {
		xy_buf_adds(&key, "a:");
		xy_buf_adds(&key, r->peer);
	}
	wait = xy_ratelimit_take(r->env->limiter, key.ptr, key.len, now);
	xy_buf_dispose(&key);
	if (!wait)
		return 0;
	r->retry_after = wait;
	xy_http_problem(r, 429, "rate_limited",
			"too many requests: try again later", NULL);
	return 1;
}

/* The value of cookie name in a Cookie header, or a NULL ptr. */
static struct xy_str cookie_value(struct xy_str h, const char *name)
{
	struct xy_str v = {NULL, 0};
	const char *p = h.ptr, *end = h.ptr + h.len;
	size_t n = strlen(name);

	while (p && p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *cend = semi ? semi : end;

		while (p < cend && *p == ' ')
			p++;
		if ((size_t)(cend - p) > n && !memcmp(p, name, n) &&
		    p[n] == '=') {
			v.ptr = p + n + 1;
			v.len = (size_t)(cend - v.ptr);
			return v;
		}
		p = cend + 1;
	}
	return v;
}

static int copy_str(char *out, size_t cap, struct xy_str s)
{
	if (!s.ptr || s.len >= cap || memchr(s.ptr, '\0', s.len))
		return -1;
	memcpy(out, s.ptr, s.len);
	out[s.len] = '\0';
	return 0;
}

long xy_http_cookie(struct xy_http_req *r, const char *name, char *out,
		    size_t cap)
{
	struct xy_str v = cookie_value(r->cookie, name);

	if (copy_str(out, cap, v) < 0)
		return -1;
	return (long)v.len;
}

static int unauthenticated(struct xy_http_req *r, const char *detail)
{
	r->www_authenticate = 1;
	xy_http_problem(r, 401, "unauthenticated", detail, NULL);
	return 1;
}

/* 1 when the check failed for a reason other than the credentials. */
static int failed_otherwise(struct xy_http_req *r, int err)
{
	if (err >= 0 || err == XY_EAUTH)
		return 0;
	xy_http_error(r, err);
	return 1;
}

static int safe_method(struct xy_http_req *r)
{
	return str_is(r->method, "GET") || str_is(r->method, "HEAD");
}

int xy_http_authorize(struct xy_http_req *r)
{
	const struct xy_route *rt = r->route;
	char cred[MAX_CREDENTIAL], csrf[MAX_CREDENTIAL];
	struct xy_str session;
	int err;

	memset(&r->who, 0, sizeof(r->who));
	r->who.role = XY_ROLE_PUBLIC;
	if (rt->roles & XY_R(XY_ROLE_PUBLIC))
		return 0;
	session = cookie_value(r->cookie, XY_HTTP_SESSION_COOKIE);
	if (r->authorization.ptr) {
		struct xy_str a = r->authorization;

		if (a.len < 7 || strncasecmp(a.ptr, "Bearer ", 7))
			return unauthenticated(r, "use Authorization: Bearer "
						  "<api key>");
		a.ptr += 7;
		a.len -= 7;
		if (copy_str(cred, sizeof(cred), a) < 0)
			return unauthenticated(r, "unknown or expired key");
		err = xy_auth_token_check(r->p, cred, &r->who);
		if (failed_otherwise(r, err))
			return 1;
		if (err < 0)
			return unauthenticated(r, "unknown or expired key");
	} else if (session.ptr) {
		if (copy_str(cred, sizeof(cred), session) < 0)
			return unauthenticated(r, "no valid session");
		err = xy_auth_session_check(r->p, cred, NULL, &r->who);
		if (failed_otherwise(r, err))
			return 1;
		if (err < 0)
			return unauthenticated(r, "no valid session");
		if (!safe_method(r)) {
			if (copy_str(csrf, sizeof(csrf), r->csrf) < 0)
				err = XY_EAUTH;
			else
				err = xy_auth_session_check(r->p, cred, csrf,
							    &r->who);
			if (failed_otherwise(r, err))
				return 1;
			if (err < 0) {
				xy_error_set(XY_EAUTH, "X-CSRF-Token missing "
					     "or wrong");
				xy_http_error(r, XY_EAUTH);
				return 1;
			}
		}
	} else {
		return unauthenticated(r, "this route needs an API key or a "
					  "session");
	}
	if (!(rt->roles & XY_R(r->who.role))) {
		xy_error_set(XY_EAUTH, "the role '%s' may not use this route",
			     xy_role_name(r->who.role));
		xy_http_error(r, XY_EAUTH);
		return 1;
	}
	return 0;
}

void xy_http_release(struct xy_platform *p)
{
	for (size_t i = 0; i < XY_Q__COUNT; i++)
		if (p->repo.stmts[i])
			xy_stmt_reset(p->repo.stmts[i]);
	xy_platform_forget(p); /* the next request reads them again */
}

void xy_http_run(struct xy_http_req *r)
{
	int err;

	xy_error_clear();
	err = r->route->handler(r);
	if (err < 0 && !r->status)
		xy_http_error(r, err);
	if (!r->status) {
		xy_error_set(XY_ERROR, "no answer");
		xy_http_error(r, XY_ERROR);
	}
	xy_http_release(r->p);
}

long xy_http_query(struct xy_http_req *r, const char *name, char *out,
		   size_t cap)
{
	long n = xy_query_get(r->query.ptr, r->query.len, name, out, cap);
	char msg[128];

	if (n == -1 && cap)
		out[0] = '\0';
	if (n != -2)
		return n;
	snprintf(msg, sizeof(msg),
		 "query parameter '%s' is malformed or too long", name);
	xy_http_problem(r, 400, xy_error_name(XY_EINVALID), msg, NULL);
	return -2;
}

long xy_http_param(struct xy_http_req *r, size_t i, char *out, size_t cap)
{
	long n = -1;

	if (i < r->params.n)
		n = xy_url_decode(r->params.val[i], r->params.val_len[i], 0,
				  out, cap);
	if (n >= 0)
		return n;
	xy_http_problem(r, 400, xy_error_name(XY_EINVALID),
			"a path segment is malformed or too long", NULL);
	return -2;
}

size_t xy_http_purpose(struct xy_http_req *r, char *out, size_t cap)
{
	long n = xy_query_get(r->query.ptr, r->query.len, "purpose", out, cap);

	if (n <= 0 && r->purpose.ptr)
		n = xy_url_decode(r->purpose.ptr, r->purpose.len, 0, out, cap);
	if (n <= 0) {
		if (cap)
			out[0] = '\0';
		return 0;
	}
	return (size_t)n;
}

int xy_http_query_date(struct xy_http_req *r, const char *name,
		       int32_t *day)
{
	char v[64], msg[128];
	long n = xy_http_query(r, name, v, sizeof(v));

	if (n == -2)
		return 1;
	if (n <= 0)
		return 0;
	if (xy_date_parse(v, (size_t)n, day) >= 0)
		return 0;
	snprintf(msg, sizeof(msg), "'%s' is not a date (YYYY-MM-DD)", name);
	xy_http_problem(r, 400, xy_error_name(XY_EINVALID), msg,
			json_pack("[{s:s, s:s, s:s}]", "field", name, "code",
				  "date", "message", msg));
	return 1;
}

void xy_http_route_name(const struct xy_route *rt, char *out, size_t cap)
{
	snprintf(out, cap, "%s %s", rt ? rt->method : "-",
		 rt ? rt->pattern : "-");
}

int xy_http_audit(struct xy_http_req *r, const char *action,
		  int64_t subject, const char *purpose, const char *detail)
{
	char route[128];
	struct xy_audit_entry e;

	xy_http_route_name(r->route, route, sizeof(route));
	e.who = &r->who;
	e.action = action;
	e.route = route;
	e.subject_id = subject;
	e.purpose = purpose && *purpose ? purpose : NULL;
	e.detail = detail;
	return xy_audit_log(r->p, &e);
}
