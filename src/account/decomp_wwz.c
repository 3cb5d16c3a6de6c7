/* Wang-Wei-Zhu (2013) decomposition of gross exports into its TSC_WWZ_NTERMS (16) terms by exporting sector and
 * importer, and its mapping to the 9 terms of Koopman-Wang-Wei (2014). Formulas: docs/MODELS.md section 2. */
#include <cblas.h>
#include <math.h>
#include <string.h>

#include "alloc_int.h"
#include "decomp_int.h"
#include "error_int.h"
#include "gemm_int.h"

/* The result's columns in decompr's order: the TSC_WWZ_NTERMS terms (their formulas where tsc_decomp_wwz computes
 * them), then decompr's diagnostics. */
enum {
    DVA_FIN,
    DVA_INT,
    DVA_INTrexI1,
    DVA_INTrexF,
    DVA_INTrexI2,
    RDV_INT,
    RDV_FIN,
    RDV_FIN2,
    OVA_FIN,
    MVA_FIN,
    OVA_INT,
    MVA_INT,
    DDC_FIN,
    DDC_INT,
    ODC,
    MDC,
    TEXP,
    TEXPINT,
    TEXPFD,
    TEXPDIFF,
    TEXPDIFFPCT,
    TEXPFDDIFF,
    TEXPFDDIFFPCT,
    TEXPINTDIFF,
    TEXPINTDIFFPCT,
    DVIX_FSR,
    NWWZ
};
_Static_assert(TEXP == TSC_WWZ_NTERMS, "the WWZ terms come first in a result, the diagnostics after them");

static const char *const wwz_terms[NWWZ] = {"DVA_FIN",
                                            "DVA_INT",
                                            "DVA_INTrexI1",
                                            "DVA_INTrexF",
                                            "DVA_INTrexI2",
                                            "RDV_INT",
                                            "RDV_FIN",
                                            "RDV_FIN2",
                                            "OVA_FIN",
                                            "MVA_FIN",
                                            "OVA_INT",
                                            "MVA_INT",
                                            "DDC_FIN",
                                            "DDC_INT",
                                            "ODC",
                                            "MDC",
                                            "texp",
                                            "texpint",
                                            "texpfd",
                                            "texpdiff",
                                            "texpdiffpercent",
                                            "texpfddiff",
                                            "texpfddiffpercent",
                                            "texpintdiff",
                                            "texpintdiffpercent",
                                            "DViX_Fsr"};

/* The right-hand vectors q (on the importer's block r) that A^{sr} multiplies, one per term family; the term
 * numbers are those of docs/MODELS.md section 2. */
enum {
    Q_INT,   /* term 2: B^{rr}Y^{rr} */
    Q_REXI1, /* term 3: sum_{t!=s,r} B^{rt}Y^{tt} */
    Q_REXF,  /* term 4: B^{rr} sum_{t!=s,r} Y^{rt} */
    Q_REXI2, /* term 5: sum_{t!=s,r} B^{rt} sum_{u!=s,t} Y^{tu} */
    Q_RDVF,  /* term 6: B^{rr}Y^{rs} */
    Q_RDVF2, /* term 7: sum_{t!=s,r} B^{rt}Y^{ts} */
    Q_RDVI,  /* term 8: B^{rs}Y^{ss} */
    Q_DDCF,  /* term 9: B^{rs} sum_{t!=s} Y^{st} */
    Q_X,     /* term 10: x^r */
    Q_LYD,   /* terms 12 and 15: L^{rr}Y^{rr} */
    Q_LE,    /* terms 13 and 16: L^{rr}E^{r*} */
    NQ
};

/* decompr rounds its difference diagnostics to 4 decimals (R's round(x, 4)); -0 printed as 0. */
static double round4(double x)
{
    return nearbyint(x * 1e4) / 1e4 + 0.0;
}
static double percent(double a, double b)
{
    return b != 0 ? a / b * 100 : 0.0;
}

