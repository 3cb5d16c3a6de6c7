/* tariffscope serve: a local interactive dashboard, the page and a JSON API over one table (docs/DASHBOARD.md,
 * docs/API.md). */
#include <stdlib.h>

#include "serve.h"

static int run(const cli_args *a)
{
    const char *table = a->npos > 0 ? a->pos[0] : NULL;
    char buf[1100];
    if (!table) table = cli_data_path("world2024", buf, sizeof buf);
    serve_model *m = serve_model_new(table, a);
    if (!m) return 1;
    int status = serve_http_run(m, a->host ? a->host : "127.0.0.1", (unsigned)a->port);
    serve_model_free(m);
    return status;
}

static const cli_use opts[] = {
    {OPT_PORT, 0, NULL, NULL, NULL},
    {OPT_HOST, 0, NULL, NULL, NULL},
    {OPT_SCENARIOS_DIR, 0, NULL, NULL, NULL},
    {OPT_THETA_DRAWS, 0, NULL, "draws of the elasticities behind the uncertainty bands of each solve", "50"},
    {OPT_NO_DRAWS, 0, NULL, NULL, NULL},
    {OPT_SEED, 0, NULL, NULL, NULL},
    {OPT_THETA_SE, 0, NULL, NULL, NULL},
    {OPT_THREADS, 0, NULL, NULL, NULL},
    {OPT_THETA, 0, NULL, NULL, NULL},
    {OPT_BASELINE, 0, NULL, NULL, "zero-deficit"},
    {OPT_GE_METHOD, 0, NULL, NULL, NULL},
    {OPT_SOLVER_TOL, 0, NULL, "convergence: max over regions of |excess demand| / value added", "1e-12"},
    {OPT_MAX_ITER, 0, NULL, NULL, NULL},
};

const cli_command cli_cmd_serve = {
    "serve",
    "a local interactive dashboard: the page and a JSON API (shock, solve, effective rates) over one table",
    {"TABLE"},
    0,
    opts,
    sizeof opts / sizeof *opts,
    CLI_TABLE_OPTS | CLI_SOURCE_OPTS,
    "TABLE defaults to data/world2024. Listens on the loopback unless --host says otherwise (with a warning); "
    "requests whose Host or Origin is not this server are refused. SIGINT or SIGTERM stops it (docs/DASHBOARD.md, "
    "docs/API.md).",
    run,
};
