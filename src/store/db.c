/*
 * db.c - the wrappers around the driver method table, the choice of a
 * driver by URL, and the migrations.
 *
 * Like SQLite's VFS wrappers these are the only callers of struct
 * xy_db_ops: a repository never reaches into a driver. See
 * docs/internals/store.md.
 */
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/db.h"
#include "store/migrate.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/banned.h"

/* Length of the RFC 3986 scheme before the ':' of url, 0 when none. */
static size_t scheme_len(const char *url)
{
	size_t n = 0;

	if (!isalpha((unsigned char)url[0]))
		return 0;
	while (isalnum((unsigned char)url[n]) || url[n] == '+' ||
	       url[n] == '-' || url[n] == '.')
		n++;
	return url[n] == ':' ? n : 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s);
	size_t m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/*
 * The driver of url, or NULL. Anything without a scheme is a path; so is
 * a name such as "backup:2024.db" that only looks like one.
 */
static const struct xy_db_ops *find_driver(const char *url)
{
	size_t n;

	if (!strncmp(url, "postgres://", 11) ||
	    !strncmp(url, "postgresql://", 13))
		return &xy_db_postgres_ops;
	if (!strncmp(url, "sqlite:", 7))
		return &xy_db_sqlite_ops;
	if (!*url)
		return NULL;
	n = scheme_len(url);
	if (!n)
		return &xy_db_sqlite_ops;
	if (strncmp(url + n, "://", 3) && ends_with(url, ".db"))
		return &xy_db_sqlite_ops;
	return NULL;
}

int xy_db_url_check(const char *url)
{
	if (!find_driver(url))
		return xy_error_set(XY_EINVALID, "unknown database url '%s'",
				    url);
	return 0;
}

int xy_db_open(struct xy_db **out, const char *url, int migrate)
{
	const struct xy_db_ops *ops = find_driver(url);
	struct xy_db *db = NULL;
	int err;

	*out = NULL;
	if (!ops)
		return xy_db_url_check(url);
	assert(ops->version == XY_DB_OPS_VERSION);
	err = ops->open(&db, url);
	if (err < 0)
		goto done;
	db->ops = ops;
	db->url = xy_xstrdup(url);
	if (migrate) {
		err = xy_db_migrate(db);
		if (err < 0)
			goto done;
	}
	*out = db;
	db = NULL;
	err = 0;
done:
	xy_db_close(db);
	return err;
}

void xy_db_close(struct xy_db *db)
{
	if (!db)
		return;
	free(db->url);
	db->url = NULL;
	db->ops->close(db);
}

enum xy_db_engine xy_db_engine(const struct xy_db *db)
{
	return db->ops->engine;
}

int xy_db_exec(struct xy_db *db, const char *sql)
{
	return db->ops->exec(db, sql);
}

int xy_db_prepare(struct xy_db *db, const char *sql, struct xy_stmt **out)
{
	*out = NULL;
	return db->ops->prepare(db, sql, out);
}

int xy_db_begin(struct xy_db *db)
{
	return db->ops->begin(db);
}

int xy_db_commit(struct xy_db *db)
{
	return db->ops->commit(db);
}

int xy_db_rollback(struct xy_db *db)
{
	return db->ops->rollback(db);
}

int xy_db_size(struct xy_db *db, int64_t *out)
{
	*out = 0;
	if (!db->ops->size)
		return xy_error_set(
		    XY_ERROR, "the %s driver cannot tell the database size",
		    db->ops->name);
	return db->ops->size(db, out);
}

int64_t xy_stmt_changes(struct xy_stmt *st)
{
	return st->db->ops->changes(st);
}

int xy_db_bulk(struct xy_db *db, int on)
{
	return db->ops->bulk ? db->ops->bulk(db, on) : 0;
}

int xy_db_begin_read(struct xy_db *db)
{
	if (!db->ops->begin_read)
		return 0;
	return db->ops->begin_read(db) < 0 ? 0 : 1;
}

int xy_db_has_copy(const struct xy_db *db)
{
	return db->ops->copy_in != NULL;
}

