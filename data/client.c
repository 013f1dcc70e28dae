/* client.c: finding clients as the user types and loading the client
 * card. Search never scans the table: a PESEL prefix is a range on the
 * PESEL index, a name prefix a range on the index of folded names
 * (last_fold, first_fold), and the next page continues after the last
 * row shown (keyset), so the millionth client is as quick as the first. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "client.h"
#include "db_private.h"
#include "intl.h"
#include "staff.h"
#include "text.h"

/* The status is the open registration's, kept in the client row
 * (reg_status, migration 10) so that a hit is read from one index. */
#define HIT_COLUMNS \
	"c.id, c.pesel, c.doc_type, c.doc_number, c.first_name, c.last_name, c.birth_date, " \
	"c.reg_status, c.last_fold, c.first_fold"

static const char sql_by_pesel[] =
	"SELECT " HIT_COLUMNS " FROM client c"
	" WHERE c.pesel >= ?1 AND c.pesel < ?2 AND c.pesel > ?3"
	" ORDER BY c.pesel LIMIT ?4";

/* ?1..?2 surname range, ?3..?4 first-name range, ?5,?6,?7 the keyset. */
static const char sql_by_name[] =
	"SELECT " HIT_COLUMNS " FROM client c"
	" WHERE c.last_fold >= ?1 AND c.last_fold < ?2"
	" AND c.first_fold >= ?3 AND c.first_fold < ?4"
	" AND c.last_fold >= ?5 AND (c.last_fold, c.first_fold, c.id) > (?5, ?6, ?7)"
	" ORDER BY c.last_fold, c.first_fold, c.id LIMIT ?8";

const char *client_search_sql(bool by_name)
{
	return by_name ? sql_by_name : sql_by_pesel;
}

/* The smallest string greater than every string with prefix p, in
 * SQLite's byte-wise (BINARY) order: p with its last byte incremented.
 * Folded text is ASCII, or UTF-8 kept as it is for scripts that do not
 * fold, whose bytes never reach 0xF8: that is the bound of an empty p. */
static void upper_bound(const char *p, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s", p);
	size_t n = strlen(out);
	if (n)
		out[n - 1] = (char)((unsigned char)out[n - 1] + 1);
	else
		snprintf(out, outsz, "\xf8");
}

static void read_hit(sqlite3_stmt *s, struct ok_client_hit *h)
{
	memset(h, 0, sizeof *h);
	h->id = sqlite3_column_int64(s, 0);
	db_col_text(s, 1, h->pesel, sizeof h->pesel);
	if (sqlite3_column_type(s, 2) != SQLITE_NULL)
		snprintf(h->document, sizeof h->document, "%s:%s",
		         (const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3));
	db_col_text(s, 4, h->first_name, sizeof h->first_name);
	db_col_text(s, 5, h->last_name, sizeof h->last_name);
	db_col_text(s, 6, h->birth_date, sizeof h->birth_date);
	db_col_text(s, 7, h->status, sizeof h->status);
	db_col_text(s, 8, h->key1, sizeof h->key1);
	db_col_text(s, 9, h->key2, sizeof h->key2);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Runs one prepared search, appending rows to hits. */
static enum ok_status run_search(struct ok_db *db, sqlite3_stmt *s, struct ok_client_hit *hits,
                                 int max, int *n)
{
	int rc;
	*n = 0;
	while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW)
		read_hit(s, &hits[(*n)++]);
	if (*n < max && rc != SQLITE_DONE) {
		sqlite3_reset(s);
		return db_sqlfail(db, rc);
	}
	sqlite3_reset(s);
	return OK_OK;
}

static int hit_cmp(const struct ok_client_hit *a, const struct ok_client_hit *b)
{
	int c = strcmp(a->key1, b->key1);
	if (!c)
		c = strcmp(a->key2, b->key2);
	if (!c)
		c = (a->id > b->id) - (a->id < b->id);
	return c;
}

/* One name search: surname prefix `last`, first-name prefix `first`. */
static enum ok_status name_search(struct ok_db *db, const char *last, const char *first,
                                  const struct ok_client_hit *after,
                                  struct ok_client_hit *hits, int max, int *n)
{
	char lhi[OK_NAME_MAX], fhi[OK_NAME_MAX];
	upper_bound(last, lhi, sizeof lhi);
	upper_bound(first, fhi, sizeof fhi);
	sqlite3_stmt *s = db_stmt(db, sql_by_name);
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, last, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, lhi, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, fhi, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, after ? after->key1 : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, after ? after->key2 : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 7, after ? after->id : 0);
	sqlite3_bind_int(s, 8, max);
	return run_search(db, s, hits, max, n);
}

enum ok_status client_search(struct ok_db *db, const char *query,
                             const struct ok_client_hit *after,
                             struct ok_client_hit *hits, int max, int *n)
{
	*n = 0;
	enum ok_status st = staff_require(db, ACT_CLIENT_READ);
	if (st != OK_OK || max <= 0)
		return st;
	char q[OK_NAME_MAX];
	size_t i = 0;
	for (const char *p = query ? query : ""; *p && i + 1 < sizeof q; p++)
		if (*p != ' ' || i > 0)
			q[i++] = *p;
	q[i] = '\0';
	while (i > 0 && q[i - 1] == ' ')
		q[--i] = '\0';

