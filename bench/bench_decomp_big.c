/* Benchmarks the country-level decompositions that need no Leontief inverse (KWW, TiVA) on a synthetic table of
 * n = 5000 against one LU of I - A of the same size, and their peak memory; prints a markdown section.
 *
 * usage: bench_decomp_big [--n N]      the section on stdout (N: 5000 or a multiple of 40; default 5000)
 *        bench_decomp_big --peak N     one pipeline in this process and its memory, key=value lines
 *
 * The pipeline is what `tariffscope decompose --method kww` (and tiva) does after loading: tsc_leontief_new (the LU
 * and its checks), tsc_decomp_new (the shared objects: V^sB by G transposed solves with the LU factors) and the method.
 * The baseline is LAPACKE_dgetrf alone on a copy of I - A, in the same process, alternating with the pipeline. Peak
 * memory is measured in a child of its own (--peak): VmHWM after the pipeline, with the high-water mark reset once
 * the table is built, in units of n^2 doubles (the table's own Z is one). */
#define BENCH_NAME "bench_decomp_big"
#include "bench_common.h" /* first: it sets the feature macros */

#include <lapacke.h>

#include "bench_synth.h"
#include "tariffscope/decomp.h"
#include "tariffscope/tariffscope.h"

#define DEFAULT_N 5000
#define RUNS 3
#define GOAL_RATIO 1.6 /* KWW pipeline / one LU at n = 5000 (issue goal) */
#define GOAL_PEAK 2.5  /* whole-process peak in n^2 doubles */

static double lu_seconds(const tsc_table *t)
{
    size_t n = tsc_table_n(t);
    const double *Z = tsc_table_Z(t), *x = tsc_table_x(t);
    double *m = xmalloc(n * n, sizeof *m);
    lapack_int *ipiv = xmalloc(n, sizeof *ipiv);
    for (size_t j = 0; j < n; j++) {
        double xinv = x[j] > 0 ? 1.0 / x[j] : 0.0;
        for (size_t i = 0; i < n; i++) m[i + j * n] = (i == j) - Z[i + j * n] * xinv;
    }
    double t0 = now();
    lapack_int info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)n, m, (lapack_int)n, ipiv);
    double dt = now() - t0;
    if (info != 0) die("LAPACKE_dgetrf on I - A failed", NULL);
    free(m);
    free(ipiv);
    return dt;
}

/* One pipeline: Leontief engine, shared objects, then the method (0: KWW, 1: TiVA); seconds. */
static double pipeline_seconds(const tsc_table *t, int method)
{
    tsc_leontief *lf = NULL;
    tsc_decomp *d = NULL;
    tsc_dresult r;
    tsc_error err;
    double t0 = now();
    if (tsc_leontief_new(t, &lf, &err) != TSC_OK) die("tsc_leontief_new", &err);
    if (tsc_decomp_new(t, lf, &d, &err) != TSC_OK) die("tsc_decomp_new", &err);
    int rc = method == 0 ? tsc_decomp_kww(d, &r, &err) : tsc_decomp_tiva(d, &r, &err);
    if (rc != TSC_OK) die(method == 0 ? "tsc_decomp_kww" : "tsc_decomp_tiva", &err);
    double dt = now() - t0;
    tsc_dresult_free(&r);
    tsc_decomp_free(d);
    tsc_leontief_free(lf);
    return dt;
}

static tsc_table *make_table(size_t n)
{
    size_t G, N;
    if (synth_shape(n, &G, &N)) {
        fprintf(stderr, "%s: n must be 5000 or a multiple of 40\n", progname);
        exit(2);
    }
    fprintf(stderr, "%s: building the synthetic table n = %zu (%zu x %zu)...\n", progname, n, G, N);
    return synth_table(G, N);
}

