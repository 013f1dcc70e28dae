/* referrals.c: referrals waiting for an outcome, oldest first: the
 * logged-in staff member's own, or (Tab) everyone's. Enter opens the
 * client's card; F4 opens the outcome form of the selected referral. The
 * rows are an index range of open referrals (event_referrals_open),
 * loaded a page at a time. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"

#define PAGE 50
#define LIST_Y 4

struct referrals {
	struct ok_open_referral *rows;
	int n, cap;
	bool more, all;
	struct w_list list;
};

static const struct ui_help referrals_help[] = {
	{ UI_RECORD, N_("outcome") },
	{ UI_OPEN, N_("card") },
	{ UI_NEXT, N_("mine/all") },
	{ UI_WORKLIST, NULL },
	{ UI_CLIENTS, NULL },
	{ UI_QUIT, NULL },
	{ UI_NONE, NULL },
};

static struct referrals *state(struct ui *ui)
{
	return ui->state[SCREEN_REFERRALS];
}

static void *referrals_init(struct ui *ui)
{
	(void)ui;
	return ui_alloc(1, sizeof(struct referrals));
}

static void referrals_free(void *p)
{
	struct referrals *r = p;
	if (r)
		free(r->rows);
	free(r);
}

static bool fetch(struct ui *ui, struct referrals *r)
{
	if (r->n + PAGE > r->cap) {
		r->cap = r->n + PAGE;
		r->rows = ui_realloc(r->rows, (size_t)r->cap, sizeof *r->rows);
	}
	int got = 0;
	int64_t staff = r->all ? 0 : db_actor(ui->db)->staff_id;
	if (event_referrals_open(ui->db, staff, r->n ? &r->rows[r->n - 1] : NULL, r->rows + r->n, PAGE,
	                         &got) != OK_OK) {
		ui_db_error(ui);
		r->more = false;
		return false;
	}
	r->n += got;
	r->more = got == PAGE;
	r->list.count = r->n;
	return true;
}

static void reload(struct ui *ui, struct referrals *r)
{
	int sel = r->list.sel;
	r->n = 0;
	w_list_reset(&r->list, 0);
	fetch(ui, r);
	while (r->more && sel >= r->n)
		if (!fetch(ui, r))
			break;
	if (r->n)
		r->list.sel = sel < r->n ? sel : r->n - 1;
}

static void referrals_enter(struct ui *ui)
{
	reload(ui, state(ui));
}

static int referrals_key(struct ui *ui, const struct ui_key *k)
{
	struct referrals *r = state(ui);
	switch (k->action) {
	case UI_OPEN:
		if (!r->n)
			return UI_IGNORED;
		ui->client_id = r->rows[r->list.sel].client_id;
		ui_switch(ui, SCREEN_CARD);
		return UI_DONE;
	case UI_RECORD: {
		if (!r->n)
			return UI_DONE;
		const struct ok_open_referral *o = &r->rows[r->list.sel];
		memset(&ui->req, 0, sizeof ui->req);
		snprintf(ui->req.kind, sizeof ui->req.kind, "referral_outcome");
		ui->req.client_id = o->client_id;
		ui->req.referral_id = o->id;
		ui->req.back = SCREEN_REFERRALS;
		snprintf(ui->req.text, sizeof ui->req.text, "%s %s", o->first_name, o->last_name);
		ui_switch(ui, SCREEN_EVENT_FORM);
		return UI_DONE;
	}
	case UI_NEXT:
	case UI_PREV:
		r->all = !r->all;
		r->list.sel = 0;
		reload(ui, r);
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
		int target = w_list_target(&r->list, k->action);
		while (r->more && target >= r->n)
			if (!fetch(ui, r))
				break;
		w_list_key(&r->list, k->action);
		return UI_DONE;
	}
	default:
		return UI_IGNORED;
	}
}

struct rcols {
	int kind, client, dest, state, staff;
	int wkind, wclient, wdest, wstate;
};

static void layout(const struct ui *ui, struct rcols *c)
{
	int rest = ui->cols - 1 - 12 - 10 - 5 * 2;
	c->wkind = rest * 30 / 100;
	c->wclient = rest * 30 / 100;
	c->wstate = 12;
	c->wdest = rest - c->wkind - c->wclient - c->wstate;
	c->kind = 13;
	c->client = c->kind + c->wkind + 2;
	c->dest = c->client + c->wclient + 2;
	c->state = c->dest + c->wdest + 2;
	c->staff = c->state + c->wstate + 2;
}

static void draw_row(struct ui *ui, void *arg, int i, int y, int x, int cols, enum ui_look look)
{
	struct referrals *r = arg;
	const struct ok_open_referral *o = &r->rows[i];
	struct rcols c;
	char name[2 * OK_NAME_MAX + 2];
	(void)x;
	(void)cols;
	layout(ui, &c);
	snprintf(name, sizeof name, "%s %s", o->last_name, o->first_name);
	w_text(ui, y, 1, 10, look, o->issued_on);
	w_text(ui, y, c.kind, c.wkind, look, codes_label(CODES_EVENT_KIND, o->kind));
	w_text(ui, y, c.client, c.wclient, look, name);
	w_text(ui, y, c.dest, c.wdest, look, o->destination);
	w_text(ui, y, c.state, c.wstate, look, event_state_label(o->state));
	w_text(ui, y, c.staff, ui->cols - c.staff - 1, look, o->staff_login);
}

static void referrals_draw(struct ui *ui)
{
	struct referrals *r = state(ui);
	struct rcols c;
	layout(ui, &c);
	w_text(ui, 2, 1, ui->cols - 24, LOOK_HEADING,
	       r->all ? _("Everyone's referrals waiting for an outcome")
	              : _("My referrals waiting for an outcome"));
	w_text(ui, 3, 1, 10, LOOK_LABEL, _("Issued"));
	w_text(ui, 3, c.kind, c.wkind, LOOK_LABEL, _("Referral"));
	w_text(ui, 3, c.client, c.wclient, LOOK_LABEL, _("Client"));
	w_text(ui, 3, c.dest, c.wdest, LOOK_LABEL, _("Destination"));
	w_text(ui, 3, c.state, c.wstate, LOOK_LABEL, _("State"));
	w_text(ui, 3, c.staff, ui->cols - c.staff - 1, LOOK_LABEL, _("By"));
	int h = ui->lines - 3 - LIST_Y + 1;
	if (r->n) {
		w_list_draw(ui, &r->list, LIST_Y, 0, h, ui->cols, draw_row, r);
		char pos[48];
		snprintf(pos, sizeof pos, "%d/%d%s", r->list.sel + 1, r->n, r->more ? "+" : "");
		w_text_right(ui, 2, ui->cols - 1, 20, LOOK_DIM, pos);
	} else {
		w_text(ui, LIST_Y + 1, 2, ui->cols - 4, LOOK_DIM, _("No referral is waiting for an outcome."));
	}
}

const struct screen screen_referrals = {
	.name = "referrals",
	.title = N_("Open referrals"),
	.init = referrals_init,
	.free = referrals_free,
	.enter = referrals_enter,
	.leave = NULL,
	.draw = referrals_draw,
	.key = referrals_key,
	.resize = NULL,
	.help = referrals_help,
};
