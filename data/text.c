/* text.c: UTF-8 as okienko keeps it inside. Strict decoding and encoding
 * (no overlongs, surrogates or code points above U+10FFFF), and the folded
 * form that search compares: "Wężyk-Żółtowska" becomes "wezyk zoltowska".
 * Folding runs over every name when demo data is generated, so it is one
 * pass of table lookups per code point and never allocates. */
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Folding of Latin letters to ASCII. One character per code point, 16 per
 * row: a letter is the folded form; '*' means several letters (see
 * latin_multi()); '.' a letter with no ASCII form (kept as it is); '_' not
 * a letter (dropped). Built from the Unicode decompositions and letter
 * names ("LATIN SMALL LETTER D WITH STROKE" -> d). */
static const char latin_c0[] = /* U+00C0..U+024F */
	"aaaaaa*ceeeeiiii"	/* U+00C0 */
	"dnooooo_ouuuuy**"	/* U+00D0 */
	"aaaaaa*ceeeeiiii"	/* U+00E0 */
	"dnooooo_ouuuuy*y"	/* U+00F0 */
	"aaaaaaccccccccdd"	/* U+0100 */
	"ddeeeeeeeeeegggg"	/* U+0110 */
	"gggghhhhiiiiiiii"	/* U+0120 */
	"ii**jjkkklllllll"	/* U+0130 */
	"lllnnnnnnnnnoooo"	/* U+0140 */
	"oo**rrrrrrssssss"	/* U+0150 */
	"ssttttttuuuuuuuu"	/* U+0160 */
	"uuuuwwyyyzzzzzzs"	/* U+0170 */
	"bbbb..occdddddee"	/* U+0180 */
	"effgg*iikkllmnno"	/* U+0190 */
	"oo**pp*..ssttttu"	/* U+01A0 */
	"uuvyyzzzzzz....w"	/* U+01B0 */
	"....*********aai"	/* U+01C0 */
	"ioouuuuuuuuuueaa"	/* U+01D0 */
	"aa**ggggkkoooozz"	/* U+01E0 */
	"j***gg*wnnaa**oo"	/* U+01F0 */
	"aaaaeeeeiiiioooo"	/* U+0200 */
	"rrrruuuusstt**hh"	/* U+0210 */
	"nd**zzaaeeoooooo"	/* U+0220 */
	"ooyylntj**acclts"	/* U+0230 */
	"z..buveejjqqrryy";	/* U+0240 */

static const char latin_1e00[] = /* U+1E00..U+1EFF, Latin Extended Additional */
	"aabbbbbbccdddddd"	/* U+1E00 */
	"ddddeeeeeeeeeeff"	/* U+1E10 */
	"gghhhhhhhhhhiiii"	/* U+1E20 */
	"kkkkkkllllllllmm"	/* U+1E30 */
	"mmmmnnnnnnnnoooo"	/* U+1E40 */
	"oooopppprrrrrrrr"	/* U+1E50 */
	"sssssssssstttttt"	/* U+1E60 */
	"ttuuuuuuuuuuvvvv"	/* U+1E70 */
	"wwwwwwwwwwxxxxyy"	/* U+1E80 */
	"zzzzzzhtwyasss*d"	/* U+1E90 */
	"aaaaaaaaaaaaaaaa"	/* U+1EA0 */
	"aaaaaaaaeeeeeeee"	/* U+1EB0 */
	"eeeeeeeeiiiioooo"	/* U+1EC0 */
	"oooooooooooooooo"	/* U+1ED0 */
	"oooouuuuuuuuuuuu"	/* U+1EE0 */
	"uuyyyyyyyy**vvyy";	/* U+1EF0 */

/* The letters marked '*' above. */
static const char *latin_multi(uint32_t cp)
{
	switch (cp) {
	case 0x00C6: case 0x00E6: case 0x01E2: case 0x01E3: case 0x01FC: case 0x01FD:
		return "ae";
	case 0x00DE: case 0x00FE:
		return "th";
	case 0x00DF: case 0x1E9E:
		return "ss";
	case 0x0132: case 0x0133:
		return "ij";
	case 0x0152: case 0x0153:
		return "oe";
	case 0x0195: case 0x01F6:
		return "hv";
	case 0x01A2: case 0x01A3:
		return "oi";
	case 0x01A6:
		return "yr";
	case 0x01C4: case 0x01C5: case 0x01C6: case 0x01F1: case 0x01F2: case 0x01F3:
		return "dz";
	case 0x01C7: case 0x01C8: case 0x01C9:
		return "lj";
	case 0x01CA: case 0x01CB: case 0x01CC:
		return "nj";
	case 0x021C: case 0x021D:
		return "gh";
	case 0x0222: case 0x0223:
		return "ou";
	case 0x0238:
		return "db";
	case 0x0239:
		return "qp";
	case 0x1EFA: case 0x1EFB:
		return "ll";
	default:
		return "";
	}
}

