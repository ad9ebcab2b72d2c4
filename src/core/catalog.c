/*
 * catalog.c - parsing catalog items from their JSON definition.
 *
 * Fields are read first, then everything that refers to a field by code
 * (conditions, roles, not_before), so a rule may name a field that comes
 * later in the file.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "core/catalog.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/banned.h"

static char **strv_dup(json_t *arr, size_t *n)
{
	char **v;
	size_t i;

	*n = json_is_array(arr) ? json_array_size(arr) : 0;
	v = xy_xcalloc(*n + 1, sizeof(*v));
	for (i = 0; i < *n; i++) {
		const char *s = json_string_value(json_array_get(arr, i));

		v[i] = xy_xstrdup(s ? s : "");
	}
	return v;
}

static void strv_free(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void cond_dispose(struct xy_cond *c)
{
	strv_free(c->values, c->nvalues);
	for (size_t i = 0; i < c->nsubs; i++)
		cond_dispose(&c->subs[i]);
	free(c->subs);
	memset(c, 0, sizeof(*c));
	c->field = -1;
}

static void field_dispose(struct xy_field *f)
{
	free(f->code);
	free(f->name);
	strv_free(f->aliases, f->naliases);
	cond_dispose(&f->required_when);
	for (size_t i = 0; i < f->nvalues; i++) {
		free(f->values[i].name);
		free(f->values[i].code);
	}
	free(f->values);
	cond_dispose(&f->ric_when);
	cond_dispose(&f->placeholder_when);
	for (size_t i = 0; i < f->nprefix_rules; i++) {
		cond_dispose(&f->prefix_rules[i].when);
		free(f->prefix_rules[i].prefix);
	}
	free(f->prefix_rules);
}

static void item_dispose(struct xy_item *it)
{
	free(it->code);
	free(it->name);
	free(it->version);
	free(it->json);
	for (size_t i = 0; i < it->nfields; i++)
		field_dispose(&it->fields[i]);
	free(it->fields);
	strv_free(it->revoked, it->nrevoked);
	strv_free(it->kind_names, it->nkinds);
	free(it->kinds);
	free(it->display);
	memset(it, 0, sizeof(*it));
}

void xy_catalog_init(struct xy_catalog *cat)
{
	memset(cat, 0, sizeof(*cat));
	xy_calendar_init(&cat->calendar);
}

void xy_catalog_dispose(struct xy_catalog *cat)
{
	for (size_t i = 0; i < cat->nitems; i++)
		item_dispose(&cat->items[i]);
	free(cat->items);
	strv_free(cat->separators, cat->nseparators);
	free(cat->person_id_type);
	xy_calendar_dispose(&cat->calendar);
	xy_catalog_init(cat);
}

int xy_catalog_set_platform(struct xy_catalog *cat, const char *json,
			    size_t len)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, 0, &jerr);
	const char *v;

	if (!root)
		return xy_error_set(XY_EINVALID, "platform.json: %s (line %d)",
				    jerr.text, jerr.line);
	if (!json_is_object(root)) {
		json_decref(root);
		/* jerr has no line for a document that parsed */
		return xy_error_set(XY_EINVALID,
				    "platform.json: not an object");
	}
	strv_free(cat->separators, cat->nseparators);
	cat->separators = strv_dup(json_object_get(root, "list_separators"),
				   &cat->nseparators);
	cat->strict = json_is_true(json_object_get(root, "strict"));
	cat->uscc_extra =
		json_is_true(json_object_get(root, "uscc_extra_authorities"));
	free(cat->person_id_type);
	v = json_string_value(json_object_get(root, "person_id_type"));
	cat->person_id_type = xy_xstrdup(v ? v : "");
	json_decref(root);
	return 0;
}

/* Parsing state of one item: the item and its JSON fields array. */
struct parse {
	struct xy_item *it; /* being filled */
	json_t *fields;	    /* the "fields" array */
};

