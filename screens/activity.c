/* activity.c: the office activity log and the programmes register, for
 * supervisors (F4 from the counts or the report). The log lists a year's
 * entries (Left/Right the year): F3 records one (job fairs, exhibitors,
 * marketing visits, staff trained, agreements, meetings, ... under the
 * report's indicator code, with a quantity), F4 voids the selected one.
 * Tab switches to the programmes and projects: F3 adds one, F4 enrols a
 * client (by PESEL). Forms open in place; a failed save keeps what was
 * typed and shows the message next to the field. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"

#define LIST_Y 4
#define MAX_CODES REPORT_INDICATORS

enum mode { M_ENTRIES, M_PROGRAMMES };
enum what { F_NONE, F_ENTRY, F_VOID, F_PROGRAMME, F_ENROL };

static const struct form_field entry_fields[] = {
	{ .name = "indicator", .label = N_("Indicator"), .type = FORM_CHOICE, .required = true, .set = CODES__COUNT },
	{ .name = "what", .label = N_("Counts as"), .type = FORM_NOTE, .set = CODES__COUNT },
	{ .name = "occurred_on", .label = N_("Date"), .type = FORM_TEXT, .required = true, .max = 10, .cols = 10, .set = CODES__COUNT },
	{ .name = "quantity", .label = N_("Quantity"), .type = FORM_TEXT, .required = true, .max = 7, .cols = 7, .set = CODES__COUNT },
	{ .name = "description", .label = N_("Description"), .type = FORM_TEXT, .required = true, .max = 200, .set = CODES__COUNT },
};
static const struct form_field void_fields[] = {
	{ .name = "entry", .label = N_("Entry"), .type = FORM_NOTE, .set = CODES__COUNT },
	{ .name = "reason", .label = N_("Reason for the void"), .type = FORM_TEXT, .required = true, .max = 200, .set = CODES__COUNT },
};
static const struct form_field programme_fields[] = {
	{ .name = "name", .label = N_("Name"), .type = FORM_TEXT, .required = true, .max = 200, .set = CODES__COUNT },
	{ .name = "kind", .label = N_("Kind"), .type = FORM_CHOICE, .required = true, .set = CODES__COUNT },
	{ .name = "funding", .label = N_("Funding"), .type = FORM_CHOICE, .required = true, .set = CODES__COUNT },
	{ .name = "special_situation", .label = N_("For persons in a special situation"), .type = FORM_CHECK, .set = CODES__COUNT },
	{ .name = "started_on", .label = N_("Start"), .type = FORM_TEXT, .required = true, .max = 10, .cols = 10, .set = CODES__COUNT },
	{ .name = "ended_on", .label = N_("End"), .type = FORM_TEXT, .max = 10, .cols = 10, .set = CODES__COUNT },
};
static const struct form_field enrol_fields[] = {
	{ .name = "programme", .label = N_("Programme"), .type = FORM_NOTE, .set = CODES__COUNT },
	{ .name = "client_id", .label = N_("Client's PESEL"), .type = FORM_TEXT, .required = true, .max = 11, .cols = 11, .set = CODES__COUNT },
	{ .name = "enrolled_on", .label = N_("Enrolled on"), .type = FORM_TEXT, .required = true, .max = 10, .cols = 10, .set = CODES__COUNT },
};

#define NMAX 8

struct activity_screen {
	enum mode mode;
	int year;
	struct ok_activity *entries;
	int nentries;
	struct ok_programme *progs;
	int nprogs;
	struct w_list list;
	enum what form_what;
	struct form form;
	struct form_field fields[NMAX];
	const char *codes[MAX_CODES];     /* the indicators of the activity log */
	int ncodes;
};

static const struct ui_help list_help[] = {
	{ UI_NEW, NULL },
	{ UI_RECORD, N_("void") },
	{ UI_NEXT, N_("programmes") },
	{ UI_BACK, NULL },
	{ UI_QUIT, NULL },
	{ UI_NONE, NULL },
};
static const struct ui_help prog_help[] = {
	{ UI_NEW, NULL },
	{ UI_RECORD, N_("enrol a client") },
	{ UI_NEXT, N_("activity log") },
	{ UI_BACK, NULL },
	{ UI_QUIT, NULL },
	{ UI_NONE, NULL },
};
static const struct ui_help form_help[] = {
	{ UI_SAVE, NULL },
	{ UI_NEXT, NULL },
	{ UI_BACK, N_("cancel") },
	{ UI_NONE, NULL },
};

