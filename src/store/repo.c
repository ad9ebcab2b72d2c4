/*
 * repo.c - the archive's statements. Each is written once, with $N
 * parameters, and runs on every driver.
 */
#include <assert.h>
#include <string.h>

#include "store/repo.h"
#include "util/error.h"
#include "util/banned.h"

static const char *const sql[XY_Q__COUNT] = {
	[XY_Q_ITEM_GET] = "SELECT id, definition FROM catalog_items "
			  "WHERE code = $1",
	[XY_Q_ITEM_INSERT] = "INSERT INTO catalog_items "
			     "(code, name, version, definition) "
			     "VALUES ($1, $2, $3, $4) RETURNING id",
	[XY_Q_ITEM_UPDATE] = "UPDATE catalog_items SET name = $2, "
			     "version = $3, definition = $4 WHERE id = $1",
	[XY_Q_DEPT_GET] = "SELECT id FROM departments WHERE uscc = $1",
	[XY_Q_DEPT_INSERT] = "INSERT INTO departments (uscc, name) "
			     "VALUES ($1, $2) ON CONFLICT (uscc) DO NOTHING "
			     "RETURNING id",
	[XY_Q_SUBJ_GET] = "SELECT id FROM subjects WHERE key = $1",
	[XY_Q_SUBJ_INSERT] = "INSERT INTO subjects (key, kind, uscc, regno, "
			     "secret, masked, name, created_at) "
			     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
			     "ON CONFLICT (key) DO NOTHING",
	[XY_Q_SUBJ_RENAME] = "UPDATE subjects SET name = $2 WHERE id = $1",
	[XY_Q_NAME_INSERT] = "INSERT INTO subject_names "
			     "(subject_id, name, first_seen) "
			     "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
	[XY_Q_REC_GET] = "SELECT id, version, reported_date, hash "
			 "FROM records WHERE dept_id = $1 AND item_id = $2 "
			 "AND doc_no = $3",
	[XY_Q_REC_INSERT] = "INSERT INTO records (item_id, dept_id, doc_no, "
			    "subject_id, decision_date, reported_date, late, "
			    "status, version, hash, payload, secret, "
			    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
			    "$8, 1, $9, $10, $11, $12) "
			    "ON CONFLICT (dept_id, item_id, doc_no) DO NOTHING",
	[XY_Q_REC_UPDATE] = "UPDATE records SET subject_id = $2, "
			    "decision_date = $3, late = $4, status = $5, "
			    "version = $6, hash = $7, payload = $8, "
			    "secret = $9, updated_at = $10 WHERE id = $1",
	[XY_Q_HIST_INSERT] = "INSERT INTO record_history (record_id, version, "
			     "status, hash, payload, secret, replaced_at) "
			     "SELECT id, version, status, hash, payload, "
			     "secret, $2 FROM records WHERE id = $1",
	[XY_Q_REJECT_INSERT] = "INSERT INTO rejects (item_id, dept_uscc, "
			       "doc_no, hash, reported_date, line, errors, "
			       "secret) VALUES ($1, $2, $3, $4, $5, $6, $7, "
			       "$8) ON CONFLICT (item_id, hash) DO NOTHING",
	[XY_Q_IMPORT_INSERT] = "INSERT INTO imports (item_id, source, "
			       "reported_date, started_at) "
			       "VALUES ($1, $2, $3, $4) RETURNING id",
	[XY_Q_IMPORT_FINISH] = "UPDATE imports SET rows = $2, accepted = $3, "
			       "rejected = $4, new = $5, updated = $6, "
			       "unchanged = $7, late = $8, warnings = $9, "
			       "finished_at = $10 WHERE id = $1",
	[XY_Q_DICT_INSERT] = "INSERT INTO payload_dicts (id, item_id, dict, "
			     "created_at) VALUES ($1, $2, $3, $4) "
			     "ON CONFLICT (id) DO NOTHING",
	[XY_Q_DICT_LATEST] = "SELECT dict FROM payload_dicts WHERE item_id = $1 "
			     "ORDER BY created_at DESC, id DESC LIMIT 1",
	[XY_Q_DICT_GET] = "SELECT dict FROM payload_dicts WHERE id = $1",
};

void xy_repo_init(struct xy_repo *r, struct xy_db *db)
{
	memset(r, 0, sizeof(*r));
	r->db = db;
	xy_buf_init(&r->plain, 0);
}

void xy_repo_dispose(struct xy_repo *r)
{
	for (size_t i = 0; i < XY_Q__COUNT; i++)
		xy_stmt_finalize(r->stmts[i]);
	for (size_t i = 0; i < r->ncache; i++)
		xy_stmt_finalize(r->cache[i].st);
	xy_zunpack_free(r->unpack);
	xy_buf_dispose(&r->plain);
	memset(r, 0, sizeof(*r));
}

