#!/usr/bin/env bash
# Installs the Debian packages xinyong needs that are not installed yet.
#   scripts/deps.sh          build and run dependencies
#   scripts/deps.sh test     also what the tests need (PostgreSQL, clang)
#   scripts/deps.sh bench    also what the benchmarks need
set -euo pipefail

pkgs=(build-essential cmake pkg-config
      libsqlite3-dev libpq-dev libjansson-dev libyajl-dev libzstd-dev libsodium-dev libcsv-dev
      libutf8proc-dev libh2o-evloop-dev libssl-dev sqlite3
      libminizip-dev libexpat1-dev)
for extra in "$@"; do
	case "$extra" in
	test) pkgs+=(libcmocka-dev postgresql clang libclang-rt-14-dev
		     python3 clang-format curl) ;;
	bench) pkgs+=(hyperfine wrk sqlite3 postgresql time nginx-light) ;;
	*) echo "deps.sh: unknown group '$extra'" >&2; exit 2 ;;
	esac
done

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
	--no-install-recommends "${missing[@]}" >/dev/null
