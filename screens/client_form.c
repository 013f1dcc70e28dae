/* client_form.c: registering a client, PESEL first; registering a former
 * client again; changing a client's data. ui->req.kind says which
 * ("register", "again", "edit").
 *
 * The PESEL is checked as soon as its 11th digit is typed: a wrong one is
 * explained next to the field at once; a valid one fills the birth date
 * and sex, and when the client is on file already their card opens
 * instead of a second registration. The same happens on F2 when the
 * names and birth date match someone (data/ decides). A person without a
 * PESEL is registered with a document. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"

enum { MODE_REGISTER, MODE_AGAIN, MODE_EDIT };

/* Groups a person declares; the age groups are derived by data/. */
static const char *const declared_groups[] = {
	"long_term", "social_assistance", "parent_child_under_6", "parent_disabled_child",
	"disabled", "pensioner", "single_parent", "large_family",
};
#define NGROUPS (sizeof declared_groups / sizeof declared_groups[0])

static const char *const disability_codes[] = { "light", "moderate", "severe" };
static const char *const disability_labels[] = { N_("light"), N_("moderate"), N_("severe") };

static const char *const group_fields[NGROUPS] = {
	"g_long_term", "g_social_assistance", "g_parent_child_under_6", "g_parent_disabled_child",
	"g_disabled", "g_pensioner", "g_single_parent", "g_large_family",
};

static const struct form_field template[] = {
	{ .name = "pesel", .label = N_("PESEL"), .type = FORM_TEXT, .max = 11, .cols = 11, .set = CODES__COUNT },
	{ .name = "no_pesel", .label = N_("No PESEL (document)"), .type = FORM_CHECK, .set = CODES__COUNT },
	{ .name = "doc_type", .label = N_("Document type"), .type = FORM_TEXT, .max = 30, .cols = 20, .set = CODES__COUNT },
	{ .name = "doc_number", .label = N_("Document number"), .type = FORM_TEXT, .max = 40, .cols = 20, .set = CODES__COUNT },
	{ .name = "first_name", .label = N_("First name"), .type = FORM_TEXT, .required = true, .max = 100, .set = CODES__COUNT },
	{ .name = "last_name", .label = N_("Last name"), .type = FORM_TEXT, .required = true, .max = 100, .set = CODES__COUNT },
	{ .name = "birth_date", .label = N_("Birth date"), .type = FORM_TEXT, .max = 10, .cols = 10, .set = CODES__COUNT },
	{ .name = "sex", .label = N_("Sex"), .type = FORM_CHOICE, .set = CODES_SEX, .allow_none = true },
	{ .name = "status", .label = N_("Status"), .type = FORM_CHOICE, .required = true, .set = CODES_STATUS },
	{ .name = "registered_on", .label = N_("Registered on"), .type = FORM_TEXT, .required = true, .max = 10, .cols = 10, .set = CODES__COUNT },
	{ .name = "education", .label = N_("Education"), .type = FORM_CHOICE, .set = CODES_EDUCATION, .allow_none = true },
	{ .name = "disability", .label = N_("Disability"), .type = FORM_CHOICE, .set = CODES__COUNT,
	  .codes = disability_codes, .labels = disability_labels, .ncodes = 3, .allow_none = true },
	{ .name = "benefit", .label = N_("Right to benefit"), .type = FORM_CHECK, .set = CODES__COUNT },
	{ .name = "citizenship", .label = N_("Citizenship"), .type = FORM_TEXT, .max = 2, .cols = 2, .set = CODES__COUNT },
	{ .name = "occupations", .label = N_("Occupations learned"), .type = FORM_TEXT, .max = 60, .cols = 30, .set = CODES__COUNT },
	{ .name = "occ_last", .label = N_("Occupation last held"), .type = FORM_TEXT, .max = 60, .cols = 30, .set = CODES__COUNT },
	{ .name = "occ_sought", .label = N_("Occupations sought"), .type = FORM_TEXT, .max = 60, .cols = 30, .set = CODES__COUNT },
	{ .name = "g_long_term", .type = FORM_CHECK, .set = CODES__COUNT },
	{ .name = "g_social_assistance", .type = FORM_CHECK, .set = CODES__COUNT },
	{ .name = "g_parent_child_under_6", .type = FORM_CHECK, .set = CODES__COUNT },
	{ .name = "g_parent_disabled_child", .type = FORM_CHECK, .set = CODES__COUNT },
	{ .name = "g_disabled", .type = FORM_CHECK, .set = CODES__COUNT },
	{ .name = "g_pensioner", .type = FORM_CHECK, .set = CODES__COUNT },
	{ .name = "g_single_parent", .type = FORM_CHECK, .set = CODES__COUNT },
	{ .name = "g_large_family", .type = FORM_CHECK, .set = CODES__COUNT },
	{ .name = "address", .label = N_("Address"), .type = FORM_TEXT, .max = 200, .set = CODES__COUNT },
	{ .name = "phone", .label = N_("Phone"), .type = FORM_TEXT, .max = 20, .cols = 20, .set = CODES__COUNT },
	{ .name = "email", .label = N_("E-mail"), .type = FORM_TEXT, .max = 100, .set = CODES__COUNT },
	{ .name = "reason", .label = N_("Reason for the change"), .type = FORM_TEXT, .required = true, .max = 200, .set = CODES__COUNT },
};
#define NFIELDS (sizeof template / sizeof template[0])

