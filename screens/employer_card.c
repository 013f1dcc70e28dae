/* employer_card.c: an employer's data, the places of its vacancies, and
 * its history newest first: advice given to it, vacancies, internships it
 * hosts (with the intern and the referral's state). Corrected and voided
 * rows are dimmed. F4 records advice or a vacancy, or changes the data. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"

#define TOP_ROWS 5

struct ecard {
	struct ok_employer_card c;
	bool loaded;
	struct w_list list;
	struct w_menu menu;
	bool from_drill;          /* Esc goes back to the records behind a number */
};

enum { DO_ADVICE, DO_VACANCY, DO_EDIT, DO_CORRECT, DO_VOID };

static const struct ui_help ecard_help[] = {
	{ UI_RECORD, NULL },
	{ UI_BACK, NULL },
	{ UI_UP, NULL },
	{ UI_CLIENTS, NULL },
	{ UI_QUIT, NULL },
	{ UI_NONE, NULL },
};

static const struct ui_help menu_help[] = {
	{ UI_OPEN, N_("choose") },
	{ UI_UP, NULL },
	{ UI_BACK, N_("close") },
	{ UI_NONE, NULL },
};

static struct ecard *state(struct ui *ui)
{
	return ui->state[SCREEN_EMPLOYER_CARD];
}

static void *ecard_init(struct ui *ui)
{
	(void)ui;
	return ui_alloc(1, sizeof(struct ecard));
}

static void unload(struct ecard *e)
{
	if (e->loaded)
		employer_card_free(&e->c);
	e->loaded = false;
}

static void ecard_free(void *p)
{
	if (p)
		unload(p);
	free(p);
}

static void ecard_enter(struct ui *ui)
{
	struct ecard *e = state(ui);
	if (ui->prev == SCREEN_DRILL || ui->prev == SCREEN_EMPLOYERS)
		e->from_drill = ui->prev == SCREEN_DRILL;
	unload(e);
	e->menu.open = false;
	if (employer_card_load(ui->db, ui->employer_id, &e->c) != OK_OK) {
		ui_db_error(ui);
		ui_switch(ui, SCREEN_EMPLOYERS);
		return;
	}
	e->loaded = true;
	w_list_reset(&e->list, e->c.nevents);
}

static void ecard_leave(struct ui *ui)
{
	unload(state(ui));
}

static const struct ok_employer_event *selected(struct ecard *e)
{
	return e->c.nevents ? &e->c.events[e->list.sel] : NULL;
}

static void open_menu(struct ui *ui, struct ecard *e)
{
	enum ok_role role = db_actor(ui->db)->role;
	const struct ok_employer_event *ev = selected(e);
	w_menu_start(&e->menu);
	if (staff_role_may(role, ACT_SERVICE_RECORD))
		w_menu_add(&e->menu, DO_ADVICE, codes_label(CODES_EVENT_KIND, "employer_advice"));
	if (staff_role_may(role, ACT_EMPLOYER_WRITE))
		w_menu_add(&e->menu, DO_VACANCY, codes_label(CODES_EVENT_KIND, "vacancy"));
	if (ev && strcmp(ev->kind, "referral_internship") != 0 && !strcmp(ev->state, "active") &&
	    (staff_role_may(role, ACT_CORRECT_ANY) || ev->staff_id == db_actor(ui->db)->staff_id)) {
		w_menu_add(&e->menu, DO_CORRECT, _("Correct the selected event"));
		w_menu_add(&e->menu, DO_VOID, _("Void the selected event"));
	}
	if (staff_role_may(role, ACT_EMPLOYER_WRITE))
		w_menu_add(&e->menu, DO_EDIT, _("Change the employer's data"));
	if (!e->menu.n) {
		e->menu.open = false;
		ui_error(ui, "%s", _("Your role records nothing for employers."));
	}
}

static void choose(struct ui *ui, struct ecard *e, int id)
{
	const struct ok_employer_event *ev = selected(e);
	struct ui_request *r = &ui->req;
	memset(r, 0, sizeof *r);
	r->employer_id = e->c.id;
	r->back = SCREEN_EMPLOYER_CARD;
	snprintf(r->text, sizeof r->text, "%s", e->c.name);
	switch (id) {
	case DO_ADVICE:
	case DO_VACANCY:
		snprintf(r->kind, sizeof r->kind, "%s", id == DO_ADVICE ? "employer_advice" : "vacancy");
		ui_switch(ui, SCREEN_EVENT_FORM);
		break;
	case DO_CORRECT:
	case DO_VOID:
		if (!ev)
			break;
		snprintf(r->kind, sizeof r->kind, "%s", ev->kind);
		r->event_id = ev->id;
		r->void_it = id == DO_VOID;
		ui_switch(ui, SCREEN_EVENT_FORM);
		break;
	case DO_EDIT:
		snprintf(r->kind, sizeof r->kind, "edit");
		ui_switch(ui, SCREEN_EMPLOYER_FORM);
		break;
	default:
		break;
	}
}

