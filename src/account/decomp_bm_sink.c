/* Borin-Mancini sink-based decompositions (exporter perspective) and the world perspective (BM 2019 eq. 52, 54):
 * value added is attributed where it is last exported, with s's exports extracted from the system (Bx_s). */
#include <cblas.h>
#include <math.h>
#include <string.h>

#include "alloc_int.h"
#include "decomp_bm_int.h"
#include "error_int.h"
#include "smalllu_int.h"

void tsc__A_apply(const tsc_decomp *d, const double *v, double *w, double *out)
{
    size_t n = d->n;
    for (size_t j = 0; j < n; j++) w[j] = v[j] * d->xinv[j];
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)n, (int)n, 1.0, d->Z, (int)n, w, 1, 0.0, out, 1);
}

int tsc__bm_BF(const tsc_decomp *d, size_t s, double *BF, double *F, tsc_error *err)
{
    size_t N = d->N, n = d->n;
    /* F_s' = B^{ss}' (I - A^{ss})'; BF' = F_s'^-1 (B^{.s})', solved as F_s' X = (B^{.s})' */
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            double acc = 0; /* (F_s)_{ji} = sum_k (I - A^{ss})_{jk} B^{ss}_{ki} */
            for (size_t k = 0; k < N; k++) {
                double ia = (j == k) - d->Z[(s * N + j) + (s * N + k) * n] * d->xinv[s * N + k];
                acc += ia * d->B[(s * N + k) + (s * N + i) * n];
            }
            F[i + j * N] = acc; /* transposed */
        }
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < N; k++) BF[k + i * N] = d->B[i + (s * N + k) * n]; /* (B^{.s})', N x n */
    if (tsc__small_solve(N, F, n, BF) != 0)
        return tsc__error(err, TSC_ESINGULAR, NULL, 0, 0, "(I - A^{ss}) B^{ss} of %s is singular",
                          tsc_table_region(d->t, s));
    return TSC_OK; /* BF holds (B^{.s} F_s^-1)', N x n */
}

/* out = B^{.s} F_s^-1 u (n), with BFt = (B^{.s} F_s^-1)' as tsc__bm_BF leaves it. */
static void BF_apply(const tsc_decomp *d, const double *BFt, const double *u, double *out)
{
    cblas_dgemv(CblasColMajor, CblasTrans, (int)d->N, (int)d->n, 1.0, BFt, (int)d->N, u, 1, 0.0, out, 1);
}

/* (sum_{q != r} A^{rq} v^q) on block r, from Avr = (A v)^r (N values): Avr - A^{rr} v^r. */
static void offdiag_block(const tsc_decomp *d, size_t r, const double *v, const double *Avr, double *out)
{
    size_t N = d->N, n = d->n;
    for (size_t i = 0; i < N; i++) {
        double acc = Avr[i];
        for (size_t j = 0; j < N; j++) acc -= d->Z[(r * N + i) + (r * N + j) * n] * d->xinv[r * N + j] * v[r * N + j];
        out[i] = acc;
    }
}

/* y = L^{rr} w (N). */
static void Lrr_apply(const tsc_decomp *d, size_t r, const double *w, double *y)
{
    size_t N = d->N;
    const double *L = d->Lloc + r * N * N;
    for (size_t i = 0; i < N; i++) {
        double acc = 0;
        for (size_t j = 0; j < N; j++) acc += L[i + j * N] * w[j];
        y[i] = acc;
    }
}

enum { K_GEXP, K_DC, K_DVA, K_VAX, K_VAXIM, K_REF, K_DDC, K_FC, K_FVA, K_FDC, NSINK };
static const char *const sink_terms[NSINK] = {"GEXP", "DC", "DVA", "VAX", "VAXIM", "REF", "DDC", "FC", "FVA", "FDC"};
static const char *const sink_terms_novaxim[NSINK - 1] = {"GEXP", "DC", "DVA", "VAX", "REF", "DDC", "FC", "FVA", "FDC"};

