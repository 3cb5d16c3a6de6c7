/* Results as HDF5 tables (libhdf5): the records packed in memory in the layout of one compound type, a slab of
 * SLAB_RECORDS at a time, each slab written into its place in one contiguous dataset. */
#include <hdf5.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>

#include "alloc_int.h"
#include "error_int.h"
#include "tariffscope/h5.h"

/* Room for what HDF5 writes besides the records (superblock, object header, the record type, attributes): a few kB. */
#define META_BYTES ((size_t)1 << 16)

/* Records packed per write: memory stays bounded (some 4 MB for WWZ's records) whatever the result's size. */
#define SLAB_RECORDS ((size_t)1 << 17)

/* The fields of a record: text (size bytes, NUL-terminated) or a double. */
typedef struct field {
    const char *name;
    size_t off, size;
    int text;
} field;

/* A text type of size bytes: UTF-8, NUL-terminated. */
static hid_t text_type(size_t size)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) return t;
    if (H5Tset_size(t, size) < 0 || H5Tset_strpad(t, H5T_STR_NULLTERM) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

static size_t longest(const char *const *s, size_t n, size_t stride)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(s[i * stride]);
        if (k > m) m = k;
    }
    return m;
}

static int put_attrs(hid_t ds, const char *const *attrs)
{
    for (size_t a = 0; attrs && attrs[a] && attrs[a + 1]; a += 2) {
        size_t len = strlen(attrs[a + 1]);
        hid_t t = text_type(len + 1), sp = H5Screate(H5S_SCALAR), at = -1;
        int bad = t < 0 || sp < 0;
        if (!bad) bad = (at = H5Acreate2(ds, attrs[a], t, sp, H5P_DEFAULT, H5P_DEFAULT)) < 0;
        if (!bad) bad = H5Awrite(at, t, attrs[a + 1]) < 0;
        if (at >= 0) H5Aclose(at);
        if (sp >= 0) H5Sclose(sp);
        if (t >= 0) H5Tclose(t);
        if (bad) return -1;
    }
    return 0;
}

/* Fills records [r0, r1): each row's keys, then (long) the column's key and the value or (wide) the row's values. */
static void pack(const tsc_h5_table *t, const field *fl, size_t rec, size_t r0, size_t r1, char *buf)
{
    int wide = t->colname == NULL;
    memset(buf, 0, (r1 - r0) * rec);
    for (size_t r = r0; r < r1; r++) {
        size_t i = wide ? r : r / t->ncol, j = wide ? 0 : r % t->ncol;
        char *o = buf + (r - r0) * rec;
        for (size_t k = 0; k < t->nkey; k++) strncpy(o + fl[k].off, t->keys[i * t->nkey + k], fl[k].size);
        if (wide) {
            for (size_t c = 0; c < t->ncol; c++)
                memcpy(o + fl[t->nkey + c].off, &t->v[i * t->rs + c * t->cs], sizeof(double));
        } else {
            strncpy(o + fl[t->nkey].off, t->colkeys[j], fl[t->nkey].size);
            memcpy(o + fl[t->nkey + 1].off, &t->v[i * t->rs + j * t->cs], sizeof(double));
        }
    }
}

