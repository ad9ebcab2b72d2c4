#!/usr/bin/env bash
# Issue 3 (and issue 4's lookup on PostgreSQL): the platform over HTTP.
#   bench/http.sh [--rows N] [--rounds R] [--seconds S] [--no-pg]
#                 [--no-record]
# On a generated district of N 行政处罚 records (default 3,400,000: about
# 1,000,000 subjects), made once and kept in $XY_BENCH_DIR:
#   lookup  GET /api/v1/subjects/{uscc} for random subjects, against nginx
#           serving a static JSON file of the same size (asked the same
#           requests through the same wrk script, and asked one URL
#           without a script, as before 2026-12-01 17:00), interleaved
#           rounds after a warm-up, wrk -t2 -c64; xinyong with its
#           archive cache (the default) and without (--cache 0); the
#           server's peak RSS
#   search  GET /api/v1/subjects?q= for random parts of random names:
#           latency alone (wrk -t1 -c1) and under load (wrk -t2 -c64)
#   post    POST /api/v1/records/xzcf in batches of 1,000 into a fresh
#           database (bench/post_batches.py, 2 connections), 100,000
#           records, each once
#   pg      the lookup again with the database moved to PostgreSQL
#           (xinyong migrate; scripts/pg.sh), interleaved with SQLite
# Appends a dated section to bench/RESULTS.md unless --no-record.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

rows=3400000 rounds=3 secs=10 pg=1 rec=1
while [ $# -gt 0 ]; do
	case "$1" in
	--rows) rows=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--seconds) secs=$2; shift 2 ;;
	--no-pg) pg=0; shift ;;
	--no-record) rec=0; shift ;;
	*) die "usage: bench/http.sh [--rows N] [--rounds R] [--seconds S] [--no-pg] [--no-record]" ;;
	esac
done
need_tools wrk nginx sqlite3 curl python3
command -v psql >/dev/null || pg=0
W=$XY_BENCH_DIR/http-$rows
RUN=$W/run
rm -rf "$RUN"
mkdir -p "$RUN"
db=$W/xy.db
dept=113701040042045104

# the database: a generated district of $rows records, made once
if [ ! -s "$W/ready" ]; then
	rm -f "$db" "$db-wal" "$db-shm" "$W/xy.key"
	note "generating and importing $rows records (once)"
	"$XY_BIN" gen --catalog xzcf --rows "$rows" --seed 1 \
		--reported-at 2021-12-31 --output "$W/cf.csv"
	"$XY_BIN" init --db "$db" >/dev/null
	"$XY_BIN" import --db "$db" --catalog xzcf --reported-at 2021-12-31 \
		"$W/cf.csv" >/dev/null
	rm -f "$W/cf.csv"
	printf 'bench-password-1\n' | "$XY_BIN" user add bench --role admin \
		--dept "$dept" --password-stdin --db "$db" >/dev/null
	date >"$W/ready"
fi
subjects=$(sqlite3 "$db" "SELECT COUNT(*) FROM subjects")
records=$(sqlite3 "$db" "SELECT COUNT(*) FROM records")
sqlite3 "$db" "SELECT uscc FROM subjects WHERE uscc IS NOT NULL \
	ORDER BY random() LIMIT 20000" >"$RUN/usccs.txt"
# search texts: 2 to 4 characters from a random place of random names
sqlite3 "$db" "SELECT name FROM subject_names ORDER BY random() LIMIT 5000" |
	python3 -c '
import random, sys, urllib.parse
random.seed(1)
for line in sys.stdin:
    n = line.strip()
    if len(n) < 2:
        continue
    k = random.randint(2, min(4, len(n)))
    i = random.randint(0, len(n) - k)
    print(urllib.parse.quote(n[i:i + k]))' >"$RUN/queries.txt"
key=$("$XY_BIN" token create bench --db "$db" 2>/dev/null)

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for c in nginx nginx1; do
		nginx -c "$W/$c.conf" -s stop 2>/dev/null || true
	done
	[ "$pg" = 1 ] && "$BENCH_ROOT/scripts/pg.sh" stop "$W/pg" >/dev/null 2>&1
	return 0
}
trap cleanup EXIT

# serve DB PORT: a server in the background, waited for
# serve DB PORT [SERVE ARGS...]
serve() {
	"$XY_BIN" serve --db "$1" --listen "127.0.0.1:$2" --threads 2 \
		--quiet --rate 0 "${@:3}" >>"$RUN/serve.out" 2>&1 &
	pids+=($!)
	until curl -sf -o /dev/null "http://127.0.0.1:$2/healthz"; do
		sleep 0.2
	done
}

