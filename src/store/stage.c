/*
 * stage.c - the staging table and the set-based statements of a batch.
 *
 * On a driver with COPY the batch's rows are collected as COPY text
 * (tab-separated, \N for NULL, backslash escapes, bytea as \\x and hex)
 * and sent at the flush; otherwise each row is one prepared INSERT.
 *
 * The temporary table's column types are spelled so that both engines
 * read them right: TEXT is text, BYTEA is bytea on PostgreSQL and keeps
 * blobs as blobs on SQLite (NUMERIC affinity never touches a blob),
 * BIGINT is an integer on both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/copytext.h"
#include "store/stage.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/banned.h"

static const char create_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS xy_stage ("
    "seq INTEGER PRIMARY KEY, line BIGINT NOT NULL, "
    "dept_id BIGINT NOT NULL, doc_no TEXT NOT NULL, skey BYTEA NOT NULL, "
    "kind BIGINT NOT NULL, uscc TEXT, regno TEXT, ssecret BYTEA, "
    "masked TEXT, name TEXT NOT NULL, decision BIGINT NOT NULL, "
    "deadline BIGINT NOT NULL, status BIGINT NOT NULL, "
    "hash BYTEA NOT NULL, payload BYTEA NOT NULL, secret BYTEA)";

/*
 * What the batch's rows learn from the archive, kept apart from the wide
 * rows: filling a narrow table costs less than rewriting every staged
 * row (an UPDATE writes a whole new version of a row). Keyed like the
 * stage, so that the two meet by index.
 */
