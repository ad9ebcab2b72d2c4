# shellcheck shell=bash
# Helpers of the HTTP cases (cases/http_*.sh), sourced after lib.sh:
# the real server on a free loopback port, spoken to with curl.
#
#   start_server DB [SERVE ARGS...]  starts `xinyong serve`, waits for
#                                    /healthz; sets XY_URL, XY_SERVER_PID
#   stop_server                      SIGTERM, expects exit status 0
#   api METHOD PATH [CURL ARGS...]   one request: status in $STATUS, body
#                                    in $OUT, headers in $XY_TMP/.hdr
#   expect_status CODE               $STATUS is CODE
#   expect_problem CODE STATUS       $OUT is a problem+json with them
#   make_token NAME ROLE [DEPT]      an account and its API key (printed)

XY_PW=$XY_TMP/.pw
printf 'correct horse battery\n' >"$XY_PW"

start_server() {
	local db=$1 i
	shift
	: >"$XY_TMP/server.out"
	"$XY_BIN" serve --db "$db" --listen 127.0.0.1:0 "$@" \
		>"$XY_TMP/server.out" 2>"$XY_TMP/server.err" &
	XY_SERVER_PID=$!
	XY_URL=""
	for ((i = 0; i < 200; i++)); do
		XY_URL=$(sed -n 's/^listening on //p' "$XY_TMP/server.out")
		[ -n "$XY_URL" ] && break
		kill -0 "$XY_SERVER_PID" 2>/dev/null || {
			cat "$XY_TMP/server.err" >&2
			xy_fail "xinyong serve did not start"
		}
		sleep 0.05
	done
	[ -n "$XY_URL" ] || xy_fail "xinyong serve printed no address"
	for ((i = 0; i < 200; i++)); do
		curl -sf -o /dev/null "$XY_URL/healthz" && return 0
		sleep 0.05
	done
	xy_fail "$XY_URL/healthz does not answer"
}

stop_server() {
	local rc=0
	kill -TERM "$XY_SERVER_PID"
	wait "$XY_SERVER_PID" || rc=$?
	[ "$rc" -eq 0 ] || {
		tail -5 "$XY_TMP/server.err" >&2
		xy_fail "xinyong serve exited with $rc after SIGTERM"
	}
}

api() {
	local method=$1 path=$2
	shift 2
	STATUS=$(curl -s -o "$OUT" -D "$XY_TMP/.hdr" -w '%{http_code}' \
		-X "$method" "$@" "$XY_URL$path") ||
		xy_fail "curl $method $path failed"
}

expect_status() {
	[ "$STATUS" = "$1" ] && return 0
	head -c 600 "$OUT" >&2
	echo >&2
	xy_fail "status $STATUS, expected $1"
}

# expect_problem CODE STATUS: an RFC 9457 problem with the stable code
expect_problem() {
	expect_status "$2"
	expect_contains "$XY_TMP/.hdr" "content-type: application/problem+json"
	expect_eq "$(json_get "$OUT" code)" "$1" "problem code"
	expect_eq "$(json_get "$OUT" status)" "$2" "problem status"
	expect_eq "$(json_get "$OUT" type)" "urn:xinyong:problem:$1" \
		"problem type"
	json_get "$OUT" title >/dev/null
	json_get "$OUT" detail >/dev/null
}

make_token() {
	local name=$1 role=$2 dept=${3:-}
	if [ -n "$dept" ]; then
		xy user add "$name" --role "$role" --dept "$dept" \
			--password-stdin --db "$DB" <"$XY_PW" >/dev/null ||
			xy_fail "user add $name failed"
	else
		xy user add "$name" --role "$role" --password-stdin \
			--db "$DB" <"$XY_PW" >/dev/null ||
			xy_fail "user add $name failed"
	fi
	xy token create "$name" --db "$DB" 2>/dev/null ||
		xy_fail "token create $name failed"
}
