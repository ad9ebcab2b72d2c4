/*
 * repo_auth.c - the queries of repo_auth.h.
 */
#include <stdio.h>
#include <string.h>

#include "store/repo.h"
#include "store/repo_auth.h"
#include "util/banned.h"

static const char sql_account_add[] =
    "INSERT INTO accounts (name, role, dept, pwhash, created_at) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING";
static const char sql_account_get[] =
    "SELECT id, pwhash FROM accounts WHERE name = $1 AND disabled = 0";
static const char sql_account_rehash[] =
    "UPDATE accounts SET pwhash = $2 WHERE id = $1";
static const char sql_key_add[] =
    "INSERT INTO api_keys (account_id, hash, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4) RETURNING id";
static const char sql_key_revoke[] =
    "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2) "
    "WHERE id = $1";
static const char sql_key_account[] =
    "SELECT k.id, a.id, a.name, a.role, a.dept, k.expires_at "
    "FROM api_keys k "
    "JOIN accounts a ON a.id = k.account_id "
    "WHERE k.hash = $1 AND k.revoked_at IS NULL "
    "AND (k.expires_at IS NULL OR k.expires_at > $2) "
    "AND a.disabled = 0";
static const char sql_session_purge[] =
    "DELETE FROM sessions WHERE expires_at <= $1";
static const char sql_session_add[] =
    "INSERT INTO sessions (account_id, hash, csrf_hash, created_at, "
    "expires_at) VALUES ($1, $2, $3, $4, $5)";
static const char sql_session_account[] =
    "SELECT s.id, a.id, a.name, a.role, a.dept, s.csrf_hash "
    "FROM sessions s JOIN accounts a ON a.id = s.account_id "
    "WHERE s.hash = $1 AND s.expires_at > $2 AND a.disabled = 0";
static const char sql_session_end[] = "DELETE FROM sessions WHERE hash = $1";

/* xy_repo_write after the binds (err), leaving the statement reset. */
static int run_write(struct xy_stmt *st, int err)
{
	if (!err)
		err = xy_repo_write(st);
	xy_stmt_reset(st);
	return err;
}

/* Copies a text column into a buffer of cap bytes ("" for NULL). */
static void text_to(struct xy_stmt *st, int col, char *out, size_t cap)
{
	const char *s = xy_stmt_column_text(st, col, NULL);

	snprintf(out, cap, "%s", s ? s : "");
}

/*
 * The first row of st (token id, account id, name, role, dept) into out:
 * 1 when there is one, 0 when not; st is left on it.
 */
static int account_row(struct xy_stmt *st, int err, struct xy_account_row *out)
{
	memset(out, 0, sizeof(*out));
	if (!err)
		err = xy_stmt_step(st);
	if (err != 1)
		return err;
	out->token_id = xy_stmt_column_int64(st, 0);
	out->id = xy_stmt_column_int64(st, 1);
	text_to(st, 2, out->name, sizeof(out->name));
	text_to(st, 3, out->role, sizeof(out->role));
	text_to(st, 4, out->dept, sizeof(out->dept));
	return 1;
}

int xy_repo_account_add(struct xy_repo *r, const char *name, const char *role,
			const char *dept, const char *pwhash, int64_t now)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, sql_account_add, &st);

	if (!err)
		err = xy_stmt_bind_str(st, 1, name);
	if (!err)
		err = xy_stmt_bind_str(st, 2, role);
	if (!err)
		err = xy_stmt_bind_str(st, 3, dept);
	if (!err)
		err = xy_stmt_bind_str(st, 4, pwhash);
	if (!err)
		err = xy_stmt_bind_int64(st, 5, now);
	return st ? run_write(st, err) : err;
}

int xy_repo_account_pwhash(struct xy_repo *r, const char *name, int64_t *id,
			   char *pwhash, size_t cap)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, sql_account_get, &st);

	pwhash[0] = '\0';
	if (!err)
		err = xy_stmt_bind_str(st, 1, name);
	if (!err)
		err = xy_stmt_step(st);
	if (err == 1) {
		size_t n;
		const char *s = xy_stmt_column_text(st, 1, &n);

		*id = xy_stmt_column_int64(st, 0);
		if (s && n < cap)
			memcpy(pwhash, s, n + 1);
	}
	xy_stmt_reset(st);
	return err;
}

