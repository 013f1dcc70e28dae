/* bench.h: a small benchmark framework. A measurement collects samples
 * (one per repetition), and its row reports their median and 99th
 * percentile against a target; the rows are printed as a table and
 * written to a TSV file, one line per row:
 *   name<TAB>median<TAB>p99<TAB>unit<TAB>target<TAB>met
 * A measurement whose feature does not exist yet, or that could not run,
 * still gets its row ("not measured (...)", met "no"), so that nothing
 * silently disappears from the table. */
#ifndef OKIENKO_BENCH_H
#define OKIENKO_BENCH_H

#include <stdbool.h>
#include <stdio.h>

struct bench_samples {
	double *v;
	int n, cap;
};

/* What a target is about: the median or the 99th percentile, and which
 * side of the limit passes. BENCH_INFO rows have no target. */
enum bench_stat { BENCH_MEDIAN, BENCH_P99, BENCH_INFO };
enum bench_side { BENCH_BELOW, BENCH_AT_LEAST };

struct bench_target {
	enum bench_stat stat;
	enum bench_side side;
	double limit;
};

/* Monotonic time in milliseconds. */
double bench_now_ms(void);

void bench_add(struct bench_samples *s, double v);
void bench_clear(struct bench_samples *s);
/* The q-quantile (0..1) of the samples, nearest rank; 0 when empty. */
double bench_quantile(const struct bench_samples *s, double q);

/* Records a row from samples. Returns whether the target was met. */
bool bench_report(const char *name, const struct bench_samples *s, const char *unit,
                  struct bench_target t);
/* Records a row with the two figures given (a ratio, a rate). */
bool bench_report_values(const char *name, double median, double p99, const char *unit,
                         struct bench_target t);
/* Records a row that could not be measured; why is shown in place of the
 * figures ("feature missing", "failed: ..."). */
void bench_not_measured(const char *name, const char *unit, struct bench_target t,
                        const char *why, ...) __attribute__((format(printf, 4, 5)));

/* Prints the table of all rows so far. */
void bench_print_table(FILE *out);
/* Writes the TSV file; returns false on an I/O error. */
bool bench_write_tsv(const char *path);
/* How many rows were not measured. */
int bench_missing_count(void);
/* Frees the rows. */
void bench_free(void);

#endif
