/* Internal: a streaming reader of Excel binary workbooks (.xlsb: BIFF12 records in a zip, [MS-XLSB]), cell by cell. */
#ifndef TSC_XLSB_INT_H
#define TSC_XLSB_INT_H

#include <stddef.h>

#include "tariffscope/error.h"

/* Ceilings against zip bombs and absurd files: bytes inflated from the sheet, from the shared strings, and the size
 * of one record (a cell or a shared string: Excel's 32,767 characters are 64 KiB in UTF-16). */
#define TSC_XLSB_MAX_SHEET_BYTES ((unsigned long long)8 << 30)
#define TSC_XLSB_MAX_STRINGS_BYTES ((unsigned long long)1 << 30)
#define TSC_XLSB_MAX_RECORD ((size_t)1 << 20)
/* Excel's own limits: a row or column beyond them is a malformed record. */
#define TSC_XLSB_MAX_ROWS ((size_t)1048576)
#define TSC_XLSB_MAX_COLS ((size_t)16384)

/* One cell, as tsc__xlsx_cell_fn has it: row and col 0-based; is_number = 1: value holds the number (a BrtCellReal's
 * double, a BrtCellRk decoded, a formula's cached number) and text is ""; is_number = 0: text holds the string (inline,
 * shared, a formula's cached string; UTF-16 converted to UTF-8), booleans as "TRUE" / "FALSE", error values as
 * "#ERROR". text is valid during the call only. A non-zero return stops the reading. */
typedef int (*tsc__xlsb_cell_fn)(void *ctx, size_t row, size_t col, const char *text, int is_number, double value);

/* Streams the first worksheet of the workbook at path (the first sheet of xl/workbook.bin, found through
 * xl/_rels/workbook.bin.rels) through fn, in the file's order (row-major, as Excel writes it); blank cells are
 * skipped. Returns TSC_OK, fn's non-zero return, or an error naming path: TSC_EIO (cannot read), TSC_EFORMAT (not a
 * zip, no worksheet), TSC_EPARSE (a truncated or malformed record, a shared string index out of range; err->line is
 * the cell's row + 1 and err->col its column + 1 when a cell is at fault), TSC_ETOOBIG, TSC_ENOMEM. */
int tsc__xlsb_read_first_sheet(const char *path, tsc__xlsb_cell_fn fn, void *ctx, tsc_error *err);

#endif
