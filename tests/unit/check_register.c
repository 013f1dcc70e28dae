/* check_register.c: registering clients, PESEL first: derived birth date
 * and sex, duplicates found three ways, refusals that write nothing,
 * roles enforced in data/, registering a former client again, changes
 * that keep the earlier version. */
#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_private.h"
#include "suites.h"
#include "util.h"

static char *dir;
static struct ok_db *db;

static void setup(void)
{
	test_lang("en");
	setenv("OKIENKO_TODAY", "2026-11-24", 1);
	dir = test_tmpdir();
	db = test_open(dir, "office.db");
}

static void teardown(void)
{
	db_close(db);
	test_rmdir(dir);
	unsetenv("OKIENKO_TODAY");
}

static void form(struct ok_client_form *f, const char *pesel, const char *first, const char *last)
{
	memset(f, 0, sizeof *f);
	snprintf(f->pesel, sizeof f->pesel, "%s", pesel ? pesel : "");
	snprintf(f->first_name, sizeof f->first_name, "%s", first);
	snprintf(f->last_name, sizeof f->last_name, "%s", last);
	snprintf(f->status, sizeof f->status, "unemployed");
	snprintf(f->registered_on, sizeof f->registered_on, "2026-11-02");
}

static long long clients(void)
{
	return test_count(db, "SELECT count(*) FROM client");
}

START_TEST(pesel_fills_birth_date_and_sex)
{
	char pesel[12];
	test_pesel(pesel, 1999, 3, 7, 123, 'F');
	test_act_as(db, ROLE_FRONT_OFFICE);
	struct ok_client_form f;
	form(&f, pesel, "  Łucja ", "Wężyk-Żółtowska");
	snprintf(f.groups[0], sizeof f.groups[0], "disabled");
	snprintf(f.occupations[0].kind, sizeof f.occupations[0].kind, "sought");
	snprintf(f.occupations[0].code, sizeof f.occupations[0].code, "514101");
	int64_t id = 0;
	ck_assert_msg(client_register(db, &f, &id) == OK_OK, "%s", db_errmsg(db));
	ck_assert_str_eq(f.birth_date, "1999-03-07");
	ck_assert_str_eq(f.sex, "F");

	struct ok_card c;
	ck_assert_int_eq(client_card_load(db, id, &c), OK_OK);
	ck_assert_str_eq(c.first_name, "Łucja");
	ck_assert_str_eq(c.last_name, "Wężyk-Żółtowska");
	ck_assert_str_eq(c.birth_date, "1999-03-07");
	ck_assert_int_eq(c.nregs, 1);
	ck_assert_str_eq(c.regs[0].status, "unemployed");
	ck_assert_str_eq(c.regs[0].regime, "2025");
	/* Registered 2026-11-02: the first contact deadline is 90 days on. */
	ck_assert_str_eq(c.contact_due, "2027-01-31");
	client_card_free(&c);
	/* Age 27 on the registration day: under 30 derived (until the day
	 * before the 30th birthday), disabled as given; not under 25. */
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM client_group WHERE code = 'under_30'"
	                                " AND valid_to = '2029-03-06'"), 1);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM client_group WHERE code = 'disabled'"), 1);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM client_group WHERE code = 'under_25'"), 0);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM client_occupation WHERE code = '514101'"), 1);
	/* Audited, without the PESEL; the first registration is no event. */
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM audit WHERE action = 'create' AND entity = 'client'"), 1);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM audit WHERE detail LIKE '%99030%'"), 0);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event"), 0);
}
END_TEST

START_TEST(invalid_values_write_nothing)
{
	test_act_as(db, ROLE_FRONT_OFFICE);
	struct ok_client_form f;
	int64_t id;
	form(&f, "44051401358", "Jan", "Nowak");   /* wrong check digit */
	ck_assert_int_eq(client_register(db, &f, &id), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "pesel");
	char pesel[12];
	test_pesel(pesel, 1980, 1, 1, 5, 'M');
	form(&f, pesel, "Jan\x1b[31m", "Nowak");
	ck_assert_int_eq(client_register(db, &f, &id), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "first_name");
	form(&f, pesel, "Jan", "No\xc3wak");
	ck_assert_int_eq(client_register(db, &f, &id), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "last_name");
	form(&f, pesel, "Jan", "Nowak");
	snprintf(f.sex, sizeof f.sex, "F");
	ck_assert_int_eq(client_register(db, &f, &id), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "sex");
	form(&f, pesel, "Jan", "Nowak");
	snprintf(f.registered_on, sizeof f.registered_on, "2026-11-25");
	ck_assert_int_eq(client_register(db, &f, &id), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "registered_on");
	form(&f, NULL, "Jan", "Nowak");
	ck_assert_int_eq(client_register(db, &f, &id), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "pesel");
	ck_assert_int_eq(clients(), 0);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM registration"), 0);
}
END_TEST

