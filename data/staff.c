/* staff.c: staff accounts, password login and the role table. What each
 * role may do is decided here, so that a screen that forgets to hide an
 * action still cannot perform it. Passwords are kept only as yescrypt
 * hashes (libxcrypt), compared in constant time. */
#include "config.h"

#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db_private.h"
#include "intl.h"
#include "staff.h"
#include "text.h"
#include "validate.h"

#define PASSWORD_MIN 8
#define PASSWORD_MAX 256

static const struct {
	enum ok_role role;
	const char *code;
	const char *label;
} roles[] = {
	{ ROLE_FRONT_OFFICE, "front_office", N_("front office") },
	{ ROLE_COUNSELOR, "counselor", N_("career counselor") },
	{ ROLE_SUPERVISOR, "supervisor", N_("supervisor") },
	{ ROLE_ADMIN, "admin", N_("administrator") },
};

#define A(x) (1u << (x))
/* The role table: front office registers and refers to counselors,
 * counselors record services, referrals, outcomes and deregistrations,
 * both record a client's contact (a phone call counts under the 2025 act),
 * supervisors may do everything but manage accounts, administrators
 * manage accounts, sync and imports but read no client data. */
static const unsigned role_actions[] = {
	[ROLE_NONE] = 0,
	[ROLE_FRONT_OFFICE] = A(ACT_CLIENT_READ) | A(ACT_CLIENT_WRITE) | A(ACT_EMPLOYER_READ) |
	                      A(ACT_EMPLOYER_WRITE) | A(ACT_REFER_COUNSELOR) | A(ACT_CONTACT_RECORD),
	[ROLE_COUNSELOR] = A(ACT_CLIENT_READ) | A(ACT_EMPLOYER_READ) | A(ACT_SERVICE_RECORD) |
	                   A(ACT_REFERRAL_RECORD) | A(ACT_DEREGISTER) |
	                   A(ACT_CONTACT_RECORD),
	[ROLE_SUPERVISOR] = (A(ACT__COUNT) - 1) & ~A(ACT_STAFF_ADMIN),
	[ROLE_ADMIN] = A(ACT_STAFF_ADMIN) | A(ACT_SYNC) | A(ACT_IMPORT) | A(ACT_COUNTS_VIEW),
	[ROLE_SYSTEM] = A(ACT__COUNT) - 1,
};

const char *staff_role_code(enum ok_role role)
{
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (roles[i].role == role)
			return roles[i].code;
	return role == ROLE_SYSTEM ? "system" : "";
}

enum ok_role staff_role_parse(const char *code)
{
	for (size_t i = 0; code && i < sizeof roles / sizeof *roles; i++)
		if (strcmp(roles[i].code, code) == 0)
			return roles[i].role;
	return ROLE_NONE;
}

const char *staff_role_label(enum ok_role role)
{
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (roles[i].role == role)
			return _(roles[i].label);
	return role == ROLE_SYSTEM ? _("command line") : _("no role");
}

bool staff_role_may(enum ok_role role, enum ok_action action)
{
	if ((unsigned)role >= sizeof role_actions / sizeof *role_actions ||
	    (unsigned)action >= ACT__COUNT)
		return false;
	return (role_actions[role] & A(action)) != 0;
}

enum ok_status staff_require(struct ok_db *db, enum ok_action action)
{
	/* Nothing is done under a login before the login is in the audit. */
	if (db_login_unrecorded(db)) {
		enum ok_status st = staff_login_record(db);
		if (st != OK_OK)
			return st;
	}
	const struct ok_actor *a = db_actor(db);
	if (staff_role_may(a->role, action))
		return OK_OK;
	return db_fail(db, OK_EDENIED, _("Your role (%s) does not allow this."), staff_role_label(a->role));
}

