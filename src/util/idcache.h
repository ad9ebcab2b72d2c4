/*
 * idcache.h - a bounded cache from keys to database ids, for a session
 * that meets the same keys again and again in no useful order (the
 * subjects of an import: a file of 1,000,000 records names some 300,000
 * subjects, each about three times, far apart).
 *
 * A key is known by a 128-bit hash keyed with a secret drawn for the
 * cache (libsodium's SipHash-x-2-4), so an entry is 32 bytes whatever the
 * key's length, and no input can be made to mistake one key for another:
 * two keys meet in an entry with probability 2^-128.
 *
 * Entries sit in buckets of four, and a key in either of two buckets
 * (one per half of its hash); when both are full, entries move to their
 * other bucket to make room (cuckoo hashing), which fills a table to
 * over 90 % before a key finds none. The table starts at 8 KB and then
 * doubles, up to max_bytes; past that, an entry is forgotten for the
 * new key (xy_idcache_displaced counts them). Memory is bounded
 * whatever the input, and a session of a few keys pays for a few.
 *
 *	c = xy_idcache_new(max_bytes);
 *	xy_idcache_hash(c, key, n, &h);		any thread, any time
 *	e = xy_idcache_find(c, &h);		NULL, or the entry
 *	e = xy_idcache_put(c, &h, id, tag);	adds or replaces
 *	xy_idcache_clear(c);			forgets every entry
 *
 * Ids are positive (0 marks an empty entry); the tag is the caller's
 * (ingest keeps the hash of the subject's last name there).
 */
#ifndef XY_IDCACHE_H
#define XY_IDCACHE_H

#include <stddef.h>
#include <stdint.h>

/* A key as the cache knows it. */
struct xy_idhash {
	uint64_t a, b;
};

struct xy_idcache_entry {
	struct xy_idhash h; /* the key's hash */
	int64_t id;	    /* > 0; 0: an empty entry */
	uint64_t tag;	    /* the caller's */
};

struct xy_idcache;

/* A cache of at most max_bytes of entries (at least one bucket). */
struct xy_idcache *xy_idcache_new(size_t max_bytes);
void xy_idcache_free(struct xy_idcache *c);

/* The hash of a key under c's secret; safe beside the other calls. */
void xy_idcache_hash(const struct xy_idcache *c, const void *key, size_t n,
		     struct xy_idhash *out);

/* The entry of h, or NULL. It stays valid until the next put or clear. */
struct xy_idcache_entry *xy_idcache_find(struct xy_idcache *c,
					 const struct xy_idhash *h);

/* Remembers id and tag for h (replacing h's entry if there is one). */
struct xy_idcache_entry *xy_idcache_put(struct xy_idcache *c,
					const struct xy_idhash *h, int64_t id,
					uint64_t tag);

/* Forgets every entry (the ids of a rolled back transaction). */
void xy_idcache_clear(struct xy_idcache *c);

/* Entries held now. */
size_t xy_idcache_count(const struct xy_idcache *c);

/* Entries a put has displaced since the cache was made: 0 while every
 * key put is still known. */
size_t xy_idcache_displaced(const struct xy_idcache *c);

#endif
