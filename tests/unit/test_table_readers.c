/* The database readers (OECD ICIO, Eora26, pymrio's text layout): the mocks of ../shared/vectors/formats reproduced,
 * hand-made variants with real files' quirks, every error located, and the pymrio round trip bit for bit. */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define MOCKS "vectors/formats/"

/* |a - b| within a few units of rounding of b: sums taken in another order than the reference's. */
static int same_sum(double a, double b)
{
    return fabs(a - b) <= 4 * DBL_EPSILON * fabs(b);
}

static tsc_table *load_opts(const char *path, int rebalance, int keep, int *rc_out)
{
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.rebalance = rebalance;
    o.keep_splits = keep;
    tsc_table *t = NULL;
    tsc_error err;
    int rc = tsc_table_load(path, &o, &t, &err);
    cr_assert_geq(rc, 0, "%s: %s:%zu:%zu: %s", path, err.file, err.line, err.col, err.msg);
    if (rc_out) *rc_out = rc;
    return t;
}

static int load_fails(const char *path, tsc_error *err)
{
    tsc_table *t = NULL;
    int rc = tsc_table_load(path, NULL, &t, err);
    cr_assert((rc < 0) == (t == NULL), "output table set only on success");
    tsc_table_free(t);
    return rc;
}

/* ---- OECD ICIO 2023: the mock and its expected merged table ------------------------------------------------------ */

Test(readers, oecd2023_mock_reproduces_expected)
{
    const char *csv = tu_shared(MOCKS "oecd2023_mock/ICIO2023_2020.csv");
    TU_REQUIRE(csv);
    tsc_table *t = load_opts(csv, 0, 0, NULL);
    cr_assert_eq(tsc_table_format(t), TSC_FORMAT_OECD);
    cr_assert_eq(tsc_table_year(t), 2020);
    static const char *R[] = {"AUS", "CHN", "MEX", "USA"}, *S[] = {"A01_02", "C10T12", "C29"},
                      *C[] = {"HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"};
    cr_assert_eq(tsc_table_nregions(t), 4);
    cr_assert_eq(tsc_table_nsectors(t), 3);
    cr_assert_eq(tsc_table_nfd(t), 6);
    for (size_t k = 0; k < 4; k++) cr_assert_str_eq(tsc_table_region(t, k), R[k]);
    for (size_t k = 0; k < 3; k++) cr_assert_str_eq(tsc_table_sector(t, k), S[k]);
    for (size_t k = 0; k < 6; k++) cr_assert_str_eq(tsc_table_fd_category(t, k), C[k]);
    tsc_mat z = tu_ref(tu_shared(MOCKS "oecd2023_mock/expected_Z.csv"));
    tsc_mat y = tu_ref(tu_shared(MOCKS "oecd2023_mock/expected_Y.csv"));
    tsc_mat xv = tu_ref(tu_shared(MOCKS "oecd2023_mock/expected_x_va.csv"));
    size_t n = tsc_table_n(t);
    cr_assert_eq(z.nrow, n);
    cr_assert_eq(y.ncol, 24);
    for (size_t k = 0; k < n * n; k++)
        cr_assert(same_sum(tsc_table_Z(t)[k], z.data[k]), "Z[%zu] %.17g vs %.17g", k, tsc_table_Z(t)[k], z.data[k]);
    for (size_t k = 0; k < n * 24; k++)
        cr_assert(same_sum(tsc_table_Y(t)[k], y.data[k]), "Y[%zu] %.17g vs %.17g", k, tsc_table_Y(t)[k], y.data[k]);
    for (size_t i = 0; i < n; i++) {
        /* the table's va is VA + TLS: taxes on the products a sector buys are among its primary inputs */
        double va = xv.data[i + n] + xv.data[i + 2 * n];
        cr_assert(same_sum(tsc_table_x(t)[i], xv.data[i]), "x[%zu]", i);
        cr_assert(same_sum(tsc_table_va(t)[i], va), "va[%zu] %.17g vs %.17g", i, tsc_table_va(t)[i], va);
    }
    cr_assert(strstr(tsc_table_notes(t), "MX1 summed into MEX"), "%s", tsc_table_notes(t));
    cr_assert(tsc_table_sector_is_goods(t, 0) && tsc_table_sector_is_goods(t, 2), "ISIC sections A and C are goods");
    tsc_mat_free(&z);
    tsc_mat_free(&y);
    tsc_mat_free(&xv);
    tsc_table_free(t);
}

Test(readers, oecd2023_keep_splits)
{
    const char *csv = tu_shared(MOCKS "oecd2023_mock/ICIO2023_2020.csv");
    TU_REQUIRE(csv);
    tsc_table *merged = load_opts(csv, 0, 0, NULL), *kept = load_opts(csv, 0, 1, NULL);
    cr_assert_eq(tsc_table_nregions(kept), 6);
    cr_assert_str_eq(tsc_table_region(kept, 3), "MX1");
    cr_assert_str_eq(tsc_table_region(kept, 4), "MX2");
    tsc_balance a, b;
    tsc_table_balance(merged, &a);
    tsc_table_balance(kept, &b);
    cr_assert(fabs(a.total_output - b.total_output) <= 1e-12 * a.total_output);
    cr_assert(fabs(a.total_va - b.total_va) <= 1e-12 * a.total_va);
    /* split regions have no final demand of their own */
    size_t n = tsc_table_n(kept), F = tsc_table_nfd(kept);
    for (size_t c = 3 * F; c < 5 * F; c++)
        for (size_t i = 0; i < n; i++) cr_assert_eq(tsc_table_Y(kept)[i + c * n], 0.0);
    cr_assert(strstr(tsc_table_notes(kept), "kept"), "%s", tsc_table_notes(kept));
    tsc_table_free(merged);
    tsc_table_free(kept);
}

