/*
 * db.h - the small driver interface under every repository.
 *
 * One connection (struct xy_db) talks to one engine through a static
 * const method table (struct xy_db_ops), chosen by URL:
 *
 *   sqlite:PATH, a plain path, or a path ending in .db  -> SQLite
 *   postgres://... or postgresql://...                  -> PostgreSQL
 *
 * SQL is written once with $1, $2 ... parameters; each driver accepts
 * that form (the SQLite driver maps $N to ?N). Only the schema (the
 * migration files under src/store/sql/<driver>/) and a few marked hooks
 * differ between engines.
 *
 * Like SQLite's VFS, the wrappers below are the only callers of the
 * method table; optional methods may be NULL and the wrapper checks.
 * Every function returns 0 or a negative enum xy_error (XY_EDB with the
 * engine's message, XY_ECONFLICT for a unique-constraint violation) and
 * sets the thread's error message.
 *
 * Ownership: xy_db_open() gives the caller a connection to xy_db_close().
 * A statement belongs to its connection; xy_stmt_finalize() frees it and
 * accepts NULL. Text and blobs returned by columns are borrowed until the
 * next step, reset or finalize of that statement.
 *
 * A connection is used by one thread at a time.
 */
#ifndef XY_DB_H
#define XY_DB_H

#include <stddef.h>
#include <stdint.h>

#define XY_DB_OPS_VERSION 1

struct xy_db;
struct xy_stmt;

enum xy_db_engine {
	XY_DB_SQLITE,
	XY_DB_POSTGRES,
};

/* What a column of the current row holds. */
enum xy_col_type {
	XY_COL_NULL,
	XY_COL_INT,
	XY_COL_DOUBLE,
	XY_COL_TEXT,
	XY_COL_BLOB,
};

struct xy_db_ops {
	int version;	    /* XY_DB_OPS_VERSION */
	const char *name;   /* "sqlite", "postgres" */
	enum xy_db_engine engine;

	int (*open)(struct xy_db **out, const char *url);
	void (*close)(struct xy_db *db);

	/* Runs one or more statements without parameters or results. */
	int (*exec)(struct xy_db *db, const char *sql);

	int (*prepare)(struct xy_db *db, const char *sql,
		       struct xy_stmt **out);
	/* Parameters are 1-based, as in $1. */
	int (*bind_int64)(struct xy_stmt *st, int idx, int64_t v);
	int (*bind_double)(struct xy_stmt *st, int idx, double v);
	int (*bind_text)(struct xy_stmt *st, int idx, const char *s,
			 size_t len);
	int (*bind_blob)(struct xy_stmt *st, int idx, const void *p,
			 size_t len);
	int (*bind_null)(struct xy_stmt *st, int idx);

	/* 1 when a row is ready, 0 when done, <0 on error. */
	int (*step)(struct xy_stmt *st);
	/* Columns are 0-based. */
	int (*column_count)(struct xy_stmt *st);
	int (*column_is_null)(struct xy_stmt *st, int col);
	int64_t (*column_int64)(struct xy_stmt *st, int col);
	double (*column_double)(struct xy_stmt *st, int col);
	const char *(*column_text)(struct xy_stmt *st, int col, size_t *len);
	const void *(*column_blob)(struct xy_stmt *st, int col, size_t *len);
	/* Makes the statement ready to run again; bindings are kept. */
	int (*reset)(struct xy_stmt *st);
	void (*finalize)(struct xy_stmt *st);

	/* Transactions. */
	int (*begin)(struct xy_db *db);
	int (*commit)(struct xy_db *db);
	int (*rollback)(struct xy_db *db);

	/*
	 * Optional: bytes used by the database (file size, or
	 * pg_database_size), for `stats` and /metrics.
	 */
	int (*size)(struct xy_db *db, int64_t *out);

	/*
	 * Rows inserted, updated or deleted by the statement's last run,
	 * valid once step has returned 0. Lets an INSERT ... ON CONFLICT DO
	 * NOTHING tell whether it inserted without RETURNING, which SQLite
	 * implements with a temporary table per run.
	 */
	int64_t (*changes)(struct xy_stmt *st);

	/*
	 * Optional: the id given to the row the statement's last run
	 * inserted into a table whose key is generated. SQLite knows it
	 * without another statement; where this is NULL the caller looks
	 * the row up by its natural key instead.
	 */
	int (*last_id)(struct xy_stmt *st, int64_t *out);

	/* The type of a column's value in the current row. */
	enum xy_col_type (*column_type)(struct xy_stmt *st, int col);

	/*
	 * Optional: runs sql, a COPY ... FROM STDIN, with data as its
	 * input (PostgreSQL's bulk load).
	 */
	int (*copy_in)(struct xy_db *db, const char *sql, const void *data,
		       size_t len);

