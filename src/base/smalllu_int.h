/* Internal: Gaussian elimination with partial pivoting for small systems. */
#ifndef TSC_SMALLLU_INT_H
#define TSC_SMALLLU_INT_H

#include <stddef.h>

/* Solves M X = B in place (M n x n is overwritten by its LU factors, B n x nrhs by X; both column-major with
 * leading dimension n). Returns 0, or -1 if a pivot is exactly zero. */
int tsc__small_solve(size_t n, double *M, size_t nrhs, double *B);

#endif
