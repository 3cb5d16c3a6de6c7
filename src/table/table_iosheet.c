/* Reads an input-output table laid out on one sheet (WIOD 2013, ADB MRIO) from an .xlsx or a CSV export, streaming. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc_int.h"
#include "archive_int.h"
#include "csv_int.h"
#include "dupes_int.h"
#include "error_int.h"
#include "numparse_int.h"
#include "table_int.h"
#include "table_iosheet_int.h"
#include "xlsx_int.h"

#define COL_REGION 2 /* column C */
#define COL_SECTOR 3 /* column D */
#define COL_DATA 4   /* column E: the first column of numbers */
/* the code row is looked for in the first rows only: a sheet without it is not this layout */
#define MAX_HEADER_ROWS 200
/* the callback's "enough read": not an error */
#define RD_STOP 1
/* run's "no code row in the first rows": not this layout (an error for a CSV, the next sheet for a workbook) */
#define RD_NOHEADER 2
#define LABEL_MAX 128

enum { PH_HEADER, PH_INDUSTRY, PH_PRIMARY, PH_DONE };
enum { ROW_NONE, ROW_INDUSTRY, ROW_TOTAL, ROW_PRIMARY, ROW_OUTPUT };

/* The texts of one header row, by column. */
typedef struct hrow {
    char **cell;
    size_t cap, row;
    int used;
} hrow;

typedef struct rd {
    const tsc_iosheet_dialect *d;
    const tsc_load_opts *opts;
    tsc_error *err;
    const char *path, *sheet; /* sheet NULL: a CSV */
    int sniff, phase, in_row, decided, kind;
    size_t row;
    hrow prev, cur;
    /* the layout, from the header */
    size_t G, N, F, n, nfd, total_col, code_row;
    char **rcodes, **scodes, **ccodes; /* the sheet's region, sector and category codes */
    tsc_table *t;
    double *xrow; /* the output row */
    size_t k, ind, first_row, nx;
    char lab[3][LABEL_MAX]; /* the current row's cells C, D and B (its description) */
    /* the primary-input rows: how many, their codes, what stood under the final-demand columns */
    size_t nprimary;
    char primary[256];
    double fd_primary;
    int seen_total, seen_output;
    int found;        /* the code row was found (a layout error is then this sheet's, not "no header") */
    char mapped[512]; /* region codes the dialect changed: "PRC->CHN, TAP->TWN" */
    size_t nmapped;
} rd;

static int cell_error(const rd *r, size_t row, size_t col, int code, const char *fmt, ...) TSC_PRINTF(5, 6);
static int cell_error(const rd *r, size_t row, size_t col, int code, const char *fmt, ...)
{
    char msg[400], name[8];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tsc__xlsx_col_name(col, name);
    if (r->sheet)
        return tsc__error(r->err, code, r->path, row + 1, col + 1, "sheet '%s': cell %s%zu: %s", r->sheet, name,
                          row + 1, msg);
    return tsc__error(r->err, code, r->path, row + 1, col + 1, "cell %s%zu (field %zu): %s", name, row + 1, col + 1,
                      msg);
}

static int nomem(const rd *r)
{
    return tsc__error(r->err, TSC_ENOMEM, r->path, 0, 0, "out of memory reading the %s table", r->d->what);
}

static void hrow_clear(hrow *h)
{
    for (size_t i = 0; i < h->cap; i++) {
        tsc__free(h->cell[i]);
        h->cell[i] = NULL;
    }
    h->used = 0;
}

static void hrow_free(hrow *h)
{
    hrow_clear(h);
    tsc__free(h->cell);
    memset(h, 0, sizeof *h);
}

