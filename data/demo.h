/* demo.h: realistic synthetic office data for trials, demos, tests and
 * benchmarks. The same seed gives the same data. */
#ifndef OKIENKO_DEMO_H
#define OKIENKO_DEMO_H

#include <stdint.h>

#include "db.h"

struct demo_options {
	long clients;     /* number of clients (default 2000) */
	uint64_t seed;    /* PRNG seed (default 1) */
	/* Called now and then with the clients done so far (may be NULL). */
	void (*progress)(long done, long total, void *arg);
	void *progress_arg;
};

/* The demo staff accounts: login, password, role code, full name.
 * Terminated by an entry with login NULL. */
struct demo_login {
	const char *login, *password, *role, *name;
};
extern const struct demo_login demo_logins[];

/* Fills an empty office database (no clients yet) with demo data: staff
 * accounts of demo_logins, employers with valid NIPs, clients with valid
 * unique PESELs and Polish names, and two years of events of every kind
 * ending today. Refuses (OK_EEXIST) a file that already has clients. */
enum ok_status demo_fill(struct ok_db *db, const struct demo_options *opt);

#endif
