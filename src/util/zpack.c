/*
 * zpack.c - packed record payloads (zstd with a trained dictionary);
 * zpack.h describes the form.
 */
#include <stdlib.h>
#include <string.h>

#define ZDICT_STATIC_LINKING_ONLY /* ZDICT_trainFromBuffer_fastCover */
#include <zdict.h>
#include <zstd.h>

#include "util/error.h"
#include "util/zpack.h"
#include "util/banned.h"

#define LEVEL	  1		     /* zstd level: the import's speed first */
#define PLAIN_MAX (16 * 1024 * 1024) /* an unpacked payload, at most */
#define DICTS_MAX 16		     /* dictionaries a connection keeps */

static const unsigned char magic[2] = {0xff, 0x00};

struct xy_zpack {
	ZSTD_CCtx *cctx;		   /* the compressor */
	ZSTD_CDict *cdict;		   /* the dictionary, NULL: none yet */
	struct xy_buf samples;		   /* payloads kept to train on */
	size_t sizes[XY_ZPACK_SAMPLES];	   /* their lengths */
	size_t nsamples;		   /* entries used in sizes */
	unsigned char dict[XY_ZPACK_DICT]; /* a dictionary trained here */
	size_t dict_len;		   /* its bytes */
	uint32_t dict_id;		   /* its id */
	int fresh;			   /* trained, not yet handed out */
	int gave_up;			   /* training failed: stay plain */
};

struct xy_zpack *xy_zpack_new(void)
{
	struct xy_zpack *z = xy_xcalloc(1, sizeof(*z));

	z->cctx = ZSTD_createCCtx();
	if (!z->cctx)
		abort(); /* out of memory, as xy_xmalloc */
	xy_buf_init(&z->samples, 0);
	return z;
}

void xy_zpack_free(struct xy_zpack *z)
{
	if (!z)
		return;
	ZSTD_freeCDict(z->cdict);
	ZSTD_freeCCtx(z->cctx);
	xy_buf_dispose(&z->samples);
	free(z);
}

int xy_zpack_use(struct xy_zpack *z, const void *dict, size_t len)
{
	ZSTD_CDict *cd;

	if (!ZDICT_getDictID(dict, len))
		return xy_error_set(XY_EINVALID, "not a zstd dictionary");
	cd = ZSTD_createCDict(dict, len, LEVEL);
	if (!cd)
		return xy_error_set(XY_EINVALID, "damaged zstd dictionary");
	ZSTD_freeCDict(z->cdict);
	z->cdict = cd;
	xy_buf_dispose(&z->samples); /* no training any more */
	z->nsamples = 0;
	return 0;
}

/* Trains the dictionary on the samples; on failure packs nothing. */
static void train(struct xy_zpack *z)
{
	ZDICT_fastCover_params_t p;
	size_t n;

	memset(&p, 0, sizeof(p));
	p.k = 200; /* segment size */
	p.d = 8;   /* dmer size */
	p.f = 16;  /* 2^16 counters: training stays small in memory */
	p.accel = 1;
	p.zParams.compressionLevel = LEVEL;
	n = ZDICT_trainFromBuffer_fastCover(z->dict, sizeof(z->dict),
					    z->samples.ptr, z->sizes,
					    (unsigned)z->nsamples, p);
	xy_buf_dispose(&z->samples);
	z->nsamples = 0;
	if (ZDICT_isError(n) || xy_zpack_use(z, z->dict, n) < 0) {
		xy_error_clear();
		z->gave_up = 1;
		return;
	}
	z->dict_len = n;
	z->dict_id = ZDICT_getDictID(z->dict, n);
	z->fresh = 1;
}

int xy_zpack_pack(struct xy_zpack *z, const void *plain, size_t n,
		  struct xy_buf *out)
{
	size_t bound, got;
	int err;

	if (!z->cdict) {
		if (!z->gave_up && z->nsamples < XY_ZPACK_SAMPLES) {
			z->sizes[z->nsamples++] = n;
			xy_buf_add(&z->samples, plain, n);
			if (z->nsamples == XY_ZPACK_SAMPLES)
				train(z);
		}
		err = xy_buf_add(out, plain, n);
		return err < 0 ? err : 0;
	}
	bound = sizeof(magic) + ZSTD_compressBound(n);
	err = xy_buf_grow(out, bound);
	if (err < 0)
		return err;
	memcpy(out->ptr + out->len, magic, sizeof(magic));
	got = ZSTD_compress_usingCDict(
	    z->cctx, out->ptr + out->len + sizeof(magic), bound - sizeof(magic),
	    plain, n, z->cdict);
	if (ZSTD_isError(got))
		return xy_error_set(XY_ERROR, "cannot pack a payload: %s",
				    ZSTD_getErrorName(got));
	out->len += sizeof(magic) + got;
	out->ptr[out->len] = '\0';
	return 1;
}

