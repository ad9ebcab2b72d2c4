#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan + UBSan) and runs each
# for the given number of seconds (default 60). Fails on any crash.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
CC=clang cmake -S . -B build-fuzz -DXY_FUZZ=ON -DXY_SANITIZE=ON \
	-DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-fuzz -j "$(nproc)" >/dev/null
for f in tests/fuzz/fuzz_*.c; do
	name=$(basename "$f" .c)
	corpus=tests/fuzz/corpus/${name#fuzz_}
	work=$(mktemp -d)
	[ -d "$corpus" ] && cp -r "$corpus"/. "$work"/
	echo "fuzz: $name for ${secs}s"
	build-fuzz/tests/fuzz/"$name" -max_total_time="$secs" -max_len=65536 \
		-print_final_stats=0 "$work" 2>build-fuzz/"$name".log ||
		{ tail -50 build-fuzz/"$name".log; exit 1; }
	tail -1 build-fuzz/"$name".log
	rm -rf "$work"
done
