/* The Leontief engine: one LU of I - A, checked solves, and the productivity and singularity tests. */
#include <cblas.h>
#include <float.h>
#include <lapacke.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "leontief_int.h"
#include "parallel_int.h"

size_t tsc_leontief_n(const tsc_leontief *lf)
{
    return lf->n;
}
const double *tsc_leontief_v(const tsc_leontief *lf)
{
    return lf->v;
}
double tsc_leontief_max_colsum(const tsc_leontief *lf)
{
    return lf->max_colsum;
}
double tsc_leontief_rcond(const tsc_leontief *lf)
{
    return lf->rcond;
}
double tsc_leontief_max_residual(const tsc_leontief *lf)
{
    return lf->max_resid;
}

void tsc_leontief_free(tsc_leontief *lf)
{
    if (!lf) return;
    tsc__free(lf->lu);
    tsc__free(lf->ipiv);
    tsc__free(lf->xinv);
    tsc__free(lf->v);
    tsc__free(lf);
}

void tsc_leontief_coefficients(const tsc_leontief *lf, double *out)
{
    size_t n = lf->n;
    const double *Z = tsc_table_Z(lf->t);
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++) out[i + j * n] = Z[i + j * n] * lf->xinv[j];
}

void tsc__leontief_label(const tsc_leontief *lf, size_t i, char *buf, size_t size)
{
    size_t N = tsc_table_nsectors(lf->t);
    snprintf(buf, size, "%s.%s", tsc_table_region(lf->t, i / N), tsc_table_sector(lf->t, i % N));
}

/* Columns per thread below which forming I - A stays on one thread. */
#define FORM_COLUMNS_PER_THREAD 512

typedef struct form_job {
    tsc_leontief *lf;
    size_t pieces;
    double *rowabs; /* pieces x n: each piece's row sums of |I - A| over its columns */
    double norm1[TSC_MAX_THREADS], max_colsum[TSC_MAX_THREADS];
    int nonneg[TSC_MAX_THREADS];
} form_job;

/* Piece p of the columns of I - A. */
static void form_columns(void *arg, size_t p)
{
    form_job *job = arg;
    tsc_leontief *lf = job->lf;
    size_t n = lf->n, j0 = n * p / job->pieces, j1 = n * (p + 1) / job->pieces;
    const double *Z = tsc_table_Z(lf->t);
    double *rowabs = job->rowabs + p * n, norm1 = 0, max_colsum = 0;
    int nonneg = 1;
    memset(rowabs, 0, n * sizeof *rowabs);
    for (size_t j = j0; j < j1; j++) {
        double *c = lf->lu + j * n, cabs = 0, csum = 0;
        const double *zc = Z + j * n;
        for (size_t i = 0; i < n; i++) {
            double a = zc[i] * lf->xinv[j];
            nonneg &= a >= 0;
            c[i] = (i == j) - a;
            csum += a;
            cabs += fabs(c[i]);
            rowabs[i] += fabs(c[i]);
        }
        if (cabs > norm1) norm1 = cabs;
        if (csum > max_colsum) max_colsum = csum;
    }
    job->norm1[p] = norm1;
    job->max_colsum[p] = max_colsum;
    job->nonneg[p] = nonneg;
}

/* I - A straight from Z into lf->lu, with its 1- and inf-norms for the condition estimate and the residual checks and
 * A's largest column sum, on the cores when n is large (the pass is bound by memory and the first touch of the
 * factors' pages); rowabs is n scratch. Returns 1 when A >= 0. */
static int form_system(tsc_leontief *lf, double *rowabs)
{
    size_t n = lf->n, pieces = tsc__thread_count();
    if (pieces > n / FORM_COLUMNS_PER_THREAD) pieces = n / FORM_COLUMNS_PER_THREAD;
    form_job job = {.lf = lf, .pieces = pieces > 1 ? pieces : 1, .rowabs = rowabs};
    double *partial = job.pieces > 1 ? tsc__alloc_doubles(job.pieces * n, 0) : NULL;
    if (partial) job.rowabs = partial;
    else job.pieces = 1; /* no memory for the pieces' sums: one thread */
    if (job.pieces > 1) tsc__parallel_run(job.pieces, form_columns, &job);
    else form_columns(&job, 0);
    int nonneg = 1;
    lf->norm1 = lf->max_colsum = 0;
    for (size_t p = 0; p < job.pieces; p++) {
        nonneg &= job.nonneg[p];
        lf->norm1 = fmax(lf->norm1, job.norm1[p]);
        lf->max_colsum = fmax(lf->max_colsum, job.max_colsum[p]);
    }
    lf->norminf = 0;
    for (size_t i = 0; i < n; i++) {
        double r = 0;
        for (size_t p = 0; p < job.pieces; p++) r += job.rowabs[p * n + i];
        if (r > lf->norminf) lf->norminf = r;
    }
    tsc__free(partial);
    return nonneg;
}

