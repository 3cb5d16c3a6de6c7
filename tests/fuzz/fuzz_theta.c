/* Fuzzes elasticity files (CSV sector,theta[,theta_se][,trade_weight]) for the example table's sectors, through
 * an aggregation also from the input; parts split at 0x1e: theta.csv, aggregation.csv. */
#include <stdlib.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"theta.csv", "aggregation.csv"};
    char paths[2][1100];
    fuzz_write_parts(data, size, names, 2, paths);
    const tsc_table *t = fuzz_table();
    size_t N = tsc_table_nsectors(t);
    const char *sectors[64];
    double theta[64], se[64];
    for (size_t s = 0; s < N && s < 64; s++) sectors[s] = tsc_table_sector(t, s);
    tsc_error err;
    (void)tsc_ge_theta_read_se(paths[0], paths[1], N, sectors, theta, se, &err);
    (void)tsc_ge_theta_read(paths[0], NULL, N, sectors, theta, &err);
    return 0;
}
