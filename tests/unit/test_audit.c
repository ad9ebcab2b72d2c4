/*
 * test_audit.c - the hash-chained audit trail (service/audit.h).
 *
 * Each case runs on a platform made by xy_platform_init() on a fresh
 * SQLite file and, when XY_TEST_PG names a server, again on a fresh
 * PostgreSQL database xy_auth_<pid>_<n>, dropped at the end. Tampering
 * is done behind the service's back with plain SQL, as an intruder with
 * access to the database would.
 */
#include <pthread.h>
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
#include <sodium.h>

#include "core/catalog.h"
#include "service/audit.h"
#include "service/auth.h"
#include "service/platform.h"
#include "service/subjects.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/banned.h"

#define USCC "91110000123456788M"

#define ENV_NAME "audit"
#include "platform_env.h"

static void exec_sql(struct env *env, const char *sql)
{
	assert_int_equal(xy_db_exec(env->p->db, sql), 0);
}

static int64_t query_int(struct env *env, const char *sql)
{
	struct xy_stmt *st = NULL;
	int64_t n;

	assert_int_equal(xy_db_prepare(env->p->db, sql, &st), 0);
	assert_int_equal(xy_stmt_step(st), 1);
	n = xy_stmt_column_int64(st, 0);
	xy_stmt_finalize(st);
	return n;
}

static const struct xy_principal alice = {
    .user_id = 7,
    .role = XY_ROLE_CHECKER,
    .name = "alice",
    .dept = USCC,
    .token_id = 3,
};

/* Logs n entries, the i-th with purpose "purpose i", about subject. */
static void log_n(struct env *env, int n, int64_t subject)
{
	for (int i = 0; i < n; i++) {
		char purpose[32];
		struct xy_audit_entry e = {
		    .who = &alice,
		    .action = i % 2 ? "write" : "read",
		    .route = "GET /api/v1/subjects/{code}",
		    .subject_id = subject,
		    .purpose = purpose,
		    .detail = i % 3 ? NULL : "detail",
		};

		snprintf(purpose, sizeof(purpose), "purpose %d", i + 1);
		assert_int_equal(xy_audit_log(env->p, &e), 0);
	}
}

/* Verifies and expects a failure whose message names want. */
static void expect_broken(struct env *env, const char *want, int64_t intact)
{
	int64_t n = -1;

	assert_int_equal(xy_audit_verify(env->p, &n), XY_ECONFLICT);
	if (!strstr(xy_error_msg(), want))
		fail_msg("'%s' does not name '%s'", xy_error_msg(), want);
	assert_int_equal(n, intact);
}

static void expect_intact(struct env *env, int64_t entries)
{
	int64_t n = -1;

	if (xy_audit_verify(env->p, &n) != 0)
		fail_msg("verify: %s", xy_error_msg());
	assert_int_equal(n, entries);
}

/* ---- the chain ---- */

static void chain_case(struct env *env)
{
	struct xy_audit_entry anon = {.action = "read", .route = "GET /x"};

	expect_intact(env, 0);
	log_n(env, 5, 0);
	expect_intact(env, 5);
	assert_int_equal(query_int(env, "SELECT MIN(id) FROM audit_log"), 1);
	assert_int_equal(query_int(env, "SELECT MAX(id) FROM audit_log"), 5);
	assert_int_equal(query_int(env, "SELECT COUNT(*) FROM audit_log "
					"WHERE name = 'alice' AND role = "
					"'checker' AND dept = '" USCC "' "
					"AND account_id = 7"),
			 5);
	/* without a principal it is the public's */
	assert_int_equal(xy_audit_log(env->p, &anon), 0);
	assert_int_equal(query_int(env, "SELECT COUNT(*) FROM audit_log "
					"WHERE id = 6 AND role = 'public' AND "
					"name = '' AND purpose IS NULL"),
			 1);
	expect_intact(env, 6);
}

static void test_audit__chain_verifies(void **state)
{
	each_engine(state, chain_case);
}

/* Many pages of entries: verify reads them in pages of 1000. */
static void long_chain_case(struct env *env)
{
	assert_int_equal(xy_db_begin(env->p->db), 0);
	log_n(env, 2100, 0);
	assert_int_equal(xy_db_commit(env->p->db), 0);
	expect_intact(env, 2100);
	exec_sql(env, "UPDATE audit_log SET detail = 'x' WHERE id = 2050");
	expect_broken(env, "audit entry 2050 ", 2049);
}

static void test_audit__long_chain(void **state)
{
	each_engine(state, long_chain_case);
}

