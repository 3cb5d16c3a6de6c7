/* Extensions in the native folder layout: extensions/<name>/F.csv (and F_Y.csv), read and written. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "table_int.h"
#include "table_sink_int.h"

#define EXT_DIR "extensions"

/* ---- reading ------------------------------------------------------------------------------------------------- */

/* dir/name.csv or dir/name.csv.gz into buf: 1 found, 0 not. */
static int find_csv(const char *dir, const char *name, char *buf, size_t size)
{
    const char *sfx[2] = {".csv", ".csv.gz"};
    for (int k = 0; k < 2; k++) {
        char file[80];
        snprintf(file, sizeof file, "%s%s", name, sfx[k]);
        if (tsc__path_join(buf, size, dir, file) == 0 && tsc__file_exists(buf)) return 1;
    }
    return 0;
}

/* The header's column labels must be the table's REGION.PART labels in order, from field first on. */
static int check_header(const tsc_table *t, tsc_csv *c, size_t first, int fd, tsc_error *err)
{
    size_t per = fd ? t->F : t->N, ncol = fd ? t->G * t->F : t->n;
    if (tsc__csv_nfields(c) != first + ncol)
        return tsc__csv_error_at(c, tsc__csv_nfields(c), err, TSC_EDIM, "%zu columns where the table has %zu",
                                 tsc__csv_nfields(c) - (tsc__csv_nfields(c) > first ? first : 0), ncol);
    for (size_t j = 0; j < ncol; j++) {
        char want[600];
        snprintf(want, sizeof want, "%s.%s", t->regions[j / per], fd ? t->fdcats[j % per] : t->sectors[j % per]);
        if (strcmp(tsc__csv_field(c, first + j), want) != 0)
            return tsc__csv_error_at(c, first + j, err, TSC_ELABEL, "column '%s' where '%s' is expected",
                                     tsc__csv_field(c, first + j), want);
    }
    return TSC_OK;
}

/* Counts F.csv's data rows (the accounts). */
static int count_rows(const char *path, size_t *k, tsc_error *err)
{
    tsc_csv *c = NULL;
    int rc = tsc__csv_open(path, &c, err);
    if (rc) return rc;
    *k = 0;
    while ((rc = tsc__csv_next(c, err)) == 1) (*k)++;
    tsc__csv_close(c);
    if (rc < 0) return rc;
    if (*k < 2) return tsc__error(err, TSC_EDIM, path, 0, 0, "no accounts");
    (*k)--;
    return TSC_OK;
}

static int read_f(const tsc_table *t, tsc_ext *e, const char *path, tsc_error *err)
{
    tsc_csv *c = NULL;
    int rc = tsc__csv_open(path, &c, err);
    if (rc) return rc;
    if ((rc = tsc__csv_next(c, err)) <= 0) goto done;
    if (strcmp(tsc__csv_field(c, 0), "account") != 0 || tsc__csv_nfields(c) < 2 ||
        strcmp(tsc__csv_field(c, 1), "unit") != 0) {
        rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "header must start account,unit");
        goto done;
    }
    if ((rc = check_header(t, c, 2, 0, err))) goto done;
    for (size_t a = 0; a < e->k; a++) {
        if ((rc = tsc__csv_next(c, err)) <= 0 || (rc = tsc__csv_expect_fields(c, 2 + t->n, err))) goto done;
        if (!(e->accounts[a] = tsc__strdup(tsc__csv_field(c, 0))) ||
            !(e->units[a] = tsc__strdup(tsc__csv_field(c, 1)))) {
            rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
            goto done;
        }
        for (size_t j = 0; j < t->n; j++)
            if ((rc = tsc__csv_number(c, 2 + j, &e->F[a + j * e->k], err))) goto done;
    }
    rc = TSC_OK;
done:
    tsc__csv_close(c);
    return rc;
}

static int read_fy(const tsc_table *t, tsc_ext *e, const char *path, tsc_error *err)
{
    tsc_csv *c = NULL;
    size_t ncol = t->G * t->F, a = 0;
    int rc = tsc__csv_open(path, &c, err);
    if (rc) return rc;
    if ((rc = tsc__csv_next(c, err)) <= 0) {
        if (rc == 0) rc = tsc__error(err, TSC_EPARSE, path, 0, 0, "empty file");
        goto done;
    }
    if (strcmp(tsc__csv_field(c, 0), "account") != 0) {
        rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "header must start account");
        goto done;
    }
    if ((rc = check_header(t, c, 1, 1, err))) goto done;
    while ((rc = tsc__csv_next(c, err)) == 1) {
        if ((rc = tsc__csv_expect_fields(c, 1 + ncol, err))) goto done;
        if (a == e->k || strcmp(tsc__csv_field(c, 0), e->accounts[a]) != 0) {
            rc = tsc__csv_error_at(c, 0, err, TSC_ELABEL, "account '%s' where '%s' is expected (the rows of F)",
                                   tsc__csv_field(c, 0), a < e->k ? e->accounts[a] : "the end of the file");
            goto done;
        }
        for (size_t j = 0; j < ncol; j++)
            if ((rc = tsc__csv_number(c, 1 + j, &e->FY[a + j * e->k], err))) goto done;
        a++;
    }
    if (rc == 0 && a != e->k)
        rc = tsc__error(err, TSC_EDIM, path, tsc__csv_line(c), 0, "%zu rows where F has %zu", a, e->k);
