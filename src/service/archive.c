/*
 * archive.c - a subject's archive, found by any of its codes.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/date.h"
#include "core/ids.h"
#include "core/record.h"
#include "service/archive.h"
#include "service/record_json.h"
#include "service/subjects.h"
#include "util/error.h"
#include "util/rcache.h"
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

/* Tries one key of a code: 1 when it named a subject, < 0 on an error. */
typedef int (*key_fn)(struct xy_platform *p, const void *key, size_t klen,
		      void *ctx);

/*
 * Tries the keys a code may be, in turn, until one names a subject: a
 * USCC, an ID number (through the blind index of the catalog's
 * person_id_type), a 工商注册号. Returns what the last try returned.
 */
static int try_keys(struct xy_platform *p, const char *code, key_fn fn,
		    void *ctx)
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
	found = fn(p, key->ptr, key->len, ctx);
	if (found)
		goto done;
	if (xy_ric_check(norm.ptr, norm.len, xy_today(), ric) == XY_V_OK &&
	    p->cat.person_id_type) {
		const char *type = p->cat.person_id_type;

		xy_buf_reset(key);
		xy_subject_key_person(key, &p->keys, type, strlen(type), ric,
				      XY_RIC_LEN);
		found = fn(p, key->ptr, key->len, ctx);
		if (found)
			goto done;
	}
	xy_buf_reset(key);
	xy_subject_key_regno(key, norm.ptr, norm.len);
	found = fn(p, key->ptr, key->len, ctx);
done:
	sodium_memzero(ric, sizeof(ric)); /* an ID number: leave no copy */
	sodium_memzero(norm.ptr, norm.len);
	xy_buf_dispose(&norm);
	xy_buf_dispose(&buf);
	return found;
}

static int find_key(struct xy_platform *p, const void *key, size_t klen,
		    void *ctx)
{
	return xy_repo_subject_find(&p->repo, key, klen, ctx);
}

int xy_archive_find(struct xy_platform *p, const char *code, int64_t *id)
{
	return try_keys(p, code, find_key, id);
}

/* State of the archive walk. */
struct walk {
	struct xy_platform *p;	      /* borrowed */
	struct xy_jw *w;	      /* where the archive goes */
	struct xy_archive_info *info; /* what the caller learns */
	int64_t item;		      /* the open category's item id, 0: none */
};

static int on_subject(void *ctx, const struct xy_subject_view *s)
{
	struct walk *k = ctx;
	struct xy_jw *w = k->w;

	k->info->id = s->id;
	k->info->person = s->kind == XY_SUBJECT_PERSON;

	xy_jw_kint(w, "id", s->id);
	xy_jw_kstr(w, "kind", xy_subject_kind_label((int)s->kind));
	xy_jw_kstr(w, "name", s->name);
	if (s->uscc)
		xy_jw_kstr(w, "uscc", s->uscc);
	if (s->regno)
		xy_jw_kstr(w, "regno", s->regno);
	if (s->masked)
		xy_jw_kstr(w, "id_masked", s->masked);
	return 0;
}

/* Writes the subject a key names, if any (one statement for both). */
static int subject_key(struct xy_platform *p, const void *key, size_t klen,
		       void *ctx)
{
	return xy_repo_subject_get_by_key(&p->repo, key, klen, on_subject, ctx);
}

static int on_name(void *ctx, const char *name, int64_t first_seen)
{
	struct xy_jw *w = ctx;

	xy_jw_object(w);
	xy_jw_kstr(w, "name", name);
	xy_jw_key(w, "first_seen");
	xy_jw_date(w, first_seen);
	xy_jw_end(w);
	return 0;
}

/* Ends a category: its records list and its object. */
static void category_end(struct xy_jw *w)
{
	xy_jw_end(w);
	xy_jw_end(w);
}

static int on_version(void *ctx, const struct xy_record_view *v)
{
	struct walk *k = ctx;

	xy_record_version_json(k->w, k->p, v);
	return 0;
}

