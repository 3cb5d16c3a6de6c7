/* Benchmarks the value-added decompositions on WIOD 2013 (2011) against one LU, their peak memory and the
 * `tariffscope decompose` command; prints a markdown section.
 *
 * usage: bench_decomp [--wiod DIR] [--cli PATH]    the report on stdout; --cli: the tariffscope binary to time
 *        bench_decomp --peak wwz|bm [--wiod DIR]   one whole pipeline (load, Leontief, shared objects, the method)
 *                                                  in a fresh process and its memory at each stage, key=value lines
 *
 * Everything in-process is the best of RUNS rounds; each round runs every step once, in the same order, so that a
 * slow spell of a shared machine hits them alike. Peak RSS is process-wide and only grows, so it is measured in a
 * child of its own (--peak). Progress goes to stderr. */
#define BENCH_NAME "bench_decomp"
#include "bench_common.h" /* first: it sets the feature macros */

#include <lapacke.h>
#include <stdint.h>
#include <sys/stat.h>

#include "tariffscope/decomp.h"
#include "tariffscope/tariffscope.h"

#define DEFAULT_WIOD "/work/shared/data/wiod2013/wiot_2011"
#define RUNS 5       /* in-process rounds */
#define CLI_RUNS 3   /* runs of each CLI command */
#define ORIGIN "JPN" /* origin of the routes */
#define MB 1e6       /* the goals and the peers' figures are in MB; taken as 10^6 bytes, the stricter reading */

/* Goals the report checks (seconds are "load included": gzip load + tsc_leontief_new + tsc_decomp_new + method). */
#define GOAL_WWZ_S 0.4
#define GOAL_COUNTRY_S 0.25 /* kww and bm at country level */
#define GOAL_PEAK_MB 250.0  /* whole-process peak of the wwz pipeline */

/* Peers' figures as quoted in the issue (same machine class, WIOD 2011); not measured here. */
#define PEER_DECOMPR_WWZ_S 4.5
#define PEER_DECOMPR_WWZ_MB 395.0
#define PEER_DECOMPR_KWW_S 1.9
#define PEER_DECOMPR_BM_S 1.5
#define PEER_DECOMPR_LEONTIEF_S 1.3
#define PEER_EXVA_BM_LO_S 19.0
#define PEER_EXVA_BM_HI_S 21.0
#define PEER_EXVA_BM_MB 600.0

static const char *yes_no(int ok)
{
    return ok ? "**met**" : "**missed**";
}

static const char *level_name(tsc_level level)
{
    return level == TSC_LEVEL_COUNTRY ? "country" : level == TSC_LEVEL_SECTOR ? "sector" : "bilateral";
}

/* ---- the methods ---- */

typedef enum job_kind {
    JOB_KWW,
    JOB_WWZ,
    JOB_WWZ2KWW,
    JOB_BM,
    JOB_TIVA,
    JOB_FDVA,
    JOB_ROUTES,
    JOB_LEONTIEF_VB
} job_kind;

typedef struct job {
    const char *label; /* the row's name in the report */
    job_kind kind;
    tsc_level level; /* for bm and wwz2kww */
    tsc_bm_perspective persp;
    tsc_bm_approach appr;
    int finish; /* routes: 1 absorbed (by finishing country), 0 crossing */
} job;

/* The rows of the report, in the order they run; the goals, the peers and the CLI refer to them by name. */
enum {
    J_KWW,
    J_WWZ,
    J_WWZ2KWW,
    J_BM_SRC_C,
    J_BM_SRC_S,
    J_BM_SRC_B,
    J_BM_SNK_B,
    J_BM_WORLD_SRC,
    J_BM_WORLD_SNK,
    J_BM_SELF_B,
    J_BM_SELF_S,
    J_BM_IMP_C,
    J_BM_IMP_B,
    J_TIVA,
    J_FDVA,
    J_ROUTES_ABS,
    J_ROUTES_CROSS,
    J_LEONTIEF_VB,
    NJOBS
};

