/* search.c: finding a client as one types. Every keystroke that changes
 * the query runs client_search() for the first page; moving past the last
 * loaded row fetches the next page with the keyset of the last hit, so a
 * desk stays instant however large the file. Enter opens the selected
 * client's card; coming back finds the query and the selection as they
 * were. Nothing here is ever unsaved, so F10 leaves without asking. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"

#define QUERY_MAX 201   /* a surname, a space, a first name */
#define PAGE 20   /* rows read at least; else one window's height */
#define LIST_Y 5

struct search {
	struct w_field query;
	struct ok_client_hit *hits;
	int nhits, cap;
	bool more;          /* the last page was full: there may be more */
	bool failed;        /* the last search failed (message shown) */
	struct w_list list;
};

/* Column layout of the list, from the window width. */
struct columns {
	int id, last, first, born, status;     /* x of each column */
	int wid, wlast, wfirst, wstatus;       /* widths */
};

static const struct ui_help search_help[] = {
	{ UI_OPEN, NULL },
	{ UI_NEW, N_("new client") },
	{ UI_WORKLIST, NULL },
	{ UI_REFERRALS, NULL },
	{ UI_EMPLOYERS, NULL },
	{ UI_BACK, N_("clear") },
	{ UI_QUIT, NULL },
	{ UI_NONE, NULL },
};

static struct search *state(struct ui *ui)
{
	return ui->state[SCREEN_SEARCH];
}

static void *search_init(struct ui *ui)
{
	(void)ui;
	struct search *s = ui_alloc(1, sizeof *s);
	w_field_init(&s->query, QUERY_MAX, false);
	return s;
}

static void search_free(void *p)
{
	struct search *s = p;
	if (!s)
		return;
	free(s->hits);
	free(s);
}

/* Fetches the page after the loaded rows: as many as the window shows,
 * so that a key reads no more than it draws (the next rows come when the
 * selection moves past them). */
static bool fetch(struct ui *ui, struct search *s)
{
	int page = ui->lines > PAGE ? ui->lines : PAGE;
	if (s->nhits + page > s->cap) {
		s->cap = s->nhits + page;
		s->hits = ui_realloc(s->hits, (size_t)s->cap, sizeof *s->hits);
	}
	const struct ok_client_hit *after = s->nhits ? &s->hits[s->nhits - 1] : NULL;
	int n = 0;
	enum ok_status st = client_search(ui->db, w_field_text(&s->query), after,
	                                  s->hits + s->nhits, page, &n);
	if (st != OK_OK) {
		ui_db_error(ui);
		s->more = false;
		s->failed = true;
		return false;
	}
	s->nhits += n;
	s->more = n == page;
	s->list.count = s->nhits;
	return true;
}

/* Runs the query afresh. */
static void run(struct ui *ui, struct search *s)
{
	s->nhits = 0;
	s->more = false;
	s->failed = false;
	w_list_reset(&s->list, 0);
	if (w_field_text(&s->query)[0])
		fetch(ui, s);
}

static void search_enter(struct ui *ui)
{
	/* The query and the selection stay as they were; the rows are read
	 * again, since a form may have changed them. */
	struct search *s = state(ui);
	if (ui->prev == SCREEN_CLIENT_FORM && s->query.len)
		run(ui, s);
}

static int move_list(struct ui *ui, struct search *s, enum ui_action a)
{
	int target = w_list_target(&s->list, a);
	while (s->more && target >= s->nhits)
		if (!fetch(ui, s))
			break;
	w_list_key(&s->list, a);
	return UI_DONE;
}

static int search_key(struct ui *ui, const struct ui_key *k)
{
	struct search *s = state(ui);
	switch (k->action) {
	case UI_OPEN:
		if (s->nhits == 0)
			return UI_IGNORED;
		ui->client_id = s->hits[s->list.sel].id;
		ui_switch(ui, SCREEN_CARD);
		return UI_DONE;
	case UI_NEW:
		if (staff_require(ui->db, ACT_CLIENT_WRITE) != OK_OK) {
			ui_db_error(ui);
			return UI_DONE;
		}
		memset(&ui->req, 0, sizeof ui->req);
		snprintf(ui->req.kind, sizeof ui->req.kind, "register");
		snprintf(ui->req.text, sizeof ui->req.text, "%s", w_field_text(&s->query));
		ui->req.back = SCREEN_SEARCH;
		ui_switch(ui, SCREEN_CLIENT_FORM);
		return UI_DONE;
	case UI_BACK:
		if (!s->query.len)
			return UI_IGNORED;
		w_field_clear(&s->query);
		run(ui, s);
		return UI_DONE;
	case UI_UP:
	case UI_DOWN:
	case UI_PGUP:
	case UI_PGDN:
		return move_list(ui, s, k->action);
	default:
		break;
	}
	switch (w_field_key(&s->query, k)) {
	case W_CHANGED:
		run(ui, s);
		return UI_DONE;
	case W_MOVED:
		return UI_DONE;
	default:
		return UI_IGNORED;
	}
}

