/* db.c: opening the office database and the plumbing every data/ module
 * shares: the prepared-statement cache, transactions, error messages.
 *
 * Design decisions (see also the man page, FILES):
 * - journal_mode=WAL so that readers never block the one writer;
 * - synchronous=FULL: a record the desk reported as saved survives a
 *   power cut (NORMAL could lose the last commits in WAL mode);
 * - every write is BEGIN IMMEDIATE ... COMMIT, so a writer waits for the
 *   lock (busy timeout) up front instead of failing half-way;
 * - writers take turns (take_turn below): SQLite's own busy wait polls
 *   with sleeps growing to 100 ms, so under load a session that has
 *   waited long keeps losing to the ones that just wrote, and could be
 *   refused after the timeout while others saved hundreds of times;
 * - a file that is not ours, or is newer than this build, is refused
 *   before anything is written to it. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db_private.h"
#include "intl.h"

/* "OKNK": PRAGMA application_id of an okienko file. */
#define OK_APPLICATION_ID 0x4F4B4E4B
#define STMT_CACHE 96

struct stmt_slot {
	const char *sql;
	sqlite3_stmt *st;
};

struct ok_db {
	sqlite3 *sql;
	struct stmt_slot cache[STMT_CACHE];
	int ncache;
	struct ok_actor actor;
	char office[16];
	char err[512];
	char errfield[32];
	int turn_fd;          /* the writers' turn file (FILE-turn), or -1 */
	bool turn_held;
	int busy_ms;          /* how long a write waits for its turn and the lock */
	bool deferred;        /* checkpoints wait for db_idle() */
	int wal_frames;       /* the WAL's pages after the last commit */
};

int db_schema_version(void)
{
	return schema_latest();
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		abort();
	return p;
}

static char *xasprintf_path(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 1;
	char *p = malloc(n);
	if (!p)
		abort();
	snprintf(p, n, "%s%s", a, b);
	return p;
}

char *db_default_path(const char *explicit_path)
{
	if (explicit_path && *explicit_path)
		return xstrdup(explicit_path);
	const char *env = getenv("OKIENKO_DB");
	if (env && *env)
		return xstrdup(env);
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && *xdg == '/')
		return xasprintf_path(xdg, "/okienko/office.db");
	const char *home = getenv("HOME");
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());
		home = pw ? pw->pw_dir : "/tmp";
	}
	return xasprintf_path(home, "/.local/share/okienko/office.db");
}

const char *db_errmsg(const struct ok_db *db)
{
	return db->err;
}

const char *db_errfield(const struct ok_db *db)
{
	return db->errfield;
}

enum ok_status db_fail(struct ok_db *db, enum ok_status st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(db->err, sizeof db->err, fmt, ap);
	va_end(ap);
	db->errfield[0] = '\0';
	return st;
}

enum ok_status db_fail_field(struct ok_db *db, const char *field, enum ok_status st,
                             const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(db->err, sizeof db->err, fmt, ap);
	va_end(ap);
	snprintf(db->errfield, sizeof db->errfield, "%s", field ? field : "");
	return st;
}

static enum ok_status map_sqlite(int rc, const char *detail, char *err, size_t errsz)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		snprintf(err, errsz, "%s", _("The database is busy: another session held it too long. Nothing was saved; try again."));
		return OK_EBUSY;
	case SQLITE_FULL:
		snprintf(err, errsz, "%s", _("The disk is full. Nothing was saved; free some space and try again."));
		return OK_EFULL;
	case SQLITE_NOTADB:
		snprintf(err, errsz, "%s", _("The file is not an okienko database."));
		return OK_ENOTOKIENKO;
	case SQLITE_READONLY:
		snprintf(err, errsz, "%s", _("The database is read-only for this user. Nothing was saved."));
		return OK_EIO;
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		snprintf(err, errsz, _("Cannot open the database: %s"), detail ? detail : "");
		return OK_EIO;
	case SQLITE_CONSTRAINT:
		snprintf(err, errsz, _("The record conflicts with one already saved (%s)."), detail ? detail : "");
		return OK_EEXIST;
	default:
		snprintf(err, errsz, _("Database error: %s"), detail ? detail : "");
		return OK_EIO;
	}
}

