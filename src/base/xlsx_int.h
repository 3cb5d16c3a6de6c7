/* Internal: a streaming reader of Excel workbooks (.xlsx: Office Open XML in a zip), cell by cell. */
#ifndef TSC_XLSX_INT_H
#define TSC_XLSX_INT_H

#include <stddef.h>

#include "tariffscope/error.h"

typedef struct tsc__xlsx tsc__xlsx;

/* Ceilings against zip bombs and absurd files: bytes inflated from one sheet's XML (TSC_ETOOBIG beyond), from the
 * shared strings and the workbook's small parts; the text of one cell (Excel's own limit is 32,767 characters, at
 * most 4 bytes each in UTF-8, plus the XML of rich text runs). Rows and columns beyond Excel's own limits (1,048,576
 * rows, 16,384 columns, XFD) are refused as malformed references. */
#define TSC_XLSX_MAX_SHEET_BYTES ((unsigned long long)8 << 30)
#define TSC_XLSX_MAX_STRINGS_BYTES ((unsigned long long)1 << 30)
#define TSC_XLSX_MAX_PART_BYTES ((unsigned long long)64 << 20)
#define TSC_XLSX_MAX_TEXT ((size_t)1 << 20)
#define TSC_XLSX_MAX_ROWS ((size_t)1048576)
#define TSC_XLSX_MAX_COLS ((size_t)16384)

/* Opens the workbook at path: reads its list of sheets (xl/workbook.xml and xl/_rels/workbook.xml.rels); the shared
 * strings are read on the first tsc__xlsx_read_sheet. *out is set on success only (close it with tsc__xlsx_close).
 * Returns TSC_OK, TSC_EIO (cannot read), TSC_EFORMAT (not a zip, or no workbook in it), TSC_EPARSE (malformed XML),
 * TSC_ETOOBIG, TSC_ENOMEM; err names path. */
int tsc__xlsx_open(const char *path, tsc__xlsx **out, tsc_error *err);

/* The number of sheets and the name of sheet i (0-based, workbook order; i < tsc__xlsx_nsheets). */
size_t tsc__xlsx_nsheets(const tsc__xlsx *x);
const char *tsc__xlsx_sheet_name(const tsc__xlsx *x, size_t i);

/* One cell: row and col 0-based (A1 is 0, 0). is_number = 1: value holds the number as stored (the <v> text parsed
 * exactly, as strtod would in the C locale) and text that <v> text; is_number = 0: text holds the cell's string
 * (shared, inline, or a formula's string result; rich text runs joined; _xHHHH_ escapes decoded), booleans as
 * "TRUE" / "FALSE", Excel error values as themselves ("#N/A", "#DIV/0!"), ISO dates (t="d") as stored; value is 0.
 * text is valid during the call only. A non-zero return stops the reading; tsc__xlsx_read_sheet returns it. */
typedef int (*tsc__xlsx_cell_fn)(void *ctx, size_t row, size_t col, const char *text, int is_number, double value);

/* Streams the sheet named sheet (NULL: the first sheet) through fn: every non-empty cell, in row-major order (the
 * order must be so in the file; cells out of order are an error); missing and empty cells are skipped. The sheet's
 * XML is inflated and parsed in chunks, never held whole. Returns TSC_OK, fn's non-zero return, or an error:
 * TSC_EFORMAT (no such sheet), TSC_EPARSE (malformed XML, bad cell reference, a number that is not one, a shared
 * string index out of range), TSC_ETOOBIG, TSC_EIO, TSC_ENOMEM. Errors name the file in err->file, the sheet and
 * the cell in the message ("sheet 'WIOT': cell C7: ..."), with err->line = row + 1 and err->col = col + 1. */
int tsc__xlsx_read_sheet(tsc__xlsx *x, const char *sheet, tsc__xlsx_cell_fn fn, void *ctx, tsc_error *err);

/* Closes the workbook; accepts NULL. */
void tsc__xlsx_close(tsc__xlsx *x);

/* Parses a cell reference "AB12" (column letters then a 1-based row) into 0-based *row and *col; returns 0, or -1
 * when ref is not one (lower case, no row, row 0, beyond Excel's limits). */
int tsc__xlsx_parse_ref(const char *ref, size_t *row, size_t *col);

/* Writes the column letters of 0-based col ("A", "AB") into buf (at least 4 bytes); returns buf. */
char *tsc__xlsx_col_name(size_t col, char *buf);

#endif
