#!/bin/bash
# desk_more.sh: the rest of the desk end to end, in Polish: group advice
# for two clients in one go; an outcome recorded from the list of open
# referrals (F6), after which the referral leaves the list when it is
# final; a supervisor corrects a counselor's event; a former client is
# registered again by the front office. Checked on the screen and in the
# file.
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
staff=$(e2e_sql "$db" "SELECT id FROM staff WHERE login = 'doradca'")

# Two registered clients; the second with a surname no other client starts with.
registered="SELECT c.id FROM client c JOIN registration r ON r.client_id = c.id
	WHERE r.ended_on IS NULL AND r.registered_on < '2026-11-01' AND c.pesel IS NOT NULL"
a=$(e2e_sql "$db" "$registered ORDER BY c.id LIMIT 1")
b=$(e2e_sql "$db" "$registered AND c.id <> $a AND (SELECT count(*) FROM client d
	WHERE substr(d.last_fold, 1, length(c.last_fold)) = c.last_fold) = 1 ORDER BY c.id LIMIT 1")
[ -n "$a" ] && [ -n "$b" ] || e2e_fail "the demo file has no suitable clients"
pesel_a=$(e2e_sql "$db" "SELECT pesel FROM client WHERE id = $a")
b_fold=$(e2e_sql "$db" "SELECT last_fold FROM client WHERE id = $b")
b_name=$(e2e_sql "$db" "SELECT first_name || ' ' || last_name FROM client WHERE id = $b")

e2e_app "$db" doradca doradca1
e2e_open_card "$pesel_a"
e2e_keys F4
e2e_menu 'porada grupowa'
e2e_wait_for 'Dodaj uczestnika' "the group advice form"
e2e_wait_for 'Uczestnicy \(1\)' "the card's client as the first participant"
e2e_type "$b_fold"
e2e_wait_for "$(e2e_re_escape "$(e2e_sql "$db" "SELECT last_name FROM client WHERE id = $b")")" "the second client found"
e2e_keys Enter
e2e_wait_for 'Uczestnicy \(2\)' "two participants"
e2e_wait_for "$(e2e_re_escape "$b_name")" "the second participant listed"
e2e_keys BTab
e2e_type 'Jak napisać CV'
e2e_keys F2
e2e_wait_for 'Zapisano: porada grupowa' "the group advice saved"
e2e_db_is "$db" "SELECT count(*) || '|' || count(DISTINCT session_uid) FROM event WHERE kind = 'group_advice' AND occurred_on = '$E2E_TODAY' AND detail = 'Jak napisać CV' AND client_id IN ($a, $b) AND staff_id = $staff" \
	'2|1' "two group advice events of one session"

# An outcome from the list of open referrals.
e2e_keys F6
e2e_wait_for 'Moje skierowania czekające na wynik' "the open referrals"
ref=$(e2e_sql "$db" "SELECT id FROM event WHERE staff_id = $staff AND state = 'active' AND ref_state IN ('issued','started') ORDER BY occurred_on, id LIMIT 1")
before=$(e2e_sql "$db" "SELECT ref_state FROM event WHERE id = $ref")
open=$(e2e_sql "$db" "SELECT count(*) FROM event WHERE staff_id = $staff AND state = 'active' AND ref_state IN ('issued','started')")
e2e_wait_for "1/$open" "the open referrals counted"
e2e_keys F4
e2e_wait_for 'wynik skierowania' "the outcome form"
e2e_keys F2
e2e_wait_for 'Zapisano: wynik skierowania' "the outcome saved"
e2e_wait_for 'Moje skierowania czekające na wynik' "back in the list"
if [ "$before" = started ]; then
	e2e_db_is "$db" "SELECT ref_state FROM event WHERE id = $ref" completed "the referral completed"
	e2e_wait_for "1/$((open - 1))" "the completed referral gone from the list"
else
	e2e_db_is "$db" "SELECT ref_state FROM event WHERE id = $ref" started "the referral started"
fi
e2e_quit

# A supervisor corrects the counselor's group advice of client A.
ev=$(e2e_sql "$db" "SELECT id FROM event WHERE client_id = $a AND kind = 'group_advice' AND occurred_on = '$E2E_TODAY'")
e2e_app "$db" kierownik kierownik1
e2e_open_card "$pesel_a"
e2e_wait_for "$E2E_TODAY [0-9:]+ +porada grupowa" "the group advice at the top of the history"
e2e_keys F4
e2e_menu 'Popraw zaznaczone zdarzenie'
e2e_wait_for 'Powód poprawki' "the correction form"
e2e_wait_for 'Jak napisać CV' "the event's values in the form"
e2e_keys F2
e2e_wait_for 'Podaj powód' "a correction needs a reason"
e2e_type 'temat był inny'
e2e_keys BTab BTab BTab C-u
e2e_type 'Rozmowa kwalifikacyjna'
e2e_keys F2
e2e_wait_for 'Poprawiono: porada grupowa' "the correction saved"
e2e_db_is "$db" "SELECT state || '|' || reason FROM event WHERE id = $ev" 'corrected|temat był inny' "the original kept as corrected"
e2e_db_is "$db" "SELECT detail || '|' || staff_id FROM event WHERE supersedes = $ev AND state = 'active'" "Rozmowa kwalifikacyjna|$staff" "the correction, still the counselor's"
e2e_quit

# A former client registers again (front office).
former=$(e2e_sql "$db" "SELECT c.pesel FROM client c WHERE c.pesel IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM registration r WHERE r.client_id = c.id AND r.ended_on IS NULL)
	AND (SELECT max(ended_on) FROM registration r WHERE r.client_id = c.id) < '$E2E_TODAY' ORDER BY c.id LIMIT 1")
[ -n "$former" ] || e2e_fail "the demo file has no former client"
periods=$(e2e_sql "$db" "SELECT count(*) FROM registration r JOIN client c ON c.id = r.client_id WHERE c.pesel = '$former'")
e2e_app "$db" recepcja recepcja1
e2e_open_card "$former"
e2e_wait_for 'niezarejestrowany' "a former client"
e2e_keys F4
e2e_menu 'Zarejestruj ponownie'
e2e_wait_for 'Data rejestracji' "the form to register again"
e2e_keys F2
e2e_wait_for 'Zarejestrowano ponownie' "registered again"
e2e_wait_for "bezrobotny od $E2E_TODAY" "the new period on the card"
e2e_db_is "$db" "SELECT count(*) FROM registration r JOIN client c ON c.id = r.client_id WHERE c.pesel = '$former'" $((periods + 1)) "a new period"
e2e_db_is "$db" "SELECT count(*) FROM event e JOIN client c ON c.id = e.client_id WHERE c.pesel = '$former' AND e.kind = 'registration' AND e.occurred_on = '$E2E_TODAY'" 1 "the registration event"
e2e_quit
exit 0
