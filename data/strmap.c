/* strmap.c: FNV-1a hashing (kept in each slot) and linear probing; the table doubles at half
 * full, so that a probe is short. Keys are copied. Allocation failure
 * aborts, as everywhere else in okienko. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "strmap.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof *m);
}

void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof *m);
}

static struct strmap_slot *find(const struct strmap *m, const char *key, uint64_t h)
{
	size_t i = (size_t)(h ^ (h >> 32)) & (m->cap - 1);
	while (m->slots[i].key && (m->slots[i].hash != h || strcmp(m->slots[i].key, key) != 0))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

bool strmap_get(const struct strmap *m, const char *key, int64_t *val)
{
	if (!m->cap)
		return false;
	const struct strmap_slot *s = find(m, key, hash(key));
	if (!s->key)
		return false;
	if (val)
		*val = s->val;
	return true;
}

static void grow(struct strmap *m)
{
	struct strmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->slots = calloc(m->cap, sizeof *m->slots);
	if (!m->slots)
		abort();
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*find(m, old.slots[i].key, old.slots[i].hash) = old.slots[i];
	free(old.slots);
}

void strmap_put(struct strmap *m, const char *key, int64_t val)
{
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	uint64_t h = hash(key);
	struct strmap_slot *s = find(m, key, h);
	if (!s->key) {
		s->key = strdup(key);
		if (!s->key)
			abort();
		s->hash = h;
		m->n++;
	}
	s->val = val;
}
