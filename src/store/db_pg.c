/*
 * db_pg.c - the PostgreSQL driver (libpq).
 *
 * A statement is prepared on the server under a name unique to the
 * connection and described once, which gives the number of parameters
 * and columns. Parameters are sent as text, blobs in binary; results come
 * back in binary and are decoded by column type (see the OIDs below).
 * A result is read whole, so that other statements can run on the same
 * connection while a query's rows are being stepped through, as with
 * SQLite. See docs/internals/store.md.
 */
#include <assert.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "store/db.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/banned.h"

/* The type OIDs decoded (pg_type.dat); anything else is read as text. */
enum {
	OID_BOOL = 16,
	OID_BYTEA = 17,
	OID_CHAR = 18,
	OID_NAME = 19,
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_TEXT = 25,
	OID_OID = 26,
	OID_FLOAT4 = 700,
	OID_FLOAT8 = 701,
	OID_BPCHAR = 1042,
	OID_VARCHAR = 1043,
	OID_NUMERIC = 1700,
	OID_JSONB = 3802,
};

struct pg_db {
	struct xy_db base;     /* first: the driver-independent head */
	PGconn *conn;	       /* the connection */
	unsigned long next_id; /* for the next statement's name */
	struct xy_buf gc;      /* DEALLOCATEs waiting for a usable session */
	const char *stream;    /* the COPY left open by copy_stream, or NULL */
};

struct pg_param {
	struct xy_buf val; /* the value as sent, NUL-terminated */
	int is_null;	   /* unbound or bound to NULL */
	int binary;	   /* sent in binary format (blobs) */
};

struct pg_stmt {
	struct xy_stmt base;	 /* first: the driver-independent head */
	char name[32];		 /* on the server: xy_<n> */
	int nparams;		 /* from the description */
	int ncols;		 /* from the description */
	struct pg_param *params; /* nparams of them, $1 first */
	const char **values;	 /* for PQexecPrepared */
	int *lengths;		 /* for PQexecPrepared */
	int *formats;		 /* for PQexecPrepared */
	PGresult *res;		 /* the result being stepped, or NULL */
	int nrows;		 /* rows in res */
	int row;		 /* the current row, -1 before the first */
	int running;		 /* executed since the last reset */
	int64_t changes;	 /* rows the last run inserted/changed */
	struct xy_buf *text;	 /* per column: a value converted to text */
	int ntext;		 /* columns in text */
};

static PGconn *conn_of(struct xy_db *db)
{
	return ((struct pg_db *)db)->conn;
}

/* The primary message of res, or the connection's, on one line. */
static int fail(PGconn *conn, const PGresult *res)
{
	const char *state = NULL;
	const char *msg = NULL;
	char line[400];
	size_t n = 0;
	int code = XY_EDB;

	if (res) {
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	}
	if (!msg || !*msg)
		msg = conn ? PQerrorMessage(conn) : "";
	if (!*msg)
		msg = "unknown error";
	/* collapse white space, newlines included, to single spaces */
	for (; *msg && n < sizeof(line) - 1; msg++) {
		int space =
		    *msg == '\n' || *msg == '\r' || *msg == '\t' || *msg == ' ';

		if (space && (n == 0 || line[n - 1] == ' '))
			continue;
		line[n++] = space ? ' ' : *msg;
	}
	while (n && line[n - 1] == ' ')
		n--;
	line[n] = '\0';
	/* a unique key taken; a lock asked for NOWAIT not free */
	if (state && (!strcmp(state, "23505") || !strcmp(state, "55P03")))
		code = XY_ECONFLICT;
	return xy_error_set(code, "database error: %s", line);
}

/* Runs sql without parameters; tuples, if any, are dropped. */
static int run(PGconn *conn, const char *sql, PGresult **keep)
{
	PGresult *res = PQexec(conn, sql);
	int err = 0;

	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
	case PGRES_EMPTY_QUERY:
		break;
	default:
		err = fail(conn, res);
		break;
	}
	if (keep && !err) {
		*keep = res;
		return 0;
	}
	PQclear(res);
	return err;
}

/*
 * Sends the DEALLOCATEs of statements finalized while the transaction
 * was aborted (the server refuses every command until the rollback).
 */
