/* Extensions of a table: the readers (pymrio's layout and EXIOBASE 3's satellite/, Eora26's Q and QY, the user CSV
 * with its errors located), and their round trips through the native folder, the cache and pymrio's layout. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "testutil.h"

#define MOCKS "vectors/formats/"

static tsc_table *load(const char *path, int rebalance)
{
    tsc_load_opts o;
    tsc_load_opts_init(&o);
    o.rebalance = rebalance;
    tsc_table *t = NULL;
    tsc_error err;
    int rc = tsc_table_load(path, &o, &t, &err);
    cr_assert_geq(rc, 0, "%s: %s:%zu:%zu: %s", path, err.file, err.line, err.col, err.msg);
    return t;
}

static tsc_extension ext_of(const tsc_table *t, const char *name)
{
    size_t idx;
    tsc_error err;
    cr_assert_eq(tsc_table_extension_find(t, name, &idx, &err), TSC_OK, "%s", err.msg);
    tsc_extension e;
    cr_assert_eq(tsc_table_extension(t, idx, &e), TSC_OK);
    return e;
}

/* Every extension of a and b the same, bit for bit (names, accounts, units, F, F_Y). */
static void same_extensions(const tsc_table *a, const tsc_table *b)
{
    size_t n = tsc_table_n(a), ny = tsc_table_nregions(a) * tsc_table_nfd(a);
    cr_assert_eq(tsc_table_nextensions(b), tsc_table_nextensions(a));
    for (size_t x = 0; x < tsc_table_nextensions(a); x++) {
        tsc_extension ea, eb;
        tsc_table_extension(a, x, &ea);
        eb = ext_of(b, ea.name);
        cr_assert_eq(eb.naccounts, ea.naccounts, "%s", ea.name);
        for (size_t r = 0; r < ea.naccounts; r++) {
            cr_assert_str_eq(eb.accounts[r], ea.accounts[r]);
            cr_assert_str_eq(eb.units[r], ea.units[r]);
        }
        cr_assert_eq(memcmp(ea.F, eb.F, ea.naccounts * n * sizeof(double)), 0, "%s: F bit for bit", ea.name);
        cr_assert_eq(ea.F_Y == NULL, eb.F_Y == NULL, "%s: F_Y", ea.name);
        if (ea.F_Y)
            cr_assert_eq(memcmp(ea.F_Y, eb.F_Y, ea.naccounts * ny * sizeof(double)), 0, "%s: F_Y bit for bit", ea.name);
    }
}

/* ---- the database layouts ------------------------------------------------------------------------------------- */

Test(extensions, exio3_satellite)
{
    const char *dir = tu_shared(MOCKS "exio3_mock");
    TU_REQUIRE(dir);
    tsc_table *t = load(dir, 0);
    tsc_extension e = ext_of(t, "satellite");
    size_t n = tsc_table_n(t);
    cr_assert_eq(e.naccounts, 2);
    cr_assert_str_eq(e.accounts[0], "emission_type1");
    cr_assert_str_eq(e.accounts[1], "emission_type2");
    cr_assert_str_eq(e.units[1], "kg");
    /* numbers of satellite/F.txt and F_hh.txt (EXIOBASE 3's name for F_Y) */
    cr_assert_eq(e.F[0], 1848064.8);
    cr_assert_eq(e.F[1 + 0 * 2], 139250.47);
    cr_assert_eq(e.F[1 + (n - 1) * 2], 16782553.0);
    cr_assert_not_null(e.F_Y);
    cr_assert_eq(e.F_Y[0], 62335321.0);
    cr_assert_eq(e.F_Y[1], 59206405.0);
    tsc_table_free(t);
}

