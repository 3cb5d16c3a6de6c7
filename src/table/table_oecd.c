/* Reads an OECD ICIO CSV (2016/2018 and 2021/2023 releases) into a table; China's and Mexico's split rows merged. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc_int.h"
#include "archive_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "table_grid_int.h"
#include "table_int.h"

/* Final-demand categories of the releases (2016 NPS, INV, DIRP; 2018 P33; 2021/2023 DPABR); a column whose code
 * before or after its first underscore is one of these is final demand, every other REGION_SECTOR column an
 * industry. */
static const char *const fd_codes[] = {"HFCE", "NPISH", "NPS",   "GGFC", "GFCF",   "INVNT",
                                       "INV",  "P33",   "DPABR", "DIRP", "NONRES", NULL};

enum { COL_IND, COL_FD, COL_TOTAL, COL_DISC };
enum { ROW_IND, ROW_VA, ROW_OUT };

/* The columns of the header, classified, with the industry and final-demand labels split at the first '_'. */
typedef struct oecd_head {
    size_t ncol;          /* fields after the corner cell */
    unsigned char *kind;  /* per column: COL_* */
    size_t *idx;          /* per column: the industry or final-demand label number */
    char **ireg, **isec;  /* industry labels: region, sector (nind) */
    size_t *icol, *iline; /* their column positions (and line 1), for errors */
    size_t nind;
    char **freg, **fcat; /* final-demand labels: region, category (nfd) */
    size_t *fcolpos;
    size_t nfd;
    int has_disc, has_total;
} oecd_head;

/* What the labels make of the table: the merged grid and where each raw label goes. */
typedef struct oecd_map {
    tsc_grid ind;   /* raw industry grid: raw regions (split ones included) x sectors */
    size_t *rmap;   /* raw region -> table region */
    char **regions; /* table regions (owned until the table takes them) */
    size_t G;
    char **cats;          /* final-demand categories (DISC last when the file has that column) */
    size_t F, disc;       /* disc: the category index of DISC, or F */
    size_t *fdcol;        /* per final-demand label: its Y column r * F + f */
    unsigned char *split; /* per raw region: 1 = a split code (CN1, MX2 ...) */
    size_t nmerged;
} oecd_map;

static void free_strs(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) tsc__free(v[i]);
    tsc__free(v);
}

static void head_free(oecd_head *h)
{
    tsc__free(h->kind);
    tsc__free(h->idx);
    free_strs(h->ireg, h->nind);
    free_strs(h->isec, h->nind);
    tsc__free(h->icol);
    tsc__free(h->iline);
    free_strs(h->freg, h->nfd);
    free_strs(h->fcat, h->nfd);
    tsc__free(h->fcolpos);
}

static void map_free(oecd_map *m)
{
    tsc__grid_free(&m->ind);
    tsc__free(m->rmap);
    free_strs(m->regions, m->G);
    free_strs(m->cats, m->F);
    tsc__free(m->fdcol);
    tsc__free(m->split);
}

static int is_fd_code(const char *s, size_t len)
{
    for (size_t k = 0; fd_codes[k]; k++)
        if (strlen(fd_codes[k]) == len && strncmp(s, fd_codes[k], len) == 0) return 1;
    return 0;
}

/* The parent of a split code: CN<digits> -> CHN, MX<digits> -> MEX; NULL for any other code. */
static const char *split_parent(const char *code)
{
    const char *parent = strncmp(code, "CN", 2) == 0 ? "CHN" : strncmp(code, "MX", 2) == 0 ? "MEX" : NULL;
    if (!parent || !code[2]) return NULL;
    for (const char *p = code + 2; *p; p++)
        if (!isdigit((unsigned char)*p)) return NULL;
    return parent;
}

/* Stores the two parts of label (split at its first '_') as a new pair in (a[k], b[k]); swap puts them reversed. */
static int split_label(const char *label, size_t cut, int swap, char **a, char **b)
{
    char *x = tsc__strndup(label, cut), *y = tsc__strdup(label + cut + 1);
    if (!x || !y) {
        tsc__free(x);
        tsc__free(y);
        return TSC_ENOMEM;
    }
    *a = swap ? y : x;
    *b = swap ? x : y;
    return TSC_OK;
}

