/* activity.c: the office activity log and the programmes register (see
 * activity.h). Entries are never deleted: a mistake is voided with a
 * reason and counts nowhere. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "audit.h"
#include "date.h"
#include "db_private.h"
#include "intl.h"
#include "report.h"
#include "staff.h"
#include "text.h"
#include "validate.h"

#define BAD(field, msg) db_fail_field(db, field, OK_EINVAL, "%s", msg)

static const char *const kinds[] = {
	"special", "own_eu", "partner_eu", "partner_external", "partner_regional", "business_support",
};
static const char *const kind_labels[] = {
	N_("special programme"), N_("own EU project"), N_("EU partnership project"),
	N_("partnership project (external funds)"), N_("project with regional partners"),
	N_("business start support"),
};
static const char *const fundings[] = { "national", "eu", "external" };
static const char *const funding_labels[] = { N_("national funds"), N_("EU funds"), N_("external funds") };

#define COUNT(a) ((int)(sizeof a / sizeof *a))

const char *const *programme_kinds(int *n)
{
	*n = COUNT(kinds);
	return kinds;
}

const char *const *programme_fundings(int *n)
{
	*n = COUNT(fundings);
	return fundings;
}

const char *const *programme_kind_msgids(void)
{
	return kind_labels;
}

const char *const *programme_funding_msgids(void)
{
	return funding_labels;
}

static const char *label_of(const char *const *codes, const char *const *labels, int n, const char *c)
{
	for (int i = 0; c && i < n; i++)
		if (strcmp(codes[i], c) == 0)
			return _(labels[i]);
	return c ? c : "";
}

const char *programme_kind_label(const char *kind)
{
	return label_of(kinds, kind_labels, COUNT(kinds), kind);
}

const char *programme_funding_label(const char *funding)
{
	return label_of(fundings, funding_labels, COUNT(fundings), funding);
}

static bool in_list(const char *const *codes, int n, const char *c)
{
	for (int i = 0; i < n; i++)
		if (strcmp(codes[i], c) == 0)
			return true;
	return false;
}

/* Writes the audit entry of a new row of table and commits. */
static enum ok_status audit_commit(struct ok_db *db, const char *sql, const char *entity,
                                   const char *action, int64_t id, const char *detail)
{
	char uid[33];
	enum ok_status st = db_uid(db, sql, id, uid, _("The record was not found."));
	if (st == OK_OK)
		st = audit_log(db, action, entity, uid, detail);
	if (st != OK_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

enum ok_status activity_add(struct ok_db *db, struct ok_activity_form *f, int64_t *id)
{
	const char *m;
	enum ok_status st = staff_require(db, ACT_ACTIVITY_LOG);
	if (st != OK_OK)
		return st;
	if (!db_actor(db)->staff_id)
		return db_fail(db, OK_EDENIED, "%s", _("The activity log is kept by a logged-in supervisor."));
	if (!report_is_activity(f->indicator))
		return BAD("indicator", _("Choose an indicator of the office activity log."));
	if ((m = validate_past_date(f->occurred_on, NULL)))
		return BAD("occurred_on", m);
	if (f->quantity < 0 || f->quantity > 1000000)
		return BAD("quantity", _("Type a number from 0 to 1000000."));
	text_squeeze_in(f->description, sizeof f->description);
	if (!f->description[0])
		return BAD("description", _("Say what it was."));
	if ((m = validate_free_text(f->description, 255, 0)))
		return BAD("description", m);
	if ((st = db_begin(db)) != OK_OK)
		return st;
	sqlite3_stmt *s = db_stmt(db, "INSERT INTO activity(office, indicator, occurred_on, quantity, description,"
	                              " staff_id, uid) VALUES(?1, ?2, ?3, ?4, ?5, ?6, " NEW_UID ")");
	if (!s) {
		db_rollback(db);
		return OK_EIO;
	}
	sqlite3_bind_text(s, 1, db_office(db), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, f->indicator, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f->occurred_on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, f->quantity);
	sqlite3_bind_text(s, 5, f->description, -1, SQLITE_STATIC);
	db_bind_actor(db, s, 6);
	if ((st = db_done(db, s)) != OK_OK) {
		db_rollback(db);
		return st;
	}
	*id = sqlite3_last_insert_rowid(db_sqlite(db));
	return audit_commit(db, "SELECT uid FROM activity WHERE id = ?1", "activity", "create", *id,
	                    f->indicator);
}

enum ok_status activity_void(struct ok_db *db, int64_t id, const char *reason)
{
	char why[256];
	const char *m;
	enum ok_status st = staff_require(db, ACT_ACTIVITY_LOG);
	if (st != OK_OK)
		return st;
	snprintf(why, sizeof why, "%s", reason ? reason : "");
	text_squeeze_in(why, sizeof why);
	if (!why[0])
		return BAD("reason", _("Say why."));
	if ((m = validate_free_text(why, 255, 0)))
		return BAD("reason", m);
	if ((st = db_begin(db)) != OK_OK)
		return st;
	sqlite3_stmt *s = db_stmt(db, "UPDATE activity SET state = 'voided', reason = ?1 WHERE id = ?2"
	                              " AND state = 'active'");
	if (!s) {
		db_rollback(db);
		return OK_EIO;
	}
	sqlite3_bind_text(s, 1, why, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	if ((st = db_done(db, s)) != OK_OK) {
		db_rollback(db);
		return st;
	}
	if (sqlite3_changes(db_sqlite(db)) != 1) {
		db_rollback(db);
		return db_fail(db, OK_ENOTFOUND, "%s", _("There is no such active entry."));
	}
	return audit_commit(db, "SELECT uid FROM activity WHERE id = ?1", "activity", "void", id, NULL);
}

enum ok_status activity_list(struct ok_db *db, int year, struct ok_activity **rows, int *n)
{
	*rows = NULL;
	*n = 0;
	enum ok_status st = staff_require(db, ACT_COUNTS_VIEW);
	if (st != OK_OK)
		return st;
	sqlite3_stmt *s = db_stmt(db, "SELECT a.id, a.indicator, a.occurred_on, a.quantity, a.description, s.login,"
	                              " a.state = 'voided' FROM activity a JOIN staff s ON s.id = a.staff_id"
	                              " WHERE a.occurred_on BETWEEN ?1 AND ?2 ORDER BY a.occurred_on DESC, a.id DESC");
	if (!s)
		return OK_EIO;
	char first[11], last[11];
	snprintf(first, sizeof first, "%04d-01-01", year);
	snprintf(last, sizeof last, "%04d-12-31", year);
	sqlite3_bind_text(s, 1, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, last, -1, SQLITE_STATIC);
	int rc, cap = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 32;
			struct ok_activity *r = realloc(*rows, (size_t)cap * sizeof *r);
			if (!r)
				abort();
			*rows = r;
		}
		struct ok_activity *a = &(*rows)[(*n)++];
		memset(a, 0, sizeof *a);
		a->id = sqlite3_column_int64(s, 0);
		db_col_text(s, 1, a->indicator, sizeof a->indicator);
		db_col_text(s, 2, a->occurred_on, sizeof a->occurred_on);
		a->quantity = (long)sqlite3_column_int64(s, 3);
		db_col_text(s, 4, a->description, sizeof a->description);
		db_col_text(s, 5, a->staff, sizeof a->staff);
		a->voided = sqlite3_column_int(s, 6) != 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*rows);
		*rows = NULL;
		*n = 0;
		return db_sqlfail(db, rc);
	}
	return OK_OK;
}

