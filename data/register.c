/* register.c: registering clients, PESEL first. A valid PESEL gives the
 * birth date and sex; a client who is already on file (same PESEL, same
 * document, or, since a checksum does not catch every transposition, the
 * same names and birth date) is never created twice: the caller is told
 * who it is and opens that card instead.
 *
 * A client is written with their first registration period in one
 * transaction; the groups that follow from the birth date are derived
 * here, date-ranged, so that reports can ask who was under 30 on a day. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "codes.h"
#include "db_private.h"
#include "event.h"
#include "intl.h"
#include "register.h"
#include "staff.h"
#include "text.h"
#include "validate.h"

const char *register_regime(const char *date)
{
	return strcmp(date, ACT_2025_FIRST_DAY) >= 0 ? "2025" : "2004";
}

/* Replaces a text member with its squeezed copy (spaces trimmed). */
#define SQUEEZE(m) text_squeeze_in(m, sizeof(m))

static bool doc_type_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 31)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
			return false;
	return true;
}

/* Document numbers: letters and digits, upper-cased in place. */
static bool doc_number_ok(char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 40)
		return false;
	for (; *s; s++) {
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return false;
	}
	return true;
}

static bool disability_ok(const char *s)
{
	return !*s || !strcmp(s, "light") || !strcmp(s, "moderate") || !strcmp(s, "severe");
}

#define BAD(field, msg) db_fail_field(db, field, OK_EINVAL, "%s", msg)

/* The checks shared by a registration and a change of data. */
static enum ok_status check_person(struct ok_db *db, struct ok_client_form *f)
{
	const char *m;
	SQUEEZE(f->pesel);
	SQUEEZE(f->first_name);
	SQUEEZE(f->last_name);
	SQUEEZE(f->doc_type);
	SQUEEZE(f->doc_number);
	SQUEEZE(f->citizenship);
	SQUEEZE(f->address);
	SQUEEZE(f->phone);
	SQUEEZE(f->email);
	if (f->pesel[0]) {
		struct ok_date birth;
		char sex, born[11];
		if ((m = validate_pesel(f->pesel, &birth, &sex)))
			return BAD("pesel", m);
		date_format(&birth, born);
		if (!f->birth_date[0])
			snprintf(f->birth_date, sizeof f->birth_date, "%s", born);
		else if (strcmp(f->birth_date, born) != 0)
			return BAD("birth_date", _("The birth date disagrees with the PESEL."));
		if (!f->sex[0])
			snprintf(f->sex, sizeof f->sex, "%c", sex);
		else if (f->sex[0] != sex)
			return BAD("sex", _("The sex disagrees with the PESEL."));
	} else if (!f->doc_type[0] && !f->doc_number[0]) {
		return BAD("pesel", _("Type the PESEL, or for a person without one the document type and number."));
	}
	if (f->doc_type[0] || f->doc_number[0]) {
		if (!doc_type_ok(f->doc_type))
			return BAD("doc_type", _("Type the document type in lower-case letters, e.g. passport."));
		if (!doc_number_ok(f->doc_number))
			return BAD("doc_number", _("A document number has 1-40 letters and digits."));
	}
	if ((m = validate_name(f->first_name)))
		return BAD("first_name", m);
	if ((m = validate_name(f->last_name)))
		return BAD("last_name", m);
	if ((m = validate_birth_date(f->birth_date, NULL)))
		return BAD("birth_date", m);
	if (!codes_valid(CODES_SEX, f->sex))
		return BAD("sex", _("Choose the sex: F or M."));
	if (!f->citizenship[0])
		snprintf(f->citizenship, sizeof f->citizenship, "PL");
	for (char *c = f->citizenship; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
	if (strlen(f->citizenship) != 2 || f->citizenship[0] < 'A' || f->citizenship[0] > 'Z' ||
	    f->citizenship[1] < 'A' || f->citizenship[1] > 'Z')
		return BAD("citizenship", _("Citizenship is a two-letter country code, e.g. PL or UA."));
	if ((m = validate_free_text(f->address, 255, 0)))
		return BAD("address", m);
	if ((m = validate_phone(f->phone)))
		return BAD("phone", m);
	if ((m = validate_email(f->email)))
		return BAD("email", m);
	if (f->education[0] && !codes_valid(CODES_EDUCATION, f->education))
		return BAD("education", _("Unknown education level."));
	if (!disability_ok(f->disability))
		return BAD("disability", _("Unknown degree of disability."));
	for (int i = 0; i < OK_FORM_OCCUPATIONS; i++) {
		struct ok_occupation *o = &f->occupations[i];
		if (!o->code[0] && !o->kind[0])
			continue;
		if (strcmp(o->kind, "learned") && strcmp(o->kind, "last") && strcmp(o->kind, "sought"))
			return BAD("occupations", _("An occupation is learned, last held or sought."));
		if ((m = validate_occupation(o->code)))
			return BAD("occupations", m);
	}
	return OK_OK;
}

enum ok_status client_form_check(struct ok_db *db, struct ok_client_form *f)
{
	const char *m;
	enum ok_status st = check_person(db, f);
	if (st != OK_OK)
		return st;
	if (!codes_valid(CODES_STATUS, f->status))
		return BAD("status", _("Choose the status: unemployed or job seeker."));
	if ((m = validate_past_date(f->registered_on, NULL)))
		return BAD("registered_on", m);
	if (strcmp(f->registered_on, f->birth_date) < 0)
		return BAD("registered_on", _("The registration date is before the birth date."));
	for (int i = 0; i < OK_FORM_GROUPS; i++) {
		struct ok_date to;
		if (f->groups[i][0] && !codes_valid(CODES_GROUP, f->groups[i]))
			return BAD("groups", _("Unknown group code."));
		const char *from = f->group_from[i][0] ? f->group_from[i] : f->registered_on;
		if ((f->group_from[i][0] && (m = validate_past_date(f->group_from[i], NULL))) ||
		    (f->group_to[i][0] && (m = date_parse(f->group_to[i], &to))))
			return BAD("groups", m);
		if (f->group_to[i][0] && strcmp(f->group_to[i], from) < 0)
			return BAD("groups", _("A group cannot end before it begins."));
	}
	return OK_OK;
}

/* ---- Finding the client a form would duplicate ---- */

static enum ok_status find_one(struct ok_db *db, sqlite3_stmt *s, int64_t *id)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		return OK_OK;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? OK_ENOTFOUND : db_sqlfail(db, rc);
}

