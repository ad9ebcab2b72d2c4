#!/usr/bin/env bash
# All benchmarks (make bench). Results go to bench/RESULTS.md.
#   bench/run.sh [--quick]
# --quick: 100,000 rows instead of 1,000,000, a minute or so instead of
# several; the targets are stated for 1,000,000 rows.
# The PostgreSQL part is skipped, with a note, when no cluster can start.
set -euo pipefail
here=$(dirname "$0")

sqlite_args=()
pg_args=()
case "${1:-}" in
"") ;;
--quick) sqlite_args=(--rows 100000); pg_args=(--rows 100000) ;;
*) echo "usage: bench/run.sh [--quick]" >&2; exit 2 ;;
esac

echo "== import into SQLite (issue 2)"
"$here/import.sh" "${sqlite_args[@]}"

echo
echo "== import into PostgreSQL (issue 4)"
rc=0
"$here/import_pg.sh" "${pg_args[@]}" || rc=$?
if [ "$rc" -eq 77 ]; then
	echo "note: PostgreSQL benchmark skipped (no server could be started)"
elif [ "$rc" -ne 0 ]; then
	exit "$rc"
fi

echo
echo "== subject lookup over HTTP against nginx (issue 3)"
http_args=()
[ "${1:-}" = --quick ] && http_args=(--rows 100000 --seconds 5)
"$here/http.sh" "${http_args[@]}"
