/* check_db.c: the office database file: creation with private
 * permissions, WAL and pragmas, migrations, and refusal of files that are
 * not ours or are newer, which must be left byte for byte untouched. */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db_private.h"
#include "suites.h"
#include "util.h"

static char *dir;

static void setup(void)
{
	dir = test_tmpdir();
	test_lang("en");
}

static void teardown(void)
{
	test_rmdir(dir);
}

static char *path_in(const char *name)
{
	static char p[4096];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

/* Reads a whole file into a malloc'd buffer. */
static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)len + 1);
	ck_assert_int_eq(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return buf;
}

/* Runs sql (with ?1 bound to arg when it is not NULL) for one integer. */
static int query_int_arg(struct ok_db *db, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int query_int(struct ok_db *db, const char *sql)
{
	return query_int_arg(db, sql, NULL);
}

static void query_text(struct ok_db *db, const char *sql, char *out, size_t n)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	db_col_text(st, 0, out, n);
	sqlite3_finalize(st);
}

START_TEST(new_file_is_private_wal_and_migrated)
{
	umask(022);
	struct ok_db *db = test_open(dir, "office.db");
	struct stat sb;
	ck_assert_int_eq(stat(path_in("office.db"), &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	char mode[16];
	query_text(db, "PRAGMA journal_mode", mode, sizeof mode);
	ck_assert_str_eq(mode, "wal");
	ck_assert_int_eq(query_int(db, "PRAGMA foreign_keys"), 1);
	ck_assert_int_eq(query_int(db, "PRAGMA synchronous"), 2);
	ck_assert_int_eq(query_int(db, "PRAGMA user_version"), db_schema_version());
	ck_assert_int_eq(query_int(db, "PRAGMA application_id"), 0x4F4B4E4B);
	ck_assert_str_eq(db_office(db), "TEST1");
	/* The WAL file SQLite creates inherits the private mode. */
	ck_assert_int_eq(stat(path_in("office.db-wal"), &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0077, 0);
	db_close(db);
	/* Opening again keeps the data and the office code. */
	db = test_open(dir, "office.db");
	ck_assert_str_eq(db_office(db), "TEST1");
	db_close(db);
}
END_TEST

START_TEST(group_directory_gives_group_access)
{
	umask(022);
	char sub[4096];
	snprintf(sub, sizeof sub, "%s/shared", dir);
	ck_assert_int_eq(mkdir(sub, 0770), 0);
	ck_assert_int_eq(chmod(sub, 02770), 0);
	char path[4200];
	snprintf(path, sizeof path, "%s/office.db", sub);
	char err[512];
	enum ok_status st;
	struct ok_db *db = db_open(path, NULL, &st, err, sizeof err);
	ck_assert_msg(db != NULL, "%s", err);
	struct stat sb;
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0660);
	db_close(db);
	char side[4300];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	unlink(path);
	rmdir(sub);
}
END_TEST

START_TEST(not_okienko_text_file_left_untouched)
{
	const char *p = path_in("notes.txt");
	FILE *f = fopen(p, "w");
	fputs("Lista klientów, nie baza danych.\nSecond line of text that is long enough.\n", f);
	fclose(f);
	size_t n1, n2;
	char *before = slurp(p, &n1);
	char err[512];
	enum ok_status st;
	ck_assert_ptr_null(db_open(p, NULL, &st, err, sizeof err));
	ck_assert_int_eq(st, OK_ENOTOKIENKO);
	ck_assert_ptr_nonnull(strstr(err, "not an okienko database"));
	char *after = slurp(p, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_int_eq(memcmp(before, after, n1), 0);
	ck_assert_int_ne(access(path_in("notes.txt-wal"), F_OK), 0);
	free(before);
	free(after);
}
END_TEST

START_TEST(foreign_sqlite_file_left_untouched)
{
	const char *p = path_in("other.sqlite");
	sqlite3 *s;
	ck_assert_int_eq(sqlite3_open(p, &s), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(s, "CREATE TABLE t(x); INSERT INTO t VALUES(1);", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
	size_t n1, n2;
	char *before = slurp(p, &n1);
	char err[512];
	enum ok_status st;
	ck_assert_ptr_null(db_open(p, NULL, &st, err, sizeof err));
	ck_assert_int_eq(st, OK_ENOTOKIENKO);
	char *after = slurp(p, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_int_eq(memcmp(before, after, n1), 0);
	free(before);
	free(after);
}
END_TEST

START_TEST(newer_schema_refused_and_untouched)
{
	struct ok_db *db = test_open(dir, "office.db");
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", db_schema_version() + 1);
	ck_assert_int_eq(sqlite3_exec(db_sqlite(db), sql, NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db_sqlite(db), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), SQLITE_OK);
	db_close(db);
	size_t n1, n2;
	char *before = slurp(path_in("office.db"), &n1);
	char err[512];
	enum ok_status st;
	ck_assert_ptr_null(db_open(path_in("office.db"), NULL, &st, err, sizeof err));
	ck_assert_int_eq(st, OK_ENEWER);
	ck_assert_ptr_nonnull(strstr(err, "newer okienko"));
	char *after = slurp(path_in("office.db"), &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_int_eq(memcmp(before, after, n1), 0);
	free(before);
	free(after);
}
END_TEST

START_TEST(refusal_is_translated)
{
	const char *p = path_in("junk.bin");
	FILE *f = fopen(p, "w");
	fputs("0123456789abcdefghijklmnopqrstuvwxyz", f);
	fclose(f);
	test_lang("pl");
	char err[512];
	enum ok_status st;
	ck_assert_ptr_null(db_open(p, NULL, &st, err, sizeof err));
	test_lang("en");
	ck_assert_msg(strstr(err, "okienko") && !strstr(err, "not an okienko"), "not Polish: %s", err);
}
END_TEST

START_TEST(locked_database_gives_busy_message)
{
	struct ok_db *db = test_open(dir, "office.db");
	sqlite3 *other;
	ck_assert_int_eq(sqlite3_open(path_in("office.db"), &other), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	db_set_busy_timeout(db, 50);
	db_set_system_actor(db);
	ck_assert_int_eq(staff_add(db, "anna", ROLE_COUNSELOR, "Anna", "password1"), OK_EBUSY);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "busy"));
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	/* Nothing half-saved: the account is absent and can be added now. */
	ck_assert_int_eq(staff_count(db), 0);
	ck_assert_int_eq(staff_add(db, "anna", ROLE_COUNSELOR, "Anna", "password1"), OK_OK);
	db_close(db);
}
END_TEST

/* Whether some handle holds the writers' turn (byte 1 of FILE-turn). */
static int turn_taken(void)
{
	int fd = open(path_in("office.db-turn"), O_RDWR);
	ck_assert_int_ge(fd, 0);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 1, .l_len = 1 };
	ck_assert_int_eq(fcntl(fd, F_OFD_GETLK, &fl), 0);
	close(fd);
	return fl.l_type != F_UNLCK;
}

/* Writers take turns through FILE-turn: a second handle waits for the
 * first one's transaction (here past its timeout: busy, nothing written),
 * and gets its turn once the first has committed. */
START_TEST(writers_take_turns)
{
	struct ok_db *a = test_open(dir, "office.db");
	struct ok_db *b = test_open(dir, "office.db");
	struct stat st;
	ck_assert_int_eq(stat(path_in("office.db-turn"), &st), 0);
	ck_assert_int_eq(st.st_mode & 077, 0);
	ck_assert_int_eq(turn_taken(), 0);
	ck_assert_int_eq(db_begin(a), OK_OK);
	ck_assert_int_eq(turn_taken(), 1);
	db_set_busy_timeout(b, 120);
	ck_assert_int_eq(db_begin(b), OK_EBUSY);
	ck_assert_ptr_nonnull(strstr(db_errmsg(b), "busy"));
	ck_assert_int_eq(db_commit(a), OK_OK);
	ck_assert_int_eq(turn_taken(), 0);
	ck_assert_int_eq(db_begin(b), OK_OK);
	/* Now a waits for b, and a rollback ends b's turn too. */
	db_set_busy_timeout(a, 60);
	ck_assert_int_eq(db_begin(a), OK_EBUSY);
	db_rollback(b);
	ck_assert_int_eq(db_begin(a), OK_OK);
	ck_assert_int_eq(db_commit(a), OK_OK);
	ck_assert_int_eq(turn_taken(), 0);
	db_close(b);
	db_close(a);
}
END_TEST

/* A writer in a child process: waits for its turn, writes its letter to
 * fd, ends the turn. */
static pid_t writer_child(char letter, int fd)
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct ok_db *db = test_open(dir, "office.db");
		db_set_busy_timeout(db, 60000);
		int ok = db_begin(db) == OK_OK && write(fd, &letter, 1) == 1 && db_commit(db) == OK_OK;
		db_close(db);
		_exit(ok ? 0 : 1);
	}
	return pid;
}

/* A writer in a child process that holds the turn until a byte comes on
 * fd. */
static pid_t holder_child(int fd)
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct ok_db *db = test_open(dir, "office.db");
		char c;
		int ok = db_begin(db) == OK_OK && read(fd, &c, 1) == 1 && db_commit(db) == OK_OK;
		db_close(db);
		_exit(ok ? 0 : 1);
	}
	return pid;
}

/* The tickets the file's queue has handed out: the first word of
 * FILE-turn (read here without SQLite: a process that forks must not hold
 * an SQLite connection, whose locks the child would inherit). */
static unsigned tickets(void)
{
	int fd = open(path_in("office.db-turn"), O_RDONLY);
	ck_assert_int_ge(fd, 0);
	uint32_t n = 0;
	ck_assert_int_eq(pread(fd, &n, sizeof n, 0), (ssize_t)sizeof n);
	close(fd);
	return n;
}

static void wait_tickets(unsigned n)
{
	while (tickets() < n)
		usleep(1000);
}

/* Writers get their turns in the order they asked for them, whatever the
 * number waiting (the gate this replaced chose at random among all but
 * the first waiter, which is what made the slowest save of 20 busy desks
 * seven times their median). A holds the turn until the five others
 * wait, one after another. */
START_TEST(writers_served_in_order)
{
	db_close(test_open(dir, "office.db"));
	int out[2], go[2];
	ck_assert_int_eq(pipe(out), 0);
	ck_assert_int_eq(pipe(go), 0);
	unsigned first = tickets();
	pid_t holder = holder_child(go[0]);
	wait_tickets(first + 1);
	const char order[] = "BCDEF";
	pid_t pids[6] = { holder };
	for (int i = 0; i < 5; i++) {
		pids[i + 1] = writer_child(order[i], out[1]);
		wait_tickets(first + 2 + (unsigned)i);
	}
	ck_assert_int_eq(write(go[1], "", 1), 1);
	for (int i = 0; i < 6; i++) {
		int status;
		ck_assert_int_eq(waitpid(pids[i], &status, 0), pids[i]);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	char got[6] = { 0 };
	ck_assert_int_eq(read(out[0], got, 5), 5);
	ck_assert_str_eq(got, order);
	close(out[0]);
	close(out[1]);
	close(go[0]);
	close(go[1]);
}
END_TEST

/* A writer killed (kill -9) while it holds the turn, or while it waits in
 * the queue, does not hold up the others until their timeout: the next
 * writer gets the turn well within a timeout of seconds. */
START_TEST(killed_writers_leave_the_queue)
{
	db_close(test_open(dir, "office.db"));
	/* Killed holding the turn (by another process: under valgrind a
	 * process that kills itself still reports its memory). */
	int go[2];
	ck_assert_int_eq(pipe(go), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct ok_db *db = test_open(dir, "office.db");
		if (db_begin(db) == OK_OK && write(go[1], "", 1) == 1)
			pause();
		_exit(1);
	}
	char c;
	ck_assert_int_eq(read(go[0], &c, 1), 1);
	kill(pid, SIGKILL);
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status));
	/* Killed waiting behind a holder. */
	unsigned first = tickets();
	pid_t holder = holder_child(go[0]);
	wait_tickets(first + 1);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct ok_db *db = test_open(dir, "office.db");
		db_set_busy_timeout(db, 60000);
		db_begin(db);
		_exit(1);
	}
	wait_tickets(first + 2);
	usleep(20000);   /* past its ticket, into its wait */
	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(write(go[1], "", 1), 1);
	ck_assert_int_eq(waitpid(holder, &status, 0), holder);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(go[0]);
	close(go[1]);
	struct ok_db *a = test_open(dir, "office.db");
	db_set_busy_timeout(a, 3000);
	ck_assert_int_eq(db_begin(a), OK_OK);
	ck_assert_int_eq(db_commit(a), OK_OK);
	ck_assert_int_eq(turn_taken(), 0);
	db_close(a);
}
END_TEST

