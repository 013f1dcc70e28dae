/* util.c: helpers shared by the unit suites. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
