/* intl.c: the locale, the message catalogue and printing for people.
 * Inside okienko text is UTF-8; app_print converts at the edge. */
#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <langinfo.h>

#include "app.h"
#include "conv.h"

void app_intl_init(void)
{
	setlocale(LC_ALL, "");
	const char *dir = getenv("OKIENKO_LOCALEDIR");
	bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
}

void app_print(FILE *f, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t len = (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
	if (conv_locale_is_utf8()) {
		fwrite(buf, 1, len, f);
		return;
	}
	size_t outlen;
	char *out = conv_from_utf8(buf, len, nl_langinfo(CODESET), &outlen);
	fwrite(out, 1, outlen, f);
	free(out);
}
