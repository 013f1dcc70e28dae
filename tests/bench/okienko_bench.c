/* okienko_bench.c: the measurements of `make bench` (tests/bench/run.sh
 * prepares the files and calls this program).
 *
 *   okienko_bench prepare --db FILE
 *       adds to a demo file what the measurements need beyond the demo:
 *       one client with 200 events (done once; later calls find it);
 *   okienko_bench run --okienko BIN --db FILE --scale small|full
 *                 [--names FILE] [--import-base FILE --import-events FILE]
 *                 [--work DIR] [--results FILE]
 *                 [--sync-office FILE [--sync-pg CONNINFO --sync-pgsuper CONNINFO]]
 *       measures and prints the table; writes the TSV to --results.
 *       $BENCH_ONLY (comma-separated row name prefixes) measures only
 *       the rows named.
 *
 * The terminal measurements run the real program in a pty (tty.c) and
 * time a key from its write to the last byte of the screen update. The
 * data measurements call data/ directly, as the screens do. Exit status:
 * 0 when every measurement ran (met or not: the table says), 1 when one
 * could not run, 2 on bad usage. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "data.h"
#include "db_private.h"
#include "tty.h"

#define ROWS 24
#define COLS 80
#define QUIET_MS 40          /* no output for this long: the screen is drawn */
#define TIMEOUT_MS 20000     /* a screen that takes longer has failed */
#define KEY_F10 "\033[21~"
#define KEY_CLEAR "\025"     /* Ctrl-U */
#define KEY_REDRAW "\014"    /* Ctrl-L */

/* The demo login used for every measurement (a counselor). */
#define LOGIN "doradca"
#define PASSWORD "doradca1"

/* The client with 200 events that `prepare` adds. */
#define CARD_FIRST "Stanisława"
#define CARD_LAST "Dwusetna"
#define CARD_EVENTS 200

struct cfg {
	const char *okienko, *db, *names, *import_base, *import_events, *work, *results;
	const char *sync_office;     /* an office whose night sync pushes */
	const char *sync_pg, *sync_pgsuper; /* okienko's and the superuser's connection to a cluster */
	bool full;
	int starts;          /* program starts (start to login, login to search) */
	int queries;         /* search queries of each kind */
	int cards;           /* card openings */
	int saves;           /* single event saves */
	int procs, seconds;  /* concurrent savers and how long */
	int fzf_runs;        /* fzf --filter runs */
	int imports;         /* import repetitions */
	int counts, reports; /* day counts and yearly reports */
	int report_limit_s;  /* a report running longer is stopped */
	int syncs;           /* sync repetitions of each kind */
};

static const struct bench_target
	T_START = { BENCH_MEDIAN, BENCH_BELOW, 30 },
	T_KEY = { BENCH_P99, BENCH_BELOW, 5 },
	T_RATIO = { BENCH_MEDIAN, BENCH_AT_LEAST, 50 },
	T_CARD = { BENCH_MEDIAN, BENCH_BELOW, 5 },
	T_RSS = { BENCH_P99, BENCH_BELOW, 32 },
	T_SAVE = { BENCH_P99, BENCH_BELOW, 2 },
	T_SAVE20 = { BENCH_P99, BENCH_BELOW, 100 },
	T_ERRORS = { BENCH_P99, BENCH_BELOW, 1 },
	T_COUNTS = { BENCH_MEDIAN, BENCH_BELOW, 10 },
	T_REPORT = { BENCH_MEDIAN, BENCH_BELOW, 1000 },
	T_IMPORT = { BENCH_MEDIAN, BENCH_AT_LEAST, 150000 },
	T_SYNC_PG = { BENCH_MEDIAN, BENCH_AT_LEAST, 100000 },
	T_SYNC_SQLITE = { BENCH_MEDIAN, BENCH_AT_LEAST, 200000 },
	T_INFO = { BENCH_INFO, BENCH_BELOW, 0 };

static int failures;
static bool trace;   /* $OKIENKO_BENCH_TRACE: every key's and report's time on standard error */
static const char *only; /* $BENCH_ONLY: comma-separated prefixes of the rows to measure */

/* Whether any of the rows named (NULL-terminated) is to be measured. */
static bool wanted(const char *row, ...)
{
	if (!only || !*only)
		return true;
	va_list ap;
	va_start(ap, row);
	bool yes = false;
	for (const char *r = row; r && !yes; r = va_arg(ap, const char *)) {
		for (const char *p = only; *p && !yes;) {
			size_t n = strcspn(p, ",");
			yes = n > 0 && strncmp(r, p, n) == 0;
			p += n + (p[n] == ',');
		}
	}
	va_end(ap);
	return yes;
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "bench: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
}

/* A reproducible sequence for choosing clients (xorshift64*). */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static struct ok_db *open_db(const char *path)
{
	char err[1024];
	enum ok_status st;
	struct ok_db *db = db_open(path, NULL, &st, err, sizeof err);
	if (!db)
		say("cannot open %s: %s", path, err);
	return db;
}

static bool login(struct ok_db *db)
{
	struct ok_actor who;
	db_defer_housekeeping(db);
	if (staff_login(db, LOGIN, PASSWORD, &who) != OK_OK) {
		say("cannot log in as %s: %s", LOGIN, db_errmsg(db));
		return false;
	}
	return true;
}

static int64_t single_int(struct ok_db *db, const char *sql)
{
	sqlite3_stmt *s = db_stmt(db, sql);
	int64_t v = s && sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	if (s)
		sqlite3_reset(s);
	return v;
}

/* --- the client with 200 events -------------------------------------------- */

static const char sql_card_client[] =
	"SELECT id, pesel FROM client WHERE last_fold = ?1 AND first_fold = ?2 ORDER BY id LIMIT 1";

/* The client of the card measurement: id and PESEL; false when absent. */
static bool card_client(struct ok_db *db, int64_t *id, char pesel[12])
{
	char last[OK_NAME_MAX], first[OK_NAME_MAX];
	text_fold(CARD_LAST, last, sizeof last);
	text_fold(CARD_FIRST, first, sizeof first);
	sqlite3_stmt *s = db_stmt(db, sql_card_client);
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, last, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, first, -1, SQLITE_TRANSIENT);
	bool found = sqlite3_step(s) == SQLITE_ROW;
	if (found) {
		*id = sqlite3_column_int64(s, 0);
		db_col_text(s, 1, pesel, 12);
	}
	sqlite3_reset(s);
	return found;
}

/* A valid PESEL of a woman born on 1971-03-0d with serial n. */
static void make_pesel(char out[12], int d, int n)
{
	static const int w[10] = { 1, 3, 7, 9, 1, 3, 7, 9, 1, 3 };
	snprintf(out, 12, "7103%02d%03d%d", d, n % 1000, (n / 1000 % 5) * 2);
	int sum = 0;
	for (int i = 0; i < 10; i++)
		sum += (out[i] - '0') * w[i];
	out[10] = (char)('0' + (10 - sum % 10) % 10);
	out[11] = '\0';
}