/* Classifies one header label at column j (0-based after the corner). */
static int classify(oecd_head *h, tsc_csv *c, size_t j, tsc_error *err)
{
    const char *lab = tsc__csv_field(c, j + 1);
    if (!strcmp(lab, "TOTAL") || !strcmp(lab, "OUT") || !strcmp(lab, "OUTPUT")) {
        h->kind[j] = COL_TOTAL;
        h->has_total = 1;
        return TSC_OK;
    }
    if (!strcmp(lab, "DISC")) {
        if (h->has_disc) return tsc__csv_error_at(c, j + 1, err, TSC_ELABEL, "a second DISC column");
        h->kind[j] = COL_DISC;
        h->has_disc = 1;
        return TSC_OK;
    }
    const char *us = strchr(lab, '_');
    size_t cut = us ? (size_t)(us - lab) : 0;
    if (!us || cut == 0 || !us[1])
        return tsc__csv_error_at(c, j + 1, err, TSC_ELABEL,
                                 "column label '%s' is not REGION_SECTOR, REGION_CATEGORY, TOTAL, OUT or DISC", lab);
    int rc;
    if (is_fd_code(us + 1, strlen(us + 1)) || is_fd_code(lab, cut)) {
        /* 2016: HFCE_AUS (category first); later releases: AUS_HFCE */
        h->kind[j] = COL_FD;
        h->idx[j] = h->nfd;
        h->fcolpos[h->nfd] = tsc__csv_col(c, j + 1);
        rc = split_label(lab, cut, !is_fd_code(us + 1, strlen(us + 1)), &h->freg[h->nfd], &h->fcat[h->nfd]);
        if (!rc) h->nfd++;
    } else {
        h->kind[j] = COL_IND;
        h->idx[j] = h->nind;
        h->icol[h->nind] = tsc__csv_col(c, j + 1);
        h->iline[h->nind] = 1;
        rc = split_label(lab, cut, 0, &h->ireg[h->nind], &h->isec[h->nind]);
        if (!rc) h->nind++;
    }
    return rc ? tsc__error(err, TSC_ENOMEM, tsc__csv_path(c), 0, 0, "out of memory") : TSC_OK;
}

static int read_head(oecd_head *h, tsc_csv *c, tsc_error *err)
{
    int rc = tsc__csv_next(c, err);
    if (rc == 0) return tsc__error(err, TSC_EPARSE, tsc__csv_path(c), 0, 0, "file is empty");
    if (rc < 0) return rc;
    size_t nf = tsc__csv_nfields(c);
    if (nf < 3) return tsc__csv_error_at(c, 0, err, TSC_EPARSE, "header has %zu field(s); not an ICIO table", nf);
    size_t m = h->ncol = nf - 1;
    h->kind = tsc__calloc(m, 1);
    h->idx = tsc__calloc(m, sizeof *h->idx);
    h->ireg = tsc__calloc(m, sizeof *h->ireg);
    h->isec = tsc__calloc(m, sizeof *h->isec);
    h->icol = tsc__calloc(m, sizeof *h->icol);
    h->iline = tsc__calloc(m, sizeof *h->iline);
    h->freg = tsc__calloc(m, sizeof *h->freg);
    h->fcat = tsc__calloc(m, sizeof *h->fcat);
    h->fcolpos = tsc__calloc(m, sizeof *h->fcolpos);
    if (!h->kind || !h->idx || !h->ireg || !h->isec || !h->icol || !h->iline || !h->freg || !h->fcat || !h->fcolpos)
        return tsc__error(err, TSC_ENOMEM, tsc__csv_path(c), 0, 0, "out of memory");
    for (size_t j = 0; j < m; j++)
        if ((rc = classify(h, c, j, err))) return rc;
    if (h->nind == 0) return tsc__error(err, TSC_ELABEL, tsc__csv_path(c), 1, 0, "no industry columns (REGION_SECTOR)");
    if (h->nfd == 0)
        return tsc__error(err, TSC_ELABEL, tsc__csv_path(c), 1, 0,
                          "no final-demand columns (REGION_HFCE, REGION_GFCF ...); not an ICIO table");
    return TSC_OK;
}

