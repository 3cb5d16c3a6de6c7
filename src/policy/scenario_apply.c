/* Applies a scenario's measures to a table's importer x exporter x sector cells, from a base schedule. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "groups_int.h"
#include "pow10_int.h"
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
        if (strcmp(t->regions[r], code) == 0) {
            *index = r;
            return 0;
        }
    return -1;
}

/* Marks the regions a selection names: table codes, group members the table has, or all. optional: codes and
 * groups the table lacks are skipped instead of being errors (regions_optional: true). */
static int resolve_regions(const tsc_labels *t, const tsc_groups *g, const code_sel *s, const char *file, int optional,
                           unsigned char *mark, tsc_error *err)
{
    size_t G = t->G;
    memset(mark, s->kind == SEL_ALL, G);
    if (s->kind == SEL_ALL) return TSC_OK;
    for (size_t c = 0; c < s->ncodes; c++) {
        const char *code = s->codes[c];
        size_t r;
        if (label_index(t, code, &r) == 0) {
            mark[r] = 1;
            continue;
        }
        size_t found = 0;
        for (size_t i = 0; g && i < g->n; i++)
            if (strcmp(g->group[i], code) == 0 && label_index(t, g->member[i], &r) == 0) {
                mark[r] = 1;
                found++;
            }
        if (found || optional) continue;
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

static int resolve_sectors(const tsc_labels *t, const code_sel *s, const char *file, unsigned char *mark,
                           tsc_error *err)
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
static int read_base(const char *path, const tsc_labels *t, const tsc_groups *g, int optional, double *base,
                     tsc_error *err)
{
    size_t G = t->G, N = t->N;
    tsc_csv *c = NULL;
    unsigned char *mi = tsc__malloc(2 * G + N), *me = mi + G, *mk = me + G;
    static const char *const header[4] = {"importer", "exporter", "sector", "rate_pct"};
    int rc =
        mi ? tsc__csv_open_header(path, header, 4, &c, err) : tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    if (rc) {
        tsc__free(mi);
        return rc;
    }
    while ((rc = tsc__csv_next(c, err)) == 1) {
        if ((rc = tsc__csv_expect_fields(c, 4, err))) goto done;
        double v;
        if ((rc = tsc__csv_number(c, 3, &v, err))) goto done;
        if (!(v > -100 && v <= 1000)) {
            rc = tsc__csv_error_at(c, 3, err, TSC_EINVAL, "rate %g%% is outside (-100, 1000]", v);
            goto done;
        }
        code_sel sel[3];
        char *one[3];
        for (size_t f = 0; f < 3; f++) {
            one[f] = (char *)tsc__csv_field(c, f);
            const char *code = one[f];
            sel[f].kind = strcmp(code, "all") == 0                 ? SEL_ALL
                          : (f == 2 && strcmp(code, "goods") == 0) ? SEL_GOODS
                                                                   : SEL_LIST;
            sel[f].codes = &one[f];
            sel[f].ncodes = 1;
            sel[f].line = tsc__csv_line(c);
            sel[f].col = tsc__csv_col(c, f);
        }
        if ((rc = resolve_regions(t, g, &sel[0], path, optional, mi, err)) ||
            (rc = resolve_regions(t, g, &sel[1], path, optional, me, err)) ||
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

/* The HS codes of a measure as numbers, grouped by length: a line matches when its first L digits are one of the
 * codes of length L. Lists run to a thousand codes and weights to half a million lines, so matching is a few
 * integer binary searches per line, not string comparisons. */
typedef struct prefset {
    size_t nlen;
    unsigned len[20];
    uint64_t *val[20]; /* sorted */
    size_t nval[20];
} prefset;

/* The value of a digit string of at most 19 digits; -1 if it is longer or not all digits. */
static int hs_value(const char *hs, uint64_t *v, unsigned *len)
{
    size_t l = strlen(hs);
    if (l == 0 || l > 19) return -1;
    uint64_t x = 0;
    for (size_t k = 0; k < l; k++) {
        if (hs[k] < '0' || hs[k] > '9') return -1;
        x = x * 10 + (uint64_t)(hs[k] - '0');
    }
    *v = x;
    *len = (unsigned)l;
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void prefset_free(prefset *p)
{
    for (size_t k = 0; k < p->nlen; k++) tsc__free(p->val[k]);
    memset(p, 0, sizeof *p);
}

/* Builds the set of an HS selection (empty for other selections). Returns 0, or -1 out of memory. */
static int prefset_build(const code_sel *s, prefset *p)
{
    memset(p, 0, sizeof *p);
    if (s->kind != SEL_HS) return 0;
    for (size_t h = 0; h < s->ncodes; h++) {
        uint64_t v;
        unsigned len;
        if (hs_value(s->codes[h], &v, &len)) continue; /* the parser admits digit strings only */
        size_t k = 0;
        while (k < p->nlen && p->len[k] != len) k++;
        if (k == p->nlen) {
            p->len[k] = len;
            if (!(p->val[k] = tsc__malloc(s->ncodes * sizeof *p->val[k]))) {
                prefset_free(p);
                return -1;
            }
            p->nlen++;
        }
        p->val[k][p->nval[k]++] = v;
    }
    for (size_t k = 0; k < p->nlen; k++) qsort(p->val[k], p->nval[k], sizeof *p->val[k], cmp_u64);
    return 0;
}

static int prefset_match(const prefset *p, uint64_t hsv, unsigned hslen)
{
    for (size_t k = 0; k < p->nlen; k++) {
        if (p->len[k] > hslen) continue;
        uint64_t key = hsv / tsc__pow10_u64[hslen - p->len[k]];
        if (bsearch(&key, p->val[k], p->nval[k], sizeof key, cmp_u64)) return 1;
    }
    return 0;
}

/* The import weights by HS line, grouped by (importer, exporter, sector) cell: a cell with rows has its rate
 * computed row by row, so that a measure reaching some lines of a cell moves only those lines, from their own rate
 * (set and floor_inclusive on part of a cell are then exact, not applied to the cell's average). */
typedef struct wrow {
    size_t cell;
    uint64_t hsv; /* the HS code as a number of hslen digits */
    unsigned hslen;
    double value, rate;
} wrow;

typedef struct weights {
    wrow *row; /* sorted by cell */
    size_t n;
    size_t *first; /* rows of cell c: first[c] .. first[c + 1] - 1 */
} weights;

static int cmp_wrow(const void *a, const void *b)
{
    const wrow *x = a, *y = b;
    return x->cell < y->cell ? -1 : x->cell > y->cell;
}

/* Reads the weights CSV importer,exporter,hs,sector,value; rows of regions or sectors the table lacks are skipped. */
static int read_weights(const char *path, const tsc_labels *t, weights *w, tsc_error *err)
{
    size_t G = t->G, N = t->N, cells = G * G * N, cap = 0;
    tsc_csv *c = NULL;
    int rc = tsc__csv_open(path, &c, err);
    if (rc) return rc;
    rc = tsc__csv_next(c, err); /* header importer,exporter,hs,sector,value */
    if (rc == 1 && tsc__csv_nfields(c) != 5)
        rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "header must be importer,exporter,hs,sector,value");
    /* rows come in runs of one importer, exporter and sector: look codes up only when they change */
    char prev[3][64] = {"", "", ""};
    size_t idx[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};
    static const int field[3] = {0, 1, 3};
    while (rc == 1 && (rc = tsc__csv_next(c, err)) == 1) {
        if (tsc__csv_nfields(c) != 5) {
            rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "expected 5 fields");
            break;
        }
        for (int f = 0; f < 3; f++) {
            const char *code = tsc__csv_field(c, field[f]);
            if (strcmp(code, prev[f]) == 0) continue;
            snprintf(prev[f], sizeof prev[f], "%s", code);
            size_t k = 0;
            if (f < 2) idx[f] = label_index(t, code, &k) == 0 ? k : SIZE_MAX;
            else {
                while (k < N && strcmp(t->sectors[k], code) != 0) k++;
                idx[f] = k < N ? k : SIZE_MAX;
            }
        }
        if (idx[0] == SIZE_MAX || idx[1] == SIZE_MAX || idx[2] == SIZE_MAX) continue; /* not in the table */
        size_t n = idx[0], i = idx[1], k = idx[2];
        uint64_t hsv;
        unsigned hslen;
        if (hs_value(tsc__csv_field(c, 2), &hsv, &hslen)) {
            rc =
                tsc__csv_error_at(c, 2, err, TSC_EPARSE, "HS code '%.20s' is not 1 to 19 digits", tsc__csv_field(c, 2));
            break;
        }
        if (w->n == cap) {
            cap = cap ? 2 * cap : 65536;
            wrow *p = tsc__realloc(w->row, cap * sizeof *p);
            if (!p) {
                rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
                break;
            }
            w->row = p;
        }
        wrow *r = &w->row[w->n];
        if ((rc = tsc__csv_number(c, 4, &r->value, err))) break;
        if (r->value < 0) {
            rc = tsc__csv_error_at(c, 4, err, TSC_EINVAL, "negative import value");
            break;
        }
        rc = 1;
        if (r->value == 0) continue; /* no weight: the row would only hide the cell from whole-cell measures */
        r->hsv = hsv;
        r->hslen = hslen;
        r->cell = (n * G + i) * N + k;
        w->n++;
    }
    tsc__csv_close(c);
    if (rc < 0) return rc;
    if (w->n > 1) qsort(w->row, w->n, sizeof *w->row, cmp_wrow); /* qsort on NULL is undefined even for 0 rows */
    if (!(w->first = tsc__calloc(cells + 1, sizeof *w->first)))
        return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    for (size_t r = 0; r < w->n; r++) w->first[w->row[r].cell + 1]++;
    for (size_t cell = 0; cell < cells; cell++) w->first[cell + 1] += w->first[cell];
    return TSC_OK;
}

/* A code list sorted for prefix look-ups, or NULL codes when the measure has none. */
static double measure_target(const measure *m, double old)
{
    return m->op == OP_ADD ? old + m->value : m->op == OP_SET ? m->value : (old > m->value ? old : m->value);
}

int tsc_scenario_apply(const tsc_scenario *sc, const tsc_table *table, const tsc_apply_opts *opts, tsc_tariffs *out,
                       tsc_error *err)
{
    tsc_labels L = {table->G, table->N, (const char *const *)table->regions, (const char *const *)table->sectors,
                    table->goods};
    return tsc_scenario_apply_labels(sc, &L, opts, out, err);
}

/* One application of a scenario: the labels, the output, the weight rows, and which measure set each cell. */
typedef struct applier {
    const tsc_scenario *sc;
    const tsc_labels *t;
    tsc_tariffs *out;
    long *setter; /* per cell: the measure that set or floored it last (-1: none) */
    weights w;
    prefset sel, exc;            /* the HS codes the current measure lists and excepts */
    unsigned char *mi, *me, *mk; /* the current measure's importers (G), exporters (G) and sectors (N) */
    tsc_measure_stats *st;       /* what the current measure reached (NULL: not counted) */
    const double *cw;            /* cell weights for st (NULL: 1 each) */
} applier;

/* Counts a weight-w part of a cell moved from rate old to v. */
static void count(tsc_measure_stats *st, double w, double old, double v)
{
    st->value += w;
    st->before += w * old;
    st->after += w * v;
}

/* The new rate of a cell under measure m: its lines that the measure lists and does not except, else the whole cell
 * (a measure that lists HS lines reaches nothing in a cell without lines). *worst gets a result outside (-100, 1000]
 * (0: none); returns the number of lines (or 1 for the cell) reached. */
static size_t move_cell(applier *a, const measure *m, size_t cell, double *worst)
{
    size_t reached = 0;
    int listed = m->sectors.kind == SEL_HS, excepted = m->except.kind == SEL_HS;
    weights *w = &a->w;
    double cw = a->st ? (a->cw ? a->cw[cell] : 1.0) : 0.0, rows = 0;
    *worst = 0;
    if (w->first && w->first[cell] < w->first[cell + 1]) {
        for (size_t r = w->first[cell]; a->st && r < w->first[cell + 1]; r++) rows += w->row[r].value;
        for (size_t r = w->first[cell]; r < w->first[cell + 1]; r++) {
            wrow *row = &w->row[r];
            if ((listed && !prefset_match(&a->sel, row->hsv, row->hslen)) ||
                (excepted && prefset_match(&a->exc, row->hsv, row->hslen)))
                continue;
            double v = row->rate + (1.0 - m->exempt_share) * (measure_target(m, row->rate) - row->rate);
            if (!(v > -100 && v <= 1000)) *worst = v;
            /* a row weighs its share of the cell's weight */
            if (cw > 0 && row->value > 0) {
                count(a->st, cw * row->value / rows, row->rate, v);
                a->st->lines++;
            }
            row->rate = v;
            reached++;
        }
    } else if (m->sectors.kind != SEL_HS) {
        double old = a->out->rate[cell];
        double v = old + (1.0 - m->exempt_share) * (measure_target(m, old) - old);
        if (!(v > -100 && v <= 1000)) *worst = v;
        if (cw > 0) count(a->st, cw, old, v);
        a->out->rate[cell] = v;
        reached = 1;
    }
    if (reached && cw > 0) a->st->cells++;
    return reached;
}

/* Measure idx on the cell (importer n, exporter i, sector k): moves it, then checks the rate and that no other set or
 * floor measure of the same file reached it without an override. */
static int apply_cell(applier *a, size_t idx, size_t n, size_t i, size_t k, tsc_error *err)
{
    const measure *m = &a->sc->m[idx];
    const tsc_labels *t = a->t;
    size_t cell = (n * t->G + i) * t->N + k;
    double worst;
    if (!move_cell(a, m, cell, &worst)) return TSC_OK;
    if (worst != 0)
        return tsc__error(err, TSC_EINVAL, m->file, m->line, m->col,
                          "this measure takes the rate of %s from %s, sector %s, to %g%%, outside (-100, 1000]",
                          t->regions[n], t->regions[i], t->sectors[k], worst);
    if (m->op == OP_ADD) return TSC_OK;
    long prev = a->setter[cell];
    if (prev >= 0 && a->sc->m[prev].depth == m->depth && !m->override)
        return tsc__error(err, TSC_EINVAL, m->file, m->line, m->col,
                          "this measure and the one at line %zu both set the rate of %s from %s, "
                          "sector %s; say which wins with 'override: true' on the later one",
                          a->sc->m[prev].line, t->regions[n], t->regions[i], t->sectors[k]);
    a->setter[cell] = (long)idx;
    return TSC_OK;
}

/* Measure idx on every cell it selects. */
static int apply_measure(applier *a, size_t idx, const tsc_apply_opts *opts, tsc_error *err)
{
    const measure *m = &a->sc->m[idx];
    const tsc_labels *t = a->t;
    int rc;
    if ((rc = resolve_regions(t, opts->groups, &m->importer, m->file, a->sc->regions_optional, a->mi, err)) ||
        (rc = resolve_regions(t, opts->groups, &m->exporter, m->file, a->sc->regions_optional, a->me, err)) ||
        (rc = resolve_sectors(t, &m->sectors, m->file, a->mk, err)))
        return rc;
    if ((m->sectors.kind == SEL_HS || m->except.kind == SEL_HS) && !opts->hs_weights && !opts->hs_elsewhere) {
        const code_sel *sel = m->sectors.kind == SEL_HS ? &m->sectors : &m->except;
        return tsc__error(err, TSC_EINVAL, m->file, sel->line, sel->col,
                          "an HS measure needs import weights by HS line (tsc_apply_opts.hs_weights, --hs-weights)");
    }
    prefset_free(&a->sel);
    prefset_free(&a->exc);
    if (prefset_build(&m->sectors, &a->sel) || prefset_build(&m->except, &a->exc))
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t n = 0; n < t->G; n++)
        for (size_t i = 0; i < t->G; i++) {
            if (!a->mi[n] || !a->me[i] || n == i) continue;
            for (size_t k = 0; k < t->N; k++)
                if (a->mk[k] && (rc = apply_cell(a, idx, n, i, k, err))) return rc;
        }
    return TSC_OK;
}

/* Cells with lines: the import-weighted rate of their lines. */
static void line_weighted_rates(applier *a, size_t cells)
{
    for (size_t cell = 0; a->w.first && cell < cells; cell++) {
        double v = 0, s = 0;
        for (size_t r = a->w.first[cell]; r < a->w.first[cell + 1]; r++) {
            v += a->w.row[r].value;
            s += a->w.row[r].value * a->w.row[r].rate;
        }
        if (v > 0) a->out->rate[cell] = s / v;
    }
}

int tsc_scenario_apply_labels(const tsc_scenario *sc, const tsc_labels *t, const tsc_apply_opts *opts, tsc_tariffs *out,
                              tsc_error *err)
{
    static const tsc_apply_opts none = {0};
    if (!opts) opts = &none;
    int32_t day; /* the caller's date, else the file's */
    int all;
    size_t G = t->G, N = t->N, cells = G * G * N;
    memset(out, 0, sizeof *out);
    int rc = tsc__scenario_day(sc, opts->date, &day, &all, err);
    if (rc) return rc;
    out->G = G;
    out->N = N;
    out->base = tsc__alloc_doubles(cells, 1);
    out->rate = tsc__alloc_doubles(cells, 1);
    applier a = {.sc = sc, .t = t, .out = out, .setter = tsc__malloc(cells * sizeof(long))};
    unsigned char *mark = tsc__malloc(2 * G + N);
    if (!out->base || !out->rate || !a.setter || !mark) {
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    a.mi = mark;
    a.me = mark + G;
    a.mk = mark + 2 * G;
    const char *base = opts->base_csv ? opts->base_csv : sc->base;
    if (opts->base_rates) memcpy(out->base, opts->base_rates, cells * sizeof *out->base);
    else if (base && (rc = read_base(base, t, opts->groups, sc->regions_optional, out->base, err))) goto done;
    if (opts->hs_weights && (rc = read_weights(opts->hs_weights, t, &a.w, err))) goto done;
    memcpy(out->rate, out->base, cells * sizeof *out->rate);
    for (size_t c = 0; c < cells; c++) a.setter[c] = -1;
    for (size_t r = 0; r < a.w.n; r++) a.w.row[r].rate = out->base[a.w.row[r].cell];
    a.cw = opts->cell_weights;
    for (size_t idx = 0; idx < sc->nm; idx++) {
        if (!all && !tsc__measure_in_force(&sc->m[idx], day)) continue;
        a.st = opts->stats ? &opts->stats[idx] : NULL;
        if ((rc = apply_measure(&a, idx, opts, err))) goto done;
    }
    line_weighted_rates(&a, cells);
done:
    tsc__free(a.setter);
    tsc__free(a.w.row);
    tsc__free(a.w.first);
    prefset_free(&a.sel);
    prefset_free(&a.exc);
    tsc__free(mark);
    if (rc) tsc_tariffs_free(out);
    return rc;
}
