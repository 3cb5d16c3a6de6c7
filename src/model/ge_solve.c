/* The general-equilibrium solver: Newton (exact Jacobian, Broyden updates, line search) or the authors' fixed point
 * on the wage changes, as an init / iterate / test / free object. */
#include <math.h>
#include <string.h>

#include "alloc_int.h"
#include "conv_int.h"
#include "error_int.h"
#include "ge_int.h"
#include "smalllu_int.h"

/* A Newton step that reduces the residual by less than this factor is slow: the next one gets a fresh exact
 * Jacobian instead of a Broyden update. */
#define NEWTON_SLOW 0.3
/* Backtracking halves the step at most this many times before the line search gives up. */
#define LINE_SEARCH_HALVINGS 30

void tsc_ge_opts_init(tsc_ge_opts *o)
{
    o->method = TSC_GE_NEWTON;
    o->tol = TSC_GE_TOL;
    o->max_iter = 0;
    o->step = TSC_GE_STEP;
    o->inner_tol = TSC_GE_INNER_TOL;
    o->inner_max_iter = TSC_GE_INNER_MAX_ITER;
    o->anderson = TSC_GE_ANDERSON;
    o->cold_start = 0;
}

void tsc_ge_solver_free(tsc_ge_solver *s)
{
    if (!s) return;
    tsc__free(s->pit);
    tsc__free(s->tinv);
    tsc__free(s->pip);
    tsc__free(s->s);
    tsc__free(s->S);
    tsc__free(s->lnw);
    tsc__free(s->w);
    tsc__free(s->lnP);
    tsc__free(s->lnc);
    tsc__free(s->X);
    tsc__free(s->Xscale);
    tsc__free(s->Y);
    tsc__free(s->Z);
    tsc__free(s->work);
    tsc__free(s->J);
    tsc__free(s->jw);
    tsc__free(s->jM);
    tsc__free(s->A);
    tsc__free(s->b);
    tsc__free(s->dlnw);
    tsc__free(s->save_lnw);
    tsc__free(s->save_lnP);
    tsc__free(s->save_X);
    tsc__free(s->save_Z);
    tsc__anderson_free(&s->acc_p);
    tsc__anderson_free(&s->acc_x);
    tsc__anderson_free(&s->acc_tp);
    tsc__anderson_free(&s->acc_tx);
    tsc__free(s);
}

/* The numeraire's error: |sum_n ŵ_n wL_n - sum_n wL_n| / sum_n wL_n. */
static double numeraire_error(const tsc_ge_solver *s)
{
    double a = 0, b = 0;
    for (size_t n = 0; n < s->G; n++) {
        a += exp(s->lnw[n]) * s->d->va[n];
        b += s->d->va[n];
    }
    return fabs(a - b) / b;
}

