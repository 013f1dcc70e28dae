/* check_report.c: the yearly monitoring report over a small office year
 * whose every computed indicator is known in advance (events of the
 * years before and after, voided events, two advice sessions of one
 * client, work after a training within 3 months and after 4 months, a
 * new registration within 30 days), the records behind each number, the
 * day counts, the activity log and programmes (supervisors only), the
 * query plans, and the CSV in CP1250. */
#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "conv.h"
#include "db_private.h"
#include "suites.h"
#include "util.h"

static char *dir;
static struct ok_db *db;

static void setup(void)
{
	test_lang("en");
	setenv("OKIENKO_TODAY", "2026-03-31", 1);
	dir = test_tmpdir();
	db = test_open(dir, "office.db");
}

static void teardown(void)
{
	db_close(db);
	test_rmdir(dir);
	unsetenv("OKIENKO_TODAY");
}

/* Logs in as a second counselor (created on first use). */
static void act_as_login(const char *login, enum ok_role role)
{
	struct ok_actor who;
	if (staff_login(db, login, "password1", &who) == OK_OK)
		return;
	db_set_system_actor(db);
	ck_assert_int_eq(staff_add(db, login, role, "Second", "password1"), OK_OK);
	ck_assert_int_eq(staff_login(db, login, "password1", &who), OK_OK);
}

/* A client born in 1985 (no age group in 2024-2026), registered on
 * 2024-01-10, in `group` from then until group_to ("" open) when group
 * is not NULL. */
static int64_t person(int serial, const char *first, const char *last, const char *group,
                      const char *group_to)
{
	test_act_as(db, ROLE_FRONT_OFFICE);
	struct ok_client_form f;
	memset(&f, 0, sizeof f);
	test_pesel(f.pesel, 1985, 1 + serial % 12, 1 + serial % 28, serial, serial % 2 ? 'M' : 'F');
	snprintf(f.first_name, sizeof f.first_name, "%s", first);
	snprintf(f.last_name, sizeof f.last_name, "%s", last);
	snprintf(f.status, sizeof f.status, "unemployed");
	snprintf(f.registered_on, sizeof f.registered_on, "2024-01-10");
	if (group) {
		snprintf(f.groups[0], sizeof f.groups[0], "%s", group);
		snprintf(f.group_to[0], sizeof f.group_to[0], "%s", group_to);
	}
	int64_t id = 0;
	ck_assert_msg(client_register(db, &f, &id) == OK_OK, "%s", db_errmsg(db));
	return id;
}

static int64_t employer(int seed, const char *name, const char *since)
{
	test_act_as(db, ROLE_FRONT_OFFICE);
	struct ok_employer_form f;
	memset(&f, 0, sizeof f);
	test_nip(f.nip, seed);
	snprintf(f.name, sizeof f.name, "%s", name);
	snprintf(f.registered_on, sizeof f.registered_on, "%s", since);
	int64_t id = 0;
	ck_assert_msg(employer_register(db, &f, &id) == OK_OK, "%s", db_errmsg(db));
	return id;
}

/* Records an event as the current actor; fails the test when refused. */
static int64_t ev(const char *kind, int64_t client, int64_t emp, const char *on, const char *detail,
                  int64_t referral)
{
	struct ok_event_form e;
	event_form_init(&e, kind);
	e.client_id = client;
	e.employer_id = emp;
	e.referral_id = referral;
	snprintf(e.occurred_on, sizeof e.occurred_on, "%s", on);
	snprintf(e.detail, sizeof e.detail, "%s", detail ? detail : "");
	if (!strcmp(kind, "vacancy"))
		e.places = atoi(detail);
	int64_t id = 0;
	ck_assert_msg(event_record(db, &e, &id) == OK_OK, "%s %s: %s", kind, on, db_errmsg(db));
	return id;
}

static void counselor(void)
{
	test_act_as(db, ROLE_COUNSELOR);
}

/* A training: referral, started, completed (0: not recorded). */
static int64_t training(int64_t c, const char *area, const char *on, const char *started,
                        const char *completed)
{
	counselor();
	int64_t r = ev("referral_training", c, 0, on, area, 0);
	if (started)
		ev("referral_outcome", 0, 0, started, "started", r);
	if (completed)
		ev("referral_outcome", 0, 0, completed, "completed", r);
	return r;
}

static void activity(const char *code, const char *on, long q, const char *what, bool void_it)
{
	test_act_as(db, ROLE_SUPERVISOR);
	struct ok_activity_form f;
	memset(&f, 0, sizeof f);
	snprintf(f.indicator, sizeof f.indicator, "%s", code);
	snprintf(f.occurred_on, sizeof f.occurred_on, "%s", on);
	f.quantity = q;
	snprintf(f.description, sizeof f.description, "%s", what);
	int64_t id;
	ck_assert_msg(activity_add(db, &f, &id) == OK_OK, "%s", db_errmsg(db));
	if (void_it)
		ck_assert_int_eq(activity_void(db, id, "entered twice"), OK_OK);
}

static int64_t programme(const char *name, const char *kind, const char *funding, bool special,
                         const char *from, const char *to)
{
	test_act_as(db, ROLE_SUPERVISOR);
	struct ok_programme_form f;
	memset(&f, 0, sizeof f);
	snprintf(f.name, sizeof f.name, "%s", name);
	snprintf(f.kind, sizeof f.kind, "%s", kind);
	snprintf(f.funding, sizeof f.funding, "%s", funding);
	f.special_situation = special;
	snprintf(f.started_on, sizeof f.started_on, "%s", from);
	snprintf(f.ended_on, sizeof f.ended_on, "%s", to);
	int64_t id;
	ck_assert_msg(programme_add(db, &f, &id) == OK_OK, "%s", db_errmsg(db));
	return id;
}

static void enrol(int64_t p, int64_t c, const char *on)
{
	test_act_as(db, ROLE_SUPERVISOR);
	int64_t id;
	ck_assert_msg(programme_enrol(db, p, c, on, &id) == OK_OK, "%s", db_errmsg(db));
}

static void void_event(int64_t id)
{
	test_act_as(db, ROLE_SUPERVISOR);
	ck_assert_msg(event_void(db, id, "recorded by mistake") == OK_OK, "%s", db_errmsg(db));
}

