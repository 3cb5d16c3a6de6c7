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
 * carries the first time it is exported (BM's FVA coefficient). z' = w' (B^{ss})^-1 with w = sum_{t != s} V^t B^{ts}
 * (W), by tsc__bss_solve_t, which needs no inverse. */
int tsc__bm_fva_coefficients(tsc_decomp *d, double *fvac, tsc_error *err)
{
    size_t N = d->N, n = d->n;
    double *w = tsc__alloc_doubles(2 * n, 0);
    if (!w) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    double *z = w + n;
    for (size_t j = 0; j < n; j++) w[j] = d->Wsum[j] - d->W[j + (j / N) * n];
    int rc = tsc__bss_solve_t(d, w, z, 0, NULL, err);
    for (size_t s = 0; s < d->G && !rc; s++) {
        const double *L = d->Lloc + s * N * N;
        for (size_t j = 0; j < N; j++) {
            double acc = 0;
            for (size_t k = 0; k < N; k++) acc += z[s * N + k] * L[k + j * N];
            fvac[s * N + j] = acc;
        }
    }
    tsc__free(w);
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

/* The row identity DVA + DDC + FVA + FDC = GEXP of exporter s at the scale of the largest export. */
static int identity_holds(const tsc_decomp *d, size_t s, double dva, double ddc, double fva, double fdc, double gexp,
                          double scale, tsc_error *err)
{
    double sum = dva + ddc + fva + fdc;
    if (tsc__rel_gap(sum, gexp, 1e-12 * scale) <= TSC_DECOMP_IDENTITY_TOL) return TSC_OK;
    return tsc__error(err, TSC_ENUMERIC, tsc_table_source(d->t), 0, 0,
                      "Borin-Mancini identity fails for %s: DVA + DDC + FVA + FDC = %.17g, GEXP = %.17g",
                      tsc_table_region(d->t, s), sum, gexp);
}

/* A result at level with its keys: bilateral rows for r != s, n sector rows or G country rows. */
static int alloc_level(const tsc_decomp *d, tsc_level level, tsc_dresult *out, tsc_error *err)
{
    if (level == TSC_LEVEL_BILATERAL) return tsc__bm_alloc_bilateral(d, bm_terms, NBM, out, err);
    size_t nrow = level == TSC_LEVEL_SECTOR ? d->n : d->G;
    int rc = tsc__dresult_alloc(out, level, nrow, bm_terms, NBM, err);
    for (size_t k = 0; k < nrow && !rc; k++) {
        out->exporter[k] = level == TSC_LEVEL_SECTOR ? k / d->N : k;
        if (level == TSC_LEVEL_SECTOR) out->sector[k] = k % d->N;
    }
    return rc;
}

/* Exporter perspective, source approach, per exporting sector and importer (MODELS.md section 2), summed into the
 * rows of level as it goes (no bilateral result behind a sector or country one); each exporting sector and
 * importer's row is checked against DVA + DDC + FVA + FDC = GEXP (sectors with x <= 0 have no coefficients, so their
 * exports carry no value added to trace). */
int tsc__bm_exporter_source(tsc_decomp *d, tsc_level level, tsc_dresult *out, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n;
    int rc = alloc_level(d, level, out, err);
    if (rc) return rc;
    double *buf = tsc__alloc_doubles(n + 4 * N, 0), scale = 0;
    if (!buf) {
        tsc_dresult_free(out);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < n; i++) scale = fmax(scale, d->E[i]);
    double *fvac = buf, *q1 = buf + n, *q2 = q1 + N, *a1 = q2 + N, *a2 = a1 + N;
    if ((rc = tsc__bm_fva_coefficients(d, fvac, err))) goto done;
    /* importer r outside: the blocks A^{sr} of one r lie in the same N columns of Z, read from top to bottom (each
     * exporter's row still receives its importers in order) */
    for (size_t r = 0; r < G && !rc; r++)
        for (size_t s = 0; s < G && !rc; s++) {
            if (r == s) continue;
            for (size_t k = 0; k < N; k++) {
                size_t j = r * N + k;
                q1[k] = d->LYd[j];                  /* L^{rr} Y^{rr} */
                q2[k] = d->x[j] - d->BY[j + s * n]; /* sum_t B^{rt} sum_{u != s} Y^{tu} */
            }
            tsc__decomp_A_block2(d, s, r, q1, q2, a1, a2);
            for (size_t k = 0; k < N && !rc; k++) {
                size_t i = s * N + k;
                double o[NBM];
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
                if (d->x[i] > 0) rc = identity_holds(d, s, o[DVA], o[DDC], o[FVA], o[FDC], e, scale, err);
                size_t row = level == TSC_LEVEL_BILATERAL ? tsc__bm_row(G, N, s, k, r)
                             : level == TSC_LEVEL_SECTOR  ? i
                                                          : s;
                double *dst = out->v + row * NBM;
                for (size_t t = 0; t < NBM; t++) dst[t] += o[t];
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
        int rc = identity_holds(d, r->exporter[row], o[a], o[b], o[c], o[e], o[g], scale, err);
        if (rc) return rc;
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
    /* The source approach of the exporter and world perspectives needs of B only W, BY and the blocks B^{ss}
     * (tsc__bss_solve_t); the sink approach, self and imports need columns of B, and so the inverse. */
    int need_b = perspective == TSC_BM_SELF || perspective == TSC_BM_IMPORTS ||
                 (perspective != TSC_BM_WORLD && approach == TSC_BM_SINK);
    if ((rc = need_b ? tsc__decomp_need_inverse(d, err) : tsc__decomp_need_by(d, err))) return rc;
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
        if (approach != TSC_BM_SINK) {
            /* checked row by row as it is computed */
            rc = tsc__bm_exporter_source(d, level, out, err);
            if (!rc && level == TSC_LEVEL_COUNTRY && (rc = check_against_kww(d, out, err))) tsc_dresult_free(out);
            return rc;
        }
        if ((rc = tsc__bm_exporter_sink(d, level == TSC_LEVEL_BILATERAL, &bil, err))) return rc;
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
        return rc;
    }
    if (!rc && (rc = check_bm(d, out, err))) tsc_dresult_free(out);
    return rc;
}
