/* A scenario's general equilibrium from start to end (run.h): model data, baseline, solve, outcomes, draws. */
#include <string.h>
#include <time.h>

#include "alloc_int.h"
#include "error_int.h"
#include "tariffscope/run.h"

void tsc_ge_run_opts_init(tsc_ge_run_opts *o)
{
    memset(o, 0, sizeof *o);
    o->baseline = TSC_GE_BASELINE_ZERO_DEFICIT;
    tsc_ge_opts_init(&o->solve);
    tsc_ge_draws_opts_init(&o->draws);
    o->draws.draws = 0;
}

void tsc_ge_run_result_free(tsc_ge_run_result *r)
{
    if (!r) return;
    tsc_ge_draws_result_free(&r->draws);
    tsc__free(r->measures);
    tsc_ge_outcome_free(&r->outcome);
    tsc_ge_result_free(&r->result);
    tsc_ge_data_free(r->drawn);
    tsc_ge_data_free(r->baseline);
    tsc_ge_data_free(r->data);
    memset(r, 0, sizeof *r);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int check_input(const tsc_ge_run_input *in, tsc_error *err)
{
    int kinds = (in->table != NULL) + (in->data != NULL) + (in->baseline != NULL);
    if (kinds != 1)
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0,
                          "a run starts from one of a table, model data or a baseline (%d given)", kinds);
    if (!in->tariff_new) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "a run needs the scenario's rates");
    if (in->table && !in->theta)
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "a run on a table needs trade elasticities");
    return TSC_OK;
}

/* The model data at the base rates: derived from the table, or a copy of the data given at its elasticities and the
 * base rates. */
static int model_data(const tsc_ge_run_input *in, tsc_ge_run_result *out, tsc_error *err)
{
    if (in->table)
        return tsc_ge_data_from_table(in->table, in->tariff_base, in->theta, &out->data, &out->nclipped, err);
    int rc = tsc_ge_data_copy(in->data, &out->data, err);
    if (!rc && in->theta) rc = tsc_ge_data_set_theta(out->data, in->theta, err);
    if (!rc) rc = tsc_ge_data_set_tariffs(out->data, in->tariff_base, err);
    return rc;
}

/* The baseline (built, or the one given) and, for a draw of a sweep, its copy at the draw's elasticities. */
static int baseline(const tsc_ge_run_input *in, const tsc_ge_run_opts *o, tsc_ge_run_result *out, tsc_error *err)
{
    int rc = TSC_OK;
    out->base = in->baseline;
    if (!in->baseline) {
        rc = tsc_ge_baseline_build(out->data, o->baseline, &o->solve, o->progress, o->progress_ctx, &out->baseline,
                                   out->stages, err);
        out->base = out->baseline;
    }
    if (!rc && in->theta_scenario) {
        rc = tsc_ge_data_copy(out->base, &out->drawn, err);
        if (!rc) rc = tsc_ge_data_set_theta(out->drawn, in->theta_scenario, err);
        out->base = out->drawn;
    }
    return rc;
}

/* The scenario solved on the base, its outcomes and measures. */
static int scenario(const tsc_ge_run_input *in, const tsc_ge_run_opts *o, tsc_ge_run_result *out, tsc_error *err)
{
    double t0 = now();
    int rc = tsc_ge_solve(out->base, in->tariff_new, &o->solve, o->progress, o->progress_ctx, &out->result, err);
    const tsc_ge_result *r = &out->result;
    out->stages[2] =
        (tsc_ge_stage){r->iterations, r->jacobians, r->price_sweeps, r->expenditure_sweeps, r->residual, now() - t0};
    if (!rc) rc = tsc_ge_outcome_compute(out->base, in->tariff_new, r, &out->outcome, err);
    if (!rc && !(out->measures = tsc__alloc_doubles(out->G * TSC_GE_NMEASURES, 0)))
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    if (!rc) rc = tsc_ge_measures(out->base, in->tariff_new, r, out->measures, err);
    return rc;
}

/* The draws of the elasticities from the scenario's solution; draws that do not converge are counted, not fatal. */
static int draws(const tsc_ge_run_input *in, const tsc_ge_run_opts *o, tsc_ge_run_result *out, tsc_error *err)
{
    if (!o->draws.draws) return TSC_OK;
    tsc_ge_draws_opts d = o->draws;
    d.solve = o->solve;
    tsc_error derr;
    double t0 = now();
    int rc = tsc_ge_draws_solve(out->base, in->tariff_new, in->se, &out->result, &d, &out->draws, &derr);
    out->seconds_draws = now() - t0;
    if (rc == TSC_GE_WNOCONV) return TSC_OK;
    if (rc && err) *err = derr;
    return rc;
}

int tsc_ge_run(const tsc_ge_run_input *in, const tsc_ge_run_opts *opts, tsc_ge_run_result *out, tsc_error *err)
{
    memset(out, 0, sizeof *out);
    tsc_ge_run_opts def;
    if (!opts) {
        tsc_ge_run_opts_init(&def);
        opts = &def;
    }
    int rc = check_input(in, err);
    if (rc) return rc;
    if (!in->baseline) rc = model_data(in, out, err);
    const tsc_ge_data *d = in->baseline ? in->baseline : out->data;
    if (!rc) {
        out->G = tsc_ge_data_nregions(d);
        out->N = tsc_ge_data_nsectors(d);
    }
    double t0 = now();
    if (!rc) rc = baseline(in, opts, out, err);
    if (!rc) rc = scenario(in, opts, out, err);
    out->seconds = now() - t0;
    if (!rc) rc = draws(in, opts, out, err);
    if (rc) {
        size_t nclipped = out->nclipped;
        tsc_ge_run_result_free(out);
        out->nclipped = nclipped;
    }
    return rc;
}
