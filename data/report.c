/* report.c: the yearly monitoring report's indicators as one declarative
 * table: code, the report's Polish words, an English msgid, how the
 * number comes about, and the one query that lists the records behind it
 * (see report.h). The value query is the sum of that query's quantities,
 * built from the same text by the IND() macro, so that a drill-down and
 * the number cannot drift apart (IND_KEYED: the sum of the key query
 * whose rows the list names, one for one; see EV_ROWS).
 *
 * Rules (the man page lists them for people):
 * - only active events count (a corrected or voided event counts nowhere);
 *   an event counts in the year of its date;
 * - a person or employer counted once is listed at their first record of
 *   the year (by day, then by the order it was recorded);
 * - a client is "in a special situation" when one of their groups is
 *   valid on the day of the record;
 * - 1.3.2b: work taken up (a deregistration for work in the year) during a
 *   training that was completed, or within 3 months of its completion,
 *   and not followed by a new registration within 30 days;
 * - 3.2.3: of the clients who completed a training, internship or
 *   socially useful work in the year, the share who took up work by the
 *   same rule;
 * - programmes count in every year they run; their participants in the
 *   year they were enrolled.
 *
 * The SQL is kept to what SQLite (3.25 on) and PostgreSQL both read
 * (window functions for "each person once"), apart from the date
 * arithmetic of PLUS_3M/PLUS_30D. Column names of every rows query:
 * src, id, day, client_id, employer_id, who, staff, kind, detail, q. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_private.h"
#include "intl.h"
#include "report.h"
#include "staff.h"

/* ---- The building blocks of the queries ---- */

/* The only dialect-specific parts (SQLite's date modifiers). */
#define PLUS_3M(x) "date(" x ", '+3 months')"
#define PLUS_30D(x) "date(" x ", '+30 days')"

/* Recorded by this office: the nightly sync brings the other offices'
 * records into the file too, and an office's report is of its own work.
 * The city's file that report --central builds (sync_load_central) says
 * report_all in its meta: every office's records count there. */
#define MINE(a) \
	" AND (" a ".office = (SELECT value FROM meta WHERE key = 'office')" \
	" OR EXISTS (SELECT 1 FROM meta WHERE key = 'report_all'))"

/* An event of the year recorded by the office, alias a. */
#define LIVE(a) " AND " a ".state = 'active' AND " a ".occurred_on BETWEEN ?1 AND ?2" MINE(a)

/* Not an index lookup: makes the planner reach a correlated subquery's
 * rows through the client's index rather than through every event of
 * the kind (SQLite has no statistics in a fresh office file). */
#define NOINDEX(col) "(" col " || '')"

#define COLS "src, id, day, client_id, employer_id, who, staff, kind, detail, q"
/* The events an indicator counts are chosen by a key query over
 * event_live alone (kid: the event, q: what it adds), which the number
 * sums; its records list the same key rows, each named afterwards by
 * LEFT JOINs on primary keys, which can neither drop nor repeat a row:
 * the list and the number agree by construction, and the number reads
 * no table row. */
#define EV_ROWS(key) \
	"SELECT 'e' AS src, e.id AS id, e.occurred_on AS day, e.client_id AS client_id," \
	" e.employer_id AS employer_id, coalesce(c.last_name || ' ' || c.first_name, m.name) AS who," \
	" s.login AS staff, e.kind AS kind, e.detail AS detail, t.q AS q" \
	" FROM (" key ") AS t LEFT JOIN event e ON e.id = t.kid LEFT JOIN staff s ON s.id = e.staff_id" \
	" LEFT JOIN client c ON c.id = e.client_id LEFT JOIN employer m ON m.id = e.employer_id"

/* No further condition. */
#define ANY(a) ""

/* Events of the kinds (an SQL list) that meet cond(alias). */
#define EVENTS(q, kinds, cond) \
	"SELECT e.id AS kid, " q " AS q FROM event e WHERE e.kind IN " kinds LIVE("e") cond("e")

/* Only the first row of each part (by day, then the order recorded): one
 * row per person or employer, in one pass over the year's rows. */
#define NTH(part, order) ", row_number() OVER (PARTITION BY " part " ORDER BY " order ") AS nth"
#define PER(col, kinds, cond, extra) \
	"SELECT w.first_id AS kid, 1 AS q FROM (SELECT e.id AS first_id" NTH("e." col, "e.occurred_on, e.id") \
	" FROM event e WHERE e.kind IN " kinds LIVE("e") cond("e") extra ") AS w WHERE w.nth = 1"
#define CLIENTS(kinds, cond) PER("client_id", kinds, cond, "")
#define EMPLOYERS(kinds, cond) PER("employer_id", kinds, cond, " AND e.employer_id IS NOT NULL")

#define SERVICES_AND_REFERRALS \
	"('initial_interview','individual_advice','group_advice','vocational_info','test_examination'," \
	"'referral_counselor','referral_soft_skills','referral_training','referral_internship'," \
	"'referral_socially_useful_work')"
#define SUPPORT_KINDS "('referral_training','referral_internship','referral_socially_useful_work')"

#define WORK(a) " AND " a ".detail IN ('work_unsubsidised','work_subsidised')"
#define SPECIAL_ON(client, day) \
	"EXISTS (SELECT 1 FROM client_group g WHERE g.client_id = " client " AND g.valid_from <= " day \
	" AND (g.valid_to IS NULL OR g.valid_to >= " day "))"
#define SPECIAL(a) " AND " SPECIAL_ON(a ".client_id", a ".occurred_on")
#define WORK_SPECIAL(a) WORK(a) SPECIAL(a)
#define SUBSIDISED(a) " AND " a ".subsidised = 1"
#define INSTRUMENT(a) " AND (" a ".kind = 'referral_internship' OR " a ".subsidised = 1)"
#define TRAINING_STARTED(a) \
	" AND " a ".detail = 'started' AND EXISTS (SELECT 1 FROM event r WHERE r.id = " a ".referral_id" \
	" AND r.kind = 'referral_training')"

/* Work (deregistration d) taken up during the support of referral r,
 * completed by outcome oc, or within 3 months of the completion, and not
 * followed by a new registration within 30 days. */
#define WINDOW(oc, r, d) \
	" AND " d ".occurred_on <= " PLUS_3M(oc ".occurred_on") \
	" AND " d ".occurred_on >= coalesce((SELECT min(so.occurred_on) FROM event so WHERE so.referral_id = " r ".id" \
	" AND " NOINDEX("so.kind") " = 'referral_outcome' AND so.detail = 'started' AND so.state = 'active'), " r ".occurred_on)"
#define KEPT(d) \
	" AND NOT EXISTS (SELECT 1 FROM registration n WHERE n.client_id = " d ".client_id" \
	" AND n.registered_on > " d ".occurred_on AND n.registered_on <= " PLUS_30D(d ".occurred_on") ")"
