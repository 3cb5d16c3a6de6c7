/* Borin-Mancini (2023) source- and sink-based decompositions split into exvatools' terms (VAX1..4, REF1-2, DDC,
 * FVA1..4, FDC) per exporting sector and importer (docs/DECOMPOSITIONS.md). */
#include <cblas.h>
#include <string.h>

#include "alloc_int.h"
#include "decomp_bm_int.h"
#include "error_int.h"
#include "gemm_int.h"

enum { EXGR, VAX1, VAX2, VAX3, VAX4, REF1, REF2, DDC, FVA1, FVA2, FVA3, FVA4, FDC, NT };
static const char *const bm_terms[NT] = {"EXGR", "VAX1", "VAX2", "VAX3", "VAX4", "REF1", "REF2",
                                         "DDC",  "FVA1", "FVA2", "FVA3", "FVA4", "FDC"};

/* Vectors on the importer's block r that A^{sr} L^{rr} carries back to s: the importer's final demand (own,
 * third countries, s) and what r's intermediate imports sum_{q != r} A^{rq} (.)^q feed into, split into output
 * for final demand outside s, output for s's final demand, and (sink) the output s's own exports re-induce. */
enum { Q_YRR, Q_YTHIRD, Q_YRS, Q_OTHER, Q_OWN, Q_EXTR, NQ };

/* out = sum_{q != r} A^{rq} X^q (N values), from AX = A X: (A X)^r - A^{rr} X^r. */
static void offdiag(const tsc_decomp *d, size_t r, const double *X, const double *AX, double *out)
{
    size_t N = d->N, n = d->n;
    for (size_t k = 0; k < N; k++) {
        double acc = AX[r * N + k];
        for (size_t j = 0; j < N; j++) acc -= d->Z[(r * N + k) + (r * N + j) * n] * d->xinv[r * N + j] * X[r * N + j];
        out[k] = acc;
    }
}

/* The output vectors of exporter s (n each): Xt (all final demand), Xs (final demand of s), Xd (sink: output
 * induced by s's exports, extracted), with their products by A. Source: Xt = x, Xs = (BY)^{.s}, no Xd.
 * Sink, with s's exports taken out of the system (B^x = (I - A^x)^-1, A^x without A^{sq}, q != s):
 * Xd = B^{x,.s} E^{s*} = B^{.s} F_s^-1 E^{s*}, Xt = x - Xd, Xs = B^x Y^{.s} = (BY)^{.s} - B^{.s} F_s^-1
 * sum_{q != s} A^{sq} (BY)^{q,s}. */
typedef struct work {
    double *BFt, *F, *Xt, *Xs, *Xd, *AXt, *AXs, *AXd, *Ax, *w, *fco, *u, *Q, *P, *AQ;
} work;

static void bf_apply(const tsc_decomp *d, const double *BFt, const double *u, double *out)
{
    cblas_dgemv(CblasColMajor, CblasTrans, (int)d->N, (int)d->n, 1.0, BFt, (int)d->N, u, 1, 0.0, out, 1);
}

static int exporter_vectors(const tsc_decomp *d, size_t s, int sink, work *k, tsc_error *err)
{
    size_t N = d->N, n = d->n;
    const double *BYs = d->BY + s * n;
    if (!sink) {
        memcpy(k->Xs, BYs, n * sizeof *k->Xs);
        tsc__A_apply(d, k->Xs, k->w, k->AXs);
        return TSC_OK;
    }
    int rc = tsc__bm_BF(d, s, k->BFt, k->F, err);
    if (rc) return rc;
    bf_apply(d, k->BFt, d->E + s * N, k->Xd);
    tsc__A_apply(d, k->Xd, k->w, k->AXd);
    for (size_t j = 0; j < n; j++) {
        k->Xt[j] = d->x[j] - k->Xd[j];
        k->AXt[j] = k->Ax[j] - k->AXd[j];
    }
    tsc__A_apply(d, BYs, k->w, k->AXs);
    offdiag(d, s, BYs, k->AXs, k->u);
    bf_apply(d, k->BFt, k->u, k->Xs);
    for (size_t j = 0; j < n; j++) k->Xs[j] = BYs[j] - k->Xs[j];
    tsc__A_apply(d, k->Xs, k->w, k->AXs);
    return TSC_OK;
}

/* AQ = A^{sr} L^{rr} Q for the NQ (or NQ - 1, source) vectors on block r. */
static void carry_back(const tsc_decomp *d, size_t s, size_t r, int sink, work *k)
{
    size_t N = d->N, n = d->n, nq = sink ? NQ : NQ - 1;
    double *Q = k->Q;
    for (size_t i = 0; i < N; i++) {
        size_t j = r * N + i;
        Q[i + Q_YRR * N] = d->Yc[j + r * n];
        Q[i + Q_YTHIRD * N] = d->Ytot[j] - d->Yc[j + r * n] - d->Yc[j + s * n];
        Q[i + Q_YRS * N] = d->Yc[j + s * n];
    }
    offdiag(d, r, k->Xt, k->AXt, Q + Q_OTHER * N);
    offdiag(d, r, k->Xs, k->AXs, Q + Q_OWN * N);
    for (size_t i = 0; i < N; i++) Q[i + Q_OTHER * N] -= Q[i + Q_OWN * N];
    if (sink) offdiag(d, r, k->Xd, k->AXd, Q + Q_EXTR * N);
    tsc__dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)N, (int)nq, (int)N, 1.0, d->Lloc + r * N * N, (int)N, Q,
               (int)N, 0.0, k->P, (int)N);
    for (size_t c = 0; c < nq; c++)
        for (size_t i = 0; i < N; i++) k->P[i + c * N] *= d->xinv[r * N + i];
    tsc__dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)N, (int)nq, (int)N, 1.0, d->Z + s * N + r * N * n,
               (int)n, k->P, (int)N, 0.0, k->AQ, (int)N);
}

