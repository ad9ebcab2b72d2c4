/*
 * validate.c - normalisation and the checks of DOMAIN.md §2, driven by
 * the catalog item.
 *
 * Two passes over the fields: the first normalises each value and checks
 * it on its own (length, enum, date, USCC, decimal); the second applies
 * what depends on other fields (requirements, placeholder, prefixes, ID
 * numbers by ID type, date order), reading only values the first pass
 * found valid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/ids.h"
#include "core/validate.h"
#include "util/utf8.h"
#include "util/banned.h"

void xy_vrow_init(struct xy_vrow *r, const struct xy_item *it)
{
	size_t n = it->nfields;

	memset(r, 0, sizeof(*r));
	r->item = it;
	xy_buf_init(&r->values, 0);
	xy_buf_init(&r->tmp, 0);
	r->off = xy_xcalloc(n, sizeof(*r->off));
	r->len = xy_xcalloc(n, sizeof(*r->len));
	r->state = xy_xcalloc(n, sizeof(*r->state));
	r->dates = xy_xcalloc(n, sizeof(*r->dates));
}

void xy_vrow_dispose(struct xy_vrow *r)
{
	xy_buf_dispose(&r->values);
	xy_buf_dispose(&r->tmp);
	free(r->off);
	free(r->len);
	free(r->state);
	free(r->dates);
	free(r->issues);
	memset(r, 0, sizeof(*r));
}

/*
 * Writes at most 32 characters of s, quoted, into out, cutting on a
 * character boundary and marking the cut with "...".
 */
static void quote(char *out, size_t size, const char *s, size_t len)
{
	size_t n = 0, chars = 0;

	while (n < len && chars < 32) {
		n++;
		while (n < len && ((unsigned char)s[n] & 0xc0) == 0x80)
			n++;
		chars++;
	}
	snprintf(out, size, "'%.*s%s'", (int)n, s, n < len ? "..." : "");
}

static struct xy_issue *add_issue(struct xy_vrow *r, int field,
				  enum xy_verr code, int warning)
{
	struct xy_issue *is;

	if (r->nissues == r->aissues) {
		r->aissues = r->aissues ? 2 * r->aissues : 8;
		r->issues = xy_xrealloc(r->issues,
					r->aissues * sizeof(*r->issues));
	}
	is = &r->issues[r->nissues++];
	is->field = field;
	is->code = code;
	is->warning = warning;
	is->message[0] = '\0';
	if (!warning) {
		r->nerrors++;
		r->state[field] = XY_VS_BAD;
	}
	return is;
}

/* An error whose message quotes the value unless the field is personal. */
static void fail(struct xy_vrow *r, int field, enum xy_verr code,
		 const char *what)
{
	const struct xy_field *f = &r->item->fields[field];
	struct xy_issue *is = add_issue(r, field, code, 0);
	char q[160];

	if (f->personal) {
		snprintf(is->message, sizeof(is->message), "%s for '%s'", what,
			 f->code);
		return;
	}
	quote(q, sizeof(q), r->values.ptr + r->off[field], r->len[field]);
	snprintf(is->message, sizeof(is->message), "%s %s for '%s'", what, q,
		 f->code);
}

static int str_eq(const char *a, size_t alen, const char *b)
{
	return b && strlen(b) == alen && !memcmp(a, b, alen);
}

static const struct xy_enum_value *enum_find(const struct xy_field *f,
					     const char *s, size_t len)
{
	for (size_t i = 0; i < f->nvalues; i++)
		if (str_eq(s, len, f->values[i].name) ||
		    str_eq(s, len, f->values[i].code))
			return &f->values[i];
	return NULL;
}

/* Length of the separator at s, or 0. */
static size_t separator_at(const struct xy_catalog *cat, const char *s,
			   size_t len)
{
	for (size_t i = 0; i < cat->nseparators; i++) {
		size_t n = strlen(cat->separators[i]);

		if (n && n <= len && !memcmp(s, cat->separators[i], n))
			return n;
	}
	return 0;
}

/*
 * Rewrites an enum list value into r->tmp as canonical names joined by
 * ';'. Returns 0, or -1 after recording an enum error.
 */
