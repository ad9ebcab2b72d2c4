/*
 * repo_read.c - the archive's read queries (stats, export, archive).
 *
 * Prepared per call: these run once per command, not per record.
 */
#include <string.h>

#include "store/repo.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/banned.h"

static const char *text(struct xy_stmt *st, int col)
{
	return xy_stmt_column_is_null(st, col) ? NULL
					       : xy_stmt_column_text(st, col,
								     NULL);
}

/* Prepares sql and binds the period and department filter. */
static int prepare_period(struct xy_repo *r, const char *sql, int64_t from,
			  int64_t to, const char *dept, struct xy_stmt **st)
{
	int err = xy_repo_prepare(r, sql, st);

	if (!err)
		err = xy_stmt_bind_int64(*st, 1, from);
	if (!err)
		err = xy_stmt_bind_int64(*st, 2, to);
	if (!err)
		err = xy_stmt_bind_str(*st, 3, dept ? dept : "");
	return err;
}

static int walk_counts(struct xy_repo *r, const char *sql, int64_t from,
		       int64_t to, const char *dept, xy_count_fn fn, void *ctx)
{
	struct xy_stmt *st = NULL;
	int err = prepare_period(r, sql, from, to, dept, &st);

	while (!err && (err = xy_stmt_step(st)) > 0)
		err = fn(ctx, text(st, 0), text(st, 1), text(st, 2),
			 xy_stmt_column_int64(st, 3),
			 xy_stmt_column_int64(st, 4));
	xy_stmt_reset(st);
	return err;
}

int xy_repo_count_records(struct xy_repo *r, int64_t from, int64_t to,
			  const char *dept, xy_count_fn fn, void *ctx)
{
	return walk_counts(
		r,
		"SELECT d.uscc, d.name, i.code, COUNT(*), "
		"CAST(SUM(r.late) AS BIGINT) FROM records r "
		"JOIN departments d ON d.id = r.dept_id "
		"JOIN catalog_items i ON i.id = r.item_id "
		"WHERE r.reported_date BETWEEN $1 AND $2 "
		"AND ($3 = '' OR d.uscc = $3) "
		"GROUP BY d.uscc, d.name, i.code ORDER BY d.uscc, i.code",
		from, to, dept, fn, ctx);
}

int xy_repo_count_rejects(struct xy_repo *r, int64_t from, int64_t to,
			  const char *dept, xy_count_fn fn, void *ctx)
{
	return walk_counts(
		r,
		"SELECT x.dept_uscc, d.name, i.code, COUNT(*), "
		"CAST(0 AS BIGINT) FROM rejects x "
		"JOIN catalog_items i ON i.id = x.item_id "
		"LEFT JOIN departments d ON d.uscc = x.dept_uscc "
		"WHERE x.reported_date BETWEEN $1 AND $2 "
		"AND ($3 = '' OR x.dept_uscc = $3) "
		"GROUP BY x.dept_uscc, d.name, i.code "
		"ORDER BY x.dept_uscc, i.code",
		from, to, dept, fn, ctx);
}

int xy_repo_doc_numbers(struct xy_repo *r, int64_t from, int64_t to,
			const char *dept, xy_docno_fn fn, void *ctx)
{
	struct xy_stmt *st = NULL;
	int err = prepare_period(
		r,
		"SELECT d.uscc, i.code, r.doc_no FROM records r "
		"JOIN departments d ON d.id = r.dept_id "
		"JOIN catalog_items i ON i.id = r.item_id "
		"WHERE r.reported_date BETWEEN $1 AND $2 "
		"AND ($3 = '' OR d.uscc = $3) "
		"UNION ALL SELECT x.dept_uscc, i.code, x.doc_no "
		"FROM rejects x JOIN catalog_items i ON i.id = x.item_id "
		"WHERE x.reported_date BETWEEN $1 AND $2 "
		"AND ($3 = '' OR x.dept_uscc = $3)",
		from, to, dept, &st);

	while (!err && (err = xy_stmt_step(st)) > 0) {
		size_t n;
		const char *doc = xy_stmt_column_text(st, 2, &n);

		err = fn(ctx, text(st, 0), text(st, 1), doc, n);
	}
	xy_stmt_reset(st);
	return err;
}


