/* Reads a WIOD 2016 release world table (WIOTyyyy_Nov16_ROW.xlsb as distributed, or its sheet saved as CSV). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "numparse_int.h"
#include "table_grid_int.h"
#include "table_int.h"
#include "xlsb_int.h"

/* The sheet (the first of the workbook): four label columns (IndustryCode, IndustryDescription, Country, RNr), then one
 * column per industry (country x sector), five final-demand columns per country and the total TOT; header rows above
 * the data hold the column codes and countries; under the industry rows, the rows below (by code). */
#define LABEL_COLS 4
#define MAX_HEAD_ROWS 16

static const char *const fd_codes[] = {"CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN", NULL};
/* II_fob: intermediate inputs (the column sums of Z, not read); TXSP: taxes less subsidies on products; EXP_adj:
 * cif/fob adjustment on exports; PURR, PURNR: direct purchases abroad by residents, domestic purchases by
 * non-residents; VA: value added at basic prices; IntTTM: international transport margins; GO: gross output. */
static const char *const bottom_codes[] = {"II_fob", "TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM", "GO", NULL};

enum { COL_IND, COL_FD, COL_TOT };

static int in_list(const char *const *list, const char *s)
{
    for (size_t k = 0; list[k]; k++)
        if (!strcmp(list[k], s)) return 1;
    return 0;
}

/* One row of the sheet, from a CSV record or from the cells of a workbook's row. */
typedef struct wd_row {
    tsc_csv *csv; /* the CSV's current record, or NULL: the workbook's cells below */
    const char *path;
    size_t line; /* workbook: the sheet's row number (1-based) */
    size_t nf, cap;
    char **text; /* per field, "" for an empty cell */
    double *num;
    unsigned char *isnum;
    const double *vals; /* a CSV row read in bulk: the numbers of fields LABEL_COLS on (its labels in text) */
} wd_row;

static size_t row_nf(const wd_row *w)
{
    return w->csv ? tsc__csv_nfields(w->csv) : w->nf;
}

static const char *row_text(const wd_row *w, size_t j)
{
    if (w->vals && j >= LABEL_COLS) return ""; /* a number of a row read in bulk */
    return w->csv ? tsc__csv_field(w->csv, j) : j < w->nf ? w->text[j] : "";
}

static size_t row_line(const wd_row *w)
{
    return w->csv ? tsc__csv_line(w->csv) : w->line;
}

/* An error at field j: the CSV's file:line:col, or the workbook's row and column (1-based). */
static int row_error_at(const wd_row *w, size_t j, tsc_error *err, int code, const char *fmt, ...) TSC_PRINTF(5, 6);
static int row_error_at(const wd_row *w, size_t j, tsc_error *err, int code, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (w->csv) return tsc__csv_error_at(w->csv, j, err, code, "%s", msg);
    return tsc__error(err, code, w->path, w->line, j + 1, "%s", msg);
}

static int row_number(const wd_row *w, size_t j, double *v, tsc_error *err)
{
    if (w->csv) return tsc__csv_number(w->csv, j, v, err);
    if (w->vals && j >= LABEL_COLS && j < w->nf) {
        *v = w->vals[j - LABEL_COLS];
        return TSC_OK;
    }
    if (j < w->nf && w->isnum[j]) {
        *v = w->num[j];
        return TSC_OK;
    }
    const char *t = row_text(w, j);
    int rc = tsc__parse_double(t, strlen(t), v);
    if (rc == TSC_NUM_OK) return TSC_OK;
    if (rc == TSC_NUM_EMPTY) return row_error_at(w, j, err, TSC_EPARSE, "empty cell where a number is expected");
    return row_error_at(w, j, err, TSC_EPARSE, "'%s' is not a number", t);
}

