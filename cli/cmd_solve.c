/* tariffscope solve: a tariff scenario in the Caliendo-Parro general-equilibrium model (welfare, prices, flows). */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tariffscope/ge.h"

/* Options of solve alone, taken out of argv before the shared parser sees the rest. */
typedef struct solve_opts {
    const char *theta, *method, *baseline;
    double tol;
    size_t max_iter;
} solve_opts;

static int take_solve_opts(int argc, char **argv, solve_opts *so, int *nargc, char **nargv)
{
    memset(so, 0, sizeof *so);
    *nargc = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int has = i + 1 < argc;
        if (i > 0 && (strcmp(a, "--theta") == 0 || strcmp(a, "--method") == 0 || strcmp(a, "--baseline") == 0 ||
                      strcmp(a, "--tol") == 0 || strcmp(a, "--max-iter") == 0)) {
            if (!has) {
                fprintf(stderr, "tariffscope: %s needs a value (see tariffscope --help)\n", a);
                return 2;
            }
            const char *v = argv[++i];
            char *end;
            if (strcmp(a, "--theta") == 0) so->theta = v;
            else if (strcmp(a, "--method") == 0) so->method = v;
            else if (strcmp(a, "--baseline") == 0) so->baseline = v;
            else if (strcmp(a, "--tol") == 0) {
                so->tol = strtod(v, &end);
                if (*end || !(so->tol > 0 && so->tol < 1)) {
                    fprintf(stderr, "tariffscope: --tol takes a number in (0, 1), not '%s'\n", v);
                    return 2;
                }
            } else {
                long k = strtol(v, &end, 10);
                if (*end || k < 1 || k > 10000000) {
                    fprintf(stderr, "tariffscope: --max-iter takes a positive integer, not '%s'\n", v);
                    return 2;
                }
                so->max_iter = (size_t)k;
            }
            continue;
        }
        nargv[(*nargc)++] = argv[i];
    }
    nargv[*nargc] = NULL;
    return 0;
}

/* Progress on a terminal: one line per stage, rewritten in place. */
typedef struct progress_state {
    int tty;
    char stage[96];
} progress_state;

static void progress(void *ctx, const char *stage, size_t iter, double residual)
{
    progress_state *p = ctx;
    if (!p->tty) return;
    if (strcmp(p->stage, stage) != 0) {
        if (p->stage[0]) fputc('\n', stderr);
        snprintf(p->stage, sizeof p->stage, "%s", stage);
    }
    fprintf(stderr, "\r  %-32s iteration %4zu   max|excess|/VA %9.2e", stage, iter, residual);
    fflush(stderr);
}

static void progress_end(progress_state *p)
{
    if (p->tty && p->stage[0]) fputc('\n', stderr);
    p->stage[0] = '\0';
}

static void put_pair(FILE *f, const char *a, const char *b)
{
    cli_put_field(f, a);
    putc(',', f);
    cli_put_field(f, b);
}

static void put_nums(FILE *f, const double *v, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        putc(',', f);
        cli_put_num(f, v[k]);
    }
    putc('\n', f);
}

/* One stage of the solve as a JSON object. */
static json_t *json_stage(const char *name, const tsc_ge_stage *st)
{
    return json_pack("{s:s, s:I, s:I, s:I, s:I, s:f, s:f}", "stage", name, "iterations", (json_int_t)st->iterations,
                     "jacobians", (json_int_t)st->jacobians, "price_sweeps", (json_int_t)st->price_sweeps,
                     "expenditure_sweeps", (json_int_t)st->expenditure_sweeps, "residual", st->residual, "seconds",
                     st->seconds);
}

typedef struct run_info {
    const char *scenario, *table, *method, *baseline;
    double tol, seconds;
    tsc_ge_stage stages[3]; /* (a), (b) (zero-deficit only), scenario */
    int zero_deficit;
} run_info;

/* solve.json: the run's settings and convergence, stage by stage. Names come from YAML and paths, so jansson checks
 * they are UTF-8 and escapes them. */
