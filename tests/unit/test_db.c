/*
 * test_db.c - the storage drivers (store/db.h), each case run on SQLite
 * (a temporary file) and, when XY_TEST_PG names a server, on PostgreSQL
 * (a fresh database, dropped at the end).
 */
#include <pthread.h>
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

#include "store/copybin.h"
#include "store/db.h"
#include "db_helpers.h"
#include "util/error.h"
#include "util/banned.h"

/* What one test created, so that teardown cleans up after a failure. */
struct fixture {
	struct xy_db *db;  /* the connection of the case being run */
	char path[64];	   /* the SQLite file, "" when none */
	char pg_name[64];  /* the PostgreSQL database, "" when none */
	char pg_url[1024]; /* its URL */
};

typedef void case_fn(struct xy_db *db);

static int counter;

static void drop_pg(struct fixture *fx)
{
	char sql[128];

	if (!fx->pg_name[0])
		return;
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)",
		 fx->pg_name);
	fx->pg_name[0] = '\0';
	admin_exec(sql);
}

static void remove_sqlite(struct fixture *fx)
{
	char side[80];

	if (!fx->path[0])
		return;
	unlink(fx->path);
	snprintf(side, sizeof(side), "%s-wal", fx->path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", fx->path);
	unlink(side);
	fx->path[0] = '\0';
}

static int setup(void **state)
{
	*state = calloc(1, sizeof(struct fixture));
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	xy_db_close(fx->db);
	remove_sqlite(fx);
	drop_pg(fx);
	free(fx);
	return 0;
}

/* Opens a fresh SQLite file of its own as fx->db. */
static void open_sqlite(struct fixture *fx, int migrate)
{
	int fd;

	snprintf(fx->path, sizeof(fx->path), "/tmp/xy_test_db_XXXXXX");
	fd = mkstemp(fx->path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(xy_db_open(&fx->db, fx->path, migrate), 0);
}

/* Opens a fresh database of each engine in turn and runs fn on it. */
static void each_engine(void **state, int migrate, case_fn *fn)
{
	struct fixture *fx = *state;
	const char *pg = getenv("XY_TEST_PG");
	char name[64];
	char sql[128];

	open_sqlite(fx, migrate);
	assert_int_equal(xy_db_engine(fx->db), XY_DB_SQLITE);
	fn(fx->db);
	xy_db_close(fx->db);
	fx->db = NULL;
	remove_sqlite(fx);

	if (!pg || !*pg)
		return;
	snprintf(name, sizeof(name), "xy_test_%ld_%d", (long)getpid(),
		 ++counter);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	admin_exec(sql);
	snprintf(fx->pg_name, sizeof(fx->pg_name), "%s", name);
	url_with_db(fx->pg_url, sizeof(fx->pg_url), pg, fx->pg_name);
	assert_int_equal(xy_db_open(&fx->db, fx->pg_url, migrate), 0);
	assert_int_equal(xy_db_engine(fx->db), XY_DB_POSTGRES);
	fn(fx->db);
	xy_db_close(fx->db);
	fx->db = NULL;
	drop_pg(fx);
}

static int add_department(struct xy_db *db, const char *uscc, const char *name)
{
	struct xy_stmt *st = NULL;
	int err;

	assert_int_equal(xy_db_prepare(db,
				       "INSERT INTO departments (uscc, name) "
				       "VALUES ($1, $2)",
				       &st),
			 0);
	assert_int_equal(xy_stmt_bind_str(st, 1, uscc), 0);
	assert_int_equal(xy_stmt_bind_str(st, 2, name), 0);
	err = xy_stmt_step(st);
	xy_stmt_finalize(st);
	return err;
}

static int has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* ---- migrate ---- */

static const char *const tables[] = {
    "catalog_items", "departments",    "subjects", "subject_names",
    "records",	     "record_history", "imports",  "rejects",
};

static void migrate_case(struct xy_db *db)
{
	char sql[128];
	int n;

	n = xy_db_migrate(db);
	assert_true(n >= 1);
	assert_int_equal(
	    db_query_int(db, "SELECT COUNT(*) FROM schema_migrations"), n);
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s",
			 tables[i]);
		assert_int_equal(db_query_int(db, sql), 0);
	}
	assert_int_equal(xy_db_migrate(db), 0);
	assert_int_equal(
	    db_query_int(db, "SELECT COUNT(*) FROM schema_migrations"), n);

	/* a schema newer than the program is refused */
	assert_int_equal(xy_db_exec(db, "INSERT INTO schema_migrations "
					"VALUES (9999, 'future.sql', 0)"),
			 0);
	assert_int_equal(xy_db_migrate(db), XY_ECONFLICT);
	assert_true(strstr(xy_error_msg(), "9999") != NULL);
}

