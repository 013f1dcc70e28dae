/* check_employer.c: employers: NIP rules, duplicates, search by NIP,
 * name or a later word of the name, the card with advice, vacancies and
 * internships, roles enforced in data/. */
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
	test_act_as(db, ROLE_FRONT_OFFICE);
}

static void teardown(void)
{
	db_close(db);
	test_rmdir(dir);
	unsetenv("OKIENKO_TODAY");
}

static enum ok_status add(int seed, const char *name, int64_t *id)
{
	struct ok_employer_form f;
	memset(&f, 0, sizeof f);
	test_nip(f.nip, seed);
	snprintf(f.name, sizeof f.name, "%s", name);
	snprintf(f.registered_on, sizeof f.registered_on, "2026-01-02");
	return employer_register(db, &f, id);
}

START_TEST(nip_rules_and_duplicates)
{
	struct ok_employer_form f;
	int64_t id, again;
	memset(&f, 0, sizeof f);
	snprintf(f.name, sizeof f.name, "Łódzka Fabryka Okien");
	snprintf(f.registered_on, sizeof f.registered_on, "2026-01-02");
	char nip[11];
	test_nip(nip, 1);
	snprintf(f.nip, sizeof f.nip, "%s", nip);
	f.nip[9] = (char)('0' + (f.nip[9] - '0' + 1) % 10);   /* a wrong check digit */
	ck_assert_int_eq(employer_register(db, &f, &id), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "nip");
	snprintf(f.nip, sizeof f.nip, "%.3s-%.3s-%.2s-%.2s", nip, nip + 3, nip + 6, nip + 8);
	ck_assert_msg(employer_register(db, &f, &id) == OK_OK, "%s", db_errmsg(db));
	ck_assert_str_eq(f.nip, nip);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM employer WHERE name_fold = 'lodzka fabryka okien'"), 1);
	snprintf(f.nip, sizeof f.nip, "%s", nip);
	ck_assert_int_eq(employer_register(db, &f, &again), OK_EEXIST);
	ck_assert_int_eq(again, id);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM employer"), 1);
	/* The same name under another NIP is found as a likely duplicate. */
	struct ok_employer_hit hits[4];
	int n;
	ck_assert_int_eq(employer_find_similar(db, "ŁÓDZKA  fabryka okien", hits, 4, &n), OK_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(hits[0].id, id);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM audit WHERE entity = 'employer' AND action = 'create'"), 1);
	snprintf(f.name, sizeof f.name, "Fabryka\x1b[2J");
	test_nip(f.nip, 2);
	ck_assert_int_eq(employer_register(db, &f, &id), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "name");
}
END_TEST

START_TEST(counselor_may_not_register)
{
	test_act_as(db, ROLE_COUNSELOR);
	int64_t id;
	ck_assert_int_eq(add(3, "Piekarnia", &id), OK_EDENIED);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM employer"), 0);
	test_act_as(db, ROLE_SUPERVISOR);
	ck_assert_int_eq(add(3, "Piekarnia", &id), OK_OK);
}
END_TEST

START_TEST(search_by_nip_name_and_word)
{
	int64_t a, b, c, id;
	ck_assert_int_eq(add(10, "PHU ABC Sp. z o.o.", &a), OK_OK);
	ck_assert_int_eq(add(11, "Usługi Remontowe Kowalski", &b), OK_OK);
	ck_assert_int_eq(add(12, "Łódź Logistyka", &c), OK_OK);
	for (int i = 0; i < 30; i++) {
		char name[64];
		snprintf(name, sizeof name, "Kowalski i Syn %02d", i);
		ck_assert_int_eq(add(100 + i, name, &id), OK_OK);
	}
	struct ok_employer_hit hits[64];
	int n;
	ck_assert_int_eq(employer_search(db, "abc", NULL, hits, 64, &n), OK_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(hits[0].id, a);
	ck_assert_int_eq(employer_search(db, "lodz", NULL, hits, 64, &n), OK_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(hits[0].id, c);
	ck_assert_int_eq(employer_search(db, "usl rem", NULL, hits, 64, &n), OK_OK);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(employer_search(db, "uslugi rem", NULL, hits, 64, &n), OK_OK);
	ck_assert_int_eq(n, 1);
	char nip[11];
	test_nip(nip, 11);
	char prefix[12];
	snprintf(prefix, sizeof prefix, "%.3s-%.3s", nip, nip + 3);
	ck_assert_int_eq(employer_search(db, prefix, NULL, hits, 64, &n), OK_OK);
	ck_assert_int_ge(n, 1);
	bool found = false;
	for (int i = 0; i < n; i++)
		found |= hits[i].id == b;
	ck_assert(found);
	/* "kowalski": 30 names that start with it and one with it later; by pages of 7. */
	int total = 0;
	struct ok_employer_hit last;
	ck_assert_int_eq(employer_search(db, "kowalski", NULL, hits, 7, &n), OK_OK);
	while (n > 0) {
		total += n;
		last = hits[n - 1];
		ck_assert_int_eq(employer_search(db, "kowalski", &last, hits, 7, &n), OK_OK);
	}
	ck_assert_int_eq(total, 31);
}
END_TEST

START_TEST(card_shows_advice_vacancies_and_internships)
{
	int64_t emp, other;
	ck_assert_int_eq(add(20, "Zakład Stolarski Dąb", &emp), OK_OK);
	ck_assert_int_eq(add(21, "Inny", &other), OK_OK);
	char pesel[12];
	test_pesel(pesel, 2001, 4, 4, 44, 'F');
	struct ok_client_form cf;
	memset(&cf, 0, sizeof cf);
	snprintf(cf.pesel, sizeof cf.pesel, "%s", pesel);
	snprintf(cf.first_name, sizeof cf.first_name, "Maja");
	snprintf(cf.last_name, sizeof cf.last_name, "Stażystka");
	snprintf(cf.status, sizeof cf.status, "unemployed");
	snprintf(cf.registered_on, sizeof cf.registered_on, "2026-09-01");
	int64_t cl;
	ck_assert_int_eq(client_register(db, &cf, &cl), OK_OK);

	struct ok_event_form f;
	int64_t v1, v2, ref;
	event_form_init(&f, "vacancy");
	f.employer_id = emp;
	ck_assert_int_eq(event_record(db, &f, &v1), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "places");
	f.places = 3;
	ck_assert_int_eq(event_record(db, &f, &v1), OK_OK);
	f.places = 5;
	ck_assert_int_eq(event_record(db, &f, &v2), OK_OK);
	ck_assert_int_eq(event_void(db, v2, "typed twice"), OK_OK);

	test_act_as(db, ROLE_COUNSELOR);
	event_form_init(&f, "employer_advice");
	f.employer_id = emp;
	snprintf(f.notes, sizeof f.notes, "about subsidised jobs");
	int64_t adv;
	ck_assert_int_eq(event_record(db, &f, &adv), OK_OK);
	event_form_init(&f, "referral_internship");
	f.client_id = cl;
	f.employer_id = emp;
	ck_assert_int_eq(event_record(db, &f, &ref), OK_OK);
	event_form_init(&f, "referral_outcome");
	f.referral_id = ref;
	snprintf(f.detail, sizeof f.detail, "started");
	ck_assert_int_eq(event_record(db, &f, NULL), OK_OK);
	/* An employer left in the form of a kind that names none is not
	 * saved (as the import refuses it). */
	event_form_init(&f, "individual_advice");
	f.client_id = cl;
	f.employer_id = other;
	int64_t plain;
	ck_assert_int_eq(event_record(db, &f, &plain), OK_OK);
	sqlite3_stmt *q;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), "SELECT employer_id IS NULL FROM event WHERE id = ?1", -1, &q,
	                                    NULL), SQLITE_OK);
	sqlite3_bind_int64(q, 1, plain);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(q, 0), 1);
	sqlite3_finalize(q);

	struct ok_employer_card c;
	ck_assert_int_eq(employer_card_load(db, emp, &c), OK_OK);
	ck_assert_str_eq(c.name, "Zakład Stolarski Dąb");
	ck_assert_int_eq(c.places_total, 3);
	ck_assert_int_eq(c.nevents, 4);
	int internships = 0, advice = 0, voided = 0;
	for (int i = 0; i < c.nevents; i++) {
		if (!strcmp(c.events[i].kind, "referral_internship")) {
			internships++;
			ck_assert_str_eq(c.events[i].client_name, "Maja Stażystka");
			ck_assert_str_eq(c.events[i].ref_state, "started");
		}
		if (!strcmp(c.events[i].kind, "employer_advice")) {
			advice++;
			ck_assert_str_eq(c.events[i].notes, "about subsidised jobs");
		}
		voided += !strcmp(c.events[i].state, "voided");
	}
	ck_assert_int_eq(internships, 1);
	ck_assert_int_eq(advice, 1);
	ck_assert_int_eq(voided, 1);
	employer_card_free(&c);
	ck_assert_int_eq(employer_card_load(db, other, &c), OK_OK);
	ck_assert_int_eq(c.nevents, 0);
	employer_card_free(&c);
}
END_TEST

