/*
 * h_write.c - the write routes: records pushed as JSON, and uploads.
 *
 * Both run on a worker thread (route flag XY_ROUTE_WORKER): they write
 * and may be large. Both go through one ingest session, so validation,
 * normalisation and idempotency are the file import's; the answer is the
 * summary of `xinyong import --json` with what happened to each record.
 * Reporters write only their own department's records: a record of
 * another department is rejected with the code "forbidden" and the
 * rest goes on (per-record 403 semantics; docs/internals/http.md).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/api.h"
#include "http/metrics.h"
#include "service/ingest_json.h"
#include "util/error.h"
#include "util/banned.h"

#define REPORT_MAX 10000 /* report lines in one answer */

/*
 * What the callbacks of one ingest collect. The per-record answers (a
 * thousand in a batch) are written as JSON text as they come, not built
 * as a tree first.
 */
struct answer {
	struct xy_buf records; /* [{index, status, errors}, ...] */
	struct xy_jw rw;       /* writes records */
	struct xy_buf errors;  /* [issues of the record being ingested] */
	struct xy_jw ew;       /* writes errors */
	json_t *warnings;      /* request-level warnings */
	json_t *report;	  /* uploads: the row report */
	size_t nreport;	  /* lines in report, and left out */
	uint64_t lines;	  /* 1: JSON indices, 0: CSV lines */
	/* for the audit entry, written as the ingest closes */
	struct xy_http_req *req; /* the request */
	const char *catalog;	 /* its catalog item */
	uint64_t extra;		 /* records refused before the session */
};

static json_t *issue_json(const char *field, const char *code,
			  const char *message)
{
	return json_pack("{s:s, s:s, s:s}", "field", field ? field : "",
			 "code", code, "message", message ? message : "");
}

static void on_issue(void *ctx, uint64_t line, const char *field,
		     const char *code, const char *message, int warning)
{
	struct answer *a = ctx;
	json_t *o;

	if (line == 0) {
		json_array_append_new(a->warnings,
				      issue_json(field, code, message));
		return;
	}
	if (a->report) {
		if (a->nreport++ >= REPORT_MAX)
			return;
		o = json_pack("{s:I, s:s, s:s, s:s}", "line",
			      (json_int_t)line, "field", field ? field : "",
			      "code", code, "message", message ? message : "");
		if (warning)
			json_object_set_new(o, "warning", json_true());
		json_array_append_new(a->report, o);
		return;
	}
	xy_jw_object(&a->ew);
	xy_jw_kstr(&a->ew, "field", field ? field : "");
	xy_jw_kstr(&a->ew, "code", code);
	xy_jw_kstr(&a->ew, "message", message ? message : "");
	if (warning)
		xy_jw_kbool(&a->ew, "warning", 1);
	xy_jw_end(&a->ew);
}

/* Starts the errors of the next record. */
static void errors_begin(struct answer *a)
{
	xy_buf_reset(&a->errors);
	xy_jw_init(&a->ew, &a->errors);
	xy_jw_array(&a->ew);
}

static void on_result(void *ctx, uint64_t index, enum xy_ingest_status st,
		      const char *field, const char *code, const char *message)
{
	struct answer *a = ctx;

	if (code)
		on_issue(a, a->report ? index : index + 1, field, code,
			 message, 0);
	if (a->report)
		return;
	xy_jw_end(&a->ew);
	xy_jw_object(&a->rw);
	xy_jw_kint(&a->rw, "index", (int64_t)index);
	xy_jw_kstr(&a->rw, "status", xy_ingest_status_name(st));
	xy_jw_key(&a->rw, "errors");
	xy_jw_raw(&a->rw, a->errors.ptr, a->errors.len);
	xy_jw_end(&a->rw);
	errors_begin(a);
}

static json_t *summary_json(const struct xy_ingest_summary *s, int dry_run)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:b}",
			 "rows", (json_int_t)s->rows, "accepted",
			 (json_int_t)s->accepted, "rejected",
			 (json_int_t)s->rejected, "new", (json_int_t)s->new_,
			 "updated", (json_int_t)s->updated, "unchanged",
			 (json_int_t)s->unchanged, "late",
			 (json_int_t)s->late, "warnings",
			 (json_int_t)s->warnings, "dry_run", dry_run);
}

/* Writes value (taken) as the next value of w. */
static void jw_json(struct xy_jw *w, json_t *value)
{
	char *text = json_dumps(value, JSON_COMPACT);

	xy_jw_raw(w, text ? text : "null", text ? strlen(text) : 4);
	free(text);
	json_decref(value);
}

