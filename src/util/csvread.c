/*
 * csvread.c - the streaming CSV reader: libcsv over fixed-size chunks,
 * a queue of completed rows, encoding conversion and the input caps.
 *
 * docs/internals/csvread.md explains the design; in short:
 *
 *   file -> 256 KiB chunk -> 64 KiB slices -> csv_parse -> on_field and
 *   on_record copy the fields of each completed record into `bytes` and
 *   `flds` and queue it in `recs` -> xy_csv_next hands the queue out one
 *   row at a time and parses the next slice only when it is empty.
 *
 * Nothing here grows with the file: the queue holds what one slice
 * completed plus the record still open, and libcsv's entry buffer is
 * capped through its realloc hook.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "util/csvread.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/banned.h"

#define CHUNK_SIZE  (256 * 1024) /* bytes read from a file at a time */
#define SLICE_SIZE  (64 * 1024)	 /* bytes given to csv_parse at a time */
#define SNIFF_SIZE  (64 * 1024)	 /* bytes looked at to detect the encoding */
#define ENTRY_BLOCK 4096	 /* growth step of libcsv's entry buffer */

/* A field of a queued row; its bytes are NUL-terminated in r->bytes. */
struct fld {
	size_t off; /* offset of the first byte in r->bytes */
	size_t len; /* bytes, not counting the NUL */
	int bad;    /* invalid in the file's encoding (then len is 0) */
};

/* A completed record waiting to be handed out. */
struct rec {
	uint64_t line;	/* physical line it starts on */
	size_t first;	/* index of its first field in r->flds */
	size_t nfields; /* fields it has (0 when too long) */
	unsigned flags; /* enum xy_csv_row_flags */
};

struct xy_csv_reader {
	struct csv_parser csv;	  /* libcsv's state */
	struct xy_csv_limits lim; /* caps, defaults filled in */
	size_t entry_cap;	  /* largest entry buffer libcsv may have */
	enum xy_encoding enc;	  /* encoding in use, never AUTO */
	iconv_t cd;		  /* GB18030 to UTF-8, or (iconv_t)-1 */

	int fd;			   /* input file, -1 for memory */
	int own_fd;		   /* close fd when done (not stdin) */
	char *name;		   /* path, for messages */
	unsigned char *chunk;	   /* file input: the read buffer */
	const unsigned char *data; /* bytes being parsed (chunk or memory) */
	size_t data_len;	   /* valid bytes at data */
	size_t data_pos;	   /* bytes of data parsed or skipped */
	uint64_t consumed;	   /* input bytes before data */
	uint64_t size;		   /* input size, 0 when unknown */
	int eof;		   /* nothing more to read into data */
	int finished;		   /* csv_fini has run */
	int skipping;		   /* resync: dropping input to a line break */

	int slice_dirty; /* UTF-8: the slice being parsed is invalid */
	int carry_dirty; /* UTF-8: the open field began in an invalid one */
	int nl_check;	 /* the fields of this slice may hold a LF */

	struct xy_buf bytes; /* field contents of flds, NUL-separated */
	struct fld *flds;    /* fields of queued rows, then the open one */
	size_t nflds;	     /* entries used in flds */
	size_t aflds;	     /* entries allocated in flds */
	struct rec *recs;    /* completed records not yet handed out */
	size_t nrecs;	     /* entries used in recs */
	size_t arecs;	     /* entries allocated in recs */
	size_t head;	     /* next entry of recs to hand out */

	int open;	    /* a field of the current record was seen */
	uint64_t rec_line;  /* line the current record starts on */
	size_t rec_first;   /* its first field in flds */
	size_t rec_off;	    /* its first byte in bytes */
	size_t rec_nfields; /* fields seen so far, kept or not */
	size_t rec_bytes;   /* raw bytes of those fields */
	unsigned rec_flags; /* flags so far */

	uint64_t line; /* physical line the parser is on */
	int after_cr;  /* the last event was a CR record terminator */

	struct xy_csv_field *out; /* fields of the row handed out */
	size_t aout;		  /* entries allocated in out */
	struct xy_csv_row row;	  /* the row handed out */
};