static int enum_list(struct xy_vrow *r, const struct xy_catalog *cat,
		     int field, const char *s, size_t len)
{
	const struct xy_field *f = &r->item->fields[field];
	size_t i = 0, start = 0;

	xy_buf_reset(&r->tmp);
	while (i <= len) {
		size_t sep = i < len ? separator_at(cat, s + i, len - i) : 1;
		const struct xy_enum_value *v;
		const char *p = s + start;
		size_t n = i - start;

		if (!sep) {
			i++;
			continue;
		}
		while (n && (*p == ' ' || *p == '\t'))
			p++, n--;
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n) {
			v = enum_find(f, p, n);
			if (!v) {
				struct xy_issue *is;
				char q[160];

				is = add_issue(r, field, XY_V_ENUM, 0);
				quote(q, sizeof(q), p, n);
				snprintf(is->message, sizeof(is->message),
					 "unknown value %s for '%s'", q,
					 f->code);
				return -1;
			}
			if (r->tmp.len)
				xy_buf_addch(&r->tmp, ';');
			xy_buf_adds(&r->tmp, v->name);
		}
		i += sep;
		start = i;
	}
	if (!r->tmp.len) {
		fail(r, field, XY_V_ENUM, "no value");
		return -1;
	}
	return 0;
}

/* Digits, one optional point, at most scale decimals. */
static int decimal_ok(const char *s, size_t len, int scale)
{
	size_t i = 0, digits = 0, decimals = 0;
	int point = 0;

	if (i < len && s[i] == '+')
		i++;
	for (; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			digits++;
			decimals += point;
		} else if (s[i] == '.' && !point) {
			point = 1;
		} else {
			return 0;
		}
	}
	return digits > 0 && decimals <= (size_t)scale &&
	       !(point && s[len - 1] == '.') && digits <= 18;
}

/* Replaces the stored value of field with the n bytes at p. */
static void set_value(struct xy_vrow *r, int field, const char *p, size_t n)
{
	r->off[field] = r->values.len;
	r->len[field] = n;
	xy_buf_add(&r->values, p, n);
	xy_buf_addch(&r->values, '\0');
}

/* First pass: one value on its own. */
static void check_value(struct xy_vrow *r, const struct xy_catalog *cat,
			int field, const struct xy_vinput *in)
{
	const struct xy_field *f = &r->item->fields[field];
	const char *v;
	size_t n;
	int orgcode_bad = 0;
	enum xy_verr e;

	r->state[field] = XY_VS_ABSENT;
	r->dates[field] = XY_DATE_NONE;
	set_value(r, field, "", 0);
	if (!in->ptr)
		return;
	if (in->bad) {
		struct xy_issue *is = add_issue(r, field, XY_V_ENCODING, 0);

		snprintf(is->message, sizeof(is->message),
			 "invalid byte sequence in '%s'", f->code);
		return;
	}
	if (in->normal) {
		v = in->ptr;
		n = in->len;
	} else {
		int err;

		xy_buf_reset(&r->tmp);
		if (in->valid) /* checked by the reader: not twice */
			err =
			    xy_utf8_normalize_valid(&r->tmp, in->ptr, in->len);
		else
			err = xy_utf8_normalize(&r->tmp, in->ptr, in->len);
		if (err < 0) {
			struct xy_issue *is =
			    add_issue(r, field, XY_V_ENCODING, 0);

			snprintf(is->message, sizeof(is->message),
				 "invalid UTF-8 in '%s'", f->code);
			return;
		}
		v = r->tmp.ptr;
		n = r->tmp.len;
	}
	if (!n)
		return;
	set_value(r, field, v, n);
	r->state[field] = XY_VS_OK;
	v = r->values.ptr + r->off[field];
	if (f->type == XY_F_USCC || f->type == XY_F_IDNO)
		xy_ascii_upper(r->values.ptr + r->off[field], n);

	/* max counts characters: only a value of more bytes can exceed it */
	if (f->max && n > f->max && xy_utf8_length(v, n) > f->max) {
		struct xy_issue *is = add_issue(r, field, XY_V_TOO_LONG, 0);

		snprintf(is->message, sizeof(is->message),
			 "value of %zu characters in '%s', at most %zu "
			 "allowed",
			 xy_utf8_length(v, n), f->code, f->max);
		return;
	}
	switch (f->type) {
	case XY_F_TEXT:
	case XY_F_IDNO: /* needs the ID type: second pass */
		break;
	case XY_F_ENUM: {
		const struct xy_enum_value *ev = enum_find(f, v, n);

		if (!ev)
			fail(r, field, XY_V_ENUM, "unknown value");
		else if (!str_eq(v, n, ev->name))
			set_value(r, field, ev->name, strlen(ev->name));
		break;
	}
	case XY_F_ENUM_LIST:
		if (enum_list(r, cat, field, v, n) == 0)
			set_value(r, field, r->tmp.ptr, r->tmp.len);
		break;
	case XY_F_DATE: {
		char iso[11];

		if (xy_date_parse(v, n, &r->dates[field]) < 0) {
			fail(r, field, XY_V_DATE, "invalid date");
			break;
		}
		xy_date_format(r->dates[field], iso);
		set_value(r, field, iso, 10);
		break;
	}
	case XY_F_USCC:
		if (xy_uscc_is_placeholder(v, n))
			break; /* valid only with placeholder_when */
		e = xy_uscc_check(v, n,
				  cat->uscc_extra ? XY_USCC_EXTRA_AUTHORITIES
						  : 0,
				  &orgcode_bad);
		if (e == XY_V_USCC_FORMAT) {
			fail(r, field, e, "malformed unified social credit code");
		} else if (e != XY_V_OK) {
			fail(r, field, e, "wrong check character in");
		} else if (orgcode_bad) {
			struct xy_issue *is = add_issue(
				r, field, XY_V_ORGCODE_CHECKSUM, !cat->strict);
			char q[64];

			quote(q, sizeof(q), v, n);
			snprintf(is->message, sizeof(is->message),
				 "organisation code inside %s fails its check "
				 "in '%s'",
				 q, f->code);
		}
		break;
	case XY_F_DECIMAL:
		if (!decimal_ok(v, n, f->scale))
			fail(r, field, XY_V_AMOUNT,
			     "not a non-negative amount in 万元");
		break;
	}
}

