/*
 * ingest.c - validation and idempotent storage of records.
 *
 * Per record: validate (core/validate.c); on errors keep the raw row
 * sealed in rejects; else find or create the department and the subject
 * (both through small bounded caches, so memory does not grow with the
 * input), then look the record up by its key and insert it, store a new
 * version, or leave it. Writes are committed every opts.batch records.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/date.h"
#include "core/ids.h"
#include "core/record.h"
#include "service/ingest.h"
#include "service/subjects.h"
#include "util/error.h"
#include "util/banned.h"

#define DEFAULT_BATCH 50000
#define CACHE_SLOTS 65536 /* subjects remembered, a power of two */
#define CACHE_KEY XY_SUBJECT_KEY_MAX /* longest key cached */
#define DEPT_SLOTS 64	  /* departments remembered */

/* A subject the session has written: its key, id and last name. */
struct subject_slot {
	unsigned char key[CACHE_KEY]; /* the subject's key */
	unsigned char klen;	      /* bytes in key, 0: empty slot */
	int64_t id;		      /* subjects.id */
	uint64_t name_hash;	      /* hash of the last name recorded */
};

/* A department the session has seen. */
struct dept_slot {
	char uscc[XY_USCC_LEN + 1]; /* its USCC, "" when empty */
	int64_t id;		    /* departments.id */
};

struct xy_ingest {
	struct xy_platform *p;	      /* borrowed */
	const struct xy_item *item;   /* what is ingested */
	int64_t item_id;	      /* its database id */
	struct xy_ingest_opts opts;   /* as given */
	struct xy_vrow row;	      /* validation state, reused */
	struct xy_vinput *inputs;     /* per field, for files */
	struct xy_ingest_summary sum; /* totals so far */
	int64_t import_id;	      /* imports.id, 0 before the first */
	int in_tx;		      /* a transaction is open */
	int failed;		      /* a write failed: close rolls back */
	unsigned pending;	      /* records in the open transaction */
	struct xy_buf payload;	      /* scratch: masked values */
	struct xy_buf content;	      /* scratch: plain values */
	struct xy_buf secret;	      /* scratch: personal values */
	struct xy_buf sealed;	      /* scratch: sealed secret */
	struct xy_buf key;	      /* scratch: a subject's key */
	struct subject_slot *subjects; /* CACHE_SLOTS entries */
	struct dept_slot depts[DEPT_SLOTS]; /* small cache */
};

const char *xy_ingest_status_name(enum xy_ingest_status s)
{
	static const char *const names[] = {"new", "updated", "unchanged",
					    "rejected"};

	return names[s];
}

static uint64_t fnv1a(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 1099511628211ull;
	}
	return h;
}

int xy_ingest_open(struct xy_ingest **out, struct xy_platform *p,
		   const char *code, const struct xy_ingest_opts *opts)
{
	const struct xy_item *it = xy_catalog_item(&p->cat, code);
	struct xy_ingest *in;

	*out = NULL;
	if (!it)
		return xy_error_set(XY_ENOTFOUND, "unknown catalog '%s'", code);
	if (!opts->dry_run && !p->db)
		return xy_error_set(XY_EINVALID, "no database open");
	in = xy_xcalloc(1, sizeof(*in));
	in->p = p;
	in->item = it;
	in->item_id = xy_platform_item_id(p, it);
	in->opts = *opts;
	if (!in->opts.batch)
		in->opts.batch = DEFAULT_BATCH;
	xy_vrow_init(&in->row, it);
	in->inputs = xy_xcalloc(it->nfields, sizeof(*in->inputs));
	xy_buf_init(&in->payload, 0);
	xy_buf_init(&in->content, 0);
	xy_buf_init(&in->secret, 0);
	xy_buf_init(&in->sealed, 0);
	xy_buf_init(&in->key, 0);
	if (!opts->dry_run)
		in->subjects = xy_xcalloc(CACHE_SLOTS, sizeof(*in->subjects));
	*out = in;
	return 0;
}

const struct xy_item *xy_ingest_item(const struct xy_ingest *in)
{
	return in->item;
}

static void issue(struct xy_ingest *in, uint64_t line, const char *field,
		  const char *code, const char *message, int warning)
{
	if (warning)
		in->sum.warnings++;
	if (in->opts.on_issue)
		in->opts.on_issue(in->opts.ctx, line, field, code, message,
				  warning);
}

