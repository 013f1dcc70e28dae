/* check_text.c: unit tests of data/text.c: strict UTF-8 decoding and
 * encoding at every boundary (overlongs, surrogates, above U+10FFFF,
 * truncation), the folded search form of names, and text_squeeze. */
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "text.h"

struct utf8_case {
	const char *bytes;
	size_t len;		/* 0 when the sequence is invalid */
	uint32_t cp;
};

static const struct utf8_case good[] = {
	{ "\x00", 1, 0x0000 },
	{ "A", 1, 0x0041 },
	{ "\x7f", 1, 0x007F },
	{ "\xc2\x80", 2, 0x0080 },
	{ "\xc5\x82", 2, 0x0142 },	/* ł */
	{ "\xdf\xbf", 2, 0x07FF },
	{ "\xe0\xa0\x80", 3, 0x0800 },
	{ "\xe2\x80\x99", 3, 0x2019 },
	{ "\xed\x9f\xbf", 3, 0xD7FF },	/* just below the surrogates */
	{ "\xee\x80\x80", 3, 0xE000 },	/* just above them */
	{ "\xef\xbf\xbf", 3, 0xFFFF },
	{ "\xf0\x90\x80\x80", 4, 0x10000 },
	{ "\xf0\x9f\x98\x80", 4, 0x1F600 },
	{ "\xf4\x8f\xbf\xbf", 4, 0x10FFFF },
};

static const char *const bad[] = {
	"\x80",			/* lone continuation byte */
	"\xbf",
	"\xc0\xaf",		/* overlong '/' */
	"\xc1\xbf",		/* overlong U+007F */
	"\xe0\x80\xaf",		/* overlong, 3 bytes */
	"\xe0\x9f\xbf",		/* overlong U+07FF */
	"\xf0\x80\x80\xaf",	/* overlong, 4 bytes */
	"\xf0\x8f\xbf\xbf",	/* overlong U+FFFF */
	"\xed\xa0\x80",		/* U+D800 */
	"\xed\xbf\xbf",		/* U+DFFF */
	"\xf4\x90\x80\x80",	/* U+110000 */
	"\xf5\x80\x80\x80",
	"\xf8\x88\x80\x80\x80",
	"\xfe",
	"\xff",
	"\xc3\x28",		/* second byte not a continuation */
	"\xe2\x28\xa1",
	"\xe2\x82\x28",
	"\xf0\x28\x8c\xbc",
	"\xf0\x90\x28\xbc",
	"\xf0\x90\x8c\x28",
	"\xc5",			/* truncated */
	"\xe2\x82",
	"\xf0\x9f\x98",
};

START_TEST(test_decode_good)
{
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		uint32_t cp = 0xDEADBEEF;
		size_t n = good[i].len;
		ck_assert_uint_eq(text_utf8_decode(good[i].bytes, n, &cp), n);
		ck_assert_uint_eq(cp, good[i].cp);
		/* One byte short is truncated. */
		if (n > 1)
			ck_assert_uint_eq(text_utf8_decode(good[i].bytes, n - 1, &cp), 0);
		ck_assert(text_utf8_valid(good[i].bytes, n));
	}
	uint32_t cp;
	ck_assert_uint_eq(text_utf8_decode("", 0, &cp), 0);
	/* Only the first code point is read. */
	ck_assert_uint_eq(text_utf8_decode("\xc5\x81ukasz", 7, &cp), 2);
	ck_assert_uint_eq(cp, 0x0141);
}
END_TEST

START_TEST(test_decode_bad)
{
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uint32_t cp;
		size_t n = strlen(bad[i]);
		ck_assert_msg(text_utf8_decode(bad[i], n, &cp) == 0, "case %zu decoded", i);
		ck_assert_msg(!text_utf8_valid(bad[i], n), "case %zu valid", i);
	}
}
END_TEST

START_TEST(test_valid_strings)
{
	static const char ok[] = "Wężyk-Żółtowska, Ðorđe, Σωκράτης, Фёдор, 李, \xf0\x9f\x98\x80";

	ck_assert(text_utf8_valid("", 0));
	ck_assert(text_utf8_valid(ok, strlen(ok)));
	ck_assert(!text_utf8_valid("abc\xc3\x28", 5));
	ck_assert(!text_utf8_valid("abc\xc3", 4));
	/* The length is respected: a character cut by it is invalid. */
	ck_assert(!text_utf8_valid("\xc5\x82", 1));
	ck_assert(text_utf8_valid("a\xc5\x82", 1));
}
END_TEST

