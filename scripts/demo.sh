#!/usr/bin/env bash
# make run: a fresh demo database with a generated district's worth of
# data (槐荫区: 行政许可 and 行政处罚 from a dozen departments, with a few
# bad, late and missing records), the 归集 figures, demo accounts and an
# API key, then the platform running on http://127.0.0.1:8080 (Ctrl-C
# stops it). XY_LISTEN changes the address, XY_NO_SERVE=1 stops after the
# figures.
#   scripts/demo.sh BIN DB
set -euo pipefail
bin=${1:-build/xinyong}
db=${2:-data/demo.db}
dir=$(dirname "$db")
key="${db%.*}.key"
today=$(date +%F)

mkdir -p "$dir"
rm -f "$db" "$db-wal" "$db-shm" "$key"
"$bin" init --db "$db"

for spec in "xzxk 30000 11" "xzcf 20000 12"; do
	set -- $spec
	file="$dir/demo-$1.csv"
	"$bin" gen --catalog "$1" --rows "$2" --seed "$3" \
		--invalid-rate 0.02 --late-rate 0.03 --gap-rate 0.002 \
		--reported-at "$today" --output "$file"
	echo "== import $file"
	"$bin" import --db "$db" --catalog "$1" --reported-at "$today" \
		--report "$dir/demo-$1-report.csv" "$file"
done

echo
echo "== xinyong stats --db $db"
"$bin" stats --db "$db"
echo
echo "Rejected rows: $dir/demo-*-report.csv. Try:"
echo "  $bin subject show --db $db <统一社会信用代码>"
echo "  $bin stats --db $db --json"
[ "${XY_NO_SERVE:-}" = 1 ] && exit 0

# demo accounts: one per role; the reporter and checker act for 市场监管
market=113701040042045104
account() { # NAME ROLE [DEPT]
	printf '%s\n' "demo-$1-2026" |
		"$bin" user add "$1" --role "$2" ${3:+--dept "$3"} \
			--password-stdin --db "$db" >/dev/null
}
account admin admin
account reporter reporter "$market"
account checker checker "$market"
account auditor auditor
token=$("$bin" token create admin --db "$db" 2>/dev/null)
listen=${XY_LISTEN:-127.0.0.1:8080}

cat <<EOT

== xinyong serve on http://$listen/
accounts (name / password):  admin / demo-admin-2026
  reporter / demo-reporter-2026 (市场监管局 $market)
  checker / demo-checker-2026   auditor / demo-auditor-2026
API key of admin:  $token
  curl -H "Authorization: Bearer $token" http://$listen/api/v1/stats
  curl http://$listen/healthz
Ctrl-C stops the server.
EOT
exec "$bin" serve --db "$db" --listen "$listen"
