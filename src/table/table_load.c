/* Opens a table from any supported layout, detecting the layout from what the path contains. */
#include <stdio.h>
#include <string.h>

#include "error_int.h"
#include "table_int.h"

static int has(const char *dir, const char *name)
{
    char p[1200];
    return tsc__path_join(p, sizeof p, dir, name) == 0 && tsc__file_exists(p);
}

static int detect(const char *path, tsc_format *fmt, tsc_error *err)
{
    if (tsc__file_exists(path)) {
        FILE *f = fopen(path, "rb");
        char magic[6] = {0};
        size_t got = f ? fread(magic, 1, sizeof magic, f) : 0;
        if (f) fclose(f);
        if (got == sizeof magic && memcmp(magic, "TSCTAB", 6) == 0) { *fmt = TSC_FORMAT_CACHE; return TSC_OK; }
        return tsc__error(err, TSC_EFORMAT, path, 0, 0,
                          "not a tariffscope cache file; a table is a folder (WIOD, labelled or native layout) or a "
                          ".tsc cache");
    }
    if (!tsc__dir_exists(path)) return tsc__error(err, TSC_EIO, path, 0, 0, "no such file or folder: '%s'", path);
    if (has(path, "meta.json")) *fmt = TSC_FORMAT_NATIVE;
    else if (has(path, "input_Z.csv") || has(path, "input_Z.csv.gz")) *fmt = TSC_FORMAT_LABELLED;
    else if ((has(path, "Z.csv.gz") || has(path, "Z.csv")) && (has(path, "F.csv.gz") || has(path, "F.csv")))
        *fmt = TSC_FORMAT_WIOD;
    else
        return tsc__error(err, TSC_EFORMAT, path, 0, 0,
                          "unrecognised table folder: expected meta.json (native), input_Z.csv (labelled) or "
                          "Z.csv.gz + F.csv.gz + x_va.csv (WIOD)");
    return TSC_OK;
}

int tsc_table_load(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err)
{
    tsc_load_opts def;
    if (!opts) { tsc_load_opts_init(&def); opts = &def; }
    *out = NULL;
    tsc_error_clear(err);
    tsc_format fmt = opts->format;
    int rc;
    if (fmt == TSC_FORMAT_AUTO && (rc = detect(path, &fmt, err))) return rc;
    if (fmt == TSC_FORMAT_CACHE) return tsc__table_load_cache(path, opts, out, err);
    if (!tsc__dir_exists(path)) return tsc__error(err, TSC_EIO, path, 0, 0, "no such folder");
    return tsc__table_load_folder(path, fmt, opts, out, err);
}
