/* General equilibrium: the Caliendo-Parro (2015) multi-sector model with input-output linkages, solved in changes
 * ("exact hat algebra") for a tariff scenario, with the authors' baseline pipeline and their welfare decomposition.
 * Caliendo, L. and F. Parro (2015), "Estimates of the Trade and Welfare Effects of NAFTA", Review of Economic
 * Studies 82(1): 1-44; the equations as implemented are in docs/GE.md and docs/MODELS.md section 5. */
#ifndef TARIFFSCOPE_GE_H
#define TARIFFSCOPE_GE_H

#include <stddef.h>
#include <stdint.h>

#include "tariffscope/error.h"
#include "tariffscope/scenario.h"
#include "tariffscope/table.h"

/* Statuses of this module beyond error.h: positive, like every warning. */
enum {
    TSC_GE_WNOCONV = TSC_WNOCONV, /* warning: no convergence within max_iter; the result holds the last iterate */
    TSC_GE_CONTINUE = 3           /* tsc_ge_solver_test: not converged yet */
};

/* Index conventions, shared by every array below (all row-major, 0-based):
 *   cell (n, i, j) = (n * G + i) * N + j   importer n, exporter i, sector j (as tsc_tariffs);
 *   (n, j)         = n * N + j             region n, sector j;
 *   (n, k, j)      = (n * N + k) * N + j   region n, input sector k, using sector j.
 * Tariffs are fractions (0.05 = 5%), flows are values net of tariffs (what the exporter receives), domestic sales
 * included on the diagonal n = i. */

/* The model's data: bilateral sector flows F, base tariffs tau, value-added shares gamma_n^j, input shares
 * gamma_n^{k,j} (share of input k in the value of sector j's output; sum_k gamma_n^{k,j} = 1 - gamma_n^j for
 * consistent data), final-demand shares alpha_n^j (sum_j = 1), trade elasticities theta^j and deficits D_n.
 * Derived from them: expenditure X_n^j = sum_i F_ni^j (1 + tau_ni^j), shares pi_ni^j = F_ni^j (1 + tau_ni^j) / X_n^j
 * (pi_nn^j = 1 when X_n^j = 0), gross output Y_i^j = sum_n F_ni^j, value added w_n L_n = sum_j gamma_n^j Y_n^j,
 * tariff revenue R_n = sum tau F and income I_n = w_n L_n + R_n + D_n. An opaque, immutable-in-use object. */
typedef struct tsc_ge_data tsc_ge_data;

/* Builds model data from arrays (copied). flows, tariff: G*G*N; gamma_va: G*N; gamma_io: G*N*N; theta: N (> 0).
 * tariff may be NULL (zero); its diagonal is ignored (a region never taxes itself). alpha may be NULL: then it is
 * derived as Caliendo and Parro do, alpha_n^j proportional to max(0, X_n^j - sum_k gamma_n^{j,k} Y_n^k).
 * deficit may be NULL: then D_n = imports - exports of the flows (net of tariffs), the observed deficits.
 * goods may be NULL (every sector a good). Returns TSC_OK, TSC_EINVAL (negative or non-finite values, shares
 * outside [0, 1], theta <= 0), TSC_ENOMEM. */
int tsc_ge_data_from_arrays(size_t G, size_t N, const char *const *regions, const char *const *sectors,
                            const unsigned char *goods, const double *flows, const double *tariff,
                            const double *gamma_va, const double *gamma_io, const double *alpha, const double *theta,
                            const double *deficit, tsc_ge_data **out, tsc_error *err);

/* Derives the model data from an inter-country input-output table, taking its values as net of tariffs (basic
 * prices) and tariff (G*G*N fractions, may be NULL = zero) as the base schedule:
 *   F_ni^j = sum over n's industries of Z[(i,j), .] + sum over n's final-demand categories of Y[(i,j), .];
 *   gamma_n^{k,j} = sum_i Z[(i,k),(n,j)] (1 + tau_ni^k) / x_nj   (tariffs on inputs are costs of the user);
 *   gamma_n^j = 1 - sum_k gamma_n^{k,j} (value added net of the tariffs its inputs paid);
 *   alpha as in tsc_ge_data_from_arrays with alpha = NULL, D_n observed (imports - exports).
 * Sectors with x <= 0 get gamma_n^j = 1 and no inputs; negative Z entries are ignored in the shares. Negative net
 * purchases F (inventory drawdowns) become 0, and a negative gamma_n^j (value added smaller than the tariffs on
 * inputs, or negative in the table) becomes 0 with the input shares rescaled to sum to 1; *nclipped (may be NULL)
 * counts both kinds of cells. theta: N elasticities (see tsc_ge_theta_read). */