/* Table regions: the raw regions less the split codes whose parent is there (unless keep). */
static int merge_regions(oecd_map *m, int keep, tsc_error *err, const char *path)
{
    const tsc_grid *g = &m->ind;
    m->rmap = tsc__calloc(g->G, sizeof *m->rmap);
    m->split = tsc__calloc(g->G, 1);
    m->regions = tsc__calloc(g->G, sizeof *m->regions);
    if (!m->rmap || !m->split || !m->regions) return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    for (size_t r = 0; r < g->G; r++) {
        const char *parent = split_parent(g->regions[r]);
        size_t p = parent ? tsc__grid_find(g->regions, g->G, parent) : g->G;
        m->split[r] = parent != NULL;
        if (p < g->G && !keep) {
            m->rmap[r] = SIZE_MAX - p;
            m->nmerged++;
            continue;
        } /* resolved below */
        m->rmap[r] = m->G;
        if (!(m->regions[m->G++] = tsc__strdup(g->regions[r])))
            return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    }
    for (size_t r = 0; r < g->G; r++)
        if (m->rmap[r] > g->G) m->rmap[r] = m->rmap[SIZE_MAX - m->rmap[r]];
    return TSC_OK;
}

/* Final-demand grid: categories in order of first appearance, every label at (table region, category); a split
 * region may lack final demand (its parent's columns hold it), any other region must have every category. */
static int fd_grid(oecd_map *m, const oecd_head *h, const char *path, tsc_error *err)
{
    const tsc_grid *g = &m->ind;
    size_t *raw = tsc__calloc(h->nfd, sizeof *raw), *seen = NULL, *cix = tsc__calloc(h->nfd, sizeof *cix);
    int rc = TSC_OK;
    m->cats = tsc__calloc(h->nfd + 1, sizeof *m->cats);
    m->fdcol = tsc__calloc(h->nfd, sizeof *m->fdcol);
    if (!raw || !cix || !m->cats || !m->fdcol) goto nomem;
    for (size_t k = 0; k < h->nfd; k++) {
        if ((raw[k] = tsc__grid_find(g->regions, g->G, h->freg[k])) == g->G) {
            rc = tsc__error(err, TSC_ELABEL, path, 1, h->fcolpos[k],
                            "final-demand column of region '%s', which has no industries", h->freg[k]);
            goto done;
        }
        if ((cix[k] = tsc__grid_find(m->cats, m->F, h->fcat[k])) == m->F) {
            if (!(m->cats[m->F] = tsc__strdup(h->fcat[k]))) goto nomem;
            m->F++;
        }
    }
    m->disc = m->F;
    if (h->has_disc) {
        if (tsc__grid_find(m->cats, m->F, "DISC") < m->F) {
            rc = tsc__error(err, TSC_ELABEL, path, 1, 0, "a DISC column and a DISC final-demand category");
            goto done;
        }
        if (!(m->cats[m->F++] = tsc__strdup("DISC"))) goto nomem;
    }
    size_t nf = h->has_disc ? m->F - 1 : m->F;
    if (!(seen = tsc__calloc(g->G * nf, sizeof *seen))) goto nomem;
    for (size_t k = 0; k < h->nfd; k++) {
        size_t c = raw[k] * nf + cix[k];
        if (seen[c]) {
            rc = tsc__error(err, TSC_ELABEL, path, 1, h->fcolpos[k],
                            "final-demand column %s_%s appears twice (first at "
                            "column %zu)",
                            h->freg[k], h->fcat[k], h->fcolpos[seen[c] - 1]);
            goto done;
        }
        seen[c] = k + 1;
        m->fdcol[k] = m->rmap[raw[k]] * m->F + cix[k];
    }
    for (size_t c = 0; c < g->G * nf; c++)
        if (!seen[c] && !m->split[c / nf]) {
            rc = tsc__error(err, TSC_ELABEL, path, 1, 0,
                            "region '%s' has no final-demand column %s_%s (every region "
                            "needs the same categories)",
                            g->regions[c / nf], g->regions[c / nf], m->cats[c % nf]);
            goto done;
        }
    goto done;
nomem:
    rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
done:
    tsc__free(raw);
    tsc__free(cix);
    tsc__free(seen);
    return rc;
}