Test(readers, oecd_2016_2018_mocks)
{
    const char *f16 = tu_shared(MOCKS "oecd_mock/ICIO2016_2003.csv"),
               *f18 = tu_shared(MOCKS "oecd_mock/ICIO2018_2010.CSV");
    TU_REQUIRE(f16);
    /* pymrio's mocks hold made-up numbers that do not balance: read with --rebalance */
    tsc_table *t = load_opts(f16, 1, 0, NULL);
    cr_assert_eq(tsc_table_nregions(t), 4);
    cr_assert_eq(tsc_table_nsectors(t), 8);
    cr_assert_eq(tsc_table_nfd(t), 7, "HFCE NPS GGFC GFCF INV DIRP + DISC");
    cr_assert_str_eq(tsc_table_fd_category(t, 6), "DISC");
    cr_assert_str_eq(tsc_table_region(t, 2), "CHN");
    size_t n = tsc_table_n(t), F = 7;
    /* CHN_C01T05AGR's sales to AUS_C01T05AGR: CHN (0) + CN1 + CN2 */
    cr_assert(same_sum(tsc_table_Z(t)[16], 748.77909 + 1427.5281), "%.17g", tsc_table_Z(t)[16]);
    /* AUS_C20WOD's DISC (888888) sits in AUS's DISC column; HFCE_NZL column of AUS_C01T05AGR is 22025858 */
    cr_assert_eq(tsc_table_Y(t)[4 + (0 * F + 6) * n], 888888.0);
    cr_assert_eq(tsc_table_Y(t)[0 + (1 * F + 0) * n], 22025858.0);
    tsc_table_free(t);
    t = load_opts(f18, 1, 0, NULL);
    cr_assert_eq(tsc_table_nregions(t), 5);
    cr_assert_eq(tsc_table_nfd(t), 5);
    cr_assert_str_eq(tsc_table_fd_category(t, 4), "P33");
    cr_assert_str_eq(tsc_table_region(t, 2), "MEX");
    cr_assert_eq(tsc_table_Z(t)[16], 22.392639, "MEX_01T03 (zero) + MX1_01T03");
    cr_assert(strstr(tsc_table_notes(t), "final products"), "%s", tsc_table_notes(t));
    cr_assert_eq(tsc_table_year(t), 2010);
    tsc_table_free(t);
}

/* ---- OECD: hand-made variants ---------------------------------------------------------------------------------- */

enum { Q_BOM = 1, Q_CRLF = 2, Q_QUOTE = 4, Q_BLANK = 8, Q_2018 = 16, Q_REVERSED = 32, Q_DISC = 64 };

/* Raw industries (2023 order: MEX's split rows interleaved), two sectors with an underscore in a code; AAA_C10T12 is a
 * sector with no output at all. Final demand: HFCE and INVNT (negative). */
static const char *const raw_reg[6] = {"AAA", "AAA", "MEX", "MX1", "MEX", "MX1"};
static const char *const raw_sec[6] = {"A01_02", "C10T12", "A01_02", "A01_02", "C10T12", "C10T12"};
static const char *const fd_reg[4] = {"AAA", "AAA", "MEX", "MEX"};
static const char *const fd_cat[4] = {"HFCE", "INVNT", "HFCE", "INVNT"};

static double rz(size_t i, size_t j)
{
    return i == 1 || j == 1 ? 0 : 1.25 + 0.5 * (double)i + 0.375 * (double)j;
}
static double ry(size_t i, size_t k)
{
    return i == 1 ? 0 : k % 2 ? -0.625 - 0.125 * (double)i : 10.5 + (double)i;
}
static double rdisc(size_t i)
{
    return i == 1 ? 0 : 0.0625 * (double)i;
}
static double rtax(size_t j)
{
    return j == 1 ? 0 : 0.25 + 0.125 * (double)j;
}

static double rout(size_t i, int q)
{
    double s = 0;
    for (size_t j = 0; j < 6; j++) s += rz(i, j);
    for (size_t k = 0; k < 4; k++) s += ry(i, k);
    return s + (q & Q_DISC ? rdisc(i) : 0);
}

static void put(char *buf, size_t size, int q, const char *fmt, ...)
{
    size_t u = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + u, size - u, fmt, ap);
    va_end(ap);
    (void)q;
}

static void lab(char *buf, size_t size, int q, const char *a, const char *b)
{
    if (q & Q_QUOTE) put(buf, size, q, ",\"%s_%s\"", a, b);
    else put(buf, size, q, ",%s_%s", a, b);
}

static void eol(char *buf, size_t size, int q)
{
    put(buf, size, q, q & Q_CRLF ? "\r\n" : "\n");
}

/* The table in the 2023 layout (V1, OUT column and row, TLS, VA) or the 2018 one (TOTAL, CCC_TAXSUB rows, VALU,
 * OUTPUT), with the quirks of q. */
