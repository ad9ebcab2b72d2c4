/*
 * ingest.c - validation and idempotent storage of records.
 *
 * A record goes through two steps. Preparing it is pure work on the
 * validated row: the subject's key (a keyed blind index for a person),
 * the masked payload, the sealed personal values, the content hash, the
 * deadline; or, for a rejected row, the sealed raw row and its errors.
 * Writing it runs the statements: department and subject (through
 * bounded caches, so memory does not grow with the input), then the
 * record inserted, a new version stored, or left unchanged. Writes are
 * committed every opts.batch records.
 *
 * A file is imported by two threads: the caller's reads, validates and
 * prepares, a writer thread owns the database connection and writes, the
 * two joined by a small ring of prepared jobs. On a server engine with
 * COPY (PostgreSQL) the writer stages each batch and stores it with a few
 * set-based statements (store/stage.h) instead of a round trip per
 * record; into an empty archive it writes the rows as they are stored,
 * with the indexes built at the end (store/firstload.h), for as long as
 * it can tell by itself that each is new. Records given by field (the
 * API's) are prepared a batch at a time (xy_ingest_hold), then written
 * (xy_ingest_write_next).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/date.h"
#include "core/ids.h"
#include "core/record.h"
#include "service/ingest.h"
#include "service/ingest_json.h"
#include "service/subjects.h"
#include "store/firstload.h"
#include "store/stage.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/idcache.h"
#include "util/utf8.h"
#include "util/zpack.h"
#include "util/banned.h"

/*
 * Records per transaction. Each commit writes every page the batch
 * touched to the WAL and, at a checkpoint, once more into the file: the
 * index pages that every batch touches cost per commit. 50,000 measured
 * 18 % faster than 10,000 at 1M rows, in the same memory (the name index
 * is still brought up to date every SEARCH_EVERY records).
 */
#define DEFAULT_BATCH 50000
#define STAGE_BATCH 10000  /* PostgreSQL: rows in one COPY of the stage */
#define SEARCH_EVERY 10000 /* records between name index refreshes */
#define ANALYZE_AFTER 10000 /* new records of a bulk load that call for it */
#define LOAD_KEYS     (1u << 22) /* record keys a first load tells apart */
#define CACHE_BYTES (16 << 20) /* subjects remembered: 512k at most */
#define DEPT_SLOTS 64	  /* departments remembered */
/*
 * Prepared jobs between the two threads: enough for the reader to go on
 * through the writer's longer steps (a name index refresh, a commit).
 * With 256 it waited 3.1 s of a 13 s import of 1,000,000 rows; 1,024
 * (with job_trim, 1.2 MB more) measured 10 % faster; 2,048 no more so.
 */
#define RING 1024
#define JOB_BUF_KEEP 256  /* bytes a job's buffer keeps when reused */
#define WAKE_FILLED 32	  /* jobs waiting that wake a sleeping writer */
#define RAW_EVERY 3	  /* a dry run's fields normalised by its validator */

/* A department the session has seen. */
struct dept_slot {
	char uscc[XY_USCC_LEN + 1]; /* its USCC, "" when empty */
	size_t len;		    /* bytes in uscc */
	int64_t id;		    /* departments.id */
};

/* A prepared record, or a rejected row, ready to be written. */
struct job {
	int rejected;		    /* 1: a rejected row */
	int eof;		    /* 1: no more jobs (the ring's end mark) */
	uint64_t line;		    /* where it came from */
	struct xy_buf dept;	    /* reporting department's USCC */
	struct xy_buf dept_name;    /* its name */
	struct xy_buf doc;	    /* document number */
	unsigned char hash[XY_HASH_BYTES]; /* content (or raw row) hash */
	/* a record */
	struct xy_buf key;	    /* the subject's key */
	struct xy_idhash kh;	    /* its hash in the subject cache */
	int kind;		    /* enum xy_subject_kind */
	struct xy_buf name;	    /* subject name */
	struct xy_buf uscc;	    /* subject USCC, empty if none */
	struct xy_buf regno;	    /* subject 工商注册号, empty if none */
	struct xy_buf ssecret;	    /* person: sealed ID number */
	struct xy_buf masked;	    /* person: masked ID number */
	int person;		    /* 1 when ssecret/masked are set */
	int has_uscc, has_regno;    /* which identifier the key is */
	struct xy_buf payload;	    /* masked values, maybe packed */
	struct xy_buf dict;	    /* a payload dictionary to store first */
	uint32_t dict_id;	    /* its id */
	struct xy_buf secret;	    /* sealed personal values, maybe empty */
	int unfinished;		    /* payload plain, secret not sealed yet */
	int64_t decision;	    /* decision date */
	int64_t deadline;	    /* last day on time */
	int status;		    /* 1 valid, 2 revoked */
	/* a rejected row */
	struct xy_buf errors;	    /* JSON list of issues */
	struct xy_buf raw;	    /* the sealed raw row */
	/* a row as read, for the validating thread of a dry run */
	struct xy_buf cells;	    /* the fields' bytes, each NUL-ended */
	struct cell *cellv;	    /* where each field of the item is */
	unsigned row_flags;	    /* enum xy_csv_row_flags */
	/* a record held (xy_ingest_hold) */
	struct xy_buf issues;	    /* its issues, reported when written */
	int write;		    /* 1: there is something to write */
	enum xy_ingest_status st;   /* what happened to it so far */
};

/* A field of a row as read: bytes in job.cells, or absent. */
struct cell {
	size_t off, len; /* in cells; off SIZE_MAX: not in the file */
	int bad;	 /* an invalid byte sequence */
	int raw;	 /* valid UTF-8, not normalised yet */
};

/* The writer thread and the ring it reads. */
struct pipe {
	pthread_t thread;	   /* the writer */
	pthread_mutex_t lock;	   /* guards the indexes below */
	pthread_cond_t filled;	   /* a job was added */
	pthread_cond_t freed;	   /* a job was written */
	struct job *jobs;	   /* RING of them */
	size_t head, tail;	   /* next to fill, next to write */
	int writer_sleeps;	   /* the writer waits for filled */
	int reader_sleeps;	   /* the reader waits for freed */
	int err;		   /* the writer's error, 0 while fine */
	char msg[512];		   /* and its message */
};

