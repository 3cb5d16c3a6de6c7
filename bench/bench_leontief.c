/* Benchmarks the Leontief pipeline against one LU, table loading and peak memory; prints a markdown report.
 *
 * usage: bench_leontief [--wiod DIR] [--prescott-dgetrf S] [--selected-dgetrf S]   the report on stdout
 *        bench_leontief --dgetrf-only N    best-of-5 dgetrf on the synthetic I - A of size N, one line (key=value)
 *        bench_leontief --peak N           one pipeline run at size N and its peak RSS, key=value lines
 *
 * OpenBLAS reads OPENBLAS_CORETYPE once, when it is loaded, so comparing kernels takes separate processes:
 * bench/run.sh runs `--dgetrf-only 2000` as it is and under OPENBLAS_CORETYPE=Prescott and passes the two times
 * in with --selected-dgetrf and --prescott-dgetrf. Peak RSS is process-wide and only grows, so the report measures
 * it in a child of its own (--peak). Progress goes to stderr. */
#define BENCH_NAME "bench_leontief"
#include "bench_common.h" /* first: it sets the feature macros */

#include <cblas.h>
#include <lapacke.h>
#include <stdint.h>
#include <sys/stat.h>

#include "bench_synth.h"
#include "tariffscope/tariffscope.h"

#define DEFAULT_WIOD "/work/shared/data/wiod2013/wiot_2011"
#define DGEMM_N 2000  /* size of the dgemm reference */
#define KERNEL_N 2000 /* size of the Prescott-versus-selected dgetrf comparison */
#define KERNEL_REPS 5
#define PEAK_N 5000 /* size of the peak-memory run */
#define LOAD_REPS 5

/* Goals the report checks. */
#define GOAL_RATIO 1.5     /* pipeline / dgetrf at n = 5000 */
#define GOAL_GZIP_S 0.3    /* WIOD 2011 from the gzip CSV folder */
#define GOAL_CACHE_S 0.020 /* WIOD 2011 from the binary cache */
#define GOAL_PEAK_NN 4.0   /* peak RSS of the n = 5000 pipeline, in n^2 doubles */

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v == 0 || v > 100000) return -1;
    *out = (size_t)v;
    return 0;
}

static int parse_seconds(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v > 0)) return -1;
    *out = v;
    return 0;
}

static void cpu_model(char *buf, size_t size)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    snprintf(buf, size, "unknown");
    if (!f) return;
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) == 0 && colon) {
            char *s = colon + 1;
            while (*s == ' ' || *s == '\t') s++;
            s[strcspn(s, "\n")] = '\0';
            snprintf(buf, size, "%s", s);
            break;
        }
    }
    fclose(f);
}

/* synthetic tables: bench_synth.h */

/* ---- timings ---- */

typedef struct lu_times {
    double form;   /* forming I - A from Z and x into a freshly allocated buffer (first-touch page faults included) */
    double dgetrf; /* one LAPACKE_dgetrf on a ready copy of I - A */
    double dgecon; /* LAPACKE_dgecon on those factors (tsc_leontief_new runs it only as a fallback) */
    double dgetrs; /* LAPACKE_dgetrs with the G columns of Y by region, no residual check */
} lu_times;

typedef struct pipe_times {
    double t_new, t_mult, t_vbd, total; /* best of each step, and best total */
    double resid, rcond, va_check;      /* max backward error, rcond, max |v'L - 1| over sectors with x > 0 */
} pipe_times;

typedef struct case_result {
    char name[64], shape[32];
    size_t n;
    int reps, a_nonneg; /* a_nonneg: A >= 0, so tsc_leontief_new takes rcond from the productivity solve */
    lu_times lu;
    pipe_times pipe;
} case_result;

