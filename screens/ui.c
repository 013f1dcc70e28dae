/* ui.c: the front end's loop. It starts curses, turns keys into actions
 * with one table, hands them to the current screen, and redraws once per
 * loop when something marked the screen dirty: the header (office, screen,
 * who is logged in), the screen itself, the message line and the help
 * line built from the same key table.
 *
 * Screens are switched only between keys (ui_switch() records the wish),
 * so a screen's enter may itself refuse and switch back. Data calls are
 * made by the screens inside their key handlers: nothing is pending while
 * we wait for the next key. */
#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "app.h"
#include "conv.h"
#include "screens.h"

/* The registry of screens, indexed by enum screen_id. */
static const struct screen *const screens[SCREEN__COUNT] = {
	[SCREEN_LOGIN] = &screen_login,
	[SCREEN_SEARCH] = &screen_search,
	[SCREEN_CARD] = &screen_card,
	[SCREEN_EVENT_FORM] = &screen_event_form,
	[SCREEN_CLIENT_FORM] = &screen_client_form,
	[SCREEN_WORKLIST] = &screen_worklist,
	[SCREEN_REFERRALS] = &screen_referrals,
	[SCREEN_EMPLOYERS] = &screen_employers,
	[SCREEN_EMPLOYER_CARD] = &screen_employer_card,
	[SCREEN_EMPLOYER_FORM] = &screen_employer_form,
	[SCREEN_COUNTS] = &screen_counts,
	[SCREEN_REPORT] = &screen_report,
	[SCREEN_DRILL] = &screen_drill,
	[SCREEN_ACTIVITY] = &screen_activity,
	[SCREEN_SYNC] = &screen_sync,
};

/* Keys. A key with a name is shown in help lines (with the label unless
 * the screen gives its own); the others are aliases. */
struct binding {
	bool fkey;              /* a curses KEY_ code rather than a character */
	int key;
	enum ui_action action;
	const char *name;       /* N_(), NULL for an alias */
	const char *label;      /* N_(), what the key does by default */
};

static const struct binding bindings[] = {
	{ false, '\n', UI_OPEN, N_("Enter"), N_("open") },
	{ false, '\r', UI_OPEN, NULL, NULL },
	{ true, KEY_ENTER, UI_OPEN, NULL, NULL },
	{ false, 27, UI_BACK, N_("Esc"), N_("back") },
	{ false, '\t', UI_NEXT, N_("Tab"), N_("next field") },
	{ true, KEY_BTAB, UI_PREV, N_("Shift-Tab"), N_("previous field") },
	{ true, KEY_F(10), UI_QUIT, N_("F10"), N_("quit") },
	{ false, 3, UI_QUIT, NULL, NULL },             /* Ctrl-C */
	{ true, KEY_UP, UI_UP, N_("Up/Down"), N_("move") },
	{ true, KEY_DOWN, UI_DOWN, NULL, NULL },
	{ true, KEY_PPAGE, UI_PGUP, N_("PgUp/PgDn"), N_("page") },
	{ true, KEY_NPAGE, UI_PGDN, NULL, NULL },
	{ true, KEY_HOME, UI_HOME, NULL, NULL },
	{ false, 1, UI_HOME, NULL, NULL },             /* Ctrl-A */
	{ true, KEY_END, UI_END, NULL, NULL },
	{ false, 5, UI_END, NULL, NULL },              /* Ctrl-E */
	{ true, KEY_LEFT, UI_LEFT, NULL, NULL },
	{ true, KEY_RIGHT, UI_RIGHT, NULL, NULL },
	{ true, KEY_BACKSPACE, UI_BACKSPACE, NULL, NULL },
	{ false, 127, UI_BACKSPACE, NULL, NULL },
	{ false, 8, UI_BACKSPACE, NULL, NULL },        /* Ctrl-H */
	{ true, KEY_DC, UI_DELETE, NULL, NULL },
	{ false, 4, UI_DELETE, NULL, NULL },           /* Ctrl-D */
	{ false, 21, UI_CLEAR, N_("Ctrl-U"), N_("clear") },
	{ true, KEY_F(2), UI_SAVE, N_("F2"), N_("save") },
	{ false, 19, UI_SAVE, NULL, NULL },            /* Ctrl-S, where flow control is off */
	{ true, KEY_F(3), UI_NEW, N_("F3"), N_("new") },
	{ true, KEY_F(4), UI_RECORD, N_("F4"), N_("record") },
	{ true, KEY_F(5), UI_WORKLIST, N_("F5"), N_("deadlines") },
	{ true, KEY_F(6), UI_REFERRALS, N_("F6"), N_("referrals") },
	{ true, KEY_F(7), UI_EMPLOYERS, N_("F7"), N_("employers") },
	{ true, KEY_F(8), UI_CLIENTS, N_("F8"), N_("clients") },
	{ true, KEY_F(9), UI_OFFICE, N_("F9"), N_("office") },
	{ false, 12, UI_REDRAW, NULL, NULL },          /* Ctrl-L */
};

