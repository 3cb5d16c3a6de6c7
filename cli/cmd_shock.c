/* tariffscope shock: the first-order effects of a tariff scenario (prices, consumer prices, revenue, burden). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tariffscope/shock.h"

const char *const cli_shock_files[CLI_SHOCK_NFILES] = {"prices", "consumer_prices", "revenue", "burden"};

void cli_shock_write(FILE *f, int what, const tsc_table *t, const tsc_shock *s, const char *head, const char *pre)
{
    static const char *const headers[CLI_SHOCK_NFILES] = {"region,sector,price_change_pct\n", "region,cpi_change_pct\n",
                                                          "importer,tariff_revenue\n",
                                                          "origin,importer,route,sector,burden\n"};
    size_t G = s->G, N = s->N;
    if (head) {
        fputs(head, f);
        fputs(headers[what], f);
    }
    if (what == CLI_SHOCK_PRICES)
        for (size_t i = 0; i < s->n; i++) {
            fputs(pre, f);
            cli_put_field(f, tsc_table_region(t, i / N));
            putc(',', f);
            cli_put_field(f, tsc_table_sector(t, i % N));
            putc(',', f);
            cli_put_num(f, s->price_change[i]);
            putc('\n', f);
        }
    if (what == CLI_SHOCK_CONSUMER_PRICES || what == CLI_SHOCK_REVENUE)
        for (size_t c = 0; c < G; c++) {
            fputs(pre, f);
            cli_put_field(f, tsc_table_region(t, c));
            putc(',', f);
            cli_put_num(f, what == CLI_SHOCK_REVENUE ? s->revenue[c] : s->cpi_change[c]);
            putc('\n', f);
        }
    if (what == CLI_SHOCK_BURDEN)
        for (size_t o = 0; o < G; o++)
            for (size_t n = 0; n < G; n++)
                for (size_t m = 0; m < G; m++)
                    for (size_t k = 0; k < N; k++) {
                        double b = s->burden[((o * G + n) * G + m) * N + k];
                        if (b == 0) continue;
                        fputs(pre, f);
                        cli_put_field(f, tsc_table_region(t, o));
                        putc(',', f);
                        cli_put_field(f, tsc_table_region(t, n));
                        putc(',', f);
                        cli_put_field(f, tsc_table_region(t, m));
                        putc(',', f);
                        cli_put_field(f, tsc_table_sector(t, k));
                        putc(',', f);
                        cli_put_num(f, b);
                        putc('\n', f);
                    }
}

static int write_outputs(const char *dir, int gzip, const tsc_table *t, const tsc_shock *s, const tsc_schedule *sch,
                         const cli_sources *src, tsc_error *err)
{
    tsc_outset *set = NULL;
    char path[1400], name[64];
    int rc = tsc_outset_new(dir, &set, err);
    if (rc) return rc;
    FILE *f;
    for (int what = 0; what < CLI_SHOCK_NFILES; what++) {
        snprintf(name, sizeof name, "%s.csv%s", cli_shock_files[what], gzip ? ".gz" : "");
        if ((rc = tsc_outset_add(set, name, path, sizeof path, err)) || !(f = cli_open_out_as(path, gzip))) goto io;
        cli_shock_write(f, what, t, s, "", "");
        if (fclose(f)) goto io;
    }
    if ((rc = cli_write_accounts(set, t, s->output_change, gzip, err)) ||
        (rc = cli_sources_write_notes(set, sch, src, err)))
        goto io;
    return tsc_outset_commit(set, err);
io:
    if (!rc) {
        rc = tsc_error_set(err, TSC_EIO, NULL, 0, 0, "cannot write %s", path);
    }
    tsc_outset_abort(set);
    return rc;
}

/* The focus region's summary: tariff burden on its value added, direct and via each third country. */
static void print_focus(const tsc_table *t, const tsc_shock *s, size_t o, double *route)
{
    size_t G = s->G;
    double total = cli_shock_routes(s, o, route);
    const char *unit = tsc_table_unit(t);
    printf("\nTariff burden on %s's value added (%s): %.1f\n", tsc_table_region(t, o), unit, total);
    if (total != 0) {
        printf("  %-12s %14s %8s\n", "route", "burden", "share");
        printf("  %-12s %14.1f %7.1f%%\n", "direct", route[o], 100.0 * route[o] / total);
        for (int shown = 0; shown < 8; shown++) {
            size_t best = G;
            for (size_t m = 0; m < G; m++)
                if (m != o && route[m] != 0 && (best == G || route[m] > route[best])) best = m;
            if (best == G) break;
            printf("  via %-8s %14.1f %7.1f%%\n", tsc_table_region(t, best), route[best], 100.0 * route[best] / total);
            route[best] = 0;
        }
    }
    printf("  consumer prices in %s: %+.3f%%\n", tsc_table_region(t, o), s->cpi_change[o]);
    char junit[128];
    if (tsc_accounts_jobs_at_risk(t, s->output_change, route, junit, sizeof junit))
        printf("  jobs at risk in %s (first-order output change): %+.1f %s\n", tsc_table_region(t, o), route[o], junit);
}

