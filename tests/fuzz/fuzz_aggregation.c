/* Fuzzes aggregation concordances (CSV kind,from,to): the example table aggregated by the input. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"concordance.csv"};
    char paths[1][1100];
    fuzz_write_parts(data, size, names, 1, paths);
    tsc_table *t = NULL;
    tsc_error err;
    if (tsc_table_aggregate(fuzz_table(), paths[0], &t, &err) >= 0) tsc_table_free(t);
    return 0;
}
