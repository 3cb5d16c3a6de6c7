/* tsc_writer: the long and wide layouts equal line-by-line printf output for any thread count, every value reads
 * back to the same double, gzip reads back to the same text; HDF5 tables read back by libhdf5; errors named. */
#include <hdf5.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <zlib.h>

#include "tariffscope/alloc.h"
#include "tariffscope/h5.h"
#include "tariffscope/numfmt.h"
#include "tariffscope/writer.h"
#include "testutil.h"

/* Doubles of every kind: random bit patterns (finite), awkward decimals, zeros of both signs, subnormals. */
static double *awkward(size_t n)
{
    static const double fixed[] = {0.0, -0.0, 2.385,   -1e-310, 5e-324,        1.7976931348623157e308,
                                   0.1, 1e15, 99999.5, 1e-4,    123456789.125, -64.299999999999997};
    double *v = malloc(n * sizeof *v);
    uint64_t s = 20261202;
    for (size_t i = 0; i < n; i++) {
        if (i < sizeof fixed / sizeof *fixed) {
            v[i] = fixed[i];
            continue;
        }
        uint64_t bits;
        do {
            s = s * 6364136223846793005u + 1442695040888963407u;
            bits = s ^ (s >> 29);
            memcpy(&v[i], &bits, sizeof bits);
        } while (!isfinite(v[i]));
        if (i % 3 == 0) v[i] = (double)(bits % 1000000) / 1024.0 - 300.0; /* values tables hold */
    }
    return v;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert(f, "%s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *b = malloc((size_t)n + 1);
    cr_assert_eq(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    b[n] = '\0';
    *len = (size_t)n;
    return b;
}

static char *gunzip(const char *path, size_t *len)
{
    gzFile g = gzopen(path, "rb");
    cr_assert(g, "%s", path);
    size_t cap = 1 << 20, n = 0;
    char *b = malloc(cap);
    int k;
    while ((k = gzread(g, b + n, (unsigned)(cap - n))) > 0) {
        n += (size_t)k;
        if (n == cap) b = realloc(b, cap *= 2);
    }
    cr_assert_geq(k, 0, "gzread failed");
    cr_assert_eq(gzclose(g), Z_OK);
    *len = n;
    return b;
}

#define NROW 20011 /* a prime: the pieces end mid-row */
#define NCOL 7

typedef struct fixture {
    char **rowpre, **colpre;
    double *v;
    char *expect_long, *expect_wide;
    size_t nlong, nwide;
} fixture;

/* The prefixes and the text printf gives, line by line. */
static void fixture_make(fixture *fx)
{
    fx->v = awkward(NROW * NCOL);
    fx->rowpre = malloc(NROW * sizeof *fx->rowpre);
    fx->colpre = malloc(NCOL * sizeof *fx->colpre);
    for (size_t i = 0; i < NROW; i++) {
        fx->rowpre[i] = malloc(64);
        snprintf(fx->rowpre[i], 64, i % 5 ? "R%zu,S%zu," : "\"R,%zu\",S%zu,", i % 41, i);
    }
    for (size_t j = 0; j < NCOL; j++) {
        fx->colpre[j] = malloc(32);
        snprintf(fx->colpre[j], 32, "TERM_%zu,", j);
    }
    size_t cap = (size_t)NROW * NCOL * 80;
    fx->expect_long = malloc(cap);
    fx->expect_wide = malloc(cap);
    fx->nlong = fx->nwide = 0;
    for (size_t i = 0; i < NROW; i++) {
        fx->nwide += (size_t)sprintf(fx->expect_wide + fx->nwide, "%s", fx->rowpre[i]);
        for (size_t j = 0; j < NCOL; j++) {
            double x = fx->v[i * NCOL + j];
            fx->nlong += (size_t)sprintf(fx->expect_long + fx->nlong, "%s%s%.17g\n", fx->rowpre[i], fx->colpre[j], x);
            fx->nwide += (size_t)sprintf(fx->expect_wide + fx->nwide, "%s%.17g", j ? "," : "", x);
        }
        fx->expect_wide[fx->nwide++] = '\n';
    }
}

static void fixture_free(fixture *fx)
{
    for (size_t i = 0; i < NROW; i++) free(fx->rowpre[i]);
    for (size_t j = 0; j < NCOL; j++) free(fx->colpre[j]);
    free(fx->rowpre);
    free(fx->colpre);
    free(fx->v);
    free(fx->expect_long);
    free(fx->expect_wide);
}

/* Writes the fixture (a head line, then long or wide) with threads threads; returns the file's bytes. */
static char *write_fixture(const fixture *fx, const char *dir, int wide, int gzip, const char *threads, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/out_%d_%d_%s.csv%s", dir, wide, gzip, threads, gzip ? ".gz" : "");
    setenv("TSC_THREADS", threads, 1);
    tsc_writer *w;
    tsc_error err;
    cr_assert_eq(tsc_writer_open(path, gzip ? TSC_WRITER_GZIP : 0, &w, &err), TSC_OK);
    tsc_writer_str(w, "head\n");
    if (wide) tsc_writer_wide(w, NROW, NCOL, (const char *const *)fx->rowpre, fx->v, NCOL, 1);
    else
        tsc_writer_long(w, NROW, NCOL, (const char *const *)fx->rowpre, (const char *const *)fx->colpre, fx->v, NCOL,
                        1);
    cr_assert_eq(tsc_writer_close(w, &err), TSC_OK, "%s", err.msg);
    unsetenv("TSC_THREADS");
    return slurp(path, len);
}

static void check_text(const char *text, size_t len, const char *expect, size_t nexpect)
{
    cr_assert_eq(len, nexpect + 5, "length %zu, expected %zu", len, nexpect + 5);
    cr_assert(memcmp(text, "head\n", 5) == 0);
    cr_assert(memcmp(text + 5, expect, nexpect) == 0, "the text differs from printf's");
}

Test(writer, long_and_wide_equal_printf_on_any_thread_count)
{
    fixture fx;
    fixture_make(&fx);
    const char *dir = tu_tmpdir();
    for (int wide = 0; wide < 2; wide++)
        for (int t = 0; t < 3; t++) {
            size_t len;
            char *text = write_fixture(&fx, dir, wide, 0, t == 0 ? "1" : t == 1 ? "2" : "5", &len);
            check_text(text, len, wide ? fx.expect_wide : fx.expect_long, wide ? fx.nwide : fx.nlong);
            free(text);
        }
    cr_assert_gt(fx.nlong, 2 * TSC_WRITER_BLOCK, "the test must cross block boundaries");
    fixture_free(&fx);
    tu_rmtree(dir);
}

Test(writer, values_read_back_exactly)
{
    fixture fx;
    fixture_make(&fx);
    const char *dir = tu_tmpdir();
    size_t len;
    char *text = write_fixture(&fx, dir, 0, 0, "2", &len);
    /* each line's value is what follows its last comma */
    size_t k = 0;
    for (char *line = text + 5, *end; line < text + len; line = end + 1, k++) {
        end = strchr(line, '\n');
        cr_assert(end);
        const char *comma = end;
        while (*--comma != ',') {
        }
        double back;
        cr_assert_eq(tsc_number_parse(comma + 1, (size_t)(end - comma - 1), &back), TSC_OK);
        cr_assert(memcmp(&back, &fx.v[k], sizeof back) == 0, "line %zu: %a read back as %a", k, fx.v[k], back);
    }
    cr_assert_eq(k, (size_t)NROW * NCOL);
    free(text);
    fixture_free(&fx);
    tu_rmtree(dir);
}

Test(writer, gzip_reads_back_and_does_not_depend_on_threads)
{
    fixture fx;
    fixture_make(&fx);
    const char *dir = tu_tmpdir();
    char path[512];
    size_t n1, n2, len;
    char *g1 = write_fixture(&fx, dir, 0, 1, "1", &n1), *g2 = write_fixture(&fx, dir, 0, 1, "2", &n2);
    cr_assert(n1 == n2 && memcmp(g1, g2, n1) == 0, "the gzip bytes depend on the thread count");
    cr_assert(n1 < fx.nlong / 2, "compressed %zu of %zu bytes", n1, fx.nlong);
    snprintf(path, sizeof path, "%s/out_0_1_2.csv.gz", dir);
    char *text = gunzip(path, &len);
    check_text(text, len, fx.expect_long, fx.nlong);
    free(text);
    free(g1);
    free(g2);
    /* an empty gzip file is a valid one */
    tsc_writer *w;
    snprintf(path, sizeof path, "%s/empty.csv.gz", dir);
    cr_assert_eq(tsc_writer_open(path, TSC_WRITER_GZIP, &w, NULL), TSC_OK);
    cr_assert_eq(tsc_writer_close(w, NULL), TSC_OK);
    text = gunzip(path, &len);
    cr_assert_eq(len, 0);
    free(text);
    fixture_free(&fx);
    tu_rmtree(dir);
}

Test(writer, fields_numbers_and_streams)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    tsc_writer *w;
    cr_assert_eq(tsc_writer_stream(f, 0, &w, NULL), TSC_OK);
    const char *fields[] = {"plain", "a,b", "say \"hi\"", "two\nlines", ""};
    for (size_t k = 0; k < 5; k++) {
        tsc_writer_field(w, fields[k]);
        tsc_writer_put(w, ",", 1);
    }
    tsc_writer_num(w, 2.385);
    tsc_writer_put(w, ",", 1);
    tsc_writer_num(w, -0.0);
    cr_assert_eq(tsc_writer_close(w, NULL), TSC_OK);
    cr_assert_eq(fclose(f), 0);
    cr_assert_str_eq(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,2.3849999999999998,-0");
    free(buf);
    cr_assert_eq(tsc_out_kind_of("x.csv.gz"), TSC_OUT_GZIP);
    cr_assert_eq(tsc_out_kind_of("dir/x.H5"), TSC_OUT_HDF5);
    cr_assert_eq(tsc_out_kind_of("x.hdf5"), TSC_OUT_HDF5);
    cr_assert_eq(tsc_out_kind_of("x.csv"), TSC_OUT_TEXT);
    cr_assert_eq(tsc_out_kind_of("gz"), TSC_OUT_TEXT);
}

Test(writer, errors_are_named)
{
    tsc_writer *w = NULL;
    tsc_error err;
    cr_assert_eq(tsc_writer_open("/nonexistent-dir/x.csv", 0, &w, &err), TSC_EIO);
    cr_assert_null(w);
    cr_assert(strstr(err.file, "/nonexistent-dir/x.csv"), "%s", err.file);
    /* a full disk: the failure surfaces at close, naming the file */
    cr_assert_eq(tsc_writer_open("/dev/full", 0, &w, &err), TSC_OK);
    for (int k = 0; k < 300000; k++) tsc_writer_str(w, "0123456789");
    cr_assert_eq(tsc_writer_close(w, &err), TSC_EIO);
    cr_assert(strstr(err.msg, "write failed"), "%s", err.msg);
    /* no memory for the writer, then for the long layout's pieces */
    const char *dir = tu_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/x.csv", dir);
    tsc_alloc_fail_after(1);
    cr_assert_eq(tsc_writer_open(path, 0, &w, &err), TSC_ENOMEM);
    tsc_alloc_fail_after(0);
    cr_assert_eq(tsc_writer_open(path, TSC_WRITER_GZIP, &w, &err), TSC_OK);
    const char *row[1] = {"a,"}, *col[1] = {"b,"};
    double v = 1;
    tsc_alloc_fail_after(1);
    tsc_writer_long(w, 1, 1, row, col, &v, 1, 1);
    tsc_alloc_fail_after(0);
    cr_assert_eq(tsc_writer_close(w, &err), TSC_ENOMEM);
    cr_assert_eq(tsc_writer_close(NULL, &err), TSC_OK);
    tu_rmtree(dir);
}

/* The table read back through libhdf5: the record type's fields and the values' bits. */
Test(writer, hdf5_table_reads_back)
{
    const char *dir = tu_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/t.h5", dir);
    const char *keynames[2] = {"region", "sector"}, *keys[6] = {"AUS", "c1", "BRA", "c10", "CHN", "c35"};
    const char *cols[2] = {"DVA_FIN", "MVA_INT"};
    double v[6] = {2.385, -0.0, 5e-324, 1e300, 0.1, -7.25};
    const char *attrs[] = {"unit", "USD million", NULL};
    tsc_h5_table t = {"wwz", 3, 2, 2, keynames, keys, "term", "value", cols, v, 2, 1, attrs};
    tsc_error err;
    cr_assert_eq(tsc_h5_write(path, &t, &err), TSC_OK, "%s", err.msg);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT), ds = H5Dopen2(f, "wwz", H5P_DEFAULT);
    cr_assert(f >= 0 && ds >= 0);
    hid_t type = H5Dget_type(ds), space = H5Dget_space(ds);
    hsize_t n;
    H5Sget_simple_extent_dims(space, &n, NULL);
    cr_assert_eq(n, 6);
    cr_assert_eq(H5Tget_nmembers(type), 4);
    int ival = H5Tget_member_index(type, "value"), iterm = H5Tget_member_index(type, "term");
    int isec = H5Tget_member_index(type, "sector");
    cr_assert(ival >= 0 && iterm >= 0 && isec >= 0);
    size_t rec = H5Tget_size(type), off = H5Tget_member_offset(type, (unsigned)ival);
    size_t offt = H5Tget_member_offset(type, (unsigned)iterm), offs = H5Tget_member_offset(type, (unsigned)isec);
    char *buf = malloc(rec * n);
    cr_assert(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0);
    for (size_t r = 0; r < 6; r++) {
        double x;
        memcpy(&x, buf + r * rec + off, sizeof x);
        cr_assert(memcmp(&x, &v[r], sizeof x) == 0, "record %zu", r);
        cr_assert_str_eq(buf + r * rec + offt, cols[r % 2]);
        cr_assert_str_eq(buf + r * rec + offs, keys[(r / 2) * 2 + 1]);
    }
    free(buf);
    H5Tclose(type);
    H5Sclose(space);
    H5Dclose(ds);
    H5Fclose(f);
    /* the wide layout: a double field per column */
    t.colname = NULL;
    cr_assert_eq(tsc_h5_write(path, &t, &err), TSC_OK, "%s", err.msg);
    f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    ds = H5Dopen2(f, "wwz", H5P_DEFAULT);
    type = H5Dget_type(ds);
    cr_assert_eq(H5Tget_nmembers(type), 4);
    cr_assert_geq(H5Tget_member_index(type, "MVA_INT"), 0);
    H5Tclose(type);
    H5Dclose(ds);
    H5Fclose(f);
    /* errors: two fields of one name, a file that cannot be created */
    const char *dup[2] = {"term", "sector"};
    t.keynames = dup;
    t.colname = "term";
    cr_assert_eq(tsc_h5_write(path, &t, &err), TSC_EINVAL);
    cr_assert(strstr(err.msg, "two fields named 'term'"), "%s", err.msg);
    t.keynames = keynames;
    cr_assert_eq(tsc_h5_write("/nonexistent-dir/t.h5", &t, &err), TSC_EIO);
    cr_assert(strstr(err.file, "/nonexistent-dir/t.h5"));
    tu_rmtree(dir);
}

/* A table past one slab of records (2^17): every record in its place. */
Test(writer, hdf5_large_table_reads_back)
{
    enum { NR = 70001, NC = 2 };
    const char *dir = tu_tmpdir();
    char path[512], (*lab)[16] = malloc(NR * sizeof *lab);
    const char **keys = malloc(NR * sizeof *keys), *keynames[1] = {"row"}, *cols[NC] = {"a", "b"};
    double *v = awkward(NR * NC);
    for (size_t i = 0; i < NR; i++) {
        snprintf(lab[i], sizeof lab[i], "r%zu", i);
        keys[i] = lab[i];
    }
    snprintf(path, sizeof path, "%s/big.h5", dir);
    tsc_h5_table t = {"big", NR, NC, 1, keynames, keys, "col", "value", cols, v, NC, 1, NULL};
    cr_assert_eq(tsc_h5_write(path, &t, NULL), TSC_OK);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT), ds = H5Dopen2(f, "big", H5P_DEFAULT);
    hid_t type = H5Dget_type(ds);
    size_t rec = H5Tget_size(type), off = H5Tget_member_offset(type, (unsigned)H5Tget_member_index(type, "value"));
    size_t offk = H5Tget_member_offset(type, (unsigned)H5Tget_member_index(type, "row"));
    char *buf = malloc(rec * NR * NC);
    cr_assert(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0);
    for (size_t r = 0; r < (size_t)NR * NC; r++) {
        cr_assert(memcmp(buf + r * rec + off, &v[r], sizeof(double)) == 0, "record %zu", r);
        cr_assert_str_eq(buf + r * rec + offk, lab[r / NC], "record %zu", r);
    }
    free(buf);
    H5Tclose(type);
    H5Dclose(ds);
    H5Fclose(f);
    free(v);
    free(keys);
    free(lab);
    tu_rmtree(dir);
}

