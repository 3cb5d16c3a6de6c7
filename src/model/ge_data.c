/* The general-equilibrium model's data: flows, tariffs, shares, elasticities, deficits, and what derives from them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "ge_int.h"
#include "table_int.h"

static void free_labels(char **v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++) tsc__free(v[i]);
    tsc__free(v);
}

void tsc_ge_data_free(tsc_ge_data *d)
{
    if (!d) return;
    free_labels(d->regions, d->G);
    free_labels(d->sectors, d->N);
    tsc__free(d->goods);
    tsc__free(d->flows);
    tsc__free(d->tariff);
    tsc__free(d->gamma_va);
    tsc__free(d->gamma_io);
    tsc__free(d->alpha);
    tsc__free(d->theta);
    tsc__free(d->deficit);
    tsc__free(d->X);
    tsc__free(d->pi);
    tsc__free(d->output);
    tsc__free(d->va);
    tsc__free(d->revenue);
    tsc__free(d->income);
    tsc__free(d);
}

static char **copy_labels(const char *const *src, size_t n, const char *prefix)
{
    char **v = tsc__calloc(n, sizeof *v);
    if (!v) return NULL;
    for (size_t i = 0; i < n; i++) {
        char buf[32];
        const char *s = src ? src[i] : NULL;
        if (!s) {
            snprintf(buf, sizeof buf, "%s%zu", prefix, i + 1);
            s = buf;
        }
        if (!(v[i] = tsc__strdup(s))) {
            free_labels(v, n);
            return NULL;
        }
    }
    return v;
}

tsc_ge_data *tsc__ge_data_alloc(size_t G, size_t N, const char *const *regions, const char *const *sectors,
                                const unsigned char *goods, tsc_error *err)
{
    size_t gn, ggn, gnn;
    if (G == 0 || N == 0 || tsc__mul_size(G, N, &gn) || tsc__mul_size(gn, G, &ggn) || tsc__mul_size(gn, N, &gnn) ||
        ggn > ((size_t)1 << 31)) {
        tsc__error(err, TSC_ETOOBIG, NULL, 0, 0, "model of %zu regions x %zu sectors is empty or too large", G, N);
        return NULL;
    }
    tsc_ge_data *d = tsc__calloc(1, sizeof *d);
    if (!d) goto nomem;
    d->G = G;
    d->N = N;
    d->regions = copy_labels(regions, G, "R");
    d->sectors = copy_labels(sectors, N, "S");
    d->goods = tsc__malloc(N);
    d->flows = tsc__alloc_doubles(ggn, 1);
    d->tariff = tsc__alloc_doubles(ggn, 1);
    d->pi = tsc__alloc_doubles(ggn, 1);
    d->gamma_io = tsc__alloc_doubles(gnn, 1);
    d->gamma_va = tsc__alloc_doubles(gn, 1);
    d->alpha = tsc__alloc_doubles(gn, 1);
    d->X = tsc__alloc_doubles(gn, 1);
    d->output = tsc__alloc_doubles(gn, 1);
    d->theta = tsc__alloc_doubles(N, 1);
    d->deficit = tsc__alloc_doubles(G, 1);
    d->va = tsc__alloc_doubles(G, 1);
    d->revenue = tsc__alloc_doubles(G, 1);
    d->income = tsc__alloc_doubles(G, 1);
    if (!d->regions || !d->sectors || !d->goods || !d->flows || !d->tariff || !d->pi || !d->gamma_io || !d->gamma_va ||
        !d->alpha || !d->X || !d->output || !d->theta || !d->deficit || !d->va || !d->revenue || !d->income) {
        tsc_ge_data_free(d);
        goto nomem;
    }
    for (size_t j = 0; j < N; j++) d->goods[j] = goods ? (goods[j] != 0) : 1;
    return d;
nomem:
    tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    return NULL;
}

void tsc__ge_data_derive(tsc_ge_data *d)
{
    size_t G = d->G, N = d->N;
    memset(d->X, 0, G * N * sizeof *d->X);
    memset(d->output, 0, G * N * sizeof *d->output);
    for (size_t n = 0; n < G; n++) {
        double rev = 0;
        for (size_t j = 0; j < N; j++) d->tariff[(n * G + n) * N + j] = 0;
        for (size_t i = 0; i < G; i++)
            for (size_t j = 0; j < N; j++) {
                size_t c = (n * G + i) * N + j;
                double f = d->flows[c];
                d->X[n * N + j] += f * (1 + d->tariff[c]);
                d->output[i * N + j] += f;
                rev += f * d->tariff[c];
            }
        d->revenue[n] = rev;
    }
    for (size_t n = 0; n < G; n++)
        for (size_t i = 0; i < G; i++)
            for (size_t j = 0; j < N; j++) {
                size_t c = (n * G + i) * N + j;
                double x = d->X[n * N + j];
                /* a region that buys nothing of a sector would buy it at home */
                d->pi[c] = x > 0 ? d->flows[c] * (1 + d->tariff[c]) / x : (double)(n == i);
            }
    for (size_t n = 0; n < G; n++) {
        double va = 0;
        for (size_t j = 0; j < N; j++) va += d->gamma_va[n * N + j] * d->output[n * N + j];
        d->va[n] = va;
        d->income[n] = va + d->revenue[n] + d->deficit[n];
    }
}

