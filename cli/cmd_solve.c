/* tariffscope solve: a tariff scenario in the Caliendo-Parro general-equilibrium model (welfare, prices, flows). */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tariffscope/ge.h"
#include "tariffscope/run.h"

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
static json_t *json_stage(const char *name, const tsc_ge_stage *st, json_error_t *je)
{
    return json_pack_ex(je, 0, "{s:s, s:I, s:I, s:I, s:I, s:f, s:f}", "stage", name, "iterations",
                        (json_int_t)st->iterations, "jacobians", (json_int_t)st->jacobians, "price_sweeps",
                        (json_int_t)st->price_sweeps, "expenditure_sweeps", (json_int_t)st->expenditure_sweeps,
                        "residual", st->residual, "seconds", st->seconds);
}

typedef struct run_info {
    const char *scenario, *table, *method, *baseline;
    double tol, seconds;
    tsc_ge_stage stages[3]; /* (a), (b) (zero-deficit only), scenario */
    int zero_deficit;
    const tsc_schedule *sch; /* a table's schedule (notes.txt), NULL on the CP data */
    const cli_sources *src;
    const tsc_ge_draws_result *draws; /* --theta-draws (uncertainty.csv), else NULL */
    const tsc_table *t;               /* the table (accounts.csv when it has extensions), NULL on the CP data */
    int gzip;                         /* --gzip: the CSVs as NAME.csv.gz */
} run_info;

/* The output change of the solution in the table's units, dx_i = x_i (output_new_i / output_base_i - 1), when the
 * model's regions and sectors are the table's; returns 1 then (dx filled), else 0. */
static int table_output_change(const tsc_table *t, const tsc_ge_data *d, const tsc_ge_outcome *oc, double *dx)
{
    size_t G = tsc_ge_data_nregions(d), N = tsc_ge_data_nsectors(d);
    if (!t || G != tsc_table_nregions(t) || N != tsc_table_nsectors(t)) return 0;
    for (size_t g = 0; g < G; g++)
        if (strcmp(tsc_ge_data_region(d, g), tsc_table_region(t, g)) != 0) return 0;
    for (size_t j = 0; j < N; j++)
        if (strcmp(tsc_ge_data_sector(d, j), tsc_table_sector(t, j)) != 0) return 0;
    const double *x = tsc_table_x(t);
    for (size_t i = 0; i < G * N; i++)
        dx[i] = oc->output_base[i] > 0 ? x[i] * (oc->output_new[i] / oc->output_base[i] - 1.0) : 0.0;
    return 1;
}

/* accounts.csv when the table has extensions (and the model is on the table's regions and sectors). */
static int write_accounts(tsc_outset *set, const run_info *ri, const tsc_ge_data *d, const tsc_ge_outcome *oc,
                          tsc_error *err)
{
    if (!ri->t || tsc_table_nextensions(ri->t) == 0) return TSC_OK;
    double *dx = malloc(tsc_table_n(ri->t) * sizeof *dx);
    if (!dx) return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = TSC_OK;
    if (table_output_change(ri->t, d, oc, dx)) rc = cli_write_accounts(set, ri->t, dx, ri->gzip, err);
    else fprintf(stderr, "tariffscope: note: the model's regions or sectors are not the table's: no accounts.csv\n");
    free(dx);
    return rc;
}

/* uncertainty.csv: for every region and measure of regions.csv (and exports), the point value and the 5th, 50th
 * and 95th percentiles and mean over the draws of the elasticities. */
static int write_uncertainty(tsc_outset *set, const tsc_ge_data *d, const tsc_ge_draws_result *dr, int gzip,
                             tsc_error *err)
{
    char path[1400];
    int rc = tsc_outset_add(set, gzip ? "uncertainty.csv.gz" : "uncertainty.csv", path, sizeof path, err);
    if (rc) return rc;
    FILE *f = cli_open_out_as(path, gzip);
    if (!f) return tsc_error_set(err, TSC_EIO, path, 0, 0, "cannot write");
    fputs("region,measure,point,p05,p50,p95,mean,draws,failed\n", f);
    size_t M = dr->M;
    for (size_t n = 0; n < dr->G; n++)
        for (size_t m = 0; m < M; m++) {
            size_t at = n * M + m;
            cli_put_field(f, tsc_ge_data_region(d, n));
            putc(',', f);
            cli_put_field(f, tsc_ge_measure_name(m));
            const double v[5] = {dr->point[at], dr->p05[at], dr->p50[at], dr->p95[at], dr->mean[at]};
            for (size_t k = 0; k < 5; k++) {
                putc(',', f);
                cli_put_num(f, v[k]);
            }
            fprintf(f, ",%zu,%zu\n", dr->K, dr->failed);
        }
    if (fclose(f)) return tsc_error_set(err, TSC_EIO, path, 0, 0, "cannot write");
    return TSC_OK;
}

