/* Fuzzes the Eora26 reader: T, FD and VA with their label files (parts of the input split at 0x1e). */
#include "fuzz_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"Eora26_2010_bp_T.txt", "Eora26_2010_bp_FD.txt", "Eora26_2010_bp_VA.txt",
                                        "labels_T.txt",         "labels_FD.txt",         "labels_VA.txt"};
    return fuzz_table_folder(data, size, names, 6, TSC_FORMAT_EORA);
}
