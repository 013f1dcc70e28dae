/* schema.c: the office database's schema and its migrations.
 *
 * migrations[i] takes a file from user_version i to i+1; all pending ones
 * run in one transaction at start (db.c). Never edit a migration that
 * has shipped: add the next one.
 *
 * Conventions of every table whose rows leave the office in the nightly
 * sync: `uid` is a random 128-bit identifier, unique across all offices;
 * `office` names the office that recorded the row; every insert or update
 * appends to `change` (triggers), whose seq is the office's change
 * sequence. Nothing a user recorded is overwritten: client and employer
 * corrections keep the earlier version in *_version with author and
 * reason; an event is corrected by a new event that supersedes it, or
 * voided with a reason, and the original row stays. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_private.h"
#include "intl.h"

/* The default is for rows that SQL alone makes (a test, an administrator):
 * the desk gives every row it makes a NEW_UID (db_private.h), ordered by
 * time as the import's and the demo's uids are; a pulled row keeps its own. */
#define UID "uid TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16))))"
#define NOW "(strftime('%Y-%m-%dT%H:%M:%S','now','localtime'))"

static const char *const migration_1 =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"

	/* Staff accounts. Passwords only as yescrypt hashes. */
	"CREATE TABLE staff("
	" id INTEGER PRIMARY KEY, " UID ","
	" login TEXT NOT NULL UNIQUE,"
	" full_name TEXT NOT NULL DEFAULT '',"
	" role TEXT NOT NULL CHECK(role IN ('front_office','counselor','supervisor','admin')),"
	" pw_hash TEXT NOT NULL,"
	" active INTEGER NOT NULL DEFAULT 1 CHECK(active IN (0,1)),"
	" created_at TEXT NOT NULL DEFAULT " NOW ");"

	/* Groups in a special situation: a configurable code table. */
	"CREATE TABLE group_code("
	" code TEXT PRIMARY KEY,"
	" act TEXT NOT NULL CHECK(act IN ('2004','2025','both')),"
	" derived INTEGER NOT NULL DEFAULT 0,"
	" active INTEGER NOT NULL DEFAULT 1) WITHOUT ROWID;"
	"INSERT INTO group_code(code, act, derived) VALUES"
	" ('under_25','both',1),('under_30','both',1),('over_50','both',1),"
	" ('long_term','2004',1),('social_assistance','2004',0),"
	" ('parent_child_under_6','2004',0),('parent_disabled_child','2004',0),"
	" ('disabled','both',0),('over_60','2025',1),('pensioner','2025',0),"
	" ('single_parent','2025',0),('large_family','2025',0);"

	/* Clients. A PESEL, or a document with a birth date. first_fold and
	 * last_fold are text_fold() of the names, for search. */
	"CREATE TABLE client("
	" id INTEGER PRIMARY KEY, " UID ","
	" office TEXT NOT NULL,"
	" pesel TEXT UNIQUE CHECK(pesel IS NULL OR (length(pesel)=11 AND pesel NOT GLOB '*[^0-9]*')),"
	" doc_type TEXT, doc_number TEXT,"
	" first_name TEXT NOT NULL, last_name TEXT NOT NULL,"
	" first_fold TEXT NOT NULL, last_fold TEXT NOT NULL,"
	" birth_date TEXT NOT NULL,"
	" sex TEXT NOT NULL CHECK(sex IN ('F','M')),"
	" citizenship TEXT NOT NULL DEFAULT 'PL',"
	" address TEXT, phone TEXT, email TEXT,"
	" education TEXT CHECK(education IS NULL OR education IN ('higher','vocational_secondary',"
	"  'general_secondary','basic_vocational','primary_or_none')),"
	" disability TEXT CHECK(disability IS NULL OR disability IN ('light','moderate','severe')),"
	" benefit INTEGER NOT NULL DEFAULT 0 CHECK(benefit IN (0,1)),"
	" ipd_on TEXT,"
	" version INTEGER NOT NULL DEFAULT 1,"
	" created_at TEXT NOT NULL DEFAULT " NOW ","
	" created_by INTEGER REFERENCES staff(id),"
	" updated_at TEXT, updated_by INTEGER REFERENCES staff(id),"
	" CHECK(pesel IS NOT NULL OR (doc_type IS NOT NULL AND doc_number IS NOT NULL)));"
	"CREATE UNIQUE INDEX client_document ON client(doc_type, doc_number) WHERE doc_type IS NOT NULL;"
	"CREATE INDEX client_name ON client(last_fold, first_fold);"
	"CREATE INDEX client_first ON client(first_fold, birth_date);"

	/* Earlier versions of a client's data (JSON of the fields as they were). */
	"CREATE TABLE client_version("
	" id INTEGER PRIMARY KEY, " UID ","
	" client_id INTEGER NOT NULL REFERENCES client(id),"
	" version INTEGER NOT NULL,"
	" data TEXT NOT NULL CHECK(json_valid(data)),"
	" changed_at TEXT NOT NULL DEFAULT " NOW ","
	" changed_by INTEGER REFERENCES staff(id),"
	" reason TEXT NOT NULL,"
	" UNIQUE(client_id, version));"

	/* Occupations: KZiS 6-digit codes, learned, last held or sought. */
	"CREATE TABLE client_occupation("
	" id INTEGER PRIMARY KEY, " UID ","
	" client_id INTEGER NOT NULL REFERENCES client(id),"
	" kind TEXT NOT NULL CHECK(kind IN ('learned','last','sought')),"
	" code TEXT NOT NULL CHECK(length(code)=6 AND code NOT GLOB '*[^0-9]*'),"
	" UNIQUE(client_id, kind, code));"

	/* Registration periods: status and the legal regime in force. */
	"CREATE TABLE registration("
	" id INTEGER PRIMARY KEY, " UID ","
	" office TEXT NOT NULL,"
	" client_id INTEGER NOT NULL REFERENCES client(id),"
	" status TEXT NOT NULL CHECK(status IN ('unemployed','job_seeker')),"
	" regime TEXT NOT NULL CHECK(regime IN ('2004','2025')),"
	" registered_on TEXT NOT NULL,"
	" ended_on TEXT,"
	" end_event_id INTEGER REFERENCES event(id),"
	" created_at TEXT NOT NULL DEFAULT " NOW ","
	" created_by INTEGER REFERENCES staff(id),"
	" CHECK(ended_on IS NULL OR ended_on >= registered_on));"
	"CREATE INDEX registration_client ON registration(client_id, registered_on);"
	"CREATE INDEX registration_open ON registration(status, ended_on);"

	/* Groups in a special situation, date-ranged. */
	"CREATE TABLE client_group("
	" id INTEGER PRIMARY KEY, " UID ","
	" client_id INTEGER NOT NULL REFERENCES client(id),"
	" code TEXT NOT NULL REFERENCES group_code(code),"
	" valid_from TEXT NOT NULL, valid_to TEXT,"
	" recorded_by INTEGER REFERENCES staff(id),"
	" created_at TEXT NOT NULL DEFAULT " NOW ","
	" CHECK(valid_to IS NULL OR valid_to >= valid_from));"
	"CREATE INDEX client_group_client ON client_group(client_id);"

	/* Employers (NIP) and the earlier versions of their data. */
	"CREATE TABLE employer("
	" id INTEGER PRIMARY KEY, " UID ","
	" office TEXT NOT NULL,"
	" nip TEXT NOT NULL UNIQUE CHECK(length(nip)=10 AND nip NOT GLOB '*[^0-9]*'),"
	" name TEXT NOT NULL, name_fold TEXT NOT NULL,"
	" registered_on TEXT NOT NULL,"
	" address TEXT, phone TEXT, email TEXT,"
	" version INTEGER NOT NULL DEFAULT 1,"
	" created_at TEXT NOT NULL DEFAULT " NOW ","
	" created_by INTEGER REFERENCES staff(id),"
	" updated_at TEXT, updated_by INTEGER REFERENCES staff(id));"
	"CREATE INDEX employer_name ON employer(name_fold);"
	"CREATE TABLE employer_version("
	" id INTEGER PRIMARY KEY, " UID ","
	" employer_id INTEGER NOT NULL REFERENCES employer(id),"
	" version INTEGER NOT NULL,"
	" data TEXT NOT NULL CHECK(json_valid(data)),"
	" changed_at TEXT NOT NULL DEFAULT " NOW ","
	" changed_by INTEGER REFERENCES staff(id),"
	" reason TEXT NOT NULL,"
	" UNIQUE(employer_id, version));"

	/* Every service, referral, outcome, grant, registration and
	 * deregistration is an event. detail holds, by kind: the contact mode,
	 * the referral's destination or training area, the outcome, the grant
	 * source, the deregistration reason, or the registration status. */
	"CREATE TABLE event("
	" id INTEGER PRIMARY KEY, " UID ","
	" office TEXT NOT NULL,"
	" kind TEXT NOT NULL CHECK(kind IN ('initial_interview','individual_advice','group_advice',"
	"  'vocational_info','test_examination','contact','employer_advice','vacancy',"
	"  'referral_counselor','referral_soft_skills','referral_training','referral_internship',"
	"  'referral_socially_useful_work','referral_outcome','startup_grant','deregistration',"
	"  'registration')),"
	" occurred_on TEXT NOT NULL,"
	" occurred_at TEXT,"
	" client_id INTEGER REFERENCES client(id),"
	" employer_id INTEGER REFERENCES employer(id),"
	" staff_id INTEGER NOT NULL REFERENCES staff(id),"
	" registration_id INTEGER REFERENCES registration(id),"
	" regime TEXT NOT NULL CHECK(regime IN ('2004','2025')),"
	" detail TEXT,"
	" places INTEGER CHECK(places IS NULL OR places > 0),"
	" subsidised INTEGER CHECK(subsidised IS NULL OR subsidised IN (0,1)),"
	" referral_id INTEGER REFERENCES event(id),"
	" ref TEXT,"
	" session_uid TEXT,"
	" notes TEXT,"
	" state TEXT NOT NULL DEFAULT 'active' CHECK(state IN ('active','corrected','voided')),"
	" supersedes INTEGER REFERENCES event(id),"
	" reason TEXT,"
	" voided_by INTEGER REFERENCES staff(id), voided_at TEXT,"
	" created_at TEXT NOT NULL DEFAULT " NOW ","
	" CHECK(client_id IS NOT NULL OR employer_id IS NOT NULL),"
	" CHECK(supersedes IS NULL OR reason IS NOT NULL),"
	" CHECK(state <> 'voided' OR reason IS NOT NULL));"
	"CREATE INDEX event_client ON event(client_id, occurred_on);"
	"CREATE INDEX event_employer ON event(employer_id, occurred_on) WHERE employer_id IS NOT NULL;"
	"CREATE INDEX event_day ON event(occurred_on, kind, staff_id);"
	"CREATE INDEX event_kind ON event(kind, occurred_on);"
	"CREATE INDEX event_referral ON event(referral_id) WHERE referral_id IS NOT NULL;"
	"CREATE INDEX event_ref ON event(ref) WHERE ref IS NOT NULL;"

	/* Office activity log: what the yearly report needs beyond case
	 * records (job fairs, marketing visits, agreements, ...), by the
	 * indicator code of the monitoring report. */
	"CREATE TABLE activity("
	" id INTEGER PRIMARY KEY, " UID ","
	" office TEXT NOT NULL,"
	" indicator TEXT NOT NULL,"
	" occurred_on TEXT NOT NULL,"
	" quantity INTEGER NOT NULL DEFAULT 1 CHECK(quantity >= 0),"
	" description TEXT NOT NULL DEFAULT '',"
	" staff_id INTEGER NOT NULL REFERENCES staff(id),"
	" state TEXT NOT NULL DEFAULT 'active' CHECK(state IN ('active','voided')),"
	" reason TEXT,"
	" created_at TEXT NOT NULL DEFAULT " NOW ");"
	"CREATE INDEX activity_day ON activity(occurred_on, indicator);"

	/* Programmes and projects, and the clients enrolled in them. */
	"CREATE TABLE programme("
	" id INTEGER PRIMARY KEY, " UID ","
	" office TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" kind TEXT NOT NULL CHECK(kind IN ('special','own_eu','partner_eu','partner_external',"
	"  'partner_regional','business_support')),"
	" funding TEXT NOT NULL DEFAULT 'national' CHECK(funding IN ('national','eu','external')),"
	" special_situation INTEGER NOT NULL DEFAULT 0,"
	" started_on TEXT NOT NULL, ended_on TEXT,"
	" created_at TEXT NOT NULL DEFAULT " NOW ","
	" created_by INTEGER REFERENCES staff(id));"
	"CREATE TABLE programme_client("
	" id INTEGER PRIMARY KEY, " UID ","
	" programme_id INTEGER NOT NULL REFERENCES programme(id),"
	" client_id INTEGER NOT NULL REFERENCES client(id),"
	" enrolled_on TEXT NOT NULL,"
	" created_at TEXT NOT NULL DEFAULT " NOW ","
	" UNIQUE(programme_id, client_id));"

	/* Audit log: who read or changed what. No PESEL in detail; stays at
	 * the office (not synced). */
	"CREATE TABLE audit("
	" id INTEGER PRIMARY KEY,"
	" at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f','now','localtime')),"
	" actor TEXT NOT NULL,"
	" action TEXT NOT NULL,"
	" entity TEXT NOT NULL,"
	" entity_uid TEXT,"
	" detail TEXT);"
	"CREATE INDEX audit_entity ON audit(entity_uid);"

	/* The office's change sequence: what the nightly sync sends. */
	"CREATE TABLE change("
	" seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	" tbl TEXT NOT NULL,"
	" row_id INTEGER NOT NULL);";

/* Every table whose rows leave the office appends to the change sequence
 * on each insert and update. */
#define CHANGE_TRIGGERS(t) \
	"CREATE TRIGGER " t "_ins AFTER INSERT ON " t " BEGIN" \
	" INSERT INTO change(tbl, row_id) VALUES('" t "', NEW.id); END;" \
	"CREATE TRIGGER " t "_upd AFTER UPDATE ON " t " BEGIN" \
	" INSERT INTO change(tbl, row_id) VALUES('" t "', NEW.id); END;"

static const char *const migration_1_triggers =
	CHANGE_TRIGGERS("staff") CHANGE_TRIGGERS("client") CHANGE_TRIGGERS("client_version")
	CHANGE_TRIGGERS("client_occupation") CHANGE_TRIGGERS("registration")
	CHANGE_TRIGGERS("client_group") CHANGE_TRIGGERS("employer")
	CHANGE_TRIGGERS("employer_version") CHANGE_TRIGGERS("event")
	CHANGE_TRIGGERS("activity") CHANGE_TRIGGERS("programme")
	CHANGE_TRIGGERS("programme_client");

static enum ok_status run(struct ok_db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db_sqlite(db), sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		enum ok_status st = db_sqlfail(db, rc);
		if (msg)
			db_fail(db, st, _("Cannot upgrade the database schema: %s"), msg);
		sqlite3_free(msg);
		return st;
	}
	return OK_OK;
}

static enum ok_status migrate_1(struct ok_db *db)
{
	enum ok_status st = run(db, migration_1);
	return st == OK_OK ? run(db, migration_1_triggers) : st;
}

/* Migration 2: the derived values that keep the desk's lists instant.
 * registration.last_contact_on/contact_due: the 90-day contact clock,
 * contact_due set only for an open period of an unemployed person;
 * event.ref_state: a referral's state from its latest active outcome. */
static const char *const migration_2 =
	"ALTER TABLE registration ADD COLUMN last_contact_on TEXT;"
	"ALTER TABLE registration ADD COLUMN contact_due TEXT;"
	"ALTER TABLE event ADD COLUMN ref_state TEXT CHECK(ref_state IS NULL OR ref_state IN"
	" ('issued','started','completed','interrupted','no_show','cancelled'));"
	"CREATE INDEX registration_due ON registration(contact_due, id) WHERE contact_due IS NOT NULL;"
	"CREATE INDEX event_open_referral_staff ON event(staff_id, occurred_on, id)"
	" WHERE state = 'active' AND ref_state IN ('issued','started');"
	"CREATE INDEX event_open_referral ON event(occurred_on, id)"
	" WHERE state = 'active' AND ref_state IN ('issued','started');";

static enum ok_status migrate_2(struct ok_db *db)
{
	enum ok_status st = run(db, migration_2);
	return st == OK_OK ? schema_derive_all(db) : st;
}

/* Migration 3: the files imported, so that the same file imported again
 * is recognised at once and changes nothing. Stays at the office. */
static const char *const migration_3 =
	"CREATE TABLE import_log("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL CHECK(kind IN ('clients','employers','events')),"
	" file_hash TEXT NOT NULL,"
	" file_name TEXT NOT NULL,"
	" rows INTEGER NOT NULL,"
	" added INTEGER NOT NULL,"
	" actor TEXT NOT NULL,"
	" at TEXT NOT NULL DEFAULT " NOW ","
	" UNIQUE(kind, file_hash));";

/* Every "col IN ('a', 'b', ...)" of a table's CHECK constraints written
 * as "(col = 'a' OR col = 'b' ...)" (malloc'd; NULL when there is none).
 * The same constraint: SQLite evaluates a constant IN list of more than
 * two values through a temporary table that it builds again on every run
 * of a statement, which made the CHECK on an event's kind cost more than
 * the rest of inserting the row. A table's SQL has IN lists only in its
 * CHECK constraints. */
static char *check_in_as_or(const char *sql)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	if (!f)
		abort();
	bool changed = false;
	const char *p = sql, *in;
	while ((in = strstr(p, " IN (")) != NULL) {
		const char *col = in;
		while (col > p && (col[-1] == '_' || (col[-1] >= 'a' && col[-1] <= 'z')))
			col--;
		/* The list: quoted literals (no quote inside), commas, spaces. */
		const char *end = in + 5;
		bool ok = col < in;
		for (;;) {
			while (*end == ' ' || *end == ',')
				end++;
			if (*end != '\'')
				break;
			const char *close = strchr(end + 1, '\'');
			if (!close) {
				ok = false;
				break;
			}
			end = close + 1;
		}
		if (!ok || *end != ')') {
			fwrite(p, 1, (size_t)(in + 5 - p), f);
			p = in + 5;
			continue;
		}
		fwrite(p, 1, (size_t)(col - p), f);
		fputc('(', f);
		const char *sep = "";
		for (const char *v = in + 5; v < end;) {
			while (*v == ' ' || *v == ',')
				v++;
			if (v >= end)
				break;
			const char *close = strchr(v + 1, '\'');
			fprintf(f, "%s%.*s = %.*s", sep, (int)(in - col), col, (int)(close + 1 - v), v);
			sep = " OR ";
			v = close + 1;
		}
		fputc(')', f);
		changed = true;
		p = end + 1;
	}
	fputs(p, f);
	fclose(f);
	if (!changed) {
		free(out);
		return NULL;
	}
	return out;
}