static void test_db__migrate(void **state)
{
	each_engine(state, 0, migrate_case);
}

static void open_migrates_case(struct xy_db *db)
{
	assert_true(db_query_int(db, "SELECT COUNT(*) FROM schema_migrations") >=
		    1);
	assert_int_equal(xy_db_migrate(db), 0);
}

static void test_db__open_migrates(void **state)
{
	each_engine(state, 1, open_migrates_case);
}

/* ---- values ---- */

static const unsigned char blind[] = {0, 1, 0xff, 0, '$', '1', 0x80};
static const char person[] = "张三 O'Brien";

static void types_case(struct xy_db *db)
{
	struct xy_stmt *st = NULL;
	const unsigned char *b;
	const char *s;
	int64_t id;
	size_t len;

	/* $N out of order, and repeated binds of a NULL and an empty blob */
	assert_int_equal(
	    xy_db_prepare(db,
			  "INSERT INTO subjects (name, kind, key, uscc, "
			  "created_at, masked, secret) "
			  "VALUES ($2, $1, $4, $3, $5, $6, $7) "
			  "RETURNING id",
			  &st),
	    0);
	assert_int_equal(xy_stmt_bind_int64(st, 5, INT64_MIN + 1), 0);
	assert_int_equal(xy_stmt_bind_str(st, 2, person), 0);
	assert_int_equal(xy_stmt_bind_int64(st, 1, 2), 0);
	assert_int_equal(xy_stmt_bind_blob(st, 4, blind, sizeof(blind)), 0);
	assert_int_equal(xy_stmt_bind_str(st, 3, "91370100MA3C000000"), 0);
	assert_int_equal(xy_stmt_bind_str(st, 6, NULL), 0);
	assert_int_equal(xy_stmt_bind_blob(st, 7, NULL, 0), 0);
	assert_int_equal(xy_stmt_step(st), 1);
	id = xy_stmt_column_int64(st, 0);
	assert_true(id > 0);
	assert_int_equal(xy_stmt_step(st), 0);
	xy_stmt_finalize(st);

	assert_int_equal(xy_db_prepare(db,
				       "SELECT id, kind, name, uscc, key, "
				       "masked, secret, created_at "
				       "FROM subjects WHERE uscc = $1",
				       &st),
			 0);
	assert_int_equal(xy_stmt_column_count(st), 8);
	assert_int_equal(xy_stmt_bind_str(st, 1, "91370100MA3C000000"), 0);
	assert_int_equal(xy_stmt_step(st), 1);
	assert_int_equal(xy_stmt_column_count(st), 8);
	assert_int_equal(xy_stmt_column_int64(st, 0), id);
	assert_int_equal(xy_stmt_column_int64(st, 1), 2);
	s = xy_stmt_column_text(st, 2, &len);
	assert_int_equal(len, strlen(person));
	assert_string_equal(s, person);
	assert_string_equal(xy_stmt_column_text(st, 3, NULL),
			    "91370100MA3C000000");
	b = xy_stmt_column_blob(st, 4, &len);
	assert_int_equal(len, sizeof(blind));
	assert_memory_equal(b, blind, sizeof(blind));
	assert_true(xy_stmt_column_is_null(st, 5));
	assert_null(xy_stmt_column_text(st, 5, &len));
	assert_int_equal(len, 0);
	assert_false(xy_stmt_column_is_null(st, 6));
	assert_non_null(xy_stmt_column_blob(st, 6, &len));
	assert_int_equal(len, 0);
	assert_true(xy_stmt_column_int64(st, 7) == INT64_MIN + 1);
	assert_int_equal(xy_stmt_step(st), 0);
	xy_stmt_finalize(st);

	/* $N inside literals and comments is not a parameter */
	assert_int_equal(xy_db_prepare(db,
				       "SELECT CAST($1 AS DOUBLE PRECISION), "
				       "CAST($2 AS BIGINT), "
				       "'$1 -- not /* a */ parameter', "
				       "/* $9 */ $3 -- $4",
				       &st),
			 0);
	assert_int_equal(xy_stmt_bind_double(st, 1, -3.25), 0);
	assert_int_equal(xy_stmt_bind_int64(st, 2, INT64_MAX), 0);
	assert_int_equal(xy_stmt_bind_text(st, 3, "abcdef", 3), 0);
	assert_int_equal(xy_stmt_step(st), 1);
	assert_true(xy_stmt_column_double(st, 0) == -3.25);
	assert_true(xy_stmt_column_int64(st, 1) == INT64_MAX);
	assert_string_equal(xy_stmt_column_text(st, 1, NULL),
			    "9223372036854775807");
	assert_string_equal(xy_stmt_column_text(st, 2, NULL),
			    "$1 -- not /* a */ parameter");
	assert_string_equal(xy_stmt_column_text(st, 3, &len), "abc");
	assert_int_equal(len, 3);
	xy_stmt_finalize(st);
}

