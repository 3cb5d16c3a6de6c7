/* Value added in trade: decompositions of gross exports (KWW, WWZ, Borin-Mancini), TiVA indicators and the
 * routes of a country's value added through third countries. Formulas: docs/MODELS.md sections 2 and 3. */
#ifndef TARIFFSCOPE_DECOMP_H
#define TARIFFSCOPE_DECOMP_H

#include <stddef.h>
#include <stdint.h>

#include "tariffscope/error.h"
#include "tariffscope/leontief.h"
#include "tariffscope/table.h"

typedef enum tsc_level { TSC_LEVEL_COUNTRY = 0, TSC_LEVEL_SECTOR, TSC_LEVEL_BILATERAL } tsc_level;

/* A decomposition result in long form: nrow rows, each keyed by exporter, exporting sector and importer
 * (TSC_NONE where not applicable), with nterm values in row-major order v[row * nterm + term]. */
typedef struct tsc_dresult {
    tsc_level level;
    size_t nrow, nterm;
    const char *const *terms; /* names as in decompr (static storage) */
    size_t *exporter, *sector, *importer;
    double *v;
} tsc_dresult;

void tsc_dresult_free(tsc_dresult *r);

/* The shared objects of every decomposition, computed once per table: the local inverses L^{ss}, V^sB by source
 * country (one transposed solve with lf's LU factors, G right-hand sides), V^sL^{ss} and bilateral exports; about
 * 4 n G doubles. What else a method needs of B it computes once, when first called (docs/DECOMPOSITIONS.md, "What
 * each method needs of B"): B times the final-demand blocks by solves (Borin-Mancini, WWZ), solves with the
 * diagonal blocks B^{ss} (Borin-Mancini's source approach, a few times G right-hand sides) or the blocks themselves
 * (WWZ: about one LU's work, n N doubles); only Borin-Mancini's sink approach, self and imports perspectives and
 * the exvatools layouts form the Leontief inverse B itself (n^2 doubles more, and about three times the work of the
 * LU). KWW, TiVA, value added by destination and the routes need V^sB alone. The engine lf must be built on t; both
 * are borrowed. */
typedef struct tsc_decomp tsc_decomp;

int tsc_decomp_new(const tsc_table *t, tsc_leontief *lf, tsc_decomp **out, tsc_error *err);
void tsc_decomp_free(tsc_decomp *d);

/* Relative tolerance of the identities every result is checked against before it is returned. */
#define TSC_DECOMP_IDENTITY_TOL 1e-9

/* Koopman-Wang-Wei (2014): 9 terms per exporting country summing to its gross exports (country level only).
 * Terms: DVA_FIN DVA_INT DVA_INTrex RDV_FIN RDV_INT DDC FVA_FIN FVA_INT FDC. */
int tsc_decomp_kww(tsc_decomp *d, tsc_dresult *out, tsc_error *err);

/* The number of Wang-Wei-Zhu terms: the first TSC_WWZ_NTERMS terms of a tsc_decomp_wwz result, which sum to the
 * bilateral gross exports E^{sr}; decompr's diagnostics follow them. */
#define TSC_WWZ_NTERMS 16

/* Wang-Wei-Zhu (2013): TSC_WWZ_NTERMS terms per exporting country-sector and importer (bilateral level, including
 * the zero rows where exporter = importer, as decompr), followed by decompr's diagnostics texp texpint texpfd
 * texpdiff texpdiffpercent texpfddiff texpfddiffpercent texpintdiff texpintdiffpercent DViX_Fsr. */
int tsc_decomp_wwz(tsc_decomp *d, tsc_dresult *out, tsc_error *err);

/* WWZ terms mapped to KWW's 9 (DVA_INT = DVA_INT + DVA_INTrexI1, ...), at country or bilateral level. */
int tsc_decomp_wwz2kww(const tsc_dresult *wwz, tsc_level level, tsc_dresult *out, tsc_error *err);

/* Borin-Mancini perspectives and approaches (Borin & Mancini 2019, 2023). */
typedef enum tsc_bm_perspective { TSC_BM_EXPORTER = 0, TSC_BM_WORLD, TSC_BM_SELF, TSC_BM_IMPORTS } tsc_bm_perspective;
typedef enum tsc_bm_approach { TSC_BM_SOURCE = 0, TSC_BM_SINK } tsc_bm_approach;