/* Greek: lower case, tonos and dialytika removed, final sigma as sigma. */
static uint32_t greek_fold(uint32_t cp)
{
	switch (cp) {
	case 0x0386: case 0x03AC:
		return 0x03B1;
	case 0x0388: case 0x03AD:
		return 0x03B5;
	case 0x0389: case 0x03AE:
		return 0x03B7;
	case 0x038A: case 0x0390: case 0x03AA: case 0x03AF: case 0x03CA:
		return 0x03B9;
	case 0x038C: case 0x03CC:
		return 0x03BF;
	case 0x038E: case 0x03AB: case 0x03B0: case 0x03CB: case 0x03CD:
		return 0x03C5;
	case 0x038F: case 0x03CE:
		return 0x03C9;
	case 0x03C2:
		return 0x03C3;
	default:
		return cp >= 0x0391 && cp <= 0x03A9 ? cp + 0x20 : cp;
	}
}

/* Cyrillic: lower case, and ё as е (as Russian text commonly writes it). */
static uint32_t cyrillic_fold(uint32_t cp)
{
	if (cp == 0x0401 || cp == 0x0451)
		return 0x0435;
	if (cp <= 0x040F)
		return cp + 0x50;
	if (cp <= 0x042F)
		return cp + 0x20;
	if ((cp >= 0x0460 && cp <= 0x0481) || (cp >= 0x048A && cp <= 0x04BF) ||
	    cp >= 0x04D0)
		return cp | 1;	/* capital even, small odd */
	if (cp == 0x04C0)
		return 0x04CF;
	if (cp >= 0x04C1 && cp <= 0x04CE && (cp & 1))
		return cp + 1;	/* capital odd, small even */
	return cp;
}

enum fold_kind {
	FOLD_DROP,	/* nothing in the folded form */
	FOLD_SEP,	/* a word separator */
	FOLD_KEEP,	/* the original bytes, unchanged */
	FOLD_TEXT,	/* the ASCII string in *text */
	FOLD_CP		/* the code point in *out, encoded */
};

/* Where the characters no table covers go. Word separators: ASCII white
 * space, the no-break and other Unicode spaces, hyphens and dashes,
 * apostrophes (' U+2018 U+2019 U+02BC).
 * Dropped: C1 controls, Latin-1 symbols, spacing modifiers, combining
 * marks (so decomposed "e\u0301" folds like "é"), punctuation, symbols,
 * invisible and bidirectional controls, variation selectors, private use
 * and emoji. Letters of other scripts (Hebrew, Arabic, CJK, ...) are kept
 * as their original bytes: they cannot be folded to ASCII without large
 * tables, and kept unchanged they still match themselves in a search. */
static enum fold_kind fold_other(uint32_t cp)
{
	if (cp == 0x00A0 || cp == 0x02BC || cp == 0x3000 || cp == 0x202F ||
	    (cp >= 0x2000 && cp <= 0x200A) || (cp >= 0x2010 && cp <= 0x2015) ||
	    cp == 0x2018 || cp == 0x2019)
		return FOLD_SEP;
	if (cp < 0x00C0 || (cp >= 0x02B0 && cp <= 0x036F) ||
	    (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
	    (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x2E00 && cp <= 0x2E7F) ||
	    (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xE000 && cp <= 0xF8FF) ||
	    (cp >= 0xFE00 && cp <= 0xFE2F) || cp == 0xFEFF ||
	    (cp >= 0xFFF0 && cp <= 0xFFFF) || (cp >= 0x1F000 && cp <= 0x1FFFF) ||
	    cp >= 0xE0000)
		return FOLD_DROP;
	return FOLD_KEEP;
}

/* Folds one non-ASCII code point. */
static enum fold_kind fold_cp(uint32_t cp, const char **text, uint32_t *out)
{
	char c;

	if (cp >= 0x00C0 && cp <= 0x024F)
		c = latin_c0[cp - 0x00C0];
	else if (cp >= 0x1E00 && cp <= 0x1EFF)
		c = latin_1e00[cp - 0x1E00];
	else if (cp >= 0x0370 && cp <= 0x03FF) {
		if (cp <= 0x0375 || cp == 0x037E || (cp >= 0x0384 && cp <= 0x0385) ||
		    cp == 0x0387)
			return cp <= 0x0373 ? FOLD_KEEP : FOLD_DROP;
		*out = greek_fold(cp);
		return FOLD_CP;
	} else if (cp >= 0x0400 && cp <= 0x04FF) {
		if (cp >= 0x0482 && cp <= 0x0489)
			return FOLD_DROP;
		*out = cyrillic_fold(cp);
		return FOLD_CP;
	} else
		return fold_other(cp);

