/*
 * export.c - writing stored records in the national layout.
 */
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <jansson.h>

#include "core/record.h"
#include "service/export.h"
#include "util/error.h"
#include "util/banned.h"

int xy_export_values(struct xy_platform *p, const struct xy_item *it,
		     const void *payload, size_t payload_len,
		     const void *secret, size_t secret_len, struct xy_buf *plain,
		     const char **vals, size_t *lens)
{
	int err;

	if (xy_record_decode(payload, payload_len, it->nfields, vals, lens))
		return xy_error_set(XY_EDB, "damaged record payload");
	if (!secret)
		return 0;
	xy_buf_reset(plain);
	err = xy_keys_unseal(&p->keys, secret, secret_len, plain);
	if (err < 0)
		return err;
	if (xy_record_apply_secret(plain->ptr, plain->len, it->nfields, vals,
				   lens))
		return xy_error_set(XY_EDB, "damaged personal data");
	return 0;
}

/* State of one export. */
struct exporter {
	struct xy_platform *p;	   /* borrowed */
	const struct xy_item *it;  /* what is exported */
	enum xy_export_format fmt; /* how */
	FILE *out;		   /* where */
	struct xy_buf plain;	   /* unsealed personal values */
	const char **vals;	   /* per field */
	size_t *lens;		   /* per field */
	uint64_t count;		   /* written */
};

static void csv_field(FILE *f, const char *s, size_t n)
{
	if (memchr(s, ',', n) || memchr(s, '"', n) || memchr(s, '\n', n) ||
	    memchr(s, '\r', n))
		csv_fwrite(f, s, n);
	else
		fwrite(s, 1, n, f);
}

static int on_record(void *ctx, const struct xy_record_view *v)
{
	struct exporter *e = ctx;
	int err = xy_export_values(e->p, e->it, v->payload, v->payload_len,
				   v->secret, v->secret_len, &e->plain,
				   e->vals, e->lens);

	if (err < 0)
		return err;
	if (e->fmt == XY_EXPORT_CSV) {
		for (size_t i = 0; i < e->it->nfields; i++) {
			if (i)
				fputc(',', e->out);
			csv_field(e->out, e->vals[i], e->lens[i]);
		}
		fputc('\n', e->out);
	} else {
		json_t *o = json_object();

		for (size_t i = 0; i < e->it->nfields; i++)
			if (e->lens[i])
				json_object_set_new(o, e->it->fields[i].code,
						    json_stringn(e->vals[i],
								 e->lens[i]));
		json_dumpf(o, e->out, JSON_COMPACT | JSON_PRESERVE_ORDER);
		fputc('\n', e->out);
		json_decref(o);
	}
	e->count++;
	return ferror(e->out) ? xy_error_set(XY_EIO, "write failed") : 0;
}

int xy_export_write(struct xy_platform *p, const char *code,
		    enum xy_export_format format, FILE *out, uint64_t *count)
{
	const struct xy_item *it = xy_catalog_item(&p->cat, code);
	struct exporter e;
	int err;

	if (!it)
		return xy_error_set(XY_ENOTFOUND, "unknown catalog '%s'", code);
	memset(&e, 0, sizeof(e));
	e.p = p;
	e.it = it;
	e.fmt = format;
	e.out = out;
	xy_buf_init(&e.plain, 0);
	e.vals = xy_xcalloc(it->nfields, sizeof(*e.vals));
	e.lens = xy_xcalloc(it->nfields, sizeof(*e.lens));
	if (format == XY_EXPORT_CSV) {
		for (size_t i = 0; i < it->nfields; i++)
			fprintf(out, "%s%s", i ? "," : "", it->fields[i].code);
		fputc('\n', out);
	}
	err = xy_repo_records_of_item(&p->repo, xy_platform_item_id(p, it),
				      on_record, &e);
	if (count)
		*count = e.count;
	xy_buf_dispose(&e.plain);
	free(e.vals);
	free(e.lens);
	return err < 0 ? err : 0;
}