int tsc_ge_data_from_table(const tsc_table *t, const double *tariff, const double *theta, tsc_ge_data **out,
                           size_t *nclipped, tsc_error *err);

/* Whether path is the Caliendo-Parro data folder (path/csv/trade_tariffs_1993_2005_raw.csv or path itself
 * holding that file): 1 or 0. */
int tsc_ge_is_cp_folder(const char *path);

/* Loads the Caliendo-Parro (2015) 1993 data from their tidy CSVs (../shared/data/cp2015/README.md): 31 regions x
 * 40 sectors. As in the authors' script: flows of 1993 net of tariffs; gross output raised to at least exports;
 * domestic sales = gross output - exports; tariffs of 1993 (tariff_1993); gamma_n^{k,j} = IO_n(k,j)(1 - B_n^j);
 * alpha from alpha_final_demand.csv; theta from theta.csv; deficits observed. Goods: the 20 sectors of the trade
 * file. tariff_2005 (may be NULL) receives the file's 2005 rates as G*G*N fractions (caller frees with free()). */
int tsc_ge_data_load_cp(const char *path, tsc_ge_data **out, double **tariff_2005, tsc_error *err);

void tsc_ge_data_free(tsc_ge_data *d);

/* A copy of d (deep). */
int tsc_ge_data_copy(const tsc_ge_data *d, tsc_ge_data **out, tsc_error *err);

/* Replaces the base tariffs (G*G*N fractions; NULL = zero) and recomputes X, pi, revenue and income. */
int tsc_ge_data_set_tariffs(tsc_ge_data *d, const double *tariff, tsc_error *err);
/* Replaces the deficits (G; NULL = zero, the balanced-trade baseline). */
void tsc_ge_data_set_deficits(tsc_ge_data *d, const double *deficit);
/* Replaces the trade elasticities (N, each > 0). */
int tsc_ge_data_set_theta(tsc_ge_data *d, const double *theta, tsc_error *err);

size_t tsc_ge_data_nregions(const tsc_ge_data *d);
size_t tsc_ge_data_nsectors(const tsc_ge_data *d);
const char *tsc_ge_data_region(const tsc_ge_data *d, size_t n);
const char *tsc_ge_data_sector(const tsc_ge_data *d, size_t j);
int tsc_ge_data_is_goods(const tsc_ge_data *d, size_t j);
const double *tsc_ge_data_flows(const tsc_ge_data *d);       /* G*G*N */
const double *tsc_ge_data_tariffs(const tsc_ge_data *d);     /* G*G*N */
const double *tsc_ge_data_shares(const tsc_ge_data *d);      /* G*G*N: pi */
const double *tsc_ge_data_expenditure(const tsc_ge_data *d); /* G*N: X */
const double *tsc_ge_data_output(const tsc_ge_data *d);      /* G*N: Y */
const double *tsc_ge_data_gamma_va(const tsc_ge_data *d);    /* G*N */
const double *tsc_ge_data_gamma_io(const tsc_ge_data *d);    /* G*N*N */
const double *tsc_ge_data_alpha(const tsc_ge_data *d);       /* G*N */
const double *tsc_ge_data_theta(const tsc_ge_data *d);       /* N */
const double *tsc_ge_data_deficits(const tsc_ge_data *d);    /* G */
const double *tsc_ge_data_va(const tsc_ge_data *d);          /* G: w_n L_n */
const double *tsc_ge_data_income(const tsc_ge_data *d);      /* G: I_n */

/* The region and sector labels of the model's data source, whichever it is: the model data d when d is not NULL (the
 * Caliendo-Parro folder of tsc_ge_data_load_cp, or data already built), else the input-output table t the data are
 * to be derived from (tsc_ge_data_from_table keeps the table's codes and goods flags, so the labels are the same
 * before and after). *out receives the counts G and N, the codes and the goods flags (1 = a good) as views of the
 * source's own arrays: nothing is allocated or freed, and the views are valid while the source lives. *out suits
 * tsc_scenario_apply_labels as it is, and out->sectors suits tsc_ge_theta_read. Returns TSC_OK, or TSC_EINVAL when
 * d and t are both NULL (*out zeroed). */
