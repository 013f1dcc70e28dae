/* screens.h: the ncurses front end. Each screen is one file exporting one
 * `const struct screen`; ui.c runs the loop and switches between them.
 *
 * Only ui.c and widget.c include curses: the screens draw through the
 * widgets below, so this header stays free of curses types (app/main.c
 * includes it for ui_run()). Text is UTF-8 everywhere; the widgets turn it
 * into wide characters for ncursesw and measure it in display columns. */
#ifndef OKIENKO_SCREENS_H
#define OKIENKO_SCREENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "data.h"

/* Runs the interactive application on an open database until the user
 * leaves. Returns the process exit status (0 normally). */
int ui_run(struct ok_db *db);

/* ---- Shared by the files of screens/ only. ---- */

/* The smallest window the screens are laid out for. */
#define UI_MIN_LINES 24
#define UI_MIN_COLS 80

/* What a key means. ui.c maps keys to actions with one table; screens
 * only ever see actions (and the character of UI_TEXT). */
enum ui_action {
	UI_NONE = 0,    /* a key nobody uses */
	UI_TEXT,        /* a printable character, in ui_key.ch */
	UI_OPEN,        /* Enter: open, confirm */
	UI_BACK,        /* Esc */
	UI_NEXT,        /* Tab: next field */
	UI_PREV,        /* Shift-Tab: previous field */
	UI_QUIT,        /* F10 */
	UI_UP, UI_DOWN, UI_PGUP, UI_PGDN, UI_HOME, UI_END,
	UI_LEFT, UI_RIGHT, UI_BACKSPACE, UI_DELETE,
	UI_CLEAR,       /* Ctrl-U: empty the field */
	UI_REDRAW,      /* Ctrl-L */
	UI_SAVE,        /* F2: save the form */
	UI_NEW,         /* F3: register a new client or employer */
	UI_RECORD,      /* F4: record something for the selected record */
	UI_WORKLIST,    /* F5: the contact-deadline worklist */
	UI_REFERRALS,   /* F6: referrals waiting for an outcome */
	UI_EMPLOYERS,   /* F7: employers */
	UI_CLIENTS,     /* F8: clients (the search) */
	UI_OFFICE       /* F9: the office's counts, report and activity log (supervisors) */
};

struct ui_key {
	enum ui_action action;
	uint32_t ch;    /* UI_TEXT: a printable code point */
};

/* What a screen's key handler returns: UI_DONE when its state changed
 * (the screen is redrawn), UI_IGNORED to let ui.c apply the default
 * (F10 quits, Ctrl-L repaints). */
enum { UI_IGNORED = 0, UI_DONE = 1 };

/* Roles of text on the screen; ui.c gives each a colour or attribute. */
enum ui_look {
	LOOK_NORMAL, LOOK_TITLE, LOOK_HEADING, LOOK_LABEL, LOOK_FIELD,
	LOOK_SELECTED, LOOK_DIM, LOOK_ERROR, LOOK_KEY,
	LOOK__COUNT
};

enum screen_id {
	SCREEN_LOGIN,
	SCREEN_SEARCH,         /* clients: search as you type */
	SCREEN_CARD,           /* the client card (ui->client_id) */
	SCREEN_CLIENT_FORM,    /* register a client, register again, change data */
	SCREEN_EVENT_FORM,     /* record or correct an event (ui->req) */
	SCREEN_WORKLIST,       /* contact deadlines due */
	SCREEN_REFERRALS,      /* referrals waiting for an outcome */
	SCREEN_EMPLOYERS,      /* employers: search as you type */
	SCREEN_EMPLOYER_CARD,  /* the employer card (ui->employer_id) */
	SCREEN_EMPLOYER_FORM,  /* register an employer, change data */
	SCREEN_COUNTS,         /* the day's counts and the last 30 working days */
	SCREEN_REPORT,         /* the yearly monitoring report */
	SCREEN_DRILL,          /* the records behind a number (ui->drill) */
	SCREEN_ACTIVITY,       /* the office activity log and programmes */
	SCREEN_SYNC,           /* the sync's history and conflicts */
	SCREEN__COUNT
};

