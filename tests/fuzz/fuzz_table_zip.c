/* Fuzzes zip archives read as they are: the input as IOT_2011_pxp.zip, its layout detected (the archive's entries
 * listed, a folder or file inside it taken, entries streamed through the CSV reader and JSON descriptors). */
#include "fuzz_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"IOT_2011_pxp.zip"};
    return fuzz_table_file(data, size, names, TSC_FORMAT_AUTO);
}
