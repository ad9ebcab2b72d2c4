/*
 * server.c - the h2o glue: listening sockets, event loops, the worker
 * pool, answers, the access log and the graceful stop.
 *
 * A request's state (struct reqstate) lives in the request's memory
 * pool, with a dispose callback that runs when h2o is done with the
 * request, after its answer is written: that is where the answer buffer
 * is freed and the loop's count of requests in flight goes down, which
 * is what the graceful stop waits for. The answer buffer is handed to
 * h2o as is (no copy).
 *
 * Only HTTP/1.1 is spoken (no TLS, no h2c upgrade): h2o's HTTP/1 stops
 * reading a connection while its request is processed, so a request
 * handed to a worker cannot be disposed under it. HTTP/2 would need a
 * stream-reset check before the worker touches the request.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <h2o.h>

#include "http/api.h"
#include "http/metrics.h"
#include "http/openapi.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "util/error.h"
#include "util/rcache.h"
#include "util/banned.h"

#define LOG_FLUSH 8192	  /* bytes of access log kept before a write */
#define ACCEPT_BATCH 16	  /* connections accepted per wake-up */
#define RATE_SLOTS 65536  /* token buckets */
#define PRINCIPALS_BYTES (1 << 20) /* API key checks kept: ~5,000 */

struct server;

/* One event loop thread. */
struct loop {
	struct server *srv;		  /* the server */
	size_t index;			  /* metrics slot */
	pthread_t tid;			  /* its thread */
	h2o_context_t ctx;		  /* h2o's per-loop state */
	h2o_accept_ctx_t accept;	  /* for h2o_accept */
	int fd;				  /* listening, until the loop has it */
	h2o_socket_t *listener;		  /* NULL once stopping */
	struct xy_platform *p;		  /* its database connection */
	h2o_multithread_receiver_t done;  /* answers of the workers */
	size_t in_flight;		  /* requests not yet disposed */
	size_t conns;			  /* connections open */
	int stopping;			  /* the listener is closed */
	int disposed;			  /* its h2o state is freed */
	struct xy_buf log;		  /* access log lines */
};

/* One worker thread. */
struct worker {
	struct server *srv;    /* the server */
	pthread_t tid;	       /* its thread */
	struct xy_platform *p; /* its database connection */
};

/* A request, from on_req to its disposal (in the request's pool). */
struct reqstate {
	h2o_multithread_message_t msg; /* back to the loop from a worker */
	struct reqstate *next;	       /* in the job queue */
	struct loop *loop;	       /* the loop it came in on */
	h2o_req_t *req;		       /* h2o's request */
	struct timespec start;	       /* when on_req saw it */
	int queued;		       /* on a worker right now */
	struct xy_http_req r;	       /* what the handler sees */
};

struct server {
	const struct xy_serve_opts *o;	/* options */
	h2o_globalconf_t config;	/* h2o's configuration */
	struct xy_http_env env;		/* what handlers may read */
	struct loop *loops;		/* o->threads of them */
	struct worker *workers;		/* o->workers of them */
	pthread_mutex_t qlock;		/* guards the job queue */
	pthread_cond_t qcond;		/* signalled on a new job */
	struct reqstate *qhead, *qtail; /* the job queue */
	int qstop;			/* workers: finish and exit */
	atomic_int stopping;		/* a stop signal arrived */
	char url[128];			/* http://host:port */
	struct xy_rcache *principals;	/* API key checks kept, or NULL */
};

#if defined(__SANITIZE_ADDRESS__)
#define XY_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define XY_ASAN 1
#endif
#endif
#ifdef XY_ASAN
/*
 * libh2o 2.2 keeps freed chunks in per-thread caches that die with the
 * loop threads, and h2o_multithread_destroy_queue() does not free the
 * queue (evloop build). Neither grows; LeakSanitizer is told so here
 * (a hook it calls at start), not by hiding our own allocations.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:h2o_mem_alloc_recycle\n"
	       "leak:h2o_multithread_create_queue\n";
}
#endif

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double elapsed(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void log_flush(struct loop *l)
{
	size_t off = 0;

	while (off < l->log.len) {
		ssize_t n = write(2, l->log.ptr + off, l->log.len - off);

		if (n <= 0)
			break;
		off += (size_t)n;
	}
	xy_buf_reset(&l->log);
}

/*
 * The access log: method, route pattern, status, duration. Never the
 * path or the query, which may hold an ID number.
 */
