/* Internal: the objects shared by the decompositions (see tsc_decomp_new). Matrices are column-major; "n x G"
 * arrays have one column per country. Blocks: rows s*N .. s*N + N - 1 belong to country s. */
#ifndef TSC_DECOMP_INT_H
#define TSC_DECOMP_INT_H

#include "leontief_int.h"
#include "tariffscope/decomp.h"

struct tsc_decomp {
    const tsc_table *t;
    tsc_leontief *lf;
    size_t G, N, n;
    const double *Z, *x, *v, *xinv;
    double *B;     /* n x n, (I - A)^-1: NULL until a method that needs it calls tsc__decomp_need_inverse */
    double *Lloc;  /* G blocks of N x N, (I - A^{ss})^-1 */
    double *Bdiag; /* G blocks of N x N, B^{ss}: NULL until tsc__decomp_need_blocks */
    double *Yc;    /* n x G: final demand by destination country */
    double *Ytot;  /* n: Y^{s*}, all destinations */
    double *Esr;   /* n x G: bilateral gross exports (0 where the destination is the exporter) */
    double *Eint;  /* n x G: intermediate part Z^{sr}1 */
    double *E;     /* n: total gross exports E^{s*} */
    double *W;     /* n x G: W[j, t] = (V^t B)_j, value added of country t per unit of final output of j */
    double *Wsum;  /* n: sum_t W[j, t] */
    double *VsLss; /* n: (V^s L^{ss})_j for j in s */
    double *BY;    /* n x G: B Yc; NULL until tsc__decomp_need_by */
    double *BYd;   /* n x G: column t = B^{.t} Y^{tt} (one allocation with BYr after it); BYd, BYr with B */
    double *BYr;   /* n x G: column t = B^{.t} Y^{t*} */
    double *BrrY;  /* n x G: block r of column u = B^{rr} Y^{ru}; with BYd */
    double *LYd;   /* n: block r = L^{rr} Y^{rr} */
    double *LE;    /* n: block r = L^{rr} E^{r*} */
};

/* BY = B Yc (n x G) by one solve with G right-hand sides, once: the source-based Borin-Mancini terms need no more
 * of B than this, V^sB (W) and the blocks B^{ss} that tsc__bss_solve_t applies. */
int tsc__decomp_need_by(tsc_decomp *d, tsc_error *err);

/* The diagonal blocks B^{ss} of the Leontief inverse (Bdiag), once, without B (decomp_bss.c): when the LU has no row
 * interchanges (I - A with A >= 0 and column sums < 1 is column diagonally dominant, so partial pivoting keeps the
 * diagonal), by triangular solves on the trailing factors, 2/3 n^3 flops in all (one LU's worth; the inverse costs
 * 2 n^3); otherwise by checked solves on block columns of the identity. Scratch n x max(128, N); checked against
 * V^s B (W). From B when a method has formed it. */
int tsc__decomp_need_blocks(tsc_decomp *d, tsc_error *err);

/* What WWZ needs of B, once: BY (tsc__decomp_need_by), BYd and BYr (one solve with 2 G right-hand sides) and BrrY
 * (from the diagonal blocks). */
int tsc__decomp_need_final(tsc_decomp *d, tsc_error *err);

/* Forms the Leontief inverse B (n x n), then tsc__decomp_need_final, once; the methods whose terms need columns of B
 * call it (Borin-Mancini's sink approach, self and imports perspectives, exvatools). KWW, TiVA, value added by
 * destination and the routes need only W, by one transposed solve with the LU factors, which tsc_decomp_new does. */
int tsc__decomp_need_inverse(tsc_decomp *d, tsc_error *err);

/* Relative tolerance and sweep limit of tsc__bss_solve_t's GMRES: a country is done when its residual's norm is below
 * TSC_BSS_TOL times its right-hand side's (about 50 times the rounding of one solve); countries not done after
 * TSC_BSS_MAX_SWEEPS sweeps take the exact blocks. */
#define TSC_BSS_TOL 1e-14
#define TSC_BSS_MAX_SWEEPS 40

