/*
 * archive.c - a subject's archive, found by any of its codes.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/date.h"
#include "core/ids.h"
#include "core/record.h"
#include "service/archive.h"
#include "service/subjects.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/banned.h"

const char *xy_subject_kind_label(int kind)
{
	switch (kind) {
	case XY_SUBJECT_ORG:
		return "法人及非法人组织";
	case XY_SUBJECT_INDIVIDUAL:
		return "个体工商户";
	case XY_SUBJECT_PERSON:
		return "自然人";
	}
	return "未知";
}

int xy_archive_find(struct xy_platform *p, const char *code, int64_t *id)
{
	struct xy_buf buf = XY_BUF_INIT, *key = &buf;
	struct xy_buf norm = XY_BUF_INIT;
	char ric[XY_RIC_LEN + 1];
	int found = 0;

	norm.cap = 256;
	if (xy_utf8_normalize(&norm, code, strlen(code)) < 0)
		goto done;
	xy_ascii_upper(norm.ptr, norm.len);
	xy_subject_key_uscc(key, norm.ptr, norm.len);
	found = xy_repo_subject_find(&p->repo, key->ptr, key->len, id);
	if (found)
		goto done;
	if (xy_ric_check(norm.ptr, norm.len, xy_today(), ric) == XY_V_OK &&
	    p->cat.person_id_type) {
		const char *type = p->cat.person_id_type;

		xy_buf_reset(key);
		xy_subject_key_person(key, &p->keys, type, strlen(type), ric,
				      XY_RIC_LEN);
		found = xy_repo_subject_find(&p->repo, key->ptr, key->len, id);
		if (found)
			goto done;
	}
	xy_buf_reset(key);
	xy_subject_key_regno(key, norm.ptr, norm.len);
	found = xy_repo_subject_find(&p->repo, key->ptr, key->len, id);
done:
	sodium_memzero(ric, sizeof(ric)); /* an ID number: leave no copy */
	sodium_memzero(norm.ptr, norm.len);
	xy_buf_dispose(&norm);
	xy_buf_dispose(&buf);
	return found;
}

static json_t *date_json(int64_t d)
{
	char iso[11];

	xy_date_format((int32_t)d, iso);
	return json_string(iso);
}

static int on_subject(void *ctx, const struct xy_subject_view *s)
{
	json_t *o = ctx;

	json_object_set_new(o, "id", json_integer(s->id));
	json_object_set_new(o, "kind",
			    json_string(xy_subject_kind_label((int)s->kind)));
	json_object_set_new(o, "name", json_string(s->name));
	if (s->uscc)
		json_object_set_new(o, "uscc", json_string(s->uscc));
	if (s->regno)
		json_object_set_new(o, "regno", json_string(s->regno));
	if (s->masked)
		json_object_set_new(o, "id_masked", json_string(s->masked));
	return 0;
}

static int on_name(void *ctx, const char *name, int64_t first_seen)
{
	json_array_append_new(ctx, json_pack("{s:s, s:o}", "name", name,
					     "first_seen",
					     date_json(first_seen)));
	return 0;
}

/* State of the archive walk. */
struct walk {
	struct xy_platform *p; /* borrowed */
	json_t *categories;    /* the result's array */
	json_t *records;       /* the current category's records */
	int64_t item;	       /* the current category's item id */
	json_t *history;       /* filled by on_version */
	int err;	       /* first error */
};

static const struct xy_item *item_by_id(struct xy_platform *p, int64_t id)
{
	for (size_t i = 0; i < p->cat.nitems; i++)
		if (p->item_ids[i] == id)
			return &p->cat.items[i];
	return NULL;
}

/* The masked values of a record as {CODE: value}. */
static json_t *fields_json(const struct xy_item *it,
			   const struct xy_record_view *v)
{
	const char *vals[512];
	size_t lens[512];
	json_t *o = json_object();
	size_t n = it->nfields < 512 ? it->nfields : 512;

	if (xy_record_decode(v->payload, v->payload_len, n, vals, lens))
		return o;
	for (size_t i = 0; i < n; i++)
		if (lens[i])
			json_object_set_new(o, it->fields[i].code,
					    json_stringn(vals[i], lens[i]));
	return o;
}

static int on_version(void *ctx, const struct xy_record_view *v)
{
	struct walk *w = ctx;
	const struct xy_item *it = item_by_id(w->p, v->item);

	json_array_append_new(
		w->history,
		json_pack("{s:I, s:s, s:o, s:o}", "version",
			  (json_int_t)v->version, "status",
			  v->status == 2 ? "revoked" : "valid", "replaced_at",
			  date_json(v->replaced_at), "fields",
			  it ? fields_json(it, v) : json_object()));
	return 0;
}