static bool pesel_taken(struct ok_db *db, const char *pesel)
{
	sqlite3_stmt *s = db_stmt(db, "SELECT 1 FROM client WHERE pesel = ?1");
	if (!s)
		return true;
	sqlite3_bind_text(s, 1, pesel, -1, SQLITE_TRANSIENT);
	bool taken = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return taken;
}

static int prepare(const char *path)
{
	struct ok_db *db = open_db(path);
	if (!db)
		return 1;
	int64_t id;
	char pesel[12];
	int rc = 1;
	struct ok_actor who;
	struct ok_date today = date_today();
	long t = date_to_days(&today);
	if (!card_client(db, &id, pesel)) {
		/* A counselor may not register: the front office does. */
		if (staff_login(db, "recepcja", "recepcja1", &who) != OK_OK) {
			say("cannot log in as recepcja: %s", db_errmsg(db));
			goto out;
		}
		struct ok_client_form f;
		memset(&f, 0, sizeof f);
		for (int n = 0; n < 5000; n++) {
			make_pesel(f.pesel, 1 + n % 28, n);
			if (!pesel_taken(db, f.pesel))
				break;
		}
		snprintf(f.first_name, sizeof f.first_name, "%s", CARD_FIRST);
		snprintf(f.last_name, sizeof f.last_name, "%s", CARD_LAST);
		snprintf(f.status, sizeof f.status, "unemployed");
		struct ok_date reg = date_from_days(t - 3 * CARD_EVENTS - 10);
		date_format(&reg, f.registered_on);
		if (client_register(db, &f, &id) != OK_OK) {
			say("cannot register the client of the card: %s", db_errmsg(db));
			goto out;
		}
	}
	if (!login(db))
		goto out;
	static const char *const kinds[] = { "individual_advice", "contact", "vocational_info",
	                                     "individual_advice", "test_examination" };
	sqlite3_stmt *s = db_stmt(db, "SELECT count(*) FROM event WHERE client_id = ?1");
	if (!s)
		goto out;
	sqlite3_bind_int64(s, 1, id);
	int have = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_reset(s);
	for (int i = have; i < CARD_EVENTS; i++) {
		struct ok_event_form e;
		event_form_init(&e, kinds[i % 5]);
		e.client_id = id;
		struct ok_date on = date_from_days(t - 3 * (CARD_EVENTS - i));
		date_format(&on, e.occurred_on);
		snprintf(e.occurred_at, sizeof e.occurred_at, "%02u:%02u", 8u + (unsigned)i % 8u, (unsigned)i * 7u % 60u);
		if (!strcmp(e.kind, "contact"))
			snprintf(e.detail, sizeof e.detail, "%s", i % 2 ? "phone" : "in_person");
		snprintf(e.notes, sizeof e.notes, "Spotkanie %d: plan działania, oferty pracy.", i + 1);
		int64_t eid;
		if (event_record(db, &e, &eid) != OK_OK) {
			say("cannot record event %d of the card: %s", i + 1, db_errmsg(db));
			goto out;
		}
	}
	say("the client with %d events is ready (%d added)", CARD_EVENTS, CARD_EVENTS - (have < CARD_EVENTS ? have : CARD_EVENTS));
	rc = 0;
out:
	db_close(db);
	return rc;
}

/* --- the terminal ---------------------------------------------------------------- */

static bool start_program(const struct cfg *c, struct tty *t)
{
	char *argv[] = { (char *)c->okienko, (char *)"--db", (char *)c->db, NULL };
	if (!tty_start(t, argv, ROWS, COLS)) {
		say("cannot start %s in a pty", c->okienko);
		return false;
	}
	return true;
}

/* Waits for a screen; on failure says what was expected. */
static double wait_screen(struct tty *t, const char *marker, const char *what)
{
	double at = tty_settle(t, marker, QUIET_MS, TIMEOUT_MS);
	if (at < 0)
		say("the %s did not appear%s", what, t->eof ? " (the program ended)" : "");
	return at;
}

/* Types s one key at a time, each waited for; samples (when not NULL)
 * receive the time from each key to its screen update. */
static bool type_keys(struct tty *t, const char *s, struct bench_samples *samples)
{
	for (const char *p = s; *p; p++) {
		char key[2] = { *p, '\0' };
		tty_mark(t);
		double sent = tty_send(t, key);
		double drawn = sent < 0 ? -1 : tty_settle(t, NULL, QUIET_MS, TIMEOUT_MS);
		if (drawn < 0) {
			say("no screen update after a key");
			return false;
		}
		if (samples)
			bench_add(samples, drawn - sent);
		if (trace)
			fprintf(stderr, "bench: key %d of %s: %.3f ms\n", (int)(p - s) + 1, s, drawn - sent);
	}
	return true;
}

/* Sends a key (sequence) and waits for its update. */
static double key_drawn(struct tty *t, const char *key, const char *marker, const char *what,
                        double *sent)
{
	tty_mark(t);
	*sent = tty_send(t, key);
	return *sent < 0 ? -1 : wait_screen(t, marker, what);
}

/* From the start of the program to the login screen; then the login. */
static bool login_screen(const struct cfg *c, struct tty *t, struct bench_samples *start,
                         struct bench_samples *to_search)
{
	if (!start_program(c, t))
		return false;
	double drawn = wait_screen(t, "Password", "login screen");
	if (drawn < 0)
		return false;
	if (start)
		bench_add(start, drawn - t->started);
	if (!type_keys(t, LOGIN, NULL) || !type_keys(t, "\t", NULL) || !type_keys(t, PASSWORD, NULL))
		return false;
	double sent;
	drawn = key_drawn(t, "\r", "Surname or PESEL", "search screen", &sent);
	if (drawn < 0)
		return false;
	if (to_search)
		bench_add(to_search, drawn - sent);
	return true;
}

static bool quit_program(struct tty *t, struct bench_samples *rss)
{
	tty_send(t, KEY_F10);
	bool ok = tty_finish(t, 5000);
	if (!ok)
		say("the program did not end cleanly after F10");
	else if (rss)
		bench_add(rss, (double)t->ru.ru_maxrss / 1024.0);
	return ok;
}

static void measure_start(const struct cfg *c)
{
	struct bench_samples start = { 0 }, to_search = { 0 };
	bool ok = true;
	for (int i = 0; ok && i < c->starts; i++) {
		struct tty t;
		ok = login_screen(c, &t, &start, &to_search);
		ok = quit_program(&t, NULL) && ok;
	}
	if (ok) {
		bench_report("start_to_login", &start, "ms", T_START);
		bench_report("login_to_search", &to_search, "ms", T_START);
	} else {
		failures++;
		bench_not_measured("start_to_login", "ms", T_START, "failed");
		bench_not_measured("login_to_search", "ms", T_START, "failed");
	}
	bench_clear(&start);
	bench_clear(&to_search);
}

/* Queries of the search measurements: whole PESELs and the ASCII start
 * of folded surnames (as typed without diacritics), of clients chosen at
 * random among all. */
struct queries {
	char (*pesel)[12];
	char (*surname)[12];
	int n;
};

