/*
 * test_auth.c - accounts, API keys, sessions and roles (service/auth.h).
 *
 * Each case runs on a platform made by xy_platform_init() on a fresh
 * SQLite file (key file beside it) and, when XY_TEST_PG names a server,
 * again on a fresh PostgreSQL database xy_auth_<pid>_<n> (key file in
 * the same temporary directory through XINYONG_KEY), dropped at the end
 * even when an assertion fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "service/auth.h"
#include "service/platform.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/rcache.h"
#include "util/banned.h"

#define DEPT	 "91110000123456788M"
#define PASSWORD "correct horse battery"

#define ENV_NAME "auth"
#include "platform_env.h"

/* Runs sql, with $1 bound to v when it has one, to its end. */
static void run_sql(struct env *env, const char *sql, int64_t v)
{
	struct xy_stmt *st = NULL;
	int rc;

	assert_int_equal(xy_db_prepare(env->p->db, sql, &st), 0);
	if (strstr(sql, "$1"))
		assert_int_equal(xy_stmt_bind_int64(st, 1, v), 0);
	do
		rc = xy_stmt_step(st);
	while (rc == 1);
	assert_int_equal(rc, 0);
	xy_stmt_finalize(st);
}

static int64_t query_int(struct env *env, const char *sql, int64_t v)
{
	struct xy_stmt *st = NULL;
	int64_t n;

	assert_int_equal(xy_db_prepare(env->p->db, sql, &st), 0);
	if (strstr(sql, "$1"))
		assert_int_equal(xy_stmt_bind_int64(st, 1, v), 0);
	assert_int_equal(xy_stmt_step(st), 1);
	n = xy_stmt_column_int64(st, 0);
	xy_stmt_finalize(st);
	return n;
}

static void add_alice(struct env *env)
{
	assert_int_equal(
	    xy_auth_user_add(env->p, "alice", XY_ROLE_REPORTER, DEPT, PASSWORD),
	    0);
}

/* ---- accounts ---- */

static void user_add_case(struct env *env)
{
	struct xy_principal who;
	char *session = NULL, *csrf = NULL;

	add_alice(env);
	assert_int_equal(query_int(env, "SELECT COUNT(*) FROM accounts", 0), 1);
	/* the password is stored as an argon2id string, not as given */
	assert_int_equal(query_int(env,
				   "SELECT COUNT(*) FROM accounts WHERE "
				   "pwhash LIKE '$argon2id$%'",
				   0),
			 1);
	assert_int_equal(
	    xy_auth_login(env->p, "alice", PASSWORD, &session, &csrf), 0);
	assert_int_equal(xy_auth_session_check(env->p, session, NULL, &who), 0);
	assert_true(who.user_id > 0);
	assert_int_equal(who.role, XY_ROLE_REPORTER);
	assert_string_equal(who.name, "alice");
	assert_string_equal(who.dept, DEPT);
	free(session);
	free(csrf);

	/* the department is kept in upper case */
	assert_int_equal(xy_auth_user_add(env->p, "bob", XY_ROLE_CHECKER,
					  "91110000123456788m", PASSWORD),
			 0);
	assert_int_equal(
	    xy_auth_login(env->p, "bob", PASSWORD, &session, &csrf), 0);
	assert_int_equal(xy_auth_session_check(env->p, session, csrf, &who), 0);
	assert_string_equal(who.dept, DEPT);
	free(session);
	free(csrf);
}

static void test_auth__user_add(void **state)
{
	each_engine(state, user_add_case);
}

static void duplicate_case(struct env *env)
{
	add_alice(env);
	assert_int_equal(xy_auth_user_add(env->p, "alice", XY_ROLE_ADMIN, NULL,
					  "another password"),
			 XY_ECONFLICT);
	assert_non_null(strstr(xy_error_msg(), "'alice'"));
	assert_int_equal(query_int(env, "SELECT COUNT(*) FROM accounts", 0), 1);
}

static void test_auth__user_duplicate(void **state)
{
	each_engine(state, duplicate_case);
}

