/*
 * test_rcache.c - the cache of rendered answers: what is put is got back
 * under its version only, a newer version forgets the older values,
 * memory stays within its bound with the oldest values leaving first,
 * and threads may share it.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/rcache.h"
#include "util/banned.h"

static void key_of(int i, char *key, size_t n)
{
	snprintf(key, n, "91370104%09dX", i);
}

static void put(struct xy_rcache *c, int i, uint64_t version, const char *value)
{
	char key[32];

	key_of(i, key, sizeof(key));
	xy_rcache_put(c, key, strlen(key), version, value, strlen(value),
		      (uint64_t)i * 2 + 1);
}

/* The value of i at version, "" for none (and then a check of the tag). */
static const char *get(struct xy_rcache *c, int i, uint64_t version,
		       struct xy_buf *out)
{
	char key[32];
	uint64_t tag = 0;
	int found;

	key_of(i, key, sizeof(key));
	xy_buf_reset(out);
	found = xy_rcache_get(c, key, strlen(key), version, out, &tag);
	assert_true(found == 0 || found == 1);
	if (found)
		assert_int_equal(tag, (uint64_t)i * 2 + 1);
	xy_buf_add(out, "", 1);
	return out->ptr;
}

static void test_rcache__put_get(void **state)
{
	struct xy_rcache *c = xy_rcache_new(1 << 20);
	struct xy_buf out = XY_BUF_INIT;
	struct xy_rcache_stats st;
	char value[64];

	(void)state;
	for (int i = 1; i <= 3000; i++) { /* past a doubling of the chains */
		snprintf(value, sizeof(value), "{\"id\":%d}", i);
		put(c, i, 7, value);
	}
	for (int i = 1; i <= 3000; i++) {
		snprintf(value, sizeof(value), "{\"id\":%d}", i);
		assert_string_equal(get(c, i, 7, &out), value);
	}
	assert_string_equal(get(c, 3001, 7, &out), "");
	/* a second put of a key replaces its value */
	put(c, 5, 7, "five");
	assert_string_equal(get(c, 5, 7, &out), "five");
	xy_rcache_stats(c, &st);
	assert_int_equal(st.entries, 3000);
	assert_int_equal(st.hits, 3001);
	assert_int_equal(st.misses, 1);
	xy_buf_dispose(&out);
	xy_rcache_free(c);
}

static void test_rcache__versions(void **state)
{
	struct xy_rcache *c = xy_rcache_new(1 << 20);
	struct xy_buf out = XY_BUF_INIT;
	struct xy_rcache_stats st;

	(void)state;
	put(c, 1, 3, "one at 3");
	put(c, 2, 3, "two at 3");
	assert_string_equal(get(c, 1, 3, &out), "one at 3");
	/* a reader that saw version 4 gets nothing older, and all goes */
	assert_string_equal(get(c, 1, 4, &out), "");
	xy_rcache_stats(c, &st);
	assert_int_equal(st.entries, 0);
	assert_string_equal(get(c, 2, 3, &out), "");
	/* a value computed from version 3 comes too late: dropped */
	put(c, 2, 3, "two at 3");
	assert_string_equal(get(c, 2, 4, &out), "");
	put(c, 2, 4, "two at 4");
	assert_string_equal(get(c, 2, 4, &out), "two at 4");
	/* a reader that saw 3 may get what came of 4: newer, not older */
	assert_string_equal(get(c, 2, 3, &out), "two at 4");
	/* a put of a newer version forgets the older values too */
	put(c, 3, 5, "three at 5");
	assert_string_equal(get(c, 2, 5, &out), "");
	assert_string_equal(get(c, 3, 5, &out), "three at 5");
	xy_buf_dispose(&out);
	xy_rcache_free(c);
}

static void test_rcache__bounded(void **state)
{
	/* 64 KB: values of 1,000 bytes, a few dozen fit */
	struct xy_rcache *c = xy_rcache_new(64 * 1024);
	struct xy_buf out = XY_BUF_INIT;
	struct xy_rcache_stats st;
	char value[1001];

	(void)state;
	memset(value, 'v', 1000);
	value[1000] = '\0';
	for (int i = 1; i <= 500; i++) {
		put(c, i, 1, value);
		xy_rcache_stats(c, &st);
		assert_true(st.bytes <= 64 * 1024);
	}
	assert_true(st.entries >= 50 && st.entries < 64);
	/* the newest stayed, the oldest went */
	assert_string_equal(get(c, 500, 1, &out), value);
	assert_string_equal(get(c, 501 - (int)st.entries, 1, &out), value);
	assert_string_equal(get(c, 500 - (int)st.entries, 1, &out), "");
	assert_string_equal(get(c, 1, 1, &out), "");
	/* a value over an eighth of the bound is not kept */
	{
		char big[9000];

		memset(big, 'b', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		put(c, 1000, 1, big);
		assert_string_equal(get(c, 1000, 1, &out), "");
	}
	xy_buf_dispose(&out);
	xy_rcache_free(c);
}

static void test_rcache__full_buffer(void **state)
{
	struct xy_rcache *c = xy_rcache_new(1 << 20);
	struct xy_buf out;
	uint64_t tag;

	(void)state;
	put(c, 1, 1, "a value longer than eight bytes");
	xy_buf_init(&out, 8); /* capped: the value does not fit */
	assert_true(xy_rcache_get(c, "91370104000000001X", 18, 1, &out, &tag) <
		    0);
	xy_buf_dispose(&out);
	xy_rcache_free(c);
}

struct worker {
	struct xy_rcache *c; /* shared */
	int base;	     /* its keys */
	int wrong;	     /* values that came back wrong */
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct xy_buf out = XY_BUF_INIT;
	char value[32], key[32];
	uint64_t tag;

	for (int round = 0; round < 20; round++)
		for (int i = w->base; i < w->base + 500; i++) {
			snprintf(value, sizeof(value), "v%d", i);
			key_of(i, key, sizeof(key));
			xy_buf_reset(&out);
			if (xy_rcache_get(w->c, key, strlen(key), 1, &out,
					  &tag) == 1) {
				if (out.len != strlen(value) ||
				    memcmp(out.ptr, value, out.len) ||
				    tag != (uint64_t)i)
					w->wrong++;
			} else {
				xy_rcache_put(w->c, key, strlen(key), 1, value,
					      strlen(value), (uint64_t)i);
			}
		}
	xy_buf_dispose(&out);
	return NULL;
}

static void test_rcache__threads(void **state)
{
	/* small enough that the threads evict each other's values */
	struct xy_rcache *c = xy_rcache_new(48 * 1024);
	struct worker w[4];
	pthread_t t[4];

	(void)state;
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){c, i * 300, 0}; /* keys overlap */
		assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].wrong, 0);
	}
	xy_rcache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rcache__put_get),
	    cmocka_unit_test(test_rcache__versions),
	    cmocka_unit_test(test_rcache__bounded),
	    cmocka_unit_test(test_rcache__full_buffer),
	    cmocka_unit_test(test_rcache__threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