int tsc_ge_labels(const tsc_ge_data *d, const tsc_table *t, tsc_labels *out, tsc_error *err);

/* Trade elasticities and their standard errors for the sectors of a table. Reads a CSV with columns "sector" and
 * "theta" (> 0), and optionally "theta_se" (>= 0; an empty field means none is known) and "trade_weight" (>= 0,
 * required on every row when the column is there); other columns are ignored. data/concordance/theta_wiod.csv is
 * one, a user's --theta file another. A sector of the table takes the row of its own code. With aggregation (a
 * concordance CSV kind,from,to as tsc_table_aggregate reads; may be NULL), an aggregate sector missing from the
 * file takes the trade-weighted mean over the parts p the aggregation maps to it that the file lists:
 *   theta = sum_p w_p theta_p / sum_p w_p,   se = sum_p w_p se_p / sum_p w_p,
 * w_p = the part's trade_weight; equal weights when the file has no trade_weight column or the parts' weights are
 * all zero. The weights must be the parts' trade in the detailed table the aggregation starts from: in
 * theta_wiod.csv, each WIOD industry's world imports in WIOD 2011 (every off-diagonal flow of its rows, Z and final
 * demand; scripts/derive-theta-weights.sh), the table both data/example and data/world2024 are aggregated from
 * (data/concordance/README_theta.md). The aggregate's se is the SE of the weighted mean if the parts' estimates
 * were perfectly correlated, an upper bound whatever their correlation; it is NAN (none known) if a part has none.
 * theta, se: N, caller-allocated; se may be NULL; se[j] = NAN where no SE is known. TSC_ELABEL names a sector with
 * no theta; TSC_EPARSE / TSC_EINVAL locate a bad field. */
int tsc_ge_theta_read_se(const char *csv, const char *aggregation, size_t N, const char *const *sectors, double *theta,
                         double *se, tsc_error *err);

/* tsc_ge_theta_read_se without the standard errors. */
int tsc_ge_theta_read(const char *csv, const char *aggregation, size_t N, const char *const *sectors, double *theta,
                      tsc_error *err);

/* ---- Solving the model in changes -------------------------------------------------------------------------
 * Given ŵ (one per region), with kappa = (1 + tau') / (1 + tau):
 *  (1) ĉ_n^j = ŵ_n^{gamma_n^j} prod_k (P̂_n^k)^{gamma_n^{k,j}}
 *  (2) P̂_n^j = [sum_i pi_ni^j (kappa_ni^j ĉ_i^j)^{-theta^j}]^{-1/theta^j}
 *  (3) pi'_ni^j = pi_ni^j (kappa_ni^j ĉ_i^j / P̂_n^j)^{-theta^j}
 *  (4) X'_n^j = sum_k gamma_n^{j,k} sum_i pi'_in^k X'_i^k / (1 + tau'_in^k) + alpha_n^j I'_n,
 *      I'_n = ŵ_n w_n L_n + sum_{i,k} tau'_ni^k pi'_ni^k X'_n^k / (1 + tau'_ni^k) + D_n
 *  (5) excess Z_n = sum_{i,j} pi'_ni^j X'_n^j / (1 + tau'_ni^j) - sum_{m,j} pi'_mn^j X'_m^j / (1 + tau'_mn^j) - D_n
 * The solution has Z = 0, with the numeraire sum_n ŵ_n w_n L_n = sum_n w_n L_n (world value added constant).
 * Inner solves: (1)-(2) by fixed point on log prices, (4) by fixed point on X' (both Anderson-accelerated and
 * warm-started). Outer: Newton on log ŵ with the exact Jacobian of Z (by differentiating (1)-(5)), Broyden updates
 * between Jacobians and a backtracking line search; or the authors' fixed point ŵ <- ŵ - step Z / wL. */
typedef enum tsc_ge_method {
    TSC_GE_NEWTON = 0,     /* Newton / quasi-Newton on ŵ (default) */
    TSC_GE_FIXED_POINT = 1 /* the authors' algorithm: ŵ_n <- ŵ_n - step Z_n / (w_n L_n) */
} tsc_ge_method;