static bool pick_queries(struct ok_db *db, int n, struct queries *q)
{
	q->pesel = calloc((size_t)n, sizeof *q->pesel);
	q->surname = calloc((size_t)n, sizeof *q->surname);
	if (!q->pesel || !q->surname)
		abort();
	q->n = 0;
	int64_t max = single_int(db, "SELECT max(id) FROM client");
	sqlite3_stmt *s = db_stmt(db, "SELECT pesel, last_fold FROM client WHERE id >= ?1 AND pesel IS NOT NULL"
	                              " ORDER BY id LIMIT 1");
	if (!s || max <= 0)
		return false;
	for (int tries = 0; q->n < n && tries < n * 100; tries++) {
		sqlite3_bind_int64(s, 1, 1 + (int64_t)(rng_next() % (uint64_t)max));
		if (sqlite3_step(s) == SQLITE_ROW) {
			const char *p = (const char *)sqlite3_column_text(s, 0);
			const char *l = (const char *)sqlite3_column_text(s, 1);
			size_t k = 0;
			while (k < 8 && l[k] >= 'a' && l[k] <= 'z')
				k++;
			if (k >= 3) {
				snprintf(q->pesel[q->n], sizeof q->pesel[q->n], "%s", p);
				snprintf(q->surname[q->n], sizeof q->surname[q->n], "%.*s", (int)k, l);
				q->n++;
			}
		}
		sqlite3_reset(s);
	}
	return q->n == n;
}

static void free_queries(struct queries *q)
{
	free(q->pesel);
	free(q->surname);
}

/* Types a query key by key, checks with a full redraw that the screen
 * shows expect (when not NULL), and clears the field. */
static bool search_one(struct tty *t, const char *query, const char *expect,
                       struct bench_samples *keys)
{
	if (!type_keys(t, query, keys))
		return false;
	double sent;
	if (key_drawn(t, KEY_REDRAW, NULL, "redrawn search", &sent) < 0)
		return false;
	if (tty_saw(t, "No client found") || (expect && !tty_saw(t, expect))) {
		say("the search for %s did not show %s", query, expect ? expect : "any client");
		return false;
	}
	return key_drawn(t, KEY_CLEAR, NULL, "cleared search", &sent) >= 0;
}

static void measure_search(const struct cfg *c, const struct queries *q, struct bench_samples *all,
                           struct bench_samples *rss)
{
	struct bench_samples pesel = { 0 }, surname = { 0 };
	struct tty t;
	bool ok = login_screen(c, &t, NULL, NULL);
	for (int i = 0; ok && i < q->n; i++)
		ok = search_one(&t, q->pesel[i], q->pesel[i], &pesel) &&
		     search_one(&t, q->surname[i], NULL, &surname);
	ok = quit_program(&t, rss) && ok;
	if (ok) {
		bench_report("search_pesel_keystroke", &pesel, "ms", T_KEY);
		bench_report("search_surname_keystroke", &surname, "ms", T_KEY);
		for (int i = 0; i < pesel.n; i++)
			bench_add(all, pesel.v[i]);
		for (int i = 0; i < surname.n; i++)
			bench_add(all, surname.v[i]);
	} else {
		failures++;
		bench_not_measured("search_pesel_keystroke", "ms", T_KEY, "failed");
		bench_not_measured("search_surname_keystroke", "ms", T_KEY, "failed");
	}
	bench_clear(&pesel);
	bench_clear(&surname);
}

static void measure_card(const struct cfg *c, struct ok_db *db, struct bench_samples *rss)
{
	int64_t id;
	char pesel[12];
	if (!card_client(db, &id, pesel)) {
		failures++;
		bench_not_measured("card_open_200_events", "ms", T_CARD, "no client: run prepare");
		return;
	}
	struct bench_samples open = { 0 };
	struct tty t;
	bool ok = login_screen(c, &t, NULL, NULL);
	double sent;
	if (ok) {
		tty_mark(&t);
		ok = tty_send(&t, pesel) >= 0 && wait_screen(&t, NULL, "search result") >= 0;
	}
	for (int i = 0; ok && i < c->cards; i++) {
		double drawn = key_drawn(&t, "\r", "History (", "card", &sent);
		ok = drawn >= 0;
		if (ok)
			bench_add(&open, drawn - sent);
		/* Esc alone: the program waits its escape delay, then goes back. */
		ok = ok && key_drawn(&t, "\033", "Surname or PESEL", "search screen", &sent) >= 0;
	}
	ok = quit_program(&t, rss) && ok;
	if (ok) {
		bench_report("card_open_200_events", &open, "ms", T_CARD);
	} else {
		failures++;
		bench_not_measured("card_open_200_events", "ms", T_CARD, "failed");
	}
	bench_clear(&open);
}

/* The same searches in this process, through data/ alone: what the
 * database part of a key costs (first page of each prefix). */
static void measure_search_data(struct ok_db *db, const struct queries *q)
{
	struct bench_samples s = { 0 };
	/* As the search screen reads: one window's height of rows. */
	struct ok_client_hit *hits = calloc(ROWS, sizeof *hits);
	if (!hits)
		abort();
	bool ok = true;
	for (int i = 0; ok && i < q->n; i++) {
		for (int kind = 0; ok && kind < 2; kind++) {
			const char *query = kind ? q->surname[i] : q->pesel[i];
			char prefix[16];
			for (size_t k = 1; ok && k <= strlen(query); k++) {
				snprintf(prefix, sizeof prefix, "%.*s", (int)k, query);
				int n;
				double t0 = bench_now_ms();
				ok = client_search(db, prefix, NULL, hits, ROWS, &n) == OK_OK;
				bench_add(&s, bench_now_ms() - t0);
			}
		}
	}
	free(hits);
	if (ok) {
		bench_report("search_query_data_layer", &s, "ms", T_INFO);
	} else {
		failures++;
		bench_not_measured("search_query_data_layer", "ms", T_INFO, "failed");
	}
	bench_clear(&s);
}

/* --- fzf over the same names ------------------------------------------------------- */

/* Runs fzf --filter query over the names file; returns its time in ms,
 * -1 when it could not run. */
static double fzf_once(const char *names, const char *query)
{
	double t0 = bench_now_ms();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int in = open(names, O_RDONLY), out = open("/dev/null", O_WRONLY);
		if (in < 0 || out < 0)
			_exit(126);
		dup2(in, 0);
		dup2(out, 1);
		execlp("fzf", "fzf", "--filter", query, (char *)NULL);
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	double ms = bench_now_ms() - t0;
	/* fzf --filter exits 1 when nothing matched: still a search. */
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
		return -1;
	return ms;
}

