/*
 * copy.c - table-by-table copy between engines.
 *
 * Both schemas list the same columns in the same order (the PostgreSQL
 * migrations translate the SQLite ones), so "SELECT *" on one side feeds
 * "INSERT ... VALUES ($1, ...)" on the other, each value bound by the
 * type the source engine reports. On a destination with COPY (PostgreSQL)
 * the rows go as COPY text in batches instead, which saves a round trip
 * per row. Generated ids are copied as they are; on PostgreSQL the
 * identity sequences are then moved past them, and the tables filled are
 * analysed before the commit, so that the planner has statistics from
 * the first query on (it has none for a table never analysed, and
 * autovacuum gets to them only later).
 */
#include <string.h>

#include "store/copy.h"
#include "store/copytext.h"
#include "store/repo.h"
#include "util/error.h"
#include "util/banned.h"

/* In an order that respects every reference; with their id column. */
static const struct {
	const char *name; /* table */
	const char *id;	  /* its generated id column, or NULL */
} tables[] = {
	{"catalog_items", "id"}, {"departments", "id"}, {"subjects", "id"},
	{"subject_names", NULL}, {"records", "id"},	{"record_history", NULL},
	{"imports", "id"},	 {"rejects", "id"},	{"accounts", "id"},
	{"api_keys", "id"},	 {"sessions", "id"},	{"audit_log", "id"},
	{"payload_dicts", NULL},
};

/* 1 when the table exists and has a row, 0 when empty, < 0 on error. */
static int has_rows(struct xy_db *db, const char *table)
{
	struct xy_buf sql = XY_BUF_INIT;
	struct xy_stmt *st = NULL;
	int err;

	xy_buf_addf(&sql, "SELECT 1 FROM %s LIMIT 1", table);
	err = xy_db_prepare(db, sql.ptr, &st);
	if (!err)
		err = xy_stmt_step(st);
	xy_stmt_finalize(st);
	xy_buf_dispose(&sql);
	return err;
}

static int bind_value(struct xy_stmt *to, int idx, struct xy_stmt *from,
		      int col)
{
	const void *p;
	size_t n;

	switch (xy_stmt_column_type(from, col)) {
	case XY_COL_INT:
		return xy_stmt_bind_int64(to, idx,
					  xy_stmt_column_int64(from, col));
	case XY_COL_DOUBLE:
		return xy_stmt_bind_double(to, idx,
					   xy_stmt_column_double(from, col));
	case XY_COL_TEXT:
		p = xy_stmt_column_text(from, col, &n);
		return xy_stmt_bind_text(to, idx, p, n);
	case XY_COL_BLOB:
		p = xy_stmt_column_blob(from, col, &n);
		return xy_stmt_bind_blob(to, idx, p, n);
	default:
		return xy_stmt_bind_null(to, idx);
	}
}

/* COPY text sent at once: large enough that round trips do not count. */
#define COPY_BATCH (4u << 20)

/* Appends the current row of from as a line of COPY text. */
static int copy_row(struct xy_buf *b, struct xy_stmt *from, int ncols)
{
	const void *p;
	size_t n;

	for (int i = 0; i < ncols; i++) {
		if (i)
			xy_buf_addch(b, '\t');
		switch (xy_stmt_column_type(from, i)) {
		case XY_COL_INT:
			xy_copy_int(b, xy_stmt_column_int64(from, i));
			break;
		case XY_COL_DOUBLE:
			xy_buf_addf(b, "%.17g", xy_stmt_column_double(from, i));
			break;
		case XY_COL_TEXT:
			p = xy_stmt_column_text(from, i, &n);
			if (memchr(p, '\0', n))
				return xy_error_set(XY_EDB,
						    "database error: text "
						    "holds a nul byte");
			xy_copy_text(b, p ? p : "", n);
			break;
		case XY_COL_BLOB:
			p = xy_stmt_column_blob(from, i, &n);
			xy_copy_blob(b, p ? p : "", n);
			break;
		default:
			xy_buf_adds(b, "\\N");
			break;
		}
	}
	return xy_buf_addch(b, '\n');
}

/* Copies a table into a destination with COPY, in batches. */
static int copy_table_bulk(struct xy_db *from, struct xy_db *to,
			   const char *table, int64_t *rows)
{
	struct xy_buf sql = XY_BUF_INIT, copy = XY_BUF_INIT, text = XY_BUF_INIT;
	struct xy_stmt *src = NULL;
	int err;

	*rows = 0;
	xy_buf_addf(&sql, "SELECT * FROM %s", table);
	xy_buf_addf(&copy, "COPY %s FROM STDIN", table);
	err = xy_db_prepare(from, sql.ptr, &src);
	while (!err && (err = xy_stmt_step(src)) > 0) {
		err = copy_row(&text, src, xy_stmt_column_count(src));
		if (!err)
			(*rows)++;
		if (!err && text.len >= COPY_BATCH) {
			err = xy_db_copy_in(to, copy.ptr, text.ptr, text.len);
			xy_buf_reset(&text);
		}
	}
	if (!err && text.len)
		err = xy_db_copy_in(to, copy.ptr, text.ptr, text.len);
	xy_stmt_finalize(src);
	xy_buf_dispose(&sql);
	xy_buf_dispose(&copy);
	xy_buf_dispose(&text);
	return err;
}

