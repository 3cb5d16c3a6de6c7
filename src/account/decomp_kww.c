/* Koopman-Wang-Wei (2014): gross exports of each country in 9 value-added terms (docs/MODELS.md section 2). */
#include <cblas.h>
#include <math.h>
#include <string.h>

#include "alloc_int.h"
#include "decomp_int.h"
#include "error_int.h"

/* Az[j] = (A^{. s} q^s)_j for every row j: column block s of A applied to q on block s. */
static void A_colblock(const tsc_decomp *d, size_t s, const double *q, double *w, double *Az)
{
    size_t N = d->N, n = d->n;
    for (size_t k = 0; k < N; k++) w[k] = q[s * N + k] * d->xinv[s * N + k];
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)n, (int)N, 1.0, d->Z + s * N * n, (int)n, w, 1, 0.0, Az, 1);
}

int tsc__kww_compute(tsc_decomp *d, double *K, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n;
    double *buf = tsc__alloc_doubles(6 * n, 0);
    if (!buf) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    double *AY = buf, *AE = buf + n, *offY = buf + 2 * n, *offE = buf + 3 * n, *w = buf + 4 * n; /* w: 2n */
    /* sum_{r != s} A^{sr} L^{rr} Y^{rr} and ... E^{r*}: all of A times the stacked vectors, less the own block */
    for (size_t j = 0; j < n; j++) {
        w[j] = d->LYd[j] * d->xinv[j];
        w[n + j] = d->LE[j] * d->xinv[j];
    }
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)n, (int)n, 1.0, d->Z, (int)n, w, 1, 0.0, offY, 1);
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)n, (int)n, 1.0, d->Z, (int)n, w + n, 1, 0.0, offE, 1);
    for (size_t s = 0; s < G; s++)
        for (size_t i = s * N; i < (s + 1) * N; i++)
            for (size_t j = s * N; j < (s + 1) * N; j++) {
                offY[i] -= d->Z[i + j * n] * w[j];
                offE[i] -= d->Z[i + j * n] * w[n + j];
            }
    for (size_t s = 0; s < G; s++) {
        double *k = K + s * 9;
        memset(k, 0, 9 * sizeof *k);
        A_colblock(d, s, d->LYd, w, AY);
        A_colblock(d, s, d->LE, w, AE);
        for (size_t j = 0; j < n; j++) {
            size_t r = j / N;
            double ws = d->W[j + s * n];
            if (r == s) {
                double yx = d->Ytot[j] - d->Yc[j + s * n], fv = d->Wsum[j] - ws;
                k[0] += ws * yx;
                k[6] += fv * yx;
                k[7] += fv * offY[j];
                k[8] += fv * offE[j];
                continue;
            }
            k[1] += ws * d->Yc[j + r * n];
            k[2] += ws * (d->Ytot[j] - d->Yc[j + s * n] - d->Yc[j + r * n]);
            k[3] += ws * d->Yc[j + s * n];
            k[4] += ws * AY[j];
            k[5] += ws * AE[j];
        }
    }
    tsc__free(buf);
    return TSC_OK;
}

int tsc_decomp_kww(tsc_decomp *d, tsc_dresult *out, tsc_error *err)
{
    size_t G = d->G, N = d->N;
    int rc = tsc__dresult_alloc(out, TSC_LEVEL_COUNTRY, G, tsc__kww_terms(), 9, err);
    if (rc) return rc;
    if ((rc = tsc__kww_compute(d, out->v, err))) {
        tsc_dresult_free(out);
        return rc;
    }
    double scale = 0, *ex = tsc__alloc_doubles(G, 1);
    if (!ex) {
        tsc_dresult_free(out);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < d->n; i++) ex[i / N] += d->E[i];
    for (size_t s = 0; s < G; s++) {
        out->exporter[s] = s;
        scale = fmax(scale, ex[s]);
    }
    for (size_t s = 0; s < G; s++) {
        double sum = 0;
        for (int k = 0; k < 9; k++) sum += out->v[s * 9 + k];
        if (!(tsc__rel_gap(sum, ex[s], 1e-12 * scale) <= TSC_DECOMP_IDENTITY_TOL)) {
            rc = tsc__error(err, TSC_ENUMERIC, tsc_table_source(d->t), 0, 0,
                            "KWW identity fails for %s: the 9 terms sum to %.17g, gross exports are %.17g",
                            tsc_table_region(d->t, s), sum, ex[s]);
            tsc_dresult_free(out);
            break;
        }
    }
    tsc__free(ex);
    return rc;
}