/* Rewrites the CHECK constraints of every table with check_in_as_or():
 * SQLite's documented procedure for a schema change that leaves the rows
 * as they are (writable_schema, then a new schema_version), inside the
 * migration's transaction. */
static enum ok_status checks_without_in_lists(struct ok_db *db)
{
	sqlite3 *sql = db_sqlite(db);
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(sql, "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql LIKE '% IN (%'",
	                            -1, &s, NULL);
	if (rc != SQLITE_OK)
		return db_sqlfail(db, rc);
	struct { char *name, *sql; } *t = NULL;
	size_t nt = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		char *rewritten = check_in_as_or((const char *)sqlite3_column_text(s, 1));
		if (!rewritten)
			continue;
		t = realloc(t, (nt + 1) * sizeof *t);
		if (!t)
			abort();
		t[nt].name = strdup((const char *)sqlite3_column_text(s, 0));
		t[nt].sql = rewritten;
		if (!t[nt].name)
			abort();
		nt++;
	}
	sqlite3_finalize(s);
	enum ok_status st = rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
	int version = 0;
	if (st == OK_OK && nt) {
		if ((rc = sqlite3_prepare_v2(sql, "PRAGMA schema_version", -1, &s, NULL)) == SQLITE_OK) {
			if (sqlite3_step(s) == SQLITE_ROW)
				version = sqlite3_column_int(s, 0);
			sqlite3_finalize(s);
		}
		st = rc == SQLITE_OK ? run(db, "PRAGMA writable_schema = ON") : db_sqlfail(db, rc);
	}
	for (size_t i = 0; st == OK_OK && i < nt; i++) {
		rc = sqlite3_prepare_v2(sql, "UPDATE sqlite_schema SET sql = ?2 WHERE type = 'table' AND name = ?1",
		                        -1, &s, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_text(s, 1, t[i].name, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 2, t[i].sql, -1, SQLITE_STATIC);
			rc = sqlite3_step(s);
			sqlite3_finalize(s);
		}
		if (rc != SQLITE_DONE && rc != SQLITE_OK)
			st = db_sqlfail(db, rc);
	}
	if (nt) {
		char bump[64];
		snprintf(bump, sizeof bump, "PRAGMA schema_version = %d", version + 1);
		if (st == OK_OK)
			st = run(db, bump);
		enum ok_status off = run(db, "PRAGMA writable_schema = OFF");
		if (st == OK_OK)
			st = off;
	}
	for (size_t i = 0; i < nt; i++) {
		free(t[i].name);
		free(t[i].sql);
	}
	free(t);
	return st;
}

