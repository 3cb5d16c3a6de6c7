/* The exact Jacobian of the excess function, dZ / d ln ŵ, by differentiating equations (1)-(5) of
 * include/tariffscope/ge.h: one tangent solve of the price system and one of the expenditure system, each with G
 * right-hand sides (one per region's wage), as matrix products. */
#include <cblas.h>
#include <math.h>
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "ge_int.h"
#include "gemm_int.h"

/* Tangent blocks are (G*N) x R row-major with R = G: V[(n*N + j)*R + r], the derivative of the (n, j) entry
 * with respect to ln ŵ_r. */

/* Tolerance of the tangent solves (per sweep, on derivatives per unit of ln ŵ, expenditure scaled by the region's
 * total): a Jacobian this accurate adds nothing beside the model's own nonlinearity to the error of a Newton step
 * (1e-6 or 1e-9 take the same number of Newton steps on the CP data); tighter would only cost sweeps. */
#define TANGENT_TOL 1e-8

/* dc = gamma_va e_r + Gamma' dP: dc[(i,j), r] = gamma_va[i,j] [i = r] + sum_k gamma_io[i,k,j] dP[(i,k), r]. */
static void tangent_costs(const tsc_ge_solver *s, const double *dP, double *dc)
{
    const tsc_ge_data *d = s->d;
    size_t G = s->G, N = s->N, R = G;
    for (size_t i = 0; i < G; i++) {
        tsc__dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)N, (int)R, (int)N, 1.0, d->gamma_io + i * N * N,
                   (int)N, dP + i * N * R, (int)R, 0.0, dc + i * N * R, (int)R);
        for (size_t j = 0; j < N; j++) dc[(i * N + j) * R + i] += d->gamma_va[i * N + j];
    }
}

/* out[(n,j), r] = sum_i M_j[n][i] v[(i,j), r] for per-sector G x G matrices M (row-major, sector-major). */
static void sector_products(size_t G, size_t N, const double *M, CBLAS_TRANSPOSE trans, const double *v, double *out)
{
    size_t R = G;
    for (size_t j = 0; j < N; j++)
        tsc__dgemm(CblasRowMajor, trans, CblasNoTrans, (int)G, (int)R, (int)G, 1.0, M + j * G * G, (int)G, v + j * R,
                   (int)(N * R), 0.0, out + j * R, (int)(N * R));
}

/* M[(j*G + n)*G + i] = a[(n*G + i)*N + j] * (rowscale ? rowscale[n*N + j] : 1): a cell array by sector. */
static void by_sector(size_t G, size_t N, const double *a, const double *rowscale, double *M)
{
    for (size_t n = 0; n < G; n++)
        for (size_t i = 0; i < G; i++)
            for (size_t j = 0; j < N; j++) {
                double v = a[(n * G + i) * N + j];
                M[(j * G + n) * G + i] = rowscale ? v * rowscale[n * N + j] : v;
            }
}

/* The tangent work s->jw: TSC__GE_TANGENT_BLOCKS blocks of (G*N) x R. The expenditure tangent reuses the price
 * tangent's three blocks once the share terms have been formed from them. */
typedef struct tangent_work {
    double *dP, *dc, *g;   /* price tangent: d ln P̂, d ln ĉ, and the map's value */
    double *rhs, *dx, *gx; /* expenditure tangent, in the same blocks: right-hand side, dX / Xscale, map's value */
    double *T1, *T2;       /* share terms: sales and purchases */
    double *U;             /* scratch of the matrix products */
    double *M;             /* s->jM: per-sector G x G matrices */
    size_t blk;            /* entries of a block, G*N*R */
} tangent_work;

static tangent_work tangent_blocks(const tsc_ge_solver *s)
{
    size_t blk = s->G * s->N * s->G;
    double *b = s->jw;
    return (tangent_work){b,           b + blk,     b + 2 * blk, b,     b + blk, b + 2 * blk,
                          b + 3 * blk, b + 4 * blk, b + 5 * blk, s->jM, blk};
}

typedef struct tangent_ctx {
    const tsc_ge_solver *s;
    const tangent_work *w;
} tangent_ctx;

/* One sweep of the price tangent: g = Pi' (gamma_va e_r + Gamma' dP), with M = pi' by sector. */
static void price_tangent_sweep(void *ctx, const double *dP, double *g)
{
    const tangent_ctx *c = ctx;
    tangent_costs(c->s, dP, c->w->dc);
    sector_products(c->s->G, c->s->N, c->w->M, CblasNoTrans, c->w->dc, g);
}

