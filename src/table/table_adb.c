/* Reads the ADB MRIO tables (62- and 72-economy editions, 35 WIOD sectors) as distributed: an Excel workbook per year
 * (sheet "ADB MRIO YYYY") or its CSV export, in the layout of table_iosheet.c; ADB's economy codes become ISO3. */
#include <string.h>

#include "table_int.h"
#include "table_iosheet_int.h"

/* ADB's economy codes that differ from ISO 3166 alpha-3, and the ISO3 code (the economies of ADB MRIO's 72-economy
 * edition, whose first 62 are the 62-economy edition's; ../shared/data/adb-mrio-2017-2022/economies.csv). */
static const char *const adb_iso3[] = {
    "SWI", "CHE", "PRC", "CHN", "GER", "DEU", "DEN", "DNK", "SPA", "ESP", "UKG", "GBR", "INO", "IDN", "IRE",
    "IRL", "NET", "NLD", "POR", "PRT", "ROM", "ROU", "TAP", "TWN", "BAN", "BGD", "MAL", "MYS", "PHI", "PHL",
    "VIE", "VNM", "MON", "MNG", "SRI", "LKA", "FIJ", "FJI", "BRU", "BRN", "BHU", "BTN", "CAM", "KHM", "MLD",
    "MDV", "NEP", "NPL", "SIN", "SGP", "KUW", "KWT", "UAE", "ARE", "RoW", "ROW", NULL};

static const char *adb_region(const char *code)
{
    for (size_t i = 0; adb_iso3[i]; i += 2)
        if (strcmp(adb_iso3[i], code) == 0) return adb_iso3[i + 1];
    return code;
}

/* ADB's final-demand codes F1-F5 are WIOD's five categories; the table names them as the WIOD readers do */
static const char *const adb_categories[] = {"F1", "CONS_h", "F2", "CONS_np", "F3", "CONS_g",
                                             "F4", "GFCF",   "F5", "INVEN",   NULL};

/* The year: in the sheet's name ("ADB MRIO 2022"), else in the file's (ADB-MRIO-2022.xlsx). */
static int adb_year(const char *path, const char *sheet)
{
    int y = sheet ? tsc__year_in_name(sheet) : 0;
    return y ? y : tsc__year_in_name(path);
}

static const tsc_iosheet_dialect adb_dialect = {"ADB MRIO", TSC_FORMAT_ADB, adb_region, adb_categories,
                                                "r60",      "r69",          adb_year};

int tsc__table_load_adb(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    return tsc__iosheet_load(path, &adb_dialect, opts, out, err);
}
