/* The region-by-sector grid behind a database's labels: distinct codes, each label's place, repeats and gaps. */
#include <stdint.h>
#include <string.h>

#include "alloc_int.h"
#include "error_int.h"
#include "table_grid_int.h"
#include "table_int.h"

void tsc__grid_free(tsc_grid *g)
{
    if (!g) return;
    for (size_t r = 0; g->regions && r < g->G; r++) tsc__free(g->regions[r]);
    for (size_t p = 0; g->parts && p < g->P; p++) tsc__free(g->parts[p]);
    tsc__free(g->regions);
    tsc__free(g->parts);
    tsc__free(g->cell);
    memset(g, 0, sizeof *g);
}

size_t tsc__grid_find(char *const *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], name) == 0) return i;
    return n;
}

static size_t line_of(const tsc_where *w, size_t k)
{
    return w && w->line ? w->line[k] : 0;
}
static size_t col_of(const tsc_where *w, size_t k)
{
    return w && w->col ? w->col[k] : 0;
}

/* The index of name in the growing list *v (appended when new); last speeds up runs of one name. */
static int intern(char ***v, size_t *n, size_t cap, const char *name, size_t *last, size_t *idx)
{
    if (*last < *n && strcmp((*v)[*last], name) == 0) {
        *idx = *last;
        return TSC_OK;
    }
    size_t i = tsc__grid_find(*v, *n, name);
    if (i == *n) {
        if (*n == cap || !((*v)[*n] = tsc__strdup(name))) return TSC_ENOMEM;
        (*n)++;
    }
    *idx = *last = i;
    return TSC_OK;
}

/* Pass 1: distinct regions and parts, and each label's pair of indices in cell (r * m + p, final form later). */
static int collect(tsc_grid *g, size_t m, const char *const *region, const char *const *part, size_t *rix, size_t *pix)
{
    size_t lastr = SIZE_MAX, lastp = SIZE_MAX;
    for (size_t k = 0; k < m; k++)
        if (intern(&g->regions, &g->G, m, region[k], &lastr, &rix[k]) ||
            intern(&g->parts, &g->P, m, part[k], &lastp, &pix[k]))
            return TSC_ENOMEM;
    return TSC_OK;
}

/* Pass 2: each pair once, every pair present. first[c] = the label holding pair c. */
static int check_pairs(tsc_grid *g, size_t m, const size_t *rix, const size_t *pix, size_t *first,
                       const char *const *region, const char *const *part, const tsc_where *w, const char *what,
                       tsc_error *err)
{
    const char *path = w ? w->path : NULL;
    for (size_t c = 0; c < g->G * g->P; c++) first[c] = SIZE_MAX;
    for (size_t k = 0; k < m; k++) {
        size_t c = rix[k] * g->P + pix[k];
        if (first[c] != SIZE_MAX)
            return tsc__error(err, TSC_ELABEL, path, line_of(w, k), col_of(w, k),
                              "%s '%s' of region '%s' appears twice (first at line %zu, column %zu)", what, part[k],
                              region[k], line_of(w, first[c]), col_of(w, first[c]));
        first[c] = k;
        g->cell[k] = c;
    }
    for (size_t c = 0; c < g->G * g->P; c++) {
        if (first[c] != SIZE_MAX) continue;
        size_t r = c / g->P, k0 = 0;
        while (k0 < m && rix[k0] != r) k0++;
        return tsc__error(err, TSC_ELABEL, path, line_of(w, k0), col_of(w, k0),
                          "region '%s' has no %s '%s' (every region needs the same %ss)", g->regions[r], what,
                          g->parts[c % g->P], what);
    }
    return TSC_OK;
}

/* More pairs than labels: some region lacks a part. Names the first such region and part without a G x P array. */
static int name_gap(const tsc_grid *g, size_t m, const size_t *rix, const size_t *pix, const tsc_where *w,
                    const char *what, tsc_error *err)
{
    const char *path = w ? w->path : NULL;
    unsigned char *seen = tsc__calloc(g->P, 1);
    if (!seen) return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    for (size_t r = 0; r < g->G; r++) {
        size_t k0 = SIZE_MAX;
        memset(seen, 0, g->P);
        for (size_t k = 0; k < m; k++)
            if (rix[k] == r) {
                seen[pix[k]] = 1;
                if (k0 == SIZE_MAX) k0 = k;
            }
        for (size_t p = 0; p < g->P; p++)
            if (!seen[p]) {
                int rc = tsc__error(err, TSC_ELABEL, path, line_of(w, k0), col_of(w, k0),
                                    "region '%s' has no %s '%s' (every region needs the same %ss)", g->regions[r], what,
                                    g->parts[p], what);
                tsc__free(seen);
                return rc;
            }
    }
    tsc__free(seen);
    return tsc__error(err, TSC_ELABEL, path, 0, 0, "labels do not form a region x %s grid", what);
}

int tsc__grid_build(tsc_grid *g, size_t m, const char *const *region, const char *const *part, const tsc_where *where,
                    const char *what, tsc_error *err)
{
    const char *path = where ? where->path : NULL;
    size_t *rix = NULL, *pix = NULL, *first = NULL, cells;
    int rc = TSC_OK;
    memset(g, 0, sizeof *g);
    if (m == 0) return tsc__error(err, TSC_EDIM, path, 0, 0, "no labels");
    g->m = m;
    g->regions = tsc__calloc(m, sizeof *g->regions);
    g->parts = tsc__calloc(m, sizeof *g->parts);
    g->cell = tsc__calloc(m, sizeof *g->cell);
    rix = tsc__calloc(m, sizeof *rix);
    pix = tsc__calloc(m, sizeof *pix);
    if (!g->regions || !g->parts || !g->cell || !rix || !pix || collect(g, m, region, part, rix, pix)) goto nomem;
    if (tsc__mul_size(g->G, g->P, &cells) || cells > m) {
        rc = name_gap(g, m, rix, pix, where, what, err);
        goto done;
    }
    if (!(first = tsc__calloc(cells, sizeof *first))) goto nomem;
    rc = check_pairs(g, m, rix, pix, first, region, part, where, what, err);
    goto done;
nomem:
    rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory for %zu labels", m);
done:
    tsc__free(rix);
    tsc__free(pix);
    tsc__free(first);
    if (rc) tsc__grid_free(g);
    return rc;
}

int tsc__grid_label_table(tsc_table *t, const tsc_grid *ind, const tsc_grid *fd, const char *path, tsc_error *err)
{
    for (size_t r = 0; r < t->G; r++)
        if (!(t->regions[r] = tsc__strdup(ind->regions[r]))) goto nomem;
    for (size_t p = 0; p < t->N; p++) {
        if (!(t->sectors[p] = tsc__strdup(ind->parts[p]))) goto nomem;
        t->goods[p] = t->sectors[p][0] == 'A' || t->sectors[p][0] == 'B' || t->sectors[p][0] == 'C';
    }
    for (size_t f = 0; f < t->F; f++)
        if (!(t->fdcats[f] = tsc__strdup(fd->parts[f]))) goto nomem;
    return TSC_OK;
nomem:
    return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
}