/* I - A with A = Z x^-1 (columns with x <= 0 zero, as the library does), and its 1-norm. */
static double *identity_minus_a(const tsc_table *t, double *norm1)
{
    size_t n = tsc_table_n(t);
    const double *Z = tsc_table_Z(t), *x = tsc_table_x(t);
    double *m = xmalloc(n * n, sizeof *m);
    *norm1 = 0;
    for (size_t j = 0; j < n; j++) {
        double xinv = x[j] > 0 ? 1.0 / x[j] : 0.0, cabs = 0;
        for (size_t i = 0; i < n; i++) {
            double v = (i == j) - Z[i + j * n] * xinv;
            m[i + j * n] = v;
            cabs += v < 0 ? -v : v;
        }
        if (cabs > *norm1) *norm1 = cabs;
    }
    return m;
}

/* Buffers of one benchmark case, allocated once so that every repetition times the same work. */
typedef struct case_ws {
    size_t n, G;
    double norm1, *ia, *work, *b, *out; /* I - A, its LU, Y by region, the pipeline's outputs (4n + nG) */
    lapack_int *ipiv;
} case_ws;

static void ws_init(case_ws *w, const tsc_table *t)
{
    w->n = tsc_table_n(t);
    w->G = tsc_table_nregions(t);
    w->ia = identity_minus_a(t, &w->norm1);
    w->work = xmalloc(w->n * w->n, sizeof *w->work);
    w->b = xmalloc(w->n * w->G, sizeof *w->b);
    w->out = xmalloc(4 * w->n + w->n * w->G, sizeof *w->out);
    w->ipiv = xmalloc(w->n, sizeof *w->ipiv);
}

static void ws_free(case_ws *w)
{
    free(w->ia);
    free(w->work);
    free(w->b);
    free(w->out);
    free(w->ipiv);
}

/* One repetition of the plain-LAPACK baseline; updates the best times in out. */
static void time_lu(const tsc_table *t, case_ws *w, lu_times *out)
{
    size_t n = w->n;
    double norm1, rcond, t0 = now();
    double *fresh = identity_minus_a(t, &norm1);
    keep_min(&out->form, now() - t0);
    free(fresh);

    memcpy(w->work, w->ia, n * n * sizeof *w->work);
    t0 = now();
    lapack_int info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)n, w->work, (lapack_int)n, w->ipiv);
    keep_min(&out->dgetrf, now() - t0);
    if (info != 0) die("LAPACKE_dgetrf on I - A failed", NULL);

    t0 = now();
    info = LAPACKE_dgecon(LAPACK_COL_MAJOR, '1', (lapack_int)n, w->work, (lapack_int)n, w->norm1, &rcond);
    keep_min(&out->dgecon, now() - t0);
    if (info != 0) die("LAPACKE_dgecon failed", NULL);

    tsc_table_y_by_region(t, w->b);
    t0 = now();
    info = LAPACKE_dgetrs(LAPACK_COL_MAJOR, 'N', (lapack_int)n, (lapack_int)w->G, w->work, (lapack_int)n, w->ipiv, w->b,
                          (lapack_int)n);
    keep_min(&out->dgetrs, now() - t0);
    if (info != 0) die("LAPACKE_dgetrs failed", NULL);
}

/* One run of tsc_leontief_new + tsc_leontief_multipliers (all four) + tsc_leontief_va_by_destination. */
static void time_pipeline(const tsc_table *t, case_ws *w, pipe_times *best)
{
    size_t n = w->n;
    tsc_multipliers m = {w->out, w->out + n, w->out + 2 * n, w->out + 3 * n};
    double *vby = w->out + 4 * n;
    const double *x = tsc_table_x(t);
    tsc_leontief *lf = NULL;
    tsc_error err;
    double t0 = now();
    if (tsc_leontief_new(t, &lf, &err) != TSC_OK) die("tsc_leontief_new", &err);
    double t1 = now();
    if (tsc_leontief_multipliers(lf, &m, &err) != TSC_OK) die("tsc_leontief_multipliers", &err);
    double t2 = now();
    if (tsc_leontief_va_by_destination(lf, vby, &err) != TSC_OK) die("tsc_leontief_va_by_destination", &err);
    double t3 = now();
    keep_min(&best->t_new, t1 - t0);
    keep_min(&best->t_mult, t2 - t1);
    keep_min(&best->t_vbd, t3 - t2);
    keep_min(&best->total, t3 - t0);
    if (tsc_leontief_max_residual(lf) > best->resid) best->resid = tsc_leontief_max_residual(lf);
    best->rcond = tsc_leontief_rcond(lf);
    /* a balanced table has value-added multipliers v'L = 1: a cheap check that the numbers are right */
    for (size_t i = 0; i < n; i++) {
        double d = m.va[i] > 1.0 ? m.va[i] - 1.0 : 1.0 - m.va[i];
        if (x[i] > 0 && d > best->va_check) best->va_check = d;
    }
    tsc_leontief_free(lf);
}

