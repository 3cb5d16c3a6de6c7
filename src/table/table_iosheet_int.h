/* Internal: an input-output table laid out on one spreadsheet sheet, as the WIOD 2013 release and ADB MRIO distribute
 * theirs in Excel (and as CSV exports of such a sheet hold it). */
#ifndef TSC_TABLE_IOSHEET_INT_H
#define TSC_TABLE_IOSHEET_INT_H

#include <stddef.h>

#include "tariffscope/table.h"

/* The layout (docs/FORMATS.md, "Input-output tables on one sheet"): columns A and B hold codes and descriptions,
 * C the region and D the sector code of each row; from column E, a row of region codes (the region row; a blank
 * cell repeats the code on its left, as merged cells leave it) right above a row of codes (the code row, found as
 * the first row whose cell E is a sector code "c1"): G blocks of the same N sector codes (the industry columns), G
 * blocks of the same F final-demand codes (same regions, same order), then the total-output column. Below, the n =
 * G·N industry rows in the order of the columns, then the primary-input rows up to the output row. */
typedef struct tsc_iosheet_dialect {
    const char *what;  /* the database, in messages and notes: "WIOD 2013", "ADB MRIO" */
    tsc_format format; /* what tsc_table_format reports */
    /* the table's code of a region code of the sheet (NULL: the sheet's own); returns code itself when unchanged */
    const char *(*region)(const char *code);
    /* pairs: a final-demand code of the sheet and the table's name for it, NULL-terminated (unknown codes kept) */
    const char *const *categories;
    const char *total_code;  /* the row of total intermediate inputs ("r60"); also a region cell "TOT" / "ToT" */
    const char *output_code; /* the output row ("r69"): the last row read */
    int (*year)(const char *path, const char *sheet); /* the table's year (0 unknown) */
} tsc_iosheet_dialect;

/* Reads path, an .xlsx workbook (the first sheet with the layout's code row) or a CSV export of such a sheet (a row
 * per line, a cell per field; the column of an error is then the field's number), into a table finished by
 * tsc__table_finish: Z and Y from the industry rows, x from the total-output column (else the output row), va the sum
 * of the primary-input rows between the total-intermediate row and the output row. Cells holding only blanks are
 * empty; numbers stored as text are read as numbers. Errors name the file, the sheet and the cell (line = row,
 * col = column, 1-based). */
int tsc__iosheet_load(const char *path, const tsc_iosheet_dialect *d, const tsc_load_opts *opts, tsc_table **out,
                      tsc_error *err);

/* Reads the header of path (an .xlsx or a CSV) only: copies the first final-demand code into code (size bytes).
 * Returns TSC_OK, TSC_EFORMAT when no sheet has the layout's header, or the reader's error. */
int tsc__iosheet_sniff(const char *path, char *code, size_t size, tsc_error *err);

#endif