/* A large import appends the change sequence's rows for its new events
 * at its end, in one statement (db_bulk_insert_begin/end), instead of one
 * trigger run per row. */
static const char *const migration_3_trigger =
	"DROP TRIGGER event_ins;"
	"CREATE TRIGGER event_ins AFTER INSERT ON event"
	" WHEN " NOT_BULK " BEGIN"
	" INSERT INTO change(tbl, row_id) VALUES('event', NEW.id); END;";

static enum ok_status migrate_3(struct ok_db *db)
{
	enum ok_status st = run(db, migration_3);
	if (st == OK_OK)
		st = checks_without_in_lists(db);
	return st == OK_OK ? run(db, migration_3_trigger) : st;
}

/* Migration 4: what the day counts and the yearly report read by date
 * (new employers, programme participants), and who enrolled a client
 * in a programme. */
static const char *const migration_4 =
	"ALTER TABLE programme_client ADD COLUMN created_by INTEGER REFERENCES staff(id);"
	"CREATE INDEX programme_client_day ON programme_client(enrolled_on);"
	"CREATE INDEX programme_client_client ON programme_client(client_id, enrolled_on);"
	"CREATE INDEX employer_registered ON employer(registered_on);";

static enum ok_status migrate_4(struct ok_db *db)
{
	return run(db, migration_4);
}

