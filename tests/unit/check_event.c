/* check_event.c: recording services, referrals and their outcomes,
 * deregistrations, corrections; roles enforced in data/; the 90-day
 * contact clock and the lists built on it. */
#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* Registers a client through the front office; leaves the actor a
 * counselor. */
static int64_t client(int serial, const char *first, const char *last, const char *status,
                      const char *on)
{
	char pesel[12];
	test_pesel(pesel, 1980 + serial % 20, 1 + serial % 12, 1 + serial % 28, serial, 'M');
	test_act_as(db, ROLE_FRONT_OFFICE);
	struct ok_client_form f;
	memset(&f, 0, sizeof f);
	snprintf(f.pesel, sizeof f.pesel, "%s", pesel);
	snprintf(f.first_name, sizeof f.first_name, "%s", first);
	snprintf(f.last_name, sizeof f.last_name, "%s", last);
	snprintf(f.status, sizeof f.status, "%s", status);
	snprintf(f.registered_on, sizeof f.registered_on, "%s", on);
	int64_t id = 0;
	ck_assert_msg(client_register(db, &f, &id) == OK_OK, "%s", db_errmsg(db));
	test_act_as(db, ROLE_COUNSELOR);
	return id;
}

static enum ok_status rec(const char *kind, int64_t cl, const char *on, const char *detail,
                          int64_t referral, int64_t *id)
{
	struct ok_event_form e;
	event_form_init(&e, kind);
	e.client_id = cl;
	e.referral_id = referral;
	snprintf(e.occurred_on, sizeof e.occurred_on, "%s", on);
	snprintf(e.detail, sizeof e.detail, "%s", detail ? detail : "");
	int64_t dummy;
	return event_record(db, &e, id ? id : &dummy);
}

static long long events(void)
{
	return test_count(db, "SELECT count(*) FROM event");
}

START_TEST(roles_are_enforced_in_data)
{
	int64_t c = client(1, "Jan", "Nowak", "unemployed", "2026-10-01");
	test_act_as(db, ROLE_FRONT_OFFICE);
	ck_assert_int_eq(rec("individual_advice", c, "2026-11-20", NULL, 0, NULL), OK_EDENIED);
	ck_assert_int_eq(rec("referral_training", c, "2026-11-20", "welding", 0, NULL), OK_EDENIED);
	ck_assert_int_eq(rec("deregistration", c, "2026-11-20", "voluntary", 0, NULL), OK_EDENIED);
	ck_assert_int_eq(events(), 0);
	/* Front office refers to a counselor and records contacts. */
	ck_assert_int_eq(rec("referral_counselor", c, "2026-11-20", "vocational problem", 0, NULL), OK_OK);
	ck_assert_int_eq(rec("contact", c, "2026-11-21", "phone", 0, NULL), OK_OK);
	test_act_as(db, ROLE_COUNSELOR);
	ck_assert_int_eq(rec("referral_counselor", c, "2026-11-20", "x", 0, NULL), OK_EDENIED);
	int64_t id;
	ck_assert_int_eq(rec("individual_advice", c, "2026-11-22", NULL, 0, &id), OK_OK);
	struct ok_card k;
	ck_assert_int_eq(client_card_load(db, c, &k), OK_OK);
	ck_assert_int_eq(k.nevents, 3);
	ck_assert_int_eq(k.events[0].id, id);
	ck_assert_str_eq(k.events[0].kind, "individual_advice");
	ck_assert_str_eq(k.events[0].staff_login, "t.counselor");
	client_card_free(&k);
}
END_TEST