/* The office's 2025, with events of 2024 and 2026 around it. */
static void office_year(void)
{
	int64_t e1 = employer(1, "Spawmet sp. z o.o.", "2024-05-01");
	int64_t e2 = employer(2, "Biuro Rachunkowe Żółw", "2024-05-01");
	int64_t e3 = employer(3, "Grafika Lublin", "2024-05-01");
	int64_t e4 = employer(4, "Piekarnia Łąkowa", "2025-02-01");
	int64_t e5 = employer(5, "Sklep Ósemka", "2025-03-01");

	int64_t c1 = person(1, "Anna", "Kowalska", NULL, NULL);
	int64_t c2 = person(2, "Bartosz", "Wiśniewski", "disabled", "");
	int64_t c3 = person(3, "Celina", "Nowak", NULL, NULL);
	int64_t c4 = person(4, "Dariusz", "Zając", NULL, NULL);
	int64_t c5 = person(5, "Ewa", "Żółtowska", "disabled", "");
	int64_t c6 = person(6, "Filip", "Mazur", NULL, NULL);
	int64_t c7 = person(7, "Gosia", "Król", "disabled", "");
	int64_t c8 = person(8, "Henryk", "Wójcik", NULL, NULL);
	int64_t c9 = person(9, "Iga", "Lis", NULL, NULL);
	int64_t c10 = person(10, "Jan", "Kot", NULL, NULL);
	int64_t c11 = person(11, "Kamil", "Wróbel", "disabled", "2024-12-31");

	/* Advice: two sessions of c1, one of c2 (and one voided), the years around. */
	counselor();
	ev("individual_advice", c1, 0, "2024-12-30", NULL, 0);
	ev("individual_advice", c1, 0, "2025-02-03", NULL, 0);
	ev("individual_advice", c1, 0, "2025-05-05", NULL, 0);
	ev("individual_advice", c2, 0, "2025-03-03", NULL, 0);
	int64_t v = ev("individual_advice", c2, 0, "2025-03-04", NULL, 0);
	void_event(v);
	counselor();
	ev("individual_advice", c2, 0, "2026-01-05", NULL, 0);
	ev("vocational_info", c3, 0, "2025-04-01", NULL, 0);
	ev("vocational_info", c3, 0, "2025-04-08", NULL, 0);
	ev("vocational_info", c11, 0, "2025-03-03", NULL, 0);     /* no longer in a group */
	ev("test_examination", c3, 0, "2025-04-02", "", 0);
	ev("test_examination", c3, 0, "2024-11-05", "", 0);
	ev("employer_advice", 0, e1, "2024-10-01", NULL, 0);
	ev("employer_advice", 0, e4, "2025-03-10", NULL, 0);
	ev("employer_advice", 0, e4, "2025-06-10", NULL, 0);
	test_act_as(db, ROLE_FRONT_OFFICE);
	ev("vacancy", 0, e5, "2025-04-01", "5", 0);
	ev("vacancy", 0, e4, "2025-05-01", "2", 0);
	ev("vacancy", 0, e5, "2026-02-02", "3", 0);
	ev("referral_counselor", c7, 0, "2025-06-01", "vocational problem", 0);
	ev("referral_counselor", c1, 0, "2025-01-20", "vocational problem", 0);
	ev("referral_counselor", c1, 0, "2025-07-20", "vocational problem", 0);

	/* Trainings. c4: work within 3 months of the end; c5: after 4
	 * months; c6: within 3 months, but registered again within 30 days;
	 * c9: referred in 2024, started in 2025; c10: the start voided. */
	training(c4, "spawanie", "2025-01-15", "2025-02-01", "2025-03-31");
	ev("deregistration", c4, e1, "2025-05-20", "work_unsubsidised", 0);
	training(c5, "kadry i płace", "2025-01-20", "2025-02-03", "2025-04-30");
	ev("deregistration", c5, e2, "2025-09-01", "work_subsidised", 0);
	training(c6, "spawanie", "2025-02-10", "2025-03-01", "2025-05-30");
	ev("deregistration", c6, e1, "2025-06-15", "work_unsubsidised", 0);
	test_act_as(db, ROLE_FRONT_OFFICE);
	int64_t reg;
	ck_assert_msg(client_register_again(db, c6, "unemployed", "2025-07-01", &reg) == OK_OK, "%s",
	              db_errmsg(db));
	training(c8, "grafika", "2025-11-02", "2025-11-20", NULL);
	training(c9, "florystyka", "2024-12-10", "2025-01-07", NULL);
	int64_t r10 = training(c10, "barista", "2025-05-01", NULL, NULL);
	int64_t s10 = ev("referral_outcome", 0, 0, "2025-05-10", "started", r10);
	void_event(s10);
	counselor();
	ev("deregistration", c10, 0, "2025-12-01", "voluntary", 0);

	ev("referral_internship", c8, e3, "2025-03-10", "", 0);
	ev("referral_socially_useful_work", c7, 0, "2025-06-02", "MOPR Lublin", 0);
	int64_t suw = ev("referral_socially_useful_work", c3, 0, "2025-06-03", "ZZM", 0);
	void_event(suw);
	counselor();
	ev("startup_grant", c7, 0, "2025-07-01", "FP", 0);

	/* The activity log: a fair of 2024 and a voided visit count nowhere. */
	activity("1.2.1a", "2025-04-10", 1, "Targi pracy wiosna", false);
	activity("1.2.1a", "2025-10-10", 1, "Targi pracy jesień", false);
	activity("1.2.1a", "2024-10-10", 1, "Targi 2024", false);
	activity("1.2.1b", "2025-10-10", 150, "Wystawcy", false);
	activity("1.4.2", "2025-03-31", 300, "Wizyty I kwartał", false);
	activity("1.4.2", "2025-06-30", 18, "Wizyty II kwartał", false);
	activity("1.4.2", "2025-06-30", 100, "Wizyty (dubel)", true);

	int64_t p1 = programme("Program specjalny 50+", "special", "national", true, "2025-01-01", "2025-12-31");
	int64_t p2 = programme("Projekt EFS+", "own_eu", "eu", false, "2024-06-01", "");
	programme("Partnerstwo regionalne", "partner_regional", "external", true, "2023-01-01", "2024-12-31");
	int64_t p4 = programme("Własna firma", "business_support", "national", true, "2025-05-01", "");
	enrol(p1, c1, "2025-02-01");
	enrol(p1, c2, "2025-02-01");
	enrol(p2, c3, "2024-07-01");
	enrol(p2, c5, "2025-03-01");
	enrol(p4, c7, "2025-05-10");
}