void xy_ingest_warn(struct xy_ingest *in, const char *field,
		    const char *code, const char *message)
{
	issue(in, 0, field, code, message, 1);
}

/* Opens the import run and the transaction when needed. */
static int ensure_tx(struct xy_ingest *in)
{
	int err = 0;

	if (in->in_tx)
		return 0;
	err = xy_db_begin(in->p->db);
	if (err < 0)
		return err;
	in->in_tx = 1;
	if (!in->import_id)
		err = xy_repo_import_start(&in->p->repo, in->item_id,
					   in->opts.source ? in->opts.source
							   : "-",
					   in->opts.reported,
					   (int64_t)time(NULL),
					   &in->import_id);
	return err;
}

static int commit(struct xy_ingest *in)
{
	int err;

	if (!in->in_tx)
		return 0;
	in->in_tx = 0;
	in->pending = 0;
	err = xy_db_commit(in->p->db);
	if (err < 0)
		xy_db_rollback(in->p->db);
	return err;
}

static int dept_id(struct xy_ingest *in, int64_t *id)
{
	const struct xy_roles *ro = &in->item->roles;
	size_t n, nn = 0;
	const char *uscc = xy_vrow_value(&in->row, ro->dept, &n);
	const char *name = ro->dept_name >= 0
		? xy_vrow_value(&in->row, ro->dept_name, &nn) : "";
	struct dept_slot *slot = NULL;
	int err;

	for (size_t i = 0; i < DEPT_SLOTS; i++) {
		struct dept_slot *s = &in->depts[i];

		if (!s->uscc[0]) {
			slot = slot ? slot : s;
			continue;
		}
		if (strlen(s->uscc) == n && !memcmp(s->uscc, uscc, n)) {
			*id = s->id;
			return 0;
		}
	}
	err = xy_repo_dept(&in->p->repo, uscc, n, name, nn, id);
	if (err == 0 && slot && n <= XY_USCC_LEN) {
		memcpy(slot->uscc, uscc, n);
		slot->uscc[n] = '\0';
		slot->id = *id;
	}
	return err;
}

/*
 * Fills in what identifies the subject of the valid row (service/
 * subjects.h) and what is stored with a new one; for persons the sealed
 * ID number goes to in->sealed and its mask to masked.
 */
static void subject_new(struct xy_ingest *in, enum xy_subject_kind kind,
			struct xy_buf *key, struct xy_buf *masked,
			struct xy_subject_new *s)
{
	const struct xy_roles *ro = &in->item->roles;
	const struct xy_vrow *r = &in->row;
	size_t n = 0, tn = 0;
	const char *v = "", *type = "";

	memset(s, 0, sizeof(*s));
	s->kind = kind ? (int)kind : XY_SUBJECT_ORG;
	s->name = xy_vrow_value(r, ro->subject_name, &s->name_len);
	s->now = in->opts.reported;
	if (kind != XY_SUBJECT_PERSON && ro->subject_uscc >= 0)
		v = xy_vrow_value(r, ro->subject_uscc, &n);
	if (n && !xy_uscc_is_placeholder(v, n)) {
		s->uscc = v;
		s->uscc_len = n;
		xy_subject_key_uscc(key, v, n);
	} else if (kind != XY_SUBJECT_PERSON && ro->subject_regno >= 0) {
		s->regno = xy_vrow_value(r, ro->subject_regno, &s->regno_len);
		xy_subject_key_regno(key, s->regno, s->regno_len);
	} else {
		if (ro->subject_id_type >= 0)
			type = xy_vrow_value(r, ro->subject_id_type, &tn);
		if (ro->subject_id_number >= 0)
			v = xy_vrow_value(r, ro->subject_id_number, &n);
		xy_subject_key_person(key, &in->p->keys, type, tn, v, n);
		xy_buf_reset(&in->sealed);
		xy_keys_seal(&in->p->keys, v, n, &in->sealed);
		xy_record_mask(masked, v, n);
		s->secret = in->sealed.ptr;
		s->secret_len = in->sealed.len;
		s->masked = masked->ptr;
	}
	s->key = key->ptr;
	s->klen = key->len;
}

/*
 * The id of the row's subject, created when new, with its name recorded.
 * The cache remembers subjects already written with their last name, so
 * a known subject costs no statement.
 */
