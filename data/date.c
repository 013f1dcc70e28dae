/* date.c: calendar dates as the office records them. Parses and writes
 * the one format okienko shows and stores (YYYY-MM-DD), checks that a date
 * exists in the Gregorian calendar, counts days and years between dates,
 * and knows today (which tests pin with $OKIENKO_TODAY). Years outside
 * 1800-2299 are refused: they are the range a PESEL can encode. */
#include "date.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "intl.h"

enum { YEAR_MIN = 1800, YEAR_MAX = 2299 };

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && leap_year(y))
		return 29;
	return days[m - 1];
}

bool date_valid(int y, int m, int d)
{
	if (y < YEAR_MIN || y > YEAR_MAX)
		return false;
	return d >= 1 && d <= date_days_in_month(y, m);
}

/* Reads n decimal digits at s; -1 when one of them is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

const char *date_parse(const char *s, struct ok_date *out)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return _("Date must be written as YYYY-MM-DD");
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return _("Date must be written as YYYY-MM-DD");
	if (y < YEAR_MIN || y > YEAR_MAX)
		return _("Year must be between 1800 and 2299");
	if (!date_valid(y, m, d))
		return _("There is no such day in the calendar");
	if (out != NULL)
		*out = (struct ok_date){ .y = y, .m = m, .d = d };
	return NULL;
}

/* Writes v as exactly `width` digits, clamped so the output always fits. */
static void put_digits(char *out, int v, int width)
{
	int max = width == 4 ? 9999 : 99;

	if (v < 0)
		v = 0;
	if (v > max)
		v = max;
	for (int i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void date_format(const struct ok_date *d, char out[11])
{
	put_digits(out, d->y, 4);
	out[4] = '-';
	put_digits(out + 5, d->m, 2);
	out[7] = '-';
	put_digits(out + 8, d->d, 2);
	out[10] = '\0';
}

struct ok_date date_today(void)
{
	struct ok_date today;
	const char *env = getenv("OKIENKO_TODAY");

	/* A malformed override is ignored rather than trusted. */
	if (env != NULL && *env != '\0' && date_parse(env, &today) == NULL)
		return today;

	time_t now = time(NULL);
	struct tm tm;
	if (localtime_r(&now, &tm) == NULL)
		return (struct ok_date){ .y = 1970, .m = 1, .d = 1 };
	return (struct ok_date){ .y = tm.tm_year + 1900, .m = tm.tm_mon + 1, .d = tm.tm_mday };
}

/* The two conversions below count in 400-year eras of 146097 days, with
 * years starting on 1 March so that the leap day falls at the end. */
long date_to_days(const struct ok_date *d)
{
	long y = d->y - (d->m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (d->m + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d->d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct ok_date date_from_days(long days)
{
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	long y = yoe + era * 400 + (m <= 2);

	return (struct ok_date){ .y = (int)y, .m = (int)m, .d = (int)d };
}

int date_cmp(const struct ok_date *a, const struct ok_date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return 0;
}

/* A year of age is complete on the day whose month and day equal the
 * birth's; someone born on 29 February therefore gains a year on 1 March
 * in common years. Negative when `on` is before `birth`. */
int date_age(const struct ok_date *birth, const struct ok_date *on)
{
	int age = on->y - birth->y;

	if (on->m < birth->m || (on->m == birth->m && on->d < birth->d))
		age--;
	return age;
}