int tsc_ge_solver_new(const tsc_ge_data *d, const double *tariff_new, const tsc_ge_opts *opts, tsc_ge_solver **out,
                      tsc_error *err)
{
    *out = NULL;
    tsc_ge_opts def;
    if (!opts) {
        tsc_ge_opts_init(&def);
        opts = &def;
    }
    if (!(opts->tol > 0) || !(opts->inner_tol > 0) || opts->inner_max_iter == 0 ||
        (opts->method == TSC_GE_FIXED_POINT && !(opts->step > 0)) ||
        (opts->method != TSC_GE_NEWTON && opts->method != TSC_GE_FIXED_POINT))
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "invalid solver options (tolerances and step must be positive)");
    size_t G = d->G, N = d->N, gn = G * N, ggn = G * G * N;
    for (size_t n = 0; n < G; n++)
        if (!(d->va[n] > 0))
            return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "region %s has no value added (%g): the model needs it",
                              d->regions[n], d->va[n]);
    if (tariff_new)
        for (size_t c = 0; c < ggn; c++)
            if (!(tariff_new[c] > -1 && isfinite(tariff_new[c])))
                return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "new tariff %g at cell %zu is not above -100%%",
                                  tariff_new[c], c);
    tsc_ge_solver *s = tsc__calloc(1, sizeof *s);
    if (!s) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    s->d = d;
    s->G = G;
    s->N = N;
    s->o = *opts;
    if (s->o.max_iter == 0)
        s->o.max_iter = opts->method == TSC_GE_NEWTON ? TSC_GE_MAX_ITER_NEWTON : TSC_GE_MAX_ITER_FIXED_POINT;
    s->taup = tariff_new ? tariff_new : d->tariff;
    s->pit = tsc__alloc_doubles(ggn, 0);
    s->tinv = tsc__alloc_doubles(ggn, 0);
    s->pip = tsc__alloc_doubles(ggn, 0);
    s->s = tsc__alloc_doubles(ggn, 0);
    s->S = tsc__alloc_doubles(gn, 0);
    s->lnw = tsc__alloc_doubles(G, 1);
    s->w = tsc__alloc_doubles(G, 0);
    s->lnP = tsc__alloc_doubles(gn, 1);
    s->lnc = tsc__alloc_doubles(gn, 1);
    s->X = tsc__alloc_doubles(gn, 0);
    s->Xscale = tsc__alloc_doubles(G, 0);
    s->Y = tsc__alloc_doubles(gn, 0);
    s->Z = tsc__alloc_doubles(G, 0);
    s->work = tsc__alloc_doubles(TSC__GE_SCRATCH_SLICES * gn, 0);
    int rc = TSC_OK;
    if (!s->pit || !s->tinv || !s->pip || !s->s || !s->S || !s->lnw || !s->w || !s->lnP || !s->lnc || !s->X ||
        !s->Xscale || !s->Y || !s->Z || !s->work || tsc__anderson_init(&s->acc_p, gn, opts->anderson) ||
        tsc__anderson_init(&s->acc_x, gn, opts->anderson)) {
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    if (opts->method == TSC_GE_NEWTON) {
        size_t blk;
        if (tsc__mul_size(gn * G, TSC__GE_TANGENT_BLOCKS, &blk) || !(s->jw = tsc__alloc_doubles(blk, 0)) ||
            !(s->jM = tsc__alloc_doubles(ggn, 0)) || !(s->J = tsc__alloc_doubles(G * G, 0)) ||
            !(s->A = tsc__alloc_doubles(G * G, 0)) || !(s->b = tsc__alloc_doubles(G, 0)) ||
            !(s->dlnw = tsc__alloc_doubles(G, 0)) || !(s->save_lnw = tsc__alloc_doubles(G, 0)) ||
            !(s->save_lnP = tsc__alloc_doubles(gn, 0)) || !(s->save_X = tsc__alloc_doubles(gn, 0)) ||
            !(s->save_Z = tsc__alloc_doubles(G, 0))) {
            rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory (the Newton solver needs %zu MB)",
                            (TSC__GE_TANGENT_BLOCKS * gn * G + ggn) * sizeof(double) >> 20);
            goto fail;
        }
    }
    for (size_t c = 0; c < ggn; c++) {
        double kap = (1 + s->taup[c]) / (1 + d->tariff[c]);
        size_t n = c / (G * N), i = (c / N) % G, j = c % N;
        if (n == i) kap = 1;
        s->pit[c] = d->pi[c] == 0 ? 0 : d->pi[c] * pow(kap, -d->theta[j]);
        s->tinv[c] = 1 / (1 + (n == i ? 0 : s->taup[c]));
    }
    memcpy(s->X, d->X, gn * sizeof *s->X);
    for (size_t n = 0; n < G; n++) {
        double t = 0;
        for (size_t j = 0; j < N; j++) t += d->X[n * N + j];
        s->Xscale[n] = t > 0 ? t : d->va[n];
    }
    if ((rc = tsc__ge_evaluate(s, err))) goto fail;
    *out = s;
    return TSC_OK;
fail:
    tsc_ge_solver_free(s);
    return rc;
}

static void save_state(tsc_ge_solver *s)
{
    size_t G = s->G, gn = G * s->N;
    memcpy(s->save_lnw, s->lnw, G * sizeof *s->lnw);
    memcpy(s->save_lnP, s->lnP, gn * sizeof *s->lnP);
    memcpy(s->save_X, s->X, gn * sizeof *s->X);
    memcpy(s->save_Z, s->Z, G * sizeof *s->Z);
}

static void restore_warm_start(tsc_ge_solver *s)
{
    size_t gn = s->G * s->N;
    memcpy(s->lnP, s->save_lnP, gn * sizeof *s->lnP);
    memcpy(s->X, s->save_X, gn * sizeof *s->X);
}

/* The Newton direction in ln ŵ: J d = -Z with the equation of the region with the largest value added (implied by
 * the others, since sum_n Z_n = -sum_n D_n whatever ŵ) replaced by the linearised numeraire
 * sum_m ŵ_m wL_m d_m = sum wL - sum ŵ wL. */