static const char *oecd_text(int q)
{
    static char b[32768];
    size_t S = sizeof b;
    b[0] = '\0';
    if (q & Q_BOM) put(b, S, q, "\xEF\xBB\xBF");
    put(b, S, q, q & Q_2018 ? "\"\"" : "V1");
    for (size_t j = 0; j < 6; j++) lab(b, S, q, raw_reg[j], raw_sec[j]);
    for (size_t k = 0; k < 4; k++) {
        if (q & Q_REVERSED) lab(b, S, q, fd_cat[k], fd_reg[k]);
        else lab(b, S, q, fd_reg[k], fd_cat[k]);
    }
    if (q & Q_DISC) put(b, S, q, ",DISC");
    put(b, S, q, q & Q_2018 ? ",TOTAL" : ",OUT");
    eol(b, S, q);
    size_t nval = 6 + 4 + (q & Q_DISC ? 1 : 0);
    for (size_t i = 0; i < 6; i++) {
        if (q & Q_QUOTE) put(b, S, q, "\"%s_%s\"", raw_reg[i], raw_sec[i]);
        else put(b, S, q, "%s_%s", raw_reg[i], raw_sec[i]);
        for (size_t j = 0; j < 6; j++) put(b, S, q, ",%.17g", rz(i, j));
        for (size_t k = 0; k < 4; k++) put(b, S, q, ",%.17g", ry(i, k));
        if (q & Q_DISC) put(b, S, q, ",%.17g", rdisc(i));
        put(b, S, q, ",%.17g", rout(i, q));
        eol(b, S, q);
    }
    /* taxes: one TLS row, or (2018) AAA_TAXSUB and MEX_TAXSUB splitting them, with taxes on final products */
    for (int r = 0; r < (q & Q_2018 ? 2 : 1); r++) {
        put(b, S, q, q & Q_2018 ? (r ? "MEX_TAXSUB" : "AAA_TAXSUB") : "TLS");
        for (size_t j = 0; j < 6; j++) put(b, S, q, ",%.17g", q & Q_2018 ? rtax(j) * (r ? 0.75 : 0.25) : rtax(j));
        for (size_t k = 0; k < nval - 6; k++) put(b, S, q, q & Q_2018 ? ",1.5" : ",0");
        put(b, S, q, ",0");
        eol(b, S, q);
    }
    const char *va = q & Q_2018 ? "VALU" : "VA", *out = q & Q_2018 ? "OUTPUT" : "OUT";
    for (int r = 0; r < 2; r++) {
        put(b, S, q, "%s", r ? out : va);
        for (size_t j = 0; j < 6; j++) {
            double cs = 0;
            for (size_t i = 0; i < 6; i++) cs += rz(i, j);
            put(b, S, q, ",%.17g", r ? rout(j, q) : rout(j, q) - cs - rtax(j));
        }
        for (size_t k = 0; k < nval - 6 + 1; k++) put(b, S, q, q & Q_2018 ? "," : ",0");
        eol(b, S, q);
    }
    if (q & Q_BLANK) {
        eol(b, S, q);
        eol(b, S, q);
    }
    return b;
}

static const char *oecd_file(int q, const char *name)
{
    const char *dir = tu_tmpdir();
    return tu_write(dir, name, oecd_text(q));
}

Test(readers, oecd_variants_merge_and_balance)
{
    static const int variants[] = {0, Q_BOM | Q_CRLF | Q_QUOTE | Q_BLANK, Q_2018, Q_2018 | Q_REVERSED | Q_DISC | Q_CRLF,
                                   Q_DISC | Q_QUOTE};
    for (size_t v = 0; v < sizeof variants / sizeof *variants; v++) {
        int q = variants[v], rc;
        tsc_table *t = load_opts(oecd_file(q, "ICIO2023_2019.csv"), 0, 0, &rc);
        cr_assert_eq(rc, TSC_WDEGENERATE, "variant %d: AAA_C10T12 has no output", q);
        cr_assert_eq(tsc_table_nregions(t), 2, "variant %d", q);
        cr_assert_str_eq(tsc_table_region(t, 1), "MEX");
        cr_assert_str_eq(tsc_table_sector(t, 0), "A01_02", "split at the first underscore");
        cr_assert_eq(tsc_table_nfd(t), q & Q_DISC ? 3 : 2);
        size_t n = 4, F = tsc_table_nfd(t);
        /* MEX_A01_02 x MEX_A01_02: raw rows 2, 3 by raw columns 2, 3 */
        double want = rz(2, 2) + rz(2, 3) + rz(3, 2) + rz(3, 3);
        cr_assert(fabs(tsc_table_Z(t)[2 + 2 * n] - want) <= 1e-14 * want, "variant %d", q);
        cr_assert(fabs(tsc_table_x(t)[2] - (rout(2, q) + rout(3, q))) <= 1e-14 * tsc_table_x(t)[2]);
        /* negative inventory changes read as they are */
        cr_assert_lt(tsc_table_Y(t)[0 + 1 * n], 0.0);
        if (q & Q_DISC)
            cr_assert_eq(tsc_table_Y(t)[2 + (1 * F + 2) * n], rdisc(2) + rdisc(3), "DISC of MEX's rows to MEX");
        /* va = VA + taxes: the column identity holds */
        tsc_balance b;
        tsc_table_balance(t, &b);
        cr_assert_lt(b.col_max_rel, 1e-13, "variant %d", q);
        if (q & Q_2018) cr_assert(strstr(tsc_table_notes(t), "final products"), "%s", tsc_table_notes(t));
        cr_assert_eq(tsc_table_year(t), 2019);
        tsc_table_free(t);
    }
}

