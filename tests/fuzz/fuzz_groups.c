/* Fuzzes region-group files (CSV group,member): read after the project's groups, then used by a scenario. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"groups.csv"};
    static tsc_scenario *sc;
    char paths[1][1100], p[1100];
    tsc_error err;
    if (!sc && tsc_scenario_load(fuzz_source_path("scenarios/cjk-fta.yaml", p), &sc, &err)) return 0;
    fuzz_write_parts(data, size, names, 1, paths);
    tsc_groups *g = NULL;
    if (tsc_groups_new(&g, &err)) return 0;
    if (tsc_groups_add_file(g, fuzz_source_path("data/groups.csv", p), &err) == TSC_OK &&
        tsc_groups_add_file(g, paths[0], &err) == TSC_OK) {
        tsc_apply_opts ao = {.groups = g, .hs_elsewhere = 1};
        tsc_tariffs tt = {0};
        if (tsc_scenario_apply(sc, fuzz_table(), &ao, &tt, &err) == TSC_OK) tsc_tariffs_free(&tt);
    }
    tsc_groups_free(g);
    return 0;
}
