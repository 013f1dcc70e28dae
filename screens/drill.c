/* drill.c: the records behind a number of the day counts or the yearly
 * report (ui->drill): day, client or employer (or what an activity-log
 * entry or a programme was), who recorded it, kind and detail. The rows
 * come from the query that gives the number, and the screen says so when
 * their total differs from what the number showed (a record added since).
 * Enter opens the client's or the employer's card. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"

#define LIST_Y 5

struct drill {
	struct ok_records recs;
	long long total;
	struct w_list list;
};

static const struct ui_help drill_help[] = {
	{ UI_OPEN, N_("card") },
	{ UI_UP, NULL },
	{ UI_PGUP, NULL },
	{ UI_BACK, NULL },
	{ UI_QUIT, NULL },
	{ UI_NONE, NULL },
};

static struct drill *state(struct ui *ui)
{
	return ui->state[SCREEN_DRILL];
}

static void *drill_init(struct ui *ui)
{
	(void)ui;
	return ui_alloc(1, sizeof(struct drill));
}

static void drill_free(void *p)
{
	struct drill *d = p;
	if (d)
		records_free(&d->recs);
	free(d);
}

static void drill_enter(struct ui *ui)
{
	struct drill *d = state(ui);
	const struct ui_drill *q = &ui->drill;
	/* Back from a card: the same list, where it was. */
	if (ui->prev == SCREEN_CARD || ui->prev == SCREEN_EMPLOYER_CARD)
		return;
	records_free(&d->recs);
	enum ok_status st = q->report ? report_drill(ui->db, q->year, q->indicator, &d->recs)
	                              : counts_drill(ui->db, q->day, q->staff_id, q->kind, &d->recs);
	if (st != OK_OK) {
		ui_db_error(ui);
		ui_switch(ui, q->back);
		return;
	}
	d->total = 0;
	for (int i = 0; i < d->recs.n; i++)
		d->total += d->recs.rows[i].q;
	w_list_reset(&d->list, d->recs.n);
	if (d->total != q->value)
		ui_info(ui, _("Records were added or changed since the number was read: %lld now."), d->total);
}

static int drill_key(struct ui *ui, const struct ui_key *k)
{
	struct drill *d = state(ui);
	switch (k->action) {
	case UI_OPEN: {
		if (!d->recs.n)
			return UI_DONE;
		const struct ok_record *r = &d->recs.rows[d->list.sel];
		if (r->client_id) {
			ui->client_id = r->client_id;
			ui_switch(ui, SCREEN_CARD);
		} else if (r->employer_id) {
			ui->employer_id = r->employer_id;
			ui_switch(ui, SCREEN_EMPLOYER_CARD);
		} else {
			ui_info(ui, "%s", _("This record belongs to no client or employer: it has no card."));
		}
		return UI_DONE;
	}
	case UI_BACK:
		ui_switch(ui, ui->drill.back);
		return UI_DONE;
	default:
		return w_list_key(&d->list, k->action) ? UI_DONE : UI_IGNORED;
	}
}

/* The label of a record's kind: an event kind, an indicator of the
 * activity log, a programme kind, or an employer. */
static const char *kind_label(const struct ok_record *r)
{
	switch (r->src) {
	case 'a': {
		const struct report_indicator *ind = report_indicator(report_find(r->kind));
		return ind ? ind->code : r->kind;
	}
	case 'p':
	case 'n':
		return programme_kind_label(r->kind);
	case 'm':
		return _("new employer");
	default:
		return codes_label(CODES_EVENT_KIND, r->kind);
	}
}

static void draw_row(struct ui *ui, void *arg, int i, int y, int x, int cols, enum ui_look look)
{
	struct drill *d = arg;
	const struct ok_record *r = &d->recs.rows[i];
	(void)x;
	int rest = cols - 1 - 11 - 14 - 8 - 4 * 2;
	int wwho = rest * 35 / 100, wkind = rest * 30 / 100, wdet = rest - wwho - wkind;
	int xw = 13, xk = xw + wwho + 2, xs = xk + wkind + 2, xd = xs + 14, xq = xd + wdet + 2;
	w_text(ui, y, 1, 10, look, r->day);
	w_text(ui, y, xw, wwho, look, r->who);
	w_text(ui, y, xk, wkind, look, kind_label(r));
	w_text(ui, y, xs, 12, look, r->staff);
	w_text(ui, y, xd, wdet, look, r->detail);
	if (r->q != 1)
		w_textf(ui, y, xq, 8, look, "%6lld", r->q);
}

static void drill_draw(struct ui *ui)
{
	struct drill *d = state(ui);
	w_text(ui, 2, 1, ui->cols - 2, LOOK_HEADING, ui->drill.title);
	w_textf(ui, 3, 1, ui->cols - 2, LOOK_DIM, _("Records: %d, total: %lld"), d->recs.n, d->total);
	int rest = ui->cols - 1 - 11 - 14 - 8 - 4 * 2;
	int wwho = rest * 35 / 100, wkind = rest * 30 / 100, wdet = rest - wwho - wkind;
	int xw = 13, xk = xw + wwho + 2, xs = xk + wkind + 2, xd = xs + 14, xq = xd + wdet + 2;
	w_text(ui, 4, 1, 10, LOOK_LABEL, _("Date"));
	w_text(ui, 4, xw, wwho, LOOK_LABEL, _("Client or employer"));
	w_text(ui, 4, xk, wkind, LOOK_LABEL, _("Kind"));
	w_text(ui, 4, xs, 12, LOOK_LABEL, _("By"));
	w_text(ui, 4, xd, wdet, LOOK_LABEL, _("Detail"));
	w_text(ui, 4, xq, 8, LOOK_LABEL, _("Number"));
	if (d->recs.n)
		w_list_draw(ui, &d->list, LIST_Y, 0, ui->lines - 3 - LIST_Y + 1, ui->cols, draw_row, d);
	else
		w_text(ui, LIST_Y + 1, 2, ui->cols - 4, LOOK_DIM, _("No records."));
}

const struct screen screen_drill = {
	.name = "drill",
	.title = N_("Records behind the number"),
	.init = drill_init,
	.free = drill_free,
	.enter = drill_enter,
	.leave = NULL,
	.draw = drill_draw,
	.key = drill_key,
	.resize = NULL,
	.help = drill_help,
};
