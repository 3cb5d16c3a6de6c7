/* Opens a table from any supported layout, detecting the layout from what the path contains. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "archive_int.h"
#include "csv_int.h"
#include "error_int.h"
#include "progress_int.h"
#include "stream_int.h"
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

/* A folder holding a file whose name starts with prefix and ends with suffix (case-insensitive): 1, 0 when not (or
 * when it cannot be listed), TSC_ENOMEM (err filled). */
static int has_like(const char *dir, const char *prefix, const char *suffix, tsc_error *err)
{
    char **names = NULL;
    size_t n = 0;
    int yes = 0;
    size_t lp = strlen(prefix), ls = strlen(suffix);
    tsc_error e;
    int rc = tsc__dir_list(dir, &names, &n, &e);
    if (rc == TSC_ENOMEM && err) *err = e;
    if (rc) return rc == TSC_ENOMEM ? rc : 0;
    for (size_t i = 0; i < n && !yes; i++) {
        size_t l = strlen(names[i]);
        yes = l >= lp + ls && strncasecmp(names[i], prefix, lp) == 0 && strcasecmp(names[i] + l - ls, suffix) == 0;
    }
    tsc__names_free(names, n);
    return yes;
}

/* The first bytes of a file (through gzip, or out of a zip archive): how many were read, or < 0 (err filled). */
static int first_bytes(const char *path, unsigned char *buf, size_t size, tsc_error *err)
{
    tsc_stream *s = NULL;
    size_t got = 0, k;
    int rc = tsc__stream_open(path, &s, err);
    while (!rc && got < size && !(rc = tsc__stream_read(s, buf + got, size - got, &k, err)) && k) got += k;
    tsc__stream_close(s);
    return rc ? rc : (int)got;
}

/* The folder a zip archive stands for: its top folder ("archive.zip/"), or the one folder it holds when it holds
 * nothing else (EXIOBASE's IOT_2011_pxp.zip holds IOT_2011_pxp/); the one file of that folder when it holds one
 * file and nothing else (an OECD ICIO zip of one year). */