static int subject_id(struct xy_ingest *in, int64_t *id)
{
	const struct xy_roles *ro = &in->item->roles;
	enum xy_subject_kind kind = xy_item_subject_kind(
		in->item, xy_vrow_value(&in->row, ro->subject_kind, NULL));
	struct xy_buf masked = XY_BUF_INIT;
	struct xy_subject_new s;
	struct subject_slot *slot;
	uint64_t nh;
	int err = 0, created = 0;

	xy_buf_reset(&in->key);
	subject_new(in, kind, &in->key, &masked, &s);
	nh = fnv1a(s.name, s.name_len);
	slot = &in->subjects[fnv1a(s.key, s.klen) & (CACHE_SLOTS - 1)];
	if (slot->klen == s.klen && !memcmp(slot->key, s.key, s.klen)) {
		*id = slot->id;
		if (slot->name_hash == nh)
			goto done;
	} else {
		created = xy_repo_subject_insert(&in->p->repo, &s, id);
		if (created < 0) {
			err = created;
			goto done;
		}
	}
	err = xy_repo_subject_name(&in->p->repo, *id, s.name, s.name_len,
				   in->opts.reported, !created);
	if (err == 0 && s.klen <= CACHE_KEY) {
		memcpy(slot->key, s.key, s.klen);
		slot->klen = (unsigned char)s.klen;
		slot->id = *id;
		slot->name_hash = nh;
	}
done:
	xy_buf_dispose(&masked);
	return err;
}

/* Keeps a rejected row and reports its issues. */
static int reject(struct xy_ingest *in, uint64_t line,
		  const struct xy_vinput *vals)
{
	const struct xy_roles *ro = &in->item->roles;
	const struct xy_vrow *r = &in->row;
	unsigned char hash[XY_HASH_BYTES];
	json_t *errs = json_array();
	char *errtext = NULL;
	size_t dn, wn;
	const char *dept = xy_vrow_value(r, ro->dept, &dn);
	const char *doc = xy_vrow_value(r, ro->doc_no, &wn);
	int err = 0;

	in->sum.rejected++;
	for (size_t i = 0; i < r->nissues; i++) {
		const struct xy_issue *is = &r->issues[i];
		const char *field = in->item->fields[is->field].code;

		issue(in, line, field, xy_verr_name(is->code), is->message,
		      is->warning);
		json_array_append_new(
			errs, json_pack("{s:s, s:s, s:s}", "field", field,
					"code", xy_verr_name(is->code),
					"message", is->message));
	}
	if (in->opts.dry_run)
		goto done;
	xy_buf_reset(&in->content);
	for (size_t i = 0; i < in->item->nfields; i++) {
		xy_buf_add_varint(&in->content, vals[i].len);
		xy_buf_add(&in->content, vals[i].ptr ? vals[i].ptr : "",
			   vals[i].ptr ? vals[i].len : 0);
	}
	xy_keys_hash(&in->p->keys, in->content.ptr, in->content.len, hash);
	xy_buf_reset(&in->sealed);
	xy_keys_seal(&in->p->keys, in->content.ptr, in->content.len,
		     &in->sealed);
	errtext = json_dumps(errs, JSON_COMPACT | JSON_ENSURE_ASCII);
	err = ensure_tx(in);
	if (!err)
		err = xy_repo_reject(&in->p->repo, in->item_id, dept, dn, doc,
				     wn, hash, in->opts.reported,
				     (int64_t)line, errtext, in->sealed.ptr,
				     in->sealed.len);
	in->pending++;
done:
	free(errtext);
	json_decref(errs);
	return err;
}

