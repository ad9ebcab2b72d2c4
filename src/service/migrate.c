/*
 * migrate.c - a platform moved to another database, keys included.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "service/keys.h"
#include "service/migrate.h"
#include "service/platform.h"
#include "store/copy.h"
#include "util/error.h"
#include "util/banned.h"

/* Makes dst hold the key file src, or checks that it already does. */
static int share_keys(const char *src, const char *dst, struct xy_buf *log)
{
	struct xy_buf a = XY_BUF_INIT, b = XY_BUF_INIT;
	struct stat st;
	FILE *f = NULL;
	int err;

	err = xy_read_file(src, &a);
	if (err < 0)
		goto done;
	if (!strcmp(src, dst))
		goto done;
	if (stat(dst, &st) == 0) {
		err = xy_read_file(dst, &b);
		if (!err && (a.len != b.len || memcmp(a.ptr, b.ptr, a.len)))
			err = xy_error_set(XY_ECONFLICT,
					   "key file '%s' differs from '%s': "
					   "set XINYONG_KEY to the source's",
					   dst, src);
		goto done;
	}
	f = fopen(dst, "wx");
	if (!f) {
		err = xy_error_set(XY_EIO, "cannot create '%s': %s", dst,
				   strerror(errno));
		goto done;
	}
	chmod(dst, 0600);
	if (fwrite(a.ptr, 1, a.len, f) != a.len || fclose(f) != 0)
		err = xy_error_set(XY_EIO, "cannot write '%s'", dst);
	else
		xy_buf_addf(log, "copied key file %s to %s\n", src, dst);
	f = NULL;
done:
	if (f)
		fclose(f);
	xy_buf_dispose(&a);
	xy_buf_dispose(&b);
	return err;
}

int xy_migrate(const char *from, const char *to, struct xy_buf *log)
{
	struct xy_buf skey = XY_BUF_INIT, dkey = XY_BUF_INIT;
	struct xy_platform *dst = NULL;
	struct xy_db *src = NULL;
	int err;

	if (!strcmp(from, to))
		return xy_error_set(XY_EINVALID,
				    "--from and --to are the same database");
	xy_keys_path(&skey, from);
	xy_keys_path(&dkey, to);
	err = xy_db_url_check(from);
	if (!err)
		err = xy_db_url_check(to);
	if (!err)
		err = xy_db_open(&src, from, 1);
	if (!err)
		err = xy_make_parent_dirs(dkey.ptr);
	if (!err)
		err = share_keys(skey.ptr, dkey.ptr, log);
	if (!err)
		err = xy_platform_init(to, log);
	if (!err)
		err = xy_platform_open(&dst, to, 0);
	if (!err)
		err = xy_store_copy(src, dst->db, log);
	xy_db_close(src);
	xy_platform_free(dst);
	xy_buf_dispose(&skey);
	xy_buf_dispose(&dkey);
	return err;
}
