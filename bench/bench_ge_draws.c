/* Benchmarks the uncertainty draws of the general-equilibrium model (tsc_ge_draws_solve): K draws of the trade
 * elasticities on data/world2024 with scenarios/us-2025-08-deals.yaml, on every core and on one, against one point
 * solve in the same process; prints a markdown section.
 *
 * usage: bench_ge_draws [--root DIR] [--draws K] [--threads T] [--baseline zero-deficit|observed] [--seed S]
 *   --root DIR  the project's top folder (default: the current folder), where it reads data/world2024,
 *               data/groups.csv, data/concordance/theta_wiod.csv, data/world2024/derivation/concordance.csv and the
 *               scenario, as `tariffscope solve` and `report` do
 *   --draws K   default 200; --threads T default the online CPUs; --seed S default 2024
 *
 * The GE inputs are built as the report builds them when the 2024 US customs lines are absent: the scenario's base
 * schedule (WIOD countries and industries) carried to the table's regions and sectors through the table's
 * aggregation concordance, the plain mean of the detailed rates of each cell, then the scenario's measures on it
 * (tsc_scenario_apply); measures on HS lines reach no cell, as in the report without the lines. Progress goes to
 * stderr; the report to stdout. */
#define BENCH_NAME "bench_ge_draws"
#include "bench_common.h" /* first: it sets the feature macros */

#include <math.h>
#include <stdint.h>

#include "tariffscope/ge.h"
#include "tariffscope/tariffscope.h"

#define TABLE "data/world2024"
#define AGGREGATION "data/world2024/derivation/concordance.csv"
#define SCENARIO "scenarios/us-2025-08-deals.yaml"
#define GROUPS "data/groups.csv"
#define THETA "data/concordance/theta_wiod.csv"

/* The goal: K = 200 draws in this many seconds on 2 cores. */
#define GOAL_S 10.0

/* ---- the scenario's base schedule on the table's codes ---------------------------------------------------------- */

typedef struct code_map {
    size_t n;
    char from[256][16], to[256][32];
} code_map;

/* The kind,from,to rows of kind `kind`. */
static void read_map(const char *path, const char *kind, code_map *m)
{
    FILE *f = fopen(path, "r");
    if (!f) die("cannot open the aggregation concordance", NULL);
    char line[256], k[32], from[16], to[32];
    m->n = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "%31[^,],%15[^,],%31[^,\r\n]", k, from, to) == 3 && strcmp(k, kind) == 0 && m->n < 256) {
            snprintf(m->from[m->n], sizeof m->from[0], "%s", from);
            snprintf(m->to[m->n], sizeof m->to[0], "%s", to);
            m->n++;
        }
    fclose(f);
}

static const char *mapped(const code_map *m, const char *code)
{
    for (size_t k = 0; k < m->n; k++)
        if (strcmp(m->from[k], code) == 0) return m->to[k];
    return code;
}

static size_t find(const char *const *names, size_t n, const char *code)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(names[k], code) == 0) return k;
    return n;
}

/* Writes the base schedule `src` (importer,exporter,sector,rate_pct on WIOD codes) on the table's codes to a
 * temporary CSV (path), each cell the plain mean of the detailed rows that fall in it. */
static void table_base(const tsc_table *t, const char *src, char *path, size_t size)
{
    size_t G = tsc_table_nregions(t), N = tsc_table_nsectors(t);
    const char **rn = xmalloc(G, sizeof *rn), **sn = xmalloc(N, sizeof *sn);
    for (size_t n = 0; n < G; n++) rn[n] = tsc_table_region(t, n);
    for (size_t k = 0; k < N; k++) sn[k] = tsc_table_sector(t, k);
    code_map *regions = xmalloc(1, sizeof *regions), *sectors = xmalloc(1, sizeof *sectors);
    read_map(AGGREGATION, "region", regions);
    read_map(AGGREGATION, "sector", sectors);
    double *sum = xmalloc(G * G * N, sizeof *sum), *cnt = xmalloc(G * G * N, sizeof *cnt);
    FILE *f = fopen(src, "r");
    if (!f) die("cannot open the scenario's base schedule", NULL);
    char line[256], a[32], b[32], s[32];
    double v;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "%31[^,],%31[^,],%31[^,],%lf", a, b, s, &v) != 4) continue; /* the header */
        size_t n = find(rn, G, mapped(regions, a)), i = find(rn, G, mapped(regions, b)), k = find(sn, N, mapped(sectors, s));
        if (n == G || i == G || k == N || n == i) continue;
        sum[(n * G + i) * N + k] += v;
        cnt[(n * G + i) * N + k] += 1;
    }
    fclose(f);
    const char *tmp = getenv("TMPDIR");
    snprintf(path, size, "%s/bench_ge_draws.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    FILE *o = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!o) die("cannot write a temporary file", NULL);
    fputs("importer,exporter,sector,rate_pct\n", o);
    for (size_t c = 0; c < G * G * N; c++)
        if (cnt[c] > 0) fprintf(o, "%s,%s,%s,%.10g\n", rn[c / (G * N)], rn[c / N % G], sn[c % N], sum[c] / cnt[c]);
    if (fclose(o)) die("cannot write a temporary file", NULL);
    free(sum);
    free(cnt);
    free(regions);
    free(sectors);
    free(rn);
    free(sn);
}