struct xy_ingest {
	struct xy_platform *p;	      /* borrowed */
	const struct xy_item *item;   /* what is ingested */
	int64_t item_id;	      /* its database id */
	struct xy_ingest_opts opts;   /* as given */
	struct xy_vrow row;	      /* validation state, reused */
	struct xy_vinput *inputs;     /* per field, for files */
	struct xy_ingest_summary sum; /* reader's totals (rows, rejected..) */
	uint64_t new_, updated, unchanged, late; /* writer's totals */
	uint64_t touched; /* new_ + updated at the last archive touch */
	int64_t import_id;	      /* imports.id, 0 before the first */
	int in_tx;		      /* a transaction is open */
	int bulk;		      /* xy_db_bulk is on */
	int failed;		      /* a write failed: close rolls back */
	unsigned pending;	      /* records in the open transaction */
	struct job one;		      /* the job of a dry run's validator */
	struct job *held;	      /* records held, not written yet */
	size_t nheld, aheld;	      /* entries used and allocated */
	size_t next_held;	      /* the next of them to write */
	struct job *holding;	      /* the held job issues go to */
	struct xy_buf content;	      /* scratch: plain personal values */
	struct xy_zpack *zp;	      /* packs payloads; NULL in a dry run */
	struct xy_buf plain;	      /* scratch: a payload before packing */
	struct xy_buf packed;	      /* scratch: and after */
	int writer_finishes;	      /* the writer packs and seals */
	struct xy_buf finished;	      /* the writer's scratch for it */
	struct xy_idcache *subjects;  /* id and last name of subjects seen */
	struct dept_slot depts[DEPT_SLOTS]; /* small cache */
	struct pipe *pipe;	      /* the writer, during a file import */
	struct xy_stage *stage;	      /* bulk path of a file import (COPY) */
	uint64_t *batch_keys;	      /* hashes of the staged record keys */
	size_t nslots;		      /* slots in batch_keys, a power of 2 */
	size_t nkeys;		      /* slots in use */
	struct xy_firstload *load;    /* the first load, while it lasts */
	int load_tried;		      /* whether the archive was empty */
	int load_over;		      /* rows go to the stage (load kept) */
};

static void job_init(struct job *j)
{
	memset(j, 0, sizeof(*j));
	xy_buf_init(&j->dept, 0);
	xy_buf_init(&j->dept_name, 0);
	xy_buf_init(&j->doc, 0);
	xy_buf_init(&j->key, 0);
	xy_buf_init(&j->name, 0);
	xy_buf_init(&j->uscc, 0);
	xy_buf_init(&j->regno, 0);
	xy_buf_init(&j->ssecret, 0);
	xy_buf_init(&j->masked, 0);
	xy_buf_init(&j->payload, 0);
	xy_buf_init(&j->secret, 0);
	xy_buf_init(&j->errors, 0);
	xy_buf_init(&j->raw, 0);
	xy_buf_init(&j->cells, 0);
	xy_buf_init(&j->issues, 0);
	xy_buf_init(&j->dict, 0);
}

#define JOB_BUFS 16

/* The buffers of a job, into out[JOB_BUFS]. */
static void job_bufs(struct job *j, struct xy_buf **out)
{
	struct xy_buf *bufs[JOB_BUFS] = {
	    &j->dept,	 &j->dept_name, &j->doc,    &j->key,
	    &j->name,	 &j->uscc,	&j->regno,  &j->ssecret,
	    &j->masked,	 &j->payload,	&j->secret, &j->errors,
	    &j->raw,	 &j->cells,	&j->issues, &j->dict};

	memcpy(out, bufs, sizeof(bufs));
}

static void job_dispose(struct job *j)
{
	struct xy_buf *bufs[JOB_BUFS];

	job_bufs(j, bufs);
	for (size_t i = 0; i < JOB_BUFS; i++)
		xy_buf_dispose(bufs[i]);
	free(j->cellv);
}

/*
 * Gives back the buffers larger than JOB_BUF_KEEP of a job about to be
 * reused, before anything of its next record is in it: a rejected row's
 * sealed raw row, an over-long value, a dictionary. Else every job of
 * the ring would keep the largest of each it ever held.
 */
static void job_trim(struct job *j)
{
	struct xy_buf *bufs[JOB_BUFS];

	job_bufs(j, bufs);
	for (size_t i = 0; i < JOB_BUFS; i++)
		if (bufs[i]->alloc > JOB_BUF_KEEP)
			xy_buf_dispose(bufs[i]);
}

const char *xy_ingest_status_name(enum xy_ingest_status s)
{
	static const char *const names[] = {"new", "updated", "unchanged",
					    "rejected"};

	return names[s];
}

/* The payload packer, with the item's newest dictionary if it has one. */
static int open_packer(struct xy_ingest *in)
{
	struct xy_buf d = XY_BUF_INIT;
	int err;

	in->zp = xy_zpack_new();
	err = xy_repo_dict_latest(&in->p->repo, in->item_id, &d);
	if (err > 0)
		err = xy_zpack_use(in->zp, d.ptr, d.len);
	xy_buf_dispose(&d);
	return err < 0 ? err : 0;
}

int xy_ingest_open(struct xy_ingest **out, struct xy_platform *p,
		   const char *code, const struct xy_ingest_opts *opts)
{
	const struct xy_item *it = xy_catalog_item(&p->cat, code);
	struct xy_ingest *in;
	int err;

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
		in->opts.batch = p->db && xy_db_has_copy(p->db) ? STAGE_BATCH
								: DEFAULT_BATCH;
	xy_vrow_init(&in->row, it);
	in->inputs = xy_xcalloc(it->nfields, sizeof(*in->inputs));
	job_init(&in->one);
	xy_buf_init(&in->content, 0);
	xy_buf_init(&in->plain, 0);
	xy_buf_init(&in->packed, 0);
	xy_buf_init(&in->finished, 0);
	if (!opts->dry_run) {
		in->subjects = xy_idcache_new(CACHE_BYTES);
		err = open_packer(in);
		if (err < 0) {
			in->failed = 1;
			xy_ingest_close(in, NULL);
			return err;
		}
	}
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
	struct xy_buf *b;

	if (warning)
		in->sum.warnings++;
	if (!in->opts.on_issue)
		return;
	if (!in->holding) {
		in->opts.on_issue(in->opts.ctx, line, field, code, message,
				  warning);
		return;
	}
	/* held with its record: line, warning, then three strings */
	b = &in->holding->issues;
	xy_buf_add(b, &line, sizeof(line));
	xy_buf_addch(b, warning ? 'w' : 'e');
	field = field ? field : "";
	message = message ? message : "";
	xy_buf_add(b, field, strlen(field) + 1);
	xy_buf_add(b, code, strlen(code) + 1);
	xy_buf_add(b, message, strlen(message) + 1);
}

