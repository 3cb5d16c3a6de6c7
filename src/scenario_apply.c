/* Applies a scenario's measures to a table's importer x exporter x sector cells, from a base schedule. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "groups_int.h"
#include "scenario_int.h"
#include "table_int.h"

void tsc_tariffs_free(tsc_tariffs *t)
{
    if (!t) return;
    tsc__free(t->base);
    tsc__free(t->rate);
    t->base = t->rate = NULL;
}

static int label_index(const tsc_labels *t, const char *code, size_t *index)
{
    for (size_t r = 0; r < t->G; r++)
        if (strcmp(t->regions[r], code) == 0) { *index = r; return 0; }
    return -1;
}

/* Marks the regions a selection names: table codes, group members the table has, or all. */
static int resolve_regions(const tsc_labels *t, const tsc_groups *g, const code_sel *s, const char *file,
                           unsigned char *mark, tsc_error *err)
{
    size_t G = t->G;
    memset(mark, s->kind == SEL_ALL, G);
    if (s->kind == SEL_ALL) return TSC_OK;
    for (size_t c = 0; c < s->ncodes; c++) {
        const char *code = s->codes[c];
        size_t r;
        if (label_index(t, code, &r) == 0) { mark[r] = 1; continue; }
        size_t found = 0;
        for (size_t i = 0; g && i < g->n; i++)
            if (strcmp(g->group[i], code) == 0 && label_index(t, g->member[i], &r) == 0) {
                mark[r] = 1;
                found++;
            }
        if (found) continue;
        if (tsc__groups_has(g, code))
            return tsc__error(err, TSC_ELABEL, file, s->line, s->col, "group '%s' has no region in this table", code);
        char known[200] = "";
        for (size_t k = 0, u = 0; k < G && u + 12 < sizeof known; k++)
            u += (size_t)snprintf(known + u, sizeof known - u, "%s%s", k ? " " : "", t->regions[k]);
        return tsc__error(err, TSC_ELABEL, file, s->line, s->col,
                          "unknown region code '%s' (known: %s%s), and no group of that name", code, known,
                          strlen(known) + 13 >= sizeof known ? " ..." : "");
    }
    return TSC_OK;
}

static int resolve_sectors(const tsc_labels *t, const code_sel *s, const char *file, unsigned char *mark, tsc_error *err)
{
    size_t N = t->N;
    for (size_t k = 0; k < N; k++)
        mark[k] = s->kind == SEL_ALL || s->kind == SEL_HS || (s->kind == SEL_GOODS && (!t->goods || t->goods[k]));
    if (s->kind != SEL_LIST) return TSC_OK;
    for (size_t c = 0; c < s->ncodes; c++) {
        size_t k = 0;
        while (k < N && strcmp(t->sectors[k], s->codes[c]) != 0) k++;
        if (k == N)
            return tsc__error(err, TSC_ELABEL, file, s->line, s->col,
                              "unknown sector '%s' (the table's sectors are %s ... %s; or use goods, all, {hs: [...]})",
                              s->codes[c], t->sectors[0], t->sectors[N - 1]);
        mark[k] = 1;
    }
    return TSC_OK;
}

/* The base schedule: CSV importer,exporter,sector,rate_pct, each code as in a measure (region, group or all;
 * sector, goods or all). Later rows override earlier ones. */
