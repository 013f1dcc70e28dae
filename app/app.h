/* app.h: the entry point's parts that do not draw: locale and catalogue
 * set-up, the command line and its commands. They live in the library so
 * that the tests run them without a terminal. */
#ifndef OKIENKO_APP_H
#define OKIENKO_APP_H

#include <stdio.h>

#include "data.h"

/* Exit statuses of every command (see the man page). */
enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,  /* the work was refused or failed */
	EXIT_USAGE = 2    /* bad usage */
};

/* setlocale, and the catalogue from $OKIENKO_LOCALEDIR or the installed
 * one; messages come out of gettext as UTF-8 whatever the locale. */
void app_intl_init(void);

/* Prints a formatted UTF-8 message to f, converted to the locale's
 * charset when that is not UTF-8. */
void app_print(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parses the command line and runs the command; `ui` runs the screens
 * when no command is given. Returns the process exit status. */
int app_main(int argc, char **argv, int (*ui)(struct ok_db *db));

#endif
