/*
 * repo.h - the SQL of the credit archive, written once for every engine.
 *
 * A struct xy_repo caches the prepared statements of one connection; the
 * first call of each function prepares its statement. Every function
 * returns 0 (or 1 where it says "found") or a negative enum xy_error.
 * Ids are int64. Text arguments need not be NUL-terminated unless the
 * parameter is a plain const char *.
 */
#ifndef XY_REPO_H
#define XY_REPO_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/buf.h"
#include "util/zpack.h"

enum xy_repo_stmt {
	XY_Q_ITEM_GET,
	XY_Q_ITEM_INSERT,
	XY_Q_ITEM_UPDATE,
	XY_Q_DEPT_GET,
	XY_Q_DEPT_INSERT,
	XY_Q_SUBJ_GET,
	XY_Q_SUBJ_INSERT,
	XY_Q_SUBJ_RENAME,
	XY_Q_NAME_INSERT,
	XY_Q_REC_GET,
	XY_Q_REC_INSERT,
	XY_Q_REC_UPDATE,
	XY_Q_HIST_INSERT,
	XY_Q_REJECT_INSERT,
	XY_Q_IMPORT_INSERT,
	XY_Q_IMPORT_FINISH,
	XY_Q_DICT_INSERT,
	XY_Q_DICT_LATEST,
	XY_Q_DICT_GET,
	XY_Q__COUNT
};

#define XY_REPO_CACHE 64 /* statements kept by query text (~40 texts) */

struct xy_repo {
	struct xy_db *db;		     /* borrowed connection */
	struct xy_stmt *stmts[XY_Q__COUNT];  /* prepared on first use */
	struct {
		const char *sql;	     /* the query text (by address) */
		struct xy_stmt *st;	     /* its statement */
	} cache[XY_REPO_CACHE];		     /* statements by query text */
	size_t ncache;			     /* entries used in cache */
	struct xy_zunpack *unpack;	     /* packed payloads, when met */
	struct xy_buf plain;		     /* the last one unpacked */
};

void xy_repo_init(struct xy_repo *r, struct xy_db *db);

/*
 * Runs a write that returns no rows (an INSERT ... ON CONFLICT DO
 * NOTHING, an UPDATE, a DELETE): 1 when it changed a row, 0 when not.
 * Rows changed, not RETURNING: SQLite builds a temporary table for a
 * RETURNING on every run, which costs more than the insert.
 */
int xy_repo_write(struct xy_stmt *st);
void xy_repo_dispose(struct xy_repo *r);

/*
 * The statement of sql, a string constant, prepared once per connection
 * and kept (found by the string's address), reset for a new run. The
 * caller resets it when done, so that no read stays open; it must not be
 * finalized.
 */
int xy_repo_prepare(struct xy_repo *r, const char *sql, struct xy_stmt **out);

/* Stores an item's definition; returns its id in *id. */
int xy_repo_item_sync(struct xy_repo *r, const char *code, const char *name,
		      const char *version, const char *json, int64_t *id);

/* Id of the department with this USCC, created with name if new. */
int xy_repo_dept(struct xy_repo *r, const char *uscc, size_t uscc_len,
		 const char *name, size_t name_len, int64_t *id);

/*
 * A subject is identified by its key: 'U' + USCC, 'R' + 工商注册号 (for a
 * business reported with the placeholder USCC) or 'P' + the blind index
 * of a person's ID type and number (service/subjects.h builds them).
 */

/* Finds a subject by key: 1 and *id when found, 0 when not. */
int xy_repo_subject_find(struct xy_repo *r, const void *key, size_t klen,
			 int64_t *id);

/* A new subject. */
struct xy_subject_new {
	const void *key;	/* see above */
	size_t klen;		/* bytes in key */
	int kind;		/* enum xy_subject_kind */
	const char *uscc;	/* or NULL */
	size_t uscc_len;	/* bytes in uscc */
	const char *regno;	/* or NULL */
	size_t regno_len;	/* bytes in regno */
	const void *secret;	/* persons: sealed ID number, or NULL */
	size_t secret_len;	/* bytes in secret */
	const char *masked;	/* persons: masked ID number, or NULL */
	const char *name;	/* the name reported */
	size_t name_len;	/* bytes in name */
	int64_t now;		/* day of creation */
};

/*
 * Creates a subject unless its key exists: 1 when created, else 0; *id
 * is the subject's id either way.
 */
int xy_repo_subject_insert(struct xy_repo *r, const struct xy_subject_new *s,
			   int64_t *id);

/*
 * Records a name the subject was reported under (kept once): 1 when it
 * is new to the subject, else 0. A new name becomes the subject's
 * current one when rename is set.
 */
int xy_repo_subject_name(struct xy_repo *r, int64_t subject,
			 const char *name, size_t name_len, int64_t day,
			 int rename);

/* The stored version of a record, as far as an import needs it. */
struct xy_record_head {
	int64_t id;		   /* record id */
	int64_t version;	   /* current version */
	int64_t reported_date;	   /* first received */
	unsigned char hash[16];	   /* content hash */
};

