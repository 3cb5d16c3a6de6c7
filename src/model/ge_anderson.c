/* Anderson acceleration of fixed-point iterations, for the inner solves of the general-equilibrium model. */
#include <cblas.h>
#include <math.h>
#include <string.h>

#include "alloc_int.h"
#include "conv_int.h"
#include "ge_int.h"

/* Relative ridge added to the Gram matrix: keeps the normal equations solvable when the differences become
 * nearly dependent (close to convergence), at no cost to the fixed point itself, which the caller tests. */
#define ANDERSON_RIDGE 1e-12

int tsc__anderson_init(ge_anderson *a, size_t dim, size_t m)
{
    memset(a, 0, sizeof *a);
    a->dim = dim;
    a->m = m > 16 ? 16 : m;
    m = a->m;
    if (m == 0) return TSC_OK;
    size_t dm;
    if (tsc__mul_size(dim, m, &dm)) return TSC_ENOMEM;
    a->dF = tsc__alloc_doubles(dm, 0);
    a->dG = tsc__alloc_doubles(dm, 0);
    a->fprev = tsc__alloc_doubles(dim, 0);
    a->gprev = tsc__alloc_doubles(dim, 0);
    a->gram = tsc__alloc_doubles(m * m, 0);
    a->chol = tsc__alloc_doubles(m * m, 0);
    a->gam = tsc__alloc_doubles(m, 0);
    a->rhs = tsc__alloc_doubles(m, 0);
    if (!a->dF || !a->dG || !a->fprev || !a->gprev || !a->gram || !a->chol || !a->gam || !a->rhs) {
        tsc__anderson_free(a);
        return TSC_ENOMEM;
    }
    return TSC_OK;
}

void tsc__anderson_reset(ge_anderson *a)
{
    a->count = a->head = 0;
    a->started = 0;
}

void tsc__anderson_free(ge_anderson *a)
{
    tsc__free(a->dF);
    tsc__free(a->dG);
    tsc__free(a->fprev);
    tsc__free(a->gprev);
    tsc__free(a->gram);
    tsc__free(a->chol);
    tsc__free(a->gam);
    tsc__free(a->rhs);
    memset(a, 0, sizeof *a);
}

/* Solves (gram + ridge) gam = rhs for the first k columns by Cholesky; -1 if not positive definite. */
static int solve_normal(ge_anderson *a, size_t k)
{
    size_t m = a->m;
    double big = 0;
    for (size_t i = 0; i < k; i++)
        if (a->gram[i * m + i] > big) big = a->gram[i * m + i];
    if (!(big > 0)) return -1;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j <= i; j++) {
            double v = a->gram[i * m + j] + (i == j ? ANDERSON_RIDGE * big : 0);
            for (size_t l = 0; l < j; l++) v -= a->chol[i * m + l] * a->chol[j * m + l];
            if (i == j) {
                if (!(v > 0)) return -1;
                a->chol[i * m + i] = sqrt(v);
            } else {
                a->chol[i * m + j] = v / a->chol[j * m + j];
            }
        }
    for (size_t i = 0; i < k; i++) {
        double v = a->rhs[i];
        for (size_t l = 0; l < i; l++) v -= a->chol[i * m + l] * a->gam[l];
        a->gam[i] = v / a->chol[i * m + i];
    }
    for (size_t i = k; i-- > 0;) {
        double v = a->gam[i];
        for (size_t l = i + 1; l < k; l++) v -= a->chol[l * m + i] * a->gam[l];
        a->gam[i] = v / a->chol[i * m + i];
    }
    return 0;
}

void tsc__anderson_step(ge_anderson *a, double *x, const double *gx)
{
    size_t n = a->dim, m = a->m;
    if (m == 0) {
        memcpy(x, gx, n * sizeof *x);
        return;
    }
    /* the newest differences replace column head; then f_k = g(x) - x is kept in fprev */
    if (a->started) {
        size_t h = a->head;
        double *df = a->dF + h * n, *dg = a->dG + h * n;
        for (size_t i = 0; i < n; i++) {
            double f = gx[i] - x[i];
            df[i] = f - a->fprev[i];
            dg[i] = gx[i] - a->gprev[i];
        }
        if (a->count < m) a->count++;
        /* row and column h of the Gram matrix: dF' df over the columns in use (0 .. count-1) */
        cblas_dgemv(CblasColMajor, CblasTrans, (int)n, (int)a->count, 1.0, a->dF, (int)n, df, 1, 0.0, a->rhs, 1);
        for (size_t l = 0; l < a->count; l++) a->gram[h * m + l] = a->gram[l * m + h] = a->rhs[l];
        a->head = (h + 1) % m;
    }
    for (size_t i = 0; i < n; i++) {
        a->fprev[i] = gx[i] - x[i];
        a->gprev[i] = gx[i];
    }
    a->started = 1;
    memcpy(x, gx, n * sizeof *x);
    if (a->count == 0) return;
    cblas_dgemv(CblasColMajor, CblasTrans, (int)n, (int)a->count, 1.0, a->dF, (int)n, a->fprev, 1, 0.0, a->rhs, 1);
    if (solve_normal(a, a->count) != 0) {
        tsc__anderson_reset(a); /* plain step, fresh history */
        return;
    }
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)n, (int)a->count, -1.0, a->dG, (int)n, a->gam, 1, 1.0, x, 1);
}

int tsc__ge_fixed_point(ge_anderson *acc, double *x, double *gx, double tol, size_t max_iter, int restart, ge_map map,
                        void *ctx, size_t *sweeps)
{
    size_t dim = acc->dim;
    double best = INFINITY;
    tsc__anderson_reset(acc);
    for (size_t it = 0; it < max_iter; it++) {
        map(ctx, x, gx);
        (*sweeps)++;
        double change = tsc__ge_max_change(gx, x, dim);
        if (!isfinite(change)) return TSC__GE_FP_NONFINITE;
        if (tsc__converged(change, tol)) {
            memcpy(x, gx, dim * sizeof *x);
            return TSC__GE_FP_CONVERGED;
        }
        if (restart) {
            if (change > TSC__GE_ANDERSON_RESTART * best) tsc__anderson_reset(acc);
            if (change < best) best = change;
        }
        tsc__anderson_step(acc, x, gx);
    }
    return TSC__GE_FP_NOCONV;
}
