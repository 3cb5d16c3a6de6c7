/* tariffscope._core: the CPython extension over the library's public API (the Python package wraps it). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <math.h>
#include <numpy/arrayobject.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pythread.h"
#include "tariffscope/tariffscope.h"

/* ---- errors ------------------------------------------------------------------------------------------------------
 * The Python package registers its exception classes by status code (_register_errors); a failing call raises the
 * class of its code with (message, file, line, column, code). */

static PyObject *error_classes; /* dict: int code -> class; the fallback under key 0 */

static PyObject *raise_error(const tsc_error *e)
{
    PyObject *key = PyLong_FromLong(e->code), *cls = NULL;
    if (key && error_classes) cls = PyDict_GetItemWithError(error_classes, key);
    Py_XDECREF(key);
    if (!cls && !PyErr_Occurred() && error_classes) {
        PyObject *zero = PyLong_FromLong(0);
        if (zero) cls = PyDict_GetItemWithError(error_classes, zero);
        Py_XDECREF(zero);
    }
    if (PyErr_Occurred()) return NULL;
    if (!cls) cls = PyExc_RuntimeError;
    const char *msg = e->msg[0] ? e->msg : tsc_status_str(e->code);
    PyObject *exc = cls == PyExc_RuntimeError
                        ? PyObject_CallFunction(cls, "s", msg)
                        : PyObject_CallFunction(cls, "szKKi", msg, e->file[0] ? e->file : NULL,
                                                (unsigned long long)e->line, (unsigned long long)e->col, e->code);
    if (!exc) return NULL;
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
    return NULL;
}

static PyObject *raise_code(int code, const char *msg)
{
    tsc_error e;
    tsc_error_set(&e, code, NULL, 0, 0, "%s", msg);
    return raise_error(&e);
}

static PyObject *register_errors(PyObject *self, PyObject *arg)
{
    (void)self;
    if (!PyDict_Check(arg)) return PyErr_Format(PyExc_TypeError, "a dict of status codes to classes");
    Py_INCREF(arg);
    Py_XSETREF(error_classes, arg);
    Py_RETURN_NONE;
}

/* ---- arrays ------------------------------------------------------------------------------------------------------ */

/* A new float64 array of the given shape (C order unless fortran), copied from src (may be NULL: zeros). */
static PyObject *array_copy(const double *src, int nd, const npy_intp *dims, int fortran)
{
    PyObject *a = PyArray_ZEROS(nd, (npy_intp *)dims, NPY_DOUBLE, fortran);
    if (!a || !src) return a;
    npy_intp size = PyArray_SIZE((PyArrayObject *)a);
    memcpy(PyArray_DATA((PyArrayObject *)a), src, (size_t)size * sizeof(double));
    return a;
}

static PyObject *vec(const double *src, size_t n)
{
    npy_intp d[1] = {(npy_intp)n};
    return array_copy(src, 1, d, 0);
}

/* A read-only view of data (column-major nrow x ncol, or a vector when ncol is 0) kept alive by owner. */
static PyObject *array_view(PyObject *owner, const double *data, size_t nrow, size_t ncol)
{
    npy_intp dims[2] = {(npy_intp)nrow, (npy_intp)ncol};
    npy_intp strides[2] = {sizeof(double), (npy_intp)(nrow * sizeof(double))};
    PyObject *a = PyArray_New(&PyArray_Type, ncol ? 2 : 1, dims, NPY_DOUBLE, strides, (void *)(uintptr_t)data, 0,
                              NPY_ARRAY_F_CONTIGUOUS | NPY_ARRAY_ALIGNED, NULL);
    if (!a) return NULL;
    Py_INCREF(owner);
    if (PyArray_SetBaseObject((PyArrayObject *)a, owner) < 0) {
        Py_DECREF(a);
        return NULL;
    }
    return a;
}

/* A list of str from n C strings. */
static PyObject *str_list(size_t n, const char *(*get)(const void *, size_t), const void *obj)
{
    PyObject *l = PyList_New((Py_ssize_t)n);
    for (size_t k = 0; l && k < n; k++) {
        PyObject *s = PyUnicode_FromString(get(obj, k));
        if (!s) {
            Py_CLEAR(l);
            break;
        }
        PyList_SET_ITEM(l, (Py_ssize_t)k, s);
    }
    return l;
}

/* Borrowed UTF-8 pointers to the items of a sequence of str (fast is the sequence kept alive by the caller). */
static const char **str_items(PyObject *seq, PyObject **fast, size_t *n, const char *what)
{
    *fast = PySequence_Fast(seq, what);
    if (!*fast) return NULL;
    *n = (size_t)PySequence_Fast_GET_SIZE(*fast);
    const char **out = PyMem_Calloc(*n ? *n : 1, sizeof *out);
    if (!out) {
        PyErr_NoMemory();
        return NULL;
    }
    for (size_t k = 0; k < *n; k++) {
        PyObject *s = PySequence_Fast_GET_ITEM(*fast, (Py_ssize_t)k);
        if (!(out[k] = PyUnicode_Check(s) ? PyUnicode_AsUTF8(s) : NULL)) {
            if (!PyErr_Occurred()) PyErr_Format(PyExc_TypeError, "%s: item %zu is not a str", what, k);
            PyMem_Free(out);
            return NULL;
        }
    }
    return out;
}

/* ---- the Table type ---------------------------------------------------------------------------------------------
 * A loaded table, and its Leontief engine built on first use. A lock per table: the long calls run without the GIL,
 * and the engine keeps state (its largest residual), so two threads on one table take turns. */

typedef struct {
    PyObject_HEAD tsc_table *t;
    tsc_leontief *lf;
    PyThread_type_lock lock;
} TableObject;

static PyTypeObject TableType;

static void table_dealloc(TableObject *self)
{
    tsc_leontief_free(self->lf);
    tsc_table_free(self->t);
    if (self->lock) PyThread_free_lock(self->lock);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static TableObject *table_wrap(tsc_table *t)
{
    TableObject *o = PyObject_New(TableObject, &TableType);
    if (!o) {
        tsc_table_free(t);
        return NULL;
    }
    o->t = t;
    o->lf = NULL;
    if (!(o->lock = PyThread_allocate_lock())) {
        o->t = NULL;
        Py_DECREF(o);
        tsc_table_free(t);
        PyErr_NoMemory();
        return NULL;
    }
    return o;
}

#define UNLOCKED_BEGIN(self) Py_BEGIN_ALLOW_THREADS PyThread_acquire_lock((self)->lock, WAIT_LOCK);
#define UNLOCKED_END(self)               \
    PyThread_release_lock((self)->lock); \
    Py_END_ALLOW_THREADS

/* The engine of the table, built on first use (called with the lock held and without the GIL). */
static int engine(TableObject *self, tsc_error *err)
{
    return self->lf ? TSC_OK : tsc_leontief_new(self->t, &self->lf, err);
}

static int parse_format(const char *name, tsc_load_opts *lo)
{
    if (!name) return 0;
    if (tsc_format_parse(name, &lo->format) == TSC_OK) return 0;
    PyErr_Format(PyExc_ValueError, "unknown format '%s' (auto, wiod, labelled, native, cache, oecd, eora, pymrio)",
                 name);
    return -1;
}

/* (Table, degenerate) from tsc_table_load: a warning code comes back as the second item for the package to warn. */
static PyObject *py_table_load(PyObject *mod, PyObject *args, PyObject *kw)
{
    (void)mod;
    static char *kwlist[] = {"path", "format", "rebalance", "strict", "tolerance", "keep_splits", NULL};
    PyObject *pathobj = NULL;
    const char *format = NULL;
    int rebalance = 0, strict = 0, keep = 0;
    double tol = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&|zppdp", kwlist, PyUnicode_FSConverter, &pathobj, &format, &rebalance,
                                     &strict, &tol, &keep))
        return NULL;
    tsc_load_opts lo;
    tsc_load_opts_init(&lo);
    lo.rebalance = rebalance;
    lo.strict = strict;
    lo.keep_splits = keep;
    if (tol > 0) lo.balance_tol = tol;
    if (parse_format(format, &lo)) {
        Py_DECREF(pathobj);
        return NULL;
    }
    tsc_table *t = NULL;
    tsc_error err;
    int rc;
    Py_BEGIN_ALLOW_THREADS rc = tsc_table_load(PyBytes_AS_STRING(pathobj), &lo, &t, &err);
    Py_END_ALLOW_THREADS Py_DECREF(pathobj);
    if (rc < 0) return raise_error(&err);
    TableObject *o = table_wrap(t);
    return o ? Py_BuildValue("(Ni)", o, rc) : NULL;
}

