/* The R package's .Call glue for tables and accounting: loading, accessors, the Leontief engine, decompositions. */
#include <stdlib.h>
#include <string.h>

#include "ts_r.h"

/* ---- helpers shared by the glue ------------------------------------------------------------------------------- */

static void handle_free(SEXP xp)
{
    ts_handle *h = R_ExternalPtrAddr(xp);
    if (!h) return;
    tsc_decomp_free(h->d);
    tsc_leontief_free(h->lf);
    tsc_table_free(h->t);
    free(h);
    R_ClearExternalPtr(xp);
}

ts_handle *ts_handle_get(SEXP xp)
{
    if (TYPEOF(xp) != EXTPTRSXP || R_ExternalPtrTag(xp) != Rf_install("tariffscope_table"))
        Rf_error("not a table of ts_load");
    ts_handle *h = R_ExternalPtrAddr(xp);
    if (!h || !h->t) Rf_error("the table is no longer loaded (a table of an earlier R session?)");
    return h;
}

int ts_handle_leontief(ts_handle *h, tsc_error *err)
{
    return h->lf ? TSC_OK : tsc_leontief_new(h->t, &h->lf, err);
}

int ts_handle_decomp(ts_handle *h, tsc_error *err)
{
    int rc = ts_handle_leontief(h, err);
    return rc || h->d ? rc : tsc_decomp_new(h->t, h->lf, &h->d, err);
}

SEXP ts_error_value(const tsc_error *err)
{
    static const char *const names[] = {"code", "status", "file", "line", "column", "message"};
    SEXP v = PROTECT(ts_named_list(6, names));
    SET_VECTOR_ELT(v, 0, Rf_ScalarInteger(err->code));
    SET_VECTOR_ELT(v, 1, Rf_mkString(tsc_status_str(err->code)));
    SET_VECTOR_ELT(v, 2, err->file[0] ? Rf_mkString(err->file) : Rf_ScalarString(NA_STRING));
    SET_VECTOR_ELT(v, 3, Rf_ScalarInteger(err->line ? (int)err->line : NA_INTEGER));
    SET_VECTOR_ELT(v, 4, Rf_ScalarInteger(err->col ? (int)err->col : NA_INTEGER));
    SET_VECTOR_ELT(v, 5, Rf_mkString(err->msg[0] ? err->msg : tsc_status_str(err->code)));
    Rf_setAttrib(v, R_ClassSymbol, Rf_mkString("tsc_error_value"));
    UNPROTECT(1);
    return v;
}

SEXP ts_error_code(int code, const char *msg)
{
    tsc_error err;
    tsc_error_set(&err, code, NULL, 0, 0, "%s", msg);
    return ts_error_value(&err);
}

const char *ts_str(SEXP s, const char *what)
{
    if (Rf_isNull(s)) return NULL;
    if (!Rf_isString(s) || XLENGTH(s) != 1) Rf_error("%s must be one string", what);
    return STRING_ELT(s, 0) == NA_STRING ? NULL : Rf_translateCharUTF8(STRING_ELT(s, 0));
}

const char **ts_strs(SEXP s, size_t *n, const char *what)
{
    *n = 0;
    if (Rf_isNull(s)) return NULL;
    if (!Rf_isString(s)) Rf_error("%s must be a character vector", what);
    size_t len = (size_t)XLENGTH(s);
    const char **out = (const char **)R_alloc(len ? len : 1, sizeof *out);
    for (size_t i = 0; i < len; i++)
        if (STRING_ELT(s, (R_xlen_t)i) != NA_STRING) out[(*n)++] = Rf_translateCharUTF8(STRING_ELT(s, (R_xlen_t)i));
    return out;
}

SEXP ts_num(const double *v, size_t n)
{
    SEXP out = Rf_allocVector(REALSXP, (R_xlen_t)n);
    if (n) memcpy(REAL(out), v, n * sizeof *v);
    return out;
}