static int ecard_key(struct ui *ui, const struct ui_key *k)
{
	struct ecard *e = state(ui);
	if (e->menu.open && k->action == UI_QUIT) {
		e->menu.open = false;
		return UI_IGNORED;   /* F10 still leaves */
	}
	if (e->menu.open) {
		int id = w_menu_key(&e->menu, k);
		if (id >= 0)
			choose(ui, e, id);
		return UI_DONE;
	}
	if (k->action == UI_BACK) {
		ui_switch(ui, e->from_drill ? SCREEN_DRILL : SCREEN_EMPLOYERS);
		return UI_DONE;
	}
	if (k->action == UI_RECORD && e->loaded) {
		open_menu(ui, e);
		return UI_DONE;
	}
	if (k->action == UI_OPEN && e->loaded && selected(e) && selected(e)->client_id &&
	    staff_role_may(db_actor(ui->db)->role, ACT_CLIENT_READ)) {
		ui->client_id = selected(e)->client_id;
		ui_switch(ui, SCREEN_CARD);
		return UI_DONE;
	}
	return w_list_key(&e->list, k->action) ? UI_DONE : UI_IGNORED;
}

static void event_text(const struct ok_employer_event *ev, char *out, size_t n)
{
	char body[1200];
	if (!strcmp(ev->kind, "vacancy"))
		snprintf(body, sizeof body, _("%d places"), ev->places);
	else if (!strcmp(ev->kind, "referral_internship"))
		snprintf(body, sizeof body, "%s [%s]", ev->client_name, event_state_label(ev->ref_state));
	else
		body[0] = '\0';
	if (ev->detail[0] && strcmp(ev->kind, "referral_internship") != 0) {
		size_t l = strlen(body);
		snprintf(body + l, sizeof body - l, "%s%s", l ? ", " : "", ev->detail);
	}
	if (ev->notes[0]) {
		size_t l = strlen(body);
		snprintf(body + l, sizeof body - l, "%s%s", l ? ": " : "", ev->notes);
	}
	if (strcmp(ev->state, "active") != 0)
		snprintf(out, n, "[%s] %s", !strcmp(ev->state, "voided") ? _("voided") : _("corrected"), body);
	else
		snprintf(out, n, "%s", body);
}

static void draw_event(struct ui *ui, void *arg, int i, int y, int x, int cols, enum ui_look look)
{
	const struct ok_employer_card *c = arg;
	const struct ok_employer_event *ev = &c->events[i];
	char buf[1400];
	(void)x;
	(void)cols;
	if (look == LOOK_NORMAL && strcmp(ev->state, "active") != 0)
		look = LOOK_DIM;
	int wk = (ui->cols - 14) * 30 / 100, ws = (ui->cols - 14) * 20 / 100;
	w_text(ui, y, 1, 10, look, ev->occurred_on);
	w_text(ui, y, 13, wk, look, codes_label(CODES_EVENT_KIND, ev->kind));
	w_text(ui, y, 13 + wk + 2, ws, look, ev->staff_name);
	event_text(ev, buf, sizeof buf);
	w_text(ui, y, 13 + wk + ws + 4, ui->cols - (13 + wk + ws + 4) - 1, look, buf);
}

static void ecard_draw(struct ui *ui)
{
	struct ecard *e = state(ui);
	if (!e->loaded)
		return;
	const struct ok_employer_card *c = &e->c;
	int c2 = ui->cols / 2;
	w_text(ui, 1, 1, ui->cols - 20, LOOK_HEADING, c->name);
	w_pair(ui, 1, ui->cols - 17, 16, _("NIP"), c->nip);
	w_pair(ui, 2, 1, ui->cols - 2, _("Address"), c->address[0] ? c->address : "-");
	w_pair(ui, 3, 1, c2 - 2, _("Phone"), c->phone[0] ? c->phone : "-");
	w_pair(ui, 3, c2, ui->cols - c2 - 1, _("E-mail"), c->email[0] ? c->email : "-");
	w_pair(ui, 4, 1, c2 - 2, _("Cooperating since"), c->registered_on);
	char places[32];
	snprintf(places, sizeof places, "%d", c->places_total);
	w_pair(ui, 4, c2, ui->cols - c2 - 1, _("Places offered"), places);

	int y = TOP_ROWS + 1, last = ui->lines - 3;
	w_textf(ui, y, 1, ui->cols - 2, LOOK_HEADING, "%s (%d)", _("History"), c->nevents);
	if (!c->nevents)
		w_text(ui, y + 1, 3, ui->cols - 4, LOOK_DIM, _("No events."));
	else
		w_list_draw(ui, &e->list, y + 1, 0, last - y, ui->cols, draw_event, &e->c);
	if (e->menu.open) {
		w_menu_draw(ui, &e->menu, _("Record"));
		ui->help = menu_help;
	}
}

const struct screen screen_employer_card = {
	.name = "employer_card",
	.title = N_("Employer card"),
	.init = ecard_init,
	.free = ecard_free,
	.enter = ecard_enter,
	.leave = ecard_leave,
	.draw = ecard_draw,
	.key = ecard_key,
	.resize = NULL,
	.help = ecard_help,
};