static void fill_q(const tsc_decomp *d, size_t s, size_t r, double *Q)
{
    size_t N = d->N, n = d->n;
    for (size_t k = 0; k < N; k++) {
        size_t j = r * N + k;
        double sumBYd = 0;
        for (size_t t = 0; t < d->G; t++) sumBYd += d->BYd[j + t * n];
        double sumBrrY = 0;
        for (size_t t = 0; t < d->G; t++) sumBrrY += d->BrrY[j + t * n];
        double bYd_rs = d->BYd[j + s * n], bYd_rr = d->BYd[j + r * n];
        double brrY_rs = d->BrrY[j + s * n], brrY_rr = d->BrrY[j + r * n];
        double third_tt = sumBYd - bYd_rs - bYd_rr;                          /* sum_{t != s,r} B^{rt} Y^{tt} */
        double third_ts = d->BY[j + s * n] - bYd_rs - brrY_rs;               /* sum_{t != s,r} B^{rt} Y^{ts} */
        double third_tall = d->x[j] - d->BYr[j + s * n] - d->BYr[j + r * n]; /* sum_{t != s,r} B^{rt} Y^{t*} */
        Q[k + Q_INT * N] = bYd_rr;
        Q[k + Q_REXI1 * N] = third_tt;
        Q[k + Q_REXF * N] = sumBrrY - brrY_rr - brrY_rs;
        Q[k + Q_REXI2 * N] = third_tall - third_ts - third_tt;
        Q[k + Q_RDVF * N] = brrY_rs;
        Q[k + Q_RDVF2 * N] = third_ts;
        Q[k + Q_RDVI * N] = bYd_rs;
        Q[k + Q_DDCF * N] = d->BYr[j + s * n] - bYd_rs;
        Q[k + Q_X * N] = d->x[j];
        Q[k + Q_LYD * N] = d->LYd[j];
        Q[k + Q_LE * N] = d->LE[j];
    }
}

static void map_row(const double *w, double *k);

