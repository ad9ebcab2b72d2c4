/*
 * ratelimit.c - a fixed table of token buckets behind one mutex.
 *
 * The lock is held for a hash probe and a few arithmetic operations, and
 * only on rate-limited routes; contention is not a concern at the rates
 * such routes see.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "http/ratelimit.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/banned.h"

#define PROBE 8 /* slots looked at for a key */

struct bucket {
	uint64_t hash;	/* of the key, 0: free */
	double tokens;	/* tokens left */
	double last;	/* time of the last refill */
};

struct xy_ratelimit {
	pthread_mutex_t lock;	 /* guards buckets */
	double rate;		 /* tokens per second, <= 0: off */
	double burst;		 /* bucket size */
	size_t mask;		 /* slots - 1, slots a power of two */
	struct bucket *buckets; /* the table */
};

struct xy_ratelimit *xy_ratelimit_new(double rate, double burst,
				      size_t slots)
{
	struct xy_ratelimit *rl = xy_xcalloc(1, sizeof(*rl));
	size_t n = 16;

	while (n < slots)
		n <<= 1;
	pthread_mutex_init(&rl->lock, NULL);
	rl->rate = rate;
	rl->burst = burst < 1 ? 1 : burst;
	rl->mask = n - 1;
	rl->buckets = xy_xcalloc(n, sizeof(*rl->buckets));
	return rl;
}

void xy_ratelimit_free(struct xy_ratelimit *rl)
{
	if (!rl)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl->buckets);
	free(rl);
}

/* Never 0: 0 marks an empty bucket. */
static uint64_t hash_key(const void *key, size_t len)
{
	uint64_t h = xy_fnv1a(key, len);

	return h ? h : 1;
}

int xy_ratelimit_take(struct xy_ratelimit *rl, const void *key, size_t len,
		      double now)
{
	uint64_t h;
	struct bucket *b = NULL, *oldest = NULL;
	int wait = 0;

	if (!rl || rl->rate <= 0)
		return 0;
	h = hash_key(key, len);
	pthread_mutex_lock(&rl->lock);
	for (size_t i = 0; i < PROBE; i++) {
		struct bucket *s = &rl->buckets[(h + i) & rl->mask];

		if (s->hash == h) {
			b = s;
			break;
		}
		/* a free slot wins, else the one idle longest */
		if (!oldest || (oldest->hash &&
				(!s->hash || s->last < oldest->last)))
			oldest = s;
	}
	if (!b) {
		b = oldest;
		b->hash = h;
		b->tokens = rl->burst;
		b->last = now;
	}
	b->tokens += (now - b->last) * rl->rate;
	if (b->tokens > rl->burst)
		b->tokens = rl->burst;
	b->last = now;
	if (b->tokens >= 1)
		b->tokens -= 1;
	else
		wait = 1 + (int)floor((1 - b->tokens) / rl->rate);
	pthread_mutex_unlock(&rl->lock);
	return wait;
}