SEXP ts_chr(size_t n, const char *(*get)(const void *ctx, size_t i), const void *ctx)
{
    SEXP out = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)n));
    for (size_t i = 0; i < n; i++) SET_STRING_ELT(out, (R_xlen_t)i, Rf_mkCharCE(get(ctx, i), CE_UTF8));
    UNPROTECT(1);
    return out;
}

SEXP ts_named_list(size_t nv, const char *const *names)
{
    SEXP v = PROTECT(Rf_allocVector(VECSXP, (R_xlen_t)nv));
    SEXP nm = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)nv));
    for (size_t i = 0; i < nv; i++) SET_STRING_ELT(nm, (R_xlen_t)i, Rf_mkChar(names[i]));
    Rf_setAttrib(v, R_NamesSymbol, nm);
    UNPROTECT(2);
    return v;
}

int ts_groups_load(const char **files, size_t nfiles, tsc_groups **out, tsc_error *err)
{
    int rc = tsc_groups_new(out, err);
    for (size_t k = 0; k < nfiles && !rc; k++) rc = tsc_groups_add_file(*out, files[k], err);
    if (rc) {
        tsc_groups_free(*out);
        *out = NULL;
    }
    return rc;
}

static const char *get_region(const void *t, size_t i)
{
    return tsc_table_region(t, i);
}
static const char *get_sector(const void *t, size_t i)
{
    return tsc_table_sector(t, i);
}
static const char *get_fd(const void *t, size_t i)
{
    return tsc_table_fd_category(t, i);
}

SEXP ts_regions(const tsc_table *t)
{
    return ts_chr(tsc_table_nregions(t), get_region, t);
}
SEXP ts_sectors(const tsc_table *t)
{
    return ts_chr(tsc_table_nsectors(t), get_sector, t);
}

/* What a loader returns: list(ptr = xp, notes, degenerate rows, 1-based, when rc is TSC_WDEGENERATE). xp must be
 * protected by the caller. */
static SEXP load_result(SEXP xp, const ts_handle *h, int rc)
{
    static const char *const names[] = {"ptr", "notes", "degenerate"};
    SEXP out = PROTECT(ts_named_list(3, names));
    SET_VECTOR_ELT(out, 0, xp);
    SET_VECTOR_ELT(out, 1, Rf_mkString(tsc_table_notes(h->t)));
    const size_t *rows;
    size_t nd = rc == TSC_WDEGENERATE ? tsc_table_degenerate(h->t, &rows) : 0;
    SEXP deg = Rf_allocVector(INTSXP, (R_xlen_t)nd);
    SET_VECTOR_ELT(out, 2, deg);
    for (size_t k = 0; k < nd; k++) INTEGER(deg)[k] = (int)rows[k] + 1;
    UNPROTECT(1);
    return out;
}

/* ---- loading and accessors ------------------------------------------------------------------------------------ */

SEXP ts_r_load(SEXP path, SEXP format, SEXP rebalance, SEXP strict, SEXP tolerance, SEXP keep_splits);
SEXP ts_r_load(SEXP path, SEXP format, SEXP rebalance, SEXP strict, SEXP tolerance, SEXP keep_splits)
{
    const char *p = ts_str(path, "path"), *fmt = ts_str(format, "format");
    if (!p) Rf_error("path must be a string");
    tsc_error err;
    tsc_error_clear(&err);
    tsc_load_opts lo;
    tsc_load_opts_init(&lo);
    if (fmt && tsc_format_parse(fmt, &lo.format))
        return ts_error_code(TSC_EINVAL,
                             "format must be one of auto, wiod, labelled, native, cache, oecd, eora, pymrio");
    lo.rebalance = Rf_asLogical(rebalance) == TRUE;
    lo.strict = Rf_asLogical(strict) == TRUE;
    lo.keep_splits = Rf_asLogical(keep_splits) == TRUE;
    if (!Rf_isNull(tolerance)) lo.balance_tol = Rf_asReal(tolerance);
    /* the pointer and its finalizer come first: the handle is owned by R from its birth */
    SEXP xp = PROTECT(R_MakeExternalPtr(NULL, Rf_install("tariffscope_table"), R_NilValue));
    R_RegisterCFinalizerEx(xp, handle_free, TRUE);
    ts_handle *h = calloc(1, sizeof *h);
    if (!h) {
        UNPROTECT(1);
        return ts_error_code(TSC_ENOMEM, "out of memory");
    }
    R_SetExternalPtrAddr(xp, h);
    int rc = tsc_table_load(p, &lo, &h->t, &err);
    if (rc < 0) {
        UNPROTECT(1);
        return ts_error_value(&err);
    }
    SEXP out = load_result(xp, h, rc);
    UNPROTECT(1);
    return out;
}

