/*
 * ingest_json.c - JSON records: API bodies and JSON Lines files.
 *
 * Bodies are read with yajl's event parser: the keys and values of a
 * record are mapped to fields as the parser meets them, and no document
 * tree is built (building jansson's tree of a 1,000-record body took ten
 * times as long as this whole parse; ARCHITECTURE.md). Parsed records are
 * kept a chunk at a time (PARSE_AHEAD), their values copied into one
 * buffer, and then stored: a request parses its first chunk before it
 * writes, that is before it takes the database's write lock, so two
 * requests at once parse while the other writes. The route takes a body
 * in one transaction and abandons it at a syntax error
 * (xy_ingest_abandon), so a broken body stores nothing and a good one is
 * parsed once. Keys are mapped to fields through a small cache: the keys
 * of a batch repeat, and xy_item_field_by_header() normalises and
 * compares every name.
 *
 * Values are what jansson made of them before: a number in the form
 * "%lld" or "%.15g" gives, an integer past 64 bits or a real past a
 * double's range a syntax error, as is U+0000 in a string.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "service/ingest_json.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/utf8.h"
#include "util/banned.h"

#define KEY_SLOTS    128  /* distinct keys remembered, a power of two */
#define KEY_MAX	     256  /* longest key remembered */
#define MAX_WARNINGS 64	  /* request-level warnings given, at most */
#define MAX_DEPTH    2048 /* nesting refused beyond (jansson's limit) */
#define NO_OFF	     ((size_t)-1)

/*
 * Records parsed before they are stored, at most. A request parses its
 * first chunk before it writes, that is before it takes the database's
 * write lock: two requests at once then parse while the other writes,
 * instead of one waiting for the other's whole body.
 */
#define PARSE_AHEAD 1024

/* A key seen in this body and the field it names. */
struct key_slot {
	char *key;  /* NUL-terminated copy, NULL: empty slot */
	size_t len; /* bytes in key */
	int field;  /* field index, -1 when it names none */
	int warned; /* a duplicate warning was given for it */
};

/* Why a parsed record is refused before validation, if it is. */
enum refusal {
	REFUSE_NONE,
	REFUSE_NOT_OBJECT, /* the record is no object */
	REFUSE_NOT_STRING, /* a value is an object, a boolean, ... */
	REFUSE_LINE,	   /* a JSON Lines line is no JSON: msg */
};

/* A value of a parsed record: bytes in the chunk's buffer. */
struct span {
	size_t off; /* of its first byte, NO_OFF: absent */
	size_t len; /* bytes */
};

/* A record parsed and not stored yet. */
struct pending {
	uint64_t index;	  /* record index, or line of a file */
	enum refusal why; /* REFUSE_NONE: to be stored */
	int field;	  /* REFUSE_NOT_STRING: the field */
	size_t msg;	  /* REFUSE_LINE: its message in bytes */
};

/* The state of one body or file. */
struct run {
	struct xy_ingest *in;		 /* the session, borrowed */
	const struct xy_item *it;	 /* its item; NULL: syntax only */
	const struct xy_api_ingest *o;	 /* options, borrowed */
	size_t nfields;			 /* fields of it */
	struct xy_vinput *vals;		 /* per field, of the record stored */
	struct key_slot keys[KEY_SLOTS]; /* key cache */
	unsigned warnings;		 /* request-level warnings given */
	uint64_t extra;			 /* records rejected here */
	int by_line;			 /* a file: indexes are line numbers */

	/* the chunk: records parsed, not stored yet */
	struct pending *recs; /* PARSE_AHEAD of them */
	size_t nrecs;	      /* complete ones in recs */
	struct span *spans;   /* per record and field: value in bytes */
	struct xy_buf bytes;  /* values and messages, NUL-terminated */
	struct xy_buf num;    /* a number's text, NUL-terminated */
	struct xy_buf key;    /* the member's key */

	/* where the parser is */
	unsigned depth;	    /* arrays and objects open */
	unsigned rec_depth; /* depth of a record value: 1 in an array */
	int open;	    /* a record object is open, in recs[nrecs] */
	int field;	    /* field of the member being read, -1: none */
	int list;	    /* the member's value is a list being joined */
	size_t list_n;	    /* strings joined so far */
	uint64_t index;	    /* index of the next record */
	int store;	    /* store a full chunk (not inside a line) */
	int err;	    /* storing failed: the parse was cancelled */
	const char *broken; /* a rule of ours broken: cancelled */
};

