/* TiVA-style indicators (OECD), value added by origin x destination, and the routes of a country's value added
 * through third countries (docs/MODELS.md sections 2-3). */
#include <math.h>
#include <string.h>

#include "alloc_int.h"
#include "decomp_int.h"
#include "error_int.h"

enum {
    EXGR,
    EXGR_DVA,
    EXGR_DDC,
    EXGR_IDC,
    EXGR_RIM,
    EXGR_FVA,
    FFD_DVA,
    DFD_FVA,
    DXD_DVA,
    DEXFVAP,
    FEXDVAP,
    EXGR_DVASH,
    EXGR_FVASH,
    GVC_BACKWARD_SH,
    GVC_FORWARD_SH,
    NTIVA
};
static const char *const tiva_terms[NTIVA] = {
    "EXGR",    "EXGR_DVA", "EXGR_DDC", "EXGR_IDC",   "EXGR_RIM",   "EXGR_FVA",        "FFD_DVA",       "DFD_FVA",
    "DXD_DVA", "DEXFVAP",  "FEXDVAP",  "EXGR_DVASH", "EXGR_FVASH", "GVC_BACKWARD_SH", "GVC_FORWARD_SH"};
static const char *const fdva_terms[1] = {"FD_VA"};
static const char *const route_fd_terms[1] = {"VA_ABSORBED"};
static const char *const route_x_terms[1] = {"VA_CROSSING"};

/* (V^BY)[s, d] summed by origin country: fd[s + d*G]. */
static void va_by_country(const tsc_decomp *d, double *fd)
{
    size_t G = d->G, N = d->N, n = d->n;
    memset(fd, 0, G * G * sizeof *fd);
    /* V^s B Y^{.d} = sum_j W[j, s] Yc[j, d] */
    for (size_t s = 0; s < G; s++)
        for (size_t dd = 0; dd < G; dd++) {
            double acc = 0;
            for (size_t j = 0; j < n; j++) acc += d->W[j + s * n] * d->Yc[j + dd * n];
            fd[s + dd * G] = acc;
        }
    (void)N;
}

/* V^BY sums to each destination's final demand (less what it buys from sectors with x <= 0, which carry no
 * coefficients) and, over destinations, to each origin's value added (of sectors with x > 0). */
static int check_fdva(const tsc_decomp *d, const double *fd, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n;
    const double *va = tsc_table_va(d->t);
    double scale = 0;
    for (size_t i = 0; i < n; i++) scale = fmax(scale, fabs(d->Ytot[i]));
    for (size_t c = 0; c < G; c++) {
        double fdem = 0, vadd = 0, by_dest = 0, by_orig = 0;
        for (size_t i = 0; i < n; i++)
            if (d->x[i] > 0) fdem += d->Yc[i + c * n];
        for (size_t i = c * N; i < (c + 1) * N; i++)
            if (d->x[i] > 0) vadd += va[i];
        for (size_t k = 0; k < G; k++) {
            by_dest += fd[k + c * G];
            by_orig += fd[c + k * G];
        }
        if (!(tsc__rel_gap(by_dest, fdem, 1e-12 * scale) <= TSC_DECOMP_IDENTITY_TOL) ||
            !(tsc__rel_gap(by_orig, vadd, 1e-12 * scale) <= TSC_DECOMP_IDENTITY_TOL))
            return tsc__error(err, TSC_ENUMERIC, tsc_table_source(d->t), 0, 0,
                              "V^BY identities fail for %s: absorbed %.17g vs final demand %.17g; generated %.17g vs "
                              "value added %.17g",
                              tsc_table_region(d->t, c), by_dest, fdem, by_orig, vadd);
    }
    return TSC_OK;
}

