/* The shared objects of the value-added decompositions, computed once per table, and result storage. */
#include <cblas.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "alloc_int.h"
#include "decomp_int.h"
#include "error_int.h"
#include "gemm_int.h"
#include "parallel_int.h"
#include "smalllu_int.h"

void tsc_dresult_free(tsc_dresult *r)
{
    if (!r) return;
    tsc__free(r->exporter);
    tsc__free(r->sector);
    tsc__free(r->importer);
    tsc__free(r->v);
    memset(r, 0, sizeof *r);
}

int tsc__dresult_alloc(tsc_dresult *r, tsc_level level, size_t nrow, const char *const *terms, size_t nterm,
                       tsc_error *err)
{
    size_t cnt;
    memset(r, 0, sizeof *r);
    if (tsc__mul_size(nrow, nterm, &cnt)) return tsc__error(err, TSC_ETOOBIG, NULL, 0, 0, "result too large");
    r->level = level;
    r->nrow = nrow;
    r->nterm = nterm;
    r->terms = terms;
    r->exporter = tsc__malloc(nrow * sizeof *r->exporter);
    r->sector = tsc__malloc(nrow * sizeof *r->sector);
    r->importer = tsc__malloc(nrow * sizeof *r->importer);
    r->v = tsc__alloc_doubles(cnt, 1);
    if (!r->exporter || !r->sector || !r->importer || !r->v) {
        tsc_dresult_free(r);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory for a result of %zu rows", nrow);
    }
    for (size_t i = 0; i < nrow; i++) r->exporter[i] = r->sector[i] = r->importer[i] = TSC_NONE;
    return TSC_OK;
}

int tsc__dresult_aggregate(const tsc_dresult *in, tsc_level level, size_t G, size_t N, tsc_dresult *out, tsc_error *err)
{
    size_t nrow = level == TSC_LEVEL_SECTOR ? G * N : G;
    int rc = tsc__dresult_alloc(out, level, nrow, in->terms, in->nterm, err);
    if (rc) return rc;
    for (size_t k = 0; k < nrow; k++) {
        out->exporter[k] = level == TSC_LEVEL_SECTOR ? k / N : k;
        if (level == TSC_LEVEL_SECTOR) out->sector[k] = k % N;
    }
    for (size_t row = 0; row < in->nrow; row++) {
        size_t k = level == TSC_LEVEL_SECTOR ? in->exporter[row] * N + in->sector[row] : in->exporter[row];
        for (size_t t = 0; t < in->nterm; t++) out->v[k * in->nterm + t] += in->v[row * in->nterm + t];
    }
    return TSC_OK;
}

double tsc__rel_gap(double a, double b, double noise)
{
    double d = fabs(a - b);
    if (d <= noise) return 0; /* within the rounding noise of the largest values: terms near zero pass */
    return d / fabs(b);
}

void tsc__decomp_A_block(const tsc_decomp *d, size_t s, size_t r, const double *q, double *out)
{
    size_t N = d->N, n = d->n;
    for (size_t i = 0; i < N; i++) out[i] = 0;
    for (size_t j = 0; j < N; j++) {
        double qj = q[j] * d->xinv[r * N + j];
        if (qj == 0) continue;
        const double *z = d->Z + (r * N + j) * n + s * N;
        for (size_t i = 0; i < N; i++) out[i] += z[i] * qj;
    }
}

void tsc__decomp_A_block2(const tsc_decomp *d, size_t s, size_t r, const double *q1, const double *q2, double *out1,
                          double *out2)
{
    size_t N = d->N, n = d->n;
    for (size_t i = 0; i < N; i++) out1[i] = out2[i] = 0;
    for (size_t j = 0; j < N; j++) {
        double xj = d->xinv[r * N + j], q1j = q1[j] * xj, q2j = q2[j] * xj;
        const double *z = d->Z + (r * N + j) * n + s * N;
        for (size_t i = 0; i < N; i++) {
            out1[i] += z[i] * q1j;
            out2[i] += z[i] * q2j;
        }
    }
}

void tsc_decomp_free(tsc_decomp *d)
{
    if (!d) return;
    double *arrays[] = {d->B, d->Lloc, d->Bdiag, d->Yc, d->Ytot, d->Esr,  d->Eint, d->E,
                        d->W, d->Wsum, d->VsLss, d->BY, d->BYd,  d->BrrY, d->LYd,  d->LE};
    for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++) tsc__free(arrays[k]);
    tsc__free(d);
}

