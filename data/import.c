/* import.c: bringing an office's history in from CSV files (the formats
 * of interchange.md, documented in okienko(1)).
 *
 * All or nothing, in one transaction: every row is checked and, when it
 * is good, written at once, so that later rows are checked against it (an
 * outcome against its referral, an event against a deregistration); at
 * the end the transaction is committed only when no row was wrong, else
 * rolled back, and every wrong row is reported.
 *
 * Speed: what the rows refer to (staff, clients, employers, referrals)
 * is looked up once per distinct key and kept in hash tables; the
 * consequences that event.c keeps up to date row by row (referral
 * states, contact clocks, the audit log) are written once per referral,
 * per registration period and per import. Events are checked in the
 * order they happened, not in the order of the file: a first pass reads
 * each row's date and position, the rows are sorted, and a second pass
 * reads them again in that order. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "conv.h"
#include "csv.h"
#include "db_private.h"
#include "employer.h"
#include "event.h"
#include "import.h"
#include "intl.h"
#include "register.h"
#include "sha256.h"
#include "staff.h"
#include "strmap.h"
#include "text.h"
#include "validate.h"

/* Built with -DIMPORT_TRACE, the import prints how long each of its
 * phases took (wall clock and processor time) on stderr: for measuring. */
#ifdef IMPORT_TRACE
#include <sys/resource.h>
#include <time.h>
static void phase(const char *name)
{
	static double wall0, cpu0;
	struct timespec t;
	struct rusage u;
	clock_gettime(CLOCK_MONOTONIC, &t);
	getrusage(RUSAGE_SELF, &u);
	double wall = (double)t.tv_sec + (double)t.tv_nsec / 1e9;
	double cpu = (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec / 1e6 + (double)u.ru_stime.tv_sec +
	             (double)u.ru_stime.tv_usec / 1e6;
	if (name)
		fprintf(stderr, "import: %-12s %7.3f s (cpu %7.3f s)\n", name, wall - wall0, cpu - cpu0);
	wall0 = wall;
	cpu0 = cpu;
}
#else
#define phase(name) ((void)0)
#endif

/* ---- Columns ---- */

enum { COLS_MAX = 20 };

struct column {
	const char *name;
	bool required;
};

static const struct column client_cols[] = {
	{ "pesel", false }, { "document", false }, { "first_name", true }, { "last_name", true },
	{ "birth_date", false }, { "sex", false }, { "status", true }, { "registered_on", true },
	{ "groups", false }, { "education", false }, { "phone", false }, { "email", false },
	{ "address", false }, { "citizenship", false }, { "disability", false },
	{ "benefit", false }, { "occupations", false }, { NULL, false },
};
enum { CL_PESEL, CL_DOCUMENT, CL_FIRST, CL_LAST, CL_BIRTH, CL_SEX, CL_STATUS, CL_REGISTERED,
       CL_GROUPS, CL_EDUCATION, CL_PHONE, CL_EMAIL, CL_ADDRESS, CL_CITIZENSHIP, CL_DISABILITY,
       CL_BENEFIT, CL_OCCUPATIONS };

static const struct column employer_cols[] = {
	{ "nip", true }, { "name", true }, { "registered_on", true }, { "address", false },
	{ "phone", false }, { "email", false }, { NULL, false },
};
enum { EM_NIP, EM_NAME, EM_REGISTERED, EM_ADDRESS, EM_PHONE, EM_EMAIL };

static const struct column event_cols[] = {
	{ "date", true }, { "kind", true }, { "pesel", false }, { "nip", false },
	{ "counselor", true }, { "ref", false }, { "detail", false }, { "notes", false },
	{ NULL, false },
};
enum { EV_DATE, EV_KIND, EV_PESEL, EV_NIP, EV_COUNSELOR, EV_REF, EV_DETAIL, EV_NOTES };

static const struct column *const columns[] = { client_cols, employer_cols, event_cols };
static const char *const kind_names[] = { "clients", "employers", "events" };

/* ---- One import ---- */

struct imp {
	struct ok_db *db;
	struct import_result *res;
	enum import_kind kind;
	const struct column *cols;
	int at[COLS_MAX];          /* the record field of each column, -1 when absent */
	int nfields;               /* fields of the header */
	int errcap;
	char audit_detail[160];    /* "import N by ACTOR" */
	char now[20];              /* created_at of every row */
	char audit_at[24];         /* the time of every audit row (one reading of the clock) */
	uint64_t uid_next;         /* see new_uid() */
};

/* Uids ordered by creation, like UUIDv7 (and like the demo's): the
 * import's start in milliseconds and a counter, then 64 random bits. A
 * million rows then land at the end of the uid index instead of all over
 * it, which is what keeps a large import fast; the random half keeps
 * them unique across offices. */
static void new_uid(struct imp *im, char out[33])
{
	uint64_t lo;
	sqlite3_randomness(sizeof lo, &lo);
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)im->uid_next++, (unsigned long long)lo);
}

static void add_error(struct imp *im, long line, const char *column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_error(struct imp *im, long line, const char *column, const char *fmt, ...)
{
	struct import_result *r = im->res;
	r->total_errors++;
	if (r->nerrors >= IMPORT_MAX_ERRORS)
		return;
	if (r->nerrors == im->errcap) {
		im->errcap = im->errcap ? im->errcap * 2 : 16;
		struct import_error *e = realloc(r->errors, (size_t)im->errcap * sizeof *e);
		if (!e)
			abort();
		r->errors = e;
	}
	struct import_error *e = &r->errors[r->nerrors++];
	e->line = line;
	snprintf(e->column, sizeof e->column, "%s", column ? column : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}

/* The row's value of column c into out (empty when the column is absent).
 * False, with the row's error reported, when it does not fit or holds a
 * NUL byte. */
static bool get(struct imp *im, const struct csv_record *rec, int c, char *out, size_t size)
{
	out[0] = '\0';
	int f = im->at[c];
	if (f < 0 || f >= rec->n)
		return true;
	if (memchr(rec->field[f], '\0', rec->len[f])) {
		add_error(im, rec->line, im->cols[c].name, "%s", _("The value holds a NUL byte."));
		return false;
	}
	if (rec->len[f] >= size) {
		add_error(im, rec->line, im->cols[c].name, _("The value is longer than %zu bytes."), size - 1);
		return false;
	}
	memcpy(out, rec->field[f], rec->len[f] + 1);
	return true;
}

#define GET(c, buf) get(im, rec, c, buf, sizeof(buf))

/* Reads the header: every column known, none twice, the required ones there. */
static bool header(struct imp *im, struct csv_reader *rd)
{
	struct csv_record h;
	for (int c = 0; c < COLS_MAX; c++)
		im->at[c] = -1;
	if (!csv_next(rd, &h)) {
		add_error(im, 0, "", "%s", _("The file is empty: it needs a header row naming the columns."));
		return false;
	}
	if (h.error) {
		add_error(im, h.line, "", "%s", h.error);
		return false;
	}
	bool ok = true;
	im->nfields = h.n;
	for (int f = 0; f < h.n; f++) {
		char name[64] = "";
		if (h.len[f] < sizeof name)
			memcpy(name, h.field[f], h.len[f] + 1);
		text_squeeze_in(name, sizeof name);
		int c = 0;
		while (im->cols[c].name && strcmp(im->cols[c].name, name) != 0)
			c++;
		if (!im->cols[c].name) {
			add_error(im, h.line, name, "%s", _("Unknown column."));
			ok = false;
		} else if (im->at[c] >= 0) {
			add_error(im, h.line, name, "%s", _("The column is named twice."));
			ok = false;
		} else {
			im->at[c] = f;
		}
	}
	for (int c = 0; im->cols[c].name; c++)
		if (im->cols[c].required && im->at[c] < 0) {
			add_error(im, h.line, im->cols[c].name, "%s", _("This column is missing."));
			ok = false;
		}
	if (im->kind == IMPORT_CLIENTS && im->at[CL_PESEL] < 0 && im->at[CL_DOCUMENT] < 0) {
		add_error(im, h.line, "pesel", "%s", _("Either the pesel or the document column is needed."));
		ok = false;
	}
	return ok;
}

/* A record that can be checked at all: well-formed, as many fields as the header. */
static bool record_ok(struct imp *im, const struct csv_record *rec)
{
	if (rec->error) {
		add_error(im, rec->line, "", "%s", rec->error);
		return false;
	}
	if (rec->n != im->nfields) {
		add_error(im, rec->line, "", _("The row has %d fields; the header has %d."), rec->n, im->nfields);
		return false;
	}
	return true;
}

/* Reports the failure of a data/ check as the row's error, in the column
 * that the form's member belongs to. */
struct member_column {
	const char *member, *column;
};

static void check_failed(struct imp *im, long line, const struct member_column *map, const char *fallback)
{
	const char *field = db_errfield(im->db), *col = fallback;
	for (; map && map->member; map++)
		if (!strcmp(map->member, field)) {
			col = map->column;
			break;
		}
	add_error(im, line, col, "%s", db_errmsg(im->db));
}

/* One statement that returns one integer for a text key: the id, or -1. */
static enum ok_status lookup_id(struct ok_db *db, const char *sql, const char *k1, const char *k2,
                                int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, sql);
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, k1, -1, SQLITE_STATIC);
	if (k2)
		sqlite3_bind_text(s, 2, k2, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

/* The highest id of a table before the import writes (for the audit). */
static enum ok_status max_id(struct ok_db *db, const char *sql, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, sql);
	if (!s)
		return OK_EIO;
	int rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? OK_OK : db_sqlfail(db, rc);
}

/* Runs a statement that returns no rows, with ?1 and ?2 bound to a and
 * b (those the statement has). */
static enum ok_status exec_int2(struct ok_db *db, const char *sql, int64_t a, int64_t b)
{
	sqlite3_stmt *s = db_stmt(db, sql);
	if (!s)
		return OK_EIO;
	int n = sqlite3_bind_parameter_count(s);
	if (n >= 1)
		sqlite3_bind_int64(s, 1, a);
	if (n >= 2)
		sqlite3_bind_int64(s, 2, b);
	return db_done(db, s);
}

static enum ok_status exec_int(struct ok_db *db, const char *sql, int64_t a)
{
	return exec_int2(db, sql, a, 0);
}

/* Audits every row the import added to a table, at once. sql takes the
 * detail as ?1, the id before the import as ?2, the actor as ?3, the
 * time as ?4. */
static enum ok_status audit_rows(struct imp *im, const char *sql, int64_t before)
{
	sqlite3_stmt *s = db_stmt(im->db, sql);
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, im->audit_detail, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, before);
	sqlite3_bind_text(s, 3, db_actor(im->db)->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, im->audit_at, -1, SQLITE_STATIC);
	return db_done(im->db, s);
}