static void flush_gc(struct pg_db *db)
{
	PGresult *res;

	if (!db->gc.len || PQtransactionStatus(db->conn) == PQTRANS_INERROR)
		return;
	res = PQexec(db->conn, db->gc.ptr);
	PQclear(res);
	xy_buf_reset(&db->gc);
}

/* Sends data of a COPY in progress, in pieces: libpq takes an int length. */
static int put_copy(PGconn *conn, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		size_t n = len < (1u << 20) ? len : (1u << 20);

		if (PQputCopyData(conn, p, (int)n) != 1)
			return fail(conn, NULL);
		p += n;
		len -= n;
	}
	return 0;
}

/*
 * Ends a COPY in progress: its data complete (err 0), or abandoned;
 * returns the COPY's error, if any, else err.
 */
static int end_copy(PGconn *conn, int err)
{
	PGresult *res;

	if (PQputCopyEnd(conn, err ? "aborted" : NULL) != 1 && !err)
		err = fail(conn, NULL);
	while ((res = PQgetResult(conn)) != NULL) {
		if (!err && PQresultStatus(res) != PGRES_COMMAND_OK)
			err = fail(conn, res);
		PQclear(res);
	}
	return err;
}

/*
 * Makes the connection ready for another command: ends the COPY that
 * copy_stream left open (its error, if any, is this command's), sends
 * the DEALLOCATEs waiting.
 */
static int ready(struct pg_db *db)
{
	int err = 0;

	if (db->stream) {
		db->stream = NULL;
		err = end_copy(db->conn, 0);
	}
	flush_gc(db);
	return err;
}

/* Notices ("relation already exists, skipping") are not for the user. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static void pg_close(struct xy_db *base)
{
	struct pg_db *db = (struct pg_db *)base;

	PQfinish(db->conn);
	xy_buf_dispose(&db->gc);
	free(db);
}

static int pg_open(struct xy_db **out, const char *url)
{
	/* the URL's own settings override the ones before dbname */
	static const char *const keys[] = {
	    "connect_timeout", "dbname", "fallback_application_name",
	    "client_encoding", NULL,
	};
	const char *values[] = {"10", url, "xinyong", "UTF8", NULL};
	struct pg_db *db;
	PGconn *conn;
	int err;

	*out = NULL;
	conn = PQconnectdbParams(keys, values, 1);
	if (!conn)
		return xy_error_set(XY_EDB, "database error: out of memory");
	if (PQstatus(conn) != CONNECTION_OK) {
		err = fail(conn, NULL);
		PQfinish(conn);
		return err;
	}
	PQsetNoticeProcessor(conn, quiet, NULL);
	db = xy_xcalloc(1, sizeof(*db));
	db->base.ops = &xy_db_postgres_ops;
	db->conn = conn;
	xy_buf_init(&db->gc, 0);
	*out = &db->base;
	return 0;
}

static int pg_exec(struct xy_db *db, const char *sql)
{
	int err = ready((struct pg_db *)db);

	return err < 0 ? err : run(conn_of(db), sql, NULL);
}

/* Begins COPY sql (on a ready connection). */
static int begin_copy(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	int err = 0;

	if (PQresultStatus(res) != PGRES_COPY_IN)
		err = fail(conn, res);
	PQclear(res);
	return err;
}

static int pg_copy_in(struct xy_db *db, const char *sql, const void *data,
		      size_t len)
{
	PGconn *conn = conn_of(db);
	int err = ready((struct pg_db *)db);

	if (!err)
		err = begin_copy(conn, sql);
	if (err < 0)
		return err;
	return end_copy(conn, put_copy(conn, data, len));
}

static int pg_copy_stream(struct xy_db *base, const char *sql, const void *head,
			  size_t head_len, const void *data, size_t len)
{
	struct pg_db *db = (struct pg_db *)base;
	int err = 0;

	if (db->stream != sql) {
		err = ready(db);
		if (!err)
			err = begin_copy(db->conn, sql);
		if (err < 0)
			return err;
		db->stream = sql; /* from here on ready() ends it */
		err = put_copy(db->conn, head, head_len);
	}
	return err < 0 ? err : put_copy(db->conn, data, len);
}

