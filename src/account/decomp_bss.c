/* The diagonal blocks B^{ss} of the Leontief inverse without forming B: the blocks themselves from the LU factors
 * (WWZ), and transposed solves with them (the source-based Borin-Mancini foreign value added); docs/DECOMPOSITIONS.md,
 * "What each method needs of B". */
#include <cblas.h>
#include <math.h>
#include <string.h>

#include "alloc_int.h"
#include "decomp_int.h"
#include "error_int.h"
#include "leontief_int.h"
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

/* Block s of the inverse (ld = n) or of the diagonal blocks (ld = 0: N x N each, one after the other). */
static const double *block_ss(const tsc_decomp *d, const double *B, size_t ld, size_t s, size_t *ldb)
{
    size_t N = d->N;
    *ldb = ld ? ld : N;
    return ld ? B + s * N + s * N * ld : B + s * N * N;
}

/* Exact B^{ss} from the inverse or the diagonal blocks when a method has formed them, then one small solve per
 * country. */
static int solve_with_blocks(const tsc_decomp *d, const double *B, size_t ld, const double *w, double *z,
                             tsc_error *err)
{
    size_t N = d->N;
    double *M = tsc__alloc_doubles(N * N, 0);
    if (!M) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = TSC_OK;
    for (size_t s = 0; s < d->G && !rc; s++) {
        size_t lb;
        const double *Bs = block_ss(d, B, ld, s, &lb);
        /* (B^{ss})' z = w */
        for (size_t j = 0; j < N; j++)
            for (size_t i = 0; i < N; i++) M[i + j * N] = Bs[j + i * lb];
        memcpy(z + s * N, w + s * N, N * sizeof *z);
        if (tsc__small_solve(N, M, 1, z + s * N) != 0)
            rc = tsc__error(err, TSC_ESINGULAR, NULL, 0, 0, "the block B^{ss} of %s is singular",
                            tsc_table_region(d->t, s));
    }
    tsc__free(M);
    return rc;
}

/* Columns for countries s0 .. s0 + c - 1 at a time (c N of them), so that each triangular solve has enough
 * right-hand sides to run at matrix-matrix speed. */
#define BLOCK_COLUMNS 128

/* The identity's columns of countries s0 .. s0 + c - 1, rows from m0 = s0 N on, into X (m x c N, m = n - m0). */
static void unit_columns(size_t N, size_t m, size_t c, double *X)
{
    memset(X, 0, m * c * N * sizeof *X);
    for (size_t k = 0; k < c * N; k++) X[k + k * m] = 1.0;
}

/* v^s' B^{ss} against block s of W[., s] = (V^s B)': the blocks, computed by triangular solves, checked against the
 * transposed solve of tsc_decomp_new, one vector-matrix product per country. */
static int check_blocks(const tsc_decomp *d, const double *Bd, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n;
    double scale = 0, worst = 0;
    size_t at = 0;
    for (size_t j = 0; j < n; j++) scale = fmax(scale, fabs(d->W[j + (j / N) * n]));
    for (size_t s = 0; s < G; s++)
        for (size_t j = 0; j < N; j++) {
            const double *col = Bd + s * N * N + j * N;
            double acc = 0;
            for (size_t i = 0; i < N; i++) acc += d->v[s * N + i] * col[i];
            double gap = fabs(acc - d->W[s * N + j + s * n]);
            if (!(gap <= worst)) {
                worst = gap;
                at = s;
            }
        }
    if (worst <= TSC_LEONTIEF_RESID_TOL * scale) return TSC_OK;
    return tsc__error(err, TSC_ENUMERIC, tsc_table_source(d->t), 0, 0,
                      "the diagonal block B^{ss} of %s fails its check: v^s B^{ss} is %.3g from V^s B",
                      tsc_table_region(d->t, at), worst);
}

