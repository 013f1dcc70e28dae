/* client.h: clients: search as you type, the client card, registration. */
#ifndef OKIENKO_CLIENT_H
#define OKIENKO_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

/* Names are at most 100 code points: 400 bytes of UTF-8 and a NUL. */
#define OK_NAME_MAX 404

/* One line of the search result list. */
struct ok_client_hit {
	int64_t id;
	char pesel[12];               /* empty for a client without PESEL */
	char document[80];            /* "TYPE:NUMBER" when no PESEL */
	char first_name[OK_NAME_MAX];
	char last_name[OK_NAME_MAX];
	char birth_date[11];
	char status[16];              /* open registration's status, "" if none */
	/* Keyset of the row, for the next page. */
	char key1[OK_NAME_MAX];
	char key2[OK_NAME_MAX];
};

/* Searches as the user types. A query of digits is a PESEL prefix
 * (results in PESEL order); anything else is a surname prefix, optionally
 * followed by a space and a first-name prefix, compared folded (case and
 * diacritics ignored both ways). after: the last hit of the previous page,
 * or NULL for the first. Fills at most max hits and *n. An empty query
 * gives no hits. Needs ACT_CLIENT_READ. */
enum ok_status client_search(struct ok_db *db, const char *query,
                             const struct ok_client_hit *after,
                             struct ok_client_hit *hits, int max, int *n);

/* The statement client_search() runs for a PESEL prefix (by_name false)
 * or a name prefix, for the tests of its query plan. */
const char *client_search_sql(bool by_name);

struct ok_card_group {
	char code[32];
	char valid_from[11];
	char valid_to[11];            /* "" when open-ended */
};

struct ok_card_event {
	int64_t id;
	char uid[33];
	char kind[32];
	char occurred_on[11];
	char occurred_at[6];          /* HH:MM or "" */
	char staff_login[64];
	char staff_name[128];
	char detail[256];
	char employer_name[256];
	char notes[512];
	char state[12];               /* active, corrected, voided */
	char reason[256];             /* of a correction or a void */
	int places;
	char ref_state[16];           /* a referral's state: issued, started, completed, ... */
	int64_t referral_id;          /* an outcome's referral */
	int subsidised;               /* a deregistration for work: 0, 1; -1 unknown */
	int64_t employer_id;
	int64_t staff_id;             /* the author */
};

struct ok_card_registration {
	char status[16];
	char regime[5];
	char registered_on[11];
	char ended_on[11];            /* "" while open */
	char end_reason[40];          /* deregistration reason code */
	char last_contact[11];        /* the latest contact for the 90-day clock */
	char contact_due[11];         /* the contact deadline; "" unless open and unemployed */
	int64_t id;
};

/* Everything the client card shows. */
struct ok_card {
	int64_t id;
	char uid[33];
	char pesel[12];
	char doc_type[32], doc_number[48];
	char first_name[OK_NAME_MAX], last_name[OK_NAME_MAX];
	char birth_date[11];
	char sex[2];
	char citizenship[8];
	char address[256], phone[40], email[256];
	char education[32];
	char disability[16];
	bool benefit;
	char ipd_on[11];
	int version;
	char contact_due[11];              /* of the open registration, "" when none applies */
	struct ok_card_registration *regs; /* newest first */
	int nregs;
	struct ok_card_group *groups;
	int ngroups;
	struct ok_card_event *events;      /* newest first */
	int nevents;
};

/* Loads a client's card and audits the read. Needs ACT_CLIENT_READ.
 * Free with client_card_free(). */
enum ok_status client_card_load(struct ok_db *db, int64_t id, struct ok_card *card);
void client_card_free(struct ok_card *card);

#endif
