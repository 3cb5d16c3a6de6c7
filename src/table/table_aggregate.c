/* Aggregation of regions and sectors by a concordance: every flow summed into its target cell. */
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "table_int.h"

/* Target names in order of first appearance, and the map from source index to target index. */
typedef struct agg_map {
    char **to;     /* per source code: target name (borrowed or owned) */
    size_t *index; /* per source code: target index */
    char **names;  /* target names, in order */
    size_t count;
} agg_map;

static void map_free(agg_map *m, size_t nsrc)
{
    if (m->to)
        for (size_t i = 0; i < nsrc; i++) tsc__free(m->to[i]);
    tsc__free(m->to);
    tsc__free(m->index);
    tsc__free(m->names); /* names point into to[] */
}

static int map_alloc(agg_map *m, size_t nsrc)
{
    memset(m, 0, sizeof *m);
    m->to = tsc__calloc(nsrc, sizeof *m->to);
    m->index = tsc__calloc(nsrc, sizeof *m->index);
    m->names = tsc__calloc(nsrc, sizeof *m->names);
    return m->to && m->index && m->names ? 0 : -1;
}

static long find(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0) return (long)i;
    return -1;
}

/* Codes not listed keep their own name; then targets are numbered in order of first appearance. */
static int map_finish(agg_map *m, char *const *src, size_t nsrc, tsc_error *err)
{
    for (size_t i = 0; i < nsrc; i++) {
        if (!m->to[i] && !(m->to[i] = tsc__strdup(src[i])))
            return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        long k = find(m->names, m->count, m->to[i]);
        if (k < 0) {
            k = (long)m->count;
            m->names[m->count++] = m->to[i];
        }
        m->index[i] = (size_t)k;
    }
    return TSC_OK;
}

static int read_concordance(const char *path, const tsc_table *t, agg_map *rm, agg_map *sm, tsc_error *err)
{
    static const char *const header[3] = {"kind", "from", "to"};
    tsc_csv *c = NULL;
    int rc = tsc__csv_open_header(path, header, 3, &c, err);
    if (rc) return rc;
    while ((rc = tsc__csv_next(c, err)) == 1) {
        if ((rc = tsc__csv_expect_fields(c, 3, err))) goto done;
        const char *kind = tsc__csv_field(c, 0), *from = tsc__csv_field(c, 1), *to = tsc__csv_field(c, 2);
        int is_region = strcmp(kind, "region") == 0;
        if (!is_region && strcmp(kind, "sector") != 0) {
            rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "kind '%s' is neither 'region' nor 'sector'", kind);
            goto done;
        }
        if (!*to) {
            rc = tsc__csv_error_at(c, 2, err, TSC_ELABEL, "empty target code");
            goto done;
        }
        agg_map *m = is_region ? rm : sm;
        long i = is_region ? find(t->regions, t->G, from) : find(t->sectors, t->N, from);
        if (i < 0) {
            rc = tsc__csv_error_at(c, 1, err, TSC_ELABEL, "unknown %s code '%s' (not in the table)", kind, from);
            goto done;
        }
        if (m->to[i]) {
            rc = tsc__csv_error_at(c, 1, err, TSC_ELABEL, "%s '%s' is mapped twice", kind, from);
            goto done;
        }
        if (!(m->to[i] = tsc__strdup(to))) {
            rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
            goto done;
        }
    }
done:
    tsc__csv_close(c);
    return rc < 0 ? rc : TSC_OK;
}