/* One entry of a help line: an action (its key name comes from the key
 * table) and what it does here, N_() (NULL: the table's label). The list
 * ends with UI_NONE. */
struct ui_help {
	enum ui_action action;
	const char *label;
};

struct ui;

/* A screen: callbacks of one file, registered in ui.c. */
struct screen {
	const char *name;                 /* for messages and debugging */
	const char *title;                /* N_(): shown in the header; may be NULL */
	void *(*init)(struct ui *ui);     /* once at start: the screen's state */
	void (*free)(void *state);        /* once at the end */
	void (*enter)(struct ui *ui);     /* the screen becomes current */
	void (*leave)(struct ui *ui);
	void (*draw)(struct ui *ui);      /* between the header and the message line */
	int (*key)(struct ui *ui, const struct ui_key *key);
	void (*resize)(struct ui *ui);    /* the window changed size */
	const struct ui_help *help;       /* the help line */
	/* Called every refresh_ms while no key comes, so that the screen
	 * shows what other sessions record; NULL: the screen waits for keys. */
	void (*tick)(struct ui *ui);
	int refresh_ms;
};

extern const struct screen screen_login;
extern const struct screen screen_search;
extern const struct screen screen_card;
extern const struct screen screen_event_form;
extern const struct screen screen_client_form;
extern const struct screen screen_worklist;
extern const struct screen screen_referrals;
extern const struct screen screen_employers;
extern const struct screen screen_employer_card;
extern const struct screen screen_employer_form;
extern const struct screen screen_counts;
extern const struct screen screen_report;
extern const struct screen screen_drill;
extern const struct screen screen_activity;
extern const struct screen screen_sync;

/* What the drill-down screen lists (set before switching to it). */
struct ui_drill {
	bool report;              /* an indicator of the report, else a day count */
	int year, indicator;      /* report */
	char day[11];             /* counts: the day */
	int64_t staff_id;         /* counts: 0 everyone */
	char kind[32];            /* counts: "" every kind */
	char title[512];          /* what the number is, for the heading */
	long long value;          /* the number as the screen showed it */
	enum screen_id back;
};

/* What a screen asks a form screen to do (set before ui_switch()): the
 * form reads it in its enter and returns to `back` after a save or a
 * cancel. */
struct ui_request {
	char kind[32];            /* event kind, or a form's mode ("register", "again", "edit") */
	int64_t client_id;        /* the client, 0 none */
	int64_t employer_id;      /* the employer, 0 none */
	int64_t referral_id;      /* an outcome's referral, 0 none */
	int64_t event_id;         /* the event to correct or void, 0 none */
	bool void_it;             /* with event_id: void rather than correct */
	char text[2 * OK_NAME_MAX + 2]; /* a value to start with, or the client's name */
	enum screen_id back;      /* where to go afterwards */
};

/* The state of the whole front end, passed to every screen. */
struct ui {
	struct ok_db *db;
	int cur;                          /* current screen_id, -1 before the first */
	int prev;                         /* the screen before the current one, -1 none */
	int next;                         /* screen to switch to after this key, -1 none */
	void *state[SCREEN__COUNT];       /* each screen's own state (its init) */
	bool dirty;                       /* redraw before the next key */
	bool quit;
	int lines, cols;                  /* window size */
	int cur_y, cur_x;                 /* cursor after drawing; cur_y < 0 hides it */
	const struct ui_help *help;       /* set by draw to replace the screen's help */
	char msg[512];                    /* message line (UTF-8), "" for none */
	bool msg_error;
	int64_t client_id;                /* the client the card shows */
	int64_t employer_id;              /* the employer the employer card shows */
	struct ui_request req;            /* what a form screen is asked to do */
	unsigned long look[LOOK__COUNT];  /* curses attributes of each look */
	struct ui_drill drill;            /* what the drill-down screen lists */
	bool blocks;                      /* the terminal shows block characters (charts) */
};

/* ui.c: switching screens (done after the current key), messages,
 * allocation that never fails (it aborts). */
