/* Benchmarks the general-equilibrium solver (Caliendo-Parro 2015 in changes): Newton against the authors' fixed
 * point, on the Caliendo-Parro data (31 x 40, NAFTA) and a synthetic 100 x 50 table; prints a markdown section.
 *
 * usage: bench_ge [--cp DIR] [--size GxN] [--no-authors]
 *   --cp DIR      the Caliendo-Parro folder (default ../shared/data/cp2015 beside the source tree; skipped if absent)
 *   --size GxN    the synthetic table (default 100x50)
 *   --no-authors  skip the authors' variant of the fixed point (cold-started inner solves, plain sweeps)
 * Progress goes to stderr; the report to stdout. */
#define BENCH_NAME "bench_ge"
#include "bench_common.h" /* first: it sets the feature macros */

#include <cblas.h>
#include <math.h>
#include <stdint.h>

#include "tariffscope/ge.h"
#include "tariffscope/tariffscope.h"

#define DEFAULT_CP "/work/shared/data/cp2015"
#define SEED 0x5eed6e0c0ffee123u

/* Goals the report checks (seconds per solve). */
#define GOAL_CP_S 0.3
#define GOAL_SYNTH_S 10.0

/* A balanced synthetic table: regions of sizes e^(4u) (1 to 55), buying from home with weight 3 x own size and from
 * each other region with weight 0.01 x its size (gravity without distance: big regions trade little, small ones
 * import up to 80%), services (the last 30% of sectors) traded 20 times less; input coefficients with column sums
 * 0.5, x = (I - A)^-1 Y1 by fixed point, Z = A diag(x), va = 0.5 x. Sectors in the first 70% are goods. */
static tsc_table *synthetic_table(size_t G, size_t N)
{
    size_t n = G * N, ngoods = (N * 7 + 9) / 10;
    uint64_t s = SEED;
    double *A = xmalloc(n * n, sizeof *A), *Y = xmalloc(n * G, sizeof *Y), *x = xmalloc(n, sizeof *x),
           *y = xmalloc(n, sizeof *y), *t = xmalloc(n, sizeof *t), *size = xmalloc(G, sizeof *size);
    for (size_t r = 0; r < G; r++) size[r] = exp(4 * rng_uniform(&s));
    for (size_t col = 0; col < n; col++) {
        size_t m = col / N;
        double sum = 0;
        for (size_t row = 0; row < n; row++) {
            size_t i = row / N, k = row % N;
            double w = (0.1 + rng_uniform(&s)) * (i == m ? 3 * size[m] : 0.01 * size[i]);
            if (k >= ngoods && i != m) w *= 0.05;
            A[row + col * n] = w;
            sum += w;
        }
        for (size_t row = 0; row < n; row++) A[row + col * n] *= 0.5 / sum;
    }
    for (size_t row = 0; row < n; row++) {
        size_t i = row / N, k = row % N;
        for (size_t m = 0; m < G; m++) {
            double w = (0.1 + rng_uniform(&s)) * size[m] * (i == m ? 3 * size[m] : 0.01 * size[i]);
            if (k >= ngoods && i != m) w *= 0.05;
            Y[row + m * n] = w;
            y[row] += w;
        }
    }
    memcpy(x, y, n * sizeof *x);
    for (int it = 0; it < 60; it++) { /* x = A x + y, contraction 0.5 */
        cblas_dgemv(CblasColMajor, CblasNoTrans, (int)n, (int)n, 1.0, A, (int)n, x, 1, 0.0, t, 1);
        for (size_t i = 0; i < n; i++) x[i] = t[i] + y[i];
    }
    for (size_t col = 0; col < n; col++)
        for (size_t row = 0; row < n; row++) A[row + col * n] *= x[col];
    char **labels = xmalloc(G + N + 1, sizeof *labels);
    for (size_t r = 0; r < G; r++) {
        labels[r] = xmalloc(24, 1);
        snprintf(labels[r], 24, "R%03zu", r);
    }
    for (size_t k = 0; k < N; k++) {
        labels[G + k] = xmalloc(24, 1);
        snprintf(labels[G + k], 24, "S%02zu", k);
    }
    labels[G + N] = (char *)"FD";
    tsc_table *tab = NULL;
    tsc_error err;
    int rc = tsc_table_from_arrays(G, N, 1, (const char *const *)labels, (const char *const *)labels + G,
                                   (const char *const *)labels + G + N, A, Y, NULL, NULL, NULL, &tab, &err);
    if (rc < 0) die("synthetic table", &err);
    for (size_t k = 0; k < N; k++) tsc_table_set_goods(tab, k, k < ngoods);
    for (size_t i = 0; i < G + N; i++) free(labels[i]);
    free(labels);
    free(A);
    free(Y);
    free(x);
    free(y);
    free(t);
    free(size);
    return tab;
}