#define AFTER_TRAINING(a) \
	WORK(a) " AND EXISTS (SELECT 1 FROM event oc JOIN event r ON r.id = oc.referral_id" \
	" WHERE oc.client_id = " a ".client_id AND " NOINDEX("oc.kind") " = 'referral_outcome'" \
	" AND oc.detail = 'completed' AND oc.state = 'active' AND r.kind = 'referral_training'" \
	WINDOW("oc", "r", a) ")" KEPT(a)

/* Outcomes of the year (detail) of referrals of the kinds, with the
 * referral as r: a key query (kid, q) as for EVENTS, the first outcome of
 * each part; OC_ROWS names its rows with the referral's kind and detail. */
#define OUTCOMES(q, detail, kinds, part) \
	"SELECT w.first_id AS kid, w.q AS q FROM (SELECT e.id AS first_id, " q " AS q" \
	NTH(part, "e.occurred_on, e.id") " FROM event e JOIN event r ON r.id = e.referral_id" \
	" WHERE e.kind IN ('referral_outcome')" LIVE("e") " AND e.detail = '" detail "' AND r.kind IN " kinds \
	" AND e.client_id IS NOT NULL) AS w WHERE w.nth = 1"
#define OC_ROWS(key) \
	"SELECT 'e' AS src, e.id AS id, e.occurred_on AS day, e.client_id AS client_id," \
	" e.employer_id AS employer_id, c.last_name || ' ' || c.first_name AS who, s.login AS staff," \
	" r.kind AS kind, r.detail AS detail, t.q AS q" \
	" FROM (" key ") AS t LEFT JOIN event e ON e.id = t.kid LEFT JOIN event r ON r.id = e.referral_id" \
	" LEFT JOIN staff s ON s.id = e.staff_id LEFT JOIN client c ON c.id = e.client_id"

/* 1.3.2a: one row per training area, at the first training started in it. */
#define AREAS OUTCOMES("1", "started", "('referral_training')", "r.detail")
#define F_AREAS(K) F_OUTCOMES("1.3.2a", "1", "started", "('referral_training')", ", r.detail", "r.detail", K)

/* 3.2.3: one row per client who completed a support in the year (their
 * first completion); q is 1 when they took up work by the rule above. */
#define EMPLOYED_Q \
	"CASE WHEN EXISTS (SELECT 1 FROM event d WHERE d.client_id = e.client_id" \
	" AND " NOINDEX("d.kind") " = 'deregistration' AND d.state = 'active'" \
	WORK("d") WINDOW("e", "r", "d") KEPT("d") ") THEN 1 ELSE 0 END"
#define EMPLOYED_AFTER_SUPPORT OUTCOMES(EMPLOYED_Q, "completed", SUPPORT_KINDS, "e.client_id")
#define F_EMPLOYED(K) F_OUTCOMES("3.2.3", EMPLOYED_Q, "completed", SUPPORT_KINDS, "", "NULL", K)

/* Entries of the office activity log under one indicator code. */
#define ACTIVITY(code) \
	"SELECT 'a' AS src, a.id AS id, a.occurred_on AS day, NULL AS client_id, NULL AS employer_id," \
	" a.description AS who, s.login AS staff, a.indicator AS kind, '' AS detail, a.quantity AS q" \
	" FROM activity a JOIN staff s ON s.id = a.staff_id" \
	" WHERE a.occurred_on BETWEEN ?1 AND ?2 AND a.indicator = '" code "' AND a.state = 'active'" MINE("a")

/* Programmes running in the year that meet cond(alias). */
#define PROGRAMMES(cond) \
	"SELECT 'p' AS src, p.id AS id, p.started_on AS day, NULL AS client_id, NULL AS employer_id," \
	" p.name AS who, coalesce(s.login, '') AS staff, p.kind AS kind, p.funding AS detail, 1 AS q" \
	" FROM programme p LEFT JOIN staff s ON s.id = p.created_by" \
	" WHERE p.started_on <= ?2 AND (p.ended_on IS NULL OR p.ended_on >= ?1) AND " cond("p") MINE("p")

/* Clients enrolled in the year in programmes that meet cond, once each:
 * a key query (kid: the enrolment, q) over the enrolments and
 * programmes alone, its rows named afterwards as EV_ROWS names events. */
#define ENROLLED(q, cond) \
	"SELECT w.kid AS kid, w.q AS q FROM (SELECT pc.id AS kid, " q " AS q" NTH("pc.client_id", "pc.enrolled_on, pc.id") \
	" FROM programme_client pc JOIN programme p ON p.id = pc.programme_id" \
	" WHERE pc.enrolled_on BETWEEN ?1 AND ?2 AND " cond("p") MINE("p") ") AS w WHERE w.nth = 1"
#define EN_ROWS(key) \
	"SELECT 'n' AS src, pc.id AS id, pc.enrolled_on AS day, pc.client_id AS client_id," \
	" NULL AS employer_id, c.last_name || ' ' || c.first_name AS who, coalesce(s.login, '') AS staff," \
	" p.kind AS kind, p.name AS detail, t.q AS q" \
	" FROM (" key ") AS t LEFT JOIN programme_client pc ON pc.id = t.kid" \
	" LEFT JOIN programme p ON p.id = pc.programme_id LEFT JOIN client c ON c.id = pc.client_id" \
	" LEFT JOIN staff s ON s.id = pc.created_by"
#define ENROLLED_SPECIAL \
	"CASE WHEN " SPECIAL_ON("pc.client_id", "pc.enrolled_on") " THEN 1 ELSE 0 END"

#define P_ANY(a) "1 = 1"
#define P_SPECIAL(a) a ".kind = 'special'"
#define P_SPECIAL_NATIONAL(a) a ".kind = 'special' AND " a ".funding = 'national'"
#define P_OWN_EU(a) a ".kind = 'own_eu'"
#define P_PARTNER_EU(a) a ".kind = 'partner_eu'"
#define P_PARTNER_EXTERNAL(a) a ".kind = 'partner_external'"
#define P_PARTNER_REGIONAL(a) a ".kind = 'partner_regional'"
#define P_BUSINESS(a) a ".kind = 'business_support'"
#define P_PARTNER(a) a ".kind IN ('partner_eu','partner_external','partner_regional')"
#define P_OWN_FOR_SPECIAL(a) \
	a ".kind IN ('special','own_eu','business_support') AND " a ".special_situation = 1"
#define P_PARTNER_FOR_SPECIAL(a) P_PARTNER(a) " AND " a ".special_situation = 1"

/* 3.2.4: employers whose cooperation began in the year. */
#define NEW_EMPLOYERS \
	"SELECT 'm' AS src, m.id AS id, m.registered_on AS day, NULL AS client_id, m.id AS employer_id," \
	" m.name AS who, coalesce(s.login, '') AS staff, 'employer' AS kind, m.nip AS detail, 1 AS q" \
	" FROM employer m LEFT JOIN staff s ON s.id = m.created_by WHERE m.registered_on BETWEEN ?1 AND ?2" MINE("m")