/* The LU factors of I - A in place; TSC_ESINGULAR naming an exactly zero pivot. */
static int factor(tsc_leontief *lf, tsc_error *err)
{
    size_t n = lf->n;
    char lab[160];
    /* the _work call: the table's values are checked finite when it is built, and LAPACKE's NaN scan of the n x n
     * matrix would be one more pass over it */
    lapack_int info =
        LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)n, lf->lu, (lapack_int)n, lf->ipiv);
    if (info > 0) {
        tsc__leontief_label(lf, (size_t)info - 1, lab, sizeof lab);
        return tsc__error(err, TSC_ESINGULAR, tsc_table_source(lf->t), 0, 0,
                          "I - A is singular: LU pivot %d (%s) is exactly zero", (int)info, lab);
    }
    if (info < 0) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "dgetrf: argument %d invalid", (int)-info);
    lf->interchanges = 0;
    for (size_t i = 0; i < n && !lf->interchanges; i++) lf->interchanges = lf->ipiv[i] != (lapack_int)(i + 1);
    return TSC_OK;
}

/* Productivity: for A >= 0, rho(A) < 1 exactly when z = (I-A)^-1 1 > 0 (then z = sum_k A^k 1 >= 1). Then L >= 0, so
 * ||L||_inf = max z and the inf-norm condition number is exact and free; otherwise (or to tell a singular system
 * from an unproductive one) LAPACK estimates it. Sets lf->rcond; z is n scratch. */
static int check_productive(tsc_leontief *lf, int nonneg, double *z, tsc_error *err)
{
    size_t n = lf->n;
    const tsc_table *t = lf->t;
    for (size_t i = 0; i < n; i++) z[i] = 1.0;
    int zrc = tsc_leontief_solve(lf, 0, 1, z, n, NULL, err);
    if (zrc == TSC_ENOMEM) return zrc;
    int solved = zrc == TSC_OK;
    size_t bad = n;
    double zmax = 0;
    for (size_t i = 0; i < n && solved; i++) {
        if (!(z[i] > 0) && bad == n) bad = i;
        if (z[i] > zmax) zmax = z[i];
    }
    if (nonneg && solved && bad == n) {
        lf->rcond = 1.0 / (lf->norminf * zmax);
    } else {
        lapack_int info =
            LAPACKE_dgecon(LAPACK_COL_MAJOR, '1', (lapack_int)n, lf->lu, (lapack_int)n, lf->norm1, &lf->rcond);
        if (info == LAPACK_WORK_MEMORY_ERROR) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        if (info != 0) lf->rcond = 0;
    }
    if (!(lf->rcond >= (double)n * DBL_EPSILON))
        return tsc__error(err, TSC_ESINGULAR, tsc_table_source(t), 0, 0,
                          "I - A is singular to working precision: reciprocal condition number %.3g < n*eps = %.3g",
                          lf->rcond, (double)n * DBL_EPSILON);
    if (!solved)
        return tsc__error(err, TSC_ENUMERIC, tsc_table_source(t), 0, 0,
                          "the solve of (I - A) z = 1 failed its residual check (rcond %.3g)", lf->rcond);
    if (bad < n) {
        char lab[160];
        tsc__leontief_label(lf, bad, lab, sizeof lab);
        return tsc__error(err, TSC_EUNPRODUCTIVE, tsc_table_source(t), 0, 0,
                          "I - A is not productive: (I - A)^-1 1 has %.6g <= 0 at %s, so the spectral radius of A "
                          "is at least 1 (max column sum of A = %.6g)",
                          z[bad], lab, lf->max_colsum);
    }
    return TSC_OK;
}

int tsc_leontief_new(const tsc_table *t, tsc_leontief **out, tsc_error *err)
{
    size_t n = tsc_table_n(t), nn;
    const double *x = tsc_table_x(t), *va = tsc_table_va(t);
    int rc;
    *out = NULL;
    if (n > (size_t)INT_MAX || tsc__mul_size(n, n, &nn))
        return tsc__error(err, TSC_ETOOBIG, NULL, 0, 0, "n = %zu is beyond what LAPACK's int indices allow", n);
    tsc_leontief *lf = tsc__calloc(1, sizeof *lf);
    if (!lf) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    lf->t = t;
    lf->n = n;
    lf->lu = tsc__alloc_doubles(nn, 0);
    lf->ipiv = tsc__malloc(n * sizeof *lf->ipiv);
    lf->xinv = tsc__alloc_doubles(n, 0);
    lf->v = tsc__alloc_doubles(n, 0);
    double *scratch = tsc__alloc_doubles(n, 0);
    if (!lf->lu || !lf->ipiv || !lf->xinv || !lf->v || !scratch) {
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory for the Leontief system (n = %zu)", n);
        goto fail;
    }
    for (size_t j = 0; j < n; j++) {
        lf->xinv[j] = x[j] > 0 ? 1.0 / x[j] : 0.0;
        lf->v[j] = va[j] * lf->xinv[j];
        /* no output but sales of inputs or exports: its column of A is zero, so what it sells is all its own value
         * added */
        if (!(x[j] > 0) && tsc_table_sells(t, j)) lf->v[j] = 1.0;
    }
    int nonneg = form_system(lf, scratch);
    if ((rc = factor(lf, err)) || (rc = check_productive(lf, nonneg, scratch, err))) goto fail;
    tsc__free(scratch);
    *out = lf;
    return TSC_OK;
fail:
    tsc__free(scratch);
    tsc_leontief_free(lf);
    return rc;
}