static struct activity_screen *state(struct ui *ui)
{
	return ui->state[SCREEN_ACTIVITY];
}

static void *activity_init(struct ui *ui)
{
	(void)ui;
	struct activity_screen *a = ui_alloc(1, sizeof *a);
	a->year = date_today().y;
	for (int i = 0; i < REPORT_INDICATORS; i++) {
		const struct report_indicator *ind = report_indicator(i);
		if (ind->how == HOW_ACTIVITY)
			a->codes[a->ncodes++] = ind->code;
	}
	return a;
}

static void activity_free(void *p)
{
	struct activity_screen *a = p;
	if (a) {
		free(a->entries);
		free(a->progs);
	}
	free(a);
}

static int count(const struct activity_screen *a)
{
	return a->mode == M_ENTRIES ? a->nentries : a->nprogs;
}

static void reload(struct ui *ui, struct activity_screen *a)
{
	int sel = a->list.sel;
	free(a->entries);
	free(a->progs);
	a->entries = NULL;
	a->progs = NULL;
	a->nentries = a->nprogs = 0;
	if (activity_list(ui->db, a->year, &a->entries, &a->nentries) != OK_OK ||
	    programme_list(ui->db, &a->progs, &a->nprogs) != OK_OK)
		ui_db_error(ui);
	int n = count(a);
	w_list_reset(&a->list, n);
	a->list.sel = n ? (sel < n ? sel : n - 1) : 0;
}

static void activity_enter(struct ui *ui)
{
	struct activity_screen *a = state(ui);
	if (!staff_role_may(db_actor(ui->db)->role, ACT_ACTIVITY_LOG)) {
		ui_error(ui, "%s", _("The activity log is kept by supervisors."));
		ui_switch(ui, ui->prev >= 0 && ui->prev != SCREEN_ACTIVITY ? (enum screen_id)ui->prev : SCREEN_SEARCH);
		return;
	}
	a->form_what = F_NONE;
	reload(ui, a);
}

static void today(char out[11])
{
	struct ok_date d = date_today();
	date_format(&d, out);
}

static void show_indicator(struct activity_screen *a)
{
	const struct report_indicator *ind = report_indicator(report_find(form_code(&a->form, "indicator")));
	form_set_text(&a->form, "what", ind ? _(ind->label) : "");
}

static void open_form(struct ui *ui, struct activity_screen *a, enum what w)
{
	static const struct { const struct form_field *f; int n; } t[] = {
		[F_ENTRY] = { entry_fields, sizeof entry_fields / sizeof *entry_fields },
		[F_VOID] = { void_fields, sizeof void_fields / sizeof *void_fields },
		[F_PROGRAMME] = { programme_fields, sizeof programme_fields / sizeof *programme_fields },
		[F_ENROL] = { enrol_fields, sizeof enrol_fields / sizeof *enrol_fields },
	};
	char d[11];
	int n;
	today(d);
	memcpy(a->fields, t[w].f, (size_t)t[w].n * sizeof *a->fields);
	for (int i = 0; i < t[w].n; i++) {
		struct form_field *f = &a->fields[i];
		if (!strcmp(f->name, "indicator")) {
			f->codes = a->codes;
			f->labels = a->codes;
			f->ncodes = a->ncodes;
		} else if (!strcmp(f->name, "kind")) {
			f->codes = programme_kinds(&n);
			f->labels = programme_kind_msgids();
			f->ncodes = n;
		} else if (!strcmp(f->name, "funding")) {
			f->codes = programme_fundings(&n);
			f->labels = programme_funding_msgids();
			f->ncodes = n;
		}
	}
	form_init(&a->form, a->fields, t[w].n);
	a->form_what = w;
	if (w == F_ENTRY) {
		form_set_code(&a->form, "indicator", a->codes[0]);
		show_indicator(a);
		form_set_text(&a->form, "occurred_on", d);
		form_set_text(&a->form, "quantity", "1");
		form_focus(&a->form, "indicator");
	} else if (w == F_VOID) {
		const struct ok_activity *e = &a->entries[a->list.sel];
		char what[400];
		snprintf(what, sizeof what, "%s %s %ld %s", e->occurred_on, e->indicator, e->quantity, e->description);
		form_set_text(&a->form, "entry", what);
		form_focus(&a->form, "reason");
	} else if (w == F_PROGRAMME) {
		form_set_code(&a->form, "kind", "special");
		form_set_code(&a->form, "funding", "national");
		form_set_text(&a->form, "started_on", d);
	} else if (w == F_ENROL) {
		form_set_text(&a->form, "programme", a->progs[a->list.sel].name);
		form_set_text(&a->form, "enrolled_on", d);
		form_focus(&a->form, "client_id");
	}
	a->form.touched = false;
	(void)ui;
}

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

