/* employer_form.c: registering an employer, NIP first, and changing an
 * employer's data (ui->req.kind "register" or "edit"). The NIP is checked
 * as soon as its tenth digit is typed; an employer already on file opens
 * instead of a second registration. A name that another employer has
 * already is shown as a warning: the save still goes through, since two
 * firms may share a name. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"

static const struct form_field template[] = {
	{ .name = "nip", .label = N_("NIP"), .type = FORM_TEXT, .required = true, .max = 13, .cols = 13, .set = CODES__COUNT },
	{ .name = "name", .label = N_("Name"), .type = FORM_TEXT, .required = true, .max = 200, .set = CODES__COUNT },
	{ .name = "registered_on", .label = N_("Cooperating since"), .type = FORM_TEXT, .required = true, .max = 10, .cols = 10, .set = CODES__COUNT },
	{ .name = "address", .label = N_("Address"), .type = FORM_TEXT, .max = 200, .set = CODES__COUNT },
	{ .name = "phone", .label = N_("Phone"), .type = FORM_TEXT, .max = 20, .cols = 20, .set = CODES__COUNT },
	{ .name = "email", .label = N_("E-mail"), .type = FORM_TEXT, .max = 100, .set = CODES__COUNT },
	{ .name = "reason", .label = N_("Reason for the change"), .type = FORM_TEXT, .required = true, .max = 200, .set = CODES__COUNT },
};
#define NFIELDS (sizeof template / sizeof template[0])

struct eform {
	struct form form;
	struct form_field fields[NFIELDS];
	bool edit;
	int64_t id;
	char similar[512];           /* a warning about a likely duplicate */
};

static const struct ui_help eform_help[] = {
	{ UI_SAVE, NULL },
	{ UI_NEXT, NULL },
	{ UI_PREV, NULL },
	{ UI_BACK, N_("cancel") },
	{ UI_NONE, NULL },
};

static struct eform *state(struct ui *ui)
{
	return ui->state[SCREEN_EMPLOYER_FORM];
}

static void *eform_init(struct ui *ui)
{
	(void)ui;
	return ui_alloc(1, sizeof(struct eform));
}

static void eform_free(void *p)
{
	free(p);
}

static void eform_enter(struct ui *ui)
{
	struct eform *e = state(ui);
	memset(e, 0, sizeof *e);
	e->edit = !strcmp(ui->req.kind, "edit");
	e->id = ui->req.employer_id;
	memcpy(e->fields, template, sizeof template);
	form_init(&e->form, e->fields, (int)NFIELDS);
	struct ok_date today = date_today();
	char d[11];
	date_format(&today, d);
	form_set_text(&e->form, "registered_on", d);
	if (e->edit) {
		struct ok_employer_card c;
		if (employer_card_load(ui->db, e->id, &c) == OK_OK) {
			form_set_text(&e->form, "nip", c.nip);
			form_set_text(&e->form, "name", c.name);
			form_set_text(&e->form, "registered_on", c.registered_on);
			form_set_text(&e->form, "address", c.address);
			form_set_text(&e->form, "phone", c.phone);
			form_set_text(&e->form, "email", c.email);
			employer_card_free(&c);
		} else {
			ui_db_error(ui);
		}
		form_focus(&e->form, "name");
	} else {
		form_set_hidden(&e->form, "reason", true);
		const char *t = ui->req.text;
		bool digits = t[0] != '\0';
		for (const char *p = t; *p; p++)
			digits = digits && ((*p >= '0' && *p <= '9') || *p == '-' || *p == ' ');
		form_set_text(&e->form, digits ? "nip" : "name", t);
	}
	e->form.touched = false;
}

static void go_back(struct ui *ui, struct eform *e)
{
	if (e->edit) {
		ui->employer_id = e->id;
		ui_switch(ui, SCREEN_EMPLOYER_CARD);
	} else {
		ui_switch(ui, SCREEN_EMPLOYERS);
	}
}