/* Goods by the sector code: ISIC sections A-C (2021/2023: A01_02, B05_06, C10T12), divisions 01-37 of the 2016
 * codes (C01T05AGR ... C37) and 01-33 of the 2018 ones (01T03 ... 31T33); everything else is a service. */
static int oecd_is_goods(const char *code)
{
    if (code[0] == 'A' || code[0] == 'B') return 1;
    if (code[0] == 'C' && isdigit((unsigned char)code[1])) return strtol(code + 1, NULL, 10) <= 37;
    if (isdigit((unsigned char)code[0])) return strtol(code, NULL, 10) <= 33;
    return 0;
}

/* The row being read: what kind, and for an industry row its table row. */
typedef struct oecd_row {
    int kind;
    size_t ti;
} oecd_row;

/* State while the rows stream in. */
typedef struct oecd_read {
    const oecd_head *h;
    const oecd_map *m;
    tsc_table *t;
    double *total;     /* TOTAL column per table row (x when there is no OUT row) */
    double fd_taxes;   /* taxes on final products (tax rows under final-demand columns): not in the table */
    size_t next_ind;   /* the industry row expected next */
    size_t *to;        /* per column: the table column of an industry column, the Y column of a final-demand one
                        * (computed once: the rows' cells go there without a lookup each) */
    char *special[64]; /* special rows seen (TLS, VA, AUS_TAXSUB ...) and their lines */
    size_t special_line[64], nspecial;
    int have_x, have_va;
} oecd_read;

static size_t ind_target(const oecd_read *s, size_t k)
{
    const tsc_grid *g = &s->m->ind;
    size_t r = g->cell[k] / g->P, p = g->cell[k] % g->P;
    return s->m->rmap[r] * g->P + p;
}

/* Classifies a row by its label lab, at line of path (errors at its first column); a special row may appear once. */
static int row_kind(oecd_read *s, const char *lab, const char *path, size_t line, oecd_row *row, tsc_error *err)
{
    size_t len = strlen(lab);
    int kind = -1;
    if (!strcmp(lab, "OUT") || !strcmp(lab, "OUTPUT")) kind = ROW_OUT;
    else if (!strcmp(lab, "VA") || !strcmp(lab, "VALU") || !strcmp(lab, "TLS") || !strcmp(lab, "TAXSUB") ||
             !strcmp(lab, "VA+TAXSUB") || (len > 7 && !strcmp(lab + len - 7, "_TAXSUB")))
        kind = ROW_VA;
    if (kind >= 0) {
        for (size_t k = 0; k < s->nspecial; k++)
            if (!strcmp(s->special[k], lab))
                return tsc__error(err, TSC_ELABEL, path, line, 1, "row '%s' appears twice (first at line %zu)", lab,
                                  s->special_line[k]);
        if (s->nspecial == 64)
            return tsc__error(err, TSC_ELABEL, path, line, 1, "more than 64 tax and value-added rows");
        if (!(s->special[s->nspecial] = tsc__strdup(lab)))
            return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
        s->special_line[s->nspecial++] = line;
        row->kind = kind;
        return TSC_OK;
    }
    const oecd_head *h = s->h;
    size_t e = s->next_ind;
    const char *us = strchr(lab, '_');
    size_t cut = us ? (size_t)(us - lab) : 0;
    if (e < h->nind && us && strncmp(lab, h->ireg[e], cut) == 0 && h->ireg[e][cut] == '\0' &&
        !strcmp(us + 1, h->isec[e])) {
        row->kind = ROW_IND;
        row->ti = ind_target(s, e);
        s->next_ind++;
        return TSC_OK;
    }
    for (size_t k = 0; us && k < e; k++)
        if (strncmp(lab, h->ireg[k], cut) == 0 && h->ireg[k][cut] == '\0' && !strcmp(us + 1, h->isec[k]))
            return tsc__error(err, TSC_ELABEL, path, line, 1, "row '%s' appears twice (it is industry row %zu)", lab,
                              k + 1);
    if (e == h->nind)
        return tsc__error(err, TSC_ELABEL, path, line, 1,
                          "row '%s' after the %zu industry rows is not TLS, VA, OUT, "
                          "VALU, OUTPUT, TAXSUB or REGION_TAXSUB",
                          lab, h->nind);
    return tsc__error(err, TSC_ELABEL, path, line, 1,
                      "row '%s' where '%s_%s' is expected (industry rows follow the "
                      "industry columns, in their order)",
                      lab, h->ireg[e], h->isec[e]);
}

