/*
 * migrate.h - the SQL migrations compiled into the binary.
 *
 * Each driver has numbered files src/store/sql/<driver>/NNN_name.sql;
 * scripts/embed-sql.cmake turns them into xy_migrations[], ordered by
 * driver then version and ended by an entry with driver NULL. Applied
 * versions are recorded in the table schema_migrations.
 */
#ifndef XY_MIGRATE_H
#define XY_MIGRATE_H

struct xy_migration {
	const char *driver; /* "sqlite", "postgres"; NULL ends the table */
	int version;	    /* NNN of the file name */
	const char *name;   /* the file name */
	const char *sql;    /* its text */
};

extern const struct xy_migration xy_migrations[];

#endif
