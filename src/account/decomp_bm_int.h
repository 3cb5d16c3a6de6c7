/* Internal: the Borin-Mancini variants share these helpers (Borin & Mancini 2019, World Bank WP 8804, eq. 33-54;
 * 2023, Review of World Economics). */
#ifndef TSC_DECOMP_BM_INT_H
#define TSC_DECOMP_BM_INT_H

#include "decomp_int.h"

/* fvac_j = (sum_{t != s} V^t B^{ts} (B^{ss})^-1 L^{ss})_j for j in s. */
int tsc__bm_fva_coefficients(tsc_decomp *d, double *fvac, tsc_error *err);

/* BF = B^{.s} F_s^-1 (n x N), F_s = (I - A^{ss}) B^{ss}: how the outputs respond when s's exports are taken out
 * of the system (the extraction used by the sink approach: Bx_s^{.s} = B^{.s} F_s^-1). F is N x N scratch. */
int tsc__bm_BF(const tsc_decomp *d, size_t s, double *BF, double *F, tsc_error *err);

/* out = A v (n), w is n scratch. */
void tsc__A_apply(const tsc_decomp *d, const double *v, double *w, double *out);

/* Row index of (exporter s, sector k, importer r != s) in a bilateral Borin-Mancini result. */
static inline size_t tsc__bm_row(size_t G, size_t N, size_t s, size_t k, size_t r)
{
    return (s * N + k) * (G - 1) + (r < s ? r : r - 1);
}

/* Allocates a bilateral result with keys set (rows for r != s only). */
int tsc__bm_alloc_bilateral(const tsc_decomp *d, const char *const *terms, size_t nterm, tsc_dresult *out,
                            tsc_error *err);

/* level: bilateral rows, or summed to sectors or countries as they are computed. */
int tsc__bm_exporter_source(tsc_decomp *d, tsc_level level, tsc_dresult *out, tsc_error *err);
int tsc__bm_exporter_sink(const tsc_decomp *d, int with_vaxim, tsc_dresult *out, tsc_error *err);
int tsc__bm_world(tsc_decomp *d, tsc_bm_approach approach, tsc_dresult *out, tsc_error *err);
int tsc__bm_self(const tsc_decomp *d, tsc_level level, tsc_dresult *out, tsc_error *err);
int tsc__bm_imports(const tsc_decomp *d, tsc_level level, tsc_dresult *out, tsc_error *err);

#endif
