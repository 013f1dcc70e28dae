/* counts.c: the day counts (see counts.h). The counts, the records
 * behind them and the chart's series share one condition, DAY_WHERE or
 * its range form; the office's totals are added up from the per-staff
 * rows, so that they agree with them by construction. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counts.h"
#include "db_private.h"
#include "intl.h"
#include "staff.h"

static const char *const kinds[] = {
	"initial_interview", "individual_advice", "group_advice", "vocational_info", "test_examination",
	"employer_advice", "referral_counselor", "referral_soft_skills", "referral_training",
	"referral_internship", "referral_socially_useful_work", "referral_outcome", "deregistration",
};
#define NKINDS ((int)(sizeof kinds / sizeof *kinds))

#define COUNTED_KINDS \
	"('initial_interview','individual_advice','group_advice','vocational_info','test_examination'," \
	"'employer_advice','referral_counselor','referral_soft_skills','referral_training'," \
	"'referral_internship','referral_socially_useful_work','referral_outcome','deregistration')"
/* Recorded at this office (the nightly sync brings the other offices'
 * events into the file too). */
#define COUNTED " AND e.kind IN " COUNTED_KINDS " AND e.state = 'active'" \
	" AND e.office = (SELECT value FROM meta WHERE key = 'office')"
#define DAY_WHERE " WHERE e.occurred_on = ?1" COUNTED

const char *const *counts_kinds(int *n)
{
	*n = NKINDS;
	return kinds;
}

static int kind_index(const char *k)
{
	for (int i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i], k) == 0)
			return i;
	return NKINDS;
}

static int by_staff_kind(const void *a, const void *b)
{
	const struct ok_count *x = a, *y = b;
	int c = strcmp(x->staff, y->staff);
	return c ? c : kind_index(x->kind) - kind_index(y->kind);
}

static enum ok_status check_day(struct ok_db *db, const char *day, struct ok_date *d)
{
	const char *m = date_parse(day ? day : "", d);
	return m ? db_fail_field(db, "day", OK_EINVAL, "%s", m) : OK_OK;
}

enum ok_status counts_day(struct ok_db *db, const char *day, struct ok_count **rows, int *n)
{
	struct ok_date d;
	*rows = NULL;
	*n = 0;
	enum ok_status st = staff_require(db, ACT_COUNTS_VIEW);
	if (st != OK_OK || (st = check_day(db, day, &d)) != OK_OK)
		return st;
	/* Counted from event_live alone, grouped in its order (kind, then
	 * staff member, for the day and office): no table row, no sort; the
	 * logins are joined to the few groups afterwards. */
	sqlite3_stmt *s = db_stmt(db, "SELECT t.staff_id, s.login, t.kind, t.n FROM"
	                              " (SELECT e.staff_id AS staff_id, e.kind AS kind, count(*) AS n FROM event e"
	                              DAY_WHERE " GROUP BY e.kind, e.staff_id) AS t"
	                              " JOIN staff s ON s.id = t.staff_id");
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, day, -1, SQLITE_STATIC);
	int cap = NKINDS, rc;
	struct ok_count *r = calloc((size_t)cap, sizeof *r);
	if (!r)
		abort();
	long totals[NKINDS] = { 0 };
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n + NKINDS >= cap) {
			cap *= 2;
			struct ok_count *g = realloc(r, (size_t)cap * sizeof *r);
			if (!g)
				abort();
			r = g;
		}
		struct ok_count *c = &r[(*n)++];
		memset(c, 0, sizeof *c);
		c->staff_id = sqlite3_column_int64(s, 0);
		db_col_text(s, 1, c->staff, sizeof c->staff);
		db_col_text(s, 2, c->kind, sizeof c->kind);
		c->count = (long)sqlite3_column_int64(s, 3);
		int k = kind_index(c->kind);
		if (k < NKINDS)
			totals[k] += c->count;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(r);
		*n = 0;
		return db_sqlfail(db, rc);
	}
	qsort(r, (size_t)*n, sizeof *r, by_staff_kind);
	for (int k = 0; k < NKINDS; k++) {
		if (!totals[k])
			continue;
		struct ok_count *c = &r[(*n)++];
		memset(c, 0, sizeof *c);
		snprintf(c->staff, sizeof c->staff, "*");
		snprintf(c->kind, sizeof c->kind, "%s", kinds[k]);
		c->count = totals[k];
	}
	*rows = r;
	return OK_OK;
}

