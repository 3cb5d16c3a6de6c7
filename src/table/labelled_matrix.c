/* Reads a labelled numeric matrix from CSV: strict shape checks, every error located by file:line:col. */
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "labelled_matrix_int.h"
#include "tariffscope/table.h"

void tsc__lmat_free(tsc_lmat *m)
{
    if (!m) return;
    if (m->rows)
        for (size_t i = 0; i < m->nrow; i++) tsc__free(m->rows[i]);
    if (m->cols)
        for (size_t j = 0; j < m->ncol; j++) tsc__free(m->cols[j]);
    tsc__free(m->rows);
    tsc__free(m->cols);
    tsc__free(m->col_pos);
    tsc__free(m->row_line);
    tsc__free(m->v);
    tsc__free(m->path);
    memset(m, 0, sizeof *m);
}

long tsc__lmat_col_index(const tsc_lmat *m, const char *name)
{
    for (size_t j = 0; j < m->ncol; j++)
        if (strcmp(m->cols[j], name) == 0) return (long)j;
    return -1;
}

static int wanted(const char *name, const char *const *numeric)
{
    if (!numeric) return 1;
    for (; *numeric; numeric++)
        if (strcmp(name, *numeric) == 0) return 1;
    return 0;
}

int tsc__lmat_read(const char *path, size_t nrow_expected, size_t max_bytes, tsc_lmat *m, tsc_error *err)
{
    return tsc__lmat_read_cols(path, nrow_expected, max_bytes, NULL, 0, m, err);
}

/* A text column that repeats a part of the row label (WIOD's x_va: row AUS_c1, country AUS, industry c1) must agree
 * with it: part 0 is the label before the first sep, part 1 the rest. */
static int label_part_agrees(tsc_csv *c, size_t j, const char *label, char sep, int part, tsc_error *err)
{
    const char *cut = strchr(label, sep), *field = tsc__csv_field(c, j + 1);
    if (!cut) return TSC_OK; /* the label check of the caller names such a row */
    size_t len = part == 0 ? (size_t)(cut - label) : strlen(cut + 1);
    const char *want = part == 0 ? label : cut + 1;
    if (strlen(field) == len && strncmp(field, want, len) == 0) return TSC_OK;
    return tsc__csv_error_at(c, j + 1, err, TSC_ELABEL, "'%s' contradicts the row label '%s' (which says '%.*s')",
                             field, label, (int)len, want);
}

/* Which part of the row label a text column repeats: 0 (country, region), 1 (industry, sector), -1 none. */
static int label_part_of(const char *col)
{
    if (strcmp(col, "country") == 0 || strcmp(col, "region") == 0) return 0;
    if (strcmp(col, "industry") == 0 || strcmp(col, "sector") == 0) return 1;
    return -1;
}

/* Reads the next plain numeric rows of c in bulk (tsc__csv_read_numeric): 1 when it read some, 0 when
 * tsc__csv_next must read the next record, < 0 on error. lab and lab_len have room for every row. */
static int read_bulk(tsc_csv *c, tsc_lmat *m, size_t nrow_expected, const char **lab, size_t *lab_len, size_t *nrow,
                     tsc_error *err)
{
    tsc_csv_numeric spec = {.nlab = 1,
                            .ncol = m->ncol,
                            .max_rows = nrow_expected - *nrow,
                            .v = m->v + *nrow,
                            .ld = nrow_expected,
                            .label = lab,
                            .label_len = lab_len,
                            .line = m->row_line + *nrow};
    size_t got = 0;
    int rc = tsc__csv_read_numeric(c, &spec, &got, err);
    if (rc) return rc;
    for (size_t k = 0; k < got; k++) {
        if (!(m->rows[*nrow] = tsc__strndup(lab[k], lab_len[k])))
            return tsc__error(err, TSC_ENOMEM, m->path, 0, 0, "out of memory");
        m->nrow = ++*nrow;
    }
    return got > 0;
}