static const char create_ids_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS xy_ids ("
    "seq BIGINT PRIMARY KEY, subject_id BIGINT, "
    "fresh BIGINT NOT NULL, renamed BIGINT NOT NULL, "
    "rec_id BIGINT, old_hash BYTEA, first_reported BIGINT)";

enum stage_stmt {
	S_ADD,
	S_IDS,
	S_SUBJECTS,
	S_FRESH_IDS,
	S_NAMES,
	S_RENAME,
	S_COUNTS,
	S_STATUS,
	S_HISTORY,
	S_UPDATE,
	S_INSERT,
	S__COUNT
};

/* The batch's rows with what they learnt. */
#define STAGED "xy_ids i JOIN xy_stage s ON s.seq = i.seq"

static const char *const sql[S__COUNT] = {
    [S_ADD] = "INSERT INTO xy_stage (seq, line, dept_id, doc_no, skey, "
	      "kind, uscc, regno, ssecret, masked, name, decision, "
	      "deadline, status, hash, payload, secret) VALUES ($1, $2, "
	      "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
	      "$16, $17)",
    /*
     * Each row's subject (fresh: not in the archive yet; renamed: known,
     * and this name is new to it) and the stored version of its record.
     */
    [S_IDS] = "INSERT INTO xy_ids (seq, subject_id, fresh, renamed, "
	      "rec_id, old_hash, first_reported) "
	      "SELECT s.seq, sub.id, CASE WHEN sub.id IS NULL THEN 1 "
	      "ELSE 0 END, CASE WHEN sub.name <> s.name AND NOT EXISTS "
	      "(SELECT 1 FROM subject_names n WHERE n.subject_id = sub.id "
	      "AND n.name = s.name) THEN 1 ELSE 0 END, "
	      "r.id, r.hash, r.reported_date FROM xy_stage s "
	      "LEFT JOIN subjects sub ON sub.key = s.skey "
	      "LEFT JOIN records r ON r.dept_id = s.dept_id "
	      "AND r.item_id = $1 AND r.doc_no = s.doc_no",
    /*
     * A fresh subject, in key order, named as the row by row path names
     * it: by the name that came up last (the row where it first came).
     */
    [S_SUBJECTS] = "INSERT INTO subjects (key, kind, uscc, regno, secret, "
		   "masked, name, created_at) "
		   "SELECT skey, kind, uscc, regno, ssecret, masked, name, "
		   "CAST($1 AS BIGINT) FROM xy_stage WHERE seq IN "
		   "(SELECT MAX(f) FROM (SELECT s.skey, MIN(s.seq) AS f "
		   "FROM " STAGED " WHERE i.fresh = 1 "
		   "GROUP BY s.skey, s.name) g GROUP BY skey) "
		   "ORDER BY skey ON CONFLICT (key) DO NOTHING",
    [S_FRESH_IDS] = "UPDATE xy_ids SET subject_id = sub.id "
		    "FROM xy_stage s, subjects sub "
		    "WHERE xy_ids.fresh = 1 AND s.seq = xy_ids.seq "
		    "AND sub.key = s.skey",
    /* a known subject's name is among its names already */
    [S_NAMES] = "INSERT INTO subject_names (subject_id, name, first_seen) "
		"SELECT DISTINCT i.subject_id, s.name, CAST($1 AS BIGINT) "
		"FROM " STAGED " WHERE i.fresh = 1 OR i.renamed = 1 "
		"ORDER BY 1 ON CONFLICT DO NOTHING",
    /*
     * A known subject reported under names new to it takes the one that
     * came up last. A former name coming back (most often an old
     * decision reported late) does not rename it.
     */
    [S_RENAME] = "UPDATE subjects SET name = x.name FROM "
		 "(SELECT i.subject_id, s.name FROM " STAGED " "
		 "WHERE i.seq IN (SELECT MAX(f) FROM "
		 "(SELECT i2.subject_id, MIN(i2.seq) AS f FROM xy_ids i2 "
		 "JOIN xy_stage s2 ON s2.seq = i2.seq WHERE i2.renamed = 1 "
		 "GROUP BY i2.subject_id, s2.name) g GROUP BY subject_id)) x "
		 "WHERE subjects.id = x.subject_id AND subjects.name <> "
		 "x.name",
    [S_COUNTS] = "SELECT CAST(COALESCE(SUM(CASE WHEN i.rec_id IS NULL "
		 "THEN 1 ELSE 0 END), 0) AS BIGINT), "
		 "CAST(COALESCE(SUM(CASE WHEN i.rec_id IS NOT NULL AND "
		 "i.old_hash <> s.hash THEN 1 ELSE 0 END), 0) AS BIGINT), "
		 "CAST(COALESCE(SUM(CASE WHEN i.old_hash = s.hash THEN 1 "
		 "ELSE 0 END), 0) AS BIGINT), "
		 "CAST(COALESCE(SUM(CASE WHEN COALESCE(i.first_reported, $1) "
		 "> s.deadline THEN 1 ELSE 0 END), 0) AS BIGINT) "
		 "FROM " STAGED,
    [S_STATUS] = "SELECT s.line, CASE WHEN i.rec_id IS NULL THEN 0 "
		 "WHEN i.old_hash <> s.hash THEN 1 ELSE 2 END "
		 "FROM " STAGED " ORDER BY s.seq",
    [S_HISTORY] = "INSERT INTO record_history (record_id, version, "
		  "status, hash, payload, secret, replaced_at) "
		  "SELECT r.id, r.version, r.status, r.hash, r.payload, "
		  "r.secret, CAST($1 AS BIGINT) FROM records r "
		  "JOIN " STAGED " ON i.rec_id = r.id "
		  "WHERE i.old_hash <> s.hash",
    [S_UPDATE] = "UPDATE records SET subject_id = i.subject_id, "
		 "decision_date = s.decision, late = CASE WHEN "
		 "i.first_reported > s.deadline THEN 1 ELSE 0 END, "
		 "status = s.status, version = records.version + 1, "
		 "hash = s.hash, payload = s.payload, secret = s.secret, "
		 "updated_at = $1 FROM " STAGED " "
		 "WHERE i.rec_id = records.id AND i.old_hash <> s.hash",
    [S_INSERT] = "INSERT INTO records (item_id, dept_id, doc_no, "
		 "subject_id, decision_date, reported_date, late, status, "
		 "version, hash, payload, secret, updated_at) "
		 "SELECT CAST($1 AS BIGINT), s.dept_id, s.doc_no, "
		 "i.subject_id, s.decision, CAST($2 AS BIGINT), CASE WHEN "
		 "$2 > s.deadline THEN 1 ELSE 0 END, s.status, 1, s.hash, "
		 "s.payload, s.secret, CAST($2 AS BIGINT) FROM " STAGED " "
		 "WHERE i.rec_id IS NULL ORDER BY s.seq",
};

struct xy_stage {
	struct xy_db *db;		 /* borrowed connection */
	int64_t item;			 /* catalog_items.id */
	size_t n;			 /* rows in the batch */
	int copy;			 /* rows go through COPY */
	struct xy_buf text;		 /* the batch as COPY text */
	struct xy_stmt *stmts[S__COUNT]; /* prepared on first use */
};

static const char copy_sql[] =
    "COPY xy_stage (seq, line, dept_id, doc_no, skey, kind, uscc, regno, "
    "ssecret, masked, name, decision, deadline, status, hash, payload, "
    "secret) FROM STDIN";

static void copy_sep(struct xy_buf *b, int first)
{
	if (!first)
		xy_buf_addch(b, '\t');
}

static void copy_int(struct xy_buf *b, int64_t v, int first)
{
	copy_sep(b, first);
	xy_copy_int(b, v);
}

static void copy_text(struct xy_buf *b, const char *p, size_t n)
{
	copy_sep(b, 0);
	xy_copy_text(b, p, n);
}

static void copy_blob(struct xy_buf *b, const void *p, size_t n)
{
	copy_sep(b, 0);
	xy_copy_blob(b, p, n);
}

/* The row as a line of COPY text. */
static void copy_row(struct xy_stage *s, const struct xy_stage_row *r)
{
	struct xy_buf *b = &s->text;

	copy_int(b, (int64_t)s->n + 1, 1);
	copy_int(b, r->line, 0);
	copy_int(b, r->dept, 0);
	copy_text(b, r->doc_no, r->doc_len);
	copy_blob(b, r->subject.key, r->subject.klen);
	copy_int(b, r->subject.kind, 0);
	copy_text(b, r->subject.uscc, r->subject.uscc_len);
	copy_text(b, r->subject.regno, r->subject.regno_len);
	copy_blob(b, r->subject.secret, r->subject.secret_len);
	copy_text(b, r->subject.masked,
		  r->subject.masked ? strlen(r->subject.masked) : 0);
	copy_text(b, r->subject.name, r->subject.name_len);
	copy_int(b, r->decision, 0);
	copy_int(b, r->deadline, 0);
	copy_int(b, r->status, 0);
	copy_blob(b, r->hash, 16);
	copy_blob(b, r->payload, r->payload_len);
	copy_blob(b, r->secret, r->secret_len);
	xy_buf_addch(b, '\n');
}

static int stmt(struct xy_stage *s, enum stage_stmt q, struct xy_stmt **out)
{
	int err = 0;

	if (!s->stmts[q])
		err = xy_db_prepare(s->db, sql[q], &s->stmts[q]);
	else
		err = xy_stmt_reset(s->stmts[q]);
	*out = s->stmts[q];
	return err;
}

/* Runs statement q with the given int64 parameters to its end. */
static int run(struct xy_stage *s, enum stage_stmt q, int n, int64_t a,
	       int64_t b)
{
	struct xy_stmt *st;
	int err = stmt(s, q, &st);

	if (!err && n >= 1)
		err = xy_stmt_bind_int64(st, 1, a);
	if (!err && n >= 2)
		err = xy_stmt_bind_int64(st, 2, b);
	while (!err && (err = xy_stmt_step(st)) > 0)
		;
	return err;
}

/*
 * Empties the stage. On PostgreSQL a DELETE would leave the batch's dead
 * rows (and their index entries) in the temporary table, which no vacuum
 * ever visits: every batch would scan all the batches before it.
 * TRUNCATE gives the table fresh files. SQLite's DELETE without WHERE
 * already drops the pages.
 */
static int clear(struct xy_db *db)
{
	int err;

	if (xy_db_engine(db) == XY_DB_POSTGRES)
		return xy_db_exec(db, "TRUNCATE xy_stage, xy_ids");
	err = xy_db_exec(db, "DELETE FROM xy_stage");
	return err ? err : xy_db_exec(db, "DELETE FROM xy_ids");
}

int xy_stage_open(struct xy_stage **out, struct xy_db *db, int64_t item)
{
	struct xy_stage *s;
	int err;

	*out = NULL;
	err = xy_db_exec(db, create_sql);
	if (!err)
		err = xy_db_exec(db, create_ids_sql);
	if (!err)
		err = clear(db);
	if (err < 0)
		return err;
	s = xy_xcalloc(1, sizeof(*s));
	s->db = db;
	s->item = item;
	s->copy = xy_db_has_copy(db);
	xy_buf_init(&s->text, 0);
	*out = s;
	return 0;
}

int xy_stage_add(struct xy_stage *s, const struct xy_stage_row *r)
{
	struct xy_stmt *st;
	int err;

	if (s->copy) {
		copy_row(s, r);
		s->n++;
		return 0;
	}
	err = stmt(s, S_ADD, &st);

	if (!err)
		err = xy_stmt_bind_int64(st, 1, (int64_t)s->n + 1);
	if (!err)
		err = xy_stmt_bind_int64(st, 2, r->line);
	if (!err)
		err = xy_stmt_bind_int64(st, 3, r->dept);
	if (!err)
		err = xy_stmt_bind_text(st, 4, r->doc_no, r->doc_len);
	if (!err)
		err = xy_stmt_bind_blob(st, 5, r->subject.key, r->subject.klen);
	if (!err)
		err = xy_stmt_bind_int64(st, 6, r->subject.kind);
	if (!err)
		err = xy_stmt_bind_text_opt(st, 7, r->subject.uscc,
					    r->subject.uscc_len);
	if (!err)
		err = xy_stmt_bind_text_opt(st, 8, r->subject.regno,
					    r->subject.regno_len);
	if (!err)
		err = xy_stmt_bind_blob_opt(st, 9, r->subject.secret,
					    r->subject.secret_len);
	if (!err)
		err = xy_stmt_bind_str(st, 10, r->subject.masked);
	if (!err)
		err = xy_stmt_bind_text(st, 11, r->subject.name,
					r->subject.name_len);
	if (!err)
		err = xy_stmt_bind_int64(st, 12, r->decision);
	if (!err)
		err = xy_stmt_bind_int64(st, 13, r->deadline);
	if (!err)
		err = xy_stmt_bind_int64(st, 14, r->status);
	if (!err)
		err = xy_stmt_bind_blob(st, 15, r->hash, 16);
	if (!err)
		err = xy_stmt_bind_blob(st, 16, r->payload, r->payload_len);
	if (!err)
		err = xy_stmt_bind_blob_opt(st, 17, r->secret, r->secret_len);
	if (!err)
		err = xy_stmt_step(st);
	if (err < 0)
		return err;
	s->n++;
	return 0;
}

size_t xy_stage_size(const struct xy_stage *s)
{
	return s->n;
}

static int read_counts(struct xy_stage *s, int64_t reported,
		       struct xy_stage_counts *c)
{
	struct xy_stmt *st;
	int err = stmt(s, S_COUNTS, &st);

	if (!err)
		err = xy_stmt_bind_int64(st, 1, reported);
	while (!err && (err = xy_stmt_step(st)) > 0) {
		c->new_ += xy_stmt_column_int64(st, 0);
		c->updated += xy_stmt_column_int64(st, 1);
		c->unchanged += xy_stmt_column_int64(st, 2);
		c->late += xy_stmt_column_int64(st, 3);
		err = 0;
	}
	return err;
}

static int read_status(struct xy_stage *s, xy_stage_status_fn fn, void *ctx)
{
	struct xy_stmt *st;
	int err = stmt(s, S_STATUS, &st);

	while (!err && (err = xy_stmt_step(st)) > 0) {
		fn(ctx, xy_stmt_column_int64(st, 0),
		   (int)xy_stmt_column_int64(st, 1));
		err = 0;
	}
	return err;
}

int xy_stage_flush(struct xy_stage *s, int64_t reported,
		   struct xy_stage_counts *c, xy_stage_status_fn fn, void *ctx)
{
	char lock[64];
	int err = 0;

	if (!s->n)
		return 0;
	if (s->copy) {
		/*
		 * No ANALYZE of the stage: the joins below are forced to
		 * nested loops on indexes whatever its statistics say, and
		 * at 1,000,000 rows an import went 11 % faster without it
		 * (bench/RESULTS.md, 2026-12-01 18:05).
		 */
		err = xy_db_copy_in(s->db, copy_sql, s->text.ptr, s->text.len);
		xy_buf_reset(&s->text);
		if (err < 0)
			return err;
	}
	if (xy_db_engine(s->db) == XY_DB_POSTGRES) {
		/* writers of one item take turns (SQLite: BEGIN IMMEDIATE) */
		snprintf(lock, sizeof(lock),
			 "SELECT pg_advisory_xact_lock(7800, %lld)",
			 (long long)s->item);
		err = xy_db_exec(s->db, lock);
		/*
		 * A batch meets the archive by index, row by row. Left to
		 * itself the planner hashes the batch and scans the whole
		 * of records and subjects for it, which is cheaper for one
		 * batch and makes every batch dearer than the one before.
		 * Nor may it keep one scan of a table it takes for small
		 * (statistics taken while the archive was, the temporary
		 * tables that have none) to filter it once per staged row:
		 * 50,000 rows into an archive of one record took 15-77 s
		 * so, 2.9-3.1 s without (bench/RESULTS.md, 2026-12-01
		 * 19:35).
		 */
		if (!err)
			err = xy_db_exec(s->db, "SET LOCAL enable_hashjoin = off");
		if (!err)
			err = xy_db_exec(s->db, "SET LOCAL enable_mergejoin = off");
		if (!err)
			err = xy_db_exec(s->db,
					 "SET LOCAL enable_material = off");
	}
	if (!err)
		err = run(s, S_IDS, 1, s->item, 0);
	if (!err)
		err = run(s, S_SUBJECTS, 1, reported, 0);
	if (!err)
		err = run(s, S_FRESH_IDS, 0, 0, 0);
	if (!err)
		err = run(s, S_NAMES, 1, reported, 0);
	if (!err)
		err = run(s, S_RENAME, 0, 0, 0);
	if (!err)
		err = read_counts(s, reported, c);
	if (!err && fn)
		err = read_status(s, fn, ctx);
	if (!err)
		err = run(s, S_HISTORY, 1, reported, 0);
	if (!err)
		err = run(s, S_UPDATE, 1, reported, 0);
	if (!err)
		err = run(s, S_INSERT, 2, s->item, reported);
	if (!err)
		err = clear(s->db);
	if (!err)
		s->n = 0;
	return err;
}

void xy_stage_discard(struct xy_stage *s)
{
	s->n = 0;
	xy_buf_reset(&s->text);
	clear(s->db);
}

void xy_stage_free(struct xy_stage *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < S__COUNT; i++)
		xy_stmt_finalize(s->stmts[i]);
	xy_buf_dispose(&s->text);
	free(s);
}