static int read_base(const char *path, const tsc_labels *t, const tsc_groups *g, double *base, tsc_error *err)
{
    size_t G = t->G, N = t->N;
    tsc_csv *c = NULL;
    unsigned char *mi = tsc__malloc(2 * G + N), *me = mi + G, *mk = me + G;
    int rc = mi ? tsc__csv_open(path, &c, err) : tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    if (rc) { tsc__free(mi); return rc; }
    rc = tsc__csv_next(c, err);
    if (rc == 0) rc = tsc__error(err, TSC_EPARSE, path, 0, 0, "file is empty");
    if (rc < 0) goto done;
    static const char *const head[4] = {"importer", "exporter", "sector", "rate_pct"};
    for (size_t f = 0; f < 4; f++)
        if (tsc__csv_nfields(c) != 4 || strcmp(tsc__csv_field(c, f), head[f]) != 0) {
            rc = tsc__csv_error_at(c, f, err, TSC_EPARSE, "header must be importer,exporter,sector,rate_pct");
            goto done;
        }
    while ((rc = tsc__csv_next(c, err)) == 1) {
        if (tsc__csv_nfields(c) != 4) {
            rc = tsc__csv_error_at(c, tsc__csv_nfields(c) < 4 ? tsc__csv_nfields(c) : 4, err, TSC_EPARSE,
                                   "ragged row: %zu fields where 4 are expected", tsc__csv_nfields(c));
            goto done;
        }
        double v;
        if ((rc = tsc__csv_number(c, 3, &v, err))) goto done;
        if (!(v > -100 && v <= 1000)) { rc = tsc__csv_error_at(c, 3, err, TSC_EINVAL, "rate %g%% is outside (-100, 1000]", v); goto done; }
        code_sel sel[3];
        char *one[3];
        for (size_t f = 0; f < 3; f++) {
            one[f] = (char *)tsc__csv_field(c, f);
            const char *code = one[f];
            sel[f].kind = strcmp(code, "all") == 0 ? SEL_ALL : (f == 2 && strcmp(code, "goods") == 0) ? SEL_GOODS : SEL_LIST;
            sel[f].codes = &one[f];
            sel[f].ncodes = 1;
            sel[f].line = tsc__csv_line(c);
            sel[f].col = tsc__csv_col(c, f);
        }
        if ((rc = resolve_regions(t, g, &sel[0], path, mi, err)) || (rc = resolve_regions(t, g, &sel[1], path, me, err)) ||
            (rc = resolve_sectors(t, &sel[2], path, mk, err)))
            goto done;
        for (size_t n = 0; n < G; n++)
            for (size_t i = 0; i < G; i++)
                for (size_t k = 0; k < N && mi[n] && me[i] && n != i; k++)
                    if (mk[k]) base[(n * G + i) * N + k] = v;
    }
done:
    tsc__csv_close(c);
    tsc__free(mi);
    return rc < 0 ? rc : TSC_OK;
}

/* Import-weighted shares of the HS codes of a measure in each (importer, exporter, sector) cell, from a weights
 * CSV importer,exporter,hs,sector,value: share = value of the listed HS lines (prefix match) / value of all lines. */
static int hs_shares(const char *path, const tsc_labels *t, const measure *m, const code_sel *sel, double *share,
                     tsc_error *err)
{
    size_t G = t->G, N = t->N, cells = G * G * N;
    if (!path)
        return tsc__error(err, TSC_EINVAL, m->file, m->sectors.line, m->sectors.col,
                          "an HS measure needs import weights by HS line (tsc_apply_opts.hs_weights, --hs-weights)");
    double *tot = tsc__alloc_doubles(cells, 1);
    tsc_csv *c = NULL;
    int rc = tot ? tsc__csv_open(path, &c, err) : tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    if (rc) { tsc__free(tot); return rc; }
    memset(share, 0, cells * sizeof *share);
    rc = tsc__csv_next(c, err); /* header importer,exporter,hs,sector,value */
    if (rc == 1 && tsc__csv_nfields(c) != 5) rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "header must be importer,exporter,hs,sector,value");
    while (rc == 1 && (rc = tsc__csv_next(c, err)) == 1) {
        if (tsc__csv_nfields(c) != 5) { rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "expected 5 fields"); break; }
        size_t n, i, k = 0;
        if (label_index(t, tsc__csv_field(c, 0), &n) || label_index(t, tsc__csv_field(c, 1), &i))
            continue; /* partners the table does not have */
        while (k < N && strcmp(t->sectors[k], tsc__csv_field(c, 3)) != 0) k++;
        if (k == N) continue;
        double v;
        if ((rc = tsc__csv_number(c, 4, &v, err))) break;
        size_t cell = (n * G + i) * N + k;
        tot[cell] += v;
        const char *hs = tsc__csv_field(c, 2);
        for (size_t h = 0; h < sel->ncodes; h++)
            if (strncmp(hs, sel->codes[h], strlen(sel->codes[h])) == 0) { share[cell] += v; break; }
        rc = 1;
    }
    tsc__csv_close(c);
    if (rc >= 0) {
        rc = TSC_OK;
        for (size_t cell = 0; cell < cells; cell++) share[cell] = tot[cell] > 0 ? share[cell] / tot[cell] : 0.0;
    }
    tsc__free(tot);
    return rc;
}

static int in_force(const measure *m, const char *date)
{
    if (!date) return 1;
    if (m->from[0] && strcmp(date, m->from) < 0) return 0;
    if (m->until[0] && strcmp(date, m->until) >= 0) return 0;
    return 1;
}