/* Reports the issues held with a job, in the order they came. */
static void replay_issues(struct xy_ingest *in, const struct job *j)
{
	const char *p = j->issues.ptr, *end = p + j->issues.len;
	const char *field, *code, *message;
	uint64_t line;
	int warning;

	while (p < end) {
		memcpy(&line, p, sizeof(line));
		warning = p[sizeof(line)] == 'w';
		field = p + sizeof(line) + 1;
		code = field + strlen(field) + 1;
		message = code + strlen(code) + 1;
		p = message + strlen(message) + 1;
		in->opts.on_issue(in->opts.ctx, line, field, code, message,
				  warning);
	}
}

void xy_ingest_warn(struct xy_ingest *in, const char *field,
		    const char *code, const char *message)
{
	issue(in, 0, field, code, message, 1);
}

void xy_ingest_reject_line(struct xy_ingest *in, uint64_t line,
			   const char *field, const char *code,
			   const char *message)
{
	in->sum.rows++;
	in->sum.rejected++;
	issue(in, line, field ? field : "", code, message, 0);
}

/* ---- preparing: no database, run by the reader ---- */

static void set(struct xy_buf *b, const char *p, size_t n)
{
	xy_buf_reset(b);
	xy_buf_add(b, p, n);
}

/* Copies a field's canonical value into b. */
static void take(struct xy_ingest *in, struct xy_buf *b, int field)
{
	size_t n = 0;
	const char *v = field >= 0 ? xy_vrow_value(&in->row, field, &n) : "";

	set(b, v, n);
}

/* The subject of the valid row: its key and what a new one stores. */
static void prepare_subject(struct xy_ingest *in, struct job *j)
{
	const struct xy_roles *ro = &in->item->roles;
	const struct xy_vrow *r = &in->row;
	enum xy_subject_kind kind = xy_item_subject_kind(
		in->item, xy_vrow_value(r, ro->subject_kind, NULL));
	size_t n = 0, tn = 0;
	const char *v = "", *type = "";

	j->kind = kind ? (int)kind : XY_SUBJECT_ORG;
	j->has_uscc = j->has_regno = j->person = 0;
	take(in, &j->name, ro->subject_name);
	xy_buf_reset(&j->key);
	if (kind != XY_SUBJECT_PERSON && ro->subject_uscc >= 0)
		v = xy_vrow_value(r, ro->subject_uscc, &n);
	if (n && !xy_uscc_is_placeholder(v, n)) {
		set(&j->uscc, v, n);
		j->has_uscc = 1;
		xy_subject_key_uscc(&j->key, v, n);
	} else if (kind != XY_SUBJECT_PERSON && ro->subject_regno >= 0) {
		take(in, &j->regno, ro->subject_regno);
		j->has_regno = 1;
		xy_subject_key_regno(&j->key, j->regno.ptr, j->regno.len);
	} else {
		if (ro->subject_id_type >= 0)
			type = xy_vrow_value(r, ro->subject_id_type, &tn);
		if (ro->subject_id_number >= 0)
			v = xy_vrow_value(r, ro->subject_id_number, &n);
		xy_subject_key_person(&j->key, &in->p->keys, type, tn, v, n);
		xy_buf_reset(&j->ssecret);
		xy_keys_seal(&in->p->keys, v, n, &j->ssecret);
		xy_buf_reset(&j->masked);
		xy_record_mask(&j->masked, v, n);
		j->person = 1;
	}
	if (in->subjects) /* here, so that the writer need not */
		xy_idcache_hash(in->subjects, j->key.ptr, j->key.len, &j->kh);
}

/*
 * Packs the encoded payload plain[0..len) into the job (its hash is
 * taken over the encoded form; plain may be the job's own payload), and
 * hands a dictionary trained on this record to the writer with it. The
 * packer writes into the calling thread's scratch, so that a job keeps
 * a buffer of the packed size (the ring holds RING of them).
 */
static void pack_payload(struct xy_ingest *in, struct job *j, const char *plain,
			 size_t len, struct xy_buf *scratch)
{
	const void *d;
	size_t n;

	/* packed into scratch: the packer reserves zstd's bound, not used */
	xy_buf_reset(scratch);
	xy_zpack_pack(in->zp, plain, len, scratch);
	set(&j->payload, scratch->ptr, scratch->len);
	d = xy_zpack_trained(in->zp, &n, &j->dict_id);
	if (d)
		xy_buf_add(&j->dict, d, n);
}

/* Fills j with everything storing the valid row needs. */
static void prepare_record(struct xy_ingest *in, struct job *j, uint64_t line)
{
	const struct xy_roles *ro = &in->item->roles;
	struct xy_vrow *r = &in->row;

	j->rejected = 0;
	j->eof = 0;
	j->line = line;
	take(in, &j->dept, ro->dept);
	take(in, &j->dept_name, ro->dept_name);
	take(in, &j->doc, ro->doc_no);
	prepare_subject(in, j);
	j->decision = r->dates[ro->decision_date];
	j->deadline = xy_item_deadline(&in->p->cat, in->item,
				       (int32_t)j->decision);
	j->status = 1;
	if (ro->status >= 0) {
		const char *st = xy_vrow_value(r, ro->status, NULL);

		for (size_t i = 0; i < in->item->nrevoked; i++)
			if (!strcmp(st, in->item->revoked[i]))
				j->status = 2;
	}
	/* masked values and the plain personal ones: the whole content */
	xy_buf_reset(&in->plain);
	xy_record_encode(&in->plain, r, 0);
	xy_buf_reset(&in->content);
	xy_record_encode_secret(&in->content, r);
	xy_keys_hash2(&in->p->keys, in->plain.ptr, in->plain.len,
		      in->content.ptr, in->content.len, j->hash);
	xy_buf_reset(&j->secret);
	xy_buf_reset(&j->dict);
	j->unfinished = in->writer_finishes;
	if (j->unfinished) { /* finish_job, on the writer's thread */
		set(&j->payload, in->plain.ptr, in->plain.len);
		set(&j->secret, in->content.ptr, in->content.len);
		return;
	}
	if (in->content.len)
		xy_keys_seal(&in->p->keys, in->content.ptr, in->content.len,
			     &j->secret);
	/* a session that writes has its packer */
	pack_payload(in, j, in->plain.ptr, in->plain.len, &in->packed);
}

/*
 * Seals the personal values and packs the payload of a job prepared
 * unfinished. On PostgreSQL, whose server does the storing, the writer
 * has time to spare, and the reader leaves it these two: the reader had
 * been the busier thread by four to one, and an import of 1,000,000
 * rows took 0.4-1.2 s less (bench/RESULTS.md, 2026-12-01 19:00, 19:40).
 */
