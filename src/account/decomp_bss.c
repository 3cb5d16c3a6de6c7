/* The diagonal blocks B^{ss} of the Leontief inverse, applied without forming B: transposed solves with them for the
 * source-based Borin-Mancini foreign value added (docs/DECOMPOSITIONS.md, "What each method needs of B"). */
#include <math.h>
#include <string.h>

#include "alloc_int.h"
#include "decomp_int.h"
#include "error_int.h"
#include "smalllu_int.h"

/* z_s = (I - A^{ss})' r_s on block s of every country: the local inverse L^{ss} = (I - A^{ss})^-1 stands in for
 * B^{ss}, which it equals up to the output that s's imports call back from s itself. */
static void local_precondition(const tsc_decomp *d, const double *r, double *z)
{
    size_t G = d->G, N = d->N, n = d->n;
    for (size_t s = 0; s < G; s++)
        for (size_t j = s * N; j < (s + 1) * N; j++) {
            const double *zc = d->Z + j * n;
            double acc = 0;
            for (size_t i = s * N; i < (s + 1) * N; i++) acc += zc[i] * r[i];
            z[j] = r[j] - acc * d->xinv[j];
        }
}

/* Exact B^{ss} from the inverse when a method has formed it, then one small solve per country. */
static int solve_with_blocks(const tsc_decomp *d, const double *Bfull, const double *w, double *z, tsc_error *err)
{
    size_t N = d->N, n = d->n;
    double *M = tsc__alloc_doubles(N * N, 0);
    if (!M) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = TSC_OK;
    for (size_t s = 0; s < d->G && !rc; s++) {
        /* (B^{ss})' z = w */
        for (size_t j = 0; j < N; j++)
            for (size_t i = 0; i < N; i++) M[i + j * N] = Bfull[(s * N + j) + (s * N + i) * n];
        memcpy(z + s * N, w + s * N, N * sizeof *z);
        if (tsc__small_solve(N, M, 1, z + s * N) != 0)
            rc = tsc__error(err, TSC_ESINGULAR, NULL, 0, 0, "the block B^{ss} of %s is singular",
                            tsc_table_region(d->t, s));
    }
    tsc__free(M);
    return rc;
}

/* Without B: B^{ss} by block solves, N right-hand sides per country (n x N scratch, the inverse never whole). The
 * fallback when the refinement does not converge; it costs n right-hand sides in all, as much as the inverse. */
static int solve_by_block_columns(tsc_decomp *d, const double *w, double *z, tsc_error *err)
{
    size_t N = d->N, n = d->n, nN;
    if (tsc__mul_size(n, N, &nN)) return tsc__error(err, TSC_ETOOBIG, NULL, 0, 0, "table too large");
    double *X = tsc__alloc_doubles(nN + N * N, 0);
    if (!X) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    double *M = X + nN;
    int rc = TSC_OK;
    for (size_t s = 0; s < d->G && !rc; s++) {
        memset(X, 0, nN * sizeof *X);
        for (size_t k = 0; k < N; k++) X[s * N + k + k * n] = 1.0;
        if ((rc = tsc_leontief_solve(d->lf, 0, N, X, n, NULL, err))) break; /* B^{.s} */
        for (size_t j = 0; j < N; j++)
            for (size_t i = 0; i < N; i++) M[i + j * N] = X[(s * N + j) + i * n]; /* (B^{ss})' */
        memcpy(z + s * N, w + s * N, N * sizeof *z);
        if (tsc__small_solve(N, M, 1, z + s * N) != 0)
            rc = tsc__error(err, TSC_ESINGULAR, NULL, 0, 0, "the block B^{ss} of %s is singular",
                            tsc_table_region(d->t, s));
    }
    tsc__free(X);
    return rc;
}

/* GMRES state of every country at once. Country s's Krylov vectors are block s of the columns of V (n x (kmax + 1)),
 * so that one transposed solve with one right-hand side per country applies all their operators; H holds G upper
 * Hessenberg matrices of (kmax + 1) x kmax, cs/sn their Givens rotations, g the rotated right-hand sides. */
typedef struct gmres {
    size_t kmax;
    double *V, *H, *cs, *sn, *g, *R, *beta; /* beta: the norm of each country's right-hand side */
    size_t *act;                            /* the countries still iterating; column c of R is act[c] */
} gmres;

/* u_s = (I - A^{ss})' (B^{ss})' v_s for the countries in act (na of them): block s of B' applied to v_s placed on
 * block s, one transposed solve with na right-hand sides. */
static int apply_op(tsc_decomp *d, gmres *g, size_t na, const double *v, double *u, tsc_error *err)
{
    size_t N = d->N, n = d->n;
    memset(g->R, 0, na * n * sizeof *g->R);
    for (size_t c = 0; c < na; c++) {
        size_t s = g->act[c];
        memcpy(g->R + c * n + s * N, v + s * N, N * sizeof *g->R);
    }
    int rc = tsc_leontief_solve(d->lf, 1, na, g->R, n, NULL, err);
    if (rc) return rc;
    double *bs = g->R; /* block s of column c, gathered in place: c * N + k < c * n + s * N + k */
    for (size_t c = 0; c < na; c++) memmove(bs + c * N, g->R + c * n + g->act[c] * N, N * sizeof *bs);
    for (size_t c = 0; c < na; c++) {
        size_t s = g->act[c];
        const double *r = bs + c * N;
        for (size_t j = 0; j < N; j++) {
            const double *zc = d->Z + (s * N + j) * n + s * N;
            double acc = 0;
            for (size_t i = 0; i < N; i++) acc += zc[i] * r[i];
            u[s * N + j] = r[j] - acc * d->xinv[s * N + j];
        }
    }
    return TSC_OK;
}

