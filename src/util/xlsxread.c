/*
 * xlsxread.c - the streaming xlsx reader: minizip for the archive, expat
 * for the XML, and a row builder that speaks csvread's types.
 *
 * docs/internals/xlsxread.md explains the design; in short:
 *
 *   open: _rels/.rels -> workbook -> workbook rels -> the first visible
 *         worksheet, shared strings and styles; the strings and the date
 *         styles are kept in memory, the sheet is opened
 *   next: 64 KiB of the sheet inflated into expat's buffer -> the
 *         handlers build the row being parsed -> at its </row> the
 *         parser is suspended and the row handed out; the next call
 *         resumes it
 *
 * Memory holds the shared strings (capped), one row (capped by the
 * limits) and expat's buffer (capped through its allocator), whatever
 * the number of rows. Nothing recurses on the depth of the input.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <expat.h>
#include <minizip/unzip.h>

#include "util/xlsxread.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/banned.h"

#define CHUNK_SIZE  (64 * 1024)	  /* inflated bytes parsed at a time */
#define MAX_DEPTH   256		  /* elements open at once */
#define XML_MEM_CAP (32u << 20)	  /* expat's memory, per reader */
#define SHEET_CAP   (4ULL << 30)  /* uncompressed bytes of the sheet */
#define SST_CAP	    (64u << 20)	  /* shared strings kept in memory */
#define SST_XML_CAP (1ULL << 30)  /* uncompressed sharedStrings.xml */
#define PART_CAP    (64ULL << 20) /* uncompressed rels, workbook, styles */
#define MAX_SHEETS  1024	  /* sheets of the workbook looked at */
#define MAX_RELS    16384	  /* relationships of a part kept */
#define MAX_XFS	    65536	  /* cell styles kept (Excel: 64000) */
#define MAX_NUMFMTS 4096	  /* custom number formats kept */
#define MAX_ID	    255		  /* bytes of a relationship id */
#define MAX_PATH    1024	  /* bytes of a part name */
#define MAX_SERIAL  2958466.0	  /* 10000-01-01 as a 1900 serial */
#define NS_SEP	    '\x01'	  /* expat: namespace URI, NS_SEP, name */

/* The bytes of the archive: a file read with pread, or memory. */
struct src {
	int fd;			  /* file input, -1 for memory */
	const unsigned char *mem; /* memory input, NULL for a file */
	uint64_t size;		  /* bytes of input */
	uint64_t pos;		  /* where minizip reads next */
	int err;		  /* errno of a failed read, else 0 */
};

/* What expat allocated for one reader, to cap it. */
struct xml_mem {
	size_t used; /* bytes allocated now */
	int over;    /* an allocation was refused */
};

/*
 * The accounting that expat's allocations of this thread charge: expat's
 * allocator hooks get no user pointer. Set around every expat call that
 * may allocate; each block remembers its owner, so realloc and free do
 * not depend on it.
 */
static _Thread_local struct xml_mem *cur_mem;

/* The header in front of every block expat allocates. */
union mem_hdr {
	struct {
		size_t n;	   /* bytes asked for */
		struct xml_mem *m; /* accounting charged, or NULL */
	} h;
	max_align_t align; /* keeps the block aligned */
};

struct xml;
typedef void xml_start_fn(struct xml *x, const char *name, const char **atts);
typedef void xml_end_fn(struct xml *x, const char *name);

/* One expat parser over one part, and the state shared by all parts. */
struct xml {
	XML_Parser p;		  /* the parser */
	struct xy_xlsx_reader *r; /* the reader, for messages */
	const char *part;	  /* zip name of the part, for messages */
	xml_start_fn *start;	  /* the part's handlers, local names */
	xml_end_fn *end;	  /* called before the depth drops */
	void *data;		  /* the part's state */
	size_t depth;		  /* elements open, the root is 1 */
	size_t text_depth;	  /* collect text directly inside it, or 0 */
	struct xy_buf *text;	  /* where collected text goes */
	size_t text_limit;	  /* length text may reach; the rest is cut */
	int *text_over;		  /* set when text was cut */
	const char *full_msg;	  /* message when text's own cap is hit */
	int err;		  /* error raised by a handler, or 0 */
};

/* Relationship kinds, from the end of the Type URI. */
enum rel_kind {
	REL_OTHER,
	REL_DOCUMENT,  /* .../officeDocument: the workbook */
	REL_WORKSHEET, /* .../worksheet */
	REL_SST,       /* .../sharedStrings */
	REL_STYLES,    /* .../styles */
};

struct rel {
	char *id;	    /* Id attribute */
	char *target;	    /* zip name, resolved against the source */
	enum rel_kind kind; /* from Type */
};

/* The relationships of one part. */
struct rels {
	const char *base; /* directory of the source part, "" or "xl/" */
	struct rel *v;	  /* entries in document order */
	size_t n;	  /* entries used */
	size_t alloc;	  /* entries allocated */
};

struct sheetref {
	char *rid;  /* r:id of the <sheet> */
	int hidden; /* state hidden or veryHidden */
};

/* What the workbook part says. */
struct book {
	struct sheetref *v; /* sheets in tab order */
	size_t n;	    /* entries used */
	size_t alloc;	    /* entries allocated */
	int date1904;	    /* workbookPr date1904 */
};

struct numfmt {
	uint32_t id;	/* numFmtId */
	uint32_t order; /* position in <numFmts> */
	int date;	/* its formatCode shows a date or time */
};

/* What the styles part says, before it is reduced to xf_date. */
struct styles {
	struct numfmt *fmts; /* custom formats */
	size_t nfmts;	     /* entries used */
	size_t afmts;	     /* entries allocated */
	uint32_t *xf;	     /* numFmtId of each cellXfs entry */
	size_t nxf;	     /* entries used */
	size_t axf;	     /* entries allocated */
	int in_fmts;	     /* inside <numFmts> */
	int in_xfs;	     /* inside <cellXfs> */
};

/* Shared strings parse state. */
struct sst_state {
	size_t start; /* offset in r->sst of the string being read */
	int in_si;    /* inside <si> */
	int in_run;   /* inside <si><r> */
	int over;     /* the string was cut at max_field + 1 bytes */
};

enum cell_type {
	CELL_NUMBER, /* no t, or t="n" */
	CELL_SST,    /* t="s": index into the shared strings */
	CELL_INLINE, /* t="inlineStr": <is> */
	CELL_STR,    /* t="str": a formula's string result */
	CELL_BOOL,   /* t="b" */
	CELL_ERROR,  /* t="e" */
	CELL_DATE,   /* t="d": ISO 8601 text */
	CELL_OTHER,  /* an unknown t: the text as written */
};

/* A field of the row being built; its bytes are NUL-terminated in bytes. */
struct fld {
	size_t off; /* offset of the first byte in r->bytes */
	size_t len; /* bytes, not counting the NUL */
};

struct xy_xlsx_reader {
	struct xy_csv_limits lim; /* caps, defaults filled in */
	char *name;		  /* path or "<memory>", for messages */
	struct src src;		  /* the archive's bytes */
	int own_fd;		  /* close src.fd when done (not stdin) */
	unzFile zip;		  /* the archive */
	struct xml_mem mem;	  /* expat's memory for all parts */
	char *sheet;		  /* zip name of the sheet */
	int date1904;		  /* serials count from 1904-01-01 */

	struct xy_buf sst;	/* shared strings, each NUL-terminated */
	uint32_t *sst_off;	/* nsst + 1 offsets into sst */
	size_t nsst;		/* strings in sst */
	size_t asst;		/* entries allocated in sst_off */
	unsigned char *xf_date; /* per cell style: 1 for a date format */
	size_t nxf;		/* entries in xf_date */