static int mode_peak(size_t n)
{
    tsc_table *t = make_table(n);
    int reset = reset_hwm();
    double base = proc_kib("/proc/self/status", "VmRSS:");
    double dt = pipeline_seconds(t, 0);
    double hwm = proc_kib("/proc/self/status", "VmHWM:");
    double nn_kib = (double)n * (double)n * sizeof(double) / 1024.0;
    printf("peak_n=%zu\npeak_reset=%d\npeak_base_nn=%.3f\npeak_hwm_nn=%.3f\npeak_seconds=%.3f\n", n, reset,
           base / nn_kib, hwm / nn_kib, dt);
    tsc_table_free(t);
    return 0;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: %s [--n N] | --peak N\n", progname);
}

int main(int argc, char **argv)
{
    size_t n = DEFAULT_N;
    const char *peak = NULL;
    bench_fast_kernel(argv);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v || (strcmp(a, "--n") != 0 && strcmp(a, "--peak") != 0)) {
            usage(stderr);
            return 2;
        }
        char *end;
        unsigned long long u = strtoull(v, &end, 10);
        if (*end || u == 0 || u > 40000) {
            usage(stderr);
            return 2;
        }
        n = (size_t)u;
        if (strcmp(a, "--peak") == 0) peak = v;
        i++;
    }
    if (peak) return mode_peak(n);

    contention ct;
    contention_begin(&ct);
    tsc_table *t = make_table(n);
    double lu = 1e300, kww = 1e300, tiva = 1e300;
    for (int r = 0; r < RUNS; r++) {
        fprintf(stderr, "%s: round %d of %d\n", progname, r + 1, RUNS);
        keep_min(&lu, lu_seconds(t));
        keep_min(&kww, pipeline_seconds(t, 0));
        keep_min(&tiva, pipeline_seconds(t, 1));
    }
    tsc_table_free(t);
    contention_end(&ct);

    char out[4096], self[32];
    snprintf(self, sizeof self, "%zu", n);
    char *args[] = {argv[0], "--peak", self, NULL};
    double hwm = -1;
    if (run_child("/proc/self/exe", args, out, sizeof out, NULL, 0, NULL, NULL) == 0) hwm = field(out, "peak_hwm_nn=");

    printf("### Country-level decompositions without the Leontief inverse (synthetic n = %zu)\n\n", n);
    printf("`tsc_leontief_new` + `tsc_decomp_new` + the method, against one `LAPACKE_dgetrf` of I - A of the same "
           "size in the same process (best of %d rounds, each round running all three). KWW and TiVA need of B only "
           "V^sB, by G transposed solves with the LU factors, not the n x n inverse (WWZ, Borin-Mancini and the "
           "exvatools methods still form it).\n\n",
           RUNS);
    printf("| | seconds | / one LU | goal |\n|---|---:|---:|---|\n");
    printf("| one LU (`dgetrf`) | %.3f | 1.00 | |\n", lu);
    printf("| KWW, country level | %.3f | %.2f | <= %.1f: %s |\n", kww, kww / lu, GOAL_RATIO,
           kww / lu <= GOAL_RATIO ? "**met**" : "**missed**");
    printf("| TiVA, country level | %.3f | %.2f | <= %.1f: %s |\n", tiva, tiva / lu, GOAL_RATIO,
           tiva / lu <= GOAL_RATIO ? "**met**" : "**missed**");
    if (hwm > 0)
        printf("\nPeak memory of the KWW pipeline (whole process, VmHWM after the high-water mark was reset once "
               "the table was built): **%.2f n^2 doubles** (goal <= %.1f: %s; the table's Z is 1.0, the LU 1.0).\n",
               hwm, GOAL_PEAK, hwm <= GOAL_PEAK ? "**met**" : "**missed**");
    else printf("\nPeak memory: not measured (the child run failed).\n");
    printf("\n| machine | |\n|---|---|\n");
    contention_print(&ct, sysconf(_SC_NPROCESSORS_ONLN));
    return 0;
}
