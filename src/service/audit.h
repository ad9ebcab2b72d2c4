/*
 * audit.h - the audit trail (feature H2): every write and every read of
 * a natural person's data, hash-chained so that an altered, inserted or
 * deleted entry is found by xy_audit_verify().
 *
 * Entry hash = SHA-256(previous hash ‖ canonical bytes of the entry);
 * the first entry's previous hash is 32 zero bytes. Entries never hold
 * an ID number in plain text: the subject is recorded by its subject id.
 */
#ifndef XY_AUDIT_H
#define XY_AUDIT_H

#include <stdint.h>

#include <jansson.h>

#include "service/auth.h"
#include "service/platform.h"

struct xy_audit_entry {
	const struct xy_principal *who; /* who acted */
	const char *action;		/* "read", "write", "login", ... */
	const char *route;		/* "GET /api/v1/subjects/{code}" or
					   "cli import" */
	int64_t subject_id;		/* the subject concerned, 0 if none */
	const char *purpose;		/* why; required to read personal data */
	const char *detail;		/* short text, no personal data; or NULL */
};

/* Appends an entry (in its own transaction unless one is open). */
int xy_audit_log(struct xy_platform *p, const struct xy_audit_entry *e);

/*
 * Checks the whole chain. Returns 0 when intact, XY_ECONFLICT with a
 * message naming the first bad entry otherwise. *count gets the number
 * of entries checked.
 */
int xy_audit_verify(struct xy_platform *p, int64_t *count);

/*
 * The entries about a subject (code as in xy_archive_get), newest first,
 * as a JSON array of {time, who, role, dept, action, route, purpose}.
 */
int xy_audit_subject(struct xy_platform *p, const char *code, json_t **out);

/*
 * The id of the subject a code names (as in xy_archive_get), for the
 * subject_id of an entry: 1 and *id when found, 0 when not, or < 0.
 */
int xy_audit_subject_find(struct xy_platform *p, const char *code,
			  int64_t *id);

#endif