/* Stores a valid row; *status says how. */
static int store(struct xy_ingest *in, enum xy_ingest_status *status)
{
	const struct xy_roles *ro = &in->item->roles;
	struct xy_vrow *r = &in->row;
	unsigned char hash[XY_HASH_BYTES];
	struct xy_record_head head;
	struct xy_record_row row;
	int64_t decision = r->dates[ro->decision_date];
	int found, err;

	memset(&row, 0, sizeof(row));
	err = ensure_tx(in);
	if (!err)
		err = dept_id(in, &row.dept);
	if (!err)
		err = subject_id(in, &row.subject);
	if (err < 0)
		return err;
	row.item = in->item_id;
	row.doc_no = xy_vrow_value(r, ro->doc_no, &row.doc_len);
	row.decision_date = decision;
	row.status = 1;
	if (ro->status >= 0) {
		const char *st = xy_vrow_value(r, ro->status, NULL);

		for (size_t i = 0; i < in->item->nrevoked; i++)
			if (!strcmp(st, in->item->revoked[i]))
				row.status = 2;
	}
	/* masked values and the plain personal ones: the whole content */
	xy_buf_reset(&in->payload);
	xy_record_encode(&in->payload, r, 0);
	xy_buf_reset(&in->secret);
	xy_record_encode_secret(&in->secret, r);
	xy_keys_hash2(&in->p->keys, in->payload.ptr, in->payload.len,
		      in->secret.ptr, in->secret.len, hash);
	xy_buf_reset(&in->sealed);
	if (in->secret.len)
		xy_keys_seal(&in->p->keys, in->secret.ptr, in->secret.len,
			     &in->sealed);
	row.hash = hash;
	row.payload = in->payload.ptr;
	row.payload_len = in->payload.len;
	row.secret = in->secret.len ? in->sealed.ptr : NULL;
	row.secret_len = in->sealed.len;
	row.now = in->opts.reported;
	row.reported_date = in->opts.reported;
	row.late = row.reported_date >
		   xy_item_deadline(&in->p->cat, in->item, (int32_t)decision);

	/* Most records of an import are new: try the insert first. */
	found = xy_repo_record_insert(&in->p->repo, &row);
	if (found < 0)
		return found;
	if (found) {
		*status = XY_INGEST_NEW;
		in->sum.new_++;
		in->sum.late += (uint64_t)row.late;
		return 0;
	}
	found = xy_repo_record_find(&in->p->repo, in->item_id, row.dept,
				    row.doc_no, row.doc_len, &head);
	if (found <= 0)
		return found < 0 ? found
				 : xy_error_set(XY_EDB, "record vanished");
	/* the first reported date stays; lateness follows from it */
	row.reported_date = head.reported_date;
	row.late = row.reported_date >
		   xy_item_deadline(&in->p->cat, in->item, (int32_t)decision);
	in->sum.late += (uint64_t)row.late;
	if (!memcmp(head.hash, hash, sizeof(hash))) {
		*status = XY_INGEST_UNCHANGED;
		in->sum.unchanged++;
		return 0;
	}
	*status = XY_INGEST_UPDATED;
	in->sum.updated++;
	return xy_repo_record_update(&in->p->repo, head.id, head.version, &row);
}

int xy_ingest_record(struct xy_ingest *in, uint64_t line,
		     const struct xy_vinput *vals,
		     enum xy_ingest_status *status)
{
	struct xy_vrow *r = &in->row;
	int err = 0;

	in->sum.rows++;
	xy_validate(r, &in->p->cat, in->opts.reported, vals);
	if (r->nerrors) {
		*status = XY_INGEST_REJECTED;
		err = reject(in, line, vals);
		goto done;
	}
	for (size_t i = 0; i < r->nissues; i++)
		issue(in, line, in->item->fields[r->issues[i].field].code,
		      xy_verr_name(r->issues[i].code), r->issues[i].message, 1);
	in->sum.accepted++;
	if (in->opts.dry_run) {
		*status = XY_INGEST_NEW;
		goto done;
	}
	err = store(in, status);
	in->pending++;
done:
	if (!err && in->pending >= in->opts.batch)
		err = commit(in);
	if (err < 0)
		in->failed = 1;
	return err;
}

/* Maps header columns to fields; reports unknown and repeated columns. */
static int map_header(struct xy_ingest *in, const struct xy_csv_row *hdr,
		      int **col_field)
{
	const struct xy_item *it = in->item;
	int *map = xy_xcalloc(hdr->nfields + 1, sizeof(*map));
	char *seen = xy_xcalloc(it->nfields, 1);
	size_t known = 0;
	char msg[256];

	for (size_t c = 0; c < hdr->nfields; c++) {
		const struct xy_csv_field *h = &hdr->fields[c];
		int f = xy_item_field_by_header(it, h->ptr, h->len);

		map[c] = -1;
		if (f < 0) {
			snprintf(msg, sizeof(msg),
				 "unknown column '%.*s' ignored", (int)h->len,
				 h->ptr);
			xy_ingest_warn(in, h->ptr, "unknown_column", msg);
			continue;
		}
		if (seen[f]) {
			snprintf(msg, sizeof(msg),
				 "column '%.*s' repeats '%s', ignored",
				 (int)h->len, h->ptr, it->fields[f].code);
			xy_ingest_warn(in, it->fields[f].code,
				       "duplicate_column", msg);
			continue;
		}
		seen[f] = 1;
		map[c] = f;
		known++;
	}
	for (size_t f = 0; f < it->nfields; f++) {
		if (seen[f] || !(it->fields[f].required))
			continue;
		snprintf(msg, sizeof(msg), "required column '%s' is missing",
			 it->fields[f].code);
		xy_ingest_warn(in, it->fields[f].code, "missing_column", msg);
	}
	free(seen);
	*col_field = map;
	if (!known)
		return xy_error_set(XY_EINVALID,
				    "no column of '%s' in the header line",
				    it->code);
	return 0;
}