static void log_request(struct loop *l, struct reqstate *st, double secs)
{
	const struct xy_route *rt = st->r.route;
	char method[12];
	size_t n = 0;

	for (size_t i = 0; i < st->r.method.len && n + 1 < sizeof(method);
	     i++) {
		char c = st->r.method.ptr[i];

		if (c < 'A' || c > 'Z')
			break;
		method[n++] = c;
	}
	method[n] = '\0';
	xy_buf_addf(&l->log, "%s %s %d %.6f\n", n ? method : "-",
		    rt ? rt->pattern : "-", st->r.status, secs);
	if (l->log.len >= LOG_FLUSH)
		log_flush(l);
}

static const char *reason_of(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 413:
		return "Content Too Large";
	case 414:
		return "URI Too Long";
	case 415:
		return "Unsupported Media Type";
	case 429:
		return "Too Many Requests";
	case 431:
		return "Request Header Fields Too Large";
	case 501:
		return "Not Implemented";
	case 503:
		return "Service Unavailable";
	}
	return status < 500 ? "OK" : "Internal Server Error";
}

static void add_header(h2o_req_t *req, const h2o_token_t *t, const char *v)
{
	size_t n = strlen(v);
	char *copy = h2o_mem_alloc_pool(&req->pool, n + 1);

	memcpy(copy, v, n + 1);
	h2o_add_header(&req->pool, &req->res.headers, t, NULL, copy, n);
}

/* Sends the answer of st (on its loop's thread). */
static void respond(struct reqstate *st)
{
	static h2o_generator_t generator = {NULL, NULL};
	struct xy_http_req *r = &st->r;
	h2o_req_t *req = st->req;
	h2o_iovec_t body = h2o_iovec_init(r->out.ptr, r->out.len);
	char num[24];
	double secs;

	req->res.status = r->status;
	req->res.reason = reason_of(r->status);
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE,
		       NULL, r->type, strlen(r->type));
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL,
		       NULL, H2O_STRLIT("no-store"));
	h2o_add_header_by_str(&req->pool, &req->res.headers,
			      H2O_STRLIT("x-content-type-options"), 0, NULL,
			      H2O_STRLIT("nosniff"));
	if (r->set_cookie[0])
		add_header(req, H2O_TOKEN_SET_COOKIE, r->set_cookie);
	if (r->allow[0])
		add_header(req, H2O_TOKEN_ALLOW, r->allow);
	if (r->retry_after > 0) {
		snprintf(num, sizeof(num), "%d", r->retry_after);
		add_header(req, H2O_TOKEN_RETRY_AFTER, num);
	}
	if (r->www_authenticate)
		h2o_add_header(&req->pool, &req->res.headers,
			       H2O_TOKEN_WWW_AUTHENTICATE, NULL,
			       H2O_STRLIT("Bearer realm=\"xinyong\""));
	req->res.content_length = body.len;
	secs = elapsed(&st->start);
	xy_metrics_request(st->loop->srv->env.metrics, st->loop->index,
			   r->route ? (int)(r->route - xy_routes) : -1,
			   r->status, secs);
	if (st->loop->srv->o->access_log)
		log_request(st->loop, st, secs);
	h2o_start_response(req, &generator);
	h2o_send(req, &body, 1, H2O_SEND_STATE_FINAL);
}

static void on_dispose(void *p)
{
	struct reqstate *st = p;

	/* HTTP/1 only: h2o never drops a request a worker still has */
	if (st->queued)
		abort();
	xy_http_req_dispose(&st->r);
	st->loop->in_flight--;
}

static struct xy_str iov_str(h2o_iovec_t v)
{
	struct xy_str s = {v.base, v.len};

	return s;
}

