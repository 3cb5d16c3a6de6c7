/* Reads FIGARO's industry-by-industry table (Eurostat) into a table: the CSV matrix
 * (matrix_eu-ic-io_ind-by-ind_NNed_YEAR.csv) or the flat CSV, one value a line (flatfile_eu-ic-io_ind-by-ind_...). */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "natcmp_int.h"
#include "table_grid_int.h"
#include "table_int.h"

/* Final-demand uses (ESA 2010): government, household and NPISH final consumption, gross fixed capital formation,
 * changes in inventories and acquisitions less disposals of valuables. */
static const char *const fd_codes[] = {"P3_S13", "P3_S14", "P3_S15", "P51G", "P5M", NULL};
/* Primary inputs, the rows under the industry rows (label W2_CODE): taxes less subsidies on products, direct
 * purchases abroad by residents, purchases of non-residents in the territory, compensation of employees, other net
 * taxes on production, operating surplus and mixed income (gross). */
static const char *const va_codes[] = {"D21X31", "OP_RES", "OP_NRES", "D1", "D29X39", "B2A3G", NULL};

static int in_list(const char *const *list, const char *s)
{
    for (size_t k = 0; list[k]; k++)
        if (!strcmp(list[k], s)) return 1;
    return 0;
}

typedef struct fg_read {
    size_t ncol;         /* fields after the corner */
    unsigned char *isfd; /* per column */
    size_t *to;          /* per column: the industry (Z column) or Y column it goes to */
    char **reg, **code;  /* per column: the label split at its first '_' */
    size_t *line, *col;  /* where each label is, for the grid's errors */
    size_t nind, nfd;
    tsc_grid ind, fd;
    tsc_table *t;
    size_t next_ind; /* the industry row expected next */
    double fd_primary;
    char *seen_va[16];
    size_t nva;
} fg_read;

static void fg_free(fg_read *s)
{
    for (size_t j = 0; j < s->ncol; j++) {
        if (s->reg) tsc__free(s->reg[j]);
        if (s->code) tsc__free(s->code[j]);
    }
    tsc__free(s->reg);
    tsc__free(s->code);
    tsc__free(s->isfd);
    tsc__free(s->to);
    tsc__free(s->line);
    tsc__free(s->col);
    tsc__grid_free(&s->ind);
    tsc__grid_free(&s->fd);
    for (size_t k = 0; k < s->nva; k++) tsc__free(s->seen_va[k]);
}

/* The header: a corner, then REGION_CODE labels; final-demand columns by their code, the others industries. */
static int read_head(fg_read *s, tsc_csv *c, tsc_error *err)
{
    int rc = tsc__csv_next(c, err);
    if (rc == 0) return tsc__error(err, TSC_EPARSE, tsc__csv_path(c), 0, 0, "file is empty");
    if (rc < 0) return rc;
    size_t m = tsc__csv_nfields(c);
    if (m < 3) return tsc__csv_error_at(c, 0, err, TSC_EPARSE, "header has %zu field(s); not a FIGARO matrix", m);
    s->ncol = --m;
    s->isfd = tsc__calloc(m, 1);
    s->to = tsc__calloc(m, sizeof *s->to);
    s->reg = tsc__calloc(m, sizeof *s->reg);
    s->code = tsc__calloc(m, sizeof *s->code);
    s->line = tsc__calloc(m, sizeof *s->line);
    s->col = tsc__calloc(m, sizeof *s->col);
    if (!s->isfd || !s->to || !s->reg || !s->code || !s->line || !s->col) goto nomem;
    for (size_t j = 0; j < m; j++) {
        const char *lab = tsc__csv_field(c, j + 1), *us = strchr(lab, '_');
        if (!us || us == lab || !us[1])
            return tsc__csv_error_at(c, j + 1, err, TSC_ELABEL, "column label '%s' is not REGION_CODE", lab);
        if (!(s->reg[j] = tsc__strndup(lab, (size_t)(us - lab))) || !(s->code[j] = tsc__strdup(us + 1))) goto nomem;
        s->line[j] = 1;
        s->col[j] = tsc__csv_col(c, j + 1);
        s->isfd[j] = (unsigned char)in_list(fd_codes, us + 1);
        if (s->isfd[j]) s->nfd++;
        else if (s->nfd) /* industries come first: a code after final demand is a category we do not know */
            return tsc__csv_error_at(c, j + 1, err, TSC_ELABEL,
                                     "column '%s' after the final-demand columns is not one of P3_S13, P3_S14, "
                                     "P3_S15, P51G, P5M",
                                     lab);
        else s->nind++;
    }
    if (!s->nind || !s->nfd)
        return tsc__error(err, TSC_ELABEL, tsc__csv_path(c), 1, 0,
                          "no %s columns; not a FIGARO industry-by-industry matrix",
                          s->nind ? "final-demand (REGION_P3_S14 ...)" : "industry (REGION_A01 ...)");
    return TSC_OK;
nomem:
    return tsc__error(err, TSC_ENOMEM, tsc__csv_path(c), 0, 0, "out of memory");
}

