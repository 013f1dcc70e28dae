/* check_demo.c: the demo office. One office of 300 clients is built for
 * the whole suite (the day pinned by $OKIENKO_TODAY) and checked with
 * SQL: valid and unique identifiers, every event kind, events inside the
 * registrations and never in the future, referral outcomes in a possible
 * order, the same data from the same seed, and a second fill refused. */
#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_private.h"
#include "suites.h"
#include "util.h"

#define TODAY "2026-11-23"
#define CLIENTS 300

static char *dir;
static struct ok_db *db;
static char *saved_today;

static struct ok_db *build(const char *name, uint64_t seed)
{
	struct ok_db *d = test_open(dir, name);
	db_set_system_actor(d);
	struct demo_options opt = { .clients = CLIENTS, .seed = seed };
	enum ok_status st = demo_fill(d, &opt);
	ck_assert_msg(st == OK_OK, "demo_fill: %s", db_errmsg(d));
	return d;
}

/* Once for the test case: the office (building it takes a moment). */
static void build_office(void)
{
	const char *t = getenv("OKIENKO_TODAY");
	saved_today = t ? strdup(t) : NULL;
	setenv("OKIENKO_TODAY", TODAY, 1);
	test_lang("en");
	dir = test_tmpdir();
	db_close(build("office.db", 7));
}

static void remove_office(void)
{
	test_rmdir(dir);
	if (saved_today)
		setenv("OKIENKO_TODAY", saved_today, 1);
	else
		unsetenv("OKIENKO_TODAY");
	free(saved_today);
}

/* For each test: a connection of its own (tests may run in a fork). */
static void setup(void)
{
	db = test_open(dir, "office.db");
	db_set_system_actor(db);
}

static void teardown(void)
{
	db_close(db);
}

static long long count_in(struct ok_db *d, const char *sql)
{
	sqlite3_stmt *st;
	ck_assert_msg(sqlite3_prepare_v2(db_sqlite(d), sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql,
	              sqlite3_errmsg(db_sqlite(d)));
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static long long count(const char *sql)
{
	return count_in(db, sql);
}

/* The text of the first column of the first row (malloc'd). */
static char *text_in(struct ok_db *d, const char *sql)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(d), sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	const unsigned char *t = sqlite3_column_text(st, 0);
	char *v = strdup(t ? (const char *)t : "");
	sqlite3_finalize(st);
	return v;
}

START_TEST(sizes)
{
	ck_assert_int_eq(count("SELECT count(*) FROM client"), CLIENTS);
	long long events = count("SELECT count(*) FROM event WHERE client_id IS NOT NULL");
	ck_assert_msg(events > CLIENTS * 6 && events < CLIENTS * 16, "%lld client events", events);
	ck_assert_int_ge(count("SELECT count(*) FROM employer"), 20);
	ck_assert_int_gt(count("SELECT count(*) FROM activity"), 0);
	ck_assert_int_gt(count("SELECT count(*) FROM programme_client"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
}
END_TEST

START_TEST(staff_accounts)
{
	for (const struct demo_login *l = demo_logins; l->login; l++) {
		ck_assert_int_ge(strlen(l->password), 8);
		struct ok_actor who;
		ck_assert_int_eq(staff_login(db, l->login, l->password, &who), OK_OK);
		ck_assert_str_eq(staff_role_code(who.role), l->role);
		ck_assert_str_eq(who.name, l->name);
	}
}
END_TEST

START_TEST(pesels_valid_unique_and_consistent)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db),
	                                    "SELECT pesel, birth_date, sex FROM client WHERE pesel IS NOT NULL",
	                                    -1, &st, NULL), SQLITE_OK);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *pesel = (const char *)sqlite3_column_text(st, 0);
		struct ok_date birth;
		char sex = 0, b[11];
		const char *why = validate_pesel(pesel, &birth, &sex);
		ck_assert_msg(why == NULL, "%s: %s", pesel, why);
		date_format(&birth, b);
		ck_assert_str_eq(b, (const char *)sqlite3_column_text(st, 1));
		ck_assert_int_eq(sex, ((const char *)sqlite3_column_text(st, 2))[0]);
		n++;
	}
	sqlite3_finalize(st);
	ck_assert_int_gt(n, CLIENTS * 9 / 10);
	ck_assert_int_eq(count("SELECT count(DISTINCT pesel) FROM client"), n);
	/* The few without a PESEL have a document and a birth date. */
	ck_assert_int_eq(count("SELECT count(*) FROM client WHERE pesel IS NULL AND"
	                       " (doc_type NOT IN ('passport','id_card') OR doc_number IS NULL)"), 0);
	/* Ages 18-64 today. */
	ck_assert_int_eq(count("SELECT count(*) FROM client WHERE birth_date > date('" TODAY "','-18 years')"
	                       " OR birth_date <= date('" TODAY "','-65 years')"), 0);
}
END_TEST

