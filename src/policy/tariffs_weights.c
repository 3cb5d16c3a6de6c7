/* Import weights by exporter, HS prefix and table sector, and import-weighted rates by exporter and sector. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_int.h"
#include "codemap_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "tariffscope/tariffs.h"

#define NO_INDEX ((size_t)-1)
#define MAX_MEMBERS 64
#define NCHAPTERS 100

void tsc_hs_weights_free(tsc_hs_weights *w)
{
    if (!w) return;
    for (size_t e = 0; w->exporter && e < w->nexporters; e++) tsc__free(w->exporter[e]);
    for (size_t s = 0; w->sector && s < w->nsectors; s++) tsc__free(w->sector[s]);
    tsc__free(w->exporter);
    tsc__free(w->sector);
    tsc__free(w->importer);
    tsc__free(w->row);
    memset(w, 0, sizeof *w);
}

/* A member state of the split aggregate: its table region and imports by HS chapter. */
typedef struct member {
    char cty[8];
    const char *region;
    size_t partner; /* its own line file, or NO_INDEX */
    double chapter[NCHAPTERS];
    double all; /* over every chapter */
} member;

typedef struct builder {
    const char *rest; /* the region of partners the table lacks (one pointer: compared by address) */
    tsc_codemap agg;  /* the table's aggregation (opts->aggregation), empty without one */
    const tsc_imports *im;
    const tsc_hs_concord *cc;
    const tsc_hs_weights_opts *o;
    size_t digits;
    const char **exp_of; /* per partner: its exporter code, or NULL for the split aggregate */
    member *m;
    size_t nm;
    size_t split; /* partner index of the EU aggregate when it is split, else NO_INDEX */
    char **codes; /* distinct exporter codes (sorted at the end) */
    size_t ncodes;
    tsc_hs_weight *raw;
    size_t nraw, capraw;
} builder;

static int has_region(const tsc_hs_weights_opts *o, const char *code)
{
    for (size_t r = 0; r < o->nregions; r++)
        if (strcmp(o->regions[r], code) == 0) return 1;
    return 0;
}

/* The table region of a partner code: itself, ROM for ROU (WIOD's code for Romania), the region the table's
 * aggregation maps it to, or the rest region (b->rest, returned as that pointer). */
static const char *region_of(const builder *b, const char *code)
{
    const tsc_hs_weights_opts *o = b->o;
    if (has_region(o, code)) return code;
    if (strcmp(code, "ROU") == 0 && has_region(o, "ROM")) return "ROM";
    for (size_t k = 0; k < b->agg.nregion; k++)
        if ((strcmp(b->agg.rfrom[k], code) == 0 || (strcmp(code, "ROU") == 0 && strcmp(b->agg.rfrom[k], "ROM") == 0)) &&
            has_region(o, b->agg.rto[k]))
            return b->agg.rto[k];
    return b->rest;
}

/* The rest region: --rest, else RoW's target in the aggregation, else ROW or RoW, whichever the table has. */
static const char *rest_region(const builder *b)
{
    const tsc_hs_weights_opts *o = b->o;
    if (o->rest) return o->rest;
    for (size_t k = 0; k < b->agg.nregion; k++)
        if (strcmp(b->agg.rfrom[k], "RoW") == 0 && has_region(o, b->agg.rto[k])) return b->agg.rto[k];
    return has_region(o, "ROW") && !has_region(o, "RoW") ? "ROW" : "RoW";
}

static int add_code(builder *b, const char *code)
{
    for (size_t i = 0; i < b->ncodes; i++)
        if (strcmp(b->codes[i], code) == 0) return 0;
    char **p = tsc__realloc(b->codes, (b->ncodes + 1) * sizeof *p);
    if (!p) return -1;
    b->codes = p;
    if (!(b->codes[b->ncodes] = tsc__strdup(code))) return -1;
    b->ncodes++;
    return 0;
}

/* "<dir of the import files>/../<rel>" for the defaults of members_csv and hs2_dir. */
static void beside_imports(const tsc_hs_weights_opts *o, const char *rel, char *buf, size_t size)
{
    const char *dir = o->imports_dir ? o->imports_dir : ".";
    snprintf(buf, size, "%s/../%s", dir, rel);
}

