/* main.c: runs every unit suite of okienko. Each test gets its own
 * temporary database where it needs one; the messages are checked in
 * Polish and English through $OKIENKO_LOCALEDIR. */
#include <locale.h>
#include <stdlib.h>

#include "suites.h"

int main(void)
{
	setlocale(LC_ALL, "");
	/* Cheap password hashes: the suite also runs under valgrind. */
	setenv("OKIENKO_HASH_COST", "1", 0);
	SRunner *sr = srunner_create(suite_date());
	srunner_add_suite(sr, suite_text());
	srunner_add_suite(sr, suite_validate());
	srunner_add_suite(sr, suite_db());
	srunner_add_suite(sr, suite_staff());
	srunner_add_suite(sr, suite_client());
	srunner_add_suite(sr, suite_demo());
	srunner_add_suite(sr, suite_cli());
	srunner_add_suite(sr, suite_register());
	srunner_add_suite(sr, suite_event());
	srunner_add_suite(sr, suite_employer());
	srunner_add_suite(sr, suite_csv());
	srunner_add_suite(sr, suite_import());
	srunner_add_suite(sr, suite_report());
	srunner_add_suite(sr, suite_sync());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
