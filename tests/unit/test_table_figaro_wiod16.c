/* The FIGARO and WIOD 2016 readers on hand-made files: the blocks go where docs/FORMATS.md says, every error located.
 */
#include <string.h>

#include "testutil.h"

/* 2 countries x 2 industries; final demand: FIGARO's five codes (WIOD 2016: its five) per country. */
static const char FIGARO[] =
    "\xEF\xBB\xBFrowLabels,AT_A01,AT_F,BE_A01,BE_F,AT_P3_S13,AT_P3_S14,AT_P3_S15,AT_P51G,AT_P5M,BE_P3_S13,BE_P3_S14,"
    "BE_P3_S15,BE_P51G,BE_P5M\r\n"
    "AT_A01,1.5,0.25,2,0,0.5,4,0.25,1,-0.5,0,2,0,0.5,0\r\n"
    "AT_F,0.5,3,0,1.25,0,1,0,2.5,0,0,0,0,0,0\r\n"
    "\"BE_A01\",0,1,2.5,0.5,0,0,0,0,0,1,3,0,0.75,0.125\r\n"
    "BE_F,2,0,0.75,1,0,0.25,0,0,0,0.5,2,0.25,1,0\r\n"
    "W2_D21X31,0.25,0.5,0.125,0.25,1.5,0,0,0,0,0,0,0,0,0\r\n"
    "W2_D1,1,2,1.5,1,0,0,0,0,0,0,0,0,0,0\r\n"
    "W2_B2A3G,x1,x2,x3,x4,0,0,0,0,0,0,0,0,0,0\r\n"
    "\r\n";

static const double Zf[4][4] = {{1.5, 0.25, 2, 0}, {0.5, 3, 0, 1.25}, {0, 1, 2.5, 0.5}, {2, 0, 0.75, 1}};
static const double Yf[4][10] = {{0.5, 4, 0.25, 1, -0.5, 0, 2, 0, 0.5, 0},
                                 {0, 1, 0, 2.5, 0, 0, 0, 0, 0, 0},
                                 {0, 0, 0, 0, 0, 1, 3, 0, 0.75, 0.125},
                                 {0, 0.25, 0, 0, 0, 0.5, 2, 0.25, 1, 0}};

/* The text with the operating surplus set so that each industry's column adds up to its output. */
static const char *figaro_text(char *buf, size_t size)
{
    double x[4], b2[4];
    for (int i = 0; i < 4; i++) {
        x[i] = 0;
        for (int j = 0; j < 4; j++) x[i] += Zf[i][j];
        for (int k = 0; k < 10; k++) x[i] += Yf[i][k];
    }
    static const double d21[4] = {0.25, 0.5, 0.125, 0.25}, d1[4] = {1, 2, 1.5, 1};
    for (int j = 0; j < 4; j++) {
        b2[j] = x[j] - d21[j] - d1[j];
        for (int i = 0; i < 4; i++) b2[j] -= Zf[i][j];
    }
    char num[4][40];
    for (int j = 0; j < 4; j++) snprintf(num[j], sizeof num[j], "%.17g", b2[j]);
    snprintf(buf, size, "%s", FIGARO);
    char *p = strstr(buf, "x1,x2,x3,x4");
    char tail[200];
    snprintf(tail, sizeof tail, "%s", p + strlen("x1,x2,x3,x4"));
    snprintf(p, size - (size_t)(p - buf), "%s,%s,%s,%s%s", num[0], num[1], num[2], num[3], tail);
    return buf;
}

static tsc_table *load(const char *path, tsc_error *err, int *rc)
{
    tsc_table *t = NULL;
    *rc = tsc_table_load(path, NULL, &t, err);
    return t;
}

