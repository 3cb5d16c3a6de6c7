/* tariffscope serve: the HTTP front (libmicrohttpd): routes, request bodies with a ceiling, the Host and Origin
 * checks against DNS rebinding, the embedded page, and a clean stop on SIGINT or SIGTERM. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "serve.h"

#define MAX_CONNECTIONS 64 /* each connection has its thread: a slow client holds its own, no one else's */

typedef struct server {
    serve_model *m;
    unsigned port;
} server;

/* One request: its body, gathered up to SERVE_MAX_BODY (beyond it, counted and dropped: the answer is 413). */
typedef struct request {
    char *body;
    size_t len, cap;
    int too_big;
} request;

/* ---- answers ------------------------------------------------------------------------------------------------ */

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status, const char *type, void *data, size_t len,
                              enum MHD_ResponseMemoryMode mode, const char *allow)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, data, mode);
    if (!r) {
        if (mode == MHD_RESPMEM_MUST_FREE) free(data);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'");
    if (allow) MHD_add_response_header(r, "Allow", allow);
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

/* A JSON answer (the reference to j is taken). */
static enum MHD_Result answer_json(struct MHD_Connection *c, unsigned status, json_t *j, const char *allow)
{
    char *text = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(17)) : NULL;
    json_decref(j);
    if (!text) {
        static const char oom[] = "{\"error\":\"out of memory\"}";
        return answer(c, MHD_HTTP_SERVICE_UNAVAILABLE, "application/json", (void *)(uintptr_t)oom, sizeof oom - 1,
                      MHD_RESPMEM_PERSISTENT, NULL);
    }
    return answer(c, status, "application/json; charset=utf-8", text, strlen(text), MHD_RESPMEM_MUST_FREE, allow);
}

/* An error as JSON: the message the command prints (after "tariffscope: ") and where it is. */
static enum MHD_Result answer_error(struct MHD_Connection *c, unsigned status, const tsc_error *err, const char *allow)
{
    char buf[1200];
    json_t *j = json_pack("{s:s, s:i, s:s, s:I, s:I}", "error", tsc_error_format(err, buf, sizeof buf), "status",
                          (int)status, "file", err->file, "line", (json_int_t)err->line, "col", (json_int_t)err->col);
    return answer_json(c, status, j, allow);
}

static enum MHD_Result answer_message(struct MHD_Connection *c, unsigned status, const char *allow, const char *fmt,
                                      ...) __attribute__((format(printf, 4, 5)));
static enum MHD_Result answer_message(struct MHD_Connection *c, unsigned status, const char *allow, const char *fmt,
                                      ...)
{
    tsc_error err;
    tsc_error_clear(&err);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err.msg, sizeof err.msg, fmt, ap);
    va_end(ap);
    err.code = TSC_EINVAL;
    return answer_error(c, status, &err, allow);
}

/* ---- checks --------------------------------------------------------------------------------------------------- */

/* 1 when hp ("host[:port]", "[v6]:port") names this server without a DNS name: localhost or an IP address, and the
 * server's port when it has one. A page from another site that made its name resolve to 127.0.0.1 (DNS rebinding)
 * sends its own name, and is refused. */
static int local_name(const char *hp, size_t len, unsigned port)
{
    char host[256];
    const char *p = hp, *end = hp + len, *colon;
    if (len == 0 || len >= sizeof host) return 0;
    if (*p == '[') {
        const char *close = memchr(p, ']', len);
        if (!close) return 0;
        snprintf(host, sizeof host, "%.*s", (int)(close - p - 1), p + 1);
        colon = close + 1 < end ? close + 1 : NULL;
        if (colon && *colon != ':') return 0;
    } else {
        colon = memchr(p, ':', len);
        snprintf(host, sizeof host, "%.*s", (int)((colon ? colon : end) - p), p);
    }
    if (colon) {
        char *e;
        errno = 0;
        unsigned long v = strtoul(colon + 1, &e, 10);
        if (errno || e != end || colon + 1 == end || v != port) return 0;
    }
    unsigned char addr[sizeof(struct in6_addr)];
    return strcmp(host, "localhost") == 0 || inet_pton(AF_INET, host, addr) == 1 ||
           inet_pton(AF_INET6, host, addr) == 1;
}

