/* Internal: the general-equilibrium model's data, solver state and kernels, shared by the src/model/ge_*.c files. */
#ifndef TSC_GE_INT_H
#define TSC_GE_INT_H

#include <math.h>
#include <stddef.h>

#include "tariffscope/ge.h"

struct tsc_ge_data {
    size_t G, N;
    char **regions, **sectors;
    unsigned char *goods;
    /* primitives */
    double *flows;    /* G*G*N */
    double *tariff;   /* G*G*N, diagonal zero */
    double *gamma_va; /* G*N */
    double *gamma_io; /* G*N*N */
    double *alpha;    /* G*N */
    double *theta;    /* N */
    double *deficit;  /* G */
    /* derived by tsc__ge_data_derive */
    double *X, *pi, *output;       /* G*N, G*G*N, G*N */
    double *va, *revenue, *income; /* G */
};

/* An empty data object with every array allocated (zeroed) and labels copied; NULL on failure. */
tsc_ge_data *tsc__ge_data_alloc(size_t G, size_t N, const char *const *regions, const char *const *sectors,
                                const unsigned char *goods, tsc_error *err);
/* Recomputes X, pi, output, va, revenue, income from the primitives. */
void tsc__ge_data_derive(tsc_ge_data *d);
/* Checks the primitives (finite, non-negative, shares in [0, 1], theta > 0); TSC_EINVAL naming the first bad one. */
int tsc__ge_data_check(const tsc_ge_data *d, tsc_error *err);
/* alpha_n^j proportional to max(0, X_n^j - sum_k gamma_n^{j,k} Y_n^k), as Caliendo and Parro derive it. */
int tsc__ge_data_derive_alpha(tsc_ge_data *d, tsc_error *err);
/* D_n = imports - exports of the flows, net of tariffs. */
void tsc__ge_data_observed_deficits(tsc_ge_data *d);

/* Anderson acceleration (Walker and Ni 2011, "Anderson acceleration for fixed-point iterations", SIAM J. Numer.
 * Anal. 49(4)) of x <- g(x) in R^dim with memory m: x_{k+1} = g_k - dG gamma, gamma = argmin |f_k - dF gamma|_2,
 * f = g(x) - x, solved by the normal equations (the Gram matrix of dF kept up to date, one column per step, with a
 * relative ridge of 1e-12), so a step costs about 3 m dim flops. m = 0 is the plain iteration. */
typedef struct ge_anderson {
    size_t dim, m, count, head;
    int started;                     /* fprev, gprev hold the previous iterate */
    double *dF, *dG, *fprev, *gprev; /* dim*m, dim*m, dim, dim */
    double *gram, *chol, *gam, *rhs; /* m*m, m*m, m, m */
} ge_anderson;

int tsc__anderson_init(ge_anderson *a, size_t dim, size_t m);
void tsc__anderson_reset(ge_anderson *a);
void tsc__anderson_free(ge_anderson *a);
/* Given x and gx = g(x), writes the next iterate into x (gx is left unchanged). */
void tsc__anderson_step(ge_anderson *a, double *x, const double *gx);

/* max_k |a_k - b_k| over n entries; NaN when any difference is NaN (so a test "<= tol" fails on it). */
static inline double tsc__ge_max_change(const double *a, const double *b, size_t n)
{
    double m = 0;
    for (size_t k = 0; k < n; k++) {
        double v = fabs(a[k] - b[k]);
        if (!(v <= m)) m = v;
    }
    return m;
}

/* An inner solve whose change per sweep jumps above this multiple of the smallest change it has reached restarts its
 * Anderson acceleration from the plain step: the history has gone stale (rounding near the fixed point, or a poor
 * early history). Used by the price and expenditure solves; the linear tangent solves of the Jacobian never restart. */
#define TSC__GE_ANDERSON_RESTART 10.0

/* The map of a fixed-point iteration: gx = g(x), both of the accelerator's dimension. */
typedef void (*ge_map)(void *ctx, const double *x, double *gx);

enum { TSC__GE_FP_CONVERGED = 0, TSC__GE_FP_NONFINITE = 1, TSC__GE_FP_NOCONV = 2 };

/* Iterates x <- g(x) with the acceleration acc (reset first; dimension acc->dim) until the change of a sweep,
 * max_k |g(x)_k - x_k|, is <= tol (tsc__converged): x then holds g(x) and the result is TSC__GE_FP_CONVERGED.
 * TSC__GE_FP_NONFINITE when a change is not finite, TSC__GE_FP_NOCONV after max_iter sweeps; each sweep adds one to
 * *sweeps. gx is caller-owned scratch. restart: restart the acceleration as TSC__GE_ANDERSON_RESTART says. */
