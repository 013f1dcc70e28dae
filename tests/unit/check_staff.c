/* check_staff.c: staff accounts, login, and the role table enforced in
 * data/ even when a screen is bypassed. */
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
	dir = test_tmpdir();
	db = test_open(dir, "office.db");
	db_set_system_actor(db);
}

static void teardown(void)
{
	db_close(db);
	test_rmdir(dir);
}

static int count(const char *sql)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

START_TEST(add_and_login)
{
	ck_assert_int_eq(staff_add(db, "anna.nowak", ROLE_COUNSELOR, "Anna Nowak", "tajne-hasło"), OK_OK);
	struct ok_actor who;
	ck_assert_int_eq(staff_login(db, "anna.nowak", "tajne-hasło", &who), OK_OK);
	ck_assert_int_eq(who.role, ROLE_COUNSELOR);
	ck_assert_str_eq(who.name, "Anna Nowak");
	ck_assert_str_eq(db_actor(db)->login, "anna.nowak");
	/* Only a yescrypt hash is stored. */
	ck_assert_int_eq(count("SELECT count(*) FROM staff WHERE pw_hash LIKE '$y$%'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM staff WHERE pw_hash LIKE '%tajne%'"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action='login' AND actor='anna.nowak'"), 1);
}
END_TEST

START_TEST(wrong_password_and_unknown_login_look_alike)
{
	ck_assert_int_eq(staff_add(db, "anna", ROLE_COUNSELOR, "Anna", "password1"), OK_OK);
	struct ok_actor who;
	ck_assert_int_eq(staff_login(db, "anna", "password2", &who), OK_EAUTH);
	char first[256];
	snprintf(first, sizeof first, "%s", db_errmsg(db));
	ck_assert_int_eq(staff_login(db, "nobody", "password1", &who), OK_EAUTH);
	ck_assert_str_eq(first, db_errmsg(db));
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action='login_failed'"), 2);
	/* A failed login does not change who acts. */
	ck_assert_int_eq(db_actor(db)->role, ROLE_SYSTEM);
}
END_TEST

START_TEST(bad_accounts_refused)
{
	ck_assert_int_eq(staff_add(db, "Anna", ROLE_COUNSELOR, "", "password1"), OK_EINVAL);
	ck_assert_int_eq(staff_add(db, "an na", ROLE_COUNSELOR, "", "password1"), OK_EINVAL);
	ck_assert_int_eq(staff_add(db, "", ROLE_COUNSELOR, "", "password1"), OK_EINVAL);
	ck_assert_int_eq(staff_add(db, "anna", ROLE_NONE, "", "password1"), OK_EINVAL);
	ck_assert_int_eq(staff_add(db, "anna", ROLE_COUNSELOR, "", "short"), OK_EINVAL);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "8"));
	ck_assert_int_eq(staff_add(db, "anna", ROLE_COUNSELOR, "Anna\x1b[31m", "password1"), OK_EINVAL);
	ck_assert_int_eq(staff_add(db, "anna", ROLE_COUNSELOR, "Anna", "password1"), OK_OK);
	ck_assert_int_eq(staff_add(db, "anna", ROLE_SUPERVISOR, "Anna", "password1"), OK_EEXIST);
	ck_assert_int_eq(staff_count(db), 1);
}
END_TEST

START_TEST(role_table)
{
	ck_assert(staff_role_may(ROLE_FRONT_OFFICE, ACT_CLIENT_WRITE));
	ck_assert(staff_role_may(ROLE_FRONT_OFFICE, ACT_REFER_COUNSELOR));
	ck_assert(!staff_role_may(ROLE_FRONT_OFFICE, ACT_SERVICE_RECORD));
	ck_assert(!staff_role_may(ROLE_FRONT_OFFICE, ACT_DEREGISTER));
	ck_assert(staff_role_may(ROLE_COUNSELOR, ACT_SERVICE_RECORD));
	ck_assert(staff_role_may(ROLE_COUNSELOR, ACT_REFERRAL_RECORD));
	ck_assert(staff_role_may(ROLE_COUNSELOR, ACT_DEREGISTER));
	ck_assert(!staff_role_may(ROLE_COUNSELOR, ACT_CLIENT_WRITE));
	ck_assert(!staff_role_may(ROLE_COUNSELOR, ACT_CORRECT_ANY));
	ck_assert(staff_role_may(ROLE_SUPERVISOR, ACT_CORRECT_ANY));
	ck_assert(staff_role_may(ROLE_SUPERVISOR, ACT_SERVICE_RECORD));
	ck_assert(staff_role_may(ROLE_SUPERVISOR, ACT_CLIENT_WRITE));
	ck_assert(!staff_role_may(ROLE_ADMIN, ACT_CLIENT_READ));
	ck_assert(staff_role_may(ROLE_ADMIN, ACT_STAFF_ADMIN));
	for (int a = 0; a < ACT__COUNT; a++) {
		ck_assert(!staff_role_may(ROLE_NONE, (enum ok_action)a));
		ck_assert(staff_role_may(ROLE_SYSTEM, (enum ok_action)a));
	}
	ck_assert_int_eq(staff_role_parse("counselor"), ROLE_COUNSELOR);
	ck_assert_int_eq(staff_role_parse("boss"), ROLE_NONE);
	ck_assert_str_eq(staff_role_code(ROLE_FRONT_OFFICE), "front_office");
}
END_TEST

