/*
 * cmd_serve.c - xinyong serve [--listen HOST:PORT] [--db URL]
 *               [--threads N] [--workers N] ...
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "http/openapi.h"
#include "http/route.h"
#include "http/server.h"
#include "util/error.h"
#include "util/banned.h"

#define CACHE_MB 128 /* default --cache */

static const char help[] =
	"usage: xinyong serve [--listen HOST:PORT] [--db URL] [--threads N]\n"
	"                     [options]\n\n"
	"Runs the platform's HTTP API (docs/api/openapi.json). SIGTERM or\n"
	"SIGINT stops it: requests in flight finish, then it exits 0.\n\n"
	"options:\n"
	"  --listen HOST:PORT   address (default 127.0.0.1:8080; port 0:\n"
	"                       any free port, printed at start)\n"
	"  --db URL             database (default $XINYONG_DB or\n"
	"                       data/xinyong.db)\n"
	"  --threads N          event loops (default 2)\n"
	"  --workers N          threads for uploads and writes (default 2)\n"
	"  --timeout SECONDS    to receive a request, or idle (default 10)\n"
	"  --grace SECONDS      to finish requests on stop (default 30)\n"
	"  --rate N             requests a second per key or address on\n"
	"                       rate-limited routes (default 20, 0: off)\n"
	"  --burst N            bucket size of the rate limit (default\n"
	"                       twice the rate)\n"
	"  --cache MB           memory for rendered archives, shared by\n"
	"                       the loops and kept until the data changes\n"
	"                       (default 128; 0: none, and no API key\n"
	"                       checks kept either)\n"
	"  --quiet              no access log on stderr\n"
	"  --secure-cookies     mark the session cookie Secure (behind TLS)\n"
	"  --routes             print the routing table and exit\n"
	"  --openapi            print the OpenAPI document and exit\n";

/* A positive integer option; 2 after a usage error. */
static int number(const char *opt, const char *s, unsigned min, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || v < min || v > 1e6)
		return cli_usage("serve", "%s: '%s' is not a number >= %u", opt,
				 s, min);
	*out = v;
	return 0;
}

static int print_routes(void)
{
	for (size_t i = 0; i < xy_nroutes; i++)
		printf("%s %s\n", xy_routes[i].method, xy_routes[i].pattern);
	return 0;
}

static int print_openapi(void)
{
	size_t len;
	char *doc = xy_openapi_build(&len);

	fwrite(doc, 1, len, stdout);
	putchar('\n');
	free(doc);
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"db", required_argument, NULL, 'd'},
		{"threads", required_argument, NULL, 't'},
		{"workers", required_argument, NULL, 'w'},
		{"timeout", required_argument, NULL, 'T'},
		{"grace", required_argument, NULL, 'g'},
		{"rate", required_argument, NULL, 'r'},
		{"burst", required_argument, NULL, 'b'},
		{"cache", required_argument, NULL, 'c'},
		{"quiet", no_argument, NULL, 'q'},
		{"secure-cookies", no_argument, NULL, 's'},
		{"routes", no_argument, NULL, 'R'},
		{"openapi", no_argument, NULL, 'O'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct xy_serve_opts o = {"127.0.0.1:8080", NULL, 2, 2, 10, 30,
				  20, 0, 1, 0, (size_t)CACHE_MB << 20};
	const char *db = NULL;
	double v = 0;
	int c, err;

	while ((c = getopt_long(argc, argv, "l:d:t:w:T:g:r:b:c:qsROh", opts,
				NULL)) != -1) {
		switch (c) {
		case 'l':
			o.listen = optarg;
			break;
		case 'd':
			db = optarg;
			break;
		case 't':
		case 'w':
		case 'T':
		case 'g':
			if (number(c == 't'   ? "--threads"
				   : c == 'w' ? "--workers"
				   : c == 'T' ? "--timeout"
					      : "--grace",
				   optarg, c == 'g' ? 0 : 1, &v))
				return 2;
			*(c == 't'   ? &o.threads
			  : c == 'w' ? &o.workers
			  : c == 'T' ? &o.timeout
				     : &o.grace) = (unsigned)v;
			break;
		case 'r':
		case 'b':
			if (number(c == 'r' ? "--rate" : "--burst", optarg, 0,
				   &v))
				return 2;
			*(c == 'r' ? &o.rate : &o.burst) = v;
			break;
		case 'c':
			if (number("--cache", optarg, 0, &v))
				return 2;
			o.cache_bytes = (size_t)(v * 1024 * 1024);
			break;
		case 'q':
			o.access_log = 0;
			break;
		case 's':
			o.secure_cookies = 1;
			break;
		case 'R':
			return print_routes();
		case 'O':
			return print_openapi();
		case 'h':
			fputs(help, stdout);
			return 0;
		default:
			return cli_usage("serve", "bad option");
		}
	}
	if (optind < argc)
		return cli_usage("serve", "unexpected argument '%s'",
				 argv[optind]);
	if (o.burst <= 0)
		o.burst = o.rate * 2;
	o.db_url = cli_db(db);
	err = xy_http_serve(&o);
	if (err < 0)
		return cli_fail("serve", err);
	return 0;
}
