/* check_import.c: import and export of ../shared/interchange.md: every
 * encoding (a CP1250 and an ISO-8859-2 file with all 18 Polish letters, a
 * UTF-8 BOM, a byte sequence invalid in the declared encoding), every kind
 * of invalid row reported at once with nothing written, a file imported
 * twice, attribution to the staff login and to the import in the audit
 * log, and the round trip: an office exported and imported into an empty
 * file gives identical client cards, an identical yearly report and an
 * identical export. */
#include "config.h"

#include <check.h>
#include <iconv.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "db_private.h"
#include "demo.h"
#include "import.h"
#include "report.h"
#include "suites.h"
#include "util.h"

static char *dir;
static struct ok_db *db;
static char pa[12], pb[12], pc[12], nip[11];

static void setup(void)
{
	test_lang("en");
	setenv("OKIENKO_TODAY", "2026-11-24", 1);
	dir = test_tmpdir();
	db = test_open(dir, "office.db");
	test_act_as(db, ROLE_COUNSELOR);      /* t.counselor */
	test_act_as(db, ROLE_FRONT_OFFICE);   /* t.front-office */
	db_set_system_actor(db);              /* the command line's actor */
	test_pesel(pa, 1990, 5, 17, 123, 'F');
	test_pesel(pb, 1985, 11, 2, 456, 'M');
	test_pesel(pc, 2001, 1, 30, 789, 'F');
	test_nip(nip, 1);
}

static void teardown(void)
{
	db_close(db);
	test_rmdir(dir);
	unsetenv("OKIENKO_TODAY");
}

/* Imports a file given as text in the encoding (NULL: UTF-8). */
static enum ok_status import_text(struct ok_db *d, enum import_kind kind, const char *text,
                                  const char *enc, struct import_result *res)
{
	memset(res, 0, sizeof *res);
	return import_data(d, kind, text, strlen(text), enc, "test.csv", res);
}

/* The text converted from UTF-8 to the encoding (malloc'd). */
static char *encode(const char *utf8, const char *to)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	ck_assert(cd != (iconv_t)-1);
	size_t inleft = strlen(utf8), outleft = inleft * 2 + 1;
	char *out = calloc(1, outleft), *o = out, *in = (char *)utf8;
	ck_assert_uint_ne(iconv(cd, &in, &inleft, &o, &outleft), (size_t)-1);
	iconv_close(cd);
	return out;
}

/* The error reported for a line, or NULL. */
static const struct import_error *error_at(const struct import_result *res, long line)
{
	for (int i = 0; i < res->nerrors; i++)
		if (res->errors[i].line == line)
			return &res->errors[i];
	return NULL;
}

static void assert_error(const struct import_result *res, long line, const char *column,
                         const char *words)
{
	const struct import_error *e = error_at(res, line);
	ck_assert_msg(e != NULL, "no error reported on line %ld", line);
	ck_assert_msg(!strcmp(e->column, column), "line %ld: column %s, not %s: %s", line, e->column, column, e->msg);
	ck_assert_msg(strstr(e->msg, words) != NULL, "line %ld: \"%s\" lacks \"%s\"", line, e->msg, words);
}

/* The whole output of an export (malloc'd). */
static char *export_text(struct ok_db *d, enum import_kind kind, int year, const char *enc)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(export_csv(d, kind, year, enc, f), OK_OK);
	fclose(f);
	return buf;
}

static const char polish_last[] = "Ąćęłńóśźż-ĄĆĘŁŃÓŚŹŻ";

START_TEST(cp1250_and_iso_8859_2_with_every_polish_letter)
{
	static const char *const encs[] = { "CP1250", "ISO-8859-2" };
	for (int i = 0; i < 2; i++) {
		char text[512];
		snprintf(text, sizeof text,
		         "pesel,first_name,last_name,status,registered_on\r\n"
		         "%s,Łucja,%s,unemployed,2024-01-10\r\n",
		         i ? pb : pa, polish_last);
		char *bytes = encode(text, encs[i]);
		/* The 18 letters are single bytes in both: not UTF-8. */
		ck_assert_uint_lt(strlen(bytes), strlen(text));
		struct import_result res;
		ck_assert_int_eq(import_text(db, IMPORT_CLIENTS, bytes, encs[i], &res), OK_OK);
		ck_assert_int_eq(res.added, 1);
		import_result_free(&res);
		free(bytes);
	}
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM client WHERE last_name ="
	                                " 'Ąćęłńóśźż-ĄĆĘŁŃÓŚŹŻ' AND first_name = 'Łucja'"), 2);
	/* The CP1250 export gives the same bytes back. */
	char *cp = export_text(db, IMPORT_CLIENTS, 0, "CP1250");
	char *want = encode(polish_last, "CP1250");
	ck_assert_ptr_nonnull(strstr(cp, want));
	ck_assert_ptr_null(strstr(cp, polish_last));
	free(want);
	free(cp);
}
END_TEST