/* ---- Facts: what the slow indicators count, kept per client ----
 *
 * The indicators whose rule looks at more than the event itself (a
 * client's groups on the day, the referral of an outcome, work after a
 * training, each person once) are counted from report_fact (migration
 * 9): for each client and year (3.2.1a and 3.2.2: each employer), the
 * key rows the reference query of the indicator (report_reference_sql)
 * would choose, written by the same rules applied to that client's
 * records alone. The triggers of migration 9 note in report_stale (and
 * report_stale_employer) the clients whose records changed
 * (and report_fact_upto in meta the last event whose client's facts are
 * written: new events are noted from there); report_facts_settle(),
 * which db_commit() runs, writes the facts of the noted clients again in
 * the same transaction, and report_year() settles what another program
 * left noted before it reads a fact. The key query of such an indicator
 * reads the facts of the year; its records are named by the same
 * EV_ROWS/OC_ROWS as the reference's, so that a number and its list still
 * come from one set of rows. */

/* The scope of a facts statement: every client, or the noted ones. */
#define SCOPE_ALL(a) ""
#define SCOPE_NOTED(a) " AND " a ".client_id IN (SELECT client_id FROM report_stale)"
#define SCOPE_NOTED_EMPLOYERS(a) " AND " a ".employer_id IN (SELECT employer_id FROM report_stale_employer)"

#define YEAR_OF(x) "substr(" x ", 1, 4)"
#define FACT_COLS "INSERT INTO report_fact(code, year, area, day, event_id, client_id, employer_id, q) "

/* The first event of each client and year of the kinds that meets cond
 * (the facts of CLIENTS). */
#define F_CLIENTS(code, kinds, cond, K) \
	FACT_COLS "SELECT '" code "', w.y, NULL, w.day, w.first_id, w.client_id, NULL, 1 FROM (SELECT e.id AS first_id," \
	" e.client_id AS client_id, e.occurred_on AS day, " YEAR_OF("e.occurred_on") " AS y," \
	" row_number() OVER (PARTITION BY e.client_id, " YEAR_OF("e.occurred_on") \
	" ORDER BY e.occurred_on, e.id) AS nth FROM event e WHERE " K("e.kind") " IN " kinds \
	" AND e.state = 'active'" MINE("e") cond("e")
/* The first outcome (detail) of each client, year and part of a
 * referral of the kinds (the facts of OUTCOMES), with its quantity q. */
#define F_OUTCOMES(code, q, detail, kinds, part, area, K) \
	FACT_COLS "SELECT '" code "', w.y, w.area, w.day, w.first_id, w.client_id, NULL, w.q FROM (SELECT e.id AS first_id," \
	" e.client_id AS client_id, e.occurred_on AS day, " YEAR_OF("e.occurred_on") " AS y, " area " AS area," \
	" " q " AS q, row_number() OVER (PARTITION BY e.client_id, " YEAR_OF("e.occurred_on") part \
	" ORDER BY e.occurred_on, e.id) AS nth FROM event e JOIN event r ON r.id = e.referral_id" \
	" WHERE " K("e.kind") " IN ('referral_outcome') AND e.state = 'active'" MINE("e") " AND e.detail = '" detail "'" \
	" AND " K("r.kind") " IN " kinds " AND e.client_id IS NOT NULL"
/* The first event of each employer and year of the kinds that meets
 * cond (the facts of EMPLOYERS). */
#define F_EMPLOYERS(code, kinds, cond, K) \
	FACT_COLS "SELECT '" code "', w.y, NULL, w.day, w.first_id, NULL, w.employer_id, 1 FROM (SELECT e.id AS first_id," \
	" e.employer_id AS employer_id, e.occurred_on AS day, " YEAR_OF("e.occurred_on") " AS y," \
	" row_number() OVER (PARTITION BY e.employer_id, " YEAR_OF("e.occurred_on") \
	" ORDER BY e.occurred_on, e.id) AS nth FROM event e WHERE " K("e.kind") " IN " kinds \
	" AND e.state = 'active'" MINE("e") cond("e") " AND e.employer_id IS NOT NULL"
#define F_END ") AS w WHERE w.nth = 1"
/* Every client's facts read the events of a kind in the order of
 * event_live; a few clients' through event_client (the kind is then not
 * an index lookup: see NOINDEX). */
#define K_ALL(col) col
#define K_NOTED(col) NOINDEX(col)

/* The key query of an indicator counted from its facts. */
#define FACTS(code) \
	"SELECT f.event_id AS kid, f.q AS q FROM report_fact f WHERE f.code = '" code "'" \
	" AND f.year = substr(?1, 1, 4) AND f.day BETWEEN ?1 AND ?2"
/* The value of an indicator counted from facts: the sums of its facts
 * of the year, which report_facts_settle() keeps in report_total as it
 * writes them (the same as summing the key rows of FACTS). */
#define TOTAL(code) \
	"SELECT coalesce(sum(t.q), 0), coalesce(sum(t.n), 0) FROM report_total t WHERE t.code = '" code "'" \
	" AND t.year = substr(?1, 1, 4)"
/* 1.3.2a: the first of the year's first training starts of each client
 * in an area (not a sum: an area counts once over all clients). */
#define FACTS_AREAS(code) \
	"SELECT (SELECT g.event_id FROM report_fact g WHERE g.code = '" code "' AND g.year = substr(?1, 1, 4)" \
	" AND g.area IS w.area AND g.day BETWEEN ?1 AND ?2 ORDER BY g.day, g.event_id LIMIT 1) AS kid, 1 AS q" \
	" FROM (SELECT DISTINCT f.area AS area FROM report_fact f WHERE f.code = '" code "'" \
	" AND f.year = substr(?1, 1, 4) AND f.day BETWEEN ?1 AND ?2) AS w"

struct entry {
	struct report_indicator ind;
	const char *rows_sql, *value_sql;          /* what report_year() reads */
	const char *ref_rows_sql, *ref_value_sql;  /* the definition (report_reference_sql) */
	const char *fact_all, *fact_noted;         /* writing its facts (NULL: none) */
	bool per_employer;                         /* facts of employers, not of clients */
};

#define IND(code, pl, en, how, rows) \
	{ { code, pl, en, how }, rows " ORDER BY day, id", \
	  "SELECT coalesce(sum(q), 0), count(*) FROM (" rows ") AS t", \
	  rows " ORDER BY day, id", "SELECT coalesce(sum(q), 0), count(*) FROM (" rows ") AS t", NULL, NULL, false }
/* The same for events chosen by a key query: EVENTS, CLIENTS, EMPLOYERS
 * (IND_EV), OUTCOMES (IND_OC). */
#define IND_KEYED(code, pl, en, how, rows, key) \
	{ { code, pl, en, how }, rows " ORDER BY day, id", \
	  "SELECT coalesce(sum(q), 0), count(*) FROM (" key ") AS t", \
	  rows " ORDER BY day, id", "SELECT coalesce(sum(q), 0), count(*) FROM (" key ") AS t", NULL, NULL, false }