/* Copies src into dst of size bytes: false, with dst empty, when it does not fit. */
static bool copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size) {
		dst[0] = '\0';
		return false;
	}
	memcpy(dst, src, n + 1);
	return true;
}

/* A ;-separated list into n slots of size bytes; false when it has
 * more items, or one too long. */
static bool split_list(const char *s, char *slots, int n, size_t size)
{
	int i = 0;
	while (*s) {
		const char *e = strchr(s, ';');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char item[64];
		if (len >= sizeof item)
			len = sizeof item - 1;
		memcpy(item, s, len);
		item[len] = '\0';
		text_squeeze_in(item, sizeof item);
		if (item[0]) {
			if (i == n || !copy(slots + (size_t)i * size, size, item))
				return false;
			i++;
		}
		s += e ? len + 1 : len;
	}
	return true;
}

/* ---- Clients ---- */

static const struct member_column client_members[] = {
	{ "pesel", "pesel" }, { "doc_type", "document" }, { "doc_number", "document" },
	{ "first_name", "first_name" }, { "last_name", "last_name" }, { "birth_date", "birth_date" },
	{ "sex", "sex" }, { "citizenship", "citizenship" }, { "address", "address" },
	{ "phone", "phone" }, { "email", "email" }, { "education", "education" },
	{ "disability", "disability" }, { "occupations", "occupations" }, { "status", "status" },
	{ "registered_on", "registered_on" }, { "groups", "groups" }, { NULL, NULL },
};

/* Fills a registration form from a row; false when a value is wrong. */
static bool client_row(struct imp *im, const struct csv_record *rec, struct ok_client_form *f)
{
	char doc[96], groups[512], occ[256], benefit[8];
	memset(f, 0, sizeof *f);
	if (!(GET(CL_PESEL, f->pesel) && GET(CL_DOCUMENT, doc) && GET(CL_FIRST, f->first_name) &&
	      GET(CL_LAST, f->last_name) && GET(CL_BIRTH, f->birth_date) && GET(CL_SEX, f->sex) &&
	      GET(CL_STATUS, f->status) && GET(CL_REGISTERED, f->registered_on) &&
	      GET(CL_GROUPS, groups) && GET(CL_EDUCATION, f->education) && GET(CL_PHONE, f->phone) &&
	      GET(CL_EMAIL, f->email) && GET(CL_ADDRESS, f->address) &&
	      GET(CL_CITIZENSHIP, f->citizenship) && GET(CL_DISABILITY, f->disability) &&
	      GET(CL_BENEFIT, benefit) && GET(CL_OCCUPATIONS, occ)))
		return false;
	text_squeeze_in(doc, sizeof doc);
	if (doc[0]) {
		char *colon = strchr(doc, ':');
		if (!colon || colon == doc || !colon[1]) {
			add_error(im, rec->line, "document", "%s", _("A document is TYPE:NUMBER, e.g. passport:FN1234567."));
			return false;
		}
		*colon = '\0';
		if (!copy(f->doc_type, sizeof f->doc_type, doc) ||
		    !copy(f->doc_number, sizeof f->doc_number, colon + 1)) {
			add_error(im, rec->line, "document", "%s", _("The document type or number is too long."));
			return false;
		}
	}
	if (!strcmp(benefit, "1"))
		f->benefit = true;
	else if (benefit[0] && strcmp(benefit, "0")) {
		add_error(im, rec->line, "benefit", "%s", _("Type 1 for a client who receives a benefit, else 0."));
		return false;
	}
	char items[OK_FORM_GROUPS][48];
	memset(items, 0, sizeof items);
	if (!split_list(groups, &items[0][0], OK_FORM_GROUPS, sizeof items[0])) {
		add_error(im, rec->line, "groups", "%s", _("Unknown group code."));
		return false;
	}
	/* CODE, or CODE@FROM or CODE@FROM/TO for a group held from or to a date. */
	for (int i = 0; i < OK_FORM_GROUPS && items[i][0]; i++) {
		char *at = strchr(items[i], '@'), *slash = at ? strchr(at, '/') : NULL;
		if (at)
			*at = '\0';
		if (slash)
			*slash = '\0';
		if (!copy(f->groups[i], sizeof f->groups[i], items[i]) ||
		    (at && !copy(f->group_from[i], sizeof f->group_from[i], at + 1)) ||
		    (slash && !copy(f->group_to[i], sizeof f->group_to[i], slash + 1))) {
			add_error(im, rec->line, "groups", "%s",
			          _("A group is CODE, or CODE@FROM/TO with the dates it was held."));
			return false;
		}
	}
	char occs[OK_FORM_OCCUPATIONS][16];
	memset(occs, 0, sizeof occs);
	if (!split_list(occ, &occs[0][0], OK_FORM_OCCUPATIONS, sizeof occs[0])) {
		add_error(im, rec->line, "occupations", "%s", _("Too many occupations."));
		return false;
	}
	for (int i = 0; i < OK_FORM_OCCUPATIONS && occs[i][0]; i++) {
		char *colon = strchr(occs[i], ':');
		if (!colon) {
			add_error(im, rec->line, "occupations", "%s",
			          _("An occupation is KIND:CODE, e.g. sought:723103 (learned, last or sought)."));
			return false;
		}
		*colon = '\0';
		if (!copy(f->occupations[i].kind, sizeof f->occupations[i].kind, occs[i]) ||
		    !copy(f->occupations[i].code, sizeof f->occupations[i].code, colon + 1)) {
			add_error(im, rec->line, "occupations", "%s", _("An occupation is learned, last held or sought."));
			return false;
		}
	}
	if (client_form_check(im->db, f) != OK_OK) {
		check_failed(im, rec->line, client_members, "");
		return false;
	}
	return true;
}

