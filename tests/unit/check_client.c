/* check_client.c: search as you type (folded both ways, PESEL prefixes,
 * paging) and the client card (history newest first, audited reads). */
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

static int64_t add_client(const char *pesel, const char *first, const char *last,
                          const char *birth, const char *sex)
{
	char ff[OK_NAME_MAX], lf[OK_NAME_MAX];
	text_fold(first, ff, sizeof ff);
	text_fold(last, lf, sizeof lf);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db),
		"INSERT INTO client(office, pesel, doc_type, doc_number, first_name, last_name,"
		" first_fold, last_fold, birth_date, sex) VALUES('TEST1', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
		-1, &st, NULL), SQLITE_OK);
	db_bind_text_or_null(st, 1, pesel);
	db_bind_text_or_null(st, 2, pesel ? NULL : "passport");
	db_bind_text_or_null(st, 3, pesel ? NULL : "FN1234567");
	sqlite3_bind_text(st, 4, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, last, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, ff, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, lf, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, birth, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, sex, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	return sqlite3_last_insert_rowid(db_sqlite(db));
}

static void exec(const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(db_sqlite(db), sql, NULL, NULL, &err);
	ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, err ? err : "");
}

static void setup(void)
{
	test_lang("en");
	dir = test_tmpdir();
	db = test_open(dir, "office.db");
	db_set_system_actor(db);
	add_client("44051401359", "Łukasz", "Łukasiewicz", "1944-05-14", "M");
	add_client("02070803628", "Anna", "Żółtowska", "1902-07-08", "F");
	add_client("85121712345", "Maria", "Wężyk-Żółtowska", "1985-12-17", "F");
	add_client("90010112345", "Łukasz", "Kowalski", "1990-01-01", "M");
	add_client("90010154321", "Jan", "Kowalski", "1990-01-01", "M");
	add_client(NULL, "Olena", "Szewczenko", "1991-03-03", "F");
	add_client("91030312345", "Тарас", "Шевченко", "1991-03-03", "M");
	test_act_as(db, ROLE_COUNSELOR);
}

static void teardown(void)
{
	db_close(db);
	test_rmdir(dir);
}

/* Searches and returns the hits' "Last First" joined by '|'. */
static const char *search(const char *q)
{
	static char out[4096];
	struct ok_client_hit hits[20];
	int n = -1;
	ck_assert_int_eq(client_search(db, q, NULL, hits, 20, &n), OK_OK);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t len = strlen(out);
		snprintf(out + len, sizeof out - len, "%s%s %s", i ? "|" : "", hits[i].last_name, hits[i].first_name);
	}
	return out;
}

START_TEST(folding_both_ways)
{
	ck_assert_str_eq(search("lukas"), "Łukasiewicz Łukasz");
	ck_assert_str_eq(search("ŁUK"), "Łukasiewicz Łukasz");
	ck_assert_str_eq(search("zolt"), "Żółtowska Anna");
	ck_assert_str_eq(search("ŻÓŁT"), "Żółtowska Anna");
	ck_assert_str_eq(search("Żolt"), "Żółtowska Anna");
	ck_assert_str_eq(search("wezyk"), "Wężyk-Żółtowska Maria");
	ck_assert_str_eq(search("wężyk-żół"), "Wężyk-Żółtowska Maria");
	ck_assert_str_eq(search("wezyk zol"), "Wężyk-Żółtowska Maria");
	ck_assert_str_eq(search("szew"), "Szewczenko Olena");
	/* A first name in a script that does not fold to ASCII. */
	ck_assert_str_eq(search("Шевч"), "Шевченко Тарас");
	ck_assert_str_eq(search("шевченко"), "Шевченко Тарас");
	ck_assert_str_eq(search("nowak"), "");
	ck_assert_str_eq(search(""), "");
	ck_assert_str_eq(search("   "), "");
}
END_TEST

START_TEST(surname_and_first_name)
{
	ck_assert_str_eq(search("kowalski"), "Kowalski Jan|Kowalski Łukasz");
	ck_assert_str_eq(search("kowalski luk"), "Kowalski Łukasz");
	ck_assert_str_eq(search("KOWAL  JAN"), "Kowalski Jan");
	ck_assert_str_eq(search("kow j"), "Kowalski Jan");
}
END_TEST

