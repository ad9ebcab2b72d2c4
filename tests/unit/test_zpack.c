/*
 * test_zpack.c - packed payloads: plain until a dictionary is trained,
 * packed after, every form unpacked back, damage refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/zpack.h"
#include "util/banned.h"

/* A payload-like record i: repeated parts and a few varying ones. */
static void record(struct xy_buf *b, int i)
{
	xy_buf_reset(b);
	xy_buf_addf(b,
		    "济南槐荫%d商贸有限公司|法人及非法人组织|9137010%07dX|"
		    "槐市监罚〔2021〕%d号|销售不符合食品安全标准的食品|"
		    "《中华人民共和国食品安全法》第一百二十四条|罚款|%d.%02d|"
		    "济南市槐荫区市场监督管理局|113701040042045104",
		    i % 97, i * 7, i, i % 50, i % 100);
}

/* The dictionary store of the tests: one slot. */
struct store {
	struct xy_buf dict; /* the dictionary trained */
	uint32_t id;	    /* its id, 0: none */
	int fetched;	    /* times asked for */
};

static int fetch(void *ctx, uint32_t id, struct xy_buf *dict)
{
	struct store *s = ctx;

	s->fetched++;
	if (!s->id || id != s->id)
		return XY_ENOTFOUND;
	return xy_buf_add(dict, s->dict.ptr, s->dict.len);
}

static void test_zpack__train_pack_unpack(void **state)
{
	struct xy_zpack *z = xy_zpack_new();
	struct xy_zunpack *u;
	struct xy_buf in = XY_BUF_INIT, out = XY_BUF_INIT, tmp = XY_BUF_INIT;
	struct store s = {XY_BUF_INIT, 0, 0};
	const void *d, *plain;
	size_t n, len, packed = 0, plain_bytes = 0;
	uint32_t id;
	int i, rc;

	(void)state;
	u = xy_zunpack_new(fetch, &s);
	/* plain while samples are taken; the last one trains */
	for (i = 0; i < XY_ZPACK_SAMPLES; i++) {
		record(&in, i);
		xy_buf_reset(&out);
		assert_int_equal(xy_zpack_pack(z, in.ptr, in.len, &out), 0);
		assert_int_equal(out.len, in.len);
		assert_memory_equal(out.ptr, in.ptr, in.len);
		assert_int_equal(xy_zpack_dict_id(out.ptr, out.len), 0);
		d = xy_zpack_trained(z, &n, &id);
		if (i < XY_ZPACK_SAMPLES - 1)
			assert_null(d);
	}
	assert_non_null(d);
	assert_true(n > 0 && n <= XY_ZPACK_DICT);
	assert_true(id != 0);
	assert_null(xy_zpack_trained(z, &n, &id)); /* handed out once */
	xy_buf_add(&s.dict, d, n);
	s.id = id;

	/* packed from now on, and back */
	for (i = XY_ZPACK_SAMPLES; i < XY_ZPACK_SAMPLES + 200; i++) {
		record(&in, i);
		xy_buf_reset(&out);
		assert_int_equal(xy_zpack_pack(z, in.ptr, in.len, &out), 1);
		assert_int_equal(xy_zpack_dict_id(out.ptr, out.len), s.id);
		packed += out.len;
		plain_bytes += in.len;
		assert_int_equal(
		    xy_zunpack(u, out.ptr, out.len, &tmp, &plain, &len), 0);
		assert_int_equal(len, in.len);
		assert_memory_equal(plain, in.ptr, in.len);
	}
	assert_true(packed * 3 < plain_bytes); /* it pays */
	assert_int_equal(s.fetched, 1);	       /* the dictionary is kept */

	/* a payload that is not packed comes back as it is */
	record(&in, 1);
	assert_int_equal(xy_zunpack(u, in.ptr, in.len, &tmp, &plain, &len), 0);
	assert_ptr_equal(plain, in.ptr);
	assert_int_equal(len, in.len);

	/* damage: a changed byte, a cut frame, a missing dictionary */
	record(&in, 7);
	xy_buf_reset(&out);
	assert_int_equal(xy_zpack_pack(z, in.ptr, in.len, &out), 1);
	out.ptr[out.len - 3] ^= 0x55;
	rc = xy_zunpack(u, out.ptr, out.len, &tmp, &plain, &len);
	if (rc == 0) /* a flipped literal may still decode: not the same */
		assert_true(len != in.len || memcmp(plain, in.ptr, len));
	else
		assert_int_equal(rc, XY_EDB);
	assert_int_equal(xy_zunpack(u, out.ptr, 6, &tmp, &plain, &len), XY_EDB);
	xy_zunpack_free(u);
	s.id = 0;
	u = xy_zunpack_new(fetch, &s);
	record(&in, 8);
	xy_buf_reset(&out);
	assert_int_equal(xy_zpack_pack(z, in.ptr, in.len, &out), 1);
	assert_int_equal(xy_zunpack(u, out.ptr, out.len, &tmp, &plain, &len),
			 XY_EDB);
	assert_non_null(strstr(xy_error_msg(), "missing"));
	xy_error_clear();

	xy_zunpack_free(u);
	xy_zpack_free(z);
	xy_buf_dispose(&in);
	xy_buf_dispose(&out);
	xy_buf_dispose(&tmp);
	xy_buf_dispose(&s.dict);
}

/* A session given a stored dictionary packs at once, and refuses junk. */
static void test_zpack__use(void **state)
{
	struct xy_zpack *a = xy_zpack_new(), *b = xy_zpack_new();
	struct xy_buf in = XY_BUF_INIT, out = XY_BUF_INIT;
	const void *d = NULL;
	size_t n = 0;
	uint32_t id = 0;

	(void)state;
	for (int i = 0; i < XY_ZPACK_SAMPLES; i++) {
		record(&in, i);
		xy_buf_reset(&out);
		xy_zpack_pack(a, in.ptr, in.len, &out);
		if (!d)
			d = xy_zpack_trained(a, &n, &id);
	}
	assert_non_null(d);
	assert_int_equal(xy_zpack_use(b, "not a dictionary", 16), XY_EINVALID);
	xy_error_clear();
	assert_int_equal(xy_zpack_use(b, d, n), 0);
	record(&in, 1);
	xy_buf_reset(&out);
	assert_int_equal(xy_zpack_pack(b, in.ptr, in.len, &out), 1);
	assert_int_equal(xy_zpack_dict_id(out.ptr, out.len), id);
	assert_null(xy_zpack_trained(b, &n, &id)); /* nothing trained here */
	/* an encoded payload never starts with FF 00 */
	assert_int_equal(xy_zpack_dict_id("\xff\x01x", 3), 0);
	assert_int_equal(xy_zpack_dict_id("\xff", 1), 0);
	xy_zpack_free(a);
	xy_zpack_free(b);
	xy_buf_dispose(&in);
	xy_buf_dispose(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_zpack__train_pack_unpack),
	    cmocka_unit_test(test_zpack__use),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
