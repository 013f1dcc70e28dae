/* card.c: the client card. The top holds who the client is and the
 * current registration; below come earlier registration periods and the
 * groups in a special situation (each shortened to the room there is),
 * and the rest of the window is the history of events, newest first, in
 * a scrollable list. The line under the list shows the selected event in
 * full: its notes, or why it was corrected or voided. The card only reads
 * (client_card_load() audits that it was opened); Esc goes back to the
 * search as it was. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"

#define TOP_ROWS 8        /* rows 1-8: identity, status, contact deadline */
#define HISTORY_MIN 8     /* heading, six events, the detail line */

struct card {
	struct ok_card c;
	bool loaded;
	struct w_list list;
	struct w_menu menu;
	enum screen_id back;      /* where Esc goes */
};

static const struct ui_help card_help[] = {
	{ UI_RECORD, NULL },
	{ UI_BACK, NULL },
	{ UI_WORKLIST, NULL },
	{ UI_REFERRALS, NULL },
	{ UI_EMPLOYERS, NULL },
	{ UI_QUIT, NULL },
	{ UI_NONE, NULL },
};

static const struct ui_help menu_help[] = {
	{ UI_OPEN, N_("choose") },
	{ UI_UP, NULL },
	{ UI_BACK, N_("close") },
	{ UI_NONE, NULL },
};

/* What the F4 menu offers. */
enum card_action {
	DO_EVENT,                 /* an event kind: kinds[] below */
	DO_CORRECT = 100,
	DO_VOID,
	DO_AGAIN,                 /* register again */
	DO_EDIT,                  /* change the client's data */
	DO_OUTCOME = 1000         /* + i: an outcome of the referral events[i] */
};

/* The kinds a client event can be, in the menu's order, with who may
 * record them. */
static const struct {
	const char *kind;
	enum ok_action action;
	bool registered;          /* needs an open registration */
} kinds[] = {
	{ "initial_interview", ACT_SERVICE_RECORD, true },
	{ "individual_advice", ACT_SERVICE_RECORD, true },
	{ "group_advice", ACT_SERVICE_RECORD, true },
	{ "vocational_info", ACT_SERVICE_RECORD, true },
	{ "test_examination", ACT_SERVICE_RECORD, true },
	{ "contact", ACT_CONTACT_RECORD, true },
	{ "referral_counselor", ACT_REFER_COUNSELOR, true },
	{ "referral_soft_skills", ACT_REFERRAL_RECORD, true },
	{ "referral_training", ACT_REFERRAL_RECORD, true },
	{ "referral_internship", ACT_REFERRAL_RECORD, true },
	{ "referral_socially_useful_work", ACT_REFERRAL_RECORD, true },
	{ "startup_grant", ACT_REFERRAL_RECORD, true },
	{ "deregistration", ACT_DEREGISTER, true },
};

static struct card *state(struct ui *ui)
{
	return ui->state[SCREEN_CARD];
}

static void *card_init(struct ui *ui)
{
	(void)ui;
	return ui_alloc(1, sizeof(struct card));
}

static void unload(struct card *k)
{
	if (k->loaded)
		client_card_free(&k->c);
	memset(&k->c, 0, sizeof k->c);
	k->loaded = false;
}

static void card_free(void *p)
{
	if (p)
		unload(p);
	free(p);
}

static void card_enter(struct ui *ui)
{
	struct card *k = state(ui);
	/* Esc returns to the list the card was opened from; a form returns
	 * here and leaves that as it was. */
	if (ui->prev == SCREEN_SEARCH || ui->prev == SCREEN_WORKLIST || ui->prev == SCREEN_REFERRALS ||
	    ui->prev == SCREEN_EMPLOYER_CARD || ui->prev == SCREEN_DRILL)
		k->back = ui->prev;
	else if (ui->prev != SCREEN_EVENT_FORM && ui->prev != SCREEN_CLIENT_FORM)
		k->back = SCREEN_SEARCH;
	k->menu.open = false;
	unload(k);
	if (client_card_load(ui->db, ui->client_id, &k->c) != OK_OK) {
		ui_db_error(ui);
		ui_switch(ui, SCREEN_SEARCH);
		return;
	}
	k->loaded = true;
	w_list_reset(&k->list, k->c.nevents);
}

static void card_leave(struct ui *ui)
{
	unload(state(ui));
}

static bool registered(const struct ok_card *c)
{
	for (int i = 0; i < c->nregs; i++)
		if (!c->regs[i].ended_on[0])
			return true;
	return false;
}

