/* The one-sheet layout of WIOD 2013 and ADB MRIO (src/table/table_iosheet.c) on CSV exports written here: the
 * numbers placed where they belong, ADB's codes carried to ISO3, the output row as x, detection, every error at its
 * cell, and every allocation failing. (The .xlsx path: tests/cli/test_xlsx_readers.sh, tests/unit/test_xlsx.c.) */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tariffscope/alloc.h"
#include "testutil.h"

/* 2 regions x 2 sectors, 2 final-demand categories; awkward values */
static const double Z[4][4] = {
    {12.5, 3.25, 4.1, 0.8}, {5.2, 20.35, 1.9, 6.4}, {2.7, 0.6, 15.85, 7.3}, {1.15, 8.4, 3.6, 11.2}};
static const double Y[4][4] = {
    {21.4, 8.8, 6.1, 3}, {17.05, 8.4, 10.2, 2.1}, {5.5, 3.3, 31.15, 9}, {4.35, 2, 15.6, 7.3}};
static const char *const REG[2] = {"PRC", "AUS"};

enum { NO_TOTAL = 1, EXTRA_ROW = 2, SHORT = 4, BEYOND = 8, BAD_FD_ORDER = 16, WIOD_CODES = 32, BLANKS = 64 };

static double xrow(int i)
{
    double s = 0;
    for (int j = 0; j < 4; j++) s += Z[i][j] + Y[i][j];
    return s;
}

static double colsum(int j)
{
    double s = 0;
    for (int i = 0; i < 4; i++) s += Z[i][j];
    return s;
}

static void add(char *buf, size_t size, const char *fmt, ...)
{
    size_t used = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, size - used, fmt, ap);
    va_end(ap);
}

/* The table as a CSV export of its sheet (ADB's layout: five title rows, region row 6, code row 7, data from 8). */
static const char *sheet_csv(const char *name, int flags)
{
    static char buf[8192];
    const char *fd[2] = {flags & WIOD_CODES ? "c37" : "F1", flags & WIOD_CODES ? "c38" : "F2"};
    buf[0] = '\0';
    add(buf, sizeof buf, "ADB multiregional input-output table 2017\n(in millions of US$)\n\n,,,,,\n\n");
    add(buf, sizeof buf, ",,,,PRC,PRC,AUS,AUS,%s,%s,%s,%s,\n", flags & BAD_FD_ORDER ? "AUS" : "PRC",
        flags & BAD_FD_ORDER ? "AUS" : "PRC", flags & BAD_FD_ORDER ? "PRC" : "AUS",
        flags & BAD_FD_ORDER ? "PRC" : "AUS");
    add(buf, sizeof buf, ",,,,c1,c2,c1,c2,%s,%s,%s,%s,ToT\n", fd[0], fd[1], fd[0], fd[1]);
    for (int i = 0; i < (flags & SHORT ? 3 : 4); i++) {
        add(buf, sizeof buf, ",Sector %d,%s,c%d", i % 2 + 1, REG[i / 2], i % 2 + 1);
        for (int j = 0; j < 4; j++) add(buf, sizeof buf, (flags & BLANKS) && Z[i][j] < 1 ? ", " : ",%.17g", Z[i][j]);
        for (int k = 0; k < 4; k++) add(buf, sizeof buf, ",%.17g", Y[i][k]);
        if (flags & NO_TOTAL) add(buf, sizeof buf, ",\n");
        else add(buf, sizeof buf, ",%.17g%s\n", xrow(i), flags & BEYOND && i == 1 ? ",5" : "");
    }
    if (flags & EXTRA_ROW) add(buf, sizeof buf, ",,AUS,c1,1,2,3,4,,,,,\n");
    add(buf, sizeof buf, ",Total intermediate inputs,ToT,r60");
    for (int j = 0; j < 4; j++) add(buf, sizeof buf, ",%.17g", colsum(j));
    add(buf, sizeof buf, "\n,Taxes less subsidies on products,,r61");
    for (int j = 0; j < 4; j++) add(buf, sizeof buf, ",%.17g", 0.125 * (xrow(j) - colsum(j)));
    add(buf, sizeof buf, ",0.5,0.25,0,0,\n,Value added at basic prices,,r65");
    for (int j = 0; j < 4; j++) add(buf, sizeof buf, ",%.17g", 0.875 * (xrow(j) - colsum(j)));
    add(buf, sizeof buf, "\n,Total output,ToT,r69");
    for (int j = 0; j < 4; j++) add(buf, sizeof buf, ",%.17g", xrow(j));
    add(buf, sizeof buf, "\nSource: Asian Development Bank\n");
    return tu_write(tu_tmpdir(), name, buf);
}