	if (all_digits(q)) {
		if (i > 11)
			return OK_OK;
		char hi[16];
		upper_bound(q, hi, sizeof hi);
		sqlite3_stmt *s = db_stmt(db, sql_by_pesel);
		if (!s)
			return OK_EIO;
		sqlite3_bind_text(s, 1, q, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, hi, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 3, after ? after->key1 : "", -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(s, 4, max);
		st = run_search(db, s, hits, max, n);
		/* PESEL order is the keyset of this kind of search. */
		for (int k = 0; k < *n; k++) {
			snprintf(hits[k].key1, sizeof hits[k].key1, "%s", hits[k].pesel);
			hits[k].key2[0] = '\0';
		}
		return st;
	}

	char folded[OK_NAME_MAX];
	text_fold(q, folded, sizeof folded);
	if (!folded[0])
		return OK_OK;
	char *space = strchr(folded, ' ');
	if (!space)
		return name_search(db, folded, "", after, hits, max, n);

	/* "kowal jan": surname kowal*, first name jan*; and "wezyk zol" as a
	 * whole surname (Wężyk-Żółtowska). Both ordered by the same key:
	 * merge them, dropping rows found twice. */
	struct ok_client_hit *a = calloc((size_t)max, sizeof *a);
	struct ok_client_hit *b = calloc((size_t)max, sizeof *b);
	if (!a || !b)
		abort();
	int na = 0, nb = 0;
	*space = '\0';
	st = name_search(db, folded, space + 1, after, a, max, &na);
	*space = ' ';
	if (st == OK_OK)
		st = name_search(db, folded, "", after, b, max, &nb);
	int ia = 0, ib = 0;
	while (st == OK_OK && *n < max && (ia < na || ib < nb)) {
		int c = ia >= na ? 1 : ib >= nb ? -1 : hit_cmp(&a[ia], &b[ib]);
		if (c == 0)
			ib++;
		hits[(*n)++] = c <= 0 ? a[ia++] : b[ib++];
	}
	free(a);
	free(b);
	return st;
}

void client_card_free(struct ok_card *card)
{
	free(card->regs);
	free(card->groups);
	free(card->events);
	card->regs = NULL;
	card->groups = NULL;
	card->events = NULL;
	card->nregs = card->ngroups = card->nevents = 0;
}

/* Grows an array of n elements of size sz to make room for one more:
 * the capacity is 8, then doubles whenever n reaches a power of two. */
static void *grow(void *p, int n, size_t sz)
{
	if (n != 0 && (n < 8 || (n & (n - 1)) != 0))
		return p;
	size_t cap = n ? (size_t)n * 2 : 8;
	void *q = realloc(p, cap * sz);
	if (!q)
		abort();
	return q;
}

static enum ok_status load_identity(struct ok_db *db, int64_t id, struct ok_card *c)
{
	sqlite3_stmt *s = db_stmt(db,
		"SELECT uid, pesel, doc_type, doc_number, first_name, last_name, birth_date, sex,"
		" citizenship, address, phone, email, education, disability, benefit, ipd_on, version"
		" FROM client WHERE id = ?1");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			return db_fail(db, OK_ENOTFOUND, "%s", _("No such client."));
		return db_sqlfail(db, rc);
	}
	c->id = id;
	db_col_text(s, 0, c->uid, sizeof c->uid);
	db_col_text(s, 1, c->pesel, sizeof c->pesel);
	db_col_text(s, 2, c->doc_type, sizeof c->doc_type);
	db_col_text(s, 3, c->doc_number, sizeof c->doc_number);
	db_col_text(s, 4, c->first_name, sizeof c->first_name);
	db_col_text(s, 5, c->last_name, sizeof c->last_name);
	db_col_text(s, 6, c->birth_date, sizeof c->birth_date);
	db_col_text(s, 7, c->sex, sizeof c->sex);
	db_col_text(s, 8, c->citizenship, sizeof c->citizenship);
	db_col_text(s, 9, c->address, sizeof c->address);
	db_col_text(s, 10, c->phone, sizeof c->phone);
	db_col_text(s, 11, c->email, sizeof c->email);
	db_col_text(s, 12, c->education, sizeof c->education);
	db_col_text(s, 13, c->disability, sizeof c->disability);
	c->benefit = sqlite3_column_int(s, 14) != 0;
	db_col_text(s, 15, c->ipd_on, sizeof c->ipd_on);
	c->version = sqlite3_column_int(s, 16);
	sqlite3_reset(s);
	return OK_OK;
}