	switch (c) {
	case '_':
		return FOLD_DROP;
	case '.':
		return FOLD_KEEP;
	case '*':
		*text = latin_multi(cp);
		return FOLD_TEXT;
	default:
		*out = (uint32_t)(unsigned char)c;
		return FOLD_CP;
	}
}

size_t text_fold(const char *s, char *out, size_t outsz)
{
	size_t n, i = 0, len = 0;
	bool sep = false;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	if (s == NULL)
		return 0;
	n = strlen(s);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		char buf[4];
		const char *piece = buf;
		size_t plen;

		if (c < 0x80) {
			i++;
			if (c >= 'A' && c <= 'Z')
				buf[0] = (char)(c - 'A' + 'a');
			else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				buf[0] = (char)c;
			else {
				if (c == ' ' || c == '-' || c == '\'' || (c >= '\t' && c <= '\r'))
					sep = true;	/* white space counts as a space */
				continue;
			}
			plen = 1;
		} else {
			uint32_t cp, folded = 0;
			const char *text = NULL;
			size_t k = text_utf8_decode(s + i, n - i, &cp);

			if (k == 0) {	/* an invalid byte: dropped */
				i++;
				continue;
			}
			switch (fold_cp(cp, &text, &folded)) {
			case FOLD_DROP:
				i += k;
				continue;
			case FOLD_SEP:
				i += k;
				sep = true;
				continue;
			case FOLD_KEEP:
				piece = s + i;
				plen = k;
				break;
			case FOLD_TEXT:
				piece = text;
				plen = strlen(text);
				break;
			case FOLD_CP:
			default:
				plen = text_utf8_encode(folded, buf);
				break;
			}
			i += k;
		}
		if (plen == 0)
			continue;
		size_t need = plen + (sep && len > 0);
		if (len + need + 1 > outsz)
			break;	/* truncated: never half a character or a trailing space */
		if (sep && len > 0)
			out[len++] = ' ';
		sep = false;
		memcpy(out + len, piece, plen);
		len += plen;
	}
	out[len] = '\0';
	return len;
}

size_t text_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len;
	uint32_t v;
	unsigned char lo = 0x80, hi = 0xBF;	/* allowed range of the second byte */

	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] < 0xC2)	/* a continuation byte, or an overlong 2-byte form */
		return 0;
	if (p[0] < 0xE0) {
		len = 2;
		v = p[0] & 0x1F;
	} else if (p[0] < 0xF0) {
		len = 3;
		v = p[0] & 0x0F;
		if (p[0] == 0xE0)
			lo = 0xA0;	/* overlong */
		else if (p[0] == 0xED)
			hi = 0x9F;	/* surrogates */
	} else if (p[0] < 0xF5) {
		len = 4;
		v = p[0] & 0x07;
		if (p[0] == 0xF0)
			lo = 0x90;	/* overlong */
		else if (p[0] == 0xF4)
			hi = 0x8F;	/* above U+10FFFF */
	} else
		return 0;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	*cp = v;
	return len;
}

bool text_utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			return false;
		i += k;
	}
	return true;
}

size_t text_utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

size_t text_utf8_len(const char *s)
{
	size_t count = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			count++;
	return count;
}

size_t text_utf8_prev(const char *s, size_t at)
{
	if (at == 0)
		return 0;
	size_t i = at - 1;
	/* At most three continuation bytes belong to one character. */
	while (i > 0 && at - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

char *text_squeeze(const char *s)
{
	char *out = strdup(s);

	if (out == NULL)
		abort();	/* out of memory is fatal (style.md, point 7) */
	text_squeeze_in(out, strlen(out) + 1);
	return out;
}

/* In place, without an allocation (the import squeezes several fields
 * of each of a million rows): the squeezed text is never longer, so each
 * byte is written at or before the one being read. */
void text_squeeze_in(char *s, size_t size)
{
	if (!size)
		return;
	size_t n = strlen(s), start = 0, end = n, len = 0;
	while (start < end && blank(s[start]))
		start++;
	while (end > start && blank(s[end - 1]))
		end--;
	for (size_t i = start; i < end; i++) {
		if (s[i] == ' ' && len > 0 && s[len - 1] == ' ')
			continue;
		s[len++] = s[i];
	}
	s[len < size ? len : size - 1] = '\0';
}