static int read_members(builder *b, tsc_error *err)
{
    char path[1400];
    const char *file = b->o->members_csv;
    if (!file) {
        beside_imports(b->o, "hts/country_partner_mapping.csv", path, sizeof path);
        file = path;
    }
    tsc_csv *c = NULL;
    int rc = tsc__csv_open(file, &c, err);
    if (rc) return rc;
    rc = tsc__csv_next(c, err);
    if (rc == 0) rc = tsc__error(err, TSC_EPARSE, file, 0, 0, "file is empty");
    if (rc < 0) goto done;
    if (tsc__csv_nfields(c) < 2 || strcmp(tsc__csv_field(c, 0), "cty_code") ||
        strcmp(tsc__csv_field(c, 1), "partner")) {
        rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "header must start cty_code,partner");
        goto done;
    }
    while ((rc = tsc__csv_next(c, err)) == 1) {
        if (tsc__csv_nfields(c) < 2 || strcmp(tsc__csv_field(c, 1), "eu") != 0) continue;
        const char *cty = tsc__csv_field(c, 0), *iso = tsc_imports_country(b->im, cty);
        if (!iso) {
            rc = tsc__csv_error_at(c, 0, err, TSC_ELABEL, "unknown Census country code '%s'", cty);
            goto done;
        }
        if (b->nm == MAX_MEMBERS || tsc__csv_flen(c, 0) >= sizeof b->m[0].cty) {
            rc = tsc__csv_error_at(c, 0, err, TSC_ETOOBIG, "more than %d members, or a code too long", MAX_MEMBERS);
            goto done;
        }
        member *m = &b->m[b->nm++];
        memset(m, 0, sizeof *m);
        memcpy(m->cty, cty, tsc__csv_flen(c, 0) + 1);
        m->region = region_of(b, iso);
        m->partner = NO_INDEX;
        for (size_t p = 0; p < tsc_imports_npartners(b->im); p++)
            if (strcmp(tsc_imports_census_code(b->im, p), cty) == 0) m->partner = p;
    }
    if (rc == 0 && b->nm == 0)
        rc = tsc__error(err, TSC_EPARSE, file, 0, 0, "no member rows (partner 'eu') to split the EU aggregate");
done:
    tsc__csv_close(c);
    return rc < 0 ? rc : TSC_OK;
}

/* Imports of each member by HS chapter: DIR/hs2-tariff-<cty>.csv, columns HS2 and 2024_imports. */
static int read_chapters(builder *b, tsc_error *err)
{
    char dir[1400], path[1600];
    if (b->o->hs2_dir) snprintf(dir, sizeof dir, "%s", b->o->hs2_dir);
    else beside_imports(b->o, "hs2", dir, sizeof dir);
    int rc = TSC_OK;
    for (size_t k = 0; k < b->nm && !rc; k++) {
        snprintf(path, sizeof path, "%s/hs2-tariff-%s.csv", dir, b->m[k].cty);
        tsc_csv *c = NULL;
        if ((rc = tsc__csv_open(path, &c, err))) break;
        rc = tsc__csv_next(c, err);
        size_t nf = rc == 1 ? tsc__csv_nfields(c) : 0, fch = nf, fval = nf;
        for (size_t i = 0; i < nf; i++) {
            if (strcmp(tsc__csv_field(c, i), "HS2") == 0) fch = i;
            if (strcmp(tsc__csv_field(c, i), "2024_imports") == 0) fval = i;
        }
        if (rc == 1 && (fch == nf || fval == nf))
            rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "the header lacks HS2 or 2024_imports");
        else if (rc == 0) rc = tsc__error(err, TSC_EPARSE, path, 0, 0, "file is empty");
        while (rc == 1 && (rc = tsc__csv_next(c, err)) == 1) {
            const char *ch = tsc__csv_field(c, fch);
            double v;
            if (tsc__csv_nfields(c) != nf || tsc__csv_flen(c, fch) != 2 || ch[0] < '0' || ch[0] > '9' || ch[1] < '0' ||
                ch[1] > '9') {
                rc = tsc__csv_error_at(c, fch, err, TSC_EPARSE, "expected a two-digit HS chapter");
                break;
            }
            if ((rc = tsc__csv_number(c, fval, &v, err))) break;
            b->m[k].chapter[(ch[0] - '0') * 10 + (ch[1] - '0')] += v;
            b->m[k].all += v;
            rc = 1;
        }
        tsc__csv_close(c);
        if (rc > 0) rc = TSC_OK;
    }
    return rc;
}

