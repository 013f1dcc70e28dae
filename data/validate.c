/* validate.c: the domain's rules for what a user may type into a field
 * (PESEL, NIP, dates, names, e-mail, phone, free text, occupation code).
 * Every check returns NULL for an acceptable value, else one translated
 * message that names what is wrong; nothing here draws or keeps state.
 * Checks run in a fixed order so that one value always gets one message. */
#include "validate.h"

#include <stdint.h>
#include <string.h>

#include "intl.h"
#include "text.h"

enum {
	NAME_MAX_CHARS = 100,
	EMAIL_MAX_BYTES = 254,
	EMAIL_LABEL_MAX = 63,
	PHONE_MIN_DIGITS = 9,
	PHONE_MAX_DIGITS = 15,
	FIRST_PAST_YEAR = 1900,
	MAX_AGE = 120
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Number of leading decimal digits in s, and whether s has nothing else. */
static bool all_digits(const char *s, size_t *count)
{
	size_t i = 0;

	while (is_digit(s[i]))
		i++;
	*count = i;
	return s[i] == '\0';
}

/* C0 and C1 controls and DEL. */
static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

/* Marks that reorder the text around them on screen. */
static bool is_bidi_control(uint32_t cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Characters with no visible form: soft hyphen, combining grapheme joiner,
 * Mongolian vowel separator, zero-width space and joiners, word joiner and
 * invisible operators, zero-width no-break space (BOM). */
static bool is_invisible(uint32_t cp)
{
	return cp == 0x00AD || cp == 0x034F || cp == 0x180E ||
	       (cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064) ||
	       cp == 0xFEFF;
}

static bool is_combining(uint32_t cp)
{
	return cp >= 0x0300 && cp <= 0x036F;
}

/* Letters a name may hold: Latin (ASCII, Latin-1, Extended-A and -B,
 * Extended Additional), Greek and Cyrillic. Decided here rather than by
 * iswalpha(), whose answer depends on the locale of the session. */
static bool is_letter(uint32_t cp)
{
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'))
		return true;
	if (cp >= 0x00C0 && cp <= 0x024F)
		return cp != 0x00D7 && cp != 0x00F7;
	if (cp >= 0x1E00 && cp <= 0x1EFF)
		return true;
	if (cp >= 0x0370 && cp <= 0x03FF) {
		/* Not letters: numeral signs, ypogegrammeni, question mark,
		 * tonos, ano teleia, a maths symbol; and unassigned points. */
		switch (cp) {
		case 0x0374: case 0x0375: case 0x0378: case 0x0379: case 0x037A:
		case 0x037E: case 0x0380: case 0x0381: case 0x0382: case 0x0383:
		case 0x0384: case 0x0385: case 0x0387: case 0x038B: case 0x038D:
		case 0x03A2: case 0x03F6:
			return false;
		default:
			return true;
		}
	}
	if (cp >= 0x0400 && cp <= 0x04FF)
		return cp < 0x0482 || cp > 0x0489;	/* thousands sign, combining marks */
	return false;
}

const char *validate_pesel(const char *pesel, struct ok_date *birth, char *sex)
{
	static const int weights[10] = { 1, 3, 7, 9, 1, 3, 7, 9, 1, 3 };
	size_t n;
	int v[11];

	if (pesel == NULL)
		return _("PESEL must have 11 digits");
	if (!all_digits(pesel, &n))
		return _("PESEL must contain only digits");
	if (n != 11)
		return _("PESEL must have 11 digits");
	for (int i = 0; i < 11; i++)
		v[i] = pesel[i] - '0';

	int sum = 0;
	for (int i = 0; i < 10; i++)
		sum += weights[i] * v[i];
	if ((10 - sum % 10) % 10 != v[10])
		return _("PESEL check digit is wrong");

	/* The month carries the century: +80 1800s, +0 1900s, +20 2000s,
	 * +40 2100s, +60 2200s. */
	int month = v[2] * 10 + v[3];
	struct ok_date d = { .y = v[0] * 10 + v[1], .m = month % 20, .d = v[4] * 10 + v[5] };
	switch (month / 20) {
	case 0: d.y += 1900; break;
	case 1: d.y += 2000; break;
	case 2: d.y += 2100; break;
	case 3: d.y += 2200; break;
	default: d.y += 1800; break;
	}
	if (!date_valid(d.y, d.m, d.d))
		return _("PESEL holds an impossible birth date");
	struct ok_date today = date_today();
	if (date_cmp(&d, &today) > 0)
		return _("PESEL holds a birth date in the future");

	if (birth != NULL)
		*birth = d;
	if (sex != NULL)
		*sex = v[9] % 2 == 0 ? 'F' : 'M';
	return NULL;
}

/* Collects digits separated by single spaces or hyphens into buf (room for
 * max digits). Returns NULL and the digit count, or a message. */
static const char *separated_digits(const char *s, bool plus, char *buf, size_t max,
				    size_t *count, const char *bad_char)
{
	size_t n = 0;
	bool after_digit = false, after_sep = false;

	if (plus && *s == '+')
		s++;
	for (; *s != '\0'; s++) {
		if (is_digit(*s)) {
			if (n < max)
				buf[n] = *s;
			n++;
			after_digit = true;
			after_sep = false;
		} else if (*s == ' ' || *s == '-') {
			if (!after_digit)
				return _("Spaces and hyphens may only stand between digits");
			after_digit = false;
			after_sep = true;
		} else
			return bad_char;
	}
	if (after_sep)
		return _("Spaces and hyphens may only stand between digits");
	*count = n;
	return NULL;
}

const char *validate_nip(const char *nip, char norm[11])
{
	static const int weights[9] = { 6, 5, 7, 2, 3, 4, 5, 6, 7 };
	char d[10];
	size_t n = 0;
	const char *err;

	if (nip == NULL)
		return _("NIP must have 10 digits");
	err = separated_digits(nip, false, d, sizeof d, &n,
			       _("NIP may contain only digits, spaces and hyphens"));
	if (err != NULL)
		return err;
	if (n != 10)
		return _("NIP must have 10 digits");

	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += weights[i] * (d[i] - '0');
	if (sum % 11 == 10)
		return _("NIP is invalid: no check digit fits its first nine digits");
	if (sum % 11 != d[9] - '0')
		return _("NIP check digit is wrong");
	if (norm != NULL) {
		memcpy(norm, d, 10);
		norm[10] = '\0';
	}
	return NULL;
}

/* The year of a string shaped like YYYY-MM-DD, or -1. Lets the date checks
 * below say "before 1900" or "in the future" for the years outside
 * 1800-2299, which date_parse refuses. */
static int shaped_year(const char *s)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !is_digit(s[i]))
			return -1;
	return (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
}

const char *validate_past_date(const char *s, struct ok_date *out)
{
	struct ok_date d, today = date_today();
	const char *err = date_parse(s, &d);

	if (err != NULL) {
		int y = shaped_year(s);
		if (y >= 0 && y < 1800)
			return _("Date is before 1900");
		if (y > 2299)
			return _("Date is in the future");
		return err;
	}
	if (d.y < FIRST_PAST_YEAR)
		return _("Date is before 1900");
	if (date_cmp(&d, &today) > 0)
		return _("Date is in the future");
	if (out != NULL)
		*out = d;
	return NULL;
}

const char *validate_birth_date(const char *s, struct ok_date *out)
{
	struct ok_date d, today = date_today();
	const char *err = date_parse(s, &d);

	if (err != NULL) {
		int y = shaped_year(s);
		if (y >= 0 && y < 1800)
			return _("Birth date is more than 120 years ago");
		if (y > 2299)
			return _("Date is in the future");
		return err;
	}
	if (date_cmp(&d, &today) > 0)
		return _("Date is in the future");
	if (date_age(&d, &today) > MAX_AGE)
		return _("Birth date is more than 120 years ago");
	if (out != NULL)
		*out = d;
	return NULL;
}

static bool name_separator(uint32_t cp)
{
	return cp == ' ' || cp == '-' || cp == '\'' || cp == 0x2019;
}

const char *validate_name(const char *s)
{
	size_t n, i = 0, chars = 0;
	bool after_letter = false;
	uint32_t cp;

	if (s == NULL || *s == '\0')
		return _("Name must not be empty");
	n = strlen(s);
	if (!text_utf8_valid(s, n))
		return _("Text is not valid UTF-8");
	while (i < n) {
		i += text_utf8_decode(s + i, n - i, &cp);
		chars++;
		if (is_control(cp))
			return _("Name must not contain control characters or escape sequences");
		if (is_bidi_control(cp))
			return _("Name must not contain text direction controls");
		if (is_invisible(cp))
			return _("Name must not contain invisible characters");
		if (cp >= '0' && cp <= '9')
			return _("Name must not contain digits");
		if (name_separator(cp)) {
			if (!after_letter)
				return _("Spaces, hyphens and apostrophes must stand between letters");
			after_letter = false;
		} else if (is_combining(cp)) {
			if (!after_letter)
				return _("An accent mark must follow a letter");
		} else if (is_letter(cp))
			after_letter = true;
		else
			return _("Name contains a character that is not allowed");
	}
	if (!after_letter)
		return _("Spaces, hyphens and apostrophes must stand between letters");
	if (chars > NAME_MAX_CHARS)
		return _("Name must be at most 100 characters long");
	return NULL;
}

/* Characters allowed in the part before the @ besides letters and digits
 * (the unquoted "atext" of RFC 5322, and the dot between atoms). */
static bool email_local_char(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	       (cp >= '0' && cp <= '9') || cp >= 0x80 ||
	       (cp < 0x80 && strchr("!#$%&'*+/=?^_`{|}~.-", (int)cp) != NULL);
}

/* The part before the @: atoms joined by single dots. */
static bool email_local_ok(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	bool after_dot = true;

	while (i < n) {
		i += text_utf8_decode(s + i, n - i, &cp);
		if (!email_local_char(cp))
			return false;
		if (cp == '.') {
			if (after_dot)
				return false;
			after_dot = true;
		} else
			after_dot = false;
	}
	return !after_dot;
}

/* A domain of two or more labels of letters, digits and inner hyphens.
 * Non-ASCII letters are those a name may hold (Latin, Greek, Cyrillic). */
static bool email_domain_ok(const char *s, size_t n)
{
	size_t i = 0, label = 0, labels = 0;
	uint32_t cp;
	bool last_hyphen = false;

	while (i < n) {
		size_t start = i;
		i += text_utf8_decode(s + i, n - i, &cp);
		if (cp == '.') {
			if (label == 0 || last_hyphen)
				return false;
			labels++;
			label = 0;
			continue;
		}
		if (cp == '-') {
			if (label == 0)
				return false;
		} else if (!is_letter(cp) && !(cp >= '0' && cp <= '9'))
			return false;
		last_hyphen = cp == '-';
		label += i - start;
		if (label > EMAIL_LABEL_MAX)
			return false;
	}
	return label > 0 && !last_hyphen && labels >= 1;
}

const char *validate_email(const char *s)
{
	size_t n, i = 0;
	uint32_t cp;
	const char *at;

	if (s == NULL || *s == '\0')
		return NULL;
	n = strlen(s);
	if (n > EMAIL_MAX_BYTES)
		return _("E-mail address is longer than 254 characters");
	if (!text_utf8_valid(s, n))
		return _("Text is not valid UTF-8");
	while (i < n) {
		i += text_utf8_decode(s + i, n - i, &cp);
		if (cp == ' ' || cp == 0x00A0 || is_control(cp) || is_bidi_control(cp) ||
		    is_invisible(cp))
			return _("E-mail address must not contain spaces or control characters");
	}
	at = strchr(s, '@');
	if (at == NULL || strchr(at + 1, '@') != NULL)
		return _("E-mail address must contain exactly one @");
	if (!email_local_ok(s, (size_t)(at - s)))
		return _("E-mail address needs a valid name before the @");
	if (!email_domain_ok(at + 1, strlen(at + 1)))
		return _("E-mail domain is not valid (for example: name@example.pl)");
	return NULL;
}

const char *validate_phone(const char *s)
{
	char digits[PHONE_MAX_DIGITS];
	size_t n = 0;
	const char *err;

	if (s == NULL || *s == '\0')
		return NULL;
	err = separated_digits(s, true, digits, sizeof digits, &n,
			       _("Phone number may contain only digits, spaces, hyphens and a leading +"));
	if (err != NULL)
		return err;
	if (n < PHONE_MIN_DIGITS || n > PHONE_MAX_DIGITS)
		return _("Phone number must have 9 to 15 digits");
	return NULL;
}

const char *validate_free_text(const char *s, size_t max, int allow_newline)
{
	size_t n, i = 0;
	uint32_t cp;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n > max)
		return _("Text is too long");
	if (!text_utf8_valid(s, n))
		return _("Text is not valid UTF-8");
	while (i < n) {
		i += text_utf8_decode(s + i, n - i, &cp);
		if (cp == '\n' && allow_newline)
			continue;
		if (is_control(cp))
			return _("Text must not contain control characters");
		if (is_bidi_control(cp))
			return _("Text must not contain text direction controls");
	}
	return NULL;
}

const char *validate_occupation(const char *s)
{
	size_t n;

	if (s == NULL || !all_digits(s, &n) || n != 6)
		return _("Occupation code must have 6 digits");
	return NULL;
}
