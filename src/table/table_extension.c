/* Extensions of a table: adding (with the checks), looking up, freeing, and the user CSV of accounts. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "table_int.h"

void tsc__ext_clear(tsc_ext *e)
{
    if (!e) return;
    for (size_t a = 0; a < e->k; a++) {
        if (e->accounts) tsc__free(e->accounts[a]);
        if (e->units) tsc__free(e->units[a]);
    }
    tsc__free(e->accounts);
    tsc__free(e->units);
    tsc__free(e->name);
    tsc__free(e->F);
    tsc__free(e->FY);
    memset(e, 0, sizeof *e);
}

void tsc__table_free_extensions(tsc_table *t)
{
    for (size_t e = 0; e < t->next; e++) tsc__ext_clear(&t->ext[e]);
    tsc__free(t->ext);
    t->ext = NULL;
    t->next = 0;
}

int tsc__ext_name_ok(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > 64 || name[0] == '.') return 0;
    return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") == len;
}

size_t tsc_table_nextensions(const tsc_table *t)
{
    return t->next;
}

int tsc_table_extension(const tsc_table *t, size_t e, tsc_extension *out)
{
    if (e >= t->next) return TSC_EINVAL;
    const tsc_ext *x = &t->ext[e];
    out->name = x->name;
    out->naccounts = x->k;
    out->accounts = (const char *const *)x->accounts;
    out->units = (const char *const *)x->units;
    out->F = x->F;
    out->F_Y = x->FY;
    return TSC_OK;
}

int tsc_table_extension_find(const tsc_table *t, const char *name, size_t *index, tsc_error *err)
{
    char known[256] = "";
    size_t used = 0;
    for (size_t e = 0; e < t->next; e++) {
        if (strcmp(t->ext[e].name, name) == 0) {
            *index = e;
            return TSC_OK;
        }
        int k = snprintf(known + used, sizeof known - used, "%s%s", e ? " " : "", t->ext[e].name);
        if (k > 0 && used + (size_t)k < sizeof known) used += (size_t)k;
    }
    return tsc__error(err, TSC_ELABEL, t->source, 0, 0, "no extension '%s' (the table has: %s)", name,
                      t->next ? known : "none");
}

/* The checks of an extension against its table. */
static int ext_check(const tsc_table *t, const tsc_ext *e, tsc_error *err)
{
    if (!tsc__ext_name_ok(e->name))
        return tsc__error(err, TSC_ELABEL, t->source, 0, 0,
                          "extension name '%s': use letters, digits, '_', '-' and '.' (not first), at most 64",
                          e->name);
    for (size_t x = 0; x < t->next; x++)
        if (strcmp(t->ext[x].name, e->name) == 0)
            return tsc__error(err, TSC_ELABEL, t->source, 0, 0, "the table already has an extension '%s'", e->name);
    if (e->k == 0) return tsc__error(err, TSC_EDIM, t->source, 0, 0, "extension '%s' has no accounts", e->name);
    for (size_t a = 0; a < e->k; a++) {
        if (!e->accounts[a][0])
            return tsc__error(err, TSC_ELABEL, t->source, 0, 0, "extension '%s': account %zu has no name", e->name,
                              a + 1);
        for (size_t b = 0; b < a; b++)
            if (strcmp(e->accounts[a], e->accounts[b]) == 0)
                return tsc__error(err, TSC_ELABEL, t->source, 0, 0, "extension '%s': account '%s' twice", e->name,
                                  e->accounts[a]);
    }
    for (size_t i = 0; i < e->k * t->n; i++)
        if (!isfinite(e->F[i]))
            return tsc__error(err, TSC_ENUMERIC, t->source, 0, 0, "extension '%s': non-finite value of account '%s'",
                              e->name, e->accounts[i % e->k]);
    for (size_t i = 0; e->FY && i < e->k * t->G * t->F; i++)
        if (!isfinite(e->FY[i]))
            return tsc__error(err, TSC_ENUMERIC, t->source, 0, 0,
                              "extension '%s': non-finite final-demand value of account '%s'", e->name,
                              e->accounts[i % e->k]);
    return TSC_OK;
}

int tsc__table_extension_take(tsc_table *t, tsc_ext *e, tsc_error *err)
{
    int rc = ext_check(t, e, err);
    if (rc) goto fail;
    tsc_ext *v = tsc__realloc(t->ext, (t->next + 1) * sizeof *v);
    if (!v) {
        rc = tsc__error(err, TSC_ENOMEM, t->source, 0, 0, "out of memory");
        goto fail;
    }
    t->ext = v;
    t->ext[t->next++] = *e;
    memset(e, 0, sizeof *e);
    return TSC_OK;
fail:
    tsc__ext_clear(e);
    return rc;
}