int xy_repo_prepare(struct xy_repo *r, const char *text,
		    struct xy_stmt **out)
{
	size_t i;
	int err;

	for (i = 0; i < r->ncache; i++)
		if (r->cache[i].sql == text) {
			*out = r->cache[i].st;
			return xy_stmt_reset(*out);
		}
	/* one slot per query text of the program: more is a coding error */
	assert(r->ncache < XY_REPO_CACHE);
	err = xy_db_prepare(r->db, text, out);
	if (err < 0)
		return err;
	r->cache[r->ncache].sql = text;
	r->cache[r->ncache].st = *out;
	r->ncache++;
	return 0;
}

/* The statement q, prepared on first use and reset for a new run. */
static int stmt(struct xy_repo *r, enum xy_repo_stmt q, struct xy_stmt **out)
{
	int err = 0;

	if (!r->stmts[q])
		err = xy_db_prepare(r->db, sql[q], &r->stmts[q]);
	else
		err = xy_stmt_reset(r->stmts[q]);
	*out = r->stmts[q];
	return err;
}

int xy_repo_write(struct xy_stmt *st)
{
	int rc = xy_stmt_step(st);

	if (rc < 0)
		return rc;
	return xy_stmt_changes(st) > 0;
}

/* Runs st to its end; *id gets the first column of the first row. */
static int run(struct xy_stmt *st, int64_t *id)
{
	int rc, found = 0;

	while ((rc = xy_stmt_step(st)) > 0) {
		if (!found && id)
			*id = xy_stmt_column_int64(st, 0);
		found = 1;
	}
	return rc < 0 ? rc : found;
}

int xy_repo_item_sync(struct xy_repo *r, const char *code, const char *name,
		      const char *version, const char *json, int64_t *id)
{
	struct xy_stmt *st;
	int err, found = 0;
	int same = 0;

	err = stmt(r, XY_Q_ITEM_GET, &st);
	if (!err)
		err = xy_stmt_bind_str(st, 1, code);
	while (!err && (err = xy_stmt_step(st)) > 0) {
		size_t n;
		const char *def = xy_stmt_column_text(st, 1, &n);

		*id = xy_stmt_column_int64(st, 0);
		found = 1;
		same = n == strlen(json) && !memcmp(def, json, n);
		err = 0;
	}
	if (err < 0 || same)
		return err < 0 ? err : 0;
	err = stmt(r, found ? XY_Q_ITEM_UPDATE : XY_Q_ITEM_INSERT, &st);
	if (!err && found)
		err = xy_stmt_bind_int64(st, 1, *id);
	if (!err && !found)
		err = xy_stmt_bind_str(st, 1, code);
	if (!err)
		err = xy_stmt_bind_str(st, 2, name);
	if (!err)
		err = xy_stmt_bind_str(st, 3, version);
	if (!err)
		err = xy_stmt_bind_str(st, 4, json);
	if (!err)
		err = run(st, found ? NULL : id);
	return err < 0 ? err : 0;
}

/* Looks a department up by USCC: 1 and *id when found. */
static int dept_get(struct xy_repo *r, const char *uscc, size_t uscc_len,
		    int64_t *id)
{
	struct xy_stmt *st;
	int err = stmt(r, XY_Q_DEPT_GET, &st);

	if (!err)
		err = xy_stmt_bind_text(st, 1, uscc, uscc_len);
	if (!err)
		err = run(st, id);
	return err;
}

int xy_repo_dept(struct xy_repo *r, const char *uscc, size_t uscc_len,
		 const char *name, size_t name_len, int64_t *id)
{
	struct xy_stmt *st;
	int err = dept_get(r, uscc, uscc_len, id);

	if (err != 0)
		return err < 0 ? err : 0;
	err = stmt(r, XY_Q_DEPT_INSERT, &st);
	if (!err)
		err = xy_stmt_bind_text(st, 1, uscc, uscc_len);
	if (!err)
		err = xy_stmt_bind_text(st, 2, name, name_len);
	if (!err)
		err = run(st, id);
	if (err == 0) /* another writer created it first */
		err = dept_get(r, uscc, uscc_len, id);
	if (err == 0)
		err = xy_error_set(XY_EDB, "department '%.*s' vanished",
				   (int)uscc_len, uscc);
	return err < 0 ? err : 0;
}