	struct xml sx;	   /* the sheet's parser */
	int sheet_open;	   /* the sheet is the zip's current file */
	uint64_t zstart;   /* zip offset of the sheet's compressed data */
	uint64_t zsize;	   /* compressed bytes of the sheet */
	uint64_t consumed; /* of those, read so far */
	uint64_t inflated; /* uncompressed bytes of the sheet read */
	int eof;	   /* the last chunk has been given to expat */
	int suspended;	   /* expat stopped at a row end */
	int finished;	   /* the end was reported */
	int err;	   /* sticky error of next, or 0 */
	char *errmsg;	   /* its message */

	size_t sd_depth;      /* depth of <sheetData>, or 0 */
	size_t row_depth;     /* depth of the open <row>, or 0 */
	size_t c_depth;	      /* depth of the open <c>, or 0 */
	size_t is_depth;      /* depth of the open <is>, or 0 */
	size_t run_depth;     /* depth of the open <is><r>, or 0 */
	enum cell_type ctype; /* type of the open cell */
	size_t ccol;	      /* its column, 0 for A */
	size_t cstyle;	      /* its s attribute */
	struct xy_buf text;   /* its <v> or <is> text */
	int text_over;	      /* the text was cut at sx.text_limit */

	uint64_t last_line;  /* row number of the last <row> */
	uint64_t row_line;   /* row number of the open one */
	size_t next_col;     /* column a cell without r gets */
	size_t rec_bytes;    /* bytes of the fields kept */
	unsigned rec_flags;  /* enum xy_csv_row_flags so far */
	struct xy_buf bytes; /* field contents, NUL-separated */
	struct fld *flds;    /* fields of the row */
	size_t nflds;	     /* entries used in flds */
	size_t aflds;	     /* entries allocated in flds */
	int ready;	     /* the row is complete, to be handed out */
	char num[64];	     /* a formatted number or date */

	struct xy_csv_field *out; /* fields of the row handed out */
	size_t aout;		  /* entries allocated in out */
	struct xy_csv_row row;	  /* the row handed out */
};

/* ---- expat's allocator, capped per reader ---- */

static void *mem_malloc(size_t n)
{
	struct xml_mem *m = cur_mem;
	union mem_hdr *h;

	if (n > XML_MEM_CAP || (m && m->used > XML_MEM_CAP - n)) {
		if (m)
			m->over = 1;
		return NULL;
	}
	h = xy_xmalloc(sizeof(*h) + n);
	h->h.n = n;
	h->h.m = m;
	if (m)
		m->used += n;
	return h + 1;
}

static void *mem_realloc(void *p, size_t n)
{
	union mem_hdr *h;
	struct xml_mem *m;

	if (!p)
		return mem_malloc(n);
	h = (union mem_hdr *)p - 1;
	m = h->h.m;
	if (n > h->h.n &&
	    (n > XML_MEM_CAP || (m && m->used - h->h.n > XML_MEM_CAP - n))) {
		if (m)
			m->over = 1;
		return NULL;
	}
	if (m)
		m->used = m->used - h->h.n + n;
	h = xy_xrealloc(h, sizeof(*h) + n);
	h->h.n = n;
	return h + 1;
}

static void mem_free(void *p)
{
	union mem_hdr *h;

	if (!p)
		return;
	h = (union mem_hdr *)p - 1;
	if (h->h.m)
		h->h.m->used -= h->h.n;
	free(h);
}

/* ---- minizip's I/O over struct src ---- */

static voidpf ZCALLBACK src_open(voidpf opaque, const void *name, int mode)
{
	(void)name;
	(void)mode;
	return opaque;
}

static uLong ZCALLBACK src_read(voidpf opaque, voidpf stream, void *buf,
				uLong size)
{
	struct src *s = stream;
	uLong got = 0;
	ssize_t n;

	(void)opaque;
	if (s->pos >= s->size)
		return 0;
	if (size > s->size - s->pos)
		size = (uLong)(s->size - s->pos);
	if (s->mem) {
		memcpy(buf, s->mem + s->pos, size);
		s->pos += size;
		return size;
	}
	while (got < size) {
		n = pread(s->fd, (char *)buf + got, size - got,
			  (off_t)(s->pos + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			s->err = errno;
			break;
		}
		if (n == 0)
			break;
		got += (uLong)n;
	}
	s->pos += got;
	return got;
}

static uLong ZCALLBACK src_write(voidpf opaque, voidpf stream, const void *buf,
				 uLong size)
{
	(void)opaque;
	(void)stream;
	(void)buf;
	(void)size;
	return 0;
}

static ZPOS64_T ZCALLBACK src_tell(voidpf opaque, voidpf stream)
{
	const struct src *s = stream;

	(void)opaque;
	return s->pos;
}

static long ZCALLBACK src_seek(voidpf opaque, voidpf stream, ZPOS64_T off,
			       int origin)
{
	struct src *s = stream;
	uint64_t base;

	(void)opaque;
	switch (origin) {
	case ZLIB_FILEFUNC_SEEK_SET:
		base = 0;
		break;
	case ZLIB_FILEFUNC_SEEK_CUR:
		base = s->pos;
		break;
	case ZLIB_FILEFUNC_SEEK_END:
		base = s->size;
		break;
	default:
		return -1;
	}
	if (off > s->size - base)
		return -1;
	s->pos = base + off;
	return 0;
}

static int ZCALLBACK src_close(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

static int ZCALLBACK src_error(voidpf opaque, voidpf stream)
{
	const struct src *s = stream;

	(void)opaque;
	return s->err;
}

/* ---- small helpers ---- */

static const char *local_name(const char *name)
{
	const char *s = strrchr(name, NS_SEP);

	return s ? s + 1 : name;
}

/* The value of the attribute without namespace called name, or NULL. */
static const char *attr(const char **atts, const char *name)
{
	for (; *atts; atts += 2)
		if (!strcmp(atts[0], name))
			return atts[1];
	return NULL;
}

/* Parses s as a decimal number below max; 0 or -1. */
static int parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t n = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (n > (max - (uint64_t)(*s - '0')) / 10)
			return -1;
		n = n * 10 + (uint64_t)(*s - '0');
	}
	*out = n;
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !memcmp(s + n - m, suffix, m);
}