/* A float64 array of the given shape, column-major, without a copy when obj already is one. */
static PyArrayObject *farray(PyObject *obj, size_t nrow, size_t ncol, const char *name)
{
    if (obj == Py_None) return NULL;
    PyArrayObject *a = (PyArrayObject *)PyArray_FROM_OTF(obj, NPY_DOUBLE, NPY_ARRAY_IN_FARRAY);
    if (!a) return NULL;
    int nd = PyArray_NDIM(a);
    npy_intp *d = PyArray_DIMS(a);
    int ok = ncol ? nd == 2 && (size_t)d[0] == nrow && (size_t)d[1] == ncol
                  : (nd == 1 && (size_t)d[0] == nrow) || (nd == 2 && (size_t)d[0] == nrow && d[1] == 1);
    if (!ok) {
        PyErr_Format(PyExc_ValueError, "%s must be %zu x %zu", name, nrow, ncol ? ncol : 1);
        Py_DECREF(a);
        return NULL;
    }
    return a;
}

static PyObject *py_table_from_arrays(PyObject *mod, PyObject *args, PyObject *kw)
{
    (void)mod;
    static char *kwlist[] = {"regions", "sectors", "fd_categories", "Z", "Y", "va", "x", "strict", "tolerance", NULL};
    PyObject *ro, *so, *fo, *Zo, *Yo, *vo = Py_None, *xo = Py_None;
    int strict = 0;
    double tol = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOOO|OOpd", kwlist, &ro, &so, &fo, &Zo, &Yo, &vo, &xo, &strict, &tol))
        return NULL;
    PyObject *rf = NULL, *sf = NULL, *ff = NULL, *result = NULL;
    PyArrayObject *Z = NULL, *Y = NULL, *va = NULL, *x = NULL;
    size_t G, N, F;
    const char **regions = str_items(ro, &rf, &G, "regions"), **sectors = NULL, **fd = NULL;
    if (!regions || !(sectors = str_items(so, &sf, &N, "sectors")) || !(fd = str_items(fo, &ff, &F, "fd_categories")))
        goto done;
    size_t n = G * N;
    if (!(Z = farray(Zo, n, n, "Z")) || !(Y = farray(Yo, n, G * F, "Y"))) goto done;
    if ((vo != Py_None && !(va = farray(vo, n, 0, "va"))) || (xo != Py_None && !(x = farray(xo, n, 0, "x")))) goto done;
    tsc_load_opts lo;
    tsc_load_opts_init(&lo);
    lo.strict = strict;
    if (tol > 0) lo.balance_tol = tol;
    tsc_table *t = NULL;
    tsc_error err;
    int rc;
    Py_BEGIN_ALLOW_THREADS rc =
        tsc_table_from_arrays(G, N, F, regions, sectors, fd, PyArray_DATA(Z), PyArray_DATA(Y),
                              va ? PyArray_DATA(va) : NULL, x ? PyArray_DATA(x) : NULL, &lo, &t, &err);
    Py_END_ALLOW_THREADS if (rc < 0)
    {
        raise_error(&err);
        goto done;
    }
    TableObject *o = table_wrap(t);
    if (o) result = Py_BuildValue("(Ni)", o, rc);
done:
    Py_XDECREF(Z);
    Py_XDECREF(Y);
    Py_XDECREF(va);
    Py_XDECREF(x);
    PyMem_Free(regions);
    PyMem_Free(sectors);
    PyMem_Free(fd);
    Py_XDECREF(rf);
    Py_XDECREF(sf);
    Py_XDECREF(ff);
    return result;
}

static const char *get_region(const void *t, size_t k)
{
    return tsc_table_region(t, k);
}
static const char *get_sector(const void *t, size_t k)
{
    return tsc_table_sector(t, k);
}
static const char *get_fd(const void *t, size_t k)
{
    return tsc_table_fd_category(t, k);
}

/* The table's labels and metadata as a dict. */
static PyObject *table_info(TableObject *self, PyObject *noargs)
{
    (void)noargs;
    const tsc_table *t = self->t;
    const size_t *rows;
    size_t nd = tsc_table_degenerate(t, &rows);
    PyObject *deg = PyList_New((Py_ssize_t)nd);
    for (size_t k = 0; deg && k < nd; k++) PyList_SET_ITEM(deg, (Py_ssize_t)k, PyLong_FromSize_t(rows[k]));
    return Py_BuildValue("{s:N, s:N, s:N, s:s, s:i, s:s, s:s, s:s, s:N}", "regions",
                         str_list(tsc_table_nregions(t), get_region, t), "sectors",
                         str_list(tsc_table_nsectors(t), get_sector, t), "fd_categories",
                         str_list(tsc_table_nfd(t), get_fd, t), "unit", tsc_table_unit(t), "year", tsc_table_year(t),
                         "source", tsc_table_source(t), "format", tsc_format_name(tsc_table_format(t)), "notes",
                         tsc_table_notes(t), "degenerate", deg);
}

/* Views of Z, Y, x, va (read-only, no copy). */
static PyObject *table_array(TableObject *self, PyObject *arg)
{
    const char *name = PyUnicode_AsUTF8(arg);
    if (!name) return NULL;
    const tsc_table *t = self->t;
    size_t n = tsc_table_n(t);
    if (strcmp(name, "Z") == 0) return array_view((PyObject *)self, tsc_table_Z(t), n, n);
    if (strcmp(name, "Y") == 0)
        return array_view((PyObject *)self, tsc_table_Y(t), n, tsc_table_nregions(t) * tsc_table_nfd(t));
    if (strcmp(name, "x") == 0) return array_view((PyObject *)self, tsc_table_x(t), n, 0);
    if (strcmp(name, "va") == 0) return array_view((PyObject *)self, tsc_table_va(t), n, 0);
    return PyErr_Format(PyExc_KeyError, "%s", name);
}

