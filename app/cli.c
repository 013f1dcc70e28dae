/* cli.c: the command line. Global options, then an optional command from
 * a table (user, demo, ...); without a command the screens start.
 * Commands need no login: whoever the file system lets open the database
 * is trusted with it, and the audit log names the operating-system user.
 * Usage errors exit 2 with one line on standard error; refused or failed
 * work exits 1. Each larger command lives in a file of its own
 * (app/cmd_*.c) and uses the helpers of cli.h. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "app.h"
#include "cli.h"

struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
};

int cli_usage_error(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	app_print(stderr, "okienko: %s (%s)\n", msg, _("see okienko --help"));
	return EXIT_USAGE;
}

static void print_help(void)
{
	app_print(stdout, "%s\n\n", _("okienko - the counselling desk of a labour office"));
	app_print(stdout, "%s\n", _("Usage:"));
	app_print(stdout, "  okienko [--db FILE]\n");
	app_print(stdout, "      %s\n", _("start the application (login screen)"));
	app_print(stdout, "  okienko user add LOGIN --role ROLE [--name \"FULL NAME\"] [--db FILE]\n");
	app_print(stdout, "      %s\n", _("add a staff account; ROLE is front_office, counselor, supervisor or admin;"));
	app_print(stdout, "      %s\n", _("the password is read from the terminal, or from standard input"));
	app_print(stdout, "  okienko demo [--clients N] [--seed S] [--db FILE]\n");
	app_print(stdout, "      %s\n", _("fill a new database with synthetic demo data and demo logins"));
	app_print(stdout, "  okienko import clients|employers|events FILE [--encoding ENC] [--db FILE]\n");
	app_print(stdout, "      %s\n", _("import a CSV file, all or nothing; every invalid row is reported"));
	app_print(stdout, "  okienko export clients|employers|events [--year Y] [--encoding ENC] [--db FILE]\n");
	app_print(stdout, "      %s\n", _("write the records as CSV to standard output (the import's format)"));
	app_print(stdout, "      %s\n", _("ENC is utf-8 (the default), cp1250 or iso-8859-2"));
	app_print(stdout, "  okienko report --year YYYY [--central TARGET] [--format text|csv] [--encoding ENC] [--db FILE]\n");
	app_print(stdout, "      %s\n", _("the yearly monitoring report: the 60 indicators computed from the records"));
	app_print(stdout, "  okienko counts [--date YYYY-MM-DD] [--format text|csv] [--encoding ENC] [--db FILE]\n");
	app_print(stdout, "      %s\n", _("the day's counts per staff member and kind, with the office's totals"));
	app_print(stdout, "  okienko central init TARGET\n");
	app_print(stdout, "      %s\n", _("create or upgrade the central report database (an SQLite file or PostgreSQL)"));
	app_print(stdout, "  okienko sync [--central TARGET] [--db FILE]\n");
	app_print(stdout, "      %s\n", _("send this office's changes and receive the other offices' (the nightly sync)"));
	app_print(stdout, "  okienko sync --conflicts | okienko sync resolve N local|other\n");
	app_print(stdout, "      %s\n", _("list the records changed at two offices; a supervisor chooses a version"));
	app_print(stdout, "\n%s\n", _("Options:"));
	app_print(stdout, "  --db FILE     %s\n", _("the office database (else $OKIENKO_DB, else ~/.local/share/okienko/office.db)"));
	app_print(stdout, "  --office CODE %s\n", _("the office code of a database being created (user add, demo)"));
	app_print(stdout, "  -h, --help    %s\n", _("show this help and exit"));
	app_print(stdout, "  -V, --version %s\n", _("show the version and exit"));
	app_print(stdout, "\n%s\n", _("Exit status: 0 success, 1 the work was refused or failed, 2 bad usage."));
	app_print(stdout, "%s\n", _("sync also: 3 unreachable, 4 login refused, 5 TLS, 6 disk full, 7 central schema newer,"));
	app_print(stdout, "%s\n", _("8 no central schema, 9 office file restored from an older backup, 10 office file locked."));
}

static void print_version(void)
{
	app_print(stdout, "okienko %s\n", PACKAGE_VERSION);
	app_print(stdout, _("Database schema version %d.\n"), db_schema_version());
}

struct ok_db *cli_open_db(struct cli *cli)
{
	char *path = db_default_path(cli->db_path);
	char err[1024];
	enum ok_status st;
	struct ok_db *db = db_open(path, cli->office, &st, err, sizeof err);
	if (!db)
		app_print(stderr, "okienko: %s\n", err);
	else if (cli->office && strcmp(cli->office, db_office(db)) != 0) {
		app_print(stderr, _("okienko: %s belongs to office %s, not %s; the office code is set when a file is created.\n"),
		          path, db_office(db), cli->office);
		db_close(db);
		db = NULL;
	}
	free(path);
	return db;
}

bool cli_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* Reads one line without its newline; false at end of input. */
static bool read_line(FILE *f, char *buf, size_t n)
{
	if (!fgets(buf, (int)n, f))
		return false;
	buf[strcspn(buf, "\r\n")] = '\0';
	return true;
}

