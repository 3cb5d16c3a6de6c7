/* General-equilibrium model data derived from an inter-country input-output table. */
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "ge_int.h"

int tsc_ge_data_from_table(const tsc_table *t, const double *tariff, const double *theta, tsc_ge_data **out,
                           size_t *nclipped, tsc_error *err)
{
    *out = NULL;
    if (nclipped) *nclipped = 0;
    if (!theta) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "trade elasticities are required");
    size_t G = tsc_table_nregions(t), N = tsc_table_nsectors(t), F = tsc_table_nfd(t), n = G * N;
    const char **rl = tsc__malloc((G + N) * sizeof *rl);
    unsigned char *goods = tsc__malloc(N);
    if (!rl || !goods) {
        tsc__free(rl);
        tsc__free(goods);
        return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t r = 0; r < G; r++) rl[r] = tsc_table_region(t, r);
    for (size_t s = 0; s < N; s++) {
        rl[G + s] = tsc_table_sector(t, s);
        goods[s] = (unsigned char)tsc_table_sector_is_goods(t, s);
    }
    tsc_ge_data *d = tsc__ge_data_alloc(G, N, rl, rl + G, goods, err);
    tsc__free(rl);
    tsc__free(goods);
    if (!d) return err ? err->code : TSC_ENOMEM;
    const double *Z = tsc_table_Z(t), *Y = tsc_table_Y(t), *x = tsc_table_x(t);
    size_t clipped = 0;
    if (tariff) memcpy(d->tariff, tariff, G * G * N * sizeof *tariff);
    /* F[m, i, k]: what region m's industries and final users buy from row (i, k) */
    for (size_t row = 0; row < n; row++) {
        size_t i = row / N, k = row % N;
        for (size_t m = 0; m < G; m++) {
            double f = 0;
            for (size_t col = m * N; col < (m + 1) * N; col++) f += Z[row + col * n];
            for (size_t c = m * F; c < (m + 1) * F; c++) f += Y[row + c * n];
            /* negative net purchases (inventory drawdowns larger than use) cannot be trade shares */
            if (f < 0) {
                f = 0;
                clipped++;
            }
            d->flows[(m * G + i) * N + k] = f;
        }
    }
    /* input shares of column (m, j), tariffs on inputs included; value added is what remains */
    for (size_t m = 0; m < G; m++)
        for (size_t j = 0; j < N; j++) {
            size_t col = m * N + j;
            double xj = x[col], *gv = d->gamma_va + m * N + j;
            if (!(xj > 0)) {
                *gv = 1;
                continue;
            }
            double sum = 0;
            for (size_t k = 0; k < N; k++) {
                double v = 0;
                for (size_t i = 0; i < G; i++) {
                    double z = Z[(i * N + k) + col * n];
                    if (z > 0) v += z * (1 + (i == m ? 0 : d->tariff[(m * G + i) * N + k]));
                }
                v /= xj;
                d->gamma_io[(m * N + k) * N + j] = v;
                sum += v;
            }
            if (sum > 1) {
                for (size_t k = 0; k < N; k++) d->gamma_io[(m * N + k) * N + j] /= sum;
                *gv = 0;
                clipped++;
            } else {
                *gv = 1 - sum;
            }
        }
    memcpy(d->theta, theta, N * sizeof *theta);
    tsc__ge_data_observed_deficits(d);
    tsc__ge_data_derive(d);
    int rc = tsc__ge_data_derive_alpha(d, err);
    if (!rc) rc = tsc__ge_data_check(d, err);
    if (rc) {
        tsc_ge_data_free(d);
        return rc;
    }
    if (nclipped) *nclipped = clipped;
    *out = d;
    return TSC_OK;
}
