/* Numeric records in bulk (tsc__csv_read_numeric): the same values, labels and lines whatever the thread count, and
 * as the record-by-record reader gives; errors in a middle chunk located at their line and column. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "csv_int.h"
#include "numparse_int.h"
#include "testutil.h"

#define NROW 3000
#define NCOL 120

static uint64_t rng = 2385;
static uint64_t next64(void)
{
    uint64_t z = (rng += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Awkward numbers in every spelling a table file has: integers, zeros, short and 17-digit decimals, exponents. */
static int number_text(char *buf, size_t cap)
{
    uint64_t r = next64();
    double d = (double)(r >> 11) * 0x1p-53 * 1e4;
    switch (r % 7) {
    case 0: return snprintf(buf, cap, "0");
    case 1: return snprintf(buf, cap, "%.17g", d);
    case 2: return snprintf(buf, cap, "%.4f", d);
    case 3: return snprintf(buf, cap, "%.6e", -d);
    case 4: return snprintf(buf, cap, "%llu", (unsigned long long)(r >> 40));
    case 5: return snprintf(buf, cap, "%.3g", d * 1e-300);
    default: return snprintf(buf, cap, "%.12g", d * 1e20);
    }
}

/* The text of a grid: a header, then NROW rows of a label and NCOL numbers, with the oddities the bulk reader leaves
 * to tsc__csv_next (a quoted label, blanks around a number) and those it skips (blank lines, CRLF). */
static char *grid_text(size_t *len)
{
    size_t cap = (size_t)NROW * NCOL * 32 + 65536, n = 0;
    char *t = malloc(cap);
    cr_assert(t);
    n += (size_t)snprintf(t + n, cap - n, "corner");
    for (int j = 0; j < NCOL; j++) n += (size_t)snprintf(t + n, cap - n, ",c%d", j);
    n += (size_t)snprintf(t + n, cap - n, "\n");
    for (int i = 0; i < NROW; i++) {
        if (i == 1234) n += (size_t)snprintf(t + n, cap - n, "\"r%d\"", i);
        else n += (size_t)snprintf(t + n, cap - n, "r%d", i);
        for (int j = 0; j < NCOL; j++) {
            t[n++] = ',';
            if (i == 2000 && j == 5) t[n++] = ' ';
            n += (size_t)number_text(t + n, cap - n);
        }
        n += (size_t)snprintf(t + n, cap - n, i % 97 == 3 ? "\r\n" : "\n");
        if (i % 500 == 7) n += (size_t)snprintf(t + n, cap - n, "\n");
    }
    *len = n;
    return t;
}

typedef struct grid {
    double *v;
    char **lab;
    size_t *line;
} grid;

static void grid_free(grid *g)
{
    for (size_t i = 0; g->lab && i < NROW; i++) free(g->lab[i]);
    free(g->lab);
    free(g->v);
    free(g->line);
}