/* Grids of the industry and final-demand labels (regions in order of first appearance); every region of final
 * demand must have industries, in the same order. */
static int build(fg_read *s, const char *path, const tsc_load_opts *opts, tsc_error *err)
{
    size_t ni = s->nind, nf = s->nfd;
    tsc_where wi = {path, s->line, s->col}, wf = {path, s->line + ni, s->col + ni};
    int rc =
        tsc__grid_build(&s->ind, ni, (const char *const *)s->reg, (const char *const *)s->code, &wi, "sector", err);
    if (!rc)
        rc = tsc__grid_build(&s->fd, nf, (const char *const *)s->reg + ni, (const char *const *)s->code + ni, &wf,
                             "category", err);
    if (rc) return rc;
    if (s->fd.G != s->ind.G)
        return tsc__error(err, TSC_ELABEL, path, 1, 0, "%zu regions with industries but %zu with final demand",
                          s->ind.G, s->fd.G);
    for (size_t r = 0; r < s->ind.G; r++)
        if (strcmp(s->ind.regions[r], s->fd.regions[r]) != 0)
            return tsc__error(err, TSC_ELABEL, path, 1, 0,
                              "final-demand regions are not in the industries' order (%s where %s is expected)",
                              s->fd.regions[r], s->ind.regions[r]);
    for (size_t j = 0; j < ni + nf; j++) s->to[j] = j < ni ? s->ind.cell[j] : s->fd.cell[j - ni];
    if (!(s->t = tsc__table_alloc(s->ind.G, s->ind.P, s->fd.P, opts->max_bytes, err))) return err ? err->code : -1;
    return tsc__grid_label_table(s->t, &s->ind, &s->fd, path, err); /* NACE sections A-C are goods */
}

/* A primary-input row: W2_CODE (any prefix) with a known code, once each; lab its label, v its numbers, errors at
 * line of path. */
static int va_row(fg_read *s, const char *lab, const double *v, const char *path, size_t line, tsc_error *err)
{
    const char *us = strchr(lab, '_');
    if (!us || !in_list(va_codes, us + 1)) {
        if (s->next_ind < s->nind)
            return tsc__error(err, TSC_ELABEL, path, line, 1,
                              "row '%s' where '%s_%s' is expected (industry rows follow the industry "
                              "columns, in their order)",
                              lab, s->reg[s->next_ind], s->code[s->next_ind]);
        return tsc__error(err, TSC_ELABEL, path, line, 1,
                          "row '%s' is neither an industry nor a primary input (W2_D21X31, W2_OP_RES, "
                          "W2_OP_NRES, W2_D1, W2_D29X39, W2_B2A3G)",
                          lab);
    }
    for (size_t k = 0; k < s->nva; k++)
        if (!strcmp(s->seen_va[k], lab))
            return tsc__error(err, TSC_ELABEL, path, line, 1, "row '%s' appears twice", lab);
    if (s->nva == sizeof s->seen_va / sizeof *s->seen_va)
        return tsc__error(err, TSC_ELABEL, path, line, 1, "too many primary-input rows");
    if (!(s->seen_va[s->nva++] = tsc__strdup(lab))) return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    for (size_t j = 0; j < s->ncol; j++) {
        if (s->isfd[j]) s->fd_primary += v[j];
        else s->t->va[s->to[j]] += v[j];
    }
    return TSC_OK;
}

