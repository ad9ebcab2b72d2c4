# shellcheck shell=bash
# Limits: request target (414) and header (431) caps, per-key and
# per-address rate limits on the limited routes (429 with Retry-After),
# the timeout that drops a client that sends its request too slowly, and
# no personal data in the access log.
source "$XY_SOURCE_DIR/tests/integration/http_lib.sh"

DB=$(init_db main)
chk=$(make_token carl checker 113701040042045104)
chk2=$(make_token cleo checker 113701040042045104)
start_server "$DB" --rate 0.5 --burst 3 --timeout 1

# --- 414 and 431
api GET "/api/v1/catalog?x=$(head -c 9000 /dev/zero | tr '\0' a)" \
	-H "Authorization: Bearer $chk"
expect_problem uri_too_long 414
hdrs=()
for i in $(seq 1 70); do
	hdrs+=(-H "X-Filler-$i: v")
done
api GET /api/v1/catalog -H "Authorization: Bearer $chk" "${hdrs[@]}"
expect_problem headers_too_large 431
api GET /api/v1/catalog -H "Authorization: Bearer $chk" \
	-H "X-Big: $(head -c 17000 /dev/zero | tr '\0' a)"
expect_problem headers_too_large 431

# --- rate limits: a bucket of 3, one more every 2 seconds
# codes N METHOD PATH [CURL ARGS]: the statuses of N requests
codes() {
	local i out=""
	for ((i = 0; i < $1; i++)); do
		api "$2" "$3" "${@:4}"
		out+="$STATUS "
	done
	echo "${out% }"
}
# per key: the search route
expect_eq "$(codes 5 GET '/api/v1/subjects?q=%E5%AE%8F%E8%BE%BE' \
	-H "Authorization: Bearer $chk")" "200 200 200 429 429" "per key"
api GET "/api/v1/subjects?q=x" -H "Authorization: Bearer $chk"
expect_problem rate_limited 429
expect_contains "$XY_TMP/.hdr" "retry-after: "
wait=$(sed -n 's/^retry-after: \([0-9]*\).*/\1/p' "$XY_TMP/.hdr")
[ "$wait" -ge 1 ] && [ "$wait" -le 2 ] || xy_fail "retry-after $wait"
# another key has a bucket of its own
api GET "/api/v1/subjects?q=x" -H "Authorization: Bearer $chk2"
expect_status 200
# per address: the public routes
expect_eq "$(codes 5 GET /api/v1/openapi.json)" "200 200 200 429 429" \
	"per address"
expect_eq "$(codes 1 POST /api/v1/session -H 'Content-Type: application/json' \
	-d '{"name": "carl", "password": "guess"}')" 429 "login limited"
sleep 4.4
expect_eq "$(codes 3 POST /api/v1/session -H 'Content-Type: application/json' \
	-d '{"name": "carl", "password": "guess"}')" "401 401 429" \
	"refilled at 0.5/s"
# routes without the flag are not limited
expect_eq "$(codes 6 GET /api/v1/catalog -H "Authorization: Bearer $chk")" \
	"200 200 200 200 200 200" "catalog unlimited"
# nor is the health check (a monitor polls it from one address)
expect_eq "$(codes 6 GET /healthz)" "200 200 200 200 200 200" \
	"healthz unlimited"

# --- a client that does not finish its request is dropped (--timeout 1)
python3 - "$XY_URL" <<'PY' || xy_fail "slow client not dropped"
import socket, sys, time
host, port = sys.argv[1].split("//")[1].rsplit(":", 1)
s = socket.create_connection((host, int(port)))
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
s.settimeout(10)
t = time.time()
data = s.recv(100)
waited = time.time() - t
assert data == b"" and 0.5 < waited < 5, (data, waited)
PY
# an idle keep-alive connection too
python3 - "$XY_URL" <<'PY' || xy_fail "idle connection not dropped"
import socket, sys, time
host, port = sys.argv[1].split("//")[1].rsplit(":", 1)
s = socket.create_connection((host, int(port)))
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
s.settimeout(10)
got = b""
while b"\r\n\r\n" not in got or not got.endswith(b"}"):
    got += s.recv(1000)
t = time.time()
assert s.recv(100) == b"" and time.time() - t < 5
PY

# --- nothing personal in the log: method, route pattern, status, time
api GET /api/v1/subjects/370102199507170061 -H "Authorization: Bearer $chk"
expect_problem not_found 404
expect_not_contains "$XY_TMP/server.err" 370102199507170061
expect_not_contains "$XY_TMP/server.err" "q="
expect_not_contains "$XY_TMP/server.err" "$chk"
expect_contains "$XY_TMP/server.err" "GET /api/v1/subjects/{code} 404 "
python3 - "$XY_TMP/server.err" <<'PY' || xy_fail "log line format"
import re, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("xinyong serve:"):
        continue
    assert re.fullmatch(r"[A-Z]+ (-|/[^ ]*) \d{3} \d+\.\d{6}\n", line), line
PY

stop_server