/* The NIP as typed: checked once ten digits are there. */
static void nip_typed(struct ui *ui, struct eform *e)
{
	const char *t = form_text(&e->form, "nip");
	int digits = 0;
	for (const char *p = t; *p; p++)
		digits += *p >= '0' && *p <= '9';
	form_set_msg(&e->form, "nip", NULL);
	if (digits < 10)
		return;
	char norm[11];
	const char *m = validate_nip(t, norm);
	if (m) {
		form_set_msg(&e->form, "nip", m);
		return;
	}
	if (e->edit)
		return;
	struct ok_employer_hit h[1];
	int n = 0;
	if (employer_search(ui->db, norm, NULL, h, 1, &n) == OK_OK && n == 1 && !strcmp(h[0].nip, norm)) {
		ui->employer_id = h[0].id;
		ui_info(ui, "%s", _("This employer is registered already: its card is open."));
		ui_switch(ui, SCREEN_EMPLOYER_CARD);
	}
}

static void name_left(struct ui *ui, struct eform *e)
{
	struct ok_employer_hit h[3];
	int n = 0;
	e->similar[0] = '\0';
	if (employer_find_similar(ui->db, form_text(&e->form, "name"), h, 3, &n) != OK_OK)
		return;
	for (int i = 0; i < n; i++)
		if (h[i].id != e->id) {
			snprintf(e->similar, sizeof e->similar, _("Another employer has this name: %s, NIP %s."),
			         h[i].name, h[i].nip);
			break;
		}
}

static void save(struct ui *ui, struct eform *e)
{
	struct ok_employer_form f;
	memset(&f, 0, sizeof f);
	snprintf(f.nip, sizeof f.nip, "%s", form_text(&e->form, "nip"));
	snprintf(f.name, sizeof f.name, "%s", form_text(&e->form, "name"));
	snprintf(f.registered_on, sizeof f.registered_on, "%s", form_text(&e->form, "registered_on"));
	snprintf(f.address, sizeof f.address, "%s", form_text(&e->form, "address"));
	snprintf(f.phone, sizeof f.phone, "%s", form_text(&e->form, "phone"));
	snprintf(f.email, sizeof f.email, "%s", form_text(&e->form, "email"));
	form_clear_msgs(&e->form);
	int64_t id = e->id;
	enum ok_status st = e->edit ? employer_update(ui->db, id, &f, form_text(&e->form, "reason"))
	                            : employer_register(ui->db, &f, &id);
	if (st == OK_EEXIST && !e->edit) {
		ui->employer_id = id;
		ui_info(ui, "%s", db_errmsg(ui->db));
		ui_switch(ui, SCREEN_EMPLOYER_CARD);
		return;
	}
	if (st != OK_OK) {
		form_db_error(ui, &e->form);
		return;
	}
	ui->employer_id = id;
	ui_info(ui, "%s", e->edit ? _("Employer's data changed.") : _("Employer registered."));
	ui_switch(ui, SCREEN_EMPLOYER_CARD);
}

static int eform_key(struct ui *ui, const struct ui_key *k)
{
	struct eform *e = state(ui);
	char focus[32];
	snprintf(focus, sizeof focus, "%s", form_focused(&e->form));
	switch (form_key(ui, &e->form, k)) {
	case FORM_SAVE:
		save(ui, e);
		return UI_DONE;
	case FORM_CANCEL:
		ui_info(ui, "%s", _("Nothing was saved."));
		go_back(ui, e);
		return UI_DONE;
	case FORM_CHANGED:
		if (!strcmp(focus, "nip"))
			nip_typed(ui, e);
		return UI_DONE;
	case FORM_HANDLED:
		if (!strcmp(focus, "name") && strcmp(form_focused(&e->form), "name") != 0)
			name_left(ui, e);
		return UI_DONE;
	default:
		return UI_IGNORED;
	}
}

static void eform_draw(struct ui *ui)
{
	struct eform *e = state(ui);
	w_text(ui, 1, 1, ui->cols - 2, LOOK_HEADING,
	       e->edit ? _("Change the employer's data") : _("Register an employer"));
	int rows = 0;
	for (int i = 0; i < e->form.n; i++)
		rows += !e->fields[i].hidden;
	if (e->similar[0])
		w_wrap(ui, 3 + rows + 1, 1, ui->cols - 2, 2, LOOK_ERROR, e->similar);
	form_draw(ui, &e->form, 3, 1, rows, ui->cols - 2);
}

const struct screen screen_employer_form = {
	.name = "employer_form",
	.title = N_("Employer"),
	.init = eform_init,
	.free = eform_free,
	.enter = eform_enter,
	.leave = NULL,
	.draw = eform_draw,
	.key = eform_key,
	.resize = NULL,
	.help = eform_help,
};
