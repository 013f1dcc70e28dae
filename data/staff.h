/* staff.h: staff accounts, login, and what each role may do. Roles are
 * enforced here, in data/, whatever a screen shows or hides. */
#ifndef OKIENKO_STAFF_H
#define OKIENKO_STAFF_H

#include <stdbool.h>

#include "db.h"

enum ok_action {
	ACT_CLIENT_READ,      /* search clients, open a card */
	ACT_CLIENT_WRITE,     /* register a client, change their data */
	ACT_EMPLOYER_READ,
	ACT_EMPLOYER_WRITE,   /* register an employer, record a vacancy */
	ACT_REFER_COUNSELOR,  /* refer a client to a counselor */
	ACT_CONTACT_RECORD,   /* record a client's contact (the 90-day clock) */
	ACT_SERVICE_RECORD,   /* record counselling services and employer advice */
	ACT_REFERRAL_RECORD,  /* issue referrals and record their outcomes */
	ACT_DEREGISTER,
	ACT_CORRECT_ANY,      /* correct or void another person's event */
	ACT_COUNTS_VIEW,      /* day counts and the yearly report */
	ACT_ACTIVITY_LOG,     /* the office activity log and programmes */
	ACT_STAFF_ADMIN,      /* staff accounts */
	ACT_SYNC,             /* nightly sync and its conflicts */
	ACT_IMPORT,           /* bulk import and export */
	ACT_CONFLICT_RESOLVE, /* choose between two offices' versions of a record */
	ACT__COUNT
};

/* Role codes as stored and typed: front_office, counselor, supervisor, admin. */
const char *staff_role_code(enum ok_role role);
/* ROLE_NONE when the code is unknown. */
enum ok_role staff_role_parse(const char *code);
/* The role's name for people, translated. */
const char *staff_role_label(enum ok_role role);

/* Whether the role may do the action. The command-line (system) actor
 * may do everything. */
bool staff_role_may(enum ok_role role, enum ok_action action);
/* OK_OK when the current actor may do the action, else OK_EDENIED with a
 * translated message. */
enum ok_status staff_require(struct ok_db *db, enum ok_action action);

/* A login: 1-32 characters a-z, 0-9, '.', '_', '-', starting with a letter.
 * NULL when acceptable, else a translated message. */
const char *staff_validate_login(const char *login);

/* Adds a staff account (the actor needs ACT_STAFF_ADMIN). The password
 * (at least 8 characters) is stored only as a yescrypt hash. */
enum ok_status staff_add(struct ok_db *db, const char *login, enum ok_role role,
                         const char *full_name, const char *password);
/* Checks a login and password; on success fills *who, makes it the
 * database's actor and audits the login. A failure is audited too and
 * says only that the login or password is wrong. */
enum ok_status staff_login(struct ok_db *db, const char *login, const char *password,
                           struct ok_actor *who);
/* The same, but a success is audited later, by staff_login_record(),
 * so that the screens can draw what follows the login first; the first
 * staff_require() records it too, so nothing is done under a login
 * that is not in the audit. A failure is audited at once. */
enum ok_status staff_login_deferred(struct ok_db *db, const char *login, const char *password,
                                    struct ok_actor *who);
/* Audits the login staff_login_deferred() left (OK_OK when there is
 * none). When the audit cannot be written, the login is undone (nobody
 * is the actor) and the message says so. */
enum ok_status staff_login_record(struct ok_db *db);
bool staff_login_unrecorded(const struct ok_db *db);
/* Number of active staff accounts (0 in a new file). */
int staff_count(struct ok_db *db);

#endif
