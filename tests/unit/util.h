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
/* Another session holding the write lock of dir/name (BEGIN IMMEDIATE
 * on a connection of its own) until test_release_file(). */
struct sqlite3;
struct sqlite3 *test_hold_file(const char *dir, const char *name);
void test_release_file(struct sqlite3 *other);
/* Switches messages to the language ("pl" or "en"). */
void test_lang(const char *lang);

/* A valid PESEL for the birth date, a serial (0-999) and sex ('F'/'M'). */
void test_pesel(char out[12], int y, int m, int d, int serial, char sex);
/* A valid NIP, different for each seed. */
void test_nip(char out[11], int seed);
/* The single integer a query (a literal, no parameters) returns. */
long long test_count(struct ok_db *db, const char *sql);
/* True when the plan of sql ("EXPLAIN QUERY PLAN SELECT ...", a literal)
 * reads no table without an index and needs no temporary B-tree; the
 * plan goes to plan for messages. */
bool test_plan_uses_index(struct ok_db *db, const char *sql, char *plan, size_t size);

#endif
