/* event_form.c: one short form for everything recorded about a client or
 * an employer: services, contacts, referrals, outcomes, grants,
 * deregistrations, employer advice and vacancies; and the correction or
 * void of an event. The screen that opens it fills ui->req (the kind, the
 * client or employer, the referral of an outcome, the event to correct)
 * and gets control back after a save or a cancel.
 *
 * The fields depend on the kind and start with sensible values: today,
 * the time now, contact in person. An employer is chosen by typing part
 * of its name or NIP (the matches are listed under the form, PgUp/PgDn
 * pick one); group advice collects its participants the same way from
 * the client search (Enter adds the highlighted client, Delete on the
 * empty field removes the last one). F2 saves with one key; a refusal
 * keeps every value and puts the message next to the field. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "screens.h"

#define MAX_FIELDS 12
#define HITS 5
#define MAX_PARTS 40

struct evform {
	struct form form;
	struct form_field fields[MAX_FIELDS];
	char kind[32];
	char who[2 * OK_NAME_MAX + 2];    /* the client's or employer's name */
	struct ui_request req;
	bool void_only;
	/* Choosing an employer. */
	struct ok_employer_hit emp[HITS];
	int nemp, emp_sel;
	/* Group advice participants. */
	struct ok_client_hit cl[HITS];
	int ncl, cl_sel;
	int64_t part_id[MAX_PARTS];
	char part_name[MAX_PARTS][2 * OK_NAME_MAX + 2];
	int nparts;
};

static const struct ui_help form_help[] = {
	{ UI_SAVE, NULL },
	{ UI_NEXT, NULL },
	{ UI_PREV, NULL },
	{ UI_BACK, N_("cancel") },
	{ UI_NONE, NULL },
};

static const struct ui_help pick_help[] = {
	{ UI_SAVE, NULL },
	{ UI_PGUP, N_("choose") },
	{ UI_NEXT, NULL },
	{ UI_BACK, N_("cancel") },
	{ UI_NONE, NULL },
};

static struct evform *state(struct ui *ui)
{
	return ui->state[SCREEN_EVENT_FORM];
}

static void *evform_init(struct ui *ui)
{
	(void)ui;
	return ui_alloc(1, sizeof(struct evform));
}

static void evform_free(void *p)
{
	free(p);
}

static bool is(const char *kind, const char *what)
{
	return strcmp(kind, what) == 0;
}

/* ---- Building the form for a kind ---- */

static struct form_field *add(struct evform *e, int *n, const char *name, const char *label,
                              enum form_type type)
{
	struct form_field *f = &e->fields[(*n)++];
	memset(f, 0, sizeof *f);
	f->name = name;
	f->label = label;
	f->type = type;
	f->set = CODES__COUNT;
	return f;
}

static void add_text(struct evform *e, int *n, const char *name, const char *label, int max,
                     int cols, bool required)
{
	struct form_field *f = add(e, n, name, label, FORM_TEXT);
	f->max = max;
	f->cols = cols;
	f->required = required;
}

static void add_choice(struct evform *e, int *n, const char *name, const char *label,
                       enum code_set set)
{
	struct form_field *f = add(e, n, name, label, FORM_CHOICE);
	f->set = set;
	f->required = true;
}

