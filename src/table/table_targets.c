/* Update targets: sets of table cells (rectangles of rows x columns) chosen by codes, and the sums they must reach. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "numparse_int.h"
#include "update_int.h"

/* Where a target's fields came from, so errors point at the offending field. */
typedef struct field_loc {
    const char *file;
    size_t line;
    size_t col[6];
} field_loc;

enum { F_KIND, F_FR, F_FS, F_TR, F_TO, F_VALUE };
enum { K_Z, K_Y, K_ZY, K_OUTPUT, K_VA };
static const char *const kind_names[] = {"Z", "Y", "ZY", "output", "va"};

TSC_PRINTF(5, 6) static int ferr(tsc_error *err, const field_loc *L, int field, int code, const char *fmt, ...)
{
    char msg[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!L) return tsc__error(err, code, NULL, 0, 0, "%s", msg);
    return tsc__error(err, code, L->file, L->line, L->col[field], "%s", msg);
}

int tsc_targets_new(const tsc_table *t, tsc_targets **out, tsc_error *err)
{
    *out = tsc__calloc(1, sizeof **out);
    if (!*out) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    (*out)->t = t;
    return TSC_OK;
}

static void target_clear(tsc_target *g)
{
    tsc__free(g->kind);
    tsc__free(g->fr);
    tsc__free(g->fs);
    tsc__free(g->tr);
    tsc__free(g->to);
    tsc__free(g->rows);
    tsc__free(g->cols);
    tsc__free(g->file);
    memset(g, 0, sizeof *g);
}

void tsc_targets_free(tsc_targets *tg)
{
    if (!tg) return;
    for (size_t k = 0; k < tg->count; k++) target_clear(&tg->v[k]);
    tsc__free(tg->v);
    tsc__free(tg);
}

size_t tsc_targets_count(const tsc_targets *tg)
{
    return tg->count;
}

int tsc_targets_info(const tsc_targets *tg, size_t k, tsc_target_info *info)
{
    if (k >= tg->count) return TSC_EINVAL;
    const tsc_target *g = &tg->v[k];
    info->kind = g->kind;
    info->from_region = g->fr;
    info->from_sector = g->fs;
    info->to_region = g->tr;
    info->to = g->to;
    info->value = g->value;
    info->base = g->base;
    info->ncells = g->nrows * g->ncols;
    info->file = g->file ? g->file : "";
    info->line = g->line;
    return TSC_OK;
}

/* Marks in mask (count entries) the codes a field selects: "*", "A|B", "!A|B", and with sectors "@goods"/"@services".
 * goods may be NULL (codes that are not sectors). */
static int select_codes(const char *field, char *const *codes, size_t count, const unsigned char *goods,
                        const char *what, unsigned char *mask, const field_loc *L, int fi, tsc_error *err)
{
    if (!field[0]) return ferr(err, L, fi, TSC_EPARSE, "empty %s field (use * for all)", what);
    if (strcmp(field, "*") == 0) {
        memset(mask, 1, count);
        return TSC_OK;
    }
    if (goods && (strcmp(field, "@goods") == 0 || strcmp(field, "@services") == 0)) {
        int want = field[1] == 'g';
        for (size_t i = 0; i < count; i++) mask[i] = (goods[i] != 0) == want;
        return TSC_OK;
    }
    int negate = field[0] == '!';
    const char *p = field + negate;
    memset(mask, negate, count);
    for (;;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        size_t i = 0;
        while (i < count && !(strlen(codes[i]) == len && memcmp(codes[i], p, len) == 0)) i++;
        if (i == count) {
            char known[200] = "";
            for (size_t k = 0, used = 0; k < count && used + 24 < sizeof known; k++) {
                int m = snprintf(known + used, sizeof known - used, "%s%s", k ? " " : "", codes[k]);
                if (m > 0) used += (size_t)m;
            }
            return ferr(err, L, fi, TSC_ELABEL, "unknown %s code '%.*s' (known: %s%s)", what, (int)len, p, known,
                        strlen(known) + 24 >= sizeof known ? " ..." : "");
        }
        mask[i] = (unsigned char)!negate;
        if (!bar) break;
        p = bar + 1;
    }
    return TSC_OK;
}

static int is_star(const char *s)
{
    return !s[0] || strcmp(s, "*") == 0;
}