/* The label of the industry row expected next, REGION_CODE, is lab (len bytes)? */
static int next_industry(const fg_read *s, const char *lab, size_t len)
{
    size_t e = s->next_ind;
    if (e >= s->nind) return 0;
    size_t lr = strlen(s->reg[e]), lc = strlen(s->code[e]);
    return len == lr + 1 + lc && memcmp(lab, s->reg[e], lr) == 0 && lab[lr] == '_' &&
           memcmp(lab + lr + 1, s->code[e], lc) == 0;
}

/* An industry row's numbers into its row of Z and Y, through the columns' targets. */
static void put_industry(fg_read *s, const double *v)
{
    tsc_table *t = s->t;
    size_t n = t->n, i = s->to[s->next_ind++];
    double *z = t->Z + i, *y = t->Y + i;
    for (size_t j = 0; j < s->ncol; j++) {
        if (s->isfd[j]) y[s->to[j] * n] += v[j];
        else z[s->to[j] * n] += v[j];
    }
}

/* The rows: plain ones in blocks on the bulk path (tsc__csv_rows_next), the others field by field, their errors
 * located at their fields. */
static int read_rows(fg_read *s, tsc_csv *c, tsc_error *err)
{
    const char *path = tsc__csv_path(c);
    tsc_csv_rows b;
    const double *v;
    int rc = tsc__csv_rows_init(&b, c, 1, s->ncol, err);
    if (rc) return rc;
    while ((rc = tsc__csv_rows_next(&b, &v, err)) > 0) {
        char lab[256];
        size_t len;
        if (rc == 2) {
            if ((rc = tsc__csv_expect_fields(c, s->ncol + 1, err))) break;
            double *row = b.v;
            for (size_t j = 0; j < s->ncol && !rc; j++) rc = tsc__csv_number(c, j + 1, &row[j], err);
            if (rc) break;
            v = row;
            len = tsc__csv_flen(c, 0);
            if (len >= sizeof lab) len = sizeof lab - 1;
            memcpy(lab, tsc__csv_field(c, 0), len);
        } else {
            len = b.lablen[0] < sizeof lab ? b.lablen[0] : sizeof lab - 1;
            memcpy(lab, b.lab[0], len);
        }
        lab[len] = '\0';
        rc = TSC_OK;
        if (next_industry(s, lab, len)) put_industry(s, v);
        else if ((rc = va_row(s, lab, v, path, b.line, err))) break;
    }
    tsc__csv_rows_free(&b);
    if (rc < 0) return rc;
    if (s->next_ind < s->nind)
        return tsc__error(err, TSC_EDIM, path, tsc__csv_line(c), 0,
                          "%zu industry rows where the header has %zu industry columns (first missing: %s_%s)",
                          s->next_ind, s->nind, s->reg[s->next_ind], s->code[s->next_ind]);
    if (!s->nva)
        return tsc__error(err, TSC_ELABEL, path, tsc__csv_line(c), 0,
                          "no primary-input rows (W2_D1, W2_B2A3G ...) under the industry rows");
    return TSC_OK;
}

/* ---- the flat CSV ------------------------------------------------------------------------------------------------ */

/* The columns of the flat file that the reader uses, by their names in its header (others are passed over: the
 * combined labels icioiRow, icioiCol). */
enum { F_RAREA, F_ROW, F_CAREA, F_COL, F_VALUE, F_N };
static const char *const flat_names[F_N] = {"refArea", "rowIi", "counterpartArea", "colIi", "obsValue"};

/* Distinct (area, code) labels in order of first appearance, found through an open-addressing hash table. */
typedef struct lab_set {
    char **area, **code;
    size_t *line, *col; /* where each was first seen */
    uint64_t *len;      /* strlen of each area << 32 | strlen of its code */
    size_t n, cap;
    uint32_t *slot; /* index + 1, 0 = empty */
    size_t nslot;   /* a power of two, at least twice n */
} lab_set;

