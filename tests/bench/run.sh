#!/bin/sh
# run.sh: `make bench`. Prepares the files the measurements need, then
# runs tests/bench/okienko_bench, which prints the table and writes
# tests/bench/results.tsv.
#
# BENCH_SCALE=full (the default): a demo office of 1,000,000 clients and
# about 10,000,000 events, built once with `okienko demo` into
# tests/bench/data/ and reused by later runs (delete the directory to
# build it again); an import file of 1,000,000 events.
# BENCH_SCALE=small: the same measurements on 2,000 clients, built afresh
# each time; part of ./setup.sh test, where only "every measurement ran"
# counts, never how fast.
#
# The sync rows push a demo office of 10,000 clients (about 100,000
# events: a night of a big office; 200 clients at small scale) to fresh
# central databases: SQLite files, and databases of a private PostgreSQL
# cluster (tests/integration/pgcluster.sh, durable: fsync on).
# BENCH_ONLY=PREFIX[,PREFIX...] measures only the rows whose names start
# so (BENCH_ONLY=sync: the two sync rows), builds only the files they
# need, and writes its table to results-only.tsv.
#
# Needs OKIENKO_BIN, OKIENKO_BENCH (the two programs), OKIENKO_LOCALEDIR
# and OKIENKO_BUILDDIR (set by make bench), and fzf (installed here with
# apt-get when missing and we are root).
set -eu

scale=${BENCH_SCALE:-full}
: "${OKIENKO_BIN:?run through make bench}" "${OKIENKO_BENCH:?run through make bench}"
: "${OKIENKO_BUILDDIR:?run through make bench}" "${OKIENKO_LOCALEDIR:?run through make bench}"
: "${OKIENKO_SRCDIR:?run through make bench}"
export OKIENKO_LOCALEDIR
# English messages, whatever the caller's language (the harness reads the screens).
export LC_ALL=C.UTF-8 LANGUAGE=en
say() { printf 'bench: %s\n' "$*" >&2; }

case "$scale" in
full) clients=1000000 import_clients=102000 import_rows=1000000 sync_clients=10000 ;;
small) clients=2000 import_clients=1000 import_rows=5000 sync_clients=200 ;;
*) say "BENCH_SCALE is full or small, not $scale"; exit 2 ;;
esac

only=${BENCH_ONLY:-}
export BENCH_ONLY="$only"
# wants ROW...: whether any of the rows is measured.
wants() {
	[ -z "$only" ] && return 0
	local r p
	for r in "$@"; do
		for p in $(printf '%s' "$only" | tr ',' ' '); do
			case "$r" in "$p"*) return 0 ;; esac
		done
	done
	return 1
}
office_rows="start_to_login login_to_search search_pesel_keystroke search_surname_keystroke
	search_query_data_layer search_fzf_filter search_fzf_ratio card_open_200_events search_peak_rss
	event_save_single disk_fdatasync_4k event_save_20_processes event_save_20_processes_errors
	counts_day report_year"

if wants $office_rows && ! command -v fzf >/dev/null 2>&1; then
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
		say "installing fzf (for the comparison row)"
		apt-get install -y -qq fzf >/dev/null 2>&1 ||
			{ apt-get update -qq && apt-get install -y -qq fzf >/dev/null; } ||
			say "could not install fzf: its rows will say so"
	else
		say "fzf is not installed: its rows will say so (apt-get install fzf)"
	fi
fi