static void finish_job(struct xy_ingest *in, struct job *j)
{
	j->unfinished = 0;
	xy_buf_reset(&in->finished);
	if (j->secret.len)
		xy_keys_seal(&in->p->keys, j->secret.ptr, j->secret.len,
			     &in->finished);
	set(&j->secret, in->finished.ptr, in->finished.len);
	pack_payload(in, j, j->payload.ptr, j->payload.len, &in->finished);
}

/* Reports a rejected row's issues and fills j to keep it. */
static void prepare_reject(struct xy_ingest *in, struct job *j, uint64_t line,
			   const struct xy_vinput *vals)
{
	const struct xy_roles *ro = &in->item->roles;
	const struct xy_vrow *r = &in->row;
	json_t *errs = json_array();
	char *text;

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
	j->rejected = 1;
	j->eof = 0;
	j->line = line;
	take(in, &j->dept, ro->dept);
	if (!j->dept.len)
		take(in, &j->dept, ro->dept_fallback);
	take(in, &j->doc, ro->doc_no);
	text = json_dumps(errs, JSON_COMPACT | JSON_ENSURE_ASCII);
	set(&j->errors, text, strlen(text));
	free(text);
	json_decref(errs);
	/* the raw row may hold ID numbers: only its seal is kept */
	xy_buf_reset(&in->content);
	for (size_t i = 0; i < in->item->nfields; i++) {
		xy_buf_add_varint(&in->content, vals[i].ptr ? vals[i].len : 0);
		if (vals[i].ptr)
			xy_buf_add(&in->content, vals[i].ptr, vals[i].len);
	}
	xy_keys_hash(&in->p->keys, in->content.ptr, in->content.len, j->hash);
	xy_buf_reset(&j->raw);
	xy_keys_seal(&in->p->keys, in->content.ptr, in->content.len, &j->raw);
}

/*
 * 1 when the session has a department scope and the record's reporting
 * department is another one. An absent value is left to the validator
 * ("required").
 */
static int out_of_scope(struct xy_ingest *in, const struct xy_vinput *vals)
{
	int f = in->item->roles.dept;
	struct xy_buf norm;
	int out;

	if (!in->opts.scope)
		return 0;
	if (f < 0)
		return 1;
	if (!vals[f].ptr || vals[f].bad)
		return 0;
	xy_buf_init(&norm, 256);
	if (xy_utf8_normalize(&norm, vals[f].ptr, vals[f].len) < 0) {
		xy_buf_dispose(&norm);
		return 1;
	}
	xy_ascii_upper(norm.ptr, norm.len);
	out = norm.len && strcmp(norm.ptr, in->opts.scope) != 0;
	xy_buf_dispose(&norm);
	return out;
}

/*
 * Validates a record and prepares its job. Returns 1 when there is
 * something to write (always, unless dry_run or out of scope).
 */
static int prepare(struct xy_ingest *in, struct job *j, uint64_t line,
		   const struct xy_vinput *vals, enum xy_ingest_status *status)
{
	struct xy_vrow *r = &in->row;

	if (out_of_scope(in, vals)) {
		int f = in->item->roles.dept;
		char msg[160];

		snprintf(msg, sizeof(msg),
			 "the reporting department is not yours (%s): record "
			 "refused",
			 in->opts.scope);
		xy_ingest_reject_line(in, line,
				      f >= 0 ? in->item->fields[f].code : "",
				      "forbidden", msg);
		*status = XY_INGEST_REJECTED;
		return 0;
	}
	in->sum.rows++;
	xy_validate(r, &in->p->cat, in->opts.reported, vals);
	if (r->nerrors) {
		*status = XY_INGEST_REJECTED;
		prepare_reject(in, j, line, vals);
		return !in->opts.dry_run;
	}
	for (size_t i = 0; i < r->nissues; i++)
		issue(in, line, in->item->fields[r->issues[i].field].code,
		      xy_verr_name(r->issues[i].code), r->issues[i].message, 1);
	in->sum.accepted++;
	*status = XY_INGEST_NEW;
	if (in->opts.dry_run) {
		/* as if new: reported now */
		int dd = in->item->roles.decision_date;

		in->late += in->opts.reported >
			    xy_item_deadline(&in->p->cat, in->item, r->dates[dd]);
		return 0;
	}
	prepare_record(in, j, line);
	return 1;
}

/* ---- writing: the database, run by the writer ---- */

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
	/* a file import into an empty archive: its first load */
	if (!err && in->stage && !in->load_tried) {
		in->load_tried = 1;
		err = xy_firstload_begin(&in->load, in->p->db);
	}
	return err < 0 ? err : 0;
}

/* Forgets the record keys of the batch (or of the first load). */
static void batch_keys_reset(struct xy_ingest *in, size_t nslots)
{
	if (nslots != in->nslots) {
		free(in->batch_keys);
		in->batch_keys = xy_xcalloc(nslots, sizeof(uint64_t));
		in->nslots = nslots;
	} else {
		memset(in->batch_keys, 0, nslots * sizeof(uint64_t));
	}
	in->nkeys = 0;
}

/* Slots for the record keys of a staged batch. */
static size_t stage_slots(const struct xy_ingest *in)
{
	size_t n = 16;

	while (n < 2 * (size_t)in->opts.batch)
		n *= 2;
	return n;
}

/* Ends the first load, before the stage writes to its tables. */
static int end_load(struct xy_ingest *in)
{
	int err = xy_firstload_end(in->load);

	xy_firstload_free(in->load);
	in->load = NULL;
	batch_keys_reset(in, stage_slots(in));
	return err;
}

/*
 * Completes the open batch short of its commit: the name index, the
 * first load, the staged records (whose counts join the session's).
 */
static int batch_finish(struct xy_ingest *in)
{
	struct xy_stage_counts c = {0};
	int err = xy_repo_search_refresh(&in->p->repo);

	if (!err && in->load)
		err = end_load(in);
	if (!err && in->stage) {
		err = xy_stage_flush(in->stage, in->opts.reported, &c, NULL,
				     NULL);
		batch_keys_reset(in, in->nslots);
	}
	if (err < 0)
		return err;
	in->new_ += (uint64_t)c.new_;
	in->updated += (uint64_t)c.updated;
	in->unchanged += (uint64_t)c.unchanged;
	in->late += (uint64_t)c.late;
	/* a batch that changed an archive says so before its commit */
	if (in->new_ + in->updated != in->touched) {
		err = xy_repo_archive_touch(&in->p->repo);
		in->touched = in->new_ + in->updated;
	}
	return err;
}

