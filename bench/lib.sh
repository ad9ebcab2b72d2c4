# shellcheck shell=bash
# Shared helpers of the benchmarks; sourced, not run.
#   XY_BIN        the xinyong binary (default build/xinyong)
#   XY_BENCH_DIR  where data and databases go (default bench/out/)
# The machine is shared and noisy: every figure is compared with its
# reference measured in the same run, interleaved, over several rounds.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

die() {
	echo "bench: $*" >&2
	exit 1
}

note() {
	echo "bench: $*" >&2
}

# Absolute path of $1, taken relative to the repository root.
abspath() {
	case "$1" in
	/*) echo "$1" ;;
	*) echo "$BENCH_ROOT/$1" ;;
	esac
}

XY_BIN=$(abspath "${XY_BIN:-build/xinyong}")
XY_BENCH_DIR=$(abspath "${XY_BENCH_DIR:-bench/out}")
export XINYONG_CATALOG=${XINYONG_CATALOG:-$BENCH_ROOT/catalog}
unset XINYONG_DB

# Checks that the tools a benchmark needs are there.
need_tools() {
	local t
	[ -x "$XY_BIN" ] || die "no binary '$XY_BIN' (make build, or set XY_BIN)"
	[ -x /usr/bin/time ] || die "no /usr/bin/time (scripts/deps.sh bench)"
	for t in "$@"; do
		command -v "$t" >/dev/null ||
			die "no '$t' (scripts/deps.sh bench)"
	done
}

# timed NAME CMD...: runs CMD, its stdout to $RUN/NAME.out; sets WALL
# (seconds, from the nanosecond clock), CPU (user + system seconds of CMD
# and its children: less disturbed by other load than WALL, but blind to
# work done by a server) and RSS (peak KB), the last two by /usr/bin/time.
# Everything else (setup, sync) stays outside the timed part.
# shellcheck disable=SC2034 # WALL, RSS, CPU are for the caller
timed() {
	local name=$1 t0 t1
	shift
	t0=$(date +%s%N)
	/usr/bin/time -f '%e %M %U %S' -o "$RUN/$name.time" "$@" \
		>"$RUN/$name.out" 2>"$RUN/$name.err" ||
		{ cat "$RUN/$name.err" >&2; die "'$name' failed: $*"; }
	t1=$(date +%s%N)
	WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
	RSS=$(awk 'END { print $2 }' "$RUN/$name.time")
	CPU=$(awk 'END { printf "%.2f", $3 + $4 }' "$RUN/$name.time")
}

# Flushes dirty pages of the work directory's file system so that one
# step's writeback does not land in the next step's time.
settle() {
	sync -f "$XY_BENCH_DIR" 2>/dev/null || sync
}

# median N...: the median of the numbers given.
median() {
	printf '%s\n' "$@" | sort -g | awk '
		{ v[NR] = $1 }
		END {
			if (NR % 2) print v[(NR + 1) / 2]
			else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2
		}'
}

# calc EXPR: floating-point arithmetic with awk, printed with %.FMT.
calc() {
	awk "BEGIN { printf \"${2:-%.2f}\", ($1) }"
}

# max N...
maxof() {
	printf '%s\n' "$@" | sort -g | tail -1
}

loadavg() {
	cut -d' ' -f1-3 /proc/loadavg
}

# A JSON field of a one-line object (the import's --json summary).
json_field() {
	sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p" "$1"
}

# Markdown lines describing this machine, the build and the tools.
machine_facts() {
	local cpu mem disk src fstype rota rev dirty
	cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')
	mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
	read -r src fstype < <(findmnt -no SOURCE,FSTYPE -T "$XY_BENCH_DIR")
	rota=$(lsblk -dno ROTA "$src" 2>/dev/null | tr -d ' ' || true)
	disk=$(df -h --output=size,avail "$XY_BENCH_DIR" | tail -1 |
		awk '{ print $1 " total, " $2 " free" }')
	rev=$(git -C "$BENCH_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
	dirty=""
	[ -z "$(git -C "$BENCH_ROOT" status --porcelain 2>/dev/null)" ] ||
		dirty=" (working tree with uncommitted changes)"
	echo "- machine: $(nproc) cores, ${cpu:-unknown CPU}, $mem RAM," \
		"disk $src $fstype (lsblk rotational=${rota:-?}), $disk;" \
		"$(uname -sr)"
	echo "- load average (1/5/15 min) at start: $LOAD_START, at end: $(loadavg)"
	echo "- source: commit $rev$dirty at the time of the run; binary" \
		"\`$XY_BIN\`, built $(date -u -r "$XY_BIN" '+%Y-%m-%d %H:%M UTC')"
	echo "- sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
}

# record FILE: appends stdin to bench/RESULTS.md (or $XY_BENCH_RESULTS),
# with the file's title when it is new.
record() {
	local f=${XY_BENCH_RESULTS:-$BENCH_ROOT/bench/RESULTS.md}
	if [ ! -s "$f" ]; then
		printf '# Benchmark results\n\nSee bench/README.md for what each benchmark compares. Newest last.\n' >"$f"
	fi
	{ echo; cat; } >>"$f"
	note "results appended to $f"
}

LOAD_START=$(loadavg)