static void labs_free(lab_set *l)
{
    for (size_t k = 0; k < l->n; k++) {
        tsc__free(l->area[k]);
        tsc__free(l->code[k]);
    }
    tsc__free(l->area);
    tsc__free(l->code);
    tsc__free(l->line);
    tsc__free(l->col);
    tsc__free(l->len);
    tsc__free(l->slot);
    memset(l, 0, sizeof *l);
}

static size_t lab_hash(const char *a, size_t la, const char *c, size_t lc)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (size_t k = 0; k < la; k++) h = (h ^ (unsigned char)a[k]) * 1099511628211u;
    h = (h ^ 0x1f) * 1099511628211u;
    for (size_t k = 0; k < lc; k++) h = (h ^ (unsigned char)c[k]) * 1099511628211u;
    return (size_t)h;
}

/* Label j of l is (a, c), given by their bytes and lengths? */
static int lab_is(const lab_set *l, size_t j, const char *a, size_t la, const char *c, size_t lc)
{
    return l->len[j] == ((uint64_t)la << 32 | lc) && memcmp(l->area[j], a, la) == 0 && memcmp(l->code[j], c, lc) == 0;
}

static size_t *labs_probe(const lab_set *l, const char *a, size_t la, const char *c, size_t lc, size_t *k)
{
    size_t mask = l->nslot - 1, i = lab_hash(a, la, c, lc) & mask;
    for (; l->slot[i]; i = (i + 1) & mask) {
        size_t j = l->slot[i] - 1;
        if (lab_is(l, j, a, la, c, lc)) {
            *k = j;
            return NULL;
        }
    }
    *k = i;
    return k;
}

/* The index of (a, c) (la and lc bytes), added at (line, col) when new; *idx, or < 0 out of memory. */
static int labs_get(lab_set *l, const char *a, size_t la, const char *c, size_t lc, size_t line, size_t col,
                    size_t *idx)
{
    if (2 * (l->n + 1) > l->nslot) {
        size_t ns = l->nslot ? 2 * l->nslot : 64;
        uint32_t *s = tsc__calloc(ns, sizeof *s);
        if (!s) return -1;
        tsc__free(l->slot);
        l->slot = s;
        l->nslot = ns;
        for (size_t j = 0, k; j < l->n; j++) {
            labs_probe(l, l->area[j], strlen(l->area[j]), l->code[j], strlen(l->code[j]), &k);
            l->slot[k] = (uint32_t)(j + 1);
        }
    }
    size_t k;
    if (!labs_probe(l, a, la, c, lc, &k)) {
        *idx = k;
        return 0;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        char **na = tsc__realloc(l->area, cap * sizeof *na);
        if (na) l->area = na;
        char **nc = na ? tsc__realloc(l->code, cap * sizeof *nc) : NULL;
        if (nc) l->code = nc;
        size_t *nl = nc ? tsc__realloc(l->line, cap * sizeof *nl) : NULL;
        if (nl) l->line = nl;
        size_t *ncol = nl ? tsc__realloc(l->col, cap * sizeof *ncol) : NULL;
        if (ncol) l->col = ncol;
        uint64_t *nlen = ncol ? tsc__realloc(l->len, cap * sizeof *nlen) : NULL;
        if (!nlen) return -1;
        l->len = nlen;
        l->cap = cap;
    }
    if (!(l->area[l->n] = tsc__strndup(a, la))) return -1;
    if (!(l->code[l->n] = tsc__strndup(c, lc))) {
        tsc__free(l->area[l->n]);
        return -1;
    }
    if (la > UINT32_MAX || lc > UINT32_MAX) {
        tsc__free(l->area[l->n]);
        tsc__free(l->code[l->n]);
        return -1;
    }
    l->len[l->n] = (uint64_t)la << 32 | lc;
    l->line[l->n] = line;
    l->col[l->n] = col;
    l->slot[k] = (uint32_t)(l->n + 1);
    *idx = l->n++;
    return 0;
}

/* One value of the file: its row and column labels' indices (the column's kind in the top bit) and its line. */
typedef struct flat_cell {
    double v;
    uint32_t row, col, line;
} flat_cell;
#define COL_FD 0x80000000u
#define ROW_VA 0x80000000u