static int on_record(void *ctx, const struct xy_record_view *v)
{
	struct walk *w = ctx;
	const struct xy_item *it = item_by_id(w->p, v->item);
	json_t *rec;
	int err = 0;

	if (!it)
		return 0;
	if (!w->records || w->item != v->item) {
		w->records = json_array();
		w->item = v->item;
		json_array_append_new(w->categories,
				      json_pack("{s:s, s:s, s:o}", "catalog",
						it->code, "name", it->name,
						"records", w->records));
	}
	w->history = json_array();
	if (v->version > 1) /* the first version has no history */
		err = xy_repo_history(&w->p->repo, v->id, on_version, w);
	rec = json_pack("{s:I, s:s, s:s, s:s?, s:o, s:o, s:b, s:s, s:I, s:o, "
			"s:o}",
			"id", (json_int_t)v->id, "doc_no", v->doc_no, "dept",
			v->dept_uscc, "dept_name", v->dept_name,
			"decision_date", date_json(v->decision_date),
			"reported_date", date_json(v->reported_date), "late",
			(int)v->late, "status",
			v->status == 2 ? "revoked" : "valid", "version",
			(json_int_t)v->version, "fields", fields_json(it, v),
			"history", w->history);
	json_array_append_new(w->records, rec);
	return err < 0 ? err : 0;
}

int xy_archive_get(struct xy_platform *p, const char *code, json_t **out)
{
	json_t *subject = json_object(), *names = json_array();
	struct walk w = {p, json_array(), NULL, 0, NULL, 0};
	int64_t id = 0;
	int err, tx;

	*out = NULL;
	tx = xy_db_begin_read(p->db); /* one snapshot, one set of locks */
	err = xy_archive_find(p, code, &id);
	if (err == 0)
		err = xy_error_set(XY_ENOTFOUND, "no subject with that code");
	if (err < 0)
		goto done;
	err = xy_repo_subject_get(&p->repo, id, on_subject, subject);
	if (err >= 0)
		err = xy_repo_subject_names(&p->repo, id, on_name, names);
	if (err >= 0)
		err = xy_repo_records_of_subject(&p->repo, id, on_record, &w);
	if (err < 0)
		goto done;
	json_object_set(subject, "names", names);
	*out = json_pack("{s:O, s:O}", "subject", subject, "categories",
			 w.categories);
	err = 0;
done:
	if (tx)
		xy_db_commit(p->db);
	json_decref(subject);
	json_decref(names);
	json_decref(w.categories);
	return err;
}

/* State of a search: the results and the ids already in them. */
struct search {
	json_t *list;	/* the results */
	int64_t *ids;	/* subjects listed */
	size_t n, max;	/* in ids; the most wanted */
};

static int on_hit(void *ctx, const struct xy_search_hit *h)
{
	struct search *s = ctx;
	json_t *o;

	for (size_t i = 0; i < s->n; i++)
		if (s->ids[i] == h->id)
			return 0; /* a subject once, by its best name */
	if (s->n == s->max)
		return 0;
	s->ids[s->n++] = h->id;
	o = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)h->id, "kind",
		      xy_subject_kind_label((int)h->kind), "name", h->name,
		      "matched", h->matched);
	if (h->uscc)
		json_object_set_new(o, "uscc", json_string(h->uscc));
	if (h->regno)
		json_object_set_new(o, "regno", json_string(h->regno));
	if (h->masked)
		json_object_set_new(o, "id_masked", json_string(h->masked));
	json_array_append_new(s->list, o);
	return 0;
}

int xy_archive_search(struct xy_platform *p, const char *text, int limit,
		      json_t **out)
{
	struct xy_buf q = XY_BUF_INIT;
	struct search s = {json_array(), NULL, 0, 0};
	int err;

	*out = NULL;
	q.cap = 400;
	if (limit < 1 || limit > XY_SEARCH_MAX)
		limit = limit < 1 ? 1 : XY_SEARCH_MAX;
	err = xy_utf8_normalize(&q, text, strlen(text));
	if (err < 0 || !q.len) {
		err = xy_error_set(XY_EINVALID,
				   err < 0 ? "search text is not valid UTF-8 "
					     "or longer than 400 bytes"
					   : "search text is empty");
		goto done;
	}
	s.max = (size_t)limit;
	s.ids = xy_xcalloc(s.max, sizeof(*s.ids));
	/* a subject may match by several of its names: ask for more */
	err = xy_repo_search(&p->repo, q.ptr, q.len, 4 * (int64_t)limit,
			     on_hit, &s);
	if (err < 0)
		goto done;
	*out = s.list;
	s.list = NULL;
	err = 0;
done:
	json_decref(s.list);
	free(s.ids);
	xy_buf_dispose(&q);
	return err;
}
