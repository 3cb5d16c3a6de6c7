/* The Leontief engine on hand-made tables (no ../shared): the Ghosh solve where a degenerate sector (x = 0) still
 * buys inputs, against a dense solve of its definition; the transposed solves of right-hand sides that start
 * further down (leontief_stair.c) against whole solves. */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "leontief_int.h"
#include "testutil.h"

/* 2 regions x 2 sectors; AA.s2 sells nothing (its row of Z and Y is zero, so x = 0) but buys from the others, as
 * some WIOD 2011 sectors do: its column of Z is not zero and its value added is negative. */
static tsc_table *degenerate_buyer(void)
{
    static const char *R[2] = {"AA", "BB"}, *S[2] = {"s1", "s2"}, *C[1] = {"FD"};
    /* column-major n x n, n = 4: Z[i + j * 4] is what row i sells to column j */
    static const double Z[16] = {12.5, 0, 2.7,   1.15,  /* bought by AA.s1 */
                                 3.25, 0, 0.6,   8.4,   /* bought by AA.s2, the degenerate sector */
                                 4.1,  0, 15.85, 3.6,   /* bought by BB.s1 */
                                 0.8,  0, 7.3,   11.2}; /* bought by BB.s2 */
    static const double Y[8] = {30.2, 0, 8.8, 6.35, 9.1, 0, 40.15, 22.9};
    tsc_table *t = NULL;
    tsc_error err;
    int rc = tsc_table_from_arrays(2, 2, 1, R, S, C, Z, Y, NULL, NULL, NULL, &t, &err);
    cr_assert_eq(rc, TSC_WDEGENERATE, "a zero-output sector is a warning: %d %s", rc, err.msg);
    return t;
}

/* The Ghosh system (I - B) g = b with B = x^-1 Z (rows with x = 0 of B are zero, so g = b there): the engine
 * solves it on the Leontief LU with a correction for what degenerate sectors buy (leontief_results.c). Checked
 * against a direct dense solve, with b nonzero on the degenerate sector so that the correction matters. */
Test(leontief, ghosh_with_a_degenerate_sector_that_buys_inputs)
{
    tsc_table *t = degenerate_buyer();
    size_t n = tsc_table_n(t);
    cr_assert_eq(n, 4);
    const size_t *deg;
    cr_assert_eq(tsc_table_degenerate(t, &deg), 1);
    cr_assert_eq(deg[0], 1, "AA.s2");
    const double *Z = tsc_table_Z(t), *x = tsc_table_x(t);
    double M[16], g[8], h[8];
    lapack_int ipiv[4];
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++) M[i + j * n] = (i == j) - (x[i] > 0 ? Z[i + j * n] / x[i] : 0.0);
    /* two right-hand sides: ones (the forward linkages) and awkward values */
    const double b[8] = {1, 1, 1, 1, 0.375, 2.385, -1.25, 0.5};
    for (size_t k = 0; k < 8; k++) g[k] = h[k] = b[k];
    cr_assert_eq(LAPACKE_dgesv(LAPACK_COL_MAJOR, 4, 2, M, 4, ipiv, g, 4), 0);
    tsc_leontief *lf = NULL;
    tsc_error err;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_leontief_ghosh_solve(lf, 2, h, n, &err), TSC_OK, "%s", err.msg);
    /* both are backward-stable solves of a 4 x 4 system with condition number about 10: 1e-12 is the margin */
    double gap = tu_max_rel(h, g, 8, 1e-12);
    cr_assert_lt(gap, 1e-12, "Ghosh solve: max relative gap %.3g", gap);
    cr_assert(fabs(h[1] - b[1]) <= 1e-15 && fabs(h[5] - b[5]) <= 1e-15, "g = b on the degenerate row");
    /* the forward linkages are the Ghosh row sums over their mean, the degenerate sector included */
    double fwd[4], mean = (g[0] + g[1] + g[2] + g[3]) / 4;
    tsc_multipliers m = {.forward = fwd};
    cr_assert_eq(tsc_leontief_multipliers(lf, &m, &err), TSC_OK, "%s", err.msg);
    for (size_t i = 0; i < n; i++)
        cr_assert(fabs(fwd[i] - g[i] / mean) <= 1e-12 * fabs(g[i] / mean), "forward linkage %zu: %.17g vs %.17g", i,
                  fwd[i], g[i] / mean);
    tsc_leontief_free(lf);
    tsc_table_free(t);
}

/* A productive table of G x N sectors with pseudo-random flows (column sums of A about 0.5). With swaps, some
 * columns of A get one entry of 1.2 below the diagonal, more than 1 - a_jj: partial pivoting then interchanges rows
 * (their value added is negative, and A stays productive: those entries form no cycle). */
