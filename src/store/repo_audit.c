/*
 * repo_audit.c - the queries of repo_audit.h.
 */
#include <string.h>

#include "store/repo.h"
#include "store/repo_audit.h"
#include "util/banned.h"

#define COLUMNS                                                                \
	"SELECT id, at, account_id, name, role, dept, action, route, "         \
	"subject_id, purpose, detail, prev, hash FROM audit_log "

static const char sql_last[] = COLUMNS "ORDER BY id DESC LIMIT 1";
static const char sql_page[] = COLUMNS "WHERE id > $1 ORDER BY id LIMIT $2";
static const char sql_subject[] =
    COLUMNS "WHERE subject_id = $1 ORDER BY id DESC";
static const char sql_insert[] =
    "INSERT INTO audit_log (id, at, account_id, name, role, dept, action, "
    "route, subject_id, purpose, detail, prev, hash) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

/* One writer of the chain at a time, until commit (4242: any constant). */
static const char pg_lock[] = "SELECT pg_advisory_xact_lock(4242)";

static struct xy_audit_text text_at(struct xy_stmt *st, int col)
{
	struct xy_audit_text t;

	t.s = xy_stmt_column_text(st, col, &t.n);
	return t;
}

/* Calls fn for every row of st; the number of rows, or < 0. */
static int walk(struct xy_stmt *st, int err, xy_audit_row_fn fn, void *ctx)
{
	struct xy_audit_row row;
	int n = 0;

	while (!err && (err = xy_stmt_step(st)) == 1) {
		row.id = xy_stmt_column_int64(st, 0);
		row.at = xy_stmt_column_int64(st, 1);
		row.account_id = xy_stmt_column_int64(st, 2);
		row.name = text_at(st, 3);
		row.role = text_at(st, 4);
		row.dept = text_at(st, 5);
		row.action = text_at(st, 6);
		row.route = text_at(st, 7);
		row.subject_id = xy_stmt_column_int64(st, 8);
		row.purpose = text_at(st, 9);
		row.detail = text_at(st, 10);
		row.prev = xy_stmt_column_blob(st, 11, &row.prev_len);
		row.hash = xy_stmt_column_blob(st, 12, &row.hash_len);
		n++;
		err = fn(ctx, &row);
	}
	xy_stmt_reset(st);
	return err < 0 ? err : n;
}

int xy_repo_audit_lock(struct xy_repo *r)
{
	if (xy_db_engine(r->db) != XY_DB_POSTGRES)
		return 0;
	return xy_db_exec(r->db, pg_lock);
}

int xy_repo_audit_last(struct xy_repo *r, xy_audit_row_fn fn, void *ctx)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, sql_last, &st);

	return st ? walk(st, err, fn, ctx) : err;
}

static int bind_text(struct xy_stmt *st, int idx, struct xy_audit_text t)
{
	return xy_stmt_bind_text_opt(st, idx, t.s, t.n);
}

int xy_repo_audit_insert(struct xy_repo *r, const struct xy_audit_row *row)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, sql_insert, &st);

	if (!err)
		err = xy_stmt_bind_int64(st, 1, row->id);
	if (!err)
		err = xy_stmt_bind_int64(st, 2, row->at);
	if (!err)
		err = xy_stmt_bind_int64(st, 3, row->account_id);
	if (!err)
		err = bind_text(st, 4, row->name);
	if (!err)
		err = bind_text(st, 5, row->role);
	if (!err)
		err = bind_text(st, 6, row->dept);
	if (!err)
		err = bind_text(st, 7, row->action);
	if (!err)
		err = bind_text(st, 8, row->route);
	if (!err)
		err = xy_stmt_bind_int64(st, 9, row->subject_id);
	if (!err)
		err = bind_text(st, 10, row->purpose);
	if (!err)
		err = bind_text(st, 11, row->detail);
	if (!err)
		err = xy_stmt_bind_blob(st, 12, row->prev, XY_AUDIT_HASH);
	if (!err)
		err = xy_stmt_bind_blob(st, 13, row->hash, XY_AUDIT_HASH);
	if (!err)
		err = xy_stmt_step(st);
	xy_stmt_reset(st);
	return err < 0 ? err : 0;
}

int xy_repo_audit_page(struct xy_repo *r, int64_t after, int64_t limit,
		       xy_audit_row_fn fn, void *ctx)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, sql_page, &st);

	if (!err)
		err = xy_stmt_bind_int64(st, 1, after);
	if (!err)
		err = xy_stmt_bind_int64(st, 2, limit);
	return st ? walk(st, err, fn, ctx) : err;
}

int xy_repo_audit_subject(struct xy_repo *r, int64_t subject,
			  xy_audit_row_fn fn, void *ctx)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, sql_subject, &st);

	if (!err)
		err = xy_stmt_bind_int64(st, 1, subject);
	return st ? walk(st, err, fn, ctx) : err;
}
