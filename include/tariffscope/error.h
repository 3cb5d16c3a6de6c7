/* Status codes and the caller-owned error record every tariffscope call may fill. */
#ifndef TARIFFSCOPE_ERROR_H
#define TARIFFSCOPE_ERROR_H

#include <stddef.h>

/* Zero is success, negative values are errors, positive values are warnings. */
typedef enum tsc_status {
    TSC_WNOCONV = 2,     /* warning: an iterative solver stopped at its iteration limit before converging */
    TSC_WDEGENERATE = 1, /* warning: sectors with zero or negative gross output were given zero coefficients */
    TSC_OK = 0,
    TSC_ENOMEM = -1,        /* an allocation failed */
    TSC_EIO = -2,           /* a file could not be opened, read or written */
    TSC_EPARSE = -3,        /* malformed text: ragged rows, non-numbers, bad quoting, binary data */
    TSC_EDIM = -4,          /* inconsistent dimensions */
    TSC_ELABEL = -5,        /* duplicate, unknown or misordered labels */
    TSC_EBALANCE = -6,      /* the table's accounting identities fail beyond the tolerance */
    TSC_ESINGULAR = -7,     /* I - A is singular to working precision */
    TSC_EUNPRODUCTIVE = -8, /* I - A is not productive (spectral radius of A >= 1) */
    TSC_ENUMERIC = -9,      /* NaN, Inf or a residual beyond its tolerance */
    TSC_EINVAL = -10,       /* an invalid argument or option */
    TSC_ETOOBIG = -11,      /* input beyond a documented size ceiling */
    TSC_EFORMAT = -12,      /* the input layout was not recognised */
    TSC_EDEGENERATE = -13   /* degenerate sectors found and strict mode is on */
} tsc_status;

/* Filled by a failing call when the caller passes one; may be NULL everywhere.
 * file/line/col locate the offending input where there is one (line and col are 1-based, 0 = unknown). */
typedef struct tsc_error {
    int code;
    char file[512];
    size_t line;
    size_t col;
    char msg[512];
} tsc_error;

/* Resets an error record to TSC_OK with no message. */
void tsc_error_clear(tsc_error *err);

/* A short constant description of a status code ("singular matrix", ...). */
const char *tsc_status_str(int code);

/* Writes "file:line:col: msg" (the parts that are known) into buf; returns buf. */
char *tsc_error_format(const tsc_error *err, char *buf, size_t size);

/* Records code, the location (file may be NULL; line and col 1-based, 0 = unknown) and the printf-style message in
 * err, and returns code; with err NULL it only returns code. The library records its own errors through the same
 * internal function, so one breakpoint there catches every error, the library's and its callers'. file and the
 * message's arguments may point into err itself (to amend an error: "%s; hint", err->msg). */
#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
int tsc_error_set(tsc_error *err, int code, const char *file, size_t line, size_t col, const char *fmt, ...);

#endif