static int hrow_set(hrow *h, size_t col, const char *text)
{
    if (col >= h->cap) {
        size_t cap = h->cap ? h->cap : 64;
        while (cap <= col) cap *= 2;
        char **c = tsc__realloc(h->cell, cap * sizeof *c);
        if (!c) return TSC_ENOMEM;
        memset(c + h->cap, 0, (cap - h->cap) * sizeof *c);
        h->cell = c;
        h->cap = cap;
    }
    tsc__free(h->cell[col]);
    h->cell[col] = tsc__strdup(text);
    return h->cell[col] ? TSC_OK : TSC_ENOMEM;
}

static const char *hrow_get(const hrow *h, size_t col)
{
    return col < h->cap && h->cell[col] ? h->cell[col] : "";
}

/* "c1", "c35": a sector code of the WIOD classification, which ADB MRIO keeps */
static int is_sector_code(const char *s)
{
    if (s[0] != 'c' || !s[1]) return 0;
    for (s++; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

static int is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') return 0;
    return 1;
}

/* The region of column col: the region row's cell, or the nearest one on its left (merged cells). */
static const char *region_at(const rd *r, size_t col)
{
    for (size_t c = col + 1; c-- > COL_DATA;) {
        const char *s = hrow_get(&r->prev, c);
        if (!is_blank(s)) return s;
    }
    return "";
}

static char **dup_codes(const rd *r, size_t first, size_t count, size_t step, int regions)
{
    char **v = tsc__calloc(count, sizeof *v);
    if (!v) return NULL;
    for (size_t i = 0; i < count; i++) {
        size_t col = first + i * step;
        v[i] = tsc__strdup(regions ? region_at(r, col) : hrow_get(&r->cur, col));
        if (!v[i]) {
            for (size_t k = 0; k < i; k++) tsc__free(v[k]);
            tsc__free(v);
            return NULL;
        }
    }
    return v;
}

static void free_codes(char **v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++) tsc__free(v[i]);
    tsc__free(v);
}

/* Blocks of width w from column first, each the codes of the first block under one region, while the code row
 * continues so: returns their number; a block that starts so and breaks off is an error (*rc). */
static size_t count_blocks(rd *r, size_t first, size_t w, int *rc)
{
    size_t g = 0;
    const char *head = hrow_get(&r->cur, first);
    if (w == 0) { /* no block: nothing to count (and no step to take) */
        *rc = cell_error(r, r->code_row, first, TSC_EFORMAT, "no sector or final-demand codes where they are expected");
        return 0;
    }
    for (;; g++) {
        size_t c0 = first + g * w;
        if (strcmp(hrow_get(&r->cur, c0), head) != 0) return g;
        const char *reg = region_at(r, c0);
        if (is_blank(reg)) {
            *rc =
                cell_error(r, r->code_row - 1, c0, TSC_EFORMAT, "no region code above the columns of code '%s'", head);
            return g;
        }
        for (size_t s = 1; s < w; s++) {
            const char *code = hrow_get(&r->cur, c0 + s), *want = hrow_get(&r->cur, first + s);
            if (strcmp(code, want) != 0) {
                *rc = cell_error(r, r->code_row, c0 + s, TSC_EFORMAT,
                                 "code '%s' where '%s' is expected (each region's columns repeat the first region's)",
                                 code, want);
                return g;
            }
            if (strcmp(region_at(r, c0 + s), reg) != 0) {
                *rc = cell_error(r, r->code_row - 1, c0 + s, TSC_EFORMAT,
                                 "region '%s' inside the columns of region '%s'", region_at(r, c0 + s), reg);
                return g;
            }
        }
    }
}

/* The width of the first block from column first: columns under the same region with a code (a sector code for the
 * industry columns), up to a total column ("ToT"). */
static size_t block_width(const rd *r, size_t first, int sectors)
{
    const char *reg = region_at(r, first);
    size_t w = 0;
    for (; first + w < r->cur.cap; w++) {
        const char *code = hrow_get(&r->cur, first + w);
        if (is_blank(code) || !strcasecmp(code, "ToT") || strcmp(region_at(r, first + w), reg) != 0 ||
            (sectors && !is_sector_code(code)))
            break;
    }
    return w;
}

