/* "Did you mean": the known word closest to a misspelt one, for error messages (scenario files, sweep plans). */
#ifndef TARIFFSCOPE_SUGGEST_H
#define TARIFFSCOPE_SUGGEST_H

#include <stddef.h>

/* The word of known[0..n-1] (stopping early at a NULL entry) nearest to word in edit distance (Levenshtein), when it
 * is at most 2 edits away; NULL otherwise, or for words of 63 characters or more. */
const char *tsc_suggest(const char *word, const char *const *known, size_t n);

#endif
