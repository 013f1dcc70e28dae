/* worklist.c: the contact-deadline worklist (2025 act): registered
 * unemployed clients whose 90-day deadline falls within N days or has
 * passed, soonest first. The rows are an index range (event_worklist),
 * loaded a page at a time as the selection moves. F4 records, with one
 * key, a contact in person today for the selected client; the list is
 * then read again, and the client leaves it or moves down. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"

#define PAGE 50
#define LIST_Y 5
#define DEFAULT_DAYS 14

struct worklist {
	struct w_field days;
	struct ok_due *rows;
	int n, cap;
	bool more;
	struct w_list list;
};

static const struct ui_help worklist_help[] = {
	{ UI_RECORD, N_("contact today") },
	{ UI_OPEN, N_("card") },
	{ UI_REFERRALS, NULL },
	{ UI_CLIENTS, NULL },
	{ UI_QUIT, NULL },
	{ UI_NONE, NULL },
};

static struct worklist *state(struct ui *ui)
{
	return ui->state[SCREEN_WORKLIST];
}

static void *worklist_init(struct ui *ui)
{
	(void)ui;
	struct worklist *w = ui_alloc(1, sizeof *w);
	w_field_init(&w->days, 3, false);
	char d[8];
	snprintf(d, sizeof d, "%d", DEFAULT_DAYS);
	w_field_set(&w->days, d);
	return w;
}

static void worklist_free(void *p)
{
	struct worklist *w = p;
	if (w)
		free(w->rows);
	free(w);
}

static int days(const struct worklist *w)
{
	return atoi(w_field_text(&w->days));
}

static bool fetch(struct ui *ui, struct worklist *w)
{
	if (w->n + PAGE > w->cap) {
		w->cap = w->n + PAGE;
		w->rows = ui_realloc(w->rows, (size_t)w->cap, sizeof *w->rows);
	}
	int got = 0;
	if (event_worklist(ui->db, days(w), w->n ? &w->rows[w->n - 1] : NULL, w->rows + w->n, PAGE,
	                   &got) != OK_OK) {
		ui_db_error(ui);
		w->more = false;
		return false;
	}
	w->n += got;
	w->more = got == PAGE;
	w->list.count = w->n;
	return true;
}

/* Reads the list again, keeping the selection's position. */
static void reload(struct ui *ui, struct worklist *w)
{
	int sel = w->list.sel;
	w->n = 0;
	w_list_reset(&w->list, 0);
	fetch(ui, w);
	while (w->more && sel >= w->n)
		if (!fetch(ui, w))
			break;
	if (w->n)
		w->list.sel = sel < w->n ? sel : w->n - 1;
}

static void worklist_enter(struct ui *ui)
{
	reload(ui, state(ui));
}

static void record_contact(struct ui *ui, struct worklist *w)
{
	if (!w->n)
		return;
	const struct ok_due *d = &w->rows[w->list.sel];
	struct ok_event_form f;
	event_form_init(&f, "contact");
	f.client_id = d->client_id;
	snprintf(f.detail, sizeof f.detail, "in_person");
	int64_t id;
	char name[2 * OK_NAME_MAX + 2];
	snprintf(name, sizeof name, "%s %s", d->first_name, d->last_name);
	int64_t client = d->client_id;
	if (event_record(ui->db, &f, &id) != OK_OK) {
		ui_db_error(ui);
		return;
	}
	reload(ui, w);
	/* The new deadline, from the card's registration. */
	struct ok_card c;
	char due[11] = "";
	if (client_card_load(ui->db, client, &c) == OK_OK) {
		snprintf(due, sizeof due, "%s", c.contact_due);
		client_card_free(&c);
	}
	ui_info(ui, _("Contact recorded for %s; the next deadline is %s."), name, due);
}