/* Pages written to the file's own WAL: 1100 rows of 4 KB in one commit. */
static void write_pages(struct ok_db *db)
{
	ck_assert_int_eq(db_begin(db), OK_OK);
	ck_assert_int_eq(sqlite3_exec(db_sqlite(db),
	                              "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1100)"
	                              " INSERT INTO audit(actor, action, entity, detail)"
	                              " SELECT 'test', 'test', 'test', hex(randomblob(2000)) FROM n",
	                              NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(db_commit(db), OK_OK);
}

static long long file_size(const char *path)
{
	struct stat st;
	ck_assert_int_eq(stat(path, &st), 0);
	return (long long)st.st_size;
}

/* A deferring handle leaves the WAL alone at commit; db_idle() copies it
 * into the file. A handle that does not defer checkpoints at commit. */
START_TEST(checkpoints_wait_for_idle)
{
	struct ok_db *db = test_open(dir, "office.db");
	db_defer_housekeeping(db);
	long long before = file_size(path_in("office.db"));
	write_pages(db);
	ck_assert_int_eq(file_size(path_in("office.db")), before);
	db_idle(db);
	long long after = file_size(path_in("office.db"));
	ck_assert_int_gt(after, before + 1000 * 4096LL);
	db_close(db);

	struct ok_db *cmd = test_open(dir, "office.db");
	write_pages(cmd);
	ck_assert_int_gt(file_size(path_in("office.db")), after + 1000 * 4096LL);
	db_close(cmd);
}
END_TEST

START_TEST(full_disk_gives_full_message)
{
	struct ok_db *db = test_open(dir, "office.db");
	db_set_system_actor(db);
	ck_assert_int_eq(staff_add(db, "anna", ROLE_COUNSELOR, "Anna", "password1"), OK_OK);
	/* SQLite reports SQLITE_FULL when the file may not grow. */
	int pages = query_int(db, "PRAGMA page_count");
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA max_page_count=%d", pages);
	sqlite3_exec(db_sqlite(db), sql, NULL, NULL, NULL);
	enum ok_status st = OK_OK;
	char login[32];
	for (int i = 0; i < 200 && st == OK_OK; i++) {
		snprintf(login, sizeof login, "user%d", i);
		st = staff_add(db, login, ROLE_COUNSELOR, "A rather long full name to fill pages quickly", "password1");
	}
	ck_assert_int_eq(st, OK_EFULL);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "disk is full"));
	/* What was saved before is intact (read without writing: a login
	 * writes its audit row, which fits on a full file only when the last
	 * audit page happens to have room), and once the disk has room
	 * again the same handle works. */
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM staff WHERE login = 'anna'"), 1);
	snprintf(sql, sizeof sql, "PRAGMA max_page_count=%d", pages + 1000);
	sqlite3_exec(db_sqlite(db), sql, NULL, NULL, NULL);
	struct ok_actor who;
	ck_assert_int_eq(staff_login(db, "anna", "password1", &who), OK_OK);
	db_close(db);
}
END_TEST

