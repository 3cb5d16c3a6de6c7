/* Effective tariff rates by partner: a scenario's measures applied to every customs line, weighted by imports. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "groups_int.h"
#include "scenario_int.h"
#include "tariffs_int.h"

#define NO_INDEX ((size_t)-1)

void tsc_effective_free(tsc_effective *e)
{
    if (!e) return;
    tsc__free(e->value);
    tsc__free(e->base_pct);
    tsc__free(e->rate_pct);
    tsc__free(e->line_base);
    tsc__free(e->line_rate);
    memset(e, 0, sizeof *e);
}

/* Whether code names something a line-level scenario can reach: the importer, a partner, a group or a member of
 * one (a member the imports lack, such as DEU inside the EU aggregate, reaches nothing but is no typo). */
static int known_region(const tsc_imports *im, const tsc_groups *g, const char *const *partner_region,
                        const char *importer, const char *code)
{
    if (strcmp(code, importer) == 0 || tsc_imports_partner_index(im, code) != NO_INDEX) return 1;
    for (size_t p = 0; partner_region && p < tsc_imports_npartners(im); p++)
        if (partner_region[p] && strcmp(partner_region[p], code) == 0) return 1;
    for (size_t i = 0; g && i < g->n; i++)
        if (strcmp(g->group[i], code) == 0 || strcmp(g->member[i], code) == 0) return 1;
    return 0;
}

/* Whether region `who` is in the selection: by code, or as a member of a group the selection names. */
static int reaches(const tsc_groups *g, const code_sel *s, const char *who)
{
    if (s->kind == SEL_ALL) return 1;
    for (size_t c = 0; c < s->ncodes; c++) {
        if (strcmp(s->codes[c], who) == 0) return 1;
        for (size_t i = 0; g && i < g->n; i++)
            if (strcmp(g->group[i], s->codes[c]) == 0 && strcmp(g->member[i], who) == 0) return 1;
    }
    return 0;
}

static int check_regions(const tsc_imports *im, const tsc_groups *g, const char *const *partner_region,
                         const char *importer, const code_sel *s, const measure *m, int optional, tsc_error *err)
{
    if (s->kind == SEL_ALL || optional) return TSC_OK;
    for (size_t c = 0; c < s->ncodes; c++)
        if (!known_region(im, g, partner_region, importer, s->codes[c]))
            return tsc__error(err, TSC_ELABEL, m->file, s->line, s->col,
                              "unknown region code '%s': neither the importer %s, a partner of the import data, a "
                              "group nor a group member (regions_optional: true skips such codes)",
                              s->codes[c], importer);
    return TSC_OK;
}

/* Sets the mark v on each distinct code of the lines that begins with the code c: the codes that do are one run of
 * the sorted codes, found by one binary search (a measure costs its own codes, not the lines' codes). An empty code
 * names nothing. */
static void mark_prefix(const imports_index *ix, unsigned char *memo, const char *c, unsigned char v)
{
    size_t len = strlen(c), lo = 0, hi = ix->ncode;
    if (len == 0) return;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(ix->code[mid], c) < 0) lo = mid + 1;
        else hi = mid;
    }
    for (size_t k = lo; k < ix->ncode && strncmp(ix->code[k], c, len) == 0; k++) memo[k] = v;
}

/* One application of a scenario to the customs lines: the inputs, the output, and the per-line and per-measure
 * marks. */
typedef struct effector {
    const tsc_scenario *sc;
    const tsc_imports *im;
    const tsc_effective_opts *o;
    const char *importer;
    const tsc_import_line *line;
    size_t nl, np;
    tsc_effective *out;
    long *setter;          /* per line: the measure that set or floored it last (-1: none) */
    unsigned char *pmark;  /* per partner: reached by the current measure */
    unsigned char *smark;  /* per concordance sector (+ 1 for none): named by the current measure */
    size_t *lsec;          /* concordance sector of each line, for measures naming table sectors */
    tsc_measure_stats *st; /* what the current measure reached (NULL: not counted) */
    const line_table *lt;  /* the lines as a table sees them (NULL: none) */
    const line_table *pl;  /* lt when it places the lines and statistics are on, else NULL */
    size_t *stamp;         /* per cell of pl: 1 + the last measure that counted it */
    imports_index ix;      /* the lines' distinct HS codes, and the lines by partner */
    unsigned char *memo;   /* per distinct HS code, for the current measure: 1 selected, 2 not */
} effector;

