/* Borin-Mancini (2019, 2023) decomposition of gross exports: value added by origin, double counting and GVC
 * participation, per exporting sector and importer, aggregated to sectors and countries. */
#include <math.h>
#include <string.h>

#include "alloc_int.h"
#include "decomp_bm_int.h"
#include "error_int.h"
#include "smalllu_int.h"

enum { GEXP, DC, DVA, VAX, DAVAX, REF, DDC, FC, FVA, FDC, GVC, GVCB, GVCF, NBM };
static const char *const bm_terms[NBM] = {"GEXP", "DC",  "DVA", "VAX", "DAVAX", "REF", "DDC",
                                          "FC",   "FVA", "FDC", "GVC", "GVCB",  "GVCF"};

/* fvac_j = (sum_{t != s} V^t B^{ts} (B^{ss})^-1 L^{ss})_j for j in s: the foreign value added a unit of s's exports
 * carries the first time it is exported (BM's FVA coefficient). */
int tsc__bm_fva_coefficients(const tsc_decomp *d, double *fvac, tsc_error *err)
{
    size_t N = d->N, n = d->n;
    double *M = tsc__alloc_doubles(N * N + N, 0);
    int rc = TSC_OK;
    if (!M) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    double *w = M + N * N;
    for (size_t s = 0; s < d->G && !rc; s++) {
        /* z' = w' (B^{ss})^-1, i.e. (B^{ss})' z = w */
        for (size_t j = 0; j < N; j++) {
            for (size_t i = 0; i < N; i++) M[i + j * N] = d->B[(s * N + j) + (s * N + i) * n];
            w[j] = d->Wsum[s * N + j] - d->W[s * N + j + s * n];
        }
        if (tsc__small_solve(N, M, 1, w) != 0) {
            rc = tsc__error(err, TSC_ESINGULAR, NULL, 0, 0, "the block B^{ss} of %s is singular",
                            tsc_table_region(d->t, s));
            break;
        }
        const double *L = d->Lloc + s * N * N;
        for (size_t j = 0; j < N; j++) {
            double acc = 0;
            for (size_t k = 0; k < N; k++) acc += w[k] * L[k + j * N];
            fvac[s * N + j] = acc;
        }
    }
    tsc__free(M);
    return rc;
}

int tsc__bm_alloc_bilateral(const tsc_decomp *d, const char *const *terms, size_t nterm, tsc_dresult *out,
                            tsc_error *err)
{
    size_t G = d->G, N = d->N;
    int rc = tsc__dresult_alloc(out, TSC_LEVEL_BILATERAL, d->n * (G - 1), terms, nterm, err);
    if (rc) return rc;
    for (size_t s = 0; s < G; s++)
        for (size_t k = 0; k < N; k++)
            for (size_t r = 0; r < G; r++) {
                if (r == s) continue;
                size_t row = tsc__bm_row(G, N, s, k, r);
                out->exporter[row] = s;
                out->sector[row] = k;
                out->importer[row] = r;
            }
    return TSC_OK;
}

