/* sync.c: push and pull between the office file and the central
 * database (see sync.h for what is guaranteed, central.h for the central
 * tables).
 *
 * A record travels as a JSON object of its row, written here in C
 * (record_json): every column but the local id and the values derived
 * at each office (registration's contact clock, a referral's state),
 * references to other records by their uid, NULL columns left out (a
 * missing member reads as NULL: json_extract gives the same). The same
 * writer, as the SQL function okienko_record(name, value, ...), builds
 * the local version a pulled record is compared with, so that
 * "unchanged" is a string comparison; a record of an older okienko,
 * with its NULL members, is brought to this form when it arrives. Password hashes never leave the office: a staff
 * member of another office arrives as a disabled account named
 * OFFICE:login, the author of that office's records. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "db_private.h"
#include "intl.h"
#include "staff.h"
#include "sync.h"

/* Changes per central transaction: a night of a big office is one or
 * two batches. */
#define DEFAULT_BATCH 100000

struct scol {
	const char *name;
	const char *ref; /* the table a reference points to, else NULL */
};

struct stable {
	const char *name;
	const struct scol *cols;
	bool versioned;     /* has a version column that grows with each correction */
	bool late;          /* refers to itself or to a table applied later: applied twice */
	/* A local record with another uid has the same key (PESEL, NIP, ...):
	 * an SQL condition over the incoming row i and its data. */
	const char *dup;
	bool dup_conflict;  /* the duplicate is a conflict (else: the fact is here already, skipped) */
};

#define J(k) "json_extract(i.data,'$." k "')"

static const struct scol staff_cols[] = {
	{ "login", 0 }, { "full_name", 0 }, { "role", 0 }, { "active", 0 }, { "created_at", 0 }, { 0, 0 } };
static const struct scol client_cols[] = {
	{ "office", 0 }, { "pesel", 0 }, { "doc_type", 0 }, { "doc_number", 0 }, { "first_name", 0 },
	{ "last_name", 0 }, { "first_fold", 0 }, { "last_fold", 0 }, { "birth_date", 0 }, { "sex", 0 },
	{ "citizenship", 0 }, { "address", 0 }, { "phone", 0 }, { "email", 0 }, { "education", 0 },
	{ "disability", 0 }, { "benefit", 0 }, { "ipd_on", 0 }, { "version", 0 }, { "created_at", 0 },
	{ "created_by", "staff" }, { "updated_at", 0 }, { "updated_by", "staff" }, { 0, 0 } };
static const struct scol employer_cols[] = {
	{ "office", 0 }, { "nip", 0 }, { "name", 0 }, { "name_fold", 0 }, { "registered_on", 0 },
	{ "address", 0 }, { "phone", 0 }, { "email", 0 }, { "version", 0 }, { "created_at", 0 },
	{ "created_by", "staff" }, { "updated_at", 0 }, { "updated_by", "staff" }, { 0, 0 } };
static const struct scol client_version_cols[] = {
	{ "client_id", "client" }, { "version", 0 }, { "data", 0 }, { "changed_at", 0 },
	{ "changed_by", "staff" }, { "reason", 0 }, { 0, 0 } };
static const struct scol employer_version_cols[] = {
	{ "employer_id", "employer" }, { "version", 0 }, { "data", 0 }, { "changed_at", 0 },
	{ "changed_by", "staff" }, { "reason", 0 }, { 0, 0 } };
static const struct scol client_occupation_cols[] = {
	{ "client_id", "client" }, { "kind", 0 }, { "code", 0 }, { 0, 0 } };
static const struct scol client_group_cols[] = {
	{ "client_id", "client" }, { "code", 0 }, { "valid_from", 0 }, { "valid_to", 0 },
	{ "recorded_by", "staff" }, { "created_at", 0 }, { 0, 0 } };
static const struct scol programme_cols[] = {
	{ "office", 0 }, { "name", 0 }, { "kind", 0 }, { "funding", 0 }, { "special_situation", 0 },
	{ "started_on", 0 }, { "ended_on", 0 }, { "created_at", 0 }, { "created_by", "staff" }, { 0, 0 } };
static const struct scol programme_client_cols[] = {
	{ "programme_id", "programme" }, { "client_id", "client" }, { "enrolled_on", 0 },
	{ "created_at", 0 }, { "created_by", "staff" }, { 0, 0 } };
static const struct scol registration_cols[] = {
	{ "office", 0 }, { "client_id", "client" }, { "status", 0 }, { "regime", 0 },
	{ "registered_on", 0 }, { "ended_on", 0 }, { "end_event_id", "event" }, { "created_at", 0 },
	{ "created_by", "staff" }, { 0, 0 } };
static const struct scol event_cols[] = {
	{ "office", 0 }, { "kind", 0 }, { "occurred_on", 0 }, { "occurred_at", 0 },
	{ "client_id", "client" }, { "employer_id", "employer" }, { "staff_id", "staff" },
	{ "registration_id", "registration" }, { "regime", 0 }, { "detail", 0 }, { "places", 0 },
	{ "subsidised", 0 }, { "referral_id", "event" }, { "ref", 0 }, { "session_uid", 0 },
	{ "notes", 0 }, { "state", 0 }, { "supersedes", "event" }, { "reason", 0 },
	{ "voided_by", "staff" }, { "voided_at", 0 }, { "created_at", 0 }, { 0, 0 } };
static const struct scol activity_cols[] = {
	{ "office", 0 }, { "indicator", 0 }, { "occurred_on", 0 }, { "quantity", 0 },
	{ "description", 0 }, { "staff_id", "staff" }, { "state", 0 }, { "reason", 0 },
	{ "created_at", 0 }, { 0, 0 } };

/* In the order records are applied: each after those it refers to
 * (registration and event, which refer to each other and to themselves,
 * are applied a second time for those references). */
static const struct stable tables[] = {
	{ "staff", staff_cols, false, false,
	  "EXISTS(SELECT 1 FROM staff x WHERE x.uid <> i.uid AND x.login = i.office || ':' || " J("login") ")", false },
	{ "client", client_cols, true, false,
	  "(EXISTS(SELECT 1 FROM client x WHERE x.uid <> i.uid AND (x.pesel = " J("pesel")
	  " OR (x.doc_type = " J("doc_type") " AND x.doc_number = " J("doc_number") ")))"
	  " OR EXISTS(SELECT 1 FROM temp.sync_in j WHERE j.tbl = 'client' AND j.k = i.k AND j.rowid < i.rowid))", true },
	{ "employer", employer_cols, true, false,
	  "(EXISTS(SELECT 1 FROM employer x WHERE x.uid <> i.uid AND x.nip = " J("nip") ")"
	  " OR EXISTS(SELECT 1 FROM temp.sync_in j WHERE j.tbl = 'employer' AND j.k = i.k AND j.rowid < i.rowid))", true },
	{ "client_version", client_version_cols, false, false,
	  "EXISTS(SELECT 1 FROM client_version x JOIN client c ON c.id = x.client_id WHERE x.uid <> i.uid"
	  " AND c.uid = " J("client_id") " AND x.version = " J("version") ")", false },
	{ "employer_version", employer_version_cols, false, false,
	  "EXISTS(SELECT 1 FROM employer_version x JOIN employer c ON c.id = x.employer_id WHERE x.uid <> i.uid"
	  " AND c.uid = " J("employer_id") " AND x.version = " J("version") ")", false },
	{ "client_occupation", client_occupation_cols, false, false,
	  "EXISTS(SELECT 1 FROM client_occupation x JOIN client c ON c.id = x.client_id WHERE x.uid <> i.uid"
	  " AND c.uid = " J("client_id") " AND x.kind = " J("kind") " AND x.code = " J("code") ")", false },
	{ "client_group", client_group_cols, false, false, NULL, false },
	{ "programme", programme_cols, false, false, NULL, false },
	{ "programme_client", programme_client_cols, false, false,
	  "EXISTS(SELECT 1 FROM programme_client x JOIN client c ON c.id = x.client_id"
	  " JOIN programme p ON p.id = x.programme_id WHERE x.uid <> i.uid"
	  " AND c.uid = " J("client_id") " AND p.uid = " J("programme_id") ")", false },
	{ "registration", registration_cols, false, true, NULL, false },
	{ "event", event_cols, false, true, NULL, false },
	{ "activity", activity_cols, false, false, NULL, false },
};
#define NTABLES (sizeof tables / sizeof *tables)

/* SQL built once from the table descriptions (no user data in it); the
 * statement cache of db.c keys on these addresses, which never change. */
struct tsql {
	char payload[2048];  /* json_object(...) over alias t */
	char push[3072];     /* the changes of a range, the latest once per row */
	char apply[6144];    /* upsert from temp.sync_in */
	char late[2048];     /* the references to records applied after it */
	char local_id[160];
	char classify[4096];
	char dup[1024];
	char held[3072];
	char conflict[3072];
	char uid_of[128];
	char touch[128];
};
static struct tsql tsql[NTABLES];
static bool tsql_ready;