/* Copies what handlers need out of h2o's request. */
static void fill_request(struct reqstate *st, h2o_req_t *req)
{
	struct xy_http_req *r = &st->r;
	struct sockaddr_storage sa;
	socklen_t salen;

	r->method = iov_str(req->method);
	r->path = iov_str(req->path);
	if (req->query_at != SIZE_MAX) {
		r->path.len = req->query_at;
		r->query.ptr = req->path.base + req->query_at + 1;
		r->query.len = req->path.len - req->query_at - 1;
	}
	if (req->entity.base)
		r->body = iov_str(req->entity);
	r->header_count = req->headers.size;
	for (size_t i = 0; i < req->headers.size; i++) {
		const h2o_header_t *h = &req->headers.entries[i];
		const h2o_iovec_t *n = h->name;

		r->header_bytes += n->len + h->value.len;
		if (n == &H2O_TOKEN_CONTENT_TYPE->buf)
			r->content_type = iov_str(h->value);
		else if (n == &H2O_TOKEN_AUTHORIZATION->buf)
			r->authorization = iov_str(h->value);
		else if (n == &H2O_TOKEN_COOKIE->buf)
			r->cookie = iov_str(h->value);
		else if (h2o_memis(n->base, n->len, H2O_STRLIT("x-csrf-token")))
			r->csrf = iov_str(h->value);
		else if (h2o_memis(n->base, n->len, H2O_STRLIT("x-purpose")))
			r->purpose = iov_str(h->value);
	}
	salen = req->conn->callbacks->get_peername(req->conn,
						   (struct sockaddr *)&sa);
	if (salen && sa.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&sa)->sin_addr,
			  r->peer, sizeof(r->peer));
	else if (salen && sa.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&sa)->sin6_addr,
			  r->peer, sizeof(r->peer));
}

static void enqueue(struct server *srv, struct reqstate *st)
{
	st->queued = 1;
	st->next = NULL;
	pthread_mutex_lock(&srv->qlock);
	if (srv->qtail)
		srv->qtail->next = st;
	else
		srv->qhead = st;
	srv->qtail = st;
	pthread_cond_signal(&srv->qcond);
	pthread_mutex_unlock(&srv->qlock);
}

static int on_req(h2o_handler_t *self, h2o_req_t *req)
{
	struct loop *l = H2O_STRUCT_FROM_MEMBER(struct loop, ctx,
						req->conn->ctx);
	struct reqstate *st;
	struct xy_http_req *r;

	(void)self;
	st = h2o_mem_alloc_shared(&req->pool, sizeof(*st), on_dispose);
	memset(st, 0, sizeof(*st));
	clock_gettime(CLOCK_MONOTONIC, &st->start);
	st->loop = l;
	st->req = req;
	l->in_flight++;
	r = &st->r;
	xy_http_req_init(r, &l->srv->env);
	r->p = l->p;
	fill_request(st, req);
	if (xy_http_check_limits(r) || xy_http_route(r) ||
	    xy_http_check_body(r) || xy_http_check_rate(r, now_seconds()) ||
	    xy_http_authorize(r)) {
		xy_http_release(l->p);
		respond(st);
		return 0;
	}
	if (r->route->flags & XY_ROUTE_WORKER) {
		xy_http_release(l->p); /* done with the loop's platform */
		enqueue(l->srv, st);
		return 0;
	}
	xy_http_run(r);
	respond(st);
	return 0;
}