static void run_init(struct run *r, struct xy_ingest *in,
		     const struct xy_api_ingest *o)
{
	memset(r, 0, sizeof(*r));
	r->in = in;
	r->it = in ? xy_ingest_item(in) : NULL;
	r->o = o;
	r->nfields = r->it ? r->it->nfields : 0;
	r->vals = xy_xcalloc(r->nfields ? r->nfields : 1, sizeof(*r->vals));
	r->recs = xy_xcalloc(PARSE_AHEAD, sizeof(*r->recs));
	r->spans = xy_xcalloc(PARSE_AHEAD * (r->nfields ? r->nfields : 1),
			      sizeof(*r->spans));
	xy_buf_init(&r->bytes, 0);
	xy_buf_init(&r->num, 0);
	xy_buf_init(&r->key, 0);
	r->field = -1;
}

static void run_dispose(struct run *r)
{
	for (size_t i = 0; i < KEY_SLOTS; i++)
		free(r->keys[i].key);
	free(r->vals);
	free(r->recs);
	free(r->spans);
	xy_buf_dispose(&r->bytes);
	xy_buf_dispose(&r->num);
	xy_buf_dispose(&r->key);
}

static void warn(struct run *r, const char *field, const char *code,
		 const char *fmt, const char *key, size_t len)
{
	char msg[200];

	if (r->warnings >= MAX_WARNINGS)
		return;
	r->warnings++;
	snprintf(msg, sizeof(msg), fmt, len > 64 ? 64 : (int)len, key);
	xy_ingest_warn(r->in, field, code, msg);
}

/* The slot of key in the cache, or NULL when the cache is full. */
static struct key_slot *key_slot(struct run *r, const char *key, size_t len)
{
	size_t h = (size_t)xy_fnv1a(key, len);

	for (size_t i = 0; i < KEY_SLOTS; i++) {
		struct key_slot *s = &r->keys[(h + i) & (KEY_SLOTS - 1)];

		if (!s->key || (s->len == len && !memcmp(s->key, key, len)))
			return s;
	}
	return NULL;
}

/* The field a key names, or -1; warns once about an unknown key. */
static int field_of(struct run *r, const char *key, size_t len)
{
	struct key_slot *s = len <= KEY_MAX ? key_slot(r, key, len) : NULL;
	int f;

	if (s && s->key)
		return s->field;
	f = xy_item_field_by_header(r->it, key, len);
	if (f < 0)
		warn(r, key, "unknown_column", "unknown field '%.*s' ignored",
		     key, len);
	if (s) {
		s->key = xy_xmemdup(key, len);
		s->len = len;
		s->field = f;
	}
	return f;
}

static void duplicate(struct run *r, const char *key, size_t len)
{
	struct key_slot *s = len <= KEY_MAX ? key_slot(r, key, len) : NULL;

	if (s && s->key) {
		if (s->warned)
			return;
		s->warned = 1;
	}
	warn(r, key, "duplicate_column",
	     "field '%.*s' given twice, the first value kept", key, len);
}

static void result(struct run *r, uint64_t index, enum xy_ingest_status st,
		   const char *field, const char *code, const char *message)
{
	if (code)
		r->extra++;
	if (r->o && r->o->on_result)
		r->o->on_result(r->o->ctx, index, st, field, code, message);
}

/* ---- the chunk ---- */

/* The values of record rec of the chunk, by field. */
static struct span *rec_spans(struct run *r, size_t rec)
{
	return r->spans + rec * r->nfields;
}

/* Starts the record recs[nrecs]: open when it is an object. */
static struct pending *rec_begin(struct run *r, int object)
{
	struct pending *p = &r->recs[r->nrecs];
	struct span *v = rec_spans(r, r->nrecs);

	memset(p, 0, sizeof(*p));
	p->index = r->index++;
	for (size_t f = 0; f < r->nfields; f++)
		v[f].off = NO_OFF;
	r->open = object;
	r->field = -1;
	r->list = 0;
	return p;
}

static int flush(struct run *r);

/* Completes recs[nrecs]; stores the chunk when it is full. */
static int rec_end(struct run *r)
{
	r->open = 0;
	r->field = -1;
	if (++r->nrecs < PARSE_AHEAD || !r->store)
		return 0;
	return flush(r);
}