static tsc_table *stair_table(size_t G, size_t N, int swaps)
{
    size_t n = G * N;
    char **names = malloc((G + N) * sizeof *names), buf[16];
    for (size_t k = 0; k < G + N; k++) {
        snprintf(buf, sizeof buf, k < G ? "R%zu" : "s%zu", k < G ? k : k - G);
        names[k] = strdup(buf);
    }
    double *Z = malloc(n * n * sizeof *Z), *Y = malloc(n * G * sizeof *Y), *x = malloc(n * sizeof *x);
    unsigned long long st = 88172645463325252ull;
    for (size_t i = 0; i < n; i++) x[i] = (swaps && i % 5 == 0 ? 400.0 : 100.0) + (double)(i % 17);
    for (size_t j = 0; j < n; j++) {
        double col = 0;
        for (size_t i = 0; i < n; i++) {
            st ^= st << 13, st ^= st >> 7, st ^= st << 17;
            double a = (double)(st % 1000) / 1000.0 * (i / N == j / N ? 8.0 : 1.0);
            Z[i + j * n] = a;
            col += a;
        }
        for (size_t i = 0; i < n; i++) Z[i + j * n] *= 0.5 * x[j] / col; /* A's column sum 0.5 */
        if (swaps && j % 5 == 2 && j + 3 < n) Z[(j + 3) + j * n] = 1.2 * x[j];
    }
    /* final demand closes the rows: x = Z 1 + Y 1 */
    for (size_t i = 0; i < n; i++) {
        double used = 0;
        for (size_t j = 0; j < n; j++) used += Z[i + j * n];
        for (size_t r = 0; r < G; r++) Y[i + r * n] = 0;
        cr_assert(x[i] > used, "row %zu: the flows exceed output", i);
        Y[i + ((i / N + 1) % G) * n] = 0.25 * (x[i] - used);
        Y[i + (i / N) * n] = 0.75 * (x[i] - used);
    }
    static const char *C[1] = {"FD"};
    tsc_table *t = NULL;
    tsc_error err;
    int rc = tsc_table_from_arrays(G, N, 1, (const char *const *)names, (const char *const *)names + G, C, Z, Y, NULL,
                                   NULL, NULL, &t, &err);
    cr_assert(rc == TSC_OK || rc > 0, "stair table: %d %s", rc, err.msg);
    for (size_t k = 0; k < G + N; k++) free(names[k]);
    free(names);
    free(Z);
    free(Y);
    free(x);
    return t;
}

/* Columns starting at block k (one a little inside it) with values on every row from there, solved whole by
 * tsc_leontief_solve and from their first rows by tsc__leontief_solve_t_from. */
static void check_stair(tsc_leontief *lf, size_t G, size_t N, int all_rows)
{
    size_t n = G * N, *first = malloc(G * sizeof *first);
    double *X = calloc(n * G, sizeof *X), *R = malloc(n * G * sizeof *R);
    for (size_t k = 0; k < G; k++) {
        first[k] = k * N + (k % 3 == 1 ? N / 2 : 0);
        for (size_t i = first[k]; i < n; i++) X[i + k * n] = 0.5 + (double)((i * 7 + k * 3) % 11) / 10.0;
    }
    memcpy(R, X, n * G * sizeof *R);
    tsc_error err;
    cr_assert_eq(tsc_leontief_solve(lf, 1, G, R, n, NULL, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc__leontief_solve_t_from(lf, G, X, n, first, all_rows, &err), TSC_OK, "%s", err.msg);
    for (size_t k = 0; k < G; k++)
        for (size_t i = all_rows ? 0 : first[k]; i < n; i++) {
            double gap = fabs(X[i + k * n] - R[i + k * n]) / fmax(fabs(R[i + k * n]), 1e-3);
            cr_assert(gap <= 1e-12, "all_rows %d: column %zu row %zu: %.17g, whole solve %.17g", all_rows, k, i,
                      X[i + k * n], R[i + k * n]);
        }
    cr_assert(tsc_leontief_max_residual(lf) <= TSC_LEONTIEF_RESID_TOL);
    free(first);
    free(X);
    free(R);
}

/* n = 611 spans three of the solver's 256-row blocks, with first rows inside them; without row interchanges the
 * stair solves skip rows, with them they solve whole columns and undo the interchanges. */
Test(leontief, stair_solves_match_whole_solves)
{
    const size_t G = 13, N = 47;
    for (int swaps = 0; swaps < 2; swaps++) {
        tsc_table *t = stair_table(G, N, swaps);
        tsc_leontief *lf = NULL;
        tsc_error err;
        cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
        cr_assert_eq(lf->interchanges, swaps, "the table with swaps %d has row interchanges %d", swaps,
                     lf->interchanges);
        check_stair(lf, G, N, 0);
        check_stair(lf, G, N, 1);
        tsc_leontief_free(lf);
        tsc_table_free(t);
    }
}

/* First rows out of order or beyond n are refused; damaged factors fail the check column's residual. */
Test(leontief, stair_solves_refuse_bad_rows_and_catch_bad_factors)
{
    const size_t G = 4, N = 40, n = G * N;
    tsc_table *t = stair_table(G, N, 0);
    tsc_leontief *lf = NULL;
    tsc_error err;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    double X[4 * 160] = {0};
    for (size_t k = 0; k < G; k++) X[k * N + k * n] = 1;
    size_t bad[4] = {0, 80, 40, 120}, beyond[4] = {0, 40, 80, 160}, good[4] = {0, 40, 80, 120};
    cr_assert_eq(tsc__leontief_solve_t_from(lf, G, X, n, bad, 0, &err), TSC_EINVAL);
    cr_assert_eq(tsc__leontief_solve_t_from(lf, G, X, n, beyond, 0, &err), TSC_EINVAL);
    lf->lu[70 + 70 * n] *= 1.5; /* a pivot of U */
    cr_assert_eq(tsc__leontief_solve_t_from(lf, G, X, n, good, 0, &err), TSC_ENUMERIC);
    cr_assert(strstr(err.msg, "residual check") != NULL, "%s", err.msg);
    tsc_leontief_free(lf);
    tsc_table_free(t);
}