static void measure_fzf(const struct cfg *c, const struct queries *q, const struct bench_samples *ok_keys)
{
	if (!c->names) {
		failures++;
		bench_not_measured("search_fzf_filter", "ms", T_INFO, "no names file");
		bench_not_measured("search_fzf_ratio", "x", T_RATIO, "no names file");
		return;
	}
	struct bench_samples fzf = { 0 };
	for (int i = 0; i < c->fzf_runs; i++) {
		const char *query = i % 2 ? q->surname[(i / 2) % q->n] : q->pesel[(i / 2) % q->n];
		double ms = fzf_once(c->names, query);
		if (ms < 0) {
			failures++;
			bench_not_measured("search_fzf_filter", "ms", T_INFO, "fzf failed or missing");
			bench_not_measured("search_fzf_ratio", "x", T_RATIO, "fzf failed or missing");
			bench_clear(&fzf);
			return;
		}
		bench_add(&fzf, ms);
	}
	bench_report("search_fzf_filter", &fzf, "ms", T_INFO);
	if (ok_keys->n == 0) {
		bench_not_measured("search_fzf_ratio", "x", T_RATIO, "okienko search failed");
	} else {
		double m = bench_quantile(ok_keys, 0.5), p = bench_quantile(ok_keys, 0.99);
		bench_report_values("search_fzf_ratio", bench_quantile(&fzf, 0.5) / m,
		                    bench_quantile(&fzf, 0.99) / p, "x", T_RATIO);
	}
	bench_clear(&fzf);
}

/* --- saving events ------------------------------------------------------------------- */

/* Clients with an open registration, from a random place in the file. */
static int64_t *open_clients(struct ok_db *db, int want, int *n)
{
	int64_t *ids = calloc((size_t)want, sizeof *ids);
	if (!ids)
		abort();
	*n = 0;
	int64_t max = single_int(db, "SELECT max(id) FROM registration");
	sqlite3_stmt *s = db_stmt(db, "SELECT client_id FROM registration WHERE id >= ?1 AND ended_on IS NULL"
	                              " ORDER BY id LIMIT ?2");
	if (!s || max <= 0)
		return ids;
	int64_t from = 1 + (int64_t)(rng_next() % (uint64_t)(max > want * 4 ? max - want * 4 : 1));
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int(s, 2, want);
	while (*n < want && sqlite3_step(s) == SQLITE_ROW)
		ids[(*n)++] = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return ids;
}

/* Saves one service for a client; returns the time in ms, or -1 (with
 * the message on standard error) when the save failed. */
static double save_one(struct ok_db *db, int64_t client)
{
	/* As the screens do: the file's housekeeping while the person reads
	 * the screen after a save, outside the save's time. */
	db_idle(db);
	struct ok_event_form f;
	event_form_init(&f, "individual_advice");
	f.client_id = client;
	snprintf(f.notes, sizeof f.notes, "Pomiar: porada indywidualna.");
	int64_t id;
	double t0 = bench_now_ms();
	enum ok_status st = event_record(db, &f, &id);
	double ms = bench_now_ms() - t0;
	if (st != OK_OK) {
		say("saving an event failed: %s", db_errmsg(db));
		return -1;
	}
	return ms;
}

/* The floor of a durable save: one fdatasync of a page overwritten in a
 * file next to the database (a WAL in use is overwritten in place). */
static void measure_disk(const struct cfg *c)
{
	char path[4096];
	snprintf(path, sizeof path, "%s-fsync-probe", c->db);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	char page[4096];
	memset(page, 0x5a, sizeof page);
	struct bench_samples s = { 0 };
	bool ok = fd >= 0;
	for (int i = 0; ok && i < 64; i++)
		ok = write(fd, page, sizeof page) == (ssize_t)sizeof page;
	ok = ok && fsync(fd) == 0;
	for (int i = 0; ok && i < c->saves; i++) {
		ok = pwrite(fd, page, sizeof page, (off_t)(i % 64) * 4096) == (ssize_t)sizeof page;
		double t0 = bench_now_ms();
		ok = ok && fdatasync(fd) == 0;
		bench_add(&s, bench_now_ms() - t0);
	}
	if (fd >= 0)
		close(fd);
	unlink(path);
	if (ok) {
		bench_report("disk_fdatasync_4k", &s, "ms", T_INFO);
	} else {
		failures++;
		bench_not_measured("disk_fdatasync_4k", "ms", T_INFO, "failed");
	}
	bench_clear(&s);
}

static void measure_save(const struct cfg *c, struct ok_db *db, const int64_t *clients, int nclients)
{
	struct bench_samples s = { 0 };
	int errors = 0;
	for (int i = 0; i < c->saves; i++) {
		double ms = save_one(db, clients[i % nclients]);
		if (ms < 0)
			errors++;
		else
			bench_add(&s, ms);
	}
	if (errors) {
		failures++;
		bench_not_measured("event_save_single", "ms", T_SAVE, "%d saves failed", errors);
	} else {
		bench_report("event_save_single", &s, "ms", T_SAVE);
	}
	bench_clear(&s);
}

/* One of the concurrent savers: saves until the deadline, then writes
 * its times (doubles) and, last, its error count (as a double) to path. */
static int saver(const char *dbpath, const char *path, const int64_t *clients, int nclients,
                 int index, double deadline)
{
	struct ok_db *db = open_db(dbpath);
	if (!db || !login(db))
		return 1;
	FILE *out = fopen(path, "wb");
	if (!out)
		return 1;
	double errors = 0;
	for (int i = index; bench_now_ms() < deadline; i += 7) {
		double ms = save_one(db, clients[i % nclients]);
		if (ms < 0)
			errors++;
		else
			fwrite(&ms, sizeof ms, 1, out);
	}
	fwrite(&errors, sizeof errors, 1, out);
	db_close(db);
	return fclose(out) == 0 ? 0 : 1;
}

static void measure_concurrent(const struct cfg *c, const int64_t *clients, int nclients)
{
	char name[64];
	snprintf(name, sizeof name, "event_save_%d_processes", c->procs);
	pid_t *pids = calloc((size_t)c->procs, sizeof *pids);
	if (!pids)
		abort();
	/* Every saver logs in first (a password hash each), then all start
	 * together a moment later. */
	double deadline = bench_now_ms() + 2000 + c->seconds * 1000.0;
	fflush(NULL);
	for (int i = 0; i < c->procs; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/saver-%d.bin", c->work, i);
		pids[i] = fork();
		if (pids[i] == 0) {
			/* Wait for the common start. */
			while (bench_now_ms() < deadline - c->seconds * 1000.0)
				usleep(1000);
			_exit(saver(c->db, path, clients, nclients, i, deadline));
		}
	}
	struct bench_samples s = { 0 };
	double errors = 0;
	bool ok = true;
	for (int i = 0; i < c->procs; i++) {
		int status;
		if (pids[i] < 0 || waitpid(pids[i], &status, 0) != pids[i] || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			ok = false;
			continue;
		}
		char path[4096];
		snprintf(path, sizeof path, "%s/saver-%d.bin", c->work, i);
		FILE *in = fopen(path, "rb");
		double v, prev = -1;
		bool have = false;
		while (in && fread(&v, sizeof v, 1, in) == 1) {
			if (have)
				bench_add(&s, prev);
			prev = v;
			have = true;
		}
		if (have)
			errors += prev;     /* the last number is the error count */
		else
			ok = false;
		if (in)
			fclose(in);
		unlink(path);
	}
	free(pids);
	char ename[80];
	snprintf(ename, sizeof ename, "%s_errors", name);
	if (!ok) {
		failures++;
		bench_not_measured(name, "ms", T_SAVE20, "a saver failed");
		bench_not_measured(ename, "count", T_ERRORS, "a saver failed");
	} else {
		bench_report(name, &s, "ms", T_SAVE20);
		bench_report_values(ename, errors, errors, "count", T_ERRORS);
		say("%d events saved by %d processes in %d s", s.n, c->procs, c->seconds);
	}
	bench_clear(&s);
}