/* Refuses the open record: the rest of it is skipped. */
static void refuse(struct run *r, int field)
{
	struct pending *p = &r->recs[r->nrecs];

	if (p->why == REFUSE_NONE) {
		p->why = REFUSE_NOT_STRING;
		p->field = field;
	}
	r->field = -1;
	r->list = 0;
}

static int refused(const struct run *r)
{
	return r->recs[r->nrecs].why != REFUSE_NONE;
}

/*
 * The member's field, about to get a non-null value: -1 when there is
 * none or it has one already (a duplicate, warned about).
 */
static int member_field(struct run *r)
{
	int f = r->field;

	if (f < 0 || refused(r))
		return -1;
	if (rec_spans(r, r->nrecs)[f].off != NO_OFF) {
		duplicate(r, r->key.ptr, r->key.len);
		r->field = -1;
		return -1;
	}
	return f;
}

/* Sets the value of field f of the open record to s[0..n). */
static void set_value(struct run *r, int f, const char *s, size_t n)
{
	struct span *v = &rec_spans(r, r->nrecs)[f];

	v->off = r->bytes.len;
	v->len = n;
	xy_buf_add(&r->bytes, s, n);
	xy_buf_addch(&r->bytes, '\0');
}

/* Answers a refused record of the chunk. */
static void answer_refused(struct run *r, const struct pending *p)
{
	char msg[200];

	switch (p->why) {
	case REFUSE_NOT_OBJECT:
		result(r, p->index, XY_INGEST_REJECTED, "", "json",
		       "the record is not a JSON object");
		break;
	case REFUSE_NOT_STRING:
		snprintf(msg, sizeof(msg), "the value of '%s' is not a string",
			 r->it->fields[p->field].code);
		result(r, p->index, XY_INGEST_REJECTED,
		       r->it->fields[p->field].code, "json", msg);
		break;
	case REFUSE_LINE:
		result(r, p->index, XY_INGEST_REJECTED, "", "json",
		       r->bytes.ptr + p->msg);
		break;
	case REFUSE_NONE:
		break;
	}
}

/*
 * Stores and answers the records of the chunk, then forgets them. All
 * are validated and prepared first, before the first write takes the
 * database's write lock.
 */
static int flush(struct run *r)
{
	enum xy_ingest_status st;
	int err = 0;

	for (size_t i = 0; i < r->nrecs; i++) {
		const struct pending *p = &r->recs[i];
		const struct span *v = rec_spans(r, i);

		if (p->why != REFUSE_NONE)
			continue;
		for (size_t f = 0; f < r->nfields; f++) {
			r->vals[f].ptr =
			    v[f].off == NO_OFF ? NULL : r->bytes.ptr + v[f].off;
			r->vals[f].len = v[f].len;
		}
		xy_ingest_hold(r->in, r->by_line ? p->index : p->index + 1,
			       r->vals);
	}
	for (size_t i = 0; i < r->nrecs && !err; i++) {
		const struct pending *p = &r->recs[i];

		if (p->why != REFUSE_NONE) {
			answer_refused(r, p);
			continue;
		}
		err = xy_ingest_write_next(r->in, &st);
		if (!err)
			result(r, p->index, st, NULL, NULL, NULL);
	}
	r->nrecs = 0;
	xy_buf_reset(&r->bytes);
	return err;
}

/* ---- yajl's events ---- */

/* What a callback returns after err: 0 (cancel) when storing failed. */
static int go_on(struct run *r, int err)
{
	if (err < 0) {
		r->err = err;
		return 0;
	}
	return 1;
}

/* A value at a record's depth that is no object: a refused record. */
static int not_object(struct run *r)
{
	if (!r->it) {
		r->index++;
		return 1;
	}
	rec_begin(r, 0)->why = REFUSE_NOT_OBJECT;
	return go_on(r, rec_end(r));
}

/*
 * A scalar; text is its value as a field takes it, NULL for one no field
 * takes (a boolean; null when is_null, which leaves the field absent).
 */
static int scalar(struct run *r, const char *text, size_t n, int is_null)
{
	int f;

	if (r->depth == r->rec_depth)
		return not_object(r);
	if (!r->it || !r->open || refused(r))
		return 1;
	if (r->list && r->depth == r->rec_depth + 2) {
		refuse(r, r->field); /* a list holds strings only */
		return 1;
	}
	if (r->depth != r->rec_depth + 1 || is_null)
		return 1;
	f = member_field(r);
	if (f < 0)
		return 1;
	if (!text)
		refuse(r, f);
	else
		set_value(r, f, text, n);
	return 1;
}