/* A cell of a row below the industries: empty means nothing. */
static int optional_number(const wd_row *w, size_t j, double *v, tsc_error *err)
{
    *v = 0;
    if (w->vals && j >= LABEL_COLS && j < w->nf) return row_number(w, j, v, err);
    return row_text(w, j)[0] == '\0' && (w->csv || j >= w->nf || !w->isnum[j]) ? TSC_OK : row_number(w, j, v, err);
}

typedef struct wd_read {
    char **head[MAX_HEAD_ROWS]; /* header rows kept until the first data row says which is which */
    size_t head_nf[MAX_HEAD_ROWS], head_line[MAX_HEAD_ROWS], nhead;
    size_t ncol; /* fields of a data row */
    unsigned char *kind;
    size_t *to;          /* industry index or Y column per column */
    char **ireg, **isec; /* industry columns in order */
    char **freg, **fcat; /* final-demand columns in order */
    size_t *iline, *icol, *fline, *fcol;
    size_t nind, nfd;
    tsc_grid ind, fd;
    tsc_table *t;
    size_t next_ind;
    double *total;
    int have_x, have_va, have_total;
    double fd_primary;
    char seen[8];
} wd_read;

static void strs_free(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) tsc__free(v[i]);
    tsc__free(v);
}

static void wd_free(wd_read *s)
{
    for (size_t h = 0; h < s->nhead; h++) strs_free(s->head[h], s->head_nf[h]);
    tsc__free(s->kind);
    tsc__free(s->to);
    strs_free(s->ireg, s->nind);
    strs_free(s->isec, s->nind);
    strs_free(s->freg, s->nfd);
    strs_free(s->fcat, s->nfd);
    tsc__free(s->iline);
    tsc__free(s->icol);
    tsc__free(s->fline);
    tsc__free(s->fcol);
    tsc__grid_free(&s->ind);
    tsc__grid_free(&s->fd);
    tsc__free(s->total);
}

/* A data row: RNr (the fourth column) is r followed by digits (r1 ... r2464, r64 ... r71 below). */
static int is_data_row(const wd_row *c)
{
    if (row_nf(c) <= LABEL_COLS) return 0;
    const char *r = row_text(c, 3);
    if (r[0] != 'r' || !r[1]) return 0;
    for (const char *p = r + 1; *p; p++)
        if (!isdigit((unsigned char)*p)) return 0;
    return 1;
}

static int keep_head(wd_read *s, const wd_row *c, tsc_error *err)
{
    if (s->nhead == MAX_HEAD_ROWS)
        return row_error_at(c, 0, err, TSC_EPARSE,
                            "%d rows without a row number r1, r2 ... in the fourth column: not a WIOD 2016 sheet",
                            MAX_HEAD_ROWS);
    size_t nf = row_nf(c), h = s->nhead;
    if (!(s->head[h] = tsc__calloc(nf, sizeof(char *)))) goto nomem;
    s->head_nf[h] = nf;
    s->head_line[h] = row_line(c);
    s->nhead++;
    for (size_t j = 0; j < nf; j++)
        if (!(s->head[h][j] = tsc__strdup(row_text(c, j)))) goto nomem;
    return TSC_OK;
nomem:
    return tsc__error(err, TSC_ENOMEM, c->path, 0, 0, "out of memory");
}

/* The header row whose first column of numbers holds want (the first industry's code or country). */
static size_t find_head(const wd_read *s, const char *want, size_t except)
{
    for (size_t h = 0; h < s->nhead; h++)
        if (h != except && s->head_nf[h] > LABEL_COLS && !strcmp(s->head[h][LABEL_COLS], want)) return h;
    return s->nhead;
}