static void roles_case(struct env *env)
{
	struct xy_platform *p = env->p;

	/* who needs a department, and what a department is */
	assert_int_equal(
	    xy_auth_user_add(p, "r", XY_ROLE_REPORTER, NULL, PASSWORD),
	    XY_EINVALID);
	assert_int_equal(
	    xy_auth_user_add(p, "c", XY_ROLE_CHECKER, "", PASSWORD),
	    XY_EINVALID);
	assert_int_equal(xy_auth_user_add(p, "b", XY_ROLE_BANK,
					  "91110000123456789M", PASSWORD),
			 XY_EINVALID);
	assert_int_equal(
	    xy_auth_user_add(p, "b", XY_ROLE_BANK, "9111", PASSWORD),
	    XY_EINVALID);
	assert_int_equal(xy_auth_user_add(p, "b", XY_ROLE_BANK, DEPT, PASSWORD),
			 0);
	assert_int_equal(
	    xy_auth_user_add(p, "a", XY_ROLE_ADMIN, NULL, PASSWORD), 0);
	assert_int_equal(
	    xy_auth_user_add(p, "u", XY_ROLE_AUDITOR, "", PASSWORD), 0);
	/* no account is the public */
	assert_int_equal(
	    xy_auth_user_add(p, "x", XY_ROLE_PUBLIC, NULL, PASSWORD),
	    XY_EINVALID);
	assert_int_equal(
	    xy_auth_user_add(p, "x", (enum xy_role)42, NULL, PASSWORD),
	    XY_EINVALID);
	/* passwords: at least 8 characters (not bytes) */
	assert_int_equal(xy_auth_user_add(p, "x", XY_ROLE_ADMIN, NULL, ""),
			 XY_EINVALID);
	assert_int_equal(
	    xy_auth_user_add(p, "x", XY_ROLE_ADMIN, NULL, "1234567"),
	    XY_EINVALID);
	assert_int_equal(
	    xy_auth_user_add(p, "x", XY_ROLE_ADMIN, NULL, "信用信用信用"),
	    XY_EINVALID);
	assert_int_equal(
	    xy_auth_user_add(p, "x8", XY_ROLE_ADMIN, NULL, "信用信用信用信用"),
	    0);
	/* names: one word */
	assert_int_equal(xy_auth_user_add(p, "", XY_ROLE_ADMIN, NULL, PASSWORD),
			 XY_EINVALID);
	assert_int_equal(
	    xy_auth_user_add(p, "a b", XY_ROLE_ADMIN, NULL, PASSWORD),
	    XY_EINVALID);
	assert_int_equal(
	    xy_auth_user_add(p, "a\nb", XY_ROLE_ADMIN, NULL, PASSWORD),
	    XY_EINVALID);
	assert_int_equal(query_int(env, "SELECT COUNT(*) FROM accounts", 0), 4);
}

static void test_auth__roles(void **state)
{
	each_engine(state, roles_case);
}

static void test_auth__role_names(void **state)
{
	static const char *const names[] = {
	    "public", "admin", "reporter", "checker", "auditor", "bank",
	};

	(void)state;
	for (int i = 0; i < 6; i++) {
		assert_string_equal(xy_role_name((enum xy_role)i), names[i]);
		assert_int_equal(xy_role_parse(names[i]), i);
	}
	assert_int_equal(xy_role_parse("root"), -1);
	assert_int_equal(xy_role_parse("Admin"), -1);
	assert_int_equal(xy_role_parse(NULL), -1);
	assert_string_equal(xy_role_name((enum xy_role)99), "unknown");
}

static void test_auth__local(void **state)
{
	struct xy_principal who;

	(void)state;
	xy_auth_local(&who);
	assert_int_equal(who.role, XY_ROLE_ADMIN);
	assert_int_equal(who.user_id, 0);
	assert_int_equal(strncmp(who.name, "cli:", 4), 0);
	assert_string_equal(who.dept, "");
}

/* ---- login ---- */

