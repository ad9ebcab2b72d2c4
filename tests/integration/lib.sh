# shellcheck shell=bash
# Helpers for the integration cases; sourced by run.sh, which has made
# $XY_TMP (the case's working directory) and set XY_BIN, XY_DATA,
# XY_SOURCE_DIR and XY_CASE_NAME. Every expect_* helper ends the case
# with a message naming the case line on the first failure.

# Files that hold the output of the last expect_exit.
OUT=$XY_TMP/.out
ERR=$XY_TMP/.err
XY_PG_DBS=$XY_TMP/.pg_databases
: >"$OUT"
: >"$ERR"

# The line of the case file that called into this library, and the lines
# it was called from when that is inside a function of the case.
xy_where() {
	local i where=""
	for ((i = 1; i < ${#BASH_SOURCE[@]}; i++)); do
		[ "${BASH_SOURCE[$i]}" = "$XY_CASE" ] || continue
		if [ -z "$where" ]; then
			where="$XY_CASE_NAME.sh:${BASH_LINENO[$((i - 1))]}"
		else
			where+=" (from line ${BASH_LINENO[$((i - 1))]})"
		fi
	done
	echo "${where:-$XY_CASE_NAME.sh}"
}

# xy_fail MESSAGE...: ends the case.
xy_fail() {
	trap - ERR
	echo "FAIL $(xy_where): $*" >&2
	exit 1
}

# A command the case did not guard failed (set -e is about to end it).
xy_on_error() {
	local rc=$? cmd=$BASH_COMMAND
	trap - ERR
	echo "FAIL $(xy_where): command failed (exit $rc): $cmd" >&2
	exit "$rc"
}

xy_engine() {
	if [ -n "${XY_TEST_PG:-}" ]; then echo postgresql; else echo sqlite; fi
}

# True when the case runs on PostgreSQL.
is_pg() {
	[ -n "${XY_TEST_PG:-}" ]
}

# Prints a note for a part of a case that only applies to SQLite.
skip_note() {
	echo "note: $* (skipped on $(xy_engine))"
}

# The binary under test.
xy() {
	"$XY_BIN" "$@"
}

# expect_exit CODE CMD...: runs CMD with stdout in $OUT and stderr in $ERR;
# CODE is an exit status, or '!0' for any non-zero one.
expect_exit() {
	local want=$1 rc=0
	shift
	"$@" >"$OUT" 2>"$ERR" || rc=$?
	if [ "$want" = '!0' ] && [ "$rc" -ne 0 ]; then
		return 0
	fi
	if [ "$want" != '!0' ] && [ "$rc" -eq "$want" ]; then
		return 0
	fi
	{
		echo "--- stdout of '$*':"
		head -20 "$OUT"
		echo "--- stderr:"
		head -20 "$ERR"
	} >&2
	xy_fail "'$*' exited with $rc, expected $want"
}

# expect_eq ACTUAL EXPECTED MESSAGE
expect_eq() {
	[ "$1" = "$2" ] && return 0
	if [ "$(printf '%s\n' "$1" | wc -l)" -gt 1 ] ||
		[ "$(printf '%s\n' "$2" | wc -l)" -gt 1 ]; then
		diff -u --label expected --label actual \
			<(printf '%s\n' "$2") <(printf '%s\n' "$1") >&2 || true
		xy_fail "$3"
	fi
	xy_fail "$3: got '$1', expected '$2'"
}

# expect_contains FILE TEXT: FILE has TEXT (a fixed string) somewhere.
expect_contains() {
	grep -qF -- "$2" "$1" && return 0
	echo "--- $1:" >&2
	head -20 "$1" >&2
	xy_fail "'$1' does not contain '$2'"
}

# expect_not_contains FILE TEXT
expect_not_contains() {
	if grep -qF -- "$2" "$1"; then
		echo "--- $1:" >&2
		grep -nF -- "$2" "$1" | head -5 >&2
		xy_fail "'$1' contains '$2'"
	fi
	return 0
}

# expect_lines FILE N: FILE has exactly N lines.
expect_lines() {
	expect_eq "$(wc -l <"$1" | tr -d ' ')" "$2" "lines in '$1'"
}

# expect_one_line_error FILE PREFIX: the error in FILE (stderr of a failed
# command) is one line starting with PREFIX, optionally followed by the
# "(see 'xinyong CMD --help')" hint of usage errors.
expect_one_line_error() {
	local first rest
	first=$(head -1 "$1")
	rest=$(tail -n +2 "$1" | grep -v "^(see 'xinyong [a-z]* --help')\$" ||
		true)
	case "$first" in
	"$2"*) ;;
	*) xy_fail "error line is '$first', expected it to start with '$2'" ;;
	esac
	[ -z "$rest" ] || xy_fail "more than one line of error: $(cat "$1")"
}

# json_get FILE PATH: the value at PATH, a dot-separated list of object
# keys, list indexes and KEY=VALUE selectors (the one list element whose
# KEY is VALUE). Strings print raw, everything else as compact JSON.
json_get() {
	python3 - "$@" <<-'EOF'
		import json, sys
		src, path = sys.argv[1], sys.argv[2]
		try:
		    text = open(src, encoding="utf-8").read()
		    v = json.loads(text)
		except Exception as e:
		    sys.exit("json_get: %s is not JSON: %s" % (src, e))
		for part in path.split(".") if path else []:
		    if isinstance(v, list) and "=" in part:
		        k, want = part.split("=", 1)
		        hits = [e for e in v if isinstance(e, dict) and str(e.get(k)) == want]
		        if len(hits) != 1:
		            sys.exit("json_get: %d elements with %s in %s" % (len(hits), part, src))
		        v = hits[0]
		    elif isinstance(v, list):
		        v = v[int(part)]
		    elif isinstance(v, dict) and part in v:
		        v = v[part]
		    else:
		        sys.exit("json_get: no '%s' (of %s) in %s" % (part, path, src))
		print(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, separators=(",", ":")))
	EOF
}