START_TEST(utf8_bom_is_accepted)
{
	char text[256];
	snprintf(text, sizeof text,
	         "\xef\xbb\xbfpesel,first_name,last_name,status,registered_on\n%s,Anna,Wężyk,job_seeker,2024-02-01\n", pa);
	struct import_result res;
	ck_assert_int_eq(import_text(db, IMPORT_CLIENTS, text, NULL, &res), OK_OK);
	ck_assert_int_eq(res.added, 1);
	import_result_free(&res);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM registration WHERE status = 'job_seeker'"), 1);
}
END_TEST

START_TEST(invalid_byte_sequence_names_its_line)
{
	char text[512];
	/* Line 3 holds a lone continuation byte in UTF-8; in CP1250 0x98 is
	 * not a character at all. */
	snprintf(text, sizeof text,
	         "pesel,first_name,last_name,status,registered_on\n"
	         "%s,Anna,Nowak,unemployed,2024-01-10\n"
	         "%s,Jan,Kowal\x98ski,unemployed,2024-01-10\n", pa, pb);
	static const char *const encs[] = { NULL, "CP1250" };
	for (int i = 0; i < 2; i++) {
		struct import_result res;
		ck_assert_int_eq(import_text(db, IMPORT_CLIENTS, text, encs[i], &res), OK_EINVAL);
		ck_assert_int_eq(res.total_errors, 1);
		ck_assert_int_eq(res.errors[0].line, 3);
		ck_assert_ptr_nonnull(strstr(res.errors[0].msg, "not valid"));
		import_result_free(&res);
	}
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM client"), 0);
}
END_TEST

START_TEST(invalid_client_rows_are_all_reported)
{
	char bad_sum[12], text[1024];
	snprintf(bad_sum, sizeof bad_sum, "%s", pa);
	bad_sum[10] = (char)(bad_sum[10] == '9' ? '0' : bad_sum[10] + 1);
	snprintf(text, sizeof text,
	         "pesel,first_name,last_name,birth_date,sex,status,registered_on,groups\n"
	         "%s,Anna,Nowak,,,unemployed,2024-01-10,\n"          /* 2: checksum */
	         "%s,Anna,Nowak,1990-05-18,,unemployed,2024-01-10,\n" /* 3: birth date */
	         "%s,Jan,Nowak,,M,unemployed,2024-01-10,\n"           /* 4: sex */
	         "%s,Jan,Kowalski,,,unemployed,2024-01-10,over_50\n"  /* 5: valid */
	         "%s,Ewa,Lis,,,retired,2024-01-10,\n"                 /* 6: status */
	         "%s,Ewa,Lis,,,unemployed,2024-01-10,astronaut\n"     /* 7: group */
	         "%s,Ewa,Lis,,,unemployed,2024-01-10,\n",             /* 8: same as 5 */
	         bad_sum, pa, pa, pb, pc, pc, pb);
	struct import_result res;
	ck_assert_int_eq(import_text(db, IMPORT_CLIENTS, text, NULL, &res), OK_EINVAL);
	ck_assert_int_eq(res.rows, 7);
	ck_assert_int_eq(res.total_errors, 6);
	ck_assert_ptr_nonnull(error_at(&res, 2));
	ck_assert_str_eq(error_at(&res, 2)->column, "pesel");
	ck_assert_str_eq(error_at(&res, 3)->column, "birth_date");
	ck_assert_str_eq(error_at(&res, 4)->column, "sex");
	ck_assert_ptr_null(error_at(&res, 5));
	ck_assert_str_eq(error_at(&res, 6)->column, "status");
	ck_assert_str_eq(error_at(&res, 7)->column, "groups");
	assert_error(&res, 8, "pesel", "line 5");
	/* Reported in line order. */
	for (int i = 1; i < res.nerrors; i++)
		ck_assert_int_le(res.errors[i - 1].line, res.errors[i].line);
	import_result_free(&res);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM client"), 0);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM registration"), 0);
}
END_TEST

