/* check_validate.c: unit tests of data/validate.c. PESELs of all five
 * centuries are built here with an independent check-digit helper, so the
 * tests do not trust the code they test; each rejection is checked for
 * the one message that names what is wrong. Today is pinned with
 * $OKIENKO_TODAY. */
#include <stdlib.h>
#include <string.h>

#include "intl.h"
#include "suites.h"
#include "validate.h"

#define TODAY "2025-06-15"

static void pin_today(void)
{
	setenv("OKIENKO_TODAY", TODAY, 1);
}

static void unpin_today(void)
{
	unsetenv("OKIENKO_TODAY");
}

/* Asserts that got is the (translated) message msgid, and not empty. */
#define assert_msg(got, msgid) do { \
	const char *got_ = (got); \
	ck_assert_msg(got_ != NULL, "%s accepted, expected \"%s\"", #got, msgid); \
	ck_assert_int_gt((int)strlen(got_), 0); \
	ck_assert_msg(strcmp(got_, _(msgid)) == 0, "%s: \"%s\", expected \"%s\"", \
		      #got, got_, msgid); \
} while (0)

#define assert_ok(got) do { \
	const char *got_ = (got); \
	ck_assert_msg(got_ == NULL, "%s rejected: \"%s\"", #got, got_ ? got_ : ""); \
} while (0)

/* --- PESEL --------------------------------------------------------------- */

/* Writes n as `width` decimal digits. */
static void put(char *out, int n, int width)
{
	for (int i = width - 1; i >= 0; i--, n /= 10)
		out[i] = (char)('0' + n % 10);
}

/* A PESEL from raw fields (month already carrying the century), with the
 * check digit computed here: weights 1,3,7,9 repeated. */
static void pesel_raw(char out[12], int yy, int mm, int dd, int serial, int sexdigit)
{
	static const char weights[] = "1379137913";
	int sum = 0;

	put(out, yy, 2);
	put(out + 2, mm, 2);
	put(out + 4, dd, 2);
	put(out + 6, serial, 3);
	out[9] = (char)('0' + sexdigit);
	for (int i = 0; i < 10; i++)
		sum += (out[i] - '0') * (weights[i] - '0');
	out[10] = (char)('0' + (10 - sum % 10) % 10);
	out[11] = '\0';
}

static void pesel_for(char out[12], int y, int m, int d, int sexdigit)
{
	int offset = y < 1900 ? 80 : y < 2000 ? 0 : y < 2100 ? 20 : y < 2200 ? 40 : 60;

	pesel_raw(out, y % 100, m + offset, d, 123, sexdigit);
}

START_TEST(test_pesel_known)
{
	struct ok_date b;
	char sex = '?';

	assert_ok(validate_pesel("44051401359", &b, &sex));
	ck_assert_int_eq(b.y, 1944);
	ck_assert_int_eq(b.m, 5);
	ck_assert_int_eq(b.d, 14);
	ck_assert_int_eq(sex, 'M');

	assert_ok(validate_pesel("02070803628", &b, &sex));
	ck_assert_int_eq(b.y, 1902);
	ck_assert_int_eq(b.m, 7);
	ck_assert_int_eq(b.d, 8);
	ck_assert_int_eq(sex, 'F');

	assert_ok(validate_pesel("44051401359", NULL, NULL));

	/* The helper agrees with the published examples. */
	char p[12];
	pesel_raw(p, 44, 5, 14, 13, 5);
	ck_assert_str_eq(p, "44051401359");
	pesel_raw(p, 2, 7, 8, 36, 2);
	ck_assert_str_eq(p, "02070803628");
}
END_TEST

START_TEST(test_pesel_centuries)
{
	static const struct ok_date dates[] = {
		{ 1800, 1, 1 }, { 1850, 3, 12 }, { 1899, 12, 31 }, { 1804, 2, 29 },
		{ 1900, 1, 1 }, { 1944, 5, 14 }, { 1999, 12, 31 }, { 1904, 2, 29 },
		{ 2000, 1, 1 }, { 2000, 2, 29 }, { 2024, 2, 29 }, { 2099, 12, 31 },
		{ 2100, 1, 1 }, { 2104, 2, 29 }, { 2150, 10, 31 }, { 2199, 12, 31 },
		{ 2200, 1, 1 }, { 2204, 2, 29 }, { 2250, 6, 30 }, { 2299, 12, 31 },
	};
	char p[12];

	setenv("OKIENKO_TODAY", "2299-12-31", 1);
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		struct ok_date b = { 0, 0, 0 };
		char sex = '?';
		pesel_for(p, dates[i].y, dates[i].m, dates[i].d, (int)i % 10);
		ck_assert_msg(validate_pesel(p, &b, &sex) == NULL, "%s rejected", p);
		ck_assert_msg(date_cmp(&b, &dates[i]) == 0, "%s read as %d-%d-%d", p, b.y, b.m, b.d);
		ck_assert_int_eq(sex, i % 2 ? 'M' : 'F');
	}
}
END_TEST

