#!/usr/bin/env bash
# sync_full.sh: the central database's disk full in the middle of a push,
# through an SQLite file and through PostgreSQL (a private cluster, the
# central tables in a tablespace of their own): sync ends with status 6
# and one line on standard error that says the disk is full; the central
# side holds only whole batches of the office's records and the office has
# not changed; once the disk has room again
# the next sync sends everything, and both sides end identical, record
# by record. Then the same for an office's own disk filling while it
# receives the other offices' records: status 6, every record it had
# intact, and after room is made all three sides identical.
#
# The full disk is a small tmpfs mounted inside the test's directory,
# which needs root (the test command runs as root; a developer's own
# make check skips this test when not root, and says so).
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" -ne 0 ]; then
	it_log "SKIP: mounting a small file system for the full disk needs root"
	exit 77
fi
it_setup
it_pg_start
# Small batches: several are committed before the disk fills.
export OKIENKO_SYNC_BATCH=300
mounts=()
umount_all() {
	local m
	for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done
	it_cleanup
}
trap umount_all EXIT

# small DIR OWNER: a tmpfs of 1 MB at DIR, owned by OWNER.
small() {
	mkdir -p "$1"
	mount -t tmpfs -o "size=1m,mode=0700,uid=$(id -u "$2")" okienko-full "$1" ||
		it_fail "mount a tmpfs at $1 (the full disk of this test)"
	mounts+=("$1")
}

