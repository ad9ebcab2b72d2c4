#!/usr/bin/env bash
# Runs one integration case against the real binary.
#   XY_BIN=build/xinyong XY_SOURCE_DIR=$PWD bash tests/integration/run.sh CASE.sh
# The case runs in a fresh temporary directory (removed on exit, kept
# when XY_KEEP=1) with the helpers of lib.sh. With XY_TEST_PG set to a
# libpq URL, fresh_db gives PostgreSQL databases on that server instead
# of SQLite files. Exits non-zero on the first failed expectation.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: run.sh CASE.sh" >&2; exit 2; }
[ -n "${XY_BIN:-}" ] || { echo "run.sh: XY_BIN is not set" >&2; exit 2; }
[ -n "${XY_SOURCE_DIR:-}" ] ||
	{ echo "run.sh: XY_SOURCE_DIR is not set" >&2; exit 2; }
[ -f "$1" ] || { echo "run.sh: no case '$1'" >&2; exit 2; }

XY_CASE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
XY_CASE_NAME=$(basename "$1" .sh)
XY_BIN=$(cd "$(dirname "$XY_BIN")" && pwd)/$(basename "$XY_BIN")
XY_SOURCE_DIR=$(cd "$XY_SOURCE_DIR" && pwd)
[ -x "$XY_BIN" ] || { echo "run.sh: '$XY_BIN' is not executable" >&2; exit 2; }
export XY_BIN XY_SOURCE_DIR XY_CASE_NAME
export XY_DATA=$XY_SOURCE_DIR/tests/data

# Nothing from the caller's environment decides which database or key
# file is used; the catalog is the repository's.
unset XINYONG_DB XINYONG_KEY
export XINYONG_CATALOG=$XY_SOURCE_DIR/catalog
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai

XY_TMP=$(mktemp -d "${TMPDIR:-/tmp}/xy-it-$XY_CASE_NAME.XXXXXX")
export XY_TMP
cd "$XY_TMP"

# shellcheck source=lib.sh
source "$XY_SOURCE_DIR/tests/integration/lib.sh"
trap xy_cleanup EXIT
trap xy_on_error ERR
set -E

XY_START=$(date +%s.%N)
echo "== $XY_CASE_NAME on $(xy_engine)"
# shellcheck disable=SC1090
source "$XY_CASE"
echo "== PASS $XY_CASE_NAME on $(xy_engine)" \
	"($(awk -v s="$XY_START" -v e="$(date +%s.%N)" \
		'BEGIN { printf "%.1f", e - s }') s)"