START_TEST(test_pesel_sex)
{
	char p[12], sex;

	for (int digit = 0; digit <= 9; digit++) {
		pesel_for(p, 1985, 4, 2, digit);
		assert_ok(validate_pesel(p, NULL, &sex));
		ck_assert_int_eq(sex, digit % 2 == 0 ? 'F' : 'M');
	}
}
END_TEST

START_TEST(test_pesel_leap_days)
{
	char p[12];

	setenv("OKIENKO_TODAY", "2299-12-31", 1);
	/* 29 February exists in 2000 (divisible by 400) and 1996 ... */
	pesel_raw(p, 0, 22, 29, 1, 1);
	assert_ok(validate_pesel(p, NULL, NULL));
	pesel_raw(p, 96, 2, 29, 1, 1);
	assert_ok(validate_pesel(p, NULL, NULL));
	pesel_raw(p, 24, 22, 29, 1, 1);
	assert_ok(validate_pesel(p, NULL, NULL));
	/* ... but not in 1900, 2100, 2200, 1800 (centuries) nor 2023. */
	pesel_raw(p, 0, 2, 29, 1, 1);
	assert_msg(validate_pesel(p, NULL, NULL), "PESEL holds an impossible birth date");
	pesel_raw(p, 0, 42, 29, 1, 1);
	assert_msg(validate_pesel(p, NULL, NULL), "PESEL holds an impossible birth date");
	pesel_raw(p, 0, 62, 29, 1, 1);
	assert_msg(validate_pesel(p, NULL, NULL), "PESEL holds an impossible birth date");
	pesel_raw(p, 0, 82, 29, 1, 1);
	assert_msg(validate_pesel(p, NULL, NULL), "PESEL holds an impossible birth date");
	pesel_raw(p, 23, 22, 29, 1, 1);
	assert_msg(validate_pesel(p, NULL, NULL), "PESEL holds an impossible birth date");
	pesel_raw(p, 24, 22, 30, 1, 1);
	assert_msg(validate_pesel(p, NULL, NULL), "PESEL holds an impossible birth date");
}
END_TEST

START_TEST(test_pesel_impossible_dates)
{
	static const int bad[][3] = {	/* yy, mm with offset, dd */
		{ 80, 0, 10 }, { 80, 13, 10 }, { 80, 19, 10 }, { 5, 20, 10 }, { 5, 33, 10 },
		{ 5, 40, 10 }, { 5, 53, 10 }, { 5, 60, 10 }, { 5, 73, 10 }, { 5, 80, 10 },
		{ 5, 93, 10 }, { 5, 99, 10 }, { 80, 1, 0 }, { 80, 1, 32 }, { 80, 4, 31 },
		{ 5, 26, 31 }, { 5, 49, 31 }, { 5, 71, 31 }, { 5, 89, 31 }, { 5, 31, 99 },
	};
	char p[12];
	struct ok_date b = { 7, 7, 7 };
	char sex = '?';

	setenv("OKIENKO_TODAY", "2299-12-31", 1);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		pesel_raw(p, bad[i][0], bad[i][1], bad[i][2], 456, 7);
		assert_msg(validate_pesel(p, &b, &sex), "PESEL holds an impossible birth date");
	}
	/* Nothing is written on failure. */
	ck_assert_int_eq(b.y, 7);
	ck_assert_int_eq(sex, '?');
}
END_TEST