static enum ok_status find_existing(struct ok_db *db, const struct ok_client_form *f, int64_t *id)
{
	sqlite3_stmt *s;
	enum ok_status st;
	if (f->pesel[0]) {
		if (!(s = db_stmt(db, "SELECT id FROM client WHERE pesel = ?1")))
			return OK_EIO;
		sqlite3_bind_text(s, 1, f->pesel, -1, SQLITE_STATIC);
		if ((st = find_one(db, s, id)) != OK_ENOTFOUND)
			return st;
	}
	if (f->doc_type[0] && f->doc_number[0]) {
		if (!(s = db_stmt(db, "SELECT id FROM client WHERE doc_type = ?1 AND doc_number = ?2")))
			return OK_EIO;
		sqlite3_bind_text(s, 1, f->doc_type, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, f->doc_number, -1, SQLITE_STATIC);
		if ((st = find_one(db, s, id)) != OK_ENOTFOUND)
			return st;
	}
	char first[OK_NAME_MAX], last[OK_NAME_MAX];
	text_fold(f->first_name, first, sizeof first);
	text_fold(f->last_name, last, sizeof last);
	if (!first[0] || !last[0] || !f->birth_date[0])
		return OK_ENOTFOUND;
	if (!(s = db_stmt(db, "SELECT id FROM client WHERE first_fold = ?1 AND birth_date = ?2"
	                      " AND last_fold = ?3 ORDER BY id LIMIT 1")))
		return OK_EIO;
	sqlite3_bind_text(s, 1, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, f->birth_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, last, -1, SQLITE_STATIC);
	return find_one(db, s, id);
}

enum ok_status client_find_existing(struct ok_db *db, const struct ok_client_form *f, int64_t *id)
{
	enum ok_status st = staff_require(db, ACT_CLIENT_READ);
	return st != OK_OK ? st : find_existing(db, f, id);
}

/* ---- Writing ---- */

static sqlite3_int64 actor_staff(struct ok_db *db)
{
	return db_actor(db)->staff_id;
}

static enum ok_status add_group(struct ok_db *db, int64_t client, const char *code,
                                const char *from, const char *to)
{
	sqlite3_stmt *s = db_stmt(db, "INSERT INTO client_group(client_id, code, valid_from, valid_to,"
	                              " recorded_by, uid) VALUES(?1, ?2, ?3, ?4, ?5, " NEW_UID ")");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, client);
	sqlite3_bind_text(s, 2, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, from, -1, SQLITE_STATIC);
	db_bind_text_or_null(s, 4, to);
	db_bind_actor(db, s, 5);
	return db_done(db, s);
}