/* Building the city's records for its report (sync_load_central): the
 * same person or employer recorded at two offices is two records there,
 * and stays two here under a key of its own. */
static const char *const rekey_sql =
	"UPDATE temp.sync_in AS i SET data = CASE i.tbl"
	" WHEN 'client' THEN json_set(i.data, '$.pesel', NULL, '$.doc_type', 'central', '$.doc_number', i.uid)"
	" ELSE json_set(i.data, '$.nip', printf('9%09d', i.rowid)) END"
	" WHERE i.tbl IN ('client','employer') AND i.action IN ('insert','apply') AND i.k IS NOT NULL"
	" AND EXISTS(SELECT 1 FROM temp.sync_in j WHERE j.tbl = i.tbl AND j.k = i.k AND j.rowid < i.rowid)";

static void cat(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void cat(char *buf, size_t size, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
}

static int table_rank(const char *name);
static enum ok_status exec_local(struct ok_db *db, const char *sql);

/* The statements of each synced table, built once from the compiled-in
 * table and column lists above: only those identifiers (which SQL cannot
 * bind) are pasted in; every value is a bound parameter or read from a
 * table. */
static void build_sql(void)
{
	if (tsql_ready)
		return;
	for (size_t k = 0; k < NTABLES; k++) {
		const struct stable *t = &tables[k];
		struct tsql *q = &tsql[k];
		/* payload: the record as JSON (record_json, as an SQL function) */
		strcpy(q->payload, "okienko_record(");
		for (const struct scol *c = t->cols; c->name; c++) {
			if (c != t->cols)
				cat(q->payload, sizeof q->payload, ", ");
			if (c->ref)
				cat(q->payload, sizeof q->payload, "'%s', (SELECT r.uid FROM %s r WHERE r.id = t.%s)",
				    c->name, c->ref, c->name);
			else
				cat(q->payload, sizeof q->payload, "'%s', t.%s", c->name, c->name);
		}
		cat(q->payload, sizeof q->payload, ")");
		/* push: the batch's rows of this table (temp.sync_push), the
		 * record's columns in the order of t->cols, references as uids;
		 * JSON written in C from them (push_table). The uids come by
		 * LEFT JOINs on the ids (primary keys: one row or none, as a
		 * subquery would give), which keep their cursors open: the
		 * seven of an event as subqueries took twice as long. */
		snprintf(q->push, sizeof q->push, "SELECT p.seq, t.uid");
		int nref = 0;
		for (const struct scol *c = t->cols; c->name; c++) {
			if (c->ref)
				cat(q->push, sizeof q->push, ", r%d.uid", nref++);
			else
				cat(q->push, sizeof q->push, ", t.%s", c->name);
		}
		cat(q->push, sizeof q->push, " FROM temp.sync_push p JOIN %s t ON t.id = p.row_id", t->name);
		nref = 0;
		for (const struct scol *c = t->cols; c->name; c++)
			if (c->ref) {
				cat(q->push, sizeof q->push, " LEFT JOIN %s r%d ON r%d.id = t.%s", c->ref, nref, nref, c->name);
				nref++;
			}
		cat(q->push, sizeof q->push, " WHERE p.tbl = '%s' AND p.fresh = ?1", t->name);
		/* apply */
		snprintf(q->apply, sizeof q->apply, "INSERT INTO %s(uid", t->name);
		for (const struct scol *c = t->cols; c->name; c++)
			cat(q->apply, sizeof q->apply, ", %s", c->name);
		if (!strcmp(t->name, "staff"))
			cat(q->apply, sizeof q->apply, ", pw_hash");
		cat(q->apply, sizeof q->apply, ") SELECT i.uid");
		for (const struct scol *c = t->cols; c->name; c++) {
			if (c->ref)
				cat(q->apply, sizeof q->apply, ", (SELECT r.id FROM %s r WHERE r.uid = json_extract(i.data,'$.%s'))",
				    c->ref, c->name);
			else if (!strcmp(t->name, "staff") && !strcmp(c->name, "login"))
				cat(q->apply, sizeof q->apply, ", i.office || ':' || json_extract(i.data,'$.login')");
			else if (!strcmp(t->name, "staff") && !strcmp(c->name, "active"))
				cat(q->apply, sizeof q->apply, ", 0");
			else
				cat(q->apply, sizeof q->apply, ", json_extract(i.data,'$.%s')", c->name);
		}
		if (!strcmp(t->name, "staff"))
			cat(q->apply, sizeof q->apply, ", '!'");
		cat(q->apply, sizeof q->apply, " FROM temp.sync_in i WHERE i.tbl = '%s' AND i.action IN ('insert','apply')"
		    " ORDER BY i.batch, i.rowid ON CONFLICT(uid) DO UPDATE SET ", t->name);
		for (const struct scol *c = t->cols; c->name; c++)
			cat(q->apply, sizeof q->apply, "%s%s = excluded.%s", c == t->cols ? "" : ", ", c->name, c->name);
		if (t->late) {
			/* References to itself or to a later table: set again once
			 * every record has been applied, for the rows that have them. */
			snprintf(q->late, sizeof q->late, "UPDATE %s SET ", t->name);
			int n = 0;
			for (const struct scol *c = t->cols; c->name; c++) {
				if (!c->ref || table_rank(c->ref) < (int)k)
					continue;
				cat(q->late, sizeof q->late, "%s%s = (SELECT r.id FROM %s r WHERE r.uid = json_extract(i.data,'$.%s'))",
				    n++ ? ", " : "", c->name, c->ref, c->name);
			}
			cat(q->late, sizeof q->late, " FROM temp.sync_in i WHERE i.uid = %s.uid AND i.tbl = '%s'"
			    " AND i.action IN ('insert','apply') AND (0", t->name, t->name);
			for (const struct scol *c = t->cols; c->name; c++)
				if (c->ref && table_rank(c->ref) >= (int)k)
					cat(q->late, sizeof q->late, " OR json_extract(i.data,'$.%s') IS NOT NULL", c->name);
			cat(q->late, sizeof q->late, ")");
		}
		snprintf(q->local_id, sizeof q->local_id,
		         "UPDATE temp.sync_in SET local_id = (SELECT x.id FROM %s x WHERE x.uid = sync_in.uid)"
		         " WHERE tbl = '%s'", t->name, t->name);
		/* classify: same, conflict, superseded or apply ("insert" is set
		 * before for a record not here). temp.sync_changed: the records
		 * changed here since the last pull. Such a change does not make
		 * a conflict when it has been sent (its last change is at most
		 * ?1, the central mark) and the other office had received it
		 * before it sent its own version (known): that version comes
		 * after this one. A pull killed after its push leaves the mark
		 * of the last pull behind, and the others' later versions of
		 * what this office sent since would all look like conflicts. */
		snprintf(q->classify, sizeof q->classify,
		         "UPDATE temp.sync_in SET action = CASE"
		         " WHEN (SELECT %s FROM %s t WHERE t.id = sync_in.local_id) = sync_in.data THEN 'same'"
		         " WHEN EXISTS(SELECT 1 FROM sync_conflict k WHERE k.uid = sync_in.uid AND k.resolved_at IS NULL"
		         "  AND k.kind = 'conflict')"
		         "  THEN CASE WHEN %d AND NOT EXISTS(SELECT 1 FROM temp.sync_changed x WHERE x.tbl = '%s' AND x.row_id = sync_in.local_id"
		         "  AND (x.seq > ?1 OR NOT sync_in.known))"
		         "   AND json_extract(sync_in.data,'$.version') > (SELECT t.version FROM %s t WHERE t.id = sync_in.local_id)"
		         "   AND json_extract(sync_in.data,'$.version') > (SELECT json_extract(k.other_data,'$.version') FROM sync_conflict k"
		         "    WHERE k.uid = sync_in.uid AND k.resolved_at IS NULL)"
		         "  THEN 'apply' ELSE 'conflict' END"
		         " WHEN EXISTS(SELECT 1 FROM temp.sync_changed x WHERE x.tbl = '%s' AND x.row_id = sync_in.local_id"
		         "  AND (x.seq > ?1 OR NOT sync_in.known)) THEN 'conflict'"
		         " WHEN %d AND json_extract(sync_in.data,'$.version') <= (SELECT t.version FROM %s t WHERE t.id = sync_in.local_id)"
		         "  THEN 'conflict'"
		         " ELSE 'apply' END WHERE tbl = '%s' AND local_id IS NOT NULL",
		         q->payload, t->name, 1, t->name, t->name, t->name, 1, t->name, t->name);
		if (!t->versioned) {
			/* No version column: the two version tests are constant false. */
			snprintf(q->classify, sizeof q->classify,
			         "UPDATE temp.sync_in SET action = CASE"
			         " WHEN (SELECT %s FROM %s t WHERE t.id = sync_in.local_id) = sync_in.data THEN 'same'"
			         " WHEN EXISTS(SELECT 1 FROM sync_conflict k WHERE k.uid = sync_in.uid AND k.resolved_at IS NULL"
			         "  AND k.kind = 'conflict') THEN 'conflict'"
			         " WHEN EXISTS(SELECT 1 FROM temp.sync_changed x WHERE x.tbl = '%s' AND x.row_id = sync_in.local_id"
		         "  AND (x.seq > ?1 OR NOT sync_in.known)) THEN 'conflict'"
			         " ELSE 'apply' END WHERE tbl = '%s' AND local_id IS NOT NULL",
			         q->payload, t->name, t->name, t->name);
		}
		if (t->dup)
			snprintf(q->dup, sizeof q->dup,
			         "UPDATE temp.sync_in AS i SET action = '%s' WHERE i.tbl = '%s' AND i.action IN ('insert','apply') AND %s",
			         t->dup_conflict ? "duplicate" : "skip", t->name, t->dup);
		/* held: a reference to a record neither here nor arriving */
		snprintf(q->held, sizeof q->held,
		         "UPDATE temp.sync_in AS i SET action = 'held' WHERE i.tbl = '%s' AND i.action IN ('insert','apply') AND (0",
		         t->name);
		for (const struct scol *c = t->cols; c->name; c++)
			if (c->ref)
				cat(q->held, sizeof q->held,
				    " OR (" "json_extract(i.data,'$.%s') IS NOT NULL"
				    " AND NOT EXISTS(SELECT 1 FROM %s r WHERE r.uid = json_extract(i.data,'$.%s'))"
				    " AND NOT EXISTS(SELECT 1 FROM temp.sync_in j WHERE j.uid = json_extract(i.data,'$.%s')"
				    " AND j.action IN ('insert','apply')))",
				    c->name, c->ref, c->name, c->name);
		cat(q->held, sizeof q->held, ")");
		snprintf(q->conflict, sizeof q->conflict,
		         "INSERT INTO sync_conflict(tbl, uid, office, kind, local_data, other_data, batch)"
		         " SELECT i.tbl, i.uid, i.office, i.action, (SELECT %s FROM %s t WHERE t.id = i.local_id), i.data, i.batch"
		         " FROM temp.sync_in i WHERE i.tbl = '%s' AND i.action IN ('conflict','duplicate','held') AND true"
		         " ON CONFLICT(uid) WHERE resolved_at IS NULL DO UPDATE SET office = excluded.office, kind = excluded.kind,"
		         " local_data = excluded.local_data, other_data = excluded.other_data, batch = excluded.batch",
		         q->payload, t->name, t->name);
		snprintf(q->uid_of, sizeof q->uid_of, "SELECT uid FROM %s WHERE id = ?1", t->name);
		snprintf(q->touch, sizeof q->touch, "UPDATE %s SET uid = uid WHERE id = ?1", t->name);
	}
	tsql_ready = true;
}

static int table_rank(const char *name)
{
	for (size_t k = 0; k < NTABLES; k++)
		if (!strcmp(tables[k].name, name))
			return (int)k;
	return -1;
}

static int table_index(const char *name)
{
	for (size_t k = 0; k < NTABLES; k++)
		if (!strcmp(tables[k].name, name))
			return (int)k;
	return -1;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A local failure as a sync status, its message in r. */
static enum central_status local_fail(struct ok_db *db, enum ok_status st, struct sync_result *r)
{
	snprintf(r->message, sizeof r->message, "%s", db_errmsg(db));
	switch (st) {
	case OK_EFULL:
		return r->status = CENTRAL_EFULL;
	case OK_EBUSY:
		return r->status = CENTRAL_EBUSY;
	default:
		return r->status = CENTRAL_EFAIL;
	}
}

static enum central_status central_failed(struct central *c, enum central_status st, struct sync_result *r)
{
	snprintf(r->message, sizeof r->message, "%s", c->err);
	return r->status = st;
}

static enum ok_status meta_get_int(struct ok_db *db, const char *key, int64_t *out)
{
	sqlite3_stmt *s = db_stmt(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?1");
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	*out = 0;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

static enum ok_status meta_set_int(struct ok_db *db, const char *key, int64_t v)
{
	sqlite3_stmt *s = db_stmt(db, "INSERT INTO meta(key, value) VALUES(?1, ?2)"
	                              " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, v);
	return db_done(db, s);
}

static enum ok_status meta_get_text(struct ok_db *db, const char *key, char out[33])
{
	sqlite3_stmt *s = db_stmt(db, "SELECT value FROM meta WHERE key = ?1");
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	out[0] = '\0';
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		db_col_text(s, 0, out, 33);
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

/* Sets a meta value; NULL: a new random token. */
static enum ok_status meta_set_text(struct ok_db *db, const char *key, const char *v)
{
	sqlite3_stmt *s = db_stmt(db, "INSERT INTO meta(key, value) VALUES(?1, coalesce(?2, lower(hex(randomblob(16)))))"
	                              " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (v)
		sqlite3_bind_text(s, 2, v, -1, SQLITE_STATIC);
	return db_done(db, s);
}

static enum ok_status int_query(struct ok_db *db, const char *sql, int64_t arg, int64_t *out)
{
	sqlite3_stmt *s = db_stmt(db, sql);
	if (!s)
		return OK_EIO;
	if (sqlite3_bind_parameter_count(s) > 0)
		sqlite3_bind_int64(s, 1, arg);
	*out = 0;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

/* The uid of the record a change of the office's sequence concerns;
 * "" when the file has no such change. */
static enum ok_status change_uid(struct ok_db *db, int64_t seq, char uid[33])
{
	uid[0] = '\0';
	sqlite3_stmt *s = db_stmt(db, "SELECT tbl, row_id FROM change WHERE seq = ?1");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, seq);
	int rc = sqlite3_step(s);
	char tbl[32] = "";
	int64_t row = 0;
	if (rc == SQLITE_ROW) {
		db_col_text(s, 0, tbl, sizeof tbl);
		row = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return OK_OK;
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, rc);
	int k = table_index(tbl);
	if (k < 0)
		return OK_OK;
	enum ok_status st = db_uid(db, tsql[k].uid_of, row, uid, "");
	return st == OK_ENOTFOUND ? OK_OK : st;
}

/* ---- Records as JSON ---- */

struct jbuf {
	char *p;
	size_t n, cap;
};

static void jb_room(struct jbuf *b, size_t more)
{
	if (b->n + more + 1 <= b->cap)
		return;
	while (b->n + more + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 1024;
	b->p = realloc(b->p, b->cap);
	if (!b->p)
		abort();
}

/* A JSON string, escaped exactly as SQLite's json functions escape it
 * (records written by older versions compare equal). */
static void jb_string(struct jbuf *b, const unsigned char *s, size_t n)
{
	static const char special[32] = { ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f', ['\r'] = 'r' };
	jb_room(b, 6 * n + 2);
	char *o = b->p + b->n;
	*o++ = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = s[i];
		if (ch == '"' || ch == '\\') {
			*o++ = '\\';
			*o++ = (char)ch;
		} else if (ch < 0x20) {
			*o++ = '\\';
			if (special[ch]) {
				*o++ = special[ch];
			} else {
				*o++ = 'u';
				*o++ = '0';
				*o++ = '0';
				*o++ = (char)('0' + (ch >> 4));
				*o++ = "0123456789abcdef"[ch & 0xf];
			}
		} else {
			*o++ = (char)ch;
		}
	}
	*o++ = '"';
	b->n = (size_t)(o - b->p);
}

static void jb_raw(struct jbuf *b, const char *s, size_t n)
{
	jb_room(b, n);
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

/* Appends the member name:value; false for a value JSON cannot hold (a
 * blob). NULL values are the caller's to leave out. */
static bool jb_member(struct jbuf *b, bool first, const char *name, sqlite3_value *v)
{
	if (!first)
		jb_raw(b, ",", 1);
	jb_string(b, (const unsigned char *)name, strlen(name));
	jb_raw(b, ":", 1);
	switch (sqlite3_value_type(v)) {
	case SQLITE_INTEGER: {
		char num[24];
		int k = snprintf(num, sizeof num, "%lld", (long long)sqlite3_value_int64(v));
		jb_raw(b, num, (size_t)k);
		return true;
	}
	case SQLITE_FLOAT: /* SQLite's own text of a real: what json_object writes */
		jb_raw(b, (const char *)sqlite3_value_text(v), (size_t)sqlite3_value_bytes(v));
		return true;
	case SQLITE_TEXT:
		jb_string(b, sqlite3_value_text(v), (size_t)sqlite3_value_bytes(v));
		return true;
	default:
		return false;
	}
}

/* The record {"name":value,...} of n columns, NULL ones left out. */
static bool record_json(struct jbuf *b, const struct scol *cols, sqlite3_value **vals, int n)
{
	b->n = 0;
	jb_raw(b, "{", 1);
	bool first = true;
	for (int i = 0; i < n; i++) {
		if (sqlite3_value_type(vals[i]) == SQLITE_NULL)
			continue;
		if (!jb_member(b, first, cols[i].name, vals[i]))
			return false;
		first = false;
	}
	jb_raw(b, "}", 1);
	b->p[b->n] = '\0';
	return true;
}

/* okienko_record(name, value, ...): record_json as an SQL function. */
static void record_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct jbuf b = { 0 };
	jb_raw(&b, "{", 1);
	bool first = true;
	for (int i = 0; i + 1 < argc; i += 2) {
		if (sqlite3_value_type(argv[i + 1]) == SQLITE_NULL)
			continue;
		if (!jb_member(&b, first, (const char *)sqlite3_value_text(argv[i]), argv[i + 1])) {
			free(b.p);
			sqlite3_result_error(ctx, "okienko_record: a value JSON cannot hold", -1);
			return;
		}
		first = false;
	}
	jb_raw(&b, "}", 1);
	sqlite3_result_text(ctx, b.p, (int)b.n, free);
}

/* Builds the statements once, and gives the office connection the
 * function okienko_record (once per connection). */
static enum ok_status sync_prepare(struct ok_db *db)
{
	build_sql();
	sqlite3_stmt *probe = NULL;
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT okienko_record()", -1, &probe, NULL) == SQLITE_OK) {
		sqlite3_finalize(probe);
		return OK_OK;
	}
	int rc = sqlite3_create_function_v2(db_sqlite(db), "okienko_record", -1,
	                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, record_fn,
	                                    NULL, NULL, NULL);
	return rc == SQLITE_OK ? OK_OK : db_sqlfail(db, rc);
}

/* ---- Push ---- */

static char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (!p)
		abort();
	return p;
}

struct push_ctx {
	struct ok_db *db;
	struct central *c;
	struct jbuf json;
	int64_t max_seq;
	char max_uid[33];
	long sent;
	enum ok_status st;     /* a local failure, else OK_OK */
};

/* Streams the batch's rows of table k with fresh == fresh to the central side. */
static enum central_status push_table(struct push_ctx *x, size_t k, bool fresh)
{
	const struct stable *t = &tables[k];
	sqlite3_stmt *s = db_stmt(x->db, tsql[k].push);
	if (!s) {
		x->st = OK_EIO;
		return CENTRAL_EFAIL;
	}
	sqlite3_bind_int(s, 1, fresh);
	int ncols = sqlite3_column_count(s) - 2;
	sqlite3_value *vals[32];
	if (ncols > 32)
		abort(); /* the compiled-in table lists have fewer */
	enum central_status cst = CENTRAL_OK;
	int rc;
	while (cst == CENTRAL_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < ncols; i++)
			vals[i] = sqlite3_column_value(s, i + 2);
		if (!record_json(&x->json, t->cols, vals, ncols)) {
			x->st = db_fail(x->db, OK_EINVAL, "%s", _("A record holds a value that cannot be sent."));
			cst = CENTRAL_EFAIL;
			break;
		}
		struct central_row row = {
			.uid = (const char *)sqlite3_column_text(s, 1),
			.tbl = t->name,
			.data = x->json.p,
			.seq = sqlite3_column_int64(s, 0),
			.fresh = fresh,
		};
		if (!row.uid)
			row.uid = "";
		if ((cst = x->c->ops->copy_row(x->c, &row)) != CENTRAL_OK)
			break;
		if (row.seq > x->max_seq) {
			x->max_seq = row.seq;
			snprintf(x->max_uid, sizeof x->max_uid, "%s", row.uid);
		}
		x->sent++;
	}
	if (cst == CENTRAL_OK && rc != SQLITE_DONE) {
		x->st = db_sqlfail(x->db, rc);
		cst = CENTRAL_EFAIL;
	}
	sqlite3_reset(s);
	return cst;
}

/* The changes lo < seq <= hi, the latest of each record once, in
 * temp.sync_push (one scan of the change log): how many, and how many
 * of them are of records this office has never sent (their first
 * change comes after lo, the central mark: pulled records leave no
 * change behind). */
static enum ok_status fill_push(struct ok_db *db, int64_t lo, int64_t hi, int64_t *n, int64_t *fresh)
{
	enum ok_status st = exec_local(db,
		"CREATE TEMP TABLE IF NOT EXISTS sync_push(tbl TEXT NOT NULL, row_id INTEGER NOT NULL,"
		" seq INTEGER NOT NULL, fresh INTEGER NOT NULL, PRIMARY KEY(tbl, row_id)) WITHOUT ROWID;"
		"DELETE FROM temp.sync_push;");
	if (st != OK_OK)
		return st;
	/* In the order of the log, so that the latest change of a record
	 * wins its row. Before the first push (lo = 0) every record is
	 * fresh: no lookup of an earlier change per row (on the bench's
	 * office, 150,000 changes, about 7% of the whole first sync). */
	sqlite3_stmt *s = db_stmt(db, lo > 0 ?
		"INSERT INTO temp.sync_push(tbl, row_id, seq, fresh)"
		" SELECT c.tbl, c.row_id, c.seq, NOT EXISTS(SELECT 1 FROM change f WHERE f.tbl = c.tbl"
		" AND f.row_id = c.row_id AND f.seq <= ?1) FROM change c WHERE c.seq > ?1 AND c.seq <= ?2 ORDER BY c.seq"
		" ON CONFLICT(tbl, row_id) DO UPDATE SET seq = excluded.seq" :
		"INSERT INTO temp.sync_push(tbl, row_id, seq, fresh)"
		" SELECT c.tbl, c.row_id, c.seq, 1 FROM change c WHERE c.seq > ?1 AND c.seq <= ?2 ORDER BY c.seq"
		" ON CONFLICT(tbl, row_id) DO UPDATE SET seq = excluded.seq");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, lo);
	sqlite3_bind_int64(s, 2, hi);
	if ((st = db_done(db, s)) != OK_OK)
		return st;
	s = db_stmt(db, "SELECT count(*), coalesce(sum(fresh), 0) FROM temp.sync_push");
	if (!s)
		return OK_EIO;
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	*fresh = rc == SQLITE_ROW ? sqlite3_column_int64(s, 1) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? OK_OK : db_sqlfail(db, rc);
}

/* One batch: the rows streamed to the central side (those never sent
 * first, then the new versions) and the office's new mark, in one
 * central transaction. */
static enum central_status push_batch(struct push_ctx *x, const char *office, int64_t nfresh, int64_t nold,
                                      const char *token, int64_t seen)
{
	struct central *c = x->c;
	int64_t bn = 0;
	enum central_status cst;
	if ((cst = c->ops->begin(c, true)) != CENTRAL_OK || (cst = c->ops->next_batch(c, &bn)) != CENTRAL_OK)
		goto fail;
	for (int pass = 0; pass < 2; pass++) {
		bool fresh = pass == 0;
		if (!(fresh ? nfresh : nold))
			continue;
		if ((cst = c->ops->copy_begin(c, office, bn, fresh)) != CENTRAL_OK)
			goto fail;
		for (size_t k = 0; k < NTABLES; k++)
			if ((cst = push_table(x, k, fresh)) != CENTRAL_OK)
				goto fail;
		if ((cst = c->ops->copy_end(c)) != CENTRAL_OK)
			goto fail;
	}
	if (x->sent == 0) {
		/* Every change was of a record no longer here: nothing to send. */
		c->ops->rollback(c);
		return CENTRAL_OK;
	}
	if ((cst = c->ops->upsert_mark(c, office, x->max_seq, x->max_uid, token, bn, seen)) != CENTRAL_OK)
		goto fail;
	return c->ops->commit(c);
fail:
	c->ops->rollback(c);
	return cst;
}

enum central_status sync_push(struct ok_db *db, struct central *c, const struct sync_options *opt,
                              struct sync_result *r)
{
	enum ok_status st = sync_prepare(db);
	if (st != OK_OK)
		return local_fail(db, st, r);
	const char *office = db_office(db);
	long per_batch = opt && opt->batch_rows > 0 ? opt->batch_rows : DEFAULT_BATCH;
	int64_t mark = 0, local_max = 0;
	char mark_uid[33], token[33], cur[33], next[33];
	enum central_status cst = c->ops->read_mark(c, office, &mark, mark_uid, token);
	if (cst != CENTRAL_OK)
		return central_failed(c, cst, r);
	int64_t seen = 0; /* what this office has pulled: what its changes came after */
	st = int_query(db, "SELECT coalesce(max(seq), 0) FROM change", 0, &local_max);
	if (st == OK_OK)
		st = meta_get_int(db, "sync_pull_batch", &seen);
	if (st == OK_OK)
		st = meta_get_text(db, "sync_token", cur);
	if (st == OK_OK)
		st = meta_get_text(db, "sync_token_next", next);
	if (st != OK_OK)
		return local_fail(db, st, r);
	if (mark > 0) {
		/* The last change the central side received must be here, and
		 * the run that sent it must be one this file knows. */
		char here[33];
		if ((st = change_uid(db, mark, here)) != OK_OK)
			return local_fail(db, st, r);
		if (strcmp(here, mark_uid) != 0 || (strcmp(token, cur) != 0 && strcmp(token, next) != 0)) {
			snprintf(r->message, sizeof r->message,
			         _("The central database has received office %s's changes up to number %lld, and this file's changes (up to %lld) do not match them: it was restored from an older backup or is another office's copy. Nothing was sent or changed; tell the administrator (see okienko(1), SYNC)."),
			         office, (long long)mark, (long long)local_max);
			return r->status = CENTRAL_ERESTORED;
		}
	}
	/* This run's token, kept here before the central side sees it. */
	if ((st = db_begin(db)) != OK_OK)
		return local_fail(db, st, r);
	if ((st = meta_set_text(db, "sync_token", mark > 0 ? token : "")) != OK_OK ||
	    (st = meta_set_text(db, "sync_token_next", NULL)) != OK_OK ||
	    (st = meta_get_text(db, "sync_token_next", next)) != OK_OK || (st = db_commit(db)) != OK_OK) {
		db_rollback(db);
		return local_fail(db, st, r);
	}
	struct push_ctx x = { .db = db, .c = c, .st = OK_OK };
	int64_t lo = mark;
	cst = CENTRAL_OK;
	while (lo < local_max && cst == CENTRAL_OK) {
		int64_t hi = lo + per_batch < local_max ? lo + per_batch : local_max;
		int64_t n = 0, nfresh = 0;
		x.max_seq = 0;
		x.max_uid[0] = '\0';
		x.sent = 0;
		/* One snapshot of the office file for the batch, held while its
		 * rows stream (readers never stop the desk's writers). */
		sqlite3_exec(db_sqlite(db), "BEGIN", NULL, NULL, NULL);
		st = fill_push(db, lo, hi, &n, &nfresh);
		if (st != OK_OK)
			x.st = st;
		else if (n > 0)
			cst = push_batch(&x, office, nfresh, n - nfresh, next, seen);
		sqlite3_exec(db_sqlite(db), "COMMIT", NULL, NULL, NULL);
		if (x.st != OK_OK)
			break;
		if (cst != CENTRAL_OK)
			break;
		if (x.sent > 0) {
			r->sent += x.sent;
			if (opt && opt->progress)
				opt->progress(r->sent, opt->arg);
		}
		lo = hi;
	}
	exec_local(db, "DELETE FROM temp.sync_push");
	free(x.json.p);
	if (x.st != OK_OK)
		return local_fail(db, x.st, r);
	if (cst != CENTRAL_OK)
		return central_failed(c, cst, r);
	return CENTRAL_OK;
}

/* ---- Pull ---- */

/* A record as it arrives (?4), in this version's form: one of an older
 * okienko has its NULL members, which json_patch into {} leaves out
 * (keeping the order of the others), so that "unchanged" is still a
 * string comparison. */
#define SYNC_IN_DATA "CASE WHEN instr(?4, ':null') THEN json_patch('{}', ?4) ELSE ?4 END"

struct pull_ctx {
	struct ok_db *db;
	sqlite3_stmt *ins;
	long n;
	enum ok_status st;
};

static int pull_one(const struct central_in *in, void *arg)
{
	struct pull_ctx *p = arg;
	if (table_index(in->tbl) < 0)
		return 0; /* a table a newer okienko sends: not ours to apply */
	sqlite3_reset(p->ins);
	sqlite3_bind_text(p->ins, 1, in->tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(p->ins, 2, in->office, -1, SQLITE_STATIC);
	sqlite3_bind_text(p->ins, 3, in->uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(p->ins, 4, in->data, -1, SQLITE_STATIC);
	sqlite3_bind_int64(p->ins, 5, in->batch);
	if (sqlite3_bind_parameter_count(p->ins) >= 6)
		sqlite3_bind_int(p->ins, 6, in->known);
	if ((p->st = db_done(p->db, p->ins)) != OK_OK)
		return 1;
	p->n++;
	return 0;
}

static enum ok_status exec_local(struct ok_db *db, const char *sql)
{
	int rc = sqlite3_exec(db_sqlite(db), sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? OK_OK : db_sqlfail(db, rc);
}

static enum ok_status run_int(struct ok_db *db, const char *sql, int64_t a)
{
	sqlite3_stmt *s = db_stmt(db, sql);
	if (!s)
		return OK_EIO;
	if (sqlite3_bind_parameter_count(s) > 0)
		sqlite3_bind_int64(s, 1, a);
	return db_done(db, s);
}

/* Recomputes what each office derives for itself (referral states,
 * contact clocks) for the records just applied. */
static enum ok_status derive_applied(struct ok_db *db)
{
	enum ok_status st = exec_local(db,
		"CREATE TEMP TABLE IF NOT EXISTS sync_clients(id INTEGER PRIMARY KEY);"
		"DELETE FROM temp.sync_clients;"
		"INSERT OR IGNORE INTO temp.sync_clients SELECT e.client_id FROM event e JOIN temp.sync_in i"
		" ON i.uid = e.uid WHERE i.tbl = 'event' AND i.action IN ('insert','apply') AND e.client_id IS NOT NULL;"
		"INSERT OR IGNORE INTO temp.sync_clients SELECT g.client_id FROM registration g JOIN temp.sync_in i"
		" ON i.uid = g.uid WHERE i.tbl = 'registration' AND i.action IN ('insert','apply');");
	if (st != OK_OK)
		return st;
	sqlite3_stmt *s = db_stmt(db,
		"UPDATE event SET ref_state = coalesce((SELECT o.detail FROM event o WHERE o.referral_id = event.id"
		" AND o.state = 'active' ORDER BY o.occurred_on DESC, o.id DESC LIMIT 1), 'issued')"
		" WHERE kind IN " REFERRAL_KINDS " AND (id IN (SELECT e.id FROM event e JOIN temp.sync_in i ON i.uid = e.uid"
		"  WHERE i.tbl = 'event' AND i.action IN ('insert','apply'))"
		" OR id IN (SELECT e.referral_id FROM event e JOIN temp.sync_in i ON i.uid = e.uid"
		"  WHERE i.tbl = 'event' AND i.action IN ('insert','apply') AND e.referral_id IS NOT NULL))");
	if (!s || (st = db_done(db, s)) != OK_OK)
		return s ? st : OK_EIO;
	s = db_stmt(db,
		"UPDATE registration SET last_contact_on = max(registered_on, coalesce("
		" (SELECT max(e.occurred_on) FROM event e WHERE e.client_id = registration.client_id"
		"  AND e.occurred_on >= registration.registered_on"
		"  AND e.occurred_on <= coalesce(registration.ended_on, '9999-12-31') AND e.state = 'active'"
		"  AND e.kind IN " CONTACT_KINDS "), ''))"
		" WHERE client_id IN (SELECT id FROM temp.sync_clients)");
	if (!s || (st = db_done(db, s)) != OK_OK)
		return s ? st : OK_EIO;
	s = db_stmt(db,
		"UPDATE registration SET contact_due = CASE WHEN status = 'unemployed' AND ended_on IS NULL"
		" THEN date(max(last_contact_on, '" ACT_2025_FIRST_DAY "'), '+90 days') END"
		" WHERE client_id IN (SELECT id FROM temp.sync_clients)");
	if (!s)
		return OK_EIO;
	return db_done(db, s);
}

/* Runs a statement of the table descriptions (built SQL, no parameters
 * unless bound here). */
static enum ok_status run_built(struct ok_db *db, const char *sql, int64_t a, int *changes)
{

	sqlite3_stmt *s = db_stmt(db, sql);
	if (!s)
		return OK_EIO;
	if (sqlite3_bind_parameter_count(s) > 0)
		sqlite3_bind_int64(s, 1, a);
	enum ok_status st = db_done(db, s);
	if (changes)
		*changes = sqlite3_changes(db_sqlite(db));
	return st;
}

/* Applies temp.sync_in inside the caller's transaction: classification,
 * upserts, conflicts, derived values. base: the change sequence number
 * up to which this office's changes count as synced (the central mark
 * at the last pull); pushed: the central mark now, up to which they
 * have been sent. keep_changes: the
 * applied records are this office's own new versions (a resolution),
 * to be sent at the next sync. */
static enum ok_status apply_incoming(struct ok_db *db, int64_t base, int64_t pushed, bool keep_changes, bool rekey,
                                     long *applied)
{
	enum ok_status st;
	int64_t before = 0;
	if ((st = int_query(db, "SELECT coalesce(max(seq), 0) FROM change", 0, &before)) != OK_OK)
		return st;
	/* The latest version of each record only. */
	if ((st = exec_local(db,
		"DELETE FROM temp.sync_in WHERE rowid NOT IN (SELECT rid FROM (SELECT rowid AS rid, row_number() OVER"
		" (PARTITION BY uid ORDER BY batch DESC, rowid DESC) AS rn FROM temp.sync_in) WHERE rn = 1);"
		"DROP TABLE IF EXISTS temp.sync_changed;"
		"CREATE TEMP TABLE sync_changed(tbl TEXT NOT NULL, row_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
		" PRIMARY KEY(tbl, row_id)) WITHOUT ROWID;"
		"UPDATE temp.sync_in SET action = 'insert', local_id = NULL, k = CASE tbl"
		" WHEN 'client' THEN coalesce(json_extract(data,'$.pesel'),"
		"  json_extract(data,'$.doc_type') || ':' || json_extract(data,'$.doc_number'))"
		" WHEN 'employer' THEN json_extract(data,'$.nip') END;")) != OK_OK)
		return st;
	if (!keep_changes &&
	    (st = run_int(db, "INSERT INTO temp.sync_changed SELECT tbl, row_id, max(seq) FROM change WHERE seq > ?1"
	                      " GROUP BY tbl, row_id", base)) != OK_OK)
		return st;
	for (size_t k = 0; k < NTABLES; k++)
		if ((st = run_built(db, tsql[k].local_id, 0, NULL)) != OK_OK ||
		    (!keep_changes && (st = run_built(db, tsql[k].classify, pushed, NULL)) != OK_OK))
			return st;
	if (keep_changes && (st = exec_local(db, "UPDATE temp.sync_in SET action = 'apply' WHERE local_id IS NOT NULL")) != OK_OK)
		return st;
	if (rekey && (st = run_built(db, rekey_sql, 0, NULL)) != OK_OK)
		return st;
	for (size_t k = 0; k < NTABLES; k++)
		if (!rekey && tsql[k].dup[0] && (st = run_built(db, tsql[k].dup, 0, NULL)) != OK_OK)
			return st;
	for (int round = 0; round < 16; round++) {
		int total = 0, n;
		for (size_t k = 0; k < NTABLES; k++) {
			if ((st = run_built(db, tsql[k].held, 0, &n)) != OK_OK)
				return st;
			total += n;
		}
		if (!total)
			break;
	}
	/* Conflicts settled by a newer version, or by the other office
	 * taking this one: closed. Held records are back in sync_in and
	 * wait again below when still waiting. */
	if ((st = exec_local(db,
		"UPDATE sync_conflict SET resolved_at = strftime('%Y-%m-%dT%H:%M:%S','now','localtime'),"
		" resolution = 'superseded', resolved_by = 'sync' WHERE resolved_at IS NULL AND uid IN"
		" (SELECT uid FROM temp.sync_in WHERE action IN ('apply','same','insert','skip'))")) != OK_OK)
		return st;
	for (size_t k = 0; k < NTABLES; k++)
		if ((st = run_built(db, tsql[k].apply, 0, NULL)) != OK_OK)
			return st;
	for (size_t k = 0; k < NTABLES; k++)
		if (tables[k].late && (st = run_built(db, tsql[k].late, 0, NULL)) != OK_OK)
			return st;
	for (size_t k = 0; k < NTABLES; k++)
		if ((st = run_built(db, tsql[k].conflict, 0, NULL)) != OK_OK)
			return st;
	if (!keep_changes && (st = run_int(db, "DELETE FROM change WHERE seq > ?1", before)) != OK_OK)
		return st;
	if ((st = derive_applied(db)) != OK_OK)
		return st;
	if (applied) {
		int64_t n = 0;
		if ((st = int_query(db, "SELECT count(*) FROM temp.sync_in WHERE action IN ('insert','apply')", 0, &n)) != OK_OK)
			return st;
		*applied = (long)n;
	}
	return OK_OK;
}

static enum ok_status make_sync_in(struct ok_db *db)
{
	return exec_local(db,
		"CREATE TEMP TABLE IF NOT EXISTS sync_in(tbl TEXT NOT NULL, office TEXT NOT NULL, uid TEXT NOT NULL,"
		" data TEXT NOT NULL, batch INTEGER NOT NULL, action TEXT, local_id INTEGER, k TEXT,"
		" known INTEGER NOT NULL DEFAULT 0);"
		"CREATE INDEX IF NOT EXISTS temp.sync_in_uid ON sync_in(uid);"
		"CREATE INDEX IF NOT EXISTS temp.sync_in_k ON sync_in(tbl, k) WHERE k IS NOT NULL;"
		"DELETE FROM temp.sync_in;");
}

enum central_status sync_pull(struct ok_db *db, struct central *c, struct sync_result *r)
{
	enum ok_status st = sync_prepare(db);
	if (st != OK_OK)
		return local_fail(db, st, r);
	const char *office = db_office(db);
	int64_t after = 0, upto = 0, base = 0, pushed = 0;
	char uid[33], token[33];
	if ((st = meta_get_int(db, "sync_pull_batch", &after)) != OK_OK ||
	    (st = meta_get_int(db, "sync_base_seq", &base)) != OK_OK || (st = make_sync_in(db)) != OK_OK)
		return local_fail(db, st, r);
	enum central_status cst = c->ops->begin(c, false);
	if (cst != CENTRAL_OK)
		return central_failed(c, cst, r);
	/* The office's own mark: what of its sequence counts as synced. */
	if ((cst = c->ops->read_mark(c, office, &pushed, uid, token)) != CENTRAL_OK ||
	    (cst = c->ops->max_batch(c, &upto)) != CENTRAL_OK) {
		c->ops->rollback(c);
		return central_failed(c, cst, r);
	}
	struct pull_ctx p = { .db = db, .st = OK_OK };
	p.ins = db_stmt(db, "INSERT INTO temp.sync_in(tbl, office, uid, data, batch, known) VALUES(?1, ?2, ?3, " SYNC_IN_DATA ", ?5, ?6)");
	if (!p.ins) {
		c->ops->rollback(c);
		return local_fail(db, OK_EIO, r);
	}
	/* Into the temporary table first: the office file is not locked
	 * while the rows travel. */
	sqlite3_exec(db_sqlite(db), "BEGIN", NULL, NULL, NULL);
	cst = upto > after ? c->ops->pull_rows(c, office, after, upto, pull_one, &p) : CENTRAL_OK;
	sqlite3_exec(db_sqlite(db), cst == CENTRAL_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	c->ops->rollback(c); /* a read-only snapshot: nothing to commit */
	if (p.st != OK_OK)
		return local_fail(db, p.st, r);
	if (cst != CENTRAL_OK)
		return central_failed(c, cst, r);

	if ((st = db_begin(db)) != OK_OK)
		return local_fail(db, st, r);
	/* Held records of earlier syncs are tried again. */
	if ((st = exec_local(db,
		"INSERT INTO temp.sync_in(tbl, office, uid, data, batch) SELECT tbl, office, uid, other_data, batch"
		" FROM sync_conflict WHERE kind = 'held' AND resolved_at IS NULL;"
		"DELETE FROM sync_conflict WHERE kind = 'held' AND resolved_at IS NULL;")) != OK_OK)
		goto fail;
	long applied = 0;
	int64_t incoming = 0;
	if ((st = int_query(db, "SELECT count(*) FROM temp.sync_in", 0, &incoming)) != OK_OK)
		goto fail;
	/* Nothing arrived and nothing waits: only the marks move. */
	if (incoming > 0 && (st = apply_incoming(db, base, pushed, false, false, &applied)) != OK_OK)
		goto fail;
	int64_t open = 0;
	if ((st = meta_set_int(db, "sync_pull_batch", upto > after ? upto : after)) != OK_OK ||
	    (st = meta_set_int(db, "sync_base_seq", pushed > base ? pushed : base)) != OK_OK ||
	    (st = int_query(db, "SELECT count(*) FROM sync_conflict WHERE resolved_at IS NULL AND kind <> 'held'", 0, &open)) != OK_OK ||
	    (st = db_commit(db)) != OK_OK)
		goto fail;
	exec_local(db, "DELETE FROM temp.sync_in");
	r->received += applied;
	r->conflicts = (long)open;
	return CENTRAL_OK;
fail:
	db_rollback(db);
	exec_local(db, "DELETE FROM temp.sync_in");
	return local_fail(db, st, r);
}

static void record_run(struct ok_db *db, const char *target, const struct sync_result *r, const char *started)
{
	sqlite3_stmt *s = db_stmt(db,
		"INSERT INTO sync_run(started_at, seconds, target, outcome, sent, received, conflicts, message)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (!s)
		return;
	sqlite3_bind_text(s, 1, started, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 2, r->seconds);
	sqlite3_bind_text(s, 3, target, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, r->status == CENTRAL_OK ? "ok" : "failed", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, r->sent);
	sqlite3_bind_int64(s, 6, r->received);
	sqlite3_bind_int64(s, 7, r->conflicts);
	sqlite3_bind_text(s, 8, r->message, -1, SQLITE_STATIC);
	db_done(db, s);
}

void sync_record_failure(struct ok_db *db, const char *target, enum central_status st, const char *message)
{
	struct sync_result r = { .status = st };
	snprintf(r.message, sizeof r.message, "%s", message);
	char started[20];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%S", &tm);
	record_run(db, target, &r, started);
}

enum central_status sync_run(struct ok_db *db, struct central *c, const struct sync_options *opt,
                             struct sync_result *r)
{
	memset(r, 0, sizeof *r);
	double t0 = now_seconds();
	char started[20];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%S", &tm);
	enum ok_status st = staff_require(db, ACT_SYNC);
	if (st != OK_OK) {
		snprintf(r->message, sizeof r->message, "%s", db_errmsg(db));
		return r->status = CENTRAL_EFAIL;
	}
	/* A page cache of up to 256 MiB for the run (it grows only as far
	 * as it is used): a night's change log, rows and indexes stay in
	 * memory. The desk's own setting comes back after. */
	int cache = -2000;
	sqlite3_stmt *q = db_stmt(db, "PRAGMA cache_size");
	if (q && sqlite3_step(q) == SQLITE_ROW)
		cache = sqlite3_column_int(q, 0);
	if (q)
		sqlite3_reset(q);
	exec_local(db, "PRAGMA cache_size=-262144");
	enum central_status cst = central_check(c);
	if (cst != CENTRAL_OK)
		central_failed(c, cst, r);
	else if ((cst = sync_push(db, c, opt, r)) == CENTRAL_OK)
		cst = sync_pull(db, c, r);
	char sql[40];
	/* A PRAGMA takes no bound parameter: the number read above, no input. */
	snprintf(sql, sizeof sql, "PRAGMA cache_size=%d", cache);
	exec_local(db, sql);
	r->status = cst;
	r->seconds = now_seconds() - t0;
	if (cst == CENTRAL_OK)
		r->message[0] = '\0';
	record_run(db, c->label, r, started);
	return cst;
}

/* ---- Conflicts ---- */

long sync_conflict_count(struct ok_db *db)
{
	int64_t n = 0;
	if (int_query(db, "SELECT count(*) FROM sync_conflict WHERE resolved_at IS NULL AND kind <> 'held'", 0, &n) != OK_OK)
		return 0;
	return (long)n;
}

enum ok_status sync_conflicts(struct ok_db *db, int (*fn)(const struct sync_conflict *, void *), void *arg)
{
	sqlite3_stmt *s = db_stmt(db,
		"SELECT k.id, k.tbl, k.uid, k.office, k.kind, CASE k.tbl"
		" WHEN 'client' THEN json_extract(k.other_data,'$.first_name') || ' ' || json_extract(k.other_data,'$.last_name')"
		"  || ' (' || json_extract(k.other_data,'$.birth_date') || ')'"
		" WHEN 'employer' THEN json_extract(k.other_data,'$.name') || ' (NIP ' || json_extract(k.other_data,'$.nip') || ')'"
		" WHEN 'event' THEN json_extract(k.other_data,'$.kind') || ' ' || json_extract(k.other_data,'$.occurred_on')"
		" ELSE k.tbl END,"
		" coalesce((SELECT group_concat(d.key, ', ') FROM (SELECT o.key, o.id AS n FROM json_each(k.other_data) o"
		"  WHERE k.local_data IS NULL OR json_extract(k.local_data, '$.' || o.key) IS NOT o.value"
		"  UNION ALL SELECT l.key, 1e9 + l.id FROM json_each(k.local_data) l WHERE l.type <> 'null'"
		"  AND json_type(k.other_data, '$.' || l.key) IS NULL ORDER BY 2) d), ''),"
		" k.detected_at,"
		" (SELECT count(*) FROM sync_conflict h WHERE h.kind = 'held' AND h.resolved_at IS NULL"
		"  AND instr(h.other_data, k.uid) > 0)"
		" FROM sync_conflict k WHERE k.resolved_at IS NULL AND k.kind <> 'held' ORDER BY k.id");
	if (!s)
		return OK_EIO;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct sync_conflict k = { 0 };
		k.id = sqlite3_column_int64(s, 0);
		db_col_text(s, 1, k.tbl, sizeof k.tbl);
		db_col_text(s, 2, k.uid, sizeof k.uid);
		db_col_text(s, 3, k.office, sizeof k.office);
		db_col_text(s, 4, k.kind, sizeof k.kind);
		db_col_text(s, 5, k.label, sizeof k.label);
		db_col_text(s, 6, k.fields, sizeof k.fields);
		db_col_text(s, 7, k.detected_at, sizeof k.detected_at);
		k.held = (long)sqlite3_column_int64(s, 8);
		if (fn(&k, arg) != 0)
			break;
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

enum ok_status sync_conflict_versions(struct ok_db *db, int64_t id, char **local, char **other)
{
	*local = *other = NULL;
	sqlite3_stmt *s = db_stmt(db, "SELECT coalesce(local_data, ''), other_data FROM sync_conflict WHERE id = ?1");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*local = xstrdup((const char *)sqlite3_column_text(s, 0));
		*other = xstrdup((const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return db_fail(db, OK_ENOTFOUND, _("There is no conflict number %lld."), (long long)id);
	return rc == SQLITE_ROW ? OK_OK : db_sqlfail(db, rc);
}

enum ok_status sync_resolve(struct ok_db *db, int64_t id, enum sync_choice choice)
{
	enum ok_status st = sync_prepare(db);
	if (st == OK_OK)
		st = staff_require(db, ACT_CONFLICT_RESOLVE);
	if (st != OK_OK)
		return st;
	if ((st = db_begin(db)) != OK_OK)
		return st;
	sqlite3_stmt *s = db_stmt(db, "SELECT tbl, uid, kind, office, other_data FROM sync_conflict"
	                              " WHERE id = ?1 AND resolved_at IS NULL AND kind <> 'held'");
	if (!s) {
		st = OK_EIO;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	char tbl[32] = "", uid[33] = "", kind[16] = "", office[16] = "";
	char *other = NULL;
	if (rc == SQLITE_ROW) {
		db_col_text(s, 0, tbl, sizeof tbl);
		db_col_text(s, 1, uid, sizeof uid);
		db_col_text(s, 2, kind, sizeof kind);
		db_col_text(s, 3, office, sizeof office);
		other = xstrdup((const char *)sqlite3_column_text(s, 4));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW) {
		st = rc == SQLITE_DONE ? db_fail(db, OK_ENOTFOUND, _("There is no open conflict number %lld."), (long long)id)
		                       : db_sqlfail(db, rc);
		goto fail;
	}
	int k = table_index(tbl);
	if (k < 0) {
		free(other);
		st = db_fail(db, OK_EINVAL, _("There is no open conflict number %lld."), (long long)id);
		goto fail;
	}
	if (!strcmp(kind, "duplicate") && choice == SYNC_TAKE_OTHER) {
		free(other);
		st = db_fail(db, OK_EINVAL, "%s",
		             _("The other office's record has the PESEL, NIP or document of another record here: it cannot replace it. Keep this office's record; the other stays in the central database."));
		goto fail;
	}
	if (!strcmp(kind, "conflict")) {
		int64_t local_id = 0;
		const struct stable *t = &tables[k];
		struct tsql *q = &tsql[k];
		if ((st = make_sync_in(db)) != OK_OK) {
			free(other);
			goto fail;
		}
		s = db_stmt(db, "INSERT INTO temp.sync_in(tbl, office, uid, data, batch) VALUES(?1, ?2, ?3, ?4, 0)");
		if (!s) {
			free(other);
			st = OK_EIO;
			goto fail;
		}
		sqlite3_bind_text(s, 1, tbl, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, office, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, uid, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, other, -1, SQLITE_TRANSIENT);
		free(other);
		if ((st = db_done(db, s)) != OK_OK || (st = run_built(db, q->local_id, 0, NULL)) != OK_OK)
			goto fail;
		if ((st = int_query(db, "SELECT coalesce(local_id, 0) FROM temp.sync_in", 0, &local_id)) != OK_OK)
			goto fail;
		if (t->versioned) {
			/* Above both versions, so that the choice wins everywhere. */
			static const char *const bump_client =
				"UPDATE temp.sync_in SET data = json_set(data, '$.version',"
				" max(json_extract(data, '$.version'), (SELECT version FROM client WHERE id = ?1)) + 1)";
			static const char *const bump_employer =
				"UPDATE temp.sync_in SET data = json_set(data, '$.version',"
				" max(json_extract(data, '$.version'), (SELECT version FROM employer WHERE id = ?1)) + 1)";
			static const char *const hist_client =
				"INSERT OR IGNORE INTO client_version(client_id, version, data, changed_by, reason)"
				" SELECT c.id, c.version, json_object('pesel', c.pesel, 'doc_type', c.doc_type, 'doc_number', c.doc_number,"
				" 'first_name', c.first_name, 'last_name', c.last_name, 'birth_date', c.birth_date, 'sex', c.sex,"
				" 'citizenship', c.citizenship, 'address', c.address, 'phone', c.phone, 'email', c.email,"
				" 'education', c.education, 'disability', c.disability, 'benefit', c.benefit), ?2, ?3"
				" FROM client c WHERE c.id = ?1";
			static const char *const hist_employer =
				"INSERT OR IGNORE INTO employer_version(employer_id, version, data, changed_by, reason)"
				" SELECT e.id, e.version, json_object('nip', e.nip, 'name', e.name, 'registered_on', e.registered_on,"
				" 'address', e.address, 'phone', e.phone, 'email', e.email), ?2, ?3 FROM employer e WHERE e.id = ?1";
			bool is_client = !strcmp(tbl, "client");
			if ((st = run_int(db, is_client ? bump_client : bump_employer, local_id)) != OK_OK)
				goto fail;
			if (choice == SYNC_TAKE_OTHER) {
				char why[128];
				snprintf(why, sizeof why, _("sync conflict: the version of office %s taken"), office);
				sqlite3_stmt *h = db_stmt(db, is_client ? hist_client : hist_employer);
				if (!h) {
					st = OK_EIO;
					goto fail;
				}
				sqlite3_bind_int64(h, 1, local_id);
				db_bind_actor(db, h, 2);
				sqlite3_bind_text(h, 3, why, -1, SQLITE_TRANSIENT);
				if ((st = db_done(db, h)) != OK_OK)
					goto fail;
			} else {
				static const char *const keep_client =
					"UPDATE client SET version = (SELECT json_extract(data, '$.version') FROM temp.sync_in) WHERE id = ?1";
				static const char *const keep_employer =
					"UPDATE employer SET version = (SELECT json_extract(data, '$.version') FROM temp.sync_in) WHERE id = ?1";
				if ((st = run_int(db, is_client ? keep_client : keep_employer, local_id)) != OK_OK)
					goto fail;
			}
		} else if (choice == SYNC_KEEP_LOCAL) {
			/* Sent again at the next sync, so that the others take it. */
			if ((st = run_int(db, q->touch, local_id)) != OK_OK)
				goto fail;
		}
		if (choice == SYNC_TAKE_OTHER && (st = apply_incoming(db, 0, 0, true, false, NULL)) != OK_OK)
			goto fail;
		exec_local(db, "DELETE FROM temp.sync_in");
	} else {
		free(other); /* a duplicate kept local: nothing to apply */
	}
	s = db_stmt(db, "UPDATE sync_conflict SET resolved_at = strftime('%Y-%m-%dT%H:%M:%S','now','localtime'),"
	                " resolved_by = ?2, resolution = ?3 WHERE id = ?1");
	if (!s) {
		st = OK_EIO;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, db_actor(db)->login, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, choice == SYNC_KEEP_LOCAL ? "local" : "other", -1, SQLITE_STATIC);
	if ((st = db_done(db, s)) != OK_OK ||
	    (st = audit_log(db, "resolve", tbl, uid, choice == SYNC_KEEP_LOCAL ? "local" : "other")) != OK_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	exec_local(db, "DELETE FROM temp.sync_in");
	return st;
}

/* ---- History ---- */

static void history_row(sqlite3_stmt *s, struct sync_history *h)
{
	memset(h, 0, sizeof *h);
	db_col_text(s, 0, h->started_at, sizeof h->started_at);
	db_col_text(s, 1, h->target, sizeof h->target);
	db_col_text(s, 2, h->outcome, sizeof h->outcome);
	h->sent = (long)sqlite3_column_int64(s, 3);
	h->received = (long)sqlite3_column_int64(s, 4);
	h->conflicts = (long)sqlite3_column_int64(s, 5);
	h->seconds = sqlite3_column_double(s, 6);
	db_col_text(s, 7, h->message, sizeof h->message);
}

enum ok_status sync_history(struct ok_db *db, int limit, int (*fn)(const struct sync_history *, void *), void *arg)
{
	sqlite3_stmt *s = db_stmt(db, "SELECT started_at, target, outcome, sent, received, conflicts, seconds, message"
	                              " FROM sync_run ORDER BY id DESC LIMIT ?1");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int(s, 1, limit);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct sync_history h;
		history_row(s, &h);
		if (fn(&h, arg) != 0)
			break;
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

enum ok_status sync_last(struct ok_db *db, struct sync_history *out)
{
	sqlite3_stmt *s = db_stmt(db, "SELECT started_at, target, outcome, sent, received, conflicts, seconds, message"
	                              " FROM sync_run ORDER BY id DESC LIMIT 1");
	if (!s)
		return OK_EIO;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		history_row(s, out);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return OK_ENOTFOUND;
	return rc == SQLITE_ROW ? OK_OK : db_sqlfail(db, rc);
}

/* ---- Comparison ---- */

enum ok_status sync_payloads(struct ok_db *db, int (*fn)(const char *tbl, const char *uid, const char *data, void *),
                             void *arg)
{
	enum ok_status st = sync_prepare(db);
	if (st != OK_OK)
		return st;
	static char sql[NTABLES][2300];
	_Static_assert(sizeof tsql[0].payload + 64 < sizeof sql[0], "room for the payload query");
	for (size_t k = 0; k < NTABLES; k++) {
		if (!sql[k][0])
			snprintf(sql[k], sizeof sql[k], "SELECT t.uid, %.2100s FROM %s t ORDER BY t.uid", tsql[k].payload,
			         tables[k].name);
		sqlite3_stmt *s = db_stmt(db, sql[k]);
		if (!s)
			return OK_EIO;
		int rc;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW)
			if (fn(tables[k].name, (const char *)sqlite3_column_text(s, 0),
			       (const char *)sqlite3_column_text(s, 1), arg) != 0) {
				sqlite3_reset(s);
				return OK_OK;
			}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return db_sqlfail(db, rc);
	}
	return OK_OK;
}

/* ---- The city's records ---- */

enum central_status sync_load_central(struct ok_db *db, struct central *c, char *err, size_t errsz)
{
	enum ok_status st = sync_prepare(db);
	if (st == OK_OK)
		st = make_sync_in(db);
	if (st != OK_OK) {
		snprintf(err, errsz, "%s", db_errmsg(db));
		return CENTRAL_EFAIL;
	}
	enum central_status cst = c->ops->begin(c, false);
	if (cst != CENTRAL_OK) {
		snprintf(err, errsz, "%s", c->err);
		return cst;
	}
	struct pull_ctx p = { .db = db, .st = OK_OK };
	p.ins = db_stmt(db, "INSERT INTO temp.sync_in(tbl, office, uid, data, batch) VALUES(?1, ?2, ?3, " SYNC_IN_DATA ", ?5)");
	sqlite3_exec(db_sqlite(db), "BEGIN", NULL, NULL, NULL);
	cst = p.ins ? c->ops->all_rows(c, pull_one, &p) : CENTRAL_EFAIL;
	sqlite3_exec(db_sqlite(db), cst == CENTRAL_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	c->ops->rollback(c);
	if (cst != CENTRAL_OK || p.st != OK_OK || !p.ins) {
		snprintf(err, errsz, "%s", p.st != OK_OK || !p.ins ? db_errmsg(db) : c->err);
		return cst != CENTRAL_OK ? cst : CENTRAL_EFAIL;
	}
	if ((st = db_begin(db)) == OK_OK) {
		if ((st = apply_incoming(db, 0, 0, false, true, NULL)) == OK_OK &&
		    (st = exec_local(db, "INSERT OR REPLACE INTO meta(key, value) VALUES('report_all', '1')")) == OK_OK)
			st = db_commit(db);
		else
			db_rollback(db);
	}
	exec_local(db, "DELETE FROM temp.sync_in");
	if (st != OK_OK) {
		snprintf(err, errsz, "%s", db_errmsg(db));
		return st == OK_EFULL ? CENTRAL_EFULL : CENTRAL_EFAIL;
	}
	return CENTRAL_OK;
}
