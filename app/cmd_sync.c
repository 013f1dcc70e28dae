/* cmd_sync.c: `okienko central init TARGET`, `okienko sync [--central
 * TARGET]`, `okienko sync --conflicts` and `okienko sync resolve ID
 * local|other` (okienko(1), SYNC). The target comes from --central, else
 * from the configuration file (key `central`). A password is refused in
 * either place: libpq reads it from ~/.pgpass or pg_service.conf.
 *
 * On success sync prints one line: sent, received, conflicts, seconds.
 * On failure one line on standard error and a status telling the kind of
 * failure apart (the SYNC_EXIT_ values below, documented in the man
 * page), with nothing half-applied on either side. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "central.h"
#include "cli.h"
#include "sync.h"

enum {
	SYNC_EXIT_UNREACHABLE = 3,
	SYNC_EXIT_AUTH = 4,
	SYNC_EXIT_TLS = 5,
	SYNC_EXIT_FULL = 6,
	SYNC_EXIT_NEWER = 7,
	SYNC_EXIT_NOSCHEMA = 8,
	SYNC_EXIT_RESTORED = 9,
	SYNC_EXIT_BUSY = 10
};

static int exit_status(enum central_status st)
{
	switch (st) {
	case CENTRAL_OK: return EXIT_OK;
	case CENTRAL_EUNREACHABLE: return SYNC_EXIT_UNREACHABLE;
	case CENTRAL_EAUTH: return SYNC_EXIT_AUTH;
	case CENTRAL_ETLS: return SYNC_EXIT_TLS;
	case CENTRAL_EFULL: return SYNC_EXIT_FULL;
	case CENTRAL_ENEWER: return SYNC_EXIT_NEWER;
	case CENTRAL_ENOSCHEMA: return SYNC_EXIT_NOSCHEMA;
	case CENTRAL_ERESTORED: return SYNC_EXIT_RESTORED;
	case CENTRAL_EBUSY: return SYNC_EXIT_BUSY;
	default: return EXIT_FAILED;
	}
}

/* Whether a target carries a password (password=..., or user:pass@ in
 * a URI). */
static bool has_password(const char *t)
{
	char low[1024];
	size_t i;
	for (i = 0; t[i] && i + 1 < sizeof low; i++)
		low[i] = (char)tolower((unsigned char)t[i]);
	low[i] = '\0';
	if (strstr(low, "password="))
		return true;
	const char *scheme = strstr(low, "://");
	if (scheme && !central_is_sqlite(t)) {
		const char *at = strchr(scheme + 3, '@');
		const char *slash = strchr(scheme + 3, '/');
		if (at && (!slash || at < slash)) {
			const char *colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3));
			if (colon)
				return true;
		}
	}
	return false;
}

/* The configuration file: $OKIENKO_CONFIG, else
 * $XDG_CONFIG_HOME/okienko/okienko.conf (~/.config/...), else
 * /etc/okienko.conf. Lines `key = value`; # starts a comment. */
static bool config_value(const char *key, char *out, size_t n, char *path, size_t pathsz)
{
	const char *env = getenv("OKIENKO_CONFIG");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	char cand[2][1024];
	int nc = 0;
	if (env && *env)
		snprintf(cand[nc++], sizeof cand[0], "%s", env);
	else {
		if (xdg && *xdg == '/')
			snprintf(cand[nc++], sizeof cand[0], "%s/okienko/okienko.conf", xdg);
		else if (home && *home)
			snprintf(cand[nc++], sizeof cand[0], "%s/.config/okienko/okienko.conf", home);
		snprintf(cand[nc++], sizeof cand[0], "%s", "/etc/okienko.conf");
	}
	for (int i = 0; i < nc; i++) {
		FILE *f = fopen(cand[i], "r");
		if (!f)
			continue;
		char line[1200];
		bool found = false;
		while (!found && fgets(line, sizeof line, f)) {
			char *p = line;
			while (isspace((unsigned char)*p))
				p++;
			if (*p == '#' || !*p)
				continue;
			size_t kl = strlen(key);
			if (strncmp(p, key, kl) != 0)
				continue;
			p += kl;
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p != '=')
				continue;
			p++;
			while (*p == ' ' || *p == '\t')
				p++;
			size_t l = strcspn(p, "\r\n");
			while (l && (p[l - 1] == ' ' || p[l - 1] == '\t'))
				l--;
			snprintf(out, n, "%.*s", (int)l, p);
			found = true;
		}
		fclose(f);
		snprintf(path, pathsz, "%.1000s", cand[i]);
		return found;
	}
	return false;
}