static void altered_case(struct env *env)
{
	log_n(env, 5, 0);
	exec_sql(env, "UPDATE audit_log SET purpose = 'curiosity' "
		      "WHERE id = 3");
	expect_broken(env, "audit entry 3 ", 2);
	exec_sql(env, "UPDATE audit_log SET purpose = 'purpose 3' "
		      "WHERE id = 3");
	expect_intact(env, 5);
	/* any field: the time, who, NULL for "" */
	exec_sql(env, "UPDATE audit_log SET at = at + 1 WHERE id = 4");
	expect_broken(env, "audit entry 4 ", 3);
	exec_sql(env, "UPDATE audit_log SET at = at - 1 WHERE id = 4");
	exec_sql(env, "UPDATE audit_log SET name = 'bob' WHERE id = 2");
	expect_broken(env, "audit entry 2 ", 1);
	exec_sql(env, "UPDATE audit_log SET name = 'alice' WHERE id = 2");
	exec_sql(env, "UPDATE audit_log SET detail = '' WHERE id = 5");
	expect_broken(env, "audit entry 5 ", 4);
	exec_sql(env, "UPDATE audit_log SET detail = NULL WHERE id = 5");
	expect_intact(env, 5);
	/* a damaged hash */
	exec_sql(env, "UPDATE audit_log SET hash = prev WHERE id = 1");
	expect_broken(env, "audit entry 1 ", 0);
}

static void test_audit__altered_entry(void **state)
{
	each_engine(state, altered_case);
}

static void deleted_case(struct env *env)
{
	log_n(env, 5, 0);
	exec_sql(env, "DELETE FROM audit_log WHERE id = 3");
	expect_broken(env, "audit entry 3 ", 2);
	exec_sql(env, "DELETE FROM audit_log WHERE id = 4");
	expect_broken(env, "entries 3 to 4", 2);
	/* renumbered to hide the gap: the chain does not follow */
	exec_sql(env, "UPDATE audit_log SET id = 3 WHERE id = 5");
	expect_broken(env, "audit entry 3 ", 2);
	/* the first ones */
	exec_sql(env, "DELETE FROM audit_log WHERE id = 1");
	expect_broken(env, "audit entry 1 ", 0);
}

static void test_audit__deleted_entry(void **state)
{
	each_engine(state, deleted_case);
}

static void forged_case(struct env *env)
{
	log_n(env, 5, 0);
	/* at the end, chained to the last one, with a made-up hash */
	exec_sql(env, "INSERT INTO audit_log (id, at, account_id, name, role, "
		      "dept, action, route, subject_id, purpose, detail, prev, "
		      "hash) SELECT 6, at, 1, 'mallory', 'admin', '', 'write', "
		      "'cli user add', 0, NULL, NULL, hash, hash "
		      "FROM audit_log WHERE id = 5");
	expect_broken(env, "audit entry 6 ", 5);
	exec_sql(env, "DELETE FROM audit_log WHERE id = 6");
	expect_intact(env, 5);
	/* in place of a real one, keeping its hashes */
	exec_sql(env, "UPDATE audit_log SET action = 'login', route = 'x' "
		      "WHERE id = 2");
	expect_broken(env, "audit entry 2 ", 1);
}

static void test_audit__forged_entry(void **state)
{
	each_engine(state, forged_case);
}

/* ---- the canonical form, as docs/internals/auth.md describes it ---- */

static void doc_u32(crypto_hash_sha256_state *h, uint32_t v)
{
	unsigned char b[4] = {v >> 24, v >> 16, v >> 8, v};

	crypto_hash_sha256_update(h, b, 4);
}

static void doc_i64(crypto_hash_sha256_state *h, int64_t v)
{
	uint64_t u = (uint64_t)v;

	doc_u32(h, (uint32_t)(u >> 32));
	doc_u32(h, (uint32_t)u);
}

static void doc_text(crypto_hash_sha256_state *h, struct xy_stmt *st, int col)
{
	size_t n;
	const char *s = xy_stmt_column_text(st, col, &n);

	if (!s) {
		doc_u32(h, 0xffffffffu);
		return;
	}
	doc_u32(h, (uint32_t)n);
	crypto_hash_sha256_update(h, (const unsigned char *)s, n);
}

/* The hash of the entry id as documented, from its stored columns. */
static void doc_hash(struct env *env, int64_t id, unsigned char out[32])
{
	static const char sql[] =
	    "SELECT prev, id, at, account_id, name, role, dept, action, "
	    "route, subject_id, purpose, detail FROM audit_log WHERE id = $1";
	crypto_hash_sha256_state h;
	struct xy_stmt *st = NULL;
	unsigned char version = 1;
	size_t n;
	const void *prev;

	assert_int_equal(xy_db_prepare(env->p->db, sql, &st), 0);
	assert_int_equal(xy_stmt_bind_int64(st, 1, id), 0);
	assert_int_equal(xy_stmt_step(st), 1);
	prev = xy_stmt_column_blob(st, 0, &n);
	assert_int_equal(n, 32);
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, prev, 32);
	crypto_hash_sha256_update(&h, &version, 1);
	doc_i64(&h, xy_stmt_column_int64(st, 1));
	doc_i64(&h, xy_stmt_column_int64(st, 2));
	doc_i64(&h, xy_stmt_column_int64(st, 3));
	for (int col = 4; col <= 8; col++)
		doc_text(&h, st, col);
	doc_i64(&h, xy_stmt_column_int64(st, 9));
	doc_text(&h, st, 10);
	doc_text(&h, st, 11);
	crypto_hash_sha256_final(&h, out);
	xy_stmt_finalize(st);
}