/*
 * The cap libcsv's entry buffer may grow to, for the reader being parsed
 * on this thread: its realloc hook gets no user pointer.
 */
static _Thread_local size_t entry_cap;

/* libcsv's realloc hook: refusing makes csv_parse stop with CSV_ENOMEM. */
static void *capped_realloc(void *p, size_t n)
{
	if (n > entry_cap)
		return NULL;
	return xy_xrealloc(p, n);
}

int xy_encoding_parse(const char *s)
{
	if (!s)
		return -1;
	if (!strcasecmp(s, "auto"))
		return XY_ENC_AUTO;
	if (!strcasecmp(s, "utf-8") || !strcasecmp(s, "utf8"))
		return XY_ENC_UTF8;
	if (!strcasecmp(s, "gbk") || !strcasecmp(s, "gb18030"))
		return XY_ENC_GBK;
	return -1;
}

const char *xy_encoding_name(enum xy_encoding e)
{
	switch (e) {
	case XY_ENC_AUTO:
		return "auto";
	case XY_ENC_UTF8:
		return "utf-8";
	case XY_ENC_GBK:
		return "gbk";
	}
	return "unknown";
}

/* 1 when s[0..len) has only ASCII bytes. */
static int is_ascii(const unsigned char *s, size_t len)
{
	uint64_t w, acc = 0;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		acc |= w;
	}
	for (; i < len; i++)
		acc |= s[i];
	return !(acc & 0x8080808080808080ULL);
}

/* 1 when the word w has a LF byte. */
static int word_has_nl(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL;

	w ^= ones * '\n';
	return ((w - ones) & ~w & (ones << 7)) != 0;
}

/*
 * 1 when s[0..len) has a LF byte: a word at a time and without a loop
 * over the last bytes, since this runs on every field.
 */
static int has_nl(const unsigned char *s, size_t len)
{
	uint64_t w;
	uint32_t a, b;
	size_t i;

	if (len >= 8) {
		for (i = 0; i + 8 < len; i += 8) {
			memcpy(&w, s + i, 8);
			if (word_has_nl(w))
				return 1;
		}
		memcpy(&w, s + len - 8, 8); /* the last 8, overlapping */
		return word_has_nl(w);
	}
	if (len >= 4) {
		memcpy(&a, s, 4);
		memcpy(&b, s + len - 4, 4);
		return word_has_nl(a | (uint64_t)b << 32);
	}
	if (!len)
		return 0;
	/* 1 to 3 bytes; the zero bytes of w are no LF */
	return word_has_nl(s[0] | (uint64_t)s[len / 2] << 8 |
			   (uint64_t)s[len - 1] << 16);
}

/* memcpy for the many short fields, without the call for them. */
static void copy_field(char *dst, const unsigned char *s, size_t len)
{
	uint64_t a, b;
	uint32_t c, d;

	if (len > 16) {
		memcpy(dst, s, len);
	} else if (len >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + len - 8, 8);
		memcpy(dst, &a, 8);
		memcpy(dst + len - 8, &b, 8);
	} else if (len >= 4) {
		memcpy(&c, s, 4);
		memcpy(&d, s + len - 4, 4);
		memcpy(dst, &c, 4);
		memcpy(dst + len - 4, &d, 4);
	} else if (len) {
		dst[0] = (char)s[0];
		dst[len / 2] = (char)s[len / 2];
		dst[len - 1] = (char)s[len - 1];
	}
}

static uint64_t count_nl(const unsigned char *s, size_t len)
{
	const unsigned char *end = s + len;
	uint64_t n = 0;

	while (s < end) {
		s = memchr(s, '\n', (size_t)(end - s));
		if (!s)
			break;
		n++;
		s++;
	}
	return n;
}

/*
 * 1 when the sniff window s[0..len) reads as UTF-8: every multi-byte
 * sequence valid, or so nearly every one that the few bad ones are
 * damage to report row by row (a GBK file breaks UTF-8's rules at
 * almost every Chinese character). When cut, the window ends inside the
 * input, and a sequence cut short at its end is not counted.
 */