/* Local inverses (I - A^{ss})^-1 by LU of each diagonal block. */
static int local_inverses(tsc_decomp *d, tsc_error *err)
{
    size_t N = d->N, n = d->n;
    double *M = tsc__alloc_doubles(N * N, 0);
    if (!M) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = TSC_OK;
    for (size_t s = 0; s < d->G && !rc; s++) {
        double *L = d->Lloc + s * N * N;
        for (size_t j = 0; j < N; j++)
            for (size_t i = 0; i < N; i++) {
                M[i + j * N] = (i == j) - d->Z[(s * N + i) + (s * N + j) * n] * d->xinv[s * N + j];
                L[i + j * N] = (i == j);
            }
        if (tsc__small_solve(N, M, N, L) != 0)
            rc = tsc__error(err, TSC_ESINGULAR, tsc_table_source(d->t), 0, 0,
                            "the domestic block I - A^{ss} of %s is singular", tsc_table_region(d->t, s));
    }
    tsc__free(M);
    return rc;
}

/* Regions per thread below which the intermediate sales stay on one thread. */
#define EINT_REGIONS_PER_THREAD 8

typedef struct eint_job {
    tsc_decomp *d;
    size_t pieces;
} eint_job;

/* Column r of Eint (what each row sells to r's industries) for the regions r of piece p: Z's columns of r summed. */
static void intermediate_sales(void *arg, size_t p)
{
    eint_job *job = arg;
    tsc_decomp *d = job->d;
    size_t G = d->G, N = d->N, n = d->n;
    for (size_t r = G * p / job->pieces; r < G * (p + 1) / job->pieces; r++) {
        double *e = d->Eint + r * n;
        memset(e, 0, n * sizeof *e);
        for (size_t j = r * N; j < (r + 1) * N; j++) {
            if (!(d->x[j] > 0)) continue; /* in Yc already */
            const double *z = d->Z + j * n;
            for (size_t i = 0; i < n; i++) e[i] += z[i];
        }
    }
}

static void trade_flows(tsc_decomp *d)
{
    size_t G = d->G, N = d->N, n = d->n, pieces = tsc__thread_count();
    tsc__final_use(d->t, d->Yc); /* with the purchases of sectors without output */
    memset(d->Ytot, 0, n * sizeof *d->Ytot);
    for (size_t r = 0; r < G; r++)
        for (size_t i = 0; i < n; i++) d->Ytot[i] += d->Yc[i + r * n];
    if (pieces > G / EINT_REGIONS_PER_THREAD) pieces = G / EINT_REGIONS_PER_THREAD;
    eint_job job = {.d = d, .pieces = pieces > 1 && n >= 1000 ? pieces : 1};
    if (job.pieces > 1) tsc__parallel_run(job.pieces, intermediate_sales, &job);
    else intermediate_sales(&job, 0);
    for (size_t i = 0; i < n; i++) {
        size_t s = i / N;
        d->E[i] = 0;
        for (size_t r = 0; r < G; r++) {
            if (r == s) {
                d->Esr[i + r * n] = 0;
                d->Eint[i + r * n] = 0;
                continue;
            }
            d->Esr[i + r * n] = d->Eint[i + r * n] + d->Yc[i + r * n];
            d->E[i] += d->Esr[i + r * n];
        }
    }
}

/* out (n x G): column t holds src on the rows of block t and 0 elsewhere; src is one vector (ld = 0) or n x G. */
static void block_columns(const tsc_decomp *d, const double *src, size_t ld, double *out)
{
    size_t G = d->G, N = d->N, n = d->n;
    memset(out, 0, n * G * sizeof *out);
    for (size_t t = 0; t < G; t++) memcpy(out + t * n + t * N, src + t * ld + t * N, N * sizeof *out);
}

/* W = (B' V^t), value added of each country per unit of final output, by a transposed solve with the LU factors of
 * I - A (G right-hand sides, no inverse): all KWW, TiVA, value added by destination and the routes need of B. */
static int va_content(tsc_decomp *d, tsc_error *err)
{
    size_t *first = tsc__malloc(d->G * sizeof *first);
    if (!first) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t t = 0; t < d->G; t++) first[t] = t * d->N; /* column t is zero above block t */
    block_columns(d, d->v, 0, d->W);
    int rc = tsc__leontief_solve_t_from(d->lf, d->G, d->W, d->n, first, 1, err);
    tsc__free(first);
    return rc;
}

int tsc__decomp_need_by(tsc_decomp *d, tsc_error *err)
{
    size_t G = d->G, n = d->n;
    if (d->BY) return TSC_OK;
    double *BY = tsc__alloc_doubles(n * G, 0);
    if (!BY) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory for B Y (n = %zu)", n);
    memcpy(BY, d->Yc, n * G * sizeof *BY);
    int rc = tsc_leontief_solve(d->lf, 0, G, BY, n, NULL, err);
    if (rc) {
        tsc__free(BY);
        return rc;
    }
    d->BY = BY;
    return TSC_OK;
}

