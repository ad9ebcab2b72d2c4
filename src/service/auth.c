/*
 * auth.c - accounts, API keys, browser sessions and roles (feature H2).
 *
 * Every credential made here leaves once, to the caller: an API key, a
 * session cookie or a CSRF token is "xy_" and 43 characters of base64url
 * (32 random bytes). The database keeps only its keyed BLAKE2b hash (the
 * platform's hash key, personalised per kind of credential), so a copy
 * of the database gives no working credential. Passwords are argon2id
 * strings. See docs/internals/auth.md.
 *
 * The SQL is written once for both engines; a later refactor may move it
 * to store/. Statements are prepared per call for now.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "core/ids.h"
#include "service/auth.h"
#include "store/repo_auth.h"
#include "util/error.h"
#include "util/rcache.h"
#include "util/utf8.h"
#include "util/banned.h"

#define TOKEN_PREFIX	 "xy_"
#define TOKEN_PREFIX_LEN 3
#define TOKEN_RAW	 32 /* random bytes in a token */
#define TOKEN_B64	 43 /* their base64url characters, unpadded */
#define TOKEN_LEN	 (TOKEN_PREFIX_LEN + TOKEN_B64)
#define TOKEN_HASH	 32 /* bytes of the stored hash */

#define SESSION_SECONDS (12 * 3600)
#define PASSWORD_MIN	8    /* characters */
#define PASSWORD_MAX	1024 /* bytes */
#define NAME_MAX_BYTES	63   /* fits struct xy_principal.name */
#define EXPIRY_DAYS_MAX 3650

/* What a token is for: each kind hashes with its own personalisation. */
enum token_kind {
	KIND_API_KEY,
	KIND_SESSION,
	KIND_CSRF,
};

#define PERSONAL_BYTES crypto_generichash_blake2b_PERSONALBYTES

static const unsigned char personal[][PERSONAL_BYTES] = {
    [KIND_API_KEY] = "xinyong api key",
    [KIND_SESSION] = "xinyong session",
    [KIND_CSRF] = "xinyong csrf",
};

/*
 * An argon2id string with the interactive limits, of a password nobody
 * knows: a login for an unknown account verifies against it, so that it
 * takes as long as one with a wrong password.
 */
static const char dummy_pwhash[crypto_pwhash_STRBYTES] =
    "$argon2id$v=19$m=65536,t=2,p=1$4QELo5RK7U0Vr7sDHPHpNA$"
    "K7dW3AhclIn/b1AmrgNvN8JO8WQjbdFN8A3Q323Ud3w";

static const char bad_login[] = "wrong account name or password";
static const char bad_key[] = "unknown, revoked or expired API key";
static const char bad_session[] = "unknown or expired session";

static const char *const role_names[] = {
    [XY_ROLE_PUBLIC] = "public",     [XY_ROLE_ADMIN] = "admin",
    [XY_ROLE_REPORTER] = "reporter", [XY_ROLE_CHECKER] = "checker",
    [XY_ROLE_AUDITOR] = "auditor",   [XY_ROLE_BANK] = "bank",
};

#define NROLES (sizeof(role_names) / sizeof(role_names[0]))

const char *xy_role_name(enum xy_role r)
{
	if ((size_t)r >= NROLES)
		return "unknown";
	return role_names[r];
}

int xy_role_parse(const char *s)
{
	for (size_t i = 0; s && i < NROLES; i++)
		if (!strcmp(s, role_names[i]))
			return (int)i;
	return -1;
}

/* Roles that act for one department and so need one. */
static int needs_dept(enum xy_role r)
{
	return r == XY_ROLE_REPORTER || r == XY_ROLE_CHECKER ||
	       r == XY_ROLE_BANK;
}

void xy_auth_local(struct xy_principal *out)
{
	struct passwd pw, *found = NULL;
	char buf[1024];
	const char *login = "unknown";

	memset(out, 0, sizeof(*out));
	out->role = XY_ROLE_ADMIN;
	if (getpwuid_r(geteuid(), &pw, buf, sizeof(buf), &found) == 0 &&
	    found && found->pw_name)
		login = found->pw_name;
	snprintf(out->name, sizeof(out->name), "cli:%s", login);
}

/* Keyed hash of a token text, for storage and lookup. */
static void token_hash(const struct xy_platform *p, enum token_kind kind,
		       const char *token, size_t len,
		       unsigned char out[TOKEN_HASH])
{
	crypto_generichash_blake2b_salt_personal(
	    out, TOKEN_HASH, (const unsigned char *)token, len, p->keys.hash,
	    XY_KEY_BYTES, NULL, personal[kind]);
}