static int sniff_utf8(const unsigned char *s, size_t len, int cut)
{
	size_t i = 0, good = 0, bad = 0;

	if (xy_utf8_valid((const char *)s, len))
		return 1;
	while (i < len) {
		size_t need = s[i] < 0x80		     ? 1
			    : s[i] >= 0xc2 && s[i] <= 0xdf ? 2
			    : s[i] >= 0xe0 && s[i] <= 0xef ? 3
			    : s[i] >= 0xf0 && s[i] <= 0xf4 ? 4
							     : 0;

		if (need == 1) {
			i++;
		} else if (need && i + need > len && cut) {
			break;
		} else if (need && i + need <= len &&
			   xy_utf8_valid((const char *)s + i, need)) {
			good++;
			i += need;
		} else {
			bad++;
			i++;
		}
	}
	return !bad || (good >= 8 && bad * 50 <= good);
}

struct xy_csv_limits xy_csv_limits_or_default(const struct xy_csv_limits *lim)
{
	static const struct xy_csv_limits defaults = XY_CSV_LIMITS_DEFAULT;
	struct xy_csv_limits l = lim ? *lim : defaults;

	if (!l.max_field)
		l.max_field = defaults.max_field;
	if (!l.max_record)
		l.max_record = defaults.max_record;
	if (!l.max_fields)
		l.max_fields = defaults.max_fields;
	return l;
}

static struct xy_csv_reader *reader_new(const struct xy_csv_limits *lim)
{
	struct xy_csv_reader *r = xy_xcalloc(1, sizeof(*r));

	r->lim = xy_csv_limits_or_default(lim);
	/*
	 * libcsv keeps a closing quote and trailing blanks in the buffer
	 * before it trims them, and asks for room before it looks at the
	 * next byte: 2 bytes of slack let a field of exactly max_field
	 * bytes through. on_field enforces the exact cap.
	 */
	r->entry_cap =
	    r->lim.max_field < SIZE_MAX - 2 ? r->lim.max_field + 2 : SIZE_MAX;
	r->cd = (iconv_t)-1;
	r->fd = -1;
	r->line = 1;
	r->nl_check = 1;
	xy_buf_init(&r->bytes, 0);
	csv_init(&r->csv, CSV_REPALL_NL);
	csv_set_realloc_func(&r->csv, capped_realloc);
	csv_set_blk_size(&r->csv, ENTRY_BLOCK);
	r->aout = 16;
	r->out = xy_xmalloc(r->aout * sizeof(*r->out));
	r->row.fields = r->out;
	return r;
}

/* Fixes the encoding, drops a byte order mark, opens the converter. */
static int reader_start(struct xy_csv_reader *r, enum xy_encoding enc)
{
	const unsigned char *s = r->data;
	size_t n = r->data_len;
	size_t window = n < SNIFF_SIZE ? n : SNIFF_SIZE;

	if (enc == XY_ENC_AUTO) {
		if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
			enc = XY_ENC_UTF8; /* a BOM settles it */
		else if (sniff_utf8(s, window, window < n || !r->eof))
			enc = XY_ENC_UTF8;
		else
			enc = XY_ENC_GBK;
	}
	r->enc = enc;
	if (enc == XY_ENC_UTF8 && n >= 3 && s[0] == 0xef && s[1] == 0xbb &&
	    s[2] == 0xbf)
		r->data_pos = 3;
	if (enc == XY_ENC_GBK && n >= 4 && s[0] == 0x84 && s[1] == 0x31 &&
	    s[2] == 0x95 && s[3] == 0x33)
		r->data_pos = 4; /* U+FEFF in GB18030 */
	if (enc == XY_ENC_GBK) {
		r->cd = iconv_open("UTF-8", "GB18030");
		if (r->cd == (iconv_t)-1)
			return xy_error_set(XY_ERROR,
					    "cannot convert from 'gb18030': %s",
					    strerror(errno));
	}
	return 0;
}