enum ok_status db_sqlfail(struct ok_db *db, int rc)
{
	db->errfield[0] = '\0';
	return map_sqlite(rc, sqlite3_errmsg(db->sql), db->err, sizeof db->err);
}

sqlite3 *db_sqlite(struct ok_db *db)
{
	return db->sql;
}

sqlite3_stmt *db_stmt(struct ok_db *db, const char *sql)
{
	for (int i = 0; i < db->ncache; i++) {
		if (db->cache[i].sql == sql) {
			sqlite3_stmt *st = db->cache[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		db_sqlfail(db, rc);
		return NULL;
	}
	if (db->ncache < STMT_CACHE) {
		db->cache[db->ncache].sql = sql;
		db->cache[db->ncache].st = st;
		db->ncache++;
	} else {
		/* A full cache is a programming error: more distinct statements
		 * than expected. Keep working, replacing the oldest entry. */
		sqlite3_finalize(db->cache[0].st);
		memmove(db->cache, db->cache + 1, sizeof db->cache[0] * (STMT_CACHE - 1));
		db->cache[STMT_CACHE - 1].sql = sql;
		db->cache[STMT_CACHE - 1].st = st;
	}
	return st;
}

static enum ok_status exec(struct ok_db *db, const char *sql)
{
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? OK_OK : db_sqlfail(db, rc);
}

/* ---- Writers' turns ----
 * Before BEGIN IMMEDIATE a writer waits in the kernel for an OFD lock on
 * FILE-turn, through a gate: lock byte 0 (the gate), lock byte 1 (the
 * turn), release the gate; the turn is released after COMMIT or
 * ROLLBACK. The writer at the gate is the next one: it holds the gate
 * while it waits for the turn, so a writer that has just written cannot
 * take the turn again at once but waits at the gate with the others, and
 * no waiter's sleeps grow past a millisecond (SQLite's grow to 100 ms,
 * which is what let a waiting session lose every time). The locks belong to the
 * open file description: they are released when a process ends, however
 * it ends, and two handles in one process wait for each other too. A
 * file next to the database, not the database itself: closing any
 * descriptor of the database would drop SQLite's own POSIX locks. Other
 * programs that write the file (the sqlite3 shell) do not take turns;
 * SQLite's busy timeout still covers them. */

/* Takes an OFD write lock on byte `at`, trying again every `step` us
 * (growing to `cap` us) for at most ms. No signals and no blocking
 * call: the wait ends when its time is up, under any debugger too. */
static bool turn_lock(int fd, off_t at, int ms, long step, long cap)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = at, .l_len = 1 };
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (fcntl(fd, F_OFD_SETLK, &fl) == 0)
			return true;
		if (errno != EAGAIN && errno != EACCES && errno != EINTR)
			return false;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 >= ms)
			return false;
		struct timespec nap = { 0, step * 1000 };
		nanosleep(&nap, NULL);
		if (step < cap)
			step = step * 2 < cap ? step * 2 : cap;
	}
}

static void turn_unlock(int fd, off_t at)
{
	struct flock fl = { .l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = at, .l_len = 1 };
	fcntl(fd, F_OFD_SETLK, &fl);
}

static bool take_turn(struct ok_db *db)
{
	if (db->turn_fd < 0)
		return true;
	/* The gate's waiters try now and then; the one at the gate, next in
	 * line, tries the turn often, so that it is not left idle. */
	if (!turn_lock(db->turn_fd, 0, db->busy_ms, 500, 500))
		return false;
	bool got = turn_lock(db->turn_fd, 1, db->busy_ms, 50, 50);
	turn_unlock(db->turn_fd, 0);
	db->turn_held = got;
	return got;
}

static void end_turn(struct ok_db *db)
{
	if (db->turn_held) {
		turn_unlock(db->turn_fd, 1);
		db->turn_held = false;
	}
}

