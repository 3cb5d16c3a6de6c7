/* Fuzzes the user CSV of satellite accounts (region,sector,account,unit,value): read onto a copy of the example
 * table, then the accounts computed through its Leontief inverse. */
#include <stdlib.h>

#include "fuzz_common.h"

/* A fresh copy of the example table (an extension's name can be taken only once per table). */
static tsc_table *copy_table(void)
{
    const tsc_table *t = fuzz_table();
    size_t G = tsc_table_nregions(t), N = tsc_table_nsectors(t), F = tsc_table_nfd(t);
    const char **r = malloc(G * sizeof *r), **s = malloc(N * sizeof *s), **c = malloc(F * sizeof *c);
    tsc_table *out = NULL;
    tsc_error err;
    if (r && s && c) {
        for (size_t k = 0; k < G; k++) r[k] = tsc_table_region(t, k);
        for (size_t k = 0; k < N; k++) s[k] = tsc_table_sector(t, k);
        for (size_t k = 0; k < F; k++) c[k] = tsc_table_fd_category(t, k);
        if (tsc_table_from_arrays(G, N, F, r, s, c, tsc_table_Z(t), tsc_table_Y(t), tsc_table_va(t), tsc_table_x(t),
                                  NULL, &out, &err) < 0)
            out = NULL;
    }
    free(r);
    free(s);
    free(c);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"accounts.csv"};
    char paths[1][1100];
    tsc_error err;
    fuzz_write_parts(data, size, names, 1, paths);
    tsc_table *t = copy_table();
    if (!t) return 0;
    if (tsc_table_extensions_read_csv(t, paths[0], &err) == TSC_OK) {
        tsc_leontief *lf = NULL;
        tsc_accounts a;
        if (tsc_leontief_new(t, &lf, &err) == TSC_OK && tsc_accounts_compute(lf, t, 0, &a, &err) == TSC_OK)
            tsc_accounts_free(&a);
        tsc_leontief_free(lf);
    }
    tsc_table_free(t);
    return 0;
}
