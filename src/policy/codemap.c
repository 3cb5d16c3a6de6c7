/* Detailed codes (WIOD regions and sectors, ISO3 partners) mapped to a table's codes through its aggregation. */
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "codemap_int.h"

void tsc__codemap_free(tsc_codemap *c)
{
    if (!c) return;
    for (size_t k = 0; k < c->nregion; k++) {
        tsc__free(c->rfrom[k]);
        tsc__free(c->rto[k]);
    }
    for (size_t k = 0; k < c->nsector; k++) {
        tsc__free(c->sfrom[k]);
        tsc__free(c->sto[k]);
    }
    tsc__free(c->rfrom);
    tsc__free(c->rto);
    tsc__free(c->sfrom);
    tsc__free(c->sto);
    memset(c, 0, sizeof *c);
}

static int push_pair(char ***from, char ***to, size_t *n, const char *a, const char *b)
{
    char **f = tsc__realloc(*from, (*n + 1) * sizeof *f);
    if (!f) return -1;
    *from = f;
    char **t = tsc__realloc(*to, (*n + 1) * sizeof *t);
    if (!t) return -1;
    *to = t;
    f[*n] = tsc__strdup(a);
    t[*n] = tsc__strdup(b);
    (*n)++;
    return f[*n - 1] && t[*n - 1] ? 0 : -1;
}

int tsc__codemap_load(const char *csv, tsc_codemap *c, tsc_error *err)
{
    static const char *const head[3] = {"kind", "from", "to"};
    memset(c, 0, sizeof *c);
    tsc_csv *in = NULL;
    int rc = tsc__csv_open_header(csv, head, 3, &in, err);
    if (rc) return rc;
    while ((rc = tsc__csv_next(in, err)) == 1) {
        if ((rc = tsc__csv_expect_fields(in, 3, err))) break;
        const char *kind = tsc__csv_field(in, 0), *a = tsc__csv_field(in, 1), *b = tsc__csv_field(in, 2);
        int bad;
        if (strcmp(kind, "region") == 0) bad = push_pair(&c->rfrom, &c->rto, &c->nregion, a, b);
        else if (strcmp(kind, "sector") == 0) bad = push_pair(&c->sfrom, &c->sto, &c->nsector, a, b);
        else {
            rc = tsc__csv_error_at(in, 0, err, TSC_EPARSE, "kind must be region or sector, not '%s'", kind);
            break;
        }
        if (bad) {
            rc = tsc__error(err, TSC_ENOMEM, csv, 0, 0, "out of memory");
            break;
        }
    }
    tsc__csv_close(in);
    if (rc < 0) {
        tsc__codemap_free(c);
        return rc;
    }
    return TSC_OK;
}

static size_t table_region(const tsc_table *t, const char *code)
{
    for (size_t r = 0; r < tsc_table_nregions(t); r++)
        if (strcmp(tsc_table_region(t, r), code) == 0) return r;
    return TSC_NONE;
}

static size_t table_sector(const tsc_table *t, const char *code)
{
    for (size_t s = 0; s < tsc_table_nsectors(t); s++)
        if (strcmp(tsc_table_sector(t, s), code) == 0) return s;
    return TSC_NONE;
}

static size_t mapped_region(const tsc_table *t, const tsc_codemap *c, const char *code)
{
    size_t r = table_region(t, code);
    if (r != TSC_NONE || !c) return r;
    for (size_t k = 0; k < c->nregion; k++)
        if (strcmp(c->rfrom[k], code) == 0) return table_region(t, c->rto[k]);
    return TSC_NONE;
}

size_t tsc__codemap_region(const tsc_table *t, const tsc_codemap *c, const char *code)
{
    size_t r = mapped_region(t, c, code);
    /* Romania: ISO3 ROU, WIOD ROM */
    if (r == TSC_NONE && strcmp(code, "ROU") == 0) r = mapped_region(t, c, "ROM");
    return r;
}

size_t tsc__codemap_sector(const tsc_table *t, const tsc_codemap *c, const char *code)
{
    size_t s = table_sector(t, code);
    if (s != TSC_NONE || !c) return s;
    for (size_t k = 0; k < c->nsector; k++)
        if (strcmp(c->sfrom[k], code) == 0) return table_sector(t, c->sto[k]);
    return TSC_NONE;
}

size_t tsc__codemap_rest(const tsc_table *t, const tsc_codemap *c)
{
    size_t r = mapped_region(t, c, "RoW");
    if (r == TSC_NONE) r = table_region(t, "ROW");
    return r;
}