/* Finds a record by its key; 1 when found. */
int xy_repo_record_find(struct xy_repo *r, int64_t item, int64_t dept,
			const char *doc_no, size_t doc_len,
			struct xy_record_head *out);

/* A record's columns for insert and update. */
struct xy_record_row {
	int64_t item, dept, subject;	/* ids */
	const char *doc_no;		/* document number */
	size_t doc_len;			/* bytes in doc_no */
	int64_t decision_date;		/* day number */
	int64_t reported_date;		/* day number, first received */
	int late;			/* past the deadline */
	int status;			/* 1 valid, 2 revoked */
	const unsigned char *hash;	/* 16 bytes */
	const void *payload;		/* encoded values */
	size_t payload_len;		/* bytes in payload */
	const void *secret;		/* sealed personal values or NULL */
	size_t secret_len;		/* bytes in secret */
	int64_t now;			/* day of this change */
};

/*
 * Inserts a record unless its key exists: 1 when inserted, 0 when a
 * record with the key is there (look it up then).
 */
int xy_repo_record_insert(struct xy_repo *r, const struct xy_record_row *row);

/*
 * Moves the current version of record id to its history and stores row
 * as version + 1.
 */
int xy_repo_record_update(struct xy_repo *r, int64_t id, int64_t version,
			  const struct xy_record_row *row);

/* A rejected row, kept for correction. */
struct xy_reject_row {
	int64_t item;		   /* catalog_items.id */
	const char *dept;	   /* reporting department as given */
	size_t dept_len;	   /* bytes in dept */
	const char *doc_no;	   /* document number as given */
	size_t doc_len;		   /* bytes in doc_no */
	const unsigned char *hash; /* 16 bytes: the raw row's hash */
	int64_t reported;	   /* day reported */
	int64_t line;		   /* where it came from */
	const char *errors;	   /* JSON list of issues */
	const void *secret;	   /* the sealed raw row */
	size_t secret_len;	   /* bytes in secret */
};

/* Keeps a rejected row once per content; 1 when it was new. */
int xy_repo_reject(struct xy_repo *r, const struct xy_reject_row *row);

/* Opens an import run and returns its id. */
int xy_repo_import_start(struct xy_repo *r, int64_t item, const char *source,
			 int64_t reported, int64_t started_at, int64_t *id);

/*
 * Fresh planner statistics of the archive's tables after a bulk load
 * (PostgreSQL's ANALYZE; nothing on SQLite, whose lookups need none).
 * Until autovacuum comes round, tables never analysed get plans made for
 * guessed sizes: a parallel, JIT-compiled scan for a subject's 3 records.
 */
int xy_repo_analyze(struct xy_repo *r);

/* Counters of an import run, in the order of the imports table. */
struct xy_import_counts {
	int64_t rows, accepted, rejected, new_, updated, unchanged, late,
		warnings;
};

int xy_repo_import_finish(struct xy_repo *r, int64_t id,
			  const struct xy_import_counts *c,
			  int64_t finished_at);


/*
 * Reading. Each function runs one query and calls fn for every row;
 * strings passed to fn are borrowed for the call. A non-zero return of
 * fn stops the walk and is returned.
 */

/* Counts of records per department and item, reported in [from, to]. */
typedef int (*xy_count_fn)(void *ctx, const char *dept_uscc,
			   const char *dept_name, const char *item,
			   int64_t count, int64_t late);
int xy_repo_count_records(struct xy_repo *r, int64_t from, int64_t to,
			  const char *dept, xy_count_fn fn, void *ctx);

/* Counts of rejected rows per reported department and item. */
int xy_repo_count_rejects(struct xy_repo *r, int64_t from, int64_t to,
			  const char *dept, xy_count_fn fn, void *ctx);

/* Document numbers of records and rejected rows, by department, item. */
typedef int (*xy_docno_fn)(void *ctx, const char *dept_uscc,
			   const char *item, const char *doc_no,
			   size_t doc_len);
int xy_repo_doc_numbers(struct xy_repo *r, int64_t from, int64_t to,
			const char *dept, xy_docno_fn fn, void *ctx);

/* One stored record or version of it. */
struct xy_record_view {
	int64_t id;		/* record id */
	int64_t item;		/* catalog item id */
	const char *dept_uscc;	/* reporting department */
	const char *dept_name;	/* its name */
	const char *doc_no;	/* document number */
	int64_t subject;	/* subject id */
	int64_t decision_date;	/* day number */
	int64_t reported_date;	/* day number */
	int64_t late;		/* past the deadline */
	int64_t status;		/* 1 valid, 2 revoked */
	int64_t version;	/* this version */
	int64_t replaced_at;	/* history: when replaced, else 0 */
	const void *payload;	/* encoded values */
	size_t payload_len;	/* bytes in payload */
	const void *secret;	/* sealed personal values, or NULL */
	size_t secret_len;	/* bytes in secret */
};

typedef int (*xy_record_fn)(void *ctx, const struct xy_record_view *v);

