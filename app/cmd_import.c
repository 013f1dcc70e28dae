/* cmd_import.c: `okienko import KIND FILE` and `okienko export KIND`, the
 * CSV formats of okienko(1). The import reads the whole file, so that
 * every row can be checked before anything is kept; its report goes to
 * standard error: one line per invalid row, FILE:LINE: column: reason. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli.h"

/* The whole file (or standard input for "-"); NULL with errno set. */
static char *read_all(const char *path, size_t *n)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	if (!buf)
		abort();
	size_t got;
	while ((got = fread(buf + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			cap *= 2;
			char *b = realloc(buf, cap);
			if (!b)
				abort();
			buf = b;
		}
	}
	int err = ferror(f) ? errno : 0;
	if (f != stdin)
		fclose(f);
	if (err) {
		free(buf);
		errno = err;
		return NULL;
	}
	*n = len;
	return buf;
}

static int parse_kind(const char *what, const char *s, enum import_kind *kind)
{
	if (!s)
		return cli_usage_error(_("%s needs what: clients, employers or events"), what);
	if (!import_kind_parse(s, kind))
		return cli_usage_error(_("%s takes clients, employers or events, not %s"), what, s);
	return -1;
}

static int parse_encoding(const char *v, const char **enc)
{
	*enc = "UTF-8";
	if (v && !(*enc = import_encoding(v)))
		return cli_usage_error(_("--encoding takes utf-8, cp1250 or iso-8859-2, not %s"), v);
	return -1;
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_DB, OPT_ENCODING, 0 };
	const char *v[CLI_NOPTS] = { 0 };
	const char *enc;
	enum import_kind kind;
	int first, rc = cli_parse(cli, argc, argv, allowed, v, &first);
	if (rc >= 0)
		return rc;
	if ((rc = parse_kind("import", first < argc ? argv[first] : NULL, &kind)) >= 0)
		return rc;
	if (first + 1 >= argc)
		return cli_usage_error("%s", _("import needs the file to read"));
	if (first + 2 < argc)
		return cli_usage_error(_("unexpected argument %s"), argv[first + 2]);
	if ((rc = parse_encoding(v[CLI_OPT(OPT_ENCODING)], &enc)) >= 0)
		return rc;
	const char *path = argv[first + 1];
	size_t n;
	char *data = read_all(path, &n);
	if (!data) {
		app_print(stderr, _("okienko: cannot read %s: %s\n"), path, strerror(errno));
		return EXIT_FAILED;
	}
	struct ok_db *db = cli_open_db(cli);
	if (!db) {
		free(data);
		return EXIT_FAILED;
	}
	struct import_result res;
	enum ok_status st = import_data(db, kind, data, n, enc, path, &res);
	free(data);
	for (int i = 0; i < res.nerrors; i++) {
		const struct import_error *e = &res.errors[i];
		if (e->column[0])
			app_print(stderr, "%s:%ld: %s: %s\n", path, e->line, e->column, e->msg);
		else
			app_print(stderr, "%s:%ld: %s\n", path, e->line, e->msg);
	}
	if (res.total_errors > res.nerrors)
		app_print(stderr, _("%s: %ld more invalid rows not shown\n"), path,
		          res.total_errors - res.nerrors);
	int status = EXIT_OK;
	if (st != OK_OK) {
		if (res.total_errors)
			app_print(stderr, _("okienko: %ld of %ld rows are invalid; nothing was imported.\n"),
			          res.total_errors, res.rows);
		else
			app_print(stderr, "okienko: %s\n", db_errmsg(db));
		status = EXIT_FAILED;
	} else if (res.same_file) {
		app_print(stderr, _("okienko: this file was imported already (%s); nothing changed.\n"),
		          res.imported_at);
	} else {
		app_print(stderr, _("okienko: %ld rows imported, %ld already on file, of %ld rows.\n"),
		          res.added, res.present, res.rows);
	}
	import_result_free(&res);
	db_close(db);
	return status;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_DB, OPT_YEAR, OPT_ENCODING, 0 };
	const char *v[CLI_NOPTS] = { 0 };
	const char *enc;
	enum import_kind kind;
	int first, rc = cli_parse(cli, argc, argv, allowed, v, &first);
	if (rc >= 0)
		return rc;
	if ((rc = parse_kind("export", first < argc ? argv[first] : NULL, &kind)) >= 0)
		return rc;
	if (first + 1 < argc)
		return cli_usage_error(_("unexpected argument %s"), argv[first + 1]);
	if ((rc = parse_encoding(v[CLI_OPT(OPT_ENCODING)], &enc)) >= 0)
		return rc;
	long year = 0;
	if (v[CLI_OPT(OPT_YEAR)] && !cli_parse_long(v[CLI_OPT(OPT_YEAR)], 1900, 2299, &year))
		return cli_usage_error(_("--year takes a year such as 2026, not %s"), v[CLI_OPT(OPT_YEAR)]);
	struct ok_db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAILED;
	enum ok_status st = export_csv(db, kind, (int)year, enc, stdout);
	if (st != OK_OK)
		app_print(stderr, "okienko: %s\n", db_errmsg(db));
	db_close(db);
	return st == OK_OK ? EXIT_OK : EXIT_FAILED;
}