static void set_hash(struct env *env, int64_t id, const unsigned char h[32])
{
	struct xy_stmt *st = NULL;

	assert_int_equal(xy_db_prepare(env->p->db,
				       "UPDATE audit_log SET hash = $2 "
				       "WHERE id = $1",
				       &st),
			 0);
	assert_int_equal(xy_stmt_bind_int64(st, 1, id), 0);
	assert_int_equal(xy_stmt_bind_blob(st, 2, h, 32), 0);
	assert_int_equal(xy_stmt_step(st), 0);
	xy_stmt_finalize(st);
}

static void format_case(struct env *env)
{
	unsigned char h[32];
	struct xy_stmt *st = NULL;
	size_t n;

	log_n(env, 5, 42);
	/* the stored hashes are the documented ones */
	for (int64_t id = 1; id <= 5; id++) {
		doc_hash(env, id, h);
		assert_int_equal(xy_db_prepare(env->p->db,
					       "SELECT hash FROM audit_log "
					       "WHERE id = $1",
					       &st),
				 0);
		assert_int_equal(xy_stmt_bind_int64(st, 1, id), 0);
		assert_int_equal(xy_stmt_step(st), 1);
		assert_memory_equal(xy_stmt_column_blob(st, 0, &n), h, 32);
		xy_stmt_finalize(st);
	}
	/*
	 * An intruder who knows the format alters an entry and rehashes
	 * it: the next entry no longer follows.
	 */
	exec_sql(env, "UPDATE audit_log SET purpose = 'nothing' WHERE id = 3");
	doc_hash(env, 3, h);
	set_hash(env, 3, h);
	expect_broken(env, "audit entry 4 ", 3);
}

static void test_audit__documented_format(void **state)
{
	each_engine(state, format_case);
}

/* ---- transactions ---- */

static void tx_case(struct env *env)
{
	struct xy_db *db = env->p->db;

	/* inside the caller's transaction: undone with it */
	assert_int_equal(xy_db_begin(db), 0);
	log_n(env, 2, 0);
	assert_int_equal(xy_db_rollback(db), 0);
	assert_int_equal(query_int(env, "SELECT COUNT(*) FROM audit_log"), 0);
	/* and kept with it; the caller's transaction goes on after it */
	assert_int_equal(xy_db_begin(db), 0);
	log_n(env, 2, 0);
	exec_sql(env, "INSERT INTO departments (uscc, name) VALUES "
		      "('" USCC "', 'x')");
	assert_int_equal(xy_db_commit(db), 0);
	assert_int_equal(query_int(env, "SELECT COUNT(*) FROM departments"), 1);
	/* a rollback leaves no gap: ids are given, not generated */
	assert_int_equal(xy_db_begin(db), 0);
	log_n(env, 3, 0);
	assert_int_equal(xy_db_rollback(db), 0);
	log_n(env, 1, 0);
	assert_int_equal(query_int(env, "SELECT MAX(id) FROM audit_log"), 3);
	expect_intact(env, 3);
}

static void test_audit__caller_transaction(void **state)
{
	each_engine(state, tx_case);
}

static void invalid_case(struct env *env)
{
	char big[1100];
	struct xy_audit_entry e = {
	    .who = &alice, .action = "read", .route = "GET /x", .purpose = big};

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(xy_audit_log(env->p, &e), XY_EINVALID);
	e.purpose = "\xff\xfe";
	assert_int_equal(xy_audit_log(env->p, &e), XY_EINVALID);
	e.purpose = NULL;
	e.action = "";
	assert_int_equal(xy_audit_log(env->p, &e), XY_EINVALID);
	e.action = "read";
	e.route = NULL;
	assert_int_equal(xy_audit_log(env->p, &e), XY_EINVALID);
	assert_int_equal(query_int(env, "SELECT COUNT(*) FROM audit_log"), 0);
}

static void test_audit__invalid_entry(void **state)
{
	each_engine(state, invalid_case);
}

/* ---- concurrent writers ---- */

#define WRITERS	   4
#define PER_WRITER 25

struct writer {
	const char *url;	  /* the database */
	pthread_barrier_t *start; /* all open before any writes */
	int failed;		  /* an error happened */
	char msg[256];		  /* its message */
};

