/* Decompositions of gross exports against decompr 7 and exvatools on ../shared/vectors/gvc. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "decomp_int.h"
#include "testutil.h"

#define RTOL 1e-9

typedef struct fixture {
    tsc_table *t;
    tsc_leontief *lf;
    tsc_decomp *d;
} fixture;

static int setup(fixture *f, const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "vectors/gvc/%s", name);
    if (!tu_exists(tu_shared(rel))) return 0;
    tsc_error err;
    f->t = tu_load(tu_shared(rel), 0);
    cr_assert_eq(tsc_leontief_new(f->t, &f->lf, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_decomp_new(f->t, f->lf, &f->d, &err), TSC_OK, "%s", err.msg);
    return 1;
}

static void teardown(fixture *f)
{
    tsc_decomp_free(f->d);
    tsc_leontief_free(f->lf);
    tsc_table_free(f->t);
}

static const char *ref(const char *name, const char *file)
{
    char rel[256];
    snprintf(rel, sizeof rel, "vectors/gvc/%s/%s", name, file);
    return tu_shared(rel);
}

static void wwz_case(const char *name)
{
    fixture f;
    if (!setup(&f, name)) {
        tu_skip_absent(ref(name, ""));
        return;
    }
    tsc_dresult w, k;
    tsc_error err;
    cr_assert_eq(tsc_decomp_wwz(f.d, &w, &err), TSC_OK, "%s", err.msg);
    size_t cmp = tu_compare_dresult(f.t, &w, ref(name, "wwz_bilateral_sector.csv"), "esi", RTOL);
    cr_assert_gt(cmp, 100);
    cr_assert_eq(tsc_decomp_wwz2kww(&w, TSC_LEVEL_BILATERAL, &k, &err), TSC_OK);
    tu_compare_dresult(f.t, &k, ref(name, "wwz2kww_bilateral_sector.csv"), "esi", RTOL);
    tsc_dresult_free(&k);
    cr_assert_eq(tsc_decomp_wwz2kww(&w, TSC_LEVEL_COUNTRY, &k, &err), TSC_OK);
    tu_compare_dresult(f.t, &k, ref(name, "wwz2kww_country.csv"), "e", RTOL);
    tsc_dresult_free(&k);
    tsc_dresult_free(&w);
    teardown(&f);
}

Test(decomp, wwz_leather)
{
    wwz_case("leather");
}
Test(decomp, wwz_random5x4)
{
    wwz_case("random5x4");
}

static void kww_case(const char *name)
{
    fixture f;
    if (!setup(&f, name)) {
        tu_skip_absent(ref(name, ""));
        return;
    }
    tsc_dresult k;
    tsc_error err;
    cr_assert_eq(tsc_decomp_kww(f.d, &k, &err), TSC_OK, "%s", err.msg);
    tu_compare_dresult(f.t, &k, ref(name, "kww_country.csv"), "e", RTOL);
    tu_compare_dresult(f.t, &k, ref(name, "numpy_kww_country.csv"), "e", RTOL);
    tsc_dresult_free(&k);
    teardown(&f);
}

Test(decomp, kww_leather)
{
    kww_case("leather");
}
Test(decomp, kww_random5x4)
{
    kww_case("random5x4");
}

static void bm_case(const char *name)
{
    fixture f;
    if (!setup(&f, name)) {
        tu_skip_absent(ref(name, ""));
        return;
    }
    tsc_dresult b;
    tsc_error err;
    struct {
        tsc_bm_perspective p;
        tsc_bm_approach a;
        tsc_level level;
        const char *file, *keys;
    } cases[] = {{TSC_BM_EXPORTER, TSC_BM_SOURCE, TSC_LEVEL_BILATERAL, "bm_bilateral_exporter_source.csv", "esi"},
                 {TSC_BM_EXPORTER, TSC_BM_SOURCE, TSC_LEVEL_SECTOR, "bm_sector_exporter_source.csv", "es"},
                 {TSC_BM_EXPORTER, TSC_BM_SOURCE, TSC_LEVEL_COUNTRY, "bm_country_exporter_source.csv", "e"},
                 {TSC_BM_EXPORTER, TSC_BM_SOURCE, TSC_LEVEL_BILATERAL, "numpy_bm_bilateral_exporter_source.csv", "esi"},
                 {TSC_BM_EXPORTER, TSC_BM_SOURCE, TSC_LEVEL_COUNTRY, "numpy_bm_country_exporter_source.csv", "e"},
                 {TSC_BM_EXPORTER, TSC_BM_SINK, TSC_LEVEL_BILATERAL, "bm_bilateral_exporter_sink.csv", "esi"},
                 {TSC_BM_EXPORTER, TSC_BM_SINK, TSC_LEVEL_SECTOR, "bm_sector_exporter_sink.csv", "es"},
                 {TSC_BM_WORLD, TSC_BM_SOURCE, TSC_LEVEL_COUNTRY, "bm_country_world_source.csv", "e"},
                 {TSC_BM_WORLD, TSC_BM_SINK, TSC_LEVEL_COUNTRY, "bm_country_world_sink.csv", "e"},
                 {TSC_BM_SELF, TSC_BM_SOURCE, TSC_LEVEL_BILATERAL, "bm_bilateral_self.csv", "esi"},
                 {TSC_BM_SELF, TSC_BM_SOURCE, TSC_LEVEL_SECTOR, "bm_sector_self.csv", "es"},
                 {TSC_BM_IMPORTS, TSC_BM_SOURCE, TSC_LEVEL_COUNTRY, "bm_imports_country.csv", "i"},
                 {TSC_BM_IMPORTS, TSC_BM_SOURCE, TSC_LEVEL_BILATERAL, "bm_imports_bilateral.csv", "ie"}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        cr_assert_eq(tsc_decomp_bm(f.d, cases[c].p, cases[c].a, cases[c].level, &b, &err), TSC_OK, "%s: %s",
                     cases[c].file, err.msg);
        tu_compare_dresult(f.t, &b, ref(name, cases[c].file), cases[c].keys, RTOL);
        tsc_dresult_free(&b);
    }
    /* at country level the sink approach adds up to the source approach */
    tsc_dresult src, snk;
    cr_assert_eq(tsc_decomp_bm(f.d, TSC_BM_EXPORTER, TSC_BM_SOURCE, TSC_LEVEL_COUNTRY, &src, &err), TSC_OK);
    cr_assert_eq(tsc_decomp_bm(f.d, TSC_BM_EXPORTER, TSC_BM_SINK, TSC_LEVEL_COUNTRY, &snk, &err), TSC_OK);
    for (size_t s = 0; s < src.nrow; s++)
        for (size_t k = 0; k < snk.nterm; k++)
            for (size_t j = 0; j < src.nterm; j++)
                if (strcmp(snk.terms[k], src.terms[j]) == 0)
                    cr_assert_leq(fabs(snk.v[s * snk.nterm + k] - src.v[s * src.nterm + j]),
                                  RTOL * fmax(1.0, fabs(src.v[s * src.nterm + j])), "%s", src.terms[j]);
    tsc_dresult_free(&src);
    tsc_dresult_free(&snk);
    teardown(&f);
}

