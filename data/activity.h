/* activity.h: what the yearly report needs beyond case records: the
 * office activity log (job fairs and their exhibitors, fairs of other
 * institutions, marketing visits, structural changes, staff trained,
 * analyses, agreements, meetings, undertakings: one entry per event with
 * a quantity, under an indicator code of the report) and the register of
 * programmes and projects with the clients enrolled in them.
 *
 * Only supervisors write here (ACT_ACTIVITY_LOG, checked in this module);
 * reading needs ACT_COUNTS_VIEW. Every write is one transaction and is
 * audited. */
#ifndef OKIENKO_ACTIVITY_H
#define OKIENKO_ACTIVITY_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

struct ok_activity_form {
	char indicator[16];      /* a report code whose source is the activity log */
	char occurred_on[11];    /* YYYY-MM-DD, not in the future */
	long quantity;           /* 0 or more: fairs, exhibitors, visits, persons, ... */
	char description[256];   /* what it was (required) */
};

/* Records an entry. A wrong value fails with OK_EINVAL and db_errfield()
 * naming the member of the form. */
enum ok_status activity_add(struct ok_db *db, struct ok_activity_form *f, int64_t *id);
/* Voids an entry recorded by mistake (it stays, counted nowhere). */
enum ok_status activity_void(struct ok_db *db, int64_t id, const char *reason);

struct ok_activity {
	int64_t id;
	char indicator[16];
	char occurred_on[11];
	long quantity;
	char description[256];
	char staff[64];
	bool voided;
};

/* The entries of a year, newest first, voided ones included (marked). */
enum ok_status activity_list(struct ok_db *db, int year, struct ok_activity **rows, int *n);

/* Programme and project kinds: special (a special programme), own_eu
 * (the office's own EU project), partner_eu, partner_external,
 * partner_regional (the office as a partner), business_support
 * (supporting persons who start a business). Funding: national, eu,
 * external. */
const char *const *programme_kinds(int *n);
const char *programme_kind_label(const char *kind);
const char *const *programme_fundings(int *n);
const char *programme_funding_label(const char *funding);
/* Their labels as msgids (untranslated), in the order of the codes. */
const char *const *programme_kind_msgids(void);
const char *const *programme_funding_msgids(void);

struct ok_programme_form {
	char name[256];
	char kind[24];
	char funding[12];
	bool special_situation;  /* meets the needs of persons in a special situation */
	char started_on[11];
	char ended_on[11];       /* "" while it runs */
};

enum ok_status programme_add(struct ok_db *db, struct ok_programme_form *f, int64_t *id);
/* Enrols a client (from the programme's start to its end). OK_EEXIST
 * when they are enrolled already. */
enum ok_status programme_enrol(struct ok_db *db, int64_t programme_id, int64_t client_id,
                               const char *enrolled_on, int64_t *id);

struct ok_programme {
	int64_t id;
	char name[256];
	char kind[24];
	char funding[12];
	bool special_situation;
	char started_on[11], ended_on[11];
	long participants;
};

/* Every programme, newest first. */
enum ok_status programme_list(struct ok_db *db, struct ok_programme **rows, int *n);

#endif
