/* Borin-Mancini "self" perspective (the flow itself as perimeter, eq. 47-49) and the decomposition of a
 * country's gross imports by origin (eq. 51). */
#include <cblas.h>
#include <math.h>
#include <string.h>

#include "alloc_int.h"
#include "decomp_bm_int.h"
#include "error_int.h"
#include "gemm_int.h"
#include "smalllu_int.h"

enum { GEXP, DC, DVA, VAX, REF, DDC, FC, FVA, FDC, NSELF };
static const char *const self_terms[NSELF] = {"GEXP", "DC", "DVA", "VAX", "REF", "DDC", "FC", "FVA", "FDC"};

static void fill_self(double *o, double e, double vb, double vf, double dd, double vaxbase)
{
    o[GEXP] = e;
    o[DC] = vb * e;
    o[FC] = vf * e;
    o[DVA] = vb / dd * e;
    o[FVA] = vf / dd * e;
    o[VAX] = vb / dd * vaxbase;
    o[REF] = o[DVA] - o[VAX];
    o[DDC] = o[DC] - o[DVA];
    o[FDC] = o[FC] - o[FVA];
}

/* Self perspective: the flow's own re-entries are double counted. By Sherman-Morrison, removing row (s,i) of A
 * from the importer's columns (bilateral) or from every foreign column (sector) divides by d = 1 + (A^{sr}B^{rs})_ii
 * or d = (F_s)_ii = 1 + sum_{q != s} (A^{sq}B^{qs})_ii. */
