/* Uncertainty of the trade elasticities: the scenario solved for K draws of theta from truncated normals, on worker
 * threads, reproducibly whatever their number, with per-region means and quantiles of the outcomes. */
#include <cblas.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alloc_int.h"
#include "error_int.h"
#include "ge_int.h"

#define GOLDEN 0x9e3779b97f4a7c15u
#define SQRT2 1.41421356237309504880
#define SQRT2PI 2.50662827463100050242

/* ---- random numbers and the truncated normal ------------------------------------------------------------------ */

/* The splitmix64 finaliser (Steele, Lea and Flood 2014, "Fast splittable pseudorandom number generators"): a
 * bijection of 64-bit words whose output bits each depend on every input bit. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* A uniform in (0, 1) that depends only on (seed, d, k): a keyed hash, so any draw can be made in any order on any
 * thread. The counters enter one at a time, each mixed in before the next, so (d, k) pairs do not alias. */
static double draw_uniform(uint64_t seed, uint64_t d, uint64_t k)
{
    uint64_t h = mix64(seed + GOLDEN);
    h = mix64(h + (d + 1) * GOLDEN);
    h = mix64(h + (k + 1) * GOLDEN);
    return ((double)(h >> 11) + 0.5) * 0x1.0p-53;
}

static double normal_cdf(double x)
{
    return 0.5 * erfc(-x / SQRT2);
}

/* Acklam's rational approximation of Phi^-1 (relative error 1.15e-9; central region |p - 0.5| <= 0.47575, tails by
 * sqrt(-2 ln p)), then one Halley step on Phi(x) - p with Phi from erfc, which is accurate in the lower tail; the
 * upper half is taken by symmetry so that the step always works on the smaller tail. */
double tsc__ge_normal_quantile(double p)
{
    static const double a[6] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                                1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[5] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                6.680131188771972e+01, -1.328068155288572e+01};
    static const double c[6] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static const double dd[4] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
    if (isnan(p) || p < 0 || p > 1) return NAN;
    if (p == 0) return -INFINITY;
    if (p == 1) return INFINITY;
    if (p > 0.5) return -tsc__ge_normal_quantile(1 - p);
    double x;
    if (p < 0.02425) {
        double q = sqrt(-2 * log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((dd[0] * q + dd[1]) * q + dd[2]) * q + dd[3]) * q + 1);
    } else {
        double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    double e = normal_cdf(x) - p, u = e * SQRT2PI * exp(0.5 * x * x);
    return x - u / (1 + 0.5 * x * u);
}

void tsc_ge_theta_draw(uint64_t seed, size_t d, size_t N, const double *theta, const double *se, double *out)
{
    for (size_t j = 0; j < N; j++) {
        double th = theta[j], s = se ? se[j] : 0;
        if (!(s > 0)) {
            out[j] = th;
            continue;
        }
        /* z from the standard normal truncated to z > -a: Phi(z) = Phi(-a) + u Phi(a), or on the upper side
         * 1 - Phi(z) = (1 - u) Phi(a); each side evaluated where it is the smaller tail, so nothing cancels */
        double a = th / s, u = draw_uniform(seed, d, j), up = normal_cdf(a), lo = normal_cdf(-a) + u * up;
        double z = lo <= 0.5 ? tsc__ge_normal_quantile(lo) : -tsc__ge_normal_quantile((1 - u) * up);
        double v = th + s * z;
        out[j] = v > 0 ? v : DBL_MIN;
    }
}

/* ---- options and results ------------------------------------------------------------------------------------- */

void tsc_ge_draws_opts_init(tsc_ge_draws_opts *o)
{
    memset(o, 0, sizeof *o);
    o->draws = 200;
    o->seed = 0;
    o->se_rel_default = TSC_GE_THETA_SE_REL;
    o->threads = 0;
    tsc_ge_opts_init(&o->solve);
}

void tsc_ge_draws_result_free(tsc_ge_draws_result *r)
{
    if (!r) return;
    tsc__free(r->point);
    tsc__free(r->mean);
    tsc__free(r->p05);
    tsc__free(r->p50);
    tsc__free(r->p95);
    tsc__free(r->se);
    tsc__free(r->theta);
    tsc__free(r->values);
    tsc__free(r->status);
    tsc__free(r->iterations);
    memset(r, 0, sizeof *r);
}

