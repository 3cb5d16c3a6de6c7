/* Fuzzes split shares (CSV region,sector,share_x): the example table's CHN split into CHN_A, CHN_B and the rest. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"shares.csv"};
    static const char *const parts[] = {"CHN_A", "CHN_B", "CHN"};
    char paths[1][1100];
    fuzz_write_parts(data, size, names, 1, paths);
    tsc_table *t = NULL;
    tsc_error err;
    tsc_split_fd rule = size & 1 ? TSC_SPLIT_FD_OUTPUT : TSC_SPLIT_FD_VA;
    if (tsc_table_split_region_csv(fuzz_table(), "CHN", 3, parts, paths[0], rule, &t, &err) >= 0) tsc_table_free(t);
    return 0;
}