/* solve.json: the run's settings and convergence, stage by stage. Names come from YAML and paths, so jansson checks
 * they are UTF-8 and escapes them. */
static int write_json(FILE *f, size_t G, size_t N, const tsc_ge_result *r, const run_info *ri, tsc_error *err)
{
    json_error_t je = {0}, jr = {0};
    json_t *stages = json_array();
    int fail = !stages || json_array_append_new(stages, json_stage("baseline (a): observed deficits, no tariff change",
                                                                   &ri->stages[0], &je));
    if (ri->zero_deficit)
        fail |= json_array_append_new(stages,
                                      json_stage("baseline (b): zero deficits, no tariff change", &ri->stages[1], &je));
    fail |= json_array_append_new(stages, json_stage("scenario", &ri->stages[2], &je));
    json_t *root = json_pack_ex(&jr, 0, "{s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:f, s:I, s:f, s:f, s:s, s:O}", "model",
                                "Caliendo-Parro 2015", "scenario", ri->scenario, "table", ri->table, "regions",
                                (json_int_t)G, "sectors", (json_int_t)N, "method", ri->method, "baseline", ri->baseline,
                                "tolerance", ri->tol, "iterations", (json_int_t)ri->stages[2].iterations, "residual",
                                r->residual, "seconds", ri->seconds, "residual_definition",
                                "max over regions of |excess demand Z_n| / value added w_n L_n", "stages", stages);
    if (!root || fail) {
        json_decref(stages);
        json_decref(root);
        /* jansson says which: a name that is not UTF-8 or a number that is not finite, or no memory (a failed
         * append of an array is memory too) */
        int bad =
            json_error_code(&je) == json_error_invalid_utf8 || json_error_code(&je) == json_error_numeric_overflow ||
            json_error_code(&jr) == json_error_invalid_utf8 || json_error_code(&jr) == json_error_numeric_overflow;
        if (!bad) return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory building solve.json");
        return tsc_error_set(err, TSC_EINVAL, NULL, 0, 0,
                             "cannot build solve.json (names must be UTF-8 text and "
                             "numbers finite)");
    }
    fail = json_dumpf(root, f, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) != 0 || putc('\n', f) == EOF;
    json_decref(stages);
    json_decref(root);
    if (!fail) return TSC_OK;
    /* json_dumpf fails on a write, or on an allocation of its own */
    if (!ferror(f)) return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory writing solve.json");
    return tsc_error_set(err, TSC_EIO, NULL, 0, 0, "cannot write solve.json");
}

const char *const cli_solve_files[CLI_SOLVE_NFILES] = {"regions", "region_sectors", "bilateral"};