xport=$(port)
serve "$db" "$xport"
xpid=${pids[-1]}
x0port=$(port)
serve "$db" "$x0port" --cache 0
x1port=$(port)
serve "$db" "$x1port" --threads 1
x1pid=${pids[-1]}
# a static answer of the same size for nginx: one real archive
nport=$(port)
mkdir -p "$W/www"
# the archive of median size among the first 51 subjects asked for
for u in $(head -51 "$RUN/usccs.txt"); do
	curl -sf -H "Authorization: Bearer $key" -o "$RUN/a.json" \
		"http://127.0.0.1:$xport/api/v1/subjects/$u"
	echo "$(stat -c %s "$RUN/a.json") $u"
done | sort -n | sed -n 26p | {
	read -r _ u
	curl -sf -H "Authorization: Bearer $key" -o "$W/www/subject.json" \
		"http://127.0.0.1:$xport/api/v1/subjects/$u"
}
size=$(stat -c %s "$W/www/subject.json")
# nginx_conf NAME WORKERS PORT: a server of the file at any path
nginx_conf() {
	cat >"$W/$1.conf" <<-EOT
	worker_processes $2;
	pid $W/$1.pid;
	error_log $W/nginx.err;
	events { worker_connections 1024; }
	http {
		access_log off;
		server {
			listen 127.0.0.1:$3;
			root $W/www;
			location / {
				default_type application/json;
				try_files /subject.json =404;
			}
		}
	}
	EOT
	nginx -c "$W/$1.conf"
}
nginx_conf nginx 2 "$nport"
n1port=$(port)
nginx_conf nginx1 1 "$n1port"

# lua NAME FILE PATH-PREFIX: a wrk script asking for random lines of FILE
lua() {
	cat >"$RUN/$1.lua" <<EOT
local lines = {}
for l in io.lines("$2") do lines[#lines + 1] = l end
request = function()
	return wrk.format("GET", "$3" .. lines[math.random(#lines)],
		{["Authorization"] = "Bearer $key"})
end
EOT
}
lua lookup "$RUN/usccs.txt" /api/v1/subjects/
lua search "$RUN/queries.txt" "/api/v1/subjects?limit=20&q="

# bench_wrk NAME URL WRK-ARGS...: "req/s p50 p99 non-2xx" into NAME.res
bench_wrk() {
	local name=$1 url=$2
	shift 2
	wrk -d"${secs}s" --latency "$@" "$url" >"$RUN/$name.wrk"
	awk '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
	     /Non-2xx/ {bad=$NF} END {print r, p50, p99, bad + 0}' \
		"$RUN/$name.wrk" >"$RUN/$name.res"
}

# look NAME: one lookup run of NAME (n: nginx asked the same requests,
# ns: nginx asked one URL, x: xinyong, x0: xinyong --cache 0; n1 and x1:
# nginx with one worker, xinyong with one loop)
look() {
	case "$1" in
	n) bench_wrk "$1$i" "http://127.0.0.1:$nport/" -t2 -c64 -s "$RUN/lookup.lua" ;;
	ns) bench_wrk "$1$i" "http://127.0.0.1:$nport/subject.json" -t2 -c64 ;;
	x) bench_wrk "$1$i" "http://127.0.0.1:$xport/" -t2 -c64 -s "$RUN/lookup.lua" ;;
	x0) bench_wrk "$1$i" "http://127.0.0.1:$x0port/" -t2 -c64 -s "$RUN/lookup.lua" ;;
	n1) bench_wrk "$1$i" "http://127.0.0.1:$n1port/" -t2 -c64 -s "$RUN/lookup.lua" ;;
	x1) bench_wrk "$1$i" "http://127.0.0.1:$x1port/" -t2 -c64 -s "$RUN/lookup.lua" ;;
	esac
}
note "lookup: warm-up (not recorded), then $rounds rounds"
i=w
for which in n x x0 n1 x1; do look $which; done
: >"$RUN/rounds"
: >"$RUN/rounds1"
for ((i = 1; i <= rounds; i++)); do
	if ((i % 2)); then order="n ns x x0 n1 x1"; else order="x1 n1 x0 x ns n"; fi
	for which in $order; do look $which; done
	echo "$i $(cat "$RUN/n$i.res") $(cut -d' ' -f1 "$RUN/ns$i.res") \
		$(cat "$RUN/x$i.res") $(cut -d' ' -f1,3 "$RUN/x0$i.res") \
		$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RUN/rounds"
	echo "$i $(cat "$RUN/n1$i.res") $(cat "$RUN/x1$i.res") \
		$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RUN/rounds1"