#define IND_EV(code, pl, en, how, key) IND_KEYED(code, pl, en, how, EV_ROWS(key), key)
#define IND_EN(code, pl, en, how, key) IND_KEYED(code, pl, en, how, EN_ROWS(key), key)
#define IND_OC(code, pl, en, how, key) IND_KEYED(code, pl, en, how, OC_ROWS(key), key)
/* An indicator counted from its facts (rows/key: as report_year reads
 * it; ref_rows/ref_key: the definition; fact: its facts statement
 * without scope and end). */
#define IND_FACTS(code, pl, en, how, rows, value, ref_rows, ref_key, fact_all, fact_noted) \
	{ { code, pl, en, how }, rows " ORDER BY day, id", value, \
	  ref_rows " ORDER BY day, id", "SELECT coalesce(sum(q), 0), count(*) FROM (" ref_key ") AS t", \
	  fact_all SCOPE_ALL("e") F_END, fact_noted SCOPE_NOTED("e") F_END, false }
#define IND_EV_EMPLOYERS(code, pl, en, how, kinds, cond) \
	{ { code, pl, en, how }, EV_ROWS(FACTS(code)) " ORDER BY day, id", TOTAL(code), \
	  EV_ROWS(EMPLOYERS(kinds, cond)) " ORDER BY day, id", \
	  "SELECT coalesce(sum(q), 0), count(*) FROM (" EMPLOYERS(kinds, cond) ") AS t", \
	  F_EMPLOYERS(code, kinds, cond, K_ALL) F_END, \
	  F_EMPLOYERS(code, kinds, cond, K_NOTED) SCOPE_NOTED_EMPLOYERS("e") F_END, true }
/* CLIENTS(kinds, cond) from facts. */
#define IND_EV_CLIENTS(code, pl, en, how, kinds, cond) \
	IND_FACTS(code, pl, en, how, EV_ROWS(FACTS(code)), TOTAL(code), EV_ROWS(CLIENTS(kinds, cond)), \
	          CLIENTS(kinds, cond), F_CLIENTS(code, kinds, cond, K_ALL), F_CLIENTS(code, kinds, cond, K_NOTED))

