/*
 * platform.c - opening the platform: catalog directory, database, keys.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/date.h"
#include "service/platform.h"
#include "util/error.h"
#include "util/banned.h"

#ifndef XY_CATALOG_DIR
#define XY_CATALOG_DIR "catalog"
#endif

const char *xy_platform_default_db(void)
{
	const char *env = getenv("XINYONG_DB");

	return env && *env ? env : "data/xinyong.db";
}

const char *xy_platform_catalog_dir(void)
{
	const char *env = getenv("XINYONG_CATALOG");

	return env && *env ? env : XY_CATALOG_DIR;
}

int32_t xy_today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	return xy_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int xy_read_file(const char *path, struct xy_buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int err = 0;

	if (!f)
		return xy_error_set(XY_EIO, "cannot read '%s': %s", path,
				    strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		err = xy_buf_add(out, chunk, n);
		if (err < 0)
			break;
	}
	if (!err && ferror(f))
		err = xy_error_set(XY_EIO, "cannot read '%s'", path);
	fclose(f);
	return err;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted *.json names in dir; NULL-terminated, caller frees. */
static char **json_files(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (!has_suffix(e->d_name, ".json"))
			continue;
		v = xy_xrealloc(v, (*n + 2) * sizeof(*v));
		v[(*n)++] = xy_xstrdup(e->d_name);
		v[*n] = NULL;
	}
	closedir(d);
	if (v)
		qsort(v, *n, sizeof(*v), cmp_names);
	return v;
}

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int xy_catalog_load_dir(struct xy_catalog *cat, const char *dir)
{
	struct xy_buf path = XY_BUF_INIT, text = XY_BUF_INIT;
	size_t n = 0;
	char **names = json_files(dir, &n);
	int err = 0;

	if (!names) {
		err = xy_error_set(XY_EIO, "no catalog in '%s'", dir);
		goto done;
	}
	for (size_t i = 0; i < n && !err; i++) {
		xy_buf_reset(&path);
		xy_buf_reset(&text);
		xy_buf_addf(&path, "%s/%s", dir, names[i]);
		err = xy_read_file(path.ptr, &text);
		if (err < 0)
			break;
		if (!strcmp(names[i], "platform.json"))
			err = xy_catalog_set_platform(cat, text.ptr, text.len);
		else
			err = xy_catalog_add_item(cat, text.ptr, text.len);
		if (err < 0)
			xy_error_set(err, "%s: %s", path.ptr, xy_error_msg());
	}
	free_names(names, n);
	if (err < 0)
		goto done;
	xy_buf_reset(&path);
	xy_buf_addf(&path, "%s/holidays", dir);
	names = json_files(path.ptr, &n);
	for (size_t i = 0; i < n && !err; i++) {
		struct xy_buf f = XY_BUF_INIT;

		xy_buf_addf(&f, "%s/%s", path.ptr, names[i]);
		xy_buf_reset(&text);
		err = xy_read_file(f.ptr, &text);
		if (!err)
			err = xy_calendar_add_json(&cat->calendar, text.ptr,
						   text.len);
		if (err < 0)
			xy_error_set(err, "%s: %s", f.ptr, xy_error_msg());
		xy_buf_dispose(&f);
	}
	free_names(names, n);
done:
	xy_buf_dispose(&path);
	xy_buf_dispose(&text);
	return err;
}

int xy_make_parent_dirs(const char *url)
{
	const char *path = url;
	char *copy;
	int err = 0;

	if (!strncmp(url, "postgres", 8))
		return 0;
	if (!strncmp(path, "sqlite:", 7))
		path += 7;
	copy = xy_xstrdup(path);
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) < 0 && errno != EEXIST)
			err = xy_error_set(XY_EIO, "cannot create '%s': %s",
					   copy, strerror(errno));
		*p = '/';
	}
	free(copy);
	return err;
}

static int sync_items(struct xy_platform *p)
{
	int err = 0;

	p->item_ids = xy_xcalloc(p->cat.nitems + 1, sizeof(*p->item_ids));
	for (size_t i = 0; i < p->cat.nitems && !err; i++) {
		const struct xy_item *it = &p->cat.items[i];

		err = xy_repo_item_sync(&p->repo, it->code, it->name,
					it->version, it->json,
					&p->item_ids[i]);
	}
	return err;
}

