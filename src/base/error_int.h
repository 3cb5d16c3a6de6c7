/* Internal: the one place errors are recorded (break on tsc__error to catch every error). */
#ifndef TSC_ERROR_INT_H
#define TSC_ERROR_INT_H

#include "tariffscope/error.h"

#if defined(__GNUC__)
#define TSC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TSC_PRINTF(a, b)
#endif

/* Records code, location and message in err (if non-NULL) and returns code. */
int tsc__error(tsc_error *err, int code, const char *file, size_t line, size_t col, const char *fmt, ...)
    TSC_PRINTF(6, 7);

#endif