static const struct entry table[REPORT_INDICATORS] = {
	IND_EV_CLIENTS("1.1.1a", "liczba osób objętych poradnictwem indywidualnym",
	    N_("persons given individual advice"), HOW_CLIENTS, "('individual_advice')", ANY),
	IND_EV("1.1.1b", "liczba przeprowadzonych badań testowych",
	    N_("test examinations carried out"), HOW_EVENTS, EVENTS("1", "('test_examination')", ANY)),
	IND_EV_CLIENTS("1.1.2", "liczba osób korzystających z informacji zawodowej",
	    N_("persons given vocational information"), HOW_CLIENTS, "('vocational_info')", ANY),
	IND_EV("1.1.3", "liczba udzielonych porad zawodowych",
	    N_("vocational advice sessions given"), HOW_EVENTS, EVENTS("1", "('individual_advice')", ANY)),
	IND_EV("1.1.4", "liczba porad udzielonych pracodawcom",
	    N_("advice sessions given to employers"), HOW_EVENTS, EVENTS("1", "('employer_advice')", ANY)),
	IND("1.2.1a", "liczba zorganizowanych targów pracy",
	    N_("job fairs organised"), HOW_ACTIVITY, ACTIVITY("1.2.1a")),
	IND("1.2.1b", "liczba wystawców na targach pracy",
	    N_("exhibitors at the job fairs"), HOW_ACTIVITY, ACTIVITY("1.2.1b")),
	IND("1.2.1c", "liczba targów pracy innych instytucji, w których uczestniczyli przedstawiciele MUP w Lublinie",
	    N_("job fairs of other institutions attended by the office's representatives"), HOW_ACTIVITY,
	    ACTIVITY("1.2.1c")),
	IND("1.2.2", "liczba zorganizowanych giełd pracy",
	    N_("job exchanges organised"), HOW_ACTIVITY, ACTIVITY("1.2.2")),
	IND_EV("1.2.3a", "liczba wolnych miejsc pracy zgłoszonych do MUP w Lublinie",
	    N_("vacancies reported to the office (places)"), HOW_EVENTS,
	    EVENTS("coalesce(e.places, 1)", "('vacancy')", ANY)),
	IND("1.2.3b", "liczba miejsc aktywizacji zawodowej",
	    N_("places of vocational activation"), HOW_ACTIVITY, ACTIVITY("1.2.3b")),
	IND_EV_CLIENTS("1.2.4", "liczba wyrejestrowanych osób z tytułu podjęcia pracy",
	    N_("persons deregistered for taking up work"), HOW_CLIENTS, "('deregistration')", WORK),
	IND_EV("1.3.1a", "liczba złożonych wniosków o skierowanie na szkolenie",
	    N_("applications for a training referral filed"), HOW_EVENTS,
	    EVENTS("1", "('referral_training')", ANY)),
	IND("1.3.1b", "liczba osób korzystających ze stypendium na kontynuowanie nauki",
	    N_("persons receiving a scholarship to continue education"), HOW_ACTIVITY, ACTIVITY("1.3.1b")),
	IND_FACTS("1.3.2a", "liczba zrealizowanych obszarów szkoleń",
	    N_("training areas carried out"), HOW_AREAS, OC_ROWS(FACTS_AREAS("1.3.2a")),
	    "SELECT coalesce(sum(q), 0), count(*) FROM (" FACTS_AREAS("1.3.2a") ") AS t",
	    OC_ROWS(AREAS), AREAS, F_AREAS(K_ALL), F_AREAS(K_NOTED)),
	IND_EV_CLIENTS("1.3.2b", "liczba osób, które podjęły pracę po szkoleniach",
	    N_("persons who took up work after a training"), HOW_CLIENTS, "('deregistration')", AFTER_TRAINING),
	IND_EV_CLIENTS("1.3.3", "liczba uczestników szkoleń",
	    N_("training participants"), HOW_CLIENTS, "('referral_outcome')", TRAINING_STARTED),
	IND("1.4.1", "liczba dokonanych zmian w strukturach Urzędu",
	    N_("changes made in the office's structure"), HOW_ACTIVITY, ACTIVITY("1.4.1")),
	IND("1.4.2", "liczba wizyt marketingowych",
	    N_("marketing visits"), HOW_ACTIVITY, ACTIVITY("1.4.2")),
	IND("1.4.4", "liczba przeszkolonych pracowników MUP w Lublinie",
	    N_("office staff trained"), HOW_ACTIVITY, ACTIVITY("1.4.4")),
	IND("1.5.1a", "liczba programów specjalnych realizowanych na rzecz osób bezrobotnych",
	    N_("special programmes for the unemployed"), HOW_PROGRAMMES, PROGRAMMES(P_SPECIAL)),
	IND_EN("1.5.1b", "liczba osób bezrobotnych i innych uprawnionych objętych programami",
	    N_("unemployed and other eligible persons in the programmes"), HOW_CLIENTS,
	    ENROLLED("1", P_SPECIAL)),
	IND("1.5.2a", "liczba programów specjalnych realizowanych na rzecz osób bezrobotnych (środki krajowe)",
	    N_("special programmes for the unemployed (national funds)"), HOW_PROGRAMMES,
	    PROGRAMMES(P_SPECIAL_NATIONAL)),
	IND_EN("1.5.2b", "liczba osób bezrobotnych i innych uprawnionych objętych programami (środki krajowe)",
	    N_("unemployed and other eligible persons in the programmes (national funds)"), HOW_CLIENTS,
	    ENROLLED("1", P_SPECIAL_NATIONAL)),
	IND("1.5.3a", "liczba projektów własnych realizowanych na rzecz osób bezrobotnych (środki UE)",
	    N_("own projects for the unemployed (EU funds)"), HOW_PROGRAMMES, PROGRAMMES(P_OWN_EU)),
	IND_EN("1.5.3b", "liczba osób bezrobotnych i innych uprawnionych objętych projektami (środki UE)",
	    N_("unemployed and other eligible persons in the projects (EU funds)"), HOW_CLIENTS,
	    ENROLLED("1", P_OWN_EU)),
	IND("1.5.4a", "liczba projektów partnerskich UE, w których MUP w Lublinie występuje jako partner",
	    N_("EU partnership projects with the office as a partner"), HOW_PROGRAMMES,
	    PROGRAMMES(P_PARTNER_EU)),
	IND_EN("1.5.4b", "liczba osób objętych projektami partnerskimi UE",
	    N_("persons in EU partnership projects"), HOW_CLIENTS, ENROLLED("1", P_PARTNER_EU)),
	IND("1.5.5a", "liczba projektów partnerskich finansowanych ze środków zewnętrznych",
	    N_("partnership projects financed from external funds"), HOW_PROGRAMMES,
	    PROGRAMMES(P_PARTNER_EXTERNAL)),
	IND_EN("1.5.5b", "liczba osób objętych projektami partnerskimi (środki zewnętrzne)",
	    N_("persons in partnership projects (external funds)"), HOW_CLIENTS,
	    ENROLLED("1", P_PARTNER_EXTERNAL)),
	IND_EV_CLIENTS("2.1.1", "liczba osób z diagnozą problemu zawodowego skierowanych do doradcy zawodowego",
	    N_("persons with a diagnosed vocational problem referred to a career counselor"), HOW_CLIENTS, "('referral_counselor')", ANY),
	IND("2.1.2", "liczba sporządzonych analiz na potrzeby projektów i programów",
	    N_("analyses prepared for projects and programmes"), HOW_ACTIVITY, ACTIVITY("2.1.2")),
	IND("2.1.3", "liczba sporządzonych analiz dotyczących struktury zarejestrowanych klientów Urzędu",
	    N_("analyses of the structure of the office's registered clients"), HOW_ACTIVITY,
	    ACTIVITY("2.1.3")),
	IND_EV_CLIENTS("2.2.1a", "liczba osób bezrobotnych w szczególnej sytuacji objęta poszczególnymi usługami i instrumentami rynku pracy",
	    N_("unemployed persons in a special situation given services and labour-market instruments"),
	    HOW_CLIENTS, SERVICES_AND_REFERRALS, SPECIAL),
	IND_EV_CLIENTS("2.2.1b", "liczba osób bezrobotnych w szczególnej sytuacji wyrejestrowanych z tytułu podjęcia zatrudnienia",
	    N_("unemployed persons in a special situation deregistered for taking up work"), HOW_CLIENTS, "('deregistration')", WORK_SPECIAL),
	IND_EN("2.2.2", "wskaźnik udziału osób w szczególnej sytuacji w realizowanych projektach na rzecz osób bezrobotnych",
	    N_("share of persons in a special situation in the projects for the unemployed"), HOW_SHARE,
	    ENROLLED(ENROLLED_SPECIAL, P_ANY)),
	IND("2.2.3a", "liczba projektów własnych odpowiadających na potrzeby osób w szczególnej sytuacji",
	    N_("own projects meeting the needs of persons in a special situation"), HOW_PROGRAMMES,
	    PROGRAMMES(P_OWN_FOR_SPECIAL)),
	IND("2.2.3b", "liczba projektów partnerskich odpowiadających na potrzeby osób w szczególnej sytuacji",
	    N_("partnership projects meeting the needs of persons in a special situation"), HOW_PROGRAMMES,
	    PROGRAMMES(P_PARTNER_FOR_SPECIAL)),
	IND("2.2.4a", "liczba przedsięwzięć z uwzględnieniem ekonomii społecznej i solidarnej",
	    N_("undertakings involving the social and solidarity economy"), HOW_ACTIVITY, ACTIVITY("2.2.4a")),
	IND("2.2.4b", "liczba podmiotów organizujących zatrudnienie wspierane",
	    N_("entities organising supported employment"), HOW_ACTIVITY, ACTIVITY("2.2.4b")),
	IND_EV_CLIENTS("2.2.4c", "liczba osób bezrobotnych skierowanych do wykonywania prac społecznie użytecznych",
	    N_("unemployed persons referred to socially useful work"), HOW_CLIENTS, "('referral_socially_useful_work')", ANY),
	IND("2.2.4d", "liczba przedsięwzięć we współpracy z Centrum Integracji Społecznej",
	    N_("undertakings with the Social Integration Centre"), HOW_ACTIVITY, ACTIVITY("2.2.4d")),
	IND("3.1.1", "liczba projektów i inicjatyw promujących przedsiębiorczość, w których zaangażowany jest MUP w Lublinie",
	    N_("projects and initiatives promoting entrepreneurship with the office involved"), HOW_ACTIVITY,
	    ACTIVITY("3.1.1")),
	IND("3.1.2", "liczba przedsięwzięć na rzecz rozwoju przedsiębiorczości",
	    N_("undertakings for the development of entrepreneurship"), HOW_ACTIVITY, ACTIVITY("3.1.2")),
	IND("3.1.3", "liczba projektów innych organizacji promowanych na stronie internetowej MUP w Lublinie lub tablicach ogłoszeń",
	    N_("other organisations' projects promoted on the office's website or notice boards"), HOW_ACTIVITY,
	    ACTIVITY("3.1.3")),
	IND("3.1.4", "liczba zrealizowanych przedsięwzięć z zakresu upowszechnienia informacji",
	    N_("undertakings spreading information"), HOW_ACTIVITY, ACTIVITY("3.1.4")),
	IND("3.1.5", "liczba projektów i inicjatyw promujących przedsiębiorczość (współpraca z innymi instytucjami)",
	    N_("projects and initiatives promoting entrepreneurship (with other institutions)"), HOW_ACTIVITY,
	    ACTIVITY("3.1.5")),
	IND_EV_EMPLOYERS("3.2.1a", "liczba pracodawców współpracujących z MUP w Lublinie",
	    N_("employers cooperating with the office"), HOW_EMPLOYERS,
	    "('employer_advice','vacancy','referral_internship','deregistration')", ANY),
	IND_EV("3.2.1b", "liczba utworzonych miejsc pracy subsydiowanej",
	    N_("subsidised job places created"), HOW_EVENTS, EVENTS("1", "('deregistration')", SUBSIDISED)),
	IND_EV_EMPLOYERS("3.2.2", "liczba pracodawców korzystających z instrumentów rynku pracy",
	    N_("employers using labour-market instruments"), HOW_EMPLOYERS,
	    "('referral_internship','deregistration')", INSTRUMENT),
	IND_FACTS("3.2.3", "wskaźnik zatrudnienia po okresie wsparcia ze środków publicznych",
	    N_("employment rate after publicly funded support"), HOW_SHARE, OC_ROWS(FACTS("3.2.3")), TOTAL("3.2.3"),
	    OC_ROWS(EMPLOYED_AFTER_SUPPORT), EMPLOYED_AFTER_SUPPORT,
	    F_EMPLOYED(K_ALL), F_EMPLOYED(K_NOTED)),
	IND("3.2.4", "liczba nowych pracodawców pozyskanych do współpracy",
	    N_("new employers gained for cooperation"), HOW_EMPLOYERS, NEW_EMPLOYERS),
	IND("3.2.6", "liczba zrealizowanych przedsięwzięć z jednostkami Urzędu Miasta",
	    N_("undertakings with units of the City Hall"), HOW_ACTIVITY, ACTIVITY("3.2.6")),
	IND_EN("3.3.1", "liczba osób szkolonych pod potrzeby działalności gospodarczej",
	    N_("persons trained for running a business"), HOW_CLIENTS, ENROLLED("1", P_BUSINESS)),
	IND_EV_CLIENTS("3.3.3", "liczba osób bezrobotnych i innych uprawnionych, które otrzymały środki na działalność gospodarczą (FP, EFS, PFRON)",
	    N_("unemployed and other eligible persons granted funds to start a business (FP, EFS, PFRON)"),
	    HOW_CLIENTS, "('startup_grant')", ANY),
	IND("3.3.4", "liczba projektów i programów wspierających osoby w podjęciu działalności gospodarczej",
	    N_("projects and programmes supporting persons starting a business"), HOW_PROGRAMMES,
	    PROGRAMMES(P_BUSINESS)),
	IND("4.1.1", "liczba podpisanych porozumień o wzajemnej współpracy",
	    N_("cooperation agreements signed"), HOW_ACTIVITY, ACTIVITY("4.1.1")),
	IND("4.2.1", "liczba projektów, w których MUP w Lublinie występuje w roli partnera",
	    N_("projects with the office as a partner"), HOW_PROGRAMMES, PROGRAMMES(P_PARTNER)),
	IND("4.3.1", "liczba spotkań Lubelskiego Partnerstwa Publiczno-Społecznego i Klubu Pracodawców",
	    N_("meetings of the Lublin Public-Social Partnership and the Employers' Club"), HOW_ACTIVITY,
	    ACTIVITY("4.3.1")),
	IND("4.4.1", "liczba projektów, w których MUP w Lublinie występuje w roli partnera (partnerzy regionalni)",
	    N_("projects with the office as a partner (regional partners)"), HOW_PROGRAMMES,
	    PROGRAMMES(P_PARTNER_REGIONAL)),
};

