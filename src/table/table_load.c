/* Opens a table from any supported layout, detecting the layout from what the path contains. */
#include <ctype.h>
#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "csv_int.h"
#include "error_int.h"
#include "table_int.h"
#include "table_iosheet_int.h"

static int has(const char *dir, const char *name)
{
    char p[1200];
    return tsc__path_join(p, sizeof p, dir, name) == 0 && tsc__file_exists(p);
}

/* A CSV whose header reads like an ICIO table: a TOTAL, OUT or OUTPUT column, or the corner "V1" of the 2023 files. */
static int icio_header(const char *path)
{
    tsc_csv *c = NULL;
    int yes = 0;
    if (tsc__csv_open(path, &c, NULL) != TSC_OK) return 0;
    if (tsc__csv_next(c, NULL) == 1 && tsc__csv_nfields(c) > 2) {
        size_t nf = tsc__csv_nfields(c);
        const char *last = tsc__csv_field(c, nf - 1);
        yes = strcmp(tsc__csv_field(c, 0), "V1") == 0 || strcmp(last, "TOTAL") == 0 || strcmp(last, "OUT") == 0 ||
              strcmp(last, "OUTPUT") == 0;
    }
    tsc__csv_close(c);
    return yes;
}

/* A CSV whose first field is name (FIGARO's matrices start "rowLabels"). */
static int first_cell_is(const char *path, const char *name)
{
    tsc_csv *c = NULL;
    int yes = 0;
    if (tsc__csv_open(path, &c, NULL) != TSC_OK) return 0;
    yes = tsc__csv_next(c, NULL) == 1 && tsc__csv_nfields(c) > 2 && strcmp(tsc__csv_field(c, 0), name) == 0;
    tsc__csv_close(c);
    return yes;
}

/* A CSV export of the WIOD 2016 sheet: among its first rows, a header row with the final-demand code CONS_h above a
 * data row numbered r1 in the fourth column (the 2013 release's sheet codes its final demand c37 ... c42). */
static int wiod2016_sheet(const char *path, tsc_error *err)
{
    tsc_csv *c = NULL;
    tsc_error e;
    int cons = 0, yes = 0, rc = tsc__csv_open(path, &c, &e);
    for (int k = 0; !rc && k < 16 && !yes && (rc = tsc__csv_next(c, &e)) == 1; k++, rc = 0) {
        size_t nf = tsc__csv_nfields(c);
        if (cons && nf > 4 && strcmp(tsc__csv_field(c, 3), "r1") == 0) yes = 1;
        for (size_t j = 4; j < nf && !cons; j++) cons = strcmp(tsc__csv_field(c, j), "CONS_h") == 0;
    }
    tsc__csv_close(c);
    /* running out of memory is an answer of its own; any other failure is "not such a sheet" */
    if (rc == TSC_ENOMEM) {
        if (err) *err = e;
        return rc;
    }
    return yes;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* A folder holding a file whose name starts with prefix and ends with suffix (case-insensitive). */
static int has_like(const char *dir, const char *prefix, const char *suffix)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    int yes = 0;
    size_t lp = strlen(prefix), ls = strlen(suffix);
    while (!yes && (e = readdir(d))) {
        size_t l = strlen(e->d_name);
        yes = l >= lp + ls && strncasecmp(e->d_name, prefix, lp) == 0 && strcasecmp(e->d_name + l - ls, suffix) == 0;
    }
    closedir(d);
    return yes;
}

/* A workbook or CSV export holding one input-output sheet (table_iosheet.c): its final-demand codes tell ADB MRIO
 * (F1 ... F5) from WIOD 2013 (c37 ... c42). A CSV that is not such a sheet is not an error here (code 0: not one). */
static int detect_sheet(const char *path, int zip, tsc_format *fmt, tsc_error *err)
{
    char code[64];
    tsc_error e;
    int rc = tsc__iosheet_sniff(path, code, sizeof code, &e);
    if (rc) {
        if (zip && err) *err = e;
        return zip ? rc : 0;
    }
    if (code[0] == 'F') *fmt = TSC_FORMAT_ADB;
    else if (code[0] == 'c') *fmt = TSC_FORMAT_WIOD_XLSX;
    else if (zip)
        return tsc__error(
            err, TSC_EFORMAT, path, 0, 0,
            "an input-output sheet whose final-demand codes ('%s' ...) are neither ADB MRIO's (F1 ... F5) "
            "nor WIOD's (c37 ... c42): give --format adb or --format wiod-xlsx",
            code);
    return code[0] == 'F' || code[0] == 'c';
}