static void test_db__types(void **state)
{
	each_engine(state, 1, types_case);
}

/* Aggregates: PostgreSQL's SUM and AVG of BIGINT return NUMERIC. */
static void aggregates_case(struct xy_db *db)
{
	static const int64_t created[] = {-9007199254740993LL, 10, 20000};
	struct xy_stmt *st = NULL;
	char uscc[32];

	assert_int_equal(
	    xy_db_prepare(db,
			  "INSERT INTO subjects (kind, uscc, key, name, "
			  "created_at) VALUES ($1, $2, $4, 'x', $3)",
			  &st),
	    0);
	for (int i = 0; i < 3; i++) {
		snprintf(uscc, sizeof(uscc), "u%d", i);
		assert_int_equal(xy_stmt_bind_int64(st, 1, i + 1), 0);
		assert_int_equal(xy_stmt_bind_str(st, 2, uscc), 0);
		assert_int_equal(xy_stmt_bind_int64(st, 3, created[i]), 0);
		assert_int_equal(xy_stmt_bind_blob(st, 4, uscc, strlen(uscc)),
				 0);
		assert_int_equal(xy_stmt_step(st), 0);
	}
	xy_stmt_finalize(st);

	assert_int_equal(xy_db_prepare(db,
				       "SELECT COUNT(*), SUM(created_at), "
				       "SUM(kind), AVG(kind), MAX(uscc), "
				       "SUM(kind) / 4.0 FROM subjects",
				       &st),
			 0);
	assert_int_equal(xy_stmt_step(st), 1);
	assert_int_equal(xy_stmt_column_int64(st, 0), 3);
	assert_true(xy_stmt_column_int64(st, 1) ==
		    -9007199254740993LL + 10 + 20000);
	assert_int_equal(xy_stmt_column_int64(st, 2), 6);
	assert_string_equal(xy_stmt_column_text(st, 2, NULL), "6");
	assert_true(xy_stmt_column_double(st, 3) == 2.0);
	assert_string_equal(xy_stmt_column_text(st, 4, NULL), "u2");
	assert_true(xy_stmt_column_double(st, 5) == 1.5);
	assert_int_equal(xy_stmt_step(st), 0);
	xy_stmt_finalize(st);

	assert_int_equal(xy_db_prepare(db, "SELECT CAST($1 AS NUMERIC)", &st),
			 0);
	assert_int_equal(xy_stmt_bind_str(st, 1, "-0.000012345"), 0);
	assert_int_equal(xy_stmt_step(st), 1);
	assert_true(xy_stmt_column_double(st, 0) == -0.000012345);
	assert_int_equal(xy_stmt_bind_str(st, 1, "123456789012.5"), 0);
	assert_int_equal(xy_stmt_step(st), 1);
	assert_true(xy_stmt_column_double(st, 0) == 123456789012.5);
	assert_true(xy_stmt_column_int64(st, 0) == 123456789012LL);
	xy_stmt_finalize(st);
}

