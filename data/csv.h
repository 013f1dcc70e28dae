/* csv.h: reading and writing CSV as RFC 4180 has it: comma separators,
 * double-quote quoting (a quote inside a quoted field doubled), records
 * ended by CRLF or LF, quoted fields that may hold commas and line breaks.
 * The reader works on a buffer in memory (the whole file, already UTF-8)
 * and never fails on any input: a malformed record is reported with its
 * line number and the reader goes on at the next line. */
#ifndef OKIENKO_CSV_H
#define OKIENKO_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CSV_MAX_FIELDS 64

struct csv_reader {
	const char *p, *end;
	long line;                 /* line of the next character */
	char *buf;                 /* the current record's fields, unescaped */
	size_t cap;
};

struct csv_record {
	long line;                 /* the line the record starts on (1-based) */
	int n;                     /* fields */
	const char *field[CSV_MAX_FIELDS];
	size_t len[CSV_MAX_FIELDS];
	const char *error;         /* non-NULL: the record is malformed (translated) */
};

/* Starts reading buf (n bytes); a leading UTF-8 BOM is skipped. */
void csv_init(struct csv_reader *r, const char *buf, size_t n);
void csv_free(struct csv_reader *r);
/* Reads the next record into rec: true, or false at the end. Blank lines
 * are skipped. The fields stay valid until the next call. */
bool csv_next(struct csv_reader *r, struct csv_record *rec);

/* Goes back (or on) to a record found earlier: at and line are the
 * reader's p and line as they were before the csv_next() that read it. */
void csv_seek(struct csv_reader *r, const char *at, long line);

/* Writes one field, quoted when it holds a comma, a quote, a line break
 * or leading/trailing space; sep is written before it unless it is 0. */
void csv_put(FILE *out, const char *s, char sep);

#endif
