/* Test helpers: shared-data paths, loading, tolerant comparisons, temporary folders, and a main that makes
 * the test binaries run on the same fast OpenBLAS kernel as the command and exit 77 (ctest: "Skipped") when every
 * test they ran was skipped. */
#include "testutil.h"

#include <criterion/hooks.h>
#include <criterion/options.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char ring[8][1024];
static int ring_pos;

const char *tu_shared(const char *rel)
{
    char *b = ring[ring_pos++ % 8];
    const char *env = getenv("TSC_SHARED_DIR");
    snprintf(b, sizeof ring[0], "%s/%s", env ? env : TSC_SHARED_DIR, rel);
    return b;
}

const char *tu_src(const char *rel)
{
    char *b = ring[ring_pos++ % 8];
    snprintf(b, sizeof ring[0], "%s/%s", TSC_SOURCE_DIR, rel);
    return b;
}

int tu_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

int tu_no_skip(void)
{
    const char *v = getenv("TSC_NO_SKIP");
    return v && strcmp(v, "1") == 0;
}

void tu_skip_absent(const char *path)
{
    if (tu_no_skip()) cr_assert_fail("shared data absent: %s (TSC_NO_SKIP=1: every test must run here)", path);
    cr_skip_test("shared data absent: %s (tests that need ../shared skip)", path);
}

tsc_table *tu_load(const char *path, int rebalance)
{
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.rebalance = rebalance;
    tsc_table *t = NULL;
    tsc_error err;
    int rc = tsc_table_load(path, &o, &t, &err);
    char buf[1200];
    cr_assert(rc >= 0, "loading %s: %s", path, tsc_error_format(&err, buf, sizeof buf));
    return t;
}

tsc_mat tu_ref(const char *path)
{
    tsc_mat m;
    tsc_error err;
    char buf[1200];
    int rc = tsc_mat_read_labelled_csv(path, &m, &err);
    cr_assert(rc == 0, "reading %s: %s", path, tsc_error_format(&err, buf, sizeof buf));
    return m;
}

double tu_max_rel(const double *a, const double *b, size_t count, double floor)
{
    double worst = 0;
    for (size_t i = 0; i < count; i++) {
        double d = fabs(a[i] - b[i]) / fmax(fabs(b[i]), floor);
        if (!(d <= worst)) worst = d;
    }
    return worst;
}

void tu_assert_close(const double *a, const double *b, size_t count, double rtol, const char *what)
{
    for (size_t i = 0; i < count; i++) {
        double d = fabs(a[i] - b[i]) / fmax(fabs(b[i]), 1.0);
        cr_assert(d <= rtol, "%s: entry %zu is %.17g, expected %.17g (relative gap %.3g > %.1g)", what, i, a[i], b[i],
                  d, rtol);
    }
}

