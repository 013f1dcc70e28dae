# lib.sh: helpers for the end-to-end tests, which drive the real program
# in a private tmux server as a person would: type, wait until the
# expected text is on the screen (polling, with a time limit), and on
# failure show what the screen held. Sourced by the tests (bash).
#
# Exit statuses follow the automake test protocol: 0 pass, 1 fail. A
# missing tool is a failure, never a skip.

E2E_TIMEOUT=${E2E_TIMEOUT:-10}        # seconds to wait for a screen
E2E_SOCKET="okienko-test-$$"
E2E_SESSION="okienko"
E2E_DIR=""

e2e_log() {
	printf '%s\n' "$*" >&2
}

# Fails the test, printing the reason and the screen when there is one.
e2e_fail() {
	e2e_log "FAIL: $*"
	if e2e_running; then
		e2e_log "---- screen ----"
		e2e_screen >&2
		e2e_log "----------------"
	fi
	exit 1
}

# Fails unless every named tool is installed.
e2e_need() {
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 ||
			{ e2e_log "FAIL: $tool is needed by this test: install it"; exit 1; }
	done
}

# Checks the environment that make check gives (OKIENKO_BIN...).
e2e_need_env() {
	[ -n "${OKIENKO_BIN:-}" ] || e2e_fail "OKIENKO_BIN is not set (run through make check)"
	[ -x "$OKIENKO_BIN" ] || e2e_fail "OKIENKO_BIN=$OKIENKO_BIN is not an executable"
	[ -n "${OKIENKO_LOCALEDIR:-}" ] || e2e_fail "OKIENKO_LOCALEDIR is not set (run through make check)"
}

e2e_tmux() {
	LC_ALL=C.UTF-8 tmux -u -L "$E2E_SOCKET" -f /dev/null "$@"
}

e2e_cleanup() {
	e2e_tmux kill-server >/dev/null 2>&1
	[ -n "$E2E_DIR" ] && rm -rf "$E2E_DIR"
	return 0
}

# Makes the temporary directory (in $E2E_DIR) and arms the clean-up.
e2e_setup() {
	E2E_DIR=$(mktemp -d "${TMPDIR:-/tmp}/okienko-e2e.XXXXXX") || e2e_fail "cannot make a temporary directory"
	trap e2e_cleanup EXIT
	trap 'exit 1' HUP INT TERM
}

# Starts a command in a new session of COLSxLINES: e2e_start COLS LINES CMD.
e2e_start() {
	e2e_tmux new-session -d -s "$E2E_SESSION" -x "$1" -y "$2" "$3" ||
		e2e_fail "tmux could not start the session"
}

e2e_running() {
	e2e_tmux has-session -t "$E2E_SESSION" >/dev/null 2>&1
}

# Prints the visible screen.
e2e_screen() {
	e2e_tmux capture-pane -p -t "$E2E_SESSION" 2>/dev/null
}

# Waits until the screen matches the extended regular expression.
e2e_wait_for() {
	local pattern=$1 what=${2:-$1}
	local tries=$((E2E_TIMEOUT * 10))
	while [ "$tries" -gt 0 ]; do
		e2e_running || e2e_fail "the program ended while waiting for: $what"
		e2e_screen | grep -Eq -- "$pattern" && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	e2e_fail "after ${E2E_TIMEOUT}s the screen does not show: $what"
}

# Waits until line N (1-based) of the screen matches the pattern.
e2e_wait_for_line() {
	local n=$1 pattern=$2 what=${3:-$2}
	local tries=$((E2E_TIMEOUT * 10))
	while [ "$tries" -gt 0 ]; do
		e2e_running || e2e_fail "the program ended while waiting for: $what"
		e2e_screen | sed -n "${n}p" | grep -Eq -- "$pattern" && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	e2e_fail "after ${E2E_TIMEOUT}s line $n of the screen does not show: $what"
}

# Waits until the session (and so the program) has ended.
e2e_wait_exit() {
	local tries=$((E2E_TIMEOUT * 10))
	while [ "$tries" -gt 0 ]; do
		e2e_running || return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	e2e_fail "after ${E2E_TIMEOUT}s the program is still running"
}

# Waits until the pane has the given size: e2e_wait_size COLS LINES.
e2e_wait_size() {
	local tries=$((E2E_TIMEOUT * 10))
	while [ "$tries" -gt 0 ]; do
		[ "$(e2e_tmux display-message -p -t "$E2E_SESSION" '#{pane_width}x#{pane_height}')" = "$1x$2" ] &&
			return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	e2e_fail "the window did not become $1x$2"
}

