/*
 * render.c - answers as JSON and errors as RFC 9457 problems.
 *
 * Every error of the API is application/problem+json:
 *   {"type": "urn:xinyong:problem:<code>", "title", "status", "detail",
 *    "code": <code>, "errors": [{field, code, message}] (validation)}
 * code is the stable name: xy_error_name() for service errors, or one of
 * the protocol codes of docs/internals/http.md (method_not_allowed,
 * unauthenticated, rate_limited, ...).
 */
#include <string.h>

#include "http/api.h"
#include "util/error.h"
#include "util/banned.h"

static int dump_cb(const char *buf, size_t size, void *data)
{
	return xy_buf_add(data, buf, size) < 0 ? -1 : 0;
}

/* Over the answer cap: says so, in a body that fits. */
static int too_big(struct xy_http_req *r)
{
	xy_buf_reset(&r->out);
	xy_buf_adds(&r->out, "{\"type\":\"urn:xinyong:problem:too_big\","
			     "\"title\":\"Answer too large\",\"status\":500,"
			     "\"code\":\"too_big\"}");
	r->status = 500;
	r->type = "application/problem+json";
	return XY_ETOOBIG;
}

static int answer_json(struct xy_http_req *r, int status, const char *type,
		       json_t *body)
{
	int err = 0;

	xy_buf_reset(&r->out);
	if (json_dump_callback(body, dump_cb, &r->out,
			       JSON_COMPACT | JSON_REAL_PRECISION(10)) < 0) {
		err = too_big(r);
	} else {
		r->status = status;
		r->type = type;
	}
	json_decref(body);
	return err;
}

void xy_http_jw_begin(struct xy_http_req *r, struct xy_jw *w)
{
	xy_buf_reset(&r->out);
	xy_jw_init(w, &r->out);
}

int xy_http_jw_answer(struct xy_http_req *r, int status, struct xy_jw *w)
{
	int err = xy_jw_error(w);

	if (err == XY_ETOOBIG)
		return too_big(r);
	if (err) {
		xy_error_set(err, "the answer could not be written");
		return xy_http_error(r, XY_ERROR);
	}
	r->status = status;
	r->type = "application/json";
	return 0;
}

int xy_http_json(struct xy_http_req *r, int status, json_t *body)
{
	return answer_json(r, status, "application/json", body);
}

static const char *title_of(int status)
{
	switch (status) {
	case 400:
		return "Bad request";
	case 401:
		return "Authentication required";
	case 403:
		return "Forbidden";
	case 404:
		return "Not found";
	case 405:
		return "Method not allowed";
	case 409:
		return "Conflict";
	case 413:
		return "Content too large";
	case 414:
		return "URI too long";
	case 415:
		return "Unsupported media type";
	case 429:
		return "Too many requests";
	case 431:
		return "Request header fields too large";
	case 501:
		return "Not implemented";
	case 503:
		return "Service unavailable";
	}
	return status >= 500 ? "Internal error" : "Error";
}

int xy_http_problem(struct xy_http_req *r, int status, const char *code,
		    const char *detail, json_t *errors)
{
	char type[96];
	json_t *o;

	snprintf(type, sizeof(type), "urn:xinyong:problem:%s", code);
	o = json_pack("{s:s, s:s, s:i, s:s, s:s}", "type", type, "title",
		      title_of(status), "status", status, "detail",
		      detail && *detail ? detail : title_of(status), "code",
		      code);
	if (errors)
		json_object_set_new(o, "errors", errors);
	answer_json(r, status, "application/problem+json", o);
	return 0;
}

int xy_http_error(struct xy_http_req *r, int err)
{
	const char *msg = xy_error_msg();

	if (err >= 0)
		err = XY_ERROR;
	/* a database or internal failure says nothing of its insides */
	if (err == XY_EDB || err == XY_EIO || err == XY_ERROR)
		msg = "the server could not complete the request";
	return xy_http_problem(r, xy_error_http_status(err), xy_error_name(err),
			       msg, NULL);
}

int xy_http_text(struct xy_http_req *r, int status, const char *type,
		 const char *text, size_t len)
{
	xy_buf_reset(&r->out);
	if (xy_buf_add(&r->out, text, len) < 0)
		return xy_http_error(r, XY_ETOOBIG);
	r->status = status;
	r->type = type;
	return 0;
}
