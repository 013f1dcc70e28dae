/* form.c: forms of labelled fields for every screen that records
 * something. One row per field: the label right-aligned, the value box,
 * and the field's message to the right of it. The form scrolls so that
 * the focused field stays in view, and the cursor is always in the
 * focused field.
 *
 * Nothing here talks to the database except form_db_error(), which only
 * reads the last error: the screens call data/ and decide what a save
 * means. A failed save therefore never touches the values typed. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "screens.h"

#define DEFAULT_MAX 100
#define DEFAULT_BOX 40
#define MIN_MSG 16

static const char *choice_code(const struct form_field *ff, int i)
{
	if (ff->set != CODES__COUNT) {
		size_t n;
		const char *const *list = codes_list(ff->set, &n);
		return i >= 0 && (size_t)i < n ? list[i] : "";
	}
	return i >= 0 && i < ff->ncodes ? ff->codes[i] : "";
}

static int choice_count(const struct form_field *ff)
{
	if (ff->set != CODES__COUNT) {
		size_t n;
		codes_list(ff->set, &n);
		return (int)n;
	}
	return ff->ncodes;
}

static const char *choice_label(const struct form_field *ff, int i)
{
	if (i < 0)
		return "-";
	if (ff->set != CODES__COUNT)
		return codes_label(ff->set, choice_code(ff, i));
	return ff->labels && ff->labels[i] ? _(ff->labels[i]) : choice_code(ff, i);
}

static bool focusable(const struct form_field *ff)
{
	return !ff->hidden && ff->type != FORM_NOTE;
}

void form_init(struct form *f, struct form_field *fields, int n)
{
	memset(f, 0, sizeof *f);
	f->fields = fields;
	f->n = n;
	for (int i = 0; i < n; i++) {
		struct form_field *ff = &fields[i];
		w_field_init(&ff->edit, ff->max > 0 ? ff->max : DEFAULT_MAX, false);
		ff->sel = ff->type == FORM_CHOICE && !ff->allow_none && choice_count(ff) > 0 ? 0 : -1;
		ff->on = false;
		ff->msg[0] = '\0';
	}
	f->focus = 0;
	while (f->focus < n - 1 && !focusable(&fields[f->focus]))
		f->focus++;
}

int form_find(const struct form *f, const char *name)
{
	for (int i = 0; name && i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return i;
	return -1;
}

const char *form_text(const struct form *f, const char *name)
{
	int i = form_find(f, name);
	return i < 0 ? "" : w_field_text(&f->fields[i].edit);
}

void form_set_text(struct form *f, const char *name, const char *text)
{
	int i = form_find(f, name);
	if (i >= 0)
		w_field_set(&f->fields[i].edit, text);
}

const char *form_code(const struct form *f, const char *name)
{
	int i = form_find(f, name);
	return i < 0 ? "" : choice_code(&f->fields[i], f->fields[i].sel);
}

void form_set_code(struct form *f, const char *name, const char *code)
{
	int i = form_find(f, name);
	if (i < 0)
		return;
	struct form_field *ff = &f->fields[i];
	ff->sel = ff->allow_none ? -1 : 0;
	for (int c = 0; code && *code && c < choice_count(ff); c++)
		if (strcmp(choice_code(ff, c), code) == 0)
			ff->sel = c;
}

bool form_on(const struct form *f, const char *name)
{
	int i = form_find(f, name);
	return i >= 0 && f->fields[i].on;
}

void form_set_on(struct form *f, const char *name, bool on)
{
	int i = form_find(f, name);
	if (i >= 0)
		f->fields[i].on = on;
}

static void focus_next(struct form *f, int dir)
{
	for (int step = 1; step <= f->n; step++) {
		int i = ((f->focus + dir * step) % f->n + f->n) % f->n;
		if (focusable(&f->fields[i])) {
			f->focus = i;
			return;
		}
	}
}

void form_set_hidden(struct form *f, const char *name, bool hidden)
{
	int i = form_find(f, name);
	if (i < 0)
		return;
	f->fields[i].hidden = hidden;
	if (hidden && f->focus == i)
		focus_next(f, 1);
}

void form_set_msg(struct form *f, const char *name, const char *msg)
{
	int i = form_find(f, name);
	if (i >= 0)
		snprintf(f->fields[i].msg, sizeof f->fields[i].msg, "%s", msg ? msg : "");
}

void form_clear_msgs(struct form *f)
{
	for (int i = 0; i < f->n; i++)
		f->fields[i].msg[0] = '\0';
}

void form_focus(struct form *f, const char *name)
{
	int i = form_find(f, name);
	if (i >= 0 && focusable(&f->fields[i]))
		f->focus = i;
}

const char *form_focused(const struct form *f)
{
	return f->n ? f->fields[f->focus].name : "";
}

void form_db_error(struct ui *ui, struct form *f)
{
	const char *field = db_errfield(ui->db);
	int i = form_find(f, field);
	if (i >= 0) {
		snprintf(f->fields[i].msg, sizeof f->fields[i].msg, "%s", db_errmsg(ui->db));
		if (focusable(&f->fields[i]))
			f->focus = i;
	}
	ui_db_error(ui);
}

/* The option after (dir 1) or before (-1) the current one; with
 * allow_none, "-" sits before the first. */
