/*
 * test_keys.c - the key file, the blind index and sealing
 * (service/keys.h).
 *
 * Key files are written to a fresh mkdtemp() directory that each case
 * removes again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "service/keys.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/banned.h"

#define ID "身份证:11010519491231002X"

/* A temporary directory and the files made in it. */
struct tmp {
	char dir[64];	   /* the directory */
	struct xy_buf a;   /* dir/a.key */
	struct xy_buf b;   /* dir/b.key */
	struct xy_buf bad; /* dir/bad.key */
};

static int tmp_setup(void **state)
{
	struct tmp *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	snprintf(t->dir, sizeof(t->dir), "/tmp/xy_test_keys_XXXXXX");
	if (!mkdtemp(t->dir)) {
		free(t);
		return -1;
	}
	xy_buf_init(&t->a, 0);
	xy_buf_init(&t->b, 0);
	xy_buf_init(&t->bad, 0);
	xy_buf_addf(&t->a, "%s/a.key", t->dir);
	xy_buf_addf(&t->b, "%s/b.key", t->dir);
	xy_buf_addf(&t->bad, "%s/bad.key", t->dir);
	*state = t;
	return 0;
}

static int tmp_teardown(void **state)
{
	struct tmp *t = *state;

	unlink(t->a.ptr);
	unlink(t->b.ptr);
	unlink(t->bad.ptr);
	rmdir(t->dir);
	xy_buf_dispose(&t->a);
	xy_buf_dispose(&t->b);
	xy_buf_dispose(&t->bad);
	free(t);
	return 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void read_file(const char *path, struct xy_buf *out)
{
	char chunk[512];
	size_t n;
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		xy_buf_add(out, chunk, n);
	fclose(f);
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* ---- the key file ---- */

static void test_keys__create_load(void **state)
{
	struct tmp *t = *state;
	struct xy_keys k, k2;
	struct xy_buf text = XY_BUF_INIT;
	struct stat st;

	assert_int_equal(xy_keys_create(t->a.ptr), 0);
	assert_int_equal(stat(t->a.ptr, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);

	/* text: a comment and four "name hex" lines */
	read_file(t->a.ptr, &text);
	assert_int_equal(text.ptr[0], '#');
	assert_non_null(strstr(text.ptr, "\nblind "));
	assert_non_null(strstr(text.ptr, "\nseal "));
	assert_non_null(strstr(text.ptr, "\nhash "));
	assert_non_null(strstr(text.ptr, "\nsign "));

	memset(&k, 0, sizeof(k));
	assert_int_equal(xy_keys_load(&k, t->a.ptr), 0);
	assert_false(all_zero(k.blind, XY_KEY_BYTES));
	assert_false(all_zero(k.seal, XY_KEY_BYTES));
	assert_false(all_zero(k.hash, XY_KEY_BYTES));
	assert_false(all_zero(k.sign, XY_KEY_BYTES));
	/* four different keys */
	assert_true(memcmp(k.blind, k.seal, XY_KEY_BYTES) != 0);
	assert_true(memcmp(k.hash, k.sign, XY_KEY_BYTES) != 0);

	/* loading twice gives the same keys */
	assert_int_equal(xy_keys_load(&k2, t->a.ptr), 0);
	assert_memory_equal(&k, &k2, sizeof(k));

	xy_keys_dispose(&k);
	assert_true(all_zero((unsigned char *)&k, sizeof(k)));
	xy_keys_dispose(&k2);
	xy_buf_dispose(&text);
}

static void test_keys__create_twice(void **state)
{
	struct tmp *t = *state;
	struct xy_buf before = XY_BUF_INIT, after = XY_BUF_INIT;
	char want[256];

	assert_int_equal(xy_keys_create(t->a.ptr), 0);
	read_file(t->a.ptr, &before);
	assert_int_equal(xy_keys_create(t->a.ptr), XY_ECONFLICT);
	snprintf(want, sizeof(want), "key file '%s' exists already", t->a.ptr);
	assert_string_equal(xy_error_msg(), want);
	/* the existing keys are kept */
	read_file(t->a.ptr, &after);
	assert_int_equal(after.len, before.len);
	assert_string_equal(after.ptr, before.ptr);
	xy_buf_dispose(&before);
	xy_buf_dispose(&after);
}

static void test_keys__load_missing(void **state)
{
	struct tmp *t = *state;
	struct xy_keys k;
	char want[256];

	assert_int_equal(xy_keys_load(&k, t->a.ptr), XY_ENOTFOUND);
	snprintf(want, sizeof(want),
		 "key file '%s' not found (run 'xinyong init' first)",
		 t->a.ptr);
	assert_string_equal(xy_error_msg(), want);
}

static void test_keys__load_damaged(void **state)
{
	struct tmp *t = *state;
	struct xy_buf text = XY_BUF_INIT, cut = XY_BUF_INIT;
	struct xy_keys k;
	char want[256];
	const char *sign;

	snprintf(want, sizeof(want), "key file '%s' is damaged", t->bad.ptr);

	/* empty */
	write_file(t->bad.ptr, "");
	assert_int_equal(xy_keys_load(&k, t->bad.ptr), XY_EINVALID);
	assert_string_equal(xy_error_msg(), want);

	/* not hex */
	write_file(t->bad.ptr, "blind zz\nseal zz\nhash zz\nsign zz\n");
	assert_int_equal(xy_keys_load(&k, t->bad.ptr), XY_EINVALID);
	assert_string_equal(xy_error_msg(), want);

	/* a real file with its last key missing */
	assert_int_equal(xy_keys_create(t->a.ptr), 0);
	read_file(t->a.ptr, &text);
	sign = strstr(text.ptr, "\nsign ");
	assert_non_null(sign);
	xy_buf_add(&cut, text.ptr, (size_t)(sign - text.ptr) + 1);
	write_file(t->bad.ptr, cut.ptr);
	assert_int_equal(xy_keys_load(&k, t->bad.ptr), XY_EINVALID);
	assert_string_equal(xy_error_msg(), want);

	/* ... with its last key cut short */
	xy_buf_reset(&cut);
	xy_buf_add(&cut, text.ptr, text.len - 9);
	xy_buf_adds(&cut, "\n");
	write_file(t->bad.ptr, cut.ptr);
	assert_int_equal(xy_keys_load(&k, t->bad.ptr), XY_EINVALID);

	/* ... with a character of a key changed to a non-hex one */
	xy_buf_reset(&cut);
	xy_buf_add(&cut, text.ptr, text.len);
	cut.ptr[(size_t)(sign - text.ptr) + 10] = 'g';
	write_file(t->bad.ptr, cut.ptr);
	assert_int_equal(xy_keys_load(&k, t->bad.ptr), XY_EINVALID);

	/* the untouched copy loads */
	write_file(t->bad.ptr, text.ptr);
	assert_int_equal(xy_keys_load(&k, t->bad.ptr), 0);
	xy_keys_dispose(&k);
	xy_buf_dispose(&text);
	xy_buf_dispose(&cut);
}

/* ---- blind index and hash ---- */

static void test_keys__blind(void **state)
{
	struct tmp *t = *state;
	struct xy_keys a, a2, b;
	unsigned char x[XY_BLIND_BYTES], y[XY_BLIND_BYTES];
	unsigned char h[XY_HASH_BYTES];

	assert_int_equal(xy_keys_create(t->a.ptr), 0);
	assert_int_equal(xy_keys_create(t->b.ptr), 0);
	assert_int_equal(xy_keys_load(&a, t->a.ptr), 0);
	assert_int_equal(xy_keys_load(&a2, t->a.ptr), 0);
	assert_int_equal(xy_keys_load(&b, t->b.ptr), 0);

	/* deterministic for a key file */
	xy_keys_blind(&a, ID, strlen(ID), x);
	xy_keys_blind(&a, ID, strlen(ID), y);
	assert_memory_equal(x, y, XY_BLIND_BYTES);
	xy_keys_blind(&a2, ID, strlen(ID), y);
	assert_memory_equal(x, y, XY_BLIND_BYTES);

	/* another key file, another index */
	xy_keys_blind(&b, ID, strlen(ID), y);
	assert_memory_not_equal(x, y, XY_BLIND_BYTES);

	/* another number, another index */
	xy_keys_blind(&a, ID, strlen(ID) - 1, y);
	assert_memory_not_equal(x, y, XY_BLIND_BYTES);

	/* the content hash uses its own key */
	xy_keys_hash(&a, ID, strlen(ID), h);
	assert_memory_not_equal(x, h, XY_HASH_BYTES);
	xy_keys_hash(&a2, ID, strlen(ID), y);
	assert_memory_equal(h, y, XY_HASH_BYTES);
	xy_keys_hash(&b, ID, strlen(ID), y);
	assert_memory_not_equal(h, y, XY_HASH_BYTES);

	xy_keys_dispose(&a);
	xy_keys_dispose(&a2);
	xy_keys_dispose(&b);
}

/* ---- sealing ---- */

#define NONCE 24 /* XChaCha20-Poly1305 */
#define TAG   16

static void test_keys__seal(void **state)
{
	struct tmp *t = *state;
	struct xy_keys a, b;
	struct xy_buf box = XY_BUF_INIT, box2 = XY_BUF_INIT;
	struct xy_buf out = XY_BUF_INIT;

	assert_int_equal(xy_keys_create(t->a.ptr), 0);
	assert_int_equal(xy_keys_create(t->b.ptr), 0);
	assert_int_equal(xy_keys_load(&a, t->a.ptr), 0);
	assert_int_equal(xy_keys_load(&b, t->b.ptr), 0);

	xy_keys_seal(&a, ID, strlen(ID), &box);
	assert_int_equal(box.len, NONCE + strlen(ID) + TAG);
	assert_null(memmem(box.ptr, box.len, "11010519491231002X", 18));
	assert_int_equal(xy_keys_unseal(&a, box.ptr, box.len, &out), 0);
	assert_int_equal(out.len, strlen(ID));
	assert_string_equal(out.ptr, ID);

	/* appends */
	xy_buf_reset(&out);
	xy_buf_adds(&out, "> ");
	assert_int_equal(xy_keys_unseal(&a, box.ptr, box.len, &out), 0);
	assert_string_equal(out.ptr, "> " ID);

	/* the same value twice: different boxes (fresh nonces) */
	xy_keys_seal(&a, ID, strlen(ID), &box2);
	assert_int_equal(box2.len, box.len);
	assert_memory_not_equal(box.ptr, box2.ptr, NONCE);
	assert_memory_not_equal(box.ptr + NONCE, box2.ptr + NONCE,
				box.len - NONCE);

	/* an empty value */
	xy_buf_reset(&box2);
	xy_keys_seal(&a, "", 0, &box2);
	assert_int_equal(box2.len, NONCE + TAG);
	xy_buf_reset(&out);
	assert_int_equal(xy_keys_unseal(&a, box2.ptr, box2.len, &out), 0);
	assert_int_equal(out.len, 0);

	/* another key file */
	xy_buf_reset(&out);
	assert_int_equal(xy_keys_unseal(&b, box.ptr, box.len, &out),
			 XY_EINVALID);
	assert_string_equal(xy_error_msg(),
			    "sealed data altered or wrong key file");
	assert_int_equal(out.len, 0);

	xy_keys_dispose(&a);
	xy_keys_dispose(&b);
	xy_buf_dispose(&box);
	xy_buf_dispose(&box2);
	xy_buf_dispose(&out);
}

static void test_keys__seal_tampered(void **state)
{
	struct tmp *t = *state;
	struct xy_keys k;
	struct xy_buf box = XY_BUF_INIT, out = XY_BUF_INIT;

	assert_int_equal(xy_keys_create(t->a.ptr), 0);
	assert_int_equal(xy_keys_load(&k, t->a.ptr), 0);
	xy_keys_seal(&k, ID, strlen(ID), &box);

	/* every byte, nonce, ciphertext and tag, is covered */
	for (size_t i = 0; i < box.len; i++) {
		box.ptr[i] ^= 0x01;
		xy_buf_reset(&out);
		if (xy_keys_unseal(&k, box.ptr, box.len, &out) != XY_EINVALID)
			fail_msg("byte %zu flipped: accepted", i);
		assert_int_equal(out.len, 0);
		box.ptr[i] ^= 0x01;
	}
	xy_buf_reset(&out);
	assert_int_equal(xy_keys_unseal(&k, box.ptr, box.len, &out), 0);

	/* cut short, or too short to hold a nonce and a tag */
	assert_int_equal(xy_keys_unseal(&k, box.ptr, box.len - 1, &out),
			 XY_EINVALID);
	assert_int_equal(xy_keys_unseal(&k, box.ptr, NONCE + TAG - 1, &out),
			 XY_EINVALID);
	assert_string_equal(xy_error_msg(), "sealed data too short");
	assert_int_equal(xy_keys_unseal(&k, box.ptr, 0, &out), XY_EINVALID);
	xy_keys_dispose(&k);
	xy_buf_dispose(&box);
	xy_buf_dispose(&out);
}

/* ---- where the key file is ---- */

static void path_is(const char *url, const char *want)
{
	struct xy_buf b = XY_BUF_INIT;

	xy_keys_path(&b, url);
	assert_string_equal(b.ptr, want);
	xy_buf_dispose(&b);
}

static void test_keys__path(void **state)
{
	(void)state;
	unsetenv("XINYONG_KEY");
	path_is("data/x.db", "data/x.key");
	path_is("data/xinyong.db", "data/xinyong.key");
	path_is("sqlite:/tmp/a.sqlite", "/tmp/a.key");
	path_is("sqlite:rel/b.db", "rel/b.key");
	path_is("x", "x.key");
	path_is("data.d/x", "data.d/x.key");
	path_is("/srv/v1.2/db.sqlite3", "/srv/v1.2/db.key");
	path_is("postgres://h/db", "data/xinyong.key");
	path_is("postgresql://user@h:5432/db", "data/xinyong.key");

	/* XINYONG_KEY wins */
	assert_int_equal(setenv("XINYONG_KEY", "/etc/xinyong/k.key", 1), 0);
	path_is("data/x.db", "/etc/xinyong/k.key");
	path_is("postgres://h/db", "/etc/xinyong/k.key");
	/* set but empty: ignored */
	assert_int_equal(setenv("XINYONG_KEY", "", 1), 0);
	path_is("data/x.db", "data/x.key");
	assert_int_equal(unsetenv("XINYONG_KEY"), 0);
	path_is("sqlite:/tmp/a.sqlite", "/tmp/a.key");

	/* appended to what is in the buffer */
	{
		struct xy_buf b = XY_BUF_INIT;

		xy_buf_adds(&b, "k=");
		xy_keys_path(&b, "data/x.db");
		assert_string_equal(b.ptr, "k=data/x.key");
		xy_buf_dispose(&b);
	}
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, tmp_setup, tmp_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_keys__create_load),	 T(test_keys__create_twice),
	    T(test_keys__load_missing),	 T(test_keys__load_damaged),
	    T(test_keys__blind),	 T(test_keys__seal),
	    T(test_keys__seal_tampered), cmocka_unit_test(test_keys__path),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
