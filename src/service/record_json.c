/*
 * record_json.c - records as JSON.
 */
#include "core/date.h"
#include "core/record.h"
#include "service/record_json.h"
#include "util/banned.h"

#define MAX_FIELDS 512 /* fields of an item decoded */

void xy_jw_date(struct xy_jw *w, int64_t day)
{
	char iso[11];

	xy_date_format((int32_t)day, iso);
	xy_jw_str(w, iso);
}

static const char *status_name(int64_t status)
{
	return status == 2 ? "revoked" : "valid";
}

static void fields_json(struct xy_jw *w, const struct xy_item *it,
			const struct xy_record_view *v)
{
	const char *vals[MAX_FIELDS];
	size_t lens[MAX_FIELDS];
	size_t n = it && it->nfields < MAX_FIELDS ? it->nfields : MAX_FIELDS;

	xy_jw_key(w, "fields");
	xy_jw_object(w);
	if (it && !xy_record_decode(v->payload, v->payload_len, n, vals, lens))
		for (size_t i = 0; i < n; i++)
			if (lens[i]) {
				xy_jw_key(w, it->fields[i].code);
				xy_jw_strn(w, vals[i], lens[i]);
			}
	xy_jw_end(w);
}

void xy_record_json(struct xy_jw *w, const struct xy_platform *p,
		    const struct xy_record_view *v, unsigned flags)
{
	const struct xy_item *it = xy_platform_item_by_id(p, v->item);

	xy_jw_object(w);
	xy_jw_kint(w, "id", v->id);
	if (flags & XY_RJ_LISTED)
		xy_jw_kstr(w, "catalog", it ? it->code : NULL);
	xy_jw_kstr(w, "doc_no", v->doc_no);
	xy_jw_kstr(w, "dept", v->dept_uscc);
	xy_jw_kstr(w, "dept_name", v->dept_name);
	if (flags & XY_RJ_LISTED)
		xy_jw_kint(w, "subject", v->subject);
	xy_jw_key(w, "decision_date");
	xy_jw_date(w, v->decision_date);
	xy_jw_key(w, "reported_date");
	xy_jw_date(w, v->reported_date);
	xy_jw_kbool(w, "late", (int)v->late);
	xy_jw_kstr(w, "status", status_name(v->status));
	xy_jw_kint(w, "version", v->version);
	fields_json(w, it, v);
	if (!(flags & XY_RJ_OPEN))
		xy_jw_end(w);
}

void xy_record_version_json(struct xy_jw *w, const struct xy_platform *p,
			    const struct xy_record_view *v)
{
	xy_jw_object(w);
	xy_jw_kint(w, "version", v->version);
	xy_jw_kstr(w, "status", status_name(v->status));
	xy_jw_key(w, "replaced_at");
	xy_jw_date(w, v->replaced_at);
	fields_json(w, xy_platform_item_by_id(p, v->item), v);
	xy_jw_end(w);
}
