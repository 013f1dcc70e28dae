/* event.c: recording what happens to clients and employers.
 *
 * One table of kinds says, for each kind, who may record it, whether it
 * belongs to a client or an employer, what its detail is, and whether it
 * is a contact for the 90-day clock. event_record() checks a form against
 * it and against the client's registration periods, and writes the event
 * and its consequences in one transaction: a deregistration closes the
 * period, an outcome moves its referral's state, a contact moves the
 * deadline.
 *
 * Two derived values are kept up to date here rather than computed when
 * read, so that a desk stays instant with ten million events: the
 * referral's state (event.ref_state, from its latest active outcome) and
 * each registration period's contact clock (registration.last_contact_on
 * and contact_due, set only for an open period of an unemployed person).
 * Partial indexes on them make the open-referral list and the deadline
 * worklist index ranges. */
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

enum target { T_CLIENT, T_EMPLOYER };
enum detail { D_NONE, D_FREE, D_FREE_REQUIRED, D_CODES };

static const struct kind {
	const char *kind;
	enum ok_action action;
	enum target target;
	enum detail detail;
	enum code_set set;        /* D_CODES */
	bool contact;             /* a contact for the 90-day clock */
} kinds[] = {
	{ "initial_interview", ACT_SERVICE_RECORD, T_CLIENT, D_NONE, CODES__COUNT, true },
	{ "individual_advice", ACT_SERVICE_RECORD, T_CLIENT, D_NONE, CODES__COUNT, true },
	{ "group_advice", ACT_SERVICE_RECORD, T_CLIENT, D_FREE, CODES__COUNT, true },
	{ "vocational_info", ACT_SERVICE_RECORD, T_CLIENT, D_NONE, CODES__COUNT, true },
	{ "test_examination", ACT_SERVICE_RECORD, T_CLIENT, D_FREE, CODES__COUNT, true },
	{ "contact", ACT_CONTACT_RECORD, T_CLIENT, D_CODES, CODES_CONTACT_MODE, true },
	{ "employer_advice", ACT_SERVICE_RECORD, T_EMPLOYER, D_NONE, CODES__COUNT, false },
	{ "vacancy", ACT_EMPLOYER_WRITE, T_EMPLOYER, D_FREE, CODES__COUNT, false },
	{ "referral_counselor", ACT_REFER_COUNSELOR, T_CLIENT, D_FREE_REQUIRED, CODES__COUNT, true },
	{ "referral_soft_skills", ACT_REFERRAL_RECORD, T_CLIENT, D_FREE_REQUIRED, CODES__COUNT, true },
	{ "referral_training", ACT_REFERRAL_RECORD, T_CLIENT, D_FREE_REQUIRED, CODES__COUNT, true },
	{ "referral_internship", ACT_REFERRAL_RECORD, T_CLIENT, D_FREE, CODES__COUNT, true },
	{ "referral_socially_useful_work", ACT_REFERRAL_RECORD, T_CLIENT, D_FREE_REQUIRED, CODES__COUNT, true },
	{ "referral_outcome", ACT_REFERRAL_RECORD, T_CLIENT, D_CODES, CODES_OUTCOME, false },
	{ "startup_grant", ACT_REFERRAL_RECORD, T_CLIENT, D_CODES, CODES_GRANT_SOURCE, false },
	{ "deregistration", ACT_DEREGISTER, T_CLIENT, D_CODES, CODES_DEREG_REASON, false },
};

static const struct kind *find_kind(const char *kind)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return &kinds[i];
	return NULL;
}

const char *event_state_label(const char *state)
{
	if (!state || !*state || !strcmp(state, "issued"))
		return _("issued");
	return codes_label(CODES_OUTCOME, state);
}

bool event_is_referral(const char *kind)
{
	return strncmp(kind, "referral_", 9) == 0 && strcmp(kind, "referral_outcome") != 0;
}

static bool work_reason(const char *reason)
{
	return !strcmp(reason, "work_unsubsidised") || !strcmp(reason, "work_subsidised");
}

void event_form_init(struct ok_event_form *f, const char *kind)
{
	memset(f, 0, sizeof *f);
	snprintf(f->kind, sizeof f->kind, "%s", kind ? kind : "");
	struct ok_date today = date_today();
	date_format(&today, f->occurred_on);
	f->subsidised = -1;
}

#define BAD(field, msg) db_fail_field(db, field, OK_EINVAL, "%s", msg)

/* ---- The contact clock ---- */