static int value_in(const char *v, size_t n, char *const *values,
		    size_t nvalues)
{
	for (size_t i = 0; i < nvalues; i++)
		if (str_eq(v, n, values[i]))
			return 1;
	return 0;
}

/* 1 when the ';'-joined list v contains one of values. */
static int list_includes(const char *v, size_t n, char *const *values,
			 size_t nvalues)
{
	size_t start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i < n && v[i] != ';')
			continue;
		if (value_in(v + start, i - start, values, nvalues))
			return 1;
		start = i + 1;
	}
	return 0;
}

int xy_cond_eval(const struct xy_cond *c, const struct xy_vrow *r)
{
	const char *v;
	size_t n;

	switch (c->op) {
	case XY_COND_NONE:
		return 0;
	case XY_COND_ALL:
		for (size_t i = 0; i < c->nsubs; i++)
			if (!xy_cond_eval(&c->subs[i], r))
				return 0;
		return 1;
	case XY_COND_ANY:
		for (size_t i = 0; i < c->nsubs; i++)
			if (xy_cond_eval(&c->subs[i], r))
				return 1;
		return 0;
	case XY_COND_PRESENT:
		return r->state[c->field] != XY_VS_ABSENT;
	case XY_COND_ABSENT:
		return r->state[c->field] == XY_VS_ABSENT;
	case XY_COND_IN:
	case XY_COND_INCLUDES:
		if (r->state[c->field] != XY_VS_OK)
			return 0;
		v = xy_vrow_value(r, c->field, &n);
		if (c->op == XY_COND_IN)
			return value_in(v, n, c->values, c->nvalues);
		return list_includes(v, n, c->values, c->nvalues);
	}
	return 0;
}