enum ok_status programme_add(struct ok_db *db, struct ok_programme_form *f, int64_t *id)
{
	const char *m;
	struct ok_date a, b;
	enum ok_status st = staff_require(db, ACT_ACTIVITY_LOG);
	if (st != OK_OK)
		return st;
	text_squeeze_in(f->name, sizeof f->name);
	if (!f->name[0])
		return BAD("name", _("Type the programme's name."));
	if ((m = validate_free_text(f->name, 255, 0)))
		return BAD("name", m);
	if (!in_list(kinds, COUNT(kinds), f->kind))
		return BAD("kind", _("Choose the kind of programme."));
	if (!in_list(fundings, COUNT(fundings), f->funding))
		return BAD("funding", _("Choose the funding."));
	if ((m = date_parse(f->started_on, &a)))
		return BAD("started_on", m);
	if (f->ended_on[0]) {
		if ((m = date_parse(f->ended_on, &b)))
			return BAD("ended_on", m);
		if (date_cmp(&b, &a) < 0)
			return BAD("ended_on", _("The end is before the start."));
	}
	if ((st = db_begin(db)) != OK_OK)
		return st;
	sqlite3_stmt *s = db_stmt(db, "INSERT INTO programme(office, name, kind, funding, special_situation,"
	                              " started_on, ended_on, created_by, uid) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, " NEW_UID ")");
	if (!s) {
		db_rollback(db);
		return OK_EIO;
	}
	sqlite3_bind_text(s, 1, db_office(db), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, f->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, f->funding, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, f->special_situation ? 1 : 0);
	sqlite3_bind_text(s, 6, f->started_on, -1, SQLITE_STATIC);
	db_bind_text_or_null(s, 7, f->ended_on);
	db_bind_actor(db, s, 8);
	if ((st = db_done(db, s)) != OK_OK) {
		db_rollback(db);
		return st;
	}
	*id = sqlite3_last_insert_rowid(db_sqlite(db));
	return audit_commit(db, "SELECT uid FROM programme WHERE id = ?1", "programme", "create", *id, f->kind);
}