/* Whether A = Z x^-1 >= 0 (columns with x <= 0 are zero in A): then rcond needs no dgecon. */
static int a_is_nonneg(const tsc_table *t)
{
    size_t n = tsc_table_n(t);
    const double *Z = tsc_table_Z(t), *x = tsc_table_x(t);
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; x[j] > 0 && i < n; i++)
            if (Z[i + j * n] < 0) return 0;
    return 1;
}

/* Baseline and pipeline alternate, so that a slow spell of a shared machine hits both alike. */
static void run_case(const tsc_table *t, const char *name, int reps, case_result *res)
{
    case_ws w;
    snprintf(res->name, sizeof res->name, "%s", name);
    snprintf(res->shape, sizeof res->shape, "%zu x %zu", tsc_table_nregions(t), tsc_table_nsectors(t));
    res->n = tsc_table_n(t);
    res->reps = reps;
    res->a_nonneg = a_is_nonneg(t);
    res->lu.form = res->lu.dgetrf = res->lu.dgecon = res->lu.dgetrs = 1e300;
    res->pipe.t_new = res->pipe.t_mult = res->pipe.t_vbd = res->pipe.total = 1e300;
    res->pipe.resid = res->pipe.va_check = res->pipe.rcond = 0;
    ws_init(&w, t);
    for (int r = 0; r < reps; r++) {
        fprintf(stderr, "%s: %s (n = %zu): run %d of %d\n", progname, name, res->n, r + 1, reps);
        time_lu(t, &w, &res->lu);
        time_pipeline(t, &w, &res->pipe);
    }
    ws_free(&w);
}

static double dgemm_gflops(size_t n, double *seconds)
{
    uint64_t s = SEED;
    double *a = xmalloc(n * n, sizeof *a), *b = xmalloc(n * n, sizeof *b), *c = xmalloc(n * n, sizeof *c);
    for (size_t k = 0; k < n * n; k++) {
        a[k] = rng_uniform(&s) - 0.5;
        b[k] = rng_uniform(&s) - 0.5;
        c[k] = 0;
    }
    double best = 1e300;
    for (int r = 0; r < 3; r++) {
        double t0 = now();
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1.0, a, (int)n, b, (int)n, 0.0,
                    c, (int)n);
        double dt = now() - t0;
        if (dt < best) best = dt;
    }
    free(a);
    free(b);
    free(c);
    *seconds = best;
    return 2.0 * (double)n * (double)n * (double)n / best * 1e-9;
}

static double lu_gflops(size_t n, double seconds)
{
    return 2.0 / 3.0 * (double)n * (double)n * (double)n / seconds * 1e-9;
}

/* ---- loading ---- */

typedef struct load_result {
    int have;
    double gzip_s, cache_s, cache_mib;
} load_result;

static double time_load(const char *path, const tsc_load_opts *opts, int reps, tsc_table **keep)
{
    double best = 1e300;
    tsc_error err;
    for (int r = 0; r < reps; r++) {
        tsc_table *t = NULL;
        double t0 = now();
        int rc = tsc_table_load(path, opts, &t, &err);
        double dt = now() - t0;
        if (rc < 0) die(path, &err);
        if (dt < best) best = dt;
        if (keep && r == reps - 1) *keep = t;
        else tsc_table_free(t);
    }
    return best;
}