/* A, L, or V^B post-multiplied (decompr's leontief()): which = "A", "L", "vb", "vbx", "vbe", "vby". */
static PyObject *table_matrix(TableObject *self, PyObject *arg)
{
    const char *which = PyUnicode_AsUTF8(arg);
    if (!which) return NULL;
    size_t n = tsc_table_n(self->t), G = tsc_table_nregions(self->t);
    int kind = strcmp(which, "A") == 0     ? 0
               : strcmp(which, "L") == 0   ? 1
               : strcmp(which, "vb") == 0  ? 2
               : strcmp(which, "vbx") == 0 ? 3
               : strcmp(which, "vbe") == 0 ? 4
               : strcmp(which, "vby") == 0 ? 5
                                           : -1;
    if (kind < 0) return PyErr_Format(PyExc_ValueError, "unknown matrix '%s'", which);
    npy_intp dims[2] = {(npy_intp)n, (npy_intp)(kind == 5 ? G : n)};
    PyObject *a = PyArray_ZEROS(2, dims, NPY_DOUBLE, 1);
    double *exports = kind == 4 ? PyMem_RawMalloc(n * sizeof *exports) : NULL;
    if (!a || (kind == 4 && !exports)) {
        Py_XDECREF(a);
        return PyErr_NoMemory();
    }
    double *out = PyArray_DATA((PyArrayObject *)a);
    tsc_error err;
    int rc;
    UNLOCKED_BEGIN(self)
    rc = engine(self, &err);
    if (!rc) switch (kind) {
        case 0: tsc_leontief_coefficients(self->lf, out); break;
        case 1: rc = tsc_leontief_inverse(self->lf, out, &err); break;
        case 5: rc = tsc_leontief_va_by_destination(self->lf, out, &err); break;
        default:
            if (exports) tsc_table_exports(self->t, exports);
            rc = tsc_leontief_vb(self->lf, kind == 3 ? tsc_table_x(self->t) : exports, out, &err);
        }
    UNLOCKED_END(self)
    PyMem_RawFree(exports);
    if (rc) {
        Py_DECREF(a);
        return raise_error(&err);
    }
    return a;
}

/* The columns of the command's multipliers.csv (tsc_leontief_multipliers_table, named by tsc_multipliers_column), the
 * value-added multipliers v'L, and the engine's checks. */
static PyObject *table_multipliers(TableObject *self, PyObject *noargs)
{
    (void)noargs;
    size_t n = tsc_table_n(self->t), nc = TSC_MULTIPLIERS_NCOLS;
    double *buf = PyMem_RawCalloc((nc + 1) * n, sizeof *buf);
    if (!buf) return PyErr_NoMemory();
    tsc_multipliers m = {NULL, buf + nc * n, NULL, NULL};
    tsc_error err;
    int rc;
    double resid = 0, rcond = 0;
    UNLOCKED_BEGIN(self)
    rc = engine(self, &err);
    if (!rc) rc = tsc_leontief_multipliers_table(self->lf, buf, &err);
    if (!rc) rc = tsc_leontief_multipliers(self->lf, &m, &err);
    if (!rc) {
        resid = tsc_leontief_max_residual(self->lf);
        rcond = tsc_leontief_rcond(self->lf);
    }
    UNLOCKED_END(self)
    PyObject *r = NULL, *names = NULL;
    npy_intp dims[2] = {(npy_intp)n, (npy_intp)nc};
    if (rc) raise_error(&err);
    else if ((names = PyList_New((Py_ssize_t)nc))) {
        for (size_t k = 0; k < nc; k++)
            PyList_SET_ITEM(names, (Py_ssize_t)k, PyUnicode_FromString(tsc_multipliers_column(k)));
        r = Py_BuildValue("{s:N, s:N, s:N, s:d, s:d}", "columns", names, "table", array_copy(buf, 2, dims, 1),
                          "va_multiplier", vec(m.va, n), "max_residual", resid, "rcond", rcond);
    }
    PyMem_RawFree(buf);
    return r;
}

/* ---- decompositions ---------------------------------------------------------------------------------------------- */

static int name_index(const char *name, const char *const *names, const char *what)
{
    for (int k = 0; names[k]; k++)
        if (strcmp(name, names[k]) == 0) return k;
    PyErr_Format(PyExc_ValueError, "unknown %s '%s'", what, name);
    return -1;
}

static PyObject *index_array(const size_t *v, size_t n)
{
    npy_intp d[1] = {(npy_intp)n};
    PyObject *a = PyArray_ZEROS(1, d, NPY_INT64, 0);
    if (!a) return NULL;
    int64_t *o = PyArray_DATA((PyArrayObject *)a);
    for (size_t k = 0; k < n; k++) o[k] = v[k] == TSC_NONE ? -1 : (int64_t)v[k];
    return a;
}

/* A result as (level, terms, exporter, sector, importer, values): index arrays (-1 where a row has no key) and the
 * nrow x nterm values. */
static PyObject *dresult_tuple(const tsc_dresult *r)
{
    PyObject *terms = PyList_New((Py_ssize_t)r->nterm);
    for (size_t k = 0; terms && k < r->nterm; k++)
        PyList_SET_ITEM(terms, (Py_ssize_t)k, PyUnicode_FromString(r->terms[k]));
    npy_intp d[2] = {(npy_intp)r->nrow, (npy_intp)r->nterm};
    return Py_BuildValue("(iNNNNN)", (int)r->level, terms, index_array(r->exporter, r->nrow),
                         index_array(r->sector, r->nrow), index_array(r->importer, r->nrow), array_copy(r->v, 2, d, 0));
}

static PyObject *table_decompose(TableObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"method", "level", "perspective", "approach", "origin", "destination", "finish", NULL};
    static const char *const levels[] = {"country", "sector", "bilateral", NULL};
    static const char *const perspectives[] = {"exporter", "world", "self", "imports", NULL};
    static const char *const approaches[] = {"source", "sink", NULL};
    const char *method, *level = "country", *persp = "exporter", *appr = "source", *origin = NULL, *dest = NULL;
    int finish = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "s|ssszzp", kwlist, &method, &level, &persp, &appr, &origin, &dest,
                                     &finish))
        return NULL;
    int lv = name_index(level, levels, "level"), pe = lv < 0 ? -1 : name_index(persp, perspectives, "perspective"),
        ap = pe < 0 ? -1 : name_index(appr, approaches, "approach");
    if (ap < 0) return NULL;
    tsc_decomp_spec spec;
    tsc_decomp_spec_init(&spec, method);
    spec.level = (tsc_level)lv;
    spec.perspective = (tsc_bm_perspective)pe;
    spec.approach = (tsc_bm_approach)ap;
    spec.finish = finish;
    tsc_error err;
    if (strcmp(method, "routes") == 0) {
        if (!origin) return PyErr_Format(PyExc_ValueError, "method routes needs origin=REGION");
        if (tsc_table_region_index(self->t, origin, &spec.origin, &err) ||
            (dest && tsc_table_region_index(self->t, dest, &spec.destination, &err)))
            return raise_error(&err);
    }
    tsc_decomp *d = NULL;
    tsc_dresult r = {0};
    int rc;
    UNLOCKED_BEGIN(self)
    rc = engine(self, &err);
    if (!rc) rc = tsc_decomp_new(self->t, self->lf, &d, &err);
    if (!rc) rc = tsc_decomp_run(d, &spec, &r, &err);
    tsc_decomp_free(d);
    UNLOCKED_END(self)
    if (rc) return raise_error(&err);
    PyObject *out = dresult_tuple(&r);
    tsc_dresult_free(&r);
    return out;
}

/* ---- writing ----------------------------------------------------------------------------------------------------- */

static PyObject *table_save(TableObject *self, PyObject *args)
{
    PyObject *pathobj;
    const char *layout;
    if (!PyArg_ParseTuple(args, "O&s", PyUnicode_FSConverter, &pathobj, &layout)) return NULL;
    const char *path = PyBytes_AS_STRING(pathobj);
    tsc_error err;
    int rc = 0, known = 1;
    Py_BEGIN_ALLOW_THREADS if (strcmp(layout, "pymrio") == 0) rc = tsc_table_save_pymrio(self->t, path, &err);
    else if (strcmp(layout, "native") == 0) rc = tsc_table_save_native(self->t, path, 0, &err);
    else if (strcmp(layout, "native-gz") == 0) rc = tsc_table_save_native(self->t, path, 1, &err);
    else if (strcmp(layout, "cache") == 0) rc = tsc_table_save_cache(self->t, path, &err); else known = 0;
    Py_END_ALLOW_THREADS Py_DECREF(pathobj);
    if (!known) return PyErr_Format(PyExc_ValueError, "unknown layout '%s' (native, native-gz, cache, pymrio)", layout);
    if (rc) return raise_error(&err);
    Py_RETURN_NONE;
}