/* Opens FILE-turn (created with the database's permissions). Without it
 * (a read-only directory) writers rely on SQLite's busy timeout alone. */
static int open_turn_file(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return -1;
	char *turn = xasprintf_path(path, "-turn");
	int fd = open(turn, O_RDWR | O_CREAT | O_CLOEXEC, st.st_mode & 0666);
	if (fd < 0)
		fd = open(turn, O_RDONLY | O_CLOEXEC);
	free(turn);
	if (fd < 0)
		return -1;
	/* A write lock needs a descriptor open for writing. */
	int mode = fcntl(fd, F_GETFL);
	if (mode < 0 || (mode & O_ACCMODE) == O_RDONLY) {
		close(fd);
		return -1;
	}
	return fd;
}

enum ok_status db_begin(struct ok_db *db)
{
	if (!take_turn(db))
		return map_sqlite(SQLITE_BUSY, NULL, db->err, sizeof db->err);
	enum ok_status st = exec(db, "BEGIN IMMEDIATE");
	if (st != OK_OK)
		end_turn(db);
	return st;
}

enum ok_status db_commit(struct ok_db *db)
{
	enum ok_status st = exec(db, "COMMIT");
	if (st != OK_OK) {
		/* Keep the message of the failed COMMIT, undo the rest. */
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	}
	end_turn(db);
	return st;
}

void db_rollback(struct ok_db *db)
{
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	end_turn(db);
}

enum ok_status db_done(struct ok_db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

enum ok_status db_uid(struct ok_db *db, const char *sql, int64_t id, char uid[33],
                      const char *missing)
{
	sqlite3_stmt *s = db_stmt(db, sql);
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		db_col_text(s, 0, uid, 33);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return db_fail(db, OK_ENOTFOUND, "%s", missing);
	return rc == SQLITE_ROW ? OK_OK : db_sqlfail(db, rc);
}

void db_bind_actor(struct ok_db *db, sqlite3_stmt *st, int idx)
{
	if (db->actor.staff_id)
		sqlite3_bind_int64(st, idx, db->actor.staff_id);
	else
		sqlite3_bind_null(st, idx);
}

int db_bind_text_or_null(sqlite3_stmt *st, int idx, const char *s)
{
	if (!s || !*s)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

void db_col_text(sqlite3_stmt *st, int col, char *out, size_t outsz)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(out, outsz, "%s", t ? (const char *)t : "");
}

void db_set_actor(struct ok_db *db, const struct ok_actor *actor)
{
	db->actor = *actor;
}

const struct ok_actor *db_actor(const struct ok_db *db)
{
	return &db->actor;
}

void db_set_system_actor(struct ok_db *db)
{
	struct ok_actor a = { 0 };
	struct passwd *pw = getpwuid(geteuid());
	a.role = ROLE_SYSTEM;
	snprintf(a.login, sizeof a.login, "os:%s", pw ? pw->pw_name : "?");
	snprintf(a.name, sizeof a.name, "%s", a.login);
	db->actor = a;
}

void db_set_busy_timeout(struct ok_db *db, int ms)
{
	db->busy_ms = ms;
	sqlite3_busy_timeout(db->sql, ms);
}

#define IDLE_CHECKPOINT_FRAMES 1000   /* SQLite's own autocheckpoint default */

static int note_wal(void *arg, sqlite3 *sql, const char *name, int frames)
{
	(void)sql;
	(void)name;
	((struct ok_db *)arg)->wal_frames = frames;
	return SQLITE_OK;
}

void db_defer_checkpoints(struct ok_db *db)
{
	/* The hook replaces SQLite's autocheckpoint on this handle. */
	sqlite3_wal_hook(db->sql, note_wal, db);
	db->deferred = true;
}

void db_idle(struct ok_db *db)
{
	if (!db->deferred || db->wal_frames < IDLE_CHECKPOINT_FRAMES)
		return;
	/* PASSIVE: never waits for readers or writers; what it could not
	 * copy is copied at a later idle moment. */
	int log = 0, done = 0;
	if (sqlite3_wal_checkpoint_v2(db->sql, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done) == SQLITE_OK &&
	    done >= log)
		db->wal_frames = 0;
	else
		db->wal_frames = IDLE_CHECKPOINT_FRAMES / 2;   /* try again after some more writes */
}

const char *db_office(const struct ok_db *db)
{
	return db->office;
}

/* Creates the directories of a new file's path (mode 0700, like any
 * XDG data directory). */
static int make_parent_dirs(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			int e = errno;
			free(p);
			errno = e;
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

/* Creates an empty file with no access for others: 0600, or 0660 when
 * the directory is shared by a group (set-group-ID bit, or a group other
 * than ours), so that several staff accounts can use one office file. */
static int create_file(const char *path)
{
	if (make_parent_dirs(path) != 0)
		return -1;
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash == dir)
		dir[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	struct stat ds;
	mode_t mode = 0600;
	if (stat(dir, &ds) == 0 && ((ds.st_mode & S_ISGID) || ds.st_gid != getegid()))
		mode = 0660;
	free(dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	if (fchmod(fd, mode) != 0) {
		int e = errno;
		close(fd);
		unlink(path);
		errno = e;
		return -1;
	}
	return close(fd);
}

/* Looks at an existing file before SQLite touches it: a non-empty file
 * must start with SQLite's header. */
static enum ok_status precheck_file(const char *path, char *err, size_t errsz)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		snprintf(err, errsz, _("Cannot open the database %s: %s"), path, strerror(errno));
		return OK_EIO;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errsz, _("%s is not a regular file."), path);
		return OK_EIO;
	}
	if (st.st_size == 0)
		return OK_OK;
	char head[16] = { 0 };
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errsz, _("Cannot open the database %s: %s"), path, strerror(errno));
		return OK_EIO;
	}
	ssize_t n = read(fd, head, sizeof head);
	close(fd);
	if (n != (ssize_t)sizeof head || memcmp(head, "SQLite format 3", 16) != 0) {
		snprintf(err, errsz, _("%s is not an okienko database; it was left untouched."), path);
		return OK_ENOTOKIENKO;
	}
	return OK_OK;
}

