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
    int interchanges;      /* 1 when the LU swapped rows (ipiv is not the identity) */
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

/* Normwise backward error of x against b: ||b - (I - A) x|| / (||I - A|| ||x|| + ||b||) ((I - A)' with trans), from
 * Z and 1/x without forming A; w and r are n scratch each. NaN when x holds one. */
double tsc__leontief_backward_error(const tsc_leontief *lf, int trans, const double *b, const double *x, double *w,
                                    double *r);

/* Fixed positive weights (1 to 2) for checking many right-hand sides at once through one combination of them. */
double tsc__leontief_check_weight(size_t k);

/* Transposed solves (I - A)' X = E whose column k is zero above row first[k] (first non-decreasing, below n):
 * blocked triangular solves with the LU factors that skip those zeros (leontief_stair.c). all_rows = 0 asks only
 * for rows first[k] .. n - 1 of column k, which is all they compute when the LU has no row interchanges (rows above
 * are then left as they were); all_rows = 1 for whole columns. Checked like tsc_leontief_solve, through one extra
 * column, a fixed positive combination of all of them, solved whole and held to TSC_LEONTIEF_RESID_TOL, and whose
 * rows that every column computes must equal the combination of theirs. */
int tsc__leontief_solve_t_from(tsc_leontief *lf, size_t nrhs, double *X, size_t ldx, const size_t *first, int all_rows,
                               tsc_error *err);

#endif