static enum ok_status save(struct ui *ui, struct activity_screen *a)
{
	struct form *f = &a->form;
	int64_t id;
	switch (a->form_what) {
	case F_ENTRY: {
		struct ok_activity_form e;
		memset(&e, 0, sizeof e);
		copy(e.indicator, sizeof e.indicator, form_code(f, "indicator"));
		copy(e.occurred_on, sizeof e.occurred_on, form_text(f, "occurred_on"));
		copy(e.description, sizeof e.description, form_text(f, "description"));
		char *end;
		const char *q = form_text(f, "quantity");
		e.quantity = strtol(q, &end, 10);
		if (!*q || *end)
			e.quantity = -1;
		return activity_add(ui->db, &e, &id);
	}
	case F_VOID:
		return activity_void(ui->db, a->entries[a->list.sel].id, form_text(f, "reason"));
	case F_PROGRAMME: {
		struct ok_programme_form p;
		memset(&p, 0, sizeof p);
		copy(p.name, sizeof p.name, form_text(f, "name"));
		copy(p.kind, sizeof p.kind, form_code(f, "kind"));
		copy(p.funding, sizeof p.funding, form_code(f, "funding"));
		p.special_situation = form_on(f, "special_situation");
		copy(p.started_on, sizeof p.started_on, form_text(f, "started_on"));
		copy(p.ended_on, sizeof p.ended_on, form_text(f, "ended_on"));
		return programme_add(ui->db, &p, &id);
	}
	case F_ENROL: {
		const char *pesel = form_text(f, "client_id");
		struct ok_client_hit hits[2];
		int n = 0;
		enum ok_status st = client_search(ui->db, pesel, NULL, hits, 2, &n);
		if (st != OK_OK)
			return st;
		if (n < 1 || strcmp(hits[0].pesel, pesel) != 0)
			return db_fail_field(ui->db, "client_id", OK_ENOTFOUND, "%s", _("No client has this PESEL."));
		return programme_enrol(ui->db, a->progs[a->list.sel].id, hits[0].id, form_text(f, "enrolled_on"), &id);
	}
	default:
		return OK_OK;
	}
}

static int activity_key(struct ui *ui, const struct ui_key *k)
{
	struct activity_screen *a = state(ui);
	if (a->form_what != F_NONE) {
		char focus[32];
		snprintf(focus, sizeof focus, "%s", form_focused(&a->form));
		switch (form_key(ui, &a->form, k)) {
		case FORM_SAVE:
			form_clear_msgs(&a->form);
			if (save(ui, a) != OK_OK) {
				form_db_error(ui, &a->form);
			} else {
				a->form_what = F_NONE;
				ui_info(ui, "%s", _("Saved."));
				reload(ui, a);
			}
			return UI_DONE;
		case FORM_CANCEL:
			a->form_what = F_NONE;
			ui_info(ui, "%s", _("Nothing was saved."));
			return UI_DONE;
		case FORM_CHANGED:
			if (!strcmp(focus, "indicator"))
				show_indicator(a);
			return UI_DONE;
		case FORM_HANDLED:
			return UI_DONE;
		default:
			return k->action == UI_QUIT ? UI_IGNORED : UI_DONE;
		}
	}
	switch (k->action) {
	case UI_NEXT:
	case UI_PREV:
		a->mode = a->mode == M_ENTRIES ? M_PROGRAMMES : M_ENTRIES;
		w_list_reset(&a->list, count(a));
		return UI_DONE;
	case UI_LEFT:
	case UI_RIGHT:
		if (a->mode == M_ENTRIES) {
			a->year += k->action == UI_LEFT ? -1 : 1;
			a->list.sel = 0;
			reload(ui, a);
		}
		return UI_DONE;
	case UI_NEW:
		open_form(ui, a, a->mode == M_ENTRIES ? F_ENTRY : F_PROGRAMME);
		return UI_DONE;
	case UI_RECORD:
		if (!count(a))
			return UI_DONE;
		if (a->mode == M_ENTRIES && a->entries[a->list.sel].voided)
			ui_error(ui, "%s", _("This entry was voided already."));
		else
			open_form(ui, a, a->mode == M_ENTRIES ? F_VOID : F_ENROL);
		return UI_DONE;
	case UI_BACK:
		ui_switch(ui, ui->prev == SCREEN_REPORT ? SCREEN_REPORT : SCREEN_COUNTS);
		return UI_DONE;
	default:
		return w_list_key(&a->list, k->action) ? UI_DONE : UI_IGNORED;
	}
}