static int write_json(FILE *f, size_t G, size_t N, const tsc_ge_result *r, const run_info *ri, tsc_error *err)
{
    json_t *stages = json_array();
    int fail = json_array_append_new(stages, json_stage("baseline (a): observed deficits, no tariff change", &ri->stages[0]));
    if (ri->zero_deficit)
        fail |= json_array_append_new(stages, json_stage("baseline (b): zero deficits, no tariff change", &ri->stages[1]));
    fail |= json_array_append_new(stages, json_stage("scenario", &ri->stages[2]));
    json_t *root = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:f, s:I, s:f, s:f, s:s, s:O}", "model",
                             "Caliendo-Parro 2015", "scenario", ri->scenario, "table", ri->table, "regions",
                             (json_int_t)G, "sectors", (json_int_t)N, "method", ri->method, "baseline", ri->baseline,
                             "tolerance", ri->tol, "iterations", (json_int_t)ri->stages[2].iterations, "residual",
                             r->residual, "seconds", ri->seconds, "residual_definition",
                             "max over regions of |excess demand Z_n| / value added w_n L_n", "stages", stages);
    if (!root || fail) {
        json_decref(stages);
        json_decref(root);
        return tsc_error_set(err, TSC_EINVAL, NULL, 0, 0, "cannot build solve.json (names must be UTF-8 text and "
                             "numbers finite)");
    }
    fail = json_dumpf(root, f, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) != 0 || putc('\n', f) == EOF;
    json_decref(stages);
    json_decref(root);
    return fail ? tsc_error_set(err, TSC_EIO, NULL, 0, 0, "cannot write solve.json") : TSC_OK;
}

static int write_outputs(const char *dir, const tsc_ge_data *d, const double *tariff_new, const tsc_ge_result *r,
                         const tsc_ge_outcome *oc, const run_info *ri, tsc_error *err)
{
    tsc_outset *set = NULL;
    char path[1400];
    size_t G = tsc_ge_data_nregions(d), N = tsc_ge_data_nsectors(d);
    int rc = tsc_outset_new(dir, &set, err);
    if (rc) return rc;
    FILE *f;
    if ((rc = tsc_outset_add(set, "regions.csv", path, sizeof path, err)) || !(f = cli_open_out(path))) goto io;
    fputs("region,welfare_cp_pct,terms_of_trade_pct,volume_of_trade_pct,real_wage_pct,real_income_pct,w_hat,"
          "price_index_hat\n", f);
    for (size_t n = 0; n < G; n++) {
        cli_put_field(f, tsc_ge_data_region(d, n));
        double v[7] = {oc->welfare_cp[n], oc->terms_of_trade[n], oc->volume_of_trade[n], oc->real_wage[n],
                       oc->real_income[n], r->w_hat[n], r->price_index_hat[n]};
        put_nums(f, v, 7);
    }
    if (fclose(f)) goto io;
    if ((rc = tsc_outset_add(set, "region_sectors.csv", path, sizeof path, err)) || !(f = cli_open_out(path))) goto io;
    fputs("region,sector,c_hat,P_hat,gross_output_change_pct,gross_output_base,gross_output_new\n", f);
    for (size_t n = 0; n < G; n++)
        for (size_t j = 0; j < N; j++) {
            size_t k = n * N + j;
            double y0 = oc->output_base[k], y1 = oc->output_new[k];
            put_pair(f, tsc_ge_data_region(d, n), tsc_ge_data_sector(d, j));
            double v[5] = {r->c_hat[k], r->P_hat[k], y0 > 0 ? 100 * (y1 / y0 - 1) : 0, y0, y1};
            put_nums(f, v, 5);
        }
    if (fclose(f)) goto io;
    if ((rc = tsc_outset_add(set, "bilateral.csv", path, sizeof path, err)) || !(f = cli_open_out(path))) goto io;
    fputs("importer,exporter,sector,flow_base,flow_new,tariff_base_pct,tariff_new_pct\n", f);
    const double *F0 = tsc_ge_data_flows(d), *t0 = tsc_ge_data_tariffs(d);
    for (size_t n = 0; n < G; n++)
        for (size_t i = 0; i < G; i++)
            for (size_t j = 0; j < N; j++) {
                size_t c = (n * G + i) * N + j;
                if (F0[c] == 0 && r->flows[c] == 0) continue;
                put_pair(f, tsc_ge_data_region(d, n), tsc_ge_data_region(d, i));
                putc(',', f);
                cli_put_field(f, tsc_ge_data_sector(d, j));
                double v[4] = {F0[c], r->flows[c], 100 * t0[c], 100 * tariff_new[c]};
                put_nums(f, v, 4);
            }
    if (fclose(f)) goto io;
    if ((rc = tsc_outset_add(set, "solve.json", path, sizeof path, err)) || !(f = cli_open_out(path))) goto io;
    if (write_json(f, G, N, r, ri, err)) {
        fclose(f);
        rc = err->code;
        goto io;
    }
    if (fclose(f)) goto io;
    return tsc_outset_commit(set, err);
io:
    if (!rc) {
        rc = tsc_error_set(err, TSC_EIO, NULL, 0, 0, "cannot write %s", path);
    }
    tsc_outset_abort(set);
    return rc;
}