const void *xy_zpack_trained(struct xy_zpack *z, size_t *len, uint32_t *id)
{
	if (!z->fresh)
		return NULL;
	z->fresh = 0;
	*len = z->dict_len;
	*id = z->dict_id;
	return z->dict;
}

int xy_zpack_is_packed(const void *stored, size_t n)
{
	return n >= sizeof(magic) && !memcmp(stored, magic, sizeof(magic));
}

uint32_t xy_zpack_dict_id(const void *stored, size_t n)
{
	const unsigned char *s = stored;
	unsigned id;

	if (!xy_zpack_is_packed(stored, n))
		return 0;
	id = ZSTD_getDictID_fromFrame(s + sizeof(magic), n - sizeof(magic));
	return id ? id : UINT32_MAX; /* packed, but names no dictionary */
}

/* ---- unpacking ---- */

struct zdict {
	uint32_t id;	   /* its id, 0: empty entry */
	ZSTD_DDict *ddict; /* ready to decompress with */
};

struct xy_zunpack {
	ZSTD_DCtx *dctx;	       /* the decompressor */
	xy_zfetch_fn fetch;	       /* loads a dictionary */
	void *ctx;		       /* for fetch */
	struct zdict dicts[DICTS_MAX]; /* those loaded */
	size_t next;		       /* the entry to replace next */
	struct xy_buf tmp;	       /* a dictionary being loaded */
};

struct xy_zunpack *xy_zunpack_new(xy_zfetch_fn fetch, void *ctx)
{
	struct xy_zunpack *u = xy_xcalloc(1, sizeof(*u));

	u->dctx = ZSTD_createDCtx();
	if (!u->dctx)
		abort();
	u->fetch = fetch;
	u->ctx = ctx;
	xy_buf_init(&u->tmp, 0);
	return u;
}

void xy_zunpack_free(struct xy_zunpack *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < DICTS_MAX; i++)
		ZSTD_freeDDict(u->dicts[i].ddict);
	ZSTD_freeDCtx(u->dctx);
	xy_buf_dispose(&u->tmp);
	free(u);
}

/* The dictionary id, loaded through fetch when not kept yet. */
static int ddict(struct xy_zunpack *u, uint32_t id, ZSTD_DDict **out)
{
	struct zdict *d;
	int err;

	for (size_t i = 0; i < DICTS_MAX; i++)
		if (u->dicts[i].id == id) {
			*out = u->dicts[i].ddict;
			return 0;
		}
	xy_buf_reset(&u->tmp);
	err = u->fetch ? u->fetch(u->ctx, id, &u->tmp) : XY_ENOTFOUND;
	if (err == XY_ENOTFOUND)
		return xy_error_set(XY_EDB,
				    "damaged record payload: "
				    "dictionary %u is missing",
				    (unsigned)id);
	if (err < 0)
		return err;
	d = &u->dicts[u->next];
	u->next = (u->next + 1) % DICTS_MAX;
	ZSTD_freeDDict(d->ddict);
	d->id = 0;
	d->ddict = ZSTD_createDDict(u->tmp.ptr, u->tmp.len);
	if (!d->ddict)
		return xy_error_set(XY_EDB, "damaged dictionary %u",
				    (unsigned)id);
	d->id = id;
	*out = d->ddict;
	return 0;
}

int xy_zunpack(struct xy_zunpack *u, const void *stored, size_t n,
	       struct xy_buf *out, const void **plain, size_t *plain_len)
{
	const unsigned char *frame =
	    (const unsigned char *)stored + sizeof(magic);
	uint32_t id = xy_zpack_dict_id(stored, n);
	size_t frame_len;
	unsigned long long size;
	ZSTD_DDict *dd = NULL;
	size_t got;
	int err;

	if (!id) {
		*plain = stored;
		*plain_len = n;
		return 0;
	}
	frame_len = n - sizeof(magic);
	size = ZSTD_getFrameContentSize(frame, frame_len);
	if (id == UINT32_MAX || size == ZSTD_CONTENTSIZE_UNKNOWN ||
	    size == ZSTD_CONTENTSIZE_ERROR || size > PLAIN_MAX)
		return xy_error_set(XY_EDB, "damaged record payload");
	err = ddict(u, id, &dd);
	if (err < 0)
		return err;
	xy_buf_reset(out);
	err = xy_buf_grow(out, (size_t)size);
	if (err < 0)
		return err;
	got = ZSTD_decompress_usingDDict(u->dctx, out->ptr, (size_t)size, frame,
					 frame_len, dd);
	if (ZSTD_isError(got) || got != size)
		return xy_error_set(XY_EDB, "damaged record payload");
	out->len = got;
	out->ptr[got] = '\0';
	*plain = out->ptr;
	*plain_len = got;
	return 0;
}
