/*
 * fts_bigram.c - the FTS5 tokenizer "xy_bigram" (see fts_bigram.h).
 *
 * Why pairs: FTS5's trigram tokenizer cannot answer a text of fewer than
 * three characters, and two-character searches are the common case here
 * (most Chinese personal names have two or three characters, brands of
 * company names two). With pairs every text of two characters or more is
 * a phrase of the index, and a two-character one a single term.
 *
 * The tokenizer keeps no state: xCreate hands out one static object and
 * xTokenize walks the text once, holding two code points at a time.
 */
#include <assert.h>
#include <stddef.h>

#include <sqlite3.h>

#include "store/fts_bigram.h"
#include "util/error.h"
#include "util/banned.h"

/* The longest token: two code points of four bytes. */
#define TOKEN_MAX 8

/*
 * Bytes of the code point at s[0..n), n > 0: a lead byte followed by its
 * continuation bytes, or else one byte, so that invalid input still moves
 * forward. Queries and names go through this same cut.
 */
static int cp_len(const unsigned char *s, int n)
{
	int len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 1;
	if (len > n)
		return 1;
	for (int i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	return len;
}

/* Hands s[start..end) to FTS5 as a token, ASCII letters in lower case. */
static int emit(void *ctx,
		int (*token)(void *, int, const char *, int, int, int),
		const unsigned char *s, int start, int end)
{
	char buf[TOKEN_MAX];
	int n = end - start;

	assert(n > 0 && n <= TOKEN_MAX);
	for (int i = 0; i < n; i++) {
		unsigned char c = s[start + i];

		buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
	}
	return token(ctx, 0, buf, n, start, end);
}

static int
bigram_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text,
		int n, int (*token)(void *, int, const char *, int, int, int))
{
	const unsigned char *s = (const unsigned char *)text;
	int a = 0; /* start of the pair's first code point */
	int b;	   /* start of its second */
	int rc = SQLITE_OK;

	(void)tok;
	(void)flags; /* documents and queries are cut alike */
	if (n <= 0)
		return SQLITE_OK;
	b = cp_len(s, n);
	if (b == n)
		return emit(ctx, token, s, 0, n);
	while (rc == SQLITE_OK && b < n) {
		int c = b + cp_len(s + b, n - b);

		rc = emit(ctx, token, s, a, c);
		a = b;
		b = c;
	}
	return rc;
}

/* The one tokenizer object: there is nothing to configure. */
static int bigram_instance;

static int bigram_create(void *user, const char **argv, int argc,
			 Fts5Tokenizer **out)
{
	(void)user;
	(void)argv;
	*out = NULL;
	if (argc > 0)
		return SQLITE_ERROR;
	*out = (Fts5Tokenizer *)&bigram_instance;
	return SQLITE_OK;
}

static void bigram_delete(Fts5Tokenizer *tok)
{
	(void)tok;
}

static fts5_tokenizer bigram = {
    bigram_create,
    bigram_delete,
    bigram_tokenize,
};

/*
 * FTS5 hands its API out through a pointer-passing function rather than
 * a C symbol, since it may be built into the library or loaded.
 */
int xy_fts_bigram_register(struct sqlite3 *h)
{
	sqlite3_stmt *st = NULL;
	fts5_api *api = NULL;
	int err = 0;

	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) !=
	    SQLITE_OK) {
		err = xy_error_set(XY_EDB,
				   "cannot register tokenizer 'xy_bigram': %s",
				   sqlite3_errmsg(h));
		goto done;
	}
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	if (sqlite3_step(st) != SQLITE_ROW || !api || api->iVersion < 2) {
		err = xy_error_set(XY_EDB,
				   "cannot register tokenizer 'xy_bigram': "
				   "no fts5 api");
		goto done;
	}
	if (api->xCreateTokenizer(api, "xy_bigram", NULL, &bigram, NULL) !=
	    SQLITE_OK)
		err = xy_error_set(XY_EDB,
				   "cannot register tokenizer 'xy_bigram': %s",
				   sqlite3_errmsg(h));
done:
	sqlite3_finalize(st);
	return err;
}
