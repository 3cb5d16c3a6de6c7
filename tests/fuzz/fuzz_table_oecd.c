/* Fuzzes the OECD ICIO reader: one CSV in the 2016/2018 or 2021/2023 layout (split rows, TLS/VA, OUT). */
#include "fuzz_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"ICIO2023_2020.csv"};
    return fuzz_table_folder(data, size, names, 1, TSC_FORMAT_OECD);
}