static int push(builder *b, const char *exporter, const tsc_import_line *l, size_t sector, double share, tsc_error *err)
{
    if (b->nraw == b->capraw) {
        size_t cap = b->capraw ? 2 * b->capraw : 65536;
        tsc_hs_weight *p = tsc__realloc(b->raw, cap * sizeof *p);
        if (!p) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        b->raw = p;
        b->capraw = cap;
    }
    tsc_hs_weight *w = &b->raw[b->nraw++];
    w->exporter = NO_INDEX;
    for (size_t i = 0; i < b->ncodes && w->exporter == NO_INDEX; i++)
        if (strcmp(b->codes[i], exporter) == 0) w->exporter = i;
    w->sector = sector;
    size_t len = strlen(l->hs) < b->digits ? strlen(l->hs) : b->digits;
    memcpy(w->hs, l->hs, len);
    w->hs[len] = '\0';
    w->value = share * l->value;
    w->duty = share * l->duty;
    return TSC_OK;
}

static int cmp_line_hs(const void *a, const void *b)
{
    return strcmp(((const tsc_import_line *const *)a)[0]->hs, ((const tsc_import_line *const *)b)[0]->hs);
}

/* Splits one line of the EU aggregate among the members: a member with its own file keeps its value of that
 * line; the remainder goes to the others in proportion to their imports in the line's chapter. */
static int split_line(builder *b, const tsc_import_line *l, size_t sector, const tsc_import_line *const *own,
                      const size_t *nown, tsc_error *err)
{
    size_t ch = (size_t)(l->hs[0] - '0') * 10 + (size_t)(l->hs[1] - '0');
    double kept = 0, total = 0;
    for (size_t k = 0; k < b->nm; k++)
        if (b->m[k].partner == NO_INDEX) total += b->m[k].chapter[ch];
    /* the self-filed members' values of this line: own[] holds, for each such member, its lines sorted by code */
    size_t off = 0;
    for (size_t k = 0; k < b->nm; k++) {
        if (b->m[k].partner == NO_INDEX) continue;
        const tsc_import_line *key = l, *const *hit = bsearch(&key, own + off, nown[k], sizeof *own, cmp_line_hs);
        off += nown[k];
        if (hit) kept += (*hit)->value;
    }
    double rest = l->value - kept;
    if (!(rest > 0)) return TSC_OK; /* the self-filed members took the whole line */
    int by_all = !(total > 0);      /* no member reports the chapter: share by their total imports instead */
    if (by_all)
        for (size_t k = 0; k < b->nm; k++)
            if (b->m[k].partner == NO_INDEX) total += b->m[k].all;
    if (!(total > 0)) return TSC_OK;
    for (size_t k = 0; k < b->nm; k++) {
        double part = by_all ? b->m[k].all : b->m[k].chapter[ch];
        if (b->m[k].partner != NO_INDEX || part <= 0) continue;
        double share = rest / l->value * part / total;
        int rc = push(b, b->m[k].region, l, sector, share, err);
        if (rc) return rc;
    }
    return TSC_OK;
}

static int cmp_row(const void *a, const void *b)
{
    const tsc_hs_weight *x = a, *y = b;
    if (x->exporter != y->exporter) return x->exporter < y->exporter ? -1 : 1;
    int c = strcmp(x->hs, y->hs);
    if (c) return c;
    return x->sector < y->sector ? -1 : x->sector > y->sector;
}