bench_dir="$OKIENKO_BUILDDIR/tests/bench"
# Only this run's own directory is ever removed (other runs, of other
# developers, may have theirs beside it).
work=$(mktemp -d "${TMPDIR:-/tmp}/okienko-bench.XXXXXX")
[ -n "$work" ] && [ -d "$work" ] || { say "mktemp failed"; exit 1; }
pgdir=
cleanup() {
	[ -n "$pgdir" ] && "$OKIENKO_SRCDIR/tests/integration/pgcluster.sh" stop "$pgdir"
	rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
if [ "$scale" = full ]; then
	data="$bench_dir/data"
else
	data="$work/data"
fi
mkdir -p "$data"
# The server of the PostgreSQL cluster (user postgres when we are root)
# reaches its directory inside this one.
chmod 711 "$work"
db="$data/office-$clients.db" names="$data/names-$clients.txt" imp="$data/import-$import_rows"

if wants $office_rows; then
	# The demo office. A file is used only once complete (its .ready mark),
	# so an interrupted build starts again.
	if [ ! -f "$db.ready" ]; then
		rm -f "$db" "$db-wal" "$db-shm"
		say "building the demo office of $clients clients (once; several minutes at full scale)"
		start=$(date +%s)
		"$OKIENKO_BIN" demo --clients "$clients" --seed 1 --db "$db" >/dev/null
		say "demo office built in $(($(date +%s) - start)) s"
		touch "$db.ready"
	fi
	# Every run: a file built by an older okienko is migrated here, before
	# anything is measured, and gets the client of 200 events.
	"$OKIENKO_BENCH" prepare --db "$db"

	# The names fzf searches: the same people, one line each.
	if [ ! -f "$names" ] || [ "$db.ready" -nt "$names" ]; then
		sqlite3 "$db" "SELECT last_name || ' ' || first_name || ' ' || coalesce(pesel, '') FROM client" \
			>"$names.tmp" && mv "$names.tmp" "$names"
	fi
fi

# The import: a smaller office exported as CSV; the base file has its
# staff, employers and clients, and each run imports the events into a
# fresh copy of it.
if wants import_events; then
	if [ ! -f "$imp/ready" ]; then
		rm -rf "$imp"
		mkdir -p "$imp"
		say "building the import files ($import_rows events)"
		"$OKIENKO_BIN" demo --clients "$import_clients" --seed 11 --db "$imp/source.db" >/dev/null
		for kind in clients employers events; do
			"$OKIENKO_BIN" export "$kind" --db "$imp/source.db" >"$imp/$kind.csv"
		done
		# The events by date, cut at import_rows: a consistent history up to a day.
		head -n "$((import_rows + 1))" "$imp/events.csv" >"$imp/events-$import_rows.csv"
		for account in recepcja:front_office doradca:counselor doradca2:counselor doradca3:counselor \
			kierownik:supervisor admin:admin; do
			echo "bench-password" | OKIENKO_HASH_COST=1 \
				"$OKIENKO_BIN" user add "${account%%:*}" --role "${account#*:}" --db "$imp/base.db" >/dev/null 2>&1
		done
		"$OKIENKO_BIN" import employers "$imp/employers.csv" --db "$imp/base.db" >/dev/null 2>&1
		"$OKIENKO_BIN" import clients "$imp/clients.csv" --db "$imp/base.db" >/dev/null 2>&1
		rm -f "$imp/source.db" "$imp/source.db-wal" "$imp/source.db-shm" "$imp/events.csv"
		touch "$imp/ready"
	fi
	# Migrated now (an export opens it), so that no run of the import pays for
	# a migration of a file built by an older okienko.
	"$OKIENKO_BIN" export employers --db "$imp/base.db" >/dev/null
fi

# The sync rows: the office (built once at full scale, like the others),
# and a durable PostgreSQL cluster of this run's own.
sync_args=
if wants sync_sqlite sync_postgresql; then
	sync_db="$data/sync-office-$sync_clients.db"
	if [ ! -f "$sync_db.ready" ]; then
		rm -f "$sync_db" "$sync_db-wal" "$sync_db-shm"
		say "building the office for the sync rows ($sync_clients clients)"
		"$OKIENKO_BIN" demo --clients "$sync_clients" --seed 21 --db "$sync_db" >/dev/null
		touch "$sync_db.ready"
	fi
	# Migrated now, not in a timed run.
	"$OKIENKO_BIN" export employers --db "$sync_db" >/dev/null
	sync_args="--sync-office $sync_db"
	if wants sync_postgresql; then
		if command -v psql >/dev/null 2>&1 &&
			pgenv=$(PGCLUSTER_DURABLE=1 "$OKIENKO_SRCDIR/tests/integration/pgcluster.sh" start "$work/pg"); then
			pgdir="$work/pg"
			eval "$pgenv"
			export PGPASSFILE
		else
			say "no PostgreSQL cluster (install postgresql): its row will say so"
		fi
	fi
fi

# The small run (the test suite) keeps its numbers apart from the full ones.
if [ -n "$only" ]; then results="$bench_dir/results-only.tsv"
elif [ "$scale" = full ]; then results="$bench_dir/results.tsv"; else results="$bench_dir/results-small.tsv"; fi
say "measuring at scale $scale (the machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg))"
"$OKIENKO_BENCH" run --okienko "$OKIENKO_BIN" --db "$db" --scale "$scale" --names "$names" \
	--import-base "$imp/base.db" --import-events "$imp/events-$import_rows.csv" \
	--work "$work" --results "$results" $sync_args \
	${pgdir:+--sync-pg "$OKIENKO_TEST_PG" --sync-pgsuper "$OKIENKO_TEST_PGSUPER"}
say "results in $results"
