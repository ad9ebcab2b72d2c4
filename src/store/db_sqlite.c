/*
 * db_sqlite.c - the SQLite driver (libsqlite3).
 *
 * One file in WAL mode. Parameters are written $N in the shared SQL and
 * rewritten to ?N at prepare, which SQLite numbers the same way, so they
 * may appear in any order. Statements are prepared persistent: the
 * repositories keep them for the life of the connection.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "store/db.h"
#include "store/fts_bigram.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/banned.h"

/* The transaction statements, prepared once per connection. */
enum tx_stmt { TX_BEGIN, TX_BEGIN_READ, TX_COMMIT, TX_ROLLBACK, TX__COUNT };

static const char *const tx_sql[TX__COUNT] = {
    [TX_BEGIN] = "BEGIN IMMEDIATE",
    [TX_BEGIN_READ] = "BEGIN DEFERRED",
    [TX_COMMIT] = "COMMIT",
    [TX_ROLLBACK] = "ROLLBACK",
};

/*
 * The writers of one database file in this process queue on a semaphore
 * before BEGIN IMMEDIATE. SQLite's lock is still taken (it keeps other
 * processes out), but its busy timeout sleeps 1, 2, 5, 10 ... ms between
 * attempts: a thread slept up to 25 ms after another one had committed,
 * and two POST batches at once kept one core idle. A waiter that retried
 * every millisecond instead took the lock during the committer's WAL
 * checkpoint, which then could not start the log over (it grew 4x). The
 * semaphore is posted when COMMIT has returned, checkpoint included. A
 * semaphore, not a mutex: an import's last batch is committed by another
 * thread than the one that began it.
 */
struct file_lock {
	dev_t dev;		/* the file */
	ino_t ino;		/* the file */
	unsigned refs;		/* connections to it */
	sem_t writer;		/* 1 while no connection writes */
	struct file_lock *next; /* the next file */
};

#define WRITER_WAIT_S 5 /* then "database is locked", as busy_timeout */

static pthread_mutex_t file_locks_mu = PTHREAD_MUTEX_INITIALIZER;
static struct file_lock *file_locks; /* under file_locks_mu */

/*
 * A bulk writer's checkpoints (xy_db_bulk), on a thread of their own.
 * A checkpoint copies the log's pages into the file and syncs both, and
 * on the writer's thread it stopped the import's writes for a second
 * per 1,000,000 records (the syncs alone). The writer's commits only
 * wake the checkpointer, which checkpoints PASSIVE on its own connection
 * while the next batch is written. The log cannot start over while a
 * checkpoint runs behind the writer, so once it holds CKPT_WAIT_FRAMES
 * the commit waits for the checkpoint it asked for: the next transaction
 * then begins on a checkpointed log and writes it from the start.
 */
struct ckpt {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv; /* asked or done changed */
	sqlite3 *h;	   /* the checkpointer's connection */
	unsigned asked;	   /* commits that asked for a checkpoint */
	unsigned done;	   /* asked when the last checkpoint began */
	int stop;	   /* set: end the thread */
};

#define CKPT_WAIT_FRAMES 8192 /* pages of log (128 MB) a commit waits at */
#define AUTOCHECKPOINT	 1000 /* SQLite's default, outside a bulk write */

struct sqlite_db {
	struct xy_db base;	     /* first: the driver-independent head */
	sqlite3 *h;		     /* the connection */
	sqlite3_stmt *tx[TX__COUNT]; /* prepared on first use */
	struct file_lock *file;	     /* NULL for a database in memory */
	int writing;		     /* holds file->writer */
	struct ckpt *ckpt;	     /* checkpoints of a bulk writer, or NULL */
};

struct sqlite_stmt {
	struct xy_stmt base; /* first: the driver-independent head */
	sqlite3_stmt *h;     /* the prepared statement */
	int running;	     /* stepped since the last reset */
};