static void test_db__aggregates(void **state)
{
	each_engine(state, 1, aggregates_case);
}

static void returning_case(struct xy_db *db)
{
	struct xy_stmt *st = NULL;
	int64_t last = 0;
	char uscc[32];

	assert_int_equal(xy_db_prepare(db,
				       "INSERT INTO departments (uscc, name) "
				       "VALUES ($1, 'dept') RETURNING id",
				       &st),
			 0);
	for (int i = 0; i < 3; i++) {
		snprintf(uscc, sizeof(uscc), "d%d", i);
		assert_int_equal(xy_stmt_bind_str(st, 1, uscc), 0);
		assert_int_equal(xy_stmt_step(st), 1);
		assert_true(xy_stmt_column_int64(st, 0) > last);
		last = xy_stmt_column_int64(st, 0);
		assert_int_equal(xy_stmt_step(st), 0);
		assert_int_equal(xy_stmt_reset(st), 0);
	}
	xy_stmt_finalize(st);
	assert_int_equal(db_query_int(db, "SELECT MAX(id) FROM departments"),
			 last);
}

static void test_db__returning(void **state)
{
	each_engine(state, 1, returning_case);
}

/* ---- errors ---- */

static void unique_case(struct xy_db *db)
{
	struct xy_stmt *st = NULL;

	assert_int_equal(add_department(db, "U1", "one"), 0);
	assert_int_equal(add_department(db, "U1", "again"), XY_ECONFLICT);
	assert_true(has_prefix(xy_error_msg(), "database error: "));
	assert_null(strchr(xy_error_msg(), '\n'));

	/* a blob key too, and a primary key */
	assert_int_equal(
	    xy_db_prepare(db,
			  "INSERT INTO subjects (kind, key, "
			  "name, created_at) VALUES (1, $1, 'p', 0)",
			  &st),
	    0);
	assert_int_equal(xy_stmt_bind_blob(st, 1, blind, sizeof(blind)), 0);
	assert_int_equal(xy_stmt_step(st), 0);
	assert_int_equal(xy_stmt_reset(st), 0);
	assert_int_equal(xy_stmt_step(st), XY_ECONFLICT);
	xy_stmt_finalize(st);
	assert_int_equal(xy_db_exec(db, "INSERT INTO subject_names "
					"VALUES (1, 'n', 0)"),
			 0);
	assert_int_equal(xy_db_exec(db, "INSERT INTO subject_names "
					"VALUES (1, 'n', 5)"),
			 XY_ECONFLICT);

	/* the connection goes on */
	assert_int_equal(add_department(db, "U2", "two"), 0);
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM departments"), 2);
}

static void test_db__unique_conflict(void **state)
{
	each_engine(state, 1, unique_case);
}