START_TEST(test_pesel_check_digit)
{
	char p[12];

	/* Every other last digit is wrong. */
	strcpy(p, "44051401359");
	for (char c = '0'; c <= '9'; c++) {
		p[10] = c;
		if (c == '9')
			assert_ok(validate_pesel(p, NULL, NULL));
		else
			assert_msg(validate_pesel(p, NULL, NULL), "PESEL check digit is wrong");
	}
	/* Weights 1,3,7,9 catch every single mistyped digit. */
	for (int pos = 0; pos < 10; pos++) {
		for (char c = '0'; c <= '9'; c++) {
			strcpy(p, "02070803628");
			if (p[pos] == c)
				continue;
			p[pos] = c;
			assert_msg(validate_pesel(p, NULL, NULL), "PESEL check digit is wrong");
		}
	}
	/* A swap of two neighbours. */
	assert_msg(validate_pesel("44054101359", NULL, NULL), "PESEL check digit is wrong");
}
END_TEST

START_TEST(test_pesel_shape)
{
	assert_msg(validate_pesel(NULL, NULL, NULL), "PESEL must have 11 digits");
	assert_msg(validate_pesel("", NULL, NULL), "PESEL must have 11 digits");
	assert_msg(validate_pesel("4405140135", NULL, NULL), "PESEL must have 11 digits");
	assert_msg(validate_pesel("440514013590", NULL, NULL), "PESEL must have 11 digits");
	assert_msg(validate_pesel("4405140135a", NULL, NULL), "PESEL must contain only digits");
	assert_msg(validate_pesel("a4405140135", NULL, NULL), "PESEL must contain only digits");
	assert_msg(validate_pesel(" 44051401359", NULL, NULL), "PESEL must contain only digits");
	assert_msg(validate_pesel("44051401359 ", NULL, NULL), "PESEL must contain only digits");
	assert_msg(validate_pesel("440514-01359", NULL, NULL), "PESEL must contain only digits");
	assert_msg(validate_pesel("4405140135\xd9\xa9", NULL, NULL),
		   "PESEL must contain only digits");	/* an Arabic-Indic nine */
}
END_TEST

START_TEST(test_pesel_future)
{
	char p[12];
	struct ok_date b;

	/* Today is pinned to 2025-06-15 by the fixture. */
	pesel_for(p, 2025, 6, 15, 0);
	assert_ok(validate_pesel(p, &b, NULL));
	ck_assert_int_eq(b.y, 2025);
	pesel_for(p, 2025, 6, 16, 0);
	assert_msg(validate_pesel(p, NULL, NULL), "PESEL holds a birth date in the future");
	pesel_for(p, 2026, 1, 1, 0);
	assert_msg(validate_pesel(p, NULL, NULL), "PESEL holds a birth date in the future");
	pesel_for(p, 2100, 1, 1, 0);
	assert_msg(validate_pesel(p, NULL, NULL), "PESEL holds a birth date in the future");
	pesel_for(p, 2250, 1, 1, 0);
	assert_msg(validate_pesel(p, NULL, NULL), "PESEL holds a birth date in the future");
	pesel_for(p, 1850, 1, 1, 0);
	assert_ok(validate_pesel(p, NULL, NULL));
	/* The same number is fine once its day has come. */
	pesel_for(p, 2100, 1, 1, 0);
	setenv("OKIENKO_TODAY", "2100-01-01", 1);
	assert_ok(validate_pesel(p, NULL, NULL));
}
END_TEST

/* --- NIP ----------------------------------------------------------------- */

/* Sum mod 11 of the first nine digits, computed here. */
static int nip_remainder(const char *nine)
{
	static const int w[9] = { 6, 5, 7, 2, 3, 4, 5, 6, 7 };
	int sum = 0;

	for (int i = 0; i < 9; i++)
		sum += w[i] * (nine[i] - '0');
	return sum % 11;
}

