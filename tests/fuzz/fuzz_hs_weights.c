/* Fuzzes HS import weights (CSV importer,exporter,hs,sector,value): a scenario with measures on HS lines applied to
 * the example table with the input as its weights. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"weights.csv"};
    static tsc_scenario *sc;
    char paths[1][1100];
    tsc_error err;
    if (!sc) {
        char p[1100];
        snprintf(p, sizeof p, "%s/hs.yaml", fuzz_dir());
        FILE *f = fopen(p, "w");
        if (!f) abort();
        fputs("name: hs\nmeasures:\n"
              "  - {importer: USA, exporter: [JPN, CHN], sectors: {hs: [87, 8471, 720810]}, add: 25}\n"
              "  - {importer: USA, exporter: all, sectors: goods, except: {hs: [72, 8703]}, add: 10}\n"
              "  - {importer: EU27, exporter: KOR, sectors: {hs: [85]}, set: 5}\n",
              f);
        if (fclose(f) || tsc_scenario_load(p, &sc, &err)) abort();
    }
    fuzz_write_parts(data, size, names, 1, paths);
    tsc_apply_opts ao = {.groups = fuzz_groups(), .hs_weights = paths[0]};
    tsc_tariffs tt = {0};
    if (tsc_scenario_apply(sc, fuzz_table(), &ao, &tt, &err) == TSC_OK) tsc_tariffs_free(&tt);
    return 0;
}