static void login_case(struct env *env)
{
	char *session = (char *)"x", *csrf = (char *)"x";
	char wrong_pw[512], unknown[512];

	add_alice(env);
	assert_int_equal(
	    xy_auth_login(env->p, "alice", "wrong password", &session, &csrf),
	    XY_EAUTH);
	assert_null(session);
	assert_null(csrf);
	snprintf(wrong_pw, sizeof(wrong_pw), "%s", xy_error_msg());
	assert_int_equal(
	    xy_auth_login(env->p, "nobody", PASSWORD, &session, &csrf),
	    XY_EAUTH);
	snprintf(unknown, sizeof(unknown), "%s", xy_error_msg());
	assert_string_equal(wrong_pw, unknown);
	assert_null(strstr(unknown, "alice"));
	assert_null(strstr(unknown, "nobody"));
	assert_int_equal(xy_auth_login(env->p, NULL, NULL, &session, &csrf),
			 XY_EAUTH);
	assert_string_equal(xy_error_msg(), unknown);
	assert_int_equal(xy_auth_login(env->p, "alice", "", &session, &csrf),
			 XY_EAUTH);
	assert_string_equal(xy_error_msg(), unknown);
	/* a disabled account is as unknown */
	run_sql(env, "UPDATE accounts SET disabled = 1", 0);
	assert_int_equal(
	    xy_auth_login(env->p, "alice", PASSWORD, &session, &csrf),
	    XY_EAUTH);
	assert_string_equal(xy_error_msg(), unknown);
	assert_int_equal(query_int(env, "SELECT COUNT(*) FROM sessions", 0), 0);
}

static void test_auth__wrong_password_same_error(void **state)
{
	each_engine(state, login_case);
}

/* ---- API keys ---- */

static int well_formed(const char *t)
{
	if (strlen(t) != 46 || strncmp(t, "xy_", 3))
		return 0;
	for (size_t i = 3; i < 46; i++)
		if (!strchr(
			"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			"0123456789-_",
			t[i]))
			return 0;
	return 1;
}

static void token_case(struct env *env)
{
	struct xy_principal who;
	char *token = NULL, *other = NULL;
	int64_t id = 0, id2 = 0;

	add_alice(env);
	assert_int_equal(xy_auth_token_create(env->p, "alice", 0, &token, &id),
			 0);
	assert_non_null(token);
	assert_true(well_formed(token));
	assert_true(id > 0);
	assert_int_equal(
	    xy_auth_token_create(env->p, "alice", 30, &other, &id2), 0);
	assert_true(id2 > id);
	assert_string_not_equal(token, other);

	assert_int_equal(xy_auth_token_check(env->p, token, &who), 0);
	assert_int_equal(who.role, XY_ROLE_REPORTER);
	assert_string_equal(who.name, "alice");
	assert_string_equal(who.dept, DEPT);
	assert_int_equal(who.token_id, id);
	assert_true(who.user_id > 0);
	assert_int_equal(xy_auth_token_check(env->p, other, &who), 0);
	assert_int_equal(who.token_id, id2);

	/* anything else is refused, and the principal is the public */
	token[10] = token[10] == 'A' ? 'B' : 'A';
	assert_int_equal(xy_auth_token_check(env->p, token, &who), XY_EAUTH);
	assert_int_equal(who.role, XY_ROLE_PUBLIC);
	assert_int_equal(who.user_id, 0);
	token[10] = token[10] == 'A' ? 'B' : 'A';
	assert_int_equal(xy_auth_token_check(env->p, "xy_short", &who),
			 XY_EAUTH);
	assert_int_equal(xy_auth_token_check(env->p, "", &who), XY_EAUTH);
	assert_int_equal(xy_auth_token_check(env->p, NULL, &who), XY_EAUTH);

	/* revoked: at once, and once is enough */
	assert_int_equal(xy_auth_token_revoke(env->p, id), 0);
	assert_int_equal(xy_auth_token_check(env->p, token, &who), XY_EAUTH);
	assert_null(strstr(xy_error_msg(), token));
	assert_int_equal(xy_auth_token_revoke(env->p, id), 0);
	assert_int_equal(xy_auth_token_revoke(env->p, id + 1000), XY_ENOTFOUND);
	assert_int_equal(xy_auth_token_check(env->p, other, &who), 0);

	/* a disabled account's keys stop working */
	run_sql(env, "UPDATE accounts SET disabled = 1", 0);
	assert_int_equal(xy_auth_token_check(env->p, other, &who), XY_EAUTH);
	free(token);
	free(other);
	token = (char *)"x";
	assert_int_equal(xy_auth_token_create(env->p, "alice", 0, &token, &id),
			 XY_ENOTFOUND);
	assert_null(token);
	assert_int_equal(xy_auth_token_create(env->p, "nobody", 0, &token, &id),
			 XY_ENOTFOUND);
	run_sql(env, "UPDATE accounts SET disabled = 0", 0);
	assert_int_equal(xy_auth_token_create(env->p, "alice", -1, &token, &id),
			 XY_EINVALID);
	assert_null(token);
}