START_TEST(pesel_prefix)
{
	ck_assert_str_eq(search("9001011"), "Kowalski Łukasz");
	ck_assert_str_eq(search("900101"), "Kowalski Łukasz|Kowalski Jan");
	ck_assert_str_eq(search("4405140135"), "Łukasiewicz Łukasz");
	ck_assert_str_eq(search("1"), "");
	ck_assert_str_eq(search("440514013590"), "");
}
END_TEST

START_TEST(paging_by_keyset)
{
	db_set_system_actor(db);
	exec("BEGIN");
	for (int i = 0; i < 120; i++) {
		char first[32], pesel[12];
		snprintf(first, sizeof first, "Imię%03d", 119 - i);
		snprintf(pesel, sizeof pesel, "7%010d", i);
		add_client(pesel, first, "Nowak", "1980-01-01", "F");
	}
	exec("COMMIT");
	test_act_as(db, ROLE_FRONT_OFFICE);
	struct ok_client_hit page[50], last;
	int n, total = 0;
	const struct ok_client_hit *after = NULL;
	char prev[OK_NAME_MAX] = "";
	do {
		ck_assert_int_eq(client_search(db, "nowak", after, page, 50, &n), OK_OK);
		for (int i = 0; i < n; i++) {
			ck_assert_str_eq(page[i].last_name, "Nowak");
			ck_assert_msg(strcmp(prev, page[i].key2) < 0, "order: %s then %s", prev, page[i].key2);
			snprintf(prev, sizeof prev, "%s", page[i].key2);
		}
		total += n;
		if (n) {
			last = page[n - 1];
			after = &last;
		}
	} while (n == 50);
	ck_assert_int_eq(total, 120);
}
END_TEST

START_TEST(search_uses_indexes)
{
	/* Search must never scan the client table: check the query plans. */
	static const char *plans[] = {
		"EXPLAIN QUERY PLAN SELECT id FROM client c WHERE c.pesel >= '9' AND c.pesel < ':' AND c.pesel > ''"
		" ORDER BY c.pesel LIMIT 50",
		"EXPLAIN QUERY PLAN SELECT id FROM client c WHERE c.last_fold >= 'ko' AND c.last_fold < 'kp'"
		" AND c.first_fold >= '' AND c.first_fold < '\x7f' AND c.last_fold >= ''"
		" AND (c.last_fold, c.first_fold, c.id) > ('', '', 0) ORDER BY c.last_fold, c.first_fold, c.id LIMIT 50",
	};
	for (size_t i = 0; i < 2; i++) {
		sqlite3_stmt *st;
		ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), plans[i], -1, &st, NULL), SQLITE_OK);
		char plan[1024] = "";
		while (sqlite3_step(st) == SQLITE_ROW) {
			size_t len = strlen(plan);
			snprintf(plan + len, sizeof plan - len, "%s;", (const char *)sqlite3_column_text(st, 3));
		}
		sqlite3_finalize(st);
		ck_assert_msg(strstr(plan, "USING INDEX") || strstr(plan, "USING COVERING INDEX"), "plan: %s", plan);
		ck_assert_msg(!strstr(plan, "TEMP B-TREE"), "sorts: %s", plan);
	}
}
END_TEST

/* A key's page of hits reads one index and nothing else (migrations 6
 * and 10): every column of a hit, its status too, from a covering index,
 * in the index's order, with no lookup of a registration per hit. The
 * statements are client_search()'s own. */
START_TEST(search_reads_only_indexes)
{
	static const char *const index[2] = { "COVERING INDEX client_pesel_hit", "COVERING INDEX client_name_hit" };
	for (int by_name = 0; by_name < 2; by_name++) {
		char q[2048], plan[1024];
		snprintf(q, sizeof q, "EXPLAIN QUERY PLAN %s", client_search_sql(by_name));
		ck_assert_msg(test_plan_uses_index(db, q, plan, sizeof plan), "plan: %s", plan);
		ck_assert_msg(strstr(plan, index[by_name]), "plan: %s", plan);
		ck_assert_msg(!strstr(plan, "registration"), "a lookup per hit: %s", plan);
		ck_assert_msg(!strstr(plan, "SUBQUERY"), "a lookup per hit: %s", plan);
	}
}
END_TEST

/* The status one PESEL's hit shows, "" for none. */
static const char *hit_status(const char *pesel)
{
	static char out[32];
	struct ok_client_hit hits[2];
	int n = -1;
	ck_assert_int_eq(client_search(db, pesel, NULL, hits, 2, &n), OK_OK);
	ck_assert_int_eq(n, 1);
	snprintf(out, sizeof out, "%s", hits[0].status);
	return out;
}

