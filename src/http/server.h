/*
 * server.h - `xinyong serve`: the API over HTTP/1.1 with h2o's library
 * (docs/internals/http.md).
 *
 * N event loops share the port through SO_REUSEPORT, each with its own
 * listening socket, h2o context and platform (database connection and
 * cached statements). Routes flagged XY_ROUTE_WORKER (writes, uploads,
 * login, statistics) run on a pool of worker threads with platforms of
 * their own and answer through h2o's inter-thread queue, so that no loop
 * waits for slow work. SIGTERM or SIGINT stops accepting, lets requests
 * in flight finish (within the grace period), closes the databases and
 * returns 0.
 */
#ifndef XY_HTTP_SERVER_H
#define XY_HTTP_SERVER_H

struct xy_serve_opts {
	const char *listen;    /* "127.0.0.1:8080", "[::1]:8080"; port 0:
				  any free port */
	const char *db_url;    /* the database */
	unsigned threads;      /* event loops, >= 1 */
	unsigned workers;      /* worker threads, >= 1 */
	unsigned timeout;      /* seconds to receive a request, or idle */
	unsigned grace;	       /* seconds to finish requests on stop */
	double rate;	       /* rate limit: requests a second, 0: off */
	double burst;	       /* and the bucket size */
	int access_log;	       /* log each request to stderr */
	int secure_cookies;    /* mark the session cookie Secure */
	size_t cache_bytes;    /* rendered archives kept, 0: none */
};

/*
 * Runs the server until SIGTERM or SIGINT. Prints "listening on
 * http://HOST:PORT" on stdout once it accepts. Returns 0, or a negative
 * xy_error when it could not start (the message is set).
 */
int xy_http_serve(const struct xy_serve_opts *o);

#endif