START_TEST(unknown_and_missing_columns)
{
	struct import_result res;
	ck_assert_int_eq(import_text(db, IMPORT_CLIENTS,
	                             "pesel,first_name,last_name,shoe_size,registered_on\n", NULL, &res),
	                 OK_EINVAL);
	assert_error(&res, 1, "shoe_size", "Unknown column");
	int missing = 0;
	for (int i = 0; i < res.nerrors; i++)
		if (!strcmp(res.errors[i].column, "status")) {
			ck_assert_str_eq(res.errors[i].msg, "This column is missing.");
			missing++;
		}
	ck_assert_int_eq(missing, 1);
	import_result_free(&res);
	/* Messages are translated. */
	test_lang("pl");
	ck_assert_int_eq(import_text(db, IMPORT_EMPLOYERS, "nip,name\n", NULL, &res), OK_EINVAL);
	assert_error(&res, 1, "registered_on", "Brak tej kolumny");
	import_result_free(&res);
	test_lang("en");
}
END_TEST

/* Two clients registered on 2024-01-10 and an employer. */
static void office_on_file(void)
{
	char text[512];
	struct import_result res;
	snprintf(text, sizeof text,
	         "pesel,first_name,last_name,status,registered_on\n"
	         "%s,Anna,Nowak,unemployed,2024-01-10\n"
	         "%s,Jan,Kowalski,unemployed,2024-01-10\n", pa, pb);
	ck_assert_int_eq(import_text(db, IMPORT_CLIENTS, text, NULL, &res), OK_OK);
	import_result_free(&res);
	snprintf(text, sizeof text, "nip,name,registered_on\n%s,\"Piekarnia Żak, sp. z o.o.\",2023-05-01\n", nip);
	ck_assert_int_eq(import_text(db, IMPORT_EMPLOYERS, text, NULL, &res), OK_OK);
	import_result_free(&res);
}

START_TEST(invalid_event_rows_are_all_reported)
{
	office_on_file();
	long long before = test_count(db, "SELECT count(*) FROM event");
	char nobody[12], other_nip[11], text[4096];
	test_pesel(nobody, 1970, 3, 3, 333, 'M');
	test_nip(other_nip, 2);
	snprintf(text, sizeof text,
	         "date,kind,pesel,nip,counselor,ref,detail\n"
	         "2024-03-01T09:30,initial_interview,%1$s,,t.counselor,,\n"      /* 2 valid */
	         "2024-03-02,referral_training,%1$s,,t.counselor,R1,IT\n"        /* 3 valid */
	         "2024-03-10,referral_outcome,%1$s,,t.counselor,R1,started\n"    /* 4 valid */
	         "2024-03-11,individual_advice,%3$s,,t.counselor,,\n"            /* 5 unknown client */
	         "2024-03-11,employer_advice,,%5$s,t.counselor,,\n"              /* 6 unknown employer */
	         "2023-12-01,individual_advice,%1$s,,t.counselor,,\n"            /* 7 before registration */
	         "2024-06-01,deregistration,%1$s,%4$s,t.counselor,,work_unsubsidised\n" /* 8 valid */
	         "2024-07-01,individual_advice,%1$s,,t.counselor,,\n"            /* 9 after deregistration */
	         "2024-03-12,referral_outcome,%2$s,,t.counselor,NOPE,started\n"  /* 10 unknown referral */
	         "2024-03-05,referral_training,%2$s,,t.counselor,R2,Spawanie\n"  /* 11 valid */
	         "2024-04-01,referral_outcome,%2$s,,t.counselor,R2,completed\n"  /* 12 completed before started */
	         "2024-05-01,referral_outcome,%2$s,,t.counselor,R2,started\n"    /* 13 valid */
	         "2024-03-13,vacancy,,%4$s,t.front-office,,\n"                      /* 14 no places */
	         "2024-03-14,individual_advice,%2$s,,nobody,,\n"                 /* 15 unknown staff */
	         "2024-03-15,individual_advice,%2$s,,t.front-office,,\n"         /* 16 role may not */
	         "2024-03-16,lunch,%2$s,,t.counselor,,\n"                        /* 17 unknown kind */
	         "2099-01-01,individual_advice,%2$s,,t.counselor,,\n"            /* 18 future */
	         "2024-02-30,individual_advice,%2$s,,t.counselor,,\n",           /* 19 no such day */
	         pa, pb, nobody, nip, other_nip);
	struct import_result res;
	ck_assert_int_eq(import_text(db, IMPORT_EVENTS, text, NULL, &res), OK_EINVAL);
	ck_assert_int_eq(res.rows, 18);
	for (long ok_line = 2; ok_line <= 4; ok_line++)
		ck_assert_ptr_null(error_at(&res, ok_line));
	ck_assert_ptr_null(error_at(&res, 8));
	ck_assert_ptr_null(error_at(&res, 11));
	ck_assert_ptr_null(error_at(&res, 13));
	assert_error(&res, 5, "pesel", "no client");
	assert_error(&res, 6, "nip", "no employer");
	assert_error(&res, 7, "date", "before the client's registration");
	assert_error(&res, 9, "date", "after the client's deregistration");
	assert_error(&res, 10, "ref", "no referral");
	assert_error(&res, 12, "detail", "cannot become");
	assert_error(&res, 14, "detail", "places");
	assert_error(&res, 15, "counselor", "No staff member");
	assert_error(&res, 16, "counselor", "may not record");
	assert_error(&res, 17, "kind", "Unknown kind");
	ck_assert_ptr_nonnull(error_at(&res, 18));
	ck_assert_ptr_nonnull(error_at(&res, 19));
	ck_assert_int_eq(res.total_errors, 12);
	import_result_free(&res);
	/* Nothing was written. */
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event"), before);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM registration WHERE ended_on IS NOT NULL"), 0);
}
END_TEST