# expect_json FILE JSON MESSAGE: the JSON document in FILE equals JSON
# (compared as values: key order and spacing do not matter).
expect_json() {
	local diff
	diff=$(python3 - "$1" "$2" <<-'EOF'
		import json, sys
		src, want = sys.argv[1], json.loads(sys.argv[2])
		text = open(src, encoding="utf-8").read()
		try:
		    got = json.loads(text)
		except Exception as e:
		    print("not JSON (%s): %r" % (e, text[:200])); sys.exit()
		if got != want:
		    if isinstance(got, dict) and isinstance(want, dict):
		        for k in sorted(set(got) | set(want)):
		            if got.get(k, "<absent>") != want.get(k, "<absent>"):
		                print("%s: got %s, expected %s" % (k, json.dumps(got.get(k, "<absent>"), ensure_ascii=False), json.dumps(want.get(k, "<absent>"), ensure_ascii=False)))
		    else:
		        print("got %s, expected %s" % (json.dumps(got, ensure_ascii=False), json.dumps(want, ensure_ascii=False)))
	EOF
	)
	[ -z "$diff" ] || xy_fail "$3: $diff"
}

# csv_get FILE KEYCOL KEYVAL COL: the COL value of the one row of the CSV
# FILE (with a header line) whose KEYCOL is KEYVAL.
csv_get() {
	python3 - "$@" <<-'EOF'
		import csv, sys
		path, kc, kv, col = sys.argv[1:5]
		with open(path, newline="", encoding="utf-8") as f:
		    rows = [r for r in csv.DictReader(f) if r.get(kc) == kv]
		if len(rows) != 1:
		    sys.exit("csv_get: %d rows with %s=%s in %s" % (len(rows), kc, kv, path))
		if col not in rows[0]:
		    sys.exit("csv_get: no column %s in %s" % (col, path))
		print(rows[0][col])
	EOF
}

