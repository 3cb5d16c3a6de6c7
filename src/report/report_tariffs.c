/* The report's tariff schedules: one common baseline carried to the table's codes, US cells line by line from the
 * customs lines (aggregated to the table's regions and sectors), the other cells from the scenario's measures. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "groups_int.h"
#include "report_int.h"
#include "scenario_int.h"
#include "tariffscope/decomp.h"
#include "tariffscope/tariffs.h"

#define NCHAPTER 100
#define MAX_MEMBERS 64

struct rep_lines {
    size_t G, N, importer;     /* importer: the table region of the customs data (USA) */
    tsc_imports *im;
    tsc_hs_concord *hs;
    size_t nlines, nd;         /* nd: detailed sectors of the concordance */
    double value;              /* of the lines mapped to a cell */
    size_t nc, capc;           /* contributions of lines to cells */
    size_t *cline, *ccell;
    double *cw;
    double *cell_value;        /* G*N */
    double *pd;                /* partners x detailed sectors: customs value, for averaging base rates */
};

FILE *tsc__rep_temp_open(char *path, size_t size)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(path, size, "%s/tariffscope-report.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "w");
    if (!f) { close(fd); remove(path); }
    return f;
}

void tsc__rep_lines_free(rep_lines *l)
{
    if (!l) return;
    tsc_imports_free(l->im);
    tsc_hs_concord_free(l->hs);
    tsc__free(l->cline);
    tsc__free(l->ccell);
    tsc__free(l->cw);
    tsc__free(l->cell_value);
    tsc__free(l->pd);
    tsc__free(l);
}

size_t tsc__rep_lines_count(const rep_lines *l, double *value)
{
    if (value) *value = l ? l->value : 0;
    return l ? l->nlines : 0;
}

void tsc__rep_lines_cells(const rep_lines *l, double *value)
{
    memcpy(value, l->cell_value, l->G * l->N * sizeof *value);
}

