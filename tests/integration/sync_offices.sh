#!/usr/bin/env bash
# sync_offices.sh: two offices synced through a central database, once
# through an SQLite file and once through PostgreSQL (a private cluster):
# both offices and the central side end with the same records, compared
# record by record; the city's report over the central side is the sum
# of the offices' own (additive indicators); a change at one office
# reaches the other; a second sync sends and receives nothing; a record
# changed at both offices is listed by sync --conflicts until a
# supervisor's choice, which then reaches the other office; an office file restored from an older backup
# is refused (status 9) with nothing changed at the central side; and the
# failures have their own statuses: unreachable 3, login refused 4, TLS
# (verify-full through a service file works; another CA's certificate) 5,
# newer schema 7, no schema 8, a password on the command line 2.
. "$(dirname "$0")/lib.sh"
it_setup
it_pg_start

for kind in sqlite pg; do
	d="$IT_DIR/$kind"
	mkdir -p "$d"
	if [ $kind = sqlite ]; then target="$d/central.db"; else target=$(it_pg_newdb offices); fi
	office "$d/a.db" AAA 1 300
	office "$d/b.db" BBB 2 300
	ok sync --db "$d/a.db" --central "$target" >/dev/null 2>"$IT_DIR/err"; st=$?
	[ $st -eq 8 ] || it_fail "$kind: sync before central init gave $st, not 8: $(cat "$IT_DIR/err")"
	ok central init "$target" >/dev/null || it_fail "$kind: central init"
	ok central init "$target" >/dev/null || it_fail "$kind: central init a second time"

	sync_ok "$d/a.db" "$target"
	[ "$RECEIVED" -eq 0 ] && [ "$SENT" -gt 1000 ] || it_fail "$kind: first sync sent $SENT, received $RECEIVED"
	sync_ok "$d/b.db" "$target"
	[ "$RECEIVED" -gt 1000 ] && [ "$CONFLICTS" -eq 0 ] || it_fail "$kind: B received $RECEIVED, $CONFLICTS conflicts"
	sync_ok "$d/a.db" "$target"
	[ "$SENT" -eq 0 ] && [ "$RECEIVED" -gt 1000 ] || it_fail "$kind: A's second sync: $SENT sent, $RECEIVED received"
	converged "$target" "$d/a.db" "$d/b.db"
	sync_ok "$d/a.db" "$target"
	[ "$SENT$RECEIVED$CONFLICTS" = 000 ] || it_fail "$kind: a sync with nothing new: $SENT sent, $RECEIVED received"

	# The city's report over the central side: every additive indicator
	# (all but the training areas 1.3.2a and the shares 2.2.2 and 3.2.3)
	# is the sum of the two offices' own reports.
	year=$(($(date +%Y) - 1))
	ok report --db "$d/a.db" --year $year --format csv >"$IT_DIR/ra" &&
		ok report --db "$d/b.db" --year $year --format csv >"$IT_DIR/rb" &&
		ok report --central "$target" --year $year --format csv >"$IT_DIR/rc" || it_fail "$kind: report"
	awk -F, 'FNR == 1 { f++; next }
		{ sub(/\r$/, ""); v[f, $1] = $NF + 0; if (f == 1) codes[++n] = $1 }
		END {
			for (i = 1; i <= n; i++) {
				c = codes[i]
				if (c == "1.3.2a" || c == "2.2.2" || c == "3.2.3") continue
				if (v[3, c] != v[1, c] + v[2, c]) { print c ": " v[3, c] " in the city, " v[1, c] " + " v[2, c] " at the offices"; bad = 1 }
				sum += v[3, c]; k++
			}
			if (k < 50 || sum < 1000) { print k " additive indicators, " sum " in all"; bad = 1 }
			exit bad
		}' "$IT_DIR/ra" "$IT_DIR/rb" "$IT_DIR/rc" >"$IT_DIR/sums" || it_fail "$kind: the city's report: $(head -n 3 "$IT_DIR/sums")"

	# Work at B: an event voided, a client's data corrected, then both sync.
	sq "$d/b.db" "UPDATE event SET state = 'voided', reason = 'wrong client' WHERE id = 7;
		UPDATE client SET phone = '501502503', version = version + 1 WHERE id = 11" || it_fail "changes at B"
	sync_ok "$d/b.db" "$target"
	[ "$SENT" -eq 2 ] || it_fail "$kind: B sent $SENT records, not 2"
	sync_ok "$d/a.db" "$target"
	[ "$RECEIVED" -eq 2 ] || it_fail "$kind: A received $RECEIVED records, not 2"
	converged "$target" "$d/a.db" "$d/b.db"

	# The same client changed at both offices.
	uid=$(sq "$d/a.db" "SELECT uid FROM client WHERE office = 'AAA' ORDER BY id LIMIT 1")
	sq "$d/a.db" "UPDATE client SET address = 'ul. Lipowa 1', version = version + 1 WHERE uid = '$uid'"
	sq "$d/b.db" "UPDATE client SET address = 'ul. Grodzka 2', version = version + 1 WHERE uid = '$uid'"
	sync_ok "$d/a.db" "$target"
	sync_ok "$d/b.db" "$target"
	[ "$CONFLICTS" -eq 1 ] || it_fail "$kind: $CONFLICTS conflicts at B, not 1"
	ok sync --db "$d/b.db" --conflicts >"$IT_DIR/conflicts" || it_fail "$kind: sync --conflicts"
	[ "$(wc -l <"$IT_DIR/conflicts")" -eq 1 ] && grep -q 'AAA.*client.*address' "$IT_DIR/conflicts" ||
		it_fail "$kind: conflict not listed: $(cat "$IT_DIR/conflicts")"
	[ "$(sq "$d/b.db" "SELECT address FROM client WHERE uid = '$uid'")" = 'ul. Grodzka 2' ] ||
		it_fail "$kind: B's version was overwritten"
	id=$(cut -f1 "$IT_DIR/conflicts")
	ok sync --db "$d/b.db" resolve "$id" other 2>/dev/null || it_fail "$kind: resolve"
	ok sync --db "$d/b.db" --conflicts >"$IT_DIR/conflicts" 2>/dev/null
	[ ! -s "$IT_DIR/conflicts" ] || it_fail "$kind: conflict still listed after the choice"
	sync_ok "$d/b.db" "$target"
	sync_ok "$d/a.db" "$target"
	[ "$CONFLICTS" -eq 0 ] || it_fail "$kind: A still has $CONFLICTS conflicts"
	sync_ok "$d/b.db" "$target"
	converged "$target" "$d/a.db" "$d/b.db"
	[ "$(sq "$d/b.db" "SELECT address FROM client WHERE uid = '$uid'")" = 'ul. Lipowa 1' ] ||
		it_fail "$kind: the chosen version is not at B"

	# A backup, more work synced, then the disk is lost and the backup
	# comes back: refused, nothing changed at the central side.
	sq "$d/a.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	cp "$d/a.db" "$d/backup.db"
	sq "$d/a.db" "UPDATE event SET notes = 'after the backup' WHERE id IN (3, 4, 5)"
	sync_ok "$d/a.db" "$target"
	dump central "$target" >"$IT_DIR/before"
	rm -f "$d/a.db" "$d/a.db-wal" "$d/a.db-shm"
	cp "$d/backup.db" "$d/a.db"
	sq "$d/a.db" "UPDATE event SET notes = 'redone differently' WHERE id IN (3, 4, 5, 6)"
	ok sync --db "$d/a.db" --central "$target" >"$IT_DIR/out" 2>"$IT_DIR/err"; st=$?
	[ $st -eq 9 ] || it_fail "$kind: a restored file gave status $st, not 9: $(cat "$IT_DIR/err")"
	[ "$(wc -l <"$IT_DIR/err")" -eq 1 ] && grep -q 'older backup' "$IT_DIR/err" || it_fail "$kind: message: $(cat "$IT_DIR/err")"
	[ ! -s "$IT_DIR/out" ] || it_fail "$kind: a refused sync printed a summary"
	dump central "$target" >"$IT_DIR/after"
	same "$kind: the central side before and after the refused sync" "$IT_DIR/before" "$IT_DIR/after"
