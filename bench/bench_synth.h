/* Synthetic dense inter-country tables of any size for the benchmarks (bench_leontief.c, bench_decomp_big.c).
 * Include after bench_common.h. */
#ifndef BENCH_SYNTH_H
#define BENCH_SYNTH_H

#include <stdint.h>

#include "tariffscope/tariffscope.h"

#define SEED 0x7a51ff5c09e1d2b3u
#define LABEL_SLOT 24 /* bytes per synthetic label: a letter and any size_t */

/* Region x sector shape of a synthetic table of size n: 50 x 40 for 2000, 100 x 50 for 5000, GLORIA's 164 x 120 for
 * 19680, else n/40 x 40. */
static inline int synth_shape(size_t n, size_t *G, size_t *N)
{
    if (n == 5000 || n == 19680) {
        *G = n == 5000 ? 100 : 164;
        *N = n == 5000 ? 50 : 120;
        return 0;
    }
    if (n % 40 != 0) return -1;
    *G = n / 40;
    *N = 40;
    return 0;
}

/* A dense random ICIO: column j of A sums to 0.4..0.6, 60% of it in j's own region; x in [100, 200) before Y is
 * set to x - Z1 (at least 5% of x); Y has one category, half of it domestic. x and va are derived by the library. */
static inline tsc_table *synth_table(size_t G, size_t N)
{
    size_t n = G * N;
    uint64_t s = SEED ^ (uint64_t)n;
    double *Z = xmalloc(n * n, sizeof *Z), *Y = xmalloc(n * G, sizeof *Y);
    double *x = xmalloc(n, sizeof *x), *rows = xmalloc(n, sizeof *rows);
    double wdom = G > 1 ? 1.5 * (double)(G - 1) : 1.0; /* makes the own-region block 60% of a column */
    for (size_t j = 0; j < n; j++) {
        x[j] = 100.0 + 100.0 * rng_uniform(&s);
        rows[j] = 0;
    }
    for (size_t j = 0; j < n; j++) {
        double *c = Z + j * n, sum = 0;
        for (size_t i = 0; i < n; i++) {
            double v = rng_uniform(&s);
            if (i / N == j / N) v *= wdom;
            c[i] = v;
            sum += v;
        }
        double scale = (0.4 + 0.2 * rng_uniform(&s)) * x[j] / sum;
        for (size_t i = 0; i < n; i++) {
            c[i] *= scale;
            rows[i] += c[i];
        }
    }
    double ydom = G > 1 ? (double)(G - 1) : 1.0;
    for (size_t i = 0; i < n; i++) {
        double fd = x[i] - rows[i], wsum = 0;
        if (fd < 0.05 * x[i]) fd = 0.05 * x[i];
        for (size_t r = 0; r < G; r++) {
            double w = 0.5 + rng_uniform(&s);
            if (r == i / N) w *= ydom;
            Y[i + r * n] = w;
            wsum += w;
        }
        for (size_t r = 0; r < G; r++) Y[i + r * n] *= fd / wsum;
    }
    char *store = xmalloc(G + N, LABEL_SLOT);
    const char **reg = xmalloc(G, sizeof *reg), **sec = xmalloc(N, sizeof *sec);
    const char *fd[] = {"FD"};
    for (size_t r = 0; r < G; r++) {
        snprintf(store + LABEL_SLOT * r, LABEL_SLOT, "R%03zu", r);
        reg[r] = store + LABEL_SLOT * r;
    }
    for (size_t k = 0; k < N; k++) {
        snprintf(store + LABEL_SLOT * (G + k), LABEL_SLOT, "S%02zu", k);
        sec[k] = store + LABEL_SLOT * (G + k);
    }
    tsc_load_opts opts;
    tsc_load_opts_init(&opts);
    tsc_table *t = NULL;
    tsc_error err;
    int rc = tsc_table_from_arrays(G, N, 1, reg, sec, fd, Z, Y, NULL, NULL, &opts, &t, &err);
    if (rc < 0) die("tsc_table_from_arrays", &err);
    free(Z);
    free(Y);
    free(x);
    free(rows);
    free(store);
    free(reg);
    free(sec);
    return t;
}

#endif