static const struct {
	const char *code;
	const char *value;
} expected[] = {
	{ "1.1.1a", "2" },   /* c1 (twice), c2 (a voided one and one of 2026 aside) */
	{ "1.1.1b", "1" },
	{ "1.1.2", "2" },    /* c3 twice, c11 */
	{ "1.1.3", "3" },
	{ "1.1.4", "2" },
	{ "1.2.1a", "2" },
	{ "1.2.1b", "150" },
	{ "1.2.1c", "0" },
	{ "1.2.2", "0" },
	{ "1.2.3a", "7" },   /* places: 5 + 2 */
	{ "1.2.3b", "0" },
	{ "1.2.4", "3" },    /* c4, c5, c6 */
	{ "1.3.1a", "5" },   /* c4, c5, c6, c8, c10; c9's was in 2024 */
	{ "1.3.1b", "0" },
	{ "1.3.2a", "4" },   /* spawanie, kadry i płace, grafika, florystyka */
	{ "1.3.2b", "1" },   /* c4 only */
	{ "1.3.3", "5" },    /* c4, c5, c6, c8, c9 */
	{ "1.4.1", "0" },
	{ "1.4.2", "318" },
	{ "1.4.4", "0" },
	{ "1.5.1a", "1" },
	{ "1.5.1b", "2" },
	{ "1.5.2a", "1" },
	{ "1.5.2b", "2" },
	{ "1.5.3a", "1" },
	{ "1.5.3b", "1" },   /* c5 (c3 enrolled in 2024) */
	{ "1.5.4a", "0" },
	{ "1.5.4b", "0" },
	{ "1.5.5a", "0" },
	{ "1.5.5b", "0" },
	{ "2.1.1", "2" },    /* c7, c1 (twice) */
	{ "2.1.2", "0" },
	{ "2.1.3", "0" },
	{ "2.2.1a", "3" },   /* c2, c5, c7; c11's group had ended */
	{ "2.2.1b", "1" },   /* c5 */
	{ "2.2.2", "75.0" }, /* c2, c5, c7 of c1, c2, c5, c7 */
	{ "2.2.3a", "2" },   /* p1, p4 */
	{ "2.2.3b", "0" },   /* the partnership ended in 2024 */
	{ "2.2.4a", "0" },
	{ "2.2.4b", "0" },
	{ "2.2.4c", "1" },   /* c7; c3's was voided */
	{ "2.2.4d", "0" },
	{ "3.1.1", "0" },
	{ "3.1.2", "0" },
	{ "3.1.3", "0" },
	{ "3.1.4", "0" },
	{ "3.1.5", "0" },
	{ "3.2.1a", "5" },   /* e1..e5 */
	{ "3.2.1b", "1" },   /* c5's subsidised work */
	{ "3.2.2", "2" },    /* e3 (internship), e2 (subsidised work) */
	{ "3.2.3", "33.3" }, /* c4 of c4, c5, c6 */
	{ "3.2.4", "2" },    /* e4, e5 */
	{ "3.2.6", "0" },
	{ "3.3.1", "1" },    /* c7 */
	{ "3.3.3", "1" },
	{ "3.3.4", "1" },
	{ "4.1.1", "0" },
	{ "4.2.1", "0" },
	{ "4.3.1", "0" },
	{ "4.4.1", "0" },
};

START_TEST(office_year_every_indicator)
{
	office_year();
	ck_assert_int_eq((int)(sizeof expected / sizeof *expected), REPORT_INDICATORS);
	test_act_as(db, ROLE_SUPERVISOR);
	struct ok_report r;
	ck_assert_msg(report_year(db, 2025, &r) == OK_OK, "%s", db_errmsg(db));
	for (int i = 0; i < REPORT_INDICATORS; i++) {
		const struct report_indicator *ind = report_indicator(i);
		char v[32];
		ck_assert_str_eq(ind->code, expected[i].code);
		report_format_value(ind, &r.v[i], v, sizeof v);
		ck_assert_msg(strcmp(v, expected[i].value) == 0, "%s: %s, expected %s", ind->code, v,
		              expected[i].value);
		/* The records behind the number give the number. */
		struct ok_records rows = { 0 };
		ck_assert_msg(report_drill(db, 2025, i, &rows) == OK_OK, "%s", db_errmsg(db));
		long long sum = 0;
		for (int k = 0; k < rows.n; k++)
			sum += rows.rows[k].q;
		ck_assert_int_eq(rows.n, r.v[i].rows);
		ck_assert_int_eq(sum, r.v[i].value);
		records_free(&rows);
	}
	/* 1.3.2b lists Dariusz Zając's deregistration. */
	struct ok_records rows = { 0 };
	ck_assert_int_eq(report_drill(db, 2025, report_find("1.3.2b"), &rows), OK_OK);
	ck_assert_int_eq(rows.n, 1);
	ck_assert_str_eq(rows.rows[0].who, "Zając Dariusz");
	ck_assert_str_eq(rows.rows[0].day, "2025-05-20");
	ck_assert_str_eq(rows.rows[0].kind, "deregistration");
	ck_assert_int_ne(rows.rows[0].client_id, 0);
	records_free(&rows);
	/* 1.1.1a lists each person once, at their first session. */
	ck_assert_int_eq(report_drill(db, 2025, report_find("1.1.1a"), &rows), OK_OK);
	ck_assert_int_eq(rows.n, 2);
	ck_assert_str_eq(rows.rows[0].day, "2025-02-03");
	ck_assert_str_eq(rows.rows[0].who, "Kowalska Anna");
	records_free(&rows);
	/* The year before and after. */
	ck_assert_int_eq(report_year(db, 2024, &r), OK_OK);
	ck_assert_int_eq(r.v[report_find("1.1.3")].value, 1);
	ck_assert_int_eq(r.v[report_find("1.2.1a")].value, 1);
	ck_assert_int_eq(r.v[report_find("1.3.1a")].value, 1);
	ck_assert(!r.v[report_find("2.2.2")].not_applicable);   /* c3, not in a group */
	ck_assert_int_eq(r.v[report_find("2.2.2")].rows, 1);
	ck_assert_int_eq(r.v[report_find("2.2.2")].value, 0);
	ck_assert_int_eq(report_year(db, 2023, &r), OK_OK);
	ck_assert(r.v[report_find("2.2.2")].not_applicable);
	ck_assert_int_eq(r.v[report_find("4.4.1")].value, 1);
	ck_assert_int_eq(report_year(db, 2026, &r), OK_OK);
	ck_assert_int_eq(r.v[report_find("1.1.3")].value, 1);
	ck_assert_int_eq(r.v[report_find("1.2.3a")].value, 3);
}
END_TEST