START_TEST(people_look_real)
{
	ck_assert_int_gt(count("SELECT count(*) FROM client WHERE first_name || last_name"
	                       " GLOB '*[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]*'"), CLIENTS / 10);
	ck_assert_int_gt(count("SELECT count(*) FROM client WHERE sex='F' AND last_name GLOB '*ska'"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM client WHERE sex='M' AND last_name GLOB '*ska'"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM client WHERE sex='F' AND last_name GLOB '*ski'"), 0);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db),
	                                    "SELECT first_name, last_name, coalesce(email,''), coalesce(phone,''),"
	                                    " first_fold, last_fold FROM client", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v[6];
		char fold[512];
		for (int i = 0; i < 6; i++)
			v[i] = (const char *)sqlite3_column_text(st, i);
		ck_assert_msg(validate_name(v[0]) == NULL, "%s", v[0]);
		ck_assert_msg(validate_name(v[1]) == NULL, "%s", v[1]);
		ck_assert_msg(validate_email(v[2]) == NULL, "%s", v[2]);
		ck_assert_msg(validate_phone(v[3]) == NULL, "%s", v[3]);
		text_fold(v[0], fold, sizeof fold);
		ck_assert_str_eq(fold, v[4]);
		text_fold(v[1], fold, sizeof fold);
		ck_assert_str_eq(fold, v[5]);
	}
	sqlite3_finalize(st);
	ck_assert_int_eq(count("SELECT count(*) FROM client WHERE uid NOT GLOB"
	                       " '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]*'"
	                       " OR length(uid) <> 32 OR uid GLOB '*[^0-9a-f]*'"), 0);
}
END_TEST

START_TEST(nips_valid_and_unique)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), "SELECT nip FROM employer", -1, &st, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *nip = (const char *)sqlite3_column_text(st, 0);
		const char *why = validate_nip(nip, NULL);
		ck_assert_msg(why == NULL, "%s: %s", nip, why);
	}
	sqlite3_finalize(st);
	ck_assert_int_eq(count("SELECT count(DISTINCT nip) FROM employer"),
	                 count("SELECT count(*) FROM employer"));
}
END_TEST

START_TEST(every_kind_and_code)
{
	size_t n;
	const char *const *kinds = codes_list(CODES_EVENT_KIND, &n);
	ck_assert_int_eq(n, 17);
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *k;
		ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), "SELECT count(*) FROM event WHERE kind = ?1",
		                                    -1, &k, NULL), SQLITE_OK);
		sqlite3_bind_text(k, 1, kinds[i], -1, SQLITE_STATIC);
		ck_assert_int_eq(sqlite3_step(k), SQLITE_ROW);
		ck_assert_msg(sqlite3_column_int(k, 0) > 0, "no event of kind %s", kinds[i]);
		sqlite3_finalize(k);
	}
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db),
	                                    "SELECT kind, detail FROM event WHERE kind IN ('contact',"
	                                    "'referral_outcome','startup_grant','deregistration','registration')",
	                                    -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		const char *detail = (const char *)sqlite3_column_text(st, 1);
		enum code_set set = !strcmp(kind, "contact") ? CODES_CONTACT_MODE
		                  : !strcmp(kind, "referral_outcome") ? CODES_OUTCOME
		                  : !strcmp(kind, "startup_grant") ? CODES_GRANT_SOURCE
		                  : !strcmp(kind, "deregistration") ? CODES_DEREG_REASON : CODES_STATUS;
		ck_assert_msg(codes_valid(set, detail), "%s: %s", kind, detail ? detail : "(null)");
	}
	sqlite3_finalize(st);
	/* Who records what: the front office registers, refers to a
	 * counselor and records vacancies; counselors do the rest. */
	ck_assert_int_eq(count("SELECT count(*) FROM event e JOIN staff s ON s.id = e.staff_id WHERE"
	                       " s.role <> CASE WHEN e.kind IN ('registration','referral_counselor','vacancy')"
	                       " THEN 'front_office' ELSE 'counselor' END"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM event WHERE kind='vacancy' AND (places IS NULL OR employer_id IS NULL)"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM event WHERE regime <> CASE WHEN occurred_on < '2025-06-01'"
	                       " THEN '2004' ELSE '2025' END"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM registration WHERE regime <> CASE WHEN registered_on"
	                       " < '2025-06-01' THEN '2004' ELSE '2025' END"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM client_group g LEFT JOIN group_code c USING(code)"
	                       " WHERE c.code IS NULL"), 0);
	/* Age groups agree with the birth date. */
	ck_assert_int_eq(count("SELECT count(*) FROM client_group g JOIN client c ON c.id = g.client_id WHERE"
	                       " (g.code='under_25' AND g.valid_to <> date(c.birth_date,'+25 years','-1 day'))"
	                       " OR (g.code='over_50' AND g.valid_from < date(c.birth_date,'+50 years'))"
	                       " OR (g.code='over_60' AND g.valid_from < date(c.birth_date,'+60 years'))"), 0);
	/* A group advice session gathers several clients. */
	ck_assert_int_gt(count("SELECT count(*) FROM (SELECT session_uid FROM event WHERE kind='group_advice'"
	                       " GROUP BY session_uid HAVING count(DISTINCT client_id) > 1"
	                       " AND count(DISTINCT occurred_on) = 1)"), 0);
}
END_TEST