enum ok_status event_clock_refresh(struct ok_db *db, int64_t registration_id)
{
	sqlite3_stmt *s = db_stmt(db,
		"UPDATE registration SET last_contact_on = max(registered_on, coalesce("
		" (SELECT max(e.occurred_on) FROM event e WHERE e.client_id = registration.client_id"
		"  AND e.occurred_on >= registration.registered_on"
		"  AND e.occurred_on <= coalesce(registration.ended_on, '9999-12-31') AND e.state = 'active'"
		"  AND e.kind IN " CONTACT_KINDS "), ''))"
		" WHERE id = ?1");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, registration_id);
	enum ok_status st = db_done(db, s);
	if (st != OK_OK)
		return st;
	if (!(s = db_stmt(db, "UPDATE registration SET contact_due = CASE WHEN status = 'unemployed'"
	                      " AND ended_on IS NULL THEN date(max(last_contact_on, '" ACT_2025_FIRST_DAY "'),"
	                      " '+90 days') END WHERE id = ?1")))
		return OK_EIO;
	sqlite3_bind_int64(s, 1, registration_id);
	return db_done(db, s);
}

void event_bind_row(sqlite3_stmt *s, struct ok_db *db, const struct ok_event_form *f, const char *kind,
                    int64_t reg)
{
	sqlite3_bind_text(s, 1, db_office(db), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f->occurred_on, -1, SQLITE_STATIC);
	db_bind_text_or_null(s, 4, f->occurred_at);
	if (f->client_id)
		sqlite3_bind_int64(s, 5, f->client_id);
	if (f->employer_id)
		sqlite3_bind_int64(s, 6, f->employer_id);
	sqlite3_bind_int64(s, 7, f->staff_id);
	if (reg)
		sqlite3_bind_int64(s, 8, reg);
	sqlite3_bind_text(s, 9, register_regime(f->occurred_on), -1, SQLITE_STATIC);
	db_bind_text_or_null(s, 10, f->detail);
	if (f->places > 0)
		sqlite3_bind_int(s, 11, f->places);
	if (f->subsidised >= 0)
		sqlite3_bind_int(s, 12, f->subsidised);
	if (!strcmp(kind, "referral_outcome"))
		sqlite3_bind_int64(s, 13, f->referral_id);
	db_bind_text_or_null(s, 14, f->ref);
}

/* ---- Checking a form ---- */

/* The registration period of the client that covers the date; for a
 * deregistration only the open one will do. */
static enum ok_status period_on(struct ok_db *db, int64_t client, const char *date, bool open_only,
                                int64_t *reg)
{
	sqlite3_stmt *s = db_stmt(db, "SELECT id, ended_on FROM registration WHERE client_id = ?1"
	                              " AND registered_on <= ?2 AND (ended_on IS NULL OR ended_on >= ?2)"
	                              " ORDER BY registered_on DESC LIMIT 1");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, client);
	sqlite3_bind_text(s, 2, date, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	bool found = rc == SQLITE_ROW && (!open_only || sqlite3_column_type(s, 1) == SQLITE_NULL);
	if (found)
		*reg = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, rc);
	if (!found)
		return db_fail_field(db, "occurred_on", OK_EINVAL,
		                     open_only ? _("The client has no open registration on %s.")
		                               : _("The client was not registered on %s."), date);
	return OK_OK;
}

static enum ok_status exists(struct ok_db *db, const char *sql, int64_t id, const char *field,
                             const char *msg)
{
	sqlite3_stmt *s = db_stmt(db, sql);
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return OK_OK;
	return rc == SQLITE_DONE ? db_fail_field(db, field, OK_ENOTFOUND, "%s", msg) : db_sqlfail(db, rc);
}

static bool time_ok(const char *t)
{
	return strlen(t) == 5 && t[0] >= '0' && t[0] <= '2' && t[1] >= '0' && t[1] <= '9' &&
	       t[2] == ':' && t[3] >= '0' && t[3] <= '5' && t[4] >= '0' && t[4] <= '9' &&
	       (t[0] < '2' || t[1] <= '3');
}

/* The referral an outcome belongs to: its client, registration, date and
 * state; checks that the outcome may follow. */
