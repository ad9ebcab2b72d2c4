/*
 * idcheck.h - checking one identifier of any kind (`xinyong id check`,
 * and later the API): normalise, guess the kind, run its check.
 */
#ifndef XY_IDCHECK_H
#define XY_IDCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "core/ids.h"
#include "core/verr.h"
#include "util/buf.h"

struct xy_idcheck {
	enum xy_id_kind kind; /* what the input looks like */
	enum xy_verr error;   /* XY_V_OK, or why it is invalid */
	int warning;	      /* orgcode_checksum inside a valid USCC */
	struct xy_buf norm;   /* the normalised form when valid */
};

void xy_idcheck_init(struct xy_idcheck *c);
void xy_idcheck_dispose(struct xy_idcheck *c);

/*
 * Checks s. today bounds birth dates; strict makes a failing
 * organisation code inside a USCC an error.
 */
void xy_idcheck_run(struct xy_idcheck *c, const char *s, size_t len,
		    int32_t today, int strict);

#endif
