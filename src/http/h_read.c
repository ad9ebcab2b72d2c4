/*
 * h_read.c - the read routes: catalog, stats, archives, records, audit.
 *
 * Reading a natural person's data needs a purpose (?purpose= or
 * X-Purpose) and leaves an audit entry per person before the answer is
 * given; if the entry cannot be written, nothing is shown.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/record.h"
#include "http/api.h"
#include "service/archive.h"
#include "service/audit.h"
#include "service/record_json.h"
#include "service/stats.h"
#include "store/repo_api.h"
#include "util/error.h"
#include "util/banned.h"

#define PURPOSE_MAX  512  /* bytes in a purpose */
#define CODE_MAX     256  /* bytes in a subject code */
#define PAGE_DEFAULT 100  /* records per page */
#define PAGE_MAX     1000 /* at most */
#define MAX_FIELDS   512  /* fields of an item decoded */

static const char *type_name(enum xy_ftype t)
{
	static const char *const names[] = {
	    "text", "enum", "enum_list", "date", "uscc", "idno", "decimal",
	};

	return t < sizeof(names) / sizeof(names[0]) ? names[t] : "text";
}

static json_t *field_json(const struct xy_field *f)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:b}", "code", f->code,
			      "name", f->name, "type", type_name(f->type),
			      "required", f->required, "personal", f->personal);
	json_t *a;

	if (f->max)
		json_object_set_new(o, "max", json_integer((json_int_t)f->max));
	if (f->naliases) {
		a = json_array();
		for (size_t i = 0; i < f->naliases; i++)
			json_array_append_new(a, json_string(f->aliases[i]));
		json_object_set_new(o, "aliases", a);
	}
	if (f->nvalues) {
		a = json_array();
		for (size_t i = 0; i < f->nvalues; i++)
			json_array_append_new(
			    a,
			    json_pack("{s:s, s:s?}", "name", f->values[i].name,
				      "code", f->values[i].code));
		json_object_set_new(o, "values", a);
	}
	return o;
}

char *xy_http_catalog_json(const struct xy_catalog *cat, size_t *len)
{
	json_t *items = json_array(), *doc;
	char *text;

	for (size_t i = 0; i < cat->nitems; i++) {
		const struct xy_item *it = &cat->items[i];
		json_t *fields = json_array();

		for (size_t f = 0; f < it->nfields; f++)
			json_array_append_new(fields,
					      field_json(&it->fields[f]));
		json_array_append_new(
		    items,
		    json_pack("{s:s, s:s, s:s, s:{s:i, s:s}, s:o}", "code",
			      it->code, "name", it->name, "version",
			      it->version, "deadline", "days",
			      it->deadline_days, "calendar",
			      it->deadline_working ? "working" : "natural",
			      "fields", fields));
	}
	doc = json_pack("{s:o}", "items", items);
	text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	*len = text ? strlen(text) : 0;
	return text;
}

/* The catalog does not change while the server runs: built once. */
int xy_h_catalog(struct xy_http_req *r)
{
	return xy_http_text(r, 200, "application/json", r->env->catalog,
			    r->env->catalog_len);
}

/* Reporters see their own department only, whatever they ask for. */
static const char *scope_dept(struct xy_http_req *r, const char *asked)
{
	if (r->who.role == XY_ROLE_REPORTER)
		return r->who.dept;
	return asked && *asked ? asked : NULL;
}

int xy_h_stats(struct xy_http_req *r)
{
	struct xy_stats_query q = {INT32_MIN + 1, INT32_MAX, NULL};
	char dept[64];
	json_t *rows = NULL;
	int err;

	if (xy_http_query_date(r, "from", &q.from) ||
	    xy_http_query_date(r, "to", &q.to) ||
	    xy_http_query(r, "dept", dept, sizeof(dept)) == -2)
		return 0;
	q.dept = scope_dept(r, dept);
	if (q.from > q.to)
		return xy_http_problem(r, 400, xy_error_name(XY_EINVALID),
				       "'from' is after 'to'", NULL);
	err = xy_stats_compute(r->p, &q, &rows);
	if (err < 0)
		return err;
	return xy_http_json(r, 200, rows);
}

static int need_purpose(struct xy_http_req *r)
{
	return xy_http_problem(r, 400, xy_error_name(XY_EINVALID),
			       "a purpose is required to read a natural "
			       "person's data (?purpose= or X-Purpose)",
			       NULL);
}