static enum ok_status check_outcome(struct ok_db *db, struct ok_event_form *f, int64_t *reg)
{
	if (!f->referral_id)
		return BAD("referral_id", _("Choose the referral this outcome belongs to."));
	sqlite3_stmt *s = db_stmt(db,
		"SELECT r.kind, r.client_id, r.registration_id, r.occurred_on, coalesce(r.ref_state, 'issued'),"
		" (SELECT max(o.occurred_on) FROM event o WHERE o.referral_id = r.id AND o.state = 'active')"
		" FROM event r WHERE r.id = ?1 AND r.state = 'active'");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, f->referral_id);
	int rc = sqlite3_step(s);
	char kind[32] = "", issued[11] = "", state[16] = "", last[11] = "";
	int64_t client = 0;
	if (rc == SQLITE_ROW) {
		db_col_text(s, 0, kind, sizeof kind);
		client = sqlite3_column_int64(s, 1);
		*reg = sqlite3_column_int64(s, 2);
		db_col_text(s, 3, issued, sizeof issued);
		db_col_text(s, 4, state, sizeof state);
		db_col_text(s, 5, last, sizeof last);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, rc);
	if (rc == SQLITE_DONE || !event_is_referral(kind))
		return BAD("referral_id", _("There is no such active referral."));
	if (f->client_id && f->client_id != client)
		return BAD("referral_id", _("The referral belongs to another client."));
	f->client_id = client;
	const char *out = f->detail;
	bool ok = !strcmp(state, "issued") ? !strcmp(out, "started") || !strcmp(out, "no_show") ||
	                                     !strcmp(out, "cancelled")
	        : !strcmp(state, "started") ? !strcmp(out, "completed") || !strcmp(out, "interrupted")
	        : false;
	if (!ok)
		return db_fail_field(db, "detail", OK_EINVAL,
		                     _("A referral that is %s cannot become %s."),
		                     event_state_label(state), event_state_label(out));
	if (strcmp(f->occurred_on, issued) < 0)
		return db_fail_field(db, "occurred_on", OK_EINVAL,
		                     _("The outcome cannot precede the referral (%s)."), issued);
	if (last[0] && strcmp(f->occurred_on, last) < 0)
		return db_fail_field(db, "occurred_on", OK_EINVAL,
		                     _("The outcome cannot precede the previous one (%s)."), last);
	return OK_OK;
}

bool event_rule(const char *kind, struct event_rule *r)
{
	const struct kind *k = find_kind(kind);
	if (!k)
		return false;
	r->action = (int)k->action;
	r->employer_event = k->target == T_EMPLOYER;
	r->needs_employer = k->target == T_EMPLOYER || !strcmp(kind, "referral_internship");
	r->contact = k->contact;
	return true;
}

enum ok_status event_check_values(struct ok_db *db, struct ok_event_form *f)
{
	const char *m;
	const struct kind *k = find_kind(f->kind);
	if (!k)
		return BAD("kind", _("Unknown kind of event."));
	if ((m = validate_past_date(f->occurred_on, NULL)))
		return BAD("occurred_on", m);
	if (f->occurred_at[0] && !time_ok(f->occurred_at))
		return BAD("occurred_at", _("Type the time as HH:MM, e.g. 09:30."));
	if ((m = validate_free_text(f->notes, sizeof f->notes - 1, 1)))
		return BAD("notes", m);
	text_squeeze_in(f->detail, sizeof f->detail);
	switch (k->detail) {
	case D_NONE:
		f->detail[0] = '\0';
		break;
	case D_FREE_REQUIRED:
		if (!f->detail[0])
			return BAD("detail", !strcmp(k->kind, "referral_training")
			                     ? _("Type the training area.") : _("Type the destination."));
		/* fall through */
	case D_FREE:
		if ((m = validate_free_text(f->detail, 255, 0)))
			return BAD("detail", m);
		break;
	case D_CODES:
		if (!codes_valid(k->set, f->detail))
			return BAD("detail", _("Choose one of the listed values."));
		break;
	}
	if (k->target == T_EMPLOYER || !strcmp(k->kind, "referral_internship")) {
		if (!f->employer_id)
			return BAD("employer_id", _("Choose the employer."));
	} else if (strcmp(k->kind, "deregistration")) {
		/* The other kinds name no employer (the import refuses one):
		 * what a form kept from another kind is not saved. A
		 * deregistration keeps it for work only (below). */
		f->employer_id = 0;
	}
	if (!strcmp(k->kind, "vacancy")) {
		if (f->places <= 0 || f->places > 10000)
			return BAD("places", _("A vacancy has 1 to 10000 places."));
	} else {
		f->places = 0;
	}
	if (!strcmp(k->kind, "deregistration")) {
		if (!work_reason(f->detail)) {
			f->employer_id = 0;
			f->subsidised = -1;
		} else if (!strcmp(f->detail, "work_subsidised")) {
			f->subsidised = 1;
		} else if (f->subsidised == 1) {
			return BAD("subsidised", _("Unsubsidised work cannot be subsidised: choose subsidised work."));
		} else {
			f->subsidised = 0;
		}
	} else {
		f->subsidised = -1;
	}
	return OK_OK;
}