/* Borin-Mancini decomposition at the given level (bilateral = exporting country-sector x importer, without
 * exporter = importer rows; sector = by exporting sector; country). Terms are those of decompr 7's bm() for the
 * perspective: exporter/source: GEXP DC DVA VAX DAVAX REF DDC FC FVA FDC GVC GVCB GVCF. Checked before returning:
 * DVA + DDC + FVA + FDC = GEXP row by row; at country level DVA, VAX and DDC equal KWW's. */
int tsc_decomp_bm(tsc_decomp *d, tsc_bm_perspective perspective, tsc_bm_approach approach, tsc_level level,
                  tsc_dresult *out, tsc_error *err);

/* OECD TiVA-style indicators per country: EXGR EXGR_DVA EXGR_DDC EXGR_IDC EXGR_RIM EXGR_FVA FFD_DVA DFD_FVA DXD_DVA
 * DEXFVAP FEXDVAP EXGR_DVASH EXGR_FVASH GVC_BACKWARD_SH GVC_FORWARD_SH. EXGR_DVA = DDC + IDC + RIM and
 * EXGR_DVA + EXGR_FVA = EXGR are checked. */
int tsc_decomp_tiva(tsc_decomp *d, tsc_dresult *out, tsc_error *err);

/* Value added of origin country s absorbed in final demand, by origin x destination country (V^BY summed by
 * country): a country-level result with importer = destination and the single term FD_VA. */
int tsc_decomp_fdva(tsc_decomp *d, tsc_dresult *out, tsc_error *err);

/* Routes of the value added of origin s (MODELS.md section 3). With finish = 1: V^s B^{sm} Y^{md}, the value
 * added of s absorbed in d's final demand by the country m that finished the good (rows: exporter = m,
 * importer = d; term VA_ABSORBED). With finish = 0: V^s B^{s,(m,k)} E^{(m,k),n}, the value added of s crossing
 * into importer n inside the exports of sector k of country m, each crossing counted (rows: exporter = m,
 * sector = k, importer = n; term VA_CROSSING). destination = TSC_NONE keeps every destination. */
int tsc_decomp_routes(tsc_decomp *d, size_t origin, size_t destination, int finish, tsc_dresult *out, tsc_error *err);

/* exvatools-compatible decompositions (exvatools 0.9, make_exvadec/make_exvadir): method is "kww", "wwz", "my"
 * (Miroudot-Ye), "oecd", "bm_src" or "bm_snk" with output "standard" or "terms", or "oecd_tiva"; the terms and
 * their meaning are documented in docs/DECOMPOSITIONS.md. Rows are exporting country-sector x importer (including
 * exporter = importer, zero, as exvatools lays them out) unless documented otherwise for oecd_tiva. */
int tsc_decomp_exvatools(tsc_decomp *d, const char *method, const char *output, tsc_dresult *out, tsc_error *err);

/* A decomposition named as `tariffscope decompose --method` names it, with its options: the command and the bindings
 * choose through this one function. method: "kww", "wwz", "wwz2kww" (at level; sector level gives the bilateral
 * one), "bm" (perspective, approach, level), "tiva", "fdva", "routes" (origin, destination: TSC_NONE for every one,
 * finish as tsc_decomp_routes), "exvatools-METHOD" or "exvatools-METHOD-terms" (tsc_decomp_exvatools's output
 * "terms"). Returns the method's status, or TSC_EINVAL naming an unknown method ("leontief" is not a decomposition:
 * tsc_leontief_vb) or kww at another level than the country's. */
typedef struct tsc_decomp_spec {
    const char *method;
    tsc_level level;                /* default TSC_LEVEL_COUNTRY */
    tsc_bm_perspective perspective; /* default TSC_BM_EXPORTER */
    tsc_bm_approach approach;       /* default TSC_BM_SOURCE */
    size_t origin, destination;     /* routes: region indices (destination TSC_NONE: every one) */
    int finish;                     /* routes: 1 (default) value added absorbed by finishing region, 0 crossings */
} tsc_decomp_spec;

void tsc_decomp_spec_init(tsc_decomp_spec *s, const char *method);
int tsc_decomp_run(tsc_decomp *d, const tsc_decomp_spec *spec, tsc_dresult *out, tsc_error *err);

#endif