/* Convergence follows the convention of every iterative solver of the library (tsc_update_opts likewise): a solve's
 * residual is its largest relative gap, it has converged when residual <= tol, the options name the tolerance tol and
 * the iteration limit max_iter (0 = the default), and the solver returns its residual.
 *   outer (tsc_ge_solver_test, tsc_ge_result.residual):
 *       residual = max(max_n |Z_n| / (w_n L_n), |sum_n ŵ_n w_n L_n - sum_n w_n L_n| / sum_n w_n L_n),
 *       the excess of each region relative to its value added, and the numeraire's gap;
 *   inner (inner_tol, inner_max_iter): the change of a sweep, max |change of ln P̂| for the prices and
 *       max_n,j |change of X'_n^j| / sum_j X_n^j for the expenditure.
 * Defaults; each is a field of tsc_ge_opts. */
#define TSC_GE_TOL 1e-12                  /* outer tolerance */
#define TSC_GE_MAX_ITER_NEWTON 100        /* outer iterations, Newton */
#define TSC_GE_MAX_ITER_FIXED_POINT 20000 /* outer iterations, fixed point */
#define TSC_GE_INNER_TOL 1e-14            /* inner tolerance */
#define TSC_GE_INNER_MAX_ITER 20000       /* sweeps per inner solve */
#define TSC_GE_STEP 0.2                   /* fixed point step (the authors' vfactor) */
#define TSC_GE_ANDERSON 6                 /* memory of the inner solves' Anderson acceleration */

typedef struct tsc_ge_opts {
    tsc_ge_method method;
    double tol;            /* the outer residual accepted (> 0); default TSC_GE_TOL */
    size_t max_iter;       /* outer iterations; 0 = default (TSC_GE_MAX_ITER_NEWTON or TSC_GE_MAX_ITER_FIXED_POINT) */
    double step;           /* fixed point step; default TSC_GE_STEP */
    double inner_tol;      /* the change per sweep accepted in inner solves (> 0); default TSC_GE_INNER_TOL */
    size_t inner_max_iter; /* sweeps per inner solve (> 0); default TSC_GE_INNER_MAX_ITER */
    size_t anderson;       /* memory of the Anderson acceleration of inner solves (at most 16); 0 = plain; default
                              TSC_GE_ANDERSON */
    int cold_start;        /* 1: inner solves start from P̂ = 1 and the base X each time (as the authors); default 0 */
} tsc_ge_opts;

void tsc_ge_opts_init(tsc_ge_opts *o);

/* A solution, relative to the data it was solved on. Arrays owned (tsc_ge_result_free). */
typedef struct tsc_ge_result {
    size_t G, N;
    double *w_hat;           /* G */
    double *c_hat;           /* G*N: unit costs */
    double *P_hat;           /* G*N: sector price indices */
    double *price_index_hat; /* G: P̂_n = prod_j (P̂_n^j)^{alpha_n^j} */
    double *X;               /* G*N: expenditure X' after */
    double *flows;           /* G*G*N: flows after, net of tariffs */
    double *excess;          /* G: Z at the solution */
    double residual;         /* the outer residual (tsc_ge_opts): max_n |Z_n| / (w_n L_n) and the numeraire's gap */
    size_t iterations;       /* outer iterations */
    size_t jacobians;        /* exact Jacobians computed (Newton) */
    size_t price_sweeps, expenditure_sweeps; /* inner sweeps, all solves and Jacobians included */
} tsc_ge_result;

void tsc_ge_result_free(tsc_ge_result *r);

/* The solver: init, iterate, test, free, so that a progress display can watch it. tariff_new: the scenario's
 * rates (G*G*N fractions; NULL = the data's own, a no-change solve). Neither d nor tariff_new is copied: both
 * must outlive the solver. tsc_ge_solver_new evaluates the excess at ŵ = 1. */
typedef struct tsc_ge_solver tsc_ge_solver;

int tsc_ge_solver_new(const tsc_ge_data *d, const double *tariff_new, const tsc_ge_opts *opts, tsc_ge_solver **out,
                      tsc_error *err);