static const struct ok_card_event *selected(struct card *k)
{
	return k->c.nevents ? &k->c.events[k->list.sel] : NULL;
}

static void open_menu(struct ui *ui, struct card *k)
{
	enum ok_role role = db_actor(ui->db)->role;
	const struct ok_card_event *e = selected(k);
	bool reg = registered(&k->c);
	w_menu_start(&k->menu);
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (staff_role_may(role, kinds[i].action) && (reg || !kinds[i].registered))
			w_menu_add(&k->menu, DO_EVENT + (int)i, codes_label(CODES_EVENT_KIND, kinds[i].kind));
	/* An outcome for each referral still waiting for one, newest first. */
	for (int i = 0; i < k->c.nevents && staff_role_may(role, ACT_REFERRAL_RECORD); i++) {
		const struct ok_card_event *r = &k->c.events[i];
		if (!event_is_referral(r->kind) || strcmp(r->state, "active") != 0 ||
		    (strcmp(r->ref_state, "issued") != 0 && strcmp(r->ref_state, "started") != 0))
			continue;
		char label[96];
		snprintf(label, sizeof label, _("Outcome: %s of %s"), codes_label(CODES_EVENT_KIND, r->kind),
		         r->occurred_on);
		w_menu_add(&k->menu, DO_OUTCOME + i, label);
	}
	if (e && !strcmp(e->state, "active") && strcmp(e->kind, "registration") != 0 &&
	    (staff_role_may(role, ACT_CORRECT_ANY) || e->staff_id == db_actor(ui->db)->staff_id)) {
		w_menu_add(&k->menu, DO_CORRECT, _("Correct the selected event"));
		w_menu_add(&k->menu, DO_VOID, _("Void the selected event"));
	}
	if (!reg && staff_role_may(role, ACT_CLIENT_WRITE))
		w_menu_add(&k->menu, DO_AGAIN, _("Register again"));
	if (staff_role_may(role, ACT_CLIENT_WRITE))
		w_menu_add(&k->menu, DO_EDIT, _("Change the client's data"));
	if (!k->menu.n) {
		k->menu.open = false;
		ui_error(ui, "%s", _("Your role records nothing for clients."));
	}
}

/* Opens a form for the menu's choice. */
static void choose(struct ui *ui, struct card *k, int id)
{
	const struct ok_card_event *e = selected(k);
	struct ui_request *r = &ui->req;
	memset(r, 0, sizeof *r);
	r->client_id = k->c.id;
	r->back = SCREEN_CARD;
	snprintf(r->text, sizeof r->text, "%s %s", k->c.first_name, k->c.last_name);
	if (id >= DO_EVENT && id < DO_EVENT + (int)(sizeof kinds / sizeof kinds[0])) {
		snprintf(r->kind, sizeof r->kind, "%s", kinds[id - DO_EVENT].kind);
		ui_switch(ui, SCREEN_EVENT_FORM);
	} else if (id >= DO_OUTCOME && id - DO_OUTCOME < k->c.nevents) {
		snprintf(r->kind, sizeof r->kind, "referral_outcome");
		r->referral_id = k->c.events[id - DO_OUTCOME].id;
		ui_switch(ui, SCREEN_EVENT_FORM);
	} else if ((id == DO_CORRECT || id == DO_VOID) && e) {
		snprintf(r->kind, sizeof r->kind, "%s", e->kind);
		r->event_id = e->id;
		r->referral_id = e->referral_id;
		r->employer_id = e->employer_id;
		r->void_it = id == DO_VOID;
		ui_switch(ui, SCREEN_EVENT_FORM);
	} else if (id == DO_AGAIN || id == DO_EDIT) {
		snprintf(r->kind, sizeof r->kind, "%s", id == DO_AGAIN ? "again" : "edit");
		ui_switch(ui, SCREEN_CLIENT_FORM);
		if (ui->next < 0)
			ui_error(ui, "%s", _("This form is not available."));
	}
}

static int card_key(struct ui *ui, const struct ui_key *k)
{
	struct card *c = state(ui);
	if (c->menu.open && k->action == UI_QUIT) {
		c->menu.open = false;
		return UI_IGNORED;   /* F10 still leaves */
	}
	if (c->menu.open) {
		int id = w_menu_key(&c->menu, k);
		if (id >= 0)
			choose(ui, c, id);
		return UI_DONE;
	}
	if (k->action == UI_BACK) {
		ui_switch(ui, c->back);
		return UI_DONE;
	}
	if (k->action == UI_RECORD && c->loaded) {
		open_menu(ui, c);
		return UI_DONE;
	}
	return w_list_key(&c->list, k->action) ? UI_DONE : UI_IGNORED;
}