typedef struct flat_read {
    size_t at[F_N]; /* field of each used column */
    size_t nf;      /* fields of a record */
    lab_set rows, cols, fds, vas;
    flat_cell *cell;
    size_t ncell, cap, max_cells;
    tsc_table *t;
    double fd_primary;
    /* the last row and column labels found: a line's row label is mostly the last line's, its column label the
     * next after the last line's, so most lines need no hash lookup */
    size_t last_ri, last_ci;
    int last_va, last_fd, have_last;
} flat_read;

static void flat_free(flat_read *s)
{
    labs_free(&s->rows);
    labs_free(&s->cols);
    labs_free(&s->fds);
    labs_free(&s->vas);
    tsc__free(s->cell);
}

/* The header names every column of flat_names (in any order), each once: 1; not a flat FIGARO file: 0. */
static int flat_header(const tsc_csv *c, size_t *at)
{
    size_t nf = tsc__csv_nfields(c);
    for (size_t k = 0; k < F_N; k++) {
        at[k] = nf;
        for (size_t j = 0; j < nf; j++)
            if (!strcmp(tsc__csv_field(c, j), flat_names[k])) {
                if (at[k] < nf) return 0;
                at[k] = j;
            }
        if (at[k] == nf) return 0;
    }
    return 1;
}

int tsc__figaro_flat_detect(const char *path)
{
    tsc_csv *c = NULL;
    size_t at[F_N];
    int yes = tsc__csv_open(path, &c, NULL) == TSC_OK && tsc__csv_next(c, NULL) == 1 && flat_header(c, at);
    tsc__csv_close(c);
    return yes;
}

static int in_list_n(const char *const *list, const char *s, size_t len)
{
    for (size_t k = 0; list[k]; k++)
        if (strncmp(list[k], s, len) == 0 && list[k][len] == '\0') return 1;
    return 0;
}

/* The labels of a line (each as bytes and a length, with its column for errors) and its value, stored as a cell. */
typedef struct flat_line {
    const char *lab[4]; /* refArea, rowIi, counterpartArea, colIi */
    size_t len[4], col[4];
    double v;
    size_t line;
} flat_line;

/* The column label of x is label k of l? */
static int col_is(const lab_set *l, size_t k, const flat_line *x)
{
    return k < l->n && lab_is(l, k, x->lab[F_CAREA], x->len[F_CAREA], x->lab[F_COL], x->len[F_COL]);
}

static int flat_add(flat_read *s, const flat_line *x, const char *path, tsc_error *err)
{
    size_t ri, ci, line = x->line;
    int isva, isfd;
    if (s->have_last && lab_is(s->last_va ? &s->vas : &s->rows, s->last_ri, x->lab[F_RAREA], x->len[F_RAREA],
                               x->lab[F_ROW], x->len[F_ROW])) {
        ri = s->last_ri;
        isva = s->last_va;
    } else {
        isva = in_list_n(va_codes, x->lab[F_ROW], x->len[F_ROW]);
        if (labs_get(isva ? &s->vas : &s->rows, x->lab[F_RAREA], x->len[F_RAREA], x->lab[F_ROW], x->len[F_ROW], line,
                     x->col[F_ROW], &ri))
            return tsc__error(err, TSC_ENOMEM, path, line, 0, "out of memory");
    }
    if (s->have_last && col_is(s->last_fd ? &s->fds : &s->cols, s->last_ci + 1, x)) {
        ci = s->last_ci + 1;
        isfd = s->last_fd;
    } else if (col_is(&s->fds, 0, x)) {
        ci = 0;
        isfd = 1;
    } else if (col_is(&s->cols, 0, x)) {
        ci = 0;
        isfd = 0;
    } else {
        isfd = in_list_n(fd_codes, x->lab[F_COL], x->len[F_COL]);
        if (labs_get(isfd ? &s->fds : &s->cols, x->lab[F_CAREA], x->len[F_CAREA], x->lab[F_COL], x->len[F_COL], line,
                     x->col[F_COL], &ci))
            return tsc__error(err, TSC_ENOMEM, path, line, 0, "out of memory");
    }
    s->last_ri = ri;
    s->last_va = isva;
    s->last_ci = ci;
    s->last_fd = isfd;
    s->have_last = 1;
    if (line > UINT32_MAX || ri >= ROW_VA || ci >= COL_FD)
        return tsc__error(err, TSC_ETOOBIG, path, line, 0, "too many lines or labels");
    flat_cell cell;
    cell.v = x->v;
    cell.row = (uint32_t)ri | (isva ? ROW_VA : 0);
    cell.col = (uint32_t)ci | (isfd ? COL_FD : 0);
    cell.line = (uint32_t)line;
    if (s->ncell == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 4096;
        if (cap > s->max_cells) cap = s->max_cells;
        flat_cell *p = cap > s->ncell ? tsc__realloc(s->cell, cap * sizeof *p) : NULL;
        if (!p)
            return tsc__error(err, cap > s->ncell ? TSC_ENOMEM : TSC_ETOOBIG, path, line, 0,
                              "%s holding the values read so far (%zu)",
                              cap > s->ncell ? "out of memory" : "over the memory ceiling", s->ncell);
        s->cell = p;
        s->cap = cap;
    }
    s->cell[s->ncell++] = cell;
    return TSC_OK;
}

