/* Effective tariff rates by partner: a scenario's measures applied to every customs line, weighted by imports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "groups_int.h"
#include "scenario_int.h"
#include "tariffscope/tariffs.h"

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
static int known_region(const tsc_imports *im, const tsc_groups *g, const char *importer, const char *code)
{
    if (strcmp(code, importer) == 0 || tsc_imports_partner_index(im, code) != NO_INDEX) return 1;
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

static int check_regions(const tsc_imports *im, const tsc_groups *g, const char *importer, const code_sel *s,
                         const measure *m, int optional, tsc_error *err)
{
    if (s->kind == SEL_ALL || optional) return TSC_OK;
    for (size_t c = 0; c < s->ncodes; c++)
        if (!known_region(im, g, importer, s->codes[c]))
            return tsc__error(err, TSC_ELABEL, m->file, s->line, s->col,
                              "unknown region code '%s': neither the importer %s, a partner of the import data, a "
                              "group nor a group member (regions_optional: true skips such codes)", s->codes[c], importer);
    return TSC_OK;
}

static int cmp_code(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* A code list sorted for prefix look-ups. */
typedef struct prefixes {
    const char **code;
    size_t n;
} prefixes;

static int prefixes_init(prefixes *p, const code_sel *s)
{
    p->n = s->ncodes;
    p->code = tsc__malloc((p->n ? p->n : 1) * sizeof *p->code);
    if (!p->code) return -1;
    for (size_t i = 0; i < p->n; i++) p->code[i] = s->codes[i];
    qsort(p->code, p->n, sizeof *p->code, cmp_code);
    return 0;
}

/* 1 if some code of p is a prefix of hs. */
static int has_prefix(const prefixes *p, const char *hs)
{
    char key[16];
    const char *k = key;
    size_t len = strlen(hs);
    if (len > 15) len = 15;
    for (size_t l = 1; l <= len; l++) {
        memcpy(key, hs, l);
        key[l] = '\0';
        if (bsearch(&k, p->code, p->n, sizeof *p->code, cmp_code)) return 1;
    }
    return 0;
}

