#!/usr/bin/env bash
# Issue 3: GET /api/v1/subjects/{uscc} for random subjects, against nginx
# serving a static JSON file of the same size, in the same run
# (interleaved rounds, wrk -t2 -c64), plus the server's peak RSS.
#   bench/http.sh [--rows N] [--rounds R] [--seconds S]
# Appends a dated section to bench/RESULTS.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

rows=1000000 rounds=3 secs=10
while [ $# -gt 0 ]; do
	case "$1" in
	--rows) rows=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--seconds) secs=$2; shift 2 ;;
	*) die "usage: bench/http.sh [--rows N] [--rounds R] [--seconds S]" ;;
	esac
done
need_tools wrk nginx sqlite3 curl
W=$XY_BENCH_DIR/http-$rows
RUN=$W/run
mkdir -p "$RUN"
db=$W/xy.db

# the database: a generated district of $rows records, made once
if [ ! -s "$W/ready" ]; then
	rm -f "$db" "$db-wal" "$db-shm" "$W/xy.key"
	"$XY_BIN" gen --catalog xzcf --rows "$rows" --seed 1 \
		--reported-at 2021-12-31 --output "$W/cf.csv"
	"$XY_BIN" init --db "$db" >/dev/null
	"$XY_BIN" import --db "$db" --catalog xzcf --reported-at 2021-12-31 \
		"$W/cf.csv" >/dev/null
	rm -f "$W/cf.csv"
	date >"$W/ready"
fi
subjects=$(sqlite3 "$db" "SELECT COUNT(*) FROM subjects")
sqlite3 "$db" "SELECT uscc FROM subjects WHERE uscc IS NOT NULL \
	ORDER BY random() LIMIT 5000" >"$W/usccs.txt"
printf 'bench-password-1\n' | "$XY_BIN" user add bench --role checker \
	--dept 113701040042045104 --password-stdin --db "$db" \
	>/dev/null 2>&1 || true
key=$("$XY_BIN" token create bench --db "$db" 2>/dev/null)

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
xport=$(port)
nport=$(port)

"$XY_BIN" serve --db "$db" --listen "127.0.0.1:$xport" --threads 2 \
	--quiet --rate 0 >"$RUN/serve.out" 2>&1 &
xpid=$!
# a static answer of the same size for nginx: one real archive
sleep 1
until curl -sf -o /dev/null "http://127.0.0.1:$xport/healthz"; do sleep 0.2; done
mkdir -p "$W/www"
curl -sf -H "Authorization: Bearer $key" -o "$W/www/subject.json" \
	"http://127.0.0.1:$xport/api/v1/subjects/$(head -1 "$W/usccs.txt")"
size=$(stat -c %s "$W/www/subject.json")
cat >"$W/nginx.conf" <<EOT
worker_processes 2;
pid $W/nginx.pid;
error_log $W/nginx.err;
events { worker_connections 1024; }
http {
	access_log off;
	server {
		listen 127.0.0.1:$nport;
		root $W/www;
		location / { default_type application/json; }
	}
}
EOT
nginx -c "$W/nginx.conf"
trap 'kill "$xpid" 2>/dev/null; nginx -c "$W/nginx.conf" -s stop 2>/dev/null' EXIT

cat >"$W/lookup.lua" <<EOT
local codes = {}
for l in io.lines("$W/usccs.txt") do codes[#codes + 1] = l end
request = function()
	return wrk.format("GET", "/api/v1/subjects/" .. codes[math.random(#codes)],
		{["Authorization"] = "Bearer $key"})
end
EOT

# wrk NAME URL [SCRIPT]: req/s p50 p99 (ms) non-2xx into NAME.res
bench_wrk() {
	local name=$1 url=$2
	shift 2
	wrk -t2 -c64 -d"${secs}s" --latency "$@" "$url" >"$RUN/$name.wrk"
	awk '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
	     /Non-2xx/ {bad=$NF} END {print r, p50, p99, bad + 0}' \
		"$RUN/$name.wrk" >"$RUN/$name.res"
}

: >"$RUN/rounds"
for ((i = 1; i <= rounds; i++)); do
	bench_wrk "n$i" "http://127.0.0.1:$nport/subject.json"
	bench_wrk "x$i" "http://127.0.0.1:$xport/" -s "$W/lookup.lua"
	echo "$i $(cat "$RUN/n$i.res") $(cat "$RUN/x$i.res") \
		$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RUN/rounds"
done
rss=$(awk '/VmHWM/ {print $2}' "/proc/$xpid/status")

{
	echo
	echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — subject lookup over HTTP (bench/http.sh)"
	echo
	echo "- machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
	echo "- database: $rows generated 行政处罚 records, $subjects subjects; random picks among 5,000 USCCs"
	echo "- answer: $size bytes; nginx serves the same archive as a static file (worker_processes 2), xinyong serve --threads 2"
	echo "- wrk -t2 -c64 -d${secs}s --latency, $rounds interleaved rounds; wrk shares the 2 cores"
	echo
	echo "| round | nginx req/s | p50 | p99 | xinyong req/s | p50 | p99 | non-2xx | ratio | load |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
	while read -r r nr np50 np99 nbad xr xp50 xp99 xbad l1 l5 l15; do
		printf '| %s | %s | %s | %s | %s | %s | %s | %s | %.2f | %s %s %s |\n' \
			"$r" "$nr" "$np50" "$np99" "$xr" "$xp50" "$xp99" \
			"$((nbad + xbad))" "$(awk -v a="$xr" -v b="$nr" 'BEGIN { print a / b }')" \
			"$l1" "$l5" "$l15"
	done <"$RUN/rounds"
	echo
	echo "- server peak RSS: $((rss / 1024)) MB (target ≤ 256 MB)"
	echo "- targets: ≥ 0.8 × nginx, p99 ≤ 5 ms, no non-2xx"
} | tee -a "$here/RESULTS.md"
