/* Results as HDF5 tables: one compound dataset per result (text key columns and double value columns), which numpy
 * (h5py) reads as a record array, pandas as a DataFrame and R (hdf5r) as a data.frame, with no code of ours. */
#ifndef TARIFFSCOPE_H5_H
#define TARIFFSCOPE_H5_H

#include <stddef.h>

#include "tariffscope/error.h"

/* A table for tsc_h5_write: nrow rows of a labelled matrix v (nrow x ncol, v[i * rs + j * cs]) with nkey text key
 * columns (names keynames[k], values keys[i * nkey + k]), in one of two layouts:
 *   long (colname set): one record per (i, j) in row-major order: the keys of row i, colname = colkeys[j], and
 *     valname = the value (ncol x nrow records);
 *   wide (colname NULL): one record per row i: its keys, then one double field per column, named colkeys[j].
 * Text fields are fixed-length UTF-8 strings, as long as the longest value of their column (NUL-padded); numbers
 * are IEEE doubles (little-endian), the same bits as in memory. attrs: NULL or name, value, name, value, ...,
 * NULL: text attributes of the dataset (e.g. "unit"). */
typedef struct tsc_h5_table {
    const char *name; /* the dataset's name at the file's root */
    size_t nrow, ncol, nkey;
    const char *const *keynames, *const *keys;
    const char *colname, *valname;
    const char *const *colkeys;
    const double *v;
    size_t rs, cs;
    const char *const *attrs;
} tsc_h5_table;

/* Creates (or truncates) the HDF5 file path holding the table, one contiguous dataset written in slabs of records (the
 * memory it takes is bounded, whatever the table's size). TSC_OK; TSC_EIO naming path when the file cannot be
 * created or written; TSC_EINVAL for an empty or duplicate field name; TSC_ENOMEM. Not thread-safe (Debian's
 * serial libhdf5 is not): one writer at a time. */
int tsc_h5_write(const char *path, const tsc_h5_table *t, tsc_error *err);

#endif