static int check_distinct(rd *r, char **v, size_t n, size_t first, size_t step, size_t row, const char *what)
{
    size_t a, b;
    int dup = tsc__find_duplicate((const char *const *)v, n, &a, &b);
    if (dup < 0) return nomem(r);
    if (dup)
        return cell_error(r, row, first + b * step, TSC_ELABEL, "%s '%s' repeated (first in column %zu)", what, v[b],
                          first + a * step + 1);
    return TSC_OK;
}

/* The code row is complete and the region row above it: the columns' layout. */
static int build_layout(rd *r)
{
    int rc = TSC_OK;
    if (!r->prev.used || r->prev.row + 1 != r->cur.row)
        return cell_error(r, r->cur.row, COL_DATA, TSC_EFORMAT, "no row of region codes right above the sector codes");
    r->code_row = r->cur.row;
    r->N = block_width(r, COL_DATA, 1);
    r->G = count_blocks(r, COL_DATA, r->N, &rc);
    if (rc) return rc;
    if (tsc__mul_size(r->G, r->N, &r->n)) return cell_error(r, r->code_row, COL_DATA, TSC_ETOOBIG, "too many columns");
    size_t fd0 = COL_DATA + r->n;
    if (strcmp(region_at(r, fd0), region_at(r, COL_DATA)) != 0 || is_blank(hrow_get(&r->cur, fd0)))
        return cell_error(r, r->code_row, fd0, TSC_EFORMAT,
                          "the final-demand columns of region '%s' should follow the %zu industry columns",
                          region_at(r, COL_DATA), r->n);
    r->F = block_width(r, fd0, 0);
    size_t gf = count_blocks(r, fd0, r->F, &rc);
    if (rc) return rc;
    if (gf != r->G)
        return cell_error(r, r->code_row, fd0 + gf * r->F, TSC_EFORMAT,
                          "final-demand columns for %zu regions where the industry columns have %zu", gf, r->G);
    r->nfd = r->G * r->F;
    r->total_col = fd0 + r->nfd;
    if (!(r->rcodes = dup_codes(r, COL_DATA, r->G, r->N, 1)) || !(r->scodes = dup_codes(r, COL_DATA, r->N, 1, 0)) ||
        !(r->ccodes = dup_codes(r, fd0, r->F, 1, 0)))
        return nomem(r);
    for (size_t g = 0; g < r->G; g++)
        if (strcmp(region_at(r, fd0 + g * r->F), r->rcodes[g]) != 0)
            return cell_error(r, r->code_row - 1, fd0 + g * r->F, TSC_EFORMAT,
                              "final demand of region '%s' where '%s' is expected (the order of the industry columns)",
                              region_at(r, fd0 + g * r->F), r->rcodes[g]);
    if ((rc = check_distinct(r, r->rcodes, r->G, COL_DATA, r->N, r->code_row - 1, "region")) ||
        (rc = check_distinct(r, r->scodes, r->N, COL_DATA, 1, r->code_row, "sector")) ||
        (rc = check_distinct(r, r->ccodes, r->F, fd0, 1, r->code_row, "final-demand code")))
        return rc;
    return TSC_OK;
}

static const char *category_name(const tsc_iosheet_dialect *d, const char *code)
{
    for (size_t i = 0; d->categories && d->categories[i]; i += 2)
        if (!strcmp(d->categories[i], code)) return d->categories[i + 1];
    return code;
}

