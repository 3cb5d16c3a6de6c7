/* OECD TiVA-style decomposition of gross exports as exvatools lays it out (make_exvadec method "oecd": outputs
 * standard, terms and tiva), per exporting sector and importer (docs/DECOMPOSITIONS.md). */
#include <string.h>

#include "alloc_int.h"
#include "decomp_int.h"
#include "error_int.h"

enum { S_EXGR, S_DC, S_DVA, S_VAX, S_REF, S_DDC, S_FC, S_GVC, S_GVCB, S_GVCF, NSTD };
static const char *const std_terms[NSTD] = {"EXGR", "DC", "DVA", "VAX", "REF", "DDC", "FC", "GVC", "GVCB", "GVCF"};

enum { T_EXGR, T_DDC, T_IDC, T_RIM, T_FVA, NTERMS };
static const char *const term_terms[NTERMS] = {"EXGR", "EXGR_DDC", "EXGR_IDC", "EXGR_RIM", "EXGR_FVA"};

enum {
    V_EXGR,
    V_EXGR_FNL,
    V_EXGR_INT,
    V_IMGR,
    V_IMGR_FNL,
    V_IMGR_INT,
    V_DOM,
    V_DOM_FNL,
    V_DOM_INT,
    V_BALGR,
    V_EXGR_DVA,
    V_EXGR_DDC,
    V_EXGR_IDC,
    V_EXGR_RIM,
    V_REF,
    V_FD_VA,
    V_DXD_DVA,
    V_FFD_DVA,
    V_DFD_FVA,
    V_BALVAFD,
    V_EXGR_FVA,
    V_DEXFVAP,
    V_FEXDVAP,
    V_VA,
    V_PROD,
    NTIVA
};
static const char *const tiva_terms[NTIVA] = {
    "EXGR",    "EXGR_FNL", "EXGR_INT", "IMGR",     "IMGR_FNL", "IMGR_INT", "DOM",   "DOM_FNL", "DOM_INT",
    "BALGR",   "EXGR_DVA", "EXGR_DDC", "EXGR_IDC", "EXGR_RIM", "REF",      "FD_VA", "DXD_DVA", "FFD_DVA",
    "DFD_FVA", "BALVAFD",  "EXGR_FVA", "DEXFVAP",  "FEXDVAP",  "VA",       "PROD"};

/* The per-cell quantities every output draws on, for exporting country-sector i = (s, k) and column r. */
typedef struct cell {
    double e;        /* E^{sr}_k, 0 for r = s */
    double dc;       /* V^sB^{ss} e */
    double ddc, idc; /* v_k L^{ss}_{kk} e (the exporting industry's own value added), the rest of V^sL^{ss} e */
    double rim;      /* (V^sB^{ss} - V^sL^{ss}) e: value added that left s and came back */
    double fc;       /* sum_{t != s} V^tB^{ts} e */
    double vby;      /* (V^ BY)_{i,r}: i's value added absorbed in r's final demand */
    double gvcb;     /* r's value added in the exports of i: (V^rB^{rs})_k E^{s*}_k, r != s */
    double gvcf;     /* s's value added in the exports of sector k of r: (V^sB^{sr})_k E^{r*}_k, r != s */
} cell;

static void fill_cell(const tsc_decomp *d, size_t i, size_t r, cell *c)
{
    size_t N = d->N, n = d->n, s = i / N, k = i % N, j = r * N + k;
    double vb = d->W[i + s * n], lkk = d->Lloc[s * N * N + k + k * N];
    c->e = d->Esr[i + r * n];
    c->dc = vb * c->e;
    c->ddc = d->v[i] * lkk * c->e;
    c->idc = (d->VsLss[i] - d->v[i] * lkk) * c->e;
    c->rim = (vb - d->VsLss[i]) * c->e;
    c->fc = (d->Wsum[i] - vb) * c->e;
    c->vby = d->v[i] * d->BY[i + r * n];
    c->gvcb = r == s ? 0.0 : d->W[i + r * n] * d->E[i];
    c->gvcf = r == s ? 0.0 : d->W[j + s * n] * d->E[j];
}

/* Row sums: the backward participation spread by source country adds up to the foreign content, and the value
 * added of each sector spread by destination adds up to its value added. */
static int check_sums(const tsc_decomp *d, const tsc_dresult *out, size_t a, size_t b, const double *want,
                      const char *what, tsc_error *err)
{
    size_t G = d->G, nt = out->nterm;
    double abs_floor = tsc__exva_floor(d);
    for (size_t i = 0; i < d->n; i++) {
        if (!(d->x[i] > 0)) continue;
        double sa = 0, sb = 0;
        for (size_t r = 0; r < G; r++) {
            sa += out->v[(i * G + r) * nt + a];
            if (!want) sb += out->v[(i * G + r) * nt + b];
        }
        int rc = tsc__exva_agree(d, sa, want ? want[i] : sb, abs_floor, i, TSC_NONE, what, err);
        if (rc) return rc;
    }
    return TSC_OK;
}