struct cform {
	struct form form;
	struct form_field fields[NFIELDS];
	int mode;
	struct ui_request req;
	char who[2 * OK_NAME_MAX + 2];
	char labels[NGROUPS][96];        /* group check labels (translated at enter) */
};

static const struct ui_help cform_help[] = {
	{ UI_SAVE, NULL },
	{ UI_NEXT, NULL },
	{ UI_PREV, NULL },
	{ UI_BACK, N_("cancel") },
	{ UI_NONE, NULL },
};

static struct cform *state(struct ui *ui)
{
	return ui->state[SCREEN_CLIENT_FORM];
}

static void *cform_init(struct ui *ui)
{
	(void)ui;
	return ui_alloc(1, sizeof(struct cform));
}

static void cform_free(void *p)
{
	free(p);
}

static void show_only(struct cform *c, const char *const *names, size_t n)
{
	for (size_t i = 0; i < NFIELDS; i++) {
		bool keep = false;
		for (size_t j = 0; j < n && !keep; j++)
			keep = strcmp(c->fields[i].name, names[j]) == 0;
		c->fields[i].hidden = !keep;
	}
}

/* Document fields for a person without a PESEL, the PESEL otherwise. */
static void pesel_mode(struct cform *c)
{
	bool doc = form_on(&c->form, "no_pesel");
	form_set_hidden(&c->form, "pesel", doc);
	form_set_hidden(&c->form, "doc_type", !doc);
	form_set_hidden(&c->form, "doc_number", !doc);
}

/* The PESEL as typed: checked at the 11th digit. Returns true when the
 * client is on file and their card was opened. */
static bool pesel_typed(struct ui *ui, struct cform *c)
{
	const char *p = form_text(&c->form, "pesel");
	form_set_msg(&c->form, "pesel", NULL);
	if (strlen(p) < 11)
		return false;
	struct ok_date birth;
	char sex, born[11], s[2];
	const char *m = validate_pesel(p, &birth, &sex);
	if (m) {
		form_set_msg(&c->form, "pesel", m);
		return false;
	}
	date_format(&birth, born);
	form_set_text(&c->form, "birth_date", born);
	s[0] = sex;
	s[1] = '\0';
	form_set_code(&c->form, "sex", s);
	if (c->mode != MODE_REGISTER)
		return false;
	struct ok_client_form f;
	memset(&f, 0, sizeof f);
	snprintf(f.pesel, sizeof f.pesel, "%s", p);
	int64_t id;
	if (client_find_existing(ui->db, &f, &id) == OK_OK) {
		ui->client_id = id;
		ui_info(ui, "%s", _("This client is registered already: their card is open."));
		ui_switch(ui, SCREEN_CARD);
		return true;
	}
	return false;
}

static void load_client(struct ui *ui, struct cform *c)
{
	struct ok_card k;
	if (client_card_load(ui->db, c->req.client_id, &k) != OK_OK) {
		ui_db_error(ui);
		return;
	}
	snprintf(c->who, sizeof c->who, "%s %s", k.first_name, k.last_name);
	form_set_text(&c->form, "pesel", k.pesel);
	form_set_on(&c->form, "no_pesel", !k.pesel[0]);
	form_set_text(&c->form, "doc_type", k.doc_type);
	form_set_text(&c->form, "doc_number", k.doc_number);
	form_set_text(&c->form, "first_name", k.first_name);
	form_set_text(&c->form, "last_name", k.last_name);
	form_set_text(&c->form, "birth_date", k.birth_date);
	form_set_code(&c->form, "sex", k.sex);
	form_set_text(&c->form, "citizenship", k.citizenship);
	form_set_code(&c->form, "education", k.education);
	form_set_code(&c->form, "disability", k.disability);
	form_set_on(&c->form, "benefit", k.benefit);
	form_set_text(&c->form, "address", k.address);
	form_set_text(&c->form, "phone", k.phone);
	form_set_text(&c->form, "email", k.email);
	client_card_free(&k);
}