static void free_stmt(struct pg_stmt *st)
{
	PQclear(st->res);
	for (int i = 0; i < st->nparams; i++)
		xy_buf_dispose(&st->params[i].val);
	for (int i = 0; i < st->ntext; i++)
		xy_buf_dispose(&st->text[i]);
	free(st->params);
	free(st->values);
	free(st->lengths);
	free(st->formats);
	free(st->text);
	free(st);
}

/* Drops the server's copy, now or once the transaction allows it. */
static void deallocate(struct pg_db *db, const char *name)
{
	struct xy_buf sql = XY_BUF_INIT;
	PGresult *res;

	if (PQstatus(db->conn) != CONNECTION_OK)
		return;
	xy_buf_addf(&sql, "DEALLOCATE %s", name);
	/* later, as after an error, while a COPY is in progress */
	if (PQtransactionStatus(db->conn) == PQTRANS_INERROR || db->stream) {
		xy_buf_addf(&db->gc, "%s;", sql.ptr);
	} else {
		res = PQexec(db->conn, sql.ptr);
		PQclear(res);
	}
	xy_buf_dispose(&sql);
}

static int pg_prepare(struct xy_db *base, const char *sql, struct xy_stmt **out)
{
	struct pg_db *db = (struct pg_db *)base;
	struct pg_stmt *st = xy_xcalloc(1, sizeof(*st));
	PGresult *res = NULL;
	int prepared = 0;
	int err = 0;

	*out = NULL;
	err = ready(db);
	if (err < 0) {
		free(st);
		return err;
	}
	st->base.db = base;
	snprintf(st->name, sizeof(st->name), "xy_%lu", ++db->next_id);
	res = PQprepare(db->conn, st->name, sql, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		err = fail(db->conn, res);
		goto done;
	}
	prepared = 1;
	PQclear(res);
	res = PQdescribePrepared(db->conn, st->name);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		err = fail(db->conn, res);
		goto done;
	}
	st->nparams = PQnparams(res);
	st->ncols = PQnfields(res);
	st->params = xy_xcalloc((size_t)st->nparams, sizeof(*st->params));
	st->values = xy_xcalloc((size_t)st->nparams, sizeof(*st->values));
	st->lengths = xy_xcalloc((size_t)st->nparams, sizeof(*st->lengths));
	st->formats = xy_xcalloc((size_t)st->nparams, sizeof(*st->formats));
	for (int i = 0; i < st->nparams; i++) {
		xy_buf_init(&st->params[i].val, 0);
		st->params[i].is_null = 1;
	}
	st->row = -1;
	*out = &st->base;
	st = NULL;
done:
	PQclear(res);
	if (st) {
		if (prepared)
			deallocate(db, st->name);
		free_stmt(st);
	}
	return err;
}

/* Drops the current result; the next step runs the statement again. */
static void stop(struct pg_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->nrows = 0;
	st->row = -1;
	st->running = 0;
}

/*
 * The parameter idx, emptied for a new value, or NULL with the error
 * set. Binding a statement that has run resets it, as in the SQLite
 * driver.
 */
static struct pg_param *param(struct xy_stmt *base, int idx)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	struct pg_param *p;

	if (idx < 1 || idx > st->nparams) {
		xy_error_set(XY_EDB,
			     "database error: parameter $%d out of range", idx);
		return NULL;
	}
	if (st->running)
		stop(st);
	p = &st->params[idx - 1];
	xy_buf_reset(&p->val);
	p->is_null = 0;
	p->binary = 0;
	return p;
}

static int pg_bind_int64(struct xy_stmt *st, int idx, int64_t v)
{
	struct pg_param *p = param(st, idx);

	if (!p)
		return XY_EDB;
	return xy_buf_addf(&p->val, "%" PRId64, v);
}

static int pg_bind_double(struct xy_stmt *st, int idx, double v)
{
	struct pg_param *p = param(st, idx);

	if (!p)
		return XY_EDB;
	if (isnan(v))
		return xy_buf_adds(&p->val, "NaN");
	if (isinf(v))
		return xy_buf_adds(&p->val, v < 0 ? "-Infinity" : "Infinity");
	return xy_buf_addf(&p->val, "%.17g", v);
}