static const struct ui_help help_too_small[] = {
	{ UI_QUIT, NULL },
	{ UI_NONE, NULL },
};

void *ui_alloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		abort();
	return p;
}

void *ui_realloc(void *p, size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size)
		abort();
	size_t bytes = n * size;
	p = realloc(p, bytes ? bytes : 1);
	if (!p)
		abort();
	return p;
}

void ui_switch(struct ui *ui, enum screen_id id)
{
	if ((unsigned)id >= SCREEN__COUNT || !screens[id])
		return;
	ui->next = id;
	ui->dirty = true;
}

/* Keys that reach the main lists from any screen that does not use them
 * itself, once someone is logged in. */
static bool navigate(struct ui *ui, enum ui_action a)
{
	static const struct { enum ui_action action; enum screen_id id; } keys[] = {
		{ UI_WORKLIST, SCREEN_WORKLIST },
		{ UI_REFERRALS, SCREEN_REFERRALS },
		{ UI_EMPLOYERS, SCREEN_EMPLOYERS },
		{ UI_CLIENTS, SCREEN_SEARCH },
		{ UI_OFFICE, SCREEN_COUNTS },
	};
	const struct ok_actor *who = db_actor(ui->db);
	if (ui->cur == SCREEN_LOGIN || !who || who->staff_id == 0)
		return false;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (keys[i].action == a && screens[keys[i].id]) {
			ui_switch(ui, keys[i].id);
			return true;
		}
	return false;
}

static void set_message(struct ui *ui, bool error, const char *fmt, va_list ap)
{
	vsnprintf(ui->msg, sizeof ui->msg, fmt, ap);
	ui->msg_error = error;
	ui->dirty = true;
}

void ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(ui, true, fmt, ap);
	va_end(ap);
}

void ui_info(struct ui *ui, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(ui, false, fmt, ap);
	va_end(ap);
}

void ui_db_error(struct ui *ui)
{
	const char *m = db_errmsg(ui->db);
	ui_error(ui, "%s", m && *m ? m : _("The operation failed."));
}

/* ---- Input ---- */

static const struct binding *find_binding(bool fkey, int key)
{
	for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
		if (bindings[i].fkey == fkey && bindings[i].key == key)
			return &bindings[i];
	return NULL;
}

/* Reads a character or a key code like get_wch(). In a single-byte
 * locale (C, ISO-8859-2) each byte is one character: get_wch() would
 * wait for more after a byte the charset lacks (UTF-8 from a terminal
 * the locale does not describe); such a byte becomes U+FFFD, which is
 * not printable there and so is dropped. */
static int get_key(wint_t *c)
{
	if (MB_CUR_MAX > 1)
		return get_wch(c);
	int ch = getch();
	if (ch == ERR)
		return ERR;
	if (ch >= KEY_MIN) {
		*c = (wint_t)ch;
		return KEY_CODE_YES;
	}
	wint_t w = btowc(ch);
	*c = w == WEOF ? 0xfffd : w;
	return OK;
}

/* After an Esc that ncurses did not recognise as the start of a key, the
 * rest of the sequence (a pasted or unknown escape sequence, or Alt+key)
 * is already waiting: read and drop it. Returns true when there was one. */