int xy_platform_init(const char *db_url, struct xy_buf *log)
{
	struct xy_buf key = XY_BUF_INIT;
	struct xy_platform *p = NULL;
	int err;

	err = xy_db_url_check(db_url);
	if (!err)
		err = xy_make_parent_dirs(db_url);
	if (err < 0)
		goto done;
	xy_keys_path(&key, db_url);
	err = xy_make_parent_dirs(key.ptr);
	if (!err)
		err = xy_keys_create(key.ptr);
	if (!err)
		xy_buf_addf(log, "created key file %s\n", key.ptr);
	else if (err == XY_ECONFLICT)
		xy_buf_addf(log, "kept key file %s\n", key.ptr);
	else
		goto done;
	err = xy_platform_open(&p, db_url, 0);
	if (err < 0)
		goto done;
	xy_buf_addf(log, "database %s ready\n", db_url);
	if (xy_repo_search_cjk(&p->repo) == 0)
		xy_buf_adds(log, "warning: this PostgreSQL database's LC_CTYPE "
				 "makes no trigrams of Chinese characters: name "
				 "search will read every name; create the "
				 "database with LC_CTYPE 'C.UTF-8' (see "
				 "docs/scaling.md)\n");
	for (size_t i = 0; i < p->cat.nitems; i++)
		xy_buf_addf(log, "catalog %s %s (%s), %zu fields\n",
			    p->cat.items[i].code, p->cat.items[i].name,
			    p->cat.items[i].version, p->cat.items[i].nfields);
done:
	xy_platform_free(p);
	xy_buf_dispose(&key);
	return err;
}

int xy_platform_open(struct xy_platform **out, const char *db_url,
		     unsigned flags)
{
	struct xy_platform *p = xy_xcalloc(1, sizeof(*p));
	struct xy_buf key = XY_BUF_INIT;
	int err;

	*out = NULL;
	p->db_url = xy_xstrdup(db_url);
	xy_catalog_init(&p->cat);
	err = xy_catalog_load_dir(&p->cat, xy_platform_catalog_dir());
	if (err < 0 || (flags & XY_PLATFORM_NO_DB))
		goto done;
	xy_keys_path(&key, db_url);
	err = xy_keys_load(&p->keys, key.ptr);
	if (err < 0)
		goto done;
	err = xy_db_open(&p->db, db_url, 1);
	if (err < 0)
		goto done;
	xy_repo_init(&p->repo, p->db);
	err = sync_items(p);
done:
	xy_buf_dispose(&key);
	if (err < 0) {
		xy_platform_free(p);
		return err;
	}
	*out = p;
	return 0;
}

void xy_platform_free(struct xy_platform *p)
{
	if (!p)
		return;
	xy_repo_dispose(&p->repo);
	xy_db_close(p->db);
	xy_catalog_dispose(&p->cat);
	xy_keys_dispose(&p->keys);
	free(p->item_ids);
	free(p->db_url);
	free(p);
}

int xy_platform_generations(struct xy_platform *p, struct xy_generations *out)
{
	int err = 0;

	if (!p->gen_known)
		err = xy_repo_generations(&p->repo, &p->gen);
	if (err < 0)
		return err;
	p->gen_known = 1;
	*out = p->gen;
	return 0;
}

void xy_platform_forget(struct xy_platform *p)
{
	p->gen_known = 0;
}

int64_t xy_platform_item_id(const struct xy_platform *p,
			    const struct xy_item *it)
{
	size_t i = (size_t)(it - p->cat.items);

	return p->item_ids ? p->item_ids[i] : 0;
}

const struct xy_item *xy_platform_item_by_id(const struct xy_platform *p,
					     int64_t id)
{
	for (size_t i = 0; i < p->cat.nitems; i++)
		if (xy_platform_item_id(p, &p->cat.items[i]) == id)
			return &p->cat.items[i];
	return NULL;
}