static int on_null(void *ctx)
{
	return scalar(ctx, NULL, 0, 1);
}

static int on_boolean(void *ctx, int v)
{
	(void)v;
	return scalar(ctx, NULL, 0, 0);
}

/* A number as jansson took it: "%lld" or "%.15g", or NULL when too big. */
static const char *number_text(struct run *r, const char *s, size_t n)
{
	char tmp[64];
	int real = memchr(s, '.', n) || memchr(s, 'e', n) || memchr(s, 'E', n);

	xy_buf_reset(&r->num);
	xy_buf_add(&r->num, s, n);
	errno = 0;
	if (real) {
		double d = strtod(r->num.ptr, NULL);

		if (errno == ERANGE && d != 0) {
			r->broken = "real number overflow";
			return NULL;
		}
		snprintf(tmp, sizeof(tmp), "%.15g", d);
	} else {
		long long v = strtoll(r->num.ptr, NULL, 10);

		if (errno == ERANGE) {
			r->broken = v < 0 ? "too big negative integer"
					  : "too big integer";
			return NULL;
		}
		snprintf(tmp, sizeof(tmp), "%lld", v);
	}
	xy_buf_reset(&r->num);
	xy_buf_adds(&r->num, tmp);
	return r->num.ptr;
}

static int on_number(void *ctx, const char *s, size_t n)
{
	struct run *r = ctx;
	const char *text = number_text(r, s, n);

	return text ? scalar(r, text, r->num.len, 0) : 0;
}

static int on_string(void *ctx, const unsigned char *s, size_t n)
{
	struct run *r = ctx;
	int f;

	if (memchr(s, '\0', n)) {
		r->broken = "\\u0000 is not allowed in a string";
		return 0;
	}
	if (r->depth == r->rec_depth)
		return not_object(r);
	if (!r->it || !r->open || refused(r))
		return 1;
	if (r->list && r->depth == r->rec_depth + 2) {
		/* the list's value grows at the end of bytes */
		if (r->list_n++)
			xy_buf_addch(&r->bytes, ';');
		xy_buf_add(&r->bytes, s, n);
		return 1;
	}
	if (r->depth != r->rec_depth + 1)
		return 1;
	f = member_field(r);
	if (f >= 0)
		set_value(r, f, (const char *)s, n);
	return 1;
}

static int on_key(void *ctx, const unsigned char *key, size_t n)
{
	struct run *r = ctx;

	if (memchr(key, '\0', n)) {
		r->broken = "\\u0000 is not allowed in a string";
		return 0;
	}
	if (!r->it || !r->open || refused(r) || r->depth != r->rec_depth + 1)
		return 1;
	xy_buf_reset(&r->key);
	xy_buf_add(&r->key, key, n);
	r->field = field_of(r, r->key.ptr, r->key.len);
	return 1;
}

static int deeper(struct run *r)
{
	if (r->depth >= MAX_DEPTH) {
		r->broken = "maximum parsing depth reached";
		return 0;
	}
	r->depth++;
	return 1;
}

static int on_start_map(void *ctx)
{
	struct run *r = ctx;

	if (r->depth == r->rec_depth) {
		if (r->it)
			rec_begin(r, 1);
		else
			r->index++;
		return deeper(r);
	}
	if (r->it && r->open && !refused(r)) {
		if (r->list && r->depth == r->rec_depth + 2)
			refuse(r, r->field);
		else if (r->depth == r->rec_depth + 1 && member_field(r) >= 0)
			refuse(r, r->field);
	}
	return deeper(r);
}

static int on_end_map(void *ctx)
{
	struct run *r = ctx;

	r->depth--;
	if (r->depth == r->rec_depth && r->it && r->open)
		return go_on(r, rec_end(r));
	return 1;
}

static int on_start_array(void *ctx)
{
	struct run *r = ctx;
	int f;

	if (r->depth == r->rec_depth) {
		if (!not_object(r))
			return 0;
		return deeper(r);
	}
	if (r->it && r->open && !refused(r)) {
		if (r->list && r->depth == r->rec_depth + 2) {
			refuse(r, r->field);
		} else if (r->depth == r->rec_depth + 1 &&
			   (f = member_field(r)) >= 0) {
			/* a list of strings: joined with ';' in bytes */
			rec_spans(r, r->nrecs)[f].off = r->bytes.len;
			r->list = 1;
			r->list_n = 0;
		}
	}
	return deeper(r);
}

