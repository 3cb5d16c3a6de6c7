/* Internal: every allocation goes through here, so tests can make the n-th one fail. */
#ifndef TSC_ALLOC_INT_H
#define TSC_ALLOC_INT_H

#include <stddef.h>

void *tsc__malloc(size_t size);
void *tsc__calloc(size_t count, size_t size);
void *tsc__realloc(void *ptr, size_t size);
void tsc__free(void *ptr);
char *tsc__strdup(const char *s);
char *tsc__strndup(const char *s, size_t n);

/* a*b without overflow into *out; returns 0 on success, -1 on overflow. */
int tsc__mul_size(size_t a, size_t b, size_t *out);
/* Allocates count doubles, checking count*8 for overflow. */
double *tsc__alloc_doubles(size_t count, int zero);

#endif