void tsc__ge_data_observed_deficits(tsc_ge_data *d)
{
    size_t G = d->G, N = d->N;
    memset(d->deficit, 0, G * sizeof *d->deficit);
    for (size_t n = 0; n < G; n++)
        for (size_t i = 0; i < G; i++) {
            if (i == n) continue;
            double f = 0;
            for (size_t j = 0; j < N; j++) f += d->flows[(n * G + i) * N + j];
            d->deficit[n] += f; /* n imports from i */
            d->deficit[i] -= f; /* i exports to n */
        }
}

int tsc__ge_data_derive_alpha(tsc_ge_data *d, tsc_error *err)
{
    size_t G = d->G, N = d->N;
    for (size_t n = 0; n < G; n++) {
        double sum = 0;
        for (size_t j = 0; j < N; j++) {
            double inter = 0;
            for (size_t k = 0; k < N; k++) inter += d->gamma_io[(n * N + j) * N + k] * d->output[n * N + k];
            double a = d->X[n * N + j] - inter;
            d->alpha[n * N + j] = a > 0 ? a : 0;
            sum += d->alpha[n * N + j];
        }
        if (!(sum > 0))
            return tsc__error(err, TSC_EINVAL, NULL, 0, 0,
                              "region %s has no final demand: its expenditure is all intermediate", d->regions[n]);
        for (size_t j = 0; j < N; j++) d->alpha[n * N + j] /= sum;
    }
    return TSC_OK;
}

static int bad(tsc_error *err, const char *what, const tsc_ge_data *d, size_t n, size_t i, size_t j, double v)
{
    char where[300];
    if (i != (size_t)-1)
        snprintf(where, sizeof where, "importer %s, exporter %s, sector %s", d->regions[n], d->regions[i],
                 d->sectors[j]);
    else if (n != (size_t)-1 && j != (size_t)-1)
        snprintf(where, sizeof where, "region %s, sector %s", d->regions[n], d->sectors[j]);
    else if (j != (size_t)-1) snprintf(where, sizeof where, "sector %s", d->sectors[j]);
    else snprintf(where, sizeof where, "region %s", d->regions[n]);
    return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "%s of %s is %g", what, where, v);
}

