/* Fuzzes the labelled-matrix table folder: input_Z.csv, input_Yfd.csv and input_x_va.csv (parts split at 0x1e). */
#include "fuzz_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"input_Z.csv", "input_Yfd.csv", "input_x_va.csv"};
    return fuzz_table_folder(data, size, names, 3, TSC_FORMAT_LABELLED);
}
