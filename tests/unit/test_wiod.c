/* WIOD 2013, 2011 table: loading, balance, degenerate sectors, identities of V^BY, Ghosh with zero-output rows. */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tariffscope/decomp.h"
#include "testutil.h"

#define WIOD "data/wiod2013/wiot_2011"

static tsc_table *load(int rebalance, int strict, int *rc, tsc_error *err)
{
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.rebalance = rebalance;
    o.strict = strict;
    tsc_table *t = NULL;
    *rc = tsc_table_load(tu_shared(WIOD), &o, &t, err);
    return t;
}

Test(wiod, published_x_fails_balance_and_names_the_row)
{
    TU_REQUIRE(tu_shared(WIOD));
    int rc;
    tsc_error err;
    tsc_table *t = load(0, 0, &rc, &err);
    cr_assert_null(t);
    cr_assert_eq(rc, TSC_EBALANCE);
    cr_assert(strstr(err.file, "x_va.csv") != NULL, "error names %s", err.file);
    cr_assert_gt(err.line, 1);
    cr_assert(strstr(err.msg, "--rebalance") != NULL);
}

Test(wiod, rebalanced_degenerate_sectors_warned_or_refused)
{
    TU_REQUIRE(tu_shared(WIOD));
    int rc;
    tsc_error err;
    tsc_table *t = load(1, 0, &rc, &err);
    cr_assert_eq(rc, TSC_WDEGENERATE, "%s", err.msg);
    const size_t *rows;
    size_t nd = tsc_table_degenerate(t, &rows), neg = 0, zero = 0;
    for (size_t k = 0; k < nd; k++) {
        double x = tsc_table_x(t)[rows[k]];
        neg += x < 0;
        zero += x == 0;
    }
    cr_assert_eq(zero, 20, "WIOD 2011 rebalanced has 20 sectors at zero output (found %zu)", zero);
    cr_assert_eq(neg, 2, "and two at -1 (found %zu)", neg);
    /* the README's facts: JPN -> USA intermediate 56,249 and final 53,206 (USD million) */
    size_t jpn, usa, N = tsc_table_nsectors(t), n = tsc_table_n(t), F = tsc_table_nfd(t);
    cr_assert_eq(tsc_table_region_index(t, "JPN", &jpn, NULL), TSC_OK);
    cr_assert_eq(tsc_table_region_index(t, "USA", &usa, NULL), TSC_OK);
    double zi = 0, yf = 0;
    for (size_t j = usa * N; j < (usa + 1) * N; j++)
        for (size_t i = jpn * N; i < (jpn + 1) * N; i++) zi += tsc_table_Z(t)[i + j * n];
    for (size_t k = usa * F; k < (usa + 1) * F; k++)
        for (size_t i = jpn * N; i < (jpn + 1) * N; i++) yf += tsc_table_Y(t)[i + k * n];
    cr_assert_eq(round(zi), 56249.0, "JPN->USA intermediate %.1f", zi);
    cr_assert_eq(round(yf), 53206.0, "JPN->USA final %.1f", yf);
    tsc_table_free(t);

    t = load(1, 1, &rc, &err);
    cr_assert_null(t);
    cr_assert_eq(rc, TSC_EDEGENERATE);
    cr_assert(strstr(err.msg, "22 sectors") != NULL, "%s", err.msg);
}