START_TEST(events_inside_registrations)
{
	ck_assert_int_eq(count("SELECT count(*) FROM event WHERE occurred_on > '" TODAY "'"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM event e WHERE e.client_id IS NOT NULL AND e.occurred_on <"
	                       " (SELECT min(registered_on) FROM registration r WHERE r.client_id = e.client_id)"), 0);
	/* Inside its own registration; nothing after a deregistration. */
	ck_assert_int_eq(count("SELECT count(*) FROM event e JOIN registration r ON r.id = e.registration_id"
	                       " WHERE r.client_id <> e.client_id OR e.occurred_on < r.registered_on"
	                       " OR (r.ended_on IS NOT NULL AND e.occurred_on > r.ended_on)"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM event e JOIN registration r ON r.id = e.registration_id"
	                       " JOIN event d ON d.id = r.end_event_id WHERE e.id > d.id"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM event WHERE client_id IS NOT NULL AND registration_id IS NULL"), 0);
	/* Every ended registration names its deregistration. */
	ck_assert_int_eq(count("SELECT count(*) FROM registration r LEFT JOIN event d ON d.id = r.end_event_id"
	                       " WHERE r.ended_on IS NOT NULL AND (d.kind IS NOT 'deregistration'"
	                       " OR d.occurred_on <> r.ended_on OR d.client_id <> r.client_id)"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM event d LEFT JOIN registration r ON r.end_event_id = d.id"
	                       " WHERE d.kind = 'deregistration' AND r.id IS NULL"), 0);
	/* At most one open registration, and periods do not overlap. */
	ck_assert_int_eq(count("SELECT count(*) FROM (SELECT client_id FROM registration WHERE ended_on IS NULL"
	                       " GROUP BY client_id HAVING count(*) > 1)"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM registration a JOIN registration b ON a.client_id = b.client_id"
	                       " AND a.id < b.id WHERE a.ended_on IS NULL OR b.registered_on <= a.ended_on"), 0);
	/* A later registration is recorded as an event on its first day. */
	ck_assert_int_eq(count("SELECT count(*) FROM registration r WHERE r.id > (SELECT min(id) FROM registration"
	                       " x WHERE x.client_id = r.client_id) AND NOT EXISTS(SELECT 1 FROM event e WHERE"
	                       " e.registration_id = r.id AND e.kind = 'registration' AND e.occurred_on = r.registered_on)"), 0);
	/* The initial interview comes first. */
	ck_assert_int_eq(count("SELECT count(*) FROM client c WHERE (SELECT kind FROM event e WHERE e.client_id = c.id"
	                       " ORDER BY occurred_on, occurred_at, id LIMIT 1) <> 'initial_interview'"), 0);
}
END_TEST

START_TEST(referral_outcomes_in_order)
{
	ck_assert_int_eq(count("SELECT count(*) FROM event o LEFT JOIN event r ON r.id = o.referral_id"
	                       " WHERE o.kind = 'referral_outcome' AND (r.id IS NULL OR r.kind NOT LIKE 'referral_%'"
	                       " OR r.kind = 'referral_outcome' OR r.client_id <> o.client_id OR r.id > o.id"
	                       " OR r.occurred_on > o.occurred_on)"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM event WHERE referral_id IS NOT NULL AND kind <> 'referral_outcome'"), 0);
	/* completed or interrupted only after started; at most one of each;
	 * no_show and cancelled alone. */
	ck_assert_int_eq(count("SELECT count(*) FROM event o WHERE o.detail IN ('completed','interrupted') AND NOT EXISTS"
	                       " (SELECT 1 FROM event s WHERE s.referral_id = o.referral_id AND s.detail = 'started'"
	                       " AND s.id < o.id AND s.occurred_on <= o.occurred_on)"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM (SELECT referral_id FROM event WHERE kind = 'referral_outcome'"
	                       " GROUP BY referral_id HAVING count(*) > 2 OR (count(*) = 2 AND"
	                       " sum(detail IN ('no_show','cancelled')) > 0) OR count(DISTINCT detail) < count(*))"), 0);
	ck_assert_int_gt(count("SELECT count(*) FROM event WHERE detail = 'completed'"), 0);
	ck_assert_int_gt(count("SELECT count(*) FROM event WHERE detail = 'no_show'"), 0);
}
END_TEST

START_TEST(same_seed_same_data)
{
	static const char *const digests[] = {
		"SELECT group_concat(id || uid || coalesce(pesel, doc_number) || first_name || last_name ||"
		" birth_date || coalesce(address,'') || coalesce(phone,'') || coalesce(email,'') || created_at, ';')"
		" FROM (SELECT * FROM client ORDER BY id)",
		"SELECT group_concat(id || uid || kind || occurred_on || coalesce(occurred_at,'') ||"
		" coalesce(client_id,'') || coalesce(employer_id,'') || staff_id || coalesce(detail,'') ||"
		" coalesce(referral_id,'') || coalesce(session_uid,''), ';') FROM (SELECT * FROM event ORDER BY id)",
		"SELECT group_concat(uid || nip || name, ';') FROM (SELECT * FROM employer ORDER BY id)",
		"SELECT group_concat(uid || code || valid_from, ';') FROM (SELECT * FROM client_group ORDER BY id)",
	};
	struct ok_db *again = build("again.db", 7), *other = build("other.db", 8);
	for (size_t i = 0; i < sizeof digests / sizeof *digests; i++) {
		char *a = text_in(db, digests[i]), *b = text_in(again, digests[i]), *c = text_in(other, digests[i]);
		ck_assert_int_gt(strlen(a), 100);
		ck_assert_msg(strcmp(a, b) == 0, "seed 7 twice differs: %s", digests[i]);
		ck_assert_msg(strcmp(a, c) != 0, "seeds 7 and 8 agree: %s", digests[i]);
		free(a);
		free(b);
		free(c);
	}
	db_close(again);
	db_close(other);
}
END_TEST

START_TEST(second_fill_refused)
{
	struct demo_options opt = { .clients = 10, .seed = 7 };
	long long events = count("SELECT count(*) FROM event");
	ck_assert_int_eq(demo_fill(db, &opt), OK_EEXIST);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "already has clients"));
	ck_assert_int_eq(count("SELECT count(*) FROM client"), CLIENTS);
	ck_assert_int_eq(count("SELECT count(*) FROM event"), events);
}
END_TEST

START_TEST(only_admin_fills)
{
	struct ok_db *d = test_open(dir, "denied.db");
	test_act_as(d, ROLE_COUNSELOR);
	struct demo_options opt = { .clients = 5, .seed = 1 };
	ck_assert_int_eq(demo_fill(d, &opt), OK_EDENIED);
	ck_assert_int_eq(count_in(d, "SELECT count(*) FROM client"), 0);
	db_close(d);
}
END_TEST

Suite *suite_demo(void)
{
	Suite *s = suite_create("demo");
	TCase *tc = tcase_create("office");
	tcase_add_unchecked_fixture(tc, build_office, remove_office);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, sizes);
	tcase_add_test(tc, staff_accounts);
	tcase_add_test(tc, pesels_valid_unique_and_consistent);
	tcase_add_test(tc, people_look_real);
	tcase_add_test(tc, nips_valid_and_unique);
	tcase_add_test(tc, every_kind_and_code);
	tcase_add_test(tc, events_inside_registrations);
	tcase_add_test(tc, referral_outcomes_in_order);
	tcase_add_test(tc, same_seed_same_data);
	tcase_add_test(tc, second_fill_refused);
	tcase_add_test(tc, only_admin_fills);
	suite_add_tcase(s, tc);
	return s;
}
