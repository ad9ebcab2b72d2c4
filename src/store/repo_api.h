/*
 * repo_api.h - the read queries of the API's record routes, written once
 * for every engine ($1 parameters), in the style of repo_read.c.
 *
 * Each function runs one query and calls fn for every row with the
 * record and the kind of its subject (enum xy_subject_kind), so that the
 * caller knows when it is about to show a natural person's data. Views
 * are borrowed for the call. A non-zero return of fn stops the walk and
 * is returned.
 */
#ifndef XY_REPO_API_H
#define XY_REPO_API_H

#include <stdint.h>

/*
 * Declared, not included: store/repo.h's include guard ends before its
 * reading half, so it cannot be included twice.
 */
struct xy_repo;
struct xy_record_view;

typedef int (*xy_kind_record_fn)(void *ctx, const struct xy_record_view *v,
				 int64_t subject_kind);

/* The record with this id: 1 when found (fn called), 0 when not. */
int xy_repo_record_by_id(struct xy_repo *r, int64_t id, xy_kind_record_fn fn,
			 void *ctx);

/* Which records a page holds. */
struct xy_record_filter {
	const char *dept; /* reporting department USCC, or NULL for all */
	int64_t item;	  /* catalog item id, or 0 for all */
	int64_t from;	  /* first reported day, inclusive */
	int64_t to;	  /* last reported day, inclusive */
	int64_t after;	  /* cursor: only records with a larger id */
	int64_t limit;	  /* at most this many */
};

/* Records matching f in id order. */
int xy_repo_records_page(struct xy_repo *r, const struct xy_record_filter *f,
			 xy_kind_record_fn fn, void *ctx);

#endif