/* --- the supervisor's figures -------------------------------------------------------- */

/* The day's counts of the last working day before today, and the yearly
 * report of last year (the demo's two years hold all of it), as the
 * supervisor's screens call them. */
static void measure_figures(const struct cfg *c)
{
	struct ok_db *db = open_db(c->db);
	struct ok_actor who;
	if (!db || staff_login(db, "kierownik", "kierownik1", &who) != OK_OK) {
		if (db)
			say("cannot log in as kierownik: %s", db_errmsg(db));
		failures++;
		bench_not_measured("counts_day", "ms", T_COUNTS, "no supervisor");
		bench_not_measured("report_year", "ms", T_REPORT, "no supervisor");
		db_close(db);
		return;
	}
	struct ok_date today = date_today(), d;
	long t = date_to_days(&today);
	do
		d = date_from_days(--t);
	while (!counts_working_day(&d));
	char day[11];
	date_format(&d, day);
	struct bench_samples s = { 0 };
	bool ok = true;
	long rows = 0;
	for (int i = 0; ok && i < c->counts; i++) {
		struct ok_count *r = NULL;
		int n = 0;
		double t0 = bench_now_ms();
		ok = counts_day(db, day, &r, &n) == OK_OK;
		bench_add(&s, bench_now_ms() - t0);
		rows = n;
		free(r);
	}
	if (ok) {
		bench_report("counts_day", &s, "ms", T_COUNTS);
		say("counts of %s: %ld rows", day, rows);
	} else {
		failures++;
		say("counts failed: %s", db_errmsg(db));
		bench_not_measured("counts_day", "ms", T_COUNTS, "failed");
	}
	bench_clear(&s);
	/* Each report runs in a child process that is stopped past the
	 * limit: a report far over its target still leaves a row. */
	db_close(db);
	db = NULL;
	bool over = false;
	ok = true;
	for (int i = 0; ok && !over && i < c->reports; i++) {
		fflush(NULL);
		int fds[2];
		if (pipe(fds) != 0) {
			ok = false;
			break;
		}
		double t0 = bench_now_ms();
		pid_t pid = fork();
		if (pid == 0) {
			close(fds[0]);
			struct ok_db *rdb = open_db(c->db);
			struct ok_actor w;
			struct ok_report *rep = calloc(1, sizeof *rep);
			int rc = 1;
			if (rdb && rep && staff_login(rdb, "kierownik", "kierownik1", &w) == OK_OK) {
				double r0 = bench_now_ms();
				rc = report_year(rdb, today.y - 1, rep) == OK_OK ? 0 : 1;
				double ms = bench_now_ms() - r0;
				if (write(fds[1], &ms, sizeof ms) != (ssize_t)sizeof ms)
					rc = 1;
			}
			if (rc && rdb)
				say("report failed: %s", db_errmsg(rdb));
			free(rep);
			db_close(rdb);
			_exit(rc);
		}
		close(fds[1]);
		int status = 0;
		while (pid > 0 && waitpid(pid, &status, WNOHANG) == 0) {
			if (bench_now_ms() - t0 > c->report_limit_s * 1000.0) {
				kill(pid, SIGKILL);
				waitpid(pid, &status, 0);
				over = true;
				break;
			}
			usleep(2000);
		}
		double ms = 0;
		if (!over) {
			ok = pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
			     read(fds[0], &ms, sizeof ms) == (ssize_t)sizeof ms;
			if (ok)
				bench_add(&s, ms);   /* report_year() alone, without the login */
			if (ok && trace)
				say("report %d of %d: %.1f ms", i + 1, c->reports, ms);
		}
		close(fds[0]);
	}
	if (over) {
		bench_not_measured("report_year", "ms", T_REPORT, "over %d s, stopped", c->report_limit_s);
	} else if (ok) {
		bench_report("report_year", &s, "ms", T_REPORT);
	} else {
		failures++;
		bench_not_measured("report_year", "ms", T_REPORT, "failed");
	}
	bench_clear(&s);
}

/* --- import ---------------------------------------------------------------------------- */

static bool copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	bool ok = in >= 0 && out >= 0;
	char buf[1 << 16];
	ssize_t n;
	while (ok && (n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0 || write(out, buf, (size_t)n) != n)
			ok = false;
	}
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0)
		ok = false;
	return ok;
}

static long count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	long n = 0;
	int ch;
	while ((ch = getc(f)) != EOF)
		n += ch == '\n';
	fclose(f);
	return n;
}

/* Runs argv with its output in log; argv[0] is
 * looked up in PATH when path; returns the time in ms, -1 on failure. */
static double run_command_how(char *const argv[], const char *log, bool path)
{
	double t0 = bench_now_ms();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (path)
			execvp(argv[0], argv);
		else
			execv(argv[0], argv);
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	double ms = bench_now_ms() - t0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? ms : -1;
}

static double run_command(char *const argv[], const char *log)
{
	return run_command_how(argv, log, false);
}

static double run_command_path(char *const argv[], const char *log)
{
	return run_command_how(argv, log, true);
}

/* What SQLite alone needs to write the rows of an import: the events of
 * a finished import (src) copied into a fresh copy of the base file by
 * one INSERT ... SELECT, in one transaction, with what the import does
 * around its inserts (the event indexes dropped and made again from
 * their own definitions, a change row and an audit row per event), and
 * the same pragmas (WAL, synchronous=FULL, the bulk page cache). No CSV,
 * no iconv, no checks, no report facts: a floor under import_events.
 * With bare, only the table and the indexes the desk needs most: without
 * event_live, the change and the audit rows. Returns the time in ms, -1
 * on failure. */
