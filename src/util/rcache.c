/*
 * rcache.c - the cache of rendered answers of rcache.h.
 *
 * A chained hash table on the key's hash, and a list of the entries in
 * the order they came, the oldest first out when memory runs short.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "util/buf.h"
#include "util/rcache.h"
#include "util/banned.h"

#define FIRST_BUCKETS 1024

struct entry {
	uint64_t ha, hb;	     /* the key's hash */
	uint64_t tag;		     /* the caller's */
	struct entry *chain;	     /* next in its bucket */
	struct entry *newer, *older; /* neighbours in the order of arrival */
	size_t len;		     /* of value */
	unsigned char value[];	     /* the answer */
};

struct xy_rcache {
	pthread_mutex_t lock; /* over everything below */
	unsigned char secret[crypto_shorthash_siphashx24_KEYBYTES];
	struct entry **b;	       /* nb chains */
	size_t nb;		       /* a power of two */
	struct entry *oldest, *newest; /* the order of arrival */
	size_t count;		       /* entries */
	size_t bytes;		       /* entries and the chains' array */
	size_t max_bytes;	       /* the bound on bytes */
	uint64_t version;	       /* of every value held */
	uint64_t hits, misses;	       /* gets since the start */
};

struct hash {
	uint64_t a, b;
};

struct xy_rcache *xy_rcache_new(size_t max_bytes)
{
	struct xy_rcache *c = xy_xcalloc(1, sizeof(*c));

	if (sodium_init() < 0)
		abort();
	randombytes_buf(c->secret, sizeof(c->secret));
	pthread_mutex_init(&c->lock, NULL);
	c->nb = FIRST_BUCKETS;
	while (c->nb > 1 && c->nb * sizeof(*c->b) > max_bytes / 8)
		c->nb /= 2;
	c->b = xy_xcalloc(c->nb, sizeof(*c->b));
	c->bytes = c->nb * sizeof(*c->b);
	c->max_bytes = max_bytes;
	return c;
}

static void hash_key(const struct xy_rcache *c, const void *key, size_t n,
		     struct hash *out)
{
	unsigned char h[crypto_shorthash_siphashx24_BYTES];

	crypto_shorthash_siphashx24(h, key, n, c->secret);
	memcpy(&out->a, h, sizeof(out->a));
	memcpy(&out->b, h + sizeof(out->a), sizeof(out->b));
}

static size_t entry_size(const struct entry *e)
{
	return sizeof(*e) + e->len;
}

/* The link that points at h's entry, or at the NULL ending its chain. */
static struct entry **link_of(struct xy_rcache *c, const struct hash *h)
{
	struct entry **l = &c->b[h->a & (c->nb - 1)];

	while (*l && ((*l)->ha != h->a || (*l)->hb != h->b))
		l = &(*l)->chain;
	return l;
}

/* Takes the entry *l points at out of its chain and the order; frees it. */
static void drop(struct xy_rcache *c, struct entry **l)
{
	struct entry *e = *l;

	*l = e->chain;
	if (e->newer)
		e->newer->older = e->older;
	else
		c->newest = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		c->oldest = e->newer;
	c->count--;
	c->bytes -= entry_size(e);
	free(e);
}

static void drop_oldest(struct xy_rcache *c)
{
	struct hash h = {c->oldest->ha, c->oldest->hb};

	drop(c, link_of(c, &h));
}

/* Forgets every value when version is newer than theirs. */
static void see_version(struct xy_rcache *c, uint64_t version)
{
	if (version <= c->version)
		return;
	while (c->oldest)
		drop_oldest(c);
	c->version = version;
}

/* Doubles the chains' array when entries outnumber it, memory allowing. */
static void grow(struct xy_rcache *c)
{
	size_t nb = c->nb * 2, extra = c->nb * sizeof(*c->b);
	struct entry **b;

	/* the array takes an eighth of the memory at most */
	if (c->count <= c->nb || nb * sizeof(*b) > c->max_bytes / 8 ||
	    c->bytes + extra > c->max_bytes)
		return;
	b = xy_xcalloc(nb, sizeof(*b));
	for (size_t i = 0; i < c->nb; i++) {
		struct entry *e = c->b[i], *next;

		for (; e; e = next) {
			next = e->chain;
			e->chain = b[e->ha & (nb - 1)];
			b[e->ha & (nb - 1)] = e;
		}
	}
	free(c->b);
	c->b = b;
	c->nb = nb;
	c->bytes += extra;
}

int xy_rcache_get(struct xy_rcache *c, const void *key, size_t n,
		  uint64_t version, struct xy_buf *out, uint64_t *tag)
{
	struct hash h;
	struct entry *e;
	int found = 0;

	hash_key(c, key, n, &h);
	pthread_mutex_lock(&c->lock);
	see_version(c, version);
	e = *link_of(c, &h);
	if (e) {
		found = xy_buf_add(out, e->value, e->len) < 0 ? -1 : 1;
		*tag = e->tag;
		c->hits++;
	} else {
		c->misses++;
	}
	pthread_mutex_unlock(&c->lock);
	return found;
}

void xy_rcache_put(struct xy_rcache *c, const void *key, size_t n,
		   uint64_t version, const void *value, size_t len,
		   uint64_t tag)
{
	struct hash h;
	struct entry **l, *e;
	size_t need = sizeof(*e) + len;

	if (len > c->max_bytes / 8)
		return;
	hash_key(c, key, n, &h);
	e = xy_xmalloc(need);
	e->ha = h.a;
	e->hb = h.b;
	e->tag = tag;
	e->len = len;
	memcpy(e->value, value, len);
	pthread_mutex_lock(&c->lock);
	if (version < c->version) { /* computed from older data */
		pthread_mutex_unlock(&c->lock);
		free(e);
		return;
	}
	see_version(c, version);
	l = link_of(c, &h);
	if (*l)
		drop(c, l);
	while (c->oldest && c->bytes + need > c->max_bytes)
		drop_oldest(c);
	if (c->bytes + need > c->max_bytes) {
		pthread_mutex_unlock(&c->lock);
		free(e);
		return;
	}
	l = link_of(c, &h); /* the chain may have changed */
	e->chain = NULL;
	*l = e;
	e->newer = NULL;
	e->older = c->newest;
	if (c->newest)
		c->newest->newer = e;
	else
		c->oldest = e;
	c->newest = e;
	c->count++;
	c->bytes += need;
	grow(c);
	pthread_mutex_unlock(&c->lock);
}

void xy_rcache_stats(struct xy_rcache *c, struct xy_rcache_stats *out)
{
	pthread_mutex_lock(&c->lock);
	out->hits = c->hits;
	out->misses = c->misses;
	out->entries = c->count;
	out->bytes = c->bytes;
	pthread_mutex_unlock(&c->lock);
}

void xy_rcache_free(struct xy_rcache *c)
{
	if (!c)
		return;
	while (c->oldest)
		drop_oldest(c);
	free(c->b);
	pthread_mutex_destroy(&c->lock);
	sodium_memzero(c->secret, sizeof(c->secret));
	free(c);
}
