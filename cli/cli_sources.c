/* What a table needs to turn a scenario into its tariffs, found without options: the files the table names in its
 * meta.json ("tariffs"), else the project's WIOD defaults, the customs lines in the shared data, and the scenarios'
 * own base schedules. shock, solve and report all start here, so they apply a scenario the same way. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* The table's file for key, else the default in the data folder (NULL: none). */
static const char *table_or_default(const tsc_table *t, const char *key, const char *data_rel, char *buf, size_t size)
{
    const char *const *p;
    if (tsc_table_files(t, key, &p) > 0) return p[0];
    if (!data_rel) return NULL;
    cli_data_path(data_rel, buf, size);
    return cli_exists(buf) ? buf : NULL;
}

/* 1 if a and b name the same file (by their real paths), else 0. */
static int same_file(const char *a, const char *b)
{
    struct stat x, y;
    if (strcmp(a, b) == 0) return 1;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

static void add_base(cli_sources *s, const char *path)
{
    for (size_t k = 0; k < s->nbases; k++)
        if (same_file(s->bases[k], path)) return;
    if (s->nbases < CLI_MAX_BASES) s->bases[s->nbases++] = path;
}

int cli_sources_find(const cli_args *a, const tsc_table *t, const tsc_scenario *const *sc, size_t nsc,
                     const tsc_groups *groups, cli_sources *s)
{
    memset(s, 0, sizeof *s);
    tsc_schedule_opts_init(&s->so);
    s->so.groups = groups;
    const char *const *p;
    s->so.aggregation = a->concordance ? a->concordance : tsc_table_files(t, "aggregation", &p) ? p[0] : NULL;
    s->so.hs_concordance =
        a->hs_concordance ? a->hs_concordance
                          : table_or_default(t, "hs_concordance", "concordance/hs2017_wiod.csv", s->hsc, sizeof s->hsc);
    s->theta =
        a->theta ? a->theta : table_or_default(t, "theta", "concordance/theta_wiod.csv", s->thetab, sizeof s->thetab);
    /* base schedules: --base alone, else the table's (or the project's for the WIOD codes) and the scenarios' */
    if (a->base_csv) {
        add_base(s, a->base_csv);
    } else {
        size_t n = tsc_table_files(t, "bases", &p);
        for (size_t k = 0; k < n; k++) add_base(s, p[k]);
        if (n == 0) {
            cli_data_path("tariffs/us_2024_applied.csv", s->defb[0], sizeof s->defb[0]);
            cli_data_path("tariffs/cjk_2005_applied.csv", s->defb[1], sizeof s->defb[1]);
            for (size_t k = 0; k < 2; k++)
                if (cli_exists(s->defb[k])) add_base(s, s->defb[k]);
        }
        for (size_t k = 0; k < nsc; k++)
            if (tsc_scenario_base(sc[k])) add_base(s, tsc_scenario_base(sc[k]));
    }
    s->so.bases = s->bases;
    s->so.nbases = s->nbases;
    /* customs lines: --imports, else the shared data's 2024 US lines when they are there */
    size_t usa;
    tsc_error probe;
    /* the lines are US imports: a table without the US has no use for them */
    int has_us = tsc_table_region_index(t, "USA", &usa, &probe) == TSC_OK;
    if (!a->no_imports && has_us) {
        if (a->imports) snprintf(s->imports, sizeof s->imports, "%s", a->imports);
        else cli_shared_path("data/us-tariffs-2025/hs10-imports-2024", s->imports, sizeof s->imports);
        if (cli_exists(s->imports)) {
            s->so.imports = s->imports;
        } else if (a->imports) {
            fprintf(stderr, "tariffscope: --imports %s does not exist\n", a->imports);
            return 1;
        } else {
            s->lines_absent = 1;
        }
    }
    s->so.countries = a->countries;
    s->so.members = a->members;
    s->so.hs2 = a->hs2;
    s->so.hs_weights = a->hs_weights;
    return 0;
}

/* Share (percent) of the importer's imports the schedule could not place. */
static double unplaced_pct(const tsc_schedule_lines *l)
{
    return l->value_in > 0 ? 100 * (l->value_no_sector + l->value_no_partner) / l->value_in : 0;
}

void cli_sources_warn(const tsc_schedule *sch, const cli_sources *s)
{
    const tsc_schedule_lines *l = tsc_schedule_lines_info(sch);
    double pct = unplaced_pct(l);
    if (l->nlines && pct > CLI_UNPLACED_WARN_PCT)
        fprintf(stderr,
                "tariffscope: warning: %.2f%% of the US imports in the customs lines have no place in the "
                "table (no sector or no region); notes.txt says which\n",
                pct);
    cli_sources_warn_absent(s);
}

void cli_sources_warn_absent(const cli_sources *s)
{
    if (s->lines_absent && !s->so.hs_weights)
        fprintf(stderr,
                "tariffscope: warning: the 2024 US customs lines (%s) are absent: US measures on HS lines "
                "reach no cell; give --imports DIR or --hs-weights CSV (or --no-imports to say so)\n",
                s->imports);
}

int cli_sources_write_notes(tsc_outset *set, const tsc_schedule *sch, const cli_sources *s, tsc_error *err)
{
    char path[1400];
    int rc = tsc_outset_add(set, "notes.txt", path, sizeof path, err);
    if (rc) return rc;
    FILE *f = cli_open_out(path);
    if (!f) return tsc_error_set(err, TSC_EIO, path, 0, 0, "cannot write");
    fprintf(f, "How the scenario reached the table's cells (tsc_schedule, docs/SCENARIOS.md)\n");
    fprintf(f, "aggregation: %s\nhs concordance: %s\ncustoms lines: %s\n",
            s->so.aggregation ? s->so.aggregation : "none", s->so.hs_concordance ? s->so.hs_concordance : "none",
            s->so.imports ? s->so.imports : "none");
    for (size_t k = 0; k < s->nbases; k++) fprintf(f, "base schedule %zu: %s\n", k + 1, s->bases[k]);
    fputs(tsc_schedule_notes(sch), f);
    if (fclose(f)) return tsc_error_set(err, TSC_EIO, path, 0, 0, "cannot write");
    return TSC_OK;
}