/* The label of the detail field, by kind; NULL: the kind has none. */
static const char *detail_label(const char *kind)
{
	static const struct { const char *kind, *label; } labels[] = {
		{ "contact", N_("Contact by") },
		{ "referral_outcome", N_("Outcome") },
		{ "startup_grant", N_("Source of funds") },
		{ "deregistration", N_("Reason") },
		{ "referral_training", N_("Training area") },
		{ "referral_counselor", N_("Destination") },
		{ "referral_soft_skills", N_("Destination") },
		{ "referral_internship", N_("Position") },
		{ "referral_socially_useful_work", N_("Destination") },
		{ "group_advice", N_("Topic") },
		{ "test_examination", N_("Test") },
		{ "vacancy", N_("Position") },
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (is(kind, labels[i].kind))
			return labels[i].label;
	return NULL;
}

static enum code_set detail_codes(const char *kind)
{
	if (is(kind, "contact"))
		return CODES_CONTACT_MODE;
	if (is(kind, "referral_outcome"))
		return CODES_OUTCOME;
	if (is(kind, "startup_grant"))
		return CODES_GRANT_SOURCE;
	if (is(kind, "deregistration"))
		return CODES_DEREG_REASON;
	return CODES__COUNT;
}

static bool employer_kind(const char *kind)
{
	return is(kind, "employer_advice") || is(kind, "vacancy");
}

static void build(struct evform *e)
{
	int n = 0;
	const char *k = e->kind;
	if (e->void_only) {
		add_text(e, &n, "reason", N_("Why void it"), 200, 0, true);
		form_init(&e->form, e->fields, n);
		return;
	}
	add_text(e, &n, "occurred_on", N_("Date"), 10, 10, true);
	if (!employer_kind(k))
		add_text(e, &n, "occurred_at", N_("Time"), 5, 5, false);
	const char *dl = detail_label(k);
	if (dl && detail_codes(k) != CODES__COUNT)
		add_choice(e, &n, "detail", dl, detail_codes(k));
	else if (dl)
		add_text(e, &n, "detail", dl, 200, 0,
		         strncmp(k, "referral_", 9) == 0 && !is(k, "referral_internship"));
	if (is(k, "vacancy"))
		add_text(e, &n, "places", N_("Places"), 5, 6, true);
	if (is(k, "referral_internship") || is(k, "deregistration"))
		add_text(e, &n, "employer_id", N_("Employer (name or NIP)"), 100, 0,
		         is(k, "referral_internship"));
	if (is(k, "deregistration"))
		add(e, &n, "subsidised", N_("Subsidised work"), FORM_CHECK);
	if (is(k, "group_advice"))
		add_text(e, &n, "client_id", N_("Add a participant"), 100, 0, false);
	add_text(e, &n, "notes", N_("Notes"), 250, 0, false);
	if (e->req.event_id)
		add_text(e, &n, "reason", N_("Why correct it"), 200, 0, true);
	form_init(&e->form, e->fields, n);
	if (is(k, "deregistration")) {
		form_set_hidden(&e->form, "employer_id", true);
		form_set_hidden(&e->form, "subsidised", true);
	}
}

/* Shows the employer and "subsidised" only for deregistrations for work. */
static void dereg_fields(struct evform *e)
{
	if (!is(e->kind, "deregistration"))
		return;
	const char *r = form_code(&e->form, "detail");
	bool work = !strcmp(r, "work_unsubsidised") || !strcmp(r, "work_subsidised");
	form_set_hidden(&e->form, "employer_id", !work);
	form_set_hidden(&e->form, "subsidised", !work);
	if (!strcmp(r, "work_subsidised"))
		form_set_on(&e->form, "subsidised", true);
	else if (!strcmp(r, "work_unsubsidised"))
		form_set_on(&e->form, "subsidised", false);
}

static void search_employers(struct ui *ui, struct evform *e)
{
	e->nemp = e->emp_sel = 0;
	const char *q = form_text(&e->form, "employer_id");
	if (q[0] && employer_search(ui->db, q, NULL, e->emp, HITS, &e->nemp) != OK_OK)
		ui_db_error(ui);
}

static void search_clients(struct ui *ui, struct evform *e)
{
	e->ncl = e->cl_sel = 0;
	const char *q = form_text(&e->form, "client_id");
	if (q[0] && client_search(ui->db, q, NULL, e->cl, HITS, &e->ncl) != OK_OK)
		ui_db_error(ui);
}

static void add_participant(struct evform *e, int64_t id, const char *first, const char *last)
{
	for (int i = 0; i < e->nparts; i++)
		if (e->part_id[i] == id)
			return;
	if (e->nparts >= MAX_PARTS)
		return;
	char name[2 * OK_NAME_MAX + 2];
	snprintf(name, sizeof name, "%s %s", first, last);
	e->part_id[e->nparts] = id;
	snprintf(e->part_name[e->nparts], sizeof e->part_name[e->nparts], "%s", name);
	e->nparts++;
}

static void now_hhmm(char out[6])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 6, "%H:%M", &tm);
}

