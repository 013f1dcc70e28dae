/* intl.h: gettext macros shared by every part of okienko.
 * Strings shown to people are written in English and wrapped in _();
 * N_() marks a string for extraction where it is translated later. */
#ifndef OKIENKO_INTL_H
#define OKIENKO_INTL_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
