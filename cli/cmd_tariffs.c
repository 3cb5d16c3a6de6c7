/* tariffscope tariffs: import weights by HS line and table sector (aggregate), and the effective US tariff rate
 * of a scenario by partner, computed line by line (effective). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "tariffscope/tariffs.h"

#define MAX_REGIONS 512

static void imports_path(const cli_args *a, char *buf, size_t size)
{
    if (a->imports) snprintf(buf, size, "%s", a->imports);
    else cli_shared_path("data/us-tariffs-2025/hs10-imports-2024", buf, size);
}

/* The folder of the import files (for the defaults that sit beside them). */
static void imports_dir(const char *imports, char *buf, size_t size)
{
    struct stat st;
    if (stat(imports, &st) == 0 && !S_ISDIR(st.st_mode)) {
        const char *slash = strrchr(imports, '/');
        if (slash) snprintf(buf, size, "%.*s", (int)(slash - imports), imports);
        else snprintf(buf, size, ".");
    } else snprintf(buf, size, "%s", imports);
}

static int load_imports(const cli_args *a, const char *path, tsc_imports **im)
{
    tsc_error err;
    tsc_imports_opts io = {a->countries};
    double t0 = cli_now();
    if (tsc_imports_load(path, &io, im, &err)) return cli_fail(&err);
    if (a->verbose) {
        size_t n;
        tsc_imports_lines(*im, &n);
        fprintf(stderr, "read %zu lines of %zu partners from %s in %.2f s\n", n, tsc_imports_npartners(*im), path,
                cli_now() - t0);
    }
    return 0;
}

static int load_concord(const cli_args *a, tsc_hs_concord **c)
{
    char path[1200];
    tsc_error err;
    if (a->hs_concordance) snprintf(path, sizeof path, "%s", a->hs_concordance);
    else cli_data_path("concordance/hs2017_wiod.csv", path, sizeof path);
    return tsc_hs_concord_load(path, c, &err) ? cli_fail(&err) : 0;
}

/* Region codes from --regions: a table (any format tariffscope reads) or a comma-separated list. */
static int load_regions(const cli_args *a, const char *arg, char ***codes, size_t *n, char *agg, size_t aggsize)
{
    struct stat st;
    *codes = calloc(MAX_REGIONS, sizeof **codes);
    *n = 0;
    if (!*codes) {
        fprintf(stderr, "tariffscope: out of memory\n");
        return 1;
    }
    if (stat(arg, &st) == 0) {
        tsc_load_opts lo;
        tsc_load_opts_init(&lo);
        lo.rebalance = 1; /* only the labels matter; WIOD 2013 needs it to load */
        tsc_table *t = NULL;
        tsc_error err;
        if (tsc_table_load(arg, &lo, &t, &err) < 0) return cli_fail(&err);
        for (size_t r = 0; r < tsc_table_nregions(t) && *n < MAX_REGIONS; r++)
            (*codes)[(*n)++] = strdup(tsc_table_region(t, r));
        const char *const *p;
        /* the table's own aggregation places the partners it lacks, unless --concordance names another */
        if (tsc_table_files(t, "aggregation", &p)) snprintf(agg, aggsize, "%s", p[0]);
        tsc_table_free(t);
    } else {
        for (const char *p = arg; *p && *n < MAX_REGIONS;) {
            size_t len = strcspn(p, ",");
            if (len) (*codes)[(*n)++] = strndup(p, len);
            p += len + (p[len] == ',');
        }
    }
    for (size_t r = 0; r < *n; r++)
        if (!(*codes)[r]) {
            fprintf(stderr, "tariffscope: out of memory\n");
            return 1;
        }
    if (*n == 0) return cli_usage(a->cmd, "--regions '%s' is neither a table nor a list of codes", arg);
    return 0;
}