SEXP ts_r_info(SEXP xp);
SEXP ts_r_info(SEXP xp)
{
    ts_handle *h = ts_handle_get(xp);
    const tsc_table *t = h->t;
    static const char *const names[] = {"regions", "sectors", "fd_categories", "unit",
                                        "year",    "source",  "format",        "notes"};
    SEXP out = PROTECT(ts_named_list(8, names));
    SET_VECTOR_ELT(out, 0, ts_regions(t));
    SET_VECTOR_ELT(out, 1, ts_sectors(t));
    SET_VECTOR_ELT(out, 2, ts_chr(tsc_table_nfd(t), get_fd, t));
    SET_VECTOR_ELT(out, 3, Rf_mkString(tsc_table_unit(t) ? tsc_table_unit(t) : ""));
    SET_VECTOR_ELT(out, 4, Rf_ScalarInteger(tsc_table_year(t) ? tsc_table_year(t) : NA_INTEGER));
    SET_VECTOR_ELT(out, 5, Rf_mkString(tsc_table_source(t) ? tsc_table_source(t) : ""));
    SET_VECTOR_ELT(out, 6, Rf_mkString(tsc_format_name(tsc_table_format(t))));
    SET_VECTOR_ELT(out, 7, Rf_mkString(tsc_table_notes(t)));
    UNPROTECT(1);
    return out;
}

/* One of the table's arrays: "Z" (n x n), "Y" (n x G*F), "x", "va" (n), "exports" (n), "A" (n x n). */
SEXP ts_r_array(SEXP xp, SEXP which);
SEXP ts_r_array(SEXP xp, SEXP which)
{
    ts_handle *h = ts_handle_get(xp);
    const tsc_table *t = h->t;
    const char *w = ts_str(which, "which");
    size_t n = tsc_table_n(t), G = tsc_table_nregions(t), F = tsc_table_nfd(t);
    if (!w) Rf_error("which must be a string");
    if (strcmp(w, "Z") == 0 || strcmp(w, "A") == 0 || strcmp(w, "Y") == 0) {
        size_t ncol = w[0] == 'Y' ? G * F : n;
        tsc_error err;
        if (w[0] == 'A') {
            int rc = ts_handle_leontief(h, &err);
            if (rc) return ts_error_value(&err);
        }
        SEXP m = PROTECT(Rf_allocMatrix(REALSXP, (int)n, (int)ncol));
        if (w[0] == 'A') tsc_leontief_coefficients(h->lf, REAL(m));
        else memcpy(REAL(m), w[0] == 'Z' ? tsc_table_Z(t) : tsc_table_Y(t), n * ncol * sizeof(double));
        UNPROTECT(1);
        return m;
    }
    if (strcmp(w, "x") == 0) return ts_num(tsc_table_x(t), n);
    if (strcmp(w, "va") == 0) return ts_num(tsc_table_va(t), n);
    if (strcmp(w, "exports") == 0) {
        SEXP v = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t)n));
        tsc_table_exports(t, REAL(v));
        UNPROTECT(1);
        return v;
    }
    Rf_error("unknown array '%s'", w);
}

/* ---- the Leontief engine -------------------------------------------------------------------------------------- */

/* The columns of the command's multipliers.csv (x, output_multiplier, va_coefficient, backward_linkage,
 * forward_linkage) as an n x 5 matrix, and on request V^BY (n x G) and L (n x n). */