static const job jobs[NJOBS] = {
    [J_KWW] = {"kww", JOB_KWW, TSC_LEVEL_COUNTRY, TSC_BM_EXPORTER, TSC_BM_SOURCE, 0},
    [J_WWZ] = {"wwz", JOB_WWZ, TSC_LEVEL_BILATERAL, TSC_BM_EXPORTER, TSC_BM_SOURCE, 0},
    [J_WWZ2KWW] = {"wwz2kww (wwz, then the mapping)", JOB_WWZ2KWW, TSC_LEVEL_COUNTRY, TSC_BM_EXPORTER, TSC_BM_SOURCE,
                   0},
    [J_BM_SRC_C] = {"bm exporter source", JOB_BM, TSC_LEVEL_COUNTRY, TSC_BM_EXPORTER, TSC_BM_SOURCE, 0},
    [J_BM_SRC_S] = {"bm exporter source", JOB_BM, TSC_LEVEL_SECTOR, TSC_BM_EXPORTER, TSC_BM_SOURCE, 0},
    [J_BM_SRC_B] = {"bm exporter source", JOB_BM, TSC_LEVEL_BILATERAL, TSC_BM_EXPORTER, TSC_BM_SOURCE, 0},
    [J_BM_SNK_B] = {"bm exporter sink", JOB_BM, TSC_LEVEL_BILATERAL, TSC_BM_EXPORTER, TSC_BM_SINK, 0},
    [J_BM_WORLD_SRC] = {"bm world source", JOB_BM, TSC_LEVEL_COUNTRY, TSC_BM_WORLD, TSC_BM_SOURCE, 0},
    [J_BM_WORLD_SNK] = {"bm world sink", JOB_BM, TSC_LEVEL_COUNTRY, TSC_BM_WORLD, TSC_BM_SINK, 0},
    [J_BM_SELF_B] = {"bm self", JOB_BM, TSC_LEVEL_BILATERAL, TSC_BM_SELF, TSC_BM_SOURCE, 0},
    [J_BM_SELF_S] = {"bm self", JOB_BM, TSC_LEVEL_SECTOR, TSC_BM_SELF, TSC_BM_SOURCE, 0},
    [J_BM_IMP_C] = {"bm imports", JOB_BM, TSC_LEVEL_COUNTRY, TSC_BM_IMPORTS, TSC_BM_SOURCE, 0},
    [J_BM_IMP_B] = {"bm imports", JOB_BM, TSC_LEVEL_BILATERAL, TSC_BM_IMPORTS, TSC_BM_SOURCE, 0},
    [J_TIVA] = {"tiva", JOB_TIVA, TSC_LEVEL_COUNTRY, TSC_BM_EXPORTER, TSC_BM_SOURCE, 0},
    [J_FDVA] = {"fdva", JOB_FDVA, TSC_LEVEL_COUNTRY, TSC_BM_EXPORTER, TSC_BM_SOURCE, 0},
    [J_ROUTES_ABS] = {"routes " ORIGIN ", absorbed (finish = 1)", JOB_ROUTES, TSC_LEVEL_COUNTRY, TSC_BM_EXPORTER,
                      TSC_BM_SOURCE, 1},
    [J_ROUTES_CROSS] = {"routes " ORIGIN ", crossing (finish = 0)", JOB_ROUTES, TSC_LEVEL_BILATERAL, TSC_BM_EXPORTER,
                        TSC_BM_SOURCE, 0},
    [J_LEONTIEF_VB] = {"leontief, post = exports (`tsc_leontief_vb`: V^BE^)", JOB_LEONTIEF_VB, TSC_LEVEL_BILATERAL,
                       TSC_BM_EXPORTER, TSC_BM_SOURCE, 0},
};

/* The objects every method works from, built once and kept across the rounds. */
typedef struct shared {
    tsc_table *t;
    tsc_leontief *lf;
    tsc_decomp *d;
    size_t origin;        /* index of ORIGIN */
    double *exports, *vb; /* n; n x n output of the leontief row */
} shared;

/* Runs one job into r (freed by the caller); returns the seconds of the mapping alone for wwz2kww, else 0. */
static double run_job(const job *jb, shared *sh, tsc_dresult *r)
{
    tsc_error err;
    int rc = TSC_OK;
    double map_s = 0;
    memset(r, 0, sizeof *r);
    switch (jb->kind) {
    case JOB_KWW: rc = tsc_decomp_kww(sh->d, r, &err); break;
    case JOB_WWZ: rc = tsc_decomp_wwz(sh->d, r, &err); break;
    case JOB_WWZ2KWW: {
        tsc_dresult w = {0};
        rc = tsc_decomp_wwz(sh->d, &w, &err);
        double t0 = now();
        if (rc == TSC_OK) rc = tsc_decomp_wwz2kww(&w, jb->level, r, &err);
        map_s = now() - t0;
        tsc_dresult_free(&w);
        break;
    }
    case JOB_BM: rc = tsc_decomp_bm(sh->d, jb->persp, jb->appr, jb->level, r, &err); break;
    case JOB_TIVA: rc = tsc_decomp_tiva(sh->d, r, &err); break;
    case JOB_FDVA: rc = tsc_decomp_fdva(sh->d, r, &err); break;
    case JOB_ROUTES: rc = tsc_decomp_routes(sh->d, sh->origin, TSC_NONE, jb->finish, r, &err); break;
    case JOB_LEONTIEF_VB: rc = tsc_leontief_vb(sh->lf, sh->exports, sh->vb, &err); break;
    }
    if (rc != TSC_OK) die(jb->label, &err);
    return map_s;
}