/* The CP data's own tariffs as a base schedule CSV (a scenario without "base:" applies its measures on them). */
static int write_base_csv(const tsc_ge_data *d, char *path, size_t size)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(path, size, "%s/tariffscope-base.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    FILE *f = fdopen(fd, "w");
    if (!f) { close(fd); remove(path); return -1; }
    size_t G = tsc_ge_data_nregions(d), N = tsc_ge_data_nsectors(d);
    const double *t = tsc_ge_data_tariffs(d);
    fputs("importer,exporter,sector,rate_pct\n", f);
    for (size_t n = 0; n < G; n++)
        for (size_t i = 0; i < G; i++)
            for (size_t j = 0; j < N; j++) {
                double v = t[(n * G + i) * N + j];
                if (n == i || v == 0) continue;
                put_pair(f, tsc_ge_data_region(d, n), tsc_ge_data_region(d, i));
                putc(',', f);
                cli_put_field(f, tsc_ge_data_sector(d, j));
                putc(',', f);
                cli_put_num(f, 100 * v);
                putc('\n', f);
            }
    if (fclose(f)) { remove(path); return -1; }
    return 0;
}

static void print_summary(const tsc_ge_data *d, const tsc_ge_outcome *oc, const tsc_ge_result *r, const char *focus)
{
    size_t G = tsc_ge_data_nregions(d);
    printf("  %-10s %10s %10s %10s %10s %10s\n", "region", "welfare_cp", "ToT", "VoT", "real_wage", "real_inc");
    size_t shown[5], ns = 0;
    if (focus) {
        for (size_t n = 0; n < G; n++)
            if (strcmp(tsc_ge_data_region(d, n), focus) == 0) shown[ns++] = n;
    } else {
        /* the regions with the largest welfare changes */
        for (; ns < 5 && ns < G; ns++) {
            size_t best = G;
            for (size_t n = 0; n < G; n++) {
                int taken = 0;
                for (size_t k = 0; k < ns; k++) taken |= shown[k] == n;
                if (!taken && (best == G || fabs(oc->welfare_cp[n]) > fabs(oc->welfare_cp[best]))) best = n;
            }
            shown[ns] = best;
        }
    }
    for (size_t k = 0; k < ns; k++) {
        size_t n = shown[k];
        printf("  %-10s %+9.3f%% %+9.3f%% %+9.3f%% %+9.3f%% %+9.3f%%\n", tsc_ge_data_region(d, n), oc->welfare_cp[n],
               oc->terms_of_trade[n], oc->volume_of_trade[n], oc->real_wage[n], oc->real_income[n]);
    }
    (void)r;
}

