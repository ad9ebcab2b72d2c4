/*
 * ingest.h - collecting records into the archive (features A3, A4, B1,
 * B2): validation, subjects, idempotent storage with history.
 *
 * A session validates and stores records one by one and commits them in
 * batches, so a crash loses at most the open batch and a rerun of the
 * same input converges to the same state. The key of a record is
 * (department USCC, catalog item, document number): the same content
 * again is unchanged, different content a new version whose predecessor
 * goes to the record's history. Rows with errors are kept (encrypted)
 * for correction and reported through the issue callback.
 *
 * Files (CSV or XLSX) go through xy_ingest_file(); the API feeds records
 * through xy_ingest_hold() and xy_ingest_write_next() with values by
 * field.
 */
#ifndef XY_INGEST_H
#define XY_INGEST_H

#include <stdint.h>

#include "core/validate.h"
#include "service/platform.h"
#include "util/rows.h"

enum xy_ingest_status {
	XY_INGEST_NEW,
	XY_INGEST_UPDATED,
	XY_INGEST_UNCHANGED,
	XY_INGEST_REJECTED,
};

/* "new", "updated", "unchanged", "rejected". */
const char *xy_ingest_status_name(enum xy_ingest_status s);

struct xy_ingest_summary {
	uint64_t rows;	    /* records read */
	uint64_t accepted;  /* new + updated + unchanged */
	uint64_t rejected;  /* with at least one error */
	uint64_t new_;	    /* not seen before */
	uint64_t updated;   /* a new version of a stored record */
	uint64_t unchanged; /* same content as stored */
	uint64_t late;	    /* accepted and past their deadline */
	uint64_t warnings;  /* warnings, file and rows */
};

/*
 * Called for every issue: line 0 for the whole file, field the standard
 * code (or the header as written for a file warning), code the stable
 * error code name.
 */
typedef void (*xy_issue_fn)(void *ctx, uint64_t line, const char *field,
			    const char *code, const char *message,
			    int warning);

/* Called now and then while reading a file. */
typedef void (*xy_progress_fn)(void *ctx, uint64_t done, uint64_t total);

/*
 * Called by xy_ingest_close with the final summary, in the transaction
 * of the last batch (when one is open) before its commit: what it writes
 * is stored with the records or not at all. Returns 0 or < 0.
 */
typedef int (*xy_closing_fn)(void *ctx, const struct xy_ingest_summary *s);

struct xy_ingest_opts {
	int32_t reported;	 /* reported date (day number) */
	int dry_run;		 /* validate only, touch no database */
	const char *source;	 /* file name or "api", for the imports table */
	enum xy_encoding encoding; /* of files */
	xy_issue_fn on_issue;	 /* may be NULL */
	xy_progress_fn on_progress; /* may be NULL */
	void *ctx;		 /* passed to the callbacks */
	unsigned batch;		 /* records per transaction, 0: default */
	const char *scope;	 /* a department USCC: its rows only, the
				    others refused ("forbidden"); NULL: any */
	xy_closing_fn on_closing; /* may be NULL; not in a dry run */
};

struct xy_ingest;

/*
 * Starts a session for the catalog item code. XY_ENOTFOUND for an
 * unknown item. With dry_run the platform may have no database.
 */
int xy_ingest_open(struct xy_ingest **out, struct xy_platform *p,
		   const char *code, const struct xy_ingest_opts *opts);

/* The item being ingested. */
const struct xy_item *xy_ingest_item(const struct xy_ingest *in);

/*
 * Records given by field, in batches (the API's): xy_ingest_hold
 * validates and prepares one (in has one entry per field of the item;
 * line is reported with its issues) without touching the database, so
 * a request can do that work before it takes the write lock;
 * xy_ingest_write_next then stores the next record held, in order,
 * reports its issues and sets *status to what happened to it. Returns 0,
 * or < 0 when the database failed.
 */
void xy_ingest_hold(struct xy_ingest *in, uint64_t line,
		    const struct xy_vinput *in_values);
int xy_ingest_write_next(struct xy_ingest *in,
			 enum xy_ingest_status *status);

/*
 * A row refused before it could be validated (a JSON line that is no
 * record): counted as received and rejected, its issue reported at line.
 */
void xy_ingest_reject_line(struct xy_ingest *in, uint64_t line,
			   const char *field, const char *code,
			   const char *message);

/* Records a file-level warning (an unknown column, ...). */
void xy_ingest_warn(struct xy_ingest *in, const char *field,
		    const char *code, const char *message);

/*
 * Streams a department file through the session: CSV, the first
 * worksheet of an .xlsx workbook, or JSON Lines (one record per line,
 * keyed like the API's), told apart by the file's first bytes.
 */
int xy_ingest_file(struct xy_ingest *in, const char *path);

/*
 * The same from an open reader (header line first); name is used in
 * messages. The reader stays the caller's.
 */
int xy_ingest_rows(struct xy_ingest *in, struct xy_rows *rd, const char *name);

/*
 * Commits what is left, closes the import run and frees the session;
 * *sum gets the totals. On error nothing of the open batch is kept.
 * Accepts NULL.
 */
int xy_ingest_close(struct xy_ingest *in, struct xy_ingest_summary *sum);

/*
 * Closes the session keeping nothing of its open batch (a request found
 * bad half-way: with opts.batch above its size, nothing of it at all).
 */
void xy_ingest_abandon(struct xy_ingest *in);

#endif