/* Solves the price tangent for dP and leaves the matching dc. */
static int tangent_prices(tsc_ge_solver *s, const tangent_work *w, tsc_error *err)
{
    tangent_ctx c = {s, w};
    by_sector(s->G, s->N, s->pip, NULL, w->M);
    memset(w->dP, 0, w->blk * sizeof *w->dP);
    int fp = tsc__ge_fixed_point(&s->acc_tp, w->dP, w->g, TANGENT_TOL, s->o.inner_max_iter, 0, price_tangent_sweep, &c,
                                 &s->price_sweeps);
    if (fp == TSC__GE_FP_NONFINITE) return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "the price tangent is not finite");
    if (fp == TSC__GE_FP_NOCONV) return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "the price tangent did not converge");
    tangent_costs(s, w->dP, w->dc);
    return TSC_OK;
}

/* d pi'[n,i,k] = -theta_k pi'[n,i,k] (dc[i,k] - dP[n,k]); with F = s X the flows after:
 * T1[(n,k)] = sum_m d s[m,n,k] X[m,k] = -theta_k (dc[n,k] Y[n,k] - sum_m F[m,n,k] dP[m,k])   (sales)
 * T2[(n,k)] = sum_i d s[n,i,k]        = -theta_k (sum_i s[n,i,k] dc[i,k] - S[n,k] dP[n,k])   (purchases) */
static void share_terms(const tsc_ge_solver *s, const tangent_work *w)
{
    const tsc_ge_data *d = s->d;
    size_t G = s->G, N = s->N, R = G;
    double *M = w->M;
    for (size_t n = 0; n < G; n++)
        for (size_t i = 0; i < G; i++)
            for (size_t k = 0; k < N; k++)
                M[(k * G + n) * G + i] = s->s[(n * G + i) * N + k] * s->X[n * N + k]; /* F[n,i,k] */
    sector_products(G, N, M, CblasTrans, w->dP, w->T1);                               /* sum_m F[m,n,k] dP[(m,k)] */
    by_sector(G, N, s->s, NULL, M);
    sector_products(G, N, M, CblasNoTrans, w->dc, w->T2); /* sum_i s[n,i,k] dc[(i,k)] */
    for (size_t n = 0; n < G; n++)
        for (size_t k = 0; k < N; k++) {
            double th = d->theta[k], y = s->Y[n * N + k], S = s->S[n * N + k];
            double *t1 = w->T1 + (n * N + k) * R, *t2 = w->T2 + (n * N + k) * R;
            const double *c = w->dc + (n * N + k) * R, *p = w->dP + (n * N + k) * R;
            for (size_t r = 0; r < R; r++) {
                t1[r] = -th * (c[r] * y - t1[r]);
                t2[r] = -th * (t2[r] - S * p[r]);
            }
        }
}

/* The right-hand side of the expenditure tangent, into rhs (dP's block, no longer needed):
 * rhs[(n,j)] = sum_k gamma_io[n,j,k] T1[(n,k)] + alpha[n,j] (ŵ_n wL_n [n = r] - sum_k T2[(n,k)] X[n,k]) */
static void expenditure_rhs(const tsc_ge_solver *s, const tangent_work *w)
{
    const tsc_ge_data *d = s->d;
    size_t G = s->G, N = s->N, R = G;
    for (size_t n = 0; n < G; n++) {
        tsc__dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)N, (int)R, (int)N, 1.0, d->gamma_io + n * N * N,
                   (int)N, w->T1 + n * N * R, (int)R, 0.0, w->rhs + n * N * R, (int)R);
        double *inc = w->U; /* row of R */
        memset(inc, 0, R * sizeof *inc);
        inc[n] = exp(s->lnw[n]) * d->va[n];
        for (size_t k = 0; k < N; k++) {
            const double *t2 = w->T2 + (n * N + k) * R;
            double x = s->X[n * N + k];
            for (size_t r = 0; r < R; r++) inc[r] -= t2[r] * x;
        }
        for (size_t j = 0; j < N; j++) {
            double a = d->alpha[n * N + j];
            double *o = w->rhs + (n * N + j) * R;
            for (size_t r = 0; r < R; r++) o[r] += a * inc[r];
        }
    }
}

/* One sweep of the expenditure tangent dX = A dX + rhs, on dx = dX / Xscale[n]:
 * (A dX)[(n,j)] = sum_k gamma_io[n,j,k] sum_m s[m,n,k] dX[(m,k)] + alpha[n,j] sum_k (1 - S[n,k]) dX[(n,k)] */