Test(wiod, va_flows_identities)
{
    TU_REQUIRE(tu_shared(WIOD));
    int rc;
    tsc_error err;
    tsc_table *t = load(1, 0, &rc, &err);
    cr_assert_geq(rc, 0, "%s", err.msg);
    size_t n = tsc_table_n(t), G = tsc_table_nregions(t);
    tsc_leontief *lf = NULL;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    double *vby = malloc(n * G * sizeof *vby), *yr = malloc(n * G * sizeof *yr);
    cr_assert_eq(tsc_leontief_va_by_destination(lf, vby, &err), TSC_OK, "%s", err.msg);
    tsc_table_y_by_region(t, yr);
    /* 1'V^BY = 1'Y: every destination absorbs exactly its final demand, except the final demand bought from
     * degenerate sectors (x <= 0: no coefficients, so no value added to trace; a few USD million in WIOD 2011) */
    const double *xo = tsc_table_x(t);
    for (size_t r = 0; r < G; r++) {
        double a = 0, b = 0, bd = 0;
        for (size_t i = 0; i < n; i++) {
            a += vby[i + r * n];
            b += yr[i + r * n];
            if (xo[i] <= 0) bd += yr[i + r * n];
        }
        cr_assert_lt(fabs(a - (b - bd)) / fabs(b), 1e-9, "destination %s: %.17g vs %.17g", tsc_table_region(t, r), a,
                     b - bd);
        cr_assert_lt(fabs(bd) / fabs(b), 1e-3, "degenerate final demand of %s is %.17g", tsc_table_region(t, r), bd);
    }
    /* V^BY 1 = va for every sector with x > 0 (degenerate rows have v = 0) */
    const double *va = tsc_table_va(t), *x = tsc_table_x(t);
    double scale = 0;
    for (size_t i = 0; i < n; i++) scale = fmax(scale, fabs(va[i]));
    for (size_t i = 0; i < n; i++) {
        if (x[i] <= 0) continue;
        double s = 0;
        for (size_t r = 0; r < G; r++) s += vby[i + r * n];
        cr_assert_leq(fabs(s - va[i]), 1e-9 * fmax(fabs(va[i]), 1e-6 * scale), "row %zu: %.17g vs %.17g", i, s, va[i]);
    }
    cr_assert_lt(tsc_leontief_max_residual(lf), 1e-12);
    free(vby);
    free(yr);
    tsc_leontief_free(lf);
    tsc_table_free(t);
}

/* The Ghosh solve reuses the Leontief LU even with zero-output rows; check it against a direct dense solve of
 * (I - B) g = 1 with B = x^-1 Z (1/0 -> 0), as pymrio defines it. */
Test(wiod, ghosh_row_sums_with_degenerate_sectors)
{
    TU_REQUIRE(tu_shared(WIOD));
    int rc;
    tsc_error err;
    tsc_table *t = load(1, 0, &rc, &err);
    cr_assert_geq(rc, 0, "%s", err.msg);
    size_t n = tsc_table_n(t);
    const double *Z = tsc_table_Z(t), *x = tsc_table_x(t);
    double *M = malloc(n * n * sizeof *M), *g = malloc(n * sizeof *g), *h = malloc(n * sizeof *h);
    lapack_int *ipiv = malloc(n * sizeof *ipiv);
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++) M[i + j * n] = (i == j) - (x[i] > 0 ? Z[i + j * n] / x[i] : 0.0);
    for (size_t i = 0; i < n; i++) g[i] = 1.0;
    cr_assert_eq(LAPACKE_dgesv(LAPACK_COL_MAJOR, (lapack_int)n, 1, M, (lapack_int)n, ipiv, g, (lapack_int)n), 0);
    tsc_leontief *lf = NULL;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    for (size_t i = 0; i < n; i++) h[i] = 1.0;
    cr_assert_eq(tsc_leontief_ghosh_solve(lf, 1, h, n, &err), TSC_OK, "%s", err.msg);
    double gap = tu_max_rel(h, g, n, 1e-12);
    cr_assert_lt(gap, 1e-9, "Ghosh row sums: max relative gap %.3g", gap);
    free(M);
    free(g);
    free(h);
    free(ipiv);
    tsc_leontief_free(lf);
    tsc_table_free(t);
}

