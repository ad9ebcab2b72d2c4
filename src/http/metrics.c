/*
 * metrics.c - request counters per loop, ingest counters, and their
 * Prometheus text.
 *
 * A slot holds, for every route (and one for "no route"), a counter per
 * status of a fixed list, the latency histogram and the latency sum in
 * microseconds. Only the slot's loop writes it; a scrape reads every
 * slot with relaxed loads and sums.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/metrics.h"
#include "http/route.h"
#include "util/banned.h"

/* Statuses counted one by one; anything else counts as "other". */
static const int statuses[] = {200, 201, 204, 400, 401, 403, 404,
			       405, 409, 413, 414, 415, 429, 431,
			       500, 501, 503};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]) + 1)

/* Upper bounds of the latency buckets, in seconds (+Inf is implied). */
static const double bounds[] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025,
				0.005,	0.01,	 0.025,	 0.05,	0.1,
				0.25,	0.5,	 1,	 2.5,	5,
				10};
#define NBUCKET (sizeof(bounds) / sizeof(bounds[0]))

#define NROUTE_MAX 64 /* routes counted, the last slot is "no route" */

struct route_counts {
	_Atomic uint64_t status[NSTATUS];	/* answers by status */
	_Atomic uint64_t bucket[NBUCKET];	/* latency <= bounds[i] */
	_Atomic uint64_t count;			/* answers */
	_Atomic uint64_t micros;		/* latency sum */
};

struct slot {
	struct route_counts routes[NROUTE_MAX + 1]; /* by route index */
};

/* Ingest counters by status and source. */
enum { SRC_RECORDS, SRC_IMPORTS, NSRC };

struct xy_metrics {
	size_t nslots;			/* loops */
	struct slot *slots;		/* one per loop */
	_Atomic uint64_t requests[NSRC]; /* ingest requests */
	_Atomic uint64_t recs[NSRC][4];	/* new, updated, unchanged, rejected */
	_Atomic int64_t running;	/* uploads in progress */
};

struct xy_metrics *xy_metrics_new(size_t slots)
{
	struct xy_metrics *m = xy_xcalloc(1, sizeof(*m));

	m->nslots = slots ? slots : 1;
	m->slots = xy_xcalloc(m->nslots, sizeof(*m->slots));
	return m;
}

void xy_metrics_free(struct xy_metrics *m)
{
	if (!m)
		return;
	free(m->slots);
	free(m);
}

static void inc(_Atomic uint64_t *c, uint64_t n)
{
	atomic_fetch_add_explicit(c, n, memory_order_relaxed);
}