/* Answers of the workers, on the loop's thread. */
static void on_done(h2o_multithread_receiver_t *rx, h2o_linklist_t *msgs)
{
	(void)rx;
	while (!h2o_linklist_is_empty(msgs)) {
		h2o_multithread_message_t *m = H2O_STRUCT_FROM_MEMBER(
			h2o_multithread_message_t, link, msgs->next);
		struct reqstate *st =
			H2O_STRUCT_FROM_MEMBER(struct reqstate, msg, m);

		h2o_linklist_unlink(&m->link);
		st->queued = 0;
		respond(st);
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct server *srv = w->srv;
	struct reqstate *st;

	for (;;) {
		pthread_mutex_lock(&srv->qlock);
		while (!srv->qhead && !srv->qstop)
			pthread_cond_wait(&srv->qcond, &srv->qlock);
		st = srv->qhead;
		if (st) {
			srv->qhead = st->next;
			if (!srv->qhead)
				srv->qtail = NULL;
		}
		pthread_mutex_unlock(&srv->qlock);
		if (!st)
			break;
		st->r.p = w->p;
		xy_http_run(&st->r);
		h2o_multithread_send_message(&st->loop->done, &st->msg);
	}
	return NULL;
}

static void on_conn_close(void *data)
{
	struct loop *l = data;

	l->conns--;
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
	struct loop *l = listener->data;

	if (err)
		return;
	for (int i = 0; i < ACCEPT_BATCH; i++) {
		h2o_socket_t *sock = h2o_evloop_socket_accept(listener);

		if (!sock)
			break;
		l->conns++;
		sock->on_close.cb = on_conn_close;
		sock->on_close.data = l;
		h2o_accept(&l->accept, sock);
	}
}

/*
 * Sets up a loop's h2o state, in the loop's own thread: libh2o 2.2 keeps
 * freed memory in per-thread caches, and a socket's buffers go back to
 * the cache of the thread that created the socket. Created by the main
 * thread, the listeners and the loops' wake-up sockets shared its cache
 * between the loops, unguarded: a server with two loops crashed under a
 * mixed load (tests/integration/cases/http_concurrency.sh, rarely).
 */
static void loop_open(struct loop *l)
{
	struct server *srv = l->srv;

	h2o_context_init(&l->ctx, h2o_evloop_create(), &srv->config);
	l->accept.ctx = &l->ctx;
	l->accept.hosts = srv->config.hosts;
	h2o_multithread_register_receiver(l->ctx.queue, &l->done, on_done);
	l->listener = h2o_evloop_socket_create(l->ctx.loop, l->fd,
					       H2O_SOCKET_FLAG_DONT_READ);
	l->fd = -1; /* the listener's now */
	l->listener->data = l;
	h2o_socket_read_start(l->listener, on_accept);
}

/*
 * Frees a stopped loop's h2o state, unless requests are still in flight
 * (the grace period ran out): then a worker may still answer to it, and
 * it is left to the process exit. Returns 1 when it was freed.
 */
static int loop_dispose(struct loop *l)
{
	h2o_loop_t *loop = l->ctx.loop;

	if (l->in_flight || l->conns) {
		if (l->in_flight)
			fprintf(stderr,
				"xinyong serve: %zu requests left "
				"unanswered after --grace\n",
				l->in_flight);
		return 0;
	}
	/* what h2o deferred (zero timeouts, closes) runs first */
	for (int i = 0; i < 3; i++)
		h2o_evloop_run(loop, 0);
	h2o_multithread_unregister_receiver(l->ctx.queue, &l->done);
	h2o_context_dispose(&l->ctx);
	h2o_evloop_run(loop, 0);
	h2o_evloop_destroy(loop);
	return 1;
}

/*
 * Runs the loop until the stop: then it closes the listener, answers
 * what is in flight (within the grace period) and, once nothing is,
 * times out the connections left (idle in keep-alive, or still sending
 * a request) by cutting the request timeout to zero.
 */
static void *loop_main(void *arg)
{
	struct loop *l = arg;
	struct server *srv = l->srv;
	double deadline = 0;

	loop_open(l);
	for (;;) {
		h2o_evloop_run(l->ctx.loop, 100);
		if (l->log.len)
			log_flush(l);
		if (!l->stopping && atomic_load(&srv->stopping)) {
			l->stopping = 1;
			h2o_socket_read_stop(l->listener);
			h2o_socket_close(l->listener);
			l->listener = NULL;
			/*
			 * What h2o_context_request_shutdown() does for HTTP/1
			 * (answers close their connection), without the
			 * HTTP/2 timer it would leave linked.
			 */
			l->ctx.shutdown_requested = 1;
			deadline = now_seconds() + srv->o->grace;
		}
		if (!l->stopping)
			continue;
		if (now_seconds() > deadline)
			break;
		if (!l->in_flight) {
			if (!l->conns)
				break;
			l->ctx.http1.req_timeout.timeout = 0;
		}
	}
	l->disposed = loop_dispose(l);
	return NULL;
}

/* Parses "host:port", "[v6]:port" or ":port". */
static int resolve(const char *listen, struct addrinfo **res)
{
	char host[256];
	const char *colon = strrchr(listen, ':'), *h = listen;
	size_t hl;
	struct addrinfo hints;
	int rc;

	if (!colon || !colon[1])
		return xy_error_set(XY_EINVALID, "--listen '%s': use HOST:PORT",
				    listen);
	hl = (size_t)(colon - listen);
	if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	if (hl >= sizeof(host))
		return xy_error_set(XY_EINVALID, "--listen: host too long");
	memcpy(host, h, hl);
	host[hl] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	rc = getaddrinfo(hl ? host : NULL, colon + 1, &hints, res);
	if (rc)
		return xy_error_set(XY_EINVALID, "--listen '%s': %s", listen,
				    gai_strerror(rc));
	return 0;
}

/*
 * A listening socket on addr with SO_REUSEPORT; for port 0 the first
 * socket picks the port and *addr is updated so that the next ones
 * share it.
 */
static int listen_on(struct sockaddr_storage *addr, socklen_t len, int *fd)
{
	int one = 1, s = socket(addr->ss_family, SOCK_STREAM | SOCK_CLOEXEC,
				0);

	if (s < 0)
		return xy_error_set(XY_EIO, "socket: %s", strerror(errno));
	if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) ||
	    bind(s, (struct sockaddr *)addr, len) || listen(s, SOMAXCONN) ||
	    fcntl(s, F_SETFL, O_NONBLOCK)) {
		int e = errno;

		close(s);
		return xy_error_set(XY_EIO, "cannot listen: %s", strerror(e));
	}
	getsockname(s, (struct sockaddr *)addr, &len);
	*fd = s;
	return 0;
}

