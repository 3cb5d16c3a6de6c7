/* Internal: correctly rounded decimal-to-double conversion with a fast path for plain numbers. */
#ifndef TSC_NUMPARSE_INT_H
#define TSC_NUMPARSE_INT_H

#include <stddef.h>

enum { TSC_NUM_OK = 0, TSC_NUM_EMPTY = -1, TSC_NUM_INVALID = -2, TSC_NUM_NONFINITE = -3 };

/* Parses s[0..len) (surrounding blanks allowed) into *out. The result is exactly what strtod gives;
 * NaN and infinities are refused with TSC_NUM_NONFINITE. */
int tsc__parse_double(const char *s, size_t len, double *out);

#endif
