/*
 * keys.h - the platform's secrets and what is done with them (B1, H2).
 *
 * A key file, created once by `xinyong init` beside the database and
 * never stored in it, holds four random 32-byte keys:
 *
 *   blind  keyed BLAKE2b for the blind index of ID numbers (lookup
 *          without storing the number)
 *   seal   XChaCha20-Poly1305 for the encrypted copy of personal data
 *   hash   keyed BLAKE2b for content hashes (a plain hash of a record
 *          holding an ID number could be brute-forced)
 *   sign   Ed25519 seed for the ledger and reports
 *
 * The file is text, one "name hex" line per key, mode 0600.
 */
#ifndef XY_KEYS_H
#define XY_KEYS_H

#include <stddef.h>

#include "util/buf.h"

#define XY_KEY_BYTES 32
#define XY_BLIND_BYTES 16
#define XY_HASH_BYTES 16

struct xy_keys {
	unsigned char blind[XY_KEY_BYTES]; /* blind index key */
	unsigned char seal[XY_KEY_BYTES];  /* encryption key */
	unsigned char hash[XY_KEY_BYTES];  /* content hash key */
	unsigned char sign[XY_KEY_BYTES];  /* Ed25519 seed */
};

/*
 * The key file for a database URL: $XINYONG_KEY when set; for SQLite the
 * database path with its extension replaced by .key; for a server URL
 * ./data/xinyong.key. Appends the path to out.
 */
void xy_keys_path(struct xy_buf *out, const char *db_url);

/* Creates a new key file; XY_ECONFLICT when it exists already. */
int xy_keys_create(const char *path);

/* Loads a key file; XY_ENOTFOUND with a hint to run init when missing. */
int xy_keys_load(struct xy_keys *k, const char *path);

/* Blind index of data (an ID type and number). */
void xy_keys_blind(const struct xy_keys *k, const void *data, size_t len,
		   unsigned char out[XY_BLIND_BYTES]);

/* Keyed content hash. */
void xy_keys_hash(const struct xy_keys *k, const void *data, size_t len,
		  unsigned char out[XY_HASH_BYTES]);

/* Keyed content hash of a ‖ b. */
void xy_keys_hash2(const struct xy_keys *k, const void *a, size_t alen,
		   const void *b, size_t blen, unsigned char out[XY_HASH_BYTES]);

/* Appends nonce ‖ ciphertext of plain to out. */
void xy_keys_seal(const struct xy_keys *k, const void *plain, size_t len,
		  struct xy_buf *out);

/*
 * Appends the plaintext of a sealed box to out. XY_EINVALID when it was
 * altered or sealed with another key.
 */
int xy_keys_unseal(const struct xy_keys *k, const void *box, size_t len,
		   struct xy_buf *out);

/* Wipes the keys from memory. */
void xy_keys_dispose(struct xy_keys *k);

#endif
