/* Table loading through the API: accepted variants, every error code with its location, allocation failures. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* A 2-region x 2-sector labelled table with awkward values; x and va balance exactly. */
static const char *Zcsv = "\"\",A.s1,A.s2,B.s1,B.s2\nA.s1,2.385,1.25,0.5,0.75\nA.s2,0.125,3.5,1,0.25\n"
                          "B.s1,0.25,0.5,4.125,1.5\nB.s2,1,0.25,0.375,2.75\n";
static const char *Ycsv = "\"\",A.FD,B.FD\nA.s1,10,2\nA.s2,8,3\nB.s1,1,12\nB.s2,2.5,9\n";

/* x = Z1 + Y1, va = x - 1'Z computed here from the same literals, so the table balances. */
static void write_xva(const char *dir, double xscale)
{
    static const double Z[4][4] = {
        {2.385, 1.25, 0.5, 0.75}, {0.125, 3.5, 1, 0.25}, {0.25, 0.5, 4.125, 1.5}, {1, 0.25, 0.375, 2.75}};
    static const double Y[4][2] = {{10, 2}, {8, 3}, {1, 12}, {2.5, 9}};
    static const char *lab[4] = {"A.s1", "A.s2", "B.s1", "B.s2"};
    char buf[1024] = "row,x,va\n";
    for (int i = 0; i < 4; i++) {
        double x = Y[i][0] + Y[i][1], cs = 0;
        for (int j = 0; j < 4; j++) x += Z[i][j];
        for (int k = 0; k < 4; k++) cs += Z[k][i];
        double xi = Z[i][0] + Z[i][1] + Z[i][2] + Z[i][3] + Y[i][0] + Y[i][1];
        size_t u = strlen(buf);
        snprintf(buf + u, sizeof buf - u, "%s,%.17g,%.17g\n", lab[i], x * (i == 2 ? xscale : 1.0), xi - cs);
    }
    tu_write(dir, "input_x_va.csv", buf);
}

static const char *make_table(void)
{
    const char *dir = tu_tmpdir();
    tu_write(dir, "input_Z.csv", Zcsv);
    tu_write(dir, "input_Yfd.csv", Ycsv);
    write_xva(dir, 1.0);
    return dir;
}

static int try_load(const char *dir, tsc_error *err)
{
    tsc_table *t = NULL;
    int rc = tsc_table_load(dir, NULL, &t, err);
    cr_assert((rc < 0) == (t == NULL), "output table set only on success");
    tsc_table_free(t);
    return rc;
}

Test(table, small_table_loads_and_balances)
{
    const char *dir = make_table();
    tsc_table *t = tu_load(dir, 0);
    cr_assert_eq(tsc_table_nregions(t), 2);
    cr_assert_eq(tsc_table_nsectors(t), 2);
    cr_assert_str_eq(tsc_table_fd_category(t, 0), "FD");
    cr_assert_str_eq(tsc_table_sector(t, 1), "s2");
    tsc_balance b;
    tsc_table_balance(t, &b);
    cr_assert_lt(b.row_max_rel, 1e-15);
    cr_assert_lt(b.col_max_rel, 1e-15);
    cr_assert_lt(fabs(b.total_va - b.total_final_demand) / b.total_va, 1e-14, "GDP = final demand");
    tsc_table_free(t);
    tu_rmtree(dir);
}

Test(table, bom_and_crlf_are_accepted)
{
    const char *dir = make_table();
    char crlf[1024] = "\xEF\xBB\xBF";
    for (const char *p = Zcsv; *p; p++) {
        size_t u = strlen(crlf);
        if (*p == '\n') {
            crlf[u++] = '\r';
        }
        crlf[u] = *p;
        crlf[u + 1] = '\0';
    }
    tu_write(dir, "input_Z.csv", crlf);
    tsc_table *t = tu_load(dir, 0);
    cr_assert_eq(tsc_table_Z(t)[0], 2.385);
    cr_assert_eq(tsc_table_Z(t)[15], 2.75);
    tsc_table_free(t);
    tu_rmtree(dir);
}

struct bad_case {
    const char *file, *text;
    int code;
    size_t line, col;
    const char *msg;
};