/* The key of a client in the tables of an import: the PESEL, or the document. */
static void client_key(const char *pesel, const char *doc_type, const char *doc_number,
                       char *out, size_t size)
{
	if (pesel[0])
		snprintf(out, size, "%s", pesel);
	else
		snprintf(out, size, "%s:%s", doc_type, doc_number);
}

static enum ok_status find_client(struct ok_db *db, const struct ok_client_form *f, int64_t *id)
{
	if (f->pesel[0])
		return lookup_id(db, "SELECT id FROM client WHERE pesel = ?1", f->pesel, NULL, id);
	return lookup_id(db, "SELECT id FROM client WHERE doc_type = ?1 AND doc_number = ?2",
	                 f->doc_type, f->doc_number, id);
}

/* A client on file already: the same person when the names and the
 * birth date agree (the row is there already), else an error. */
static enum ok_status same_person(struct imp *im, long line, int64_t id, const struct ok_client_form *f,
                                  bool *same)
{
	sqlite3_stmt *s = db_stmt(im->db, "SELECT first_fold, last_fold, birth_date FROM client WHERE id = ?1");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	char first[OK_NAME_MAX], last[OK_NAME_MAX];
	text_fold(f->first_name, first, sizeof first);
	text_fold(f->last_name, last, sizeof last);
	*same = rc == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(s, 0), first) &&
	        !strcmp((const char *)sqlite3_column_text(s, 1), last) &&
	        !strcmp((const char *)sqlite3_column_text(s, 2), f->birth_date);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return db_sqlfail(im->db, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc);
	if (!*same)
		add_error(im, line, f->pesel[0] ? "pesel" : "document", "%s",
		          _("A client with this identifier is on file under other names or another birth date."));
	return OK_OK;
}

static enum ok_status import_clients(struct imp *im, struct csv_reader *rd)
{
	struct strmap seen;     /* key -> line */
	struct csv_record rec;
	enum ok_status st = OK_OK;
	int64_t before;
	if ((st = max_id(im->db, "SELECT coalesce(max(id), 0) FROM client", &before)) != OK_OK)
		return st;
	strmap_init(&seen);
	while (csv_next(rd, &rec)) {
		im->res->rows++;
		struct ok_client_form f;
		if (!record_ok(im, &rec) || !client_row(im, &rec, &f))
			continue;
		char key[128];
		int64_t line, id;
		client_key(f.pesel, f.doc_type, f.doc_number, key, sizeof key);
		if (strmap_get(&seen, key, &line)) {
			add_error(im, rec.line, f.pesel[0] ? "pesel" : "document",
			          _("The same client is on line %ld."), (long)line);
			continue;
		}
		strmap_put(&seen, key, rec.line);
		if ((st = find_client(im->db, &f, &id)) != OK_OK)
			break;
		if (id >= 0) {
			bool same;
			if ((st = same_person(im, rec.line, id, &f, &same)) != OK_OK)
				break;
			im->res->present += same;
			continue;
		}
		if (im->res->total_errors)
			continue;   /* nothing will be kept: checking is enough */
		char uid[33];
		new_uid(im, uid);
		if ((st = register_insert(im->db, &f, uid, &id)) != OK_OK)
			break;
		im->res->added++;
	}
	strmap_free(&seen);
	if (st == OK_OK && !im->res->total_errors)
		st = audit_rows(im, "INSERT INTO audit(at, actor, action, entity, entity_uid, detail)"
		                    " SELECT ?4, ?3, 'import', 'client', uid, ?1 FROM client WHERE id > ?2", before);
	return st;
}

/* ---- Employers ---- */

static const struct member_column employer_members[] = {
	{ "nip", "nip" }, { "name", "name" }, { "registered_on", "registered_on" },
	{ "address", "address" }, { "phone", "phone" }, { "email", "email" }, { NULL, NULL },
};

static enum ok_status import_employers(struct imp *im, struct csv_reader *rd)
{
	struct strmap seen;
	struct csv_record rec;
	enum ok_status st = OK_OK;
	int64_t before;
	if ((st = max_id(im->db, "SELECT coalesce(max(id), 0) FROM employer", &before)) != OK_OK)
		return st;
	strmap_init(&seen);
	while (csv_next(rd, &rec)) {
		im->res->rows++;
		struct ok_employer_form f;
		memset(&f, 0, sizeof f);
		if (!record_ok(im, &rec))
			continue;
		if (!(get(im, &rec, EM_NIP, f.nip, sizeof f.nip) && get(im, &rec, EM_NAME, f.name, sizeof f.name) &&
		      get(im, &rec, EM_REGISTERED, f.registered_on, sizeof f.registered_on) &&
		      get(im, &rec, EM_ADDRESS, f.address, sizeof f.address) &&
		      get(im, &rec, EM_PHONE, f.phone, sizeof f.phone) &&
		      get(im, &rec, EM_EMAIL, f.email, sizeof f.email)))
			continue;
		if (employer_form_check(im->db, &f) != OK_OK) {
			check_failed(im, rec.line, employer_members, "");
			continue;
		}
		int64_t line, id;
		if (strmap_get(&seen, f.nip, &line)) {
			add_error(im, rec.line, "nip", _("The same employer is on line %ld."), (long)line);
			continue;
		}
		strmap_put(&seen, f.nip, rec.line);
		if ((st = lookup_id(im->db, "SELECT id FROM employer WHERE nip = ?1", f.nip, NULL, &id)) != OK_OK)
			break;
		if (id >= 0) {
			im->res->present++;
			continue;
		}
		if (im->res->total_errors)
			continue;
		char uid[33];
		new_uid(im, uid);
		if ((st = employer_insert(im->db, &f, uid, &id)) != OK_OK)
			break;
		im->res->added++;
	}
	strmap_free(&seen);
	if (st == OK_OK && !im->res->total_errors)
		st = audit_rows(im, "INSERT INTO audit(at, actor, action, entity, entity_uid, detail)"
		                    " SELECT ?4, ?3, 'import', 'employer', uid, ?1 FROM employer WHERE id > ?2", before);
	return st;
}

/* ---- Events ---- */

/* Where a row is, and when it happened: the order of the second pass. */
struct ev_pos {
	const char *at;            /* the reader's position before the row */
	long line;                 /* the reader's line there */
	long rec_line;             /* the row's own line */
	int32_t day;               /* YYYYMMDD */
	int16_t minute;            /* -1 without a time */
	int8_t prio;               /* a registration first on its day, a deregistration last */
};