/* tsc_table_aggregate by a concordance CSV: a new table. */
static PyObject *table_aggregate(TableObject *self, PyObject *args)
{
    PyObject *pathobj;
    if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &pathobj)) return NULL;
    tsc_table *out = NULL;
    tsc_error err;
    int rc;
    Py_BEGIN_ALLOW_THREADS rc = tsc_table_aggregate(self->t, PyBytes_AS_STRING(pathobj), &out, &err);
    Py_END_ALLOW_THREADS Py_DECREF(pathobj);
    if (rc < 0) return raise_error(&err);
    TableObject *o = table_wrap(out);
    return o ? Py_BuildValue("(Ni)", o, rc) : NULL;
}

/* tsc_table_balance: totals and the worst cells of the accounting identities (`tariffscope info`). */
static PyObject *table_balance(TableObject *self, PyObject *noargs)
{
    (void)noargs;
    tsc_balance b;
    tsc_table_balance(self->t, &b);
    PyObject *rw = PyList_New((Py_ssize_t)b.nworst_row), *cw = PyList_New((Py_ssize_t)b.nworst_col);
    for (size_t k = 0; rw && k < b.nworst_row; k++)
        PyList_SET_ITEM(rw, (Py_ssize_t)k, Py_BuildValue("(nd)", (Py_ssize_t)b.row_worst[k], b.row_worst_abs[k]));
    for (size_t k = 0; cw && k < b.nworst_col; k++)
        PyList_SET_ITEM(cw, (Py_ssize_t)k, Py_BuildValue("(nd)", (Py_ssize_t)b.col_worst[k], b.col_worst_abs[k]));
    return Py_BuildValue("{s:d, s:d, s:d, s:d, s:d, s:N, s:N, s:n, s:n}", "total_output", b.total_output,
                         "total_final_demand", b.total_final_demand, "total_va", b.total_va, "row_max_rel",
                         b.row_max_rel, "col_max_rel", b.col_max_rel, "row_worst", rw, "col_worst", cw, "degenerate",
                         (Py_ssize_t)b.ndegenerate, "negative_va", (Py_ssize_t)b.nnegative_va);
}

/* ---- scenarios ----------------------------------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD tsc_scenario *sc;
} ScenarioObject;

static PyTypeObject ScenarioType;

static void scenario_dealloc(ScenarioObject *self)
{
    tsc_scenario_free(self->sc);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *scenario_wrap(tsc_scenario *sc)
{
    ScenarioObject *o = PyObject_New(ScenarioObject, &ScenarioType);
    if (!o) {
        tsc_scenario_free(sc);
        return NULL;
    }
    o->sc = sc;
    return (PyObject *)o;
}

static PyObject *py_scenario_load(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *pathobj;
    if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &pathobj)) return NULL;
    tsc_scenario *sc = NULL;
    tsc_error err;
    int rc;
    Py_BEGIN_ALLOW_THREADS rc = tsc_scenario_load(PyBytes_AS_STRING(pathobj), &sc, &err);
    Py_END_ALLOW_THREADS Py_DECREF(pathobj);
    return rc ? raise_error(&err) : scenario_wrap(sc);
}

static PyObject *py_scenario_load_text(PyObject *mod, PyObject *args)
{
    (void)mod;
    const char *text, *name;
    Py_ssize_t len;
    if (!PyArg_ParseTuple(args, "s#s", &text, &len, &name)) return NULL;
    tsc_scenario *sc = NULL;
    tsc_error err;
    int rc = tsc_scenario_parse(text, (size_t)len, name, NULL, &sc, &err);
    return rc ? raise_error(&err) : scenario_wrap(sc);
}

static PyObject *scenario_info(ScenarioObject *self, PyObject *noargs)
{
    (void)noargs;
    size_t nm = tsc_scenario_nmeasures(self->sc);
    PyObject *ms = PyList_New((Py_ssize_t)nm);
    for (size_t k = 0; ms && k < nm; k++) {
        tsc_measure_info mi;
        tsc_scenario_measure_info(self->sc, k, &mi);
        PyObject *d =
            Py_BuildValue("{s:s, s:n, s:n, s:s, s:s, s:d, s:d, s:s, s:s, s:s, s:s, s:s, s:s}", "file", mi.file, "line",
                          (Py_ssize_t)mi.line, "col", (Py_ssize_t)mi.col, "note", mi.note, "op", mi.op, "value",
                          mi.value, "exempt_share", mi.exempt_share, "from", mi.from, "until", mi.until, "importer",
                          mi.importer, "exporter", mi.exporter, "sectors", mi.sectors, "except", mi.except);
        if (!d) {
            Py_CLEAR(ms);
            break;
        }
        PyList_SET_ITEM(ms, (Py_ssize_t)k, d);
    }
    const char *base = tsc_scenario_base(self->sc);
    return Py_BuildValue("{s:s, s:s, s:z, s:N}", "name", tsc_scenario_name(self->sc), "description",
                         tsc_scenario_description(self->sc), "base", base, "measures", ms);
}

/* ---- a table's tariff sources, schedule and rates ---------------------------------------------------------------
 * The options dict of the package (Table._sources): the folders and every file the command's options name. */

typedef struct sources {
    tsc_sources_opts o;
    tsc_groups *groups;
    PyObject *keep; /* the dict, whose str values the options point into */
} sources;

static const char *opt_str(PyObject *d, const char *key)
{
    PyObject *v = PyDict_GetItemString(d, key);
    if (!v || v == Py_None) return NULL;
    return PyUnicode_Check(v) ? PyUnicode_AsUTF8(v) : NULL;
}

static int sources_init(sources *s, PyObject *d, tsc_error *err)
{
    memset(s, 0, sizeof *s);
    tsc_sources_opts_init(&s->o);
    if (!PyDict_Check(d)) {
        PyErr_SetString(PyExc_TypeError, "sources: a dict");
        return -1;
    }
    s->keep = d;
    Py_INCREF(d);
    s->o.data_dir = opt_str(d, "data_dir");
    s->o.shared_dir = opt_str(d, "shared_dir");
    s->o.aggregation = opt_str(d, "aggregation");
    s->o.hs_concordance = opt_str(d, "hs_concordance");
    s->o.theta = opt_str(d, "theta");
    s->o.base_csv = opt_str(d, "base");
    s->o.imports = opt_str(d, "imports");
    PyObject *ni = PyDict_GetItemString(d, "no_imports");
    s->o.no_imports = ni && PyObject_IsTrue(ni) == 1;
    s->o.countries = opt_str(d, "countries");
    s->o.members = opt_str(d, "members");
    s->o.hs2 = opt_str(d, "hs2");
    s->o.hs_weights = opt_str(d, "hs_weights");
    /* region groups: the project's data/groups.csv, then the caller's file */
    const char *gfile = opt_str(d, "groups");
    int rc = tsc_groups_new(&s->groups, err);
    if (!rc && s->o.data_dir) {
        char path[1100];
        snprintf(path, sizeof path, "%s/groups.csv", s->o.data_dir);
        FILE *f = fopen(path, "rb");
        if (f) {
            fclose(f);
            rc = tsc_groups_add_file(s->groups, path, err);
        }
    }
    if (!rc && gfile) rc = tsc_groups_add_file(s->groups, gfile, err);
    s->o.groups = s->groups;
    if (rc) {
        raise_error(err);
        return -1;
    }
    return PyErr_Occurred() ? -1 : 0;
}

