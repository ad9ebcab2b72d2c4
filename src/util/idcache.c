/*
 * idcache.c - the bounded id cache of idcache.h.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "util/buf.h"
#include "util/idcache.h"
#include "util/banned.h"

#define WAYS	      4	 /* entries of a bucket */
#define FIRST_BUCKETS 64 /* buckets of a new cache: 8 KB */

struct bucket {
	struct xy_idcache_entry e[WAYS];
};

struct xy_idcache {
	unsigned char secret[crypto_shorthash_siphashx24_KEYBYTES];
	struct bucket *b; /* nb of them */
	size_t nb;	  /* a power of two */
	size_t max_nb;	  /* the most max_bytes allows */
	size_t count;	  /* entries in use */
	unsigned turn;	  /* which entry a full bucket gives up next */
};

struct xy_idcache *xy_idcache_new(size_t max_bytes)
{
	struct xy_idcache *c = xy_xcalloc(1, sizeof(*c));

	if (sodium_init() < 0)
		abort();
	randombytes_buf(c->secret, sizeof(c->secret));
	c->max_nb = 1;
	while (c->max_nb * 2 * sizeof(struct bucket) <= max_bytes)
		c->max_nb *= 2;
	c->nb = c->max_nb < FIRST_BUCKETS ? c->max_nb : FIRST_BUCKETS;
	c->b = xy_xcalloc(c->nb, sizeof(*c->b));
	return c;
}

void xy_idcache_free(struct xy_idcache *c)
{
	if (!c)
		return;
	free(c->b);
	sodium_memzero(c->secret, sizeof(c->secret));
	free(c);
}

void xy_idcache_hash(const struct xy_idcache *c, const void *key, size_t n,
		     struct xy_idhash *out)
{
	unsigned char h[crypto_shorthash_siphashx24_BYTES];

	crypto_shorthash_siphashx24(h, key, n, c->secret);
	memcpy(&out->a, h, sizeof(out->a));
	memcpy(&out->b, h + sizeof(out->a), sizeof(out->b));
}

/* The two buckets a key may sit in: by either half of its hash. */
static size_t first_of(const struct xy_idcache *c, const struct xy_idhash *h)
{
	return h->a & (c->nb - 1);
}

static size_t second_of(const struct xy_idcache *c, const struct xy_idhash *h)
{
	return h->b & (c->nb - 1);
}

static struct xy_idcache_entry *find_in(struct bucket *bk,
					const struct xy_idhash *h)
{
	for (int i = 0; i < WAYS; i++) {
		struct xy_idcache_entry *e = &bk->e[i];

		if (e->id && e->h.a == h->a && e->h.b == h->b)
			return e;
	}
	return NULL;
}

struct xy_idcache_entry *xy_idcache_find(struct xy_idcache *c,
					 const struct xy_idhash *h)
{
	struct xy_idcache_entry *e = find_in(&c->b[first_of(c, h)], h);

	return e ? e : find_in(&c->b[second_of(c, h)], h);
}

/*
 * Doubles the table in place (a large block is remapped, not copied, so
 * the old and the new table are never both in memory). An entry of
 * bucket i is there by one half of its hash, and by that half it stays
 * in i or moves to i + nb: no bucket gets more than it held.
 */
static void grow(struct xy_idcache *c)
{
	size_t nb = c->nb;

	c->b = xy_xrealloc(c->b, 2 * nb * sizeof(*c->b));
	memset(c->b + nb, 0, nb * sizeof(*c->b));
	for (size_t i = 0; i < nb; i++) {
		struct bucket *from = &c->b[i], *to = &c->b[i + nb];
		int k = 0;

		for (int w = 0; w < WAYS; w++) {
			struct xy_idcache_entry *e = &from->e[w];
			uint64_t by =
			    (e->h.a & (nb - 1)) == i ? e->h.a : e->h.b;

			if (e->id && (by & nb)) {
				to->e[k++] = *e;
				memset(e, 0, sizeof(*e));
			}
		}
	}
	c->nb = 2 * nb;
}

/* A free entry in either bucket of h (the emptier one's), or NULL. */
static struct xy_idcache_entry *free_entry(struct xy_idcache *c,
					   const struct xy_idhash *h)
{
	struct bucket *one = &c->b[first_of(c, h)];
	struct bucket *two = &c->b[second_of(c, h)];
	struct xy_idcache_entry *e1 = NULL, *e2 = NULL;
	int n1 = 0, n2 = 0;

	for (int i = 0; i < WAYS; i++) {
		if (one->e[i].id)
			n1++;
		else if (!e1)
			e1 = &one->e[i];
		if (two->e[i].id)
			n2++;
		else if (!e2)
			e2 = &two->e[i];
	}
	return n2 < n1 ? e2 : e1 ? e1 : e2;
}

struct xy_idcache_entry *xy_idcache_put(struct xy_idcache *c,
					const struct xy_idhash *h, int64_t id,
					uint64_t tag)
{
	struct xy_idcache_entry *e = xy_idcache_find(c, h);

	if (!e) {
		/* both buckets full: a larger table first, while it may grow */
		while (!(e = free_entry(c, h)) && c->nb < c->max_nb)
			grow(c);
		if (e)
			c->count++;
		else
			e = &c->b[first_of(c, h)].e[c->turn++ % WAYS];
		e->h = *h;
	}
	e->id = id;
	e->tag = tag;
	return e;
}

void xy_idcache_clear(struct xy_idcache *c)
{
	memset(c->b, 0, c->nb * sizeof(*c->b));
	c->count = 0;
}

size_t xy_idcache_count(const struct xy_idcache *c)
{
	return c->count;
}
