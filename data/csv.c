/* csv.c: the CSV reader and writer of the import and export commands.
 * The reader copies each record's fields, unescaped and NUL-terminated,
 * into one growing buffer, so that a record costs no allocation once the
 * buffer is large enough; fields then point into it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "intl.h"

void csv_init(struct csv_reader *r, const char *buf, size_t n)
{
	memset(r, 0, sizeof *r);
	r->p = buf;
	r->end = buf + n;
	r->line = 1;
	if (n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		r->p += 3;
}

void csv_seek(struct csv_reader *r, const char *at, long line)
{
	r->p = at;
	r->line = line;
}

void csv_free(struct csv_reader *r)
{
	free(r->buf);
	r->buf = NULL;
	r->cap = 0;
}

/* Makes room for the record's text: at most its bytes plus a NUL per field. */
static void reserve(struct csv_reader *r, size_t need)
{
	if (need <= r->cap)
		return;
	size_t cap = r->cap ? r->cap : 4096;
	while (cap < need)
		cap *= 2;
	char *b = realloc(r->buf, cap);
	if (!b)
		abort();
	r->buf = b;
	r->cap = cap;
}

/* Skips to the start of the next line after an error. */
static void skip_line(struct csv_reader *r)
{
	while (r->p < r->end && *r->p != '\n')
		r->p++;
	if (r->p < r->end) {
		r->p++;
		r->line++;
	}
}

bool csv_next(struct csv_reader *r, struct csv_record *rec)
{
	/* Blank lines (also a last line without text) are no records. */
	while (r->p < r->end && (*r->p == '\n' || (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n'))) {
		r->p += *r->p == '\r' ? 2 : 1;
		r->line++;
	}
	if (r->p >= r->end)
		return false;
	memset(rec, 0, sizeof *rec);
	rec->line = r->line;
	size_t o = 0, off[CSV_MAX_FIELDS];
	for (;;) {
		if (rec->n == CSV_MAX_FIELDS) {
			rec->error = _("Too many columns.");
			skip_line(r);
			return true;
		}
		size_t start = o;
		if (r->p < r->end && *r->p == '"') {
			r->p++;
			for (;;) {
				if (r->p >= r->end) {
					rec->error = _("A quoted field is not closed.");
					return true;
				}
				char c = *r->p++;
				if (c == '"') {
					if (r->p < r->end && *r->p == '"') {
						r->p++;
					} else {
						break;
					}
				} else if (c == '\n') {
					r->line++;
				}
				reserve(r, o + CSV_MAX_FIELDS + 2);
				r->buf[o++] = c;
			}
			if (r->p < r->end && *r->p != ',' && *r->p != '\n' &&
			    !(*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n') &&
			    !(*r->p == '\r' && r->p + 1 == r->end)) {
				rec->error = _("Text follows a closing quote; double a quote inside a quoted field.");
				skip_line(r);
				return true;
			}
		} else {
			while (r->p < r->end && *r->p != ',' && *r->p != '\n') {
				if (*r->p == '\r' && (r->p + 1 == r->end || r->p[1] == '\n')) {
					r->p++;
					continue;
				}
				if (*r->p == '"') {
					rec->error = _("A quote inside an unquoted field; quote the whole field.");
					skip_line(r);
					return true;
				}
				reserve(r, o + CSV_MAX_FIELDS + 2);
				r->buf[o++] = *r->p++;
			}
		}
		while (r->p < r->end && *r->p == '\r')
			r->p++;
		reserve(r, o + CSV_MAX_FIELDS + 2);
		r->buf[o++] = '\0';
		rec->len[rec->n] = o - 1 - start;
		/* Offsets now; pointers once the buffer stops moving. */
		off[rec->n++] = start;
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end) {   /* '\n' */
			r->p++;
			r->line++;
		}
		break;
	}
	for (int i = 0; i < rec->n; i++)
		rec->field[i] = r->buf + off[i];
	return true;
}

void csv_put(FILE *out, const char *s, char sep)
{
	if (sep)
		fputc(sep, out);
	if (!s)
		return;
	size_t n = strlen(s);
	bool quote = n && (s[0] == ' ' || s[n - 1] == ' ');
	for (const char *p = s; *p && !quote; p++)
		quote = *p == ',' || *p == '"' || *p == '\n' || *p == '\r';
	if (!quote) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
}