static int detect_file(const char *path, tsc_format *fmt, tsc_error *err)
{
    FILE *f = fopen(path, "rb");
    char magic[6] = {0};
    size_t got = f ? fread(magic, 1, sizeof magic, f) : 0;
    if (f) fclose(f);
    const char *name = base_name(path);
    size_t len = strlen(name);
    int rc;
    if (got == sizeof magic && memcmp(magic, "TSCTAB", 6) == 0) *fmt = TSC_FORMAT_CACHE;
    else if (len > 5 && strcasecmp(name + len - 5, ".xlsb") == 0) *fmt = TSC_FORMAT_WIOD2016;
    else if ((rc = tsc__iosheet_is_zip(path)) < 0)
        return tsc__error(err, errno == ENOMEM ? TSC_ENOMEM : TSC_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
    else if (rc) return (rc = detect_sheet(path, 1, fmt, err)) < 0 ? rc : TSC_OK;
    else if (strncmp(name, "Eora", 4) == 0 && len > 6 && strcmp(name + len - 6, "_T.txt") == 0) *fmt = TSC_FORMAT_EORA;
    else if (tsc__gloria_detect(path)) *fmt = TSC_FORMAT_GLORIA;
    else if (strncasecmp(name, "matrix_eu-ic-io", 15) == 0 || first_cell_is(path, "rowLabels"))
        *fmt = TSC_FORMAT_FIGARO;
    else if (strncasecmp(name, "ICIO", 4) == 0 || icio_header(path)) *fmt = TSC_FORMAT_OECD;
    else if ((rc = wiod2016_sheet(path, err)) != 0) {
        if (rc < 0) return rc;
        *fmt = TSC_FORMAT_WIOD2016;
    } else if (detect_sheet(path, 0, fmt, NULL) == 1) return TSC_OK;
    else
        return tsc__error(err, TSC_EFORMAT, path, 0, 0,
                          "not a tariffscope cache file, an OECD ICIO CSV, an Eora26 T file, a WIOD 2013 or ADB MRIO "
                          "workbook (.xlsx) or CSV export, a GLORIA T file, a FIGARO matrix or a WIOD 2016 workbook "
                          "(.xlsb) or CSV export; a table is one of those or a folder (native, pymrio, labelled, WIOD, "
                          "Eora26 or GLORIA layout)");
    return TSC_OK;
}

static int detect(const char *path, tsc_format *fmt, tsc_error *err)
{
    if (tsc__file_exists(path)) return detect_file(path, fmt, err);
    if (!tsc__dir_exists(path)) return tsc__error(err, TSC_EIO, path, 0, 0, "no such file or folder: '%s'", path);
    if (has(path, "meta.json")) *fmt = TSC_FORMAT_NATIVE;
    else if (has(path, "file_parameters.json")) *fmt = TSC_FORMAT_PYMRIO;
    else if (has(path, "input_Z.csv") || has(path, "input_Z.csv.gz")) *fmt = TSC_FORMAT_LABELLED;
    else if ((has(path, "Z.csv.gz") || has(path, "Z.csv")) && (has(path, "F.csv.gz") || has(path, "F.csv")))
        *fmt = TSC_FORMAT_WIOD;
    else if (has(path, "labels_T.txt") && has_like(path, "Eora", "_T.txt")) *fmt = TSC_FORMAT_EORA;
    else if (has_like(path, "ICIO", ".csv") || has_like(path, "ICIO", ".csv.gz")) *fmt = TSC_FORMAT_OECD;
    else if (tsc__gloria_detect(path)) *fmt = TSC_FORMAT_GLORIA;
    else
        return tsc__error(err, TSC_EFORMAT, path, 0, 0,
                          "unrecognised table folder: expected meta.json (native), file_parameters.json (pymrio), "
                          "input_Z.csv (labelled), Z.csv.gz + F.csv.gz + x_va.csv (WIOD), labels_T.txt + "
                          "Eora26_YEAR_bp_T.txt (Eora26), an ICIO*.csv file (OECD) or GLORIA's "
                          "*_T-Results_*_Markup001(full).csv (here or in a GLORIA_MRIOs_* folder)");
    return TSC_OK;
}

int tsc__year_in_name(const char *path)
{
    const char *name = base_name(path);
    int year = 0;
    for (const char *p = name; *p;) {
        if (!isdigit((unsigned char)*p)) {
            p++;
            continue;
        }
        const char *q = p;
        while (isdigit((unsigned char)*q)) q++;
        if (q - p == 4) {
            int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
            if (y >= 1900 && y <= 2199) year = y;
        }
        p = q;
    }
    return year;
}

int tsc_table_load(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    tsc_load_opts def;
    if (!opts) {
        tsc_load_opts_init(&def);
        opts = &def;
    }
    *out = NULL;
    tsc_error_clear(err);
    tsc_format fmt = opts->format;
    int rc;
    if (fmt == TSC_FORMAT_AUTO && (rc = detect(path, &fmt, err))) return rc;
    if (fmt == TSC_FORMAT_CACHE) return tsc__table_load_cache(path, opts, out, err);
    if (!tsc__dir_exists(path) && !tsc__file_exists(path))
        return tsc__error(err, TSC_EIO, path, 0, 0, "no such file or folder");
    if (fmt == TSC_FORMAT_OECD) return tsc__table_load_oecd(path, opts, out, err);
    if (fmt == TSC_FORMAT_EORA) return tsc__table_load_eora(path, opts, out, err);
    if (fmt == TSC_FORMAT_WIOD_XLSX) return tsc__table_load_wiodxlsx(path, opts, out, err);
    if (fmt == TSC_FORMAT_ADB) return tsc__table_load_adb(path, opts, out, err);
    if (fmt == TSC_FORMAT_GLORIA) return tsc__table_load_gloria(path, opts, out, err);
    if (fmt == TSC_FORMAT_FIGARO || fmt == TSC_FORMAT_WIOD2016) {
        if (tsc__dir_exists(path))
            return tsc__error(err, TSC_EFORMAT, path, 0, 0, "a %s table is one CSV file: name it",
                              tsc_format_name(fmt));
        return fmt == TSC_FORMAT_FIGARO ? tsc__table_load_figaro(path, opts, out, err)
                                        : tsc__table_load_wiod2016(path, opts, out, err);
    }
    if (!tsc__dir_exists(path))
        return tsc__error(err, TSC_EFORMAT, path, 0, 0, "a %s table is a folder, not a file", tsc_format_name(fmt));
    if (fmt == TSC_FORMAT_PYMRIO) return tsc__table_load_pymrio(path, opts, out, err);
    return tsc__table_load_folder(path, fmt, opts, out, err);
}
