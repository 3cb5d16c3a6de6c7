/* Region groups (EU27, ASEAN, USMCA, ...) read from CSV files "group,member". */
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "groups_int.h"

int tsc_groups_new(tsc_groups **out, tsc_error *err)
{
    *out = tsc__calloc(1, sizeof **out);
    return *out ? TSC_OK : tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
}

void tsc_groups_free(tsc_groups *g)
{
    if (!g) return;
    for (size_t i = 0; i < g->n; i++) {
        tsc__free(g->group[i]);
        tsc__free(g->member[i]);
    }
    tsc__free(g->group);
    tsc__free(g->member);
    tsc__free(g);
}

int tsc_groups_add_file(tsc_groups *g, const char *path, tsc_error *err)
{
    static const char *const header[2] = {"group", "member"};
    tsc_csv *c = NULL;
    int rc = tsc__csv_open_header(path, header, 2, &c, err);
    if (rc) return rc;
    while ((rc = tsc__csv_next(c, err)) == 1) {
        if (tsc__csv_nfields(c) != 2 || !tsc__csv_flen(c, 0) || !tsc__csv_flen(c, 1)) {
            rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "expected group,member");
            goto done;
        }
        if (g->n == g->cap) {
            size_t cap = g->cap ? 2 * g->cap : 64;
            char **a = tsc__realloc(g->group, cap * sizeof *a);
            if (a) g->group = a;
            char **b = a ? tsc__realloc(g->member, cap * sizeof *b) : NULL;
            if (!b) {
                rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
                goto done;
            }
            g->member = b;
            g->cap = cap;
        }
        g->group[g->n] = tsc__strdup(tsc__csv_field(c, 0));
        g->member[g->n] = tsc__strdup(tsc__csv_field(c, 1));
        if (!g->group[g->n] || !g->member[g->n]) {
            tsc__free(g->group[g->n]);
            tsc__free(g->member[g->n]);
            rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
            goto done;
        }
        g->n++;
    }
done:
    tsc__csv_close(c);
    return rc < 0 ? rc : TSC_OK;
}

int tsc__groups_has(const tsc_groups *g, const char *name)
{
    for (size_t i = 0; g && i < g->n; i++)
        if (strcmp(g->group[i], name) == 0) return 1;
    return 0;
}
