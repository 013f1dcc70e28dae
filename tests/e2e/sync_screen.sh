#!/bin/bash
# sync_screen.sh: the nightly sync as a supervisor sees it, in Polish:
# the main screen's status line tells when the office last synced and how
# it went (and a failed sync in red words); F9 twice opens the sync
# screen with the history of runs and the open conflicts; F4 takes the
# other office's version of a client changed at both offices, which
# leaves the list and is what the file then holds.
set -u

srcdir=${OKIENKO_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$srcdir/tests/e2e/lib.sh"

e2e_need tmux sqlite3 grep
e2e_need_env
e2e_setup
export OKIENKO_HASH_COST=1

a="$E2E_DIR/a.db" b="$E2E_DIR/b.db" central="$E2E_DIR/central.db"
"$OKIENKO_BIN" demo --db "$a" --office AAA --clients 80 --seed 1 >/dev/null 2>&1 || e2e_fail "demo AAA"
"$OKIENKO_BIN" demo --db "$b" --office BBB --clients 80 --seed 2 >/dev/null 2>&1 || e2e_fail "demo BBB"
e2e_sql "$b" "UPDATE employer SET nip = printf('55%08d', id)" >/dev/null
sync() { "$OKIENKO_BIN" sync --db "$1" --central "$central" >/dev/null 2>&1 || e2e_fail "sync $1"; }

e2e_app "$b" kierownik kierownik1
e2e_wait_for 'Ostatnia synchronizacja: nigdy' "the status line before any sync"
e2e_quit

"$OKIENKO_BIN" central init "$central" >/dev/null || e2e_fail "central init"
sync "$a"; sync "$b"; sync "$a"
uid=$(e2e_sql "$a" "SELECT uid FROM client WHERE office = 'AAA' ORDER BY id LIMIT 1")
name=$(e2e_sql "$a" "SELECT last_name FROM client WHERE uid = '$uid'")
e2e_sql "$a" "UPDATE client SET address = 'ul. Lipowa 1', version = version + 1 WHERE uid = '$uid'" >/dev/null
e2e_sql "$b" "UPDATE client SET address = 'ul. Grodzka 2', version = version + 1 WHERE uid = '$uid'" >/dev/null
sync "$a"; sync "$b"

e2e_app "$b" kierownik kierownik1
e2e_wait_for 'Ostatnia synchronizacja: [0-9-]+ [0-9:]+, udana \(wysłano 1, odebrano 0, konfliktów 1\)' "the last sync on the status line"
e2e_keys F9
e2e_wait_for 'synchronizacja' "the sync key on the counts' help line"
e2e_keys F9
e2e_wait_for 'Przebiegi synchronizacji' "the sync screen"
e2e_wait_for 'Otwarte konflikty: 1' "one open conflict"
e2e_wait_for "AAA +zmieniony w obu urzędach +.*$(e2e_re_escape "$name")" "the conflict's office, kind and client"
e2e_wait_for 'pola: .*address' "the field that differs"
e2e_keys F4
e2e_wait_for 'przyjęto wersję drugiego urzędu' "the choice confirmed"
e2e_wait_for 'Otwarte konflikty: 0' "the conflict settled"
e2e_db_is "$b" "SELECT address FROM client WHERE uid = '$uid'" 'ul. Lipowa 1' "the other office's address taken"
e2e_quit

# A failed sync shows on the status line.
"$OKIENKO_BIN" sync --db "$b" --central "$E2E_DIR/none.db" >/dev/null 2>&1
e2e_app "$b" kierownik kierownik1
e2e_wait_for 'Ostatnia synchronizacja: .*NIEUDANA' "a failed sync on the status line"
e2e_quit
exit 0
