# shellcheck shell=bash
# xinyong user / token / audit: accounts with argon2id passwords, API keys
# shown once and stored only hashed, every such change in the audit trail,
# 'audit verify' finding an altered or deleted entry behind the program's
# back, and 'audit show' answering "who looked at me".

db=$(init_db main)
dept=91370104MA3C00011C
printf 'correct horse battery\n' >pw.txt
printf 'qwe1234\n' >short.txt
: >empty.txt

# sql STATEMENT: runs one statement on the database behind xinyong's
# back and prints the first column of its rows
sql() {
	if is_pg; then
		psql "$db" -qAtX -v ON_ERROR_STOP=1 -c "$1"
	else
		python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for row in c.execute(sys.argv[2]):
	print(row[0])
c.commit()' "$(sqlite_file "$db")" "$1"
	fi
}

# --- user add
expect_exit 0 xy user add alice --role reporter --dept "$dept" \
	--password-stdin --db "$db" <pw.txt
expect_contains "$OUT" "account alice"
expect_not_contains "$OUT" "correct horse"
expect_exit 0 xy user add --db "$db" audra --role auditor --password-stdin \
	<pw.txt
# the same name again
expect_exit 4 xy user add alice --role admin --password-stdin --db "$db" \
	<pw.txt
expect_one_line_error "$ERR" "xinyong user: account 'alice' exists already"
# what is refused before anything is stored
expect_exit 2 xy user add bob --role reporter --password-stdin --db "$db" \
	<pw.txt
expect_contains "$ERR" "needs --dept"
expect_exit 2 xy user add bob --role root --password-stdin --db "$db" <pw.txt
expect_contains "$ERR" "unknown role 'root'"
expect_exit 2 xy user add bob --role checker --dept 91370104MA3C00011X \
	--password-stdin --db "$db" <pw.txt
expect_one_line_error "$ERR" "xinyong user: department"
expect_exit 2 xy user add bob --role admin --password-stdin --db "$db" \
	<short.txt
expect_one_line_error "$ERR" "xinyong user: password shorter than 8"
expect_not_contains "$ERR" qwe1234
expect_exit 2 xy user add bob --role admin --password-stdin --db "$db" \
	<empty.txt
expect_exit 2 xy user add bob --db "$db"
expect_exit 2 xy user add --role admin --db "$db"
if command -v setsid >/dev/null; then
	# no terminal to ask on, and no --password-stdin
	expect_exit 2 setsid -w "$XY_BIN" user add bob --role admin \
		--db "$db" </dev/null
	expect_contains "$ERR" "--password-stdin"
fi
expect_exit 0 xy user --help
expect_contains "$OUT" "usage: xinyong user add"

# --- token create / revoke
expect_exit 0 xy token create alice --db "$db"
expect_lines "$OUT" 1
key=$(cat "$OUT")
[[ $key =~ ^xy_[A-Za-z0-9_-]{43}$ ]] || xy_fail "key '$key' is not xy_ + 43"
expect_contains "$ERR" "API key 1 for alice"
expect_not_contains "$ERR" "$key"
expect_exit 0 xy token create alice --expires 30 --db "$db"
key2=$(cat "$OUT")
[ "$key2" != "$key" ] || xy_fail "two keys are the same"
expect_contains "$ERR" "API key 2 for alice, valid 30 days"
expect_exit 3 xy token create nobody --db "$db"
expect_one_line_error "$ERR" "xinyong token: no account named 'nobody'"
for bad in 0 -1 abc 3651 1x; do
	expect_exit 2 xy token create alice --expires "$bad" --db "$db"
done
expect_exit 0 xy token revoke 1 --db "$db"
expect_contains "$OUT" "API key 1 revoked"
expect_exit 3 xy token revoke 99 --db "$db"
expect_one_line_error "$ERR" "xinyong token: no API key with id 99"
expect_exit 2 xy token revoke abc --db "$db"
expect_exit 2 xy token revoke --db "$db"
expect_exit 2 xy token list --db "$db"

