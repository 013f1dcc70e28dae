/* employer.h: employers (by NIP): registration, search as you type, the
 * employer card. Registering and changing need ACT_EMPLOYER_WRITE,
 * reading ACT_EMPLOYER_READ; changes are audited and written in one
 * transaction. A wrong value fails with OK_EINVAL and db_errfield()
 * naming the member of struct ok_employer_form. */
#ifndef OKIENKO_EMPLOYER_H
#define OKIENKO_EMPLOYER_H

#include <stdbool.h>
#include <stdint.h>

#include "client.h"
#include "db.h"

struct ok_employer_form {
	char nip[24];             /* hyphens and spaces allowed; stored as 10 digits */
	char name[404];
	char registered_on[11];   /* when the office started cooperating */
	char address[256], phone[40], email[256];
};

/* Checks the values; normalises the NIP to 10 digits. */
enum ok_status employer_form_check(struct ok_db *db, struct ok_employer_form *f);

/* Registers an employer. An existing NIP gives OK_EEXIST with *id set to
 * that employer and nothing written. */
enum ok_status employer_register(struct ok_db *db, struct ok_employer_form *f, int64_t *id);

/* Changes an employer's data, keeping the previous version with the
 * reason (required). */
enum ok_status employer_update(struct ok_db *db, int64_t id, struct ok_employer_form *f,
                               const char *reason);

struct ok_employer_hit {
	int64_t id;
	char nip[11];
	char name[404];
	char registered_on[11];
	char key[404];            /* keyset of the row */
};

/* Search as you type: digits (hyphens, spaces ignored) are a NIP prefix;
 * anything else matches the start of the name or of any later word of
 * it, folded ("lodz" finds "Łódź"). after: the last hit of the previous
 * page or NULL. */
enum ok_status employer_search(struct ok_db *db, const char *query,
                               const struct ok_employer_hit *after,
                               struct ok_employer_hit *hits, int max, int *n);

/* Other employers whose folded name equals this one (a likely duplicate
 * under another NIP): at most max, in *n. */
enum ok_status employer_find_similar(struct ok_db *db, const char *name,
                                     struct ok_employer_hit *hits, int max, int *n);

struct ok_employer_event {
	int64_t id;
	char kind[32];            /* employer_advice, vacancy, referral_internship */
	char occurred_on[11];
	char staff_name[128];
	int64_t staff_id;
	char detail[256];
	char notes[512];
	int places;
	char state[12];           /* active, corrected, voided */
	char client_name[2 * OK_NAME_MAX];  /* internships: the intern */
	int64_t client_id;
	char ref_state[16];       /* internships: issued, started, completed, ... */
};

struct ok_employer_card {
	int64_t id;
	char uid[33];
	char nip[11];
	char name[404];
	char registered_on[11];
	char address[256], phone[40], email[256];
	int version;
	int places_total;         /* places of active vacancies */
	struct ok_employer_event *events;   /* newest first */
	int nevents;
};

enum ok_status employer_card_load(struct ok_db *db, int64_t id, struct ok_employer_card *card);
void employer_card_free(struct ok_employer_card *card);

#endif
