/* central_pg.c: the central database on PostgreSQL (libpq). The tables
 * live in the schema `okienko`; the role okienko logs in as needs only
 * that schema (and the TEMPORARY privilege every role has by default).
 * A push batch is one transaction: COPY of the records the office has
 * never sent straight into okienko.record, COPY of the new versions into
 * a temporary staging table and one INSERT ... ON CONFLICT from it, and
 * the office's mark: a few round trips per batch, none per row. Office
 * codes and uids are compared byte by byte (COLLATE "C" in schemas
 * created by this version): they are codes, not words, and a
 * locale's collation would only make every index slower. Passwords come
 * from ~/.pgpass or pg_service.conf (libpq reads them); okienko never
 * takes one. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "central.h"
#include "intl.h"

struct central_pg {
	struct central base;
	PGconn *conn;
	char *buf;        /* one COPY line */
	size_t buflen, bufcap;
	bool copying, fresh; /* a COPY in progress, and into which table */
	int64_t batch;
	char office[64], batch_text[24];
};

/* A failure as a status: from the SQLSTATE when there is one, else from
 * the state of the connection. */
static enum central_status classify(struct central_pg *c, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (PQstatus(c->conn) == CONNECTION_BAD)
		return CENTRAL_EUNREACHABLE;
	if (state) {
		if (!strncmp(state, "08", 2) || !strcmp(state, "57P01") || !strcmp(state, "57P02") ||
		    !strcmp(state, "57P03"))
			return CENTRAL_EUNREACHABLE;
		if (!strcmp(state, "53100"))
			return CENTRAL_EFULL;
		if (!strncmp(state, "28", 2))
			return CENTRAL_EAUTH;
		if (!strcmp(state, "42P01") || !strcmp(state, "3F000"))
			return CENTRAL_ENOSCHEMA;
	}
	return CENTRAL_EFAIL;
}

static void one_line(char *s)
{
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
}

static enum central_status fail_res(struct central_pg *c, PGresult *res)
{
	enum central_status st = classify(c, res);
	const char *msg = res ? PQresultErrorMessage(res) : "";
	if (!msg || !*msg)
		msg = PQerrorMessage(c->conn);
	char detail[400];
	snprintf(detail, sizeof detail, "%s", msg);
	one_line(detail);
	switch (st) {
	case CENTRAL_EUNREACHABLE:
		central_fail(&c->base, st, _("The connection to the central database %s was lost: %s"), c->base.label, detail);
		break;
	case CENTRAL_EFULL:
		central_fail(&c->base, st, _("The disk of the central database is full: %s"), detail);
		break;
	case CENTRAL_ENOSCHEMA:
		central_fail(&c->base, st, _("%s has no central okienko schema: create it with okienko central init."),
		             c->base.label);
		break;
	default:
		central_fail(&c->base, st, _("Central database error: %s"), detail);
	}
	if (res)
		PQclear(res);
	return st;
}

