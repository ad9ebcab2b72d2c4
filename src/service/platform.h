/*
 * platform.h - what every use case starts from: the database, the
 * catalog and the keys.
 *
 * xy_platform_open() loads the catalog directory, opens the database
 * (applying migrations) and records the catalog items in it, and loads
 * the key file. With XY_PLATFORM_NO_DB only the catalog is loaded (for
 * `import --dry-run` and `gen`).
 */
#ifndef XY_PLATFORM_H
#define XY_PLATFORM_H

#include <stdint.h>

#include "core/catalog.h"
#include "service/keys.h"
#include "store/db.h"
#include "store/repo.h"
#include "util/buf.h"

struct xy_rcache;

enum xy_platform_flags {
	XY_PLATFORM_NO_DB = 1 << 0, /* catalog only */
};

struct xy_platform {
	char *db_url;		/* database URL, owned */
	struct xy_db *db;	/* connection; NULL with XY_PLATFORM_NO_DB */
	struct xy_repo repo;	/* statements on db */
	struct xy_catalog cat;	/* the loaded catalog */
	int64_t *item_ids;	/* database id of each catalog item */
	struct xy_keys keys;	/* secrets from the key file */
	/* answers kept by a server (util/rcache.h), borrowed; NULL: none */
	struct xy_rcache *archives;   /* rendered archives, by code */
	struct xy_rcache *principals; /* API key checks, by key hash */
	struct xy_generations gen;    /* as read for the current request */
	int gen_known;		      /* gen is read */
};

/* $XINYONG_DB, or data/xinyong.db. */
const char *xy_platform_default_db(void);

/* $XINYONG_CATALOG, or the catalog/ directory of the source tree. */
const char *xy_platform_catalog_dir(void);

/* Reads a whole file into out. XY_EIO with a message on failure. */
int xy_read_file(const char *path, struct xy_buf *out);

/*
 * Creates the directories above a file, or above the file of a SQLite
 * URL; nothing for a server URL.
 */
int xy_make_parent_dirs(const char *path_or_url);

/* Loads a catalog directory (items, platform.json, holidays/). */
int xy_catalog_load_dir(struct xy_catalog *cat, const char *dir);

/*
 * Creates what is missing of a platform at db_url: the database
 * directory, the key file, the schema, the catalog items. Appends one
 * line per thing done to log. Idempotent.
 */
int xy_platform_init(const char *db_url, struct xy_buf *log);

int xy_platform_open(struct xy_platform **out, const char *db_url,
		     unsigned flags);
void xy_platform_free(struct xy_platform *p);

/* Database id of a catalog item. */
int64_t xy_platform_item_id(const struct xy_platform *p,
			    const struct xy_item *it);

/* The catalog item with database id id, or NULL. */
const struct xy_item *xy_platform_item_by_id(const struct xy_platform *p,
					     int64_t id);

/*
 * The generations (store/repo.h) that tell whether a kept answer is up
 * to date: read on the first call, then the same until
 * xy_platform_forget() (a server calls it after each request), so that
 * a request costs one read and sees one set.
 */
int xy_platform_generations(struct xy_platform *p, struct xy_generations *out);
void xy_platform_forget(struct xy_platform *p);

/* Today as a day number, in local time. */
int32_t xy_today(void);

#endif
