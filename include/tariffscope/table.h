/* A labelled inter-country input-output table: regions, sectors, Z, final demand, value added, gross output. */
#ifndef TARIFFSCOPE_TABLE_H
#define TARIFFSCOPE_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "tariffscope/error.h"
#include "tariffscope/mat.h"
#include "tariffscope/progress.h"

/* No index: a code a table lacks, or a key that does not apply at a row's level (the sector of a country-level
 * row of a decomposition). */
#define TSC_NONE SIZE_MAX

/* G regions x N sectors, n = G*N rows ordered region-major (all sectors of region 0, then region 1, ...).
 * Z is n x n (Z[i + j*n] = sales of row i to industry j), Y is n x (G*F) with column r*F + f = category f of
 * region r's final demand, va and x are n-vectors. All matrices column-major. */
typedef struct tsc_table tsc_table;

typedef enum tsc_format {
    TSC_FORMAT_AUTO = 0,  /* detect from the path's content */
    TSC_FORMAT_WIOD,      /* WIOD 2013 CSV folder: Z.csv.gz, F.csv.gz, x_va.csv; labels CTY_cN */
    TSC_FORMAT_LABELLED,  /* labelled matrices: input_Z.csv, input_Yfd.csv | input_Y_by_country.csv, input_x_va.csv */
    TSC_FORMAT_NATIVE,    /* tariffscope native folder: meta.json, Z.csv[.gz], Y.csv[.gz], x_va.csv[.gz] */
    TSC_FORMAT_CACHE,     /* tariffscope binary cache file (.tsc) */
    TSC_FORMAT_OECD,      /* OECD ICIO CSV (2016/2018 and 2021/2023 releases): one file ICIOyyyy_YEAR.csv */
    TSC_FORMAT_EORA,      /* Eora26 folder: Eora26_YEAR_bp_T.txt, _FD.txt, _VA.txt and labels_T/FD/VA.txt */
    TSC_FORMAT_PYMRIO,    /* pymrio's text layout: file_parameters.json, Z.txt (or A.txt), Y.txt, x.txt, extensions */
    TSC_FORMAT_WIOD_XLSX, /* WIOD 2013 world table as distributed: wiotYY_row_sep12.xlsx (or its CSV export) */
    TSC_FORMAT_ADB,       /* ADB MRIO (62 or 72 economies) as distributed: its .xlsx per year, or a CSV export */
    TSC_FORMAT_GLORIA,    /* GLORIA: ..._T-, _Y-, _V-Results_YEAR_NNN_Markup001(full).csv and GLORIA_ReadMe_NNN.xlsx */
    TSC_FORMAT_FIGARO,    /* FIGARO (Eurostat): matrix_eu-ic-io_ind-by-ind_NNed_YEAR.csv */
    TSC_FORMAT_WIOD2016   /* WIOD 2016 release: WIOTyyyy_Nov16_ROW.xlsb, or its sheet saved as CSV */
} tsc_format;

/* Parses "auto", "wiod", "labelled", "native", "cache", "oecd", "eora", "pymrio", "wiod-xlsx", "adb", "gloria",
 * "figaro", "wiod2016"; returns 0 or TSC_EINVAL. */
int tsc_format_parse(const char *name, tsc_format *out);
const char *tsc_format_name(tsc_format f);

typedef struct tsc_load_opts {
    tsc_format format;        /* default TSC_FORMAT_AUTO */
    int rebalance;            /* 1: x := Z1 + Y1 and va := x - 1'Z (WIOD 2013 needs it: its values were truncated) */
    int strict;               /* 1: degenerate sectors (x <= 0) are an error (TSC_EDEGENERATE), not a warning */
    double balance_tol;       /* relative tolerance of the row and column identities; default 1e-6 */
    size_t max_bytes;         /* ceiling on the memory one table may take; default 8 GiB */
    int keep_splits;          /* OECD ICIO: 1 keeps China's and Mexico's split rows and columns (CN1, CN2, MX1, MX2) as
                               * regions of their own; 0 (default) sums them into CHN and MEX */
    int year;                 /* a folder or zip archive holding several years' files (OECD ICIO: one CSV per year): the
                               * year to read; 0 (default): the only one there */
    tsc_progress_fn progress; /* NULL (default), or called as the loader reads each file (progress.h), on the
                               * calling thread, with progress_ctx */
    void *progress_ctx;
} tsc_load_opts;

