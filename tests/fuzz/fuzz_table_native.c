/* Fuzzes the native table folder: meta.json, Z.csv, Y.csv and x_va.csv (parts of the input split at 0x1e). */
#include "fuzz_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"meta.json", "Z.csv", "Y.csv", "x_va.csv"};
    return fuzz_table_folder(data, size, names, 4, TSC_FORMAT_NATIVE);
}
