/* A table's tariff schedule, base: base schedules in detailed codes carried to the table's cells in memory. Rows
 * naming all, goods or a region group apply first, in file order; rows naming one detailed cell then set their
 * table cell, several detailed cells of one table cell averaged with the exporter's customs value in the detailed
 * sector as weights (equal weights without customs lines). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "groups_int.h"
#include "schedule_int.h"

typedef struct base_entry {
    size_t cell, seq;
    char key[96]; /* the detailed importer|exporter|sector */
    double rate, w;
} base_entry;

/* A row naming all, goods or a group in some field: resolved against the table when applied. */
typedef struct special_row {
    char code[3][64];
    size_t idx[3]; /* the table index of a concrete code, TSC_NONE for all, goods and groups */
    double rate;
} special_row;

typedef struct carry {
    base_entry *e;
    size_t ne, cap;
    special_row *sp;
    size_t nsp, capsp;
    size_t nrows, nskip, seq;
} carry;

static int cmp_entry(const void *a, const void *b)
{
    const base_entry *x = a, *y = b;
    if (x->cell != y->cell) return x->cell < y->cell ? -1 : 1;
    int k = strcmp(x->key, y->key);
    if (k) return k;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The customs value of exporter (detailed code) in detailed sector: the weight of its base rate. */
static double detail_weight(const sched_lines *l, const char *exporter, const char *sector)
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

/* Marks the table regions a special or concrete region field names. */
static void mark_regions(const tsc_schedule *s, const special_row *r, int f, unsigned char *mark)
{
    size_t G = s->G;
    if (r->idx[f] != TSC_NONE) {
        memset(mark, 0, G);
        mark[r->idx[f]] = 1;
        return;
    }
    memset(mark, strcmp(r->code[f], "all") == 0, G);
    const tsc_groups *g = s->groups;
    for (size_t i = 0; g && i < g->n; i++)
        if (strcmp(g->group[i], r->code[f]) == 0) {
            size_t k = tsc__codemap_region(s->t, &s->codes, g->member[i]);
            if (k != TSC_NONE) mark[k] = 1;
        }
}

static void apply_special(tsc_schedule *s, const special_row *r, unsigned char *mi, unsigned char *me)
{
    size_t G = s->G, N = s->N;
    mark_regions(s, r, 0, mi);
    mark_regions(s, r, 1, me);
    for (size_t k = 0; k < N; k++) {
        int hit = r->idx[2] != TSC_NONE            ? k == r->idx[2]
                  : strcmp(r->code[2], "all") == 0 ? 1
                                                   : tsc_table_sector_is_goods(s->t, k);
        for (size_t n = 0; n < G && hit; n++)
            for (size_t i = 0; i < G; i++)
                if (mi[n] && me[i] && n != i) s->base[(n * G + i) * N + k] = r->rate;
    }
}

static int push_entry(carry *c, size_t cell, const char *const code[3], double rate, double w)
{
    if (c->ne == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 1024;
        base_entry *p = tsc__realloc(c->e, cap * sizeof *p);
        if (!p) return -1;
        c->e = p;
        c->cap = cap;
    }
    base_entry *x = &c->e[c->ne++];
    x->cell = cell;
    x->seq = c->seq++;
    snprintf(x->key, sizeof x->key, "%.30s|%.30s|%.30s", code[0], code[1], code[2]);
    x->rate = rate;
    x->w = w;
    return 0;
}

static int push_special(carry *c, const char *const code[3], const size_t idx[3], double rate)
{
    if (c->nsp == c->capsp) {
        size_t cap = c->capsp ? 2 * c->capsp : 64;
        special_row *p = tsc__realloc(c->sp, cap * sizeof *p);
        if (!p) return -1;
        c->sp = p;
        c->capsp = cap;
    }
    special_row *r = &c->sp[c->nsp++];
    for (int f = 0; f < 3; f++) {
        snprintf(r->code[f], sizeof r->code[f], "%s", code[f]);
        r->idx[f] = idx[f];
    }
    r->rate = rate;
    return 0;
}

/* Reads one base schedule into the carry: special rows kept, cell rows listed with their weights. */
static int read_one(tsc_schedule *s, const char *path, carry *c, tsc_error *err)
{
    static const char *const head[4] = {"importer", "exporter", "sector", "rate_pct"};
    size_t G = s->G, N = s->N;
    tsc_csv *in = NULL;
    int rc = tsc__csv_open_header(path, head, 4, &in, err);
    if (rc) return rc;
    while ((rc = tsc__csv_next(in, err)) == 1) {
        double v;
        if ((rc = tsc__csv_expect_fields(in, 4, err)) || (rc = tsc__csv_number(in, 3, &v, err))) break;
        if (!(v > -100 && v <= 1000)) {
            rc = tsc__csv_error_at(in, 3, err, TSC_EINVAL, "rate %g%% is outside (-100, 1000]", v);
            break;
        }
        c->nrows++;
        const char *code[3] = {tsc__csv_field(in, 0), tsc__csv_field(in, 1), tsc__csv_field(in, 2)};
        size_t idx[3];
        int special = 0, lost = 0;
        for (int f = 0; f < 3; f++) {
            int sp = f < 2 ? special_region(s->groups, code[f])
                           : strcmp(code[f], "all") == 0 || strcmp(code[f], "goods") == 0;
            idx[f] = sp      ? TSC_NONE
                     : f < 2 ? tsc__codemap_region(s->t, &s->codes, code[f])
                             : tsc__codemap_sector(s->t, &s->codes, code[f]);
            special |= sp;
            lost |= !sp && idx[f] == TSC_NONE;
        }
        if (lost) {
            c->nskip++;
            continue;
        }
        if (special) {
            if (push_special(c, code, idx, v)) {
                rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
                break;
            }
            continue;
        }
        if (idx[0] == idx[1]) {
            c->nskip++;
            continue;
        } /* a region never taxes itself */
        double w = detail_weight(s->lines, code[1], code[2]);
        if (push_entry(c, (idx[0] * G + idx[1]) * N + idx[2], code, v, w)) {
            rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
            break;
        }
    }
    tsc__csv_close(in);
    return rc < 0 ? rc : TSC_OK;
}

/* Sets each listed table cell to the weighted mean of its detailed cells; returns the cells set and, in
 * *averaged, those averaged from several. */
static size_t set_cells(tsc_schedule *s, carry *c, size_t *averaged)
{
    size_t ncell = 0;
    *averaged = 0;
    if (c->ne > 1) qsort(c->e, c->ne, sizeof *c->e, cmp_entry);
    for (size_t a = 0; a < c->ne;) {
        size_t z = a, nk = 0;
        double sw = 0, swr = 0, s1 = 0, sr = 0;
        while (z < c->ne && c->e[z].cell == c->e[a].cell) {
            /* the same detailed cell twice: the later row wins */
            if (z + 1 < c->ne && c->e[z + 1].cell == c->e[z].cell && strcmp(c->e[z + 1].key, c->e[z].key) == 0) {
                z++;
                continue;
            }
            sw += c->e[z].w;
            swr += c->e[z].w * c->e[z].rate;
            s1 += 1;
            sr += c->e[z].rate;
            nk++;
            z++;
        }
        s->base[c->e[a].cell] = sw > 0 ? swr / sw : sr / s1;
        ncell++;
        *averaged += nk > 1;
        a = z;
    }
    return ncell;
}

int tsc__sched_base_build(tsc_schedule *s, const char *const *bases, size_t nbases, char *note, size_t nsize,
                          tsc_error *err)
{
    carry c = {0};
    unsigned char *mark = tsc__malloc(2 * s->G);
    int rc = mark ? TSC_OK : tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t b = 0; b < nbases && !rc; b++) rc = read_one(s, bases[b], &c, err);
    if (!rc) {
        for (size_t k = 0; k < c.nsp; k++) apply_special(s, &c.sp[k], mark, mark + s->G);
        size_t averaged, ncell = set_cells(s, &c, &averaged);
        if (nbases)
            snprintf(note, nsize,
                     "%zu base rows from %zu file%s became %zu table cells (%zu averaged from several detailed cells, "
                     "%s); %zu rows outside the table left out",
                     c.nrows, nbases, nbases == 1 ? "" : "s", ncell, averaged,
                     s->lines ? "weighted by the exporter's 2024 US imports in each" : "with equal weights", c.nskip);
    }
    tsc__free(c.e);
    tsc__free(c.sp);
    tsc__free(mark);
    return rc;
}
