/* suites.h: every Check suite of the unit test binary. */
#ifndef OKIENKO_SUITES_H
#define OKIENKO_SUITES_H

#include <check.h>

Suite *suite_date(void);
Suite *suite_text(void);
Suite *suite_validate(void);
Suite *suite_db(void);
Suite *suite_staff(void);
Suite *suite_client(void);
Suite *suite_demo(void);
Suite *suite_cli(void);
Suite *suite_register(void);
Suite *suite_event(void);
Suite *suite_employer(void);
Suite *suite_csv(void);
Suite *suite_import(void);
Suite *suite_report(void);
Suite *suite_sync(void);

#endif