static int make_table(rd *r)
{
    tsc_table *t = tsc__table_alloc(r->G, r->N, r->F, r->opts->max_bytes, r->err);
    if (!t) return r->err ? r->err->code : TSC_ENOMEM;
    r->t = t;
    for (size_t g = 0; g < r->G; g++) {
        const char *code = r->d->region ? r->d->region(r->rcodes[g]) : r->rcodes[g];
        if (!(t->regions[g] = tsc__strdup(code))) return nomem(r);
        size_t used = strlen(r->mapped);
        if (strcmp(code, r->rcodes[g]) != 0 && r->nmapped++ < 40)
            snprintf(r->mapped + used, sizeof r->mapped - used, "%s%s->%s", used ? ", " : "", r->rcodes[g], code);
    }
    for (size_t s = 0; s < r->N; s++)
        if (!(t->sectors[s] = tsc__strdup(r->scodes[s]))) return nomem(r);
    for (size_t f = 0; f < r->F; f++)
        if (!(t->fdcats[f] = tsc__strdup(category_name(r->d, r->ccodes[f])))) return nomem(r);
    size_t a, b;
    int dup = tsc__find_duplicate((const char *const *)t->regions, r->G, &a, &b);
    if (dup < 0) return nomem(r);
    if (dup)
        return cell_error(r, r->code_row - 1, COL_DATA + b * r->N, TSC_ELABEL,
                          "regions '%s' and '%s' are both %s in the table", r->rcodes[a], r->rcodes[b], t->regions[b]);
    if (!(r->xrow = tsc__alloc_doubles(r->n, 1))) return nomem(r);
    return TSC_OK;
}

/* A header row is complete: the code row when its cell E is a sector code, else it becomes the previous row. */
static int header_row_end(rd *r)
{
    if (!is_sector_code(hrow_get(&r->cur, COL_DATA))) {
        hrow tmp = r->prev;
        r->prev = r->cur;
        r->cur = tmp;
        hrow_clear(&r->cur);
        return TSC_OK;
    }
    r->found = 1;
    int rc = build_layout(r);
    if (!rc && r->sniff) return RD_STOP;
    if (!rc) rc = make_table(r);
    if (!rc) r->phase = PH_INDUSTRY;
    hrow_free(&r->prev);
    hrow_free(&r->cur);
    return rc;
}

static int is_industry_label(const rd *r)
{
    int reg = 0, sec = 0;
    for (size_t g = 0; g < r->G && !reg; g++) reg = !strcmp(r->lab[0], r->rcodes[g]);
    for (size_t s = 0; s < r->N && !sec; s++) sec = !strcmp(r->lab[1], r->scodes[s]);
    return reg && sec;
}

static void note_primary(rd *r)
{
    char code[48];
    snprintf(code, sizeof code, "%.40s", r->lab[1][0] ? r->lab[1] : r->lab[2][0] ? r->lab[2] : "(no code)");
    size_t used = strlen(r->primary);
    if (used + strlen(code) + 3 < sizeof r->primary)
        snprintf(r->primary + used, sizeof r->primary - used, "%s%s", used ? ", " : "", code);
    r->nprimary++;
}

/* What the current row is, from its cells C and D; values: whether it has a number (else it is skipped when it has no
 * labels, a row of text between the blocks). */
static int decide_row(rd *r, int values)
{
    const char *reg = r->lab[0], *sec = r->lab[1];
    r->decided = 1;
    r->kind = ROW_NONE;
    if (r->phase == PH_INDUSTRY) {
        if (!reg[0] && !sec[0]) {
            if (!values) return TSC_OK;
            return cell_error(r, r->row, COL_REGION, TSC_ELABEL,
                              "numbers in a row with no region (column C) or sector (D) among the industry rows");
        }
        const char *wr = r->rcodes[r->k / r->N], *ws = r->scodes[r->k % r->N];
        if (strcmp(reg, wr) || strcmp(sec, ws))
            return cell_error(r, r->row, strcmp(reg, wr) ? COL_REGION : COL_SECTOR, TSC_ELABEL,
                              "row '%s' '%s' where '%s' '%s' is expected (industry row %zu of %zu, in the order of "
                              "the columns)",
                              reg, sec, wr, ws, r->k + 1, r->n);
        if (r->k == 0) r->first_row = r->row;
        r->kind = ROW_INDUSTRY;
        r->ind = r->k++;
        return TSC_OK;
    }
    if (!values) return TSC_OK;
    if (!strcmp(sec, r->d->output_code)) {
        r->kind = ROW_OUTPUT;
        r->seen_output = 1;
    } else if (!strcmp(sec, r->d->total_code) || !strcasecmp(reg, "TOT")) {
        r->kind = ROW_TOTAL;
        r->seen_total = 1;
    } else if (is_industry_label(r)) {
        return cell_error(
            r, r->row, COL_REGION, TSC_EDIM,
            "an industry row '%s' '%s' after the %zu industry rows the columns announce (%zu regions x %zu "
            "sectors)",
            reg, sec, r->n, r->G, r->N);
    } else {
        r->kind = ROW_PRIMARY;
        note_primary(r);
    }
    return TSC_OK;
}

