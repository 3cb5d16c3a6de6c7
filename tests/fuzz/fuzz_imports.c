/* Fuzzes customs import files and what is read with them; parts split at 0x1e: a Census HS10 import file, the
 * countries file (cty_code,iso3), the EU members file (cty_code,partner,country_name), one member's imports by HS
 * chapter (HS2,2024_imports) and line rates (hs,rate_pct). The lines are loaded, weighed by the HS concordance for
 * the example table's regions, priced, and a scenario's effective rates computed on them. */
#include <stdlib.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"2024-hs10-imports5880.csv", "countries.csv", "members.csv",
                                        "hs2-tariff-4280.csv", "rates.csv"};
    static tsc_hs_concord *hc;
    static tsc_scenario *sc;
    char paths[5][1100], p[1100], agg[1100];
    tsc_error err;
    if (!hc && (tsc_hs_concord_load(fuzz_source_path("data/concordance/hs2017_wiod.csv", p), &hc, &err) ||
                tsc_scenario_load(fuzz_source_path("scenarios/us-2025-08-deals-cjk.yaml", p), &sc, &err)))
        abort();
    fuzz_write_parts(data, size, names, 5, paths);
    tsc_imports_opts io = {.countries = paths[1]};
    tsc_imports *im = NULL;
    if (tsc_imports_load(fuzz_dir(), &io, &im, &err)) return 0;
    size_t nl;
    (void)tsc_imports_lines(im, &nl);
    for (size_t k = 0; k < tsc_imports_npartners(im); k++) (void)tsc_imports_census_code(im, k);
    (void)tsc_imports_country(im, "5880");

    const tsc_table *t = fuzz_table();
    const char *regions[64];
    size_t G = tsc_table_nregions(t);
    for (size_t r = 0; r < G && r < 64; r++) regions[r] = tsc_table_region(t, r);
    tsc_hs_weights_opts wo = {.regions = regions,
                              .nregions = G,
                              .members_csv = paths[2],
                              .hs2_dir = fuzz_dir(),
                              .imports_dir = fuzz_dir(),
                              .aggregation = fuzz_source_path("data/example/concordance.csv", agg)};
    tsc_hs_weights w;
    if (tsc_hs_weights_build(im, hc, &wo, &w, &err) == TSC_OK) {
        size_t cells = w.nexporters * w.nsectors, missing;
        double *rate = malloc((cells ? cells : 1) * sizeof *rate), *value = malloc((cells ? cells : 1) * sizeof *value);
        if (rate && value) (void)tsc_hs_weights_rates(&w, paths[4], rate, value, &missing, &err);
        free(rate);
        free(value);
        tsc_hs_weights_free(&w);
    }
    tsc_effective_opts eo = {.groups = fuzz_groups(), .concord = hc};
    tsc_effective e;
    if (tsc_effective_rates(sc, im, &eo, &e, &err) == TSC_OK) tsc_effective_free(&e);
    tsc_imports_free(im);
    return 0;
}
