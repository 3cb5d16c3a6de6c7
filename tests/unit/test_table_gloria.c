/* The GLORIA reader: model D (fixed product-sales structure) on a tiny supply-use table derived by hand, the mock of
 * ../shared/vectors/formats reproduced by an independent dense computation, every error located. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table_gloria_int.h"
#include "testutil.h"

#define MOCKS "vectors/formats/"

static char *R2[] = {"AAA", "BBB"}, *S2[] = {"Crops", "Metal products"}, *F1[] = {"Household final consumption P.3h"};

static tsc__gloria_labels labels_2x2(void)
{
    tsc__gloria_labels l = {.G = 2, .N = 2, .F = 1, .K = 2, .regions = R2, .sectors = S2, .fdcats = F1};
    return l;
}

/* The tiny supply-use table: regions A, B; per region industries 1, 2 then products 1, 2 (T is 8 x 8).
 * Supply: A's industries make [[6, 2], [2, 6]] of A's products (q_A = 8, 8: market shares 3/4, 1/4), B's make
 * [[5, 0], [0, 4]]. Use (products x industries A1 A2 B1 B2): A1 [1 2 1 0], A2 [2 1 0 1], B1 [1 0 1 1], B2 [0 1 1 0];
 * final demand of the products (A, B): A1 [3 1], A2 [2 2], B1 [1 1], B2 [0 2]; value added (two items a region):
 * A [3 1], [1 3]; B [1 1], [1 1]. extra: a value in an industry row's industry column (outside every block). */
static const char *write_sut(const char *dir, double extra)
{
    static char t[4096];
    snprintf(t, sizeof t,
             /* A industries: supply under A's product columns */
             "0,%.17g,6,2,0,0,0,0\n"
             "0,0,2,6,0,0,0,0\n"
             /* A products: use under every industry column */
             "1,2,0,0,1,0,0,0\n"
             "2,1,0,0,0,1,0,0\n"
             /* B industries */
             "0,0,0,0,0,0,5,0\n"
             "0,0,0,0,0,0,0,4\n"
             /* B products */
             "1,0,0,0,1,1,0,0\n"
             "0,1,0,0,1,0,0,0\n",
             extra);
    tu_write(dir, "x_T-Results_2019_059_Markup001(full).csv", t);
    tu_write(dir, "x_Y-Results_2019_059_Markup001(full).csv", "0,0\n0,0\n3,1\n2,2\n0,0\n0,0\n1,1\n0,2\n");
    tu_write(dir, "x_V-Results_2019_059_Markup001(full).csv",
             "3,1,0,0,0,0,0,0\n1,3,0,0,0,0,0,0\n0,0,0,0,1,1,0,0\n0,0,0,0,1,1,0,0\n");
    static char path[1200];
    snprintf(path, sizeof path, "%s/x_T-Results_2019_059_Markup001(full).csv", dir);
    return path;
}

static char *sibling(const char *tpath, char letter)
{
    static char buf[2][1200];
    static int k;
    char *b = buf[k++ % 2];
    snprintf(b, 1200, "%s", tpath);
    strstr(b, "_T-Results_")[1] = letter;
    return b;
}

static int read_sut(const char *tpath, tsc_table **t, tsc_error *err)
{
    tsc__gloria_labels l = labels_2x2();
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    return tsc__gloria_read(tpath, sibling(tpath, 'Y'), sibling(tpath, 'V'), &l, &o, t, err);
}