static bool given(const struct ok_client_form *f, const char *code)
{
	for (int i = 0; i < OK_FORM_GROUPS; i++)
		if (strcmp(f->groups[i], code) == 0)
			return true;
	return false;
}

/* The groups the birth date puts the client in on the registration
 * date; an "under" group ends the day before the birthday that ends it. */
static enum ok_status derive_groups(struct ok_db *db, int64_t client, const struct ok_client_form *f)
{
	static const struct { const char *code; int age; bool under; bool only_2025; } ages[] = {
		{ "under_25", 25, true, false },
		{ "under_30", 30, true, false },
		{ "over_50", 50, false, false },
		{ "over_60", 60, false, true },
	};
	struct ok_date birth, on;
	if (date_parse(f->birth_date, &birth) || date_parse(f->registered_on, &on))
		return OK_OK;
	int age = date_age(&birth, &on);
	for (size_t i = 0; i < sizeof ages / sizeof ages[0]; i++) {
		bool in = ages[i].under ? age < ages[i].age : age >= ages[i].age;
		if (!in || given(f, ages[i].code) ||
		    (ages[i].only_2025 && strcmp(register_regime(f->registered_on), "2025") != 0))
			continue;
		char to[11] = "";
		if (ages[i].under) {
			struct ok_date end = birth;
			end.y += ages[i].age;
			if (!date_valid(end.y, end.m, end.d))   /* 29 February */
				end = (struct ok_date){ end.y, 3, 1 };
			struct ok_date last = date_from_days(date_to_days(&end) - 1);
			date_format(&last, to);
		}
		enum ok_status st = add_group(db, client, ages[i].code, f->registered_on, to);
		if (st != OK_OK)
			return st;
	}
	return OK_OK;
}

static enum ok_status add_occupations(struct ok_db *db, int64_t client, const struct ok_client_form *f)
{
	for (int i = 0; i < OK_FORM_OCCUPATIONS; i++) {
		const struct ok_occupation *o = &f->occupations[i];
		if (!o->code[0])
			continue;
		sqlite3_stmt *s = db_stmt(db, "INSERT OR IGNORE INTO client_occupation(client_id, kind, code, uid)"
		                              " VALUES(?1, ?2, ?3, " NEW_UID ")");
		if (!s)
			return OK_EIO;
		sqlite3_bind_int64(s, 1, client);
		sqlite3_bind_text(s, 2, o->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, o->code, -1, SQLITE_STATIC);
		enum ok_status st = db_done(db, s);
		if (st != OK_OK)
			return st;
	}
	return OK_OK;
}

/* Binds the person's columns ?1..?16 shared by insert and update. */
static void bind_person(sqlite3_stmt *s, const struct ok_client_form *f,
                        const char *first_fold, const char *last_fold)
{
	db_bind_text_or_null(s, 1, f->pesel);
	db_bind_text_or_null(s, 2, f->doc_type);
	db_bind_text_or_null(s, 3, f->doc_number);
	sqlite3_bind_text(s, 4, f->first_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, f->last_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, first_fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, last_fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, f->birth_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, f->sex, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, f->citizenship, -1, SQLITE_STATIC);
	db_bind_text_or_null(s, 11, f->address);
	db_bind_text_or_null(s, 12, f->phone);
	db_bind_text_or_null(s, 13, f->email);
	db_bind_text_or_null(s, 14, f->education);
	db_bind_text_or_null(s, 15, f->disability);
	sqlite3_bind_int(s, 16, f->benefit ? 1 : 0);
}

static enum ok_status insert_registration(struct ok_db *db, int64_t client, const char *status,
                                          const char *on, int64_t *reg)
{
	sqlite3_stmt *s = db_stmt(db, "INSERT INTO registration(office, client_id, status, regime,"
	                              " registered_on, created_by, uid) VALUES(?1, ?2, ?3, ?4, ?5, ?6, " NEW_UID ")");
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, db_office(db), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, client);
	sqlite3_bind_text(s, 3, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, register_regime(on), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, on, -1, SQLITE_STATIC);
	db_bind_actor(db, s, 6);
	enum ok_status st = db_done(db, s);
	if (st != OK_OK)
		return st;
	*reg = sqlite3_last_insert_rowid(db_sqlite(db));
	return event_clock_refresh(db, *reg);
}