/* Migration 5: the nightly sync (sync.c). sync_run: the history of
 * runs; sync_conflict: records changed at two offices, duplicates, and
 * records waiting for one they refer to, with both versions, until a
 * supervisor chooses. Both stay at the office. The change triggers of
 * registration and event no longer fire for the values each office
 * derives for itself (the contact clock, a referral's state), which are
 * not sent: only what people recorded enters the change sequence. (No
 * IN lists in the CHECKs: see check_in_as_or.) */
static const char *const migration_5 =
	"CREATE TABLE sync_run("
	" id INTEGER PRIMARY KEY,"
	" started_at TEXT NOT NULL,"
	" seconds REAL NOT NULL DEFAULT 0,"
	" target TEXT NOT NULL,"
	" outcome TEXT NOT NULL CHECK(outcome = 'ok' OR outcome = 'failed'),"
	" sent INTEGER NOT NULL DEFAULT 0,"
	" received INTEGER NOT NULL DEFAULT 0,"
	" conflicts INTEGER NOT NULL DEFAULT 0,"
	" message TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE sync_conflict("
	" id INTEGER PRIMARY KEY,"
	" tbl TEXT NOT NULL,"
	" uid TEXT NOT NULL,"
	" office TEXT NOT NULL,"
	" kind TEXT NOT NULL CHECK(kind = 'conflict' OR kind = 'duplicate' OR kind = 'held'),"
	" local_data TEXT,"
	" other_data TEXT NOT NULL,"
	" batch INTEGER NOT NULL,"
	" detected_at TEXT NOT NULL DEFAULT " NOW ","
	" resolved_at TEXT, resolved_by TEXT,"
	" resolution TEXT CHECK(resolution IS NULL OR resolution = 'local' OR resolution = 'other'"
	"  OR resolution = 'superseded'));"
	"CREATE UNIQUE INDEX sync_conflict_open ON sync_conflict(uid) WHERE resolved_at IS NULL;"
	/* A record's first change: never sent before, it goes straight in. */
	"CREATE INDEX change_row ON change(tbl, row_id, seq);"
	"DROP TRIGGER registration_upd;"
	"CREATE TRIGGER registration_upd AFTER UPDATE OF uid, office, client_id, status, regime,"
	" registered_on, ended_on, end_event_id, created_at, created_by ON registration BEGIN"
	" INSERT INTO change(tbl, row_id) VALUES('registration', NEW.id); END;"
	"DROP TRIGGER event_upd;"
	"CREATE TRIGGER event_upd AFTER UPDATE OF uid, office, kind, occurred_on, occurred_at, client_id,"
	" employer_id, staff_id, registration_id, regime, detail, places, subsidised, referral_id, ref,"
	" session_uid, notes, state, supersedes, reason, voided_by, voided_at, created_at ON event BEGIN"
	" INSERT INTO change(tbl, row_id) VALUES('event', NEW.id); END;";