enum ok_status programme_enrol(struct ok_db *db, int64_t programme_id, int64_t client_id,
                               const char *enrolled_on, int64_t *id)
{
	const char *m;
	char started[11], ended[11];
	enum ok_status st = staff_require(db, ACT_ACTIVITY_LOG);
	if (st != OK_OK)
		return st;
	if ((m = validate_past_date(enrolled_on, NULL)))
		return BAD("enrolled_on", m);
	if ((st = db_begin(db)) != OK_OK)
		return st;
	sqlite3_stmt *s = db_stmt(db, "SELECT started_on, coalesce(ended_on, ''),"
	                              " EXISTS(SELECT 1 FROM client WHERE id = ?2),"
	                              " EXISTS(SELECT 1 FROM programme_client WHERE programme_id = ?1 AND client_id = ?2)"
	                              " FROM programme WHERE id = ?1");
	if (!s) {
		db_rollback(db);
		return OK_EIO;
	}
	sqlite3_bind_int64(s, 1, programme_id);
	sqlite3_bind_int64(s, 2, client_id);
	int rc = sqlite3_step(s);
	bool client = false, enrolled = false;
	if (rc == SQLITE_ROW) {
		db_col_text(s, 0, started, sizeof started);
		db_col_text(s, 1, ended, sizeof ended);
		client = sqlite3_column_int(s, 2) != 0;
		enrolled = sqlite3_column_int(s, 3) != 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW) {
		db_rollback(db);
		return rc == SQLITE_DONE ? db_fail_field(db, "programme_id", OK_ENOTFOUND, "%s",
		                                         _("There is no such programme."))
		                         : db_sqlfail(db, rc);
	}
	if (!client) {
		db_rollback(db);
		return db_fail_field(db, "client_id", OK_ENOTFOUND, "%s", _("There is no such client."));
	}
	if (enrolled) {
		db_rollback(db);
		return db_fail_field(db, "client_id", OK_EEXIST, "%s", _("The client is enrolled already."));
	}
	if (strcmp(enrolled_on, started) < 0 || (ended[0] && strcmp(enrolled_on, ended) > 0)) {
		db_rollback(db);
		return BAD("enrolled_on", _("The date is outside the programme's duration."));
	}
	if (!(s = db_stmt(db, "INSERT INTO programme_client(programme_id, client_id, enrolled_on, created_by, uid)"
	                      " VALUES(?1, ?2, ?3, ?4, " NEW_UID ")"))) {
		db_rollback(db);
		return OK_EIO;
	}
	sqlite3_bind_int64(s, 1, programme_id);
	sqlite3_bind_int64(s, 2, client_id);
	sqlite3_bind_text(s, 3, enrolled_on, -1, SQLITE_STATIC);
	db_bind_actor(db, s, 4);
	if ((st = db_done(db, s)) != OK_OK) {
		db_rollback(db);
		return st;
	}
	*id = sqlite3_last_insert_rowid(db_sqlite(db));
	return audit_commit(db, "SELECT uid FROM programme_client WHERE id = ?1", "programme_client", "create",
	                    *id, NULL);
}

enum ok_status programme_list(struct ok_db *db, struct ok_programme **rows, int *n)
{
	*rows = NULL;
	*n = 0;
	enum ok_status st = staff_require(db, ACT_COUNTS_VIEW);
	if (st != OK_OK)
		return st;
	sqlite3_stmt *s = db_stmt(db, "SELECT p.id, p.name, p.kind, p.funding, p.special_situation, p.started_on,"
	                              " coalesce(p.ended_on, ''),"
	                              " (SELECT count(*) FROM programme_client pc WHERE pc.programme_id = p.id)"
	                              " FROM programme p ORDER BY p.started_on DESC, p.id DESC");
	if (!s)
		return OK_EIO;
	int rc, cap = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			struct ok_programme *r = realloc(*rows, (size_t)cap * sizeof *r);
			if (!r)
				abort();
			*rows = r;
		}
		struct ok_programme *p = &(*rows)[(*n)++];
		memset(p, 0, sizeof *p);
		p->id = sqlite3_column_int64(s, 0);
		db_col_text(s, 1, p->name, sizeof p->name);
		db_col_text(s, 2, p->kind, sizeof p->kind);
		db_col_text(s, 3, p->funding, sizeof p->funding);
		p->special_situation = sqlite3_column_int(s, 4) != 0;
		db_col_text(s, 5, p->started_on, sizeof p->started_on);
		db_col_text(s, 6, p->ended_on, sizeof p->ended_on);
		p->participants = (long)sqlite3_column_int64(s, 7);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*rows);
		*rows = NULL;
		*n = 0;
		return db_sqlfail(db, rc);
	}
	return OK_OK;
}