int xy_db_copy_in(struct xy_db *db, const char *sql, const void *data,
		  size_t len)
{
	if (!db->ops->copy_in)
		return xy_error_set(XY_ERROR, "the %s driver has no COPY",
				    db->ops->name);
	return db->ops->copy_in(db, sql, data, len);
}

int xy_db_copy_stream(struct xy_db *db, const char *sql, const void *head,
		      size_t head_len, const void *data, size_t len)
{
	if (!db->ops->copy_stream)
		return xy_error_set(XY_ERROR, "the %s driver has no COPY",
				    db->ops->name);
	return db->ops->copy_stream(db, sql, head, head_len, data, len);
}

enum xy_col_type xy_stmt_column_type(struct xy_stmt *st, int col)
{
	return st->db->ops->column_type(st, col);
}

int xy_stmt_last_id(struct xy_stmt *st, int64_t *out)
{
	if (!st->db->ops->last_id)
		return 0;
	return st->db->ops->last_id(st, out);
}

int xy_stmt_bind_int64(struct xy_stmt *st, int idx, int64_t v)
{
	return st->db->ops->bind_int64(st, idx, v);
}

int xy_stmt_bind_double(struct xy_stmt *st, int idx, double v)
{
	return st->db->ops->bind_double(st, idx, v);
}

int xy_stmt_bind_text(struct xy_stmt *st, int idx, const char *s, size_t len)
{
	return st->db->ops->bind_text(st, idx, s ? s : "", s ? len : 0);
}

int xy_stmt_bind_str(struct xy_stmt *st, int idx, const char *s)
{
	if (!s)
		return st->db->ops->bind_null(st, idx);
	return st->db->ops->bind_text(st, idx, s, strlen(s));
}

int xy_stmt_bind_blob(struct xy_stmt *st, int idx, const void *p, size_t len)
{
	/* an empty blob is a value, not NULL, even without a pointer */
	return st->db->ops->bind_blob(st, idx, p ? p : "", p ? len : 0);
}

int xy_stmt_bind_null(struct xy_stmt *st, int idx)
{
	return st->db->ops->bind_null(st, idx);
}

int xy_stmt_bind_text_opt(struct xy_stmt *st, int idx, const char *s,
			  size_t len)
{
	return s ? xy_stmt_bind_text(st, idx, s, len)
		 : xy_stmt_bind_null(st, idx);
}

int xy_stmt_bind_blob_opt(struct xy_stmt *st, int idx, const void *p,
			  size_t len)
{
	return p ? xy_stmt_bind_blob(st, idx, p, len)
		 : xy_stmt_bind_null(st, idx);
}

int xy_stmt_step(struct xy_stmt *st)
{
	return st->db->ops->step(st);
}

int xy_stmt_column_count(struct xy_stmt *st)
{
	return st->db->ops->column_count(st);
}

int xy_stmt_column_is_null(struct xy_stmt *st, int col)
{
	return st->db->ops->column_is_null(st, col);
}

int64_t xy_stmt_column_int64(struct xy_stmt *st, int col)
{
	return st->db->ops->column_int64(st, col);
}

double xy_stmt_column_double(struct xy_stmt *st, int col)
{
	return st->db->ops->column_double(st, col);
}

const char *xy_stmt_column_text(struct xy_stmt *st, int col, size_t *len)
{
	size_t ignored;

	return st->db->ops->column_text(st, col, len ? len : &ignored);
}

const void *xy_stmt_column_blob(struct xy_stmt *st, int col, size_t *len)
{
	size_t ignored;

	return st->db->ops->column_blob(st, col, len ? len : &ignored);
}

int xy_stmt_reset(struct xy_stmt *st)
{
	return st ? st->db->ops->reset(st) : 0;
}

void xy_stmt_finalize(struct xy_stmt *st)
{
	if (!st)
		return;
	st->db->ops->finalize(st);
}

/* ---- migrations ---- */

