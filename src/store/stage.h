/*
 * stage.h - set-based storing of a batch of prepared records, the bulk
 * path of PostgreSQL.
 *
 * Over a network, one statement per record costs a round trip each. A
 * stage collects a batch in a temporary table — with COPY on PostgreSQL
 * (the driver's copy_in hook), a prepared INSERT elsewhere — and applies
 * it with a few set-based statements, written once:
 *
 *   1. every staged row learns its subject and the stored version of
 *      its record, if any (into a narrow second table: rewriting the
 *      wide staged rows cost more);
 *   2. new subjects are inserted, in key order;
 *   3. names are recorded; of the names new to a subject, the one that
 *      came up last becomes its name, as on the row-by-row path;
 *   4. changed records move their current version to the history and
 *      take the new content; new records are inserted;
 *   5. the counts (and, on request, each row's status) are read back.
 *
 * A batch must not hold two rows with the same record key (the caller
 * flushes first), and is flushed inside the caller's transaction. The
 * flush takes a transaction-level advisory lock per catalog item on
 * PostgreSQL, so that several servers writing at once neither lose nor
 * duplicate a record, and has the planner meet the archive by index
 * (with hash joins it scans the whole archive for every batch). (On
 * SQLite the per-record statements of ingest.c measured faster:
 * docs/internals/ingest.md.)
 */
#ifndef XY_STAGE_H
#define XY_STAGE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/repo.h"

/* One prepared record: everything the set-based statements need. */
struct xy_stage_row {
	int64_t line;		   /* where it came from, for reports */
	int64_t dept;		   /* departments.id */
	const char *doc_no;	   /* document number */
	size_t doc_len;		   /* bytes in doc_no */
	struct xy_subject_new subject; /* the subject, as a new one */
	int64_t decision;	   /* decision date */
	int64_t deadline;	   /* last day on time */
	int status;		   /* 1 valid, 2 revoked */
	const unsigned char *hash; /* 16 bytes of content hash */
	const void *payload;	   /* encoded values */
	size_t payload_len;	   /* bytes in payload */
	const void *secret;	   /* sealed personal values, or NULL */
	size_t secret_len;	   /* bytes in secret */
};

struct xy_stage_counts {
	int64_t new_;	   /* inserted */
	int64_t updated;   /* new version stored */
	int64_t unchanged; /* same content */
	int64_t late;	   /* past the deadline, by first reported date */
};

/* Each row's outcome: 0 new, 1 updated, 2 unchanged. */
typedef void (*xy_stage_status_fn)(void *ctx, int64_t line, int status);

struct xy_stage;

/* Opens a stage for one catalog item on db (creates the temp table). */
int xy_stage_open(struct xy_stage **out, struct xy_db *db, int64_t item);

/* Adds a row to the batch. */
int xy_stage_add(struct xy_stage *s, const struct xy_stage_row *r);

/* Rows in the batch. */
size_t xy_stage_size(const struct xy_stage *s);

/*
 * Applies the batch (inside the caller's transaction) as reported on
 * day reported, adds to *c, calls fn for each row when not NULL, and
 * empties the batch.
 */
int xy_stage_flush(struct xy_stage *s, int64_t reported,
		   struct xy_stage_counts *c, xy_stage_status_fn fn, void *ctx);

/* Forgets the batch (after a rollback). */
void xy_stage_discard(struct xy_stage *s);

void xy_stage_free(struct xy_stage *s);

#endif