/* ---- Texts ---- */

static const char *disability_label(const char *code)
{
	static const struct { const char *code, *label; } degrees[] = {
		{ "light", N_("light") },
		{ "moderate", N_("moderate") },
		{ "severe", N_("severe") },
	};
	if (!code[0])
		return _("none");
	for (size_t i = 0; i < sizeof degrees / sizeof degrees[0]; i++)
		if (strcmp(degrees[i].code, code) == 0)
			return _(degrees[i].label);
	return code;
}

/* The code set of an event's detail, by kind; CODES__COUNT: free text. */
static enum code_set detail_set(const char *kind)
{
	static const struct { const char *kind; enum code_set set; } sets[] = {
		{ "contact", CODES_CONTACT_MODE },
		{ "referral_outcome", CODES_OUTCOME },
		{ "startup_grant", CODES_GRANT_SOURCE },
		{ "deregistration", CODES_DEREG_REASON },
		{ "registration", CODES_STATUS },
	};
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
		if (strcmp(sets[i].kind, kind) == 0)
			return sets[i].set;
	return CODES__COUNT;
}

static void append(char *out, size_t n, const char *s)
{
	size_t len = strlen(out);
	if (!s[0] || len + 1 >= n)
		return;
	snprintf(out + len, n - len, "%s%s", len ? ", " : "", s);
}

/* The detail of an event for people: the labelled detail, the employer
 * and, when `full`, the notes and the reason of a correction or void. */
static void event_text(const struct ok_card_event *e, bool full, char *out, size_t n)
{
	out[0] = '\0';
	if (strcmp(e->state, "voided") == 0)
		snprintf(out, n, "[%s] ", _("voided"));
	else if (strcmp(e->state, "corrected") == 0)
		snprintf(out, n, "[%s] ", _("corrected"));
	size_t mark = strlen(out);
	char body[1200] = "";
	enum code_set set = detail_set(e->kind);
	if (event_is_referral(e->kind) && !strcmp(e->state, "active")) {
		char st[64];
		snprintf(st, sizeof st, "[%s]", event_state_label(e->ref_state));
		append(body, sizeof body, st);
	}
	append(body, sizeof body, set == CODES__COUNT ? e->detail : codes_label(set, e->detail));
	if (strcmp(e->employer_name, e->detail) != 0)
		append(body, sizeof body, e->employer_name);
	if (full) {
		append(body, sizeof body, e->notes);
		if (e->reason[0] && e->state[0] && strcmp(e->state, "active") != 0) {
			char r[300];
			snprintf(r, sizeof r, _("reason: %s"), e->reason);
			append(body, sizeof body, r);
		}
	}
	snprintf(out + mark, n - mark, "%s", body);
}

/* ---- Drawing ---- */

/* The 90-day contact deadline: the date and the days left, marked when
 * it is near (14 days) or has passed. */
static void draw_deadline(struct ui *ui, int y, int x, int cols, const char *due)
{
	struct ok_date d, today = date_today();
	char buf[128];
	if (date_parse(due, &d) != NULL)
		return;
	long left = date_to_days(&d) - date_to_days(&today);
	if (left < 0)
		snprintf(buf, sizeof buf, _("%s (overdue by %ld days)"), due, -left);
	else
		snprintf(buf, sizeof buf, _("%s (%ld days left)"), due, left);
	int lw = w_text(ui, y, x, cols, LOOK_LABEL, _("Contact by"));
	w_text(ui, y, x + lw, cols - lw, LOOK_LABEL, ": ");
	w_text(ui, y, x + lw + 2, cols - lw - 2, left <= 14 ? LOOK_ERROR : LOOK_NORMAL, buf);
}

