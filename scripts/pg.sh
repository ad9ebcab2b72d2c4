#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests.
#   scripts/pg.sh start DIR   creates and starts a cluster in DIR (new or
#                             empty), listening on a socket in DIR and on
#                             127.0.0.1 at a free port from 54320; prints
#                             its libpq URL on stdout and nothing else
#   scripts/pg.sh stop DIR    stops it and removes DIR; nothing to do when
#                             DIR does not exist
# Durability is off (fsync, synchronous_commit): the data is disposable.
# Collation C (byte order), character classes C.UTF-8: under LC_CTYPE C
# pg_trgm makes no trigrams of Chinese characters and name search would
# read every name.
# The binaries are the newest /usr/lib/postgresql/*/bin, or $XY_PG_BIN.
# As root, the server runs as the user postgres (initdb refuses root).
set -euo pipefail

usage() {
	echo "usage: scripts/pg.sh start|stop DIR" >&2
	exit 2
}

die() {
	echo "pg.sh: $*" >&2
	exit 1
}

[ $# -eq 2 ] || usage
cmd=$1
dir=$2
marker=.xy-pg-cluster

find_bin() {
	if [ -n "${XY_PG_BIN:-}" ]; then
		echo "$XY_PG_BIN"
		return
	fi
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
	[ -n "$d" ] && [ -x "$d/initdb" ] ||
		die "no PostgreSQL server in /usr/lib/postgresql (scripts/deps.sh test)"
	echo "$d"
}

# Runs a server program as the owner of the cluster.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

port_busy() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
	local bin data port url
	bin=$(find_bin)
	if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
		[ -f "$dir/$marker" ] || die "'$dir' exists and is not empty"
		# already ours: if it runs, say where
		if [ -f "$dir/url" ] &&
			as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
			cat "$dir/url"
			return
		fi
		die "'$dir' holds a stopped cluster; run 'scripts/pg.sh stop $dir'"
	fi
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	data=$dir/data
	touch "$dir/$marker"
	if [ "$(id -u)" -eq 0 ]; then
		getent passwd postgres >/dev/null ||
			die "no user postgres (install postgresql: scripts/deps.sh test)"
		chown postgres: "$dir"
		as_owner test -w "$dir" ||
			die "user postgres cannot write '$dir' (a parent is closed)"
	fi
	chmod 700 "$dir"
	as_owner "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 \
		--locale=C --lc-ctype=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; die "initdb failed"; }
	cat >>"$data/postgresql.conf" <<-EOF
		# scripts/pg.sh: a disposable test cluster
		listen_addresses = '127.0.0.1'
		unix_socket_directories = '$dir'
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		max_connections = 200
		log_min_messages = warning
	EOF
	# Another job may take the port between the check and the start.
	for port in $(seq 54320 54420); do
		port_busy "$port" && continue
		rm -f "$dir/server.log"
		if as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w \
			-t 60 -o "-p $port" start >/dev/null 2>&1; then
			url="postgresql://postgres@127.0.0.1:$port/postgres"
			echo "$url" >"$dir/url"
			echo "$url"
			return
		fi
		grep -q "could not bind\|could not create listen\|already in use" \
			"$dir/server.log" 2>/dev/null || break
	done
	cat "$dir/server.log" >&2 2>/dev/null || true
	die "the server did not start"
}

stop() {
	local bin
	[ -e "$dir" ] || return 0
	[ -f "$dir/$marker" ] || die "'$dir' is not a cluster of pg.sh; not removed"
	if [ -f "$dir/data/postmaster.pid" ]; then
		bin=$(find_bin)
		as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop \
			>/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}

case "$cmd" in
start) start ;;
stop) stop ;;
*) usage ;;
esac
