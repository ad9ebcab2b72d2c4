/*
 * test_jsonw.c - the streaming JSON writer (util/jsonw.h): exact text,
 * escapes, agreement with jansson, the cap and the depth limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/jsonw.h"
#include "util/banned.h"

static void test_shapes(void **state)
{
	struct xy_buf b = XY_BUF_INIT;
	struct xy_jw w;

	(void)state;
	xy_jw_init(&w, &b);
	xy_jw_object(&w);
	xy_jw_kint(&w, "id", -42);
	xy_jw_kstr(&w, "name", "槐荫区市场监督管理局");
	xy_jw_kbool(&w, "late", 1);
	xy_jw_kbool(&w, "ok", 0);
	xy_jw_kstr(&w, "none", NULL);
	xy_jw_key(&w, "list");
	xy_jw_array(&w);
	xy_jw_int(&w, 1);
	xy_jw_object(&w);
	xy_jw_end(&w);
	xy_jw_array(&w);
	xy_jw_end(&w);
	xy_jw_raw(&w, "{\"a\":1}", 7);
	xy_jw_null(&w);
	xy_jw_end(&w);
	xy_jw_kint(&w, "max", INT64_MAX);
	xy_jw_end(&w);
	assert_int_equal(xy_jw_error(&w), 0);
	assert_string_equal(b.ptr,
			    "{\"id\":-42,\"name\":\"槐荫区市场监督管理局\","
			    "\"late\":true,\"ok\":false,\"none\":null,"
			    "\"list\":[1,{},[],{\"a\":1},null],"
			    "\"max\":9223372036854775807}");
	xy_buf_dispose(&b);
}

static void test_escapes(void **state)
{
	struct xy_buf b = XY_BUF_INIT;
	struct xy_jw w;
	const char s[] = "q\"b\\/\b\f\n\r\t\x01\x1f\x7f end";

	(void)state;
	xy_jw_init(&w, &b);
	xy_jw_array(&w);
	xy_jw_strn(&w, s, sizeof(s) - 1);
	xy_jw_strn(&w, "a\0b", 3);
	xy_jw_strn(&w, "\xff\xfe", 2); /* not UTF-8: null */
	xy_jw_end(&w);
	assert_string_equal(b.ptr, "[\"q\\\"b\\\\/\\b\\f\\n\\r\\t\\u0001"
				   "\\u001F\x7f end\",\"a\\u0000b\",null]");
	xy_buf_dispose(&b);
}

/* Whatever the bytes, the text is what jansson prints for them. */
static void test_agrees_with_jansson(void **state)
{
	unsigned seed = 7;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		char s[64];
		size_t n = (size_t)(rand_r(&seed) % 40);
		struct xy_buf b = XY_BUF_INIT;
		struct xy_jw w;
		json_t *j;
		char *text;

		for (size_t i = 0; i < n; i++) {
			int r = rand_r(&seed) % 8;

			s[i] = r == 0	? (char)(rand_r(&seed) % 32)
			       : r == 1 ? '"'
			       : r == 2 ? '\\'
					: (char)(' ' + rand_r(&seed) % 95);
		}
		xy_jw_init(&w, &b);
		xy_jw_object(&w);
		xy_jw_key(&w, "k");
		xy_jw_strn(&w, s, n);
		xy_jw_end(&w);
		j = json_pack("{s:s%}", "k", s, n);
		text = json_dumps(j, JSON_COMPACT);
		assert_string_equal(b.ptr, text);
		free(text);
		json_decref(j);
		xy_buf_dispose(&b);
	}
}

static void test_cap_sticks(void **state)
{
	struct xy_buf b;
	struct xy_jw w;

	(void)state;
	xy_buf_init(&b, 16);
	xy_jw_init(&w, &b);
	xy_jw_object(&w);
	xy_jw_kstr(&w, "key", "a value longer than the cap");
	assert_int_equal(xy_jw_error(&w), XY_ETOOBIG);
	xy_jw_kint(&w, "n", 1);
	xy_jw_end(&w);
	assert_int_equal(xy_jw_error(&w), XY_ETOOBIG);
	assert_true(b.len <= 16);
	xy_buf_dispose(&b);
}

static void test_depth(void **state)
{
	struct xy_buf b = XY_BUF_INIT;
	struct xy_jw w;

	(void)state;
	xy_jw_init(&w, &b);
	for (int i = 0; i < XY_JW_DEPTH - 1; i++)
		xy_jw_array(&w);
	assert_int_equal(xy_jw_error(&w), 0);
	xy_jw_array(&w);
	assert_int_equal(xy_jw_error(&w), XY_EINVALID);
	xy_buf_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shapes),
	    cmocka_unit_test(test_escapes),
	    cmocka_unit_test(test_agrees_with_jansson),
	    cmocka_unit_test(test_cap_sticks),
	    cmocka_unit_test(test_depth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
