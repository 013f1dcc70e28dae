#!/usr/bin/env bash
# sync_faults.sh: sync under faults, through an SQLite file and through
# PostgreSQL (a private cluster), each ending with the offices and the
# central side compared record by record (nothing lost, nothing doubled):
# - kill -9 at random moments of large pushes and pulls, 24 rounds, with
#   work recorded between the rounds;
# - two offices syncing at the same moment, each changing its own records,
#   and then changing the same records (4 rounds, racing in either order):
#   nothing diverges silently, each such record is listed as a conflict;
# - the PostgreSQL server stopped in the middle of a push (status 3,
#   nothing half-applied), then started again and the sync resumed.
. "$(dirname "$0")/lib.sh"
it_setup
it_pg_start
export OKIENKO_SYNC_BATCH=300

for kind in sqlite pg; do
	d="$IT_DIR/$kind"
	mkdir -p "$d"
	if [ $kind = sqlite ]; then target="$d/central.db"; else target=$(it_pg_newdb faults); fi
	ok central init "$target" >/dev/null || it_fail "$kind: central init"
	office "$d/a.db" AAA 1 1500
	office "$d/b.db" BBB 2 800
	killed=0
	for round in $(seq 1 24); do
		# Work between the rounds: corrections at both offices.
		sq "$d/a.db" "UPDATE event SET notes = 'round $round' WHERE id % 23 = $round % 23" || it_fail "work at A"
		sq "$d/b.db" "UPDATE client SET phone = '60$round', version = version + 1 WHERE id % 17 = $round % 17" ||
			it_fail "work at B"
		if [ $((round % 2)) -eq 1 ]; then f="$d/a.db"; else f="$d/b.db"; fi
		"$OKIENKO_BIN" sync --db "$f" --central "$target" >/dev/null 2>"$IT_DIR/err" &
		pid=$!
		sleep "0.$(printf '%03d' $((RANDOM % 600)))"
		kill -9 $pid 2>/dev/null
		wait $pid
		st=$?
		case $st in
		137) killed=$((killed + 1)) ;;
		0) ;;
		*) it_fail "$kind: round $round: sync failed with $st: $(cat "$IT_DIR/err")" ;;
		esac
	done
	it_log "$kind: $killed of 24 syncs killed"
	for f in a b a b; do sync_ok "$d/$f.db" "$target"; done
	[ "$SENT$RECEIVED$CONFLICTS" = 000 ] || it_fail "$kind: not settled: $SENT sent, $RECEIVED received, $CONFLICTS conflicts"
	converged "$target" "$d/a.db" "$d/b.db"

	# Two offices at the same moment, each changing its own events (the
	# same record changed at both is a conflict: sync_offices.sh).
	sq "$d/a.db" "UPDATE event SET notes = 'together' WHERE id % 5 = 0 AND office = 'AAA'"
	sq "$d/b.db" "UPDATE event SET notes = 'together too' WHERE id % 7 = 0 AND office = 'BBB'"
	ok sync --db "$d/a.db" --central "$target" >"$IT_DIR/a.out" 2>&1 &
	pa=$!
	ok sync --db "$d/b.db" --central "$target" >"$IT_DIR/b.out" 2>&1 &
	pb=$!
	wait $pa || it_fail "$kind: A syncing with B at once: $(cat "$IT_DIR/a.out")"
	wait $pb || it_fail "$kind: B syncing with A at once: $(cat "$IT_DIR/b.out")"
	for f in a b a; do sync_ok "$d/$f.db" "$target"; done
	converged "$target" "$d/a.db" "$d/b.db"

	# The same clients (a new version, as an edit makes) and events changed
	# at both offices, and the syncs racing, in either order. Nothing may diverge
	# silently: every record an office holds unlike the central side is
	# among its open conflicts, and every record changed at both offices is
	# listed at one of them at least. The supervisors' choices then bring
	# all together.
	for round in 1 2 3 4; do
		for f in a b; do
			if [ $f = a ]; then m=5; else m=7; fi
			sq "$d/$f.db" "SELECT uid FROM client WHERE id % $m = $round UNION ALL
				SELECT uid FROM event WHERE id % $m = $round" | LC_ALL=C sort >"$IT_DIR/$f.changed"
			sq "$d/$f.db" "UPDATE client SET phone = '$f $round', version = version + 1 WHERE id % $m = $round;
				UPDATE event SET notes = '$f $round' WHERE id % $m = $round" || it_fail "$kind: work at $f"
		done
		LC_ALL=C comm -12 "$IT_DIR/a.changed" "$IT_DIR/b.changed" >"$IT_DIR/both"
		[ "$(wc -l <"$IT_DIR/both")" -gt 10 ] || it_fail "$kind: round $round: only $(wc -l <"$IT_DIR/both") records changed at both offices"
		if [ $((round % 2)) -eq 1 ]; then first=a second=b; else first=b second=a; fi
		ok sync --db "$d/$first.db" --central "$target" >"$IT_DIR/$first.out" 2>&1 &
		p1=$!
		sleep "0.0$((RANDOM % 10))"
		ok sync --db "$d/$second.db" --central "$target" >"$IT_DIR/$second.out" 2>&1 &
		p2=$!
		wait $p1 || it_fail "$kind: round $round: $first racing: $(cat "$IT_DIR/$first.out")"
		wait $p2 || it_fail "$kind: round $round: $second racing: $(cat "$IT_DIR/$second.out")"
		for f in a b a b; do sync_ok "$d/$f.db" "$target"; done
		dump central "$target" >"$IT_DIR/c.dump"
		: >"$IT_DIR/listed"
		for f in a b; do
			dump office "$d/$f.db" | LC_ALL=C comm -23 - "$IT_DIR/c.dump" | cut -d" " -f2 | LC_ALL=C sort -u >"$IT_DIR/$f.differ"
			sq "$d/$f.db" "SELECT uid FROM sync_conflict WHERE resolved_at IS NULL" | LC_ALL=C sort -u >"$IT_DIR/$f.open"
			silent=$(LC_ALL=C comm -23 "$IT_DIR/$f.differ" "$IT_DIR/$f.open" | head -n 3)
			it_log "$kind: round $round: $f differs in $(wc -l <"$IT_DIR/$f.differ"), lists $(wc -l <"$IT_DIR/$f.open") of $(wc -l <"$IT_DIR/both") changed at both"
			[ -z "$silent" ] || it_fail "$kind: round $round: office $f holds records unlike the central side, not shown as conflicts: $silent"
			cat "$IT_DIR/$f.open" >>"$IT_DIR/listed"
		done
		LC_ALL=C sort -u -o "$IT_DIR/listed" "$IT_DIR/listed"
		unlisted=$(LC_ALL=C comm -23 "$IT_DIR/both" "$IT_DIR/listed" | head -n 3)
		[ -z "$unlisted" ] || it_fail "$kind: round $round: changed at both offices, listed at neither: $unlisted"
		# A keeps its own version, B takes the other office's.
		for f in a b; do
			if [ $f = a ]; then choice=local; else choice=other; fi
			ok sync --db "$d/$f.db" --conflicts | cut -f1 | while read -r id; do
				ok sync --db "$d/$f.db" resolve "$id" $choice >/dev/null 2>&1 || echo "$id"
			done >"$IT_DIR/unresolved"
			[ ! -s "$IT_DIR/unresolved" ] || it_fail "$kind: round $round: resolve failed at $f: $(head -n 3 "$IT_DIR/unresolved")"
		done
		for f in a b a b; do sync_ok "$d/$f.db" "$target"; done
		[ "$(sq "$d/a.db" "SELECT count(*) FROM sync_conflict WHERE resolved_at IS NULL")$(sq "$d/b.db" "SELECT count(*) FROM sync_conflict WHERE resolved_at IS NULL")" = 00 ] ||
			it_fail "$kind: round $round: conflicts still open after the choices"
		converged "$target" "$d/a.db" "$d/b.db"
	done
