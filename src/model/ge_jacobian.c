/* The exact Jacobian of the excess function, dZ / d ln ŵ, by differentiating equations (1)-(5) of
 * include/tariffscope/ge.h: one tangent solve of the price system and one of the expenditure system, each with G
 * right-hand sides (one per region's wage), as matrix products. */
#include <cblas.h>
#include <math.h>
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "ge_int.h"

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
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)N, (int)R, (int)N, 1.0, d->gamma_io + i * N * N,
                    (int)N, dP + i * N * R, (int)R, 0.0, dc + i * N * R, (int)R);
        for (size_t j = 0; j < N; j++) dc[(i * N + j) * R + i] += d->gamma_va[i * N + j];
    }
}

/* out[(n,j), r] = sum_i M_j[n][i] v[(i,j), r] for per-sector G x G matrices M (row-major, sector-major). */
static void sector_products(size_t G, size_t N, const double *M, CBLAS_TRANSPOSE trans, const double *v, double *out)
{
    size_t R = G;
    for (size_t j = 0; j < N; j++)
        cblas_dgemm(CblasRowMajor, trans, CblasNoTrans, (int)G, (int)R, (int)G, 1.0, M + j * G * G, (int)G,
                    v + j * R, (int)(N * R), 0.0, out + j * R, (int)(N * R));
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

static double maxdiff(const double *a, const double *b, size_t n)
{
    double m = 0;
    for (size_t k = 0; k < n; k++) {
        double v = fabs(a[k] - b[k]);
        if (!(v <= m)) m = v;
    }
    return m;
}

int tsc__ge_jacobian(tsc_ge_solver *s, tsc_error *err)
{
    const tsc_ge_data *d = s->d;
    size_t G = s->G, N = s->N, R = G, gn = G * N, blk = gn * R;
    double *dP = s->jw, *dc = dP + blk, *g = dc + blk, *T1 = g + blk, *T2 = T1 + blk, *U = T2 + blk;
    double *M = s->jM;
    if (!s->tangent_ready) {
        if (tsc__anderson_init(&s->acc_tp, blk, s->o.anderson) || tsc__anderson_init(&s->acc_tx, blk, s->o.anderson)) {
            tsc__anderson_free(&s->acc_tp);
            tsc__anderson_free(&s->acc_tx);
            return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        }
        s->tangent_ready = 1;
    }

    /* price tangent: dP = Pi' (gamma_va e_r + Gamma' dP) */
    by_sector(G, N, s->pip, NULL, M);
    memset(dP, 0, blk * sizeof *dP);
    tsc__anderson_reset(&s->acc_tp);
    size_t it;
    for (it = 0; it < s->o.inner_max_iter; it++) {
        tangent_costs(s, dP, dc);
        sector_products(G, N, M, CblasNoTrans, dc, g);
        s->price_sweeps++;
        double dm = maxdiff(g, dP, blk);
        if (!isfinite(dm)) return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "the price tangent is not finite");
        if (dm <= TANGENT_TOL) { memcpy(dP, g, blk * sizeof *g); break; }
        tsc__anderson_step(&s->acc_tp, dP, g);
    }
    if (it == s->o.inner_max_iter)
        return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "the price tangent did not converge");
    tangent_costs(s, dP, dc);

    /* d pi'[n,i,k] = -theta_k pi'[n,i,k] (dc[i,k] - dP[n,k]); with F = s X the flows after:
     * T1[(n,k)] = sum_m d s[m,n,k] X[m,k] = -theta_k (dc[n,k] Y[n,k] - sum_m F[m,n,k] dP[m,k])   (sales)
     * T2[(n,k)] = sum_i d s[n,i,k]        = -theta_k (sum_i s[n,i,k] dc[i,k] - S[n,k] dP[n,k])   (purchases) */
    for (size_t n = 0; n < G; n++)
        for (size_t i = 0; i < G; i++)
            for (size_t k = 0; k < N; k++)
                M[(k * G + n) * G + i] = s->s[(n * G + i) * N + k] * s->X[n * N + k]; /* F[n,i,k] */
    sector_products(G, N, M, CblasTrans, dP, T1);          /* sum_m F[m,n,k] dP[(m,k)] */
    by_sector(G, N, s->s, NULL, M);
    sector_products(G, N, M, CblasNoTrans, dc, T2);        /* sum_i s[n,i,k] dc[(i,k)] */
    for (size_t n = 0; n < G; n++)
        for (size_t k = 0; k < N; k++) {
            double th = d->theta[k], y = s->Y[n * N + k], S = s->S[n * N + k];
            double *t1 = T1 + (n * N + k) * R, *t2 = T2 + (n * N + k) * R;
            const double *c = dc + (n * N + k) * R, *p = dP + (n * N + k) * R;
            for (size_t r = 0; r < R; r++) {
                t1[r] = -th * (c[r] * y - t1[r]);
                t2[r] = -th * (t2[r] - S * p[r]);
            }
        }

    /* right-hand side of the expenditure tangent, into dP (no longer needed):
     * rhs[(n,j)] = sum_k gamma_io[n,j,k] T1[(n,k)] + alpha[n,j] (ŵ_n wL_n [n = r] - sum_k T2[(n,k)] X[n,k]) */
    double *rhs = dP, *dx = dc, *gx = g;
    for (size_t n = 0; n < G; n++) {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)N, (int)R, (int)N, 1.0, d->gamma_io + n * N * N,
                    (int)N, T1 + n * N * R, (int)R, 0.0, rhs + n * N * R, (int)R);
        double *inc = U; /* row of R */
        memset(inc, 0, R * sizeof *inc);
        inc[n] = exp(s->lnw[n]) * d->va[n];
        for (size_t k = 0; k < N; k++) {
            const double *t2 = T2 + (n * N + k) * R;
            double x = s->X[n * N + k];
            for (size_t r = 0; r < R; r++) inc[r] -= t2[r] * x;
        }
        for (size_t j = 0; j < N; j++) {
            double a = d->alpha[n * N + j];
            double *o = rhs + (n * N + j) * R;
            for (size_t r = 0; r < R; r++) o[r] += a * inc[r];
        }
    }
    /* expenditure tangent dX = A dX + rhs, on dx = dX / Xscale[n]:
     * (A dX)[(n,j)] = sum_k gamma_io[n,j,k] sum_m s[m,n,k] dX[(m,k)] + alpha[n,j] sum_k (1 - S[n,k]) dX[(n,k)] */
    for (size_t m = 0; m < G; m++)
        for (size_t n = 0; n < G; n++)
            for (size_t k = 0; k < N; k++) M[(k * G + m) * G + n] = s->s[(m * G + n) * N + k] * s->Xscale[m];
    memset(dx, 0, blk * sizeof *dx);
    tsc__anderson_reset(&s->acc_tx);
    for (it = 0; it < s->o.inner_max_iter; it++) {
        sector_products(G, N, M, CblasTrans, dx, U); /* U[(n,k)] = sum_m s[m,n,k] dX[(m,k)] */
        for (size_t n = 0; n < G; n++) {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)N, (int)R, (int)N, 1.0,
                        d->gamma_io + n * N * N, (int)N, U + n * N * R, (int)R, 0.0, gx + n * N * R, (int)R);
            double sc = s->Xscale[n], inv = 1 / sc;
            double *row = U + n * N * R; /* n's rows of U are consumed: the first holds sum_k (1 - S) dX[(n,k)] */
            memset(row, 0, R * sizeof *row);
            for (size_t k = 0; k < N; k++) {
                double w = (1 - s->S[n * N + k]) * sc;
                const double *v = dx + (n * N + k) * R;
                for (size_t r = 0; r < R; r++) row[r] += w * v[r];
            }
            for (size_t j = 0; j < N; j++) {
                double a = d->alpha[n * N + j];
                double *o = gx + (n * N + j) * R;
                const double *b = rhs + (n * N + j) * R;
                for (size_t r = 0; r < R; r++) o[r] = (o[r] + a * row[r] + b[r]) * inv;
            }
        }
        s->expenditure_sweeps++;
        double dm = maxdiff(gx, dx, blk);
        if (!isfinite(dm)) return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "the expenditure tangent is not finite");
        if (dm <= TANGENT_TOL) { memcpy(dx, gx, blk * sizeof *gx); break; }
        tsc__anderson_step(&s->acc_tx, dx, gx);
    }
    if (it == s->o.inner_max_iter)
        return tsc__error(err, TSC_ENUMERIC, NULL, 0, 0, "the expenditure tangent did not converge");

    /* dZ[n, r] = sum_j (X[n,j] T2[(n,j)] + S[n,j] dX[(n,j)] - T1[(n,j)] - sum_m s[m,n,j] dX[(m,j)]) */
    sector_products(G, N, M, CblasTrans, dx, U);
    for (size_t n = 0; n < G; n++) {
        double *Jr = s->J + n * G;
        memset(Jr, 0, G * sizeof *Jr);
        for (size_t j = 0; j < N; j++) {
            size_t q = (n * N + j) * R;
            double x = s->X[n * N + j], S = s->S[n * N + j] * s->Xscale[n];
            for (size_t r = 0; r < R; r++) Jr[r] += x * T2[q + r] + S * dx[q + r] - T1[q + r] - U[q + r];
        }
    }
    s->jacobians++;
    s->have_J = 1;
    return TSC_OK;
}
