# shellcheck shell=bash
# An import stores the same whichever way it goes. On PostgreSQL a file
# imported into an empty archive is its first load (store/firstload.h):
# rows go straight into the tables and the indexes are built after;
# otherwise each batch goes through the stage. The same file into an
# empty database (first) and into one that holds a subject already
# (staged) gives the same summary, export and archives, also when a
# record comes again or a subject comes under a new name midway (the
# first load ends there and the stage goes on). After a first load the
# indexes are all back, new ids follow the loaded ones, and while someone
# is at work in the archive's tables an import takes the stage instead.

at=2021-12-31
xy gen --catalog xzcf --rows 3000 --seed 11 --invalid-rate 0.03 \
	--late-rate 0.1 --reported-at $at --output cf.csv
xy gen --catalog xzcf --rows 2 --seed 12 --invalid-rate 0 \
	--reported-at $at --output v.csv
xy gen --catalog xzxk --rows 1 --seed 13 --invalid-rate 0 \
	--reported-at $at --output xk.csv
# cf2.csv: cf.csv with a record of its first row again (changed) after
# row 1500, and its subject under a new name after row 2200; cf3.csv the
# other way round; both with a row rejected twice
python3 - cf.csv v.csv cf2.csv cf3.csv <<-'PY'
	import csv, re, sys
	def rows(p):
	    return list(csv.reader(open(p, newline="", encoding="utf-8",
	                                errors="surrogateescape")))
	cf, v = rows(sys.argv[1]), rows(sys.argv[2])
	h = cf[0]
	col = {c: i for i, c in enumerate(h)}
	# a document number of its own (gen numbers each department's from 1)
	wsh = col["CF_WSH"]
	v[1][wsh] = re.sub(r"〕\d+号", "〕88888号", v[1][wsh])
	again = list(v[1])
	again[col["CF_NR"]] += "（更正）"
	renamed = list(v[1])
	renamed[col["CF_XDR_MC"]] += "（新名）"
	renamed[wsh] = re.sub(r"〕\d+号", "〕99999号", v[1][wsh])
	# and a row rejected twice: one of the two is kept
	bad = list(v[1])
	bad[col["CF_JDRQ"]] = "昨天"
	def write(path, a, b):
	    out = ([h, v[1]] + cf[1:1000] + [bad] + cf[1000:1200] + [bad] +
	           cf[1200:1500] + [a] + cf[1500:2200] + [b] + cf[2200:])
	    csv.writer(open(path, "w", newline="", encoding="utf-8",
	                    errors="surrogateescape"),
	               lineterminator="\n").writerows(out)
	write(sys.argv[3], again, renamed)
	write(sys.argv[4], renamed, again)
	print(v[1][col["CF_XDR_SHXYM"]], file=open("uscc", "w"))
PY
uscc=$(cat uscc)

# index_oids URL: the indexes of the archive's tables, by name and oid
index_oids() {
	psql "$1" -qAtX -c "SELECT string_agg(indexrelid::regclass || '=' ||
		indexrelid, ' ' ORDER BY indexrelid::regclass::text) FROM pg_index
		WHERE indrelid IN ('subjects'::regclass, 'subject_names'::regclass,
		'records'::regclass)"
}

# rejects URL: the rejected rows kept, in the order they were
rejects() {
	psql "$1" -qAtX -c "SELECT count(*) || ' ' || md5(string_agg(dept_uscc
		|| doc_no || encode(hash, 'hex') || reported_date || line
		|| errors, ',' ORDER BY id)) FROM rejects"
}

# index_defs URL: the definitions of those indexes, names included
index_defs() {
	psql "$1" -qAtX -c "SELECT indexdef FROM pg_indexes WHERE tablename
		IN ('subjects', 'subject_names', 'records') ORDER BY indexname"
}

# no_ids FILE: a subject show --json without its ids (which follow the
# order of writing, not the content)
no_ids() {
	python3 -c 'import json, sys
def strip(v):
	if isinstance(v, dict):
		return {k: strip(x) for k, x in v.items() if k != "id"}
	if isinstance(v, list):
		return [strip(x) for x in v]
	return v
print(json.dumps(strip(json.load(open(sys.argv[1]))), ensure_ascii=False, indent=1))' "$1"
}