static int pragma_int(struct ok_db *db, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
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

/* Refuses a file that is not ours or is newer than this build. */
static enum ok_status check_identity(struct ok_db *db, const char *path, int *version)
{
	int app = 0, tables = 0;
	int rc = pragma_int(db, "PRAGMA application_id", &app);
	if (rc == SQLITE_OK)
		rc = pragma_int(db, "PRAGMA user_version", version);
	if (rc == SQLITE_OK)
		rc = pragma_int(db, "SELECT count(*) FROM sqlite_master", &tables);
	if (rc != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
			return db_fail(db, OK_ENOTOKIENKO, _("%s is not an okienko database; it was left untouched."), path);
		return db_sqlfail(db, rc);
	}
	if (app != OK_APPLICATION_ID && (app != 0 || tables != 0 || *version != 0))
		return db_fail(db, OK_ENOTOKIENKO, _("%s is not an okienko database; it was left untouched."), path);
	if (*version > schema_latest())
		return db_fail(db, OK_ENEWER,
		               _("%s was written by a newer okienko (schema %d; this program knows %d). Update okienko; the file was left untouched."),
		               path, *version, schema_latest());
	return OK_OK;
}

static enum ok_status migrate(struct ok_db *db, const char *office_code)
{
	enum ok_status st = db_begin(db);
	if (st != OK_OK)
		return st;
	/* Another session may have migrated while we waited for the lock. */
	int version = 0;
	int rc = pragma_int(db, "PRAGMA user_version", &version);
	if (rc != SQLITE_OK) {
		st = db_sqlfail(db, rc);
		goto fail;
	}
	if (version > schema_latest()) {
		st = db_fail(db, OK_ENEWER, _("The database was migrated by a newer okienko meanwhile."));
		goto fail;
	}
	if (version < schema_latest()) {
		st = schema_migrate(db, version);
		if (st != OK_OK)
			goto fail;
		if (version == 0) {
			st = schema_init_meta(db, office_code ? office_code : "LUB01");
			if (st != OK_OK)
				goto fail;
		}
		char sql[96];
		snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d",
		         OK_APPLICATION_ID, schema_latest());
		st = exec(db, sql);
		if (st != OK_OK)
			goto fail;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return st;
}

static void load_office(struct ok_db *db)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT value FROM meta WHERE key='office'");
	if (st && sqlite3_step(st) == SQLITE_ROW)
		db_col_text(st, 0, db->office, sizeof db->office);
	if (st)
		sqlite3_reset(st);
}