static int pg_bind_text(struct xy_stmt *st, int idx, const char *s, size_t len)
{
	struct pg_param *p;

	/* text goes as a C string; PostgreSQL text cannot hold NUL anyway */
	if (memchr(s, '\0', len))
		return xy_error_set(XY_EDB,
				    "database error: text for $%d holds a nul "
				    "byte",
				    idx);
	if (len > INT_MAX)
		return xy_error_set(XY_ETOOBIG, "text for $%d is too long",
				    idx);
	p = param(st, idx);
	if (!p)
		return XY_EDB;
	return xy_buf_add(&p->val, s, len);
}

static int pg_bind_blob(struct xy_stmt *st, int idx, const void *data,
			size_t len)
{
	struct pg_param *p;

	if (len > INT_MAX)
		return xy_error_set(XY_ETOOBIG, "blob for $%d is too long",
				    idx);
	p = param(st, idx);
	if (!p)
		return XY_EDB;
	p->binary = 1;
	return xy_buf_add(&p->val, data, len);
}

static int pg_bind_null(struct xy_stmt *st, int idx)
{
	struct pg_param *p = param(st, idx);

	if (!p)
		return XY_EDB;
	p->is_null = 1;
	return 0;
}

static int execute(struct pg_stmt *st)
{
	struct pg_db *db = (struct pg_db *)st->base.db;
	PGresult *res;
	int err = 0;

	for (int i = 0; i < st->nparams; i++) {
		struct pg_param *p = &st->params[i];

		st->values[i] = p->is_null ? NULL : p->val.ptr;
		st->lengths[i] = (int)p->val.len;
		st->formats[i] = p->binary;
	}
	err = ready(db);
	if (err < 0)
		return err;
	res = PQexecPrepared(db->conn, st->name, st->nparams, st->values,
			     st->lengths, st->formats, 1);
	switch (PQresultStatus(res)) {
	case PGRES_TUPLES_OK:
	case PGRES_COMMAND_OK:
		st->res = res;
		st->nrows = PQntuples(res);
		st->changes = *PQcmdTuples(res)
				      ? strtoll(PQcmdTuples(res), NULL, 10)
				      : 0;
		st->row = -1;
		st->running = 1;
		return 0;
	case PGRES_EMPTY_QUERY:
		err = xy_error_set(XY_EDB, "database error: empty statement");
		break;
	default:
		err = fail(db->conn, res);
		break;
	}
	PQclear(res);
	return err;
}

static int pg_step(struct xy_stmt *base)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	int err;

	if (!st->running) {
		err = execute(st);
		if (err < 0)
			return err;
	}
	if (st->row + 1 < st->nrows) {
		st->row++;
		return 1;
	}
	stop(st);
	return 0;
}

static int pg_column_count(struct xy_stmt *base)
{
	struct pg_stmt *st = (struct pg_stmt *)base;

	return st->res ? PQnfields(st->res) : st->ncols;
}

/* The raw value of col in the current row, NULL for SQL NULL. */
static const unsigned char *value(struct pg_stmt *st, int col, int *len,
				  Oid *type)
{
	assert(st->res && st->row >= 0 && st->row < st->nrows);
	assert(col >= 0 && col < PQnfields(st->res));
	*len = 0;
	*type = PQftype(st->res, col);
	if (PQgetisnull(st->res, st->row, col))
		return NULL;
	*len = PQgetlength(st->res, st->row, col);
	return (const unsigned char *)PQgetvalue(st->res, st->row, col);
}

static enum xy_col_type pg_column_type(struct xy_stmt *base, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)base;

	assert(st->res && st->row >= 0);
	if (PQgetisnull(st->res, st->row, col))
		return XY_COL_NULL;
	switch (PQftype(st->res, col)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
		return XY_COL_INT;
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC:
		return XY_COL_DOUBLE;
	case OID_BYTEA:
		return XY_COL_BLOB;
	default:
		return XY_COL_TEXT;
	}
}

static int pg_column_is_null(struct xy_stmt *base, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)base;

	assert(st->res && st->row >= 0);
	return PQgetisnull(st->res, st->row, col);
}