static bool swallow_sequence(void)
{
	wint_t c;
	int r;
	timeout(0);
	r = get_key(&c);
	if (r == ERR) {
		timeout(-1);
		return false;
	}
	if (r == OK && c == '[') {
		/* CSI: parameters and intermediates, then a final byte. */
		for (int i = 0; i < 64 && get_key(&c) == OK; i++)
			if (c >= 0x40 && c <= 0x7e)
				break;
	} else if (r == OK && (c == ']' || c == 'P' || c == '_' || c == '^')) {
		/* OSC, DCS, APC, PM: a string up to BEL or ESC \. */
		for (int i = 0; i < 4096 && get_key(&c) == OK; i++)
			if (c == 7 || c == 27) {
				if (c == 27)
					(void)get_key(&c);
				break;
			}
	} else if (r == OK && c == 'O') {
		(void)get_key(&c);   /* SS3 and its final character */
	}
	timeout(-1);
	return true;
}

/* Reads one key. Returns false when there was nothing to act on (an error,
 * a resize, which is handled here). */
static bool read_key(struct ui *ui, struct ui_key *k, int *errors)
{
	wint_t c;
	int r = get_key(&c);
	k->action = UI_NONE;
	k->ch = 0;
	if (r == ERR) {
		++*errors;
		return false;
	}
	*errors = 0;
	if (r == KEY_CODE_YES) {
		if (c == KEY_RESIZE) {
			ui->lines = LINES;
			ui->cols = COLS;
			if (ui->cur >= 0 && screens[ui->cur]->resize)
				screens[ui->cur]->resize(ui);
			ui->dirty = true;
			return false;
		}
		const struct binding *b = find_binding(true, (int)c);
		k->action = b ? b->action : UI_NONE;
		return true;
	}
	if (c == 27 && swallow_sequence())
		return true;   /* UI_NONE: a sequence, never text */
	const struct binding *b = find_binding(false, (int)c);
	if (b)
		k->action = b->action;
	else if (w_printable((uint32_t)c)) {
		k->action = UI_TEXT;
		k->ch = (uint32_t)c;
	}
	return true;
}

/* ---- Drawing ---- */

static void init_looks(struct ui *ui)
{
	unsigned long *l = ui->look;
	l[LOOK_NORMAL] = A_NORMAL;
	l[LOOK_TITLE] = A_REVERSE | A_BOLD;
	l[LOOK_HEADING] = A_BOLD;
	l[LOOK_LABEL] = A_BOLD;
	l[LOOK_FIELD] = A_UNDERLINE;
	l[LOOK_SELECTED] = A_REVERSE;
	l[LOOK_DIM] = A_DIM;
	l[LOOK_ERROR] = A_BOLD;
	l[LOOK_KEY] = A_BOLD;
	if (!has_colors() || start_color() != OK || COLOR_PAIRS < 6)
		return;
	short bg = use_default_colors() == OK ? -1 : COLOR_BLACK;
	short fg = bg == -1 ? -1 : COLOR_WHITE;
	init_pair(1, COLOR_WHITE, COLOR_BLUE);      /* header */
	init_pair(2, COLOR_BLACK, COLOR_CYAN);      /* selection */
	init_pair(3, COLOR_RED, bg);                /* errors */
	init_pair(4, COLOR_BLACK, COLOR_WHITE);     /* fields */
	init_pair(5, COLOR_BLUE, bg);               /* key names */
	init_pair(6, fg, bg);
	l[LOOK_TITLE] = COLOR_PAIR(1) | A_BOLD;
	l[LOOK_SELECTED] = COLOR_PAIR(2);
	l[LOOK_ERROR] = COLOR_PAIR(3) | A_BOLD;
	l[LOOK_FIELD] = COLOR_PAIR(4);
	l[LOOK_KEY] = COLOR_PAIR(5) | A_BOLD;
}

static void draw_header(struct ui *ui)
{
	const struct screen *s = screens[ui->cur];
	const struct ok_actor *a = db_actor(ui->db);
	char left[256];
	w_fill(ui, 0, 0, ui->cols, LOOK_TITLE);
	snprintf(left, sizeof left, "okienko  %s%s%s", db_office(ui->db),
	         s->title ? "  |  " : "", s->title ? _(s->title) : "");
	int used = w_text(ui, 0, 1, ui->cols - 2, LOOK_TITLE, left);
	if (a && a->staff_id != 0) {
		/* The full name when it fits, else the login: the role stays. */
		char who[256];
		int room = ui->cols - used - 4;
		snprintf(who, sizeof who, "%s (%s)", a->name[0] ? a->name : a->login,
		         staff_role_label(a->role));
		if (w_width(who) > room)
			snprintf(who, sizeof who, "%s (%s)", a->login, staff_role_label(a->role));
		w_text_right(ui, 0, ui->cols - 1, room, LOOK_TITLE, who);
	}
}

