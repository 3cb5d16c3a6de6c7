/* The table-folder harnesses share this body: the input's parts become the layout's files, then tsc_table_load reads
 * the folder (or, fuzz_table_file, the one file). Included by the table harnesses, each naming its files. */
#ifndef TSC_FUZZ_TABLE_H
#define TSC_FUZZ_TABLE_H

#include "fuzz_common.h"

static inline int fuzz_table_folder(const uint8_t *data, size_t size, const char *const *names, size_t nnames,
                                    tsc_format fmt)
{
    char paths[8][1100];
    fuzz_write_parts(data, size, names, nnames, paths);
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.format = fmt;
    o.max_bytes = (size_t)64 << 20;      /* below libFuzzer's malloc limit: a bigger table is refused, not a crash */
    o.rebalance = (int)(size & 1);       /* both ways through the balance checks */
    if (size & 2) o.balance_tol = 1e300; /* and on past them, unbalanced */
    tsc_table *t = NULL;
    tsc_error err;
    if (tsc_table_load(fuzz_dir(), &o, &t, &err) >= 0) {
        tsc_balance b;
        tsc_table_balance(t, &b);
        tsc_table_free(t);
    }
    return 0;
}

/* The same for a layout read from one file: the input's first part is written as names[0] and loaded by path. */
static inline int fuzz_table_file(const uint8_t *data, size_t size, const char *const *names, tsc_format fmt)
{
    char paths[8][1100];
    fuzz_write_parts(data, size, names, 1, paths);
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.format = fmt;
    o.max_bytes = (size_t)64 << 20;
    o.rebalance = (int)(size & 1);
    if (size & 2) o.balance_tol = 1e300;
    tsc_table *t = NULL;
    tsc_error err;
    if (tsc_table_load(paths[0], &o, &t, &err) >= 0) {
        tsc_balance b;
        tsc_table_balance(t, &b);
        tsc_table_free(t);
    }
    return 0;
}

#endif
