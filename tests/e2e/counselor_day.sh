#!/bin/bash
# counselor_day.sh: a counselor's workflows end to end, in Polish: an
# initial interview and an advice session; a referral to training, its
# start and its completion; a wrong date refused next to the field with
# the notes kept; a deregistration for taking up work, its void, and the
# right one; a contact recorded with one key from the deadline worklist;
# open referrals. Every step is checked on the screen and in the file.
# Finally the front office's menu offers no counselling.
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

# A registered unemployed client with no referral waiting for an outcome.
pesel=$(e2e_sql "$db" "SELECT c.pesel FROM client c JOIN registration r ON r.client_id = c.id
	WHERE r.ended_on IS NULL AND r.status = 'unemployed' AND r.registered_on < '2026-11-01' AND c.pesel IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM event e WHERE e.client_id = c.id AND e.ref_state IN ('issued','started'))
	ORDER BY c.id LIMIT 1")
[ -n "$pesel" ] || e2e_fail "the demo file has no suitable client"
cid=$(e2e_sql "$db" "SELECT id FROM client WHERE pesel = '$pesel'")
staff=$(e2e_sql "$db" "SELECT id FROM staff WHERE login = 'doradca'")
events() { e2e_sql "$db" "SELECT count(*) FROM event WHERE client_id = $cid AND kind = '$1' AND state = 'active' AND occurred_on = '$E2E_TODAY' AND staff_id = $staff"; }

e2e_app "$db" doradca doradca1
e2e_open_card "$pesel"

# An initial interview and an individual advice session.
e2e_keys F4
e2e_menu 'rozmowa wstępna'
e2e_wait_for 'Uwagi' "the form of the interview"
e2e_type 'Pierwsza rozmowa, cel: magazynier'
e2e_keys F2
e2e_wait_for 'Zapisano: rozmowa wstępna' "the interview saved"
e2e_wait_for 'PESEL: '"$pesel" "back on the card"
e2e_db_is "$db" "SELECT count(*) FROM event WHERE client_id = $cid AND kind = 'initial_interview' AND notes = 'Pierwsza rozmowa, cel: magazynier' AND staff_id = $staff AND occurred_on = '$E2E_TODAY'" 1 "the interview"
e2e_keys F4
e2e_menu 'porada indywidualna'
e2e_wait_for 'Uwagi' "the form of the advice session"
e2e_type 'Plan: kurs wózków widłowych'
e2e_keys F2
e2e_wait_for 'Zapisano: porada indywidualna' "the advice session saved"
[ "$(events individual_advice)" = 1 ] || e2e_fail "the advice session is not in the file"
e2e_wait_for "$E2E_TODAY [0-9:]+ +porada indywidualna" "the advice session on the card"

# A referral to training, its start and its completion.
e2e_keys F4
e2e_menu 'skierowanie na szkolenie'
e2e_wait_for 'Obszar szkolenia' "the training area field"
e2e_type 'Operator wózków widłowych'
e2e_keys F2
e2e_wait_for 'Zapisano: skierowanie na szkolenie' "the referral saved"
ref=$(e2e_sql "$db" "SELECT id FROM event WHERE client_id = $cid AND kind = 'referral_training' AND detail = 'Operator wózków widłowych'")
[ -n "$ref" ] || e2e_fail "the referral is not in the file"
e2e_keys F4
e2e_menu 'Wynik: skierowanie na szkolenie'
e2e_wait_for '< rozpoczęto >' "the outcome form with started"
e2e_keys F2
e2e_wait_for 'Zapisano: wynik skierowania' "the start saved"
e2e_db_is "$db" "SELECT ref_state FROM event WHERE id = $ref" started "the referral started"
e2e_keys F4
e2e_menu 'Wynik: skierowanie na szkolenie'
e2e_wait_for '< ukończono >' "the outcome form of a started referral offering completed"
e2e_keys F2
e2e_wait_for 'Zapisano: wynik skierowania' "the completion saved"
e2e_db_is "$db" "SELECT group_concat(detail, ',') FROM (SELECT detail FROM event WHERE referral_id = $ref AND state = 'active' ORDER BY id)" \
	'started,completed' "the outcomes in order"
e2e_db_is "$db" "SELECT ref_state FROM event WHERE id = $ref" completed "the referral completed"
e2e_wait_for '\[ukończono\], Operator' "the referral's state on the card"

# A date in the future is refused next to the field; the notes stay.
e2e_keys F4
e2e_menu 'informacja zawodowa'
e2e_wait_for 'Uwagi' "the form"
e2e_type 'Notatka do zachowania'
e2e_keys BTab BTab C-u
e2e_type '2030-01-01'
e2e_keys F2
e2e_wait_for 'Data jest z przyszłości' "the message about the date"
e2e_wait_for 'Notatka do zachowania' "the notes kept"
e2e_wait_for '2030-01-01' "the date kept"
[ "$(e2e_sql "$db" "SELECT count(*) FROM event WHERE client_id = $cid AND kind = 'vocational_info' AND occurred_on >= '2026-11-24'")" = 0 ] ||
	e2e_fail "a refused event was written"
e2e_keys Escape
e2e_wait_for 'Naciśnij Esc ponownie' "the question before discarding"
e2e_keys Escape
e2e_wait_for 'PESEL: '"$pesel" "back on the card"