int xy_repo_record_view(struct xy_repo *r, struct xy_stmt *st,
			struct xy_record_view *v)
{
	const void *stored;
	size_t n;

	memset(v, 0, sizeof(*v));
	v->id = xy_stmt_column_int64(st, 0);
	v->item = xy_stmt_column_int64(st, 1);
	v->dept_uscc = text(st, 2);
	v->dept_name = text(st, 3);
	v->doc_no = text(st, 4);
	v->subject = xy_stmt_column_int64(st, 5);
	v->decision_date = xy_stmt_column_int64(st, 6);
	v->reported_date = xy_stmt_column_int64(st, 7);
	v->late = xy_stmt_column_int64(st, 8);
	v->status = xy_stmt_column_int64(st, 9);
	v->version = xy_stmt_column_int64(st, 10);
	if (!xy_stmt_column_is_null(st, 12))
		v->secret = xy_stmt_column_blob(st, 12, &v->secret_len);
	stored = xy_stmt_column_blob(st, 11, &n);
	return xy_repo_unpack(r, stored, n, (const void **)&v->payload,
			      &v->payload_len);
}

static int walk_records(struct xy_repo *r, struct xy_stmt *st, int history,
			xy_record_fn fn, void *ctx)
{
	struct xy_record_view v;
	int err;

	while ((err = xy_stmt_step(st)) > 0) {
		err = xy_repo_record_view(r, st, &v);
		if (err)
			break;
		if (history)
			v.replaced_at = xy_stmt_column_int64(st, 13);
		err = fn(ctx, &v);
		if (err)
			break;
	}
	return err;
}

static int records_query(struct xy_repo *r, const char *sql, int64_t arg,
			 int history, xy_record_fn fn, void *ctx)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, sql, &st);

	if (!err)
		err = xy_stmt_bind_int64(st, 1, arg);
	if (!err)
		err = walk_records(r, st, history, fn, ctx);
	xy_stmt_reset(st);
	return err;
}

int xy_repo_records_of_item(struct xy_repo *r, int64_t item,
			    xy_record_fn fn, void *ctx)
{
	return records_query(r,
			     "SELECT " XY_REPO_RECORD_COLUMNS " FROM records r "
			     "JOIN departments d ON d.id = r.dept_id "
			     "WHERE r.item_id = $1 ORDER BY r.id",
			     item, 0, fn, ctx);
}

int xy_repo_records_of_subject(struct xy_repo *r, int64_t subject,
			       xy_record_fn fn, void *ctx)
{
	return records_query(r,
			     "SELECT " XY_REPO_RECORD_COLUMNS " FROM records r "
			     "JOIN departments d ON d.id = r.dept_id "
			     "WHERE r.subject_id = $1 "
			     "ORDER BY r.item_id, r.decision_date, r.id",
			     subject, 0, fn, ctx);
}

int xy_repo_history(struct xy_repo *r, int64_t record, xy_record_fn fn,
		    void *ctx)
{
	return records_query(
		r,
		"SELECT r.id, r.item_id, d.uscc, d.name, r.doc_no, "
		"r.subject_id, r.decision_date, r.reported_date, r.late, "
		"h.status, h.version, h.payload, h.secret, h.replaced_at "
		"FROM record_history h JOIN records r ON r.id = h.record_id "
		"JOIN departments d ON d.id = r.dept_id "
		"WHERE h.record_id = $1 ORDER BY h.version",
		record, 1, fn, ctx);
}

#define SUBJECT_VIEW "SELECT id, kind, uscc, regno, masked, name FROM subjects "

/* Hands the subject st finds to fn: 1 when there was one. */
static int subject_rows(struct xy_stmt *st, int err, xy_subject_fn fn,
			void *ctx)
{
	struct xy_subject_view v;
	int found = 0;

	while (!err && (err = xy_stmt_step(st)) > 0) {
		v.id = xy_stmt_column_int64(st, 0);
		v.kind = xy_stmt_column_int64(st, 1);
		v.uscc = text(st, 2);
		v.regno = text(st, 3);
		v.masked = text(st, 4);
		v.name = text(st, 5);
		found = 1;
		err = fn(ctx, &v);
	}
	if (st)
		xy_stmt_reset(st);
	return err < 0 ? err : found;
}