static void rollback_case(struct xy_db *db)
{
	assert_int_equal(xy_db_begin(db), 0);
	assert_int_equal(add_department(db, "R1", "gone"), 0);
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM departments"), 1);
	assert_int_equal(xy_db_rollback(db), 0);
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM departments"), 0);

	assert_int_equal(xy_db_begin(db), 0);
	assert_int_equal(add_department(db, "R2", "kept"), 0);
	assert_int_equal(xy_db_commit(db), 0);
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM departments"), 1);

	/* without a transaction there is nothing to roll back */
	assert_int_equal(xy_db_rollback(db), 0);
}

static void test_db__rollback(void **state)
{
	each_engine(state, 1, rollback_case);
}

/*
 * A failed statement aborts a PostgreSQL transaction, whose COMMIT is
 * then an error; SQLite carries on. Code written for both must not go on
 * after an error inside a transaction.
 */
static void commit_after_error_case(struct xy_db *db)
{
	int err;

	assert_int_equal(xy_db_begin(db), 0);
	assert_int_equal(add_department(db, "C1", "one"), 0);
	assert_int_equal(add_department(db, "C1", "dup"), XY_ECONFLICT);
	err = xy_db_commit(db);
	if (xy_db_engine(db) == XY_DB_POSTGRES) {
		assert_int_equal(err, XY_EDB);
		assert_true(strstr(xy_error_msg(), "rolled back") != NULL);
		assert_int_equal(db_query_int(db, "SELECT COUNT(*) "
					       "FROM departments"),
				 0);
	} else {
		assert_int_equal(err, 0);
		assert_int_equal(db_query_int(db, "SELECT COUNT(*) "
					       "FROM departments"),
				 1);
	}
	assert_int_equal(xy_db_rollback(db), 0);
}

static void test_db__commit_after_error(void **state)
{
	each_engine(state, 1, commit_after_error_case);
}

static void bad_sql_case(struct xy_db *db)
{
	struct xy_stmt *st = NULL;

	assert_int_equal(xy_db_prepare(db, "SELEC 1", &st), XY_EDB);
	assert_null(st);
	assert_true(has_prefix(xy_error_msg(), "database error: "));
	assert_true(strlen(xy_error_msg()) > strlen("database error: "));
	assert_null(strchr(xy_error_msg(), '\n'));

	assert_int_equal(xy_db_prepare(db, "SELECT * FROM no_such_table", &st),
			 XY_EDB);
	assert_true(strstr(xy_error_msg(), "no_such_table") != NULL);
	assert_int_equal(xy_db_prepare(db, "SELECT 1; SELECT 2", &st), XY_EDB);
	assert_int_equal(xy_db_exec(db, "CREATE TABLE (x"), XY_EDB);
	assert_true(has_prefix(xy_error_msg(), "database error: "));

	/* a NOT NULL violation is a database error, not a conflict */
	assert_int_equal(xy_db_exec(db, "INSERT INTO departments (uscc) "
					"VALUES ('x')"),
			 XY_EDB);

	/* a parameter that does not exist */
	assert_int_equal(xy_db_prepare(db, "SELECT $1", &st), 0);
	assert_int_equal(xy_stmt_bind_int64(st, 2, 1), XY_EDB);
	xy_stmt_finalize(st);

	assert_int_equal(db_query_int(db, "SELECT 1"), 1);
}

static void test_db__bad_sql(void **state)
{
	each_engine(state, 1, bad_sql_case);
}

static void test_db__unknown_url(void **state)
{
	struct xy_db *db = NULL;

	(void)state;
	assert_int_equal(xy_db_open(&db, "mysql://localhost/x", 1),
			 XY_EINVALID);
	assert_null(db);
	assert_string_equal(xy_error_msg(),
			    "unknown database url 'mysql://localhost/x'");
	assert_int_equal(xy_db_open(&db, "", 1), XY_EINVALID);
	assert_string_equal(xy_error_msg(), "unknown database url ''");
	assert_int_equal(xy_db_open(&db, "file:x", 1), XY_EINVALID);
	assert_int_equal(xy_db_open(&db, "sqlite:/nonexistent/dir/x.db", 1),
			 XY_EDB);
	assert_true(strstr(xy_error_msg(), "/nonexistent/dir/x.db") != NULL);
	assert_null(db);
}