/* NULL when the request's Host (required) and Origin (when sent) name this server, else why not. */
static const char *foreign(struct MHD_Connection *c, unsigned port)
{
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    if (!host) return "a request needs a Host header";
    if (!local_name(host, strlen(host), port)) return "the Host header does not name this server";
    if (origin) {
        if (strncmp(origin, "http://", 7) != 0 || !local_name(origin + 7, strlen(origin + 7), port))
            return "the Origin header does not name this server";
    }
    return NULL;
}

/* The query's parameters; a bad draws= is a 400 (returns 0 after answering). */
static int read_query(struct MHD_Connection *c, serve_query *q, const char **bad)
{
    memset(q, 0, sizeof *q);
    q->focus = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "focus");
    q->importer = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "importer");
    q->destination = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "destination");
    q->date = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "date");
    const char *d = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "draws");
    if (q->date) {
        int32_t day;
        tsc_error err;
        if (tsc_date_parse(q->date, &day, &err) != TSC_OK) {
            *bad = "date= takes a date YYYY-MM-DD";
            return 0;
        }
    }
    if (d) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(d, &end, 10);
        if (*d < '0' || *d > '9' || errno || *end || v > SERVE_MAX_DRAWS) {
            *bad = "draws= takes a whole number in [0, 1000]";
            return 0;
        }
        q->draws = (size_t)v;
        q->draws_given = 1;
    }
    return 1;
}

/* ---- routes ---------------------------------------------------------------------------------------------------- */

typedef int (*post_fn)(serve_model *, const char *, size_t, int, const serve_query *, json_t **, int *, tsc_error *);

static const struct {
    const char *path;
    post_fn fn;
} posts[] = {{"/api/shock", serve_shock}, {"/api/solve", serve_solve}, {"/api/effective", serve_effective}};
static const char *const gets[] = {"/api/table", "/api/scenarios", "/api/routes"};

static enum MHD_Result route(server *s, struct MHD_Connection *c, const char *url, const char *method, request *r)
{
    int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0, post = strcmp(method, "POST") == 0;
    for (size_t k = 0; k < sizeof posts / sizeof *posts; k++) {
        if (strcmp(url, posts[k].path) != 0) continue;
        if (!post) return answer_message(c, MHD_HTTP_METHOD_NOT_ALLOWED, "POST", "%s takes POST, not %s", url, method);
        if (r->too_big)
            return answer_message(c, MHD_HTTP_CONTENT_TOO_LARGE, NULL, "the request body is over %zu bytes",
                                  SERVE_MAX_BODY);
        serve_query q;
        const char *bad = NULL;
        if (!read_query(c, &q, &bad)) return answer_message(c, MHD_HTTP_BAD_REQUEST, NULL, "%s", bad);
        const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
        int json = type && strstr(type, "json") != NULL;
        json_t *out = NULL;
        int http = 500;
        tsc_error err;
        tsc_error_clear(&err);
        if (posts[k].fn(s->m, r->body ? r->body : "", r->len, json, &q, &out, &http, &err))
            return answer_error(c, (unsigned)http, &err, NULL);
        return answer_json(c, MHD_HTTP_OK, out, NULL);
    }
    for (size_t k = 0; k < sizeof gets / sizeof *gets; k++) {
        if (strcmp(url, gets[k]) != 0) continue;
        if (!get)
            return answer_message(c, MHD_HTTP_METHOD_NOT_ALLOWED, "GET, HEAD", "%s takes GET, not %s", url, method);
        if (k == 0) return answer_json(c, MHD_HTTP_OK, serve_table_json(s->m), NULL);
        if (k == 1) return answer_json(c, MHD_HTTP_OK, serve_scenarios_json(s->m), NULL);
        serve_query q;
        const char *bad = NULL;
        if (!read_query(c, &q, &bad)) return answer_message(c, MHD_HTTP_BAD_REQUEST, NULL, "%s", bad);
        json_t *out = NULL;
        int http = 500;
        tsc_error err;
        tsc_error_clear(&err);
        if (serve_routes(s->m, &q, &out, &http, &err)) return answer_error(c, (unsigned)http, &err, NULL);
        return answer_json(c, MHD_HTTP_OK, out, NULL);
    }
    const serve_asset *a = serve_asset_find(url);
    if (a) {
        if (!get)
            return answer_message(c, MHD_HTTP_METHOD_NOT_ALLOWED, "GET, HEAD", "%s takes GET, not %s", url, method);
        return answer(c, MHD_HTTP_OK, a->mime, (void *)(uintptr_t)a->data, a->size, MHD_RESPMEM_PERSISTENT, NULL);
    }
    /* anything else, a path that climbs out (/../) included, names nothing: only the embedded files are served */
    return answer_message(c, MHD_HTTP_NOT_FOUND, NULL, "no such page: %s", url);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    server *s = cls;
    request *r = *con_cls;
    (void)version;
    if (!r) {
        /* the headers: refuse now what needs no body, before reading one */
        if (!(r = calloc(1, sizeof *r))) return MHD_NO;
        *con_cls = r;
        const char *why = foreign(c, s->port);
        if (why) return answer_message(c, MHD_HTTP_FORBIDDEN, NULL, "%s", why);
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > SERVE_MAX_BODY)
            return answer_message(c, MHD_HTTP_CONTENT_TOO_LARGE, NULL, "the request body is over %zu bytes",
                                  SERVE_MAX_BODY);
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (r->too_big || n > SERVE_MAX_BODY - r->len) {
            r->too_big = 1;
            return MHD_YES;
        }
        if (r->len + n + 1 > r->cap) {
            size_t cap = r->cap ? r->cap : 4096;
            while (cap < r->len + n + 1) cap *= 2;
            char *b = realloc(r->body, cap);
            if (!b) return MHD_NO;
            r->body = b;
            r->cap = cap;
        }
        memcpy(r->body + r->len, upload, n);
        r->len += n;
        r->body[r->len] = '\0';
        return MHD_YES;
    }
    return route(s, c, url, method, r);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    request *r = *con_cls;
    if (r) free(r->body);
    free(r);
    *con_cls = NULL;
}

