/*
 * gen.h - synthetic department files for demos, tests and benchmarks.
 *
 * Writes a CSV file in the national layout (standard codes as headers,
 * UTF-8, LF) for the 行政许可 (xzxk) or 行政处罚 (xzcf) catalog: Chinese
 * company and person names, valid codes with the district's division
 * code, a realistic mix of subject kinds, categories and amounts, and a
 * chosen share of bad rows of every kind in DOMAIN.md §2.5. Deterministic:
 * the same options give the same bytes.
 */
#ifndef XY_GEN_H
#define XY_GEN_H

#include <stdint.h>
#include <stdio.h>

struct xy_gen_opts {
	const char *catalog;   /* "xzxk" or "xzcf" */
	uint64_t rows;	       /* data rows to write */
	uint64_t seed;	       /* PRNG seed */
	double invalid_rate;   /* share of rows with one error, 0..1 */
	double late_rate;      /* share of valid rows reported late, 0..1 */
	double gap_rate;       /* share of document numbers skipped, 0..1 */
	int32_t reported_date; /* day the file is reported (core/date.h) */
	const char *division;  /* 6-digit division code, "370104" */
};

#define XY_GEN_OPTS_INIT {"xzcf", 1000, 1, 0.0, 0.0, 0.0, 0, "370104"}

/* Writes the file to out. XY_EINVALID for bad options, XY_EIO on write. */
int xy_gen_write(FILE *out, const struct xy_gen_opts *opts);

#endif
