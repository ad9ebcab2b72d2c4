# shellcheck shell=bash
# xinyong serve: liveness, unknown routes and methods as problem+json,
# authentication required outside the public routes, the catalog, the
# metrics, and the OpenAPI document: every route of the routing table
# is described and nothing else, and docs/api/openapi.json is current.
source "$XY_SOURCE_DIR/tests/integration/http_lib.sh"

DB=$(init_db main)
admin=$(make_token ada admin)
start_server "$DB"

# --- /healthz: public, exact answer
api GET /healthz
expect_status 200
expect_json "$OUT" '{"status": "ok"}' "healthz"
expect_contains "$XY_TMP/.hdr" "content-type: application/json"
expect_contains "$XY_TMP/.hdr" "cache-control: no-store"

# --- unknown path and method: problem+json
api GET /api/v1/nothing
expect_problem not_found 404
expect_json "$OUT" '{"type": "urn:xinyong:problem:not_found",
	"title": "Not found", "status": 404, "detail": "no such resource",
	"code": "not_found"}' "404 body"
api PUT /healthz
expect_problem method_not_allowed 405
expect_contains "$XY_TMP/.hdr" "allow: GET"
api PUT /api/v1/session
expect_problem method_not_allowed 405
expect_contains "$XY_TMP/.hdr" "allow: POST, DELETE"
# a path parameter matches one non-empty segment only
api GET /api/v1/subjects/a/b -H "Authorization: Bearer $admin"
expect_problem not_found 404
# a subject that is not there: the answer does not repeat the code
api GET /api/v1/subjects/370102199507170061 -H "Authorization: Bearer $admin"
expect_problem not_found 404
expect_not_contains "$OUT" 370102199507170061

# --- credentials
api GET /api/v1/catalog
expect_problem unauthenticated 401
expect_contains "$XY_TMP/.hdr" "www-authenticate: Bearer"
api GET /api/v1/catalog -H "Authorization: Bearer xy_not_a_key"
expect_problem unauthenticated 401
api GET /api/v1/catalog -H "Authorization: Basic YTpi"
expect_problem unauthenticated 401

# --- the catalog
api GET /api/v1/catalog -H "Authorization: Bearer $admin"
expect_status 200
expect_eq "$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(" ".join(sorted(i["code"] for i in d["items"])))' "$OUT")" \
	"xzcf xzxk" "catalog items"
expect_eq "$(json_get "$OUT" 'items.code=xzcf.name')" "行政处罚" "xzcf name"
expect_eq "$(json_get "$OUT" 'items.code=xzcf.fields.code=CF_WSH.name')" \
	"行政处罚决定书文号" "CF_WSH name"
expect_eq "$(json_get "$OUT" 'items.code=xzcf.fields.code=CF_WSH.required')" \
	"true" "CF_WSH required"
expect_eq "$(json_get "$OUT" 'items.code=xzcf.deadline')" \
	'{"days":15,"calendar":"natural"}' "deadline"

# --- metrics: per route, with the histogram; admins only
api GET /metrics -H "Authorization: Bearer $admin"
expect_status 200
expect_contains "$XY_TMP/.hdr" "content-type: text/plain; version=0.0.4"
expect_contains "$OUT" 'xinyong_http_requests_total{route="GET /healthz",status="200"}'
expect_contains "$OUT" 'xinyong_http_requests_total{route="GET /api/v1/catalog",status="401"} 3'
expect_contains "$OUT" 'xinyong_http_request_duration_seconds_bucket{route="GET /api/v1/catalog",le="+Inf"} 4'
expect_contains "$OUT" 'xinyong_http_request_duration_seconds_count{route="GET /api/v1/catalog"} 4'
expect_contains "$OUT" 'xinyong_http_requests_total{route="none",status="404"} 2'
expect_contains "$OUT" 'xinyong_ingest_records_total{source="records",status="new"} 0'
expect_contains "$OUT" 'xinyong_database_bytes '

# --- the access log: method, route pattern, status, duration; no path
expect_contains "$XY_TMP/server.err" "GET /api/v1/subjects/{code} 404 "
expect_not_contains "$XY_TMP/server.err" "/api/v1/subjects/a/b"
expect_not_contains "$XY_TMP/server.err" 370102199507170061

# --- OpenAPI: public, and exactly the routing table
api GET /api/v1/openapi.json
expect_status 200
xy serve --routes >routes.txt
python3 - "$OUT" routes.txt <<'PY' || xy_fail "openapi and the routing table differ"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["openapi"].startswith("3.1"), doc["openapi"]
ops = {(m.upper(), p) for p, item in doc["paths"].items() for m in item}
table = {tuple(l.split(" ", 1)) for l in open(sys.argv[2]).read().splitlines()}
missing, extra = table - ops, ops - table
if missing or extra:
    sys.exit("not described: %s; not routes: %s" % (sorted(missing), sorted(extra)))
for p, item in doc["paths"].items():
    for m, op in item.items():
        names = [x["name"] for x in op["parameters"] if x["in"] == "path"]
        want = [s[1:-1] for s in p.split("/") if s.startswith("{")]
        assert names == want, (p, names)
        assert "default" in op["responses"], (p, m)
        assert op["x-roles"], (p, m)
PY
python3 - "$OUT" "$XY_SOURCE_DIR/docs/api/openapi.json" <<'PY' ||
import json, sys
if json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])):
    sys.exit(1)
PY
	xy_fail "docs/api/openapi.json is stale: xinyong serve --openapi > docs/api/openapi.json"

stop_server
