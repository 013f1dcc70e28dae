/* demo_names.h: inside the demo generator only (demo.c, demo_names.c):
 * its pseudo-random generator, the clients and employers it makes up
 * (Polish names, Lublin addresses, PESELs, NIPs), its calendar, the odds
 * of a client's course, and its tables (training areas, office activity
 * log, programmes). Never included outside data/. */
#ifndef OKIENKO_DEMO_NAMES_H
#define OKIENKO_DEMO_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* xoshiro256** seeded through the splitmix64 mixer: fast, and the same
 * seed gives the same stream on every platform. */
struct demo_rng {
	uint64_t s[4];
};

static inline uint64_t demo_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static inline void demo_rng_seed(struct demo_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = seed = demo_mix(seed);
}

static inline uint64_t demo_rng_next(struct demo_rng *r)
{
	uint64_t *s = r->s;
	uint64_t x = s[1] * 5, result = ((x << 7) | (x >> 57)) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = (s[3] << 45) | (s[3] >> 19);
	return result;
}

/* A number in [0, n) (n > 0). */
static inline long demo_below(struct demo_rng *r, long n)
{
	return (long)(((unsigned __int128)demo_rng_next(r) * (uint64_t)n) >> 64);
}

/* A number in [lo, hi]. */
static inline long demo_range(struct demo_rng *r, long lo, long hi)
{
	return lo + demo_below(r, hi - lo + 1);
}

/* True with probability permille/1000. */
static inline int demo_chance(struct demo_rng *r, int permille)
{
	return demo_below(r, 1000) < permille;
}

/* An index into n items, the first ones the most frequent (names are
 * listed by popularity). */
static inline size_t demo_skewed(struct demo_rng *r, size_t n)
{
	double u = (double)(demo_rng_next(r) >> 11) * 0x1.0p-53;
	return (size_t)(u * u * (double)n);
}

/* A picked item of a NULL-terminated list; the item that hash h picks. */
const char *demo_pick(struct demo_rng *r, const char *const *list);
const char *demo_nth(const char *const *list, uint64_t h);
/* 32 lowercase hex digits. */
void demo_hex32(uint64_t a, uint64_t b, char out[33]);

/* A client as the registration form has them: a PESEL (or, for the 1%
 * of foreigners, a passport or ID card number), names in the form of
 * their sex (UTF-8) and folded, a Lublin address, phone, e-mail,
 * education and disability (NULL when none). */
struct demo_identity {
	int female, foreign;
	long birth;                   /* days since 1970-01-01 */
	char pesel[12], doc[24];      /* "" when none */
	const char *doc_type, *education, *disability;
	char first[128], last[256], first_fold[128], last_fold[256];
	char address[160], phone[32], email[160];
};
/* The i-th client, born in [birth_lo, birth_lo + birth_days); every i
 * below birth_days * 5000 gets a PESEL of its own. */
void demo_identity(struct demo_rng *r, uint64_t seed, long i, long birth_lo, long birth_days,
                   struct demo_identity *who);

/* An employer: the next valid NIP (*nip_seq advances), a company name and
 * its folded form, address, landline and e-mail (maybe ""). */
struct demo_company {
	char nip[11], name[256], fold[256], email[128], address[160], phone[32];
};
void demo_company(struct demo_rng *r, long *nip_seq, struct demo_company *co);

/* Days since 1970-01-01 (see date_to_days): as YYYY-MM-DD, as a
 * date-time "YYYY-MM-DDTHH:MM:00" at minute min of the day; the day of a
 * date (29 February of a common year is 1 March), of a birthday. */
void demo_day_text(long days, char out[11]);
void demo_stamp(long day, int min, char out[32]);
long demo_day(int y, int m, int d);
long demo_years_after(long birth, int years);
/* The day itself on a weekday, else the next Monday (or the Friday
 * before): the office is closed at weekends. */
long demo_workday(long d);
long demo_workday_back(long d);

/* Group advice sessions: their days (some Tuesdays and Thursdays) and
 * the sessions on each day, planned so that each gathers several of the
 * expected attendances. */
struct demo_sessions {
	long *days;   /* malloc'd */
	int n, slots;
};
void demo_sessions_plan(struct demo_sessions *s, long start, long today, long attendances);
/* A session on the first session day on or after day: its key (0 when
 * none is left) and its day in *on. */
int64_t demo_session(struct demo_rng *r, const struct demo_sessions *s, long day, long *on);

/* Event kinds, in the order of the schema's CHECK list. */
enum kind {
	K_INTERVIEW, K_ADVICE, K_GROUP, K_VOCINFO, K_TEST, K_CONTACT, K_EMP_ADVICE,
	K_VACANCY, K_REF_COUNSELOR, K_REF_SOFT, K_REF_TRAINING, K_REF_INTERNSHIP,
	K_REF_SUW, K_OUTCOME, K_GRANT, K_DEREG, K_REG
};
extern const char *const demo_kind_code[];
/* What a client's next visit is (forced: one that keeps the 90-day
 * contact deadline, a contact or a service). */
enum kind demo_next_kind(struct demo_rng *r, int forced);
/* Days from a referral of kind k to the start of what it refers to
 * (timing[k][0..1]) and how long that lasts (timing[k][2..3]). */
extern const short demo_referral_timing[][4];

/* The way out of a registration: a deregistration reason fitting the
 * person's sex and age, status and act in force. *vanish: the person
 * simply stops coming (the 90-day rule of the 2025 act ends the status). */
const char *demo_reason(struct demo_rng *r, int female, int age, int unemployed, int act2025,
                        int *vanish);
/* Reasons after which a client does not come back. */
int demo_reason_final(const char *reason);

/* NULL-terminated lists. */
extern const char *const demo_trainings[];     /* training areas */
extern const char *const demo_suw_places[];    /* socially useful work */
extern const char *const demo_group_topics[];  /* group advice topics */
extern const char *const demo_tests[];         /* test examinations */
extern const char *const demo_occupations[];   /* 6-digit KZiS codes */
extern const char *const demo_soft_skills_centre;

/* The office activity log: an indicator of the monitoring report with
 * the yearly quantity and in how many entries it comes. */
struct demo_activity {
	const char *indicator;
	int per_year;
	int entries;        /* entries per year (each a share of per_year) */
	int with_previous;  /* on the days of the previous indicator's entries */
	const char *description;
};
extern const struct demo_activity demo_activities[]; /* ends with indicator NULL */
/* The day of entry e in year y of activity a: spread over the year, on
 * the days of the previous activity's entries when with_previous. */
long demo_activity_day(uint64_t seed, int a, int y, int e);

/* Groups in a special situation recorded at registration: how often, and
 * whether only the 2025 act has them (else only the 2004 act). */
struct demo_group {
	const char *code;
	int permille, act2025;
};
extern const struct demo_group demo_groups[]; /* ends with code NULL */

/* Programmes: name, kind, funding, for a special situation, and the
 * days they started before today and last (0: still running). */
struct demo_programme {
	const char *name, *kind, *funding;
	int special_situation;
	int started_days_ago, lasts_days;
};
extern const struct demo_programme demo_programmes[]; /* ends with name NULL */

#endif
