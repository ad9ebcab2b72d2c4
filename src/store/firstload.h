/*
 * firstload.h - the first load of an empty archive on PostgreSQL: new
 * subjects, their names and new records written straight into their
 * tables with binary COPY, the tables' indexes built once at the end.
 *
 * An import into PostgreSQL otherwise stages each batch and merges it
 * with set-based statements (store/stage.h), and every row then costs
 * a COPY into the stage, index probes of subjects and records, and an
 * insert into five indexes, one of them a trigram index: ~40 s of the
 * server's for 1,000,000 rows. The same rows copied into the tables as
 * they end up, with the indexes built afterwards, cost it 6-8 s
 * (bench/RESULTS.md, 2026-12-01 19:00, 20:23). That is only sound when
 * nothing is there to be met: the archive's tables are empty, and the
 * caller vouches for its rows as the indexes would (no subject key
 * twice, no record key twice, one name per subject). At the first row
 * it cannot vouch for, the caller ends the first load and goes on by
 * the stage.
 *
 *	err = xy_firstload_begin(&f, db);	in the caller's transaction:
 *						1 begun, 0 not (another
 *						engine, the archive holds
 *						something, or someone is
 *						at work in it)
 *	xy_firstload_subject(f, &s, &id);	a new subject and its name
 *	xy_firstload_record(f, &row);		a new record, version 1
 *	xy_firstload_reject(f, &rj);		a rejected row
 *	xy_firstload_end(f);			the rest sent, the indexes
 *						built (before any other
 *						write to the tables)
 *	xy_firstload_free(f);
 *
 * From begin to the caller's commit the archive's tables are locked:
 * another writer waits, and so does a reader (the indexes are gone). A
 * rollback undoes the rows and the dropped indexes alike. The ids given
 * come from the tables' own sequences, which end past them.
 */
#ifndef XY_FIRSTLOAD_H
#define XY_FIRSTLOAD_H

#include <stdint.h>

#include "store/db.h"
#include "store/repo.h"

struct xy_firstload;

int xy_firstload_begin(struct xy_firstload **out, struct xy_db *db);

/* Writes a new subject named s->name; *id is its id. */
int xy_firstload_subject(struct xy_firstload *f, const struct xy_subject_new *s,
			 int64_t *id);

/* Writes a new record (row->subject from xy_firstload_subject or before). */
int xy_firstload_record(struct xy_firstload *f,
			const struct xy_record_row *row);

/*
 * Keeps a rejected row, as xy_repo_reject would (the first of the same
 * content stays); they reach rejects by the end.
 */
int xy_firstload_reject(struct xy_firstload *f,
			const struct xy_reject_row *row);

/* Sends what is held and builds the indexes; f stays to be freed. */
int xy_firstload_end(struct xy_firstload *f);

void xy_firstload_free(struct xy_firstload *f);

#endif