Test(figaro, blocks_go_where_the_layout_says)
{
    const char *dir = tu_tmpdir();
    char buf[4096];
    const char *path = tu_write(dir, "matrix_eu-ic-io_ind-by-ind_23ed_2021.csv", figaro_text(buf, sizeof buf));
    tsc_error err;
    int rc;
    tsc_table *t = load(path, &err, &rc);
    cr_assert_geq(rc, 0, "%s:%zu:%zu: %s", err.file, err.line, err.col, err.msg);
    cr_assert_eq(tsc_table_format(t), TSC_FORMAT_FIGARO);
    cr_assert_eq(tsc_table_year(t), 2021);
    cr_assert_str_eq(tsc_table_region(t, 1), "BE");
    cr_assert_str_eq(tsc_table_sector(t, 1), "F");
    cr_assert_str_eq(tsc_table_fd_category(t, 3), "P51G");
    cr_assert(tsc_table_sector_is_goods(t, 0) && !tsc_table_sector_is_goods(t, 1), "A01 a good, F (construction) not");
    for (size_t i = 0; i < 4; i++) {
        double x = 0;
        for (size_t j = 0; j < 4; j++) {
            cr_assert_eq(tsc_table_Z(t)[i + j * 4], Zf[i][j]);
            x += Zf[i][j];
        }
        for (size_t k = 0; k < 10; k++) {
            cr_assert_eq(tsc_table_Y(t)[i + k * 4], Yf[i][k]);
            x += Yf[i][k];
        }
        cr_assert_eq(tsc_table_x(t)[i], x, "x = Z1 + Y1 (no output row)");
    }
    cr_assert(strstr(tsc_table_notes(t), "primary inputs under the final-demand columns (taxes less subsidies on "
                                         "products, purchases abroad and of non-residents: 1.5 in total)"),
              "%s", tsc_table_notes(t));
    tsc_table_free(t);
    tu_rmtree(dir);
}

/* The FIGARO text with one substring replaced; loading it fails at line:col (col 0: any) with a message holding
 * want. */
static void figaro_fails(const char *from, const char *to, size_t line, size_t col, const char *want)
{
    const char *dir = tu_tmpdir();
    char buf[4096], out[4096];
    figaro_text(buf, sizeof buf);
    char *p = strstr(buf, from);
    cr_assert_not_null(p, "%s", from);
    snprintf(out, sizeof out, "%.*s%s%s", (int)(p - buf), buf, to, p + strlen(from));
    const char *path = tu_write(dir, "matrix_eu-ic-io_ind-by-ind_23ed_2021.csv", out);
    tsc_error err;
    int rc;
    tsc_table *t = load(path, &err, &rc);
    cr_assert_lt(rc, 0, "%s -> %s loads", from, to);
    cr_assert_null(t);
    cr_assert(err.line == line && (col == 0 || err.col == col) && strstr(err.msg, want), "%s -> %s: %zu:%zu: %s", from,
              to, err.line, err.col, err.msg);
    tu_rmtree(dir);
}

Test(figaro, errors_are_located)
{
    figaro_fails("\"BE_A01\",0,1,", "BE_A02,0,1,", 4, 1, "row 'BE_A02' where 'BE_A01' is expected");
    figaro_fails("W2_D1,", "W2_D21X31,", 7, 1, "row 'W2_D21X31' appears twice");
    figaro_fails("W2_D1,", "W2_XX,", 7, 1, "neither an industry nor a primary input");
    figaro_fails("AT_F,0.5,3,", "AT_F,0.5,three,", 3, 10, "");
    figaro_fails("BE_P5M\r\n", "BE_B\r\n", 1, 0, "column 'BE_B' after the final-demand columns");
    figaro_fails("AT_P3_S13,", "AT_P3S13,", 1, 0, "P3S13"); /* an industry of AT that BE lacks */
    figaro_fails("W2_D21X31,0.25,0.5,0.125,0.25,1.5,", "W2_D21X31,0.25,0.5,0.125,0.25,1.5,0,", 6, 0, "");
}

/* ---- WIOD 2016: the same numbers in the release's sheet ------------------------------------------------------------
 */

