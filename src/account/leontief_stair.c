/* Transposed solves with the LU factors of I - A for right-hand sides that start further down, one country's block
 * each (V^s on block s, a Krylov vector on block s): the triangular solves skip the zeros above each column's first
 * row, and, when only the rows from there on are wanted, do not compute the rows above it; docs/DECOMPOSITIONS.md,
 * "What each method needs of B". */
#include <cblas.h>
#include <math.h>
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "leontief_int.h"

/* Rows per diagonal block: its triangle is solved by dtrsm, the rest by dgemm, which runs near its peak from here. */
#define STAIR_BLOCK 256

/* The number of columns of M whose first row is above r1: M's column 0 (the check) and X's columns k with
 * first[k] < r1, a prefix since first is non-decreasing. */
static size_t active(const size_t *first, size_t nrhs, size_t r1)
{
    size_t lo = 0, hi = nrhs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (first[mid] < r1) lo = mid + 1;
        else hi = mid;
    }
    return lo + 1;
}

/* (I - A)' = U' L' P': U' t = e forward (lower triangular), from block to block with the columns whose first row has
 * been reached, then L' y = t backward (unit upper triangular); stair: only the rows from each column's first. */
static void solve_blocks(const tsc_leontief *lf, size_t ncol, double *M, const size_t *first, int stair)
{
    size_t n = lf->n, nrhs = ncol - 1;
    const double *lu = lf->lu;
    for (size_t r0 = 0; r0 < n; r0 += STAIR_BLOCK) {
        size_t r1 = r0 + STAIR_BLOCK < n ? r0 + STAIR_BLOCK : n, a = active(first, nrhs, r1);
        cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasTrans, CblasNonUnit, (int)(r1 - r0), (int)a, 1.0,
                    lu + r0 + r0 * n, (int)n, M + r0, (int)n);
        if (r1 < n)
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)(n - r1), (int)a, (int)(r1 - r0), -1.0,
                        lu + r0 + r1 * n, (int)n, M + r0, (int)n, 1.0, M + r1, (int)n);
    }
    for (size_t r1 = n; r1 > 0;) {
        size_t r0 = r1 > STAIR_BLOCK ? r1 - STAIR_BLOCK : 0, a = stair ? active(first, nrhs, r1) : ncol;
        if (r1 < n)
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)(r1 - r0), (int)a, (int)(n - r1), -1.0,
                        lu + r1 + r0 * n, (int)n, M + r1, (int)n, 1.0, M + r0, (int)n);
        cblas_dtrsm(CblasColMajor, CblasLeft, CblasLower, CblasTrans, CblasUnit, (int)(r1 - r0), (int)a, 1.0,
                    lu + r0 + r0 * n, (int)n, M + r0, (int)n);
        r1 = r0;
    }
    if (!stair)
        LAPACKE_dlaswp_work(LAPACK_COL_MAJOR, (lapack_int)ncol, M, (lapack_int)n, 1, (lapack_int)n, lf->ipiv, -1);
}

/* The check column's backward error, and the combination of the columns on the rows from row0, where all of them
 * are computed, against it: the two are solutions of the same system, apart by at most their backward errors
 * times the condition number. */
static int check(tsc_leontief *lf, size_t ncol, const double *M, const double *b, size_t row0, double *scratch,
                 tsc_error *err)
{
    size_t n = lf->n;
    double e = tsc__leontief_backward_error(lf, 1, b, M, scratch, scratch + n);
    if (!(e <= lf->max_resid)) lf->max_resid = e;
    if (!(e <= TSC_LEONTIEF_RESID_TOL))
        return tsc__error(err, TSC_ENUMERIC, tsc_table_source(lf->t), 0, 0,
                          "Leontief solve failed its residual check: backward error %.3g > %.1g (rcond %.3g)", e,
                          TSC_LEONTIEF_RESID_TOL, lf->rcond);
    double gap = 0, scale = 0;
    for (size_t i = row0; i < n; i++) {
        double c = 0, mag = 0;
        for (size_t k = 1; k < ncol; k++) {
            double w = tsc__leontief_check_weight(k - 1), y = M[i + k * n];
            c += w * y;
            mag += w * fabs(y);
        }
        double g = fabs(c - M[i]);
        if (!(g <= gap)) gap = g; /* NaN propagates */
        if (mag > scale) scale = mag;
    }
    if (gap <= 2 * TSC_LEONTIEF_RESID_TOL / lf->rcond * scale) return TSC_OK;
    return tsc__error(err, TSC_ENUMERIC, tsc_table_source(lf->t), 0, 0,
                      "Leontief solve failed its check: the columns' combination is %.3g from its own solve", gap);
}

int tsc__leontief_solve_t_from(tsc_leontief *lf, size_t nrhs, double *X, size_t ldx, const size_t *first, int all_rows,
                               tsc_error *err)
{
    size_t n = lf->n, ncol = nrhs + 1, size;
    if (nrhs == 0) return TSC_OK;
    if (ldx < n) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "bad right-hand side");
    for (size_t k = 0; k < nrhs; k++)
        if (first[k] >= n || (k > 0 && first[k] < first[k - 1]))
            return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "first rows must be below n and non-decreasing");
    if (tsc__mul_size(n, ncol + 3, &size)) return tsc__error(err, TSC_ETOOBIG, NULL, 0, 0, "too many right-hand sides");
    double *M = tsc__alloc_doubles(size, 1);
    if (!M) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    double *b = M + ncol * n, *scratch = b + n;
    /* column 0: the check, a combination of all the others, whole */
    for (size_t k = 0; k < nrhs; k++) {
        const double *src = X + k * ldx;
        double w = tsc__leontief_check_weight(k), *dst = M + (k + 1) * n;
        for (size_t i = first[k]; i < n; i++) {
            dst[i] = src[i];
            M[i] += w * src[i];
        }
    }
    memcpy(b, M, n * sizeof *b);
    int stair = !all_rows && !lf->interchanges;
    solve_blocks(lf, ncol, M, first, stair);
    int rc = check(lf, ncol, M, b, stair ? first[nrhs - 1] : 0, scratch, err);
    for (size_t k = 0; k < nrhs && !rc; k++) {
        size_t i0 = stair ? first[k] : 0;
        memcpy(X + k * ldx + i0, M + (k + 1) * n + i0, (n - i0) * sizeof *X);
    }
    tsc__free(M);
    return rc;
}