Test(decomp, bm_exporter_source_leather)
{
    bm_case("leather");
}
Test(decomp, bm_exporter_source_random5x4)
{
    bm_case("random5x4");
}

static void tiva_case(const char *name)
{
    fixture f;
    if (!setup(&f, name)) {
        tu_skip_absent(ref(name, ""));
        return;
    }
    tsc_dresult r;
    tsc_error err;
    cr_assert_eq(tsc_decomp_tiva(f.d, &r, &err), TSC_OK, "%s", err.msg);
    tu_compare_dresult(f.t, &r, ref(name, "numpy_tiva_country.csv"), "e", RTOL);
    tsc_dresult_free(&r);
    teardown(&f);
}

Test(decomp, tiva_leather)
{
    tiva_case("leather");
}
Test(decomp, tiva_random5x4)
{
    tiva_case("random5x4");
}

/* FD_VA against numpy's origin x destination matrix, and the routes that split it by finishing country. */
static void routes_case(const char *name)
{
    fixture f;
    if (!setup(&f, name)) {
        tu_skip_absent(ref(name, ""));
        return;
    }
    tsc_dresult fd, rt, tv;
    tsc_error err;
    size_t G = tsc_table_nregions(f.t);
    cr_assert_eq(tsc_decomp_fdva(f.d, &fd, &err), TSC_OK, "%s", err.msg);
    tsc_mat m = tu_ref(ref(name, "numpy_fdva_origin_x_dest.csv"));
    cr_assert_eq(m.nrow, G);
    for (size_t row = 0; row < fd.nrow; row++) {
        double want = *tsc_mat_at(&m, fd.exporter[row], fd.importer[row]);
        cr_assert_leq(fabs(fd.v[row] - want), RTOL * fmax(fabs(want), 1.0), "FD_VA row %zu", row);
    }
    cr_assert_eq(tsc_decomp_tiva(f.d, &tv, &err), TSC_OK, "%s", err.msg);
    for (size_t s = 0; s < G; s++) {
        /* summed over the finishing country, the routes give FD_VA */
        cr_assert_eq(tsc_decomp_routes(f.d, s, TSC_NONE, 1, &rt, &err), TSC_OK, "%s", err.msg);
        for (size_t dd = 0; dd < G; dd++) {
            double sum = 0;
            for (size_t row = 0; row < rt.nrow; row++)
                if (rt.importer[row] == dd) sum += rt.v[row];
            double want = *tsc_mat_at(&m, s, dd);
            cr_assert_leq(fabs(sum - want), RTOL * fmax(fabs(want), 1.0), "routes %zu -> %zu", s, dd);
        }
        tsc_dresult_free(&rt);
        /* crossings inside s's own exports carry s's domestic content of exports, EXGR_DVA */
        cr_assert_eq(tsc_decomp_routes(f.d, s, TSC_NONE, 0, &rt, &err), TSC_OK, "%s", err.msg);
        double own = 0;
        for (size_t row = 0; row < rt.nrow; row++)
            if (rt.exporter[row] == s) own += rt.v[row];
        double dva = tv.v[s * tv.nterm + 1];
        cr_assert_leq(fabs(own - dva), RTOL * fmax(fabs(dva), 1.0), "own crossings of %zu: %.17g vs %.17g", s, own,
                      dva);
        tsc_dresult_free(&rt);
    }
    tsc_mat_free(&m);
    tsc_dresult_free(&tv);
    tsc_dresult_free(&fd);
    teardown(&f);
}

