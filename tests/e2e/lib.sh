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