int xy_repo_subject_find(struct xy_repo *r, const void *key, size_t klen,
			 int64_t *id)
{
	struct xy_stmt *st;
	int err = stmt(r, XY_Q_SUBJ_GET, &st);

	if (!err)
		err = xy_stmt_bind_blob(st, 1, key, klen);
	if (!err)
		err = run(st, id);
	return err;
}

int xy_repo_subject_insert(struct xy_repo *r, const struct xy_subject_new *s,
			   int64_t *id)
{
	struct xy_stmt *st;
	int err;

	err = stmt(r, XY_Q_SUBJ_INSERT, &st);
	if (!err)
		err = xy_stmt_bind_blob(st, 1, s->key, s->klen);
	if (!err)
		err = xy_stmt_bind_int64(st, 2, s->kind);
	if (!err)
		err = xy_stmt_bind_text_opt(st, 3, s->uscc, s->uscc_len);
	if (!err)
		err = xy_stmt_bind_text_opt(st, 4, s->regno, s->regno_len);
	if (!err)
		err = xy_stmt_bind_blob_opt(st, 5, s->secret, s->secret_len);
	if (!err)
		err = xy_stmt_bind_str(st, 6, s->masked);
	if (!err)
		err = xy_stmt_bind_text(st, 7, s->name, s->name_len);
	if (!err)
		err = xy_stmt_bind_int64(st, 8, s->now);
	if (!err)
		err = xy_repo_write(st);
	if (err == 1 && xy_stmt_last_id(st, id))
		return 1;
	if (err >= 0 && xy_repo_subject_find(r, s->key, s->klen, id) != 1)
		err = xy_error_set(XY_EDB, "subject not found after insert");
	return err;
}

int xy_repo_subject_name(struct xy_repo *r, int64_t subject,
			 const char *name, size_t name_len, int64_t day,
			 int rename)
{
	struct xy_stmt *st;
	int err;

	err = stmt(r, XY_Q_NAME_INSERT, &st);
	if (!err)
		err = xy_stmt_bind_int64(st, 1, subject);
	if (!err)
		err = xy_stmt_bind_text(st, 2, name, name_len);
	if (!err)
		err = xy_stmt_bind_int64(st, 3, day);
	if (!err)
		err = xy_repo_write(st);
	if (err == 1) {
		/* a name new to the subject: findable from now on */
		int e = xy_repo_search_add(r, subject, name, name_len);

		if (e < 0)
			return e;
	}
	if (err <= 0 || !rename)
		return err;
	/* a new name: it is also the latest one */
	err = stmt(r, XY_Q_SUBJ_RENAME, &st);
	if (!err)
		err = xy_stmt_bind_int64(st, 1, subject);
	if (!err)
		err = xy_stmt_bind_text(st, 2, name, name_len);
	if (!err)
		err = run(st, NULL);
	return err < 0 ? err : 1;
}

int xy_repo_record_find(struct xy_repo *r, int64_t item, int64_t dept,
			const char *doc_no, size_t doc_len,
			struct xy_record_head *out)
{
	struct xy_stmt *st;
	int err, found = 0;

	err = stmt(r, XY_Q_REC_GET, &st);
	if (!err)
		err = xy_stmt_bind_int64(st, 1, dept);
	if (!err)
		err = xy_stmt_bind_int64(st, 2, item);
	if (!err)
		err = xy_stmt_bind_text(st, 3, doc_no, doc_len);
	while (!err && (err = xy_stmt_step(st)) > 0) {
		size_t n;
		const void *h = xy_stmt_column_blob(st, 3, &n);

		out->id = xy_stmt_column_int64(st, 0);
		out->version = xy_stmt_column_int64(st, 1);
		out->reported_date = xy_stmt_column_int64(st, 2);
		memset(out->hash, 0, sizeof(out->hash));
		memcpy(out->hash, h, n < 16 ? n : 16);
		found = 1;
		err = 0;
	}
	return err < 0 ? err : found;
}

/* Binds the columns shared by insert and update, from parameter first. */
static int bind_content(struct xy_stmt *st, int first,
			const struct xy_record_row *row)
{
	int err = xy_stmt_bind_blob(st, first, row->hash, 16);

	if (!err)
		err = xy_stmt_bind_blob(st, first + 1, row->payload,
					row->payload_len);
	if (!err)
		err = xy_stmt_bind_blob_opt(st, first + 2, row->secret,
					    row->secret_len);
	if (!err)
		err = xy_stmt_bind_int64(st, first + 3, row->now);
	return err;
}

