/* tsc_ge_run: the same numbers, bit for bit, as the sequence of calls it stands for; a baseline passed in is reused;
 * the model data, a draw's elasticities; errors leave nothing behind. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct fixture {
    tsc_table *t;
    size_t G, N;
    double th[16], se[16];
    double *tb, *tn; /* G*G*N: base and new rates */
} fixture;

/* The example table (WIOD 2011 aggregated), its default elasticities, awkward base rates on every import of a good
 * and a scenario: the US puts 25% on Chinese goods, China answers with 15% on US goods. */
static void fixture_load(fixture *f)
{
    memset(f, 0, sizeof *f);
    f->t = tu_example(f->th, f->se);
    size_t G = f->G = tsc_table_nregions(f->t), N = f->N = tsc_table_nsectors(f->t);
    tsc_error err;
    size_t usa, chn;
    cr_assert_eq(tsc_table_region_index(f->t, "USA", &usa, &err), TSC_OK);
    cr_assert_eq(tsc_table_region_index(f->t, "CHN", &chn, &err), TSC_OK);
    f->tb = calloc(G * G * N, sizeof *f->tb);
    f->tn = calloc(G * G * N, sizeof *f->tn);
    cr_assert(f->tb && f->tn);
    for (size_t n = 0; n < G; n++)
        for (size_t i = 0; i < G; i++)
            for (size_t k = 0; k < N; k++)
                if (n != i && tsc_table_sector_is_goods(f->t, k)) {
                    size_t c = (n * G + i) * N + k;
                    f->tb[c] = f->tn[c] = 0.02385 + 0.0031 * (double)k;
                }
    for (size_t k = 0; k < N; k++)
        if (tsc_table_sector_is_goods(f->t, k)) {
            f->tn[(usa * G + chn) * N + k] = 0.25;
            f->tn[(chn * G + usa) * N + k] = 0.15;
        }
}

static void fixture_free(fixture *f)
{
    free(f->tb);
    free(f->tn);
    tsc_table_free(f->t);
}

static void same(const double *a, const double *b, size_t n, const char *what)
{
    cr_assert(a && b, "%s missing", what);
    for (size_t k = 0; k < n; k++)
        cr_assert(a[k] == b[k] || (isnan(a[k]) && isnan(b[k])), "%s[%zu]: %.17g != %.17g", what, k, a[k], b[k]);
}

static void run_opts(tsc_ge_run_opts *o, size_t draws)
{
    tsc_ge_run_opts_init(o);
    o->draws.draws = draws;
    o->draws.seed = 2385;
    o->draws.threads = 2;
}