/* One outer iteration. TSC_ENUMERIC when an inner solve fails to converge, values stop being finite, or the line
 * search cannot reduce the excess. */
int tsc_ge_solver_iterate(tsc_ge_solver *s, tsc_error *err);
/* TSC_OK when the outer residual (tsc_ge_opts) is <= tol, else TSC_GE_CONTINUE. */
int tsc_ge_solver_test(const tsc_ge_solver *s);
size_t tsc_ge_solver_iterations(const tsc_ge_solver *s);
/* The outer residual now. */
double tsc_ge_solver_residual(const tsc_ge_solver *s);
const double *tsc_ge_solver_w_hat(const tsc_ge_solver *s);
/* The current iterate as a result (allocated; free with tsc_ge_result_free). */
int tsc_ge_solver_result(const tsc_ge_solver *s, tsc_ge_result *out, tsc_error *err);
void tsc_ge_solver_free(tsc_ge_solver *s);

/* Progress callback of the convenience functions: stage name, outer iteration, residual. */
typedef void (*tsc_ge_progress)(void *ctx, const char *stage, size_t iter, double residual);

/* Iterates to convergence. Returns TSC_OK, TSC_GE_WNOCONV (out holds the last iterate, err says so) or an error
 * (out zeroed). progress may be NULL. */
int tsc_ge_solve(const tsc_ge_data *d, const double *tariff_new, const tsc_ge_opts *opts, tsc_ge_progress progress,
                 void *ctx, tsc_ge_result *out, tsc_error *err);

/* The data of the equilibrium r: flows := r->flows, tariffs := tariff_new (NULL: d's), deficits := d's (change
 * them with tsc_ge_data_set_deficits); shares, expenditure, output and value added are re-derived from the flows. */
int tsc_ge_data_rebase(const tsc_ge_data *d, const tsc_ge_result *r, const double *tariff_new, tsc_ge_data **out,
                       tsc_error *err);

/* Baselines. The authors' pipeline (Caliendo-Parro 2015, section 5 and their replication script): (a) solve with
 * no tariff change and the observed deficits, which makes the data an equilibrium of the model; (b) from (a),
 * solve with no tariff change and D = 0. The scenario is then solved from (b) (zero deficit) or (a) (observed). */
typedef enum tsc_ge_baseline { TSC_GE_BASELINE_ZERO_DEFICIT = 0, TSC_GE_BASELINE_OBSERVED = 1 } tsc_ge_baseline;

/* Per-stage statistics of tsc_ge_baseline_build (stage a, then b when zero deficit). */
typedef struct tsc_ge_stage {
    size_t iterations, jacobians, price_sweeps, expenditure_sweeps;
    double residual, seconds;
} tsc_ge_stage;

/* Builds the baseline from raw data (a copy; raw is not changed). stages (may be NULL) receives 2 entries (the
 * second zeroed for the observed baseline). Returns TSC_OK, TSC_GE_WNOCONV (with *out NULL and err naming the
 * stage) or an error. */
int tsc_ge_baseline_build(const tsc_ge_data *raw, tsc_ge_baseline kind, const tsc_ge_opts *opts,
                          tsc_ge_progress progress, void *ctx, tsc_ge_data **out, tsc_ge_stage stages[2],
                          tsc_error *err);

/* ---- Outcomes ------------------------------------------------------------------------------------------------
 * Relative to the baseline data `base` the solution r was computed on, with tariff_new its scenario rates:
 *   real wage 100 (ŵ_n / P̂_n - 1); exact real income 100 (Î_n / P̂_n - 1) with I'_n = ŵ_n w_n L_n + R'_n + D_n;
 *   Caliendo and Parro's Table 2 decomposition, first order evaluated at the discrete changes (E, M: base flows
 *   net of tariffs, exports of n to i and imports of n from i, i != n):
 *     ToT_n = [sum_{i,j} E_ni^j (ĉ_n^j - 1) - sum_{i,j} M_ni^j (ĉ_i^j - 1)] / I_n,
 *     VoT_n = sum_{i,j} tau_ni^j (M'_ni^j - M_ni^j ĉ_i^j) / I_n,   welfare_cp = ToT + VoT (all in percent).
 * The two welfare measures differ for large shocks; both are reported. */