const struct report_indicator *report_indicator(int i)
{
	return i >= 0 && i < REPORT_INDICATORS ? &table[i].ind : NULL;
}

int report_find(const char *code)
{
	for (int i = 0; code && i < REPORT_INDICATORS; i++)
		if (strcmp(table[i].ind.code, code) == 0)
			return i;
	return -1;
}

void report_sql(int i, const char **rows_sql, const char **value_sql)
{
	*rows_sql = i >= 0 && i < REPORT_INDICATORS ? table[i].rows_sql : NULL;
	*value_sql = i >= 0 && i < REPORT_INDICATORS ? table[i].value_sql : NULL;
}

void report_reference_sql(int i, const char **rows_sql, const char **value_sql)
{
	*rows_sql = i >= 0 && i < REPORT_INDICATORS ? table[i].ref_rows_sql : NULL;
	*value_sql = i >= 0 && i < REPORT_INDICATORS ? table[i].ref_value_sql : NULL;
}

bool report_counts_facts(int i)
{
	return i >= 0 && i < REPORT_INDICATORS && table[i].fact_all;
}

void report_facts_sql(int i, const char **all, const char **noted)
{
	*all = report_counts_facts(i) ? table[i].fact_all : NULL;
	*noted = report_counts_facts(i) ? table[i].fact_noted : NULL;
}

/* ---- Keeping the facts (see FACTS above) ---- */

/* Runs a statement of this file's literals (cached) with up to one
 * integer parameter. */
static enum ok_status facts_exec(struct ok_db *db, const char *sql, int64_t p1)
{
	sqlite3_stmt *s = db_stmt(db, sql);
	if (!s)
		return OK_EIO;
	if (sqlite3_bind_parameter_count(s) >= 1)
		sqlite3_bind_int64(s, 1, p1);
	return db_done(db, s);
}

/* The last event whose client's facts are written, the last event,
 * whether clients are noted, and whether this is the city's file. */
static enum ok_status facts_state(struct ok_db *db, int64_t *upto, int64_t *last, bool *noted, bool *city)
{
	sqlite3_stmt *s = db_stmt(db, "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta"
	                              " WHERE key = 'report_fact_upto'), 0), coalesce((SELECT max(id) FROM event), 0),"
	                              " EXISTS (SELECT 1 FROM report_stale) OR EXISTS (SELECT 1 FROM report_stale_employer),"
	                              " EXISTS (SELECT 1 FROM meta WHERE key = 'report_all')");
	if (!s)
		return OK_EIO;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*upto = sqlite3_column_int64(s, 0);
		*last = sqlite3_column_int64(s, 1);
		*noted = sqlite3_column_int(s, 2) != 0;
		*city = sqlite3_column_int(s, 3) != 0;
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? OK_OK : db_sqlfail(db, rc);
}

/* The count of rows of a query with one integer parameter ?1 (and a
 * limit ?2 when it has one). */
static enum ok_status facts_count(struct ok_db *db, const char *sql, int64_t p1, int64_t p2, int64_t *n)
{
	sqlite3_stmt *s = db_stmt(db, sql);
	if (!s)
		return OK_EIO;
	int np = sqlite3_bind_parameter_count(s);
	if (np >= 1)
		sqlite3_bind_int64(s, 1, p1);
	if (np >= 2)
		sqlite3_bind_int64(s, 2, p2);
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? OK_OK : db_sqlfail(db, rc);
}

/* What is to be written again: of clients (per = 0) or employers (1). */
struct facts_todo {
	bool all;       /* every one's */
	int64_t noted;  /* else those noted */
};