START_TEST(a_pesel_disagreeing_with_birth_date_or_sex)
{
	char text[512];
	snprintf(text, sizeof text,
	         "pesel,first_name,last_name,birth_date,sex,status,registered_on\n"
	         "%s,Anna,Nowak,1990-05-17,F,unemployed,2024-01-10\n"  /* agrees */
	         "%s,Jan,Kowalski,1985-11-02,F,unemployed,2024-01-10\n", pa, pb);
	struct import_result res;
	ck_assert_int_eq(import_text(db, IMPORT_CLIENTS, text, NULL, &res), OK_EINVAL);
	ck_assert_int_eq(res.total_errors, 1);
	assert_error(&res, 3, "sex", "");
	import_result_free(&res);
}
END_TEST

START_TEST(the_same_file_twice_changes_nothing)
{
	office_on_file();
	char text[1024];
	snprintf(text, sizeof text,
	         "date,kind,pesel,nip,counselor,ref,detail\n"
	         "2024-03-01,initial_interview,%1$s,,t.counselor,,\n"
	         "2024-03-02,contact,%1$s,,t.counselor,,phone\n"
	         "2024-03-04,vacancy,,%2$s,t.front-office,,3\n"
	         "2024-03-05,employer_advice,,%2$s,t.counselor,,\n", pa, nip);
	struct import_result res;
	ck_assert_int_eq(import_text(db, IMPORT_EVENTS, text, NULL, &res), OK_OK);
	ck_assert_int_eq(res.added, 4);
	ck_assert(!res.same_file);
	import_result_free(&res);
	long long events = test_count(db, "SELECT count(*) FROM event");
	long long audit = test_count(db, "SELECT count(*) FROM audit WHERE action = 'import'");
	ck_assert_int_eq(test_count(db, "SELECT places FROM event WHERE kind = 'vacancy'"), 3);
	/* Every new event is in the change sequence, once, for the sync. */
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event WHERE id NOT IN"
	                                " (SELECT row_id FROM change WHERE tbl = 'event')"), 0);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM change WHERE tbl = 'event'"), events);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM meta WHERE key = 'bulk_insert'"), 0);

	ck_assert_int_eq(import_text(db, IMPORT_EVENTS, text, NULL, &res), OK_OK);
	ck_assert(res.same_file);
	ck_assert_int_eq(res.added, 0);
	ck_assert_str_ne(res.imported_at, "");
	import_result_free(&res);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event"), events);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM audit WHERE action = 'import'"), audit);

	/* The same rows in another file (a line break of another kind): every
	 * row is found on file and nothing is added. */
	for (char *p = strchr(text, '\n'); p; p = strchr(p + 2, '\n')) {
		memmove(p + 1, p, strlen(p) + 1);
		*p = '\r';
	}
	ck_assert_int_eq(import_text(db, IMPORT_EVENTS, text, NULL, &res), OK_OK);
	ck_assert(!res.same_file);
	ck_assert_int_eq(res.added, 0);
	ck_assert_int_eq(res.present, 4);
	import_result_free(&res);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event"), events);
}
END_TEST