static void *write_entries(void *arg)
{
	struct writer *w = arg;
	struct xy_platform *p = NULL;
	struct xy_audit_entry e = {.who = &alice,
				   .action = "read",
				   .route = "GET /api/v1/subjects/{code}",
				   .purpose = "check"};
	int err = xy_platform_open(&p, w->url, 0);

	pthread_barrier_wait(w->start);
	for (int i = 0; !err && i < PER_WRITER; i++)
		err = xy_audit_log(p, &e);
	if (err < 0) {
		w->failed = 1;
		snprintf(w->msg, sizeof(w->msg), "%s", xy_error_msg());
	}
	xy_platform_free(p);
	return NULL;
}

static void concurrent_case(struct env *env)
{
	pthread_barrier_t start;
	pthread_t t[WRITERS];
	struct writer w[WRITERS];

	assert_int_equal(pthread_barrier_init(&start, NULL, WRITERS), 0);
	for (int i = 0; i < WRITERS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].url = env->url;
		w[i].start = &start;
		assert_int_equal(
		    pthread_create(&t[i], NULL, write_entries, &w[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	pthread_barrier_destroy(&start);
	for (int i = 0; i < WRITERS; i++)
		if (w[i].failed)
			fail_msg("writer %d: %s", i, w[i].msg);
	expect_intact(env, WRITERS * PER_WRITER);
	assert_int_equal(query_int(env, "SELECT MAX(id) FROM audit_log"),
			 WRITERS * PER_WRITER);
}

static void test_audit__concurrent_writers(void **state)
{
	each_engine(state, concurrent_case);
}

/* ---- who looked at a subject ---- */

static int64_t add_subject(struct env *env, const char *uscc)
{
	struct xy_buf key = XY_BUF_INIT;
	struct xy_subject_new s = {0};
	int64_t id = 0;

	xy_subject_key_uscc(&key, uscc, strlen(uscc));
	s.key = key.ptr;
	s.klen = key.len;
	s.kind = XY_SUBJECT_ORG;
	s.uscc = uscc;
	s.uscc_len = strlen(uscc);
	s.name = "济南某某有限公司";
	s.name_len = strlen(s.name);
	s.now = 20000;
	assert_true(xy_repo_subject_insert(&env->p->repo, &s, &id) >= 0);
	assert_true(id > 0);
	xy_buf_dispose(&key);
	return id;
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void subject_case(struct env *env)
{
	struct xy_audit_entry e = {.who = &alice,
				   .action = "read",
				   .route = "GET /api/v1/subjects/{code}"};
	json_t *list = NULL, *first;
	int64_t subject = add_subject(env, USCC), found = 0;

	assert_int_equal(xy_audit_subject_find(env->p, USCC, &found), 1);
	assert_int_equal(found, subject);
	assert_int_equal(
	    xy_audit_subject_find(env->p, "91110000MA00000000", &found), 0);
	/* nobody has looked yet */
	assert_int_equal(xy_audit_subject(env->p, USCC, &list), 0);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);

	e.subject_id = subject;
	e.purpose = "行政许可 审查";
	assert_int_equal(xy_audit_log(env->p, &e), 0);
	log_n(env, 2, 0);
	e.purpose = "招投标核查";
	e.route = "cli audit show";
	assert_int_equal(xy_audit_log(env->p, &e), 0);

	/* found by its code in any writing, newest first */
	assert_int_equal(
	    xy_audit_subject(env->p, " 91110000123456788m ", &list), 0);
	assert_int_equal(json_array_size(list), 2);
	first = json_array_get(list, 0);
	assert_string_equal(str(first, "purpose"), "招投标核查");
	assert_string_equal(str(first, "route"), "cli audit show");
	assert_string_equal(str(first, "who"), "alice");
	assert_string_equal(str(first, "role"), "checker");
	assert_string_equal(str(first, "dept"), USCC);
	assert_string_equal(str(first, "action"), "read");
	assert_int_equal(strlen(str(first, "time")), 25);
	assert_string_equal(str(json_array_get(list, 1), "purpose"),
			    "行政许可 审查");
	json_decref(list);

	list = NULL;
	assert_int_equal(xy_audit_subject(env->p, "91110000MA00000000", &list),
			 XY_ENOTFOUND);
	assert_null(list);
}

static void test_audit__subject(void **state)
{
	each_engine(state, subject_case);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	    T(test_audit__chain_verifies),     T(test_audit__long_chain),
	    T(test_audit__altered_entry),      T(test_audit__deleted_entry),
	    T(test_audit__forged_entry),       T(test_audit__documented_format),
	    T(test_audit__caller_transaction), T(test_audit__invalid_entry),
	    T(test_audit__concurrent_writers), T(test_audit__subject),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
