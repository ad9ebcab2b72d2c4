/*
 * record_json.h - a stored record as the JSON the API and the CLI show.
 *
 * The one place that says how a record, one of its earlier versions and
 * a day look in JSON; the archive (service/archive.c) and the record
 * routes (http/h_read.c) write through it.
 */
#ifndef XY_RECORD_JSON_H
#define XY_RECORD_JSON_H

#include "service/platform.h"
#include "store/repo.h"
#include "util/jsonw.h"

/* A day number as "YYYY-MM-DD". */
void xy_jw_date(struct xy_jw *w, int64_t day);

enum xy_record_json_flags {
	XY_RJ_LISTED =
	    1 << 0,	     /* with "catalog" and "subject": out of context */
	XY_RJ_OPEN = 1 << 1, /* leave the object open (the caller adds keys) */
};

/*
 * Writes a record: {"id", ["catalog",] "doc_no", "dept", "dept_name",
 * ["subject",] "decision_date", "reported_date", "late", "status",
 * "version", "fields": {CODE: value}}. Values are the stored (masked)
 * ones; fields with no value are left out.
 */
void xy_record_json(struct xy_jw *w, const struct xy_platform *p,
		    const struct xy_record_view *v, unsigned flags);

/* An earlier version: {"version", "status", "replaced_at", "fields"}. */
void xy_record_version_json(struct xy_jw *w, const struct xy_platform *p,
			    const struct xy_record_view *v);

#endif
