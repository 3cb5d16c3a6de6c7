/* Dense column-major matrices whose layout passes straight to BLAS and LAPACK. */
#ifndef TARIFFSCOPE_MAT_H
#define TARIFFSCOPE_MAT_H

#include <stddef.h>

#include "tariffscope/error.h"

/* Element (i, j) is data[i + j * ld]. A matrix from tsc_mat_alloc owns data; a view borrows it. */
typedef struct tsc_mat {
    size_t nrow, ncol, ld;
    double *data;
} tsc_mat;

static inline double *tsc_mat_at(const tsc_mat *m, size_t i, size_t j)
{
    return m->data + i + j * m->ld;
}

/* Allocates an nrow x ncol matrix (zeroed); returns TSC_OK or TSC_ENOMEM. */
int tsc_mat_alloc(tsc_mat *m, size_t nrow, size_t ncol, tsc_error *err);

/* Frees data allocated by tsc_mat_alloc or tsc_mat_read_csv; accepts a zeroed or NULL matrix. */
void tsc_mat_free(tsc_mat *m);

/* Reads an unlabelled numeric CSV (gzip optional) into m. Every row must have the same number of fields;
 * non-numbers, NaN and Inf are errors located by file:line:col. */
int tsc_mat_read_csv(const char *path, tsc_mat *m, tsc_error *err);

#endif