/* Ends the open transaction: a commit, or a rollback after err. */
static int end_tx(struct xy_ingest *in, int err)
{
	in->in_tx = 0;
	in->pending = 0;
	if (!err)
		err = xy_db_commit(in->p->db);
	if (err < 0) {
		xy_db_rollback(in->p->db);
		if (in->stage)
			xy_stage_discard(in->stage);
		xy_firstload_free(in->load); /* and so is the first load */
		in->load = NULL;
		if (in->subjects) /* subjects it created are gone */
			xy_idcache_clear(in->subjects);
	}
	return err;
}

static int commit(struct xy_ingest *in)
{
	if (!in->in_tx)
		return 0;
	return end_tx(in, batch_finish(in));
}

static int dept_id(struct xy_ingest *in, const struct job *j, int64_t *id)
{
	struct dept_slot *slot = NULL;
	int err;

	for (size_t i = 0; i < DEPT_SLOTS; i++) {
		struct dept_slot *s = &in->depts[i];

		if (!s->uscc[0]) { /* they fill in order: the rest are empty */
			slot = s;
			break;
		}
		if (s->len == j->dept.len &&
		    !memcmp(s->uscc, j->dept.ptr, j->dept.len)) {
			*id = s->id;
			return 0;
		}
	}
	err = xy_repo_dept(&in->p->repo, j->dept.ptr, j->dept.len,
			   j->dept_name.ptr, j->dept_name.len, id);
	if (err == 0 && slot && j->dept.len <= XY_USCC_LEN) {
		memcpy(slot->uscc, j->dept.ptr, j->dept.len);
		slot->uscc[j->dept.len] = '\0';
		slot->len = j->dept.len;
		slot->id = *id;
	}
	return err;
}

/* The subject of a job, as a new subject is stored. */
static void job_subject(const struct xy_ingest *in, const struct job *j,
			struct xy_subject_new *s)
{
	memset(s, 0, sizeof(*s));
	s->key = j->key.ptr;
	s->klen = j->key.len;
	s->kind = j->kind;
	s->uscc = j->has_uscc ? j->uscc.ptr : NULL;
	s->uscc_len = j->uscc.len;
	s->regno = j->has_regno ? j->regno.ptr : NULL;
	s->regno_len = j->regno.len;
	s->secret = j->person ? j->ssecret.ptr : NULL;
	s->secret_len = j->ssecret.len;
	s->masked = j->person ? j->masked.ptr : NULL;
	s->name = j->name.ptr;
	s->name_len = j->name.len;
	s->now = in->opts.reported;
}

/*
 * The id of the job's subject, created when new, with its name recorded.
 * The cache remembers subjects already written with their last name, so
 * a known subject costs no statement.
 */
static int subject_id(struct xy_ingest *in, const struct job *j, int64_t *id)
{
	uint64_t nh = xy_fnv1a(j->name.ptr, j->name.len);
	struct xy_idcache_entry *e = xy_idcache_find(in->subjects, &j->kh);
	struct xy_subject_new s;
	int err, created = 0;

	if (e) {
		*id = e->id;
		if (e->tag == nh)
			return 0;
	} else {
		job_subject(in, j, &s);
		created = xy_repo_subject_insert(&in->p->repo, &s, id);
		if (created < 0)
			return created;
	}
	err = xy_repo_subject_name(&in->p->repo, *id, j->name.ptr, j->name.len,
				   in->opts.reported, !created);
	if (err < 0)
		return err;
	xy_idcache_put(in->subjects, &j->kh, *id, nh);
	return 0;
}

static int write_reject(struct xy_ingest *in, const struct job *j)
{
	struct xy_reject_row r = {
	    .item = in->item_id,
	    .dept = j->dept.ptr,
	    .dept_len = j->dept.len,
	    .doc_no = j->doc.ptr,
	    .doc_len = j->doc.len,
	    .hash = j->hash,
	    .reported = in->opts.reported,
	    .line = (int64_t)j->line,
	    .errors = j->errors.ptr,
	    .secret = j->raw.ptr,
	    .secret_len = j->raw.len,
	};

	/* to the first load while it is there, so they stay in order */
	if (in->load)
		return xy_firstload_reject(in->load, &r);
	return xy_repo_reject(&in->p->repo, &r);
}

/* The record of a job as a new one is stored, short of its ids. */
static void job_record(const struct xy_ingest *in, const struct job *j,
		       struct xy_record_row *row)
{
	row->item = in->item_id;
	row->doc_no = j->doc.ptr;
	row->doc_len = j->doc.len;
	row->decision_date = j->decision;
	row->status = j->status;
	row->hash = j->hash;
	row->payload = j->payload.ptr;
	row->payload_len = j->payload.len;
	row->secret = j->secret.len ? j->secret.ptr : NULL;
	row->secret_len = j->secret.len;
	row->now = in->opts.reported;
	row->reported_date = in->opts.reported;
	row->late = row->reported_date > j->deadline;
}

/* Stores a prepared record; *status says how. */
static int write_record(struct xy_ingest *in, const struct job *j,
			enum xy_ingest_status *status)
{
	struct xy_record_head head;
	struct xy_record_row row;
	int found, err;

	memset(&row, 0, sizeof(row));
	err = dept_id(in, j, &row.dept);
	if (!err)
		err = subject_id(in, j, &row.subject);
	if (err < 0)
		return err;
	job_record(in, j, &row);

	/* Most records of an import are new: try the insert first. */
	found = xy_repo_record_insert(&in->p->repo, &row);
	if (found < 0)
		return found;
	if (found) {
		*status = XY_INGEST_NEW;
		in->new_++;
		in->late += (uint64_t)row.late;
		return 0;
	}
	found = xy_repo_record_find(&in->p->repo, in->item_id, row.dept,
				    row.doc_no, row.doc_len, &head);
	if (found <= 0)
		return found < 0 ? found
				 : xy_error_set(XY_EDB, "record vanished");
	/* the first reported date stays; lateness follows from it */
	row.reported_date = head.reported_date;
	row.late = row.reported_date > j->deadline;
	in->late += (uint64_t)row.late;
	if (!memcmp(head.hash, j->hash, sizeof(head.hash))) {
		*status = XY_INGEST_UNCHANGED;
		in->unchanged++;
		return 0;
	}
	*status = XY_INGEST_UPDATED;
	in->updated++;
	return xy_repo_record_update(&in->p->repo, head.id, head.version, &row);
}