START_TEST(denied_even_when_called_directly)
{
	test_act_as(db, ROLE_COUNSELOR);
	/* A counselor cannot create accounts, whatever the screens show. */
	ck_assert_int_eq(staff_add(db, "intruder", ROLE_ADMIN, "", "password1"), OK_EDENIED);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "does not allow"));
	ck_assert_int_eq(count("SELECT count(*) FROM staff WHERE login='intruder'"), 0);
	/* An administrator reads no client data. */
	test_act_as(db, ROLE_ADMIN);
	struct ok_client_hit hits[4];
	int n;
	ck_assert_int_eq(client_search(db, "kow", NULL, hits, 4, &n), OK_EDENIED);
	struct ok_card card;
	ck_assert_int_eq(client_card_load(db, 1, &card), OK_EDENIED);
	/* Nobody logged in: nothing at all. */
	struct ok_actor none = { 0 };
	db_set_actor(db, &none);
	ck_assert_int_eq(client_search(db, "kow", NULL, hits, 4, &n), OK_EDENIED);
}
END_TEST

START_TEST(denial_message_translated)
{
	test_act_as(db, ROLE_COUNSELOR);
	test_lang("pl");
	ck_assert_int_eq(staff_add(db, "intruder", ROLE_ADMIN, "", "password1"), OK_EDENIED);
	const char *msg = db_errmsg(db);
	test_lang("en");
	ck_assert_msg(strstr(msg, "doradca") != NULL, "not Polish: %s", msg);
}
END_TEST

/* The desk's login: drawn first, audited before anything is done. */
START_TEST(deferred_login_audited_before_any_action)
{
	ck_assert_int_eq(staff_add(db, "anna", ROLE_COUNSELOR, "Anna", "password1"), OK_OK);
	struct ok_actor who;
	ck_assert_int_eq(staff_login_deferred(db, "anna", "password1", &who), OK_OK);
	ck_assert_str_eq(db_actor(db)->login, "anna");
	ck_assert(staff_login_unrecorded(db));
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action='login'"), 0);
	/* The first thing checked against the role writes the login first. */
	struct ok_client_hit hits[4];
	int n;
	ck_assert_int_eq(client_search(db, "kow", NULL, hits, 4, &n), OK_OK);
	ck_assert(!staff_login_unrecorded(db));
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action='login' AND actor='anna'"), 1);
	ck_assert_int_eq(count("SELECT min(id) FROM audit WHERE action='login'"),
	                 count("SELECT min(id) FROM audit WHERE actor='anna'"));
	/* Recorded once. */
	ck_assert_int_eq(staff_login_record(db), OK_OK);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action='login'"), 1);
}
END_TEST

START_TEST(deferred_login_failure_audited_at_once)
{
	ck_assert_int_eq(staff_add(db, "anna", ROLE_COUNSELOR, "Anna", "password1"), OK_OK);
	struct ok_actor who;
	ck_assert_int_eq(staff_login_deferred(db, "anna", "wrong-one", &who), OK_EAUTH);
	ck_assert(!staff_login_unrecorded(db));
	ck_assert_int_eq(db_actor(db)->role, ROLE_SYSTEM);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action='login_failed'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action='login'"), 0);
}
END_TEST

/* A login whose audit row cannot be written (another session holds the
 * file) is undone: nobody is logged in and nothing is allowed. */
START_TEST(unrecorded_login_undone)
{
	ck_assert_int_eq(staff_add(db, "anna", ROLE_COUNSELOR, "Anna", "password1"), OK_OK);
	struct ok_actor who;
	ck_assert_int_eq(staff_login_deferred(db, "anna", "password1", &who), OK_OK);
	sqlite3 *other = test_hold_file(dir, "office.db");
	db_set_busy_timeout(db, 20);
	ck_assert_int_ne(staff_login_record(db), OK_OK);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "could not be recorded"));
	ck_assert_int_eq(db_actor(db)->staff_id, 0);
	ck_assert_int_eq(db_actor(db)->role, ROLE_NONE);
	ck_assert(!staff_login_unrecorded(db));
	test_release_file(other);
	struct ok_client_hit hits[4];
	int n;
	ck_assert_int_eq(client_search(db, "kow", NULL, hits, 4, &n), OK_EDENIED);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action='login'"), 0);
}
END_TEST

Suite *suite_staff(void)
{
	Suite *s = suite_create("staff");
	TCase *tc = tcase_create("accounts");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, add_and_login);
	tcase_add_test(tc, wrong_password_and_unknown_login_look_alike);
	tcase_add_test(tc, bad_accounts_refused);
	tcase_add_test(tc, role_table);
	tcase_add_test(tc, denied_even_when_called_directly);
	tcase_add_test(tc, denial_message_translated);
	tcase_add_test(tc, deferred_login_audited_before_any_action);
	tcase_add_test(tc, deferred_login_failure_audited_at_once);
	tcase_add_test(tc, unrecorded_login_undone);
	suite_add_tcase(s, tc);
	return s;
}