static void expenditure_tangent_sweep(void *ctx, const double *dx, double *gx)
{
    const tangent_ctx *c = ctx;
    const tsc_ge_solver *s = c->s;
    const tsc_ge_data *d = s->d;
    const tangent_work *w = c->w;
    size_t G = s->G, N = s->N, R = G;
    sector_products(G, N, w->M, CblasTrans, dx, w->U); /* U[(n,k)] = sum_m s[m,n,k] dX[(m,k)] */
    for (size_t n = 0; n < G; n++) {
        tsc__dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)N, (int)R, (int)N, 1.0, d->gamma_io + n * N * N,
                   (int)N, w->U + n * N * R, (int)R, 0.0, gx + n * N * R, (int)R);
        double sc = s->Xscale[n], inv = 1 / sc;
        double *row = w->U + n * N * R; /* n's rows of U are consumed: the first holds sum_k (1 - S) dX[(n,k)] */
        memset(row, 0, R * sizeof *row);
        for (size_t k = 0; k < N; k++) {
            double f = (1 - s->S[n * N + k]) * sc;
            const double *v = dx + (n * N + k) * R;
            for (size_t r = 0; r < R; r++) row[r] += f * v[r];
        }
        for (size_t j = 0; j < N; j++) {
            double a = d->alpha[n * N + j];
            double *o = gx + (n * N + j) * R;
            const double *b = w->rhs + (n * N + j) * R;
            for (size_t r = 0; r < R; r++) o[r] = (o[r] + a * row[r] + b[r]) * inv;
        }
    }
}

/* Solves the expenditure tangent for dx, with M = s[m,n,k] Xscale[m] by sector. */
static int tangent_expenditure(tsc_ge_solver *s, const tangent_work *w, tsc_error *err)
{
    size_t G = s->G, N = s->N;
    tangent_ctx c = {s, w};
    for (size_t m = 0; m < G; m++)
        for (size_t n = 0; n < G; n++)
            for (size_t k = 0; k < N; k++) w->M[(k * G + m) * G + n] = s->s[(m * G + n) * N + k] * s->Xscale[m];
    memset(w->dx, 0, w->blk * sizeof *w->dx);
    int fp = tsc__ge_fixed_point(&s->acc_tx, w->dx, w->gx, TANGENT_TOL, s->o.inner_max_iter, 0,
                                 expenditure_tangent_sweep, &c, &s->expenditure_sweeps);
    if (fp == TSC__GE_FP_NONFINITE)
        return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "the expenditure tangent is not finite");
    if (fp == TSC__GE_FP_NOCONV)
        return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "the expenditure tangent did not converge");
    return TSC_OK;
}

/* dZ[n, r] = sum_j (X[n,j] T2[(n,j)] + S[n,j] dX[(n,j)] - T1[(n,j)] - sum_m s[m,n,j] dX[(m,j)]) into s->J. */
static void assemble(tsc_ge_solver *s, const tangent_work *w)
{
    size_t G = s->G, N = s->N, R = G;
    sector_products(G, N, w->M, CblasTrans, w->dx, w->U);
    for (size_t n = 0; n < G; n++) {
        double *Jr = s->J + n * G;
        memset(Jr, 0, G * sizeof *Jr);
        for (size_t j = 0; j < N; j++) {
            size_t q = (n * N + j) * R;
            double x = s->X[n * N + j], S = s->S[n * N + j] * s->Xscale[n];
            for (size_t r = 0; r < R; r++) Jr[r] += x * w->T2[q + r] + S * w->dx[q + r] - w->T1[q + r] - w->U[q + r];
        }
    }
}

int tsc__ge_jacobian(tsc_ge_solver *s, tsc_error *err)
{
    if (!s->tangent_ready) {
        size_t blk = s->G * s->N * s->G;
        if (tsc__anderson_init(&s->acc_tp, blk, s->o.anderson) || tsc__anderson_init(&s->acc_tx, blk, s->o.anderson)) {
            tsc__anderson_free(&s->acc_tp);
            tsc__anderson_free(&s->acc_tx);
            return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        }
        s->tangent_ready = 1;
    }
    tangent_work w = tangent_blocks(s);
    int rc = tangent_prices(s, &w, err);
    if (rc) return rc;
    share_terms(s, &w);
    expenditure_rhs(s, &w);
    if ((rc = tangent_expenditure(s, &w, err))) return rc;
    assemble(s, &w);
    s->jacobians++;
    s->have_J = 1;
    return TSC_OK;
}
