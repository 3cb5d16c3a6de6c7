/* Benchmark of reading numeric text: the number parser against strtod in this process, and loading generated tables
 * of the databases' real sizes (2,000 sectors as native CSV; EXIOBASE 9,800 and GLORIA 19,680 in pymrio's text
 * layout) on 1 thread and on every core, and again from the binary cache. Prints a markdown section.
 *   bench_parse [--write-csv2000 DIR] [--small] [--parser]
 *     --write-csv2000 DIR  only writes the 2,000-sector native CSV table into DIR (for bench/run.sh's pandas
 *                          comparison) and exits
 *     --small              the database sizes divided by 4 (a quick run)
 *     --parser             only the parser against strtod */
#define BENCH_NAME "bench_parse"
#include "bench_common.h"

#include <math.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "tariffscope/leontief.h"
#include "tariffscope/numfmt.h"
#include "tariffscope/table.h"

#define SEED UINT64_C(0x2385)
#define NUMBERS 2000000 /* per kind of number text in the parser benchmark */

/* ---- the parser against strtod ---- */

typedef struct text_set {
    char *buf; /* NUL-separated numbers */
    size_t *off, *len, count, bytes;
} text_set;

static void text_make(text_set *t, int kind)
{
    uint64_t s = SEED + (uint64_t)kind;
    t->count = NUMBERS;
    t->buf = xmalloc((size_t)NUMBERS * 32, 1);
    t->off = xmalloc(NUMBERS, sizeof *t->off);
    t->len = xmalloc(NUMBERS, sizeof *t->len);
    size_t p = 0;
    for (size_t k = 0; k < NUMBERS; k++) {
        double u = rng_uniform(&s), v = 1e4 * u;
        int n;
        if (kind == 0) n = snprintf(t->buf + p, 32, "%.4f", v); /* a table's values: 1234.5678 */
        else if (kind == 1)
            n = snprintf(t->buf + p, 32, "%.17g", v * pow(10.0, (double)(int)(20 * u) - 10)); /* 17 digits */
        else n = snprintf(t->buf + p, 32, "%.6e", v * 1e-3);                                  /* exponent notation */
        t->off[k] = p;
        t->len[k] = (size_t)n;
        p += (size_t)n + 1;
    }
    t->bytes = p - NUMBERS; /* the numbers' own bytes */
}

static void text_free(text_set *t)
{
    free(t->buf);
    free(t->off);
    free(t->len);
}

/* This thread's CPU time: on a shared machine a single-threaded loop's own time, whatever else runs. */
static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Best of 5 of one pass over the numbers, in this thread's CPU seconds; *check = a sum of the values (both parsers
 * must agree). */
static double time_parse(const text_set *t, int ours, double *check)
{
    double best = 1e30;
    for (int rep = 0; rep < 5; rep++) {
        double sum = 0, t0 = thread_cpu();
        for (size_t k = 0; k < t->count; k++) {
            double v;
            if (ours) {
                if (tsc_number_parse(t->buf + t->off[k], t->len[k], &v) != TSC_OK) die("tsc_number_parse", NULL);
            } else {
                v = strtod(t->buf + t->off[k], NULL);
            }
            sum += v;
        }
        keep_min(&best, thread_cpu() - t0);
        *check = sum;
    }
    return best;
}

static void parser_section(void)
{
    const char *names[] = {"`%.4f` (1234.5678: a table's values)", "`%.17g`, exponents 1e-10 to 1e10",
                           "`%.6e` (1.234568e+00)"};
    printf("### The number parser against strtod (one thread)\n\n");
    printf("%d numbers of each kind, NUL-separated in memory; best of 5 passes, timed in the thread's CPU time "
           "(CLOCK_THREAD_CPUTIME_ID, so other work on the machine does not count); MB/s of the numbers' own bytes. "
           "`tsc_number_parse` (src/base/numparse.c) gives the same bits as strtod (checked on 10^7 strings by "
           "tests/unit/test_numparse.c; here the sums of both agree exactly).\n\n",
           NUMBERS);
    printf("| text | bytes/number | tsc_number_parse MB/s | strtod MB/s | speed-up |\n|---|---:|---:|---:|---:|\n");
    for (int kind = 0; kind < 3; kind++) {
        text_set t;
        text_make(&t, kind);
        double s1, s2, a = time_parse(&t, 1, &s1), b = time_parse(&t, 0, &s2);
        if (memcmp(&s1, &s2, sizeof s1) != 0) die("tsc_number_parse and strtod disagree", NULL);
        printf("| %s | %.1f | %.0f | %.0f | %.1fx |\n", names[kind], (double)t.bytes / (double)t.count,
               (double)t.bytes / a / 1e6, (double)t.bytes / b / 1e6, b / a);
        text_free(&t);
    }
    printf("\n");
}