START_TEST(duplicates_open_the_existing_client)
{
	char pesel[12];
	test_pesel(pesel, 1985, 12, 17, 42, 'M');
	test_act_as(db, ROLE_FRONT_OFFICE);
	struct ok_client_form f;
	int64_t first = 0, again = 0;
	form(&f, pesel, "Łukasz", "Wężyk");
	ck_assert_int_eq(client_register(db, &f, &first), OK_OK);
	/* The same PESEL. */
	form(&f, pesel, "Lukasz", "Wezyk");
	ck_assert_int_eq(client_register(db, &f, &again), OK_EEXIST);
	ck_assert_int_eq(again, first);
	/* No PESEL (a passport), names typed without diacritics, same birth date. */
	form(&f, NULL, "lukasz", "WEZYK");
	snprintf(f.doc_type, sizeof f.doc_type, "passport");
	snprintf(f.doc_number, sizeof f.doc_number, "fn1234567");
	snprintf(f.birth_date, sizeof f.birth_date, "1985-12-17");
	snprintf(f.sex, sizeof f.sex, "M");
	again = 0;
	ck_assert_int_eq(client_register(db, &f, &again), OK_EEXIST);
	ck_assert_int_eq(again, first);
	ck_assert_int_eq(client_find_existing(db, &f, &again), OK_OK);
	ck_assert_int_eq(clients(), 1);
	/* Another birth date: a different person, registered by document. */
	snprintf(f.birth_date, sizeof f.birth_date, "1985-12-18");
	ck_assert_int_eq(client_register(db, &f, &again), OK_OK);
	ck_assert_int_ne(again, first);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM client WHERE doc_number = 'FN1234567'"), 1);
	/* The same document again. */
	snprintf(f.birth_date, sizeof f.birth_date, "1970-01-01");
	ck_assert_int_eq(client_register(db, &f, &again), OK_EEXIST);
	ck_assert_int_eq(clients(), 2);
	/* The names-and-birth-date lookup is an index range. */
	char plan[1024];
	ck_assert_msg(test_plan_uses_index(db,
		"EXPLAIN QUERY PLAN SELECT id FROM client WHERE first_fold = ?1 AND birth_date = ?2"
		" AND last_fold = ?3 ORDER BY id LIMIT 1", plan, sizeof plan), "%s", plan);
}
END_TEST

START_TEST(counselor_may_not_register)
{
	char pesel[12];
	test_pesel(pesel, 1990, 5, 5, 7, 'F');
	test_act_as(db, ROLE_COUNSELOR);
	struct ok_client_form f;
	int64_t id;
	form(&f, pesel, "Anna", "Nowak");
	ck_assert_int_eq(client_register(db, &f, &id), OK_EDENIED);
	ck_assert_int_eq(clients(), 0);
	test_lang("pl");
	ck_assert_int_eq(client_register(db, &f, &id), OK_EDENIED);
	ck_assert_str_eq(db_errmsg(db), "Twoja rola (doradca zawodowy) na to nie pozwala.");
	test_lang("en");
	ck_assert_int_eq(clients(), 0);
}
END_TEST

