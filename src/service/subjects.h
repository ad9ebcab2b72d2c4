/*
 * subjects.h - how a subject is identified (feature B1).
 *
 * Organisations and businesses by their USCC; a business reported with
 * the placeholder USCC by its 工商注册号; a natural person by the keyed
 * blind index of ID type and number, so the number itself is never
 * stored or compared in plain text. The key is one byte naming the kind
 * of identifier followed by it (store/repo.h).
 */
#ifndef XY_SUBJECTS_H
#define XY_SUBJECTS_H

#include <stddef.h>

#include "service/keys.h"
#include "util/buf.h"

#define XY_SUBJECT_KEY_MAX 64 /* longest key */

/* Appends the key of an organisation or business with a USCC. */
void xy_subject_key_uscc(struct xy_buf *key, const char *uscc, size_t len);

/* Appends the key of a business with the placeholder USCC. */
void xy_subject_key_regno(struct xy_buf *key, const char *regno, size_t len);

/*
 * Appends the key of a person: the blind index of the ID type name
 * (e.g. 身份证) and the normalised number.
 */
void xy_subject_key_person(struct xy_buf *key, const struct xy_keys *k,
			   const char *type, size_t type_len,
			   const char *number, size_t number_len);

#endif
