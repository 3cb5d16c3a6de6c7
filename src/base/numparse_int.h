/* Internal: correctly rounded decimal-to-double conversion of the project's own (src/base/numparse.c). */
#ifndef TSC_NUMPARSE_INT_H
#define TSC_NUMPARSE_INT_H

#include <stddef.h>

enum { TSC_NUM_OK = 0, TSC_NUM_EMPTY = -1, TSC_NUM_INVALID = -2, TSC_NUM_NONFINITE = -3 };

/* Parses s[0..len) (surrounding blanks allowed) into *out. The result is exactly what strtod gives in the C locale
 * (correct rounding, half to even); only decimal notation is accepted (no hex, "inf" or "nan": those and an
 * overflow to infinity are TSC_NUM_NONFINITE; an underflow gives 0 or a subnormal, as strtod does). */
int tsc__parse_double(const char *s, size_t len, double *out);

/* Scans the longest number [sign] digits [. digits] [(e|E) [sign] digits] at s (no blanks; at least one digit
 * in the mantissa) within [s, end) and sets *stop just past it. TSC_NUM_OK with *out set; TSC_NUM_NONFINITE on
 * overflow (*stop still set); TSC_NUM_INVALID when no number starts at s (*stop not set). Thread-safe. */
int tsc__parse_number(const char *s, const char *end, double *out, const char **stop);

#endif
