/* tariffscope report: the focus-country report (trade profile, value-added routes, scenarios side by side) as a
 * terminal summary, CSV files and a self-contained HTML page (docs/REPORT.md). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tariffscope/report.h"

/* Progress on stderr: a line per stage with the elapsed time; the iterations of a solve in place on a terminal. */
typedef struct progress_state {
    int tty, quiet, open;
    double t0;
} progress_state;

static void progress(void *ctx, const char *stage, size_t iter, double residual)
{
    progress_state *p = ctx;
    if (p->quiet) return;
    if (residual < 0) {
        if (p->open) fputc('\n', stderr);
        p->open = 0;
        fprintf(stderr, "report [%5.1f s] %s\n", cli_now() - p->t0, stage);
        return;
    }
    if (!p->tty) return;
    fprintf(stderr, "\r               iteration %3zu   max|excess|/VA %9.2e", iter, residual);
    p->open = 1;
    fflush(stderr);
}

/* The table and the article's sectors (beside the table); the tariff sources come from cli_sources_find, as for
 * shock and solve. */
typedef struct report_paths {
    char table[1100], article[1200];
    const char *article_sectors; /* NULL when absent */
} report_paths;

/* Fills p; returns 0. */
static int find_paths(const cli_args *a, report_paths *p)
{
    if (a->npos) snprintf(p->table, sizeof p->table, "%s", a->pos[0]);
    else {
        cli_data_path("world2024", p->table, sizeof p->table);
        if (!cli_exists(p->table)) {
            cli_data_path("example/table", p->table, sizeof p->table);
            fprintf(stderr, "tariffscope: data/world2024 is absent; reporting on the example table %s\n", p->table);
        }
    }
    p->article_sectors = a->article;
    if (!p->article_sectors) {
        snprintf(p->article, sizeof p->article, "%s/derivation/article_sectors.csv", p->table);
        if (cli_exists(p->article)) p->article_sectors = p->article;
    }
    return 0;
}

/* The scenarios: --scenario FILE[=LABEL]..., else the shipped ones; paths[] are allocated (freed by the caller). */
static size_t find_scenarios(const cli_args *a, tsc_report_scenario_spec *specs, char **paths)
{
    size_t nshipped;
    const tsc_report_scenario_spec *shipped = tsc_report_default_scenarios(&nshipped);
    size_t nscen = a->scenarios.n ? a->scenarios.n : nshipped;
    char sdir[1100];
    cli_data_path("../scenarios", sdir, sizeof sdir);
    for (size_t s = 0; s < nscen; s++) {
        if (a->scenarios.n) {
            const char *arg = a->scenarios.item[s], *eq = strchr(arg, '=');
            paths[s] = eq ? strndup(arg, (size_t)(eq - arg)) : strdup(arg);
            specs[s].label = eq ? eq + 1 : NULL;
        } else {
            size_t len = strlen(sdir) + strlen(shipped[s].path) + 2;
            if ((paths[s] = malloc(len))) snprintf(paths[s], len, "%s/%s", sdir, shipped[s].path);
            specs[s].label = shipped[s].label;
        }
        if (!paths[s]) return 0;
        specs[s].path = paths[s];
    }
    return nscen;
}

/* Splits --compare's comma-separated codes in place into cmp; returns how many. */
static size_t split_compare(char *buf, const char **cmp)
{
    size_t n = 0;
    for (char *p = buf; p && *p && n < TSC_REPORT_MAX_COMPARE;) {
        char *c = strchr(p, ',');
        if (c) *c = '\0';
        if (*p) cmp[n++] = p;
        p = c ? c + 1 : NULL;
    }
    return n;
}

/* Builds, writes and prints the report; returns 0 or 1. */
static int build(const cli_args *a, const report_paths *p, tsc_report_opts *ro, progress_state *ps)
{
    cli_sources src;
    const char *out = a->out ? a->out : "report";
    tsc_error err;
    tsc_error_clear(&err);
    tsc_groups *groups = NULL;
    tsc_table *t = NULL;
    tsc_report *r = NULL;
    int rc = 1;
    if (cli_load_groups(a->groups, &groups, &err)) {
        cli_fail(&err);
        goto done;
    }
    ro->groups = groups;
    if (!(t = cli_load_table(p->table, a))) goto done;
    /* the table's tariff sources, found as shock and solve find them */
    if (cli_sources_find(a, t, NULL, 0, groups, &src)) goto done;
    ro->aggregation = src.so.aggregation;
    ro->hs_concordance = src.so.hs_concordance;
    ro->theta = src.theta;
    ro->bases = src.bases;
    ro->nbases = src.nbases;
    ro->imports = src.so.imports;
    cli_sources_warn_absent(&src);
    if (!a->quiet)
        fprintf(stderr, "report [  0.0 s] table %s%s%s\n", p->table, ro->aggregation ? ", aggregation " : "",
                ro->aggregation ? ro->aggregation : "");
    if (tsc_report_build(t, ro, &r, &err) || tsc_report_write(r, out, &err)) {
        if (ps->open) fputc('\n', stderr);
        cli_fail(&err);
        goto done;
    }
    if (!a->quiet) fprintf(stderr, "report [%5.1f s] wrote %s\n", cli_now() - ps->t0, out);
    tsc_report_print(r, stdout);
    printf("\nReport: %s/index.html (open it in any browser; no network needed), with the CSV files behind every table "
           "and chart in %s/. Total %.1f s.\n",
           out, out, cli_now() - ps->t0);
    rc = 0;
done:
    tsc_report_free(r);
    tsc_table_free(t);
    tsc_groups_free(groups);
    return rc;
}

