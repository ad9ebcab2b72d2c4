/*
 * db_helpers.h - what the unit tests on a database share: PostgreSQL
 * URLs and administration, and reading one integer. Include after
 * <cmocka.h> and "store/db.h".
 */
#ifndef XY_TEST_DB_HELPERS_H
#define XY_TEST_DB_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* url with its database (the path of a postgresql:// URL) set to name. */
static inline void url_with_db(char *out, size_t n, const char *url,
			       const char *name)
{
	const char *auth = strstr(url, "://");
	const char *path;
	const char *rest;

	assert_non_null(auth);
	auth += 3;
	path = auth + strcspn(auth, "/?");
	rest = path;
	if (*rest == '/')
		rest += strcspn(rest, "?");
	snprintf(out, n, "%.*s/%s%s", (int)(path - url), url, name, rest);
}

/* Runs sql on the server of $XY_TEST_PG (CREATE/DROP DATABASE). */
static inline void admin_exec(const char *sql)
{
	struct xy_db *admin = NULL;

	assert_int_equal(xy_db_open(&admin, getenv("XY_TEST_PG"), 0), 0);
	assert_int_equal(xy_db_exec(admin, sql), 0);
	xy_db_close(admin);
}

/* The single integer of a query without parameters: one row exactly. */
static inline int64_t db_query_int(struct xy_db *db, const char *sql)
{
	struct xy_stmt *st = NULL;
	int64_t v;

	assert_int_equal(xy_db_prepare(db, sql, &st), 0);
	assert_int_equal(xy_stmt_step(st), 1);
	v = xy_stmt_column_int64(st, 0);
	assert_int_equal(xy_stmt_step(st), 0);
	xy_stmt_finalize(st);
	return v;
}

#endif