int xy_repo_record_insert(struct xy_repo *r, const struct xy_record_row *row)
{
	struct xy_stmt *st;
	int err;

	err = stmt(r, XY_Q_REC_INSERT, &st);
	if (!err)
		err = xy_stmt_bind_int64(st, 1, row->item);
	if (!err)
		err = xy_stmt_bind_int64(st, 2, row->dept);
	if (!err)
		err = xy_stmt_bind_text(st, 3, row->doc_no, row->doc_len);
	if (!err)
		err = xy_stmt_bind_int64(st, 4, row->subject);
	if (!err)
		err = xy_stmt_bind_int64(st, 5, row->decision_date);
	if (!err)
		err = xy_stmt_bind_int64(st, 6, row->reported_date);
	if (!err)
		err = xy_stmt_bind_int64(st, 7, row->late);
	if (!err)
		err = xy_stmt_bind_int64(st, 8, row->status);
	if (!err)
		err = bind_content(st, 9, row);
	if (!err)
		err = xy_repo_write(st);
	return err;
}

int xy_repo_record_update(struct xy_repo *r, int64_t id, int64_t version,
			  const struct xy_record_row *row)
{
	struct xy_stmt *st;
	int err;

	err = stmt(r, XY_Q_HIST_INSERT, &st);
	if (!err)
		err = xy_stmt_bind_int64(st, 1, id);
	if (!err)
		err = xy_stmt_bind_int64(st, 2, row->now);
	if (!err)
		err = run(st, NULL);
	if (err < 0)
		return err;
	err = stmt(r, XY_Q_REC_UPDATE, &st);
	if (!err)
		err = xy_stmt_bind_int64(st, 1, id);
	if (!err)
		err = xy_stmt_bind_int64(st, 2, row->subject);
	if (!err)
		err = xy_stmt_bind_int64(st, 3, row->decision_date);
	if (!err)
		err = xy_stmt_bind_int64(st, 4, row->late);
	if (!err)
		err = xy_stmt_bind_int64(st, 5, row->status);
	if (!err)
		err = xy_stmt_bind_int64(st, 6, version + 1);
	if (!err)
		err = bind_content(st, 7, row);
	if (!err)
		err = run(st, NULL);
	return err < 0 ? err : 0;
}

int xy_repo_reject(struct xy_repo *r, const struct xy_reject_row *row)
{
	struct xy_stmt *st;
	int err;

	err = stmt(r, XY_Q_REJECT_INSERT, &st);
	if (!err)
		err = xy_stmt_bind_int64(st, 1, row->item);
	if (!err)
		err = xy_stmt_bind_text(st, 2, row->dept, row->dept_len);
	if (!err)
		err = xy_stmt_bind_text(st, 3, row->doc_no, row->doc_len);
	if (!err)
		err = xy_stmt_bind_blob(st, 4, row->hash, 16);
	if (!err)
		err = xy_stmt_bind_int64(st, 5, row->reported);
	if (!err)
		err = xy_stmt_bind_int64(st, 6, row->line);
	if (!err)
		err = xy_stmt_bind_str(st, 7, row->errors);
	if (!err)
		err = xy_stmt_bind_blob(st, 8, row->secret, row->secret_len);
	if (!err)
		err = run(st, NULL);
	return err < 0 ? err : 0;
}

int xy_repo_import_start(struct xy_repo *r, int64_t item, const char *source,
			 int64_t reported, int64_t started_at, int64_t *id)
{
	struct xy_stmt *st;
	int err;

	err = stmt(r, XY_Q_IMPORT_INSERT, &st);
	if (!err)
		err = xy_stmt_bind_int64(st, 1, item);
	if (!err)
		err = xy_stmt_bind_str(st, 2, source);
	if (!err)
		err = xy_stmt_bind_int64(st, 3, reported);
	if (!err)
		err = xy_stmt_bind_int64(st, 4, started_at);
	if (!err)
		err = run(st, id);
	return err < 0 ? err : 0;
}

int xy_repo_import_finish(struct xy_repo *r, int64_t id,
			  const struct xy_import_counts *c,
			  int64_t finished_at)
{
	const int64_t v[] = {c->rows,	   c->accepted,	 c->rejected,
			     c->new_,	   c->updated,	 c->unchanged,
			     c->late,	   c->warnings,	 finished_at};
	struct xy_stmt *st;
	int err;

	err = stmt(r, XY_Q_IMPORT_FINISH, &st);
	if (!err)
		err = xy_stmt_bind_int64(st, 1, id);
	for (int i = 0; !err && i < (int)(sizeof(v) / sizeof(v[0])); i++)
		err = xy_stmt_bind_int64(st, i + 2, v[i]);
	if (!err)
		err = run(st, NULL);
	return err < 0 ? err : 0;
}

