/* central_sqlite.c: the central database in an SQLite file (a single
 * office, a trial, the demo, the tests). The same tables as on
 * PostgreSQL. Writers take the file's lock with BEGIN IMMEDIATE (two
 * offices syncing at once wait for each other); synchronous=FULL and WAL,
 * as for the office file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "central.h"
#include "intl.h"

/* "OKNC": PRAGMA application_id of a central file. */
#define CENTRAL_APPLICATION_ID 0x4F4B4E43
/* Another office's sync may hold the file for its batch. */
#define CENTRAL_BUSY_MS 120000

struct central_sqlite {
	struct central base;
	sqlite3 *db;
	sqlite3_stmt *put, *mark, *get_mark, *next, *max, *pull, *all, *seen;
	char office[64];  /* of the rows being copied */
	int64_t batch;
};

static enum central_status fail_sql(struct central_sqlite *c, int rc)
{
	const char *detail = sqlite3_errmsg(c->db);
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return central_fail(&c->base, CENTRAL_EFULL, _("The disk of the central database is full: %s"), detail);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return central_fail(&c->base, CENTRAL_EFAIL,
		                    _("The central database stayed locked by another sync: %s"), detail);
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
		return central_fail(&c->base, CENTRAL_EUNREACHABLE, _("Cannot reach the central database %s: %s"),
		                    c->base.label, detail);
	default:
		return central_fail(&c->base, CENTRAL_EFAIL, _("Central database error: %s"), detail);
	}
}

static enum central_status exec_sql(struct central_sqlite *c, const char *sql)
{
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? CENTRAL_OK : fail_sql(c, rc);
}

static enum central_status prep(struct central_sqlite *c, sqlite3_stmt **st, const char *sql)
{
	if (*st) {
		sqlite3_reset(*st);
		sqlite3_clear_bindings(*st);
		return CENTRAL_OK;
	}
	int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
	return rc == SQLITE_OK ? CENTRAL_OK : fail_sql(c, rc);
}

static enum central_status s_begin(struct central *b, bool write)
{
	struct central_sqlite *c = (struct central_sqlite *)b;
	return exec_sql(c, write ? "BEGIN IMMEDIATE" : "BEGIN");
}