START_TEST(update_keeps_the_earlier_version)
{
	int64_t id;
	ck_assert_int_eq(add(30, "Stara Nazwa", &id), OK_OK);
	struct ok_employer_form f;
	memset(&f, 0, sizeof f);
	test_nip(f.nip, 30);
	snprintf(f.name, sizeof f.name, "Nowa Nazwa");
	snprintf(f.registered_on, sizeof f.registered_on, "2026-01-02");
	ck_assert_int_eq(employer_update(db, id, &f, " "), OK_EINVAL);
	ck_assert_int_eq(employer_update(db, id, &f, "renamed"), OK_OK);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM employer_version"
	                                " WHERE json_extract(data, '$.name') = 'Stara Nazwa'"), 1);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM employer WHERE name_fold = 'nowa nazwa' AND version = 2"), 1);
}
END_TEST

START_TEST(locked_database_writes_nothing)
{
	sqlite3 *other = test_hold_file(dir, "office.db");
	db_set_busy_timeout(db, 50);
	int64_t id;
	ck_assert_int_eq(add(40, "Zamknięta", &id), OK_EBUSY);
	test_release_file(other);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM employer"), 0);
}
END_TEST

Suite *suite_employer(void)
{
	Suite *s = suite_create("employer");
	TCase *t = tcase_create("employer");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, nip_rules_and_duplicates);
	tcase_add_test(t, counselor_may_not_register);
	tcase_add_test(t, search_by_nip_name_and_word);
	tcase_add_test(t, card_shows_advice_vacancies_and_internships);
	tcase_add_test(t, update_keeps_the_earlier_version);
	tcase_add_test(t, locked_database_writes_nothing);
	suite_add_tcase(s, t);
	return s;
}