int xy_h_subject(struct xy_http_req *r)
{
	char code[CODE_MAX], purpose[PURPOSE_MAX];
	struct xy_archive_info info;
	struct xy_jw w;
	int err;

	if (xy_http_param(r, 0, code, sizeof(code)) < 0)
		return 0;
	xy_http_purpose(r, purpose, sizeof(purpose));
	xy_http_jw_begin(r, &w);
	err = xy_archive_write(r->p, code, &w, &info);
	if (err < 0)
		return err;
	if (info.person) {
		if (!*purpose)
			return need_purpose(r);
		err = xy_http_audit(r, "read", info.id, purpose, NULL);
		if (err < 0)
			return err;
	}
	return xy_http_jw_answer(r, 200, &w);
}

/* What a record walk collects. */
struct found {
	struct xy_platform *p;	       /* borrowed */
	struct xy_jw w;		       /* the answer */
	size_t nrecords;	       /* records written */
	int64_t persons[PAGE_MAX + 1]; /* distinct person subjects */
	size_t npersons;	       /* entries in persons */
	int64_t last_id;	       /* id of the last record */
	const char *dept;	       /* only this department, or NULL */
	int other_dept;		       /* a record of another one was seen */
	size_t cap;		       /* records wanted, 0: no limit */
	int more;		       /* there were more than cap */
	unsigned open;		       /* XY_RJ_OPEN: history follows */
};

static void add_person(struct found *f, int64_t subject)
{
	for (size_t i = 0; i < f->npersons; i++)
		if (f->persons[i] == subject)
			return;
	if (f->npersons < sizeof(f->persons) / sizeof(f->persons[0]))
		f->persons[f->npersons++] = subject;
}

static int on_record(void *ctx, const struct xy_record_view *v, int64_t kind)
{
	struct found *f = ctx;

	if (f->dept && (!v->dept_uscc || strcmp(v->dept_uscc, f->dept))) {
		f->other_dept = 1;
		return 0;
	}
	if (f->cap && f->nrecords >= f->cap) {
		f->more = 1;
		return 1;
	}
	if (kind == XY_SUBJECT_PERSON)
		add_person(f, v->subject);
	f->last_id = v->id;
	f->nrecords++;
	xy_record_json(&f->w, f->p, v, XY_RJ_LISTED | f->open);
	return 0;
}

static int on_version(void *ctx, const struct xy_record_view *v)
{
	struct found *f = ctx;

	xy_record_version_json(&f->w, f->p, v);
	return 0;
}

/* Audits the read of every person in f; 1 after answering 400. */
static int audit_persons(struct xy_http_req *r, struct found *f, int *err)
{
	char purpose[PURPOSE_MAX];

	*err = 0;
	if (!f->npersons)
		return 0;
	if (!xy_http_purpose(r, purpose, sizeof(purpose))) {
		need_purpose(r);
		return 1;
	}
	for (size_t i = 0; i < f->npersons && !*err; i++)
		*err = xy_http_audit(r, "read", f->persons[i], purpose, NULL);
	return *err < 0;
}

static int parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		return -1;
	*out = (int64_t)v;
	return 0;
}

int xy_h_subject_search(struct xy_http_req *r)
{
	char q[CODE_MAX], num[16];
	int64_t limit = 20;
	json_t *hits = NULL;
	long n;
	int err;

	n = xy_http_query(r, "q", q, sizeof(q));
	if (n == -2)
		return 0;
	if (n <= 0)
		return xy_http_problem(r, 400, xy_error_name(XY_EINVALID),
				       "'q', part of a name, is required",
				       NULL);
	n = xy_http_query(r, "limit", num, sizeof(num));
	if (n == -2)
		return 0;
	if (n > 0 &&
	    (parse_id(num, &limit) < 0 || limit < 1 || limit > XY_SEARCH_MAX))
		return xy_http_problem(r, 400, xy_error_name(XY_EINVALID),
				       "limit is 1 to 100", NULL);
	err = xy_archive_search(r->p, q, (int)limit, &hits);
	if (err < 0)
		return err;
	return xy_http_json(r, 200, json_pack("{s:o}", "subjects", hits));
}