static void draw_row(struct ui *ui, void *arg, int i, int y, int x, int cols, enum ui_look look)
{
	struct activity_screen *a = arg;
	(void)x;
	if (a->mode == M_ENTRIES) {
		const struct ok_activity *e = &a->entries[i];
		enum ui_look l = e->voided && look != LOOK_SELECTED ? LOOK_DIM : look;
		w_text(ui, y, 1, 10, l, e->occurred_on);
		w_text(ui, y, 13, 7, l, e->indicator);
		w_textf(ui, y, 21, 8, l, "%7ld", e->quantity);
		int wd = cols - 31 - 14 - (e->voided ? 12 : 0);
		w_text(ui, y, 31, wd, l, e->description);
		w_text(ui, y, 31 + wd + 1, 12, l, e->staff);
		if (e->voided)
			w_text(ui, y, cols - 12, 11, l, _("voided"));
	} else {
		const struct ok_programme *p = &a->progs[i];
		char span[32];
		snprintf(span, sizeof span, "%s..%s", p->started_on, p->ended_on);
		w_text(ui, y, 1, 22, look, span);
		w_text(ui, y, 24, 26, look, programme_kind_label(p->kind));
		w_textf(ui, y, 51, 6, look, "%5ld", p->participants);
		w_text(ui, y, 58, cols - 59, look, p->name);
	}
}

static void activity_draw(struct ui *ui)
{
	struct activity_screen *a = state(ui);
	if (a->form_what != F_NONE) {
		static const char *const titles[] = {
			[F_ENTRY] = N_("New entry of the activity log"), [F_VOID] = N_("Void an entry"),
			[F_PROGRAMME] = N_("New programme or project"), [F_ENROL] = N_("Enrol a client"),
		};
		w_text(ui, 2, 1, ui->cols - 2, LOOK_HEADING, _(titles[a->form_what]));
		form_draw(ui, &a->form, 4, 1, ui->lines - 3 - 4, ui->cols - 2);
		ui->help = form_help;
		return;
	}
	if (a->mode == M_ENTRIES) {
		w_textf(ui, 2, 1, 50, LOOK_HEADING, _("Office activity log %d"), a->year);
		w_text_right(ui, 2, ui->cols - 1, ui->cols - 52, LOOK_DIM, _("Left/Right the year"));
		w_text(ui, 3, 1, 10, LOOK_LABEL, _("Date"));
		w_text(ui, 3, 13, 7, LOOK_LABEL, _("Code"));
		w_text_right(ui, 3, 29, 8, LOOK_LABEL, _("Quantity"));
		w_text(ui, 3, 31, 30, LOOK_LABEL, _("Description"));
		ui->help = list_help;
	} else {
		w_text(ui, 2, 1, ui->cols - 2, LOOK_HEADING, _("Programmes and projects"));
		w_text(ui, 3, 1, 22, LOOK_LABEL, _("Duration"));
		w_text(ui, 3, 24, 26, LOOK_LABEL, _("Kind"));
		w_text_right(ui, 3, 57, 8, LOOK_LABEL, _("Clients"));
		w_text(ui, 3, 58, ui->cols - 59, LOOK_LABEL, _("Name"));
		ui->help = prog_help;
	}
	if (count(a))
		w_list_draw(ui, &a->list, LIST_Y, 0, ui->lines - 3 - LIST_Y + 1, ui->cols, draw_row, a);
	else
		w_text(ui, LIST_Y + 1, 2, ui->cols - 4, LOOK_DIM,
		       a->mode == M_ENTRIES ? _("No entries in this year.") : _("No programmes yet."));
}

const struct screen screen_activity = {
	.name = "activity",
	.title = N_("Activity log"),
	.init = activity_init,
	.free = activity_free,
	.enter = activity_enter,
	.leave = NULL,
	.draw = activity_draw,
	.key = activity_key,
	.resize = NULL,
	.help = list_help,
};