static double block_dot(const double *a, const double *b, size_t N)
{
    double acc = 0;
    for (size_t i = 0; i < N; i++) acc += a[i] * b[i];
    return acc;
}

/* z_s = V_s y_s from the first k columns, y_s solving the rotated k x k triangle of country s. */
static void gmres_update(const tsc_decomp *d, const gmres *g, size_t s, size_t k, double *z)
{
    size_t N = d->N, n = d->n, K = g->kmax, ld = K + 1;
    const double *H = g->H + s * ld * K;
    double y[TSC_BSS_MAX_SWEEPS];
    for (size_t i = k; i-- > 0;) {
        double acc = g->g[s * ld + i];
        for (size_t j = i + 1; j < k; j++) acc -= H[i + j * ld] * y[j];
        y[i] = acc / H[i + i * ld];
    }
    for (size_t i = 0; i < N; i++) {
        double acc = 0;
        for (size_t j = 0; j < k; j++) acc += g->V[j * n + s * N + i] * y[j];
        z[s * N + i] = acc;
    }
}

int tsc__bss_solve_t(tsc_decomp *d, const double *w, double *z, size_t max_sweeps, size_t *sweeps, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n,
           K = max_sweeps && max_sweeps < TSC_BSS_MAX_SWEEPS ? max_sweeps : TSC_BSS_MAX_SWEEPS, ld = K + 1, nG, nV;
    if (sweeps) *sweeps = 0;
    if (d->B) return solve_with_blocks(d, d->B, w, z, err);
    if (tsc__mul_size(n, G, &nG) || tsc__mul_size(n, ld, &nV))
        return tsc__error(err, TSC_ETOOBIG, NULL, 0, 0, "table too large");
    gmres g = {.kmax = K};
    double *buf = tsc__alloc_doubles(nG + nV + G * ld * K + 3 * G * ld + G, 0);
    g.act = tsc__malloc(G * sizeof *g.act);
    if (!buf || !g.act) {
        tsc__free(buf);
        tsc__free(g.act);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    g.R = buf;
    g.V = g.R + nG;
    g.H = g.V + nV;
    g.cs = g.H + G * ld * K;
    g.sn = g.cs + G * ld;
    g.g = g.sn + G * ld;
    g.beta = g.g + G * ld;
    /* GMRES on (I - A^{ss})' (B^{ss})' z = (I - A^{ss})' w for every s: the local inverse L^{ss} = (I - A^{ss})^-1
     * stands in for B^{ss}, which it equals up to what s's imports call back from s itself, so the operator is
     * I + K_s', K_s = B^{s,-s} A^{-s,s}, whose spectral radius is of the order of s's import share times its
     * partners' import shares from s: a few sweeps of one transposed solve with one right-hand side per country
     * still iterating. */
    local_precondition(d, w, g.V);
    size_t na = 0;
    for (size_t s = 0; s < G; s++) {
        double beta = sqrt(block_dot(g.V + s * N, g.V + s * N, N));
        g.g[s * ld] = g.beta[s] = beta;
        if (beta > 0) {
            for (size_t i = 0; i < N; i++) g.V[s * N + i] /= beta;
            g.act[na++] = s;
        } else memset(z + s * N, 0, N * sizeof *z);
    }
    int rc = TSC_OK;
    size_t k;
    for (k = 0; k < K && na > 0 && !rc; k++) {
        double *v = g.V + k * n, *u = g.V + (k + 1) * n;
        if ((rc = apply_op(d, &g, na, v, u, err))) break;
        size_t keep = 0;
        for (size_t c = 0; c < na; c++) {
            size_t s = g.act[c];
            double *H = g.H + s * ld * K + k * ld, *us = u + s * N;
            for (size_t j = 0; j <= k; j++) { /* modified Gram-Schmidt */
                H[j] = block_dot(us, g.V + j * n + s * N, N);
                for (size_t i = 0; i < N; i++) us[i] -= H[j] * g.V[j * n + s * N + i];
            }
            double h = sqrt(block_dot(us, us, N));
            H[k + 1] = h;
            if (h > 0)
                for (size_t i = 0; i < N; i++) us[i] /= h;
            double *cs = g.cs + s * ld, *sn = g.sn + s * ld, *gs = g.g + s * ld;
            for (size_t j = 0; j < k; j++) {
                double t = cs[j] * H[j] + sn[j] * H[j + 1];
                H[j + 1] = -sn[j] * H[j] + cs[j] * H[j + 1];
                H[j] = t;
            }
            double rr = hypot(H[k], H[k + 1]);
            cs[k] = rr > 0 ? H[k] / rr : 1.0;
            sn[k] = rr > 0 ? H[k + 1] / rr : 0.0;
            H[k] = rr;
            H[k + 1] = 0;
            gs[k + 1] = -sn[k] * gs[k];
            gs[k] = cs[k] * gs[k];
            /* |g_{k+1}| is the residual's norm; h = 0: the solution is in the space already */
            if (fabs(gs[k + 1]) <= TSC_BSS_TOL * g.beta[s] || h == 0) gmres_update(d, &g, s, k + 1, z);
            else g.act[keep++] = s;
        }
        na = keep;
    }
    if (sweeps) *sweeps = k;
    /* countries that did not converge: exact blocks by block columns */
    if (!rc && na > 0) {
        if (sweeps) *sweeps = TSC_NONE;
        rc = solve_by_block_columns(d, w, z, err);
    }
    tsc__free(buf);
    tsc__free(g.act);
    return rc;
}
