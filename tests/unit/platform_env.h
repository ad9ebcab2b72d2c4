/*
 * platform_env.h - a fresh platform per case, on SQLite and, when
 * XY_TEST_PG names a server, on a new PostgreSQL database too, for the
 * unit tests of services (test_auth.c, test_audit.c). Include it once,
 * after defining ENV_NAME (a word for temporary names).
 */
#ifndef XY_TEST_PLATFORM_ENV_H
#define XY_TEST_PLATFORM_ENV_H

#ifndef ENV_NAME
#error "define ENV_NAME before including platform_env.h"
#endif

#include "db_helpers.h"

/* What one case made, so that teardown cleans up after a failure. */
struct env {
	char dir[64];	       /* temporary directory: database, key file */
	char url[1024];	       /* the database of the engine being run */
	char pg_name[64];      /* the PostgreSQL database, "" when none */
	int pg;		       /* the engine is PostgreSQL */
	struct xy_platform *p; /* open on url */
};

typedef void case_fn(struct env *env);

static int counter;

static void cleanup(struct env *env)
{
	static const char *const files[] = {
	    "xy.db", "xy.db-wal", "xy.db-shm", "xy.key", "pg.key",
	};
	char path[128];

	xy_platform_free(env->p);
	env->p = NULL;
	if (env->pg_name[0]) {
		char sql[128];

		snprintf(sql, sizeof(sql),
			 "DROP DATABASE IF EXISTS %s WITH (FORCE)",
			 env->pg_name);
		env->pg_name[0] = '\0';
		admin_exec(sql);
	}
	if (!env->dir[0])
		return;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", env->dir, files[i]);
		unlink(path);
	}
	rmdir(env->dir);
	env->dir[0] = '\0';
	unsetenv("XINYONG_KEY");
}

static int setup(void **state)
{
	*state = calloc(1, sizeof(struct env));
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	cleanup(*state);
	free(*state);
	return 0;
}

static void open_platform(struct env *env)
{
	struct xy_buf log = XY_BUF_INIT;

	assert_int_equal(xy_platform_init(env->url, &log), 0);
	xy_buf_dispose(&log);
	assert_int_equal(xy_platform_open(&env->p, env->url, 0), 0);
}

/* Runs fn on a fresh platform of each engine in turn. */
static void each_engine(void **state, case_fn *fn)
{
	struct env *env = *state;
	const char *pg = getenv("XY_TEST_PG");
	char key[128], sql[128];

	unsetenv("XINYONG_CATALOG");
	unsetenv("XINYONG_KEY");
	snprintf(env->dir, sizeof(env->dir), "/tmp/xy_test_" ENV_NAME "_XXXXXX");
	assert_non_null(mkdtemp(env->dir));
	snprintf(env->url, sizeof(env->url), "%s/xy.db", env->dir);
	env->pg = 0;
	open_platform(env);
	fn(env);
	cleanup(env);

	if (!pg || !*pg)
		return;
	snprintf(env->dir, sizeof(env->dir), "/tmp/xy_test_" ENV_NAME "_XXXXXX");
	assert_non_null(mkdtemp(env->dir));
	snprintf(key, sizeof(key), "%s/pg.key", env->dir);
	setenv("XINYONG_KEY", key, 1);
	snprintf(env->pg_name, sizeof(env->pg_name), "xy_" ENV_NAME "_%ld_%d",
		 (long)getpid(), ++counter);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", env->pg_name);
	admin_exec(sql);
	url_with_db(env->url, sizeof(env->url), pg, env->pg_name);
	env->pg = 1;
	open_platform(env);
	fn(env);
	cleanup(env);
}

#endif
