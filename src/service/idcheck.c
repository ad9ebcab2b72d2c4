/*
 * idcheck.c - one identifier of any kind.
 */
#include <string.h>

#include "service/idcheck.h"
#include "util/utf8.h"
#include "util/banned.h"

void xy_idcheck_init(struct xy_idcheck *c)
{
	memset(c, 0, sizeof(*c));
	xy_buf_init(&c->norm, 256);
}

void xy_idcheck_dispose(struct xy_idcheck *c)
{
	xy_buf_dispose(&c->norm);
}

void xy_idcheck_run(struct xy_idcheck *c, const char *s, size_t len,
		    int32_t today, int strict)
{
	struct xy_buf in = XY_BUF_INIT;
	char ric[XY_RIC_LEN + 1];
	int orgcode_bad = 0;

	in.cap = 256;
	xy_buf_reset(&c->norm);
	c->warning = 0;
	c->kind = XY_ID_UNKNOWN;
	c->error = XY_V_USCC_FORMAT;
	if (xy_utf8_normalize(&in, s, len) < 0)
		goto done;
	xy_ascii_upper(in.ptr, in.len);
	c->kind = xy_id_guess(in.ptr, in.len);
	switch (c->kind) {
	case XY_ID_USCC:
		c->error = xy_uscc_check(in.ptr, in.len, 0, &orgcode_bad);
		if (c->error == XY_V_OK && orgcode_bad) {
			c->warning = !strict;
			if (strict)
				c->error = XY_V_ORGCODE_CHECKSUM;
		}
		if (c->error == XY_V_OK)
			xy_buf_add(&c->norm, in.ptr, in.len);
		break;
	case XY_ID_ORGCODE:
		c->error = xy_orgcode_check(in.ptr, in.len);
		if (c->error == XY_V_OK)
			xy_buf_addf(&c->norm, "%.8s-%c", in.ptr,
				    in.ptr[in.len - 1]);
		break;
	case XY_ID_RIC:
		c->error = xy_ric_check(in.ptr, in.len, today, ric);
		if (c->error == XY_V_OK)
			xy_buf_add(&c->norm, ric, XY_RIC_LEN);
		break;
	case XY_ID_UNKNOWN:
		c->error = in.len == 18 ? XY_V_USCC_FORMAT
			 : in.len == 15 || in.len == 17 ? XY_V_RIC_FORMAT
			 : XY_V_USCC_FORMAT;
		break;
	}
done:
	xy_buf_dispose(&in);
}