int tsc__ge_fixed_point(ge_anderson *acc, double *x, double *gx, double tol, size_t max_iter, int restart, ge_map map,
                        void *ctx, size_t *sweeps);

/* Slices of G*N in tsc_ge_solver.work, and blocks of G*N*G in tsc_ge_solver.jw. */
#define TSC__GE_SCRATCH_SLICES 3
#define TSC__GE_TANGENT_BLOCKS 6

/* The solver's state: the model at the current ŵ and the work arrays of its kernels. */
struct tsc_ge_solver {
    const tsc_ge_data *d;
    size_t G, N;
    tsc_ge_opts o;
    const double *taup; /* G*G*N new tariffs (d's when none given) */
    double *pit;        /* G*G*N: pi (kappa)^(-theta) */
    double *tinv;       /* G*G*N: 1 / (1 + tau') */
    double *pip;        /* G*G*N: pi' */
    double *s;          /* G*G*N: pi' / (1 + tau') */
    double *S;          /* G*N: sum_i s_ni^j */
    double *lnw, *w;    /* G: ln ŵ and ŵ */
    double *lnP, *lnc;  /* G*N */
    double *X;          /* G*N: X' */
    double *Xscale;     /* G: sum_j X_n^j of the data, the scale of region n's expenditure */
    double *Y;          /* G*N: sales Y' */
    double *Z;          /* G: excess */
    double *work;       /* TSC__GE_SCRATCH_SLICES slices of G*N: the model kernels' scratch (ge_model.c names them) */
    ge_anderson acc_p, acc_x;
    double residual;
    size_t iter, jacobians, price_sweeps, expenditure_sweeps;
    /* Newton */
    double *J; /* G*G: dZ / d ln ŵ, row-major J[n * G + m] */
    int have_J;
    double *jw; /* tangent work: TSC__GE_TANGENT_BLOCKS blocks of G*N*G (ge_jacobian.c names them) */
    double *jM; /* G*G*N: a cell array rearranged by sector for the matrix products */
    ge_anderson acc_tp, acc_tx;
    int tangent_ready;
    double *A, *b, *dlnw;                          /* G*G, G, G: the Newton system */
    double *save_lnw, *save_lnP, *save_X, *save_Z; /* the accepted iterate, for the line search */
    double last_ratio;                             /* residual reduction of the last step */
    size_t since_J;                                /* Broyden steps since the last exact Jacobian */
};

/* The model kernels (ge_model.c). */
/* Solves (1)-(2) for ln ĉ, ln P̂ at s->lnw, from the current lnP (warm) or 0 (cold). TSC_ENUMERIC on failure. */
int tsc__ge_prices(tsc_ge_solver *s, tsc_error *err);
/* From the prices: pi', s, S; then solves (4) for X' (warm from s->X), the sales Y' and the excess Z. */
int tsc__ge_equilibrium(tsc_ge_solver *s, tsc_error *err);
/* Both, then s->residual = max_n |Z_n| / wL_n (NaN propagates; TSC_ENUMERIC when it is not finite). */
int tsc__ge_evaluate(tsc_ge_solver *s, tsc_error *err);

/* tsc_ge_solve with a stage name for the progress callback (ge_solve.c). */
int tsc__ge_solve_stage(const tsc_ge_data *d, const double *tariff_new, const tsc_ge_opts *opts,
                        tsc_ge_progress progress, void *ctx, const char *stage, tsc_ge_result *out, tsc_error *err);

/* The exact Jacobian dZ / d ln ŵ at the current state into s->J (ge_jacobian.c). */
int tsc__ge_jacobian(tsc_ge_solver *s, tsc_error *err);

/* Region n's TSC_GE_NMEASURES measures (ge.h order) into m, from a solution given as arrays on the data d it was
 * solved on: w_hat G, c_hat G*N, pidx (P̂_n) G, flows G*G*N after, net of tariffs; taup the new tariffs. income_new
 * (may be NULL) receives I'_n. No allocation (ge_welfare.c). */
void tsc__ge_region_measures(const tsc_ge_data *d, const double *taup, const double *w_hat, const double *c_hat,
                             const double *pidx, const double *flows, size_t n, double *m, double *income_new);

/* Phi^-1(p), the standard normal quantile, for p in (0, 1); -inf at 0, +inf at 1, NAN outside (ge_draws.c). */
double tsc__ge_normal_quantile(double p);

#endif
