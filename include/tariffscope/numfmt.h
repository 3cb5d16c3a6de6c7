/* Numbers as text: fast formatting of doubles, byte for byte what printf's "%.17g" gives (so every value reads back
 * exactly), and correctly rounded parsing of decimal text. */
#ifndef TARIFFSCOPE_NUMFMT_H
#define TARIFFSCOPE_NUMFMT_H

#include <stddef.h>

/* Writes v as "%.17g" would, NUL-terminated, into buf (at least TSC_DTOA_SIZE bytes); returns the length.
 * Exact integer arithmetic for 1e-4 <= |v| < 1e15, where output tables spend their time; printf elsewhere. */
#define TSC_DTOA_SIZE 32
size_t tsc_dtoa17(double v, char *buf);

/* Reads the decimal number s[0..len) (blanks around it allowed; no NUL needed) into *out: the double strtod gives
 * in the C locale, correctly rounded (half to even), by the library's own parser (src/base/numparse.c: Clinger's
 * fast path, Eisel-Lemire, exact big-decimal arithmetic). Returns TSC_OK; TSC_EPARSE for an empty string or
 * anything but decimal notation (hex floats too); TSC_ENUMERIC for NaN, infinities and overflow. *out is set only
 * on success; an underflow gives 0 or a subnormal, as strtod does. Thread-safe. */
int tsc_number_parse(const char *s, size_t len, double *out);

#endif