/* Identity: WWZ terms mapped to KWW's and summed by exporter equal KWW computed directly. Frees out on failure. */
static int check_against_kww(tsc_decomp *d, tsc_dresult *out, tsc_error *err)
{
    size_t G = d->G;
    double *K = tsc__alloc_doubles(18 * G, 1);
    if (!K) {
        tsc_dresult_free(out);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    double *M = K + 9 * G, scale = 0;
    int rc = tsc__kww_compute(d, K, err);
    for (size_t row = 0; !rc && row < out->nrow; row++) map_row(out->v + row * NWWZ, M + out->exporter[row] * 9);
    for (size_t k = 0; k < 9 * G; k++) scale = fmax(scale, fabs(K[k]));
    for (size_t k = 0; !rc && k < 9 * G; k++)
        if (!(tsc__rel_gap(M[k], K[k], 1e-12 * scale) <= TSC_DECOMP_IDENTITY_TOL))
            rc = tsc__error(err, TSC_ENUMERIC, tsc_table_source(d->t), 0, 0,
                            "WWZ does not map to KWW for %s, term %zu: %.17g vs %.17g", tsc_table_region(d->t, k / 9),
                            k % 9, M[k], K[k]);
    tsc__free(K);
    if (rc) tsc_dresult_free(out);
    return rc;
}

/* Over 100 lines by choice: the 16 terms of WWZ's equation are computed together, term by term in the paper's
 * order, so that each line can be read against docs/DECOMPOSITIONS.md. */
int tsc_decomp_wwz(tsc_decomp *d, tsc_dresult *out, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n;
    memset(out, 0, sizeof *out);
    /* of B: BY, BYd, BYr by solves and the diagonal blocks B^{rr}; not the inverse */
    int rc = tsc__decomp_need_final(d, err);
    if (rc || (rc = tsc__dresult_alloc(out, TSC_LEVEL_BILATERAL, n * G, wwz_terms, NWWZ, err))) return rc;
    double *Q = tsc__alloc_doubles(N * NQ * 2, 0);
    if (!Q) {
        tsc_dresult_free(out);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    double *AQ = Q + N * NQ;
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < G; r++) {
            size_t row = i * G + r;
            out->exporter[row] = i / N;
            out->sector[row] = i % N;
            out->importer[row] = r;
        }
    for (size_t s = 0; s < G; s++)
        for (size_t r = 0; r < G; r++) {
            if (r == s) continue;
            fill_q(d, s, r, Q);
            /* AQ = A^{sr} Q for all q at once: Z^{sr} (x^-1 o Q) */
            for (size_t c = 0; c < NQ; c++)
                for (size_t k = 0; k < N; k++) Q[k + c * N] *= d->xinv[r * N + k];
            tsc__dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)N, (int)NQ, (int)N, 1.0,
                       d->Z + s * N + r * N * n, (int)n, Q, (int)N, 0.0, AQ, (int)N);
            /* Exporting sector k of s: each term is a coefficient of k times the k-th entry of a vector. Terms are
             * numbered as docs/MODELS.md section 2 lists them (Wang, Wei and Zhu 2013's order), `#` as there. */
            for (size_t k = 0; k < N; k++) {
                size_t i = s * N + k;
                double *o = out->v + (i * G + r) * NWWZ;
                double vl = d->VsLss[i];     /* V^sL^{ss}: domestic value added, none of it returned */
                double vb = d->W[i + s * n]; /* V^sB^{ss}: domestic value added, returned value added included */
                double mv = d->W[i + r * n]; /* V^rB^{rs}: the importer's value added */
                /* sum_{t!=s,r} V^tB^{ts}: third countries' value added */
                double ov = d->Wsum[i] - d->W[i + s * n] - d->W[i + r * n];
                double y = d->Yc[i + r * n]; /* Y^{sr} */
                /*  1 DVA_FIN      = (V^sB^{ss})' # Y^{sr} */
                o[DVA_FIN] = vb * y;
                /*  2 DVA_INT      = (V^sL^{ss})' # (A^{sr}B^{rr}Y^{rr}) */
                o[DVA_INT] = vl * AQ[k + Q_INT * N];
                /*  3 DVA_INTrexI1 = (V^sL^{ss})' # (A^{sr} sum_{t!=s,r} B^{rt}Y^{tt}) */
                o[DVA_INTrexI1] = vl * AQ[k + Q_REXI1 * N];
                /*  4 DVA_INTrexF  = (V^sL^{ss})' # (A^{sr}B^{rr} sum_{t!=s,r} Y^{rt}) */
                o[DVA_INTrexF] = vl * AQ[k + Q_REXF * N];
                /*  5 DVA_INTrexI2 = (V^sL^{ss})' # (A^{sr} sum_{t!=s,r} B^{rt} sum_{u!=s,t} Y^{tu}) */
                o[DVA_INTrexI2] = vl * AQ[k + Q_REXI2 * N];
                /*  6 RDV_FIN      = (V^sL^{ss})' # (A^{sr}B^{rr}Y^{rs}) */
                o[RDV_FIN] = vl * AQ[k + Q_RDVF * N];
                /*  7 RDV_FIN2     = (V^sL^{ss})' # (A^{sr} sum_{t!=s,r} B^{rt}Y^{ts}) */
                o[RDV_FIN2] = vl * AQ[k + Q_RDVF2 * N];
                /*  8 RDV_INT      = (V^sL^{ss})' # (A^{sr}B^{rs}Y^{ss}) */
                o[RDV_INT] = vl * AQ[k + Q_RDVI * N];
                /*  9 DDC_FIN      = (V^sL^{ss})' # (A^{sr}B^{rs} sum_{t!=s} Y^{st}) */
                o[DDC_FIN] = vl * AQ[k + Q_DDCF * N];
                /* 10 DDC_INT      = (V^sB^{ss} - V^sL^{ss})' # (A^{sr}x^r) */
                o[DDC_INT] = (vb - vl) * AQ[k + Q_X * N];
                /* 11 MVA_FIN      = (V^rB^{rs})' # Y^{sr} */
                o[MVA_FIN] = mv * y;
                /* 12 MVA_INT      = (V^rB^{rs})' # (A^{sr}L^{rr}Y^{rr}) */
                o[MVA_INT] = mv * AQ[k + Q_LYD * N];
                /* 13 MDC          = (V^rB^{rs})' # (A^{sr}L^{rr}E^{r*}) */
                o[MDC] = mv * AQ[k + Q_LE * N];
                /* 14 OVA_FIN      = (sum_{t!=s,r} V^tB^{ts})' # Y^{sr} */
                o[OVA_FIN] = ov * y;
                /* 15 OVA_INT      = (sum_{t!=s,r} V^tB^{ts})' # (A^{sr}L^{rr}Y^{rr}) */
                o[OVA_INT] = ov * AQ[k + Q_LYD * N];
                /* 16 ODC          = (sum_{t!=s,r} V^tB^{ts})' # (A^{sr}L^{rr}E^{r*}) */
                o[ODC] = ov * AQ[k + Q_LE * N];
            }
        }
    tsc__free(Q);
    /* diagnostics, as decompr reports them */
    for (size_t i = 0; i < n; i++) {
        size_t s = i / N;
        const double *L = d->Lloc + s * N * N;
        for (size_t r = 0; r < G; r++) {
            double *o = out->v + (i * G + r) * NWWZ;
            o[TEXP] = d->Esr[i + r * n];
            o[TEXPINT] = d->Eint[i + r * n];
            o[TEXPFD] = r == s ? 0.0 : d->Yc[i + r * n];
            double sum = 0, fd = o[DVA_FIN] + o[OVA_FIN] + o[MVA_FIN];
            for (size_t k = 0; k < TSC_WWZ_NTERMS; k++) sum += o[k];
            double in = sum - fd;
            o[TEXPDIFF] = round4(sum - o[TEXP]);
            o[TEXPDIFFPCT] = round4(percent(sum - o[TEXP], o[TEXP]));
            o[TEXPFDDIFF] = round4(fd - o[TEXPFD]);
            o[TEXPFDDIFFPCT] = round4(percent(fd - o[TEXPFD], o[TEXPFD]));
            o[TEXPINTDIFF] = round4(in - o[TEXPINT]);
            o[TEXPINTDIFFPCT] = round4(percent(in - o[TEXPINT], o[TEXPINT]));
            /* DViX_Fsr = v_i (L^{ss} E^{.r})_i */
            double le = 0;
            for (size_t k = 0; k < N; k++) le += L[(i % N) + k * N] * d->Esr[s * N + k + r * n];
            o[DVIX_FSR] = d->v[i] * le;
        }
    }
    /* identity: the TSC_WWZ_NTERMS terms add up to the bilateral exports of every exporting sector */
    double scale = 0;
    for (size_t i = 0; i < n; i++) scale = fmax(scale, d->E[i]);
    scale *= 1e-12;
    for (size_t row = 0; row < out->nrow; row++) {
        const double *o = out->v + row * NWWZ;
        double sum = 0;
        for (size_t k = 0; k < TSC_WWZ_NTERMS; k++) sum += o[k];
        if (!(tsc__rel_gap(sum, o[TEXP], scale) <= TSC_DECOMP_IDENTITY_TOL)) {
            rc = tsc__error(err, TSC_ENUMERIC, tsc_table_source(d->t), 0, 0,
                            "WWZ identity fails: the %d terms of %s sector %s to %s sum to %.17g, exports are %.17g",
                            TSC_WWZ_NTERMS, tsc_table_region(d->t, out->exporter[row]),
                            tsc_table_sector(d->t, out->sector[row]), tsc_table_region(d->t, out->importer[row]), sum,
                            o[TEXP]);
            tsc_dresult_free(out);
            return rc;
        }
    }
    return check_against_kww(d, out, err);
}

