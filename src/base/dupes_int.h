/* Internal: finding a repeated label among n in O(n log n) (base/dupes.c). */
#ifndef TSC_DUPES_INT_H
#define TSC_DUPES_INT_H

#include <stddef.h>

/* The first repeat in v[0..n-1] in reading order: the smallest index *later whose string occurs at some earlier
 * index *first. Returns 1 and sets both when there is one, 0 when the strings are distinct, -1 out of memory.
 * Sorting, not pairwise comparison, so a list of a million labels costs milliseconds. */
int tsc__find_duplicate(const char *const *v, size_t n, size_t *first, size_t *later);

#endif