START_TEST(test_nip_valid)
{
	char norm[11];

	assert_ok(validate_nip("5260250274", norm));
	ck_assert_str_eq(norm, "5260250274");
	assert_ok(validate_nip("7251801126", norm));
	ck_assert_str_eq(norm, "7251801126");
	assert_ok(validate_nip("7251801126", NULL));

	/* Numbers built here from many prefixes. */
	char nip[11] = "0000000000";
	int built = 0;
	for (int k = 0; k < 2000; k++) {
		int v = 100000000 + k * 4999;
		put(nip, v, 9);
		int r = nip_remainder(nip);
		if (r == 10)
			continue;
		nip[9] = (char)('0' + r);
		ck_assert_msg(validate_nip(nip, norm) == NULL, "%s rejected", nip);
		ck_assert_str_eq(norm, nip);
		built++;
	}
	ck_assert_int_gt(built, 1500);
}
END_TEST

START_TEST(test_nip_separators)
{
	char norm[11];

	assert_ok(validate_nip("526-025-02-74", norm));
	ck_assert_str_eq(norm, "5260250274");
	memset(norm, 0, sizeof norm);
	assert_ok(validate_nip("526 025 02 74", norm));
	ck_assert_str_eq(norm, "5260250274");
	assert_ok(validate_nip("725-18-01-126", norm));
	ck_assert_str_eq(norm, "7251801126");
	assert_ok(validate_nip("5-2-6-0-2-5-0-2-7-4", norm));
	ck_assert_str_eq(norm, "5260250274");

	static const char *bad[] = {
		"-5260250274", "5260250274-", " 5260250274", "5260250274 ",
		"526--025-02-74", "526 -025-02-74", "526  025 02 74",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_msg(validate_nip(bad[i], NULL), "Spaces and hyphens may only stand between digits");
}
END_TEST

START_TEST(test_nip_invalid)
{
	char norm[11] = "untouched!";

	/* Every wrong check digit. */
	char nip[11] = "5260250274";
	for (char c = '0'; c <= '9'; c++) {
		if (c == '4')
			continue;
		nip[9] = c;
		assert_msg(validate_nip(nip, norm), "NIP check digit is wrong");
	}
	ck_assert_str_eq(norm, "untouched!");

	/* A prefix whose remainder is 10 admits no check digit at all. */
	strcpy(nip, "1230000000");
	int found = 0;
	for (int k = 0; k < 100 && !found; k++) {
		put(nip + 7, k, 2);
		found = nip_remainder(nip) == 10;
	}
	ck_assert(found);
	for (char c = '0'; c <= '9'; c++) {
		nip[9] = c;
		assert_msg(validate_nip(nip, norm),
			   "NIP is invalid: no check digit fits its first nine digits");
	}
	assert_msg(validate_nip("0000000030", NULL),
		   "NIP is invalid: no check digit fits its first nine digits");

	assert_msg(validate_nip(NULL, NULL), "NIP must have 10 digits");
	assert_msg(validate_nip("", NULL), "NIP must have 10 digits");
	assert_msg(validate_nip("526025027", NULL), "NIP must have 10 digits");
	assert_msg(validate_nip("52602502740", NULL), "NIP must have 10 digits");
	assert_msg(validate_nip("526-025-02-7", NULL), "NIP must have 10 digits");
	assert_msg(validate_nip("52602502a4", NULL), "NIP may contain only digits, spaces and hyphens");
	assert_msg(validate_nip("PL5260250274", NULL), "NIP may contain only digits, spaces and hyphens");
	assert_msg(validate_nip("526.025.02.74", NULL), "NIP may contain only digits, spaces and hyphens");
	assert_msg(validate_nip("526/025/02/74", NULL), "NIP may contain only digits, spaces and hyphens");
	ck_assert_str_eq(norm, "untouched!");
}
END_TEST

/* --- Dates --------------------------------------------------------------- */

START_TEST(test_past_date)
{
	struct ok_date d = { 0, 0, 0 };

	assert_ok(validate_past_date(TODAY, &d));
	ck_assert_int_eq(d.y, 2025);
	ck_assert_int_eq(d.m, 6);
	ck_assert_int_eq(d.d, 15);
	assert_ok(validate_past_date("1900-01-01", NULL));
	assert_ok(validate_past_date("2024-02-29", NULL));
	assert_msg(validate_past_date("2025-06-16", NULL), "Date is in the future");
	assert_msg(validate_past_date("2099-01-01", NULL), "Date is in the future");
	assert_msg(validate_past_date("2300-01-01", NULL), "Date is in the future");
	assert_msg(validate_past_date("1899-12-31", NULL), "Date is before 1900");
	assert_msg(validate_past_date("1850-05-05", NULL), "Date is before 1900");
	assert_msg(validate_past_date("1700-01-01", NULL), "Date is before 1900");
	assert_msg(validate_past_date("2023-02-29", NULL), "There is no such day in the calendar");
	assert_msg(validate_past_date("2024-13-01", NULL), "There is no such day in the calendar");
	assert_msg(validate_past_date("2024/01/01", NULL), "Date must be written as YYYY-MM-DD");
	assert_msg(validate_past_date("", NULL), "Date must be written as YYYY-MM-DD");
	assert_msg(validate_past_date(NULL, NULL), "Date must be written as YYYY-MM-DD");

	setenv("OKIENKO_TODAY", "2025-06-16", 1);
	assert_ok(validate_past_date("2025-06-16", NULL));
}
END_TEST

START_TEST(test_birth_date)
{
	struct ok_date d = { 0, 0, 0 };

	assert_ok(validate_birth_date("1990-01-31", &d));
	ck_assert_int_eq(d.y, 1990);
	ck_assert_int_eq(d.m, 1);
	ck_assert_int_eq(d.d, 31);
	assert_ok(validate_birth_date(TODAY, NULL));
	/* 120 years old is the limit. */
	assert_ok(validate_birth_date("1905-06-15", NULL));
	assert_ok(validate_birth_date("1904-06-16", NULL));
	assert_msg(validate_birth_date("1904-06-15", NULL), "Birth date is more than 120 years ago");
	assert_msg(validate_birth_date("1850-01-01", NULL), "Birth date is more than 120 years ago");
	assert_msg(validate_birth_date("1700-01-01", NULL), "Birth date is more than 120 years ago");
	assert_msg(validate_birth_date("2025-06-16", NULL), "Date is in the future");
	assert_msg(validate_birth_date("2400-01-01", NULL), "Date is in the future");
	assert_msg(validate_birth_date("2023-02-29", NULL), "There is no such day in the calendar");
	assert_msg(validate_birth_date("15.06.1990", NULL), "Date must be written as YYYY-MM-DD");
}
END_TEST

/* --- Names --------------------------------------------------------------- */

START_TEST(test_name_valid)
{
	static const char *ok[] = {
		"Wężyk-Żółtowska", "O'Brien", "Anna Maria", "Łukasz", "Ðorđe", "A",
		"ZAŻÓŁĆ", "D\xe2\x80\x99" "Artagnan", "Jean-Pierre O'Neil", "Müller",
		"Σωκράτης", "Фёдор", "Nguyễn", "Jose\xcc\x81", "Ǆemal",
	};

	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		ck_assert_msg(validate_name(ok[i]) == NULL, "\"%s\" rejected: %s", ok[i],
			      validate_name(ok[i]));

	char buf[256];
	memset(buf, 'a', 100);
	buf[100] = '\0';
	assert_ok(validate_name(buf));
	/* The limit counts characters, not bytes. */
	for (int i = 0; i < 100; i++)
		memcpy(buf + 2 * i, "\xc5\x82", 2);
	buf[200] = '\0';
	assert_ok(validate_name(buf));
}
END_TEST

START_TEST(test_name_invalid)
{
	static const struct { const char *name, *msgid; } bad[] = {
		{ "", "Name must not be empty" },
		{ "\xc3\x28", "Text is not valid UTF-8" },
		{ "Anna\xc3\x28", "Text is not valid UTF-8" },
		{ "\xc0\xaf", "Text is not valid UTF-8" },
		{ "Ann\xed\xa0\x80", "Text is not valid UTF-8" },
		{ "Anna\xff", "Text is not valid UTF-8" },
		{ "\x1b[31mRed", "Name must not contain control characters or escape sequences" },
		{ "Anna\tMaria", "Name must not contain control characters or escape sequences" },
		{ "Anna\nMaria", "Name must not contain control characters or escape sequences" },
		{ "Anna\x7f", "Name must not contain control characters or escape sequences" },
		{ "Anna\xc2\x85", "Name must not contain control characters or escape sequences" },
		{ "Anna\xc2\x9b" "31m", "Name must not contain control characters or escape sequences" },
		{ "\xe2\x80\xae" "Anna", "Name must not contain text direction controls" },
		{ "Anna\xe2\x80\x8f", "Name must not contain text direction controls" },
		{ "Anna\xe2\x81\xa6", "Name must not contain text direction controls" },
		{ "Anna\xd8\x9c", "Name must not contain text direction controls" },
		{ "An\xe2\x80\x8bna", "Name must not contain invisible characters" },
		{ "An\xe2\x80\x8dna", "Name must not contain invisible characters" },
		{ "\xef\xbb\xbf" "Anna", "Name must not contain invisible characters" },
		{ "An\xc2\xad" "na", "Name must not contain invisible characters" },
		{ "Anna1", "Name must not contain digits" },
		{ "4nna", "Name must not contain digits" },
		{ " Anna", "Spaces, hyphens and apostrophes must stand between letters" },
		{ "Anna ", "Spaces, hyphens and apostrophes must stand between letters" },
		{ "Anna  Maria", "Spaces, hyphens and apostrophes must stand between letters" },
		{ "Anna - Maria", "Spaces, hyphens and apostrophes must stand between letters" },
		{ "O''Brien", "Spaces, hyphens and apostrophes must stand between letters" },
		{ "-Anna", "Spaces, hyphens and apostrophes must stand between letters" },
		{ "Anna-", "Spaces, hyphens and apostrophes must stand between letters" },
		{ "'", "Spaces, hyphens and apostrophes must stand between letters" },
		{ " ", "Spaces, hyphens and apostrophes must stand between letters" },
		{ "\xcc\x81" "Anna", "An accent mark must follow a letter" },
		{ "Anna \xcc\x81", "An accent mark must follow a letter" },
		{ "Anna.", "Name contains a character that is not allowed" },
		{ "Anna_Maria", "Name contains a character that is not allowed" },
		{ "Anna\xc2\xa0Maria", "Name contains a character that is not allowed" },
		{ "Anna\xc3\x97", "Name contains a character that is not allowed" },
		{ "Anna\xf0\x9f\x98\x80", "Name contains a character that is not allowed" },
		{ "\xe6\x9d\x8e", "Name contains a character that is not allowed" },
		{ "Anna\xd9\xa1", "Name contains a character that is not allowed" },
		{ "<script>", "Name contains a character that is not allowed" },
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *got = validate_name(bad[i].name);
		ck_assert_msg(got != NULL && *got != '\0', "case %zu accepted", i);
		ck_assert_msg(strcmp(got, _(bad[i].msgid)) == 0, "case %zu: \"%s\"", i, got);
	}
	assert_msg(validate_name(NULL), "Name must not be empty");

	char buf[256];
	memset(buf, 'a', 101);
	buf[101] = '\0';
	assert_msg(validate_name(buf), "Name must be at most 100 characters long");
	for (int i = 0; i < 101; i++)
		memcpy(buf + 2 * i, "\xc5\x82", 2);
	buf[202] = '\0';
	assert_msg(validate_name(buf), "Name must be at most 100 characters long");
}
END_TEST

/* --- E-mail, phone, free text, occupation -------------------------------- */

START_TEST(test_email)
{
	static const char *ok[] = {
		"", "a@b.pl", "jan.kowalski@urzad.lublin.pl", "a+tag@x-y.com",
		"o'brien@example.ie", "USER_1@EXAMPLE.COM", "ala@żółw.pl", "x@a.b.c.d.e",
		"anna@xn--w-uga1v8h.pl",
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		ck_assert_msg(validate_email(ok[i]) == NULL, "\"%s\" rejected", ok[i]);
	assert_ok(validate_email(NULL));

	assert_msg(validate_email("a b@c.pl"), "E-mail address must not contain spaces or control characters");
	assert_msg(validate_email("ab@c.pl "), "E-mail address must not contain spaces or control characters");
	assert_msg(validate_email("a\n@c.pl"), "E-mail address must not contain spaces or control characters");
	assert_msg(validate_email("a@c.pl\xe2\x80\xae"), "E-mail address must not contain spaces or control characters");
	assert_msg(validate_email("a\xc3\x28@c.pl"), "Text is not valid UTF-8");
	assert_msg(validate_email("ab.pl"), "E-mail address must contain exactly one @");
	assert_msg(validate_email("a@@b.pl"), "E-mail address must contain exactly one @");
	assert_msg(validate_email("a@b@c.pl"), "E-mail address must contain exactly one @");
	assert_msg(validate_email("@b.pl"), "E-mail address needs a valid name before the @");
	assert_msg(validate_email(".a@b.pl"), "E-mail address needs a valid name before the @");
	assert_msg(validate_email("a.@b.pl"), "E-mail address needs a valid name before the @");
	assert_msg(validate_email("a..b@b.pl"), "E-mail address needs a valid name before the @");
	assert_msg(validate_email("a,b@b.pl"), "E-mail address needs a valid name before the @");
	assert_msg(validate_email("<a>@b.pl"), "E-mail address needs a valid name before the @");
	static const char *bad_domain[] = {
		"a@", "a@b", "a@.pl", "a@b.", "a@b..pl", "a@-b.pl", "a@b-.pl", "a@b_c.pl",
		"a@b.p!l", "a@[1.2.3.4]", "a@b.pl\xe2\x82\xac",
	};
	for (size_t i = 0; i < sizeof bad_domain / sizeof bad_domain[0]; i++)
		assert_msg(validate_email(bad_domain[i]), "E-mail domain is not valid (for example: name@example.pl)");

	/* 254 bytes is the limit. */
	char buf[300];
	memset(buf, 'a', sizeof buf);
	memcpy(buf + 64, "@", 1);
	memcpy(buf + 250, ".pl", 4);	/* 253 bytes */
	for (int i = 100; i < 250; i += 50)
		buf[i] = '.';
	assert_ok(validate_email(buf));
	memcpy(buf + 250, ".plx", 5);	/* 254 */
	assert_ok(validate_email(buf));
	memcpy(buf + 250, ".plxy", 6);	/* 255 */
	assert_msg(validate_email(buf), "E-mail address is longer than 254 characters");
	/* A label is at most 63 bytes. */
	memset(buf, 'a', sizeof buf);
	memcpy(buf + 1, "@", 1);
	memcpy(buf + 66, ".pl", 4);	/* a label of 64 */
	assert_msg(validate_email(buf), "E-mail domain is not valid (for example: name@example.pl)");
}
END_TEST

START_TEST(test_phone)
{
	static const char *ok[] = {
		"", "600100200", "+48600100200", "+48 600 100 200", "+48-600-100-200",
		"600-100-200", "81 532 12 34", "123456789012345", "+123456789012345",
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		ck_assert_msg(validate_phone(ok[i]) == NULL, "\"%s\" rejected", ok[i]);
	assert_ok(validate_phone(NULL));

	assert_msg(validate_phone("60010020"), "Phone number must have 9 to 15 digits");
	assert_msg(validate_phone("1234567890123456"), "Phone number must have 9 to 15 digits");
	assert_msg(validate_phone("+"), "Phone number must have 9 to 15 digits");
	assert_msg(validate_phone("600  100 200"), "Spaces and hyphens may only stand between digits");
	assert_msg(validate_phone("600 100 200 "), "Spaces and hyphens may only stand between digits");
	assert_msg(validate_phone(" 600100200"), "Spaces and hyphens may only stand between digits");
	assert_msg(validate_phone("+ 48600100200"), "Spaces and hyphens may only stand between digits");
	assert_msg(validate_phone("600 -100200"), "Spaces and hyphens may only stand between digits");
	static const char *bad[] = {
		"(81) 5321234", "600a00200", "48+600100200", "++48600100200", "600.100.200",
		"600/100/200", "600100200\n", "tel. 600100200",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_msg(validate_phone(bad[i]), "Phone number may contain only digits, spaces, hyphens and a leading +");
}
END_TEST

START_TEST(test_free_text)
{
	assert_ok(validate_free_text(NULL, 10, 0));
	assert_ok(validate_free_text("", 0, 0));
	assert_ok(validate_free_text("ul. Lipowa 1/2, 20-001 Lublin", 200, 0));
	assert_ok(validate_free_text("Wężyk \xe2\x80\x94 \xf0\x9f\x98\x80", 200, 0));
	assert_ok(validate_free_text("line one\nline two", 200, 1));
	assert_msg(validate_free_text("line one\nline two", 200, 0), "Text must not contain control characters");
	assert_msg(validate_free_text("tab\there", 200, 1), "Text must not contain control characters");
	assert_msg(validate_free_text("crlf\r\n", 200, 1), "Text must not contain control characters");
	assert_msg(validate_free_text("\x1b[2J", 200, 1), "Text must not contain control characters");
	assert_msg(validate_free_text("del\x7f", 200, 1), "Text must not contain control characters");
	assert_msg(validate_free_text("c1\xc2\x9b", 200, 1), "Text must not contain control characters");
	assert_msg(validate_free_text("a\xe2\x80\xae" "b", 200, 1), "Text must not contain text direction controls");
	assert_msg(validate_free_text("a\xe2\x81\xa9", 200, 1), "Text must not contain text direction controls");
	assert_msg(validate_free_text("a\xc3\x28", 200, 1), "Text is not valid UTF-8");
	assert_msg(validate_free_text("a\xf4\x90\x80\x80", 200, 1), "Text is not valid UTF-8");
	/* The limit is in bytes. */
	assert_ok(validate_free_text("abcd", 4, 0));
	assert_msg(validate_free_text("abcde", 4, 0), "Text is too long");
	assert_ok(validate_free_text("\xc5\xbc", 2, 0));
	assert_msg(validate_free_text("\xc5\xbc", 1, 0), "Text is too long");
}
END_TEST

START_TEST(test_occupation)
{
	assert_ok(validate_occupation("241103"));
	assert_ok(validate_occupation("000000"));
	static const char *bad[] = { "", "24110", "2411034", "24110a", " 241103", "241-103", "24 11 03" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_msg(validate_occupation(bad[i]), "Occupation code must have 6 digits");
	assert_msg(validate_occupation(NULL), "Occupation code must have 6 digits");
}
END_TEST

Suite *suite_validate(void)
{
	Suite *s = suite_create("validate");
	TCase *ids = tcase_create("pesel_nip");
	TCase *dates = tcase_create("dates");
	TCase *fields = tcase_create("fields");

	tcase_add_checked_fixture(ids, pin_today, unpin_today);
	tcase_add_test(ids, test_pesel_known);
	tcase_add_test(ids, test_pesel_centuries);
	tcase_add_test(ids, test_pesel_sex);
	tcase_add_test(ids, test_pesel_leap_days);
	tcase_add_test(ids, test_pesel_impossible_dates);
	tcase_add_test(ids, test_pesel_check_digit);
	tcase_add_test(ids, test_pesel_shape);
	tcase_add_test(ids, test_pesel_future);
	tcase_add_test(ids, test_nip_valid);
	tcase_add_test(ids, test_nip_separators);
	tcase_add_test(ids, test_nip_invalid);
	suite_add_tcase(s, ids);

	tcase_add_checked_fixture(dates, pin_today, unpin_today);
	tcase_add_test(dates, test_past_date);
	tcase_add_test(dates, test_birth_date);
	suite_add_tcase(s, dates);

	tcase_add_test(fields, test_name_valid);
	tcase_add_test(fields, test_name_invalid);
	tcase_add_test(fields, test_email);
	tcase_add_test(fields, test_phone);
	tcase_add_test(fields, test_free_text);
	tcase_add_test(fields, test_occupation);
	suite_add_tcase(s, fields);
	return s;
}