static double import_floor_once(const char *base, const char *src, const char *db, bool bare)
{
	unlink(db);
	if (!copy_file(base, db))
		return -1;
	sqlite3 *h = NULL;
	if (sqlite3_open(db, &h) != SQLITE_OK) {
		sqlite3_close(h);
		return -1;
	}
	char **defs = NULL;
	int ndefs = 0;
	bool ok = sqlite3_exec(h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;"
	                          " PRAGMA cache_size=-524288; PRAGMA temp_store=MEMORY", NULL, NULL, NULL) == SQLITE_OK;
	sqlite3_stmt *s = NULL;
	ok = ok && sqlite3_prepare_v2(h, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'event'"
	                                 " AND sql IS NOT NULL ORDER BY rowid", -1, &s, NULL) == SQLITE_OK;
	char *names[32];
	while (ok && sqlite3_step(s) == SQLITE_ROW && ndefs < 32) {
		defs = realloc(defs, (size_t)(ndefs + 1) * sizeof *defs);
		if (!defs)
			abort();
		names[ndefs] = strdup((const char *)sqlite3_column_text(s, 0));
		defs[ndefs] = strdup((const char *)sqlite3_column_text(s, 1));
		ndefs++;
	}
	sqlite3_finalize(s);
	double t0 = bench_now_ms();
	ok = ok && sqlite3_exec(h, "BEGIN; INSERT INTO meta(key, value) VALUES('bulk_insert', 'event')",
	                        NULL, NULL, NULL) == SQLITE_OK;
	for (int i = 0; ok && i < ndefs; i++) {
		char *sql = sqlite3_mprintf("DROP INDEX \"%w\"", names[i]);
		ok = sql && sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK;
		sqlite3_free(sql);
	}
	if (ok) {
		sqlite3_stmt *a = NULL;
		ok = sqlite3_prepare_v2(h, "ATTACH ?1 AS src", -1, &a, NULL) == SQLITE_OK;
		ok = ok && sqlite3_bind_text(a, 1, src, -1, SQLITE_STATIC) == SQLITE_OK && sqlite3_step(a) == SQLITE_DONE;
		sqlite3_finalize(a);
	}
	ok = ok && sqlite3_exec(h, "INSERT INTO main.event SELECT * FROM src.event;"
	                           " DELETE FROM meta WHERE key = 'bulk_insert'", NULL, NULL, NULL) == SQLITE_OK;
	if (!bare)
		ok = ok && sqlite3_exec(h, "INSERT INTO change(tbl, row_id) SELECT 'event', id FROM event ORDER BY id",
		                        NULL, NULL, NULL) == SQLITE_OK;
	for (int i = 0; ok && i < ndefs; i++)
		if (!bare || strcmp(names[i], "event_live"))
			ok = sqlite3_exec(h, defs[i], NULL, NULL, NULL) == SQLITE_OK;
	if (!bare)
		ok = ok && sqlite3_exec(h, "INSERT INTO audit(at, actor, action, entity, entity_uid, detail)"
		                           " SELECT '2026-12-04T00:00:00.000', s.login, 'import', 'event', e.uid, 'import 1 by bench'"
		                           " FROM event e JOIN staff s ON s.id = e.staff_id", NULL, NULL, NULL) == SQLITE_OK;
	ok = ok && sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
	double ms = bench_now_ms() - t0;
	for (int i = 0; i < ndefs; i++) {
		free(names[i]);
		free(defs[i]);
	}
	free(defs);
	if (!ok)
		say("import floor: %s", sqlite3_errmsg(h));
	sqlite3_close(h);
	unlink(db);
	return ok ? ms : -1;
}

/* A rate row from the times of its runs (ms): rows per second of the
 * median run, and of the slowest (the p99 column: nearest rank, the
 * slowest of fewer than 100 runs). Not measured (a failure) when fewer
 * than `runs` ran or no row was counted. Returns whether it was
 * reported. */
static bool report_rate(const char *row, const struct bench_samples *ms, int runs, long rows,
                        struct bench_target t, const char *why)
{
	if (ms->n < runs || rows <= 0) {
		failures++;
		bench_not_measured(row, "rows/s", t, "%s", why);
		return false;
	}
	bench_report_values(row, rows / (bench_quantile(ms, 0.5) / 1000), rows / (bench_quantile(ms, 1.0) / 1000),
	                    "rows/s", t);
	return true;
}

static void measure_import_floor(const struct cfg *c, const char *src, long rows, bool bare)
{
	const char *row = bare ? "import_floor_bare_table" : "import_floor_sql_copy";
	struct bench_samples ms = { 0 };
	char db[4096];
	snprintf(db, sizeof db, "%s/import-floor.db", c->work);
	for (int i = 0; i < c->imports; i++) {
		double t = import_floor_once(c->import_base, src, db, bare);
		if (t < 0)
			break;
		bench_add(&ms, t);
	}
	report_rate(row, &ms, c->imports, rows, T_INFO, "failed");
	bench_clear(&ms);
}

static void measure_import(const struct cfg *c)
{
	if (!c->import_base || !c->import_events) {
		failures++;
		bench_not_measured("import_events", "rows/s", T_IMPORT, "no import files");
		return;
	}
	long rows = count_lines(c->import_events) - 1;
	struct bench_samples ms = { 0 };
	char db[4096], log[4096];
	snprintf(db, sizeof db, "%s/import.db", c->work);
	snprintf(log, sizeof log, "%s/import.log", c->work);
	for (int i = 0; i < c->imports; i++) {
		unlink(db);
		if (!copy_file(c->import_base, db)) {
			say("cannot copy %s", c->import_base);
			break;
		}
		char *argv[] = { (char *)c->okienko, (char *)"import", (char *)"events",
		                 (char *)c->import_events, (char *)"--db", db, NULL };
		double t = run_command(argv, log);
		if (t < 0) {
			say("okienko import events failed: see %s", log);
			break;
		}
		bench_add(&ms, t);
	}
	if (report_rate("import_events", &ms, c->imports, rows, T_IMPORT, "import failed")) {
		say("import: %ld rows", rows);
		/* The last run's file holds the rows of the floors. */
		measure_import_floor(c, db, rows, false);
		measure_import_floor(c, db, rows, true);
	}
	unlink(db);
	bench_clear(&ms);
}

/* --- sync ------------------------------------------------------------------------------ */

/* The records `okienko sync` says it sent (its line "...: N sent, ..."), -1 when absent. */
static long sync_sent(const char *log)
{
	FILE *f = fopen(log, "r");
	if (!f)
		return -1;
	char line[2048];
	long n = -1;
	while (n < 0 && fgets(line, sizeof line, f)) {
		char *p = strstr(line, " sent, ");
		if (!p)
			continue;
		while (p > line && p[-1] >= '0' && p[-1] <= '9')
			p--;
		n = strtol(p, NULL, 10);
	}
	fclose(f);
	return n;
}

/* conninfo with dbname=okienko replaced by dbname=name. */
static void with_dbname(const char *conninfo, const char *name, char *out, size_t n)
{
	const char *p = strstr(conninfo, "dbname=okienko");
	if (!p)
		snprintf(out, n, "%s dbname=%s", conninfo, name);
	else
		snprintf(out, n, "%.*sdbname=%s%s", (int)(p - conninfo), conninfo, name, p + strlen("dbname=okienko"));
}

/* A fresh central database for one run: an SQLite file, or a database of
 * the cluster with the schema okienko owned by okienko (as an
 * administrator prepares it); then `okienko central init`, not timed. */
