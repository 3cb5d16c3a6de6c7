/* Matrix products that never reach an allocation OpenBLAS does not check (gemm_int.h). */
#include "gemm_int.h"

void tsc__dgemm(CBLAS_ORDER order, CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int M, int N, int K, double alpha,
                const double *A, int lda, const double *B, int ldb, double beta, double *C, int ldc)
{
    if ((double)M * (double)N * (double)K > TSC_GEMM_SMALL_MNK || M <= 0 || N <= 0) {
        cblas_dgemm(order, ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        return;
    }
    if (order == CblasRowMajor) {
        /* row-major C = op(A) op(B) is column-major C' = op(B)' op(A)' */
        tsc__dgemm(CblasColMajor, tb, ta, N, M, K, alpha, B, ldb, A, lda, beta, C, ldc);
        return;
    }
    /* column j of C: alpha op(A) op(B)(:, j) + beta C(:, j); op(B)(:, j) is B's column j, or its row j */
    for (int j = 0; j < N; j++) {
        const double *x = tb == CblasNoTrans ? B + (size_t)j * (size_t)ldb : B + j;
        int incx = tb == CblasNoTrans ? 1 : ldb;
        double *y = C + (size_t)j * (size_t)ldc;
        if (K == 0) {
            for (int i = 0; i < M; i++) y[i] = beta == 0 ? 0 : beta * y[i];
            continue;
        }
        if (ta == CblasNoTrans) cblas_dgemv(CblasColMajor, CblasNoTrans, M, K, alpha, A, lda, x, incx, beta, y, 1);
        else cblas_dgemv(CblasColMajor, CblasTrans, K, M, alpha, A, lda, x, incx, beta, y, 1);
    }
}