int cli_solve_write(FILE *f, int what, const tsc_ge_data *d, const double *tariff_new, const tsc_ge_result *r,
                    const tsc_ge_outcome *oc, const char *head, const char *pre, tsc_error *err)
{
    static const char *const headers[CLI_SOLVE_NFILES] = {
        NULL, /* regions.csv: "region" and cli_solve_columns, the columns the server's answers carry too */
        "region,sector,c_hat,P_hat,gross_output_change_pct,gross_output_base,gross_output_new\n",
        "importer,exporter,sector,flow_base,flow_new,tariff_base_pct,tariff_new_pct\n"};
    size_t G = tsc_ge_data_nregions(d), N = tsc_ge_data_nsectors(d);
    if (head) {
        fputs(head, f);
        if (what == CLI_SOLVE_REGIONS) {
            fputs("region", f);
            for (size_t k = 0; k < CLI_SOLVE_NCOLS; k++) fprintf(f, ",%s", cli_solve_columns[k]);
            putc('\n', f);
        } else {
            fputs(headers[what], f);
        }
    }
    if (what == CLI_SOLVE_REGIONS) {
        /* exports: the measure the report and the draws use (tsc_ge_measures), beside the outcome's */
        double *meas = malloc(G * TSC_GE_NMEASURES * sizeof *meas);
        if (!meas) return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        int rc = tsc_ge_measures(d, tariff_new, r, meas, err);
        for (size_t n = 0; n < G && !rc; n++) {
            fputs(pre, f);
            cli_put_field(f, tsc_ge_data_region(d, n));
            double v[CLI_SOLVE_NCOLS];
            cli_solve_row(oc, r, meas, n, v);
            put_nums(f, v, CLI_SOLVE_NCOLS);
        }
        free(meas);
        return rc;
    }
    if (what == CLI_SOLVE_REGION_SECTORS)
        for (size_t n = 0; n < G; n++)
            for (size_t j = 0; j < N; j++) {
                size_t k = n * N + j;
                double y0 = oc->output_base[k], y1 = oc->output_new[k];
                fputs(pre, f);
                put_pair(f, tsc_ge_data_region(d, n), tsc_ge_data_sector(d, j));
                double v[5] = {r->c_hat[k], r->P_hat[k], y0 > 0 ? 100 * (y1 / y0 - 1) : 0, y0, y1};
                put_nums(f, v, 5);
            }
    if (what == CLI_SOLVE_BILATERAL) {
        const double *F0 = tsc_ge_data_flows(d), *t0 = tsc_ge_data_tariffs(d);
        for (size_t n = 0; n < G; n++)
            for (size_t i = 0; i < G; i++)
                for (size_t j = 0; j < N; j++) {
                    size_t c = (n * G + i) * N + j;
                    if (F0[c] == 0 && r->flows[c] == 0) continue;
                    fputs(pre, f);
                    put_pair(f, tsc_ge_data_region(d, n), tsc_ge_data_region(d, i));
                    putc(',', f);
                    cli_put_field(f, tsc_ge_data_sector(d, j));
                    double v[4] = {F0[c], r->flows[c], 100 * t0[c], 100 * tariff_new[c]};
                    put_nums(f, v, 4);
                }
    }
    return TSC_OK;
}