static void test_auth__token_create_check_revoke(void **state)
{
	each_engine(state, token_case);
}

static void expiry_case(struct env *env)
{
	struct xy_principal who;
	char *token = NULL;
	int64_t id = 0, now = (int64_t)time(NULL), exp;

	add_alice(env);
	assert_int_equal(xy_auth_token_create(env->p, "alice", 2, &token, &id),
			 0);
	exp =
	    query_int(env, "SELECT expires_at FROM api_keys WHERE id = $1", id);
	assert_true(exp >= now + 2 * 86400 && exp <= now + 2 * 86400 + 60);
	assert_int_equal(xy_auth_token_check(env->p, token, &who), 0);
	run_sql(env, "UPDATE api_keys SET expires_at = expires_at - 3 * 86400",
		0);
	assert_int_equal(xy_auth_token_check(env->p, token, &who), XY_EAUTH);
	free(token);
}

static void test_auth__token_expiry(void **state)
{
	each_engine(state, expiry_case);
}

/* ---- key checks kept by a server (platform->principals) ---- */

/* One request's key check: the generations are read again. */
static int request_check(struct env *env, const char *token)
{
	struct xy_principal who;

	xy_platform_forget(env->p);
	return xy_auth_token_check(env->p, token, &who);
}

static uint64_t kept_hits(struct xy_rcache *c)
{
	struct xy_rcache_stats st;

	xy_rcache_stats(c, &st);
	return st.hits;
}

static void kept_case(struct env *env)
{
	struct xy_rcache *kept = xy_rcache_new(1 << 20);
	char *token = NULL, sql[96];
	int64_t id = 0;

	add_alice(env);
	assert_int_equal(xy_auth_token_create(env->p, "alice", 0, &token, &id),
			 0);
	env->p->principals = kept;
	assert_int_equal(request_check(env, token), 0);
	assert_int_equal(request_check(env, token), 0);
	assert_int_equal(kept_hits(kept), 1);

	/* written by hand, behind the program's back: seen at once */
	run_sql(env, "UPDATE api_keys SET revoked_at = 1 WHERE id = $1", id);
	assert_int_equal(request_check(env, token), XY_EAUTH);
	run_sql(env, "UPDATE api_keys SET revoked_at = NULL WHERE id = $1", id);
	assert_int_equal(request_check(env, token), 0);
	run_sql(env, "UPDATE accounts SET disabled = 1", 0);
	assert_int_equal(request_check(env, token), XY_EAUTH);
	run_sql(env, "UPDATE accounts SET disabled = 0", 0);

	/* an expiry passes without a write: the kept check expires too */
	snprintf(sql, sizeof(sql), "UPDATE api_keys SET expires_at = %lld",
		 (long long)time(NULL) + 2);
	run_sql(env, sql, 0);
	assert_int_equal(request_check(env, token), 0);
	assert_int_equal(request_check(env, token), 0);
	assert_int_equal(kept_hits(kept), 2);
	sleep(3);
	assert_int_equal(request_check(env, token), XY_EAUTH);

	env->p->principals = NULL;
	xy_rcache_free(kept);
	free(token);
}

static void test_auth__token_kept(void **state)
{
	each_engine(state, kept_case);
}

/* ---- sessions ---- */

