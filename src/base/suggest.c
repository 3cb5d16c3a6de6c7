/* "Did you mean": the nearest known word in edit distance (Levenshtein), for error messages. */
#include <string.h>

#include "tariffscope/suggest.h"

#define MAX_WORD 63
#define MAX_EDITS 2

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), prev[MAX_WORD + 1], cur[MAX_WORD + 1];
    if (la >= MAX_WORD || lb >= MAX_WORD) return MAX_EDITS + 1;
    for (size_t j = 0; j <= lb; j++) prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]), del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb];
}

const char *tsc_suggest(const char *word, const char *const *known, size_t n)
{
    const char *best = NULL;
    size_t bd = MAX_EDITS + 1;
    for (size_t i = 0; i < n && known[i]; i++) {
        size_t d = edit_distance(word ? word : "", known[i]);
        if (d < bd) {
            bd = d;
            best = known[i];
        }
    }
    return best;
}
