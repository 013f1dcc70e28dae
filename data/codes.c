/* codes.c: the domain's code lists and their labels for people. The codes
 * are the public ones of interchange.md; labels are English msgids,
 * translated to Polish in i18n/pl.po (legal terms as in domain.md). */
#include "config.h"

#include <string.h>

#include "codes.h"
#include "intl.h"

struct code {
	const char *code;
	const char *label;
};

static const struct code event_kinds[] = {
	{ "initial_interview", N_("initial interview") },
	{ "individual_advice", N_("individual advice session") },
	{ "group_advice", N_("group advice") },
	{ "vocational_info", N_("vocational information") },
	{ "test_examination", N_("test examination") },
	{ "contact", N_("contact") },
	{ "employer_advice", N_("advice to an employer") },
	{ "vacancy", N_("vacancy") },
	{ "referral_counselor", N_("referral to a counselor") },
	{ "referral_soft_skills", N_("referral to soft-skill assessment") },
	{ "referral_training", N_("referral to training") },
	{ "referral_internship", N_("referral to an internship") },
	{ "referral_socially_useful_work", N_("referral to socially useful work") },
	{ "referral_outcome", N_("referral outcome") },
	{ "startup_grant", N_("start-up grant") },
	{ "deregistration", N_("deregistration") },
	{ "registration", N_("registration") },
	{ NULL, NULL },
};

static const struct code statuses[] = {
	{ "unemployed", N_("unemployed") },
	{ "job_seeker", N_("job seeker") },
	{ NULL, NULL },
};

static const struct code education[] = {
	{ "higher", N_("higher") },
	{ "vocational_secondary", N_("post-secondary and vocational secondary") },
	{ "general_secondary", N_("general secondary") },
	{ "basic_vocational", N_("basic vocational") },
	{ "primary_or_none", N_("lower secondary, primary or none") },
	{ NULL, NULL },
};

static const struct code groups[] = {
	{ "under_25", N_("under 25") },
	{ "under_30", N_("under 30") },
	{ "over_50", N_("over 50") },
	{ "long_term", N_("long-term unemployed") },
	{ "social_assistance", N_("receiving social assistance") },
	{ "parent_child_under_6", N_("parent of a child under 6") },
	{ "parent_disabled_child", N_("parent of a disabled child under 18") },
	{ "disabled", N_("disabled") },
	{ "over_60", N_("over 60") },
	{ "pensioner", N_("pensioner") },
	{ "single_parent", N_("single parent") },
	{ "large_family", N_("large family") },
	{ NULL, NULL },
};

static const struct code dereg_reasons[] = {
	{ "work_unsubsidised", N_("took up unsubsidised work") },
	{ "work_subsidised", N_("took up subsidised work") },
	{ "business_grant", N_("started a business with public funds") },
	{ "training_start", N_("started a training") },
	{ "internship_start", N_("started an internship") },
	{ "socially_useful_work_start", N_("started socially useful work") },
	{ "refusal", N_("refused help") },
	{ "no_contact_90d", N_("no contact within 90 days") },
	{ "failure_to_appear", N_("failed to appear") },
	{ "voluntary", N_("voluntary resignation") },
	{ "education", N_("started education") },
	{ "retirement_age", N_("reached retirement age") },
	{ "pension_rights", N_("acquired pension rights") },
	{ "pre_retirement_benefit", N_("pre-retirement benefit") },
	{ "moved", N_("moved to another office") },
	{ "other", N_("other reason") },
	{ NULL, NULL },
};

static const struct code outcomes[] = {
	{ "started", N_("started") },
	{ "completed", N_("completed") },
	{ "interrupted", N_("interrupted") },
	{ "no_show", N_("did not show up") },
	{ "cancelled", N_("cancelled") },
	{ NULL, NULL },
};

static const struct code contact_modes[] = {
	{ "in_person", N_("in person") },
	{ "phone", N_("by phone") },
	{ "online", N_("online") },
	{ NULL, NULL },
};

static const struct code grant_sources[] = {
	{ "FP", N_("Labour Fund (FP)") },
	{ "EFS", N_("European Social Fund (EFS)") },
	{ "PFRON", N_("PFRON") },
	{ NULL, NULL },
};

static const struct code sexes[] = {
	{ "F", N_("female") },
	{ "M", N_("male") },
	{ NULL, NULL },
};

static const struct code regimes[] = {
	{ "2004", N_("2004 act") },
	{ "2025", N_("2025 act") },
	{ NULL, NULL },
};

static const struct code *const sets[CODES__COUNT] = {
	[CODES_EVENT_KIND] = event_kinds,
	[CODES_STATUS] = statuses,
	[CODES_EDUCATION] = education,
	[CODES_GROUP] = groups,
	[CODES_DEREG_REASON] = dereg_reasons,
	[CODES_OUTCOME] = outcomes,
	[CODES_CONTACT_MODE] = contact_modes,
	[CODES_GRANT_SOURCE] = grant_sources,
	[CODES_SEX] = sexes,
	[CODES_REGIME] = regimes,
};

static const struct code *find(enum code_set set, const char *code)
{
	if ((unsigned)set >= CODES__COUNT || !code)
		return NULL;
	for (const struct code *c = sets[set]; c->code; c++)
		if (strcmp(c->code, code) == 0)
			return c;
	return NULL;
}

bool codes_valid(enum code_set set, const char *code)
{
	return find(set, code) != NULL;
}

const char *codes_label(enum code_set set, const char *code)
{
	const struct code *c = find(set, code);
	return c ? _(c->label) : (code ? code : "");
}

const char *const *codes_list(enum code_set set, size_t *n)
{
	/* The code strings of each set, gathered once per set on first use. */
	static const char *lists[CODES__COUNT][24];
	static size_t counts[CODES__COUNT];
	if ((unsigned)set >= CODES__COUNT) {
		*n = 0;
		return NULL;
	}
	if (!counts[set]) {
		size_t i = 0;
		for (const struct code *c = sets[set]; c->code && i < 24; c++)
			lists[set][i++] = c->code;
		counts[set] = i;
	}
	*n = counts[set];
	return lists[set];
}
