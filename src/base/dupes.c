/* Repeated labels found by sorting (O(n log n)), so that checking a header of any size stays cheap. */
#include <stdlib.h>
#include <string.h>

#include "alloc_int.h"
#include "dupes_int.h"

typedef struct keyed {
    const char *s;
    size_t i;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

int tsc__find_duplicate(const char *const *v, size_t n, size_t *first, size_t *later)
{
    if (n < 2) return 0;
    keyed *k = tsc__malloc(n * sizeof *k);
    if (!k) return -1;
    for (size_t i = 0; i < n; i++) {
        k[i].s = v[i];
        k[i].i = i;
    }
    qsort(k, n, sizeof *k, cmp_keyed);
    int found = 0;
    /* in a run of equal strings sorted by index, the second is the earliest repeat of that string */
    for (size_t a = 1; a < n; a++)
        if (strcmp(k[a].s, k[a - 1].s) == 0 && (a < 2 || strcmp(k[a - 1].s, k[a - 2].s) != 0) &&
            (!found || k[a].i < *later)) {
            *first = k[a - 1].i;
            *later = k[a].i;
            found = 1;
        }
    tsc__free(k);
    return found;
}