static int cmp_code(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int nomem(tsc_error *err)
{
    return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
}

/* The EU aggregate is split among the members when the table keeps some of them as regions (e.g. DEU beside a
 * rest-of-EU region "EU") or has no "EU" region; members the table lacks go to "EU" if it has one, else to the rest
 * region. A table with "EU" and no member keeps the aggregate whole. */
static int decide_eu_split(builder *b, const char *rest, tsc_error *err)
{
    const tsc_hs_weights_opts *o = b->o;
    int rc;
    if ((rc = read_members(b, err))) return rc;
    int member_region = 0;
    for (size_t k = 0; k < b->nm; k++) member_region |= b->m[k].region != rest; /* region_of gave its own code */
    if (has_region(o, "EU") && !member_region) {
        b->exp_of[b->split] = "EU";
        b->split = NO_INDEX;
        b->nm = 0;
        return TSC_OK;
    }
    for (size_t k = 0; k < b->nm; k++) {
        if (b->m[k].region != rest || !has_region(o, "EU") || b->agg.nregion) continue;
        b->m[k].region = "EU";
        if (b->m[k].partner != NO_INDEX) b->exp_of[b->m[k].partner] = "EU"; /* a member with its own file */
    }
    return read_chapters(b, err);
}

/* Each partner's exporter code: the table's region (opts.regions, through the table's aggregation when given) or
 * the partner's own code, the EU aggregate possibly split among its members (those the table lacks go where its
 * aggregation puts them, else to "EU" if it has one, else to the rest region); then the distinct codes. */
static int assign_exporters(builder *b, tsc_error *err)
{
    const tsc_hs_weights_opts *o = b->o;
    size_t np = tsc_imports_npartners(b->im);
    int rc;
    if (o->regions) {
        const char *rest = b->rest = rest_region(b);
        for (size_t p = 0; p < np; p++) {
            const char *code = tsc_imports_partner(b->im, p);
            if (strcmp(code, "EU") == 0) {
                b->split = p;
                continue;
            } /* decided below, once the members are known */
            b->exp_of[p] = region_of(b, code);
            if (b->exp_of[p] == rest && !has_region(o, rest))
                return tsc__error(
                    err, TSC_ELABEL, NULL, 0, 0,
                    "partner %s is not a region of the table, and neither is the rest region '%s' (--rest)", code,
                    rest);
        }
        if (b->split != NO_INDEX && (rc = decide_eu_split(b, rest, err))) return rc;
        for (size_t k = 0; k < b->nm; k++)
            if (b->m[k].region == rest && !has_region(o, rest))
                return tsc__error(err, TSC_ELABEL, NULL, 0, 0,
                                  "EU member %s is not a region of the table, and neither is the rest region '%s'",
                                  b->m[k].cty, rest);
    } else
        for (size_t p = 0; p < np; p++) b->exp_of[p] = tsc_imports_partner(b->im, p);
    for (size_t p = 0; p < np; p++)
        if (b->exp_of[p] && add_code(b, b->exp_of[p])) return nomem(err);
    for (size_t k = 0; k < b->nm; k++)
        if (b->m[k].partner == NO_INDEX && add_code(b, b->m[k].region)) return nomem(err);
    return TSC_OK;
}

/* The lines of the members that have their own file, sorted by code per member (nown[k] of member k, one after the
 * other in own), for split_line to look them up. */
static int index_own_lines(const builder *b, const tsc_import_line *line, size_t nl, const tsc_import_line ***own,
                           size_t **nown, tsc_error *err)
{
    *nown = tsc__calloc(b->nm, sizeof **nown);
    *own = tsc__malloc((nl ? nl : 1) * sizeof **own);
    if (!*nown || !*own) return nomem(err);
    size_t off = 0;
    for (size_t k = 0; k < b->nm; k++) {
        if (b->m[k].partner == NO_INDEX) continue;
        for (size_t i = 0; i < nl; i++)
            if (line[i].partner == b->m[k].partner) (*own)[off + (*nown)[k]++] = &line[i];
        if ((*nown)[k]) qsort(*own + off, (*nown)[k], sizeof **own, cmp_line_hs);
        off += (*nown)[k];
    }
    return TSC_OK;
}

/* One raw row per mapped line with a positive value (several for a split line); out gets the totals. */
static int weigh_lines(builder *b, const tsc_import_line *line, size_t nl, const tsc_import_line *const *own,
                       const size_t *nown, tsc_hs_weights *out, tsc_error *err)
{
    for (size_t i = 0; i < nl; i++) {
        const tsc_import_line *l = &line[i];
        out->value_in += l->value;
        const char *sec = tsc_hs_concord_sector(b->cc, l->hs);
        if (!sec) {
            out->unmapped_lines++;
            out->value_unmapped += l->value;
            continue;
        }
        if (!(l->value > 0)) continue;
        size_t s = tsc_hs_concord_sector_index(b->cc, sec);
        int rc = l->partner == b->split ? split_line(b, l, s, own, nown, err)
                                        : push(b, b->exp_of[l->partner], l, s, 1.0, err);
        if (rc) return rc;
    }
    return TSC_OK;
}

/* Exporter codes sorted; rows renumbered, then sorted and merged by exporter, prefix and sector: *n rows remain. */
static int merge_rows(builder *b, size_t *n, tsc_error *err)
{
    size_t *remap = tsc__malloc((b->ncodes ? b->ncodes : 1) * sizeof *remap);
    char **sorted = tsc__malloc((b->ncodes ? b->ncodes : 1) * sizeof *sorted);
    if (!remap || !sorted) {
        tsc__free(remap);
        tsc__free(sorted);
        return nomem(err);
    }
    if (b->ncodes) memcpy(sorted, b->codes, b->ncodes * sizeof *sorted); /* codes is NULL when there are none */
    qsort(sorted, b->ncodes, sizeof *sorted, cmp_code);
    for (size_t i = 0; i < b->ncodes; i++)
        for (size_t j = 0; j < b->ncodes; j++)
            if (sorted[j] == b->codes[i]) remap[i] = j;
    tsc__free(b->codes);
    b->codes = sorted;
    for (size_t r = 0; r < b->nraw; r++) b->raw[r].exporter = remap[b->raw[r].exporter];
    tsc__free(remap);
    if (b->nraw) qsort(b->raw, b->nraw, sizeof *b->raw, cmp_row); /* raw is NULL when there are no rows */
    size_t m = 0;
    for (size_t r = 0; r < b->nraw; r++) {
        if (m && cmp_row(&b->raw[m - 1], &b->raw[r]) == 0) {
            b->raw[m - 1].value += b->raw[r].value;
            b->raw[m - 1].duty += b->raw[r].duty;
        } else b->raw[m++] = b->raw[r];
    }
    *n = m;
    return TSC_OK;
}

/* Hands the n merged rows, the exporter codes and the sector codes to out. */
static int finish_weights(builder *b, size_t n, tsc_hs_weights *out, tsc_error *err)
{
    for (size_t r = 0; r < n; r++) out->value_mapped += b->raw[r].value;
    out->sector = tsc__calloc(out->nsectors ? out->nsectors : 1, sizeof *out->sector);
    out->importer = tsc__strdup(b->o->importer ? b->o->importer : "USA");
    if (!out->sector || !out->importer) return nomem(err);
    for (size_t s = 0; s < out->nsectors; s++)
        if (!(out->sector[s] = tsc__strdup(tsc_hs_concord_sector_code(b->cc, s)))) return nomem(err);
    out->exporter = b->codes;
    out->nexporters = b->ncodes;
    b->codes = NULL;
    b->ncodes = 0;
    out->row = b->raw;
    out->n = n;
    b->raw = NULL;
    return TSC_OK;
}

int tsc_hs_weights_build(const tsc_imports *im, const tsc_hs_concord *cc, const tsc_hs_weights_opts *opts,
                         tsc_hs_weights *out, tsc_error *err)
{
    static const tsc_hs_weights_opts none = {0};
    const tsc_hs_weights_opts *o = opts ? opts : &none;
    memset(out, 0, sizeof *out);
    size_t np = tsc_imports_npartners(im), nl, *nown = NULL, n = 0;
    const tsc_import_line *line = tsc_imports_lines(im, &nl), **own = NULL;
    builder b = {.im = im, .cc = cc, .o = o, .digits = o->digits ? o->digits : 10, .split = NO_INDEX};
    int rc = TSC_OK;
    if (b.digits < 2 || b.digits > 10)
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "HS digits must be 2 to 10, not %zu", b.digits);
    b.exp_of = tsc__calloc(np ? np : 1, sizeof *b.exp_of);
    b.m = tsc__calloc(MAX_MEMBERS, sizeof *b.m);
    if (!b.exp_of || !b.m) {
        rc = nomem(err);
        goto done;
    }
    if (o->regions && o->aggregation && (rc = tsc__codemap_load(o->aggregation, &b.agg, err))) goto done;
    if ((rc = assign_exporters(&b, err))) goto done;
    if (b.split != NO_INDEX && (rc = index_own_lines(&b, line, nl, &own, &nown, err))) goto done;
    out->nsectors = tsc_hs_concord_nsectors(cc);
    if ((rc = weigh_lines(&b, line, nl, own, nown, out, err)) || (rc = merge_rows(&b, &n, err))) goto done;
    rc = finish_weights(&b, n, out, err);
done:
    tsc__codemap_free(&b.agg);
    for (size_t i = 0; i < b.ncodes; i++) tsc__free(b.codes[i]);
    tsc__free(b.codes);
    tsc__free(b.raw);
    tsc__free(b.exp_of);
    tsc__free(b.m);
    tsc__free(own);
    tsc__free(nown);
    if (rc) tsc_hs_weights_free(out);
    return rc;
}