/* A row's numbers v (h->ncol of them) into the table, by the row's kind and each column's. */
static void put_row(oecd_read *s, const oecd_row *row, const double *v)
{
    tsc_table *t = s->t;
    size_t n = t->n, F = t->F, ncol = s->h->ncol;
    const unsigned char *kinds = s->h->kind;
    const size_t *to = s->to;
    if (row->kind == ROW_IND) {
        double *z = t->Z + row->ti, *y = t->Y + row->ti;
        size_t disc = ((row->ti / t->N) * F + s->m->disc) * n;
        for (size_t j = 0; j < ncol; j++) {
            int kind = kinds[j];
            if (kind == COL_IND) z[to[j] * n] += v[j];
            else if (kind == COL_FD) y[to[j] * n] += v[j];
            else if (kind == COL_DISC) y[disc] += v[j];
            else s->total[row->ti] += v[j];
        }
    } else {
        for (size_t j = 0; j < ncol; j++) {
            int kind = kinds[j];
            if (kind == COL_TOTAL || kind == COL_DISC || (kind == COL_FD && row->kind == ROW_OUT)) continue;
            else if (kind == COL_FD) s->fd_taxes += v[j];
            else if (row->kind == ROW_OUT) t->x[to[j]] += v[j];
            else t->va[to[j]] += v[j];
        }
    }
    if (row->kind == ROW_OUT) s->have_x = 1;
    if (row->kind == ROW_VA) s->have_va = 1;
}

/* The current record of c, field by field: its numbers into v (the cells a tax, value-added or output row does not
 * use may be empty or anything), every error located at its field. */
static int read_row(oecd_read *s, tsc_csv *c, double *v, tsc_error *err)
{
    oecd_row row = {ROW_IND, 0};
    int rc = tsc__csv_expect_fields(c, s->h->ncol + 1, err);
    if (rc || (rc = row_kind(s, tsc__csv_field(c, 0), tsc__csv_path(c), tsc__csv_line(c), &row, err))) return rc;
    for (size_t j = 0; j < s->h->ncol && !rc; j++) {
        int kind = s->h->kind[j];
        v[j] = 0;
        if (row.kind == ROW_IND) rc = tsc__csv_number(c, j + 1, &v[j], err);
        else if (kind == COL_TOTAL || kind == COL_DISC || (kind == COL_FD && row.kind == ROW_OUT)) continue;
        else if (kind == COL_FD) rc = tsc__csv_flen(c, j + 1) == 0 ? TSC_OK : tsc__csv_number(c, j + 1, &v[j], err);
        else rc = tsc__csv_number(c, j + 1, &v[j], err);
    }
    if (!rc) put_row(s, &row, v);
    return rc;
}

/* The rows: plain ones in blocks on the bulk path (tsc__csv_rows_next, on every core), each through row_kind and
 * put_row; the others field by field (read_row), their errors located at their fields. */
static int read_rows(oecd_read *s, tsc_csv *c, tsc_error *err)
{
    tsc_csv_rows b;
    const double *v;
    int rc = tsc__csv_rows_init(&b, c, 1, s->h->ncol, err);
    if (rc) return rc;
    while ((rc = tsc__csv_rows_next(&b, &v, err)) > 0) {
        if (rc == 2) {
            if ((rc = read_row(s, c, b.v, err))) break;
            continue;
        }
        char lab[256];
        oecd_row row = {ROW_IND, 0};
        size_t len = b.lablen[0] < sizeof lab - 1 ? b.lablen[0] : sizeof lab - 1;
        memcpy(lab, b.lab[0], len);
        lab[len] = '\0';
        if ((rc = row_kind(s, lab, tsc__csv_path(c), b.line, &row, err))) break;
        put_row(s, &row, v);
    }
    tsc__csv_rows_free(&b);
    if (rc < 0) return rc;
    if (s->next_ind < s->h->nind)
        return tsc__error(err, TSC_EDIM, tsc__csv_path(c), tsc__csv_line(c), 0,
                          "%zu industry rows where the header has %zu industry columns (first missing: %s_%s)",
                          s->next_ind, s->h->nind, s->h->ireg[s->next_ind], s->h->isec[s->next_ind]);
    if (!s->have_x && s->h->has_total) {
        memcpy(s->t->x, s->total, s->t->n * sizeof *s->total);
        s->have_x = 1;
    }
    return TSC_OK;
}