/* A big-endian integer of n bytes. */
static uint64_t be(const unsigned char *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static double be_float8(const unsigned char *p)
{
	uint64_t bits = be(p, 8);
	double d;

	memcpy(&d, &bits, sizeof(d));
	return d;
}

static double be_float4(const unsigned char *p)
{
	uint32_t bits = (uint32_t)be(p, 4);
	float f;

	memcpy(&f, &bits, sizeof(f));
	return f;
}

/*
 * Writes a binary numeric as decimal text: int16 ndigits, int16 weight,
 * uint16 sign, uint16 dscale, then ndigits base-10000 digits, the first
 * of weight 10000^weight (numeric.c, numeric_send).
 */
static void numeric_text(struct xy_buf *out, const unsigned char *p, int len)
{
	int ndigits;
	int weight;
	int sign;
	int dscale;
	int written = 0;

	if (len < 8)
		return;
	ndigits = (int16_t)be(p, 2);
	weight = (int16_t)be(p + 2, 2);
	sign = (int)be(p + 4, 2);
	dscale = (int)be(p + 6, 2);
	if (sign == 0xC000) {
		xy_buf_adds(out, "NaN");
		return;
	}
	if (sign == 0xD000 || sign == 0xF000) {
		xy_buf_adds(out, sign == 0xD000 ? "Infinity" : "-Infinity");
		return;
	}
	if (ndigits < 0 || len < 8 + 2 * ndigits)
		return;
	p += 8;
	if (sign == 0x4000)
		xy_buf_addch(out, '-');
	if (weight < 0)
		xy_buf_addch(out, '0');
	for (int i = 0; i <= weight; i++) {
		int d = i < ndigits ? (int)be(p + 2 * i, 2) : 0;

		xy_buf_addf(out, i ? "%04d" : "%d", d);
	}
	if (dscale > 0)
		xy_buf_addch(out, '.');
	for (int i = weight + 1; written < dscale; i++) {
		int d = i >= 0 && i < ndigits ? (int)be(p + 2 * i, 2) : 0;
		char group[8];

		snprintf(group, sizeof(group), "%04d", d);
		for (int k = 0; k < 4 && written < dscale; k++, written++)
			xy_buf_addch(out, group[k]);
	}
}

/* The per-column buffer for a converted value, emptied. */
static struct xy_buf *text_buf(struct pg_stmt *st, int col)
{
	if (!st->text) {
		st->ntext = PQnfields(st->res);
		st->text = xy_xcalloc((size_t)st->ntext, sizeof(*st->text));
		for (int i = 0; i < st->ntext; i++)
			xy_buf_init(&st->text[i], 0);
	}
	assert(col < st->ntext);
	xy_buf_reset(&st->text[col]);
	return &st->text[col];
}

static int64_t pg_column_int64(struct xy_stmt *base, int col);
static double pg_column_double(struct xy_stmt *base, int col);

/* True for the types whose binary form is their text. */
static int textual(Oid type)
{
	switch (type) {
	case OID_NUMERIC:
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_JSONB:
		return 0;
	default:
		return 1;
	}
}

static const char *pg_column_text(struct xy_stmt *base, int col, size_t *len)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	const unsigned char *p;
	struct xy_buf *b;
	Oid type;
	int n;

	p = value(st, col, &n, &type);
	*len = 0;
	if (!p)
		return NULL;
	if (textual(type)) {
		*len = (size_t)n;
		return (const char *)p;
	}
	b = text_buf(st, col);
	switch (type) {
	case OID_NUMERIC:
		numeric_text(b, p, n);
		break;
	case OID_BOOL:
		xy_buf_addch(b, n == 1 && p[0] ? '1' : '0');
		break;
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
		if (n == 2 || n == 4 || n == 8)
			xy_buf_addf(b, "%" PRId64, pg_column_int64(base, col));
		break;
	case OID_OID:
		if (n == 4)
			xy_buf_addf(b, "%" PRIu64, be(p, 4));
		break;
	case OID_FLOAT4:
	case OID_FLOAT8:
		if (n == 4 || n == 8)
			xy_buf_addf(b, "%.17g",
				    n == 8 ? be_float8(p) : be_float4(p));
		break;
	case OID_JSONB: /* a version byte, 1, then the text */
		if (n >= 1)
			xy_buf_add(b, p + 1, (size_t)n - 1);
		break;
	}
	*len = b->len;
	return b->ptr;
}

