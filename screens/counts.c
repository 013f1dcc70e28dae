/* counts.c: the supervisors' day counts (F9): per staff member and kind
 * of service, referral, outcome and deregistration, the office's totals,
 * and a bar chart of the last 30 working days. Left/Right move a day,
 * PgUp/PgDn a week; Enter lists the records behind the selected number;
 * Tab opens the yearly report, F4 the activity log. The screen reads the
 * file again every few seconds, so that what others record shows up. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"

#define SERIES 30
#define LIST_Y 4
#define CHART_H 6          /* rows of bars */
#define REFRESH_MS 3000

struct counts {
	struct ok_date day;
	struct ok_count *rows;
	int n;
	struct w_list list;
	struct ok_day_total series[SERIES];
	bool loaded;
};

static const struct ui_help counts_help[] = {
	{ UI_OPEN, N_("records") },
	{ UI_NEXT, N_("report") },
	{ UI_RECORD, N_("activity log") },
	{ UI_OFFICE, N_("sync") },
	{ UI_BACK, NULL },
	{ UI_QUIT, NULL },
	{ UI_NONE, NULL },
};

static struct counts *state(struct ui *ui)
{
	return ui->state[SCREEN_COUNTS];
}

static void *counts_init(struct ui *ui)
{
	(void)ui;
	struct counts *c = ui_alloc(1, sizeof *c);
	c->day = date_today();
	return c;
}

static void counts_free(void *p)
{
	struct counts *c = p;
	if (c)
		free(c->rows);
	free(c);
}

/* Reads the day and the series again; keeps the selection. */
static bool reload(struct ui *ui, struct counts *c)
{
	char day[11];
	date_format(&c->day, day);
	struct ok_count *rows;
	int n;
	if (counts_day(ui->db, day, &rows, &n) != OK_OK ||
	    counts_series(ui->db, day, SERIES, c->series) != OK_OK) {
		ui_db_error(ui);
		return false;
	}
	free(c->rows);
	c->rows = rows;
	c->n = n;
	int sel = c->list.sel;
	w_list_reset(&c->list, n);
	c->list.sel = n ? (sel < n ? sel : n - 1) : 0;
	c->loaded = true;
	return true;
}

static void counts_enter(struct ui *ui)
{
	struct counts *c = state(ui);
	if (!staff_role_may(db_actor(ui->db)->role, ACT_COUNTS_VIEW)) {
		ui_error(ui, "%s", _("The counts and the report are for supervisors."));
		ui_switch(ui, ui->prev >= 0 && ui->prev != SCREEN_COUNTS ? (enum screen_id)ui->prev : SCREEN_SEARCH);
		return;
	}
	if (ui->prev != SCREEN_DRILL)
		c->list.sel = 0;
	if (!reload(ui, c) && !c->loaded)
		ui_switch(ui, SCREEN_SEARCH);
}

static void counts_tick(struct ui *ui)
{
	if (reload(ui, state(ui)))
		ui->dirty = true;
}

static void move_day(struct ui *ui, struct counts *c, int days)
{
	c->day = date_from_days(date_to_days(&c->day) + days);
	c->list.sel = 0;
	reload(ui, c);
}

static int counts_key(struct ui *ui, const struct ui_key *k)
{
	struct counts *c = state(ui);
	switch (k->action) {
	case UI_LEFT:
		move_day(ui, c, -1);
		return UI_DONE;
	case UI_RIGHT:
		move_day(ui, c, 1);
		return UI_DONE;
	case UI_PGUP:
		move_day(ui, c, -7);
		return UI_DONE;
	case UI_PGDN:
		move_day(ui, c, 7);
		return UI_DONE;
	case UI_HOME: {
		c->day = date_today();
		c->list.sel = 0;
		reload(ui, c);
		return UI_DONE;
	}
	case UI_UP:
	case UI_DOWN:
		w_list_key(&c->list, k->action);
		return UI_DONE;
	case UI_OPEN: {
		if (!c->n)
			return UI_DONE;
		const struct ok_count *r = &c->rows[c->list.sel];
		struct ui_drill *d = &ui->drill;
		memset(d, 0, sizeof *d);
		date_format(&c->day, d->day);
		d->staff_id = r->staff_id;
		snprintf(d->kind, sizeof d->kind, "%s", r->kind);
		snprintf(d->title, sizeof d->title, "%s  %s  %s", d->day,
		         r->staff_id ? r->staff : _("office"), codes_label(CODES_EVENT_KIND, r->kind));
		d->value = r->count;
		d->back = SCREEN_COUNTS;
		ui_switch(ui, SCREEN_DRILL);
		return UI_DONE;
	}
	case UI_NEXT:
		ui_switch(ui, SCREEN_REPORT);
		return UI_DONE;
	case UI_RECORD:
		ui_switch(ui, SCREEN_ACTIVITY);
		return UI_DONE;
	case UI_OFFICE:
		ui_switch(ui, SCREEN_SYNC);
		return UI_DONE;
	case UI_BACK:
		ui_switch(ui, SCREEN_SEARCH);
		return UI_DONE;
	default:
		return UI_IGNORED;
	}
}