static int result_alloc(tsc_ge_draws_result *r, size_t G, size_t N, size_t K)
{
    size_t M = TSC_GE_NMEASURES, gm = G * M, km, kgm;
    r->G = G;
    r->N = N;
    r->K = K;
    r->M = M;
    if (tsc__mul_size(K, N, &km) || tsc__mul_size(K, gm, &kgm)) return -1;
    r->point = tsc__alloc_doubles(gm, 0);
    r->mean = tsc__alloc_doubles(gm, 0);
    r->p05 = tsc__alloc_doubles(gm, 0);
    r->p50 = tsc__alloc_doubles(gm, 0);
    r->p95 = tsc__alloc_doubles(gm, 0);
    r->se = tsc__alloc_doubles(N, 0);
    r->theta = tsc__alloc_doubles(km, 0);
    r->values = tsc__alloc_doubles(kgm, 0);
    r->status = tsc__calloc(K, sizeof *r->status);
    r->iterations = tsc__calloc(K, sizeof *r->iterations);
    return r->point && r->mean && r->p05 && r->p50 && r->p95 && r->se && r->theta && r->values && r->status &&
                   r->iterations
               ? 0
               : -1;
}

/* ---- the workers ---------------------------------------------------------------------------------------------- */

typedef struct draws_shared {
    const double *theta0, *se;      /* N: the point theta and the standard errors used */
    const double *lnw0, *lnP0, *X0; /* the point solution: the warm start of every draw */
    const double *J0;               /* G*G: the point's exact Jacobian (Newton), or NULL */
    uint64_t seed;
    size_t K, G, N;
    tsc_ge_draws_result *out;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t next, done, failed, finished; /* under mu */
} draws_shared;

typedef struct draws_worker {
    draws_shared *sh;
    tsc_ge_data *d;                       /* a copy of the baseline; its theta is the draw's */
    tsc_ge_solver *s;                     /* solves on d */
    double *w_hat, *c_hat, *pidx, *flows; /* the solution as arrays: G, G*N, G, G*G*N */
    pthread_t tid;
} draws_worker;

static void worker_free(draws_worker *w)
{
    tsc_ge_solver_free(w->s);
    tsc_ge_data_free(w->d);
    tsc__free(w->w_hat);
    tsc__free(w->c_hat);
    tsc__free(w->pidx);
    tsc__free(w->flows);
}

/* Puts the solver back at the point solution for the theta now in its data: trade costs pi kappa^-theta again, the
 * point's ŵ, P̂, X' and Jacobian, fresh histories and counters; then evaluates. Every field an iteration reads is
 * set here or written before it is read, so a draw does not depend on the draws the thread solved before it. */
static int restart(tsc_ge_solver *s, const draws_shared *sh, tsc_error *err)
{
    const tsc_ge_data *d = s->d;
    size_t G = s->G, N = s->N, gn = G * N, ggn = gn * G;
    for (size_t c = 0; c < ggn; c++) {
        /* as tsc_ge_solver_new */
        double kap = (1 + s->taup[c]) / (1 + d->tariff[c]);
        size_t n = c / (G * N), i = (c / N) % G, j = c % N;
        if (n == i) kap = 1;
        s->pit[c] = d->pi[c] == 0 ? 0 : d->pi[c] * pow(kap, -d->theta[j]);
    }
    memcpy(s->lnw, sh->lnw0, G * sizeof *s->lnw);
    memcpy(s->lnP, sh->lnP0, gn * sizeof *s->lnP);
    memcpy(s->X, sh->X0, gn * sizeof *s->X);
    tsc__anderson_reset(&s->acc_p);
    tsc__anderson_reset(&s->acc_x);
    if (s->tangent_ready) {
        tsc__anderson_reset(&s->acc_tp);
        tsc__anderson_reset(&s->acc_tx);
    }
    s->iter = s->jacobians = s->price_sweeps = s->expenditure_sweeps = 0;
    s->last_ratio = 0;
    s->since_J = 0;
    s->have_J = 0;
    if (sh->J0) {
        memcpy(s->J, sh->J0, G * G * sizeof *s->J);
        s->have_J = 1;
    }
    return tsc__ge_evaluate(s, err);
}