/*
 * Settings of every connection. busy_timeout comes first so that the
 * switch to WAL waits for a writer instead of failing; the cache is kept
 * small because an import, with its subject cache (service/ingest.c),
 * must stay under 64 MB of memory.
 */
static const char *const pragmas[] = {
    "PRAGMA busy_timeout = 5000", "PRAGMA page_size = 16384",
    "PRAGMA journal_mode = WAL",  "PRAGMA synchronous = NORMAL",
    "PRAGMA foreign_keys = ON",	  "PRAGMA cache_size = -28000",
    "PRAGMA temp_store = MEMORY",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static sqlite3 *handle(struct xy_db *db)
{
	return ((struct sqlite_db *)db)->h;
}

/* Sets the message of the connection's last error and returns its code. */
static int fail(sqlite3 *h)
{
	int ext = sqlite3_extended_errcode(h);
	int code = XY_EDB;

	if (ext == SQLITE_CONSTRAINT_UNIQUE ||
	    ext == SQLITE_CONSTRAINT_PRIMARYKEY)
		code = XY_ECONFLICT;
	return xy_error_set(code, "database error: %s", sqlite3_errmsg(h));
}

/* The lock of the file at path, shared by its connections; or NULL. */
static struct file_lock *file_lock_get(const char *path)
{
	struct file_lock *l;
	struct stat st;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return NULL;
	pthread_mutex_lock(&file_locks_mu);
	for (l = file_locks; l; l = l->next)
		if (l->dev == st.st_dev && l->ino == st.st_ino)
			break;
	if (!l) {
		l = xy_xcalloc(1, sizeof(*l));
		l->dev = st.st_dev;
		l->ino = st.st_ino;
		sem_init(&l->writer, 0, 1);
		l->next = file_locks;
		file_locks = l;
	}
	l->refs++;
	pthread_mutex_unlock(&file_locks_mu);
	return l;
}

static void file_lock_put(struct file_lock *l)
{
	struct file_lock **p;

	if (!l)
		return;
	pthread_mutex_lock(&file_locks_mu);
	if (--l->refs == 0) {
		for (p = &file_locks; *p != l; p = &(*p)->next)
			;
		*p = l->next;
		sem_destroy(&l->writer);
		free(l);
	}
	pthread_mutex_unlock(&file_locks_mu);
}

/* Waits for the file's writer turn: 0, or -1 after WRITER_WAIT_S. */
static int writer_wait(struct sqlite_db *d)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += WRITER_WAIT_S;
	while (sem_timedwait(&d->file->writer, &until) < 0)
		if (errno != EINTR)
			return -1;
	d->writing = 1;
	return 0;
}

/* Ends the writer turn once the connection's transaction is over. */
static void writer_done(struct sqlite_db *d)
{
	if (d->writing && sqlite3_get_autocommit(d->h)) {
		d->writing = 0;
		sem_post(&d->file->writer);
	}
}

