/* export.c: the office's clients, employers and events as CSV in the
 * formats the import reads (interchange.md, okienko(1)), so that an
 * export imported into an empty file gives the same cards and reports.
 *
 * Clients carry their first registration period; every later one, and
 * every deregistration, is an event. Only active events leave: a
 * corrected or voided event counts nowhere. Records end in CRLF
 * (RFC 4180); a referral without an identifier goes out with its uid as
 * one, so that its outcomes can name it. In another encoding the text is converted in chunks of
 * rows, so that a large export needs little memory. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "conv.h"
#include "csv.h"
#include "db_private.h"
#include "import.h"
#include "intl.h"
#include "staff.h"

/* Where the rows go: straight to the file in UTF-8, else through a
 * buffer that is converted every few hundred kilobytes. */
struct sink {
	FILE *out;
	const char *encoding;   /* NULL for UTF-8 */
	FILE *mem;
	char *buf;
	size_t len;
	bool failed;
};

static FILE *sink_file(struct sink *k)
{
	if (!k->encoding)
		return k->out;
	if (!k->mem && !(k->mem = open_memstream(&k->buf, &k->len)))
		abort();
	return k->mem;
}

static void sink_flush(struct sink *k, bool force)
{
	if (!k->mem)
		return;
	long pos = ftell(k->mem);
	if (!force && pos < 256 * 1024)
		return;
	fclose(k->mem);
	k->mem = NULL;
	size_t n;
	char *conv = conv_from_utf8(k->buf, k->len, k->encoding, &n);
	if (fwrite(conv, 1, n, k->out) != n)
		k->failed = true;
	free(conv);
	free(k->buf);
	k->buf = NULL;
	k->len = 0;
}

static void put_row(struct sink *k, const char *const *v, int n)
{
	FILE *f = sink_file(k);
	for (int i = 0; i < n; i++)
		csv_put(f, v[i] ? v[i] : "", i ? ',' : 0);
	fputs("\r\n", f);
	sink_flush(k, false);
}

static const char *col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? (const char *)t : "";
}

static const char *const client_header[] = {
	"pesel", "document", "first_name", "last_name", "birth_date", "sex", "status", "registered_on",
	"groups", "education", "phone", "email", "address", "citizenship", "disability", "benefit",
	"occupations",
};

static const char *const employer_header[] = {
	"nip", "name", "registered_on", "address", "phone", "email",
};

static const char *const event_header[] = {
	"date", "kind", "pesel", "nip", "counselor", "ref", "detail", "notes",
};

/* The query of each kind; ?1 is the year (0: every year). Every group
 * goes out, with the dates it was held when they are not simply "from
 * the registration on" (CODE@FROM/TO): listed groups are not derived
 * again, so that the import gives the same rows. Events go out in the
 * order the import checks them: by day, a registration first and a
 * deregistration last, then by time; only the events this office
 * recorded (the nightly sync brings the other offices' into the file). */
static const char *const client_sql =
	"SELECT c.pesel, CASE WHEN c.doc_type IS NOT NULL THEN c.doc_type || ':' || c.doc_number END,"
	" c.first_name, c.last_name, c.birth_date, c.sex, r.status, r.registered_on,"
	" (SELECT group_concat(item, ';') FROM (SELECT g.code || CASE WHEN g.valid_from = r.registered_on"
	"   AND g.valid_to IS NULL THEN '' ELSE '@' || g.valid_from || coalesce('/' || g.valid_to, '') END AS item"
	"   FROM client_group g WHERE g.client_id = c.id ORDER BY g.code, g.valid_from, g.id)),"
	" c.education, c.phone, c.email, c.address, c.citizenship, c.disability, c.benefit,"
	" (SELECT group_concat(kind || ':' || code, ';') FROM (SELECT kind, code FROM client_occupation o"
	"   WHERE o.client_id = c.id ORDER BY kind, code))"
	" FROM client c JOIN registration r ON r.id = (SELECT x.id FROM registration x"
	"  WHERE x.client_id = c.id ORDER BY x.registered_on, x.id LIMIT 1)"
	" WHERE ?1 = 0 OR EXISTS(SELECT 1 FROM registration y WHERE y.client_id = c.id"
	"  AND y.registered_on <= printf('%04d-12-31', ?1)"
	"  AND (y.ended_on IS NULL OR y.ended_on >= printf('%04d-01-01', ?1)))"
	" ORDER BY c.id";

