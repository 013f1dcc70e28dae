/* menu.c: the pop-up menu of the cards' F4 ("record"): a framed list in
 * the middle of the window. Each entry has a key shown before it: digits
 * 1-9, then letters, so that a practised user chooses with one key. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "screens.h"

static char entry_key(int i)
{
	return i < 9 ? (char)('1' + i) : (char)('a' + i - 9);
}

void w_menu_start(struct w_menu *m)
{
	memset(m, 0, sizeof *m);
	m->open = true;
}

void w_menu_add(struct w_menu *m, int id, const char *label)
{
	if (m->n >= W_MENU_MAX)
		return;
	m->id[m->n] = id;
	snprintf(m->label[m->n], sizeof m->label[m->n], "%s", label);
	m->n++;
}

int w_menu_key(struct w_menu *m, const struct ui_key *k)
{
	switch (k->action) {
	case UI_BACK:
		m->open = false;
		return W_MENU_CLOSED;
	case UI_UP:
	case UI_PREV:
		if (m->n)
			m->sel = (m->sel + m->n - 1) % m->n;
		return W_MENU_OPEN;
	case UI_DOWN:
	case UI_NEXT:
		if (m->n)
			m->sel = (m->sel + 1) % m->n;
		return W_MENU_OPEN;
	case UI_HOME:
		m->sel = 0;
		return W_MENU_OPEN;
	case UI_END:
		m->sel = m->n ? m->n - 1 : 0;
		return W_MENU_OPEN;
	case UI_OPEN:
		if (!m->n)
			return W_MENU_OPEN;
		m->open = false;
		return m->id[m->sel];
	case UI_TEXT:
		for (int i = 0; i < m->n; i++)
			if ((uint32_t)entry_key(i) == k->ch) {
				m->open = false;
				return m->id[i];
			}
		return W_MENU_OPEN;
	default:
		return W_MENU_OPEN;
	}
}

void w_menu_draw(struct ui *ui, const struct w_menu *m, const char *title)
{
	int w = w_width(title) + 4;
	for (int i = 0; i < m->n; i++) {
		int lw = w_width(m->label[i]) + 8;
		if (lw > w)
			w = lw;
	}
	if (w > ui->cols - 4)
		w = ui->cols - 4;
	int h = m->n + 2;
	if (h > ui->lines - 4)
		h = ui->lines - 4;
	int x = (ui->cols - w) / 2, y = (ui->lines - h) / 2;
	int rows = h - 2;
	int top = m->sel >= rows ? m->sel - rows + 1 : 0;
	w_fill(ui, y, x, w, LOOK_TITLE);
	w_text(ui, y, x + 2, w - 4, LOOK_TITLE, title);
	for (int r = 0; r < rows; r++) {
		int i = top + r;
		enum ui_look look = i == m->sel ? LOOK_SELECTED : LOOK_NORMAL;
		w_fill(ui, y + 1 + r, x, w, look);
		if (i < m->n) {
			char line[128];
			snprintf(line, sizeof line, "%c  %s", entry_key(i), m->label[i]);
			w_text(ui, y + 1 + r, x + 2, w - 4, look, line);
		}
	}
	w_fill(ui, y + h - 1, x, w, LOOK_TITLE);
	ui->cur_y = y + 1 + (m->sel - top);
	ui->cur_x = x + 2;
}