static void *ckpt_main(void *arg)
{
	struct ckpt *c = arg;

	pthread_mutex_lock(&c->mu);
	for (;;) {
		unsigned asked;

		while (!c->stop && c->done == c->asked)
			pthread_cond_wait(&c->cv, &c->mu);
		if (c->done == c->asked)
			break; /* stopped, nothing left */
		asked = c->asked;
		pthread_mutex_unlock(&c->mu);
		/* BUSY (a reader, another checkpoint) leaves it to the next */
		sqlite3_wal_checkpoint_v2(c->h, NULL, SQLITE_CHECKPOINT_PASSIVE,
					  NULL, NULL);
		pthread_mutex_lock(&c->mu);
		c->done = asked;
		pthread_cond_broadcast(&c->cv);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

/* The writer's commit: frames are in the log now. */
static int ckpt_hook(void *arg, sqlite3 *h, const char *name, int frames)
{
	struct ckpt *c = arg;
	unsigned mine;

	(void)h;
	(void)name;
	pthread_mutex_lock(&c->mu);
	mine = ++c->asked;
	pthread_cond_broadcast(&c->cv);
	/* until done reaches mine (the counters wrap: compared by distance) */
	while (frames >= CKPT_WAIT_FRAMES && c->done - mine > UINT_MAX / 2)
		pthread_cond_wait(&c->cv, &c->mu);
	pthread_mutex_unlock(&c->mu);
	return SQLITE_OK;
}

static void bulk_on(struct sqlite_db *d)
{
	const char *path = sqlite3_db_filename(d->h, "main");
	struct ckpt *c;

	if (d->ckpt || !d->file || !path || !*path)
		return; /* on already, or nothing to checkpoint */
	/*
	 * Without a connection or a thread of its own the commits go on
	 * checkpointing as before: slower, not wrong. A statement first: a
	 * connection learns of the log by reading.
	 */
	c = xy_xcalloc(1, sizeof(*c));
	if (sqlite3_open_v2(path, &c->h,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK ||
	    sqlite3_exec(c->h, "PRAGMA schema_version", NULL, NULL, NULL) !=
		SQLITE_OK) {
		sqlite3_close_v2(c->h);
		free(c);
		return;
	}
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->cv, NULL);
	if (pthread_create(&c->thread, NULL, ckpt_main, c) != 0) {
		sqlite3_close_v2(c->h);
		pthread_cond_destroy(&c->cv);
		pthread_mutex_destroy(&c->mu);
		free(c);
		return;
	}
	sqlite3_wal_hook(d->h, ckpt_hook, c);
	d->ckpt = c;
}

/* The last checkpoint asked for is made; the commits checkpoint again. */
static void bulk_off(struct sqlite_db *d)
{
	struct ckpt *c = d->ckpt;

	if (!c)
		return;
	sqlite3_wal_autocheckpoint(d->h, AUTOCHECKPOINT);
	pthread_mutex_lock(&c->mu);
	c->stop = 1;
	pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->thread, NULL);
	sqlite3_close_v2(c->h);
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	free(c);
	d->ckpt = NULL;
}

static void sqlite_close(struct xy_db *db)
{
	struct sqlite_db *d = (struct sqlite_db *)db;

	bulk_off(d);
	for (size_t i = 0; i < TX__COUNT; i++)
		sqlite3_finalize(d->tx[i]);
	sqlite3_close_v2(handle(db));
	if (d->writing)
		sem_post(&d->file->writer);
	file_lock_put(d->file);
	free(db);
}

/*
 * Once per process, before SQLite is used: no memory statistics. With
 * them every allocation of every connection takes one global mutex, and
 * the server's loops and the importer's threads would queue on it.
 */
static void configure_once(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int sqlite_open(struct xy_db **out, const char *url)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	const char *path = url;
	struct sqlite_db *db = NULL;
	sqlite3 *h = NULL;
	int err = 0;
	int rc;

	*out = NULL;
	pthread_once(&once, configure_once);
	if (!strncmp(path, "sqlite:", 7))
		path += 7;
	rc = sqlite3_open_v2(path, &h,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				 SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc == SQLITE_OK)
		sqlite3_extended_result_codes(h, 1);
	/* the name search's tokenizer, before any statement may need it */
	if (rc == SQLITE_OK && xy_fts_bigram_register(h) < 0) {
		char why[256];

		snprintf(why, sizeof(why), "%s", xy_error_msg());
		err = xy_error_set(XY_EDB, "cannot open database '%s': %s",
				   path, why);
		goto done;
	}
	for (size_t i = 0; rc == SQLITE_OK && i < ARRAY_SIZE(pragmas); i++)
		rc = sqlite3_exec(h, pragmas[i], NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		err =
		    xy_error_set(XY_EDB, "cannot open database '%s': %s", path,
				 h ? sqlite3_errmsg(h) : "out of memory");
		goto done;
	}
	db = xy_xcalloc(1, sizeof(*db));
	db->base.ops = &xy_db_sqlite_ops;
	db->h = h;
	db->file = file_lock_get(path);
	h = NULL;
	*out = &db->base;
done:
	sqlite3_close_v2(h);
	return err;
}

static int sqlite_exec(struct xy_db *db, const char *sql)
{
	sqlite3 *h = handle(db);

	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail(h);
	return 0;
}

/* Characters that continue an identifier, where '$' is not a parameter. */
static int ident_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/*
 * Copies sql to out with every $N parameter written ?N. String literals,
 * quoted identifiers and comments are copied as they are.
 */
static void rewrite_params(struct xy_buf *out, const char *sql)
{
	const char *p = sql;

	while (*p) {
		const char *start = p;

		if (*p == '\'' || *p == '"' || *p == '`') {
			/* a doubled quote closes and reopens: same result */
			char quote = *p++;

			while (*p && *p != quote)
				p++;
			if (*p)
				p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			p += 2;
			while (*p && !(p[0] == '*' && p[1] == '/'))
				p++;
			if (*p)
				p += 2;
		} else if (p[0] == '$' && isdigit((unsigned char)p[1]) &&
			   (p == sql || !ident_char((unsigned char)p[-1]))) {
			xy_buf_addch(out, '?');
			p++;
			continue;
		} else {
			p++;
		}
		xy_buf_add(out, start, (size_t)(p - start));
	}
}

static int sqlite_prepare(struct xy_db *db, const char *sql,
			  struct xy_stmt **out)
{
	struct xy_buf text = XY_BUF_INIT;
	sqlite3 *h = handle(db);
	sqlite3_stmt *stmt = NULL;
	sqlite3_stmt *extra = NULL;
	struct sqlite_stmt *st;
	const char *tail = NULL;
	int err = 0;

	*out = NULL;
	rewrite_params(&text, sql);
	if (sqlite3_prepare_v3(h, text.ptr, (int)text.len + 1,
			       SQLITE_PREPARE_PERSISTENT, &stmt,
			       &tail) != SQLITE_OK) {
		err = fail(h);
		goto done;
	}
	if (!stmt) {
		err = xy_error_set(XY_EDB, "database error: empty statement");
		goto done;
	}
	/* A second statement would be silently ignored: refuse it. */
	if (tail && *tail &&
	    sqlite3_prepare_v3(h, tail, -1, 0, &extra, NULL) != SQLITE_OK) {
		err = fail(h);
		goto done;
	}
	if (extra) {
		err = xy_error_set(XY_EDB,
				   "database error: more than one "
				   "statement in '%s'",
				   sql);
		goto done;
	}
	st = xy_xcalloc(1, sizeof(*st));
	st->base.db = db;
	st->h = stmt;
	stmt = NULL;
	*out = &st->base;
done:
	sqlite3_finalize(extra);
	sqlite3_finalize(stmt);
	xy_buf_dispose(&text);
	return err;
}

static sqlite3_stmt *stmt_handle(struct xy_stmt *base)
{
	return ((struct sqlite_stmt *)base)->h;
}

/*
 * Binding a statement that has run resets it first, as the PostgreSQL
 * driver does; SQLite itself would refuse.
 */
static sqlite3_stmt *for_bind(struct xy_stmt *base)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;

	if (st->running) {
		sqlite3_reset(st->h);
		st->running = 0;
	}
	return st->h;
}