/* Draw d on worker w: theta, solve, measures into the shared result (each draw writes only its own rows). */
static void run_draw(draws_worker *w, size_t d)
{
    draws_shared *sh = w->sh;
    tsc_ge_draws_result *out = sh->out;
    tsc_ge_solver *s = w->s;
    size_t G = sh->G, N = sh->N, M = TSC_GE_NMEASURES, gn = G * N;
    tsc_error err;
    tsc_ge_theta_draw(sh->seed, d, N, sh->theta0, sh->se, w->d->theta);
    memcpy(out->theta + d * N, w->d->theta, N * sizeof *out->theta);
    int rc = restart(s, sh, &err);
    while (rc == TSC_OK && tsc_ge_solver_test(s) != TSC_OK && s->iter < s->o.max_iter)
        rc = tsc_ge_solver_iterate(s, &err);
    if (rc == TSC_OK && tsc_ge_solver_test(s) != TSC_OK) rc = TSC_GE_WNOCONV;
    double *v = out->values + d * G * M;
    if (rc == TSC_OK) {
        /* the solution as tsc_ge_solver_result gives it, without allocating */
        for (size_t n = 0; n < G; n++) {
            w->w_hat[n] = exp(s->lnw[n]);
            double lp = 0;
            for (size_t j = 0; j < N; j++) lp += w->d->alpha[n * N + j] * s->lnP[n * N + j];
            w->pidx[n] = exp(lp);
        }
        for (size_t k = 0; k < gn; k++) w->c_hat[k] = exp(s->lnc[k]);
        for (size_t n = 0; n < G; n++)
            for (size_t i = 0; i < G; i++)
                for (size_t j = 0; j < N; j++) {
                    size_t c = (n * G + i) * N + j;
                    w->flows[c] = s->s[c] * s->X[n * N + j];
                }
        for (size_t n = 0; n < G; n++)
            tsc__ge_region_measures(w->d, s->taup, w->w_hat, w->c_hat, w->pidx, w->flows, n, v + n * M, NULL);
        for (size_t k = 0; k < G * M; k++)
            if (!isfinite(v[k])) rc = TSC_ENUMERIC;
    }
    if (rc != TSC_OK)
        for (size_t k = 0; k < G * M; k++) v[k] = NAN;
    out->status[d] = rc;
    out->iterations[d] = s->iter;
}

static void *worker_main(void *arg)
{
    draws_worker *w = arg;
    draws_shared *sh = w->sh;
    for (;;) {
        pthread_mutex_lock(&sh->mu);
        size_t d = sh->next < sh->K ? sh->next++ : sh->K;
        pthread_mutex_unlock(&sh->mu);
        if (d == sh->K) break;
        run_draw(w, d);
        pthread_mutex_lock(&sh->mu);
        sh->done++;
        if (sh->out->status[d] != TSC_OK) sh->failed++;
        pthread_cond_signal(&sh->cv);
        pthread_mutex_unlock(&sh->mu);
    }
    pthread_mutex_lock(&sh->mu);
    sh->finished++;
    pthread_cond_signal(&sh->cv);
    pthread_mutex_unlock(&sh->mu);
    return NULL;
}

/* ---- statistics ------------------------------------------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Hyndman and Fan type 7 on sorted x[0..n-1], n >= 1. */
static double quantile7(const double *x, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n) return x[n - 1];
    return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

