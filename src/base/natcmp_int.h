/* Internal: codes compared with their runs of digits as numbers. */
#ifndef TSC_NATCMP_INT_H
#define TSC_NATCMP_INT_H

/* <0, 0, >0 as a sorts before, with or after b, runs of digits compared as numbers (c2 < c10; leading zeros do not
 * count), the rest byte by byte; codes equal that way (c01, c1) are ordered by strcmp, so the order is total. It
 * puts WIOD's c1 ... c35 and NACE's A01 < A02 < B < C10T12 < ... < C31_32 < C33 in their order. */
int tsc__natural_cmp(const char *a, const char *b);

/* tsc__natural_cmp for qsort on an array of char *. */
int tsc__natural_qsort(const void *a, const void *b);

#endif
