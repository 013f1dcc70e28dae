/* check_cli.c: the command line as scripts and the nightly job use it:
 * exit statuses, user add reading the password from standard input. */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "suites.h"
#include "util.h"

static char *dir;
static char dbpath[4200];

static void setup(void)
{
	test_lang("en");
	dir = test_tmpdir();
	snprintf(dbpath, sizeof dbpath, "%s/office.db", dir);
}

static void teardown(void)
{
	test_rmdir(dir);
}

/* Runs app_main on a NULL-terminated argument list, with standard input
 * from `input` and standard output and error thrown away. */
static int run(const char *input, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	va_start(ap, input);
	argv[argc++] = (char *)"okienko";
	const char *a;
	while ((a = va_arg(ap, const char *)) && argc < 31)
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	char in[4300];
	snprintf(in, sizeof in, "%s/stdin", dir);
	FILE *f = fopen(in, "w");
	fputs(input ? input : "", f);
	fclose(f);
	fflush(stdout);
	fflush(stderr);
	int saved_in = dup(0), saved_out = dup(1), saved_err = dup(2);
	ck_assert_ptr_nonnull(freopen(in, "r", stdin));
	ck_assert_ptr_nonnull(freopen("/dev/null", "w", stdout));
	ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
	int rc = app_main(argc, argv, NULL);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_in, 0);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_in);
	close(saved_out);
	close(saved_err);
	clearerr(stdin);
	unlink(in);
	return rc;
}

START_TEST(usage_errors_exit_2)
{
	ck_assert_int_eq(run(NULL, "--bogus", NULL), EXIT_USAGE);
	ck_assert_int_eq(run(NULL, "frobnicate", NULL), EXIT_USAGE);
	ck_assert_int_eq(run(NULL, "--db", NULL), EXIT_USAGE);
	ck_assert_int_eq(run(NULL, "user", "add", "anna", "--db", dbpath, NULL), EXIT_USAGE);
	ck_assert_int_eq(run(NULL, "user", "add", "anna", "--role", "boss", "--db", dbpath, NULL), EXIT_USAGE);
	ck_assert_int_eq(run(NULL, "user", "add", "Anna Maria", "--role", "counselor", "--db", dbpath, NULL), EXIT_USAGE);
	ck_assert_int_eq(run(NULL, "user", "remove", "anna", NULL), EXIT_USAGE);
	ck_assert_int_eq(run(NULL, "demo", "--clients", "zero", "--db", dbpath, NULL), EXIT_USAGE);
	ck_assert_int_eq(run(NULL, "demo", "--clients", "-5", "--db", dbpath, NULL), EXIT_USAGE);
	ck_assert_int_eq(run(NULL, "demo", "--seed", NULL), EXIT_USAGE);
	ck_assert_int_eq(run(NULL, "demo", "--role", "admin", NULL), EXIT_USAGE);
	/* No database file was created by any of them. */
	ck_assert_int_ne(access(dbpath, F_OK), 0);
}
END_TEST

START_TEST(help_and_version_exit_0)
{
	ck_assert_int_eq(run(NULL, "--help", NULL), EXIT_OK);
	ck_assert_int_eq(run(NULL, "--version", NULL), EXIT_OK);
	ck_assert_int_eq(run(NULL, "-V", NULL), EXIT_OK);
}
END_TEST

START_TEST(user_add_reads_stdin)
{
	ck_assert_int_eq(run("sekretne-hasło\n", "user", "add", "anna", "--role", "counselor",
	                     "--name", "Anna Wężyk", "--db", dbpath, NULL), EXIT_OK);
	/* The same login again is refused: status 1. */
	ck_assert_int_eq(run("sekretne-hasło\n", "--db", dbpath, "user", "add", "anna", "--role",
	                     "supervisor", NULL), EXIT_FAILED);
	/* A short password is refused. */
	ck_assert_int_eq(run("krótkie\n", "user", "add", "ola", "--role", "counselor", "--db", dbpath, NULL),
	                 EXIT_FAILED);
	ck_assert_int_eq(run("", "user", "add", "ola", "--role", "counselor", "--db", dbpath, NULL),
	                 EXIT_FAILED);
	char err[512];
	enum ok_status st;
	struct ok_db *db = db_open(dbpath, NULL, &st, err, sizeof err);
	ck_assert_ptr_nonnull(db);
	struct ok_actor who;
	ck_assert_int_eq(staff_login(db, "anna", "sekretne-hasło", &who), OK_OK);
	ck_assert_str_eq(who.name, "Anna Wężyk");
	ck_assert_int_eq(who.role, ROLE_COUNSELOR);
	ck_assert_int_eq(staff_count(db), 1);
	db_close(db);
}
END_TEST

START_TEST(refused_file_exit_1)
{
	FILE *f = fopen(dbpath, "w");
	fputs("this is not a database, just some text in a file\n", f);
	fclose(f);
	ck_assert_int_eq(run("password1\n", "user", "add", "anna", "--role", "counselor", "--db", dbpath, NULL),
	                 EXIT_FAILED);
}
END_TEST

Suite *suite_cli(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("commands");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, usage_errors_exit_2);
	tcase_add_test(tc, help_and_version_exit_0);
	tcase_add_test(tc, user_add_reads_stdin);
	tcase_add_test(tc, refused_file_exit_1);
	suite_add_tcase(s, tc);
	return s;
}