done

# Failures told apart.
port=${PG##*port=}; port=${port%% *}
ok sync --db "$IT_DIR/sqlite/b.db" --central "host=127.0.0.1 port=1 dbname=okienko user=okienko connect_timeout=5" \
	>/dev/null 2>"$IT_DIR/err"; st=$?
[ $st -eq 3 ] || it_fail "unreachable server gave $st, not 3: $(cat "$IT_DIR/err")"
[ "$(wc -l <"$IT_DIR/err")" -eq 1 ] || it_fail "not one line: $(cat "$IT_DIR/err")"
PGPASSFILE=/dev/null ok sync --db "$IT_DIR/sqlite/b.db" --central "$PG" >/dev/null 2>"$IT_DIR/err"; st=$?
[ $st -eq 4 ] || it_fail "no password gave $st, not 4: $(cat "$IT_DIR/err")"
grep -q pgpass "$IT_DIR/err" || it_fail "the login message does not say where the password goes: $(cat "$IT_DIR/err")"
# TLS as the documentation sets it up (verify-full), through a service
# file; then a server whose certificate another CA signed.
printf '[central]\nhost=localhost\nport=%s\ndbname=offices\nuser=okienko\nsslmode=verify-full\nsslrootcert=%s\n' \
	"$port" "$PGCA" >"$IT_DIR/pg_service.conf"
sed -i "s/^localhost:/127.0.0.1:/; p; s/^127.0.0.1:/localhost:/" "$PGPASSFILE"
PGSERVICEFILE="$IT_DIR/pg_service.conf" sync_ok "$IT_DIR/pg/b.db" central
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=another CA" -keyout "$IT_DIR/other.key" \
	-out "$IT_DIR/other.crt" >/dev/null 2>&1 || it_fail "openssl"
ok sync --db "$IT_DIR/pg/b.db" --central "$PG host=localhost sslmode=verify-full sslrootcert=$IT_DIR/other.crt" \
	>/dev/null 2>"$IT_DIR/err"; st=$?
[ $st -eq 5 ] || it_fail "a certificate of another CA gave $st, not 5: $(cat "$IT_DIR/err")"
ok sync --db "$IT_DIR/sqlite/b.db" --central "$PG password=secret" >/dev/null 2>"$IT_DIR/err"; st=$?
[ $st -eq 2 ] || it_fail "a password on the command line gave $st, not 2"
sq "$IT_DIR/sqlite/central.db" "UPDATE central_meta SET value = '99' WHERE key = 'schema_version'"
ok sync --db "$IT_DIR/sqlite/b.db" --central "$IT_DIR/sqlite/central.db" >/dev/null 2>"$IT_DIR/err"; st=$?
[ $st -eq 7 ] || it_fail "a newer central schema gave $st, not 7: $(cat "$IT_DIR/err")"
ok sync --db "$IT_DIR/sqlite/b.db" --central "$IT_DIR/sqlite/b.db" >/dev/null 2>"$IT_DIR/err"; st=$?
[ $st -eq 1 ] || it_fail "an office file as the central database gave $st, not 1: $(cat "$IT_DIR/err")"
# The target from the configuration file.
printf '# okienko\ncentral = %s\n' "$IT_DIR/pg-missing.db" >"$IT_DIR/okienko.conf"
OKIENKO_CONFIG="$IT_DIR/okienko.conf" ok sync --db "$IT_DIR/sqlite/b.db" >/dev/null 2>"$IT_DIR/err"; st=$?
[ $st -eq 8 ] && grep -q 'pg-missing.db' "$IT_DIR/err" || it_fail "the configuration file's target was not used ($st): $(cat "$IT_DIR/err")"
printf 'central = %s password=x\n' "$PG" >"$IT_DIR/okienko.conf"
OKIENKO_CONFIG="$IT_DIR/okienko.conf" ok sync --db "$IT_DIR/sqlite/b.db" >/dev/null 2>"$IT_DIR/err"; st=$?
[ $st -eq 1 ] && grep -q 'password' "$IT_DIR/err" || it_fail "a password in the configuration file was taken ($st)"
exit 0