typedef struct tsc_ge_outcome {
    size_t G, N;
    double *welfare_cp, *terms_of_trade, *volume_of_trade; /* G, percent */
    double *real_wage, *real_income;                       /* G, percent */
    double *income_base, *income_new;                      /* G */
    double *output_base, *output_new;                      /* G*N gross output */
} tsc_ge_outcome;

int tsc_ge_outcome_compute(const tsc_ge_data *base, const double *tariff_new, const tsc_ge_result *r,
                           tsc_ge_outcome *out, tsc_error *err);
void tsc_ge_outcome_free(tsc_ge_outcome *o);

/* The outcomes per region as one array: the columns of regions.csv of `tariffscope solve`, in its order, and the
 * change of the region's exports that the report shows. Values at out[n * TSC_GE_NMEASURES + m]. */
typedef enum tsc_ge_measure {
    TSC_GE_WELFARE_CP = 0,  /* welfare_cp_pct:      welfare_cp of tsc_ge_outcome */
    TSC_GE_TERMS_OF_TRADE,  /* terms_of_trade_pct:  terms_of_trade */
    TSC_GE_VOLUME_OF_TRADE, /* volume_of_trade_pct: volume_of_trade */
    TSC_GE_REAL_WAGE,       /* real_wage_pct:       real_wage */
    TSC_GE_REAL_INCOME,     /* real_income_pct:     real_income */
    TSC_GE_W_HAT,           /* w_hat:               ŵ_n */
    TSC_GE_PRICE_INDEX_HAT, /* price_index_hat:     P̂_n */
    TSC_GE_EXPORTS,         /* exports_pct: 100 (sum_{m != n, j} F'_mn^j / sum_{m != n, j} F_mn^j - 1), flows net of
                               tariffs, 0 for a region that exports nothing */
    TSC_GE_NMEASURES
} tsc_ge_measure;

/* The column name of measure m ("welfare_cp_pct", ..., "exports_pct"); NULL when m is out of range. */
const char *tsc_ge_measure_name(size_t m);

/* The measures of the solution r (computed on base, scenario rates tariff_new; NULL: base's): out G *
 * TSC_GE_NMEASURES, caller-allocated. The same numbers as tsc_ge_outcome_compute. TSC_OK or TSC_EDIM. */
int tsc_ge_measures(const tsc_ge_data *base, const double *tariff_new, const tsc_ge_result *r, double *out,
                    tsc_error *err);

/* ---- Uncertainty of the trade elasticities --------------------------------------------------------------------
 * The scenario solved K times, draw d with theta_j drawn independently for every sector from the normal
 * N(theta_j, se_j^2) truncated to theta_j > 0, where theta_j is the data's and se_j the sector's standard error
 * (docs/GE.md, "Uncertainty"). Each draw is solved from the same baseline data (built once, at the point theta: with
 * the zero-deficit baseline, its stage (b) is not redone per draw), warm-started from the point solution: ŵ, P̂, X'
 * and (Newton) the point's exact Jacobian. Draws run on several threads; draw d's numbers depend only on (seed, d),
 * so the results are the same, bit for bit, whatever the number of threads. */

/* The relative standard error of a sector with none known: se_j = TSC_GE_THETA_SE_REL theta_j. A judgement, not an
 * estimate: the published standard errors of Caliendo and Parro's Table 1 were not available
 * (data/concordance/README_theta.md); 0.25 is a t-statistic of 4, so the central 90% of draws spans about
 * theta (1 +- 0.41). docs/GE.md discusses it. */
#define TSC_GE_THETA_SE_REL 0.25

/* The theta of draw d: out_j = theta_j + se_j z_j with z_j = Phi^-1(Phi(-a_j) + u_j Phi(a_j)), a_j = theta_j / se_j,
 * the inverse-CDF draw from the standard normal truncated to z > -a_j (so out_j > 0), u_j in (0, 1) a counter-based
 * uniform of (seed, d, j): the splitmix64 finaliser (Steele, Lea and Flood 2014) applied in turn to the seed, d and j,
 * 53 bits. Phi^-1 by Acklam's rational approximation refined by one Halley step on erfc, each side of the median
 * from its own (smaller) tail: within 2e-15 relative of 40-digit values from 1e-300 to 0.9999 in the tests (Phi and
 * Phi^-1 through erfc, so nothing cancels when a_j is large or small). Rounding at the boundary (probability
 * about 1e-16) gives the smallest positive normal double. se_j <= 0 (or se == NULL) gives out_j = theta_j. N values
 * each; out caller-allocated. */
