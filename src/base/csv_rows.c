/* A numeric matrix read from a CSV a row at a time: plain records in bulk (tsc__csv_read_numeric), others left to
 * the caller as the reader's current record. */
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"

/* A block holds about this many bytes of numbers, at most MAX_ROWS rows. */
#define ROWS_BYTES ((size_t)4 << 20)
#define MAX_ROWS 4096

void tsc__csv_rows_free(tsc_csv_rows *b)
{
    tsc__free(b->v);
    tsc__free(b->row_at);
    tsc__free(b->lines);
    tsc__free((void *)b->label);
    tsc__free(b->label_len);
    memset(b, 0, sizeof *b);
}

int tsc__csv_rows_init(tsc_csv_rows *b, tsc_csv *c, size_t nlab, size_t ncol, tsc_error *err)
{
    memset(b, 0, sizeof *b);
    b->c = c;
    b->nlab = nlab;
    b->ncol = ncol;
    size_t w = ncol ? ncol : 1, nl = nlab ? nlab : 1;
    b->cap = ROWS_BYTES / sizeof(double) / w;
    if (b->cap < 1) b->cap = 1;
    if (b->cap > MAX_ROWS) b->cap = MAX_ROWS;
    b->v = tsc__alloc_doubles(b->cap * w, 0);
    b->row_at = tsc__malloc(b->cap * sizeof *b->row_at);
    b->lines = tsc__malloc(b->cap * sizeof *b->lines);
    b->label = tsc__malloc(b->cap * nl * sizeof *b->label);
    b->label_len = tsc__malloc(b->cap * nl * sizeof *b->label_len);
    if (!b->v || !b->row_at || !b->lines || !b->label || !b->label_len) {
        tsc__csv_rows_free(b);
        return tsc__error(err, TSC_ENOMEM, tsc__csv_path(c), 0, 0, "out of memory");
    }
    for (size_t k = 0; k < b->cap; k++) b->row_at[k] = k * w;
    return TSC_OK;
}

/* Reads the next block when the last is used up: 1, or 2 / 0 / < 0 as tsc__csv_rows_next. */
static int refill(tsc_csv_rows *b, tsc_error *err)
{
    if (b->next < b->n) return 1;
    tsc_csv_numeric spec = {0};
    spec.nlab = b->nlab;
    spec.ncol = b->ncol;
    spec.max_rows = b->cap;
    spec.v = b->v;
    spec.ld = 1;
    spec.row_at = b->row_at;
    spec.label = b->label;
    spec.label_len = b->label_len;
    spec.line = b->lines;
    spec.blanks = b->blanks;
    size_t got;
    b->n = b->next = 0;
    int rc = tsc__csv_read_numeric(b->c, &spec, &got, err);
    if (rc < 0) return rc;
    if (!got) {
        if ((rc = tsc__csv_next(b->c, err)) <= 0) return rc;
        b->line = tsc__csv_line(b->c);
        return 2;
    }
    b->n = got;
    return 1;
}

int tsc__csv_rows_next(tsc_csv_rows *b, const double **row, tsc_error *err)
{
    int rc = refill(b, err);
    if (rc != 1) {
        *row = NULL;
        return rc;
    }
    size_t k = b->next++;
    b->line = b->lines[k];
    b->lab = b->label + k * b->nlab;
    b->lablen = b->label_len + k * b->nlab;
    *row = b->v + b->row_at[k];
    return 1;
}

int tsc__csv_rows_block(tsc_csv_rows *b, const double **rows, size_t *n, tsc_error *err)
{
    int rc = refill(b, err);
    *n = 0;
    *rows = NULL;
    if (rc != 1) return rc;
    size_t k = b->next;
    *n = b->n - k;
    b->next = b->n;
    b->line = b->lines[k];
    b->lab = b->label + k * b->nlab;
    b->lablen = b->label_len + k * b->nlab;
    *rows = b->v + b->row_at[k];
    return 1;
}
