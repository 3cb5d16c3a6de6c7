/* Test helpers: shared-data paths, loading, tolerant comparisons, temporary folders, and a main that makes
 * the test binaries run on the same fast OpenBLAS kernel as the command. */
#include "testutil.h"

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

const char *tu_tmpdir(void)
{
    char *b = ring[ring_pos++ % 8];
    snprintf(b, sizeof ring[0], "/tmp/tsc-test-XXXXXX");
    cr_assert(mkdtemp(b) != NULL, "mkdtemp failed");
    return b;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

void tu_rmtree(const char *path) { nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS); }

int main(int argc, char *argv[])
{
    tsc_blas_ensure_fast_kernel(argv, NULL);
    struct criterion_test_set *tests = criterion_initialize();
    int result = 0;
    if (criterion_handle_args(argc, argv, true)) result = !criterion_run_all_tests(tests);
    criterion_finalize(tests);
    return result;
}