int xy_repo_account_rehash(struct xy_repo *r, int64_t id, const char *pwhash)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, sql_account_rehash, &st);

	if (!err)
		err = xy_stmt_bind_int64(st, 1, id);
	if (!err)
		err = xy_stmt_bind_str(st, 2, pwhash);
	err = st ? run_write(st, err) : err;
	return err < 0 ? err : 0;
}

int xy_repo_key_add(struct xy_repo *r, int64_t account, const void *hash,
		    size_t hash_len, int64_t now, int64_t expires, int64_t *id)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, sql_key_add, &st);

	*id = 0;
	if (!err)
		err = xy_stmt_bind_int64(st, 1, account);
	if (!err)
		err = xy_stmt_bind_blob(st, 2, hash, hash_len);
	if (!err)
		err = xy_stmt_bind_int64(st, 3, now);
	if (!err)
		err = expires ? xy_stmt_bind_int64(st, 4, expires)
			      : xy_stmt_bind_null(st, 4); /* never */
	if (!err)
		err = xy_stmt_step(st);
	if (err == 1)
		*id = xy_stmt_column_int64(st, 0);
	while (err == 1)
		err = xy_stmt_step(st);
	xy_stmt_reset(st);
	return err;
}

int xy_repo_key_revoke(struct xy_repo *r, int64_t id, int64_t now)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, sql_key_revoke, &st);

	if (!err)
		err = xy_stmt_bind_int64(st, 1, id);
	if (!err)
		err = xy_stmt_bind_int64(st, 2, now);
	return st ? run_write(st, err) : err;
}

int xy_repo_key_account(struct xy_repo *r, const void *hash, size_t hash_len,
			int64_t now, struct xy_account_row *out)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, sql_key_account, &st);

	if (!err)
		err = xy_stmt_bind_blob(st, 1, hash, hash_len);
	if (!err)
		err = xy_stmt_bind_int64(st, 2, now);
	err = account_row(st, err, out);
	if (err == 1 && !xy_stmt_column_is_null(st, 5))
		out->expires = xy_stmt_column_int64(st, 5);
	xy_stmt_reset(st);
	return err;
}

int xy_repo_session_purge(struct xy_repo *r, int64_t now)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, sql_session_purge, &st);

	if (!err)
		err = xy_stmt_bind_int64(st, 1, now);
	err = st ? run_write(st, err) : err;
	return err < 0 ? err : 0;
}

int xy_repo_session_add(struct xy_repo *r, int64_t account, const void *hash,
			const void *csrf, size_t hash_len, int64_t now,
			int64_t expires)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, sql_session_add, &st);

	if (!err)
		err = xy_stmt_bind_int64(st, 1, account);
	if (!err)
		err = xy_stmt_bind_blob(st, 2, hash, hash_len);
	if (!err)
		err = xy_stmt_bind_blob(st, 3, csrf, hash_len);
	if (!err)
		err = xy_stmt_bind_int64(st, 4, now);
	if (!err)
		err = xy_stmt_bind_int64(st, 5, expires);
	err = st ? run_write(st, err) : err;
	return err < 0 ? err : 0;
}

int xy_repo_session_account(struct xy_repo *r, const void *hash,
			    size_t hash_len, int64_t now,
			    struct xy_account_row *out)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, sql_session_account, &st);

	if (!err)
		err = xy_stmt_bind_blob(st, 1, hash, hash_len);
	if (!err)
		err = xy_stmt_bind_int64(st, 2, now);
	err = account_row(st, err, out);
	if (err == 1) {
		size_t n;
		const void *c = xy_stmt_column_blob(st, 5, &n);

		if (c && n <= sizeof(out->csrf)) {
			memcpy(out->csrf, c, n);
			out->csrf_len = n;
		}
	}
	xy_stmt_reset(st);
	return err;
}

int xy_repo_session_end(struct xy_repo *r, const void *hash, size_t hash_len)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, sql_session_end, &st);

	if (!err)
		err = xy_stmt_bind_blob(st, 1, hash, hash_len);
	err = st ? run_write(st, err) : err;
	return err < 0 ? err : 0;
}