/* Fills the form from a stored event (a correction). */
static void load_event(struct ui *ui, struct evform *e)
{
	struct ok_event_form f;
	char st[12];
	if (event_load(ui->db, e->req.event_id, &f, st) != OK_OK) {
		ui_db_error(ui);
		return;
	}
	form_set_text(&e->form, "occurred_on", f.occurred_on);
	form_set_text(&e->form, "occurred_at", f.occurred_at);
	if (detail_codes(e->kind) != CODES__COUNT)
		form_set_code(&e->form, "detail", f.detail);
	else
		form_set_text(&e->form, "detail", f.detail);
	if (f.places > 0) {
		char p[16];
		snprintf(p, sizeof p, "%d", f.places);
		form_set_text(&e->form, "places", p);
	}
	form_set_on(&e->form, "subsidised", f.subsidised == 1);
	form_set_text(&e->form, "notes", f.notes);
	e->req.referral_id = f.referral_id;
	if (f.employer_id) {
		struct ok_employer_card c;
		if (employer_card_load(ui->db, f.employer_id, &c) == OK_OK) {
			form_set_text(&e->form, "employer_id", c.nip);
			employer_card_free(&c);
			search_employers(ui, e);
		}
	}
	dereg_fields(e);
}

static void evform_enter(struct ui *ui)
{
	struct evform *e = state(ui);
	memset(e, 0, sizeof *e);
	e->req = ui->req;
	snprintf(e->kind, sizeof e->kind, "%s", ui->req.kind);
	snprintf(e->who, sizeof e->who, "%s", ui->req.text);
	e->void_only = e->req.event_id && e->req.void_it;
	build(e);
	if (e->void_only)
		return;
	struct ok_date today = date_today();
	char d[11], t[6];
	date_format(&today, d);
	form_set_text(&e->form, "occurred_on", d);
	if (!employer_kind(e->kind)) {
		now_hhmm(t);
		form_set_text(&e->form, "occurred_at", t);
	}
	if (is(e->kind, "contact"))
		form_set_code(&e->form, "detail", "in_person");
	/* An outcome starts from the step that can follow the referral's state. */
	char ref_state[16];
	if (is(e->kind, "referral_outcome") && e->req.referral_id && !e->req.event_id &&
	    event_referral_state(ui->db, e->req.referral_id, ref_state) == OK_OK)
		form_set_code(&e->form, "detail", !strcmp(ref_state, "started") ? "completed" : "started");
	if (e->req.event_id)
		load_event(ui, e);
	if (is(e->kind, "group_advice") && e->req.client_id) {
		struct ok_card c;
		if (client_card_load(ui->db, e->req.client_id, &c) == OK_OK) {
			add_participant(e, c.id, c.first_name, c.last_name);
			client_card_free(&c);
		}
	}
	e->form.touched = false;
	/* The first field to type in: the detail when the date is given. */
	if (is(e->kind, "group_advice") && !e->req.event_id)
		form_focus(&e->form, "client_id");
	else if (form_find(&e->form, "detail") >= 0)
		form_focus(&e->form, "detail");
	else
		form_focus(&e->form, "notes");
}

static void go_back(struct ui *ui, struct evform *e)
{
	enum screen_id back = e->req.back;
	if (back == SCREEN_LOGIN || back == SCREEN_EVENT_FORM)
		back = e->req.employer_id && !e->req.client_id ? SCREEN_EMPLOYER_CARD : SCREEN_CARD;
	if (back == SCREEN_CARD)
		ui->client_id = e->req.client_id;
	if (back == SCREEN_EMPLOYER_CARD)
		ui->employer_id = e->req.employer_id;
	ui->next = -1;
	ui_switch(ui, back);
	if (ui->next < 0)
		ui_switch(ui, SCREEN_SEARCH);
}

/* The form's values into an event form; false (with a message next to
 * the field) when something cannot even be read. */
