/*
 * ratelimit.h - token buckets per key and per address (feature H2: rate
 * limits on search and public routes, against scraping and guessing).
 *
 * A bucket holds up to burst tokens and refills at rate tokens a second;
 * a request takes one. Buckets live in a fixed table shared by all the
 * event loops (a client's connections land on any loop), found by a hash
 * of the key: the table never grows, and when it is full the bucket idle
 * longest is reused, which can only make the limit more lenient for the
 * client that lost it. Only the hash of a key is kept, never the key (a
 * credential or an address).
 */
#ifndef XY_RATELIMIT_H
#define XY_RATELIMIT_H

#include <stddef.h>

struct xy_ratelimit;

/* rate <= 0 disables limiting (xy_ratelimit_take always allows). */
struct xy_ratelimit *xy_ratelimit_new(double rate, double burst,
				      size_t slots);
void xy_ratelimit_free(struct xy_ratelimit *rl);

/*
 * Takes a token from key's bucket at time now (seconds, monotonic).
 * Returns 0 when the request may go on, else the whole seconds after
 * which a token will be there (for Retry-After, at least 1).
 */
int xy_ratelimit_take(struct xy_ratelimit *rl, const void *key, size_t len,
		      double now);

#endif
