# shellcheck shell=bash
# Re-sending is harmless: the same file again is all 'unchanged'; a changed
# record is 'updated' with its old version in the history; 当前状态 无效
# is a status change (revoked), never a delete; an export imports back as
# all 'unchanged'; the jsonl export is JSON keyed by the standard codes.

db=$(init_db main)
at=2021-06-30
xk=$XY_DATA/xk_codes.csv
cf=$XY_DATA/cf_chinese.csv

# summary FILE: the counters of an import summary, in a fixed order
summary() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join("%s=%s" % (k, d[k]) for k in ("rows", "accepted", "rejected",
	"new", "updated", "unchanged", "late")))' "$1"
}

# record FILE USCC DOCNO KEY: KEY of record DOCNO in a subject show --json
record() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
hits = [r for c in d["categories"] for r in c["records"] if r["doc_no"] == sys.argv[2]]
assert len(hits) == 1, "%d records %s" % (len(hits), sys.argv[2])
v = hits[0]
for k in sys.argv[3].split("."):
	v = v[int(k)] if isinstance(v, list) else v[k]
print(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))' "$@"
}

# --- the same files twice
expect_exit 0 xy import --db "$db" --catalog xzxk --reported-at $at --json "$xk"
expect_eq "$(summary "$OUT")" \
	"rows=19 accepted=6 rejected=13 new=6 updated=0 unchanged=0 late=1" \
	"first import of xk_codes.csv"
expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at $at --json "$cf"
expect_eq "$(json_get "$OUT" new)" 3 "first import of cf_chinese.csv"
stats_before=$(xy stats --json --db "$db")
expect_exit 0 xy import --db "$db" --catalog xzxk --reported-at $at --json "$xk"
expect_eq "$(summary "$OUT")" \
	"rows=19 accepted=6 rejected=13 new=0 updated=0 unchanged=6 late=1" \
	"second import of xk_codes.csv"
expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at $at --json "$cf"
expect_eq "$(summary "$OUT")" \
	"rows=11 accepted=3 rejected=8 new=0 updated=0 unchanged=3 late=0" \
	"second import of cf_chinese.csv"
# a later --reported-at does not make an unchanged record late
expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at 2021-09-30 \
	--json "$cf"
expect_eq "$(summary "$OUT")" \
	"rows=11 accepted=3 rejected=8 new=0 updated=0 unchanged=3 late=0" \
	"import of cf_chinese.csv three months later"
# nor are rejected rows counted twice
expect_eq "$(xy stats --json --db "$db")" "$stats_before" \
	"stats after importing the same files again"

# --- one record changed (许可内容), one revoked (当前状态 2 = 无效)
csv_set "$xk" changed.csv XK_WSH "槐审批许〔2021〕101号" XK_NR "准予食品经营许可（变更）"
csv_set changed.csv changed.csv XK_WSH "槐审批许〔2021〕103号" XK_ZT 2
expect_exit 0 xy import --db "$db" --catalog xzxk --reported-at $at --json \
	changed.csv
expect_eq "$(summary "$OUT")" \
	"rows=19 accepted=6 rejected=13 new=0 updated=2 unchanged=4 late=1" \
	"import of the changed file"

expect_exit 0 xy subject show --json --db "$db" 91370104MA3C00011C
cp "$OUT" hongda.json
r="槐审批许〔2021〕101号"
expect_eq "$(record hongda.json "$r" version)" 2 "version of the changed record"
expect_eq "$(record hongda.json "$r" status)" valid "status of the changed record"
expect_eq "$(record hongda.json "$r" fields.XK_NR)" "准予食品经营许可(变更)" \
	"current 许可内容"
expect_eq "$(record hongda.json "$r" history.0.version)" 1 "history version"
expect_eq "$(record hongda.json "$r" history.0.fields.XK_NR)" "准予食品经营许可" \
	"许可内容 of version 1 in the history"
expect_eq "$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(sum(len(r["history"]) for c in d["categories"] for r in c["records"]))' \
	hongda.json)" 1 "history entries of the subject"
# the first reported date stays, and with it the lateness
expect_eq "$(record hongda.json "$r" reported_date)" 2021-06-30 "reported date"
expect_eq "$(record hongda.json "$r" late)" true "late"

expect_exit 0 xy subject show --json --db "$db" 92370104MA3D00012Y
cp "$OUT" laowang.json
r="槐审批许〔2021〕103号"
expect_eq "$(record laowang.json "$r" status)" revoked "status after 当前状态 2"
expect_eq "$(record laowang.json "$r" version)" 2 "version after revocation"
expect_eq "$(record laowang.json "$r" history.0.status)" valid \
	"status of version 1"
expect_eq "$(record laowang.json "$r" fields.XK_ZT)" 无效 "stored 当前状态"
# still exported, as 无效
sorted_export "$db" xzxk xk.export
expect_eq "$(csv_get xk.export XK_WSH "$r" XK_ZT)" 无效 "exported 当前状态"
expect_eq "$(csv_rows xk.export)" 6 "records exported"

