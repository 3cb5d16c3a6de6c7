/* Results built on the Leontief factorisation: multipliers, linkages, Ghosh solves, V^BY, the inverse. */
#include <cblas.h>
#include <math.h>
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "leontief_int.h"

static void scale_by_mean(double *dst, const double *src, size_t n)
{
    double mean = 0;
    for (size_t i = 0; i < n; i++) mean += src[i];
    mean /= (double)n;
    for (size_t i = 0; i < n; i++) dst[i] = src[i] / mean;
}

int tsc_leontief_multipliers(tsc_leontief *lf, const tsc_multipliers *m, tsc_error *err)
{
    size_t n = lf->n;
    double *w = tsc__alloc_doubles(2 * n, 0);
    if (!w) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    double *cols = w, *vl = w + n;
    int rc = TSC_OK;
    if (m->output || m->backward || m->va) {
        /* columns: 1'L and v'L are the solutions of (I - A)' m = 1 and (I - A)' m = v, solved together */
        for (size_t i = 0; i < n; i++) {
            cols[i] = 1.0;
            vl[i] = lf->v[i];
        }
        if ((rc = tsc_leontief_solve(lf, 1, 2, w, n, NULL, err))) goto done;
        if (m->output) memcpy(m->output, cols, n * sizeof *cols);
        if (m->va) memcpy(m->va, vl, n * sizeof *vl);
        if (m->backward) scale_by_mean(m->backward, cols, n);
    }
    if (m->forward) {
        for (size_t i = 0; i < n; i++) cols[i] = 1.0;
        if ((rc = tsc_leontief_ghosh_solve(lf, 1, cols, n, err))) goto done;
        scale_by_mean(m->forward, cols, n);
    }
done:
    tsc__free(w);
    return rc;
}

const char *tsc_multipliers_column(size_t k)
{
    static const char *const names[TSC_MULTIPLIERS_NCOLS] = {"x", "output_multiplier", "va_coefficient",
                                                             "backward_linkage", "forward_linkage"};
    return k < TSC_MULTIPLIERS_NCOLS ? names[k] : NULL;
}

int tsc_leontief_multipliers_table(tsc_leontief *lf, double *out, tsc_error *err)
{
    size_t n = lf->n;
    tsc_multipliers m = {out + n, NULL, out + 3 * n, out + 4 * n};
    int rc = tsc_leontief_multipliers(lf, &m, err);
    if (rc) return rc;
    memcpy(out, tsc_table_x(lf->t), n * sizeof *out);
    memcpy(out + 2 * n, lf->v, n * sizeof *out);
    return TSC_OK;
}

/* (I - B) g = b with B = x^-1 Z. For rows with x > 0, h = x o g solves (I - A) h = x o b + Z_D b_D, where D are
 * the degenerate sectors (their A columns are zero, so h on D never feeds back); rows in D of I - B are unit rows,
 * so g_D = b_D. */
int tsc_leontief_ghosh_solve(tsc_leontief *lf, size_t nrhs, double *b, size_t ldb, tsc_error *err)
{
    size_t n = lf->n, cnt;
    const double *Z = tsc_table_Z(lf->t), *x = tsc_table_x(lf->t);
    if (tsc__mul_size(n, nrhs, &cnt)) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "bad right-hand side");
    double *h = tsc__alloc_doubles(cnt, 0);
    if (!h) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    const size_t *deg;
    size_t nd = tsc_table_degenerate(lf->t, &deg);
    for (size_t k = 0; k < nrhs; k++) {
        double *hk = h + k * n;
        const double *bk = b + k * ldb;
        for (size_t i = 0; i < n; i++) hk[i] = x[i] > 0 ? x[i] * bk[i] : 0.0;
        for (size_t d = 0; d < nd; d++) {
            size_t j = deg[d];
            if (bk[j] == 0) continue;
            for (size_t i = 0; i < n; i++)
                if (x[i] > 0) hk[i] += Z[i + j * n] * bk[j];
        }
    }
    int rc = tsc_leontief_solve(lf, 0, nrhs, h, n, NULL, err);
    if (!rc)
        for (size_t k = 0; k < nrhs; k++)
            for (size_t i = 0; i < n; i++)
                if (x[i] > 0) b[i + k * ldb] = h[i + k * n] / x[i];
    tsc__free(h);
    return rc;
}

int tsc_leontief_va_by_destination(tsc_leontief *lf, double *out, tsc_error *err)
{
    size_t n = lf->n, G = tsc_table_nregions(lf->t);
    tsc__final_use(lf->t, out);
    int rc = tsc_leontief_solve(lf, 0, G, out, n, NULL, err);
    if (rc) return rc;
    for (size_t r = 0; r < G; r++)
        for (size_t i = 0; i < n; i++) out[i + r * n] *= lf->v[i];
    return TSC_OK;
}

int tsc_leontief_inverse(tsc_leontief *lf, double *out, tsc_error *err)
{
    size_t n = lf->n;
    /* L = LU \ I: dgetrs on the identity rather than dgetri, whose blocked updates reach OpenBLAS's small-matrix
     * dgemm kernels, which do not check their allocations (gemm_int.h) */
    memset(out, 0, n * n * sizeof *out);
    for (size_t i = 0; i < n; i++) out[i + i * n] = 1.0;
    lapack_int info = LAPACKE_dgetrs(LAPACK_COL_MAJOR, 'N', (lapack_int)n, (lapack_int)n, lf->lu, (lapack_int)n,
                                     lf->ipiv, out, (lapack_int)n);
    if (info != 0) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "dgetrs: argument %d invalid", (int)-info);
    /* probe the inverse with u = 1: (I - A)(L u) must give u back */
    double *y = tsc__alloc_doubles(2 * n, 0);
    if (!y) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    double *u = y + n;
    for (size_t i = 0; i < n; i++) u[i] = 1.0;
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)n, (int)n, 1.0, out, (int)n, u, 1, 0.0, y, 1);
    const double *Z = tsc_table_Z(lf->t);
    for (size_t i = 0; i < n; i++) u[i] = lf->xinv[i] * y[i];
    double *r = tsc__alloc_doubles(n, 0);
    if (!r) {
        tsc__free(y);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    memcpy(r, y, n * sizeof *r);
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)n, (int)n, -1.0, Z, (int)n, u, 1, 1.0, r, 1);
    double rmax = 0, ymax = 0;
    for (size_t i = 0; i < n; i++) {
        double e = fabs(r[i] - 1.0);
        if (!(e <= rmax)) rmax = e;
        if (fabs(y[i]) > ymax) ymax = fabs(y[i]);
    }
    tsc__free(y);
    tsc__free(r);
    double e = rmax / (lf->norminf * ymax + 1.0);
    if (!(e <= lf->max_resid)) lf->max_resid = e;
    if (!(e <= TSC_LEONTIEF_RESID_TOL))
        return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "Leontief inverse failed its residual check: %.3g", e);
    return TSC_OK;
}

int tsc_leontief_vb(tsc_leontief *lf, const double *w, double *out, tsc_error *err)
{
    size_t n = lf->n;
    int rc = tsc_leontief_inverse(lf, out, err);
    if (rc) return rc;
    for (size_t j = 0; j < n; j++) {
        double wj = w ? w[j] : 1.0;
        for (size_t i = 0; i < n; i++) out[i + j * n] *= lf->v[i] * wj;
    }
    return TSC_OK;
}