START_TEST(rows_are_attributed_to_the_login_and_the_import)
{
	office_on_file();
	char text[512];
	snprintf(text, sizeof text,
	         "date,kind,pesel,counselor,notes\n"
	         "2024-03-01,initial_interview,%1$s,t.counselor,Pierwsza rozmowa\n"
	         "2024-03-08,individual_advice,%1$s,t.counselor,\n", pa);
	struct import_result res;
	ck_assert_int_eq(import_text(db, IMPORT_EVENTS, text, NULL, &res), OK_OK);
	import_result_free(&res);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event e JOIN staff s ON s.id = e.staff_id"
	                                " WHERE s.login = 't.counselor' AND e.kind IN"
	                                " ('initial_interview', 'individual_advice')"), 2);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM audit a JOIN event e ON e.uid = a.entity_uid"
	                                " WHERE a.action = 'import' AND a.actor = 't.counselor'"
	                                " AND a.detail LIKE 'import % by os:%'"), 2);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event WHERE notes = 'Pierwsza rozmowa'"), 1);
	/* The clients are attributed to the import's operating-system user. */
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM audit WHERE action = 'import'"
	                                " AND entity = 'client' AND actor LIKE 'os:%'"), 2);
	/* No PESEL in the audit log. */
	sqlite3_stmt *s;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), "SELECT count(*) FROM audit WHERE instr(detail, ?1) > 0",
	                                    -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, pa, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(s, 0), 0);
	sqlite3_finalize(s);
	ck_assert_int_gt(test_count(db, "SELECT count(*) FROM audit WHERE detail IS NOT NULL"), 0);
}
END_TEST

/* The schema as sqlite_schema has it (type, name, table, definition:
 * malloc'd), and the event table's indexes in the order the query planner
 * meets them. */
static char *schema_text(const char *sql)
{
	sqlite3_stmt *s;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	char *out = strdup(sqlite3_column_text(s, 0) ? (const char *)sqlite3_column_text(s, 0) : "");
	sqlite3_finalize(s);
	return out;
}

#define SCHEMA "SELECT group_concat(type || '|' || name || '|' || tbl_name || '|' || coalesce(sql, ''), '\n')" \
	" FROM (SELECT * FROM sqlite_schema ORDER BY type, name)"
#define EVENT_INDEXES "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema" \
	" WHERE type = 'index' AND tbl_name = 'event' ORDER BY rowid)"

/* An import into a file without events drops the event table's indexes
 * and makes them again at its end: the schema is the same afterwards,
 * the indexes hold every row, and a failed import leaves them as they were. */
START_TEST(a_large_import_makes_the_event_indexes_again)
{
	office_on_file();
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event"), 0);
	char *schema = schema_text(SCHEMA), *order = schema_text(EVENT_INDEXES);
	long long live = test_count(db, "SELECT rowid FROM sqlite_schema WHERE name = 'event_live'");
	char nobody[12], good[1024], text[1200];
	test_pesel(nobody, 1970, 3, 3, 333, 'M');
	snprintf(good, sizeof good,
	         "date,kind,pesel,nip,counselor,ref,detail\n"
	         "2024-03-01T09:30,initial_interview,%1$s,,t.counselor,,\n"
	         "2024-03-02,referral_training,%1$s,,t.counselor,R1,IT\n"
	         "2024-03-10,referral_outcome,%1$s,,t.counselor,R1,started\n"
	         "2024-03-04,vacancy,,%2$s,t.front-office,,3\n"
	         "2024-03-05,individual_advice,%3$s,,t.counselor,,\n",
	         pa, nip, pb);
	/* The last row, by date, names nobody on file: found after the
	 * indexes were dropped and rows written. */
	snprintf(text, sizeof text, "%s2024-06-01,individual_advice,%s,,t.counselor,,\n", good, nobody);
	struct import_result res;
	ck_assert_int_eq(import_text(db, IMPORT_EVENTS, text, NULL, &res), OK_EINVAL);
	assert_error(&res, 7, "pesel", "no client");
	import_result_free(&res);
	char *after = schema_text(SCHEMA), *after_order = schema_text(EVENT_INDEXES);
	ck_assert_str_eq(after, schema);
	ck_assert_str_eq(after_order, order);
	ck_assert_int_eq(test_count(db, "SELECT rowid FROM sqlite_schema WHERE name = 'event_live'"), live);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event"), 0);
	free(after);
	free(after_order);

	/* The same without the bad row: imported, the indexes made again. */
	ck_assert_int_eq(import_text(db, IMPORT_EVENTS, good, NULL, &res), OK_OK);
	ck_assert_int_eq(res.added, 5);
	import_result_free(&res);
	after = schema_text(SCHEMA);
	after_order = schema_text(EVENT_INDEXES);
	ck_assert_str_eq(after, schema);
	ck_assert_str_eq(after_order, order);
	ck_assert_int_gt(test_count(db, "SELECT rowid FROM sqlite_schema WHERE name = 'event_live'"), live);
	char *check = schema_text("PRAGMA integrity_check");
	ck_assert_str_eq(check, "ok");
	free(check);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event INDEXED BY event_client WHERE client_id > 0"), 4);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event INDEXED BY event_live"
	                                " WHERE state = 'active' AND kind > ''"), 5);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM event INDEXED BY event_open_referral"
	                                " WHERE state = 'active' AND ref_state IN ('issued','started')"
	                                " AND occurred_on > ''"), 1);
	/* Everything else as before: the change sequence, the audit. */
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM change WHERE tbl = 'event'"), 5);
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM audit WHERE action = 'import' AND entity = 'event'"), 5);
	free(after);
	free(after_order);
	free(schema);
	free(order);
}
END_TEST