START_TEST(labels_are_polish_in_the_catalogue)
{
	test_lang("pl");
	for (int i = 0; i < REPORT_INDICATORS; i++) {
		const struct report_indicator *ind = report_indicator(i);
		ck_assert_msg(strcmp(_(ind->label), ind->label_pl) == 0, "%s: %s", ind->code, _(ind->label));
	}
	test_lang("en");
	ck_assert_str_eq(_(report_indicator(0)->label), "persons given individual advice");
	ck_assert(report_is_activity("1.2.1a"));
	ck_assert(!report_is_activity("1.1.1a"));
	ck_assert(!report_is_activity("9.9.9"));
}
END_TEST

START_TEST(only_supervisors_write_the_activity_log)
{
	int64_t c = person(1, "Anna", "Kowalska", NULL, NULL);
	struct ok_activity_form f;
	memset(&f, 0, sizeof f);
	snprintf(f.indicator, sizeof f.indicator, "1.4.2");
	snprintf(f.occurred_on, sizeof f.occurred_on, "2025-03-01");
	f.quantity = 5;
	snprintf(f.description, sizeof f.description, "Wizyty");
	struct ok_programme_form p;
	memset(&p, 0, sizeof p);
	snprintf(p.name, sizeof p.name, "Program");
	snprintf(p.kind, sizeof p.kind, "special");
	snprintf(p.funding, sizeof p.funding, "national");
	snprintf(p.started_on, sizeof p.started_on, "2025-01-01");
	int64_t id;
	struct ok_report r;
	struct ok_count *rows;
	int n;
	const enum ok_role refused[] = { ROLE_COUNSELOR, ROLE_FRONT_OFFICE };
	for (size_t i = 0; i < 2; i++) {
		test_act_as(db, refused[i]);
		ck_assert_int_eq(activity_add(db, &f, &id), OK_EDENIED);
		ck_assert_int_eq(programme_add(db, &p, &id), OK_EDENIED);
		ck_assert_int_eq(report_year(db, 2025, &r), OK_EDENIED);
		ck_assert_int_eq(counts_day(db, "2025-03-01", &rows, &n), OK_EDENIED);
	}
	/* An administrator sees the numbers but no client behind them. */
	test_act_as(db, ROLE_ADMIN);
	ck_assert_int_eq(activity_add(db, &f, &id), OK_EDENIED);
	ck_assert_int_eq(report_year(db, 2025, &r), OK_OK);
	struct ok_records recs = { 0 };
	ck_assert_int_eq(report_drill(db, 2025, 0, &recs), OK_EDENIED);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM activity"), 0);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM programme"), 0);

	test_act_as(db, ROLE_SUPERVISOR);
	snprintf(f.indicator, sizeof f.indicator, "1.1.1a");
	ck_assert_int_eq(activity_add(db, &f, &id), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "indicator");
	snprintf(f.indicator, sizeof f.indicator, "1.4.2");
	snprintf(f.occurred_on, sizeof f.occurred_on, "2026-04-01");
	ck_assert_int_eq(activity_add(db, &f, &id), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "occurred_on");
	snprintf(f.occurred_on, sizeof f.occurred_on, "2025-03-01");
	f.description[0] = '\0';
	ck_assert_int_eq(activity_add(db, &f, &id), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "description");
	snprintf(f.description, sizeof f.description, "Wizyty");
	ck_assert_int_eq(activity_add(db, &f, &id), OK_OK);
	ck_assert_int_eq(activity_void(db, id, ""), OK_EINVAL);
	ck_assert_int_eq(activity_void(db, id, "twice"), OK_OK);
	ck_assert_int_eq(activity_void(db, id, "twice"), OK_ENOTFOUND);
	struct ok_activity *list;
	ck_assert_int_eq(activity_list(db, 2025, &list, &n), OK_OK);
	ck_assert_int_eq(n, 1);
	ck_assert(list[0].voided);
	free(list);

	snprintf(p.ended_on, sizeof p.ended_on, "2024-12-31");
	ck_assert_int_eq(programme_add(db, &p, &id), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "ended_on");
	p.ended_on[0] = '\0';
	ck_assert_int_eq(programme_add(db, &p, &id), OK_OK);
	int64_t e;
	ck_assert_int_eq(programme_enrol(db, id, c, "2024-12-01", &e), OK_EINVAL);
	ck_assert_int_eq(programme_enrol(db, id, c, "2025-02-01", &e), OK_OK);
	ck_assert_int_eq(programme_enrol(db, id, c, "2025-02-02", &e), OK_EEXIST);
	ck_assert_int_eq(programme_enrol(db, id, 999, "2025-02-02", &e), OK_ENOTFOUND);
	test_act_as(db, ROLE_COUNSELOR);
	ck_assert_int_eq(programme_enrol(db, id, c, "2025-02-01", &e), OK_EDENIED);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM programme_client"), 1);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM audit WHERE entity IN"
	                                " ('activity','programme','programme_client')"), 4);
}
END_TEST