/* ---- in-process timings ---- */

typedef struct job_result {
    double s, map_s; /* best time; best time of wwz2kww's mapping alone */
    size_t nrow, nterm;
} job_result;

typedef struct timings {
    double load, dgetrf, lnew, inverse, dnew; /* best of each */
    size_t n, G, N, ndegenerate;
    double kww_gap; /* |sum of KWW terms - total gross exports| / total */
    job_result job[NJOBS];
} timings;

/* I - A with A = Z x^-1 (columns with x <= 0 zero, as the library does). */
static double *identity_minus_a(const tsc_table *t)
{
    size_t n = tsc_table_n(t);
    const double *Z = tsc_table_Z(t), *x = tsc_table_x(t);
    double *m = xmalloc(n * n, sizeof *m);
    for (size_t j = 0; j < n; j++) {
        double xinv = x[j] > 0 ? 1.0 / x[j] : 0.0;
        for (size_t i = 0; i < n; i++) m[i + j * n] = (i == j) - Z[i + j * n] * xinv;
    }
    return m;
}

/* Sum of KWW's terms over countries against the table's total gross exports: an independent check on the run. */
static double kww_gap(shared *sh)
{
    size_t n = tsc_table_n(sh->t);
    tsc_dresult r;
    double sum = 0, total = 0;
    run_job(&jobs[J_KWW], sh, &r);
    for (size_t k = 0; k < r.nrow * r.nterm; k++) sum += r.v[k];
    tsc_table_exports(sh->t, sh->exports);
    for (size_t i = 0; i < n; i++) total += sh->exports[i];
    tsc_dresult_free(&r);
    return total > 0 ? (sum > total ? sum - total : total - sum) / total : 1;
}

static void bench_inprocess(const char *dir, timings *tm)
{
    tsc_error err;
    shared sh;
    const size_t *deg = NULL;
    fprintf(stderr, "%s: loading %s...\n", progname, dir);
    sh.t = bench_load_rebalanced(dir);
    size_t n = tsc_table_n(sh.t);
    tm->n = n;
    tm->G = tsc_table_nregions(sh.t);
    tm->N = tsc_table_nsectors(sh.t);
    tm->ndegenerate = tsc_table_degenerate(sh.t, &deg);
    if (tsc_leontief_new(sh.t, &sh.lf, &err) != TSC_OK) die("tsc_leontief_new", &err);
    if (tsc_decomp_new(sh.t, sh.lf, &sh.d, &err) != TSC_OK) die("tsc_decomp_new", &err);
    if (tsc_table_region_index(sh.t, ORIGIN, &sh.origin, &err) != TSC_OK) die("the routes' origin", &err);
    sh.exports = xmalloc(n, sizeof *sh.exports);
    sh.vb = xmalloc(n * n, sizeof *sh.vb);
    double *ia = identity_minus_a(sh.t), *work = xmalloc(n * n, sizeof *work);
    lapack_int *ipiv = xmalloc(n, sizeof *ipiv);
    tm->kww_gap = kww_gap(&sh); /* also fills sh.exports */

    tm->load = tm->dgetrf = tm->lnew = tm->inverse = tm->dnew = 1e300;
    for (size_t k = 0; k < NJOBS; k++) tm->job[k].s = tm->job[k].map_s = 1e300;
    for (int round = 0; round < RUNS; round++) {
        fprintf(stderr, "%s: in-process round %d of %d\n", progname, round + 1, RUNS);
        double t0 = now();
        tsc_table *t = bench_load_rebalanced(dir);
        keep_min(&tm->load, now() - t0);
        tsc_table_free(t);

        memcpy(work, ia, n * n * sizeof *work);
        t0 = now();
        lapack_int info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)n, work, (lapack_int)n, ipiv);
        keep_min(&tm->dgetrf, now() - t0);
        if (info != 0) die("LAPACKE_dgetrf on I - A failed", NULL);

        tsc_leontief *lf = NULL;
        t0 = now();
        if (tsc_leontief_new(sh.t, &lf, &err) != TSC_OK) die("tsc_leontief_new", &err);
        keep_min(&tm->lnew, now() - t0);
        tsc_leontief_free(lf);

        /* the part of tsc_decomp_new that dominates it, alone (into the n x n buffer of the leontief row) */
        t0 = now();
        if (tsc_leontief_inverse(sh.lf, sh.vb, &err) != TSC_OK) die("tsc_leontief_inverse", &err);
        keep_min(&tm->inverse, now() - t0);

        tsc_decomp *d = NULL;
        t0 = now();
        if (tsc_decomp_new(sh.t, sh.lf, &d, &err) != TSC_OK) die("tsc_decomp_new", &err);
        keep_min(&tm->dnew, now() - t0);
        tsc_decomp_free(d);

        for (size_t k = 0; k < NJOBS; k++) {
            tsc_dresult r;
            t0 = now();
            double map_s = run_job(&jobs[k], &sh, &r);
            keep_min(&tm->job[k].s, now() - t0);
            if (jobs[k].kind == JOB_WWZ2KWW) keep_min(&tm->job[k].map_s, map_s);
            tm->job[k].nrow = jobs[k].kind == JOB_LEONTIEF_VB ? n : r.nrow;
            tm->job[k].nterm = jobs[k].kind == JOB_LEONTIEF_VB ? n : r.nterm;
            tsc_dresult_free(&r);
        }
    }
    free(ia);
    free(work);
    free(ipiv);
    free(sh.exports);
    free(sh.vb);
    tsc_decomp_free(sh.d);
    tsc_leontief_free(sh.lf);
    tsc_table_free(sh.t);
}

