/* Fuzzes the one-sheet layout of WIOD 2013 and ADB MRIO (src/table/table_iosheet.c): the input as a CSV export, or,
 * when it starts with a zip's signature "PK", as the .xlsx workbook; read as ADB or WIOD by the input's size. */
#include <stdio.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const csv[] = {"ADB-MRIO-2017.csv"}, *const xlsx[] = {"ADB-MRIO-2017.xlsx"};
    int zip = size >= 2 && data[0] == 'P' && data[1] == 'K';
    char paths[1][1100];
    fuzz_write_parts(data, size, zip ? xlsx : csv, 1, paths);
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.format = size & 1 ? TSC_FORMAT_WIOD_XLSX : TSC_FORMAT_ADB;
    o.max_bytes = (size_t)64 << 20; /* below libFuzzer's malloc limit: a bigger table is refused, not a crash */
    o.rebalance = (int)(size & 2);
    if (size & 4) o.balance_tol = 1e300;
    tsc_table *t = NULL;
    tsc_error err;
    if (tsc_table_load(paths[0], &o, &t, &err) >= 0) {
        tsc_balance b;
        tsc_table_balance(t, &b);
        tsc_table_free(t);
    }
    remove(paths[0]);
    return 0;
}