static void choice_step(struct form_field *ff, int dir)
{
	int n = choice_count(ff);
	int lo = ff->allow_none ? -1 : 0;
	if (n == 0)
		return;
	int span = n - lo;
	ff->sel = ((ff->sel - lo + dir) % span + span) % span + lo;
}

/* Jumps to the next option whose label starts with the typed letter,
 * compared folded (typing "z" finds "Żłobek"). */
static bool choice_letter(struct form_field *ff, uint32_t ch)
{
	char typed[8], folded[8];
	size_t l = text_utf8_encode(ch, typed);
	if (!l)
		return false;
	typed[l] = '\0';
	text_fold(typed, folded, sizeof folded);
	if (!folded[0])
		return false;
	int n = choice_count(ff);
	for (int step = 1; step <= n; step++) {
		int i = ((ff->sel < 0 ? -1 : ff->sel) + step) % n;
		char lab[64];
		text_fold(choice_label(ff, i), lab, sizeof lab);
		if (strncmp(lab, folded, strlen(folded)) == 0) {
			ff->sel = i;
			return true;
		}
	}
	return false;
}

static int field_key(struct form *f, const struct ui_key *k)
{
	struct form_field *ff = &f->fields[f->focus];
	switch (ff->type) {
	case FORM_TEXT: {
		int r = w_field_key(&ff->edit, k);
		return r == W_CHANGED ? FORM_CHANGED : r == W_MOVED ? FORM_HANDLED : FORM_IGNORED;
	}
	case FORM_CHOICE:
		if (k->action == UI_RIGHT || (k->action == UI_TEXT && k->ch == ' ')) {
			choice_step(ff, 1);
			return FORM_CHANGED;
		}
		if (k->action == UI_LEFT) {
			choice_step(ff, -1);
			return FORM_CHANGED;
		}
		if (k->action == UI_CLEAR && ff->allow_none) {
			ff->sel = -1;
			return FORM_CHANGED;
		}
		if (k->action == UI_TEXT)
			return choice_letter(ff, k->ch) ? FORM_CHANGED : FORM_HANDLED;
		return FORM_IGNORED;
	case FORM_CHECK:
		if ((k->action == UI_TEXT && k->ch == ' ') || k->action == UI_LEFT ||
		    k->action == UI_RIGHT) {
			ff->on = !ff->on;
			return FORM_CHANGED;
		}
		return FORM_IGNORED;
	case FORM_NOTE:
		break;
	}
	return FORM_IGNORED;
}

int form_key(struct ui *ui, struct form *f, const struct ui_key *k)
{
	if (f->n == 0)
		return k->action == UI_BACK ? FORM_CANCEL : FORM_IGNORED;
	if (k->action == UI_BACK) {
		if (!f->touched || f->asking)
			return FORM_CANCEL;
		f->asking = true;
		ui_info(ui, "%s", _("Press Esc again to discard what you typed, or any other key to go on."));
		return FORM_HANDLED;
	}
	f->asking = false;
	switch (k->action) {
	case UI_SAVE:
		return FORM_SAVE;
	case UI_NEXT:
	case UI_DOWN:
	case UI_OPEN:
		focus_next(f, 1);
		return FORM_HANDLED;
	case UI_PREV:
	case UI_UP:
		focus_next(f, -1);
		return FORM_HANDLED;
	default:
		break;
	}
	int r = field_key(f, k);
	if (r == FORM_CHANGED) {
		f->touched = true;
		f->fields[f->focus].msg[0] = '\0';
	}
	return r;
}

/* ---- Drawing ---- */