START_TEST(day_counts_per_counselor_and_kind)
{
	int64_t c1 = person(1, "Anna", "Kowalska", NULL, NULL);
	int64_t c2 = person(2, "Bartosz", "Wiśniewski", NULL, NULL);
	counselor();
	ev("individual_advice", c1, 0, "2025-03-03", NULL, 0);
	ev("individual_advice", c2, 0, "2025-03-03", NULL, 0);
	int64_t r = ev("referral_training", c1, 0, "2025-03-03", "spawanie", 0);
	ev("individual_advice", c1, 0, "2025-03-04", NULL, 0);
	ev("contact", c2, 0, "2025-03-03", "phone", 0);        /* not a counted kind */
	act_as_login("t.counselor2", ROLE_COUNSELOR);
	ev("referral_outcome", 0, 0, "2025-03-03", "started", r);
	int64_t v = ev("individual_advice", c2, 0, "2025-03-03", NULL, 0);
	ck_assert_int_eq(event_void(db, v, "wrong client"), OK_OK);
	ev("deregistration", c2, 0, "2025-03-03", "voluntary", 0);

	test_act_as(db, ROLE_SUPERVISOR);
	struct ok_count *rows;
	int n;
	ck_assert_int_eq(counts_day(db, "2025-03-33", &rows, &n), OK_EINVAL);
	ck_assert_int_eq(counts_day(db, "2025-03-03", &rows, &n), OK_OK);
	static const struct { const char *staff, *kind; long count; } want[] = {
		{ "t.counselor", "individual_advice", 2 },
		{ "t.counselor", "referral_training", 1 },
		{ "t.counselor2", "referral_outcome", 1 },
		{ "t.counselor2", "deregistration", 1 },
		{ "*", "individual_advice", 2 },
		{ "*", "referral_training", 1 },
		{ "*", "referral_outcome", 1 },
		{ "*", "deregistration", 1 },
	};
	ck_assert_int_eq(n, 8);
	for (int i = 0; i < n; i++) {
		ck_assert_str_eq(rows[i].staff, want[i].staff);
		ck_assert_str_eq(rows[i].kind, want[i].kind);
		ck_assert_int_eq(rows[i].count, want[i].count);
		struct ok_records recs = { 0 };
		ck_assert_int_eq(counts_drill(db, "2025-03-03", rows[i].staff_id, rows[i].kind, &recs), OK_OK);
		ck_assert_int_eq(recs.n, rows[i].count);
		records_free(&recs);
	}
	struct ok_records recs = { 0 };
	ck_assert_int_eq(counts_drill(db, "2025-03-03", 0, "", &recs), OK_OK);
	ck_assert_int_eq(recs.n, 5);
	ck_assert_str_eq(recs.rows[0].who, "Kowalska Anna");
	records_free(&recs);
	free(rows);

	/* 30 working days up to Monday 2025-03-03: back to 2025-01-21. */
	struct ok_day_total s[30];
	ck_assert_int_eq(counts_series(db, "2025-03-03", 30, s), OK_OK);
	ck_assert_str_eq(s[29].day, "2025-03-03");
	ck_assert_int_eq(s[29].count, 5);
	ck_assert_str_eq(s[0].day, "2025-01-21");
	ck_assert_int_eq(counts_series(db, "2025-03-04", 30, s), OK_OK);
	ck_assert_int_eq(s[29].count, 1);
	ck_assert_int_eq(s[28].count, 5);
	/* Holidays: Easter Monday 2025-04-21, Corpus Christi 2025-06-19, 2025-12-24. */
	const char *holidays[] = { "2025-04-21", "2025-06-19", "2025-12-24", "2025-11-11", "2025-03-08" };
	for (size_t i = 0; i < sizeof holidays / sizeof *holidays; i++) {
		struct ok_date d;
		ck_assert(!date_parse(holidays[i], &d));
		ck_assert_msg(!counts_working_day(&d), "%s", holidays[i]);
	}
	struct ok_date d = { 2025, 4, 22 };
	ck_assert(counts_working_day(&d));
}
END_TEST

/* No step of the plan reads the event table (or another large one)
 * whole: every access to them is a SEARCH through an index. */
static bool reads_whole_table(const char *sql, char *plan, size_t size)
{
	char q[16384];
	snprintf(q, sizeof q, "EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), q, -1, &st, NULL), SQLITE_OK);
	bool scan = false;
	plan[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 3);
		size_t l = strlen(plan);
		snprintf(plan + l, size - l, "%s; ", d);
		/* Scans of the small tables (staff s, programmes p and pp)
		 * and of a subquery's rows (t, w) are fine; of anything else not. */
		if (!strncmp(d, "SCAN ", 5)) {
			char alias[32] = "";
			sscanf(d + 5, "%31s", alias);
			static const char *const fine[] = { "s", "p", "pp", "t", "w", "CONSTANT" };
			bool ok = alias[0] == '(';   /* "(subquery-N)": rows already searched */
			for (size_t k = 0; k < sizeof fine / sizeof *fine; k++)
				ok = ok || !strcmp(alias, fine[k]);
			scan = scan || !ok;
		}
		/* Every event of a kind, of all years, is a scan too. */
		if (strstr(d, "INDEX event_kind (kind=?)"))
			scan = true;
	}
	sqlite3_finalize(st);
	return scan;
}

static void assert_no_scan(const char *what, const char *sql)
{
	char plan[8192];
	ck_assert_msg(!reads_whole_table(sql, plan, sizeof plan), "%s reads a whole table: %s", what, plan);
}