/* The target of --central, else of the configuration file; NULL after
 * printing why not. */
static const char *target_of(const char *given, char *buf, size_t n, int *status)
{
	char path[1024] = "";
	if (given) {
		if (has_password(given)) {
			*status = cli_usage_error("%s", _("a password does not belong on the command line: put it in ~/.pgpass or a service file"));
			return NULL;
		}
		return given;
	}
	if (!config_value("central", buf, n, path, sizeof path) || !*buf) {
		*status = cli_usage_error("%s", _("no central database: give --central TARGET or set central in the configuration file"));
		return NULL;
	}
	if (has_password(buf)) {
		app_print(stderr, _("okienko: %s holds a password: remove it and put it in ~/.pgpass or a service file\n"), path);
		*status = EXIT_FAILED;
		return NULL;
	}
	return buf;
}

static int cmd_central_init(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_DB, 0 };
	const char *v[CLI_NOPTS] = { 0 };
	int first, rc = cli_parse(cli, argc, argv, allowed, v, &first);
	if (rc >= 0)
		return rc;
	if (first >= argc || strcmp(argv[first], "init") != 0)
		return cli_usage_error(_("unknown central command %s: use central init TARGET"), first < argc ? argv[first] : "");
	if (first + 2 != argc)
		return cli_usage_error("%s", _("central init takes exactly one TARGET"));
	int status = EXIT_OK;
	char buf[1024];
	const char *target = target_of(argv[first + 1], buf, sizeof buf, &status);
	if (!target)
		return status;
	enum central_status st;
	char err[1024];
	struct central *c = central_open(target, true, &st, err, sizeof err);
	if (!c) {
		app_print(stderr, "okienko: %s\n", err);
		return exit_status(st);
	}
	st = central_init(c);
	if (st != CENTRAL_OK)
		app_print(stderr, "okienko: %s\n", c->err);
	else
		app_print(stdout, _("The central database %s is ready (schema %d).\n"), c->label, CENTRAL_SCHEMA_VERSION);
	central_close(c);
	return exit_status(st);
}

int cmd_central(struct cli *cli, int argc, char **argv)
{
	return cmd_central_init(cli, argc, argv);
}

static int print_conflict(const struct sync_conflict *k, void *arg)
{
	long *n = arg;
	(*n)++;
	const char *kind = !strcmp(k->kind, "duplicate") ? _("duplicate") : _("changed at both offices");
	app_print(stdout, "%lld\t%s\t%s\t%s\t%s\t%s", (long long)k->id, k->detected_at, k->office, k->tbl, kind, k->label);
	if (k->fields[0])
		app_print(stdout, "\t%s: %s", _("fields"), k->fields);
	if (k->held)
		app_print(stdout, _("\t%ld records waiting for it"), k->held);
	app_print(stdout, "\n");
	return 0;
}

static int list_conflicts(struct ok_db *db)
{
	long n = 0;
	if (sync_conflicts(db, print_conflict, &n) != OK_OK) {
		app_print(stderr, "okienko: %s\n", db_errmsg(db));
		return EXIT_FAILED;
	}
	if (n == 0)
		app_print(stderr, "%s\n", _("No open conflicts."));
	return EXIT_OK;
}

static int resolve(struct ok_db *db, const char *id_s, const char *choice_s)
{
	long id;
	if (!cli_parse_long(id_s, 1, 2147483647L, &id))
		return cli_usage_error(_("sync resolve takes a conflict number, not %s"), id_s);
	enum sync_choice choice;
	if (!strcmp(choice_s, "local"))
		choice = SYNC_KEEP_LOCAL;
	else if (!strcmp(choice_s, "other"))
		choice = SYNC_TAKE_OTHER;
	else
		return cli_usage_error(_("sync resolve takes local or other, not %s"), choice_s);
	if (sync_resolve(db, id, choice) != OK_OK) {
		app_print(stderr, "okienko: %s\n", db_errmsg(db));
		return EXIT_FAILED;
	}
	app_print(stderr, choice == SYNC_KEEP_LOCAL ? _("Conflict %ld: this office's version kept.\n")
	                                            : _("Conflict %ld: the other office's version taken.\n"), id);
	return EXIT_OK;
}