int tsc__ge_data_check(const tsc_ge_data *d, tsc_error *err)
{
    size_t G = d->G, N = d->N, none = (size_t)-1;
    for (size_t n = 0; n < G; n++)
        for (size_t i = 0; i < G; i++)
            for (size_t j = 0; j < N; j++) {
                size_t c = (n * G + i) * N + j;
                if (!(d->flows[c] >= 0 && isfinite(d->flows[c]))) return bad(err, "the flow", d, n, i, j, d->flows[c]);
                if (!(d->tariff[c] > -1 && isfinite(d->tariff[c])))
                    return bad(err, "the tariff", d, n, i, j, d->tariff[c]);
            }
    for (size_t n = 0; n < G; n++) {
        if (!isfinite(d->deficit[n])) return bad(err, "the deficit", d, n, none, none, d->deficit[n]);
        for (size_t j = 0; j < N; j++) {
            double g = d->gamma_va[n * N + j], a = d->alpha[n * N + j], sum = g;
            if (!(g >= 0 && g <= 1)) return bad(err, "the value-added share", d, n, none, j, g);
            if (!(a >= 0 && a <= 1)) return bad(err, "the final-demand share", d, n, none, j, a);
            for (size_t k = 0; k < N; k++) {
                double s = d->gamma_io[(n * N + k) * N + j];
                /* the authors' data hold one small negative coefficient (CAN, Other in Basic metals: -0.00085) */
                if (!(s >= -0.01 && s <= 1)) return bad(err, "an input share", d, n, none, j, s);
                sum += s;
            }
            /* the authors' shares miss 1 by up to 1.6e-6; more than 1e-3 is a mistake in the data */
            if (!(sum <= 1 + 1e-3)) return bad(err, "the sum of value-added and input shares", d, n, none, j, sum);
        }
    }
    for (size_t j = 0; j < N; j++)
        if (!(d->theta[j] > 0 && isfinite(d->theta[j])))
            return bad(err, "the trade elasticity", d, none, none, j, d->theta[j]);
    return TSC_OK;
}

int tsc_ge_data_from_arrays(size_t G, size_t N, const char *const *regions, const char *const *sectors,
                            const unsigned char *goods, const double *flows, const double *tariff,
                            const double *gamma_va, const double *gamma_io, const double *alpha, const double *theta,
                            const double *deficit, tsc_ge_data **out, tsc_error *err)
{
    *out = NULL;
    if (!flows || !gamma_va || !gamma_io || !theta)
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "flows, value-added and input shares and theta are required");
    tsc_ge_data *d = tsc__ge_data_alloc(G, N, regions, sectors, goods, err);
    if (!d) return err ? err->code : TSC_ENOMEM;
    size_t ggn = G * G * N;
    memcpy(d->flows, flows, ggn * sizeof *flows);
    if (tariff) memcpy(d->tariff, tariff, ggn * sizeof *tariff);
    memcpy(d->gamma_va, gamma_va, G * N * sizeof *gamma_va);
    memcpy(d->gamma_io, gamma_io, G * N * N * sizeof *gamma_io);
    memcpy(d->theta, theta, N * sizeof *theta);
    if (deficit) memcpy(d->deficit, deficit, G * sizeof *deficit);
    else tsc__ge_data_observed_deficits(d);
    tsc__ge_data_derive(d);
    int rc = TSC_OK;
    if (alpha) memcpy(d->alpha, alpha, G * N * sizeof *alpha);
    else rc = tsc__ge_data_derive_alpha(d, err);
    if (!rc) rc = tsc__ge_data_check(d, err);
    if (rc) {
        tsc_ge_data_free(d);
        return rc;
    }
    *out = d;
    return TSC_OK;
}

int tsc_ge_data_copy(const tsc_ge_data *s, tsc_ge_data **out, tsc_error *err)
{
    *out = NULL;
    tsc_ge_data *d =
        tsc__ge_data_alloc(s->G, s->N, (const char *const *)s->regions, (const char *const *)s->sectors, s->goods, err);
    if (!d) return err ? err->code : TSC_ENOMEM;
    size_t G = s->G, N = s->N, ggn = G * G * N, gn = G * N;
    memcpy(d->flows, s->flows, ggn * sizeof(double));
    memcpy(d->tariff, s->tariff, ggn * sizeof(double));
    memcpy(d->pi, s->pi, ggn * sizeof(double));
    memcpy(d->gamma_io, s->gamma_io, gn * N * sizeof(double));
    memcpy(d->gamma_va, s->gamma_va, gn * sizeof(double));
    memcpy(d->alpha, s->alpha, gn * sizeof(double));
    memcpy(d->X, s->X, gn * sizeof(double));
    memcpy(d->output, s->output, gn * sizeof(double));
    memcpy(d->theta, s->theta, N * sizeof(double));
    memcpy(d->deficit, s->deficit, G * sizeof(double));
    memcpy(d->va, s->va, G * sizeof(double));
    memcpy(d->revenue, s->revenue, G * sizeof(double));
    memcpy(d->income, s->income, G * sizeof(double));
    *out = d;
    return TSC_OK;
}