static const char *wiod16_text(char *buf, size_t size, const char *go_row)
{
    char *p = buf;
    size_t left = size;
#define PUT(...)                                                \
    do {                                                        \
        int w_ = snprintf(p, left, __VA_ARGS__);                \
        cr_assert(w_ >= 0 && (size_t)w_ < left, "buffer full"); \
        p += w_;                                                \
        left -= (size_t)w_;                                     \
    } while (0)
    PUT("World Input-Output Table 2014,,,,,,,,,,,,,,,,,,\n");
    PUT(",,,,A01,F,A01,F,CONS_h,CONS_np,CONS_g,GFCF,INVEN,CONS_h,CONS_np,CONS_g,GFCF,INVEN,GO\n");
    PUT(",,,,\"Crop, animal\",Construction,\"Crop, animal\",Construction,,,,,,,,,,,Output\n");
    PUT(",,,,AUS,AUS,AUT,AUT,AUS,AUS,AUS,AUS,AUS,AUT,AUT,AUT,AUT,AUT,TOT\n");
    PUT(",,,,c1,c2,c3,c4,c57,c58,c59,c60,c61,c57,c58,c59,c60,c61,c62\n");
    static const char *code[4] = {"A01", "F", "A01", "F"}, *cty[4] = {"AUS", "AUS", "AUT", "AUT"};
    double x[4], va[4];
    for (int i = 0; i < 4; i++) {
        x[i] = 0;
        PUT("%s,Description %d,%s,r%d", code[i], i, cty[i], i + 1);
        for (int j = 0; j < 4; j++) {
            PUT(",%.17g", Zf[i][j]);
            x[i] += Zf[i][j];
        }
        for (int k = 0; k < 10; k++) {
            PUT(",%.17g", Yf[i][k]);
            x[i] += Yf[i][k];
        }
        PUT(",%.17g\n", x[i]);
    }
    for (int j = 0; j < 4; j++) {
        va[j] = x[j];
        for (int i = 0; i < 4; i++) va[j] -= Zf[i][j];
    }
    PUT("II_fob,Total intermediate consumption,TOT,r64,1,1,1,1,,,,,,,,,,,\n");
    PUT("TXSP,Taxes less subsidies on products,TOT,r65,0.5,0.25,0.125,0.5,0.75,,,,,,,,,,\n");
    PUT("VA,Value added at basic prices,TOT,r69,%.17g,%.17g,%.17g,%.17g,,,,,,,,,,,\n", va[0] - 0.5, va[1] - 0.25,
        va[2] - 0.125, va[3] - 0.5);
    if (go_row)
        PUT("%s,Output at basic prices,TOT,r71,%.17g,%.17g,%.17g,%.17g,,,,,,,,,,,\n", go_row, x[0], x[1], x[2], x[3]);
#undef PUT
    return buf;
}

static const char *wiod16_file(const char *dir, const char *go_row)
{
    static char buf[8192];
    return tu_write(dir, "WIOT2014_Nov16_ROW.csv", wiod16_text(buf, sizeof buf, go_row));
}

Test(wiod2016, blocks_go_where_the_layout_says)
{
    const char *dir = tu_tmpdir();
    for (int with_go = 0; with_go < 2; with_go++) { /* x from the GO row, else from the TOT column */
        tsc_error err;
        int rc;
        tsc_table *t = load(wiod16_file(dir, with_go ? "GO" : NULL), &err, &rc);
        cr_assert_geq(rc, 0, "%s:%zu:%zu: %s", err.file, err.line, err.col, err.msg);
        cr_assert_eq(tsc_table_format(t), TSC_FORMAT_WIOD2016);
        cr_assert_eq(tsc_table_year(t), 2014);
        cr_assert_str_eq(tsc_table_region(t, 1), "AUT");
        cr_assert_str_eq(tsc_table_fd_category(t, 4), "INVEN");
        for (size_t i = 0; i < 4; i++) {
            double x = 0, va = 0;
            for (size_t j = 0; j < 4; j++) {
                cr_assert_eq(tsc_table_Z(t)[i + j * 4], Zf[i][j]);
                x += Zf[i][j];
            }
            for (size_t k = 0; k < 10; k++) {
                cr_assert_eq(tsc_table_Y(t)[i + k * 4], Yf[i][k]);
                x += Yf[i][k];
            }
            cr_assert_eq(tsc_table_x(t)[i], x);
            va = x;
            for (size_t k = 0; k < 4; k++) va -= Zf[k][i];
            cr_assert_float_eq(tsc_table_va(t)[i], va, 1e-12 * x, "va = TXSP + VA (II_fob not read)");
        }
        cr_assert(strstr(tsc_table_notes(t), "0.75 in total"), "%s", tsc_table_notes(t));
        tsc_table_free(t);
    }
    tu_rmtree(dir);
}

