# shellcheck shell=bash
# B1: a natural person's ID number, a subject's or a legal
# representative's, in a valid or a rejected row, is never stored or
# written in plain text. The bytes of the database (SQLite: the file, its
# -wal and -shm; PostgreSQL: a pg_dump, and the database's files when
# readable) hold none of the ID numbers imported, in the 18- or 15-digit
# form or as birth date + sequence; nor do the report, stdout and stderr.

db=$(init_db main)
at=2021-06-30

# The ID numbers of tests/data that are imported below: persons, legal
# representatives, and those of rejected rows (bad check character, bad
# birth date, or a row rejected for another reason).
cat >ids.txt <<-'EOF'
	370104198503151232
	370102199507170061
	370105196605050042
	370104199001010012
	370104197802280021
	370102199507170062
	370104199001010013
EOF
# ... and every ID number of a generated file with persons and bad rows
xy gen --catalog xzcf --rows 3000 --seed 21 --invalid-rate 0.1 \
	--reported-at $at --output gen.csv
python3 - gen.csv >>ids.txt <<-'EOF'
	import csv, re, sys
	for r in csv.DictReader(open(sys.argv[1], encoding="utf-8", errors="replace")):
	    for k in ("CF_FR_ZJHM", "CF_XDR_ZJHM"):
	        v = r[k].strip().upper()
	        if re.fullmatch(r"\d{17}[\dX]", v):
	            print(v)
EOF
sort -u ids.txt -o ids.txt
[ "$(wc -l <ids.txt)" -gt 500 ] || xy_fail "too few ID numbers to look for"

# find_ids FILE...: prints every ID number of ids.txt found in the files,
# as bytes, in any of its forms (18 digits, lowercase x, the 15-digit
# form, birth date + sequence), also inside \\x<hex> strings (as pg_dump
# writes bytea) when XY_HEX is set. It looks at every run of digits (and x)
# of 11 characters or more, and at every substring of such a run.
find_ids() {
	python3 - ids.txt "$@" <<-'EOF'
		import binascii, os, re, sys
		forms = {}
		for i in (l.strip() for l in open(sys.argv[1])):
		    if not i:
		        continue
		    for f in {i, i[6:17]} | ({i[:6] + i[8:17]} if i[6:8] == "19" else set()):
		        forms[f.encode()] = i
		lengths = sorted({len(f) for f in forms})
		runs = re.compile(rb"[0-9Xx]{%d,}" % lengths[0])
		hexruns = re.compile(rb"\\{1,2}x((?:[0-9a-fA-F]{2})+)")
		hits = []
		def scan(path, data, how):
		    for m in runs.finditer(data):
		        run = m.group().upper()
		        for n in lengths:
		            for k in range(len(run) - n + 1):
		                i = forms.get(run[k:k + n])
		                if i:
		                    hits.append("%s: %s (%s form %s)" % (path, i, how, run[k:k + n].decode()))
		for path in sys.argv[2:]:
		    try:
		        data = open(path, "rb").read()
		    except FileNotFoundError:
		        # gone since it was listed (the server dropped a
		        # temporary table's file): it holds nothing any more
		        continue
		    scan(path, data, "plain")
		    if os.environ.get("XY_HEX"):
		        for m in hexruns.finditer(data):
		            scan(path, binascii.unhexlify(m.group(1)), "hex")
		for h in hits[:10]:
		    print(h)
		if len(hits) > 10:
		    print("... %d hits in all" % len(hits))
	EOF
}

# The search finds ID numbers where they are: the input files.
[ -n "$(find_ids "$XY_DATA/xk_codes.csv")" ] ||
	xy_fail "the search finds no ID number in xk_codes.csv"
[ -n "$(find_ids gen.csv)" ] || xy_fail "the search finds nothing in gen.csv"
printf '1\t\\\\x%s\n' "$(printf 'ab370104198503151232' | od -An -tx1 | tr -d ' \n')" \
	>hex.control
[ -n "$(XY_HEX=1 find_ids hex.control)" ] ||
	xy_fail "the search finds no hex-encoded ID number"
