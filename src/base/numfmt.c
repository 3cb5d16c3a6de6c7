/* "%.17g" without printf for the common range: the 17 significant digits are computed exactly with 128-bit
 * integers (v = m 2^e, digits = round_half_even(m 10^-k / 2^-e)), then laid out as %g does. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pow10_int.h"
#include "tariffscope/numfmt.h"

__extension__ typedef unsigned __int128 u128;

/* 10^k for 0 <= k <= 22 */
static u128 pow10_u128(int k)
{
    return k <= TSC__POW10_U64_MAX ? (u128)tsc__pow10_u64[k]
                                   : (u128)tsc__pow10_u64[TSC__POW10_U64_MAX] * tsc__pow10_u64[k - TSC__POW10_U64_MAX];
}

/* round_half_even(m * 10^p / 2^s) for 0 <= p <= 22 and 0 < s < 128. */
static uint64_t scaled_digits(uint64_t m, int p, int s)
{
    u128 num = (u128)m * pow10_u128(p);
    u128 q = num >> s, rem = num - (q << s), half = (u128)1 << (s - 1);
    if (rem > half || (rem == half && (q & 1))) q++;
    return (uint64_t)q;
}

size_t tsc_dtoa17(double v, char *buf)
{
    double a = fabs(v);
    if (a == 0) {
        if (signbit(v)) {
            memcpy(buf, "-0", 3);
            return 2;
        }
        memcpy(buf, "0", 2);
        return 1;
    }
    if (!(a >= 1e-4 && a < 1e15)) return (size_t)snprintf(buf, TSC_DTOA_SIZE, "%.17g", v);
    int e2;
    double fr = frexp(a, &e2); /* a = fr 2^e2, fr in [0.5, 1) */
    uint64_t m = (uint64_t)ldexp(fr, 53);
    int s = 53 - e2;              /* a = m / 2^s, s > 0 here since a < 2^50 */
    int x = (int)floor(log10(a)); /* decimal exponent, corrected below */
    uint64_t dig;
    for (;;) {
        int p = 16 - x; /* digits = round(a * 10^p) */
        if (p < 0 || p > 22 || s <= 0 || s >= 128) return (size_t)snprintf(buf, TSC_DTOA_SIZE, "%.17g", v);
        dig = scaled_digits(m, p, s);
        if (dig >= tsc__pow10_u64[17]) {
            x++;
            continue;
        }
        if (dig < tsc__pow10_u64[16]) {
            x--;
            continue;
        }
        break;
    }
    char d[17];
    for (int k = 16; k >= 0; k--) {
        d[k] = (char)('0' + dig % 10);
        dig /= 10;
    }
    int last = 16;
    while (last > 0 && d[last] == '0') last--; /* %g drops trailing zeros */
    size_t len = 0;
    if (v < 0) buf[len++] = '-';
    if (x >= 0) {
        for (int k = 0; k <= x; k++) buf[len++] = d[k];
        if (last > x) {
            buf[len++] = '.';
            for (int k = x + 1; k <= last; k++) buf[len++] = d[k];
        }
    } else {
        buf[len++] = '0';
        buf[len++] = '.';
        for (int k = 0; k < -x - 1; k++) buf[len++] = '0';
        for (int k = 0; k <= last; k++) buf[len++] = d[k];
    }
    buf[len] = '\0';
    return len;
}