static int bound(struct xy_stmt *base, int rc)
{
	if (rc != SQLITE_OK)
		return fail(handle(base->db));
	return 0;
}

static int sqlite_bind_int64(struct xy_stmt *st, int idx, int64_t v)
{
	return bound(st, sqlite3_bind_int64(for_bind(st), idx, v));
}

static int sqlite_bind_double(struct xy_stmt *st, int idx, double v)
{
	return bound(st, sqlite3_bind_double(for_bind(st), idx, v));
}

static int sqlite_bind_text(struct xy_stmt *st, int idx, const char *s,
			    size_t len)
{
	return bound(st, sqlite3_bind_text64(for_bind(st), idx, s, len,
					     SQLITE_TRANSIENT, SQLITE_UTF8));
}

static int sqlite_bind_blob(struct xy_stmt *st, int idx, const void *p,
			    size_t len)
{
	sqlite3_stmt *h = for_bind(st);

	/* sqlite3_bind_blob() takes a NULL pointer for SQL NULL */
	if (!len)
		return bound(st, sqlite3_bind_zeroblob(h, idx, 0));
	return bound(st, sqlite3_bind_blob64(h, idx, p, len, SQLITE_TRANSIENT));
}

static int sqlite_bind_null(struct xy_stmt *st, int idx)
{
	return bound(st, sqlite3_bind_null(for_bind(st), idx));
}