# Types text literally (no key names).
e2e_type() {
	e2e_tmux send-keys -t "$E2E_SESSION" -l -- "$1" || e2e_fail "cannot type into the session"
}

# Presses keys by tmux name (Enter, Tab, BTab, Escape, F10, Down, ...).
e2e_keys() {
	e2e_tmux send-keys -t "$E2E_SESSION" "$@" || e2e_fail "cannot send keys to the session"
}

# Quotes an argument for the shell command line of a session.
e2e_quote() {
	printf '%q' "$1"
}

# Turns a regular expression's special characters into literals.
e2e_re_escape() {
	printf '%s' "$1" | sed 's/[][\.*^$(){}?+|/]/\\&/g'
}

# ---- Helpers of the desk workflows ----

# The value of one SQL query on a database (reading only).
e2e_sql() {
	sqlite3 -batch -noheader "$1" "$2" || e2e_fail "sqlite3 cannot read $1"
}

# A valid PESEL: e2e_pesel YEAR MONTH DAY SERIAL(0-999) SEX(F|M).
e2e_pesel() {
	local y=$1 m=$((10#$2)) d=$((10#$3)) s=$4 sex=$5 w=(1 3 7 9 1 3 7 9 1 3) sum=0 i b
	[ "$y" -ge 2000 ] && m=$((m + 20))
	b=$(printf '%02d%02d%02d%03d%d' $((y % 100)) "$m" "$d" "$s" $([ "$sex" = F ] && echo 0 || echo 1))
	for i in 0 1 2 3 4 5 6 7 8 9; do
		sum=$((sum + ${b:i:1} * ${w[i]}))
	done
	printf '%s%d' "$b" $(((10 - sum % 10) % 10))
}

# Starts okienko in Polish on a database and logs in:
# e2e_app DB LOGIN PASSWORD [COLS LINES]. $E2E_TODAY, when set, is today.
e2e_app() {
	local db=$1 cmd
	cmd="env LC_ALL=C.UTF-8 LANG=C.UTF-8 LANGUAGE=pl OKIENKO_LOCALEDIR=$(e2e_quote "$OKIENKO_LOCALEDIR")"
	[ -n "${E2E_TODAY:-}" ] && cmd="$cmd OKIENKO_TODAY=$E2E_TODAY"
	cmd="$cmd $(e2e_quote "$OKIENKO_BIN") --db $(e2e_quote "$db")"
	cmd="$cmd; echo \$? > $(e2e_quote "$E2E_DIR/exit")"
	rm -f "$E2E_DIR/exit"
	e2e_start "${4:-100}" "${5:-30}" "$cmd"
	e2e_wait_for 'okienko' "the login screen"
	e2e_type "$2"
	e2e_keys Tab
	e2e_type "$3"
	e2e_keys Enter
	e2e_wait_for 'Nazwisko lub PESEL' "the search screen after logging in as $2"
}

# Leaves with F10 and checks the exit status 0.
e2e_quit() {
	e2e_keys F10
	e2e_wait_exit
	[ "$(cat "$E2E_DIR/exit" 2>/dev/null)" = 0 ] || e2e_fail "the program did not exit with status 0"
}

# Opens a client's card from the search by PESEL.
e2e_open_card() {
	e2e_keys F8
	e2e_wait_for 'Nazwisko lub PESEL' "the search screen"
	e2e_keys C-u
	e2e_type "$1"
	e2e_wait_for " $1 " "the client $1 in the list"
	e2e_keys Enter
	e2e_wait_for "PESEL: $1" "the card of $1"
}

# Waits until a query gives the expected value: e2e_db_is DB QUERY VALUE WHAT.
e2e_db_is() {
	local tries=$((E2E_TIMEOUT * 10)) got
	while [ "$tries" -gt 0 ]; do
		got=$(sqlite3 -batch -noheader "$1" "$2" 2>/dev/null)
		[ "$got" = "$3" ] && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	e2e_fail "$4: the database has '$got', expected '$3' ($2)"
}

# Chooses the entry of the open F4 menu whose label matches the regular
# expression, by the key shown before it.
e2e_menu() {
	local key
	e2e_wait_for "[0-9a-z]  $1" "the menu entry $1"
	key=$(e2e_screen | grep -oE "[0-9a-z]  $1" | head -n 1 | cut -c1)
	[ -n "$key" ] || e2e_fail "no menu entry $1"
	e2e_type "$key"
}
