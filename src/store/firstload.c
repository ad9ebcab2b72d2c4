/*
 * firstload.c - the first load of an empty archive (store/firstload.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/firstload.h"
#include "store/copybin.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/banned.h"

/*
 * Records stream to the server in pieces of this many bytes, so that it
 * stores them while the import makes more; the other tables' rows wait
 * for SEND_AT (each of their sends ends the records' COPY and begins
 * another: a round trip and a wait for the server to catch up).
 */
#define STREAM_AT (256u << 10)
#define SEND_AT	  (4u << 20)

enum table { T_SUBJECTS, T_NAMES, T_RECORDS, T_REJECTS, T__COUNT };

static const char *const copy_sql[T__COUNT] = {
    [T_SUBJECTS] = "COPY subjects (id, key, kind, uscc, regno, secret, "
		   "masked, name, created_at) FROM STDIN (FORMAT binary)",
    [T_NAMES] = "COPY subject_names (subject_id, name, first_seen) "
		"FROM STDIN (FORMAT binary)",
    [T_RECORDS] = "COPY records (id, item_id, dept_id, doc_no, subject_id, "
		  "decision_date, reported_date, late, status, version, "
		  "hash, payload, secret, updated_at) "
		  "FROM STDIN (FORMAT binary)",
    [T_REJECTS] = "COPY xy_load_rejects (seq, item_id, dept_uscc, doc_no, "
		  "hash, reported_date, line, errors, secret) "
		  "FROM STDIN (FORMAT binary)",
};

/*
 * Rejected rows wait in a temporary table and join rejects a few
 * thousand at a time, in their order: of rows with the same content
 * the first stays, as when they come one by one.
 */
static const char rejects_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS xy_load_rejects (seq BIGINT, "
    "item_id BIGINT, dept_uscc TEXT, doc_no TEXT, hash BYTEA, "
    "reported_date BIGINT, line BIGINT, errors TEXT, secret BYTEA) "
    "ON COMMIT DROP";

static const char rejects_move_sql[] =
    "INSERT INTO rejects (item_id, dept_uscc, doc_no, hash, "
    "reported_date, line, errors, secret) SELECT item_id, dept_uscc, "
    "doc_no, hash, reported_date, line, errors, secret "
    "FROM xy_load_rejects ORDER BY seq ON CONFLICT (item_id, hash) "
    "DO NOTHING";

/*
 * The tables a first load must find empty, and will write without
 * indexes: nobody else reads or writes them until its commit. All at
 * once and NOWAIT: anyone at work in them means the archive is not
 * empty, or soon will not be, and taking them one by one, or waiting
 * for one while holding another, could deadlock with a reader.
 */
static const char lock_sql[] =
    "LOCK TABLE subjects, subject_names, records, record_history "
    "IN ACCESS EXCLUSIVE MODE NOWAIT";

static const char empty_sql[] =
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM subjects) "
    "OR EXISTS (SELECT 1 FROM subject_names) "
    "OR EXISTS (SELECT 1 FROM records) "
    "OR EXISTS (SELECT 1 FROM record_history) THEN 0 ELSE 1 END";

/*
 * How to drop and how to build again each index of the three tables,
 * as the catalog has them (so that the migrations stay the one place
 * that says which indexes there are): a key or unique constraint by
 * ALTER TABLE, another index by its definition. An index that another
 * kind of constraint needs (a foreign key's, an exclusion) stays.
 */
static const char indexes_sql[] =
    "SELECT CASE WHEN c.conname IS NULL "
    "THEN format('DROP INDEX %s', i.indexrelid::regclass) "
    "ELSE format('ALTER TABLE %s DROP CONSTRAINT %I', "
    "i.indrelid::regclass, c.conname) END, "
    "CASE WHEN c.conname IS NULL THEN pg_get_indexdef(i.indexrelid) "
    "ELSE format('ALTER TABLE %s ADD CONSTRAINT %I %s', "
    "i.indrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) END "
    "FROM pg_index i LEFT JOIN pg_constraint c "
    "ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid "
    "AND c.contype IN ('p', 'u') "
    "WHERE i.indrelid IN ('subjects'::regclass, "
    "'subject_names'::regclass, 'records'::regclass) "
    "AND NOT EXISTS (SELECT 1 FROM pg_constraint o "
    "WHERE o.conindid = i.indexrelid AND o.contype NOT IN ('p', 'u')) "
    "ORDER BY i.indrelid, i.indexrelid";

static const char ids_sql[] =
    "SELECT nextval(pg_get_serial_sequence('subjects', 'id')), "
    "nextval(pg_get_serial_sequence('records', 'id'))";