static enum ok_status migrate_5(struct ok_db *db)
{
	return run(db, migration_5);
}

/* Migration 6 (issue 7): search as you type reads only index pages. A
 * key's first page of hits came from
 * the PESEL or folded-name index, then one table row per hit and, for
 * its status, one registration row more: with a file of 1,000,000
 * clients mostly not in memory, some fifty scattered page reads a key.
 * Covering indexes carry every column of a hit (client_name_hit replaces
 * client_name, whose columns it starts with), and the open registration's
 * status is read from registration_status alone. */
static const char *const migration_6 =
	"CREATE INDEX IF NOT EXISTS client_pesel_hit ON client(pesel, last_name, first_name, birth_date,"
	" last_fold, first_fold, doc_type, doc_number) WHERE pesel IS NOT NULL;"
	"CREATE INDEX IF NOT EXISTS client_name_hit ON client(last_fold, first_fold, id, pesel, last_name, first_name,"
	" birth_date, doc_type, doc_number);"
	"DROP INDEX IF EXISTS client_name;"
	"CREATE INDEX IF NOT EXISTS registration_status ON registration(client_id, registered_on, ended_on, status);";

static enum ok_status migrate_6(struct ok_db *db)
{
	return run(db, migration_6);
}

/* Migration 7 (issue 7): the supervisors' figures read only index pages.
 * The day's counts and the yearly report's scans of a year's events (by
 * kind and day) used to fetch every event row behind event_day or
 * event_kind: at 10,000,000 events, tens of thousands of scattered table
 * pages a day, millions a year. event_live holds, for active events only
 * (the only ones that count anywhere), every column those conditions and
 * groupings read (state too: SQLite does not count the partial index's
 * own condition as a column it holds), so that the counts and the
 * report's counting queries are answered from it alone. Whether a client
 * is in a special situation on a day is answered from client_group_valid
 * alone (it replaces client_group_client, whose column it starts with). */