static int write_weights(const tsc_hs_weights *w, const char *path)
{
    char tmp[1200];
    FILE *f = cli_open_tmp(path, tmp, sizeof tmp);
    if (!f) return 1;
    fputs("importer,exporter,hs,sector,value\n", f);
    for (size_t r = 0; r < w->n; r++) {
        const tsc_hs_weight *x = &w->row[r];
        cli_put_field(f, w->importer);
        putc(',', f);
        cli_put_field(f, w->exporter[x->exporter]);
        fprintf(f, ",%s,", x->hs);
        cli_put_field(f, w->sector[x->sector]);
        putc(',', f);
        cli_put_num(f, x->value);
        putc('\n', f);
    }
    return cli_close_tmp(f, tmp, path);
}

static int write_rates(const tsc_hs_weights *w, const double *rate, const double *value, const char *path)
{
    char tmp[1200];
    FILE *f = cli_open_tmp(path, tmp, sizeof tmp);
    if (!f) return 1;
    fputs("importer,exporter,sector,rate_pct\n", f);
    for (size_t e = 0; e < w->nexporters; e++)
        for (size_t s = 0; s < w->nsectors; s++) {
            size_t c = e * w->nsectors + s;
            if (!(value[c] > 0)) continue;
            cli_put_field(f, w->importer);
            putc(',', f);
            cli_put_field(f, w->exporter[e]);
            putc(',', f);
            cli_put_field(f, w->sector[s]);
            fprintf(f, ",%.4f\n", rate[c]);
        }
    return cli_close_tmp(f, tmp, path);
}

static int run_aggregate(const cli_args *a)
{
    if (!a->out && !a->rates_out)
        return cli_usage(a->cmd, "tariffs aggregate needs --out WEIGHTS.csv (and/or --rates-out FILE.csv)");
    if (a->rates && !a->rates_out) return cli_usage(a->cmd, "--rates needs --rates-out FILE.csv");
    char path[1200], dir[1200];
    size_t digits = a->digits;
    imports_path(a, path, sizeof path);
    imports_dir(path, dir, sizeof dir);
    tsc_imports *im = NULL;
    tsc_hs_concord *cc = NULL;
    tsc_hs_weights w = {0};
    char **regions = NULL;
    size_t nregions = 0;
    double *rate = NULL, *value = NULL;
    int status = 1;
    tsc_error err;
    char agg[1100] = "";
    if (load_imports(a, path, &im) || load_concord(a, &cc) ||
        (a->regions && load_regions(a, a->regions, &regions, &nregions, agg, sizeof agg)))
        goto done;
    tsc_hs_weights_opts wo = {.importer = a->importer,
                              .digits = digits,
                              .regions = (const char *const *)regions,
                              .nregions = nregions,
                              .rest = a->rest,
                              .members_csv = a->members,
                              .hs2_dir = a->hs2,
                              .imports_dir = dir,
                              .aggregation = agg[0] ? agg : NULL};
    if (tsc_hs_weights_build(im, cc, &wo, &w, &err)) {
        cli_fail(&err);
        goto done;
    }
    if (a->out && write_weights(&w, a->out)) goto done;
    printf("%zu rows (%zu exporters x HS%zu x %zu sectors) of US imports %.1f bn USD%s%s\n", w.n, w.nexporters, digits,
           w.nsectors, w.value_mapped / 1e9, a->out ? " -> " : "", a->out ? a->out : "");
    printf("left out: %zu lines without a sector (HS 98-99 US special provisions), %.1f bn USD of %.1f bn\n",
           w.unmapped_lines, w.value_unmapped / 1e9, w.value_in / 1e9);
    if (a->rates_out) {
        size_t cells = w.nexporters * w.nsectors, missing = 0;
        rate = calloc(cells ? cells : 1, sizeof *rate);
        value = calloc(cells ? cells : 1, sizeof *value);
        if (!rate || !value) {
            fprintf(stderr, "tariffscope: out of memory\n");
            goto done;
        }
        const char *src = a->rates && strcmp(a->rates, "applied") != 0 ? a->rates : NULL;
        if (tsc_hs_weights_rates(&w, src, rate, value, &missing, &err)) {
            cli_fail(&err);
            goto done;
        }
        if (write_rates(&w, rate, value, a->rates_out)) goto done;
        printf("import-weighted %s rates by exporter and sector -> %s", src ? src : "applied (duty / value)",
               a->rates_out);
        if (missing) printf(" (%zu rows without a rate left out)", missing);
        putchar('\n');
    }
    status = 0;
done:
    free(rate);
    free(value);
    for (size_t r = 0; r < nregions; r++) free(regions[r]);
    free(regions);
    tsc_hs_weights_free(&w);
    tsc_hs_concord_free(cc);
    tsc_imports_free(im);
    return status;
}