static void draw_identity(struct ui *ui, const struct ok_card *c)
{
	int c1 = 1, c2 = ui->cols / 3, c3 = 2 * ui->cols / 3, w = ui->cols - 2;
	char buf[1024];

	char id[160];
	const char *idlabel = c->pesel[0] ? _("PESEL") : _("Document");
	if (c->pesel[0])
		snprintf(id, sizeof id, "%s", c->pesel);
	else
		snprintf(id, sizeof id, "%s %s", c->doc_type, c->doc_number);
	int idw = w_width(idlabel) + 2 + w_width(id);
	if (idw > ui->cols / 2)
		idw = ui->cols / 2;
	snprintf(buf, sizeof buf, "%s %s", c->first_name, c->last_name);
	w_text(ui, 1, c1, ui->cols - idw - 4, LOOK_HEADING, buf);
	w_pair(ui, 1, ui->cols - 1 - idw, idw, idlabel, id);

	w_pair(ui, 2, c1, c2 - c1 - 2, _("Born"), c->birth_date);
	w_pair(ui, 2, c2, c3 - c2 - 2, _("Sex"), codes_label(CODES_SEX, c->sex));
	w_pair(ui, 2, c3, ui->cols - c3 - 1, _("Citizenship"), c->citizenship);
	w_pair(ui, 3, c1, w, _("Address"), c->address[0] ? c->address : "-");
	w_pair(ui, 4, c1, c2 - c1 - 2, _("Phone"), c->phone[0] ? c->phone : "-");
	w_pair(ui, 4, c2, ui->cols - c2 - 1, _("E-mail"), c->email[0] ? c->email : "-");
	w_pair(ui, 5, c1, c3 - c1 - 2, _("Education"),
	       c->education[0] ? codes_label(CODES_EDUCATION, c->education) : "-");
	w_pair(ui, 5, c3, ui->cols - c3 - 1, _("Benefit"), c->benefit ? _("yes") : _("no"));
	w_pair(ui, 6, c1, c2 - c1 - 2, _("Disability"), disability_label(c->disability));
	w_pair(ui, 6, c2, ui->cols - c2 - 1, _("Action plan (IPD)"), c->ipd_on[0] ? c->ipd_on : "-");

	const struct ok_card_registration *cur = NULL;
	for (int i = 0; i < c->nregs && !cur; i++)
		if (!c->regs[i].ended_on[0])
			cur = &c->regs[i];
	if (cur)
		snprintf(buf, sizeof buf, _("%s since %s (%s)"), codes_label(CODES_STATUS, cur->status),
		         cur->registered_on, codes_label(CODES_REGIME, cur->regime));
	else
		snprintf(buf, sizeof buf, "%s", _("not registered"));
	w_pair(ui, 7, c1, w, _("Status"), buf);
	if (c->contact_due[0])
		draw_deadline(ui, 8, c1, w, c->contact_due);
}

static void period_text(const struct ok_card_registration *r, char *out, size_t n)
{
	snprintf(out, n, "%s - %s  %s (%s)%s%s", r->registered_on, r->ended_on,
	         codes_label(CODES_STATUS, r->status), codes_label(CODES_REGIME, r->regime),
	         r->end_reason[0] ? ": " : "",
	         r->end_reason[0] ? codes_label(CODES_DEREG_REASON, r->end_reason) : "");
}

static void group_text(const struct ok_card_group *g, char *out, size_t n)
{
	snprintf(out, n, "%s - %-10s  %s", g->valid_from, g->valid_to,
	         codes_label(CODES_GROUP, g->code));
}

/* A section of `rows` rows: a heading and as many items as fit, the
 * last row saying how many did not. Returns the rows drawn. */
static int draw_section(struct ui *ui, int y, int rows, const char *heading, int n,
                        const struct ok_card *c, void (*text)(const struct ok_card *, int, char *, size_t))
{
	if (rows <= 0 || n <= 0)
		return 0;
	w_textf(ui, y, 1, ui->cols - 2, LOOK_HEADING, "%s (%d)", heading, n);
	int shown = n <= rows - 1 ? n : rows - 2;
	char buf[600];
	for (int i = 0; i < shown; i++) {
		text(c, i, buf, sizeof buf);
		w_text(ui, y + 1 + i, 3, ui->cols - 4, LOOK_NORMAL, buf);
	}
	if (shown < n && rows >= 2) {
		if (shown < 0)
			shown = 0;
		w_textf(ui, y + 1 + shown, 3, ui->cols - 4, LOOK_DIM, _("... and %d more"), n - shown);
	}
	return rows < 1 + n ? rows : 1 + n;
}

static int earlier_count(const struct ok_card *c)
{
	int n = 0;
	for (int i = 0; i < c->nregs; i++)
		n += c->regs[i].ended_on[0] != '\0';
	return n;
}

static void earlier_text(const struct ok_card *c, int idx, char *out, size_t n)
{
	for (int i = 0; i < c->nregs; i++)
		if (c->regs[i].ended_on[0] && idx-- == 0) {
			period_text(&c->regs[i], out, n);
			return;
		}
	out[0] = '\0';
}

