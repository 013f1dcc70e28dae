/* widget.c: what every screen draws with: text clipped by display
 * columns, a one-line UTF-8 text field, a scrollable list. This file and
 * ui.c are the only ones that talk to curses.
 *
 * Text arrives as UTF-8 (the database, gettext) and is decoded to wide
 * characters here; ncursesw converts them to the terminal's charset.
 * Widths come from wcwidth() of the locale. A character that cannot be
 * shown -- a control, invalid UTF-8, or one the terminal's charset lacks --
 * becomes '?', so a name never garbles the screen and a cut never falls
 * inside a character. */
#include "config.h"

#include <curses.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "screens.h"

#define WBUF 128

static attr_t look_attr(const struct ui *ui, enum ui_look look)
{
	return (attr_t)ui->look[(unsigned)look < LOOK__COUNT ? look : LOOK_NORMAL];
}

/* True when the terminal's charset has the character. */
static bool representable(wchar_t wc)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	return wcrtomb(mb, wc, &st) != (size_t)-1;
}

bool w_printable(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return false;
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return false;
	wchar_t wc = (wchar_t)cp;
	return iswprint((wint_t)wc) && wcwidth(wc) > 0 && representable(wc);
}

/* The wide character drawn for cp and its width (0 for a combining mark). */
static wchar_t cell(uint32_t cp, int *width)
{
	if (cp == '\t' || cp == '\n' || cp == '\r') {
		*width = 1;
		return L' ';
	}
	if (w_printable(cp)) {
		*width = wcwidth((wchar_t)cp);
		return (wchar_t)cp;
	}
	if (cp >= 0x300 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) &&
	    iswprint((wint_t)cp) && wcwidth((wchar_t)cp) == 0 && representable((wchar_t)cp)) {
		*width = 0;
		return (wchar_t)cp;
	}
	*width = 1;
	return L'?';
}

/* Decodes the next code point of s (left bytes), '?' for a bad byte. */
static size_t next_cp(const char *s, size_t left, uint32_t *cp)
{
	size_t l = text_utf8_decode(s, left, cp);
	if (!l) {
		*cp = 0xfffd;   /* shown as '?' by cell() unless the terminal has it */
		return 1;
	}
	return l;
}

int w_width(const char *s)
{
	int w = 0, cw;
	size_t left = s ? strlen(s) : 0;
	uint32_t cp;
	while (left) {
		size_t l = next_cp(s, left, &cp);
		s += l;
		left -= l;
		cell(cp, &cw);
		w += cw;
	}
	return w;
}

int w_text(struct ui *ui, int y, int x, int cols, enum ui_look look, const char *s)
{
	if (!s || cols <= 0 || y < 0 || y >= ui->lines || x < 0 || x >= ui->cols)
		return 0;
	if (cols > ui->cols - x)
		cols = ui->cols - x;
	wchar_t buf[WBUF];
	int n = 0, used = 0, cw;
	size_t left = strlen(s);
	uint32_t cp;
	attrset(look_attr(ui, look));
	move(y, x);
	while (left) {
		size_t l = next_cp(s, left, &cp);
		wchar_t wc = cell(cp, &cw);
		if (used + cw > cols)
			break;
		s += l;
		left -= l;
		if (cw == 0 && used == 0)
			continue;   /* a combining mark with nothing to combine with */
		buf[n++] = wc;
		used += cw;
		if (n == WBUF) {
			addnwstr(buf, n);
			n = 0;
		}
	}
	if (n)
		addnwstr(buf, n);
	attrset(A_NORMAL);
	return used;
}

int w_textf(struct ui *ui, int y, int x, int cols, enum ui_look look, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return w_text(ui, y, x, cols, look, buf);
}

int w_text_right(struct ui *ui, int y, int right, int cols, enum ui_look look, const char *s)
{
	int w = w_width(s);
	if (w > cols)
		w = cols;
	int x = right - w;
	if (x < 0)
		x = 0;
	return w_text(ui, y, x, w, look, s);
}

void w_center(struct ui *ui, int y, enum ui_look look, const char *s)
{
	int w = w_width(s);
	int x = w < ui->cols ? (ui->cols - w) / 2 : 0;
	w_text(ui, y, x, ui->cols - x, look, s);
}