/* Counts line i, moved by measure idx from rate old to v, in the measure's statistics. */
static void count_line(effector *e, size_t idx, size_t i, double old, double v)
{
    tsc_measure_stats *st = e->st;
    const line_table *pl = e->pl;
    if (!pl) {
        double w = e->line[i].value;
        if (!(w > 0)) return;
        st->lines++;
        st->value += w;
        st->before += w * old;
        st->after += w * v;
        return;
    }
    int placed = 0;
    for (size_t q = pl->first[i]; q < pl->first[i + 1]; q++) {
        double w = pl->weight[q];
        if (!(w > 0)) continue;
        placed = 1;
        st->value += w;
        st->before += w * old;
        st->after += w * v;
        if (e->stamp[pl->cell[q]] != idx + 1) {
            e->stamp[pl->cell[q]] = idx + 1;
            st->cells++;
        }
    }
    st->lines += (size_t)placed;
}

static int nomem(tsc_error *err)
{
    return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
}

/* Each line's sector among ns (ns: none), computed once into lsec: the table's when it gives them, else the
 * concordance's. */
static int line_sectors(effector *e, size_t ns, tsc_error *err)
{
    if (e->lsec) return TSC_OK;
    if (!(e->lsec = tsc__malloc((e->nl ? e->nl : 1) * sizeof *e->lsec))) return nomem(err);
    const tsc_hs_concord *cc = e->o->concord;
    for (size_t i = 0; i < e->nl; i++) {
        if (e->lt && e->lt->sectors) {
            e->lsec[i] = e->lt->line_sector[i] < ns ? e->lt->line_sector[i] : ns;
            continue;
        }
        const char *s = tsc_hs_concord_sector(cc, e->line[i].hs);
        e->lsec[i] = s ? tsc_hs_concord_sector_index(cc, s) : ns; /* ns: no sector */
    }
    return TSC_OK;
}

/* Index of a sector code among the table's or the concordance's, or NO_INDEX. */
static size_t sector_index(const effector *e, const char *code)
{
    const line_table *lt = e->lt;
    if (!lt || !lt->sectors) return tsc_hs_concord_sector_index(e->o->concord, code);
    for (size_t k = 0; k < lt->nsectors; k++)
        if (strcmp(lt->sectors[k], code) == 0) return k;
    return NO_INDEX;
}

/* A measure naming sectors (the table's, else the concordance's): marks them in smark. */
static int mark_sectors(effector *e, const measure *m, tsc_error *err)
{
    const tsc_hs_concord *cc = e->o->concord;
    int table = e->lt && e->lt->sectors;
    if (!table && !cc)
        return tsc__error(
            err, TSC_EINVAL, m->file, m->sectors.line, m->sectors.col,
            "this measure names table sectors: give an HS concordance (--concordance) to place the lines in them");
    size_t ns = table ? e->lt->nsectors : tsc_hs_concord_nsectors(cc);
    int rc = line_sectors(e, ns, err);
    if (rc) return rc;
    if (!e->smark && !(e->smark = tsc__malloc(ns + 1))) return nomem(err);
    memset(e->smark, 0, ns + 1);
    for (size_t c = 0; c < m->sectors.ncodes; c++) {
        size_t s = sector_index(e, m->sectors.codes[c]);
        if (s == NO_INDEX)
            return tsc__error(err, TSC_ELABEL, m->file, m->sectors.line, m->sectors.col,
                              "unknown sector '%s' (the %s sectors are %s ... %s; or use goods, all, {hs: [...]})",
                              m->sectors.codes[c], table ? "table's" : "concordance's",
                              table ? e->lt->sectors[0] : tsc_hs_concord_sector_code(cc, 0),
                              table ? e->lt->sectors[ns - 1] : tsc_hs_concord_sector_code(cc, ns - 1));
        e->smark[s] = 1;
    }
    return TSC_OK;
}

