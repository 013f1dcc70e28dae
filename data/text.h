/* text.h: UTF-8 text as okienko keeps it inside: validation, decoding,
 * and the folded search form (lower case, Polish and other Latin
 * diacritics removed, so that "lukasz" finds "Łukasz"). */
#ifndef OKIENKO_TEXT_H
#define OKIENKO_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when the n bytes at s are well-formed UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF). */
bool text_utf8_valid(const char *s, size_t n);
/* Decodes one code point at s (n bytes available); returns its length in
 * bytes, or 0 when the sequence is invalid or truncated. */
size_t text_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encodes cp into out (at least 4 bytes); returns the length, 0 if invalid. */
size_t text_utf8_encode(uint32_t cp, char *out);
/* Number of code points in a valid UTF-8 string. */
size_t text_utf8_len(const char *s);
/* Byte offset of the code point before byte offset `at` (0 at the start). */
size_t text_utf8_prev(const char *s, size_t at);
/* Folds UTF-8 text for searching into out (NUL-terminated, truncated to
 * outsz at a character boundary): Latin letters to lower-case ASCII
 * without diacritics (ą->a, ł->l, Ż->z, ß->ss, ...), Greek and Cyrillic
 * to lower case (without Greek accents), letters of other scripts kept as
 * they are, digits kept; runs of spaces, hyphens, dashes and apostrophes
 * become one space, dropped at both ends; punctuation, symbols, combining
 * marks, controls and invalid bytes are dropped. Returns the length. */
size_t text_fold(const char *s, char *out, size_t outsz);
/* Copies s with leading and trailing white space removed and inner runs
 * of spaces made one; returns a malloc'd string (never NULL). */
char *text_squeeze(const char *s);
/* The same in place, in a buffer of size bytes. */
void text_squeeze_in(char *s, size_t size);

#endif