/* Decodes %HH in a path or query value as the default does, but leaves %00 as it is: a NUL would cut a name short
 * ("/index.html%00.js" would name "/index.html"). */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    static const char hex[] = "0123456789abcdef0123456789ABCDEF";
    char *w = s;
    for (const char *r = s; *r; r++) {
        const char *h = r[0] == '%' && r[1] ? strchr(hex, r[1]) : NULL, *l = h && r[2] ? strchr(hex, r[2]) : NULL;
        int v = h && l ? (int)((h - hex) % 16) * 16 + (int)((l - hex) % 16) : -1;
        if (v > 0) {
            *w++ = (char)v;
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

/* ---- the server ---------------------------------------------------------------------------------------------- */

int serve_http_run(serve_model *m, const char *host, unsigned port)
{
    struct sockaddr_in v4 = {0};
    struct sockaddr_in6 v6 = {0};
    const struct sockaddr *sa;
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    int loopback;
    if (inet_pton(AF_INET, host, &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons((uint16_t)port);
        sa = (const struct sockaddr *)&v4;
        loopback = (ntohl(v4.sin_addr.s_addr) >> 24) == 127;
    } else if (inet_pton(AF_INET6, host, &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons((uint16_t)port);
        sa = (const struct sockaddr *)&v6;
        flags |= MHD_USE_IPv6;
        loopback = IN6_IS_ADDR_LOOPBACK(&v6.sin6_addr);
    } else {
        fprintf(stderr, "tariffscope: --host takes an IP address (127.0.0.1, ::1, 0.0.0.0 ...), not '%s'\n", host);
        return 2;
    }
    if (!loopback)
        fprintf(stderr,
                "tariffscope: warning: listening on %s, not the loopback: other machines can reach this server, "
                "which has no authentication and no encryption\n",
                host);
    /* SIGINT and SIGTERM wait for sigwait below: blocked here, before the server's threads start, so that they
     * inherit the mask and only this thread receives them */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    server s = {m, port};
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, handle, &s, MHD_OPTION_SOCK_ADDR, sa, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_IDLE_TIMEOUT,
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "tariffscope: cannot listen on %s port %u (in use, or not an address of this machine)\n", host,
                port);
        return 1;
    }
    /* the port actually bound (port 0 asks the system for a free one) */
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_LISTEN_FD);
    struct sockaddr_storage bound;
    socklen_t blen = sizeof bound;
    if (info && getsockname(info->listen_fd, (struct sockaddr *)&bound, &blen) == 0)
        s.port = ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
                                                   : ((struct sockaddr_in *)&bound)->sin_port);
    int v6host = strchr(host, ':') != NULL;
    printf("tariffscope: serving on http://%s%s%s:%u/ (Ctrl-C stops)\n", v6host ? "[" : "", host, v6host ? "]" : "",
           s.port);
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    printf("tariffscope: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    return 0;
}