/* Measure idx on every line it selects (partners in pmark, sectors in smark, HS codes in sel and not in exc). */
static int move_lines(effector *e, size_t idx, tsc_error *err)
{
    const measure *m = &e->sc->m[idx];
    /* only the lines of the partners reached: most measures name one partner of fifty */
    const size_t *pfirst = e->ix.pfirst;
    for (size_t p = 0; p < e->np; p++)
        for (size_t q = pfirst[p]; e->pmark[p] && q < pfirst[p + 1]; q++) {
            size_t i = e->ix.pline[q];
            if (m->sectors.kind == SEL_LIST && !e->smark[e->lsec[i]]) continue;
            if ((m->sectors.kind == SEL_HS || m->except.kind == SEL_HS) && e->memo[e->ix.line_code[i]] == 2) continue;
            const tsc_import_line *l = &e->line[i];
            double old = e->out->line_rate[i];
            double target = m->op == OP_ADD   ? old + m->value
                            : m->op == OP_SET ? m->value
                                              : (old > m->value ? old : m->value);
            if (m->op != OP_ADD) {
                long prev = e->setter[i];
                if (prev >= 0 && e->sc->m[prev].depth == m->depth && !m->override)
                    return tsc__error(
                        err, TSC_EINVAL, m->file, m->line, m->col,
                        "this measure and the one at line %zu both set the rate of HS line %s from %s; say "
                        "which wins with 'override: true' on the later one",
                        e->sc->m[prev].line, l->hs, tsc_imports_partner(e->im, l->partner));
                e->setter[i] = (long)idx;
            }
            double v = old + (1.0 - m->exempt_share) * (target - old);
            if (!(v > -100 && v <= 1000))
                return tsc__error(err, TSC_EINVAL, m->file, m->line, m->col,
                                  "this measure takes the rate of HS line %s from %s to %g%%, outside (-100, 1000]",
                                  l->hs, tsc_imports_partner(e->im, l->partner), v);
            if (e->st) count_line(e, idx, i, old, v);
            e->out->line_rate[i] = v;
        }
    return TSC_OK;
}

/* Measure idx (in force): its regions checked, then applied when it reaches the importer and some partner. */
static int apply_measure(effector *e, size_t idx, tsc_error *err)
{
    const measure *m = &e->sc->m[idx];
    const tsc_groups *g = e->o->groups;
    int rc;
    if ((rc = check_regions(e->im, g, e->o->partner_region, e->importer, &m->importer, m, e->sc->regions_optional,
                            err)) ||
        (rc =
             check_regions(e->im, g, e->o->partner_region, e->importer, &m->exporter, m, e->sc->regions_optional, err)))
        return rc;
    if (!reaches(g, &m->importer, e->importer)) return TSC_OK;
    int any = 0;
    for (size_t p = 0; p < e->np; p++)
        any |= e->pmark[p] = (unsigned char)(reaches(g, &m->exporter, tsc_imports_partner(e->im, p)) ||
                                             (e->o->partner_region && e->o->partner_region[p] &&
                                              reaches(g, &m->exporter, e->o->partner_region[p])));
    if (!any) return TSC_OK;
    if (m->sectors.kind == SEL_LIST && (rc = mark_sectors(e, m, err))) return rc;
    if (m->sectors.kind == SEL_HS || m->except.kind == SEL_HS) {
        /* the codes the measure lists (all when it lists none), less those it excepts */
        memset(e->memo, m->sectors.kind == SEL_HS ? 2 : 1, e->ix.ncode ? e->ix.ncode : 1);
        for (size_t c = 0; m->sectors.kind == SEL_HS && c < m->sectors.ncodes; c++)
            mark_prefix(&e->ix, e->memo, m->sectors.codes[c], 1);
        for (size_t c = 0; m->except.kind == SEL_HS && c < m->except.ncodes; c++)
            mark_prefix(&e->ix, e->memo, m->except.codes[c], 2);
    }
    return move_lines(e, idx, err);
}