static bool collect(struct ui *ui, struct evform *e, struct ok_event_form *f)
{
	event_form_init(f, e->kind);
	f->client_id = e->req.client_id;
	f->employer_id = employer_kind(e->kind) ? e->req.employer_id : 0;
	f->referral_id = e->req.referral_id;
	snprintf(f->occurred_on, sizeof f->occurred_on, "%s", form_text(&e->form, "occurred_on"));
	snprintf(f->occurred_at, sizeof f->occurred_at, "%s", form_text(&e->form, "occurred_at"));
	if (detail_codes(e->kind) != CODES__COUNT)
		snprintf(f->detail, sizeof f->detail, "%s", form_code(&e->form, "detail"));
	else
		snprintf(f->detail, sizeof f->detail, "%s", form_text(&e->form, "detail"));
	snprintf(f->notes, sizeof f->notes, "%s", form_text(&e->form, "notes"));
	if (form_find(&e->form, "places") >= 0) {
		const char *p = form_text(&e->form, "places");
		char *end;
		long v = strtol(p, &end, 10);
		if (!p[0] || *end || v <= 0 || v > 10000) {
			form_set_msg(&e->form, "places", _("Type the number of places (1-10000)."));
			form_focus(&e->form, "places");
			ui_error(ui, "%s", _("Type the number of places (1-10000)."));
			return false;
		}
		f->places = (int)v;
	}
	int ei = form_find(&e->form, "employer_id");
	if (ei >= 0 && !e->form.fields[ei].hidden && form_text(&e->form, "employer_id")[0]) {
		if (e->nemp == 0) {
			form_set_msg(&e->form, "employer_id", _("No employer matches: type part of the name or the NIP."));
			form_focus(&e->form, "employer_id");
			ui_error(ui, "%s", _("No employer matches: type part of the name or the NIP."));
			return false;
		}
		f->employer_id = e->emp[e->emp_sel].id;
	}
	if (is(e->kind, "deregistration"))
		f->subsidised = form_on(&e->form, "subsidised") ? 1 : 0;
	return true;
}

static void save(struct ui *ui, struct evform *e)
{
	enum ok_status st;
	form_clear_msgs(&e->form);
	if (e->void_only) {
		st = event_void(ui->db, e->req.event_id, form_text(&e->form, "reason"));
	} else {
		struct ok_event_form f;
		int64_t id;
		if (!collect(ui, e, &f))
			return;
		if (e->req.event_id)
			st = event_correct(ui->db, e->req.event_id, &f, form_text(&e->form, "reason"), &id);
		else if (is(e->kind, "group_advice"))
			st = event_record_group(ui->db, &f, e->part_id, e->nparts, NULL);
		else
			st = event_record(ui->db, &f, &id);
	}
	if (st != OK_OK) {
		form_db_error(ui, &e->form);
		return;
	}
	const char *what = codes_label(CODES_EVENT_KIND, e->kind);
	if (e->void_only)
		ui_info(ui, _("Voided: %s."), what);
	else if (e->req.event_id)
		ui_info(ui, _("Corrected: %s."), what);
	else if (is(e->kind, "group_advice"))
		ui_info(ui, _("Saved: %s for %d participants."), what, e->nparts);
	else
		ui_info(ui, _("Saved: %s."), what);
	go_back(ui, e);
}

static int evform_key(struct ui *ui, const struct ui_key *k)
{
	struct evform *e = state(ui);
	const char *focus = form_focused(&e->form);
	bool on_emp = !strcmp(focus, "employer_id"), on_cl = !strcmp(focus, "client_id");
	if ((on_emp || on_cl) && (k->action == UI_PGUP || k->action == UI_PGDN)) {
		int *sel = on_emp ? &e->emp_sel : &e->cl_sel;
		int n = on_emp ? e->nemp : e->ncl;
		if (n)
			*sel = (*sel + (k->action == UI_PGDN ? 1 : n - 1)) % n;
		return UI_DONE;
	}
	if (on_cl && k->action == UI_OPEN && e->ncl) {
		const struct ok_client_hit *h = &e->cl[e->cl_sel];
		add_participant(e, h->id, h->first_name, h->last_name);
		form_set_text(&e->form, "client_id", "");
		e->ncl = 0;
		e->form.touched = true;
		return UI_DONE;
	}
	if (on_cl && k->action == UI_DELETE && !form_text(&e->form, "client_id")[0] && e->nparts) {
		e->nparts--;
		e->form.touched = true;
		return UI_DONE;
	}
	switch (form_key(ui, &e->form, k)) {
	case FORM_SAVE:
		save(ui, e);
		return UI_DONE;
	case FORM_CANCEL:
		ui_info(ui, "%s", _("Nothing was saved."));
		go_back(ui, e);
		return UI_DONE;
	case FORM_CHANGED:
		if (on_emp)
			search_employers(ui, e);
		else if (on_cl)
			search_clients(ui, e);
		else if (!strcmp(focus, "detail"))
			dereg_fields(e);
		return UI_DONE;
	case FORM_HANDLED:
		return UI_DONE;
	default:
		return UI_IGNORED;
	}
}

