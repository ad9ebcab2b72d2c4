/*
 * repo_auth.h - the queries of accounts, API keys and browser sessions
 * (service/auth.h decides what they mean), written once for every engine.
 *
 * Keys and sessions are found by the keyed hash of their token, never by
 * the token; a password only as its argon2id string. Times are unix
 * seconds. Statements are kept by the repository (xy_repo_prepare): a
 * key is checked on every request.
 */
#ifndef XY_REPO_AUTH_H
#define XY_REPO_AUTH_H

#include <stddef.h>
#include <stdint.h>

struct xy_repo; /* store/repo.h */

/* An enabled account, as a key or a session finds it. */
struct xy_account_row {
	int64_t id;		/* accounts.id */
	int64_t token_id;	/* the api_keys or sessions row that found it */
	char name[64];		/* account name */
	char role[16];		/* as stored; the service parses it */
	char dept[19];		/* department USCC scope, "" for none */
	unsigned char csrf[32]; /* a session's CSRF token hash */
	size_t csrf_len;	/* bytes in csrf, 0 for a key */
	int64_t expires;	/* a key's expiry, unix seconds; 0: none */
};

/* Adds an account: 1 when added, 0 when the name is taken. */
int xy_repo_account_add(struct xy_repo *r, const char *name, const char *role,
			const char *dept, const char *pwhash, int64_t now);

/*
 * The id and password hash of the enabled account called name: 1 when
 * found (pwhash "" when it does not fit in cap bytes), 0 when not.
 */
int xy_repo_account_pwhash(struct xy_repo *r, const char *name, int64_t *id,
			   char *pwhash, size_t cap);

/* Replaces an account's password hash. */
int xy_repo_account_rehash(struct xy_repo *r, int64_t id, const char *pwhash);

/* Adds an API key (expires 0: never); *id is its id. */
int xy_repo_key_add(struct xy_repo *r, int64_t account, const void *hash,
		    size_t hash_len, int64_t now, int64_t expires, int64_t *id);

/*
 * Revokes a key (revoked once, at the first time): 1, or 0 when there is
 * no such key. (The update raises the auth generation: migration 006.)
 */
int xy_repo_key_revoke(struct xy_repo *r, int64_t id, int64_t now);

/* The account of a live key (not revoked, not expired): 1, or 0. */
int xy_repo_key_account(struct xy_repo *r, const void *hash, size_t hash_len,
			int64_t now, struct xy_account_row *out);

/* Removes the sessions expired by now. */
int xy_repo_session_purge(struct xy_repo *r, int64_t now);

/* Adds a session with its CSRF token's hash. */
int xy_repo_session_add(struct xy_repo *r, int64_t account, const void *hash,
			const void *csrf, size_t hash_len, int64_t now,
			int64_t expires);

/* The account of a live session, with its CSRF hash: 1, or 0. */
int xy_repo_session_account(struct xy_repo *r, const void *hash,
			    size_t hash_len, int64_t now,
			    struct xy_account_row *out);

/* Ends a session (none is not an error). */
int xy_repo_session_end(struct xy_repo *r, const void *hash, size_t hash_len);

#endif