/* Past the file size limit (ulimit -f) the table is refused before libhdf5 writes, with the file named. */
Test(writer, hdf5_refuses_past_the_file_size_limit)
{
    enum { NR = 50000 };
    const char *dir = tu_tmpdir();
    char path[512];
    const char **keys = malloc(NR * sizeof *keys), *keynames[1] = {"row"}, *cols[1] = {"v"};
    double *v = awkward(NR);
    for (size_t i = 0; i < NR; i++) keys[i] = "label";
    snprintf(path, sizeof path, "%s/lim.h5", dir);
    struct rlimit old, lim;
    cr_assert_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
    lim = old;
    lim.rlim_cur = 1 << 18; /* 256 kB: the records alone take 700 kB */
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
    tsc_h5_table t = {"lim", NR, 1, 1, keynames, keys, "col", "value", cols, v, 1, 1, NULL};
    tsc_error err;
    int rc = tsc_h5_write(path, &t, &err);
    setrlimit(RLIMIT_FSIZE, &old);
    cr_assert_eq(rc, TSC_EIO);
    cr_assert(strstr(err.msg, "file size limit"), "%s", err.msg);
    cr_assert(strstr(err.file, "lim.h5"), "%s", err.file);
    free(v);
    free(keys);
    tu_rmtree(dir);
}