static const char *const employer_sql =
	"SELECT m.nip, m.name, m.registered_on, m.address, m.phone, m.email FROM employer m"
	" WHERE ?1 = 0 OR m.registered_on BETWEEN printf('%04d-01-01', ?1) AND printf('%04d-12-31', ?1)"
	"  OR EXISTS(SELECT 1 FROM event e WHERE e.employer_id = m.id AND e.state = 'active'"
	"   AND e.occurred_on BETWEEN printf('%04d-01-01', ?1) AND printf('%04d-12-31', ?1))"
	" ORDER BY m.id";

static const char *const event_sql =
	"SELECT e.occurred_on || coalesce('T' || e.occurred_at, ''), e.kind,"
	" coalesce(c.pesel, c.doc_type || ':' || c.doc_number), m.nip, s.login,"
	" CASE WHEN e.kind = 'referral_outcome' THEN coalesce(r.ref, r.uid)"
	"  WHEN e.kind IN " REFERRAL_KINDS " THEN coalesce(e.ref, e.uid) ELSE e.ref END,"
	" CASE WHEN e.kind = 'vacancy' THEN CAST(e.places AS TEXT) ELSE e.detail END, e.notes"
	" FROM event e JOIN staff s ON s.id = e.staff_id"
	" LEFT JOIN client c ON c.id = e.client_id LEFT JOIN employer m ON m.id = e.employer_id"
	" LEFT JOIN event r ON r.id = e.referral_id"
	" WHERE e.state = 'active' AND e.office = (SELECT value FROM meta WHERE key = 'office') AND (?1 = 0"
	"  OR e.occurred_on BETWEEN printf('%04d-01-01', ?1) AND printf('%04d-12-31', ?1))"
	" ORDER BY e.occurred_on, CASE e.kind WHEN 'registration' THEN 0 WHEN 'deregistration' THEN 2 ELSE 1 END,"
	"  coalesce(e.occurred_at, ''), e.id";

enum ok_status export_csv(struct ok_db *db, enum import_kind kind, int year, const char *encoding,
                          FILE *out)
{
	static const struct {
		const char *const *header;
		int n;
		const char *const *sql;
		const char *entity;
	} kinds[] = {
		{ client_header, sizeof client_header / sizeof *client_header, &client_sql, "client" },
		{ employer_header, sizeof employer_header / sizeof *employer_header, &employer_sql, "employer" },
		{ event_header, sizeof event_header / sizeof *event_header, &event_sql, "event" },
	};
	enum ok_status st = staff_require(db, ACT_IMPORT);
	if (st != OK_OK)
		return st;
	struct sink k = { .out = out };
	if (encoding && strcasecmp(encoding, "UTF-8") != 0)
		k.encoding = encoding;
	int n = kinds[kind].n;
	sqlite3_stmt *s = db_stmt(db, *kinds[kind].sql);
	if (!s)
		return OK_EIO;
	sqlite3_bind_int(s, 1, year);
	put_row(&k, kinds[kind].header, n);
	const char *v[32];
	long rows = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && !k.failed) {
		for (int i = 0; i < n; i++)
			v[i] = col(s, i);
		put_row(&k, v, n);
		rows++;
	}
	sqlite3_reset(s);
	sink_flush(&k, true);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, rc);
	if (k.failed || fflush(out) != 0 || ferror(out)) {
		int e = errno;
		return db_fail(db, e == ENOSPC ? OK_EFULL : OK_EIO, _("Cannot write the export: %s"), strerror(e));
	}
	char detail[64];
	snprintf(detail, sizeof detail, "export %ld rows, year %d", rows, year);
	return audit_log(db, "export", kinds[kind].entity, NULL, detail);
}