done

# The server stopped in the middle of a push.
d="$IT_DIR/pg"
sq "$d/a.db" "UPDATE event SET notes = 'before the outage'" || it_fail "work at A"
n=$(sq "$d/a.db" "SELECT max(seq) FROM change")
OKIENKO_SYNC_BATCH=100 "$OKIENKO_BIN" sync --db "$d/a.db" --central "$target" >"$IT_DIR/out" 2>"$IT_DIR/err" &
pid=$!
seen=0
for _ in $(seq 1 400); do
	last=$(psql -X -At "$target" -c "SELECT last_seq FROM okienko.office_mark WHERE office = 'AAA'" 2>/dev/null)
	[ -n "$last" ] && [ "$last" -gt $((n - 20000)) ] && { seen=1; break; }
	sleep 0.05
done
[ $seen -eq 1 ] || it_fail "the push did not start"
it_pg_ctl stop
wait $pid
st=$?
[ $st -eq 3 ] || it_fail "a server stopped mid-sync gave $st, not 3: $(cat "$IT_DIR/err") $(cat "$IT_DIR/out")"
[ "$(wc -l <"$IT_DIR/err")" -eq 1 ] || it_fail "not one line: $(cat "$IT_DIR/err")"
it_pg_ctl start || it_fail "the server did not start again"
last=$(psql -X -At "$target" -c "SELECT last_seq FROM okienko.office_mark WHERE office = 'AAA'")
[ "$last" -lt "$n" ] || it_fail "the push ended before the server stopped"
sync_ok "$d/a.db" "$target"
sync_ok "$d/b.db" "$target"
sync_ok "$d/a.db" "$target"
converged "$target" "$d/a.db" "$d/b.db"
last=$(psql -X -At "$target" -c "SELECT last_seq FROM okienko.office_mark WHERE office = 'AAA'")
[ "$last" -eq "$(sq "$d/a.db" "SELECT max(seq) FROM change")" ] || it_fail "the mark $last is not the last change"
exit 0