Test(gloria, model_d_on_a_hand_derived_sut)
{
    const char *dir = tu_tmpdir();
    tsc_table *t = NULL;
    tsc_error err;
    int rc = read_sut(write_sut(dir, 0), &t, &err);
    cr_assert_eq(rc, TSC_OK, "%s:%zu:%zu: %s", err.file, err.line, err.col, err.msg);
    /* Z = D U: A1 = 3/4 A1' + 1/4 A2', A2 = 1/4 A1' + 3/4 A2'; B's industries make one product each */
    static const double Zr[4][4] = {{1.25, 1.75, 0.75, 0.25}, {1.75, 1.25, 0.25, 0.75}, {1, 0, 1, 1}, {0, 1, 1, 0}};
    static const double Yr[4][2] = {{2.75, 1.25}, {2.25, 1.75}, {1, 1}, {0, 2}};
    static const double x[4] = {8, 8, 5, 4}, va[4] = {4, 4, 2, 2};
    cr_assert_eq(tsc_table_n(t), 4);
    cr_assert_eq(tsc_table_format(t), TSC_FORMAT_GLORIA);
    cr_assert_eq(tsc_table_year(t), 2019);
    cr_assert_str_eq(tsc_table_sector(t, 1), "Metal products");
    for (size_t i = 0; i < 4; i++) {
        for (size_t j = 0; j < 4; j++)
            cr_assert_eq(tsc_table_Z(t)[i + j * 4], Zr[i][j], "Z[%zu,%zu] %.17g", i, j, tsc_table_Z(t)[i + j * 4]);
        for (size_t k = 0; k < 2; k++) cr_assert_eq(tsc_table_Y(t)[i + k * 4], Yr[i][k], "Y[%zu,%zu]", i, k);
        cr_assert_eq(tsc_table_x(t)[i], x[i]);
        cr_assert_eq(tsc_table_va(t)[i], va[i]);
    }
    cr_assert(strstr(tsc_table_notes(t), "model D"), "%s", tsc_table_notes(t));
    cr_assert_null(strstr(tsc_table_notes(t), "outside"), "%s", tsc_table_notes(t));
    tsc_table_free(t);
    tu_rmtree(dir);
}

Test(gloria, cells_outside_the_blocks_are_noted)
{
    const char *dir = tu_tmpdir();
    tsc_table *t = NULL;
    tsc_error err;
    int rc = read_sut(write_sut(dir, 0.375), &t, &err);
    cr_assert_eq(rc, TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_table_Z(t)[0 + 4], 1.75, "the cell is not in Z");
    cr_assert(strstr(tsc_table_notes(t), "1 non-zero cells outside"), "%s", tsc_table_notes(t));
    tsc_table_free(t);
    tu_rmtree(dir);
}

Test(gloria, errors_are_located)
{
    const char *dir = tu_tmpdir();
    const char *tp = write_sut(dir, 0);
    tsc_table *t = NULL;
    tsc_error err;
    /* a ragged row, a word for a number, a row too many */
    tu_write(dir, "x_Y-Results_2019_059_Markup001(full).csv", "0,0\n0,0\n3,1\n2,2,7\n0,0\n0,0\n1,1\n0,2\n");
    cr_assert_lt(read_sut(tp, &t, &err), 0);
    cr_assert_null(t);
    cr_assert_eq(err.line, 4, "%s", err.msg);
    tu_write(dir, "x_Y-Results_2019_059_Markup001(full).csv", "0,0\n0,0\n3,1\n2,2\n0,x\n0,0\n1,1\n0,2\n");
    cr_assert_lt(read_sut(tp, &t, &err), 0);
    cr_assert(err.line == 5 && err.col == 3, "%zu:%zu %s", err.line, err.col, err.msg);
    tu_write(dir, "x_Y-Results_2019_059_Markup001(full).csv", "0,0\n0,0\n3,1\n2,2\n0,0\n0,0\n1,1\n0,2\n0,0\n");
    cr_assert_eq(read_sut(tp, &t, &err), TSC_EDIM);
    cr_assert(err.line == 9 && strstr(err.msg, "more than 8 rows"), "%zu %s", err.line, err.msg);
    tu_write(dir, "x_Y-Results_2019_059_Markup001(full).csv", "0,0\n0,0\n3,1\n2,2\n0,0\n0,0\n1,1\n");
    cr_assert_eq(read_sut(tp, &t, &err), TSC_EDIM);
    cr_assert(strstr(err.msg, "7 rows where 8 are expected"), "%s", err.msg);
    tu_rmtree(dir);
}

/* ---- the mock: 3 regions x 3 sectors, 2 final-demand and 2 value-added items ------------------------------------ */

/* Reads a header-less numeric CSV into a dense row-major array; returns the number of rows. */
static size_t read_dense(const char *path, double *a, size_t ncol, size_t maxrow)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    char line[8192];
    size_t r = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '\n' || line[0] == '\r') continue;
        cr_assert_lt(r, maxrow);
        char *p = line;
        for (size_t j = 0; j < ncol; j++) {
            a[r * ncol + j] = strtod(p, &p);
            if (*p == ',') p++;
        }
        r++;
    }
    fclose(f);
    return r;
}