const char *staff_validate_login(const char *login)
{
	size_t n = login ? strlen(login) : 0;
	if (n == 0 || n > 32)
		return _("A login has 1 to 32 characters.");
	if (login[0] < 'a' || login[0] > 'z')
		return _("A login starts with a lower-case letter (a-z).");
	for (size_t i = 0; i < n; i++) {
		char c = login[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return _("A login may contain only a-z, 0-9, '.', '_' and '-'.");
	}
	return NULL;
}

/* Hashes a password with yescrypt; returns a malloc'd hash or NULL. The
 * cost is libxcrypt's default unless $OKIENKO_HASH_COST (1-11) sets it
 * (the test suite uses 1 to run under valgrind in reasonable time). */
static char *hash_password(const char *password)
{
	unsigned long cost = 0;
	const char *env = getenv("OKIENKO_HASH_COST");
	if (env && *env) {
		char *end;
		cost = strtoul(env, &end, 10);
		if (*end || cost > 11)
			cost = 0;
	}
	char *setting = crypt_gensalt_ra("$y$", cost, NULL, 0);
	if (!setting)
		return NULL;
	struct crypt_data *cd = calloc(1, sizeof *cd);
	if (!cd)
		abort();
	const char *h = crypt_r(password, setting, cd);
	char *out = (h && h[0] == '$') ? strdup(h) : NULL;
	explicit_bzero(cd, sizeof *cd);
	free(cd);
	free(setting);
	return out;
}

/* Constant-time check of a password against a stored hash. */
static bool check_password(const char *password, const char *stored)
{
	struct crypt_data *cd = calloc(1, sizeof *cd);
	if (!cd)
		abort();
	const char *h = crypt_r(password, stored, cd);
	bool ok = false;
	if (h && h[0] == '$') {
		size_t n = strlen(stored);
		if (strlen(h) == n) {
			unsigned char diff = 0;
			for (size_t i = 0; i < n; i++)
				diff |= (unsigned char)h[i] ^ (unsigned char)stored[i];
			ok = diff == 0;
		}
	}
	explicit_bzero(cd, sizeof *cd);
	free(cd);
	return ok;
}

enum ok_status staff_add(struct ok_db *db, const char *login, enum ok_role role,
                         const char *full_name, const char *password)
{
	enum ok_status st = staff_require(db, ACT_STAFF_ADMIN);
	if (st != OK_OK)
		return st;
	const char *why = staff_validate_login(login);
	if (why)
		return db_fail(db, OK_EINVAL, "%s", why);
	if (role < ROLE_FRONT_OFFICE || role > ROLE_ADMIN)
		return db_fail(db, OK_EINVAL, "%s", _("Unknown role: use front_office, counselor, supervisor or admin."));
	if (full_name && *full_name && (why = validate_free_text(full_name, 120, 0)))
		return db_fail(db, OK_EINVAL, "%s", why);
	size_t plen = password ? strlen(password) : 0;
	if (!text_utf8_valid(password ? password : "", plen))
		return db_fail(db, OK_EINVAL, "%s", _("Text is not valid UTF-8"));
	size_t chars = plen ? text_utf8_len(password) : 0;
	if (chars < PASSWORD_MIN || chars > PASSWORD_MAX)
		return db_fail(db, OK_EINVAL, _("A password has %d to %d characters."), PASSWORD_MIN, PASSWORD_MAX);

	char *hash = hash_password(password);
	if (!hash)
		return db_fail(db, OK_EIO, "%s", _("Cannot hash the password (yescrypt unavailable)."));
	if ((st = db_begin(db)) != OK_OK) {
		free(hash);
		return st;
	}
	sqlite3_stmt *s = db_stmt(db, "INSERT INTO staff(login, full_name, role, pw_hash, uid) VALUES(?1, ?2, ?3, ?4, " NEW_UID ")"
	                              " RETURNING uid");
	if (!s) {
		st = OK_EIO;
		goto fail;
	}
	sqlite3_bind_text(s, 1, login, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, full_name ? full_name : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, staff_role_code(role), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, hash, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		if ((rc & 0xff) == SQLITE_CONSTRAINT)
			st = db_fail(db, OK_EEXIST, _("The login %s exists already."), login);
		else
			st = db_sqlfail(db, rc);
		sqlite3_reset(s);
		goto fail;
	}
	char uid[33];
	db_col_text(s, 0, uid, sizeof uid);
	sqlite3_reset(s);
	if ((st = audit_log(db, "create", "staff", uid, staff_role_code(role))) != OK_OK)
		goto fail;
	explicit_bzero(hash, strlen(hash));
	free(hash);
	return db_commit(db);
fail:
	explicit_bzero(hash, strlen(hash));
	free(hash);
	db_rollback(db);
	return st;
}

/* Checks a login and password: *ok, and for a known login *known, its
 * uid and the actor it makes. */
static enum ok_status check_login(struct ok_db *db, const char *login, const char *password,
                                  bool *known, bool *ok, char uid[33], struct ok_actor *found)
{
	char hash[256] = "";
	memset(found, 0, sizeof *found);
	*known = *ok = false;
	uid[0] = '\0';

	sqlite3_stmt *s = db_stmt(db, "SELECT id, uid, role, full_name, pw_hash FROM staff"
	                              " WHERE login = ?1 AND active = 1");
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, login ? login : "", -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*known = true;
		found->staff_id = sqlite3_column_int64(s, 0);
		db_col_text(s, 1, uid, 33);
		char role[32];
		db_col_text(s, 2, role, sizeof role);
		found->role = staff_role_parse(role);
		db_col_text(s, 3, found->name, sizeof found->name);
		db_col_text(s, 4, hash, sizeof hash);
		snprintf(found->login, sizeof found->login, "%s", login);
		if (!found->name[0])
			snprintf(found->name, sizeof found->name, "%s", login);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, rc);

	if (*known) {
		*ok = check_password(password ? password : "", hash);
	} else {
		/* Hash anyway, at the same cost, so that an unknown login takes as
		 * long to refuse as a wrong password and logins cannot be probed. */
		char *wasted = hash_password(password ? password : "");
		if (wasted)
			explicit_bzero(wasted, strlen(wasted));
		free(wasted);
	}
	explicit_bzero(hash, sizeof hash);
	return OK_OK;
}

