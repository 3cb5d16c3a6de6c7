/* A table's tariff schedule: built once from the table's base schedules and customs lines, then applied to any
 * number of scenarios (the report, shock, solve and the server all go through tsc_schedule_apply). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "scenario_int.h"
#include "schedule_int.h"

void tsc_schedule_opts_init(tsc_schedule_opts *o)
{
    memset(o, 0, sizeof *o);
}

void tsc_schedule_free(tsc_schedule *s)
{
    if (!s) return;
    tsc__sched_lines_free(s->lines);
    tsc__codemap_free(&s->codes);
    tsc__free(s->hs_weights);
    tsc__free(s->base);
    tsc__free(s->notes);
    tsc__free(s);
}

/* Appends a line to the notes; -1 out of memory. */
static int note(tsc_schedule *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int note(tsc_schedule *s, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t have = s->notes ? strlen(s->notes) : 0, add = strlen(line);
    char *p = tsc__realloc(s->notes, have + add + 2);
    if (!p) return -1;
    memcpy(p + have, line, add);
    p[have + add] = '\n';
    p[have + add + 1] = '\0';
    s->notes = p;
    return 0;
}

static double pct(double part, double whole)
{
    return whole > 0 ? 100 * part / whole : 0;
}

/* The customs lines' accounting as sentences. */
static int lines_notes(tsc_schedule *s)
{
    const tsc_schedule_lines *l = &s->lines->info;
    const char *imp = tsc_table_region(s->t, s->lines->importer);
    int bad = note(s,
                   "customs lines: %zu lines of %s's 2024 imports, %.6g USD million; %.4f%% placed in the table's "
                   "cells (%zu partner%s folded into the rest of the world%s)",
                   l->nlines, imp, l->value_in * 1e-6, pct(l->value_placed, l->value_in), l->npartners_rest,
                   l->npartners_rest == 1 ? "" : "s",
                   l->npartners_split ? ", the EU aggregate split among the regions of its members by HS chapter" : "");
    if (!bad && l->value_no_sector > 0)
        bad = note(s, "left out: %.4f%% of %s's imports (%.6g USD million) on HS lines no table sector covers "
                      "(chapters 98 and 99: special provisions)",
                   pct(l->value_no_sector, l->value_in), imp, l->value_no_sector * 1e-6);
    if (!bad && l->value_no_partner > 0)
        bad = note(s, "left out: %.4f%% of %s's imports (%.6g USD million) from partners the table cannot place "
                      "(no region of theirs and no rest of the world)",
                   pct(l->value_no_partner, l->value_in), imp, l->value_no_partner * 1e-6);
    if (!bad && l->value_own > 0)
        bad = note(s, "left out: %.6g USD million of %s's own goods returned (not imports of the model)",
                   l->value_own * 1e-6, imp);
    return bad;
}

int tsc_schedule_new(const tsc_table *t, const tsc_schedule_opts *opts, tsc_schedule **out, tsc_error *err)
{
    tsc_schedule_opts def;
    tsc_schedule_opts_init(&def);
    const tsc_schedule_opts *o = opts ? opts : &def;
    *out = NULL;
    tsc_schedule *s = tsc__calloc(1, sizeof *s);
    if (!s) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    s->t = t;
    s->G = tsc_table_nregions(t);
    s->N = tsc_table_nsectors(t);
    s->groups = o->groups;
    int rc = TSC_OK;
    size_t cells;
    if (tsc__mul_size(s->G * s->G, s->N, &cells)) {
        rc = tsc__error(err, TSC_ETOOBIG, NULL, 0, 0, "a schedule of %zu regions x %zu sectors is too large", s->G, s->N);
        goto fail;
    }
    if (!(s->base = tsc__alloc_doubles(cells, 1))) goto nomem;
    if (o->aggregation && (rc = tsc__codemap_load(o->aggregation, &s->codes, err))) goto fail;
    if ((rc = tsc__sched_lines_new(s, o, err))) goto fail;
    if (!s->lines && o->hs_weights && !(s->hs_weights = tsc__strdup(o->hs_weights))) goto nomem;
    char base_note[512] = "";
    if ((rc = tsc__sched_base_build(s, o->bases, o->nbases, base_note, sizeof base_note, err))) goto fail;
    if (base_note[0] && note(s, "base: %s", base_note)) goto nomem;
    if (s->lines && lines_notes(s)) goto nomem;
    if (!s->lines && note(s, "no customs lines: measures on HS lines reach %s",
                          s->hs_weights ? "the lines of the import weights" : "no cell"))
        goto nomem;
    *out = s;
    return TSC_OK;
nomem:
    rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
fail:
    tsc_schedule_free(s);
    return rc;
}

const double *tsc_schedule_base(const tsc_schedule *s)
{
    return s->base;
}

const tsc_schedule_lines *tsc_schedule_lines_info(const tsc_schedule *s)
{
    static const tsc_schedule_lines none;
    return s->lines ? &s->lines->info : &none;
}

size_t tsc_schedule_line_cells(const tsc_schedule *s, double *value)
{
    if (!s->lines) return TSC_NONE;
    memcpy(value, s->lines->cell_value, s->G * s->N * sizeof *value);
    return s->lines->importer;
}

const char *tsc_schedule_notes(const tsc_schedule *s)
{
    return s->notes ? s->notes : "";
}

/* The importer's cells with customs value: the import-weighted mean of their lines' rates before and after. */
static int apply_lines(const tsc_schedule *s, const tsc_scenario *sc, const char *date, tsc_tariffs *out,
                       char *date_applied, tsc_error *err)
{
    const sched_lines *l = s->lines;
    size_t G = s->G, N = s->N, cells = G * N;
    tsc_effective eff;
    tsc_effective_opts eo = {s->groups, date, TSC_BASE_APPLIED, tsc_table_region(s->t, l->importer), l->hs};
    int rc = tsc_effective_rates(sc, l->im, &eo, &eff, err);
    if (rc) return rc;
    if (date_applied) snprintf(date_applied, 11, "%s", eff.date);
    double *sb = tsc__calloc(2 * cells, sizeof *sb), *sr = sb ? sb + cells : NULL;
    if (!sb) {
        tsc_effective_free(&eff);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t q = 0; q < l->nc; q++) {
        sb[l->ccell[q]] += l->cw[q] * eff.line_base[l->cline[q]];
        sr[l->ccell[q]] += l->cw[q] * eff.line_rate[l->cline[q]];
    }
    for (size_t cell = 0; cell < cells; cell++) {
        double v = l->cell_value[cell];
        if (!(v > 0)) continue;
        size_t i = cell / N, k = cell % N, at = (l->importer * G + i) * N + k;
        out->base[at] = sb[cell] / v;
        out->rate[at] = sr[cell] / v;
    }
    tsc__free(sb);
    tsc_effective_free(&eff);
    return TSC_OK;
}

int tsc_schedule_apply(const tsc_schedule *s, const tsc_scenario *sc, const char *date, tsc_tariffs *out,
                       char *date_applied, tsc_error *err)
{
    tsc_apply_opts ao = {.groups = s->groups, .date = date, .hs_weights = s->hs_weights, .base_rates = s->base, .hs_elsewhere = 1};
    int rc = tsc_scenario_apply(sc, s->t, &ao, out, err);
    if (rc) return rc;
    if (date_applied) {
        snprintf(date_applied, 11, "%s", date ? date : sc->date);
    }
    if (!s->lines) return TSC_OK;
    if ((rc = apply_lines(s, sc, date, out, date_applied, err))) tsc_tariffs_free(out);
    return rc;
}
