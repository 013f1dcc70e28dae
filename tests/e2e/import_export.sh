#!/usr/bin/env bash
# import_export.sh: import and export from the command line as an office
# moving in would use them, in Polish: a CP1250 file from a spreadsheet
# with an error in two rows (both reported as FILE:LINE: column: reason,
# exit 1, nothing written), the corrected file (exit 0, a summary), the
# same file again (nothing changed, and it says so), events attributed to
# their logins, a usage error (exit 2), and a CP1250 export whose Polish
# letters come back as the same bytes.
set -u
. "$(dirname "$0")/lib.sh"
e2e_need sqlite3 iconv cmp
e2e_need_env
e2e_setup
bin=$OKIENKO_BIN
export OKIENKO_HASH_COST=1
pl() { env LANG=C.UTF-8 LANGUAGE=pl "$bin" --db "$db" "$@"; }
db="$E2E_DIR/office.db"
d=$E2E_DIR

printf 'doradca1x\n' | pl user add doradca --role counselor --name 'Anna Żak' >/dev/null 2>&1 ||
	e2e_fail "user add failed"

# Two bad rows: a wrong PESEL check digit (line 3) and an unknown status (line 4).
printf '%s\r\n' 'pesel,first_name,last_name,status,registered_on,groups' \
	'44051401359,Łucja,Źdźbło-Ćwikła,unemployed,2024-01-10,over_50' \
	'44051401358,Jan,Kowalski,unemployed,2024-01-10,' \
	'02270803624,Żaneta,Gęś,retired,2024-01-10,' | iconv -f UTF-8 -t CP1250 >"$d/klienci.csv"
pl import clients "$d/klienci.csv" --encoding cp1250 >"$d/out" 2>"$d/err"; st=$?
[ $st -eq 1 ] || e2e_fail "a file with invalid rows gave status $st, not 1"
grep -q "klienci.csv:3: pesel: " "$d/err" || e2e_fail "line 3 not reported: $(cat "$d/err")"
grep -q "klienci.csv:4: status: " "$d/err" || e2e_fail "line 4 not reported: $(cat "$d/err")"
grep -q "niczego nie zaimportowano" "$d/err" || e2e_fail "no Polish summary: $(cat "$d/err")"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM client')" -eq 0 ] || e2e_fail "an invalid file wrote clients"

printf '%s\r\n' 'pesel,first_name,last_name,status,registered_on,groups' \
	'44051401359,Łucja,Źdźbło-Ćwikła,unemployed,2024-01-10,over_50' \
	'02270803624,Żaneta,Gęś,job_seeker,2024-01-10,' | iconv -f UTF-8 -t CP1250 >"$d/klienci.csv"
pl import clients "$d/klienci.csv" --encoding cp1250 >"$d/out" 2>"$d/err" ||
	e2e_fail "a valid file was refused: $(cat "$d/err")"
grep -q "zaimportowano wierszy: 2" "$d/err" || e2e_fail "no summary: $(cat "$d/err")"
[ "$(sqlite3 "$db" "SELECT last_name FROM client WHERE pesel = '44051401359'")" = 'Źdźbło-Ćwikła' ] ||
	e2e_fail "the CP1250 name was not stored as UTF-8"
pl import clients "$d/klienci.csv" --encoding cp1250 >"$d/out" 2>"$d/err" || e2e_fail "the second import failed"
grep -q "został już zaimportowany" "$d/err" || e2e_fail "the second import does not say so: $(cat "$d/err")"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM client')" -eq 2 ] || e2e_fail "the second import changed the clients"

printf '%s\n' 'date,kind,pesel,counselor,ref,detail' \
	'2024-02-01T10:15,initial_interview,44051401359,doradca,,' \
	'2024-02-03,referral_training,44051401359,doradca,SZK-1,Spawanie' \
	'2024-03-01,referral_outcome,44051401359,doradca,SZK-1,started' >"$d/zdarzenia.csv"
pl import events "$d/zdarzenia.csv" >"$d/out" 2>"$d/err" || e2e_fail "events refused: $(cat "$d/err")"
[ "$(sqlite3 "$db" "SELECT count(*) FROM event e JOIN staff s ON s.id = e.staff_id WHERE s.login = 'doradca'")" -eq 3 ] ||
	e2e_fail "the events are not attributed to doradca"
[ "$(sqlite3 "$db" "SELECT ref_state FROM event WHERE ref = 'SZK-1' AND kind = 'referral_training'")" = started ] ||
	e2e_fail "the referral's state is not the outcome's"

pl import pets "$d/zdarzenia.csv" >/dev/null 2>"$d/err"; st=$?
[ $st -eq 2 ] || e2e_fail "an unknown kind gave status $st, not 2"

pl export clients --encoding cp1250 >"$d/eksport.csv" 2>"$d/err" || e2e_fail "export failed: $(cat "$d/err")"
printf 'Źdźbło-Ćwikła' | iconv -f UTF-8 -t CP1250 >"$d/name"
grep -qF "$(cat "$d/name")" "$d/eksport.csv" || e2e_fail "the CP1250 export lacks the name's CP1250 bytes"
pl export events --year 2024 >"$d/ev.csv" 2>/dev/null || e2e_fail "export of events failed"
[ "$(grep -c . "$d/ev.csv")" -eq 4 ] || e2e_fail "the events export has not a header and 3 rows: $(cat "$d/ev.csv")"
pl export events --year 2023 >"$d/ev.csv" 2>/dev/null || e2e_fail "export of 2023 failed"
[ "$(grep -c . "$d/ev.csv")" -eq 1 ] || e2e_fail "the 2023 export is not only a header"
exit 0