static void set_url(struct server *srv, const struct sockaddr_storage *a)
{
	char host[INET6_ADDRSTRLEN] = "?";
	int port = 0;

	if (a->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)a;

		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		port = ntohs(in->sin_port);
		snprintf(srv->url, sizeof(srv->url), "http://%s:%d", host,
			 port);
	} else {
		const struct sockaddr_in6 *in6 = (const void *)a;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
		port = ntohs(in6->sin6_port);
		snprintf(srv->url, sizeof(srv->url), "http://[%s]:%d", host,
			 port);
	}
}

static size_t largest_body(void)
{
	size_t m = 0;

	for (size_t i = 0; i < xy_nroutes; i++)
		if (xy_routes[i].body_cap > m)
			m = xy_routes[i].body_cap;
	return m + 1; /* one more, so that our own 413 answers */
}

static void configure(struct server *srv)
{
	h2o_hostconf_t *host;
	h2o_pathconf_t *path;
	h2o_handler_t *h;

	h2o_config_init(&srv->config);
	srv->config.server_name = h2o_iovec_init(H2O_STRLIT("xinyong"));
	srv->config.max_request_entity_size = largest_body();
	srv->config.http1.req_timeout = (uint64_t)srv->o->timeout * 1000;
	srv->config.http1.upgrade_to_http2 = 0;
	srv->config.http2.idle_timeout = (uint64_t)srv->o->timeout * 1000;
	host = h2o_config_register_host(&srv->config,
					h2o_iovec_init(H2O_STRLIT("default")),
					65535);
	path = h2o_config_register_path(host, "/", 0);
	h = h2o_create_handler(path, sizeof(*h));
	h->on_req = on_req;
}

/* Opens a platform of the server, sharing its kept answers. */
static int open_platform(struct server *srv, struct xy_platform **p)
{
	int err = xy_platform_open(p, srv->o->db_url, 0);

	if (err < 0)
		return err;
	(*p)->archives = srv->env.archives;
	(*p)->principals = srv->principals;
	xy_http_release(*p);
	return 0;
}

/* Opens the platforms of the loops and workers, one after the other. */
static int open_platforms(struct server *srv)
{
	const struct xy_serve_opts *o = srv->o;
	int err = 0;

	for (unsigned i = 0; i < o->threads && !err; i++)
		err = open_platform(srv, &srv->loops[i].p);
	for (unsigned i = 0; i < o->workers && !err; i++)
		err = open_platform(srv, &srv->workers[i].p);
	return err;
}