/* Saturating a + b. */
static size_t add_sat(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/* The directory of a part, with its '/': "xl/" for "xl/workbook.xml". */
static char *dir_of(const char *part)
{
	const char *slash = strrchr(part, '/');

	return xy_xmemdup(part, slash ? (size_t)(slash - part + 1) : 0);
}

/* dir (with its '/', or "") followed by name, allocated. */
static char *path_in(const char *dir, const char *name)
{
	struct xy_buf b = XY_BUF_INIT;

	xy_buf_addf(&b, "%s%s", dir, name);
	return xy_buf_detach(&b, NULL);
}

/* The relationships part of a part: "xl/_rels/workbook.xml.rels". */
static char *rels_of(const char *part)
{
	const char *slash = strrchr(part, '/');
	size_t dir = slash ? (size_t)(slash - part + 1) : 0;
	struct xy_buf b = XY_BUF_INIT;

	xy_buf_addf(&b, "%.*s_rels/%s.rels", (int)dir, part, part + dir);
	return xy_buf_detach(&b, NULL);
}

/*
 * The zip name a relationship target names: relative to base unless it
 * starts with '/', with "." and ".." resolved. NULL when it leaves the
 * package or is too long.
 */
static char *resolve(const char *base, const char *target)
{
	struct xy_buf in = XY_BUF_INIT, out = XY_BUF_INIT;
	const char *seg, *end;
	char *res = NULL, *slash;
	size_t n;

	if (target[0] == '/')
		xy_buf_adds(&in, target + 1);
	else {
		xy_buf_adds(&in, base);
		xy_buf_adds(&in, target);
	}
	for (seg = in.ptr; *seg; seg = *end ? end + 1 : end) {
		end = strchr(seg, '/');
		if (!end)
			end = seg + strlen(seg);
		n = (size_t)(end - seg);
		if (!n || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			if (!out.len)
				goto done;
			slash = strrchr(out.ptr, '/');
			xy_buf_truncate(&out,
					slash ? (size_t)(slash - out.ptr) : 0);
			continue;
		}
		if (out.len)
			xy_buf_addch(&out, '/');
		xy_buf_add(&out, seg, n);
	}
	if (out.len && out.len <= MAX_PATH)
		res = xy_buf_detach(&out, NULL);
done:
	xy_buf_dispose(&in);
	xy_buf_dispose(&out);
	return res;
}

/* Writes code point cp (1 to 0xffff, no surrogate) as UTF-8 at s. */
static size_t put_utf8(char *s, unsigned cp)
{
	if (cp < 0x80) {
		s[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		s[0] = (char)(0xc0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	s[0] = (char)(0xe0 | cp >> 12);
	s[1] = (char)(0x80 | (cp >> 6 & 0x3f));
	s[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes OOXML's escapes of characters XML cannot hold, _xHHHH_ (Excel
 * writes a CR as _x000D_, and a literal "_x" as _x005F_x), in place.
 * Returns the new length; s stays NUL-terminated.
 */
static size_t unescape(char *s, size_t len)
{
	size_t i = 0, w = 0;
	unsigned cp;
	int k, d;

	if (!memchr(s, '_', len))
		return len;
	while (i < len) {
		if (s[i] == '_' && len - i >= 7 && s[i + 1] == 'x' &&
		    s[i + 6] == '_') {
			cp = 0;
			for (k = 2; k < 6; k++) {
				d = hex_digit(s[i + k]);
				if (d < 0)
					break;
				cp = cp << 4 | (unsigned)d;
			}
			if (k == 6 && cp && (cp < 0xd800 || cp > 0xdfff)) {
				w += put_utf8(s + w, cp);
				i += 7;
				continue;
			}
		}
		s[w++] = s[i++];
	}
	s[w] = '\0';
	return w;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Trims ASCII white space around s[0..*len). */
static const char *trim(const char *s, size_t *len)
{
	size_t n = *len;

	while (n && is_space(*s)) {
		s++;
		n--;
	}
	while (n && is_space(s[n - 1]))
		n--;
	*len = n;
	return s;
}

/* ---- the generic XML layer ---- */

static void xml_fail(struct xml *x, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records a handler's error and aborts the parse. */
static void xml_fail(struct xml *x, int code, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	x->err = xy_error_set(code, "cannot read '%s': %s: %s", x->r->name,
			      x->part, msg);
	XML_StopParser(x->p, XML_FALSE);
}

static void on_start(void *data, const char *name, const char **atts)
{
	struct xml *x = data;

	if (x->err)
		return;
	if (++x->depth > MAX_DEPTH) {
		xml_fail(x, XY_EIO, "elements nested over %d deep", MAX_DEPTH);
		return;
	}
	x->start(x, local_name(name), atts);
}

static void on_end(void *data, const char *name)
{
	struct xml *x = data;

	if (x->err)
		return;
	x->end(x, local_name(name));
	if (x->depth == x->text_depth)
		x->text_depth = 0;
	x->depth--;
}

static void on_text(void *data, const char *s, int len)
{
	struct xml *x = data;
	struct xy_buf *b = x->text;
	size_t n = (size_t)len, room;

	if (x->err || !x->text_depth || x->depth != x->text_depth)
		return;
	room = x->text_limit > b->len ? x->text_limit - b->len : 0;
	if (n > room) {
		n = room;
		*x->text_over = 1;
	}
	if (n && xy_buf_add(b, s, n) < 0)
		xml_fail(x, XY_ETOOBIG, "%s", x->full_msg);
}

static void on_doctype(void *data, const char *name, const char *sysid,
		       const char *pubid, int has_internal_subset)
{
	struct xml *x = data;

	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	xml_fail(x, XY_EIO, "a document type declaration is not allowed");
}

/* A new parser feeding x; uses cur_mem, which the caller has set. */
static void xml_begin(struct xml *x, struct xy_xlsx_reader *r, const char *part)
{
	static const XML_Memory_Handling_Suite mm = {mem_malloc, mem_realloc,
						     mem_free};
	static const XML_Char sep[] = {NS_SEP, '\0'};

	x->r = r;
	x->part = part;
	x->depth = 0;
	x->text_depth = 0;
	x->err = 0;
	x->p = XML_ParserCreate_MM(NULL, &mm, sep);
	if (!x->p)
		return;
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, on_start, on_end);
	XML_SetCharacterDataHandler(x->p, on_text);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
}

/* The error for a parse that returned XML_STATUS_ERROR. */
static int xml_error(struct xml *x)
{
	struct xy_xlsx_reader *r = x->r;

	if (x->err)
		return x->err;
	if (r->mem.over || !x->p)
		return xy_error_set(XY_ETOOBIG,
				    "cannot read '%s': %s: xml needs over "
				    "%u MiB to parse",
				    r->name, x->part, XML_MEM_CAP >> 20);
	return xy_error_set(XY_EIO, "cannot read '%s': %s line %lu: %s",
			    r->name, x->part,
			    (unsigned long)XML_GetCurrentLineNumber(x->p),
			    XML_ErrorString(XML_GetErrorCode(x->p)));
}

/* The error for a failed read of the zip's current file. */
static int zip_error(struct xy_xlsx_reader *r, const char *part, int rc)
{
	if (r->src.err)
		return xy_error_set(XY_EIO, "cannot read '%s': %s", r->name,
				    strerror(r->src.err));
	if (rc == UNZ_CRCERROR)
		return xy_error_set(XY_EIO,
				    "cannot read '%s': %s: damaged zip data "
				    "(crc mismatch)",
				    r->name, part);
	return xy_error_set(XY_EIO, "cannot read '%s': %s: damaged zip data",
			    r->name, part);
}

/*
 * Parses the part called name with x's handlers, all of it. *found is 0
 * when the archive has no such part (then nothing happens).
 */
static int parse_part(struct xy_xlsx_reader *r, struct xml *x, const char *name,
		      uint64_t cap, int *found)
{
	uint64_t total = 0;
	enum XML_Status st;
	int err = 0, n, open = 0, rc;
	void *buf;

	*found = 0;
	if (unzLocateFile(r->zip, name, 2) != UNZ_OK)
		return 0;
	*found = 1;
	rc = unzOpenCurrentFile(r->zip);
	if (rc != UNZ_OK) {
		err = zip_error(r, name, rc);
		goto done;
	}
	open = 1;
	xml_begin(x, r, name);
	if (!x->p) {
		err = xml_error(x);
		goto done;
	}
	for (;;) {
		buf = XML_GetBuffer(x->p, CHUNK_SIZE);
		if (!buf) {
			err = xml_error(x);
			goto done;
		}
		n = unzReadCurrentFile(r->zip, buf, CHUNK_SIZE);
		if (n < 0) {
			err = zip_error(r, name, n);
			goto done;
		}
		total += (uint64_t)n;
		if (total > cap) {
			err = xy_error_set(XY_ETOOBIG,
					   "cannot read '%s': %s over %llu MiB "
					   "uncompressed",
					   r->name, name,
					   (unsigned long long)(cap >> 20));
			goto done;
		}
		if (!n) {
			open = 0;
			rc = unzCloseCurrentFile(r->zip);
			if (rc != UNZ_OK) {
				err = zip_error(r, name, rc);
				goto done;
			}
		}
		st = XML_ParseBuffer(x->p, n, n == 0);
		if (st == XML_STATUS_ERROR) {
			err = xml_error(x);
			goto done;
		}
		if (!n)
			break;
	}
done:
	if (open)
		unzCloseCurrentFile(r->zip);
	if (x->p)
		XML_ParserFree(x->p);
	x->p = NULL;
	return err;
}

/* ---- relationships ---- */

static void rels_start(struct xml *x, const char *name, const char **atts)
{
	struct rels *rs = x->data;
	const char *id, *type, *target, *mode;
	struct rel *e;
	char *path;

	if (x->depth != 2 || strcmp(name, "Relationship"))
		return;
	id = attr(atts, "Id");
	type = attr(atts, "Type");
	target = attr(atts, "Target");
	mode = attr(atts, "TargetMode");
	if (!id || !type || !target || strlen(id) > MAX_ID ||
	    (mode && !strcmp(mode, "External")) || rs->n >= MAX_RELS)
		return;
	path = resolve(rs->base, target);
	if (!path)
		return;
	if (rs->n == rs->alloc) {
		rs->alloc = rs->alloc ? 2 * rs->alloc : 16;
		rs->v = xy_xrealloc(rs->v, rs->alloc * sizeof(*rs->v));
	}
	e = &rs->v[rs->n++];
	e->id = xy_xstrdup(id);
	e->target = path;
	e->kind = ends_with(type, "/officeDocument")  ? REL_DOCUMENT
		  : ends_with(type, "/worksheet")     ? REL_WORKSHEET
		  : ends_with(type, "/sharedStrings") ? REL_SST
		  : ends_with(type, "/styles")	      ? REL_STYLES
						      : REL_OTHER;
}

static void ignore_end(struct xml *x, const char *name)
{
	(void)x;
	(void)name;
}

static void rels_dispose(struct rels *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->v[i].id);
		free(rs->v[i].target);
	}
	free(rs->v);
}

static const struct rel *rel_by_kind(const struct rels *rs, enum rel_kind kind)
{
	for (size_t i = 0; i < rs->n; i++)
		if (rs->v[i].kind == kind)
			return &rs->v[i];
	return NULL;
}

static const struct rel *rel_by_id(const struct rels *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->v[i].id, id))
			return &rs->v[i];
	return NULL;
}

/* Reads the relationships of a part (base: its directory) into rs. */
static int read_rels(struct xy_xlsx_reader *r, const char *name,
		     const char *base, struct rels *rs, int *found)
{
	struct xml x = {0};

	rs->base = base;
	x.start = rels_start;
	x.end = ignore_end;
	x.data = rs;
	return parse_part(r, &x, name, PART_CAP, found);
}

/* ---- workbook ---- */

static int truthy(const char *v)
{
	return v && (!strcmp(v, "1") || !strcmp(v, "true"));
}

static void book_start(struct xml *x, const char *name, const char **atts)
{
	struct book *b = x->data;
	const char *rid = NULL, *state = NULL, *local;
	struct sheetref *s;

	if (x->depth == 2 && !strcmp(name, "workbookPr")) {
		b->date1904 = truthy(attr(atts, "date1904"));
		return;
	}
	if (x->depth != 3 || strcmp(name, "sheet") || b->n >= MAX_SHEETS)
		return;
	for (; *atts; atts += 2) {
		local = local_name(atts[0]);
		/* r:id: an id in the relationships namespace */
		if (local != atts[0] && !strcmp(local, "id") &&
		    strstr(atts[0], "relationships"))
			rid = atts[1];
		else if (!strcmp(atts[0], "state"))
			state = atts[1];
	}
	if (!rid || strlen(rid) > MAX_ID)
		return;
	if (b->n == b->alloc) {
		b->alloc = b->alloc ? 2 * b->alloc : 8;
		b->v = xy_xrealloc(b->v, b->alloc * sizeof(*b->v));
	}
	s = &b->v[b->n++];
	s->rid = xy_xstrdup(rid);
	s->hidden =
	    state && (!strcmp(state, "hidden") || !strcmp(state, "veryHidden"));
}

static void book_dispose(struct book *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->v[i].rid);
	free(b->v);
}

/* ---- styles ---- */

/* 1 when the bracket text s[0..n) is an elapsed time: [h], [mm], [ss]. */
static int elapsed(const char *s, size_t n)
{
	char c;

	if (!n)
		return 0;
	c = (char)(s[0] | 0x20);
	if (c != 'h' && c != 'm' && c != 's')
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((char)(s[i] | 0x20) != c)
			return 0;
	return 1;
}

/*
 * 1 when a number format shows a date or a time: a y, m, d, h or s
 * outside quotes, brackets and escapes. Elapsed times ([h]:mm) are
 * durations and stay numbers.
 */
static int format_is_date(const char *s)
{
	const char *e;

	for (; *s; s++) {
		switch (*s) {
		case '"':
			e = strchr(s + 1, '"');
			if (!e)
				return 0;
			s = e;
			break;
		case '\\':
		case '_':
		case '*':
			if (!s[1])
				return 0;
			s++;
			break;
		case '[':
			e = strchr(s, ']');
			if (!e || elapsed(s + 1, (size_t)(e - s - 1)))
				return 0;
			s = e;
			break;
		case 'y':
		case 'Y':
		case 'm':
		case 'M':
		case 'd':
		case 'D':
		case 'h':
		case 'H':
		case 's':
		case 'S':
			return 1;
		}
	}
	return 0;
}

/*
 * Built-in formats that show dates or times: 14-22 and 45, 47 everywhere,
 * 27-36 and 50-58 in the Chinese, Japanese and Korean locales. 46 is
 * [h]:mm:ss, a duration.
 */
static int builtin_date(uint64_t id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || id == 45 ||
	       id == 47 || (id >= 50 && id <= 58);
}

static void styles_start(struct xml *x, const char *name, const char **atts)
{
	struct styles *st = x->data;
	const char *code;
	uint64_t id = 0;

	if (x->depth == 2) {
		st->in_fmts = !strcmp(name, "numFmts");
		st->in_xfs = !strcmp(name, "cellXfs");
		return;
	}
	if (x->depth != 3)
		return;
	if (st->in_fmts && !strcmp(name, "numFmt")) {
		code = attr(atts, "formatCode");
		if (parse_uint(attr(atts, "numFmtId"), UINT32_MAX, &id) < 0 ||
		    !code || st->nfmts >= MAX_NUMFMTS)
			return;
		if (st->nfmts == st->afmts) {
			st->afmts = st->afmts ? 2 * st->afmts : 16;
			st->fmts = xy_xrealloc(st->fmts,
					       st->afmts * sizeof(*st->fmts));
		}
		st->fmts[st->nfmts].id = (uint32_t)id;
		st->fmts[st->nfmts].order = (uint32_t)st->nfmts;
		st->fmts[st->nfmts].date = format_is_date(code);
		st->nfmts++;
	} else if (st->in_xfs && !strcmp(name, "xf")) {
		if (st->nxf >= MAX_XFS)
			return;
		/* a missing or bad numFmtId is General (0) */
		if (parse_uint(attr(atts, "numFmtId"), UINT32_MAX, &id) < 0)
			id = 0;
		if (st->nxf == st->axf) {
			st->axf = st->axf ? 2 * st->axf : 64;
			st->xf = xy_xrealloc(st->xf, st->axf * sizeof(*st->xf));
		}
		st->xf[st->nxf++] = (uint32_t)id;
	}
}

static void styles_end(struct xml *x, const char *name)
{
	struct styles *st = x->data;

	(void)name;
	if (x->depth == 2) {
		st->in_fmts = 0;
		st->in_xfs = 0;
	}
}

/* By id, then by position: the last of a repeated id is the one used. */
static int numfmt_cmp(const void *a, const void *b)
{
	const struct numfmt *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Reduces the styles to one flag per cell style: a date format or not. */
static void styles_reduce(struct xy_xlsx_reader *r, struct styles *st)
{
	size_t i, lo, hi, mid;
	int date;

	if (st->nfmts)
		qsort(st->fmts, st->nfmts, sizeof(*st->fmts), numfmt_cmp);
	r->nxf = st->nxf;
	r->xf_date = xy_xmalloc(st->nxf ? st->nxf : 1);
	for (i = 0; i < st->nxf; i++) {
		/* lo: the first custom format with an id above the xf's */
		lo = 0;
		hi = st->nfmts;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (st->fmts[mid].id <= st->xf[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		/* a custom format of that id wins over the built-in one */
		if (lo && st->fmts[lo - 1].id == st->xf[i])
			date = st->fmts[lo - 1].date;
		else
			date = builtin_date(st->xf[i]);
		r->xf_date[i] = (unsigned char)date;
	}
}

/* ---- shared strings ---- */

static void sst_start(struct xml *x, const char *name, const char **atts)
{
	struct xy_xlsx_reader *r = x->r;
	struct sst_state *ss = x->data;

	(void)atts;
	if (x->depth == 2 && !strcmp(name, "si")) {
		ss->in_si = 1;
		ss->over = 0;
		ss->start = r->sst.len;
		x->text_limit =
		    add_sat(ss->start, add_sat(r->lim.max_field, 1));
	} else if (ss->in_si && x->depth == 3 && !strcmp(name, "t")) {
		x->text_depth = x->depth;
	} else if (ss->in_si && x->depth == 3 && !strcmp(name, "r")) {
		ss->in_run = 1;
	} else if (ss->in_run && x->depth == 4 && !strcmp(name, "t")) {
		x->text_depth = x->depth;
	}
	/* <rPh> (phonetic runs) and the rest: ignored */
}

static void sst_end(struct xml *x, const char *name)
{
	struct xy_xlsx_reader *r = x->r;
	struct sst_state *ss = x->data;
	size_t len;

	(void)name;
	if (x->depth == 3)
		ss->in_run = 0;
	if (x->depth != 2 || !ss->in_si)
		return;
	ss->in_si = 0;
	/*
	 * A string cut at max_field + 1 bytes stays as it is: its length
	 * alone makes a cell that uses it too long.
	 */
	if (!ss->over) {
		len = unescape(r->sst.ptr + ss->start, r->sst.len - ss->start);
		xy_buf_truncate(&r->sst, ss->start + len);
	}
	if (xy_buf_addch(&r->sst, '\0') < 0 ||
	    (r->nsst + 2) * sizeof(*r->sst_off) > SST_CAP - r->sst.len) {
		xml_fail(x, XY_ETOOBIG, "%s", x->full_msg);
		return;
	}
	if (r->nsst + 1 >= r->asst) {
		r->asst = r->asst ? 2 * r->asst : 256;
		r->sst_off =
		    xy_xrealloc(r->sst_off, r->asst * sizeof(*r->sst_off));
	}
	r->sst_off[r->nsst] = (uint32_t)ss->start;
	r->nsst++;
	r->sst_off[r->nsst] = (uint32_t)r->sst.len;
}

static int read_sst(struct xy_xlsx_reader *r, const char *name)
{
	struct sst_state ss = {0};
	struct xml x = {0};
	int found;

	x.start = sst_start;
	x.end = sst_end;
	x.data = &ss;
	x.text = &r->sst;
	x.text_over = &ss.over;
	x.full_msg = "shared strings over 64 MiB";
	return parse_part(r, &x, name, SST_XML_CAP, &found);
}

/* ---- the sheet: cells and rows ---- */

/* Column of a cell reference ("C7" is 2); -1 when it has no letters. */
static int parse_col(const char *s, size_t *col)
{
	size_t c = 0, n = 0;
	char u;

	for (; *s; s++) {
		u = (char)(*s & ~0x20);
		if (u < 'A' || u > 'Z')
			break;
		if (++n > 7) /* far beyond XFD, and no overflow */
			return -1;
		c = c * 26 + (size_t)(u - 'A' + 1);
	}
	if (!n)
		return -1;
	*col = c - 1;
	return 0;
}

static enum cell_type cell_type(const char *t)
{
	if (!t || !strcmp(t, "n"))
		return CELL_NUMBER;
	if (!strcmp(t, "s"))
		return CELL_SST;
	if (!strcmp(t, "inlineStr"))
		return CELL_INLINE;
	if (!strcmp(t, "str"))
		return CELL_STR;
	if (!strcmp(t, "b"))
		return CELL_BOOL;
	if (!strcmp(t, "e"))
		return CELL_ERROR;
	if (!strcmp(t, "d"))
		return CELL_DATE;
	return CELL_OTHER;
}

/* Drops the row's fields: it is too long. */
static void too_long(struct xy_xlsx_reader *r)
{
	r->rec_flags |= XY_CSV_ROW_TOO_LONG;
	r->nflds = 0;
	xy_buf_reset(&r->bytes);
}

static void push_field(struct xy_xlsx_reader *r, const char *s, size_t len)
{
	struct fld *f;

	if (r->nflds == r->aflds) {
		r->aflds = r->aflds ? 2 * r->aflds : 64;
		r->flds = xy_xrealloc(r->flds, r->aflds * sizeof(*r->flds));
	}
	f = &r->flds[r->nflds++];
	f->off = r->bytes.len;
	f->len = len;
	xy_buf_add(&r->bytes, s, len);
	xy_buf_addch(&r->bytes, '\0');
}

/*
 * 1 when s[0..len) is a decimal number: a sign, digits with an optional
 * fraction, an optional exponent. *integer says it has only the sign and
 * digits.
 */
static int number_syntax(const char *s, size_t len, int *integer)
{
	size_t i = 0, digits = 0, exp = 0;

	*integer = 1;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < len && s[i] == '.') {
		*integer = 0;
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	}
	if (!digits)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		*integer = 0;
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			exp++;
		if (!exp)
			return 0;
	}
	return i == len;
}

/*
 * Writes d with 15 significant digits (what Excel shows and keeps of a
 * number typed in), in plain decimal without trailing zeros from 1e-7 to
 * below 1e21, else as %.15g does. Returns the length.
 */
static size_t format_double(char *out, size_t size, double d)
{
	char e[32], dig[16];
	size_t nd = 0, n = 0, i;
	int exp, neg;
	const char *p;

	if (d == 0)
		return (size_t)snprintf(out, size, "0");
	snprintf(e, sizeof(e), "%.14e", d); /* -d.dddddddddddddde+XX */
	p = e;
	neg = *p == '-';
	if (neg)
		p++;
	dig[nd++] = *p++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9' && nd < 15; p++)
			dig[nd++] = *p;
	exp = (int)strtol(p + 1, NULL, 10);
	while (nd > 1 && dig[nd - 1] == '0')
		nd--;
	if (exp > 20 || exp < -7)
		return (size_t)snprintf(out, size, "%.15g", d);
	if (neg)
		out[n++] = '-';
	if (exp >= 0) {
		for (i = 0; i <= (size_t)exp; i++)
			out[n++] = i < nd ? dig[i] : '0';
		if (nd > (size_t)exp + 1) {
			out[n++] = '.';
			for (; i < nd; i++)
				out[n++] = dig[i];
		}
	} else {
		out[n++] = '0';
		out[n++] = '.';
		for (i = 1; i < (size_t)-exp; i++)
			out[n++] = '0';
		for (i = 0; i < nd; i++)
			out[n++] = dig[i];
	}
	out[n] = '\0';
	return n;
}

/* Civil date of a day count from 1970-01-01 (H. Hinnant's algorithm). */
static void civil(long long z, long long *y, unsigned *m, unsigned *d)
{
	long long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long long)yoe + era * 400 + (*m <= 2);
}

/*
 * Writes the Excel serial d as "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" with a
 * time of day, or "HH:MM:SS" below 1 (a time alone). The 1900 system
 * keeps Excel's 1900-02-29. Returns the length, 0 when out of range.
 */
static size_t format_date(char *out, size_t size, double d, int date1904)
{
	long long total, days, secs, ux, y;
	unsigned m, dd;
	size_t n;

	if (!(d >= 0 && d < MAX_SERIAL))
		return 0;
	total = llround(d * 86400.0);
	days = total / 86400;
	secs = total % 86400;
	if (!days)
		return (size_t)snprintf(out, size, "%02lld:%02lld:%02lld",
					secs / 3600, secs / 60 % 60, secs % 60);
	if (date1904)
		ux = days - 24107; /* 1904-01-01 is 0 */
	else if (days < 60)
		ux = days - 25568; /* 1 is 1900-01-01 */
	else
		ux = days - 25569; /* 61 is 1900-03-01 */
	civil(ux, &y, &m, &dd);
	if (!date1904 && days == 60) {
		m = 2; /* 1900-02-29, the day Excel made up */
		dd = 29;
	}
	if (y > 9999)
		return 0;
	n = (size_t)snprintf(out, size, "%04lld-%02u-%02u", y, m, dd);
	if (secs)
		n +=
		    (size_t)snprintf(out + n, size - n, " %02lld:%02lld:%02lld",
				     secs / 3600, secs / 60 % 60, secs % 60);
	return n;
}

static int digits_at(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/*
 * A t="d" value (ISO 8601): "YYYY-MM-DD" when the time is midnight,
 * "YYYY-MM-DD HH:MM:SS" otherwise, anything else as written.
 */
static const char *iso_date(struct xy_xlsx_reader *r, const char *s,
			    size_t *len)
{
	size_t n = *len, i;

	if (n < 19 || !digits_at(s, 4) || s[4] != '-' || !digits_at(s + 5, 2) ||
	    s[7] != '-' || !digits_at(s + 8, 2) || s[10] != 'T' ||
	    !digits_at(s + 11, 2) || s[13] != ':' || !digits_at(s + 14, 2) ||
	    s[16] != ':' || !digits_at(s + 17, 2))
		return s;
	i = 19;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] == '0'; i++)
			;
	if (i < n && s[i] == 'Z')
		i++;
	if (i != n)
		return s; /* a fraction of a second or a time zone */
	memcpy(r->num, s, 19);
	r->num[10] = ' ';
	r->num[19] = '\0';
	*len = memcmp(s + 11, "00:00:00", 8) ? 19 : 10;
	r->num[*len] = '\0';
	return r->num;
}

