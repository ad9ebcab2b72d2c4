/*
 * error.h - error codes and the thread-local error message.
 *
 * Functions that can fail return 0 or a negative enum xy_error and set a
 * message with xy_error_set(). The message is one lower-case line that
 * quotes the subject, e.g. "cannot open 'x.csv': no such file". It is
 * owned by the thread and valid until the next xy_error_set().
 *
 * HTTP status and CLI exit codes derive from the code here and nowhere
 * else.
 */
#ifndef XY_ERROR_H
#define XY_ERROR_H

enum xy_error {
	XY_OK = 0,
	XY_ERROR = -1,	   /* anything without a more specific code */
	XY_ENOTFOUND = -2, /* the thing asked for does not exist */
	XY_EINVALID = -3,  /* bad input from the user */
	XY_ECONFLICT = -4, /* the state does not allow it */
	XY_EAUTH = -5,	   /* not authenticated or not allowed */
	XY_EIO = -6,	   /* a file or socket failed */
	XY_EDB = -7,	   /* the database failed */
	XY_ETOOBIG = -8,   /* input over a size cap */
};

/* Sets the thread's message and returns code, so `return xy_error_set()`. */
int xy_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The thread's last message; "" when none. Borrowed. */
const char *xy_error_msg(void);

/* The code passed to the last xy_error_set(), or XY_OK. */
int xy_error_code(void);

void xy_error_clear(void);

/* Stable name of a code: "not_found", "invalid", ... */
const char *xy_error_name(int code);

/* Process exit status for a code: 0 for XY_OK, 2 for usage errors, ... */
int xy_error_exit_code(int code);

/* HTTP status for a code. */
int xy_error_http_status(int code);

#endif