/* Opens the loops' listening sockets, all on one port. */
static int start_loops(struct server *srv, struct addrinfo *ai)
{
	struct sockaddr_storage addr;
	socklen_t len = (socklen_t)ai->ai_addrlen;
	int err = 0;

	memcpy(&addr, ai->ai_addr, ai->ai_addrlen);
	for (unsigned i = 0; i < srv->o->threads && !err; i++) {
		struct loop *l = &srv->loops[i];

		err = listen_on(&addr, len, &l->fd);
		l->srv = srv;
		l->index = i;
		xy_buf_init(&l->log, 0);
	}
	if (!err)
		set_url(srv, &addr);
	return err;
}

int xy_http_serve(const struct xy_serve_opts *o)
{
	struct server *srv = xy_xcalloc(1, sizeof(*srv));
	struct addrinfo *ai = NULL;
	sigset_t set;
	unsigned started = 0, wstarted = 0, freed = 0;
	int err, sig;

	srv->o = o;
	atomic_init(&srv->stopping, 0);
	pthread_mutex_init(&srv->qlock, NULL);
	pthread_cond_init(&srv->qcond, NULL);
	srv->loops = xy_xcalloc(o->threads, sizeof(*srv->loops));
	for (unsigned i = 0; i < o->threads; i++)
		srv->loops[i].fd = -1;
	srv->workers = xy_xcalloc(o->workers, sizeof(*srv->workers));
	srv->env.metrics = xy_metrics_new(o->threads);
	srv->env.limiter = xy_ratelimit_new(o->rate, o->burst, RATE_SLOTS);
	srv->env.openapi = xy_openapi_build(&srv->env.openapi_len);
	srv->env.secure_cookies = o->secure_cookies;
	if (o->cache_bytes) {
		srv->env.archives = xy_rcache_new(o->cache_bytes);
		srv->principals = xy_rcache_new(PRINCIPALS_BYTES);
	}

	/* the loops and workers inherit this mask: signals come to sigwait */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	err = resolve(o->listen, &ai);
	if (!err)
		err = open_platforms(srv);
	if (err < 0)
		goto done;
	srv->env.catalog = xy_http_catalog_json(&srv->loops[0].p->cat,
						&srv->env.catalog_len);
	configure(srv);
	err = start_loops(srv, ai);
	if (err < 0)
		goto done;
	for (; wstarted < o->workers; wstarted++) {
		srv->workers[wstarted].srv = srv;
		pthread_create(&srv->workers[wstarted].tid, NULL, worker_main,
			       &srv->workers[wstarted]);
	}
	for (; started < o->threads; started++)
		pthread_create(&srv->loops[started].tid, NULL, loop_main,
			       &srv->loops[started]);
	printf("listening on %s\n", srv->url);
	fflush(stdout);

	while (sigwait(&set, &sig) != 0)
		;
	fprintf(stderr, "xinyong serve: %s: stopping\n",
		sig == SIGTERM ? "SIGTERM" : "SIGINT");
	atomic_store(&srv->stopping, 1);
done:
	for (unsigned i = 0; i < started; i++)
		pthread_join(srv->loops[i].tid, NULL);
	pthread_mutex_lock(&srv->qlock);
	srv->qstop = 1;
	pthread_cond_broadcast(&srv->qcond);
	pthread_mutex_unlock(&srv->qlock);
	for (unsigned i = 0; i < wstarted; i++)
		pthread_join(srv->workers[i].tid, NULL);
	for (unsigned i = 0; i < o->threads; i++) {
		struct loop *l = &srv->loops[i];

		if (i >= started && l->fd >= 0) /* never ran */
			close(l->fd);
		freed += i >= started || l->disposed;
	}
	if (freed == o->threads && srv->config.hosts)
		h2o_config_dispose(&srv->config);
	for (unsigned i = 0; i < o->threads; i++) {
		xy_platform_free(srv->loops[i].p);
		xy_buf_dispose(&srv->loops[i].log);
	}
	for (unsigned i = 0; i < o->workers; i++)
		xy_platform_free(srv->workers[i].p);
	if (ai)
		freeaddrinfo(ai);
	free(srv->loops);
	free(srv->workers);
	xy_metrics_free(srv->env.metrics);
	xy_ratelimit_free(srv->env.limiter);
	xy_rcache_free(srv->env.archives);
	xy_rcache_free(srv->principals);
	free((char *)srv->env.openapi);
	free((char *)srv->env.catalog);
	free(srv);
	return err;
}