Test(extensions, eora26_q_and_qy)
{
    const char *dir = tu_shared(MOCKS "eora26_mock");
    TU_REQUIRE(dir);
    tsc_table *t = load(dir, 1);
    tsc_extension e = ext_of(t, "Q");
    cr_assert_eq(e.naccounts, 2);
    cr_assert_str_eq(e.accounts[0], "I-GHG-CO2 emissions (kg)|emission_type1");
    cr_assert_str_eq(e.units[0], "kg");
    cr_assert_eq(e.F[0], 1848064.8);
    cr_assert_eq(e.F[0 + 1 * 2], 986448.09);
    cr_assert_eq(e.F[1], 139250.47);
    cr_assert_not_null(e.F_Y);
    cr_assert_eq(e.F_Y[0], 62335321.0);
    cr_assert_eq(e.F_Y[1], 59206405.0);
    /* the second region's households: QY column 7 */
    cr_assert_eq(e.F_Y[0 + 7 * 2], 38566929.0);
    tsc_table_free(t);
}

/* ---- the user CSV ----------------------------------------------------------------------------------------------- */

Test(extensions, user_csv)
{
    tsc_table *t = tu_table_3x2();
    const char *dir = tu_tmpdir();
    const char *p = tu_write(dir, "jobs 2024.csv",
                             "region,sector,account,unit,value\n"
                             "USA,G1,Employment,persons,2.385\n"
                             "JPN,S1,Employment,persons,1e3\n"
                             "\"CHN\",G1,\"CO2, air\",kt,-0.5\n");
    tsc_error err;
    cr_assert_eq(tsc_table_extensions_read_csv(t, p, &err), TSC_OK, "%s", err.msg);
    tsc_extension e = ext_of(t, "jobs_2024");
    cr_assert_eq(e.naccounts, 2);
    cr_assert_str_eq(e.accounts[1], "CO2, air");
    cr_assert_str_eq(e.units[0], "persons");
    cr_assert_eq(e.F[0 + 2 * 2], 2.385, "USA.G1 is row 2");
    cr_assert_eq(e.F[0 + 1 * 2], 1000.0);
    cr_assert_eq(e.F[1 + 4 * 2], -0.5);
    cr_assert_eq(e.F[1 + 0 * 2], 0.0, "cells not given are zero");
    cr_assert_null(e.F_Y);
    /* the same file again: its name is taken */
    cr_assert_eq(tsc_table_extensions_read_csv(t, p, &err), TSC_ELABEL);
    tsc_table_free(t);
    tu_rmtree(dir);
}