static tsc_table *load(const char *path, tsc_format fmt, int rebalance)
{
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.format = fmt;
    o.rebalance = rebalance;
    tsc_table *t = NULL;
    tsc_error err;
    int rc = tsc_table_load(path, &o, &t, &err);
    cr_assert_geq(rc, 0, "%s:%zu:%zu: %s", err.file, err.line, err.col, err.msg);
    return t;
}

static void expect_numbers(const tsc_table *t)
{
    const double *z = tsc_table_Z(t), *y = tsc_table_Y(t), *x = tsc_table_x(t), *va = tsc_table_va(t);
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
            cr_expect_eq(z[i + 4 * j], Z[i][j], "Z[%d][%d]", i, j);
            cr_expect_eq(y[i + 4 * j], Y[i][j], "Y[%d][%d]", i, j);
        }
        cr_expect_eq(x[i], xrow(i), "x[%d]", i);
        double want = xrow(i) - colsum(i);
        cr_expect(fabs(va[i] - want) <= 1e-13 * fabs(want), "va[%d] %.17g vs %.17g", i, va[i], want);
    }
}

Test(iosheet, adb_csv_export)
{
    const char *path = sheet_csv("ADB-MRIO-2017.csv", 0);
    tsc_table *t = load(path, TSC_FORMAT_AUTO, 0);
    cr_expect_eq(tsc_table_format(t), TSC_FORMAT_ADB);
    cr_assert(tsc_table_nregions(t) == 2 && tsc_table_nsectors(t) == 2 && tsc_table_nfd(t) == 2);
    cr_expect_str_eq(tsc_table_region(t, 0), "CHN");
    cr_expect_str_eq(tsc_table_region(t, 1), "AUS");
    cr_expect_str_eq(tsc_table_sector(t, 1), "c2");
    cr_expect_str_eq(tsc_table_fd_category(t, 0), "CONS_h");
    cr_expect_str_eq(tsc_table_fd_category(t, 1), "CONS_np");
    cr_expect_eq(tsc_table_year(t), 2017);
    cr_expect_str_eq(tsc_table_unit(t), "USD million");
    expect_numbers(t);
    const char *notes = tsc_table_notes(t);
    cr_expect(strstr(notes, "1 ADB MRIO region codes carried to ISO 3166 alpha-3: PRC->CHN"), "%s", notes);
    cr_expect(strstr(notes, "the 2 primary-input rows (r61, r65)"), "%s", notes);
    cr_expect(strstr(notes, "final-demand columns (0.75 in total"), "%s", notes);
    tsc_table_free(t);
}

Test(iosheet, quirks_and_wiod_codes)
{
    /* " " for zero cells (ADB), the output row as x when the total column is empty, WIOD's codes */
    tsc_table *t = load(sheet_csv("blanks.csv", BLANKS | NO_TOTAL | WIOD_CODES), TSC_FORMAT_AUTO, 1);
    cr_expect_eq(tsc_table_format(t), TSC_FORMAT_WIOD_XLSX);
    cr_expect_str_eq(tsc_table_region(t, 0), "PRC", "WIOD keeps its codes");
    cr_expect(strstr(tsc_table_notes(t), "gross output from the output row r69"), "%s", tsc_table_notes(t));
    const double *z = tsc_table_Z(t), *x = tsc_table_x(t);
    cr_expect_eq(z[0 + 4 * 3], 0.0, "' ' is zero");
    cr_expect_eq(z[2 + 4 * 2], Z[2][2]);
    cr_expect(fabs(x[1] - xrow(1)) <= 1e-14 * xrow(1));
    tsc_table_free(t);
    /* forced format: the same file read as ADB keeps the codes' names as they are */
    t = load(sheet_csv("wiodcodes.csv", WIOD_CODES), TSC_FORMAT_ADB, 0);
    cr_expect_str_eq(tsc_table_fd_category(t, 0), "c37");
    cr_expect_str_eq(tsc_table_region(t, 0), "CHN");
    tsc_table_free(t);
}

