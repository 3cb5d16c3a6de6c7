/* Reads the WIOD 2013 release's world input-output tables as distributed: one Excel workbook per year,
 * wiotYY_row_sep12.xlsx, its one sheet in the layout of table_iosheet.c. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "table_int.h"
#include "table_iosheet_int.h"

/* WIOD's final-demand codes and the names the WIOD CSV folder gives the same categories (docs/FORMATS.md) */
static const char *const wiod_categories[] = {"c37", "CONS_h", "c38", "CONS_np", "c39", "CONS_g",
                                              "c41", "GFCF",   "c42", "INVEN",   NULL};

/* The year: a four-digit year in the sheet's name (WIOT_2009), else the two digits of the file's name wiotYY. */
static int wiod_year(const char *path, const char *sheet)
{
    int y = sheet ? tsc__year_in_name(sheet) : 0;
    const char *slash = strrchr(path, '/'), *name = slash ? slash + 1 : path;
    if (y == 0 && strncasecmp(name, "wiot", 4) == 0 && isdigit((unsigned char)name[4]) &&
        isdigit((unsigned char)name[5]) && !isdigit((unsigned char)name[6])) {
        int yy = (name[4] - '0') * 10 + (name[5] - '0');
        y = yy < 50 ? 2000 + yy : 1900 + yy;
    }
    return y ? y : tsc__year_in_name(path);
}

static const tsc_iosheet_dialect wiod_dialect = {"WIOD 2013", TSC_FORMAT_WIOD_XLSX, NULL, wiod_categories, "r60", "r69",
                                                 wiod_year};

int tsc__table_load_wiodxlsx(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    return tsc__iosheet_load(path, &wiod_dialect, opts, out, err);
}