static int write_effective(const tsc_imports *im, const tsc_effective *e, const char *path)
{
    char tmp[1200];
    FILE *f = cli_open_tmp(path, tmp, sizeof tmp);
    if (!f) return 1;
    fputs("partner,effective_rate_pct,base_rate_pct,imports_usd\n", f);
    for (size_t p = 0; p < e->np; p++) {
        cli_put_field(f, tsc_imports_partner(im, p));
        fprintf(f, ",%.4f,%.4f,%.0f\n", e->rate_pct[p], e->base_pct[p], e->value[p]);
    }
    return cli_close_tmp(f, tmp, path);
}

static int write_lines(const tsc_imports *im, const tsc_effective *e, const char *path)
{
    char tmp[1200];
    size_t nl;
    const tsc_import_line *l = tsc_imports_lines(im, &nl);
    FILE *f = cli_open_tmp(path, tmp, sizeof tmp);
    if (!f) return 1;
    fputs("partner,hs,value,base_pct,rate_pct\n", f);
    for (size_t i = 0; i < nl; i++) {
        cli_put_field(f, tsc_imports_partner(im, l[i].partner));
        fprintf(f, ",%s,%.0f,", l[i].hs, l[i].value);
        cli_put_num(f, e->line_base[i]);
        putc(',', f);
        cli_put_num(f, e->line_rate[i]);
        putc('\n', f);
    }
    return cli_close_tmp(f, tmp, path);
}

