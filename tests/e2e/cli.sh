#!/usr/bin/env bash
# cli.sh: the command line as a new user and the nightly scripts meet it:
# help and version in both languages, usage errors (exit 2, one line on
# standard error), the demo database (private file, refused twice),
# user add from standard input, and a foreign file left untouched.
set -u
. "$(dirname "$0")/lib.sh"
e2e_need sqlite3 cmp
e2e_need_env
e2e_setup
bin=$OKIENKO_BIN
export OKIENKO_HASH_COST=1
en() { env LANG=C.UTF-8 LANGUAGE=en "$bin" "$@"; }
pl() { env LANG=C.UTF-8 LANGUAGE=pl "$bin" "$@"; }

en --help | grep -q 'okienko user add LOGIN' || e2e_fail "English --help lacks user add"
pl --help | grep -q 'Użycie' || e2e_fail "Polish --help is not Polish"
en --version | grep -Eq '^okienko [0-9]+\.[0-9]+' || e2e_fail "--version"

pl --frobnicate >/dev/null 2>"$E2E_DIR/err"; st=$?
[ $st -eq 2 ] || e2e_fail "unknown option gave status $st, not 2"
[ "$(wc -l <"$E2E_DIR/err")" -eq 1 ] || e2e_fail "unknown option: not one line: $(cat "$E2E_DIR/err")"
grep -q 'nieznana opcja' "$E2E_DIR/err" || e2e_fail "Polish usage error expected: $(cat "$E2E_DIR/err")"
en demo --clients many >/dev/null 2>&1; [ $? -eq 2 ] || e2e_fail "bad --clients value not status 2"
en demo --year 2025 >/dev/null 2>"$E2E_DIR/err"; [ $? -eq 2 ] || e2e_fail "an option of another command not status 2"
grep -q -- '--year does not apply' "$E2E_DIR/err" || e2e_fail "the usage error does not name --year: $(cat "$E2E_DIR/err")"

db="$E2E_DIR/office.db"
(umask 022; en demo --db "$db" --clients 50 --seed 3 >"$E2E_DIR/out") || e2e_fail "demo failed"
grep -q 'doradca1' "$E2E_DIR/out" || e2e_fail "demo does not print the demo logins"
[ "$(stat -c %a "$db")" = 600 ] || e2e_fail "database mode is $(stat -c %a "$db"), not 600"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM client')" -eq 50 ] || e2e_fail "demo did not make 50 clients"
en demo --db "$db" --clients 5 >/dev/null 2>&1; [ $? -eq 1 ] || e2e_fail "second demo into the same file not refused"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM client')" -eq 50 ] || e2e_fail "second demo changed the file"

printf 'hasło-Żółwia1\n' | OKIENKO_DB="$db" en user add ewa --role supervisor --name 'Ewa Żółw' 2>/dev/null ||
	e2e_fail "user add from standard input failed"
[ "$(sqlite3 "$db" "SELECT role FROM staff WHERE login='ewa'")" = supervisor ] || e2e_fail "user not stored"
sqlite3 "$db" "SELECT pw_hash FROM staff WHERE login='ewa'" | grep -q '^\$y\$' || e2e_fail "password not a yescrypt hash"

printf 'PESEL;Nazwisko\n44051401359;Kowalski\n' >"$E2E_DIR/clients.csv"
cp "$E2E_DIR/clients.csv" "$E2E_DIR/orig.csv"
pl --db "$E2E_DIR/clients.csv" user add ola --role counselor </dev/null >/dev/null 2>"$E2E_DIR/err"; st=$?
[ $st -eq 1 ] || e2e_fail "foreign file gave status $st, not 1"
grep -q 'okienko' "$E2E_DIR/err" || e2e_fail "no message for a foreign file"
cmp -s "$E2E_DIR/clients.csv" "$E2E_DIR/orig.csv" || e2e_fail "foreign file was changed"
[ ! -e "$E2E_DIR/clients.csv-wal" ] || e2e_fail "a WAL file was created beside a foreign file"
exit 0