START_TEST(query_plans_use_indexes)
{
	/* A filled file, as an office has it: without statistics (no
	 * ANALYZE), so that the plans are those of every office's file. */
	struct demo_options opt = { .clients = 200, .seed = 3 };
	db_set_system_actor(db);
	ck_assert_int_eq(demo_fill(db, &opt), OK_OK);
	/* The check itself sees a scan. */
	char plan[8192];
	ck_assert(reads_whole_table("SELECT count(*) FROM event e WHERE e.notes = 'x'", plan, sizeof plan));
	ck_assert(reads_whole_table("SELECT count(*) FROM client_group g WHERE g.code = 'disabled'", plan, sizeof plan));
	ck_assert(reads_whole_table("SELECT count(*) FROM event e WHERE e.kind = 'vacancy'", plan, sizeof plan));
	for (int i = 0; i < REPORT_INDICATORS; i++) {
		const char *rows, *value;
		report_sql(i, &rows, &value);
		assert_no_scan(report_indicator(i)->code, value);
		assert_no_scan(report_indicator(i)->code, rows);
		report_reference_sql(i, &rows, &value);
		assert_no_scan(report_indicator(i)->code, value);
		assert_no_scan(report_indicator(i)->code, rows);
		/* A save writes the facts of its client (employer) through the
		 * client's (employer's) events alone. */
		const char *all, *noted;
		report_facts_sql(i, &all, &noted);
		if (noted) {
			ck_assert_msg(!reads_whole_table(noted, plan, sizeof plan), "%s: %s", report_indicator(i)->code, plan);
			ck_assert_msg((strstr(plan, "SEARCH e USING INDEX event_client (client_id=?)") ||
			               strstr(plan, "SEARCH e USING INDEX event_employer (employer_id=?)")) &&
			              !strstr(plan, "event_live"), "%s: %s", report_indicator(i)->code, plan);
		}
	}
	assert_no_scan("counts", "SELECT e.staff_id, s.login, e.kind, count(*) FROM event e"
	               " JOIN staff s ON s.id = e.staff_id WHERE e.occurred_on = ?1 AND e.kind IN"
	               " ('individual_advice','deregistration') AND e.state = 'active'"
	               " GROUP BY e.staff_id, s.login, e.kind");
	/* The statements counts.c runs, as prepared there. */
	sqlite3_stmt *st;
	sqlite3 *h = db_sqlite(db);
	test_act_as(db, ROLE_SUPERVISOR);
	struct ok_count *rows;
	int n;
	struct ok_day_total s[30];
	struct ok_records recs = { 0 };
	ck_assert_int_eq(counts_day(db, "2025-03-03", &rows, &n), OK_OK);
	free(rows);
	ck_assert_int_eq(counts_series(db, "2025-03-03", 30, s), OK_OK);
	ck_assert_int_eq(counts_drill(db, "2025-03-03", 0, "", &recs), OK_OK);
	records_free(&recs);
	int checked = 0;
	for (st = sqlite3_next_stmt(h, NULL); st; st = sqlite3_next_stmt(h, st)) {
		const char *sql = sqlite3_sql(st);
		if (sql && strstr(sql, "FROM event e") && strstr(sql, "referral_outcome','deregistration')")) {
			assert_no_scan("counts.c", sql);
			checked++;
		}
	}
	ck_assert_int_eq(checked, 3);
	/* A save's facts: the statements that note the clients of the new
	 * events read the rows past the last settled one by rowid, never an
	 * event index whole (which took 18 s at 10,000,000 events). */
	db_set_system_actor(db);
	int64_t c = person(903, "Ewa", "Nowicka", "", "");
	counselor();
	ev("individual_advice", c, 0, "2025-03-04", NULL, 0);
	checked = 0;
	for (st = sqlite3_next_stmt(h, NULL); st; st = sqlite3_next_stmt(h, st)) {
		const char *sql = sqlite3_sql(st);
		if (sql && strstr(sql, "FROM event NOT INDEXED WHERE id > ?1 AND client_id IS NOT NULL")) {
			ck_assert_msg(!reads_whole_table(sql, plan, sizeof plan), "%s: %s", sql, plan);
			ck_assert_msg(strstr(plan, "USING INTEGER PRIMARY KEY (rowid>?)") && !strstr(plan, "INDEX event_"),
			              "%s: %s", sql, plan);
			checked++;
		}
	}
	ck_assert_int_eq(checked, 2);
}
END_TEST

/* ---- The facts against the definitions ---- */

static void same_records(const char *when, int year, const char *code, const struct ok_records *a,
                         const struct ok_records *b)
{
	ck_assert_msg(a->n == b->n, "%s %d %s: %d records from the facts, %d by the definition", when, year,
	              code, a->n, b->n);
	for (int k = 0; k < a->n; k++) {
		const struct ok_record *x = &a->rows[k], *y = &b->rows[k];
		ck_assert_msg(x->src == y->src && x->id == y->id && !strcmp(x->day, y->day) &&
		              x->client_id == y->client_id && x->employer_id == y->employer_id &&
		              !strcmp(x->who, y->who) && !strcmp(x->staff, y->staff) && !strcmp(x->kind, y->kind) &&
		              !strcmp(x->detail, y->detail) && x->q == y->q,
		              "%s %d %s: record %d is event %lld (%s, q %lld) from the facts, %lld (%s, q %lld) by the"
		              " definition", when, year, code, k, (long long)x->id, x->day, x->q, (long long)y->id,
		              y->day, y->q);
	}
}

/* Every indicator of 2024-2026 as report_year() and report_drill() give
 * them (from the facts) and as their definitions do (report_compute on
 * the office file: the reference queries). Returns the sum of the
 * values counted from facts. */
static long long facts_agree_in(const char *when, bool city)
{
	test_act_as(db, ROLE_SUPERVISOR);
	struct report_source src;
	report_source_office(&src, db);
	long long counted = 0;
	for (int year = 2024; year <= 2026; year++) {
		struct ok_report a, b;
		ck_assert_msg(report_year(db, year, &a) == OK_OK, "%s", db_errmsg(db));
		/* Nothing is left noted: the numbers came from written facts
		 * (the city's file reads the definitions). */
		ck_assert_int_eq(test_count(db, "SELECT count(*) = 0 FROM report_stale"), !city);
		if (!city)
			ck_assert_int_eq(test_count(db, "SELECT (SELECT CAST(value AS INTEGER) FROM meta WHERE key ="
			                                " 'report_fact_upto') = (SELECT coalesce(max(id), 0) FROM event)"), 1);
		ck_assert_msg(report_compute(&src, year, &b) == OK_OK, "%s", db_errmsg(db));
		for (int i = 0; i < REPORT_INDICATORS; i++) {
			const char *code = report_indicator(i)->code;
			ck_assert_msg(a.v[i].value == b.v[i].value && a.v[i].rows == b.v[i].rows,
			              "%s %d %s: %lld (%lld rows) from the facts, %lld (%lld rows) by the definition",
			              when, year, code, a.v[i].value, a.v[i].rows, b.v[i].value, b.v[i].rows);
			if (!report_counts_facts(i))
				continue;
			counted += a.v[i].value;
			struct ok_records ra = { 0 }, rb = { 0 };
			ck_assert_msg(report_drill(db, year, i, &ra) == OK_OK, "%s", db_errmsg(db));
			ck_assert_msg(report_drill_source(&src, year, i, &rb) == OK_OK, "%s", db_errmsg(db));
			same_records(when, year, code, &ra, &rb);
			records_free(&ra);
			records_free(&rb);
		}
	}
	return counted;
}

static long long facts_agree(const char *when)
{
	return facts_agree_in(when, false);
}

static void exec_raw(const char *sql)
{
	char *msg = NULL;
	ck_assert_msg(sqlite3_exec(db_sqlite(db), sql, NULL, NULL, &msg) == SQLITE_OK, "%s: %s", sql,
	              msg ? msg : "");
}