static int run_effective(const cli_args *a)
{
    tsc_effective_opts eo = {.date = a->date, .importer = a->importer, .base = (tsc_line_base)a->tariff_base};
    char path[1200];
    imports_path(a, path, sizeof path);
    tsc_scenario *sc = NULL;
    tsc_groups *groups = NULL;
    tsc_imports *im = NULL;
    tsc_hs_concord *cc = NULL;
    tsc_effective e = {0};
    size_t *order = NULL;
    tsc_error err;
    int status = 1;
    if (tsc_scenario_load(a->pos[0], &sc, &err) || cli_load_groups(a->groups, &groups, &err)) {
        cli_fail(&err);
        goto done;
    }
    if (load_imports(a, path, &im) || load_concord(a, &cc)) goto done;
    eo.groups = groups;
    eo.concord = cc;
    if (tsc_effective_rates(sc, im, &eo, &e, &err)) {
        cli_fail(&err);
        goto done;
    }
    if (a->out && write_effective(im, &e, a->out)) goto done;
    if (a->lines && write_lines(im, &e, a->lines)) goto done;
    /* the table, largest partners first */
    if (!(order = malloc((e.np ? e.np : 1) * sizeof *order))) {
        fprintf(stderr, "tariffscope: out of memory\n");
        goto done;
    }
    for (size_t p = 0; p < e.np; p++) order[p] = p;
    for (size_t i = 1; i < e.np; i++)
        for (size_t b = i; b > 0 && e.value[order[b]] > e.value[order[b - 1]]; b--) {
            size_t t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    double tv = 0, tb = 0, tr = 0;
    printf("scenario %s%s%s, %s base: %s import-weighted tariff rates by partner\n", tsc_scenario_name(sc),
           e.date[0] ? " on " : " (every measure)", e.date, eo.base == TSC_BASE_ZERO ? "zero" : "2024 applied",
           a->importer ? a->importer : "US");
    printf("  %-8s %12s %9s %11s %9s\n", "partner", "imports bn", "base %", "effective %", "change");
    for (size_t k = 0; k < e.np; k++) {
        size_t p = order[k];
        printf("  %-8s %12.1f %9.2f %11.2f %+9.2f\n", tsc_imports_partner(im, p), e.value[p] / 1e9, e.base_pct[p],
               e.rate_pct[p], e.rate_pct[p] - e.base_pct[p]);
        tv += e.value[p];
        tb += e.value[p] * e.base_pct[p];
        tr += e.value[p] * e.rate_pct[p];
    }
    if (tv > 0) printf("  %-8s %12.1f %9.2f %11.2f %+9.2f\n", "all", tv / 1e9, tb / tv, tr / tv, (tr - tb) / tv);
    if (a->out) printf("wrote %s\n", a->out);
    status = 0;
done:
    free(order);
    tsc_effective_free(&e);
    tsc_hs_concord_free(cc);
    tsc_imports_free(im);
    tsc_groups_free(groups);
    tsc_scenario_free(sc);
    return status;
}

static const cli_use aggregate_opts[] = {
    {OPT_OUT, 0, "WEIGHTS.csv",
     "the import weights importer,exporter,hs,sector,value (the --hs-weights file of "
     "shock); required unless --rates-out is given",
     NULL},
    {OPT_REGIONS, 0, NULL, NULL, NULL},
    {OPT_REST, 0, NULL, NULL, NULL},
    {OPT_DIGITS, 0, NULL, NULL, NULL},
    {OPT_RATES, 0, NULL, NULL, NULL},
    {OPT_RATES_OUT, 0, NULL, NULL, NULL},
    {OPT_IMPORTER, 0, NULL, NULL, NULL},
    {OPT_IMPORTS, 0, NULL, NULL, NULL},
    {OPT_HS_CONCORDANCE, 0, NULL, NULL, NULL},
    {OPT_COUNTRIES, 0, NULL, NULL, NULL},
    {OPT_MEMBERS, 0, NULL, NULL, NULL},
    {OPT_HS2, 0, NULL, NULL, NULL},
};

const cli_command cli_cmd_tariffs_aggregate = {
    "tariffs aggregate",
    "import weights by HS line and table sector from the 2024 US customs lines",
    {NULL},
    0,
    aggregate_opts,
    sizeof aggregate_opts / sizeof *aggregate_opts,
    0,
    "Lines of HS 98-99 have no sector and are left out (and counted). DIR is the folder of the import files.",
    run_aggregate,
};

static const cli_use effective_opts[] = {
    {OPT_DATE, 0, NULL, NULL, NULL},
    {OPT_TARIFF_BASE, 0, NULL, NULL, NULL},
    {OPT_OUT, 0, "FILE.csv", "also write partner,effective_rate_pct,base_rate_pct,imports_usd", NULL},
    {OPT_LINES, 0, NULL, NULL, NULL},
    {OPT_IMPORTER, 0, NULL, "measures whose importer does not reach it are skipped", NULL},
    {OPT_GROUPS, 0, NULL, NULL, NULL},
    {OPT_IMPORTS, 0, NULL, NULL, NULL},
    {OPT_HS_CONCORDANCE, 0, NULL, NULL, NULL},
    {OPT_COUNTRIES, 0, NULL, NULL, NULL},
};

const cli_command cli_cmd_tariffs_effective = {
    "tariffs effective",
    "a scenario's effective US tariff rate by partner, line by line over the 2024 customs lines",
    {"SCENARIO"},
    1,
    effective_opts,
    sizeof effective_opts / sizeof *effective_opts,
    0,
    "Prints, largest partner first, the import value, the import-weighted base rate, the effective rate and the "
    "change (docs/CLI.md). DIR is the folder of the import files.",
    run_effective,
};
