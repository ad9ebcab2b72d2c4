/*
 * migrate.h - moving a platform to another database (issue 4):
 * `xinyong migrate --from sqlite:FILE --to postgres://...`.
 */
#ifndef XY_MIGRATE_SERVICE_H
#define XY_MIGRATE_SERVICE_H

#include "util/buf.h"

/*
 * Copies everything from the database at from to the one at to (created
 * and migrated if new, but empty). The destination uses the source's
 * key file: it is copied to the destination's key path when that has
 * none, and a different key file there is refused (personal data would
 * become unreadable). Appends a line per step to log.
 */
int xy_migrate(const char *from, const char *to, struct xy_buf *log);

#endif