int tsc__bm_exporter_sink(const tsc_decomp *d, int with_vaxim, tsc_dresult *out, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n;
    size_t nt = with_vaxim ? NSINK : NSINK - 1;
    int rc = tsc__bm_alloc_bilateral(d, with_vaxim ? sink_terms : sink_terms_novaxim, nt, out, err);
    if (rc) return rc;
    double *BFt = tsc__alloc_doubles(N * n + N * N + 8 * n + 6 * N + n * G, 0);
    if (!BFt) {
        tsc_dresult_free(out);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    double *F = BFt + N * n, *xs = F + N * N, *Axs = xs + n, *xss = Axs + n, *Axss = xss + n, *w = Axss + n,
           *xsr = w + n, *Axsr = xsr + n, *tmp = Axsr + n, *u = tmp + n, *p = u + N, *q = p + N, *a = q + N,
           *rhs = a + N, *ABY = rhs + N;
    /* A (B Y) once: sum_{q != s} A^{sq} (BY)^{q,l} = (A BY)^{s,l} - A^{ss} (BY)^{s,l} */
    for (size_t l = 0; l < G; l++) tsc__A_apply(d, d->BY + l * n, w, ABY + l * n);
    for (size_t s = 0; s < G && !rc; s++) {
        if ((rc = tsc__bm_BF(d, s, BFt, F, err))) break;
        /* x^(s) = x - B^{.s} F_s^-1 E^{s*}: output once s's exports are extracted */
        BF_apply(d, BFt, d->E + s * N, tmp);
        for (size_t j = 0; j < n; j++) xs[j] = d->x[j] - tmp[j];
        tsc__A_apply(d, xs, w, Axs);
        /* x^(s),s: the same for the final demand of s */
        offdiag_block(d, s, d->BY + s * n, ABY + s * n + s * N, rhs);
        BF_apply(d, BFt, rhs, tmp);
        for (size_t j = 0; j < n; j++) xss[j] = d->BY[j + s * n] - tmp[j];
        tsc__A_apply(d, xss, w, Axss);
        for (size_t r = 0; r < G; r++) {
            if (r == s) continue;
            /* Phi^{sr} = Y^{sr} + A^{sr} L^{rr} (Y^{r*} + sum_{q != r} A^{rq} x^(s)q) */
            offdiag_block(d, r, xs, Axs + r * N, u);
            for (size_t k = 0; k < N; k++) u[k] += d->Ytot[r * N + k];
            Lrr_apply(d, r, u, p);
            tsc__decomp_A_block(d, s, r, p, a);
            /* REF: A^{sr} L^{rr} (Y^{rs} + sum_{q != r} A^{rq} x^(s),s,q) */
            offdiag_block(d, r, xss, Axss + r * N, u);
            for (size_t k = 0; k < N; k++) u[k] += d->Yc[r * N + k + s * n];
            Lrr_apply(d, r, u, p);
            tsc__decomp_A_block(d, s, r, p, q);
            if (with_vaxim) {
                /* x^(s),r with Y^{sr} taken out, then Y^{sr} + A^{sr} L^{rr} (Y^{rr} + sum_{q != r} A^{rq} x^(s),r,q)
                 */
                offdiag_block(d, s, d->BY + r * n, ABY + r * n + s * N, rhs);
                for (size_t k = 0; k < N; k++) rhs[k] += d->Yc[s * N + k + r * n];
                BF_apply(d, BFt, rhs, tmp);
                for (size_t j = 0; j < n; j++) xsr[j] = d->BY[j + r * n] - tmp[j];
                /* only block r of A x^(s),r is needed: N x n rows of A */
                for (size_t j = 0; j < n; j++) w[j] = xsr[j] * d->xinv[j];
                cblas_dgemv(CblasColMajor, CblasNoTrans, (int)N, (int)n, 1.0, d->Z + r * N, (int)n, w, 1, 0.0, Axsr, 1);
                offdiag_block(d, r, xsr, Axsr, u);
                for (size_t k = 0; k < N; k++) u[k] += d->Yc[r * N + k + r * n];
                Lrr_apply(d, r, u, p);
                tsc__decomp_A_block(d, s, r, p, rhs);
            }
            for (size_t k = 0; k < N; k++) {
                size_t i = s * N + k;
                double *o = out->v + tsc__bm_row(G, N, s, k, r) * nt;
                double e = d->Esr[i + r * n], y = d->Yc[i + r * n], vb = d->W[i + s * n], vf = d->Wsum[i] - vb;
                double phi = y + a[k];
                size_t off = with_vaxim ? 0 : 1; /* terms after VAXIM shift left without it */
                o[K_GEXP] = e;
                o[K_DC] = vb * e;
                o[K_DVA] = vb * phi;
                o[K_REF - off] = vb * q[k];
                o[K_VAX] = o[K_DVA] - o[K_REF - off];
                if (with_vaxim) o[K_VAXIM] = vb * (y + rhs[k]);
                o[K_DDC - off] = o[K_DC] - o[K_DVA];
                o[K_FC - off] = vf * e;
                o[K_FVA - off] = vf * phi;
                o[K_FDC - off] = o[K_FC - off] - o[K_FVA - off];
            }
        }
    }
    tsc__free(BFt);
    if (rc) tsc_dresult_free(out);
    return rc;
}

enum { W_GEXP, W_DC, W_DVA, W_VAX, W_REF, W_DDC, W_FC, W_FVA, W_FDC, NWORLD };
static const char *const world_terms[NWORLD] = {"GEXP", "DC", "DVA", "VAX", "REF", "DDC", "FC", "FVA", "FDC"};

/* World perspective at country level: like the exporter perspective but foreign value added counts only where it
 * crosses a border for the first time (source, eq. 52) or the last time (sink, eq. 54). */
int tsc__bm_world(tsc_decomp *d, tsc_bm_approach approach, tsc_dresult *out, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n;
    tsc_dresult cty;
    int rc = tsc__bm_exporter_source(d, TSC_LEVEL_COUNTRY, &cty, err);
    if (rc) return rc;
    if ((rc = tsc__dresult_alloc(out, TSC_LEVEL_COUNTRY, G, world_terms, NWORLD, err))) {
        tsc_dresult_free(&cty);
        return rc;
    }
    static const char *const copy[] = {"GEXP", "DC", "DVA", "VAX", "REF", "DDC", "FC"};
    for (size_t s = 0; s < G; s++) {
        out->exporter[s] = s;
        for (size_t c = 0; c < sizeof copy / sizeof *copy; c++)
            for (size_t k = 0; k < cty.nterm; k++)
                if (strcmp(cty.terms[k], copy[c]) == 0) out->v[s * NWORLD + c] = cty.v[s * cty.nterm + k];
    }
    tsc_dresult_free(&cty);
    double *buf = tsc__alloc_doubles(4 * n + 3 * N, 0);
    if (!buf) {
        tsc_dresult_free(out);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    double *v = buf, *Av = v + n, *w = Av + n, *offY = w + n, *u = offY + n, *Wr = u + N, *a = Wr + N;
    if (approach == TSC_BM_SINK) {
        tsc__A_apply(d, d->LYd, w, Av);
        for (size_t r = 0; r < G; r++)
            offdiag_block(d, r, d->LYd, Av + r * N, offY + r * N); /* sum_{q != r} A^{rq} L^{qq} Y^{qq} */
    }
    for (size_t s = 0; s < G; s++) {
        double fva = 0;
        if (approach == TSC_BM_SOURCE) {
            /* sum_{t != s} V^t L^{tt} A^{ts} L^{ss} E^{s*} */
            memset(v, 0, n * sizeof *v);
            memcpy(v + s * N, d->LE + s * N, N * sizeof *v);
            tsc__A_apply(d, v, w, Av);
            for (size_t j = 0; j < n; j++)
                if (j / N != s) fva += d->VsLss[j] * Av[j];
        } else {
            for (size_t r = 0; r < G; r++) {
                if (r == s) continue;
                /* W^r = L^{rr} (sum_{l != r} Y^{rl} + sum_{q != r} A^{rq} L^{qq} Y^{qq}) */
                for (size_t k = 0; k < N; k++) u[k] = d->Ytot[r * N + k] - d->Yc[r * N + k + r * n] + offY[r * N + k];
                Lrr_apply(d, r, u, Wr);
                double *a2 = u; /* A^{sr} L^{rr} Y^{rr} */
                tsc__decomp_A_block2(d, s, r, Wr, d->LYd + r * N, a, a2);
                for (size_t k = 0; k < N; k++) {
                    size_t i = s * N + k;
                    double vf = d->Wsum[i] - d->W[i + s * n];
                    fva += vf * (d->Yc[i + r * n] + a2[k]) + d->W[i + r * n] * a[k];
                }
            }
        }
        double *o = out->v + s * NWORLD;
        o[W_FVA] = fva;
        o[W_FDC] = o[W_FC] - fva;
    }
    tsc__free(buf);
    return TSC_OK;
}