Test(decomp, routes_leather)
{
    routes_case("leather");
}
Test(decomp, routes_random5x4)
{
    routes_case("random5x4");
}

/* A table whose value added misses its column identity by 5% loads under a loose tolerance, but its
 * decompositions cannot add up: they must refuse to return numbers. */
Test(decomp, identity_violation_is_an_error)
{
    fixture f;
    if (!setup(&f, "leather")) {
        tu_skip_absent(ref("leather", ""));
        return;
    }
    tsc_table *bad = tu_table_va_scaled(f.t, 1.05, 0.2);
    tsc_leontief *lf = NULL;
    tsc_decomp *d = NULL;
    tsc_error err;
    cr_assert_eq(tsc_leontief_new(bad, &lf, &err), TSC_OK);
    cr_assert_eq(tsc_decomp_new(bad, lf, &d, &err), TSC_OK);
    tsc_dresult r;
    cr_assert_eq(tsc_decomp_wwz(d, &r, &err), TSC_ENUMERIC);
    cr_assert(strstr(err.msg, "identity"), "%s", err.msg);
    cr_assert_eq(tsc_decomp_kww(d, &r, &err), TSC_ENUMERIC);
    cr_assert_eq(tsc_decomp_bm(d, TSC_BM_EXPORTER, TSC_BM_SOURCE, TSC_LEVEL_COUNTRY, &r, &err), TSC_ENUMERIC);
    cr_assert_eq(r.nrow, 0, "no partial result");
    tsc_decomp_free(d);
    tsc_leontief_free(lf);
    tsc_table_free(bad);
    teardown(&f);
}