/* ---- the benchmark ------------------------------------------------------------------------------------------------ */

static void progress(void *ctx, size_t done, size_t total, size_t failed)
{
    (void)ctx;
    if (done % 50 == 0 || done == total) fprintf(stderr, "  draws: %zu of %zu (%zu failed)\n", done, total, failed);
}

int main(int argc, char **argv)
{
    size_t K = 200, threads = 0;
    uint64_t seed = 2024;
    tsc_ge_baseline bl = TSC_GE_BASELINE_ZERO_DEFICIT;
    bench_fast_kernel(argv);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--root") == 0 && i + 1 < argc) {
            if (chdir(argv[++i])) die("--root: cannot enter the folder", NULL);
        } else if (strcmp(argv[i], "--draws") == 0 && i + 1 < argc) K = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) threads = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--baseline") == 0 && i + 1 < argc) {
            const char *b = argv[++i];
            if (strcmp(b, "observed") == 0) bl = TSC_GE_BASELINE_OBSERVED;
            else if (strcmp(b, "zero-deficit") != 0) die("--baseline takes zero-deficit or observed", NULL);
        } else {
            fprintf(stderr, "usage: bench_ge_draws [--root DIR] [--draws K] [--threads T] "
                            "[--baseline zero-deficit|observed] [--seed S]\n");
            return 2;
        }
    }
    if (K == 0) die("--draws takes a positive number", NULL);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (threads == 0) threads = cores > 0 ? (size_t)cores : 1;
    tsc_error err;
    contention ct;
    contention_begin(&ct);

    /* ---- the inputs ---- */
    tsc_table *t = NULL;
    if (tsc_table_load(TABLE, NULL, &t, &err) < 0) die("loading " TABLE " (run from the project's top folder)", &err);
    size_t G = tsc_table_nregions(t), N = tsc_table_nsectors(t), cells = G * G * N;
    tsc_groups *groups = NULL;
    tsc_scenario *sc = NULL;
    if (tsc_groups_new(&groups, &err) || tsc_groups_add_file(groups, GROUPS, &err)) die("groups", &err);
    if (tsc_scenario_load(SCENARIO, &sc, &err)) die("scenario", &err);
    char base_csv[1100] = "";
    if (tsc_scenario_base(sc)) table_base(t, tsc_scenario_base(sc), base_csv, sizeof base_csv);
    /* HS measures: without customs lines they reach no cell (a weights file whose one row has zero weight) */
    char weights[1100];
    const char *tmp = getenv("TMPDIR");
    snprintf(weights, sizeof weights, "%s/bench_ge_draws.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(weights);
    FILE *wf = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!wf) die("cannot write a temporary file", NULL);
    fprintf(wf, "importer,exporter,hs,sector,value\n%s,%s,00,%s,0\n", tsc_table_region(t, 0), tsc_table_region(t, 1),
            tsc_table_sector(t, 0));
    if (fclose(wf)) die("cannot write a temporary file", NULL);
    tsc_apply_opts ao = {groups, NULL, base_csv[0] ? base_csv : NULL, weights};
    tsc_tariffs tr = {0};
    int rc = tsc_scenario_apply(sc, t, &ao, &tr, &err);
    if (base_csv[0]) remove(base_csv);
    remove(weights);
    if (rc) die("applying the scenario", &err);
    double *tb = xmalloc(cells, sizeof *tb), *tn = xmalloc(cells, sizeof *tn);
    for (size_t c = 0; c < cells; c++) {
        tb[c] = tr.base[c] / 100;
        tn[c] = tr.rate[c] / 100;
    }
    const char **sec = xmalloc(N, sizeof *sec);
    double *theta = xmalloc(N, sizeof *theta), *se = xmalloc(N, sizeof *se);
    for (size_t k = 0; k < N; k++) sec[k] = tsc_table_sector(t, k);
    if (tsc_ge_theta_read_se(THETA, AGGREGATION, N, sec, theta, se, &err)) die("elasticities", &err);
    tsc_ge_data *raw = NULL, *base = NULL;
    if (tsc_ge_data_from_table(t, tb, theta, &raw, NULL, &err)) die("model data", &err);
    tsc_ge_opts go;
    tsc_ge_opts_init(&go);
    double t0 = now();
    if (tsc_ge_baseline_build(raw, bl, &go, NULL, NULL, &base, NULL, &err)) die("baseline", &err);
    double t_baseline = now() - t0;

    /* ---- one point solve, then the draws on all threads and on one ---- */
    tsc_ge_result point;
    t0 = now();
    if (tsc_ge_solve(base, tn, &go, NULL, NULL, &point, &err)) die("point solve", &err);
    double t_point = now() - t0;
    tsc_ge_draws_opts o;
    tsc_ge_draws_opts_init(&o);
    o.draws = K;
    o.seed = seed;
    o.threads = threads;
    o.progress = progress;
    tsc_ge_draws_result all, one;
    fprintf(stderr, "bench_ge_draws: %zu draws on %zu threads\n", K, threads);
    rc = tsc_ge_draws_solve(base, tn, se, &point, &o, &all, &err);
    if (rc < 0) die("draws", &err);
    o.threads = 1;
    fprintf(stderr, "bench_ge_draws: %zu draws on 1 thread\n", K);
    rc = tsc_ge_draws_solve(base, tn, se, &point, &o, &one, &err);
    if (rc < 0) die("draws", &err);
    contention_end(&ct);
    int identical = memcmp(all.values, one.values, K * G * TSC_GE_NMEASURES * sizeof *all.values) == 0;
    size_t iters = 0, most = 0;
    for (size_t d = 0; d < K; d++) {
        iters += all.iterations[d];
        if (all.iterations[d] > most) most = all.iterations[d];
    }

    printf("## Uncertainty draws of the trade elasticities\n\n");
    printf("`bench/bench_ge_draws.c`: %s (%zu regions x %zu sectors), `%s`, %s baseline; θ drawn from normals "
           "truncated at 0 around the trade-weighted θ of theta_wiod.csv, SE %.2f θ (the default: no published SEs "
           "in the file); seed %llu. Each draw is solved from the point solution by Newton (the point's Jacobian "
           "first, tolerance %.0e). The scenario's base schedule is carried to the table's cells as the report does "
           "without the customs lines (plain means of the detailed rates), and its measures on HS lines are left out "
           "as there. Wall-clock seconds, one run each.\n\n",
           TABLE, G, N, SCENARIO, bl == TSC_GE_BASELINE_OBSERVED ? "observed" : "zero-deficit", TSC_GE_THETA_SE_REL,
           (unsigned long long)seed, go.tol);
    printf("| | seconds | per solve | |\n|---|---:|---:|---|\n");
    printf("| baseline (%s) | %.3f | | |\n", bl == TSC_GE_BASELINE_OBSERVED ? "observed" : "(a) + (b)", t_baseline);
    printf("| point solve | %.4f | %.4f | %zu iterations, %zu Jacobian(s) |\n", t_point, t_point, point.iterations,
           point.jacobians);
    printf("| %zu draws, %zu threads | %.3f | %.4f | %.1f iterations on average, at most %zu; %zu failed |\n", K,
           all.threads, all.seconds, all.seconds / (double)K, (double)iters / (double)K, most, all.failed);
    printf("| %zu draws, 1 thread | %.3f | %.4f | results %s the %zu-thread run's, bit for bit |\n", K, one.seconds,
           one.seconds / (double)K, identical ? "identical to" : "**different from**", all.threads);
    printf("\n%zu draws on %zu threads take %.2f s, %.1f times one point solve (%.1f point solves per draw; %.2fx "
           "faster than on 1 thread). Goal: K = 200 under %.0f s on 2 cores: %s.\n\n", K, all.threads, all.seconds,
           all.seconds / t_point, all.seconds / (double)K / t_point * (double)all.threads, one.seconds / all.seconds,
           GOAL_S, K == 200 && all.threads == 2 ? (all.seconds < GOAL_S ? "**met**" : "**missed**") : "(not this run)");
    size_t jpn = G;
    for (size_t n = 0; n < G; n++)
        if (strcmp(tsc_table_region(t, n), "JPN") == 0) jpn = n;
    if (jpn < G) {
        const char *names[3] = {"real wage", "real income", "exports"};
        size_t ms[3] = {TSC_GE_REAL_WAGE, TSC_GE_REAL_INCOME, TSC_GE_EXPORTS};
        printf("Japan (%%): ");
        for (int k = 0; k < 3; k++) {
            size_t q = jpn * TSC_GE_NMEASURES + ms[k];
            printf("%s%s %.4f (p05 %.4f, p50 %.4f, p95 %.4f)", k ? "; " : "", names[k], all.point[q], all.p05[q],
                   all.p50[q], all.p95[q]);
        }
        printf(".\n\n");
    }
    printf("| | |\n|---|---|\n");
    contention_print(&ct, cores);
    printf("\n");
    tsc_ge_draws_result_free(&all);
    tsc_ge_draws_result_free(&one);
    tsc_ge_result_free(&point);
    tsc_ge_data_free(base);
    tsc_ge_data_free(raw);
    tsc_tariffs_free(&tr);
    tsc_scenario_free(sc);
    tsc_groups_free(groups);
    tsc_table_free(t);
    free(tb);
    free(tn);
    free(sec);
    free(theta);
    free(se);
    return 0;
}