/* The client rows the sync would send again. */
static long long client_changes(void)
{
	return test_count(db, "SELECT count(*) FROM change WHERE tbl = 'client'");
}

/* A hit's status is that of the client's latest open registration,
 * through every change of the registrations (kept in the client row by
 * triggers), and a change of status alone does not send the client to
 * the central database again. */
START_TEST(hit_status_follows_registrations)
{
	db_set_system_actor(db);
	long long before = client_changes();
	ck_assert_str_eq(hit_status("90010112345"), "");
	exec("INSERT INTO registration(office, client_id, status, regime, registered_on) VALUES"
	     " ('TEST1', 4, 'unemployed', '2004', '2024-03-01')");
	ck_assert_str_eq(hit_status("90010112345"), "unemployed");
	ck_assert_str_eq(hit_status("90010154321"), "");
	exec("UPDATE registration SET status = 'job_seeker' WHERE client_id = 4");
	ck_assert_str_eq(hit_status("90010112345"), "job_seeker");
	exec("UPDATE registration SET ended_on = '2024-12-31' WHERE client_id = 4");
	ck_assert_str_eq(hit_status("90010112345"), "");
	exec("INSERT INTO registration(office, client_id, status, regime, registered_on) VALUES"
	     " ('TEST1', 4, 'unemployed', '2025', '2025-09-01')");
	ck_assert_str_eq(hit_status("90010112345"), "unemployed");
	/* Moved to another client: both rows follow. */
	exec("UPDATE registration SET client_id = 5 WHERE registered_on = '2025-09-01'");
	ck_assert_str_eq(hit_status("90010112345"), "");
	ck_assert_str_eq(hit_status("90010154321"), "unemployed");
	/* The surname search shows the same. */
	test_act_as(db, ROLE_COUNSELOR);
	struct ok_client_hit hits[4];
	int n = -1;
	ck_assert_int_eq(client_search(db, "kowalski jan", NULL, hits, 4, &n), OK_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(hits[0].status, "unemployed");
	db_set_system_actor(db);
	exec("DELETE FROM registration WHERE client_id = 5");
	ck_assert_str_eq(hit_status("90010154321"), "");
	ck_assert_int_eq(client_changes(), before);
	/* An edit of the client still goes out. */
	exec("UPDATE client SET phone = '600100200' WHERE id = 4");
	ck_assert_int_eq(client_changes(), before + 1);
}
END_TEST

/* A file of schema 9 with registrations, upgraded: migration 10 fills in
 * the status of every open registration (the latest one's, none for an
 * ended one), sends no client again, and the hits show it. The file of
 * schema 9 is made from a new one by undoing what migration 10 does. */
START_TEST(migration_10_fills_statuses)
{
	db_set_system_actor(db);
	exec("INSERT INTO registration(office, client_id, status, regime, registered_on, ended_on) VALUES"
	     " ('TEST1', 1, 'unemployed', '2004', '2023-01-10', '2023-06-30'),"
	     " ('TEST1', 1, 'job_seeker', '2025', '2025-07-01', NULL),"
	     " ('TEST1', 2, 'unemployed', '2004', '2024-02-01', '2024-12-31'),"
	     " ('TEST1', 4, 'unemployed', '2025', '2025-08-01', NULL)");
	exec("DROP TRIGGER client_status_ins; DROP TRIGGER client_status_upd; DROP TRIGGER client_status_del;"
	     "DROP INDEX client_pesel_hit; DROP INDEX client_name_hit;"
	     "DROP TRIGGER client_upd;"
	     "CREATE TRIGGER client_upd AFTER UPDATE ON client BEGIN"
	     " INSERT INTO change(tbl, row_id) VALUES('client', NEW.id); END;"
	     "ALTER TABLE client DROP COLUMN reg_status;"
	     "CREATE INDEX client_pesel_hit ON client(pesel, last_name, first_name, birth_date,"
	     " last_fold, first_fold, doc_type, doc_number) WHERE pesel IS NOT NULL;"
	     "CREATE INDEX client_name_hit ON client(last_fold, first_fold, id, pesel, last_name, first_name,"
	     " birth_date, doc_type, doc_number);"
	     "PRAGMA user_version = 9");
	long long before = client_changes();
	db_close(db);
	db = test_open(dir, "office.db");
	ck_assert_int_eq(test_count(db, "PRAGMA user_version"), db_schema_version());
	db_set_system_actor(db);
	ck_assert_int_eq(client_changes(), before);
	ck_assert_str_eq(hit_status("44051401359"), "job_seeker");
	ck_assert_str_eq(hit_status("02070803628"), "");
	ck_assert_str_eq(hit_status("90010112345"), "unemployed");
	ck_assert_str_eq(hit_status("90010154321"), "");
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM client WHERE reg_status IS NOT NULL"), 2);
	/* And the triggers are there again. */
	exec("UPDATE registration SET ended_on = '2025-10-31' WHERE client_id = 4");
	ck_assert_str_eq(hit_status("90010112345"), "");
}
END_TEST

START_TEST(card_history_newest_first_and_audited)
{
	db_set_system_actor(db);
	exec("INSERT INTO registration(office, client_id, status, regime, registered_on) VALUES"
	     " ('TEST1', 2, 'unemployed', '2004', '2024-03-01'),"
	     " ('TEST1', 2, 'job_seeker', '2025', '2025-09-01')");
	exec("UPDATE registration SET ended_on='2024-12-31' WHERE registered_on='2024-03-01'");
	exec("INSERT INTO client_group(client_id, code, valid_from) VALUES(2, 'over_50', '2024-03-01')");
	exec("INSERT INTO event(office, kind, occurred_on, client_id, staff_id, regime, detail) VALUES"
	     " ('TEST1','initial_interview','2024-03-02',2,1,'2004',NULL),"
	     " ('TEST1','individual_advice','2025-10-01',2,1,'2025',NULL),"
	     " ('TEST1','contact','2025-09-15',2,1,'2025','phone')");
	exec("INSERT INTO event(office, kind, occurred_on, client_id, staff_id, regime, state, reason) VALUES"
	     " ('TEST1','test_examination','2025-09-20',2,1,'2025','voided','recorded for the wrong client')");
	test_act_as(db, ROLE_COUNSELOR);
	struct ok_card card;
	ck_assert_int_eq(client_card_load(db, 2, &card), OK_OK);
	ck_assert_str_eq(card.last_name, "Żółtowska");
	ck_assert_str_eq(card.pesel, "02070803628");
	ck_assert_int_eq(card.nregs, 2);
	ck_assert_str_eq(card.regs[0].status, "job_seeker");
	ck_assert_str_eq(card.regs[0].ended_on, "");
	ck_assert_str_eq(card.regs[1].ended_on, "2024-12-31");
	ck_assert_int_eq(card.ngroups, 1);
	ck_assert_str_eq(card.groups[0].code, "over_50");
	ck_assert_int_eq(card.nevents, 4);
	ck_assert_str_eq(card.events[0].kind, "individual_advice");
	ck_assert_str_eq(card.events[1].kind, "test_examination");
	ck_assert_str_eq(card.events[1].state, "voided");
	ck_assert_str_eq(card.events[2].detail, "phone");
	ck_assert_str_eq(card.events[3].kind, "initial_interview");
	char uid[33];
	snprintf(uid, sizeof uid, "%s", card.uid);
	client_card_free(&card);

	/* The read is audited under the counselor's login, with the uid and
	 * never the PESEL. */
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db),
		"SELECT actor, entity_uid, coalesce(detail,'') FROM audit WHERE action='read' AND entity='client'",
		-1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "t.counselor");
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 1), uid);
	ck_assert_ptr_null(strstr((const char *)sqlite3_column_text(st, 2), "02070803628"));
	sqlite3_finalize(st);
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db),
		"SELECT count(*) FROM audit WHERE detail LIKE '%02070803628%' OR entity_uid LIKE '%02070803628%'",
		-1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
}
END_TEST

START_TEST(card_of_unknown_client)
{
	struct ok_card card;
	ck_assert_int_eq(client_card_load(db, 9999, &card), OK_ENOTFOUND);
	ck_assert_int_eq(card.nevents, 0);
}
END_TEST

Suite *suite_client(void)
{
	Suite *s = suite_create("client");
	TCase *tc = tcase_create("search");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, folding_both_ways);
	tcase_add_test(tc, surname_and_first_name);
	tcase_add_test(tc, pesel_prefix);
	tcase_add_test(tc, paging_by_keyset);
	tcase_add_test(tc, search_uses_indexes);
	tcase_add_test(tc, search_reads_only_indexes);
	tcase_add_test(tc, hit_status_follows_registrations);
	tcase_add_test(tc, migration_10_fills_statuses);
	tcase_add_test(tc, card_history_newest_first_and_audited);
	tcase_add_test(tc, card_of_unknown_client);
	suite_add_tcase(s, tc);
	return s;
}
