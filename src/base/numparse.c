/* Decimal-to-double conversion of the project's own, correctly rounded (the same bits as strtod in the C locale).
 *
 * Three paths, fastest first:
 * 1. Clinger's fast path: a mantissa below 2^53 times or divided by an exact power of ten up to 10^22 is one
 *    correctly rounded operation (W. D. Clinger, "How to read floating point numbers accurately", PLDI 1990).
 * 2. Eisel-Lemire: the (up to 19-digit) mantissa times a 128-bit truncation of 5^q, the rounding decided from the
 *    192-bit product when the truncation error provably cannot change it (D. Lemire, "Number parsing at a gigabyte
 *    per second", Software: Practice and Experience 51(8), 2021; the algorithm of M. Eisel). Our check is the plain
 *    interval argument: the exact product lies in [P, P + 2^64) and the result is kept only when every value of that
 *    interval rounds the same way; longer mantissas use the bracket w, w + 1 of their first 19 digits.
 * 3. Exact big-decimal arithmetic for what is left (halfway cases, subnormals, overflow): the digits are scaled by
 *    powers of two until they lie in [1/2, 1), then 53 bits are read off and rounded half to even (N. Tao, "The
 *    Simple Decimal Conversion Algorithm", 2020, after the decimal type of Go's strconv), up to 800 digits with a
 *    sticky flag for the rest, which is enough to decide every tie of binary64.
 * The 128-bit powers of five are computed once, on first use, with exact multi-word arithmetic. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "numparse_int.h"
#include "pow10_int.h"
#include "tariffscope/error.h"
#include "tariffscope/numfmt.h"

#define Q_MIN (-342)   /* w * 10^q with w < 10^19 and q < Q_MIN is below half the smallest subnormal: 0 */
#define Q_MAX 308      /* and with q > Q_MAX (w >= 1) above the largest double: overflow */
#define EXP_CAP 100000 /* a longer decimal exponent is saturated: the value is 0 or overflows long before */

__extension__ typedef unsigned __int128 u128;

/* ---- 128-bit powers of five: 5^q ~= T[q] * 2^E[q] with 2^127 <= T[q] < 2^128, T truncated (T <= 5^q 2^-E) ---- */

static uint64_t pow5_hi[Q_MAX - Q_MIN + 1], pow5_lo[Q_MAX - Q_MIN + 1];
static int pow5_e[Q_MAX - Q_MIN + 1];
static pthread_once_t pow5_once = PTHREAD_ONCE_INIT;
static atomic_int pow5_ready; /* set once the table is complete: spares a pthread_once call per number */

#define BIG_LIMBS 18 /* 1152 bits: 5^308 needs 716; 2^1088 / 5^342 keeps 293 significant bits */
#define RECIP_BITS 1088

static int bit_length(const uint64_t *x, int n)
{
    while (n > 0 && x[n - 1] == 0) n--;
    if (n == 0) return 0;
    return 64 * (n - 1) + 64 - __builtin_clzll(x[n - 1]);
}

/* The 128 bits of x starting at bit position lo_bit (bits lo_bit .. lo_bit + 127). */
static void bits128(const uint64_t *x, int lo_bit, uint64_t *hi, uint64_t *lo)
{
    uint64_t w[3];
    int limb = lo_bit / 64, sh = lo_bit % 64;
    for (int k = 0; k < 3; k++) w[k] = limb + k < BIG_LIMBS ? x[limb + k] : 0;
    if (sh == 0) {
        *lo = w[0];
        *hi = w[1];
    } else {
        *lo = (w[0] >> sh) | (w[1] << (64 - sh));
        *hi = (w[1] >> sh) | (w[2] << (64 - sh));
    }
}

/* Top 128 bits of x (which has at least 128 significant bits, or fewer: then shifted up exactly). */
static void top128(const uint64_t *x, uint64_t *hi, uint64_t *lo, int *shift)
{
    int bl = bit_length(x, BIG_LIMBS);
    if (bl >= 128) {
        bits128(x, bl - 128, hi, lo);
        *shift = bl - 128;
        return;
    }
    /* fewer than 128 bits (5^q, q <= 55): exact, shifted left */
    u128 v = ((u128)x[1] << 64) | x[0];
    v <<= (128 - bl);
    *hi = (uint64_t)(v >> 64);
    *lo = (uint64_t)v;
    *shift = bl - 128;
}