static void layout(const struct ui *ui, struct columns *c)
{
	int sw = w_width(codes_label(CODES_STATUS, "unemployed"));
	int sw2 = w_width(codes_label(CODES_STATUS, "job_seeker"));
	c->wstatus = sw > sw2 ? sw : sw2;
	if (c->wstatus > 20)
		c->wstatus = 20;
	c->wid = 11;
	int names = ui->cols - 2 - c->wid - 10 - c->wstatus - 4 * 2;
	c->wlast = names * 55 / 100;
	c->wfirst = names - c->wlast;
	c->id = 1;
	c->last = c->id + c->wid + 2;
	c->first = c->last + c->wlast + 2;
	c->born = c->first + c->wfirst + 2;
	c->status = c->born + 10 + 2;
}

static void draw_row(struct ui *ui, void *arg, int i, int y, int x, int cols, enum ui_look look)
{
	struct search *s = arg;
	struct columns c;
	const struct ok_client_hit *h = &s->hits[i];
	(void)x;
	(void)cols;
	layout(ui, &c);
	const char *id = h->pesel;
	if (!id[0]) {
		const char *colon = strchr(h->document, ':');
		id = colon ? colon + 1 : h->document;
	}
	w_text(ui, y, c.id, c.wid, look, id);
	w_text(ui, y, c.last, c.wlast, look, h->last_name);
	w_text(ui, y, c.first, c.wfirst, look, h->first_name);
	w_text(ui, y, c.born, 10, look, h->birth_date);
	if (h->status[0])
		w_text(ui, y, c.status, c.wstatus, look, codes_label(CODES_STATUS, h->status));
}

static void search_draw(struct ui *ui)
{
	struct search *s = state(ui);
	struct columns c;
	layout(ui, &c);

	const char *label = _("Surname or PESEL");
	int lw = w_text(ui, 2, 1, ui->cols / 3, LOOK_LABEL, label);
	int fx = 1 + lw + 2;
	int fw = ui->cols - fx - 2 < 60 ? ui->cols - fx - 2 : 60;

	w_text(ui, 4, c.id, c.wid, LOOK_HEADING, _("PESEL"));
	w_text(ui, 4, c.last, c.wlast, LOOK_HEADING, _("Last name"));
	w_text(ui, 4, c.first, c.wfirst, LOOK_HEADING, _("First name"));
	w_text(ui, 4, c.born, 10, LOOK_HEADING, _("Born"));
	w_text(ui, 4, c.status, c.wstatus, LOOK_HEADING, _("Status"));

	int h = ui->lines - 3 - LIST_Y + 1;
	if (s->nhits) {
		w_list_draw(ui, &s->list, LIST_Y, 0, h, ui->cols, draw_row, s);
		char pos[48];
		snprintf(pos, sizeof pos, "%d/%d%s", s->list.sel + 1, s->nhits, s->more ? "+" : "");
		w_text_right(ui, 3, ui->cols - 1, 20, LOOK_DIM, pos);
	} else if (!s->query.len) {
		w_wrap(ui, LIST_Y + 1, 2, ui->cols - 4, 3, LOOK_DIM,
		       _("Type the start of a surname (then a space and a first name) or of a PESEL."));
	} else if (!s->failed) {
		w_text(ui, LIST_Y + 1, 2, ui->cols - 4, LOOK_DIM, _("No client found."));
	}
	/* The field last, so that the cursor stays in it. */
	w_field_draw(ui, &s->query, 2, fx, fw, true);
}

static void search_resize(struct ui *ui)
{
	struct search *s = state(ui);
	/* A taller window may show more rows than are loaded. */
	while (s->more && s->nhits < ui->lines)
		if (!fetch(ui, s))
			break;
}

const struct screen screen_search = {
	.name = "search",
	.title = N_("Client search"),
	.init = search_init,
	.free = search_free,
	.enter = search_enter,
	.leave = NULL,
	.draw = search_draw,
	.key = search_key,
	.resize = search_resize,
	.help = search_help,
};