void tsc_load_opts_init(tsc_load_opts *opts);

/* Loads a table from path (a folder, an OECD ICIO CSV file, an Eora26 T file, a GLORIA T file, a FIGARO matrix or flat
 * CSV, a WIOD 2016 workbook or a cache file; any of these gzip-compressed where it is text; a zip archive holding a
 * folder's files or one such file, read as it is, without unpacking: an OECD ICIO release's zip, EXIOBASE 3's
 * IOT_YEAR_pxp.zip; the layout is detected unless opts->format names it, docs/FORMATS.md) and checks
 * it: every number finite, labels consistent,
 * row identity Z1 + Y1 = x and column identity 1'Z + va = x within balance_tol (relative to |x_i|).
 * Returns TSC_OK, or TSC_WDEGENERATE with *out set when sectors have x <= 0 (see tsc_table_degenerate),
 * or a negative error with err located at file:line:col and *out NULL. */
int tsc_table_load(const char *path, const tsc_load_opts *opts, tsc_table **out, tsc_error *err);

/* Builds a table from arrays (copied). Labels: G regions, N sectors, F final-demand categories.
 * va and x may be NULL: x defaults to Z1 + Y1 and va to x - 1'Z. Same checks and returns as tsc_table_load. */
int tsc_table_from_arrays(size_t G, size_t N, size_t F, const char *const *regions, const char *const *sectors,
                          const char *const *fd_categories, const double *Z, const double *Y, const double *va,
                          const double *x, const tsc_load_opts *opts, tsc_table **out, tsc_error *err);

void tsc_table_free(tsc_table *t);

size_t tsc_table_nregions(const tsc_table *t);
size_t tsc_table_nsectors(const tsc_table *t);
size_t tsc_table_nfd(const tsc_table *t); /* final-demand categories per region */
size_t tsc_table_n(const tsc_table *t);   /* G * N */
const char *tsc_table_region(const tsc_table *t, size_t r);
const char *tsc_table_sector(const tsc_table *t, size_t s);
const char *tsc_table_fd_category(const tsc_table *t, size_t f);
/* Index of a region code; returns TSC_OK or TSC_ELABEL (with the known codes in err). */
int tsc_table_region_index(const tsc_table *t, const char *code, size_t *index, tsc_error *err);

const double *tsc_table_Z(const tsc_table *t);
const double *tsc_table_Y(const tsc_table *t);
const double *tsc_table_x(const tsc_table *t);
const double *tsc_table_va(const tsc_table *t);
const char *tsc_table_unit(const tsc_table *t);
int tsc_table_year(const tsc_table *t); /* 0 = unknown */
const char *tsc_table_source(const tsc_table *t);
/* The layout the table was read from (TSC_FORMAT_AUTO for a table built in memory). */
tsc_format tsc_table_format(const tsc_table *t);
/* What the loader changed or left out, one sentence a line ("" when nothing): merged regions, dropped rest-of-world
 * flows, taxes on final products, the rest of the world's satellite accounts. Points into the table. */
const char *tsc_table_notes(const tsc_table *t);
/* Files the table names for its tariff schedule (meta.json "tariffs" of a native folder, docs/FORMATS.md), paths
 * resolved against the table's folder: key "aggregation" (its concordance from detailed WIOD codes, CSV
 * kind,from,to), "hs_concordance" (HS -> detailed sectors), "theta" (trade elasticities by detailed sector) and
 * "bases" (base tariff schedules in detailed codes, in order). Returns how many (0: none; one for all but
 * "bases"); *paths (may be NULL) points into the table. */
size_t tsc_table_files(const tsc_table *t, const char *key, const char *const **paths);