static const char *const migration_7 =
	"CREATE INDEX IF NOT EXISTS event_live ON event(kind, occurred_on, office, staff_id, client_id,"
	" employer_id, detail, referral_id, subsidised, places, state) WHERE state = 'active';"
	"CREATE INDEX IF NOT EXISTS client_group_valid ON client_group(client_id, valid_from, valid_to);"
	"DROP INDEX IF EXISTS client_group_client;";

static enum ok_status migrate_7(struct ok_db *db)
{
	return run(db, migration_7);
}

/* Migration 8 (issue 4 point 5, issue 7): two indexes of the event
 * table that no query of the program needs. event_kind(kind, occurred_on) was read only by the
 * sync's refresh of referral states (every referral of the file, where
 * without it the planner goes to the few received rows by their ids)
 * and by migration 2 and the demo's derivation, which read the referral
 * kinds once; every count and report query reads event_live, whose
 * first columns they are (the counted events are active). event_day
 * (occurred_on, kind, staff_id) was read only by the import's check for
 * a row imported before, which event_client or event_employer answers as
 * well (client or employer, and day). Each is a tenth of the file's
 * index entries kept on every save, and a large import makes each again. */
static const char *const migration_8 =
	"DROP INDEX IF EXISTS event_kind;"
	"DROP INDEX IF EXISTS event_day;";

static enum ok_status migrate_8(struct ok_db *db)
{
	return run(db, migration_8);
}

/* Migration 9 (issue 7): the yearly report's facts (report.c). For the
 * indicators whose rule looks beyond the event itself, report_fact holds
 * the key rows of each client (or employer) and year; report_stale notes
 * the clients whose records changed (-1: everyone), report_stale_employer
 * the employers, report_total the sums of each indicator's facts of a
 * year (its value), and report_fact_upto in meta the
 * last event whose client's facts are written; report_facts_settle()
 * writes the noted clients' facts again before each commit. The triggers
 * note the changes that a rule reads: an event changed or removed (and
 * the clients of the outcomes of a changed referral), a registration's
 * start, groups, and the office (what "this office's records" is); a new
 * event is noted from report_fact_upto (no trigger on every insert), and
 * an event inserted below it, by a trigger. programme_client_year: the
 * participants of a year in the order the report takes them. */
/* (Not INSERT OR IGNORE: the conflict clause of the statement that fires
 * a trigger overrides the trigger's own, as the demo's OR ROLLBACK would.) */
