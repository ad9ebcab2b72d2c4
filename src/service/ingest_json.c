/*
 * ingest_json.c - JSON records: API bodies and JSON Lines files.
 *
 * A JSON array is read one element at a time (jansson with
 * JSON_DISABLE_EOF_CHECK tells how many bytes a value took), so memory
 * holds one record, not the whole body. The route takes a body in one
 * transaction and abandons it at a syntax error (xy_ingest_abandon), so
 * a broken body stores nothing and a good one is parsed once. Keys are
 * mapped to fields through a small cache: the keys of a batch repeat,
 * and xy_item_field_by_header() normalises and compares every name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "service/ingest_json.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/utf8.h"
#include "util/banned.h"

#define KEY_SLOTS 128	/* distinct keys remembered, a power of two */
#define KEY_MAX 256	/* longest key remembered */
#define MAX_WARNINGS 64 /* request-level warnings given, at most */
#define NO_OFF ((size_t)-1)

/* A key seen in this body and the field it names. */
struct key_slot {
	char *key;  /* NUL-terminated copy, NULL: empty slot */
	size_t len; /* bytes in key */
	int field;  /* field index, -1 when it names none */
	int warned; /* a duplicate warning was given for it */
};

/* The state of one body or upload. */
struct run {
	struct xy_ingest *in;	       /* the session, borrowed */
	const struct xy_item *it;      /* its item */
	const struct xy_api_ingest *o; /* options, borrowed */
	struct xy_vinput *vals;	       /* per field */
	size_t *off;		       /* per field: offset in scratch */
	struct xy_buf scratch;	       /* numbers and joined lists */
	struct key_slot keys[KEY_SLOTS]; /* key cache */
	unsigned warnings;	       /* request-level warnings given */
	uint64_t extra;		       /* records rejected here */
	int by_line;		       /* a file: indexes are line numbers */
};

static void run_init(struct run *r, struct xy_ingest *in,
		     const struct xy_api_ingest *o)
{
	memset(r, 0, sizeof(*r));
	r->in = in;
	r->it = xy_ingest_item(in);
	r->o = o;
	r->vals = xy_xcalloc(r->it->nfields, sizeof(*r->vals));
	r->off = xy_xcalloc(r->it->nfields, sizeof(*r->off));
	xy_buf_init(&r->scratch, 0);
}

static void run_dispose(struct run *r)
{
	for (size_t i = 0; i < KEY_SLOTS; i++)
		free(r->keys[i].key);
	free(r->vals);
	free(r->off);
	xy_buf_dispose(&r->scratch);
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
	if (r->o->on_result)
		r->o->on_result(r->o->ctx, index, st, field, code, message);
}

/* Puts a JSON value of field f into scratch; -1 when of a wrong type. */
static int scratch_value(struct run *r, int f, const json_t *v)
{
	size_t start = r->scratch.len;
	size_t i;
	json_t *e;

	switch (json_typeof(v)) {
	case JSON_INTEGER:
		xy_buf_addf(&r->scratch, "%" JSON_INTEGER_FORMAT,
			    json_integer_value(v));
		break;
	case JSON_REAL:
		xy_buf_addf(&r->scratch, "%.15g", json_real_value(v));
		break;
	case JSON_ARRAY:
		json_array_foreach(v, i, e) {
			if (!json_is_string(e))
				return -1;
			if (i)
				xy_buf_addch(&r->scratch, ';');
			xy_buf_add(&r->scratch, json_string_value(e),
				   json_string_length(e));
		}
		break;
	default:
		return -1;
	}
	r->off[f] = start;
	r->vals[f].len = r->scratch.len - start;
	xy_buf_addch(&r->scratch, '\0');
	return 0;
}

static int store(struct run *r, uint64_t index, uint64_t line)
{
	enum xy_ingest_status st;
	int err;

	err = xy_ingest_record(r->in, line, r->vals, &st);
	if (err < 0)
		return err;
	result(r, index, st, NULL, NULL, NULL);
	return 0;
}

/* Maps one JSON value (record index) to fields and ingests it. */
static int ingest_value(struct run *r, uint64_t index, const json_t *obj)
{
	const struct xy_item *it = r->it;
	const char *key;
	json_t *v;
	char msg[200];

	if (!json_is_object(obj)) {
		result(r, index, XY_INGEST_REJECTED, "", "json",
		       "the record is not a JSON object");
		return 0;
	}
	for (size_t f = 0; f < it->nfields; f++) {
		r->vals[f].ptr = NULL;
		r->vals[f].len = 0;
		r->off[f] = NO_OFF;
	}
	xy_buf_reset(&r->scratch);
	json_object_foreach((json_t *)obj, key, v) {
		size_t klen = strlen(key);
		int f = field_of(r, key, klen);

		if (f < 0 || json_is_null(v))
			continue;
		if (r->vals[f].ptr || r->off[f] != NO_OFF) {
			duplicate(r, key, klen);
			continue;
		}
		if (json_is_string(v)) {
			r->vals[f].ptr = json_string_value(v);
			r->vals[f].len = json_string_length(v);
			continue;
		}
		if (scratch_value(r, f, v) < 0) {
			snprintf(msg, sizeof(msg),
				 "the value of '%s' is not a string",
				 it->fields[f].code);
			result(r, index, XY_INGEST_REJECTED, it->fields[f].code,
			       "json", msg);
			return 0;
		}
	}
	for (size_t f = 0; f < it->nfields; f++)
		if (r->off[f] != NO_OFF)
			r->vals[f].ptr = r->scratch.ptr + r->off[f];
	return store(r, index, r->by_line ? index : index + 1);
}

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
			   *p == '\n'))
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
	return xy_error_set(XY_EINVALID, "line %zu, column %zu: %s", line,
			    col, what);
}