START_TEST(test_encode)
{
	char buf[4];

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		ck_assert_uint_eq(text_utf8_encode(good[i].cp, buf), good[i].len);
		ck_assert(memcmp(buf, good[i].bytes, good[i].len) == 0);
	}
	ck_assert_uint_eq(text_utf8_encode(0xD800, buf), 0);
	ck_assert_uint_eq(text_utf8_encode(0xDBFF, buf), 0);
	ck_assert_uint_eq(text_utf8_encode(0xDC00, buf), 0);
	ck_assert_uint_eq(text_utf8_encode(0xDFFF, buf), 0);
	ck_assert_uint_eq(text_utf8_encode(0x110000, buf), 0);
	ck_assert_uint_eq(text_utf8_encode(0xFFFFFFFF, buf), 0);
}
END_TEST

/* Every scalar value survives encoding and decoding. */
START_TEST(test_round_trip)
{
	char buf[4];
	uint32_t back;

	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		size_t n = text_utf8_encode(cp, buf);
		size_t want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		if (n != want || text_utf8_decode(buf, n, &back) != n || back != cp)
			ck_abort_msg("U+%04X does not round-trip", (unsigned)cp);
	}
}
END_TEST

START_TEST(test_len_prev)
{
	static const char s[] = "a\xc5\x82\xe2\x80\x99\xf0\x9f\x98\x80z";	/* a ł ’ 😀 z */

	ck_assert_uint_eq(text_utf8_len(""), 0);
	ck_assert_uint_eq(text_utf8_len("abc"), 3);
	ck_assert_uint_eq(text_utf8_len("Łukasz"), 6);
	ck_assert_uint_eq(text_utf8_len("Wężyk-Żółtowska"), 15);
	ck_assert_uint_eq(text_utf8_len(s), 5);

	ck_assert_uint_eq(text_utf8_prev(s, 0), 0);
	ck_assert_uint_eq(text_utf8_prev(s, 1), 0);
	ck_assert_uint_eq(text_utf8_prev(s, 3), 1);
	ck_assert_uint_eq(text_utf8_prev(s, 6), 3);
	ck_assert_uint_eq(text_utf8_prev(s, 10), 6);
	ck_assert_uint_eq(text_utf8_prev(s, 11), 10);
	/* Walking back from the end visits every character once. */
	size_t at = strlen(s), steps = 0;
	while (at > 0) {
		at = text_utf8_prev(s, at);
		steps++;
	}
	ck_assert_uint_eq(steps, 5);
	/* In broken text it still steps back at most one character's length. */
	ck_assert_uint_eq(text_utf8_prev("a\x80\x80\x80\x80\x80", 6), 2);
}
END_TEST

static void assert_fold(const char *in, const char *want)
{
	char out[256];
	size_t n = text_fold(in, out, sizeof out);

	ck_assert_msg(strcmp(out, want) == 0, "fold(\"%s\") = \"%s\", expected \"%s\"", in, out, want);
	ck_assert_uint_eq(n, strlen(want));
}