/* Extensions: F summed by target industry, F_Y by target region (categories kept). */
static int aggregate_extensions(const tsc_table *t, tsc_table *a, const size_t *to, const size_t *rto, tsc_error *err)
{
    for (size_t x = 0; x < t->next; x++) {
        const tsc_ext *e = &t->ext[x];
        size_t k = e->k, F = t->F;
        double *f = tsc__alloc_doubles(k * a->n, 1), *fy = e->FY ? tsc__alloc_doubles(k * a->G * F, 1) : NULL;
        int rc = (!f || (e->FY && !fy)) ? tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory") : TSC_OK;
        for (size_t j = 0; !rc && j < t->n; j++)
            for (size_t r = 0; r < k; r++) f[r + to[j] * k] += e->F[r + j * k];
        for (size_t g = 0; !rc && fy && g < t->G; g++)
            for (size_t c = 0; c < F; c++)
                for (size_t r = 0; r < k; r++) fy[r + (rto[g] * F + c) * k] += e->FY[r + (g * F + c) * k];
        if (!rc)
            rc = tsc_table_extension_add(a, e->name, k, (const char *const *)e->accounts, (const char *const *)e->units,
                                         f, fy, err);
        tsc__free(f);
        tsc__free(fy);
        if (rc) return rc;
    }
    return TSC_OK;
}

int tsc_table_aggregate(const tsc_table *t, const char *concordance_csv, tsc_table **out, tsc_error *err)
{
    agg_map rm, sm;
    tsc_table *a = NULL;
    *out = NULL;
    int rc = TSC_OK;
    if (map_alloc(&rm, t->G) || map_alloc(&sm, t->N)) {
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    if ((rc = read_concordance(concordance_csv, t, &rm, &sm, err)) || (rc = map_finish(&rm, t->regions, t->G, err)) ||
        (rc = map_finish(&sm, t->sectors, t->N, err)))
        goto fail;
    size_t G = rm.count, N = sm.count, F = t->F, n = G * N;
    if (!(a = tsc__table_alloc(G, N, F, (size_t)-1, err))) {
        rc = err ? err->code : TSC_ENOMEM;
        goto fail;
    }
    for (size_t r = 0; r < G; r++)
        if (!(a->regions[r] = tsc__strdup(rm.names[r]))) {
            rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
            goto fail;
        }
    for (size_t s = 0; s < N; s++)
        if (!(a->sectors[s] = tsc__strdup(sm.names[s]))) {
            rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
            goto fail;
        }
    for (size_t f = 0; f < F; f++)
        if (!(a->fdcats[f] = tsc__strdup(t->fdcats[f]))) {
            rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
            goto fail;
        }
    memset(a->goods, 0, N);
    for (size_t s = 0; s < t->N; s++) a->goods[sm.index[s]] |= t->goods[s];
    size_t *to = tsc__malloc(t->n * sizeof *to);
    if (!to) {
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < t->n; i++) to[i] = rm.index[i / t->N] * N + sm.index[i % t->N];
    for (size_t j = 0; j < t->n; j++) {
        double *dst = a->Z + to[j] * n;
        const double *src = t->Z + j * t->n;
        for (size_t i = 0; i < t->n; i++) dst[to[i]] += src[i];
    }
    for (size_t r = 0; r < t->G; r++)
        for (size_t f = 0; f < F; f++) {
            double *dst = a->Y + (rm.index[r] * F + f) * n;
            const double *src = t->Y + (r * F + f) * t->n;
            for (size_t i = 0; i < t->n; i++) dst[to[i]] += src[i];
        }
    for (size_t i = 0; i < t->n; i++) {
        a->x[to[i]] += t->x[i];
        a->va[to[i]] += t->va[i];
    }
    rc = aggregate_extensions(t, a, to, rm.index, err);
    tsc__free(to);
    if (rc) goto fail;
    snprintf(a->unit, sizeof a->unit, "%s", t->unit);
    a->year = t->year;
    if (snprintf(a->source, sizeof a->source, "%s aggregated by %s", t->source, concordance_csv) < 0)
        a->source[0] = '\0';
    tsc_load_opts opts;
    tsc_load_opts_init(&opts);
    opts.max_bytes = (size_t)-1;
    rc = tsc__table_finish(a, &opts, 1, 1, NULL, err);
    if (rc < 0) goto fail;
    *out = a;
    a = NULL;
fail:
    tsc_table_free(a);
    map_free(&rm, t->G);
    map_free(&sm, t->N);
    return rc;
}