static enum central_status exec_cmd(struct central_pg *c, const char *sql)
{
	PGresult *res = PQexec(c->conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		return fail_res(c, res);
	PQclear(res);
	return CENTRAL_OK;
}

static PGresult *params(struct central_pg *c, const char *sql, int n, const char *const *values)
{
	return PQexecParams(c->conn, sql, n, NULL, values, NULL, NULL, 0);
}

static bool ok_res(PGresult *res)
{
	ExecStatusType s = PQresultStatus(res);
	return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

static enum central_status end_copy(struct central_pg *c, bool abort_it);

static enum central_status p_begin(struct central *b, bool write)
{
	struct central_pg *c = (struct central_pg *)b;
	return exec_cmd(c, write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
	                         : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

static enum central_status p_commit(struct central *b)
{
	struct central_pg *c = (struct central_pg *)b;
	PGresult *res = PQexec(c->conn, "COMMIT");
	if (!ok_res(res))
		return fail_res(c, res);
	/* COMMIT of a failed transaction reports ROLLBACK. */
	bool rolled_back = !strcmp(PQcmdStatus(res), "ROLLBACK");
	PQclear(res);
	if (rolled_back)
		return central_fail(b, CENTRAL_EFAIL, "%s", _("The central database rolled the transaction back."));
	return CENTRAL_OK;
}

static void p_rollback(struct central *b)
{
	struct central_pg *c = (struct central_pg *)b;
	end_copy(c, true);
	if (PQstatus(c->conn) == CONNECTION_OK && PQtransactionStatus(c->conn) != PQTRANS_IDLE)
		PQclear(PQexec(c->conn, "ROLLBACK"));
}

static enum central_status p_schema_version(struct central *b, int *version)
{
	struct central_pg *c = (struct central_pg *)b;
	*version = 0;
	PGresult *res = PQexec(c->conn, "SELECT to_regclass('okienko.central_meta') IS NOT NULL");
	if (!ok_res(res))
		return fail_res(c, res);
	bool have = PQntuples(res) == 1 && !strcmp(PQgetvalue(res, 0, 0), "t");
	PQclear(res);
	if (!have)
		return CENTRAL_OK;
	res = PQexec(c->conn, "SELECT value FROM okienko.central_meta WHERE key = 'schema_version'");
	if (!ok_res(res))
		return fail_res(c, res);
	if (PQntuples(res) == 1)
		*version = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return CENTRAL_OK;
}

/* Schema 2: what each push batch's office had pulled when it sent it. */
static const char *const schema_2 =
	"CREATE TABLE okienko.batch_seen(batch bigint PRIMARY KEY, office text COLLATE \"C\" NOT NULL, seen bigint NOT NULL);"
	"UPDATE okienko.central_meta SET value = '2' WHERE key = 'schema_version';";

static enum central_status p_schema_init(struct central *b, int from)
{
	struct central_pg *c = (struct central_pg *)b;
	enum central_status st;
	if (from >= 1)
		return from >= 2 ? CENTRAL_OK : exec_cmd(c, schema_2);
	/* CREATE SCHEMA needs a privilege on the database that the role
	 * does not need when the administrator has made the schema. */
	PGresult *res = PQexec(c->conn, "SELECT 1 FROM pg_namespace WHERE nspname = 'okienko'");
	if (!ok_res(res))
		return fail_res(c, res);
	bool have = PQntuples(res) == 1;
	PQclear(res);
	if (!have && (st = exec_cmd(c, "CREATE SCHEMA okienko")) != CENTRAL_OK)
		return st;
	if ((st = exec_cmd(c,
		"CREATE TABLE okienko.central_meta(key text PRIMARY KEY, value text NOT NULL);"
		"CREATE TABLE okienko.batch_counter(id integer PRIMARY KEY CHECK(id = 1), n bigint NOT NULL);"
		"INSERT INTO okienko.batch_counter VALUES(1, 0);"
		"CREATE TABLE okienko.office_mark(office text COLLATE \"C\" PRIMARY KEY, last_seq bigint NOT NULL,"
		" last_uid text NOT NULL, token text NOT NULL, batch bigint NOT NULL, updated_at text NOT NULL);"
		"CREATE TABLE okienko.record(office text COLLATE \"C\" NOT NULL, uid text COLLATE \"C\" NOT NULL, tbl text NOT NULL,"
		" data text NOT NULL, seq bigint NOT NULL, batch bigint NOT NULL, PRIMARY KEY(office, uid));"
		"CREATE INDEX record_batch ON okienko.record(batch);"
		"INSERT INTO okienko.central_meta VALUES('schema_version', '1');")) != CENTRAL_OK)
		return st;
	return exec_cmd(c, schema_2);
}

static enum central_status p_read_mark(struct central *b, const char *office, int64_t *last_seq,
                                       char last_uid[33], char token[33])
{
	struct central_pg *c = (struct central_pg *)b;
	const char *v[1] = { office };
	PGresult *res = params(c, "SELECT last_seq, last_uid, token FROM okienko.office_mark WHERE office = $1", 1, v);
	if (!ok_res(res))
		return fail_res(c, res);
	*last_seq = 0;
	last_uid[0] = token[0] = '\0';
	if (PQntuples(res) == 1) {
		*last_seq = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		snprintf(last_uid, 33, "%s", PQgetvalue(res, 0, 1));
		snprintf(token, 33, "%s", PQgetvalue(res, 0, 2));
	}
	PQclear(res);
	return CENTRAL_OK;
}

static enum central_status p_next_batch(struct central *b, int64_t *batch)
{
	struct central_pg *c = (struct central_pg *)b;
	PGresult *res = PQexec(c->conn, "UPDATE okienko.batch_counter SET n = n + 1 WHERE id = 1 RETURNING n");
	if (!ok_res(res) || PQntuples(res) != 1)
		return fail_res(c, res);
	*batch = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return CENTRAL_OK;
}

static void buf_grow(struct central_pg *c, size_t more)
{
	if (c->buflen + more <= c->bufcap)
		return;
	while (c->buflen + more > c->bufcap)
		c->bufcap = c->bufcap ? c->bufcap * 2 : 1 << 16;
	c->buf = realloc(c->buf, c->bufcap);
	if (!c->buf)
		abort();
}

/* COPY's binary format: big-endian integers, each field as its length
 * and its bytes; the server copies text as it comes, with no escapes to
 * undo on either side. */
static void put_u16(struct central_pg *c, uint16_t v)
{
	buf_grow(c, 2);
	c->buf[c->buflen++] = (char)(v >> 8);
	c->buf[c->buflen++] = (char)v;
}

static void put_u32(struct central_pg *c, uint32_t v)
{
	buf_grow(c, 4);
	for (int i = 3; i >= 0; i--)
		c->buf[c->buflen++] = (char)(v >> (8 * i));
}

static void put_text(struct central_pg *c, const char *s, size_t n)
{
	put_u32(c, (uint32_t)n);
	buf_grow(c, n);
	memcpy(c->buf + c->buflen, s, n);
	c->buflen += n;
}

static void put_int8(struct central_pg *c, int64_t v)
{
	put_u32(c, 8);
	put_u32(c, (uint32_t)((uint64_t)v >> 32));
	put_u32(c, (uint32_t)v);
}

static enum central_status send_buf(struct central_pg *c)
{
	if (PQputCopyData(c->conn, c->buf, (int)c->buflen) != 1)
		return fail_res(c, NULL);
	c->buflen = 0;
	return CENTRAL_OK;
}

/* Ends a COPY in progress (abort: with an error, so that the server
 * throws its rows away) and reads its result. */
static enum central_status end_copy(struct central_pg *c, bool abort_it)
{
	if (!c->copying)
		return CENTRAL_OK;
	c->copying = false;
	enum central_status st = CENTRAL_OK;
	c->buflen = 0;
	if (!abort_it) {
		put_u16(c, 0xffff); /* the end of the tuples */
		st = send_buf(c);
	}
	if (PQputCopyEnd(c->conn, abort_it || st != CENTRAL_OK ? "aborted" : NULL) != 1 && st == CENTRAL_OK)
		st = fail_res(c, NULL);
	PGresult *res;
	while ((res = PQgetResult(c->conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && st == CENTRAL_OK && !abort_it)
			st = fail_res(c, res);
		else
			PQclear(res);
	}
	return st;
}

/* Records the office has never sent go straight into okienko.record
 * with COPY; the others (new versions) into the staging table, then one
 * INSERT ... ON CONFLICT from it at copy_end. Each row goes to the
 * server as it comes (libpq sends when its buffer is full): the office
 * reads its next rows while the server writes these. */
static enum central_status p_copy_begin(struct central *b, const char *office, int64_t batch, bool fresh)
{
	struct central_pg *c = (struct central_pg *)b;
	PGresult *res = PQexec(c->conn, fresh ? "COPY okienko.record(office, uid, tbl, data, seq, batch) FROM STDIN BINARY"
	                                      : "COPY pg_temp.okienko_stage(uid, tbl, data, seq) FROM STDIN BINARY");
	if (PQresultStatus(res) != PGRES_COPY_IN)
		return fail_res(c, res);
	PQclear(res);
	c->copying = true;
	/* The header: signature, flags, no extension. */
	c->buflen = 0;
	buf_grow(c, 11);
	memcpy(c->buf, "PGCOPY\n\377\r\n\0", 11);
	c->buflen = 11;
	put_u32(c, 0);
	put_u32(c, 0);
	enum central_status st = send_buf(c);
	if (st != CENTRAL_OK) {
		end_copy(c, true);
		return st;
	}
	c->fresh = fresh;
	c->batch = batch;
	snprintf(c->office, sizeof c->office, "%s", office);
	snprintf(c->batch_text, sizeof c->batch_text, "%lld", (long long)batch);
	return CENTRAL_OK;
}

static enum central_status p_copy_row(struct central *b, const struct central_row *row)
{
	struct central_pg *c = (struct central_pg *)b;
	c->buflen = 0;
	put_u16(c, c->fresh ? 6 : 4);
	if (c->fresh)
		put_text(c, c->office, strlen(c->office));
	put_text(c, row->uid, strlen(row->uid));
	put_text(c, row->tbl, strlen(row->tbl));
	put_text(c, row->data, strlen(row->data));
	put_int8(c, row->seq);
	if (c->fresh)
		put_int8(c, c->batch);
	enum central_status st = send_buf(c);
	if (st != CENTRAL_OK)
		end_copy(c, true);
	return st;
}

static enum central_status p_copy_end(struct central *b)
{
	struct central_pg *c = (struct central_pg *)b;
	enum central_status st = end_copy(c, false);
	if (st != CENTRAL_OK || c->fresh)
		return st;
	const char *v[2] = { c->office, c->batch_text };
	PGresult *res = params(c,
		"INSERT INTO okienko.record AS r(office, uid, tbl, data, seq, batch)"
		" SELECT $1, uid, tbl, data, seq, $2::bigint FROM pg_temp.okienko_stage"
		" ON CONFLICT (office, uid) DO UPDATE SET tbl = EXCLUDED.tbl, data = EXCLUDED.data,"
		" seq = EXCLUDED.seq, batch = EXCLUDED.batch WHERE EXCLUDED.seq > r.seq", 2, v);
	if (!ok_res(res))
		return fail_res(c, res);
	PQclear(res);
	return exec_cmd(c, "TRUNCATE pg_temp.okienko_stage");
}

static enum central_status p_upsert_mark(struct central *b, const char *office, int64_t last_seq,
                                         const char *last_uid, const char *token, int64_t batch, int64_t seen)
{
	struct central_pg *c = (struct central_pg *)b;
	char seq[24], bn[24];
	snprintf(seq, sizeof seq, "%lld", (long long)last_seq);
	snprintf(bn, sizeof bn, "%lld", (long long)batch);
	const char *v[5] = { office, seq, last_uid, bn, token };
	PGresult *res = params(c,
		"INSERT INTO okienko.office_mark(office, last_seq, last_uid, token, batch, updated_at)"
		" VALUES($1, $2::bigint, $3, $5, $4::bigint, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS'))"
		" ON CONFLICT (office) DO UPDATE SET last_seq = EXCLUDED.last_seq, last_uid = EXCLUDED.last_uid,"
		" token = EXCLUDED.token, batch = EXCLUDED.batch, updated_at = EXCLUDED.updated_at", 5, v);
	if (!ok_res(res))
		return fail_res(c, res);
	PQclear(res);
	char sn[24];
	snprintf(sn, sizeof sn, "%lld", (long long)seen);
	const char *w[3] = { bn, office, sn };
	res = params(c, "INSERT INTO okienko.batch_seen(batch, office, seen) VALUES($1::bigint, $2, $3::bigint)", 3, w);
	if (!ok_res(res))
		return fail_res(c, res);
	PQclear(res);
	return CENTRAL_OK;
}

static enum central_status p_max_batch(struct central *b, int64_t *batch)
{
	struct central_pg *c = (struct central_pg *)b;
	PGresult *res = PQexec(c->conn, "SELECT n FROM okienko.batch_counter WHERE id = 1");
	if (!ok_res(res))
		return fail_res(c, res);
	*batch = PQntuples(res) == 1 ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : 0;
	PQclear(res);
	return CENTRAL_OK;
}

/* Streams a query's rows (office, uid, tbl, data, batch) one at a time. */
static enum central_status stream(struct central_pg *c, const char *sql, int n, const char *const *v,
                                  central_row_fn fn, void *arg)
{
	if (!PQsendQueryParams(c->conn, sql, n, NULL, v, NULL, NULL, 0) || !PQsetSingleRowMode(c->conn))
		return fail_res(c, NULL);
	enum central_status st = CENTRAL_OK;
	PGresult *res;
	while ((res = PQgetResult(c->conn)) != NULL) {
		ExecStatusType s = PQresultStatus(res);
		if (s == PGRES_SINGLE_TUPLE && st == CENTRAL_OK) {
			struct central_in in = {
				.office = PQgetvalue(res, 0, 0),
				.uid = PQgetvalue(res, 0, 1),
				.tbl = PQgetvalue(res, 0, 2),
				.data = PQgetvalue(res, 0, 3),
				.batch = strtoll(PQgetvalue(res, 0, 4), NULL, 10),
				.known = PQnfields(res) > 5 && !strcmp(PQgetvalue(res, 0, 5), "t"),
			};
			if (fn(&in, arg) != 0)
				st = CENTRAL_EFAIL;
			PQclear(res);
		} else if (s != PGRES_SINGLE_TUPLE && s != PGRES_TUPLES_OK && st == CENTRAL_OK) {
			st = fail_res(c, res);
		} else {
			PQclear(res);
		}
	}
	return st;
}

static enum central_status p_pull_rows(struct central *b, const char *office, int64_t after, int64_t upto,
                                       central_row_fn fn, void *arg)
{
	struct central_pg *c = (struct central_pg *)b;
	char a[24], u[24];
	snprintf(a, sizeof a, "%lld", (long long)after);
	snprintf(u, sizeof u, "%lld", (long long)upto);
	const char *v[3] = { a, u, office };
	/* Only the other offices' batches (batch_seen names each batch's
	 * office), not this office's own rows just sent; batches older
	 * than batch_seen (schema 1) by their rows. */
	return stream(c,
		"SELECT r.office, r.uid, r.tbl, r.data, r.batch, EXISTS(SELECT 1 FROM okienko.batch_seen s"
		" JOIN okienko.record m ON m.office = $3 AND m.uid = r.uid WHERE s.batch = r.batch AND m.batch <= s.seen), r.seq"
		" FROM okienko.record r WHERE r.batch IN (SELECT b.batch FROM okienko.batch_seen b WHERE b.batch > $1::bigint"
		" AND b.batch <= $2::bigint AND b.office <> $3) AND r.office <> $3"
		" UNION ALL SELECT r.office, r.uid, r.tbl, r.data, r.batch, false, r.seq FROM okienko.record r"
		" WHERE r.batch > $1::bigint AND r.batch <= $2::bigint"
		" AND r.batch < (SELECT coalesce(min(b.batch), $2::bigint + 1) FROM okienko.batch_seen b) AND r.office <> $3"
		" ORDER BY 5, 1, 7", 3, v, fn, arg);
}

static enum central_status p_all_rows(struct central *b, central_row_fn fn, void *arg)
{
	struct central_pg *c = (struct central_pg *)b;
	return stream(c,
		"SELECT office, uid, tbl, data, batch FROM (SELECT r.*, row_number() OVER"
		" (PARTITION BY uid ORDER BY batch DESC, office) AS rn FROM okienko.record r) x WHERE rn = 1"
		" ORDER BY batch, office, seq", 0, NULL, fn, arg);
}

static void p_close(struct central *b)
{
	struct central_pg *c = (struct central_pg *)b;
	PQfinish(c->conn);
	free(c->buf);
	free(c);
}

static const struct central_ops pg_ops = {
	.kind = "postgresql",
	.begin = p_begin,
	.commit = p_commit,
	.rollback = p_rollback,
	.schema_version = p_schema_version,
	.schema_init = p_schema_init,
	.read_mark = p_read_mark,
	.next_batch = p_next_batch,
	.copy_begin = p_copy_begin,
	.copy_row = p_copy_row,
	.copy_end = p_copy_end,
	.upsert_mark = p_upsert_mark,
	.max_batch = p_max_batch,
	.pull_rows = p_pull_rows,
	.all_rows = p_all_rows,
	.close = p_close,
};

/* The target for people: service, host, port and database, never a
 * password. */
static void make_label(const char *conninfo, char *out, size_t n)
{
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &err);
	if (!opts) {
		PQfreemem(err);
		snprintf(out, n, "%s", "postgresql");
		return;
	}
	const char *service = NULL, *host = NULL, *port = NULL, *dbname = NULL;
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val)
			continue;
		if (!strcmp(o->keyword, "service"))
			service = o->val;
		else if (!strcmp(o->keyword, "host"))
			host = o->val;
		else if (!strcmp(o->keyword, "port"))
			port = o->val;
		else if (!strcmp(o->keyword, "dbname"))
			dbname = o->val;
	}
	if (service)
		snprintf(out, n, "service=%s", service);
	else
		snprintf(out, n, "postgresql://%s%s%s/%s", host ? host : "", port ? ":" : "", port ? port : "",
		         dbname ? dbname : "");
	PQconninfoFree(opts);
}

/* Why a connection could not be made, from libpq's message. */
static enum central_status connect_status(PGconn *conn, const char *msg)
{
	if (PQconnectionNeedsPassword(conn))
		return CENTRAL_EAUTH;
	static const char *const auth[] = { "authentication", "password", "pg_hba.conf", "role \"",
	                                    "uwierzytelni", "hasło", NULL };
	static const char *const tls[] = { "SSL", "ssl", "certificate", "TLS", "certyfikat", NULL };
	for (int i = 0; tls[i]; i++)
		if (strstr(msg, tls[i]))
			return CENTRAL_ETLS;
	for (int i = 0; auth[i]; i++)
		if (strstr(msg, auth[i]))
			return CENTRAL_EAUTH;
	if (strstr(msg, "does not exist") || strstr(msg, "nie istnieje"))
		return CENTRAL_EFAIL;
	return CENTRAL_EUNREACHABLE;
}

static void quiet_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

struct central *central_pg_open(const char *target, enum central_status *status, char *err, size_t errsz)
{
	/* A bare name is a service of pg_service.conf. */
	char conninfo[1024];
	if (!strchr(target, '=') && strncmp(target, "postgres://", 11) && strncmp(target, "postgresql://", 13))
		snprintf(conninfo, sizeof conninfo, "service=%s", target);
	else
		snprintf(conninfo, sizeof conninfo, "%s", target);
	struct central_pg *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	c->base.ops = &pg_ops;
	make_label(conninfo, c->base.label, sizeof c->base.label);
	/* Later keywords win: what the target says overrides these defaults. */
	const char *const keys[] = { "connect_timeout", "fallback_application_name", "dbname", NULL };
	const char *const vals[] = { "15", "okienko", conninfo, NULL };
	c->conn = PQconnectdbParams(keys, vals, 1);
	if (!c->conn)
		abort();
	if (PQstatus(c->conn) != CONNECTION_OK) {
		char detail[400];
		snprintf(detail, sizeof detail, "%s", PQerrorMessage(c->conn));
		one_line(detail);
		*status = connect_status(c->conn, detail);
		switch (*status) {
		case CENTRAL_EAUTH:
			snprintf(err, errsz, _("The central database %s refused the login (put the password in ~/.pgpass or a service file): %s"),
			         c->base.label, detail);
			break;
		case CENTRAL_ETLS:
			snprintf(err, errsz, _("No secure connection to the central database %s: %s"), c->base.label, detail);
			break;
		case CENTRAL_EUNREACHABLE:
			snprintf(err, errsz, _("Cannot reach the central database %s: %s"), c->base.label, detail);
			break;
		default:
			snprintf(err, errsz, _("Cannot open the central database %s: %s"), c->base.label, detail);
		}
		p_close(&c->base);
		return NULL;
	}
	/* The server's notices (a shutdown's warning...) are not for people:
	 * the failure that follows says what happened, in one line. */
	PQsetNoticeProcessor(c->conn, quiet_notice, NULL);
	PQsetClientEncoding(c->conn, "UTF8");
	/* A sync's statements are short or bulk: JIT compiling them costs
	 * more than it saves. */
	if (exec_cmd(c, "SET client_min_messages = warning") != CENTRAL_OK ||
	    exec_cmd(c, "SET jit = off") != CENTRAL_OK ||
	    exec_cmd(c, "CREATE TEMP TABLE IF NOT EXISTS okienko_stage(uid text, tbl text, data text, seq bigint)"
	                " ON COMMIT DELETE ROWS") != CENTRAL_OK) {
		*status = CENTRAL_EFAIL;
		snprintf(err, errsz, "%s", c->base.err);
		p_close(&c->base);
		return NULL;
	}
	*status = CENTRAL_OK;
	return &c->base;
}