/* The value of a numeric cell: a date in a date style, else a number. */
static const char *number_value(struct xy_xlsx_reader *r, const char *s,
				size_t *len)
{
	int integer;
	double d;
	size_t n;

	if (!number_syntax(s, *len, &integer))
		return s;
	d = strtod(s, NULL); /* s is followed by blanks or the NUL */
	if (r->cstyle < r->nxf && r->xf_date[r->cstyle]) {
		n = format_date(r->num, sizeof(r->num), d, r->date1904);
		if (n) {
			*len = n;
			return r->num;
		}
	}
	if (integer) {
		/* digits as written: exact beyond 15 digits, too */
		if (*s == '+') {
			s++;
			(*len)--;
		}
		return s;
	}
	if (!isfinite(d))
		return s;
	*len = format_double(r->num, sizeof(r->num), d);
	return r->num;
}

/* The text of the open cell, as it becomes a field. */
static const char *cell_value(struct xy_xlsx_reader *r, size_t *len)
{
	char *text = r->text.ptr;
	const char *s;
	uint64_t idx;
	size_t n = r->text.len;

	switch (r->ctype) {
	case CELL_SST:
		s = trim(text, &n);
		text[s - text + (ptrdiff_t)n] = '\0';
		/* an index out of range is an empty cell */
		if (parse_uint(s, SIZE_MAX, &idx) < 0 || idx >= r->nsst) {
			*len = 0;
			return "";
		}
		*len = r->sst_off[idx + 1] - r->sst_off[idx] - 1;
		return r->sst.ptr + r->sst_off[idx];
	case CELL_INLINE:
	case CELL_STR:
		*len = unescape(text, n);
		return text;
	case CELL_BOOL:
		s = trim(text, &n);
		*len = n;
		if (n == 1 && *s == '1') {
			*len = 4;
			return "TRUE";
		}
		if (n == 1 && *s == '0') {
			*len = 5;
			return "FALSE";
		}
		return s;
	case CELL_DATE:
		s = trim(text, &n);
		*len = n;
		return iso_date(r, s, len);
	case CELL_NUMBER:
		s = trim(text, &n);
		*len = n;
		return number_value(r, s, len);
	case CELL_ERROR:
	case CELL_OTHER:
		break;
	}
	*len = n;
	return text;
}

