/* login.c: the first screen. It names the program and the office, takes a
 * login and a password and hands them to staff_login_deferred(); on
 * success the search screen follows, and the login is audited once it is
 * drawn (ui.c). A file without staff accounts gets, instead of
 * the fields, the command that creates the first one. Esc or F10 leave
 * the program. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"

#define LOGIN_MAX 32
#define PASSWORD_MAX 256
#define FIELD_COLS 34
#define LABEL_COLS 14

enum { F_LOGIN, F_PASSWORD, F__COUNT };

struct login {
	struct w_field field[F__COUNT];
	int focus;
	int nstaff;     /* active accounts, read when the screen is entered */
};

static const struct ui_help login_help[] = {
	{ UI_OPEN, N_("log in") },
	{ UI_NEXT, NULL },
	{ UI_PREV, NULL },
	{ UI_CLEAR, NULL },
	{ UI_QUIT, NULL },
	{ UI_NONE, NULL },
};

static const struct ui_help no_accounts_help[] = {
	{ UI_QUIT, NULL },
	{ UI_NONE, NULL },
};

static struct login *state(struct ui *ui)
{
	return ui->state[SCREEN_LOGIN];
}

static void *login_init(struct ui *ui)
{
	(void)ui;
	struct login *l = ui_alloc(1, sizeof *l);
	w_field_init(&l->field[F_LOGIN], LOGIN_MAX, false);
	w_field_init(&l->field[F_PASSWORD], PASSWORD_MAX, true);
	return l;
}

static void login_free(void *p)
{
	struct login *l = p;
	if (!l)
		return;
	w_field_clear(&l->field[F_PASSWORD]);
	free(l);
}

static void login_enter(struct ui *ui)
{
	struct login *l = state(ui);
	w_field_clear(&l->field[F_PASSWORD]);
	l->focus = l->field[F_LOGIN].len ? F_PASSWORD : F_LOGIN;
	l->nstaff = staff_count(ui->db);
}

static void login_leave(struct ui *ui)
{
	w_field_clear(&state(ui)->field[F_PASSWORD]);
}

static void submit(struct ui *ui, struct login *l)
{
	struct ok_actor who;
	if (!l->field[F_LOGIN].len) {
		ui_error(ui, "%s", _("Type your login and password."));
		l->focus = F_LOGIN;
		return;
	}
	enum ok_status st = staff_login_deferred(ui->db, w_field_text(&l->field[F_LOGIN]),
	                                         w_field_text(&l->field[F_PASSWORD]), &who);
	w_field_clear(&l->field[F_PASSWORD]);
	if (st != OK_OK) {
		ui_db_error(ui);
		l->focus = F_PASSWORD;
		return;
	}
	memset(&who, 0, sizeof who);
	ui_switch(ui, SCREEN_SEARCH);
}

static int login_key(struct ui *ui, const struct ui_key *k)
{
	struct login *l = state(ui);
	if (k->action == UI_BACK) {
		ui->quit = true;
		return UI_DONE;
	}
	if (l->nstaff == 0)
		return UI_IGNORED;
	switch (k->action) {
	case UI_NEXT:
	case UI_DOWN:
		l->focus = (l->focus + 1) % F__COUNT;
		return UI_DONE;
	case UI_PREV:
	case UI_UP:
		l->focus = (l->focus + F__COUNT - 1) % F__COUNT;
		return UI_DONE;
	case UI_OPEN:
		if (l->focus == F_LOGIN && !l->field[F_PASSWORD].len && l->field[F_LOGIN].len)
			l->focus = F_PASSWORD;
		else
			submit(ui, l);
		return UI_DONE;
	default:
		return w_field_key(&l->field[l->focus], k) != W_IGNORED ? UI_DONE : UI_IGNORED;
	}
}

static void draw_no_accounts(struct ui *ui, int y, int x, int cols)
{
	y += w_wrap(ui, y, x, cols, 2, LOOK_ERROR, _("There are no staff accounts in this file yet."));
	y++;
	y += w_wrap(ui, y, x, cols, 2, LOOK_NORMAL,
	            _("Create the first one in a shell, then start okienko again:"));
	y++;
	/* TRANSLATORS: a command to type; translate only LOGIN and ROLE. */
	w_text(ui, y, x + 4, cols - 4, LOOK_HEADING, _("okienko user add LOGIN --role ROLE"));
	y += 2;
	w_wrap(ui, y, x, cols, 2, LOOK_NORMAL,
	       _("ROLE is front_office, counselor, supervisor or admin."));
}

static void login_draw(struct ui *ui)
{
	struct login *l = state(ui);
	int width = LABEL_COLS + 2 + FIELD_COLS;
	int x = (ui->cols - width) / 2;
	int y = (ui->lines - 14) / 2;
	if (y < 2)
		y = 2;

	w_center(ui, y, LOOK_HEADING, "okienko");
	char office[128];
	snprintf(office, sizeof office, "%s: %s", _("Office"), db_office(ui->db));
	w_center(ui, y + 2, LOOK_NORMAL, office);

	if (l->nstaff == 0) {
		int cols = ui->cols - 8 < 72 ? ui->cols - 8 : 72;
		draw_no_accounts(ui, y + 5, (ui->cols - cols) / 2, cols);
		ui->help = no_accounts_help;
		return;
	}
	static const char *const labels[F__COUNT] = { N_("Login"), N_("Password") };
	for (int i = 0; i < F__COUNT; i++) {
		int fy = y + 5 + 2 * i;
		w_text_right(ui, fy, x + LABEL_COLS, LABEL_COLS, LOOK_LABEL, _(labels[i]));
		w_field_draw(ui, &l->field[i], fy, x + LABEL_COLS + 2, FIELD_COLS, i == l->focus);
	}
}

static void login_resize(struct ui *ui)
{
	(void)ui;   /* laid out from the window size at every draw */
}

const struct screen screen_login = {
	.name = "login",
	.title = NULL,
	.init = login_init,
	.free = login_free,
	.enter = login_enter,
	.leave = login_leave,
	.draw = login_draw,
	.key = login_key,
	.resize = login_resize,
	.help = login_help,
};