Test(wiod2016, errors_are_located)
{
    const char *dir = tu_tmpdir();
    char buf[8192], out[8192];
    static const struct {
        const char *from, *to, *want;
        size_t line;
    } cases[] = {
        {"F,Description 1,AUS,r2", "F,Description 1,AUT,r2", "row AUT F where AUS F is expected", 7},
        {"VA,Value added", "TXSP,Value added", "row 'TXSP' appears twice", 12},
        {"VA,Value added", "XX,Value added", "is not II_fob, TXSP", 12},
        {",,,,AUS,AUS,AUT", ",,,,AUS,AUS,AUX", "region 'AUX' has no sector 'F'", 2},
        {",,,,A01,F,A01", ",,,,A02,F,A01", "no header rows with the column codes", 6},
        {"A01,Description 2,AUT,r3,0,1,", "A01,Description 2,AUT,r3,0,one,", "'one'", 8},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        wiod16_text(buf, sizeof buf, "GO");
        char *p = strstr(buf, cases[k].from);
        cr_assert_not_null(p, "%s", cases[k].from);
        snprintf(out, sizeof out, "%.*s%s%s", (int)(p - buf), buf, cases[k].to, p + strlen(cases[k].from));
        tsc_error err;
        int rc;
        tsc_table *t = load(tu_write(dir, "WIOT2014_Nov16_ROW.csv", out), &err, &rc);
        cr_assert_lt(rc, 0, "case %zu loads", k);
        cr_assert_null(t);
        cr_assert(err.line == cases[k].line && strstr(err.msg, cases[k].want), "case %zu: %zu:%zu: %s", k, err.line,
                  err.col, err.msg);
    }
    tu_rmtree(dir);
}

/* Every allocation of a load made to fail in turn: the load reports TSC_ENOMEM and leaves nothing (ASan and valgrind
 * runs see no leak). */
Test(figaro_wiod2016, allocation_failures_are_clean)
{
    const char *dir = tu_tmpdir();
    char buf[4096];
    const char *files[2];
    files[0] = tu_write(dir, "matrix_eu-ic-io_ind-by-ind_23ed_2021.csv", figaro_text(buf, sizeof buf));
    files[1] = wiod16_file(dir, "GO");
    for (int f = 0; f < 2; f++) {
        tsc_error err;
        int rc;
        size_t before = tsc_alloc_count();
        tsc_table *t = load(files[f], &err, &rc);
        cr_assert_geq(rc, 0, "%s", err.msg);
        tsc_table_free(t);
        size_t total = tsc_alloc_count() - before;
        for (size_t k = 1; k <= total; k++) {
            tsc_alloc_fail_after(k);
            t = NULL;
            rc = tsc_table_load(files[f], NULL, &t, &err);
            tsc_alloc_fail_after(0);
            if (rc >= 0) {
                tsc_table_free(t);
                continue;
            }
            cr_assert_null(t);
            cr_assert_eq(rc, TSC_ENOMEM, "file %d allocation %zu: %d %s", f, k, rc, err.msg);
        }
    }
    tu_rmtree(dir);
}
