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
 * The GE inputs are built as shock, solve and the report build them: the table's tariff schedule (tsc_schedule: the
 * base schedules its meta.json names, carried through its aggregation, and the 2024 US customs lines of
 * ../shared/data/us-tariffs-2025 when they are there), then the scenario on it (tsc_schedule_apply). Progress goes
 * to stderr; the report to stdout. */
#define BENCH_NAME "bench_ge_draws"
#include "bench_common.h" /* first: it sets the feature macros */

#include <math.h>
#include <stdint.h>

#include "tariffscope/ge.h"
#include "tariffscope/tariffscope.h"

#define TABLE "data/world2024"
#define IMPORTS "../shared/data/us-tariffs-2025/hs10-imports-2024"
#define SCENARIO "scenarios/us-2025-08-deals.yaml"
#define GROUPS "data/groups.csv"
#define THETA "data/concordance/theta_wiod.csv"

/* The goal: K = 200 draws in this many seconds on 2 cores. */
#define GOAL_S 10.0

/* ---- the benchmark ------------------------------------------------------------------------------------------------
 */

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
    tsc_schedule_opts so;
    tsc_schedule_opts_init(&so);
    const char *const *p;
    so.groups = groups;
    so.aggregation = tsc_table_files(t, "aggregation", &p) ? p[0] : NULL;
    so.hs_concordance = tsc_table_files(t, "hs_concordance", &p) ? p[0] : NULL;
    so.nbases = tsc_table_files(t, "bases", &so.bases);
    so.imports = access(IMPORTS, R_OK) == 0 ? IMPORTS : NULL;
    tsc_schedule *sch = NULL;
    tsc_tariffs tr = {0};
    if (tsc_schedule_new(t, &so, &sch, &err) || tsc_schedule_apply(sch, sc, NULL, &tr, NULL, &err))
        die("the scenario's tariffs", &err);
    double *tb = xmalloc(cells, sizeof *tb), *tn = xmalloc(cells, sizeof *tn);
    for (size_t c = 0; c < cells; c++) {
        tb[c] = tr.base[c] / 100;
        tn[c] = tr.rate[c] / 100;
    }
    const char **sec = xmalloc(N, sizeof *sec);
    double *theta = xmalloc(N, sizeof *theta), *se = xmalloc(N, sizeof *se);
    for (size_t k = 0; k < N; k++) sec[k] = tsc_table_sector(t, k);
    if (tsc_ge_theta_read_se(THETA, so.aggregation, N, sec, theta, se, &err)) die("elasticities", &err);
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
    int rc = tsc_ge_draws_solve(base, tn, se, &point, &o, &all, &err);
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
           "first, tolerance %.0e). The scenario's tariffs come from the table's schedule as in shock, solve and the "
           "report (%s). Wall-clock seconds, one run each.\n\n",
           TABLE, G, N, SCENARIO, bl == TSC_GE_BASELINE_OBSERVED ? "observed" : "zero-deficit", TSC_GE_THETA_SE_REL,
           (unsigned long long)seed, go.tol,
           so.imports ? "with the 2024 US customs lines"
                      : "without the customs lines: measures on HS lines reach no cell");
    printf("| | seconds | per solve | |\n|---|---:|---:|---|\n");
    printf("| baseline (%s) | %.3f | | |\n", bl == TSC_GE_BASELINE_OBSERVED ? "observed" : "(a) + (b)", t_baseline);
    printf("| point solve | %.4f | %.4f | %zu iterations, %zu Jacobian(s) |\n", t_point, t_point, point.iterations,
           point.jacobians);
    printf("| %zu draws, %zu threads | %.3f | %.4f | %.1f iterations on average, at most %zu; %zu failed |\n", K,
           all.threads, all.seconds, all.seconds / (double)K, (double)iters / (double)K, most, all.failed);
    printf("| %zu draws, 1 thread | %.3f | %.4f | results %s the %zu-thread run's, bit for bit |\n", K, one.seconds,
           one.seconds / (double)K, identical ? "identical to" : "**different from**", all.threads);
    printf("\n%zu draws on %zu threads take %.2f s, %.1f times one point solve (%.1f point solves per draw; %.2fx "
           "faster than on 1 thread). Goal: K = 200 under %.0f s on 2 cores: %s.\n\n",
           K, all.threads, all.seconds, all.seconds / t_point, all.seconds / (double)K / t_point * (double)all.threads,
           one.seconds / all.seconds, GOAL_S,
           K == 200 && all.threads == 2 ? (all.seconds < GOAL_S ? "**met**" : "**missed**") : "(not this run)");
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
    tsc_schedule_free(sch);
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
