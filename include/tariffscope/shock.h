/* First-order tariff propagation: cost-push prices with full pass-through and fixed input coefficients, consumer
 * prices, tariff revenue, and the tariff burden on each origin's value added by importer, route and sector
 * (docs/MODELS.md section 4). */
#ifndef TARIFFSCOPE_SHOCK_H
#define TARIFFSCOPE_SHOCK_H

#include <stddef.h>

#include "tariffscope/error.h"
#include "tariffscope/leontief.h"
#include "tariffscope/scenario.h"
#include "tariffscope/table.h"

typedef struct tsc_shock {
    size_t G, N, n;
    double *price_change;  /* n: unit-cost price change, percent of the base price */
    double *cpi_change;    /* G: consumer price change of each region's final demand, percent */
    double *revenue;       /* G: tariff revenue of each importer at the scenario's rates on base flows */
    double *revenue_base;  /* G: the same at the base rates */
    double *burden;        /* G x G x G x N: burden[((s * G + n) * G + m) * N + k], tariff change paid by importer
                              n on flows from route m, sector k, times the share of origin s's value added in them */
    double *output_change; /* n: first-order output change, table units: dx = L dy with each final-demand cell's
                              spending held, dy_ic = y_ic (p0_i / (kappa_ci (p0_i + dp_i)) - 1) (docs/MODELS.md 4) */
    double residual;       /* backward error of the price solve */
} tsc_shock;

/* kappa_{n,i,k} = (1 + tau'_{nik}) / (1 + tau_{nik}) scales the inputs n buys from i; p solves
 * (I - (A o K))' p = v, computed as the change from the base prices so that a zero scenario gives exactly zero.
 * Burden: Delta tau_{nmk} (V^s B^{s,(mk)}) M_{n,(mk)}; summed over origins it is the change in revenue.
 * lf must be the engine of t; tariffs must come from tsc_scenario_apply on t. */
int tsc_shock_run(const tsc_table *t, tsc_leontief *lf, const tsc_tariffs *tariffs, tsc_shock *out, tsc_error *err);
void tsc_shock_free(tsc_shock *s);

#endif