int xy_ingest_csv(struct xy_ingest *in, struct xy_csv_reader *rd,
		  const char *name)
{
	const struct xy_csv_row *row;
	int *map = NULL;
	size_t ncols;
	int err, rc;
	uint64_t n = 0;
	enum xy_ingest_status st;

	rc = xy_csv_next(rd, &row);
	if (rc <= 0) {
		err = rc < 0 ? rc : xy_error_set(XY_EINVALID,
						 "'%s' is empty", name);
		goto done;
	}
	ncols = row->nfields;
	err = map_header(in, row, &map);
	if (err < 0)
		goto done;
	while ((rc = xy_csv_next(rd, &row)) > 0) {
		for (size_t f = 0; f < in->item->nfields; f++)
			in->inputs[f].ptr = NULL;
		for (size_t c = 0; c < row->nfields && c < ncols; c++) {
			int f = map[c];

			if (f < 0)
				continue;
			in->inputs[f].ptr = row->fields[c].ptr;
			in->inputs[f].len = row->fields[c].len;
			in->inputs[f].bad = row->fields[c].bad;
		}
		if (row->flags & XY_CSV_ROW_TOO_LONG) {
			in->sum.rows++;
			in->sum.rejected++;
			issue(in, row->line, "", "too_long",
			      "record over the size limit", 0);
		} else {
			err = xy_ingest_record(in, row->line, in->inputs, &st);
			if (err < 0)
				goto done;
		}
		if (in->opts.on_progress && !(++n & 4095))
			in->opts.on_progress(in->opts.ctx, xy_csv_offset(rd),
					     xy_csv_size(rd));
	}
	err = rc < 0 ? rc : 0;
	if (!err && in->opts.on_progress)
		in->opts.on_progress(in->opts.ctx, xy_csv_offset(rd),
				     xy_csv_size(rd));
done:
	free(map);
	return err;
}

int xy_ingest_file(struct xy_ingest *in, const char *path)
{
	struct xy_csv_reader *rd = NULL;
	int err = xy_csv_open(&rd, path, in->opts.encoding, NULL);

	if (!err)
		err = xy_ingest_csv(in, rd, path);
	xy_csv_free(rd);
	return err;
}

int xy_ingest_close(struct xy_ingest *in, struct xy_ingest_summary *sum)
{
	struct xy_import_counts c;
	int err = 0;

	if (!in)
		return 0;
	if (!in->opts.dry_run && in->import_id && !in->failed) {
		c.rows = (int64_t)in->sum.rows;
		c.accepted = (int64_t)in->sum.accepted;
		c.rejected = (int64_t)in->sum.rejected;
		c.new_ = (int64_t)in->sum.new_;
		c.updated = (int64_t)in->sum.updated;
		c.unchanged = (int64_t)in->sum.unchanged;
		c.late = (int64_t)in->sum.late;
		c.warnings = (int64_t)in->sum.warnings;
		err = ensure_tx(in);
		if (!err)
			err = xy_repo_import_finish(&in->p->repo,
						    in->import_id, &c,
						    (int64_t)time(NULL));
		if (!err)
			err = commit(in);
	}
	if (sum)
		*sum = in->sum;
	if (in->in_tx)
		xy_db_rollback(in->p->db);
	xy_vrow_dispose(&in->row);
	free(in->inputs);
	xy_buf_dispose(&in->payload);
	xy_buf_dispose(&in->content);
	xy_buf_dispose(&in->secret);
	xy_buf_dispose(&in->sealed);
	xy_buf_dispose(&in->key);
	free(in->subjects);
	free(in);
	return err;
}