/* The current record of c, field by field (any record the bulk parser leaves), its errors located. */
static int flat_record(flat_read *s, tsc_csv *c, tsc_error *err)
{
    int rc = tsc__csv_expect_fields(c, s->nf, err);
    if (rc) return rc;
    for (size_t k = 0; k < F_VALUE; k++)
        if (!tsc__csv_field(c, s->at[k])[0])
            return tsc__csv_error_at(c, s->at[k], err, TSC_ELABEL, "empty %s", flat_names[k]);
    flat_line x;
    if ((rc = tsc__csv_number(c, s->at[F_VALUE], &x.v, err))) return rc;
    for (size_t k = 0; k < F_VALUE; k++) {
        x.lab[k] = tsc__csv_field(c, s->at[k]);
        x.len[k] = tsc__csv_flen(c, s->at[k]);
        x.col[k] = tsc__csv_col(c, s->at[k]);
    }
    x.line = tsc__csv_line(c);
    return flat_add(s, &x, tsc__csv_path(c), err);
}

/* Every line after the header: plain ones in bulk (tsc__csv_rows_next: nf - 1 labels, then the value) when the value
 * is the last column, the others field by field. */
static int flat_lines(flat_read *s, tsc_csv *c, tsc_error *err)
{
    int rc;
    if (s->at[F_VALUE] + 1 != s->nf) { /* the value not last: field by field */
        while ((rc = tsc__csv_next(c, err)) == 1)
            if ((rc = flat_record(s, c, err))) return rc;
        return rc;
    }
    tsc_csv_rows b;
    const double *v;
    if ((rc = tsc__csv_rows_init(&b, c, s->nf - 1, 1, err))) return rc;
    while ((rc = tsc__csv_rows_next(&b, &v, err)) > 0) {
        if (rc == 2) {
            if ((rc = flat_record(s, c, err))) break;
            continue;
        }
        flat_line x;
        for (size_t k = 0; k < F_VALUE; k++) {
            x.lab[k] = b.lab[s->at[k]];
            x.len[k] = b.lablen[s->at[k]];
            x.col[k] = (size_t)(b.lab[s->at[k]] - b.lab[0]) + 1; /* one byte a column, as tsc__csv_col counts */
        }
        x.v = v[0];
        x.line = b.line;
        if ((rc = flat_add(s, &x, tsc__csv_path(c), err))) break;
    }
    tsc__csv_rows_free(&b);
    return rc;
}

/* Adds name (borrowed) to v[0..*n) unless it is there. */
static void add_once(char **v, size_t *n, char *name)
{
    if (tsc__grid_find(v, *n, name) == *n) v[(*n)++] = name;
}