# The same changed file again: nothing more changes; 无效 by name = code 2.
csv_set changed.csv changed2.csv XK_WSH "$r" XK_ZT 无效
expect_exit 0 xy import --db "$db" --catalog xzxk --reported-at $at --json \
	changed2.csv
expect_eq "$(summary "$OUT")" \
	"rows=19 accepted=6 rejected=13 new=0 updated=0 unchanged=6 late=1" \
	"the changed file again"
# Back to 有效: a third version, valid again.
expect_exit 0 xy import --db "$db" --catalog xzxk --reported-at $at --json "$xk"
expect_eq "$(json_get "$OUT" updated)" 2 "the original file after the change"
expect_exit 0 xy subject show --json --db "$db" 92370104MA3D00012Y
expect_eq "$(record "$OUT" "$r" status),$(record "$OUT" "$r" version)" \
	"valid,3" "status and version after reinstating"

# --- an export imports back as all unchanged, here and into a new database
for c in xzxk xzcf; do
	sorted_export "$db" "$c" "$c.before"
	xy export --db "$db" --catalog "$c" --output "$c.export.csv"
	expect_exit 0 xy import --db "$db" --catalog "$c" --reported-at $at \
		--json --report "$c.report" "$c.export.csv"
	n=$(csv_rows "$c.before")
	expect_eq "$(summary "$OUT")" \
		"rows=$n accepted=$n rejected=0 new=0 updated=0 unchanged=$n late=$(
			json_get "$OUT" late)" "re-import of the $c export"
	# (the warning of 117号's organisation code comes again; no error)
	expect_eq "$(report_codes "$c.report" | grep -v ',orgcode_checksum$' ||
		true)" "" "errors in the report of the $c export"
	sorted_export "$db" "$c" "$c.after"
	cmp -s "$c.before" "$c.after" || xy_fail "re-import changed $c"
done
copy=$(init_db copy)
for c in xzxk xzcf; do
	expect_exit 0 xy import --db "$copy" --catalog "$c" --reported-at $at \
		--json "$c.export.csv"
	expect_eq "$(json_get "$OUT" new)" "$(csv_rows "$c.before")" \
		"export of $c into a new database"
	sorted_export "$copy" "$c" "$c.copy"
	cmp -s "$c.before" "$c.copy" || xy_fail "the copy of $c differs"
done

# --- jsonl: one JSON object per record, keys the standard codes, values
# those of the csv export (empty values left out)
for c in xzxk xzcf; do
	expect_exit 0 xy export --db "$db" --catalog "$c" --format jsonl
	cp "$OUT" "$c.jsonl"
	python3 - "$c.jsonl" "$c.before" "$XINYONG_CATALOG/$c.json" <<-'EOF' ||
		import csv, json, sys
		codes = [f["code"] for f in json.load(open(sys.argv[3]))["fields"]]
		objs = []
		for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
		    o = json.loads(line)
		    assert isinstance(o, dict), "line %d is not an object" % n
		    bad = [k for k in o if k not in codes]
		    assert not bad, "line %d: keys %s are not standard codes" % (n, bad)
		    assert all(isinstance(v, str) for v in o.values()), "line %d" % n
		    objs.append(sorted((k, v) for k, v in o.items() if v))
		rows = [sorted((k, v) for k, v in r.items() if v)
		        for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))]
		assert sorted(objs) == sorted(rows), "jsonl and csv exports differ"
	EOF
		xy_fail "jsonl export of $c"
done

# --- a jsonl export imports like the csv one: into a new database the
# same records, into its own all unchanged; a line that is no record is
# a rejected row at its line number
for c in xzxk xzcf; do
	fromjson=$(init_db "json-$c")
	expect_exit 0 xy import --db "$fromjson" --catalog "$c" --reported-at $at \
		--json "$c.jsonl"
	expect_eq "$(json_get "$OUT" new)" "$(csv_rows "$c.before")" \
		"jsonl export of $c into a new database"
	sorted_export "$fromjson" "$c" "$c.fromjson"
	cmp -s "$c.before" "$c.fromjson" || xy_fail "the jsonl copy of $c differs"
	expect_exit 0 xy import --db "$db" --catalog "$c" --reported-at $at \
		--json "$c.jsonl"
	expect_eq "$(json_get "$OUT" unchanged)" "$(csv_rows "$c.before")" \
		"jsonl export of $c into its own database"
done
{
	head -1 xzcf.jsonl
	echo '{"CF_WSH": "槐市监罚〔2021〕9号"'
	echo
	echo '["not", "a record"]'
} >mixed.jsonl
expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at $at --json \
	--report mixed.report mixed.jsonl
expect_eq "$(json_get "$OUT" rows)/$(json_get "$OUT" unchanged)/$(json_get "$OUT" rejected)" \
	3/1/2 "rows/unchanged/rejected of mixed.jsonl"
expect_eq "$(report_codes mixed.report)" "2,,json
4,,json" "report of mixed.jsonl"