/* Exporter perspective, source approach, per exporting sector and importer (MODELS.md section 2). */
int tsc__bm_exporter_source(const tsc_decomp *d, tsc_dresult *out, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n;
    int rc = tsc__bm_alloc_bilateral(d, bm_terms, NBM, out, err);
    if (rc) return rc;
    double *buf = tsc__alloc_doubles(n + 4 * N, 0);
    if (!buf) {
        tsc_dresult_free(out);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    double *fvac = buf, *q1 = buf + n, *q2 = q1 + N, *a1 = q2 + N, *a2 = a1 + N;
    if ((rc = tsc__bm_fva_coefficients(d, fvac, err))) goto done;
    for (size_t s = 0; s < G; s++)
        for (size_t r = 0; r < G; r++) {
            if (r == s) continue;
            for (size_t k = 0; k < N; k++) {
                size_t j = r * N + k;
                q1[k] = d->LYd[j];                  /* L^{rr} Y^{rr} */
                q2[k] = d->x[j] - d->BY[j + s * n]; /* sum_t B^{rt} sum_{u != s} Y^{tu} */
            }
            tsc__decomp_A_block(d, s, r, q1, a1);
            tsc__decomp_A_block(d, s, r, q2, a2);
            for (size_t k = 0; k < N; k++) {
                size_t i = s * N + k;
                double *o = out->v + tsc__bm_row(G, N, s, k, r) * NBM;
                double e = d->Esr[i + r * n], vl = d->VsLss[i], y = d->Yc[i + r * n];
                o[GEXP] = e;
                o[DC] = d->W[i + s * n] * e;
                o[DVA] = vl * e;
                o[DDC] = o[DC] - o[DVA];
                o[FC] = (d->Wsum[i] - d->W[i + s * n]) * e;
                o[FVA] = fvac[i] * e;
                o[FDC] = o[FC] - o[FVA];
                o[DAVAX] = vl * (y + a1[k]);
                o[VAX] = vl * (y + a2[k]);
                o[REF] = o[DVA] - o[VAX];
                o[GVC] = e - o[DAVAX];
                o[GVCB] = o[FC] + o[DDC];
                o[GVCF] = o[GVC] - o[GVCB];
            }
        }
done:
    tsc__free(buf);
    if (rc) tsc_dresult_free(out);
    return rc;
}

static size_t term_index(const tsc_dresult *r, const char *name)
{
    for (size_t k = 0; k < r->nterm; k++)
        if (strcmp(r->terms[k], name) == 0) return k;
    return TSC_NONE;
}

/* Row-by-row identity DVA + DDC + FVA + FDC = GEXP, for exporting sectors with positive output (a sector with
 * x <= 0 has no coefficients, so its exports carry no value added to trace). */
static int check_bm(const tsc_decomp *d, const tsc_dresult *r, tsc_error *err)
{
    size_t g = term_index(r, "GEXP"), a = term_index(r, "DVA"), b = term_index(r, "DDC"), c = term_index(r, "FVA"),
           e = term_index(r, "FDC");
    if (g == TSC_NONE || a == TSC_NONE || b == TSC_NONE || c == TSC_NONE || e == TSC_NONE) return TSC_OK;
    double scale = 0;
    for (size_t i = 0; i < d->n; i++) scale = fmax(scale, d->E[i]);
    for (size_t row = 0; row < r->nrow; row++) {
        if (r->sector[row] != TSC_NONE && d->x[r->exporter[row] * d->N + r->sector[row]] <= 0) continue;
        const double *o = r->v + row * r->nterm;
        double sum = o[a] + o[b] + o[c] + o[e];
        if (!(tsc__rel_gap(sum, o[g], 1e-12 * scale) <= TSC_DECOMP_IDENTITY_TOL))
            return tsc__error(err, TSC_ENUMERIC, tsc_table_source(d->t), 0, 0,
                              "Borin-Mancini identity fails for %s: DVA + DDC + FVA + FDC = %.17g, GEXP = %.17g",
                              tsc_table_region(d->t, r->exporter[row]), sum, o[g]);
    }
    return TSC_OK;
}

/* At country level the exporter perspective meets KWW: DVA = T1..T5, VAX = T1 + T2 + T3, DDC = DDC and
 * FC = FVA_FIN + FVA_INT + FDC (Borin & Mancini 2019, section 4). */
static int check_against_kww(tsc_decomp *d, const tsc_dresult *c, tsc_error *err)
{
    size_t G = d->G;
    double *K = tsc__alloc_doubles(9 * G, 0), scale = 0;
    if (!K) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = tsc__kww_compute(d, K, err);
    for (size_t k = 0; k < 9 * G; k++) scale = fmax(scale, fabs(K[k]));
    for (size_t s = 0; s < G && !rc; s++) {
        const double *k = K + 9 * s, *o = c->v + s * c->nterm;
        const double want[4] = {k[0] + k[1] + k[2] + k[3] + k[4], k[0] + k[1] + k[2], k[5], k[6] + k[7] + k[8]};
        const double got[4] = {o[DVA], o[VAX], o[DDC], o[FC]};
        static const char *const names[4] = {"DVA", "VAX", "DDC", "FC"};
        for (int m = 0; m < 4 && !rc; m++)
            if (!(tsc__rel_gap(got[m], want[m], 1e-12 * scale) <= TSC_DECOMP_IDENTITY_TOL))
                rc = tsc__error(err, TSC_ENUMERIC, tsc_table_source(d->t), 0, 0,
                                "Borin-Mancini %s of %s is %.17g, KWW gives %.17g", names[m], tsc_table_region(d->t, s),
                                got[m], want[m]);
    }
    tsc__free(K);
    return rc;
}

int tsc_decomp_bm(tsc_decomp *d, tsc_bm_perspective perspective, tsc_bm_approach approach, tsc_level level,
                  tsc_dresult *out, tsc_error *err)
{
    tsc_dresult bil;
    int rc;
    memset(out, 0, sizeof *out);
    if (d->G < 2) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "Borin-Mancini needs at least two countries");
    if ((rc = tsc__decomp_need_inverse(d, err))) return rc;
    switch (perspective) {
    case TSC_BM_WORLD:
        if (level != TSC_LEVEL_COUNTRY)
            return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "the world perspective is defined at country level");
        rc = tsc__bm_world(d, approach, out, err);
        break;
    case TSC_BM_SELF:
        if (level == TSC_LEVEL_COUNTRY)
            return tsc__error(err, TSC_EINVAL, NULL, 0, 0,
                              "the self perspective is defined at bilateral and sector level (at country level it is "
                              "the exporter perspective)");
        rc = tsc__bm_self(d, level, out, err);
        break;
    case TSC_BM_IMPORTS: return tsc__bm_imports(d, level, out, err);
    case TSC_BM_EXPORTER:
    default:
        rc = approach == TSC_BM_SINK ? tsc__bm_exporter_sink(d, level == TSC_LEVEL_BILATERAL, &bil, err)
                                     : tsc__bm_exporter_source(d, &bil, err);
        if (rc) return rc;
        if ((rc = check_bm(d, &bil, err))) {
            tsc_dresult_free(&bil);
            return rc;
        }
        if (level == TSC_LEVEL_BILATERAL) {
            *out = bil;
            return TSC_OK;
        }
        rc = tsc__dresult_aggregate(&bil, level, d->G, d->N, out, err);
        tsc_dresult_free(&bil);
        if (!rc && level == TSC_LEVEL_COUNTRY && approach == TSC_BM_SOURCE && (rc = check_against_kww(d, out, err)))
            tsc_dresult_free(out);
        return rc;
    }
    if (!rc && (rc = check_bm(d, out, err))) tsc_dresult_free(out);
    return rc;
}