/* Normwise backward error of x against b: ||b - (I - A) x|| / (||I - A|| ||x|| + ||b||), with (I - A) x computed
 * from Z and x^-1 without forming A (trans: (I - A)' x = x - x^-1 o (Z' x)). r is n scratch. */
double tsc__leontief_backward_error(const tsc_leontief *lf, int trans, const double *b, const double *x, double *w,
                                    double *r)
{
    size_t n = lf->n;
    const double *Z = tsc_table_Z(lf->t);
    for (size_t i = 0; i < n; i++) r[i] = b[i] - x[i];
    if (!trans) {
        for (size_t i = 0; i < n; i++) w[i] = lf->xinv[i] * x[i];
        cblas_dgemv(CblasColMajor, CblasNoTrans, (int)n, (int)n, 1.0, Z, (int)n, w, 1, 1.0, r, 1);
    } else {
        cblas_dgemv(CblasColMajor, CblasTrans, (int)n, (int)n, 1.0, Z, (int)n, x, 1, 0.0, w, 1);
        for (size_t i = 0; i < n; i++) r[i] += lf->xinv[i] * w[i];
    }
    double rmax = 0, xmax = 0, bmax = 0;
    for (size_t i = 0; i < n; i++) {
        double rv = fabs(r[i]), xv = fabs(x[i]), bv = fabs(b[i]);
        if (!(rv <= rmax)) rmax = rv; /* NaN propagates */
        if (xv > xmax) xmax = xv;
        if (bv > bmax) bmax = bv;
    }
    double den = (trans ? lf->norm1 : lf->norminf) * xmax + bmax;
    return den > 0 ? rmax / den : rmax;
}

double tsc__leontief_check_weight(size_t k)
{
    return 1.0 + (double)((k * 2654435761u) % 1000u) / 1000.0;
}

int tsc_leontief_solve(tsc_leontief *lf, int trans, size_t nrhs, double *B, size_t ldb, double *resid, tsc_error *err)
{
    size_t n = lf->n;
    if (nrhs == 0) return TSC_OK;
    if (ldb < n) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "bad right-hand side");
    double *buf = tsc__alloc_doubles(4 * n, 1);
    if (!buf) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    double *b = buf, *x = buf + n, *w = buf + 2 * n, *r = buf + 3 * n;
    /* The check is on a fixed positive combination of the columns: one matrix-vector product however many
     * right-hand sides there are, where checking each column would cost as much as the solve. */
    for (size_t k = 0; k < nrhs; k++) cblas_daxpy((int)n, tsc__leontief_check_weight(k), B + k * ldb, 1, b, 1);
    int rc = TSC_OK;
    /* no NaN scan of the factors on every solve (LAPACKE_dgetrs would read all n^2 of them): they are finite
     * since tsc_leontief_new, and the backward-error check below catches a non-finite solution */
    lapack_int info = LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, trans ? 'T' : 'N', (lapack_int)n, (lapack_int)nrhs, lf->lu,
                                          (lapack_int)n, lf->ipiv, B, (lapack_int)ldb);
    if (info != 0) {
        rc = tsc__error(err, TSC_EINVAL, NULL, 0, 0, "dgetrs: argument %d invalid", (int)-info);
        goto done;
    }
    for (size_t k = 0; k < nrhs; k++) cblas_daxpy((int)n, tsc__leontief_check_weight(k), B + k * ldb, 1, x, 1);
    double e = tsc__leontief_backward_error(lf, trans, b, x, w, r);
    if (resid) *resid = e;
    if (!(e <= lf->max_resid)) lf->max_resid = e;
    if (!(e <= TSC_LEONTIEF_RESID_TOL))
        rc = tsc__error(err, TSC_ENUMERIC, tsc_table_source(lf->t), 0, 0,
                        "Leontief solve failed its residual check: backward error %.3g > %.1g (rcond %.3g)", e,
                        TSC_LEONTIEF_RESID_TOL, lf->rcond);
done:
    tsc__free(buf);
    return rc;
}

void tsc__final_use(const tsc_table *t, double *out)
{
    size_t n = tsc_table_n(t), N = tsc_table_nsectors(t);
    const double *Z = tsc_table_Z(t), *x = tsc_table_x(t);
    tsc_table_y_by_region(t, out);
    for (size_t j = 0; j < n; j++)
        if (!(x[j] > 0))
            for (size_t i = 0; i < n; i++) out[i + (j / N) * n] += Z[i + j * n];
}
