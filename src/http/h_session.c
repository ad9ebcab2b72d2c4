/*
 * h_session.c - browser login and logout (feature H2).
 *
 * Login answers the session in an HttpOnly, SameSite=Strict cookie that
 * scripts cannot read, and a CSRF token in the body that the console
 * sends back as X-CSRF-Token on every unsafe request (dispatch.c checks
 * it). A wrong name or password is "unauthenticated" (401), the same
 * answer for both; the route is rate limited per address.
 */
#include <stdio.h>
#include <stdlib.h>

#include "http/api.h"
#include "util/error.h"
#include "util/banned.h"

static const char cookie_attrs[] = "; HttpOnly; SameSite=Strict; Path=/";

int xy_h_login(struct xy_http_req *r)
{
	const char *name = NULL, *password = NULL;
	char *session = NULL, *csrf = NULL;
	json_error_t je;
	json_t *body;
	int err = 0;

	body = json_loadb(r->body.ptr ? r->body.ptr : "", r->body.len, 0, &je);
	if (body) {
		name = json_string_value(json_object_get(body, "name"));
		password = json_string_value(json_object_get(body, "password"));
	}
	if (!name || !password || !*name) {
		xy_http_problem(r, 400, xy_error_name(XY_EINVALID),
				"send JSON {\"name\": ..., \"password\": ...}",
				NULL);
		goto done;
	}
	err = xy_auth_login(r->p, name, password, &session, &csrf);
	if (err == XY_EAUTH) {
		err = 0;
		xy_http_problem(r, 401, "unauthenticated",
				"wrong name or password", NULL);
		goto done;
	}
	if (err < 0)
		goto done;
	err = xy_auth_session_check(r->p, session, NULL, &r->who);
	if (!err)
		err = xy_http_audit(r, "login", 0, NULL, NULL);
	if (err < 0)
		goto done;
	snprintf(r->set_cookie, sizeof(r->set_cookie), "%s=%s%s%s",
		 XY_HTTP_SESSION_COOKIE, session, cookie_attrs,
		 r->env->secure_cookies ? "; Secure" : "");
	xy_http_json(r, 200,
		     json_pack("{s:s, s:s, s:s}", "csrf", csrf, "name",
			       r->who.name, "role", xy_role_name(r->who.role)));
done:
	json_decref(body);
	free(session);
	free(csrf);
	return err;
}

int xy_h_logout(struct xy_http_req *r)
{
	char session[512];
	int err;

	/* signed in with an API key: no session to end, nothing to do */
	if (xy_http_cookie(r, XY_HTTP_SESSION_COOKIE, session,
			   sizeof(session)) <= 0)
		return xy_http_json(r, 200, json_pack("{s:b}", "ok", 1));
	err = xy_auth_logout(r->p, session);
	if (!err)
		err = xy_http_audit(r, "logout", 0, NULL, NULL);
	if (err < 0)
		return err;
	snprintf(r->set_cookie, sizeof(r->set_cookie), "%s=%s; Max-Age=0",
		 XY_HTTP_SESSION_COOKIE, cookie_attrs);
	return xy_http_json(r, 200, json_pack("{s:b}", "ok", 1));
}