START_TEST(wrong_values_name_the_field)
{
	int64_t c = client(2, "Anna", "Lis", "unemployed", "2026-10-01");
	ck_assert_int_eq(rec("initial_interview", c, "2026-11-25", NULL, 0, NULL), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "occurred_on");
	ck_assert_int_eq(rec("initial_interview", c, "2026-09-30", NULL, 0, NULL), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "occurred_on");
	ck_assert_int_eq(rec("contact", c, "2026-11-02", "fax", 0, NULL), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "detail");
	ck_assert_int_eq(rec("referral_training", c, "2026-11-02", "", 0, NULL), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "detail");
	ck_assert_int_eq(rec("referral_internship", c, "2026-11-02", "", 0, NULL), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "employer_id");
	ck_assert_int_eq(rec("registration", c, "2026-11-02", "unemployed", 0, NULL), OK_EINVAL);
	ck_assert_int_eq(rec("no_such_kind", c, "2026-11-02", NULL, 0, NULL), OK_EINVAL);
	struct ok_event_form e;
	event_form_init(&e, "individual_advice");
	e.client_id = c;
	snprintf(e.notes, sizeof e.notes, "line one\nline \x1b]0;two");
	int64_t id;
	ck_assert_int_eq(event_record(db, &e, &id), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "notes");
	ck_assert_int_eq(events(), 0);
}
END_TEST

START_TEST(referral_lifecycle)
{
	int64_t c = client(3, "Ewa", "Kot", "unemployed", "2026-10-01");
	int64_t ref, out;
	ck_assert_int_eq(rec("referral_training", c, "2026-10-05", "welding", 0, &ref), OK_OK);
	char state[16];
	ck_assert_int_eq(event_referral_state(db, ref, state), OK_OK);
	ck_assert_str_eq(state, "issued");
	ck_assert_int_eq(rec("referral_outcome", 0, "2026-10-10", "completed", ref, NULL), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "detail");
	ck_assert_int_eq(rec("referral_outcome", 0, "2026-10-04", "started", ref, NULL), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "occurred_on");
	ck_assert_int_eq(rec("referral_outcome", 0, "2026-10-12", "started", ref, &out), OK_OK);
	ck_assert_int_eq(event_referral_state(db, ref, state), OK_OK);
	ck_assert_str_eq(state, "started");
	ck_assert_int_eq(rec("referral_outcome", 0, "2026-10-11", "completed", ref, NULL), OK_EINVAL);
	ck_assert_int_eq(rec("referral_outcome", 0, "2026-11-12", "no_show", ref, NULL), OK_EINVAL);

	/* Open referrals: the counselor's own, oldest first. */
	struct ok_open_referral rows[8];
	int n;
	ck_assert_int_eq(event_referrals_open(db, db_actor(db)->staff_id, NULL, rows, 8, &n), OK_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(rows[0].id, ref);
	ck_assert_str_eq(rows[0].state, "started");
	ck_assert_str_eq(rows[0].destination, "welding");

	ck_assert_int_eq(rec("referral_outcome", 0, "2026-11-12", "completed", ref, NULL), OK_OK);
	ck_assert_int_eq(rec("referral_outcome", 0, "2026-11-13", "interrupted", ref, NULL), OK_EINVAL);
	ck_assert_int_eq(event_referrals_open(db, 0, NULL, rows, 8, &n), OK_OK);
	ck_assert_int_eq(n, 0);
	/* The outcome belongs to the referral's client. */
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event WHERE kind = 'referral_outcome'"
	                                " AND client_id IS NOT NULL AND referral_id IS NOT NULL"), 2);
	/* A referral with outcomes cannot be voided before them. */
	ck_assert_int_eq(event_void(db, ref, "mistake"), OK_EINVAL);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event WHERE state = 'active'"), 3);

	char plan[1024];
	ck_assert_msg(test_plan_uses_index(db,
		"EXPLAIN QUERY PLAN SELECT e.id FROM event e JOIN client c ON c.id = e.client_id"
		" JOIN staff st ON st.id = e.staff_id LEFT JOIN employer em ON em.id = e.employer_id"
		" WHERE e.staff_id = ?1 AND e.state = 'active' AND e.ref_state IN ('issued','started')"
		" AND (e.occurred_on, e.id) > (?2, ?3) ORDER BY e.occurred_on, e.id LIMIT ?4",
		plan, sizeof plan), "%s", plan);
}
END_TEST