done:
    tsc__csv_close(c);
    return rc;
}

static int read_one(tsc_table *t, const char *sub, const char *name, tsc_error *err)
{
    char fp[1400], fyp[1400];
    if (!find_csv(sub, "F", fp, sizeof fp))
        return tsc__error(err, TSC_EIO, sub, 0, 0, "extension folder without F.csv");
    int have_fy = find_csv(sub, "F_Y", fyp, sizeof fyp);
    size_t k;
    int rc = count_rows(fp, &k, err);
    if (rc) return rc;
    tsc_ext e;
    memset(&e, 0, sizeof e);
    size_t nf, nfy;
    if (tsc__mul_size(k, t->n, &nf) || tsc__mul_size(k, t->G * t->F, &nfy))
        return tsc__error(err, TSC_ETOOBIG, fp, 0, 0, "too many accounts");
    e.k = k;
    e.name = tsc__strdup(name);
    e.accounts = tsc__calloc(k, sizeof *e.accounts);
    e.units = tsc__calloc(k, sizeof *e.units);
    e.F = tsc__alloc_doubles(nf, 1);
    if (have_fy) e.FY = tsc__alloc_doubles(nfy, 1);
    if (!e.name || !e.accounts || !e.units || !e.F || (have_fy && !e.FY)) {
        tsc__ext_clear(&e);
        return tsc__error(err, TSC_ENOMEM, fp, 0, 0, "out of memory");
    }
    if ((rc = read_f(t, &e, fp, err)) || (have_fy && (rc = read_fy(t, &e, fyp, err)))) {
        tsc__ext_clear(&e);
        return rc;
    }
    rc = tsc__table_extension_take(t, &e, err);
    if (rc && err && !err->file[0]) snprintf(err->file, sizeof err->file, "%.500s", fp);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int tsc__extensions_read_native(tsc_table *t, const char *dir, tsc_error *err)
{
    char top[1200];
    if (tsc__path_join(top, sizeof top, dir, EXT_DIR) || !tsc__dir_exists(top)) return TSC_OK;
    DIR *d = opendir(top);
    if (!d) return tsc__error(err, TSC_EIO, top, 0, 0, "cannot open folder");
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = TSC_OK;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        if (n == cap) {
            char **p = tsc__realloc(names, (cap = cap ? 2 * cap : 8) * sizeof *p);
            if (!p) {
                rc = TSC_ENOMEM;
                break;
            }
            names = p;
        }
        if (!(names[n] = tsc__strdup(de->d_name))) {
            rc = TSC_ENOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (rc) rc = tsc__error(err, TSC_ENOMEM, top, 0, 0, "out of memory");
    if (!rc && n) qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; !rc && i < n; i++) {
        char sub[1300];
        if (tsc__path_join(sub, sizeof sub, top, names[i]) == 0 && tsc__dir_exists(sub))
            rc = read_one(t, sub, names[i], err);
    }
    for (size_t i = 0; i < n; i++) tsc__free(names[i]);
    tsc__free(names);
    return rc;
}

/* ---- writing ------------------------------------------------------------------------------------------------- */

static int write_file(const tsc_table *t, const tsc_ext *e, int fy, const char *path, int gzip, tsc_error *err)
{
    tsc_sink s;
    int rc = tsc__sink_open(&s, path, gzip, err);
    if (rc) return rc;
    size_t ncol = fy ? t->G * t->F : t->n, per = fy ? t->F : t->N;
    tsc__sink_put(&s, fy ? "account" : "account,unit", fy ? 7 : 12);
    for (size_t j = 0; j < ncol; j++) {
        tsc__sink_put(&s, ",", 1);
        tsc__sink_label(&s, t->regions[j / per], fy ? t->fdcats[j % per] : t->sectors[j % per]);
    }
    tsc__sink_put(&s, "\n", 1);
    const double *v = fy ? e->FY : e->F;
    for (size_t a = 0; a < e->k; a++) {
        tsc__sink_field(&s, e->accounts[a]);
        if (!fy) {
            tsc__sink_put(&s, ",", 1);
            tsc__sink_field(&s, e->units[a]);
        }
        for (size_t j = 0; j < ncol; j++) tsc__sink_num(&s, v[a + j * e->k]);
        tsc__sink_put(&s, "\n", 1);
    }
    return tsc__sink_close(&s, path, err);
}

int tsc__extensions_write_native(const tsc_table *t, tsc_outset *set, int gzip, tsc_error *err)
{
    for (size_t x = 0; x < t->next; x++) {
        const tsc_ext *e = &t->ext[x];
        for (int fy = 0; fy < 2; fy++) {
            if (fy && !e->FY) continue;
            char name[200], path[1400];
            snprintf(name, sizeof name, EXT_DIR "/%s/%s%s", e->name, fy ? "F_Y" : "F", gzip ? ".csv.gz" : ".csv");
            int rc = tsc_outset_add(set, name, path, sizeof path, err);
            if (rc || (rc = write_file(t, e, fy, path, gzip, err))) return rc;
        }
    }
    return TSC_OK;
}