static void fill_standard(const tsc_decomp *d, size_t i, size_t r, const cell *c, double *o)
{
    size_t s = i / d->N;
    o[S_EXGR] = c->e;
    o[S_DC] = c->dc;
    o[S_DVA] = c->ddc + c->idc;
    o[S_VAX] = r == s ? 0.0 : c->vby;
    o[S_REF] = o[S_DVA] - o[S_VAX];
    o[S_DDC] = c->rim;
    o[S_FC] = c->fc;
    o[S_GVCB] = c->gvcb;
    o[S_GVCF] = c->gvcf;
    o[S_GVC] = c->gvcb + c->gvcf;
}

static void fill_tiva(const tsc_decomp *d, size_t i, size_t r, const cell *c, const double *dom_int, double *o)
{
    size_t N = d->N, n = d->n, s = i / N, k = i % N, j = r * N + k; /* j: the same sector of country r */
    int own = r == s;
    o[V_EXGR] = c->e;
    o[V_EXGR_FNL] = own ? 0.0 : d->Yc[i + r * n];
    o[V_EXGR_INT] = d->Eint[i + r * n];
    /* imports of s (this row's country) from r: the block-transpose of exports */
    o[V_IMGR] = d->Esr[j + s * n];
    o[V_IMGR_FNL] = own ? 0.0 : d->Yc[j + s * n];
    o[V_IMGR_INT] = d->Eint[j + s * n];
    o[V_DOM_FNL] = own ? d->Yc[i + s * n] : 0.0;
    o[V_DOM_INT] = own ? dom_int[i] : 0.0;
    o[V_DOM] = o[V_DOM_FNL] + o[V_DOM_INT];
    o[V_BALGR] = o[V_EXGR] - o[V_IMGR];
    o[V_EXGR_DVA] = c->dc;
    o[V_EXGR_DDC] = c->ddc;
    o[V_EXGR_IDC] = c->idc;
    o[V_EXGR_RIM] = c->rim;
    o[V_FD_VA] = c->vby;
    o[V_DXD_DVA] = own ? c->vby : 0.0;
    o[V_FFD_DVA] = own ? 0.0 : c->vby;
    o[V_REF] = c->ddc + c->idc - o[V_FFD_DVA];
    /* value added of sector k of r absorbed in s's final demand */
    o[V_DFD_FVA] = own ? 0.0 : d->v[j] * d->BY[j + s * n];
    o[V_BALVAFD] = o[V_FFD_DVA] - o[V_DFD_FVA];
    o[V_EXGR_FVA] = c->fc;
    o[V_DEXFVAP] = c->gvcb;
    o[V_FEXDVAP] = c->gvcf;
}

int tsc__exva_oecd(const tsc_decomp *d, const char *output, tsc_dresult *out, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n;
    int which = strcmp(output, "terms") == 0 ? 1 : strcmp(output, "tiva") == 0 ? 2 : 0;
    const char *const *names = which == 0 ? std_terms : which == 1 ? term_terms : tiva_terms;
    size_t nt = which == 0 ? NSTD : which == 1 ? NTERMS : NTIVA;
    int rc = tsc__exva_alloc(d, names, nt, 1, which == 2, out, err);
    if (rc) return rc;
    double *dom_int = tsc__alloc_doubles(n, 1);
    if (!dom_int) {
        tsc_dresult_free(out);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t s = 0; s < G; s++) /* Z^{ss} 1 */
        for (size_t j = s * N; j < (s + 1) * N; j++)
            for (size_t i = s * N; i < (s + 1) * N; i++) dom_int[i] += d->Z[i + j * n];
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < G; r++) {
            cell c;
            double *o = out->v + (i * G + r) * nt;
            fill_cell(d, i, r, &c);
            if (which == 0) fill_standard(d, i, r, &c, o);
            else if (which == 2) fill_tiva(d, i, r, &c, dom_int, o);
            else {
                o[T_EXGR] = c.e;
                o[T_DDC] = c.ddc;
                o[T_IDC] = c.idc;
                o[T_RIM] = c.rim;
                o[T_FVA] = c.fc;
            }
        }
    if (which == 2) { /* sector rows: value added and output, as exvatools' VA and PROD */
        const double *va = tsc_table_va(d->t);
        for (size_t i = 0; i < n; i++) {
            out->v[(n * G + i) * nt + V_VA] = va[i];
            out->v[(n * G + i) * nt + V_PROD] = d->x[i];
        }
        rc = check_sums(d, out, V_FD_VA, 0, va, "sum_r FD_VA = VA", err);
        if (!rc) rc = check_sums(d, out, V_DEXFVAP, V_EXGR_FVA, NULL, "sum_t DEXFVAP = sum_r EXGR_FVA", err);
    } else if (which == 0) rc = check_sums(d, out, S_GVCB, S_FC, NULL, "sum_t GVCB = sum_r FC", err);
    tsc__free(dom_int);
    if (rc) tsc_dresult_free(out);
    return rc;
}
