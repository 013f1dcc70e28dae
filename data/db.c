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
#include <limits.h>
#include <linux/futex.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "db_private.h"
#include "intl.h"

/* "OKNK": PRAGMA application_id of an okienko file. */
#define OK_APPLICATION_ID 0x4F4B4E4B
#define STMT_CACHE 160

struct stmt_slot {
	const char *sql;
	sqlite3_stmt *st;
};

struct ok_db {
	sqlite3 *sql;
	struct stmt_slot cache[STMT_CACHE];
	int ncache;
	struct ok_actor actor;
	char login_uid[33];   /* the actor's login, not audited yet (staff.c), "" none */
	char office[16];
	char err[512];
	char errfield[32];
	int turn_fd;          /* the writers' turn file (FILE-turn), or -1 */
	struct turn_queue *turn; /* FILE-turn mapped, or NULL */
	uint32_t ticket;      /* this handle's place in the queue while turn_held */
	bool turn_held;
	int busy_ms;          /* how long a write waits for its turn and the lock */
	bool deferred;        /* checkpoints wait for db_idle() */
	int wal_frames;       /* the WAL's pages after the last commit */
	bool facts;           /* the file keeps the report's facts (migration 9) */
	bool facts_deferred;  /* db_defer_facts: settled at a later commit */
	bool facts_at_idle;   /* an interactive session: settled by db_idle() */
	bool facts_pending;   /* committed since this handle last settled them */
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
 * Before BEGIN IMMEDIATE a writer takes a ticket and waits for the
 * writer before it, first come first served. SQLite's own busy wait polls
 * with sleeps growing to 100 ms, so under load a writer that has waited
 * long keeps losing to the ones that just wrote; an earlier version of
 * this (writers polling a gate) served the waiters in random order, which
 * gave 20 busy desks a 99th percentile of seven times their median wait.
 *
 * FILE-turn, mapped shared by every handle of the file, holds the last
 * ticket handed out and, for each of TURN_SLOTS slots, the ticket that
 * registered there and the last ticket whose turn ended (a futex word).
 * A writer with ticket t:
 * - locks its slot's byte of FILE-turn (an OFD lock: released by the
 *   kernel when the process ends, however it ends) and registers t;
 * - waits until ticket t-1 has ended: its done word says so (it wakes us
 *   through the futex), or it registered and its byte is no longer
 *   locked (it died), or it never registered within TURN_UNREGISTERED_MS
 *   (it died between its ticket and its lock);
 * - takes byte 1 of FILE-turn, the turn itself, which is what keeps two
 *   writers apart should the queue ever let two through (or a writer of
 *   an older okienko that knows only byte 1); without it BEGIN IMMEDIATE
 *   still waits for SQLite's lock, so the order is only ever a matter of
 *   fairness, never of correctness;
 * - at COMMIT or ROLLBACK, or when its wait ran out (busy: the one after
 *   it must not wait for a writer that left), writes done, wakes the
 *   next writer and unlocks its byte.
 * A file next to the database, not the database itself: closing any
 * descriptor of the database would drop SQLite's own POSIX locks. Two
 * handles in one process wait for each other too. Other programs that
 * write the file (the sqlite3 shell) do not take turns; SQLite's busy
 * timeout still covers them. */

#define TURN_SLOTS 256
#define TURN_SLOT_BYTE 4096        /* slot i's lock: byte TURN_SLOT_BYTE + i */
#define TURN_MAP_SIZE 4096
#define TURN_UNREGISTERED_MS 200
#define TURN_RECHECK_MS 5          /* how often a waiter looks for a dead one */

struct turn_queue {
	uint32_t next;                 /* the last ticket handed out; 0 is none */
	uint32_t unused[15];
	uint32_t reg[TURN_SLOTS];      /* the ticket that locked the slot's byte */
	uint32_t done[TURN_SLOTS];     /* the last ticket of the slot that ended */
};
_Static_assert(sizeof(struct turn_queue) <= TURN_MAP_SIZE, "the queue fits its mapping");

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

/* Takes an OFD write lock on byte `at`, trying again every `step` us
 * (growing to `cap` us) until the time `until` (now_ms). No signals and
 * no blocking call: the wait ends when its time is up, under any debugger
 * too. */