/* ---- rates by exporter and sector ---- */

typedef struct rate_entry {
    size_t exporter; /* NO_INDEX: all */
    char hs[12];
    double rate;
} rate_entry;

static int cmp_rate(const void *a, const void *b)
{
    const rate_entry *x = a, *y = b;
    if (x->exporter != y->exporter) return x->exporter < y->exporter ? -1 : 1;
    return strcmp(x->hs, y->hs);
}

static int read_rates(const tsc_hs_weights *w, const char *path, rate_entry **out, size_t *nout, tsc_error *err)
{
    tsc_csv *c = NULL;
    rate_entry *e = NULL;
    size_t n = 0, cap = 0;
    int rc = tsc__csv_open(path, &c, err);
    if (rc) return rc;
    rc = tsc__csv_next(c, err);
    if (rc == 0) rc = tsc__error(err, TSC_EPARSE, path, 0, 0, "file is empty");
    if (rc < 0) goto done;
    size_t nf = tsc__csv_nfields(c), fe = nf == 3 ? 0 : NO_INDEX, fh = nf - 2, fr = nf - 1;
    if (!((nf == 2 && !strcmp(tsc__csv_field(c, 0), "hs") && !strcmp(tsc__csv_field(c, 1), "rate_pct")) ||
          (nf == 3 && !strcmp(tsc__csv_field(c, 0), "exporter") && !strcmp(tsc__csv_field(c, 1), "hs") &&
           !strcmp(tsc__csv_field(c, 2), "rate_pct")))) {
        rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "header must be hs,rate_pct or exporter,hs,rate_pct");
        goto done;
    }
    while ((rc = tsc__csv_next(c, err)) == 1) {
        if (tsc__csv_nfields(c) != nf) {
            rc = tsc__csv_error_at(c, tsc__csv_nfields(c) < nf ? tsc__csv_nfields(c) : nf, err, TSC_EPARSE,
                                   "ragged row: %zu fields where %zu are expected", tsc__csv_nfields(c), nf);
            goto done;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 1024;
            rate_entry *p = tsc__realloc(e, cap * sizeof *p);
            if (!p) {
                rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
                goto done;
            }
            e = p;
        }
        rate_entry *r = &e[n];
        r->exporter = NO_INDEX;
        if (fe != NO_INDEX && strcmp(tsc__csv_field(c, fe), "all") != 0) {
            for (size_t i = 0; i < w->nexporters && r->exporter == NO_INDEX; i++)
                if (strcmp(w->exporter[i], tsc__csv_field(c, fe)) == 0) r->exporter = i;
            if (r->exporter == NO_INDEX) {
                rc = tsc__csv_error_at(c, fe, err, TSC_ELABEL, "exporter '%s' is not in the weights (nor 'all')",
                                       tsc__csv_field(c, fe));
                goto done;
            }
        }
        const char *hs = tsc__csv_field(c, fh);
        size_t len = tsc__csv_flen(c, fh);
        int ok = len >= 2 && len <= 10;
        for (size_t i = 0; ok && i < len; i++) ok = hs[i] >= '0' && hs[i] <= '9';
        if (!ok) {
            rc = tsc__csv_error_at(c, fh, err, TSC_EPARSE, "'%s' is not an HS code of 2 to 10 digits", hs);
            goto done;
        }
        memcpy(r->hs, hs, len + 1);
        if ((rc = tsc__csv_number(c, fr, &r->rate, err))) goto done;
        if (!(r->rate > -100 && r->rate <= 1000)) {
            rc = tsc__csv_error_at(c, fr, err, TSC_EINVAL, "rate %g%% is outside (-100, 1000]", r->rate);
            goto done;
        }
        n++;
    }
    if (rc < 0) goto done;
    if (n) qsort(e, n, sizeof *e, cmp_rate);
    for (size_t i = 1; i < n; i++)
        if (cmp_rate(&e[i - 1], &e[i]) == 0) {
            rc = tsc__error(err, TSC_EPARSE, path, 0, 0, "HS code %s has two rates%s%s", e[i].hs,
                            e[i].exporter == NO_INDEX ? "" : " for ",
                            e[i].exporter == NO_INDEX ? "" : w->exporter[e[i].exporter]);
            goto done;
        }
    rc = TSC_OK;
