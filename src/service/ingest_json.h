/*
 * ingest_json.h - records as JSON (feature A3): API bodies and JSON Lines
 * files.
 *
 * A record is one JSON object whose keys name fields the way CSV headers
 * do: the standard code, the Chinese 数据项 name or an alias (through
 * xy_item_field_by_header). Values are strings; a number is taken in its
 * shortest form (send amounts as strings to keep every digit), null and
 * "" mean absent, an array of strings is an enumeration list joined with
 * ';'. A body holds one object, an array of objects, or JSON Lines (one
 * object per line, blank lines skipped).
 *
 * Every record then goes through xy_ingest_hold(), so validation,
 * normalisation and idempotency are those of the file import; its issues
 * reach the session's on_issue callback with line = index + 1 for JSON
 * records (index counts from 0) and the physical line in a file. A
 * key that names no field is a warning for the whole request (line 0,
 * reported once per key), as an unknown column is for a file.
 *
 * What the validator cannot see is rejected here, reported through
 * on_result with a code of its own, and not kept in the rejects table:
 *   json       the record is not an object, a value is an object or a
 *              boolean, a JSON Lines line is not JSON
 * These come on top of the session's summary: the caller adds the count
 * returned in *extra to rows and rejected. (A record of a department
 * outside the session's scope, opts.scope, is refused by the session
 * itself: "forbidden".)
 */
#ifndef XY_INGEST_JSON_H
#define XY_INGEST_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "service/ingest.h"

enum xy_json_body {
	XY_JSON_BODY_JSON,  /* one object or an array of objects */
	XY_JSON_BODY_LINES, /* JSON Lines (application/x-ndjson) */
};

/*
 * Called once per record with what happened to it. index counts JSON
 * records from 0; for CSV it is the row's physical line. code, field
 * and message are set only for the rejections made here (see above),
 * NULL otherwise.
 */
typedef void (*xy_result_fn)(void *ctx, uint64_t index,
			     enum xy_ingest_status status, const char *field,
			     const char *code, const char *message);

struct xy_api_ingest {
	xy_result_fn on_result; /* may be NULL */
	void *ctx;	       /* passed to on_result */
};

/*
 * Checks the syntax of a JSON body (one object or an array) without
 * keeping it in memory or storing anything (the fuzzer's way in to the
 * walker): 0 and *count = the number of records, or XY_EINVALID with
 * "line 3, column 7: ..." (or "the body is not a JSON object or array").
 * JSON Lines bodies need no check: a bad line rejects only that record.
 */
int xy_ingest_json_check(const char *body, size_t len, size_t *count);

/*
 * Ingests the records of body through the session. Returns 0 (rejected
 * records included) or < 0 when the database failed or a JSON body is
 * broken (check it first); *extra gets the number of records rejected
 * here.
 */
int xy_ingest_json(struct xy_ingest *in, const char *body, size_t len,
		   enum xy_json_body kind, const struct xy_api_ingest *o,
		   uint64_t *extra);

/*
 * Streams a JSON Lines file ("-": stdin) through the session: each line
 * one record keyed like the API's, issues reported by line number; a
 * line that is not a JSON object, or over 1 MiB, is a rejected row.
 * Lines are read one at a time (memory does not grow with the file).
 */
int xy_ingest_jsonl_file(struct xy_ingest *in, const char *path);

#endif