/* A random productive table of G regions x N sectors x 2 final-demand categories (fixed seed). */
static tsc_table *random_table(size_t G, size_t N)
{
    size_t n = G * N, F = 2;
    double *Z = malloc(n * n * sizeof *Z), *Y = malloc(n * G * F * sizeof *Y);
    char **reg = malloc(G * sizeof *reg), **sec = malloc(N * sizeof *sec), *fd[2] = {"HH", "GOV"};
    unsigned s = 12345u;
    for (size_t k = 0; k < n * n; k++) {
        s = s * 1103515245u + 12345u;
        Z[k] = (double)(s >> 8 & 0xffff) / 65536.0 * ((k % n) / N == (k / n) / N ? 10.0 : 1.0);
    }
    for (size_t k = 0; k < n * G * F; k++) {
        s = s * 1103515245u + 12345u;
        Y[k] = 20.0 + (double)(s >> 8 & 0xffff) / 2048.0;
    }
    for (size_t r = 0; r < G; r++) {
        reg[r] = malloc(24);
        snprintf(reg[r], 24, "R%zu", r);
    }
    for (size_t j = 0; j < N; j++) {
        sec[j] = malloc(24);
        snprintf(sec[j], 24, "s%zu", j);
    }
    tsc_table *t = NULL;
    tsc_error err;
    cr_assert_eq(tsc_table_from_arrays(G, N, F, (const char *const *)reg, (const char *const *)sec,
                                       (const char *const *)fd, Z, Y, NULL, NULL, NULL, &t, &err),
                 TSC_OK, "%s", err.msg);
    for (size_t r = 0; r < G; r++) free(reg[r]);
    for (size_t j = 0; j < N; j++) free(sec[j]);
    free(reg);
    free(sec);
    free(Z);
    free(Y);
    return t;
}

/* KWW, TiVA, value added by destination and the routes come from solves with the LU factors: none of them
 * allocates an n x n matrix (the Leontief inverse), and KWW so computed equals WWZ's terms mapped to KWW's, which
 * come from the diagonal blocks of the inverse. */