/* Import-weighted base and scenario rates by partner. */
static void partner_rates(effector *e)
{
    tsc_effective *out = e->out;
    for (size_t i = 0; i < e->nl; i++) {
        size_t p = e->line[i].partner;
        out->value[p] += e->line[i].value;
        out->base_pct[p] += e->line[i].value * out->line_base[i];
        out->rate_pct[p] += e->line[i].value * out->line_rate[i];
    }
    for (size_t p = 0; p < e->np; p++) {
        out->base_pct[p] = out->value[p] > 0 ? out->base_pct[p] / out->value[p] : 0.0;
        out->rate_pct[p] = out->value[p] > 0 ? out->rate_pct[p] / out->value[p] : 0.0;
    }
}

int tsc_effective_rates(const tsc_scenario *sc, const tsc_imports *im, const tsc_effective_opts *opts,
                        tsc_effective *out, tsc_error *err)
{
    return tsc__effective_rates_table(sc, im, opts, NULL, out, err);
}

int tsc__effective_rates_table(const tsc_scenario *sc, const tsc_imports *im, const tsc_effective_opts *opts,
                               const line_table *lt, tsc_effective *out, tsc_error *err)
{
    static const tsc_effective_opts none = {0};
    const tsc_effective_opts *o = opts ? opts : &none;
    const char *date = o->date ? o->date : sc->date[0] ? sc->date : NULL;
    int32_t day;
    int all;
    memset(out, 0, sizeof *out);
    int rc = tsc__scenario_day(sc, o->date, &day, &all, err);
    if (rc) return rc;
    effector e = {.sc = sc,
                  .im = im,
                  .o = o,
                  .importer = o->importer ? o->importer : "USA",
                  .out = out,
                  .lt = lt,
                  .pl = o->stats && lt && lt->first ? lt : NULL};
    e.np = tsc_imports_npartners(im);
    e.line = tsc_imports_lines(im, &e.nl);
    tsc__imports_index(im, &e.ix);
    size_t nl = e.nl, np = e.np;
    if (date) snprintf(out->date, sizeof out->date, "%.10s", date);
    out->np = np;
    out->nlines = nl;
    out->value = tsc__alloc_doubles(np ? np : 1, 1);
    out->base_pct = tsc__alloc_doubles(np ? np : 1, 1);
    out->rate_pct = tsc__alloc_doubles(np ? np : 1, 1);
    out->line_base = tsc__alloc_doubles(nl ? nl : 1, 0);
    out->line_rate = tsc__alloc_doubles(nl ? nl : 1, 0);
    e.setter = tsc__malloc((nl ? nl : 1) * sizeof *e.setter);
    e.pmark = tsc__malloc(np ? np : 1);
    if (e.pl) e.stamp = tsc__calloc(e.pl->ncells ? e.pl->ncells : 1, sizeof *e.stamp);
    if (!out->value || !out->base_pct || !out->rate_pct || !out->line_base || !out->line_rate || !e.setter ||
        !e.pmark || (e.pl && !e.stamp) || !(e.memo = tsc__malloc(e.ix.ncode ? e.ix.ncode : 1))) {
        rc = nomem(err);
        goto done;
    }
    for (size_t i = 0; i < nl; i++) {
        double b = o->base == TSC_BASE_ZERO || !(e.line[i].value > 0) ? 0.0 : 100.0 * e.line[i].duty / e.line[i].value;
        out->line_base[i] = out->line_rate[i] = b;
        e.setter[i] = -1;
    }
    for (size_t idx = 0; idx < sc->nm; idx++) {
        if (!all && !tsc__measure_in_force(&sc->m[idx], day)) continue;
        e.st = o->stats ? &o->stats[idx] : NULL;
        if ((rc = apply_measure(&e, idx, err))) goto done;
    }
    partner_rates(&e);
done:
    tsc__free(e.memo);
    tsc__free(e.setter);
    tsc__free(e.pmark);
    tsc__free(e.smark);
    tsc__free(e.lsec);
    tsc__free(e.stamp);
    if (rc) tsc_effective_free(out);
    return rc;
}