/* Mean (summed in draw order) and quantiles over the converged draws, per region and measure. */
static void statistics(tsc_ge_draws_result *r, double *scratch)
{
    size_t G = r->G, M = r->M, K = r->K;
    for (size_t q = 0; q < G * M; q++) {
        size_t n = 0;
        double sum = 0;
        for (size_t d = 0; d < K; d++) {
            if (r->status[d] != TSC_OK) continue;
            double v = r->values[d * G * M + q];
            sum += v;
            scratch[n++] = v;
        }
        if (n == 0) {
            r->mean[q] = r->p05[q] = r->p50[q] = r->p95[q] = NAN;
            continue;
        }
        qsort(scratch, n, sizeof *scratch, cmp_double);
        r->mean[q] = sum / (double)n;
        r->p05[q] = quantile7(scratch, n, 0.05);
        r->p50[q] = quantile7(scratch, n, 0.50);
        r->p95[q] = quantile7(scratch, n, 0.95);
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- the driver ---------------------------------------------------------------------------------------------------
 */

static int check_inputs(const tsc_ge_data *base, const double *se, const tsc_ge_result *point,
                        const tsc_ge_draws_opts *o, tsc_error *err)
{
    if (o->draws == 0) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "the number of draws must be at least 1");
    if (!(o->se_rel_default >= 0 && isfinite(o->se_rel_default)))
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0,
                          "the default relative standard error must be a number >= 0, "
                          "not %g",
                          o->se_rel_default);
    for (size_t j = 0; se && j < base->N; j++)
        if (!isnan(se[j]) && !(se[j] >= 0 && isfinite(se[j])))
            return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "the standard error of theta for sector %s is %g",
                              base->sectors[j], se[j]);
    if (point &&
        (point->G != base->G || point->N != base->N || !point->w_hat || !point->P_hat || !point->X || !point->flows))
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "the point solution is not one of this data");
    return TSC_OK;
}

/* Allocates worker w's data copy, solver and arrays, puts it at the point solution and, with Newton, computes the
 * Jacobian there (which also allocates the tangent solver's workspace now rather than during a draw). */
static int worker_init(draws_worker *w, draws_shared *sh, const tsc_ge_data *base, const double *tariff_new,
                       const tsc_ge_opts *so, tsc_error *err)
{
    size_t G = sh->G, N = sh->N;
    int rc = tsc_ge_data_copy(base, &w->d, err);
    if (!rc) rc = tsc_ge_solver_new(w->d, tariff_new, so, &w->s, err);
    if (rc) return rc;
    w->sh = sh;
    w->w_hat = tsc__alloc_doubles(G, 0);
    w->c_hat = tsc__alloc_doubles(G * N, 0);
    w->pidx = tsc__alloc_doubles(G, 0);
    w->flows = tsc__alloc_doubles(G * G * N, 0);
    if (!w->w_hat || !w->c_hat || !w->pidx || !w->flows)
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    if ((rc = restart(w->s, sh, err))) return rc;
    if (so->method == TSC_GE_NEWTON && (rc = tsc__ge_jacobian(w->s, err))) return rc;
    return TSC_OK;
}

/* Starts the workers, reports progress from this thread while they run, joins them; the number of threads that
 * did the work (with none to be had, this thread does it alone). */
static size_t run_threads(draws_worker *w, size_t T, draws_shared *sh, const tsc_ge_draws_opts *o)
{
    size_t started = 0, reported = 0, K = sh->K;
    for (; started < T; started++)
        if (pthread_create(&w[started].tid, NULL, worker_main, &w[started])) break;
    if (started == 0) worker_main(&w[0]);
    pthread_mutex_lock(&sh->mu);
    while (sh->finished < (started ? started : 1)) {
        if (o->progress && sh->done != reported) {
            size_t done = sh->done, failed = sh->failed;
            pthread_mutex_unlock(&sh->mu);
            o->progress(o->progress_ctx, done, K, failed);
            reported = done;
            pthread_mutex_lock(&sh->mu);
            continue;
        }
        pthread_cond_wait(&sh->cv, &sh->mu);
    }
    pthread_mutex_unlock(&sh->mu);
    for (size_t t = 0; t < started; t++) pthread_join(w[t].tid, NULL);
    if (o->progress && reported != K) o->progress(o->progress_ctx, K, K, sh->failed);
    return started ? started : 1;
}

