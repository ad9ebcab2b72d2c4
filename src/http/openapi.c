/*
 * openapi.c - the OpenAPI document from the routing table.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "http/api.h"
#include "http/openapi.h"
#include "http/route.h"
#include "service/auth.h"
#include "util/banned.h"

static json_t *string_schema(void)
{
	return json_pack("{s:s}", "type", "string");
}

/* The path parameters of a pattern. */
static void path_params(const char *pat, json_t *params)
{
	const char *p = pat;

	while ((p = strchr(p, '{'))) {
		const char *end = strchr(p, '}');

		if (!end)
			break;
		json_array_append_new(
			params, json_pack("{s:s%, s:s, s:b, s:o}", "name",
					  p + 1, (size_t)(end - p - 1), "in",
					  "path", "required", 1, "schema",
					  string_schema()));
		p = end + 1;
	}
}

/* The query parameters of "name:text|name*:text". */
static void query_params(const char *q, json_t *params)
{
	while (q && *q) {
		const char *bar = strchr(q, '|');
		const char *end = bar ? bar : q + strlen(q);
		const char *colon = memchr(q, ':', (size_t)(end - q));
		const char *nend = colon ? colon : end;
		int required = nend > q && nend[-1] == '*';
		json_t *o;

		o = json_pack("{s:s%, s:s, s:b, s:o}", "name", q,
			      (size_t)(nend - q - required), "in", "query",
			      "required", required, "schema", string_schema());
		if (colon)
			json_object_set_new(o, "description",
					    json_stringn(colon + 1,
							 (size_t)(end - colon -
								  1)));
		json_array_append_new(params, o);
		q = bar ? bar + 1 : end;
	}
}

static json_t *content(const char *types, json_t *schema)
{
	json_t *c = json_object();
	const char *t = types;

	while (t && *t) {
		const char *sp = strchr(t, ' ');
		size_t n = sp ? (size_t)(sp - t) : strlen(t);
		char type[96];

		snprintf(type, sizeof(type), "%.*s", (int)n, t);
		json_object_set_new(c, type, json_pack("{s:O}", "schema",
						       schema));
		t = sp ? sp + 1 : t + n;
	}
	json_decref(schema);
	return c;
}

static json_t *roles_json(unsigned roles)
{
	json_t *a = json_array();

	for (int r = XY_ROLE_PUBLIC; r <= XY_ROLE_BANK; r++)
		if (roles & XY_R(r))
			json_array_append_new(a, json_string(xy_role_name(r)));
	return a;
}

static json_t *operation(const struct xy_route *rt)
{
	json_t *params = json_array();
	json_t *op, *responses;
	char id[160];
	size_t o;

	path_params(rt->pattern, params);
	query_params(rt->query, params);
	for (o = 0; rt->method[o] && o + 1 < sizeof(id); o++)
		id[o] = (char)(rt->method[o] | 0x20);
	for (const char *p = rt->pattern; *p && o + 1 < sizeof(id); p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			id[o++] = *p;
		else if (*p == '/' && p[1])
			id[o++] = '_';
	id[o] = '\0';
	responses = json_pack(
		"{s:{s:s, s:o}, s:{s:s, s:o}}", "200", "description", "OK",
		"content", content(rt->produces, json_object()), "default",
		"description", "An error (RFC 9457)", "content",
		content("application/problem+json",
			json_pack("{s:s}", "$ref",
				  "#/components/schemas/Problem")));
	op = json_pack("{s:s, s:s, s:[s], s:o, s:o, s:o, s:I}", "operationId",
		       id, "summary", rt->summary, "tags", rt->tag,
		       "parameters", params, "responses", responses, "x-roles",
		       roles_json(rt->roles), "x-body-cap",
		       (json_int_t)rt->body_cap);
	if (rt->accepts)
		json_object_set_new(
			op, "requestBody",
			json_pack("{s:b, s:o}", "required", 1, "content",
				  content(rt->accepts, json_object())));
	if (rt->roles & XY_R(XY_ROLE_PUBLIC))
		json_object_set_new(op, "security", json_array());
	else
		json_object_set_new(op, "security",
				    json_pack("[{s:[]}, {s:[]}]", "bearer",
					      "session"));
	return op;
}

static json_t *problem_schema(void)
{
	return json_pack(
		"{s:s, s:[s, s, s, s], s:{s:{s:s}, s:{s:s}, s:{s:s}, "
		"s:{s:s}, s:{s:s, s:s}, s:{s:s, s:{s:s, s:{s:{s:s}, "
		"s:{s:s}, s:{s:s}}}}}}",
		"type", "object", "required", "type", "title", "status",
		"code", "properties", "type", "type", "string", "title", "type",
		"string", "status", "type", "integer", "detail", "type",
		"string", "code", "type", "string", "description",
		"the stable error code (DOMAIN.md §2.5, util/error.h)",
		"errors", "type", "array", "items", "type", "object",
		"properties", "field", "type", "string", "code", "type",
		"string", "message", "type", "string");
}

char *xy_openapi_build(size_t *len)
{
	json_t *paths = json_object(), *doc;
	char *text;

	for (size_t i = 0; i < xy_nroutes; i++) {
		const struct xy_route *rt = &xy_routes[i];
		json_t *item = json_object_get(paths, rt->pattern);
		char method[16];
		size_t k;

		if (!item) {
			item = json_object();
			json_object_set_new(paths, rt->pattern, item);
		}
		for (k = 0; rt->method[k] && k + 1 < sizeof(method); k++)
			method[k] = (char)(rt->method[k] | 0x20);
		method[k] = '\0';
		json_object_set_new(item, method, operation(rt));
	}
	doc = json_pack(
		"{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:{s:{s:s, s:s}, s:{s:s, "
		"s:s, s:s}}, s:{s:o}}}",
		"openapi", "3.1.0", "info", "title",
		"xinyong 公共信用信息平台 API", "version", "0.1.0",
		"description",
		"The HTTP API of xinyong. Errors are application/problem+json "
		"with a stable code; x-roles lists the roles allowed on an "
		"operation (public: no credentials).",
		"paths", paths, "components", "securitySchemes", "bearer",
		"type", "http", "scheme", "bearer", "session", "type", "apiKey",
		"in", "cookie", "name", XY_HTTP_SESSION_COOKIE, "schemas",
		"Problem", problem_schema());
	text = json_dumps(doc, JSON_INDENT(2));
	json_decref(doc);
	*len = text ? strlen(text) : 0;
	return text;
}