Test(readers, oecd_folder_and_format_option)
{
    const char *f = oecd_file(0, "icio2023_2019.csv"), *dir = tu_tmpdir();
    tsc_table *t = load_opts(f, 0, 0, NULL);
    tsc_table_free(t);
    /* a folder with one ICIO file is that file; with two, the user must name one */
    tu_write(dir, "ICIO2023_2019.csv", oecd_text(0));
    t = load_opts(dir, 0, 0, NULL);
    cr_assert_eq(tsc_table_format(t), TSC_FORMAT_OECD);
    tsc_table_free(t);
    tu_write(dir, "ICIO2023_2020.csv", oecd_text(0));
    tsc_error err;
    cr_assert_eq(load_fails(dir, &err), TSC_EFORMAT);
    cr_assert(strstr(err.msg, "name the file"), "%s", err.msg);
    /* a file not named ICIO* is found by its header; --format oecd forces it */
    const char *g = tu_write(tu_tmpdir(), "table.csv", oecd_text(Q_2018));
    t = load_opts(g, 0, 0, NULL);
    tsc_table_free(t);
    tsc_format fmt;
    cr_assert_eq(tsc_format_parse("oecd", &fmt), TSC_OK);
    cr_assert_eq(fmt, TSC_FORMAT_OECD);
    cr_assert_str_eq(tsc_format_name(TSC_FORMAT_PYMRIO), "pymrio");
    cr_assert_str_eq(tsc_format_name(TSC_FORMAT_EORA), "eora");
}

struct oecd_bad {
    const char *from, *to;
    int code;
    size_t line;
    const char *msg;
};

Test(readers, oecd_errors_are_located)
{
    static const struct oecd_bad cases[] = {
        {"V1,AAA_A01_02,AAA_C10T12", "V1,AAA_A01_02,AAA_A01_02", TSC_ELABEL, 1, "appears twice"},
        {"MEX_INVNT,OUT", "MEX_INVNT,ZZZ_HFCE", TSC_ELABEL, 1, "has no industries"},
        {"AAA_INVNT,MEX_HFCE", "AAA_INVNT,AAA_HFCE", TSC_ELABEL, 1, "appears twice"},
        {",MEX_INVNT,", ",MEX_GFCF,", TSC_ELABEL, 1, "has no final-demand column"},
        {"\nMEX_A01_02,", "\nAAA_A01_02,", TSC_ELABEL, 4, "appears twice"},
        {"\nMEX_A01_02,", "\nV1,", TSC_ELABEL, 4, "where 'MEX_A01_02' is expected"},
        {"\nVA,", "\nTLS,", TSC_ELABEL, 9, "appears twice"},
        {"\nVA,", "\nGDP,", TSC_ELABEL, 9, "is not TLS"},
        {"\nOUT,", "\nOUT,x", TSC_EPARSE, 10, "not a number"},
        {"\nAAA_A01_02,1.25,", "\nAAA_A01_02,,", TSC_EPARSE, 2, "empty field"},
        {"\nAAA_A01_02,1.25,", "\nAAA_A01_02,1.25,1,", TSC_EPARSE, 2, "ragged"},
        {"V1,AAA_A01_02", "V1,AAAA01", TSC_ELABEL, 1, "not REGION_SECTOR"},
        {",MX1_C10T12,", ",MX1_C29,", TSC_ELABEL, 1, "has no sector"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const struct oecd_bad *c = &cases[k];
        const char *src = oecd_text(0), *at = strstr(src, c->from);
        cr_assert(at, "case %zu: '%s' not in the text", k, c->from);
        static char text[32768];
        snprintf(text, sizeof text, "%.*s%s%s", (int)(at - src), src, c->to, at + strlen(c->from));
        const char *f = tu_write(tu_tmpdir(), "ICIO2023_2019.csv", text);
        tsc_error err;
        int rc = load_fails(f, &err);
        cr_assert_eq(rc, c->code, "case %zu: code %d (%s)", k, rc, err.msg);
        cr_assert(strstr(err.file, "ICIO2023_2019.csv"), "case %zu: file %s", k, err.file);
        cr_assert_eq(err.line, c->line, "case %zu: line %zu (%s)", k, err.line, err.msg);
        cr_assert(strstr(err.msg, c->msg), "case %zu: '%s' lacks '%s'", k, err.msg, c->msg);
    }
}

/* ---- Eora26 ------------------------------------------------------------------------------------------------------ */

Test(readers, eora26_mock_numbers)
{
    const char *dir = tu_shared(MOCKS "eora26_mock");
    TU_REQUIRE(dir);
    tsc_error err;
    /* the mock's VA does not balance its T and FD (made-up numbers): refused, then read with --rebalance */
    cr_assert_eq(load_fails(dir, &err), TSC_EBALANCE);
    cr_assert(strstr(err.msg, "--rebalance"), "%s", err.msg);
    tsc_table *t = load_opts(dir, 1, 0, NULL);
    cr_assert_eq(tsc_table_format(t), TSC_FORMAT_EORA);
    cr_assert_eq(tsc_table_nregions(t), 6);
    cr_assert_eq(tsc_table_nsectors(t), 8);
    cr_assert_eq(tsc_table_nfd(t), 7);
    cr_assert_str_eq(tsc_table_region(t, 0), "reg1");
    cr_assert_str_eq(tsc_table_sector(t, 2), "manufactoring");
    cr_assert_str_eq(tsc_table_fd_category(t, 0), "Final consumption expenditure by households");
    cr_assert_eq(tsc_table_year(t), 2010);
    size_t n = tsc_table_n(t);
    /* first line of T: 23697.221 57.495387 106490.98 ... */
    cr_assert_eq(tsc_table_Z(t)[0], 23697.221);
    cr_assert_eq(tsc_table_Z(t)[0 + 1 * n], 57.495387);
    cr_assert_eq(tsc_table_Z(t)[0 + 2 * n], 106490.98);
    /* x = T1 + FD1, row by row */
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < n; j++) s += tsc_table_Z(t)[i + j * n];
        for (size_t c = 0; c < 6 * 7; c++) s += tsc_table_Y(t)[i + c * n];
        cr_assert(fabs(s - tsc_table_x(t)[i]) <= 1e-12 * fabs(s));
    }
    /* the satellite accounts Q and QY: the extension Q (more in test_extensions.c) */
    cr_assert_eq(tsc_table_nextensions(t), 1);
    tsc_table_free(t);
}