static int copy_table(struct xy_db *from, struct xy_db *to,
		      const char *table, int64_t *rows)
{
	struct xy_buf sql = XY_BUF_INIT;
	struct xy_stmt *src = NULL, *dst = NULL;
	int err, ncols = 0;

	*rows = 0;
	xy_buf_addf(&sql, "SELECT * FROM %s", table);
	err = xy_db_prepare(from, sql.ptr, &src);
	while (!err && (err = xy_stmt_step(src)) > 0) {
		err = 0;
		if (!dst) {
			ncols = xy_stmt_column_count(src);
			xy_buf_reset(&sql);
			xy_buf_addf(&sql, "INSERT INTO %s VALUES (", table);
			for (int i = 1; i <= ncols; i++)
				xy_buf_addf(&sql, "%s$%d", i > 1 ? ", " : "",
					    i);
			xy_buf_addch(&sql, ')');
			err = xy_db_prepare(to, sql.ptr, &dst);
		}
		for (int i = 0; !err && i < ncols; i++)
			err = bind_value(dst, i + 1, src, i);
		if (!err)
			err = xy_stmt_step(dst);
		if (!err)
			(*rows)++;
	}
	xy_stmt_finalize(src);
	xy_stmt_finalize(dst);
	xy_buf_dispose(&sql);
	return err;
}

/* Moves an identity sequence past the ids copied (PostgreSQL). */
static int bump_identity(struct xy_db *to, const char *table, const char *id)
{
	struct xy_buf sql = XY_BUF_INIT;
	int err;

	if (xy_db_engine(to) != XY_DB_POSTGRES)
		return 0;
	xy_buf_addf(&sql,
		    "SELECT setval(pg_get_serial_sequence('%s', '%s'), "
		    "COALESCE((SELECT MAX(%s) FROM %s), 0) + 1, false)",
		    table, id, id, table);
	err = xy_db_exec(to, sql.ptr);
	xy_buf_dispose(&sql);
	return err;
}

/*
 * Gathers statistics on the tables filled (PostgreSQL), inside the copy's
 * transaction so that they are committed with the rows. Without them the
 * planner guesses from the tables' sizes until autovacuum comes round.
 */
static int analyze(struct xy_db *to, const char *list)
{
	struct xy_buf sql = XY_BUF_INIT;
	int err;

	if (xy_db_engine(to) != XY_DB_POSTGRES || !*list)
		return 0;
	xy_buf_addf(&sql, "ANALYZE %s", list);
	err = xy_db_exec(to, sql.ptr);
	xy_buf_dispose(&sql);
	return err;
}

int xy_store_copy(struct xy_db *from, struct xy_db *to, struct xy_buf *log)
{
	size_t n = sizeof(tables) / sizeof(tables[0]);
	struct xy_buf filled = XY_BUF_INIT; /* "t1, t2": tables given rows */
	int bulk = xy_db_has_copy(to);
	int64_t rows;
	int err = 0;

	/* the catalog items are the destination's own, loaded at open */
	for (size_t i = 1; i < n && !err; i++) {
		err = has_rows(to, tables[i].name);
		if (err > 0)
			err = xy_error_set(XY_ECONFLICT,
					   "destination is not empty: table "
					   "'%s' has rows",
					   tables[i].name);
	}
	if (!err)
		err = xy_db_begin(to);
	if (!err)
		err = xy_db_exec(to, "DELETE FROM catalog_items");
	for (size_t i = 0; i < n && !err; i++) {
		if (bulk)
			err = copy_table_bulk(from, to, tables[i].name, &rows);
		else
			err = copy_table(from, to, tables[i].name, &rows);
		if (!err && tables[i].id)
			err = bump_identity(to, tables[i].name, tables[i].id);
		if (!err && rows)
			xy_buf_addf(&filled, "%s%s", filled.len ? ", " : "",
				    tables[i].name);
		if (!err)
			xy_buf_addf(log, "%s: %lld rows\n", tables[i].name,
				    (long long)rows);
	}
	if (!err) {
		/* the destination's own search index, if it keeps one */
		struct xy_repo r;

		xy_repo_init(&r, to);
		err = xy_repo_search_refresh(&r);
		if (!err) /* archives there changed */
			err = xy_repo_archive_touch(&r);
		xy_repo_dispose(&r);
	}
	if (!err)
		err = analyze(to, filled.ptr);
	if (!err)
		err = xy_db_commit(to);
	if (err < 0)
		xy_db_rollback(to);
	xy_buf_dispose(&filled);
	return err;
}