SEXP ts_r_leontief(SEXP xp, SEXP vby, SEXP inverse);
SEXP ts_r_leontief(SEXP xp, SEXP vby, SEXP inverse)
{
    ts_handle *h = ts_handle_get(xp);
    tsc_error err;
    tsc_error_clear(&err);
    int rc = ts_handle_leontief(h, &err);
    if (rc) return ts_error_value(&err);
    size_t n = tsc_table_n(h->t), G = tsc_table_nregions(h->t);
    static const char *const names[] = {"multipliers", "va_origin_destination", "L", "max_backward_error", "rcond"};
    SEXP out = PROTECT(ts_named_list(5, names));
    SEXP m = Rf_allocMatrix(REALSXP, (int)n, 5);
    SET_VECTOR_ELT(out, 0, m);
    double *v = REAL(m);
    /* columns: x, output multiplier, value-added coefficient, backward linkage, forward linkage */
    tsc_multipliers mu = {.output = v + n, .va = NULL, .backward = v + 3 * n, .forward = v + 4 * n};
    if ((rc = tsc_leontief_multipliers(h->lf, &mu, &err))) {
        UNPROTECT(1);
        return ts_error_value(&err);
    }
    memcpy(v, tsc_table_x(h->t), n * sizeof *v);
    memcpy(v + 2 * n, tsc_leontief_v(h->lf), n * sizeof *v);
    if (Rf_asLogical(vby) == TRUE) {
        SEXP b = Rf_allocMatrix(REALSXP, (int)n, (int)G);
        SET_VECTOR_ELT(out, 1, b);
        if ((rc = tsc_leontief_va_by_destination(h->lf, REAL(b), &err))) {
            UNPROTECT(1);
            return ts_error_value(&err);
        }
    }
    if (Rf_asLogical(inverse) == TRUE) {
        SEXP L = Rf_allocMatrix(REALSXP, (int)n, (int)n);
        SET_VECTOR_ELT(out, 2, L);
        if ((rc = tsc_leontief_inverse(h->lf, REAL(L), &err))) {
            UNPROTECT(1);
            return ts_error_value(&err);
        }
    }
    SET_VECTOR_ELT(out, 3, Rf_ScalarReal(tsc_leontief_max_residual(h->lf)));
    SET_VECTOR_ELT(out, 4, Rf_ScalarReal(tsc_leontief_rcond(h->lf)));
    UNPROTECT(1);
    return out;
}

/* decompr's leontief(): V^B post-multiplied by nothing (0), exports (1), output (2), or V^BY by destination (3). */
SEXP ts_r_vb(SEXP xp, SEXP post);
SEXP ts_r_vb(SEXP xp, SEXP post)
{
    ts_handle *h = ts_handle_get(xp);
    int p = Rf_asInteger(post);
    tsc_error err;
    int rc = ts_handle_leontief(h, &err);
    if (rc) return ts_error_value(&err);
    size_t n = tsc_table_n(h->t), G = tsc_table_nregions(h->t);
    SEXP m = PROTECT(Rf_allocMatrix(REALSXP, (int)n, (int)(p == 3 ? G : n)));
    if (p == 3) rc = tsc_leontief_va_by_destination(h->lf, REAL(m), &err);
    else {
        double *w = NULL;
        if (p == 1) {
            w = (double *)R_alloc(n ? n : 1, sizeof *w);
            tsc_table_exports(h->t, w);
        }
        rc = tsc_leontief_vb(h->lf, p == 2 ? tsc_table_x(h->t) : w, REAL(m), &err);
    }
    UNPROTECT(1);
    return rc ? ts_error_value(&err) : m;
}

/* ---- decompositions ------------------------------------------------------------------------------------------- */

typedef struct decomp_call {
    ts_handle *h;
    const char *method, *exva_method, *exva_output;
    int level, perspective, approach, finish;
    size_t origin, destination;
    tsc_dresult r;
} decomp_call;

