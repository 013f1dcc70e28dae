#!/usr/bin/env bash
# pgcluster.sh: a private PostgreSQL cluster for the test run, on the
# loopback interface only, in a temporary directory.
#   pgcluster.sh start DIR   initdb into DIR, start on a free port, create
#                            the role okienko (password in DIR/pgpass,
#                            owner of the schema okienko only) and the
#                            database okienko; prints the environment for
#                            the tests (OKIENKO_TEST_PG, PGPASSFILE, ...);
#                            TLS with a certificate of a CA of its own
#                            (OKIENKO_TEST_PGCA) for localhost and 127.0.0.1
#   pgcluster.sh stop DIR    stops it (immediate) and removes DIR
#   pgcluster.sh ctl DIR stop|start   stops or starts the server (fault tests)
# The tests run the server without fsync (fast, and nothing to lose);
# PGCLUSTER_DURABLE=1 at start keeps fsync, synchronous commit and full
# page writes on, as in production (the benchmarks), for every later start.
# As root the server runs as the user postgres (initdb refuses root).
set -u

die() { printf 'pgcluster: %s\n' "$*" >&2; exit 1; }

bindir() {
	local d
	if command -v pg_config >/dev/null 2>&1; then
		d=$(pg_config --bindir 2>/dev/null)
		[ -x "$d/initdb" ] && { echo "$d"; return; }
	fi
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[ -n "$d" ] && [ -x "$d/initdb" ] && { echo "$d"; return; }
	d=$(dirname "$(command -v initdb 2>/dev/null)" 2>/dev/null)
	[ -n "$d" ] && [ -x "$d/initdb" ] && { echo "$d"; return; }
	return 1
}

# Runs a command as the cluster's owner.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# The server's options: loopback only, and durable or not as at start.
server_opts() {
	local dir=$1 port=$2 o
	o="-p $port -k $dir/sock -c listen_addresses=127.0.0.1"
	[ -f "$dir/durable" ] || o="$o -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	printf '%s\n' "$o"
}

free_port() {
	local p
	for p in $(shuf -i 20000-60000 -n 40); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

start() {
	local dir=$1 bin port pw
	bin=$(bindir) || die "PostgreSQL server binaries not found (install postgresql)"
	mkdir -p "$dir" || die "cannot create $dir"
	mkdir -p "$dir/data" "$dir/sock"
	if [ "$(id -u)" -eq 0 ]; then
		getent passwd postgres >/dev/null || die "running as root needs the user postgres (install postgresql)"
		chown postgres "$dir/data" "$dir/sock"
		chmod 755 "$dir"
	fi
	chmod 700 "$dir/data"
	pw=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
	printf '%s\n' "$pw" >"$dir/superpw"
	chmod 644 "$dir/superpw"
	as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 --pwfile="$dir/superpw" \
		-E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
	rm -f "$dir/superpw"
	# TLS as the documentation sets it up: a CA of the run's own and a
	# server certificate for localhost and 127.0.0.1 (verify-full).
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=okienko test CA" \
		-keyout "$dir/ca.key" -out "$dir/ca.crt" >/dev/null 2>&1 &&
		openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
			-keyout "$dir/data/server.key" -out "$dir/server.csr" >/dev/null 2>&1 &&
		printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$dir/san.ext" &&
		openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
			-days 2 -extfile "$dir/san.ext" -out "$dir/data/server.crt" >/dev/null 2>&1 ||
		die "cannot make the test certificates (install openssl)"
	chmod 600 "$dir/data/server.key"
	chmod 644 "$dir/ca.crt"
	[ "$(id -u)" -eq 0 ] && chown postgres "$dir/data/server.key" "$dir/data/server.crt"
	printf "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n" >>"$dir/data/postgresql.conf"
	[ "${PGCLUSTER_DURABLE:-0}" = 1 ] && : >"$dir/durable"
	local tries=0
	while :; do
		port=$(free_port) || die "no free port"
		if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 -o \
			"$(server_opts "$dir" "$port")" start >/dev/null 2>&1; then
			break
		fi
		tries=$((tries + 1))
		[ $tries -lt 5 ] || { cat "$dir/data/server.log" >&2; die "the server did not start"; }
	done
	echo "$port" >"$dir/port"
	echo "$bin" >"$dir/bindir"
	# The superuser's and okienko's passwords, for libpq only.
	local opw
	opw=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
	umask 077
	printf '127.0.0.1:%s:*:postgres:%s\n127.0.0.1:%s:*:okienko:%s\n' "$port" "$pw" "$port" "$opw" >"$dir/pgpass"
	PGPASSFILE="$dir/pgpass" "$bin/psql" -X -q -v ON_ERROR_STOP=1 "host=127.0.0.1 port=$port user=postgres dbname=postgres" <<-SQL >/dev/null || die "cannot create the role okienko"
		CREATE ROLE okienko LOGIN PASSWORD '$opw';
		CREATE DATABASE okienko;
		\\c okienko
		REVOKE CREATE ON SCHEMA public FROM PUBLIC;
		CREATE SCHEMA okienko AUTHORIZATION okienko;
	SQL
	echo "OKIENKO_TEST_PG='host=127.0.0.1 port=$port dbname=okienko user=okienko'"
	echo "OKIENKO_TEST_PGSUPER='host=127.0.0.1 port=$port dbname=okienko user=postgres'"
	echo "OKIENKO_TEST_PGDIR='$dir'"
	echo "PGPASSFILE='$dir/pgpass'"
	echo "OKIENKO_TEST_PGCA='$dir/ca.crt'"
}

ctl() {
	local dir=$1 what=$2 bin port
	bin=$(cat "$dir/bindir") && port=$(cat "$dir/port") || die "no cluster in $dir"
	case "$what" in
	stop) as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 ;;
	start)
		as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 -o \
			"$(server_opts "$dir" "$port")" start >/dev/null 2>&1 ;;
	*) die "ctl takes stop or start" ;;
	esac
}

stop() {
	local dir=$1
	[ -d "$dir" ] || return 0
	[ -f "$dir/bindir" ] && ctl "$dir" stop
	rm -rf "$dir"
}

case "${1:-}" in
start) [ $# -eq 2 ] || die "usage: pgcluster.sh start DIR"; start "$2" ;;
stop) [ $# -eq 2 ] || die "usage: pgcluster.sh stop DIR"; stop "$2" ;;
ctl) [ $# -eq 3 ] || die "usage: pgcluster.sh ctl DIR stop|start"; ctl "$2" "$3" ;;
*) die "usage: pgcluster.sh start|stop|ctl DIR" ;;
esac