int tsc_effective_rates(const tsc_scenario *sc, const tsc_imports *im, const tsc_effective_opts *opts,
                        tsc_effective *out, tsc_error *err)
{
    static const tsc_effective_opts none = {0};
    const tsc_effective_opts *o = opts ? opts : &none;
    const char *importer = o->importer ? o->importer : "USA";
    const char *date = o->date ? o->date : sc->date[0] ? sc->date : NULL;
    int32_t day;
    int all;
    memset(out, 0, sizeof *out);
    int rc = tsc__scenario_day(sc, o->date, &day, &all, err);
    if (rc) return rc;
    size_t nl, np = tsc_imports_npartners(im);
    const tsc_import_line *line = tsc_imports_lines(im, &nl);
    memset(out, 0, sizeof *out);
    if (date) snprintf(out->date, sizeof out->date, "%.10s", date);
    out->np = np;
    out->nlines = nl;
    out->value = tsc__alloc_doubles(np ? np : 1, 1);
    out->base_pct = tsc__alloc_doubles(np ? np : 1, 1);
    out->rate_pct = tsc__alloc_doubles(np ? np : 1, 1);
    out->line_base = tsc__alloc_doubles(nl ? nl : 1, 0);
    out->line_rate = tsc__alloc_doubles(nl ? nl : 1, 0);
    long *setter = tsc__malloc((nl ? nl : 1) * sizeof *setter);
    unsigned char *pmark = tsc__malloc(np ? np : 1), *smark = NULL;
    size_t *lsec = NULL; /* concordance sector of each line, for measures naming table sectors */
    prefixes sel = {0}, exc = {0};
    if (!out->value || !out->base_pct || !out->rate_pct || !out->line_base || !out->line_rate || !setter || !pmark) {
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nl; i++) {
        double b = o->base == TSC_BASE_ZERO || !(line[i].value > 0) ? 0.0 : 100.0 * line[i].duty / line[i].value;
        out->line_base[i] = out->line_rate[i] = b;
        setter[i] = -1;
    }
    for (size_t idx = 0; idx < sc->nm; idx++) {
        const measure *m = &sc->m[idx];
        if (!all && !tsc__measure_in_force(m, day)) continue;
        if ((rc = check_regions(im, o->groups, importer, &m->importer, m, sc->regions_optional, err)) ||
            (rc = check_regions(im, o->groups, importer, &m->exporter, m, sc->regions_optional, err)))
            goto done;
        if (!reaches(o->groups, &m->importer, importer)) continue;
        int any = 0;
        for (size_t p = 0; p < np; p++) any |= pmark[p] = (unsigned char)reaches(o->groups, &m->exporter, tsc_imports_partner(im, p));
        if (!any) continue;
        if (m->sectors.kind == SEL_LIST) {
            if (!o->concord)
                { rc = tsc__error(err, TSC_EINVAL, m->file, m->sectors.line, m->sectors.col, "this measure names table sectors: give an HS concordance (--concordance) to place the lines in them"); goto done; }
            size_t ns = tsc_hs_concord_nsectors(o->concord);
            if (!smark && !(smark = tsc__malloc(ns + 1))) { rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
            if (!lsec) {
                if (!(lsec = tsc__malloc((nl ? nl : 1) * sizeof *lsec))) { rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
                for (size_t i = 0; i < nl; i++) {
                    const char *s = tsc_hs_concord_sector(o->concord, line[i].hs);
                    lsec[i] = s ? tsc_hs_concord_sector_index(o->concord, s) : ns; /* ns: no sector */
                }
            }
            memset(smark, 0, ns + 1);
            for (size_t c = 0; c < m->sectors.ncodes; c++) {
                size_t s = tsc_hs_concord_sector_index(o->concord, m->sectors.codes[c]);
                if (s == NO_INDEX)
                    { rc = tsc__error(err, TSC_ELABEL, m->file, m->sectors.line, m->sectors.col, "unknown sector '%s' (the concordance's sectors are %s ... %s; or use goods, all, {hs: [...]})", m->sectors.codes[c], tsc_hs_concord_sector_code(o->concord, 0), tsc_hs_concord_sector_code(o->concord, ns - 1)); goto done; }
                smark[s] = 1;
            }
        }
        tsc__free(sel.code);
        tsc__free(exc.code);
        sel.code = exc.code = NULL;
        if ((m->sectors.kind == SEL_HS && prefixes_init(&sel, &m->sectors)) || (m->except.kind == SEL_HS && prefixes_init(&exc, &m->except)))
            { rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
        for (size_t i = 0; i < nl; i++) {
            const tsc_import_line *l = &line[i];
            if (!pmark[l->partner]) continue;
            if (m->sectors.kind == SEL_LIST && !smark[lsec[i]]) continue;
            if (m->sectors.kind == SEL_HS && !has_prefix(&sel, l->hs)) continue;
            if (m->except.kind == SEL_HS && has_prefix(&exc, l->hs)) continue;
            double old = out->line_rate[i];
            double target = m->op == OP_ADD ? old + m->value : m->op == OP_SET ? m->value : (old > m->value ? old : m->value);
            if (m->op != OP_ADD) {
                long prev = setter[i];
                if (prev >= 0 && sc->m[prev].depth == m->depth && !m->override)
                    { rc = tsc__error(err, TSC_EINVAL, m->file, m->line, m->col, "this measure and the one at line %zu both set the rate of HS line %s from %s; say which wins with 'override: true' on the later one", sc->m[prev].line, l->hs, tsc_imports_partner(im, l->partner)); goto done; }
                setter[i] = (long)idx;
            }
            double v = old + (1.0 - m->exempt_share) * (target - old);
            if (!(v > -100 && v <= 1000))
                { rc = tsc__error(err, TSC_EINVAL, m->file, m->line, m->col, "this measure takes the rate of HS line %s from %s to %g%%, outside (-100, 1000]", l->hs, tsc_imports_partner(im, l->partner), v); goto done; }
            out->line_rate[i] = v;
        }
    }
    for (size_t i = 0; i < nl; i++) {
        size_t p = line[i].partner;
        out->value[p] += line[i].value;
        out->base_pct[p] += line[i].value * out->line_base[i];
        out->rate_pct[p] += line[i].value * out->line_rate[i];
    }
    for (size_t p = 0; p < np; p++) {
        out->base_pct[p] = out->value[p] > 0 ? out->base_pct[p] / out->value[p] : 0.0;
        out->rate_pct[p] = out->value[p] > 0 ? out->rate_pct[p] / out->value[p] : 0.0;
    }
done:
    tsc__free(sel.code);
    tsc__free(exc.code);
    tsc__free(setter);
    tsc__free(pmark);
    tsc__free(smark);
    tsc__free(lsec);
    if (rc) tsc_effective_free(out);
    return rc;
}