Test(decomp, country_level_methods_do_without_the_inverse)
{
    size_t G = 8, N = 6, n = G * N;
    tsc_table *t = random_table(G, N);
    tsc_leontief *lf = NULL;
    tsc_decomp *d = NULL;
    tsc_error err;
    tsc_dresult kww, tiva, fdva, routes, wwz, w2k;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    tsc_alloc_largest_reset();
    cr_assert_eq(tsc_decomp_new(t, lf, &d, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_decomp_kww(d, &kww, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_decomp_tiva(d, &tiva, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_decomp_fdva(d, &fdva, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_decomp_routes(d, 0, TSC_NONE, 0, &routes, &err), TSC_OK, "%s", err.msg);
    size_t nn_bytes = n * n * sizeof(double);
    cr_assert_lt(tsc_alloc_largest(), nn_bytes, "largest allocation %zu bytes, n x n is %zu", tsc_alloc_largest(),
                 nn_bytes);
    cr_assert_eq(tsc_decomp_wwz(d, &wwz, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_decomp_wwz2kww(&wwz, TSC_LEVEL_COUNTRY, &w2k, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(w2k.nrow * w2k.nterm, kww.nrow * kww.nterm);
    tu_assert_close(kww.v, w2k.v, kww.nrow * kww.nterm, 1e-10, "KWW: solves vs inverse");
    tsc_dresult_free(&kww);
    tsc_dresult_free(&tiva);
    tsc_dresult_free(&fdva);
    tsc_dresult_free(&routes);
    tsc_dresult_free(&wwz);
    tsc_dresult_free(&w2k);
    tsc_decomp_free(d);
    tsc_leontief_free(lf);
    tsc_table_free(t);
}

/* max |a - b| / max(|b|, largest |b| of the row): how far the path without the inverse is from the one with it,
 * each term against its row's scale (FDC = FC - FVA can be a small difference of large terms). */
static double gap(const tsc_dresult *a, const tsc_dresult *b)
{
    cr_assert_eq(a->nrow * a->nterm, b->nrow * b->nterm);
    double worst = 0;
    size_t at = 0;
    for (size_t row = 0; row < b->nrow; row++) {
        const double *x = a->v + row * b->nterm, *y = b->v + row * b->nterm;
        double big = 0;
        for (size_t k = 0; k < b->nterm; k++) big = fmax(big, fabs(y[k]));
        for (size_t k = 0; k < b->nterm; k++) {
            double g = fabs(x[k] - y[k]) / fmax(fabs(y[k]), big);
            if (g > worst) {
                worst = g;
                at = row * b->nterm + k;
            }
        }
    }
    if (getenv("TSC_TEST_VERBOSE"))
        fprintf(stderr, "gap %.3g at row %zu term %s: %.17g vs %.17g\n", worst, at / b->nterm, b->terms[at % b->nterm],
                a->v[at], b->v[at]);
    return worst;
}

/* The source-based Borin-Mancini results from W, BY and the blocks B^{ss} applied by refinement (no n x n
 * allocation) equal those of the inverse; and so do the blocks' solves by GMRES and, when it is given too few sweeps,
 * by block columns. */
static void bm_without_inverse(tsc_table *t)
{
    size_t n = tsc_table_n(t), sweeps = 0;
    tsc_leontief *lf = NULL;
    tsc_decomp *d = NULL, *dinv = NULL;
    tsc_error err;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_decomp_new(t, lf, &d, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_decomp_new(t, lf, &dinv, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc__decomp_need_inverse(dinv, &err), TSC_OK, "%s", err.msg);
    struct {
        tsc_bm_perspective p;
        tsc_bm_approach a;
        tsc_level level;
    } cases[] = {{TSC_BM_EXPORTER, TSC_BM_SOURCE, TSC_LEVEL_COUNTRY},
                 {TSC_BM_EXPORTER, TSC_BM_SOURCE, TSC_LEVEL_SECTOR},
                 {TSC_BM_EXPORTER, TSC_BM_SOURCE, TSC_LEVEL_BILATERAL},
                 {TSC_BM_WORLD, TSC_BM_SOURCE, TSC_LEVEL_COUNTRY},
                 {TSC_BM_WORLD, TSC_BM_SINK, TSC_LEVEL_COUNTRY}};
    tsc_alloc_largest_reset();
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        tsc_dresult a, b;
        cr_assert_eq(tsc_decomp_bm(d, cases[c].p, cases[c].a, cases[c].level, &a, &err), TSC_OK, "%s", err.msg);
        /* (the bilateral result itself is n (G - 1) x 13: larger than n x n on tiny tables) */
        if (13 * tsc_table_nregions(t) < n)
            cr_assert_lt(tsc_alloc_largest(), n * n * sizeof(double), "case %zu allocated n x n", c);
        cr_assert_eq(tsc_decomp_bm(dinv, cases[c].p, cases[c].a, cases[c].level, &b, &err), TSC_OK, "%s", err.msg);
        double g = gap(&a, &b);
        cr_assert(g <= 1e-12, "case %zu: without the inverse %.3g from the inverse's results", c, g);
        tsc_dresult_free(&a);
        tsc_dresult_free(&b);
        tsc_alloc_largest_reset();
    }
    /* the solve itself: sweeps of GMRES, or block columns after one sweep */
    double *w = malloc(4 * n * sizeof *w), *z = w + n, *zb = z + n, *zinv = zb + n;
    for (size_t j = 0; j < n; j++) w[j] = 0.25 + (double)(j % 7) / 9.0;
    cr_assert_eq(tsc__bss_solve_t(d, w, z, 0, &sweeps, &err), TSC_OK, "%s", err.msg);
    if (getenv("TSC_TEST_VERBOSE")) fprintf(stderr, "n = %zu: %zu sweeps\n", n, sweeps);
    cr_assert(sweeps >= 1 && sweeps <= 10, "%zu sweeps", sweeps);
    cr_assert_eq(tsc__bss_solve_t(d, w, zb, 1, &sweeps, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(sweeps, TSC_NONE, "one sweep is not enough here: the blocks B^{ss} are solved for");
    cr_assert_eq(tsc__bss_solve_t(dinv, w, zinv, 0, &sweeps, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(sweeps, 0);
    for (size_t j = 0; j < n; j++) {
        cr_assert(fabs(z[j] - zinv[j]) <= 1e-12 * fabs(zinv[j]), "z[%zu] = %.17g, from B^{ss}: %.17g", j, z[j],
                  zinv[j]);
        cr_assert(fabs(zb[j] - zinv[j]) <= 1e-12 * fabs(zinv[j]), "z[%zu] = %.17g by block columns, from B^{ss}: %.17g",
                  j, zb[j], zinv[j]);
    }
    free(w);
    tsc_decomp_free(d);
    tsc_decomp_free(dinv);
    tsc_leontief_free(lf);
    tsc_table_free(t);
}

Test(decomp, bm_source_without_the_inverse_random)
{
    bm_without_inverse(random_table(4, 60));
}

Test(decomp, bm_source_without_the_inverse_wiod2011)
{
    const char *path = tu_shared("data/wiod2013/wiot_2011");
    TU_REQUIRE(path);
    bm_without_inverse(tu_load(path, 1));
}

/* WWZ from the diagonal blocks B^{rr} (triangular solves on the trailing LU factors, or block columns when the LU
 * has row interchanges) and solves, with no n x n allocation, equals WWZ from the inverse. */
static void wwz_without_inverse(tsc_table *t, int want_pivots)
{
    size_t n = tsc_table_n(t), G = tsc_table_nregions(t);
    tsc_leontief *lf = NULL;
    tsc_decomp *d = NULL, *dinv = NULL;
    tsc_error err;
    tsc_dresult a, b;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    int pivots = 0;
    for (size_t i = 0; i < n; i++) pivots |= lf->ipiv[i] != (lapack_int)(i + 1);
    cr_assert_eq(pivots, want_pivots, "the LU %s row interchanges", pivots ? "has" : "has no");
    cr_assert_eq(tsc_decomp_new(t, lf, &d, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_decomp_new(t, lf, &dinv, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc__decomp_need_inverse(dinv, &err), TSC_OK, "%s", err.msg);
    tsc_alloc_largest_reset();
    cr_assert_eq(tsc_decomp_wwz(d, &a, &err), TSC_OK, "%s", err.msg);
    cr_assert_null(d->B);
    if (26 * G < n) /* (the result itself is n G x 26) */
        cr_assert_lt(tsc_alloc_largest(), n * n * sizeof(double), "WWZ allocated n x n");
    cr_assert_eq(tsc_decomp_wwz(dinv, &b, &err), TSC_OK, "%s", err.msg);
    double g = gap(&a, &b);
    cr_assert(g <= 1e-12, "WWZ without the inverse %.3g from the inverse's", g);
    /* and the blocks themselves */
    size_t N = tsc_table_nsectors(t);
    for (size_t s = 0; s < G; s++)
        for (size_t j = 0; j < N; j++)
            for (size_t i = 0; i < N; i++) {
                double x = d->Bdiag[s * N * N + j * N + i], y = dinv->B[s * N + i + (s * N + j) * n];
                cr_assert(fabs(x - y) <= 1e-13 * fmax(fabs(y), 1.0), "B^{ss}[%zu](%zu, %zu) = %.17g, inverse %.17g", s,
                          i, j, x, y);
            }
    tsc_dresult_free(&a);
    tsc_dresult_free(&b);
    tsc_decomp_free(d);
    tsc_decomp_free(dinv);
    tsc_leontief_free(lf);
    tsc_table_free(t);
}

Test(decomp, wwz_without_the_inverse_random)
{
    wwz_without_inverse(random_table(3, 90), 0);
}

Test(decomp, wwz_without_the_inverse_wiod2011)
{
    const char *path = tu_shared("data/wiod2013/wiot_2011");
    TU_REQUIRE(path);
    wwz_without_inverse(tu_load(path, 1), 0);
}

/* A sector whose inputs exceed its output (negative value added): I - A is not column diagonally dominant, the LU
 * swaps rows, and the blocks come from whole block columns of B. */
Test(decomp, wwz_without_the_inverse_row_interchanges)
{
    const char *reg[3] = {"AA", "BB", "CC"}, *sec[1] = {"S"}, *fd[1] = {"FD"};
    double Z[9] = {10.0, 100.0, 4.5, 10.25, 9.75, 8.5, 7.25, 6.5, 5.75};
    double Y[9] = {20.5, 11.25, 14.5, 12.5, 9.75, 16.25, 21.5, 18.75, 30.25};
    tsc_table *t = NULL;
    tsc_error err;
    tsc_load_opts opts;
    tsc_load_opts_init(&opts);
    int rc = tsc_table_from_arrays(3, 1, 1, reg, sec, fd, Z, Y, NULL, NULL, &opts, &t, &err);
    cr_assert(rc >= 0, "%s", err.msg);
    wwz_without_inverse(t, 1);
}
