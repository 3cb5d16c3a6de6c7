/* Steps shared by shock, solve, serve and sweep, so that a scenario gives the same numbers from each: the
 * elasticities, the options of a model run (tsc_ge_run), the columns of regions.csv, the burden of a region by route.
 */
#include <math.h>
#include <stdio.h>

#include "cli.h"

const char *const cli_solve_columns[CLI_SOLVE_NCOLS] = {"welfare_cp_pct",  "terms_of_trade_pct", "volume_of_trade_pct",
                                                        "real_wage_pct",   "real_income_pct",    "w_hat",
                                                        "price_index_hat", "exports_pct"};

int cli_ge_theta(const char *path, const char *aggregation, int given, size_t N, const char *const *sectors,
                 double *theta, double *se, tsc_error *err)
{
    if (!path) return tsc_error_set(err, TSC_EINVAL, NULL, 0, 0, "no trade elasticities: give --theta FILE.csv");
    for (size_t j = 0; j < N && se; j++) se[j] = NAN;
    int rc = tsc_ge_theta_read_se(path, aggregation, N, sectors, theta, se, err);
    if (rc == TSC_ELABEL && !given)
        tsc_error_set(err, rc, err->file, err->line, err->col,
                      "%s: the defaults cover WIOD sectors c1-c35; give --theta FILE.csv (sector,theta) or, for an "
                      "aggregated table, name its aggregation in meta.json \"tariffs\" or with --concordance",
                      err->msg);
    return rc;
}

void cli_ge_warn_clipped(size_t n)
{
    if (n)
        fprintf(stderr,
                "tariffscope: warning: %zu cells clipped to zero deriving the model data (negative net "
                "purchases, or value added below the tariffs on inputs)\n",
                n);
}

void cli_ge_opts(const cli_args *a, tsc_ge_opts *go)
{
    tsc_ge_opts_init(go);
    go->method = (tsc_ge_method)a->ge_method;
    if (a->given[OPT_SOLVER_TOL]) go->tol = a->solver_tol;
    if (a->given[OPT_MAX_ITER]) go->max_iter = a->max_iter;
}

void cli_ge_draws_opts(const cli_args *a, size_t draws, const tsc_ge_opts *go, tsc_ge_draws_opts *o)
{
    tsc_ge_draws_opts_init(o);
    o->draws = draws;
    o->seed = (uint64_t)a->seed;
    o->threads = a->threads;
    o->solve = *go;
    if (a->given[OPT_THETA_SE]) o->se_rel_default = a->theta_se;
}

void cli_ge_run_opts(const cli_args *a, size_t draws, tsc_ge_run_opts *o)
{
    tsc_ge_run_opts_init(o);
    o->baseline = (tsc_ge_baseline)a->baseline;
    cli_ge_opts(a, &o->solve);
    if (draws) cli_ge_draws_opts(a, draws, &o->solve, &o->draws);
}

void cli_solve_row(const tsc_ge_outcome *oc, const tsc_ge_result *r, const double *meas, size_t n,
                   double v[CLI_SOLVE_NCOLS])
{
    v[0] = oc->welfare_cp[n];
    v[1] = oc->terms_of_trade[n];
    v[2] = oc->volume_of_trade[n];
    v[3] = oc->real_wage[n];
    v[4] = oc->real_income[n];
    v[5] = r->w_hat[n];
    v[6] = r->price_index_hat[n];
    v[7] = meas[n * TSC_GE_NMEASURES + TSC_GE_EXPORTS];
}

double cli_shock_routes(const tsc_shock *s, size_t o, double *route)
{
    size_t G = s->G, N = s->N;
    double total = 0;
    for (size_t m = 0; m < G; m++) route[m] = 0;
    for (size_t n = 0; n < G; n++)
        for (size_t m = 0; m < G; m++)
            for (size_t k = 0; k < N; k++) route[m] += s->burden[((o * G + n) * G + m) * N + k];
    for (size_t m = 0; m < G; m++) total += route[m];
    return total;
}