static int on_record(void *ctx, const struct xy_record_view *v)
{
	struct walk *k = ctx;
	const struct xy_item *it = xy_platform_item_by_id(k->p, v->item);
	int err = 0;

	if (!it)
		return 0;
	if (k->item != v->item) { /* records come grouped by item */
		if (k->item)
			category_end(k->w);
		k->item = v->item;
		xy_jw_object(k->w);
		xy_jw_kstr(k->w, "catalog", it->code);
		xy_jw_kstr(k->w, "name", it->name);
		xy_jw_key(k->w, "records");
		xy_jw_array(k->w);
	}
	xy_record_json(k->w, k->p, v, XY_RJ_OPEN);
	xy_jw_key(k->w, "history");
	xy_jw_array(k->w);
	if (v->version > 1) /* the first version has no history */
		err = xy_repo_history(&k->p->repo, v->id, on_version, k);
	xy_jw_end(k->w);
	xy_jw_end(k->w);
	return err < 0 ? err : 0;
}

/* Renders the archive of code into w, at w's start: 0, or < 0. */
static int render(struct xy_platform *p, const char *code, struct xy_jw *w,
		  struct xy_archive_info *info)
{
	struct walk k = {p, w, info, 0};
	int err;

	xy_jw_object(w);
	xy_jw_key(w, "subject");
	xy_jw_object(w);
	err = try_keys(p, code, subject_key, &k);
	if (err == 0)
		err = xy_error_set(XY_ENOTFOUND, "no subject with that code");
	if (err < 0)
		return err;
	xy_jw_key(w, "names");
	xy_jw_array(w);
	err = xy_repo_subject_names(&p->repo, info->id, on_name, w);
	xy_jw_end(w);
	xy_jw_end(w);
	if (err < 0)
		return err;
	xy_jw_key(w, "categories");
	xy_jw_array(w);
	err = xy_repo_records_of_subject(&p->repo, info->id, on_record, &k);
	if (k.item)
		category_end(w);
	xy_jw_end(w);
	xy_jw_end(w);
	if (err < 0)
		return err;
	return xy_jw_error(w);
}

/*
 * The cached archive of code at generation gen into w: 1, or 0 when
 * there is none. The tag keeps what info says: id * 2 + person.
 */
static int cached(struct xy_platform *p, const char *code, uint64_t gen,
		  struct xy_jw *w, struct xy_archive_info *info)
{
	uint64_t tag;
	int found;

	found =
	    xy_rcache_get(p->archives, code, strlen(code), gen, w->out, &tag);
	if (found < 0)
		w->err = XY_ETOOBIG;
	if (found) {
		info->id = (int64_t)(tag >> 1);
		info->person = (int)(tag & 1);
	}
	return found;
}

int xy_archive_write(struct xy_platform *p, const char *code, struct xy_jw *w,
		     struct xy_archive_info *info)
{
	struct xy_generations gen = {0, 0};
	size_t start = w->out->len;
	int err = 0, tx;

	assert(w->depth == 0); /* an archive is a whole answer */
	memset(info, 0, sizeof(*info));
	if (p->archives) {
		/*
		 * Read before the render, so the render shows that
		 * generation or a newer one, never an older one.
		 */
		err = xy_platform_generations(p, &gen);
		if (err < 0)
			return err;
		if (cached(p, code, (uint64_t)gen.archive, w, info))
			return xy_jw_error(w);
	}
	tx = xy_db_begin_read(p->db); /* one snapshot, one set of locks */
	err = render(p, code, w, info);
	if (!err && p->archives)
		xy_rcache_put(p->archives, code, strlen(code),
			      (uint64_t)gen.archive, w->out->ptr + start,
			      w->out->len - start,
			      (uint64_t)info->id << 1 | (uint64_t)info->person);
	if (tx)
		xy_db_commit(p->db);
	return err;
}

int xy_archive_get(struct xy_platform *p, const char *code, json_t **out)
{
	struct xy_archive_info info;
	struct xy_buf text = XY_BUF_INIT;
	struct xy_jw w;
	json_error_t jerr;
	int err;

	*out = NULL;
	xy_jw_init(&w, &text);
	err = xy_archive_write(p, code, &w, &info);
	if (!err) {
		*out = json_loadb(text.ptr, text.len, 0, &jerr);
		if (!*out)
			err = xy_error_set(XY_ERROR, "archive JSON: %s",
					   jerr.text);
	}
	xy_buf_dispose(&text);
	return err;
}

/* State of a search: the results and the ids already in them. */
struct search {
	json_t *list;  /* the results */
	int64_t *ids;  /* subjects listed */
	size_t n, max; /* in ids; the most wanted */
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
	err = xy_repo_search(&p->repo, q.ptr, q.len, 4 * (int64_t)limit, on_hit,
			     &s);
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
