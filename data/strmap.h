/* strmap.h: a small open-addressing hash table from strings to integers,
 * for lookups loaded once (PESEL -> client, NIP -> employer, login ->
 * staff, referral identifier -> referral) instead of a query per row. */
#ifndef OKIENKO_STRMAP_H
#define OKIENKO_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	char *key;        /* NULL: empty */
	uint64_t hash;    /* of key: most probes that miss compare only this */
	int64_t val;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap, n;
};

void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
/* True and *val when key is there. */
bool strmap_get(const struct strmap *m, const char *key, int64_t *val);
/* Adds or replaces. */
void strmap_put(struct strmap *m, const char *key, int64_t val);

#endif