/* client.reg_status of the client with the PESEL, "" for NULL. */
static const char *search_status(const char *pesel)
{
	static char out[32];
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), "SELECT coalesce(reg_status, '') FROM client WHERE pesel = ?1",
	                                    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, pesel, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* The search's status (client.reg_status) after an import of events
 * that ends and begins registrations: set once at the import's end, the
 * same as the triggers keep it at the desk. */
START_TEST(an_import_of_events_sets_the_search_status)
{
	office_on_file();
	ck_assert_int_eq(test_count(db, "SELECT count(*) FROM client WHERE reg_status = 'unemployed'"), 2);
	char text[1024];
	snprintf(text, sizeof text,
	         "date,kind,pesel,nip,counselor,ref,detail\n"
	         "2024-05-01,deregistration,%1$s,,t.counselor,,other\n"
	         "2024-06-01,deregistration,%2$s,,t.counselor,,other\n"
	         "2024-09-01,registration,%2$s,,t.front-office,,job_seeker\n",
	         pa, pb);
	struct import_result res;
	ck_assert_int_eq(import_text(db, IMPORT_EVENTS, text, NULL, &res), OK_OK);
	ck_assert_int_eq(res.added, 3);
	import_result_free(&res);
	ck_assert_str_eq(search_status(pa), "");
	ck_assert_str_eq(search_status(pb), "job_seeker");
	/* The desk's triggers are back at work after the import. */
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), "UPDATE registration SET status = 'unemployed'"
	                                    " WHERE ended_on IS NULL AND client_id = (SELECT id FROM client WHERE pesel = ?1)",
	                                    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, pb, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	ck_assert_str_eq(search_status(pb), "unemployed");
}
END_TEST

START_TEST(only_an_importer_imports)
{
	test_act_as(db, ROLE_COUNSELOR);
	struct import_result res;
	ck_assert_int_eq(import_text(db, IMPORT_EMPLOYERS, "nip,name,registered_on\n", NULL, &res), OK_EDENIED);
	import_result_free(&res);
	FILE *f = fopen("/dev/null", "w");
	ck_assert_int_eq(export_csv(db, IMPORT_CLIENTS, 0, "UTF-8", f), OK_EDENIED);
	fclose(f);
}
END_TEST

/* Compares two client cards field by field, ignoring what identifies the
 * rows in one file (ids, uids). */
