/*
 * stats.h - timeliness and quality figures per department (feature A5).
 *
 * For each department and catalog item, over the records reported in a
 * period: received (valid records + rejected rows), valid, 合规率 =
 * valid / received, late, 迟报率 = late / valid, suspected concealment
 * (gaps in the yearly document-number sequences, core/docno.h) with the
 * missing numbers, and 双清零 (no late and no suspected concealed
 * record).
 */
#ifndef XY_STATS_H
#define XY_STATS_H

#include <stdint.h>

#include <jansson.h>

#include "service/platform.h"

struct xy_stats_query {
	int32_t from;	  /* first reported day, inclusive */
	int32_t to;	  /* last reported day, inclusive */
	const char *dept; /* a department's USCC, or NULL for all */
};

/*
 * Computes the figures. *out becomes a JSON array, one object per
 * department and item, sorted by department then item:
 *   {"dept": USCC, "dept_name": ..., "catalog": "xzcf", "received": n,
 *    "valid": n, "compliance": 0.98, "late": n, "late_rate": 0.02,
 *    "concealed": n, "missing": ["槐市监罚〔2021〕3号", ...],
 *    "double_zero": true}
 * Rates are null when their denominator is 0. The caller owns *out.
 */
int xy_stats_compute(struct xy_platform *p, const struct xy_stats_query *q,
		     json_t **out);

#endif