static uint64_t get(_Atomic uint64_t *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

void xy_metrics_request(struct xy_metrics *m, size_t slot, int route,
			int status, double seconds)
{
	struct route_counts *rc;
	size_t s = NSTATUS - 1;
	size_t ri = route >= 0 && route < NROUTE_MAX ? (size_t)route
						     : NROUTE_MAX;

	if (!m || slot >= m->nslots)
		return;
	rc = &m->slots[slot].routes[ri];
	for (size_t i = 0; i + 1 < NSTATUS; i++)
		if (statuses[i] == status)
			s = i;
	inc(&rc->status[s], 1);
	for (size_t i = 0; i < NBUCKET; i++)
		if (seconds <= bounds[i]) {
			inc(&rc->bucket[i], 1);
			break;
		}
	inc(&rc->count, 1);
	inc(&rc->micros, (uint64_t)(seconds * 1e6 + 0.5));
}

void xy_metrics_ingest(struct xy_metrics *m, const char *source,
		       const struct xy_ingest_summary *s)
{
	int src = strcmp(source, "imports") ? SRC_RECORDS : SRC_IMPORTS;

	if (!m)
		return;
	inc(&m->requests[src], 1);
	inc(&m->recs[src][0], s->new_);
	inc(&m->recs[src][1], s->updated);
	inc(&m->recs[src][2], s->unchanged);
	inc(&m->recs[src][3], s->rejected);
}

void xy_metrics_running(struct xy_metrics *m, int delta)
{
	if (m)
		atomic_fetch_add_explicit(&m->running, delta,
					  memory_order_relaxed);
}

/* The counters of route ri summed over the slots. */
struct sum {
	uint64_t status[NSTATUS];
	uint64_t bucket[NBUCKET];
	uint64_t count;
	uint64_t micros;
};

static void sum_route(struct xy_metrics *m, size_t ri, struct sum *s)
{
	memset(s, 0, sizeof(*s));
	for (size_t k = 0; k < m->nslots; k++) {
		struct route_counts *rc = &m->slots[k].routes[ri];

		for (size_t i = 0; i < NSTATUS; i++)
			s->status[i] += get(&rc->status[i]);
		for (size_t i = 0; i < NBUCKET; i++)
			s->bucket[i] += get(&rc->bucket[i]);
		s->count += get(&rc->count);
		s->micros += get(&rc->micros);
	}
}

static const char *route_label(size_t ri, char *buf, size_t cap)
{
	if (ri >= xy_nroutes)
		return "none";
	snprintf(buf, cap, "%s %s", xy_routes[ri].method,
		 xy_routes[ri].pattern);
	return buf;
}

void xy_metrics_render(struct xy_metrics *m, struct xy_buf *out,
		       int64_t db_bytes, const struct xy_rcache_stats *cache)
{
	static const char *const src[NSRC] = {"records", "imports"};
	static const char *const st[4] = {"new", "updated", "unchanged",
					  "rejected"};
	size_t nr = xy_nroutes < NROUTE_MAX ? xy_nroutes : NROUTE_MAX;
	struct sum *sums = xy_xcalloc(NROUTE_MAX + 1, sizeof(*sums));
	char label[160];

	for (size_t ri = 0; ri < nr; ri++)
		sum_route(m, ri, &sums[ri]);
	sum_route(m, NROUTE_MAX, &sums[NROUTE_MAX]);

	xy_buf_adds(out, "# HELP xinyong_http_requests_total Requests "
			 "answered, by route and status.\n"
			 "# TYPE xinyong_http_requests_total counter\n");
	for (size_t ri = 0; ri <= NROUTE_MAX; ri++) {
		if (ri >= nr && ri != NROUTE_MAX)
			continue;
		for (size_t i = 0; i < NSTATUS; i++) {
			char code[8];

			if (!sums[ri].status[i])
				continue;
			if (i + 1 < NSTATUS)
				snprintf(code, sizeof(code), "%d",
					 statuses[i]);
			else
				snprintf(code, sizeof(code), "other");
			xy_buf_addf(out,
				    "xinyong_http_requests_total{route=\"%s\","
				    "status=\"%s\"} %llu\n",
				    route_label(ri, label, sizeof(label)), code,
				    (unsigned long long)sums[ri].status[i]);
		}
	}
	xy_buf_adds(out, "# HELP xinyong_http_request_duration_seconds Time "
			 "from the request to its answer.\n"
			 "# TYPE xinyong_http_request_duration_seconds "
			 "histogram\n");
	for (size_t ri = 0; ri <= NROUTE_MAX; ri++) {
		uint64_t cum = 0;
		const char *l;

		if ((ri >= nr && ri != NROUTE_MAX) || !sums[ri].count)
			continue;
		l = route_label(ri, label, sizeof(label));
		for (size_t i = 0; i < NBUCKET; i++) {
			cum += sums[ri].bucket[i];
			xy_buf_addf(out,
				    "xinyong_http_request_duration_seconds_"
				    "bucket{route=\"%s\",le=\"%g\"} %llu\n",
				    l, bounds[i], (unsigned long long)cum);
		}
		xy_buf_addf(out,
			    "xinyong_http_request_duration_seconds_bucket{"
			    "route=\"%s\",le=\"+Inf\"} %llu\n"
			    "xinyong_http_request_duration_seconds_sum{"
			    "route=\"%s\"} %.6f\n"
			    "xinyong_http_request_duration_seconds_count{"
			    "route=\"%s\"} %llu\n",
			    l, (unsigned long long)sums[ri].count, l,
			    (double)sums[ri].micros / 1e6, l,
			    (unsigned long long)sums[ri].count);
	}
	xy_buf_adds(out, "# HELP xinyong_ingest_requests_total Pushes and "
			 "uploads ingested.\n"
			 "# TYPE xinyong_ingest_requests_total counter\n");
	for (size_t s = 0; s < NSRC; s++)
		xy_buf_addf(out,
			    "xinyong_ingest_requests_total{source=\"%s\"} "
			    "%llu\n",
			    src[s], (unsigned long long)get(&m->requests[s]));
	xy_buf_adds(out, "# HELP xinyong_ingest_records_total Records "
			 "ingested through the API, by outcome.\n"
			 "# TYPE xinyong_ingest_records_total counter\n");
	for (size_t s = 0; s < NSRC; s++)
		for (size_t k = 0; k < 4; k++)
			xy_buf_addf(out,
				    "xinyong_ingest_records_total{"
				    "source=\"%s\",status=\"%s\"} %llu\n",
				    src[s], st[k],
				    (unsigned long long)get(&m->recs[s][k]));
	xy_buf_addf(out,
		    "# HELP xinyong_imports_running Uploads being imported.\n"
		    "# TYPE xinyong_imports_running gauge\n"
		    "xinyong_imports_running %lld\n",
		    (long long)atomic_load_explicit(&m->running,
						    memory_order_relaxed));
	if (db_bytes >= 0)
		xy_buf_addf(out,
			    "# HELP xinyong_database_bytes Size of the "
			    "database.\n"
			    "# TYPE xinyong_database_bytes gauge\n"
			    "xinyong_database_bytes %lld\n",
			    (long long)db_bytes);
	if (cache)
		xy_buf_addf(
		    out,
		    "# HELP xinyong_archive_cache_lookups_total Archive "
		    "lookups, by whether a rendered archive was kept.\n"
		    "# TYPE xinyong_archive_cache_lookups_total counter\n"
		    "xinyong_archive_cache_lookups_total{result=\"hit\"} "
		    "%llu\n"
		    "xinyong_archive_cache_lookups_total{result=\"miss\"} "
		    "%llu\n"
		    "# HELP xinyong_archive_cache_entries Rendered archives "
		    "kept.\n"
		    "# TYPE xinyong_archive_cache_entries gauge\n"
		    "xinyong_archive_cache_entries %llu\n"
		    "# HELP xinyong_archive_cache_bytes Memory they take.\n"
		    "# TYPE xinyong_archive_cache_bytes gauge\n"
		    "xinyong_archive_cache_bytes %llu\n",
		    (unsigned long long)cache->hits,
		    (unsigned long long)cache->misses,
		    (unsigned long long)cache->entries,
		    (unsigned long long)cache->bytes);
	free(sums);
}