/* Allocates e for k accounts of table t (names and units NULL, F zeroed, F_Y zeroed when with_fy). */
static int ext_alloc(tsc_ext *e, const tsc_table *t, const char *name, size_t k, int with_fy, tsc_error *err)
{
    size_t nf, nfy;
    memset(e, 0, sizeof *e);
    if (tsc__mul_size(k, t->n, &nf) || tsc__mul_size(k, t->G * t->F, &nfy))
        return tsc__error(err, TSC_ETOOBIG, t->source, 0, 0, "extension '%s' is too large", name);
    e->k = k;
    e->name = tsc__strdup(name);
    e->accounts = tsc__calloc(k ? k : 1, sizeof *e->accounts);
    e->units = tsc__calloc(k ? k : 1, sizeof *e->units);
    e->F = tsc__alloc_doubles(nf ? nf : 1, 1);
    if (with_fy) e->FY = tsc__alloc_doubles(nfy ? nfy : 1, 1);
    if (!e->name || !e->accounts || !e->units || !e->F || (with_fy && !e->FY)) {
        tsc__ext_clear(e);
        return tsc__error(err, TSC_ENOMEM, t->source, 0, 0, "out of memory");
    }
    return TSC_OK;
}

int tsc_table_extension_add(tsc_table *t, const char *name, size_t naccounts, const char *const *accounts,
                            const char *const *units, const double *F, const double *F_Y, tsc_error *err)
{
    tsc_ext e;
    int rc = ext_alloc(&e, t, name ? name : "", naccounts, F_Y != NULL, err);
    if (rc) return rc;
    for (size_t a = 0; a < naccounts; a++)
        if (!(e.accounts[a] = tsc__strdup(accounts[a] ? accounts[a] : "")) ||
            !(e.units[a] = tsc__strdup(units && units[a] ? units[a] : ""))) {
            tsc__ext_clear(&e);
            return tsc__error(err, TSC_ENOMEM, t->source, 0, 0, "out of memory");
        }
    memcpy(e.F, F, naccounts * t->n * sizeof *F);
    if (F_Y) memcpy(e.FY, F_Y, naccounts * t->G * t->F * sizeof *F_Y);
    return tsc__table_extension_take(t, &e, err);
}

/* ---- the user CSV: region,sector,account,unit,value ---------------------------------------------------------- */

/* Index of s among v[0..n), or n. */
static size_t index_of(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0) return i;
    return n;
}

/* The extension's name from the file's: base name, ".csv" (and ".gz") dropped, unsafe characters to '_'. */
static void name_from_path(const char *path, char *buf, size_t size)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(buf, size, "%s", base);
    size_t len = strlen(buf);
    if (len > 3 && strcmp(buf + len - 3, ".gz") == 0) buf[len -= 3] = '\0';
    if (len > 4 && strcmp(buf + len - 4, ".csv") == 0) buf[len -= 4] = '\0';
    if (len > 64) buf[len = 64] = '\0';
    for (size_t i = 0; i < len; i++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.", buf[i]) ||
            (i == 0 && buf[i] == '.'))
            buf[i] = '_';
    if (len == 0) snprintf(buf, size, "user");
}

/* The accounts met so far, with their units, and a grid of which (account, industry) cells were given. */
typedef struct user_acc {
    char **names, **units;
    size_t n, cap;
    double *F;           /* cap x n: F[a + j*cap], so growing copies columns */
    unsigned char *seen; /* same layout */
    size_t *first_line;  /* per cell: the line that gave it */
} user_acc;

static void user_free(user_acc *u)
{
    for (size_t a = 0; a < u->n; a++) {
        tsc__free(u->names[a]);
        tsc__free(u->units[a]);
    }
    tsc__free(u->names);
    tsc__free(u->units);
    tsc__free(u->F);
    tsc__free(u->seen);
    tsc__free(u->first_line);
}