static void pow5_init(void)
{
    uint64_t x[BIG_LIMBS];
    /* q >= 0: 5^q exactly, multiplied up by 5 */
    memset(x, 0, sizeof x);
    x[0] = 1;
    for (int q = 0; q <= Q_MAX; q++) {
        int k = q - Q_MIN, shift;
        top128(x, &pow5_hi[k], &pow5_lo[k], &shift);
        pow5_e[k] = shift;
        uint64_t carry = 0;
        for (int i = 0; i < BIG_LIMBS; i++) {
            u128 t = (u128)x[i] * 5 + carry;
            x[i] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
    }
    /* q < 0: floor(2^RECIP_BITS / 5^-q), divided down by 5 (floors compose exactly) */
    memset(x, 0, sizeof x);
    x[RECIP_BITS / 64] = UINT64_C(1) << (RECIP_BITS % 64);
    for (int q = -1; q >= Q_MIN; q--) {
        uint64_t rem = 0;
        for (int i = BIG_LIMBS - 1; i >= 0; i--) {
            u128 cur = ((u128)rem << 64) | x[i];
            x[i] = (uint64_t)(cur / 5);
            rem = (uint64_t)(cur % 5);
        }
        int k = q - Q_MIN, shift;
        top128(x, &pow5_hi[k], &pow5_lo[k], &shift);
        pow5_e[k] = shift - RECIP_BITS;
    }
    atomic_store_explicit(&pow5_ready, 1, memory_order_release);
}

/* ---- path 2: Eisel-Lemire ---- */

/* w * 10^q for w != 0, Q_MIN <= q <= Q_MAX, as a normal double's bits. Returns 0 when it cannot decide (the
 * truncation of 5^q might change the rounding, or the result is subnormal or overflows). */
static int eisel_lemire(uint64_t w, int q, uint64_t *bits)
{
    int k = q - Q_MIN, lz = __builtin_clzll(w);
    w <<= lz;
    u128 a = (u128)w * pow5_hi[k], b = (u128)w * pow5_lo[k];
    u128 mid = (u128)(uint64_t)a + (b >> 64);
    uint64_t p0 = (uint64_t)b, p1 = (uint64_t)mid, p2 = (uint64_t)(a >> 64) + (uint64_t)(mid >> 64);
    /* P = p2:p1:p0 >= 2^190; its top bit is bit 190 + top; the 53 bits from there are the mantissa and the s =
     * 138 + top bits below it the tail, of which the top sh = s - 128 bits are in p2 */
    int top = (int)(p2 >> 63), sh = 10 + top;
    uint64_t m = p2 >> sh, th = p2 & ((UINT64_C(1) << sh) - 1), half = UINT64_C(1) << (sh - 1);
    int up;
    if (q >= 0 && q <= 55) { /* 5^q < 2^128: T exact, so is the product */
        if (th != half) up = th > half;
        else if (p1 | p0) up = 1;
        else up = (int)(m & 1); /* a tie: to even */
    } else if (th > half || (th == half && (p1 | p0))) {
        up = 1; /* P > half already, and the exact value is not below P */
    } else if (th < half - 1 || (th == half - 1 && (p1 != UINT64_MAX || p0 == 0))) {
        up = 0; /* P + 2^64 <= half: the exact value, below P + w, is below half */
    } else {
        return 0;
    }
    m += (uint64_t)up;
    int e2 = 138 + top + pow5_e[k] + q - lz;
    if (m == (UINT64_C(1) << 53)) {
        m >>= 1;
        e2++;
    }
    int biased = e2 + 1075;
    if (biased < 1 || biased > 2046) return 0;
    *bits = ((uint64_t)biased << 52) | (m & ((UINT64_C(1) << 52) - 1));
    return 1;
}

/* ---- path 3: exact big decimal ---- */

#define DEC_MAX 800

typedef struct bigdec {
    int nd, dp, trunc; /* value = 0.d[0]d[1]...d[nd-1] x 10^dp, plus something nonzero below when trunc */
    uint8_t d[DEC_MAX];
} bigdec;

static void dec_trim(bigdec *a)
{
    while (a->nd > 0 && a->d[a->nd - 1] == 0) a->nd--;
    if (a->nd == 0) a->dp = 0;
}

/* a /= 2^k, 1 <= k <= 60. */
static void dec_rshift(bigdec *a, int k)
{
    uint64_t n = 0, mask = (UINT64_C(1) << k) - 1;
    int r = 0, w = 0;
    while ((n >> k) == 0) {
        if (r >= a->nd) {
            if (n == 0) {
                a->nd = 0;
                return;
            }
            while ((n >> k) == 0) {
                n *= 10;
                r++;
            }
            break;
        }
        n = n * 10 + a->d[r++];
    }
    a->dp -= r - 1;
    for (; r < a->nd; r++) {
        uint64_t c = a->d[r];
        a->d[w++] = (uint8_t)(n >> k);
        n = (n & mask) * 10 + c;
    }
    while (n > 0) {
        uint64_t dig = n >> k;
        n = (n & mask) * 10;
        if (w < DEC_MAX) a->d[w++] = (uint8_t)dig;
        else if (dig > 0) a->trunc = 1;
    }
    a->nd = w;
    dec_trim(a);
}

/* a *= 2^k, 1 <= k <= 60. */
static void dec_lshift(bigdec *a, int k)
{
    uint8_t tmp[DEC_MAX + 32];
    int w = (int)sizeof tmp;
    uint64_t carry = 0;
    for (int r = a->nd - 1; r >= 0; r--) {
        uint64_t n = ((uint64_t)a->d[r] << k) + carry;
        tmp[--w] = (uint8_t)(n % 10);
        carry = n / 10;
    }
    while (carry) {
        tmp[--w] = (uint8_t)(carry % 10);
        carry /= 10;
    }
    int len = (int)sizeof tmp - w;
    a->dp += len - a->nd;
    if (len > DEC_MAX) {
        for (int i = DEC_MAX; i < len; i++)
            if (tmp[w + i]) a->trunc = 1;
        len = DEC_MAX;
    }
    memcpy(a->d, tmp + w, (size_t)len);
    a->nd = len;
    dec_trim(a);
}

/* The integer part of a, rounded half to even (a < 2^54). */
static uint64_t dec_round(const bigdec *a)
{
    uint64_t n = 0;
    int i;
    for (i = 0; i < a->dp && i < a->nd; i++) n = n * 10 + a->d[i];
    for (; i < a->dp; i++) n *= 10;
    if (a->dp < 0 || a->dp >= a->nd) return n; /* (dp < 0 cannot happen: a >= 1/2 * 2^53) */
    int up;
    if (a->d[a->dp] == 5 && a->dp + 1 == a->nd) up = a->trunc || (a->dp > 0 && (a->d[a->dp - 1] & 1));
    else up = a->d[a->dp] >= 5;
    return n + (uint64_t)up;
}

static int shift_for(int dp)
{
    static const int pow2_below_pow10[9] = {1, 3, 6, 9, 13, 16, 19, 23, 26}; /* 2^s[i] <= 10^i, s[0] = 1 */
    if (dp < 9) return pow2_below_pow10[dp];
    return dp < 19 ? 26 : 60;
}

/* The bits of the double nearest to a (nonnegative); inf when it overflows. */
static uint64_t dec_to_bits(bigdec *a)
{
    const uint64_t inf = UINT64_C(0x7FF) << 52;
    if (a->nd == 0 || a->dp < -330) return 0;
    if (a->dp > 310) return inf;
    int e2 = 0;
    while (a->dp > 0) {
        int n = shift_for(a->dp);
        dec_rshift(a, n);
        e2 += n;
    }
    while (a->dp < 0 || (a->dp == 0 && a->d[0] < 5)) {
        int n = shift_for(-a->dp);
        dec_lshift(a, n);
        e2 -= n;
    }
    /* a in [1/2, 1): the value is 2a x 2^(e2 - 1) */
    e2--;
    if (e2 < -1022) { /* subnormal: fix the exponent at the minimum and let the mantissa lose bits */
        int n = -1022 - e2;
        while (n > 0) {
            int s = n > 60 ? 60 : n;
            dec_rshift(a, s);
            n -= s;
        }
        e2 = -1022;
    }
    if (e2 > 1023) return inf;
    dec_lshift(a, 53); /* the 53 bits of 2a x 2^52 */
    uint64_t m = dec_round(a);
    if (m == (UINT64_C(1) << 53)) {
        m >>= 1;
        e2++;
        if (e2 > 1023) return inf;
    }
    uint64_t biased = m < (UINT64_C(1) << 52) ? 0 : (uint64_t)(e2 + 1023);
    return (biased << 52) | (m & ((UINT64_C(1) << 52) - 1));
}

/* Exact conversion of the digits of [p, end) (already known to be a valid number without its sign). */
static uint64_t slow_bits(const char *p, const char *end)
{
    bigdec a;
    a.nd = a.dp = a.trunc = 0;
    int seen_point = 0;
    for (; p < end && *p != 'e' && *p != 'E'; p++) {
        if (*p == '.') {
            seen_point = 1;
            continue;
        }
        int dig = *p - '0';
        if (a.nd == 0 && dig == 0) {
            if (seen_point) a.dp--;
            continue;
        }
        if (a.nd < DEC_MAX) a.d[a.nd++] = (uint8_t)dig;
        else if (dig) a.trunc = 1;
        if (!seen_point) a.dp++;
    }
    if (p < end) {
        p++;
        int eneg = 0, e = 0;
        if (*p == '-' || *p == '+') eneg = *p++ == '-';
        for (; p < end; p++)
            if (e < EXP_CAP) e = e * 10 + (*p - '0');
        a.dp += eneg ? -e : e;
    }
    dec_trim(&a);
    return dec_to_bits(&a);
}

/* ---- the scanner ---- */

/* The mantissa at p (more than 19 digits): w = its first 19 significant digits, nd = its significant digits,
 * dropped = its integer digits past the 19th, frac = the fraction digits in w or skipped as leading zeros; returns
 * the end of the mantissa. */
static const char *scan_long(const char *p, const char *end, uint64_t *w, int *nd, int *dropped, int *frac)
{
    *w = 0;
    *nd = *dropped = *frac = 0;
    while (p < end && (unsigned)(*p - '0') < 10) {
        unsigned dig = (unsigned)(*p++ - '0');
        if (*nd == 0 && dig == 0) continue;
        if (*nd < 19) *w = *w * 10 + dig;
        else ++*dropped; /* an integer digit past the 19th scales w by ten */
        ++*nd;
    }
    if (p < end && *p == '.') {
        p++;
        while (p < end && (unsigned)(*p - '0') < 10) {
            unsigned dig = (unsigned)(*p++ - '0');
            if (*nd == 0 && dig == 0) {
                ++*frac;
                continue;
            }
            if (*nd < 19) {
                *w = *w * 10 + dig;
                ++*frac;
            }
            ++*nd; /* a fraction digit past the 19th only makes the value inexact in w */
        }
    }
    return p;
}

static double from_bits(uint64_t bits)
{
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

#define ONES UINT64_C(0x0101010101010101)

/* The common short number, read from eight bytes at once: digits, optionally a point and more digits, ending within
 * the eight bytes at a byte that is neither a digit, a point nor an exponent mark. Finds where the digits end with
 * bit arithmetic instead of a loop, whose exits (at lengths that vary from one number to the next) the branch
 * predictor misses. 1 with *w (the digits, the point left out; fewer than 9), *nfrac and *stop set; 0 when the
 * number is not of that shape (the general scanner then reads it). */
static inline int short_number(const char *p, uint64_t *w, int *nfrac, const char **stop)
{
    uint64_t x;
    memcpy(&x, p, 8);
    /* a byte is a digit when its high nibble is 3 and adding 6 keeps it so (0x30 ... 0x39): nonzero bytes of nd
     * mark the others */
    uint64_t nd = ((x & (0xF0 * ONES)) ^ (0x30 * ONES)) | (((x + 6 * ONES) & (0xF0 * ONES)) ^ (0x30 * ONES));
    if (!nd) return 0;
    int a = __builtin_ctzll(nd) >> 3; /* the first byte that is not a digit (little-endian load) */
    int isdot = (uint8_t)(x >> (8 * a)) == '.';
    uint64_t after = a < 7 ? nd & (~UINT64_C(0) << (8 * a + 8)) : 0;
    uint64_t rest = isdot ? after : nd;
    if (!rest) return 0;
    int b = __builtin_ctzll(rest) >> 3; /* where the number ends */
    uint8_t endc = (uint8_t)(x >> (8 * b));
    if ((endc | 0x20) == 'e' || endc == '.') return 0;
    int n = isdot ? b - 1 : a; /* digits */
    if (n == 0) return 0;
    uint64_t lo = x & ((UINT64_C(1) << (8 * a)) - 1) /* a < 8 */;
    uint64_t hi = isdot ? (x >> 8) & ~((UINT64_C(1) << (8 * a)) - 1) : 0;
    uint64_t d = (lo | hi) ^ (0x30 * ONES); /* digit values in the first n bytes */
    d <<= 8 * (8 - n);                      /* the rest shifted out: leading zeros of an 8-digit number */
    d = (d * 10 + (d >> 8)) & UINT64_C(0x00FF00FF00FF00FF);
    d = (d * 100 + (d >> 16)) & UINT64_C(0x0000FFFF0000FFFF);
    d = (d * 10000 + (d >> 32)) & UINT64_C(0xFFFFFFFF);
    *w = d;
    *nfrac = isdot ? b - a - 1 : 0;
    *stop = p + b;
    return 1;
}

int tsc__parse_number(const char *s, const char *end, double *out, const char **stop)
{
    const char *p = s;
    int neg = 0;
    if (p < end && (*p == '-' || *p == '+')) neg = *p++ == '-';
    if (end - p >= 8) {
        uint64_t sw;
        int sf;
        if (short_number(p, &sw, &sf, stop)) {
            double v = (double)sw; /* sw < 10^8, sf < 8: exact, then one correctly rounded division */
            if (sf) v /= tsc__pow10_exact[sf];
            *out = neg ? -v : v;
            return TSC_NUM_OK;
        }
    }
    const char *digits = p;
    /* the common case first: at most 19 digits in all, so w holds them exactly, leading zeros or not */
    uint64_t w = 0;
    while (p < end && (unsigned)(*p - '0') < 10) w = w * 10 + (unsigned)(*p++ - '0');
    int nint = (int)(p - digits), nfrac = 0;
    if (p < end && *p == '.') {
        const char *f = ++p;
        while (p < end && (unsigned)(*p - '0') < 10) w = w * 10 + (unsigned)(*p++ - '0');
        nfrac = (int)(p - f);
    }
    int any = nint + nfrac > 0, nd = nint + nfrac, dropped = 0, frac_kept = nfrac;
    if (nd > 19) p = scan_long(digits, end, &w, &nd, &dropped, &frac_kept);
    if (!any) return TSC_NUM_INVALID;
    int e = 0;
    if (p < end && (*p == 'e' || *p == 'E')) {
        const char *q = p + 1;
        int eneg = 0;
        if (q < end && (*q == '-' || *q == '+')) eneg = *q++ == '-';
        if (q < end && (unsigned)(*q - '0') < 10) { /* else "1e" or "1e+": the number ends before the e */
            while (q < end && (unsigned)(*q - '0') < 10) {
                if (e < EXP_CAP) e = e * 10 + (*q - '0');
                q++;
            }
            if (eneg) e = -e;
            p = q;
        }
    }
    *stop = p;
    uint64_t bits;
    if (w == 0) {
        bits = 0;
    } else {
        int q10 = e - frac_kept + dropped;
        if (nd <= 19 && w <= (UINT64_C(1) << 53) && q10 >= -TSC__POW10_EXACT_MAX && q10 <= TSC__POW10_EXACT_MAX) {
            double v = (double)w;
            v = q10 < 0 ? v / tsc__pow10_exact[-q10] : v * tsc__pow10_exact[q10];
            *out = neg ? -v : v;
            return TSC_NUM_OK;
        }
        if (!atomic_load_explicit(&pow5_ready, memory_order_acquire)) pthread_once(&pow5_once, pow5_init);
        if (q10 < Q_MIN) bits = 0;
        else if (q10 > Q_MAX) bits = UINT64_C(0x7FF) << 52;
        else {
            uint64_t b2;
            int ok = eisel_lemire(w, q10, &bits);
            if (ok && nd > 19) ok = eisel_lemire(w + 1, q10, &b2) && b2 == bits;
            if (!ok) bits = slow_bits(digits, p);
        }
    }
    if (neg) bits |= UINT64_C(1) << 63;
    *out = from_bits(bits);
    return isfinite(*out) ? TSC_NUM_OK : TSC_NUM_NONFINITE;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

int tsc__parse_double(const char *s, size_t len, double *out)
{
    const char *p = s, *end = s + len, *stop = NULL;
    while (p < end && is_blank(*p)) p++;
    while (end > p && is_blank(end[-1])) end--;
    if (p == end) return TSC_NUM_EMPTY;
    double v;
    int rc = tsc__parse_number(p, end, &v, &stop);
    if (rc == TSC_NUM_OK && stop == end) {
        *out = v;
        return TSC_NUM_OK;
    }
    if (rc == TSC_NUM_NONFINITE && stop == end) return TSC_NUM_NONFINITE; /* overflow */
    /* only decimal notation is a number here; say so for the spellings of NaN and infinity */
    const char *w = (*p == '+' || *p == '-') ? p + 1 : p;
    if (end - w >= 3) {
        char low[4] = {(char)(w[0] | 32), (char)(w[1] | 32), (char)(w[2] | 32), 0};
        if (strcmp(low, "nan") == 0 || strcmp(low, "inf") == 0) return TSC_NUM_NONFINITE;
    }
    return TSC_NUM_INVALID;
}

int tsc_number_parse(const char *s, size_t len, double *out)
{
    double v;
    int rc = tsc__parse_double(s, len, &v);
    if (rc == TSC_NUM_OK) {
        *out = v;
        return TSC_OK;
    }
    return rc == TSC_NUM_NONFINITE ? TSC_ENUMERIC : TSC_EPARSE;
}
