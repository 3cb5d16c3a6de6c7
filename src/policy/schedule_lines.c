/* A table's tariff schedule, customs lines: the importer's lines of 2024 placed in the table's cells (exporter
 * region x sector), partners the table folds into its rest of the world aggregated into it, the EU aggregate split
 * among the regions holding its members, and every line that cannot be placed counted. */
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "schedule_int.h"

#define NCHAPTER 100

void tsc__sched_lines_free(sched_lines *l)
{
    if (!l) return;
    tsc_imports_free(l->im);
    tsc_hs_concord_free(l->hs);
    tsc__free(l->cline);
    tsc__free(l->ccell);
    tsc__free(l->cw);
    tsc__free(l->cell_value);
    tsc__free(l->lsector);
    tsc__free(l->pd);
    tsc__free(l->partner_region);
    tsc__free(l);
}

static int contribute(sched_lines *l, size_t line, size_t cell, double w)
{
    if (!(w > 0)) return 0;
    if (l->nc == l->capc) {
        size_t cap = l->capc ? 2 * l->capc : 1 << 16;
        size_t *a = tsc__realloc(l->cline, cap * sizeof *a);
        if (!a) return -1;
        l->cline = a;
        size_t *b = tsc__realloc(l->ccell, cap * sizeof *b);
        if (!b) return -1;
        l->ccell = b;
        double *c = tsc__realloc(l->cw, cap * sizeof *c);
        if (!c) return -1;
        l->cw = c;
        l->capc = cap;
    }
    l->cline[l->nc] = line;
    l->ccell[l->nc] = cell;
    l->cw[l->nc++] = w;
    l->cell_value[cell] += w;
    return 0;
}

/* "<imports>/../<rel>" */
static void beside(const char *imports, const char *rel, char *buf, size_t size)
{
    snprintf(buf, size, "%s/../%s", imports, rel);
}

/* The EU aggregate's members and, by HS chapter, the share of each table region holding some of them in the
 * members' 2024 imports (hs2 files). Without the members file the aggregate stays whole (eu_region); without a
 * member's chapter file its region counts the whole chapter. share[r * NCHAPTER + ch]; own[p] marks partners
 * whose lines the aggregate holds already. */