static int64_t pg_column_int64(struct xy_stmt *base, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	const unsigned char *p;
	size_t tlen;
	Oid type;
	int n;

	p = value(st, col, &n, &type);
	if (!p)
		return 0;
	switch (type) {
	case OID_BOOL:
		return n == 1 && p[0];
	case OID_INT2:
		return n == 2 ? (int16_t)be(p, 2) : 0;
	case OID_INT4:
		return n == 4 ? (int32_t)be(p, 4) : 0;
	case OID_INT8:
		return n == 8 ? (int64_t)be(p, 8) : 0;
	case OID_OID:
		return n == 4 ? (int64_t)be(p, 4) : 0;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return (int64_t)pg_column_double(base, col);
	default: /* numeric and text: their leading integer, as SQLite */
		return strtoll(pg_column_text(base, col, &tlen), NULL, 10);
	}
}

static double pg_column_double(struct xy_stmt *base, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	const unsigned char *p;
	size_t tlen;
	Oid type;
	int n;

	p = value(st, col, &n, &type);
	if (!p)
		return 0;
	switch (type) {
	case OID_FLOAT8:
		return n == 8 ? be_float8(p) : 0;
	case OID_FLOAT4:
		return n == 4 ? be_float4(p) : 0;
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
		return (double)pg_column_int64(base, col);
	default:
		return strtod(pg_column_text(base, col, &tlen), NULL);
	}
}

static const void *pg_column_blob(struct xy_stmt *base, int col, size_t *len)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	const unsigned char *p;
	Oid type;
	int n;

	p = value(st, col, &n, &type);
	if (type != OID_BYTEA)
		return pg_column_text(base, col, len);
	*len = (size_t)n;
	return p;
}

static int pg_reset(struct xy_stmt *base)
{
	stop((struct pg_stmt *)base);
	return 0;
}

static void pg_finalize(struct xy_stmt *base)
{
	struct pg_stmt *st = (struct pg_stmt *)base;

	deallocate((struct pg_db *)base->db, st->name);
	free_stmt(st);
}

static int pg_begin(struct xy_db *db)
{
	return pg_exec(db, "BEGIN");
}

static int pg_rollback(struct xy_db *db);

/*
 * COMMIT of a transaction in which a statement failed "succeeds" with
 * the tag ROLLBACK; that is an error here, as nothing was written.
 */
static int pg_commit(struct xy_db *db)
{
	PGresult *res = NULL;
	int err = ready((struct pg_db *)db);

	if (err < 0) { /* the open COPY failed: nothing is written */
		pg_rollback(db);
		return err;
	}
	err = run(conn_of(db), "COMMIT", &res);
	if (err < 0)
		goto done;
	if (!strcmp(PQcmdStatus(res), "ROLLBACK"))
		err = xy_error_set(XY_EDB,
				   "database error: the transaction was rolled "
				   "back after an earlier error");
	flush_gc((struct pg_db *)db);
done:
	PQclear(res);
	return err;
}

static int pg_rollback(struct xy_db *base)
{
	struct pg_db *db = (struct pg_db *)base;
	int err;

	if (db->stream) { /* what it sent is undone anyway */
		db->stream = NULL;
		(void)end_copy(db->conn, XY_ERROR);
	}
	err = run(db->conn, "ROLLBACK", NULL);
	flush_gc(db);
	return err;
}

static int64_t pg_changes(struct xy_stmt *base)
{
	return ((struct pg_stmt *)base)->changes;
}

static int pg_size(struct xy_db *db, int64_t *out)
{
	PGresult *res = NULL;
	int err;

	*out = 0;
	err = ready((struct pg_db *)db);
	if (!err)
		err = run(conn_of(db),
			  "SELECT pg_database_size(current_database())", &res);
	if (err < 0)
		goto done;
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
		*out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
done:
	PQclear(res);
	return err;
}

const struct xy_db_ops xy_db_postgres_ops = {
    .version = XY_DB_OPS_VERSION,
    .name = "postgres",
    .engine = XY_DB_POSTGRES,
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .column_count = pg_column_count,
    .column_is_null = pg_column_is_null,
    .column_int64 = pg_column_int64,
    .column_double = pg_column_double,
    .column_text = pg_column_text,
    .column_blob = pg_column_blob,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .size = pg_size,
    .changes = pg_changes,
    .column_type = pg_column_type,
    .copy_in = pg_copy_in,
    .copy_stream = pg_copy_stream,
};