/* A key column: 1-based indices, NA where the row has no key. */
static SEXP key_column(const size_t *k, size_t nrow)
{
    SEXP v = Rf_allocVector(INTSXP, (R_xlen_t)nrow);
    for (size_t i = 0; i < nrow; i++) INTEGER(v)[i] = k[i] == TSC_NONE ? NA_INTEGER : (int)k[i] + 1;
    return v;
}

static SEXP decomp_body(void *ctx)
{
    decomp_call *c = ctx;
    tsc_error err;
    tsc_error_clear(&err);
    int rc = ts_handle_decomp(c->h, &err);
    const char *m = c->method;
    tsc_decomp *d = c->h->d;
    if (rc) return ts_error_value(&err);
    if (strcmp(m, "kww") == 0) rc = tsc_decomp_kww(d, &c->r, &err);
    else if (strcmp(m, "wwz") == 0) rc = tsc_decomp_wwz(d, &c->r, &err);
    else if (strcmp(m, "wwz2kww") == 0) {
        tsc_dresult w = {0};
        rc = tsc_decomp_wwz(d, &w, &err);
        if (!rc)
            rc = tsc_decomp_wwz2kww(&w, c->level == TSC_LEVEL_SECTOR ? TSC_LEVEL_BILATERAL : (tsc_level)c->level, &c->r,
                                    &err);
        tsc_dresult_free(&w);
    } else if (strcmp(m, "bm") == 0)
        rc = tsc_decomp_bm(d, (tsc_bm_perspective)c->perspective, (tsc_bm_approach)c->approach, (tsc_level)c->level,
                           &c->r, &err);
    else if (strcmp(m, "tiva") == 0) rc = tsc_decomp_tiva(d, &c->r, &err);
    else if (strcmp(m, "fdva") == 0) rc = tsc_decomp_fdva(d, &c->r, &err);
    else if (strcmp(m, "routes") == 0) rc = tsc_decomp_routes(d, c->origin, c->destination, c->finish, &c->r, &err);
    else if (strcmp(m, "exvatools") == 0) rc = tsc_decomp_exvatools(d, c->exva_method, c->exva_output, &c->r, &err);
    else rc = tsc_error_set(&err, TSC_EINVAL, NULL, 0, 0, "unknown method '%s'", m);
    if (rc) return ts_error_value(&err);
    const tsc_dresult *r = &c->r;
    static const char *const names[] = {"level", "terms", "exporter", "sector", "importer", "values"};
    SEXP out = PROTECT(ts_named_list(6, names));
    SET_VECTOR_ELT(out, 0, Rf_ScalarInteger((int)r->level));
    SEXP terms = Rf_allocVector(STRSXP, (R_xlen_t)r->nterm);
    SET_VECTOR_ELT(out, 1, terms);
    for (size_t k = 0; k < r->nterm; k++) SET_STRING_ELT(terms, (R_xlen_t)k, Rf_mkChar(r->terms[k]));
    SET_VECTOR_ELT(out, 2, key_column(r->exporter, r->nrow));
    SET_VECTOR_ELT(out, 3, key_column(r->sector, r->nrow));
    SET_VECTOR_ELT(out, 4, key_column(r->importer, r->nrow));
    SEXP v = Rf_allocMatrix(REALSXP, (int)r->nrow, (int)r->nterm);
    SET_VECTOR_ELT(out, 5, v);
    double *dst = REAL(v);
    for (size_t row = 0; row < r->nrow; row++)
        for (size_t k = 0; k < r->nterm; k++) dst[row + k * r->nrow] = r->v[row * r->nterm + k];
    UNPROTECT(1);
    return out;
}

static void decomp_cleanup(void *ctx)
{
    tsc_dresult_free(&((decomp_call *)ctx)->r);
}

/* method: kww, wwz, wwz2kww, bm, tiva, fdva, routes (with origin, destination: 1-based, NA = every one, and finish)
 * or exvatools (submethod and output); level, perspective, approach as the library's enums. */