static int row_end(rd *r)
{
    int rc = TSC_OK;
    if (!r->in_row) return TSC_OK;
    r->in_row = 0;
    if (r->phase == PH_HEADER) return header_row_end(r);
    if (!r->decided) rc = decide_row(r, 0);
    if (rc) return rc;
    if (r->kind == ROW_OUTPUT) r->phase = PH_DONE;
    if (r->phase == PH_INDUSTRY && r->k == r->n) r->phase = PH_PRIMARY;
    return TSC_OK;
}

static int put_value(rd *r, size_t col, const char *text, int is_number, double v)
{
    if (!is_number) {
        if (is_blank(text)) return TSC_OK; /* a blank string: an empty cell (ADB's files hold " " for zero) */
        int pr = tsc__parse_double(text, strlen(text), &v);
        if (pr != TSC_NUM_OK)
            return cell_error(r, r->row, col, TSC_EPARSE,
                              pr == TSC_NUM_NONFINITE ? "not a finite number: '%.60s'" : "not a number: '%.60s'", text);
    }
    size_t j = col - COL_DATA, n = r->n;
    if (j >= n + r->nfd + 1) {
        char last[8];
        return cell_error(r, r->row, col, TSC_EDIM, "a number beyond the table's last column (%s, total output)",
                          tsc__xlsx_col_name(r->total_col, last));
    }
    tsc_table *t = r->t;
    switch (r->kind) {
    case ROW_INDUSTRY:
        if (j < n) t->Z[r->ind + j * n] = v;
        else if (j < n + r->nfd) t->Y[r->ind + (j - n) * n] = v;
        else {
            t->x[r->ind] = v;
            r->nx++;
        }
        break;
    case ROW_PRIMARY:
        if (j < n) t->va[j] += v;
        else if (j < n + r->nfd) r->fd_primary += v;
        break;
    case ROW_OUTPUT:
        if (j < n) r->xrow[j] = v;
        break;
    default: break;
    }
    return TSC_OK;
}

static int on_cell(void *ctx, size_t row, size_t col, const char *text, int is_number, double value)
{
    rd *r = ctx;
    int rc;
    if (!r->in_row || row != r->row) {
        if ((rc = row_end(r))) return rc;
        if (r->phase == PH_DONE) return RD_STOP;
        if (r->phase == PH_HEADER && row >= MAX_HEADER_ROWS) return RD_STOP;
        r->in_row = 1;
        r->row = row;
        r->decided = 0;
        r->lab[0][0] = r->lab[1][0] = r->lab[2][0] = '\0';
        if (r->phase == PH_HEADER) {
            r->cur.row = row;
            r->cur.used = 1;
        }
    }
    if (col == COL_REGION || col == COL_SECTOR) {
        snprintf(r->lab[col - COL_REGION], LABEL_MAX, "%s", is_blank(text) ? "" : text);
        return TSC_OK;
    }
    if (col == COL_REGION - 1) snprintf(r->lab[2], LABEL_MAX, "%s", text);
    if (col < COL_DATA) return TSC_OK;
    if (r->phase == PH_HEADER) return hrow_set(&r->cur, col, text) ? nomem(r) : TSC_OK;
    if (!is_number && is_blank(text)) return TSC_OK;
    if (!r->decided && (rc = decide_row(r, 1))) return rc;
    return put_value(r, col, text, is_number, value);
}

