/* Fuzzes base schedules (CSV importer,exporter,sector,rate_pct): as a scenario's base on the example table, and as a
 * table's base schedule carried from detailed codes through the example table's aggregation. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"base.csv"};
    static tsc_scenario *sc;
    char paths[1][1100], p[1100], agg[1100];
    tsc_error err;
    if (!sc && tsc_scenario_load(fuzz_source_path("scenarios/cjk-fta.yaml", p), &sc, &err)) return 0;
    fuzz_write_parts(data, size, names, 1, paths);
    tsc_apply_opts ao = {.groups = fuzz_groups(), .base_csv = paths[0], .hs_elsewhere = 1};
    tsc_tariffs tt = {0};
    if (tsc_scenario_apply(sc, fuzz_table(), &ao, &tt, &err) == TSC_OK) tsc_tariffs_free(&tt);

    tsc_schedule_opts so;
    tsc_schedule_opts_init(&so);
    const char *bases[1] = {paths[0]};
    so.groups = fuzz_groups();
    so.aggregation = fuzz_source_path("data/example/concordance.csv", agg);
    so.bases = bases;
    so.nbases = 1;
    tsc_schedule *s = NULL;
    if (tsc_schedule_new(fuzz_table(), &so, &s, &err) == TSC_OK) {
        (void)tsc_schedule_notes(s);
        if (tsc_schedule_apply(s, sc, NULL, &tt, NULL, &err) == TSC_OK) tsc_tariffs_free(&tt);
        tsc_schedule_free(s);
    }
    return 0;
}