static int on_end_array(void *ctx)
{
	struct run *r = ctx;

	r->depth--;
	if (r->list && r->depth == r->rec_depth + 1) {
		struct span *v = &rec_spans(r, r->nrecs)[r->field];

		v->len = r->bytes.len - v->off;
		xy_buf_addch(&r->bytes, '\0');
		r->list = 0;
	}
	return 1;
}

static const yajl_callbacks events = {
    .yajl_null = on_null,
    .yajl_boolean = on_boolean,
    .yajl_number = on_number,
    .yajl_string = on_string,
    .yajl_start_map = on_start_map,
    .yajl_map_key = on_key,
    .yajl_end_map = on_end_map,
    .yajl_start_array = on_start_array,
    .yajl_end_array = on_end_array,
};

/* ---- walking a body ---- */

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

/* "line L, column C: what" for the byte at offset pos of body. */
static int syntax_error(const char *body, size_t pos, const char *what)
{
	size_t line = 1, col = 1;

	for (size_t i = 0; i < pos; i++) {
		if (body[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)body[i] & 0xc0) != 0x80) {
			col++;
		}
	}
	return xy_error_set(XY_EINVALID, "line %zu, column %zu: %s", line, col,
			    what);
}

/*
 * Runs yajl over text[0..len) as one JSON value at r->rec_depth - 1.
 * Returns 0 with *end at the first byte after the value, 1 with the
 * reason in msg when the text is no JSON (*end where it broke), or < 0
 * when storing a record failed.
 */
static int parse_value(struct run *r, const char *text, size_t len, size_t *end,
		       char *msg, size_t cap)
{
	yajl_handle h = yajl_alloc(&events, NULL, r);
	yajl_status st;
	unsigned char *e;
	size_t n;

	r->depth = 0;
	r->broken = NULL;
	r->err = 0;
	yajl_config(h, yajl_allow_trailing_garbage, 1);
	st = yajl_parse(h, (const unsigned char *)text, len);
	*end = yajl_get_bytes_consumed(h);
	if (st == yajl_status_ok) {
		st = yajl_complete_parse(h);
		if (st != yajl_status_ok)
			*end = len;
	}
	if (st == yajl_status_ok) {
		yajl_free(h);
		return 0;
	}
	if (st == yajl_status_client_canceled) {
		yajl_free(h);
		if (!r->broken)
			return r->err ? r->err : XY_EDB;
		snprintf(msg, cap, "%s", r->broken);
		return 1;
	}
	e = yajl_get_error(h, 0, NULL, 0);
	snprintf(msg, cap, "%s", e ? (const char *)e : "not JSON");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	yajl_free_error(h, e);
	yajl_free(h);
	return 1;
}

/* The records of a JSON body: one object or an array of them. */
static int walk_json(struct run *r, const char *body, size_t len, size_t *count)
{
	const char *p = skip_ws(body, body + len);
	char msg[200];
	size_t end;
	int rc;

	*count = 0;
	if (p == body + len)
		return xy_error_set(XY_EINVALID, "the body is empty");
	if (*p != '{' && *p != '[')
		return xy_error_set(XY_EINVALID,
				    "the body is not a JSON object or array");
	r->rec_depth = *p == '[';
	r->store = 1;
	rc = parse_value(r, body, len, &end, msg, sizeof(msg));
	if (rc < 0)
		return rc;
	if (rc > 0)
		return syntax_error(body, end, msg);
	if (skip_ws(body + end, body + len) != body + len)
		return syntax_error(body, end,
				    *p == '['
					? "unexpected data after the array"
					: "unexpected data after the object");
	*count = r->index;
	return r->it ? flush(r) : 0;
}

int xy_ingest_json_check(const char *body, size_t len, size_t *count)
{
	struct run r;
	int err;

	run_init(&r, NULL, NULL);
	err = walk_json(&r, body, len, count);
	run_dispose(&r);
	return err;
}

/*
 * One line of JSON Lines as the record index: its record goes to the
 * chunk, or a refused one with "line L: why" (prefix "line L: ", or
 * "not JSON: " for a file) when the line is no JSON.
 */
