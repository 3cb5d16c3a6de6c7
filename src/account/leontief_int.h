/* Internal: the Leontief engine's state, shared by its files. */
#ifndef TSC_LEONTIEF_INT_H
#define TSC_LEONTIEF_INT_H

#include <lapacke.h>

#include "tariffscope/leontief.h"

struct tsc_leontief {
    const tsc_table *t;
    size_t n;
    double *lu; /* LU factors of I - A (n x n) */
    lapack_int *ipiv;
    double *xinv;          /* 1/x, 0 where x <= 0 */
    double *v;             /* va/x, 0 where x <= 0 */
    double norm1, norminf; /* norms of I - A */
    double rcond, max_colsum, max_resid;
};

/* "REGION.SECTOR" of row i. */
void tsc__leontief_label(const tsc_leontief *lf, size_t i, char *buf, size_t size);

#endif