/* ---- generated tables ---- */

/* A balanced random table G x N with one final-demand category: a share `zeros` of Z exactly 0 (the databases are
 * mostly zeros), the rest uniform; x and va derived. */
static tsc_table *gen_table(size_t G, size_t N, double zeros)
{
    size_t n = G * N;
    uint64_t s = SEED ^ (uint64_t)n;
    double *Z = xmalloc(n * n, sizeof *Z), *Y = xmalloc(n * G, sizeof *Y);
    for (size_t k = 0; k < n * n; k++) {
        double u = rng_uniform(&s);
        Z[k] = u < zeros ? 0.0 : 10.0 * rng_uniform(&s);
    }
    for (size_t k = 0; k < n * G; k++) Y[k] = (double)n * (1.0 + rng_uniform(&s));
    char(*reg)[24] = xmalloc(G, 24), (*sec)[24] = xmalloc(N, 24);
    const char **rp = xmalloc(G, sizeof *rp), **sp = xmalloc(N, sizeof *sp), *fd[] = {"FD"};
    for (size_t r = 0; r < G; r++) {
        snprintf(reg[r], 24, "R%03zu", r);
        rp[r] = reg[r];
    }
    for (size_t k = 0; k < N; k++) {
        snprintf(sec[k], 24, "S%03zu", k);
        sp[k] = sec[k];
    }
    tsc_load_opts opts;
    tsc_load_opts_init(&opts);
    opts.max_bytes = (size_t)64 << 30;
    tsc_table *t = NULL;
    tsc_error err;
    if (tsc_table_from_arrays(G, N, 1, rp, sp, fd, Z, Y, NULL, NULL, &opts, &t, &err) < 0)
        die("tsc_table_from_arrays", &err);
    free(Z);
    free(Y);
    free(reg);
    free(sec);
    free(rp);
    free(sp);
    return t;
}

/* Bytes of the regular files in dir (not recursive: the matrices). */
static double dir_bytes(const char *dir, const char *const *names)
{
    double b = 0;
    char p[1200];
    for (; *names; names++) {
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, *names);
        if (stat(p, &st) == 0) b += (double)st.st_size;
    }
    return b;
}

/* One tsc_table_load of path with TSC_THREADS = threads (NULL: unset); returns the wall time, *cpu the process's
 * CPU time (every thread's) during it. */
static double load_once(const char *path, const char *threads, tsc_table **keep, double *cpu)
{
    tsc_load_opts opts;
    tsc_load_opts_init(&opts);
    opts.max_bytes = (size_t)64 << 30;
    tsc_table *t = NULL;
    tsc_error err;
    if (threads) setenv("TSC_THREADS", threads, 1);
    else unsetenv("TSC_THREADS");
    double c0 = own_cpu(), t0 = now();
    if (tsc_table_load(path, &opts, &t, &err) < 0) die(path, &err);
    double dt = now() - t0;
    if (cpu) *cpu = own_cpu() - c0;
    unsetenv("TSC_THREADS");
    if (keep) *keep = t;
    else tsc_table_free(t);
    return dt;
}

/* Best wall time of reps loads; *cpu the least CPU time among them. */
static double best_load(const char *path, const char *threads, int reps, double *cpu)
{
    double best = 1e30, bcpu = 1e30;
    for (int r = 0; r < reps; r++) {
        double c;
        keep_min(&best, load_once(path, threads, NULL, &c));
        keep_min(&bcpu, c);
    }
    if (cpu) *cpu = bcpu;
    return best;
}

static int rmtree(const char *dir)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

typedef struct db_case {
    const char *name, *layout;
    size_t G, N;
    double zeros;
    int reps;
} db_case;