/* The current record of c, a cell per nonempty field (numbers recognised as the sheet would hold them). */
static int csv_record(rd *r, tsc_csv *c)
{
    size_t row = tsc__csv_line(c) - 1;
    int rc = TSC_OK;
    for (size_t i = 0; i < tsc__csv_nfields(c) && !rc; i++) {
        size_t len = tsc__csv_flen(c, i);
        double v = 0;
        if (len == 0) continue;
        int num = tsc__parse_double(tsc__csv_field(c, i), len, &v) == TSC_NUM_OK;
        rc = on_cell(r, row, i, tsc__csv_field(c, i), num, num ? v : 0.0);
    }
    return rc;
}

/* The rows of the numbers the bulk parser takes (COL_DATA labels, then numbers): their cells as csv_record gives
 * them. *got: 2 when the next record is c's current one (for csv_record), 0 at the end, < 0 on a read error. */
static int csv_bulk(rd *r, tsc_csv_rows *b, int *got)
{
    const double *v;
    int rc = TSC_OK;
    while (!rc && (*got = tsc__csv_rows_next(b, &v, r->err)) == 1) {
        size_t row = b->line - 1;
        for (size_t f = 0; f < COL_DATA && !rc; f++) {
            if (b->lablen[f] == 0) continue; /* an empty field: no cell */
            char lab[LABEL_MAX];
            size_t len = b->lablen[f] < sizeof lab ? b->lablen[f] : sizeof lab - 1;
            double x = 0;
            memcpy(lab, b->lab[f], len);
            lab[len] = '\0';
            int num = tsc__parse_double(lab, len, &x) == TSC_NUM_OK;
            rc = on_cell(r, row, f, lab, num, num ? x : 0.0);
        }
        /* NaN: an empty cell. The first number goes through on_cell, which decides the row's kind; the rest of an
         * industry row straight into its row of Z, Y and x, as put_value puts them */
        size_t j = 0;
        for (; j < b->ncol && !rc && !(r->decided && r->in_row && r->row == row); j++)
            if (!isnan(v[j])) rc = on_cell(r, row, COL_DATA + j, "", 1, v[j]);
        if (!rc && j < b->ncol && r->kind == ROW_INDUSTRY && r->phase != PH_HEADER && b->ncol <= r->n + r->nfd + 1) {
            tsc_table *t = r->t;
            size_t n = r->n;
            for (; j < b->ncol; j++) {
                if (isnan(v[j])) continue;
                if (j < n) t->Z[r->ind + j * n] = v[j];
                else if (j < n + r->nfd) t->Y[r->ind + (j - n) * n] = v[j];
                else {
                    t->x[r->ind] = v[j];
                    r->nx++;
                }
            }
        }
        for (; j < b->ncol && !rc; j++)
            if (!isnan(v[j])) rc = on_cell(r, row, COL_DATA + j, "", 1, v[j]);
    }
    return rc;
}

/* A CSV export: one row per line, one cell per field; once the header is read, the rows of numbers in bulk
 * (tsc__csv_rows_next), any other record field by field. */
static int csv_cells(rd *r)
{
    tsc_csv *c = NULL;
    tsc_csv_rows b = {0};
    size_t nf = 0;
    int rc = tsc__csv_open(r->path, &c, r->err), got = 1;
    while (!rc) {
        if (r->phase != PH_HEADER && nf > COL_DATA) {
            if (!b.c && (rc = tsc__csv_rows_init(&b, c, COL_DATA, nf - COL_DATA, r->err))) break;
            b.blanks = 1; /* ADB's files hold " " for zero, and leave cell A empty */
            if ((rc = csv_bulk(r, &b, &got)) || got != 2) break;
        } else if ((got = tsc__csv_next(c, r->err)) != 1) break;
        nf = tsc__csv_nfields(c);
        rc = csv_record(r, c);
    }
    if (!rc && got < 0) rc = got;
    tsc__csv_rows_free(&b);
    tsc__csv_close(c);
    return rc;
}

