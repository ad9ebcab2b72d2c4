/*
 * error.c - the thread-local error message and the mapping of error codes
 * to names, exit statuses and HTTP statuses.
 */
#include <stdarg.h>
#include <stdio.h>

#include "util/error.h"
#include "util/banned.h"

static _Thread_local char message[512];
static _Thread_local int last_code;

int xy_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	last_code = code;
	return code;
}

const char *xy_error_msg(void)
{
	return message;
}

int xy_error_code(void)
{
	return last_code;
}

void xy_error_clear(void)
{
	message[0] = '\0';
	last_code = XY_OK;
}

static const struct {
	int code;
	const char *name;
	int exit_status; /* for the CLI */
	int http_status; /* for the API */
} table[] = {
	{XY_OK, "ok", 0, 200},
	{XY_ERROR, "error", 1, 500},
	{XY_ENOTFOUND, "not_found", 3, 404},
	{XY_EINVALID, "invalid", 2, 400},
	{XY_ECONFLICT, "conflict", 4, 409},
	{XY_EAUTH, "forbidden", 5, 403},
	{XY_EIO, "io", 6, 500},
	{XY_EDB, "database", 7, 503},
	{XY_ETOOBIG, "too_big", 2, 413},
};

static int find(int code)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].code == code)
			return (int)i;
	return 1; /* XY_ERROR */
}

const char *xy_error_name(int code)
{
	return table[find(code)].name;
}

int xy_error_exit_code(int code)
{
	return table[find(code)].exit_status;
}

int xy_error_http_status(int code)
{
	return table[find(code)].http_status;
}
