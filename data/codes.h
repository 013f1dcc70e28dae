/* codes.h: the domain's code lists (event kinds, statuses, groups,
 * deregistration reasons, ...) with their labels for people. Codes are
 * those of ../shared/interchange.md; labels are translated. */
#ifndef OKIENKO_CODES_H
#define OKIENKO_CODES_H

#include <stdbool.h>
#include <stddef.h>

enum code_set {
	CODES_EVENT_KIND,
	CODES_STATUS,        /* unemployed, job_seeker */
	CODES_EDUCATION,
	CODES_GROUP,
	CODES_DEREG_REASON,
	CODES_OUTCOME,       /* started, completed, ... */
	CODES_CONTACT_MODE,  /* in_person, phone, online */
	CODES_GRANT_SOURCE,  /* FP, EFS, PFRON */
	CODES_SEX,           /* F, M */
	CODES_REGIME,        /* 2004, 2025 */
	CODES__COUNT
};

/* True when code belongs to the set. */
bool codes_valid(enum code_set set, const char *code);
/* The translated label of a code; the code itself when unknown. */
const char *codes_label(enum code_set set, const char *code);
/* The codes of a set in their documented order; *n receives the count. */
const char *const *codes_list(enum code_set set, size_t *n);

#endif