typedef int (*value_fn)(struct run *r, uint64_t index, const json_t *v);

/*
 * Records of an array parsed before they are stored, at most. A request
 * parses its first chunk before it writes, that is before it takes the
 * database's write lock: two requests at once then parse while the other
 * writes, instead of one waiting for the other's whole body.
 */
#define PARSE_AHEAD 1024

/* Hands the parsed values to fn and frees them. */
static int flush_values(json_t **vals, size_t *n, uint64_t first, value_fn fn,
			struct run *r)
{
	int err = 0;

	for (size_t i = 0; i < *n; i++) {
		if (fn && !err)
			err = fn(r, first + i, vals[i]);
		json_decref(vals[i]);
	}
	*n = 0;
	return err;
}

/*
 * Walks the records of a JSON body (one object or an array), calling fn
 * (when not NULL) for each; *count gets how many there were.
 */
static int walk_json(const char *body, size_t len, value_fn fn,
		     struct run *r, size_t *count)
{
	const char *end = body + len, *p = skip_ws(body, end);
	json_t *vals[PARSE_AHEAD];
	size_t nvals = 0;
	json_error_t e;
	json_t *v;
	uint64_t n = 0;
	int err = 0;

	*count = 0;
	if (p == end)
		return xy_error_set(XY_EINVALID, "the body is empty");
	if (*p == '{') {
		v = json_loadb(p, (size_t)(end - p), 0, &e);
		if (!v)
			return syntax_error(body, (size_t)(p - body) +
							  (size_t)e.position,
					    e.text);
		err = fn ? fn(r, 0, v) : 0;
		json_decref(v);
		*count = 1;
		return err;
	}
	if (*p != '[')
		return xy_error_set(XY_EINVALID,
				    "the body is not a JSON object or array");
	p = skip_ws(p + 1, end);
	if (p < end && *p == ']')
		p++;
	else
		for (;;) {
			v = json_loadb(p, (size_t)(end - p),
				       JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY,
				       &e);
			if (!v) {
				flush_values(vals, &nvals, 0, NULL, r);
				return syntax_error(body,
						    (size_t)(p - body) +
							    (size_t)e.position,
						    e.text);
			}
			p += e.position;
			vals[nvals++] = v;
			n++;
			if (nvals == PARSE_AHEAD)
				err = flush_values(vals, &nvals, n - PARSE_AHEAD,
						   fn, r);
			if (err < 0)
				return err;
			p = skip_ws(p, end);
			if (p < end && *p == ',') {
				p = skip_ws(p + 1, end);
				continue;
			}
			if (p < end && *p == ']') {
				p++;
				break;
			}
			flush_values(vals, &nvals, 0, NULL, r);
			return syntax_error(body, (size_t)(p - body),
					    "',' or ']' expected");
		}
	p = skip_ws(p, end);
	if (p != end) {
		flush_values(vals, &nvals, 0, NULL, r);
		return syntax_error(body, (size_t)(p - body),
				    "unexpected data after the array");
	}
	err = flush_values(vals, &nvals, n - nvals, fn, r);
	if (err < 0)
		return err;
	*count = n;
	return 0;
}

int xy_ingest_json_check(const char *body, size_t len, size_t *count)
{
	return walk_json(body, len, NULL, NULL, count);
}

/* JSON Lines: every non-blank line is one record. */
static int walk_lines(struct run *r, const char *body, size_t len)
{
	const char *p = body, *end = body + len;
	uint64_t index = 0, lineno = 0;
	json_error_t e;
	char msg[240];
	int err = 0;

	while (p < end && !err) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		json_t *v;

		lineno++;
		if (skip_ws(p, eol) == eol) {
			p = eol + 1;
			continue;
		}
		v = json_loadb(p, (size_t)(eol - p), 0, &e);
		if (!v) {
			snprintf(msg, sizeof(msg), "line %llu: %s",
				 (unsigned long long)lineno, e.text);
			result(r, index, XY_INGEST_REJECTED, "", "json", msg);
		} else {
			err = ingest_value(r, index, v);
			json_decref(v);
		}
		index++;
		p = eol + 1;
	}
	return err;
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
	json_error_t e;
	char msg[240];
	int rc, err = 0, long_line;

	if (!f)
		return xy_error_set(XY_EIO, "cannot read '%s': %s", path,
				    strerror(errno));
	run_init(&r, in, &o);
	r.by_line = 1;
	while (!err && (rc = read_line(f, &line, &long_line)) > 0) {
		const char *p = line.ptr, *end = line.ptr + line.len;
		json_t *v;

		if (!lineno++ && line.len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
			p += 3; /* a BOM */
		if (skip_ws(p, end) == end)
			continue;
		if (long_line) {
			xy_ingest_reject_line(in, lineno, "", "too_long",
					      "record over the size limit");
			continue;
		}
		v = json_loadb(p, (size_t)(end - p), 0, &e);
		if (!v) {
			snprintf(msg, sizeof(msg), "not JSON: %s", e.text);
			xy_ingest_reject_line(in, lineno, "", "json", msg);
			continue;
		}
		err = ingest_value(&r, lineno, v);
		json_decref(v);
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
		err = walk_json(body, len, ingest_value, &r, &n);
	*extra = r.extra;
	run_dispose(&r);
	return err;
}