int xy_repo_subject_get(struct xy_repo *r, int64_t id, xy_subject_fn fn,
			void *ctx)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, SUBJECT_VIEW "WHERE id = $1", &st);

	if (!err)
		err = xy_stmt_bind_int64(st, 1, id);
	return subject_rows(st, err, fn, ctx);
}

int xy_repo_subject_get_by_key(struct xy_repo *r, const void *key,
			       size_t klen, xy_subject_fn fn, void *ctx)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(r, SUBJECT_VIEW "WHERE key = $1", &st);

	if (!err)
		err = xy_stmt_bind_blob(st, 1, key, klen);
	return subject_rows(st, err, fn, ctx);
}

int xy_repo_subject_names(struct xy_repo *r, int64_t id, xy_name_fn fn,
			  void *ctx)
{
	struct xy_stmt *st = NULL;
	int err;

	err = xy_repo_prepare(r,
			    "SELECT name, first_seen FROM subject_names "
			    "WHERE subject_id = $1 ORDER BY first_seen, name",
			    &st);
	if (!err)
		err = xy_stmt_bind_int64(st, 1, id);
	while (!err && (err = xy_stmt_step(st)) > 0)
		err = fn(ctx, text(st, 0), xy_stmt_column_int64(st, 1));
	xy_stmt_reset(st);
	return err;
}

/* Candidates looked at before ranking, so a common word stays cheap. */
#define SEARCH_CANDIDATES "1000"

/*
 * The candidates of a name search, per engine and query length: on
 * SQLite FTS5 with the xy_bigram tokenizer (store/fts_bigram.h), whose
 * phrase of overlapping pairs matches exactly the names containing a text
 * of two characters or more (ASCII case aside), and a scan of the names
 * for one character; on PostgreSQL pg_trgm's index through LIKE, which
 * scans too under three characters.
 * Then the same ranking: the exact name, then names that start with the
 * text, then shorter names. The ranking needs the matched names only, so
 * the candidates are ranked and cut first, and only those kept meet
 * their subjects (a join per candidate cost more than the search).
 */
#define SEARCH_RANK(name, id)                                              \
	"ORDER BY " name " = $2 DESC, substr(" name ", 1, length($2)) = $2 " \
	"DESC, length(" name "), " id " LIMIT $3"
#define SEARCH(candidates)                                                 \
	"SELECT s.id, s.kind, s.name, n.name, s.uscc, s.regno, s.masked "  \
	"FROM (SELECT name, subject_id FROM (" candidates " LIMIT "        \
	SEARCH_CANDIDATES ") c " SEARCH_RANK("c.name", "c.subject_id") ") n " \
	"JOIN subjects s ON s.id = n.subject_id "                          \
	SEARCH_RANK("n.name", "s.id")

static const char search_sqlite_fts[] = SEARCH(
	"SELECT name, subject_id FROM subject_fts WHERE subject_fts MATCH $1");
static const char search_sqlite_scan[] = SEARCH(
	"SELECT name, subject_id FROM subject_names WHERE instr(name, $1) > 0");
static const char search_pg[] = SEARCH(
	"SELECT name, subject_id FROM subject_names WHERE name LIKE $1");

