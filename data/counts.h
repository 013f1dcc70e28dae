/* counts.h: the supervisors' day counts: per staff member and per kind
 * of service, referral, outcome and deregistration on one day, the
 * office's totals, the records behind any of them, and the totals of the
 * last working days for a chart. Only active events count.
 *
 * Counts and records are read with the same condition (one SQL text in
 * counts.c), so that a list and its number agree; every query reads the
 * event_day index (occurred_on, kind, staff_id) for the days asked, never
 * the whole table. Needs ACT_COUNTS_VIEW; the records behind a number
 * ACT_CLIENT_READ too. */
#ifndef OKIENKO_COUNTS_H
#define OKIENKO_COUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include "date.h"
#include "db.h"
#include "report.h"

/* The event kinds counted, in the order they are shown. */
const char *const *counts_kinds(int *n);

struct ok_count {
	int64_t staff_id;        /* 0: the office's total */
	char staff[64];          /* login, "*" for the total */
	char kind[32];
	long count;
};

/* The day's non-zero counts ordered by staff login and kind, then the
 * office's totals per kind (staff "*"). Free *rows with free(). */
enum ok_status counts_day(struct ok_db *db, const char *day, struct ok_count **rows, int *n);

/* The records behind a count: staff_id 0 for everyone, kind "" for
 * every counted kind. */
enum ok_status counts_drill(struct ok_db *db, const char *day, int64_t staff_id, const char *kind,
                            struct ok_records *out);

/* Working days: Monday to Friday except Polish public holidays. */
bool counts_working_day(const struct ok_date *d);

struct ok_day_total {
	char day[11];
	long count;
};

/* The office's total for each of the n working days up to and including
 * `day` (or the last working day before it), oldest first. */
enum ok_status counts_series(struct ok_db *db, const char *day, int n, struct ok_day_total *out);

#endif
