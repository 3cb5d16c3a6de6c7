/* A table's tariff schedule: built once from the table's base schedules and customs lines, then applied to any
 * number of scenarios (the report, shock, solve and the server all go through tsc_schedule_apply). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "scenario_int.h"
#include "schedule_int.h"
#include "table_int.h"
#include "tariffs_int.h"

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
        bad = note(s,
                   "left out: %.4f%% of %s's imports (%.6g USD million) on HS lines no table sector covers "
                   "(chapters 98 and 99: special provisions)",
                   pct(l->value_no_sector, l->value_in), imp, l->value_no_sector * 1e-6);
    if (!bad && l->value_no_partner > 0)
        bad = note(s,
                   "left out: %.4f%% of %s's imports (%.6g USD million) from partners the table cannot place "
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
        rc = tsc__error(err, TSC_ETOOBIG, NULL, 0, 0, "a schedule of %zu regions x %zu sectors is too large", s->G,
                        s->N);
        goto fail;
    }
    if (!(s->base = tsc__alloc_doubles(cells, 1))) goto nomem;
    if (o->aggregation && (rc = tsc__codemap_load(o->aggregation, &s->codes, err))) goto fail;
    if ((rc = tsc__sched_lines_new(s, o, err))) goto fail;
    if (!s->lines && o->hs_weights && !(s->hs_weights = tsc__strdup(o->hs_weights))) goto nomem;
    if ((rc = tsc__sched_base_build(s, o->bases, o->nbases, s->base_note, sizeof s->base_note, err))) goto fail;
    if (s->base_note[0] && note(s, "base: %s", s->base_note)) goto nomem;
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

const char *tsc_schedule_base_note(const tsc_schedule *s)
{
    return s->base_note;
}

const char *tsc_schedule_notes(const tsc_schedule *s)
{
    return s->notes ? s->notes : "";
}

/* The importer's cells with customs value: the import-weighted mean of their lines' rates before and after, the
 * lines in the table's sectors. With stats (one per measure), what each measure reached among the lines, placed by
 * pl (NULL: no statistics). */