/* Reads the next chunk of the file, as full as the input allows. */
static int fill(struct xy_csv_reader *r)
{
	size_t got = 0;
	ssize_t n;

	r->consumed += r->data_len;
	r->data_len = 0;
	r->data_pos = 0;
	while (got < CHUNK_SIZE) {
		n = read(r->fd, r->chunk + got, CHUNK_SIZE - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return xy_error_set(XY_EIO, "cannot read '%s': %s",
					    r->name, strerror(errno));
		if (n == 0) {
			r->eof = 1;
			break;
		}
		got += (size_t)n;
	}
	r->data_len = got;
	return 0;
}

static struct fld *push_fld(struct xy_csv_reader *r)
{
	if (r->nflds == r->aflds) {
		r->aflds = r->aflds ? 2 * r->aflds : 256;
		r->flds = xy_xrealloc(r->flds, r->aflds * sizeof(*r->flds));
	}
	return &r->flds[r->nflds++];
}

/* Makes room for n more bytes in r->bytes; it has no cap. */
static char *room(struct xy_csv_reader *r, size_t n)
{
	if (r->bytes.alloc - r->bytes.len < n + 1)
		xy_buf_grow(&r->bytes, n);
	return r->bytes.ptr + r->bytes.len;
}

/*
 * Stores a field that needs more than a copy: converted to UTF-8 when
 * the file is GBK, else checked because it comes from an invalid slice.
 */
static void store_checked(struct xy_csv_reader *r, const unsigned char *s,
			  size_t len)
{
	struct fld *f = push_fld(r);
	char *dst, *in, *o;
	size_t inleft, oleft, cap;

	f->off = r->bytes.len;
	f->len = 0;
	f->bad = 0;
	if (r->enc == XY_ENC_GBK && !is_ascii(s, len)) {
		/* GB18030 needs at most 3 UTF-8 bytes per 2 bytes */
		cap = len + len / 2 + 4;
		dst = room(r, cap + 1);
		in = (char *)s;
		inleft = len;
		o = dst;
		oleft = cap;
		if (iconv(r->cd, &in, &inleft, &o, &oleft) == (size_t)-1) {
			iconv(r->cd, NULL, NULL, NULL, NULL);
			f->bad = 1;
		} else {
			f->len = cap - oleft;
		}
	} else {
		dst = room(r, len + 1);
		if (r->enc == XY_ENC_UTF8 &&
		    !xy_utf8_valid((const char *)s, len))
			f->bad = 1;
		else
			copy_field(dst, s, len);
		f->len = f->bad ? 0 : len;
	}
	if (f->bad)
		r->rec_flags |= XY_CSV_ROW_ENCODING;
	dst[f->len] = '\0';
	r->bytes.len += f->len + 1;
	r->bytes.ptr[r->bytes.len] = '\0';
}

static void open_record(struct xy_csv_reader *r)
{
	r->open = 1;
	r->rec_line = r->line;
	r->rec_first = r->nflds;
	r->rec_off = r->bytes.len;
}

/* Forgets the stored fields of the current record. */
static void drop_fields(struct xy_csv_reader *r)
{
	r->nflds = r->rec_first;
	xy_buf_truncate(&r->bytes, r->rec_off);
}

/* Queues the current record, unless it is empty, and starts a new one. */
static void end_record(struct xy_csv_reader *r)
{
	struct rec *q;

	if (!(r->rec_flags & XY_CSV_ROW_TOO_LONG) && r->rec_nfields <= 1 &&
	    r->rec_bytes == 0) {
		drop_fields(r); /* a blank line: one empty field */
	} else {
		if (r->nrecs == r->arecs) {
			r->arecs = r->arecs ? 2 * r->arecs : 64;
			r->recs =
			    xy_xrealloc(r->recs, r->arecs * sizeof(*r->recs));
		}
		q = &r->recs[r->nrecs++];
		q->line = r->rec_line;
		q->first = r->rec_first;
		q->nfields = r->nflds - r->rec_first;
		q->flags = r->rec_flags;
	}
	r->open = 0;
	r->rec_nfields = 0;
	r->rec_bytes = 0;
	r->rec_flags = 0;
}

/* The current record is over a cap: it is queued without its fields. */
static void too_long(struct xy_csv_reader *r)
{
	if (!r->open)
		open_record(r);
	r->rec_flags |= XY_CSV_ROW_TOO_LONG;
	r->carry_dirty = 0;
	r->after_cr = 0; /* whatever came before, this is no CR LF */
	drop_fields(r);
}

/* libcsv's field callback. */
static void on_field(void *s, size_t len, void *data)
{
	struct xy_csv_reader *r = data;
	const unsigned char *p = s;
	struct fld *f;
	char *dst;

	r->after_cr = 0;
	if (!r->open)
		open_record(r);
	r->rec_nfields++;
	r->rec_bytes += len;
	/* line breaks inside a quoted field */
	if (r->nl_check && has_nl(p, len))
		r->line += count_nl(p, len);
	if (r->rec_flags & XY_CSV_ROW_TOO_LONG) {
		r->carry_dirty = 0;
		return;
	}
	if (len > r->lim.max_field || r->rec_bytes > r->lim.max_record ||
	    r->rec_nfields > r->lim.max_fields) {
		too_long(r);
		return;
	}
	if (r->enc != XY_ENC_UTF8 || r->slice_dirty || r->carry_dirty) {
		r->carry_dirty = 0;
		store_checked(r, p, len);
		return;
	}
	/* the common case: UTF-8 from a valid slice, a plain copy */
	f = push_fld(r);
	dst = room(r, len + 1);
	copy_field(dst, p, len);
	dst[len] = '\0';
	dst[len + 1] = '\0';
	f->off = r->bytes.len;
	f->len = len;
	f->bad = 0;
	r->bytes.len += len + 1;
}

/* libcsv's record callback, also called for each unquoted CR and LF. */
static void on_record(int c, void *data)
{
	struct xy_csv_reader *r = data;

	if (r->open)
		end_record(r);
	if (c == '\r') {
		r->line++;
		r->after_cr = 1;
	} else if (c == '\n') {
		if (!r->after_cr)
			r->line++; /* CR LF is one line break */
		r->after_cr = 0;
	}
}

/*
 * libcsv refused to grow a field past the cap: queue the record as too
 * long, reset the parser and drop the input up to the next line break.
 */
static void overflow(struct xy_csv_reader *r)
{
	if (!r->open)
		open_record(r);
	/* line breaks in the part of the quoted field libcsv holds */
	r->line += count_nl(r->csv.entry_buf, r->csv.entry_pos);
	too_long(r);
	end_record(r);
	/* with no callbacks, csv_fini only resets the state and status */
	csv_fini(&r->csv, NULL, NULL, NULL);
	r->skipping = 1;
}

/* While resynchronising: drops s[0..n) up to and including a CR or LF. */
static size_t skip_line(struct xy_csv_reader *r, const unsigned char *s,
			size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\n' || s[i] == '\r')
			break;
	if (i == n)
		return n;
	r->skipping = 0;
	r->line++;
	r->after_cr = s[i] == '\r'; /* so that its LF is not counted again */
	return i + 1;
}

/* The blanks libcsv drops around an unquoted field by default. */
static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* 1 when libcsv is between records, with nothing of the next one seen. */
static int at_row_start(const struct xy_csv_reader *r)
{
	return r->csv.pstate == 0 /* ROW_NOT_BEGUN */ && !r->csv.quoted &&
	       !r->csv.entry_pos;
}

/*
 * The plain lines at the start of s[0..n): complete lines without a
 * quote and without a CR other than one just before the LF, handed to
 * on_field and on_record exactly as libcsv would hand them (fields split
 * at commas, blanks around each dropped, a line of blanks no record, a
 * CR LF two terminators, a field that would overflow libcsv's entry
 * buffer a record too long) at a fraction of its byte-by-byte cost.
 * Call it only between records. Stops at the first line that needs
 * libcsv or has no LF in s; returns the bytes it consumed.
 */
static size_t plain_lines(struct xy_csv_reader *r, const unsigned char *s,
			  size_t n)
{
	const unsigned char *p = s, *end = s + n, *nl, *e, *f, *comma, *t;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		e = nl > p && nl[-1] == '\r' ? nl - 1 : nl;
		if (memchr(p, '"', (size_t)(e - p)) ||
		    memchr(p, '\r', (size_t)(e - p)))
			break;
		f = p;
		while (f < e && is_blank(*f))
			f++;
		while (f < e) {
			comma = memchr(f, ',', (size_t)(e - f));
			t = comma ? comma : e;
			if ((size_t)(t - f) >= r->entry_cap) {
				/* libcsv would overflow and skip the line */
				too_long(r);
				break;
			}
			while (t > f && is_blank(t[-1]))
				t--;
			on_field((void *)f, (size_t)(t - f), r);
			if (!comma)
				break;
			f = comma + 1;
			while (f < e && is_blank(*f))
				f++;
			if (f == e) /* a last, empty field after the comma */
				on_field((void *)f, 0, r);
		}
		if (e < nl)
			on_record('\r', r);
		on_record('\n', r);
		p = nl + 1;
	}
	return (size_t)(p - s);
}

