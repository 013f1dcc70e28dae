/* conv.c: iconv at the edges. Inside okienko all text is UTF-8; this
 * module turns it into a terminal's or a spreadsheet's charset and back. */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conv.h"

static char *run(iconv_t cd, const char *s, size_t n, size_t *outlen, size_t *bad_at, int lenient)
{
	size_t cap = n * 4 + 16, used = 0;
	char *out = malloc(cap);
	if (!out)
		abort();
	char *in = (char *)s;
	size_t left = n;
	while (left > 0) {
		char *o = out + used;
		size_t room = cap - used - 1;
		size_t r = iconv(cd, &in, &left, &o, &room);
		used = (size_t)(o - out);
		if (r != (size_t)-1)
			continue;
		if (errno == E2BIG) {
			cap *= 2;
			out = realloc(out, cap);
			if (!out)
				abort();
		} else if (lenient) {
			/* A character the target cannot hold: '?' and go on. */
			size_t skip = 1;
			while (skip < left && ((unsigned char)in[skip] & 0xC0) == 0x80)
				skip++;
			in += skip;
			left -= skip;
			if (used + 2 >= cap) {
				cap *= 2;
				out = realloc(out, cap);
				if (!out)
					abort();
			}
			out[used++] = '?';
		} else {
			if (bad_at)
				*bad_at = (size_t)(in - s);
			free(out);
			return NULL;
		}
	}
	/* Flush any shift state. */
	char *o = out + used;
	size_t room = cap - used - 1;
	iconv(cd, NULL, NULL, &o, &room);
	used = (size_t)(o - out);
	out[used] = '\0';
	if (outlen)
		*outlen = used;
	return out;
}

char *conv_from_utf8(const char *s, size_t n, const char *to, size_t *outlen)
{
	char target[64];
	size_t tl = strlen(to);
	if (tl + 11 > sizeof target)
		tl = sizeof target - 11;
	memcpy(target, to, tl);
	memcpy(target + tl, "//TRANSLIT", 11);
	iconv_t cd = iconv_open(target, "UTF-8");
	if (cd == (iconv_t)-1) {
		char *copy = malloc(n + 1);
		if (!copy)
			abort();
		memcpy(copy, s, n);
		copy[n] = '\0';
		if (outlen)
			*outlen = n;
		return copy;
	}
	char *out = run(cd, s, n, outlen, NULL, 1);
	iconv_close(cd);
	return out;
}

char *conv_to_utf8(const char *s, size_t n, const char *from, size_t *outlen, size_t *bad_at)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1) {
		if (bad_at)
			*bad_at = 0;
		return NULL;
	}
	char *out = run(cd, s, n, outlen, bad_at, 0);
	iconv_close(cd);
	return out;
}

int conv_locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}