/* Checks the form and finds its registration period (0 for employer
 * events). Fills staff_id with the actor when 0; author, when not 0, is
 * the author of an event being corrected, who stays its author. */
static enum ok_status check(struct ok_db *db, struct ok_event_form *f, int64_t author,
                            const struct kind **kp, int64_t *reg)
{
	const struct kind *k = find_kind(f->kind);
	*reg = 0;
	if (!k) {
		if (!strcmp(f->kind, "registration"))
			return BAD("kind", _("A new registration is made from the registration form."));
		return BAD("kind", _("Unknown kind of event."));
	}
	*kp = k;
	enum ok_status st = staff_require(db, k->action);
	if (st != OK_OK)
		return st;
	const struct ok_actor *a = db_actor(db);
	if (author)
		f->staff_id = author;
	if (!f->staff_id)
		f->staff_id = a->staff_id;
	if (!f->staff_id)
		return BAD("staff_id", _("Name the staff member who recorded the event."));
	if (!author && a->role != ROLE_SYSTEM && f->staff_id != a->staff_id)
		return db_fail(db, OK_EDENIED, "%s", _("You can record events only in your own name."));
	if ((st = event_check_values(db, f)) != OK_OK)
		return st;
	if (f->employer_id &&
	    (st = exists(db, "SELECT 1 FROM employer WHERE id = ?1", f->employer_id, "employer_id",
	                 _("There is no such employer."))) != OK_OK)
		return st;
	if (k->target == T_EMPLOYER) {
		f->client_id = 0;
		return OK_OK;
	}
	if (!strcmp(k->kind, "referral_outcome"))
		return check_outcome(db, f, reg);
	if (!f->client_id)
		return BAD("client_id", _("Choose the client."));
	if ((st = exists(db, "SELECT 1 FROM client WHERE id = ?1", f->client_id, "client_id",
	                 _("No such client."))) != OK_OK)
		return st;
	return period_on(db, f->client_id, f->occurred_on, !strcmp(k->kind, "deregistration"), reg);
}

