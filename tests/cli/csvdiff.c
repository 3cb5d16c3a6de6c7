/* csvdiff: compares two CSV files cell by cell, numbers to a relative tolerance (tests only).
 *
 * usage: csvdiff [--rtol R] [--atol A] A.csv B.csv
 * Both files must have the same number of records and, record by record, the same number of fields. Two fields
 * that both parse completely as finite numbers (strtod) agree when |a - b| <= max(rtol * max(|a|, |b|), atol)
 * (defaults rtol 1e-9, atol 1e-12); any other pair must be equal as strings, after the CSV quoting is removed
 * ("x" and x are the same field, "" inside quotes is one quote). CRLF line endings, a UTF-8 byte-order mark and
 * blank lines are ignored, as the library's reader ignores them.
 * Exit status: 0 equal, 1 different (the first difference is printed as file:line:field), 2 usage or I/O error. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growable byte buffer. */
typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

static int buf_push(buf *b, char ch)
{
    if (b->len + 1 >= b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 256;
        char *q = realloc(b->p, cap);
        if (!q) return -1;
        b->p = q;
        b->cap = cap;
    }
    b->p[b->len++] = ch;
    return 0;
}

/* One CSV source: the stream, its name, the line counter and the current record (fields NUL-separated). */
typedef struct reader {
    FILE *f;
    const char *path;
    size_t next_line; /* line the next record starts on */
    size_t line;      /* line the current record started on */
    int started;
    buf rec;
    size_t *start; /* offset of each field in rec */
    size_t nf, fcap;
} reader;

static int field_begin(reader *r)
{
    if (r->nf == r->fcap) {
        size_t cap = r->fcap ? 2 * r->fcap : 32;
        size_t *q = realloc(r->start, cap * sizeof *q);
        if (!q) return -1;
        r->start = q;
        r->fcap = cap;
    }
    r->start[r->nf++] = r->rec.len;
    return 0;
}

/* Reads one record; returns 1, 0 at end of file, -1 on an allocation or read error, -2 on malformed quoting. */
static int read_record(reader *r)
{
    enum { START, PLAIN, QUOTED, QUOTE_END } st = START;
    int ch, any = 0;
    r->rec.len = 0;
    r->nf = 0;
    r->line = r->next_line;
    if (!r->started) {
        r->started = 1;
        int c1 = getc(r->f);
        if (c1 == 0xEF) {
            int c2 = getc(r->f), c3 = getc(r->f);
            if (c2 != 0xBB || c3 != 0xBF) {
                fprintf(stderr, "csvdiff: %s:1: stray bytes where a UTF-8 byte-order mark was expected\n", r->path);
                return -2;
            }
        } else if (c1 != EOF) {
            ungetc(c1, r->f);
        }
    }
    if (field_begin(r)) return -1;
    while ((ch = getc(r->f)) != EOF) {
        any = 1;
        if (st == QUOTED) {
            if (ch == '"') st = QUOTE_END;
            else {
                if (ch == '\n') r->next_line++;
                if (buf_push(&r->rec, (char)ch)) return -1;
            }
            continue;
        }
        if (st == QUOTE_END) {
            if (ch == '"') {
                if (buf_push(&r->rec, '"')) return -1;
                st = QUOTED;
                continue;
            }
            st = PLAIN;
        }
        if (ch == '\r') continue;
        if (ch == '\n') {
            r->next_line++;
            return buf_push(&r->rec, '\0') ? -1 : 1;
        }
        if (ch == ',') {
            if (buf_push(&r->rec, '\0') || field_begin(r)) return -1;
            st = START;
            continue;
        }
        if (st == START && ch == '"') {
            st = QUOTED;
            continue;
        }
        st = PLAIN;
        if (buf_push(&r->rec, (char)ch)) return -1;
    }
    if (ferror(r->f)) return -1;
    if (!any) return 0;
    if (st == QUOTED) {
        fprintf(stderr, "csvdiff: %s:%zu: unterminated quoted field at end of file\n", r->path, r->line);
        return -2;
    }
    return buf_push(&r->rec, '\0') ? -1 : 1;
}

/* The next record that is not blank (one empty field). */
static int next_record(reader *r)
{
    for (;;) {
        int rc = read_record(r);
        if (rc != 1) return rc;
        if (!(r->nf == 1 && r->rec.p[0] == '\0')) return 1;
    }
}

static const char *field(const reader *r, size_t i)
{
    return r->rec.p + r->start[i];
}