int xy_h_record(struct xy_http_req *r)
{
	struct found *f = xy_xcalloc(1, sizeof(*f));
	char idtext[32];
	int64_t id;
	int err = 0, found;

	f->p = r->p;
	f->dept = r->who.role == XY_ROLE_REPORTER ? r->who.dept : NULL;
	f->open = XY_RJ_OPEN;
	if (xy_http_param(r, 0, idtext, sizeof(idtext)) < 0)
		goto done;
	if (parse_id(idtext, &id) < 0) {
		xy_http_problem(r, 400, xy_error_name(XY_EINVALID),
				"a record id is a positive integer", NULL);
		goto done;
	}
	xy_http_jw_begin(r, &f->w);
	found = xy_repo_record_by_id(&r->p->repo, id, on_record, f);
	if (found < 0) {
		err = found;
		goto done;
	}
	if (f->other_dept) {
		err = xy_error_set(XY_EAUTH, "the record belongs to another "
					     "department");
		goto done;
	}
	if (!found || !f->nrecords) {
		err = xy_error_set(XY_ENOTFOUND, "no record %" PRId64, id);
		goto done;
	}
	xy_jw_key(&f->w, "history");
	xy_jw_array(&f->w);
	err = xy_repo_history(&r->p->repo, id, on_version, f);
	if (err < 0)
		goto done;
	xy_jw_end(&f->w);
	xy_jw_end(&f->w);
	if (audit_persons(r, f, &err))
		goto done;
	err = xy_http_jw_answer(r, 200, &f->w);
done:
	free(f);
	return err;
}

int xy_h_record_list(struct xy_http_req *r)
{
	struct xy_record_filter q = {NULL,	0, INT32_MIN + 1,
				     INT32_MAX, 0, PAGE_DEFAULT};
	struct found *f = xy_xcalloc(1, sizeof(*f));
	char dept[64], catalog[64], num[32];
	const struct xy_item *it;
	long n;
	int err = 0;
	int32_t from = INT32_MIN + 1, to = INT32_MAX;

	f->p = r->p;
	if (xy_http_query(r, "dept", dept, sizeof(dept)) == -2 ||
	    xy_http_query(r, "catalog", catalog, sizeof(catalog)) == -2 ||
	    xy_http_query_date(r, "from", &from) ||
	    xy_http_query_date(r, "to", &to))
		goto done;
	q.from = from;
	q.to = to;
	q.dept = scope_dept(r, dept);
	if (*catalog) {
		it = xy_catalog_item(&r->p->cat, catalog);
		if (!it) {
			err = xy_error_set(XY_EINVALID, "unknown catalog '%s'",
					   catalog);
			goto done;
		}
		q.item = xy_platform_item_id(r->p, it);
	}
	n = xy_http_query(r, "cursor", num, sizeof(num));
	if (n == -2)
		goto done;
	if (n > 0 && parse_id(num, &q.after) < 0) {
		err = xy_error_set(XY_EINVALID, "bad cursor");
		goto done;
	}
	n = xy_http_query(r, "limit", num, sizeof(num));
	if (n == -2)
		goto done;
	if (n > 0 && (parse_id(num, &q.limit) < 0 || q.limit < 1 ||
		      q.limit > PAGE_MAX)) {
		err = xy_error_set(XY_EINVALID, "limit is 1 to %d", PAGE_MAX);
		goto done;
	}
	f->cap = (size_t)q.limit;
	q.limit++; /* one more tells whether there is a next page */
	xy_http_jw_begin(r, &f->w);
	xy_jw_object(&f->w);
	xy_jw_key(&f->w, "records");
	xy_jw_array(&f->w);
	err = xy_repo_records_page(&r->p->repo, &q, on_record, f);
	if (err < 0)
		goto done;
	xy_jw_end(&f->w);
	xy_jw_key(&f->w, "next_cursor");
	if (f->more) {
		snprintf(num, sizeof(num), "%" PRId64, f->last_id);
		xy_jw_str(&f->w, num);
	} else {
		xy_jw_null(&f->w);
	}
	xy_jw_end(&f->w);
	if (audit_persons(r, f, &err))
		goto done;
	err = xy_http_jw_answer(r, 200, &f->w);
done:
	free(f);
	return err;
}

int xy_h_audit(struct xy_http_req *r)
{
	char code[CODE_MAX];
	json_t *entries = NULL;
	long n = xy_http_query(r, "subject", code, sizeof(code));
	int err;

	if (n == -2)
		return 0;
	if (n <= 0)
		return xy_http_problem(
		    r, 400, xy_error_name(XY_EINVALID),
		    "the query parameter 'subject' is required",
		    json_pack("[{s:s, s:s, s:s}]", "field", "subject", "code",
			      "required", "message", "subject is required"));
	err = xy_audit_subject(r->p, code, &entries);
	if (err < 0)
		return err;
	return xy_http_json(r, 200, json_pack("{s:o}", "entries", entries));
}
