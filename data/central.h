/* central.h: the city's central report database, as the nightly sync
 * sees it. Two kinds of target behind one table of operations: an SQLite
 * file (central_sqlite.c: a single office, a trial, the demo, the tests)
 * and PostgreSQL (central_pg.c, libpq: production).
 *
 * The central schema is the same in both (okienko creates and migrates
 * it, `okienko central init`):
 *   record(office, uid, tbl, data, seq, batch)  one row per record and
 *       office that sent it; data is the record as JSON with references
 *       by uid; seq the office's change sequence number it was sent at;
 *       batch the central transaction that last wrote it;
 *   office_mark(office, last_seq, last_uid, token, batch, updated_at)
 *       how far each office's change sequence has been received (written
 *       in the same transaction as the rows), the record of the last
 *       change, and the random token of the sync run that sent it (the
 *       office file keeps its tokens: a file restored from a backup does
 *       not know the later ones);
 *   batch_counter(id, n)  the last batch number: taking the next one
 *       locks the row, so batches commit in the order of their numbers
 *       and a reader who has seen batch N has seen every batch below N;
 *   batch_seen(batch, office, seen)  for each push batch, the last
 *       batch its office had pulled when it sent it (schema 2): whether
 *       a change came after another office's version or beside it;
 *   central_meta(key, value)  the central schema's version.
 * On PostgreSQL the tables live in the schema `okienko`, which is all the
 * role okienko logs in as needs. No curses, never exits. */
#ifndef OKIENKO_CENTRAL_H
#define OKIENKO_CENTRAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The central schema version this build writes. */
#define CENTRAL_SCHEMA_VERSION 2

/* Why a central operation failed; sync's exit statuses follow them. */
enum central_status {
	CENTRAL_OK = 0,
	CENTRAL_EFAIL,        /* any other failure */
	CENTRAL_EUNREACHABLE, /* server unreachable or the connection lost */
	CENTRAL_EAUTH,        /* authentication refused */
	CENTRAL_ETLS,         /* TLS could not be set up or verified */
	CENTRAL_EFULL,        /* a disk is full */
	CENTRAL_ENEWER,       /* the central schema is newer than this okienko */
	CENTRAL_ENOSCHEMA,    /* the target has no central schema (run central init) */
	CENTRAL_ERESTORED,    /* the office file is older than what central received */
	CENTRAL_EBUSY         /* the office database stayed locked */
};

/* One record on its way to the central side. */
struct central_row {
	const char *uid;
	const char *tbl;
	const char *data;
	int64_t seq;
	bool fresh; /* never sent by this office before: cannot be at the central side yet */
};

/* One record coming back from the central side (strings valid during the
 * callback only). */
struct central_in {
	const char *office, *uid, *tbl, *data;
	/* The office that sent it had received (pulled) the latest version
	 * the pulling office sent of the same record before sending this
	 * one: a change made there after it, not at the same time. */
	bool known;
	int64_t batch;
};
typedef int (*central_row_fn)(const struct central_in *row, void *arg);

struct central;

struct central_ops {
	const char *kind; /* "sqlite" or "postgresql" */
	/* Transactions: a write transaction (push batch, init), or a read
	 * snapshot (pull) where every read sees one state. */
	enum central_status (*begin)(struct central *c, bool write);
	enum central_status (*commit)(struct central *c);
	void (*rollback)(struct central *c);
	/* 0 when the target has no central schema. */
	enum central_status (*schema_version)(struct central *c, int *version);
	/* Creates or migrates the schema to CENTRAL_SCHEMA_VERSION (inside
	 * a write transaction). */
	enum central_status (*schema_init)(struct central *c, int from);
	/* The office's received mark: last_seq 0 and last_uid "" when the
	 * office has never sent anything. */
	enum central_status (*read_mark)(struct central *c, const char *office, int64_t *last_seq,
	                                 char last_uid[33], char token[33]);
	/* Takes the next batch number (locks the counter until commit). */
	enum central_status (*next_batch)(struct central *c, int64_t *batch);
	/* Writes rows of office in batch, streamed one at a time between
	 * copy_begin and copy_end (the row's strings are valid during the
	 * call only): a newer seq replaces the row the office sent earlier,
	 * an older or equal one changes nothing. fresh: every row of this
	 * stream is one the office has never sent (row->fresh). */
	enum central_status (*copy_begin)(struct central *c, const char *office, int64_t batch, bool fresh);
	enum central_status (*copy_row)(struct central *c, const struct central_row *row);
	enum central_status (*copy_end)(struct central *c);
	/* Moves the office's received mark (same transaction as the rows),
	 * and records seen: the last batch the office had pulled when it
	 * sent this batch. */
	enum central_status (*upsert_mark)(struct central *c, const char *office, int64_t last_seq,
	                                   const char *last_uid, const char *token, int64_t batch, int64_t seen);
	/* The highest batch committed (inside the pull snapshot). */
	enum central_status (*max_batch)(struct central *c, int64_t *batch);
	/* Calls fn for every row of the other offices with after < batch <=
	 * upto, in batch order; fn returning non-zero stops with EFAIL. */
	enum central_status (*pull_rows)(struct central *c, const char *office, int64_t after,
	                                 int64_t upto, central_row_fn fn, void *arg);
	/* All rows, the latest version of each record (the city's report). */
	enum central_status (*all_rows)(struct central *c, central_row_fn fn, void *arg);
	void (*close)(struct central *c);
};

/* What every implementation's handle starts with. */
struct central {
	const struct central_ops *ops;
	char err[512];
	char label[256]; /* the target for people, without any password */
};

/* Opens a target: a path to an SQLite file (a value containing '/' or
 * ending in .db/.sqlite), else a libpq connection string, URI
 * (postgresql://...) or service name (service=NAME, or a bare NAME
 * looked up in pg_service.conf). create: an SQLite file may be created
 * (central init). NULL with the reason in err and *status. */
struct central *central_open(const char *target, bool create, enum central_status *status,
                             char *err, size_t errsz);
void central_close(struct central *c);

/* Whether target names an SQLite file rather than a PostgreSQL server. */
bool central_is_sqlite(const char *target);

/* Creates or migrates the central schema. */
enum central_status central_init(struct central *c);
/* Checks the schema before a sync: ENOSCHEMA, ENEWER, or migrates an
 * older one. */
enum central_status central_check(struct central *c);

/* Sets c->err and returns st. */
enum central_status central_fail(struct central *c, enum central_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The two implementations. */
struct central *central_sqlite_open(const char *path, bool create, enum central_status *status,
                                    char *err, size_t errsz);
struct central *central_pg_open(const char *conninfo, enum central_status *status, char *err,
                                size_t errsz);

#endif