static void row_begin(struct xy_xlsx_reader *r, const char **atts)
{
	uint64_t n;

	/* rows go forward; a missing or bad r counts on */
	if (parse_uint(attr(atts, "r"), UINT32_MAX, &n) == 0 &&
	    n > r->last_line)
		r->row_line = n;
	else
		r->row_line = r->last_line + 1;
	r->last_line = r->row_line;
	r->nflds = 0;
	xy_buf_reset(&r->bytes);
	r->next_col = 0;
	r->rec_bytes = 0;
	r->rec_flags = 0;
}

static void cell_begin(struct xy_xlsx_reader *r, const char **atts)
{
	const char *ref = attr(atts, "r");
	uint64_t style;
	size_t col;

	r->ctype = cell_type(attr(atts, "t"));
	if (parse_uint(attr(atts, "s"), SIZE_MAX, &style) < 0)
		style = 0;
	r->cstyle = (size_t)style;
	/* a cell without r, or one out of order, takes the next column */
	r->ccol = r->next_col;
	if (ref && parse_col(ref, &col) == 0 && col >= r->next_col)
		r->ccol = col;
	xy_buf_reset(&r->text);
	r->text_over = 0;
}

static void cell_end(struct xy_xlsx_reader *r)
{
	const char *s;
	size_t len;

	if (r->rec_flags & XY_CSV_ROW_TOO_LONG)
		return;
	r->next_col = add_sat(r->ccol, 1);
	if (r->text_over) {
		too_long(r);
		return;
	}
	s = cell_value(r, &len);
	if (!len)
		return; /* an empty cell: a field only if a later one has text */
	if (len > r->lim.max_field || r->ccol >= r->lim.max_fields ||
	    len > r->lim.max_record - r->rec_bytes) {
		too_long(r);
		return;
	}
	while (r->nflds < r->ccol)
		push_field(r, "", 0);
	push_field(r, s, len);
	r->rec_bytes += len;
}