# csv_rows FILE: the number of records of a CSV file after its header.
csv_rows() {
	python3 -c 'import csv, sys
print(max(0, len(list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig")))) - 1))' "$1"
}

# csv_set IN OUT KEYCOL KEYVAL COL VALUE: writes to OUT the CSV file IN
# (UTF-8, with a header line) with COL set to VALUE in the rows whose
# KEYCOL is KEYVAL; fails when there is no such row.
csv_set() {
	python3 - "$@" <<-'EOF'
		import csv, sys
		src, dst, kc, kv, col, val = sys.argv[1:7]
		with open(src, newline="", encoding="utf-8-sig") as f:
		    rows = list(csv.reader(f))
		ki, ci = rows[0].index(kc), rows[0].index(col)
		hits = 0
		for r in rows[1:]:
		    if len(r) > ki and r[ki] == kv:
		        r[ci] = val
		        hits += 1
		if not hits:
		    sys.exit("csv_set: no row with %s=%s in %s" % (kc, kv, src))
		with open(dst, "w", newline="", encoding="utf-8") as f:
		    csv.writer(f, lineterminator="\n").writerows(rows)
	EOF
}

# report_codes FILE: the rows of an import report as "line,field,code",
# after checking its header and that every message is non-empty.
report_codes() {
	python3 - "$1" <<-'EOF'
		import csv, sys
		with open(sys.argv[1], newline="", encoding="utf-8") as f:
		    rows = list(csv.reader(f))
		if not rows or rows[0] != ["line", "field", "code", "message"]:
		    sys.exit("report_codes: bad header %r" % (rows[:1],))
		for r in rows[1:]:
		    if len(r) != 4 or not r[3]:
		        sys.exit("report_codes: bad row %r" % (r,))
		    print(",".join(r[:3]))
	EOF
}

# A libpq URL for database NAME on the server of $XY_TEST_PG.
pg_url_for() {
	python3 -c 'import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1])
print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$XY_TEST_PG" "$1"
}

# fresh_db NAME: the URL of a new, empty database: a SQLite file
# $XY_TMP/NAME.db, or a PostgreSQL database xy_it_<random> dropped on exit.
fresh_db() {
	local name
	if ! is_pg; then
		[ ! -e "$XY_TMP/$1.db" ] || xy_fail "fresh_db: '$1' exists already"
		echo "sqlite:$XY_TMP/$1.db"
		return
	fi
	name=xy_it_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
	echo "$name" >>"$XY_PG_DBS"
	psql "$XY_TEST_PG" -qX -v ON_ERROR_STOP=1 \
		-c "CREATE DATABASE $name" >/dev/null ||
		xy_fail "fresh_db: cannot create database $name"
	pg_url_for "$name"
}

# init_db NAME: fresh_db NAME, initialised with 'xinyong init'.
init_db() {
	local url
	url=$(fresh_db "$1")
	xy init --db "$url" >"$XY_TMP/.init.out" 2>&1 || {
		cat "$XY_TMP/.init.out" >&2
		xy_fail "xinyong init --db $url failed"
	}
	echo "$url"
}

# The file of a sqlite: URL.
sqlite_file() {
	echo "${1#sqlite:}"
}

# sorted_export URL CATALOG OUT: the csv export, header first, then the
# records sorted (the export's order is not part of the contract).
sorted_export() {
	xy export --db "$1" --catalog "$2" --format csv >"$3.raw" ||
		xy_fail "export of $2 from $1 failed"
	python3 - "$3.raw" "$3" <<-'EOF'
		import csv, sys
		with open(sys.argv[1], newline="", encoding="utf-8") as f:
		    rows = list(csv.reader(f))
		with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
		    w = csv.writer(f, lineterminator="\n")
		    w.writerow(rows[0])
		    w.writerows(sorted(rows[1:]))
	EOF
}

# Run on exit: stops what the case left running, drops its databases,
# removes the directory.
xy_cleanup() {
	local rc=$? pid d
	trap - ERR
	for pid in $(jobs -p); do
		kill -9 "$pid" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	if [ -s "$XY_PG_DBS" ]; then
		while read -r d; do
			psql "$XY_TEST_PG" -qX -c \
				"DROP DATABASE IF EXISTS $d WITH (FORCE)" \
				>/dev/null 2>&1 || echo "note: could not drop $d" >&2
		done <"$XY_PG_DBS"
	fi
	cd /
	if [ "${XY_KEEP:-}" = 1 ]; then
		echo "kept $XY_TMP" >&2
	else
		rm -rf "$XY_TMP"
	fi
	exit "$rc"
}