static int apply_lines(const tsc_schedule *s, const tsc_scenario *sc, const char *date, tsc_tariffs *out,
                       char *date_applied, tsc_measure_stats *stats, const line_table *pl, tsc_error *err)
{
    const sched_lines *l = s->lines;
    size_t G = s->G, N = s->N, cells = G * N;
    tsc_effective eff;
    tsc_effective_opts eo = {s->groups,
                             date,
                             TSC_BASE_APPLIED,
                             tsc_table_region(s->t, l->importer),
                             l->hs,
                             stats,
                             (const char *const *)l->partner_region};
    line_table lt = {0};
    if (pl) lt = *pl;
    lt.nsectors = N;
    lt.sectors = (const char *const *)s->t->sectors;
    lt.line_sector = l->lsector;
    int rc = tsc__effective_rates_table(sc, l->im, &eo, &lt, &eff, err);
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

/* The rates of sc on the schedule: every cell from the base, then the customs importer's cells from their lines.
 * With statistics (tsc_schedule_check; NULL otherwise): cst per measure over the cells weighted by cw, lst over the
 * lines placed by pl. */
static int schedule_rates(const tsc_schedule *s, const tsc_scenario *sc, const char *date, tsc_tariffs *out,
                          char *date_applied, tsc_measure_stats *cst, const double *cw, tsc_measure_stats *lst,
                          const line_table *pl, tsc_error *err)
{
    tsc_apply_opts ao = {.groups = s->groups,
                         .date = date,
                         .hs_weights = s->hs_weights,
                         .base_rates = s->base,
                         .hs_elsewhere = 1,
                         .stats = cst,
                         .cell_weights = cw};
    int rc = tsc_scenario_apply(sc, s->t, &ao, out, err);
    if (rc) return rc;
    if (date_applied) {
        snprintf(date_applied, 11, "%s", date ? date : sc->date);
    }
    if (!s->lines) return TSC_OK;
    if ((rc = apply_lines(s, sc, date, out, date_applied, lst, pl, err))) tsc_tariffs_free(out);
    return rc;
}

int tsc_schedule_apply(const tsc_schedule *s, const tsc_scenario *sc, const char *date, tsc_tariffs *out,
                       char *date_applied, tsc_error *err)
{
    return schedule_rates(s, sc, date, out, date_applied, NULL, NULL, NULL, NULL, err);
}

/* Each cell's weight in the statistics: the importer's imports of it in the table, M = Z row (i, k) summed over
 * the importer's columns + its final demand (the imports tsc_shock_run levies the tariff on); zero for the customs
 * importer's cells that have lines, which the lines count instead. */
static void cell_weights(const tsc_schedule *s, double *cw)
{
    const tsc_table *t = s->t;
    size_t G = s->G, N = s->N, n = G * N, F = tsc_table_nfd(t);
    const double *Z = tsc_table_Z(t), *Y = tsc_table_Y(t);
    for (size_t imp = 0; imp < G; imp++)
        for (size_t row = 0; row < n; row++) {
            double m = 0;
            for (size_t j = imp * N; j < (imp + 1) * N; j++) m += Z[row + j * n];
            for (size_t f = 0; f < F; f++) m += Y[row + (imp * F + f) * n];
            cw[imp * n + row] = m; /* (imp * G + exporter) * N + sector, with row = exporter * N + sector */
        }
    const sched_lines *l = s->lines;
    for (size_t c = 0; l && c < n; c++)
        if (l->cell_value[c] > 0) cw[l->importer * n + c] = 0;
}

/* The scenario as a whole: every cell of weight cw (importer != exporter), and the customs importer's cells with
 * lines weighted by their placed value (nlines: the lines placed). */
static void whole(const tsc_schedule *s, const tsc_tariffs *tr, const double *cw, size_t nlines, tsc_measure_report *t)
{
    size_t G = s->G, N = s->N;
    memset(t, 0, sizeof *t);
    t->in_force = 1;
    for (size_t c = 0; c < G * G * N; c++) {
        if (c / N / G == c / N % G || !(cw[c] > 0)) continue;
        t->cells.cells++;
        t->cells.value += cw[c];
        t->cells.before += cw[c] * tr->base[c];
        t->cells.after += cw[c] * tr->rate[c];
    }
    const sched_lines *l = s->lines;
    for (size_t c = 0; l && c < G * N; c++) {
        double v = l->cell_value[c];
        if (!(v > 0)) continue;
        size_t at = l->importer * G * N + c;
        t->lines.cells++;
        t->lines.value += v;
        t->lines.before += v * tr->base[at];
        t->lines.after += v * tr->rate[at];
    }
    t->lines.lines = nlines;
}

int tsc_schedule_check(const tsc_schedule *s, const tsc_scenario *sc, const char *date, tsc_measure_report *out,
                       tsc_measure_report *total, char *date_applied, tsc_error *err)
{
    size_t nm = tsc_scenario_nmeasures(sc), nl = 0, cells = s->G * s->G * s->N;
    const sched_lines *l = s->lines;
    tsc_tariffs tr = {0};
    int32_t day;
    int all;
    int rc = tsc__scenario_day(sc, date, &day, &all, err);
    if (rc) return rc;
    if (l) tsc_imports_lines(l->im, &nl);
    double *cw = tsc__alloc_doubles(cells, 1);
    tsc_measure_stats *st = tsc__calloc(2 * (nm ? nm : 1), sizeof *st);
    size_t *first = l ? tsc__calloc(nl + 1, sizeof *first) : NULL;
    if (!cw || !st || (l && !first)) {
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    cell_weights(s, cw);
    /* the places of the lines: cline is in line order (tsc__sched_lines_new places line after line) */
    for (size_t q = 0; l && q < l->nc; q++) first[l->cline[q] + 1]++;
    for (size_t i = 0; l && i < nl; i++) first[i + 1] += first[i];
    line_table pl = {.ncells = s->G * s->N, .first = first, .cell = l ? l->ccell : NULL, .weight = l ? l->cw : NULL};
    if ((rc = schedule_rates(s, sc, date, &tr, date_applied, st, cw, st + nm, l ? &pl : NULL, err))) goto done;
    for (size_t m = 0; m < nm; m++) {
        out[m].in_force = all || tsc__measure_in_force(&sc->m[m], day);
        out[m].cells = st[m];
        out[m].lines = st[nm + m];
    }
    if (total) {
        size_t placed = 0;
        for (size_t i = 0; l && i < nl; i++) placed += first[i + 1] > first[i];
        whole(s, &tr, cw, placed, total);
    }
done:
    tsc_tariffs_free(&tr);
    tsc__free(cw);
    tsc__free(st);
    tsc__free(first);
    return rc;
}