SEXP ts_r_decompose(SEXP xp, SEXP method, SEXP level, SEXP perspective, SEXP approach, SEXP route, SEXP exva);
SEXP ts_r_decompose(SEXP xp, SEXP method, SEXP level, SEXP perspective, SEXP approach, SEXP route, SEXP exva)
{
    decomp_call c = {0};
    c.h = ts_handle_get(xp);
    c.method = ts_str(method, "method");
    if (!c.method) Rf_error("method must be a string");
    c.level = Rf_asInteger(level);
    c.perspective = Rf_asInteger(perspective);
    c.approach = Rf_asInteger(approach);
    if (!Rf_isInteger(route) || XLENGTH(route) != 3) Rf_error("route must be three integers");
    int o = INTEGER(route)[0], d = INTEGER(route)[1];
    c.origin = o == NA_INTEGER ? 0 : (size_t)(o - 1);
    c.destination = d == NA_INTEGER ? TSC_NONE : (size_t)(d - 1);
    c.finish = INTEGER(route)[2];
    size_t ne;
    const char **e = ts_strs(exva, &ne, "exvatools");
    if (strcmp(c.method, "exvatools") == 0) {
        if (ne < 1) Rf_error("exvatools needs its method");
        c.exva_method = e[0];
        c.exva_output = ne > 1 ? e[1] : NULL; /* NULL: the method's standard output */
    }
    return R_ExecWithCleanup(decomp_body, &c, decomp_cleanup, &c);
}

/* A table from R matrices (decompr's x, y, k, i, o, v): Z n x n, Y n x G*F, va and x n-vectors or NULL, with the
 * labels; copied, then checked as every loaded table (tsc_table_from_arrays). */
SEXP ts_r_from_arrays(SEXP Z, SEXP Y, SEXP va, SEXP x, SEXP labels, SEXP opts);
SEXP ts_r_from_arrays(SEXP Z, SEXP Y, SEXP va, SEXP x, SEXP labels, SEXP opts)
{
    size_t G, N, F;
    const char **k = ts_strs(VECTOR_ELT(labels, 0), &G, "k");
    const char **i = ts_strs(VECTOR_ELT(labels, 1), &N, "i");
    const char **f = ts_strs(VECTOR_ELT(labels, 2), &F, "fd");
    size_t n = G * N;
    if (!Rf_isReal(Z) || (size_t)XLENGTH(Z) != n * n) Rf_error("x must be a numeric GN x GN matrix");
    if (!Rf_isReal(Y) || (size_t)XLENGTH(Y) != n * G * F) Rf_error("y must be a numeric GN x GM matrix");
    if (!Rf_isNull(va) && (!Rf_isReal(va) || (size_t)XLENGTH(va) != n)) Rf_error("v must be a numeric GN vector");
    if (!Rf_isNull(x) && (!Rf_isReal(x) || (size_t)XLENGTH(x) != n)) Rf_error("o must be a numeric GN vector");
    tsc_load_opts lo;
    tsc_load_opts_init(&lo);
    lo.strict = Rf_asLogical(VECTOR_ELT(opts, 0)) == TRUE;
    if (!Rf_isNull(VECTOR_ELT(opts, 1))) lo.balance_tol = Rf_asReal(VECTOR_ELT(opts, 1));
    tsc_error err;
    tsc_error_clear(&err);
    SEXP xp = PROTECT(R_MakeExternalPtr(NULL, Rf_install("tariffscope_table"), R_NilValue));
    R_RegisterCFinalizerEx(xp, handle_free, TRUE);
    ts_handle *h = calloc(1, sizeof *h);
    if (!h) {
        UNPROTECT(1);
        return ts_error_code(TSC_ENOMEM, "out of memory");
    }
    R_SetExternalPtrAddr(xp, h);
    int rc = tsc_table_from_arrays(G, N, F, k, i, f, REAL(Z), REAL(Y), Rf_isNull(va) ? NULL : REAL(va),
                                   Rf_isNull(x) ? NULL : REAL(x), &lo, &h->t, &err);
    if (rc < 0) {
        UNPROTECT(1);
        return ts_error_value(&err);
    }
    SEXP out = load_result(xp, h, rc); /* xp stays protected until the list holds it */
    UNPROTECT(1);
    return out;
}
