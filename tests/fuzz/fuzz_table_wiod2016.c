/* Fuzzes the WIOD 2016 reader: the sheet as CSV (first part), and as an Excel binary workbook whose parts
 * (xl/worksheets/sheet1.bin, xl/sharedStrings.bin, xl/workbook.bin: BIFF12 records) are the input's next parts,
 * zipped here so the fuzzer reaches the record parser rather than the zip's checksums. */
#include <stdio.h>
#include <zip.h>

#include "fuzz_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"WIOT2014_Nov16_ROW.csv", "sheet1.bin", "sharedStrings.bin", "workbook.bin"};
    static const char *const entries[] = {NULL, "xl/worksheets/sheet1.bin", "xl/sharedStrings.bin", "xl/workbook.bin"};
    fuzz_table_file(data, size, names, TSC_FORMAT_WIOD2016);
    char paths[8][1100], book[1100];
    fuzz_write_parts(data, size, names, 4, paths);
    snprintf(book, sizeof book, "%s/WIOT2014_Nov16_ROW.xlsb", fuzz_dir());
    remove(book);
    zip_t *z = zip_open(book, ZIP_CREATE | ZIP_TRUNCATE, NULL);
    if (!z) return 0;
    for (int k = 1; k < 4; k++) {
        FILE *f = fopen(paths[k], "rb");
        if (!f) continue;
        fclose(f);
        zip_source_t *src = zip_source_file(z, paths[k], 0, -1);
        if (src && zip_file_add(z, entries[k], src, ZIP_FL_OVERWRITE) < 0) zip_source_free(src);
    }
    if (zip_close(z) < 0) {
        zip_discard(z);
        return 0;
    }
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.format = TSC_FORMAT_WIOD2016;
    o.max_bytes = (size_t)64 << 20;
    o.balance_tol = (size & 2) ? 1e300 : 1e-6;
    tsc_table *t = NULL;
    tsc_error err;
    if (tsc_table_load(book, &o, &t, &err) >= 0) tsc_table_free(t);
    return 0;
}
