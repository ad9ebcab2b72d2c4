/*
 * auth.h - accounts, API keys, browser sessions and roles (feature H2).
 *
 * A principal is who is asking: an account with a role and a department
 * scope, or the public (no credentials). Passwords are argon2id hashes
 * (libsodium crypto_pwhash_str); API keys and session tokens are random,
 * shown once and stored only as a keyed hash. Every HTTP handler and
 * every CLI command that acts for someone authenticates through here.
 */
#ifndef XY_AUTH_H
#define XY_AUTH_H

#include <stdint.h>

#include "service/platform.h"

enum xy_role {
	XY_ROLE_PUBLIC = 0,   /* no credentials */
	XY_ROLE_ADMIN,	      /* platform administrator */
	XY_ROLE_REPORTER,     /* a department that reports records */
	XY_ROLE_CHECKER,      /* a department that checks archives */
	XY_ROLE_AUDITOR,      /* reads the audit trail */
	XY_ROLE_BANK,	      /* a partner bank (信易贷) */
};

/* "admin", "reporter", ...; "public" for XY_ROLE_PUBLIC. */
const char *xy_role_name(enum xy_role r);

/* The role named s, or -1. */
int xy_role_parse(const char *s);

struct xy_principal {
	int64_t user_id;	/* accounts.id, 0 for the public */
	enum xy_role role;	/* what it may do */
	char name[64];		/* account name, "" for the public */
	char dept[19];		/* department USCC scope, "" for none */
	int64_t token_id;	/* the API key or session used, 0 if none */
};

/* Creates an account; XY_ECONFLICT when the name is taken. */
int xy_auth_user_add(struct xy_platform *p, const char *name,
		     enum xy_role role, const char *dept,
		     const char *password);

/*
 * Creates an API key for an account, valid for days (0: no expiry).
 * *token gets the key text, shown once (caller frees); *id its id.
 */
int xy_auth_token_create(struct xy_platform *p, const char *user, int days,
			 char **token, int64_t *id);

/* Revokes an API key by id; XY_ENOTFOUND when there is none. */
int xy_auth_token_revoke(struct xy_platform *p, int64_t id);

/*
 * The principal of an API key (from "Authorization: Bearer <key>").
 * XY_EAUTH when unknown, revoked or expired.
 */
int xy_auth_token_check(struct xy_platform *p, const char *token,
			struct xy_principal *out);

/*
 * Browser login: checks name and password, opens a session. *session
 * and *csrf get the cookie value and the CSRF token (caller frees).
 * XY_EAUTH for a wrong name or password (the same message for both).
 */
int xy_auth_login(struct xy_platform *p, const char *name,
		  const char *password, char **session, char **csrf);

/*
 * The principal of a session cookie; when csrf is not NULL (unsafe
 * methods) it must match the session's CSRF token. XY_EAUTH otherwise.
 */
int xy_auth_session_check(struct xy_platform *p, const char *session,
			  const char *csrf, struct xy_principal *out);

/* Ends a session. */
int xy_auth_logout(struct xy_platform *p, const char *session);

/*
 * The principal of a command run on the platform's own host: whoever
 * holds the database and the key file can do anything, so the role is
 * admin, named "cli:" and the operating-system login (for the audit
 * trail of CLI commands).
 */
void xy_auth_local(struct xy_principal *out);

#endif