int tsc__decomp_need_final(tsc_decomp *d, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n;
    if (d->BYd) return TSC_OK;
    int rc = tsc__decomp_need_by(d, err);
    if (rc || (rc = tsc__decomp_need_blocks(d, err))) return rc;
    double *BrrY = tsc__alloc_doubles(n * G, 0);
    double *BYd = n * G <= SIZE_MAX / 2 ? tsc__alloc_doubles(2 * n * G, 0) : NULL;
    if (!BrrY || !BYd) {
        tsc__free(BrrY);
        tsc__free(BYd);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory (n = %zu)", n);
    }
    /* BYd and BYr by one solve with 2 G right-hand sides */
    block_columns(d, d->Yc, n, BYd);
    block_columns(d, d->Ytot, 0, BYd + n * G);
    if ((rc = tsc_leontief_solve(d->lf, 0, 2 * G, BYd, n, NULL, err))) {
        tsc__free(BrrY);
        tsc__free(BYd);
        return rc;
    }
    for (size_t s = 0; s < G; s++)
        tsc__dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)N, (int)G, (int)N, 1.0, d->Bdiag + s * N * N, (int)N,
                   d->Yc + s * N, (int)n, 0.0, BrrY + s * N, (int)n);
    d->BrrY = BrrY;
    d->BYd = BYd;
    d->BYr = BYd + n * G;
    return TSC_OK;
}

int tsc__decomp_need_inverse(tsc_decomp *d, tsc_error *err)
{
    size_t n = d->n;
    if (d->B) return TSC_OK;
    double *B = tsc__alloc_doubles(n * n, 0);
    if (!B)
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory for the Leontief inverse (n = %zu: %zu MB)", n,
                          n * n / 131072);
    int rc = tsc_leontief_inverse(d->lf, B, err);
    if (rc) {
        tsc__free(B);
        return rc;
    }
    d->B = B;
    /* the diagonal blocks then come from B (unless another method took them already) */
    return tsc__decomp_need_final(d, err);
}

int tsc_decomp_new(const tsc_table *t, tsc_leontief *lf, tsc_decomp **out, tsc_error *err)
{
    size_t G = tsc_table_nregions(t), N = tsc_table_nsectors(t), n = G * N, nn, nG;
    *out = NULL;
    if (tsc_leontief_n(lf) != n) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "engine built on another table");
    if (tsc__mul_size(n, n, &nn) || tsc__mul_size(n, G, &nG))
        return tsc__error(err, TSC_ETOOBIG, NULL, 0, 0, "table too large");
    tsc_decomp *d = tsc__calloc(1, sizeof *d);
    if (!d) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    d->t = t;
    d->lf = lf;
    d->G = G;
    d->N = N;
    d->n = n;
    d->Z = tsc_table_Z(t);
    d->x = tsc_table_x(t);
    d->v = lf->v;
    d->xinv = lf->xinv;
    d->Lloc = tsc__alloc_doubles(G * N * N, 0);
    double **nG_arrays[] = {&d->Yc, &d->Esr, &d->Eint, &d->W};
    double **n_arrays[] = {&d->Ytot, &d->E, &d->Wsum, &d->VsLss, &d->LYd, &d->LE};
    int ok = d->Lloc != NULL;
    for (size_t k = 0; k < sizeof nG_arrays / sizeof *nG_arrays; k++)
        ok &= (*nG_arrays[k] = tsc__alloc_doubles(nG, 0)) != NULL;
    for (size_t k = 0; k < sizeof n_arrays / sizeof *n_arrays; k++)
        ok &= (*n_arrays[k] = tsc__alloc_doubles(n, 0)) != NULL;
    int rc;
    if (!ok) {
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory for the decomposition (n = %zu)", n);
        goto fail;
    }
    if ((rc = local_inverses(d, err))) goto fail;
    trade_flows(d);

    if ((rc = va_content(d, err))) goto fail;
    for (size_t j = 0; j < n; j++) {
        double s = 0;
        for (size_t t2 = 0; t2 < G; t2++) s += d->W[j + t2 * n];
        d->Wsum[j] = s;
    }
    for (size_t s = 0; s < G; s++) {
        const double *L = d->Lloc + s * N * N;
        cblas_dgemv(CblasColMajor, CblasTrans, (int)N, (int)N, 1.0, L, (int)N, d->v + s * N, 1, 0.0, d->VsLss + s * N,
                    1);
        cblas_dgemv(CblasColMajor, CblasNoTrans, (int)N, (int)N, 1.0, L, (int)N, d->Yc + s * N + s * n, 1, 0.0,
                    d->LYd + s * N, 1);
        cblas_dgemv(CblasColMajor, CblasNoTrans, (int)N, (int)N, 1.0, L, (int)N, d->E + s * N, 1, 0.0, d->LE + s * N,
                    1);
    }
    *out = d;
    return TSC_OK;
fail:
    tsc_decomp_free(d);
    return rc;
}