/* Writes the case's table in its layout under tmp, times its load on 1 thread and on every core and from the cache;
 * one markdown row. */
static void db_row(const db_case *c, const char *tmp, long cores)
{
    size_t n = c->G * c->N;
    fprintf(stderr, "%s: %s: generating %zu x %zu...\n", progname, c->name, c->G, c->N);
    tsc_table *t = gen_table(c->G, c->N, c->zeros);
    char dir[1200], cache[1200];
    snprintf(dir, sizeof dir, "%s/%s", tmp, c->layout);
    snprintf(cache, sizeof cache, "%s/table.tsc", tmp);
    tsc_error err;
    double t0 = now();
    int rc =
        strcmp(c->layout, "pymrio") == 0 ? tsc_table_save_pymrio(t, dir, &err) : tsc_table_save_native(t, dir, 0, &err);
    if (rc) die("writing the table", &err);
    double t_write = now() - t0;
    if (tsc_table_save_cache(t, cache, &err)) die("writing the cache", &err);
    tsc_table_free(t);
    const char *files[] = {"Z.txt", "Y.txt", "x.txt", "Z.csv", "Y.csv", "x_va.csv", "factor_inputs/F.txt", NULL};
    double bytes = dir_bytes(dir, files);
    fprintf(stderr, "%s: %s: %.0f MB written in %.1f s; loading...\n", progname, c->name, bytes / 1e6, t_write);
    char all[24];
    snprintf(all, sizeof all, "%ld", cores);
    double cpu1, cpup, one = best_load(dir, "1", c->reps, &cpu1), par = best_load(dir, all, c->reps, &cpup);
    double cached = best_load(cache, NULL, 3, NULL);
    struct stat st;
    double cbytes = stat(cache, &st) == 0 ? (double)st.st_size : 0;
    printf("| %s | %s | %zu | %.0f%% | %.0f | %.2f (%.0f MB/s) | %.2f (%.0f MB/s) | %.2fx | %.2f s, %.0f MB/s | %.3f "
           "(%.0f "
           "MB) |\n",
           c->name, c->layout, n, 100 * c->zeros, bytes / 1e6, one, bytes / one / 1e6, par, bytes / par / 1e6,
           one / par, cpu1, bytes / cpu1 / 1e6, cached, cbytes / 1e6);
    fflush(stdout);
    rmtree(dir);
    remove(cache);
}

/* The 2,000-sector table written as native CSV (what bench/run.sh compares with pandas). */
static void write_csv2000(const char *dir)
{
    tsc_table *t = gen_table(50, 40, 0.0);
    tsc_error err;
    if (tsc_table_save_native(t, dir, 0, &err)) die("writing the 2,000-sector table", &err);
    tsc_table_free(t);
}

static void csv2000_section(const char *tmp, long cores)
{
    char dir[1200], all[24];
    snprintf(dir, sizeof dir, "%s/csv2000", tmp);
    snprintf(all, sizeof all, "%ld", cores);
    write_csv2000(dir);
    const char *files[] = {"Z.csv", "Y.csv", "x_va.csv", NULL};
    double cpu1, cpup, bytes = dir_bytes(dir, files), one = best_load(dir, "1", 5, &cpu1),
                       par = best_load(dir, all, 5, &cpup);
    /* load + tsc_leontief_new: what `tariffscope leontief` does before its multipliers */
    double best = 1e30;
    for (int r = 0; r < 3; r++) {
        tsc_table *t = NULL;
        tsc_error err;
        double t0 = now();
        load_once(dir, all, &t, NULL);
        tsc_leontief *L = NULL;
        if (tsc_leontief_new(t, &L, &err) < 0) die("tsc_leontief_new", &err);
        keep_min(&best, now() - t0);
        tsc_leontief_free(L);
        tsc_table_free(t);
    }
    printf("### Loading a 2,000-sector CSV table (native layout, 50 x 40, dense, 17-digit values)\n\n");
    printf("`tsc_table_load` of Z.csv, Y.csv and x_va.csv (%.1f MB; files in the page cache), best of 5; MB/s of the "
           "files' bytes. Each load parses every number and checks the balance identities.\n\n",
           bytes / 1e6);
    printf("| threads | load s | MB/s | CPU s (all threads) | MB per CPU second |\n|---|---:|---:|---:|---:|\n");
    printf("| 1 | %.3f | %.0f | %.3f | %.0f |\n| %ld (every core) | %.3f | %.0f | %.3f | %.0f |\n\n", one,
           bytes / one / 1e6, cpu1, bytes / cpu1 / 1e6, cores, par, bytes / par / 1e6, cpup, bytes / cpup / 1e6);
    printf("Load + `tsc_leontief_new` (the LU of I - A), every core: %.3f s (best of 3).\n\n", best);
    rmtree(dir);
}

