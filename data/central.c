/* central.c: choosing the kind of central target, and the schema checks
 * both kinds share. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "central.h"
#include "intl.h"

enum central_status central_fail(struct central *c, enum central_status st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->err, sizeof c->err, fmt, ap);
	va_end(ap);
	return st;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool central_is_sqlite(const char *target)
{
	if (strncmp(target, "postgres://", 11) == 0 || strncmp(target, "postgresql://", 13) == 0)
		return false;
	if (strchr(target, '='))
		return false; /* key=value: a libpq connection string */
	return strchr(target, '/') || ends_with(target, ".db") || ends_with(target, ".sqlite") ||
	       ends_with(target, ".sqlite3");
}

struct central *central_open(const char *target, bool create, enum central_status *status,
                             char *err, size_t errsz)
{
	if (!target || !*target) {
		snprintf(err, errsz, "%s", _("No central database given: use --central TARGET or set central in the configuration file."));
		*status = CENTRAL_EFAIL;
		return NULL;
	}
	if (central_is_sqlite(target))
		return central_sqlite_open(target, create, status, err, errsz);
	return central_pg_open(target, status, err, errsz);
}

void central_close(struct central *c)
{
	if (c)
		c->ops->close(c);
}

enum central_status central_init(struct central *c)
{
	enum central_status st = c->ops->begin(c, true);
	if (st != CENTRAL_OK)
		return st;
	int v = 0;
	if ((st = c->ops->schema_version(c, &v)) != CENTRAL_OK)
		goto fail;
	if (v > CENTRAL_SCHEMA_VERSION) {
		st = central_fail(c, CENTRAL_ENEWER,
		                  _("The central database has schema %d, newer than this okienko knows (%d): update okienko."),
		                  v, CENTRAL_SCHEMA_VERSION);
		goto fail;
	}
	if (v < CENTRAL_SCHEMA_VERSION && (st = c->ops->schema_init(c, v)) != CENTRAL_OK)
		goto fail;
	return c->ops->commit(c);
fail:
	c->ops->rollback(c);
	return st;
}

enum central_status central_check(struct central *c)
{
	int v = 0;
	enum central_status st = c->ops->schema_version(c, &v);
	if (st != CENTRAL_OK)
		return st;
	if (v == 0)
		return central_fail(c, CENTRAL_ENOSCHEMA,
		                    _("%s has no central okienko schema: create it with okienko central init."),
		                    c->label);
	if (v > CENTRAL_SCHEMA_VERSION)
		return central_fail(c, CENTRAL_ENEWER,
		                    _("The central database has schema %d, newer than this okienko knows (%d): update okienko."),
		                    v, CENTRAL_SCHEMA_VERSION);
	if (v < CENTRAL_SCHEMA_VERSION)
		return central_init(c);
	return CENTRAL_OK;
}
