/*
 * subjects.c - subject keys.
 */
#include "service/subjects.h"
#include "util/banned.h"

void xy_subject_key_uscc(struct xy_buf *key, const char *uscc, size_t len)
{
	xy_buf_addch(key, 'U');
	xy_buf_add(key, uscc, len);
}

void xy_subject_key_regno(struct xy_buf *key, const char *regno, size_t len)
{
	xy_buf_addch(key, 'R');
	xy_buf_add(key, regno, len);
}

void xy_subject_key_person(struct xy_buf *key, const struct xy_keys *k,
			   const char *type, size_t type_len,
			   const char *number, size_t number_len)
{
	unsigned char in[256], blind[XY_BLIND_BYTES];
	size_t n = 0;

	/* type NUL number; ID numbers are at most 64 characters */
	for (size_t i = 0; i < type_len && n < sizeof(in) - 1; i++)
		in[n++] = (unsigned char)type[i];
	in[n++] = '\0';
	for (size_t i = 0; i < number_len && n < sizeof(in); i++)
		in[n++] = (unsigned char)number[i];
	xy_keys_blind(k, in, n, blind);
	xy_buf_addch(key, 'P');
	xy_buf_add(key, blind, sizeof(blind));
}