/* ---- reuse ---- */

static void reuse_case(struct xy_db *db)
{
	struct xy_stmt *st = NULL;
	char uscc[32];
	char want[32];
	const char *got;

	assert_int_equal(xy_db_begin(db), 0);
	assert_int_equal(xy_db_prepare(db,
				       "INSERT INTO departments (name, uscc) "
				       "VALUES ($2, $1)",
				       &st),
			 0);
	for (int i = 0; i < 1000; i++) {
		snprintf(uscc, sizeof(uscc), "R%04d", i);
		snprintf(want, sizeof(want), "dept %d", i);
		assert_int_equal(xy_stmt_bind_str(st, 1, uscc), 0);
		assert_int_equal(xy_stmt_bind_str(st, 2, want), 0);
		assert_int_equal(xy_stmt_step(st), 0);
		assert_int_equal(xy_stmt_reset(st), 0);
	}
	xy_stmt_finalize(st);
	assert_int_equal(xy_db_commit(db), 0);
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM departments"),
			 1000);

	assert_int_equal(xy_db_prepare(db,
				       "SELECT name FROM departments "
				       "WHERE uscc = $1",
				       &st),
			 0);
	for (int i = 0; i < 1000; i++) {
		snprintf(uscc, sizeof(uscc), "R%04d", 999 - i);
		snprintf(want, sizeof(want), "dept %d", 999 - i);
		assert_int_equal(xy_stmt_bind_str(st, 1, uscc), 0);
		assert_int_equal(xy_stmt_step(st), 1);
		got = xy_stmt_column_text(st, 0, NULL);
		assert_string_equal(got, want);
		if (i % 2)
			assert_int_equal(xy_stmt_step(st), 0);
		assert_int_equal(xy_stmt_reset(st), 0);
	}
	/* bindings survive a reset */
	assert_int_equal(xy_stmt_step(st), 1);
	assert_string_equal(xy_stmt_column_text(st, 0, NULL), "dept 0");
	xy_stmt_finalize(st);
}

static void test_db__reuse(void **state)
{
	each_engine(state, 1, reuse_case);
}

static void size_case(struct xy_db *db)
{
	int64_t size = 0;

	assert_int_equal(xy_db_size(db, &size), 0);
	assert_true(size > 0);
}

static void test_db__size(void **state)
{
	each_engine(state, 1, size_case);
}

/* ---- writers of one SQLite file in one process take turns ---- */

struct writer {
	const char *path; /* the database */
	struct xy_db *db; /* or an open connection, for end_tx */
	int err;	  /* what the thread saw */
};

/* A second writer: waits for its turn, then adds a department. */
static void *second_writer(void *arg)
{
	struct writer *w = arg;
	struct xy_db *db;

	w->err = xy_db_open(&db, w->path, 0);
	if (w->err)
		return NULL;
	w->err = xy_db_begin(db);
	if (!w->err)
		w->err = add_department(db, "W2", "second");
	if (!w->err)
		w->err = xy_db_commit(db);
	xy_db_close(db);
	return NULL;
}

/* Commits w->db's transaction: another thread than the one that began. */
static void *end_tx(void *arg)
{
	struct writer *w = arg;

	w->err = xy_db_commit(w->db);
	return NULL;
}

