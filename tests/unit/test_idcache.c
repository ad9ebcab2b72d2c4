/*
 * test_idcache.c - the bounded id cache: what is put is found through
 * every doubling, memory stays within its cap, clear forgets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util/idcache.h"
#include "util/banned.h"

static void key_hash(struct xy_idcache *c, int i, struct xy_idhash *h)
{
	char key[32];

	snprintf(key, sizeof(key), "U91370104%09dX", i);
	xy_idcache_hash(c, key, strlen(key), h);
}

static void test_idcache__put_find_grow(void **state)
{
	/* room for all: 4096 keys in a cache that may grow to 32,768 */
	struct xy_idcache *c = xy_idcache_new(1024 * 1024);
	struct xy_idcache_entry *e;
	struct xy_idhash h;
	int i;

	(void)state;
	for (i = 1; i <= 4096; i++) {
		key_hash(c, i, &h);
		assert_null(xy_idcache_find(c, &h));
		xy_idcache_put(c, &h, i, (uint64_t)i * 7);
	}
	assert_int_equal(xy_idcache_count(c), 4096);
	for (i = 1; i <= 4096; i++) {
		key_hash(c, i, &h);
		e = xy_idcache_find(c, &h);
		assert_non_null(e);
		assert_int_equal(e->id, i);
		assert_int_equal(e->tag, (uint64_t)i * 7);
	}
	/* a put of a known key replaces its entry, no second one */
	key_hash(c, 5, &h);
	xy_idcache_put(c, &h, 5, 99);
	assert_int_equal(xy_idcache_count(c), 4096);
	assert_int_equal(xy_idcache_find(c, &h)->tag, 99);
	key_hash(c, 4097, &h);
	assert_null(xy_idcache_find(c, &h));

	xy_idcache_clear(c);
	assert_int_equal(xy_idcache_count(c), 0);
	key_hash(c, 1, &h);
	assert_null(xy_idcache_find(c, &h));
	xy_idcache_free(c);
}

static void test_idcache__bounded(void **state)
{
	/* 8 KB: 64 buckets of 4 entries, no more whatever comes */
	struct xy_idcache *c = xy_idcache_new(8 * 1024);
	struct xy_idhash h;
	int found = 0;

	(void)state;
	for (int i = 1; i <= 10000; i++) {
		key_hash(c, i, &h);
		xy_idcache_put(c, &h, i, 0);
		/* the entry just put is always there */
		assert_non_null(xy_idcache_find(c, &h));
	}
	assert_int_equal(xy_idcache_count(c), 256);
	for (int i = 1; i <= 10000; i++) {
		struct xy_idcache_entry *e;

		key_hash(c, i, &h);
		e = xy_idcache_find(c, &h);
		if (e) {
			assert_int_equal(e->id, i);
			found++;
		}
	}
	assert_int_equal(found, 256);
	assert_int_equal(xy_idcache_displaced(c), 10000 - 256);
	xy_idcache_free(c);
}

static void test_idcache__fills_before_forgetting(void **state)
{
	/* 1 MB: 32,768 entries; 90 % of them put, through every doubling */
	struct xy_idcache *c = xy_idcache_new(1024 * 1024);
	struct xy_idhash h;
	int n = 32768 * 9 / 10;

	(void)state;
	for (int i = 1; i <= n; i++) {
		key_hash(c, i, &h);
		xy_idcache_put(c, &h, i, 0);
	}
	/* nothing forgotten (with no entry moved: from about half full) */
	assert_int_equal(xy_idcache_displaced(c), 0);
	assert_int_equal(xy_idcache_count(c), n);
	for (int i = 1; i <= n; i++) {
		key_hash(c, i, &h);
		assert_non_null(xy_idcache_find(c, &h));
		assert_int_equal(xy_idcache_find(c, &h)->id, i);
	}
	xy_idcache_free(c);
}

static void test_idcache__keyed_hash(void **state)
{
	struct xy_idcache *a = xy_idcache_new(8192), *b = xy_idcache_new(8192);
	struct xy_idhash h1, h2, h3;

	(void)state;
	key_hash(a, 1, &h1);
	key_hash(a, 1, &h2);
	assert_memory_equal(&h1, &h2, sizeof(h1)); /* the same key: the same */
	key_hash(a, 2, &h2);
	assert_memory_not_equal(&h1, &h2, sizeof(h1));
	key_hash(b, 1, &h3); /* another cache draws another secret */
	assert_memory_not_equal(&h1, &h3, sizeof(h1));
	xy_idcache_free(a);
	xy_idcache_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_idcache__put_find_grow),
	    cmocka_unit_test(test_idcache__bounded),
	    cmocka_unit_test(test_idcache__fills_before_forgetting),
	    cmocka_unit_test(test_idcache__keyed_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