START_TEST(test_fold_polish)
{
	static const char *const letters[18][2] = {
		{ "ą", "a" }, { "ć", "c" }, { "ę", "e" }, { "ł", "l" }, { "ń", "n" },
		{ "ó", "o" }, { "ś", "s" }, { "ź", "z" }, { "ż", "z" },
		{ "Ą", "a" }, { "Ć", "c" }, { "Ę", "e" }, { "Ł", "l" }, { "Ń", "n" },
		{ "Ó", "o" }, { "Ś", "s" }, { "Ź", "z" }, { "Ż", "z" },
	};

	for (int i = 0; i < 18; i++)
		assert_fold(letters[i][0], letters[i][1]);
	assert_fold("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzacelnoszz");
	assert_fold("Łukasz", "lukasz");
	assert_fold("ŻÓŁTOWSKA", "zoltowska");
	assert_fold("Wężyk-Żółtowska", "wezyk zoltowska");
	assert_fold("Grzegorz Brzęczyszczykiewicz", "grzegorz brzeczyszczykiewicz");
	assert_fold("ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "zazolc gesla jazn");
}
END_TEST

START_TEST(test_fold_latin)
{
	assert_fold("é", "e");
	assert_fold("Müller", "muller");
	assert_fold("Schröder", "schroder");
	assert_fold("Straße", "strasse");
	assert_fold("Ærø", "aero");
	assert_fold("Søren", "soren");
	assert_fold("Ðorđe Đoković", "dorde dokovic");
	assert_fold("Şahin", "sahin");
	assert_fold("Dvořák", "dvorak");
	assert_fold("Œuvre", "oeuvre");
	assert_fold("Þórr", "thorr");
	assert_fold("İstanbul ılık", "istanbul ilik");
	assert_fold("Nguyễn Thị Ánh", "nguyen thi anh");
	assert_fold("Ĳssel", "ijssel");
	assert_fold("ǅemal", "dzemal");
	assert_fold("ẞ", "ss");
	assert_fold("ÀÁÂÃÄÅàáâãäå", "aaaaaaaaaaaa");
	assert_fold("Ç ñ ÿ Ÿ", "c n y y");
	/* Decomposed accents fold like composed ones. */
	assert_fold("Jose\xcc\x81", "jose");
	assert_fold("Z\xcc\x87o\xcc\x81\xc5\x82w", "zolw");
	/* × and ÷ are not letters. */
	assert_fold("2×3÷4", "234");
}
END_TEST

/* Properties over whole blocks: every letter of Latin-1, Extended-A and
 * Extended Additional folds to lower-case ASCII letters only. */
START_TEST(test_fold_blocks)
{
	static const struct { uint32_t lo, hi; } blocks[] = {
		{ 0x00C0, 0x00FF }, { 0x0100, 0x017F }, { 0x1E00, 0x1EFF },
	};

	for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
		for (uint32_t cp = blocks[b].lo; cp <= blocks[b].hi; cp++) {
			char in[5], out[16];
			if (cp == 0x00D7 || cp == 0x00F7)
				continue;
			in[text_utf8_encode(cp, in)] = '\0';
			size_t n = text_fold(in, out, sizeof out);
			ck_assert_msg(n >= 1 && n <= 2, "U+%04X folds to %zu bytes", (unsigned)cp, n);
			for (size_t i = 0; i < n; i++)
				ck_assert_msg(out[i] >= 'a' && out[i] <= 'z', "U+%04X folds to \"%s\"",
					      (unsigned)cp, out);
		}
	}
}
END_TEST

/* Letter by letter, against folds written out from the Unicode
 * decompositions and letter names. */
START_TEST(test_fold_blocks_exact)
{
	static const struct { uint32_t lo, hi; const char *want; } blocks[] = {
		{ 0x00C0, 0x00FF,
		  "a a a a a a ae c e e e e i i i i d n o o o o o o u u u u y th ss "
		  "a a a a a a ae c e e e e i i i i d n o o o o o o u u u u y th y" },
		{ 0x0100, 0x017F,
		  "a a a a a a c c c c c c c c d d d d e e e e e e e e e e g g g g g g g g "
		  "h h h h i i i i i i i i i i ij ij j j k k k l l l l l l l l l l n n n n "
		  "n n n n n o o o o o o oe oe r r r r r r s s s s s s s s t t t t t t u u "
		  "u u u u u u u u u u w w y y y z z z z z z s" },
	};
	char in[1024], out[512];

	for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
		size_t n = 0;
		for (uint32_t cp = blocks[b].lo; cp <= blocks[b].hi; cp++) {
			if (cp == 0x00D7 || cp == 0x00F7)
				continue;
			n += text_utf8_encode(cp, in + n);
			in[n++] = ' ';
		}
		in[n] = '\0';
		text_fold(in, out, sizeof out);
		ck_assert_str_eq(out, blocks[b].want);
	}
}
END_TEST

START_TEST(test_fold_separators)
{
	assert_fold("O'Brien", "o brien");
	assert_fold("D\xe2\x80\x99" "Artagnan", "d artagnan");
	assert_fold("  Anna   Maria  ", "anna maria");
	assert_fold("-'Anna- -' Maria'-", "anna maria");
	assert_fold("Anna\tMaria\n", "anna maria");
	assert_fold("Anna\xc2\xa0Maria", "anna maria");
	assert_fold("Jean\xe2\x80\x93Luc", "jean luc");	/* en dash */
	assert_fold("J.K. Rowling", "jk rowling");
	assert_fold("a . b", "a b");
	assert_fold("Kowalski (2)", "kowalski 2");
	assert_fold("ABC xyz 0123456789", "abc xyz 0123456789");
	assert_fold("", "");
	assert_fold("  - ' ", "");
	assert_fold("!?.,;:", "");
}
END_TEST