void tsc_ge_theta_draw(uint64_t seed, size_t d, size_t N, const double *theta, const double *se, double *out);

/* Progress of tsc_ge_draws_solve: draws finished (converged or not) of total, of which failed. Always called from
 * the thread that called tsc_ge_draws_solve, never concurrently, with done increasing, last with done == total. */
typedef void (*tsc_ge_draws_progress)(void *ctx, size_t done, size_t total, size_t failed);

typedef struct tsc_ge_draws_opts {
    size_t draws;                   /* K, >= 1; default 200 */
    uint64_t seed;                  /* default 0 */
    double se_rel_default;          /* se_j = se_rel_default theta_j where the caller's se_j is NAN (or se is NULL);
                                       >= 0; default TSC_GE_THETA_SE_REL */
    size_t threads;                 /* worker threads; 0 = the online CPUs (default); never more than K */
    tsc_ge_opts solve;              /* the solver of each draw and of the point solution; default tsc_ge_opts_init */
    tsc_ge_draws_progress progress; /* may be NULL (default) */
    void *progress_ctx;
} tsc_ge_draws_opts;

void tsc_ge_draws_opts_init(tsc_ge_draws_opts *o);

/* Results. Arrays owned (tsc_ge_draws_result_free). Statistics per region and measure at [n * M + m], M =
 * TSC_GE_NMEASURES, over the converged draws only: mean, and the quantiles p05, p50, p95 by linear interpolation
 * between order statistics (Hyndman and Fan 1996 type 7, R's and numpy's default: for n sorted values x_0..x_{n-1}
 * and probability p, h = (n - 1) p, q = x_floor(h) + (h - floor(h)) (x_floor(h)+1 - x_floor(h))). NAN when no draw
 * converged. */
typedef struct tsc_ge_draws_result {
    size_t G, N, K, M;              /* regions, sectors, draws, measures (TSC_GE_NMEASURES) */
    size_t converged, failed;       /* converged + failed = K */
    size_t threads;                 /* worker threads used */
    double *point;                  /* G*M: the measures of the point solution */
    double *mean, *p05, *p50, *p95; /* G*M */
    double *se;                     /* N: the standard errors used (the default applied) */
    double *theta;                  /* K*N: the theta of draw d at [d * N + j] */
    double *values;                 /* K*G*M: draw d's measures at [(d * G + n) * M + m]; NAN for a failed draw */
    int *status;                    /* K: TSC_OK, or why the draw failed: TSC_GE_WNOCONV (max_iter reached),
                                       TSC_ENUMERIC, TSC_ESINGULAR (the solver's errors) */
    size_t *iterations;             /* K: outer iterations of each draw */
    double seconds;                 /* wall-clock time of the draws (not of the point solution) */
} tsc_ge_draws_result;

void tsc_ge_draws_result_free(tsc_ge_draws_result *r);

/* Solves the scenario tariff_new (G*G*N fractions; NULL: base's own rates) on base for opts->draws draws of theta.
 * se: N standard errors (>= 0, or NAN for the default; NULL: the default everywhere). point: the solution at base's
 * theta if the caller has it (computed with the same tariff_new), else NULL and it is solved here. Returns TSC_OK when
 * every draw converged; TSC_GE_WNOCONV when some did not (out is complete: failed counts them, status says why, the
 * statistics use the others; err says how many); TSC_EINVAL (bad options, se, or a point of other dimensions),
 * TSC_ENUMERIC (the point solution does not converge), TSC_ENOMEM, with out zeroed. Each worker thread holds its own
 * copy of the data and a solver, allocated before the draws start; the draws themselves allocate nothing. OpenBLAS
 * runs single-threaded while the draws are prepared and solved (its thread count is restored before returning): do
 * not run other BLAS work concurrently from other threads of the program meanwhile. */
int tsc_ge_draws_solve(const tsc_ge_data *base, const double *tariff_new, const double *se, const tsc_ge_result *point,
                       const tsc_ge_draws_opts *opts, tsc_ge_draws_result *out, tsc_error *err);

#endif