static bool turn_lock(int fd, off_t at, double until, long step, long cap)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = at, .l_len = 1 };
	for (;;) {
		if (fcntl(fd, F_OFD_SETLK, &fl) == 0)
			return true;
		if (errno != EAGAIN && errno != EACCES && errno != EINTR)
			return false;
		if (now_ms() >= until)
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

/* Whether another open file description holds a lock on byte `at`. */
static bool byte_locked(int fd, off_t at)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = at, .l_len = 1 };
	return fcntl(fd, F_OFD_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
}

/* Sleeps until *word is no longer `seen`, a wake, or ms have passed. */
static void futex_wait(uint32_t *word, uint32_t seen, double ms)
{
	struct timespec t = { (time_t)(ms / 1000), 0 };
	t.tv_nsec = (long)((ms - t.tv_sec * 1000.0) * 1e6);
	syscall(SYS_futex, word, FUTEX_WAIT, seen, &t, NULL, 0);
}

static void futex_wake(uint32_t *word)
{
	syscall(SYS_futex, word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

/* Waits until ticket p's turn has ended (see above); false when the time
 * `until` came first. */
static bool wait_for(struct ok_db *db, uint32_t p, double until)
{
	struct turn_queue *q = db->turn;
	unsigned s = p % TURN_SLOTS;
	double since = now_ms();
	for (;;) {
		uint32_t d = __atomic_load_n(&q->done[s], __ATOMIC_ACQUIRE);
		if (d == p)
			return true;
		if (__atomic_load_n(&q->reg[s], __ATOMIC_ACQUIRE) == p) {
			if (!byte_locked(db->turn_fd, TURN_SLOT_BYTE + s))
				return true;
		} else if (now_ms() - since >= TURN_UNREGISTERED_MS) {
			return true;
		}
		double left = until - now_ms();
		if (left <= 0)
			return false;
		futex_wait(&q->done[s], d, left < TURN_RECHECK_MS ? left : TURN_RECHECK_MS);
	}
}

/* Ends ticket t's place in the queue: the next writer may go. */
static void leave_queue(struct ok_db *db, uint32_t t)
{
	unsigned s = t % TURN_SLOTS;
	__atomic_store_n(&db->turn->done[s], t, __ATOMIC_RELEASE);
	futex_wake(&db->turn->done[s]);
	turn_unlock(db->turn_fd, TURN_SLOT_BYTE + s);
}

static bool take_turn(struct ok_db *db)
{
	if (!db->turn)
		return true;
	struct turn_queue *q = db->turn;
	double until = now_ms() + db->busy_ms;
	uint32_t t;
	do
		t = __atomic_add_fetch(&q->next, 1, __ATOMIC_SEQ_CST);
	while (t == 0);
	unsigned s = t % TURN_SLOTS;
	/* The slot's byte is free unless TURN_SLOTS writers wait at once. */
	if (!turn_lock(db->turn_fd, TURN_SLOT_BYTE + s, until, 50, 1000)) {
		__atomic_store_n(&q->done[s], t, __ATOMIC_RELEASE);
		futex_wake(&q->done[s]);
		return false;
	}
	__atomic_store_n(&q->reg[s], t, __ATOMIC_RELEASE);
	if ((t - 1 != 0 && !wait_for(db, t - 1, until)) || !turn_lock(db->turn_fd, 1, until, 50, 1000)) {
		leave_queue(db, t);
		return false;
	}
	db->ticket = t;
	db->turn_held = true;
	return true;
}

static void end_turn(struct ok_db *db)
{
	if (db->turn_held) {
		turn_unlock(db->turn_fd, 1);
		leave_queue(db, db->ticket);
		db->turn_held = false;
	}
}

/* Opens and maps FILE-turn (created with the database's permissions).
 * Without it (a read-only directory) writers rely on SQLite's busy
 * timeout alone. A new file is all zeros, which is an empty queue. */
static void open_turn_file(struct ok_db *db, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return;
	char *name = xasprintf_path(path, "-turn");
	int fd = open(name, O_RDWR | O_CREAT | O_CLOEXEC, st.st_mode & 0666);
	free(name);
	if (fd < 0)
		return;
	struct stat ts;
	void *map = MAP_FAILED;
	/* Growing it is safe against another opener doing the same: the size
	 * is the same, and a file already that long is left as it is. */
	if (fstat(fd, &ts) == 0 && (ts.st_size >= TURN_MAP_SIZE || ftruncate(fd, TURN_MAP_SIZE) == 0))
		map = mmap(NULL, TURN_MAP_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		close(fd);
		return;
	}
	db->turn_fd = fd;
	db->turn = map;
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

void db_defer_facts(struct ok_db *db, bool defer)
{
	db->facts_deferred = defer;
}

/* Commits; with settle, the report's facts of the clients this
 * transaction (or an earlier one) touched are written in it first
 * (report.c). */
static enum ok_status commit(struct ok_db *db, bool settle)
{
	enum ok_status st = OK_OK;
	if (settle && !sqlite3_get_autocommit(db->sql)) {
		st = report_facts_settle(db);
		if (st == OK_OK)
			db->facts_pending = false;
	}
	if (st == OK_OK)
		st = exec(db, "COMMIT");
	if (st != OK_OK) {
		/* Keep the message of the failed COMMIT, undo the rest. */
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		/* The facts written in it are undone with it. */
		db->facts_pending = db->facts_pending || settle;
	}
	end_turn(db);
	return st;
}

enum ok_status db_commit(struct ok_db *db)
{
	bool settle = db->facts && !db->facts_deferred;
	/* An interactive session's save leaves its facts to db_idle(), after
	 * the screen is drawn. */
	if (settle && db->facts_at_idle) {
		db->facts_pending = db->facts_pending || !sqlite3_get_autocommit(db->sql);
		settle = false;
	}
	return commit(db, settle);
}

enum ok_status db_settle_facts(struct ok_db *db)
{
	enum ok_status st = db_begin(db);
	return st == OK_OK ? commit(db, db->facts) : st;
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

void db_set_login_unrecorded(struct ok_db *db, const char *uid)
{
	snprintf(db->login_uid, sizeof db->login_uid, "%s", uid ? uid : "");
}

const char *db_login_unrecorded(const struct ok_db *db)
{
	return db->login_uid[0] ? db->login_uid : NULL;
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

#define FACTS_IDLE_WAIT_MS 50  /* how long an idle moment waits for its turn */

void db_defer_housekeeping(struct ok_db *db)
{
	/* The hook replaces SQLite's autocheckpoint on this handle. */
	sqlite3_wal_hook(db->sql, note_wal, db);
	db->deferred = true;
	db->facts_at_idle = true;
}

/* The report's facts left by this session's saves, in a transaction of
 * their own, at every idle moment: a few clients', a fraction of a
 * millisecond. (Settling less often does not pay: many clients' at once
 * cost about as much a client, 0.2 ms, and hold the turn for hundreds of
 * milliseconds while 19 other sessions wait to save.) An idle
 * moment waits no more than FACTS_IDLE_WAIT_MS for the file (a key
 * pressed meanwhile waits that long at most); a failure (another session
 * holding the file)
 * leaves them noted for a later idle moment, db_close() or the report,
 * and the message of the last thing the person did in place. */
static void settle_pending(struct ok_db *db, bool now)
{
	if (!db->facts_pending)
		return;
	char err[sizeof db->err], field[sizeof db->errfield];
	memcpy(err, db->err, sizeof err);
	memcpy(field, db->errfield, sizeof field);
	int busy = db->busy_ms;
	if (!now)
		db_set_busy_timeout(db, FACTS_IDLE_WAIT_MS);
	db_settle_facts(db);
	db_set_busy_timeout(db, busy);
	memcpy(db->err, err, sizeof err);
	memcpy(db->errfield, field, sizeof field);
}

void db_idle(struct ok_db *db)
{
	settle_pending(db, false);
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
	open_turn_file(db, path);
	if (version < schema_latest() && (st = migrate(db, office_code)) != OK_OK)
		goto fail_msg;
	db->facts = true;
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
	if (db->sql)
		settle_pending(db, true);
	for (int i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].st);
	if (db->sql)
		sqlite3_close(db->sql);
	if (db->turn)
		munmap(db->turn, TURN_MAP_SIZE);
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