/* The slot of hash h in batch_keys: where it is, or the empty one. */
static size_t key_slot(const struct xy_ingest *in, uint64_t h)
{
	size_t mask = in->nslots - 1, i;

	for (i = h & mask; in->batch_keys[i]; i = (i + 1) & mask)
		if (in->batch_keys[i] == h)
			break;
	return i;
}

/* Twice the slots, for the keys of a first load (at most LOAD_KEYS). */
static void batch_keys_grow(struct xy_ingest *in)
{
	uint64_t *old = in->batch_keys;
	size_t n = in->nslots;

	in->nslots = 2 * n;
	in->batch_keys = xy_xcalloc(in->nslots, sizeof(uint64_t));
	for (size_t i = 0; i < n; i++)
		if (old[i])
			in->batch_keys[key_slot(in, old[i])] = old[i];
	free(old);
}

/*
 * Remembers a record key of the staged batch; 1 when the batch may hold
 * it already (a hash match), and then the batch is stored first.
 */
static int batch_has(struct xy_ingest *in, int64_t dept, const struct job *j)
{
	uint64_t h = xy_fnv1a(j->doc.ptr, j->doc.len) ^
		     ((uint64_t)dept * 0x9e3779b97f4a7c15ull);
	size_t i;

	h |= 1; /* 0 marks an empty slot */
	i = key_slot(in, h);
	if (in->batch_keys[i])
		return 1;
	in->batch_keys[i] = h;
	if (++in->nkeys > in->nslots / 2 && in->nslots < LOAD_KEYS)
		batch_keys_grow(in);
	return 0;
}

/*
 * Writes a record of the first load: 1 when written, 0 when the first
 * load cannot vouch for it (the stage takes it and the rows after it):
 * a subject known under another name, a record key that may have come
 * before, a cache that has forgotten subjects, too many keys.
 */
static int load_record(struct xy_ingest *in, const struct job *j)
{
	uint64_t nh = xy_fnv1a(j->name.ptr, j->name.len);
	struct xy_idcache_entry *e = xy_idcache_find(in->subjects, &j->kh);
	struct xy_record_row row;
	struct xy_subject_new s;
	int err;

	memset(&row, 0, sizeof(row));
	err = dept_id(in, j, &row.dept);
	if (err < 0)
		return err;
	if ((e && e->tag != nh) || in->nkeys >= LOAD_KEYS / 2 ||
	    xy_idcache_displaced(in->subjects) || batch_has(in, row.dept, j)) {
		in->load_over = 1;
		return 0;
	}
	if (e) {
		row.subject = e->id;
	} else {
		job_subject(in, j, &s);
		err = xy_firstload_subject(in->load, &s, &row.subject);
		if (err < 0)
			return err;
		xy_idcache_put(in->subjects, &j->kh, row.subject, nh);
	}
	job_record(in, j, &row);
	err = xy_firstload_record(in->load, &row);
	if (err < 0)
		return err;
	in->new_++;
	in->late += (uint64_t)row.late;
	return 1;
}

/* Adds a prepared record to the staged batch. */
static int stage_record(struct xy_ingest *in, const struct job *j)
{
	struct xy_stage_row r;
	int err;

	memset(&r, 0, sizeof(r));
	err = dept_id(in, j, &r.dept);
	if (!err && batch_has(in, r.dept, j)) {
		/* the same record twice: the first is stored before */
		err = commit(in);
		if (!err)
			err = ensure_tx(in);
		batch_has(in, r.dept, j);
	}
	if (err < 0)
		return err;
	r.line = (int64_t)j->line;
	r.doc_no = j->doc.ptr;
	r.doc_len = j->doc.len;
	job_subject(in, j, &r.subject);
	r.decision = j->decision;
	r.deadline = j->deadline;
	r.status = j->status;
	r.hash = j->hash;
	r.payload = j->payload.ptr;
	r.payload_len = j->payload.len;
	r.secret = j->secret.len ? j->secret.ptr : NULL;
	r.secret_len = j->secret.len;
	return xy_stage_add(in->stage, &r);
}

/* A record of a file import: by the first load while it lasts. */
static int file_record(struct xy_ingest *in, const struct job *j)
{
	if (in->load && !in->load_over) {
		int done = load_record(in, j);

		if (done)
			return done < 0 ? done : 0;
	}
	return stage_record(in, j);
}

/* Writes one job in the open batch, committing full batches. */
static int write_job(struct xy_ingest *in, struct job *j,
		     enum xy_ingest_status *status)
{
	enum xy_ingest_status ignored;
	int err = ensure_tx(in);

	if (j->unfinished)
		finish_job(in, j);
	/* a dictionary before the first payload packed with it */
	if (!err && !j->rejected && j->dict.len)
		err = xy_repo_dict_store(&in->p->repo, j->dict_id, in->item_id,
					 j->dict.ptr, j->dict.len,
					 in->opts.reported);
	if (!err && j->rejected)
		err = write_reject(in, j);
	else if (!err && in->stage && !status)
		err = file_record(in, j);
	else if (!err)
		err = write_record(in, j, status ? status : &ignored);
	in->pending++;
	/* a first load is one transaction: its indexes come at the end */
	if (!err && in->pending >= in->opts.batch &&
	    (!in->load || in->load_over))
		err = commit(in);
	else if (!err && !(in->pending % SEARCH_EVERY))
		err = xy_repo_search_refresh(&in->p->repo); /* bounds its memory */
	return err;
}

void xy_ingest_hold(struct xy_ingest *in, uint64_t line,
		    const struct xy_vinput *vals)
{
	struct job *j;

	if (in->nheld == in->aheld) {
		in->aheld = in->aheld ? 2 * in->aheld : 64;
		in->held =
		    xy_xrealloc(in->held, in->aheld * sizeof(*in->held));
		for (size_t i = in->nheld; i < in->aheld; i++)
			job_init(&in->held[i]);
	}
	j = &in->held[in->nheld++];
	job_trim(j);
	xy_buf_reset(&j->issues);
	in->holding = j;
	j->write = prepare(in, j, line, vals, &j->st);
	in->holding = NULL;
}

int xy_ingest_write_next(struct xy_ingest *in, enum xy_ingest_status *status)
{
	struct job *j;
	enum xy_ingest_status written;
	int err = 0;

	if (in->next_held == in->nheld)
		return xy_error_set(XY_ERROR, "no record held");
	j = &in->held[in->next_held++];
	if (in->next_held == in->nheld)
		in->nheld = in->next_held = 0; /* all written: hold anew */
	if (in->opts.on_issue)
		replay_issues(in, j);
	if (j->write) {
		err = write_job(in, j, &written);
		if (!err && j->st != XY_INGEST_REJECTED)
			j->st = written;
	}
	*status = j->st;
	if (err < 0)
		in->failed = 1;
	return err;
}