/* rows = {r*N + s : mask_r[r] && mask_s[s]}; returns how many. */
static size_t cross(const unsigned char *mr, size_t nr, const unsigned char *ms, size_t ns, size_t stride,
                    size_t offset, size_t *out)
{
    size_t k = 0;
    for (size_t r = 0; r < nr; r++)
        if (mr[r])
            for (size_t s = 0; s < ns; s++)
                if (ms[s]) out[k++] = offset + r * stride + s;
    return k;
}

static void base_sums(const tsc_table *t, tsc_target *g)
{
    size_t n = t->n;
    g->base = g->base_pos = g->base_neg = 0;
    for (size_t b = 0; b < g->ncols; b++) {
        size_t j = g->cols[b];
        for (size_t a = 0; a < g->nrows; a++) {
            size_t i = g->rows[a];
            double v = i == n ? t->va[j] : j < n ? t->Z[i + j * n] : t->Y[i + (j - n) * n];
            g->base += v;
            if (v > 0) g->base_pos += v;
            else g->base_neg -= v;
        }
    }
}

static int parse_value(const char *s, const tsc_target *g, double *out, const field_loc *L, tsc_error *err)
{
    int rel = s[0] == '*';
    double v;
    int rc = tsc__parse_double(s + rel, strlen(s + rel), &v);
    if (rc != TSC_NUM_OK) return ferr(err, L, F_VALUE, TSC_EPARSE, "value '%s' is neither a number nor *FACTOR", s);
    if (rel && !(v >= 0)) return ferr(err, L, F_VALUE, TSC_EINVAL, "growth factor '%s' is negative", s);
    *out = rel ? v * g->base : v;
    return TSC_OK;
}