START_TEST(deregistration_closes_and_its_void_reopens)
{
	int64_t c = client(4, "Adam", "Żuk", "unemployed", "2026-09-01");
	int64_t d, e;
	ck_assert_int_eq(rec("deregistration", c, "2026-11-10", "no_such_reason", 0, NULL), OK_EINVAL);
	struct ok_event_form f;
	event_form_init(&f, "deregistration");
	f.client_id = c;
	snprintf(f.occurred_on, sizeof f.occurred_on, "2026-11-10");
	snprintf(f.detail, sizeof f.detail, "work_subsidised");
	ck_assert_int_eq(event_record(db, &f, &d), OK_OK);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event WHERE kind = 'deregistration'"
	                                " AND subsidised = 1"), 1);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM registration WHERE ended_on = '2026-11-10'"
	                                " AND end_event_id IS NOT NULL AND contact_due IS NULL"), 1);
	/* No service after the deregistration; one on an earlier day is fine. */
	ck_assert_int_eq(rec("individual_advice", c, "2026-11-11", NULL, 0, NULL), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "occurred_on");
	ck_assert_int_eq(rec("individual_advice", c, "2026-11-09", NULL, 0, &e), OK_OK);
	ck_assert_int_eq(rec("deregistration", c, "2026-11-12", "voluntary", 0, NULL), OK_EINVAL);

	ck_assert_int_eq(event_void(db, d, ""), OK_EINVAL);
	ck_assert_str_eq(db_errfield(db), "reason");
	ck_assert_int_eq(event_void(db, d, "wrong client"), OK_OK);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM registration WHERE ended_on IS NULL"
	                                " AND contact_due IS NOT NULL"), 1);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event WHERE state = 'voided'"
	                                " AND reason = 'wrong client' AND voided_by IS NOT NULL"), 1);
	ck_assert_int_eq(rec("individual_advice", c, "2026-11-11", NULL, 0, NULL), OK_OK);
	ck_assert_int_eq(event_void(db, d, "again"), OK_EINVAL);
}
END_TEST

START_TEST(contact_clock)
{
	int64_t c = client(5, "Ola", "Mróz", "unemployed", "2026-10-01");
	struct ok_card k;
	ck_assert_int_eq(client_card_load(db, c, &k), OK_OK);
	ck_assert_str_eq(k.contact_due, "2026-12-30");
	client_card_free(&k);
	int64_t contact;
	ck_assert_int_eq(rec("contact", c, "2026-11-01", "online", 0, &contact), OK_OK);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM registration WHERE contact_due = '2027-01-30'"), 1);
	/* A service in person counts as a contact; an outcome does not. */
	ck_assert_int_eq(rec("vocational_info", c, "2026-11-05", NULL, 0, NULL), OK_OK);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM registration WHERE contact_due = '2027-02-03'"), 1);
	/* Voided, a contact counts no more. */
	int64_t later;
	ck_assert_int_eq(rec("contact", c, "2026-11-20", "phone", 0, &later), OK_OK);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM registration WHERE contact_due = '2027-02-18'"), 1);
	ck_assert_int_eq(event_void(db, later, "typed for the wrong person"), OK_OK);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM registration WHERE contact_due = '2027-02-03'"), 1);
	/* A registration before the 2025 act counts from 1 June 2025. */
	int64_t old = client(6, "Jerzy", "Stary", "unemployed", "2024-01-10");
	(void)old;
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM registration WHERE registered_on = '2024-01-10'"
	                                " AND contact_due = '2025-08-30'"), 1);
	/* A job seeker has no deadline. */
	client(7, "Iza", "Wolna", "job_seeker", "2026-10-01");
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM registration WHERE contact_due IS NULL"), 1);
}
END_TEST