START_TEST(former_client_registers_again)
{
	char pesel[12];
	test_pesel(pesel, 1970, 2, 2, 11, 'M');
	test_act_as(db, ROLE_FRONT_OFFICE);
	struct ok_client_form f;
	int64_t id, reg;
	form(&f, pesel, "Piotr", "Żak");
	snprintf(f.registered_on, sizeof f.registered_on, "2025-03-03");
	ck_assert_int_eq(client_register(db, &f, &id), OK_OK);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM client_group WHERE code = 'over_50'"), 1);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM client_group WHERE code = 'over_60'"), 0);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM registration WHERE regime = '2004'"), 1);
	ck_assert_int_eq(client_register_again(db, id, "unemployed", "2026-11-01", &reg), OK_EEXIST);

	test_act_as(db, ROLE_COUNSELOR);
	struct ok_event_form e;
	event_form_init(&e, "deregistration");
	e.client_id = id;
	snprintf(e.occurred_on, sizeof e.occurred_on, "2026-01-15");
	snprintf(e.detail, sizeof e.detail, "work_unsubsidised");
	int64_t ev;
	ck_assert_msg(event_record(db, &e, &ev) == OK_OK, "%s", db_errmsg(db));

	test_act_as(db, ROLE_FRONT_OFFICE);
	ck_assert_int_eq(client_register_again(db, id, "job_seeker", "2026-01-14", &reg), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "registered_on");
	ck_assert_int_eq(client_register_again(db, id, "job_seeker", "2026-02-01", &reg), OK_OK);
	struct ok_card c;
	ck_assert_int_eq(client_card_load(db, id, &c), OK_OK);
	ck_assert_int_eq(c.nregs, 2);
	ck_assert_str_eq(c.regs[0].status, "job_seeker");
	ck_assert_str_eq(c.regs[0].regime, "2025");
	ck_assert_str_eq(c.regs[1].ended_on, "2026-01-15");
	ck_assert_str_eq(c.regs[1].end_reason, "work_unsubsidised");
	ck_assert_str_eq(c.contact_due, "");   /* a job seeker has no deadline */
	ck_assert_str_eq(c.events[0].kind, "registration");
	ck_assert_str_eq(c.events[0].detail, "job_seeker");
	client_card_free(&c);
}
END_TEST

START_TEST(locked_database_writes_nothing)
{
	char pesel[12];
	test_pesel(pesel, 1988, 8, 8, 88, 'F');
	test_act_as(db, ROLE_FRONT_OFFICE);
	sqlite3 *other = test_hold_file(dir, "office.db");
	db_set_busy_timeout(db, 50);
	struct ok_client_form f;
	int64_t id;
	form(&f, pesel, "Ewa", "Kowalska");
	ck_assert_int_eq(client_register(db, &f, &id), OK_EBUSY);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "busy"));
	test_release_file(other);
	ck_assert_int_eq(clients(), 0);
	/* The same form saves once the lock is gone. */
	ck_assert_int_eq(client_register(db, &f, &id), OK_OK);
	ck_assert_int_eq(clients(), 1);
}
END_TEST

START_TEST(update_keeps_the_earlier_version)
{
	char pesel[12];
	test_pesel(pesel, 1975, 6, 30, 3, 'F');
	test_act_as(db, ROLE_FRONT_OFFICE);
	struct ok_client_form f;
	int64_t id;
	form(&f, pesel, "Zofia", "Nowak");
	snprintf(f.phone, sizeof f.phone, "+48 601 200 300");
	ck_assert_int_eq(client_register(db, &f, &id), OK_OK);
	snprintf(f.last_name, sizeof f.last_name, "Nowak-Źrebiec");
	ck_assert_int_eq(client_update(db, id, &f, ""), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "reason");
	ck_assert_int_eq(client_update(db, id, &f, "marriage"), OK_OK);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM client_version WHERE version = 1"
	                                " AND json_extract(data, '$.last_name') = 'Nowak'"), 1);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM client WHERE version = 2"
	                                " AND last_fold = 'nowak zrebiec'"), 1);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM audit WHERE action = 'update'"), 1);
}
END_TEST

Suite *suite_register(void)
{
	Suite *s = suite_create("register");
	TCase *t = tcase_create("register");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, pesel_fills_birth_date_and_sex);
	tcase_add_test(t, invalid_values_write_nothing);
	tcase_add_test(t, duplicates_open_the_existing_client);
	tcase_add_test(t, counselor_may_not_register);
	tcase_add_test(t, former_client_registers_again);
	tcase_add_test(t, locked_database_writes_nothing);
	tcase_add_test(t, update_keeps_the_earlier_version);
	suite_add_tcase(s, t);
	return s;
}
