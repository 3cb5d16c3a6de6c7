/* Internal: a streaming CSV reader (RFC 4180 quoting, gzip or plain, BOM and CRLF accepted). */
#ifndef TSC_CSV_INT_H
#define TSC_CSV_INT_H

#include <stddef.h>

#include "tariffscope/error.h"

typedef struct tsc_csv tsc_csv;

/* Default ceiling on one record's size; a longer record is refused with TSC_ETOOBIG. */
#define TSC_CSV_MAX_RECORD ((size_t)256 << 20)

/* Opens path (gzip-compressed or plain; detected from the content). */
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
