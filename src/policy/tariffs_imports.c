/* US import lines by HS code and partner, read from the Census HS10 files (one or more partners per file). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "tariffs_int.h"

#define MAX_FILES 4096

typedef struct partner {
    char code[8];   /* ISO3 or "EU" */
    char census[8]; /* Census country code */
    size_t file;    /* index of the file it came from */
} partner;

typedef struct country {
    char cty[8], iso[8];
} country;

typedef struct countries {
    country *c;
    size_t n;
} countries;

struct tsc_imports {
    tsc_import_line *line;
    size_t n, cap;
    partner *p;
    size_t np, capp;
    countries cs;
    /* the index (tsc__imports_index), built once the files are read */
    const char **code; /* the distinct HS codes, sorted */
    size_t ncode;
    uint32_t *line_code; /* per line: its code's index in code */
    size_t *pfirst;      /* np + 2 (the last unused): partner p's lines are pline[pfirst[p] .. pfirst[p + 1]) */
    size_t *pline;
};

void tsc_imports_free(tsc_imports *im)
{
    if (!im) return;
    tsc__free(im->line);
    tsc__free(im->p);
    tsc__free(im->cs.c);
    tsc__free(im->code);
    tsc__free(im->line_code);
    tsc__free(im->pfirst);
    tsc__free(im->pline);
    tsc__free(im);
}

void tsc__imports_index(const tsc_imports *im, imports_index *ix)
{
    *ix = (imports_index){(const char *const *)im->code, im->ncode, im->line_code, im->pfirst, im->pline};
}

const tsc_import_line *tsc_imports_lines(const tsc_imports *im, size_t *nlines)
{
    *nlines = im->n;
    return im->line;
}

size_t tsc_imports_npartners(const tsc_imports *im)
{
    return im->np;
}
const char *tsc_imports_partner(const tsc_imports *im, size_t p)
{
    return p < im->np ? im->p[p].code : NULL;
}
const char *tsc_imports_census_code(const tsc_imports *im, size_t p)
{
    return p < im->np ? im->p[p].census : NULL;
}

size_t tsc_imports_partner_index(const tsc_imports *im, const char *code)
{
    for (size_t p = 0; p < im->np; p++)
        if (strcmp(im->p[p].code, code) == 0) return p;
    return (size_t)-1;
}

/* Copies src into a fixed field of size n, or fails when it does not fit. */
static int put_code(char *dst, size_t n, const char *src)
{
    size_t len = strlen(src);
    if (len == 0 || len >= n) return -1;
    memcpy(dst, src, len + 1);
    return 0;
}

static int read_countries(const char *path, countries *out, tsc_error *err)
{
    tsc_csv *c = NULL;
    size_t cap = 0;
    int rc = tsc__csv_open(path, &c, err);
    if (rc) return rc;
    rc = tsc__csv_next(c, err);
    if (rc == 0) rc = tsc__error(err, TSC_EPARSE, path, 0, 0, "file is empty");
    if (rc < 0) goto done;
    if (tsc__csv_nfields(c) != 2 || strcmp(tsc__csv_field(c, 0), "cty_code") || strcmp(tsc__csv_field(c, 1), "iso3")) {
        rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "header must be cty_code,iso3");
        goto done;
    }
    while ((rc = tsc__csv_next(c, err)) == 1) {
        if (out->n == cap) {
            cap = cap ? 2 * cap : 256;
            country *p = tsc__realloc(out->c, cap * sizeof *p);
            if (!p) {
                rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
                goto done;
            }
            out->c = p;
        }
        country *k = &out->c[out->n];
        if (tsc__csv_nfields(c) != 2 || put_code(k->cty, sizeof k->cty, tsc__csv_field(c, 0)) ||
            put_code(k->iso, sizeof k->iso, tsc__csv_field(c, 1))) {
            rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE, "expected cty_code,iso3 (codes of 1 to 7 characters)");
            goto done;
        }
        out->n++;
    }
done:
    tsc__csv_close(c);
    return rc < 0 ? rc : TSC_OK;
}

static const char *country_iso(const countries *cs, const char *cty)
{
    for (size_t i = 0; i < cs->n; i++)
        if (strcmp(cs->c[i].cty, cty) == 0) return cs->c[i].iso;
    if (strcmp(cty, "0003") == 0) return "EU"; /* Census's European Union aggregate */
    return NULL;
}