static bool fresh_central(const struct cfg *c, bool pg, int run, char *target, size_t n, const char *log)
{
	if (!pg) {
		snprintf(target, n, "%s/central-%d.db", c->work, run);
		unlink(target);
	} else {
		char name[64], super[2048], sql[128];
		snprintf(name, sizeof name, "bench_sync_%d", run);
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", name); /* a name of this program's, no input */
		char *create[] = { (char *)"psql", (char *)"-X", (char *)"-q", (char *)"-v", (char *)"ON_ERROR_STOP=1",
		                   (char *)c->sync_pgsuper, (char *)"-c", sql, NULL };
		with_dbname(c->sync_pgsuper, name, super, sizeof super);
		char *schema[] = { (char *)"psql", (char *)"-X", (char *)"-q", (char *)"-v", (char *)"ON_ERROR_STOP=1", super,
		                   (char *)"-c", (char *)"REVOKE CREATE ON SCHEMA public FROM PUBLIC",
		                   (char *)"-c", (char *)"CREATE SCHEMA okienko AUTHORIZATION okienko", NULL };
		if (run_command_path(create, log) < 0 || run_command_path(schema, log) < 0)
			return false;
		with_dbname(c->sync_pg, name, target, n);
	}
	char *init[] = { (char *)c->okienko, (char *)"central", (char *)"init", target, NULL };
	return run_command(init, log) >= 0;
}

static void drop_central(const struct cfg *c, bool pg, int run, const char *target, const char *log)
{
	if (!pg) {
		char p[4200];
		unlink(target);
		snprintf(p, sizeof p, "%s-wal", target);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", target);
		unlink(p);
		return;
	}
	char sql[128];
	snprintf(sql, sizeof sql, "DROP DATABASE bench_sync_%d", run); /* as in fresh_central */
	char *drop[] = { (char *)"psql", (char *)"-X", (char *)"-q", (char *)c->sync_pgsuper, (char *)"-c", sql, NULL };
	run_command_path(drop, log);
}

/* What SQLite alone needs to write the records of a sync to an SQLite
 * file: the records of a finished sync (src) copied by one INSERT ...
 * SELECT, in one transaction, into a fresh central file made by
 * `okienko central init` (its schema and page size), with the pragmas
 * okienko sets on it (WAL, synchronous=FULL, its page cache), the close
 * (and so its checkpoint) included. No office reads, no JSON, no rows
 * crossing the API: a floor under sync_sqlite. The time in ms, -1 on
 * failure. */
static double sync_floor_once(const struct cfg *c, const char *src, int run, const char *log)
{
	char db[4096];
	if (!fresh_central(c, false, run, db, sizeof db, log))
		return -1;
	sqlite3 *h = NULL;
	double t0 = bench_now_ms();
	bool ok = sqlite3_open(db, &h) == SQLITE_OK;
	ok = ok && sqlite3_exec(h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-262144",
	                        NULL, NULL, NULL) == SQLITE_OK;
	if (ok) {
		sqlite3_stmt *a = NULL;
		ok = sqlite3_prepare_v2(h, "ATTACH ?1 AS src", -1, &a, NULL) == SQLITE_OK;
		ok = ok && sqlite3_bind_text(a, 1, src, -1, SQLITE_STATIC) == SQLITE_OK && sqlite3_step(a) == SQLITE_DONE;
		sqlite3_finalize(a);
	}
	ok = ok && sqlite3_exec(h, "BEGIN IMMEDIATE; INSERT INTO main.record SELECT * FROM src.record; COMMIT; DETACH src",
	                        NULL, NULL, NULL) == SQLITE_OK;
	if (!ok)
		say("sync floor: %s", h ? sqlite3_errmsg(h) : "cannot open");
	ok = sqlite3_close(h) == SQLITE_OK && ok;
	double ms = bench_now_ms() - t0;
	drop_central(c, false, run, db, log);
	return ok ? ms : -1;
}

static const char floor_row[] = "sync_sqlite_floor_sql_copy";
static const char pg_floor_row[] = "sync_postgresql_floor_sql_copy";

/* What PostgreSQL alone needs to write the records of a sync: the
 * records a finished sync left in okienko.record (target: its database)
 * copied by one INSERT ... SELECT, in one transaction, into a new table
 * made LIKE it (its columns, collations, primary key and batch index),
 * on the same durable cluster. No office reads, no JSON, no COPY
 * parsing, no network but psql's own connection (included). A floor
 * under sync_postgresql. The time in ms, -1 on failure. */
static double pg_floor_once(const char *target, const char *log)
{
	char *argv[] = { (char *)"psql", (char *)"-X", (char *)"-q", (char *)"-v", (char *)"ON_ERROR_STOP=1",
	                 (char *)target, (char *)"-c",
	                 (char *)"BEGIN; CREATE TABLE okienko.bench_floor (LIKE okienko.record INCLUDING ALL);"
	                 " INSERT INTO okienko.bench_floor SELECT * FROM okienko.record; COMMIT;",
	                 NULL };
	return run_command_path(argv, log);
}

static void measure_sync_floor(const struct cfg *c, const char *src, long rows, const char *log)
{
	const char *row = floor_row;
	struct bench_samples ms = { 0 };
	for (int i = 0; i < c->syncs; i++) {
		double t = sync_floor_once(c, src, c->syncs + 1 + i, log);
		if (t < 0)
			break;
		bench_add(&ms, t);
	}
	report_rate(row, &ms, c->syncs, rows, T_INFO, "failed");
	bench_clear(&ms);
}

/* One office's night pushed by `okienko sync` to a fresh central
 * database, end to end (process start to exit): rows per second of the
 * median run, and of the slowest. */
static void measure_sync(const struct cfg *c, bool pg)
{
	const char *row = pg ? "sync_postgresql" : "sync_sqlite";
	struct bench_target t = pg ? T_SYNC_PG : T_SYNC_SQLITE;
	if (!wanted(row, NULL))
		return;
	if (!c->sync_office) {
		failures++;
		bench_not_measured(row, "rows/s", t, "no office file");
		return;
	}
	if (pg && (!c->sync_pg || !c->sync_pgsuper)) {
		failures++;
		bench_not_measured(row, "rows/s", t, "no PostgreSQL cluster");
		return;
	}
	char db[4096], log[4096], target[4096] = "";
	snprintf(db, sizeof db, "%s/sync-office.db", c->work);
	snprintf(log, sizeof log, "%s/sync.log", c->work);
	struct bench_samples ms = { 0 }, floor_ms = { 0 };
	long rows = -1;
	for (int i = 0; i < c->syncs; i++) {
		unlink(db);
		if (!copy_file(c->sync_office, db)) {
			say("cannot copy %s", c->sync_office);
			break;
		}
		if (!fresh_central(c, pg, i, target, sizeof target, log)) {
			say("cannot prepare the central database: see %s", log);
			break;
		}
		char *argv[] = { (char *)c->okienko, (char *)"sync", (char *)"--central", target, (char *)"--db", db, NULL };
		double ms1 = run_command(argv, log);
		long n = ms1 >= 0 ? sync_sent(log) : -1;
		if (pg && n > 0) {
			double f = pg_floor_once(target, log);
			if (f >= 0)
				bench_add(&floor_ms, f);
		}
		if (pg || i < c->syncs - 1) /* the last SQLite file is the floor's source */
			drop_central(c, pg, i, target, log);
		if (ms1 < 0 || n <= 0 || (rows >= 0 && n != rows)) {
			say("okienko sync failed: see %s", log);
			break;
		}
		rows = n;
		if (trace)
			say("%s: %ld rows in %.0f ms", row, n, ms1);
		bench_add(&ms, ms1);
	}
	unlink(db);
	if (report_rate(row, &ms, c->syncs, rows, t, "sync failed")) {
		say("%s: %ld rows, %d runs", row, rows, ms.n);
		if (!pg)
			measure_sync_floor(c, target, rows, log);
		else
			report_rate(pg_floor_row, &floor_ms, c->syncs, rows, T_INFO, "failed");
	} else {
		bench_not_measured(pg ? pg_floor_row : floor_row, "rows/s", T_INFO, "sync failed");
	}
	if (!pg && target[0])
		drop_central(c, false, c->syncs - 1, target, log);
	bench_clear(&ms);
	bench_clear(&floor_ms);
}

