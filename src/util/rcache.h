/*
 * rcache.h - a bounded cache of rendered answers, shared by threads, for
 * reads that cost far more to compute than to copy (a subject's archive:
 * four statements, a handful of pages and a JSON rendering, against a
 * copy of 3 KB).
 *
 * Every value is stored under the version of the data it was computed
 * from, a number that only grows (the database's archive generation,
 * bumped by every transaction that changes an archive). The cache holds
 * values of one version only: a get or put with a newer version forgets
 * everything older, a put with an older one is dropped, and a get with
 * an older one gets what is held (computed from newer data). A reader
 * that learns the current version before it asks therefore never gets
 * an answer computed from older data.
 *
 * Keys are known by a 128-bit hash keyed with a secret drawn for the
 * cache (libsodium's SipHash-x-2-4), so no key (an ID number, say) is kept
 * in memory, and no input can make two keys meet (probability 2^-128).
 * Memory is bounded by max_bytes (values and entries together); when a
 * new value does not fit, the oldest ones go first.
 *
 *	c = xy_rcache_new(max_bytes);
 *	if (xy_rcache_get(c, key, n, version, &out, &tag) == 1)
 *		... out holds the value (appended), tag the caller's word
 *	else
 *		... compute it, then xy_rcache_put(c, key, n, version, ...)
 *	xy_rcache_stats(c, &st);
 *	xy_rcache_free(c);
 *
 * All calls are safe from any thread (one mutex, held for a hash lookup
 * and a copy).
 */
#ifndef XY_RCACHE_H
#define XY_RCACHE_H

#include <stddef.h>
#include <stdint.h>

struct xy_buf;
struct xy_rcache;

/* What a cache has done since it was made. */
struct xy_rcache_stats {
	uint64_t hits;	  /* gets that found their value */
	uint64_t misses;  /* gets that did not */
	uint64_t entries; /* values held now */
	uint64_t bytes;	  /* memory they take now */
};

/* A cache of at most max_bytes; values over an eighth of it are not kept. */
struct xy_rcache *xy_rcache_new(size_t max_bytes);
void xy_rcache_free(struct xy_rcache *c);

/*
 * Appends key's value to out and sets *tag when the cache holds one of
 * version: 1. Else 0 (nothing appended), or < 0 when out is full.
 */
int xy_rcache_get(struct xy_rcache *c, const void *key, size_t n,
		  uint64_t version, struct xy_buf *out, uint64_t *tag);

/* Keeps a copy of value, with tag, as key's value of version. */
void xy_rcache_put(struct xy_rcache *c, const void *key, size_t n,
		   uint64_t version, const void *value, size_t len,
		   uint64_t tag);

void xy_rcache_stats(struct xy_rcache *c, struct xy_rcache_stats *out);

#endif