static const char create_table_sql[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, "
    "applied_at BIGINT NOT NULL)";

/* The files of a driver live in sql/<its name>/. */
static int is_for(const struct xy_migration *m, const struct xy_db_ops *ops)
{
	return !strcmp(m->driver, ops->name);
}

/* Runs a query of one integer (0 for no row or NULL) into *out. */
static int query_int(struct xy_db *db, const char *sql, int have_arg,
		     int64_t arg, int64_t *out)
{
	struct xy_stmt *st = NULL;
	int err;

	*out = 0;
	err = xy_db_prepare(db, sql, &st);
	if (err < 0)
		goto done;
	if (have_arg) {
		err = xy_stmt_bind_int64(st, 1, arg);
		if (err < 0)
			goto done;
	}
	err = xy_stmt_step(st);
	if (err < 0)
		goto done;
	if (err == 1)
		*out = xy_stmt_column_int64(st, 0);
	err = 0;
done:
	xy_stmt_finalize(st);
	return err;
}

static int is_applied(struct xy_db *db, int version, int *applied)
{
	int64_t n;
	int err = query_int(db,
			    "SELECT COUNT(*) FROM schema_migrations "
			    "WHERE version = $1",
			    1, version, &n);

	*applied = n > 0;
	return err;
}

static int record(struct xy_db *db, const struct xy_migration *m)
{
	struct xy_stmt *st = NULL;
	int err;

	err = xy_db_prepare(db,
			    "INSERT INTO schema_migrations "
			    "(version, name, applied_at) VALUES ($1, $2, $3)",
			    &st);
	if (err < 0)
		goto done;
	err = xy_stmt_bind_int64(st, 1, m->version);
	if (err < 0)
		goto done;
	err = xy_stmt_bind_str(st, 2, m->name);
	if (err < 0)
		goto done;
	err = xy_stmt_bind_int64(st, 3, (int64_t)time(NULL));
	if (err < 0)
		goto done;
	err = xy_stmt_step(st);
done:
	xy_stmt_finalize(st);
	return err;
}

/*
 * Applies m in a transaction of its own; 1 when applied, 0 when it had
 * been. The check is repeated inside the transaction, and once more after
 * a failure, so that two processes starting together on one database
 * apply each file once and both succeed.
 */
static int apply(struct xy_db *db, const struct xy_migration *m)
{
	int applied = 0;
	int err;

	err = xy_db_begin(db);
	if (err < 0)
		return err;
	err = is_applied(db, m->version, &applied);
	if (err < 0 || applied)
		goto done;
	err = xy_db_exec(db, m->sql);
	if (err < 0)
		goto done;
	err = record(db, m);
	if (err < 0)
		goto done;
	err = xy_db_commit(db);
	if (err < 0)
		goto done;
	return 1;
done:
	xy_db_rollback(db);
	if (err < 0) {
		int first = err;
		char msg[512];

		snprintf(msg, sizeof(msg), "%s", xy_error_msg());
		if (is_applied(db, m->version, &applied) == 0 && applied) {
			xy_error_clear(); /* another process applied it */
			return 0;
		}
		return xy_error_set(first, "migration '%s': %s", m->name, msg);
	}
	return 0;
}

int xy_db_migrate(struct xy_db *db)
{
	const struct xy_migration *m;
	int64_t newest = 0;
	int known = 0;
	int n = 0;
	int err;

	/* a failure may be a race lost to another process: it exists now */
	err = xy_db_exec(db, create_table_sql);
	if (err < 0)
		err = xy_db_exec(db, create_table_sql);
	if (err < 0)
		return err;
	xy_error_clear();
	for (m = xy_migrations; m->driver; m++)
		if (is_for(m, db->ops) && m->version > known)
			known = m->version;
	err = query_int(db, "SELECT MAX(version) FROM schema_migrations", 0, 0,
			&newest);
	if (err < 0)
		return err;
	if (newest > known)
		return xy_error_set(XY_ECONFLICT,
				    "database schema version %lld is newer "
				    "than this program's (%d)",
				    (long long)newest, known);
	for (m = xy_migrations; m->driver; m++) {
		if (!is_for(m, db->ops))
			continue;
		err = apply(db, m);
		if (err < 0)
			return err;
		n += err;
	}
	return n;
}