/* Load included: what a run from the gzip CSV folder to the result costs (the leontief row needs no tsc_decomp). */
static double load_included(const timings *tm, size_t k)
{
    return tm->load + tm->lnew + (jobs[k].kind == JOB_LEONTIEF_VB ? 0 : tm->dnew) + tm->job[k].s;
}

/* ---- peak memory (child mode) ---- */

/* One whole pipeline, as `tariffscope decompose` runs it before writing, with VmRSS and VmHWM after each stage. */
static int mode_peak(const char *method, const char *dir)
{
    tsc_error err;
    tsc_leontief *lf = NULL;
    tsc_decomp *d = NULL;
    tsc_dresult r = {0};
    int wwz = strcmp(method, "wwz") == 0;
    if (!wwz && strcmp(method, "bm") != 0) {
        fprintf(stderr, "%s: --peak takes wwz or bm\n", progname);
        return 2;
    }
    static const char *const stage[] = {"start", "load", "leontief", "decomp", "method"};
    double rss[5], hwm[5], t0 = now();
    rss[0] = proc_kib("/proc/self/status", "VmRSS:");
    hwm[0] = proc_kib("/proc/self/status", "VmHWM:");
    tsc_table *t = bench_load_rebalanced(dir);
    rss[1] = proc_kib("/proc/self/status", "VmRSS:");
    hwm[1] = proc_kib("/proc/self/status", "VmHWM:");
    if (tsc_leontief_new(t, &lf, &err) != TSC_OK) die("tsc_leontief_new", &err);
    rss[2] = proc_kib("/proc/self/status", "VmRSS:");
    hwm[2] = proc_kib("/proc/self/status", "VmHWM:");
    if (tsc_decomp_new(t, lf, &d, &err) != TSC_OK) die("tsc_decomp_new", &err);
    rss[3] = proc_kib("/proc/self/status", "VmRSS:");
    hwm[3] = proc_kib("/proc/self/status", "VmHWM:");
    int rc = wwz ? tsc_decomp_wwz(d, &r, &err)
                 : tsc_decomp_bm(d, TSC_BM_EXPORTER, TSC_BM_SOURCE, TSC_LEVEL_BILATERAL, &r, &err);
    if (rc != TSC_OK) die(method, &err);
    rss[4] = proc_kib("/proc/self/status", "VmRSS:");
    hwm[4] = proc_kib("/proc/self/status", "VmHWM:");
    for (int k = 0; k < 5; k++) printf("rss_%s_kib=%.0f\nhwm_%s_kib=%.0f\n", stage[k], rss[k], stage[k], hwm[k]);
    printf("result_mib=%.3f\nseconds=%.3f\n",
           (double)r.nrow * (double)(r.nterm * sizeof(double) + 3 * sizeof(size_t)) / MIB, now() - t0);
    tsc_dresult_free(&r);
    tsc_decomp_free(d);
    tsc_leontief_free(lf);
    tsc_table_free(t);
    return 0;
}

typedef struct peak_result {
    int ok;
    char out[2048];
    double maxrss_kib; /* from wait4, a cross-check of VmHWM */
} peak_result;

static void run_peak(const char *method, const char *dir, peak_result *p)
{
    char m[16], w[1024];
    char *args[] = {(char *)progname, (char *)"--peak", m, (char *)"--wiod", w, NULL};
    snprintf(m, sizeof m, "%s", method);
    snprintf(w, sizeof w, "%s", dir);
    fprintf(stderr, "%s: peak memory of the %s pipeline (child, --peak %s)...\n", progname, method, method);
    p->ok = run_child("/proc/self/exe", args, p->out, sizeof p->out, NULL, 0, NULL, &p->maxrss_kib) == 0;
    if (!p->ok) fprintf(stderr, "%s: warning: the --peak %s child failed\n", progname, method);
}

/* ---- the command-line tool ---- */