static void groups_text(const struct ok_card *c, int idx, char *out, size_t n)
{
	group_text(&c->groups[idx], out, n);
}

/* Columns of a history row. */
struct hcols {
	int date, kind, staff, detail;
	int wkind, wstaff, wdetail;
};

static void history_layout(const struct ui *ui, struct hcols *h)
{
	int rest = ui->cols - 2 - 16 - 3 * 2;
	h->wkind = rest * 36 / 100;
	h->wstaff = rest * 24 / 100;
	h->wdetail = rest - h->wkind - h->wstaff;
	h->date = 1;
	h->kind = h->date + 16 + 2;
	h->staff = h->kind + h->wkind + 2;
	h->detail = h->staff + h->wstaff + 2;
}

static void draw_event(struct ui *ui, void *arg, int i, int y, int x, int cols, enum ui_look look)
{
	const struct ok_card *c = arg;
	const struct ok_card_event *e = &c->events[i];
	struct hcols h;
	char buf[1400];
	(void)x;
	(void)cols;
	history_layout(ui, &h);
	if (look == LOOK_NORMAL && strcmp(e->state, "active") != 0 && e->state[0])
		look = LOOK_DIM;
	snprintf(buf, sizeof buf, "%s %s", e->occurred_on, e->occurred_at);
	w_text(ui, y, h.date, 16, look, buf);
	w_text(ui, y, h.kind, h.wkind, look, codes_label(CODES_EVENT_KIND, e->kind));
	w_text(ui, y, h.staff, h.wstaff, look, e->staff_name[0] ? e->staff_name : e->staff_login);
	event_text(e, false, buf, sizeof buf);
	w_text(ui, y, h.detail, h.wdetail, look, buf);
}

static void card_draw(struct ui *ui)
{
	struct card *k = state(ui);
	if (!k->loaded)
		return;
	const struct ok_card *c = &k->c;
	draw_identity(ui, c);

	int y = TOP_ROWS + 1, last = ui->lines - 3;
	int np = earlier_count(c), ng = c->ngroups;
	int need_p = np ? 1 + np : 0, need_g = ng ? 1 + ng : 0;
	int room = last - y + 1 - HISTORY_MIN;
	if (room < 0)
		room = 0;
	int rp = need_p, rg = need_g;
	if (rp + rg > room) {
		rg = need_g < room / 2 ? need_g : room / 2;
		rp = room - rg;
		if (rp > need_p) {
			rg += rp - need_p;
			rp = need_p;
		}
		if (rg > need_g)
			rg = need_g;
	}
	y += draw_section(ui, y, rp, _("Earlier registrations"), np, c, earlier_text);
	y += draw_section(ui, y, rg, _("Groups in a special situation"), ng, c, groups_text);

	w_textf(ui, y, 1, ui->cols - 2, LOOK_HEADING, "%s (%d)", _("History"), c->nevents);
	int h = last - 1 - (y + 1) + 1;
	if (!c->nevents) {
		w_text(ui, y + 1, 3, ui->cols - 4, LOOK_DIM, _("No events."));
		if (k->menu.open) {
			w_menu_draw(ui, &k->menu, _("Record"));
			ui->help = menu_help;
		}
		return;
	}
	char pos[32];
	snprintf(pos, sizeof pos, "%d/%d", k->list.sel + 1, c->nevents);
	w_text_right(ui, y, ui->cols - 1, 16, LOOK_DIM, pos);
	w_list_draw(ui, &k->list, y + 1, 0, h, ui->cols, draw_event, &k->c);

	/* The selected event in full, with who recorded it. */
	const struct ok_card_event *e = &c->events[k->list.sel];
	char buf[1400], line[1600];
	event_text(e, true, buf, sizeof buf);
	snprintf(line, sizeof line, "%s%s%s", e->staff_name[0] ? e->staff_name : e->staff_login,
	         buf[0] ? ": " : "", buf);
	w_text(ui, last, 3, ui->cols - 4, LOOK_NORMAL, line);
	if (k->menu.open) {
		w_menu_draw(ui, &k->menu, _("Record"));
		ui->help = menu_help;
	}
}

static void card_resize(struct ui *ui)
{
	(void)ui;   /* laid out from the window size at every draw */
}

const struct screen screen_card = {
	.name = "card",
	.title = N_("Client card"),
	.init = card_init,
	.free = card_free,
	.enter = card_enter,
	.leave = card_leave,
	.draw = card_draw,
	.key = card_key,
	.resize = card_resize,
	.help = card_help,
};