/* A new random token, NUL-terminated in out, and its hash. */
static void token_new(const struct xy_platform *p, enum token_kind kind,
		      char out[TOKEN_LEN + 1], unsigned char hash[TOKEN_HASH])
{
	unsigned char raw[TOKEN_RAW];

	randombytes_buf(raw, sizeof(raw));
	memcpy(out, TOKEN_PREFIX, TOKEN_PREFIX_LEN);
	sodium_bin2base64(out + TOKEN_PREFIX_LEN, TOKEN_B64 + 1, raw,
			  sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	token_hash(p, kind, out, TOKEN_LEN, hash);
}

/* 1 when s has the form of a token; anything else is refused unread. */
static int token_well_formed(const char *s)
{
	if (!s || strncmp(s, TOKEN_PREFIX, TOKEN_PREFIX_LEN))
		return 0;
	for (size_t i = TOKEN_PREFIX_LEN; i < TOKEN_LEN; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return s[TOKEN_LEN] == '\0';
}

/* Names are shown in lists and the audit trail: one printable word. */
static int check_name(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (!n)
		return xy_error_set(XY_EINVALID, "empty account name");
	if (n > NAME_MAX_BYTES)
		return xy_error_set(XY_EINVALID,
				    "account name longer than %d bytes",
				    NAME_MAX_BYTES);
	if (!xy_utf8_valid(name, n))
		return xy_error_set(XY_EINVALID, "account name is not UTF-8");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] <= ' ' || name[i] == 0x7f)
			return xy_error_set(XY_EINVALID,
					    "account name with a space or "
					    "control character");
	return 0;
}

static int check_password(const char *pw)
{
	size_t n = pw ? strlen(pw) : 0;

	if (n > PASSWORD_MAX)
		return xy_error_set(
		    XY_EINVALID, "password longer than %d bytes", PASSWORD_MAX);
	if (!xy_utf8_valid(pw, n))
		return xy_error_set(XY_EINVALID, "password is not UTF-8");
	if (xy_utf8_length(pw, n) < PASSWORD_MIN)
		return xy_error_set(XY_EINVALID,
				    "password shorter than %d characters",
				    PASSWORD_MIN);
	return 0;
}

/*
 * The department scope in canonical form (upper case) into out: required
 * for the roles that act for a department, a valid USCC when given.
 */
static int check_dept(const struct xy_platform *p, enum xy_role role,
		      const char *dept, char out[XY_USCC_LEN + 1])
{
	size_t n = dept ? strlen(dept) : 0;
	unsigned flags = p->cat.uscc_extra ? XY_USCC_EXTRA_AUTHORITIES : 0;

	out[0] = '\0';
	if (!n && needs_dept(role))
		return xy_error_set(XY_EINVALID,
				    "the role '%s' needs a department (USCC)",
				    xy_role_name(role));
	if (!n)
		return 0;
	if (n != XY_USCC_LEN)
		return xy_error_set(XY_EINVALID,
				    "department '%s' is not a USCC", dept);
	memcpy(out, dept, n + 1);
	xy_ascii_upper(out, n);
	if (xy_uscc_check(out, n, flags, NULL) != XY_V_OK)
		return xy_error_set(
		    XY_EINVALID, "department '%s' is not a valid USCC", dept);
	return 0;
}