/* Whether sector s is a tradable good (tariffs on "goods" apply to it) or a service. WIOD tables: c1-c16 are
 * goods; native tables: meta.json "goods_sectors"; tables with no classification: every sector is a good. */
int tsc_table_sector_is_goods(const tsc_table *t, size_t s);
void tsc_table_set_goods(tsc_table *t, size_t s, int goods);

/* Final demand summed over categories: out is n x G (column-major), caller-allocated. */
void tsc_table_y_by_region(const tsc_table *t, double *out);

/* Gross exports of each row: E_i = sum over other regions r of (Z^{sr}1 + Y^{sr})_i; out has n entries. */
void tsc_table_exports(const tsc_table *t, double *out);

/* Sectors with gross output x <= 0: their A columns are set to zero, and their value-added coefficients too unless
 * they sell inputs or export (tsc_table_sells). */
size_t tsc_table_degenerate(const tsc_table *t, const size_t **rows);

/* 1 when row i sells inputs that enter A (some z_ij != 0 with x_j > 0) or exports (some sale to another region,
 * intermediate or final, != 0). A degenerate sector that does (x <= 0 because negative inventory changes offset
 * what it sells) gets the value-added coefficient v_i = 1 in the Leontief engine: its column of A is zero, so all
 * it sells is counted as its own value added, and v'L = 1' holds where the decompositions of exports need it. */
int tsc_table_sells(const tsc_table *t, size_t i);

/* Worst cells of the accounting identities, for reports. */
#define TSC_BALANCE_WORST 5
typedef struct tsc_balance {
    double total_output;             /* 1'x */
    double total_final_demand;       /* 1'Y1 */
    double total_va;                 /* 1'va */
    double row_max_rel, col_max_rel; /* max_i |Z1 + Y1 - x|_i / |x_i|, max_j |1'Z + va - x|_j / |x_j| */
    size_t row_worst[TSC_BALANCE_WORST], col_worst[TSC_BALANCE_WORST];
    double row_worst_abs[TSC_BALANCE_WORST], col_worst_abs[TSC_BALANCE_WORST];
    size_t nworst_row, nworst_col;
    size_t ndegenerate, nnegative_va;
} tsc_balance;

void tsc_table_balance(const tsc_table *t, tsc_balance *b);

/* Reads a labelled numeric CSV (a header row of column labels, a first column of row labels; quotes allowed)
 * into m, dropping the labels: the tables' labelled-matrix reader (table/labelled_matrix.c) on one matrix. */
int tsc_mat_read_labelled_csv(const char *path, tsc_mat *m, tsc_error *err);

/* Writes the table in the native folder layout (created if needed; gzip: 1 = .csv.gz files), its extensions in
 * extensions/NAME/ (docs/FORMATS.md). */
int tsc_table_save_native(const tsc_table *t, const char *dir, int gzip, tsc_error *err);
/* Writes the table in pymrio's text layout into dir (created if needed): file_parameters.json, metadata.json,
 * Z.txt, Y.txt, x.txt, unit.txt (tab-separated, (region, sector) row and column labels on two lines, as pandas
 * writes them), the extension factor_inputs/ holding va as its one row "VA" (unless the table's own factor_inputs
 * extension sums to va), and every extension of the table (extension.h) as a folder of its name; every number to 17
 * significant digits, so tsc_table_load reads it back bit for bit. All files or none are written. */
int tsc_table_save_pymrio(const tsc_table *t, const char *dir, tsc_error *err);
/* Writes the binary cache file (version 3: with the extensions), which tsc_table_load reads back bit for bit. */
int tsc_table_save_cache(const tsc_table *t, const char *path, tsc_error *err);

/* Aggregates regions and/or sectors by a concordance CSV with header kind,from,to (kind = region | sector);
 * codes not listed keep their own name. Sums are preserved exactly (up to rounding); extensions are summed too (F by
 * industry, F_Y by region). */
int tsc_table_aggregate(const tsc_table *t, const char *concordance_csv, tsc_table **out, tsc_error *err);

#endif