/* A referral's identifier when none was given: office and a random part. */
static enum ok_status new_ref(struct ok_db *db, char *ref, size_t size)
{
	sqlite3_stmt *s = db_stmt(db, "SELECT upper(hex(randomblob(6)))");
	if (!s)
		return OK_EIO;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		snprintf(ref, size, "%s-%s", db_office(db), (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? OK_OK : db_sqlfail(db, rc);
}

/* The referral's state from its latest active outcome. */
static enum ok_status refresh_ref_state(struct ok_db *db, int64_t referral)
{
	sqlite3_stmt *s = db_stmt(db,
		"UPDATE event SET ref_state = coalesce((SELECT o.detail FROM event o WHERE o.referral_id = ?1"
		" AND o.state = 'active' ORDER BY o.occurred_on DESC, o.id DESC LIMIT 1), 'issued')"
		" WHERE id = ?1");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, referral);
	return db_done(db, s);
}

/* Writes a checked form inside an open transaction. */
static enum ok_status insert(struct ok_db *db, struct ok_event_form *f, const struct kind *k,
                             int64_t reg, const char *session, int64_t supersedes,
                             const char *reason, int64_t *id)
{
	enum ok_status st;
	if (event_is_referral(k->kind)) {
		if (!f->ref[0] && (st = new_ref(db, f->ref, sizeof f->ref)) != OK_OK)
			return st;
		sqlite3_stmt *q = db_stmt(db, "SELECT 1 FROM event WHERE ref = ?1 AND state = 'active'"
		                              " AND kind <> 'referral_outcome' AND id <> ?2");
		if (!q)
			return OK_EIO;
		sqlite3_bind_text(q, 1, f->ref, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 2, supersedes);
		int rc = sqlite3_step(q);
		sqlite3_reset(q);
		if (rc == SQLITE_ROW)
			return BAD("ref", _("Another referral has this identifier."));
		if (rc != SQLITE_DONE)
			return db_sqlfail(db, rc);
	}
	sqlite3_stmt *s = db_stmt(db,
		"INSERT INTO event(office, kind, occurred_on, occurred_at, client_id, employer_id, staff_id,"
		" registration_id, regime, detail, places, subsidised, referral_id, ref, session_uid, notes,"
		" supersedes, reason, ref_state, uid)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, " NEW_UID ")");
	if (!s)
		return OK_EIO;
	event_bind_row(s, db, f, k->kind, reg);
	db_bind_text_or_null(s, 15, session);
	db_bind_text_or_null(s, 16, f->notes);
	if (supersedes)
		sqlite3_bind_int64(s, 17, supersedes);
	db_bind_text_or_null(s, 18, reason);
	if (event_is_referral(k->kind))
		sqlite3_bind_text(s, 19, "issued", -1, SQLITE_STATIC);
	if ((st = db_done(db, s)) != OK_OK)
		return st;
	*id = sqlite3_last_insert_rowid(db_sqlite(db));

	if (!strcmp(k->kind, "referral_outcome") && (st = refresh_ref_state(db, f->referral_id)) != OK_OK)
		return st;
	if (!strcmp(k->kind, "deregistration")) {
		if (!(s = db_stmt(db, "UPDATE registration SET ended_on = ?1, end_event_id = ?2 WHERE id = ?3")))
			return OK_EIO;
		sqlite3_bind_text(s, 1, f->occurred_on, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, *id);
		sqlite3_bind_int64(s, 3, reg);
		if ((st = db_done(db, s)) != OK_OK)
			return st;
	}
	if (reg && (st = event_clock_refresh(db, reg)) != OK_OK)
		return st;
	char uid[33];
	if ((st = db_uid(db, "SELECT uid FROM event WHERE id = ?1", *id, uid, _("There is no such event."))) != OK_OK)
		return st;
	return audit_log(db, supersedes ? "correct" : "create", "event", uid, k->kind);
}

static enum ok_status record(struct ok_db *db, struct ok_event_form *f, const char *session,
                             int64_t *id)
{
	const struct kind *k;
	int64_t reg;
	enum ok_status st = check(db, f, 0, &k, &reg);
	return st != OK_OK ? st : insert(db, f, k, reg, session, 0, NULL, id);
}

enum ok_status event_record(struct ok_db *db, struct ok_event_form *f, int64_t *id)
{
	int64_t dummy;
	enum ok_status st = db_begin(db);
	if (st != OK_OK)
		return st;
	if ((st = record(db, f, NULL, id ? id : &dummy)) != OK_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

/* "First Last" of a client, for messages (never the PESEL). */
static void client_name(struct ok_db *db, int64_t id, char *out, size_t size)
{
	sqlite3_stmt *s = db_stmt(db, "SELECT first_name || ' ' || last_name FROM client WHERE id = ?1");
	snprintf(out, size, "#%lld", (long long)id);
	if (!s)
		return;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		db_col_text(s, 0, out, size);
	sqlite3_reset(s);
}

enum ok_status event_record_group(struct ok_db *db, struct ok_event_form *f,
                                  const int64_t *client_ids, int n, int64_t *ids)
{
	if (strcmp(f->kind, "group_advice") != 0)
		return BAD("kind", _("Only group advice is recorded for several clients."));
	if (n < 1)
		return BAD("client_id", _("Add the participants of the group advice."));
	enum ok_status st = db_begin(db);
	if (st != OK_OK)
		return st;
	char session[40];
	sqlite3_stmt *s = db_stmt(db, "SELECT lower(hex(randomblob(16)))");
	if (!s) {
		db_rollback(db);
		return OK_EIO;
	}
	sqlite3_step(s);
	db_col_text(s, 0, session, sizeof session);
	sqlite3_reset(s);
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < i; j++)
			if (client_ids[j] == client_ids[i]) {
				st = BAD("client_id", _("A participant is listed twice."));
				goto fail;
			}
		struct ok_event_form one = *f;
		one.client_id = client_ids[i];
		int64_t id;
		if ((st = record(db, &one, session, &id)) != OK_OK) {
			if (st == OK_EINVAL || st == OK_ENOTFOUND) {
				char name[2 * OK_NAME_MAX], why[512];
				client_name(db, client_ids[i], name, sizeof name);
				snprintf(why, sizeof why, "%s", db_errmsg(db));
				db_fail_field(db, "client_id", st, "%s: %s", name, why);
			}
			goto fail;
		}
		if (ids)
			ids[i] = id;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return st;
}

/* ---- Corrections ---- */

struct stored {
	char kind[32];
	char state[12];
	int64_t staff_id;
	int64_t registration_id;
	int64_t referral_id;
	char uid[33];
};

static enum ok_status load_stored(struct ok_db *db, int64_t id, struct stored *e)
{
	sqlite3_stmt *s = db_stmt(db, "SELECT kind, state, staff_id, registration_id, referral_id, uid"
	                              " FROM event WHERE id = ?1");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		db_col_text(s, 0, e->kind, sizeof e->kind);
		db_col_text(s, 1, e->state, sizeof e->state);
		e->staff_id = sqlite3_column_int64(s, 2);
		e->registration_id = sqlite3_column_int64(s, 3);
		e->referral_id = sqlite3_column_int64(s, 4);
		db_col_text(s, 5, e->uid, sizeof e->uid);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return db_fail(db, OK_ENOTFOUND, "%s", _("There is no such event."));
	return rc == SQLITE_ROW ? OK_OK : db_sqlfail(db, rc);
}

/* May the actor correct or void this event, and is it still active? */
static enum ok_status may_change(struct ok_db *db, const struct stored *e)
{
	const struct ok_actor *a = db_actor(db);
	const struct kind *k = find_kind(e->kind);
	if (strcmp(e->state, "active") != 0)
		return db_fail(db, OK_EINVAL, "%s", _("This event was corrected or voided already."));
	if (staff_role_may(a->role, ACT_CORRECT_ANY))
		return OK_OK;
	if (a->staff_id && a->staff_id == e->staff_id && k && staff_role_may(a->role, k->action))
		return OK_OK;
	return db_fail(db, OK_EDENIED, "%s",
	               _("Only the author of an event or a supervisor may correct or void it."));
}

static enum ok_status check_reason(struct ok_db *db, char *why, size_t size, const char *reason)
{
	const char *m;
	snprintf(why, size, "%s", reason ? reason : "");
	text_squeeze_in(why, size);
	if (!why[0])
		return BAD("reason", _("Say why."));
	if ((m = validate_free_text(why, 255, 0)))
		return BAD("reason", m);
	return OK_OK;
}

/* Undoes what an event did besides existing: a deregistration's closing
 * of the period, a referral's outcomes (refused while there are some). */
static enum ok_status undo_effects(struct ok_db *db, int64_t id, const struct stored *e)
{
	sqlite3_stmt *s;
	int rc;
	if (event_is_referral(e->kind)) {
		if (!(s = db_stmt(db, "SELECT 1 FROM event WHERE referral_id = ?1 AND state = 'active'")))
			return OK_EIO;
		sqlite3_bind_int64(s, 1, id);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc == SQLITE_ROW)
			return db_fail(db, OK_EINVAL, "%s",
			               _("This referral has outcomes: void them first."));
		if (rc != SQLITE_DONE)
			return db_sqlfail(db, rc);
	}
	if (!strcmp(e->kind, "deregistration")) {
		if (!(s = db_stmt(db, "SELECT 1 FROM registration r, registration d WHERE d.id = ?1"
		                      " AND r.client_id = d.client_id AND r.registered_on >= d.ended_on AND r.id <> d.id")))
			return OK_EIO;
		sqlite3_bind_int64(s, 1, e->registration_id);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc == SQLITE_ROW)
			return db_fail(db, OK_EINVAL, "%s",
			               _("The client was registered again after this deregistration: it cannot be changed."));
		if (rc != SQLITE_DONE)
			return db_sqlfail(db, rc);
		if (!(s = db_stmt(db, "UPDATE registration SET ended_on = NULL, end_event_id = NULL"
		                      " WHERE id = ?1 AND end_event_id = ?2")))
			return OK_EIO;
		sqlite3_bind_int64(s, 1, e->registration_id);
		sqlite3_bind_int64(s, 2, id);
		return db_done(db, s);
	}
	return OK_OK;
}