static void check_uscc_rules(struct xy_vrow *r, int field)
{
	const struct xy_field *f = &r->item->fields[field];
	const struct xy_roles *roles = &r->item->roles;
	size_t n;
	const char *v = xy_vrow_value(r, field, &n);

	if (xy_uscc_is_placeholder(v, n)) {
		if (!xy_cond_eval(&f->placeholder_when, r))
			fail(r, field, XY_V_USCC_CHECKSUM,
			     "placeholder code not allowed for this subject");
		return;
	}
	for (size_t i = 0; i < f->nprefix_rules; i++) {
		const struct xy_prefix_rule *pr = &f->prefix_rules[i];
		size_t plen = strlen(pr->prefix);
		int has = n >= plen && !memcmp(v, pr->prefix, plen);
		struct xy_issue *is;
		const char *kind = "";

		if (!xy_cond_eval(&pr->when, r) || has != pr->negate)
			continue;
		if (roles->subject_kind >= 0)
			kind = xy_vrow_value(r, roles->subject_kind, NULL);
		is = add_issue(r, field, XY_V_CATEGORY_CODE_MISMATCH, 0);
		snprintf(is->message, sizeof(is->message),
			 "'%s' must %sstart with '%s' for '%s'", f->code,
			 pr->negate ? "not " : "", pr->prefix, kind);
		return;
	}
}

static void check_idno(struct xy_vrow *r, int field, int32_t reported)
{
	const struct xy_field *f = &r->item->fields[field];
	int dd = r->item->roles.decision_date;
	int32_t today = reported;
	char out[XY_RIC_LEN + 1];
	size_t n;
	const char *v = xy_vrow_value(r, field, &n);
	enum xy_verr e;

	if (!xy_cond_eval(&f->ric_when, r))
		return;
	if (dd >= 0 && xy_vrow_ok(r, dd) && r->dates[dd] < today)
		today = r->dates[dd];
	e = xy_ric_check(v, n, today, out);
	switch (e) {
	case XY_V_OK:
		if (n != XY_RIC_LEN || memcmp(v, out, n))
			set_value(r, field, out, XY_RIC_LEN);
		break;
	case XY_V_RIC_BIRTHDATE:
		fail(r, field, e, "impossible birth date in the ID number");
		break;
	case XY_V_RIC_CHECKSUM:
		fail(r, field, e, "wrong check character of the ID number");
		break;
	default:
		fail(r, field, XY_V_RIC_FORMAT, "malformed ID number");
		break;
	}
}

static void check_dates(struct xy_vrow *r, int field, int32_t reported)
{
	const struct xy_field *f = &r->item->fields[field];
	struct xy_issue *is;
	char a[11], b[11];

	if (f->not_after_reported && r->dates[field] > reported) {
		xy_date_format(r->dates[field], a);
		xy_date_format(reported, b);
		is = add_issue(r, field, XY_V_DATE_FUTURE, 0);
		snprintf(is->message, sizeof(is->message),
			 "'%s' %s is after the reported date %s", f->code, a,
			 b);
		return;
	}
	if (f->not_before >= 0 && xy_vrow_ok(r, f->not_before) &&
	    r->dates[field] < r->dates[f->not_before]) {
		xy_date_format(r->dates[field], a);
		xy_date_format(r->dates[f->not_before], b);
		is = add_issue(r, field, XY_V_DATE_ORDER, 0);
		snprintf(is->message, sizeof(is->message),
			 "'%s' %s is before '%s' %s", f->code, a,
			 r->item->fields[f->not_before].code, b);
	}
}

size_t xy_validate(struct xy_vrow *r, const struct xy_catalog *cat,
		   int32_t reported, const struct xy_vinput *in)
{
	const struct xy_item *it = r->item;

	xy_buf_reset(&r->values);
	r->nissues = 0;
	r->nerrors = 0;
	for (size_t i = 0; i < it->nfields; i++)
		check_value(r, cat, (int)i, &in[i]);

	for (size_t i = 0; i < it->nfields; i++) {
		const struct xy_field *f = &it->fields[i];
		int fi = (int)i;

		if (r->state[i] == XY_VS_ABSENT) {
			if (f->required || xy_cond_eval(&f->required_when, r)) {
				struct xy_issue *is =
					add_issue(r, fi, XY_V_REQUIRED, 0);

				snprintf(is->message, sizeof(is->message),
					 "missing value for '%s'", f->code);
			}
			continue;
		}
		if (r->state[i] != XY_VS_OK)
			continue;
		if (f->type == XY_F_USCC)
			check_uscc_rules(r, fi);
		else if (f->type == XY_F_IDNO)
			check_idno(r, fi, reported);
		else if (f->type == XY_F_DATE)
			check_dates(r, fi, reported);
	}
	return r->nerrors;
}