/* A hand-made Eora26 folder: regions R1, R2 and ROW, two sectors, one final-demand category and a discrepancy
 * category; values chosen so that the table balances when ROW is folded in as documented. */
static const char *eora_folder(int trailing_tab)
{
    const char *dir = tu_tmpdir();
    const char *tt = trailing_tab ? "\t" : "";
    char b[4096];
    snprintf(b, sizeof b,
             "Region One\tR1\tIndustries\tAgri%s\nRegion One\tR1\tIndustries\tServ%s\n"
             "Region Two\tR2\tIndustries\tAgri%s\nRegion Two\tR2\tIndustries\tServ%s\nRest of "
             "World\tROW\tIndustries\tTOTAL%s\n",
             tt, tt, tt, tt, tt);
    tu_write(dir, "labels_T.txt", b);
    tu_write(dir, "labels_FD.txt",
             "Region One\tR1\tFinal Demand\tHousehold final consumption P.3h\n"
             "Region One\tR1\tFinal Demand\tStatistical Discrepancies\n"
             "Region Two\tR2\tFinal Demand\tHousehold final consumption P.3h\n"
             "Region Two\tR2\tFinal Demand\tStatistical Discrepancies\n"
             "Rest of World\tROW\tFinal Demand\tTOTAL\n");
    tu_write(dir, "labels_VA.txt",
             "Primary Inputs\tCompensation of employees D.1\nPrimary Inputs\tNet operating surplus B.2n\n");
    /* T: 5 x 5 (last row and column ROW); FD: 5 x 5; VA: 2 x 5. Column sums + VA = row sums (x) for R1, R2. */
    snprintf(b, sizeof b,
             "1.5\t2.25\t0.5\t0.75\t0.125%s\n2\t3.5\t1\t0.25\t0%s\n0.25\t1\t4.5\t2\t0.375%s\n"
             "0.5\t0.75\t1.25\t3\t0%s\n0.0625\t0\t0.25\t0\t9%s\n",
             tt, tt, tt, tt, tt);
    tu_write(dir, "Eora26_2015_bp_T.txt", b);
    tu_write(dir, "Eora26_2015_bp_FD.txt",
             "10\t-0.5\t2\t0\t0.25\n8\t0.25\t3\t0\t0\n1\t0\t12\t-0.125\t0\n2.5\t0\t9\t0.5\t0\n"
             "0\t0\t0\t0\t7\n");
    /* x (row sums incl. ROW): R1.Agri 16.875, R1.Serv 18, R2.Agri 21, R2.Serv 17.5 */
    /* column sums of Z (R rows only): 4.25 7.5 7.25 6; purchases from ROW: 0.0625 0 0.25 0 */
    tu_write(dir, "Eora26_2015_bp_VA.txt", "10\t8\t9\t10\n2.5625\t2.5\t4.5\t1.5\n");
    return dir;
}

Test(readers, eora_row_and_discrepancy)
{
    const char *dir = eora_folder(0);
    tsc_error err;
    /* VA has 4 fields where labels_T makes 5: located */
    cr_assert_eq(load_fails(dir, &err), TSC_EPARSE);
    cr_assert(strstr(err.file, "VA.txt") && err.line == 1, "%s:%zu %s", err.file, err.line, err.msg);
    tu_write(dir, "Eora26_2015_bp_VA.txt", "10\t8\t9\t10\t0.5\n2.5625\t2.5\t4.5\t1.5\t0\n");
    tsc_table *t = load_opts(dir, 0, 0, NULL);
    cr_assert_eq(tsc_table_nregions(t), 2, "ROW is not a region");
    cr_assert_eq(tsc_table_nfd(t), 3);
    cr_assert_str_eq(tsc_table_fd_category(t, 2), "ROW_EXPORTS");
    size_t n = 4;
    const double *x = tsc_table_x(t), *va = tsc_table_va(t), *Y = tsc_table_Y(t);
    cr_assert_eq(x[0], 16.875);
    cr_assert_eq(x[3], 17.5);
    cr_assert_eq(va[0], 10 + 2.5625 + 0.0625, "VA rows + purchases from ROW");
    /* R1.Agri's sales to ROW: 0.125 (T) + 0.25 (FD) in R1's ROW_EXPORTS */
    cr_assert_eq(Y[0 + 2 * n], 0.375);
    cr_assert_eq(Y[2 + 5 * n], 0.375, "R2.Agri's sales to ROW in R2's ROW_EXPORTS");
    cr_assert_eq(Y[0 + 1 * n], -0.5, "a negative discrepancy read as it is");
    const char *notes = tsc_table_notes(t);
    cr_assert(strstr(notes, "rest of world (ROW)") && strstr(notes, "Statistical Discrepancies"), "%s", notes);
    tsc_table_free(t);
    /* a tab at the end of every label line is accepted; the T file names the folder too */
    dir = eora_folder(1);
    tu_write(dir, "Eora26_2015_bp_VA.txt", "10\t8\t9\t10\t0.5\n2.5625\t2.5\t4.5\t1.5\t0\n");
    char tpath[300];
    snprintf(tpath, sizeof tpath, "%s/Eora26_2015_bp_T.txt", dir);
    t = load_opts(tpath, 0, 0, NULL);
    cr_assert_eq(tsc_table_year(t), 2015);
    tsc_table_free(t);
    /* two years in one folder: name one */
    tu_write(dir, "Eora26_2016_bp_T.txt", "0\n");
    cr_assert_eq(load_fails(dir, &err), TSC_EFORMAT);
    cr_assert(strstr(err.msg, "name the T file"), "%s", err.msg);
}

