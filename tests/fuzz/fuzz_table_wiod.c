/* Fuzzes the WIOD 2013 table folder: Z.csv, F.csv and x_va.csv (parts of the input split at 0x1e). */
#include "fuzz_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"Z.csv", "F.csv", "x_va.csv"};
    return fuzz_table_folder(data, size, names, 3, TSC_FORMAT_WIOD);
}
