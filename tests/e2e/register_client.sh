#!/bin/bash
# register_client.sh: the front office registers clients, in Polish, as a
# new user would: PESEL first (a wrong check digit explained at the 11th
# digit, birth date and sex filled in), a Polish name; an existing PESEL
# opens the existing card; a person without a PESEL by passport; Esc asks
# before discarding; a save while another session holds the database
# keeps every typed value and succeeds once the lock is gone; a counselor
# cannot register. Each step is checked on the screen and in the file.
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
clients=$(e2e_sql "$db" "SELECT count(*) FROM client")

# A PESEL the demo file does not have, and the same with a wrong check digit.
serial=517
while :; do
	pesel=$(e2e_pesel 1993 04 12 $serial M)
	[ "$(e2e_sql "$db" "SELECT count(*) FROM client WHERE pesel = '$pesel'")" = 0 ] && break
	serial=$((serial + 1))
done
bad="${pesel:0:10}$(((${pesel:10:1} + 1) % 10))"

e2e_app "$db" recepcja recepcja1
e2e_keys F3
e2e_wait_for 'Rejestracja klienta' "the registration form"
e2e_type "$bad"
e2e_wait_for 'Cyfra kontrolna numeru PESEL jest błędna' "the wrong check digit explained at the 11th digit"
e2e_keys BSpace
e2e_type "${pesel:10:1}"
e2e_wait_for '1993-04-12' "the birth date from the PESEL"
e2e_wait_for 'mężczyzna' "the sex from the PESEL"
e2e_screen | grep -q 'Cyfra kontrolna' && e2e_fail "the message stayed after the PESEL was corrected"
e2e_keys Tab Tab
e2e_type 'Łukasz'
e2e_keys Tab
e2e_type 'Wężyk-Żółtowski'
e2e_keys F2
e2e_wait_for 'Zarejestrowano klienta' "the message after the save"
e2e_wait_for 'Łukasz Wężyk-Żółtowski' "the new client's card"
e2e_wait_for "PESEL: $pesel" "the PESEL on the card"
e2e_db_is "$db" "SELECT first_name || '|' || last_name || '|' || birth_date || '|' || sex FROM client WHERE pesel = '$pesel'" \
	'Łukasz|Wężyk-Żółtowski|1993-04-12|M' "the client row"
e2e_db_is "$db" "SELECT r.status || '|' || r.regime || '|' || r.registered_on || '|' || r.contact_due FROM registration r JOIN client c ON c.id = r.client_id WHERE c.pesel = '$pesel'" \
	'unemployed|2025|2026-11-24|2027-02-22' "the registration period"
e2e_db_is "$db" "SELECT count(*) FROM audit a JOIN client c ON c.uid = a.entity_uid WHERE c.pesel = '$pesel' AND a.action = 'create' AND a.actor = 'recepcja'" \
	1 "the audit row of the registration"
e2e_db_is "$db" "SELECT count(*) FROM audit WHERE detail LIKE '%$pesel%' OR entity_uid LIKE '%$pesel%'" 0 "no PESEL in the audit log"

# The PESEL of a client on file opens their card; nothing is added.
old=$(e2e_sql "$db" "SELECT pesel FROM client WHERE pesel IS NOT NULL ORDER BY id LIMIT 1")
e2e_keys F8
e2e_wait_for 'Nazwisko lub PESEL' "the search"
e2e_keys F3
e2e_wait_for 'Rejestracja klienta' "the registration form"
e2e_type "$old"
e2e_wait_for 'już zarejestrowany' "the message that the client is on file"
e2e_wait_for "PESEL: $old" "the existing client's card"
e2e_db_is "$db" "SELECT count(*) FROM client" $((clients + 1)) "the number of clients"

# Esc after typing asks first; the second Esc discards.
e2e_keys F8
e2e_wait_for 'Nazwisko lub PESEL' "the search"
e2e_keys F3
e2e_wait_for 'Rejestracja klienta' "the registration form"
e2e_type '9001'
e2e_keys Escape
e2e_wait_for 'Naciśnij Esc ponownie' "the question before discarding"
e2e_wait_for 'Rejestracja klienta' "the form still open"
e2e_keys Escape
e2e_wait_for 'Niczego nie zapisano' "the form discarded"
e2e_wait_for 'Nazwisko lub PESEL' "back in the search"

# A person without a PESEL, by passport.
e2e_keys F3
e2e_wait_for 'Rejestracja klienta' "the registration form"
e2e_keys Tab Space
e2e_wait_for 'Rodzaj dokumentu' "the document fields"
e2e_keys Tab
e2e_type 'passport'
e2e_keys Tab
e2e_type 'FN1234567'
e2e_keys Tab
e2e_type 'Олена'
e2e_keys Tab
e2e_type 'Коваленко'
e2e_keys Tab
e2e_type '1990-05-05'
e2e_keys Tab Right
e2e_wait_for 'kobieta' "the sex chosen"
e2e_keys F2
e2e_wait_for 'Zarejestrowano klienta' "the client without PESEL registered"
e2e_db_is "$db" "SELECT first_name || '|' || last_name || '|' || doc_type || '|' || sex || '|' || coalesce(pesel, '-') FROM client WHERE doc_number = 'FN1234567'" \
	'Олена|Коваленко|passport|F|-' "the client registered by passport"

# Another session holds the database past the busy timeout: the save
# fails with a message, every value stays; after the lock, F2 saves.
pesel2=$(e2e_pesel 1987 11 30 $((serial + 1)) F)
e2e_keys F8
e2e_wait_for 'Nazwisko lub PESEL' "the search"
e2e_keys F3
e2e_wait_for 'Rejestracja klienta' "the registration form"
e2e_type "$pesel2"
e2e_wait_for '1987-11-30' "the birth date of the second client"
e2e_keys Tab Tab
e2e_type 'Zofia'
e2e_keys Tab
e2e_type 'Zając'
( printf 'BEGIN IMMEDIATE;\n'; sleep 8; printf 'ROLLBACK;\n' ) | sqlite3 "$db" &
locker=$!
sleep 1
e2e_keys F2
e2e_wait_for 'Baza danych jest zajęta' "the busy message"
e2e_wait_for "$pesel2" "the PESEL kept in the form"
e2e_wait_for 'Zając' "the surname kept in the form"
e2e_wait_for 'Zofia' "the first name kept in the form"
[ "$(e2e_sql "$db" "SELECT count(*) FROM client WHERE pesel = '$pesel2'")" = 0 ] ||
	e2e_fail "a client was written while the database was locked"
wait "$locker"
e2e_keys F2
e2e_wait_for 'Zarejestrowano klienta' "the save after the lock"
e2e_db_is "$db" "SELECT count(*) FROM client WHERE pesel = '$pesel2' AND last_name = 'Zając'" 1 "the second client"
e2e_quit

# A counselor does not register clients: data/ refuses, the screen says so.
e2e_app "$db" doradca doradca1
e2e_keys F3
e2e_wait_for 'Twoja rola \(doradca zawodowy\) na to nie pozwala' "the refusal for a counselor"
e2e_quit
exit 0