void w_fill(struct ui *ui, int y, int x, int cols, enum ui_look look)
{
	if (y < 0 || y >= ui->lines || x < 0 || x >= ui->cols)
		return;
	if (cols > ui->cols - x)
		cols = ui->cols - x;
	attrset(look_attr(ui, look));
	mvhline(y, x, ' ', cols);
	attrset(A_NORMAL);
}

int w_pair(struct ui *ui, int y, int x, int cols, const char *label, const char *value)
{
	char lab[256];
	snprintf(lab, sizeof lab, "%s: ", label);
	int used = w_text(ui, y, x, cols, LOOK_LABEL, lab);
	return used + w_text(ui, y, x + used, cols - used, LOOK_NORMAL, value);
}

/* Columns of the word starting at s (up to a space) and its byte length. */
static int word_width(const char *s, size_t *bytes)
{
	const char *e = s;
	while (*e && *e != ' ')
		e++;
	*bytes = (size_t)(e - s);
	char tmp[1024];
	size_t n = *bytes < sizeof tmp - 1 ? *bytes : sizeof tmp - 1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return w_width(tmp);
}

int w_wrap(struct ui *ui, int y, int x, int cols, int maxlines, enum ui_look look, const char *s)
{
	int row = 0;
	while (*s && row < maxlines) {
		char line[1024];
		size_t ln = 0;
		int used = 0;
		while (*s == ' ')
			s++;
		while (*s) {
			size_t wb;
			int ww = word_width(s, &wb);
			int need = ww + (ln ? 1 : 0);
			if (ln && used + need > cols)
				break;
			if (ln + 1 + wb >= sizeof line)
				break;
			if (ln)
				line[ln++] = ' ';
			memcpy(line + ln, s, wb);
			ln += wb;
			used += need;
			s += wb;
			while (*s == ' ')
				s++;
			if (used >= cols)
				break;
		}
		line[ln] = '\0';
		w_text(ui, y + row, x, cols, look, line);
		row++;
		if (!ln)
			break;
	}
	return row;
}

/* ---- Text field ---- */

void w_field_init(struct w_field *f, int max, bool mask)
{
	memset(f, 0, sizeof *f);
	f->max = max > 0 && max <= W_FIELD_MAX ? max : W_FIELD_MAX;
	f->mask = mask;
}

void w_field_clear(struct w_field *f)
{
	/* The buffer may have held a password. */
	volatile char *p = f->buf;
	for (size_t i = 0; i < sizeof f->buf; i++)
		p[i] = 0;
	f->len = f->pos = 0;
	f->ncp = 0;
}

const char *w_field_text(const struct w_field *f)
{
	return f->buf;
}


static int field_insert(struct w_field *f, uint32_t cp)
{
	char enc[4];
	size_t l;
	if (!w_printable(cp) || f->ncp >= f->max || !(l = text_utf8_encode(cp, enc)))
		return W_IGNORED;
	if (f->len + l >= sizeof f->buf)
		return W_IGNORED;
	memmove(f->buf + f->pos + l, f->buf + f->pos, f->len - f->pos + 1);
	memcpy(f->buf + f->pos, enc, l);
	f->len += l;
	f->pos += l;
	f->ncp++;
	return W_CHANGED;
}

/* Removes the code point that starts at byte `at`. */
static int field_remove(struct w_field *f, size_t at)
{
	uint32_t cp;
	size_t l = next_cp(f->buf + at, f->len - at, &cp);
	memmove(f->buf + at, f->buf + at + l, f->len - at - l + 1);
	memset(f->buf + f->len - l, 0, l);
	f->len -= l;
	f->ncp--;
	return W_CHANGED;
}

void w_field_set(struct w_field *f, const char *text)
{
	int max = f->max;
	bool mask = f->mask;
	w_field_clear(f);
	f->max = max;
	f->mask = mask;
	size_t left = text ? strlen(text) : 0;
	uint32_t cp;
	while (left) {
		size_t l = next_cp(text, left, &cp);
		text += l;
		left -= l;
		if (field_insert(f, cp) == W_IGNORED && f->ncp >= f->max)
			break;
	}
}

