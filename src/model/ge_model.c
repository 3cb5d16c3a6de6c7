/* The equilibrium conditions of the Caliendo-Parro model at given wages: prices (1)-(2), trade shares (3),
 * expenditure (4) and the excess function (5) of include/tariffscope/ge.h. */
#include <math.h>
#include <string.h>

#include "error_int.h"
#include "ge_int.h"

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

/* The price map: from lnc, e[i,j] = exp(-theta_j (lnc[i,j] - m_j)) with m_j = min_i lnc[i,j] (no overflow), the
 * sums sum[n,j] = sum_i pit[n,i,j] e[i,j] and the new ln P̂[n,j] = m_j - ln(sum[n,j]) / theta_j. */
static void price_map(const tsc_ge_solver *s, const double *lnc, double *e, double *sum, double *lnP)
{
    const tsc_ge_data *d = s->d;
    size_t G = s->G, N = s->N;
    double *mj = lnP; /* lnP doubles as the shifts until the end */
    for (size_t j = 0; j < N; j++) mj[j] = lnc[j];
    for (size_t i = 1; i < G; i++)
        for (size_t j = 0; j < N; j++)
            if (lnc[i * N + j] < mj[j]) mj[j] = lnc[i * N + j];
    for (size_t i = 0; i < G; i++)
        for (size_t j = 0; j < N; j++) e[i * N + j] = exp(-d->theta[j] * (lnc[i * N + j] - mj[j]));
    memset(sum, 0, G * N * sizeof *sum);
    for (size_t n = 0; n < G; n++) {
        double *sm = sum + n * N;
        for (size_t i = 0; i < G; i++) {
            const double *p = s->pit + (n * G + i) * N, *ei = e + i * N;
            for (size_t j = 0; j < N; j++) sm[j] += p[j] * ei[j];
        }
    }
    for (size_t n = G; n-- > 0;)
        for (size_t j = 0; j < N; j++) lnP[n * N + j] = mj[j] - log(sum[n * N + j]) / d->theta[j];
}

int tsc__ge_prices(tsc_ge_solver *s, tsc_error *err)
{
    size_t G = s->G, N = s->N, gn = G * N;
    double *e = s->work, *sum = s->work + gn, *g = s->work + 2 * gn;
    if (s->o.cold_start) memset(s->lnP, 0, gn * sizeof *s->lnP);
    tsc__anderson_reset(&s->acc_p);
    double best = INFINITY;
    for (size_t it = 0; it < s->o.inner_max_iter; it++) {
        unit_costs(s, s->lnP, s->lnc);
        price_map(s, s->lnc, e, sum, g);
        s->price_sweeps++;
        double dmax = 0;
        for (size_t k = 0; k < gn; k++) {
            double dv = fabs(g[k] - s->lnP[k]);
            if (!(dv <= dmax)) dmax = dv; /* NaN propagates */
        }
        if (!isfinite(dmax)) return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "prices are not finite at these wages");
        if (dmax <= s->o.inner_tol) {
            memcpy(s->lnP, g, gn * sizeof *g);
            unit_costs(s, s->lnP, s->lnc);
            return TSC_OK;
        }
        /* a stalled acceleration (rounding, or a poor history) restarts from the plain step */
        if (dmax > 10 * best) tsc__anderson_reset(&s->acc_p);
        if (dmax < best) best = dmax;
        tsc__anderson_step(&s->acc_p, s->lnP, g);
    }
    return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "the price system did not converge in %zu sweeps",
                      s->o.inner_max_iter);
}

/* Trade shares pi' = pit e / sum (equation (3) without a second exponential), s = pi'/(1+tau'), S = sum_i s. */
static void shares(tsc_ge_solver *s)
{
    size_t G = s->G, N = s->N, gn = G * N;
    double *e = s->work, *sum = s->work + gn;
    const tsc_ge_data *d = s->d;
    double *mj = s->work + 2 * gn;
    for (size_t j = 0; j < N; j++) mj[j] = s->lnc[j];
    for (size_t i = 1; i < G; i++)
        for (size_t j = 0; j < N; j++)
            if (s->lnc[i * N + j] < mj[j]) mj[j] = s->lnc[i * N + j];
    for (size_t i = 0; i < G; i++)
        for (size_t j = 0; j < N; j++) e[i * N + j] = exp(-d->theta[j] * (s->lnc[i * N + j] - mj[j]));
    memset(sum, 0, gn * sizeof *sum);
    for (size_t n = 0; n < G; n++)
        for (size_t i = 0; i < G; i++) {
            const double *p = s->pit + (n * G + i) * N, *ei = e + i * N;
            for (size_t j = 0; j < N; j++) sum[n * N + j] += p[j] * ei[j];
        }
    memset(s->S, 0, gn * sizeof *s->S);
    for (size_t n = 0; n < G; n++)
        for (size_t i = 0; i < G; i++) {
            size_t c0 = (n * G + i) * N;
            for (size_t j = 0; j < N; j++) {
                double p = s->pit[c0 + j] * e[i * N + j] / sum[n * N + j];
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

/* The expenditure map on scaled expenditure x[n,j] = X[n,j] / Xscale[n]:
 * X[n,j] <- sum_k gamma_io[n,j,k] Y[n,k] + alpha[n,j] (ŵ_n wL_n + D_n + sum_k (1 - S[n,k]) X[n,k]). */
static void expenditure_map(const tsc_ge_solver *s, const double *x, double *X, double *Y, double *gx)
{
    const tsc_ge_data *d = s->d;
    size_t G = s->G, N = s->N;
    for (size_t n = 0; n < G; n++)
        for (size_t j = 0; j < N; j++) X[n * N + j] = x[n * N + j] * s->Xscale[n];
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
    double *x = s->work, *gx = s->work + gn, *Xt = s->work + 2 * gn;
    if (s->o.cold_start) memcpy(s->X, d->X, gn * sizeof *s->X);
    for (size_t n = 0; n < G; n++)
        for (size_t j = 0; j < N; j++) x[n * N + j] = s->X[n * N + j] / s->Xscale[n];
    tsc__anderson_reset(&s->acc_x);
    double best = INFINITY;
    size_t it;
    for (it = 0; it < s->o.inner_max_iter; it++) {
        expenditure_map(s, x, Xt, s->Y, gx);
        s->expenditure_sweeps++;
        double dmax = 0;
        for (size_t k = 0; k < gn; k++) {
            double dv = fabs(gx[k] - x[k]);
            if (!(dv <= dmax)) dmax = dv;
        }
        if (!isfinite(dmax)) return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "expenditure is not finite");
        if (dmax <= s->o.inner_tol) {
            memcpy(x, gx, gn * sizeof *x);
            break;
        }
        if (dmax > 10 * best) tsc__anderson_reset(&s->acc_x);
        if (dmax < best) best = dmax;
        tsc__anderson_step(&s->acc_x, x, gx);
    }
    if (it == s->o.inner_max_iter)
        return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "the expenditure system did not converge in %zu sweeps",
                          s->o.inner_max_iter);
    for (size_t n = 0; n < G; n++)
        for (size_t j = 0; j < N; j++) s->X[n * N + j] = x[n * N + j] * s->Xscale[n];
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
