/* Internal: a streaming CSV reader (RFC 4180 quoting, gzip, plain or a zip entry, BOM and CRLF accepted). */
#ifndef TSC_CSV_INT_H
#define TSC_CSV_INT_H

#include <stddef.h>

#include "tariffscope/error.h"

typedef struct tsc_csv tsc_csv;

/* Default ceiling on one record's size; a longer record is refused with TSC_ETOOBIG. */
#define TSC_CSV_MAX_RECORD ((size_t)256 << 20)

/* Opens path (gzip-compressed or plain, detected from the content; or a path into a zip archive, archive_int.h). */
int tsc__csv_open(const char *path, tsc_csv **out, tsc_error *err);
void tsc__csv_close(tsc_csv *c);
/* Sets the field separator (default ','; '\t' for tab-separated files); call before the first tsc__csv_next. */
void tsc__csv_set_sep(tsc_csv *c, char sep);

/* Reads the next non-blank record: 1 = a record, 0 = end of file, < 0 = error (err filled). */
int tsc__csv_next(tsc_csv *c, tsc_error *err);

size_t tsc__csv_nfields(const tsc_csv *c);
const char *tsc__csv_field(const tsc_csv *c, size_t i); /* NUL-terminated, quotes removed */
size_t tsc__csv_flen(const tsc_csv *c, size_t i);
size_t tsc__csv_line(const tsc_csv *c);          /* 1-based line of the current record */
size_t tsc__csv_col(const tsc_csv *c, size_t i); /* 1-based character column of field i */
const char *tsc__csv_path(const tsc_csv *c);

/* Parses field i as a finite number; on failure fills err with file:line:col and a message. */
int tsc__csv_number(const tsc_csv *c, size_t i, double *v, tsc_error *err);

/* Numeric records read in bulk: nlab text fields (row labels), then ncol numbers, in blocks of TSC_CSV_BLOCK bytes
 * parsed on tsc__thread_count() threads (TSC_THREADS overrides the cores online), the same values as
 * tsc__csv_next and tsc__csv_number field by field. */
#define TSC_CSV_BLOCK ((size_t)4 << 20)
typedef struct tsc_csv_numeric {
    size_t nlab, ncol;             /* in: the shape of a record */
    size_t max_rows;               /* in: read at most this many records */
    double *v;                     /* out: number j of the k-th record read at v[row(k) + col(j)] */
    size_t ld;                     /* in: col(j) = j * ld unless col_at is given */
    const size_t *row_at, *col_at; /* in, optional (NULL: row(k) = k, col(j) = j * ld): row(k) = row_at[k] and
                                    * col(j) = col_at[j], element offsets into v (a permuted or scattered grid) */
    const char **label; /* out, max_rows * nlab: field f of record k starts at label[k * nlab + f], label_len bytes
                         * long, not NUL-terminated, inside the reader's buffer: valid until the next call on c */
    size_t *label_len;
    size_t *line; /* out, max_rows: the line of each record */
    int blanks;   /* in: an empty label is plain, and an empty or blank number field gives NaN (which no number
                   * gives: the caller's mark of an empty cell); 0: such a record is not plain */
} tsc_csv_numeric;

/* Reads the next records of c that are plain numeric records (unquoted labels, every number strictly decimal,
 * exactly nlab + ncol fields) into spec, *nread of them, stopping before the first that is not, at end of file or
 * after max_rows. *nread = 0 means: read the next record with tsc__csv_next (it may be blank-separated, quoted, the
 * end of file or an error, which tsc__csv_next and the caller's checks then report at its line and column);
 * calls may alternate freely with tsc__csv_next. < 0 only on a read error or out of memory (err filled). */
int tsc__csv_read_numeric(tsc_csv *c, const tsc_csv_numeric *spec, size_t *nread, tsc_error *err);

/* A numeric matrix read a row at a time: blocks of plain numeric records through tsc__csv_read_numeric, any other
 * record handed to the caller as c's current record (read by tsc__csv_next), to be read field by field so that its
 * errors are located at its line and column. */
typedef struct tsc_csv_rows {
    tsc_csv *c;
    size_t nlab, ncol, cap, n, next;
    double *v;              /* cap rows of ncol numbers; v[0 .. ncol) is free for the caller after a 2 */
    size_t *row_at, *lines; /* where each row starts in v; the line of each */
    const char **label;     /* cap * nlab labels (not NUL-terminated) and their lengths */
    size_t *label_len;
    size_t line;            /* out: the line of the row last returned */
    const char *const *lab; /* out: a bulk row's nlab labels, lablen bytes each */
    const size_t *lablen;
    int blanks; /* in, set after tsc__csv_rows_init: tsc_csv_numeric's blanks */
} tsc_csv_rows;

/* Prepares b for records of nlab labels and ncol numbers (blocks of about 32 MiB of numbers). */
int tsc__csv_rows_init(tsc_csv_rows *b, tsc_csv *c, size_t nlab, size_t ncol, tsc_error *err);
/* 1: a plain numeric record, its numbers at *row (valid until the next call), b->line, b->lab and b->lablen set;
 * 2: a record the bulk parser left: c's current record, for the caller; 0: end of file; < 0: error (err filled). */
int tsc__csv_rows_next(tsc_csv_rows *b, const double **row, tsc_error *err);
/* As tsc__csv_rows_next, but 1 gives all the rows of the block not yet returned: *n of them, row k at
 * *rows + k * ncol, its line b->lines[b->next - *n + k] (b->line: the first's), its labels at b->label and
 * b->label_len from (b->next - *n + k) * nlab. Readers that place a block column by column touch each column of a
 * column-major matrix once per block instead of once per row. */
int tsc__csv_rows_block(tsc_csv_rows *b, const double **rows, size_t *n, tsc_error *err);
void tsc__csv_rows_free(tsc_csv_rows *b);

/* Opens path and reads its header, which must be exactly the nnames names given ("header must be a,b,c"
 * otherwise); an empty file is an error too. */
int tsc__csv_open_header(const char *path, const char *const *names, size_t nnames, tsc_csv **out, tsc_error *err);

/* TSC_OK when the current record has n fields, else a located "ragged row" error. */
int tsc__csv_expect_fields(const tsc_csv *c, size_t n, tsc_error *err);

/* Fills err with an error located at field i of the current record (i past the end: end of line). */
int tsc__csv_error_at(const tsc_csv *c, size_t i, tsc_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

#endif
