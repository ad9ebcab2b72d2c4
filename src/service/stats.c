/*
 * stats.c - the A5 figures, from three grouped queries.
 */
#include <stdlib.h>
#include <string.h>

#include "core/docno.h"
#include "service/stats.h"
#include "util/error.h"
#include "util/banned.h"

#define MAX_LISTED 1000 /* missing numbers listed per department and item */

/* One sequence of document numbers: a head and tail, its serials. */
struct sequence {
	char *name;	  /* head + "\n" + tail, for grouping */
	struct xy_docno d; /* head/tail point into name's copy */
	uint32_t *serials; /* seen */
	size_t n, alloc;   /* used and allocated in serials */
};

/* The figures of one department and item, built up by the queries. */
struct line {
	char *dept, *dept_name, *item;	/* identity */
	int64_t valid, late, rejected;	/* counts */
	struct sequence *seqs;		/* document-number sequences */
	size_t nseqs;			/* entries in seqs */
};

struct table {
	struct line *lines; /* sorted by dept, item when done */
	size_t n;	    /* entries in lines */
};

static struct line *find_line(struct table *t, const char *dept,
			      const char *item)
{
	struct line *l;

	dept = dept ? dept : "";
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->lines[i].dept, dept) &&
		    !strcmp(t->lines[i].item, item))
			return &t->lines[i];
	t->lines = xy_xrealloc(t->lines, (t->n + 1) * sizeof(*t->lines));
	l = &t->lines[t->n++];
	memset(l, 0, sizeof(*l));
	l->dept = xy_xstrdup(dept);
	l->item = xy_xstrdup(item);
	return l;
}

static int on_records(void *ctx, const char *dept, const char *name,
		      const char *item, int64_t count, int64_t late)
{
	struct line *l = find_line(ctx, dept, item);

	l->valid += count;
	l->late += late;
	if (name && !l->dept_name)
		l->dept_name = xy_xstrdup(name);
	return 0;
}

static int on_rejects(void *ctx, const char *dept, const char *name,
		      const char *item, int64_t count, int64_t late)
{
	struct line *l = find_line(ctx, dept, item);

	(void)late;
	l->rejected += count;
	if (name && !l->dept_name)
		l->dept_name = xy_xstrdup(name);
	return 0;
}

static int on_docno(void *ctx, const char *dept, const char *item,
		    const char *doc, size_t len)
{
	struct line *l;
	struct xy_docno d;
	struct sequence *s = NULL;
	size_t i;

	/* a row without its department belongs to no one's sequence */
	if (!dept || !*dept || xy_docno_parse(doc, len, &d) < 0)
		return 0;
	l = find_line(ctx, dept, item);
	for (i = 0; i < l->nseqs; i++) {
		s = &l->seqs[i];
		if (s->d.head_len == d.head_len && s->d.tail_len == d.tail_len &&
		    !memcmp(s->d.head, d.head, d.head_len) &&
		    !memcmp(s->d.tail, d.tail, d.tail_len))
			break;
	}
	if (i == l->nseqs) {
		l->seqs = xy_xrealloc(l->seqs, (l->nseqs + 1) * sizeof(*s));
		s = &l->seqs[l->nseqs++];
		memset(s, 0, sizeof(*s));
		s->name = xy_xmemdup(doc, len);
		s->d = d;
		s->d.head = s->name;
		s->d.tail = s->name + (d.tail - doc);
	}
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? 2 * s->alloc : 16;
		s->serials = xy_xrealloc(s->serials,
					 s->alloc * sizeof(*s->serials));
	}
	s->serials[s->n++] = d.serial;
	return 0;
}

/* Collects the missing numbers of one sequence as JSON strings. */
struct gaps {
	const struct xy_docno *d; /* the sequence */
	json_t *list;		  /* where the numbers go */
};

static void on_gap(void *ctx, uint32_t serial)
{
	struct gaps *g = ctx;
	struct xy_buf b = XY_BUF_INIT;

	if (json_array_size(g->list) >= MAX_LISTED)
		return;
	xy_docno_format(&b, g->d, serial);
	json_array_append_new(g->list, json_stringn(b.ptr, b.len));
	xy_buf_dispose(&b);
}

static json_t *rate(int64_t num, int64_t den)
{
	return den ? json_real((double)num / (double)den) : json_null();
}

static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	return c ? c : (an > bn) - (an < bn);
}

/* Sequences in the order of their heads, then tails. */
static int cmp_seqs(const void *a, const void *b)
{
	const struct sequence *x = a, *y = b;
	int c = cmp_bytes(x->d.head, x->d.head_len, y->d.head, y->d.head_len);

	return c ? c
		 : cmp_bytes(x->d.tail, x->d.tail_len, y->d.tail,
			     y->d.tail_len);
}

static json_t *render(struct line *l)
{
	json_t *missing = json_array();
	int64_t concealed = 0;
	int64_t received = l->valid + l->rejected;

	/* the query's row order is the engine's: make the list stable */
	if (l->nseqs)
		qsort(l->seqs, l->nseqs, sizeof(*l->seqs), cmp_seqs);
	for (size_t i = 0; i < l->nseqs; i++) {
		struct gaps g = {&l->seqs[i].d, missing};

		concealed += (int64_t)xy_docno_gaps(l->seqs[i].serials,
						    l->seqs[i].n, on_gap, &g);
	}
	return json_pack("{s:s, s:s?, s:s, s:I, s:I, s:o, s:I, s:o, s:I, "
			 "s:o, s:b}",
			 "dept", l->dept, "dept_name", l->dept_name, "catalog",
			 l->item, "received", (json_int_t)received, "valid",
			 (json_int_t)l->valid, "compliance",
			 rate(l->valid, received), "late",
			 (json_int_t)l->late, "late_rate",
			 rate(l->late, l->valid), "concealed",
			 (json_int_t)concealed, "missing", missing,
			 "double_zero", l->late == 0 && concealed == 0);
}

static int cmp_lines(const void *a, const void *b)
{
	const struct line *x = a, *y = b;
	int c = strcmp(x->dept, y->dept);

	return c ? c : strcmp(x->item, y->item);
}

static void table_dispose(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct line *l = &t->lines[i];

		for (size_t s = 0; s < l->nseqs; s++) {
			free(l->seqs[s].name);
			free(l->seqs[s].serials);
		}
		free(l->seqs);
		free(l->dept);
		free(l->dept_name);
		free(l->item);
	}
	free(t->lines);
}

int xy_stats_compute(struct xy_platform *p, const struct xy_stats_query *q,
		     json_t **out)
{
	struct table t = {NULL, 0};
	int err;

	*out = NULL;
	err = xy_repo_count_records(&p->repo, q->from, q->to, q->dept,
				    on_records, &t);
	if (!err)
		err = xy_repo_count_rejects(&p->repo, q->from, q->to, q->dept,
					    on_rejects, &t);
	if (!err)
		err = xy_repo_doc_numbers(&p->repo, q->from, q->to, q->dept,
					  on_docno, &t);
	if (err < 0)
		goto done;
	if (t.n)
		qsort(t.lines, t.n, sizeof(*t.lines), cmp_lines);
	*out = json_array();
	for (size_t i = 0; i < t.n; i++)
		json_array_append_new(*out, render(&t.lines[i]));
done:
	table_dispose(&t);
	return err < 0 ? err : 0;
}