int cmd_solve(int argc, char **argv)
{
    solve_opts so;
    char **nargv = malloc(((size_t)argc + 1) * sizeof *nargv);
    if (!nargv) return 1;
    int nargc, rc = take_solve_opts(argc, argv, &so, &nargc, nargv);
    cli_opts o;
    if (!rc) rc = cli_parse(nargc, nargv, "oSlc", &o);
    free(nargv);
    if (rc) return rc;
    if (!o.table || !o.scenario || !o.out) {
        fprintf(stderr, "tariffscope: solve needs TABLE SCENARIO --out DIR\n");
        return 2;
    }
    tsc_ge_opts go;
    tsc_ge_opts_init(&go);
    if (so.method && strcmp(so.method, "newton") == 0) go.method = TSC_GE_NEWTON;
    else if (so.method && strcmp(so.method, "fixed-point") == 0) go.method = TSC_GE_FIXED_POINT;
    else if (so.method) {
        fprintf(stderr, "tariffscope: unknown --method '%s' (newton, fixed-point)\n", so.method);
        return 2;
    }
    tsc_ge_baseline bl = TSC_GE_BASELINE_ZERO_DEFICIT;
    if (so.baseline && strcmp(so.baseline, "observed") == 0) bl = TSC_GE_BASELINE_OBSERVED;
    else if (so.baseline && strcmp(so.baseline, "zero-deficit") != 0) {
        fprintf(stderr, "tariffscope: unknown --baseline '%s' (zero-deficit, observed)\n", so.baseline);
        return 2;
    }
    if (so.tol > 0) go.tol = so.tol;
    if (so.max_iter) go.max_iter = so.max_iter;

    tsc_error err;
    tsc_error_clear(&err);
    tsc_table *t = NULL;
    tsc_ge_data *raw = NULL, *base = NULL;
    tsc_scenario *sc = NULL;
    tsc_groups *groups = NULL;
    tsc_tariffs tr = {0};
    tsc_ge_result res = {0};
    tsc_ge_outcome oc = {0};
    double *theta = NULL, *tbase = NULL, *tnew = NULL;
    const char **rl = NULL;
    unsigned char *goods = NULL;
    char tmpbase[1100] = "";
    int status = 1, cp = tsc_ge_is_cp_folder(o.table);
    progress_state ps = {isatty(2), ""};
    double t0 = cli_now();

    if ((rc = tsc_scenario_load(o.scenario, &sc, &err)) || (rc = cli_load_groups(&o, &groups, &err))) goto fail;
    if (cp) {
        if ((rc = tsc_ge_data_load_cp(o.table, &raw, NULL, &err))) goto fail;
    } else if (!(t = cli_load_table(&o))) {
        goto done;
    }
    size_t G = cp ? tsc_ge_data_nregions(raw) : tsc_table_nregions(t), N = cp ? tsc_ge_data_nsectors(raw) : tsc_table_nsectors(t);
    rl = malloc((G + N) * sizeof *rl);
    goods = malloc(N);
    theta = malloc(N * sizeof *theta);
    tbase = malloc(G * G * N * sizeof *tbase);
    tnew = malloc(G * G * N * sizeof *tnew);
    if (!rl || !goods || !theta || !tbase || !tnew) { fprintf(stderr, "tariffscope: out of memory\n"); goto done; }
    for (size_t n = 0; n < G; n++) rl[n] = cp ? tsc_ge_data_region(raw, n) : tsc_table_region(t, n);
    for (size_t j = 0; j < N; j++) {
        rl[G + j] = cp ? tsc_ge_data_sector(raw, j) : tsc_table_sector(t, j);
        goods[j] = (unsigned char)(cp ? tsc_ge_data_is_goods(raw, j) : tsc_table_sector_is_goods(t, j));
    }

    /* elasticities: --theta, else CP's own (CP data) or the WIOD concordance (tables) */
    if (so.theta || !cp) {
        char def[1100];
        cli_data_path("concordance/theta_wiod.csv", def, sizeof def); /* CP's estimates by WIOD sector */
        if ((rc = tsc_ge_theta_read(so.theta ? so.theta : def, o.concordance, N, rl + G, theta, &err))) {
            if (rc == TSC_ELABEL && !so.theta)
                tsc_error_set(&err, rc, err.file, err.line, err.col,
                              "%s: the defaults cover WIOD sectors c1-c35; give --theta FILE.csv (sector,theta) or, "
                              "for an aggregated table, --concordance with its aggregation concordance", err.msg);
            goto fail;
        }
    }

    /* the scenario's base and new rates; on the CP data, a scenario without a base applies to the 1993 rates */
    tsc_labels labels = {G, N, rl, rl + G, goods};
    tsc_apply_opts ao = {groups, o.date, o.base, o.hs_weights};
    if (cp && !o.base && !tsc_scenario_base(sc)) {
        if (write_base_csv(raw, tmpbase, sizeof tmpbase)) {
            fprintf(stderr, "tariffscope: cannot write a temporary file in %s\n", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
            tmpbase[0] = '\0';
            goto done;
        }
        ao.base_csv = tmpbase;
    }
    rc = cp ? tsc_scenario_apply_labels(sc, &labels, &ao, &tr, &err) : tsc_scenario_apply(sc, t, &ao, &tr, &err);
    if (tmpbase[0]) remove(tmpbase);
    if (rc) goto fail;
    for (size_t c = 0; c < G * G * N; c++) {
        tbase[c] = tr.base[c] / 100;
        tnew[c] = tr.rate[c] / 100;
    }
    if (cp) {
        if ((so.theta && (rc = tsc_ge_data_set_theta(raw, theta, &err))) || (rc = tsc_ge_data_set_tariffs(raw, tbase, &err)))
            goto fail;
    } else {
        size_t nclipped = 0;
        if ((rc = tsc_ge_data_from_table(t, tbase, theta, &raw, &nclipped, &err))) goto fail;
        if (nclipped)
            fprintf(stderr, "tariffscope: warning: %zu cells clipped to zero deriving the model data (negative net "
                            "purchases, or value added below the tariffs on inputs)\n", nclipped);
    }

    run_info ri = {tsc_scenario_name(sc), o.table, go.method == TSC_GE_NEWTON ? "newton" : "fixed-point",
                   bl == TSC_GE_BASELINE_ZERO_DEFICIT ? "zero-deficit" : "observed", 0, 0, {{0}}, bl == TSC_GE_BASELINE_ZERO_DEFICIT};
    ri.tol = go.tol;
    double ts = cli_now();
    rc = tsc_ge_baseline_build(raw, bl, &go, progress, &ps, &base, ri.stages, &err);
    progress_end(&ps);
    if (rc == TSC_GE_WNOCONV) goto noconv;
    if (rc) goto fail;
    double t1 = cli_now();
    rc = tsc_ge_solve(base, tnew, &go, progress, &ps, &res, &err);
    progress_end(&ps);
    ri.stages[2].seconds = cli_now() - t1;
    ri.stages[2].iterations = res.iterations;
    ri.stages[2].jacobians = res.jacobians;
    ri.stages[2].price_sweeps = res.price_sweeps;
    ri.stages[2].expenditure_sweeps = res.expenditure_sweeps;
    ri.stages[2].residual = res.residual;
    ri.seconds = cli_now() - ts;
    if (rc == TSC_GE_WNOCONV) goto noconv;
    if (rc) goto fail;
    if ((rc = tsc_ge_outcome_compute(base, tnew, &res, &oc, &err)) ||
        (rc = write_outputs(o.out, base, tnew, &res, &oc, &ri, &err)))
        goto fail;
    printf("scenario %s on %s (%zu regions x %zu sectors, %s baseline, %s): wrote %s/{regions,region_sectors,"
           "bilateral}.csv and solve.json\n", tsc_scenario_name(sc), o.table, G, N, ri.baseline, ri.method, o.out);
    printf("solved in %.3f s: %zu iterations, max|excess|/VA %.2g (baseline %zu + %zu iterations)\n", ri.seconds,
           res.iterations, res.residual, ri.stages[0].iterations, ri.stages[1].iterations);
    print_summary(base, &oc, &res, o.focus);
    if (o.verbose) fprintf(stderr, "total %.3f s\n", cli_now() - t0);
    status = 0;
    goto done;
noconv:
    fprintf(stderr, "tariffscope: %s; no results were written (raise --max-iter, loosen --tol, or try --method %s)\n",
            err.msg, go.method == TSC_GE_NEWTON ? "fixed-point" : "newton");
    goto done;
fail:
    cli_fail(&err);
done:
    tsc_ge_outcome_free(&oc);
    tsc_ge_result_free(&res);
    tsc_tariffs_free(&tr);
    tsc_ge_data_free(base);
    tsc_ge_data_free(raw);
    tsc_groups_free(groups);
    tsc_scenario_free(sc);
    tsc_table_free(t);
    free(rl);
    free(goods);
    free(theta);
    free(tbase);
    free(tnew);
    return status;
}