#define NOTE(client) \
	"INSERT INTO report_stale(client_id) SELECT " client " WHERE " client " IS NOT NULL" \
	" AND NOT EXISTS (SELECT 1 FROM report_stale WHERE client_id = " client ");"
#define NOTE_EMPLOYER(employer) \
	"INSERT INTO report_stale_employer(employer_id) SELECT " employer " WHERE " employer " IS NOT NULL" \
	" AND NOT EXISTS (SELECT 1 FROM report_stale_employer WHERE employer_id = " employer ");"
#define NOTE_REFERRERS(id) \
	"INSERT INTO report_stale(client_id) SELECT DISTINCT o.client_id FROM event o WHERE o.referral_id = " id \
	" AND o.client_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM report_stale WHERE client_id = o.client_id);"
static const char *const migration_9 =
	"CREATE TABLE report_fact("
	" code TEXT NOT NULL,"
	" year TEXT NOT NULL,"
	" area TEXT,"
	" day TEXT NOT NULL,"
	" event_id INTEGER NOT NULL,"
	" client_id INTEGER,"
	" employer_id INTEGER,"
	" q INTEGER NOT NULL);"
	"CREATE INDEX report_fact_key ON report_fact(code, year, area, day, event_id, q);"
	"CREATE INDEX report_fact_client ON report_fact(client_id) WHERE client_id IS NOT NULL;"
	"CREATE INDEX report_fact_employer ON report_fact(employer_id) WHERE employer_id IS NOT NULL;"
	"CREATE TABLE report_total(code TEXT NOT NULL, year TEXT NOT NULL, q INTEGER NOT NULL, n INTEGER NOT NULL,"
	" PRIMARY KEY(code, year)) WITHOUT ROWID;"
	"CREATE TABLE report_stale(client_id INTEGER PRIMARY KEY);"
	"CREATE TABLE report_stale_employer(employer_id INTEGER PRIMARY KEY);"
	"INSERT INTO report_stale(client_id) VALUES(-1);"
	"CREATE TRIGGER report_event_ins AFTER INSERT ON event WHEN NEW.id <= coalesce((SELECT CAST(value AS INTEGER)"
	" FROM meta WHERE key = 'report_fact_upto'), 0) BEGIN " NOTE("NEW.client_id") NOTE_EMPLOYER("NEW.employer_id") " END;"
	"CREATE TRIGGER report_event_upd AFTER UPDATE OF id, office, kind, occurred_on, client_id, employer_id, detail,"
	" places, subsidised, referral_id, state ON event BEGIN " NOTE("OLD.client_id") NOTE("NEW.client_id")
	NOTE_EMPLOYER("OLD.employer_id") NOTE_EMPLOYER("NEW.employer_id")
	NOTE_REFERRERS("OLD.id") NOTE_REFERRERS("NEW.id") " END;"
	"CREATE TRIGGER report_event_del AFTER DELETE ON event BEGIN " NOTE("OLD.client_id") NOTE_EMPLOYER("OLD.employer_id")
	NOTE_REFERRERS("OLD.id") " END;"
	"CREATE TRIGGER report_registration_ins AFTER INSERT ON registration BEGIN " NOTE("NEW.client_id") " END;"
	"CREATE TRIGGER report_registration_upd AFTER UPDATE OF client_id, registered_on ON registration BEGIN "
	NOTE("OLD.client_id") NOTE("NEW.client_id") " END;"
	"CREATE TRIGGER report_registration_del AFTER DELETE ON registration BEGIN " NOTE("OLD.client_id") " END;"
	"CREATE TRIGGER report_group_ins AFTER INSERT ON client_group BEGIN " NOTE("NEW.client_id") " END;"
	"CREATE TRIGGER report_group_upd AFTER UPDATE OF client_id, valid_from, valid_to ON client_group BEGIN "
	NOTE("OLD.client_id") NOTE("NEW.client_id") " END;"
	"CREATE TRIGGER report_group_del AFTER DELETE ON client_group BEGIN " NOTE("OLD.client_id") " END;"
	"CREATE TRIGGER report_meta_ins AFTER INSERT ON meta WHEN NEW.key IN ('office','report_all') BEGIN "
	NOTE("-1") " END;"
	"CREATE TRIGGER report_meta_upd AFTER UPDATE ON meta WHEN NEW.key IN ('office','report_all')"
	" OR OLD.key IN ('office','report_all') BEGIN " NOTE("-1") " END;"
	"CREATE TRIGGER report_meta_del AFTER DELETE ON meta WHEN OLD.key IN ('office','report_all') BEGIN "
	NOTE("-1") " END;"
	"CREATE INDEX IF NOT EXISTS programme_client_year ON programme_client(enrolled_on, client_id, id, programme_id);";

static enum ok_status migrate_9(struct ok_db *db)
{
	enum ok_status st = run(db, migration_9);
	return st == OK_OK ? report_facts_settle(db) : st;
}