/* The ids a query (a literal) returns, at most max. */
static int ids_of(const char *sql, int64_t *ids, int max)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	int n = 0;
	while (n < max && sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

START_TEST(facts_agree_with_the_definitions)
{
	/* The hand-made year first: each rule's edge cases. */
	office_year();
	ck_assert_int_gt(facts_agree("office year"), 0);
}
END_TEST

START_TEST(facts_follow_every_change)
{
	struct demo_options opt = { .clients = 400, .seed = 11 };
	db_set_system_actor(db);
	ck_assert_msg(demo_fill(db, &opt) == OK_OK, "%s", db_errmsg(db));
	ck_assert_int_gt(facts_agree("demo"), 100);
	test_act_as(db, ROLE_SUPERVISOR);
	int64_t ids[40];
	/* Voids, one save each (the facts of one client written again). */
	int n = ids_of("SELECT id FROM event WHERE state = 'active' AND kind IN ('deregistration','individual_advice',"
	               "'referral_outcome','vocational_info','referral_counselor','employer_advice','vacancy') ORDER BY id % 37, id LIMIT 40", ids, 40);
	ck_assert_int_gt(n, 30);
	int voided = 0;
	for (int k = 0; k < n; k++)
		voided += event_void(db, ids[k], "entered twice") == OK_OK;
	ck_assert_int_gt(voided, 20);
	/* Employers' events (3.2.1a, 3.2.2 keep facts per employer). */
	n = ids_of("SELECT id FROM event WHERE state = 'active' AND kind IN ('employer_advice','vacancy')"
	           " ORDER BY employer_id, id LIMIT 8", ids, 8);
	ck_assert_int_gt(n, 4);
	for (int k = 0; k < n; k++)
		ck_assert_int_eq(event_void(db, ids[k], "entered twice"), OK_OK);
	facts_agree("after voids");
	/* Corrections: another day, another detail. */
	n = ids_of("SELECT id FROM event WHERE state = 'active' AND kind IN ('deregistration','referral_outcome',"
	           "'individual_advice') ORDER BY id % 41 DESC, id LIMIT 20", ids, 20);
	int corrected = 0;
	for (int k = 0; k < n; k++) {
		struct ok_event_form f;
		char state[12];
		ck_assert_int_eq(event_load(db, ids[k], &f, state), OK_OK);
		if (!strcmp(f.kind, "deregistration")) {
			bool work = !strcmp(f.detail, "work_unsubsidised");
			snprintf(f.detail, sizeof f.detail, "%s", work ? "other" : "work_unsubsidised");
			f.subsidised = 0;
		} else {
			/* A day earlier. */
			sqlite3_stmt *st;
			ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), "SELECT date(?1, '-1 day')", -1, &st, NULL),
			                 SQLITE_OK);
			sqlite3_bind_text(st, 1, f.occurred_on, -1, SQLITE_TRANSIENT);
			ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
			snprintf(f.occurred_on, sizeof f.occurred_on, "%s", (const char *)sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
		}
		int64_t id2;
		corrected += event_correct(db, ids[k], &f, "wrong detail", &id2) == OK_OK;
	}
	ck_assert_int_gt(corrected, 5);
	facts_agree("after corrections");
	/* New records: a training followed by work, group advice. */
	int64_t c = person(901, "Ewa", "Nowicka", "disabled", "");
	int64_t r = training(c, "obsługa wózków widłowych", "2025-02-03", "2025-02-10", "2025-04-30");
	ev("deregistration", c, 0, "2025-06-16", "work_unsubsidised", 0);
	counselor();
	ev("individual_advice", c, 0, "2025-01-20", NULL, 0);
	facts_agree("after new records");
	ck_assert_int_eq(event_void(db, r + 2, "no completion"), OK_OK);
	facts_agree("after voiding the completion");
	/* Changes the desk never makes, by another program (no facts
	 * written): the report settles them first. */
	exec_raw("INSERT INTO client_group(client_id, code, valid_from) SELECT id, 'disabled', '2024-01-01'"
	         " FROM client WHERE id % 7 = 3");
	exec_raw("UPDATE event SET occurred_on = '2025-07-01' WHERE id IN (SELECT id FROM event"
	         " WHERE kind = 'deregistration' AND state = 'active' ORDER BY id LIMIT 10)");
	exec_raw("UPDATE registration SET registered_on = date(registered_on, '-3 days') WHERE id % 3 = 0");
	facts_agree("after other programs' changes");
	/* Another office's records do not count here, and all do in the
	 * city's file. */
	exec_raw("UPDATE event SET office = 'LUB02' WHERE client_id % 5 = 1");
	facts_agree("after another office's records");
	exec_raw("INSERT INTO meta(key, value) VALUES('report_all', '1')");
	facts_agree_in("as the city's file", true);
	exec_raw("DELETE FROM meta WHERE key = 'report_all'");
	facts_agree("as an office's file again");
	/* An event written below the mark (an id reused). */
	exec_raw("DELETE FROM event WHERE id = (SELECT max(id) FROM event WHERE kind = 'individual_advice'"
	         " AND id NOT IN (SELECT referral_id FROM event WHERE referral_id IS NOT NULL)"
	         " AND id NOT IN (SELECT supersedes FROM event WHERE supersedes IS NOT NULL)"
	         " AND id NOT IN (SELECT end_event_id FROM registration WHERE end_event_id IS NOT NULL))");
	facts_agree("after a removal");
}
END_TEST

/* Whether every event's client has its facts written. */
static bool facts_written(void)
{
	return test_count(db, "SELECT (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'report_fact_upto')"
	                      " = (SELECT max(id) FROM event) AND NOT EXISTS (SELECT 1 FROM report_stale)") == 1;
}

/* An interactive session's save leaves its facts to db_idle() (after
 * the screen is drawn); what is left before one is written by the
 * report, or when the session ends. */
START_TEST(desk_saves_leave_the_facts_to_idle)
{
	struct demo_options opt = { .clients = 150, .seed = 5 };
	db_set_system_actor(db);
	ck_assert_msg(demo_fill(db, &opt) == OK_OK, "%s", db_errmsg(db));
	ck_assert(facts_written());
	db_defer_housekeeping(db);
	int64_t c = person(902, "Jan", "Kowalczyk", "", "");
	counselor();
	ev("individual_advice", c, 0, "2025-03-04", NULL, 0);
	ck_assert(!facts_written());
	/* A failed save's message outlives the idle moment's work. */
	struct ok_event_form bad;
	event_form_init(&bad, "individual_advice");
	bad.client_id = c;
	snprintf(bad.occurred_on, sizeof bad.occurred_on, "2099-01-01");
	int64_t id = 0;
	ck_assert_int_ne(event_record(db, &bad, &id), OK_OK);
	char msg[512];
	snprintf(msg, sizeof msg, "%s", db_errmsg(db));
	db_idle(db);
	ck_assert(facts_written());
	ck_assert_str_eq(db_errmsg(db), msg);
	facts_agree("after a desk save and idle");
	/* Before an idle moment, the report writes them. */
	counselor();
	ev("vocational_info", c, 0, "2025-03-05", NULL, 0);
	ck_assert(!facts_written());
	facts_agree("after a desk save, the report");
	/* The session's end writes what its saves left. */
	counselor();
	ev("individual_advice", c, 0, "2025-03-06", NULL, 0);
	ck_assert(!facts_written());
	db_close(db);
	db = test_open(dir, "office.db");
	ck_assert(facts_written());
	facts_agree("after the session ended");
}
END_TEST

