/* Outcomes of a general-equilibrium solution: real wages, exact real income, Caliendo and Parro's welfare
 * decomposition into terms of trade and volume of trade (their Table 2), gross output. */
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

int tsc_ge_outcome_compute(const tsc_ge_data *d, const double *tariff_new, const tsc_ge_result *r,
                           tsc_ge_outcome *o, tsc_error *err)
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
    for (size_t n = 0; n < G; n++) {
        double rev = 0, tot = 0, vot = 0;
        for (size_t i = 0; i < G; i++)
            for (size_t j = 0; j < N; j++) {
                size_t c = (n * G + i) * N + j;
                o->output_new[i * N + j] += r->flows[c];
                if (i == n) continue;
                double M = d->flows[c], E = d->flows[(i * G + n) * N + j];
                rev += taup[c] * r->flows[c];
                tot += E * (r->c_hat[n * N + j] - 1) - M * (r->c_hat[i * N + j] - 1);
                vot += d->tariff[c] * (r->flows[c] - M * r->c_hat[i * N + j]);
            }
        double I0 = d->income[n], I1 = r->w_hat[n] * d->va[n] + rev + d->deficit[n], P = r->price_index_hat[n];
        o->income_base[n] = I0;
        o->income_new[n] = I1;
        o->terms_of_trade[n] = 100 * tot / I0;
        o->volume_of_trade[n] = 100 * vot / I0;
        o->welfare_cp[n] = o->terms_of_trade[n] + o->volume_of_trade[n];
        o->real_wage[n] = 100 * (r->w_hat[n] / P - 1);
        o->real_income[n] = 100 * (I1 / I0 / P - 1);
    }
    return TSC_OK;
}
