# shellcheck shell=bash
# Reliability: kill -9 an import of ~60,000 generated rows at random
# moments (10-80 % of the time a clean import of the file took; rounds
# until at least one kill lands while the import runs), then run the
# same import to completion. The result equals
# one clean import of the file into a fresh database (records, figures),
# and on SQLite PRAGMA integrity_check says ok.

at=2021-06-30
rows=60000
xy gen --catalog xzcf --rows $rows --seed 17 --invalid-rate 0.05 \
	--late-rate 0.1 --gap-rate 0.02 --reported-at $at --output big.csv

# A clean import of the same file into a fresh database, timed: the
# kills land within that time, however fast this machine is.
clean=$(init_db clean)
t0=$(date +%s%N)
"$XY_BIN" import --db "$clean" --catalog xzcf --reported-at $at --json \
	big.csv >clean.json 2>clean.err ||
	xy_fail "the clean import failed: $(cat clean.err)"
clean_ms=$((($(date +%s%N) - t0) / 1000000))

db=$(init_db crashed)
import_args=(--db "$db" --catalog xzcf --reported-at "$at" --json big.csv)

# Kill rounds: each starts the import again on what the last one left;
# they stop after three or more, the last of them killed mid-import.
landed=0
last_landed=0
for round in $(seq 1 12); do
	delay=$(awk -v r=$RANDOM -v t="$clean_ms" \
		'BEGIN { printf "%.3f", t * (0.1 + (r % 701) / 1000) / 1000 }')
	# the binary itself, not the xy function: $! must be its pid
	"$XY_BIN" import "${import_args[@]}" >"round$round.out" \
		2>"round$round.err" &
	pid=$!
	sleep "$delay"
	if kill -9 "$pid" 2>/dev/null; then
		rc=0
		wait "$pid" || rc=$?
		# 137 = killed by signal 9 while running
		if [ "$rc" -eq 137 ]; then
			landed=$((landed + 1))
			last_landed=1
			echo "round $round: killed after ${delay}s"
		else
			last_landed=0
		fi
	else
		wait "$pid" || xy_fail "round $round: the import failed:" \
			"$(cat "round$round.err")"
		last_landed=0
		echo "round $round: finished before ${delay}s"
	fi
	[ "$last_landed" = 1 ] && [ "$round" -ge 3 ] && break
done
[ "$last_landed" = 1 ] ||
	xy_fail "$landed kills in $round rounds, the last one not mid-import"

if ! is_pg; then
	file=$(sqlite_file "$db")
	expect_eq "$(sqlite3 "$file" 'PRAGMA integrity_check')" ok \
		"integrity_check right after the last kill"
else
	# a first load killed midway (its indexes dropped) is rolled back
	# whole: the archive's indexes are all there, as in the clean one
	index_defs() {
		psql "$1" -qAtX -c "SELECT indexdef FROM pg_indexes WHERE
			tablename IN ('subjects', 'subject_names', 'records')
			ORDER BY indexname"
	}
	expect_eq "$(index_defs "$db")" "$(index_defs "$clean")" \
		"indexes right after the last kill"
fi

# The same import again, to completion.
expect_exit 0 xy import "${import_args[@]}"
cp "$OUT" final.json
expect_eq "$(json_get final.json rows)" $rows "rows of the final import"

# The clean import it must equal.
if is_pg; then
	# a bulk load leaves the planner statistics of what it loaded
	expect_eq "$(psql "$clean" -qAtX -c "SELECT reltuples > 50000 FROM
		pg_class WHERE relname = 'records'")" t \
		"records counted for the planner after a large import"
fi
for k in rows accepted rejected late warnings; do
	expect_eq "$(json_get final.json $k)" "$(json_get clean.json $k)" \
		"$k: final import after kills vs clean import"
done

# Same records, same content; same figures (rejected rows not doubled).
sorted_export "$db" xzcf crashed.export
sorted_export "$clean" xzcf clean.export
expect_eq "$(csv_rows clean.export)" "$(json_get clean.json accepted)" \
	"records exported from the clean database"
cmp -s crashed.export clean.export || {
	diff crashed.export clean.export | head -10 >&2
	xy_fail "the database after kills differs from a clean import"
}
# (the order of the missing numbers follows the database's row order)
stats_of() {
	xy stats --json --db "$1" >stats.json || xy_fail "stats on $1 failed"
	python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))
for l in s:
	l["missing"].sort()
print(json.dumps(s, ensure_ascii=False, indent=0))' stats.json
}
expect_eq "$(stats_of "$db")" "$(stats_of "$clean")" "stats after kills vs clean"

# A few subjects look the same in both.
python3 - clean.export <<-'EOF' >sample.txt
	import csv, sys
	rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
	codes = sorted({r["CF_XDR_SHXYM"] for r in rows if r["CF_XDR_SHXYM"][:2] == "91"})
	print("\n".join(codes[:: max(1, len(codes) // 5)][:5]))
EOF
# subject_summary DB CODE: the subject's name and (document, version,
# status) of each of its records
subject_summary() {
	xy subject show --json --db "$1" "$2" >subject.json ||
		xy_fail "subject show $2 failed on $1"
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d["subject"]["name"], sorted((r["doc_no"], r["version"], r["status"])
	for c in d["categories"] for r in c["records"]))' subject.json
}
while read -r code; do
	expect_eq "$(subject_summary "$db" "$code")" \
		"$(subject_summary "$clean" "$code")" \
		"subject $code after kills vs clean"
done <sample.txt

if ! is_pg; then
	expect_eq "$(sqlite3 "$file" 'PRAGMA integrity_check')" ok \
		"integrity_check at the end"
	expect_eq "$(sqlite3 "$(sqlite_file "$clean")" 'PRAGMA integrity_check')" \
		ok "integrity_check of the clean database"
else
	skip_note "PRAGMA integrity_check is for SQLite"
fi

# The counters of the final and the clean import.
expect_eq "$(json_get final.json updated)" 0 \
	"records updated by the final import (a killed import left a half record)"
expect_eq "$(json_get clean.json new)" "$(json_get clean.json accepted)" \
	"clean import: every accepted record new"
expect_eq "$(($(json_get final.json new) + $(json_get final.json unchanged)))" \
	"$(json_get clean.json accepted)" "final import: new + unchanged"