static int sqlite_step(struct xy_stmt *base)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;
	int rc;
	int err;

	st->running = 1;
	rc = sqlite3_step(st->h);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	err = fail(handle(base->db));
	/* release the statement's locks now rather than at the next use */
	sqlite3_reset(st->h);
	return err;
}

static int64_t sqlite_changes(struct xy_stmt *st)
{
	return sqlite3_changes64(handle(st->db));
}

static enum xy_col_type sqlite_column_type(struct xy_stmt *st, int col)
{
	switch (sqlite3_column_type(stmt_handle(st), col)) {
	case SQLITE_INTEGER:
		return XY_COL_INT;
	case SQLITE_FLOAT:
		return XY_COL_DOUBLE;
	case SQLITE_TEXT:
		return XY_COL_TEXT;
	case SQLITE_BLOB:
		return XY_COL_BLOB;
	default:
		return XY_COL_NULL;
	}
}

static int sqlite_last_id(struct xy_stmt *st, int64_t *out)
{
	*out = sqlite3_last_insert_rowid(handle(st->db));
	return 1;
}

static int sqlite_column_count(struct xy_stmt *st)
{
	return sqlite3_column_count(stmt_handle(st));
}

static int sqlite_column_is_null(struct xy_stmt *st, int col)
{
	return sqlite3_column_type(stmt_handle(st), col) == SQLITE_NULL;
}

static int64_t sqlite_column_int64(struct xy_stmt *st, int col)
{
	return sqlite3_column_int64(stmt_handle(st), col);
}

static double sqlite_column_double(struct xy_stmt *st, int col)
{
	return sqlite3_column_double(stmt_handle(st), col);
}

static const char *sqlite_column_text(struct xy_stmt *st, int col, size_t *len)
{
	sqlite3_stmt *h = stmt_handle(st);
	const unsigned char *p = sqlite3_column_text(h, col);

	*len = p ? (size_t)sqlite3_column_bytes(h, col) : 0;
	return (const char *)p;
}

static const void *sqlite_column_blob(struct xy_stmt *st, int col, size_t *len)
{
	sqlite3_stmt *h = stmt_handle(st);
	int type = sqlite3_column_type(h, col);
	const void *p = sqlite3_column_blob(h, col);

	*len = (size_t)sqlite3_column_bytes(h, col);
	/* SQLite gives NULL for an empty blob; NULL means SQL NULL here */
	if (!p && type != SQLITE_NULL && !*len)
		p = "";
	return p;
}

static int sqlite_reset(struct xy_stmt *base)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;

	/* the code repeats the last step's error, already reported */
	sqlite3_reset(st->h);
	st->running = 0;
	return 0;
}

static void sqlite_finalize(struct xy_stmt *base)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;

	sqlite3_finalize(st->h);
	free(st);
}

/*
 * Runs a transaction statement. A read of the API takes a transaction
 * per request: parsing "BEGIN" each time cost as much as a lookup.
 */
static int tx_run(struct xy_db *db, enum tx_stmt which)
{
	struct sqlite_db *d = (struct sqlite_db *)db;
	int rc;

	if (!d->tx[which] &&
	    sqlite3_prepare_v3(d->h, tx_sql[which], -1,
			       SQLITE_PREPARE_PERSISTENT, &d->tx[which],
			       NULL) != SQLITE_OK)
		return fail(d->h);
	rc = sqlite3_step(d->tx[which]);
	sqlite3_reset(d->tx[which]);
	return rc == SQLITE_DONE ? 0 : fail(d->h);
}

