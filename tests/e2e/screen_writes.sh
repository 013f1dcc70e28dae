#!/bin/bash
# screen_writes.sh: each screen update leaves the program in one piece.
# Over SSH every write() to the terminal becomes a wakeup of sshd and a
# packet, and in a terminal a separate repaint; ncurses 6.4, left as
# newterm() makes it, flushes at every cursor movement, so that a new
# list of hits went out in a write per row. The program runs in tmux
# under strace; the keys are typed one at a time, each after the screen
# shows what the one before did, and the writes to the terminal between
# one read of a key and the next are counted.
set -u

srcdir=${OKIENKO_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$srcdir/tests/e2e/lib.sh"

e2e_need tmux strace sqlite3 awk grep
e2e_need_env
e2e_setup

db="$E2E_DIR/office.db"
"$OKIENKO_BIN" demo --db "$db" --clients 300 --seed 7 >"$E2E_DIR/demo.log" 2>&1 ||
	{ cat "$E2E_DIR/demo.log" >&2; e2e_fail "okienko demo failed"; }

# The most common first letter of a surname: a list that fills the window.
letter=$(e2e_sql "$db" "SELECT substr(last_fold, 1, 1) FROM client
	GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
[ -n "$letter" ] || e2e_fail "the demo file has no clients"

trace="$E2E_DIR/trace"
cmd="env LC_ALL=C.UTF-8 LANG=C.UTF-8 LANGUAGE=pl OKIENKO_LOCALEDIR=$(e2e_quote "$OKIENKO_LOCALEDIR")"
cmd="$cmd strace -qq -e trace=read,write -e signal=none -o $(e2e_quote "$trace")"
cmd="$cmd $(e2e_quote "$OKIENKO_BIN") --db $(e2e_quote "$db")"
cmd="$cmd; echo \$? > $(e2e_quote "$E2E_DIR/exit")"
e2e_start 100 30 "$cmd"

e2e_wait_for 'okienko' "the login screen"
for c in d o r a d c a; do
	e2e_type "$c"
done
e2e_keys Tab
e2e_type doradca1
e2e_wait_for '\*{8}' "the masked password"
e2e_keys Enter
e2e_wait_for 'Nazwisko lub PESEL' "the search screen"
# A search that fills the list, narrowed and widened again.
e2e_type "$letter"
e2e_wait_for ' 1/[0-9]+' "the hits of '$letter'"
e2e_keys Down
e2e_wait_for ' 2/[0-9]+' "the selection on the second hit"
e2e_keys Down
e2e_wait_for ' 3/[0-9]+' "the selection on the third hit"
e2e_keys Enter
e2e_wait_for 'Historia' "the card"
e2e_keys Escape
e2e_wait_for ' 3/[0-9]+' "the list again"
e2e_keys BSpace
e2e_wait_for 'Wpisz początek' "the empty search"
e2e_quit

# Per key read from the terminal: the writes to it up to the next read.
# The last key (F10) is left out: endwin() writes on its own.
counts=$(awk '
	/^read\(0, / { if (seen) print n; seen = 1; n = 0; next }
	/^write\(1, / { if (seen) n++ }
' "$trace") || e2e_fail "cannot read the trace $trace"
keys=$(printf '%s\n' "$counts" | grep -c .)
most=$(printf '%s\n' "$counts" | sort -n | tail -n 1)
total=$(printf '%s\n' "$counts" | awk '{ s += $1 } END { print s + 0 }')
e2e_log "keys read: $keys, writes after them: $total, at most $most after one key"
[ "$keys" -ge 20 ] || e2e_fail "only $keys keys were read: the trace is not of this session"
[ "$total" -ge 8 ] || e2e_fail "only $total writes after $keys keys: the trace misses the screens"
# One write for the update, one more at most where the cursor is shown
# or hidden (curs_set() flushes on its own).
[ "$most" -le 2 ] || e2e_fail "a key's screen update went out in $most writes (at most 2)"
exit 0