[ -z "$(find_ids hex.control)" ] || xy_fail "hex found without XY_HEX"

# On SQLite a reader keeps a read transaction open meanwhile, so that the
# WAL is neither reset nor removed: its bytes are searched too.
if ! is_pg; then
	file=$(sqlite_file "$db")
	mkfifo hold
	sqlite3 "$file" <hold >/dev/null &
	reader=$!
	exec 9>hold
	echo "BEGIN; SELECT count(*) FROM records;" >&9
fi

# Persons, legal representatives, rejected rows with ID numbers.
for f in xzxk:"$XY_DATA/xk_codes.csv" xzcf:"$XY_DATA/cf_chinese.csv" \
	xzcf:"$XY_DATA/cf_aliases.csv" xzcf:gen.csv; do
	c=${f%%:*}
	f=${f#*:}
	expect_exit 0 xy import --db "$db" --catalog "$c" --reported-at $at \
		--json --report report.csv "$f"
	cat "$OUT" "$ERR" report.csv >>outputs.txt
done
expect_eq "$(json_get "$OUT" rows)" 3000 "rows of gen.csv"
[ "$(json_get "$OUT" rejected)" -gt 200 ] || xy_fail "gen.csv: too few rejected"
# lookups and displays write nothing in full either
for code in 370102199507170061 370104197802280021 91370104MA3C00011C; do
	expect_exit 0 xy subject show --db "$db" "$code"
	cat "$OUT" "$ERR" >>outputs.txt
	expect_exit 0 xy subject show --json --db "$db" "$code"
	cat "$OUT" "$ERR" >>outputs.txt
done
expect_exit 0 xy stats --json --db "$db"
cat "$OUT" "$ERR" >>outputs.txt
expect_exit '!0' xy subject show --db "$db" 370104200109090072
cat "$OUT" "$ERR" >>outputs.txt

hits=$(find_ids outputs.txt)
[ -z "$hits" ] || xy_fail "ID numbers in reports or output: $hits"

# The export writes personal data in full (by design): the search finds it.
xy export --db "$db" --catalog xzcf --output export.csv
[ -n "$(find_ids export.csv)" ] || xy_fail "no ID number in the export"

if ! is_pg; then
	files=("$file")
	for extra in "$file-wal" "$file-shm"; do
		if [ -f "$extra" ]; then files+=("$extra"); else
			skip_note "no $(basename "$extra") to search"
		fi
	done
	[ -s "$file-wal" ] || xy_fail "the WAL is empty: the reader did not hold it"
	hits=$(find_ids "${files[@]}")
	[ -z "$hits" ] || xy_fail "ID numbers in the database files: $hits"
	echo "COMMIT;" >&9
	exec 9>&-
	wait "$reader"
	# after the last connection closed, the checkpointed file again
	hits=$(find_ids "$file")
	[ -z "$hits" ] || xy_fail "ID numbers in the database file: $hits"
	skip_note "pg_dump search is for PostgreSQL"
else
	skip_note "byte search of SQLite files"
	pg_dump --no-owner "$db" >dump.sql || xy_fail "pg_dump failed"
	[ "$(grep -c '^COPY public.records' dump.sql)" = 1 ] ||
		xy_fail "the dump has no records table"
	hits=$(XY_HEX=1 find_ids dump.sql)
	[ -z "$hits" ] || xy_fail "ID numbers in the PostgreSQL dump: $hits"
	# the database's own files, when this user may read them
	psql "$db" -qAtX -c CHECKPOINT >/dev/null 2>&1 || true
	dir=$(psql "$db" -qAtX -c "SELECT current_setting('data_directory') ||
		'/base/' || oid FROM pg_database WHERE datname = current_database()" \
		2>/dev/null || true)
	if [ -n "$dir" ] && [ -r "$dir" ] && [ -x "$dir" ]; then
		mapfile -t files < <(find "$dir" -type f -size +0)
		hits=$(find_ids "${files[@]}")
		[ -z "$hits" ] || xy_fail "ID numbers in the database's files: $hits"
	else
		skip_note "the server's files are not readable here"
	fi
fi
