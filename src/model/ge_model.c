/* The equilibrium conditions of the Caliendo-Parro model at given wages: prices (1)-(2), trade shares (3),
 * expenditure (4) and the excess function (5) of include/tariffscope/ge.h. */
#include <math.h>
#include <string.h>

#include "error_int.h"
#include "ge_int.h"

/* The kernels' scratch, s->work: TSC__GE_SCRATCH_SLICES slices of G*N. The price solve (with the shares that follow
 * it) and the expenditure solve never run at the same time, so each names the same three slices for its own use. */
typedef struct price_work {
    double *e;    /* slice 0: e[i,j] = exp(-theta_j (ln ĉ[i,j] - m_j)) */
    double *sum;  /* slice 1: sum[n,j] = sum_i pit[n,i,j] e[i,j] */
    double *next; /* slice 2: the price map's new ln P̂; its first N entries hold the shifts m_j meanwhile */
} price_work;

typedef struct expenditure_work {
    double *x;  /* slice 0: the iterate, expenditure scaled by region, X[n,j] / Xscale[n] */
    double *gx; /* slice 1: the expenditure map of x */
    double *X;  /* slice 2: x unscaled, as the map reads it */
} expenditure_work;

static price_work price_slices(const tsc_ge_solver *s)
{
    size_t gn = s->G * s->N;
    return (price_work){s->work, s->work + gn, s->work + 2 * gn};
}

static expenditure_work expenditure_slices(const tsc_ge_solver *s)
{
    size_t gn = s->G * s->N;
    return (expenditure_work){s->work, s->work + gn, s->work + 2 * gn};
}

/* ln ĉ from ln ŵ and ln P̂: lnc[i,j] = gamma_va[i,j] lnw[i] + sum_k gamma_io[i,k,j] lnP[i,k]. */
static void unit_costs(const tsc_ge_solver *s, const double *lnP, double *lnc)
{
    const tsc_ge_data *d = s->d;
    size_t G = s->G, N = s->N;
    for (size_t i = 0; i < G; i++) {
        double *c = lnc + i * N;
        const double *gv = d->gamma_va + i * N;
        for (size_t j = 0; j < N; j++) c[j] = gv[j] * s->lnw[i];
        for (size_t k = 0; k < N; k++) {
            double p = lnP[i * N + k];
            if (p == 0) continue;
            const double *g = d->gamma_io + (i * N + k) * N;
            for (size_t j = 0; j < N; j++) c[j] += g[j] * p;
        }
    }
}

/* What the price map and the shares share: from lnc, the shifts m_j = min_i lnc[i,j] (so no exponential overflows),
 * e[i,j] = exp(-theta_j (lnc[i,j] - m_j)) and sum[n,j] = sum_i pit[n,i,j] e[i,j]. */
static void cost_terms(const tsc_ge_solver *s, const double *lnc, double *m, double *e, double *sum)
{
    const tsc_ge_data *d = s->d;
    size_t G = s->G, N = s->N;
    for (size_t j = 0; j < N; j++) m[j] = lnc[j];
    for (size_t i = 1; i < G; i++)
        for (size_t j = 0; j < N; j++)
            if (lnc[i * N + j] < m[j]) m[j] = lnc[i * N + j];
    for (size_t i = 0; i < G; i++)
        for (size_t j = 0; j < N; j++) e[i * N + j] = exp(-d->theta[j] * (lnc[i * N + j] - m[j]));
    memset(sum, 0, G * N * sizeof *sum);
    for (size_t n = 0; n < G; n++) {
        double *sm = sum + n * N;
        for (size_t i = 0; i < G; i++) {
            const double *p = s->pit + (n * G + i) * N, *ei = e + i * N;
            for (size_t j = 0; j < N; j++) sm[j] += p[j] * ei[j];
        }
    }
}

/* The price map: the new ln P̂[n,j] = m_j - ln(sum[n,j]) / theta_j into w->next. */
static void price_map(const tsc_ge_solver *s, const double *lnc, const price_work *w)
{
    size_t G = s->G, N = s->N;
    double *m = w->next, *lnP = w->next;
    cost_terms(s, lnc, m, w->e, w->sum);
    /* region 0 last: its row holds the shifts until then */
    for (size_t n = G; n-- > 0;)
        for (size_t j = 0; j < N; j++) lnP[n * N + j] = m[j] - log(w->sum[n * N + j]) / s->d->theta[j];
}

/* One sweep of the price system (1)-(2): next = map(lnP). */
static void price_sweep(void *ctx, const double *lnP, double *next)
{
    tsc_ge_solver *s = ctx;
    price_work w = price_slices(s);
    w.next = next;
    unit_costs(s, lnP, s->lnc);
    price_map(s, s->lnc, &w);
}

int tsc__ge_prices(tsc_ge_solver *s, tsc_error *err)
{
    size_t gn = s->G * s->N;
    if (s->o.cold_start) memset(s->lnP, 0, gn * sizeof *s->lnP);
    int fp = tsc__ge_fixed_point(&s->acc_p, s->lnP, price_slices(s).next, s->o.inner_tol, s->o.inner_max_iter, 1,
                                 price_sweep, s, &s->price_sweeps);
    if (fp == TSC__GE_FP_NONFINITE)
        return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "prices are not finite at these wages");
    if (fp == TSC__GE_FP_NOCONV)
        return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "the price system did not converge in %zu sweeps",
                          s->o.inner_max_iter);
    unit_costs(s, s->lnP, s->lnc);
    return TSC_OK;
}