/* The events after upto are read by rowid (NOT INDEXED): for DISTINCT
 * the planner would rather walk event_client or event_employer whole,
 * every event of the file (18 s at 10,000,000 events), than the few
 * rows past upto. */
static const char *const stale_table[2][4] = {
	{ "SELECT count(*) FROM report_stale",
	  "SELECT coalesce((SELECT max(id) FROM client), 0)",
	  "SELECT count(*) FROM (SELECT DISTINCT client_id FROM event NOT INDEXED WHERE id > ?1 AND client_id IS NOT NULL LIMIT ?2)",
	  "INSERT OR IGNORE INTO report_stale(client_id) SELECT client_id FROM event NOT INDEXED WHERE id > ?1 AND client_id IS NOT NULL" },
	{ "SELECT count(*) FROM report_stale_employer",
	  "SELECT coalesce((SELECT max(id) FROM employer), 0)",
	  "SELECT count(*) FROM (SELECT DISTINCT employer_id FROM event NOT INDEXED WHERE id > ?1 AND employer_id IS NOT NULL LIMIT ?2)",
	  "INSERT OR IGNORE INTO report_stale_employer(employer_id) SELECT employer_id FROM event NOT INDEXED"
	  " WHERE id > ?1 AND employer_id IS NOT NULL" },
};

/* Notes the clients or employers of the events after upto (rather than
 * a trigger on every insert: a large import adds millions) and decides
 * whether everyone's facts are to be written: when more than 1/40 are
 * noted (an import, the nightly sync), every one's at once, which reads
 * the event indexes in order, costs less than one by one. */
static enum ok_status facts_plan(struct ok_db *db, int per, int64_t upto, int64_t last, struct facts_todo *t)
{
	int64_t n = 0, total = 0, added = 0;
	enum ok_status st = facts_count(db, stale_table[per][0], 0, 0, &n);
	if (st == OK_OK)
		st = facts_count(db, stale_table[per][1], 0, 0, &total);
	if (st == OK_OK && last > upto && !t->all && n * 40 <= total)
		st = facts_count(db, stale_table[per][2], upto, total / 40 + 1 - n, &added);
	if (st != OK_OK)
		return st;
	t->all = t->all || (n + added) * 40 > total;
	if (!t->all && added)
		st = facts_exec(db, stale_table[per][3], upto);
	if (st == OK_OK && !t->all && added)
		st = facts_count(db, stale_table[per][0], 0, 0, &n);
	t->noted = n;
	return st;
}

#define TOTAL_CHANGE(sign, key, noted) \
	"INSERT INTO report_total(code, year, q, n) SELECT code, year, " sign "sum(q), " sign "count(*) FROM report_fact" \
	" WHERE " key " IN (" noted ") AND " key " IS NOT NULL GROUP BY code, year" \
	" ON CONFLICT(code, year) DO UPDATE SET q = q + excluded.q, n = n + excluded.n"
static const char *const total_change[2][2] = {
	{ TOTAL_CHANGE("-", "client_id", "SELECT client_id FROM report_stale"),
	  TOTAL_CHANGE("", "client_id", "SELECT client_id FROM report_stale") },
	{ TOTAL_CHANGE("-", "employer_id", "SELECT employer_id FROM report_stale_employer"),
	  TOTAL_CHANGE("", "employer_id", "SELECT employer_id FROM report_stale_employer") },
};

enum ok_status report_facts_settle(struct ok_db *db)
{
	int64_t upto = 0, last = 0, everyone = 0;
	bool noted = false, city = false;
	enum ok_status st = facts_state(db, &upto, &last, &noted, &city);
	/* The city's file (report --central) is made for one report: writing
	 * every client's facts would cost more than reading the definitions
	 * once, which its report does. */
	if (st != OK_OK || (last == upto && !noted) || city)
		return st;
	if ((st = facts_count(db, "SELECT count(*) FROM report_stale WHERE client_id = -1", 0, 0, &everyone)) != OK_OK)
		return st;
	struct facts_todo todo[2] = { { everyone > 0, 0 }, { everyone > 0, 0 } };
	for (int per = 0; per < 2 && st == OK_OK; per++)
		st = facts_plan(db, per, upto, last, &todo[per]);
	if (st != OK_OK)
		return st;
	/* The noted ones' facts leave the totals, and their new facts enter
	 * them; after writing every client's or employer's, the totals are
	 * summed again. */
	bool some_all = todo[0].all || todo[1].all;
	for (int per = 0; per < 2 && st == OK_OK && !some_all; per++)
		if (todo[per].noted)
			st = facts_exec(db, total_change[per][0], 0);
	if (st != OK_OK)
		return st;
	if (todo[0].all && todo[1].all)
		st = facts_exec(db, "DELETE FROM report_fact", 0);
	else {
		if (todo[0].all)
			st = facts_exec(db, "DELETE FROM report_fact WHERE employer_id IS NULL", 0);
		else if (todo[0].noted)
			st = facts_exec(db, "DELETE FROM report_fact WHERE client_id IN (SELECT client_id FROM report_stale)"
			                    " AND client_id IS NOT NULL", 0);
		if (st == OK_OK && todo[1].all)
			st = facts_exec(db, "DELETE FROM report_fact WHERE employer_id IS NOT NULL", 0);
		else if (st == OK_OK && todo[1].noted)
			st = facts_exec(db, "DELETE FROM report_fact WHERE employer_id IN"
			                    " (SELECT employer_id FROM report_stale_employer) AND employer_id IS NOT NULL", 0);
	}
	for (int i = 0; st == OK_OK && i < REPORT_INDICATORS; i++) {
		const struct facts_todo *t = &todo[table[i].per_employer];
		if (table[i].fact_all && (t->all || t->noted))
			st = facts_exec(db, t->all ? table[i].fact_all : table[i].fact_noted, 0);
	}
	for (int per = 0; per < 2 && st == OK_OK && !some_all; per++)
		if (todo[per].noted)
			st = facts_exec(db, total_change[per][1], 0);
	if (st == OK_OK && some_all && (st = facts_exec(db, "DELETE FROM report_total", 0)) == OK_OK)
		st = facts_exec(db, "INSERT INTO report_total(code, year, q, n) SELECT code, year, sum(q), count(*)"
		                    " FROM report_fact GROUP BY code, year", 0);
	if (st == OK_OK && (todo[0].all || todo[0].noted))
		st = facts_exec(db, "DELETE FROM report_stale", 0);
	if (st == OK_OK && (todo[1].all || todo[1].noted))
		st = facts_exec(db, "DELETE FROM report_stale_employer", 0);
	if (st != OK_OK)
		return st;
	return facts_exec(db, "INSERT OR REPLACE INTO meta(key, value) VALUES('report_fact_upto', ?1)", last);
}

/* Settles what another program (one that does not keep the facts, such
 * as the sqlite3 shell) left noted; false when the facts cannot be
 * trusted (the file could not be written), and the reference queries are
 * to be read instead. */
