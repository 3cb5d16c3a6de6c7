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

/* Final use by region as the engine sees it (n x G, column-major, caller-allocated): the table's final demand summed
 * over categories, plus the purchases of sectors without output in their region's column. Such a sector's column
 * of A is zero, so what it buys is used up, not turned into output: counted as final use, x = Ax + y holds row by
 * row, and the decompositions of exports add up (docs/FORMATS.md, Balance). */
void tsc__final_use(const tsc_table *t, double *out);

/* "REGION.SECTOR" of row i. */
void tsc__leontief_label(const tsc_leontief *lf, size_t i, char *buf, size_t size);

#endif