/* The table's shape from the labels seen: regions in order of first appearance (rows, then columns), industries in
 * NACE order (tsc__natural_cmp) whether or not a line names them in every region (the file may leave zero cells out: a
 * missing industry reads as zero), final-demand categories in the order of fd_codes; the region-major cell of each
 * row and column label into rowcell and colcell, and r * F + f of each final-demand label into fdcat. */
static int flat_build(flat_read *s, const char *path, const tsc_load_opts *opts, size_t *rowcell, size_t *colcell,
                      size_t *fdcat, tsc_error *err)
{
    if (!s->cols.n || !s->fds.n || !s->vas.n)
        return tsc__error(err, TSC_ELABEL, path, 0, 0, "no %s in the file; not a FIGARO industry-by-industry table",
                          !s->cols.n  ? "industry columns (colIi A01 ...)"
                          : !s->fds.n ? "final-demand columns (colIi P3_S14 ...)"
                                      : "primary-input rows (rowIi D1, B2A3G ...)");
    size_t nl = s->rows.n + s->cols.n, G = 0, P = 0, F = 0;
    char **reg = tsc__calloc(nl, sizeof *reg), **sec = tsc__calloc(nl, sizeof *sec), *cats[16];
    int rc = TSC_OK;
    if (!reg || !sec) {
        rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < nl; k++) {
        const lab_set *l = k < s->rows.n ? &s->rows : &s->cols;
        size_t q = k < s->rows.n ? k : k - s->rows.n;
        add_once(reg, &G, l->area[q]);
        add_once(sec, &P, l->code[q]);
    }
    qsort(sec, P, sizeof *sec, tsc__natural_qsort);
    for (size_t c = 0; fd_codes[c]; c++)
        for (size_t k = 0; k < s->fds.n; k++)
            if (!strcmp(s->fds.code[k], fd_codes[c])) {
                cats[F++] = (char *)fd_codes[c];
                break;
            }
    for (size_t k = 0; k < s->rows.n; k++)
        rowcell[k] = tsc__grid_find(reg, G, s->rows.area[k]) * P + tsc__grid_find(sec, P, s->rows.code[k]);
    for (size_t k = 0; k < s->cols.n; k++)
        colcell[k] = tsc__grid_find(reg, G, s->cols.area[k]) * P + tsc__grid_find(sec, P, s->cols.code[k]);
    for (size_t k = 0; k < s->fds.n; k++) {
        size_t r = tsc__grid_find(reg, G, s->fds.area[k]);
        if (r == G) {
            rc = tsc__error(err, TSC_ELABEL, path, s->fds.line[k], s->fds.col[k],
                            "final demand of %s, which has no industries", s->fds.area[k]);
            goto done;
        }
        fdcat[k] = r * F + tsc__grid_find(cats, F, s->fds.code[k]);
    }
    if (!(s->t = tsc__table_alloc(G, P, F, opts->max_bytes, err))) {
        rc = err ? err->code : TSC_ENOMEM;
        goto done;
    }
    tsc_grid ind = {0}, fd = {0};
    ind.regions = reg;
    ind.parts = sec;
    fd.parts = cats;
    rc = tsc__grid_label_table(s->t, &ind, &fd, path, err); /* NACE sections A-C are goods */
done:
    tsc__free(reg);
    tsc__free(sec);
    return rc;
}

/* Every value into its cell; a cell given twice is an error at its second line. */
static int flat_scatter(flat_read *s, const char *path, const size_t *rowcell, const size_t *colcell,
                        const size_t *fdcat, tsc_error *err)
{
    tsc_table *t = s->t;
    size_t n = t->n, ny = t->G * t->F, nva = s->vas.n, cells = 0;
    uint32_t *seen_line = NULL;
    if (tsc__mul_size(n + nva, n + ny, &cells) || !(seen_line = tsc__calloc(cells ? cells : 1, sizeof *seen_line)))
        return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    int rc = TSC_OK;
    for (size_t q = 0; q < s->ncell; q++) {
        const flat_cell *x = &s->cell[q];
        size_t r = x->row & ~ROW_VA, c = x->col & ~COL_FD;
        int va = (x->row & ROW_VA) != 0, fd = (x->col & COL_FD) != 0;
        size_t i = va ? n + r : rowcell[r], j = fd ? n + fdcat[c] : colcell[c];
        uint32_t *seen = &seen_line[i + j * (n + nva)];
        if (*seen) {
            rc =
                tsc__error(err, TSC_ELABEL, path, x->line, 0,
                           "the cell of this line's row and column is given twice (first on line %u)", (unsigned)*seen);
            break;
        }
        *seen = x->line;
        if (va && fd) s->fd_primary += x->v;
        else if (va) t->va[j] += x->v;
        else if (fd) t->Y[i + (j - n) * n] = x->v;
        else t->Z[i + j * n] = x->v;
    }
    tsc__free(seen_line);
    return rc;
}