int xy_auth_user_add(struct xy_platform *p, const char *name, enum xy_role role,
		     const char *dept, const char *password)
{
	char pwhash[crypto_pwhash_STRBYTES];
	char scope[XY_USCC_LEN + 1];
	int err;

	err = check_name(name);
	if (err < 0)
		goto done;
	if ((size_t)role >= NROLES || role == XY_ROLE_PUBLIC) {
		err = xy_error_set(XY_EINVALID, "an account needs a role "
						"(admin, reporter, checker, "
						"auditor or bank)");
		goto done;
	}
	err = check_dept(p, role, dept, scope);
	if (err < 0)
		goto done;
	err = check_password(password);
	if (err < 0)
		goto done;
	if (crypto_pwhash_str(pwhash, password, strlen(password),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		err = xy_error_set(XY_ERROR, "out of memory hashing the "
					     "password");
		goto done;
	}
	err = xy_repo_account_add(&p->repo, name, xy_role_name(role), scope,
				  pwhash, (int64_t)time(NULL));
	if (err == 0)
		err = xy_error_set(XY_ECONFLICT, "account '%s' exists already",
				   name);
	if (err == 1)
		err = 0;
done:
	sodium_memzero(pwhash, sizeof(pwhash));
	return err;
}

/*
 * The principal of an account a key or a session found. XY_EAUTH for a
 * role this program does not know.
 */
static int principal_from(const struct xy_account_row *a,
			  struct xy_principal *out)
{
	int r = xy_role_parse(a->role);

	if (r <= XY_ROLE_PUBLIC)
		return xy_error_set(XY_EAUTH, "account with an unknown role");
	memset(out, 0, sizeof(*out));
	out->user_id = a->id;
	out->role = (enum xy_role)r;
	snprintf(out->name, sizeof(out->name), "%s", a->name);
	snprintf(out->dept, sizeof(out->dept), "%s", a->dept);
	out->token_id = a->token_id;
	return 0;
}

/* The public: what a request without credentials is. */
static void principal_public(struct xy_principal *out)
{
	if (out)
		memset(out, 0, sizeof(*out));
}

/* Id of the account called name, 1 when found and enabled. */
static int account_find(struct xy_platform *p, const char *name, int64_t *id)
{
	char pwhash[crypto_pwhash_STRBYTES];
	int err =
	    xy_repo_account_pwhash(&p->repo, name, id, pwhash, sizeof(pwhash));

	sodium_memzero(pwhash, sizeof(pwhash));
	return err;
}

int xy_auth_token_create(struct xy_platform *p, const char *user, int days,
			 char **token, int64_t *id)
{
	char text[TOKEN_LEN + 1];
	unsigned char hash[TOKEN_HASH];
	int64_t account = 0, now = (int64_t)time(NULL);
	int err;

	*token = NULL;
	*id = 0;
	if (days < 0 || days > EXPIRY_DAYS_MAX) {
		err = xy_error_set(XY_EINVALID,
				   "expiry of %d days (0 to %d, 0 for none)",
				   days, EXPIRY_DAYS_MAX);
		goto done;
	}
	err = account_find(p, user ? user : "", &account);
	if (err == 0)
		err = xy_error_set(XY_ENOTFOUND, "no account named '%s'",
				   user ? user : "");
	if (err < 0)
		goto done;
	if (sodium_init() < 0) {
		err = xy_error_set(XY_ERROR, "libsodium failed to start");
		goto done;
	}
	token_new(p, KIND_API_KEY, text, hash);
	err = xy_repo_key_add(&p->repo, account, hash, sizeof(hash), now,
			      days ? now + days * 86400LL : 0, id);
	if (err < 0)
		goto done;
	*token = xy_xstrdup(text);
	err = 0;
done:
	sodium_memzero(text, sizeof(text));
	return err;
}

int xy_auth_token_revoke(struct xy_platform *p, int64_t id)
{
	int err = xy_repo_key_revoke(&p->repo, id, (int64_t)time(NULL));

	if (err == 0)
		err = xy_error_set(XY_ENOTFOUND, "no API key with id %lld",
				   (long long)id);
	return err < 0 ? err : 0;
}

/* A key check as p->principals keeps it. */
struct kept_key {
	struct xy_principal who; /* what the check found */
	int64_t expires;	 /* the key's expiry, unix seconds; 0: none */
};

/*
 * The kept check of the key whose hash is given, at generation gen: 1
 * and *out when there is one and the key has not expired by now.
 */
static int key_kept(struct xy_platform *p, const unsigned char *hash,
		    uint64_t gen, int64_t now, struct xy_principal *out)
{
	struct xy_buf b = XY_BUF_INIT;
	struct kept_key k;
	uint64_t tag;
	int found;

	found = xy_rcache_get(p->principals, hash, TOKEN_HASH, gen, &b, &tag);
	if (found == 1 && b.len == sizeof(k)) {
		memcpy(&k, b.ptr, sizeof(k));
		found = !k.expires || k.expires > now;
		if (found)
			*out = k.who;
	} else {
		found = 0;
	}
	xy_buf_dispose(&b);
	return found;
}

int xy_auth_token_check(struct xy_platform *p, const char *token,
			struct xy_principal *out)
{
	unsigned char hash[TOKEN_HASH];
	struct xy_generations gen = {0, 0};
	struct xy_account_row a;
	struct kept_key k;
	int64_t now = (int64_t)time(NULL);
	int err;

	principal_public(out);
	if (!token_well_formed(token))
		return xy_error_set(XY_EAUTH, "%s", bad_key);
	token_hash(p, KIND_API_KEY, token, TOKEN_LEN, hash);
	if (p->principals) {
		/* read first: what follows is of that generation or newer */
		err = xy_platform_generations(p, &gen);
		if (err < 0)
			return err;
		if (key_kept(p, hash, (uint64_t)gen.auth, now, out))
			return 0;
	}
	err = xy_repo_key_account(&p->repo, hash, sizeof(hash), now, &a);
	if (err == 0)
		err = xy_error_set(XY_EAUTH, "%s", bad_key);
	if (err == 1)
		err = principal_from(&a, out);
	if (err < 0) {
		principal_public(out);
		return err;
	}
	if (p->principals) {
		memset(&k, 0, sizeof(k)); /* no padding of the stack */
		k.who = *out;
		k.expires = a.expires;
		xy_rcache_put(p->principals, hash, sizeof(hash),
			      (uint64_t)gen.auth, &k, sizeof(k), 0);
	}
	return err;
}

/*
 * Checks a password against the account called name: 1 and *id when it
 * matches, 0 when the name or the password is wrong. Both cost one
 * argon2id verification, so that time does not tell which.
 */
static int password_check(struct xy_platform *p, const char *name,
			  const char *password, int64_t *id)
{
	char stored[crypto_pwhash_STRBYTES] = "";
	size_t plen = password ? strlen(password) : 0;
	int found, ok = 0;
	int err;

	/* the statement is over before the slow part */
	err = xy_repo_account_pwhash(&p->repo, name ? name : "", id, stored,
				     sizeof(stored));
	if (err < 0)
		goto done;
	found = err == 1 && stored[0];
	if (plen <= PASSWORD_MAX)
		ok = crypto_pwhash_str_verify(found ? stored : dummy_pwhash,
					      password ? password : "",
					      plen) == 0;
	err = found && ok;
	/* stronger limits since the account was made: upgrade the hash */
	if (err == 1 &&
	    crypto_pwhash_str_needs_rehash(
		stored, crypto_pwhash_OPSLIMIT_INTERACTIVE,
		crypto_pwhash_MEMLIMIT_INTERACTIVE) == 1 &&
	    crypto_pwhash_str(stored, password, plen,
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0) {
		/* on failure the old hash still works */
		xy_repo_account_rehash(&p->repo, *id, stored);
		xy_error_clear();
	}
done:
	sodium_memzero(stored, sizeof(stored));
	return err;
}

int xy_auth_login(struct xy_platform *p, const char *name, const char *password,
		  char **session, char **csrf)
{
	char stext[TOKEN_LEN + 1], ctext[TOKEN_LEN + 1];
	unsigned char shash[TOKEN_HASH], chash[TOKEN_HASH];
	int64_t account = 0, now = (int64_t)time(NULL);
	int err;

	*session = NULL;
	*csrf = NULL;
	err = password_check(p, name, password, &account);
	if (err == 0)
		err = xy_error_set(XY_EAUTH, "%s", bad_login);
	if (err < 0)
		goto done;
	if (sodium_init() < 0) {
		err = xy_error_set(XY_ERROR, "libsodium failed to start");
		goto done;
	}
	/* sessions that ended are of no use to anyone */
	err = xy_repo_session_purge(&p->repo, now);
	if (err < 0)
		goto done;
	token_new(p, KIND_SESSION, stext, shash);
	token_new(p, KIND_CSRF, ctext, chash);
	err = xy_repo_session_add(&p->repo, account, shash, chash,
				  sizeof(shash), now, now + SESSION_SECONDS);
	if (err < 0)
		goto done;
	*session = xy_xstrdup(stext);
	*csrf = xy_xstrdup(ctext);
	err = 0;
done:
	sodium_memzero(stext, sizeof(stext));
	sodium_memzero(ctext, sizeof(ctext));
	return err;
}

int xy_auth_session_check(struct xy_platform *p, const char *session,
			  const char *csrf, struct xy_principal *out)
{
	unsigned char hash[TOKEN_HASH], given[TOKEN_HASH];
	struct xy_account_row a;
	int err;

	principal_public(out);
	if (!token_well_formed(session))
		return xy_error_set(XY_EAUTH, "%s", bad_session);
	if (csrf && !token_well_formed(csrf))
		return xy_error_set(XY_EAUTH, "CSRF token does not match");
	token_hash(p, KIND_SESSION, session, TOKEN_LEN, hash);
	err = xy_repo_session_account(&p->repo, hash, sizeof(hash),
				      (int64_t)time(NULL), &a);
	if (err == 0)
		err = xy_error_set(XY_EAUTH, "%s", bad_session);
	if (err == 1 && csrf) {
		token_hash(p, KIND_CSRF, csrf, TOKEN_LEN, given);
		if (a.csrf_len != TOKEN_HASH ||
		    sodium_memcmp(a.csrf, given, TOKEN_HASH) != 0)
			err =
			    xy_error_set(XY_EAUTH, "CSRF token does not match");
	}
	if (err == 1)
		err = principal_from(&a, out);
	if (err < 0)
		principal_public(out);
	return err;
}

int xy_auth_logout(struct xy_platform *p, const char *session)
{
	unsigned char hash[TOKEN_HASH];

	/* nothing to end: logging out twice is not an error */
	if (!token_well_formed(session))
		return 0;
	token_hash(p, KIND_SESSION, session, TOKEN_LEN, hash);
	return xy_repo_session_end(&p->repo, hash, sizeof(hash));
}
