/* Fuzzes FIGARO's flat CSV reader: one file, a line per cell (refArea, rowIi, counterpartArea, colIi, obsValue). */
#include "fuzz_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"flatfile_eu-ic-io_ind-by-ind_23ed_2021.csv"};
    return fuzz_table_file(data, size, names, TSC_FORMAT_FIGARO);
}