typedef struct cli_case {
    const char *label;
    const char *args[8]; /* after `decompose DIR --rebalance`, NULL-terminated */
    size_t job;          /* the in-process row with the same work */
} cli_case;

static const cli_case cli_cases[] = {
    {"kww, country", {"--method", "kww", "--level", "country", NULL}, J_KWW},
    {"bm, country", {"--method", "bm", "--level", "country", NULL}, J_BM_SRC_C},
    {"wwz, bilateral, long", {"--method", "wwz", "--level", "bilateral", NULL}, J_WWZ},
    {"wwz, bilateral, --layout wide", {"--method", "wwz", "--level", "bilateral", "--layout", "wide", NULL}, J_WWZ},
    {"tiva", {"--method", "tiva", NULL}, J_TIVA},
};
#define NCLI (sizeof cli_cases / sizeof *cli_cases)

typedef struct cli_result {
    int ok;
    double wall;                      /* best of CLI_RUNS */
    double loaded, computed, written; /* the best run's own report (-v); -1 when absent */
    double maxrss_kib, out_mb;
} cli_result;

static void bench_cli(const char *cli, const char *dir, cli_result *res)
{
    char tmpdir[512], out[700], w[1024];
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/tsc-bench-decomp-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) die("mkdtemp for the CLI's output", NULL);
    snprintf(out, sizeof out, "%s/x.csv", tmpdir);
    snprintf(w, sizeof w, "%s", dir);
    for (size_t c = 0; c < NCLI; c++) {
        res[c].ok = 1;
        res[c].wall = 1e300;
    }
    for (int round = 0; round < CLI_RUNS; round++) {
        fprintf(stderr, "%s: CLI round %d of %d\n", progname, round + 1, CLI_RUNS);
        for (size_t c = 0; c < NCLI; c++) {
            if (!res[c].ok) continue;
            char *argv[20], sout[512], serr[4096];
            size_t a = 0;
            double wall = 0, maxrss = 0;
            struct stat st;
            argv[a++] = (char *)"tariffscope";
            argv[a++] = (char *)"decompose";
            argv[a++] = w;
            argv[a++] = (char *)"--rebalance";
            for (size_t k = 0; cli_cases[c].args[k]; k++) argv[a++] = (char *)cli_cases[c].args[k];
            argv[a++] = (char *)"--out";
            argv[a++] = out;
            argv[a++] = (char *)"-v";
            argv[a] = NULL;
            if (run_child(cli, argv, sout, sizeof sout, serr, sizeof serr, &wall, &maxrss) != 0) {
                fprintf(stderr, "%s: warning: `%s decompose ... %s` failed: %s\n", progname, cli, cli_cases[c].label,
                        serr);
                res[c].ok = 0;
                continue;
            }
            if (wall < res[c].wall) {
                res[c].wall = wall;
                const char *ld = strstr(serr, "loaded ");
                res[c].loaded = ld ? field(ld, " in ") : -1;
                res[c].computed = field(serr, "computed in ");
                res[c].written = field(serr, "written in ");
            }
            if (maxrss > res[c].maxrss_kib) res[c].maxrss_kib = maxrss;
            res[c].out_mb = stat(out, &st) == 0 ? (double)st.st_size / MB : 0;
        }
    }
    if ((remove(out) != 0 && errno != ENOENT) || rmdir(tmpdir) != 0)
        fprintf(stderr, "%s: warning: could not remove %s\n", progname, tmpdir);
}

/* ---- the report ---- */

static void print_s(double s)
{
    if (s >= 1e-3) printf(" %.4f |", s);
    else printf(" %.1e |", s);
}