/* ---- pymrio ------------------------------------------------------------------------------------------------------ */

Test(readers, exio3_mock_loads)
{
    const char *dir = tu_shared(MOCKS "exio3_mock");
    TU_REQUIRE(dir);
    int rc;
    tsc_table *t = load_opts(dir, 0, 0, &rc);
    cr_assert_eq(tsc_table_format(t), TSC_FORMAT_PYMRIO);
    cr_assert_eq(tsc_table_nregions(t), 6);
    cr_assert_eq(tsc_table_nsectors(t), 8);
    cr_assert_eq(tsc_table_nfd(t), 7);
    cr_assert_str_eq(tsc_table_unit(t), "Mill USD");
    cr_assert_str_eq(tsc_table_region(t, 5), "WWF");
    /* Z = A diag(x) with (I - A) x = Y1: Z1 + Y1 = x */
    tsc_balance b;
    tsc_table_balance(t, &b);
    cr_assert_lt(b.row_max_rel, 1e-10);
    /* Z[0,0] / x[0] gives back the first number of A.txt */
    cr_assert(fabs(tsc_table_Z(t)[0] / tsc_table_x(t)[0] - 0.0990875448681) <= 1e-15);
    const char *notes = tsc_table_notes(t);
    cr_assert_eq(tsc_table_nextensions(t), 1, "satellite/ (more in test_extensions.c)");
    cr_assert(strstr(notes, "solved"), "%s", notes);
    tsc_table_free(t);
}

static void same_table(const tsc_table *a, const tsc_table *b)
{
    size_t n = tsc_table_n(a), ny = tsc_table_nregions(a) * tsc_table_nfd(a);
    cr_assert_eq(tsc_table_n(b), n);
    cr_assert_eq(tsc_table_nfd(b), tsc_table_nfd(a));
    cr_assert_eq(memcmp(tsc_table_Z(a), tsc_table_Z(b), n * n * sizeof(double)), 0, "Z bit for bit");
    cr_assert_eq(memcmp(tsc_table_Y(a), tsc_table_Y(b), n * ny * sizeof(double)), 0, "Y bit for bit");
    cr_assert_eq(memcmp(tsc_table_x(a), tsc_table_x(b), n * sizeof(double)), 0, "x bit for bit");
    cr_assert_eq(memcmp(tsc_table_va(a), tsc_table_va(b), n * sizeof(double)), 0, "va bit for bit");
    for (size_t r = 0; r < tsc_table_nregions(a); r++) cr_assert_str_eq(tsc_table_region(a, r), tsc_table_region(b, r));
    for (size_t s = 0; s < tsc_table_nsectors(a); s++) cr_assert_str_eq(tsc_table_sector(a, s), tsc_table_sector(b, s));
    for (size_t f = 0; f < tsc_table_nfd(a); f++)
        cr_assert_str_eq(tsc_table_fd_category(a, f), tsc_table_fd_category(b, f));
    cr_assert_str_eq(tsc_table_unit(a), tsc_table_unit(b));
    cr_assert_eq(tsc_table_year(a), tsc_table_year(b));
}

Test(readers, pymrio_round_trip_bit_for_bit)
{
    /* labels with a tab, a quote and a space in them survive too */
    static const char *R[] = {"JP N", "U\tS"}, *S[] = {"g\"1", "s1"}, *C[] = {"HH", "GOV"};
    double Z[16], Y[16];
    for (int k = 0; k < 16; k++) {
        Z[k] = 0.1 * (k + 1) + 1.0 / 3;
        Y[k] = 10.0 / (k + 3) - (k == 5 ? 3 : 0);
    }
    tsc_table *t = NULL, *back = NULL;
    tsc_error err;
    cr_assert_eq(tsc_table_from_arrays(2, 2, 2, R, S, C, Z, Y, NULL, NULL, NULL, &t, &err), TSC_OK, "%s", err.msg);
    const char *dir = tu_tmpdir();
    char out[300];
    snprintf(out, sizeof out, "%s/pm", dir);
    cr_assert_eq(tsc_table_save_pymrio(t, out, &err), TSC_OK, "%s", err.msg);
    back = load_opts(out, 0, 0, NULL);
    cr_assert_eq(tsc_table_format(back), TSC_FORMAT_PYMRIO);
    same_table(t, back);
    cr_assert_str_eq(tsc_table_notes(back), "", "factor_inputs is value added, not a note");
    tsc_table_free(back);
    /* the same files with a byte-order mark, CRLF line ends and blank lines at the end read the same */
    for (int k = 0; k < 2; k++) {
        char path[400];
        snprintf(path, sizeof path, "%s/%s", out, k ? "Y.txt" : "Z.txt");
        FILE *f = fopen(path, "rb");
        cr_assert(f);
        static char in[16384], crlf[40000];
        size_t len = fread(in, 1, sizeof in - 1, f), u = 3;
        fclose(f);
        memcpy(crlf, "\xEF\xBB\xBF", 3);
        for (size_t i = 0; i < len; i++) {
            if (in[i] == '\n') crlf[u++] = '\r';
            crlf[u++] = in[i];
        }
        memcpy(crlf + u, "\r\n\r\n", 5);
        tu_write(out, k ? "Y.txt" : "Z.txt", crlf);
    }
    back = load_opts(out, 0, 0, NULL);
    same_table(t, back);
    tsc_table_free(back);
    const char *csv = tu_shared(MOCKS "oecd2023_mock/ICIO2023_2020.csv");
    if (tu_exists(csv)) {
        tsc_table *o = load_opts(csv, 0, 0, NULL);
        snprintf(out, sizeof out, "%s/pm2", dir);
        cr_assert_eq(tsc_table_save_pymrio(o, out, &err), TSC_OK, "%s", err.msg);
        back = load_opts(out, 0, 0, NULL);
        same_table(o, back);
        tsc_table_free(back);
        tsc_table_free(o);
    }
    tsc_table_free(t);
    tu_rmtree(dir);
}

