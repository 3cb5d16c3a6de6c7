/* Fuzzes HS concordances (CSV hs,sector[,description]): loaded, then every query. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"hs.csv"};
    static const char *const codes[] = {"01", "0304", "870323", "8703230190", "99", "9999999999", ""};
    char paths[1][1100];
    fuzz_write_parts(data, size, names, 1, paths);
    tsc_hs_concord *c = NULL;
    tsc_error err;
    if (tsc_hs_concord_load(paths[0], &c, &err)) return 0;
    for (size_t k = 0; k < sizeof codes / sizeof *codes; k++) (void)tsc_hs_concord_sector(c, codes[k]);
    for (size_t s = 0; s < tsc_hs_concord_nsectors(c); s++)
        (void)tsc_hs_concord_sector_index(c, tsc_hs_concord_sector_code(c, s));
    (void)tsc_hs_concord_sector_index(c, "c1");
    tsc_hs_concord_free(c);
    return 0;
}
