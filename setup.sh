#!/usr/bin/env bash
# setup.sh: the two commands of the README.
#   ./setup.sh start  installs what is missing (Debian 12), builds, creates
#                     a demo office database if none exists and starts
#                     okienko on it;
#   ./setup.sh test   does the same set-up and runs the whole test suite:
#                     unit (Check), end-to-end (tmux), catalogue checks,
#                     unit tests under valgrind, the benchmarks at a
#                     small scale (make bench BENCH_SCALE=small: that
#                     every measurement runs), and make distcheck. It
#                     ends with the line "N passed, N failed". The sync
#                     tests (tests/integration) start private PostgreSQL
#                     clusters on the loopback interface, as the user
#                     postgres when run as root, and stop them afterwards
#                     (tests/integration/pgcluster.sh); the cluster the
#                     package may start is not used.
set -uo pipefail
cd "$(dirname "$0")"

PACKAGES="build-essential autoconf automake pkg-config gettext libncurses-dev
libsqlite3-dev sqlite3 libpq-dev libcrypt-dev check tmux valgrind clang libclang-rt-14-dev
postgresql openssl fzf strace"

say() { printf 'setup: %s\n' "$*" >&2; }

install_missing() {
	local missing=() p
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	say "installing: ${missing[*]}"
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq || return 1
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null || return 1
}

build() {
	if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
		./bootstrap >/dev/null || return 1
	fi
	if [ ! -f Makefile ] || [ configure -nt Makefile ]; then
		./configure -q || return 1
	fi
	make -j2 >/dev/null || { make; return 1; }
}

start() {
	install_missing || { say "could not install the packages"; exit 1; }
	build || { say "the build failed"; exit 1; }
	local db="${OKIENKO_DB:-$PWD/demo/office.db}"
	if [ ! -f "$db" ]; then
		mkdir -p "$(dirname "$db")"
		OKIENKO_LOCALEDIR="$PWD/i18n/locale" ./okienko demo --db "$db" || exit 1
	else
		say "using the existing demo database $db"
		printf '%s\n' "Demo logins (login / password): recepcja / recepcja1, doradca / doradca1," \
			"doradca2 / doradca2, doradca3 / doradca3, kierownik / kierownik1, admin / admin123"
	fi
	exec env OKIENKO_LOCALEDIR="$PWD/i18n/locale" ./okienko --db "$db"
}

# Counts of the suite: Check's own count for the unit binary, one each
# for the other tests, valgrind and distcheck.
passed=0
failed=0
count_automake_results() {
	local unit trs r name
	unit=$(grep -Eo 'Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' tests/unit/check_okienko.log 2>/dev/null | tail -n 1)
	if [ -n "$unit" ]; then
		local c f e
		read -r c f e <<<"$(echo "$unit" | grep -Eo '[0-9]+' | tr '\n' ' ')"
		passed=$((passed + c - f - e))
		failed=$((failed + f + e))
		echo "unit: $unit"
	else
		echo "FAIL: tests/unit/check_okienko did not run"
		failed=$((failed + 1))
	fi
	for trs in tests/*.trs tests/*/*.trs; do
		[ -f "$trs" ] || continue
		name=${trs%.trs}
		# The unit binary is counted by its checks above.
		[ "$name" = tests/unit/check_okienko ] && continue
		r=$(sed -n 's/^:test-result: //p' "$trs" | head -n 1)
		echo "$r: $name"
		case "$r" in PASS) passed=$((passed + 1)) ;; *) failed=$((failed + 1)) ;; esac
	done
	# A test listed in TESTS that left no result did not run: a failure.
	local expected
	expected=$(make -s print-tests 2>/dev/null)
	for name in $expected; do
		case "$name" in tests/unit/check_okienko) continue ;; esac
		[ -f "$name.trs" ] || { echo "FAIL: $name (no result)"; failed=$((failed + 1)); }
	done
}

run_tests() {
	install_missing || { say "could not install the packages"; echo "0 passed, 1 failed"; exit 1; }
	build || { say "the build failed"; echo "0 passed, 1 failed"; exit 1; }
	rm -f tests/*.trs tests/*/*.trs tests/unit/check_okienko.log
	make -j2 check >/dev/null 2>&1
	count_automake_results
	grep -E '^[^ ]+:[0-9]+:[EF]:' tests/unit/check_okienko.log 2>/dev/null
	for f in $(grep -lE '^(FAIL|ERROR)' tests/*.log tests/*/*.log 2>/dev/null); do
		say "--- $f"; tail -n 40 "$f" >&2
	done
	if make check-valgrind >/tmp/okienko-valgrind.$$ 2>&1; then
		echo "PASS: unit tests under valgrind"; passed=$((passed + 1))
	else
		echo "FAIL: unit tests under valgrind"; tail -n 40 /tmp/okienko-valgrind.$$; failed=$((failed + 1))
	fi
	rm -f /tmp/okienko-valgrind.$$
	# The benchmarks at a small scale: every measurement must run (how
	# fast is for make bench and BENCHMARKS.md, never a test).
	if make bench BENCH_SCALE=small >/tmp/okienko-bench.$$ 2>&1; then
		echo "PASS: make bench BENCH_SCALE=small"; passed=$((passed + 1))
	else
		echo "FAIL: make bench BENCH_SCALE=small"; tail -n 40 /tmp/okienko-bench.$$; failed=$((failed + 1))
	fi
	rm -f /tmp/okienko-bench.$$
	if make -j2 distcheck >/tmp/okienko-distcheck.$$ 2>&1; then
		echo "PASS: make distcheck"; passed=$((passed + 1))
	else
		echo "FAIL: make distcheck"; tail -n 40 /tmp/okienko-distcheck.$$; failed=$((failed + 1))
	fi
	rm -f /tmp/okienko-distcheck.$$
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

case "${1:-}" in
start) start ;;
test) run_tests ;;
*) echo "usage: ./setup.sh start|test" >&2; exit 2 ;;
esac