typedef struct run {
    const char *method;
    tsc_ge_stage st[3]; /* baseline (a), (b), scenario */
    double welfare[3];  /* of the three regions of interest */
    int ok;
} run;

static void progress(void *ctx, const char *stage, size_t iter, double res)
{
    (void)ctx;
    if (iter % 20 == 0) fprintf(stderr, "  %s: iteration %zu, residual %.2e\n", stage, iter, res);
}

static double seconds_since(double t0)
{
    return now() - t0;
}

/* The pipeline: zero-deficit baseline, then the scenario; welfare of three regions. */
static void run_pipeline(const tsc_ge_data *raw, const double *tariff_new, const tsc_ge_opts *o, const size_t who[3],
                         run *out)
{
    tsc_error err;
    tsc_ge_data *base = NULL;
    fprintf(stderr, "bench_ge: %s\n", out->method);
    int rc = tsc_ge_baseline_build(raw, TSC_GE_BASELINE_ZERO_DEFICIT, o, progress, NULL, &base, out->st, &err);
    if (rc) die("baseline", &err);
    /* the scenario's rates on the baseline's own diagonal-free schedule */
    tsc_ge_result r;
    double t0 = now();
    rc = tsc_ge_solve(base, tariff_new, o, progress, NULL, &r, &err);
    double sec = seconds_since(t0);
    if (rc) die("scenario", &err);
    tsc_ge_stage *st = &out->st[2];
    st->iterations = r.iterations;
    st->jacobians = r.jacobians;
    st->price_sweeps = r.price_sweeps;
    st->expenditure_sweeps = r.expenditure_sweeps;
    st->residual = r.residual;
    st->seconds = sec;
    tsc_ge_outcome oc;
    if (tsc_ge_outcome_compute(base, tariff_new, &r, &oc, &err)) die("outcome", &err);
    for (int k = 0; k < 3; k++) out->welfare[k] = oc.welfare_cp[who[k]];
    out->ok = 1;
    tsc_ge_outcome_free(&oc);
    tsc_ge_result_free(&r);
    tsc_ge_data_free(base);
}

