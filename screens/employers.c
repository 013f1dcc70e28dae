/* employers.c: finding an employer as one types: a NIP prefix, the start
 * of the name, or the start of a later word of it ("abc" finds "PHU
 * ABC"), case and diacritics ignored. Enter opens the employer's card,
 * F3 registers a new one (front office and supervisors). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"

#define PAGE 50
#define LIST_Y 5

struct employers {
	struct w_field query;
	struct ok_employer_hit *hits;
	int n, cap;
	bool more;
	struct w_list list;
};

static const struct ui_help employers_help[] = {
	{ UI_OPEN, NULL },
	{ UI_NEW, N_("new employer") },
	{ UI_CLIENTS, NULL },
	{ UI_BACK, N_("clear") },
	{ UI_QUIT, NULL },
	{ UI_NONE, NULL },
};

static struct employers *state(struct ui *ui)
{
	return ui->state[SCREEN_EMPLOYERS];
}

static void *employers_init(struct ui *ui)
{
	(void)ui;
	struct employers *e = ui_alloc(1, sizeof *e);
	w_field_init(&e->query, 100, false);
	return e;
}

static void employers_free(void *p)
{
	struct employers *e = p;
	if (e)
		free(e->hits);
	free(e);
}

static bool fetch(struct ui *ui, struct employers *e)
{
	if (e->n + PAGE > e->cap) {
		e->cap = e->n + PAGE;
		e->hits = ui_realloc(e->hits, (size_t)e->cap, sizeof *e->hits);
	}
	int got = 0;
	if (employer_search(ui->db, w_field_text(&e->query), e->n ? &e->hits[e->n - 1] : NULL,
	                    e->hits + e->n, PAGE, &got) != OK_OK) {
		ui_db_error(ui);
		e->more = false;
		return false;
	}
	e->n += got;
	e->more = got == PAGE;
	e->list.count = e->n;
	return true;
}

static void run(struct ui *ui, struct employers *e)
{
	e->n = 0;
	e->more = false;
	w_list_reset(&e->list, 0);
	if (e->query.len)
		fetch(ui, e);
}

static void employers_enter(struct ui *ui)
{
	struct employers *e = state(ui);
	if (ui->prev == SCREEN_EMPLOYER_FORM || ui->prev == SCREEN_EMPLOYER_CARD)
		run(ui, e);
}

static int employers_key(struct ui *ui, const struct ui_key *k)
{
	struct employers *e = state(ui);
	switch (k->action) {
	case UI_OPEN:
		if (!e->n)
			return UI_IGNORED;
		ui->employer_id = e->hits[e->list.sel].id;
		ui_switch(ui, SCREEN_EMPLOYER_CARD);
		return UI_DONE;
	case UI_NEW:
		if (staff_require(ui->db, ACT_EMPLOYER_WRITE) != OK_OK) {
			ui_db_error(ui);
			return UI_DONE;
		}
		memset(&ui->req, 0, sizeof ui->req);
		snprintf(ui->req.kind, sizeof ui->req.kind, "register");
		snprintf(ui->req.text, sizeof ui->req.text, "%s", w_field_text(&e->query));
		ui->req.back = SCREEN_EMPLOYERS;
		ui_switch(ui, SCREEN_EMPLOYER_FORM);
		return UI_DONE;
	case UI_BACK:
		if (!e->query.len) {
			ui_switch(ui, SCREEN_SEARCH);
			return UI_DONE;
		}
		w_field_clear(&e->query);
		run(ui, e);
		return UI_DONE;
	case UI_UP:
	case UI_DOWN:
	case UI_PGUP:
	case UI_PGDN: {
		int target = w_list_target(&e->list, k->action);
		while (e->more && target >= e->n)
			if (!fetch(ui, e))
				break;
		w_list_key(&e->list, k->action);
		return UI_DONE;
	}
	default:
		break;
	}
	switch (w_field_key(&e->query, k)) {
	case W_CHANGED:
		run(ui, e);
		return UI_DONE;
	case W_MOVED:
		return UI_DONE;
	default:
		return UI_IGNORED;
	}
}

static void draw_row(struct ui *ui, void *arg, int i, int y, int x, int cols, enum ui_look look)
{
	struct employers *e = arg;
	const struct ok_employer_hit *h = &e->hits[i];
	(void)x;
	(void)cols;
	w_text(ui, y, 1, 10, look, h->nip);
	w_text(ui, y, 13, ui->cols - 13 - 13, look, h->name);
	w_text(ui, y, ui->cols - 11, 10, look, h->registered_on);
}

static void employers_draw(struct ui *ui)
{
	struct employers *e = state(ui);
	int lw = w_text(ui, 2, 1, ui->cols / 3, LOOK_LABEL, _("Name or NIP"));
	w_text(ui, 4, 1, 10, LOOK_HEADING, _("NIP"));
	w_text(ui, 4, 13, ui->cols - 13 - 13, LOOK_HEADING, _("Name"));
	w_text(ui, 4, ui->cols - 11, 10, LOOK_HEADING, _("Since"));
	int h = ui->lines - 3 - LIST_Y + 1;
	if (e->n) {
		w_list_draw(ui, &e->list, LIST_Y, 0, h, ui->cols, draw_row, e);
		char pos[48];
		snprintf(pos, sizeof pos, "%d/%d%s", e->list.sel + 1, e->n, e->more ? "+" : "");
		w_text_right(ui, 3, ui->cols - 1, 20, LOOK_DIM, pos);
	} else if (!e->query.len) {
		w_wrap(ui, LIST_Y + 1, 2, ui->cols - 4, 3, LOOK_DIM,
		       _("Type the start of the NIP, or of any word of the employer's name."));
	} else {
		w_text(ui, LIST_Y + 1, 2, ui->cols - 4, LOOK_DIM, _("No employer found."));
	}
	int fx = 1 + lw + 2;
	w_field_draw(ui, &e->query, 2, fx, ui->cols - fx - 2 < 60 ? ui->cols - fx - 2 : 60, true);
}

const struct screen screen_employers = {
	.name = "employers",
	.title = N_("Employers"),
	.init = employers_init,
	.free = employers_free,
	.enter = employers_enter,
	.leave = NULL,
	.draw = employers_draw,
	.key = employers_key,
	.resize = NULL,
	.help = employers_help,
};