/*
 * Parses the next slice of data (or skips through it): plain lines
 * directly, the others (quoted fields, the slice's incomplete last line)
 * through libcsv a line at a time, until libcsv is between records again.
 */
static void feed(struct xy_csv_reader *r)
{
	size_t n = r->data_len - r->data_pos;
	const unsigned char *s = r->data + r->data_pos;
	const unsigned char *nl;
	size_t cut, done = 0, len, got;

	if (n > SLICE_SIZE) {
		/* end the slice on a code point boundary if there is one */
		n = SLICE_SIZE;
		cut = n;
		while (cut > n - 3 && (s[cut] & 0xc0) == 0x80)
			cut--;
		if ((s[cut] & 0xc0) != 0x80)
			n = cut;
	}
	if (r->skipping) {
		r->data_pos += skip_line(r, s, n);
		return;
	}
	/*
	 * Valid UTF-8 stays valid when ASCII bytes (quotes, blanks) are
	 * taken out, so the fields of a valid slice need no check of their
	 * own: only those of an invalid slice and the one field that was
	 * open when an invalid slice ended.
	 */
	if (r->enc == XY_ENC_UTF8)
		r->slice_dirty = !xy_utf8_valid((const char *)s, n);
	/* a LF is part of a field only inside quotes */
	r->nl_check = r->csv.quoted || memchr(s, '"', n);
	entry_cap = r->entry_cap;
	while (done < n) {
		if (!r->lim.libcsv_only && at_row_start(r)) {
			done += plain_lines(r, s + done, n - done);
			if (done == n)
				break;
		}
		nl = r->lim.libcsv_only ? NULL
					: memchr(s + done, '\n', n - done);
		len = nl ? (size_t)(nl - (s + done)) + 1 : n - done;
		got = csv_parse(&r->csv, s + done, len, on_field, on_record, r);
		done += got;
		if (got < len)
			break; /* stopped by the cap */
	}
	r->data_pos += done;
	r->nl_check = 1;
	if (r->slice_dirty)
		r->carry_dirty = 1;
	r->slice_dirty = 0;
	if (csv_error(&r->csv) != CSV_SUCCESS)
		overflow(r); /* CSV_ENOMEM (or CSV_ETOOBIG) from the cap */
}