int tsc_ge_draws_solve(const tsc_ge_data *base, const double *tariff_new, const double *se, const tsc_ge_result *point,
                       const tsc_ge_draws_opts *opts, tsc_ge_draws_result *out, tsc_error *err)
{
    memset(out, 0, sizeof *out);
    tsc_ge_draws_opts def;
    if (!opts) {
        tsc_ge_draws_opts_init(&def);
        opts = &def;
    }
    int rc = check_inputs(base, se, point, opts, err);
    if (rc) return rc;
    size_t G = base->G, N = base->N, K = opts->draws, gn = G * N;
    tsc_ge_result own = {0};
    draws_worker *w = NULL;
    double *lnw0 = NULL, *lnP0 = NULL, *J0 = NULL, *scratch = NULL;
    size_t T = 0, started;
    int sync = 0, blas_threads = 0;
    draws_shared sh;
    memset(&sh, 0, sizeof sh);

    if (!point) {
        tsc_error perr;
        rc = tsc_ge_solve(base, tariff_new, &opts->solve, NULL, NULL, &own, &perr);
        if (rc == TSC_GE_WNOCONV)
            rc = tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "the point solution did not converge (%s)", perr.msg);
        else if (rc && err) *err = perr;
        if (rc) goto fail;
        point = &own;
    }
    if (result_alloc(out, G, N, K) || !(lnw0 = tsc__alloc_doubles(G, 0)) || !(lnP0 = tsc__alloc_doubles(gn, 0)) ||
        !(J0 = tsc__alloc_doubles(G * G, 0)) || !(scratch = tsc__alloc_doubles(K, 0)))
        goto nomem;
    if ((rc = tsc_ge_measures(base, tariff_new, point, out->point, err))) goto fail;
    for (size_t j = 0; j < N; j++) out->se[j] = se && !isnan(se[j]) ? se[j] : opts->se_rel_default * base->theta[j];
    for (size_t n = 0; n < G; n++) lnw0[n] = log(point->w_hat[n]);
    for (size_t k = 0; k < gn; k++) lnP0[k] = log(point->P_hat[k]);

    T = opts->threads;
    if (T == 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        T = c > 0 ? (size_t)c : 1;
    }
    if (T > K) T = K;
    if (!(w = tsc__calloc(T, sizeof *w))) goto nomem;
    /* the parallelism is the draws': OpenBLAS's own threads would only contend with them (and a draw's BLAS calls
     * are small); restored at the end */
    blas_threads = openblas_get_num_threads();
    if (blas_threads != 1) openblas_set_num_threads(1);
    sh.theta0 = base->theta;
    sh.se = out->se;
    sh.lnw0 = lnw0;
    sh.lnP0 = lnP0;
    sh.X0 = point->X;
    sh.J0 = NULL; /* worker 0 computes it, at the point, with the point's theta */
    sh.seed = opts->seed;
    sh.K = K;
    sh.G = G;
    sh.N = N;
    sh.out = out;
    for (size_t t = 0; t < T; t++) {
        if ((rc = worker_init(&w[t], &sh, base, tariff_new, &opts->solve, err))) goto fail;
        if (t == 0 && opts->solve.method == TSC_GE_NEWTON) {
            memcpy(J0, w[0].s->J, G * G * sizeof *J0);
            sh.J0 = J0;
        }
    }
    if (pthread_mutex_init(&sh.mu, NULL)) goto nomem;
    if (pthread_cond_init(&sh.cv, NULL)) {
        pthread_mutex_destroy(&sh.mu);
        goto nomem;
    }
    sync = 1;

    double t0 = now();
    started = run_threads(w, T, &sh, opts);
    out->seconds = now() - t0;
    out->threads = started;
    out->failed = sh.failed;
    out->converged = K - sh.failed;
    statistics(out, scratch);
    rc = out->failed ? tsc__error(err, TSC_GE_WNOCONV, NULL, 0, 0,
                                  "%zu of %zu draws of theta did not converge; the statistics use the other %zu",
                                  out->failed, K, out->converged)
                     : TSC_OK;
    goto done;
nomem:
    rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
fail:
    tsc_ge_draws_result_free(out);
done:
    if (blas_threads > 1) openblas_set_num_threads(blas_threads);
    if (sync) {
        pthread_cond_destroy(&sh.cv);
        pthread_mutex_destroy(&sh.mu);
    }
    for (size_t t = 0; w && t < T; t++) worker_free(&w[t]);
    tsc__free(w);
    tsc_ge_result_free(&own);
    tsc__free(lnw0);
    tsc__free(lnP0);
    tsc__free(J0);
    tsc__free(scratch);
    return rc;
}
