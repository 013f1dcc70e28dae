/* employer.c: employers the office works with, one per NIP. Search as
 * you type walks the index of folded names in order and stops after a
 * page: a name prefix is found at once; a later word of the name ("abc"
 * in "PHU ABC") is found in the same walk, which costs a scan of the
 * names up to the page's last row (a few milliseconds with 100,000
 * employers; an office has thousands). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db_private.h"
#include "employer.h"
#include "intl.h"
#include "staff.h"
#include "text.h"
#include "validate.h"

#define BAD(field, msg) db_fail_field(db, field, OK_EINVAL, "%s", msg)

enum ok_status employer_form_check(struct ok_db *db, struct ok_employer_form *f)
{
	const char *m;
	char nip[11];
	if ((m = validate_nip(f->nip, nip)))
		return BAD("nip", m);
	snprintf(f->nip, sizeof f->nip, "%s", nip);
	text_squeeze_in(f->name, sizeof f->name);
	text_squeeze_in(f->address, sizeof f->address);
	text_squeeze_in(f->phone, sizeof f->phone);
	text_squeeze_in(f->email, sizeof f->email);
	if (!f->name[0])
		return BAD("name", _("Type the employer's name."));
	if ((m = validate_free_text(f->name, 400, 0)))
		return BAD("name", m);
	if (text_utf8_len(f->name) > 200)
		return BAD("name", _("A name has at most 200 characters."));
	if ((m = validate_past_date(f->registered_on, NULL)))
		return BAD("registered_on", m);
	if ((m = validate_free_text(f->address, 255, 0)))
		return BAD("address", m);
	if ((m = validate_phone(f->phone)))
		return BAD("phone", m);
	if ((m = validate_email(f->email)))
		return BAD("email", m);
	return OK_OK;
}

/* The employer with this NIP (and its uid), OK_ENOTFOUND when none. */
static enum ok_status by_nip(struct ok_db *db, const char *nip, int64_t *id, char uid[33])
{
	sqlite3_stmt *s = db_stmt(db, "SELECT id, uid FROM employer WHERE nip = ?1");
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, nip, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		db_col_text(s, 1, uid, 33);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return OK_OK;
	return rc == SQLITE_DONE ? OK_ENOTFOUND : db_sqlfail(db, rc);
}

enum ok_status employer_insert(struct ok_db *db, const struct ok_employer_form *f, const char *uid,
                               int64_t *id)
{
	char fold[404];
	text_fold(f->name, fold, sizeof fold);
	sqlite3_stmt *s = db_stmt(db, "INSERT INTO employer(office, nip, name, name_fold, registered_on,"
	                              " address, phone, email, created_by, uid) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	                              " ?8, ?9, coalesce(?10, " NEW_UID "))");
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, db_office(db), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, f->nip, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, f->registered_on, -1, SQLITE_STATIC);
	db_bind_text_or_null(s, 6, f->address);
	db_bind_text_or_null(s, 7, f->phone);
	db_bind_text_or_null(s, 8, f->email);
	db_bind_actor(db, s, 9);
	db_bind_text_or_null(s, 10, uid);
	enum ok_status st = db_done(db, s);
	if (st == OK_OK)
		*id = sqlite3_last_insert_rowid(db_sqlite(db));
	return st;
}