static int newton_direction(tsc_ge_solver *s)
{
    size_t G = s->G, big = 0;
    const double *va = s->d->va;
    double tot = 0, cur = 0;
    for (size_t n = 0; n < G; n++) {
        if (va[n] > va[big]) big = n;
        tot += va[n];
        cur += exp(s->lnw[n]) * va[n];
    }
    /* tsc__small_solve wants column-major: A[n + m*G] = J[n][m] */
    for (size_t n = 0; n < G; n++)
        for (size_t m = 0; m < G; m++)
            s->A[n + m * G] = n == big ? exp(s->lnw[m]) * va[m] / tot : s->J[n * G + m] / va[n];
    for (size_t n = 0; n < G; n++) s->dlnw[n] = n == big ? (tot - cur) / tot : -s->Z[n] / va[n];
    return tsc__small_solve(G, s->A, 1, s->dlnw);
}

/* Good Broyden: J += (dZ - J dx) dx' / (dx' dx), with dx the accepted step in ln ŵ. Rows keep summing to zero. */
static void broyden(tsc_ge_solver *s)
{
    size_t G = s->G;
    double dd = 0;
    for (size_t m = 0; m < G; m++) {
        double dx = s->lnw[m] - s->save_lnw[m];
        dd += dx * dx;
    }
    if (!(dd > 0)) return;
    for (size_t n = 0; n < G; n++) {
        double jd = 0;
        for (size_t m = 0; m < G; m++) jd += s->J[n * G + m] * (s->lnw[m] - s->save_lnw[m]);
        double u = (s->Z[n] - s->save_Z[n] - jd) / dd;
        for (size_t m = 0; m < G; m++) s->J[n * G + m] += u * (s->lnw[m] - s->save_lnw[m]);
    }
}

/* The outer residual (include/tariffscope/ge.h): the worst relative excess and the numeraire's gap. */
static double merit(const tsc_ge_solver *s)
{
    double r = numeraire_error(s);
    return s->residual > r ? s->residual : r;
}

static int newton_iterate(tsc_ge_solver *s, tsc_error *err)
{
    size_t G = s->G;
    int rc;
    if (!s->have_J || s->last_ratio > NEWTON_SLOW) {
        if ((rc = tsc__ge_jacobian(s, err))) return rc;
        s->since_J = 0;
    }
    if (newton_direction(s) != 0)
        return tsc__error(err, TSC_ESINGULAR, NULL, 0, 0, "the Jacobian of the excess function is singular");
    double old = merit(s), lambda = 1;
    save_state(s);
    tsc_error trial;
    for (int h = 0;; h++) {
        for (size_t n = 0; n < G; n++) s->lnw[n] = s->save_lnw[n] + lambda * s->dlnw[n];
        rc = tsc__ge_evaluate(s, &trial);
        if (rc == TSC_OK && merit(s) < (1 - 1e-4 * lambda) * old) break;
        if (h == LINE_SEARCH_HALVINGS) {
            memcpy(s->lnw, s->save_lnw, G * sizeof *s->lnw);
            restore_warm_start(s);
            tsc_error ignore;
            tsc__ge_evaluate(s, &ignore);
            if (rc && err) *err = trial;
            return rc ? rc
                      : tsc__error(err, TSC_ENUMERIC, NULL, 0, 0,
                                   "the line search found no step that reduces the excess (residual %.3g)", old);
        }
        lambda *= 0.5;
        restore_warm_start(s);
    }
    s->last_ratio = merit(s) / old;
    broyden(s);
    s->since_J++;
    return TSC_OK;
}

static int fixed_point_iterate(tsc_ge_solver *s, tsc_error *err)
{
    for (size_t n = 0; n < s->G; n++) {
        double w = exp(s->lnw[n]) - s->o.step * s->Z[n] / s->d->va[n];
        if (!(w > 0))
            return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0,
                              "the fixed point took the wage of %s to %g; try a smaller step", s->d->regions[n], w);
        s->lnw[n] = log(w);
    }
    return tsc__ge_evaluate(s, err);
}

int tsc_ge_solver_iterate(tsc_ge_solver *s, tsc_error *err)
{
    int rc = s->o.method == TSC_GE_NEWTON ? newton_iterate(s, err) : fixed_point_iterate(s, err);
    s->iter++;
    return rc;
}

