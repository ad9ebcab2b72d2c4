/*
 * test_fts_bigram.c - the FTS5 tokenizer of the name search
 * (store/fts_bigram.h): its tokens and their byte offsets, called
 * through FTS5's own API, and MATCH on a table of the migrated schema
 * against instr() over generated names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/db.h"
#include "store/fts_bigram.h"
#include "store/migrate.h"
#include "db_helpers.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/banned.h"

/* What a case opened, so that teardown cleans up after a failure. */
struct fixture {
	sqlite3 *h;	  /* a raw connection for the tokenizer cases */
	struct xy_db *db; /* a connection through store/db.h */
	char path[64];	  /* its file, "" when none */
};

static int setup(void **state)
{
	*state = calloc(1, sizeof(struct fixture));
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char side[80];

	sqlite3_close(fx->h);
	xy_db_close(fx->db);
	if (fx->path[0]) {
		unlink(fx->path);
		snprintf(side, sizeof(side), "%s-wal", fx->path);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", fx->path);
		unlink(side);
	}
	free(fx);
	return 0;
}

/* ---- the tokenizer through fts5_api ---- */

/* Appends "[token]start-end" per token. */
static int collect(void *ctx, int flags, const char *tok, int n, int start,
		   int end)
{
	struct xy_buf *b = ctx;

	assert_int_equal(flags, 0);
	assert_true(n > 0 && n <= 8);
	xy_buf_addch(b, '[');
	xy_buf_add(b, tok, (size_t)n);
	xy_buf_addf(b, "]%d-%d", start, end);
	return SQLITE_OK;
}

/*
 * The xy_bigram tokenizer as FTS5 finds it on the fixture's connection
 * (opened and registered on first use): *tk its methods, *t an instance.
 */