/* Migration 10 (issue 7): a key's hits read one index and nothing else.
 * After migration 6 each hit still looked up its status in
 * registration_status, at a place of that index unrelated to its
 * neighbours in the search order: with the file mostly out of memory
 * (an office PC, or a host that reclaims idle pages), some twenty
 * scattered page reads a key, which were the search's slow keys (the
 * PESEL prefixes of 40 random clients of the bench's file, its pages
 * dropped from memory: p99 1.9-12.6 ms a key with the lookups, 0.37-0.40
 * ms with the status in the index). client.reg_status is the status of the client's latest
 * open registration (NULL when none), kept by triggers on registration
 * in the same statement as every change of it, and both hit indexes
 * carry it. It is derived at each office and never travels: client_upd
 * names the columns that do, so a change of status alone does not send
 * the client again. An import of events sets the statuses of the clients
 * it touched once, at its end (the triggers wait for NOT_BULK). */
#define SET_STATUS(id) \
	"UPDATE client SET reg_status = " OPEN_STATUS(id) " WHERE id = " id \
	" AND reg_status IS NOT " OPEN_STATUS(id) ";"
static const char *const migration_10 =
	"ALTER TABLE client ADD COLUMN reg_status TEXT;"
	"DROP TRIGGER client_upd;"
	"CREATE TRIGGER client_upd AFTER UPDATE OF id, uid, office, pesel, doc_type, doc_number, first_name,"
	" last_name, first_fold, last_fold, birth_date, sex, citizenship, address, phone, email, education,"
	" disability, benefit, ipd_on, version, created_at, created_by, updated_at, updated_by ON client BEGIN"
	" INSERT INTO change(tbl, row_id) VALUES('client', NEW.id); END;"
	"DROP INDEX IF EXISTS client_pesel_hit;"
	"DROP INDEX IF EXISTS client_name_hit;"
	"UPDATE client SET reg_status = " OPEN_STATUS("client.id")
	" WHERE id IN (SELECT client_id FROM registration WHERE ended_on IS NULL);"
	"CREATE INDEX client_pesel_hit ON client(pesel, last_name, first_name, birth_date,"
	" last_fold, first_fold, doc_type, doc_number, reg_status) WHERE pesel IS NOT NULL;"
	"CREATE INDEX client_name_hit ON client(last_fold, first_fold, id, pesel, last_name, first_name,"
	" birth_date, doc_type, doc_number, reg_status);"
	"CREATE TRIGGER client_status_ins AFTER INSERT ON registration WHEN " NOT_BULK " BEGIN "
	SET_STATUS("NEW.client_id") " END;"
	"CREATE TRIGGER client_status_upd AFTER UPDATE OF client_id, status, registered_on, ended_on"
	" ON registration WHEN " NOT_BULK " BEGIN " SET_STATUS("NEW.client_id") SET_STATUS("OLD.client_id") " END;"
	"CREATE TRIGGER client_status_del AFTER DELETE ON registration WHEN " NOT_BULK " BEGIN "
	SET_STATUS("OLD.client_id") " END;";

static enum ok_status migrate_10(struct ok_db *db)
{
	return run(db, migration_10);
}

static enum ok_status (*const migrations[])(struct ok_db *) = {
	migrate_1,
	migrate_2,
	migrate_3,
	migrate_4,
	migrate_5,
	migrate_6,
	migrate_7,
	migrate_8,
	migrate_9,
	migrate_10,
};

enum ok_status schema_derive_all(struct ok_db *db)
{
	return run(db,
		"UPDATE event SET ref_state = coalesce((SELECT o.detail FROM event o WHERE o.referral_id = event.id"
		" AND o.state = 'active' ORDER BY o.occurred_on DESC, o.id DESC LIMIT 1), 'issued')"
		" WHERE kind IN " REFERRAL_KINDS ";"
		"UPDATE registration SET last_contact_on = max(registered_on, coalesce("
		" (SELECT max(e.occurred_on) FROM event e WHERE e.client_id = registration.client_id"
		"  AND e.occurred_on >= registration.registered_on"
		"  AND e.occurred_on <= coalesce(registration.ended_on, '9999-12-31') AND e.state = 'active'"
		"  AND e.kind IN " CONTACT_KINDS "), ''));"
		"UPDATE registration SET contact_due = CASE WHEN status = 'unemployed' AND ended_on IS NULL"
		" THEN date(max(last_contact_on, '" ACT_2025_FIRST_DAY "'), '+90 days') END;");
}

int schema_latest(void)
{
	return (int)(sizeof migrations / sizeof *migrations);
}

enum ok_status schema_migrate(struct ok_db *db, int from)
{
	for (int v = from; v < schema_latest(); v++) {
		enum ok_status st = migrations[v](db);
		if (st != OK_OK)
			return st;
	}
	/* Tables that later migrations create get the same treatment as
	 * those migration 3 found, so that no migration has to remember it. */
	return from < schema_latest() ? checks_without_in_lists(db) : OK_OK;
}

enum ok_status schema_init_meta(struct ok_db *db, const char *office_code)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO meta(key, value) VALUES('office', ?1),"
	                               " ('created_at', strftime('%Y-%m-%dT%H:%M:%S','now','localtime'))");
	if (!st)
		return OK_EIO;
	sqlite3_bind_text(st, 1, office_code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}
