/*
 * hash.h - FNV-1a, the project's hash for in-memory tables (caches of
 * subjects and keys, the rate limiter's buckets). Not for anything an
 * attacker may choose to collide with a purpose: keyed hashes of
 * personal data are service/keys.h's.
 */
#ifndef XY_HASH_H
#define XY_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t xy_fnv1a(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return h;
}

#endif
