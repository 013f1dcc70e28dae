/* sync.c: the nightly sync's screen (F9 on the day counts): the history
 * of sync runs (when, outcome, records sent and received, conflicts,
 * seconds, why a run failed) and the open conflicts: records changed at
 * two offices, or duplicates, with the fields that differ. On the
 * selected conflict F2 keeps this office's version and F4 takes the
 * other office's; only a supervisor may (data/ refuses the others). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"

#define HISTORY 6
#define REFRESH_MS 5000

struct sync_screen {
	struct sync_history runs[HISTORY];
	int nruns;
	struct sync_conflict *k;
	int n, cap;
	struct w_list list;
};

static const struct ui_help sync_help[] = {
	{ UI_SAVE, N_("keep ours") },
	{ UI_RECORD, N_("take theirs") },
	{ UI_BACK, NULL },
	{ UI_QUIT, NULL },
	{ UI_NONE, NULL },
};

static struct sync_screen *state(struct ui *ui)
{
	return ui->state[SCREEN_SYNC];
}

static void *sync_init(struct ui *ui)
{
	(void)ui;
	return ui_alloc(1, sizeof(struct sync_screen));
}

static void sync_free(void *p)
{
	struct sync_screen *s = p;
	if (s)
		free(s->k);
	free(s);
}

static int add_run(const struct sync_history *h, void *arg)
{
	struct sync_screen *s = arg;
	if (s->nruns < HISTORY)
		s->runs[s->nruns++] = *h;
	return s->nruns >= HISTORY;
}

static int add_conflict(const struct sync_conflict *k, void *arg)
{
	struct sync_screen *s = arg;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 32;
		s->k = ui_realloc(s->k, (size_t)s->cap, sizeof *s->k);
	}
	s->k[s->n++] = *k;
	return 0;
}

static bool reload(struct ui *ui, struct sync_screen *s)
{
	s->nruns = 0;
	s->n = 0;
	if (sync_history(ui->db, HISTORY, add_run, s) != OK_OK || sync_conflicts(ui->db, add_conflict, s) != OK_OK) {
		ui_db_error(ui);
		return false;
	}
	int sel = s->list.sel;
	w_list_reset(&s->list, s->n);
	s->list.sel = s->n ? (sel < s->n ? sel : s->n - 1) : 0;
	return true;
}

static void sync_enter(struct ui *ui)
{
	if (!staff_role_may(db_actor(ui->db)->role, ACT_SYNC)) {
		ui_error(ui, "%s", _("The sync is for supervisors and administrators."));
		ui_switch(ui, SCREEN_SEARCH);
		return;
	}
	state(ui)->list.sel = 0;
	reload(ui, state(ui));
}

static void sync_tick(struct ui *ui)
{
	if (reload(ui, state(ui)))
		ui->dirty = true;
}

static void resolve(struct ui *ui, struct sync_screen *s, enum sync_choice choice)
{
	if (!s->n)
		return;
	const struct sync_conflict *k = &s->k[s->list.sel];
	int64_t id = k->id;
	if (sync_resolve(ui->db, id, choice) != OK_OK) {
		ui_db_error(ui);
		return;
	}
	ui_info(ui, choice == SYNC_KEEP_LOCAL ? _("Conflict %lld: this office's version kept; the next sync sends it.")
	                                      : _("Conflict %lld: the other office's version taken; the next sync sends it."),
	        (long long)id);
	reload(ui, s);
}

static int sync_key(struct ui *ui, const struct ui_key *k)
{
	struct sync_screen *s = state(ui);
	switch (k->action) {
	case UI_UP:
	case UI_DOWN:
	case UI_PGUP:
	case UI_PGDN:
	case UI_HOME:
	case UI_END:
		w_list_key(&s->list, k->action);
		return UI_DONE;
	case UI_SAVE:
		resolve(ui, s, SYNC_KEEP_LOCAL);
		return UI_DONE;
	case UI_RECORD:
		resolve(ui, s, SYNC_TAKE_OTHER);
		return UI_DONE;
	case UI_BACK:
		ui_switch(ui, SCREEN_COUNTS);
		return UI_DONE;
	default:
		return UI_IGNORED;
	}
}

static void draw_conflict(struct ui *ui, void *arg, int i, int y, int x, int cols, enum ui_look look)
{
	struct sync_screen *s = arg;
	const struct sync_conflict *k = &s->k[i];
	(void)x;
	(void)cols;
	w_textf(ui, y, 1, 6, look, "%5lld", (long long)k->id);
	w_text(ui, y, 8, 10, look, k->office);
	w_text(ui, y, 19, 25, look, !strcmp(k->kind, "duplicate") ? _("duplicate") : _("changed at both offices"));
	w_text(ui, y, 45, ui->cols - 46, look, k->label);
}

static void sync_draw(struct ui *ui)
{
	struct sync_screen *s = state(ui);
	int y = 2;
	w_text(ui, y++, 1, ui->cols - 2, LOOK_HEADING, _("Sync runs"));
	if (!s->nruns)
		w_text(ui, y++, 2, ui->cols - 4, LOOK_DIM, _("This office has never synced."));
	for (int i = 0; i < s->nruns; i++, y++) {
		const struct sync_history *h = &s->runs[i];
		bool ok = !strcmp(h->outcome, "ok");
		char when[20];
		snprintf(when, sizeof when, "%.16s", h->started_at);
		if (when[10] == 'T')
			when[10] = ' ';
		w_text(ui, y, 1, 17, LOOK_NORMAL, when);
		w_text(ui, y, 19, 6, ok ? LOOK_NORMAL : LOOK_ERROR, ok ? _("ok") : _("failed"));
		if (ok)
			w_textf(ui, y, 26, ui->cols - 27, LOOK_NORMAL, _("%ld sent, %ld received, %ld conflicts, %.1f s"),
			        h->sent, h->received, h->conflicts, h->seconds);
		else
			w_text(ui, y, 26, ui->cols - 27, LOOK_ERROR, h->message);
	}
	y++;
	w_textf(ui, y++, 1, ui->cols - 2, LOOK_HEADING, _("Open conflicts: %d"), s->n);
	int detail = 3;
	int h = ui->lines - 3 - detail - y;
	if (s->n && h > 0) {
		w_list_draw(ui, &s->list, y, 0, h, ui->cols, draw_conflict, s);
		const struct sync_conflict *k = &s->k[s->list.sel];
		int dy = ui->lines - 2 - detail;
		w_textf(ui, dy, 1, ui->cols - 2, LOOK_LABEL, "%s: %s", _("table"), k->tbl);
		if (k->fields[0])
			w_textf(ui, dy + 1, 1, ui->cols - 2, LOOK_NORMAL, "%s: %s", _("fields"), k->fields);
		if (k->held)
			w_textf(ui, dy + 2, 1, ui->cols - 2, LOOK_DIM, _("%ld records of the other office wait for it"), k->held);
	} else if (!s->n) {
		w_text(ui, y, 2, ui->cols - 4, LOOK_DIM, _("No open conflicts."));
	}
}

const struct screen screen_sync = {
	.name = "sync",
	.title = N_("Sync with the central database"),
	.init = sync_init,
	.free = sync_free,
	.enter = sync_enter,
	.leave = NULL,
	.draw = sync_draw,
	.key = sync_key,
	.resize = NULL,
	.help = sync_help,
	.tick = sync_tick,
	.refresh_ms = REFRESH_MS,
};
