/* date.h: calendar dates as the office records them (YYYY-MM-DD). */
#ifndef OKIENKO_DATE_H
#define OKIENKO_DATE_H

#include <stdbool.h>

struct ok_date {
	int y, m, d;
};

/* True when y-m-d is a real date of the Gregorian calendar (years 1800-2299). */
bool date_valid(int y, int m, int d);
/* Days in month m of year y (0 for a month out of range). */
int date_days_in_month(int y, int m);
/* Parses exactly "YYYY-MM-DD"; NULL on success, else a translated message. */
const char *date_parse(const char *s, struct ok_date *out);
/* Writes "YYYY-MM-DD" (11 bytes with the NUL). */
void date_format(const struct ok_date *d, char out[11]);
/* Today in local time; $OKIENKO_TODAY (YYYY-MM-DD) overrides it for tests. */
struct ok_date date_today(void);
/* Days since 1970-01-01 (negative before), and back. */
long date_to_days(const struct ok_date *d);
struct ok_date date_from_days(long days);
/* <0, 0, >0 as a is before, equal to, after b. */
int date_cmp(const struct ok_date *a, const struct ok_date *b);
/* Whole years of age on date `on` for someone born on `birth`. */
int date_age(const struct ok_date *birth, const struct ok_date *on);

#endif
