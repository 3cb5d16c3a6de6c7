/* The Leontief engine on hand-made tables (no ../shared): the Ghosh solve where a degenerate sector (x = 0) still
 * buys inputs, against a dense solve of its definition. */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>

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
