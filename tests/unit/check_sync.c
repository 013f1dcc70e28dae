/* check_sync.c: the nightly sync against an SQLite central file: push
 * exactly once (twice sends nothing, a batch failing half-way resumes
 * with nothing lost or doubled), an office file restored from an older
 * backup refused with nothing sent, two offices pulled into each other
 * until both and the central side hold the same records, a record
 * changed at both offices kept in both versions until a supervisor
 * chooses, records written by an older okienko (NULL members) taken as
 * the same records, and the supervisor's role enforced. PostgreSQL and killed
 * processes: tests/integration. */
#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db_private.h"
#include "suites.h"
#include "util.h"

static char *dir;

static struct ok_db *office(const char *name, const char *code, uint64_t seed, long clients)
{
	char path[4096], err[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	enum ok_status st;
	struct ok_db *db = db_open(path, code, &st, err, sizeof err);
	ck_assert_msg(db != NULL, "db_open: %s", err);
	db_set_system_actor(db);
	if (clients) {
		struct demo_options opt = { .clients = clients, .seed = seed };
		ck_assert_msg(demo_fill(db, &opt) == OK_OK, "demo_fill: %s", db_errmsg(db));
		/* The demo gives every office the same employers: another
		 * office's are others here. */
		if (seed != 1)
			ck_assert_int_eq(sqlite3_exec(db_sqlite(db),
				"UPDATE employer SET nip = printf('55%08d', id)", NULL, NULL, NULL), SQLITE_OK);
	}
	return db;
}

static struct central *central(void)
{
	char path[4096], err[1024];
	snprintf(path, sizeof path, "%s/central.db", dir);
	enum central_status st;
	struct central *c = central_open(path, true, &st, err, sizeof err);
	ck_assert_msg(c != NULL, "central_open: %s", err);
	ck_assert_int_eq(central_init(c), CENTRAL_OK);
	return c;
}

/* Sorted lines "tbl uid data", staff left out (another office's staff
 * arrive as disabled accounts under another login). */
struct lines {
	char **v;
	size_t n, cap;
};

static void add_line(struct lines *l, const char *tbl, const char *uid, const char *data)
{
	if (!strcmp(tbl, "staff"))
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		ck_assert_ptr_nonnull(l->v);
	}
	size_t n = strlen(tbl) + strlen(uid) + strlen(data) + 3;
	l->v[l->n] = malloc(n);
	ck_assert_ptr_nonnull(l->v[l->n]);
	snprintf(l->v[l->n++], n, "%s %s %s", tbl, uid, data);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int local_line(const char *tbl, const char *uid, const char *data, void *arg)
{
	add_line(arg, tbl, uid, data);
	return 0;
}

static int central_line(const struct central_in *in, void *arg)
{
	add_line(arg, in->tbl, in->uid, in->data);
	return 0;
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static void dump_local(struct ok_db *db, struct lines *l)
{
	ck_assert_int_eq(sync_payloads(db, local_line, l), OK_OK);
	qsort(l->v, l->n, sizeof *l->v, cmp_str);
}

static void dump_central(struct central *c, struct lines *l)
{
	ck_assert_int_eq(c->ops->begin(c, false), CENTRAL_OK);
	ck_assert_int_eq(c->ops->all_rows(c, central_line, l), CENTRAL_OK);
	c->ops->rollback(c);
	qsort(l->v, l->n, sizeof *l->v, cmp_str);
}

/* Both hold the same records, line by line. */
static void assert_same(struct lines *a, struct lines *b, const char *what)
{
	size_t i = 0;
	while (i < a->n && i < b->n && !strcmp(a->v[i], b->v[i]))
		i++;
	ck_assert_msg(a->n == b->n && i == a->n, "%s differ at line %zu (%zu and %zu lines): %.200s | %.200s", what, i,
	              a->n, b->n, i < a->n ? a->v[i] : "-", i < b->n ? b->v[i] : "-");
}

static void assert_converged(struct ok_db *a, struct ok_db *b, struct central *c)
{
	struct lines la = { 0 }, lb = { 0 }, lc = { 0 };
	dump_local(a, &la);
	dump_local(b, &lb);
	dump_central(c, &lc);
	ck_assert_uint_gt(la.n, 100);
	assert_same(&la, &lb, "the two offices");
	assert_same(&la, &lc, "the office and the central database");
	lines_free(&la);
	lines_free(&lb);
	lines_free(&lc);
}

static long long central_count(struct central *c, const char *office)
{
	(void)c;
	char path[4096];
	snprintf(path, sizeof path, "%s/central.db", dir);
	sqlite3 *s;
	ck_assert_int_eq(sqlite3_open(path, &s), SQLITE_OK);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(s, "SELECT count(*) FROM record WHERE office = ?1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, office, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(s);
	return n;
}

static long long records(struct ok_db *db)
{
	return test_count(db, "SELECT (SELECT count(*) FROM staff) + (SELECT count(*) FROM client)"
	                      " + (SELECT count(*) FROM client_version) + (SELECT count(*) FROM client_occupation)"
	                      " + (SELECT count(*) FROM registration) + (SELECT count(*) FROM client_group)"
	                      " + (SELECT count(*) FROM employer) + (SELECT count(*) FROM employer_version)"
	                      " + (SELECT count(*) FROM event) + (SELECT count(*) FROM activity)"
	                      " + (SELECT count(*) FROM programme) + (SELECT count(*) FROM programme_client)");
}

static void setup(void)
{
	test_lang("en");
	dir = test_tmpdir();
}

static void teardown(void)
{
	test_rmdir(dir);
}

START_TEST(push_twice_sends_once)
{
	struct ok_db *a = office("a.db", "AAA", 1, 40);
	struct central *c = central();
	struct sync_options opt = { .batch_rows = 500 };
	struct sync_result r;
	ck_assert_int_eq(sync_run(a, c, &opt, &r), CENTRAL_OK);
	long long n = records(a);
	ck_assert_int_eq(r.sent, n);
	ck_assert_int_eq(central_count(c, "AAA"), n);
	ck_assert_int_eq(sync_run(a, c, &opt, &r), CENTRAL_OK);
	ck_assert_int_eq(r.sent, 0);
	ck_assert_int_eq(central_count(c, "AAA"), n);
	/* A change is sent once, as the record's new version. */
	ck_assert_int_eq(sqlite3_exec(db_sqlite(a), "UPDATE client SET phone = '500600700', version = version + 1"
	                                            " WHERE id = 3", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sync_run(a, c, &opt, &r), CENTRAL_OK);
	ck_assert_int_eq(r.sent, 1);
	ck_assert_int_eq(central_count(c, "AAA"), n);
	struct sync_history h;
	ck_assert_int_eq(sync_last(a, &h), OK_OK);
	ck_assert_str_eq(h.outcome, "ok");
	ck_assert_int_eq(h.sent, 1);
	central_close(c);
	db_close(a);
}
END_TEST

/* The central side's records are JSON objects of the row's columns (NULL
 * ones left out), references by uid, text escaped as SQLite's json
 * functions escape it, so that an older okienko's version of the same
 * record compares equal once its NULL members are dropped. */
START_TEST(pushed_records_are_json_objects)
{
	struct ok_db *a = office("a.db", "AAA", 1, 20);
	ck_assert_int_eq(sqlite3_exec(db_sqlite(a),
		"UPDATE client SET address = 'ul. \"Złota\" 5\\m' || char(10, 9, 1, 31) || 'ż', email = NULL,"
		" version = version + 1 WHERE id = 2", NULL, NULL, NULL), SQLITE_OK);
	struct central *c = central();
	struct sync_result r;
	ck_assert_int_eq(sync_run(a, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_gt(r.sent, 100);
	char path[4096];
	snprintf(path, sizeof path, "%s/central.db", dir);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(a), "ATTACH ?1 AS central", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	/* Every record: a valid JSON object without NULL members. */
	ck_assert_int_eq(test_count(a, "SELECT count(*) FROM central.record WHERE NOT json_valid(data)"
	                               " OR json_type(data) <> 'object'"), 0);
	ck_assert_int_eq(test_count(a, "SELECT count(*) FROM central.record r, json_each(r.data) j WHERE j.type = 'null'"), 0);
	/* An event: its columns, its references as the uids of its client,
	 * staff member and registration, nothing else. */
	ck_assert_int_eq(test_count(a, "SELECT count(*) FROM central.record r JOIN event e ON e.uid = r.uid"
	                               " WHERE r.tbl = 'event' AND NOT (json_extract(r.data, '$.kind') IS e.kind"
	                               " AND json_extract(r.data, '$.occurred_on') IS e.occurred_on"
	                               " AND json_extract(r.data, '$.places') IS e.places"
	                               " AND json_extract(r.data, '$.client_id') IS (SELECT uid FROM client WHERE id = e.client_id)"
	                               " AND json_extract(r.data, '$.staff_id') IS (SELECT uid FROM staff WHERE id = e.staff_id)"
	                               " AND json_extract(r.data, '$.registration_id') IS"
	                               "  (SELECT uid FROM registration WHERE id = e.registration_id))"), 0);
	ck_assert_int_eq(test_count(a, "SELECT count(*) FROM central.record r, json_each(r.data) j WHERE r.tbl = 'event'"
	                               " AND j.key IN ('id', 'ref_state', 'uid')"), 0);
	ck_assert_int_eq(test_count(a, "SELECT count(*) FROM central.record WHERE tbl = 'event'"),
	                 test_count(a, "SELECT count(*) FROM event"));
	/* The client with quotes, a backslash, control characters and
	 * Polish letters: the same text back, the same bytes as SQLite's
	 * own json_object (NULL members dropped) writes. */
	ck_assert_int_eq(test_count(a, "SELECT count(*) FROM central.record r JOIN client c ON c.uid = r.uid WHERE c.id = 2"
	                               " AND json_extract(r.data, '$.address') = c.address"
	                               " AND json_extract(r.data, '$.version') = c.version"
	                               " AND json_type(r.data, '$.email') IS NULL"
	                               " AND r.data = json_patch('{}', json_object('office', c.office, 'pesel', c.pesel,"
	                               " 'doc_type', c.doc_type, 'doc_number', c.doc_number, 'first_name', c.first_name,"
	                               " 'last_name', c.last_name, 'first_fold', c.first_fold, 'last_fold', c.last_fold,"
	                               " 'birth_date', c.birth_date, 'sex', c.sex, 'citizenship', c.citizenship,"
	                               " 'address', c.address, 'phone', c.phone, 'email', c.email, 'education', c.education,"
	                               " 'disability', c.disability, 'benefit', c.benefit, 'ipd_on', c.ipd_on,"
	                               " 'version', c.version, 'created_at', c.created_at,"
	                               " 'created_by', (SELECT uid FROM staff WHERE id = c.created_by),"
	                               " 'updated_at', c.updated_at, 'updated_by', (SELECT uid FROM staff WHERE id = c.updated_by)))"),
	                 1);
	ck_assert_int_eq(sqlite3_exec(db_sqlite(a), "DETACH central", NULL, NULL, NULL), SQLITE_OK);
	central_close(c);
	db_close(a);
}
END_TEST

/* A central side that fails in the middle of the push. */
static const struct central_ops *real_ops;
static int copies_left;

static int rows_left;

/* Fails at the start of the third stream, or in the middle of one. */
static enum central_status failing_begin(struct central *c, const char *office, int64_t batch, bool fresh)
{
	if (copies_left-- == 0)
		return central_fail(c, CENTRAL_EUNREACHABLE, "injected: the server went away");
	return real_ops->copy_begin(c, office, batch, fresh);
}

static enum central_status failing_row(struct central *c, const struct central_row *row)
{
	if (rows_left-- == 0)
		return central_fail(c, CENTRAL_EUNREACHABLE, "injected: the server went away mid-batch");
	return real_ops->copy_row(c, row);
}

START_TEST(failed_batch_resumes)
{
	struct ok_db *a = office("a.db", "AAA", 1, 40);
	struct central *c = central();
	struct central_ops faulty;
	real_ops = c->ops;
	faulty = *c->ops;
	faulty.copy_begin = failing_begin;
	faulty.copy_row = failing_row;
	struct sync_options opt = { .batch_rows = 100 };
	struct sync_result r;
	long long n = records(a);
	long total = 0;
	for (int round = 0; round < 3; round++) {
		c->ops = &faulty;
		copies_left = 2;
		rows_left = round == 1 ? 150 : -1; /* the second round fails inside its second batch */
		ck_assert_int_eq(sync_run(a, c, &opt, &r), CENTRAL_EUNREACHABLE);
		ck_assert_ptr_nonnull(strstr(r.message, "injected"));
		total += r.sent;
		ck_assert_int_eq(central_count(c, "AAA"), total);
	}
	c->ops = real_ops;
	ck_assert_int_eq(sync_run(a, c, &opt, &r), CENTRAL_OK);
	ck_assert_int_eq(total + r.sent, n);
	ck_assert_int_eq(central_count(c, "AAA"), n);
	struct lines la = { 0 }, lc = { 0 };
	dump_local(a, &la);
	dump_central(c, &lc);
	assert_same(&la, &lc, "the office and the central database");
	lines_free(&la);
	lines_free(&lc);
	ck_assert_int_eq(test_count(a, "SELECT count(*) FROM sync_run WHERE outcome = 'failed'"), 3);
	central_close(c);
	db_close(a);
}
END_TEST

static void copy_file(const char *from, const char *to)
{
	char a[4096], b[4096];
	snprintf(a, sizeof a, "%s/%s", dir, from);
	snprintf(b, sizeof b, "%s/%s", dir, to);
	FILE *in = fopen(a, "rb"), *out = fopen(b, "wb");
	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(out);
	char buf[65536];
	size_t k;
	while ((k = fread(buf, 1, sizeof buf, in)) > 0)
		ck_assert_uint_eq(fwrite(buf, 1, k, out), k);
	fclose(in);
	ck_assert_int_eq(fclose(out), 0);
}

START_TEST(restored_backup_refused)
{
	struct ok_db *a = office("a.db", "AAA", 1, 30);
	struct central *c = central();
	struct sync_result r;
	ck_assert_int_eq(sync_run(a, c, NULL, &r), CENTRAL_OK);
	/* The night's backup (a checkpointed copy of the file). */
	ck_assert_int_eq(sqlite3_wal_checkpoint_v2(db_sqlite(a), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL), SQLITE_OK);
	copy_file("a.db", "backup.db");
	ck_assert_int_eq(sqlite3_exec(db_sqlite(a), "UPDATE client SET phone = '111' WHERE id < 6", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sync_run(a, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.sent, 5);
	db_close(a);
	long long before = central_count(c, "AAA");
	struct lines l0 = { 0 }, l1 = { 0 };
	dump_central(c, &l0);

	/* The disk is lost; the backup comes back and the desk goes on. */
	struct ok_db *old = office("backup.db", "AAA", 0, 0);
	ck_assert_int_eq(sqlite3_exec(db_sqlite(old), "UPDATE client SET phone = '222' WHERE id < 9", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sync_run(old, c, NULL, &r), CENTRAL_ERESTORED);
	ck_assert_ptr_nonnull(strstr(r.message, "older backup"));
	ck_assert_int_eq(r.sent, 0);
	ck_assert_int_eq(central_count(c, "AAA"), before);
	dump_central(c, &l1);
	assert_same(&l0, &l1, "the central database before and after");
	ck_assert_int_eq(test_count(old, "SELECT count(*) FROM sync_run WHERE outcome = 'failed'"), 1);
	lines_free(&l0);
	lines_free(&l1);
	central_close(c);
	db_close(old);
}
END_TEST

START_TEST(two_offices_converge)
{
	struct ok_db *a = office("a.db", "AAA", 1, 30);
	struct ok_db *b = office("b.db", "BBB", 2, 30);
	struct central *c = central();
	struct sync_result r;
	ck_assert_int_eq(sync_run(a, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.received, 0);
	ck_assert_int_eq(sync_run(b, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_gt(r.received, 100);
	ck_assert_int_eq(r.conflicts, 0);
	ck_assert_int_eq(sync_run(a, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.sent, 0);
	ck_assert_int_gt(r.received, 100);
	ck_assert_int_eq(r.conflicts, 0);
	assert_converged(a, b, c);
	/* The other office's clients are found at this desk, with their
	 * whole history and their contact clock. */
	ck_assert_int_eq(test_count(a, "SELECT count(*) FROM client WHERE office = 'BBB'"), 30);
	ck_assert_int_eq(test_count(b, "SELECT count(*) FROM event WHERE office = 'AAA'"),
	                 test_count(a, "SELECT count(*) FROM event WHERE office = 'AAA'"));
	ck_assert_int_eq(test_count(a, "SELECT count(*) FROM registration r JOIN client c ON c.id = r.client_id"
	                               " WHERE c.office = 'BBB' AND r.status = 'unemployed' AND r.ended_on IS NULL"
	                               " AND r.contact_due IS NULL"), 0);
	ck_assert_int_eq(test_count(a, "SELECT count(*) FROM staff WHERE login LIKE 'BBB:%' AND active = 0"
	                               " AND pw_hash = '!'"),
	                 test_count(b, "SELECT count(*) FROM staff WHERE login NOT LIKE '%:%'"));
	/* Nothing received goes back as this office's change. */
	ck_assert_int_eq(sync_run(a, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.sent, 0);
	ck_assert_int_eq(r.received, 0);
	/* A change at one office reaches the other. */
	ck_assert_int_eq(sqlite3_exec(db_sqlite(b), "UPDATE event SET state = 'voided', reason = 'mistake'"
	                                            " WHERE id = (SELECT min(id) FROM event WHERE office = 'BBB')", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sync_run(b, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.sent, 1);
	ck_assert_int_eq(sync_run(a, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.received, 1);
	assert_converged(a, b, c);
	/* The search's status of every client, the other office's too, is
	 * derived here from the registrations as they arrive: a period ended
	 * at the other office ends it here. */
	static const char wrong_status[] = "SELECT count(*) FROM client c WHERE c.reg_status IS NOT " OPEN_STATUS("c.id");
	static const char bbb_status[] = "SELECT count(*) FROM client WHERE office = 'BBB' AND reg_status IS NOT NULL";
	long long registered = test_count(a, bbb_status);
	ck_assert_int_gt(registered, 0);
	ck_assert_int_eq(registered, test_count(b, bbb_status));
	ck_assert_int_eq(test_count(a, wrong_status), 0);
	ck_assert_int_eq(sqlite3_exec(db_sqlite(b), "UPDATE registration SET ended_on = '2026-11-30' WHERE id ="
	                                            " (SELECT min(id) FROM registration WHERE office = 'BBB' AND ended_on IS NULL)",
	                              NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sync_run(b, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.sent, 1);
	ck_assert_int_eq(sync_run(a, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.received, 1);
	ck_assert_int_eq(test_count(a, bbb_status), registered - 1);
	ck_assert_int_eq(test_count(a, wrong_status), 0);
	ck_assert_int_eq(test_count(b, wrong_status), 0);
	/* The contact-deadline worklist stays the office's own. */
	static struct ok_due due[4000];
	int ndue = 0;
	test_act_as(a, ROLE_COUNSELOR);
	ck_assert_int_eq(event_worklist(a, 100000, NULL, due, 4000, &ndue), OK_OK);
	ck_assert_int_gt(ndue, 0);
	long long mine = test_count(a, "SELECT count(*) FROM registration WHERE contact_due IS NOT NULL AND office = 'AAA'");
	ck_assert_int_eq(ndue, mine);
	ck_assert_int_gt(test_count(a, "SELECT count(*) FROM registration WHERE contact_due IS NOT NULL AND office = 'BBB'"), 0);
	db_set_system_actor(a);
	central_close(c);
	db_close(a);
	db_close(b);
}
END_TEST

/* Two demo offices of n clients each, synced a, b, a: each holds the
 * other's records. */
static struct central *synced_pair(long n, struct ok_db **a, struct ok_db **b)
{
	*a = office("a.db", "AAA", 1, n);
	*b = office("b.db", "BBB", 2, n);
	struct central *c = central();
	struct sync_result r;
	ck_assert_int_eq(sync_run(*a, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(sync_run(*b, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_gt(r.received, 100);
	ck_assert_int_eq(sync_run(*a, c, NULL, &r), CENTRAL_OK);
	return c;
}

START_TEST(conflict_kept_until_supervisor_chooses)
{
	struct ok_db *a, *b;
	struct central *c = synced_pair(20, &a, &b);
	struct sync_result r;
	/* The same client of office AAA changed at both offices. */
	ck_assert_int_eq(sqlite3_exec(db_sqlite(a), "UPDATE client SET phone = '600100100', version = version + 1"
	                                            " WHERE id = (SELECT min(id) FROM client WHERE office = 'AAA')", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db_sqlite(b), "UPDATE client SET phone = '700200200', version = version + 1"
	                                            " WHERE id = (SELECT min(id) FROM client WHERE office = 'AAA')", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sync_run(a, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.conflicts, 0);
	ck_assert_int_eq(sync_run(b, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.conflicts, 1);
	ck_assert_int_eq(sync_run(a, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.conflicts, 1);
	/* Neither office's version was overwritten. */
	ck_assert_int_eq(test_count(a, "SELECT count(*) FROM client WHERE phone = '600100100'"), 1);
	ck_assert_int_eq(test_count(b, "SELECT count(*) FROM client WHERE phone = '700200200'"), 1);
	ck_assert_int_eq(sync_conflict_count(b), 1);
	int64_t id = test_count(b, "SELECT id FROM sync_conflict WHERE resolved_at IS NULL");
	char *local, *other;
	ck_assert_int_eq(sync_conflict_versions(b, id, &local, &other), OK_OK);
	ck_assert_ptr_nonnull(strstr(local, "700200200"));
	ck_assert_ptr_nonnull(strstr(other, "600100100"));
	free(local);
	free(other);
	/* Only a supervisor chooses. */
	test_act_as(b, ROLE_COUNSELOR);
	ck_assert_int_eq(sync_resolve(b, id, SYNC_TAKE_OTHER), OK_EDENIED);
	test_act_as(b, ROLE_ADMIN);
	ck_assert_int_eq(sync_resolve(b, id, SYNC_TAKE_OTHER), OK_EDENIED);
	test_act_as(b, ROLE_SUPERVISOR);
	ck_assert_int_eq(sync_resolve(b, id, SYNC_TAKE_OTHER), OK_OK);
	ck_assert_int_eq(sync_conflict_count(b), 0);
	ck_assert_int_eq(test_count(b, "SELECT count(*) FROM client WHERE phone = '600100100' AND version = 3"), 1);
	ck_assert_int_eq(test_count(b, "SELECT count(*) FROM client_version WHERE data LIKE '%700200200%'"), 1);
	db_set_system_actor(b);
	ck_assert_int_eq(sync_run(b, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(sync_run(a, c, NULL, &r), CENTRAL_OK);
	/* The choice settles it at the other office too. */
	ck_assert_int_eq(r.conflicts, 0);
	ck_assert_int_eq(sync_run(b, c, NULL, &r), CENTRAL_OK);
	assert_converged(a, b, c);
	central_close(c);
	db_close(a);
	db_close(b);
}
END_TEST

/* An office whose pull is killed after its push (kill -9 in the
 * integration test) keeps the mark of its last pull: what it has sent
 * since still counts as changed here. Another office's later version of
 * a record sent since, made after it had received it, is not a
 * conflict: it is applied. */
START_TEST(later_version_after_killed_pull_is_applied)
{
	struct ok_db *a = office("a.db", "AAA", 1, 20);
	struct ok_db *b = office("b.db", "BBB", 2, 20);
	struct central *c = central();
	struct sync_result r;
	/* A's push commits; the pull that would follow never runs. */
	memset(&r, 0, sizeof r);
	ck_assert_int_eq(sync_push(a, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_gt(r.sent, 100);
	ck_assert_int_eq(sync_run(b, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.conflicts, 0);
	/* B corrects one of A's clients and notes one of A's events. */
	ck_assert_int_eq(sqlite3_exec(db_sqlite(b), "UPDATE client SET phone = '700200200', version = version + 1"
	                                            " WHERE id = (SELECT min(id) FROM client WHERE office = 'AAA');"
	                                            "UPDATE event SET notes = 'noted at BBB'"
	                                            " WHERE id = (SELECT min(id) FROM event WHERE office = 'AAA')",
	                              NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sync_run(b, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.sent, 2);
	ck_assert_int_eq(sync_run(a, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.conflicts, 0);
	ck_assert_int_eq(sync_conflict_count(a), 0);
	ck_assert_int_eq(test_count(a, "SELECT count(*) FROM client WHERE phone = '700200200' AND version = 2"), 1);
	ck_assert_int_eq(test_count(a, "SELECT count(*) FROM event WHERE notes = 'noted at BBB'"), 1);
	ck_assert_int_eq(sync_run(b, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.conflicts, 0);
	assert_converged(a, b, c);
	/* Changed at both offices after that, A's pull killed again: both
	 * versions kept, listed at both. */
	ck_assert_int_eq(sqlite3_exec(db_sqlite(a), "UPDATE client SET phone = '600100100', version = version + 1"
	                                            " WHERE id = (SELECT min(id) FROM client WHERE office = 'AAA')",
	                              NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db_sqlite(b), "UPDATE client SET phone = '700300300', version = version + 1"
	                                            " WHERE id = (SELECT min(id) FROM client WHERE office = 'AAA')",
	                              NULL, NULL, NULL), SQLITE_OK);
	memset(&r, 0, sizeof r);
	ck_assert_int_eq(sync_push(a, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(sync_run(b, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.conflicts, 1);
	ck_assert_int_eq(sync_run(a, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.conflicts, 1);
	ck_assert_int_eq(test_count(a, "SELECT count(*) FROM client WHERE phone = '600100100'"), 1);
	ck_assert_int_eq(test_count(b, "SELECT count(*) FROM client WHERE phone = '700300300'"), 1);
	central_close(c);
	db_close(a);
	db_close(b);
}
END_TEST

START_TEST(duplicate_pesel_is_a_conflict)
{
	struct ok_db *a = office("a.db", "AAA", 1, 20);
	struct ok_db *b = office("b.db", "BBB", 2, 20);
	/* The same person registered at both offices before a sync. */
	char pesel[12];
	sqlite3_stmt *s;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(a), "SELECT pesel FROM client WHERE pesel IS NOT NULL LIMIT 1",
	                                    -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	snprintf(pesel, sizeof pesel, "%s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	static const char *const moves[] = { "UPDATE client SET pesel = NULL WHERE pesel = ?1",
	                                     "UPDATE client SET pesel = ?1 WHERE id = 1" };
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(b), moves[i], -1, &s, NULL), SQLITE_OK);
		sqlite3_bind_text(s, 1, pesel, -1, SQLITE_STATIC);
		ck_assert_int_eq(sqlite3_step(s), SQLITE_DONE);
		sqlite3_finalize(s);
	}
	struct central *c = central();
	struct sync_result r;
	ck_assert_int_eq(sync_run(a, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(sync_run(b, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.conflicts, 1);
	ck_assert_int_eq(test_count(b, "SELECT count(*) FROM sync_conflict WHERE kind = 'duplicate' AND tbl = 'client'"), 1);
	/* Its events wait for it instead of being lost. */
	ck_assert_int_gt(test_count(b, "SELECT count(*) FROM sync_conflict WHERE kind = 'held'"), 0);
	int64_t id = test_count(b, "SELECT id FROM sync_conflict WHERE kind = 'duplicate'");
	ck_assert_int_eq(sync_resolve(b, id, SYNC_TAKE_OTHER), OK_EINVAL);
	ck_assert_int_eq(sync_resolve(b, id, SYNC_KEEP_LOCAL), OK_OK);
	ck_assert_int_eq(sync_conflict_count(b), 0);
	central_close(c);
	db_close(a);
	db_close(b);
}
END_TEST

/* Runs SQL on the central file directly (as another program would). */
static void central_exec(const char *sql)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/central.db", dir);
	sqlite3 *s;
	ck_assert_int_eq(sqlite3_open(path, &s), SQLITE_OK);
	sqlite3_busy_timeout(s, 5000);
	char *err = NULL;
	ck_assert_msg(sqlite3_exec(s, sql, NULL, NULL, &err) == SQLITE_OK, "%s", err ? err : "?");
	sqlite3_close(s);
}

/* Records as an older okienko wrote them, with "name":null members
 * (this version leaves NULL columns out): one unchanged is the same
 * record, neither received nor a conflict; a new version of one is
 * applied, its NULL members NULL. */
START_TEST(older_version_records_compare_equal)
{
	struct ok_db *a, *b;
	struct central *c = synced_pair(30, &a, &b);
	struct sync_result r;
	assert_converged(a, b, c);
	long long same = test_count(b, "SELECT min(id) FROM client WHERE office = 'AAA' AND email IS NULL");
	long long newer = test_count(b, "SELECT max(id) FROM client WHERE office = 'AAA' AND email IS NULL");
	ck_assert_int_lt(same, newer);
	char sql[2048];
	snprintf(sql, sizeof sql,
	         "BEGIN;"
	         "UPDATE batch_counter SET n = n + 1;"
	         "INSERT INTO batch_seen(batch, office, seen) SELECT (SELECT n FROM batch_counter), 'AAA', max(seen)"
	         " FROM batch_seen WHERE office = 'AAA';"
	         "UPDATE record SET data = substr(data, 1, length(data) - 1) || ',\"email\":null}',"
	         " batch = (SELECT n FROM batch_counter) WHERE office = 'AAA' AND uid = (SELECT uid FROM b.client WHERE id = %lld);"
	         "UPDATE record SET data = substr(json_set(data, '$.phone', '600700800', '$.version', json_extract(data, '$.version') + 1),"
	         " 1, length(json_set(data, '$.phone', '600700800', '$.version', json_extract(data, '$.version') + 1)) - 1)"
	         " || ',\"email\":null}', batch = (SELECT n FROM batch_counter)"
	         " WHERE office = 'AAA' AND uid = (SELECT uid FROM b.client WHERE id = %lld);"
	         "COMMIT;",
	         same, newer);
	char attach[4200];
	snprintf(attach, sizeof attach, "ATTACH '%s/b.db' AS b; %s", dir, sql);
	central_exec(attach);
	ck_assert_int_eq(sync_run(b, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.received, 1);
	ck_assert_int_eq(r.conflicts, 0);
	char q[256];
	snprintf(q, sizeof q, "SELECT count(*) FROM client WHERE id = %lld AND phone = '600700800' AND email IS NULL", newer);
	ck_assert_int_eq(test_count(b, q), 1);
	snprintf(q, sizeof q, "SELECT count(*) FROM client WHERE id = %lld AND phone IS NOT '600700800'", same);
	ck_assert_int_eq(test_count(b, q), 1);
	/* Nothing left to receive, nothing to send back. */
	ck_assert_int_eq(sync_run(b, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(r.sent, 0);
	ck_assert_int_eq(r.received, 0);
	central_close(c);
	db_close(a);
	db_close(b);
}
END_TEST

/* The city's report over the central database: for every additive
 * indicator, the sum of the two offices' own reports, which the sync
 * leaves as they were. */
START_TEST(city_report_sums_the_offices)
{
	struct ok_db *a = office("a.db", "AAA", 1, 60);
	struct ok_db *b = office("b.db", "BBB", 2, 60);
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	int year = tm.tm_year + 1900 - 1;
	static struct ok_report ra, rb, rc;
	ck_assert_int_eq(report_year(a, year, &ra), OK_OK);
	ck_assert_int_eq(report_year(b, year, &rb), OK_OK);
	struct central *c = central();
	struct sync_result r;
	ck_assert_int_eq(sync_run(a, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(sync_run(b, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_eq(sync_run(a, c, NULL, &r), CENTRAL_OK);
	ck_assert_int_gt(r.received, 100);
	/* Each office's own report is still of its own records only, though
	 * its file now holds the other office's too. */
	static struct ok_report ra2, rb2;
	ck_assert_int_eq(report_year(a, year, &ra2), OK_OK);
	ck_assert_int_eq(report_year(b, year, &rb2), OK_OK);
	for (int i = 0; i < REPORT_INDICATORS; i++) {
		ck_assert_msg(ra2.v[i].value == ra.v[i].value, "%s at AAA: %lld after the sync, %lld before",
		              report_indicator(i)->code, ra2.v[i].value, ra.v[i].value);
		ck_assert_msg(rb2.v[i].value == rb.v[i].value, "%s at BBB: %lld after the sync, %lld before",
		              report_indicator(i)->code, rb2.v[i].value, rb.v[i].value);
	}
	struct ok_db *city = office("city.db", "CITY", 0, 0);
	char err[512];
	ck_assert_int_eq(sync_load_central(city, c, err, sizeof err), CENTRAL_OK);
	ck_assert_int_eq(report_year(city, year, &rc), OK_OK);
	int additive = 0;
	long long total = 0;
	for (int i = 0; i < REPORT_INDICATORS; i++) {
		enum report_how how = report_indicator(i)->how;
		if (how == HOW_SHARE || how == HOW_AREAS)
			continue;
		additive++;
		total += rc.v[i].value;
		ck_assert_msg(rc.v[i].value == ra.v[i].value + rb.v[i].value, "%s: %lld in the city, %lld + %lld at the offices",
		              report_indicator(i)->code, rc.v[i].value, ra.v[i].value, rb.v[i].value);
	}
	ck_assert_int_gt(additive, 40);
	ck_assert_int_gt(total, 1000);
	central_close(c);
	db_close(city);
	db_close(a);
	db_close(b);
}
END_TEST

Suite *suite_sync(void)
{
	Suite *s = suite_create("sync");
	TCase *tc = tcase_create("sqlite");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, push_twice_sends_once);
	tcase_add_test(tc, failed_batch_resumes);
	tcase_add_test(tc, pushed_records_are_json_objects);
	tcase_add_test(tc, restored_backup_refused);
	tcase_add_test(tc, two_offices_converge);
	tcase_add_test(tc, conflict_kept_until_supervisor_chooses);
	tcase_add_test(tc, later_version_after_killed_pull_is_applied);
	tcase_add_test(tc, duplicate_pesel_is_a_conflict);
	tcase_add_test(tc, older_version_records_compare_equal);
	tcase_add_test(tc, city_report_sums_the_offices);
	suite_add_tcase(s, tc);
	return s;
}
