/*
 * cmd_user.c - xinyong user add NAME --role ROLE [--dept USCC]
 *              [--password-stdin]
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "service/audit.h"
#include "service/auth.h"
#include "util/error.h"
#include "util/banned.h"

static const char help[] =
    "usage: xinyong user add NAME --role ROLE [--dept USCC]\n"
    "                        [--password-stdin] [--db URL]\n\n"
    "Creates an account. ROLE is admin, reporter, checker, auditor or\n"
    "bank; reporter, checker and bank act for one department (or bank)\n"
    "and need --dept, its 统一社会信用代码. The password (at least 8\n"
    "characters) is asked twice on the terminal, or read from the first\n"
    "line of standard input with --password-stdin. It is stored only as\n"
    "an argon2id hash. The change is written to the audit trail.\n\n"
    "options:\n"
    "  --role ROLE         what the account may do; required\n"
    "  --dept USCC         its department's USCC\n"
    "  --password-stdin    read the password from standard input\n"
    "  --db URL            database (default $XINYONG_DB or\n"
    "                      data/xinyong.db)\n";

#define PASSWORD_BUF 1026 /* 1024 bytes, the newline, the NUL */

/* The terminal settings to restore when a signal ends the prompt. */
static struct termios saved;
static volatile sig_atomic_t tty_fd = -1;

static void restore_tty(int sig)
{
	if (tty_fd >= 0)
		tcsetattr(tty_fd, TCSAFLUSH, &saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Cuts the line end; 0, or -1 when the line did not fit. */
static int chomp(char *s)
{
	size_t n = strlen(s);

	if (n && s[n - 1] == '\n')
		s[--n] = '\0';
	else if (n == PASSWORD_BUF - 1)
		return -1;
	if (n && s[n - 1] == '\r')
		s[--n] = '\0';
	return 0;
}

/* Asks for a line on the terminal f without echo. */
static int ask(FILE *f, const char *prompt, char *out)
{
	struct termios quiet;
	int fd = fileno(f);
	int ok;

	if (tcgetattr(fd, &saved) != 0)
		return -1;
	quiet = saved;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	tty_fd = fd;
	signal(SIGINT, restore_tty);
	signal(SIGTERM, restore_tty);
	signal(SIGHUP, restore_tty);
	/* echo off first: what is typed after the prompt is kept */
	tcsetattr(fd, TCSAFLUSH, &quiet);
	fputs(prompt, f);
	fflush(f);
	ok = fgets(out, PASSWORD_BUF, f) != NULL;
	tcsetattr(fd, TCSAFLUSH, &saved);
	tty_fd = -1;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	return ok ? chomp(out) : -1;
}

/* The password, from the terminal (twice) or stdin; 0 or exit status. */
static int read_password(int from_stdin, char *pw)
{
	char again[PASSWORD_BUF];
	FILE *tty;
	int rc = 0;

	pw[0] = '\0';
	if (from_stdin) {
		if (!fgets(pw, PASSWORD_BUF, stdin))
			return cli_usage("user", "no password on standard "
						 "input");
		if (chomp(pw) < 0)
			return cli_usage("user", "password too long");
		return 0;
	}
	tty = fopen("/dev/tty", "r+");
	if (!tty)
		return cli_usage("user", "no terminal to ask for the password "
					 "(use --password-stdin)");
	if (ask(tty, "Password: ", pw) < 0 ||
	    ask(tty, "Password again: ", again) < 0)
		rc = cli_usage("user", "no password read (too long?)");
	else if (strcmp(pw, again))
		rc = cli_usage("user", "the passwords do not match");
	fclose(tty);
	sodium_memzero(again, sizeof(again));
	return rc;
}

static int add(const char *db, const char *name, enum xy_role role,
	       const char *dept, const char *password)
{
	struct xy_principal me;
	struct xy_audit_entry e = {0};
	struct xy_platform *p = NULL;
	char detail[128];
	int err;

	err = xy_platform_open(&p, db, 0);
	if (err < 0)
		goto done;
	/* the account and its audit entry together, or neither */
	err = xy_db_begin(p->db);
	if (err < 0)
		goto done;
	err = xy_auth_user_add(p, name, role, dept, password);
	xy_auth_local(&me);
	snprintf(detail, sizeof(detail), "account '%s' role %s%s%s", name,
		 xy_role_name(role), dept && *dept ? " dept " : "",
		 dept && *dept ? dept : "");
	e.who = &me;
	e.action = "admin";
	e.route = "cli user add";
	e.detail = detail;
	if (!err)
		err = xy_audit_log(p, &e);
	if (!err)
		err = xy_db_commit(p->db);
	if (err < 0) {
		char msg[512];

		snprintf(msg, sizeof(msg), "%s", xy_error_msg());
		xy_db_rollback(p->db);
		xy_error_set(err, "%s", msg);
	}
done:
	xy_platform_free(p);
	return err;
}

int cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"role", required_argument, NULL, 'r'},
	    {"dept", required_argument, NULL, 'D'},
	    {"password-stdin", no_argument, NULL, 's'},
	    {"db", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	char password[PASSWORD_BUF];
	const char *db = NULL, *dept = NULL, *role_name = NULL;
	int from_stdin = 0, c, err, role;

	while ((c = getopt_long(argc, argv, "r:D:sd:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			role_name = optarg;
			break;
		case 'D':
			dept = optarg;
			break;
		case 's':
			from_stdin = 1;
			break;
		case 'd':
			db = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return 0;
		default:
			return cli_usage("user", "bad option");
		}
	}
	if (optind >= argc || strcmp(argv[optind], "add"))
		return cli_usage("user", "expected 'add NAME'");
	if (optind + 2 != argc)
		return cli_usage("user", "expected one NAME");
	if (!role_name)
		return cli_usage("user", "--role is required (admin, "
					 "reporter, checker, auditor or bank)");
	role = xy_role_parse(role_name);
	if (role <= XY_ROLE_PUBLIC)
		return cli_usage("user",
				 "unknown role '%s' (admin, reporter, "
				 "checker, auditor or bank)",
				 role_name);
	if (!dept && (role == XY_ROLE_REPORTER || role == XY_ROLE_CHECKER ||
		      role == XY_ROLE_BANK))
		return cli_usage("user", "the role '%s' needs --dept USCC",
				 role_name);
	err = read_password(from_stdin, password);
	if (err)
		goto done;
	if (!password[0]) {
		err = cli_usage("user", "empty password");
		goto done;
	}
	err = add(cli_db(db), argv[optind + 1], (enum xy_role)role, dept,
		  password);
	if (err < 0) {
		err = cli_fail("user", err);
		goto done;
	}
	printf("account %s (%s%s%s) created\n", argv[optind + 1], role_name,
	       dept ? ", " : "", dept ? dept : "");
done:
	sodium_memzero(password, sizeof(password));
	return err;
}