static int run(const cli_args *a)
{
    const char *table = a->pos[0], *scenario = a->pos[1];
    tsc_table *t = cli_load_table(table, a);
    if (!t) return 1;
    tsc_scenario *sc = NULL;
    tsc_groups *groups = NULL;
    tsc_schedule *sch = NULL;
    tsc_leontief *lf = NULL;
    tsc_tariffs tr = {0};
    tsc_shock s = {0};
    cli_sources src;
    tsc_error err;
    int status = 1;
    size_t focus = 0;
    double *route = NULL;
    if (tsc_scenario_load(scenario, &sc, &err) || cli_load_groups(a->groups, &groups, &err)) {
        cli_fail(&err);
        goto done;
    }
    if (a->focus && tsc_table_region_index(t, a->focus, &focus, &err)) {
        cli_fail(&err);
        goto done;
    }
    /* the focus summary's memory is taken before anything is written: it cannot fail after the outputs are */
    if (a->focus && !(route = calloc(tsc_table_nregions(t), sizeof *route))) {
        fprintf(stderr, "tariffscope: out of memory\n");
        goto done;
    }
    if (cli_sources_find(a, t, (const tsc_scenario *const *)&sc, 1, groups, &src)) goto done;
    if (tsc_schedule_new(t, &src.so, &sch, &err) || tsc_schedule_apply(sch, sc, a->date, &tr, NULL, &err) ||
        tsc_leontief_new(t, &lf, &err) || tsc_shock_run(t, lf, &tr, &s, &err) ||
        write_outputs(a->out, a->gzip, t, &s, sch, &src, &err)) {
        cli_fail(&err);
        goto done;
    }
    cli_sources_warn(sch, &src);
    printf("scenario %s on %s: wrote %s/{prices,consumer_prices,revenue,burden}.csv%s and notes.txt\n",
           tsc_scenario_name(sc), table, a->out, a->gzip ? ".gz" : "");
    if (a->verbose) fprintf(stderr, "price solve backward error %.2g\n", s.residual);
    if (a->focus) print_focus(t, &s, focus, route);
    status = 0;
done:
    free(route);
    tsc_shock_free(&s);
    tsc_tariffs_free(&tr);
    tsc_leontief_free(lf);
    tsc_schedule_free(sch);
    tsc_groups_free(groups);
    tsc_scenario_free(sc);
    tsc_table_free(t);
    return status;
}

static const cli_use opts[] = {
    {OPT_OUT, 1, "DIR", "the folder of prices.csv, consumer_prices.csv, revenue.csv and burden.csv", NULL},
    {OPT_FOCUS, 0, NULL, "print the region's tariff burden, direct and via each third country", NULL},
    {OPT_DATE, 0, NULL, NULL, NULL},
    {OPT_GZIP, 0, NULL, NULL, NULL},
};

const cli_command cli_cmd_shock = {
    "shock",
    "first-order tariff effects: cost-push prices, consumer prices, tariff revenue and the burden by route",
    {"TABLE", "SCENARIO"},
    2,
    opts,
    sizeof opts / sizeof *opts,
    CLI_TABLE_OPTS | CLI_SOURCE_OPTS,
    "Full pass-through and fixed input coefficients (docs/MODELS.md section 4); scenario files: docs/SCENARIOS.md.",
    run,
};