/* Classifies the columns from the code and country header rows; c is at the first data row. */
static int columns(wd_read *s, const wd_row *c, tsc_error *err)
{
    const char *path = c->path;
    s->ncol = row_nf(c);
    size_t hc = find_head(s, row_text(c, 0), SIZE_MAX), hr = find_head(s, row_text(c, 2), hc);
    if (hc == s->nhead || hr == s->nhead)
        return tsc__error(err, TSC_ELABEL, path, row_line(c), 0,
                          "no header rows with the column codes (%s ...) and countries (%s ...) above the first "
                          "row: not a WIOD 2016 sheet",
                          row_text(c, 0), row_text(c, 2));
    size_t m = s->ncol;
    s->kind = tsc__calloc(m, 1);
    s->to = tsc__calloc(m, sizeof *s->to);
    s->ireg = tsc__calloc(m, sizeof(char *));
    s->isec = tsc__calloc(m, sizeof(char *));
    s->freg = tsc__calloc(m, sizeof(char *));
    s->fcat = tsc__calloc(m, sizeof(char *));
    s->iline = tsc__calloc(m, sizeof(size_t));
    s->icol = tsc__calloc(m, sizeof(size_t));
    s->fline = tsc__calloc(m, sizeof(size_t));
    s->fcol = tsc__calloc(m, sizeof(size_t));
    if (!s->kind || !s->to || !s->ireg || !s->isec || !s->freg || !s->fcat || !s->iline || !s->icol || !s->fline ||
        !s->fcol)
        goto nomem;
    for (size_t j = LABEL_COLS; j < m; j++) {
        /* a workbook leaves a header row's trailing empty cells out */
        const char *code = j < s->head_nf[hc] ? s->head[hc][j] : "", *reg = j < s->head_nf[hr] ? s->head[hr][j] : "";
        if (!strcmp(code, "GO") || !strcmp(reg, "TOT")) {
            s->kind[j] = COL_TOT;
            s->have_total = 1;
        } else if (!code[0] || !reg[0]) {
            return tsc__error(err, TSC_ELABEL, path, s->head_line[code[0] ? hr : hc], j + 1, "column %zu has no %s",
                              j + 1, code[0] ? "country" : "code");
        } else if (in_list(fd_codes, code)) {
            s->kind[j] = COL_FD;
            s->to[j] = s->nfd;
            s->fline[s->nfd] = s->head_line[hc];
            s->fcol[s->nfd] = j + 1;
            if (!(s->freg[s->nfd] = tsc__strdup(reg)) || !(s->fcat[s->nfd++] = tsc__strdup(code))) goto nomem;
        } else {
            s->kind[j] = COL_IND;
            s->to[j] = s->nind;
            s->iline[s->nind] = s->head_line[hc];
            s->icol[s->nind] = j + 1;
            if (!(s->ireg[s->nind] = tsc__strdup(reg)) || !(s->isec[s->nind++] = tsc__strdup(code))) goto nomem;
        }
    }
    if (!s->nind || !s->nfd)
        return tsc__error(err, TSC_ELABEL, path, s->head_line[hc], 0, "no %s columns",
                          s->nind ? "final-demand (CONS_h ...)" : "industry");
    return TSC_OK;
nomem:
    return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
}

static int build(wd_read *s, const char *path, const tsc_load_opts *opts, tsc_error *err)
{
    tsc_where wi = {path, s->iline, s->icol}, wf = {path, s->fline, s->fcol};
    int rc = tsc__grid_build(&s->ind, s->nind, (const char *const *)s->ireg, (const char *const *)s->isec, &wi,
                             "sector", err);
    if (!rc)
        rc = tsc__grid_build(&s->fd, s->nfd, (const char *const *)s->freg, (const char *const *)s->fcat, &wf,
                             "category", err);
    if (rc) return rc;
    if (s->fd.G != s->ind.G)
        return tsc__error(err, TSC_ELABEL, path, 0, 0, "%zu countries with industries but %zu with final demand",
                          s->ind.G, s->fd.G);
    for (size_t r = 0; r < s->ind.G; r++)
        if (strcmp(s->ind.regions[r], s->fd.regions[r]) != 0)
            return tsc__error(err, TSC_ELABEL, path, 0, 0,
                              "final-demand countries are not in the industries' order (%s where %s is expected)",
                              s->fd.regions[r], s->ind.regions[r]);
    for (size_t j = LABEL_COLS; j < s->ncol; j++)
        if (s->kind[j] != COL_TOT) s->to[j] = s->kind[j] == COL_IND ? s->ind.cell[s->to[j]] : s->fd.cell[s->to[j]];
    if (!(s->t = tsc__table_alloc(s->ind.G, s->ind.P, s->fd.P, opts->max_bytes, err))) return err ? err->code : -1;
    if (!(s->total = tsc__alloc_doubles(s->t->n, 1))) return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    return tsc__grid_label_table(s->t, &s->ind, &s->fd, path, err); /* ISIC rev. 4 sections A-C are goods */
}