static int field_ref(struct parse *p, const char *ctx, const char *code,
		     int *out)
{
	*out = code ? xy_item_field(p->it, code) : -1;
	if (*out < 0)
		return xy_error_set(XY_EINVALID,
				    "%s: %s refers to unknown field '%s'",
				    p->it->code, ctx, code ? code : "");
	return 0;
}

static int parse_cond(struct parse *p, const char *ctx, json_t *j,
		      struct xy_cond *c)
{
	json_t *v;
	int err = 0;

	memset(c, 0, sizeof(*c));
	c->field = -1;
	if (!j)
		return 0;
	if (!json_is_object(j))
		return xy_error_set(XY_EINVALID, "%s: %s: not an object",
				    p->it->code, ctx);
	v = json_object_get(j, "all");
	if (!v)
		v = json_object_get(j, "any");
	if (v) {
		c->op = json_object_get(j, "all") ? XY_COND_ALL : XY_COND_ANY;
		c->nsubs = json_array_size(v);
		c->subs = xy_xcalloc(c->nsubs, sizeof(*c->subs));
		for (size_t i = 0; i < c->nsubs && !err; i++)
			err = parse_cond(p, ctx, json_array_get(v, i),
					 &c->subs[i]);
		return err;
	}
	err = field_ref(p, ctx, json_string_value(json_object_get(j, "field")),
			&c->field);
	if (err < 0)
		return err;
	v = json_object_get(j, "in");
	c->op = XY_COND_IN;
	if (!v) {
		v = json_object_get(j, "includes");
		c->op = XY_COND_INCLUDES;
	}
	if (!v && json_is_true(json_object_get(j, "present")))
		c->op = XY_COND_PRESENT;
	else if (!v && json_is_true(json_object_get(j, "absent")))
		c->op = XY_COND_ABSENT;
	else if (!v)
		return xy_error_set(XY_EINVALID,
				    "%s: %s: condition needs in, includes, "
				    "present or absent",
				    p->it->code, ctx);
	if (v)
		c->values = strv_dup(v, &c->nvalues);
	return 0;
}

static const struct {
	const char *name;
	enum xy_ftype type;
} types[] = {
	{"text", XY_F_TEXT},	 {"enum", XY_F_ENUM}, {"enum_list", XY_F_ENUM_LIST},
	{"date", XY_F_DATE},	 {"uscc", XY_F_USCC}, {"idno", XY_F_IDNO},
	{"decimal", XY_F_DECIMAL},
};

/* First pass: what a field says about itself. */
static int parse_field(struct xy_item *it, json_t *j, struct xy_field *f)
{
	const char *code = json_string_value(json_object_get(j, "code"));
	const char *name = json_string_value(json_object_get(j, "name"));
	const char *type = json_string_value(json_object_get(j, "type"));
	json_t *values = json_object_get(j, "values");
	size_t i;

	f->not_before = -1;
	if (!code || !name || !type)
		return xy_error_set(XY_EINVALID,
				    "%s: a field lacks code, name or type",
				    it->code);
	f->code = xy_xstrdup(code);
	f->name = xy_xstrdup(name);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(types[i].name, type))
			break;
	if (i == sizeof(types) / sizeof(types[0]))
		return xy_error_set(XY_EINVALID,
				    "%s: field '%s': unknown type '%s'",
				    it->code, code, type);
	f->type = types[i].type;
	f->aliases = strv_dup(json_object_get(j, "aliases"), &f->naliases);
	f->max = (size_t)json_integer_value(json_object_get(j, "max"));
	f->required = json_is_true(json_object_get(j, "required"));
	f->personal = json_is_true(json_object_get(j, "personal"));
	f->not_after_reported =
		json_is_true(json_object_get(j, "not_after_reported"));
	f->scale = (int)json_integer_value(json_object_get(j, "scale"));
	if (f->type == XY_F_DECIMAL && !f->scale)
		f->scale = 6;
	f->nvalues = json_array_size(values);
	if ((f->type == XY_F_ENUM || f->type == XY_F_ENUM_LIST) && !f->nvalues)
		return xy_error_set(XY_EINVALID,
				    "%s: field '%s': an enum needs values",
				    it->code, code);
	f->values = xy_xcalloc(f->nvalues, sizeof(*f->values));
	for (i = 0; i < f->nvalues; i++) {
		json_t *v = json_array_get(values, i);
		const char *vn = json_is_string(v) ? json_string_value(v)
			: json_string_value(json_object_get(v, "name"));
		const char *vc = json_string_value(json_object_get(v, "code"));

		if (!vn)
			return xy_error_set(XY_EINVALID,
					    "%s: field '%s': value %zu has no "
					    "name",
					    it->code, code, i + 1);
		f->values[i].name = xy_xstrdup(vn);
		f->values[i].code = vc ? xy_xstrdup(vc) : NULL;
	}
	return 0;
}