static void draw_row(struct ui *ui, void *arg, int i, int y, int x, int cols, enum ui_look look)
{
	struct counts *c = arg;
	const struct ok_count *r = &c->rows[i];
	(void)x;
	(void)cols;
	bool total = r->staff_id == 0;
	enum ui_look l = look == LOOK_SELECTED ? look : total ? LOOK_HEADING : LOOK_NORMAL;
	w_text(ui, y, 1, 16, l, total ? _("office") : r->staff);
	w_text(ui, y, 19, 44, l, codes_label(CODES_EVENT_KIND, r->kind));
	w_textf(ui, y, 64, 8, l, "%6ld", r->count);
}

/* One column of the chart: the share of h*8 eighths that value fills. */
static void draw_bar(struct ui *ui, int top, int x, int h, long value, long max, bool sel)
{
	static const char *const eighths[] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	long units = max ? (value * h * 8 + max - 1) / max : 0;
	enum ui_look look = sel ? LOOK_KEY : LOOK_NORMAL;
	for (int r = 0; r < h; r++) {
		long fill = units - (long)(h - 1 - r) * 8;
		if (fill > 8)
			fill = 8;
		if (fill < 0)
			fill = 0;
		const char *s = ui->blocks ? eighths[fill] : fill >= 4 ? "#" : fill > 0 ? "." : " ";
		if (fill > 0)
			w_text(ui, top + r, x, 1, look, s);
	}
}

static void draw_chart(struct ui *ui, struct counts *c, int top)
{
	long max = 0;
	char day[11];
	date_format(&c->day, day);
	for (int i = 0; i < SERIES; i++)
		if (c->series[i].count > max)
			max = c->series[i].count;
	w_textf(ui, top, 1, ui->cols - 2, LOOK_LABEL, _("The last %d working days (most: %ld)"), SERIES, max);
	int x0 = 8;
	for (int i = 0; i < SERIES; i++)
		draw_bar(ui, top + 1, x0 + 2 * i, CHART_H, c->series[i].count, max, strcmp(c->series[i].day, day) == 0);
	w_textf(ui, top + 1, 1, 6, LOOK_DIM, "%5ld", max);
	w_textf(ui, top + CHART_H, 1, 6, LOOK_DIM, "%5d", 0);
	/* The first and last days under the axis. */
	w_text(ui, top + CHART_H + 1, x0, 10, LOOK_DIM, c->series[0].day + 5);
	w_text_right(ui, top + CHART_H + 1, x0 + 2 * SERIES, 10, LOOK_DIM, c->series[SERIES - 1].day + 5);
}

static void counts_draw(struct ui *ui)
{
	struct counts *c = state(ui);
	char day[11];
	date_format(&c->day, day);
	w_textf(ui, 2, 1, 40, LOOK_HEADING, _("Counts of %s"), day);
	w_text_right(ui, 2, ui->cols - 1, ui->cols - 42, LOOK_DIM,
	             _("Left/Right a day, PgUp/PgDn a week"));
	w_text(ui, 3, 1, 16, LOOK_LABEL, _("Staff"));
	w_text(ui, 3, 19, 44, LOOK_LABEL, _("Kind"));
	w_text_right(ui, 3, 70, 8, LOOK_LABEL, _("Count"));
	int chart_top = ui->lines - 3 - (CHART_H + 2);
	int h = chart_top - LIST_Y - 1;
	if (c->n)
		w_list_draw(ui, &c->list, LIST_Y, 0, h, ui->cols, draw_row, c);
	else
		w_text(ui, LIST_Y + 1, 2, ui->cols - 4, LOOK_DIM, _("Nothing was recorded on this day."));
	draw_chart(ui, c, chart_top);
}

const struct screen screen_counts = {
	.name = "counts",
	.title = N_("Day counts"),
	.init = counts_init,
	.free = counts_free,
	.enter = counts_enter,
	.leave = NULL,
	.draw = counts_draw,
	.key = counts_key,
	.resize = NULL,
	.help = counts_help,
	.tick = counts_tick,
	.refresh_ms = REFRESH_MS,
};