int xy_repo_analyze(struct xy_repo *r)
{
	if (xy_db_engine(r->db) != XY_DB_POSTGRES)
		return 0;
	return xy_db_exec(r->db, "ANALYZE records, subjects, subject_names");
}

static int no_generations(void)
{
	return xy_error_set(XY_ERROR, "the generations row is missing "
				      "(migration 006)");
}

int xy_repo_archive_touch(struct xy_repo *r)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(
	    r, "UPDATE generations SET archive = archive + 1 WHERE id = 1",
	    &st);

	if (!err)
		err = xy_repo_write(st);
	xy_stmt_reset(st);
	if (err == 0)
		err = no_generations();
	return err < 0 ? err : 0;
}

int xy_repo_generations(struct xy_repo *r, struct xy_generations *out)
{
	struct xy_stmt *st = NULL;
	int err = xy_repo_prepare(
	    r, "SELECT archive, auth FROM generations WHERE id = 1", &st);

	if (!err)
		err = xy_stmt_step(st);
	if (err > 0) {
		out->archive = xy_stmt_column_int64(st, 0);
		out->auth = xy_stmt_column_int64(st, 1);
	}
	xy_stmt_reset(st);
	if (err == 0)
		err = no_generations();
	return err < 0 ? err : 0;
}

/* The first column of st's only row, a blob, into out: 1, or 0. */
static int one_blob(struct xy_stmt *st, int err, struct xy_buf *out)
{
	const void *p;
	size_t n;

	if (!err)
		err = xy_stmt_step(st);
	if (err > 0) {
		p = xy_stmt_column_blob(st, 0, &n);
		xy_buf_reset(out);
		err = xy_buf_add(out, p, n);
		if (!err)
			err = 1;
	}
	xy_stmt_reset(st);
	return err;
}

/* Dictionary id into out: 1, or 0 when there is none. */
static int dict_get(struct xy_repo *r, uint32_t id, struct xy_buf *out)
{
	struct xy_stmt *st;
	int err = stmt(r, XY_Q_DICT_GET, &st);

	if (!err)
		err = xy_stmt_bind_int64(st, 1, id);
	return one_blob(st, err, out);
}

/*
 * 1 when dictionary id is stored with these bytes; XY_ECONFLICT when
 * another one has its id (zstd's ids are 31-bit hashes: two of them
 * meeting is unlikely, and would make payloads unreadable).
 */
static int same_dict(struct xy_repo *r, uint32_t id, const void *dict,
		     size_t len)
{
	struct xy_buf have = XY_BUF_INIT;
	int err = dict_get(r, id, &have);

	if (err == 1 && (have.len != len || memcmp(have.ptr, dict, len)))
		err = xy_error_set(XY_ECONFLICT,
				   "payload dictionary %u: another one has "
				   "that id",
				   (unsigned)id);
	xy_buf_dispose(&have);
	return err;
}

int xy_repo_dict_store(struct xy_repo *r, uint32_t id, int64_t item,
		       const void *dict, size_t len, int64_t day)
{
	struct xy_stmt *st;
	int err;

	err = stmt(r, XY_Q_DICT_INSERT, &st);
	if (!err)
		err = xy_stmt_bind_int64(st, 1, id);
	if (!err)
		err = xy_stmt_bind_int64(st, 2, item);
	if (!err)
		err = xy_stmt_bind_blob(st, 3, dict, len);
	if (!err)
		err = xy_stmt_bind_int64(st, 4, day);
	if (!err)
		err = xy_repo_write(st);
	if (err == 0) /* stored already: it must be this one */
		err = same_dict(r, id, dict, len);
	return err < 0 ? err : 0;
}

int xy_repo_dict_latest(struct xy_repo *r, int64_t item, struct xy_buf *dict)
{
	struct xy_stmt *st;
	int err = stmt(r, XY_Q_DICT_LATEST, &st);

	if (!err)
		err = xy_stmt_bind_int64(st, 1, item);
	return one_blob(st, err, dict);
}

/* xy_zfetch_fn of the connection's unpacker. */
static int fetch_dict(void *ctx, uint32_t id, struct xy_buf *dict)
{
	int err = dict_get(ctx, id, dict);

	return err == 0 ? XY_ENOTFOUND : err < 0 ? err : 0;
}

int xy_repo_unpack(struct xy_repo *r, const void *stored, size_t n,
		   const void **plain, size_t *plain_len)
{
	if (!xy_zpack_is_packed(stored, n)) {
		*plain = stored;
		*plain_len = n;
		return 0;
	}
	if (!r->unpack)
		r->unpack = xy_zunpack_new(fetch_dict, r);
	return xy_zunpack(r->unpack, stored, n, &r->plain, plain, plain_len);
}
