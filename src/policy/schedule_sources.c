/* A table's tariff sources found without options (tsc_sources_find): the files its meta.json names, else the
 * project's WIOD defaults, the customs lines of the shared data and the scenarios' own base schedules. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "error_int.h"
#include "tariffscope/schedule.h"

void tsc_sources_opts_init(tsc_sources_opts *o)
{
    memset(o, 0, sizeof *o);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* dir/rel into buf, or "" without dir. */
static const char *join(const char *dir, const char *rel, char *buf, size_t size)
{
    if (!dir) buf[0] = '\0';
    else snprintf(buf, size, "%s/%s", dir, rel);
    return buf;
}

/* The table's file for key, else the default in the data folder (NULL: none). */
static const char *table_or_default(const tsc_table *t, const char *key, const char *data_dir, const char *rel,
                                    char *buf, size_t size)
{
    const char *const *p;
    if (tsc_table_files(t, key, &p) > 0) return p[0];
    return data_dir && exists(join(data_dir, rel, buf, size)) ? buf : NULL;
}

/* 1 if a and b name the same file (by their real paths), else 0. */
static int same_file(const char *a, const char *b)
{
    struct stat x, y;
    if (strcmp(a, b) == 0) return 1;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

static void add_base(tsc_sources *s, const char *path)
{
    for (size_t k = 0; k < s->nbases; k++)
        if (same_file(s->bases[k], path)) return;
    if (s->nbases < TSC_SOURCES_MAX_BASES) s->bases[s->nbases++] = path;
}

int tsc_sources_find(const tsc_table *t, const tsc_sources_opts *o, const tsc_scenario *const *sc, size_t nsc,
                     tsc_sources *s, tsc_error *err)
{
    tsc_sources_opts none;
    if (!o) {
        tsc_sources_opts_init(&none);
        o = &none;
    }
    memset(s, 0, sizeof *s);
    tsc_schedule_opts_init(&s->so);
    s->so.groups = o->groups;
    const char *const *p;
    s->so.aggregation = o->aggregation ? o->aggregation : tsc_table_files(t, "aggregation", &p) ? p[0] : NULL;
    s->so.hs_concordance = o->hs_concordance ? o->hs_concordance
                                             : table_or_default(t, "hs_concordance", o->data_dir,
                                                                "concordance/hs2017_wiod.csv", s->hsc, sizeof s->hsc);
    s->theta =
        o->theta ? o->theta
                 : table_or_default(t, "theta", o->data_dir, "concordance/theta_wiod.csv", s->thetab, sizeof s->thetab);
    /* base schedules: base_csv alone, else the table's (or the project's for the WIOD codes) and the scenarios' */
    if (o->base_csv) {
        add_base(s, o->base_csv);
    } else {
        size_t n = tsc_table_files(t, "bases", &p);
        for (size_t k = 0; k < n; k++) add_base(s, p[k]);
        if (n == 0 && o->data_dir) {
            join(o->data_dir, "tariffs/us_2024_applied.csv", s->defb[0], sizeof s->defb[0]);
            join(o->data_dir, "tariffs/cjk_2005_applied.csv", s->defb[1], sizeof s->defb[1]);
            for (size_t k = 0; k < 2; k++)
                if (exists(s->defb[k])) add_base(s, s->defb[k]);
        }
        for (size_t k = 0; k < nsc; k++)
            if (tsc_scenario_base(sc[k])) add_base(s, tsc_scenario_base(sc[k]));
    }
    s->so.bases = s->bases;
    s->so.nbases = s->nbases;
    /* customs lines: imports, else the shared data's 2024 US lines when they are there; they are US imports, so a
     * table without the US has no use for them */
    size_t usa;
    int has_us = tsc_table_region_index(t, "USA", &usa, NULL) == TSC_OK;
    if (!o->no_imports && has_us) {
        if (o->imports) snprintf(s->imports, sizeof s->imports, "%s", o->imports);
        else join(o->shared_dir, "data/us-tariffs-2025/hs10-imports-2024", s->imports, sizeof s->imports);
        if (s->imports[0] && exists(s->imports)) {
            s->so.imports = s->imports;
        } else if (o->imports) {
            return tsc__error(err, TSC_EIO, o->imports, 0, 0, "the customs lines folder does not exist");
        } else {
            s->lines_absent = 1;
        }
    }
    s->so.countries = o->countries;
    s->so.members = o->members;
    s->so.hs2 = o->hs2;
    s->so.hs_weights = o->hs_weights;
    return TSC_OK;
}