START_TEST(worklist_soonest_first)
{
	int64_t a = client(8, "Anna", "Pierwsza", "unemployed", "2026-09-01");   /* due 2026-11-30 */
	int64_t b = client(9, "Beata", "Druga", "unemployed", "2026-08-20");     /* due 2026-11-18: passed */
	int64_t c = client(10, "Cezary", "Trzeci", "unemployed", "2026-10-20");  /* due 2027-01-18 */
	struct ok_due rows[8];
	int n;
	ck_assert_int_eq(event_worklist(db, 14, NULL, rows, 8, &n), OK_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(rows[0].client_id, b);
	ck_assert_int_eq(rows[0].days_left, -6);
	ck_assert_int_eq(rows[1].client_id, a);
	ck_assert_int_eq(rows[1].days_left, 6);
	ck_assert_str_eq(rows[1].due, "2026-11-30");
	/* Paging continues after the last row. */
	ck_assert_int_eq(event_worklist(db, 100, &rows[0], rows, 8, &n), OK_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(rows[0].client_id, a);
	ck_assert_int_eq(rows[1].client_id, c);
	/* A contact takes a client off the list. */
	ck_assert_int_eq(rec("contact", b, "2026-11-24", "in_person", 0, NULL), OK_OK);
	ck_assert_int_eq(event_worklist(db, 14, NULL, rows, 8, &n), OK_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(rows[0].client_id, a);
	char plan[1024];
	ck_assert_msg(test_plan_uses_index(db,
		"EXPLAIN QUERY PLAN SELECT r.client_id FROM registration r JOIN client c ON c.id = r.client_id"
		" WHERE r.contact_due IS NOT NULL AND r.contact_due <= ?1 AND (r.contact_due, r.id) > (?2, ?3)"
		" ORDER BY r.contact_due, r.id LIMIT ?4", plan, sizeof plan), "%s", plan);
}
END_TEST

START_TEST(group_advice_all_or_nothing)
{
	int64_t ids[3];
	ids[0] = client(11, "Jan", "Grupa", "unemployed", "2026-10-01");
	ids[1] = client(12, "Ewa", "Grupa", "unemployed", "2026-11-15");
	ids[2] = client(13, "Ola", "Grupa", "unemployed", "2026-10-01");
	struct ok_event_form f;
	event_form_init(&f, "group_advice");
	snprintf(f.occurred_on, sizeof f.occurred_on, "2026-11-10");
	snprintf(f.detail, sizeof f.detail, "CV workshop");
	int64_t out[3];
	ck_assert_int_eq(event_record_group(db, &f, ids, 3, out), OK_EINVAL);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "Ewa Grupa"));
	ck_assert_int_eq(events(), 0);
	snprintf(f.occurred_on, sizeof f.occurred_on, "2026-11-20");
	ck_assert_int_eq(event_record_group(db, &f, ids, 3, out), OK_OK);
	ck_assert_int_eq(test_count(db, "SELECT count(DISTINCT session_uid) FROM event WHERE kind = 'group_advice'"), 1);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event WHERE kind = 'group_advice'"), 3);
	int64_t twice[2] = { ids[0], ids[0] };
	ck_assert_int_eq(event_record_group(db, &f, twice, 2, NULL), OK_EINVAL);
	ck_assert_int_eq(events(), 3);
}
END_TEST

START_TEST(corrections_keep_the_original)
{
	int64_t c = client(14, "Rafał", "Błąd", "unemployed", "2026-10-01");
	int64_t id, fixed;
	ck_assert_int_eq(rec("contact", c, "2026-11-01", "phone", 0, &id), OK_OK);
	/* Another counselor may not correct it; a supervisor may. */
	struct ok_actor who;
	db_set_system_actor(db);
	ck_assert_int_eq(staff_add(db, "inny", ROLE_COUNSELOR, "Inny Doradca", "password1"), OK_OK);
	ck_assert_int_eq(staff_login(db, "inny", "password1", &who), OK_OK);
	struct ok_event_form f;
	ck_assert_int_eq(event_void(db, id, "not mine"), OK_EDENIED);
	test_act_as(db, ROLE_SUPERVISOR);
	char state[12];
	ck_assert_int_eq(event_load(db, id, &f, state), OK_OK);
	ck_assert_str_eq(state, "active");
	snprintf(f.occurred_on, sizeof f.occurred_on, "2026-11-03");
	snprintf(f.detail, sizeof f.detail, "in_person");
	ck_assert_int_eq(event_correct(db, id, &f, "", &fixed), OK_EINVAL);
	ck_assert_int_eq(event_correct(db, id, &f, "wrong day and mode", &fixed), OK_OK);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event WHERE state = 'corrected'"
	                                " AND reason = 'wrong day and mode'"), 1);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event WHERE state = 'active' AND supersedes IS NOT NULL"
	                                " AND occurred_on = '2026-11-03' AND detail = 'in_person'"
	                                " AND staff_id = (SELECT id FROM staff WHERE login = 't.counselor')"), 1);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM registration WHERE contact_due = '2027-02-01'"), 1);
	ck_assert_int_eq(event_void(db, id, "twice"), OK_EINVAL);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM audit WHERE action = 'correct' AND entity = 'event'"), 1);
}
END_TEST

