/* conv.h: character-set conversion at the edges (terminals and files
 * that are not UTF-8). The only module that calls iconv. */
#ifndef OKIENKO_CONV_H
#define OKIENKO_CONV_H

#include <stddef.h>

/* Converts n bytes of UTF-8 to the charset `to` (e.g. "CP1250"); characters
 * the target lacks are transliterated or replaced by '?'. Returns a malloc'd
 * NUL-terminated string (never NULL), its length in *outlen if not NULL. */
char *conv_from_utf8(const char *s, size_t n, const char *to, size_t *outlen);
/* Converts n bytes in charset `from` to UTF-8. Returns a malloc'd string, or
 * NULL when the input holds a byte sequence invalid in `from` (its offset
 * goes to *bad_at when not NULL) or the charset is unknown. */
char *conv_to_utf8(const char *s, size_t n, const char *from, size_t *outlen, size_t *bad_at);
/* The charset of the current locale is UTF-8. */
int conv_locale_is_utf8(void);

#endif
