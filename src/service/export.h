/*
 * export.h - the stored records of a catalog item in the national layout
 * (standard codes as headers), as CSV or JSON Lines (feature A6). An
 * export imports back as all unchanged: values are written in their
 * canonical form, personal ones decrypted.
 */
#ifndef XY_EXPORT_H
#define XY_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "service/platform.h"

enum xy_export_format {
	XY_EXPORT_CSV,
	XY_EXPORT_JSONL,
};

/* Writes every record of item code to out; *count gets how many. */
int xy_export_write(struct xy_platform *p, const char *code,
		    enum xy_export_format format, FILE *out,
		    uint64_t *count);

/*
 * The plain values of a stored record: decodes payload, unseals secret.
 * vals/lens have nfields entries and point into payload or plain.
 */
int xy_export_values(struct xy_platform *p, const struct xy_item *it,
		     const void *payload, size_t payload_len,
		     const void *secret, size_t secret_len, struct xy_buf *plain,
		     const char **vals, size_t *lens);

#endif
