/* Fuzzes scenario YAML: s.yaml (which may extend parent.yaml) is loaded and applied, with the region groups, to the
 * example table, with and without a date; parts of the input split at 0x1e: s.yaml, parent.yaml, base.csv. The same
 * text is also read from memory (tsc_scenario_parse, as tariffscope serve reads a request body), which must accept
 * it exactly when the file reader does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

/* s.yaml read from memory, its relative names resolved in its folder: 1 if it reads, else 0. */
static int parse_in_memory(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    int whole = feof(f);
    fclose(f);
    if (!whole) return -1;
    char dir[1100];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = '\0';
    tsc_scenario *sc = NULL;
    tsc_error err;
    int ok = tsc_scenario_parse(buf, n, path, slash ? dir : NULL, &sc, &err) == TSC_OK;
    tsc_scenario_free(sc);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"s.yaml", "parent.yaml", "base.csv"};
    char paths[3][1100];
    fuzz_write_parts(data, size, names, 3, paths);
    tsc_scenario *sc = NULL;
    tsc_error err;
    int loaded = tsc_scenario_load(paths[0], &sc, &err) == TSC_OK, parsed = parse_in_memory(paths[0]);
    if (parsed >= 0 && parsed != loaded) abort(); /* the two readers disagree */
    if (!loaded) return 0;
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
