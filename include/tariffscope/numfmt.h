/* Fast formatting of doubles, byte for byte what printf's "%.17g" gives (so every value reads back exactly). */
#ifndef TARIFFSCOPE_NUMFMT_H
#define TARIFFSCOPE_NUMFMT_H

#include <stddef.h>

/* Writes v as "%.17g" would, NUL-terminated, into buf (at least TSC_DTOA_SIZE bytes); returns the length.
 * Exact integer arithmetic for 1e-4 <= |v| < 1e15, where output tables spend their time; printf elsewhere. */
#define TSC_DTOA_SIZE 32
size_t tsc_dtoa17(double v, char *buf);

#endif
