/* bench.c: samples, quantiles, the table and the TSV file of bench.h. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

struct row {
	char name[64];
	char median[64], p99[64];   /* the figures, or why there are none */
	char unit[16];
	char target[48];
	const char *met;            /* "yes", "no" or "-" */
};

static struct row *rows;
static int nrows, caprows, missing;

double bench_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void bench_add(struct bench_samples *s, double v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = realloc(s->v, (size_t)s->cap * sizeof *s->v);
		if (!s->v)
			abort();
	}
	s->v[s->n++] = v;
}

void bench_clear(struct bench_samples *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double bench_quantile(const struct bench_samples *s, double q)
{
	if (s->n == 0)
		return 0;
	double *v = malloc((size_t)s->n * sizeof *v);
	if (!v)
		abort();
	memcpy(v, s->v, (size_t)s->n * sizeof *v);
	qsort(v, (size_t)s->n, sizeof *v, cmp_double);
	/* Nearest rank: the smallest sample with at least q of them at or
	 * below it. */
	int k = (int)ceil(q * s->n);
	if (k < 1)
		k = 1;
	double r = v[k - 1];
	free(v);
	return r;
}

static struct row *new_row(const char *name, const char *unit, struct bench_target t)
{
	if (nrows == caprows) {
		caprows = caprows ? caprows * 2 : 32;
		rows = realloc(rows, (size_t)caprows * sizeof *rows);
		if (!rows)
			abort();
	}
	struct row *r = &rows[nrows++];
	memset(r, 0, sizeof *r);
	snprintf(r->name, sizeof r->name, "%s", name);
	snprintf(r->unit, sizeof r->unit, "%s", unit);
	if (t.stat == BENCH_INFO)
		snprintf(r->target, sizeof r->target, "-");
	else
		snprintf(r->target, sizeof r->target, "%s %s %g", t.stat == BENCH_MEDIAN ? "median" : "p99",
		         t.side == BENCH_BELOW ? "<" : ">=", t.limit);
	r->met = "-";
	return r;
}

static void figure(char *out, size_t n, double v)
{
	if (fabs(v) >= 1000)
		snprintf(out, n, "%.0f", v);
	else if (fabs(v) >= 10)
		snprintf(out, n, "%.1f", v);
	else
		snprintf(out, n, "%.3f", v);
}

bool bench_report_values(const char *name, double median, double p99, const char *unit,
                         struct bench_target t)
{
	struct row *r = new_row(name, unit, t);
	figure(r->median, sizeof r->median, median);
	figure(r->p99, sizeof r->p99, p99);
	if (t.stat == BENCH_INFO)
		return true;
	double v = t.stat == BENCH_MEDIAN ? median : p99;
	bool met = t.side == BENCH_BELOW ? v < t.limit : v >= t.limit;
	r->met = met ? "yes" : "no";
	return met;
}

bool bench_report(const char *name, const struct bench_samples *s, const char *unit,
                  struct bench_target t)
{
	if (s->n == 0) {
		bench_not_measured(name, unit, t, "no samples");
		return false;
	}
	return bench_report_values(name, bench_quantile(s, 0.5), bench_quantile(s, 0.99), unit, t);
}

void bench_not_measured(const char *name, const char *unit, struct bench_target t,
                        const char *why, ...)
{
	struct row *r = new_row(name, unit, t);
	char reason[48];
	va_list ap;
	va_start(ap, why);
	vsnprintf(reason, sizeof reason, why, ap);
	va_end(ap);
	/* One line of the TSV: no tabs or newlines in the reason. */
	for (char *p = reason; *p; p++)
		if (*p == '\t' || *p == '\n')
			*p = ' ';
	snprintf(r->median, sizeof r->median, "not measured (%s)", reason);
	snprintf(r->p99, sizeof r->p99, "-");
	r->met = "no";
	missing++;
}

void bench_print_table(FILE *out)
{
	int wn = 4, wm = 6, wp = 3, wu = 4, wt = 6;
#define WIDEN(w, s) do { int l_ = (int)strlen(s); if (l_ > (w)) (w) = l_; } while (0)
	for (int i = 0; i < nrows; i++) {
		WIDEN(wn, rows[i].name);
		WIDEN(wm, rows[i].median);
		WIDEN(wp, rows[i].p99);
		WIDEN(wu, rows[i].unit);
		WIDEN(wt, rows[i].target);
	}
#undef WIDEN
	fprintf(out, "%-*s  %*s  %*s  %-*s  %-*s  %s\n", wn, "name", wm, "median", wp, "p99", wu,
	        "unit", wt, "target", "met");
	for (int i = 0; i < nrows; i++)
		fprintf(out, "%-*s  %*s  %*s  %-*s  %-*s  %s\n", wn, rows[i].name, wm, rows[i].median, wp,
		        rows[i].p99, wu, rows[i].unit, wt, rows[i].target, rows[i].met);
}

bool bench_write_tsv(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	for (int i = 0; i < nrows; i++)
		fprintf(f, "%s\t%s\t%s\t%s\t%s\t%s\n", rows[i].name, rows[i].median, rows[i].p99,
		        rows[i].unit, rows[i].target, rows[i].met);
	return fclose(f) == 0;
}

int bench_missing_count(void)
{
	return missing;
}

void bench_free(void)
{
	free(rows);
	rows = NULL;
	nrows = caprows = missing = 0;
}