static int contribute(rep_lines *l, size_t line, size_t cell, double w)
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
static int eu_shares(const tsc_table *t, const rep_codes *c, const tsc_report_opts *o, const tsc_imports *im,
                     double *share, unsigned char *own, size_t rest, tsc_error *err)
{
    size_t G = tsc_table_nregions(t);
    char mpath[1400], dir[1400], path[1600];
    const char *members = o->members;
    if (!members) { beside(o->imports, "hts/country_partner_mapping.csv", mpath, sizeof mpath); members = mpath; }
    if (o->hs2) snprintf(dir, sizeof dir, "%s", o->hs2);
    else beside(o->imports, "hs2", dir, sizeof dir);
    FILE *probe = fopen(members, "r");
    if (!probe) return 1; /* no members file: the caller keeps the aggregate whole */
    fclose(probe);
    tsc_csv *in = NULL;
    int rc = tsc__csv_open(members, &in, err);
    if (rc) return rc;
    double *imp = tsc__calloc((size_t)G * NCHAPTER, sizeof *imp);
    if (!imp) { tsc__csv_close(in); return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory"); }
    rc = tsc__csv_next(in, err); /* header */
    size_t nmember = 0;
    while (rc == 1 && (rc = tsc__csv_next(in, err)) == 1) {
        if (tsc__csv_nfields(in) < 2 || strcmp(tsc__csv_field(in, 1), "eu") != 0) continue;
        const char *cty = tsc__csv_field(in, 0), *iso = tsc_imports_country(im, cty);
        if (!iso) continue;
        size_t r = tsc__rep_region(t, c, iso);
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
    if (rc < 0) { tsc__free(imp); return rc; }
    if (nmember == 0) { tsc__free(imp); return 1; }
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

int tsc__rep_lines_new(const tsc_table *t, const rep_codes *c, const tsc_report_opts *o, rep_lines **out, tsc_error *err)
{
    *out = NULL;
    size_t G = tsc_table_nregions(t), N = tsc_table_nsectors(t), imp_region = TSC_NONE;
    for (size_t r = 0; r < G; r++)
        if (strcmp(tsc_table_region(t, r), o->customs_importer) == 0) imp_region = r;
    if (imp_region == TSC_NONE || !o->imports) return TSC_OK; /* the customs lines are the customs importer's imports */
    rep_lines *l = tsc__calloc(1, sizeof *l);
    double *share = NULL;
    unsigned char *own = NULL;
    size_t *dmap = NULL;
    if (!l) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    l->G = G;
    l->N = N;
    l->importer = imp_region;
    tsc_imports_opts io = {o->countries};
    int rc = tsc_imports_load(o->imports, &io, &l->im, err);
    if (!rc) rc = tsc_hs_concord_load(o->hs_concordance, &l->hs, err);
    if (rc) goto fail;
    size_t np = tsc_imports_npartners(l->im), nl;
    const tsc_import_line *line = tsc_imports_lines(l->im, &nl);
    l->nd = tsc_hs_concord_nsectors(l->hs);
    l->cell_value = tsc__calloc(G * N, sizeof *l->cell_value);
    l->pd = tsc__calloc((np ? np : 1) * (l->nd ? l->nd : 1), sizeof *l->pd);
    share = tsc__calloc(G * NCHAPTER, sizeof *share);
    own = tsc__calloc(np ? np : 1, 1);
    dmap = tsc__malloc((l->nd ? l->nd : 1) * sizeof *dmap);
    if (!l->cell_value || !l->pd || !share || !own || !dmap) { rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory"); goto fail; }
    for (size_t s = 0; s < l->nd; s++) dmap[s] = tsc__rep_sector(t, c, tsc_hs_concord_sector_code(l->hs, s));
    size_t rest = tsc__rep_rest(t, c), eu = tsc_imports_partner_index(l->im, "EU");
    int split = 0;
    if (eu != (size_t)-1) {
        rc = eu_shares(t, c, o, l->im, share, own, rest, err);
        if (rc < 0) goto fail;
        split = rc == TSC_OK;
        rc = TSC_OK;
    }
    size_t *preg = tsc__malloc((np ? np : 1) * sizeof *preg);
    if (!preg) { rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory"); goto fail; }
    for (size_t p = 0; p < np; p++) {
        const char *code = tsc_imports_partner(l->im, p);
        size_t r = tsc__rep_region(t, c, code);
        if (r == TSC_NONE) r = rest;
        /* imports from the importer itself (returned goods) and members inside the aggregate count nowhere */
        preg[p] = r == imp_region || (split && own[p] && p != eu) ? TSC_NONE : r;
    }
    for (size_t i = 0; i < nl && !rc; i++) {
        const tsc_import_line *ln = &line[i];
        if (!(ln->value > 0)) continue;
        const char *dcode = tsc_hs_concord_sector(l->hs, ln->hs);
        size_t ds = dcode ? tsc_hs_concord_sector_index(l->hs, dcode) : (size_t)-1;
        if (ds == (size_t)-1 || dmap[ds] == TSC_NONE) continue;
        size_t k = dmap[ds], p = ln->partner;
        l->pd[p * l->nd + ds] += ln->value;
        if (split && p == eu) {
            size_t ch = (size_t)(ln->hs[0] - '0') * 10 + (size_t)(ln->hs[1] - '0');
            for (size_t r = 0; r < G && !rc; r++)
                if (r != imp_region && share[r * NCHAPTER + ch] > 0 && contribute(l, i, r * N + k, ln->value * share[r * NCHAPTER + ch]))
                    rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        } else if (preg[p] != TSC_NONE && contribute(l, i, preg[p] * N + k, ln->value)) {
            rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        }
        if (preg[p] != TSC_NONE || (split && p == eu)) l->value += ln->value;
    }
    tsc__free(preg);
    if (rc) goto fail;
    l->nlines = nl;
    tsc__free(share);
    tsc__free(own);
    tsc__free(dmap);
    *out = l;
    return TSC_OK;
fail:
    tsc__free(share);
    tsc__free(own);
    tsc__free(dmap);
    tsc__rep_lines_free(l);
    return rc;
}

/* ---- the common baseline ------------------------------------------------------------------------------------ */

typedef struct base_entry {
    size_t cell, seq;
    char key[96];   /* the detailed importer|exporter|sector */
    double rate, w;
} base_entry;

static int cmp_entry(const void *a, const void *b)
{
    const base_entry *x = a, *y = b;
    if (x->cell != y->cell) return x->cell < y->cell ? -1 : 1;
    int k = strcmp(x->key, y->key);
    if (k) return k;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The customs value of exporter (detailed code) in detailed sector: the weight of its base rate. */
static double detail_weight(const rep_lines *l, const char *exporter, const char *sector)
{
    if (!l) return 0;
    size_t p = tsc_imports_partner_index(l->im, strcmp(exporter, "ROM") == 0 ? "ROU" : exporter);
    size_t s = tsc_hs_concord_sector_index(l->hs, sector);
    return p == (size_t)-1 || s == (size_t)-1 ? 0 : l->pd[p * l->nd + s];
}

static int special_region(const tsc_groups *g, const char *code)
{
    return strcmp(code, "all") == 0 || (g && tsc__groups_has(g, code));
}

int tsc__rep_common_base(const tsc_table *t, const rep_codes *c, const rep_lines *l, const tsc_groups *g,
                         const char *const *bases, size_t nbases, char *path, size_t size, char *note, size_t nsize,
                         tsc_error *err)
{
    static const char *const head[4] = {"importer", "exporter", "sector", "rate_pct"};
    size_t G = tsc_table_nregions(t), N = tsc_table_nsectors(t), ne = 0, cap = 0, nskip = 0, nrows = 0, seq = 0;
    base_entry *e = NULL;
    char *special = NULL;   /* rows with all, goods or a group, kept as they are (codes carried where concrete) */
    size_t special_len = 0;
    FILE *sp = open_memstream(&special, &special_len);
    int rc = sp ? TSC_OK : tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    path[0] = '\0';
    for (size_t b = 0; b < nbases && !rc; b++) {
        tsc_csv *in = NULL;
        if ((rc = tsc__csv_open_header(bases[b], head, 4, &in, err))) break;
        while ((rc = tsc__csv_next(in, err)) == 1) {
            double v;
            if ((rc = tsc__csv_expect_fields(in, 4, err)) || (rc = tsc__csv_number(in, 3, &v, err))) break;
            nrows++;
            const char *code[3] = {tsc__csv_field(in, 0), tsc__csv_field(in, 1), tsc__csv_field(in, 2)};
            size_t idx[3];
            int keep = 0, lost = 0;
            for (int f = 0; f < 3; f++) {
                int sp_code = f < 2 ? special_region(g, code[f]) : strcmp(code[f], "all") == 0 || strcmp(code[f], "goods") == 0;
                idx[f] = sp_code ? TSC_NONE : f < 2 ? tsc__rep_region(t, c, code[f]) : tsc__rep_sector(t, c, code[f]);
                keep |= sp_code;
                lost |= !sp_code && idx[f] == TSC_NONE;
            }
            if (lost) { nskip++; continue; }
            if (keep) {
                for (int f = 0; f < 3; f++)
                    fprintf(sp, "%s,", idx[f] == TSC_NONE ? code[f] : f < 2 ? tsc_table_region(t, idx[f]) : tsc_table_sector(t, idx[f]));
                tsc__rep_csv_num(sp, v);
                fputc('\n', sp);
                continue;
            }
            if (idx[0] == idx[1]) { nskip++; continue; } /* a region never taxes itself */
            if (ne == cap) {
                cap = cap ? 2 * cap : 1024;
                base_entry *p = tsc__realloc(e, cap * sizeof *p);
                if (!p) { rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory"); break; }
                e = p;
            }
            base_entry *x = &e[ne++];
            x->cell = (idx[0] * G + idx[1]) * N + idx[2];
            x->seq = seq++;
            snprintf(x->key, sizeof x->key, "%.30s|%.30s|%.30s", code[0], code[1], code[2]);
            x->rate = v;
            x->w = detail_weight(l, code[1], code[2]);
        }
        tsc__csv_close(in);
        if (rc > 0) rc = TSC_OK;
    }
    if (sp && fclose(sp) && !rc) rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    FILE *f = NULL;
    if (!rc && !(f = tsc__rep_temp_open(path, size))) rc = tsc__error(err, TSC_EIO, NULL, 0, 0, "cannot write a temporary file");
    size_t ncell = 0, naveraged = 0;
    if (!rc) {
        if (ne > 1) qsort(e, ne, sizeof *e, cmp_entry); /* e is NULL without base rows: qsort on NULL is undefined */
        fputs("importer,exporter,sector,rate_pct\n", f);
        if (special_len) fwrite(special, 1, special_len, f);
        for (size_t a = 0; a < ne;) {
            size_t z = a;
            double sw = 0, swr = 0, s1 = 0, sr = 0;
            size_t nk = 0;
            while (z < ne && e[z].cell == e[a].cell) {
                /* the same detailed cell twice: the later row wins */
                if (z + 1 < ne && e[z + 1].cell == e[z].cell && strcmp(e[z + 1].key, e[z].key) == 0) { z++; continue; }
                sw += e[z].w;
                swr += e[z].w * e[z].rate;
                s1 += 1;
                sr += e[z].rate;
                nk++;
                z++;
            }
            size_t cell = e[a].cell, n = cell / (G * N), i = cell / N % G, k = cell % N;
            fprintf(f, "%s,%s,%s,", tsc_table_region(t, n), tsc_table_region(t, i), tsc_table_sector(t, k));
            tsc__rep_csv_num(f, sw > 0 ? swr / sw : sr / s1);
            fputc('\n', f);
            ncell++;
            naveraged += nk > 1;
            a = z;
        }
        if (fclose(f)) rc = tsc__error(err, TSC_EIO, path, 0, 0, "cannot write a temporary file");
    }
    if (!rc && note)
        snprintf(note, nsize, "%zu base rows from %zu file%s became %zu table cells (%zu averaged from several detailed "
                              "cells, weighted by the exporter's 2024 US imports in each); %zu rows outside the table left out",
                 nrows, nbases, nbases == 1 ? "" : "s", ncell, naveraged, nskip);
    tsc__free(e);
    free(special);
    if (rc && path[0]) { remove(path); path[0] = '\0'; }
    return rc;
}

/* ---- one scenario ------------------------------------------------------------------------------------------- */

int tsc__rep_tariffs(const tsc_table *t, const tsc_scenario *sc, const rep_lines *l, const char *base_csv,
                     const tsc_report_opts *o, tsc_tariffs *out, char date[11], tsc_error *err)
{
    char empty[1100] = "";
    const char *weights = o->hs_weights;
    if (l || !weights) {
        /* no weight rows: HS measures reach no cell here (the lines take care of them), whole-cell measures apply */
        FILE *f = tsc__rep_temp_open(empty, sizeof empty);
        if (!f) return tsc__error(err, TSC_EIO, NULL, 0, 0, "cannot write a temporary file");
        fputs("importer,exporter,hs,sector,value\n", f);
        /* one row of zero weight, which the reader skips: with no row at all it would sort a NULL array */
        if (tsc_table_nregions(t) > 1)
            fprintf(f, "%s,%s,00,%s,0\n", tsc_table_region(t, 0), tsc_table_region(t, 1), tsc_table_sector(t, 0));
        if (fclose(f)) { remove(empty); return tsc__error(err, TSC_EIO, empty, 0, 0, "cannot write a temporary file"); }
        weights = empty;
    }
    tsc_apply_opts ao = {o->groups, NULL, base_csv, weights};
    int rc = tsc_scenario_apply(sc, t, &ao, out, err);
    if (empty[0]) remove(empty);
    if (rc) return rc;
    snprintf(date, 11, "%s", sc->date);
    if (!l) return TSC_OK;
    tsc_effective eff;
    tsc_effective_opts eo = {o->groups, NULL, TSC_BASE_APPLIED, tsc_table_region(t, l->importer), l->hs};
    if ((rc = tsc_effective_rates(sc, l->im, &eo, &eff, err))) { tsc_tariffs_free(out); return rc; }
    snprintf(date, 11, "%s", eff.date);
    size_t G = l->G, N = l->N, cells = G * N;
    double *sb = tsc__calloc(2 * cells, sizeof *sb), *sr = sb ? sb + cells : NULL;
    if (!sb) { tsc_effective_free(&eff); tsc_tariffs_free(out); return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory"); }
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
