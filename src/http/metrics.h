/*
 * metrics.h - counters of the server for GET /metrics (Prometheus text
 * format 0.0.4): requests and a latency histogram per route, ingest
 * counters, the database size.
 *
 * Request counters are kept per event loop (slot), each written by its
 * own thread only, and summed when scraped; ingest counters are shared.
 * All are relaxed atomics: a scrape sees each counter whole, never
 * torn, and never slows the requests down with a lock.
 */
#ifndef XY_METRICS_H
#define XY_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "service/ingest.h"
#include "util/buf.h"
#include "util/rcache.h"

struct xy_metrics;

struct xy_metrics *xy_metrics_new(size_t slots);
void xy_metrics_free(struct xy_metrics *m);

/*
 * Counts a request answered on loop slot: route is its index in
 * xy_routes, or -1 when no route matched.
 */
void xy_metrics_request(struct xy_metrics *m, size_t slot, int route,
			int status, double seconds);

/* Counts an API ingest: source "records" (push) or "imports" (upload). */
void xy_metrics_ingest(struct xy_metrics *m, const char *source,
		       const struct xy_ingest_summary *s);

/* An upload starts (+1) or ends (-1). */
void xy_metrics_running(struct xy_metrics *m, int delta);

/*
 * Appends the exposition text; db_bytes < 0 leaves that gauge out, and
 * cache NULL the archive cache's figures.
 */
void xy_metrics_render(struct xy_metrics *m, struct xy_buf *out,
		       int64_t db_bytes, const struct xy_rcache_stats *cache);

#endif