static enum ok_status mark(struct ok_db *db, int64_t id, const char *state, const char *why)
{
	sqlite3_stmt *s = db_stmt(db, "UPDATE event SET state = ?1, reason = ?2, voided_by = ?3,"
	                              " voided_at = strftime('%Y-%m-%dT%H:%M:%S','now','localtime')"
	                              " WHERE id = ?4");
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, why, -1, SQLITE_STATIC);
	if (db_actor(db)->staff_id)
		sqlite3_bind_int64(s, 3, db_actor(db)->staff_id);
	sqlite3_bind_int64(s, 4, id);
	return db_done(db, s);
}

/* What a change leaves to refresh: the outcome's referral, the clock. */
static enum ok_status after_change(struct ok_db *db, const struct stored *e)
{
	enum ok_status st = OK_OK;
	if (e->referral_id)
		st = refresh_ref_state(db, e->referral_id);
	if (st == OK_OK && e->registration_id)
		st = event_clock_refresh(db, e->registration_id);
	return st;
}

enum ok_status event_void(struct ok_db *db, int64_t id, const char *reason)
{
	char why[256];
	struct stored e;
	enum ok_status st = check_reason(db, why, sizeof why, reason);
	if (st != OK_OK || (st = db_begin(db)) != OK_OK)
		return st;
	if ((st = load_stored(db, id, &e)) != OK_OK || (st = may_change(db, &e)) != OK_OK ||
	    (st = undo_effects(db, id, &e)) != OK_OK || (st = mark(db, id, "voided", why)) != OK_OK ||
	    (st = after_change(db, &e)) != OK_OK ||
	    (st = audit_log(db, "void", "event", e.uid, e.kind)) != OK_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

enum ok_status event_correct(struct ok_db *db, int64_t id, struct ok_event_form *f,
                             const char *reason, int64_t *new_id)
{
	char why[256];
	struct stored e;
	const struct kind *k;
	int64_t reg;
	enum ok_status st = check_reason(db, why, sizeof why, reason);
	if (st != OK_OK || (st = db_begin(db)) != OK_OK)
		return st;
	if ((st = load_stored(db, id, &e)) != OK_OK || (st = may_change(db, &e)) != OK_OK)
		goto fail;
	if (strcmp(f->kind, e.kind) != 0) {
		st = BAD("kind", _("A correction keeps the kind of the event: void it and record the right one."));
		goto fail;
	}
	/* The author stays the author; who corrected it is in the audit log. */
	if ((st = undo_effects(db, id, &e)) != OK_OK || (st = mark(db, id, "corrected", why)) != OK_OK ||
	    (st = after_change(db, &e)) != OK_OK || (st = check(db, f, e.staff_id, &k, &reg)) != OK_OK ||
	    (st = insert(db, f, k, reg, NULL, id, why, new_id)) != OK_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return st;
}

enum ok_status event_load(struct ok_db *db, int64_t id, struct ok_event_form *f, char state[12])
{
	const struct ok_actor *a = db_actor(db);
	if (!staff_role_may(a->role, ACT_CLIENT_READ) && !staff_role_may(a->role, ACT_EMPLOYER_READ))
		return staff_require(db, ACT_CLIENT_READ);
	sqlite3_stmt *s = db_stmt(db, "SELECT kind, client_id, employer_id, occurred_on, occurred_at,"
	                              " staff_id, detail, places, subsidised, referral_id, ref, notes, state"
	                              " FROM event WHERE id = ?1");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		memset(f, 0, sizeof *f);
		db_col_text(s, 0, f->kind, sizeof f->kind);
		f->client_id = sqlite3_column_int64(s, 1);
		f->employer_id = sqlite3_column_int64(s, 2);
		db_col_text(s, 3, f->occurred_on, sizeof f->occurred_on);
		db_col_text(s, 4, f->occurred_at, sizeof f->occurred_at);
		f->staff_id = sqlite3_column_int64(s, 5);
		db_col_text(s, 6, f->detail, sizeof f->detail);
		f->places = sqlite3_column_int(s, 7);
		f->subsidised = sqlite3_column_type(s, 8) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 8);
		f->referral_id = sqlite3_column_int64(s, 9);
		db_col_text(s, 10, f->ref, sizeof f->ref);
		db_col_text(s, 11, f->notes, sizeof f->notes);
		db_col_text(s, 12, state, 12);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return db_fail(db, OK_ENOTFOUND, "%s", _("There is no such event."));
	return rc == SQLITE_ROW ? OK_OK : db_sqlfail(db, rc);
}

enum ok_status event_referral_state(struct ok_db *db, int64_t referral_id, char state[16])
{
	enum ok_status st = staff_require(db, ACT_CLIENT_READ);
	if (st != OK_OK)
		return st;
	sqlite3_stmt *s = db_stmt(db, "SELECT coalesce(ref_state, 'issued') FROM event WHERE id = ?1"
	                              " AND kind LIKE 'referral\\_%' ESCAPE '\\' AND kind <> 'referral_outcome'");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, referral_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		db_col_text(s, 0, state, 16);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return db_fail(db, OK_ENOTFOUND, "%s", _("There is no such active referral."));
	return rc == SQLITE_ROW ? OK_OK : db_sqlfail(db, rc);
}

/* ---- Lists ---- */

enum ok_status event_worklist(struct ok_db *db, int within, const struct ok_due *after,
                              struct ok_due *rows, int max, int *n)
{
	*n = 0;
	enum ok_status st = staff_require(db, ACT_CLIENT_READ);
	if (st != OK_OK)
		return st;
	if (within < 0)
		within = 0;
	struct ok_date today = date_today();
	struct ok_date limit = date_from_days(date_to_days(&today) + within);
	char lim[11];
	date_format(&limit, lim);
	sqlite3_stmt *s = db_stmt(db,
		"SELECT r.client_id, r.id, c.pesel, c.first_name, c.last_name, r.last_contact_on, r.contact_due"
		" FROM registration r JOIN client c ON c.id = r.client_id"
		" WHERE r.contact_due IS NOT NULL AND r.contact_due <= ?1 AND (r.contact_due, r.id) > (?2, ?3)"
		/* This office's registrations: the sync brings other offices' too. */
		" AND r.office = (SELECT value FROM meta WHERE key = 'office')"
		" ORDER BY r.contact_due, r.id LIMIT ?4");
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, lim, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, after ? after->due : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, after ? after->registration_id : 0);
	sqlite3_bind_int(s, 4, max);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		struct ok_due *d = &rows[(*n)++];
		memset(d, 0, sizeof *d);
		d->client_id = sqlite3_column_int64(s, 0);
		d->registration_id = sqlite3_column_int64(s, 1);
		db_col_text(s, 2, d->pesel, sizeof d->pesel);
		db_col_text(s, 3, d->first_name, sizeof d->first_name);
		db_col_text(s, 4, d->last_name, sizeof d->last_name);
		db_col_text(s, 5, d->last_contact, sizeof d->last_contact);
		db_col_text(s, 6, d->due, sizeof d->due);
		struct ok_date due;
		if (!date_parse(d->due, &due))
			d->days_left = (int)(date_to_days(&due) - date_to_days(&today));
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

enum ok_status event_referrals_open(struct ok_db *db, int64_t staff_id,
                                    const struct ok_open_referral *after,
                                    struct ok_open_referral *rows, int max, int *n)
{
	*n = 0;
	enum ok_status st = staff_require(db, ACT_CLIENT_READ);
	if (st != OK_OK)
		return st;
	/* Two statements, so that each is a range of its partial index. */
	sqlite3_stmt *s = staff_id
		? db_stmt(db,
			"SELECT e.id, e.client_id, e.kind, e.occurred_on, coalesce(e.detail, em.name, ''),"
			" e.ref_state, c.first_name, c.last_name, st.login"
			" FROM event e JOIN client c ON c.id = e.client_id JOIN staff st ON st.id = e.staff_id"
			" LEFT JOIN employer em ON em.id = e.employer_id"
			" WHERE e.staff_id = ?1 AND e.state = 'active' AND e.ref_state IN ('issued','started')"
			" AND (e.occurred_on, e.id) > (?2, ?3)"
			" ORDER BY e.occurred_on, e.id LIMIT ?4")
		: db_stmt(db,
			"SELECT e.id, e.client_id, e.kind, e.occurred_on, coalesce(e.detail, em.name, ''),"
			" e.ref_state, c.first_name, c.last_name, st.login"
			" FROM event e JOIN client c ON c.id = e.client_id JOIN staff st ON st.id = e.staff_id"
			" LEFT JOIN employer em ON em.id = e.employer_id"
			" WHERE ?1 = 0 AND e.state = 'active' AND e.ref_state IN ('issued','started')"
			" AND (e.occurred_on, e.id) > (?2, ?3)"
			" ORDER BY e.occurred_on, e.id LIMIT ?4");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, staff_id);
	sqlite3_bind_text(s, 2, after ? after->issued_on : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, after ? after->id : 0);
	sqlite3_bind_int(s, 4, max);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		struct ok_open_referral *r = &rows[(*n)++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(s, 0);
		r->client_id = sqlite3_column_int64(s, 1);
		db_col_text(s, 2, r->kind, sizeof r->kind);
		db_col_text(s, 3, r->issued_on, sizeof r->issued_on);
		db_col_text(s, 4, r->destination, sizeof r->destination);
		db_col_text(s, 5, r->state, sizeof r->state);
		db_col_text(s, 6, r->first_name, sizeof r->first_name);
		db_col_text(s, 7, r->last_name, sizeof r->last_name);
		db_col_text(s, 8, r->staff_login, sizeof r->staff_login);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}