Test(wiod, cache_and_native_round_trip_bit_for_bit)
{
    TU_REQUIRE(tu_shared(WIOD));
    int rc;
    tsc_error err;
    tsc_table *t = load(1, 0, &rc, &err), *c = NULL, *nat = NULL;
    const char *dir = tu_tmpdir();
    char cache[600], ndir[600];
    snprintf(cache, sizeof cache, "%s/w.tsc", dir);
    snprintf(ndir, sizeof ndir, "%s/native", dir);
    cr_assert_eq(tsc_table_save_cache(t, cache, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_table_save_native(t, ndir, 1, &err), TSC_OK, "%s", err.msg);
    cr_assert_geq(tsc_table_load(cache, NULL, &c, &err), 0, "%s", err.msg);
    cr_assert_geq(tsc_table_load(ndir, NULL, &nat, &err), 0, "%s", err.msg);
    size_t n = tsc_table_n(t), ny = n * tsc_table_nregions(t) * tsc_table_nfd(t);
    for (int k = 0; k < 2; k++) {
        tsc_table *u = k ? nat : c;
        cr_assert_eq(memcmp(tsc_table_Z(u), tsc_table_Z(t), n * n * sizeof(double)), 0);
        cr_assert_eq(memcmp(tsc_table_Y(u), tsc_table_Y(t), ny * sizeof(double)), 0);
        cr_assert_eq(memcmp(tsc_table_x(u), tsc_table_x(t), n * sizeof(double)), 0);
        cr_assert_eq(memcmp(tsc_table_va(u), tsc_table_va(t), n * sizeof(double)), 0);
        cr_assert_str_eq(tsc_table_region(u, 40), "RoW");
        cr_assert_eq(tsc_table_year(u), 2011);
        cr_assert_str_eq(tsc_table_unit(u), "USD million");
        for (size_t sct = 0; sct < tsc_table_nsectors(t); sct++)
            cr_assert_eq(tsc_table_sector_is_goods(u, sct), sct < 16, "sector c%zu goods flag", sct + 1);
    }
    tsc_table_free(t);
    tsc_table_free(c);
    tsc_table_free(nat);
    tu_rmtree(dir);
}

/* Every decomposition checks its identities before returning; on WIOD 2011 (with its zero-output sectors) all
 * of them must hold. */
Test(wiod, decompositions_hold_their_identities)
{
    TU_REQUIRE(tu_shared(WIOD));
    int rc;
    tsc_error err;
    tsc_table *t = load(1, 0, &rc, &err);
    cr_assert_geq(rc, 0, "%s", err.msg);
    tsc_leontief *lf = NULL;
    tsc_decomp *d = NULL;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_decomp_new(t, lf, &d, &err), TSC_OK, "%s", err.msg);
    tsc_dresult r;
    cr_assert_eq(tsc_decomp_kww(d, &r, &err), TSC_OK, "kww: %s", err.msg);
    tsc_dresult_free(&r);
    cr_assert_eq(tsc_decomp_wwz(d, &r, &err), TSC_OK, "wwz: %s", err.msg);
    cr_assert_eq(r.nrow, tsc_table_n(t) * tsc_table_nregions(t));
    tsc_dresult_free(&r);
    cr_assert_eq(tsc_decomp_tiva(d, &r, &err), TSC_OK, "tiva: %s", err.msg);
    tsc_dresult_free(&r);
    cr_assert_eq(tsc_decomp_fdva(d, &r, &err), TSC_OK, "fdva: %s", err.msg);
    tsc_dresult_free(&r);
    const struct {
        tsc_bm_perspective p;
        tsc_bm_approach a;
        tsc_level l;
    } bm[] = {
        {TSC_BM_EXPORTER, TSC_BM_SOURCE, TSC_LEVEL_COUNTRY}, {TSC_BM_EXPORTER, TSC_BM_SOURCE, TSC_LEVEL_BILATERAL},
        {TSC_BM_EXPORTER, TSC_BM_SINK, TSC_LEVEL_SECTOR},    {TSC_BM_WORLD, TSC_BM_SOURCE, TSC_LEVEL_COUNTRY},
        {TSC_BM_WORLD, TSC_BM_SINK, TSC_LEVEL_COUNTRY},      {TSC_BM_SELF, TSC_BM_SOURCE, TSC_LEVEL_SECTOR},
        {TSC_BM_IMPORTS, TSC_BM_SOURCE, TSC_LEVEL_COUNTRY}};
    for (size_t k = 0; k < sizeof bm / sizeof *bm; k++) {
        cr_assert_eq(tsc_decomp_bm(d, bm[k].p, bm[k].a, bm[k].l, &r, &err), TSC_OK, "bm %zu: %s", k, err.msg);
        tsc_dresult_free(&r);
    }
    size_t jpn;
    cr_assert_eq(tsc_table_region_index(t, "JPN", &jpn, NULL), TSC_OK);
    cr_assert_eq(tsc_decomp_routes(d, jpn, TSC_NONE, 1, &r, &err), TSC_OK, "%s", err.msg);
    tsc_dresult_free(&r);
    tsc_decomp_free(d);
    tsc_leontief_free(lf);
    tsc_table_free(t);
}