static void row_end(struct xy_xlsx_reader *r)
{
	if (!r->nflds && !(r->rec_flags & XY_CSV_ROW_TOO_LONG))
		return; /* no value: like an empty line */
	r->ready = 1;
	XML_StopParser(r->sx.p, XML_TRUE);
}

static void sheet_start(struct xml *x, const char *name, const char **atts)
{
	struct xy_xlsx_reader *r = x->data;
	size_t d = x->depth;

	if (!r->sd_depth) {
		if (!strcmp(name, "sheetData"))
			r->sd_depth = d;
	} else if (!r->row_depth) {
		if (d == r->sd_depth + 1 && !strcmp(name, "row")) {
			r->row_depth = d;
			row_begin(r, atts);
		}
	} else if (!r->c_depth) {
		if (d == r->row_depth + 1 && !strcmp(name, "c")) {
			r->c_depth = d;
			cell_begin(r, atts);
		}
	} else if (d == r->c_depth + 1) {
		if (!strcmp(name, "v") && r->ctype != CELL_INLINE)
			x->text_depth = d;
		else if (!strcmp(name, "is") && r->ctype == CELL_INLINE)
			r->is_depth = d;
	} else if (r->is_depth && d == r->is_depth + 1) {
		if (!strcmp(name, "t"))
			x->text_depth = d;
		else if (!strcmp(name, "r"))
			r->run_depth = d;
	} else if (r->run_depth && d == r->run_depth + 1) {
		if (!strcmp(name, "t"))
			x->text_depth = d;
	}
}

