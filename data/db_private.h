/* db_private.h: what data/ modules share about the SQLite handle: a cache
 * of prepared statements, transactions and error mapping. Never included
 * outside data/. */
#ifndef OKIENKO_DB_PRIVATE_H
#define OKIENKO_DB_PRIVATE_H

#include <sqlite3.h>
#include <stdbool.h>

#include "db.h"

/* A prepared statement for sql (a string literal: cached by address),
 * reset and with bindings cleared; NULL with the error set on failure. */
sqlite3_stmt *db_stmt(struct ok_db *db, const char *sql);
sqlite3 *db_sqlite(struct ok_db *db);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK, with errors mapped. */
enum ok_status db_begin(struct ok_db *db);
enum ok_status db_commit(struct ok_db *db);
void db_rollback(struct ok_db *db);

/* The yearly report's facts (report.c): writes again those of the
 * clients whose records changed since they were written, inside the
 * current transaction. db_commit() runs it first, unless deferred
 * (db_defer_facts: a bulk load of many transactions, whose last commit
 * after db_defer_facts(db, false) settles them all; or an interactive
 * session's, see db_defer_housekeeping). */
enum ok_status report_facts_settle(struct ok_db *db);
void db_defer_facts(struct ok_db *db, bool defer);
/* A transaction of its own that settles them (whatever db_defer_facts
 * or an interactive session's db_idle() left). */
enum ok_status db_settle_facts(struct ok_db *db);

/* Maps an SQLite result code to a status and a translated message. */
enum ok_status db_sqlfail(struct ok_db *db, int rc);

/* Binds text, or NULL for NULL or an empty string. */
int db_bind_text_or_null(sqlite3_stmt *st, int idx, const char *s);
/* Steps a statement that returns no rows and resets it: OK_OK when it
 * ran to the end, else the mapped error. */
enum ok_status db_done(struct ok_db *db, sqlite3_stmt *st);
/* Runs sql ("SELECT uid FROM t WHERE id = ?1") for id: OK_OK with the
 * uid, OK_ENOTFOUND with missing as the message when there is no row. */
enum ok_status db_uid(struct ok_db *db, const char *sql, int64_t id, char uid[33],
                      const char *missing);
/* Binds the acting staff member's id, or NULL for the system actor. */
void db_bind_actor(struct ok_db *db, sqlite3_stmt *st, int idx);
/* The staff uid of a login checked but not audited yet (staff.c:
 * staff_login_deferred), NULL for none; set NULL to clear. */
void db_set_login_unrecorded(struct ok_db *db, const char *uid);
const char *db_login_unrecorded(const struct ok_db *db);
/* Copies column text (empty for NULL) into out. */
void db_col_text(sqlite3_stmt *st, int col, char *out, size_t outsz);

/* register.c: writes a checked client with the first registration
 * period, groups (given and derived) and occupations, inside the
 * caller's transaction, without role check or audit (client_register
 * and the import do those). uid NULL: a random one. */
struct ok_client_form;
enum ok_status register_insert(struct ok_db *db, const struct ok_client_form *f, const char *uid,
                               int64_t *id);

/* employer.c: writes a checked employer inside the caller's transaction. */
struct ok_employer_form;
enum ok_status employer_insert(struct ok_db *db, const struct ok_employer_form *f, const char *uid,
                               int64_t *id);

/* event.c: what its table of kinds says about a kind (false when the
 * kind is unknown, or is `registration`, which has no form), and the
 * checks of an event form that need no database: date, time, notes,
 * detail, places, subsidised work (the import shares them). */
struct event_rule {
	int action;             /* enum ok_action that records it */
	bool employer_event;    /* belongs to an employer, not a client */
	bool needs_employer;    /* employer events and internships */
	bool contact;           /* a contact for the 90-day clock */
};
bool event_rule(const char *kind, struct event_rule *r);
struct ok_event_form;
/* Binds what every INSERT INTO event names first, in this order: office,
 * kind, occurred_on, occurred_at, client_id, employer_id, staff_id,
 * registration_id (reg), regime, detail, places, subsidised, referral_id
 * (of an outcome), ref as ?1 to ?14. */
void event_bind_row(sqlite3_stmt *s, struct ok_db *db, const struct ok_event_form *f, const char *kind,
                    int64_t reg);
struct ok_event_form;
enum ok_status event_check_values(struct ok_db *db, struct ok_event_form *f);

/* Bulk loading (the demo generator, the import), outside a transaction:
 * foreign keys unchecked (the caller has checked every reference), a
 * page cache large enough for the indexes of millions of rows (it grows
 * only as far as it is used), statement journals in memory (every INSERT
 * fires a change trigger). db_bulk_end restores the settings. */
struct db_bulk {
	int foreign_keys, cache_size, temp_store;
};
void db_bulk_begin(struct ok_db *db, struct db_bulk *saved);
void db_bulk_end(struct ok_db *db, const struct db_bulk *saved);

/* Migrations (schema.c). */
int schema_latest(void);
enum ok_status schema_migrate(struct ok_db *db, int from);
enum ok_status schema_init_meta(struct ok_db *db, const char *office_code);
/* Recomputes the derived values of every row: referral states and
 * contact clocks (migration 2, the demo generator); event.c keeps them
 * up to date row by row. */
enum ok_status schema_derive_all(struct ok_db *db);

/* SQL lists of event kinds: the referrals, and those that are a contact
 * for the 90-day clock (a contact in any mode, every service in person,
 * a referral issued at the desk). */
#define REFERRAL_KINDS \
	"('referral_counselor','referral_soft_skills','referral_training'," \
	"'referral_internship','referral_socially_useful_work')"
#define CONTACT_KINDS \
	"('contact','initial_interview','individual_advice','group_advice','vocational_info'," \
	"'test_examination','referral_counselor','referral_soft_skills','referral_training'," \
	"'referral_internship','referral_socially_useful_work')"
/* The 2025 act's first day; the clock of an earlier registration starts there. */
#define ACT_2025_FIRST_DAY "2025-06-01"

/* The status of the latest open registration of the client whose id is
 * the SQL expression id, or NULL: client.reg_status (migration 10). */
#define OPEN_STATUS(id) \
	"(SELECT r.status FROM registration r WHERE r.client_id = " id " AND r.ended_on IS NULL" \
	" ORDER BY r.registered_on DESC, r.id DESC LIMIT 1)"
/* A new record's uid, ordered by creation like UUIDv7 and like the
 * import's and the demo's: milliseconds since 1970 and 16 random bits,
 * then 64 random bits, in 32 hex digits. The desk's new rows then go to
 * the end of every uid index (and of audit_entity) instead of a random
 * page of it, which with a large file means a page read from the disk
 * for each save; the random bits keep uids unique across offices. */
#define NEW_UID \
	"printf('%016x%016x', (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) << 16)" \
	" | (random() & 65535), random())"
/* An import of events in progress (its transaction only): the triggers
 * that would run once per row leave their work to its end. */
#define NOT_BULK "NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_insert')"

#endif
