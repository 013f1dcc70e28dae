/* sync_dump.c: prints every record of an office file, or the latest
 * version of every record in a central database, one line each
 * ("table uid json"), for the integration tests to compare with sort
 * and cmp. Staff are left out: another office's staff arrive as disabled
 * accounts under another login.
 *   sync_dump office FILE
 *   sync_dump central TARGET */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "data.h"

static int office_line(const char *tbl, const char *uid, const char *data, void *arg)
{
	(void)arg;
	if (strcmp(tbl, "staff") != 0)
		printf("%s %s %s\n", tbl, uid, data);
	return 0;
}

static int central_line(const struct central_in *in, void *arg)
{
	return office_line(in->tbl, in->uid, in->data, arg);
}

int main(int argc, char **argv)
{
	char err[1024];
	if (argc == 3 && !strcmp(argv[1], "office")) {
		enum ok_status st;
		struct ok_db *db = db_open(argv[2], NULL, &st, err, sizeof err);
		if (!db) {
			fprintf(stderr, "sync_dump: %s\n", err);
			return 1;
		}
		st = sync_payloads(db, office_line, NULL);
		if (st != OK_OK)
			fprintf(stderr, "sync_dump: %s\n", db_errmsg(db));
		db_close(db);
		return st == OK_OK ? 0 : 1;
	}
	if (argc == 3 && !strcmp(argv[1], "central")) {
		enum central_status st;
		struct central *c = central_open(argv[2], false, &st, err, sizeof err);
		if (!c) {
			fprintf(stderr, "sync_dump: %s\n", err);
			return 1;
		}
		if ((st = c->ops->begin(c, false)) == CENTRAL_OK)
			st = c->ops->all_rows(c, central_line, NULL);
		if (st != CENTRAL_OK)
			fprintf(stderr, "sync_dump: %s\n", c->err);
		c->ops->rollback(c);
		central_close(c);
		return st == CENTRAL_OK ? 0 : 1;
	}
	fprintf(stderr, "usage: sync_dump office FILE | sync_dump central TARGET\n");
	return 2;
}