static int eu_shares(const tsc_table *t, const tsc_codemap *c, const tsc_schedule_opts *o, const tsc_imports *im,
                     double *share, unsigned char *own, size_t rest, tsc_error *err)
{
    size_t G = tsc_table_nregions(t);
    char mpath[1400], dir[1400], path[1600];
    const char *members = o->members;
    if (!members) {
        beside(o->imports, "hts/country_partner_mapping.csv", mpath, sizeof mpath);
        members = mpath;
    }
    if (o->hs2) snprintf(dir, sizeof dir, "%s", o->hs2);
    else beside(o->imports, "hs2", dir, sizeof dir);
    FILE *probe = fopen(members, "r");
    if (!probe) return 1; /* no members file: the caller keeps the aggregate whole */
    fclose(probe);
    tsc_csv *in = NULL;
    int rc = tsc__csv_open(members, &in, err);
    if (rc) return rc;
    double *imp = tsc__calloc((size_t)G * NCHAPTER, sizeof *imp);
    if (!imp) {
        tsc__csv_close(in);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    rc = tsc__csv_next(in, err); /* header */
    size_t nmember = 0;
    while (rc == 1 && (rc = tsc__csv_next(in, err)) == 1) {
        if (tsc__csv_nfields(in) < 2 || strcmp(tsc__csv_field(in, 1), "eu") != 0) continue;
        const char *cty = tsc__csv_field(in, 0), *iso = tsc_imports_country(im, cty);
        if (!iso) continue;
        size_t r = tsc__codemap_region(t, c, iso);
        if (r == TSC_NONE) r = rest;
        if (r == TSC_NONE) continue;
        size_t p = tsc_imports_partner_index(im, iso);
        if (p != (size_t)-1) own[p] = 1;
        nmember++;
        snprintf(path, sizeof path, "%s/hs2-tariff-%s.csv", dir, cty);
        tsc_csv *h = NULL;
        probe = fopen(path, "r");
        if (!probe) {
            for (size_t ch = 0; ch < NCHAPTER; ch++) imp[r * NCHAPTER + ch] += 1; /* a token: the region counts */
            continue;
        }
        fclose(probe);
        tsc_error sub;
        if (tsc__csv_open(path, &h, &sub)) continue;
        int hr = tsc__csv_next(h, &sub);
        size_t nf = hr == 1 ? tsc__csv_nfields(h) : 0, fch = nf, fval = nf;
        for (size_t i = 0; i < nf; i++) {
            if (strcmp(tsc__csv_field(h, i), "HS2") == 0) fch = i;
            if (strcmp(tsc__csv_field(h, i), "2024_imports") == 0) fval = i;
        }
        while (fch < nf && fval < nf && tsc__csv_next(h, &sub) == 1) {
            const char *ch = tsc__csv_field(h, fch);
            double v;
            if (tsc__csv_nfields(h) != nf || tsc__csv_flen(h, fch) != 2 || ch[0] < '0' || ch[0] > '9' || ch[1] < '0' ||
                ch[1] > '9' || tsc__csv_number(h, fval, &v, &sub) || !(v > 0))
                continue;
            imp[r * NCHAPTER + (size_t)(ch[0] - '0') * 10 + (size_t)(ch[1] - '0')] += v;
        }
        tsc__csv_close(h);
    }
    tsc__csv_close(in);
    if (rc < 0) {
        tsc__free(imp);
        return rc;
    }
    if (nmember == 0) {
        tsc__free(imp);
        return 1;
    }
    double all[NCHAPTER] = {0}, grand = 0;
    for (size_t r = 0; r < G; r++)
        for (size_t ch = 0; ch < NCHAPTER; ch++) all[ch] += imp[r * NCHAPTER + ch];
    for (size_t ch = 0; ch < NCHAPTER; ch++) grand += all[ch];
    for (size_t r = 0; r < G; r++) {
        double tot = 0;
        for (size_t ch = 0; ch < NCHAPTER; ch++) tot += imp[r * NCHAPTER + ch];
        for (size_t ch = 0; ch < NCHAPTER; ch++)
            /* a chapter no member reported: the members' shares over all chapters */
            share[r * NCHAPTER + ch] = all[ch] > 0 ? imp[r * NCHAPTER + ch] / all[ch] : grand > 0 ? tot / grand : 0;
    }
    tsc__free(imp);
    return TSC_OK;
}

/* The table region of each partner: its own or its concordance target, else the rest of the world; TSC_NONE for
 * the importer itself and for members whose lines the split EU aggregate holds already. */
static void partner_regions(const tsc_schedule *s, sched_lines *l, const unsigned char *own, int split, size_t eu,
                            size_t *preg)
{
    size_t np = tsc_imports_npartners(l->im), rest = tsc__codemap_rest(s->t, &s->codes);
    for (size_t p = 0; p < np; p++) {
        size_t r = tsc__codemap_region(s->t, &s->codes, tsc_imports_partner(l->im, p));
        if (r == TSC_NONE) {
            r = rest;
            l->info.npartners_rest += rest != TSC_NONE && p != eu;
        }
        preg[p] = r == l->importer || (split && own[p] && p != eu) ? TSC_NONE : r;
    }
}

/* What placing the lines needs, besides the schedule and its lines. */
typedef struct place_ctx {
    const tsc_schedule *s;
    sched_lines *l;
    const double *share;      /* EU split: region r's share of chapter ch, [r * NCHAPTER + ch] */
    const unsigned char *own; /* partners whose lines the split EU aggregate holds already */
    const size_t *dmap;       /* detailed sector -> table sector */
    const size_t *preg;       /* partner -> table region (TSC_NONE: none) */
    int split;
    size_t eu;
} place_ctx;

/* Line i: its table sector, its weight in the detailed base rates, and its value placed in a cell or counted. */
static int place_line(const place_ctx *c, const tsc_import_line *line, size_t i, tsc_error *err)
{
    sched_lines *l = c->l;
    size_t G = c->s->G, N = c->s->N;
    const tsc_import_line *ln = &line[i];
    const char *dcode = tsc_hs_concord_sector(l->hs, ln->hs);
    size_t ds = dcode ? tsc_hs_concord_sector_index(l->hs, dcode) : (size_t)-1;
    int mapped = ds != (size_t)-1 && c->dmap[ds] != TSC_NONE;
    l->lsector[i] = mapped ? c->dmap[ds] : TSC_NONE;
    if (!(ln->value > 0)) return TSC_OK;
    size_t p = ln->partner;
    /* every partner's own lines weigh its detailed base rates, a member's own lines too */
    if (mapped) l->pd[p * l->nd + ds] += ln->value;
    if (c->split && c->own[p] && p != c->eu) return TSC_OK; /* a member's own lines: the EU aggregate holds them */
    l->info.value_in += ln->value;
    if (!mapped) {
        l->info.value_no_sector += ln->value;
        return TSC_OK;
    }
    size_t k = c->dmap[ds];
    if (c->split && p == c->eu) {
        size_t ch = (size_t)(ln->hs[0] - '0') * 10 + (size_t)(ln->hs[1] - '0');
        /* the shares of a chapter sum to one over the regions holding members (the importer is none) */
        for (size_t r = 0; r < G; r++) {
            double sh = c->share[r * NCHAPTER + ch];
            if (r == l->importer || !(sh > 0)) continue;
            if (contribute(l, i, r * N + k, ln->value * sh))
                return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        }
        l->info.value_placed += ln->value;
    } else if (c->preg[p] != TSC_NONE) {
        if (contribute(l, i, c->preg[p] * N + k, ln->value))
            return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        l->info.value_placed += ln->value;
    } else if (tsc__codemap_region(c->s->t, &c->s->codes, tsc_imports_partner(l->im, p)) == l->importer) {
        l->info.value_own += ln->value;
    } else {
        l->info.value_no_partner += ln->value;
    }
    return TSC_OK;
}

int tsc__sched_lines_new(tsc_schedule *s, const tsc_schedule_opts *o, tsc_error *err)
{
    const tsc_table *t = s->t;
    size_t G = s->G, N = s->N, importer = TSC_NONE;
    const char *imp_code = o->importer ? o->importer : "USA";
    for (size_t r = 0; r < G; r++)
        if (strcmp(tsc_table_region(t, r), imp_code) == 0) importer = r;
    if (!o->imports) return TSC_OK;
    if (importer == TSC_NONE)
        return tsc__error(err, TSC_ELABEL, o->imports, 0, 0,
                          "the customs lines are imports of %s, a region the table lacks", imp_code);
    if (!o->hs_concordance)
        return tsc__error(err, TSC_EINVAL, o->imports, 0, 0, "customs lines need an HS concordance (hs_concordance)");
    sched_lines *l = tsc__calloc(1, sizeof *l);
    double *share = NULL;
    unsigned char *own = NULL;
    size_t *dmap = NULL, *preg = NULL;
    if (!l) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    l->importer = importer;
    tsc_imports_opts io = {o->countries};
    int rc = tsc_imports_load(o->imports, &io, &l->im, err);
    if (!rc) rc = tsc_hs_concord_load(o->hs_concordance, &l->hs, err);
    if (rc) goto fail;
    size_t np = tsc_imports_npartners(l->im), nl;
    const tsc_import_line *line = tsc_imports_lines(l->im, &nl);
    l->nd = tsc_hs_concord_nsectors(l->hs);
    l->cell_value = tsc__calloc(G * N, sizeof *l->cell_value);
    l->lsector = tsc__malloc((nl ? nl : 1) * sizeof *l->lsector);
    l->pd = tsc__calloc((np ? np : 1) * (l->nd ? l->nd : 1), sizeof *l->pd);
    share = tsc__calloc(G * NCHAPTER, sizeof *share);
    own = tsc__calloc(np ? np : 1, 1);
    dmap = tsc__malloc((l->nd ? l->nd : 1) * sizeof *dmap);
    preg = tsc__malloc((np ? np : 1) * sizeof *preg);
    if (!l->cell_value || !l->lsector || !l->pd || !share || !own || !dmap || !preg) {
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    for (size_t d = 0; d < l->nd; d++)
        dmap[d] = tsc__codemap_sector(t, &s->codes, tsc_hs_concord_sector_code(l->hs, d));
    size_t rest = tsc__codemap_rest(t, &s->codes), eu = tsc_imports_partner_index(l->im, "EU");
    int split = 0;
    if (eu != (size_t)-1) {
        rc = eu_shares(t, &s->codes, o, l->im, share, own, rest, err);
        if (rc < 0) goto fail;
        split = rc == TSC_OK;
        rc = TSC_OK;
    }
    l->info.npartners_split = (size_t)split;
    partner_regions(s, l, own, split, eu, preg);
    place_ctx pc = {s, l, share, own, dmap, preg, split, eu};
    for (size_t i = 0; i < nl && !rc; i++) rc = place_line(&pc, line, i, err);
    if (rc) goto fail;
    l->info.nlines = nl;
    if (!(l->partner_region = tsc__calloc(np ? np : 1, sizeof *l->partner_region))) {
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    for (size_t p = 0; p < np; p++)
        l->partner_region[p] = preg[p] == TSC_NONE || (split && p == eu) ? NULL : tsc_table_region(t, preg[p]);
    tsc__free(share);
    tsc__free(own);
    tsc__free(dmap);
    tsc__free(preg);
    s->lines = l;
    return TSC_OK;
fail:
    tsc__free(share);
    tsc__free(own);
    tsc__free(dmap);
    tsc__free(preg);
    tsc__sched_lines_free(l);
    return rc;
}