struct ok_db *db_open(const char *path, const char *office_code,
                      enum ok_status *status, char *err, size_t errsz)
{
	enum ok_status st = OK_OK;
	struct stat sb;
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT || (create_file(path) != 0 && errno != EEXIST)) {
			snprintf(err, errsz, _("Cannot create the database %s: %s"), path, strerror(errno));
			*status = OK_EIO;
			return NULL;
		}
	} else if ((st = precheck_file(path, err, errsz)) != OK_OK) {
		*status = st;
		return NULL;
	}

	struct ok_db *db = calloc(1, sizeof *db);
	if (!db)
		abort();
	db->turn_fd = -1;
	db->busy_ms = DB_BUSY_TIMEOUT_MS;
	/* One thread per connection: no mutex around each call. */
	int rc = sqlite3_open_v2(path, &db->sql, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		st = map_sqlite(rc, db->sql ? sqlite3_errmsg(db->sql) : path, err, errsz);
		goto fail;
	}
	sqlite3_extended_result_codes(db->sql, 1);
	sqlite3_busy_timeout(db->sql, DB_BUSY_TIMEOUT_MS);
	db_set_system_actor(db);

	int version = 0;
	if ((st = check_identity(db, path, &version)) != OK_OK)
		goto fail_msg;
	if ((st = exec(db, "PRAGMA journal_mode=WAL")) != OK_OK ||
	    (st = exec(db, "PRAGMA foreign_keys=ON")) != OK_OK ||
	    (st = exec(db, "PRAGMA synchronous=FULL")) != OK_OK)
		goto fail_msg;
	db->turn_fd = open_turn_file(path);
	if (version < schema_latest() && (st = migrate(db, office_code)) != OK_OK)
		goto fail_msg;
	load_office(db);
	*status = OK_OK;
	return db;

fail_msg:
	snprintf(err, errsz, "%s", db->err);
fail:
	*status = st;
	db_close(db);
	return NULL;
}

void db_close(struct ok_db *db)
{
	if (!db)
		return;
	for (int i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].st);
	if (db->sql)
		sqlite3_close(db->sql);
	if (db->turn_fd >= 0)
		close(db->turn_fd);
	free(db);
}

void db_bulk_begin(struct ok_db *db, struct db_bulk *saved)
{
	*saved = (struct db_bulk){ .foreign_keys = 1, .cache_size = -2000, .temp_store = 0 };
	pragma_int(db, "PRAGMA foreign_keys", &saved->foreign_keys);
	pragma_int(db, "PRAGMA cache_size", &saved->cache_size);
	pragma_int(db, "PRAGMA temp_store", &saved->temp_store);
	sqlite3_exec(db->sql, "PRAGMA foreign_keys=OFF; PRAGMA cache_size=-524288; PRAGMA temp_store=MEMORY",
	             NULL, NULL, NULL);
}

void db_bulk_end(struct ok_db *db, const struct db_bulk *saved)
{
	char restore[128];
	snprintf(restore, sizeof restore, "PRAGMA foreign_keys=%d; PRAGMA cache_size=%d; PRAGMA temp_store=%d",
	         saved->foreign_keys != 0, saved->cache_size, saved->temp_store);
	sqlite3_exec(db_sqlite(db), restore, NULL, NULL, NULL);
}