/* The new account's password: asked twice on a terminal with echo off,
 * else the first line of standard input. */
static bool read_password(const char *login, char *buf, size_t n)
{
	if (!isatty(STDIN_FILENO))
		return read_line(stdin, buf, n);
	struct termios old, quiet;
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return false;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	char again[300];
	app_print(stderr, _("Password for %s: "), login);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	bool ok = read_line(stdin, buf, n);
	app_print(stderr, "\n%s", _("Repeat the password: "));
	ok = ok && read_line(stdin, again, sizeof again);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	app_print(stderr, "\n");
	if (ok && strcmp(buf, again) != 0) {
		app_print(stderr, "okienko: %s\n", _("The passwords differ."));
		ok = false;
	}
	explicit_bzero(again, sizeof again);
	return ok;
}

/* An office code: 2 to 15 characters A-Z, 0-9, '-' or '_'. NULL when
 * acceptable, else why not. */
static const char *validate_office_code(const char *s)
{
	size_t n = strlen(s);
	bool ok = n >= 2 && n <= 15;
	for (size_t i = 0; ok && i < n; i++)
		ok = (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_';
	return ok ? NULL : _("an office code has 2 to 15 characters A-Z, 0-9, - or _");
}

static const struct option sub_options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "clients", required_argument, NULL, OPT_CLIENTS },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "year", required_argument, NULL, OPT_YEAR },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "central", required_argument, NULL, OPT_CENTRAL },
	{ "conflicts", no_argument, NULL, OPT_CONFLICTS },
	{ "office", required_argument, NULL, OPT_OFFICE },
	{ NULL, 0, NULL, 0 },
};

int cli_parse(struct cli *cli, int argc, char **argv, const int *allowed,
              const char **values, int *first_arg)
{
	optind = 0; /* 0: glibc re-initialises its scanner for a new argv */
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":", sub_options, NULL)) != -1) {
		if (c == '?')
			return cli_usage_error(_("unknown option %s"), argv[optind - 1]);
		if (c == ':')
			return cli_usage_error(_("option %s needs a value"), argv[optind - 1]);
		bool ok = false;
		for (const int *a = allowed; *a; a++)
			ok = ok || *a == c;
		if (!ok) {
			/* Named from the table: argv[optind - 1] may be its value. */
			const char *name = argv[optind - 1];
			for (const struct option *o = sub_options; o->name; o++)
				if (o->val == c)
					name = o->name;
			char opt[40];
			snprintf(opt, sizeof opt, "--%s", name);
			return cli_usage_error(_("option %s does not apply to this command"), opt);
		}
		if (c == OPT_DB)
			cli->db_path = optarg;
		else if (c == OPT_OFFICE) {
			const char *why = validate_office_code(optarg);
			if (why)
				return cli_usage_error("%s", why);
			cli->office = optarg;
		} else
			values[CLI_OPT(c)] = optarg ? optarg : "";
	}
	*first_arg = optind;
	return -1;
}

static int cmd_user(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_DB, OPT_OFFICE, OPT_ROLE, OPT_NAME, 0 };
	const char *v[CLI_NOPTS] = { 0 };
	int first, rc = cli_parse(cli, argc, argv, allowed, v, &first);
	if (rc >= 0)
		return rc;
	if (first >= argc || strcmp(argv[first], "add") != 0)
		return cli_usage_error(_("unknown user command %s: use user add"), first < argc ? argv[first] : "");
	if (first + 2 != argc)
		return cli_usage_error("%s", _("user add takes exactly one LOGIN"));
	const char *login = argv[first + 1];
	const char *why = staff_validate_login(login);
	if (why)
		return cli_usage_error("%s", why);
	if (!v[CLI_OPT(OPT_ROLE)])
		return cli_usage_error("%s", _("user add needs --role ROLE"));
	enum ok_role role = staff_role_parse(v[CLI_OPT(OPT_ROLE)]);
	if (role == ROLE_NONE)
		return cli_usage_error(_("unknown role %s: use front_office, counselor, supervisor or admin"),
		                   v[CLI_OPT(OPT_ROLE)]);

	struct ok_db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAILED;
	char password[300];
	int status = EXIT_OK;
	if (!read_password(login, password, sizeof password)) {
		app_print(stderr, "okienko: %s\n", _("No password was given."));
		status = EXIT_FAILED;
	} else if (staff_add(db, login, role, v[CLI_OPT(OPT_NAME)], password) != OK_OK) {
		app_print(stderr, "okienko: %s\n", db_errmsg(db));
		status = EXIT_FAILED;
	} else {
		app_print(stderr, _("Account %s (%s) added.\n"), login, staff_role_label(role));
	}
	explicit_bzero(password, sizeof password);
	db_close(db);
	return status;
}

