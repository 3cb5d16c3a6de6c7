/* Fuzzes the binary table cache: the input is the file; a table read is written back and read again, bit for bit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"t.tsc"};
    char paths[1][1100], again[1100];
    fuzz_write_parts(data, size, names, 1, paths);
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.max_bytes = (size_t)64 << 20;
    o.balance_tol = 1e300; /* let unbalanced tables through to the writer */
    tsc_table *t = NULL, *u = NULL;
    tsc_error err;
    if (tsc_table_load(paths[0], &o, &t, &err) < 0) return 0;
    snprintf(again, sizeof again, "%s/again.tsc", fuzz_dir());
    if (tsc_table_save_cache(t, again, &err) == TSC_OK) {
        if (tsc_table_load(again, &o, &u, &err) < 0) {
            fprintf(stderr, "a cache written cannot be read back: %s\n", err.msg);
            abort();
        }
        tsc_table_free(u);
    }
    tsc_table_free(t);
    return 0;
}