static void rd_free(rd *r)
{
    hrow_free(&r->prev);
    hrow_free(&r->cur);
    free_codes(r->rcodes, r->G);
    free_codes(r->scodes, r->N);
    free_codes(r->ccodes, r->F);
    tsc__free(r->xrow);
    tsc_table_free(r->t);
}

static void rd_init(rd *r, const char *path, const char *sheet, const tsc_iosheet_dialect *d, const tsc_load_opts *opts,
                    int sniff, tsc_error *err)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->sheet = sheet;
    r->d = d;
    r->opts = opts;
    r->sniff = sniff;
    r->err = err;
}

/* Streams the sheet (or the CSV) through the reader; the end of the sheet completes the last row. */
static int run(rd *r, tsc__xlsx *x)
{
    int rc = x ? tsc__xlsx_read_sheet(x, r->sheet, on_cell, r, r->err) : csv_cells(r);
    if (rc == 0) rc = row_end(r);
    if (rc == RD_STOP) rc = TSC_OK;
    if (!rc && r->phase == PH_HEADER && !(r->sniff && r->n)) rc = RD_NOHEADER;
    return rc;
}

static int no_header(const rd *r)
{
    return tsc__error(r->err, TSC_EFORMAT, r->path, 0, 0,
                      "no header of an input-output table: a row of sector codes (c1, c2 ... from column E) under a "
                      "row of region codes, in the first %d rows",
                      MAX_HEADER_ROWS);
}

/* 1 zip, 0 not, or an error (the file cannot be read). */
static int check_zip(const char *path, tsc_error *err)
{
    int z = tsc__file_is_zip(path);
    if (z >= 0) return z;
    int e = errno;
    return tsc__error(err, e == ENOMEM ? TSC_ENOMEM : TSC_EIO, path, 0, 0, "cannot read: %s",
                      e == ENOMEM ? "out of memory" : strerror(e));
}

/* The first sheet with the layout's header (its name into sheet). */
static int find_sheet(tsc__xlsx *x, const char *path, const tsc_iosheet_dialect *d, char *sheet, size_t size,
                      char *code, size_t csize, tsc_error *err)
{
    for (size_t i = 0; i < tsc__xlsx_nsheets(x); i++) {
        rd r;
        tsc_error e;
        rd_init(&r, path, tsc__xlsx_sheet_name(x, i), d, NULL, 1, &e);
        int rc = run(&r, x);
        if (rc < 0) { /* the sheet cannot be read, or has the header, broken: its error */
            if (err) *err = e;
            rd_free(&r);
            return rc;
        }
        if (!rc) {
            snprintf(sheet, size, "%s", r.sheet);
            if (code) snprintf(code, csize, "%s", r.ccodes[0]);
            rd_free(&r);
            return TSC_OK;
        }
        rd_free(&r);
    }
    return tsc__error(err, TSC_EFORMAT, path, 0, 0,
                      "no sheet of this workbook holds an input-output table: a row of sector codes (c1, c2 ... from "
                      "column E) under a row of region codes, in the first %d rows",
                      MAX_HEADER_ROWS);
}

