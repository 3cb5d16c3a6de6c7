/* Internal: reading one labelled matrix CSV (header of column labels, first column of row labels). */
#ifndef TSC_LABELLED_MATRIX_INT_H
#define TSC_LABELLED_MATRIX_INT_H

#include <stddef.h>

#include "tariffscope/error.h"

typedef struct tsc_lmat {
    char *path;
    char **rows, **cols; /* labels */
    size_t *col_pos;     /* character column of each header label */
    size_t *row_line;    /* line of each row */
    double *v;           /* nrow x ncol, column-major */
    size_t nrow, ncol;
} tsc_lmat;

/* Reads path. nrow_expected = 0 means "as many rows as columns" (a square matrix). Refuses a matrix whose
 * values would exceed max_bytes before reading its rows. */
int tsc__lmat_read(const char *path, size_t nrow_expected, size_t max_bytes, tsc_lmat *m, tsc_error *err);
/* The same, parsing only the columns named in numeric (NULL-terminated); the others are left as 0. With sep, the
 * text columns country/region and industry/sector must repeat the parts of the row label split at sep. */
int tsc__lmat_read_cols(const char *path, size_t nrow_expected, size_t max_bytes, const char *const *numeric, char sep,
                        tsc_lmat *m, tsc_error *err);
void tsc__lmat_free(tsc_lmat *m);

/* Index of the header column named name, or -1. */
long tsc__lmat_col_index(const tsc_lmat *m, const char *name);

#endif