/* Domestic terms add up to V^sB^{ss} E^{sr} and foreign ones to sum_{t != s} V^tB^{ts} E^{sr}, row by row: the
 * split of the source approach's V^sL^{ss} and of the sink's extracted output must lose nothing. */
static int check_rows(const tsc_decomp *d, const tsc_dresult *out, size_t s, size_t r, double abs_floor, tsc_error *err)
{
    size_t N = d->N, n = d->n, G = d->G;
    for (size_t k = 0; k < N; k++) {
        size_t i = s * N + k;
        if (!(d->x[i] > 0)) continue;
        const double *o = out->v + (i * G + r) * NT;
        double dom = 0, fore = 0, vb = d->W[i + s * n];
        for (int t = VAX1; t <= DDC; t++) dom += o[t];
        for (int t = FVA1; t <= FDC; t++) fore += o[t];
        int rc = tsc__exva_agree(d, dom, vb * o[EXGR], abs_floor, i, r, "VAX + REF + DDC = V^sB^{ss} E", err);
        if (!rc) rc = tsc__exva_agree(d, fore, (d->Wsum[i] - vb) * o[EXGR], abs_floor, i, r, "FVA + FDC = FC", err);
        if (rc) return rc;
    }
    return TSC_OK;
}

int tsc__exva_bm_terms(tsc_decomp *d, int sink, tsc_dresult *out, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n;
    int rc = tsc__exva_alloc(d, bm_terms, NT, 1, 0, out, err);
    if (rc) return rc;
    work k;
    double abs_floor = tsc__exva_floor(d);
    double *buf = tsc__alloc_doubles(N * n + N * N + 9 * n + N + 3 * N * NQ, 0);
    if (!buf) {
        tsc_dresult_free(out);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    k.BFt = buf;
    k.F = k.BFt + N * n;
    k.Xt = k.F + N * N;
    k.Xs = k.Xt + n;
    k.Xd = k.Xs + n;
    k.AXt = k.Xd + n;
    k.AXs = k.AXt + n;
    k.AXd = k.AXs + n;
    k.Ax = k.AXd + n;
    k.w = k.Ax + n;
    k.fco = k.w + n;
    k.u = k.fco + n;
    k.Q = k.u + N;
    k.P = k.Q + N * NQ;
    k.AQ = k.P + N * NQ;
    tsc__A_apply(d, d->x, k.w, k.Ax);
    if (!sink) {
        memcpy(k.Xt, d->x, n * sizeof *k.Xt);
        memcpy(k.AXt, k.Ax, n * sizeof *k.AXt);
        rc = tsc__bm_fva_coefficients(d, k.fco, err);
    }
    for (size_t s = 0; s < G && !rc; s++) {
        if ((rc = exporter_vectors(d, s, sink, &k, err))) break;
        for (size_t r = 0; r < G && !rc; r++) {
            if (r == s) continue;
            carry_back(d, s, r, sink, &k);
            for (size_t j = 0; j < N; j++) {
                size_t i = s * N + j;
                double *o = out->v + (i * G + r) * NT, *a = k.AQ + j;
                double vb = d->W[i + s * n], vf = d->Wsum[i] - vb;
                double c = sink ? vb : d->VsLss[i], f = sink ? vf : k.fco[i];
                double e = d->Esr[i + r * n], y = d->Yc[i + r * n];
                o[EXGR] = e;
                o[VAX1] = c * y;
                o[VAX2] = c * a[Q_YRR * N];
                o[VAX3] = c * a[Q_YTHIRD * N];
                o[VAX4] = c * a[Q_OTHER * N];
                o[REF1] = c * a[Q_YRS * N];
                o[REF2] = c * a[Q_OWN * N];
                o[DDC] = sink ? c * a[Q_EXTR * N] : (vb - c) * e;
                o[FVA1] = f * y;
                o[FVA2] = f * a[Q_YRR * N];
                o[FVA3] = f * (a[Q_YTHIRD * N] + a[Q_YRS * N]);
                o[FVA4] = f * (a[Q_OTHER * N] + a[Q_OWN * N]);
                o[FDC] = sink ? f * a[Q_EXTR * N] : (vf - f) * e;
            }
            rc = check_rows(d, out, s, r, abs_floor, err);
        }
    }
    tsc__free(buf);
    if (rc) tsc_dresult_free(out);
    return rc;
}