static void demo_progress(long done, long total, void *arg)
{
	(void)arg;
	if (isatty(STDERR_FILENO))
		app_print(stderr, "\r%s %ld/%ld", _("clients:"), done, total);
}

static int cmd_demo(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_DB, OPT_OFFICE, OPT_CLIENTS, OPT_SEED, 0 };
	const char *v[CLI_NOPTS] = { 0 };
	int first, rc = cli_parse(cli, argc, argv, allowed, v, &first);
	if (rc >= 0)
		return rc;
	if (first != argc)
		return cli_usage_error(_("unexpected argument %s"), argv[first]);
	struct demo_options opt = { .clients = 2000, .seed = 1, .progress = demo_progress };
	long n;
	if (v[CLI_OPT(OPT_CLIENTS)]) {
		if (!cli_parse_long(v[CLI_OPT(OPT_CLIENTS)], 1, 10000000, &n))
			return cli_usage_error(_("--clients takes a number from 1 to 10000000, not %s"), v[CLI_OPT(OPT_CLIENTS)]);
		opt.clients = n;
	}
	if (v[CLI_OPT(OPT_SEED)]) {
		if (!cli_parse_long(v[CLI_OPT(OPT_SEED)], 0, 2147483647L, &n))
			return cli_usage_error(_("--seed takes a whole number, not %s"), v[CLI_OPT(OPT_SEED)]);
		opt.seed = (uint64_t)n;
	}
	struct ok_db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAILED;
	enum ok_status st = demo_fill(db, &opt);
	if (isatty(STDERR_FILENO))
		app_print(stderr, "\n");
	if (st != OK_OK) {
		app_print(stderr, "okienko: %s\n", db_errmsg(db));
		db_close(db);
		return EXIT_FAILED;
	}
	app_print(stdout, _("Demo office created with %ld clients. Demo logins (login / password / role):\n"),
	          opt.clients);
	for (const struct demo_login *d = demo_logins; d->login; d++)
		app_print(stdout, "  %-12s %-12s %s\n", d->login, d->password,
		          staff_role_label(staff_role_parse(d->role)));
	db_close(db);
	return EXIT_OK;
}

static const struct command commands[] = {
	{ "user", cmd_user },
	{ "demo", cmd_demo },
	{ "import", cmd_import },
	{ "export", cmd_export },
	{ "report", cmd_report },
	{ "counts", cmd_counts },
	{ "central", cmd_central },
	{ "sync", cmd_sync },
};

int app_main(int argc, char **argv, int (*ui)(struct ok_db *db))
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli cli = { .prog = argv[0] };
	int c;
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, "+:hV", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			cli.db_path = optarg;
			break;
		case 'h':
			print_help();
			return EXIT_OK;
		case 'V':
			print_version();
			return EXIT_OK;
		case ':':
			return cli_usage_error(_("option %s needs a value"), argv[optind - 1]);
		default:
			return cli_usage_error(_("unknown option %s"), argv[optind - 1]);
		}
	}
	if (optind < argc) {
		for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
			if (strcmp(argv[optind], commands[i].name) == 0)
				return commands[i].run(&cli, argc - optind, argv + optind);
		return cli_usage_error(_("unknown command %s"), argv[optind]);
	}
	if (!ui)
		return cli_usage_error("%s", _("no command given"));
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		app_print(stderr, "okienko: %s\n", _("the application needs a terminal; see okienko --help for commands"));
		return EXIT_USAGE;
	}
	struct ok_db *db = cli_open_db(&cli);
	if (!db)
		return EXIT_FAILED;
	int status = ui(db);
	db_close(db);
	return status;
}
