/* check_csv.c: the CSV reader and writer (RFC 4180): quoting, line
 * breaks inside fields, CRLF, a BOM, and malformed records reported with
 * their line while reading goes on. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "suites.h"
#include "util.h"

START_TEST(quoting_and_line_breaks)
{
	const char in[] = "\xef\xbb\xbfpesel,name,notes\r\n"
	                  "44051401359,\"Wężyk-Żółtowska, Anna\",\"two\r\nlines \"\"quoted\"\"\"\r\n"
	                  "\r\n"
	                  ",,\n"
	                  "last,row,without newline";
	struct csv_reader r;
	struct csv_record rec;
	csv_init(&r, in, sizeof in - 1);
	ck_assert(csv_next(&r, &rec));
	ck_assert_int_eq(rec.line, 1);
	ck_assert_int_eq(rec.n, 3);
	ck_assert_str_eq(rec.field[0], "pesel");
	ck_assert(csv_next(&r, &rec));
	ck_assert_ptr_null(rec.error);
	ck_assert_int_eq(rec.line, 2);
	ck_assert_str_eq(rec.field[1], "Wężyk-Żółtowska, Anna");
	ck_assert_str_eq(rec.field[2], "two\r\nlines \"quoted\"");
	ck_assert(csv_next(&r, &rec));
	ck_assert_int_eq(rec.line, 5);
	ck_assert_int_eq(rec.n, 3);
	ck_assert_str_eq(rec.field[0], "");
	ck_assert(csv_next(&r, &rec));
	ck_assert_int_eq(rec.line, 6);
	ck_assert_str_eq(rec.field[2], "without newline");
	ck_assert(!csv_next(&r, &rec));
	csv_free(&r);
}
END_TEST

START_TEST(malformed_records_name_their_line)
{
	const char in[] = "a,b\n"
	                  "x\"y,z\n"
	                  "\"open\"junk,1\n"
	                  "fine,2\n"
	                  "\"never closed,3\n";
	struct csv_reader r;
	struct csv_record rec;
	csv_init(&r, in, sizeof in - 1);
	ck_assert(csv_next(&r, &rec));
	ck_assert(csv_next(&r, &rec));
	ck_assert_int_eq(rec.line, 2);
	ck_assert_ptr_nonnull(rec.error);
	ck_assert(csv_next(&r, &rec));
	ck_assert_int_eq(rec.line, 3);
	ck_assert_ptr_nonnull(rec.error);
	ck_assert(csv_next(&r, &rec));
	ck_assert_int_eq(rec.line, 4);
	ck_assert_ptr_null(rec.error);
	ck_assert_str_eq(rec.field[0], "fine");
	ck_assert(csv_next(&r, &rec));
	ck_assert_int_eq(rec.line, 5);
	ck_assert_ptr_nonnull(rec.error);
	ck_assert(!csv_next(&r, &rec));
	csv_free(&r);
}
END_TEST

START_TEST(writer_round_trip)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	ck_assert_ptr_nonnull(f);
	const char *fields[] = { "plain", "with, comma", "say \"hi\"", "two\nlines", " padded", "" };
	for (size_t i = 0; i < 6; i++)
		csv_put(f, fields[i], i ? ',' : 0);
	fputc('\n', f);
	fclose(f);
	ck_assert_str_eq(buf, "plain,\"with, comma\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",\n");
	struct csv_reader r;
	struct csv_record rec;
	csv_init(&r, buf, n);
	ck_assert(csv_next(&r, &rec));
	ck_assert_int_eq(rec.n, 6);
	for (int i = 0; i < 6; i++)
		ck_assert_str_eq(rec.field[i], fields[i]);
	csv_free(&r);
	free(buf);
}
END_TEST

Suite *suite_csv(void)
{
	Suite *s = suite_create("csv");
	TCase *t = tcase_create("csv");
	tcase_add_test(t, quoting_and_line_breaks);
	tcase_add_test(t, malformed_records_name_their_line);
	tcase_add_test(t, writer_round_trip);
	suite_add_tcase(s, t);
	return s;
}