static void draw_help(struct ui *ui, const struct ui_help *help)
{
	int x = 1, y = ui->lines - 1;
	for (const struct ui_help *h = help; h && h->action != UI_NONE; h++) {
		const struct binding *b = NULL;
		for (size_t i = 0; i < sizeof bindings / sizeof bindings[0] && !b; i++)
			if (bindings[i].action == h->action && bindings[i].name)
				b = &bindings[i];
		if (!b)
			continue;
		const char *name = _(b->name);
		const char *label = _(h->label ? h->label : b->label);
		int need = w_width(name) + 1 + w_width(label);
		if (x + need > ui->cols - 1)
			break;
		x += w_text(ui, y, x, need, LOOK_KEY, name) + 1;
		x += w_text(ui, y, x, ui->cols - 1 - x, LOOK_NORMAL, label) + 2;
	}
}

/* The main screen's status line: when the office last synced with the
 * central database, and how it went. */
static void draw_last_sync(struct ui *ui)
{
	struct sync_history h;
	char line[512];
	enum ok_status st = sync_last(ui->db, &h);
	if (st == OK_ENOTFOUND) {
		snprintf(line, sizeof line, "%s", _("Last sync: never"));
	} else if (st != OK_OK) {
		return;
	} else {
		char when[20];
		snprintf(when, sizeof when, "%.16s", h.started_at);
		if (when[10] == 'T')
			when[10] = ' ';
		if (!strcmp(h.outcome, "ok"))
			snprintf(line, sizeof line, _("Last sync: %s, ok (%ld sent, %ld received, %ld conflicts)"), when, h.sent,
			         h.received, h.conflicts);
		else
			snprintf(line, sizeof line, _("Last sync: %s, FAILED: %s"), when, h.message);
	}
	w_text(ui, ui->lines - 2, 1, ui->cols - 2, st == OK_OK && strcmp(h.outcome, "ok") ? LOOK_ERROR : LOOK_DIM, line);
}

static void draw(struct ui *ui)
{
	erase();
	ui->cur_y = -1;
	ui->help = NULL;
	if (ui->lines < UI_MIN_LINES || ui->cols < UI_MIN_COLS) {
		char m[256];
		snprintf(m, sizeof m, _("Enlarge the window to at least %d x %d characters."),
		         UI_MIN_COLS, UI_MIN_LINES);
		w_wrap(ui, 0, 0, ui->cols, ui->lines > 1 ? ui->lines - 1 : 1, LOOK_ERROR, m);
		if (ui->lines > 1)
			draw_help(ui, help_too_small);
	} else {
		draw_header(ui);
		const struct screen *s = screens[ui->cur];
		s->draw(ui);
		if (ui->msg[0])
			w_text(ui, ui->lines - 2, 1, ui->cols - 2,
			       ui->msg_error ? LOOK_ERROR : LOOK_NORMAL, ui->msg);
		else if (ui->cur == SCREEN_SEARCH)
			draw_last_sync(ui);
		draw_help(ui, ui->help ? ui->help : s->help);
	}
	if (ui->cur_y >= 0) {
		curs_set(1);
		move(ui->cur_y, ui->cur_x);
	} else {
		curs_set(0);
		move(ui->lines - 1, 0);
	}
	refresh();
	ui->dirty = false;
}

/* ---- The loop ---- */

static void apply_switch(struct ui *ui)
{
	for (int guard = 0; ui->next >= 0 && guard < 8; guard++) {
		int id = ui->next;
		ui->next = -1;
		if (ui->cur >= 0 && screens[ui->cur]->leave)
			screens[ui->cur]->leave(ui);
		ui->prev = ui->cur;
		ui->cur = id;
		if (screens[id]->enter)
			screens[id]->enter(ui);
		ui->dirty = true;
	}
}