int tsc_scenario_apply(const tsc_scenario *sc, const tsc_table *table, const tsc_apply_opts *opts, tsc_tariffs *out,
                       tsc_error *err)
{
    tsc_labels L = {table->G, table->N, (const char *const *)table->regions, (const char *const *)table->sectors,
                    table->goods};
    return tsc_scenario_apply_labels(sc, &L, opts, out, err);
}

int tsc_scenario_apply_labels(const tsc_scenario *sc, const tsc_labels *t, const tsc_apply_opts *opts,
                              tsc_tariffs *out, tsc_error *err)
{
    static const tsc_apply_opts none = {0};
    if (!opts) opts = &none;
    size_t G = t->G, N = t->N, cells = G * G * N;
    memset(out, 0, sizeof *out);
    out->G = G;
    out->N = N;
    out->base = tsc__alloc_doubles(cells, 1);
    out->rate = tsc__alloc_doubles(cells, 1);
    long *setter = tsc__malloc(cells * sizeof *setter);
    double *share = NULL, *skip = NULL;
    unsigned char *mark = tsc__malloc(2 * G + N);
    int rc = TSC_OK;
    if (!out->base || !out->rate || !setter || !mark) { rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
    const char *base = opts->base_csv ? opts->base_csv : sc->base;
    if (base && (rc = read_base(base, t, opts->groups, out->base, err))) goto done;
    memcpy(out->rate, out->base, cells * sizeof *out->rate);
    for (size_t c = 0; c < cells; c++) setter[c] = -1;
    unsigned char *mi = mark, *me = mark + G, *mk = mark + 2 * G;
    for (size_t idx = 0; idx < sc->nm; idx++) {
        const measure *m = &sc->m[idx];
        if (!in_force(m, opts->date)) continue;
        if ((rc = resolve_regions(t, opts->groups, &m->importer, m->file, mi, err)) ||
            (rc = resolve_regions(t, opts->groups, &m->exporter, m->file, me, err)) ||
            (rc = resolve_sectors(t, &m->sectors, m->file, mk, err)))
            goto done;
        if (m->sectors.kind == SEL_HS) {
            if (!share && !(share = tsc__alloc_doubles(cells, 0))) { rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
            if ((rc = hs_shares(opts->hs_weights, t, m, &m->sectors, share, err))) goto done;
        }
        if (m->except.kind == SEL_HS) {
            if (!skip && !(skip = tsc__alloc_doubles(cells, 0))) { rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
            if ((rc = hs_shares(opts->hs_weights, t, m, &m->except, skip, err))) goto done;
        }
        for (size_t n = 0; n < G; n++)
            for (size_t i = 0; i < G; i++) {
                if (!mi[n] || !me[i] || n == i) continue;
                for (size_t k = 0; k < N; k++) {
                    if (!mk[k]) continue;
                    size_t cell = (n * G + i) * N + k;
                    double w = (1.0 - m->exempt_share) * (m->sectors.kind == SEL_HS ? share[cell] : 1.0);
                    if (m->except.kind == SEL_HS) w *= 1.0 - skip[cell]; /* lines inside the sectors it names */
                    if (w == 0) continue;
                    double old = out->rate[cell];
                    double target = m->op == OP_ADD ? old + m->value : m->op == OP_SET ? m->value
                                                                       : (old > m->value ? old : m->value);
                    if (m->op != OP_ADD) {
                        long prev = setter[cell];
                        if (prev >= 0 && sc->m[prev].depth == m->depth && !m->override) {
                            rc = tsc__error(err, TSC_EINVAL, m->file, m->line, m->col,
                                            "this measure and the one at line %zu both set the rate of %s from %s, "
                                            "sector %s; say which wins with 'override: true' on the later one",
                                            sc->m[prev].line, t->regions[n], t->regions[i],
                                            t->sectors[k]);
                            goto done;
                        }
                        setter[cell] = (long)idx;
                    }
                    double v = old + w * (target - old);
                    if (!(v > -100 && v <= 1000)) {
                        rc = tsc__error(err, TSC_EINVAL, m->file, m->line, m->col,
                                        "this measure takes the rate of %s from %s, sector %s, to %g%%, outside (-100, 1000]",
                                        t->regions[n], t->regions[i], t->sectors[k], v);
                        goto done;
                    }
                    out->rate[cell] = v;
                }
            }
    }
done:
    tsc__free(setter);
    tsc__free(share);
    tsc__free(skip);
    tsc__free(mark);
    if (rc) tsc_tariffs_free(out);
    return rc;
}
