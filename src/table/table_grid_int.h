/* Internal: the region-by-sector grid behind a database's labels, whatever order the labels come in. */
#ifndef TSC_TABLE_GRID_INT_H
#define TSC_TABLE_GRID_INT_H

#include <stddef.h>

#include "tariffscope/error.h"

/* Where the labels were read, for errors: label k is at line[k], column col[k] of path (either array may be NULL). */
typedef struct tsc_where {
    const char *path;
    const size_t *line, *col;
} tsc_where;

typedef struct tsc_grid {
    char **regions, **parts; /* distinct regions and parts (sectors or categories), in order of first appearance */
    size_t G, P;
    size_t *cell; /* per label k: r * P + p, the region-major position of its pair */
    size_t m;     /* number of labels */
} tsc_grid;

/* Builds the grid of m labels given as (region, part) pairs. Every pair must occur once (a repeat is TSC_ELABEL at
 * the later label, naming the earlier) and every region must have the same parts (a missing pair is TSC_ELABEL at
 * the region's first label). what names the parts in messages ("sector", "category"). On failure g is empty. */
int tsc__grid_build(tsc_grid *g, size_t m, const char *const *region, const char *const *part, const tsc_where *where,
                    const char *what, tsc_error *err);
void tsc__grid_free(tsc_grid *g);

/* Copies the regions and sectors of the industries' grid ind and the categories of the final demand's grid fd into
 * the labels of t (allocated for ind->G x ind->P x fd->P); goods are the sectors whose code starts with the section
 * letter A, B or C of ISIC rev. 4 and NACE rev. 2 (agriculture, mining, manufacturing). TSC_OK or TSC_ENOMEM (path in
 * the message). */
struct tsc_table;
int tsc__grid_label_table(struct tsc_table *t, const tsc_grid *ind, const tsc_grid *fd, const char *path,
                          tsc_error *err);

/* Index of name among v[0..n-1], or n when absent. */
size_t tsc__grid_find(char *const *v, size_t n, const char *name);

#endif
