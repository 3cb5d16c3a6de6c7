/* HS -> table-sector concordance: HS prefixes (chapters, headings, subheadings), the longest listed one wins. */
#include <stdlib.h>
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "natcmp_int.h"
#include "tariffscope/tariffs.h"

typedef struct entry {
    char hs[12];
    size_t sector;
    size_t line; /* where the file lists it, for a repeat's error */
} entry;

struct tsc_hs_concord {
    entry *e; /* sorted by hs */
    size_t n, cap;
    char **sector; /* distinct codes, in order of first appearance */
    size_t nsec, capsec;
};

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->hs, ((const entry *)b)->hs);
}

/* By code, then by the line listing it (a repeat after its first listing). */
static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->hs, y->hs);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Puts the sector codes in natural order and renumbers the entries (a sort, O(n log n)); -1 out of memory. */
static int sort_sectors(tsc_hs_concord *c, size_t *rank)
{
    char **old = tsc__malloc((c->nsec ? c->nsec : 1) * sizeof *old);
    if (!old) return -1;
    memcpy(old, c->sector, c->nsec * sizeof *old);
    if (c->nsec > 1) qsort(c->sector, c->nsec, sizeof *c->sector, tsc__natural_qsort);
    /* the rank of each old index: codes are distinct, so bsearch finds each one's new place */
    for (size_t s = 0; s < c->nsec; s++) {
        char **at = bsearch(&old[s], c->sector, c->nsec, sizeof *c->sector, tsc__natural_qsort);
        rank[s] = (size_t)(at - c->sector);
    }
    for (size_t i = 0; i < c->n; i++) c->e[i].sector = rank[c->e[i].sector];
    tsc__free(old);
    return 0;
}

void tsc_hs_concord_free(tsc_hs_concord *c)
{
    if (!c) return;
    for (size_t s = 0; s < c->nsec; s++) tsc__free(c->sector[s]);
    tsc__free(c->sector);
    tsc__free(c->e);
    tsc__free(c);
}

size_t tsc_hs_concord_sector_index(const tsc_hs_concord *c, const char *sector)
{
    for (size_t s = 0; s < c->nsec; s++)
        if (strcmp(c->sector[s], sector) == 0) return s;
    return (size_t)-1;
}

static int add_sector(tsc_hs_concord *c, const char *code, size_t *index)
{
    size_t s = tsc_hs_concord_sector_index(c, code);
    if (s != (size_t)-1) {
        *index = s;
        return 0;
    }
    if (c->nsec == c->capsec) {
        size_t cap = c->capsec ? 2 * c->capsec : 64;
        char **p = tsc__realloc(c->sector, cap * sizeof *p);
        if (!p) return -1;
        c->sector = p;
        c->capsec = cap;
    }
    if (!(c->sector[c->nsec] = tsc__strdup(code))) return -1;
    *index = c->nsec++;
    return 0;
}

int tsc_hs_concord_load(const char *path, tsc_hs_concord **out, tsc_error *err)
{
    *out = NULL;
    tsc_hs_concord *c = tsc__calloc(1, sizeof *c);
    tsc_csv *csv = NULL;
    int rc = c ? tsc__csv_open(path, &csv, err) : tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    if (rc) goto done;
    rc = tsc__csv_next(csv, err);
    if (rc == 0) rc = tsc__error(err, TSC_EPARSE, path, 0, 0, "file is empty");
    if (rc < 0) goto done;
    if (tsc__csv_nfields(csv) < 2 || strcmp(tsc__csv_field(csv, 0), "hs") || strcmp(tsc__csv_field(csv, 1), "sector")) {
        rc = tsc__csv_error_at(csv, 0, err, TSC_EPARSE, "header must be hs,sector[,description]");
        goto done;
    }
    size_t nhead = tsc__csv_nfields(csv);
    while ((rc = tsc__csv_next(csv, err)) == 1) {
        if (tsc__csv_nfields(csv) != nhead) {
            rc = tsc__csv_error_at(csv, tsc__csv_nfields(csv) < nhead ? tsc__csv_nfields(csv) : nhead, err, TSC_EPARSE,
                                   "ragged row: %zu fields where the header has %zu", tsc__csv_nfields(csv), nhead);
            goto done;
        }
        const char *hs = tsc__csv_field(csv, 0), *sec = tsc__csv_field(csv, 1);
        size_t len = tsc__csv_flen(csv, 0);
        int digits = len >= 2 && len <= 10 && len % 2 == 0;
        for (size_t i = 0; digits && i < len; i++) digits = hs[i] >= '0' && hs[i] <= '9';
        if (!digits) {
            rc = tsc__csv_error_at(csv, 0, err, TSC_EPARSE, "'%s' is not an HS code of 2, 4, 6, 8 or 10 digits", hs);
            goto done;
        }
        if (!tsc__csv_flen(csv, 1)) {
            rc = tsc__csv_error_at(csv, 1, err, TSC_EPARSE, "empty sector");
            goto done;
        }
        if (c->n == c->cap) {
            size_t cap = c->cap ? 2 * c->cap : 256;
            entry *p = tsc__realloc(c->e, cap * sizeof *p);
            if (!p) {
                rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
                goto done;
            }
            c->e = p;
            c->cap = cap;
        }
        entry *e = &c->e[c->n];
        memcpy(e->hs, hs, len + 1);
        if (add_sector(c, sec, &e->sector)) {
            rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
            goto done;
        }
        e->line = tsc__csv_line(csv);
        c->n++;
    }
    if (rc < 0) goto done;
    if (c->n == 0) {
        rc = tsc__error(err, TSC_EPARSE, path, 0, 0, "no rows after the header");
        goto done;
    }
    qsort(c->e, c->n, sizeof *c->e, cmp_entry);
    /* a code listed twice: sorted by code, then by line, so the repeat follows its first listing */
    size_t later = 0;
    for (size_t k = 1; k < c->n; k++)
        if (strcmp(c->e[k].hs, c->e[k - 1].hs) == 0 && (!later || c->e[k].line < c->e[later].line)) later = k;
    if (later) {
        rc = tsc__error(err, TSC_EPARSE, path, c->e[later].line, 1, "HS code %s is listed twice", c->e[later].hs);
        goto done;
    }
    size_t *rank = tsc__malloc((c->nsec ? c->nsec : 1) * sizeof *rank);
    if (!rank || sort_sectors(c, rank)) {
        tsc__free(rank);
        rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    tsc__free(rank);
    rc = TSC_OK;
done:
    tsc__csv_close(csv);
    if (rc) tsc_hs_concord_free(c);
    else *out = c;
    return rc;
}

const char *tsc_hs_concord_sector(const tsc_hs_concord *c, const char *hs)
{
    size_t len = strlen(hs);
    entry key;
    memset(&key, 0, sizeof key);
    if (len > 10) len = 10;
    for (; len >= 2; len--) {
        memcpy(key.hs, hs, len);
        key.hs[len] = '\0';
        const entry *e = bsearch(&key, c->e, c->n, sizeof *c->e, cmp_code);
        if (e) return c->sector[e->sector];
    }
    return NULL;
}

size_t tsc_hs_concord_nsectors(const tsc_hs_concord *c)
{
    return c->nsec;
}
const char *tsc_hs_concord_sector_code(const tsc_hs_concord *c, size_t s)
{
    return s < c->nsec ? c->sector[s] : NULL;
}
