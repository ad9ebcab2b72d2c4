/*
 * jsonw.c - the streaming JSON writer.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/error.h"
#include "util/jsonw.h"
#include "util/utf8.h"
#include "util/banned.h"

void xy_jw_init(struct xy_jw *w, struct xy_buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->first[0] = 1;
}

int xy_jw_error(const struct xy_jw *w)
{
	return w->err;
}

static void add(struct xy_jw *w, const char *s, size_t n)
{
	if (!w->err && xy_buf_add(w->out, s, n) < 0)
		w->err = XY_ETOOBIG;
}

/* The separator before a value or a key at the current level. */
static void before_value(struct xy_jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (!w->first[w->depth])
		add(w, ",", 1);
	w->first[w->depth] = 0;
}

static void open_container(struct xy_jw *w, char open, char close)
{
	if (w->err)
		return;
	if (w->depth + 1 >= XY_JW_DEPTH) {
		w->err = XY_EINVALID;
		return;
	}
	before_value(w);
	add(w, &open, 1);
	w->depth++;
	w->first[w->depth] = 1;
	w->close[w->depth] = close;
}

void xy_jw_object(struct xy_jw *w)
{
	open_container(w, '{', '}');
}

void xy_jw_array(struct xy_jw *w)
{
	open_container(w, '[', ']');
}

void xy_jw_end(struct xy_jw *w)
{
	if (w->err || !w->depth)
		return;
	add(w, &w->close[w->depth], 1);
	w->depth--;
}

/* Writes s as a JSON string: quotes, and escapes where RFC 8259 wants. */
static void quoted(struct xy_jw *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t run = 0;

	add(w, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6] = {'\\', 0, '0', '0', 0, 0};
		size_t elen = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		add(w, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"':
		case '\\':
			esc[1] = (char)c;
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		default:
			esc[1] = 'u';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			elen = 6;
		}
		add(w, esc, elen);
	}
	add(w, s + run, n - run);
	add(w, "\"", 1);
}

void xy_jw_key(struct xy_jw *w, const char *key)
{
	if (w->err)
		return;
	before_value(w);
	quoted(w, key, strlen(key));
	add(w, ":", 1);
	w->after_key = 1;
}

void xy_jw_strn(struct xy_jw *w, const char *s, size_t n)
{
	if (w->err)
		return;
	if (!s || !xy_utf8_valid(s, n)) {
		xy_jw_null(w);
		return;
	}
	before_value(w);
	quoted(w, s, n);
}

void xy_jw_str(struct xy_jw *w, const char *s)
{
	xy_jw_strn(w, s, s ? strlen(s) : 0);
}

void xy_jw_int(struct xy_jw *w, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof(num), "%" PRId64, v);

	if (w->err)
		return;
	before_value(w);
	add(w, num, (size_t)n);
}

void xy_jw_bool(struct xy_jw *w, int v)
{
	if (w->err)
		return;
	before_value(w);
	if (v)
		add(w, "true", 4);
	else
		add(w, "false", 5);
}

void xy_jw_null(struct xy_jw *w)
{
	if (w->err)
		return;
	before_value(w);
	add(w, "null", 4);
}

void xy_jw_raw(struct xy_jw *w, const char *json, size_t n)
{
	if (w->err)
		return;
	before_value(w);
	add(w, json, n);
}

void xy_jw_kstr(struct xy_jw *w, const char *key, const char *s)
{
	xy_jw_key(w, key);
	xy_jw_str(w, s);
}

void xy_jw_kint(struct xy_jw *w, const char *key, int64_t v)
{
	xy_jw_key(w, key);
	xy_jw_int(w, v);
}

void xy_jw_kbool(struct xy_jw *w, const char *key, int v)
{
	xy_jw_key(w, key);
	xy_jw_bool(w, v);
}