/* ---- the two threads of a file import ---- */

/*
 * A row as read into a job of the ring, by field. Normalising the values
 * is shared: this thread normalises two fields in three, the validating
 * one the third (cell.raw), which measured the two threads' times
 * closest (with all of them here, the reader was 30 % the busier).
 */
static void fill_cells(struct xy_ingest *in, struct job *j,
		       const struct xy_csv_row *row, const int *map,
		       size_t ncols)
{
	size_t n = in->item->nfields;

	if (!j->cellv)
		j->cellv = xy_xcalloc(n ? n : 1, sizeof(*j->cellv));
	for (size_t f = 0; f < n; f++)
		j->cellv[f].off = SIZE_MAX;
	xy_buf_reset(&j->cells);
	for (size_t c = 0; c < row->nfields && c < ncols; c++) {
		int f = map[c];

		if (f < 0)
			continue;
		j->cellv[f].off = j->cells.len;
		j->cellv[f].bad = row->fields[c].bad;
		/* a reader's fields are UTF-8; cells has no cap */
		j->cellv[f].raw = f % RAW_EVERY == RAW_EVERY - 1;
		if (j->cellv[f].raw)
			xy_buf_add(&j->cells, row->fields[c].ptr,
				   row->fields[c].len);
		else
			(void)xy_utf8_normalize_valid(&j->cells,
						      row->fields[c].ptr,
						      row->fields[c].len);
		j->cellv[f].len = j->cells.len - j->cellv[f].off;
		xy_buf_addch(&j->cells, '\0');
	}
	j->eof = 0;
	j->line = row->line;
	j->row_flags = row->flags;
}

/* A dry run's second thread: validates a row as read. */
static void validate_cells(struct xy_ingest *in, const struct job *j)
{
	enum xy_ingest_status st;

	for (size_t f = 0; f < in->item->nfields; f++) {
		const struct cell *c = &j->cellv[f];

		in->inputs[f].ptr =
			c->off == SIZE_MAX ? NULL : j->cells.ptr + c->off;
		in->inputs[f].len = c->len;
		in->inputs[f].bad = c->bad;
		in->inputs[f].normal = !c->raw;
		in->inputs[f].valid = 1;
	}
	if (j->row_flags & XY_CSV_ROW_TOO_LONG) {
		xy_ingest_reject_line(in, j->line, "", "too_long",
				      "record over the size limit");
		return;
	}
	prepare(in, &in->one, j->line, in->inputs, &st);
}

/*
 * The second thread: writes the prepared jobs; in a dry run, where there
 * is nothing to write, it validates the rows the first one read.
 */
static void *writer_main(void *arg)
{
	struct xy_ingest *in = arg;
	struct pipe *pp = in->pipe;

	for (;;) {
		struct job *j;
		int err;

		pthread_mutex_lock(&pp->lock);
		while (pp->tail == pp->head) {
			pp->writer_sleeps = 1;
			pthread_cond_wait(&pp->filled, &pp->lock);
		}
		pp->writer_sleeps = 0;
		j = &pp->jobs[pp->tail % RING];
		pthread_mutex_unlock(&pp->lock);
		if (j->eof)
			break;
		err = 0;
		if (in->opts.dry_run)
			validate_cells(in, j);
		else if (!pp->err)
			err = write_job(in, j, NULL);
		pthread_mutex_lock(&pp->lock);
		if (err < 0 && !pp->err) {
			pp->err = err;
			snprintf(pp->msg, sizeof(pp->msg), "%s", xy_error_msg());
		}
		pp->tail++;
		/* the reader sleeps until half the ring is free: a wake-up
		 * per RING / 2 jobs, not one per job */
		if (pp->reader_sleeps &&
		    (pp->head - pp->tail <= RING / 2 || pp->err))
			pthread_cond_signal(&pp->freed);
		pthread_mutex_unlock(&pp->lock);
	}
	return NULL;
}

/* The next free job of the ring, or NULL when the writer failed. */
static struct job *pipe_take(struct pipe *pp)
{
	struct job *j = NULL;

	pthread_mutex_lock(&pp->lock);
	while (pp->head - pp->tail == RING && !pp->err) {
		pp->reader_sleeps = 1;
		pthread_cond_wait(&pp->freed, &pp->lock);
	}
	pp->reader_sleeps = 0;
	if (!pp->err)
		j = &pp->jobs[pp->head % RING];
	pthread_mutex_unlock(&pp->lock);
	return j;
}

static void pipe_give(struct pipe *pp)
{
	pthread_mutex_lock(&pp->lock);
	pp->head++;
	/* a sleeping writer is woken for a few jobs at once (the last
	 * ones by pipe_stop) */
	if (pp->writer_sleeps && pp->head - pp->tail >= WAKE_FILLED)
		pthread_cond_signal(&pp->filled);
	pthread_mutex_unlock(&pp->lock);
}

static int pipe_start(struct xy_ingest *in)
{
	struct pipe *pp;

	if (!in->opts.dry_run && xy_db_has_copy(in->p->db) && !in->stage) {
		int err = xy_stage_open(&in->stage, in->p->db, in->item_id);

		if (err < 0)
			return err;
		batch_keys_reset(in, stage_slots(in));
		in->writer_finishes = 1;
	}
	if (!in->opts.dry_run && !in->bulk) {
		int err = xy_db_bulk(in->p->db, 1);

		if (err < 0)
			return err;
		in->bulk = 1;
	}
	pp = xy_xcalloc(1, sizeof(*pp));

	pthread_mutex_init(&pp->lock, NULL);
	pthread_cond_init(&pp->filled, NULL);
	pthread_cond_init(&pp->freed, NULL);
	pp->jobs = xy_xcalloc(RING, sizeof(*pp->jobs));
	for (size_t i = 0; i < RING; i++)
		job_init(&pp->jobs[i]);
	in->pipe = pp;
	if (pthread_create(&pp->thread, NULL, writer_main, in) != 0) {
		in->pipe = NULL;
		free(pp->jobs);
		free(pp);
		return xy_error_set(XY_ERROR, "cannot start the writer thread");
	}
	return 0;
}