/*
 * Once the queue is handed out: moves the open record's fields to the
 * front, so storage holds at most one slice's records plus that one.
 */
static void compact(struct xy_csv_reader *r)
{
	size_t nf, nb;

	r->nrecs = 0;
	r->head = 0;
	if (!r->open) {
		r->nflds = 0;
		xy_buf_reset(&r->bytes);
		return;
	}
	if (!r->rec_first && !r->rec_off)
		return;
	nf = r->nflds - r->rec_first;
	nb = r->bytes.len - r->rec_off;
	for (size_t i = 0; i < nf; i++) {
		r->flds[i] = r->flds[r->rec_first + i];
		r->flds[i].off -= r->rec_off;
	}
	memmove(r->bytes.ptr, r->bytes.ptr + r->rec_off, nb);
	xy_buf_truncate(&r->bytes, nb);
	r->nflds = nf;
	r->rec_first = 0;
	r->rec_off = 0;
}

/* Points r->row at the next queued record. */
static void hand_out(struct xy_csv_reader *r)
{
	const struct rec *q = &r->recs[r->head++];
	const struct fld *f;

	if (q->nfields > r->aout) {
		while (r->aout < q->nfields)
			r->aout *= 2;
		free(r->out);
		r->out = xy_xmalloc(r->aout * sizeof(*r->out));
	}
	for (size_t i = 0; i < q->nfields; i++) {
		f = &r->flds[q->first + i];
		r->out[i].ptr = r->bytes.ptr + f->off;
		r->out[i].len = f->len;
		r->out[i].bad = f->bad;
	}
	r->row.line = q->line;
	r->row.nfields = q->nfields;
	r->row.fields = r->out;
	r->row.flags = q->flags;
}

