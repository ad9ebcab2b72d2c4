/*
 * archive.h - one subject's credit archive (features B1, B2).
 */
#ifndef XY_ARCHIVE_H
#define XY_ARCHIVE_H

#include <jansson.h>

#include "service/platform.h"
#include "util/jsonw.h"

/*
 * Finds the subject a code names (USCC, ID number through the blind
 * index, or 工商注册号) and builds its archive:
 *   {"subject": {"id", "kind", "name", "uscc"|"id_masked"|"regno",
 *                "names": [{"name", "first_seen"}]},
 *    "categories": [{"catalog", "name", "records": [
 *        {"id", "doc_no", "dept", "dept_name", "decision_date",
 *         "reported_date", "late", "status", "version",
 *         "fields": {CODE: value}, "history": [{"version", "status",
 *         "replaced_at", "fields"}]}]}]}
 * Personal values appear masked. XY_ENOTFOUND when no subject matches
 * (the message does not repeat the code). The caller owns *out.
 */
int xy_archive_get(struct xy_platform *p, const char *code, json_t **out);

/* What the writer of an archive learns about its subject. */
struct xy_archive_info {
	int64_t id; /* the subject's id */
	int person; /* a natural person: reading it is audited */
};

/*
 * The same archive written as JSON text by w (the API's answer, without
 * building a tree first). On an error w may hold part of it.
 */
int xy_archive_write(struct xy_platform *p, const char *code, struct xy_jw *w,
		     struct xy_archive_info *info);

/*
 * The subject a code names: a USCC, an ID number (through the blind
 * index of the catalog's person_id_type) or a 工商注册号. 1 and *id when
 * found, 0 when not, < 0 on a database error.
 */
int xy_archive_find(struct xy_platform *p, const char *code, int64_t *id);

#define XY_SEARCH_MAX 100 /* results of a name search, at most */

/*
 * Subjects whose names (former ones included) contain text, after
 * width normalisation and trim, best first (exact name, then prefix,
 * then shorter names), each subject once:
 *   [{"id", "kind", "name", "matched", "uscc"|"regno"|"id_masked"}]
 * limit 1..XY_SEARCH_MAX. XY_EINVALID for an empty or over-long text.
 * A person appears with the masked ID number only. The caller owns *out.
 */
int xy_archive_search(struct xy_platform *p, const char *text, int limit,
		      json_t **out);

/* "法人及非法人组织", "个体工商户", "自然人". */
const char *xy_subject_kind_label(int kind);

#endif
