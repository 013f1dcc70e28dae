#!/bin/bash
# employers.sh: employers end to end, in Polish: the front office
# registers one (a wrong NIP explained at the 10th digit, a NIP on file
# opens that card), finds it by a later word of its name typed without
# diacritics and records a vacancy; a counselor records advice to it; the
# card shows the places and the history. Checked on the screen and in
# the file.
set -u

srcdir=${OKIENKO_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$srcdir/tests/e2e/lib.sh"

e2e_need tmux sqlite3 sed grep
e2e_need_env
e2e_setup
E2E_TODAY=2026-11-24
export OKIENKO_TODAY=$E2E_TODAY

db="$E2E_DIR/office.db"
"$OKIENKO_BIN" demo --db "$db" --clients 300 --seed 7 >"$E2E_DIR/demo.log" 2>&1 ||
	{ cat "$E2E_DIR/demo.log" >&2; e2e_fail "okienko demo failed"; }

# A valid NIP the demo file does not have, and one with a wrong check digit.
nip_of() {
	local b=$1 w=(6 5 7 2 3 4 5 6 7) sum=0 i
	for i in 0 1 2 3 4 5 6 7 8; do
		sum=$((sum + ${b:i:1} * ${w[i]}))
	done
	[ $((sum % 11)) -eq 10 ] && return 1
	printf '%s%d' "$b" $((sum % 11))
}
n=946000100
while :; do
	nip=$(nip_of "$n") && [ "$(e2e_sql "$db" "SELECT count(*) FROM employer WHERE nip = '$nip'")" = 0 ] && break
	n=$((n + 1))
done
bad="${nip:0:9}$(((${nip:9:1} + 1) % 10))"
dashed="${nip:0:3}-${nip:3:3}-${nip:6:2}-${nip:8:2}"

e2e_app "$db" recepcja recepcja1
e2e_keys F7
e2e_wait_for 'Nazwa lub NIP' "the employer search"
e2e_keys F3
e2e_wait_for 'Rejestracja pracodawcy' "the employer form"
e2e_type "$bad"
e2e_wait_for 'NIP' "the NIP typed"
e2e_wait_for "$bad +[[:alpha:]]" "the wrong NIP explained at the 10th digit"
e2e_keys C-u
e2e_type "$dashed"
e2e_keys Tab
e2e_type 'Zakład Ślusarski „Żuraw” Łęczna'
e2e_keys F2
e2e_wait_for 'Zarejestrowano pracodawcę' "the employer registered"
e2e_wait_for 'Karta pracodawcy' "the employer card"
e2e_wait_for "NIP: $nip" "the NIP stored as ten digits"
e2e_db_is "$db" "SELECT name || '|' || name_fold || '|' || registered_on FROM employer WHERE nip = '$nip'" \
	'Zakład Ślusarski „Żuraw” Łęczna|zaklad slusarski zuraw leczna|2026-11-24' "the employer row"
e2e_db_is "$db" "SELECT count(*) FROM audit a JOIN employer e ON e.uid = a.entity_uid WHERE e.nip = '$nip' AND a.action = 'create' AND a.actor = 'recepcja'" 1 "the audit row"

# The same NIP again opens the card instead.
e2e_keys Escape
e2e_wait_for 'Nazwa lub NIP' "the employer search"
e2e_keys F3
e2e_wait_for 'Rejestracja pracodawcy' "the employer form"
e2e_type "$nip"
e2e_wait_for 'już zarejestrowany' "the employer on file"
e2e_wait_for 'Karta pracodawcy' "its card"
e2e_db_is "$db" "SELECT count(*) FROM employer WHERE nip = '$nip'" 1 "one employer with the NIP"

# Found by a later word of the name, typed without diacritics; a vacancy.
e2e_keys Escape
e2e_wait_for 'Nazwa lub NIP' "the employer search"
e2e_keys C-u
e2e_type 'zuraw'
e2e_wait_for "$nip +Zakład Ślusarski" "the employer found by a later word"
e2e_keys Enter
e2e_wait_for 'Karta pracodawcy' "the card"
e2e_keys F4
e2e_menu 'wolne miejsce pracy'
e2e_wait_for 'Liczba miejsc' "the vacancy form"
e2e_type 'Ślusarz'
e2e_keys Tab
e2e_type 3
e2e_keys F2
e2e_wait_for 'Zapisano: wolne miejsce pracy' "the vacancy saved"
e2e_wait_for 'Zgłoszone miejsca: 3' "the places on the card"
e2e_db_is "$db" "SELECT places || '|' || detail FROM event e JOIN employer m ON m.id = e.employer_id WHERE m.nip = '$nip' AND e.kind = 'vacancy'" '3|Ślusarz' "the vacancy"
e2e_quit

# A counselor records advice to the employer; the card shows it.
e2e_app "$db" doradca doradca1
e2e_keys F7
e2e_wait_for 'Nazwa lub NIP' "the employer search"
e2e_type "${nip:0:6}"
e2e_wait_for "$nip" "the employer found by NIP prefix"
e2e_keys Enter
e2e_wait_for 'Karta pracodawcy' "the card"
e2e_keys F4
e2e_menu 'porada udzielona pracodawcy'
e2e_wait_for 'Uwagi' "the advice form"
e2e_type 'Zasady organizacji stażu'
e2e_keys F2
e2e_wait_for 'Zapisano: porada udzielona pracodawcy' "the advice saved"
e2e_wait_for 'Zasady organizacji stażu' "the advice on the card"
e2e_db_is "$db" "SELECT count(*) FROM event e JOIN employer m ON m.id = e.employer_id JOIN staff s ON s.id = e.staff_id WHERE m.nip = '$nip' AND e.kind = 'employer_advice' AND s.login = 'doradca'" 1 "the advice"
e2e_keys Escape
e2e_wait_for 'Nazwa lub NIP' "the employer search"
e2e_keys F3
e2e_wait_for 'Twoja rola \(doradca zawodowy\) na to nie pozwala' "no employer registration for a counselor"
e2e_quit
exit 0