static void cform_enter(struct ui *ui)
{
	struct cform *c = state(ui);
	memset(c, 0, sizeof *c);
	c->req = ui->req;
	c->mode = !strcmp(c->req.kind, "again") ? MODE_AGAIN : !strcmp(c->req.kind, "edit") ? MODE_EDIT
	                                                                                  : MODE_REGISTER;
	memcpy(c->fields, template, sizeof template);
	for (size_t i = 0; i < NGROUPS; i++) {
		snprintf(c->labels[i], sizeof c->labels[i], "%s", codes_label(CODES_GROUP, declared_groups[i]));
		int f = -1;
		for (size_t j = 0; j < NFIELDS; j++)
			if (!strcmp(c->fields[j].name, group_fields[i]))
				f = (int)j;
		/* The label is already translated: _() of it finds nothing and returns it. */
		if (f >= 0)
			c->fields[f].label = c->labels[i];
	}
	form_init(&c->form, c->fields, (int)NFIELDS);
	struct ok_date today = date_today();
	char d[11];
	date_format(&today, d);
	form_set_text(&c->form, "registered_on", d);
	form_set_text(&c->form, "citizenship", "PL");
	if (c->mode == MODE_AGAIN) {
		static const char *const only[] = { "status", "registered_on" };
		show_only(c, only, 2);
		load_client(ui, c);
		form_focus(&c->form, "status");
	} else if (c->mode == MODE_EDIT) {
		form_set_hidden(&c->form, "status", true);
		form_set_hidden(&c->form, "registered_on", true);
		for (size_t i = 0; i < NGROUPS; i++)
			form_set_hidden(&c->form, group_fields[i], true);
		form_set_hidden(&c->form, "occupations", true);
		form_set_hidden(&c->form, "occ_last", true);
		form_set_hidden(&c->form, "occ_sought", true);
		load_client(ui, c);
		pesel_mode(c);
		form_focus(&c->form, "first_name");
	} else {
		form_set_hidden(&c->form, "reason", true);
		/* What was typed in the search starts the form. */
		const char *t = c->req.text;
		bool digits = t[0] != '\0';
		for (const char *p = t; *p; p++)
			digits = digits && *p >= '0' && *p <= '9';
		if (digits)
			form_set_text(&c->form, "pesel", t);
		else if (t[0])
			form_set_text(&c->form, "last_name", t);
		pesel_mode(c);
		form_focus(&c->form, "pesel");
	}
	c->form.touched = false;
}

static void go_back(struct ui *ui, struct cform *c)
{
	if (c->mode == MODE_REGISTER) {
		ui_switch(ui, SCREEN_SEARCH);
	} else {
		ui->client_id = c->req.client_id;
		ui_switch(ui, SCREEN_CARD);
	}
}

/* "514101, 261102" into occupation entries of a kind; false when an
 * entry is not 6 digits (the message goes next to the field). */
static bool occupations(struct cform *c, const char *field, const char *kind,
                        struct ok_client_form *f, int *n)
{
	char buf[128];
	snprintf(buf, sizeof buf, "%s", form_text(&c->form, field));
	for (char *tok = strtok(buf, " ,;"); tok; tok = strtok(NULL, " ,;")) {
		const char *m = validate_occupation(tok);
		if (m) {
			form_set_msg(&c->form, field, m);
			form_focus(&c->form, field);
			return false;
		}
		if (*n >= OK_FORM_OCCUPATIONS)
			break;
		snprintf(f->occupations[*n].kind, sizeof f->occupations[*n].kind, "%s", kind);
		snprintf(f->occupations[*n].code, sizeof f->occupations[*n].code, "%s", tok);
		(*n)++;
	}
	return true;
}

static bool collect(struct cform *c, struct ok_client_form *f)
{
	memset(f, 0, sizeof *f);
#define TXT(m) snprintf(f->m, sizeof f->m, "%s", form_text(&c->form, #m))
	if (!form_on(&c->form, "no_pesel"))
		TXT(pesel);
	else {
		TXT(doc_type);
		TXT(doc_number);
	}
	TXT(first_name);
	TXT(last_name);
	TXT(birth_date);
	TXT(citizenship);
	TXT(address);
	TXT(phone);
	TXT(email);
	TXT(registered_on);
#undef TXT
	snprintf(f->sex, sizeof f->sex, "%s", form_code(&c->form, "sex"));
	snprintf(f->status, sizeof f->status, "%s", form_code(&c->form, "status"));
	snprintf(f->education, sizeof f->education, "%s", form_code(&c->form, "education"));
	snprintf(f->disability, sizeof f->disability, "%s", form_code(&c->form, "disability"));
	f->benefit = form_on(&c->form, "benefit");
	int g = 0;
	for (size_t i = 0; i < NGROUPS; i++)
		if (form_on(&c->form, group_fields[i]))
			snprintf(f->groups[g++], sizeof f->groups[0], "%s", declared_groups[i]);
	int n = 0;
	return occupations(c, "occupations", "learned", f, &n) && occupations(c, "occ_last", "last", f, &n) &&
	       occupations(c, "occ_sought", "sought", f, &n);
}

