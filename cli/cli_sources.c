/* What a table needs to turn a scenario into its tariffs: the command's options over what tsc_sources_find finds (the
 * files the table names, the project's WIOD defaults, the customs lines in the shared data, the scenarios' own base
 * schedules). shock, solve and report all start here, so they apply a scenario the same way. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cli_sources_find(const cli_args *a, const tsc_table *t, const tsc_scenario *const *sc, size_t nsc,
                     const tsc_groups *groups, cli_sources *s)
{
    char data[1100], shared[1100];
    tsc_sources_opts o;
    tsc_sources_opts_init(&o);
    /* the folders themselves: cli_data_path and cli_shared_path of "", without the trailing slash (the paths found
     * read as before in notes.txt) */
    cli_data_path("", data, sizeof data);
    cli_shared_path("", shared, sizeof shared);
    data[strlen(data) - 1] = shared[strlen(shared) - 1] = '\0';
    o.data_dir = data;
    o.shared_dir = shared;
    o.groups = groups;
    o.aggregation = a->concordance;
    o.hs_concordance = a->hs_concordance;
    o.theta = a->theta;
    o.base_csv = a->base_csv;
    o.imports = a->imports;
    o.no_imports = a->no_imports;
    o.countries = a->countries;
    o.members = a->members;
    o.hs2 = a->hs2;
    o.hs_weights = a->hs_weights;
    tsc_error err;
    return tsc_sources_find(t, &o, sc, nsc, s, &err) ? cli_fail(&err) : 0;
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