# A deregistration recorded by mistake, voided, and the right one.
e2e_keys F4
e2e_menu 'wyrejestrowanie'
e2e_wait_for '< podjęcie pracy niesubsydiowanej >' "the deregistration form"
e2e_keys F2
e2e_wait_for 'Zapisano: wyrejestrowanie' "the deregistration saved"
e2e_wait_for 'niezarejestrowany' "the client no longer registered"
e2e_db_is "$db" "SELECT ended_on FROM registration WHERE client_id = $cid AND end_event_id IS NOT NULL ORDER BY id DESC LIMIT 1" "$E2E_TODAY" "the period closed"
e2e_keys F4
e2e_wait_for 'Unieważnij zaznaczone zdarzenie' "the menu of a deregistered client"
e2e_screen | grep -q '[0-9a-z]  porada indywidualna' && e2e_fail "services are offered to a deregistered client"
e2e_menu 'Unieważnij zaznaczone zdarzenie'
e2e_wait_for 'Powód unieważnienia' "the void form"
e2e_type 'pomyłka: zła przyczyna'
e2e_keys F2
e2e_wait_for 'Unieważniono: wyrejestrowanie' "the void saved"
e2e_db_is "$db" "SELECT count(*) FROM registration WHERE client_id = $cid AND ended_on IS NULL" 1 "the period reopened"
e2e_db_is "$db" "SELECT state || '|' || reason FROM event WHERE client_id = $cid AND kind = 'deregistration' AND occurred_on = '$E2E_TODAY'" \
	'voided|pomyłka: zła przyczyna' "the voided deregistration kept"
e2e_wait_for 'unieważniono' "the voided row on the card"
e2e_keys F4
e2e_menu 'wyrejestrowanie'
e2e_wait_for '< podjęcie pracy niesubsydiowanej >' "the deregistration form"
e2e_keys Right
e2e_wait_for '< podjęcie pracy subsydiowanej >' "subsidised work chosen"
e2e_keys F2
e2e_wait_for 'Zapisano: wyrejestrowanie' "the deregistration saved"
e2e_db_is "$db" "SELECT detail || '|' || subsidised FROM event WHERE client_id = $cid AND kind = 'deregistration' AND state = 'active'" \
	'work_subsidised|1' "the deregistration for subsidised work"
e2e_db_is "$db" "SELECT count(*) FROM registration WHERE client_id = $cid AND ended_on = '$E2E_TODAY' AND contact_due IS NULL" 1 "the period closed, no deadline"

# The worklist: deadlines within 60 days, soonest first; F4 records a
# contact in person today for the first client.
e2e_keys F5
e2e_wait_for 'Terminy kontaktu' "the worklist"
e2e_keys C-u
e2e_type 60
first=$(e2e_sql "$db" "SELECT c.pesel FROM registration r JOIN client c ON c.id = r.client_id
	WHERE r.contact_due IS NOT NULL AND r.contact_due <= date('$E2E_TODAY', '+60 days')
	ORDER BY r.contact_due, r.id LIMIT 1")
second=$(e2e_sql "$db" "SELECT c.pesel FROM registration r JOIN client c ON c.id = r.client_id
	WHERE r.contact_due IS NOT NULL AND r.contact_due <= date('$E2E_TODAY', '+60 days')
	ORDER BY r.contact_due, r.id LIMIT 1 OFFSET 1")
[ -n "$first" ] && [ -n "$second" ] || e2e_fail "fewer than two deadlines within 60 days in the demo file"
e2e_wait_for "$first" "the soonest deadline first"
row1=$(e2e_screen | grep -n -- "$first" | head -n 1 | cut -d: -f1)
row2=$(e2e_screen | grep -n -- "$second" | head -n 1 | cut -d: -f1)
[ -n "$row2" ] && [ "$row1" -lt "$row2" ] || e2e_fail "the worklist is not soonest first"
fid=$(e2e_sql "$db" "SELECT id FROM client WHERE pesel = '$first'")
e2e_keys F4
e2e_wait_for 'Zapisano kontakt' "the contact recorded from the worklist"
e2e_db_is "$db" "SELECT count(*) FROM event WHERE client_id = $fid AND kind = 'contact' AND detail = 'in_person' AND occurred_on = '$E2E_TODAY' AND staff_id = $staff" 1 "the contact"
e2e_db_is "$db" "SELECT contact_due FROM registration WHERE client_id = $fid AND ended_on IS NULL" 2027-02-22 "the new deadline"
e2e_wait_for "$second" "the next client now at the top"
e2e_screen | grep -q -- "$first" && e2e_fail "the client with a new contact is still on the list"

# Open referrals: the counselor's own, as in the file.
e2e_keys F6
e2e_wait_for 'Moje skierowania czekające na wynik' "the open referrals"
open=$(e2e_sql "$db" "SELECT count(*) FROM event WHERE staff_id = $staff AND state = 'active' AND ref_state IN ('issued','started')")
e2e_wait_for "1/$open" "the number of open referrals ($open)"
e2e_quit

# The front office refers to a counselor but records no advice.
other=$(e2e_sql "$db" "SELECT c.pesel FROM client c JOIN registration r ON r.client_id = c.id
	WHERE r.ended_on IS NULL AND c.pesel IS NOT NULL AND c.id <> $cid ORDER BY c.id LIMIT 1")
e2e_app "$db" recepcja recepcja1
e2e_open_card "$other"
e2e_keys F4
e2e_wait_for '[0-9a-z]  skierowanie do doradcy zawodowego' "the referral to a counselor in the front office menu"
e2e_screen | grep -q 'porada indywidualna' && e2e_fail "the front office is offered advice sessions"
e2e_quit
exit 0