Test(table, every_bad_input_is_located)
{
    static const struct bad_case cases[] = {
        {"input_Z.csv", "\"\",A.s1,A.s2,B.s1,B.s2\nA.s1,1,2,3\n", TSC_EPARSE, 2, 11, "ragged"},
        {"input_Z.csv", "\"\",A.s1,A.s2,B.s1,B.s2\nA.s1,1,abc,3,4\n", TSC_EPARSE, 2, 8, "not a number"},
        {"input_Z.csv", "\"\",A.s1,A.s2,B.s1,B.s2\nA.s1,1,2,NaN,4\n", TSC_ENUMERIC, 2, 10, "finite"},
        {"input_Z.csv", "\"\",A.s1,A.s2,B.s1,B.s2\nA.s1,1,2,3,-inf\n", TSC_ENUMERIC, 2, 12, "finite"},
        {"input_Z.csv", "\"\",A.s1,A.s2,B.s1,B.s2\nA.s1,1,,3,4\n", TSC_EPARSE, 2, 8, "empty field"},
        {"input_Z.csv", "\"\",A.s1,A.s1,B.s1,B.s2\n", TSC_ELABEL, 1, 9, "duplicate"},
        {"input_Z.csv", "\"\",A.s1,A.s2,B.s2,B.s1\n", TSC_ELABEL, 1, 14, "expected"},
        {"input_Z.csv", "\"\",A.s1,A.s2,B.s1,A.s2\n", TSC_ELABEL, 1, 0, ""},
        {"input_Z.csv", "\"\",As1,A.s2,B.s1,B.s2\n", TSC_ELABEL, 1, 4, "REGION.CODE"},
        {"input_Z.csv", "", TSC_EPARSE, 0, 0, "empty"},
        {"input_Z.csv", "\"\",A.s1,A.s2,B.s1,B.s2\nA.s1,1,2,\"3\"x,4\n", TSC_EPARSE, 2, 0, "quote"},
        {"input_Z.csv", "\"\",A.s1,A.s2,B.s1,B.s2\nA.s1,1\0,2,3,4\n", TSC_EPARSE, 2, 0, "binary"},
        {"input_Yfd.csv", "\"\",A.FD,B.FD\nA.s1,10,2\nA.s2,8,3\nB.s2,1,12\nB.s1,2.5,9\n", TSC_ELABEL, 4, 1,
         "row label"},
        {"input_Yfd.csv", "\"\",B.FD,A.FD\nA.s1,10,2\nA.s2,8,3\nB.s1,1,12\nB.s2,2.5,9\n", TSC_ELABEL, 1, 0, "region"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const struct bad_case *c = &cases[k];
        const char *dir = make_table();
        if (k != 11) {
            /* a header-only case gets the standard data rows, so that only its labels are wrong */
            char text[1024];
            const char *nl = strchr(c->text, '\n');
            snprintf(text, sizeof text, "%s%s", c->text, nl && !strchr(nl + 1, '\n') ? strchr(Zcsv, '\n') + 1 : "");
            tu_write(dir, c->file, text);
        }
        if (k == 11) { /* a NUL byte: written with fwrite */
            char p[700];
            snprintf(p, sizeof p, "%s/%s", dir, c->file);
            FILE *f = fopen(p, "wb");
            static const char bin[] = "\"\",A.s1,A.s2,B.s1,B.s2\nA.s1,1\0,2,3,4\n";
            fwrite(bin, 1, sizeof bin - 1, f);
            fclose(f);
        }
        tsc_error err;
        int rc = try_load(dir, &err);
        cr_assert_eq(rc, c->code, "case %zu: code %d (%s), expected %d", k, rc, err.msg, c->code);
        cr_assert(strstr(err.file, c->file) != NULL, "case %zu: file %s", k, err.file);
        if (c->line) cr_assert_eq(err.line, c->line, "case %zu: line %zu (%s)", k, err.line, err.msg);
        if (c->col) cr_assert_eq(err.col, c->col, "case %zu: col %zu (%s)", k, err.col, err.msg);
        cr_assert(strstr(err.msg, c->msg) != NULL, "case %zu: message '%s' lacks '%s'", k, err.msg, c->msg);
        tu_rmtree(dir);
    }
}

Test(table, missing_file_unbalanced_and_rebalance)
{
    const char *dir = make_table();
    char p[700];
    tsc_error err;
    write_xva(dir, 1.1);
    cr_assert_eq(try_load(dir, &err), TSC_EBALANCE);
    cr_assert_eq(err.line, 4, "the row of B.s1 in input_x_va.csv, got %zu", err.line);
    cr_assert(strstr(err.msg, "B.s1") && strstr(err.msg, "--rebalance"), "%s", err.msg);
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.rebalance = 1;
    tsc_table *t = NULL;
    cr_assert_eq(tsc_table_load(dir, &o, &t, &err), TSC_OK, "%s", err.msg);
    tsc_table_free(t);
    snprintf(p, sizeof p, "%s/input_x_va.csv", dir);
    remove(p);
    cr_assert_eq(try_load(dir, &err), TSC_EIO);
    cr_assert(strstr(err.msg, "input_x_va.csv"), "%s", err.msg);
    cr_assert_eq(try_load("/nonexistent/table", &err), TSC_EIO);
    cr_assert_eq(try_load(dir, NULL), TSC_EIO, "a NULL error record is allowed");
    tu_rmtree(dir);
}

Test(table, unproductive_and_singular_are_refused)
{
    static const char *R[1] = {"A"}, *S[2] = {"s1", "s2"}, *C[1] = {"FD"};
    /* A column sums above 1 with positive output: consistent identities, negative value added */
    double Z[4] = {3, 2, 2, 3}, Y[2] = {1, 1}; /* x = 6, 6: A = [0.5 0.333; 0.333 0.5]... make it explode */
    Z[0] = 4;
    Z[1] = 3;
    Z[2] = 3;
    Z[3] = 4; /* x = 8, 8; A columns sum 7/8: productive */
    tsc_table *t = NULL;
    tsc_leontief *lf = NULL;
    tsc_error err;
    cr_assert_eq(tsc_table_from_arrays(1, 2, 1, R, S, C, Z, Y, NULL, NULL, NULL, &t, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK, "%s", err.msg);
    tsc_leontief_free(lf);
    tsc_table_free(t);
    double x[2] = {4.5, 4.5}, va[2] = {-2.5, -2.5}; /* given x below Z1: A columns sum 7/4.5 > 1 */
    Y[0] = Y[1] = -2.5;
    cr_assert_eq(tsc_table_from_arrays(1, 2, 1, R, S, C, Z, Y, va, x, NULL, &t, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_EUNPRODUCTIVE, "%s", err.msg);
    cr_assert_null(lf);
    cr_assert(strstr(err.msg, "spectral radius"), "%s", err.msg);
    tsc_table_free(t);
    /* I - A singular: A = [0.5 0.5; 0.5 0.5] */
    double Zs[4] = {2, 2, 2, 2}, Ys[2] = {0, 0};
    cr_assert_eq(tsc_table_from_arrays(1, 2, 1, R, S, C, Zs, Ys, NULL, NULL, NULL, &t, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_ESINGULAR, "%s", err.msg);
    tsc_table_free(t);
}

Test(table, allocation_failures_are_clean)
{
    const char *dir = make_table();
    size_t before = tsc_alloc_count();
    tsc_table *t = tu_load(dir, 0);
    tsc_leontief *lf = NULL;
    tsc_error err;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK);
    tsc_leontief_free(lf);
    tsc_table_free(t);
    size_t total = tsc_alloc_count() - before;
    cr_assert_gt(total, 10);
    for (size_t k = 1; k <= total; k++) {
        tsc_alloc_fail_after(k);
        t = NULL;
        int rc = tsc_table_load(dir, NULL, &t, &err);
        if (rc == TSC_OK) {
            rc = tsc_leontief_new(t, &lf, &err);
            if (rc == TSC_OK) tsc_leontief_free(lf);
            else cr_assert_eq(rc, TSC_ENOMEM, "allocation %zu: %d %s", k, rc, err.msg);
            tsc_table_free(t);
        } else {
            cr_assert_null(t);
            cr_assert_eq(rc, TSC_ENOMEM, "allocation %zu: %d %s", k, rc, err.msg);
        }
        tsc_alloc_fail_after(0);
    }
    tu_rmtree(dir);
}

Test(table, size_ceiling_refuses_before_reading)
{
    const char *dir = make_table();
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.max_bytes = 64;
    tsc_table *t = NULL;
    tsc_error err;
    cr_assert_eq(tsc_table_load(dir, &o, &t, &err), TSC_ETOOBIG, "%s", err.msg);
    cr_assert_eq(err.line, 1);
    tu_rmtree(dir);
}

/* meta.json with the given "tariffs" block (JSON text after the key) in a native copy of the small table. */
static const char *native_with_tariffs(const char *block)
{
    const char *src = make_table();
    tsc_table *t = tu_load(src, 0);
    const char *dir = tu_tmpdir();
    char nat[1100], path[1200];
    snprintf(nat, sizeof nat, "%s/nat", dir);
    tsc_error err;
    cr_assert_eq(tsc_table_save_native(t, nat, 0, &err), TSC_OK, "%s", err.msg);
    tsc_table_free(t);
    tu_rmtree(src);
    snprintf(path, sizeof path, "%s/meta.json", nat);
    FILE *f = fopen(path, "r");
    cr_assert(f);
    static char meta[8192];
    size_t n = fread(meta, 1, sizeof meta - 1, f);
    fclose(f);
    meta[n] = '\0';
    char *end = strrchr(meta, '}');
    cr_assert(end);
    snprintf(end, sizeof meta - (size_t)(end - meta), ",\n  \"tariffs\": %s\n}\n", block);
    tu_write(nat, "meta.json", meta);
    tu_write(dir, "agg.csv", "kind,from,to\nregion,XX,A\n");
    tu_write(dir, "b1.csv", "importer,exporter,sector,rate_pct\nA,B,s1,2.5\n");
    tu_write(dir, "b2.csv", "importer,exporter,sector,rate_pct\nB,A,s2,4\n");
    static char out[1100];
    snprintf(out, sizeof out, "%s", nat);
    return out;
}

Test(table, meta_names_the_tariff_files)
{
    const char *nat =
        native_with_tariffs("{\"aggregation\": \"../agg.csv\", \"bases\": [\"../b1.csv\", \"../b2.csv\"]}");
    tsc_table *t = tu_load(nat, 0);
    const char *const *p;
    cr_assert_eq(tsc_table_files(t, "aggregation", &p), 1);
    cr_assert(strstr(p[0], "/nat/../agg.csv"), "%s", p[0]);
    cr_assert_eq(tsc_table_files(t, "bases", &p), 2);
    cr_assert(strstr(p[1], "/nat/../b2.csv"), "%s", p[1]);
    cr_assert_eq(tsc_table_files(t, "theta", &p), 0);
    cr_assert_null(p);
    cr_assert_eq(tsc_table_files(t, "bogus", NULL), 0);
    tsc_table_free(t);
}

Test(table, meta_tariff_errors_are_named)
{
    static const struct {
        const char *block, *msg;
    } cases[] = {
        {"{\"aggregaton\": \"../agg.csv\"}", "\"aggregaton\": unknown key in \"tariffs\""},
        {"{\"aggregation\": \"../none.csv\"}", "names "},
        {"{\"bases\": \"../b1.csv\"}", "must be an array of paths"},
        {"{\"theta\": 3}", "must be a path"},
        {"[1]", "\"tariffs\": must be an object"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        const char *nat = native_with_tariffs(cases[c].block);
        tsc_error err;
        int rc = try_load(nat, &err);
        cr_assert_lt(rc, 0, "case %zu", c);
        cr_assert(strstr(err.msg, cases[c].msg), "case %zu: %s", c, err.msg);
        cr_assert(strstr(err.file, "meta.json"), "case %zu: %s", c, err.file);
        cr_assert_gt(err.line, 1, "case %zu: the key's line", c);
        cr_assert_gt(err.col, 0, "case %zu: the key's column", c);
    }
}

/* meta.json's own errors: each names the key and where it is written. */
Test(table, meta_errors_are_located)
{
    static const struct {
        const char *from, *to, *msg;
        size_t line;
    } cases[] = {
        {"\"version\": 1", "\"version\": 99", "\"version\": this build reads version 1; the file says 99", 3},
        {"\"year\": 0", "\"year\": 1e300", "\"year\": must be a whole year", 0},
        {"\"year\": 0", "\"year\": 99999999999", "\"year\": must be a whole year", 0},
        {"\"unit\"", "\"units\"", "\"units\": unknown key", 0},
        {"\"format\": \"tariffscope-native\"", "\"format\": \"native\"", "\"format\": must be", 0},
        {"\"regions\": [", "\"regions\": [\"\", ", "\"regions\": item 1 must be a non-empty string", 0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        const char *nat = native_with_tariffs("{}");
        char path[1200];
        snprintf(path, sizeof path, "%s/meta.json", nat);
        FILE *f = fopen(path, "r");
        cr_assert(f);
        static char meta[8192], out[8300];
        size_t n = fread(meta, 1, sizeof meta - 1, f);
        fclose(f);
        meta[n] = '\0';
        char *at = strstr(meta, cases[c].from);
        cr_assert(at, "case %zu: '%s' not in %s", c, cases[c].from, meta);
        snprintf(out, sizeof out, "%.*s%s%s", (int)(at - meta), meta, cases[c].to, at + strlen(cases[c].from));
        tu_write(nat, "meta.json", out);
        tsc_error err;
        cr_assert_lt(try_load(nat, &err), 0, "case %zu accepted", c);
        cr_assert(strstr(err.msg, cases[c].msg), "case %zu: %s", c, err.msg);
        cr_assert_gt(err.line, 0, "case %zu: %s", c, err.msg);
        if (cases[c].line) cr_assert_eq(err.line, cases[c].line, "case %zu", c);
    }
}
