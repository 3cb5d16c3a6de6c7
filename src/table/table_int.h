/* Internal: the table struct shared by the loaders, the writers and the aggregation. */
#ifndef TSC_TABLE_INT_H
#define TSC_TABLE_INT_H

#include "path_int.h"
#include "tariffscope/extension.h"
#include "tariffscope/output.h"
#include "tariffscope/table.h"

#define TSC_TABLE_NFILEKEYS 4

/* One extension (tsc_extension, include/tariffscope/extension.h), owned by its table. */
typedef struct tsc_ext {
    char *name;
    size_t k; /* accounts */
    char **accounts, **units;
    double *F;  /* k x n, column-major */
    double *FY; /* k x G*F, or NULL */
} tsc_ext;

/* The keys of meta.json "tariffs", in the order of tsc_table.files (table_folder.c reads them). */
extern const char *const tsc__table_file_keys[TSC_TABLE_NFILEKEYS];

struct tsc_table {
    size_t G, N, F, n;
    char **regions, **sectors, **fdcats;
    double *Z, *Y, *x, *va;
    char unit[64];
    int year;
    char source[512];
    unsigned char *goods; /* per sector: 1 = tradable good (tariffs apply), 0 = service */
    size_t *degenerate;
    size_t ndegenerate;
    /* meta.json "tariffs": the files a table names for its tariff schedule, paths resolved against its folder */
    char **files[TSC_TABLE_NFILEKEYS];
    size_t nfiles[TSC_TABLE_NFILEKEYS];
    tsc_format format; /* the layout read (TSC_FORMAT_AUTO: built in memory) */
    char *notes;       /* what the loader changed or left out, one sentence a line; NULL = nothing */
    tsc_ext *ext;      /* extensions, in the order added */
    size_t next;
};

/* Frees the extensions of t (table_extension.c). */
void tsc__table_free_extensions(tsc_table *t);
/* Adds an extension taking ownership of every pointer of e (on success and on failure alike); the checks of
 * tsc_table_extension_add. */
int tsc__table_extension_take(tsc_table *t, tsc_ext *e, tsc_error *err);
/* Frees what e holds (not e). */
void tsc__ext_clear(tsc_ext *e);
/* Whether name is folder-safe (letters, digits, '_', '-', '.' not first, at most 64 bytes). */
int tsc__ext_name_ok(const char *name);
/* Reads the extensions of a native folder (dir/extensions/<name>/F.csv[.gz], F_Y.csv[.gz]) into t, and writes them
 * through an output set (table_extension_io.c). */
int tsc__extensions_read_native(tsc_table *t, const char *dir, tsc_error *err);
int tsc__extensions_write_native(const tsc_table *t, tsc_outset *set, int gzip, tsc_error *err);

/* Appends one sentence to the table's notes (tsc_table_notes). Returns TSC_OK or TSC_ENOMEM. */
int tsc__table_note(tsc_table *t, tsc_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* An empty table with label arrays and matrices allocated (zeroed) for G x N x F; NULL on failure. */
tsc_table *tsc__table_alloc(size_t G, size_t N, size_t F, size_t max_bytes, tsc_error *err);

/* Where gross output came from, so balance errors can name a file and line (row i is at line first_line + i). */
typedef struct tsc_xsource {
    const char *file;
    size_t first_line;
} tsc_xsource;

/* Completes a loaded table: derives missing x/va (have_x/have_va = 0), rebalances, checks the identities and
 * finiteness, lists degenerate sectors. Returns TSC_OK, TSC_WDEGENERATE or an error. */
int tsc__table_finish(tsc_table *t, const tsc_load_opts *opts, int have_x, int have_va, const tsc_xsource *xs,
                      tsc_error *err);

/* Loaders by format; each returns a finished table or an error. */
int tsc__table_load_folder(const char *dir, tsc_format fmt, const tsc_load_opts *opts, tsc_table **out, tsc_error *err);
/* meta.json of a native folder (table_meta.c): the labels, unit and year, read before the matrices; then, once the
 * table exists, the goods sectors and the tariff files. Errors name the file, the line and column of the key, and
 * the key. */
int tsc__meta_read_labels(const char *dir, char ***regions, size_t *G, char ***sectors, size_t *N, char ***cats,
                          size_t *F, char *unit, size_t unit_size, int *year, tsc_error *err);
int tsc__meta_read_rest(const char *dir, tsc_table *t, tsc_error *err);
int tsc__table_load_cache(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err);
/* The database readers (table_oecd.c, table_eora.c, table_pymrio.c); path is the file or folder detection found. */
int tsc__table_load_oecd(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err);
int tsc__table_load_eora(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err);
int tsc__table_load_pymrio(const char *dir, const tsc_load_opts *opts, tsc_table **out, tsc_error *err);
/* The Excel releases (table_wiodxlsx.c, table_adb.c, both on table_iosheet.c): an .xlsx workbook or its CSV export. */
int tsc__table_load_wiodxlsx(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err);
int tsc__table_load_adb(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err);
/* GLORIA (table_gloria.c): a T file, its folder or the folder above; FIGARO (table_figaro.c): the matrix CSV file or
 * the flat CSV (tsc__figaro_flat_detect: a header naming refArea, rowIi, counterpartArea, colIi and obsValue);
 * WIOD 2016 (table_wiod2016.c): the WIOT workbook (.xlsb) or its sheet saved as CSV. The detect functions say whether
 * path looks like one. */
int tsc__table_load_gloria(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err);
int tsc__gloria_detect(const char *path);
int tsc__table_load_figaro(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err);
int tsc__figaro_flat_detect(const char *path);
int tsc__table_load_wiod2016(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err);
/* The year in a file or folder name: the last run of exactly four digits in the last path component that reads as
 * a year from 1900 to 2199 (ICIO2023_2020.csv -> 2020, IOT_2011_pxp -> 2011), else 0. */
int tsc__year_in_name(const char *path);

#endif