Test(extensions, user_csv_errors_are_located)
{
    struct {
        const char *text;
        int code;
        size_t line, col;
        const char *msg;
    } cases[] = {
        {"region,sector,account,unit,value\nUSA,G1,jobs,p,1\nXXX,G1,jobs,p,2\n", TSC_ELABEL, 3, 1, "unknown region"},
        {"region,sector,account,unit,value\nUSA,G9,jobs,p,1\n", TSC_ELABEL, 2, 5, "unknown sector"},
        {"region,sector,account,unit,value\nUSA,G1,jobs,p,1\nJPN,G1,jobs,p,1\nUSA,G1,jobs,p,3\n", TSC_ELABEL, 4, 1,
         "given twice (first on line 2)"},
        {"region,sector,account,unit,value\nUSA,G1,jobs,p,1\nUSA,S1,jobs,q,1\n", TSC_EPARSE, 3, 13, "unit 'q'"},
        {"region,sector,account,unit,value\nUSA,G1,jobs,p,abc\n", TSC_EPARSE, 2, 15, "number"},
        {"region,sector,account,unit,value\nUSA,G1,jobs,p,nan\n", TSC_ENUMERIC, 2, 15, "finite"},
        {"region,sector,account,unit,value\nUSA,G1,,p,1\n", TSC_ELABEL, 2, 8, "empty account"},
        {"region,sector,account,unit,value\nUSA,G1,jobs,p\n", TSC_EPARSE, 2, 0, ""},
        {"region,sector,account,value\nUSA,G1,jobs,1\n", TSC_EPARSE, 1, 0, "header"},
        {"region,sector,account,unit,value\n", TSC_EDIM, 0, 0, "no accounts"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        tsc_table *t = tu_table_3x2();
        const char *dir = tu_tmpdir();
        const char *p = tu_write(dir, "acc.csv", cases[k].text);
        tsc_error err;
        memset(&err, 0, sizeof err);
        int rc = tsc_table_extensions_read_csv(t, p, &err);
        cr_assert_eq(rc, cases[k].code, "case %zu: %d %s", k, rc, err.msg);
        cr_assert(strstr(err.file, "acc.csv"), "case %zu: file '%s'", k, err.file);
        if (cases[k].line) cr_assert_eq(err.line, cases[k].line, "case %zu: line %zu: %s", k, err.line, err.msg);
        if (cases[k].col) cr_assert_eq(err.col, cases[k].col, "case %zu: col %zu: %s", k, err.col, err.msg);
        cr_assert(strstr(err.msg, cases[k].msg), "case %zu: '%s' lacks '%s'", k, err.msg, cases[k].msg);
        cr_assert_eq(tsc_table_nextensions(t), 0, "case %zu: nothing added", k);
        tsc_table_free(t);
        tu_rmtree(dir);
    }
}

/* ---- round trips ------------------------------------------------------------------------------------------------ */

/* tu_table_3x2 with two extensions: two-level account names and F_Y, and a one-level one. */
static tsc_table *table_with_extensions(void)
{
    tsc_table *t = tu_table_3x2();
    size_t n = tsc_table_n(t), ny = tsc_table_nregions(t) * tsc_table_nfd(t);
    double F[2 * 6], FY[2 * 3], J[6];
    for (size_t j = 0; j < n; j++) {
        F[0 + j * 2] = 1.0 / 3 + (double)j;
        F[1 + j * 2] = 2.385e7 * (double)(j + 1);
        J[j] = 10.0 / 7 * (double)(j + 2);
    }
    for (size_t c = 0; c < ny; c++) {
        FY[0 + c * 2] = 0.1 * (double)(c + 1);
        FY[1 + c * 2] = -1.0 / 9;
    }
    static const char *acc[2] = {"CO2|air", "CH4|air"}, *unit[2] = {"kg", "kg CO2-eq"}, *jacc[1] = {"Employment"},
                      *junit[1] = {"1000 persons"};
    tsc_error err;
    cr_assert_eq(tsc_table_extension_add(t, "emissions", 2, acc, unit, F, FY, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_table_extension_add(t, "employment", 1, jacc, junit, J, NULL, &err), TSC_OK, "%s", err.msg);
    return t;
}

Test(extensions, native_cache_pymrio_round_trips)
{
    tsc_table *t = table_with_extensions(), *back;
    const char *dir = tu_tmpdir();
    char out[400];
    tsc_error err;
    snprintf(out, sizeof out, "%s/native", dir);
    cr_assert_eq(tsc_table_save_native(t, out, 0, &err), TSC_OK, "%s", err.msg);
    back = load(out, 0);
    same_extensions(t, back);
    tsc_table_free(back);
    snprintf(out, sizeof out, "%s/native-gz", dir);
    cr_assert_eq(tsc_table_save_native(t, out, 1, &err), TSC_OK, "%s", err.msg);
    back = load(out, 0);
    same_extensions(t, back);
    tsc_table_free(back);
    snprintf(out, sizeof out, "%s/t.tsc", dir);
    cr_assert_eq(tsc_table_save_cache(t, out, &err), TSC_OK, "%s", err.msg);
    back = load(out, 0);
    same_extensions(t, back);
    tsc_table_free(back);
    snprintf(out, sizeof out, "%s/pm", dir);
    cr_assert_eq(tsc_table_save_pymrio(t, out, &err), TSC_OK, "%s", err.msg);
    back = load(out, 0);
    same_extensions(t, back);
    cr_assert(memcmp(tsc_table_va(t), tsc_table_va(back), tsc_table_n(t) * sizeof(double)) == 0, "va bit for bit");
    tsc_table_free(back);
    /* pymrio's files: two index levels (stressor, compartment), the unit of each account, F_Y listed */
    char path[500], line[400];
    snprintf(path, sizeof path, "%s/pm/emissions/unit.txt", dir);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    cr_assert(fgets(line, sizeof line, f));
    cr_assert_str_eq(line, "stressor\tcompartment\tunit\n");
    cr_assert(fgets(line, sizeof line, f));
    cr_assert_str_eq(line, "CO2\tair\tkg\n");
    fclose(f);
    snprintf(path, sizeof path, "%s/pm/emissions/F_Y.txt", dir);
    cr_assert(tu_exists(path));
    snprintf(path, sizeof path, "%s/pm/factor_inputs/F.txt", dir);
    cr_assert(tu_exists(path), "va as factor_inputs, as before");
    tsc_table_free(t);
    tu_rmtree(dir);
}

/* A factor_inputs extension that sums to va is written as factor_inputs; one that does not keeps its accounts under
 * another folder while factor_inputs holds va. */
Test(extensions, pymrio_factor_inputs)
{
    tsc_table *t = tu_table_3x2();
    size_t n = tsc_table_n(t);
    const double *va = tsc_table_va(t);
    double F[2 * 6];
    for (size_t j = 0; j < n; j++) {
        F[0 + j * 2] = 0.25 * va[j];
        F[1 + j * 2] = va[j] - F[0 + j * 2];
    }
    static const char *acc[2] = {"wages", "profits"};
    tsc_error err;
    cr_assert_eq(tsc_table_extension_add(t, "factor_inputs", 2, acc, NULL, F, NULL, &err), TSC_OK, "%s", err.msg);
    const char *dir = tu_tmpdir();
    char out[400];
    snprintf(out, sizeof out, "%s/pm", dir);
    cr_assert_eq(tsc_table_save_pymrio(t, out, &err), TSC_OK, "%s", err.msg);
    tsc_table *back = load(out, 0);
    same_extensions(t, back);
    for (size_t j = 0; j < n; j++) cr_assert(fabs(tsc_table_va(back)[j] - va[j]) <= 1e-14 * va[j]);
    tsc_table_free(back);
    tsc_table_free(t);

    t = tu_table_3x2();
    for (size_t j = 0; j < n; j++) F[0 + j * 2] = F[1 + j * 2] = 1.5;
    cr_assert_eq(tsc_table_extension_add(t, "factor_inputs", 2, acc, NULL, F, NULL, &err), TSC_OK, "%s", err.msg);
    snprintf(out, sizeof out, "%s/pm2", dir);
    cr_assert_eq(tsc_table_save_pymrio(t, out, &err), TSC_OK, "%s", err.msg);
    back = load(out, 0);
    cr_assert_eq(memcmp(tsc_table_va(t), tsc_table_va(back), n * sizeof(double)), 0, "va bit for bit");
    tsc_extension e = ext_of(back, "factor_inputs_accounts");
    cr_assert_eq(e.naccounts, 2);
    cr_assert_eq(e.F[3], 1.5);
    tsc_table_free(back);
    tsc_table_free(t);
    tu_rmtree(dir);
}

/* A cache of version 2 (before extensions) is still read: made from a version 3 file of a table without any. */
Test(extensions, cache_version_2_still_read)
{
    tsc_table *t = tu_table_3x2();
    const char *dir = tu_tmpdir();
    char path[400];
    tsc_error err;
    snprintf(path, sizeof path, "%s/v3.tsc", dir);
    cr_assert_eq(tsc_table_save_cache(t, path, &err), TSC_OK, "%s", err.msg);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    static unsigned char buf[1 << 16], v2[1 << 16];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    /* header (8 magic, bom, version, ..., label_bytes) = 128 bytes, then the block size (8) ... count (8), crc (4) */
    const size_t hdr = 128;
    uint32_t version;
    memcpy(&version, buf + 12, 4);
    cr_assert_eq(version, 3);
    memcpy(v2, buf, hdr);
    memcpy(v2 + hdr, buf + hdr + 8, len - hdr - 8 - 8 - 4);
    size_t len2 = len - 8 - 8 - 4;
    version = 2;
    memcpy(v2 + 12, &version, 4);
    uint32_t crc = (uint32_t)crc32(0L, v2, (uInt)len2);
    memcpy(v2 + len2, &crc, 4);
    snprintf(path, sizeof path, "%s/v2.tsc", dir);
    f = fopen(path, "wb");
    cr_assert_eq(fwrite(v2, 1, len2 + 4, f), len2 + 4);
    fclose(f);
    tsc_table *back = load(path, 0);
    cr_assert_eq(tsc_table_nextensions(back), 0);
    cr_assert_eq(memcmp(tsc_table_Z(t), tsc_table_Z(back), 36 * sizeof(double)), 0);
    tsc_table_free(back);
    /* another version is refused with a clear message */
    version = 9;
    memcpy(v2 + 12, &version, 4);
    f = fopen(path, "wb");
    cr_assert_eq(fwrite(v2, 1, len2 + 4, f), len2 + 4);
    fclose(f);
    back = NULL;
    cr_assert_eq(tsc_table_load(path, NULL, &back, &err), TSC_EFORMAT);
    cr_assert(strstr(err.msg, "another version"), "%s", err.msg);
    tsc_table_free(t);
    tu_rmtree(dir);
}

Test(extensions, aggregation_sums)
{
    tsc_table *t = table_with_extensions(), *a = NULL;
    const char *dir = tu_tmpdir();
    const char *conc = tu_write(dir, "c.csv",
                                "kind,from,to\nregion,USA,NAM\nregion,CHN,ASIA\nregion,JPN,ASIA\n"
                                "sector,G1,ALL\nsector,S1,ALL\n");
    tsc_error err;
    cr_assert_eq(tsc_table_aggregate(t, conc, &a, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_table_nextensions(a), 2);
    tsc_extension e = ext_of(t, "emissions"), ea = ext_of(a, "emissions");
    /* regions in order of first appearance: ASIA (JPN) then NAM (USA) */
    cr_assert_str_eq(tsc_table_region(a, 0), "ASIA");
    for (size_t r = 0; r < 2; r++) {
        double asia = e.F[r + 0 * 2] + e.F[r + 1 * 2] + e.F[r + 4 * 2] + e.F[r + 5 * 2];
        double nam = e.F[r + 2 * 2] + e.F[r + 3 * 2];
        cr_assert(fabs(ea.F[r + 0 * 2] - asia) <= 1e-15 * fabs(asia), "F summed");
        cr_assert(fabs(ea.F[r + 1 * 2] - nam) <= 1e-15 * fabs(nam), "F summed");
        double fy_asia = e.F_Y[r + 0 * 2] + e.F_Y[r + 2 * 2];
        cr_assert(fabs(ea.F_Y[r + 0 * 2] - fy_asia) <= 1e-15 * fabs(fy_asia), "F_Y summed by region");
        cr_assert_eq(ea.F_Y[r + 1 * 2], e.F_Y[r + 1 * 2]);
    }
    tsc_table_free(a);
    tsc_table_free(t);
    tu_rmtree(dir);
}

/* Errors in the extension files of the layouts name their file. */
Test(extensions, layout_errors_are_located)
{
    tsc_table *t = table_with_extensions();
    const char *dir = tu_tmpdir();
    char out[400], sub[500];
    tsc_error err;
    snprintf(out, sizeof out, "%s/native", dir);
    cr_assert_eq(tsc_table_save_native(t, out, 0, &err), TSC_OK, "%s", err.msg);
    snprintf(sub, sizeof sub, "%s/extensions/employment", out);
    tu_write(sub, "F.csv", "account,unit,JPN.G1,JPN.S1,USA.G1,USA.S1,CHN.G1,CHN.XX\nEmployment,p,1,2,3,4,5,6\n");
    tsc_table *back = NULL;
    cr_assert_eq(tsc_table_load(out, NULL, &back, &err), TSC_ELABEL);
    cr_assert(strstr(err.file, "employment/F.csv") && err.line == 1 && err.col > 30, "%s:%zu:%zu %s", err.file,
              err.line, err.col, err.msg);
    tu_write(sub, "F.csv", "account,unit,JPN.G1,JPN.S1,USA.G1,USA.S1,CHN.G1,CHN.S1\nEmployment,p,1,2,3,4,5,x\n");
    cr_assert_eq(tsc_table_load(out, NULL, &back, &err), TSC_EPARSE);
    cr_assert(strstr(err.file, "employment/F.csv") && err.line == 2, "%s:%zu %s", err.file, err.line, err.msg);
    cr_assert_null(back);

    snprintf(out, sizeof out, "%s/pm", dir);
    cr_assert_eq(tsc_table_save_pymrio(t, out, &err), TSC_OK, "%s", err.msg);
    snprintf(sub, sizeof sub, "%s/employment", out);
    tu_write(sub, "F.txt",
             "region\tJPN\tJPN\tUSA\tUSA\tCHN\tCHN\nsector\tG1\tS1\tG1\tS1\tG1\tS1\nstressor\t\t\t\t\t\t\n"
             "Employment\t1\t2\t3\t4\t5\tbad\n");
    cr_assert_eq(tsc_table_load(out, NULL, &back, &err), TSC_EPARSE);
    cr_assert(strstr(err.file, "employment/F.txt") && err.line == 4, "%s:%zu %s", err.file, err.line, err.msg);
    tsc_table_free(t);
    tu_rmtree(dir);
}

/* Every allocation of the extension paths can fail: an error (TSC_ENOMEM), nothing half made, nothing leaked (the
 * sanitizer builds check the last part). */
Test(extensions, allocation_failures_are_clean)
{
    tsc_table *t = table_with_extensions();
    const char *dir = tu_tmpdir();
    static char nat[400], pm[400], cache[400];
    tsc_error err;
    snprintf(nat, sizeof nat, "%s/native", dir);
    snprintf(pm, sizeof pm, "%s/pm", dir);
    snprintf(cache, sizeof cache, "%s/t.tsc", dir);
    cr_assert_eq(tsc_table_save_native(t, nat, 0, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_table_save_pymrio(t, pm, &err), TSC_OK, "%s", err.msg);
    cr_assert_eq(tsc_table_save_cache(t, cache, &err), TSC_OK, "%s", err.msg);
    const char *csv = tu_write(dir, "jobs.csv", "region,sector,account,unit,value\nUSA,G1,jobs,p,1\nCHN,S1,co2,kt,2\n");
    const char *files[3] = {nat, pm, cache};
    for (int f = 0; f < 3; f++) {
        size_t before = tsc_alloc_count();
        tsc_table *back = NULL;
        cr_assert_geq(tsc_table_load(files[f], NULL, &back, &err), 0, "%s", err.msg);
        tsc_table_free(back);
        size_t total = tsc_alloc_count() - before;
        for (size_t k = 1; k <= total; k++) {
            tsc_alloc_fail_after(k);
            back = NULL;
            int rc = tsc_table_load(files[f], NULL, &back, &err);
            tsc_alloc_fail_after(0);
            if (rc >= 0) {
                tsc_table_free(back);
                continue;
            }
            cr_assert_null(back);
            cr_assert_eq(rc, TSC_ENOMEM, "file %d allocation %zu: %d %s", f, k, rc, err.msg);
        }
    }
    /* the user CSV and the accounts */
    tsc_leontief *lf = NULL;
    cr_assert_eq(tsc_leontief_new(t, &lf, &err), TSC_OK);
    size_t before = tsc_alloc_count();
    tsc_table *u = tu_table_3x2();
    cr_assert_eq(tsc_table_extensions_read_csv(u, csv, &err), TSC_OK, "%s", err.msg);
    tsc_accounts a;
    cr_assert_eq(tsc_accounts_compute(lf, t, 0, &a, &err), TSC_OK, "%s", err.msg);
    tsc_accounts_free(&a);
    tsc_table_free(u);
    size_t total = tsc_alloc_count() - before;
    for (size_t k = 1; k <= total; k++) {
        u = tu_table_3x2();
        tsc_alloc_fail_after(k);
        int rc1 = tsc_table_extensions_read_csv(u, csv, &err);
        int rc2 = tsc_accounts_compute(lf, t, 0, &a, &err);
        tsc_alloc_fail_after(0);
        cr_assert(rc1 == TSC_OK || rc1 == TSC_ENOMEM, "allocation %zu: %d", k, rc1);
        cr_assert_eq(tsc_table_nextensions(u), rc1 == TSC_OK ? 1 : 0);
        cr_assert(rc2 == TSC_OK || rc2 == TSC_ENOMEM, "allocation %zu: %d", k, rc2);
        if (rc2 == TSC_OK) tsc_accounts_free(&a);
        else cr_assert_null(a.S, "accounts empty on error");
        tsc_table_free(u);
    }
    tsc_leontief_free(lf);
    tsc_table_free(t);
    tu_rmtree(dir);
}