static int ev_pos_cmp(const void *a, const void *b)
{
	const struct ev_pos *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	if (x->minute != y->minute)
		return x->minute < y->minute ? -1 : 1;
	return x->rec_line < y->rec_line ? -1 : x->rec_line > y->rec_line;
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" into a date and a time ("" when none). */
static bool split_date(const char *s, char date[11], char time[6])
{
	size_t n = strlen(s);
	if (n != 10 && !(n == 16 && (s[10] == 'T' || s[10] == ' ')))
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	time[0] = '\0';
	if (n == 16) {
		memcpy(time, s + 11, 5);
		time[5] = '\0';
	}
	return true;
}

struct period {
	int64_t id;
	char from[11], to[11];     /* to "" while open */
	char contact[11];          /* the latest contact imported in it, or "" */
	bool dirty;                /* its contact clock needs a refresh */
};

struct client_st {
	int64_t id;
	bool had_events;           /* events on file before the import */
	struct period *per;        /* in date order */
	int nper, capper;
};

struct referral_st {
	int64_t id;                /* 0 while only seen in the file's first pass */
	int64_t client_id;
	int64_t reg;
	char kind[32];
	char issued[11];
	char state[16];
	char last[11];             /* the latest outcome's date */
	long line;                 /* the row that issued it (0: on file before) */
	bool dirty;
};

struct staff_st {
	int64_t id;
	enum ok_role role;
};

struct ev_ctx {
	struct imp *im;
	struct strmap staff, clients, employers, refs, file_refs;
	struct staff_st *staffv;
	int nstaff;
	struct client_st *cl;
	int64_t ncl, capcl;
	struct referral_st *rf;
	int64_t nrf, caprf;
	int64_t before;            /* the last event id before the import */
};

static void *grow_array(void *p, int64_t *cap, int64_t need, size_t size)
{
	if (need <= *cap)
		return p;
	int64_t c = *cap ? *cap * 2 : 64;
	while (c < need)
		c *= 2;
	void *q = realloc(p, (size_t)c * size);
	if (!q)
		abort();
	*cap = c;
	return q;
}

static enum ok_status load_staff(struct ev_ctx *x)
{
	struct ok_db *db = x->im->db;
	sqlite3_stmt *s = db_stmt(db, "SELECT id, login, role FROM staff");
	if (!s)
		return OK_EIO;
	int rc, cap = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (x->nstaff == cap) {
			cap = cap ? cap * 2 : 16;
			x->staffv = realloc(x->staffv, (size_t)cap * sizeof *x->staffv);
			if (!x->staffv)
				abort();
		}
		x->staffv[x->nstaff].id = sqlite3_column_int64(s, 0);
		x->staffv[x->nstaff].role = staff_role_parse((const char *)sqlite3_column_text(s, 2));
		strmap_put(&x->staff, (const char *)sqlite3_column_text(s, 1), x->nstaff);
		x->nstaff++;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

/* The client a row names (PESEL, or TYPE:NUMBER of a document): its
 * index with its registration periods loaded, or -1 when there is none. */
static enum ok_status client_of(struct ev_ctx *x, const char *who, int64_t *idx)
{
	struct ok_db *db = x->im->db;
	if (strmap_get(&x->clients, who, idx))
		return OK_OK;
	int64_t id;
	enum ok_status st;
	const char *colon = strchr(who, ':');
	if (colon) {
		char type[32];
		size_t n = (size_t)(colon - who);
		snprintf(type, sizeof type, "%.*s", (int)(n < sizeof type ? n : sizeof type - 1), who);
		st = lookup_id(db, "SELECT id FROM client WHERE doc_type = ?1 AND doc_number = ?2", type,
		               colon + 1, &id);
	} else {
		st = lookup_id(db, "SELECT id FROM client WHERE pesel = ?1", who, NULL, &id);
	}
	if (st != OK_OK)
		return st;
	if (id < 0) {
		strmap_put(&x->clients, who, -1);
		*idx = -1;
		return OK_OK;
	}
	x->cl = grow_array(x->cl, &x->capcl, x->ncl + 1, sizeof *x->cl);
	struct client_st *c = &x->cl[x->ncl];
	memset(c, 0, sizeof *c);
	c->id = id;
	/* With no events on file before the import (its event indexes may
	 * be dropped: see event_indexes_drop), none of them is the client's. */
	sqlite3_stmt *s = x->before
		? db_stmt(db, "SELECT id, registered_on, coalesce(ended_on, ''),"
		              " EXISTS(SELECT 1 FROM event e WHERE e.client_id = ?1)"
		              " FROM registration WHERE client_id = ?1 ORDER BY registered_on, id")
		: db_stmt(db, "SELECT id, registered_on, coalesce(ended_on, ''), 0"
		              " FROM registration WHERE client_id = ?1 ORDER BY registered_on, id");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (c->nper == c->capper) {
			c->capper = c->capper ? c->capper * 2 : 2;
			c->per = realloc(c->per, (size_t)c->capper * sizeof *c->per);
			if (!c->per)
				abort();
		}
		struct period *p = &c->per[c->nper++];
		memset(p, 0, sizeof *p);
		p->id = sqlite3_column_int64(s, 0);
		db_col_text(s, 1, p->from, sizeof p->from);
		db_col_text(s, 2, p->to, sizeof p->to);
		c->had_events = sqlite3_column_int(s, 3) != 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc);
	*idx = x->ncl++;
	strmap_put(&x->clients, who, *idx);
	return OK_OK;
}

static enum ok_status employer_of(struct ev_ctx *x, const char *nip, int64_t *id)
{
	if (strmap_get(&x->employers, nip, id))
		return OK_OK;
	enum ok_status st = lookup_id(x->im->db, "SELECT id FROM employer WHERE nip = ?1", nip, NULL, id);
	if (st == OK_OK)
		strmap_put(&x->employers, nip, *id);
	return st;
}

/* The referral with this identifier: index, or -1 when there is none. */
static enum ok_status referral_of(struct ev_ctx *x, const char *ref, int64_t *idx)
{
	if (strmap_get(&x->refs, ref, idx))
		return OK_OK;
	*idx = -1;
	if (!x->before)
		return OK_OK;   /* no referral on file; those of the import are in refs */
	struct ok_db *db = x->im->db;
	sqlite3_stmt *s = db_stmt(db,
		"SELECT r.id, r.kind, r.client_id, r.registration_id, r.occurred_on, coalesce(r.ref_state, 'issued'),"
		" coalesce((SELECT max(o.occurred_on) FROM event o WHERE o.referral_id = r.id AND o.state = 'active'), '')"
		" FROM event r WHERE r.ref = ?1 AND r.state = 'active' AND r.kind <> 'referral_outcome'");
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, ref, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	*idx = -1;
	if (rc == SQLITE_ROW) {
		x->rf = grow_array(x->rf, &x->caprf, x->nrf + 1, sizeof *x->rf);
		struct referral_st *r = &x->rf[x->nrf];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(s, 0);
		db_col_text(s, 1, r->kind, sizeof r->kind);
		r->client_id = sqlite3_column_int64(s, 2);
		r->reg = sqlite3_column_int64(s, 3);
		db_col_text(s, 4, r->issued, sizeof r->issued);
		db_col_text(s, 5, r->state, sizeof r->state);
		db_col_text(s, 6, r->last, sizeof r->last);
		*idx = x->nrf++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, rc);
	strmap_put(&x->refs, ref, *idx);
	return OK_OK;
}

/* The period of a client that covers a date, or NULL. */
static struct period *period_on(struct client_st *c, const char *date)
{
	for (int i = c->nper - 1; i >= 0; i--)
		if (strcmp(c->per[i].from, date) <= 0 && (!c->per[i].to[0] || strcmp(date, c->per[i].to) <= 0))
			return &c->per[i];
	return NULL;
}

/* Why no period covers the date, as a row's error. */
static void no_period(struct imp *im, long line, const struct client_st *c, const char *date, bool open)
{
	if (!c->nper || strcmp(date, c->per[0].from) < 0)
		add_error(im, line, "date", _("The event (%s) is before the client's registration (%s)."), date,
		          c->nper ? c->per[0].from : "-");
	else if (open)
		add_error(im, line, "date", _("The client has no open registration on %s."), date);
	else
		add_error(im, line, "date", _("The event (%s) is after the client's deregistration and before a new registration."),
		          date);
}

static const struct member_column event_members[] = {
	{ "occurred_on", "date" }, { "occurred_at", "date" }, { "notes", "notes" },
	{ "detail", "detail" }, { "places", "detail" }, { "employer_id", "nip" },
	{ "subsidised", "detail" }, { "kind", "kind" }, { NULL, NULL },
};

/* The first pass: each row's position and date; the rows that issue a
 * referral, by identifier (so that an outcome before its referral is
 * told apart from one for an unknown referral). */
static struct ev_pos *first_pass(struct ev_ctx *x, struct csv_reader *rd, size_t *n)
{
	struct imp *im = x->im;
	struct ev_pos *pos = NULL;
	int64_t cap = 0, np = 0;
	struct csv_record rec;
	for (;;) {
		const char *at = rd->p;
		long line = rd->line;
		if (!csv_next(rd, &rec))
			break;
		im->res->rows++;
		char dt[24], date[11], time[6], kind[32], ref[64];
		if (!record_ok(im, &rec) || !get(im, &rec, EV_DATE, dt, sizeof dt) ||
		    !get(im, &rec, EV_KIND, kind, sizeof kind) || !get(im, &rec, EV_REF, ref, sizeof ref))
			continue;
		text_squeeze_in(dt, sizeof dt);
		text_squeeze_in(kind, sizeof kind);
		text_squeeze_in(ref, sizeof ref);
		struct ok_date d;
		const char *m;
		if (!split_date(dt, date, time) || (m = date_parse(date, &d))) {
			add_error(im, rec.line, "date", "%s", _("Type the date as YYYY-MM-DD or YYYY-MM-DDTHH:MM."));
			continue;
		}
		pos = grow_array(pos, &cap, np + 1, sizeof *pos);
		struct ev_pos *p = &pos[np++];
		p->at = at;
		p->line = line;
		p->rec_line = rec.line;
		p->day = d.y * 10000 + d.m * 100 + d.d;
		p->minute = time[0] ? (int16_t)(((time[0] - '0') * 10 + (time[1] - '0')) * 60 +
		                                 (time[3] - '0') * 10 + (time[4] - '0'))
		                    : -1;
		p->prio = !strcmp(kind, "registration") ? 0 : !strcmp(kind, "deregistration") ? 2 : 1;
		if (ref[0] && event_is_referral(kind) && !strmap_get(&x->file_refs, ref, NULL))
			strmap_put(&x->file_refs, ref, rec.line);
	}
	*n = (size_t)np;
	return pos;
}

/* An event like this one (same client, or for an employer's event the
 * same employer, kind, day, time, author, detail) is on file already: it
 * was imported before. */
static enum ok_status on_file(struct ok_db *db, const struct ok_event_form *f, int64_t before, bool *found)
{
	*found = false;
	if (!f->client_id && !before)
		return OK_OK;   /* no employer's event on file before the import */
	sqlite3_stmt *s = f->client_id
		? db_stmt(db, "SELECT 1 FROM event WHERE client_id = ?1 AND occurred_on = ?2 AND kind = ?3"
		              " AND staff_id = ?4 AND coalesce(occurred_at, '') = ?5 AND coalesce(detail, '') = ?6"
		              " AND state = 'active' LIMIT 1")
		: db_stmt(db, "SELECT 1 FROM event WHERE employer_id = ?1 AND occurred_on = ?2 AND kind = ?3"
		              " AND staff_id = ?4 AND coalesce(occurred_at, '') = ?5 AND coalesce(detail, '') = ?6"
		              " AND client_id IS NULL AND state = 'active' AND id <= ?7 LIMIT 1");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, f->client_id ? f->client_id : f->employer_id);
	if (!f->client_id)
		sqlite3_bind_int64(s, 7, before);
	sqlite3_bind_text(s, 2, f->occurred_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, f->staff_id);
	sqlite3_bind_text(s, 5, f->occurred_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, f->detail, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

/* The same outcome of a referral on file: imported before. */
static enum ok_status outcome_on_file(struct ok_db *db, int64_t referral, const struct ok_event_form *f,
                                      bool *found)
{
	sqlite3_stmt *s = db_stmt(db, "SELECT 1 FROM event WHERE referral_id = ?1 AND kind = 'referral_outcome'"
	                              " AND detail = ?2 AND occurred_on = ?3 AND state = 'active' LIMIT 1");
	if (!s)
		return OK_EIO;
	sqlite3_bind_int64(s, 1, referral);
	sqlite3_bind_text(s, 2, f->detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f->occurred_on, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

static enum ok_status insert_event(struct imp *im, const struct ok_event_form *f, int64_t reg,
                                   const char *ref_state, int64_t *id)
{
	struct ok_db *db = im->db;
	sqlite3_stmt *s = db_stmt(db,
		"INSERT OR ROLLBACK INTO event(office, kind, occurred_on, occurred_at, client_id, employer_id,"
		" staff_id, registration_id, regime, detail, places, subsidised, referral_id, ref, notes, ref_state,"
		" uid, created_at)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
	if (!s)
		return OK_EIO;
	char uid[33];
	new_uid(im, uid);
	sqlite3_bind_text(s, 17, uid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 18, im->now, -1, SQLITE_STATIC);
	event_bind_row(s, db, f, f->kind, reg);
	db_bind_text_or_null(s, 15, f->notes);
	if (ref_state)
		sqlite3_bind_text(s, 16, ref_state, -1, SQLITE_STATIC);
	enum ok_status st = db_done(db, s);
	*id = sqlite3_last_insert_rowid(db_sqlite(db));
	return st;
}

/* A later registration of a known client: a new period and its event. */
static enum ok_status event_registration(struct ev_ctx *x, const struct csv_record *rec,
                                         struct ok_event_form *f, struct client_st *c, bool *bad)
{
	struct imp *im = x->im;
	const char *m;
	*bad = true;
	if (!codes_valid(CODES_STATUS, f->detail)) {
		add_error(im, rec->line, "detail", "%s", _("A registration's detail is its status: unemployed or job_seeker."));
		return OK_OK;
	}
	if ((m = validate_past_date(f->occurred_on, NULL))) {
		add_error(im, rec->line, "date", "%s", m);
		return OK_OK;
	}
	struct period *last = c->nper ? &c->per[c->nper - 1] : NULL;
	if (last && !last->to[0]) {
		add_error(im, rec->line, "date", _("The client is still registered (since %s): a new registration needs a deregistration first."),
		          last->from);
		return OK_OK;
	}
	if (last && strcmp(f->occurred_on, last->to) < 0) {
		add_error(im, rec->line, "date", _("The new registration cannot start before the last one ended (%s)."),
		          last->to);
		return OK_OK;
	}
	*bad = false;
	if (c->nper == c->capper) {
		c->capper = c->capper ? c->capper * 2 : 2;
		c->per = realloc(c->per, (size_t)c->capper * sizeof *c->per);
		if (!c->per)
			abort();
	}
	struct period *p = &c->per[c->nper++];
	memset(p, 0, sizeof *p);
	snprintf(p->from, sizeof p->from, "%s", f->occurred_on);
	if (im->res->total_errors)
		return OK_OK;   /* nothing will be kept: the period is for checking the rows after it */
	sqlite3_stmt *s = db_stmt(im->db, "INSERT INTO registration(office, client_id, status, regime,"
	                                  " registered_on, created_by) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, db_office(im->db), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, c->id);
	sqlite3_bind_text(s, 3, f->detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, register_regime(f->occurred_on), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, f->occurred_on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, f->staff_id);
	enum ok_status st = db_done(im->db, s);
	if (st != OK_OK)
		return st;
	p->id = sqlite3_last_insert_rowid(db_sqlite(im->db));
	p->dirty = true;
	int64_t id;
	return insert_event(im, f, p->id, NULL, &id);
}

/* An outcome: its referral must exist (on file or earlier in the file,
 * by date), belong to the client, and be in a state the outcome may follow. */
static bool check_outcome(struct ev_ctx *x, const struct csv_record *rec, struct ok_event_form *f,
                          int64_t rix)
{
	struct imp *im = x->im;
	if (!f->ref[0]) {
		add_error(im, rec->line, "ref", "%s", _("Name the referral (ref) this outcome belongs to."));
		return false;
	}
	int64_t line;
	if (rix < 0) {
		if (strmap_get(&x->file_refs, f->ref, &line))
			add_error(im, rec->line, "date", _("The outcome is dated before its referral (line %ld)."), (long)line);
		else
			add_error(im, rec->line, "ref", "%s", _("There is no referral with this identifier."));
		return false;
	}
	struct referral_st *r = &x->rf[rix];
	if (r->client_id != f->client_id) {
		add_error(im, rec->line, "pesel", "%s", _("The referral belongs to another client."));
		return false;
	}
	const char *out = f->detail;
	bool ok = !strcmp(r->state, "issued") ? !strcmp(out, "started") || !strcmp(out, "no_show") ||
	                                        !strcmp(out, "cancelled")
	        : !strcmp(r->state, "started") ? !strcmp(out, "completed") || !strcmp(out, "interrupted")
	        : false;
	if (!ok) {
		add_error(im, rec->line, "detail", _("A referral that is %s cannot become %s."),
		          event_state_label(r->state), event_state_label(out));
		return false;
	}
	if (strcmp(f->occurred_on, r->issued) < 0) {
		add_error(im, rec->line, "date", _("The outcome cannot precede the referral (%s)."), r->issued);
		return false;
	}
	if (r->last[0] && strcmp(f->occurred_on, r->last) < 0) {
		add_error(im, rec->line, "date", _("The outcome cannot precede the previous one (%s)."), r->last);
		return false;
	}
	return true;
}

/* One row of the events file, in date order: checked, and written when
 * the file has had no error so far. */
static enum ok_status event_row(struct ev_ctx *x, const struct csv_record *rec)
{
	struct imp *im = x->im;
	struct ok_db *db = im->db;
	struct ok_event_form f;
	char dt[24], who[96], nip[24], login[64];
	enum ok_status st;
	event_form_init(&f, NULL);
	if (!(GET(EV_DATE, dt) && GET(EV_KIND, f.kind) && GET(EV_PESEL, who) && GET(EV_NIP, nip) &&
	      GET(EV_COUNSELOR, login) && GET(EV_REF, f.ref) && GET(EV_DETAIL, f.detail) &&
	      GET(EV_NOTES, f.notes)))
		return OK_OK;
	text_squeeze_in(dt, sizeof dt);
	text_squeeze_in(f.kind, sizeof f.kind);
	text_squeeze_in(who, sizeof who);
	text_squeeze_in(login, sizeof login);
	text_squeeze_in(f.ref, sizeof f.ref);
	text_squeeze_in(f.detail, sizeof f.detail);
	split_date(dt, f.occurred_on, f.occurred_at);
	for (char *c = strchr(who, ':'); c && *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');

	bool registration = !strcmp(f.kind, "registration");
	struct event_rule rule;
	if (!registration && !event_rule(f.kind, &rule)) {
		add_error(im, rec->line, "kind", "%s", _("Unknown kind of event."));
		return OK_OK;
	}
	if (registration)
		rule = (struct event_rule){ .action = ACT_CLIENT_WRITE };
	int64_t sx;
	if (!login[0] || !strmap_get(&x->staff, login, &sx)) {
		add_error(im, rec->line, "counselor", "%s", _("No staff member has this login."));
		return OK_OK;
	}
	const struct staff_st *who_st = &x->staffv[sx];
	if (!staff_role_may(who_st->role, (enum ok_action)rule.action)) {
		add_error(im, rec->line, "counselor", _("A %s may not record this kind of event."),
		          staff_role_label(who_st->role));
		return OK_OK;
	}
	f.staff_id = who_st->id;

	/* The employer. */
	if (nip[0]) {
		char norm[11];
		const char *m = validate_nip(nip, norm);
		if (m) {
			add_error(im, rec->line, "nip", "%s", m);
			return OK_OK;
		}
		if (!rule.needs_employer && strcmp(f.kind, "deregistration")) {
			add_error(im, rec->line, "nip", "%s", _("This kind of event names no employer."));
			return OK_OK;
		}
		if ((st = employer_of(x, norm, &f.employer_id)) != OK_OK)
			return st;
		if (f.employer_id < 0) {
			add_error(im, rec->line, "nip", "%s", _("There is no employer with this NIP."));
			return OK_OK;
		}
	} else if (rule.needs_employer) {
		add_error(im, rec->line, "nip", "%s", _("Name the employer (nip)."));
		return OK_OK;
	}
	if (!strcmp(f.kind, "vacancy")) {
		char *end;
		long n = strtol(f.detail, &end, 10);
		if (!f.detail[0] || *end || n < 1 || n > 10000) {
			add_error(im, rec->line, "detail", "%s", _("A vacancy's detail is its number of places, 1 to 10000."));
			return OK_OK;
		}
		f.places = (int)n;
		f.detail[0] = '\0';
	}

	/* The client. */
	int64_t ci = -1;
	if (rule.employer_event) {
		if (who[0]) {
			add_error(im, rec->line, "pesel", "%s", _("An employer's event names no client."));
			return OK_OK;
		}
	} else {
		if (!who[0]) {
			add_error(im, rec->line, "pesel", "%s", _("Name the client (pesel)."));
			return OK_OK;
		}
		if ((st = client_of(x, who, &ci)) != OK_OK)
			return st;
		if (ci < 0) {
			add_error(im, rec->line, "pesel", "%s", _("There is no client with this PESEL or document."));
			return OK_OK;
		}
		f.client_id = x->cl[ci].id;
	}
	struct client_st *c = ci >= 0 ? &x->cl[ci] : NULL;
	bool bad;
	if (registration) {
		if ((st = event_registration(x, rec, &f, c, &bad)) == OK_OK && !bad && !im->res->total_errors)
			im->res->added++;
		return st;
	}
	if (event_check_values(db, &f) != OK_OK) {
		check_failed(im, rec->line, event_members, "");
		return OK_OK;
	}
	if (nip[0] && !f.employer_id) {
		add_error(im, rec->line, "nip", "%s", _("Only a deregistration for taking up work names an employer."));
		return OK_OK;
	}

	/* Where it belongs: a registration period, a referral. */
	int64_t reg = 0, rix = -1;
	struct period *p = NULL;
	bool outcome = !strcmp(f.kind, "referral_outcome"), deregistration = !strcmp(f.kind, "deregistration");
	if (outcome) {
		if (f.ref[0] && (st = referral_of(x, f.ref, &rix)) != OK_OK)
			return st;
		bool found = false;
		if (rix >= 0 && !x->rf[rix].line && (st = outcome_on_file(db, x->rf[rix].id, &f, &found)) != OK_OK)
			return st;
		if (found) {
			im->res->present++;
			return OK_OK;
		}
		if (!check_outcome(x, rec, &f, rix))
			return OK_OK;
		f.referral_id = x->rf[rix].id;
		reg = x->rf[rix].reg;
	} else if (c) {
		p = period_on(c, f.occurred_on);
		if (!p || (deregistration && p->to[0])) {
			no_period(im, rec->line, c, f.occurred_on, deregistration);
			return OK_OK;
		}
		reg = p->id;
	}
	bool referral = event_is_referral(f.kind);
	if (referral) {
		int64_t other;
		if (!f.ref[0]) {
			unsigned char rnd[6];
			sqlite3_randomness(sizeof rnd, rnd);
			snprintf(f.ref, sizeof f.ref, "%s-%02X%02X%02X%02X%02X%02X", db_office(db), rnd[0], rnd[1],
			         rnd[2], rnd[3], rnd[4], rnd[5]);
		}
		if ((st = referral_of(x, f.ref, &other)) != OK_OK)
			return st;
		if (other >= 0) {
			struct referral_st *r = &x->rf[other];
			if (!r->line && !strcmp(r->kind, f.kind) && !strcmp(r->issued, f.occurred_on) &&
			    r->client_id == f.client_id) {
				im->res->present++;   /* imported before */
				return OK_OK;
			}
			if (r->line)
				add_error(im, rec->line, "ref", _("The referral on line %ld has this identifier too."), r->line);
			else
				add_error(im, rec->line, "ref", "%s", _("Another referral has this identifier."));
			return OK_OK;
		}
	} else if (((c && c->had_events) || (!c && f.employer_id)) && !outcome) {
		bool found;
		if ((st = on_file(db, &f, x->before, &found)) != OK_OK)
			return st;
		if (found) {
			im->res->present++;
			return OK_OK;
		}
	}
	/* Written, and its consequences kept in memory. */
	int64_t id = 0;
	if (!im->res->total_errors) {
		if ((st = insert_event(im, &f, reg, referral ? "issued" : NULL, &id)) != OK_OK)
			return st;
		im->res->added++;
	}
	if (referral) {
		x->rf = grow_array(x->rf, &x->caprf, x->nrf + 1, sizeof *x->rf);
		struct referral_st *r = &x->rf[x->nrf];
		memset(r, 0, sizeof *r);
		r->id = id;
		r->client_id = f.client_id;
		r->reg = reg;
		snprintf(r->kind, sizeof r->kind, "%s", f.kind);
		snprintf(r->issued, sizeof r->issued, "%s", f.occurred_on);
		snprintf(r->state, sizeof r->state, "issued");
		r->line = rec->line;
		strmap_put(&x->refs, f.ref, x->nrf++);
	}
	if (outcome) {
		struct referral_st *r = &x->rf[rix];
		snprintf(r->state, sizeof r->state, "%s", f.detail);
		snprintf(r->last, sizeof r->last, "%s", f.occurred_on);
		r->dirty = true;
	}
	if (deregistration && p) {
		snprintf(p->to, sizeof p->to, "%s", f.occurred_on);
		p->dirty = true;
		if (id) {
			sqlite3_stmt *s = db_stmt(db, "UPDATE registration SET ended_on = ?1, end_event_id = ?2 WHERE id = ?3");
			if (!s)
				return OK_EIO;
			sqlite3_bind_text(s, 1, f.occurred_on, -1, SQLITE_STATIC);
			sqlite3_bind_int64(s, 2, id);
			sqlite3_bind_int64(s, 3, p->id);
			if ((st = db_done(db, s)) != OK_OK)
				return st;
		}
	}
	if (rule.contact && p) {
		p->dirty = true;
		if (strcmp(f.occurred_on, p->contact) > 0)
			snprintf(p->contact, sizeof p->contact, "%s", f.occurred_on);
	}
	return OK_OK;
}

/* What event.c keeps up to date row by row, once per referral and period. */
static enum ok_status event_effects(struct ev_ctx *x)
{
	struct ok_db *db = x->im->db;
	enum ok_status st;
	for (int64_t i = 0; i < x->nrf; i++) {
		struct referral_st *r = &x->rf[i];
		if (!r->dirty)
			continue;
		sqlite3_stmt *s = db_stmt(db, "UPDATE event SET ref_state = ?2 WHERE id = ?1");
		if (!s)
			return OK_EIO;
		sqlite3_bind_int64(s, 1, r->id);
		sqlite3_bind_text(s, 2, r->state, -1, SQLITE_STATIC);
		if ((st = db_done(db, s)) != OK_OK)
			return st;
	}
	/* An import only adds contacts (and ends periods): each clock moves
	 * to the latest of what it had and what came in, as event.c's
	 * event_clock_refresh() would find, without reading the events again. */
	for (int64_t i = 0; i < x->ncl; i++)
		for (int j = 0; j < x->cl[i].nper; j++) {
			const struct period *p = &x->cl[i].per[j];
			if (!p->dirty)
				continue;
			sqlite3_stmt *s = db_stmt(db,
				"UPDATE registration SET"
				" last_contact_on = max(registered_on, coalesce(last_contact_on, ''), ?2),"
				" contact_due = CASE WHEN status = 'unemployed' AND ended_on IS NULL"
				"  THEN date(max(registered_on, coalesce(last_contact_on, ''), ?2, '" ACT_2025_FIRST_DAY "'),"
				"  '+90 days') END"
				" WHERE id = ?1");
			if (!s)
				return OK_EIO;
			sqlite3_bind_int64(s, 1, p->id);
			sqlite3_bind_text(s, 2, p->contact, -1, SQLITE_STATIC);
			if ((st = db_done(db, s)) != OK_OK)
				return st;
		}
	return OK_OK;
}

/* An import into a file without events (an office's history brought
 * in at the start) would spend most of its time keeping the event
 * table's indexes in order row by row: a million rows go into every
 * index at places all over it. Instead the indexes are dropped
 * inside the import's transaction and made again at its end from the
 * table, by sorting, which also packs their pages full (for a small
 * import both cost little). DDL is
 * transactional in SQLite: a failed import rolls back to the indexes as
 * they were. The definitions are the file's own (sqlite_schema, as the
 * migrations made them), so that nothing here has to repeat schema.c and
 * an index a later migration adds is covered too; they are made again in
 * the order they had, which keeps the query planner's order of the
 * table's indexes. The UNIQUE index of uid belongs to the table and
 * stays (the import's uids come in order). Triggers stay: what they do
 * per row is still done. */
struct event_index {
	char *name, *sql;
};

static void event_indexes_free(struct event_index *v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].sql);
	}
	free(v);
}

/* Drops the event table's indexes; *out and *n: their definitions. */
static enum ok_status event_indexes_drop(struct ok_db *db, struct event_index **out, int *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = db_stmt(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'index'"
	                              " AND tbl_name = 'event' AND sql IS NOT NULL ORDER BY rowid");
	if (!s)
		return OK_EIO;
	struct event_index *v = NULL;
	int nv = 0, rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = realloc(v, (size_t)(nv + 1) * sizeof *v);
		if (!v)
			abort();
		v[nv].name = strdup((const char *)sqlite3_column_text(s, 0));
		v[nv].sql = strdup((const char *)sqlite3_column_text(s, 1));
		if (!v[nv].name || !v[nv].sql)
			abort();
		nv++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		event_indexes_free(v, nv);
		return db_sqlfail(db, rc);
	}
	for (int i = 0; i < nv; i++) {
		/* An identifier cannot be bound: the name is the file's own
		 * index name, read from sqlite_schema just above, quoted with %w. */
		char *sql = sqlite3_mprintf("DROP INDEX \"%w\"", v[i].name);
		if (!sql)
			abort();
		rc = sqlite3_exec(db_sqlite(db), sql, NULL, NULL, NULL);
		sqlite3_free(sql);
		if (rc != SQLITE_OK) {
			event_indexes_free(v, nv);
			return db_sqlfail(db, rc);
		}
	}
	*out = v;
	*n = nv;
	return OK_OK;
}

/* Makes the dropped indexes again, each from its own definition. */
static enum ok_status event_indexes_make(struct ok_db *db, const struct event_index *v, int n)
{
	for (int i = 0; i < n; i++) {
		int rc = sqlite3_exec(db_sqlite(db), v[i].sql, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return db_sqlfail(db, rc);
	}
	return OK_OK;
}

static enum ok_status import_events(struct imp *im, struct csv_reader *rd)
{
	struct ev_ctx x = { .im = im };
	strmap_init(&x.staff);
	strmap_init(&x.clients);
	strmap_init(&x.employers);
	strmap_init(&x.refs);
	strmap_init(&x.file_refs);
	int64_t before = 0;
	size_t n = 0;
	struct ev_pos *pos = NULL;
	enum ok_status st = max_id(im->db, "SELECT coalesce(max(id), 0) FROM event", &before);
	int64_t reg_before = 0;
	if (st == OK_OK)
		st = max_id(im->db, "SELECT coalesce(max(id), 0) FROM registration", &reg_before);
	x.before = before;
	if (st == OK_OK)
		st = load_staff(&x);
	/* The change sequence gets the new events' rows in one statement at
	 * the end instead of one trigger run each (see schema.c). Inside
	 * the transaction: no other session ever sees the mark. */
	if (st == OK_OK)
		st = exec_int(im->db, "INSERT INTO meta(key, value) VALUES('bulk_insert', 'event')", 0);
	if (st == OK_OK) {
		pos = first_pass(&x, rd, &n);
		qsort(pos, n, sizeof *pos, ev_pos_cmp);
	}
	phase("first pass");
	struct event_index *indexes = NULL;
	int nindexes = 0;
	if (st == OK_OK && !before && n && !im->res->total_errors)
		st = event_indexes_drop(im->db, &indexes, &nindexes);
	phase("drop indexes");
	struct csv_record rec;
	for (size_t i = 0; st == OK_OK && i < n; i++) {
		csv_seek(rd, pos[i].at, pos[i].line);
		if (csv_next(rd, &rec))
			st = event_row(&x, &rec);
	}
	phase("rows");
	if (st == OK_OK && !im->res->total_errors)
		st = exec_int(im->db, "DELETE FROM meta WHERE key = 'bulk_insert'", 0);
	/* The search's status of the clients whose registrations began or
	 * ended here, once each (schema.c's migration 10). */
	if (st == OK_OK && !im->res->total_errors)
		st = exec_int2(im->db, "UPDATE client SET reg_status = " OPEN_STATUS("client.id")
		                       " WHERE id IN (SELECT client_id FROM registration WHERE id > ?1 OR end_event_id > ?2)"
		                       " AND reg_status IS NOT " OPEN_STATUS("client.id"), reg_before, before);
	phase("statuses");
	if (st == OK_OK && !im->res->total_errors)
		st = exec_int(im->db, "INSERT INTO change(tbl, row_id) SELECT 'event', id FROM event"
		                         " WHERE id > ?1 ORDER BY id", before);
	phase("change rows");
	if (st == OK_OK && !im->res->total_errors)
		st = event_effects(&x);
	phase("effects");
	if (st == OK_OK && !im->res->total_errors)
		st = event_indexes_make(im->db, indexes, nindexes);
	phase("make indexes");
	event_indexes_free(indexes, nindexes);
	if (st == OK_OK && !im->res->total_errors)
		st = audit_rows(im, "INSERT INTO audit(at, actor, action, entity, entity_uid, detail)"
		                    " SELECT ?4, s.login, 'import', 'event', e.uid, ?1 FROM event e"
		                    " JOIN staff s ON s.id = e.staff_id WHERE e.id > ?2", before);
	phase("audit");
	free(pos);
	for (int64_t i = 0; i < x.ncl; i++)
		free(x.cl[i].per);
	free(x.cl);
	free(x.rf);
	free(x.staffv);
	strmap_free(&x.staff);
	strmap_free(&x.clients);
	strmap_free(&x.employers);
	strmap_free(&x.refs);
	strmap_free(&x.file_refs);
	return st;
}

/* ---- The whole import ---- */

bool import_kind_parse(const char *s, enum import_kind *kind)
{
	for (int k = 0; k < 3; k++)
		if (!strcmp(s, kind_names[k])) {
			*kind = (enum import_kind)k;
			return true;
		}
	return false;
}

const char *import_encoding(const char *s)
{
	static const struct { const char *name, *iconv; } enc[] = {
		{ "utf-8", "UTF-8" }, { "utf8", "UTF-8" }, { "cp1250", "CP1250" },
		{ "windows-1250", "CP1250" }, { "iso-8859-2", "ISO-8859-2" }, { "latin2", "ISO-8859-2" },
	};
	for (size_t i = 0; i < sizeof enc / sizeof *enc; i++)
		if (!strcasecmp(s, enc[i].name))
			return enc[i].iconv;
	return NULL;
}

void import_result_free(struct import_result *res)
{
	free(res->errors);
	res->errors = NULL;
	res->nerrors = 0;
}

/* Errors in the order of the file (events are checked in date order). */
static int error_cmp(const void *a, const void *b)
{
	const struct import_error *x = a, *y = b;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* The line of a byte offset (1-based). */
static long line_at(const char *data, size_t off)
{
	long line = 1;
	for (size_t i = 0; i < off; i++)
		line += data[i] == '\n';
	return line;
}

/* Whether this file was imported before, and when. */
static enum ok_status seen_before(struct ok_db *db, const char *kind, const char *hash,
                                  struct import_result *res)
{
	sqlite3_stmt *s = db_stmt(db, "SELECT at FROM import_log WHERE kind = ?1 AND file_hash = ?2");
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		res->same_file = true;
		db_col_text(s, 0, res->imported_at, sizeof res->imported_at);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

enum ok_status import_data(struct ok_db *db, enum import_kind kind, const char *data, size_t n,
                           const char *encoding, const char *name, struct import_result *res)
{
	memset(res, 0, sizeof *res);
	phase(NULL);
	enum ok_status st = staff_require(db, ACT_IMPORT);
	if (st != OK_OK)
		return st;
	struct imp im = { .db = db, .res = res, .kind = kind, .cols = columns[kind] };
	char hash[65];
	sha256_hex(data, n, hash);

	size_t len, bad = 0;
	char *text = conv_to_utf8(data, n, encoding ? encoding : "UTF-8", &len, &bad);
	if (!text) {
		add_error(&im, line_at(data, bad < n ? bad : n), "",
		          _("The file holds a byte sequence that is not valid %s (byte %zu of the file)."),
		          encoding ? encoding : "UTF-8", bad + 1);
		return db_fail(db, OK_EINVAL, "%s", _("Nothing was imported."));
	}
	/* Every reference is checked here, row by row: foreign keys need not
	 * be checked again; a large import touches every index page of the
	 * event table, which a large page cache keeps in memory. */
	phase("read, iconv");
	struct db_bulk bulk;
	db_bulk_begin(db, &bulk);
	if ((st = db_begin(db)) != OK_OK) {
		db_bulk_end(db, &bulk);
		free(text);
		return st;
	}
	if ((st = seen_before(db, kind_names[kind], hash, res)) != OK_OK || res->same_file)
		goto out;
	sqlite3_stmt *s = db_stmt(db, "INSERT INTO import_log(kind, file_hash, file_name, rows, added, actor)"
	                              " VALUES(?1, ?2, ?3, 0, 0, ?4)");
	if (!s) {
		st = OK_EIO;
		goto out;
	}
	sqlite3_bind_text(s, 1, kind_names[kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, name ? name : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, db_actor(db)->login, -1, SQLITE_STATIC);
	if ((st = db_done(db, s)) != OK_OK)
		goto out;
	int64_t import_id = sqlite3_last_insert_rowid(db_sqlite(db));
	if (!(s = db_stmt(db, "SELECT at, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),"
	                      " strftime('%Y-%m-%dT%H:%M:%f', 'now', 'localtime') FROM import_log WHERE id = ?1"))) {
		st = OK_EIO;
		goto out;
	}
	sqlite3_bind_int64(s, 1, import_id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		db_col_text(s, 0, im.now, sizeof im.now);
		im.uid_next = (uint64_t)sqlite3_column_int64(s, 1) << 16;
		db_col_text(s, 2, im.audit_at, sizeof im.audit_at);
	}
	sqlite3_reset(s);
	snprintf(im.audit_detail, sizeof im.audit_detail, "import %lld by %s", (long long)import_id,
	         db_actor(db)->login);

	struct csv_reader rd;
	csv_init(&rd, text, len);
	if (header(&im, &rd)) {
		switch (kind) {
		case IMPORT_CLIENTS:
			st = import_clients(&im, &rd);
			break;
		case IMPORT_EMPLOYERS:
			st = import_employers(&im, &rd);
			break;
		case IMPORT_EVENTS:
			st = import_events(&im, &rd);
			break;
		}
	}
	csv_free(&rd);
	qsort(res->errors, (size_t)res->nerrors, sizeof *res->errors, error_cmp);
	if (st != OK_OK)
		goto out;
	if (res->total_errors) {
		st = db_fail(db, OK_EINVAL, "%s", _("Nothing was imported."));
		goto out;
	}
	if (!(s = db_stmt(db, "UPDATE import_log SET rows = ?2, added = ?3 WHERE id = ?1"))) {
		st = OK_EIO;
		goto out;
	}
	sqlite3_bind_int64(s, 1, import_id);
	sqlite3_bind_int64(s, 2, res->rows);
	sqlite3_bind_int64(s, 3, res->added);
	if ((st = db_done(db, s)) != OK_OK)
		goto out;
	free(text);
	phase("finish");
	st = db_commit(db);
	db_bulk_end(db, &bulk);
	phase("commit");
	return st;
out:
	db_rollback(db);
	db_bulk_end(db, &bulk);
	free(text);
	if (st != OK_OK && st != OK_EINVAL)
		res->added = 0;
	return st;
}