static int bottom_row(wd_read *s, const wd_row *c, size_t b, tsc_error *err)
{
    const char *code = bottom_codes[b];
    if (s->seen[b]) return row_error_at(c, 0, err, TSC_ELABEL, "row '%s' appears twice", code);
    s->seen[b] = 1;
    if (!strcmp(code, "II_fob")) return TSC_OK;
    int go = !strcmp(code, "GO"), rc;
    for (size_t j = LABEL_COLS; j < s->ncol; j++) {
        double v;
        if (s->kind[j] == COL_TOT) continue;
        if ((rc = optional_number(c, j, &v, err))) return rc;
        if (s->kind[j] == COL_FD) s->fd_primary += go ? 0 : v;
        else if (go) s->t->x[s->to[j]] += v;
        else s->t->va[s->to[j]] += v;
    }
    if (go) s->have_x = 1;
    else s->have_va = 1;
    return TSC_OK;
}

static int data_row(wd_read *s, const wd_row *c, tsc_error *err)
{
    int rc;
    /* a workbook leaves trailing empty cells out; a CSV row has every field */
    if (row_nf(c) > s->ncol || (c->csv && row_nf(c) < s->ncol))
        return row_error_at(c, row_nf(c), err, TSC_EDIM, "%zu fields where the first data row has %zu", row_nf(c),
                            s->ncol);
    const char *code = row_text(c, 0), *reg = row_text(c, 2);
    for (size_t b = 0; bottom_codes[b]; b++)
        if (!strcmp(code, bottom_codes[b])) return bottom_row(s, c, b, err);
    size_t e = s->next_ind;
    if (e == s->nind)
        return row_error_at(c, 0, err, TSC_ELABEL,
                            "row '%s' after the %zu industry rows is not II_fob, TXSP, EXP_adj, PURR, PURNR, VA, "
                            "IntTTM or GO",
                            code, s->nind);
    if (strcmp(code, s->isec[e]) != 0 || strcmp(reg, s->ireg[e]) != 0)
        return row_error_at(c, 0, err, TSC_ELABEL,
                            "row %s %s where %s %s is expected (industry rows follow the industry columns, in "
                            "their order)",
                            reg, code, s->ireg[e], s->isec[e]);
    tsc_table *t = s->t;
    size_t i = s->ind.cell[e], n = t->n;
    if (c->vals) { /* read in bulk: every field a number */
        double *z = t->Z + i, *y = t->Y + i;
        for (size_t j = LABEL_COLS; j < s->ncol; j++) {
            if (s->kind[j] == COL_IND) z[s->to[j] * n] += c->vals[j - LABEL_COLS];
            else if (s->kind[j] == COL_FD) y[s->to[j] * n] += c->vals[j - LABEL_COLS];
            else s->total[i] += c->vals[j - LABEL_COLS];
        }
        s->next_ind++;
        return TSC_OK;
    }
    for (size_t j = LABEL_COLS; j < s->ncol; j++) {
        double v;
        if ((rc = row_number(c, j, &v, err))) return rc;
        if (s->kind[j] == COL_IND) t->Z[i + s->to[j] * n] += v;
        else if (s->kind[j] == COL_FD) t->Y[i + s->to[j] * n] += v;
        else s->total[i] += v;
    }
    s->next_ind++;
    return TSC_OK;
}