done
hits=$(curl -sf -H "Authorization: Bearer $key" "http://127.0.0.1:$xport/metrics" |
	awk '/^xinyong_archive_cache_lookups_total/ {printf "%s%s", sep, $0; sep="; "}')

note "search"
bench_wrk s1 "http://127.0.0.1:$xport/" -t1 -c1 -s "$RUN/search.lua"
bench_wrk s64 "http://127.0.0.1:$xport/" -t2 -c64 -s "$RUN/search.lua"
rss=$(awk '/VmHWM/ {print $2}' "/proc/$xpid/status")
rss1=$(awk '/VmHWM/ {print $2}' "/proc/$x1pid/status")

note "post: 100 batches of 1,000 into a fresh database"
"$XY_BIN" gen --catalog xzcf --rows 100000 --seed 2 --output "$RUN/post.csv"
pdb=$RUN/post.db
"$XY_BIN" init --db "$pdb" >/dev/null
printf 'bench-password-1\n' | "$XY_BIN" user add bench --role admin \
	--dept "$dept" --password-stdin --db "$pdb" >/dev/null
pkey=$("$XY_BIN" token create bench --db "$pdb" 2>/dev/null)
pport=$(port)
serve "$pdb" "$pport"
read -r p_rows p_secs p_rate p_new p_upd p_unch p_rej p_bad < <(
	python3 "$here/post_batches.py" \
		"http://127.0.0.1:$pport/api/v1/records/xzcf" "$pkey" \
		"$RUN/post.csv")
p_stored=$(sqlite3 "$pdb" "SELECT COUNT(*) FROM records")