int xy_csv_next(struct xy_csv_reader *r, const struct xy_csv_row **row)
{
	int err;

	*row = NULL;
	for (;;) {
		if (r->head < r->nrecs) {
			hand_out(r);
			*row = &r->row;
			return 1;
		}
		compact(r);
		if (r->data_pos < r->data_len) {
			feed(r);
			continue;
		}
		if (!r->eof) {
			err = fill(r);
			if (err < 0)
				return err;
			continue;
		}
		if (r->finished)
			return 0;
		entry_cap = r->entry_cap;
		csv_fini(&r->csv, on_field, on_record, r);
		r->finished = 1;
	}
}

int xy_csv_open(struct xy_csv_reader **out, const char *path,
		enum xy_encoding enc, const struct xy_csv_limits *lim)
{
	struct xy_csv_reader *r = NULL;
	int is_stdin = !strcmp(path, "-");
	struct stat st;
	int fd, err = 0;

	*out = NULL;
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = xy_error_set(XY_EIO, "cannot open '%s': %s", path,
				   strerror(errno));
		goto done;
	}
	r = reader_new(lim);
	r->fd = fd;
	r->own_fd = !is_stdin;
	r->name = xy_xstrdup(path);
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			err = xy_error_set(XY_EIO, "cannot open '%s': %s", path,
					   strerror(EISDIR));
			goto done;
		}
		if (S_ISREG(st.st_mode))
			r->size = (uint64_t)st.st_size;
	}
	r->chunk = xy_xmalloc(CHUNK_SIZE);
	err = fill(r);
	if (err < 0)
		goto done;
	r->data = r->chunk;
	err = reader_start(r, enc);
	if (err < 0)
		goto done;
	*out = r;
	r = NULL;
done:
	xy_csv_free(r);
	return err;
}

int xy_csv_open_mem(struct xy_csv_reader **out, const void *data, size_t len,
		    enum xy_encoding enc, const struct xy_csv_limits *lim)
{
	struct xy_csv_reader *r = reader_new(lim);
	int err;

	*out = NULL;
	r->name = xy_xstrdup("<memory>");
	r->data = data;
	r->data_len = len;
	r->size = len;
	r->eof = 1;
	err = reader_start(r, enc);
	if (err < 0)
		goto done;
	*out = r;
	r = NULL;
done:
	xy_csv_free(r);
	return err;
}

enum xy_encoding xy_csv_encoding(const struct xy_csv_reader *r)
{
	return r->enc;
}

uint64_t xy_csv_offset(const struct xy_csv_reader *r)
{
	return r->consumed + r->data_pos;
}

uint64_t xy_csv_size(const struct xy_csv_reader *r)
{
	return r->size;
}

void xy_csv_free(struct xy_csv_reader *r)
{
	if (!r)
		return;
	csv_free(&r->csv);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	if (r->own_fd)
		close(r->fd);
	free(r->chunk);
	free(r->name);
	xy_buf_dispose(&r->bytes);
	free(r->flds);
	free(r->recs);
	free(r->out);
	free(r);
}