static bool facts_fresh(struct ok_db *db)
{
	int64_t upto = 0, last = 0;
	bool noted = false, city = false;
	if (facts_state(db, &upto, &last, &noted, &city) != OK_OK || city)
		return false;
	if (last == upto && !noted)
		return true;
	char err[512];
	snprintf(err, sizeof err, "%s", db_errmsg(db));
	bool ok = db_settle_facts(db) == OK_OK;
	db_fail(db, OK_OK, "%s", err);
	return ok;
}

bool report_is_activity(const char *code)
{
	int i = report_find(code);
	return i >= 0 && table[i].ind.how == HOW_ACTIVITY;
}

void records_free(struct ok_records *r)
{
	free(r->rows);
	memset(r, 0, sizeof *r);
}

/* ---- The office file as a source ---- */

static enum ok_status office_query(void *ctx, const char *sql, int nparams, const char *const *params,
                                   bool (*row)(void *arg, int ncols, const char *const *cols), void *arg)
{
	struct ok_db *db = ctx;
	sqlite3_stmt *s = NULL;
	/* Prepared once per call, not cached: the report has more statements
	 * than the desk's cache holds, and runs them once. */
	int rc = sqlite3_prepare_v2(db_sqlite(db), sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return db_sqlfail(db, rc);
	for (int i = 0; i < nparams; i++)
		sqlite3_bind_text(s, i + 1, params[i], -1, SQLITE_STATIC);
	const char *cols[16];
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int n = sqlite3_column_count(s);
		if (n > 16)
			n = 16;
		for (int i = 0; i < n; i++)
			cols[i] = (const char *)sqlite3_column_text(s, i);
		if (!row(arg, n, cols)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}

static const char *office_errmsg(void *ctx)
{
	return db_errmsg(ctx);
}

void report_source_office(struct report_source *src, struct ok_db *db)
{
	src->ctx = db;
	src->query = office_query;
	src->errmsg = office_errmsg;
}

/* ---- Computing ---- */

static void year_bounds(int year, char first[11], char last[11])
{
	snprintf(first, 11, "%04d-01-01", year);
	snprintf(last, 11, "%04d-12-31", year);
}

static bool value_row(void *arg, int ncols, const char *const *cols)
{
	struct ok_report_value *v = arg;
	if (ncols >= 2) {
		v->value = cols[0] ? atoll(cols[0]) : 0;
		v->rows = cols[1] ? atoll(cols[1]) : 0;
	}
	return false;
}

static enum ok_status compute(const struct report_source *src, int year, bool facts, struct ok_report *out)
{
	char first[11], last[11];
	const char *params[2] = { first, last };
	memset(out, 0, sizeof *out);
	out->year = year;
	year_bounds(year, first, last);
	for (int i = 0; i < REPORT_INDICATORS; i++) {
		struct ok_report_value *v = &out->v[i];
		enum ok_status st = src->query(src->ctx, facts ? table[i].value_sql : table[i].ref_value_sql, 2,
		                               params, value_row, v);
		if (st != OK_OK)
			return st;
		if (table[i].ind.how == HOW_SHARE) {
			v->not_applicable = v->rows == 0;
			v->pct = v->rows ? 100.0 * (double)v->value / (double)v->rows : 0.0;
		}
	}
	return OK_OK;
}

enum ok_status report_compute(const struct report_source *src, int year, struct ok_report *out)
{
	return compute(src, year, false, out);
}

/* Copies s, cut at a character boundary when it does not fit. */
static void copy(char *out, size_t size, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(out, s, n);
	out[n] = '\0';
}

bool records_add_row(void *arg, int ncols, const char *const *c)
{
	struct ok_records *r = arg;
	if (ncols < 10)
		return false;
	if (r->n == r->cap) {
		int cap = r->cap ? 2 * r->cap : 64;
		struct ok_record *rows = realloc(r->rows, (size_t)cap * sizeof *rows);
		if (!rows)
			abort();
		r->rows = rows;
		r->cap = cap;
	}
	struct ok_record *x = &r->rows[r->n++];
	memset(x, 0, sizeof *x);
	x->src = c[0] ? c[0][0] : '?';
	x->id = c[1] ? atoll(c[1]) : 0;
	copy(x->day, sizeof x->day, c[2]);
	x->client_id = c[3] ? atoll(c[3]) : 0;
	x->employer_id = c[4] ? atoll(c[4]) : 0;
	copy(x->who, sizeof x->who, c[5]);
	copy(x->staff, sizeof x->staff, c[6]);
	copy(x->kind, sizeof x->kind, c[7]);
	copy(x->detail, sizeof x->detail, c[8]);
	x->q = c[9] ? atoll(c[9]) : 0;
	return true;
}

static enum ok_status drill(const struct report_source *src, int year, int i, bool facts,
                            struct ok_records *out)
{
	char first[11], last[11];
	const char *params[2] = { first, last };
	if (i < 0 || i >= REPORT_INDICATORS)
		return OK_ENOTFOUND;
	year_bounds(year, first, last);
	return src->query(src->ctx, facts ? table[i].rows_sql : table[i].ref_rows_sql, 2, params,
	                  records_add_row, out);
}

enum ok_status report_drill_source(const struct report_source *src, int year, int i,
                                   struct ok_records *out)
{
	return drill(src, year, i, false, out);
}

static enum ok_status check_year(struct ok_db *db, int year)
{
	if (year < 1900 || year > 2299)
		return db_fail(db, OK_EINVAL, _("The year %d is out of range."), year);
	return OK_OK;
}

enum ok_status report_year(struct ok_db *db, int year, struct ok_report *out)
{
	enum ok_status st = staff_require(db, ACT_COUNTS_VIEW);
	if (st == OK_OK)
		st = check_year(db, year);
	if (st != OK_OK)
		return st;
	struct report_source src;
	report_source_office(&src, db);
	return compute(&src, year, facts_fresh(db), out);
}

enum ok_status report_drill(struct ok_db *db, int year, int i, struct ok_records *out)
{
	enum ok_status st = staff_require(db, ACT_COUNTS_VIEW);
	if (st == OK_OK)
		st = staff_require(db, ACT_CLIENT_READ);
	if (st == OK_OK)
		st = check_year(db, year);
	if (st != OK_OK)
		return st;
	if (i < 0 || i >= REPORT_INDICATORS)
		return db_fail(db, OK_ENOTFOUND, "%s", _("No such indicator."));
	struct report_source src;
	report_source_office(&src, db);
	return drill(&src, year, i, facts_fresh(db), out);
}

void report_format_value(const struct report_indicator *ind, const struct ok_report_value *v,
                         char *out, size_t size)
{
	/* Tenths by hand: a decimal point whatever LC_NUMERIC says. */
	if (ind->how == HOW_SHARE) {
		long long t = (long long)(v->pct * 10.0 + 0.5);
		snprintf(out, size, "%lld.%lld", t / 10, t % 10);
	} else
		snprintf(out, size, "%lld", v->value);
}
