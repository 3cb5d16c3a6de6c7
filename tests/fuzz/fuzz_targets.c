/* Fuzzes update targets (CSV kind,from_region,from_sector,to_region,to,value[,note]) on the example table. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"targets.csv"};
    char paths[1][1100];
    fuzz_write_parts(data, size, names, 1, paths);
    tsc_targets *tg = NULL;
    tsc_error err;
    if (tsc_targets_new(fuzz_table(), &tg, &err)) return 0;
    if (tsc_targets_load(tg, paths[0], &err) == TSC_OK)
        for (size_t k = 0; k < tsc_targets_count(tg); k++) {
            tsc_target_info info;
            (void)tsc_targets_info(tg, k, &info);
        }
    tsc_targets_free(tg);
    return 0;
}