/* Parses s completely as a number; 1 on success. */
static int parse_number(const char *s, double *v)
{
    char *end;
    if (*s == '\0') return 0;
    *v = strtod(s, &end);
    return *end == '\0';
}

/* Whether two fields agree: numbers within the tolerance, anything else as equal strings. */
static int fields_agree(const char *a, const char *b, double rtol, double atol)
{
    double x, y;
    if (parse_number(a, &x) && parse_number(b, &y)) {
        if (isnan(x) || isnan(y)) return isnan(x) && isnan(y);
        if (isinf(x) || isinf(y)) return x == y;
        double scale = fmax(fabs(x), fabs(y));
        double tol = fmax(rtol * scale, atol);
        return fabs(x - y) <= tol;
    }
    return strcmp(a, b) == 0;
}

static int parse_tolerance(const char *opt, const char *s, double *out)
{
    double v;
    if (!s || !parse_number(s, &v) || !(v >= 0) || isinf(v)) {
        fprintf(stderr, "csvdiff: %s takes a finite number >= 0, not '%s'\n", opt, s ? s : "(nothing)");
        return -1;
    }
    *out = v;
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: csvdiff [--rtol R] [--atol A] A.csv B.csv\n"
                    "  numbers agree when |a-b| <= max(rtol*max(|a|,|b|), atol); defaults rtol 1e-9, atol 1e-12\n"
                    "  exit 0 equal, 1 different (first difference printed), 2 usage or I/O error\n");
}

static void reader_free(reader *r)
{
    if (r->f) fclose(r->f);
    free(r->rec.p);
    free(r->start);
}

/* Compares the two open readers; returns the exit status. */
static int compare(reader *a, reader *b, double rtol, double atol)
{
    for (;;) {
        int ra = next_record(a), rb = next_record(b);
        if (ra == -1 || rb == -1) {
            fprintf(stderr, "csvdiff: %s: read error or out of memory\n", ra == -1 ? a->path : b->path);
            return 2;
        }
        if (ra == -2 || rb == -2) return 2;
        if (ra == 0 && rb == 0) return 0;
        if (ra == 0 || rb == 0) {
            const reader *more = ra ? a : b, *less = ra ? b : a;
            printf("%s:%zu: extra record (%s has fewer records)\n", more->path, more->line, less->path);
            return 1;
        }
        if (a->nf != b->nf) {
            printf("%s:%zu: %zu fields, but %s:%zu has %zu\n", a->path, a->line, a->nf, b->path, b->line, b->nf);
            return 1;
        }
        for (size_t i = 0; i < a->nf; i++)
            if (!fields_agree(field(a, i), field(b, i), rtol, atol)) {
                double x, y;
                printf("%s:%zu:%zu: '%s' differs from '%s' (%s:%zu:%zu)", a->path, a->line, i + 1, field(a, i),
                       field(b, i), b->path, b->line, i + 1);
                if (parse_number(field(a, i), &x) && parse_number(field(b, i), &y) && isfinite(x) && isfinite(y))
                    printf("; |a-b| = %.3g, relative %.3g", fabs(x - y),
                           fmax(fabs(x), fabs(y)) > 0 ? fabs(x - y) / fmax(fabs(x), fabs(y)) : 0.0);
                printf("\n");
                return 1;
            }
    }
}

int main(int argc, char **argv)
{
    double rtol = 1e-9, atol = 1e-12;
    const char *files[2] = {NULL, NULL};
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--rtol") == 0 || strcmp(a, "--atol") == 0) {
            if (parse_tolerance(a, i + 1 < argc ? argv[i + 1] : NULL, strcmp(a, "--rtol") == 0 ? &rtol : &atol)) {
                usage();
                return 2;
            }
            i++;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage();
            return 0;
        } else if (a[0] == '-' && a[1] == '-') {
            fprintf(stderr, "csvdiff: unknown option '%s'\n", a);
            usage();
            return 2;
        } else if (nfiles < 2) {
            files[nfiles++] = a;
        } else {
            fprintf(stderr, "csvdiff: too many files ('%s')\n", a);
            usage();
            return 2;
        }
    }
    if (nfiles != 2) {
        usage();
        return 2;
    }

    reader r[2];
    memset(r, 0, sizeof r);
    int status = 2;
    for (int k = 0; k < 2; k++) {
        r[k].path = files[k];
        r[k].next_line = 1;
        if (!(r[k].f = fopen(files[k], "rb"))) {
            perror(files[k]);
            goto done;
        }
    }
    status = compare(&r[0], &r[1], rtol, atol);
done:
    reader_free(&r[0]);
    reader_free(&r[1]);
    return status;
}