void ui_switch(struct ui *ui, enum screen_id id);
void ui_error(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ui_info(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Shows db_errmsg() of the last failed data/ call. */
void ui_db_error(struct ui *ui);
void *ui_alloc(size_t n, size_t size);
void *ui_realloc(void *p, size_t n, size_t size);

/* widget.c: text. Every function clips to `cols` display columns and
 * never splits a character; each returns the columns it drew. Characters
 * the terminal cannot show (controls, invalid UTF-8) are drawn as '?'. */
bool w_printable(uint32_t cp);
int w_width(const char *s);
int w_text(struct ui *ui, int y, int x, int cols, enum ui_look look, const char *s);
int w_textf(struct ui *ui, int y, int x, int cols, enum ui_look look, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Right-aligned so that the text ends just before column `right`. */
int w_text_right(struct ui *ui, int y, int right, int cols, enum ui_look look, const char *s);
/* Centred on the row. */
void w_center(struct ui *ui, int y, enum ui_look look, const char *s);
void w_fill(struct ui *ui, int y, int x, int cols, enum ui_look look);
/* "label: value"; the label in LOOK_LABEL. */
int w_pair(struct ui *ui, int y, int x, int cols, const char *label, const char *value);
/* Word-wraps s into at most maxlines rows; returns the rows used. */
int w_wrap(struct ui *ui, int y, int x, int cols, int maxlines, enum ui_look look, const char *s);

/* widget.c: a one-line UTF-8 text field. */
#define W_FIELD_MAX 256               /* code points */
struct w_field {
	char buf[W_FIELD_MAX * 4 + 1];    /* UTF-8 */
	size_t len;                       /* bytes */
	size_t pos;                       /* cursor, a byte offset */
	int ncp, max;                     /* code points held, allowed */
	bool mask;                        /* shown as '*' (passwords) */
};
enum { W_IGNORED = 0, W_MOVED, W_CHANGED };
void w_field_init(struct w_field *f, int max, bool mask);
void w_field_clear(struct w_field *f);
const char *w_field_text(const struct w_field *f);
/* Replaces the text (characters that cannot be typed are dropped, the
 * rest cut at the field's maximum); the cursor goes to the end. */
void w_field_set(struct w_field *f, const char *text);
/* Edits for UI_TEXT, Left/Right/Home/End, Backspace/Delete, Ctrl-U;
 * returns W_IGNORED, W_MOVED or W_CHANGED. */
int w_field_key(struct w_field *f, const struct ui_key *k);
/* Draws the field in `cols` columns, scrolled to show the cursor, and
 * places the cursor there when focused. */
void w_field_draw(struct ui *ui, const struct w_field *f, int y, int x, int cols, bool focused);

/* form.c: a form of labelled fields, one per row, scrolled to keep the
 * focused one in view. Tab/Shift-Tab (and Up/Down) move between fields,
 * F2 saves, Esc cancels, asking first when something was typed. Each
 * field has a message slot shown next to it (and, for the focused field,
 * on the message line); a failed save puts db_errmsg() next to the field
 * db_errfield() names and keeps every value as typed.
 *
 * Choice fields cycle with Left/Right or Space, or jump to the option
 * whose label starts with the typed letter; a check field toggles with
 * Space. The caller keeps the fields in an array it owns (usually a
 * static table copied into its state) and reads values back with
 * form_text() and friends. */
enum form_type {
	FORM_TEXT,      /* a one-line text field */
	FORM_CHOICE,    /* one of a list of codes */
	FORM_CHECK,     /* yes or no */
	FORM_NOTE       /* a read-only line (e.g. a derived value) */
};

struct form_field {
	const char *name;         /* the data/ field name (db_errfield) */
	const char *label;        /* N_() */
	enum form_type type;
	bool required;            /* the label gets a '*' */
	int max;                  /* FORM_TEXT: code points allowed (0: 100) */
	int cols;                 /* FORM_TEXT: width of the box (0: as much as fits) */
	/* FORM_CHOICE: the codes, from a code set (codes_list/codes_label)
	 * or, when set is CODES__COUNT, from codes[]/labels[] (labels N_()). */
	enum code_set set;
	const char *const *codes;
	const char *const *labels;
	int ncodes;
	bool allow_none;          /* FORM_CHOICE: "-" (no value) is a choice */
	/* State. */
	struct w_field edit;      /* FORM_TEXT and FORM_NOTE */
	int sel;                  /* FORM_CHOICE: index, -1 none */
	bool on;                  /* FORM_CHECK */
	bool hidden;              /* not shown and skipped by Tab */
	char msg[256];            /* a message next to the field, "" none */
};

enum { FORM_IGNORED = 0, FORM_HANDLED, FORM_CHANGED, FORM_SAVE, FORM_CANCEL };

struct form {
	struct form_field *fields;
	int n;
	int focus, top;
	bool touched;             /* something was typed since form_init/form_reset */
	bool asking;              /* Esc pressed once over typed values */
	int label_cols;           /* computed at draw */
};

/* Prepares the fields (their state is reset: empty texts, first choice
 * or none, checks off). */
void form_init(struct form *f, struct form_field *fields, int n);
/* The index of the field called name, -1 when there is none. */
int form_find(const struct form *f, const char *name);
const char *form_text(const struct form *f, const char *name);
void form_set_text(struct form *f, const char *name, const char *text);
/* The selected code of a choice field, "" for none. */
const char *form_code(const struct form *f, const char *name);
void form_set_code(struct form *f, const char *name, const char *code);
bool form_on(const struct form *f, const char *name);
void form_set_on(struct form *f, const char *name, bool on);
void form_set_hidden(struct form *f, const char *name, bool hidden);
/* Sets (msg non-NULL) or clears the message next to a field. */
void form_set_msg(struct form *f, const char *name, const char *msg);
void form_clear_msgs(struct form *f);
void form_focus(struct form *f, const char *name);
/* The name of the focused field. */
const char *form_focused(const struct form *f);
/* After a failed data/ call: the message goes next to the field it
 * names (focused) and on the message line; nothing typed is lost. */
void form_db_error(struct ui *ui, struct form *f);
/* Handles a key: FORM_CHANGED when a value changed (the caller may then
 * validate the focused field live), FORM_HANDLED for a move, FORM_SAVE
 * on F2, FORM_CANCEL on Esc when nothing was typed or on the second Esc,
 * FORM_IGNORED for keys the form does not use. */
int form_key(struct ui *ui, struct form *f, const struct ui_key *k);
/* Draws the form in rows y..y+h-1, columns x..x+cols-1, and places the
 * cursor in the focused text field. */
void form_draw(struct ui *ui, struct form *f, int y, int x, int h, int cols);

/* menu.c: a pop-up menu over the screen: entries chosen with Up/Down
 * and Enter, or with their key (1-9, then a-z), closed with Esc. */
#define W_MENU_MAX 32
struct w_menu {
	bool open;
	int n, sel;
	int id[W_MENU_MAX];
	char label[W_MENU_MAX][96];
};
enum { W_MENU_CLOSED = -2, W_MENU_OPEN = -1 };
void w_menu_start(struct w_menu *m);
/* Adds an entry (label already translated); ignored when full. */
void w_menu_add(struct w_menu *m, int id, const char *label);
/* Handles a key of an open menu: the chosen id (the menu closes),
 * W_MENU_OPEN while it stays open, W_MENU_CLOSED after Esc. */
int w_menu_key(struct w_menu *m, const struct ui_key *k);
void w_menu_draw(struct ui *ui, const struct w_menu *m, const char *title);

/* widget.c: a scrollable list with one selected row. The caller draws
 * rows with a callback given the row's look (LOOK_SELECTED or
 * LOOK_NORMAL); the row is already filled with that look. */
struct w_list {
	int count, sel, top;
	int height;                       /* rows shown at the last draw */
};
typedef void w_row_fn(struct ui *ui, void *arg, int index, int y, int x, int cols,
                      enum ui_look look);
void w_list_reset(struct w_list *l, int count);
/* Up/Down/PgUp/PgDn/Home/End; true when the action is one of them. */
bool w_list_key(struct w_list *l, enum ui_action a);
/* The index a move would reach, unclamped above (to load more rows first). */
int w_list_target(const struct w_list *l, enum ui_action a);
void w_list_draw(struct ui *ui, struct w_list *l, int y, int x, int h, int cols,
                 w_row_fn *row, void *arg);

#endif
