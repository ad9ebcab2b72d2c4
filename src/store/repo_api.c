/*
 * repo_api.c - record queries of the API (GET /api/v1/records...).
 *
 * Prepared per call like repo_read.c: struct xy_repo's statement cache
 * is a fixed enum of repo.h. The page query walks the primary key from
 * the cursor, so a page costs its rows plus the rows the filter skips.
 */
#include <string.h>

#include "store/repo.h"
#include "store/repo_api.h"
#include "util/banned.h"

#define COLUMNS XY_REPO_RECORD_COLUMNS ", s.kind"

#define FROM                                    \
	" FROM records r "                      \
	"JOIN departments d ON d.id = r.dept_id " \
	"JOIN subjects s ON s.id = r.subject_id "

/* Calls fn for every row; returns the number of rows or < 0. */
static int walk(struct xy_repo *r, struct xy_stmt *st, xy_kind_record_fn fn,
		void *ctx)
{
	struct xy_record_view v;
	int err, n = 0;

	while ((err = xy_stmt_step(st)) > 0) {
		err = xy_repo_record_view(r, st, &v);
		if (err)
			return err;
		n++;
		err = fn(ctx, &v, xy_stmt_column_int64(st, 13));
		if (err)
			return err;
	}
	return err < 0 ? err : n;
}

int xy_repo_record_by_id(struct xy_repo *r, int64_t id, xy_kind_record_fn fn,
			 void *ctx)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, "SELECT " COLUMNS FROM
				"WHERE r.id = $1",
				&st);

	if (!err)
		err = xy_stmt_bind_int64(st, 1, id);
	if (!err)
		err = walk(r, st, fn, ctx);
	xy_stmt_reset(st);
	return err < 0 ? err : err > 0;
}

int xy_repo_records_page(struct xy_repo *r, const struct xy_record_filter *f,
			 xy_kind_record_fn fn, void *ctx)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(
		r,
		"SELECT " COLUMNS FROM
		"WHERE r.id > $1 AND ($2 = '' OR d.uscc = $2) "
		"AND (CAST($3 AS BIGINT) = 0 OR r.item_id = $3) "
		"AND r.reported_date BETWEEN $4 AND $5 "
		"ORDER BY r.id LIMIT $6",
		&st);

	if (!err)
		err = xy_stmt_bind_int64(st, 1, f->after);
	if (!err)
		err = xy_stmt_bind_str(st, 2, f->dept ? f->dept : "");
	if (!err)
		err = xy_stmt_bind_int64(st, 3, f->item);
	if (!err)
		err = xy_stmt_bind_int64(st, 4, f->from);
	if (!err)
		err = xy_stmt_bind_int64(st, 5, f->to);
	if (!err)
		err = xy_stmt_bind_int64(st, 6, f->limit);
	if (!err)
		err = walk(r, st, fn, ctx);
	xy_stmt_reset(st);
	return err < 0 ? err : 0;
}