static void sheet_end(struct xml *x, const char *name)
{
	struct xy_xlsx_reader *r = x->data;
	size_t d = x->depth;

	(void)name;
	if (d == r->run_depth) {
		r->run_depth = 0;
	} else if (d == r->is_depth) {
		r->is_depth = 0;
	} else if (d == r->c_depth) {
		r->c_depth = 0;
		cell_end(r);
	} else if (d == r->row_depth) {
		r->row_depth = 0;
		row_end(r);
	} else if (d == r->sd_depth) {
		r->sd_depth = 0;
	}
}

/* ---- opening ---- */

static struct xy_xlsx_reader *reader_new(const struct xy_csv_limits *lim,
					 const char *name)
{
	struct xy_xlsx_reader *r = xy_xcalloc(1, sizeof(*r));

	r->lim = xy_csv_limits_or_default(lim);
	r->name = xy_xstrdup(name);
	r->src.fd = -1;
	xy_buf_init(&r->sst, SST_CAP);
	xy_buf_init(&r->text, 0);
	xy_buf_init(&r->bytes, 0);
	r->aout = 16;
	r->out = xy_xmalloc(r->aout * sizeof(*r->out));
	r->row.fields = r->out;
	return r;
}

/*
 * 1 when the archive ends with a whole end of central directory record
 * (22 bytes and its comment). minizip reads the missing bytes of a cut
 * record as zeros and may open a truncated archive.
 */
static int whole_end(struct src *s)
{
	uint64_t n = s->size < 22 + 65535 ? s->size : 22 + 65535;
	unsigned char *buf = xy_xmalloc(n ? n : 1);
	size_t i, comment;
	int ok = 0;

	s->pos = s->size - n;
	if (src_read(NULL, s, buf, (uLong)n) != n)
		goto done;
	for (i = n >= 22 ? n - 22 + 1 : 0; i-- > 0;) {
		if (memcmp(buf + i, "PK\5\6", 4))
			continue;
		comment = (size_t)buf[i + 20] | (size_t)buf[i + 21] << 8;
		if (i + 22 + comment == n) {
			ok = 1;
			break;
		}
	}
done:
	s->pos = 0;
	free(buf);
	return ok;
}