static enum ok_status already(struct ok_db *db)
{
	return db_fail(db, OK_EEXIST, "%s",
	               _("This client is registered already (same PESEL, document, or names and birth date): their card is opened instead."));
}

enum ok_status register_insert(struct ok_db *db, const struct ok_client_form *f, const char *uid,
                               int64_t *id)
{
	char first[OK_NAME_MAX], last[OK_NAME_MAX];
	text_fold(f->first_name, first, sizeof first);
	text_fold(f->last_name, last, sizeof last);
	sqlite3_stmt *s = db_stmt(db, "INSERT INTO client(pesel, doc_type, doc_number, first_name, last_name,"
	                              " first_fold, last_fold, birth_date, sex, citizenship, address, phone,"
	                              " email, education, disability, benefit, office, created_by, uid)"
	                              " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
	                              " ?15, ?16, ?17, ?18, coalesce(?19, " NEW_UID "))");
	if (!s)
		return OK_EIO;
	bind_person(s, f, first, last);
	sqlite3_bind_text(s, 17, db_office(db), -1, SQLITE_STATIC);
	db_bind_actor(db, s, 18);
	db_bind_text_or_null(s, 19, uid);
	enum ok_status st = db_done(db, s);
	if (st != OK_OK)
		return st;
	*id = sqlite3_last_insert_rowid(db_sqlite(db));
	int64_t reg;
	if ((st = insert_registration(db, *id, f->status, f->registered_on, &reg)) != OK_OK)
		return st;
	for (int i = 0; i < OK_FORM_GROUPS; i++)
		if (f->groups[i][0] &&
		    (st = add_group(db, *id, f->groups[i], f->group_from[i][0] ? f->group_from[i] : f->registered_on,
		                    f->group_to[i])) != OK_OK)
			return st;
	if ((st = derive_groups(db, *id, f)) != OK_OK)
		return st;
	return add_occupations(db, *id, f);
}

enum ok_status client_register(struct ok_db *db, struct ok_client_form *f, int64_t *id)
{
	enum ok_status st = staff_require(db, ACT_CLIENT_WRITE);
	if (st != OK_OK || (st = client_form_check(db, f)) != OK_OK)
		return st;
	if ((st = db_begin(db)) != OK_OK)
		return st;
	/* Inside the transaction: no other session can register them meanwhile. */
	st = find_existing(db, f, id);
	if (st == OK_OK) {
		db_rollback(db);
		return already(db);
	}
	if (st != OK_ENOTFOUND)
		goto fail;