/* One row, whichever the source: header rows are kept until the first data row, which fixes the columns. */
static int on_row(wd_read *s, const wd_row *c, const tsc_load_opts *opts, tsc_error *err)
{
    int rc;
    if (!s->t && !is_data_row(c)) return keep_head(s, c, err);
    if (!s->t && ((rc = columns(s, c, err)) || (rc = build(s, c->path, opts, err)))) return rc;
    return data_row(s, c, err);
}

static int finish_rows(wd_read *s, const char *path, size_t line, tsc_error *err)
{
    if (!s->t) return tsc__error(err, TSC_EPARSE, path, 0, 0, "no data rows (r1, r2 ... in column D)");
    if (s->next_ind < s->nind)
        return tsc__error(err, TSC_EDIM, path, line, 0,
                          "%zu industry rows where the header has %zu industry columns (first missing: %s %s)",
                          s->next_ind, s->nind, s->ireg[s->next_ind], s->isec[s->next_ind]);
    if (!s->have_x && s->have_total) {
        memcpy(s->t->x, s->total, s->t->n * sizeof *s->total);
        s->have_x = 1;
    }
    return TSC_OK;
}

/* The rows after the first data row that the bulk parser takes (tsc__csv_rows_next: LABEL_COLS labels, then
 * numbers), each as a row of its own through data_row; 2 when the next record is for tsc__csv_next's path. */
static int bulk_rows(wd_read *s, tsc_csv_rows *b, const char *path, tsc_error *err)
{
    char lab[LABEL_COLS][256];
    char *text[LABEL_COLS];
    wd_row w = {.path = path, .nf = s->ncol, .text = text};
    const double *v;
    int rc;
    while ((rc = tsc__csv_rows_next(b, &v, err)) == 1) {
        for (size_t f = 0; f < LABEL_COLS; f++) {
            size_t len = b->lablen[f] < sizeof lab[f] ? b->lablen[f] : sizeof lab[f] - 1;
            memcpy(lab[f], b->lab[f], len);
            lab[f][len] = '\0';
            text[f] = lab[f];
        }
        w.line = b->line;
        w.vals = v;
        if ((rc = data_row(s, &w, err))) return rc;
    }
    return rc;
}

static int read_csv(wd_read *s, const char *path, const tsc_load_opts *opts, tsc_error *err)
{
    wd_row w = {.path = path};
    tsc_csv_rows b = {0};
    int rc = tsc__csv_open(path, &w.csv, err);
    while (!rc) {
        if (s->t && s->ncol > LABEL_COLS) { /* the columns are known: plain rows in bulk */
            if (!b.c && (rc = tsc__csv_rows_init(&b, w.csv, LABEL_COLS, s->ncol - LABEL_COLS, err))) break;
            if ((rc = bulk_rows(s, &b, path, err)) != 2) break;
        } else if ((rc = tsc__csv_next(w.csv, err)) != 1) break;
        rc = on_row(s, &w, opts, err); /* the record tsc__csv_next read */
    }
    if (!rc) rc = finish_rows(s, path, tsc__csv_line(w.csv), err);
    tsc__csv_rows_free(&b);
    tsc__csv_close(w.csv);
    return rc;
}

/* The workbook: cells gathered into rows (a row ends when a cell of a later row comes). */
typedef struct wd_book {
    wd_read *s;
    wd_row w;
    const tsc_load_opts *opts;
    tsc_error *err;
    int started;
} wd_book;

static void book_clear(wd_row *w)
{
    for (size_t j = 0; j < w->nf; j++) w->text[j][0] = '\0';
    memset(w->isnum, 0, w->nf);
    w->nf = 0;
}

