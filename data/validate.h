/* validate.h: the domain's rules for what a user may type. Each function
 * returns NULL when the value is acceptable, else a translated message
 * that says what is wrong (a static string from gettext). */
#ifndef OKIENKO_VALIDATE_H
#define OKIENKO_VALIDATE_H

#include <stddef.h>

#include "date.h"

/* PESEL: 11 digits, check digit, a real birth date (all five century
 * offsets of the month). On success fills *birth and *sex ('F' or 'M')
 * when they are not NULL. */
const char *validate_pesel(const char *pesel, struct ok_date *birth, char *sex);
/* NIP: 10 digits (hyphens and spaces allowed between them), weights
 * 6,5,7,2,3,4,5,6,7, remainder 10 invalid. On success writes the 10
 * digits to norm (11 bytes) when it is not NULL. */
const char *validate_nip(const char *nip, char norm[11]);
/* A date that happened: valid YYYY-MM-DD, not after today, not before 1900. */
const char *validate_past_date(const char *s, struct ok_date *out);
/* A birth date: valid, not in the future, age at most 120. */
const char *validate_birth_date(const char *s, struct ok_date *out);
/* A first or last name: 1..100 characters of Unicode letters, with single
 * spaces, hyphens and apostrophes between letters; rejects invalid UTF-8,
 * control characters, escape sequences, bidirectional controls, digits. */
const char *validate_name(const char *s);
/* E-mail shape: local@domain.tld, no spaces, at most 254 bytes. Empty is
 * accepted (the field is optional). */
const char *validate_email(const char *s);
/* Phone: optional leading +, 9..15 digits, spaces and hyphens between
 * digits allowed. Empty is accepted. */
const char *validate_phone(const char *s);
/* Free text such as an address or notes: valid UTF-8, no control
 * characters except newline in notes (allow_newline), at most max bytes. */
const char *validate_free_text(const char *s, size_t max, int allow_newline);
/* 6-digit occupation code (KZiS). */
const char *validate_occupation(const char *s);

#endif
