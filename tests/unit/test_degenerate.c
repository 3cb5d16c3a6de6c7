/* Sectors without output that still sell: WIOD 2013's rebalanced tables have some in 16 of their 17 years (negative
 * inventory changes offset what they sell). Their column of A is zero; their value-added coefficient is 1, so that
 * v'L = 1' and the decompositions' identities hold (docs/FORMATS.md, Balance). */
#include <criterion/criterion.h>
#include <math.h>

#include "tariffscope/tariffscope.h"
#include "testutil.h"

/* Two regions x two sectors, one final-demand category; AA.MF (row 1) has x = 0: it sells 1 to BB.AG (an export),
 * 0.5 to AA.AG, and its region's final demand takes -1.5 of it; it buys nothing. BB.MF (row 3) has x = 0 and no
 * sales at all, but buys 0.5 from AA.AG (an export of AA that A has no place for: final use of BB). */
static tsc_table *table_with_zero_output(void)
{
    static const char *R[2] = {"AA", "BB"}, *S[2] = {"AG", "MF"}, *C[1] = {"FD"};
    /* column-major: Z[i + j * 4] is what row i sells to column j */
    double Z[16] = {5.0, 0.5, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.5, 1.0, 6.0, 0.0, 0.5, 0.0, 0.0, 0.0};
    double Y[8] = {20.0, -1.5, 3.0, 0.0, 4.0, 0.0, 25.0, 0.0};
    tsc_table *t = NULL;
    tsc_error err;
    cr_assert_eq(tsc_table_from_arrays(2, 2, 1, R, S, C, Z, Y, NULL, NULL, NULL, &t, &err), TSC_WDEGENERATE, "%s",
                 err.msg);
    return t;
}

Test(degenerate, a_sector_without_output_that_sells_is_told_apart)
{
    tsc_table *t = table_with_zero_output();
    cr_assert_eq(tsc_table_degenerate(t, NULL), 2);
    cr_assert_eq(tsc_table_x(t)[1], 0.0);
    cr_assert(tsc_table_sells(t, 1), "AA.MF sells to BB.AG and AA.AG");
    cr_assert(!tsc_table_sells(t, 3), "BB.MF sells nothing");
    cr_assert(tsc_table_sells(t, 0));
    tsc_table_free(t);
}

Test(degenerate, value_added_multipliers_are_one_and_the_identities_hold)
{
    tsc_table *t = table_with_zero_output();
    tsc_leontief *lf = NULL;
    tsc_decomp *d = NULL;
    tsc_error err;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    size_t n = tsc_table_n(t);
    double vl[4];
    tsc_multipliers m = {.va = vl};
    cr_assert_eq(tsc_leontief_multipliers(lf, &m, &err), TSC_OK, "%s", err.msg);
    /* v'L = 1' on every sector that sells, including the one without output */
    for (size_t j = 0; j < 3; j++) cr_assert_float_eq(vl[j], 1.0, 1e-14, "v'L at %zu is %.17g", j, vl[j]);
    cr_assert_eq(tsc_decomp_new(t, lf, &d, &err), TSC_OK, "%s", err.msg);
    tsc_dresult kww = {0}, wwz = {0}, bm = {0};
    /* each checks its identity against the gross exports and fails with TSC_ENUMERIC when it does not hold */
    cr_assert_eq(tsc_decomp_kww(d, &kww, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_decomp_wwz(d, &wwz, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_decomp_bm(d, TSC_BM_EXPORTER, TSC_BM_SOURCE, TSC_LEVEL_COUNTRY, &bm, &err), TSC_OK, "%s", err.msg);
    double ex[2] = {0, 0}, E[4];
    tsc_table_exports(t, E);
    for (size_t i = 0; i < n; i++) ex[i / 2] += E[i];
    cr_assert_gt(ex[0], 1.0, "AA's exports include AA.MF's");
    for (size_t s = 0; s < 2; s++) {
        double sum = 0;
        for (size_t k = 0; k < kww.nterm; k++) sum += kww.v[s * kww.nterm + k];
        cr_assert_float_eq(sum, ex[s], 1e-12 * ex[s], "KWW of region %zu: %.17g against %.17g", s, sum, ex[s]);
    }
    tsc_dresult_free(&kww);
    tsc_dresult_free(&wwz);
    tsc_dresult_free(&bm);
    tsc_decomp_free(d);
    tsc_leontief_free(lf);
    tsc_table_free(t);
}