START_TEST(schema_has_uids_and_change_sequence)
{
	struct ok_db *db = test_open(dir, "office.db");
	db_set_system_actor(db);
	ck_assert_int_eq(staff_add(db, "anna", ROLE_COUNSELOR, "Anna", "password1"), OK_OK);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM change WHERE tbl='staff'"), 1);
	ck_assert_int_eq(query_int(db, "SELECT length(uid) FROM staff"), 32);
	const char *tables[] = { "client", "registration", "client_group", "employer", "event",
	                         "activity", "programme", "programme_client", "client_version",
	                         "client_occupation", "employer_version" };
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
		ck_assert_msg(query_int_arg(db, "SELECT count(*) FROM pragma_table_info(?1) WHERE name='uid'",
		                            tables[i]) == 1, "%s has no uid", tables[i]);
		ck_assert_msg(query_int_arg(db, "SELECT count(*) FROM sqlite_master WHERE type='trigger'"
		                            " AND tbl_name=?1 AND name IN (?1 || '_ins', ?1 || '_upd')", tables[i]) == 2,
		              "%s has no change triggers", tables[i]);
	}
	db_close(db);
}
END_TEST

START_TEST(checks_hold_without_in_lists)
{
	struct ok_db *db = test_open(dir, "office.db");
	/* No constraint of a table lists quoted values with IN (each run of
	 * an INSERT would build a temporary table for it). */
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
	                               " AND sql LIKE '% IN (''%'"), 0);
	/* The constraints written as OR still hold. */
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), 1);
	sqlite3 *sql = db_sqlite(db);
	ck_assert_int_eq(sqlite3_exec(sql, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(sql, "INSERT INTO staff(login, full_name, role, pw_hash)"
	                                   " VALUES('x', 'X', 'astronaut', 'h')", NULL, NULL, NULL),
	                 SQLITE_CONSTRAINT_CHECK);
	ck_assert_int_eq(sqlite3_exec(sql, "INSERT INTO staff(login, full_name, role, pw_hash)"
	                                   " VALUES('x', 'X', 'counselor', 'h')", NULL, NULL, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(sql, "INSERT INTO event(office, kind, occurred_on, employer_id, staff_id, regime)"
	                                   " VALUES('X', 'lunch', '2026-01-02', 1, 1, '2025')", NULL, NULL, NULL),
	                 SQLITE_CONSTRAINT_CHECK);
	ck_assert_int_eq(sqlite3_exec(sql, "INSERT INTO event(office, kind, occurred_on, employer_id, staff_id, regime,"
	                                   " ref_state) VALUES('X', 'vacancy', '2026-01-02', 1, 1, '2025', 'lost')",
	                                   NULL, NULL, NULL),
	                 SQLITE_CONSTRAINT_CHECK);
	ck_assert_int_eq(sqlite3_exec(sql, "INSERT INTO event(office, kind, occurred_on, employer_id, staff_id, regime,"
	                                   " ref_state) VALUES('X', 'vacancy', '2026-01-02', 1, 1, '2025', NULL)",
	                                   NULL, NULL, NULL),
	                 SQLITE_OK);
	db_close(db);
}
END_TEST

Suite *suite_db(void)
{
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("file");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, new_file_is_private_wal_and_migrated);
	tcase_add_test(tc, group_directory_gives_group_access);
	tcase_add_test(tc, not_okienko_text_file_left_untouched);
	tcase_add_test(tc, foreign_sqlite_file_left_untouched);
	tcase_add_test(tc, newer_schema_refused_and_untouched);
	tcase_add_test(tc, refusal_is_translated);
	tcase_add_test(tc, locked_database_gives_busy_message);
	tcase_add_test(tc, writers_take_turns);
	tcase_add_test(tc, writers_served_in_order);
	tcase_add_test(tc, killed_writers_leave_the_queue);
	tcase_add_test(tc, checkpoints_wait_for_idle);
	tcase_add_test(tc, full_disk_gives_full_message);
	tcase_add_test(tc, schema_has_uids_and_change_sequence);
	tcase_add_test(tc, checks_hold_without_in_lists);
	suite_add_tcase(s, tc);
	return s;
}