int tsc_h5_write(const char *path, const tsc_h5_table *t, tsc_error *err)
{
    int wide = t->colname == NULL, rc = TSC_OK;
    size_t nf = t->nkey + (wide ? t->ncol : 2), rec = 0, nrec;
    field *fl = tsc__calloc(nf, sizeof *fl);
    char *buf = NULL;
    hid_t file = -1, type = -1, space = -1, ds = -1, mem = -1;
    H5E_auto2_t old_fn;
    void *old_data;
    H5Eget_auto2(H5E_DEFAULT, &old_fn, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* errors come back as a tsc_error, not as a stack on stderr */
    if (!fl) {
        rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < t->nkey; k++)
        fl[k] = (field){t->keynames[k], 0, longest(t->keys + k, t->nrow, t->nkey) + 1, 1};
    if (wide)
        for (size_t c = 0; c < t->ncol; c++) fl[t->nkey + c] = (field){t->colkeys[c], 0, sizeof(double), 0};
    else {
        fl[t->nkey] = (field){t->colname, 0, longest(t->colkeys, t->ncol, 1) + 1, 1};
        fl[t->nkey + 1] = (field){t->valname, 0, sizeof(double), 0};
    }
    for (size_t a = 0; a < nf; a++) {
        if (!fl[a].name || !*fl[a].name) {
            rc = tsc__error(err, TSC_EINVAL, path, 0, 0, "HDF5 table %s: a field without a name", t->name);
            goto done;
        }
        for (size_t b = 0; b < a; b++)
            if (strcmp(fl[a].name, fl[b].name) == 0) {
                rc = tsc__error(err, TSC_EINVAL, path, 0, 0, "HDF5 table %s: two fields named '%s'", t->name,
                                fl[a].name);
                goto done;
            }
        fl[a].off = rec;
        rec += fl[a].size;
    }
    size_t slab;
    if (tsc__mul_size(t->nrow, wide ? 1 : t->ncol, &nrec) || tsc__mul_size(SLAB_RECORDS, rec, &slab) ||
        !(buf = tsc__malloc(slab))) {
        rc = tsc__error(err, TSC_ENOMEM, path, 0, 0, "out of memory for the HDF5 records");
        goto done;
    }
    int bad = (type = H5Tcreate(H5T_COMPOUND, rec)) < 0;
    for (size_t a = 0; a < nf && !bad; a++) {
        hid_t ft = fl[a].text ? text_type(fl[a].size) : H5Tcopy(H5T_IEEE_F64LE);
        bad = ft < 0 || H5Tinsert(type, fl[a].name, fl[a].off, ft) < 0;
        if (ft >= 0) H5Tclose(ft);
    }
    if (bad) {
        rc = tsc__error(err, TSC_EINVAL, path, 0, 0, "HDF5 table %s: cannot build its record type", t->name);
        goto done;
    }
    /* libhdf5 1.10 leaves a file it failed to grow past the size limit (EFBIG, ulimit -f) half-closed and crashes
     * at exit closing it: refuse before writing */
    struct rlimit lim;
    if (getrlimit(RLIMIT_FSIZE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY &&
        (nrec > (SIZE_MAX - META_BYTES) / (rec ? rec : 1) || nrec * rec + META_BYTES > (size_t)lim.rlim_cur)) {
        rc = tsc__error(err, TSC_EIO, path, 0, 0, "HDF5 table %s: %zu records of %zu bytes exceed the file size limit",
                        t->name, nrec, rec);
        goto done;
    }
    hsize_t dims[1] = {(hsize_t)nrec};
    if ((file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT)) < 0) {
        rc = tsc__error(err, TSC_EIO, path, 0, 0, "cannot create the HDF5 file");
        goto done;
    }
    bad = (space = H5Screate_simple(1, dims, NULL)) < 0;
    if (!bad) bad = (ds = H5Dcreate2(file, t->name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) < 0;
    for (size_t r0 = 0; r0 < nrec && !bad; r0 += SLAB_RECORDS) {
        size_t r1 = nrec - r0 < SLAB_RECORDS ? nrec : r0 + SLAB_RECORDS;
        hsize_t start[1] = {(hsize_t)r0}, count[1] = {(hsize_t)(r1 - r0)};
        pack(t, fl, rec, r0, r1, buf);
        bad = (mem = H5Screate_simple(1, count, NULL)) < 0 ||
              H5Sselect_hyperslab(space, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
              H5Dwrite(ds, type, mem, space, H5P_DEFAULT, buf) < 0;
        if (mem >= 0) H5Sclose(mem);
        mem = -1;
    }
    if (!bad) bad = put_attrs(ds, t->attrs) < 0;
    if (ds >= 0) bad |= H5Dclose(ds) < 0;
    ds = -1;
    bad |= H5Fclose(file) < 0;
    file = -1;
    if (bad) rc = tsc__error(err, TSC_EIO, path, 0, 0, "HDF5 table %s: write failed (disk full?)", t->name);
done:
    if (ds >= 0) H5Dclose(ds);
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
    if (file >= 0) H5Fclose(file);
    H5Eset_auto2(H5E_DEFAULT, old_fn, old_data);
    tsc__free(buf);
    tsc__free(fl);
    return rc;
}
