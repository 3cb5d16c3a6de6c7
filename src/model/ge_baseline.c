/* Baselines: the data of a solved equilibrium, and the authors' pipeline that makes raw data an equilibrium of the
 * model (observed deficits) and then removes the deficits (Caliendo and Parro 2015, section 5). */
#include <string.h>
#include <time.h>

#include "alloc_int.h"
#include "error_int.h"
#include "ge_int.h"

int tsc_ge_data_rebase(const tsc_ge_data *d, const tsc_ge_result *r, const double *tariff_new, tsc_ge_data **out,
                       tsc_error *err)
{
    *out = NULL;
    if (r->G != d->G || r->N != d->N || !r->flows)
        return tsc__error(err, TSC_EDIM, NULL, 0, 0, "the solution is not one of this data");
    tsc_ge_data *nd;
    int rc = tsc_ge_data_copy(d, &nd, err);
    if (rc) return rc;
    size_t ggn = d->G * d->G * d->N;
    memcpy(nd->flows, r->flows, ggn * sizeof *nd->flows);
    if (tariff_new) memcpy(nd->tariff, tariff_new, ggn * sizeof *nd->tariff);
    tsc__ge_data_derive(nd);
    *out = nd;
    return TSC_OK;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void stage_stats(tsc_ge_stage *st, const tsc_ge_result *r, double seconds)
{
    st->iterations = r->iterations;
    st->jacobians = r->jacobians;
    st->price_sweeps = r->price_sweeps;
    st->expenditure_sweeps = r->expenditure_sweeps;
    st->residual = r->residual;
    st->seconds = seconds;
}

int tsc_ge_baseline_build(const tsc_ge_data *raw, tsc_ge_baseline kind, const tsc_ge_opts *opts,
                          tsc_ge_progress progress, void *ctx, tsc_ge_data **out, tsc_ge_stage stages[2],
                          tsc_error *err)
{
    *out = NULL;
    if (stages) memset(stages, 0, 2 * sizeof *stages);
    if (kind != TSC_GE_BASELINE_ZERO_DEFICIT && kind != TSC_GE_BASELINE_OBSERVED)
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "unknown baseline kind %d", (int)kind);
    tsc_ge_result r;
    tsc_ge_data *a = NULL, *b = NULL;
    double t0 = now();
    /* (a) no tariff change, observed deficits: the data become an equilibrium of the model */
    int rc = tsc__ge_solve_stage(raw, NULL, opts, progress, ctx, "baseline (a) observed deficits", &r, err);
    if (rc == TSC_OK) rc = tsc_ge_data_rebase(raw, &r, NULL, &a, err);
    if (stages && r.w_hat) stage_stats(&stages[0], &r, now() - t0);
    tsc_ge_result_free(&r);
    if (rc) goto fail;
    if (kind == TSC_GE_BASELINE_OBSERVED) {
        *out = a;
        return TSC_OK;
    }
    /* (b) from (a), no tariff change and balanced trade */
    tsc_ge_data_set_deficits(a, NULL);
    t0 = now();
    rc = tsc__ge_solve_stage(a, NULL, opts, progress, ctx, "baseline (b) zero deficits", &r, err);
    if (rc == TSC_OK) rc = tsc_ge_data_rebase(a, &r, NULL, &b, err);
    if (stages && r.w_hat) stage_stats(&stages[1], &r, now() - t0);
    tsc_ge_result_free(&r);
    if (rc) goto fail;
    tsc_ge_data_free(a);
    *out = b;
    return TSC_OK;
fail:
    tsc_ge_data_free(a);
    tsc_ge_data_free(b);
    return rc;
}
