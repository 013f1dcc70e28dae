/* event.h: what happens to clients and employers: counselling services,
 * contacts, referrals and their outcomes, grants, deregistrations; their
 * corrections; the 90-day contact clock and the lists built on it.
 *
 * Every call checks the actor's role for the kind (services need
 * ACT_SERVICE_RECORD, contacts ACT_CONTACT_RECORD, a referral to a
 * counselor ACT_REFER_COUNSELOR, other referrals, outcomes and grants
 * ACT_REFERRAL_RECORD, deregistrations ACT_DEREGISTER, vacancies
 * ACT_EMPLOYER_WRITE), writes in one transaction and audits. A wrong value
 * fails with OK_EINVAL and db_errfield() naming the member of struct
 * ok_event_form. Only active events count anywhere: a corrected or voided
 * one stays in the history and the audit log, and nowhere else. */
#ifndef OKIENKO_EVENT_H
#define OKIENKO_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "client.h"
#include "db.h"

struct ok_event_form {
	char kind[32];           /* an event kind of interchange.md */
	int64_t client_id;       /* client events */
	int64_t employer_id;     /* employer events; internship; work taken up */
	char occurred_on[11];    /* YYYY-MM-DD */
	char occurred_at[6];     /* HH:MM or "" */
	int64_t staff_id;        /* who did it; 0: the actor */
	char detail[256];        /* mode, destination, training area, outcome, reason, source */
	int places;              /* vacancy: places, else 0 */
	int subsidised;          /* deregistration for work: 0 or 1; -1 unknown */
	int64_t referral_id;     /* referral_outcome: the referral */
	char ref[64];            /* referrals: an identifier; generated when "" */
	char notes[1024];
};

/* Sets a form to its defaults: today, no time, subsidised unknown. */
void event_form_init(struct ok_event_form *f, const char *kind);

/* Records one event. *id receives its id. */
enum ok_status event_record(struct ok_db *db, struct ok_event_form *f, int64_t *id);

/* Group advice for n clients at once, all or nothing, sharing one
 * session. form->client_id is ignored; ids[i] (may be NULL) receive the
 * events' ids. A client who cannot take part fails the whole group with
 * a message that names them. */
enum ok_status event_record_group(struct ok_db *db, struct ok_event_form *f,
                                  const int64_t *client_ids, int n, int64_t *ids);

/* Voids an event recorded by mistake (its author, or ACT_CORRECT_ANY).
 * Voiding a deregistration reopens the registration; a referral with
 * active outcomes is refused until they are voided. */
enum ok_status event_void(struct ok_db *db, int64_t id, const char *reason);

/* Replaces an event by a corrected one (same permissions as a void); the
 * original is kept as "corrected". *new_id receives the correction. */
enum ok_status event_correct(struct ok_db *db, int64_t id, struct ok_event_form *f,
                             const char *reason, int64_t *new_id);

/* Loads an event into a form (for a correction). Needs ACT_CLIENT_READ
 * or ACT_EMPLOYER_READ. */
enum ok_status event_load(struct ok_db *db, int64_t id, struct ok_event_form *f, char state[12]);

/* A referral's state: issued, started, completed, interrupted, no_show
 * or cancelled (from its latest active outcome). */
enum ok_status event_referral_state(struct ok_db *db, int64_t referral_id, char state[16]);

/* Recomputes the contact clock of a registration period (called by every
 * write that changes it; register.c calls it for a new period). */
enum ok_status event_clock_refresh(struct ok_db *db, int64_t registration_id);

/* One row of the contact-deadline worklist. */
struct ok_due {
	int64_t client_id;
	int64_t registration_id;
	char pesel[12];
	char first_name[OK_NAME_MAX], last_name[OK_NAME_MAX];
	char last_contact[11];
	char due[11];
	int days_left;           /* negative when the deadline has passed */
};

/* Registered unemployed clients whose deadline falls within `within`
 * days of today or has passed, soonest first. after: the last row of the
 * previous page, or NULL. Needs ACT_CLIENT_READ. */
enum ok_status event_worklist(struct ok_db *db, int within, const struct ok_due *after,
                              struct ok_due *rows, int max, int *n);

/* One referral waiting for an outcome. */
struct ok_open_referral {
	int64_t id;
	int64_t client_id;
	char kind[32];
	char issued_on[11];
	char destination[256];
	char state[16];          /* issued or started */
	char first_name[OK_NAME_MAX], last_name[OK_NAME_MAX];
	char staff_login[64];
};

/* Referrals with no final outcome, oldest first; staff_id 0 lists
 * everyone's. after: the last row of the previous page, or NULL. Needs
 * ACT_CLIENT_READ. */
enum ok_status event_referrals_open(struct ok_db *db, int64_t staff_id,
                                    const struct ok_open_referral *after,
                                    struct ok_open_referral *rows, int max, int *n);

/* A referral's state for people: "issued" or an outcome's label. */
const char *event_state_label(const char *state);

/* True for the referral kinds. */
bool event_is_referral(const char *kind);

#endif