static int worklist_key(struct ui *ui, const struct ui_key *k)
{
	struct worklist *w = state(ui);
	switch (k->action) {
	case UI_OPEN:
		if (!w->n)
			return UI_IGNORED;
		ui->client_id = w->rows[w->list.sel].client_id;
		ui_switch(ui, SCREEN_CARD);
		return UI_DONE;
	case UI_RECORD:
		record_contact(ui, w);
		return UI_DONE;
	case UI_BACK:
		ui_switch(ui, SCREEN_SEARCH);
		return UI_DONE;
	case UI_UP:
	case UI_DOWN:
	case UI_PGUP:
	case UI_PGDN:
	case UI_HOME:
	case UI_END: {
		int target = w_list_target(&w->list, k->action);
		while (w->more && target >= w->n)
			if (!fetch(ui, w))
				break;
		w_list_key(&w->list, k->action);
		return UI_DONE;
	}
	case UI_TEXT:
		if (k->ch < '0' || k->ch > '9')
			return UI_DONE;
		break;
	default:
		break;
	}
	int r = w_field_key(&w->days, k);
	if (r == W_CHANGED) {
		w->list.sel = 0;
		reload(ui, w);
	}
	return r != W_IGNORED ? UI_DONE : UI_IGNORED;
}

static void draw_row(struct ui *ui, void *arg, int i, int y, int x, int cols, enum ui_look look)
{
	struct worklist *w = arg;
	const struct ok_due *d = &w->rows[i];
	char left[64], name[2 * OK_NAME_MAX + 2];
	(void)x;
	(void)cols;
	if (d->days_left < 0)
		snprintf(left, sizeof left, _("overdue %d"), -d->days_left);
	else
		snprintf(left, sizeof left, "%d", d->days_left);
	snprintf(name, sizeof name, "%s %s", d->last_name, d->first_name);
	int wname = ui->cols - 1 - 12 - 14 - 13 - 14;
	w_text(ui, y, 1, 10, look, d->due);
	w_text(ui, y, 13, 12, look == LOOK_NORMAL && d->days_left < 0 ? LOOK_ERROR : look, left);
	w_text(ui, y, 27, wname, look, name);
	w_text(ui, y, 27 + wname + 1, 11, look, d->pesel);
	w_text(ui, y, ui->cols - 13, 12, look, d->last_contact);
}

static void worklist_draw(struct ui *ui)
{
	struct worklist *w = state(ui);
	int lw = w_text(ui, 2, 1, ui->cols / 2, LOOK_LABEL, _("Deadline within days"));
	int wname = ui->cols - 1 - 12 - 14 - 13 - 14;
	w_text(ui, 4, 1, 10, LOOK_HEADING, _("Deadline"));
	w_text(ui, 4, 13, 12, LOOK_HEADING, _("Days left"));
	w_text(ui, 4, 27, wname, LOOK_HEADING, _("Client"));
	w_text(ui, 4, 27 + wname + 1, 11, LOOK_HEADING, _("PESEL"));
	w_text(ui, 4, ui->cols - 13, 12, LOOK_HEADING, _("Last contact"));
	int h = ui->lines - 3 - LIST_Y + 1;
	if (w->n) {
		w_list_draw(ui, &w->list, LIST_Y, 0, h, ui->cols, draw_row, w);
		char pos[48];
		snprintf(pos, sizeof pos, "%d/%d%s", w->list.sel + 1, w->n, w->more ? "+" : "");
		w_text_right(ui, 2, ui->cols - 1, 20, LOOK_DIM, pos);
	} else {
		w_text(ui, LIST_Y + 1, 2, ui->cols - 4, LOOK_DIM, _("No deadline falls within these days."));
	}
	w_field_draw(ui, &w->days, 2, 1 + lw + 2, 4, true);
}

const struct screen screen_worklist = {
	.name = "worklist",
	.title = N_("Contact deadlines"),
	.init = worklist_init,
	.free = worklist_free,
	.enter = worklist_enter,
	.leave = NULL,
	.draw = worklist_draw,
	.key = worklist_key,
	.resize = NULL,
	.help = worklist_help,
};