static const char *const kww_terms[9] = {"DVA_FIN", "DVA_INT", "DVA_INTrex", "RDV_FIN", "RDV_INT",
                                         "DDC",     "FVA_FIN", "FVA_INT",    "FDC"};

const char *const *tsc__kww_terms(void)
{
    return kww_terms;
}

/* KWW term k as a sum of WWZ terms. */
static void map_row(const double *w, double *k)
{
    k[0] += w[DVA_FIN];
    k[1] += w[DVA_INT] + w[DVA_INTrexI1];
    k[2] += w[DVA_INTrexF] + w[DVA_INTrexI2];
    k[3] += w[RDV_FIN] + w[RDV_FIN2];
    k[4] += w[RDV_INT];
    k[5] += w[DDC_FIN] + w[DDC_INT];
    k[6] += w[MVA_FIN] + w[OVA_FIN];
    k[7] += w[MVA_INT] + w[OVA_INT];
    k[8] += w[MDC] + w[ODC];
}

int tsc_decomp_wwz2kww(const tsc_dresult *wwz, tsc_level level, tsc_dresult *out, tsc_error *err)
{
    if (wwz->level != TSC_LEVEL_BILATERAL || wwz->nterm != NWWZ || wwz->terms != wwz_terms)
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "wwz2kww needs a WWZ result");
    if (level == TSC_LEVEL_BILATERAL) {
        int rc = tsc__dresult_alloc(out, level, wwz->nrow, kww_terms, 9, err);
        if (rc) return rc;
        for (size_t row = 0; row < wwz->nrow; row++) {
            out->exporter[row] = wwz->exporter[row];
            out->sector[row] = wwz->sector[row];
            out->importer[row] = wwz->importer[row];
            map_row(wwz->v + row * NWWZ, out->v + row * 9);
        }
        return TSC_OK;
    }
    if (level != TSC_LEVEL_COUNTRY)
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "wwz2kww: country or bilateral level");
    size_t G = 0;
    for (size_t row = 0; row < wwz->nrow; row++)
        if (wwz->exporter[row] + 1 > G) G = wwz->exporter[row] + 1;
    int rc = tsc__dresult_alloc(out, level, G, kww_terms, 9, err);
    if (rc) return rc;
    for (size_t s = 0; s < G; s++) out->exporter[s] = s;
    for (size_t row = 0; row < wwz->nrow; row++) map_row(wwz->v + row * NWWZ, out->v + wwz->exporter[row] * 9);
    return TSC_OK;
}
