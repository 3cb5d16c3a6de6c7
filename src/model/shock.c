/* The cost-push price model of a tariff scenario, and who bears the tariff: a first-order answer before any
 * substitution (Miller & Blair 2009, section 2.6; docs/MODELS.md section 4). */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "leontief_int.h"
#include "tariffscope/shock.h"

void tsc_shock_free(tsc_shock *s)
{
    if (!s) return;
    tsc__free(s->price_change);
    tsc__free(s->cpi_change);
    tsc__free(s->revenue);
    tsc__free(s->revenue_base);
    tsc__free(s->burden);
    tsc__free(s->output_change);
    memset(s, 0, sizeof *s);
}

static double kappa(const tsc_tariffs *tr, size_t n, size_t i, size_t k)
{
    if (n == i) return 1.0;
    size_t c = (n * tr->G + i) * tr->N + k;
    return (1.0 + tr->rate[c] / 100.0) / (1.0 + tr->base[c] / 100.0);
}

/* Unit-cost prices: (I - (A o K))' p = v. With p = p0 + dp and (I - A)' p0 = v, dp solves
 * (I - (A o K))' dp = ((A o (K - 1))' p0): exactly zero when K = 1. */
static int prices(const tsc_table *t, tsc_leontief *lf, const tsc_tariffs *tr, double *p0, double *dp, double *resid,
                  tsc_error *err)
{
    size_t n = lf->n, N = tsc_table_nsectors(t);
    const double *Z = tsc_table_Z(t);
    memcpy(p0, lf->v, n * sizeof *p0);
    int rc = tsc_leontief_solve(lf, 1, 1, p0, n, NULL, err);
    if (rc) return rc;
    int changed = 0;
    for (size_t c = 0; c < tr->G * tr->G * tr->N && !changed; c++) changed = tr->rate[c] != tr->base[c];
    memset(dp, 0, n * sizeof *dp);
    *resid = 0;
    if (!changed) return TSC_OK;
    double *M = tsc__alloc_doubles(n * n, 0), *rhs = tsc__alloc_doubles(2 * n, 0);
    lapack_int *ipiv = tsc__malloc(n * sizeof *ipiv);
    if (!M || !rhs || !ipiv) {
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    /* M = (I - A o K)', built row by row of the transpose: M[j, i] = delta_ij - a_ij kappa */
    double norm = 0; /* inf-norm of (I - A o K)' */
    for (size_t j = 0; j < n; j++) {
        size_t nj = j / N;
        double acc = 0, row = 0;
        for (size_t i = 0; i < n; i++) {
            double kap = kappa(tr, nj, i / N, i % N), a = Z[i + j * n] * lf->xinv[j];
            M[j + i * n] = (i == j) - a * kap;
            row += fabs(M[j + i * n]);
            acc += a * (kap - 1.0) * p0[i];
        }
        rhs[j] = acc;
        if (row > norm) norm = row;
    }
    memcpy(dp, rhs, n * sizeof *dp);
    lapack_int info = LAPACKE_dgesv(LAPACK_COL_MAJOR, (lapack_int)n, 1, M, (lapack_int)n, ipiv, dp, (lapack_int)n);
    if (info != 0) {
        rc = tsc__error(err, TSC_ESINGULAR, NULL, 0, 0, "I - (A o K) is singular under this scenario");
        goto done;
    }
    /* residual r = rhs - (I - A o K)' dp, recomputed from Z */
    double rmax = 0, xmax = 0, bmax = 0;
    for (size_t j = 0; j < n; j++) {
        size_t nj = j / N;
        double acc = dp[j];
        for (size_t i = 0; i < n; i++) acc -= Z[i + j * n] * lf->xinv[j] * kappa(tr, nj, i / N, i % N) * dp[i];
        double r = fabs(rhs[j] - acc);
        if (!(r <= rmax)) rmax = r;
        if (fabs(dp[j]) > xmax) xmax = fabs(dp[j]);
        if (fabs(rhs[j]) > bmax) bmax = fabs(rhs[j]);
    }
    *resid = xmax + bmax > 0 ? rmax / (norm * xmax + bmax) : rmax;
    if (!(*resid <= TSC_LEONTIEF_RESID_TOL))
        rc = tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "price solve failed its residual check (%.3g)", *resid);
    for (size_t i = 0; i < n && !rc; i++)
        if (!isfinite(dp[i])) rc = tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "non-finite price change");
done:
    tsc__free(M);
    tsc__free(rhs);
    tsc__free(ipiv);
    return rc;
}

