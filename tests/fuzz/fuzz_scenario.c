/* Fuzzes scenario YAML: s.yaml (which may extend parent.yaml) is loaded and applied, with the region groups, to the
 * example table, with and without a date; parts of the input split at 0x1e: s.yaml, parent.yaml, base.csv. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"s.yaml", "parent.yaml", "base.csv"};
    char paths[3][1100];
    fuzz_write_parts(data, size, names, 3, paths);
    tsc_scenario *sc = NULL;
    tsc_error err;
    if (tsc_scenario_load(paths[0], &sc, &err)) return 0;
    (void)tsc_scenario_name(sc);
    (void)tsc_scenario_description(sc);
    (void)tsc_scenario_base(sc);
    tsc_apply_opts ao = {.groups = fuzz_groups(), .hs_elsewhere = 1};
    tsc_tariffs tt = {0};
    if (tsc_scenario_apply(sc, fuzz_table(), &ao, &tt, &err) == TSC_OK) tsc_tariffs_free(&tt);
    ao.date = "2025-06-01";
    ao.hs_elsewhere = 0;
    if (tsc_scenario_apply(sc, fuzz_table(), &ao, &tt, &err) == TSC_OK) tsc_tariffs_free(&tt);
    tsc_scenario_free(sc);
    return 0;
}
