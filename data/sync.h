/* sync.h: the nightly sync of the office file with the central report
 * database (central.h): push the office's change sequence, exactly once;
 * pull the other offices' records; keep both versions of a record
 * changed at two offices until a supervisor chooses.
 *
 * Push: the change sequence after the office's received mark at the
 * central side, in batches; each batch's rows and the new mark are one
 * central transaction, so a sync killed or cut off at any moment resumes
 * after the last committed batch, with nothing doubled or lost. The
 * central mark names the last change's record: a file that does not hold
 * it (restored from an older backup, or another office's copy) is refused
 * before anything is sent (SYNC_ERESTORED).
 *
 * Pull: the rows other offices sent since the office's pull mark, applied
 * in one local transaction with the new pull mark. A record changed here
 * since the last sync and changed elsewhere too, or arriving with a
 * version not newer than the one here, is not applied: both versions go
 * to the conflicts (sync_conflicts) until a supervisor chooses
 * (sync_resolve). A record whose PESEL, NIP or document belongs to
 * another record here is a duplicate conflict; records that refer to a
 * record not here wait (held) and are tried again at every sync.
 * No curses, never exits. */
#ifndef OKIENKO_SYNC_H
#define OKIENKO_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "central.h"
#include "db.h"

struct sync_options {
	long batch_rows;      /* changes per central transaction; 0: the default */
	/* Called after each committed push batch (tests, progress). */
	void (*progress)(long sent, void *arg);
	void *arg;
};

struct sync_result {
	long sent;            /* records sent to the central database */
	long received;        /* records of other offices applied here */
	long conflicts;       /* conflicts open after this sync */
	double seconds;
	enum central_status status;
	char message[512];    /* why it failed (translated) */
};

/* Runs push then pull against an open central database, and records
 * the run in the office's sync history. Returns the status (also in
 * r->status), with the reason in r->message. */
enum central_status sync_run(struct ok_db *db, struct central *c, const struct sync_options *opt,
                             struct sync_result *r);

/* Records in the history a sync that could not even reach its target. */
void sync_record_failure(struct ok_db *db, const char *target, enum central_status st, const char *message);

/* Only the push (tests and the restore check). */
enum central_status sync_push(struct ok_db *db, struct central *c, const struct sync_options *opt,
                              struct sync_result *r);
/* Only the pull. */
enum central_status sync_pull(struct ok_db *db, struct central *c, struct sync_result *r);

/* One open conflict, for the screen and `okienko sync --conflicts`. */
struct sync_conflict {
	int64_t id;
	char tbl[24];
	char uid[33];
	char office[16];      /* the other office */
	char kind[12];        /* "conflict" or "duplicate" */
	char label[160];      /* the record for people (a name, a NIP, an event's kind and date) */
	char fields[256];     /* the fields that differ, comma-separated */
	char detected_at[20];
	long held;            /* records waiting for this one */
};

/* The open conflicts, oldest first; fn returns non-zero to stop. */
enum ok_status sync_conflicts(struct ok_db *db, int (*fn)(const struct sync_conflict *, void *),
                              void *arg);
long sync_conflict_count(struct ok_db *db);
/* The two versions of a conflict's record as JSON (malloc'd; free them). */
enum ok_status sync_conflict_versions(struct ok_db *db, int64_t id, char **local, char **other);

/* A supervisor's choice: keep this office's version (SYNC_KEEP_LOCAL)
 * or take the other office's (SYNC_TAKE_OTHER). The chosen version gets
 * a version number above both (client, employer), so it wins at every
 * office at the next syncs; the other stays in the conflict's record and,
 * for clients and employers, in the record's history. A duplicate can
 * only be kept local. Supervisors and the command line only. */
enum sync_choice { SYNC_KEEP_LOCAL, SYNC_TAKE_OTHER };
enum ok_status sync_resolve(struct ok_db *db, int64_t id, enum sync_choice choice);

/* One run of the sync history, newest first. */
struct sync_history {
	char started_at[20];
	char target[128];
	char outcome[8];      /* "ok" or "failed" */
	long sent, received, conflicts;
	double seconds;
	char message[256];
};
enum ok_status sync_history(struct ok_db *db, int limit, int (*fn)(const struct sync_history *, void *),
                            void *arg);
/* The latest run; OK_ENOTFOUND when the office has never synced. */
enum ok_status sync_last(struct ok_db *db, struct sync_history *out);

/* Fills an empty office file with the latest version of every record of
 * every office in the central database (the city's report is computed
 * on it, with the office's own queries). A person or employer recorded
 * at two offices stays two records. The reason of a failure in err. */
enum central_status sync_load_central(struct ok_db *db, struct central *c, char *err, size_t errsz);

/* Every record of the office file as sync sends it (table by table, by
 * uid): the integration tests compare offices and the central side. */
enum ok_status sync_payloads(struct ok_db *db, int (*fn)(const char *tbl, const char *uid, const char *data, void *),
                             void *arg);

#endif