static int add_target(tsc_targets *tg, const char *const f[6], const field_loc *L, tsc_error *err)
{
    const tsc_table *t = tg->t;
    size_t G = t->G, N = t->N, F = t->F, n = t->n;
    int kind = -1, rc = TSC_OK;
    for (int k = 0; k < 5; k++)
        if (strcmp(f[F_KIND], kind_names[k]) == 0) kind = k;
    if (kind < 0) return ferr(err, L, F_KIND, TSC_EPARSE, "kind '%s' is not Z, Y, ZY, output or va", f[F_KIND]);
    if ((kind == K_OUTPUT || kind == K_VA) && (!is_star(f[F_TR]) || !is_star(f[F_TO])))
        return ferr(err, L, is_star(f[F_TR]) ? F_TO : F_TR, TSC_EINVAL,
                    "%s targets take '*' or nothing as to_region and to", f[F_KIND]);
    if (kind == K_ZY && strcmp(f[F_TO], "*") != 0)
        return ferr(err, L, F_TO, TSC_EINVAL, "ZY targets take every column of the buyer regions: to must be '*'");

    size_t big = G > N ? G : N;
    if (F > big) big = F;
    unsigned char *mask = tsc__calloc(4 * big + 4, 1);
    tsc_target g;
    memset(&g, 0, sizeof g);
    if (!mask) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    unsigned char *mfr = mask, *mfs = mask + big + 1, *mtr = mask + 2 * big + 2, *mto = mask + 3 * big + 3;
    if ((rc = select_codes(f[F_FR], t->regions, G, NULL, "region", mfr, L, F_FR, err)) ||
        (rc = select_codes(f[F_FS], t->sectors, N, t->goods, "sector", mfs, L, F_FS, err)))
        goto fail;
    if (kind == K_OUTPUT || kind == K_VA) {
        memset(mtr, 1, G);
    } else if ((rc = select_codes(f[F_TR], t->regions, G, NULL, "region", mtr, L, F_TR, err))) {
        goto fail;
    }
    if (kind == K_Z && (rc = select_codes(f[F_TO], t->sectors, N, t->goods, "sector", mto, L, F_TO, err))) goto fail;
    if (kind == K_Y && (rc = select_codes(f[F_TO], t->fdcats, F, NULL, "final-demand category", mto, L, F_TO, err)))
        goto fail;

    g.rows = tsc__malloc((n + 1) * sizeof *g.rows);
    g.cols = tsc__malloc((n + G * F + 1) * sizeof *g.cols);
    if (!g.rows || !g.cols) {
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    if (kind == K_VA) {
        g.rows[0] = n;
        g.nrows = 1;
        g.ncols = cross(mfr, G, mfs, N, N, 0, g.cols);
    } else {
        g.nrows = cross(mfr, G, mfs, N, N, 0, g.rows);
        unsigned char *all = mask + 3 * big + 3; /* every sector / category of the buyer regions */
        if (kind == K_Z) g.ncols = cross(mtr, G, mto, N, N, 0, g.cols);
        else if (kind == K_Y) g.ncols = cross(mtr, G, mto, F, F, n, g.cols);
        else {
            memset(all, 1, big);
            g.ncols = cross(mtr, G, all, N, N, 0, g.cols);
            g.ncols += cross(mtr, G, all, F, F, n, g.cols + g.ncols);
        }
    }
    if (g.nrows == 0 || g.ncols == 0) {
        rc = ferr(err, L, g.nrows == 0 ? F_FR : F_TR, TSC_EINVAL, "the target selects no cell (%zu rows x %zu columns)",
                  g.nrows, g.ncols);
        goto fail;
    }
    /* keep only what the rectangle uses (a failed shrink keeps the larger block) */
    size_t *shrunk = tsc__realloc(g.rows, g.nrows * sizeof *g.rows);
    if (shrunk) g.rows = shrunk;
    shrunk = tsc__realloc(g.cols, g.ncols * sizeof *g.cols);
    if (shrunk) g.cols = shrunk;
    base_sums(t, &g);
    if ((rc = parse_value(f[F_VALUE], &g, &g.value, L, err))) goto fail;
    if (!(g.kind = tsc__strdup(f[F_KIND])) || !(g.fr = tsc__strdup(f[F_FR])) || !(g.fs = tsc__strdup(f[F_FS])) ||
        !(g.tr = tsc__strdup(f[F_TR])) || !(g.to = tsc__strdup(f[F_TO])) ||
        (L && L->file && !(g.file = tsc__strdup(L->file)))) {
        rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    g.line = L ? L->line : 0;
    if (tg->count == tg->cap) {
        size_t cap = tg->cap ? 2 * tg->cap : 16;
        tsc_target *v = tsc__realloc(tg->v, cap * sizeof *v);
        if (!v) {
            rc = tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
            goto fail;
        }
        tg->v = v;
        tg->cap = cap;
    }
    tg->v[tg->count++] = g;
    tsc__free(mask);
    return TSC_OK;
fail:
    target_clear(&g);
    tsc__free(mask);
    return rc;
}

int tsc_targets_add(tsc_targets *tg, const char *kind, const char *from_region, const char *from_sector,
                    const char *to_region, const char *to, const char *value, tsc_error *err)
{
    const char *f[6] = {kind, from_region, from_sector, to_region ? to_region : "", to ? to : "", value};
    for (int k = 0; k < 6; k++)
        if (!f[k]) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "a target field is NULL");
    return add_target(tg, f, NULL, err);
}

static const char *const header[] = {"kind", "from_region", "from_sector", "to_region", "to", "value", "note"};

int tsc_targets_load(tsc_targets *tg, const char *path, tsc_error *err)
{
    tsc_csv *c = NULL;
    size_t count0 = tg->count;
    int rc = tsc__csv_open(path, &c, err);
    if (rc) return rc;
    rc = tsc__csv_next(c, err);
    if (rc == 0) rc = tsc__error(err, TSC_EPARSE, path, 0, 0, "file is empty");
    if (rc < 0) goto done;
    size_t nf = tsc__csv_nfields(c);
    int ok = nf == 6 || nf == 7;
    for (size_t k = 0; ok && k < nf; k++) ok = strcmp(tsc__csv_field(c, k), header[k]) == 0;
    if (!ok) {
        rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE,
                               "header must be kind,from_region,from_sector,to_region,to,value[,note]");
        goto done;
    }
    while ((rc = tsc__csv_next(c, err)) == 1) {
        if (tsc__csv_field(c, 0)[0] == '#') continue;
        if (tsc__csv_nfields(c) != nf) {
            rc = tsc__csv_error_at(c, tsc__csv_nfields(c) < nf ? tsc__csv_nfields(c) : nf, err, TSC_EPARSE,
                                   "ragged row: %zu fields where %zu are expected", tsc__csv_nfields(c), nf);
            goto done;
        }
        field_loc L = {path, tsc__csv_line(c), {0}};
        const char *f[6];
        for (int k = 0; k < 6; k++) {
            f[k] = tsc__csv_field(c, (size_t)k);
            L.col[k] = tsc__csv_col(c, (size_t)k);
        }
        if ((rc = add_target(tg, f, &L, err))) goto done;
    }
done:
    tsc__csv_close(c);
    if (rc < 0) /* all or nothing: drop the rows read before the bad one */
        while (tg->count > count0) target_clear(&tg->v[--tg->count]);
    return rc < 0 ? rc : TSC_OK;
}