static void assert_same_card(const struct ok_card *a, const struct ok_card *b)
{
	ck_assert_str_eq(a->pesel, b->pesel);
	ck_assert_str_eq(a->doc_type, b->doc_type);
	ck_assert_str_eq(a->doc_number, b->doc_number);
	ck_assert_str_eq(a->first_name, b->first_name);
	ck_assert_str_eq(a->last_name, b->last_name);
	ck_assert_str_eq(a->birth_date, b->birth_date);
	ck_assert_str_eq(a->sex, b->sex);
	ck_assert_str_eq(a->citizenship, b->citizenship);
	ck_assert_str_eq(a->address, b->address);
	ck_assert_str_eq(a->phone, b->phone);
	ck_assert_str_eq(a->email, b->email);
	ck_assert_str_eq(a->education, b->education);
	ck_assert_str_eq(a->disability, b->disability);
	ck_assert_int_eq(a->benefit, b->benefit);
	ck_assert_str_eq(a->contact_due, b->contact_due);
	ck_assert_int_eq(a->nregs, b->nregs);
	for (int i = 0; i < a->nregs; i++) {
		const struct ok_card_registration *x = &a->regs[i], *y = &b->regs[i];
		ck_assert_str_eq(x->status, y->status);
		ck_assert_str_eq(x->regime, y->regime);
		ck_assert_str_eq(x->registered_on, y->registered_on);
		ck_assert_str_eq(x->ended_on, y->ended_on);
		ck_assert_str_eq(x->end_reason, y->end_reason);
		ck_assert_str_eq(x->last_contact, y->last_contact);
		ck_assert_str_eq(x->contact_due, y->contact_due);
	}
	ck_assert_int_eq(a->ngroups, b->ngroups);
	for (int i = 0; i < a->ngroups; i++) {
		ck_assert_str_eq(a->groups[i].code, b->groups[i].code);
		ck_assert_str_eq(a->groups[i].valid_from, b->groups[i].valid_from);
		ck_assert_str_eq(a->groups[i].valid_to, b->groups[i].valid_to);
	}
	ck_assert_int_eq(a->nevents, b->nevents);
	for (int i = 0; i < a->nevents; i++) {
		const struct ok_card_event *x = &a->events[i], *y = &b->events[i];
		ck_assert_str_eq(x->kind, y->kind);
		ck_assert_str_eq(x->occurred_on, y->occurred_on);
		ck_assert_str_eq(x->occurred_at, y->occurred_at);
		ck_assert_str_eq(x->staff_login, y->staff_login);
		ck_assert_str_eq(x->staff_name, y->staff_name);
		ck_assert_str_eq(x->detail, y->detail);
		ck_assert_str_eq(x->employer_name, y->employer_name);
		ck_assert_str_eq(x->notes, y->notes);
		ck_assert_str_eq(x->state, y->state);
		ck_assert_int_eq(x->places, y->places);
		ck_assert_str_eq(x->ref_state, y->ref_state);
		ck_assert_int_eq(x->subsidised, y->subsidised);
		ck_assert_int_eq(x->referral_id != 0, y->referral_id != 0);
		ck_assert_int_eq(x->employer_id != 0, y->employer_id != 0);
	}
}

START_TEST(round_trip_gives_identical_cards_and_export)
{
	struct demo_options opt = { .clients = 60, .seed = 7 };
	ck_assert_int_eq(demo_fill(db, &opt), OK_OK);
	db_set_system_actor(db);
	char *files[3];
	for (int k = 0; k < 3; k++)
		files[k] = export_text(db, (enum import_kind)k, 0, "UTF-8");

	/* An empty office with the same staff accounts. */
	struct ok_db *db2 = test_open(dir, "new.db");
	for (const struct demo_login *l = demo_logins; l->login; l++)
		ck_assert_int_eq(staff_add(db2, l->login, staff_role_parse(l->role), l->name, l->password), OK_OK);
	for (int k = 0; k < 3; k++) {
		struct import_result res;
		ck_assert_int_eq(import_text(db2, (enum import_kind)k, files[k], NULL, &res), OK_OK);
		ck_assert_int_eq(res.total_errors, 0);
		ck_assert_int_gt(res.added, 0);
		import_result_free(&res);
	}
	for (int k = 0; k < 3; k++) {
		char *again = export_text(db2, (enum import_kind)k, 0, "UTF-8");
		ck_assert_str_eq(again, files[k]);
		free(again);
		free(files[k]);
	}
	/* The card of every client, found by PESEL or document. */
	sqlite3_stmt *s;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), "SELECT id, coalesce(pesel, ''), coalesce(doc_number, '')"
	                                    " FROM client ORDER BY id", -1, &s, NULL), SQLITE_OK);
	int cards = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		sqlite3_stmt *q;
		ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db2), "SELECT id FROM client WHERE coalesce(pesel, '') = ?1"
		                                    " AND coalesce(doc_number, '') = ?2", -1, &q, NULL), SQLITE_OK);
		sqlite3_bind_text(q, 1, (const char *)sqlite3_column_text(s, 1), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, (const char *)sqlite3_column_text(s, 2), -1, SQLITE_TRANSIENT);
		ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
		int64_t id2 = sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
		struct ok_card a, b;
		ck_assert_int_eq(client_card_load(db, sqlite3_column_int64(s, 0), &a), OK_OK);
		ck_assert_int_eq(client_card_load(db2, id2, &b), OK_OK);
		assert_same_card(&a, &b);
		client_card_free(&a);
		client_card_free(&b);
		cards++;
	}
	sqlite3_finalize(s);
	ck_assert_int_eq(cards, 60);
	/* The same yearly report, indicator by indicator, for each year the
	 * demo covers (two years ending today): every indicator that case
	 * records answer. The office activity log and the programmes
	 * register are not part of the interchange formats. */
	for (int year = 2024; year <= 2026; year++) {
		struct ok_report ra, rb;
		ck_assert_int_eq(report_year(db, year, &ra), OK_OK);
		ck_assert_int_eq(report_year(db2, year, &rb), OK_OK);
		long long nonzero = 0, compared = 0;
		for (int i = 0; i < REPORT_INDICATORS; i++) {
			const char *rows_sql, *value_sql;
			report_sql(i, &rows_sql, &value_sql);
			if (strstr(rows_sql, "activity") || strstr(rows_sql, "programme"))
				continue;
			ck_assert_msg(ra.v[i].value == rb.v[i].value && ra.v[i].rows == rb.v[i].rows,
			              "%d %s: %lld (%lld rows) before, %lld (%lld rows) after", year,
			              report_indicator(i)->code, ra.v[i].value, ra.v[i].rows, rb.v[i].value,
			              rb.v[i].rows);
			nonzero += ra.v[i].value != 0;
			compared++;
		}
		ck_assert_int_ge(compared, 20);
		if (year >= 2025)
			ck_assert_int_gt(nonzero, 10);
	}
	db_close(db2);
}
END_TEST