/* The answer of a records push: summary (taken), records, warnings. */
static int records_answer(struct xy_http_req *r, struct answer *a,
			  json_t *summary)
{
	struct xy_jw w;

	xy_jw_end(&a->rw);
	xy_http_jw_begin(r, &w);
	xy_jw_object(&w);
	xy_jw_key(&w, "summary");
	jw_json(&w, summary);
	xy_jw_key(&w, "records");
	xy_jw_raw(&w, a->records.ptr, a->records.len);
	xy_jw_key(&w, "warnings");
	jw_json(&w, json_incref(a->warnings));
	xy_jw_end(&w);
	return xy_http_jw_answer(r, 200, &w);
}

/* 1 when ?dry_run=true (or 1); -1 after answering 400. */
static int dry_run(struct xy_http_req *r)
{
	char v[16];
	long n = xy_http_query(r, "dry_run", v, sizeof(v));

	if (n == -2)
		return -1;
	return n > 0 && (!strcmp(v, "true") || !strcmp(v, "1"));
}

static void audit_detail(char *out, size_t cap, const char *catalog,
			 const struct xy_ingest_summary *s)
{
	snprintf(out, cap,
		 "%s: %llu rows, %llu new, %llu updated, %llu unchanged, "
		 "%llu rejected",
		 catalog, (unsigned long long)s->rows,
		 (unsigned long long)s->new_, (unsigned long long)s->updated,
		 (unsigned long long)s->unchanged,
		 (unsigned long long)s->rejected);
}

/* Case-insensitive prefix test of a header value. */
static int type_is(struct xy_str t, const char *type)
{
	size_t n = strlen(type);

	if (t.len < n || strncasecmp(t.ptr, type, n))
		return 0;
	return t.len == n || t.ptr[n] == ';' || t.ptr[n] == ' ';
}

/* The body kind of the Content-Type; -1 after answering 415. */
static int body_kind(struct xy_http_req *r)
{
	struct xy_str t = r->content_type;

	if (!t.ptr || type_is(t, "application/json"))
		return XY_JSON_BODY_JSON;
	if (type_is(t, "application/x-ndjson") ||
	    type_is(t, "application/jsonl") ||
	    type_is(t, "application/json-lines"))
		return XY_JSON_BODY_LINES;
	xy_http_problem(r, 415, "unsupported_media_type",
			"send application/json or application/x-ndjson",
			NULL);
	return -1;
}

static void answer_init(struct answer *a, int report)
{
	memset(a, 0, sizeof(*a));
	xy_buf_init(&a->records, 0);
	xy_jw_init(&a->rw, &a->records);
	xy_jw_array(&a->rw);
	xy_buf_init(&a->errors, 0);
	errors_begin(a);
	a->warnings = json_array();
	a->report = report ? json_array() : NULL;
}

static void answer_dispose(struct answer *a)
{
	xy_buf_dispose(&a->records);
	xy_buf_dispose(&a->errors);
	json_decref(a->warnings);
	json_decref(a->report);
}

/*
 * The audit entry of the writes, in the ingest's last transaction: the
 * records and their entry are stored together (and the write lock is
 * taken once, not again behind another request's writes).
 */
static int audit_writes(void *ctx, const struct xy_ingest_summary *s)
{
	struct answer *a = ctx;
	struct xy_ingest_summary all = *s;
	char detail[200];

	all.rows += a->extra;
	all.rejected += a->extra;
	audit_detail(detail, sizeof(detail), a->catalog, &all);
	return xy_http_audit(a->req, "write", 0, NULL, detail);
}

/* The options every ingest of a route shares; a is its answer. */
static void ingest_opts(struct xy_http_req *r, struct answer *a,
			const char *catalog, int dry, struct xy_ingest_opts *o)
{
	o->reported = xy_today();
	o->dry_run = dry;
	o->on_issue = on_issue;
	o->ctx = a;
	o->scope = r->who.role == XY_ROLE_REPORTER ? r->who.dept : NULL;
	o->on_closing = dry ? NULL : audit_writes;
	a->req = r;
	a->catalog = catalog;
}

/*
 * Finishes an ingest: closes the session (which audits the writes),
 * adds the records rejected outside it, counts.
 */
static int finish(struct xy_http_req *r, struct xy_ingest *in,
		  const struct answer *a, const char *source,
		  struct xy_ingest_summary *sum)
{
	int err = xy_ingest_close(in, sum);