enum ok_status counts_drill(struct ok_db *db, const char *day, int64_t staff_id, const char *kind,
                            struct ok_records *out)
{
	struct ok_date d;
	enum ok_status st = staff_require(db, ACT_COUNTS_VIEW);
	if (st == OK_OK)
		st = staff_require(db, ACT_CLIENT_READ);
	if (st != OK_OK || (st = check_day(db, day, &d)) != OK_OK)
		return st;
	sqlite3_stmt *s = db_stmt(db, "SELECT 'e', e.id, e.occurred_on, e.client_id, e.employer_id,"
	                              " coalesce(c.last_name || ' ' || c.first_name, m.name), s.login, e.kind, e.detail, 1"
	                              " FROM event e JOIN staff s ON s.id = e.staff_id"
	                              " LEFT JOIN client c ON c.id = e.client_id LEFT JOIN employer m ON m.id = e.employer_id"
	                              DAY_WHERE " AND (?2 = 0 OR e.staff_id = ?2) AND (?3 = '' OR e.kind = ?3)"
	                              " ORDER BY coalesce(e.occurred_at, ''), e.id");
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, staff_id);
	sqlite3_bind_text(s, 3, kind ? kind : "", -1, SQLITE_STATIC);
	int rc;
	const char *cols[10];
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < 10; i++)
			cols[i] = (const char *)sqlite3_column_text(s, i);
		records_add_row(out, 10, cols);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

/* Easter Sunday (the anonymous Gregorian algorithm). */
static struct ok_date easter(int y)
{
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	struct ok_date r = { y, (h + l - 7 * m + 114) / 31, (h + l - 7 * m + 114) % 31 + 1 };
	return r;
}

bool counts_working_day(const struct ok_date *d)
{
	long days = date_to_days(d);
	int dow = (int)(((days + 4) % 7 + 7) % 7);   /* 0 Sunday; 1970-01-01 was a Thursday */
	if (dow == 0 || dow == 6)
		return false;
	static const int fixed[][2] = {
		{ 1, 1 }, { 1, 6 }, { 5, 1 }, { 5, 3 }, { 8, 15 }, { 11, 1 }, { 11, 11 }, { 12, 25 }, { 12, 26 },
	};
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		if (d->m == fixed[i][0] && d->d == fixed[i][1])
			return false;
	if (d->y >= 2025 && d->m == 12 && d->d == 24)   /* a holiday since 2025 */
		return false;
	struct ok_date e = easter(d->y);
	long ed = date_to_days(&e);
	/* Easter Monday, Corpus Christi (Pentecost is a Sunday). */
	return days != ed + 1 && days != ed + 60;
}

enum ok_status counts_series(struct ok_db *db, const char *day, int n, struct ok_day_total *out)
{
	struct ok_date d;
	enum ok_status st = staff_require(db, ACT_COUNTS_VIEW);
	if (st != OK_OK || (st = check_day(db, day, &d)) != OK_OK)
		return st;
	if (n <= 0)
		return OK_OK;
	long at = date_to_days(&d);
	for (int i = n - 1; i >= 0; at--) {
		struct ok_date x = date_from_days(at);
		if (!counts_working_day(&x))
			continue;
		date_format(&x, out[i].day);
		out[i].count = 0;
		i--;
	}
	sqlite3_stmt *s = db_stmt(db, "SELECT e.occurred_on, count(*) FROM event e"
	                              " WHERE e.occurred_on BETWEEN ?1 AND ?2" COUNTED
	                              " GROUP BY e.occurred_on");
	if (!s)
		return OK_EIO;
	sqlite3_bind_text(s, 1, out[0].day, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, out[n - 1].day, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *on = (const char *)sqlite3_column_text(s, 0);
		for (int i = 0; on && i < n; i++)
			if (strcmp(out[i].day, on) == 0)
				out[i].count = (long)sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}