static enum ok_status load_registrations(struct ok_db *db, struct ok_card *c)
{
	sqlite3_stmt *s = db_stmt(db,
		"SELECT r.status, r.regime, r.registered_on, r.ended_on, e.detail, r.contact_due,"
		" r.last_contact_on, r.id"
		" FROM registration r LEFT JOIN event e ON e.id = r.end_event_id"
		" WHERE r.client_id = ?1 ORDER BY r.registered_on DESC, r.id DESC");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, c->id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		c->regs = grow(c->regs, c->nregs, sizeof *c->regs);
		struct ok_card_registration *r = &c->regs[c->nregs++];
		db_col_text(s, 0, r->status, sizeof r->status);
		db_col_text(s, 1, r->regime, sizeof r->regime);
		db_col_text(s, 2, r->registered_on, sizeof r->registered_on);
		db_col_text(s, 3, r->ended_on, sizeof r->ended_on);
		db_col_text(s, 4, r->end_reason, sizeof r->end_reason);
		db_col_text(s, 5, r->contact_due, sizeof r->contact_due);
		db_col_text(s, 6, r->last_contact, sizeof r->last_contact);
		r->id = sqlite3_column_int64(s, 7);
		if (!r->ended_on[0] && !c->contact_due[0])
			snprintf(c->contact_due, sizeof c->contact_due, "%s", r->contact_due);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

static enum ok_status load_groups(struct ok_db *db, struct ok_card *c)
{
	sqlite3_stmt *s = db_stmt(db,
		"SELECT code, valid_from, valid_to FROM client_group WHERE client_id = ?1"
		" ORDER BY valid_from DESC, code");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, c->id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		c->groups = grow(c->groups, c->ngroups, sizeof *c->groups);
		struct ok_card_group *g = &c->groups[c->ngroups++];
		db_col_text(s, 0, g->code, sizeof g->code);
		db_col_text(s, 1, g->valid_from, sizeof g->valid_from);
		db_col_text(s, 2, g->valid_to, sizeof g->valid_to);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

static enum ok_status load_events(struct ok_db *db, struct ok_card *c)
{
	sqlite3_stmt *s = db_stmt(db,
		"SELECT e.id, e.uid, e.kind, e.occurred_on, e.occurred_at, st.login, st.full_name,"
		" e.detail, em.name, e.notes, e.state, e.reason, e.places, e.ref_state, e.referral_id,"
		" e.subsidised, e.employer_id, e.staff_id"
		" FROM event e JOIN staff st ON st.id = e.staff_id"
		" LEFT JOIN employer em ON em.id = e.employer_id"
		" WHERE e.client_id = ?1 ORDER BY e.occurred_on DESC, e.id DESC");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, c->id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		c->events = grow(c->events, c->nevents, sizeof *c->events);
		struct ok_card_event *e = &c->events[c->nevents++];
		e->id = sqlite3_column_int64(s, 0);
		db_col_text(s, 1, e->uid, sizeof e->uid);
		db_col_text(s, 2, e->kind, sizeof e->kind);
		db_col_text(s, 3, e->occurred_on, sizeof e->occurred_on);
		db_col_text(s, 4, e->occurred_at, sizeof e->occurred_at);
		db_col_text(s, 5, e->staff_login, sizeof e->staff_login);
		db_col_text(s, 6, e->staff_name, sizeof e->staff_name);
		db_col_text(s, 7, e->detail, sizeof e->detail);
		db_col_text(s, 8, e->employer_name, sizeof e->employer_name);
		db_col_text(s, 9, e->notes, sizeof e->notes);
		db_col_text(s, 10, e->state, sizeof e->state);
		db_col_text(s, 11, e->reason, sizeof e->reason);
		e->places = sqlite3_column_int(s, 12);
		db_col_text(s, 13, e->ref_state, sizeof e->ref_state);
		e->referral_id = sqlite3_column_int64(s, 14);
		e->subsidised = sqlite3_column_type(s, 15) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 15);
		e->employer_id = sqlite3_column_int64(s, 16);
		e->staff_id = sqlite3_column_int64(s, 17);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

enum ok_status client_card_load(struct ok_db *db, int64_t id, struct ok_card *card)
{
	memset(card, 0, sizeof *card);
	enum ok_status st = staff_require(db, ACT_CLIENT_READ);
	if (st != OK_OK)
		return st;
	/* One read transaction for a consistent card, then the audit entry. */
	sqlite3_exec(db_sqlite(db), "BEGIN", NULL, NULL, NULL);
	st = load_identity(db, id, card);
	if (st == OK_OK)
		st = load_registrations(db, card);
	if (st == OK_OK)
		st = load_groups(db, card);
	if (st == OK_OK)
		st = load_events(db, card);
	sqlite3_exec(db_sqlite(db), "COMMIT", NULL, NULL, NULL);
	if (st == OK_OK && (st = db_begin(db)) == OK_OK) {
		st = audit_log(db, "read", "client", card->uid, NULL);
		st = st == OK_OK ? db_commit(db) : (db_rollback(db), st);
	}
	if (st != OK_OK)
		client_card_free(card);
	return st;
}
