/* check_date.c: unit tests of data/date.c: the calendar (leap years,
 * month lengths, the 1800-2299 range), the YYYY-MM-DD format, day counts
 * checked against a plain day-by-day walk, ages, and today's override. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "intl.h"
#include "suites.h"

static void unset_today(void)
{
	unsetenv("OKIENKO_TODAY");
}

/* Asserts that got is the (translated) message msgid, and not empty. */
static void assert_msg(const char *got, const char *msgid)
{
	ck_assert_ptr_nonnull(got);
	ck_assert_int_gt((int)strlen(got), 0);
	ck_assert_str_eq(got, _(msgid));
}

static struct ok_date ymd(int y, int m, int d)
{
	return (struct ok_date){ .y = y, .m = m, .d = d };
}

static struct ok_date local_today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	return ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

START_TEST(test_days_in_month)
{
	static const int common[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	for (int m = 1; m <= 12; m++)
		ck_assert_int_eq(date_days_in_month(2023, m), common[m - 1]);
	ck_assert_int_eq(date_days_in_month(2024, 2), 29);
	ck_assert_int_eq(date_days_in_month(2000, 2), 29);
	ck_assert_int_eq(date_days_in_month(1900, 2), 28);
	ck_assert_int_eq(date_days_in_month(2100, 2), 28);
	ck_assert_int_eq(date_days_in_month(2200, 2), 28);
	ck_assert_int_eq(date_days_in_month(1804, 2), 29);
	ck_assert_int_eq(date_days_in_month(2024, 0), 0);
	ck_assert_int_eq(date_days_in_month(2024, 13), 0);
	ck_assert_int_eq(date_days_in_month(2024, -1), 0);
}
END_TEST

START_TEST(test_valid)
{
	ck_assert(date_valid(1800, 1, 1));
	ck_assert(date_valid(2299, 12, 31));
	ck_assert(!date_valid(1799, 12, 31));
	ck_assert(!date_valid(2300, 1, 1));
	ck_assert(date_valid(2000, 2, 29));
	ck_assert(date_valid(2024, 2, 29));
	ck_assert(!date_valid(1900, 2, 29));
	ck_assert(!date_valid(2100, 2, 29));
	ck_assert(!date_valid(2023, 2, 29));
	ck_assert(!date_valid(2024, 2, 30));
	ck_assert(!date_valid(2024, 4, 31));
	ck_assert(date_valid(2024, 5, 31));
	ck_assert(!date_valid(2024, 1, 0));
	ck_assert(!date_valid(2024, 1, 32));
	ck_assert(!date_valid(2024, 0, 1));
	ck_assert(!date_valid(2024, 13, 1));
}
END_TEST

START_TEST(test_parse_ok)
{
	struct ok_date d = ymd(0, 0, 0);

	ck_assert_ptr_null(date_parse("2024-02-29", &d));
	ck_assert_int_eq(d.y, 2024);
	ck_assert_int_eq(d.m, 2);
	ck_assert_int_eq(d.d, 29);
	ck_assert_ptr_null(date_parse("1800-01-01", &d));
	ck_assert_ptr_null(date_parse("2299-12-31", &d));
	ck_assert_int_eq(d.y, 2299);
	ck_assert_ptr_null(date_parse("2000-02-29", NULL));
}
END_TEST

START_TEST(test_parse_format)
{
	static const char *bad[] = {
		"", "2024-2-29", "2024-02-9", "24-02-29", "2024/02/29", "2024.02.29",
		"20240229", " 2024-02-29", "2024-02-29 ", "2024-02-29x", "2024-0a-29",
		"2O24-02-29", "2024--02-29", "+024-02-29", "2024-02-2\xc5\xbc", "29-02-2024",
	};
	struct ok_date d = ymd(7, 7, 7);

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_msg(date_parse(bad[i], &d), "Date must be written as YYYY-MM-DD");
	assert_msg(date_parse(NULL, &d), "Date must be written as YYYY-MM-DD");
	/* Nothing is written on failure. */
	ck_assert_int_eq(d.y, 7);
	ck_assert_int_eq(d.m, 7);
	ck_assert_int_eq(d.d, 7);
}
END_TEST

START_TEST(test_parse_no_such_day)
{
	static const char *bad[] = {
		"2023-02-29", "1900-02-29", "2100-02-29", "2200-02-29", "1800-02-29",
		"2024-02-30", "2024-04-31", "2024-06-31", "2024-09-31", "2024-11-31",
		"2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32", "2024-99-99",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_msg(date_parse(bad[i], NULL), "There is no such day in the calendar");
}
END_TEST

START_TEST(test_parse_year_range)
{
	assert_msg(date_parse("1799-12-31", NULL), "Year must be between 1800 and 2299");
	assert_msg(date_parse("2300-01-01", NULL), "Year must be between 1800 and 2299");
	assert_msg(date_parse("0000-01-01", NULL), "Year must be between 1800 and 2299");
	assert_msg(date_parse("9999-12-31", NULL), "Year must be between 1800 and 2299");
}
END_TEST

START_TEST(test_format)
{
	char buf[11];
	struct ok_date d = ymd(2024, 2, 9);

	date_format(&d, buf);
	ck_assert_str_eq(buf, "2024-02-09");
	d = ymd(1800, 1, 1);
	date_format(&d, buf);
	ck_assert_str_eq(buf, "1800-01-01");
	d = ymd(2299, 12, 31);
	date_format(&d, buf);
	ck_assert_str_eq(buf, "2299-12-31");
	/* Out-of-range fields never overflow the buffer. */
	d = ymd(123456, -4, 100);
	date_format(&d, buf);
	ck_assert_str_eq(buf, "9999-00-99");

	/* Parse and format are inverses. */
	struct ok_date back;
	d = ymd(1987, 11, 30);
	date_format(&d, buf);
	ck_assert_ptr_null(date_parse(buf, &back));
	ck_assert_int_eq(date_cmp(&d, &back), 0);
}
END_TEST

START_TEST(test_days_known)
{
	struct ok_date d = ymd(1970, 1, 1);

	ck_assert_int_eq(date_to_days(&d), 0);
	d = ymd(1969, 12, 31);
	ck_assert_int_eq(date_to_days(&d), -1);
	d = ymd(2000, 3, 1);
	ck_assert_int_eq(date_to_days(&d), 11017);
	d = ymd(1900, 1, 1);
	ck_assert_int_eq(date_to_days(&d), -25567);
	d = ymd(2024, 2, 29);
	ck_assert_int_eq(date_to_days(&d), 19782);
	d = ymd(1800, 1, 1);
	ck_assert_int_eq(date_to_days(&d), -62091);

	d = date_from_days(0);
	ck_assert_int_eq(d.y, 1970);
	ck_assert_int_eq(d.m, 1);
	ck_assert_int_eq(d.d, 1);
	d = date_from_days(-1);
	ck_assert_int_eq(d.y, 1969);
	ck_assert_int_eq(d.m, 12);
	ck_assert_int_eq(d.d, 31);
	d = date_from_days(19782);
	ck_assert_int_eq(d.y, 2024);
	ck_assert_int_eq(d.m, 2);
	ck_assert_int_eq(d.d, 29);
}
END_TEST

/* Walks every day of 1800-2299 one by one with an independent successor
 * rule and checks both conversions on each. */
START_TEST(test_days_walk)
{
	static const int mlen[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	struct ok_date d = ymd(1800, 1, 1);
	long n = date_to_days(&d);

	while (d.y < 2300) {
		ck_assert(date_valid(d.y, d.m, d.d));
		ck_assert_int_eq(date_to_days(&d), n);
		struct ok_date back = date_from_days(n);
		ck_assert_int_eq(date_cmp(&back, &d), 0);

		int leap = (d.y % 4 == 0 && d.y % 100 != 0) || d.y % 400 == 0;
		int len = mlen[d.m - 1] + (d.m == 2 && leap);
		if (++d.d > len) {
			d.d = 1;
			if (++d.m > 12) {
				d.m = 1;
				d.y++;
			}
		}
		n++;
	}
	ck_assert_int_eq(n - date_to_days(&(struct ok_date){ 1800, 1, 1 }), 182621);
}
END_TEST

START_TEST(test_cmp)
{
	struct ok_date a = ymd(2024, 5, 6), b = ymd(2024, 5, 6);

	ck_assert_int_eq(date_cmp(&a, &b), 0);
	b.d = 7;
	ck_assert_int_lt(date_cmp(&a, &b), 0);
	ck_assert_int_gt(date_cmp(&b, &a), 0);
	b = ymd(2024, 4, 30);
	ck_assert_int_gt(date_cmp(&a, &b), 0);
	b = ymd(2023, 12, 31);
	ck_assert_int_gt(date_cmp(&a, &b), 0);
	b = ymd(2025, 1, 1);
	ck_assert_int_lt(date_cmp(&a, &b), 0);
}
END_TEST

START_TEST(test_age)
{
	struct ok_date birth = ymd(1990, 6, 15), on;

	on = ymd(2025, 6, 14);
	ck_assert_int_eq(date_age(&birth, &on), 34);
	on = ymd(2025, 6, 15);
	ck_assert_int_eq(date_age(&birth, &on), 35);
	on = ymd(2025, 5, 20);
	ck_assert_int_eq(date_age(&birth, &on), 34);
	on = ymd(2025, 7, 1);
	ck_assert_int_eq(date_age(&birth, &on), 35);
	on = birth;
	ck_assert_int_eq(date_age(&birth, &on), 0);
	on = ymd(1990, 6, 14);
	ck_assert_int_lt(date_age(&birth, &on), 0);

	/* Born on a leap day: a year older on 1 March of common years. */
	birth = ymd(2000, 2, 29);
	on = ymd(2001, 2, 28);
	ck_assert_int_eq(date_age(&birth, &on), 0);
	on = ymd(2001, 3, 1);
	ck_assert_int_eq(date_age(&birth, &on), 1);
	on = ymd(2004, 2, 28);
	ck_assert_int_eq(date_age(&birth, &on), 3);
	on = ymd(2004, 2, 29);
	ck_assert_int_eq(date_age(&birth, &on), 4);
}
END_TEST

START_TEST(test_today_override)
{
	struct ok_date t;

	setenv("OKIENKO_TODAY", "2031-07-04", 1);
	t = date_today();
	ck_assert_int_eq(t.y, 2031);
	ck_assert_int_eq(t.m, 7);
	ck_assert_int_eq(t.d, 4);
	setenv("OKIENKO_TODAY", "2024-02-29", 1);
	t = date_today();
	ck_assert_int_eq(date_cmp(&t, &(struct ok_date){ 2024, 2, 29 }), 0);
}
END_TEST

/* Without the variable, or with a malformed one, today is the local date
 * (taken before and after, in case the test runs across midnight). */
START_TEST(test_today_local)
{
	static const char *bad[] = { NULL, "", "tomorrow", "2023-02-29", "2024-1-1" };

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (bad[i] == NULL)
			unsetenv("OKIENKO_TODAY");
		else
			setenv("OKIENKO_TODAY", bad[i], 1);
		struct ok_date before = local_today();
		struct ok_date t = date_today();
		struct ok_date after = local_today();
		ck_assert(date_cmp(&t, &before) == 0 || date_cmp(&t, &after) == 0);
	}
}
END_TEST

Suite *suite_date(void)
{
	Suite *s = suite_create("date");
	TCase *tc = tcase_create("calendar");

	tcase_add_checked_fixture(tc, NULL, unset_today);
	tcase_add_test(tc, test_days_in_month);
	tcase_add_test(tc, test_valid);
	tcase_add_test(tc, test_parse_ok);
	tcase_add_test(tc, test_parse_format);
	tcase_add_test(tc, test_parse_no_such_day);
	tcase_add_test(tc, test_parse_year_range);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_days_known);
	tcase_add_test(tc, test_days_walk);
	tcase_add_test(tc, test_cmp);
	tcase_add_test(tc, test_age);
	tcase_add_test(tc, test_today_override);
	tcase_add_test(tc, test_today_local);
	suite_add_tcase(s, tc);
	return s;
}