/* Checks the first bytes, then opens the archive over r->src. */
static int open_zip(struct xy_xlsx_reader *r)
{
	zlib_filefunc64_def io = {src_open, src_read,  src_write, src_tell,
				  src_seek, src_close, src_error, &r->src};
	unsigned char head[8] = {0};
	uLong n;

	n = src_read(NULL, &r->src, head, sizeof(head));
	r->src.pos = 0;
	if (r->src.err)
		return xy_error_set(XY_EIO, "cannot read '%s': %s", r->name,
				    strerror(r->src.err));
	if (n >= 8 && !memcmp(head, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
		return xy_error_set(XY_EIO,
				    "cannot read '%s': an .xls or encrypted "
				    "workbook, not .xlsx",
				    r->name);
	if (!xy_xlsx_sniff(head, n))
		return xy_error_set(XY_EIO,
				    "cannot read '%s': not an xlsx file (not "
				    "a zip archive)",
				    r->name);
	if (whole_end(&r->src))
		r->zip = unzOpen2_64(r->name, &io);
	/* minizip opens some cut archives; their directory does not read */
	if (r->zip && unzGoToFirstFile(r->zip) != UNZ_OK) {
		unzClose(r->zip);
		r->zip = NULL;
	}
	if (!r->zip) {
		if (r->src.err)
			return xy_error_set(XY_EIO, "cannot read '%s': %s",
					    r->name, strerror(r->src.err));
		return xy_error_set(XY_EIO,
				    "cannot read '%s': damaged or truncated "
				    "zip archive",
				    r->name);
	}
	return 0;
}

/* Finds the sheet, reads the shared strings and styles, opens the sheet. */
static int reader_start(struct xy_xlsx_reader *r)
{
	struct rels pkg = {0}, wb = {0};
	struct book book = {0};
	struct styles st = {0};
	struct xml x = {0};
	const struct rel *rel, *first = NULL, *visible = NULL;
	char *book_name = NULL, *dir = NULL, *wb_rels = NULL;
	char *sst_name = NULL, *styles_name = NULL;
	unz_file_info64 info;
	int err, found, rc;

	err = open_zip(r);
	if (err < 0)
		goto done;

	/* the workbook, through the package relationships */
	err = read_rels(r, "_rels/.rels", "", &pkg, &found);
	if (err < 0)
		goto done;
	rel = rel_by_kind(&pkg, REL_DOCUMENT);
	book_name = xy_xstrdup(rel ? rel->target : "xl/workbook.xml");
	x.start = book_start;
	x.end = ignore_end;
	x.data = &book;
	err = parse_part(r, &x, book_name, PART_CAP, &found);
	if (err < 0)
		goto done;
	if (!found) {
		err = xy_error_set(XY_EIO,
				   "cannot read '%s': not an xlsx workbook "
				   "(no %s)",
				   r->name, book_name);
		goto done;
	}
	r->date1904 = book.date1904;

	/* the first visible worksheet, through the workbook's ones */
	dir = dir_of(book_name);
	wb_rels = rels_of(book_name);
	err = read_rels(r, wb_rels, dir, &wb, &found);
	if (err < 0)
		goto done;
	for (size_t i = 0; i < book.n && !visible; i++) {
		rel = rel_by_id(&wb, book.v[i].rid);
		if (!rel || rel->kind != REL_WORKSHEET)
			continue; /* a chart sheet, or a broken id */
		if (!first)
			first = rel;
		if (!book.v[i].hidden)
			visible = rel;
	}
	rel = visible ? visible : first;
	r->sheet = rel ? xy_xstrdup(rel->target)
		       : path_in(dir, "worksheets/sheet1.xml");
	if (unzLocateFile(r->zip, r->sheet, 2) != UNZ_OK) {
		err = xy_error_set(XY_EIO,
				   "cannot read '%s': no worksheet (no %s)",
				   r->name, r->sheet);
		goto done;
	}
	rel = rel_by_kind(&wb, REL_SST);
	sst_name =
	    rel ? xy_xstrdup(rel->target) : path_in(dir, "sharedStrings.xml");
	rel = rel_by_kind(&wb, REL_STYLES);
	styles_name =
	    rel ? xy_xstrdup(rel->target) : path_in(dir, "styles.xml");

	/* shared strings and styles are optional */
	err = read_sst(r, sst_name);
	if (err < 0)
		goto done;
	memset(&x, 0, sizeof(x));
	x.start = styles_start;
	x.end = styles_end;
	x.data = &st;
	err = parse_part(r, &x, styles_name, PART_CAP, &found);
	if (err < 0)
		goto done;
	styles_reduce(r, &st);

	/* the sheet, ready to stream */
	if (unzLocateFile(r->zip, r->sheet, 2) != UNZ_OK ||
	    unzGetCurrentFileInfo64(r->zip, &info, NULL, 0, NULL, 0, NULL, 0) !=
		UNZ_OK) {
		err = zip_error(r, r->sheet, UNZ_BADZIPFILE);
		goto done;
	}
	rc = unzOpenCurrentFile(r->zip);
	if (rc != UNZ_OK) {
		err = zip_error(r, r->sheet, rc);
		goto done;
	}
	r->sheet_open = 1;
	r->zsize = info.compressed_size;
	r->zstart = unzGetCurrentFileZStreamPos64(r->zip);
	r->sx.start = sheet_start;
	r->sx.end = sheet_end;
	r->sx.data = r;
	r->sx.text = &r->text;
	/* room for a number or an index that becomes a shorter field */
	r->sx.text_limit =
	    add_sat(r->lim.max_field > 255 ? r->lim.max_field : 255, 1);
	r->sx.text_over = &r->text_over;
	r->sx.full_msg = "cell text over its cap";
	xml_begin(&r->sx, r, r->sheet);
	if (!r->sx.p)
		err = xml_error(&r->sx);
done:
	rels_dispose(&pkg);
	rels_dispose(&wb);
	book_dispose(&book);
	free(st.fmts);
	free(st.xf);
	free(book_name);
	free(dir);
	free(wb_rels);
	free(sst_name);
	free(styles_name);
	return err;
}

int xy_xlsx_open(struct xy_xlsx_reader **out, const char *path,
		 const struct xy_csv_limits *lim)
{
	struct xy_xlsx_reader *r = NULL;
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
	r = reader_new(lim, path);
	r->src.fd = fd;
	r->own_fd = !is_stdin;
	if (fstat(fd, &st) < 0) {
		err = xy_error_set(XY_EIO, "cannot open '%s': %s", path,
				   strerror(errno));
		goto done;
	}
	if (S_ISDIR(st.st_mode)) {
		err = xy_error_set(XY_EIO, "cannot open '%s': %s", path,
				   strerror(EISDIR));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		/* a zip is read from its end: a pipe will not do */
		err = xy_error_set(XY_EIO,
				   "cannot read '%s': an xlsx file must be a "
				   "regular file",
				   path);
		goto done;
	}
	r->src.size = (uint64_t)st.st_size;
	cur_mem = &r->mem;
	err = reader_start(r);
	cur_mem = NULL;
	if (err < 0)
		goto done;
	*out = r;
	r = NULL;
done:
	xy_xlsx_free(r);
	return err;
}

int xy_xlsx_open_mem(struct xy_xlsx_reader **out, const void *data, size_t len,
		     const struct xy_csv_limits *lim)
{
	struct xy_xlsx_reader *r = reader_new(lim, "<memory>");
	int err;

	*out = NULL;
	r->src.mem = data ? data : (const void *)"";
	r->src.size = len;
	cur_mem = &r->mem;
	err = reader_start(r);
	cur_mem = NULL;
	if (err < 0)
		goto done;
	*out = r;
	r = NULL;
done:
	xy_xlsx_free(r);
	return err;
}

/* ---- reading ---- */

/* Inflates the next chunk of the sheet and parses it. */
static enum XML_Status feed(struct xy_xlsx_reader *r, int *err)
{
	uint64_t pos;
	void *buf;
	int n, rc;

	buf = XML_GetBuffer(r->sx.p, CHUNK_SIZE);
	if (!buf) {
		*err = xml_error(&r->sx);
		return XML_STATUS_ERROR;
	}
	n = unzReadCurrentFile(r->zip, buf, CHUNK_SIZE);
	if (n < 0) {
		*err = zip_error(r, r->sheet, n);
		return XML_STATUS_ERROR;
	}
	pos = unzGetCurrentFileZStreamPos64(r->zip);
	if (pos >= r->zstart)
		r->consumed =
		    pos - r->zstart < r->zsize ? pos - r->zstart : r->zsize;
	r->inflated += (uint64_t)n;
	if (r->inflated > SHEET_CAP) {
		*err = xy_error_set(XY_ETOOBIG,
				    "cannot read '%s': %s over %llu GiB "
				    "uncompressed",
				    r->name, r->sheet,
				    (unsigned long long)(SHEET_CAP >> 30));
		return XML_STATUS_ERROR;
	}
	if (!n) {
		r->eof = 1;
		r->sheet_open = 0;
		r->consumed = r->zsize;
		rc = unzCloseCurrentFile(r->zip);
		if (rc != UNZ_OK) {
			*err = zip_error(r, r->sheet, rc);
			return XML_STATUS_ERROR;
		}
	}
	return XML_ParseBuffer(r->sx.p, n, n == 0);
}

/* Points r->row at the row just completed. */
static void hand_out(struct xy_xlsx_reader *r)
{
	if (r->nflds > r->aout) {
		while (r->aout < r->nflds)
			r->aout *= 2;
		free(r->out);
		r->out = xy_xmalloc(r->aout * sizeof(*r->out));
	}
	for (size_t i = 0; i < r->nflds; i++) {
		r->out[i].ptr = r->bytes.ptr + r->flds[i].off;
		r->out[i].len = r->flds[i].len;
		r->out[i].bad = 0;
	}
	r->row.line = r->row_line;
	r->row.nfields = r->nflds;
	r->row.fields = r->out;
	r->row.flags = r->rec_flags;
}

int xy_xlsx_next(struct xy_xlsx_reader *r, const struct xy_csv_row **row)
{
	enum XML_Status st;
	int err = 0, rc = 0;

	*row = NULL;
	if (r->err)
		return xy_error_set(r->err, "%s", r->errmsg);
	if (r->finished)
		return 0;
	cur_mem = &r->mem;
	r->ready = 0;
	for (;;) {
		if (r->suspended) {
			r->suspended = 0;
			st = XML_ResumeParser(r->sx.p);
		} else if (r->eof) {
			r->finished = 1;
			break;
		} else {
			st = feed(r, &err);
		}
		if (st == XML_STATUS_ERROR) {
			if (!err)
				err = xml_error(&r->sx);
			r->err = err;
			r->errmsg = xy_xstrdup(xy_error_msg());
			rc = err;
			break;
		}
		if (st == XML_STATUS_SUSPENDED) {
			r->suspended = 1;
			if (r->ready) {
				hand_out(r);
				*row = &r->row;
				rc = 1;
				break;
			}
		}
	}
	cur_mem = NULL;
	return rc;
}

uint64_t xy_xlsx_offset(const struct xy_xlsx_reader *r)
{
	return r->consumed;
}

uint64_t xy_xlsx_size(const struct xy_xlsx_reader *r)
{
	return r->zsize;
}

const char *xy_xlsx_sheet(const struct xy_xlsx_reader *r)
{
	return r->sheet;
}

void xy_xlsx_free(struct xy_xlsx_reader *r)
{
	if (!r)
		return;
	if (r->sx.p)
		XML_ParserFree(r->sx.p);
	if (r->sheet_open)
		unzCloseCurrentFile(r->zip);
	if (r->zip)
		unzClose(r->zip);
	if (r->own_fd)
		close(r->src.fd);
	free(r->name);
	free(r->sheet);
	xy_buf_dispose(&r->sst);
	free(r->sst_off);
	free(r->xf_date);
	xy_buf_dispose(&r->text);
	xy_buf_dispose(&r->bytes);
	free(r->flds);
	free(r->out);
	free(r->errmsg);
	free(r);
}

int xy_xlsx_sniff(const void *head, size_t len)
{
	return len >= 4 && !memcmp(head, "PK\3\4", 4);
}