/* Second pass: what refers to other fields. */
static int parse_field_refs(struct parse *p, json_t *j, struct xy_field *f)
{
	json_t *rules = json_object_get(j, "prefix_rules");
	const char *nb = json_string_value(json_object_get(j, "not_before"));
	char ctx[160];
	int err;

	snprintf(ctx, sizeof(ctx), "field '%s'", f->code);
	err = parse_cond(p, ctx, json_object_get(j, "required_when"),
			 &f->required_when);
	if (!err)
		err = parse_cond(p, ctx, json_object_get(j, "ric_when"),
				 &f->ric_when);
	if (!err)
		err = parse_cond(p, ctx,
				 json_object_get(j, "placeholder_when"),
				 &f->placeholder_when);
	if (!err && nb)
		err = field_ref(p, ctx, nb, &f->not_before);
	if (err < 0)
		return err;
	f->nprefix_rules = json_array_size(rules);
	f->prefix_rules = xy_xcalloc(f->nprefix_rules, sizeof(*f->prefix_rules));
	for (size_t i = 0; i < f->nprefix_rules; i++) {
		json_t *r = json_array_get(rules, i);
		struct xy_prefix_rule *pr = &f->prefix_rules[i];
		const char *pre = json_string_value(json_object_get(r, "prefix"));

		pr->when.field = -1;
		if (!pre) {
			pre = json_string_value(json_object_get(r, "not_prefix"));
			pr->negate = 1;
		}
		if (!pre)
			return xy_error_set(XY_EINVALID,
					    "%s: %s: a prefix rule needs "
					    "prefix or not_prefix",
					    p->it->code, ctx);
		pr->prefix = xy_xstrdup(pre);
		err = parse_cond(p, ctx, json_object_get(r, "when"), &pr->when);
		if (err < 0)
			return err;
	}
	return 0;
}

static int parse_roles(struct parse *p, json_t *roles)
{
	static const struct {
		const char *name;
		size_t offset;
		int required;
	} map[] = {
		{"dept", offsetof(struct xy_roles, dept), 1},
		{"dept_name", offsetof(struct xy_roles, dept_name), 0},
		{"dept_fallback", offsetof(struct xy_roles, dept_fallback), 0},
		{"doc_no", offsetof(struct xy_roles, doc_no), 1},
		{"decision_date", offsetof(struct xy_roles, decision_date), 1},
		{"subject_name", offsetof(struct xy_roles, subject_name), 1},
		{"subject_kind", offsetof(struct xy_roles, subject_kind), 1},
		{"subject_uscc", offsetof(struct xy_roles, subject_uscc), 0},
		{"subject_regno", offsetof(struct xy_roles, subject_regno), 0},
		{"subject_id_type", offsetof(struct xy_roles, subject_id_type), 0},
		{"subject_id_number",
		 offsetof(struct xy_roles, subject_id_number), 0},
		{"status", offsetof(struct xy_roles, status), 0},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		int *slot = (int *)((char *)&p->it->roles + map[i].offset);
		const char *code =
			json_string_value(json_object_get(roles, map[i].name));
		char ctx[64];
		int err;

		*slot = -1;
		if (!code && !map[i].required)
			continue;
		snprintf(ctx, sizeof(ctx), "role '%s'", map[i].name);
		err = field_ref(p, ctx, code, slot);
		if (err < 0)
			return err;
	}
	return 0;
}