Test(gloria, mock_reproduced_by_a_dense_computation)
{
    const char *dir = tu_shared(MOCKS "gloria_mock/GLORIA_MRIOs_59_2022");
    TU_REQUIRE(dir);
    char tp[1200];
    snprintf(tp, sizeof tp, "%s/0_120secMother_AllCountries_002_T-Results_2022_059_Markup001(full).csv", dir);
    enum { G = 3, N = 3, F = 2, M = 2 * N * G, n = G * N };
    static double T[M * M], Yf[M * G * F], V[G * 2 * M];
    cr_assert_eq(read_dense(tp, T, M, M), (size_t)M);
    cr_assert_eq(read_dense(sibling(tp, 'Y'), Yf, G * F, M), (size_t)M);
    cr_assert_eq(read_dense(sibling(tp, 'V'), V, M, G * 2), (size_t)(G * 2));
    /* independently: the dense S (industries x products, whole world), q, D = S diag(q)^-1, Z = D U, Y = D Yp */
    static double S[n * n], U[n * n], Yp[n * G * F], D[n * n], Z[n * n], Y[n * G * F];
    for (size_t a = 0; a < M; a++)
        for (size_t b = 0; b < M; b++) {
            size_t ra = a / (2 * N), ka = a % (2 * N), rb = b / (2 * N), kb = b % (2 * N);
            if (ka < N && kb >= N) S[(ra * N + ka) * n + rb * N + kb - N] = T[a * M + b];
            if (ka >= N && kb < N) U[(ra * N + ka - N) * n + rb * N + kb] = T[a * M + b];
        }
    for (size_t a = 0; a < M; a++)
        if (a % (2 * N) >= N)
            for (size_t c = 0; c < G * F; c++)
                Yp[((a / (2 * N)) * N + a % (2 * N) - N) * G * F + c] = Yf[a * G * F + c];
    for (size_t p = 0; p < n; p++) {
        double q = 0;
        for (size_t i = 0; i < n; i++) q += S[i * n + p];
        for (size_t i = 0; i < n; i++) D[i * n + p] = q ? S[i * n + p] / q : 0;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++)
            for (size_t p = 0; p < n; p++) Z[i * n + j] += D[i * n + p] * U[p * n + j];
        for (size_t c = 0; c < G * F; c++)
            for (size_t p = 0; p < n; p++) Y[i * G * F + c] += D[i * n + p] * Yp[p * G * F + c];
    }
    static char *reg[] = {"AUS", "AUT", "AZE"}, *sec[] = {"Forestry and logging", "Fishing", "Crustaceans"},
                *fd[] = {"P.3h", "P.3n"};
    tsc__gloria_labels l = {.G = G, .N = N, .F = F, .K = 2, .regions = reg, .sectors = sec, .fdcats = fd};
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.rebalance = 1; /* the mock's numbers are made up: its accounts do not balance */
    tsc_table *t = NULL;
    tsc_error err;
    int rc = tsc__gloria_read(tp, sibling(tp, 'Y'), sibling(tp, 'V'), &l, &o, &t, &err);
    cr_assert_geq(rc, 0, "%s:%zu:%zu: %s", err.file, err.line, err.col, err.msg);
    double zt[n * n], yt[n * G * F];
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) zt[i * n + j] = tsc_table_Z(t)[i + j * n];
        for (size_t c = 0; c < G * F; c++) yt[i * G * F + c] = tsc_table_Y(t)[i + c * n];
    }
    tu_assert_close(zt, Z, n * n, 1e-14, "Z");
    tu_assert_close(yt, Y, n * G * F, 1e-14, "Y");
    double z11 = Z[0]; /* a sanity check that the mock gives something: AUS forestry's own use */
    cr_assert_gt(fabs(z11) + fabs(Z[1]) + fabs(Z[2]), 0);
    tsc_table_free(t);
}

Test(gloria, allocation_failures_are_clean)
{
    const char *dir = tu_tmpdir();
    const char *tp = write_sut(dir, 0.375);
    tsc_table *t = NULL;
    tsc_error err;
    size_t before = tsc_alloc_count();
    cr_assert_eq(read_sut(tp, &t, &err), TSC_OK, "%s", err.msg);
    tsc_table_free(t);
    size_t total = tsc_alloc_count() - before;
    for (size_t k = 1; k <= total; k++) {
        tsc_alloc_fail_after(k);
        t = NULL;
        int rc = read_sut(tp, &t, &err);
        tsc_alloc_fail_after(0);
        if (rc >= 0) {
            tsc_table_free(t);
            continue;
        }
        cr_assert_null(t);
        cr_assert_eq(rc, TSC_ENOMEM, "allocation %zu: %d %s", k, rc, err.msg);
    }
    tu_rmtree(dir);
}
