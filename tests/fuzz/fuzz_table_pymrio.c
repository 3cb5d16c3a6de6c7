/* Fuzzes pymrio's text layout: file_parameters.json, Z or A, Y, x and unit (parts of the input split at 0x1e). */
#include "fuzz_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"file_parameters.json", "Z.txt", "Y.txt", "x.txt", "unit.txt", "A.txt"};
    return fuzz_table_folder(data, size, names, 6, TSC_FORMAT_PYMRIO);
}