	char uid[33];
	if ((st = register_insert(db, f, NULL, id)) != OK_OK)
		goto fail;
	if ((st = db_uid(db, "SELECT uid FROM client WHERE id = ?1", *id, uid, _("No such client."))) != OK_OK ||
	    (st = audit_log(db, "create", "client", uid, f->status)) != OK_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return st;
}

enum ok_status client_register_again(struct ok_db *db, int64_t client_id, const char *status,
                                     const char *registered_on, int64_t *registration_id)
{
	const char *m;
	char uid[33], last_end[11] = "";
	enum ok_status st = staff_require(db, ACT_CLIENT_WRITE);
	if (st != OK_OK)
		return st;
	if (actor_staff(db) == 0)
		return db_fail(db, OK_EDENIED, "%s", _("A registration is recorded by a logged-in staff member."));
	if (!codes_valid(CODES_STATUS, status))
		return BAD("status", _("Choose the status: unemployed or job seeker."));
	if ((m = validate_past_date(registered_on, NULL)))
		return BAD("registered_on", m);
	if ((st = db_begin(db)) != OK_OK)
		return st;
	if ((st = db_uid(db, "SELECT uid FROM client WHERE id = ?1", client_id, uid, _("No such client."))) != OK_OK)
		goto fail;
	sqlite3_stmt *s = db_stmt(db, "SELECT count(*) FILTER (WHERE ended_on IS NULL), max(ended_on)"
	                              " FROM registration WHERE client_id = ?1");
	if (!s) {
		st = OK_EIO;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, client_id);
	int rc = sqlite3_step(s);
	int open = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	if (rc == SQLITE_ROW)
		db_col_text(s, 1, last_end, sizeof last_end);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW) {
		st = db_sqlfail(db, rc);
		goto fail;
	}
	if (open) {
		st = db_fail(db, OK_EEXIST, "%s", _("The client is registered already: deregister them first."));
		goto fail;
	}
	if (strcmp(registered_on, last_end) < 0) {
		st = db_fail_field(db, "registered_on", OK_EINVAL,
		                   _("The new registration cannot start before the last one ended (%s)."), last_end);
		goto fail;
	}
	if ((st = insert_registration(db, client_id, status, registered_on, registration_id)) != OK_OK)
		goto fail;
	if (!(s = db_stmt(db, "INSERT INTO event(office, kind, occurred_on, client_id, staff_id,"
	                      " registration_id, regime, detail, uid)"
	                      " VALUES(?1, 'registration', ?2, ?3, ?4, ?5, ?6, ?7, " NEW_UID ")"))) {
		st = OK_EIO;
		goto fail;
	}
	sqlite3_bind_text(s, 1, db_office(db), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, registered_on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, client_id);
	sqlite3_bind_int64(s, 4, actor_staff(db));
	sqlite3_bind_int64(s, 5, *registration_id);
	sqlite3_bind_text(s, 6, register_regime(registered_on), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, status, -1, SQLITE_STATIC);
	if ((st = db_done(db, s)) != OK_OK ||
	    (st = audit_log(db, "register_again", "client", uid, status)) != OK_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return st;
}

enum ok_status client_update(struct ok_db *db, int64_t client_id, struct ok_client_form *f,
                             const char *reason)
{
	const char *m;
	char uid[33], why[256];
	enum ok_status st = staff_require(db, ACT_CLIENT_WRITE);
	if (st != OK_OK || (st = check_person(db, f)) != OK_OK)
		return st;
	snprintf(why, sizeof why, "%s", reason ? reason : "");
	SQUEEZE(why);
	if (!why[0])
		return BAD("reason", _("Say why the data changes."));
	if ((m = validate_free_text(why, 255, 0)))
		return BAD("reason", m);
	if ((st = db_begin(db)) != OK_OK)
		return st;
	if ((st = db_uid(db, "SELECT uid FROM client WHERE id = ?1", client_id, uid, _("No such client."))) != OK_OK)
		goto fail;
	int64_t other;
	st = find_existing(db, f, &other);
	if (st == OK_OK && other != client_id) {
		st = db_fail(db, OK_EEXIST, "%s", _("Another client has this PESEL, document, or names and birth date."));
		goto fail;
	}
	if (st != OK_OK && st != OK_ENOTFOUND)
		goto fail;
	sqlite3_stmt *s = db_stmt(db,
		"INSERT INTO client_version(client_id, version, data, changed_by, reason, uid)"
		" SELECT id, version, json_object('pesel', pesel, 'doc_type', doc_type, 'doc_number', doc_number,"
		" 'first_name', first_name, 'last_name', last_name, 'birth_date', birth_date, 'sex', sex,"
		" 'citizenship', citizenship, 'address', address, 'phone', phone, 'email', email,"
		" 'education', education, 'disability', disability, 'benefit', benefit),"
		" ?2, ?3, " NEW_UID " FROM client WHERE id = ?1");
	if (!s) {
		st = OK_EIO;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, client_id);
	db_bind_actor(db, s, 2);
	sqlite3_bind_text(s, 3, why, -1, SQLITE_STATIC);
	if ((st = db_done(db, s)) != OK_OK)
		goto fail;
	char first[OK_NAME_MAX], last[OK_NAME_MAX];
	text_fold(f->first_name, first, sizeof first);
	text_fold(f->last_name, last, sizeof last);
	if (!(s = db_stmt(db, "UPDATE client SET pesel = ?1, doc_type = ?2, doc_number = ?3, first_name = ?4,"
	                      " last_name = ?5, first_fold = ?6, last_fold = ?7, birth_date = ?8, sex = ?9,"
	                      " citizenship = ?10, address = ?11, phone = ?12, email = ?13, education = ?14,"
	                      " disability = ?15, benefit = ?16, version = version + 1,"
	                      " updated_at = strftime('%Y-%m-%dT%H:%M:%S','now','localtime'), updated_by = ?17"
	                      " WHERE id = ?18"))) {
		st = OK_EIO;
		goto fail;
	}
	bind_person(s, f, first, last);
	db_bind_actor(db, s, 17);
	sqlite3_bind_int64(s, 18, client_id);
	if ((st = db_done(db, s)) != OK_OK || (st = audit_log(db, "update", "client", uid, why)) != OK_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return st;
}