int tsc_ge_solver_test(const tsc_ge_solver *s)
{
    return tsc__converged(merit(s), s->o.tol) ? TSC_OK : TSC_GE_CONTINUE;
}
size_t tsc_ge_solver_iterations(const tsc_ge_solver *s)
{
    return s->iter;
}
double tsc_ge_solver_residual(const tsc_ge_solver *s)
{
    return merit(s);
}
const double *tsc_ge_solver_w_hat(const tsc_ge_solver *s)
{
    return s->w;
}

void tsc_ge_result_free(tsc_ge_result *r)
{
    if (!r) return;
    tsc__free(r->w_hat);
    tsc__free(r->c_hat);
    tsc__free(r->P_hat);
    tsc__free(r->price_index_hat);
    tsc__free(r->X);
    tsc__free(r->flows);
    tsc__free(r->excess);
    memset(r, 0, sizeof *r);
}

int tsc_ge_solver_result(const tsc_ge_solver *s, tsc_ge_result *r, tsc_error *err)
{
    const tsc_ge_data *d = s->d;
    size_t G = s->G, N = s->N, gn = G * N, ggn = G * G * N;
    memset(r, 0, sizeof *r);
    r->G = G;
    r->N = N;
    r->w_hat = tsc__alloc_doubles(G, 0);
    r->c_hat = tsc__alloc_doubles(gn, 0);
    r->P_hat = tsc__alloc_doubles(gn, 0);
    r->price_index_hat = tsc__alloc_doubles(G, 0);
    r->X = tsc__alloc_doubles(gn, 0);
    r->flows = tsc__alloc_doubles(ggn, 0);
    r->excess = tsc__alloc_doubles(G, 0);
    if (!r->w_hat || !r->c_hat || !r->P_hat || !r->price_index_hat || !r->X || !r->flows || !r->excess) {
        tsc_ge_result_free(r);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t n = 0; n < G; n++) {
        r->w_hat[n] = exp(s->lnw[n]);
        double lp = 0;
        for (size_t j = 0; j < N; j++) lp += d->alpha[n * N + j] * s->lnP[n * N + j];
        r->price_index_hat[n] = exp(lp);
        r->excess[n] = s->Z[n];
    }
    for (size_t k = 0; k < gn; k++) {
        r->c_hat[k] = exp(s->lnc[k]);
        r->P_hat[k] = exp(s->lnP[k]);
    }
    memcpy(r->X, s->X, gn * sizeof *r->X);
    for (size_t n = 0; n < G; n++)
        for (size_t i = 0; i < G; i++)
            for (size_t j = 0; j < N; j++) {
                size_t c = (n * G + i) * N + j;
                r->flows[c] = s->s[c] * s->X[n * N + j];
            }
    r->residual = merit(s);
    r->iterations = s->iter;
    r->jacobians = s->jacobians;
    r->price_sweeps = s->price_sweeps;
    r->expenditure_sweeps = s->expenditure_sweeps;
    return TSC_OK;
}

int tsc__ge_solve_stage(const tsc_ge_data *d, const double *tariff_new, const tsc_ge_opts *opts,
                        tsc_ge_progress progress, void *ctx, const char *stage, tsc_ge_result *out, tsc_error *err)
{
    memset(out, 0, sizeof *out);
    tsc_ge_solver *s = NULL;
    int rc = tsc_ge_solver_new(d, tariff_new, opts, &s, err);
    if (rc) return rc;
    if (progress) progress(ctx, stage, 0, tsc_ge_solver_residual(s));
    while (tsc_ge_solver_test(s) != TSC_OK && s->iter < s->o.max_iter) {
        if ((rc = tsc_ge_solver_iterate(s, err))) goto done;
        if (progress) progress(ctx, stage, s->iter, tsc_ge_solver_residual(s));
    }
    if ((rc = tsc_ge_solver_result(s, out, err))) goto done;
    if (tsc_ge_solver_test(s) != TSC_OK)
        rc = tsc__error(err, TSC_GE_WNOCONV, NULL, 0, 0,
                        "%s: no convergence in %zu iterations (residual max|Z|/wL %.3g > tolerance %.3g)", stage,
                        s->iter, tsc_ge_solver_residual(s), s->o.tol);
done:
    tsc_ge_solver_free(s);
    return rc;
}

int tsc_ge_solve(const tsc_ge_data *d, const double *tariff_new, const tsc_ge_opts *opts, tsc_ge_progress progress,
                 void *ctx, tsc_ge_result *out, tsc_error *err)
{
    return tsc__ge_solve_stage(d, tariff_new, opts, progress, ctx, "scenario", out, err);
}