static int run(const cli_args *a)
{
    report_paths p;
    char *paths[TSC_REPORT_MAX_SCENARIOS] = {0};
    tsc_report_scenario_spec specs[TSC_REPORT_MAX_SCENARIOS];
    const char *cmp[TSC_REPORT_MAX_COMPARE];
    char cmpbuf[512];
    int rc = 1;
    if (find_paths(a, &p)) return 1;
    size_t nscen = find_scenarios(a, specs, paths);
    if (!nscen) {
        fprintf(stderr, "tariffscope: out of memory\n");
        goto done;
    }
    tsc_report_opts ro;
    tsc_report_opts_init(&ro);
    if (a->focus) ro.focus = a->focus;
    if (a->destination) ro.destination = a->destination;
    ro.baseline = (tsc_ge_baseline)a->baseline;
    if (a->given[OPT_THETA_DRAWS]) ro.theta_draws = a->theta_draws;
    if (a->no_draws) ro.theta_draws = 0;
    ro.theta_seed = (uint64_t)a->seed;
    if (a->given[OPT_THETA_SE]) ro.theta_se_rel = a->theta_se;
    ro.theta_threads = a->threads;
    ro.scenarios = specs;
    ro.nscenarios = nscen;
    snprintf(cmpbuf, sizeof cmpbuf, "%s", a->compare ? a->compare : "");
    if ((ro.ncompare = split_compare(cmpbuf, cmp))) ro.compare = cmp;
    ro.countries = a->countries;
    ro.members = a->members;
    ro.hs2 = a->hs2;
    ro.hs_weights = a->hs_weights;
    ro.article_sectors = p.article_sectors;
    ro.table_path = p.table;
    ro.sources = a->sources;
    progress_state ps = {isatty(2), a->quiet, 0, cli_now()};
    ro.progress = progress;
    ro.progress_ctx = &ps;
    rc = build(a, &p, &ro, &ps);
done:
    for (size_t s = 0; s < TSC_REPORT_MAX_SCENARIOS; s++) free(paths[s]);
    return rc;
}

static const cli_use opts[] = {
    {OPT_OUT, 0, "DIR", "the folder of index.html and the CSVs behind it", "report"},
    {OPT_FOCUS, 0, NULL, "the region the report is about", "JPN"},
    {OPT_DESTINATION, 0, NULL, "the region whose final demand the value-added routes end in", "USA"},
    {OPT_SCENARIO, 0, NULL, NULL, NULL},
    {OPT_COMPARE, 0, NULL, NULL, "JPN USA CHN MEX THA VNM KOR EU, those the table has"},
    {OPT_BASELINE, 0, NULL, NULL, "observed"},
    {OPT_THETA_DRAWS, 0, NULL, "draws of the elasticities per scenario for the GE figures' 90% bands", "200"},
    {OPT_NO_DRAWS, 0, NULL, NULL, NULL},
    {OPT_SEED, 0, NULL, NULL, NULL},
    {OPT_THETA_SE, 0, NULL, NULL, NULL},
    {OPT_THREADS, 0, NULL, NULL, NULL},
    {OPT_ARTICLE, 0, NULL, NULL, NULL},
    {OPT_SOURCES, 0, NULL, NULL, NULL},
    {OPT_THETA, 0, NULL, NULL, NULL},
    {OPT_QUIET, 0, NULL, NULL, NULL},
};

const cli_command cli_cmd_report = {
    "report",
    "the focus-country report: trade profile, value-added routes, 2025 tariff scenarios side by side",
    {"TABLE"},
    0,
    opts,
    sizeof opts / sizeof *opts,
    CLI_TABLE_OPTS | CLI_SOURCE_OPTS,
    "TABLE defaults to the embedded world table (data/world2024). A terminal summary, the CSVs behind every figure "
    "and a self-contained index.html with SVG charts (docs/REPORT.md).",
    run,
};
