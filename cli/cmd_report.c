/* tariffscope report: the focus-country report (trade profile, value-added routes, scenarios side by side) as a
 * terminal summary, CSV files and a self-contained HTML page (docs/REPORT.md). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "tariffscope/report.h"

/* The shipped scenarios the report runs by default, with their labels (paths relative to the scenarios folder). */
static const tsc_report_scenario_spec shipped[] = {
    {"us-2025-04-reciprocal.yaml", "April 2025 reciprocal"},
    {"us-china-geneva.yaml", "Geneva (May 2025)"},
    {"us-2025-08-deals.yaml", "August 2025 deals"},
    {"cjk-fta.yaml", "China-Japan-Korea FTA"},
    {"us-2025-08-deals-cjk.yaml", "Deals + CJK FTA"},
};

typedef struct report_args {
    const char *focus, *dest, *compare, *aggregation, *hs_concordance, *theta, *imports, *countries, *members, *hs2;
    const char *hs_weights, *article, *baseline, *groups;
    int no_imports, quiet;
    size_t nscen;
    char *scen[TSC_REPORT_MAX_SCENARIOS];
} report_args;

static int usage(const char *msg, const char *arg)
{
    fprintf(stderr, "tariffscope: %s%s%s (see tariffscope --help)\n", msg, arg ? " " : "", arg ? arg : "");
    return 2;
}

/* Takes the report's own options out of argv; the rest (TABLE, --out, --concordance, table options) go to rest. */
static int take_args(int argc, char **argv, report_args *a, int *nrest, char **rest)
{
    const struct { const char *flag; const char **slot; } opts[] = {
        {"--focus", &a->focus}, {"--destination", &a->dest}, {"--compare", &a->compare},
        {"--hs-concordance", &a->hs_concordance}, {"--theta", &a->theta}, {"--imports", &a->imports},
        {"--countries", &a->countries}, {"--members", &a->members}, {"--hs2", &a->hs2}, {"--hs-weights", &a->hs_weights},
        {"--article", &a->article}, {"--baseline", &a->baseline}, {"--groups", &a->groups}};
    *nrest = 0;
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        int done = 0;
        for (size_t k = 0; i > 0 && k < sizeof opts / sizeof *opts && !done; k++)
            if (strcmp(s, opts[k].flag) == 0) {
                if (i + 1 >= argc) return usage("option needs a value:", s);
                *opts[k].slot = argv[++i];
                done = 1;
            }
        if (done) continue;
        if (i > 0 && strcmp(s, "--scenario") == 0) {
            if (i + 1 >= argc) return usage("option needs a value:", s);
            if (a->nscen == TSC_REPORT_MAX_SCENARIOS) return usage("too many --scenario options", NULL);
            a->scen[a->nscen++] = argv[++i];
            continue;
        }
        if (i > 0 && strcmp(s, "--no-imports") == 0) { a->no_imports = 1; continue; }
        if (i > 0 && strcmp(s, "--quiet") == 0) { a->quiet = 1; continue; }
        rest[(*nrest)++] = argv[i];
    }
    rest[*nrest] = NULL;
    return 0;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

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

