/*
 * cli.h - the xinyong command line: one cmd_<name>.c per subcommand and
 * one entry in the table of main.c.
 *
 * A command parses its arguments, calls one service function and renders
 * the result. It returns the process exit status: 0 on success, the
 * status derived from the error code (util/error.h) otherwise, after
 * printing the one-line message with cli_fail().
 */
#ifndef XY_CLI_H
#define XY_CLI_H

#include <stdio.h>

struct cli_command {
	const char *name;			/* as typed */
	int (*run)(int argc, char **argv);	/* argv[0] is the name */
	const char *summary;			/* one line for --help */
};

/* Prints "xinyong <cmd>: <message>" for err and returns its exit status. */
int cli_fail(const char *cmd, int err);

/* Prints a usage error and returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The database URL: the --db option when given, else the default. */
const char *cli_db(const char *opt);

/*
 * Parses a date argument (any accepted form) into *out; prints a usage
 * error and returns 2 when it is not a date.
 */
int cli_date(const char *cmd, const char *opt, const char *s, int *out);

int cmd_init(int argc, char **argv);
int cmd_id(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_subject(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_audit(int argc, char **argv);

#endif