static void open_tokenizer(struct fixture *fx, fts5_tokenizer *tk,
			   Fts5Tokenizer **t)
{
	sqlite3_stmt *st = NULL;
	fts5_api *api = NULL;
	void *user = NULL;

	if (!fx->h) {
		assert_int_equal(sqlite3_open(":memory:", &fx->h), SQLITE_OK);
		assert_int_equal(xy_fts_bigram_register(fx->h), 0);
	}
	assert_int_equal(
	    sqlite3_prepare_v2(fx->h, "SELECT fts5(?1)", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	sqlite3_finalize(st);
	assert_non_null(api);
	assert_int_equal(api->xFindTokenizer(api, "xy_bigram", &user, tk),
			 SQLITE_OK);
	assert_int_equal(tk->xCreate(user, NULL, 0, t), SQLITE_OK);
}

/* The tokens of text[0..n) as FTS5 sees them, with the given flags. */
static void tokens_n(void **state, const char *text, int n, int flags,
		     struct xy_buf *out)
{
	fts5_tokenizer tk;
	Fts5Tokenizer *t = NULL;

	open_tokenizer(*state, &tk, &t);
	xy_buf_reset(out);
	assert_int_equal(tk.xTokenize(t, out, flags, text, n, collect),
			 SQLITE_OK);
	tk.xDelete(t);
}

/* Checks that text gives want, as a document and as a query alike. */
static void expect_tokens(void **state, const char *text, const char *want)
{
	struct xy_buf got = XY_BUF_INIT;

	tokens_n(state, text, (int)strlen(text), FTS5_TOKENIZE_DOCUMENT, &got);
	assert_string_equal(got.ptr, want);
	tokens_n(state, text, (int)strlen(text), FTS5_TOKENIZE_QUERY, &got);
	assert_string_equal(got.ptr, want);
	xy_buf_dispose(&got);
}

static void test_fts_bigram__chinese(void **state)
{
	expect_tokens(state, "槐荫区", "[槐荫]0-6[荫区]3-9");
	expect_tokens(state, "吴兵", "[吴兵]0-6");
	expect_tokens(state, "哈哈哈", "[哈哈]0-6[哈哈]3-9");
}

static void test_fts_bigram__ascii(void **state)
{
	/* ASCII letters fold, the space is a character like the others */
	expect_tokens(state, "ABC 科技",
		      "[ab]0-2[bc]1-3[c ]2-4[ 科]3-7[科技]4-10");
	expect_tokens(state, "Xy1", "[xy]0-2[y1]1-3");
	/* a 2-byte and a 4-byte code point; Ä is not ASCII and stays */
	expect_tokens(state, "Ä😀Z", "[Ä😀]0-6[😀z]2-7");
}

static void test_fts_bigram__one_char(void **state)
{
	expect_tokens(state, "吴", "[吴]0-3");
	expect_tokens(state, "A", "[a]0-1");
	expect_tokens(state, "", "");
}

static void test_fts_bigram__invalid(void **state)
{
	struct xy_buf got = XY_BUF_INIT;

	/* each bad byte is a code point of its own */
	expect_tokens(state,
		      "\xff\x80"
		      "a",
		      "[\xff\x80]0-2[\x80"
		      "a]1-3");
	/* a sequence cut short at the end, and one cut by a letter */
	expect_tokens(state, "a\xe6\xa7", "[a\xe6]0-2[\xe6\xa7]1-3");
	expect_tokens(state, "\xe6z\x90", "[\xe6z]0-2[z\x90]1-3");
	/* overlong and out-of-range lead bytes */
	expect_tokens(state, "\xc0\xaf\xf5\x80\x80\x80",
		      "[\xc0\xaf]0-2[\xaf\xf5]1-3[\xf5\x80]2-4"
		      "[\x80\x80]3-5[\x80\x80]4-6");
	expect_tokens(state, "\xc3", "[\xc3]0-1");
	/* a NUL inside the text is a character too */
	tokens_n(state, "a\0b", 3, FTS5_TOKENIZE_DOCUMENT, &got);
	assert_int_equal(got.len, sizeof("[a\0]0-2[\0b]1-3") - 1);
	assert_memory_equal(got.ptr, "[a\0]0-2[\0b]1-3", got.len);
	xy_buf_dispose(&got);
}

/* The tokens of one text, for the checks on random bytes. */
struct cut {
	const unsigned char *text; /* the text tokenized */
	int n;			   /* its length */
	int count;		   /* tokens seen */
	int start[16];		   /* their offsets */
	int end[16];
};

/* Checks each token against the text it claims to come from. */
static int check_token(void *ctx, int flags, const char *tok, int n, int start,
		       int end)
{
	struct cut *c = ctx;

	(void)flags;
	assert_true(c->count < 16);
	assert_true(0 <= start && start < end && end <= c->n);
	assert_int_equal(n, end - start);
	assert_true(n <= 8);
	for (int i = 0; i < n; i++) {
		unsigned char b = c->text[start + i];

		if (b >= 'A' && b <= 'Z')
			b = (unsigned char)(b - 'A' + 'a');
		assert_int_equal((unsigned char)tok[i], b);
	}
	c->start[c->count] = start;
	c->end[c->count] = end;
	c->count++;
	return SQLITE_OK;
}

static void test_fts_bigram__random_bytes(void **state)
{
	unsigned char text[12];
	fts5_tokenizer tk;
	Fts5Tokenizer *t = NULL;
	unsigned seed = 7;

	open_tokenizer(*state, &tk, &t);
	for (int round = 0; round < 20000; round++) {
		struct cut c = {text, 0, 0, {0}, {0}};

		seed = seed * 1103515245u + 12345u;
		c.n = (int)((seed >> 16) % sizeof(text));
		for (int i = 0; i < c.n; i++) {
			/* mostly lead and continuation bytes, some ASCII */
			seed = seed * 1103515245u + 12345u;
			text[i] = (unsigned char)((seed >> 16) & 0xff);
			if ((seed >> 8) & 1)
				text[i] |= 0x80;
		}
		assert_int_equal(tk.xTokenize(t, &c, FTS5_TOKENIZE_DOCUMENT,
					      (const char *)text, c.n,
					      check_token),
				 SQLITE_OK);
		/* the tokens cover the text, each overlapping the next */
		if (c.n == 0) {
			assert_int_equal(c.count, 0);
			continue;
		}
		assert_true(c.count > 0);
		assert_int_equal(c.start[0], 0);
		assert_int_equal(c.end[c.count - 1], c.n);
		for (int i = 1; i < c.count; i++) {
			assert_true(c.start[i - 1] < c.start[i]);
			assert_true(c.start[i] < c.end[i - 1]);
			assert_true(c.end[i - 1] < c.end[i]);
		}
	}
	tk.xDelete(t);
}

/* ---- MATCH on the migrated schema ---- */

static void open_db(void **state, int migrate)
{
	struct fixture *fx = *state;
	int fd;

	snprintf(fx->path, sizeof(fx->path), "/tmp/xy_test_fts_XXXXXX");
	fd = mkstemp(fx->path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(xy_db_open(&fx->db, fx->path, migrate), 0);
}

/* The FTS5 string of q, as xy_repo_search writes it: one phrase. */
static void phrase(struct xy_buf *b, const char *q)
{
	xy_buf_reset(b);
	xy_buf_addch(b, '"');
	for (; *q; q++) {
		if (*q == '"')
			xy_buf_addch(b, '"');
		xy_buf_addch(b, *q);
	}
	xy_buf_addch(b, '"');
}

/* The ids a query returns, "1 5 9 "; arg is its parameter, or NULL. */
static void ids(struct xy_db *db, const char *sql, const char *arg,
		struct xy_buf *out)
{
	struct xy_stmt *st = NULL;
	int rc;

	xy_buf_reset(out);
	assert_int_equal(xy_db_prepare(db, sql, &st), 0);
	if (arg)
		assert_int_equal(xy_stmt_bind_str(st, 1, arg), 0);
	while ((rc = xy_stmt_step(st)) > 0)
		xy_buf_addf(out, "%lld ",
			    (long long)xy_stmt_column_int64(st, 0));
	assert_int_equal(rc, 0);
	xy_stmt_finalize(st);
}

static void insert_name(struct xy_db *db, int64_t id, const char *name)
{
	struct xy_stmt *st = NULL;

	assert_int_equal(xy_db_prepare(db,
				       "INSERT INTO subject_fts "
				       "(name, subject_id) VALUES ($1, $2)",
				       &st),
			 0);
	assert_int_equal(xy_stmt_bind_str(st, 1, name), 0);
	assert_int_equal(xy_stmt_bind_int64(st, 2, id), 0);
	assert_int_equal(xy_stmt_step(st), 0);
	xy_stmt_finalize(st);
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/*
 * Few characters, so that names share pairs, repeat characters (哈哈哈)
 * and differ in ASCII case only.
 */
static const char *const alphabet[] = {
    "哈", "哈", "吴", "兵", "宏", "达", "科", "技", "a", "A", "b", "B", " ",
};
#define NCHARS (sizeof(alphabet) / sizeof(alphabet[0]))
#define NNAMES 400

static unsigned next_rand(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

/* A text of n characters drawn from alphabet. */
static void random_text(struct xy_buf *b, unsigned *seed, int n)
{
	xy_buf_reset(b);
	for (int i = 0; i < n; i++)
		xy_buf_adds(b, alphabet[next_rand(seed) % NCHARS]);
}

static void test_fts_bigram__match_is_instr(void **state)
{
	struct fixture *fx = *state;
	struct xy_buf name = XY_BUF_INIT;
	struct xy_buf q = XY_BUF_INIT;
	struct xy_buf pat = XY_BUF_INIT;
	struct xy_buf want = XY_BUF_INIT;
	struct xy_buf got = XY_BUF_INIT;
	struct xy_stmt *st = NULL;
	unsigned seed = 1;
	int nonempty = 0;
	int queries = 0;

	open_db(state, 1);
	assert_int_equal(xy_db_exec(fx->db, "CREATE TABLE t (id INTEGER "
					    "PRIMARY KEY, lname TEXT)"),
			 0);
	assert_int_equal(xy_db_prepare(fx->db,
				       "INSERT INTO t (id, lname) "
				       "VALUES ($1, $2)",
				       &st),
			 0);
	for (int id = 1; id <= NNAMES; id++) {
		random_text(&name, &seed, 1 + (int)(next_rand(&seed) % 8));
		insert_name(fx->db, id, name.ptr);
		lower_ascii(name.ptr);
		assert_int_equal(xy_stmt_bind_int64(st, 1, id), 0);
		assert_int_equal(xy_stmt_bind_str(st, 2, name.ptr), 0);
		assert_int_equal(xy_stmt_step(st), 0);
	}
	xy_stmt_finalize(st);

	/* every pair of the alphabet, then longer texts, many of them names */
	for (size_t i = 0; i < NCHARS * NCHARS + 300; i++) {
		xy_buf_reset(&q);
		if (i < NCHARS * NCHARS) {
			xy_buf_adds(&q, alphabet[i / NCHARS]);
			xy_buf_adds(&q, alphabet[i % NCHARS]);
		} else {
			random_text(&q, &seed, 3 + (int)(next_rand(&seed) % 3));
		}
		phrase(&pat, q.ptr);
		ids(fx->db,
		    "SELECT subject_id FROM subject_fts WHERE subject_fts "
		    "MATCH $1 ORDER BY subject_id",
		    pat.ptr, &got);
		lower_ascii(q.ptr);
		ids(fx->db,
		    "SELECT id FROM t WHERE instr(lname, $1) > 0 ORDER BY id",
		    q.ptr, &want);
		if (strcmp(got.ptr, want.ptr))
			fail_msg("'%s': MATCH gives %s, instr %s", q.ptr,
				 got.ptr, want.ptr);
		nonempty += want.len > 0;
		queries++;
	}
	/* the comparison was not between empty sets */
	assert_true(nonempty > queries / 3);

	/* repeated characters: a phrase needs all its positions */
	insert_name(fx->db, 1001, "嘻嘻");
	insert_name(fx->db, 1002, "嘻嘻嘻");
	insert_name(fx->db, 1003, "嘻嘻嘻嘻");
	ids(fx->db,
	    "SELECT subject_id FROM subject_fts WHERE subject_fts MATCH "
	    "'\"嘻嘻嘻\"' ORDER BY subject_id",
	    NULL, &got);
	assert_string_equal(got.ptr, "1002 1003 ");
	ids(fx->db,
	    "SELECT subject_id FROM subject_fts WHERE subject_fts MATCH "
	    "'\"嘻嘻\"' ORDER BY subject_id",
	    NULL, &got);
	assert_string_equal(got.ptr, "1001 1002 1003 ");

	xy_buf_dispose(&name);
	xy_buf_dispose(&q);
	xy_buf_dispose(&pat);
	xy_buf_dispose(&want);
	xy_buf_dispose(&got);
}

/* highlight() cuts the name at the offsets the tokenizer gave. */
static void test_fts_bigram__offsets(void **state)
{
	struct fixture *fx = *state;
	static const char *const cases[][2] = {
	    {"荫区", "槐[荫区]"},    {"槐荫区", "[槐荫区]"},
	    {"槐荫", "[槐荫]区"},    {"ab 科", "[AB 科]技"},
	    {"B 科技", "A[B 科技]"},
	};
	struct xy_buf pat = XY_BUF_INIT;
	struct xy_stmt *st = NULL;

	open_db(state, 1);
	insert_name(fx->db, 1, "槐荫区");
	insert_name(fx->db, 2, "AB 科技");
	assert_int_equal(xy_db_prepare(fx->db,
				       "SELECT highlight(subject_fts, 0, '[', "
				       "']') FROM subject_fts WHERE "
				       "subject_fts MATCH $1",
				       &st),
			 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		phrase(&pat, cases[i][0]);
		assert_int_equal(xy_stmt_bind_str(st, 1, pat.ptr), 0);
		assert_int_equal(xy_stmt_step(st), 1);
		assert_string_equal(xy_stmt_column_text(st, 0, NULL),
				    cases[i][1]);
		assert_int_equal(xy_stmt_step(st), 0);
	}
	xy_stmt_finalize(st);
	xy_buf_dispose(&pat);
}

/* ---- migration 004 on a database indexed by trigrams ---- */

static void test_fts_bigram__migrates(void **state)
{
	struct fixture *fx = *state;
	struct xy_buf got = XY_BUF_INIT;
	const struct xy_migration *m;

	/* the schema as a release with 003 left it, names indexed */
	open_db(state, 0);
	assert_int_equal(xy_db_exec(fx->db, "CREATE TABLE schema_migrations ("
					    "version INTEGER PRIMARY KEY, "
					    "name TEXT NOT NULL, "
					    "applied_at BIGINT NOT NULL)"),
			 0);
	for (m = xy_migrations; m->driver; m++) {
		char sql[128];

		if (strcmp(m->driver, "sqlite") || m->version > 3)
			continue;
		assert_int_equal(xy_db_exec(fx->db, m->sql), 0);
		snprintf(sql, sizeof(sql),
			 "INSERT INTO schema_migrations VALUES (%d, '%s', 0)",
			 m->version, m->name);
		assert_int_equal(xy_db_exec(fx->db, sql), 0);
	}
	assert_int_equal(
	    xy_db_exec(fx->db,
		       "INSERT INTO subjects (id, key, kind, name, created_at) "
		       "VALUES (1, x'01', 1, '吴兵', 0), "
		       "(2, x'02', 2, '济南槐荫宏达商贸有限公司', 0), "
		       "(3, x'03', 1, '吴兵兵', 0);"
		       "INSERT INTO subject_names VALUES (1, '吴兵', 0), "
		       "(2, '济南槐荫宏达商贸有限公司', 0), "
		       "(2, '宏达', 0), (3, '吴兵兵', 0);"
		       /* subjects 1 and 2 indexed, 3 not yet */
		       "INSERT INTO subject_fts (name, subject_id) "
		       "SELECT name, subject_id FROM subject_names "
		       "WHERE subject_id <= 2;"
		       "UPDATE search_state SET last_subject = 2"),
	    0);
	ids(fx->db,
	    "SELECT subject_id FROM subject_fts WHERE subject_fts MATCH $1",
	    "\"吴兵\"", &got);
	assert_string_equal(got.ptr, ""); /* trigrams: two is too few */

	assert_int_equal(xy_db_migrate(fx->db), 3); /* 004, 005, 006 */
	ids(fx->db,
	    "SELECT subject_id FROM subject_fts WHERE subject_fts MATCH $1 "
	    "ORDER BY subject_id",
	    "\"吴兵\"", &got);
	assert_string_equal(got.ptr, "1 3 ");
	ids(fx->db,
	    "SELECT DISTINCT subject_id FROM subject_fts WHERE subject_fts "
	    "MATCH $1 ORDER BY subject_id",
	    "\"宏达\"", &got);
	assert_string_equal(got.ptr, "2 ");
	/* every name once, and the watermark past the last subject */
	assert_int_equal(db_query_int(fx->db, "SELECT COUNT(*) FROM subject_fts"),
			 4);
	assert_int_equal(
	    db_query_int(fx->db, "SELECT last_subject FROM search_state"), 3);
	xy_buf_dispose(&got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	    T(test_fts_bigram__chinese),
	    T(test_fts_bigram__ascii),
	    T(test_fts_bigram__one_char),
	    T(test_fts_bigram__invalid),
	    T(test_fts_bigram__random_bytes),
	    T(test_fts_bigram__match_is_instr),
	    T(test_fts_bigram__offsets),
	    T(test_fts_bigram__migrates),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
