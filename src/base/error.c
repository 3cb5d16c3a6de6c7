/* Error records: status strings, formatting, and the single function that sets an error. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error_int.h"

void tsc_error_clear(tsc_error *err)
{
    if (!err) return;
    err->code = TSC_OK;
    err->file[0] = '\0';
    err->line = err->col = 0;
    err->msg[0] = '\0';
}

const char *tsc_status_str(int code)
{
    switch (code) {
    case TSC_WNOCONV: return "no convergence";
    case TSC_WDEGENERATE: return "degenerate sectors";
    case TSC_OK: return "ok";
    case TSC_ENOMEM: return "out of memory";
    case TSC_EIO: return "input/output error";
    case TSC_EPARSE: return "parse error";
    case TSC_EDIM: return "dimension mismatch";
    case TSC_ELABEL: return "label error";
    case TSC_EBALANCE: return "table not balanced";
    case TSC_ESINGULAR: return "singular matrix";
    case TSC_EUNPRODUCTIVE: return "unproductive system";
    case TSC_ENUMERIC: return "numerical failure";
    case TSC_EINVAL: return "invalid argument";
    case TSC_ETOOBIG: return "input too large";
    case TSC_EFORMAT: return "unrecognised format";
    case TSC_EDEGENERATE: return "degenerate sectors (strict)";
    default: return "unknown status";
    }
}

int tsc__error(tsc_error *err, int code, const char *file, size_t line, size_t col, const char *fmt, ...)
{
    if (!err) return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

int tsc_error_set(tsc_error *err, int code, const char *file, size_t line, size_t col, const char *fmt, ...)
{
    if (!err) return code;
    /* copies first: file and the arguments may point into err, which tsc__error overwrites */
    char where[sizeof err->file], msg[sizeof err->msg];
    snprintf(where, sizeof where, "%s", file ? file : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return tsc__error(err, code, where, line, col, "%s", msg);
}

char *tsc_error_format(const tsc_error *err, char *buf, size_t size)
{
    if (!buf || size == 0) return buf;
    if (!err) {
        snprintf(buf, size, "unknown error");
        return buf;
    }
    const char *msg = err->msg[0] ? err->msg : tsc_status_str(err->code);
    if (err->file[0] && err->line && err->col)
        snprintf(buf, size, "%s:%zu:%zu: %s", err->file, err->line, err->col, msg);
    else if (err->file[0] && err->line) snprintf(buf, size, "%s:%zu: %s", err->file, err->line, msg);
    else if (err->file[0]) snprintf(buf, size, "%s: %s", err->file, msg);
    else snprintf(buf, size, "%s", msg);
    return buf;
}