Test(readers, pymrio_errors_are_located)
{
    static const char *R[] = {"A", "B"}, *S[] = {"s1", "s2"}, *C[] = {"FD"};
    double Z[16], Y[8];
    for (int k = 0; k < 16; k++) Z[k] = 0.5 + 0.25 * k;
    for (int k = 0; k < 8; k++) Y[k] = 20 + k;
    tsc_table *t = NULL;
    tsc_error err;
    cr_assert_eq(tsc_table_from_arrays(2, 2, 1, R, S, C, Z, Y, NULL, NULL, NULL, &t, &err), TSC_OK, "%s", err.msg);
    struct {
        const char *file, *text;
        int code;
        size_t line;
        const char *msg;
    } cases[] = {
        {"Y.txt",
         "region\t\tA\tB\ncategory\t\tFD\tFD\nregion\tsector\t\t\nA\ts1\t20\t24\nA\ts2\t21\t25\nB\ts2\t22\t26\n"
         "B\ts1\t23\t27\n",
         TSC_ELABEL, 6, "where (B, s1) is expected"},
        {"Y.txt", "region\t\tA\tB\ncategory\t\tFD\tFD\nA\ts1\t20\t24\nA\ts2\tx\t25\n", TSC_EPARSE, 4, "not a number"},
        {"Y.txt", "region\t\tA\tB\ncategory\t\tFD\tFD\nA\ts1\t20\n", TSC_EPARSE, 3, "ragged"},
        {"x.txt", "region\tsector\tindout\nA\ts1\t1\nA\ts2\t2\n", TSC_EDIM, 0, "data rows where 4"},
        {"file_parameters.json",
         "{\"files\": {\"Y\": {\"name\": \"Y.txt\", \"nr_index_col\": \"2\", \"nr_header\": \"2\"}}, "
         "\"systemtype\": \"IOSystem\"}",
         TSC_EFORMAT, 0, "neither Z nor A"},
        {"file_parameters.json", "{\"files\": {}, \"systemtype\": \"Extension\"}", TSC_EFORMAT, 0, "IOSystem"},
        {"file_parameters.json", "{\"files\": [}", TSC_EPARSE, 1, ""},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const char *dir = tu_tmpdir();
        char out[300];
        snprintf(out, sizeof out, "%s/pm", dir);
        cr_assert_eq(tsc_table_save_pymrio(t, out, &err), TSC_OK, "%s", err.msg);
        tu_write(out, cases[k].file, cases[k].text);
        int rc = load_fails(out, &err);
        cr_assert_eq(rc, cases[k].code, "case %zu: %d %s", k, rc, err.msg);
        cr_assert(strstr(err.file, cases[k].file), "case %zu: file %s", k, err.file);
        if (cases[k].line) cr_assert_eq(err.line, cases[k].line, "case %zu: line %zu %s", k, err.line, err.msg);
        cr_assert(strstr(err.msg, cases[k].msg), "case %zu: '%s' lacks '%s'", k, err.msg, cases[k].msg);
        tu_rmtree(dir);
    }
    tsc_table_free(t);
}