	/*
	 * Optional, with copy_in: sends data to COPY sql and leaves the
	 * COPY open, so that the server stores what it has while the
	 * caller makes more. A call with another sql (compared as a
	 * pointer: it stays valid until the COPY ends) begins it with head;
	 * any other call on the connection ends it first, and its error
	 * is that call's; a rollback abandons it.
	 */
	int (*copy_stream)(struct xy_db *db, const char *sql, const void *head,
			   size_t head_len, const void *data, size_t len);

	/*
	 * Optional: a read-only transaction around several reads, where it
	 * makes them cheaper (SQLite takes its file locks once instead of
	 * per statement). Ended by commit.
	 */
	int (*begin_read)(struct xy_db *db);

	/*
	 * Optional: on (1) while the connection writes many batches in a
	 * row (a file import), off (0) after its last commit. SQLite then
	 * checkpoints its log on a thread of its own.
	 */
	int (*bulk)(struct xy_db *db, int on);
};

/* The common head of every driver's connection struct. */
struct xy_db {
	const struct xy_db_ops *ops; /* the driver */
	char *url;		     /* as given to xy_db_open, owned */
};

/* The common head of every driver's statement struct. */
struct xy_stmt {
	struct xy_db *db; /* the connection it belongs to */
};

/*
 * Opens the database named by url and applies pending migrations when
 * migrate is non-zero. XY_EINVALID for an unknown scheme.
 */
int xy_db_open(struct xy_db **out, const char *url, int migrate);

/* 0 when url names a known driver, else XY_EINVALID with a message. */
int xy_db_url_check(const char *url);
void xy_db_close(struct xy_db *db);

enum xy_db_engine xy_db_engine(const struct xy_db *db);

int xy_db_exec(struct xy_db *db, const char *sql);
int xy_db_prepare(struct xy_db *db, const char *sql, struct xy_stmt **out);
int xy_db_begin(struct xy_db *db);
/* 1 when a read transaction was begun (end it with xy_db_commit), else 0. */
int xy_db_begin_read(struct xy_db *db);
int xy_db_commit(struct xy_db *db);
int xy_db_rollback(struct xy_db *db);
int xy_db_size(struct xy_db *db, int64_t *out);

/* Applies the driver's pending migrations; returns how many or < 0. */
int xy_db_migrate(struct xy_db *db);

int xy_stmt_bind_int64(struct xy_stmt *st, int idx, int64_t v);
int xy_stmt_bind_double(struct xy_stmt *st, int idx, double v);
int xy_stmt_bind_text(struct xy_stmt *st, int idx, const char *s, size_t len);
int xy_stmt_bind_str(struct xy_stmt *st, int idx, const char *s); /* NULL ok */
int xy_stmt_bind_blob(struct xy_stmt *st, int idx, const void *p,
		      size_t len);
/* As bind_text and bind_blob, but a NULL pointer binds SQL NULL. */
int xy_stmt_bind_text_opt(struct xy_stmt *st, int idx, const char *s,
			  size_t len);
int xy_stmt_bind_blob_opt(struct xy_stmt *st, int idx, const void *p,
			  size_t len);
int xy_stmt_bind_null(struct xy_stmt *st, int idx);
int xy_stmt_step(struct xy_stmt *st);
int xy_stmt_column_count(struct xy_stmt *st);
int xy_stmt_column_is_null(struct xy_stmt *st, int col);
int64_t xy_stmt_column_int64(struct xy_stmt *st, int col);
double xy_stmt_column_double(struct xy_stmt *st, int col);
const char *xy_stmt_column_text(struct xy_stmt *st, int col, size_t *len);
const void *xy_stmt_column_blob(struct xy_stmt *st, int col, size_t *len);
int xy_stmt_reset(struct xy_stmt *st); /* NULL ok */
void xy_stmt_finalize(struct xy_stmt *st);
/* Rows changed by the statement's last run (see xy_db_ops.changes). */
int64_t xy_stmt_changes(struct xy_stmt *st);

/*
 * The generated id of the row the last run inserted, when the driver
 * can tell (1), else 0 (see xy_db_ops.last_id).
 */
int xy_stmt_last_id(struct xy_stmt *st, int64_t *out);

/* The type of a column's value in the current row. */
enum xy_col_type xy_stmt_column_type(struct xy_stmt *st, int col);

/* A run of batch writes begins (on = 1) or has ended (0); see ops.bulk. */
int xy_db_bulk(struct xy_db *db, int on);

/* 1 when the driver bulk-loads with COPY (xy_db_copy_in works). */
int xy_db_has_copy(const struct xy_db *db);

/* COPY ... FROM STDIN of data; XY_ERROR without COPY. */
int xy_db_copy_in(struct xy_db *db, const char *sql, const void *data,
		  size_t len);

/* data to COPY sql, left open (see xy_db_ops.copy_stream). */
int xy_db_copy_stream(struct xy_db *db, const char *sql, const void *head,
		      size_t head_len, const void *data, size_t len);

extern const struct xy_db_ops xy_db_sqlite_ops;
extern const struct xy_db_ops xy_db_postgres_ops;

#endif