static int parse_line(struct run *r, const char *p, size_t n,
		      const char *prefix)
{
	size_t nrecs = r->nrecs, bytes = r->bytes.len, end;
	uint64_t index = r->index;
	struct pending *rec;
	char msg[200];
	int rc;

	r->rec_depth = 0;
	r->store = 0; /* a chunk is stored between lines */
	r->open = 0;
	rc = parse_value(r, p, n, &end, msg, sizeof(msg));
	if (rc == 0 && skip_ws(p + end, p + n) != p + n) {
		snprintf(msg, sizeof(msg), "unexpected data after the record");
		rc = 1;
	}
	if (rc <= 0)
		return rc;
	/* what the line had begun is forgotten */
	r->nrecs = nrecs;
	xy_buf_truncate(&r->bytes, bytes);
	r->index = index;
	rec = rec_begin(r, 0);
	rec->why = REFUSE_LINE;
	rec->msg = r->bytes.len;
	xy_buf_adds(&r->bytes, prefix);
	xy_buf_adds(&r->bytes, msg);
	xy_buf_addch(&r->bytes, '\0');
	return rec_end(r);
}

/* JSON Lines: every non-blank line is one record. */
static int walk_lines(struct run *r, const char *body, size_t len)
{
	const char *p = body, *end = body + len;
	uint64_t lineno = 0;
	char prefix[40];
	int err = 0;

	while (p < end && !err) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		lineno++;
		if (skip_ws(p, eol) != eol) {
			snprintf(prefix, sizeof(prefix),
				 "line %llu: ", (unsigned long long)lineno);
			err = parse_line(r, p, (size_t)(eol - p), prefix);
			if (!err && r->nrecs == PARSE_AHEAD)
				err = flush(r);
		}
		p = eol + 1;
	}
	return err ? err : flush(r);
}

#define LINE_MAX_BYTES (1024 * 1024) /* a record's line, at most (as CSV) */

/* A file's rows refused before validation are the session's rejects. */
static void file_result(void *ctx, uint64_t line, enum xy_ingest_status st,
			const char *field, const char *code,
			const char *message)
{
	(void)st;
	if (code)
		xy_ingest_reject_line(ctx, line, field, code, message);
}

/*
 * Reads the next line of f into b (without its line break), at most
 * LINE_MAX_BYTES of it: 1 and *long_line when it was longer (the rest is
 * skipped), 0 at the end, < 0 on a read error.
 */
static int read_line(FILE *f, struct xy_buf *b, int *long_line)
{
	int c, any = 0;

	xy_buf_reset(b);
	*long_line = 0;
	while ((c = getc(f)) != EOF) {
		any = 1;
		if (c == '\n')
			break;
		if (b->len < LINE_MAX_BYTES)
			xy_buf_addch(b, c);
		else
			*long_line = 1;
	}
	if (ferror(f))
		return -1;
	return any;
}

int xy_ingest_jsonl_file(struct xy_ingest *in, const char *path)
{
	struct xy_api_ingest o = {file_result, in};
	struct xy_buf line = XY_BUF_INIT;
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	uint64_t lineno = 0;
	struct run r;
	int rc, err = 0, long_line;

	if (!f)
		return xy_error_set(XY_EIO, "cannot read '%s': %s", path,
				    strerror(errno));
	run_init(&r, in, &o);
	r.by_line = 1;
	while (!err && (rc = read_line(f, &line, &long_line)) > 0) {
		const char *p = line.ptr, *end = line.ptr + line.len;

		if (!lineno++ && line.len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
			p += 3; /* a BOM */
		if (skip_ws(p, end) == end)
			continue;
		if (long_line) {
			xy_ingest_reject_line(in, lineno, "", "too_long",
					      "record over the size limit");
			continue;
		}
		/* a line at a time: the report stays in line order */
		r.index = lineno;
		err = parse_line(&r, p, (size_t)(end - p), "not JSON: ");
		if (!err)
			err = flush(&r);
	}
	if (!err && rc < 0)
		err = xy_error_set(XY_EIO, "cannot read '%s': %s", path,
				   strerror(errno));
	run_dispose(&r);
	xy_buf_dispose(&line);
	if (f != stdin)
		fclose(f);
	return err;
}

int xy_ingest_json(struct xy_ingest *in, const char *body, size_t len,
		   enum xy_json_body kind, const struct xy_api_ingest *o,
		   uint64_t *extra)
{
	struct run r;
	size_t n;
	int err;

	run_init(&r, in, o);
	if (kind == XY_JSON_BODY_LINES)
		err = walk_lines(&r, body, len);
	else
		err = walk_json(&r, body, len, &n);
	*extra = r.extra;
	run_dispose(&r);
	return err;
}