int tsc_ge_data_set_tariffs(tsc_ge_data *d, const double *tariff, tsc_error *err)
{
    size_t ggn = d->G * d->G * d->N;
    for (size_t c = 0; tariff && c < ggn; c++)
        if (!(tariff[c] > -1 && isfinite(tariff[c])))
            return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "tariff %g at cell %zu is not above -100%%", tariff[c], c);
    if (tariff) memcpy(d->tariff, tariff, ggn * sizeof *tariff);
    else memset(d->tariff, 0, ggn * sizeof *d->tariff);
    tsc__ge_data_derive(d);
    return TSC_OK;
}

void tsc_ge_data_set_deficits(tsc_ge_data *d, const double *deficit)
{
    if (deficit) memcpy(d->deficit, deficit, d->G * sizeof *deficit);
    else memset(d->deficit, 0, d->G * sizeof *d->deficit);
    for (size_t n = 0; n < d->G; n++) d->income[n] = d->va[n] + d->revenue[n] + d->deficit[n];
}

int tsc_ge_data_set_theta(tsc_ge_data *d, const double *theta, tsc_error *err)
{
    for (size_t j = 0; j < d->N; j++)
        if (!(theta[j] > 0 && isfinite(theta[j])))
            return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "trade elasticity of sector %s is %g; it must be positive",
                              d->sectors[j], theta[j]);
    memcpy(d->theta, theta, d->N * sizeof *theta);
    return TSC_OK;
}

size_t tsc_ge_data_nregions(const tsc_ge_data *d)
{
    return d->G;
}
size_t tsc_ge_data_nsectors(const tsc_ge_data *d)
{
    return d->N;
}
const char *tsc_ge_data_region(const tsc_ge_data *d, size_t n)
{
    return n < d->G ? d->regions[n] : NULL;
}
const char *tsc_ge_data_sector(const tsc_ge_data *d, size_t j)
{
    return j < d->N ? d->sectors[j] : NULL;
}
int tsc_ge_data_is_goods(const tsc_ge_data *d, size_t j)
{
    return j < d->N && d->goods[j];
}

int tsc_ge_labels(const tsc_ge_data *d, const tsc_table *t, tsc_labels *out, tsc_error *err)
{
    memset(out, 0, sizeof *out);
    if (d) {
        *out = (tsc_labels){d->G, d->N, (const char *const *)d->regions, (const char *const *)d->sectors, d->goods};
    } else if (t) {
        *out = (tsc_labels){t->G, t->N, (const char *const *)t->regions, (const char *const *)t->sectors, t->goods};
    } else {
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "no model data and no table to take the labels from");
    }
    return TSC_OK;
}
const double *tsc_ge_data_flows(const tsc_ge_data *d)
{
    return d->flows;
}
const double *tsc_ge_data_tariffs(const tsc_ge_data *d)
{
    return d->tariff;
}
const double *tsc_ge_data_shares(const tsc_ge_data *d)
{
    return d->pi;
}
const double *tsc_ge_data_expenditure(const tsc_ge_data *d)
{
    return d->X;
}
const double *tsc_ge_data_output(const tsc_ge_data *d)
{
    return d->output;
}
const double *tsc_ge_data_gamma_va(const tsc_ge_data *d)
{
    return d->gamma_va;
}
const double *tsc_ge_data_gamma_io(const tsc_ge_data *d)
{
    return d->gamma_io;
}
const double *tsc_ge_data_alpha(const tsc_ge_data *d)
{
    return d->alpha;
}
const double *tsc_ge_data_theta(const tsc_ge_data *d)
{
    return d->theta;
}
const double *tsc_ge_data_deficits(const tsc_ge_data *d)
{
    return d->deficit;
}
const double *tsc_ge_data_va(const tsc_ge_data *d)
{
    return d->va;
}
const double *tsc_ge_data_income(const tsc_ge_data *d)
{
    return d->income;
}