/* Builds the table's labels from the map (taking them over) and the goods classification. */
static tsc_table *make_table(oecd_map *m, const tsc_load_opts *opts, const char *path, tsc_error *err)
{
    tsc_table *t = tsc__table_alloc(m->G, m->ind.P, m->F, opts->max_bytes, err);
    if (!t) return NULL;
    for (size_t r = 0; r < m->G; r++) {
        t->regions[r] = m->regions[r];
        m->regions[r] = NULL;
    }
    for (size_t s = 0; s < m->ind.P; s++) {
        if (!(t->sectors[s] = tsc__strdup(m->ind.parts[s]))) goto nomem;
        t->goods[s] = (unsigned char)oecd_is_goods(t->sectors[s]);
    }
    for (size_t f = 0; f < m->F; f++) {
        t->fdcats[f] = m->cats[f];
        m->cats[f] = NULL;
    }
    return t;
nomem:
    tsc_table_free(t);
    tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    return NULL;
}

static int notes(oecd_read *s, int keep, tsc_error *err)
{
    const tsc_grid *g = &s->m->ind;
    int rc = TSC_OK;
    for (size_t r = 0; !rc && r < g->G; r++)
        if (s->m->split[r])
            rc = keep ? tsc__table_note(s->t, err,
                                        "split region %s kept as a region of its own (--keep-splits); its "
                                        "final demand is in its parent's columns",
                                        g->regions[r])
                 : s->m->rmap[r] < s->m->G && strcmp(s->t->regions[s->m->rmap[r]], g->regions[r]) != 0
                     ? tsc__table_note(s->t, err, "split region %s summed into %s (rows and columns)", g->regions[r],
                                       s->t->regions[s->m->rmap[r]])
                     : TSC_OK;
    if (!rc && s->fd_taxes != 0)
        rc = tsc__table_note(s->t, err,
                             "taxes less subsidies on final products (%.6g in total, the tax rows under the "
                             "final-demand columns) are not in the table: final demand is at basic prices",
                             s->fd_taxes);
    if (!rc && s->h->has_disc)
        rc = tsc__table_note(s->t, err,
                             "the statistical discrepancy column DISC is final-demand category DISC of each "
                             "row's own region");
    return rc;
}

static int icio_name(const char *nm)
{
    const char *dot = strrchr(nm, '.');
    int csv = dot && (strcasecmp(dot, ".csv") == 0 ||
                      (strcasecmp(dot, ".gz") == 0 && dot - nm > 4 && strncasecmp(dot - 4, ".csv", 4) == 0));
    return csv && strncasecmp(nm, "ICIO", 4) == 0;
}

/* The ICIO file of a folder (or of a zip archive, as the releases are distributed: one CSV per year): the one of the
 * year asked for (the four-digit number of its name), else its only ICIO*.csv[.gz] file (any case). */
