/* report.h: the yearly monitoring report of the city's employment
 * programme: the 60 indicators of ../shared/indicators.tsv, in its order,
 * computed from a year's records, and the records behind each number.
 *
 * Every indicator is one SQL query in the table of report.c that lists
 * the records behind it (one row per event counted, per client or
 * employer counted once, per activity-log entry or per programme); the
 * number is the sum of the rows' quantities over that very query, so
 * that the list and the number always agree. (Events are chosen by a key
 * query that the number sums; their list is those key rows, each named
 * by LEFT JOINs on primary keys, which can neither drop nor repeat one.) A share (2.2.2, 3.2.3) is
 * the percentage of rows with quantity 1 among all rows.
 *
 * The queries read through a report source: the office's SQLite file
 * (report_source_office) or, for the city-wide report, another database
 * holding the same tables (the nightly sync's central one). Their SQL is
 * plain: ?1 is the year's first day and ?2 its last (YYYY-MM-DD); the
 * only dialect-specific parts are the date arithmetic of 1.3.2b and
 * 3.2.3 (SQLite's date(x, '+3 months')), which report_sql() shows. */
#ifndef OKIENKO_REPORT_H
#define OKIENKO_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* Where an indicator's number comes from. */
enum report_how {
	HOW_EVENTS,      /* a count of events (or of vacancy places) */
	HOW_CLIENTS,     /* distinct clients */
	HOW_EMPLOYERS,   /* distinct employers */
	HOW_AREAS,       /* distinct training areas */
	HOW_SHARE,       /* a percentage */
	HOW_ACTIVITY,    /* the office activity log */
	HOW_PROGRAMMES   /* the programmes and projects register */
};

#define REPORT_INDICATORS 60

struct report_indicator {
	const char *code;      /* as in indicators.tsv: "1.1.1a" */
	const char *label_pl;  /* the report's own words (CSV labels) */
	const char *label;     /* English msgid; _() gives the Polish under Polish locales */
	enum report_how how;
};

/* The indicators in the report's order; NULL past the end. */
const struct report_indicator *report_indicator(int i);
/* The index of a code, -1 when there is none. */
int report_find(const char *code);
/* The SQL of an indicator: the records behind it (ordered by day), and
 * its value (the sum of quantities and the number of rows). */
void report_sql(int i, const char **rows_sql, const char **value_sql);
/* The same as the indicator's definition: the query over the case
 * records themselves. report_year() reads the office's facts for the
 * indicators that report_counts_facts() names (see report.c), which give
 * the same numbers and records; report_compute() on any source, such as
 * another database, reads these. */
void report_reference_sql(int i, const char **rows_sql, const char **value_sql);
bool report_counts_facts(int i);
/* The statements that write an indicator's facts: of every client, and
 * of the clients noted in report_stale (NULL when it has none). */
void report_facts_sql(int i, const char **all, const char **noted);
/* Whether an activity-log entry may carry this indicator code. */
bool report_is_activity(const char *code);

/* One record behind a number (report or day counts). */
struct ok_record {
	char src;                /* 'e' event, 'a' activity entry, 'p' programme, 'm' employer */
	int64_t id;              /* the event's, entry's, programme's or employer's id */
	char day[11];
	int64_t client_id;       /* 0 none */
	int64_t employer_id;     /* 0 none */
	char who[256];           /* the client ("Last First"), the employer, or a description */
	char staff[64];          /* who recorded it */
	char kind[40];           /* event kind, indicator or programme kind code */
	char detail[128];        /* the event's detail (destination, area, reason, ...) */
	long long q;             /* what it adds to the number */
};

struct ok_records {
	struct ok_record *rows;
	int n, cap;
};
void records_free(struct ok_records *r);
/* Appends one result row (the ten columns src, id, day, client_id,
 * employer_id, who, staff, kind, detail, q) to the ok_records at arg: a
 * row callback of struct report_source. */
bool records_add_row(void *arg, int ncols, const char *const *cols);

/* A source of report data: runs sql with nparams text parameters and
 * calls row() for each result row (column texts, NULL for NULL); row()
 * returns false to stop. Returns OK_OK or a failure with a translated
 * message in errmsg(ctx). */
struct report_source {
	void *ctx;
	enum ok_status (*query)(void *ctx, const char *sql, int nparams, const char *const *params,
	                        bool (*row)(void *arg, int ncols, const char *const *cols), void *arg);
	const char *(*errmsg)(void *ctx);
};

/* The office file as a source (reads only; no role check: the callers
 * below check it). */
void report_source_office(struct report_source *src, struct ok_db *db);

struct ok_report_value {
	long long value;         /* the number (a share: see pct) */
	long long rows;          /* records behind it */
	double pct;              /* HOW_SHARE: 100 * value / rows */
	bool not_applicable;     /* a share with no records (shown as 0) */
};

struct ok_report {
	int year;
	struct ok_report_value v[REPORT_INDICATORS];
};

/* Computes every indicator of the year from a source. */
enum ok_status report_compute(const struct report_source *src, int year, struct ok_report *out);
/* The records behind indicator i (appended to out). */
enum ok_status report_drill_source(const struct report_source *src, int year, int i,
                                   struct ok_records *out);

/* The same on the office file, for the acting staff member: the report
 * needs ACT_COUNTS_VIEW, the records behind it ACT_CLIENT_READ too. On
 * failure the message is in db_errmsg(db). */
enum ok_status report_year(struct ok_db *db, int year, struct ok_report *out);
enum ok_status report_drill(struct ok_db *db, int year, int i, struct ok_records *out);

/* The value as the report prints it: "1796", or a share "76.2". */
void report_format_value(const struct report_indicator *ind, const struct ok_report_value *v,
                         char *out, size_t size);

#endif