/* Room for one more account. */
static int user_grow(user_acc *u, size_t n)
{
    if (u->n < u->cap) return 0;
    size_t cap = u->cap ? 2 * u->cap : 8, cells;
    if (cap > ((size_t)1 << 20) || tsc__mul_size(cap, n, &cells)) return -1;
    char **nm = tsc__realloc(u->names, cap * sizeof *nm);
    if (!nm) return -1;
    u->names = nm;
    char **un = tsc__realloc(u->units, cap * sizeof *un);
    if (!un) return -1;
    u->units = un;
    double *F = tsc__alloc_doubles(cells, 1);
    unsigned char *seen = tsc__calloc(cells, 1);
    size_t *fl = tsc__calloc(cells, sizeof *fl);
    if (!F || !seen || !fl) {
        tsc__free(F);
        tsc__free(seen);
        tsc__free(fl);
        return -1;
    }
    for (size_t j = 0; j < n && u->cap; j++)
        for (size_t a = 0; a < u->n; a++) {
            F[a + j * cap] = u->F[a + j * u->cap];
            seen[a + j * cap] = u->seen[a + j * u->cap];
            fl[a + j * cap] = u->first_line[a + j * u->cap];
        }
    tsc__free(u->F);
    tsc__free(u->seen);
    tsc__free(u->first_line);
    u->F = F;
    u->seen = seen;
    u->first_line = fl;
    u->cap = cap;
    return 0;
}

static int user_line(tsc_table *t, tsc_csv *c, user_acc *u, tsc_error *err)
{
    int rc = tsc__csv_expect_fields(c, 5, err);
    if (rc) return rc;
    const char *reg = tsc__csv_field(c, 0), *sec = tsc__csv_field(c, 1), *acc = tsc__csv_field(c, 2),
               *unit = tsc__csv_field(c, 3);
    size_t r = index_of(t->regions, t->G, reg), s = index_of(t->sectors, t->N, sec);
    if (r == t->G) return tsc__csv_error_at(c, 0, err, TSC_ELABEL, "unknown region code '%s' (not in the table)", reg);
    if (s == t->N) return tsc__csv_error_at(c, 1, err, TSC_ELABEL, "unknown sector code '%s' (not in the table)", sec);
    if (!acc[0]) return tsc__csv_error_at(c, 2, err, TSC_ELABEL, "empty account name");
    double v;
    if ((rc = tsc__csv_number(c, 4, &v, err))) return rc;
    size_t a = index_of(u->names, u->n, acc), j = r * t->N + s;
    if (a == u->n) {
        if (user_grow(u, t->n)) return tsc__error(err, TSC_ENOMEM, tsc__csv_path(c), 0, 0, "out of memory");
        if (!(u->names[a] = tsc__strdup(acc)))
            return tsc__error(err, TSC_ENOMEM, tsc__csv_path(c), 0, 0, "out of memory");
        if (!(u->units[a] = tsc__strdup(unit))) {
            tsc__free(u->names[a]);
            return tsc__error(err, TSC_ENOMEM, tsc__csv_path(c), 0, 0, "out of memory");
        }
        u->n++;
    } else if (strcmp(u->units[a], unit) != 0)
        return tsc__csv_error_at(c, 3, err, TSC_EPARSE, "account '%s' in unit '%s' where earlier lines say '%s'", acc,
                                 unit, u->units[a]);
    size_t cell = a + j * u->cap;
    if (u->seen[cell])
        return tsc__csv_error_at(c, 0, err, TSC_ELABEL, "(%s, %s, %s) given twice (first on line %zu)", reg, sec, acc,
                                 u->first_line[cell]);
    u->seen[cell] = 1;
    u->first_line[cell] = tsc__csv_line(c);
    u->F[cell] = v;
    return TSC_OK;
}

int tsc_table_extensions_read_csv(tsc_table *t, const char *path, tsc_error *err)
{
    static const char *const header[5] = {"region", "sector", "account", "unit", "value"};
    tsc_csv *c = NULL;
    user_acc u;
    memset(&u, 0, sizeof u);
    char name[80];
    name_from_path(path, name, sizeof name);
    int rc = tsc__csv_open_header(path, header, 5, &c, err);
    if (rc) return rc;
    while ((rc = tsc__csv_next(c, err)) == 1)
        if ((rc = user_line(t, c, &u, err))) break;
    if (rc == 0 && u.n == 0) rc = tsc__error(err, TSC_EDIM, path, tsc__csv_line(c), 0, "no accounts");
    tsc__csv_close(c);
    if (rc == 0) {
        tsc_ext e;
        if (!(rc = ext_alloc(&e, t, name, u.n, 0, err))) {
            for (size_t a = 0; a < u.n; a++) {
                e.accounts[a] = u.names[a];
                e.units[a] = u.units[a];
                for (size_t j = 0; j < t->n; j++) e.F[a + j * u.n] = u.F[a + j * u.cap];
            }
            u.n = 0; /* the names moved into e */
            rc = tsc__table_extension_take(t, &e, err);
            if (rc && err) snprintf(err->file, sizeof err->file, "%.500s", path);
        }
    }
    user_free(&u);
    return rc;
}