int main(int argc, char **argv)
{
    int small = 0, parser_only = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--parser") == 0) {
            parser_only = 1;
            continue;
        }
        if (strcmp(argv[i], "--write-csv2000") == 0 && i + 1 < argc) {
            write_csv2000(argv[i + 1]);
            return 0;
        }
        if (strcmp(argv[i], "--small") == 0) small = 1;
        else {
            fprintf(stderr, "usage: bench_parse [--write-csv2000 DIR] [--small] [--parser]\n");
            return 2;
        }
    }
    bench_fast_kernel(argv);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1) cores = 1;
    char tmp[] = "/tmp/tsc-bench-parse.XXXXXX";
    if (!mkdtemp(tmp)) die("mkdtemp", NULL);
    contention ct;
    contention_begin(&ct);
    printf("## Reading numeric text\n\n");
    printf("bench/bench_parse.c (bench/run.sh runs it; the machine is described above); %ld cores; "
           "wall-clock (CLOCK_MONOTONIC).\n\n",
           cores);
    parser_section();
    if (parser_only) return 0;
    csv2000_section(tmp, cores);

    /* GLORIA's text is about 4 GB when written out: only when the disk and the memory have room for it */
    struct statvfs vfs;
    double disk = statvfs(tmp, &vfs) == 0 ? (double)vfs.f_bavail * (double)vfs.f_frsize : 0;
    double mem = proc_kib("/proc/meminfo", "MemAvailable:") * 1024.0;
    db_case cases[] = {{"EXIOBASE 3 size", "pymrio", 49, 200, 0.70, 2}, {"GLORIA size", "pymrio", 164, 120, 0.95, 1}};
    size_t ncase = sizeof cases / sizeof *cases;
    printf("### Databases at their real size: loading the text and the binary cache\n\n");
    printf("Generated tables of the databases' sizes (EXIOBASE 3: 49 regions x 200 products = 9,800; GLORIA: 164 x "
           "120 = 19,680), a share of Z exactly 0 as in the real files, written by `tsc_table_save_pymrio` (pymrio's "
           "text layout, as EXIOBASE is distributed; 17 significant digits) into a temporary folder and removed after; "
           "`tsc_table_load` best of the runs (EXIOBASE 2, GLORIA 1) on 1 thread and on every core, then the cache "
           "written by `tsc_table_save_cache` (`tariffscope convert --to cache`), best of 3. Files in the page "
           "cache.\n\n");
    printf("| table | layout | n | zeros in Z | text MB | 1 thread s | %ld threads s | speed-up | CPU time, 1 thread "
           "| cache s |\n",
           cores);
    printf("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (size_t k = 0; k < ncase; k++) {
        db_case c = cases[k];
        if (small) c.G = (c.G + 3) / 4;
        double n = (double)(c.G * c.N), need_mem = 3.2 * n * n * 8,
               need_disk = n * n * (c.zeros * 2 + (1 - c.zeros) * 19);
        if (need_mem > mem || need_disk * 1.2 > disk) {
            printf("| %s | %s | %.0f | | | skipped: needs %.1f GB of memory (%.1f available) and %.1f GB of disk "
                   "(%.1f free) | | | | |\n",
                   c.name, c.layout, n, need_mem / 1e9, mem / 1e9, need_disk / 1e9, disk / 1e9);
            continue;
        }
        db_row(&c, tmp, cores);
    }
    printf("\n");
    contention_end(&ct);
    printf("| | |\n|---|---|\n");
    contention_print(&ct, cores);
    rmtree(tmp);
    return 0;
}