static void test_db__sqlite_writers(void **state)
{
	struct fixture *fx = *state;
	struct writer second = {0}, closer = {0};
	pthread_t t2, t3;

	open_sqlite(fx, 1);
	assert_int_equal(xy_db_begin(fx->db), 0);
	assert_int_equal(add_department(fx->db, "W1", "first"), 0);
	second.path = fx->path;
	assert_int_equal(pthread_create(&t2, NULL, second_writer, &second), 0);
	usleep(200 * 1000);
	/* the second writer waits for its turn: nothing of it yet */
	assert_int_equal(db_query_int(fx->db, "SELECT COUNT(*) FROM "
					      "departments WHERE uscc = 'W2'"),
			 0);
	/* the turn ends with the transaction, whichever thread ends it */
	closer.db = fx->db;
	assert_int_equal(pthread_create(&t3, NULL, end_tx, &closer), 0);
	pthread_join(t3, NULL);
	assert_int_equal(closer.err, 0);
	pthread_join(t2, NULL);
	assert_int_equal(second.err, 0);
	assert_int_equal(db_query_int(fx->db, "SELECT COUNT(*) FROM departments"),
			 2);
	/* and this connection has its turn again */
	assert_int_equal(xy_db_begin(fx->db), 0);
	assert_int_equal(add_department(fx->db, "W3", "third"), 0);
	assert_int_equal(xy_db_commit(fx->db), 0);
	/* a BEGIN inside the transaction fails at once, it does not wait */
	assert_int_equal(xy_db_begin(fx->db), 0);
	assert_int_not_equal(xy_db_begin(fx->db), 0);
	assert_int_equal(xy_db_rollback(fx->db), 0);
	xy_error_clear();
}

/* Size of the database file itself, without its log. */
static long file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return (long)st.st_size;
}

/* One transaction of about 1.6 MB: some 100 pages of the log. */
static void write_batch(struct xy_db *db, int batch)
{
	struct xy_stmt *st = NULL;
	char uscc[32], name[2048];

	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(xy_db_begin(db), 0);
	assert_int_equal(xy_db_prepare(db,
				       "INSERT INTO departments (uscc, name) "
				       "VALUES ($1, $2)",
				       &st),
			 0);
	for (int i = 0; i < 800; i++) {
		snprintf(uscc, sizeof(uscc), "B%d-%d", batch, i);
		assert_int_equal(xy_stmt_reset(st), 0);
		assert_int_equal(xy_stmt_bind_str(st, 1, uscc), 0);
		assert_int_equal(xy_stmt_bind_str(st, 2, name), 0);
		assert_int_equal(xy_stmt_step(st), 0);
	}
	xy_stmt_finalize(st);
	assert_int_equal(xy_db_commit(db), 0);
}

/*
 * A bulk writer's log is checkpointed by another thread: its pages reach
 * the file although the log is far below SQLite's own checkpoint (1,000
 * pages), and after bulk mode the connection works as before.
 */
static void test_db__sqlite_bulk(void **state)
{
	struct fixture *fx = *state;
	struct xy_stmt *st = NULL;
	long before;

	open_sqlite(fx, 1);
	before = file_size(fx->path);
	/* without bulk mode the pages stay in the log */
	write_batch(fx->db, 0);
	assert_int_equal(file_size(fx->path), before);

	assert_int_equal(xy_db_bulk(fx->db, 1), 0);
	write_batch(fx->db, 1);
	write_batch(fx->db, 2);
	assert_int_equal(xy_db_bulk(fx->db, 0), 0); /* the last is made */
	assert_true(file_size(fx->path) > before + 3 * 1000 * 1000);
	assert_int_equal(
	    db_query_int(fx->db, "SELECT COUNT(*) FROM departments"), 2400);
	/* bulk mode off: a commit, bulk mode again, a commit */
	write_batch(fx->db, 3);
	assert_int_equal(xy_db_bulk(fx->db, 1), 0);
	write_batch(fx->db, 4);
	xy_db_close(fx->db); /* closes the checkpointer too */
	fx->db = NULL;
	assert_int_equal(xy_db_open(&fx->db, fx->path, 0), 0);
	assert_int_equal(
	    db_query_int(fx->db, "SELECT COUNT(*) FROM departments"), 4000);
	assert_int_equal(xy_db_prepare(fx->db, "PRAGMA integrity_check", &st),
			 0);
	assert_int_equal(xy_stmt_step(st), 1);
	assert_string_equal(xy_stmt_column_text(st, 0, NULL), "ok");
	xy_stmt_finalize(st);
}