Test(readers, allocation_failures_are_clean)
{
    const char *files[4] = {oecd_file(Q_2018 | Q_DISC, "ICIO2018_2011.csv"), eora_folder(0), NULL,
                            tu_shared("vectors/formats/oecd_mock/ICIO2018_2010.zip")};
    TU_REQUIRE(files[3]);
    tu_write(files[1], "Eora26_2015_bp_VA.txt", "10\t8\t9\t10\t0.5\n2.5625\t2.5\t4.5\t1.5\t0\n");
    static const char *R[] = {"A", "B"}, *S[] = {"s1", "s2"}, *C[] = {"FD"};
    double Z[16], Y[8];
    for (int k = 0; k < 16; k++) Z[k] = 0.5 + 0.25 * k;
    for (int k = 0; k < 8; k++) Y[k] = 20 + k;
    tsc_table *t = NULL;
    tsc_error err;
    cr_assert_eq(tsc_table_from_arrays(2, 2, 1, R, S, C, Z, Y, NULL, NULL, NULL, &t, &err), TSC_OK);
    static char pm[300];
    snprintf(pm, sizeof pm, "%s/pm", tu_tmpdir());
    cr_assert_eq(tsc_table_save_pymrio(t, pm, &err), TSC_OK, "%s", err.msg);
    tsc_table_free(t);
    files[2] = pm;
    for (int f = 0; f < 4; f++) {
        size_t before = tsc_alloc_count();
        t = load_opts(files[f], f == 3, 0, NULL);
        tsc_table_free(t);
        size_t total = tsc_alloc_count() - before;
        for (size_t k = 1; k <= total; k++) {
            tsc_alloc_fail_after(k);
            t = NULL;
            tsc_load_opts o;
            tsc_load_opts_init(&o);
            o.rebalance = f == 3;
            int rc = tsc_table_load(files[f], &o, &t, &err);
            tsc_alloc_fail_after(0);
            if (rc >= 0) {
                tsc_table_free(t);
                continue;
            }
            cr_assert_null(t);
            cr_assert_eq(rc, TSC_ENOMEM, "file %d allocation %zu: %d %s", f, k, rc, err.msg);
        }
    }
}

/* ---- zip archives and progress ---------------------------------------------------------------------------------- */

typedef struct progress_log {
    size_t calls;
    uint64_t last_done, last_total, max_done;
    int backwards; /* done went down within one file */
    char file[400];
} progress_log;

static void log_progress(void *ctx, const char *file, uint64_t done, uint64_t total)
{
    progress_log *p = ctx;
    if (p->calls && !strcmp(p->file, file) && done < p->last_done) p->backwards = 1;
    p->calls++;
    p->last_done = done;
    p->last_total = total;
    if (done > p->max_done) p->max_done = done;
    snprintf(p->file, sizeof p->file, "%s", file);
}

static tsc_table *load_progress(const char *path, int year, progress_log *log, int *rc, tsc_error *err)
{
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.rebalance = 1;
    o.year = year;
    o.progress = log_progress;
    o.progress_ctx = log;
    tsc_table *t = NULL;
    *rc = tsc_table_load(path, &o, &t, err);
    return t;
}

Test(readers, progress_reaches_each_file_size)
{
    /* a plain file: the last call of the load's file is done == total == its size on disk */
    const char *f = oecd_file(Q_2018 | Q_DISC, "ICIO2018_2011.csv");
    progress_log log = {0};
    int rc;
    tsc_error err;
    tsc_table *t = load_progress(f, 0, &log, &rc, &err);
    cr_assert_geq(rc, 0, "%s", err.msg);
    cr_assert_gt(log.calls, 0);
    cr_assert_str_eq(log.file, f);
    cr_assert_eq(log.last_total, (uint64_t)strlen(oecd_text(Q_2018 | Q_DISC)));
    cr_assert_eq(log.last_done, log.last_total);
    cr_assert_not(log.backwards);
    /* no callback: the same table, nothing called */
    tsc_table *u = load_opts(f, 1, 0, NULL);
    cr_assert_eq(tsc_table_n(u), tsc_table_n(t));
    tsc_table_free(u);
    tsc_table_free(t);
    /* the callback is the load's only: a later load without one does not call it */
    size_t calls = log.calls;
    tsc_table_free(load_opts(f, 1, 0, NULL));
    cr_assert_eq(log.calls, calls);
}

Test(readers, zip_entries_streamed_with_progress)
{
    const char *zip = tu_shared("vectors/formats/oecd_mock/ICIO2018_2010.zip");
    TU_REQUIRE(zip);
    const char *csv = tu_shared("vectors/formats/oecd_mock/ICIO2018_2010.CSV");
    progress_log log = {0};
    int rc;
    tsc_error err;
    tsc_table *t = load_progress(zip, 0, &log, &rc, &err);
    cr_assert_geq(rc, 0, "%s", err.msg);
    /* the entry is reported by its path into the archive, with its inflated size */
    char want[600];
    snprintf(want, sizeof want, "%s/ICIO2018_2010.CSV", zip);
    cr_assert_str_eq(log.file, want);
    FILE *fp = fopen(csv, "rb");
    cr_assert_not_null(fp);
    fseek(fp, 0, SEEK_END);
    cr_assert_eq(log.last_total, (uint64_t)ftell(fp));
    fclose(fp);
    cr_assert_eq(log.last_done, log.last_total);
    /* the same numbers as the unpacked file */
    tsc_table *u = load_opts(csv, 1, 0, NULL);
    cr_assert_eq(tsc_table_n(u), tsc_table_n(t));
    for (size_t i = 0; i < tsc_table_n(t) * tsc_table_n(t); i++) cr_assert_eq(tsc_table_Z(t)[i], tsc_table_Z(u)[i]);
    cr_assert_eq(tsc_table_year(t), 2010);
    tsc_table_free(u);
    tsc_table_free(t);
    /* a year the archive does not hold */
    t = load_progress(zip, 2012, &log, &rc, &err);
    cr_assert_null(t);
    cr_assert_eq(rc, TSC_EFORMAT);
    cr_assert(strstr(err.msg, "the file of 2010, not 2012"), "%s", err.msg);
    /* a path into the archive that names no entry */
    snprintf(want, sizeof want, "%s/ICIO2018_2011.CSV", zip);
    tsc_table *v = NULL;
    cr_assert_eq(tsc_table_load(want, NULL, &v, &err), TSC_EIO);
    cr_assert_null(v);
}