const char *tsc_imports_country(const tsc_imports *im, const char *cty_code)
{
    return country_iso(&im->cs, cty_code);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The import files of dir (sorted by name), or dir itself when it is a file. */
static int list_files(const char *dir, char ***files, size_t *nfiles, tsc_error *err)
{
    struct stat st;
    *files = NULL;
    *nfiles = 0;
    if (stat(dir, &st) != 0) return tsc__error(err, TSC_EIO, dir, 0, 0, "no such file or folder");
    if (!S_ISDIR(st.st_mode)) {
        if (!(*files = tsc__malloc(sizeof **files)) || !((*files)[0] = tsc__strdup(dir))) {
            tsc__free(*files);
            *files = NULL;
            return tsc__error(err, TSC_ENOMEM, dir, 0, 0, "out of memory");
        }
        *nfiles = 1;
        return TSC_OK;
    }
    DIR *d = opendir(dir);
    if (!d)
        return tsc__error(err, errno == ENOMEM ? TSC_ENOMEM : TSC_EIO, dir, 0, 0, "cannot read the folder: %s",
                          strerror(errno));
    char **f = tsc__calloc(MAX_FILES, sizeof *f);
    size_t n = 0;
    int rc = f ? TSC_OK : tsc__error(err, TSC_ENOMEM, dir, 0, 0, "out of memory");
    struct dirent *de;
    while (!rc && (de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        if (!strstr(name, "hs10-imports") || !(ends_with(name, ".csv") || ends_with(name, ".csv.gz"))) continue;
        if (n == MAX_FILES) {
            rc = tsc__error(err, TSC_ETOOBIG, dir, 0, 0, "more than %d import files", MAX_FILES);
            break;
        }
        size_t len = strlen(dir) + strlen(name) + 2;
        if (!(f[n] = tsc__malloc(len))) {
            rc = tsc__error(err, TSC_ENOMEM, dir, 0, 0, "out of memory");
            break;
        }
        snprintf(f[n], len, "%s/%s", dir, name);
        n++;
    }
    closedir(d);
    if (!rc && n == 0)
        rc = tsc__error(err, TSC_EIO, dir, 0, 0, "no import files (*hs10-imports*.csv[.gz]) in this folder");
    if (rc) {
        for (size_t i = 0; i < n; i++) tsc__free(f[i]);
        tsc__free(f);
        return rc;
    }
    qsort(f, n, sizeof *f, cmp_str);
    *files = f;
    *nfiles = n;
    return TSC_OK;
}

/* Column index of name in the header, or nf. */
static size_t column(const tsc_csv *c, const char *name)
{
    size_t nf = tsc__csv_nfields(c);
    for (size_t i = 0; i < nf; i++)
        if (strcmp(tsc__csv_field(c, i), name) == 0) return i;
    return nf;
}

static int partner_of(tsc_imports *im, const countries *cs, const tsc_csv *c, size_t fcty, size_t file, size_t *out,
                      tsc_error *err)
{
    const char *cty = tsc__csv_field(c, fcty);
    for (size_t p = im->np; p-- > 0;)
        if (strcmp(im->p[p].census, cty) == 0) {
            if (im->p[p].file != file)
                return tsc__csv_error_at(c, fcty, err, TSC_EPARSE, "partner %s (%s) is also in an earlier file",
                                         im->p[p].code, cty);
            *out = p;
            return TSC_OK;
        }
    const char *iso = country_iso(cs, cty);
    if (!iso) return tsc__csv_error_at(c, fcty, err, TSC_ELABEL, "unknown Census country code '%s'", cty);
    if (im->np == im->capp) {
        size_t cap = im->capp ? 2 * im->capp : 64;
        partner *p = tsc__realloc(im->p, cap * sizeof *p);
        if (!p) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        im->p = p;
        im->capp = cap;
    }
    partner *p = &im->p[im->np];
    if (put_code(p->code, sizeof p->code, iso) || put_code(p->census, sizeof p->census, cty))
        return tsc__csv_error_at(c, fcty, err, TSC_EPARSE, "country code '%s' is too long", cty);
    p->file = file;
    *out = im->np++;
    return TSC_OK;
}

typedef struct seen {
    size_t partner;
    const char *hs;
    size_t line;
} seen;

static int cmp_seen(const void *a, const void *b)
{
    const seen *x = a, *y = b;
    if (x->partner != y->partner) return x->partner < y->partner ? -1 : 1;
    int c = strcmp(x->hs, y->hs);
    return c ? c : (x->line < y->line ? -1 : x->line > y->line);
}

/* Lines first..im->n of one file: the same partner and code twice is an error at the second. */
static int check_duplicates(tsc_imports *im, size_t first, const size_t *srcline, const char *path, tsc_error *err)
{
    size_t n = im->n - first;
    if (n < 2) return TSC_OK;
    seen *s = tsc__malloc(n * sizeof *s);
    if (!s) return tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++) s[i] = (seen){im->line[first + i].partner, im->line[first + i].hs, srcline[i]};
    qsort(s, n, sizeof *s, cmp_seen);
    int rc = TSC_OK;
    for (size_t i = 1; i < n && !rc; i++)
        if (s[i].partner == s[i - 1].partner && strcmp(s[i].hs, s[i - 1].hs) == 0)
            rc = tsc__error(err, TSC_EPARSE, path, s[i].line, 0, "HS line %s of %s is listed twice (first at line %zu)",
                            s[i].hs, im->p[s[i].partner].code, s[i - 1].line);
    tsc__free(s);
    return rc;
}

static int read_file(tsc_imports *im, const countries *cs, const char *path, size_t file, tsc_error *err)
{
    tsc_csv *c = NULL;
    size_t *srcline = NULL, capline = 0, first = im->n;
    int rc = tsc__csv_open(path, &c, err);
    if (rc) return rc;
    rc = tsc__csv_next(c, err);
    if (rc == 0) rc = tsc__error(err, TSC_EPARSE, path, 0, 0, "file is empty");
    if (rc < 0) goto done;
    size_t nf = tsc__csv_nfields(c), fcty = column(c, "CTY_CODE"), fhs = column(c, "I_COMMODITY"),
           fval = column(c, "CON_VAL_YR"), fdut = column(c, "CAL_DUT_YR");
    if (fcty == nf || fhs == nf || fval == nf || fdut == nf) {
        rc = tsc__csv_error_at(c, 0, err, TSC_EPARSE,
                               "the header lacks %s (needed: CTY_CODE, I_COMMODITY, CON_VAL_YR, CAL_DUT_YR)",
                               fcty == nf   ? "CTY_CODE"
                               : fhs == nf  ? "I_COMMODITY"
                               : fval == nf ? "CON_VAL_YR"
                                            : "CAL_DUT_YR");
        goto done;
    }
    while ((rc = tsc__csv_next(c, err)) == 1) {
        if (tsc__csv_nfields(c) != nf) {
            rc = tsc__csv_error_at(c, tsc__csv_nfields(c) < nf ? tsc__csv_nfields(c) : nf, err, TSC_EPARSE,
                                   "ragged row: %zu fields where the header has %zu", tsc__csv_nfields(c), nf);
            goto done;
        }
        if (im->n == im->cap) {
            size_t cap = im->cap ? 2 * im->cap : 65536;
            tsc_import_line *p = tsc__realloc(im->line, cap * sizeof *p);
            if (!p) {
                rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
                goto done;
            }
            im->line = p;
            im->cap = cap;
        }
        if (im->n - first == capline) {
            capline = capline ? 2 * capline : 16384;
            size_t *p = tsc__realloc(srcline, capline * sizeof *p);
            if (!p) {
                rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
                goto done;
            }
            srcline = p;
        }
        tsc_import_line *l = &im->line[im->n];
        const char *hs = tsc__csv_field(c, fhs);
        size_t len = tsc__csv_flen(c, fhs);
        int ok = len >= 2 && len <= 10;
        for (size_t i = 0; ok && i < len; i++) ok = hs[i] >= '0' && hs[i] <= '9';
        if (!ok) {
            rc = tsc__csv_error_at(c, fhs, err, TSC_EPARSE, "'%s' is not an HS code of 2 to 10 digits", hs);
            goto done;
        }
        memcpy(l->hs, hs, len + 1);
        if ((rc = partner_of(im, cs, c, fcty, file, &l->partner, err))) goto done;
        if ((rc = tsc__csv_number(c, fval, &l->value, err)) || (rc = tsc__csv_number(c, fdut, &l->duty, err)))
            goto done;
        if (l->value < 0 || l->duty < 0) {
            rc = tsc__csv_error_at(c, l->value < 0 ? fval : fdut, err, TSC_EINVAL, "negative %s",
                                   l->value < 0 ? "import value" : "duty");
            goto done;
        }
        srcline[im->n - first] = tsc__csv_line(c);
        im->n++;
    }
    if (rc == 0) rc = check_duplicates(im, first, srcline, path, err);
done:
    tsc__free(srcline);
    tsc__csv_close(c);
    return rc < 0 ? rc : TSC_OK;
}

typedef struct coded {
    const char *hs;
    size_t line;
} coded;

static int cmp_coded(const void *a, const void *b)
{
    const coded *x = a, *y = b;
    int c = strcmp(x->hs, y->hs);
    return c ? c : (x->line < y->line ? -1 : x->line > y->line);
}

/* The index of the lines (tsc__imports_index): their distinct codes sorted and numbered, and the lines by partner. */
static int build_index(tsc_imports *im, const char *dir, tsc_error *err)
{
    size_t n = im->n;
    coded *ord = tsc__malloc((n ? n : 1) * sizeof *ord);
    im->code = tsc__malloc((n ? n : 1) * sizeof *im->code);
    im->line_code = tsc__malloc((n ? n : 1) * sizeof *im->line_code);
    im->pfirst = tsc__calloc(im->np + 2, sizeof *im->pfirst);
    im->pline = tsc__malloc((n ? n : 1) * sizeof *im->pline);
    if (!ord || !im->code || !im->line_code || !im->pfirst || !im->pline || n > UINT32_MAX) {
        tsc__free(ord);
        return tsc__error(err, TSC_ENOMEM, dir, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < n; i++) ord[i] = (coded){im->line[i].hs, i};
    qsort(ord, n, sizeof *ord, cmp_coded);
    for (size_t k = 0; k < n; k++) {
        if (im->ncode == 0 || strcmp(im->code[im->ncode - 1], ord[k].hs) != 0) im->code[im->ncode++] = ord[k].hs;
        im->line_code[ord[k].line] = (uint32_t)(im->ncode - 1);
    }
    tsc__free(ord);
    /* a counting sort by partner: the lines of one partner keep their order */
    for (size_t i = 0; i < n; i++) im->pfirst[im->line[i].partner + 2]++;
    for (size_t p = 0; p < im->np; p++) im->pfirst[p + 2] += im->pfirst[p + 1];
    for (size_t i = 0; i < n; i++) im->pline[im->pfirst[im->line[i].partner + 1]++] = i;
    return TSC_OK;
}

int tsc_imports_load(const char *dir, const tsc_imports_opts *opts, tsc_imports **out, tsc_error *err)
{
    *out = NULL;
    char **files = NULL, path[1400];
    size_t nfiles = 0;
    tsc_imports *im = tsc__calloc(1, sizeof *im);
    int rc = im ? list_files(dir, &files, &nfiles, err) : tsc__error(err, TSC_ENOMEM, dir, 0, 0, "out of memory");
    if (rc) goto done;
    const char *cpath = opts ? opts->countries : NULL;
    if (!cpath) {
        /* the files sit in DATA/hs10-imports-2024; the country codes in DATA/hts */
        const char *slash = strrchr(files[0], '/');
        int dlen = slash ? (int)(slash - files[0]) : 1;
        snprintf(path, sizeof path, "%.*s/../hts/census_to_iso3.csv", dlen, slash ? files[0] : ".");
        cpath = path;
    }
    if ((rc = read_countries(cpath, &im->cs, err))) goto done;
    for (size_t f = 0; f < nfiles && !rc; f++) rc = read_file(im, &im->cs, files[f], f, err);
    if (!rc) rc = build_index(im, dir, err);
done:
    for (size_t f = 0; f < nfiles; f++) tsc__free(files[f]);
    tsc__free(files);
    if (rc) tsc_imports_free(im);
    else *out = im;
    return rc;
}