struct xy_firstload {
	struct xy_db *db;	       /* borrowed connection */
	int64_t subject_id, record_id; /* the ids given next */
	int64_t subject0, record0;     /* the first ids given */
	struct xy_buf head;	       /* the binary COPY header */
	struct xy_buf rows[T__COUNT];  /* COPY data not sent yet */
	int64_t rejects;	       /* rejected rows given */
	char **build;		       /* statements that build the indexes */
	size_t nbuild;
};

/* The integers of sql's one row: the first, and the second when b. */
static int query_int(struct xy_db *db, const char *sql, int64_t *a, int64_t *b)
{
	struct xy_stmt *st;
	int err = xy_db_prepare(db, sql, &st);

	if (err < 0)
		return err;
	err = xy_stmt_step(st);
	if (err > 0) {
		*a = xy_stmt_column_int64(st, 0);
		if (b)
			*b = xy_stmt_column_int64(st, 1);
		err = 0;
	} else if (!err) {
		err = xy_error_set(XY_EDB, "no row from: %.40s", sql);
	}
	xy_stmt_finalize(st);
	return err;
}

static char *dup_text(struct xy_stmt *st, int col)
{
	size_t n;
	const char *s = xy_stmt_column_text(st, col, &n);
	char *out = xy_xmalloc(n + 1);

	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

/* Drops the indexes, keeping how to build each again. */
static int drop_indexes(struct xy_firstload *f)
{
	struct xy_stmt *st;
	char **drop = NULL;
	size_t n = 0;
	int err = xy_db_prepare(f->db, indexes_sql, &st);

	if (err < 0)
		return err;
	while ((err = xy_stmt_step(st)) > 0) {
		drop = xy_xrealloc(drop, (n + 1) * sizeof(*drop));
		f->build = xy_xrealloc(f->build, (n + 1) * sizeof(*f->build));
		drop[n] = dup_text(st, 0);
		f->build[n] = dup_text(st, 1);
		f->nbuild = ++n;
	}
	xy_stmt_finalize(st);
	for (size_t i = 0; i < n; i++) {
		if (err >= 0)
			err = xy_db_exec(f->db, drop[i]);
		free(drop[i]);
	}
	free(drop);
	return err < 0 ? err : 0;
}

int xy_firstload_begin(struct xy_firstload **out, struct xy_db *db)
{
	struct xy_firstload *f;
	int64_t empty = 0;
	int err;

	*out = NULL;
	if (xy_db_engine(db) != XY_DB_POSTGRES || !xy_db_has_copy(db))
		return 0;
	/* a look without the lock first: most imports stop here */
	err = query_int(db, empty_sql, &empty, NULL);
	if (err < 0 || !empty)
		return err;
	err = xy_db_exec(db, "SAVEPOINT xy_firstload");
	if (!err)
		err = xy_db_exec(db, lock_sql);
	if (!err)
		err = query_int(db, empty_sql, &empty, NULL);
	/* someone at work, or something written meanwhile: the stage */
	if (err == XY_ECONFLICT || (!err && !empty))
		return xy_db_exec(db, "ROLLBACK TO SAVEPOINT xy_firstload");
	if (!err) /* the locks stay with the transaction */
		err = xy_db_exec(db, "RELEASE SAVEPOINT xy_firstload");
	if (err < 0)
		return err;
	f = xy_xcalloc(1, sizeof(*f));
	f->db = db;
	xy_buf_init(&f->head, 0);
	xy_copybin_start(&f->head);
	for (int t = 0; t < T__COUNT; t++)
		xy_buf_init(&f->rows[t], 0);
	err = xy_db_exec(db, rejects_sql);
	if (!err)
		err = drop_indexes(f);
	if (!err)
		err = query_int(db, ids_sql, &f->subject_id, &f->record_id);
	if (err < 0) {
		xy_firstload_free(f);
		return err;
	}
	f->subject0 = f->subject_id;
	f->record0 = f->record_id;
	*out = f;
	return 1;
}

/*
 * Sends the rows held for table t into its COPY, left open (the next
 * statement on the connection ends it: the data needs no trailer).
 */
static int send(struct xy_firstload *f, enum table t)
{
	struct xy_buf *rows = &f->rows[t];
	int err;

	if (!rows->len)
		return 0;
	err = xy_db_copy_stream(f->db, copy_sql[t], f->head.ptr, f->head.len,
				rows->ptr, rows->len);
	xy_buf_reset(rows);
	return err;
}

/* Moves the rejected rows sent into rejects. */
static int move_rejects(struct xy_firstload *f)
{
	int err = send(f, T_REJECTS);

	if (!err)
		err = xy_db_exec(f->db, rejects_move_sql);
	if (!err)
		err = xy_db_exec(f->db, "TRUNCATE xy_load_rejects");
	return err;
}

/* After a row of table t: sends them all when there are enough. */
static int held(struct xy_firstload *f, enum table t)
{
	if (f->rows[t].len < (t == T_RECORDS ? STREAM_AT : SEND_AT))
		return 0;
	return t == T_REJECTS ? move_rejects(f) : send(f, t);
}

int xy_firstload_subject(struct xy_firstload *f, const struct xy_subject_new *s,
			 int64_t *id)
{
	struct xy_buf *r = &f->rows[T_SUBJECTS];
	struct xy_buf *n = &f->rows[T_NAMES];
	int err;

	*id = f->subject_id++;
	xy_copybin_row(r, 9);
	xy_copybin_int(r, *id);
	xy_copybin_bytes(r, s->key, s->klen);
	xy_copybin_int(r, s->kind);
	xy_copybin_bytes(r, s->uscc, s->uscc_len);
	xy_copybin_bytes(r, s->regno, s->regno_len);
	xy_copybin_bytes(r, s->secret, s->secret_len);
	xy_copybin_bytes(r, s->masked, s->masked ? strlen(s->masked) : 0);
	xy_copybin_bytes(r, s->name, s->name_len);
	xy_copybin_int(r, s->now);
	err = held(f, T_SUBJECTS);

	xy_copybin_row(n, 3);
	xy_copybin_int(n, *id);
	xy_copybin_bytes(n, s->name, s->name_len);
	xy_copybin_int(n, s->now);
	return err < 0 ? err : held(f, T_NAMES);
}

int xy_firstload_record(struct xy_firstload *f, const struct xy_record_row *row)
{
	struct xy_buf *r = &f->rows[T_RECORDS];

	xy_copybin_row(r, 14);
	xy_copybin_int(r, f->record_id++);
	xy_copybin_int(r, row->item);
	xy_copybin_int(r, row->dept);
	xy_copybin_bytes(r, row->doc_no, row->doc_len);
	xy_copybin_int(r, row->subject);
	xy_copybin_int(r, row->decision_date);
	xy_copybin_int(r, row->reported_date);
	xy_copybin_int(r, row->late);
	xy_copybin_int(r, row->status);
	xy_copybin_int(r, 1);
	xy_copybin_bytes(r, row->hash, 16);
	xy_copybin_bytes(r, row->payload, row->payload_len);
	xy_copybin_bytes(r, row->secret, row->secret_len);
	xy_copybin_int(r, row->now);
	return held(f, T_RECORDS);
}

int xy_firstload_reject(struct xy_firstload *f, const struct xy_reject_row *row)
{
	struct xy_buf *r = &f->rows[T_REJECTS];

	xy_copybin_row(r, 9);
	xy_copybin_int(r, ++f->rejects);
	xy_copybin_int(r, row->item);
	xy_copybin_bytes(r, row->dept, row->dept_len);
	xy_copybin_bytes(r, row->doc_no, row->doc_len);
	xy_copybin_bytes(r, row->hash, 16);
	xy_copybin_int(r, row->reported);
	xy_copybin_int(r, row->line);
	xy_copybin_bytes(r, row->errors, strlen(row->errors));
	xy_copybin_bytes(r, row->secret, row->secret_len);
	return held(f, T_REJECTS);
}

/* Moves table's sequence past the last id given, when one was. */
static int set_sequence(struct xy_db *db, const char *table, int64_t first,
			int64_t next)
{
	char sql[160];

	if (next == first)
		return 0;
	snprintf(sql, sizeof(sql),
		 "SELECT setval(pg_get_serial_sequence('%s', 'id'), %lld)",
		 table, (long long)(next - 1));
	return xy_db_exec(db, sql);
}

int xy_firstload_end(struct xy_firstload *f)
{
	int err = 0;

	for (int t = 0; t < T__COUNT && !err; t++)
		if (t != T_REJECTS)
			err = send(f, (enum table)t);
	if (!err && f->rejects)
		err = move_rejects(f);
	/*
	 * The trigram index of 306,000 names built in 2.3 s with 512 MB,
	 * 2.7 s with the default 64 MB (bench/RESULTS.md, 2026-12-01 19:00).
	 */
	if (!err)
		err = xy_db_exec(f->db, "SET LOCAL maintenance_work_mem = "
					"'512MB'");
	for (size_t i = 0; i < f->nbuild && !err; i++)
		err = xy_db_exec(f->db, f->build[i]);
	if (!err)
		err =
		    set_sequence(f->db, "subjects", f->subject0, f->subject_id);
	if (!err)
		err = set_sequence(f->db, "records", f->record0, f->record_id);
	return err;
}

void xy_firstload_free(struct xy_firstload *f)
{
	if (!f)
		return;
	xy_buf_dispose(&f->head);
	for (int t = 0; t < T__COUNT; t++)
		xy_buf_dispose(&f->rows[t]);
	for (size_t i = 0; i < f->nbuild; i++)
		free(f->build[i]);
	free(f->build);
	free(f);
}