int tsc__bm_self(const tsc_decomp *d, tsc_level level, tsc_dresult *out, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n;
    int bil = level == TSC_LEVEL_BILATERAL, rc;
    if (bil) rc = tsc__bm_alloc_bilateral(d, self_terms, NSELF, out, err);
    else if (!(rc = tsc__dresult_alloc(out, TSC_LEVEL_SECTOR, n, self_terms, NSELF, err)))
        for (size_t i = 0; i < n; i++) {
            out->exporter[i] = i / N;
            out->sector[i] = i % N;
        }
    if (rc) return rc;
    double *buf = tsc__alloc_doubles(3 * N + n, 0);
    if (!buf) {
        tsc_dresult_free(out);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    double *q = buf, *a = q + N, *vax = a + N, *dsec = vax + N;
    /* d for the sector perimeter: 1 + sum over foreign columns j of A_ij B_ji */
    for (size_t i = 0; i < n; i++) {
        double acc = 1.0;
        size_t s = i / N;
        for (size_t j = 0; j < n; j++)
            if (j / N != s) acc += d->Z[i + j * n] * d->xinv[j] * d->B[j + i * n];
        dsec[i] = acc;
    }
    for (size_t s = 0; s < G; s++) {
        memset(vax, 0, N * sizeof *vax);
        for (size_t r = 0; r < G; r++) {
            if (r == s) continue;
            for (size_t k = 0; k < N; k++) q[k] = d->x[r * N + k] - d->BY[r * N + k + s * n];
            tsc__decomp_A_block(d, s, r, q, a); /* A^{sr} (x^r - (BY)^{r,s}) */
            for (size_t k = 0; k < N; k++) {
                size_t i = s * N + k;
                double base = d->Yc[i + r * n] + a[k];
                vax[k] += base;
                if (!bil) continue;
                double dd = 1.0;
                for (size_t j = r * N; j < (r + 1) * N; j++) dd += d->Z[i + j * n] * d->xinv[j] * d->B[j + i * n];
                double vb = d->W[i + s * n];
                fill_self(out->v + tsc__bm_row(G, N, s, k, r) * NSELF, d->Esr[i + r * n], vb, d->Wsum[i] - vb, dd,
                          base);
            }
        }
        if (!bil)
            for (size_t k = 0; k < N; k++) {
                size_t i = s * N + k;
                double vb = d->W[i + s * n];
                fill_self(out->v + i * NSELF, d->E[i], vb, d->Wsum[i] - vb, dsec[i], vax[k]);
            }
    }
    tsc__free(buf);
    return TSC_OK;
}

static const char *const imports_country_terms[3] = {"GIMP", "VA", "DC"};
static const char *const imports_bilateral_terms[2] = {"VA", "DC"};

/* Gross imports of r split into value added (counted once, with r's own exports to it taken out of the system:
 * B~ = (I - A~)^-1, A~ without the blocks A^{tr}, t != r) and double counting, by country of origin. */
int tsc__bm_imports(const tsc_decomp *d, tsc_level level, tsc_dresult *out, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n;
    int bil = level == TSC_LEVEL_BILATERAL, rc;
    if (level == TSC_LEVEL_SECTOR)
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "the imports perspective is at country or bilateral level");
    rc = bil ? tsc__dresult_alloc(out, TSC_LEVEL_BILATERAL, G * G, imports_bilateral_terms, 2, err)
             : tsc__dresult_alloc(out, TSC_LEVEL_COUNTRY, G, imports_country_terms, 3, err);
    if (rc) return rc;
    double *buf = tsc__alloc_doubles(6 * n + n * N + 2 * N * N + 2 * N, 0);
    if (!buf) {
        tsc_dresult_free(out);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    double *dv = buf, *Bd = dv + n, *h = Bd + n, *Bh = h + n, *w = Bh + n, *BU = w + 2 * n, *M = BU + n * N,
           *IA = M + N * N, *z = IA + N * N;
    double scale = 0;
    for (size_t i = 0; i < n; i++) scale = fmax(scale, d->E[i]);
    for (size_t r = 0; r < G && !rc; r++) {
        double gimp = 0;
        for (size_t j = 0; j < n; j++) {
            dv[j] = j / N == r ? 0.0 : d->Esr[j + r * n];
            gimp += dv[j];
        }
        cblas_dgemv(CblasColMajor, CblasNoTrans, (int)n, (int)n, 1.0, d->B, (int)n, dv, 1, 0.0, Bd, 1);
        /* h_t = A^{tr} (B d)^r for t != r */
        for (size_t k = 0; k < N; k++) w[k] = Bd[r * N + k] * d->xinv[r * N + k];
        cblas_dgemv(CblasColMajor, CblasNoTrans, (int)n, (int)N, 1.0, d->Z + r * N * n, (int)n, w, 1, 0.0, h, 1);
        for (size_t k = 0; k < N; k++) h[r * N + k] = 0;
        cblas_dgemv(CblasColMajor, CblasNoTrans, (int)n, (int)n, 1.0, d->B, (int)n, h, 1, 0.0, Bh, 1);
        /* Woodbury: B~ v = B v - BU (B^{rr} (I - A^{rr}))^-1 (B v)^r, BU = B^{.r} (I - A^{rr}) - I_{.r} */
        for (size_t j = 0; j < N; j++)
            for (size_t i = 0; i < N; i++)
                IA[i + j * N] = (i == j) - d->Z[(r * N + i) + (r * N + j) * n] * d->xinv[r * N + j];
        tsc__dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)N, (int)N, 1.0, d->B + r * N * n, (int)n, IA,
                   (int)N, 0.0, BU, (int)n);
        for (size_t k = 0; k < N; k++) BU[(r * N + k) + k * n] -= 1.0;
        for (size_t j = 0; j < N; j++)
            for (size_t i = 0; i < N; i++) M[i + j * N] = BU[(r * N + i) + j * n] + (i == j);
        for (size_t k = 0; k < N; k++) {
            z[k] = Bd[r * N + k];
            z[N + k] = Bh[r * N + k];
        }
        if (tsc__small_solve(N, M, 2, z) != 0) {
            rc = tsc__error(err, TSC_ESINGULAR, NULL, 0, 0, "B^{rr} (I - A^{rr}) of %s is singular",
                            tsc_table_region(d->t, r));
            break;
        }
        cblas_dgemv(CblasColMajor, CblasNoTrans, (int)n, (int)N, -1.0, BU, (int)n, z, 1, 1.0, Bd, 1);
        cblas_dgemv(CblasColMajor, CblasNoTrans, (int)n, (int)N, -1.0, BU, (int)n, z + N, 1, 1.0, Bh, 1);
        double va_tot = 0, dc_tot = 0;
        for (size_t o = 0; o < G; o++) {
            double va = 0, dc = 0;
            for (size_t k = o * N; k < (o + 1) * N; k++) {
                va += d->v[k] * Bd[k];
                dc += d->v[k] * Bh[k];
            }
            va_tot += va;
            dc_tot += dc;
            if (bil) {
                size_t row = r * G + o;
                out->importer[row] = r;
                out->exporter[row] = o;
                out->v[row * 2] = va;
                out->v[row * 2 + 1] = dc;
            }
        }
        if (!bil) {
            out->importer[r] = r;
            out->v[r * 3] = va_tot + dc_tot;
            out->v[r * 3 + 1] = va_tot;
            out->v[r * 3 + 2] = dc_tot;
        }
        if (!(tsc__rel_gap(va_tot + dc_tot, gimp, 1e-12 * scale) <= TSC_DECOMP_IDENTITY_TOL))
            rc = tsc__error(err, TSC_ENUMERIC, tsc_table_source(d->t), 0, 0,
                            "imports identity fails for %s: VA + DC = %.17g, gross imports %.17g",
                            tsc_table_region(d->t, r), va_tot + dc_tot, gimp);
    }
    tsc__free(buf);
    if (rc) tsc_dresult_free(out);
    return rc;
}