/* Trade shares pi' = pit e / sum (equation (3) without a second exponential), s = pi'/(1+tau'), S = sum_i s. */
static void shares(tsc_ge_solver *s)
{
    size_t G = s->G, N = s->N;
    price_work w = price_slices(s);
    cost_terms(s, s->lnc, w.next, w.e, w.sum);
    memset(s->S, 0, G * N * sizeof *s->S);
    for (size_t n = 0; n < G; n++)
        for (size_t i = 0; i < G; i++) {
            size_t c0 = (n * G + i) * N;
            for (size_t j = 0; j < N; j++) {
                double p = s->pit[c0 + j] * w.e[i * N + j] / w.sum[n * N + j];
                s->pip[c0 + j] = p;
                s->s[c0 + j] = p * s->tinv[c0 + j];
                s->S[n * N + j] += s->s[c0 + j];
            }
        }
}

/* Sales Y[i,k] = sum_m s[m,i,k] X[m,k]. */
static void sales(const tsc_ge_solver *s, const double *X, double *Y)
{
    size_t G = s->G, N = s->N;
    memset(Y, 0, G * N * sizeof *Y);
    for (size_t m = 0; m < G; m++) {
        const double *xm = X + m * N;
        for (size_t i = 0; i < G; i++) {
            const double *sv = s->s + (m * G + i) * N;
            double *y = Y + i * N;
            for (size_t k = 0; k < N; k++) y[k] += sv[k] * xm[k];
        }
    }
}

/* X[n,j] = x[n,j] Xscale[n]: scaled expenditure back in money. */
static void unscale(const tsc_ge_solver *s, const double *x, double *X)
{
    size_t G = s->G, N = s->N;
    for (size_t n = 0; n < G; n++)
        for (size_t j = 0; j < N; j++) X[n * N + j] = x[n * N + j] * s->Xscale[n];
}

/* The expenditure map on scaled expenditure x[n,j] = X[n,j] / Xscale[n]:
 * X[n,j] <- sum_k gamma_io[n,j,k] Y[n,k] + alpha[n,j] (ŵ_n wL_n + D_n + sum_k (1 - S[n,k]) X[n,k]). */
static void expenditure_sweep(void *ctx, const double *x, double *gx)
{
    tsc_ge_solver *s = ctx;
    const tsc_ge_data *d = s->d;
    size_t G = s->G, N = s->N;
    double *X = expenditure_slices(s).X, *Y = s->Y;
    unscale(s, x, X);
    sales(s, X, Y);
    for (size_t n = 0; n < G; n++) {
        double inc = exp(s->lnw[n]) * d->va[n] + d->deficit[n];
        for (size_t k = 0; k < N; k++) inc += (1 - s->S[n * N + k]) * X[n * N + k];
        double inv = 1 / s->Xscale[n];
        for (size_t j = 0; j < N; j++) {
            const double *g = d->gamma_io + (n * N + j) * N, *y = Y + n * N;
            double v = 0;
            for (size_t k = 0; k < N; k++) v += g[k] * y[k];
            gx[n * N + j] = (v + d->alpha[n * N + j] * inc) * inv;
        }
    }
}

int tsc__ge_equilibrium(tsc_ge_solver *s, tsc_error *err)
{
    const tsc_ge_data *d = s->d;
    size_t G = s->G, N = s->N, gn = G * N;
    shares(s);
    expenditure_work w = expenditure_slices(s);
    if (s->o.cold_start) memcpy(s->X, d->X, gn * sizeof *s->X);
    for (size_t n = 0; n < G; n++)
        for (size_t j = 0; j < N; j++) w.x[n * N + j] = s->X[n * N + j] / s->Xscale[n];
    int fp = tsc__ge_fixed_point(&s->acc_x, w.x, w.gx, s->o.inner_tol, s->o.inner_max_iter, 1, expenditure_sweep, s,
                                 &s->expenditure_sweeps);
    if (fp == TSC__GE_FP_NONFINITE) return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "expenditure is not finite");
    if (fp == TSC__GE_FP_NOCONV)
        return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "the expenditure system did not converge in %zu sweeps",
                          s->o.inner_max_iter);
    unscale(s, w.x, s->X);
    sales(s, s->X, s->Y);
    for (size_t n = 0; n < G; n++) {
        double imp = 0, exp_ = 0;
        for (size_t j = 0; j < N; j++) {
            imp += s->S[n * N + j] * s->X[n * N + j];
            exp_ += s->Y[n * N + j];
        }
        s->Z[n] = imp - exp_ - d->deficit[n];
    }
    return TSC_OK;
}

int tsc__ge_evaluate(tsc_ge_solver *s, tsc_error *err)
{
    for (size_t n = 0; n < s->G; n++) s->w[n] = exp(s->lnw[n]);
    int rc = tsc__ge_prices(s, err);
    if (!rc) rc = tsc__ge_equilibrium(s, err);
    if (rc) return rc;
    double r = 0;
    for (size_t n = 0; n < s->G; n++) {
        double v = fabs(s->Z[n]) / s->d->va[n];
        if (!(v <= r)) r = v;
    }
    s->residual = r;
    if (!isfinite(r)) return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "the excess function is not finite");
    return TSC_OK;
}