/*
 * IMMEDIATE takes the write lock at once: a deferred transaction that
 * later writes can fail with SQLITE_BUSY whatever the busy timeout.
 */
static int sqlite_begin(struct xy_db *db)
{
	struct sqlite_db *d = (struct sqlite_db *)db;
	int err;

	/* inside a transaction BEGIN fails on its own (audit.c relies on it) */
	if (!d->file || !sqlite3_get_autocommit(d->h))
		return tx_run(db, TX_BEGIN);
	writer_done(d); /* a turn left by a transaction an error ended */
	if (writer_wait(d) < 0)
		return xy_error_set(XY_EDB,
				    "database error: database is locked "
				    "(by a writer of this process)");
	err = tx_run(db, TX_BEGIN);
	writer_done(d);
	return err;
}

static int sqlite_begin_read(struct xy_db *db)
{
	if (!sqlite3_get_autocommit(handle(db)))
		return -1; /* inside a transaction already */
	return tx_run(db, TX_BEGIN_READ);
}

static int sqlite_commit(struct xy_db *db)
{
	int err = tx_run(db, TX_COMMIT);

	writer_done((struct sqlite_db *)db);
	return err;
}

/* Nothing to do when an error already ended the transaction. */
static int sqlite_rollback(struct xy_db *db)
{
	int err = 0;

	if (!sqlite3_get_autocommit(handle(db)))
		err = tx_run(db, TX_ROLLBACK);
	writer_done((struct sqlite_db *)db);
	return err;
}

static int pragma_int(struct xy_db *db, const char *sql, int64_t *out)
{
	sqlite3 *h = handle(db);
	sqlite3_stmt *st = NULL;
	int err = 0;

	*out = 0;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		err = fail(h);
		goto done;
	}
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		*out = sqlite3_column_int64(st, 0);
		break;
	case SQLITE_DONE:
		break;
	default:
		err = fail(h);
		break;
	}
done:
	sqlite3_finalize(st);
	return err;
}

static int sqlite_size(struct xy_db *db, int64_t *out)
{
	int64_t pages;
	int64_t page_size;
	int err;

	*out = 0;
	err = pragma_int(db, "PRAGMA page_count", &pages);
	if (err < 0)
		return err;
	err = pragma_int(db, "PRAGMA page_size", &page_size);
	if (err < 0)
		return err;
	*out = pages * page_size;
	return 0;
}

static int sqlite_bulk(struct xy_db *db, int on)
{
	struct sqlite_db *d = (struct sqlite_db *)db;

	if (on)
		bulk_on(d);
	else
		bulk_off(d);
	return 0;
}

const struct xy_db_ops xy_db_sqlite_ops = {
    .version = XY_DB_OPS_VERSION,
    .name = "sqlite",
    .engine = XY_DB_SQLITE,
    .open = sqlite_open,
    .close = sqlite_close,
    .exec = sqlite_exec,
    .prepare = sqlite_prepare,
    .bind_int64 = sqlite_bind_int64,
    .bind_double = sqlite_bind_double,
    .bind_text = sqlite_bind_text,
    .bind_blob = sqlite_bind_blob,
    .bind_null = sqlite_bind_null,
    .step = sqlite_step,
    .column_count = sqlite_column_count,
    .column_is_null = sqlite_column_is_null,
    .column_int64 = sqlite_column_int64,
    .column_double = sqlite_column_double,
    .column_text = sqlite_column_text,
    .column_blob = sqlite_column_blob,
    .reset = sqlite_reset,
    .finalize = sqlite_finalize,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .size = sqlite_size,
    .changes = sqlite_changes,
    .last_id = sqlite_last_id,
    .column_type = sqlite_column_type,
    .begin_read = sqlite_begin_read,
    .bulk = sqlite_bulk,
};