int tsc_shock_run(const tsc_table *t, tsc_leontief *lf, const tsc_tariffs *tr, tsc_shock *out, tsc_error *err)
{
    size_t G = tsc_table_nregions(t), N = tsc_table_nsectors(t), n = G * N;
    memset(out, 0, sizeof *out);
    if (tr->G != G || tr->N != N) return tsc__error(err, TSC_EDIM, NULL, 0, 0, "tariffs computed on another table");
    out->G = G;
    out->N = N;
    out->n = n;
    out->price_change = tsc__alloc_doubles(n, 1);
    out->cpi_change = tsc__alloc_doubles(G, 1);
    out->revenue = tsc__alloc_doubles(G, 1);
    out->revenue_base = tsc__alloc_doubles(G, 1);
    out->burden = tsc__alloc_doubles(G * G * G * N, 1);
    out->output_change = tsc__alloc_doubles(n, 1);
    double *p0 = tsc__alloc_doubles(n, 0), *dp = tsc__alloc_doubles(n, 0), *Yc = tsc__alloc_doubles(n * G, 0),
           *W = tsc__alloc_doubles(n * G, 1), *Mimp = tsc__alloc_doubles(n * G, 1);
    int rc = TSC_OK;
    if (!out->price_change || !out->cpi_change || !out->revenue || !out->revenue_base || !out->burden ||
        !out->output_change || !p0 || !dp || !Yc || !W || !Mimp) {
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    if ((rc = prices(t, lf, tr, p0, dp, &out->residual, err))) goto done;
    for (size_t i = 0; i < n; i++) out->price_change[i] = p0[i] != 0 ? 100.0 * dp[i] / p0[i] : 0.0;

    /* consumer prices: final-demand weighted, each purchase from abroad scaled by its kappa */
    tsc_table_y_by_region(t, Yc);
    for (size_t c = 0; c < G; c++) {
        double base = 0, delta = 0;
        for (size_t i = 0; i < n; i++) {
            double y = Yc[i + c * n], kap = kappa(tr, c, i / N, i % N);
            base += y * p0[i];
            delta += y * (kap * (p0[i] + dp[i]) - p0[i]);
        }
        out->cpi_change[c] = base != 0 ? 100.0 * delta / base : 0.0;
    }

    /* imports M_{n,(ik)} = sum_{j in n} Z_{(ik),j} + Y_{(ik),n}, and revenue */
    const double *Z = tsc_table_Z(t);
    for (size_t j = 0; j < n; j++) {
        size_t nj = j / N;
        for (size_t i = 0; i < n; i++) Mimp[i + nj * n] += Z[i + j * n];
    }
    for (size_t c = 0; c < G; c++)
        for (size_t i = 0; i < n; i++) {
            Mimp[i + c * n] += Yc[i + c * n];
            if (i / N == c) {
                Mimp[i + c * n] = 0;
                continue;
            }
            size_t cell = (c * G + i / N) * N + i % N;
            out->revenue[c] += tr->rate[cell] / 100.0 * Mimp[i + c * n];
            out->revenue_base[c] += tr->base[cell] / 100.0 * Mimp[i + c * n];
        }

    /* W[j, s] = (V^s B)_j: origin s's value added per unit of row j's output, by transposed solves */
    for (size_t s = 0; s < G; s++)
        for (size_t k = 0; k < N; k++) W[s * N + k + s * n] = lf->v[s * N + k];
    if ((rc = tsc_leontief_solve(lf, 1, G, W, n, NULL, err))) goto done;
    for (size_t c = 0; c < G; c++)
        for (size_t i = 0; i < n; i++) {
            size_t m = i / N, k = i % N;
            if (m == c) continue;
            size_t cell = (c * G + m) * N + k;
            double dtau = (tr->rate[cell] - tr->base[cell]) / 100.0;
            if (dtau == 0) continue;
            double paid = dtau * Mimp[i + c * n];
            for (size_t s = 0; s < G; s++) out->burden[((s * G + c) * G + m) * N + k] = paid * W[i + s * n];
        }

    /* output: each final-demand cell's spending held, so its volume falls with what the buyer pays per unit,
     * kappa (p0 + dp) / p0; then dx = L dy (one solve) */
    for (size_t i = 0; i < n; i++) {
        double dy = 0;
        for (size_t c = 0; c < G; c++) {
            double y = Yc[i + c * n], paid = kappa(tr, c, i / N, i % N) * (p0[i] + dp[i]);
            if (y != 0 && paid > 0 && p0[i] > 0) dy += y * (p0[i] / paid - 1.0);
        }
        out->output_change[i] = dy;
    }
    rc = tsc_leontief_solve(lf, 0, 1, out->output_change, n, NULL, err);
done:
    tsc__free(p0);
    tsc__free(dp);
    tsc__free(Yc);
    tsc__free(W);
    tsc__free(Mimp);
    if (rc) tsc_shock_free(out);
    return rc;
}
