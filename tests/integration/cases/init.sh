# shellcheck shell=bash
# xinyong init: creates the database and a key file (mode 600), loads the
# catalog, is idempotent; a bad URL is a one-line error that leaves
# nothing behind; other commands without the key file point to init.

# Where init puts the key of a database URL: beside a SQLite file; for
# PostgreSQL (no file to stand beside) data/xinyong.key.
key_of() {
	if is_pg; then echo data/xinyong.key; else
		local f
		f=$(sqlite_file "$1")
		echo "${f%.db}.key"
	fi
}

mode_of() {
	stat -c %a "$1"
}

# The catalog items a database holds, "code version" per line.
items_of() {
	if is_pg; then
		psql "$1" -qAtX -F ' ' \
			-c "SELECT code, version FROM catalog_items ORDER BY code"
	else
		sqlite3 -separator ' ' "$(sqlite_file "$1")" \
			"SELECT code, version FROM catalog_items ORDER BY code"
	fi
}

db=$(fresh_db main)
key=$(key_of "$db")

# First run: key file created, database ready, both catalogs loaded.
expect_exit 0 xy init --db "$db"
expect_eq "$(cat "$OUT")" "created key file $key
database $db ready
catalog xzcf 行政处罚 (2021.1), 30 fields
catalog xzxk 行政许可 (2021.1), 28 fields" "first init"
[ -f "$key" ] || xy_fail "no key file $key"
expect_eq "$(mode_of "$key")" 600 "mode of the key file"
is_pg || [ -f "$(sqlite_file "$db")" ] || xy_fail "no database file"
expect_eq "$(items_of "$db")" "xzcf 2021.1
xzxk 2021.1" "catalog items in the database"
cp "$key" key.copy

# The database works: empty figures, an export of just the header.
expect_exit 0 xy stats --json --db "$db"
expect_eq "$(cat "$OUT")" "[]" "stats of an empty database"
expect_exit 0 xy export --db "$db" --catalog xzxk
expect_lines "$OUT" 1

# Some data, then init again: it keeps the key (and says so) and the data.
xy gen --catalog xzxk --rows 20 --seed 7 --reported-at 2021-06-30 \
	--output xk.csv
expect_exit 0 xy import --db "$db" --catalog xzxk --reported-at 2021-06-30 \
	--json xk.csv
expect_eq "$(json_get "$OUT" new)" 20 "records imported"
sorted_export "$db" xzxk before.csv
expect_exit 0 xy init --db "$db"
expect_eq "$(head -1 "$OUT")" "kept key file $key" "second init"
expect_contains "$OUT" "database $db ready"
cmp -s "$key" key.copy || xy_fail "second init changed the key file"
expect_eq "$(mode_of "$key")" 600 "mode of the key file after init"
expect_eq "$(items_of "$db")" "xzcf 2021.1
xzxk 2021.1" "catalog items after the second init"
sorted_export "$db" xzxk after.csv
cmp -s before.csv after.csv || xy_fail "second init changed the records"
# ... and the key still opens the personal data: the same file is unchanged
expect_exit 0 xy import --db "$db" --catalog xzxk --reported-at 2021-06-30 \
	--json xk.csv
expect_eq "$(json_get "$OUT" unchanged)" 20 "re-import after the second init"

# Without --db: $XINYONG_DB, else data/xinyong.db (always SQLite).
mkdir plain && (
	cd plain || exit 1
	expect_exit 0 xy init
	expect_eq "$(head -2 "$OUT")" "created key file data/xinyong.key
database data/xinyong.db ready" "init with the default database"
	[ -f data/xinyong.db ] || xy_fail "no data/xinyong.db"
	expect_eq "$(mode_of data/xinyong.key)" 600 "default key file mode"
	XINYONG_DB=sqlite:env/other.db expect_exit 0 xy init
	expect_eq "$(head -2 "$OUT")" "created key file env/other.key
database sqlite:env/other.db ready" "init with \$XINYONG_DB"
	[ -f env/other.db ] || xy_fail "\$XINYONG_DB not used"
)

# A URL of an unknown scheme: one line on stderr, exit != 0, and nothing
# created (no key file, no directory named after the URL).
for bad in foo://bar mysql://u@localhost/xy; do
	mkdir bad && (
		cd bad || exit 1
		expect_exit '!0' xy init --db "$bad"
		expect_one_line_error "$ERR" "xinyong init: "
		expect_contains "$ERR" "'$bad'"
		expect_eq "$(find . -mindepth 1 | sort)" "" \
			"what 'init --db $bad' left behind"
		expect_not_contains "$OUT" "created key file"
	)
	rm -rf bad
done
expect_exit '!0' xy init --db "$db" extra-argument

# Every command on a database whose key file is missing fails with a
# one-line hint to run init, and creates no database.
mv "$key" key.away
for cmd in "stats" "export --catalog xzxk" "subject show 91370104MA3C00011C" \
	"import --catalog xzxk --reported-at 2021-06-30 xk.csv"; do
	# shellcheck disable=SC2086
	expect_exit '!0' xy $cmd --db "$db"
	expect_one_line_error "$ERR" "xinyong ${cmd%% *}: "
	expect_contains "$ERR" "xinyong init"
done
mv key.away "$key"
nokey_db=sqlite:$XY_TMP/never-initialised.db
expect_exit '!0' xy stats --db "$nokey_db"
expect_contains "$ERR" "xinyong init"
[ ! -e never-initialised.db ] ||
	xy_fail "stats created a database that was never initialised"

# PostgreSQL: a database whose LC_CTYPE makes no trigrams of Chinese
# characters (name search would read every name) is ready, with a warning
if is_pg; then
	name=xy_it_c_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
	echo "$name" >>"$XY_PG_DBS"
	psql "$XY_TEST_PG" -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE $name
		TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" \
		>/dev/null || xy_fail "cannot create database $name"
	expect_exit 0 xy init --db "$(pg_url_for "$name")"
	expect_contains "$OUT" "warning: this PostgreSQL database's LC_CTYPE"
fi