static void expect_error(const char *name, int flags, int code, size_t line, size_t col, const char *frag)
{
    const char *path = sheet_csv(name, flags);
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.format = TSC_FORMAT_ADB;
    tsc_table *t = NULL;
    tsc_error err;
    int rc = tsc_table_load(path, &o, &t, &err);
    cr_expect_null(t);
    cr_expect_eq(rc, code, "%s: %d %s", name, rc, err.msg);
    cr_expect(strstr(err.file, name) != NULL, "%s", err.file);
    if (line) cr_expect(err.line == line && err.col == col, "%s at %zu:%zu: %s", name, err.line, err.col, err.msg);
    cr_expect(strstr(err.msg, frag) != NULL, "'%s' not in %s", frag, err.msg);
}

Test(iosheet, errors_at_their_cell)
{
    expect_error("extra.csv", EXTRA_ROW, TSC_EDIM, 12, 3, "cell C12 (field 3): an industry row 'AUS' 'c1' after the 4");
    expect_error("short.csv", SHORT, TSC_ELABEL, 11, 3, "row 'ToT' 'r60' where 'AUS' 'c2' is expected");
    expect_error("beyond.csv", BEYOND, TSC_EDIM, 9, 14,
                 "cell N9 (field 14): a number beyond the table's last column (M");
    expect_error("fdorder.csv", BAD_FD_ORDER, TSC_EFORMAT, 7, 9,
                 "final-demand columns of region 'PRC' should follow the 4 industry columns");
    const char *p = tu_write(tu_tmpdir(), "dup.csv", "t\n,,,,AA,AA,AA,AA\n,,,,c1,c2,c1,F1\n");
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.format = TSC_FORMAT_WIOD_XLSX;
    tsc_table *t = NULL;
    tsc_error err;
    cr_expect_eq(tsc_table_load(p, &o, &t, &err), TSC_ELABEL);
    cr_expect(strstr(err.msg, "cell G3 (field 7): sector 'c1' repeated (first in column 5)"), "%s", err.msg);
    p = tu_write(tu_tmpdir(), "nohead.csv", "a,b,c\n1,2,3\n");
    cr_expect_eq(tsc_table_load(p, &o, &t, &err), TSC_EFORMAT);
    cr_expect(strstr(err.msg, "no header of an input-output table"), "%s", err.msg);
    o.format = TSC_FORMAT_AUTO;
    cr_expect_eq(tsc_table_load(p, &o, &t, &err), TSC_EFORMAT, "a plain CSV is no table");
}

/* the column identity fails when va does not add up: located at the line of the column's industry row */
Test(iosheet, balance_is_checked)
{
    const char *path = sheet_csv("unbalanced.csv", 0);
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    tsc_table *t = NULL;
    tsc_error err;
    cr_assert_eq(tsc_table_load(path, &o, &t, &err), TSC_OK, "%s", err.msg);
    tsc_table_free(t);
    /* the same table with one Z cell changed: the row identity fails at that row's line (row 9, the second) */
    char text[8192];
    FILE *f = fopen(path, "r");
    cr_assert(f);
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    char *cell = strstr(text, ",5.2000000000000002,");
    cr_assert(cell, "%s", text);
    memcpy(cell, ",6.2000000000000002,", 20);
    path = tu_write(tu_tmpdir(), "unbalanced2.csv", text);
    cr_expect_eq(tsc_table_load(path, &o, &t, &err), TSC_EBALANCE);
    cr_expect(err.line == 9 && strstr(err.msg, "row identity"), "%zu: %s", err.line, err.msg);
}

Test(iosheet, every_allocation_fails)
{
    const char *path = sheet_csv("oom.csv", 0);
    int done = 0;
    for (size_t k = 1; k < 20000 && !done; k++) {
        tsc_table *t = NULL;
        tsc_error err;
        tsc_alloc_fail_after(k);
        int rc = tsc_table_load(path, NULL, &t, &err);
        tsc_alloc_fail_after(0);
        if (rc >= 0) {
            expect_numbers(t);
            done = 1;
        } else {
            cr_expect_eq(rc, TSC_ENOMEM, "allocation %zu: %d %s", k, rc, err.msg);
        }
        tsc_table_free(t);
    }
    cr_expect(done);
}