int cmd_sync(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_DB, OPT_CENTRAL, OPT_CONFLICTS, 0 };
	const char *v[CLI_NOPTS] = { 0 };
	int first, rc = cli_parse(cli, argc, argv, allowed, v, &first);
	if (rc >= 0)
		return rc;
	bool resolving = first < argc && !strcmp(argv[first], "resolve");
	if (resolving && first + 3 != argc)
		return cli_usage_error("%s", _("sync resolve takes a conflict number and local or other"));
	if (!resolving && first != argc)
		return cli_usage_error(_("unexpected argument %s"), argv[first]);
	if ((resolving || v[CLI_OPT(OPT_CONFLICTS)]) && v[CLI_OPT(OPT_CENTRAL)])
		return cli_usage_error("%s", _("--central does not apply to the conflicts"));
	if (resolving || v[CLI_OPT(OPT_CONFLICTS)]) {
		struct ok_db *db = cli_open_db(cli);
		if (!db)
			return EXIT_FAILED;
		int status = resolving ? resolve(db, argv[first + 1], argv[first + 2]) : list_conflicts(db);
		db_close(db);
		return status;
	}
	int status = EXIT_OK;
	char buf[1024];
	const char *target = target_of(v[CLI_OPT(OPT_CENTRAL)], buf, sizeof buf, &status);
	if (!target)
		return status;
	struct sync_options opt = { 0 };
	const char *b = getenv("OKIENKO_SYNC_BATCH");
	long n;
	if (b && cli_parse_long(b, 1, 10000000, &n))
		opt.batch_rows = n;
	struct ok_db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAILED;
	enum central_status st;
	char err[1024];
	struct central *c = central_open(target, false, &st, err, sizeof err);
	if (!c) {
		app_print(stderr, "okienko: %s\n", err);
		sync_record_failure(db, target, st, err);
		db_close(db);
		return exit_status(st);
	}
	struct sync_result r;
	st = sync_run(db, c, &opt, &r);
	if (st == CENTRAL_OK)
		app_print(stdout, _("sync %s: %ld sent, %ld received, %ld conflicts, %.1f s\n"), c->label, r.sent,
		          r.received, r.conflicts, r.seconds);
	else
		app_print(stderr, "okienko: %s\n", r.message);
	central_close(c);
	db_close(db);
	return exit_status(st);
}

/* The city's records for `okienko report --central`: every office's
 * latest records from the central database in a temporary office file
 * (removed by cli_central_copy_done), on which the report's own queries
 * run. NULL after printing why not, with the exit status in *status. */
struct ok_db *cli_central_copy(const char *given, char **tmpdir, int *status)
{
	char buf[1024];
	*tmpdir = NULL;
	const char *target = target_of(given, buf, sizeof buf, status);
	if (!target)
		return NULL;
	enum central_status st;
	char err[1024];
	struct central *c = central_open(target, false, &st, err, sizeof err);
	if (!c) {
		app_print(stderr, "okienko: %s\n", err);
		*status = exit_status(st);
		return NULL;
	}
	if ((st = central_check(c)) != CENTRAL_OK) {
		app_print(stderr, "okienko: %s\n", c->err);
		central_close(c);
		*status = exit_status(st);
		return NULL;
	}
	const char *tmp = getenv("TMPDIR");
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/okienko-city-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		app_print(stderr, "okienko: %s: %s\n", dir, strerror(errno));
		central_close(c);
		*status = EXIT_FAILED;
		return NULL;
	}
	*tmpdir = strdup(dir);
	if (!*tmpdir)
		abort();
	char path[1100];
	snprintf(path, sizeof path, "%s/city.db", dir);
	enum ok_status ost;
	struct ok_db *db = db_open(path, "CITY", &ost, err, sizeof err);
	if (!db) {
		app_print(stderr, "okienko: %s\n", err);
		*status = EXIT_FAILED;
	} else if ((st = sync_load_central(db, c, err, sizeof err)) != CENTRAL_OK) {
		app_print(stderr, "okienko: %s\n", err);
		*status = exit_status(st);
		db_close(db);
		db = NULL;
	}
	central_close(c);
	if (!db)
		cli_central_copy_done(NULL, *tmpdir);
	return db;
}

void cli_central_copy_done(struct ok_db *db, char *tmpdir)
{
	db_close(db);
	if (!tmpdir)
		return;
	static const char *const names[] = { "city.db", "city.db-wal", "city.db-shm", "city.db-journal" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char path[1100];
		snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	rmdir(tmpdir);
	free(tmpdir);
}
