/* Decimal-to-double conversion: Clinger's exact fast path, strtod for everything else. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "numparse_int.h"
#include "pow10_int.h"

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Fast path: [sign] digits [. digits] [e [sign] digits] with at most 15 significant digits... more precisely a
 * mantissa below 2^53 and a decimal exponent of magnitude <= 22, where m * 10^e or m / 10^e is one correctly
 * rounded operation on exact operands. Returns 1 when it produced the value, 0 when strtod must decide. */
static int parse_fast(const char *p, const char *end, double *out)
{
    int neg = 0;
    if (p < end && (*p == '-' || *p == '+')) neg = (*p++ == '-');
    uint64_t m = 0;
    int digits = 0, frac = 0, any = 0;
    while (p < end && *p >= '0' && *p <= '9') {
        if (m == 0 && *p == '0') {
            p++;
            any = 1;
            continue;
        } /* leading zeros carry no digits */
        if (digits >= 19) return 0;
        m = m * 10 + (uint64_t)(*p++ - '0');
        digits++;
        any = 1;
    }
    if (p < end && *p == '.') {
        p++;
        while (p < end && *p >= '0' && *p <= '9') {
            if (m == 0 && *p == '0') {
                p++;
                frac++;
                any = 1;
                continue;
            }
            if (digits >= 19) return 0;
            m = m * 10 + (uint64_t)(*p++ - '0');
            digits++;
            frac++;
            any = 1;
        }
    }
    if (!any) return 0;
    int e = 0;
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        int eneg = 0, edig = 0;
        if (p < end && (*p == '-' || *p == '+')) eneg = (*p++ == '-');
        while (p < end && *p >= '0' && *p <= '9') {
            if (e > 10000) return 0;
            e = e * 10 + (*p++ - '0');
            edig++;
        }
        if (!edig) return 0;
        if (eneg) e = -e;
    }
    if (p != end) return 0;
    e -= frac;
    if (m > (UINT64_C(1) << 53)) return 0;
    double v = (double)m;
    if (m == 0) v = 0.0;
    else if (e < 0) {
        if (-e > TSC__POW10_EXACT_MAX) return 0;
        v /= tsc__pow10_exact[-e];
    } else if (e > 0) {
        if (e > TSC__POW10_EXACT_MAX) return 0;
        v *= tsc__pow10_exact[e];
    }
    *out = neg ? -v : v;
    return 1;
}

int tsc__parse_double(const char *s, size_t len, double *out)
{
    const char *p = s, *end = s + len;
    while (p < end && is_blank(*p)) p++;
    while (end > p && is_blank(end[-1])) end--;
    if (p == end) return TSC_NUM_EMPTY;
    if (parse_fast(p, end, out)) return TSC_NUM_OK;

    /* strtod also takes hex floats, "inf" and "nan(...)": only decimal notation is a number here */
    for (const char *q = p; q < end; q++) {
        char ch = *q;
        if ((ch >= '0' && ch <= '9') || ch == '.' || ch == 'e' || ch == 'E' || ch == '+' || ch == '-') continue;
        const char *w = (*p == '+' || *p == '-') ? p + 1 : p;
        if ((end - w >= 3) && ((w[0] | 32) == 'n' || (w[0] | 32) == 'i')) {
            char low[4] = {(char)(w[0] | 32), (char)(w[1] | 32), (char)(w[2] | 32), 0};
            if (strcmp(low, "nan") == 0 || strcmp(low, "inf") == 0) return TSC_NUM_NONFINITE;
        }
        return TSC_NUM_INVALID;
    }
    size_t n = (size_t)(end - p);
    char local[128];
    char *buf = local;
    if (n >= sizeof local) {
        buf = malloc(n + 1);
        if (!buf) return TSC_NUM_INVALID;
    }
    memcpy(buf, p, n);
    buf[n] = '\0';
    char *stop = NULL;
    errno = 0;
    double v = strtod(buf, &stop);
    int ok = stop == buf + n && n > 0;
    if (buf != local) free(buf);
    if (!ok) return TSC_NUM_INVALID;
    if (!isfinite(v)) return TSC_NUM_NONFINITE; /* "nan", "inf", and overflow to infinity */
    *out = v;
    return TSC_NUM_OK;
}
