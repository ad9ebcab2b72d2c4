# shellcheck shell=bash
# A subject's names: every name it was reported under is kept; the one
# that came up last is its name, also inside one file (where PostgreSQL
# stores a batch with set-based statements and SQLite row by row); a
# former name coming back (an old decision reported late) does not rename
# it.

db=$(init_db main)
at=2021-12-31
uscc=91370104MA3C00011C

# names FILE NAME...: FILE holds one record of the subject per NAME, each
# with its own document number, in that order.
names() {
	local out=$1
	shift
	python3 - "$XY_DATA/cf_stats.csv" "$out" "$uscc" "$@" <<-'EOF'
		import csv, sys
		src, out, uscc, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
		with open(src, newline="", encoding="utf-8") as f:
		    rows = list(csv.reader(f))
		h = rows[0]
		base = next(r for r in rows[1:] if r[h.index("CF_XDR_SHXYM")] == uscc)
		with open(out, "w", newline="", encoding="utf-8") as f:
		    w = csv.writer(f, lineterminator="\n")
		    w.writerow(h)
		    for n, name in enumerate(names):
		        r = list(base)
		        r[h.index("CF_XDR_MC")] = name
		        r[h.index("CF_WSH")] = "槐名测罚〔2021〕%d号" % (sum(map(ord, out)) * 10 + n + 1)
		        w.writerow(r)
	EOF
}

# current_and_all: "current|former1,former2,..." (names sorted)
current_and_all() {
	expect_exit 0 xy subject show "$uscc" --json --db "$db"
	python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))["subject"]
print(s["name"] + "|" + ",".join(sorted(n["name"] for n in s["names"])))' "$OUT"
}

# one file: 甲, 乙, 甲 again -> 乙 came up last
names one.csv 槐名甲商贸有限公司 槐名乙商贸有限公司 槐名甲商贸有限公司
expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at $at one.csv
expect_eq "$(current_and_all)" \
	"槐名乙商贸有限公司|槐名乙商贸有限公司,槐名甲商贸有限公司" \
	"names after one file"

# a new name in a later file renames it
names two.csv 槐名丙商贸有限公司
expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at $at two.csv
expect_eq "$(current_and_all)" \
	"槐名丙商贸有限公司|槐名丙商贸有限公司,槐名乙商贸有限公司,槐名甲商贸有限公司" \
	"names after a rename"

# a former name again: kept as it is
names three.csv 槐名甲商贸有限公司
expect_exit 0 xy import --db "$db" --catalog xzcf --reported-at $at three.csv
expect_eq "$(current_and_all)" \
	"槐名丙商贸有限公司|槐名丙商贸有限公司,槐名乙商贸有限公司,槐名甲商贸有限公司" \
	"names after a former name came back"