static void print_runs(const run *runs, size_t nruns, const char *const stage_names[3])
{
    printf("| method | stage | iterations | Jacobians | price sweeps | expenditure sweeps | residual | seconds |\n");
    printf("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (size_t k = 0; k < nruns; k++)
        for (int s = 0; s < 3; s++) {
            const tsc_ge_stage *st = &runs[k].st[s];
            printf("| %s | %s | %zu | %zu | %zu | %zu | %.1e | %.3f |\n", runs[k].method, stage_names[s],
                   st->iterations, st->jacobians, st->price_sweeps, st->expenditure_sweeps, st->residual, st->seconds);
        }
}

static size_t region_index(const tsc_ge_data *d, const char *code)
{
    for (size_t n = 0; n < tsc_ge_data_nregions(d); n++)
        if (strcmp(tsc_ge_data_region(d, n), code) == 0) return n;
    die("region not found", NULL);
    return 0;
}

int main(int argc, char **argv)
{
    const char *cp = DEFAULT_CP;
    size_t G = 100, N = 50;
    int authors = 1;
    bench_fast_kernel(argv);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--cp") == 0 && i + 1 < argc) cp = argv[++i];
        else if (strcmp(argv[i], "--size") == 0 && i + 1 < argc) {
            if (sscanf(argv[++i], "%zux%zu", &G, &N) != 2 || G < 2 || N < 1) die("--size takes GxN", NULL);
        } else if (strcmp(argv[i], "--no-authors") == 0) authors = 0;
        else {
            fprintf(stderr, "usage: bench_ge [--cp DIR] [--size GxN] [--no-authors]\n");
            return 2;
        }
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    contention ct;
    contention_begin(&ct);
    tsc_ge_opts newton, fixed, fixed_authors;
    tsc_ge_opts_init(&newton);
    tsc_ge_opts_init(&fixed);
    fixed.method = TSC_GE_FIXED_POINT;
    fixed_authors = fixed;
    fixed_authors.cold_start = 1;
    fixed_authors.anderson = 0;
    const char *const stages[3] = {"(a) observed deficits", "(b) zero deficits", "scenario"};

    printf("## General equilibrium: Caliendo-Parro (2015) solver\n\n");
    printf(
        "`bench/bench_ge.c`. Each configuration runs the authors' pipeline (docs/GE.md): (a) no tariff change with the "
        "observed deficits, (b) no tariff change with zero deficits, then the scenario from (b). Methods:\n\n");
    printf("- **newton**: Newton on ln ŵ with the exact Jacobian (tangent solves of the price and expenditure systems "
           "with one right-hand side per region, as matrix products), Broyden updates between Jacobians, backtracking "
           "line search; inner solves Anderson-accelerated and warm-started (the default, `--method newton`).\n");
    printf("- **fixed point**: the authors' outer iteration ŵ ← ŵ − 0.2 Z/wL (`--method fixed-point`), with the same "
           "inner solvers.\n");
    printf(
        "- **fixed point, authors' inner solves**: the same, with every inner solve started cold (P̂ = 1, base X) and "
        "iterated by plain sweeps, as in the authors' code (their expenditure system is a dense inverse; the result "
        "is the same).\n\n");
    printf("Tolerance: max_n |Z_n| / w_nL_n ≤ %.0e (outer), %.0e per sweep (inner). Seconds are wall-clock, one run "
           "each.\n\n",
           TSC_GE_TOL, TSC_GE_INNER_TOL);

    double cp_newton = -1, cp_fixed = -1, syn_newton = -1, syn_fixed = -1;
    /* ---- Caliendo-Parro data ---- */
    tsc_ge_data *raw = NULL;
    double *t05 = NULL;
    tsc_error err;
    if (!tsc_ge_is_cp_folder(cp)) {
        printf("### Caliendo-Parro data\n\nSkipped: %s is not there.\n\n", cp);
    } else {
        if (tsc_ge_data_load_cp(cp, &raw, &t05, &err)) die("loading the Caliendo-Parro data", &err);
        size_t g = tsc_ge_data_nregions(raw), nn = tsc_ge_data_nsectors(raw);
        size_t who[3] = {region_index(raw, "MEX"), region_index(raw, "CAN"), region_index(raw, "USA")};
        double *tc = xmalloc(g * g * nn, sizeof *tc);
        memcpy(tc, tsc_ge_data_tariffs(raw), g * g * nn * sizeof *tc);
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                for (size_t j = 0; a != b && j < nn; j++) {
                    size_t c = (who[a] * g + who[b]) * nn + j;
                    tc[c] = t05[c];
                }
        run runs[3] = {
            {.method = "newton"}, {.method = "fixed point"}, {.method = "fixed point, authors' inner solves"}};
        run_pipeline(raw, tc, &newton, who, &runs[0]);
        run_pipeline(raw, tc, &fixed, who, &runs[1]);
        if (authors) run_pipeline(raw, tc, &fixed_authors, who, &runs[2]);
        printf("### Caliendo-Parro data: %zu regions x %zu sectors, NAFTA (intra-NAFTA tariffs 1993 -> 2005)\n\n", g,
               nn);
        print_runs(runs, authors ? 3 : 2, stages);
        printf("\nWelfare (CP decomposition, %%): ");
        for (size_t k = 0; k < (size_t)(authors ? 3 : 2); k++)
            printf("%s%s Mexico %.4f, Canada %.4f, USA %.4f", k ? "; " : "", runs[k].method, runs[k].welfare[0],
                   runs[k].welfare[1], runs[k].welfare[2]);
        printf(" (published: 1.31, -0.06, 0.08).\n\n");
        cp_newton = runs[0].st[2].seconds;
        cp_fixed = runs[1].st[2].seconds;
        double worst = 0;
        for (int s = 0; s < 3; s++)
            if (runs[0].st[s].seconds > worst) worst = runs[0].st[s].seconds;
        printf("Newton: %.3f s for the scenario solve, %.3f s for the slowest solve (goal < %.1f s per solve: %s); the "
               "fixed point takes %.3f s for the scenario (%.0fx)",
               cp_newton, worst, GOAL_CP_S, worst < GOAL_CP_S ? "**met**" : "**missed**", cp_fixed,
               cp_fixed / cp_newton);
        if (authors)
            printf(", %.3f s with the authors' inner solves (%.0fx)", runs[2].st[2].seconds,
                   runs[2].st[2].seconds / cp_newton);
        printf(". A numpy replication of the authors' method needs about 120 iterations and 25-45 s per solve.\n\n");
        free(tc);
        free(t05);
        tsc_ge_data_free(raw);
    }

    /* ---- synthetic table ---- */
    fprintf(stderr, "bench_ge: synthetic %zu x %zu table\n", G, N);
    double t0 = now();
    tsc_table *tab = synthetic_table(G, N);
    double gen = now() - t0;
    double *theta = xmalloc(N, sizeof *theta), *tb = xmalloc(G * G * N, sizeof *tb),
           *tn = xmalloc(G * G * N, sizeof *tn);
    for (size_t k = 0; k < N; k++)
        theta[k] = tsc_table_sector_is_goods(tab, k) ? 2.0 + 12.0 * (double)k / (double)N : 8.22;
    /* base: 4% on goods everywhere; scenario: region 0 adds 25 points on goods from regions 1-9, which retaliate */
    for (size_t m = 0; m < G; m++)
        for (size_t i = 0; i < G; i++)
            for (size_t k = 0; k < N; k++) {
                size_t c = (m * G + i) * N + k;
                int goods = tsc_table_sector_is_goods(tab, k) && m != i;
                tb[c] = goods ? 0.04 : 0;
                tn[c] = tb[c] + (goods && ((m == 0 && i >= 1 && i <= 9) || (i == 0 && m >= 1 && m <= 9)) ? 0.25 : 0);
            }
    tsc_ge_data *sd = NULL;
    t0 = now();
    if (tsc_ge_data_from_table(tab, tb, theta, &sd, NULL, &err)) die("synthetic data", &err);
    double derive = now() - t0;
    size_t who[3] = {0, 1, G - 1};
    run sruns[3] = {{.method = "newton"}, {.method = "fixed point"}, {.method = "fixed point, authors' inner solves"}};
    run_pipeline(sd, tn, &newton, who, &sruns[0]);
    run_pipeline(sd, tn, &fixed, who, &sruns[1]);
    if (authors) run_pipeline(sd, tn, &fixed_authors, who, &sruns[2]);
    printf("### Synthetic table: %zu regions x %zu sectors (%zu flows)\n\n", G, N, G * G * N);
    printf("A balanced table made by the benchmark (fixed seed; gravity-like sourcing, regions of sizes 1 to 55 whose "
           "import shares run from 7%% to 80%%, 30%% service sectors traded little; %.2f s to make, %.2f s to derive "
           "the model data). Base: 4%% on goods everywhere; "
           "scenario: region 0 adds 25 points on goods from regions 1-9, which retaliate in kind. "
           "θ from 2 to 14 on goods, 8.22 on services.\n\n",
           gen, derive);
    print_runs(sruns, authors ? 3 : 2, stages);
    syn_newton = sruns[0].st[2].seconds;
    syn_fixed = sruns[1].st[2].seconds;
    double worst = 0;
    for (int s = 0; s < 3; s++)
        if (sruns[0].st[s].seconds > worst) worst = sruns[0].st[s].seconds;
    printf("\nNewton: %.2f s for the scenario solve, %.2f s for the slowest solve (goal < %.0f s per solve: %s); the "
           "fixed point takes %.2f s for the scenario (%.0fx)",
           syn_newton, worst, GOAL_SYNTH_S, worst < GOAL_SYNTH_S ? "**met**" : "**missed**", syn_fixed,
           syn_fixed / syn_newton);
    if (authors)
        printf(", %.2f s with the authors' inner solves (%.0fx)", sruns[2].st[2].seconds,
               sruns[2].st[2].seconds / syn_newton);
    printf(
        ". Welfare (CP, %%) of regions 0, 1 and %zu: %.4f, %.4f, %.4f (Newton) and %.4f, %.4f, %.4f (fixed point).\n\n",
        G - 1, sruns[0].welfare[0], sruns[0].welfare[1], sruns[0].welfare[2], sruns[1].welfare[0], sruns[1].welfare[1],
        sruns[1].welfare[2]);
    contention_end(&ct);
    printf("| | |\n|---|---|\n");
    contention_print(&ct, cores);
    printf("\n");
    (void)cp_fixed;
    free(theta);
    free(tb);
    free(tn);
    tsc_ge_data_free(sd);
    tsc_table_free(tab);
    return 0;
}