static int find_icio(const char *dir, int year, char *buf, size_t size, tsc_error *err)
{
    char **names = NULL;
    size_t n = 0, found = 0, pick = 0;
    int rc = tsc__dir_list(dir, &names, &n, err);
    if (rc) return rc;
    char years[160] = "";
    for (size_t i = 0, u = 0; i < n; i++) {
        if (!icio_name(names[i])) continue;
        int y = tsc__year_in_name(names[i]);
        if (year && y != year) {
            if (u < sizeof years && y) u += (size_t)snprintf(years + u, sizeof years - u, "%s%d", u ? ", " : "", y);
            continue;
        }
        if (found++ == 0) pick = i;
    }
    if (found == 1)
        rc = tsc__path_join(buf, size, dir, names[pick]) ? tsc__error(err, TSC_EINVAL, dir, 0, 0, "path too long")
                                                         : TSC_OK;
    else if (found == 0 && year)
        rc = tsc__error(err, TSC_EFORMAT, dir, 0, 0, "no ICIO*.csv file of %d here (years: %s)", year,
                        years[0] ? years : "none");
    else if (found == 0) rc = tsc__error(err, TSC_EFORMAT, dir, 0, 0, "no ICIO*.csv file here");
    else {
        for (size_t i = 0, u = 0; i < n; i++)
            if (icio_name(names[i]) && u < sizeof years)
                u += (size_t)snprintf(years + u, sizeof years - u, "%s%d", u ? ", " : "", tsc__year_in_name(names[i]));
        rc = tsc__error(err, TSC_EFORMAT, dir, 0, 0,
                        "%zu ICIO*.csv files here (years %s): give the year to read (--year) or name the file", found,
                        years);
    }
    tsc__names_free(names, n);
    return rc;
}

static int build_map(oecd_map *m, const oecd_head *h, const tsc_load_opts *opts, const char *path, tsc_error *err)
{
    tsc_where w = {path, h->iline, h->icol};
    int rc = tsc__grid_build(&m->ind, h->nind, (const char *const *)h->ireg, (const char *const *)h->isec, &w, "sector",
                             err);
    if (!rc) rc = merge_regions(m, opts->keep_splits, err, path);
    if (!rc) rc = fd_grid(m, h, path, err);
    return rc;
}

int tsc__table_load_oecd(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    char file[1200];
    oecd_head h = {0};
    oecd_map m = {0};
    oecd_read s = {0};
    tsc_csv *c = NULL;
    tsc_table *t = NULL;
    int rc;
    *out = NULL;
    if (tsc__dir_exists(path)) rc = find_icio(path, opts->year, file, sizeof file, err);
    else
        rc = snprintf(file, sizeof file, "%s", path) < (int)sizeof file
                 ? TSC_OK
                 : tsc__error(err, TSC_EINVAL, path, 0, 0, "path too long");
    if (rc || (rc = tsc__csv_open(file, &c, err)) || (rc = read_head(&h, c, err)) ||
        (rc = build_map(&m, &h, opts, file, err)))
        goto fail;
    if (!(t = make_table(&m, opts, file, err))) {
        rc = err ? err->code : TSC_ENOMEM;
        goto fail;
    }
    s.h = &h;
    s.m = &m;
    s.t = t;
    if (!(s.total = tsc__alloc_doubles(t->n, 1))) {
        rc = tsc__error(err, TSC_ENOMEM, file, 0, 0, "out of memory");
        goto fail;
    }
    if (!(s.to = tsc__calloc(h.ncol ? h.ncol : 1, sizeof *s.to))) {
        rc = tsc__error(err, TSC_ENOMEM, file, 0, 0, "out of memory");
        goto fail;
    }
    for (size_t j = 0; j < h.ncol; j++)
        s.to[j] = h.kind[j] == COL_IND ? ind_target(&s, h.idx[j]) : h.kind[j] == COL_FD ? m.fdcol[h.idx[j]] : 0;
    if ((rc = read_rows(&s, c, err))) goto fail;
    snprintf(t->unit, sizeof t->unit, "USD million");
    snprintf(t->source, sizeof t->source, "%.510s", file);
    t->year = tsc__year_in_name(file);
    t->format = TSC_FORMAT_OECD;
    if ((rc = notes(&s, opts->keep_splits, err))) goto fail;
    rc = tsc__table_finish(t, opts, s.have_x, s.have_va, NULL, err);
    if (rc < 0) goto fail;
    *out = t;
    t = NULL;
fail:
    tsc__csv_close(c);
    tsc_table_free(t);
    tsc__free(s.total);
    tsc__free(s.to);
    for (size_t k = 0; k < s.nspecial; k++) tsc__free(s.special[k]);
    head_free(&h);
    map_free(&m);
    return rc;
}
