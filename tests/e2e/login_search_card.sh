#!/bin/bash
# login_search_card.sh: a counselor's first minute, end to end, in Polish.
# A demo office is made with the program's own demo command; a client with
# diacritics in the surname is picked straight from the file; the program
# runs in tmux, where we log in (once with a wrong password), find the
# client by the surname typed without diacritics, open the card, go back
# and forth, resize the window (also below the minimum) and leave with F10.
set -u

srcdir=${OKIENKO_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$srcdir/tests/e2e/lib.sh"

e2e_need tmux sqlite3 sed grep tr pgrep
e2e_need_env
e2e_setup

db="$E2E_DIR/office.db"
"$OKIENKO_BIN" demo --db "$db" --clients 300 --seed 7 >"$E2E_DIR/demo.log" 2>&1 ||
	{ cat "$E2E_DIR/demo.log" >&2; e2e_fail "okienko demo failed"; }

# A client whose surname has Polish letters, with as few other clients
# as possible under the same search, so that it is on the first screen.
row=$(sqlite3 -batch -separator '|' "$db" "
	SELECT c.last_name, c.first_name, c.pesel,
	       (SELECT count(*) FROM client d
	        WHERE substr(d.last_fold, 1, length(c.last_fold)) = c.last_fold) AS hits
	FROM client c
	WHERE c.pesel IS NOT NULL
	  AND c.last_name GLOB '*[ŁŚŻŹĆŃÓĄĘłśżźćńóąę]*'
	  AND c.last_name NOT GLOB '*[ -]*'
	ORDER BY hits, c.id LIMIT 1") || e2e_fail "sqlite3 cannot read $db"
[ -n "$row" ] || e2e_fail "the demo file has no client with a Polish letter in the surname"
IFS='|' read -r last first pesel hits <<<"$row"
[ "$hits" -le 15 ] || e2e_fail "$hits clients share the surname $last: too many for one screen"

# The surname as someone without Polish letters on the keyboard types it.
typed=$(printf '%s' "$last" | LC_ALL=C.UTF-8 sed 'y/ĄĆĘŁŃÓŚŹŻąćęłńóśźż/ACELNOSZZacelnoszz/' | tr 'A-Z' 'a-z')
printf '%s' "$typed" | LC_ALL=C grep -q '^[a-z]*$' ||
	e2e_fail "cannot fold the surname '$last' to ASCII (got '$typed')"
e2e_log "client: $first $last ($pesel), typed as '$typed'"

re_last=$(e2e_re_escape "$last")
re_first=$(e2e_re_escape "$first")
re_name="$re_first $re_last"

cmd="env LC_ALL=C.UTF-8 LANG=C.UTF-8 LANGUAGE=pl OKIENKO_LOCALEDIR=$(e2e_quote "$OKIENKO_LOCALEDIR")"
cmd="$cmd $(e2e_quote "$OKIENKO_BIN") --db $(e2e_quote "$db")"
cmd="$cmd; echo \$? > $(e2e_quote "$E2E_DIR/exit")"
e2e_start 100 30 "$cmd"

# Log in: a wrong password first.
e2e_wait_for 'okienko' "the login screen"
e2e_type doradca
e2e_keys Tab
e2e_type zlehaslo1
e2e_wait_for '\*{9}' "the masked password"
e2e_keys Enter
e2e_wait_for_line 29 '[[:alpha:]]' "a message after a wrong password"
e2e_screen | grep -q '\*' && e2e_fail "the password was not cleared after a failed login"
e2e_type doradca1
e2e_keys Enter
e2e_wait_for 'PESEL' "the search screen"
# The login is audited once the search screen is drawn, before any key.
audited=
for _ in $(seq 50); do
	audited=$(sqlite3 -cmd '.timeout 2000' "$db" \
		"SELECT count(*) FROM audit WHERE action = 'login' AND actor = 'doradca'")
	[ "$audited" = 1 ] && break
	sleep 0.1
done
[ "$audited" = 1 ] || e2e_fail "the login was not audited after the search screen appeared ($audited rows)"

# Search without diacritics; the name is shown with them.
e2e_type "$typed"
e2e_wait_for "$re_last +$re_first" "$last $first in the list"

# Select the client: list rows are the only lines with dates; the client
# is the row with its PESEL. The counter (row/total) confirms the move.
screen=$(e2e_screen)
first_row=$(printf '%s\n' "$screen" | grep -nE '[0-9]{4}-[0-9]{2}-[0-9]{2}' | head -n 1 | cut -d: -f1)
our_row=$(printf '%s\n' "$screen" | grep -n -- " $pesel " | head -n 1 | cut -d: -f1)
[ -n "$first_row" ] && [ -n "$our_row" ] || e2e_fail "cannot find the rows of the list"
e2e_wait_for "$pesel +$re_last +$re_first" "the row $pesel $last $first"
for ((i = first_row; i < our_row; i++)); do
	e2e_keys Down
done
e2e_wait_for " $((our_row - first_row + 1))/[0-9]+" "the selection on row $((our_row - first_row + 1))"

# The card.
e2e_keys Enter
e2e_wait_for "$pesel" "the PESEL $pesel on the card"
e2e_wait_for 'Historia' "the history (Historia) on the card"
e2e_wait_for "$re_name" "the name $first $last on the card"

# Back to the search, which kept the query and the list; and in again.
e2e_keys Escape
e2e_wait_for "$re_last +$re_first" "the list again after Esc"
e2e_wait_for "$typed" "the query kept after Esc"
e2e_keys Enter
e2e_wait_for 'Historia' "the card again"

# Resizing: to the minimum, below it, and back.
e2e_tmux resize-window -t "$E2E_SESSION" -x 80 -y 24 || e2e_fail "tmux cannot resize the window"
e2e_wait_size 80 24
e2e_wait_for_line 24 'F10' "the help line at the bottom of an 80x24 window"
e2e_wait_for "$re_name" "the name on the card at 80x24"
e2e_wait_for "$pesel" "the PESEL on the card at 80x24"
e2e_tmux resize-window -t "$E2E_SESSION" -x 70 -y 20 || e2e_fail "tmux cannot resize the window"
e2e_wait_size 70 20
e2e_wait_for '80 ?x ?24' "the request to enlarge a 70x20 window"
e2e_tmux resize-window -t "$E2E_SESSION" -x 80 -y 24 || e2e_fail "tmux cannot resize the window"
e2e_wait_size 80 24
e2e_wait_for "$re_name" "the name on the card back at 80x24"

# F10 leaves: the session ends with the program, which exits with 0.
e2e_keys F10
e2e_wait_exit
[ -f "$E2E_DIR/exit" ] || e2e_fail "the program did not exit normally"
status=$(cat "$E2E_DIR/exit")
[ "$status" = 0 ] || e2e_fail "the program exited with status $status"
pgrep -f -- "$db" >/dev/null && e2e_fail "a process still has $db open"
exit 0
