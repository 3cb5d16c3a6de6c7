/* Internal: the library's one table of powers of ten, for number parsing, formatting and HS-code prefixes. */
#ifndef TSC_POW10_INT_H
#define TSC_POW10_INT_H

#include <stdint.h>

/* 10^k as an exact unsigned 64-bit integer, 0 <= k <= TSC__POW10_U64_MAX (10^19 is the largest that fits). */
#define TSC__POW10_U64_MAX 19
extern const uint64_t tsc__pow10_u64[TSC__POW10_U64_MAX + 1];

/* 10^k as a binary64 double that is exact, 0 <= k <= TSC__POW10_EXACT_MAX (5^22 < 2^53 <= 5^23, so 10^22 is the
 * largest): a product or quotient by one of them is a single correctly rounded operation (Clinger's fast path). */
#define TSC__POW10_EXACT_MAX 22
extern const double tsc__pow10_exact[TSC__POW10_EXACT_MAX + 1];

#endif
