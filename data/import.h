/* import.h: bringing an office's history in from CSV files, and handing
 * it out as CSV (../shared/interchange.md is the contract). An import is
 * all or nothing: every row is checked first and every invalid row is
 * reported (line, column, a translated reason); only a file without any
 * error is written, in one transaction. Importing the same file again
 * changes nothing. Needs ACT_IMPORT (the command line has it). */
#ifndef OKIENKO_IMPORT_H
#define OKIENKO_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include "db.h"

enum import_kind { IMPORT_CLIENTS, IMPORT_EMPLOYERS, IMPORT_EVENTS };

struct import_error {
	long line;             /* 1-based; 0 for the file as a whole */
	char column[32];       /* "" when no single column */
	char msg[320];         /* translated */
};

struct import_result {
	long rows;             /* data rows read */
	long added;            /* rows written */
	long present;          /* rows already in the database */
	bool same_file;        /* this very file was imported before (nothing changed) */
	char imported_at[20];  /* then: when */
	struct import_error *errors;   /* the first IMPORT_MAX_ERRORS */
	int nerrors;
	long total_errors;
};

#define IMPORT_MAX_ERRORS 1000

/* "clients", "employers", "events" -> kind; false when unknown. */
bool import_kind_parse(const char *s, enum import_kind *kind);
/* "utf-8", "cp1250", "iso-8859-2" (any case) -> the iconv name; NULL
 * when the encoding is not one of them. */
const char *import_encoding(const char *s);

/* Imports n bytes of a file named name in the encoding (an iconv name
 * from import_encoding). OK_EINVAL when any row is invalid (see
 * res->errors; nothing was written). Free res with import_result_free. */
enum ok_status import_data(struct ok_db *db, enum import_kind kind, const char *data, size_t n,
                           const char *encoding, const char *name, struct import_result *res);
void import_result_free(struct import_result *res);

/* Writes clients, employers or events (year 0: all years) as CSV in the
 * encoding. Events: the active ones only. */
enum ok_status export_csv(struct ok_db *db, enum import_kind kind, int year, const char *encoding,
                          FILE *out);

#endif
