/* report.c: the yearly monitoring report on screen: the 60 indicators
 * with their codes and values, labelled in the user's language.
 * Left/Right change the year; Enter lists the records behind the selected
 * number; Tab goes to the day counts, F4 to the activity log. The report
 * is computed when the screen opens and when the year changes (over a
 * large file it takes seconds: it does not refresh itself). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"

#define LIST_Y 4

struct report_screen {
	int year;
	struct ok_report r;
	bool loaded;
	struct w_list list;
};

static const struct ui_help report_help[] = {
	{ UI_OPEN, N_("records") },
	{ UI_NEXT, N_("day counts") },
	{ UI_RECORD, N_("activity log") },
	{ UI_BACK, NULL },
	{ UI_QUIT, NULL },
	{ UI_NONE, NULL },
};

static struct report_screen *state(struct ui *ui)
{
	return ui->state[SCREEN_REPORT];
}

static void *report_init(struct ui *ui)
{
	(void)ui;
	struct report_screen *r = ui_alloc(1, sizeof *r);
	/* The report is due after the year: start with the last one. */
	r->year = date_today().y - 1;
	w_list_reset(&r->list, REPORT_INDICATORS);
	return r;
}

static void report_free(void *p)
{
	free(p);
}

static bool reload(struct ui *ui, struct report_screen *r)
{
	if (report_year(ui->db, r->year, &r->r) != OK_OK) {
		ui_db_error(ui);
		return false;
	}
	r->loaded = true;
	return true;
}

static void report_enter(struct ui *ui)
{
	struct report_screen *r = state(ui);
	if (!reload(ui, r))
		ui_switch(ui, ui->prev >= 0 && ui->prev != SCREEN_REPORT ? (enum screen_id)ui->prev : SCREEN_SEARCH);
}

static int report_key(struct ui *ui, const struct ui_key *k)
{
	struct report_screen *r = state(ui);
	switch (k->action) {
	case UI_LEFT:
	case UI_RIGHT:
		r->year += k->action == UI_LEFT ? -1 : 1;
		if (r->year < 1900)
			r->year = 1900;
		if (r->year > date_today().y)
			r->year = date_today().y;
		reload(ui, r);
		return UI_DONE;
	case UI_OPEN: {
		if (!r->loaded)
			return UI_DONE;
		int i = r->list.sel;
		const struct report_indicator *ind = report_indicator(i);
		struct ui_drill *d = &ui->drill;
		char v[32];
		memset(d, 0, sizeof *d);
		d->report = true;
		d->year = r->year;
		d->indicator = i;
		report_format_value(ind, &r->r.v[i], v, sizeof v);
		snprintf(d->title, sizeof d->title, "%d  %s  %s%s  %s", r->year, ind->code, v,
		         ind->how == HOW_SHARE ? "%" : "", _(ind->label));
		d->value = r->r.v[i].value;
		d->back = SCREEN_REPORT;
		ui_switch(ui, SCREEN_DRILL);
		return UI_DONE;
	}
	case UI_NEXT:
		ui_switch(ui, SCREEN_COUNTS);
		return UI_DONE;
	case UI_RECORD:
		ui_switch(ui, SCREEN_ACTIVITY);
		return UI_DONE;
	case UI_BACK:
		ui_switch(ui, SCREEN_COUNTS);
		return UI_DONE;
	default:
		return w_list_key(&r->list, k->action) ? UI_DONE : UI_IGNORED;
	}
}

static void draw_row(struct ui *ui, void *arg, int i, int y, int x, int cols, enum ui_look look)
{
	struct report_screen *r = arg;
	const struct report_indicator *ind = report_indicator(i);
	char v[32];
	(void)x;
	report_format_value(ind, &r->r.v[i], v, sizeof v);
	if (ind->how == HOW_SHARE)
		strcat(v, "%");
	w_text(ui, y, 1, 7, look, ind->code);
	w_text_right(ui, y, 18, 9, look, v);
	w_text(ui, y, 20, cols - 21, ind->how == HOW_ACTIVITY && look != LOOK_SELECTED ? LOOK_DIM : look,
	       _(ind->label));
}

static void report_draw(struct ui *ui)
{
	struct report_screen *r = state(ui);
	w_textf(ui, 2, 1, 40, LOOK_HEADING, _("Monitoring report for %d"), r->year);
	w_text_right(ui, 2, ui->cols - 1, ui->cols - 42, LOOK_DIM, _("Left/Right the year"));
	w_text(ui, 3, 1, 7, LOOK_LABEL, _("Code"));
	w_text_right(ui, 3, 18, 9, LOOK_LABEL, _("Value"));
	w_text(ui, 3, 20, ui->cols - 21, LOOK_LABEL, _("Indicator"));
	if (r->loaded)
		w_list_draw(ui, &r->list, LIST_Y, 0, ui->lines - 3 - LIST_Y + 1, ui->cols, draw_row, r);
}

const struct screen screen_report = {
	.name = "report",
	.title = N_("Yearly report"),
	.init = report_init,
	.free = report_free,
	.enter = report_enter,
	.leave = NULL,
	.draw = report_draw,
	.key = report_key,
	.resize = NULL,
	.help = report_help,
};