/* Reads path's rows as the labelled-matrix reader does: in bulk when bulk, else record by record. */
static grid read_grid(const char *path, int bulk)
{
    grid g = {calloc((size_t)NROW * NCOL, sizeof(double)), calloc(NROW, sizeof(char *)), calloc(NROW, sizeof(size_t))};
    const char **lab = calloc(NROW, sizeof *lab);
    size_t *lab_len = calloc(NROW, sizeof *lab_len), nrow = 0;
    cr_assert(g.v && g.lab && g.line && lab && lab_len);
    tsc_csv *c = NULL;
    tsc_error err;
    cr_assert_eq(tsc__csv_open(path, &c, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc__csv_next(c, &err), 1);
    cr_assert_eq(tsc__csv_nfields(c), NCOL + 1);
    for (;;) {
        if (bulk) {
            tsc_csv_numeric spec = {.nlab = 1,
                                    .ncol = NCOL,
                                    .max_rows = NROW - nrow,
                                    .v = g.v + nrow,
                                    .ld = NROW,
                                    .label = lab,
                                    .label_len = lab_len,
                                    .line = g.line + nrow};
            size_t got = 0;
            cr_assert_eq(tsc__csv_read_numeric(c, &spec, &got, &err), TSC_OK, "%s", err.msg);
            for (size_t k = 0; k < got; k++) g.lab[nrow + k] = strndup(lab[k], lab_len[k]);
            nrow += got;
            if (got) continue;
        }
        int rc = tsc__csv_next(c, &err);
        cr_assert_geq(rc, 0, "%s", err.msg);
        if (rc == 0) break;
        cr_assert_lt(nrow, NROW);
        cr_assert_eq(tsc__csv_nfields(c), NCOL + 1);
        g.lab[nrow] = strdup(tsc__csv_field(c, 0));
        g.line[nrow] = tsc__csv_line(c);
        for (size_t j = 0; j < NCOL; j++)
            cr_assert_eq(tsc__csv_number(c, j + 1, &g.v[nrow + j * NROW], &err), TSC_OK, "%s", err.msg);
        nrow++;
    }
    cr_assert_eq(nrow, NROW);
    tsc__csv_close(c);
    free(lab);
    free(lab_len);
    return g;
}

static void same_grid(const grid *a, const grid *b, const char *what)
{
    cr_assert(memcmp(a->v, b->v, (size_t)NROW * NCOL * sizeof(double)) == 0, "%s: values differ", what);
    cr_assert(memcmp(a->line, b->line, NROW * sizeof(size_t)) == 0, "%s: lines differ", what);
    for (size_t i = 0; i < NROW; i++) cr_assert_str_eq(a->lab[i], b->lab[i], "%s: label of row %zu", what, i);
}

static void write_gz(const char *path, const char *text, size_t len)
{
    gzFile z = gzopen(path, "wb1");
    cr_assert(z);
    cr_assert_eq(gzwrite(z, text, (unsigned)len), (int)len);
    cr_assert_eq(gzclose(z), Z_OK);
}

Test(csv, bulk_equals_record_by_record_for_1_2_and_4_threads)
{
    size_t len;
    char *text = grid_text(&len);
    cr_assert_gt(len, (size_t)2 << 20, "the grid must span several chunks");
    const char *dir = tu_tmpdir();
    char plain[1200], gz[1200];
    snprintf(plain, sizeof plain, "%s/grid.csv", dir);
    snprintf(gz, sizeof gz, "%s/grid.csv.gz", dir);
    FILE *f = fopen(plain, "wb");
    cr_assert(f && fwrite(text, 1, len, f) == len && fclose(f) == 0);
    write_gz(gz, text, len);

    setenv("TSC_THREADS", "1", 1);
    grid ref = read_grid(plain, 0);
    /* the reference is itself checked: one value parsed on its own, and the line of a row after blank lines */
    cr_assert_eq(ref.line[0], 2);
    cr_assert_eq(ref.line[8], 11); /* row 7 (line 9) is followed by a blank line */
    cr_assert_str_eq(ref.lab[1234], "r1234");
    const char *names[] = {"1", "2", "4"};
    for (int t = 0; t < 3; t++) {
        setenv("TSC_THREADS", names[t], 1);
        grid a = read_grid(plain, 1), b = read_grid(gz, 1);
        same_grid(&a, &ref, "plain");
        same_grid(&b, &ref, "gzip");
        grid_free(&a);
        grid_free(&b);
    }
    unsetenv("TSC_THREADS");
    grid_free(&ref);
    free(text);
    tu_rmtree(dir);
}

/* A malformed number far into the file (in the fourth of 4 chunks) is reported at its line and column, whatever the
 * thread count; the column is counted here, from the text written. */
Test(csv, error_in_a_middle_chunk_is_located)
{
    const size_t M = 600, bad_row = 520, bad_col = 77; /* a square M x M matrix: about 3.5 MiB of text */
    size_t cap = M * M * 32, n = 0, want_col = 0;
    char *t = malloc(cap);
    cr_assert(t);
    n += (size_t)snprintf(t + n, cap - n, "\"\"");
    for (size_t j = 0; j < M; j++) n += (size_t)snprintf(t + n, cap - n, ",c%zu", j);
    n += (size_t)snprintf(t + n, cap - n, "\n");
    for (size_t i = 0; i < M; i++) {
        size_t line_start = n;
        n += (size_t)snprintf(t + n, cap - n, "c%zu", i);
        for (size_t j = 0; j < M; j++) {
            t[n++] = ',';
            if (i == bad_row && j == bad_col) {
                want_col = n - line_start + 1;
                n += (size_t)snprintf(t + n, cap - n, "2.3.85");
            } else n += (size_t)number_text(t + n, cap - n);
        }
        t[n++] = '\n';
    }
    t[n] = '\0';
    cr_assert_gt(n, (size_t)2 << 20);
    const char *dir = tu_tmpdir();
    const char *path = tu_write(dir, "m.csv", t);
    for (int th = 1; th <= 4; th *= 2) {
        char env[16];
        snprintf(env, sizeof env, "%d", th);
        setenv("TSC_THREADS", env, 1);
        tsc_mat m;
        tsc_error err;
        memset(&err, 0, sizeof err);
        cr_assert_eq(tsc_mat_read_labelled_csv(path, &m, &err), TSC_EPARSE);
        cr_assert_eq(err.line, bad_row + 2, "threads %d: line %zu", th, err.line);
        cr_assert_eq(err.col, want_col, "threads %d: column %zu, expected %zu", th, err.col, want_col);
        cr_assert(strstr(err.msg, "'2.3.85' is not a number"), "%s", err.msg);
    }
    unsetenv("TSC_THREADS");
    free(t);
    tu_rmtree(dir);
}