/* The audit row of a login attempt, in a transaction of its own, by the
 * actor who logged in (ok) or the one before (a failure). The attempted
 * login is named only when it failed and is a well-formed login. */
static enum ok_status audit_login(struct ok_db *db, bool ok, const char *uid, const char *login)
{
	enum ok_status st = db_begin(db);
	if (st != OK_OK)
		return st;
	st = audit_log(db, ok ? "login" : "login_failed", "staff", uid,
	               (!ok && login && !staff_validate_login(login)) ? login : NULL);
	if (st == OK_OK)
		st = db_commit(db);
	else
		db_rollback(db);
	return st;
}

/* Both ways of logging in: the check, a failure audited at once; a
 * success audited now, or (defer) noted for staff_login_record(). */
static enum ok_status log_in(struct ok_db *db, const char *login, const char *password,
                             struct ok_actor *who, bool defer)
{
	struct ok_actor found;
	char uid[33];
	bool known, ok;
	enum ok_status st = check_login(db, login, password, &known, &ok, uid, &found);
	if (st != OK_OK)
		return st;
	if (!ok) {
		if ((st = audit_login(db, false, known ? uid : NULL, login)) != OK_OK)
			return st;
		return db_fail(db, OK_EAUTH, "%s", _("Wrong login or password."));
	}
	struct ok_actor before = *db_actor(db);
	db_set_actor(db, &found);
	if (defer) {
		db_set_login_unrecorded(db, uid);
	} else if ((st = audit_login(db, true, uid, NULL)) != OK_OK) {
		db_set_actor(db, &before);
		return st;
	}
	*who = found;
	return OK_OK;
}

enum ok_status staff_login(struct ok_db *db, const char *login, const char *password,
                           struct ok_actor *who)
{
	return log_in(db, login, password, who, false);
}

enum ok_status staff_login_deferred(struct ok_db *db, const char *login, const char *password,
                                    struct ok_actor *who)
{
	return log_in(db, login, password, who, true);
}

enum ok_status staff_login_record(struct ok_db *db)
{
	const char *pending = db_login_unrecorded(db);
	if (!pending)
		return OK_OK;
	char uid[33];
	snprintf(uid, sizeof uid, "%s", pending);
	db_set_login_unrecorded(db, NULL);
	enum ok_status st = audit_login(db, true, uid, NULL);
	if (st != OK_OK) {
		/* Unrecorded, the login does not stand: nobody is logged in. */
		struct ok_actor nobody = { 0 };
		db_set_actor(db, &nobody);
		char why[512];
		snprintf(why, sizeof why, "%s", db_errmsg(db));
		return db_fail(db, st, _("Your login could not be recorded, so it was undone: %s"), why);
	}
	return OK_OK;
}

bool staff_login_unrecorded(const struct ok_db *db)
{
	return db_login_unrecorded(db) != NULL;
}

int staff_count(struct ok_db *db)
{
	sqlite3_stmt *s = db_stmt(db, "SELECT count(*) FROM staff WHERE active = 1");
	int n = 0;
	if (s && sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	if (s)
		sqlite3_reset(s);
	return n;
}