int tsc__iosheet_sniff(const char *path, char *code, size_t size, tsc_error *err)
{
    static const tsc_iosheet_dialect any = {"input-output", TSC_FORMAT_AUTO, NULL, NULL, "r60", "r69", NULL};
    int zip = check_zip(path, err);
    if (zip < 0) return zip;
    if (zip) {
        tsc__xlsx *x = NULL;
        char sheet[256];
        int rc = tsc__xlsx_open(path, &x, err);
        if (!rc) rc = find_sheet(x, path, &any, sheet, sizeof sheet, code, size, err);
        tsc__xlsx_close(x);
        return rc;
    }
    rd r;
    rd_init(&r, path, NULL, &any, NULL, 1, err);
    int rc = run(&r, NULL);
    if (rc == RD_NOHEADER) rc = no_header(&r);
    if (!rc) snprintf(code, size, "%s", r.ccodes[0]);
    rd_free(&r);
    return rc;
}

static int finish(rd *r, const char *sheet, tsc_error *err)
{
    tsc_table *t = r->t;
    int rc = TSC_OK;
    if (r->k < r->n)
        return tsc__error(err, TSC_EDIM, r->path, 0, 0,
                          "%s%s%sthe sheet ends after %zu industry rows where its columns make %zu (%zu regions x %zu "
                          "sectors)",
                          sheet ? "sheet '" : "", sheet ? sheet : "", sheet ? "': " : "", r->k, r->n, r->G, r->N);
    int have_x = r->nx > 0;
    if (!have_x && r->seen_output) {
        memcpy(t->x, r->xrow, r->n * sizeof *t->x);
        have_x = 1;
        rc = tsc__table_note(t, err, "gross output from the output row %s (no total-output column)", r->d->output_code);
    }
    if (!rc && r->nmapped)
        rc = tsc__table_note(t, err, "%zu %s region codes carried to ISO 3166 alpha-3: %s%s", r->nmapped, r->d->what,
                             r->mapped, r->nmapped > 40 ? " ..." : "");
    if (!rc && r->nprimary)
        rc = tsc__table_note(t, err,
                             "value added: the sum of the %zu primary-input rows (%s) under the industry columns",
                             r->nprimary, r->primary);
    if (!rc && r->fd_primary != 0)
        rc = tsc__table_note(t, err,
                             "primary inputs under the final-demand columns (%.6g in total: taxes on products, "
                             "purchases abroad by residents and at home by non-residents) are not in the table",
                             r->fd_primary);
    for (size_t s = 0; s < t->N; s++) /* WIOD's industries c1-c16 are goods (ADB MRIO keeps its 35 sectors) */
        t->goods[s] = strtol(t->sectors[s] + 1, NULL, 10) <= 16;
    if (rc) return rc;
    snprintf(t->unit, sizeof t->unit, "USD million");
    if (sheet) snprintf(t->source, sizeof t->source, "%.400s (sheet '%.80s')", r->path, sheet);
    else snprintf(t->source, sizeof t->source, "%.500s", r->path);
    t->year = r->d->year ? r->d->year(r->path, sheet) : 0;
    t->format = r->d->format;
    tsc_xsource xs = {r->path, r->first_row + 1};
    return tsc__table_finish(t, r->opts, have_x, r->nprimary > 0, &xs, err);
}

int tsc__iosheet_load(const char *path, const tsc_iosheet_dialect *d, const tsc_load_opts *opts, tsc_table **out,
                      tsc_error *err)
{
    tsc__xlsx *x = NULL;
    char sheet[256] = "";
    rd r;
    int rc = TSC_OK;
    *out = NULL;
    int zip = check_zip(path, err);
    if (zip < 0) return zip;
    if (zip &&
        ((rc = tsc__xlsx_open(path, &x, err)) || (rc = find_sheet(x, path, d, sheet, sizeof sheet, NULL, 0, err)))) {
        tsc__xlsx_close(x);
        return rc;
    }
    const char *name = x ? sheet : NULL;
    rd_init(&r, path, name, d, opts, 0, err);
    rc = run(&r, x);
    if (rc == RD_NOHEADER) rc = no_header(&r);
    tsc__xlsx_close(x);
    if (!rc) rc = finish(&r, name, err);
    if (rc >= 0) {
        *out = r.t;
        r.t = NULL;
    }
    rd_free(&r);
    return rc;
}