int tsc__decomp_need_blocks(tsc_decomp *d, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n, nN;
    if (d->Bdiag) return TSC_OK;
    if (tsc__mul_size(n, N, &nN)) return tsc__error(err, TSC_ETOOBIG, NULL, 0, 0, "table too large");
    double *Bd = tsc__alloc_doubles(nN, 0);
    if (!Bd) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory for the diagonal blocks of B");
    if (d->B) {
        for (size_t s = 0; s < G; s++)
            for (size_t j = 0; j < N; j++)
                memcpy(Bd + s * N * N + j * N, d->B + s * N + (s * N + j) * n, N * sizeof *Bd);
        d->Bdiag = Bd;
        return TSC_OK;
    }
    size_t c = BLOCK_COLUMNS / N ? BLOCK_COLUMNS / N : 1, cN;
    if (c > G) c = G;
    cN = c * N;
    double *X = tsc__alloc_doubles(n * cN, 0); /* c N <= max(BLOCK_COLUMNS, N): n x cN fits when n x N does */
    if (!X) {
        tsc__free(Bd);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory for the diagonal blocks of B");
    }
    int rc = TSC_OK, staircase = !d->lf->interchanges;
    for (size_t s0 = 0; s0 < G && !rc; s0 += c) {
        size_t cc = s0 + c <= G ? c : G - s0, m0 = s0 * N, m = staircase ? n - m0 : n;
        if (staircase) {
            /* Without row interchanges B = U^-1 L^-1, and the columns of s0 .. on, zero above row m0, stay zero
             * there through L^-1; rows m0 .. n of U^-1 need only those rows: two triangular solves on the trailing
             * m x m factors, 2 m^2 c N flops, 2/3 n^3 for all the blocks (the inverse takes 2 n^3). */
            unit_columns(N, m, cc, X);
            const double *T = d->lf->lu + m0 + m0 * n;
            cblas_dtrsm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasUnit, (int)m, (int)(cc * N), 1.0, T,
                        (int)n, X, (int)m);
            cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, (int)m, (int)(cc * N), 1.0, T,
                        (int)n, X, (int)m);
        } else {
            /* row interchanges: whole columns of B by checked solves */
            memset(X, 0, n * cc * N * sizeof *X);
            for (size_t k = 0; k < cc * N; k++) X[m0 + k + k * n] = 1.0;
            rc = tsc_leontief_solve(d->lf, 0, cc * N, X, n, NULL, err);
        }
        /* block s of its own columns: rows (s - s0) N on in the trailing rows, s N in whole columns */
        for (size_t q = 0; q < cc && !rc; q++) {
            size_t s = s0 + q, row0 = staircase ? q * N : s * N;
            for (size_t j = 0; j < N; j++) memcpy(Bd + s * N * N + j * N, X + row0 + (q * N + j) * m, N * sizeof *Bd);
        }
    }
    tsc__free(X);
    if (!rc) rc = check_blocks(d, Bd, err);
    if (rc) {
        tsc__free(Bd);
        return rc;
    }
    d->Bdiag = Bd;
    return TSC_OK;
}

/* GMRES state of every country at once. Country s's Krylov vectors are block s of the columns of V (n x (kmax + 1)),
 * so that one transposed solve with one right-hand side per country applies all their operators; H holds G upper
 * Hessenberg matrices of (kmax + 1) x kmax, cs/sn their Givens rotations, g the rotated right-hand sides. */
typedef struct gmres {
    size_t kmax;
    double *V, *H, *cs, *sn, *g, *R, *beta; /* beta: the norm of each country's right-hand side */
    size_t *act;                            /* the countries still iterating, in order; column c of R is act[c] */
    size_t *first;                          /* first[c] = act[c] N, the first row of column c */
} gmres;

/* u_s = (I - A^{ss})' (B^{ss})' v_s for the countries in act (na of them): block s of B' applied to v_s placed on
 * block s, one transposed solve with na right-hand sides that computes of column c only its rows from block act[c]
 * on (tsc__leontief_solve_t_from). */
static int apply_op(tsc_decomp *d, gmres *g, size_t na, const double *v, double *u, tsc_error *err)
{
    size_t N = d->N, n = d->n;
    memset(g->R, 0, na * n * sizeof *g->R);
    for (size_t c = 0; c < na; c++) {
        size_t s = g->act[c];
        memcpy(g->R + c * n + s * N, v + s * N, N * sizeof *g->R);
        g->first[c] = s * N;
    }
    int rc = tsc__leontief_solve_t_from(d->lf, na, g->R, n, g->first, 0, err);
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
    if (d->B) return solve_with_blocks(d, d->B, n, w, z, err);
    if (d->Bdiag) return solve_with_blocks(d, d->Bdiag, 0, w, z, err);
    if (tsc__mul_size(n, G, &nG) || tsc__mul_size(n, ld, &nV))
        return tsc__error(err, TSC_ETOOBIG, NULL, 0, 0, "table too large");
    gmres g = {.kmax = K};
    double *buf = tsc__alloc_doubles(nG + nV + G * ld * K + 3 * G * ld + G, 0);
    g.act = tsc__malloc(2 * G * sizeof *g.act);
    if (!buf || !g.act) {
        tsc__free(buf);
        tsc__free(g.act);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    g.first = g.act + G;
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
        if (!(rc = tsc__decomp_need_blocks(d, err))) rc = solve_with_blocks(d, d->Bdiag, 0, w, z, err);
    }
    tsc__free(buf);
    tsc__free(g.act);
    return rc;
}