/* Ends the writer after the jobs given; returns its error. */
static int pipe_stop(struct xy_ingest *in)
{
	struct pipe *pp = in->pipe;
	struct job *j;
	int err;

	pthread_mutex_lock(&pp->lock);
	while (pp->head - pp->tail == RING) {
		pp->reader_sleeps = 1;
		pthread_cond_wait(&pp->freed, &pp->lock);
	}
	pp->reader_sleeps = 0;
	j = &pp->jobs[pp->head % RING];
	j->eof = 1;
	pp->head++;
	pthread_cond_signal(&pp->filled);
	pthread_mutex_unlock(&pp->lock);
	pthread_join(pp->thread, NULL);
	err = pp->err;
	if (err < 0)
		xy_error_set(err, "%s", pp->msg);
	for (size_t i = 0; i < RING; i++)
		job_dispose(&pp->jobs[i]);
	free(pp->jobs);
	pthread_mutex_destroy(&pp->lock);
	pthread_cond_destroy(&pp->filled);
	pthread_cond_destroy(&pp->freed);
	free(pp);
	in->pipe = NULL;
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

int xy_ingest_rows(struct xy_ingest *in, struct xy_rows *rd, const char *name)
{
	const struct xy_csv_row *row;
	int *map = NULL;
	size_t ncols;
	int err, rc, started = 0;
	uint64_t n = 0;
	enum xy_ingest_status st;

	rc = xy_rows_next(rd, &row);
	if (rc <= 0) {
		err = rc < 0 ? rc : xy_error_set(XY_EINVALID,
						 "'%s' is empty", name);
		goto done;
	}
	ncols = row->nfields;
	err = map_header(in, row, &map);
	if (!err)
		err = pipe_start(in);
	if (err < 0)
		goto done;
	started = 1;
	while ((rc = xy_rows_next(rd, &row)) > 0) {
		struct job *j = pipe_take(in->pipe);

		if (!j)
			break; /* the writer failed: pipe_stop tells why */
		if (in->opts.dry_run) {
			/* reading here, validating there: both cores */
			fill_cells(in, j, row, map, ncols);
			pipe_give(in->pipe);
			goto progress;
		}
		job_trim(j);
		for (size_t f = 0; f < in->item->nfields; f++)
			in->inputs[f].ptr = NULL;
		for (size_t c = 0; c < row->nfields && c < ncols; c++) {
			int f = map[c];

			if (f < 0)
				continue;
			in->inputs[f].ptr = row->fields[c].ptr;
			in->inputs[f].len = row->fields[c].len;
			in->inputs[f].bad = row->fields[c].bad;
			in->inputs[f].normal = 0;
			in->inputs[f].valid = 1; /* a reader's fields are */
		}
		if (row->flags & XY_CSV_ROW_TOO_LONG) {
			xy_ingest_reject_line(in, row->line, "", "too_long",
					      "record over the size limit");
		} else if (prepare(in, j, row->line, in->inputs, &st)) {
			pipe_give(in->pipe);
		}
progress:
		if (in->opts.on_progress && !(++n & 4095))
			in->opts.on_progress(in->opts.ctx, xy_rows_offset(rd),
					     xy_rows_size(rd));
	}
	err = rc < 0 ? rc : 0;
	if (started) {
		int werr = pipe_stop(in);

		err = werr < 0 ? werr : err;
	}
	if (!err && in->opts.on_progress)
		in->opts.on_progress(in->opts.ctx, xy_rows_offset(rd),
				     xy_rows_size(rd));
done:
	if (err < 0)
		in->failed = 1;
	free(map);
	return err;
}

int xy_ingest_file(struct xy_ingest *in, const char *path)
{
	struct xy_rows rd;
	int err;

	if (xy_rows_sniff(path) == XY_ROWS_JSONL)
		return xy_ingest_jsonl_file(in, path);
	err = xy_rows_open(&rd, path, in->opts.encoding, NULL);
	if (!err)
		err = xy_ingest_rows(in, &rd, path);
	xy_rows_close(&rd);
	return err;
}

void xy_ingest_abandon(struct xy_ingest *in)
{
	if (!in)
		return;
	in->failed = 1;
	xy_ingest_close(in, NULL);
}

int xy_ingest_close(struct xy_ingest *in, struct xy_ingest_summary *sum)
{
	struct xy_import_counts c;
	int err = 0;

	if (!in)
		return 0;
	/*
	 * One transaction ends the session: the last batch, the import's
	 * figures and what on_closing writes (the API's audit entry).
	 */
	if (!in->opts.dry_run && !in->failed && in->in_tx)
		err = batch_finish(in);
	/* the writer's counts join the reader's */
	in->sum.new_ = in->new_;
	in->sum.updated = in->updated;
	in->sum.unchanged = in->unchanged;
	in->sum.late = in->late;
	if (!in->opts.dry_run && !in->failed) {
		c.rows = (int64_t)in->sum.rows;
		c.accepted = (int64_t)in->sum.accepted;
		c.rejected = (int64_t)in->sum.rejected;
		c.new_ = (int64_t)in->sum.new_;
		c.updated = (int64_t)in->sum.updated;
		c.unchanged = (int64_t)in->sum.unchanged;
		c.late = (int64_t)in->sum.late;
		c.warnings = (int64_t)in->sum.warnings;
		if (!err && in->import_id) {
			err = ensure_tx(in);
			if (!err)
				err = xy_repo_import_finish(
				    &in->p->repo, in->import_id, &c,
				    (int64_t)time(NULL));
		}
		if (!err && in->opts.on_closing)
			err = in->opts.on_closing(in->opts.ctx, &in->sum);
		if (in->in_tx)
			err = end_tx(in, err);
		if (err < 0)
			in->failed = 1;
	}
	if (in->bulk)
		xy_db_bulk(in->p->db, 0);
	if (!err && !in->failed && in->stage && in->new_ >= ANALYZE_AFTER)
		err = xy_repo_analyze(&in->p->repo);
	if (sum)
		*sum = in->sum;
	if (in->in_tx)
		xy_db_rollback(in->p->db);
	xy_vrow_dispose(&in->row);
	free(in->inputs);
	job_dispose(&in->one);
	for (size_t i = 0; i < in->aheld; i++)
		job_dispose(&in->held[i]);
	free(in->held);
	xy_buf_dispose(&in->content);
	xy_buf_dispose(&in->plain);
	xy_buf_dispose(&in->packed);
	xy_buf_dispose(&in->finished);
	xy_zpack_free(in->zp);
	xy_stage_free(in->stage);
	free(in->batch_keys);
	xy_idcache_free(in->subjects);
	free(in);
	return err;
}