static void draw_value(struct ui *ui, struct form *f, int i, int y, int x, int box)
{
	struct form_field *ff = &f->fields[i];
	bool focused = i == f->focus;
	char buf[320];
	switch (ff->type) {
	case FORM_TEXT:
		w_field_draw(ui, &ff->edit, y, x, box, focused);
		break;
	case FORM_NOTE:
		w_text(ui, y, x, box, LOOK_NORMAL, w_field_text(&ff->edit));
		break;
	case FORM_CHOICE:
		if (focused)
			snprintf(buf, sizeof buf, "< %s >", choice_label(ff, ff->sel));
		else
			snprintf(buf, sizeof buf, "  %s", choice_label(ff, ff->sel));
		w_fill(ui, y, x, box, focused ? LOOK_FIELD : LOOK_NORMAL);
		w_text(ui, y, x, box, focused ? LOOK_FIELD : LOOK_NORMAL, buf);
		if (focused) {
			ui->cur_y = y;
			ui->cur_x = x + 2;
		}
		break;
	case FORM_CHECK:
		snprintf(buf, sizeof buf, "[%s] %s", ff->on ? "x" : " ", ff->on ? _("yes") : _("no"));
		w_text(ui, y, x, box, focused ? LOOK_FIELD : LOOK_NORMAL, buf);
		if (focused) {
			ui->cur_y = y;
			ui->cur_x = x + 1;
		}
		break;
	}
}

void form_draw(struct ui *ui, struct form *f, int y, int x, int h, int cols)
{
	int lc = 0;
	for (int i = 0; i < f->n; i++) {
		int w = w_width(_(f->fields[i].label)) + (f->fields[i].required ? 1 : 0);
		if (!f->fields[i].hidden && w > lc)
			lc = w;
	}
	if (lc > cols / 3)
		lc = cols / 3;
	f->label_cols = lc;

	/* Scroll (in shown rows) so that the focused field is visible. */
	int row_of_focus = 0, shown = 0;
	for (int i = 0; i < f->n; i++) {
		if (f->fields[i].hidden)
			continue;
		if (i == f->focus)
			row_of_focus = shown;
		shown++;
	}
	if (h < 1)
		return;
	if (row_of_focus < f->top)
		f->top = row_of_focus;
	if (row_of_focus >= f->top + h)
		f->top = row_of_focus - h + 1;
	if (f->top > shown - h)
		f->top = shown - h > 0 ? shown - h : 0;

	int avail = cols - lc - 2;
	int row = 0;
	for (int i = 0; i < f->n; i++) {
		struct form_field *ff = &f->fields[i];
		if (ff->hidden)
			continue;
		int r = row++ - f->top;
		if (r < 0 || r >= h)
			continue;
		int fy = y + r;
		char label[160];
		snprintf(label, sizeof label, "%s%s", _(ff->label), ff->required ? "*" : "");
		w_text_right(ui, fy, x + lc, lc, i == f->focus ? LOOK_HEADING : LOOK_LABEL, label);

		/* One column more than the text, for the cursor after it. */
		int box = ff->cols > 0 ? ff->cols + 1 : DEFAULT_BOX;
		if (ff->type == FORM_CHOICE || ff->type == FORM_NOTE) {
			int want = ff->type == FORM_NOTE ? w_width(w_field_text(&ff->edit)) : 0;
			for (int c = -1; ff->type == FORM_CHOICE && c < choice_count(ff); c++) {
				int w = w_width(choice_label(ff, c)) + 4;
				if (w > want)
					want = w;
			}
			box = want;
		} else if (ff->type == FORM_CHECK) {
			box = 4 + w_width(_("yes")) + w_width(_("no"));
		}
		if (box > avail)
			box = avail;
		if (ff->msg[0] && avail - box < MIN_MSG && avail >= 2 * MIN_MSG)
			box = avail - MIN_MSG;
		int vx = x + lc + 2;
		draw_value(ui, f, i, fy, vx, box);
		if (ff->msg[0] && avail - box - 2 > 0)
			w_text(ui, fy, vx + box + 2, avail - box - 2, LOOK_ERROR, ff->msg);
	}
	if (shown > h) {
		if (f->top > 0)
			w_text(ui, y, x + cols - 1, 1, LOOK_DIM, "^");
		if (f->top + h < shown)
			w_text(ui, y + h - 1, x + cols - 1, 1, LOOK_DIM, "v");
	}
	/* The focused field's message in full on the message line. */
	const struct form_field *cur = &f->fields[f->focus];
	if (cur->msg[0] && !ui->msg[0]) {
		snprintf(ui->msg, sizeof ui->msg, "%s", cur->msg);
		ui->msg_error = true;
	}
}