static void sources_free(sources *s)
{
    tsc_groups_free(s->groups);
    Py_XDECREF(s->keep);
}

static PyObject *sources_dict(const tsc_sources *src, const tsc_schedule *sch)
{
    PyObject *bases = PyList_New((Py_ssize_t)src->nbases);
    for (size_t k = 0; bases && k < src->nbases; k++)
        PyList_SET_ITEM(bases, (Py_ssize_t)k, PyUnicode_FromString(src->bases[k]));
    return Py_BuildValue("{s:z, s:z, s:z, s:z, s:N, s:i, s:s}", "aggregation", src->so.aggregation, "hs_concordance",
                         src->so.hs_concordance, "theta", src->theta, "imports", src->so.imports, "bases", bases,
                         "lines_absent", src->lines_absent, "notes", sch ? tsc_schedule_notes(sch) : "");
}

/* A scenario's schedule on the table: its tariff sources (tsc_sources_find), then the schedule built from them, as
 * the command's shock and solve do. Runs with the GIL released. */
static int scenario_schedule(TableObject *self, const sources *s, const tsc_scenario *sc, tsc_sources *src,
                             tsc_schedule **sch, tsc_error *err)
{
    const tsc_scenario *scs[1] = {sc};
    int rc = tsc_sources_find(self->t, &s->o, scs, 1, src, err);
    return rc ? rc : tsc_schedule_new(self->t, &src->so, sch, err);
}

/* First order: the schedule, the scenario's rates and tsc_shock_run, as `tariffscope shock`. */
static PyObject *table_shock(TableObject *self, PyObject *args)
{
    ScenarioObject *sco;
    PyObject *opts;
    const char *date = NULL;
    if (!PyArg_ParseTuple(args, "O!O|z", &ScenarioType, &sco, &opts, &date)) return NULL;
    sources s;
    tsc_error err;
    if (sources_init(&s, opts, &err)) {
        sources_free(&s);
        return NULL;
    }
    tsc_sources src;
    tsc_schedule *sch = NULL;
    tsc_tariffs tr = {0};
    tsc_shock sh = {0};
    int rc;
    UNLOCKED_BEGIN(self)
    rc = scenario_schedule(self, &s, sco->sc, &src, &sch, &err);
    if (!rc) rc = tsc_schedule_apply(sch, sco->sc, date, &tr, NULL, &err);
    if (!rc) rc = engine(self, &err);
    if (!rc) rc = tsc_shock_run(self->t, self->lf, &tr, &sh, &err);
    UNLOCKED_END(self)
    PyObject *r = NULL;
    if (rc) raise_error(&err);
    else {
        size_t G = sh.G, N = sh.N;
        npy_intp db[4] = {(npy_intp)G, (npy_intp)G, (npy_intp)G, (npy_intp)N};
        npy_intp dt[3] = {(npy_intp)G, (npy_intp)G, (npy_intp)N};
        r = Py_BuildValue("{s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:d, s:N}", "price_change", vec(sh.price_change, sh.n),
                          "cpi_change", vec(sh.cpi_change, G), "revenue", vec(sh.revenue, G), "revenue_base",
                          vec(sh.revenue_base, G), "burden", array_copy(sh.burden, 4, db, 0), "tariff_base",
                          array_copy(tr.base, 3, dt, 0), "tariff_new", array_copy(tr.rate, 3, dt, 0), "residual",
                          sh.residual, "sources", sources_dict(&src, sch));
    }
    tsc_shock_free(&sh);
    tsc_tariffs_free(&tr);
    tsc_schedule_free(sch);
    sources_free(&s);
    return r;
}

/* ---- general equilibrium ------------------------------------------------------------------------------------- */

typedef struct solve_work {
    size_t G, N;
    double *theta, *se, *tbase, *tnew;
    const double *theta_run; /* theta, or NULL: the CP data's own */
    tsc_ge_data *raw;        /* the CP data as loaded; NULL on a table */
    tsc_ge_run_result rr;
} solve_work;

static void solve_work_free(solve_work *w)
{
    free(w->theta);
    free(w->se);
    free(w->tbase);
    free(w->tnew);
    tsc_ge_data_free(w->raw);
    tsc_ge_run_result_free(&w->rr);
}

static int work_alloc(solve_work *w, size_t G, size_t N, tsc_error *err)
{
    size_t c = G * G * N;
    w->G = G;
    w->N = N;
    w->theta = malloc(N * sizeof *w->theta);
    w->se = malloc(N * sizeof *w->se);
    w->tbase = malloc(c * sizeof *w->tbase);
    w->tnew = malloc(c * sizeof *w->tnew);
    if (!w->theta || !w->se || !w->tbase || !w->tnew)
        return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    w->theta_run = w->theta;
    return TSC_OK;
}

/* The scenario's rates in percent (tr) as the fractions of the model. */
static void work_rates(solve_work *w, const tsc_tariffs *tr)
{
    for (size_t k = 0; k < w->G * w->G * w->N; k++) {
        w->tbase[k] = tr->base[k] / 100;
        w->tnew[k] = tr->rate[k] / 100;
    }
}

/* From the rates on, as `tariffscope solve`: the model's run (tsc_ge_run) on the table t, or on the CP data. */
static int solve_tail(solve_work *w, const tsc_table *t, tsc_ge_baseline bl, const tsc_ge_opts *go,
                      const tsc_ge_draws_opts *dopts, tsc_error *err)
{
    tsc_ge_run_input gi = {.table = t,
                           .data = t ? NULL : w->raw,
                           .tariff_base = w->tbase,
                           .tariff_new = w->tnew,
                           .theta = w->theta_run,
                           .se = w->se};
    tsc_ge_run_opts o;
    tsc_ge_run_opts_init(&o);
    o.baseline = bl;
    o.solve = *go;
    o.draws = *dopts;
    return tsc_ge_run(&gi, &o, &w->rr, err);
}

/* On a table: elasticities through the table's aggregation, the schedule's rates, the model data derived from the
 * table at the base rates. */
static int solve_run(const tsc_table *t, const tsc_sources *src, const tsc_schedule *sch, const tsc_scenario *sc,
                     const char *date, tsc_ge_baseline bl, const tsc_ge_opts *go, const tsc_ge_draws_opts *dopts,
                     solve_work *w, tsc_error *err)
{
    tsc_tariffs tr = {0};
    tsc_labels lab;
    int rc = tsc_ge_labels(NULL, t, &lab, err);
    if (!rc) rc = work_alloc(w, lab.G, lab.N, err);
    if (rc) return rc;
    if (!src->theta) return tsc_error_set(err, TSC_EINVAL, NULL, 0, 0, "no trade elasticities: give theta=FILE.csv");
    if ((rc = tsc_ge_theta_read_se(src->theta, src->so.aggregation, lab.N, lab.sectors, w->theta, w->se, err)))
        return rc;
    if ((rc = tsc_schedule_apply(sch, sc, date, &tr, NULL, err))) return rc;
    work_rates(w, &tr);
    tsc_tariffs_free(&tr);
    return solve_tail(w, t, bl, go, dopts, err);
}

/* On the Caliendo-Parro data folder: its own elasticities unless theta_csv, the scenario on the data's own 1993
 * rates unless the scenario or base_csv names a base schedule. */