int tsc_decomp_fdva(tsc_decomp *d, tsc_dresult *out, tsc_error *err)
{
    size_t G = d->G;
    int rc = tsc__dresult_alloc(out, TSC_LEVEL_COUNTRY, G * G, fdva_terms, 1, err);
    if (rc) return rc;
    double *fd = tsc__alloc_doubles(G * G, 0);
    if (!fd) {
        tsc_dresult_free(out);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    va_by_country(d, fd);
    for (size_t s = 0; s < G; s++)
        for (size_t dd = 0; dd < G; dd++) {
            size_t row = s * G + dd;
            out->exporter[row] = s;
            out->importer[row] = dd;
            out->v[row] = fd[s + dd * G];
        }
    rc = check_fdva(d, fd, err);
    tsc__free(fd);
    if (rc) tsc_dresult_free(out);
    return rc;
}

int tsc_decomp_tiva(tsc_decomp *d, tsc_dresult *out, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n;
    int rc = tsc__dresult_alloc(out, TSC_LEVEL_COUNTRY, G, tiva_terms, NTIVA, err);
    if (rc) return rc;
    double *fd = tsc__alloc_doubles(G * G, 0);
    if (!fd) {
        tsc_dresult_free(out);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    va_by_country(d, fd);
    double scale = 0;
    for (size_t i = 0; i < n; i++) scale = fmax(scale, d->E[i]);
    for (size_t s = 0; s < G && !rc; s++) {
        double *o = out->v + s * NTIVA;
        const double *L = d->Lloc + s * N * N;
        out->exporter[s] = s;
        for (size_t k = 0; k < N; k++) {
            size_t i = s * N + k;
            double e = d->E[i];
            o[EXGR] += e;
            o[EXGR_DVA] += d->W[i + s * n] * e;
            o[EXGR_DDC] += d->v[i] * L[k + k * N] * e;                 /* the exporting industry's own value added */
            o[EXGR_IDC] += (d->VsLss[i] - d->v[i] * L[k + k * N]) * e; /* other domestic industries */
            o[EXGR_RIM] += (d->W[i + s * n] - d->VsLss[i]) * e;        /* value added that left and came back */
            o[EXGR_FVA] += (d->Wsum[i] - d->W[i + s * n]) * e;
        }
        /* forward participation: s's value added in other countries' exports, sum_{r != s} V^s B^{sr} E^{r*} */
        for (size_t j = 0; j < n; j++)
            if (j / N != s) o[FEXDVAP] += d->W[j + s * n] * d->E[j];
        for (size_t r = 0; r < G; r++) {
            if (r == s) continue;
            o[FFD_DVA] += fd[s + r * G];
            o[DFD_FVA] += fd[r + s * G];
        }
        o[DXD_DVA] = fd[s + s * G];
        o[DEXFVAP] = o[EXGR_FVA];
        o[EXGR_DVASH] = o[EXGR] != 0 ? o[EXGR_DVA] / o[EXGR] : 0;
        o[EXGR_FVASH] = o[EXGR] != 0 ? o[EXGR_FVA] / o[EXGR] : 0;
        o[GVC_BACKWARD_SH] = o[EXGR_FVASH];
        o[GVC_FORWARD_SH] = o[EXGR] != 0 ? o[FEXDVAP] / o[EXGR] : 0;
        double parts = o[EXGR_DDC] + o[EXGR_IDC] + o[EXGR_RIM];
        if (!(tsc__rel_gap(parts, o[EXGR_DVA], 1e-12 * scale) <= TSC_DECOMP_IDENTITY_TOL))
            rc = tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "TiVA identity fails for %s: DDC + IDC + RIM != EXGR_DVA",
                            tsc_table_region(d->t, s));
    }
    tsc__free(fd);
    if (rc) tsc_dresult_free(out);
    return rc;
}

int tsc_decomp_routes(tsc_decomp *d, size_t origin, size_t destination, int finish, tsc_dresult *out, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n;
    if (origin >= G || (destination != TSC_NONE && destination >= G))
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "routes: region index out of range");
    size_t nd = destination == TSC_NONE ? G : 1, d0 = destination == TSC_NONE ? 0 : destination;
    const double *w = d->W + origin * n; /* V^s B, per unit of final output of each row */
    int rc;
    if (finish) {
        if ((rc = tsc__dresult_alloc(out, TSC_LEVEL_COUNTRY, G * nd, route_fd_terms, 1, err))) return rc;
        for (size_t m = 0; m < G; m++)
            for (size_t k = 0; k < nd; k++) {
                size_t row = m * nd + k, dd = d0 + k;
                double acc = 0;
                for (size_t j = m * N; j < (m + 1) * N; j++) acc += w[j] * d->Yc[j + dd * n];
                out->exporter[row] = m;
                out->importer[row] = dd;
                out->v[row] = acc;
            }
        return TSC_OK;
    }
    if ((rc = tsc__dresult_alloc(out, TSC_LEVEL_BILATERAL, n * nd, route_x_terms, 1, err))) return rc;
    for (size_t j = 0; j < n; j++)
        for (size_t k = 0; k < nd; k++) {
            size_t row = j * nd + k, dd = d0 + k;
            out->exporter[row] = j / N;
            out->sector[row] = j % N;
            out->importer[row] = dd;
            out->v[row] = w[j] * d->Esr[j + dd * n];
        }
    return TSC_OK;
}
