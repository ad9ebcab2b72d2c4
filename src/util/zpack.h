/*
 * zpack.h - the packed form of stored record payloads: zstd with a
 * dictionary trained on records of the same catalog item.
 *
 * A record's payload (core/record.h) is a few hundred bytes of which
 * most repeat from record to record (department names, legal bases,
 * categories); zstd alone gains little on so small an input, with a
 * dictionary of the item's records it packs them 4-5 times.
 *
 * A packed payload is the bytes FF 00 followed by one zstd frame whose
 * header names its dictionary (zstd's dictionary id). An encoded payload
 * never starts so: FF 00 would be an over-long varint, and the encoder
 * writes the shortest form. So payloads of both forms can be stored side
 * by side, and those written before a dictionary existed stay readable.
 *
 * Packing, one per ingest session and thread:
 *
 *	z = xy_zpack_new();
 *	xy_zpack_use(z, dict, len);	a dictionary stored before, if any
 *	xy_zpack_pack(z, plain, n, out);	packs; without a dictionary it
 *					keeps the payload as a sample, and
 *					trains one at XY_ZPACK_SAMPLES
 *	d = xy_zpack_trained(z, &len, &id);	the one just trained, once: the
 *					caller stores it before any payload
 *					packed with it
 *
 * Unpacking, one per connection: xy_zunpack_new(fetch, ctx) keeps the
 * dictionaries fetch loaded by id.
 */
#ifndef XY_ZPACK_H
#define XY_ZPACK_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define XY_ZPACK_SAMPLES 500	     /* payloads a dictionary is trained on */
#define XY_ZPACK_DICT	 (16 * 1024) /* bytes of a dictionary, at most */

struct xy_zpack;

struct xy_zpack *xy_zpack_new(void);
void xy_zpack_free(struct xy_zpack *z);

/* Packs with dict from now on. XY_EINVALID when it is no dictionary. */
int xy_zpack_use(struct xy_zpack *z, const void *dict, size_t len);

/*
 * Appends the stored form of plain[0..n) to out: packed (returns 1) once
 * there is a dictionary, else the bytes as they are (returns 0).
 */
int xy_zpack_pack(struct xy_zpack *z, const void *plain, size_t n,
		  struct xy_buf *out);

/*
 * The dictionary trained by the last xy_zpack_pack, borrowed until the
 * next call, with its id; NULL when none was trained since last asked.
 */
const void *xy_zpack_trained(struct xy_zpack *z, size_t *len, uint32_t *id);

/* 1 when a stored payload is in the packed form. */
int xy_zpack_is_packed(const void *stored, size_t n);

/* The dictionary id of a packed payload, 0 when it is not packed. */
uint32_t xy_zpack_dict_id(const void *stored, size_t n);

/*
 * Loads dictionary id into dict: 0, XY_ENOTFOUND, or another error with
 * its message set.
 */
typedef int (*xy_zfetch_fn)(void *ctx, uint32_t id, struct xy_buf *dict);

struct xy_zunpack;

struct xy_zunpack *xy_zunpack_new(xy_zfetch_fn fetch, void *ctx);
void xy_zunpack_free(struct xy_zunpack *u);

/*
 * The encoded payload of stored[0..n): *plain points into stored when
 * it is not packed, else into out (reset first). XY_EDB when a packed
 * payload is damaged or its dictionary is missing.
 */
int xy_zunpack(struct xy_zunpack *u, const void *stored, size_t n,
	       struct xy_buf *out, const void **plain, size_t *plain_len);

#endif
