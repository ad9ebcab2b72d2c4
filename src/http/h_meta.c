/*
 * h_meta.c - the operations routes: liveness, metrics, the OpenAPI
 * document.
 */
#include "http/api.h"
#include "http/metrics.h"
#include "util/error.h"
#include "util/rcache.h"
#include "util/banned.h"

int xy_h_healthz(struct xy_http_req *r)
{
	int64_t size;
	int err = xy_db_size(r->p->db, &size);

	if (err < 0)
		return err;
	return xy_http_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

int xy_h_metrics(struct xy_http_req *r)
{
	struct xy_rcache_stats cache;
	int64_t size = -1;

	if (xy_db_size(r->p->db, &size) < 0)
		size = -1;
	if (r->env->archives)
		xy_rcache_stats(r->env->archives, &cache);
	xy_buf_reset(&r->out);
	xy_metrics_render(r->env->metrics, &r->out, size,
			  r->env->archives ? &cache : NULL);
	r->status = 200;
	r->type = r->route->produces;
	return 0;
}

int xy_h_openapi(struct xy_http_req *r)
{
	return xy_http_text(r, 200, "application/json", r->env->openapi,
			    r->env->openapi_len);
}