static void session_case(struct env *env)
{
	struct xy_principal who;
	char *session = NULL, *csrf = NULL, *s2 = NULL, *c2 = NULL;
	char *key = NULL;
	int64_t id;

	add_alice(env);
	assert_int_equal(
	    xy_auth_login(env->p, "alice", PASSWORD, &session, &csrf), 0);
	assert_true(well_formed(session));
	assert_true(well_formed(csrf));
	assert_string_not_equal(session, csrf);
	assert_int_equal(query_int(env,
				   "SELECT expires_at - created_at FROM "
				   "sessions",
				   0),
			 12 * 3600);

	/* safe methods: the cookie alone; unsafe ones: and the CSRF token */
	assert_int_equal(xy_auth_session_check(env->p, session, NULL, &who), 0);
	assert_string_equal(who.name, "alice");
	assert_true(who.token_id > 0);
	assert_int_equal(xy_auth_session_check(env->p, session, csrf, &who), 0);
	assert_int_equal(xy_auth_session_check(env->p, session, session, &who),
			 XY_EAUTH);
	assert_int_equal(who.role, XY_ROLE_PUBLIC);
	assert_int_equal(xy_auth_session_check(env->p, session, "", &who),
			 XY_EAUTH);

	/* a second session's CSRF token does not fit the first */
	assert_int_equal(xy_auth_login(env->p, "alice", PASSWORD, &s2, &c2), 0);
	assert_int_equal(xy_auth_session_check(env->p, session, c2, &who),
			 XY_EAUTH);
	assert_int_equal(xy_auth_session_check(env->p, s2, c2, &who), 0);

	/* a session is no API key, nor the other way round */
	assert_int_equal(xy_auth_token_check(env->p, session, &who), XY_EAUTH);
	assert_int_equal(xy_auth_token_create(env->p, "alice", 0, &key, &id),
			 0);
	assert_int_equal(xy_auth_session_check(env->p, key, NULL, &who),
			 XY_EAUTH);

	/* logout ends only that session, and twice is harmless */
	assert_int_equal(xy_auth_logout(env->p, session), 0);
	assert_int_equal(xy_auth_session_check(env->p, session, NULL, &who),
			 XY_EAUTH);
	assert_int_equal(xy_auth_logout(env->p, session), 0);
	assert_int_equal(xy_auth_logout(env->p, "junk"), 0);
	assert_int_equal(xy_auth_session_check(env->p, s2, NULL, &who), 0);

	/* past 12 hours */
	run_sql(env, "UPDATE sessions SET expires_at = $1",
		(int64_t)time(NULL) - 1);
	assert_int_equal(xy_auth_session_check(env->p, s2, NULL, &who),
			 XY_EAUTH);
	/* the next login clears sessions that ended */
	free(session);
	free(csrf);
	assert_int_equal(
	    xy_auth_login(env->p, "alice", PASSWORD, &session, &csrf), 0);
	assert_int_equal(query_int(env, "SELECT COUNT(*) FROM sessions", 0), 1);
	free(session);
	free(csrf);
	free(s2);
	free(c2);
	free(key);
}

static void test_auth__session(void **state)
{
	each_engine(state, session_case);
}

/* ---- what is stored ---- */

static void read_all(const char *path, struct xy_buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;

	if (!f)
		return;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		xy_buf_add(out, chunk, n);
	fclose(f);
}

static void no_plain_case(struct env *env)
{
	struct xy_buf bytes = XY_BUF_INIT;
	char path[128];
	char *token = NULL, *session = NULL, *csrf = NULL;
	const char *secrets[4];
	int64_t id;

	if (env->pg)
		return; /* the file is the SQLite one */
	add_alice(env);
	assert_int_equal(xy_auth_token_create(env->p, "alice", 0, &token, &id),
			 0);
	assert_int_equal(
	    xy_auth_login(env->p, "alice", PASSWORD, &session, &csrf), 0);
	secrets[0] = token;
	secrets[1] = session;
	secrets[2] = csrf;
	secrets[3] = PASSWORD;
	/* what is in the database file and its write-ahead log */
	snprintf(path, sizeof(path), "%s/xy.db", env->dir);
	read_all(path, &bytes);
	snprintf(path, sizeof(path), "%s/xy.db-wal", env->dir);
	read_all(path, &bytes);
	assert_true(bytes.len > 0);
	assert_non_null(memmem(bytes.ptr, bytes.len, "alice", 5));
	for (int i = 0; i < 4; i++) {
		assert_null(memmem(bytes.ptr, bytes.len, secrets[i],
				   strlen(secrets[i])));
		/* nor the random part without its prefix */
		if (i < 3)
			assert_null(memmem(bytes.ptr, bytes.len, secrets[i] + 3,
					   strlen(secrets[i]) - 3));
	}
	xy_buf_dispose(&bytes);
	free(token);
	free(session);
	free(csrf);
}

static void test_auth__no_plain_secrets_stored(void **state)
{
	each_engine(state, no_plain_case);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	    T(test_auth__user_add),
	    T(test_auth__user_duplicate),
	    T(test_auth__roles),
	    cmocka_unit_test(test_auth__role_names),
	    cmocka_unit_test(test_auth__local),
	    T(test_auth__wrong_password_same_error),
	    T(test_auth__token_create_check_revoke),
	    T(test_auth__token_expiry),
	    T(test_auth__token_kept),
	    T(test_auth__session),
	    T(test_auth__no_plain_secrets_stored),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
