/* Dense matrix allocation and the unlabelled CSV matrix reader (the labelled one is in table/labelled_matrix.c). */
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "tariffscope/mat.h"

int tsc_mat_alloc(tsc_mat *m, size_t nrow, size_t ncol, tsc_error *err)
{
    size_t count;
    m->nrow = m->ncol = m->ld = 0;
    m->data = NULL;
    if (tsc__mul_size(nrow, ncol, &count))
        return tsc__error(err, TSC_ETOOBIG, NULL, 0, 0, "matrix of %zu x %zu is too large", nrow, ncol);
    m->data = tsc__alloc_doubles(count, 1);
    if (!m->data) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory for a %zu x %zu matrix", nrow, ncol);
    m->nrow = nrow;
    m->ncol = ncol;
    m->ld = nrow ? nrow : 1;
    return TSC_OK;
}

void tsc_mat_free(tsc_mat *m)
{
    if (!m) return;
    tsc__free(m->data);
    m->data = NULL;
    m->nrow = m->ncol = m->ld = 0;
}

int tsc_mat_read_csv(const char *path, tsc_mat *m, tsc_error *err)
{
    tsc_csv *c = NULL;
    double *rows = NULL; /* row-major while reading */
    size_t nrow = 0, ncol = 0, cap = 0;
    int rc = tsc__csv_open(path, &c, err);
    m->data = NULL;
    m->nrow = m->ncol = m->ld = 0;
    if (rc) return rc;
    while ((rc = tsc__csv_next(c, err)) == 1) {
        size_t nf = tsc__csv_nfields(c);
        if (nrow == 0) ncol = nf;
        else if (nf != ncol) {
            rc = tsc__csv_error_at(c, nf < ncol ? nf : ncol, err, TSC_EPARSE,
                                   "row has %zu fields, the first row has %zu", nf, ncol);
            goto fail;
        }
        if ((nrow + 1) * ncol > cap) {
            size_t ncap = cap ? cap * 2 : ncol * 64;
            double *p = tsc__realloc(rows, ncap * sizeof *p);
            if (!p) {
                rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
                goto fail;
            }
            rows = p;
            cap = ncap;
        }
        for (size_t j = 0; j < nf; j++)
            if ((rc = tsc__csv_number(c, j, &rows[nrow * ncol + j], err))) goto fail;
        nrow++;
    }
    if (rc < 0) goto fail;
    if (nrow == 0) {
        rc = tsc__error(err, TSC_EPARSE, path, 0, 0, "file is empty");
        goto fail;
    }
    if ((rc = tsc_mat_alloc(m, nrow, ncol, err))) goto fail;
    for (size_t i = 0; i < nrow; i++)
        for (size_t j = 0; j < ncol; j++) *tsc_mat_at(m, i, j) = rows[i * ncol + j];
    rc = TSC_OK;
fail:
    tsc__free(rows);
    tsc__csv_close(c);
    return rc;
}