/* ---- copy_stream ---- */

static const char stream_sql[] =
    "COPY departments (uscc, name) FROM STDIN (FORMAT binary)";

/* Streams the departments uscc[0..n) (named after them) in one call. */
static int stream_departments(struct xy_db *db, const char *const *uscc,
			      size_t n)
{
	struct xy_buf head = XY_BUF_INIT, rows = XY_BUF_INIT;
	int err;

	xy_copybin_start(&head);
	for (size_t i = 0; i < n; i++) {
		xy_copybin_row(&rows, 2);
		xy_copybin_bytes(&rows, uscc[i], strlen(uscc[i]));
		xy_copybin_bytes(&rows, uscc[i], strlen(uscc[i]));
	}
	err = xy_db_copy_stream(db, stream_sql, head.ptr, head.len, rows.ptr,
				rows.len);
	xy_buf_dispose(&head);
	xy_buf_dispose(&rows);
	return err;
}

/*
 * A COPY left open takes rows over several calls; the next statement
 * ends it and sees them, or reports the COPY's error; a rollback
 * abandons it; a statement finalized meanwhile is dropped later.
 */
static void copy_stream_case(struct xy_db *db)
{
	static const char *const one[] = {"S1", "S2"}, *const two[] = {"S3"};
	static const char *const dup[] = {"S4", "S1"};
	struct xy_stmt *st = NULL;

	if (xy_db_engine(db) != XY_DB_POSTGRES) {
		assert_int_equal(stream_departments(db, one, 2), XY_ERROR);
		return;
	}
	assert_int_equal(xy_db_prepare(db, "SELECT 1", &st), 0);
	assert_int_equal(xy_db_begin(db), 0);
	assert_int_equal(stream_departments(db, one, 2), 0);
	xy_stmt_finalize(st); /* while the COPY is open */
	assert_int_equal(stream_departments(db, two, 1), 0);
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM departments"),
			 3);
	assert_int_equal(xy_db_commit(db), 0);

	/* a row the table refuses: the next statement fails, nothing stays */
	assert_int_equal(xy_db_begin(db), 0);
	assert_int_equal(stream_departments(db, dup, 2), 0);
	assert_int_equal(xy_db_exec(db, "SELECT 1"), XY_ECONFLICT);
	assert_true(strstr(xy_error_msg(), "duplicate key") != NULL);
	assert_int_equal(xy_db_rollback(db), 0);
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM departments"),
			 3);

	/* rolled back while open: the rows are gone, the connection works */
	assert_int_equal(xy_db_begin(db), 0);
	assert_int_equal(stream_departments(db, two + 0, 1), 0);
	assert_int_equal(xy_db_rollback(db), 0);
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM departments"),
			 3);

	/* a commit ends it too */
	assert_int_equal(xy_db_begin(db), 0);
	assert_int_equal(stream_departments(db, dup, 1), 0);
	assert_int_equal(xy_db_commit(db), 0);
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM departments"),
			 4);
}

static void test_db__copy_stream(void **state)
{
	each_engine(state, 1, copy_stream_case);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	    T(test_db__migrate),	T(test_db__open_migrates),
	    T(test_db__types),		T(test_db__aggregates),
	    T(test_db__returning),	T(test_db__unique_conflict),
	    T(test_db__rollback),	T(test_db__commit_after_error),
	    T(test_db__bad_sql),	cmocka_unit_test(test_db__unknown_url),
	    T(test_db__reuse),		T(test_db__size),
	    T(test_db__sqlite_writers), T(test_db__sqlite_bulk),
	    T(test_db__copy_stream),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