/* Loads WIOD 2011 from its gzip folder and from a cache file written to a temporary folder; keeps the table. */
static void bench_load(const char *dir, load_result *res, tsc_table **wiod)
{
    tsc_load_opts opts;
    tsc_error err;
    struct stat st;
    char tmpdir[512], cache[600];
    const char *base = getenv("TMPDIR");
    tsc_load_opts_init(&opts);
    opts.rebalance = 1;
    fprintf(stderr, "%s: loading %s (%d times)...\n", progname, dir, LOAD_REPS);
    res->gzip_s = time_load(dir, &opts, LOAD_REPS, wiod);
    snprintf(tmpdir, sizeof tmpdir, "%s/tsc-bench-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) die("mkdtemp for the cache file", NULL);
    snprintf(cache, sizeof cache, "%s/wiot_2011.tsc", tmpdir);
    if (tsc_table_save_cache(*wiod, cache, &err) != TSC_OK) die("tsc_table_save_cache", &err);
    res->cache_mib = stat(cache, &st) == 0 ? (double)st.st_size / MIB : 0;
    fprintf(stderr, "%s: loading the cache (%d times)...\n", progname, LOAD_REPS);
    res->cache_s = time_load(cache, &opts, LOAD_REPS, NULL);
    if (remove(cache) != 0 || rmdir(tmpdir) != 0)
        fprintf(stderr, "%s: warning: could not remove %s\n", progname, tmpdir);
    res->have = 1;
}

/* ---- child modes ---- */

static int mode_dgetrf_only(size_t n)
{
    size_t G, N;
    tsc_blas_info bi;
    lu_times lu;
    if (synth_shape(n, &G, &N)) {
        fprintf(stderr, "%s: n must be 5000 or a multiple of 40\n", progname);
        return 2;
    }
    tsc_table *t = synth_table(G, N);
    case_ws w;
    contention ct;
    lu.form = lu.dgetrf = lu.dgecon = lu.dgetrs = 1e300;
    ws_init(&w, t);
    contention_begin(&ct);
    for (int r = 0; r < KERNEL_REPS; r++) time_lu(t, &w, &lu);
    contention_end(&ct);
    ws_free(&w);
    tsc_blas_query(&bi);
    /* busy=1 when other processes took CPU time meanwhile: bench/run.sh then runs the pair again */
    printf("dgetrf_only n=%zu kernel=%s threads=%d seconds=%.6f busy=%d other_cpu=%.2f\n", n, bi.corename, bi.threads,
           lu.dgetrf, contention_busy(&ct, sysconf(_SC_NPROCESSORS_ONLN)), ct.other + ct.steal);
    tsc_table_free(t);
    return 0;
}

static int mode_peak(size_t n)
{
    size_t G, N;
    tsc_error err;
    if (synth_shape(n, &G, &N)) {
        fprintf(stderr, "%s: n must be 5000 or a multiple of 40\n", progname);
        return 2;
    }
    double start_kib = proc_kib("/proc/self/status", "VmRSS:");
    tsc_table *t = synth_table(G, N); /* its generator arrays are freed (munmap) before the baseline */
    int reset = reset_hwm();
    double base_kib = proc_kib("/proc/self/status", "VmRSS:");
    double t0 = now();
    tsc_leontief *lf = NULL;
    double *buf = xmalloc(4 * n + n * G, sizeof *buf);
    tsc_multipliers m = {buf, buf + n, buf + 2 * n, buf + 3 * n};
    if (tsc_leontief_new(t, &lf, &err) != TSC_OK) die("tsc_leontief_new", &err);
    if (tsc_leontief_multipliers(lf, &m, &err) != TSC_OK) die("tsc_leontief_multipliers", &err);
    if (tsc_leontief_va_by_destination(lf, buf + 4 * n, &err) != TSC_OK) die("tsc_leontief_va_by_destination", &err);
    double dt = now() - t0;
    double hwm_kib = proc_kib("/proc/self/status", "VmHWM:");
    double table_mib = (double)(n * n + n * G + 2 * n) * sizeof(double) / MIB;
    printf("peak_n=%zu\npeak_reset=%d\npeak_start_kib=%.0f\npeak_base_kib=%.0f\npeak_hwm_kib=%.0f\n"
           "peak_table_mib=%.3f\npeak_seconds=%.3f\n",
           n, reset, start_kib, base_kib, hwm_kib, table_mib, dt);
    tsc_leontief_free(lf);
    free(buf);
    tsc_table_free(t);
    return 0;
}

/* Runs this program again (/proc/self/exe) with one option and its value; its stdout goes into out. */
static int run_self(char *argv0, const char *opt, const char *value, char *out, size_t size)
{
    char o[32], v[32];
    char *args[] = {argv0, o, v, NULL};
    snprintf(o, sizeof o, "%s", opt);
    snprintf(v, sizeof v, "%s", value);
    return run_child("/proc/self/exe", args, out, size, NULL, 0, NULL, NULL);
}

/* ---- the report ---- */

static const char *yes_no(int ok)
{
    return ok ? "**met**" : "**missed**";
}

static void print_report(const tsc_blas_info *bi, const char *date, const contention *ct, double gemm_s, double gemm_gf,
                         const case_result *cases, size_t ncases, const char *wiod_dir, const load_result *ld,
                         double prescott_s, double selected_s, const char *peak_out, int peak_ok)
{
    char cpu[256];
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    double mem_kib = proc_kib("/proc/meminfo", "MemTotal:");
    cpu_model(cpu, sizeof cpu);

    printf("## Machine\n\n| | |\n|---|---|\n");
    printf("| date | %s |\n", date);
    printf("| CPU | %s; %ld cores online; AVX2 %s, AVX-512F %s |\n", cpu, cores, bi->cpu_avx2 ? "yes" : "no",
           bi->cpu_avx512f ? "yes" : "no");
    printf("| memory | %.1f GiB |\n", mem_kib > 0 ? mem_kib / MIB : 0.0);
    contention_print(ct, cores);
    printf("| OpenBLAS | `%s` |\n", bi->config);
    printf("| kernel in use | %s, %d threads (%s) |\n", bi->corename, bi->threads,
           bi->set_by_tariffscope ? "set by tariffscope: it re-executed with OPENBLAS_CORETYPE"
           : bi->user_coretype    ? "OPENBLAS_CORETYPE from the environment"
                                  : "OpenBLAS's own choice; tsc_blas_ensure_fast_kernel left it, already fast");
    printf("| dgemm n = %d (reference) | %.3f s, **%.1f GFLOP/s** (best of 3) |\n\n", DGEMM_N, gemm_s, gemm_gf);

    printf("## Leontief pipeline versus one LU\n\n");
    printf("- **dgetrf**: one `LAPACKE_dgetrf` on a ready copy of I - A, the floor for anything that factors "
           "I - A.\n");
    printf("- **new**: `tsc_leontief_new`: forms I - A from Z and x (with its 1- and inf-norms), dgetrf, and the "
           "productivity solve (I - A)z = 1 with its residual check. When A >= 0 the reciprocal condition number "
           "comes free from that solve (L >= 0, so ||L||_inf = max z and rcond = 1 / (||I - A||_inf max z), exact); "
           "dgecon runs only as a fallback (A with negative entries, or a failed solve).\n");
    printf("- **pipeline**: new + `tsc_leontief_multipliers` (output, va, backward, forward) + "
           "`tsc_leontief_va_by_destination` (V^BY, n x G), i.e. what `tariffscope leontief` computes before "
           "writing.\n");
    printf("- Every solve checks its normwise backward error on one fixed positive combination of its right-hand "
           "sides: one matrix-vector product with Z, however many columns were solved.\n");
    printf("- Each figure is the best of the runs shown, in this process; \"new\" and the steps are the best of "
           "each step over the same runs. GFLOP/s counts 2n^3/3 for the LU.\n\n");
    printf("| table | n | regions x sectors | runs | dgetrf s (GFLOP/s) | new s | pipeline s | new / dgetrf | "
           "pipeline / dgetrf |\n|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
    for (size_t k = 0; k < ncases; k++) {
        const case_result *c = &cases[k];
        printf("| %s | %zu | %s | %d | %.3f (%.1f) | %.3f | %.3f | %.2f | **%.2f** |\n", c->name, c->n, c->shape,
               c->reps, c->lu.dgetrf, lu_gflops(c->n, c->lu.dgetrf), c->pipe.t_new, c->pipe.total,
               c->pipe.t_new / c->lu.dgetrf, c->pipe.total / c->lu.dgetrf);
    }
    printf("\nWhere the pipeline's time goes (seconds, best of the runs). The columns marked *alone* are the "
           "same work done by plain code or LAPACKE calls in this program, to show what the library adds: forming "
           "I - A into a fresh buffer, dgecon and a dgetrs with the G columns of Y on the baseline factors. "
           "\"new - rest\" is new minus dgetrf and forming: the productivity solve, its residual check, rcond "
           "and allocation (timed as a difference of separately timed parts, so it can come out slightly "
           "negative at small n). \"dgecon alone\" is what new does not pay when A >= 0 (column \"A >= 0\"); "
           "rcond is then the exact inf-norm value, otherwise dgecon's 1-norm estimate.\n\n");
    printf("| table | new | dgetrf | form I - A alone | dgecon alone | new - rest | multipliers | V^BY (G rhs) | "
           "dgetrs G rhs alone | max backward error | A >= 0 | rcond | max \\|v'L - 1\\| |\n"
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---:|---:|\n");
    for (size_t k = 0; k < ncases; k++) {
        const case_result *c = &cases[k];
        double rest = c->pipe.t_new - c->lu.dgetrf - c->lu.form;
        printf("| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.2g | %s | %.3g | %.2g |\n", c->name,
               c->pipe.t_new, c->lu.dgetrf, c->lu.form, c->lu.dgecon, rest, c->pipe.t_mult, c->pipe.t_vbd, c->lu.dgetrs,
               c->pipe.resid, c->a_nonneg ? "yes" : "no", c->pipe.rcond, c->pipe.va_check);
    }

    printf("\n## Loading WIOD 2013, 2011\n\n");
    if (!ld->have) {
        printf("Skipped: %s not found (pass --wiod DIR).\n", wiod_dir);
    } else {
        printf("`tsc_table_load` with rebalance = 1 (it returns TSC_WDEGENERATE, success: 22 degenerate sectors), "
               "best of %d, files in the page cache after the first run. The cache file (%.1f MiB) is written by "
               "`tsc_table_save_cache` into a temporary folder first.\n\n",
               LOAD_REPS, ld->cache_mib);
        printf("| source | best time | goal | |\n|---|---:|---:|---|\n");
        printf("| gzip CSV folder (`%s`) | %.3f s | < %.1f s | %s |\n", wiod_dir, ld->gzip_s, GOAL_GZIP_S,
               yes_no(ld->gzip_s < GOAL_GZIP_S));
        printf("| binary cache (.tsc) | %.1f ms | < %.0f ms | %s |\n", ld->cache_s * 1e3, GOAL_CACHE_S * 1e3,
               yes_no(ld->cache_s < GOAL_CACHE_S));
    }

    printf("\n## OpenBLAS kernel effect (dgetrf, n = %d)\n\n", KERNEL_N);
    const case_result *k2000 = NULL;
    for (size_t k = 0; k < ncases; k++)
        if (cases[k].n == KERNEL_N && strncmp(cases[k].name, "synthetic", 9) == 0) k2000 = &cases[k];
    if (selected_s <= 0 && k2000) selected_s = k2000->lu.dgetrf;
    if (prescott_s > 0 && selected_s > 0) {
        printf("OPENBLAS_CORETYPE is read once when OpenBLAS loads, so each kernel gets its own process: "
               "`bench_leontief --dgetrf-only %d` (best of %d, the synthetic %d table's I - A) as it is and under "
               "`OPENBLAS_CORETYPE=Prescott`.\n\n",
               KERNEL_N, KERNEL_REPS, KERNEL_N);
        printf("| kernel | dgetrf s | GFLOP/s |\n|---|---:|---:|\n");
        printf("| Prescott (OpenBLAS 0.3.21's generic fallback for CPUs it does not know) | %.4f | %.1f |\n",
               prescott_s, lu_gflops(KERNEL_N, prescott_s));
        printf("| %s (what tariffscope runs with here) | %.4f | %.1f |\n\n", bi->corename, selected_s,
               lu_gflops(KERNEL_N, selected_s));
        printf("Prescott / %s = **%.2fx** the time.\n", bi->corename, prescott_s / selected_s);
    } else {
        printf("Not measured: run through `sh bench/run.sh BUILD`, which passes --prescott-dgetrf and "
               "--selected-dgetrf.\n");
    }

    printf("\n## Peak memory of the pipeline (n = %d)\n\n", PEAK_N);
    double nn_mib = (double)PEAK_N * PEAK_N * sizeof(double) / MIB;
    double hwm = field(peak_out, "peak_hwm_kib=") / 1024.0, basem = field(peak_out, "peak_base_kib=") / 1024.0;
    double startm = field(peak_out, "peak_start_kib=") / 1024.0, table = field(peak_out, "peak_table_mib=");
    int reset = field(peak_out, "peak_reset=") > 0;
    if (!peak_ok || hwm <= 0) {
        printf("Not measured: the child run `bench_leontief --peak %d` failed.\n", PEAK_N);
    } else {
        printf("Measured in a child process (`bench_leontief --peak %d`), from /proc/self/status: it builds the "
               "synthetic table, frees its generator arrays, %s, then runs the pipeline once and reads VmHWM. "
               "n^2 doubles = %.1f MiB.\n\n",
               PEAK_N,
               reset ? "resets VmHWM (`echo 5 > /proc/self/clear_refs`) and reads VmRSS as the baseline"
                     : "reads VmRSS as the baseline (VmHWM could not be reset, so the peak may be the "
                       "generator's)",
               nn_mib);
        printf("| quantity | MiB | n^2 doubles |\n|---|---:|---:|\n");
        printf("| process at start (libraries) | %.1f | %.2f |\n", startm, startm / nn_mib);
        printf("| the table's arrays (Z n^2, Y n x G, x, va) | %.1f | %.2f |\n", table, table / nn_mib);
        printf("| baseline RSS, table built | %.1f | %.2f |\n", basem, basem / nn_mib);
        printf("| **peak RSS during the pipeline (VmHWM)** | **%.1f** | **%.2f** |\n", hwm, hwm / nn_mib);
        printf("| peak - baseline (the pipeline's own memory: LU n^2, solve workspaces, OpenBLAS buffers) | %.1f | "
               "%.2f |\n\n",
               hwm - basem, (hwm - basem) / nn_mib);
        printf("Goal: whole-process peak below 4 n^2 doubles (%.0f MiB): %s.\n", GOAL_PEAK_NN * nn_mib,
               yes_no(hwm < GOAL_PEAK_NN * nn_mib));
    }

    printf("\n## Goals\n\n| goal | target | measured | |\n|---|---:|---:|---|\n");
    const case_result *big = NULL;
    for (size_t k = 0; k < ncases; k++)
        if (cases[k].n == PEAK_N) big = &cases[k];
    if (big)
        printf("| pipeline / dgetrf, n = %d | <= %.1f | %.2f | %s |\n", PEAK_N, GOAL_RATIO,
               big->pipe.total / big->lu.dgetrf, yes_no(big->pipe.total / big->lu.dgetrf <= GOAL_RATIO));
    if (ld->have) {
        printf("| WIOD 2011 load, gzip CSV | < %.1f s | %.3f s | %s |\n", GOAL_GZIP_S, ld->gzip_s,
               yes_no(ld->gzip_s < GOAL_GZIP_S));
        printf("| WIOD 2011 load, cache | < %.0f ms | %.1f ms | %s |\n", GOAL_CACHE_S * 1e3, ld->cache_s * 1e3,
               yes_no(ld->cache_s < GOAL_CACHE_S));
    }
    if (peak_ok && hwm > 0)
        printf("| peak RSS, pipeline n = %d | < 4 n^2 doubles (%.0f MiB) | %.0f MiB (%.2f n^2) | %s |\n", PEAK_N,
               GOAL_PEAK_NN * nn_mib, hwm, hwm / nn_mib, yes_no(hwm < GOAL_PEAK_NN * nn_mib));
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: %s [--wiod DIR] [--prescott-dgetrf SECONDS] [--selected-dgetrf SECONDS]\n"
            "       %s --dgetrf-only N | --peak N\n",
            progname, progname);
}

int main(int argc, char **argv)
{
    const char *wiod_dir = DEFAULT_WIOD;
    double prescott_s = 0, selected_s = 0;
    size_t n;
    bench_fast_kernel(argv);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (!v) {
            usage(stderr);
            return 2;
        }
        i++;
        if (strcmp(a, "--dgetrf-only") == 0 && parse_size(v, &n) == 0) return mode_dgetrf_only(n);
        if (strcmp(a, "--peak") == 0 && parse_size(v, &n) == 0) return mode_peak(n);
        if (strcmp(a, "--wiod") == 0) wiod_dir = v;
        else if (strcmp(a, "--prescott-dgetrf") == 0 && parse_seconds(v, &prescott_s) == 0) continue;
        else if (strcmp(a, "--selected-dgetrf") == 0 && parse_seconds(v, &selected_s) == 0) continue;
        else {
            usage(stderr);
            return 2;
        }
    }

    contention ct;
    contention_begin(&ct);
    tsc_blas_info bi;
    char date[64];
    time_t tnow = time(NULL);
    struct tm tm;
    tsc_blas_query(&bi);
    if (!gmtime_r(&tnow, &tm) || strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", &tm) == 0)
        snprintf(date, sizeof date, "unknown");

    fprintf(stderr, "%s: dgemm n = %d...\n", progname, DGEMM_N);
    double gemm_s, gemm_gf = dgemm_gflops(DGEMM_N, &gemm_s);

    case_result cases[3];
    size_t ncases = 0;
    load_result ld = {0, 0, 0, 0};
    struct stat st;
    if (stat(wiod_dir, &st) == 0 && S_ISDIR(st.st_mode)) {
        tsc_table *w = NULL;
        bench_load(wiod_dir, &ld, &w);
        run_case(w, "WIOD 2013, 2011", 5, &cases[ncases++]);
        tsc_table_free(w);
    } else {
        fprintf(stderr, "%s: %s not found: skipping WIOD\n", progname, wiod_dir);
    }
    static const size_t sizes[] = {2000, 5000};
    static const int reps[] = {5, 5};
    for (size_t k = 0; k < 2; k++) {
        size_t G, N;
        char name[64];
        if (synth_shape(sizes[k], &G, &N)) die("synthetic shape", NULL);
        fprintf(stderr, "%s: building the synthetic table n = %zu...\n", progname, sizes[k]);
        tsc_table *t = synth_table(G, N);
        snprintf(name, sizeof name, "synthetic %zu", sizes[k]);
        run_case(t, name, reps[k], &cases[ncases++]);
        tsc_table_free(t);
    }

    char peak_out[2048], nbuf[32];
    snprintf(nbuf, sizeof nbuf, "%d", PEAK_N);
    fprintf(stderr, "%s: peak memory (child, --peak %d)...\n", progname, PEAK_N);
    int peak_ok = run_self(argv[0], "--peak", nbuf, peak_out, sizeof peak_out) == 0;
    if (!peak_ok) fprintf(stderr, "%s: warning: the --peak child failed\n", progname);

    contention_end(&ct);
    print_report(&bi, date, &ct, gemm_s, gemm_gf, cases, ncases, wiod_dir, &ld, prescott_s, selected_s, peak_out,
                 peak_ok);
    fprintf(stderr, "%s: done in %.1f s\n", progname, ct.wall);
    return 0;
}