START_TEST(test_fold_other_scripts)
{
	assert_fold("ΣΩΚΡΆΤΗΣ", "σωκρατησ");
	assert_fold("Σωκράτης", "σωκρατησ");
	assert_fold("ФЁДОР Достоевский", "федор достоевский");
	assert_fold("ЇЖАК Ґанок", "їжак ґанок");
	/* Letters that cannot be folded stay as they are. */
	assert_fold("李 小龍", "李 小龍");
	assert_fold("שלום", "שלום");
	/* Symbols, emoji, invisible and direction controls are dropped. */
	assert_fold("Anna\xf0\x9f\x98\x80", "anna");
	assert_fold("An\xe2\x80\x8bna", "anna");
	assert_fold("\xe2\x80\xae" "Anna", "anna");
	assert_fold("100\xe2\x82\xac", "100");
	assert_fold("\xef\xbb\xbf" "abc", "abc");
}
END_TEST

START_TEST(test_fold_invalid)
{
	char out[16];

	assert_fold("a\xffz", "az");
	assert_fold("a\xc3\x28z", "az");
	assert_fold("\xc0\xaf" "x", "x");
	assert_fold("\xed\xa0\x80x", "x");
	assert_fold("x\xc5", "x");
	ck_assert_uint_eq(text_fold(NULL, out, sizeof out), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_fold_truncate)
{
	char out[8];

	memset(out, 'X', sizeof out);
	ck_assert_uint_eq(text_fold("Łukasz", out, 4), 3);
	ck_assert_str_eq(out, "luk");
	ck_assert_int_eq(out[4], 'X');
	/* Never half a multi-byte character. */
	ck_assert_uint_eq(text_fold("ααα", out, 4), 2);
	ck_assert_str_eq(out, "α");
	/* Never half of "ss", never a trailing space. */
	ck_assert_uint_eq(text_fold("aß", out, 3), 1);
	ck_assert_str_eq(out, "a");
	ck_assert_uint_eq(text_fold("ab cd", out, 4), 2);
	ck_assert_str_eq(out, "ab");
	ck_assert_uint_eq(text_fold("abc", out, 1), 0);
	ck_assert_str_eq(out, "");
	out[0] = 'X';
	ck_assert_uint_eq(text_fold("abc", out, 0), 0);
	ck_assert_int_eq(out[0], 'X');
	ck_assert_uint_eq(text_fold("abcdefg", out, sizeof out), 7);
	ck_assert_str_eq(out, "abcdefg");
	ck_assert_uint_eq(text_fold("abcdefgh", out, sizeof out), 7);
	ck_assert_str_eq(out, "abcdefg");
}
END_TEST

START_TEST(test_fold_matches)
{
	static const char *const same[][2] = {
		{ "Łukasz", "lukasz" }, { "WĘŻYK-ŻÓŁTOWSKA", "wezyk zoltowska" },
		{ "O’Brien", "o'brien" }, { "Anna  Maria", "anna-maria" },
	};
	char a[64], b[64];

	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		text_fold(same[i][0], a, sizeof a);
		text_fold(same[i][1], b, sizeof b);
		ck_assert_str_eq(a, b);
	}
}
END_TEST

static void assert_squeeze(const char *in, const char *want)
{
	char *got = text_squeeze(in);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_squeeze)
{
	assert_squeeze("", "");
	assert_squeeze("   ", "");
	assert_squeeze("Anna", "Anna");
	assert_squeeze("  Anna   Maria  ", "Anna Maria");
	assert_squeeze("\t Wężyk-Żółtowska \n", "Wężyk-Żółtowska");
	assert_squeeze("a  b   c", "a b c");
	assert_squeeze("ul. Lipowa  1\n", "ul. Lipowa 1");
}
END_TEST

Suite *suite_text(void)
{
	Suite *s = suite_create("text");
	TCase *utf8 = tcase_create("utf8");
	TCase *fold = tcase_create("fold");

	tcase_add_test(utf8, test_decode_good);
	tcase_add_test(utf8, test_decode_bad);
	tcase_add_test(utf8, test_valid_strings);
	tcase_add_test(utf8, test_encode);
	tcase_add_test(utf8, test_round_trip);
	tcase_add_test(utf8, test_len_prev);
	tcase_set_timeout(utf8, 60);	/* the round trip under valgrind */
	suite_add_tcase(s, utf8);

	tcase_add_test(fold, test_fold_polish);
	tcase_add_test(fold, test_fold_latin);
	tcase_add_test(fold, test_fold_blocks);
	tcase_add_test(fold, test_fold_blocks_exact);
	tcase_add_test(fold, test_fold_separators);
	tcase_add_test(fold, test_fold_other_scripts);
	tcase_add_test(fold, test_fold_invalid);
	tcase_add_test(fold, test_fold_truncate);
	tcase_add_test(fold, test_fold_matches);
	tcase_add_test(fold, test_squeeze);
	suite_add_tcase(s, fold);
	return s;
}
