/* tariffscope serve: the model the server answers from (cli/serve_model.c) and its HTTP front (cli/serve_http.c). */
#ifndef TSC_SERVE_H
#define TSC_SERVE_H

#include <jansson.h>

#include "cli.h"

/* Request bodies above this are refused (413); the largest shipped scenario is under 100 KB. */
#define SERVE_MAX_BODY ((size_t)1 << 20)
/* Draws of the elasticities per solve, unless --theta-draws or the request's draws= says otherwise; and the most a
 * request may ask for (each draw is one more solve: about 1 ms on data/world2024). */
#define SERVE_DRAWS 50
#define SERVE_BLAS_ONE_THREAD 1000 /* tables of at most this many rows run OpenBLAS on one thread */
#define SERVE_MAX_DRAWS 1000
/* Seconds a connection may stay idle (a client that sends nothing) before it is closed. */
#define SERVE_IDLE_TIMEOUT 5

/* Everything loaded once: the table, its groups, Leontief engine, elasticities, customs lines, and a few schedules
 * with their baselines (one per set of base schedules the scenarios name). Computations take the model's lock, so
 * one runs at a time while the server keeps answering the rest. */
typedef struct serve_model serve_model;

/* Loads TABLE with the command's options; prints errors and returns NULL. */
serve_model *serve_model_new(const char *table, const cli_args *a);
void serve_model_free(serve_model *m);

/* A request's parameters (query string): NULL / 0 where absent. */
typedef struct serve_query {
    const char *focus, *importer, *destination, *date;
    size_t draws;
    int draws_given;
} serve_query;

/* GET /api/table and /api/scenarios. */
json_t *serve_table_json(const serve_model *m);
json_t *serve_scenarios_json(const serve_model *m);

/* POST /api/shock, /api/solve, /api/effective and GET /api/routes. The scenario is the request body (YAML or JSON,
 * len bytes; json says which to check it as). Returns TSC_OK with *out the answer, or an error in err (the message
 * the command would print) with *http the status to answer it with. */
int serve_shock(serve_model *m, const char *body, size_t len, int json, const serve_query *q, json_t **out, int *http,
                tsc_error *err);
int serve_solve(serve_model *m, const char *body, size_t len, int json, const serve_query *q, json_t **out, int *http,
                tsc_error *err);
int serve_effective(serve_model *m, const char *body, size_t len, int json, const serve_query *q, json_t **out,
                    int *http, tsc_error *err);
int serve_routes(serve_model *m, const serve_query *q, json_t **out, int *http, tsc_error *err);

/* The embedded page (web/, built into the program by CMake): the file at path ("/", "/app.js"), or NULL. */
typedef struct serve_asset {
    const char *path, *mime;
    const unsigned char *data;
    size_t size;
} serve_asset;
const serve_asset *serve_asset_find(const char *path);

/* Runs the HTTP server on host:port until SIGINT or SIGTERM; returns the exit status. */
int serve_http_run(serve_model *m, const char *host, unsigned port);

#endif