/* What both layouts end with: the unit, source and year, the note of the primary inputs found under the final-demand
 * columns, and the checks of every loader (tsc__table_finish). */
static int finish(tsc_table *t, const char *path, double fd_primary, const tsc_load_opts *opts, tsc_error *err)
{
    snprintf(t->unit, sizeof t->unit, "EUR million");
    snprintf(t->source, sizeof t->source, "%.510s", path);
    t->year = tsc__year_in_name(path);
    t->format = TSC_FORMAT_FIGARO;
    int rc = fd_primary == 0 ? TSC_OK
                             : tsc__table_note(t, err,
                                               "primary inputs under the final-demand columns (taxes less subsidies on "
                                               "products, purchases abroad and of non-residents: %.6g in total) are "
                                               "not in the table",
                                               fd_primary);
    return rc ? rc : tsc__table_finish(t, opts, 0, 1, NULL, err);
}

static int load_flat(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    flat_read s = {0};
    tsc_csv *c = NULL;
    size_t *fdcat = NULL, *rowcell = NULL, *colcell = NULL;
    int rc = tsc__csv_open(path, &c, err);
    if (!rc && (rc = tsc__csv_next(c, err)) == 1) rc = TSC_OK;
    else if (!rc) rc = tsc__error(err, TSC_EPARSE, path, 0, 0, "file is empty");
    if (rc) goto fail;
    if (!flat_header(c, s.at)) {
        rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE,
                               "the header must name the columns refArea, rowIi, "
                               "counterpartArea, colIi and obsValue, each once");
        goto fail;
    }
    s.nf = tsc__csv_nfields(c);
    s.max_cells = opts->max_bytes / sizeof(flat_cell);
    if ((rc = flat_lines(&s, c, err)) < 0) goto fail;
    if (!(fdcat = tsc__malloc((s.fds.n + 1) * sizeof *fdcat)) ||
        !(rowcell = tsc__malloc((s.rows.n + 1) * sizeof *rowcell)) ||
        !(colcell = tsc__malloc((s.cols.n + 1) * sizeof *colcell))) {
        rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
        goto fail;
    }
    if ((rc = flat_build(&s, path, opts, rowcell, colcell, fdcat, err)) ||
        (rc = flat_scatter(&s, path, rowcell, colcell, fdcat, err)))
        goto fail;
    if ((rc = finish(s.t, path, s.fd_primary, opts, err)) < 0) goto fail;
    *out = s.t;
    s.t = NULL;
fail:
    tsc__csv_close(c);
    tsc_table_free(s.t);
    tsc__free(fdcat);
    tsc__free(rowcell);
    tsc__free(colcell);
    flat_free(&s);
    return rc;
}

/* ---- either layout ----------------------------------------------------------------------------------------------- */

int tsc__table_load_figaro(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    fg_read s = {0};
    tsc_csv *c = NULL;
    int rc;
    *out = NULL;
    if (tsc__figaro_flat_detect(path)) return load_flat(path, opts, out, err);
    if ((rc = tsc__csv_open(path, &c, err)) || (rc = read_head(&s, c, err)) || (rc = build(&s, path, opts, err)) ||
        (rc = read_rows(&s, c, err)))
        goto fail;
    if ((rc = finish(s.t, path, s.fd_primary, opts, err)) < 0) goto fail;
    *out = s.t;
    s.t = NULL;
fail:
    tsc__csv_close(c);
    tsc_table_free(s.t);
    fg_free(&s);
    return rc;
}