static int parse_kinds(struct xy_item *it, json_t *kinds)
{
	static const struct {
		const char *name;
		enum xy_subject_kind kind;
	} map[] = {
		{"org", XY_SUBJECT_ORG},
		{"individual", XY_SUBJECT_INDIVIDUAL},
		{"person", XY_SUBJECT_PERSON},
	};
	const char *key;
	json_t *v;
	size_t n = 0;

	it->nkinds = json_object_size(kinds);
	it->kind_names = xy_xcalloc(it->nkinds + 1, sizeof(char *));
	it->kinds = xy_xcalloc(it->nkinds + 1, sizeof(*it->kinds));
	json_object_foreach(kinds, key, v) {
		const char *s = json_string_value(v);
		size_t i;

		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (s && !strcmp(s, map[i].name))
				break;
		if (i == sizeof(map) / sizeof(map[0])) {
			it->nkinds = n;
			return xy_error_set(XY_EINVALID,
					    "%s: unknown subject kind '%s'",
					    it->code, s ? s : "");
		}
		it->kind_names[n] = xy_xstrdup(key);
		it->kinds[n] = map[i].kind;
		n++;
	}
	return 0;
}

static int parse_display(struct parse *p, json_t *list)
{
	size_t n = json_array_size(list);

	p->it->display = xy_xcalloc(n + 1, sizeof(int));
	for (size_t i = 0; i < n; i++) {
		int err = field_ref(p, "display",
				    json_string_value(json_array_get(list, i)),
				    &p->it->display[i]);

		if (err < 0)
			return err;
		p->it->ndisplay++;
	}
	return 0;
}

static int parse_item(struct xy_item *it, json_t *root)
{
	struct parse p = {it, json_object_get(root, "fields")};
	json_t *deadline = json_object_get(root, "deadline");
	const char *code = json_string_value(json_object_get(root, "code"));
	const char *name = json_string_value(json_object_get(root, "name"));
	const char *ver = json_string_value(json_object_get(root, "version"));
	const char *cal;
	int err;

	if (!code || !name)
		return xy_error_set(XY_EINVALID,
				    "catalog item without code or name");
	it->code = xy_xstrdup(code);
	it->name = xy_xstrdup(name);
	it->version = xy_xstrdup(ver ? ver : "1");
	if (!json_is_array(p.fields) || !json_array_size(p.fields))
		return xy_error_set(XY_EINVALID, "%s: no fields", code);
	it->nfields = json_array_size(p.fields);
	it->fields = xy_xcalloc(it->nfields, sizeof(*it->fields));
	for (size_t i = 0; i < it->nfields; i++) {
		err = parse_field(it, json_array_get(p.fields, i),
				  &it->fields[i]);
		if (err < 0)
			return err;
	}
	for (size_t i = 0; i < it->nfields; i++) {
		err = parse_field_refs(&p, json_array_get(p.fields, i),
				       &it->fields[i]);
		if (err < 0)
			return err;
	}
	err = parse_roles(&p, json_object_get(root, "roles"));
	if (err < 0)
		return err;
	it->revoked = strv_dup(json_object_get(json_object_get(root, "roles"),
					       "revoked"),
			       &it->nrevoked);
	err = parse_kinds(it, json_object_get(root, "subject_kinds"));
	if (err < 0)
		return err;
	err = parse_display(&p, json_object_get(root, "display"));
	if (err < 0)
		return err;
	it->deadline_days =
		(int)json_integer_value(json_object_get(deadline, "days"));
	cal = json_string_value(json_object_get(deadline, "calendar"));
	if (it->deadline_days <= 0)
		return xy_error_set(XY_EINVALID,
				    "%s: deadline.days must be positive", code);
	if (cal && strcmp(cal, "natural") && strcmp(cal, "working"))
		return xy_error_set(XY_EINVALID,
				    "%s: deadline.calendar must be natural or "
				    "working, not '%s'",
				    code, cal);
	it->deadline_working = cal && !strcmp(cal, "working");
	return 0;
}