static int archive_root(const char *path, char *buf, size_t size, tsc_error *err)
{
    if (snprintf(buf, size, "%s/", path) >= (int)size) return tsc__error(err, TSC_EINVAL, path, 0, 0, "path too long");
    for (int depth = 0; depth < 2; depth++) {
        char **names = NULL, sub[1200];
        size_t n = 0;
        int rc = tsc__dir_list(buf, &names, &n, err);
        if (rc) return rc;
        int one = n == 1 && tsc__path_join(sub, sizeof sub, buf, names[0]) == 0 && strlen(sub) < size;
        tsc__names_free(names, n);
        if (!one) break;
        snprintf(buf, size, "%s", sub);
        if (!tsc__dir_exists(sub)) break;
    }
    return TSC_OK;
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

static int detect(const char *path, char *res, size_t rsize, tsc_format *fmt, tsc_error *err);

/* A zip archive: an Excel workbook (a sheet of one of the layouts), else the folder or file it stands for. */
static int detect_zip(const char *path, char *res, size_t rsize, tsc_format *fmt, tsc_error *err)
{
    char arch[1200];
    const char *entry;
    if (tsc__archive_split(path, arch, sizeof arch, &entry))
        return tsc__error(err, TSC_EFORMAT, path, 0, 0, "a zip archive inside a zip archive: unpack the outer one");
    tsc_error e;
    int book = tsc__archive_has(path, "xl/workbook.xml", &e);
    if (book == TSC_ENOMEM) {
        if (err) *err = e;
        return book;
    }
    if (book) { /* a workbook, or an archive libzip cannot open: the workbook reader says what is wrong with it */
        int rc = detect_sheet(path, 1, fmt, err);
        if (rc < 0) return rc;
        if (snprintf(res, rsize, "%s", path) >= (int)rsize)
            return tsc__error(err, TSC_EINVAL, path, 0, 0, "path too long");
        return TSC_OK;
    }
    char root[1200];
    int rc = archive_root(path, root, sizeof root, err);
    return rc ? rc : detect(root, res, rsize, fmt, err);
}

static int detect_file(const char *path, char *res, size_t rsize, tsc_format *fmt, tsc_error *err)
{
    unsigned char magic[6] = {0};
    int got = first_bytes(path, magic, sizeof magic, err);
    if (got < 0) return got;
    const char *name = base_name(path);
    size_t len = strlen(name);
    int rc;
    if (got == sizeof magic && memcmp(magic, "TSCTAB", 6) == 0) *fmt = TSC_FORMAT_CACHE;
    else if (len > 5 && strcasecmp(name + len - 5, ".xlsb") == 0) *fmt = TSC_FORMAT_WIOD2016;
    else if (got >= 4 && memcmp(magic, "PK\3\4", 4) == 0) return detect_zip(path, res, rsize, fmt, err);
    else if (strncmp(name, "Eora", 4) == 0 && len > 6 && strcmp(name + len - 6, "_T.txt") == 0) *fmt = TSC_FORMAT_EORA;
    else if (tsc__gloria_detect(path)) *fmt = TSC_FORMAT_GLORIA;
    else if (strncasecmp(name, "matrix_eu-ic-io", 15) == 0 || strncasecmp(name, "flatfile_eu-ic-io", 17) == 0 ||
             first_cell_is(path, "rowLabels") || tsc__figaro_flat_detect(path))
        *fmt = TSC_FORMAT_FIGARO;
    else if (strncasecmp(name, "ICIO", 4) == 0 || icio_header(path)) *fmt = TSC_FORMAT_OECD;
    else if ((rc = wiod2016_sheet(path, err)) != 0) {
        if (rc < 0) return rc;
        *fmt = TSC_FORMAT_WIOD2016;
    } else if (detect_sheet(path, 0, fmt, NULL) != 1)
        return tsc__error(err, TSC_EFORMAT, path, 0, 0,
                          "not a tariffscope cache file, an OECD ICIO CSV, an Eora26 T file, a WIOD 2013 or ADB MRIO "
                          "workbook (.xlsx) or CSV export, a GLORIA T file, a FIGARO matrix or flat CSV or a WIOD 2016 "
                          "workbook (.xlsb) or CSV export; a table is one of those (or a zip archive of one) or a "
                          "folder (native, pymrio, labelled, WIOD, Eora26 or GLORIA layout; or a zip archive of one)");
    if (snprintf(res, rsize, "%s", path) >= (int)rsize) return tsc__error(err, TSC_EINVAL, path, 0, 0, "path too long");
    return TSC_OK;
}

/* The layout of path, and the path its loader reads (res): path itself, or inside the zip archive path is. */
static int detect(const char *path, char *res, size_t rsize, tsc_format *fmt, tsc_error *err)
{
    int rc;
    if (tsc__file_exists(path)) return detect_file(path, res, rsize, fmt, err);
    if (!tsc__dir_exists(path)) return tsc__error(err, TSC_EIO, path, 0, 0, "no such file or folder: '%s'", path);
    if (has(path, "meta.json")) *fmt = TSC_FORMAT_NATIVE;
    else if (has(path, "file_parameters.json")) *fmt = TSC_FORMAT_PYMRIO;
    else if (has(path, "input_Z.csv") || has(path, "input_Z.csv.gz")) *fmt = TSC_FORMAT_LABELLED;
    else if ((has(path, "Z.csv.gz") || has(path, "Z.csv")) && (has(path, "F.csv.gz") || has(path, "F.csv")))
        *fmt = TSC_FORMAT_WIOD;
    else if (has(path, "labels_T.txt") && (rc = has_like(path, "Eora", "_T.txt", err)) != 0) {
        if (rc < 0) return rc;
        *fmt = TSC_FORMAT_EORA;
    } else if ((rc = has_like(path, "ICIO", ".csv", err)) != 0 || (rc = has_like(path, "ICIO", ".csv.gz", err)) != 0) {
        if (rc < 0) return rc;
        *fmt = TSC_FORMAT_OECD;
    } else if (tsc__gloria_detect(path)) *fmt = TSC_FORMAT_GLORIA;
    else
        return tsc__error(err, TSC_EFORMAT, path, 0, 0,
                          "unrecognised table folder: expected meta.json (native), file_parameters.json (pymrio), "
                          "input_Z.csv (labelled), Z.csv.gz + F.csv.gz + x_va.csv (WIOD), labels_T.txt + "
                          "Eora26_YEAR_bp_T.txt (Eora26), an ICIO*.csv file (OECD) or GLORIA's "
                          "*_T-Results_*_Markup001(full).csv (here or in a GLORIA_MRIOs_* folder)");
    if (snprintf(res, rsize, "%s", path) >= (int)rsize) return tsc__error(err, TSC_EINVAL, path, 0, 0, "path too long");
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

/* A layout given with --format on a zip archive that is not a workbook: the folder or file the archive stands for. */
static int resolve_forced(const char *path, tsc_format fmt, char *res, size_t rsize, tsc_error *err)
{
    int workbook =
        fmt == TSC_FORMAT_CACHE || fmt == TSC_FORMAT_ADB || fmt == TSC_FORMAT_WIOD_XLSX || fmt == TSC_FORMAT_WIOD2016;
    char arch[1200];
    const char *entry;
    if (!workbook && tsc__file_exists(path) && !tsc__archive_split(path, arch, sizeof arch, &entry) &&
        tsc__file_is_zip(path) == 1)
        return archive_root(path, res, rsize, err);
    if (snprintf(res, rsize, "%s", path) >= (int)rsize) return tsc__error(err, TSC_EINVAL, path, 0, 0, "path too long");
    return TSC_OK;
}

static int load(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    tsc_format fmt = opts->format;
    char res[1200];
    int rc = fmt == TSC_FORMAT_AUTO ? detect(path, res, sizeof res, &fmt, err)
                                    : resolve_forced(path, fmt, res, sizeof res, err);
    if (rc) return rc;
    path = res;
    int named = tsc__year_in_name(path);
    if (opts->year && named && named != opts->year && tsc__file_exists(path))
        return tsc__error(err, TSC_EFORMAT, path, 0, 0, "the file of %d, not %d: name the year it holds", named,
                          opts->year);
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

int tsc_table_load(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    tsc_load_opts def;
    if (!opts) {
        tsc_load_opts_init(&def);
        opts = &def;
    }
    *out = NULL;
    tsc_error_clear(err);
    tsc_progress old = tsc__progress_set((tsc_progress){opts->progress, opts->progress_ctx});
    int rc = load(path, opts, out, err);
    tsc__progress_set(old);
    return rc;
}