/* The columns xy_repo_record_view reads, from records r, departments d. */
#define XY_REPO_RECORD_COLUMNS                                             \
	"r.id, r.item_id, d.uscc, d.name, r.doc_no, r.subject_id, "        \
	"r.decision_date, r.reported_date, r.late, r.status, r.version, "  \
	"r.payload, r.secret"

/*
 * Reads the current row of a statement whose first 13 columns are
 * XY_REPO_RECORD_COLUMNS into v; replaced_at is left 0. A packed
 * payload (util/zpack.h) is handed out unpacked, in r's buffer until the
 * next row. Returns 0, or XY_EDB for a damaged payload.
 */
int xy_repo_record_view(struct xy_repo *r, struct xy_stmt *st,
			struct xy_record_view *v);

/*
 * Stores dictionary id of packed payloads of item (once: an id stored
 * already is left as it is).
 */
int xy_repo_dict_store(struct xy_repo *r, uint32_t id, int64_t item,
		       const void *dict, size_t len, int64_t day);

/* The item's newest dictionary into dict: 1, or 0 when it has none. */
int xy_repo_dict_latest(struct xy_repo *r, int64_t item, struct xy_buf *dict);

/*
 * The encoded payload of a stored one: *plain is stored itself, or the
 * unpacked form in r's buffer (valid until the next call). XY_EDB when a
 * packed payload is damaged or its dictionary is missing.
 */
int xy_repo_unpack(struct xy_repo *r, const void *stored, size_t n,
		   const void **plain, size_t *plain_len);

/* Every record of an item, in id order. */
int xy_repo_records_of_item(struct xy_repo *r, int64_t item,
			    xy_record_fn fn, void *ctx);

/* Every record about a subject, by item and decision date. */
int xy_repo_records_of_subject(struct xy_repo *r, int64_t subject,
			       xy_record_fn fn, void *ctx);

/* The earlier versions of a record, oldest first. */
int xy_repo_history(struct xy_repo *r, int64_t record, xy_record_fn fn,
		    void *ctx);

/* A subject as stored. */
struct xy_subject_view {
	int64_t id;	    /* subject id */
	int64_t kind;	    /* enum xy_subject_kind */
	const char *uscc;   /* or NULL */
	const char *regno;  /* or NULL */
	const char *masked; /* persons: masked ID number, or NULL */
	const char *name;   /* latest name */
};

/* Loads a subject: 1 when found, and fn gets it. */
typedef int (*xy_subject_fn)(void *ctx, const struct xy_subject_view *s);
int xy_repo_subject_get(struct xy_repo *r, int64_t id, xy_subject_fn fn,
			void *ctx);

/* The same by key (see xy_repo_subject_find): one statement. */
int xy_repo_subject_get_by_key(struct xy_repo *r, const void *key,
			       size_t klen, xy_subject_fn fn, void *ctx);

/* The names a subject was reported under, oldest first. */
typedef int (*xy_name_fn)(void *ctx, const char *name, int64_t first_seen);
int xy_repo_subject_names(struct xy_repo *r, int64_t id, xy_name_fn fn,
			  void *ctx);

/*
 * Keeps the name search index up to date: refresh indexes the names of
 * subjects created since the last refresh (called before each commit of
 * a writer); add indexes one new name of an older subject. Both do
 * nothing where the engine indexes names itself (PostgreSQL).
 */
int xy_repo_search_refresh(struct xy_repo *r);
int xy_repo_search_add(struct xy_repo *r, int64_t subject, const char *name,
		       size_t name_len);

/* The generations of migration 006. */
struct xy_generations {
	int64_t archive; /* what archives show */
	int64_t auth;	 /* what API key checks answer */
};

int xy_repo_generations(struct xy_repo *r, struct xy_generations *out);

/*
 * Raises the archive generation by one, in the caller's transaction: a
 * writer that inserts records, subjects or names calls it before it
 * commits (updates and deletes raise it by trigger). The row stays
 * locked to the commit, so on PostgreSQL concurrent writers take turns
 * for that moment.
 */
int xy_repo_archive_touch(struct xy_repo *r);

/*
 * 1 when the name index can cut Chinese names: always on SQLite; on
 * PostgreSQL only when pg_trgm counts CJK characters as letters, which
 * the database's LC_CTYPE decides (under C it makes no trigram of them,
 * and every search reads every name). 0 when not, < 0 on an error.
 */
int xy_repo_search_cjk(struct xy_repo *r);

/* A subject found by name. */
struct xy_search_hit {
	int64_t id;	     /* subject id */
	int64_t kind;	     /* enum xy_subject_kind */
	const char *name;    /* current name */
	const char *matched; /* the name that matched (maybe a former one) */
	const char *uscc;    /* or NULL */
	const char *regno;   /* or NULL */
	const char *masked;  /* persons: masked ID number, or NULL */
};

typedef int (*xy_search_fn)(void *ctx, const struct xy_search_hit *h);

/*
 * Subjects with a name containing q (normalised text, at least one
 * character), best first: the exact name, then names starting with q,
 * then shorter names. At most limit rows, a subject once per name.
 */
int xy_repo_search(struct xy_repo *r, const char *q, size_t qlen,
		   int64_t limit, xy_search_fn fn, void *ctx);

#endif