/* The uid of a record made at the desk, as a 12-digit millisecond prefix. */
static long long uid_ms(const char *sql)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_msg(sqlite3_step(st) == SQLITE_ROW, "no row: %s", sql);
	const char *uid = (const char *)sqlite3_column_text(st, 0);
	ck_assert_int_eq(strlen(uid), 32);
	ck_assert_int_eq(strspn(uid, "0123456789abcdef"), 32);
	char prefix[13];
	memcpy(prefix, uid, 12);
	prefix[12] = '\0';
	sqlite3_finalize(st);
	return strtoll(prefix, NULL, 16);
}

/* New records get uids in the order they were made (their time in
 * milliseconds first, as the import's), so that a save adds to the end
 * of the uid indexes and of the audit's instead of a page anywhere in
 * them; the rest is random, and uids stay 32 hex digits. */
START_TEST(new_uids_follow_the_clock)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	long long t0 = (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
	int64_t c = client(1, "Jan", "Nowak", "unemployed", "2026-11-02");
	int64_t a = 0, b = 0;
	ck_assert_int_eq(rec("individual_advice", c, "2026-11-20", NULL, 0, &a), OK_OK);
	ck_assert_int_eq(rec("individual_advice", c, "2026-11-21", NULL, 0, &b), OK_OK);
	clock_gettime(CLOCK_REALTIME, &now);
	long long t1 = (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
	char sql[128];
	long long ms[4];
	ms[0] = uid_ms("SELECT uid FROM client");
	ms[1] = uid_ms("SELECT uid FROM registration");
	snprintf(sql, sizeof sql, "SELECT uid FROM event WHERE id = %lld", (long long)a);
	ms[2] = uid_ms(sql);
	snprintf(sql, sizeof sql, "SELECT uid FROM event WHERE id = %lld", (long long)b);
	ms[3] = uid_ms(sql);
	for (int i = 0; i < 4; i++) {
		ck_assert_msg(ms[i] >= t0 - 1 && ms[i] <= t1 + 1, "uid %d: %lld not in [%lld, %lld]", i, ms[i], t0, t1);
		if (i)
			ck_assert_int_ge(ms[i], ms[i - 1]);
	}
	ck_assert_int_eq(test_count(db, "SELECT count(DISTINCT uid) FROM event"), 2);
}
END_TEST

START_TEST(locked_database_writes_nothing)
{
	int64_t c = client(15, "Lena", "Zamek", "unemployed", "2026-10-01");
	sqlite3 *other = test_hold_file(dir, "office.db");
	db_set_busy_timeout(db, 50);
	ck_assert_int_eq(rec("individual_advice", c, "2026-11-20", NULL, 0, NULL), OK_EBUSY);
	test_release_file(other);
	ck_assert_int_eq(events(), 0);
	ck_assert_int_eq(rec("individual_advice", c, "2026-11-20", NULL, 0, NULL), OK_OK);
}
END_TEST

Suite *suite_event(void)
{
	Suite *s = suite_create("event");
	TCase *t = tcase_create("event");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, roles_are_enforced_in_data);
	tcase_add_test(t, new_uids_follow_the_clock);
	tcase_add_test(t, wrong_values_name_the_field);
	tcase_add_test(t, referral_lifecycle);
	tcase_add_test(t, deregistration_closes_and_its_void_reopens);
	tcase_add_test(t, contact_clock);
	tcase_add_test(t, worklist_soonest_first);
	tcase_add_test(t, group_advice_all_or_nothing);
	tcase_add_test(t, corrections_keep_the_original);
	tcase_add_test(t, locked_database_writes_nothing);
	suite_add_tcase(s, t);
	return s;
}
