/*
 * routes.c - the routing table: every route of the API, what it needs
 * and what the OpenAPI document says about it. The most frequent routes
 * come first (the table is walked in order).
 *
 * The fuzzer compiles this file with XY_ROUTES_NO_HANDLERS, so that it
 * matches paths against the real patterns without linking the handlers.
 */
#include "http/route.h"
#include "service/auth.h"
#ifndef XY_ROUTES_NO_HANDLERS
#include "http/api.h"
#define H(fn) fn
#else
#define H(fn) NULL
#endif
#include "util/banned.h"

#define KIB 1024u
#define MIB (1024u * 1024u)

#define PUBLIC XY_R(XY_ROLE_PUBLIC)
#define ADMIN XY_R(XY_ROLE_ADMIN)
#define REPORTER XY_R(XY_ROLE_REPORTER)
#define CHECKER XY_R(XY_ROLE_CHECKER)
#define AUDITOR XY_R(XY_ROLE_AUDITOR)
#define BANK XY_R(XY_ROLE_BANK)
#define SIGNED_IN (ADMIN | REPORTER | CHECKER | AUDITOR | BANK)

#define JSON "application/json"

const struct xy_route xy_routes[] = {
	{"GET", "/api/v1/subjects/{code}", H(xy_h_subject), ADMIN | CHECKER,
	 0, 0, "archives",
	 "A subject's credit archive, by USCC, ID number or 工商注册号",
	 "purpose:why a natural person's archive is read (or X-Purpose); "
	 "required for persons",
	 NULL, JSON},
	/* never rate limited: a monitor polling it must get its answer */
	{"GET", "/healthz", H(xy_h_healthz), PUBLIC, 0, 0, "operations",
	 "Liveness: the server and its database answer", NULL, NULL, JSON},
	{"GET", "/api/v1/subjects", H(xy_h_subject_search), ADMIN | CHECKER,
	 XY_ROUTE_LIMIT, 0, "archives",
	 "Search subjects by name: any part of a current or former name, "
	 "best first; persons with the masked ID number only",
	 "q:part of a name (required)|limit:results, 1 to 100 (default 20)",
	 NULL, JSON},
	{"GET", "/api/v1/records/{id}", H(xy_h_record),
	 ADMIN | CHECKER | REPORTER, 0, 0, "records",
	 "One record with its history (reporters: their department's)",
	 "purpose:why, when the record is about a natural person", NULL,
	 JSON},
	{"GET", "/api/v1/records", H(xy_h_record_list),
	 ADMIN | CHECKER | REPORTER, 0, 0, "records",
	 "Records by department, catalog and reported date, by id",
	 "dept:reporting department USCC (reporters: always theirs)|"
	 "catalog:catalog item code, e.g. xzcf|"
	 "from:first reported date, YYYY-MM-DD|"
	 "to:last reported date, YYYY-MM-DD|"
	 "cursor:the next_cursor of the previous page|"
	 "limit:records per page, 1-1000 (default 100)|"
	 "purpose:why, when the page holds natural persons' records",
	 NULL, JSON},
	{"POST", "/api/v1/records/{catalog}", H(xy_h_record_post),
	 ADMIN | REPORTER, XY_ROUTE_WORKER, 16 * MIB, "records",
	 "Push records: one JSON object, an array, or JSON Lines",
	 "dry_run:true to validate only",
	 "application/json application/x-ndjson", JSON},
	{"POST", "/api/v1/imports", H(xy_h_import), ADMIN | REPORTER,
	 XY_ROUTE_WORKER, 256 * MIB, "records",
	 "Upload a department file (CSV in UTF-8 or GBK, or XLSX) like "
	 "xinyong import",
	 "catalog*:catalog item code, e.g. xzcf|"
	 "encoding:auto (default), utf-8 or gbk|"
	 "dry_run:true to validate only",
	 "text/csv application/vnd.openxmlformats-officedocument."
	 "spreadsheetml.sheet",
	 JSON},
	{"GET", "/api/v1/catalog", H(xy_h_catalog), SIGNED_IN, 0, 0,
	 "catalog", "Catalog items and their fields", NULL, NULL, JSON},
	{"GET", "/api/v1/stats", H(xy_h_stats),
	 ADMIN | CHECKER | AUDITOR | REPORTER, XY_ROUTE_WORKER, 0, "stats",
	 "合规率, 迟报率 and suspected concealment per department",
	 "from:first reported date, YYYY-MM-DD|"
	 "to:last reported date, YYYY-MM-DD|"
	 "dept:a department's USCC (reporters: always theirs)",
	 NULL, JSON},
	{"GET", "/api/v1/audit", H(xy_h_audit), ADMIN | AUDITOR, 0, 0,
	 "audit", "Who looked at a subject: its audit trail, newest first",
	 "subject*:USCC, ID number or 工商注册号", NULL, JSON},
	{"POST", "/api/v1/session", H(xy_h_login), PUBLIC,
	 XY_ROUTE_WORKER | XY_ROUTE_LIMIT, 4 * KIB, "session",
	 "Browser login: JSON {name, password}; sets an HttpOnly cookie",
	 NULL, "application/json", JSON},
	{"DELETE", "/api/v1/session", H(xy_h_logout), SIGNED_IN, 0, 0,
	 "session", "Log out: ends the session of the cookie", NULL, NULL,
	 JSON},
	{"GET", "/api/v1/openapi.json", H(xy_h_openapi), PUBLIC,
	 XY_ROUTE_LIMIT, 0, "operations",
	 "This API as an OpenAPI 3.1 document", NULL, NULL, JSON},
	{"GET", "/metrics", H(xy_h_metrics), ADMIN, 0, 0, "operations",
	 "Prometheus metrics: requests, latency, imports, database size",
	 NULL, NULL, "text/plain; version=0.0.4"},
};

const size_t xy_nroutes = sizeof(xy_routes) / sizeof(xy_routes[0]);
