/* Fuzzes the GLORIA reader's numeric part: the T, Y and V CSVs of a year read with fixed labels (2 regions, 2 sectors,
 * 1 final-demand and 2 value-added items) and turned industry by industry (model D); the ReadMe's sheets are the .xlsx
 * reader's, fuzzed by fuzz_xlsx. */
#include "fuzz_common.h"
#include "table_gloria_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"x_T-Results_2019_059_Markup001(full).csv",
                                        "x_Y-Results_2019_059_Markup001(full).csv",
                                        "x_V-Results_2019_059_Markup001(full).csv"};
    static char *R[] = {"AAA", "BBB"}, *S[] = {"Crops", "Metals"}, *F[] = {"P.3h"};
    char paths[8][1100];
    fuzz_write_parts(data, size, names, 3, paths);
    tsc__gloria_labels l = {.G = 2, .N = 2, .F = 1, .K = 2, .regions = R, .sectors = S, .fdcats = F};
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.max_bytes = (size_t)64 << 20;
    o.rebalance = (int)(size & 1);
    if (size & 2) o.balance_tol = 1e300;
    tsc_table *t = NULL;
    tsc_error err;
    if (tsc__gloria_read(paths[0], paths[1], paths[2], &l, &o, &t, &err) >= 0) tsc_table_free(t);
    return 0;
}