static void save(struct ui *ui, struct cform *c)
{
	form_clear_msgs(&c->form);
	enum ok_status st;
	int64_t id = c->req.client_id, reg;
	if (c->mode == MODE_AGAIN) {
		st = client_register_again(ui->db, id, form_code(&c->form, "status"),
		                           form_text(&c->form, "registered_on"), &reg);
	} else {
		struct ok_client_form f;
		if (!collect(c, &f)) {
			ui_error(ui, "%s", _("An occupation code has 6 digits."));
			return;
		}
		st = c->mode == MODE_EDIT ? client_update(ui->db, id, &f, form_text(&c->form, "reason"))
		                          : client_register(ui->db, &f, &id);
	}
	if (st == OK_EEXIST && c->mode == MODE_REGISTER) {
		ui->client_id = id;
		ui_info(ui, "%s", db_errmsg(ui->db));
		ui_switch(ui, SCREEN_CARD);
		return;
	}
	if (st != OK_OK) {
		/* Field names of data/ that this form shows under other names. */
		if (!strcmp(db_errfield(ui->db), "groups"))
			form_focus(&c->form, group_fields[0]);
		form_db_error(ui, &c->form);
		return;
	}
	ui->client_id = id;
	ui_info(ui, "%s", c->mode == MODE_REGISTER ? _("Client registered.")
	                  : c->mode == MODE_AGAIN ? _("Registered again.") : _("Client's data changed."));
	ui_switch(ui, SCREEN_CARD);
}

/* Checks of a field the user leaves, in the user's language. */
static void check_left(struct cform *c, const char *name)
{
	const char *v = form_text(&c->form, name), *m = NULL;
	if (!v[0])
		return;
	if (!strcmp(name, "first_name") || !strcmp(name, "last_name"))
		m = validate_name(v);
	else if (!strcmp(name, "email"))
		m = validate_email(v);
	else if (!strcmp(name, "phone"))
		m = validate_phone(v);
	else if (!strcmp(name, "registered_on"))
		m = validate_past_date(v, NULL);
	else if (!strcmp(name, "birth_date"))
		m = validate_birth_date(v, NULL);
	if (m)
		form_set_msg(&c->form, name, m);
}

static int cform_key(struct ui *ui, const struct ui_key *k)
{
	struct cform *c = state(ui);
	char focus[32];
	snprintf(focus, sizeof focus, "%s", form_focused(&c->form));
	switch (form_key(ui, &c->form, k)) {
	case FORM_SAVE:
		save(ui, c);
		return UI_DONE;
	case FORM_CANCEL:
		ui_info(ui, "%s", _("Nothing was saved."));
		go_back(ui, c);
		return UI_DONE;
	case FORM_CHANGED:
		if (!strcmp(focus, "pesel"))
			pesel_typed(ui, c);
		else if (!strcmp(focus, "no_pesel"))
			pesel_mode(c);
		return UI_DONE;
	case FORM_HANDLED:
		if (strcmp(focus, form_focused(&c->form)) != 0)
			check_left(c, focus);
		return UI_DONE;
	default:
		return UI_IGNORED;
	}
}

static void cform_draw(struct ui *ui)
{
	struct cform *c = state(ui);
	const char *title = c->mode == MODE_REGISTER ? _("Register a client")
	                  : c->mode == MODE_AGAIN ? _("Register again") : _("Change the client's data");
	w_text(ui, 1, 1, ui->cols - 2, LOOK_HEADING, title);
	if (c->who[0])
		w_text_right(ui, 1, ui->cols - 1, ui->cols / 2, LOOK_NORMAL, c->who);
	if (c->mode == MODE_REGISTER)
		w_text(ui, 2, 1, ui->cols - 2, LOOK_DIM,
		       _("Groups by age are derived from the birth date."));
	form_draw(ui, &c->form, 3, 1, ui->lines - 6, ui->cols - 2);
}

const struct screen screen_client_form = {
	.name = "client_form",
	.title = N_("Client"),
	.init = cform_init,
	.free = cform_free,
	.enter = cform_enter,
	.leave = NULL,
	.draw = cform_draw,
	.key = cform_key,
	.resize = NULL,
	.help = cform_help,
};
