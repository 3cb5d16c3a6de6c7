/* Fuzzes the .xlsx reader: the input's parts (workbook, its relationships, shared strings, two sheets) zipped into a
 * workbook, or, when the input starts with a zip's signature "PK", the input itself as the workbook; every sheet
 * read. */
#include <stdio.h>
#include <string.h>
#include <zip.h>

#include "fuzz_common.h"
#include "xlsx_int.h"

static int count_cells(void *ctx, size_t row, size_t col, const char *text, int is_number, double value)
{
    size_t *n = ctx;
    (void)row, (void)col, (void)value;
    if (!text || (is_number != 0 && is_number != 1)) __builtin_trap();
    return ++*n > 100000; /* a stop from the callback, as a reader that has seen enough returns */
}

static int zip_parts(const uint8_t *data, size_t size, const char *path)
{
    static const char *const names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml",
                                        "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"};
    int ze = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    if (!z) return -1;
    size_t pos = 0;
    for (size_t k = 0; k < 5 && pos <= size; k++) {
        const uint8_t *end = memchr(data + pos, FUZZ_SEP, size - pos);
        size_t len = end ? (size_t)(end - (data + pos)) : size - pos;
        zip_source_t *src = zip_source_buffer(z, data + pos, len, 0);
        if (!src || zip_file_add(z, names[k], src, 0) < 0) {
            zip_source_free(src);
            zip_discard(z);
            return -1;
        }
        pos += len + 1;
    }
    return zip_close(z) == 0 ? 0 : (zip_discard(z), -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/book.xlsx", fuzz_dir());
    remove(path);
    if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
        static const char *const raw[] = {"book.xlsx"};
        char paths[1][1100];
        fuzz_write_parts(data, size, raw, 1, paths);
    } else if (zip_parts(data, size, path)) {
        return 0;
    }
    tsc__xlsx *x = NULL;
    tsc_error err;
    if (tsc__xlsx_open(path, &x, &err) == TSC_OK) {
        for (size_t i = 0; i < tsc__xlsx_nsheets(x); i++) {
            size_t n = 0;
            tsc__xlsx_read_sheet(x, tsc__xlsx_sheet_name(x, i), count_cells, &n, &err);
        }
        tsc__xlsx_close(x);
    }
    return 0;
}