START_TEST(report_csv_in_cp1250)
{
	office_year();
	char path[4096], out[4096];
	snprintf(path, sizeof path, "%s/office.db", dir);
	snprintf(out, sizeof out, "%s/report.csv", dir);
	db_close(db);
	db = NULL;
	fflush(stdout);
	int saved = dup(1);
	FILE *f = freopen(out, "w", stdout);
	ck_assert_ptr_nonnull(f);
	char *argv[] = { "okienko", "--db", path, "report", "--year", "2025", "--format", "csv",
	                 "--encoding", "cp1250", NULL };
	int rc = app_main(10, argv, NULL);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	ck_assert_int_eq(rc, 0);
	FILE *in = fopen(out, "rb");
	ck_assert_ptr_nonnull(in);
	char buf[16384];
	size_t len = fread(buf, 1, sizeof buf - 1, in);
	fclose(in);
	buf[len] = '\0';
	ck_assert(strncmp(buf, "code,indicator,value\r\n", 22) == 0);
	/* "liczba osób objętych poradnictwem indywidualnym": ó 0xF3, ę 0xEA in CP1250. */
	ck_assert_ptr_nonnull(strstr(buf, "1.1.1a,liczba os\xf3" "b obj\xeatych poradnictwem indywidualnym,2\r\n"));
	/* "środki" and "ł": ś 0x9C, ł 0xB3. */
	ck_assert_ptr_nonnull(strstr(buf, "(\x9crodki UE),1\r\n"));
	ck_assert_ptr_nonnull(strstr(buf, "2.2.2,"));
	ck_assert_ptr_nonnull(strstr(buf, ",75.0\r\n"));
	ck_assert_ptr_null(strstr(buf, "\xc3\xb3"));   /* no UTF-8 left */
	int lines = 0;
	for (size_t i = 0; i < len; i++)
		lines += buf[i] == '\n';
	ck_assert_int_eq(lines, 61);
	/* Back through iconv: the UTF-8 label again. */
	size_t n;
	char *utf8 = conv_to_utf8(buf, len, "CP1250", &n, NULL);
	ck_assert_ptr_nonnull(utf8);
	ck_assert_ptr_nonnull(strstr(utf8, "liczba przeszkolonych pracowników MUP w Lublinie"));
	free(utf8);
	db = test_open(dir, "office.db");
}
END_TEST

/* Runs okienko with argv, standard output into dir/name; returns the exit status. */
static int run_cli(char **argv, int argc, const char *name, char *buf, size_t size)
{
	char out[4096];
	snprintf(out, sizeof out, "%s/%s", dir, name);
	fflush(stdout);
	int saved = dup(1);
	ck_assert_ptr_nonnull(freopen(out, "w", stdout));
	int rc = app_main(argc, argv, NULL);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	FILE *in = fopen(out, "rb");
	ck_assert_ptr_nonnull(in);
	size_t len = fread(buf, 1, size - 1, in);
	fclose(in);
	buf[len] = '\0';
	return rc;
}

START_TEST(counts_csv_and_usage_errors)
{
	int64_t c1 = person(1, "Anna", "Kowalska", NULL, NULL);
	counselor();
	ev("individual_advice", c1, 0, "2025-03-03", NULL, 0);
	ev("individual_advice", c1, 0, "2025-03-03", NULL, 0);
	ev("contact", c1, 0, "2025-03-03", "phone", 0);
	char path[4096], buf[8192];
	snprintf(path, sizeof path, "%s/office.db", dir);
	db_close(db);
	db = NULL;
	char *counts[] = { "okienko", "--db", path, "counts", "--date", "2025-03-03", "--format", "csv", NULL };
	ck_assert_int_eq(run_cli(counts, 8, "counts.csv", buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "counselor,kind,count\r\nt.counselor,individual_advice,2\r\n*,individual_advice,2\r\n");
	char *text[] = { "okienko", "--db", path, "report", "--year", "2025", NULL };
	ck_assert_int_eq(run_cli(text, 6, "report.txt", buf, sizeof buf), 0);
	ck_assert_ptr_nonnull(strstr(buf, "1.1.3           2  vocational advice sessions given\n"));
	ck_assert_ptr_nonnull(strstr(buf, "2.2.2        0.0%  share of persons"));
	char *bad[][9] = {
		{ "okienko", "--db", path, "report", NULL },
		{ "okienko", "--db", path, "report", "--year", "20x5", NULL },
		{ "okienko", "--db", path, "report", "--year", "2025", "--format", "xml", NULL },
		{ "okienko", "--db", path, "report", "--year", "2025", "--encoding", "koi8", NULL },
		{ "okienko", "--db", path, "counts", "--date", "2025-02-30", NULL },
		{ "okienko", "--db", path, "counts", "--year", "2025", NULL },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int argc = 0;
		while (bad[i][argc])
			argc++;
		ck_assert_int_eq(run_cli(bad[i], argc, "bad.out", buf, sizeof buf), 2);
		ck_assert_str_eq(buf, "");
	}
	db = test_open(dir, "office.db");
}
END_TEST

Suite *suite_report(void)
{
	Suite *s = suite_create("report");
	TCase *t = tcase_create("report");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 120);
	tcase_add_test(t, office_year_every_indicator);
	tcase_add_test(t, labels_are_polish_in_the_catalogue);
	tcase_add_test(t, only_supervisors_write_the_activity_log);
	tcase_add_test(t, day_counts_per_counselor_and_kind);
	tcase_add_test(t, query_plans_use_indexes);
	tcase_add_test(t, facts_agree_with_the_definitions);
	tcase_add_test(t, facts_follow_every_change);
	tcase_add_test(t, desk_saves_leave_the_facts_to_idle);
	tcase_add_test(t, report_csv_in_cp1250);
	tcase_add_test(t, counts_csv_and_usage_errors);
	suite_add_tcase(s, t);
	return s;
}
