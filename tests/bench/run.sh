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
# Needs OKIENKO_BIN, OKIENKO_BENCH (the two programs), OKIENKO_LOCALEDIR
# and OKIENKO_BUILDDIR (set by make bench), and fzf (installed here with
# apt-get when missing and we are root).
set -eu

scale=${BENCH_SCALE:-full}
: "${OKIENKO_BIN:?run through make bench}" "${OKIENKO_BENCH:?run through make bench}"
: "${OKIENKO_BUILDDIR:?run through make bench}" "${OKIENKO_LOCALEDIR:?run through make bench}"
export OKIENKO_LOCALEDIR
# English messages, whatever the caller's language (the harness reads the screens).
export LC_ALL=C.UTF-8 LANGUAGE=en
say() { printf 'bench: %s\n' "$*" >&2; }

case "$scale" in
full) clients=1000000 import_clients=102000 import_rows=1000000 ;;
small) clients=2000 import_clients=1000 import_rows=5000 ;;
*) say "BENCH_SCALE is full or small, not $scale"; exit 2 ;;
esac

if ! command -v fzf >/dev/null 2>&1; then
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
work=$(mktemp -d "${TMPDIR:-/tmp}/okienko-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM
if [ "$scale" = full ]; then
	data="$bench_dir/data"
else
	data="$work/data"
fi
mkdir -p "$data"

# The demo office. A file is used only once complete (its .ready mark),
# so an interrupted build starts again.
db="$data/office-$clients.db"
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
names="$data/names-$clients.txt"
if [ ! -f "$names" ] || [ "$db.ready" -nt "$names" ]; then
	sqlite3 "$db" "SELECT last_name || ' ' || first_name || ' ' || coalesce(pesel, '') FROM client" \
		>"$names.tmp" && mv "$names.tmp" "$names"
fi

# The import: a smaller office exported as CSV; the base file has its
# staff, employers and clients, and each run imports the events into a
# fresh copy of it.
imp="$data/import-$import_rows"
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

# The small run (the test suite) keeps its numbers apart from the full ones.
if [ "$scale" = full ]; then results="$bench_dir/results.tsv"; else results="$bench_dir/results-small.tsv"; fi
say "measuring at scale $scale (the machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg))"
"$OKIENKO_BENCH" run --okienko "$OKIENKO_BIN" --db "$db" --scale "$scale" --names "$names" \
	--import-base "$imp/base.db" --import-events "$imp/events-$import_rows.csv" \
	--work "$work" --results "$results"
say "results in $results"