const char *tu_write(const char *dir, const char *name, const char *text)
{
    /* a ring of its own: dir may itself live in the shared ring (tu_tmpdir) */
    static char paths[8][1024];
    static int pos;
    char *p = paths[pos++ % 8];
    snprintf(p, sizeof paths[0], "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    cr_assert(f, "cannot write %s", p);
    fputs(text, f);
    fclose(f);
    return p;
}

tsc_table *tu_table_3x2(void)
{
    static const char *R[3] = {"JPN", "USA", "CHN"}, *S[2] = {"G1", "S1"}, *C[1] = {"FD"};
    double Z[36], Y[18];
    for (int i = 0; i < 36; i++) Z[i] = 1.0 + (i % 7) * 0.375;
    for (int i = 0; i < 18; i++) Y[i] = 10.0 + (i % 5);
    tsc_table *t = NULL;
    tsc_error err;
    cr_assert_eq(tsc_table_from_arrays(3, 2, 1, R, S, C, Z, Y, NULL, NULL, NULL, &t, &err), TSC_OK, "%s", err.msg);
    tsc_table_set_goods(t, 1, 0);
    return t;
}

tsc_table *tu_table_2x2(void)
{
    static const char *R[2] = {"AA", "BB"}, *S[2] = {"AG", "MF"}, *C[1] = {"FD"};
    double Z[16] = {5.25, 1.5, 2.75, 0.5, 1.25, 6.5, 0.75, 2.25, 2.5, 0.25, 7.75, 1.5, 0.5, 3.25, 1.75, 8.5};
    double Y[8] = {20.5, 10.25, 4.5, 3.75, 6.25, 3.5, 22.75, 18.5};
    tsc_table *t = NULL;
    tsc_error err;
    cr_assert_eq(tsc_table_from_arrays(2, 2, 1, R, S, C, Z, Y, NULL, NULL, NULL, &t, &err), TSC_OK, "%s", err.msg);
    return t;
}

tsc_table *tu_table_va_scaled(const tsc_table *t, double factor, double tol)
{
    size_t n = tsc_table_n(t), G = tsc_table_nregions(t), N = tsc_table_nsectors(t), F = tsc_table_nfd(t);
    const char **regions = malloc(G * sizeof *regions), **sectors = malloc(N * sizeof *sectors),
               **cats = malloc(F * sizeof *cats);
    double *va = malloc(n * sizeof *va);
    cr_assert(regions && sectors && cats && va);
    for (size_t r = 0; r < G; r++) regions[r] = tsc_table_region(t, r);
    for (size_t s = 0; s < N; s++) sectors[s] = tsc_table_sector(t, s);
    for (size_t f = 0; f < F; f++) cats[f] = tsc_table_fd_category(t, f);
    for (size_t i = 0; i < n; i++) va[i] = tsc_table_va(t)[i] * factor;
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.balance_tol = tol;
    tsc_table *bad = NULL;
    tsc_error err;
    cr_assert_eq(tsc_table_from_arrays(G, N, F, regions, sectors, cats, tsc_table_Z(t), tsc_table_Y(t), va,
                                       tsc_table_x(t), &o, &bad, &err),
                 TSC_OK, "%s", err.msg);
    free(regions);
    free(sectors);
    free(cats);
    free(va);
    return bad;
}

const char *tu_tmpdir(void)
{
    /* a ring of its own, so that paths built with tu_shared cannot overwrite a folder name a test keeps */
    static char dirs[8][64];
    static int pos;
    char *b = dirs[pos++ % 8];
    snprintf(b, sizeof dirs[0], "/tmp/tsc-test-XXXXXX");
    cr_assert(mkdtemp(b) != NULL, "mkdtemp failed");
    return b;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void tu_rmtree(const char *path)
{
    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The run's counts, filled by the report hook at the end of the run (in the runner process, where main runs). */
static size_t run_tests, run_skipped;

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
    run_tests = stats->nb_tests;
    run_skipped = stats->tests_skipped;
}

/* The exit status ctest reads: 0 passed, 1 failed, 77 skipped (SKIP_RETURN_CODE in tests/CMakeLists.txt) when the
 * binary ran tests and skipped them all, e.g. every test needs ../shared and it is absent. A binary that ran some
 * tests and skipped others passes; Criterion's summary line counts its skips. */
#define TU_EXIT_SKIPPED 77

int main(int argc, char *argv[])
{
    tsc_blas_ensure_fast_kernel(argv, NULL);
    struct criterion_test_set *tests = criterion_initialize();
    int result = 0;
    if (criterion_handle_args(argc, argv, true)) {
        result = !criterion_run_all_tests(tests);
        if (result == 0 && run_tests > 0 && run_skipped == run_tests) {
            fprintf(stderr, "all %zu tests skipped: exit status %d (skipped)\n", run_tests, TU_EXIT_SKIPPED);
            result = TU_EXIT_SKIPPED;
        }
    }
    criterion_finalize(tests);
    return result;
}

#include "csv_int.h"

static const char *key_name(const tsc_table *t, const tsc_dresult *r, size_t row, char kind)
{
    size_t v = kind == 'e' ? r->exporter[row] : kind == 's' ? r->sector[row] : r->importer[row];
    if (v == TSC_NONE) return "";
    return kind == 's' ? tsc_table_sector(t, v) : tsc_table_region(t, v);
}

size_t tu_compare_dresult(const tsc_table *t, const tsc_dresult *r, const char *ref_path, const char *keys, double rtol)
{
    size_t nkeys = strlen(keys);
    tsc_csv *c = NULL;
    tsc_error err;
    cr_assert_eq(tsc__csv_open(ref_path, &c, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc__csv_next(c, &err), 1, "%s: no header", ref_path);
    size_t nf = tsc__csv_nfields(c), compared = 0;
    long map[64];
    cr_assert(nf <= 64);
    for (size_t f = nkeys; f < nf; f++) {
        map[f] = -1;
        for (size_t k = 0; k < r->nterm; k++)
            if (strcmp(tsc__csv_field(c, f), r->terms[k]) == 0) map[f] = (long)k;
        cr_assert(map[f] >= 0, "%s: reference term %s not computed", ref_path, tsc__csv_field(c, f));
    }
    size_t nref = 0;
    while (tsc__csv_next(c, &err) == 1) {
        nref++;
        size_t row;
        for (row = 0; row < r->nrow; row++) {
            size_t k;
            for (k = 0; k < nkeys; k++)
                if (strcmp(key_name(t, r, row, keys[k]), tsc__csv_field(c, k)) != 0) break;
            if (k == nkeys) break;
        }
        cr_assert(row<r->nrow, "%s line %zu: row %s/%s not in the result", ref_path, tsc__csv_line(c),
                      tsc__csv_field(c, 0), nkeys> 1
                      ? tsc__csv_field(c, 1)
                      : "");
        for (size_t f = nkeys; f < nf; f++) {
            double want;
            cr_assert_eq(tsc__csv_number(c, f, &want, &err), TSC_OK, "%s", err.msg);
            double got = r->v[row * r->nterm + (size_t)map[f]];
            double gap = fabs(got - want) / fmax(fabs(want), 1.0);
            cr_assert(gap <= rtol, "%s line %zu, %s: %.17g, expected %.17g (gap %.3g)", ref_path, tsc__csv_line(c),
                      r->terms[map[f]], got, want, gap);
            compared++;
        }
    }
    tsc__csv_close(c);
    cr_assert_gt(nref, 0, "%s: no reference rows", ref_path);
    return compared;
}

tsc_mat tu_pymrio_mat(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "vectors/pymrio/%s.csv", name);
    tsc_mat m;
    tsc_error err;
    cr_assert_eq(tsc_mat_read_csv(tu_shared(rel), &m, &err), TSC_OK, "%s: %s", rel, err.msg);
    return m;
}

tsc_table *tu_pymrio_table(void)
{
    enum { G = 6, N = 8, F = 7 };
    static const char *regions[G] = {"reg1", "reg2", "reg3", "reg4", "reg5", "reg6"};
    static const char *sectors[N] = {"food",         "mining", "manufactoring", "electricity",
                                     "construction", "trade",  "transport",     "other"};
    static const char *cats[F] = {"hh", "npish", "gov", "gfcf", "inv", "val", "exp"};
    tsc_mat Z = tu_pymrio_mat("Z"), Y = tu_pymrio_mat("Y");
    cr_assert_eq(Z.nrow, G * N);
    cr_assert_eq(Y.ncol, G * F);
    tsc_table *t = NULL;
    tsc_error err;
    int rc = tsc_table_from_arrays(G, N, F, regions, sectors, cats, Z.data, Y.data, NULL, NULL, NULL, &t, &err);
    cr_assert_eq(rc, TSC_OK, "%s", err.msg);
    tsc_mat_free(&Z);
    tsc_mat_free(&Y);
    return t;
}

tsc_table *tu_example(double th[16], double se[16])
{
    tsc_table *t = tu_load(tu_src("data/example/table"), 0);
    size_t N = tsc_table_nsectors(t);
    cr_assert(N <= 16, "the example table has %zu sectors", N);
    const char *sec[16];
    double th_[16], se_[16];
    for (size_t k = 0; k < N; k++) sec[k] = tsc_table_sector(t, k);
    tsc_error err;
    cr_assert_eq(tsc_ge_theta_read_se(tu_src("data/concordance/theta_wiod.csv"), tu_src("data/example/concordance.csv"),
                                      N, sec, th ? th : th_, se ? se : se_, &err),
                 TSC_OK, "%s", err.msg);
    return t;
}