static void handle_key(struct ui *ui, const struct ui_key *k)
{
	bool too_small = ui->lines < UI_MIN_LINES || ui->cols < UI_MIN_COLS;
	if (k->action == UI_NONE)
		return;
	if (ui->msg[0]) {
		ui->msg[0] = '\0';
		ui->dirty = true;
	}
	int r = UI_IGNORED;
	if (!too_small && screens[ui->cur]->key)
		r = screens[ui->cur]->key(ui, k);
	if (r == UI_DONE) {
		ui->dirty = true;
		return;
	}
	if (navigate(ui, k->action))
		return;
	if (k->action == UI_QUIT) {
		ui->quit = true;
	} else if (k->action == UI_REDRAW) {
		clearok(curscr, TRUE);
		ui->dirty = true;
	}
}

int ui_run(struct ok_db *db)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		app_print(stderr, "okienko: %s\n", _("The screens need a terminal; see okienko --help for the commands."));
		return EXIT_FAILED;
	}
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		const char *term = getenv("TERM");
		char m[256];
		snprintf(m, sizeof m, _("Cannot use the terminal type %s."), term ? term : "");
		app_print(stderr, "okienko: %s\n", m);
		return EXIT_FAILED;
	}
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	meta(stdscr, TRUE);
	/* ncurses 6.4 (Debian 12) marks a new screen "initial" until it
	 * comes back from endwin(), and while so marked flushes its output
	 * at every cursor movement inside doupdate(): one write() per row
	 * changed, each a wakeup of the terminal (or of sshd, and a packet)
	 * on the other side. Leaving once and coming back, before anything
	 * is drawn, lets each update go out in one write. */
	endwin();
	refresh();

	struct ui ui;
	memset(&ui, 0, sizeof ui);
	ui.db = db;
	ui.cur = -1;
	ui.prev = -1;
	ui.next = -1;
	ui.lines = LINES;
	ui.cols = COLS;
	init_looks(&ui);
	/* Block characters need a UTF-8 locale and a terminal that is not
	 * the bare VT100 family; OKIENKO_ASCII=1 forces plain characters. */
	const char *term = getenv("TERM"), *ascii = getenv("OKIENKO_ASCII");
	ui.blocks = conv_locale_is_utf8() && !(ascii && *ascii && strcmp(ascii, "0")) &&
	            !(term && (!strncmp(term, "vt1", 3) || !strcmp(term, "dumb")));
	for (int i = 0; i < SCREEN__COUNT; i++)
		ui.state[i] = screens[i] && screens[i]->init ? screens[i]->init(&ui) : NULL;

	ui_switch(&ui, SCREEN_LOGIN);
	/* Housekeeping of the file waits until the screen is drawn. */
	db_defer_housekeeping(db);
	int errors = 0;
	while (!ui.quit && errors < 100) {
		apply_switch(&ui);
		if (ui.dirty)
			draw(&ui);
		/* A login is audited once the screen it led to is drawn, before
		 * any key is read; unrecorded, it is undone. */
		if (staff_login_unrecorded(db) && staff_login_record(db) != OK_OK) {
			ui_db_error(&ui);
			ui_switch(&ui, SCREEN_LOGIN);
			continue;
		}
		db_idle(db);
		/* A screen that refreshes itself waits for a key only so long. */
		const struct screen *cur = screens[ui.cur];
		bool ticking = cur->tick && cur->refresh_ms > 0;
		timeout(ticking ? cur->refresh_ms : -1);
		struct ui_key k;
		int before = errors;
		if (read_key(&ui, &k, &errors)) {
			handle_key(&ui, &k);
		} else if (ticking && errors > before) {
			errors = before;      /* no key within refresh_ms: not an error */
			cur->tick(&ui);
		}
	}

	if (ui.cur >= 0 && screens[ui.cur]->leave)
		screens[ui.cur]->leave(&ui);
	for (int i = 0; i < SCREEN__COUNT; i++)
		if (screens[i] && screens[i]->free)
			screens[i]->free(ui.state[i]);
	endwin();
	delscreen(scr);
	return errors < 100 ? EXIT_OK : EXIT_FAILED;
}
