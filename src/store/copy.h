/*
 * copy.h - copying a whole platform database to another engine
 * (`xinyong migrate`, issue 4), table by table with ids kept.
 */
#ifndef XY_COPY_H
#define XY_COPY_H

#include <stdint.h>

#include "store/db.h"
#include "util/buf.h"

/*
 * Copies every table of from into to, whose schema must be migrated and
 * empty (XY_ECONFLICT otherwise), in one transaction on to: with COPY
 * where the driver has it, and on PostgreSQL with ANALYZE of the tables
 * filled before the commit. Appends a line per table ("records: 1000
 * rows") to log.
 */
int xy_store_copy(struct xy_db *from, struct xy_db *to, struct xy_buf *log);

#endif
