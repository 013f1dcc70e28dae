#!/bin/bash
# office_report.sh: a supervisor's counts and report end to end, in
# Polish: F9 opens the day's counts, which agree with `okienko counts`;
# an event recorded elsewhere (an import) shows up without a key; days
# and weeks move; Enter lists the records behind a number and opens a
# client's card from them; the yearly report agrees with `okienko report`
# and drills down to a client too; an activity-log entry is recorded and
# counted. A counselor is refused the counts; the chart falls back to
# plain characters.
set -u

srcdir=${OKIENKO_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$srcdir/tests/e2e/lib.sh"

e2e_need tmux sqlite3 sed grep
e2e_need_env
e2e_setup
E2E_TODAY=2026-11-24
export OKIENKO_TODAY=$E2E_TODAY
unset OKIENKO_ASCII

db="$E2E_DIR/office.db"
"$OKIENKO_BIN" demo --db "$db" --clients 300 --seed 7 >"$E2E_DIR/demo.log" 2>&1 ||
	{ cat "$E2E_DIR/demo.log" >&2; e2e_fail "okienko demo failed"; }
csv() { "$OKIENKO_BIN" --db "$db" "$@" --format csv | tr -d '\r'; }
total() { csv counts --date "$E2E_TODAY" | grep "^\*,$1," | cut -d, -f3; }

before=$(total individual_advice)
[ -n "$before" ] || before=0

e2e_app "$db" kierownik kierownik1
e2e_keys F9
e2e_wait_for "Liczby z dnia $E2E_TODAY" "the day's counts"
e2e_wait_for "urząd +porada indywidualna +$before\$" "the office's advice sessions as okienko counts has them"
e2e_wait_for '█' "the chart of the last 30 working days"
e2e_wait_for 'Ostatnie 30 dni robocze' "the chart's heading"

# Someone else records an advice session: it shows up by itself.
pesel=$(e2e_sql "$db" "SELECT c.pesel FROM client c JOIN registration r ON r.client_id = c.id
	WHERE r.ended_on IS NULL AND r.registered_on < '2026-11-01' AND c.pesel IS NOT NULL ORDER BY c.id LIMIT 1")
printf 'date,kind,pesel,counselor\r\n%s,individual_advice,%s,doradca\r\n' "$E2E_TODAY" "$pesel" >"$E2E_DIR/ev.csv"
"$OKIENKO_BIN" --db "$db" import events "$E2E_DIR/ev.csv" 2>"$E2E_DIR/import.log" ||
	{ cat "$E2E_DIR/import.log" >&2; e2e_fail "the import of one advice session failed"; }
after=$(total individual_advice)
[ "$after" = $((before + 1)) ] || e2e_fail "okienko counts has $after advice sessions, expected $((before + 1))"
e2e_wait_for "urząd +porada indywidualna +$after\$" "the new advice session without a key pressed"

# A day and a week back and forth.
e2e_keys Left
e2e_wait_for "Liczby z dnia 2026-11-23" "the day before"
e2e_keys PPage
e2e_wait_for "Liczby z dnia 2026-11-16" "a week before that"
e2e_keys NPage Right
e2e_wait_for "Liczby z dnia $E2E_TODAY" "back to today"

# The first number (the first staff member's first kind) and its records.
first=$(csv counts --date "$E2E_TODAY" | sed -n 2p)
login=${first%%,*}
kind=$(echo "$first" | cut -d, -f2)
n=$(echo "$first" | cut -d, -f3)
cpesel=$(e2e_sql "$db" "SELECT c.pesel FROM event e JOIN staff s ON s.id = e.staff_id JOIN client c ON c.id = e.client_id
	WHERE e.occurred_on = '$E2E_TODAY' AND e.state = 'active' AND e.kind = '$kind' AND s.login = '$login'
	ORDER BY coalesce(e.occurred_at, ''), e.id LIMIT 1")
[ -n "$cpesel" ] || e2e_fail "no client behind the first count ($first)"
e2e_keys Home Enter
e2e_wait_for "Zapisy za liczbą" "the records behind the first count"
e2e_wait_for "Zapisów: $n, razem: $n" "as many records as the count ($first)"
e2e_keys Enter
e2e_wait_for "PESEL: $cpesel" "the card of the first record's client"
e2e_keys Escape
e2e_wait_for "Zapisów: $n, razem: $n" "back to the records"
e2e_keys Escape
e2e_wait_for "Liczby z dnia $E2E_TODAY" "back to the counts"

# The yearly report agrees with okienko report, and drills down.
v113=$(csv report --year 2025 | grep '^1\.1\.3,' | cut -d, -f3)
v111=$(csv report --year 2025 | grep '^1\.1\.1a,' | cut -d, -f3)
e2e_keys Tab
e2e_wait_for "Monitoring za rok 2025" "the report of the last year"
e2e_wait_for "1\.1\.3 +$v113 +liczba udzielonych porad zawodowych" "1.1.3 as okienko report has it"
e2e_wait_for "1\.1\.1a +$v111 +liczba osób objętych poradnictwem indywidualnym" "1.1.1a as okienko report has it"
apesel=$(e2e_sql "$db" "SELECT c.pesel FROM event e JOIN client c ON c.id = e.client_id WHERE e.kind = 'individual_advice'
	AND e.state = 'active' AND e.occurred_on BETWEEN '2025-01-01' AND '2025-12-31' ORDER BY e.occurred_on, e.id LIMIT 1")
e2e_keys Enter
e2e_wait_for "Zapisów: $v111, razem: $v111" "one record per person given individual advice"
e2e_keys Enter
e2e_wait_for "PESEL: $apesel" "the card of the first person advised in 2025"
e2e_keys Escape
e2e_wait_for "Zapisów: $v111, razem: $v111" "back to the records"
e2e_keys Escape
e2e_wait_for "Monitoring za rok 2025" "back to the report"

# An entry of the activity log: 3 marketing visits, counted in 1.4.2.
visits=$(csv report --year 2026 | grep '^1\.4\.2,' | cut -d, -f3)
e2e_keys F4
e2e_wait_for "Dziennik działań urzędu 2026" "the activity log"
e2e_keys F3
e2e_wait_for "Nowy wpis w dzienniku działań" "the new entry's form"
for _ in $(seq 1 20); do
	e2e_screen | grep -q '< 1\.4\.2 >' && break
	e2e_keys Right
	sleep 0.1
done
e2e_wait_for "liczba wizyt marketingowych" "the chosen indicator's words"
e2e_keys Tab Tab C-u
e2e_type 3
e2e_keys Tab
e2e_type "Wizyty u pracodawców, ul. Zana"
e2e_keys F2
e2e_wait_for "Zapisano" "the entry saved"
e2e_wait_for "Wizyty u pracodawców, ul. Zana" "the entry in the log"
[ "$(csv report --year 2026 | grep '^1\.4\.2,' | cut -d, -f3)" = $((visits + 3)) ] ||
	e2e_fail "1.4.2 did not grow by the 3 visits"
e2e_quit

# A counselor is refused the counts.
e2e_app "$db" doradca doradca1
e2e_keys F9
e2e_wait_for "Liczby dnia i monitoring są dla kierowników" "the counselor refused"
e2e_wait_for "Nazwisko lub PESEL" "the counselor back at the search"
e2e_quit

# Without block characters the chart is drawn with '#'.
export OKIENKO_ASCII=1
e2e_app "$db" kierownik kierownik1
e2e_keys F9
e2e_wait_for "Ostatnie 30 dni robocze" "the chart"
e2e_wait_for '^ +0 +[#.]( [#. ])+' "the chart in plain characters"
e2e_screen | grep -q '█' && e2e_fail "block characters despite OKIENKO_ASCII=1"
e2e_quit
exit 0