/* The sequence written out: model data, zero-deficit baseline, solve, outcomes, measures, draws from the point. */
Test(ge_run, same_numbers_as_the_sequence)
{
    fixture f;
    fixture_load(&f);
    size_t G = f.G, M = TSC_GE_NMEASURES;
    tsc_error err;
    tsc_ge_data *raw = NULL, *base = NULL;
    size_t nclipped = 0;
    tsc_ge_opts go;
    tsc_ge_opts_init(&go);
    tsc_ge_result res;
    tsc_ge_outcome oc;
    tsc_ge_draws_result dr;
    double *meas = calloc(G * M, sizeof *meas);
    cr_assert_eq(tsc_ge_data_from_table(f.t, f.tb, f.th, &raw, &nclipped, &err), TSC_OK, "%s", err.msg);
    tsc_ge_stage st[2];
    cr_assert_eq(tsc_ge_baseline_build(raw, TSC_GE_BASELINE_ZERO_DEFICIT, &go, NULL, NULL, &base, st, &err), TSC_OK);
    cr_assert_eq(tsc_ge_solve(base, f.tn, &go, NULL, NULL, &res, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_ge_outcome_compute(base, f.tn, &res, &oc, &err), TSC_OK);
    cr_assert_eq(tsc_ge_measures(base, f.tn, &res, meas, &err), TSC_OK);
    tsc_ge_run_opts o;
    run_opts(&o, 5);
    tsc_ge_draws_opts d = o.draws;
    d.solve = go;
    int drc = tsc_ge_draws_solve(base, f.tn, f.se, &res, &d, &dr, &err);
    cr_assert(drc == TSC_OK || drc == TSC_GE_WNOCONV, "%s", err.msg);

    tsc_ge_run_input in = {.table = f.t, .tariff_base = f.tb, .tariff_new = f.tn, .theta = f.th, .se = f.se};
    tsc_ge_run_result rr;
    cr_assert_eq(tsc_ge_run(&in, &o, &rr, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(rr.G, G);
    cr_assert_eq(rr.nclipped, nclipped);
    cr_assert(rr.data && rr.baseline && rr.base == rr.baseline && !rr.drawn);
    cr_assert_eq(rr.stages[0].iterations, st[0].iterations);
    cr_assert_eq(rr.stages[1].iterations, st[1].iterations);
    cr_assert_gt(rr.stages[1].iterations, 0, "removing the deficits moves the data");
    cr_assert_eq(rr.stages[2].iterations, res.iterations);
    same(rr.result.w_hat, res.w_hat, G, "w_hat");
    same(rr.result.flows, res.flows, G * G * f.N, "flows");
    same(rr.outcome.welfare_cp, oc.welfare_cp, G, "welfare_cp");
    same(rr.outcome.real_income, oc.real_income, G, "real_income");
    same(rr.measures, meas, G * M, "measures");
    same(tsc_ge_data_flows(rr.base), tsc_ge_data_flows(base), G * G * f.N, "baseline flows");
    cr_assert_eq(rr.draws.K, 5);
    cr_assert_eq(rr.draws.failed, dr.failed);
    same(rr.draws.values, dr.values, 5 * G * M, "draws");
    same(rr.draws.p95, dr.p95, G * M, "p95");
    /* the numbers respond to the scenario: a run that cannot fail would not show it */
    cr_assert(fabs(rr.measures[0]) > 0 || fabs(rr.measures[M]) > 0);

    tsc_ge_run_result_free(&rr);
    cr_assert_null(rr.measures);
    tsc_ge_run_result_free(&rr); /* twice is harmless */
    tsc_ge_draws_result_free(&dr);
    tsc_ge_outcome_free(&oc);
    tsc_ge_result_free(&res);
    tsc_ge_data_free(base);
    tsc_ge_data_free(raw);
    free(meas);
    fixture_free(&f);
}

/* A caller keeps the baseline of a first run and solves a second scenario from it, as the server and the report
 * do: no baseline stage runs, and the numbers equal those of a run from the table. */
Test(ge_run, passed_baseline_is_reused)
{
    fixture f;
    fixture_load(&f);
    size_t G = f.G, M = TSC_GE_NMEASURES;
    tsc_error err;
    tsc_ge_run_opts o;
    run_opts(&o, 0);
    o.baseline = TSC_GE_BASELINE_OBSERVED;
    tsc_ge_run_input in = {.table = f.t, .tariff_base = f.tb, .tariff_new = f.tb, .theta = f.th};
    tsc_ge_run_result first, fresh, reused;
    cr_assert_eq(tsc_ge_run(&in, &o, &first, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(first.stages[1].iterations, 0, "no stage (b) for the observed baseline");
    tsc_ge_data *kept = first.baseline;
    first.baseline = NULL;
    tsc_ge_run_result_free(&first);

    in.tariff_new = f.tn;
    cr_assert_eq(tsc_ge_run(&in, &o, &fresh, &err), TSC_OK, "%s", err.msg);
    tsc_ge_run_input again = {.baseline = kept, .tariff_new = f.tn, .se = f.se};
    cr_assert_eq(tsc_ge_run(&again, &o, &reused, &err), TSC_OK, "%s", err.msg);
    cr_assert(reused.base == kept && !reused.data && !reused.baseline);
    cr_assert_eq(reused.stages[0].iterations, 0);
    cr_assert_eq(reused.nclipped, 0);
    same(reused.measures, fresh.measures, G * M, "measures");
    same(reused.result.P_hat, fresh.result.P_hat, G * f.N, "P_hat");
    tsc_ge_run_result_free(&reused);
    tsc_ge_run_result_free(&fresh);
    tsc_ge_data_free(kept);
    fixture_free(&f);
}

/* Model data given (the Caliendo-Parro folder's way): copied, their elasticities and base rates set; the caller's
 * data are left as they were. */
Test(ge_run, data_input_is_copied_and_set)
{
    fixture f;
    fixture_load(&f);
    size_t G = f.G, N = f.N;
    tsc_error err;
    tsc_ge_data *raw = NULL, *own = NULL, *base = NULL;
    cr_assert_eq(tsc_ge_data_from_table(f.t, NULL, f.th, &raw, NULL, &err), TSC_OK);
    double th2[16];
    for (size_t j = 0; j < N; j++) th2[j] = 1.5 * f.th[j];
    tsc_ge_opts go;
    tsc_ge_opts_init(&go);
    tsc_ge_result res;
    cr_assert_eq(tsc_ge_data_copy(raw, &own, &err), TSC_OK);
    cr_assert_eq(tsc_ge_data_set_theta(own, th2, &err), TSC_OK);
    cr_assert_eq(tsc_ge_data_set_tariffs(own, f.tb, &err), TSC_OK);
    cr_assert_eq(tsc_ge_baseline_build(own, TSC_GE_BASELINE_ZERO_DEFICIT, &go, NULL, NULL, &base, NULL, &err), TSC_OK);
    cr_assert_eq(tsc_ge_solve(base, f.tn, &go, NULL, NULL, &res, &err), TSC_OK);

    tsc_ge_run_input in = {.data = raw, .tariff_base = f.tb, .tariff_new = f.tn, .theta = th2};
    tsc_ge_run_result rr;
    cr_assert_eq(tsc_ge_run(&in, NULL, &rr, &err), TSC_OK, "%s", err.msg);
    same(rr.result.w_hat, res.w_hat, G, "w_hat");
    same(tsc_ge_data_theta(rr.data), th2, N, "theta set");
    same(tsc_ge_data_theta(raw), f.th, N, "the caller's theta");
    cr_assert_eq(tsc_ge_data_tariffs(raw)[1 * N], 0.0, "the caller's tariffs");
    cr_assert_eq(rr.draws.K, 0, "no draws by default");
    tsc_ge_run_result_free(&rr);

    /* theta NULL: the data's own elasticities */
    in.theta = NULL;
    cr_assert_eq(tsc_ge_run(&in, NULL, &rr, &err), TSC_OK, "%s", err.msg);
    same(tsc_ge_data_theta(rr.base), f.th, N, "own theta");
    tsc_ge_run_result_free(&rr);
    tsc_ge_result_free(&res);
    tsc_ge_data_free(base);
    tsc_ge_data_free(own);
    tsc_ge_data_free(raw);
    fixture_free(&f);
}

/* One draw of a sweep: the baseline at the point elasticities, the scenario solved on a copy at the draw's. */
Test(ge_run, theta_scenario_solves_a_copy)
{
    fixture f;
    fixture_load(&f);
    size_t G = f.G, N = f.N;
    tsc_error err;
    double drawn[16], se[16];
    for (size_t j = 0; j < N; j++) se[j] = TSC_GE_THETA_SE_REL * f.th[j];
    tsc_ge_theta_draw(11, 3, N, f.th, se, drawn);
    tsc_ge_run_opts o;
    run_opts(&o, 0);
    tsc_ge_run_input in = {.table = f.t, .tariff_base = f.tb, .tariff_new = f.tn, .theta = f.th};
    tsc_ge_run_result point, rr;
    cr_assert_eq(tsc_ge_run(&in, &o, &point, &err), TSC_OK, "%s", err.msg);
    in.theta_scenario = drawn;
    cr_assert_eq(tsc_ge_run(&in, &o, &rr, &err), TSC_OK, "%s", err.msg);
    cr_assert(rr.drawn && rr.base == rr.drawn);
    same(tsc_ge_data_theta(rr.baseline), f.th, N, "the baseline keeps the point theta");
    same(tsc_ge_data_theta(rr.base), drawn, N, "the scenario's theta");

    tsc_ge_opts go;
    tsc_ge_opts_init(&go);
    tsc_ge_data *copy = NULL;
    tsc_ge_result res;
    cr_assert_eq(tsc_ge_data_copy(point.baseline, &copy, &err), TSC_OK);
    cr_assert_eq(tsc_ge_data_set_theta(copy, drawn, &err), TSC_OK);
    cr_assert_eq(tsc_ge_solve(copy, f.tn, &go, NULL, NULL, &res, &err), TSC_OK);
    same(rr.result.w_hat, res.w_hat, G, "w_hat");
    cr_assert(memcmp(rr.result.w_hat, point.result.w_hat, G * sizeof(double)) != 0, "the draw changes the solution");
    tsc_ge_result_free(&res);
    tsc_ge_data_free(copy);
    tsc_ge_run_result_free(&rr);
    tsc_ge_run_result_free(&point);
    fixture_free(&f);
}

Test(ge_run, bad_inputs_are_refused)
{
    fixture f;
    fixture_load(&f);
    tsc_error err;
    tsc_ge_run_result rr;
    tsc_ge_run_input none = {.tariff_new = f.tn};
    cr_assert_eq(tsc_ge_run(&none, NULL, &rr, &err), TSC_EINVAL);
    cr_assert(strstr(err.msg, "one of"), "%s", err.msg);
    tsc_ge_data *raw = NULL;
    cr_assert_eq(tsc_ge_data_from_table(f.t, NULL, f.th, &raw, NULL, &err), TSC_OK);
    tsc_ge_run_input two = {.table = f.t, .data = raw, .tariff_new = f.tn, .theta = f.th};
    cr_assert_eq(tsc_ge_run(&two, NULL, &rr, &err), TSC_EINVAL);
    tsc_ge_run_input no_rates = {.table = f.t, .theta = f.th};
    cr_assert_eq(tsc_ge_run(&no_rates, NULL, &rr, &err), TSC_EINVAL);
    tsc_ge_run_input no_theta = {.table = f.t, .tariff_new = f.tn};
    cr_assert_eq(tsc_ge_run(&no_theta, NULL, &rr, &err), TSC_EINVAL);
    cr_assert(strstr(err.msg, "elasticities"), "%s", err.msg);
    double bad[16];
    memcpy(bad, f.th, sizeof bad);
    bad[0] = -1;
    tsc_ge_run_input bad_draw = {.data = raw, .tariff_new = f.tn, .theta_scenario = bad};
    cr_assert_eq(tsc_ge_run(&bad_draw, NULL, &rr, &err), TSC_EINVAL);
    cr_assert_null(rr.data);
    cr_assert_null(rr.baseline);
    cr_assert_null(rr.drawn);
    tsc_ge_data_free(raw);
    fixture_free(&f);
}

/* No convergence names the stage and leaves nothing; the count of clipped cells stays. */
Test(ge_run, no_convergence_leaves_nothing)
{
    fixture f;
    fixture_load(&f);
    tsc_error err;
    tsc_ge_run_opts o;
    run_opts(&o, 2);
    o.solve.max_iter = 1;
    o.solve.tol = 1e-300;
    tsc_ge_run_input in = {.table = f.t, .tariff_base = f.tb, .tariff_new = f.tn, .theta = f.th};
    tsc_ge_run_result rr;
    cr_assert_eq(tsc_ge_run(&in, &o, &rr, &err), TSC_GE_WNOCONV);
    cr_assert(strstr(err.msg, "baseline (a)"), "%s", err.msg);
    cr_assert(!rr.data && !rr.baseline && !rr.base && !rr.measures && !rr.result.w_hat && !rr.draws.values);
    fixture_free(&f);
}

/* Every allocation of the run made to fail in turn: TSC_ENOMEM and an empty result, never a crash or a half. */
Test(ge_run, allocation_failures_are_clean)
{
    fixture f;
    fixture_load(&f);
    tsc_ge_run_opts o;
    run_opts(&o, 2);
    o.draws.threads = 1;
    tsc_ge_run_input in = {.table = f.t, .tariff_base = f.tb, .tariff_new = f.tn, .theta = f.th, .se = f.se};
    int ok = 0;
    size_t k;
    for (k = 1; k < 5000 && !ok; k++) {
        tsc_ge_run_result rr;
        tsc_error err;
        tsc_alloc_fail_after(k);
        int rc = tsc_ge_run(&in, &o, &rr, &err);
        tsc_alloc_fail_after(0);
        cr_assert(rc == TSC_OK || rc == TSC_ENOMEM, "allocation %zu: status %d (%s)", k, rc, err.msg);
        if (rc) cr_assert(!rr.data && !rr.baseline && !rr.measures && !rr.draws.values, "allocation %zu", k);
        ok = rc == TSC_OK;
        tsc_ge_run_result_free(&rr);
    }
    cr_assert(ok, "never succeeded");
    cr_assert(k > 20, "only %zu allocations", k);
    fixture_free(&f);
}
