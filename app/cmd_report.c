/* cmd_report.c: `okienko counts --date DAY` and `okienko report --year
 * YEAR`, each as an aligned table for people or as CSV (the columns of
 * okienko(1)), in UTF-8 or, with --encoding, converted through iconv.
 *
 * The report is computed into a struct ok_report first and printed from
 * it: the office file gives it through report_year(); another source
 * (the city's central database, with --central) only has to fill the
 * same struct through report_compute(). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli.h"
#include "conv.h"
#include "csv.h"

enum format { FORMAT_TEXT, FORMAT_CSV };

static int parse_format(const char *v, enum format *f)
{
	*f = FORMAT_TEXT;
	if (!v || !strcmp(v, "text"))
		return -1;
	if (!strcmp(v, "csv")) {
		*f = FORMAT_CSV;
		return -1;
	}
	return cli_usage_error(_("--format takes text or csv, not %s"), v);
}

static int parse_encoding(const char *v, const char **enc)
{
	*enc = NULL;
	if (v && !(*enc = import_encoding(v)))
		return cli_usage_error(_("--encoding takes utf-8, cp1250 or iso-8859-2, not %s"), v);
	return -1;
}

/* Writes what was built in memory: in the encoding asked for, else CSV
 * as UTF-8 and text in the terminal's charset. */
static int emit(char *buf, size_t len, enum format f, const char *enc)
{
	int status = EXIT_OK;
	if (enc && strcasecmp(enc, "UTF-8") != 0) {
		size_t n;
		char *conv = conv_from_utf8(buf, len, enc, &n);
		if (fwrite(conv, 1, n, stdout) != n)
			status = EXIT_FAILED;
		free(conv);
	} else if (f == FORMAT_TEXT) {
		app_print(stdout, "%s", buf);
	} else if (fwrite(buf, 1, len, stdout) != len) {
		status = EXIT_FAILED;
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		status = EXIT_FAILED;
	if (status != EXIT_OK)
		app_print(stderr, _("okienko: cannot write the output: %s\n"), strerror(errno));
	free(buf);
	return status;
}

static void csv_row(FILE *f, const char *a, const char *b, const char *c)
{
	csv_put(f, a, 0);
	csv_put(f, b, ',');
	csv_put(f, c, ',');
	fputs("\r\n", f);
}

/* Pads s with spaces to `cols` display columns (code points: the labels
 * are Polish or English letters). */
static void pad(FILE *f, const char *s, int cols)
{
	fputs(s, f);
	for (int n = (int)text_utf8_len(s); n < cols; n++)
		fputc(' ', f);
}

static void print_report(FILE *f, const struct ok_report *r, enum format fmt)
{
	char value[32];
	if (fmt == FORMAT_CSV)
		csv_row(f, "code", "indicator", "value");
	else
		fprintf(f, _("Monitoring report for %d\n\n"), r->year);
	for (int i = 0; i < REPORT_INDICATORS; i++) {
		const struct report_indicator *ind = report_indicator(i);
		report_format_value(ind, &r->v[i], value, sizeof value);
		if (fmt == FORMAT_CSV) {
			csv_row(f, ind->code, ind->label_pl, value);
		} else {
			char v[40];
			snprintf(v, sizeof v, "%s%s", value, ind->how == HOW_SHARE ? "%" : "");
			pad(f, ind->code, 8);
			fprintf(f, "%9s  %s\n", v, _(ind->label));
		}
	}
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_DB, OPT_YEAR, OPT_FORMAT, OPT_ENCODING, OPT_CENTRAL, 0 };
	const char *v[CLI_NOPTS] = { 0 };
	const char *enc;
	enum format fmt;
	long year;
	int first, rc = cli_parse(cli, argc, argv, allowed, v, &first);
	if (rc >= 0)
		return rc;
	if (first < argc)
		return cli_usage_error(_("unexpected argument %s"), argv[first]);
	if (!v[CLI_OPT(OPT_YEAR)])
		return cli_usage_error("%s", _("report needs --year YYYY"));
	if (!cli_parse_long(v[CLI_OPT(OPT_YEAR)], 1900, 2299, &year))
		return cli_usage_error(_("--year takes a year such as 2026, not %s"), v[CLI_OPT(OPT_YEAR)]);
	if ((rc = parse_format(v[CLI_OPT(OPT_FORMAT)], &fmt)) >= 0 ||
	    (rc = parse_encoding(v[CLI_OPT(OPT_ENCODING)], &enc)) >= 0)
		return rc;
	/* --central: the city's report, over every office's records. */
	char *city = NULL;
	int status = EXIT_FAILED;
	struct ok_db *db = v[CLI_OPT(OPT_CENTRAL)] ? cli_central_copy(v[CLI_OPT(OPT_CENTRAL)], &city, &status)
	                                          : cli_open_db(cli);
	if (!db)
		return status;
	struct ok_report *r = malloc(sizeof *r);
	if (!r)
		abort();
	enum ok_status st = report_year(db, (int)year, r);
	if (st != OK_OK) {
		app_print(stderr, "okienko: %s\n", db_errmsg(db));
		free(r);
		cli_central_copy_done(db, city);
		return EXIT_FAILED;
	}
	cli_central_copy_done(db, city);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		abort();
	print_report(mem, r, fmt);
	fclose(mem);
	free(r);
	return emit(buf, len, fmt, enc);
}