int cmd_report(int argc, char **argv)
{
    report_args a;
    memset(&a, 0, sizeof a);
    char **rest = malloc(((size_t)argc + 1) * sizeof *rest);
    if (!rest) return 1;
    int nrest, rc = take_args(argc, argv, &a, &nrest, rest);
    cli_opts o;
    if (!rc) rc = cli_parse(nrest, rest, "ocl", &o);
    free(rest);
    if (rc) return rc;

    char table[1100], agg[1200], article[1200], hsc[1100], theta[1100], imports[1100], sdir[1100];
    char *specs_path[TSC_REPORT_MAX_SCENARIOS] = {0};
    tsc_report_scenario_spec specs[TSC_REPORT_MAX_SCENARIOS];
    const char *cmp[TSC_REPORT_MAX_COMPARE];
    char cmpbuf[512];
    size_t ncmp = 0;
    if (o.table) snprintf(table, sizeof table, "%s", o.table);
    else {
        cli_data_path("world2024", table, sizeof table);
        if (!exists(table)) {
            cli_data_path("example/table", table, sizeof table);
            fprintf(stderr, "tariffscope: data/world2024 is absent; reporting on the example table %s\n", table);
        }
        o.table = table;
    }
    /* the table's aggregation and the article's sectors, when they sit beside it */
    const char *aggregation = o.concordance;
    if (!aggregation) {
        snprintf(agg, sizeof agg, "%s/derivation/concordance.csv", o.table);
        if (!exists(agg)) snprintf(agg, sizeof agg, "%s/../concordance.csv", o.table);
        if (exists(agg)) aggregation = agg;
    }
    const char *art = a.article;
    if (!art) {
        snprintf(article, sizeof article, "%s/derivation/article_sectors.csv", o.table);
        if (exists(article)) art = article;
    }
    cli_data_path("concordance/hs2017_wiod.csv", hsc, sizeof hsc);
    cli_data_path("concordance/theta_wiod.csv", theta, sizeof theta);
    const char *imp = NULL;
    if (!a.no_imports) {
        if (a.imports) snprintf(imports, sizeof imports, "%s", a.imports);
        else cli_shared_path("data/us-tariffs-2025/hs10-imports-2024", imports, sizeof imports);
        if (exists(imports)) imp = imports;
        else if (a.imports) { fprintf(stderr, "tariffscope: --imports %s does not exist\n", a.imports); return 1; }
        else
            fprintf(stderr, "tariffscope: warning: the 2024 US customs lines (%s) are absent: US tariffs come from the "
                            "scenarios' cell-level measures, and measures on HS lines count only with --hs-weights\n", imports);
    }
    size_t nscen = a.nscen ? a.nscen : sizeof shipped / sizeof *shipped;
    cli_data_path("../scenarios", sdir, sizeof sdir);
    for (size_t s = 0; s < nscen; s++) {
        if (a.nscen) {
            /* FILE or FILE=LABEL */
            char *eq = strchr(a.scen[s], '=');
            specs_path[s] = eq ? strndup(a.scen[s], (size_t)(eq - a.scen[s])) : strdup(a.scen[s]);
            specs[s].label = eq ? eq + 1 : NULL;
        } else {
            size_t len = strlen(sdir) + strlen(shipped[s].path) + 2;
            if ((specs_path[s] = malloc(len))) snprintf(specs_path[s], len, "%s/%s", sdir, shipped[s].path);
            specs[s].label = shipped[s].label;
        }
        if (!specs_path[s]) { fprintf(stderr, "tariffscope: out of memory\n"); rc = 1; goto done; }
        specs[s].path = specs_path[s];
    }
    if (a.compare) {
        snprintf(cmpbuf, sizeof cmpbuf, "%s", a.compare);
        for (char *p = cmpbuf; p && *p && ncmp < TSC_REPORT_MAX_COMPARE;) {
            char *c = strchr(p, ',');
            if (c) *c = '\0';
            if (*p) cmp[ncmp++] = p;
            p = c ? c + 1 : NULL;
        }
    }
    tsc_report_opts ro;
    tsc_report_opts_init(&ro);
    if (a.focus) ro.focus = a.focus;
    if (a.dest) ro.destination = a.dest;
    if (a.baseline && strcmp(a.baseline, "zero-deficit") == 0) ro.baseline = TSC_GE_BASELINE_ZERO_DEFICIT;
    else if (a.baseline && strcmp(a.baseline, "observed") != 0) { rc = usage("--baseline takes zero-deficit or observed, not", a.baseline); goto done; }
    ro.scenarios = specs;
    ro.nscenarios = nscen;
    if (ncmp) { ro.compare = cmp; ro.ncompare = ncmp; }
    ro.aggregation = aggregation;
    ro.hs_concordance = a.hs_concordance ? a.hs_concordance : hsc;
    ro.theta = a.theta ? a.theta : theta;
    ro.imports = imp;
    ro.countries = a.countries;
    ro.members = a.members;
    ro.hs2 = a.hs2;
    ro.hs_weights = a.hs_weights;
    ro.article_sectors = art;
    ro.table_path = o.table;
    progress_state ps = {isatty(2), a.quiet, 0, cli_now()};
    ro.progress = progress;
    ro.progress_ctx = &ps;

    const char *out = o.out ? o.out : "report";
    tsc_error err;
    tsc_error_clear(&err);
    tsc_groups *groups = NULL;
    tsc_table *t = NULL;
    tsc_report *r = NULL;
    o.groups = a.groups;
    rc = 1;
    if (!a.quiet) {
        fprintf(stderr, "report [  0.0 s] table %s%s%s\n", o.table, aggregation ? ", aggregation " : "", aggregation ? aggregation : "");
    }
    if (cli_load_groups(&o, &groups, &err)) { cli_fail(&err); goto done; }
    ro.groups = groups;
    if (!(t = cli_load_table(&o))) goto cleanup;
    if (tsc_report_build(t, &ro, &r, &err) || tsc_report_write(r, out, &err)) {
        if (ps.open) fputc('\n', stderr);
        cli_fail(&err);
        goto cleanup;
    }
    if (!a.quiet) fprintf(stderr, "report [%5.1f s] wrote %s\n", cli_now() - ps.t0, out);
    tsc_report_print(r, stdout);
    printf("\nReport: %s/index.html (open it in any browser; no network needed), with the CSV files behind every table "
           "and chart in %s/. Total %.1f s.\n", out, out, cli_now() - ps.t0);
    rc = 0;
cleanup:
    tsc_report_free(r);
    tsc_table_free(t);
    tsc_groups_free(groups);
done:
    for (size_t s = 0; s < TSC_REPORT_MAX_SCENARIOS; s++) free(specs_path[s]);
    return rc;
}