static int book_cell(void *ctx, size_t row, size_t col, const char *text, int is_number, double value)
{
    wd_book *b = ctx;
    wd_row *w = &b->w;
    int rc;
    if (b->started && row + 1 != w->line) {
        if ((rc = on_row(b->s, w, b->opts, b->err))) return rc;
        book_clear(w);
    }
    b->started = 1;
    w->line = row + 1;
    if (col >= w->cap) {
        size_t nc = col + 1 > 2 * w->cap ? col + 1 : 2 * w->cap;
        char **t = tsc__realloc(w->text, nc * sizeof *t);
        if (t) w->text = t;
        double *nm = t ? tsc__realloc(w->num, nc * sizeof *nm) : NULL;
        if (nm) w->num = nm;
        unsigned char *in = nm ? tsc__realloc(w->isnum, nc) : NULL;
        if (in) w->isnum = in;
        if (!in) return tsc__error(b->err, TSC_ENOMEM, w->path, 0, 0, "out of memory");
        for (size_t j = w->cap; j < nc; j++) {
            w->text[j] = NULL;
            w->isnum[j] = 0;
        }
        w->cap = nc;
    }
    size_t len = strlen(text);
    char *t = tsc__realloc(w->text[col], len + 1);
    if (!t) return tsc__error(b->err, TSC_ENOMEM, w->path, 0, 0, "out of memory");
    memcpy(t, text, len + 1);
    w->text[col] = t;
    for (size_t j = w->nf; j < col; j++) { /* cells left out are empty */
        if (!w->text[j] && !(w->text[j] = tsc__calloc(1, 1)))
            return tsc__error(b->err, TSC_ENOMEM, w->path, 0, 0, "out of memory");
        w->text[j][0] = '\0';
        w->isnum[j] = 0;
    }
    w->isnum[col] = (unsigned char)(is_number != 0);
    w->num[col] = value;
    if (col + 1 > w->nf) w->nf = col + 1;
    return TSC_OK;
}

static int read_xlsb(wd_read *s, const char *path, const tsc_load_opts *opts, tsc_error *err)
{
    wd_book b = {.s = s, .w = {.path = path}, .opts = opts, .err = err};
    int rc = tsc__xlsb_read_first_sheet(path, book_cell, &b, err);
    if (!rc && b.started) rc = on_row(s, &b.w, opts, err);
    if (!rc) rc = finish_rows(s, path, b.w.line, err);
    for (size_t j = 0; j < b.w.cap; j++) tsc__free(b.w.text[j]);
    tsc__free(b.w.text);
    tsc__free(b.w.num);
    tsc__free(b.w.isnum);
    return rc;
}

int tsc__table_load_wiod2016(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    wd_read s = {0};
    int rc;
    *out = NULL;
    size_t l = strlen(path);
    int xlsb = l > 5 && strcasecmp(path + l - 5, ".xlsb") == 0;
    if ((rc = xlsb ? read_xlsb(&s, path, opts, err) : read_csv(&s, path, opts, err))) goto fail;
    snprintf(s.t->unit, sizeof s.t->unit, "USD million");
    snprintf(s.t->source, sizeof s.t->source, "%.510s", path);
    s.t->year = tsc__year_in_name(path);
    s.t->format = TSC_FORMAT_WIOD2016;
    if (s.fd_primary != 0 &&
        (rc = tsc__table_note(s.t, err,
                              "the rows under final demand (taxes less subsidies on products, cif/fob adjustments, "
                              "purchases abroad and of non-residents: %.6g in total) are not in the table",
                              s.fd_primary)))
        goto fail;
    rc = tsc__table_finish(s.t, opts, s.have_x, s.have_va, NULL, err);
    if (rc < 0) goto fail;
    *out = s.t;
    s.t = NULL;
fail:
    tsc_table_free(s.t);
    wd_free(&s);
    return rc;
}