static int write_outputs(const char *dir, const tsc_ge_data *d, const double *tariff_new, const tsc_ge_result *r,
                         const tsc_ge_outcome *oc, const run_info *ri, tsc_error *err)
{
    tsc_outset *set = NULL;
    char path[1400], name[64];
    size_t G = tsc_ge_data_nregions(d), N = tsc_ge_data_nsectors(d);
    int rc = tsc_outset_new(dir, &set, err);
    if (rc) return rc;
    FILE *f;
    for (int what = 0; what < CLI_SOLVE_NFILES; what++) {
        snprintf(name, sizeof name, "%s.csv%s", cli_solve_files[what], ri->gzip ? ".gz" : "");
        if ((rc = tsc_outset_add(set, name, path, sizeof path, err)) || !(f = cli_open_out_as(path, ri->gzip))) goto io;
        if ((rc = cli_solve_write(f, what, d, tariff_new, r, oc, "", "", err))) {
            fclose(f);
            goto io;
        }
        if (fclose(f)) goto io;
    }
    if ((rc = tsc_outset_add(set, "solve.json", path, sizeof path, err)) || !(f = cli_open_out(path))) goto io;
    if (write_json(f, G, N, r, ri, err)) {
        fclose(f);
        rc = err->code;
        goto io;
    }
    if (fclose(f)) goto io;
    if (ri->sch && (rc = cli_sources_write_notes(set, ri->sch, ri->src, err))) goto io;
    if (ri->draws && (rc = write_uncertainty(set, d, ri->draws, ri->gzip, err))) goto io;
    if ((rc = write_accounts(set, ri, d, oc, err))) goto io;
    return tsc_outset_commit(set, err);
io:
    if (!rc) {
        rc = tsc_error_set(err, TSC_EIO, NULL, 0, 0, "cannot write %s", path);
    }
    tsc_outset_abort(set);
    return rc;
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

/* The model's input: the Caliendo-Parro data folder or a table the project reads. Labels come from whichever it is,
 * so the rest of the command asks this struct, not the two sources. */
typedef struct solve_input {
    tsc_table *t;      /* the table, or NULL for the CP data */
    tsc_schedule *sch; /* the table's tariff schedule (tsc_schedule), NULL on the CP data */
    cli_sources src;   /* what the schedule and the elasticities were read from */
    tsc_ge_data *raw;  /* the CP data as loaded, or the model data derived from the table */
    size_t G, N;
    tsc_labels lab;               /* codes and goods flags of whichever source it is (tsc_ge_labels) */
    double *theta, *tbase, *tnew; /* N elasticities; G x G x N base and new rates (fractions) */
    double *se;                   /* N standard errors of the elasticities (NAN: none published) */
} solve_input;

static void input_free(solve_input *in)
{
    tsc_schedule_free(in->sch);
    tsc_ge_data_free(in->raw);
    tsc_table_free(in->t);
    free(in->theta);
    free(in->se);
    free(in->tbase);
    free(in->tnew);
}

/* Loads the table or the CP data at path and takes its labels; returns 0, or 1 after printing an error. */
static int input_load(const char *path, const cli_args *a, solve_input *in)
{
    tsc_error err;
    if (tsc_ge_is_cp_folder(path)) {
        if (tsc_ge_data_load_cp(path, &in->raw, NULL, &err)) return cli_fail(&err);
    } else if (!(in->t = cli_load_table(path, a))) {
        return 1;
    }
    if (tsc_ge_labels(in->raw, in->t, &in->lab, &err)) return cli_fail(&err);
    size_t G = in->G = in->lab.G, N = in->N = in->lab.N;
    in->theta = malloc(N * sizeof *in->theta);
    in->se = malloc(N * sizeof *in->se);
    in->tbase = malloc(G * G * N * sizeof *in->tbase);
    in->tnew = malloc(G * G * N * sizeof *in->tnew);
    if (!in->theta || !in->se || !in->tbase || !in->tnew) {
        fprintf(stderr, "tariffscope: out of memory\n");
        return 1;
    }
    for (size_t j = 0; j < N; j++) in->se[j] = NAN;
    return 0;
}

/* The trade elasticities: --theta, else CP's own (CP data: nothing to read) or the table's (its meta.json, else CP's
 * estimates by WIOD sector), through the table's aggregation. */
static int input_theta(solve_input *in, const cli_args *a, tsc_error *err)
{
    if (!a->theta && !in->t) return TSC_OK;
    const char *path = in->t ? in->src.theta : a->theta;
    return cli_ge_theta(path, in->t ? in->src.so.aggregation : NULL, a->theta != NULL, in->N, in->lab.sectors,
                        in->theta, in->se, err);
}

/* The scenario's base and new rates (tr, percent) on the input's regions and sectors: a table's through its tariff
 * schedule (as shock and report), the CP data's from the data's own 1993 rates unless the scenario or --base names a
 * base schedule. */
static int input_apply(solve_input *in, const tsc_scenario *sc, const cli_args *a, const tsc_groups *groups,
                       tsc_tariffs *tr, tsc_error *err)
{
    if (in->t) {
        int rc = tsc_schedule_new(in->t, &in->src.so, &in->sch, err);
        if (!rc) rc = tsc_schedule_apply(in->sch, sc, a->date, tr, NULL, err);
        if (!rc) cli_sources_warn(in->sch, &in->src);
        return rc;
    }
    tsc_apply_opts ao = {.groups = groups, .date = a->date, .base_csv = a->base_csv, .hs_weights = a->hs_weights};
    double *own = NULL;
    size_t G = in->G, N = in->N;
    if (!a->base_csv && !tsc_scenario_base(sc)) {
        const double *t = tsc_ge_data_tariffs(in->raw);
        if (!(own = malloc(G * G * N * sizeof *own)))
            return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        for (size_t c = 0; c < G * G * N; c++) own[c] = c / N / G == c / N % G ? 0 : 100 * t[c];
        ao.base_rates = own;
    }
    int rc = tsc_scenario_apply_labels(sc, &in->lab, &ao, tr, err);
    free(own);
    return rc;
}

/* Progress of the draws on a terminal, on a line of its own. */
static void draws_progress(void *ctx, size_t done, size_t total, size_t failed)
{
    progress_state *p = ctx;
    if (!p->tty) return;
    progress_end(p);
    fprintf(stderr, "\r  elasticity draws %zu of %zu (%zu failed)", done, total, failed);
    if (done == total) fputc('\n', stderr);
    fflush(stderr);
}

/* The 90% bands of the focus region (else of the first five regions) on stdout. */
static void print_bands(const tsc_ge_data *d, const tsc_ge_draws_result *dr, const char *focus)
{
    printf("elasticity draws: %zu (%zu failed) in %.2f s on %zu threads; 90%% bands (p05 .. p95):\n", dr->K, dr->failed,
           dr->seconds, dr->threads);
    for (size_t n = 0; n < dr->G; n++) {
        if (focus ? strcmp(tsc_ge_data_region(d, n), focus) != 0 : n >= 5) continue;
        printf("  %-10s", tsc_ge_data_region(d, n));
        static const tsc_ge_measure shown[] = {TSC_GE_WELFARE_CP, TSC_GE_REAL_WAGE, TSC_GE_REAL_INCOME, TSC_GE_EXPORTS};
        for (size_t k = 0; k < sizeof shown / sizeof *shown; k++) {
            size_t at = n * dr->M + shown[k];
            printf(" %s %+.3f [%+.3f, %+.3f]", tsc_ge_measure_name(shown[k]), dr->point[at], dr->p05[at], dr->p95[at]);
        }
        putchar('\n');
    }
}

/* The run of the scenario (tsc_ge_run) on the input's model data: the table's, or the CP data with --theta's
 * elasticities; with --theta-draws the draws, whose failures are counted (a warning, and the column failed of
 * uncertainty.csv), not fatal. */
static int run_model(const cli_args *a, const solve_input *in, progress_state *ps, tsc_ge_run_result *rr,
                     tsc_error *err)
{
    tsc_ge_run_input gi = {.table = in->t,
                           .data = in->t ? NULL : in->raw,
                           .tariff_base = in->tbase,
                           .tariff_new = in->tnew,
                           .theta = in->t || a->theta ? in->theta : NULL,
                           .se = in->se};
    tsc_ge_run_opts o;
    cli_ge_run_opts(a, a->theta_draws, &o);
    o.progress = progress;
    o.progress_ctx = ps;
    if (a->theta_draws) {
        o.draws.progress = draws_progress;
        o.draws.progress_ctx = ps;
    }
    int rc = tsc_ge_run(&gi, &o, rr, err);
    progress_end(ps);
    cli_ge_warn_clipped(rr->nclipped);
    if (!rc && rr->draws.failed)
        fprintf(stderr,
                "tariffscope: warning: %zu of %zu draws of theta did not converge; the statistics use the other %zu "
                "(they are left out of the percentiles)\n",
                rr->draws.failed, rr->draws.K, rr->draws.converged);
    return rc;
}

/* Runs the model on the input, writes the outputs and prints the summary; returns 0 or 1. */
static int solve_scenario(const cli_args *a, const solve_input *in, const char *name, const tsc_ge_opts *go)
{
    tsc_ge_baseline bl = (tsc_ge_baseline)a->baseline;
    run_info ri = {.scenario = name,
                   .table = a->pos[0],
                   .method = cli_enum_name(OPT_GE_METHOD, go->method),
                   .baseline = cli_enum_name(OPT_BASELINE, bl),
                   .tol = go->tol,
                   .zero_deficit = bl == TSC_GE_BASELINE_ZERO_DEFICIT,
                   .sch = in->sch,
                   .src = &in->src,
                   .t = in->t,
                   .gzip = a->gzip};
    progress_state ps = {isatty(2), ""};
    tsc_ge_run_result rr = {0};
    tsc_error err;
    int status = 1;
    int rc = run_model(a, in, &ps, &rr, &err);
    if (rc == TSC_GE_WNOCONV) {
        fprintf(stderr,
                "tariffscope: %s; no results were written (raise --max-iter, loosen --solver-tolerance, or "
                "try --method %s)\n",
                err.msg, go->method == TSC_GE_NEWTON ? "fixed-point" : "newton");
        goto done;
    }
    memcpy(ri.stages, rr.stages, sizeof ri.stages);
    ri.seconds = rr.seconds;
    ri.draws = a->theta_draws ? &rr.draws : NULL;
    if (rc || write_outputs(a->out, rr.base, in->tnew, &rr.result, &rr.outcome, &ri, &err)) {
        cli_fail(&err);
        goto done;
    }
    printf("scenario %s on %s (%zu regions x %zu sectors, %s baseline, %s): wrote %s/{regions,region_sectors,"
           "bilateral}.csv%s and solve.json\n",
           name, ri.table, in->G, in->N, ri.baseline, ri.method, a->out, a->gzip ? ".gz" : "");
    printf("solved in %.3f s: %zu iterations, max|excess|/VA %.2g (baseline %zu + %zu iterations)\n", ri.seconds,
           rr.result.iterations, rr.result.residual, ri.stages[0].iterations, ri.stages[1].iterations);
    print_summary(rr.base, &rr.outcome, &rr.result, a->focus);
    if (a->theta_draws) print_bands(rr.base, &rr.draws, a->focus);
    status = 0;
done:
    tsc_ge_run_result_free(&rr);
    return status;
}

static int run(const cli_args *a)
{
    tsc_ge_opts go;
    cli_ge_opts(a, &go);
    tsc_error err;
    tsc_error_clear(&err);
    solve_input in = {0};
    tsc_scenario *sc = NULL;
    tsc_groups *groups = NULL;
    tsc_tariffs tr = {0};
    int status = 1;
    double t0 = cli_now();
    if (tsc_scenario_load(a->pos[1], &sc, &err) || cli_load_groups(a->groups, &groups, &err)) goto fail;
    if (input_load(a->pos[0], a, &in)) goto done;
    if (in.t && cli_sources_find(a, in.t, (const tsc_scenario *const *)&sc, 1, groups, &in.src)) goto done;
    if (input_theta(&in, a, &err) || input_apply(&in, sc, a, groups, &tr, &err)) goto fail;
    for (size_t c = 0; c < in.G * in.G * in.N; c++) {
        in.tbase[c] = tr.base[c] / 100;
        in.tnew[c] = tr.rate[c] / 100;
    }
    status = solve_scenario(a, &in, tsc_scenario_name(sc), &go);
    if (!status && a->verbose) fprintf(stderr, "total %.3f s\n", cli_now() - t0);
    goto done;
fail:
    cli_fail(&err);
done:
    tsc_tariffs_free(&tr);
    input_free(&in);
    tsc_groups_free(groups);
    tsc_scenario_free(sc);
    return status;
}

static const cli_use opts[] = {
    {OPT_OUT, 1, "DIR", "the folder of regions.csv, region_sectors.csv, bilateral.csv and solve.json", NULL},
    {OPT_BASELINE, 0, NULL, NULL, "zero-deficit"},
    {OPT_GE_METHOD, 0, NULL, NULL, NULL},
    {OPT_THETA, 0, NULL, NULL, NULL},
    {OPT_SOLVER_TOL, 0, NULL, "convergence: max over regions of |excess demand| / value added", "1e-12"},
    {OPT_MAX_ITER, 0, NULL, "outer iterations before giving up (an error, with no output)",
     "100 (newton), 20000 (fixed-point)"},
    {OPT_FOCUS, 0, NULL, "the region the summary shows (default: the five largest welfare changes)", NULL},
    {OPT_THETA_DRAWS, 0, NULL, NULL, NULL},
    {OPT_SEED, 0, NULL, NULL, NULL},
    {OPT_THETA_SE, 0, NULL, NULL, NULL},
    {OPT_THREADS, 0, NULL, NULL, NULL},
    {OPT_DATE, 0, NULL, NULL, NULL},
    {OPT_GZIP, 0, NULL, NULL, NULL},
};

const cli_command cli_cmd_solve = {
    "solve",
    "general equilibrium: the Caliendo-Parro (2015) model in changes (welfare, real wages, prices, flows)",
    {"TABLE", "SCENARIO"},
    2,
    opts,
    sizeof opts / sizeof *opts,
    CLI_TABLE_OPTS | CLI_SOURCE_OPTS,
    "TABLE is any table the project reads or the Caliendo-Parro data folder (detected). Progress goes to stderr on a "
    "terminal; no convergence within --max-iter is an error (exit 1) and writes nothing (docs/GE.md).",
    run,
};
