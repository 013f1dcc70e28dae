/* db.h: the office database as the rest of okienko sees it: open (with
 * creation, permissions and migrations), the acting staff member, errors.
 * SQLite itself stays behind this header (see db_private.h). */
#ifndef OKIENKO_DB_H
#define OKIENKO_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ok_db;

/* Result of every data/ call that can fail. The message of the last
 * failure is in db_errmsg(). */
enum ok_status {
	OK_OK = 0,
	OK_EINVAL,      /* a value the user gave is not acceptable */
	OK_EDENIED,     /* the acting role may not do this */
	OK_ENOTFOUND,   /* no such record */
	OK_EEXIST,      /* the record exists already */
	OK_EBUSY,       /* another session held the database past the timeout */
	OK_EFULL,       /* the disk is full */
	OK_EIO,         /* any other failure of the database or the file */
	OK_ENOTOKIENKO, /* the file is not an okienko database */
	OK_ENEWER,      /* the file was written by a newer okienko */
	OK_EAUTH        /* wrong login or password */
};

enum ok_role {
	ROLE_NONE = 0,
	ROLE_FRONT_OFFICE,
	ROLE_COUNSELOR,
	ROLE_SUPERVISOR,
	ROLE_ADMIN,
	ROLE_SYSTEM     /* a command-line command run by the file's owner */
};

/* Who acts: a logged-in staff member, or the operating-system user
 * running a command-line command (trusted by the file system). */
struct ok_actor {
	int64_t staff_id;   /* 0 for the system actor */
	enum ok_role role;
	char login[64];     /* staff login, or "os:NAME" */
	char name[128];     /* full name shown on screens */
};

/* How long a write waits for another session before giving up (ms). */
#define DB_BUSY_TIMEOUT_MS 5000
/* The schema version this build knows (PRAGMA user_version). */
int db_schema_version(void);

/* Where the database lives: explicit path, else $OKIENKO_DB, else
 * $XDG_DATA_HOME/okienko/office.db (~/.local/share/...). Returns a
 * malloc'd path. */
char *db_default_path(const char *explicit_path);

/* Opens (creating when absent, with no access for others) and migrates
 * the office database. On failure returns NULL with a translated message
 * in err and the status in *status; the file is then left untouched.
 * office_code names the office in a new file (NULL: "LUB01"). */
struct ok_db *db_open(const char *path, const char *office_code,
                      enum ok_status *status, char *err, size_t errsz);
void db_close(struct ok_db *db);

/* The message of the last failure on this handle (translated). */
const char *db_errmsg(const struct ok_db *db);
/* Sets the message and returns st (for data/ modules). */
enum ok_status db_fail(struct ok_db *db, enum ok_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The field a failed call found wrong ("pesel", "birth_date", ...: the
 * name of the member of the form struct it was given), or "" when the
 * failure concerns no single field. Screens show db_errmsg() next to it. */
const char *db_errfield(const struct ok_db *db);
/* Like db_fail(), naming the field that is wrong. */
enum ok_status db_fail_field(struct ok_db *db, const char *field, enum ok_status st,
                             const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The acting staff member for every following call. */
void db_set_actor(struct ok_db *db, const struct ok_actor *actor);
const struct ok_actor *db_actor(const struct ok_db *db);
/* Makes the operating-system user the actor (command-line commands). */
void db_set_system_actor(struct ok_db *db);

/* Changes how long writes wait for other sessions (tests use a short one). */
void db_set_busy_timeout(struct ok_db *db, int ms);

/* Housekeeping leaves the saves: checkpoints (copying the WAL into the
 * database file, some milliseconds each) and writing the report's facts
 * of the clients a save touched (report.c). An interactive session calls
 * db_defer_housekeeping() once, then db_idle() whenever it waits for the
 * user, which writes the facts its saves left (when the file is busy,
 * a later idle moment, db_close() or the report does) and checkpoints when the
 * WAL has grown past 1000 pages. Other handles (the commands) write the
 * facts in each transaction and keep SQLite's checkpoint after a commit. */
void db_defer_housekeeping(struct ok_db *db);
void db_idle(struct ok_db *db);

/* The office code stored in the file. */
const char *db_office(const struct ok_db *db);

#endif