# import_both FILE NAME: FILE into an empty database and into one that
# holds a subject already; leaves $first and $staged
import_both() {
	first=$(init_db "$2-first")
	staged=$(init_db "$2-staged")
	expect_exit 0 xy import --db "$staged" --catalog xzxk --reported-at $at xk.csv
	if is_pg; then
		before_first=$(index_oids "$first")
		before_staged=$(index_oids "$staged")
	fi
	expect_exit 0 xy import --db "$first" --catalog xzcf --reported-at $at \
		--json "$1"
	cp "$OUT" "$2-first.json"
	expect_exit 0 xy import --db "$staged" --catalog xzcf --reported-at $at \
		--json "$1"
	expect_eq "$(cat "$OUT")" "$(cat "$2-first.json")" \
		"summary of $1, first load and staged"
	sorted_export "$first" xzcf "$2-first.csv"
	sorted_export "$staged" xzcf "$2-staged.csv"
	expect_eq "$(cmp -s "$2-first.csv" "$2-staged.csv" && echo same)" same \
		"export of $1, first load and staged"
	if is_pg; then
		# the first load built the indexes anew; the stage kept them
		[ "$(index_oids "$first")" != "$before_first" ] ||
			xy_fail "no first load of $1 into an empty archive"
		expect_eq "$(index_oids "$staged")" "$before_staged" \
			"indexes of the staged import"
		expect_eq "$(index_defs "$first")" "$(index_defs "$staged")" \
			"indexes after the first load"
		expect_eq "$(rejects "$first")" "$(rejects "$staged")" \
			"rejected rows of $1, first load and staged"
	fi
}

# --- a plain file: all of it one first load
import_both cf.csv plain
expect_eq "$(json_get plain-first.json new)" "$(json_get plain-first.json accepted)" \
	"every accepted record new"

# --- a record again and a subject renamed: the first load ends at the
# first of the two, the stage takes the second
for f in cf2 cf3; do
	import_both $f.csv $f
	expect_eq "$(json_get $f-first.json updated)" 1 "the record that came again"
	if is_pg; then
		expect_eq "$(psql "$first" -qAtX -c "SELECT string_agg(CAST(line
			AS TEXT), ',') FROM rejects WHERE line IN (1002, 1203)")" \
			1002 "the row rejected twice, kept once, the first"
	fi
	for db in "$first" "$staged"; do
		expect_exit 0 xy subject show --json --db "$db" "$uscc"
		no_ids "$OUT" >"$f-show-$([ "$db" = "$first" ] && echo first || echo staged)"
	done
	expect_eq "$(cat $f-show-first)" "$(cat $f-show-staged)" \
		"archive of the renamed subject in $f.csv, first load and staged"
	expect_eq "$(json_get "$OUT" subject.names | python3 -c 'import json, sys
print(len(json.load(sys.stdin)))')" 2 "names of the renamed subject"
	expect_contains $f-show-first "新名"
done

if ! is_pg; then
	skip_note "first load: ids, locks"
	exit 0
fi

# --- ids go on after the loaded ones: a later import adds, nothing clashes
expect_exit 0 xy import --db "$first" --catalog xzxk --reported-at $at --json xk.csv
expect_eq "$(json_get "$OUT" new)" 1 "a record after the first load"
expect_eq "$(psql "$first" -qAtX -c "SELECT count(*) = count(DISTINCT id)
	AND count(*) = (SELECT count(*) FROM records WHERE item_id IN
	(SELECT id FROM catalog_items)) FROM records")" t "record ids"

# --- someone at work in the archive (a reader here): no first load, and
# no waiting for them
locked=$(init_db locked)
before=$(index_oids "$locked")
psql "$locked" -qAtX -c "SELECT count(*) FROM subjects;
	SELECT pg_sleep(30)" >/dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do
	[ "$(psql "$locked" -qAtX -c "SELECT count(*) FROM pg_locks l JOIN
		pg_class c ON c.oid = l.relation WHERE c.relname = 'subjects'
		AND l.mode = 'AccessShareLock' AND l.pid <> pg_backend_pid()")" \
		= 1 ] && break
	sleep 0.1
done
expect_exit 0 xy import --db "$locked" --catalog xzcf --reported-at $at \
	--json cf.csv
expect_eq "$(cat "$OUT")" "$(cat plain-first.json)" "summary beside a reader"
expect_eq "$(index_oids "$locked")" "$before" "indexes beside a reader"
kill "$holder" 2>/dev/null || true
wait "$holder" 2>/dev/null || true
