/* Small dense solves (a country's N x N blocks) in plain C: at these sizes a threaded BLAS spends more time
 * waking and synchronising its threads than computing. */
#include <math.h>

#include "smalllu_int.h"

int tsc__small_solve(size_t n, double *M, size_t nrhs, double *B)
{
    for (size_t k = 0; k < n; k++) {
        size_t p = k;
        double best = fabs(M[k + k * n]);
        for (size_t i = k + 1; i < n; i++)
            if (fabs(M[i + k * n]) > best) {
                best = fabs(M[i + k * n]);
                p = i;
            }
        if (!(best > 0)) return -1;
        if (p != k) {
            for (size_t j = 0; j < n; j++) {
                double t = M[k + j * n];
                M[k + j * n] = M[p + j * n];
                M[p + j * n] = t;
            }
            for (size_t j = 0; j < nrhs; j++) {
                double t = B[k + j * n];
                B[k + j * n] = B[p + j * n];
                B[p + j * n] = t;
            }
        }
        double piv = M[k + k * n];
        for (size_t i = k + 1; i < n; i++) {
            double f = M[i + k * n] / piv;
            if (f == 0) continue;
            M[i + k * n] = f;
            for (size_t j = k + 1; j < n; j++) M[i + j * n] -= f * M[k + j * n];
            for (size_t j = 0; j < nrhs; j++) B[i + j * n] -= f * B[k + j * n];
        }
    }
    for (size_t j = 0; j < nrhs; j++) {
        double *b = B + j * n;
        for (size_t k = n; k-- > 0;) {
            double s = b[k];
            for (size_t i = k + 1; i < n; i++) s -= M[k + i * n] * b[i];
            b[k] = s / M[k + k * n];
        }
    }
    return 0;
}