/* Code points in s: the bigram index needs two. */
static size_t chars(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* The first parameter of the candidates' query, by engine. */
static void search_pattern(struct xy_buf *b, const char *sql, const char *q,
			   size_t n)
{
	if (sql == search_pg) {
		/* LIKE '%q%', with its wildcards taken literally */
		xy_buf_addch(b, '%');
		for (size_t i = 0; i < n; i++) {
			if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
				xy_buf_addch(b, '\\');
			xy_buf_addch(b, q[i]);
		}
		xy_buf_addch(b, '%');
	} else if (sql == search_sqlite_fts) {
		/* an FTS5 string: the whole query as one phrase */
		xy_buf_addch(b, '"');
		for (size_t i = 0; i < n; i++) {
			if (q[i] == '"')
				xy_buf_addch(b, '"');
			xy_buf_addch(b, q[i]);
		}
		xy_buf_addch(b, '"');
	} else {
		xy_buf_add(b, q, n);
	}
}

int xy_repo_search(struct xy_repo *r, const char *q, size_t qlen,
		   int64_t limit, xy_search_fn fn, void *ctx)
{
	const char *sql = xy_db_engine(r->db) == XY_DB_POSTGRES ? search_pg
			: chars(q, qlen) >= 2			? search_sqlite_fts
								: search_sqlite_scan;
	struct xy_buf pat = XY_BUF_INIT;
	struct xy_search_hit h;
	struct xy_stmt *st = NULL;
	int err;

	search_pattern(&pat, sql, q, qlen);
	err = xy_repo_prepare(r, sql, &st);
	if (!err)
		err = xy_stmt_bind_text(st, 1, pat.ptr, pat.len);
	if (!err)
		err = xy_stmt_bind_text(st, 2, q, qlen);
	if (!err)
		err = xy_stmt_bind_int64(st, 3, limit);
	while (!err && (err = xy_stmt_step(st)) > 0) {
		h.id = xy_stmt_column_int64(st, 0);
		h.kind = xy_stmt_column_int64(st, 1);
		h.name = text(st, 2);
		h.matched = text(st, 3);
		h.uscc = text(st, 4);
		h.regno = text(st, 5);
		h.masked = text(st, 6);
		err = fn(ctx, &h);
	}
	xy_stmt_reset(st);
	xy_buf_dispose(&pat);
	return err;
}

/*
 * SQLite keeps its FTS5 index by these; PostgreSQL's GIN index is kept
 * by the engine.
 */
static const char search_refresh[] =
	"INSERT INTO subject_fts (name, subject_id) "
	"SELECT name, subject_id FROM subject_names WHERE subject_id > "
	"(SELECT last_subject FROM search_state) ORDER BY subject_id";
static const char search_mark[] =
	"UPDATE search_state SET last_subject = "
	"(SELECT COALESCE(MAX(id), 0) FROM subjects)";
static const char search_one[] =
	"INSERT INTO subject_fts (name, subject_id) SELECT $1, $2 "
	"WHERE $2 <= (SELECT last_subject FROM search_state)";

/* Runs a write to its end and leaves it reset. */
static int run_write(struct xy_stmt *st)
{
	int err;

	while ((err = xy_stmt_step(st)) > 0)
		;
	xy_stmt_reset(st);
	return err;
}

int xy_repo_search_refresh(struct xy_repo *r)
{
	struct xy_stmt *st = NULL;
	int err;

	if (xy_db_engine(r->db) != XY_DB_SQLITE)
		return 0;
	err = xy_repo_prepare(r, search_refresh, &st);
	if (!err)
		err = run_write(st);
	if (!err)
		err = xy_repo_prepare(r, search_mark, &st);
	if (!err)
		err = run_write(st);
	return err;
}

int xy_repo_search_add(struct xy_repo *r, int64_t subject, const char *name,
		       size_t name_len)
{
	struct xy_stmt *st = NULL;
	int err;

	if (xy_db_engine(r->db) != XY_DB_SQLITE)
		return 0;
	err = xy_repo_prepare(r, search_one, &st);
	if (!err)
		err = xy_stmt_bind_text(st, 1, name, name_len);
	if (!err)
		err = xy_stmt_bind_int64(st, 2, subject);
	if (!err)
		err = run_write(st);
	return err;
}

int xy_repo_search_cjk(struct xy_repo *r)
{
	struct xy_stmt *st = NULL;
	int err;
	int64_t n = 0;

	if (xy_db_engine(r->db) != XY_DB_POSTGRES)
		return 1;
	err = xy_db_prepare(r->db,
			    "SELECT CAST(cardinality(show_trgm('槐荫区')) "
			    "AS BIGINT)",
			    &st);
	if (!err && (err = xy_stmt_step(st)) > 0)
		n = xy_stmt_column_int64(st, 0);
	xy_stmt_finalize(st);
	return err < 0 ? err : n > 0;
}