int tsc__lmat_read_cols(const char *path, size_t nrow_expected, size_t max_bytes, const char *const *numeric, char sep,
                        tsc_lmat *m, tsc_error *err)
{
    tsc_csv *c = NULL;
    size_t nrow = 0, count, bytes, *lab_len = NULL;
    const char **lab = NULL;
    memset(m, 0, sizeof *m);
    int rc = tsc__csv_open(path, &c, err);
    if (rc) return rc;
    m->path = tsc__strdup(path);
    if (!m->path) {
        rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
        goto fail;
    }
    rc = tsc__csv_next(c, err);
    if (rc < 0) goto fail;
    if (rc == 0) {
        rc = tsc__error(err, TSC_EPARSE, path, 0, 0, "file is empty");
        goto fail;
    }
    size_t nf = tsc__csv_nfields(c);
    if (nf < 2) {
        rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE,
                               "header has %zu field(s); expected a corner cell and column labels", nf);
        goto fail;
    }
    size_t ncol = nf - 1;
    if (nrow_expected == 0) nrow_expected = ncol;
    if (tsc__mul_size(nrow_expected, ncol, &count) || tsc__mul_size(count, sizeof(double), &bytes) ||
        bytes > max_bytes) {
        rc = tsc__error(err, TSC_ETOOBIG, path, 1, 0,
                        "a %zu x %zu matrix exceeds the %zu MiB memory ceiling; refusing to read it", nrow_expected,
                        ncol, max_bytes >> 20);
        goto fail;
    }
    m->ncol = ncol;
    m->cols = tsc__calloc(ncol, sizeof *m->cols);
    m->col_pos = tsc__calloc(ncol, sizeof *m->col_pos);
    m->rows = tsc__calloc(nrow_expected, sizeof *m->rows);
    m->row_line = tsc__calloc(nrow_expected, sizeof *m->row_line);
    m->v = tsc__alloc_doubles(count, 1);
    if (!m->cols || !m->col_pos || !m->rows || !m->row_line || !m->v) {
        rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory for a %zu x %zu matrix", nrow_expected, ncol);
        goto fail;
    }
    for (size_t j = 0; j < ncol; j++) {
        if (tsc__csv_flen(c, j + 1) == 0) {
            rc = tsc__csv_error_at(c, j + 1, err, TSC_ELABEL, "empty column label");
            goto fail;
        }
        m->col_pos[j] = tsc__csv_col(c, j + 1);
        if (!(m->cols[j] = tsc__strdup(tsc__csv_field(c, j + 1)))) {
            rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
            goto fail;
        }
    }
    /* plain numeric rows in bulk, on every core; tsc__csv_next for the others, whose errors are reported below */
    if (!numeric && (!(lab = tsc__calloc(nrow_expected, sizeof *lab)) ||
                     !(lab_len = tsc__calloc(nrow_expected, sizeof *lab_len)))) {
        rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
        goto fail;
    }
    for (;;) {
        if (!numeric && (rc = read_bulk(c, m, nrow_expected, lab, lab_len, &nrow, err)) != 0) {
            if (rc < 0) goto fail;
            continue;
        }
        if ((rc = tsc__csv_next(c, err)) != 1) break;
        nf = tsc__csv_nfields(c);
        if (nf != ncol + 1) {
            rc = tsc__csv_error_at(c, nf < ncol + 1 ? nf : ncol + 1, err, TSC_EPARSE,
                                   "ragged row: %zu fields where the header has %zu", nf, ncol + 1);
            goto fail;
        }
        if (nrow == nrow_expected) {
            rc = tsc__csv_error_at(c, 0, err, TSC_EDIM, "more rows than the %zu expected", nrow_expected);
            goto fail;
        }
        if (tsc__csv_flen(c, 0) == 0) {
            rc = tsc__csv_error_at(c, 0, err, TSC_ELABEL, "empty row label");
            goto fail;
        }
        m->row_line[nrow] = tsc__csv_line(c);
        if (!(m->rows[nrow] = tsc__strdup(tsc__csv_field(c, 0)))) {
            rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
            goto fail;
        }
        m->nrow = nrow + 1; /* so that tsc__lmat_free frees the label */
        double *dst = m->v + nrow;
        for (size_t j = 0; j < ncol; j++, dst += nrow_expected) {
            if ((!numeric || wanted(m->cols[j], numeric)) && (rc = tsc__csv_number(c, j + 1, dst, err))) goto fail;
            int part = numeric && sep && !wanted(m->cols[j], numeric) ? label_part_of(m->cols[j]) : -1;
            if (part >= 0 && (rc = label_part_agrees(c, j, m->rows[nrow], sep, part, err))) goto fail;
        }
        nrow++;
    }
    if (rc < 0) goto fail;
    if (nrow != nrow_expected) {
        rc = tsc__error(err, TSC_EDIM, path, tsc__csv_line(c), 0,
                        "%zu data rows where %zu are expected (one per row of Z)", nrow, nrow_expected);
        goto fail;
    }
    tsc__csv_close(c);
    tsc__free(lab);
    tsc__free(lab_len);
    return TSC_OK;
fail:
    tsc__csv_close(c);
    tsc__free(lab);
    tsc__free(lab_len);
    tsc__lmat_free(m);
    return rc;
}

int tsc_mat_read_labelled_csv(const char *path, tsc_mat *m, tsc_error *err)
{
    tsc_lmat lm;
    m->data = NULL;
    m->nrow = m->ncol = m->ld = 0;
    /* count the data rows first: the reader needs the row count up front */
    tsc_csv *c = NULL;
    size_t rows = 0;
    int rc = tsc__csv_open(path, &c, err);
    if (rc) return rc;
    while ((rc = tsc__csv_next(c, err)) == 1) rows++;
    tsc__csv_close(c);
    if (rc < 0) return rc;
    if (rows < 2) return tsc__error(err, TSC_EPARSE, path, 0, 0, "no data rows");
    if ((rc = tsc__lmat_read(path, rows - 1, (size_t)-1, &lm, err))) return rc;
    m->data = lm.v;
    m->nrow = m->ld = lm.nrow;
    m->ncol = lm.ncol;
    lm.v = NULL;
    tsc__lmat_free(&lm);
    return TSC_OK;
}