for kind in sqlite pg; do
	d="$IT_DIR/$kind"
	mkdir -p "$d"
	if [ $kind = sqlite ]; then
		small "$d/disk" root
		target="$d/disk/central.db"
	else
		# The tablespace's directory is the server's (user postgres when
		# root), which reaches it through the test's directories.
		chmod 711 "$IT_DIR" "$d"
		small "$d/disk" postgres
		target=$(it_pg_newdb fulldisk)
		super=${PGSUPER/dbname=okienko/dbname=fulldisk}
		psql -X -q -v ON_ERROR_STOP=1 "$super" -c "CREATE TABLESPACE small LOCATION '$d/disk'" \
			-c "GRANT CREATE ON TABLESPACE small TO okienko" \
			-c "ALTER DATABASE fulldisk SET default_tablespace = small" \
			-c "ALTER DATABASE fulldisk SET temp_tablespaces = small" >/dev/null || it_fail "tablespace on $d/disk"
	fi
	ok central init "$target" >/dev/null 2>"$IT_DIR/err" || it_fail "$kind: central init: $(cat "$IT_DIR/err")"
	office "$d/a.db" AAA 1 1500

	dump office "$d/a.db" >"$IT_DIR/office.before"
	ok sync --db "$d/a.db" --central "$target" >"$IT_DIR/out" 2>"$IT_DIR/err"; st=$?
	[ $st -eq 6 ] || it_fail "$kind: a full disk gave $st, not 6: $(cat "$IT_DIR/err")"
	[ "$(wc -l <"$IT_DIR/err")" -eq 1 ] || it_fail "$kind: not one line: $(cat "$IT_DIR/err")"
	grep -qi "full" "$IT_DIR/err" || it_fail "$kind: the message does not say the disk is full: $(cat "$IT_DIR/err")"
	[ ! -s "$IT_DIR/out" ] || it_fail "$kind: a failed sync printed a summary: $(cat "$IT_DIR/out")"
	it_log "$kind: $(cat "$IT_DIR/err")"
	# The batches committed before the disk filled are whole records of
	# the office, no more.
	dump central "$target" >"$IT_DIR/central.after"
	n=$(wc -l <"$IT_DIR/central.after")
	[ -z "$(LC_ALL=C comm -23 "$IT_DIR/central.after" "$IT_DIR/office.before")" ] ||
		it_fail "$kind: the central side holds records the office does not: $(LC_ALL=C comm -23 "$IT_DIR/central.after" "$IT_DIR/office.before" | head -n 3 | cut -c1-200)"
	[ "$n" -lt "$(wc -l <"$IT_DIR/office.before")" ] || it_fail "$kind: the disk never filled ($n records sent)"
	it_log "$kind: $n of $(wc -l <"$IT_DIR/office.before") records in before the disk was full"
	dump office "$d/a.db" >"$IT_DIR/office.after"
	same "$kind: the office before and after the full disk" "$IT_DIR/office.before" "$IT_DIR/office.after"
	[ "$(sq "$d/a.db" "SELECT count(*) FROM change")" -gt 1000 ] || it_fail "$kind: the office's changes are gone"

	# Room again: the next sync sends everything, once.
	mount -o remount,size=256m "$d/disk" || it_fail "remount $d/disk"
	sync_ok "$d/a.db" "$target"
	[ "$SENT" -gt 1000 ] || it_fail "$kind: after the full disk only $SENT sent"
	sync_ok "$d/a.db" "$target"
	[ "$SENT$RECEIVED$CONFLICTS" = 000 ] || it_fail "$kind: not settled: $SENT sent, $RECEIVED received"
	converged "$target" "$d/a.db"

	# The office's own disk full while it receives A's records: B's file
	# on a tmpfs with little room beside it.
	office "$IT_DIR/b.db" BBB 2 50
	sync_ok "$IT_DIR/b.db" "$target"   # B's records sent, A's received
	sq "$IT_DIR/b.db" "UPDATE client SET phone = '600700800', version = version + 1 WHERE office = 'BBB'" ||
		it_fail "work at B"
	sync_ok "$d/a.db" "$target"        # ... so that A has something to receive
	sq "$d/a.db" "UPDATE event SET notes = 'after the full disk' WHERE office = 'AAA'" || it_fail "work at A"
	sync_ok "$d/a.db" "$target"
	mkdir -p "$d/bdisk"
	mount -t tmpfs -o "size=$(($(stat -c %s "$IT_DIR/b.db") + 65536)),mode=0700" okienko-full "$d/bdisk" ||
		it_fail "mount a tmpfs at $d/bdisk"
	mounts+=("$d/bdisk")
	sqlite3 "$IT_DIR/b.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null && cp "$IT_DIR/b.db" "$d/bdisk/b.db" ||
		it_fail "B's file onto its small disk"
	rm -f "$IT_DIR/b.db" "$IT_DIR/b.db-wal" "$IT_DIR/b.db-shm" "$IT_DIR/b.db-turn"
	dump office "$d/bdisk/b.db" >"$IT_DIR/b.before"
	ok sync --db "$d/bdisk/b.db" --central "$target" >"$IT_DIR/out" 2>"$IT_DIR/err"; st=$?
	[ $st -eq 6 ] || it_fail "$kind: the office's full disk gave $st, not 6: $(cat "$IT_DIR/err")"
	[ "$(wc -l <"$IT_DIR/err")" -eq 1 ] && grep -qi "full" "$IT_DIR/err" ||
		it_fail "$kind: not one line saying the disk is full: $(cat "$IT_DIR/err")"
	it_log "$kind: $(cat "$IT_DIR/err")"
	# Every record B had is still there, as it was.
	dump office "$d/bdisk/b.db" >"$IT_DIR/b.after"
	[ -z "$(LC_ALL=C comm -23 "$IT_DIR/b.before" "$IT_DIR/b.after")" ] ||
		it_fail "$kind: B lost records on its full disk: $(LC_ALL=C comm -23 "$IT_DIR/b.before" "$IT_DIR/b.after" | head -n 3 | cut -c1-200)"
	mount -o remount,size=256m "$d/bdisk" || it_fail "remount $d/bdisk"
	for f in "$d/bdisk/b.db" "$d/a.db" "$d/bdisk/b.db"; do sync_ok "$f" "$target"; done
	[ "$SENT$RECEIVED$CONFLICTS" = 000 ] || it_fail "$kind: B not settled: $SENT sent, $RECEIVED received"
	converged "$target" "$d/a.db" "$d/bdisk/b.db"
	if [ $kind = pg ]; then
		psql -X -q "$PGSUPER" -c "DROP DATABASE fulldisk" -c "DROP TABLESPACE small" >/dev/null ||
			it_fail "drop the tablespace"
	fi
done
it_log "sync_full: a full central disk and a full office disk refused cleanly and resumed (SQLite, PostgreSQL)"