static void print_counts(FILE *f, const char *day, const struct ok_count *rows, int n, enum format fmt)
{
	char count[24];
	if (fmt == FORMAT_CSV)
		csv_row(f, "counselor", "kind", "count");
	else
		fprintf(f, _("Counts of %s\n\n"), day);
	for (int i = 0; i < n; i++) {
		snprintf(count, sizeof count, "%ld", rows[i].count);
		if (fmt == FORMAT_CSV) {
			csv_row(f, rows[i].staff, rows[i].kind, count);
		} else {
			if (i > 0 && strcmp(rows[i].staff, rows[i - 1].staff) != 0)
				fputc('\n', f);
			pad(f, strcmp(rows[i].staff, "*") ? rows[i].staff : _("office"), 16);
			pad(f, codes_label(CODES_EVENT_KIND, rows[i].kind), 40);
			fprintf(f, "%6s\n", count);
		}
	}
	if (fmt == FORMAT_TEXT && n == 0)
		fprintf(f, "%s\n", _("Nothing was recorded on this day."));
}

int cmd_counts(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_DB, OPT_DATE, OPT_FORMAT, OPT_ENCODING, 0 };
	const char *v[CLI_NOPTS] = { 0 };
	const char *enc;
	enum format fmt;
	struct ok_date d;
	char day[11];
	int first, rc = cli_parse(cli, argc, argv, allowed, v, &first);
	if (rc >= 0)
		return rc;
	if (first < argc)
		return cli_usage_error(_("unexpected argument %s"), argv[first]);
	if (v[CLI_OPT(OPT_DATE)]) {
		if (date_parse(v[CLI_OPT(OPT_DATE)], &d))
			return cli_usage_error(_("--date takes a date YYYY-MM-DD, not %s"), v[CLI_OPT(OPT_DATE)]);
	} else {
		d = date_today();
	}
	date_format(&d, day);
	if ((rc = parse_format(v[CLI_OPT(OPT_FORMAT)], &fmt)) >= 0 ||
	    (rc = parse_encoding(v[CLI_OPT(OPT_ENCODING)], &enc)) >= 0)
		return rc;
	struct ok_db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAILED;
	struct ok_count *rows;
	int n;
	enum ok_status st = counts_day(db, day, &rows, &n);
	if (st != OK_OK) {
		app_print(stderr, "okienko: %s\n", db_errmsg(db));
		db_close(db);
		return EXIT_FAILED;
	}
	db_close(db);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		abort();
	print_counts(mem, day, rows, n, fmt);
	fclose(mem);
	free(rows);
	return emit(buf, len, fmt, enc);
}
