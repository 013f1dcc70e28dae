/* util.h: helpers shared by the unit suites: temporary databases,
 * actors of each role, the message language. */
#ifndef OKIENKO_TEST_UTIL_H
#define OKIENKO_TEST_UTIL_H

#include "data.h"

/* A new temporary directory (malloc'd path); removed with its files by
 * test_rmdir(). */
char *test_tmpdir(void);
void test_rmdir(char *dir);
/* Opens (creating) dir/name as an office database; fails the test on error. */
struct ok_db *test_open(const char *dir, const char *name);
/* Makes db act as a staff member of the given role (a staff row is
 * created on first use, with password "password1"). */
void test_act_as(struct ok_db *db, enum ok_role role);
/* Switches messages to the language ("pl" or "en"). */
void test_lang(const char *lang);

#endif
