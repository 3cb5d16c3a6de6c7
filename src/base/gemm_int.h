/* Internal: matrix products that never reach an allocation OpenBLAS does not check. */
#ifndef TSC_GEMM_INT_H
#define TSC_GEMM_INT_H

#include <cblas.h>

/* OpenBLAS's small-matrix range: products with M * N * K up to this go to its small-matrix kernels. */
#define TSC_GEMM_SMALL_MNK 1e6

/* cblas_dgemm, same arguments and result. OpenBLAS 0.3.21's small-matrix dgemm kernels (SkylakeX, taken for
 * M * N * K <= TSC_GEMM_SMALL_MNK) malloc a packing buffer on every call and use it without checking, so an
 * allocation failure there is a segmentation fault that no caller can turn into an error. Products in that range
 * are therefore computed here as one cblas_dgemv per column of C (gemv takes its buffer from the stack or from
 * OpenBLAS's preallocated pool); bigger ones go to cblas_dgemm, whose blocked path uses the pool too. */
void tsc__dgemm(CBLAS_ORDER order, CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int M, int N, int K, double alpha,
                const double *A, int lda, const double *B, int ldb, double beta, double *C, int ldc);

#endif