static void print_report(const char *dir, int have, const timings *tm, const peak_result *pk, const char *cli,
                         const cli_result *cr, const contention *ct)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    printf("\n## Value-added decompositions (WIOD 2013, 2011)\n\n");
    printf("bench/bench_decomp.c (bench/run.sh runs it after bench_leontief; the machine is described above). "
           "Times are wall-clock (CLOCK_MONOTONIC).\n\n| | |\n|---|---|\n");
    contention_print(ct, cores);
    printf("\n");
    if (!have) {
        printf("Skipped: %s not found (pass --wiod DIR).\n", dir);
        return;
    }

    printf("### In-process timings\n\n");
    printf("`tsc_table_load(\"%s\")` with rebalance = 1 (TSC_WDEGENERATE, success: %zu degenerate sectors), n = %zu "
           "(%zu x %zu), files in the page cache. Best of %d rounds; each round runs every row once, in this order. "
           "\"/ dgetrf\" divides by "
           "one `LAPACKE_dgetrf` on a ready copy of I - A at the same n. **Load included** = gzip load + "
           "`tsc_leontief_new` + `tsc_decomp_new` + the method (the leontief row skips `tsc_decomp_new`), each at "
           "its best: the cost of a run from the CSV folder to the result, before writing it. Every method checks "
           "its identities before returning (TSC_DECOMP_IDENTITY_TOL), and bm at country level also checks DVA, VAX "
           "and DDC against KWW, which it computes for that; as an independent check here, KWW's terms summed over "
           "countries match the table's total gross exports within %.1e.\n\n",
           dir, tm->ndegenerate, tm->n, tm->G, tm->N, RUNS, tm->kww_gap);
    printf("| step | level | rows x terms | best s | / dgetrf | load included s |\n|---|---|---:|---:|---:|---:|\n");
    printf("| load, gzip CSV folder | | |");
    print_s(tm->load);
    printf(" %.2f | |\n", tm->load / tm->dgetrf);
    printf("| `LAPACKE_dgetrf` on I - A (baseline) | | |");
    print_s(tm->dgetrf);
    printf(" 1.00 | |\n| `tsc_leontief_new` | | |");
    print_s(tm->lnew);
    printf(" %.2f | |\n| `tsc_decomp_new` (shared objects, incl. the Leontief inverse) | | |", tm->lnew / tm->dgetrf);
    print_s(tm->dnew);
    printf(" %.2f | |\n| of which `tsc_leontief_inverse` (timed alone) | | |", tm->dnew / tm->dgetrf);
    print_s(tm->inverse);
    printf(" %.2f | |\n", tm->inverse / tm->dgetrf);
    for (size_t k = 0; k < NJOBS; k++) {
        const job *jb = &jobs[k];
        const char *lev = jb->kind == JOB_FDVA ? "country x destination"
                          : jb->kind == JOB_ROUTES
                              ? (jb->finish ? "finisher x destination" : "country-sector x importer")
                          : jb->kind == JOB_LEONTIEF_VB ? "n x n"
                                                        : level_name(jb->level);
        printf("| %s | %s | %zu x %zu |", jb->label, lev, tm->job[k].nrow, tm->job[k].nterm);
        print_s(tm->job[k].s);
        printf(" %.2f | %.3f |\n", tm->job[k].s / tm->dgetrf, load_included(tm, k));
    }
    for (size_t k = 0; k < NJOBS; k++)
        if (jobs[k].kind == JOB_WWZ2KWW)
            printf("\nwwz2kww's mapping alone (`tsc_decomp_wwz2kww` on a ready WWZ result): %.1e s.\n",
                   tm->job[k].map_s);

    /* the goals' rows */
    size_t k_kww = J_KWW, k_wwz = J_WWZ, k_bm = J_BM_SRC_C, k_vb = J_LEONTIEF_VB, k_bmbil = J_BM_SRC_B;
    size_t worst_bm = J_BM_SRC_C;
    for (size_t k = 0; k < NJOBS; k++)
        if (jobs[k].kind == JOB_BM && jobs[k].level == TSC_LEVEL_COUNTRY && tm->job[k].s > tm->job[worst_bm].s)
            worst_bm = k;
    printf("\nWhere the load-included time goes (seconds):\n\n");
    printf("| method | load | `tsc_leontief_new` | `tsc_decomp_new` (inverse) | method | total |\n"
           "|---|---:|---:|---:|---:|---:|\n");
    const size_t shown[] = {k_kww, k_bm, k_wwz, k_bmbil};
    for (size_t s = 0; s < sizeof shown / sizeof *shown; s++) {
        size_t k = shown[s];
        printf("| %s, %s | %.4f | %.4f | %.4f (%.4f) | %.4f | %.4f |\n", jobs[k].label, level_name(jobs[k].level),
               tm->load, tm->lnew, tm->dnew, tm->inverse, tm->job[k].s, load_included(tm, k));
    }

    printf("\n### Peak memory\n\n");
    const char *const pmeth[2] = {"wwz (bilateral)", "bm exporter source, bilateral"};
    printf("A child process (`bench_decomp --peak wwz|bm`) runs the whole pipeline once: load, `tsc_leontief_new`, "
           "`tsc_decomp_new`, the method, and reads VmRSS and VmHWM from /proc/self/status after each stage. "
           "Nothing is reset: the peak is the whole process's, libraries included (as an R or Python process's "
           "would be). MB = 10^6 bytes.\n\n");
    printf("| pipeline | start | after load | after leontief_new | after decomp_new | after method | **peak "
           "(VmHWM)** | wait4 maxrss |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    static const char *const stage[] = {"start", "load", "leontief", "decomp", "method"};
    for (int p = 0; p < 2; p++) {
        if (!pk[p].ok) {
            printf("| %s | child failed | | | | | | |\n", pmeth[p]);
            continue;
        }
        printf("| %s |", pmeth[p]);
        for (int s = 0; s < 5; s++) {
            char key[32];
            snprintf(key, sizeof key, "rss_%s_kib=", stage[s]);
            printf(" %.1f MB |", field(pk[p].out, key) * 1024.0 / MB);
        }
        printf(" **%.1f MB** | %.1f MB |\n", field(pk[p].out, "hwm_method_kib=") * 1024.0 / MB,
               pk[p].maxrss_kib * 1024.0 / MB);
    }
    double n2_mb = (double)tm->n * (double)tm->n * sizeof(double) / MB;
    printf("\nFor scale: one n x n matrix of doubles is %.1f MB; the table holds Z (n x n) and Y; the engine its LU "
           "(n x n); `tsc_decomp_new` adds B (n x n) and n x G arrays",
           n2_mb);
    for (int p = 0; p < 2; p++)
        if (pk[p].ok) printf("; the %s result is %.1f MB", pmeth[p], field(pk[p].out, "result_mib=") * MIB / MB);
    printf(".\n");

    double peak_wwz = pk[0].ok ? field(pk[0].out, "hwm_method_kib=") * 1024.0 / MB : -1;
    double peak_bm = pk[1].ok ? field(pk[1].out, "hwm_method_kib=") * 1024.0 / MB : -1;

    printf("\n### `tariffscope decompose` (whole process)\n\n");
    if (!cli) {
        printf("Not measured: pass the binary with --cli PATH (bench/run.sh does).\n");
    } else {
        printf("`%s decompose %s --rebalance --method M [--level L] [--layout wide] --out TMP/x.csv -v`, wall time "
               "from fork to wait (CLOCK_MONOTONIC), best of %d; the output goes to a temporary folder on the local "
               "disk. The load, compute and write columns are the tool's own -v report for that run; \"rest\" is "
               "what remains: process start and exit, OpenBLAS's start-up, the checks of the table. Peak RSS is "
               "the largest of the runs (wait4).\n\n",
               cli, dir, CLI_RUNS);
        printf("| command | wall s | load | compute | write | rest | in-process load included | peak RSS | output "
               "|\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (size_t c = 0; c < NCLI; c++) {
            const cli_result *r = &cr[c];
            if (!r->ok) {
                printf("| %s | failed | | | | | | | |\n", cli_cases[c].label);
                continue;
            }
            double rest = r->loaded >= 0 && r->computed >= 0 && r->written >= 0
                              ? r->wall - r->loaded - r->computed - r->written
                              : -1;
            printf("| %s | **%.3f** | %.3f | %.3f | %.3f | %.3f | %.3f | %.1f MB |", cli_cases[c].label, r->wall,
                   r->loaded, r->computed, r->written, rest, load_included(tm, cli_cases[c].job),
                   r->maxrss_kib * 1024.0 / MB);
            if (r->out_mb >= 1) printf(" %.1f MB |\n", r->out_mb);
            else printf(" %.0f kB |\n", r->out_mb * 1e3);
        }
    }

    printf("\n### Goals\n\n| goal | target | measured | |\n|---|---:|---:|---|\n");
    double wwz_s = load_included(tm, k_wwz), kww_s = load_included(tm, k_kww), bm_s = load_included(tm, k_bm);
    double bmw_s = load_included(tm, worst_bm);
    printf("| wwz, bilateral-sector, load included | < %.2f s | %.3f s | %s |\n", GOAL_WWZ_S, wwz_s,
           yes_no(wwz_s < GOAL_WWZ_S));
    printf("| kww, country, load included | < %.2f s | %.3f s | %s |\n", GOAL_COUNTRY_S, kww_s,
           yes_no(kww_s < GOAL_COUNTRY_S));
    printf("| bm (exporter source, the default), country, load included | < %.2f s | %.3f s | %s |\n", GOAL_COUNTRY_S,
           bm_s, yes_no(bm_s < GOAL_COUNTRY_S));
    printf("| slowest bm variant at country level (%s), load included | < %.2f s | %.3f s | %s |\n",
           jobs[worst_bm].label, GOAL_COUNTRY_S, bmw_s, yes_no(bmw_s < GOAL_COUNTRY_S));
    if (peak_wwz > 0)
        printf("| peak RSS, whole wwz pipeline | < %.0f MB | %.1f MB | %s |\n", GOAL_PEAK_MB, peak_wwz,
               yes_no(peak_wwz < GOAL_PEAK_MB));
    else printf("| peak RSS, whole wwz pipeline | < %.0f MB | not measured | **missed** |\n", GOAL_PEAK_MB);
    if (cli) {
        printf("\nFor context (not goals): the whole `tariffscope decompose` process, writing included:");
        for (size_t c = 0; c < NCLI; c++) {
            const cli_result *r = &cr[c];
            double goal = cli_cases[c].job == J_WWZ ? GOAL_WWZ_S : GOAL_COUNTRY_S;
            if (!r->ok) continue;
            printf("%s %s %.3f s (%s the %s target of %.2f s", c ? ";" : "", cli_cases[c].label, r->wall,
                   r->wall < goal ? "under" : "over", cli_cases[c].job == J_WWZ ? "wwz" : "country-level", goal);
            if (r->wall >= goal && r->written > 0.25 * r->wall) printf("; writing %.3f s of it", r->written);
            printf(")");
        }
        printf(".\n");
    }

    printf("\n### Against quoted peer figures\n\n");
    printf("The peers' figures are **quoted from the issue (same machine class, WIOD 2011), not measured here**; "
           "what exactly their timings include is not known, so ours are the load-included figures above, the "
           "most conservative like-for-like reading (our whole-process CLI times are in the table above).\n\n");
    printf("| peer (quoted) | task | quoted | ours | ours measures | speed-up |\n|---|---|---:|---:|---|---:|\n");
    printf("| decompr | wwz | %.1f s | %.3f s | load included, wwz bilateral | **%.0fx** |\n", PEER_DECOMPR_WWZ_S,
           wwz_s, PEER_DECOMPR_WWZ_S / wwz_s);
    if (peak_wwz > 0)
        printf("| decompr | wwz, memory | %.0f MB | %.1f MB | whole-process peak, wwz pipeline | **%.1fx** less |\n",
               PEER_DECOMPR_WWZ_MB, peak_wwz, PEER_DECOMPR_WWZ_MB / peak_wwz);
    printf("| decompr | kww | %.1f s | %.3f s | load included, kww country | **%.0fx** |\n", PEER_DECOMPR_KWW_S, kww_s,
           PEER_DECOMPR_KWW_S / kww_s);
    printf("| decompr | bm | %.1f s | %.3f s | load included, bm exporter source country | **%.0fx** |\n",
           PEER_DECOMPR_BM_S, bm_s, PEER_DECOMPR_BM_S / bm_s);
    printf("| decompr | leontief (post = exports) | %.1f s | %.3f s | load + `tsc_leontief_new` + `tsc_leontief_vb` "
           "| **%.0fx** |\n",
           PEER_DECOMPR_LEONTIEF_S, load_included(tm, k_vb), PEER_DECOMPR_LEONTIEF_S / load_included(tm, k_vb));
    double bmbil_s = load_included(tm, k_bmbil);
    printf("| exvatools | bm_src | %.0f-%.0f s | %.3f s | load included, bm exporter source bilateral | **%.0f-%.0fx** "
           "|\n",
           PEER_EXVA_BM_LO_S, PEER_EXVA_BM_HI_S, bmbil_s, PEER_EXVA_BM_LO_S / bmbil_s, PEER_EXVA_BM_HI_S / bmbil_s);
    if (peak_bm > 0)
        printf("| exvatools | bm_src, memory | %.0f MB | %.1f MB | whole-process peak, bm exporter source bilateral "
               "| **%.1fx** less |\n",
               PEER_EXVA_BM_MB, peak_bm, PEER_EXVA_BM_MB / peak_bm);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: %s [--wiod DIR] [--cli PATH]\n       %s --peak wwz|bm [--wiod DIR]\n", progname, progname);
}