static int solve_cp_run(const char *path, const tsc_scenario *sc, const sources *s, const char *date,
                        tsc_ge_baseline bl, const tsc_ge_opts *go, const tsc_ge_draws_opts *dopts, solve_work *w,
                        tsc_error *err)
{
    tsc_labels lab;
    tsc_tariffs tr = {0};
    double *own = NULL;
    int rc = tsc_ge_data_load_cp(path, &w->raw, NULL, err);
    if (!rc) rc = tsc_ge_labels(w->raw, NULL, &lab, err);
    if (!rc) rc = work_alloc(w, lab.G, lab.N, err);
    if (rc) return rc;
    size_t G = lab.G, N = lab.N;
    for (size_t j = 0; j < N; j++) w->se[j] = NAN;
    if (s->o.theta) rc = tsc_ge_theta_read_se(s->o.theta, NULL, N, lab.sectors, w->theta, w->se, err);
    else w->theta_run = NULL;
    if (rc) return rc;
    tsc_apply_opts ao = {.groups = s->groups, .date = date, .base_csv = s->o.base_csv, .hs_weights = s->o.hs_weights};
    if (!s->o.base_csv && !tsc_scenario_base(sc)) {
        const double *t0 = tsc_ge_data_tariffs(w->raw);
        if (!(own = malloc(G * G * N * sizeof *own)))
            return tsc_error_set(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
        for (size_t c = 0; c < G * G * N; c++) own[c] = c / N / G == c / N % G ? 0 : 100 * t0[c];
        ao.base_rates = own;
    }
    rc = tsc_scenario_apply_labels(sc, &lab, &ao, &tr, err);
    free(own);
    if (rc) return rc;
    work_rates(w, &tr);
    tsc_tariffs_free(&tr);
    return solve_tail(w, NULL, bl, go, dopts, err);
}

static const char *get_ge_region(const void *d, size_t k)
{
    return tsc_ge_data_region(d, k);
}
static const char *get_ge_sector(const void *d, size_t k)
{
    return tsc_ge_data_sector(d, k);
}

static PyObject *solve_dict(const solve_work *w, PyObject *srcd)
{
    const tsc_ge_run_result *rr = &w->rr;
    size_t G = w->G, N = w->N, M = TSC_GE_NMEASURES;
    npy_intp dm[2] = {(npy_intp)G, (npy_intp)M}, dgn[2] = {(npy_intp)G, (npy_intp)N};
    npy_intp dc[3] = {(npy_intp)G, (npy_intp)G, (npy_intp)N};
    PyObject *names = PyList_New((Py_ssize_t)M);
    for (size_t m = 0; names && m < M; m++)
        PyList_SET_ITEM(names, (Py_ssize_t)m, PyUnicode_FromString(tsc_ge_measure_name(m)));
    PyObject *draws = Py_None;
    Py_INCREF(Py_None);
    if (rr->draws.K) {
        Py_DECREF(Py_None);
        npy_intp dk[2] = {(npy_intp)rr->draws.K, (npy_intp)N};
        draws = Py_BuildValue("{s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:n, s:n, s:n}", "point",
                              array_copy(rr->draws.point, 2, dm, 0), "p05", array_copy(rr->draws.p05, 2, dm, 0), "p50",
                              array_copy(rr->draws.p50, 2, dm, 0), "p95", array_copy(rr->draws.p95, 2, dm, 0), "mean",
                              array_copy(rr->draws.mean, 2, dm, 0), "se", vec(rr->draws.se, N), "theta",
                              array_copy(rr->draws.theta, 2, dk, 0), "draws", (Py_ssize_t)rr->draws.K, "failed",
                              (Py_ssize_t)rr->draws.failed, "threads", (Py_ssize_t)rr->draws.threads);
    }
    const tsc_ge_outcome *oc = &rr->outcome;
    return Py_BuildValue(
        "{s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:d, "
        "s:n, s:n, s:n, s:N, s:O}",
        "regions", str_list(G, get_ge_region, rr->base), "sectors", str_list(N, get_ge_sector, rr->base),
        "measure_names", names, "measures", array_copy(rr->measures, 2, dm, 0), "welfare_cp", vec(oc->welfare_cp, G),
        "terms_of_trade", vec(oc->terms_of_trade, G), "volume_of_trade", vec(oc->volume_of_trade, G), "real_wage",
        vec(oc->real_wage, G), "real_income", vec(oc->real_income, G), "w_hat", vec(rr->result.w_hat, G),
        "price_index_hat", vec(rr->result.price_index_hat, G), "c_hat", array_copy(rr->result.c_hat, 2, dgn, 0),
        "P_hat", array_copy(rr->result.P_hat, 2, dgn, 0), "output_base", array_copy(oc->output_base, 2, dgn, 0),
        "output_new", array_copy(oc->output_new, 2, dgn, 0), "flow_base",
        array_copy(tsc_ge_data_flows(rr->base), 3, dc, 0), "flow_new", array_copy(rr->result.flows, 3, dc, 0),
        "tariff_base", array_copy(tsc_ge_data_tariffs(rr->base), 3, dc, 0), "tariff_new", array_copy(w->tnew, 3, dc, 0),
        "residual", rr->result.residual, "iterations", (Py_ssize_t)rr->result.iterations, "baseline_iterations",
        (Py_ssize_t)(rr->stages[0].iterations + rr->stages[1].iterations), "clipped", (Py_ssize_t)rr->nclipped, "draws",
        draws, "sources", srcd);
}

static PyObject *table_solve(TableObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"scenario", "sources",     "date", "baseline", "method",  "tol",
                             "max_iter", "theta_draws", "seed", "theta_se", "threads", NULL};
    static const char *const baselines[] = {"zero-deficit", "observed", NULL};
    static const char *const methods[] = {"newton", "fixed-point", NULL};
    ScenarioObject *sco;
    PyObject *opts;
    const char *date = NULL, *baseline = "zero-deficit", *method = "newton";
    double tol = 0, theta_se = -1;
    Py_ssize_t max_iter = 0, draws = 0, threads = 0;
    unsigned long long seed = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O!O|zssdnnKdn", kwlist, &ScenarioType, &sco, &opts, &date, &baseline,
                                     &method, &tol, &max_iter, &draws, &seed, &theta_se, &threads))
        return NULL;
    int bl = name_index(baseline, baselines, "baseline"), me = name_index(method, methods, "method");
    if (bl < 0 || me < 0) return NULL;
    if (max_iter < 0 || draws < 0 || threads < 0)
        return PyErr_Format(PyExc_ValueError, "max_iter, theta_draws and threads are >= 0");
    tsc_ge_opts go;
    tsc_ge_opts_init(&go);
    go.method = (tsc_ge_method)me;
    if (tol > 0) go.tol = tol;
    go.max_iter = (size_t)max_iter;
    tsc_ge_draws_opts dopts;
    tsc_ge_draws_opts_init(&dopts);
    dopts.draws = (size_t)draws;
    dopts.seed = seed;
    dopts.threads = (size_t)threads;
    dopts.solve = go;
    if (theta_se >= 0) dopts.se_rel_default = theta_se;
    sources s;
    tsc_error err;
    if (sources_init(&s, opts, &err)) {
        sources_free(&s);
        return NULL;
    }
    tsc_sources src;
    tsc_schedule *sch = NULL;
    solve_work w = {0};
    int rc;
    UNLOCKED_BEGIN(self)
    rc = scenario_schedule(self, &s, sco->sc, &src, &sch, &err);
    if (!rc) rc = solve_run(self->t, &src, sch, sco->sc, date, (tsc_ge_baseline)bl, &go, &dopts, &w, &err);
    UNLOCKED_END(self)
    PyObject *r = NULL;
    if (rc) raise_error(&err);
    else {
        PyObject *srcd = sources_dict(&src, sch);
        if (srcd) r = solve_dict(&w, srcd);
        Py_XDECREF(srcd);
    }
    solve_work_free(&w);
    tsc_schedule_free(sch);
    sources_free(&s);
    return r;
}