/* Solves (B^{ss})' z_s = w_s for every country s, B^{ss} the diagonal block of the Leontief inverse (w, z: n values,
 * block s of each for country s; z caller-owned). With B formed (tsc__decomp_need_inverse), from its blocks;
 * otherwise without it, by GMRES preconditioned with the local inverses L^{ss}, every country at once: each sweep one
 * transposed solve with one right-hand side per country not yet done (n x G scratch), typically 3-6 sweeps; the
 * countries not done after max_sweeps (0: TSC_BSS_MAX_SWEEPS, which is also the most) by the blocks B^{.s} solved N
 * columns at a time (n x N scratch; as many right-hand sides as the inverse in all). sweeps (may be NULL) receives the
 * number of sweeps: 0 when B was used, TSC_NONE when some country needed the blocks. */
int tsc__bss_solve_t(tsc_decomp *d, const double *w, double *z, size_t max_sweeps, size_t *sweeps, tsc_error *err);

/* Allocates an empty result of nrow x nterm with every key TSC_NONE. */
int tsc__dresult_alloc(tsc_dresult *r, tsc_level level, size_t nrow, const char *const *terms, size_t nterm,
                       tsc_error *err);

/* Sums a bilateral result over importers (TSC_LEVEL_SECTOR) or over importers and sectors (TSC_LEVEL_COUNTRY). */
int tsc__dresult_aggregate(const tsc_dresult *in, tsc_level level, size_t G, size_t N, tsc_dresult *out,
                           tsc_error *err);

/* out[i] = (A^{sr} q)_i for i in block s, with q given on block r (N values). */
void tsc__decomp_A_block(const tsc_decomp *d, size_t s, size_t r, const double *q, double *out);
/* Both A^{sr} q1 and A^{sr} q2 in one pass over the block. */
void tsc__decomp_A_block2(const tsc_decomp *d, size_t s, size_t r, const double *q1, const double *q2, double *out1,
                          double *out2);

/* The relative gap |a - b| / |b| of an identity check, or 0 when |a - b| <= noise: the callers pass 1e-12 times the
 * largest value involved, so that terms near zero are held to the rounding noise of the large ones rather than to
 * their own size. */
double tsc__rel_gap(double a, double b, double noise);

/* Koopman-Wang-Wei (2014) terms by exporting country (decomp_kww.c): K[s * 9 + k] is term k of country s, in the
 * order of tsc__kww_terms (DVA_FIN, DVA_INT, DVA_INTrex, RDV_FIN, RDV_INT, DDC, FVA_FIN, FVA_INT, FDC); K holds 9 G
 * values, caller-owned. The WWZ and Borin-Mancini decompositions check themselves against it. */
int tsc__kww_compute(tsc_decomp *d, double *K, tsc_error *err);
/* The 9 KWW term names (decomp_wwz.c). */
const char *const *tsc__kww_terms(void);

/* exvatools-compatible outputs (decomp_exva*.c). Bilateral rows are laid out as row = i * G + r for exporting
 * country-sector i and importer r (r = the exporter included: zero, as exvatools lays them out); with sector_rows
 * n rows keyed by country-sector alone (importer TSC_NONE) follow, or are the only rows without bilateral. */
int tsc__exva_alloc(const tsc_decomp *d, const char *const *terms, size_t nterm, int bilateral, int sector_rows,
                    tsc_dresult *out, tsc_error *err);
/* The absolute floor of the identity checks: 1e-12 max x. */
double tsc__exva_floor(const tsc_decomp *d);
/* TSC_OK if got and want agree to TSC_DECOMP_IDENTITY_TOL (relative, absolute below abs_floor), else TSC_ENUMERIC
 * with a message naming the identity what, exporting country-sector i and importer r (TSC_NONE: none). */
int tsc__exva_agree(const tsc_decomp *d, double got, double want, double abs_floor, size_t i, size_t r,
                    const char *what, tsc_error *err);
/* Borin-Mancini terms as exvatools splits them (sink = 0: source approach, 1: sink approach). */
int tsc__exva_bm_terms(tsc_decomp *d, int sink, tsc_dresult *out, tsc_error *err);
/* OECD indicators as exvatools lays them out: output "standard", "terms" or "tiva". */
int tsc__exva_oecd(const tsc_decomp *d, const char *output, tsc_dresult *out, tsc_error *err);

#endif
