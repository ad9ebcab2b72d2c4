/*
 * docno.h - document numbers (文号) and gaps in their sequences (A5).
 *
 * A department numbers its decisions per year and kind: 槐市监罚〔2021〕37号.
 * The serial is the number before 号; what comes before it (the
 * department's prefix and the year) and the 号 name the sequence. Numbers missing between the lowest and the highest serial
 * seen in a sequence are suspected concealment (瞒报).
 */
#ifndef XY_DOCNO_H
#define XY_DOCNO_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* A document number split around its serial. */
struct xy_docno {
	const char *head; /* before the serial: 槐市监罚〔2021〕 */
	size_t head_len;  /* bytes in head */
	const char *tail; /* after it: 号 */
	size_t tail_len;  /* bytes in tail */
	uint32_t serial;  /* 37 */
	int width;	  /* digits written, kept for zero padding */
};

/*
 * Longest text after the serial when it does not end in 号 (之一, 号之二
 * …): a number followed by more is not part of a sequence.
 */
#define XY_DOCNO_MAX_TAIL 16

/*
 * Splits s. The serial is the digits before the first 号 that follows a
 * digit (a note pasted after 号 is ignored: 2号（补正） is number 2), else
 * the last digits. -1 when there is no serial, one over 9 digits, or
 * more than XY_DOCNO_MAX_TAIL bytes after one without 号.
 */
int xy_docno_parse(const char *s, size_t len, struct xy_docno *out);

/* Appends head, serial (padded to width) and tail to out. */
void xy_docno_format(struct xy_buf *out, const struct xy_docno *d,
		     uint32_t serial);

/* A run of more missing numbers than this is a typo, not concealment. */
#define XY_DOCNO_MAX_GAP 1000

/*
 * The gaps of a sequence: sorts the n serials in place (duplicates
 * allowed) and calls fn for each missing one between the lowest and the
 * highest. Returns how many are missing.
 */
uint64_t xy_docno_gaps(uint32_t *serials, size_t n,
		       void (*fn)(void *ctx, uint32_t missing), void *ctx);

#endif