enum ok_status employer_register(struct ok_db *db, struct ok_employer_form *f, int64_t *id)
{
	char uid[33];
	enum ok_status st = staff_require(db, ACT_EMPLOYER_WRITE);
	if (st != OK_OK || (st = employer_form_check(db, f)) != OK_OK)
		return st;
	if ((st = db_begin(db)) != OK_OK)
		return st;
	st = by_nip(db, f->nip, id, uid);
	if (st == OK_OK) {
		db_rollback(db);
		return db_fail_field(db, "nip", OK_EEXIST, "%s",
		                     _("An employer with this NIP is registered already: its card is opened instead."));
	}
	if (st != OK_ENOTFOUND)
		goto fail;
	if ((st = employer_insert(db, f, NULL, id)) != OK_OK)
		goto fail;
	if ((st = db_uid(db, "SELECT uid FROM employer WHERE id = ?1", *id, uid, _("There is no such employer."))) != OK_OK || (st = audit_log(db, "create", "employer", uid, NULL)) != OK_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return st;
}

enum ok_status employer_update(struct ok_db *db, int64_t id, struct ok_employer_form *f,
                               const char *reason)
{
	const char *m;
	char uid[33], fold[404], why[256];
	enum ok_status st = staff_require(db, ACT_EMPLOYER_WRITE);
	if (st != OK_OK || (st = employer_form_check(db, f)) != OK_OK)
		return st;
	snprintf(why, sizeof why, "%s", reason ? reason : "");
	text_squeeze_in(why, sizeof why);
	if (!why[0])
		return BAD("reason", _("Say why the data changes."));
	if ((m = validate_free_text(why, 255, 0)))
		return BAD("reason", m);
	if ((st = db_begin(db)) != OK_OK)
		return st;
	int64_t other;
	char ouid[33];
	if ((st = db_uid(db, "SELECT uid FROM employer WHERE id = ?1", id, uid, _("There is no such employer."))) != OK_OK)
		goto fail;
	st = by_nip(db, f->nip, &other, ouid);
	if (st == OK_OK && other != id) {
		st = db_fail_field(db, "nip", OK_EEXIST, "%s", _("Another employer has this NIP."));
		goto fail;
	}
	if (st != OK_OK && st != OK_ENOTFOUND)
		goto fail;
	sqlite3_stmt *s = db_stmt(db,
		"INSERT INTO employer_version(employer_id, version, data, changed_by, reason, uid)"
		" SELECT id, version, json_object('nip', nip, 'name', name, 'registered_on', registered_on,"
		" 'address', address, 'phone', phone, 'email', email), ?2, ?3, " NEW_UID " FROM employer WHERE id = ?1");
	if (!s) {
		st = OK_EIO;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, id);
	db_bind_actor(db, s, 2);
	sqlite3_bind_text(s, 3, why, -1, SQLITE_STATIC);
	if ((st = db_done(db, s)) != OK_OK)
		goto fail;
	text_fold(f->name, fold, sizeof fold);
	if (!(s = db_stmt(db, "UPDATE employer SET nip = ?1, name = ?2, name_fold = ?3, registered_on = ?4,"
	                      " address = ?5, phone = ?6, email = ?7, version = version + 1,"
	                      " updated_at = strftime('%Y-%m-%dT%H:%M:%S','now','localtime'), updated_by = ?8"
	                      " WHERE id = ?9"))) {
		st = OK_EIO;
		goto fail;
	}
	sqlite3_bind_text(s, 1, f->nip, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, f->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, f->registered_on, -1, SQLITE_STATIC);
	db_bind_text_or_null(s, 5, f->address);
	db_bind_text_or_null(s, 6, f->phone);
	db_bind_text_or_null(s, 7, f->email);
	db_bind_actor(db, s, 8);
	sqlite3_bind_int64(s, 9, id);
	if ((st = db_done(db, s)) != OK_OK || (st = audit_log(db, "update", "employer", uid, why)) != OK_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return st;
}

/* ---- Search ---- */

static enum ok_status collect(struct ok_db *db, sqlite3_stmt *s, struct ok_employer_hit *hits,
                              int max, int *n, int keycol)
{
	int rc;
	while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ok_employer_hit *h = &hits[(*n)++];
		memset(h, 0, sizeof *h);
		h->id = sqlite3_column_int64(s, 0);
		db_col_text(s, 1, h->nip, sizeof h->nip);
		db_col_text(s, 2, h->name, sizeof h->name);
		db_col_text(s, 3, h->registered_on, sizeof h->registered_on);
		db_col_text(s, keycol, h->key, sizeof h->key);
	}
	if (*n >= max)
		rc = SQLITE_DONE;
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

enum ok_status employer_search(struct ok_db *db, const char *query,
                               const struct ok_employer_hit *after,
                               struct ok_employer_hit *hits, int max, int *n)
{
	*n = 0;
	enum ok_status st = staff_require(db, ACT_EMPLOYER_READ);
	if (st != OK_OK || !query || max <= 0)
		return st;
	char digits[16];
	size_t nd = 0;
	bool numeric = true, any = false;
	for (const char *p = query; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			any = true;
			if (nd < 10)
				digits[nd++] = *p;
		} else if (*p != '-' && *p != ' ') {
			numeric = false;
		}
	}
	digits[nd] = '\0';
	sqlite3_stmt *s;
	if (numeric && any) {
		char hi[16];
		snprintf(hi, sizeof hi, "%s", digits);
		hi[nd - 1]++;
		if (!(s = db_stmt(db, "SELECT id, nip, name, registered_on, nip FROM employer"
		                      " WHERE nip >= ?1 AND nip < ?2 AND nip > ?3 ORDER BY nip LIMIT ?4")))
			return OK_EIO;
		sqlite3_bind_text(s, 1, digits, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, hi, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 3, after ? after->key : "", -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(s, 4, max);
		return collect(db, s, hits, max, n, 4);
	}
	char fold[404], word[410];
	text_fold(query, fold, sizeof fold);
	if (!fold[0])
		return OK_OK;
	/* LIKE's wildcards cannot occur: text_fold drops '%' and '_'. */
	snprintf(word, sizeof word, "%% %s%%", fold);
	char hi[404];
	snprintf(hi, sizeof hi, "%s", fold);
	hi[strlen(hi) - 1]++;
	if (!(s = db_stmt(db, "SELECT id, nip, name, registered_on, name_fold FROM employer"
	                      " WHERE ((name_fold >= ?1 AND name_fold < ?2) OR name_fold LIKE ?3)"
	                      " AND (name_fold, id) > (?4, ?5) ORDER BY name_fold, id LIMIT ?6")))
		return OK_EIO;
	sqlite3_bind_text(s, 1, fold, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, hi, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, word, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, after ? after->key : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 5, after ? after->id : 0);
	sqlite3_bind_int(s, 6, max);
	return collect(db, s, hits, max, n, 4);
}

enum ok_status employer_find_similar(struct ok_db *db, const char *name,
                                     struct ok_employer_hit *hits, int max, int *n)
{
	*n = 0;
	enum ok_status st = staff_require(db, ACT_EMPLOYER_READ);
	if (st != OK_OK || max <= 0)
		return st;
	char fold[404];
	text_fold(name ? name : "", fold, sizeof fold);
	if (!fold[0])
		return OK_OK;
	sqlite3_stmt *s = db_stmt(db, "SELECT id, nip, name, registered_on, name_fold FROM employer"
	                              " WHERE name_fold = ?1 ORDER BY id LIMIT ?2");
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, fold, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, max);
	return collect(db, s, hits, max, n, 4);
}

/* ---- The card ---- */

void employer_card_free(struct ok_employer_card *card)
{
	free(card->events);
	card->events = NULL;
	card->nevents = 0;
}

static enum ok_status load_events(struct ok_db *db, struct ok_employer_card *c)
{
	sqlite3_stmt *s = db_stmt(db,
		"SELECT e.id, e.kind, e.occurred_on, st.full_name, e.staff_id, e.detail, e.notes, e.places,"
		" e.state, cl.first_name || ' ' || cl.last_name, e.client_id, e.ref_state"
		" FROM event e JOIN staff st ON st.id = e.staff_id LEFT JOIN client cl ON cl.id = e.client_id"
		" WHERE e.employer_id = ?1 AND e.kind IN ('employer_advice','vacancy','referral_internship')"
		" ORDER BY e.occurred_on DESC, e.id DESC");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, c->id);
	int rc, cap = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (c->nevents == cap) {
			cap = cap ? cap * 2 : 16;
			void *p = realloc(c->events, (size_t)cap * sizeof *c->events);
			if (!p)
				abort();
			c->events = p;
		}
		struct ok_employer_event *e = &c->events[c->nevents++];
		memset(e, 0, sizeof *e);
		e->id = sqlite3_column_int64(s, 0);
		db_col_text(s, 1, e->kind, sizeof e->kind);
		db_col_text(s, 2, e->occurred_on, sizeof e->occurred_on);
		db_col_text(s, 3, e->staff_name, sizeof e->staff_name);
		e->staff_id = sqlite3_column_int64(s, 4);
		db_col_text(s, 5, e->detail, sizeof e->detail);
		db_col_text(s, 6, e->notes, sizeof e->notes);
		e->places = sqlite3_column_int(s, 7);
		db_col_text(s, 8, e->state, sizeof e->state);
		db_col_text(s, 9, e->client_name, sizeof e->client_name);
		e->client_id = sqlite3_column_int64(s, 10);
		db_col_text(s, 11, e->ref_state, sizeof e->ref_state);
		if (!strcmp(e->kind, "vacancy") && !strcmp(e->state, "active"))
			c->places_total += e->places;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

enum ok_status employer_card_load(struct ok_db *db, int64_t id, struct ok_employer_card *card)
{
	memset(card, 0, sizeof *card);
	enum ok_status st = staff_require(db, ACT_EMPLOYER_READ);
	if (st != OK_OK)
		return st;
	sqlite3_stmt *s = db_stmt(db, "SELECT uid, nip, name, registered_on, address, phone, email, version"
	                              " FROM employer WHERE id = ?1");
	if (!s)
		return OK_EIO;
	sqlite3_exec(db_sqlite(db), "BEGIN", NULL, NULL, NULL);
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		card->id = id;
		db_col_text(s, 0, card->uid, sizeof card->uid);
		db_col_text(s, 1, card->nip, sizeof card->nip);
		db_col_text(s, 2, card->name, sizeof card->name);
		db_col_text(s, 3, card->registered_on, sizeof card->registered_on);
		db_col_text(s, 4, card->address, sizeof card->address);
		db_col_text(s, 5, card->phone, sizeof card->phone);
		db_col_text(s, 6, card->email, sizeof card->email);
		card->version = sqlite3_column_int(s, 7);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		st = load_events(db, card);
	else
		st = rc == SQLITE_DONE ? db_fail(db, OK_ENOTFOUND, "%s", _("There is no such employer."))
		                       : db_sqlfail(db, rc);
	sqlite3_exec(db_sqlite(db), "COMMIT", NULL, NULL, NULL);
	if (st != OK_OK)
		employer_card_free(card);
	return st;
}
