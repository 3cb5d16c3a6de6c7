/* Outcomes of a general-equilibrium solution: real wages, exact real income, Caliendo and Parro's welfare
 * decomposition into terms of trade and volume of trade (their Table 2), exports, gross output. */
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "ge_int.h"

void tsc_ge_outcome_free(tsc_ge_outcome *o)
{
    if (!o) return;
    tsc__free(o->welfare_cp);
    tsc__free(o->terms_of_trade);
    tsc__free(o->volume_of_trade);
    tsc__free(o->real_wage);
    tsc__free(o->real_income);
    tsc__free(o->income_base);
    tsc__free(o->income_new);
    tsc__free(o->output_base);
    tsc__free(o->output_new);
    memset(o, 0, sizeof *o);
}

void tsc__ge_region_measures(const tsc_ge_data *d, const double *taup, const double *w_hat, const double *c_hat,
                             const double *pidx, const double *flows, size_t n, double *m, double *income_new)
{
    size_t G = d->G, N = d->N;
    double rev = 0, tot = 0, vot = 0, e0 = 0, e1 = 0;
    for (size_t i = 0; i < G; i++)
        for (size_t j = 0; j < N; j++) {
            size_t c = (n * G + i) * N + j;
            if (i == n) continue;
            double M = d->flows[c], E = d->flows[(i * G + n) * N + j];
            rev += taup[c] * flows[c];
            tot += E * (c_hat[n * N + j] - 1) - M * (c_hat[i * N + j] - 1);
            vot += d->tariff[c] * (flows[c] - M * c_hat[i * N + j]);
            e0 += E;
            e1 += flows[(i * G + n) * N + j];
        }
    double I0 = d->income[n], I1 = w_hat[n] * d->va[n] + rev + d->deficit[n], P = pidx[n];
    m[TSC_GE_TERMS_OF_TRADE] = 100 * tot / I0;
    m[TSC_GE_VOLUME_OF_TRADE] = 100 * vot / I0;
    m[TSC_GE_WELFARE_CP] = m[TSC_GE_TERMS_OF_TRADE] + m[TSC_GE_VOLUME_OF_TRADE];
    m[TSC_GE_REAL_WAGE] = 100 * (w_hat[n] / P - 1);
    m[TSC_GE_REAL_INCOME] = 100 * (I1 / I0 / P - 1);
    m[TSC_GE_W_HAT] = w_hat[n];
    m[TSC_GE_PRICE_INDEX_HAT] = P;
    m[TSC_GE_EXPORTS] = e0 > 0 ? 100 * (e1 / e0 - 1) : 0;
    if (income_new) *income_new = I1;
}

static const char *const measure_names[TSC_GE_NMEASURES] = {
    "welfare_cp_pct", "terms_of_trade_pct", "volume_of_trade_pct", "real_wage_pct", "real_income_pct",
    "w_hat",          "price_index_hat",    "exports_pct"};

const char *tsc_ge_measure_name(size_t m)
{
    return m < TSC_GE_NMEASURES ? measure_names[m] : NULL;
}

int tsc_ge_measures(const tsc_ge_data *base, const double *tariff_new, const tsc_ge_result *r, double *out,
                    tsc_error *err)
{
    if (r->G != base->G || r->N != base->N || !r->flows)
        return tsc__error(err, TSC_EDIM, NULL, 0, 0, "the solution is not one of this data");
    const double *taup = tariff_new ? tariff_new : base->tariff;
    for (size_t n = 0; n < base->G; n++)
        tsc__ge_region_measures(base, taup, r->w_hat, r->c_hat, r->price_index_hat, r->flows, n,
                                out + n * TSC_GE_NMEASURES, NULL);
    return TSC_OK;
}

int tsc_ge_outcome_compute(const tsc_ge_data *d, const double *tariff_new, const tsc_ge_result *r, tsc_ge_outcome *o,
                           tsc_error *err)
{
    size_t G = d->G, N = d->N, gn = G * N;
    memset(o, 0, sizeof *o);
    if (r->G != G || r->N != N) return tsc__error(err, TSC_EDIM, NULL, 0, 0, "the solution is not one of this data");
    const double *taup = tariff_new ? tariff_new : d->tariff;
    o->G = G;
    o->N = N;
    o->welfare_cp = tsc__alloc_doubles(G, 1);
    o->terms_of_trade = tsc__alloc_doubles(G, 1);
    o->volume_of_trade = tsc__alloc_doubles(G, 1);
    o->real_wage = tsc__alloc_doubles(G, 1);
    o->real_income = tsc__alloc_doubles(G, 1);
    o->income_base = tsc__alloc_doubles(G, 1);
    o->income_new = tsc__alloc_doubles(G, 1);
    o->output_base = tsc__alloc_doubles(gn, 1);
    o->output_new = tsc__alloc_doubles(gn, 1);
    if (!o->welfare_cp || !o->terms_of_trade || !o->volume_of_trade || !o->real_wage || !o->real_income ||
        !o->income_base || !o->income_new || !o->output_base || !o->output_new) {
        tsc_ge_outcome_free(o);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    memcpy(o->output_base, d->output, gn * sizeof *d->output);
    for (size_t n = 0; n < G; n++)
        for (size_t i = 0; i < G; i++)
            for (size_t j = 0; j < N; j++) o->output_new[i * N + j] += r->flows[(n * G + i) * N + j];
    for (size_t n = 0; n < G; n++) {
        double m[TSC_GE_NMEASURES];
        tsc__ge_region_measures(d, taup, r->w_hat, r->c_hat, r->price_index_hat, r->flows, n, m, &o->income_new[n]);
        o->income_base[n] = d->income[n];
        o->terms_of_trade[n] = m[TSC_GE_TERMS_OF_TRADE];
        o->volume_of_trade[n] = m[TSC_GE_VOLUME_OF_TRADE];
        o->welfare_cp[n] = m[TSC_GE_WELFARE_CP];
        o->real_wage[n] = m[TSC_GE_REAL_WAGE];
        o->real_income[n] = m[TSC_GE_REAL_INCOME];
    }
    return TSC_OK;
}
