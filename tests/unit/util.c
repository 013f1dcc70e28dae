/* util.c: helpers shared by the unit suites. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db_private.h"
#include "util.h"

char *test_tmpdir(void)
{
	char *dir = strdup("/tmp/okienko-test-XXXXXX");
	ck_assert_ptr_nonnull(dir);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

void test_rmdir(char *dir)
{
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
	free(dir);
}

struct ok_db *test_open(const char *dir, const char *name)
{
	char path[4096], err[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	enum ok_status st;
	struct ok_db *db = db_open(path, "TEST1", &st, err, sizeof err);
	ck_assert_msg(db != NULL, "db_open(%s): %s", path, err);
	return db;
}

void test_act_as(struct ok_db *db, enum ok_role role)
{
	char login[32];
	snprintf(login, sizeof login, "t.%s", staff_role_code(role));
	for (size_t i = 0; login[i]; i++)
		if (login[i] == '_')
			login[i] = '-';
	struct ok_actor who;
	if (staff_login(db, login, "password1", &who) == OK_OK)
		return;
	db_set_system_actor(db);
	ck_assert_int_eq(staff_add(db, login, role, "Test", "password1"), OK_OK);
	ck_assert_int_eq(staff_login(db, login, "password1", &who), OK_OK);
}

void test_lang(const char *lang)
{
	setenv("LANGUAGE", lang, 1);
	const char *dir = getenv("OKIENKO_LOCALEDIR");
	if (dir)
		bindtextdomain(PACKAGE, dir);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	/* LANGUAGE is ignored under the "C" locale: use C.UTF-8 then. */
	const char *cur = setlocale(LC_MESSAGES, "");
	if (!cur || !strcmp(cur, "C") || !strcmp(cur, "POSIX"))
		setlocale(LC_ALL, "C.UTF-8");
	/* Make gettext notice the new LANGUAGE. */
	{
		extern int _nl_msg_cat_cntr;
		++_nl_msg_cat_cntr;
	}
}

void test_pesel(char out[12], int y, int m, int d, int serial, char sex)
{
	static const int w[10] = { 1, 3, 7, 9, 1, 3, 7, 9, 1, 3 };
	int mm = m + (y >= 2000 && y < 2100 ? 20 : y >= 1800 && y < 1900 ? 80 : 0);
	int s = serial % 1000;
	int g = sex == 'F' ? 0 : 1;
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%02d%02d%02d%03d%d", y % 100, mm, d, s, g);
	memcpy(out, tmp, 10);
	int sum = 0;
	for (int i = 0; i < 10; i++)
		sum += (out[i] - '0') * w[i];
	out[10] = (char)('0' + (10 - sum % 10) % 10);
	out[11] = '\0';
}

void test_nip(char out[11], int seed)
{
	static const int w[9] = { 6, 5, 7, 2, 3, 4, 5, 6, 7 };
	for (int k = 0;; k++) {
		snprintf(out, 11, "%03d%06d", 712, (seed * 7919 + k) % 1000000);
		int sum = 0;
		for (int i = 0; i < 9; i++)
			sum += (out[i] - '0') * w[i];
		if (sum % 11 != 10) {
			out[9] = (char)('0' + sum % 11);
			out[10] = '\0';
			return;
		}
	}
}

sqlite3 *test_hold_file(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	sqlite3 *other;
	ck_assert_int_eq(sqlite3_open(path, &other), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	return other;
}

void test_release_file(sqlite3 *other)
{
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
}

long long test_count(struct ok_db *db, const char *sql)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

bool test_plan_uses_index(struct ok_db *db, const char *sql, char *plan, size_t size)
{
	sqlite3_stmt *st;
	ck_assert(strncmp(sql, "EXPLAIN QUERY PLAN ", 19) == 0);
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	bool ok = true;
	plan[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 3);
		size_t l = strlen(plan);
		snprintf(plan + l, size - l, "%s; ", d);
		if ((strncmp(d, "SCAN ", 5) == 0 && !strstr(d, "USING") ) || strstr(d, "TEMP B-TREE"))
			ok = false;
	}
	sqlite3_finalize(st);
	return ok;
}