if [ "$pg" = 1 ]; then
	note "pg: migrating the database to PostgreSQL"
	"$BENCH_ROOT/scripts/pg.sh" stop "$W/pg" >/dev/null 2>&1 || true
	if url=$("$BENCH_ROOT/scripts/pg.sh" start "$W/pg"); then
		purl=${url%/*}/xy
		psql -X -q -d "$url" -c "CREATE DATABASE xy" >/dev/null
		# the key file of a server database is named by XINYONG_KEY
		cp "$W/xy.key" "$W/pg/xy.key"
		t0=$(date +%s)
		XINYONG_KEY=$W/pg/xy.key "$XY_BIN" migrate --from "sqlite:$db" \
			--to "$purl" >"$RUN/migrate.out" 2>&1
		migrate_s=$(($(date +%s) - t0))
		gport=$(port)
		XINYONG_KEY=$W/pg/xy.key serve "$purl" "$gport"
		g0port=$(port)
		XINYONG_KEY=$W/pg/xy.key serve "$purl" "$g0port" --cache 0
		for p in "$gport" "$g0port"; do # warm-up, not recorded
			wrk -d"${secs}s" -t2 -c64 -s "$RUN/lookup.lua" \
				"http://127.0.0.1:$p/" >/dev/null
		done
		: >"$RUN/pgrounds"
		for ((i = 1; i <= rounds; i++)); do
			for which in ps:$xport pg:$gport ps0:$x0port pg0:$g0port; do
				bench_wrk "${which%:*}$i" "http://127.0.0.1:${which#*:}/" \
					-t2 -c64 -s "$RUN/lookup.lua"
			done
			echo "$i $(cat "$RUN/ps$i.res") $(cat "$RUN/pg$i.res") \
				$(cut -d' ' -f1,3 "$RUN/ps0$i.res") \
				$(cut -d' ' -f1,3 "$RUN/pg0$i.res") \
				$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RUN/pgrounds"
		done
	else
		note "PostgreSQL could not start: the pg part is left out"
		pg=0
	fi
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
{
	echo
	echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — the platform over HTTP (bench/http.sh)"
	echo
	echo "- machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); wrk shares the cores with the servers"
	echo "- database: $records generated 行政处罚 records, **$subjects subjects** (SQLite, $(($(stat -c %s "$db") / 1048576)) MB); xinyong serve --threads 2"
	echo
	echo "### Subject lookup: GET /api/v1/subjects/{uscc}, random among 20,000 USCCs"
	echo
	echo "nginx (worker_processes 2) serves one real archive ($size bytes, the median size of the first 51 asked for) as a static file for any path, asked the same random requests with the same wrk script as xinyong (\"nginx\"), and asked one URL without a script (\"one URL\", the comparison of runs before 2026-12-01 17:00); xinyong with its archive cache (default --cache 128) and without (--cache 0). wrk -t2 -c64 -d${secs}s; a warm-up run of each first, not recorded; rounds interleaved (order reversed every round). Ratio = xinyong / nginx."
	echo
	echo "| round | nginx req/s | p50 | p99 | one URL req/s | xinyong req/s | p50 | p99 | non-2xx | ratio | ratio to one URL | --cache 0 req/s | p99 | load |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
	while read -r r nr np50 np99 nbad nsr xr xp50 xp99 xbad x0r x0p99 l1 l5 l15; do
		echo "| $r | $nr | $np50 | $np99 | $nsr | $xr | $xp50 | $xp99 | $((nbad + xbad)) | $(ratio "$xr" "$nr") | $(ratio "$xr" "$nsr") | $x0r | $x0p99 | $l1 $l5 $l15 |"
	done <"$RUN/rounds"
	echo
	echo "- the cached server's counters at the end: $hits"
	echo
	echo "The same with one worker of nginx and one loop of xinyong (\`--threads 1\`), so that the servers and wrk's two threads are not four threads on two cores; same rounds:"
	echo
	echo "| round | nginx 1 worker req/s | p50 | p99 | xinyong 1 loop req/s | p50 | p99 | non-2xx | ratio | load |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
	while read -r r nr np50 np99 nbad xr xp50 xp99 xbad l1 l5 l15; do
		echo "| $r | $nr | $np50 | $np99 | $xr | $xp50 | $xp99 | $((nbad + xbad)) | $(ratio "$xr" "$nr") | $l1 $l5 $l15 |"
	done <"$RUN/rounds1"
	echo
	echo "- targets: ≥ 0.8 × nginx, p99 ≤ 5 ms, no non-2xx; server peak RSS $((rss / 1024)) MB, with one loop $((rss1 / 1024)) MB (target ≤ 256 MB; the first after lookup and search)"
	echo
	echo "### Name search: GET /api/v1/subjects?q=, 2–4 characters of random names, limit 20"
	echo
	echo "| clients | req/s | p50 | p99 | non-2xx |"
	echo "| --- | ---: | ---: | ---: | ---: |"
	read -r a b c d <"$RUN/s1.res"
	echo "| 1 (wrk -t1 -c1) | $a | **$b** | $c | $d |"
	read -r a b c d <"$RUN/s64.res"
	echo "| 64 (wrk -t2 -c64) | $a | $b | $c | $d |"
	echo
	echo "- target: p50 ≤ 5 ms over 1,000,000 subjects"
	echo
	echo "### POST /api/v1/records/xzcf in batches of 1,000"
	echo
	echo "- $p_rows records (gen --seed 2) in $((p_rows / 1000)) JSON arrays, each posted once by 2 connections (bench/post_batches.py) into a fresh SQLite database: **$p_rate records/s** ($p_secs s); new $p_new, updated $p_upd, unchanged $p_unch, rejected $p_rej, non-2xx $p_bad; $p_stored records stored"
	echo "- target: ≥ 50,000 records/s"
	if [ "$pg" = 1 ]; then
		echo
		echo "### Subject lookup on PostgreSQL (issue 4)"
		echo
		echo "The same database moved with \`xinyong migrate\` ($migrate_s s) into a throwaway PostgreSQL cluster (scripts/pg.sh: default shared_buffers, fsync off); the same lookup, SQLite and PostgreSQL servers interleaved."
		echo
		echo "Both with the archive cache (the default), then both with --cache 0; a warm-up run of each PostgreSQL server first."
		echo
		echo "| round | SQLite req/s | p50 | p99 | PostgreSQL req/s | p50 | p99 | non-2xx | PG / SQLite | SQLite --cache 0 req/s | p99 | PG --cache 0 req/s | p99 | PG / SQLite, --cache 0 | load |"
		echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
		while read -r r sr sp50 sp99 sbad gr gp50 gp99 gbad s0r s0p99 g0r g0p99 l1 l5 l15; do
			echo "| $r | $sr | $sp50 | $sp99 | $gr | $gp50 | $gp99 | $((sbad + gbad)) | $(ratio "$gr" "$sr") | $s0r | $s0p99 | $g0r | $g0p99 | $(ratio "$g0r" "$s0r") | $l1 $l5 $l15 |"
		done <"$RUN/pgrounds"
	fi
} >"$RUN/section.md"
cat "$RUN/section.md"
[ "$rec" = 1 ] && cat "$RUN/section.md" >>"$here/RESULTS.md"
exit 0