/* `tariffscope solve` on the Caliendo-Parro data folder (tsc_ge_data_load_cp). */
static PyObject *py_solve_cp(PyObject *mod, PyObject *args, PyObject *kw)
{
    (void)mod;
    static char *kwlist[] = {"path",     "scenario",    "sources", "date",     "baseline", "method", "tol",
                             "max_iter", "theta_draws", "seed",    "theta_se", "threads",  NULL};
    static const char *const baselines[] = {"zero-deficit", "observed", NULL};
    static const char *const methods[] = {"newton", "fixed-point", NULL};
    PyObject *pathobj, *opts;
    ScenarioObject *sco;
    const char *date = NULL, *baseline = "zero-deficit", *method = "newton";
    double tol = 0, theta_se = -1;
    Py_ssize_t max_iter = 0, draws = 0, threads = 0;
    unsigned long long seed = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&O!O|zssdnnKdn", kwlist, PyUnicode_FSConverter, &pathobj,
                                     &ScenarioType, &sco, &opts, &date, &baseline, &method, &tol, &max_iter, &draws,
                                     &seed, &theta_se, &threads))
        return NULL;
    int bl = name_index(baseline, baselines, "baseline"), me = bl < 0 ? -1 : name_index(method, methods, "method");
    if (me < 0 || max_iter < 0 || draws < 0 || threads < 0) {
        Py_DECREF(pathobj);
        return me < 0 ? NULL : PyErr_Format(PyExc_ValueError, "max_iter, theta_draws and threads are >= 0");
    }
    tsc_ge_opts go;
    tsc_ge_opts_init(&go);
    go.method = (tsc_ge_method)me;
    if (tol > 0) go.tol = tol;
    go.max_iter = (size_t)max_iter;
    tsc_ge_draws_opts dopts;
    tsc_ge_draws_opts_init(&dopts);
    dopts.draws = (size_t)draws;
    dopts.seed = seed;
    dopts.threads = (size_t)threads;
    dopts.solve = go;
    if (theta_se >= 0) dopts.se_rel_default = theta_se;
    sources s;
    tsc_error err;
    PyObject *r = NULL;
    solve_work w = {0};
    if (sources_init(&s, opts, &err) == 0) {
        int rc;
        Py_BEGIN_ALLOW_THREADS rc =
            solve_cp_run(PyBytes_AS_STRING(pathobj), sco->sc, &s, date, (tsc_ge_baseline)bl, &go, &dopts, &w, &err);
        Py_END_ALLOW_THREADS if (rc) raise_error(&err);
        else r = solve_dict(&w, Py_None); }
    solve_work_free(&w);
    sources_free(&s);
    Py_DECREF(pathobj);
    return r;
}

static PyObject *py_is_cp_folder(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *pathobj;
    if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &pathobj)) return NULL;
    int yes = tsc_ge_is_cp_folder(PyBytes_AS_STRING(pathobj));
    Py_DECREF(pathobj);
    return PyBool_FromLong(yes);
}

/* ---- customs lines: effective rates -------------------------------------------------------------------------- */

static PyObject *py_effective(PyObject *mod, PyObject *args, PyObject *kw)
{
    (void)mod;
    static char *kwlist[] = {"scenario", "imports", "sources", "date", "base", "importer", NULL};
    ScenarioObject *sco;
    PyObject *impobj, *opts;
    const char *date = NULL, *base = "applied", *importer = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O!O&O|zsz", kwlist, &ScenarioType, &sco, PyUnicode_FSConverter, &impobj,
                                     &opts, &date, &base, &importer))
        return NULL;
    static const char *const bases[] = {"applied", "zero", NULL};
    int b = name_index(base, bases, "base");
    sources s;
    tsc_error err;
    if (b < 0 || sources_init(&s, opts, &err)) {
        Py_DECREF(impobj);
        if (b >= 0) sources_free(&s);
        return NULL;
    }
    tsc_imports *im = NULL;
    tsc_hs_concord *hc = NULL;
    tsc_effective ef = {0};
    tsc_imports_opts io = {s.o.countries};
    int rc;
    Py_BEGIN_ALLOW_THREADS rc = tsc_imports_load(PyBytes_AS_STRING(impobj), &io, &im, &err);
    if (!rc && s.o.hs_concordance) rc = tsc_hs_concord_load(s.o.hs_concordance, &hc, &err);
    if (!rc) {
        tsc_effective_opts eo = {0};
        eo.groups = s.groups;
        eo.date = date;
        eo.base = (tsc_line_base)b;
        eo.importer = importer;
        eo.concord = hc;
        rc = tsc_effective_rates(sco->sc, im, &eo, &ef, &err);
    }
    Py_END_ALLOW_THREADS Py_DECREF(impobj);
    PyObject *r = NULL;
    if (rc) raise_error(&err);
    else {
        PyObject *partners = PyList_New((Py_ssize_t)ef.np);
        for (size_t p = 0; partners && p < ef.np; p++)
            PyList_SET_ITEM(partners, (Py_ssize_t)p, PyUnicode_FromString(tsc_imports_partner(im, p)));
        r = Py_BuildValue("{s:s, s:N, s:N, s:N, s:N, s:N, s:N}", "date", ef.date, "partners", partners, "value",
                          vec(ef.value, ef.np), "base_pct", vec(ef.base_pct, ef.np), "rate_pct",
                          vec(ef.rate_pct, ef.np), "line_base", vec(ef.line_base, ef.nlines), "line_rate",
                          vec(ef.line_rate, ef.nlines));
    }
    tsc_effective_free(&ef);
    tsc_hs_concord_free(hc);
    tsc_imports_free(im);
    sources_free(&s);
    return r;
}

/* ---- the report ---------------------------------------------------------------------------------------------- */

