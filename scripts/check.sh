#!/usr/bin/env bash
# Runs every test of a build twice: on SQLite, then on a throwaway
# PostgreSQL cluster (scripts/pg.sh), which is removed on exit.
#   scripts/check.sh BUILD_DIR
# In the second run XY_TEST_DB=postgres and XY_TEST_PG=<url of the
# cluster>: tests that use a database run on PostgreSQL, and those that
# need databases of their own create them on that server.
# With XY_SQLITE_ONLY=1 the PostgreSQL run is left out (the sanitizer
# build in CI: the engines' SQL was already run by the plain build).
# Exits non-zero when either run fails.
set -uo pipefail

[ $# -eq 1 ] || { echo "usage: scripts/check.sh BUILD_DIR" >&2; exit 2; }
build=$1
here=$(cd "$(dirname "$0")" && pwd)
[ -d "$build" ] || { echo "check.sh: no build in '$build'" >&2; exit 2; }

pgdir=$(mktemp -d "${TMPDIR:-/tmp}/xy-pg.XXXXXX") || exit 1
cleanup() {
	"$here/pg.sh" stop "$pgdir" >/dev/null 2>&1 || true
	rm -rf "$pgdir" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== tests on SQLite =="
(
	unset XY_TEST_DB XY_TEST_PG
	ctest --test-dir "$build" --output-on-failure -j2
)
sqlite_rc=$?

echo "== tests on PostgreSQL =="
pg_rc=1
if [ "${XY_SQLITE_ONLY:-}" = 1 ]; then
	echo "(left out: XY_SQLITE_ONLY=1)"
	pg_rc=0
elif url=$("$here/pg.sh" start "$pgdir"); then
	echo "(cluster at $url)"
	XY_TEST_DB=postgres XY_TEST_PG=$url \
		ctest --test-dir "$build" --output-on-failure -j2
	pg_rc=$?
else
	echo "check.sh: could not start PostgreSQL" >&2
fi

echo "== summary: SQLite $([ $sqlite_rc -eq 0 ] && echo ok || echo FAILED)," \
	"PostgreSQL $([ $pg_rc -eq 0 ] && echo ok || echo FAILED) =="
[ $sqlite_rc -eq 0 ] && [ $pg_rc -eq 0 ]
