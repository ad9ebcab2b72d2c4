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
#define KICKS	      64 /* entries moved to make room for one */

struct bucket {
	struct xy_idcache_entry e[WAYS];
};

struct xy_idcache {
	unsigned char secret[crypto_shorthash_siphashx24_KEYBYTES];
	struct bucket *b; /* nb of them */
	size_t nb;	  /* a power of two */
	size_t max_nb;	  /* the most max_bytes allows */
	size_t count;	  /* entries in use */
	size_t displaced; /* entries given up for another key */
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

/*
 * Places *x, making room when both its buckets are full: it takes an
 * entry's place, that entry moves to its other bucket, and so on, up
 * to KICKS moves (with two buckets of four and no moves the first key
 * finds no room at about half full; with 64, at about 94 %). 1 when
 * every entry has a place; 0 when one is left over, then in *x.
 */
static int place(struct xy_idcache *c, struct xy_idcache_entry *x)
{
	struct xy_idcache_entry *e = free_entry(c, &x->h);
	size_t i = first_of(c, &x->h);

	for (int k = 0; !e && k < KICKS; k++) {
		struct xy_idcache_entry *v = &c->b[i].e[c->turn++ % WAYS];
		struct xy_idcache_entry moved = *v;

		*v = *x;
		*x = moved;
		i = first_of(c, &x->h) == i ? second_of(c, &x->h)
					    : first_of(c, &x->h);
		for (int w = 0; w < WAYS && !e; w++)
			if (!c->b[i].e[w].id)
				e = &c->b[i].e[w];
	}
	if (!e)
		return 0;
	*e = *x;
	return 1;
}

struct xy_idcache_entry *xy_idcache_put(struct xy_idcache *c,
					const struct xy_idhash *h, int64_t id,
					uint64_t tag)
{
	struct xy_idcache_entry *e = xy_idcache_find(c, h);
	struct xy_idcache_entry x;
	int placed;

	if (e) {
		e->id = id;
		e->tag = tag;
		return e;
	}
	x.h = *h;
	x.id = id;
	x.tag = tag;
	/* no room: a larger table, while it may grow */
	while (!(placed = place(c, &x)) && c->nb < c->max_nb)
		grow(c);
	if (placed) {
		c->count++;
		return xy_idcache_find(c, h);
	}
	/* full: the entry left over in x is forgotten */
	c->displaced++;
	e = xy_idcache_find(c, h);
	if (!e) { /* the new key itself: it takes another's place */
		e = &c->b[first_of(c, h)].e[c->turn++ % WAYS];
		e->h = *h;
		e->id = id;
		e->tag = tag;
	}
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

size_t xy_idcache_displaced(const struct xy_idcache *c)
{
	return c->displaced;
}
