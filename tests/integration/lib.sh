# lib.sh: helpers of the sync integration tests (bash, sourced): a
# temporary directory, a private PostgreSQL cluster on the loopback
# interface (pgcluster.sh), office files, and record-by-record
# comparisons of offices and central databases (sync_dump). A missing
# tool is a failure, never a skip.
set -u
IT_DIR=""
IT_PGDIR=""

it_fail() {
	printf 'FAIL: %s\n' "$*" >&2
	exit 1
}

it_log() {
	printf '%s\n' "$*" >&2
}

it_cleanup() {
	[ -n "$IT_PGDIR" ] && "$OKIENKO_SRCDIR/tests/integration/pgcluster.sh" stop "$IT_PGDIR"
	[ -n "$IT_DIR" ] && rm -rf "$IT_DIR"
}

it_setup() {
	[ -n "${OKIENKO_BIN:-}" ] && [ -x "$OKIENKO_BIN" ] || it_fail "OKIENKO_BIN is not set (run through make check)"
	for t in sqlite3 cmp sort; do
		command -v "$t" >/dev/null 2>&1 || it_fail "$t is needed by this test: install it"
	done
	IT_DIR=$(mktemp -d /tmp/okienko-it.XXXXXX) || it_fail "mktemp"
	trap it_cleanup EXIT
	export OKIENKO_HASH_COST=1 LANG=C.UTF-8 LANGUAGE=en
	DUMP="$OKIENKO_BUILDDIR/tests/integration/sync_dump"
	[ -x "$DUMP" ] || it_fail "$DUMP is missing (make check builds it)"
}

# Starts the private cluster; sets PG (okienko's connection string),
# PGSUPER (the superuser's, for preparing databases) and PGPASSFILE.
it_pg_start() {
	command -v psql >/dev/null 2>&1 || it_fail "psql is needed: install postgresql"
	IT_PGDIR=$(mktemp -d /tmp/okienko-pg.XXXXXX) || it_fail "mktemp"
	local env
	env=$("$OKIENKO_SRCDIR/tests/integration/pgcluster.sh" start "$IT_PGDIR") || it_fail "no PostgreSQL cluster (install postgresql)"
	eval "$env"
	PG=$OKIENKO_TEST_PG
	PGSUPER=$OKIENKO_TEST_PGSUPER
	PGCA=$OKIENKO_TEST_PGCA
	export PGPASSFILE
}

it_pg_ctl() {
	"$OKIENKO_SRCDIR/tests/integration/pgcluster.sh" ctl "$IT_PGDIR" "$1"
}

# A new database NAME with the schema okienko owned by okienko, as an
# administrator prepares it; prints okienko's connection string.
it_pg_newdb() {
	psql -X -q -v ON_ERROR_STOP=1 "$PGSUPER" -c "CREATE DATABASE $1" >/dev/null || it_fail "CREATE DATABASE $1"
	psql -X -q -v ON_ERROR_STOP=1 "${PGSUPER/dbname=okienko/dbname=$1}" \
		-c "REVOKE CREATE ON SCHEMA public FROM PUBLIC" -c "CREATE SCHEMA okienko AUTHORIZATION okienko" >/dev/null ||
		it_fail "schema okienko in $1"
	printf '%s\n' "${PG/dbname=okienko/dbname=$1}"
}

# ok ARGS...: runs okienko.
ok() {
	"$OKIENKO_BIN" "$@"
}

# office FILE CODE SEED CLIENTS: a demo office. Offices other than seed 1
# get employers of their own (the demo gives every office the same NIPs).
office() {
	ok demo --db "$1" --office "$2" --seed "$3" --clients "$4" >/dev/null || it_fail "demo $2"
	[ "$3" = 1 ] || sq "$1" "UPDATE employer SET nip = printf('%02d%08d', $3 % 100, id)" || it_fail "employers of $2"
}

# dump office FILE | dump central TARGET: sorted records.
dump() {
	"$DUMP" "$1" "$2" | LC_ALL=C sort || it_fail "sync_dump $1 $2"
}

# same WHAT FILE1 FILE2: fails unless the dumps are identical.
same() {
	if ! cmp -s "$2" "$3"; then
		it_log "$(diff "$2" "$3" | head -n 6 | cut -c1-300)"
		it_fail "$1: $(wc -l <"$2") and $(wc -l <"$3") records, not the same"
	fi
}

# converged TARGET OFFICE_FILE...: every office and the central side hold
# the same records, line by line.
converged() {
	local target=$1 f n=0
	shift
	dump central "$target" >"$IT_DIR/c.dump"
	[ "$(wc -l <"$IT_DIR/c.dump")" -gt 100 ] || it_fail "the central side holds only $(wc -l <"$IT_DIR/c.dump") records"
	for f in "$@"; do
		n=$((n + 1))
		dump office "$f" >"$IT_DIR/o$n.dump"
		same "$f and the central database" "$IT_DIR/o$n.dump" "$IT_DIR/c.dump"
	done
}

# sync_ok FILE TARGET: a sync that must succeed; sets SENT RECEIVED CONFLICTS.
sync_ok() {
	local out
	out=$(ok sync --db "$1" --central "$2" 2>"$IT_DIR/err") || it_fail "sync $1 failed ($?): $(cat "$IT_DIR/err")"
	[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || it_fail "sync printed more than one line: $out"
	read -r SENT RECEIVED CONFLICTS <<<"$(printf '%s\n' "$out" | sed -E 's/.*: ([0-9]+) sent, ([0-9]+) received, ([0-9]+) conflicts, [0-9.]+ s$/\1 \2 \3/')"
	[[ "$SENT" =~ ^[0-9]+$ ]] || it_fail "no summary line: $out"
}

# sq FILE SQL: sqlite3 that waits for a sync holding the file.
sq() {
	sqlite3 -cmd ".timeout 20000" "$@"
}