static enum central_status s_commit(struct central *b)
{
	struct central_sqlite *c = (struct central_sqlite *)b;
	enum central_status st = exec_sql(c, "COMMIT");
	if (st != CENTRAL_OK && !sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	return st;
}

static void s_rollback(struct central *b)
{
	struct central_sqlite *c = (struct central_sqlite *)b;
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

static enum central_status s_schema_version(struct central *b, int *version)
{
	struct central_sqlite *c = (struct central_sqlite *)b;
	sqlite3_stmt *st;
	*version = 0;
	int rc = sqlite3_prepare_v2(c->db, "SELECT count(*) FROM sqlite_master WHERE name = 'central_meta'", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail_sql(c, rc);
	rc = sqlite3_step(st);
	int have = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return fail_sql(c, rc);
	if (!have)
		return CENTRAL_OK;
	rc = sqlite3_prepare_v2(c->db, "SELECT CAST(value AS INTEGER) FROM central_meta WHERE key = 'schema_version'",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail_sql(c, rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CENTRAL_OK : fail_sql(c, rc);
}

/* Schema 2: what each push batch's office had pulled when it sent it. */
static const char *const schema_2 =
	"CREATE TABLE batch_seen(batch BIGINT PRIMARY KEY, office TEXT NOT NULL, seen BIGINT NOT NULL);"
	"UPDATE central_meta SET value = '2' WHERE key = 'schema_version';";

static enum central_status s_schema_init(struct central *b, int from)
{
	struct central_sqlite *c = (struct central_sqlite *)b;
	if (from >= 1)
		return from >= 2 ? CENTRAL_OK : exec_sql(c, schema_2);
	char sql[128];
	snprintf(sql, sizeof sql, "PRAGMA application_id=%d", CENTRAL_APPLICATION_ID);
	enum central_status st = exec_sql(c, sql);
	if (st != CENTRAL_OK)
		return st;
	if ((st = exec_sql(c,
		"CREATE TABLE central_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
		"CREATE TABLE batch_counter(id INTEGER PRIMARY KEY CHECK(id = 1), n BIGINT NOT NULL);"
		"INSERT INTO batch_counter VALUES(1, 0);"
		"CREATE TABLE office_mark(office TEXT PRIMARY KEY, last_seq BIGINT NOT NULL,"
		" last_uid TEXT NOT NULL, token TEXT NOT NULL, batch BIGINT NOT NULL, updated_at TEXT NOT NULL);"
		"CREATE TABLE record(office TEXT NOT NULL, uid TEXT NOT NULL, tbl TEXT NOT NULL,"
		" data TEXT NOT NULL, seq BIGINT NOT NULL, batch BIGINT NOT NULL, PRIMARY KEY(office, uid));"
		"CREATE INDEX record_batch ON record(batch);"
		"INSERT INTO central_meta VALUES('schema_version', '1');")) != CENTRAL_OK)
		return st;
	return exec_sql(c, schema_2);
}

static enum central_status s_read_mark(struct central *b, const char *office, int64_t *last_seq,
                                       char last_uid[33], char token[33])
{
	struct central_sqlite *c = (struct central_sqlite *)b;
	enum central_status st = prep(c, &c->get_mark, "SELECT last_seq, last_uid, token FROM office_mark WHERE office = ?1");
	if (st != CENTRAL_OK)
		return st;
	sqlite3_bind_text(c->get_mark, 1, office, -1, SQLITE_STATIC);
	*last_seq = 0;
	last_uid[0] = token[0] = '\0';
	int rc = sqlite3_step(c->get_mark);
	if (rc == SQLITE_ROW) {
		*last_seq = sqlite3_column_int64(c->get_mark, 0);
		const unsigned char *u = sqlite3_column_text(c->get_mark, 1);
		snprintf(last_uid, 33, "%s", u ? (const char *)u : "");
		u = sqlite3_column_text(c->get_mark, 2);
		snprintf(token, 33, "%s", u ? (const char *)u : "");
	}
	sqlite3_reset(c->get_mark);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CENTRAL_OK : fail_sql(c, rc);
}

static enum central_status s_next_batch(struct central *b, int64_t *batch)
{
	struct central_sqlite *c = (struct central_sqlite *)b;
	enum central_status st = prep(c, &c->next, "UPDATE batch_counter SET n = n + 1 WHERE id = 1 RETURNING n");
	if (st != CENTRAL_OK)
		return st;
	int rc = sqlite3_step(c->next);
	if (rc == SQLITE_ROW)
		*batch = sqlite3_column_int64(c->next, 0);
	int rc2 = rc == SQLITE_ROW ? sqlite3_step(c->next) : rc;
	sqlite3_reset(c->next);
	if (rc != SQLITE_ROW)
		return fail_sql(c, rc);
	return rc2 == SQLITE_DONE ? CENTRAL_OK : fail_sql(c, rc2);
}

static enum central_status s_copy_begin(struct central *b, const char *office, int64_t batch, bool fresh)
{
	struct central_sqlite *c = (struct central_sqlite *)b;
	(void)fresh; /* one upsert serves both: a fresh row never meets a conflict */
	snprintf(c->office, sizeof c->office, "%s", office);
	c->batch = batch;
	return prep(c, &c->put,
		"INSERT INTO record(office, uid, tbl, data, seq, batch) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT(office, uid) DO UPDATE SET tbl = excluded.tbl, data = excluded.data,"
		" seq = excluded.seq, batch = excluded.batch WHERE excluded.seq > record.seq");
}

static enum central_status s_copy_row(struct central *b, const struct central_row *row)
{
	struct central_sqlite *c = (struct central_sqlite *)b;
	sqlite3_bind_text(c->put, 1, c->office, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->put, 2, row->uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->put, 3, row->tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->put, 4, row->data, -1, SQLITE_STATIC);
	sqlite3_bind_int64(c->put, 5, row->seq);
	sqlite3_bind_int64(c->put, 6, c->batch);
	int rc = sqlite3_step(c->put);
	sqlite3_reset(c->put);
	return rc == SQLITE_DONE ? CENTRAL_OK : fail_sql(c, rc);
}

static enum central_status s_copy_end(struct central *b)
{
	(void)b;
	return CENTRAL_OK;
}

static enum central_status s_upsert_mark(struct central *b, const char *office, int64_t last_seq,
                                         const char *last_uid, const char *token, int64_t batch, int64_t seen)
{
	struct central_sqlite *c = (struct central_sqlite *)b;
	enum central_status st = prep(c, &c->mark,
		"INSERT INTO office_mark(office, last_seq, last_uid, token, batch, updated_at)"
		" VALUES(?1, ?2, ?3, ?5, ?4, strftime('%Y-%m-%dT%H:%M:%S','now'))"
		" ON CONFLICT(office) DO UPDATE SET last_seq = excluded.last_seq, last_uid = excluded.last_uid,"
		" token = excluded.token,"
		" batch = excluded.batch, updated_at = excluded.updated_at");
	if (st != CENTRAL_OK)
		return st;
	sqlite3_bind_text(c->mark, 1, office, -1, SQLITE_STATIC);
	sqlite3_bind_int64(c->mark, 2, last_seq);
	sqlite3_bind_text(c->mark, 3, last_uid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(c->mark, 4, batch);
	sqlite3_bind_text(c->mark, 5, token, -1, SQLITE_STATIC);
	int rc = sqlite3_step(c->mark);
	sqlite3_reset(c->mark);
	if (rc != SQLITE_DONE)
		return fail_sql(c, rc);
	if ((st = prep(c, &c->seen, "INSERT INTO batch_seen(batch, office, seen) VALUES(?1, ?2, ?3)")) != CENTRAL_OK)
		return st;
	sqlite3_bind_int64(c->seen, 1, batch);
	sqlite3_bind_text(c->seen, 2, office, -1, SQLITE_STATIC);
	sqlite3_bind_int64(c->seen, 3, seen);
	rc = sqlite3_step(c->seen);
	sqlite3_reset(c->seen);
	return rc == SQLITE_DONE ? CENTRAL_OK : fail_sql(c, rc);
}

static enum central_status s_max_batch(struct central *b, int64_t *batch)
{
	struct central_sqlite *c = (struct central_sqlite *)b;
	enum central_status st = prep(c, &c->max, "SELECT n FROM batch_counter WHERE id = 1");
	if (st != CENTRAL_OK)
		return st;
	*batch = 0;
	int rc = sqlite3_step(c->max);
	if (rc == SQLITE_ROW)
		*batch = sqlite3_column_int64(c->max, 0);
	sqlite3_reset(c->max);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CENTRAL_OK : fail_sql(c, rc);
}

static enum central_status each_row(struct central_sqlite *c, sqlite3_stmt *st, central_row_fn fn, void *arg)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct central_in in = {
			.office = (const char *)sqlite3_column_text(st, 0),
			.uid = (const char *)sqlite3_column_text(st, 1),
			.tbl = (const char *)sqlite3_column_text(st, 2),
			.data = (const char *)sqlite3_column_text(st, 3),
			.batch = sqlite3_column_int64(st, 4),
			.known = sqlite3_column_count(st) > 5 && sqlite3_column_int(st, 5) != 0,
		};
		if (fn(&in, arg) != 0) {
			sqlite3_reset(st);
			return CENTRAL_EFAIL;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CENTRAL_OK : fail_sql(c, rc);
}

static enum central_status s_pull_rows(struct central *b, const char *office, int64_t after, int64_t upto,
                                       central_row_fn fn, void *arg)
{
	struct central_sqlite *c = (struct central_sqlite *)b;
	enum central_status st = prep(c, &c->pull,
		/* Only the other offices' batches (batch_seen names each
		 * batch's office), not this office's own rows just sent;
		 * batches older than batch_seen (schema 1) by their rows. */
		"SELECT r.office, r.uid, r.tbl, r.data, r.batch, EXISTS(SELECT 1 FROM batch_seen s"
		" JOIN record m ON m.office = ?3 AND m.uid = r.uid WHERE s.batch = r.batch AND m.batch <= s.seen), r.seq"
		" FROM record r WHERE r.batch IN (SELECT b.batch FROM batch_seen b WHERE b.batch > ?1 AND b.batch <= ?2"
		" AND b.office <> ?3) AND r.office <> ?3"
		" UNION ALL SELECT r.office, r.uid, r.tbl, r.data, r.batch, 0, r.seq FROM record r"
		" WHERE r.batch > ?1 AND r.batch <= ?2"
		" AND r.batch < (SELECT coalesce(min(b.batch), ?2 + 1) FROM batch_seen b) AND r.office <> ?3"
		" ORDER BY 5, 1, 7");
	if (st != CENTRAL_OK)
		return st;
	sqlite3_bind_int64(c->pull, 1, after);
	sqlite3_bind_int64(c->pull, 2, upto);
	sqlite3_bind_text(c->pull, 3, office, -1, SQLITE_STATIC);
	return each_row(c, c->pull, fn, arg);
}

static enum central_status s_all_rows(struct central *b, central_row_fn fn, void *arg)
{
	struct central_sqlite *c = (struct central_sqlite *)b;
	enum central_status st = prep(c, &c->all,
		"SELECT office, uid, tbl, data, batch FROM (SELECT r.*, row_number() OVER"
		" (PARTITION BY uid ORDER BY batch DESC, office) AS rn FROM record r) WHERE rn = 1 ORDER BY batch, office, seq");
	if (st != CENTRAL_OK)
		return st;
	return each_row(c, c->all, fn, arg);
}

static void s_close(struct central *b)
{
	struct central_sqlite *c = (struct central_sqlite *)b;
	sqlite3_stmt *sts[] = { c->put, c->mark, c->get_mark, c->next, c->max, c->pull, c->all, c->seen };
	for (size_t i = 0; i < sizeof sts / sizeof *sts; i++)
		sqlite3_finalize(sts[i]);
	sqlite3_close(c->db);
	free(c);
}

static const struct central_ops sqlite_ops = {
	.kind = "sqlite",
	.begin = s_begin,
	.commit = s_commit,
	.rollback = s_rollback,
	.schema_version = s_schema_version,
	.schema_init = s_schema_init,
	.read_mark = s_read_mark,
	.next_batch = s_next_batch,
	.copy_begin = s_copy_begin,
	.copy_row = s_copy_row,
	.copy_end = s_copy_end,
	.upsert_mark = s_upsert_mark,
	.max_batch = s_max_batch,
	.pull_rows = s_pull_rows,
	.all_rows = s_all_rows,
	.close = s_close,
};

static int pragma_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

struct central *central_sqlite_open(const char *path, bool create, enum central_status *status,
                                    char *err, size_t errsz)
{
	struct stat sb;
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT) {
			snprintf(err, errsz, _("Cannot reach the central database %s: %s"), path, strerror(errno));
			*status = CENTRAL_EUNREACHABLE;
			return NULL;
		}
		if (!create) {
			snprintf(err, errsz, _("The central database %s does not exist: create it with okienko central init."), path);
			*status = CENTRAL_ENOSCHEMA;
			return NULL;
		}
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 || close(fd) != 0) {
			snprintf(err, errsz, _("Cannot create the central database %s: %s"), path, strerror(errno));
			*status = errno == ENOSPC ? CENTRAL_EFULL : CENTRAL_EFAIL;
			return NULL;
		}
	}
	struct central_sqlite *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	c->base.ops = &sqlite_ops;
	snprintf(c->base.label, sizeof c->base.label, "%s", path);
	/* One thread uses the connection: no mutex. */
	int rc = sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	int app = 0, version = 0, tables = 0;
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(c->db, 1);
		sqlite3_busy_timeout(c->db, CENTRAL_BUSY_MS);
		rc = pragma_int(c->db, "PRAGMA application_id", &app);
	}
	if (rc == SQLITE_OK)
		rc = pragma_int(c->db, "PRAGMA user_version", &version);
	if (rc == SQLITE_OK)
		rc = pragma_int(c->db, "SELECT count(*) FROM sqlite_master", &tables);
	if (rc != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_NOTADB) {
			snprintf(err, errsz, _("%s is not a central okienko database; it was left untouched."), path);
			*status = CENTRAL_EFAIL;
		} else {
			*status = fail_sql(c, rc);
			snprintf(err, errsz, "%s", c->base.err);
		}
		s_close(&c->base);
		return NULL;
	}
	if (app != CENTRAL_APPLICATION_ID && (app != 0 || tables != 0 || version != 0)) {
		snprintf(err, errsz, _("%s is not a central okienko database; it was left untouched."), path);
		*status = CENTRAL_EFAIL;
		s_close(&c->base);
		return NULL;
	}
	/* A new file gets pages of 64 KiB (possible only before its first
	 * table and before WAL): the record table is written in bulk, rows
	 * of some 300 bytes, and a first sync of the bench's office was 3-5%
	 * faster than with 4 KiB. A page cache of up to 256 MiB (it grows
	 * only as far as it is used): the record's indexes of a night's rows
	 * stay in memory. */
	if ((tables == 0 && app == 0 && exec_sql(c, "PRAGMA page_size=65536") != CENTRAL_OK) ||
	    exec_sql(c, "PRAGMA journal_mode=WAL") != CENTRAL_OK ||
	    exec_sql(c, "PRAGMA synchronous=FULL") != CENTRAL_OK ||
	    exec_sql(c, "PRAGMA cache_size=-262144") != CENTRAL_OK) {
		*status = CENTRAL_EFAIL;
		snprintf(err, errsz, "%s", c->base.err);
		s_close(&c->base);
		return NULL;
	}
	*status = CENTRAL_OK;
	return &c->base;
}