/* --- the run ------------------------------------------------------------------------------- */

/* The rows measured on the big office file (everything but import and
 * sync): with BENCH_ONLY naming any of them, all of them run. */
#define OFFICE_ROWS "start_to_login", "login_to_search", "search_pesel_keystroke", "search_surname_keystroke", \
	"search_query_data_layer", "search_fzf_filter", "search_fzf_ratio", "card_open_200_events", "search_peak_rss", \
	"event_save_single", "disk_fdatasync_4k", "event_save_20_processes", "event_save_20_processes_errors", \
	"counts_day", "report_year"

static int office_rows(struct cfg *c)
{
	struct ok_db *db = open_db(c->db);
	if (!db)
		return 1;
	struct queries q;
	if (!pick_queries(db, c->queries, &q)) {
		say("cannot choose %d clients to search for", c->queries);
		db_close(db);
		return 1;
	}
	if (!login(db)) {
		db_close(db);
		return 1;
	}
	int nclients;
	int64_t *clients = open_clients(db, 5000, &nclients);
	/* The terminal measurements read the file while this process holds
	 * nothing open in it. */
	struct bench_samples keys = { 0 }, rss = { 0 };
	say("start and login (%d runs)", c->starts);
	measure_start(c);
	say("search as you type (%d PESELs, %d surnames)", q.n, q.n);
	measure_search(c, &q, &keys, &rss);
	measure_search_data(db, &q);
	say("fzf over the same names (%d runs)", c->fzf_runs);
	measure_fzf(c, &q, &keys);
	say("client card (%d openings)", c->cards);
	measure_card(c, db, &rss);
	if (rss.n)
		bench_report("search_peak_rss", &rss, "MB", T_RSS);
	else
		bench_not_measured("search_peak_rss", "MB", T_RSS, "failed");

	if (nclients == 0) {
		failures++;
		bench_not_measured("event_save_single", "ms", T_SAVE, "no registered clients");
	} else {
		say("saving events (%d alone)", c->saves);
		measure_save(c, db, clients, nclients);
		measure_disk(c);
	}
	db_close(db);
	if (nclients) {
		say("saving events (%d processes for %d s)", c->procs, c->seconds);
		measure_concurrent(c, clients, nclients);
	}
	free(clients);

	say("day counts and yearly report (%d and %d runs)", c->counts, c->reports);
	measure_figures(c);
	free_queries(&q);
	bench_clear(&keys);
	bench_clear(&rss);
	return 0;
}

static int run(struct cfg *c)
{
	if (wanted(OFFICE_ROWS, NULL) && office_rows(c) != 0)
		return 1;
	if (wanted("import_events", NULL)) {
		say("import of events (%d runs)", c->imports);
		measure_import(c);
	}
	if (wanted("sync_", NULL))
		say("sync of an office's night (%d runs each)", c->syncs);
	measure_sync(c, true);
	measure_sync(c, false);

	bench_print_table(stdout);
	int rc = failures ? 1 : 0;
	if (c->results && !bench_write_tsv(c->results)) {
		say("cannot write %s: %s", c->results, strerror(errno));
		rc = 1;
	}
	bench_free();
	return rc;
}

static int usage(void)
{
	fprintf(stderr, "usage: okienko_bench prepare --db FILE\n"
	                "       okienko_bench run --okienko BIN --db FILE --scale small|full [--names FILE]\n"
	                "                     [--import-base FILE --import-events FILE] [--work DIR] [--results FILE]\n"
	                "                     [--sync-office FILE [--sync-pg CONNINFO --sync-pgsuper CONNINFO]]\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	struct cfg c = { .work = "/tmp" };
	const char *scale = "full";
	for (int i = 2; i < argc; i++) {
		const char **to = NULL;
		if (!strcmp(argv[i], "--okienko"))
			to = &c.okienko;
		else if (!strcmp(argv[i], "--db"))
			to = &c.db;
		else if (!strcmp(argv[i], "--scale"))
			to = &scale;
		else if (!strcmp(argv[i], "--names"))
			to = &c.names;
		else if (!strcmp(argv[i], "--import-base"))
			to = &c.import_base;
		else if (!strcmp(argv[i], "--import-events"))
			to = &c.import_events;
		else if (!strcmp(argv[i], "--work"))
			to = &c.work;
		else if (!strcmp(argv[i], "--results"))
			to = &c.results;
		else if (!strcmp(argv[i], "--sync-office"))
			to = &c.sync_office;
		else if (!strcmp(argv[i], "--sync-pg"))
			to = &c.sync_pg;
		else if (!strcmp(argv[i], "--sync-pgsuper"))
			to = &c.sync_pgsuper;
		if (!to || i + 1 >= argc)
			return usage();
		*to = argv[++i];
	}
	if (!c.db)
		return usage();
	signal(SIGPIPE, SIG_IGN);
	trace = getenv("OKIENKO_BENCH_TRACE") && *getenv("OKIENKO_BENCH_TRACE");
	only = getenv("BENCH_ONLY");
	if (!strcmp(argv[1], "prepare"))
		return prepare(c.db);
	if (strcmp(argv[1], "run") != 0 || !c.okienko)
		return usage();
	if (!strcmp(scale, "full")) {
		c.full = true;
		c.starts = 30;
		c.queries = 60;
		c.cards = 50;
		c.saves = 500;
		c.procs = 20;
		c.seconds = 30;
		c.fzf_runs = 20;
		c.imports = 3;
		c.counts = 50;
		c.reports = 5;
		c.report_limit_s = 60;
		c.syncs = 5;
	} else if (!strcmp(scale, "small")) {
		/* Every measurement runs, briefly: the test suite's scale. */
		c.starts = 3;
		c.queries = 4;
		c.cards = 3;
		c.saves = 20;
		c.procs = 20;
		c.seconds = 2;
		c.fzf_runs = 2;
		c.imports = 1;
		c.counts = 3;
		c.reports = 1;
		c.report_limit_s = 600;
		c.syncs = 1;
	} else {
		return usage();
	}
	return run(&c);
}