int xy_catalog_add_item(struct xy_catalog *cat, const char *json, size_t len)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, 0, &jerr);
	struct xy_item it;
	int err;
	size_t i;

	memset(&it, 0, sizeof(it));
	if (!root) {
		err = xy_error_set(XY_EINVALID, "catalog item: %s (line %d)",
				   jerr.text, jerr.line);
		goto done;
	}
	if (!json_is_object(root)) {
		/* jerr has no line for a document that parsed */
		err = xy_error_set(XY_EINVALID, "catalog item: not an object");
		goto done;
	}
	err = parse_item(&it, root);
	if (err < 0)
		goto done;
	it.json = xy_xmemdup(json, len);
	for (i = 0; i < cat->nitems; i++)
		if (!strcmp(cat->items[i].code, it.code))
			break;
	if (i == cat->nitems) {
		cat->items = xy_xrealloc(cat->items,
					 (cat->nitems + 1) * sizeof(it));
		cat->nitems++;
	} else {
		item_dispose(&cat->items[i]);
	}
	cat->items[i] = it;
	memset(&it, 0, sizeof(it));
done:
	item_dispose(&it);
	json_decref(root);
	return err;
}

const struct xy_item *xy_catalog_item(const struct xy_catalog *cat,
				      const char *code)
{
	for (size_t i = 0; i < cat->nitems; i++)
		if (!strcmp(cat->items[i].code, code))
			return &cat->items[i];
	return NULL;
}

int xy_item_field(const struct xy_item *it, const char *code)
{
	for (size_t i = 0; i < it->nfields; i++)
		if (it->fields[i].code && !strcmp(it->fields[i].code, code))
			return (int)i;
	return -1;
}

/*
 * 1 when name, normalised like a header, is the normalised header h:
 * a name written with full-width forms (罚款金额（万元）) must still match
 * itself. tmp is scratch.
 */
static int name_matches(const char *name, const char *h, struct xy_buf *tmp)
{
	xy_buf_reset(tmp);
	if (xy_utf8_normalize(tmp, name, strlen(name)) < 0)
		return 0;
	return !strcmp(tmp->ptr, h);
}

int xy_item_field_by_header(const struct xy_item *it, const char *h,
			    size_t len)
{
	struct xy_buf b = XY_BUF_INIT, tmp = XY_BUF_INIT;
	int found = -1;

	if (xy_utf8_normalize(&b, h, len) < 0)
		goto done;
	for (size_t i = 0; i < it->nfields && found < 0; i++) {
		const struct xy_field *f = &it->fields[i];

		if (!strcasecmp(f->code, b.ptr) ||
		    name_matches(f->name, b.ptr, &tmp))
			found = (int)i;
		for (size_t a = 0; a < f->naliases && found < 0; a++)
			if (name_matches(f->aliases[a], b.ptr, &tmp))
				found = (int)i;
	}
done:
	xy_buf_dispose(&b);
	xy_buf_dispose(&tmp);
	return found;
}

int32_t xy_item_deadline(const struct xy_catalog *cat,
			 const struct xy_item *it, int32_t decision)
{
	if (it->deadline_working)
		return xy_calendar_add_working(&cat->calendar, decision,
					       it->deadline_days);
	return decision + it->deadline_days;
}

enum xy_subject_kind xy_item_subject_kind(const struct xy_item *it,
					  const char *value)
{
	for (size_t i = 0; i < it->nkinds; i++)
		if (!strcmp(it->kind_names[i], value))
			return it->kinds[i];
	return 0;
}