/* ---- Drawing ---- */

static void draw_picks(struct ui *ui, struct evform *e, int y, int last)
{
	const char *focus = form_focused(&e->form);
	if (!strcmp(focus, "employer_id") || (e->nemp && form_find(&e->form, "employer_id") >= 0 &&
	                                      !e->form.fields[form_find(&e->form, "employer_id")].hidden)) {
		if (y > last)
			return;
		if (!e->nemp && form_text(&e->form, "employer_id")[0])
			w_text(ui, y++, 3, ui->cols - 4, LOOK_DIM, _("No employer matches."));
		for (int i = 0; i < e->nemp && y <= last; i++) {
			char line[600];
			snprintf(line, sizeof line, "%s  %s", e->emp[i].nip, e->emp[i].name);
			enum ui_look look = i == e->emp_sel ? LOOK_SELECTED : LOOK_NORMAL;
			w_fill(ui, y, 3, ui->cols - 6, look);
			w_text(ui, y++, 4, ui->cols - 8, look, line);
		}
		ui->help = pick_help;
	}
	if (is(e->kind, "group_advice")) {
		for (int i = 0; i < e->ncl && y <= last && !strcmp(focus, "client_id"); i++) {
			char line[1000];
			snprintf(line, sizeof line, "%s %s  %s  %s", e->cl[i].last_name, e->cl[i].first_name,
			         e->cl[i].birth_date, e->cl[i].status[0] ? codes_label(CODES_STATUS, e->cl[i].status) : "-");
			enum ui_look look = i == e->cl_sel ? LOOK_SELECTED : LOOK_NORMAL;
			w_fill(ui, y, 3, ui->cols - 6, look);
			w_text(ui, y++, 4, ui->cols - 8, look, line);
		}
		if (y <= last)
			w_textf(ui, y++, 1, ui->cols - 2, LOOK_HEADING, "%s (%d)", _("Participants"), e->nparts);
		for (int i = 0; i < e->nparts && y <= last; i++)
			w_text(ui, y++, 3, ui->cols - 4, LOOK_NORMAL, e->part_name[i]);
		if (!strcmp(focus, "client_id"))
			ui->help = pick_help;
	}
}

static void evform_draw(struct ui *ui)
{
	struct evform *e = state(ui);
	char title[400];
	const char *what = codes_label(CODES_EVENT_KIND, e->kind);
	if (e->void_only)
		snprintf(title, sizeof title, _("Void: %s"), what);
	else if (e->req.event_id)
		snprintf(title, sizeof title, _("Correct: %s"), what);
	else
		snprintf(title, sizeof title, "%s", what);
	w_text(ui, 1, 1, ui->cols - 2, LOOK_HEADING, title);
	if (e->who[0])
		w_text_right(ui, 1, ui->cols - 1, ui->cols / 2, LOOK_NORMAL, e->who);
	int rows = 0;
	for (int i = 0; i < e->form.n; i++)
		rows += !e->fields[i].hidden;
	int last = ui->lines - 3;
	int h = rows < last - 3 ? rows : last - 3;
	draw_picks(ui, e, 3 + h + 1, last);
	/* The form last: the cursor belongs to its focused field. */
	form_draw(ui, &e->form, 3, 1, h, ui->cols - 2);
}

const struct screen screen_event_form = {
	.name = "event_form",
	.title = N_("Record"),
	.init = evform_init,
	.free = evform_free,
	.enter = evform_enter,
	.leave = NULL,
	.draw = evform_draw,
	.key = evform_key,
	.resize = NULL,
	.help = form_help,
};
