/*
 * keys.c - the key file and the libsodium calls that use it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "service/keys.h"
#include "util/error.h"
#include "util/banned.h"

static const char *const names[] = {"blind", "seal", "hash", "sign"};

static unsigned char *slot(struct xy_keys *k, size_t i)
{
	unsigned char *slots[] = {k->blind, k->seal, k->hash, k->sign};

	return slots[i];
}

void xy_keys_path(struct xy_buf *out, const char *db_url)
{
	const char *env = getenv("XINYONG_KEY");
	const char *path = db_url;
	const char *dot, *slash;

	if (env && *env) {
		xy_buf_adds(out, env);
		return;
	}
	if (!strncmp(db_url, "postgres://", 11) ||
	    !strncmp(db_url, "postgresql://", 13)) {
		xy_buf_adds(out, "data/xinyong.key");
		return;
	}
	if (!strncmp(path, "sqlite:", 7))
		path += 7;
	dot = strrchr(path, '.');
	slash = strrchr(path, '/');
	if (dot && (!slash || dot > slash))
		xy_buf_add(out, path, (size_t)(dot - path));
	else
		xy_buf_adds(out, path);
	xy_buf_adds(out, ".key");
}

int xy_keys_create(const char *path)
{
	struct xy_keys k;
	char hex[2 * XY_KEY_BYTES + 1];
	FILE *f = NULL;
	int fd, err = 0;

	if (sodium_init() < 0)
		return xy_error_set(XY_ERROR, "libsodium failed to start");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0 && errno == EEXIST)
		return xy_error_set(XY_ECONFLICT, "key file '%s' exists already",
				    path);
	if (fd < 0)
		return xy_error_set(XY_EIO, "cannot create '%s': %s", path,
				    strerror(errno));
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return xy_error_set(XY_EIO, "cannot write '%s'", path);
	}
	fprintf(f, "# xinyong keys: keep secret, keep a backup; without this "
		   "file personal data cannot be read\n");
	for (size_t i = 0; i < 4; i++) {
		randombytes_buf(slot(&k, i), XY_KEY_BYTES);
		sodium_bin2hex(hex, sizeof(hex), slot(&k, i), XY_KEY_BYTES);
		fprintf(f, "%s %s\n", names[i], hex);
	}
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		err = xy_error_set(XY_EIO, "cannot write '%s': %s", path,
				   strerror(errno));
	fclose(f);
	sodium_memzero(&k, sizeof(k));
	sodium_memzero(hex, sizeof(hex));
	return err;
}

int xy_keys_load(struct xy_keys *k, const char *path)
{
	char line[256];
	unsigned seen = 0;
	FILE *f;
	int err = 0;

	if (sodium_init() < 0)
		return xy_error_set(XY_ERROR, "libsodium failed to start");
	f = fopen(path, "r");
	if (!f && errno == ENOENT)
		return xy_error_set(XY_ENOTFOUND,
				    "key file '%s' not found (run 'xinyong "
				    "init' first)",
				    path);
	if (!f)
		return xy_error_set(XY_EIO, "cannot read '%s': %s", path,
				    strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		for (size_t i = 0; i < 4; i++) {
			size_t n = strlen(names[i]);
			size_t bin_len = 0;

			if (strncmp(line, names[i], n) || line[n] != ' ')
				continue;
			if (sodium_hex2bin(slot(k, i), XY_KEY_BYTES,
					   line + n + 1, 2 * XY_KEY_BYTES, NULL,
					   &bin_len, NULL) == 0 &&
			    bin_len == XY_KEY_BYTES)
				seen |= 1u << i;
		}
	}
	fclose(f);
	sodium_memzero(line, sizeof(line));
	if (seen != 0xf)
		err = xy_error_set(XY_EINVALID, "key file '%s' is damaged",
				   path);
	return err;
}

void xy_keys_blind(const struct xy_keys *k, const void *data, size_t len,
		   unsigned char out[XY_BLIND_BYTES])
{
	crypto_generichash(out, XY_BLIND_BYTES, data, len, k->blind,
			   XY_KEY_BYTES);
}

void xy_keys_hash2(const struct xy_keys *k, const void *a, size_t alen,
		   const void *b, size_t blen, unsigned char out[XY_HASH_BYTES])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, k->hash, XY_KEY_BYTES, XY_HASH_BYTES);
	crypto_generichash_update(&st, a, alen);
	crypto_generichash_update(&st, b, blen);
	crypto_generichash_final(&st, out, XY_HASH_BYTES);
}

void xy_keys_hash(const struct xy_keys *k, const void *data, size_t len,
		  unsigned char out[XY_HASH_BYTES])
{
	crypto_generichash(out, XY_HASH_BYTES, data, len, k->hash,
			   XY_KEY_BYTES);
}

/*
 * Nonces: a random prefix drawn once per thread and a counter, so that
 * sealing a million values does not ask the kernel for randomness a
 * million times. The prefix is 128 random bits, so nonces never repeat.
 */
static _Thread_local unsigned char nonce[24];
static _Thread_local int nonce_ready;

static void next_nonce(unsigned char *out)
{
	if (!nonce_ready) {
		randombytes_buf(nonce, sizeof(nonce));
		nonce_ready = 1;
	}
	for (size_t i = 16; i < sizeof(nonce); i++)
		if (++nonce[i])
			break;
	memcpy(out, nonce, sizeof(nonce));
}

void xy_keys_seal(const struct xy_keys *k, const void *plain, size_t len,
		  struct xy_buf *out)
{
	size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	size_t total = nb + len + crypto_aead_xchacha20poly1305_ietf_ABYTES;
	unsigned char *p;
	unsigned long long clen;

	xy_buf_grow(out, total);
	p = (unsigned char *)out->ptr + out->len;
	next_nonce(p);
	crypto_aead_xchacha20poly1305_ietf_encrypt(p + nb, &clen, plain, len,
						   NULL, 0, NULL, p, k->seal);
	out->len += nb + (size_t)clen;
	out->ptr[out->len] = '\0';
}

int xy_keys_unseal(const struct xy_keys *k, const void *box, size_t len,
		   struct xy_buf *out)
{
	size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	size_t ab = crypto_aead_xchacha20poly1305_ietf_ABYTES;
	const unsigned char *b = box;
	unsigned long long plen;

	if (len < nb + ab)
		return xy_error_set(XY_EINVALID, "sealed data too short");
	xy_buf_grow(out, len - nb - ab);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		    (unsigned char *)out->ptr + out->len, &plen, NULL, b + nb,
		    len - nb, NULL, 0, b, k->seal) != 0)
		return xy_error_set(XY_EINVALID,
				    "sealed data altered or wrong key file");
	out->len += (size_t)plen;
	out->ptr[out->len] = '\0';
	return 0;
}

void xy_keys_dispose(struct xy_keys *k)
{
	sodium_memzero(k, sizeof(*k));
}