int main(int argc, char **argv)
{
    const char *dir = DEFAULT_WIOD, *cli = NULL, *peak = NULL;
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
        if (strcmp(a, "--wiod") == 0) dir = v;
        else if (strcmp(a, "--cli") == 0) cli = v;
        else if (strcmp(a, "--peak") == 0) peak = v;
        else {
            usage(stderr);
            return 2;
        }
    }
    if (peak) return mode_peak(peak, dir);
    if (cli && access(cli, X_OK) != 0) {
        fprintf(stderr, "%s: %s is not an executable: skipping the CLI timings\n", progname, cli);
        cli = NULL;
    }

    contention ct;
    contention_begin(&ct);
    struct stat st;
    int have = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
    timings tm;
    peak_result pk[2];
    cli_result cr[NCLI];
    memset(&tm, 0, sizeof tm);
    memset(pk, 0, sizeof pk);
    memset(cr, 0, sizeof cr);
    if (have) {
        bench_inprocess(dir, &tm);
        run_peak("wwz", dir, &pk[0]);
        run_peak("bm", dir, &pk[1]);
        if (cli) bench_cli(cli, dir, cr);
    } else {
        fprintf(stderr, "%s: %s not found: skipping the decompositions\n", progname, dir);
    }
    contention_end(&ct);
    print_report(dir, have, &tm, pk, cli, cr, &ct);
    fprintf(stderr, "%s: done in %.1f s\n", progname, ct.wall);
    return 0;
}