START_TEST(export_by_year)
{
	office_on_file();
	char text[512];
	snprintf(text, sizeof text,
	         "date,kind,pesel,counselor\n"
	         "2024-03-01,initial_interview,%1$s,t.counselor\n"
	         "2025-03-08,individual_advice,%1$s,t.counselor\n", pa);
	struct import_result res;
	ck_assert_int_eq(import_text(db, IMPORT_EVENTS, text, NULL, &res), OK_OK);
	import_result_free(&res);
	char *y = export_text(db, IMPORT_EVENTS, 2025, "UTF-8");
	ck_assert_ptr_nonnull(strstr(y, "2025-03-08"));
	ck_assert_ptr_null(strstr(y, "2024-03-01"));
	ck_assert_ptr_nonnull(strstr(y, "\r\n"));
	free(y);
	/* An event another office recorded (brought by the sync) is theirs to export. */
	ck_assert_int_eq(sqlite3_exec(db_sqlite(db), "UPDATE event SET office = 'ELSEWHERE'"
	                              " WHERE occurred_on = '2025-03-08'", NULL, NULL, NULL), SQLITE_OK);
	y = export_text(db, IMPORT_EVENTS, 0, "UTF-8");
	ck_assert_ptr_null(strstr(y, "2025-03-08"));
	ck_assert_ptr_nonnull(strstr(y, "2024-03-01"));
	free(y);
}
END_TEST

Suite *suite_import(void)
{
	Suite *s = suite_create("import");
	TCase *t = tcase_create("import");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 120);
	tcase_add_test(t, cp1250_and_iso_8859_2_with_every_polish_letter);
	tcase_add_test(t, utf8_bom_is_accepted);
	tcase_add_test(t, invalid_byte_sequence_names_its_line);
	tcase_add_test(t, invalid_client_rows_are_all_reported);
	tcase_add_test(t, unknown_and_missing_columns);
	tcase_add_test(t, invalid_event_rows_are_all_reported);
	tcase_add_test(t, a_pesel_disagreeing_with_birth_date_or_sex);
	tcase_add_test(t, the_same_file_twice_changes_nothing);
	tcase_add_test(t, rows_are_attributed_to_the_login_and_the_import);
	tcase_add_test(t, a_large_import_makes_the_event_indexes_again);
	tcase_add_test(t, an_import_of_events_sets_the_search_status);
	tcase_add_test(t, only_an_importer_imports);
	tcase_add_test(t, round_trip_gives_identical_cards_and_export);
	tcase_add_test(t, export_by_year);
	suite_add_tcase(s, t);
	return s;
}