done:
    tsc__csv_close(c);
    if (rc) tsc__free(e);
    else {
        *out = e;
        *nout = n;
    }
    return rc;
}

/* The rate of the longest listed prefix of hs among the entries of exporter (NO_INDEX: the "all" entries). */
static const rate_entry *find_rate(const rate_entry *e, size_t n, size_t exporter, const char *hs)
{
    rate_entry key = {.exporter = exporter};
    for (size_t len = strlen(hs); len >= 2; len--) {
        memcpy(key.hs, hs, len);
        key.hs[len] = '\0';
        const rate_entry *hit = bsearch(&key, e, n, sizeof *e, cmp_rate);
        if (hit) return hit;
    }
    return NULL;
}

int tsc_hs_weights_rates(const tsc_hs_weights *w, const char *rates_csv, double *rate, double *value, size_t *missing,
                         tsc_error *err)
{
    size_t cells = w->nexporters * w->nsectors, nmiss = 0, ne = 0;
    rate_entry *e = NULL;
    if (rates_csv) {
        int rc = read_rates(w, rates_csv, &e, &ne, err);
        if (rc) return rc;
    }
    for (size_t c = 0; c < cells; c++) rate[c] = value[c] = 0;
    for (size_t r = 0; r < w->n; r++) {
        const tsc_hs_weight *row = &w->row[r];
        size_t cell = row->exporter * w->nsectors + row->sector;
        if (!rates_csv) {
            value[cell] += row->value;
            rate[cell] += 100.0 * row->duty;
            continue;
        }
        const rate_entry *hit = find_rate(e, ne, row->exporter, row->hs);
        if (!hit) hit = find_rate(e, ne, NO_INDEX, row->hs);
        if (!hit) {
            nmiss++;
            continue;
        }
        value[cell] += row->value;
        rate[cell] += row->value * hit->rate;
    }
    for (size_t c = 0; c < cells; c++) rate[c] = value[c] > 0 ? rate[c] / value[c] : 0.0;
    if (missing) *missing = nmiss;
    tsc__free(e);
    return TSC_OK;
}
