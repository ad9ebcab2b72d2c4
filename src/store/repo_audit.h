/*
 * repo_audit.h - the queries of the audit trail (service/audit.h keeps
 * the chain: ids, hashes, what an entry says), written once for every
 * engine.
 */
#ifndef XY_REPO_AUDIT_H
#define XY_REPO_AUDIT_H

#include <stddef.h>
#include <stdint.h>

struct xy_repo; /* store/repo.h */

#define XY_AUDIT_HASH 32 /* bytes of prev and hash (SHA-256) */

/* A text column: s NULL for SQL NULL; not necessarily NUL-terminated. */
struct xy_audit_text {
	const char *s;
	size_t n;
};

/* An entry, in the order of its columns (and of its canonical form). */
struct xy_audit_row {
	int64_t id;		      /* 1, 2, ... */
	int64_t at;		      /* unix seconds */
	int64_t account_id;	      /* 0 for the public or the CLI */
	struct xy_audit_text name;    /* account name */
	struct xy_audit_text role;    /* role name */
	struct xy_audit_text dept;    /* department USCC, "" for none */
	struct xy_audit_text action;  /* read, write, ... */
	struct xy_audit_text route;   /* HTTP route or CLI command */
	int64_t subject_id;	      /* 0 for none */
	struct xy_audit_text purpose; /* or NULL */
	struct xy_audit_text detail;  /* or NULL */
	const unsigned char *prev;    /* as stored: NULL or prev_len bytes */
	size_t prev_len;
	const unsigned char *hash; /* as stored: NULL or hash_len bytes */
	size_t hash_len;
};

/* Rows are borrowed for the call; a negative return stops the walk. */
typedef int (*xy_audit_row_fn)(void *ctx, const struct xy_audit_row *row);

/*
 * Holds the chain until the transaction ends, where the engine has more
 * than one writer (PostgreSQL: an advisory lock; SQLite's writer holds
 * the file already).
 */
int xy_repo_audit_lock(struct xy_repo *r);

/* The last entry (fn gets it): 1, or 0 when the trail is empty. */
int xy_repo_audit_last(struct xy_repo *r, xy_audit_row_fn fn, void *ctx);

/* Stores an entry with its prev and hash (XY_AUDIT_HASH bytes each). */
int xy_repo_audit_insert(struct xy_repo *r, const struct xy_audit_row *row);

/* The entries after id `after`, in id order, at most limit: their count. */
int xy_repo_audit_page(struct xy_repo *r, int64_t after, int64_t limit,
		       xy_audit_row_fn fn, void *ctx);

/* The entries about a subject, newest first: their count. */
int xy_repo_audit_subject(struct xy_repo *r, int64_t subject,
			  xy_audit_row_fn fn, void *ctx);

#endif