/* tsc_report_build and tsc_report_write into out; returns the terminal summary (tsc_report_print). */
static PyObject *table_report(TableObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"out",     "scenarios",  "labels",   "sources",     "focus", "destination", "compare",
                             "article", "table_path", "baseline", "theta_draws", "seed",  NULL};
    PyObject *outobj, *scen, *labels, *opts, *compare = Py_None;
    const char *focus = NULL, *dest = NULL, *article = NULL, *table_path = NULL, *baseline = "observed";
    Py_ssize_t draws = -1;
    unsigned long long seed = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&OOO|zzOzzsnK", kwlist, PyUnicode_FSConverter, &outobj, &scen, &labels,
                                     &opts, &focus, &dest, &compare, &article, &table_path, &baseline, &draws, &seed))
        return NULL;
    static const char *const baselines[] = {"zero-deficit", "observed", NULL};
    PyObject *sf = NULL, *lf = NULL, *cf = NULL, *r = NULL;
    const char **paths = NULL, **labs = NULL, **cmp = NULL;
    size_t ns = 0, nl = 0, nc = 0;
    sources s = {0};
    tsc_error err;
    int sinit = 0, bl = name_index(baseline, baselines, "baseline");
    if (bl < 0 || !(paths = str_items(scen, &sf, &ns, "scenarios")) || !(labs = str_items(labels, &lf, &nl, "labels")))
        goto done;
    if (compare != Py_None && !(cmp = str_items(compare, &cf, &nc, "compare"))) goto done;
    if (ns > TSC_REPORT_MAX_SCENARIOS || nl != ns || nc > TSC_REPORT_MAX_COMPARE) {
        PyErr_Format(PyExc_ValueError, "at most %d scenarios (one label each) and %d regions to compare",
                     TSC_REPORT_MAX_SCENARIOS, TSC_REPORT_MAX_COMPARE);
        goto done;
    }
    sinit = 1;
    if (sources_init(&s, opts, &err)) goto done;
    tsc_report_scenario_spec specs[TSC_REPORT_MAX_SCENARIOS];
    for (size_t k = 0; k < ns; k++) specs[k] = (tsc_report_scenario_spec){paths[k], labs[k][0] ? labs[k] : NULL};
    tsc_report_opts ro;
    tsc_report_opts_init(&ro);
    ro.focus = focus;
    ro.destination = dest;
    ro.scenarios = specs;
    ro.nscenarios = ns;
    ro.compare = cmp;
    ro.ncompare = nc;
    ro.groups = s.groups;
    ro.article_sectors = article;
    ro.table_path = table_path;
    ro.baseline = (tsc_ge_baseline)bl;
    if (draws >= 0) ro.theta_draws = (size_t)draws;
    ro.theta_seed = seed;
    ro.hs_weights = s.o.hs_weights;
    ro.countries = s.o.countries;
    ro.members = s.o.members;
    ro.hs2 = s.o.hs2;
    tsc_sources src;
    tsc_report *rep = NULL;
    char *text = NULL;
    size_t tlen = 0;
    int rc;
    UNLOCKED_BEGIN(self)
    rc = tsc_sources_find(self->t, &s.o, NULL, 0, &src, &err);
    if (!rc) {
        ro.aggregation = src.so.aggregation;
        ro.hs_concordance = src.so.hs_concordance;
        ro.theta = src.theta;
        ro.bases = src.bases;
        ro.nbases = src.nbases;
        ro.imports = src.so.imports;
        rc = tsc_report_build(self->t, &ro, &rep, &err);
    }
    if (!rc) rc = tsc_report_write(rep, PyBytes_AS_STRING(outobj), &err);
    if (!rc) {
        FILE *f = open_memstream(&text, &tlen);
        if (f) {
            tsc_report_print(rep, f);
            fclose(f);
        }
    }
    tsc_report_free(rep);
    UNLOCKED_END(self)
    if (rc) raise_error(&err);
    else r = PyUnicode_DecodeUTF8(text ? text : "", (Py_ssize_t)(text ? tlen : 0), "replace");
    free(text);
done:
    if (sinit) sources_free(&s);
    Py_DECREF(outobj);
    PyMem_Free(paths);
    PyMem_Free(labs);
    PyMem_Free(cmp);
    Py_XDECREF(sf);
    Py_XDECREF(lf);
    Py_XDECREF(cf);
    return r;
}

/* [(path relative to scenarios/, label)] of tsc_report_default_scenarios. */
static PyObject *py_default_scenarios(PyObject *mod, PyObject *noargs)
{
    (void)mod;
    (void)noargs;
    size_t n;
    const tsc_report_scenario_spec *sp = tsc_report_default_scenarios(&n);
    PyObject *l = PyList_New((Py_ssize_t)n);
    for (size_t k = 0; l && k < n; k++)
        PyList_SET_ITEM(l, (Py_ssize_t)k, Py_BuildValue("(ss)", sp[k].path, sp[k].label));
    return l;
}

static PyObject *py_status_str(PyObject *mod, PyObject *args)
{
    (void)mod;
    int code;
    if (!PyArg_ParseTuple(args, "i", &code)) return NULL;
    return PyUnicode_FromString(tsc_status_str(code));
}

static PyObject *py_raise(PyObject *mod, PyObject *args)
{
    (void)mod;
    int code;
    const char *msg;
    if (!PyArg_ParseTuple(args, "is", &code, &msg)) return NULL;
    return raise_code(code, msg);
}

/* ---- types and module ---------------------------------------------------------------------------------------- */

#define METH_KW(f) (PyCFunction)(void (*)(void))(f)

static PyMethodDef table_methods[] = {
    {"info", (PyCFunction)table_info, METH_NOARGS, "labels and metadata"},
    {"array", (PyCFunction)table_array, METH_O, "a read-only view of Z, Y, x or va"},
    {"matrix", (PyCFunction)table_matrix, METH_O, "A, L or V^B post-multiplied (vb, vbx, vbe, vby)"},
    {"multipliers", (PyCFunction)table_multipliers, METH_NOARGS, "the columns of multipliers.csv"},
    {"decompose", METH_KW(table_decompose), METH_VARARGS | METH_KEYWORDS, "a decomposition in long form"},
    {"save", (PyCFunction)table_save, METH_VARARGS, "write the table (native, native-gz, cache, pymrio)"},
    {"aggregate", (PyCFunction)table_aggregate, METH_VARARGS, "tsc_table_aggregate"},
    {"balance", (PyCFunction)table_balance, METH_NOARGS, "tsc_table_balance"},
    {"shock", (PyCFunction)table_shock, METH_VARARGS, "first-order effects of a scenario"},
    {"solve", METH_KW(table_solve), METH_VARARGS | METH_KEYWORDS, "general equilibrium of a scenario"},
    {"report", METH_KW(table_report), METH_VARARGS | METH_KEYWORDS, "the focus-country report"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject TableType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "tariffscope._core.Table",
    .tp_basicsize = sizeof(TableObject),
    .tp_dealloc = (destructor)table_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "a loaded input-output table (tsc_table)",
    .tp_methods = table_methods,
};

static PyMethodDef scenario_methods[] = {
    {"info", (PyCFunction)scenario_info, METH_NOARGS, "name, description, base and measures"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ScenarioType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "tariffscope._core.Scenario",
    .tp_basicsize = sizeof(ScenarioObject),
    .tp_dealloc = (destructor)scenario_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "a tariff scenario (tsc_scenario)",
    .tp_methods = scenario_methods,
};

static PyMethodDef module_methods[] = {
    {"table_load", METH_KW(py_table_load), METH_VARARGS | METH_KEYWORDS, "tsc_table_load"},
    {"table_from_arrays", METH_KW(py_table_from_arrays), METH_VARARGS | METH_KEYWORDS, "tsc_table_from_arrays"},
    {"scenario_load", (PyCFunction)py_scenario_load, METH_VARARGS, "tsc_scenario_load"},
    {"scenario_load_text", (PyCFunction)py_scenario_load_text, METH_VARARGS, "tsc_scenario_parse"},
    {"effective", METH_KW(py_effective), METH_VARARGS | METH_KEYWORDS, "tsc_effective_rates"},
    {"solve_cp", METH_KW(py_solve_cp), METH_VARARGS | METH_KEYWORDS, "solve on the Caliendo-Parro data"},
    {"is_cp_folder", (PyCFunction)py_is_cp_folder, METH_VARARGS, "tsc_ge_is_cp_folder"},
    {"status_str", (PyCFunction)py_status_str, METH_VARARGS, "tsc_status_str"},
    {"default_scenarios", (PyCFunction)py_default_scenarios, METH_NOARGS, "tsc_report_default_scenarios"},
    {"raise_status", (PyCFunction)py_raise, METH_VARARGS, "raise the error class of a status code"},
    {"_register_errors", (PyCFunction)register_errors, METH_O, "the exception class of each status code"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "_core",
    "tariffscope's C library, for the Python package",
    -1,
    module_methods,
    NULL,
    NULL,
    NULL,
    NULL,
};

PyMODINIT_FUNC PyInit__core(void);

PyMODINIT_FUNC PyInit__core(void)
{
    import_array();
    if (PyType_Ready(&TableType) < 0 || PyType_Ready(&ScenarioType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    Py_INCREF(&TableType);
    Py_INCREF(&ScenarioType);
    if (PyModule_AddObject(m, "Table", (PyObject *)&TableType) < 0 ||
        PyModule_AddObject(m, "Scenario", (PyObject *)&ScenarioType) < 0 ||
        PyModule_AddIntConstant(m, "GE_NMEASURES", TSC_GE_NMEASURES) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