	if (err < 0)
		return err;
	sum->rows += a->extra;
	sum->rejected += a->extra;
	if (r->env->metrics)
		xy_metrics_ingest(r->env->metrics, source, sum);
	return 0;
}

int xy_h_record_post(struct xy_http_req *r)
{
	struct xy_ingest_opts o = {0};
	struct xy_api_ingest ao = {0};
	struct xy_ingest_summary sum = {0};
	struct xy_ingest *in = NULL;
	struct answer a;
	char catalog[64];
	int err = 0, kind, dry;

	answer_init(&a, 0);
	if (xy_http_param(r, 0, catalog, sizeof(catalog)) < 0)
		goto done;
	kind = body_kind(r);
	dry = dry_run(r);
	if (kind < 0 || dry < 0)
		goto done;
	if (!r->body.len) {
		xy_http_problem(r, 400, xy_error_name(XY_EINVALID),
				"the body is empty", NULL);
		goto done;
	}
	ingest_opts(r, &a, catalog, dry, &o);
	o.source = "api";
	/*
	 * One transaction for the whole body: a JSON syntax error half-way
	 * then abandons it all, and the body is parsed once.
	 */
	o.batch = UINT_MAX;
	ao.on_result = on_result;
	ao.ctx = &a;
	err = xy_ingest_open(&in, r->p, catalog, &o);
	if (err < 0)
		goto done;
	err = xy_ingest_json(in, r->body.ptr, r->body.len,
			     (enum xy_json_body)kind, &ao, &a.extra);
	if (err < 0) {
		xy_ingest_abandon(in);
		goto done;
	}
	err = finish(r, in, &a, "records", &sum);
	if (err < 0)
		goto done;
	records_answer(r, &a, summary_json(&sum, dry));
done:
	answer_dispose(&a);
	return err;
}

int xy_h_import(struct xy_http_req *r)
{
	static const struct xy_csv_limits lim = XY_CSV_LIMITS_DEFAULT;
	struct xy_ingest_opts o = {0};
	struct xy_ingest_summary sum = {0};
	struct xy_rows rd = {0};
	struct xy_ingest *in = NULL;
	struct answer a;
	char catalog[64], enc[32];
	long n;
	int err = 0, dry, e = XY_ENC_AUTO, running = 0;
	json_t *body;

	answer_init(&a, 1);
	n = xy_http_query(r, "catalog", catalog, sizeof(catalog));
	if (n == -2)
		goto done;
	if (n <= 0) {
		xy_http_problem(
			r, 400, xy_error_name(XY_EINVALID),
			"the query parameter 'catalog' is required",
			json_pack("[{s:s, s:s, s:s}]", "field", "catalog",
				  "code", "required", "message",
				  "catalog is required (xzxk or xzcf)"));
		goto done;
	}
	n = xy_http_query(r, "encoding", enc, sizeof(enc));
	if (n == -2)
		goto done;
	if (n > 0)
		e = xy_encoding_parse(enc);
	if (e < 0) {
		err = xy_error_set(XY_EINVALID, "unknown encoding '%s' (auto, "
				   "utf-8 or gbk)", enc);
		goto done;
	}
	dry = dry_run(r);
	if (dry < 0)
		goto done;
	ingest_opts(r, &a, catalog, dry, &o);
	o.source = "api upload";
	o.encoding = (enum xy_encoding)e;
	o.batch = 5000; /* short write transactions: loops read meanwhile */
	err = xy_ingest_open(&in, r->p, catalog, &o);
	if (err < 0)
		goto done;
	err = xy_rows_open_mem(&rd, r->body.ptr ? r->body.ptr : "",
			       r->body.len, o.encoding, &lim);
	if (r->env->metrics) {
		xy_metrics_running(r->env->metrics, 1);
		running = 1;
	}
	if (!err)
		err = xy_ingest_rows(in, &rd, "upload");
	if (err < 0) {
		xy_ingest_close(in, NULL);
		goto done;
	}
	err = finish(r, in, &a, "imports", &sum);
	if (err < 0)
		goto done;
	body = json_pack("{s:o, s:O, s:O}", "summary", summary_json(&sum, dry),
			 "report", a.report, "warnings", a.warnings);
	if (a.nreport > REPORT_MAX)
		json_object_set_new(body, "report_truncated", json_true());
	xy_http_json(r, 200, body);
done:
	if (running)
		xy_metrics_running(r->env->metrics, -1);
	xy_rows_close(&rd);
	answer_dispose(&a);
	return err;
}