# the keys and the password are nowhere in the database
if is_pg; then
	n=$(psql "$db" -qAtX -c "SELECT COUNT(*) FROM api_keys WHERE
		position(convert_to('$key', 'UTF8') in hash) > 0")
	expect_eq "$n" 0 "a key stored in plain text"
else
	for f in "$(sqlite_file "$db")"*; do
		expect_not_contains "$f" "$key"
		expect_not_contains "$f" "$key2"
		expect_not_contains "$f" "correct horse battery"
	done
fi

# --- the audit trail of these commands
expect_exit 0 xy audit verify --db "$db"
expect_eq "$(cat "$OUT")" "ok, 5 entries" "audit verify"

# --- who looked at a subject
expect_exit 0 xy import --db "$db" --catalog xzxk --reported-at 2021-06-30 \
	"$XY_DATA/xk_codes.csv"
# (whatever the import itself may record)
expect_exit 0 xy audit verify --db "$db"
before=$(sed -n 's/^ok, \([0-9]*\) entries$/\1/p' "$OUT")
[ -n "$before" ] || xy_fail "audit verify said '$(cat "$OUT")'"
expect_exit 0 xy audit show --subject "$dept" --db "$db"
expect_eq "$(cat "$OUT")" "no entries" "nobody has looked yet"
expect_exit 0 xy audit show --subject "$dept" --purpose "年度核查" \
	--db "$db"
expect_contains "$OUT" "cli audit show"
expect_contains "$OUT" "audit show"
expect_exit 0 xy audit show --json --subject 91370104ma3c00011c --db "$db"
cp "$OUT" show.json
expect_eq "$(json_get show.json 0.purpose)" 年度核查 "newest first"
expect_eq "$(json_get show.json 1.purpose)" "audit show" "default purpose"
expect_eq "$(json_get show.json 0.route)" "cli audit show" "route"
expect_eq "$(json_get show.json 0.role)" admin "role of the CLI"
expect_eq "$(json_get show.json 0.action)" read "action"
expect_eq "$(python3 -c 'import json, sys
print(len(json.load(open(sys.argv[1]))))' show.json)" 2 "entries"
case "$(json_get show.json 0.who)" in
cli:*) ;;
*) xy_fail "who is '$(json_get show.json 0.who)', expected cli:<login>" ;;
esac
# a person, by ID number: found, and the number is not echoed
expect_exit 0 xy audit show --subject 370102199507170061 --db "$db"
expect_not_contains "$OUT" 370102199507170061
expect_exit 3 xy audit show --subject 91370104MA3C000384 --db "$db"
expect_one_line_error "$ERR" "xinyong audit: no subject with that code"
expect_not_contains "$ERR" 91370104MA3C000384
expect_exit 2 xy audit show --db "$db"
expect_exit 2 xy audit verify --subject "$dept" --db "$db"
expect_exit 2 xy audit check --db "$db"
expect_exit 0 xy audit verify --db "$db"
total=$((before + 4))
expect_eq "$(cat "$OUT")" "ok, $total entries" "audit verify after the shows"

# --- tampering behind the program's back
look=$(sql "SELECT id FROM audit_log WHERE purpose = '年度核查'")
sql "UPDATE audit_log SET purpose = 'nothing to see' WHERE id = $look"
expect_exit 1 xy audit verify --db "$db"
expect_one_line_error "$ERR" "xinyong audit: audit entry $look "
sql "UPDATE audit_log SET purpose = '年度核查' WHERE id = $look"
expect_exit 0 xy audit verify --db "$db"
# an entry slipped in at the end, chained to the last one
sql "INSERT INTO audit_log (id, at, account_id, name, role, dept, action,
	route, subject_id, purpose, detail, prev, hash)
	SELECT id + 1, at, 0, 'mallory', 'admin', '', 'write', 'cli x', 0,
	NULL, NULL, hash, hash FROM audit_log WHERE id = $total"
expect_exit 1 xy audit verify --db "$db"
expect_contains "$ERR" "audit entry $((total + 1)) "
sql "DELETE FROM audit_log WHERE id = $((total + 1))"
expect_exit 0 xy audit verify --db "$db"
# an altered account name
sql "UPDATE audit_log SET name = 'someone else' WHERE id = 2"
expect_exit 1 xy audit verify --db "$db"
expect_contains "$ERR" "audit entry 2 "
sql "UPDATE audit_log SET name = (SELECT name FROM audit_log WHERE id = 1)
	WHERE id = 2"
expect_exit 0 xy audit verify --db "$db"
# a deleted entry
sql "DELETE FROM audit_log WHERE id = 4"
expect_exit 1 xy audit verify --db "$db"
expect_contains "$ERR" "audit entry 4 is missing"
expect_not_contains "$OUT" "ok"