int w_field_key(struct w_field *f, const struct ui_key *k)
{
	uint32_t cp;
	switch (k->action) {
	case UI_TEXT:
		return field_insert(f, k->ch);
	case UI_LEFT:
		if (f->pos)
			f->pos = text_utf8_prev(f->buf, f->pos);
		break;
	case UI_RIGHT:
		if (f->pos < f->len)
			f->pos += next_cp(f->buf + f->pos, f->len - f->pos, &cp);
		break;
	case UI_HOME:
		f->pos = 0;
		break;
	case UI_END:
		f->pos = f->len;
		break;
	case UI_BACKSPACE:
		if (!f->pos)
			return W_MOVED;
		f->pos = text_utf8_prev(f->buf, f->pos);
		return field_remove(f, f->pos);
	case UI_DELETE:
		return f->pos < f->len ? field_remove(f, f->pos) : W_MOVED;
	case UI_CLEAR:
		if (!f->len)
			return W_MOVED;
		w_field_clear(f);
		return W_CHANGED;
	default:
		return W_IGNORED;
	}
	return W_MOVED;
}

void w_field_draw(struct ui *ui, const struct w_field *f, int y, int x, int cols, bool focused)
{
	if (cols <= 1)
		return;
	wchar_t wc[W_FIELD_MAX];
	int wd[W_FIELD_MAX];
	int n = 0, cursor = -1;
	size_t at = 0;
	uint32_t cp;
	while (at < f->len && n < W_FIELD_MAX) {
		if (at == f->pos)
			cursor = n;
		at += next_cp(f->buf + at, f->len - at, &cp);
		if (f->mask) {
			wc[n] = L'*';
			wd[n] = 1;
		} else {
			wc[n] = cell(cp, &wd[n]);
		}
		n++;
	}
	if (cursor < 0)
		cursor = n;

	/* Scroll so that the cursor's cell fits: from `start` to the cursor
	 * at most cols - 1 columns. */
	int start = 0, w = 0;
	for (int i = 0; i < cursor; i++)
		w += wd[i];
	while (start < cursor && w > cols - 1)
		w -= wd[start++];

	w_fill(ui, y, x, cols, LOOK_FIELD);
	attrset(look_attr(ui, LOOK_FIELD));
	move(y, x);
	int used = 0, i;
	for (i = start; i < n && used + wd[i] <= cols; i++)
		used += wd[i];
	if (i > start)
		addnwstr(wc + start, i - start);
	attrset(A_NORMAL);
	if (focused) {
		ui->cur_y = y;
		ui->cur_x = x + w;
	}
}

/* ---- List ---- */

void w_list_reset(struct w_list *l, int count)
{
	l->count = count;
	l->sel = 0;
	l->top = 0;
}

int w_list_target(const struct w_list *l, enum ui_action a)
{
	int page = l->height > 1 ? l->height - 1 : 1;
	switch (a) {
	case UI_UP:
		return l->sel - 1;
	case UI_DOWN:
		return l->sel + 1;
	case UI_PGUP:
		return l->sel - page;
	case UI_PGDN:
		return l->sel + page;
	case UI_HOME:
		return 0;
	case UI_END:
		return l->count - 1;
	default:
		return l->sel;
	}
}

bool w_list_key(struct w_list *l, enum ui_action a)
{
	if (a != UI_UP && a != UI_DOWN && a != UI_PGUP && a != UI_PGDN &&
	    a != UI_HOME && a != UI_END)
		return false;
	int t = w_list_target(l, a);
	if (t >= l->count)
		t = l->count - 1;
	if (t < 0)
		t = 0;
	l->sel = t;
	return true;
}

void w_list_draw(struct ui *ui, struct w_list *l, int y, int x, int h, int cols,
                 w_row_fn *row, void *arg)
{
	if (h < 1)
		h = 1;
	l->height = h;
	if (l->sel >= l->count)
		l->sel = l->count - 1;
	if (l->sel < 0)
		l->sel = 0;
	if (l->top > l->sel)
		l->top = l->sel;
	if (l->sel >= l->top + h)
		l->top = l->sel - h + 1;
	if (l->top > l->count - h)
		l->top = l->count - h;
	if (l->top < 0)
		l->top = 0;
	for (int r = 0; r < h && l->top + r < l->count; r++) {
		int i = l->top + r;
		enum ui_look look = i == l->sel ? LOOK_SELECTED : LOOK_NORMAL;
		w_fill(ui, y + r, x, cols, look);
		row(ui, arg, i, y + r, x, cols, look);
	}
}
