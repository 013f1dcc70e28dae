/* register.h: registering clients (PESEL first), registering a former
 * client again, and changing a client's data. Every call checks the
 * actor's role (ACT_CLIENT_WRITE), writes in one transaction and audits
 * the change. On a wrong value the call fails with OK_EINVAL and
 * db_errfield() names the member of struct ok_client_form that is wrong. */
#ifndef OKIENKO_REGISTER_H
#define OKIENKO_REGISTER_H

#include <stdbool.h>
#include <stdint.h>

#include "client.h"
#include "db.h"

#define OK_FORM_GROUPS 12
#define OK_FORM_OCCUPATIONS 9

struct ok_occupation {
	char kind[8];        /* learned, last, sought */
	char code[8];        /* 6 digits (KZiS) */
};

/* What a registration form holds. Empty strings are absent values. */
struct ok_client_form {
	char pesel[16];
	char doc_type[32], doc_number[48];   /* for a person without a PESEL */
	char first_name[OK_NAME_MAX], last_name[OK_NAME_MAX];
	char birth_date[11];                 /* derived from the PESEL when empty */
	char sex[2];                         /* F or M; derived from the PESEL when empty */
	char citizenship[8];                 /* "PL" when empty */
	char address[256], phone[40], email[256];
	char education[32];                  /* codes of CODES_EDUCATION, or "" */
	char disability[16];                 /* light, moderate, severe, or "" */
	bool benefit;
	char status[16];                     /* unemployed, job_seeker */
	char registered_on[11];
	char groups[OK_FORM_GROUPS][32];     /* group codes, "" unused */
	char group_from[OK_FORM_GROUPS][11]; /* when each began; "" the registration date */
	char group_to[OK_FORM_GROUPS][11];   /* when each ended; "" open-ended */
	struct ok_occupation occupations[OK_FORM_OCCUPATIONS];
};

/* Checks every field of a registration and fills birth_date and sex from
 * a valid PESEL when they are empty. OK_EINVAL with the field named when
 * something is wrong. Needs no role (it only looks at the values). */
enum ok_status client_form_check(struct ok_db *db, struct ok_client_form *f);

/* The client this form would duplicate: the same PESEL, the same
 * document, or the same folded first and last names with the same birth
 * date. OK_ENOTFOUND when there is none. Needs ACT_CLIENT_READ. */
enum ok_status client_find_existing(struct ok_db *db, const struct ok_client_form *f, int64_t *id);

/* Registers a new client with their first registration period (status,
 * regime of the date, groups, including the age groups derived from the
 * birth date, occupations). When the client exists already, returns
 * OK_EEXIST with *id set to them and nothing written. */
enum ok_status client_register(struct ok_db *db, struct ok_client_form *f, int64_t *id);

/* A former client registers again: a new registration period and a
 * `registration` event. OK_EEXIST while a period is open; the date may
 * not precede the end of the last period nor be in the future. Needs a
 * logged-in staff member (the event names who recorded it). */
enum ok_status client_register_again(struct ok_db *db, int64_t client_id, const char *status,
                                     const char *registered_on, int64_t *registration_id);

/* Changes a client's data (not the registration: status and
 * registered_on are ignored), keeping the previous values in
 * client_version with the reason, which is required. */
enum ok_status client_update(struct ok_db *db, int64_t client_id, struct ok_client_form *f,
                             const char *reason);

/* The regime in force on a date: "2025" from 2025-06-01, else "2004". */
const char *register_regime(const char *date);

#endif
