/* The number parser gives exactly what strtod gives, and refuses what is not a finite number. */
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "numparse_int.h"
#include "testutil.h"

static void same_as_strtod(const char *s)
{
    double a = 0, b = strtod(s, NULL);
    cr_assert_eq(tsc__parse_double(s, strlen(s), &a), TSC_NUM_OK, "'%s' refused", s);
    cr_assert(memcmp(&a, &b, sizeof a) == 0, "'%s': %.17g vs strtod %.17g", s, a, b);
}

Test(numparse, exact_on_awkward_values)
{
    const char *v[] = {"0",
                       "-0",
                       "2.385",
                       "0.1",
                       "0.30000000000000004",
                       "76834",
                       "-1",
                       "1e22",
                       "1e23",
                       "9007199254740993",
                       "123456789012345678901234",
                       "4.9406564584124654e-324",
                       "1.7976931348623157e308",
                       "+5.5",
                       "  12.5 ",
                       "0.000000000000000000000000001",
                       "56249",
                       ".5",
                       "5.",
                       "1E-5",
                       "2.2250738585072011e-308"};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) same_as_strtod(v[i]);
}

Test(numparse, exact_on_random_decimals)
{
    srand(2385);
    char buf[64];
    for (int k = 0; k < 200000; k++) {
        int digits = 1 + rand() % 19, point = rand() % (digits + 1), e = rand() % 60 - 30, p = 0;
        if (rand() % 2) buf[p++] = '-';
        for (int d = 0; d < digits; d++) {
            if (d == point && d > 0) buf[p++] = '.';
            buf[p++] = (char)('0' + rand() % 10);
        }
        if (rand() % 3 == 0) p += snprintf(buf + p, sizeof buf - (size_t)p, "e%d", e);
        buf[p] = '\0';
        same_as_strtod(buf);
    }
}

Test(numparse, refusals)
{
    double v;
    cr_assert_eq(tsc__parse_double("", 0, &v), TSC_NUM_EMPTY);
    cr_assert_eq(tsc__parse_double("  ", 2, &v), TSC_NUM_EMPTY);
    cr_assert_eq(tsc__parse_double("abc", 3, &v), TSC_NUM_INVALID);
    cr_assert_eq(tsc__parse_double("1,5", 3, &v), TSC_NUM_INVALID);
    cr_assert_eq(tsc__parse_double("1e", 2, &v), TSC_NUM_INVALID);
    cr_assert_eq(tsc__parse_double("NaN", 3, &v), TSC_NUM_NONFINITE);
    cr_assert_eq(tsc__parse_double("inf", 3, &v), TSC_NUM_NONFINITE);
    cr_assert_eq(tsc__parse_double("-Infinity", 9, &v), TSC_NUM_NONFINITE);
    cr_assert_eq(tsc__parse_double("1e400", 5, &v), TSC_NUM_NONFINITE);
    cr_assert_eq(tsc__parse_double("12 3", 4, &v), TSC_NUM_INVALID);
}

/* ---- the sweep against strtod: at least 10^7 strings (TSC_NUMPARSE_STRINGS sets another count) ---- */

static uint64_t sweep_state = 0x2385u;
static uint64_t next64(void)
{
    uint64_t z = (sweep_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}
static unsigned below(unsigned n)
{
    return (unsigned)(next64() % n);
}

static size_t sweep_fails;

/* Ours against strtod in the C locale: the same bits, or TSC_NUM_NONFINITE where strtod overflows. */
static void check_one(const char *s)
{
    double a = 0, b = strtod(s, NULL);
    int rc = tsc__parse_double(s, strlen(s), &a);
    int ok = isinf(b) ? rc == TSC_NUM_NONFINITE : rc == TSC_NUM_OK && memcmp(&a, &b, sizeof a) == 0;
    if (!ok && sweep_fails++ < 10) cr_log_error("'%.120s': rc %d, %.17g vs strtod %.17g", s, rc, a, b);
    /* the same number inside a record, more bytes after it: the scanner may read eight bytes at once */
    char rec[1100];
    size_t len = strlen(s);
    if (len + 12 > sizeof rec || s[0] == ' ') return;
    memcpy(rec, s, len);
    memcpy(rec + len, ",123456789", 11);
    const char *stop = NULL;
    a = 0;
    rc = tsc__parse_number(rec, rec + len + 10, &a, &stop);
    ok = isinf(b) ? rc == TSC_NUM_NONFINITE && stop == rec + len
                  : rc == TSC_NUM_OK && stop == rec + len && memcmp(&a, &b, sizeof a) == 0;
    if (!ok && sweep_fails++ < 10) cr_log_error("'%.120s' in a record: rc %d, %.17g vs strtod %.17g", s, rc, a, b);
}

/* A random decimal: sign, leading zeros, 1 to 40 digits with a point anywhere, an exponent over the whole range. */
static void random_decimal(char *buf, size_t cap)
{
    size_t p = 0;
    unsigned r = below(8);
    if (r == 0) buf[p++] = '-';
    else if (r == 1) buf[p++] = '+';
    for (unsigned z = below(4) == 0 ? below(5) : 0; z > 0; z--) buf[p++] = '0';
    unsigned digits = below(3) == 0 ? 1 + below(40) : 1 + below(19), point = below(digits + 2);
    for (unsigned d = 0; d < digits; d++) {
        if (d == point) buf[p++] = '.';
        buf[p++] = (char)('0' + below(10));
    }
    if (point == digits) buf[p++] = '.';
    if (below(4)) {
        int e = below(2) ? (int)below(700) - 360 : (int)below(60) - 30;
        p += (size_t)snprintf(buf + p, cap - p, below(2) ? "e%d" : "E%+d", e);
    }
    buf[p] = '\0';
}

/* A random double (any bit pattern but NaN and infinities, so subnormals too) written with 1 to 17 digits. */
static void random_shortest(char *buf, size_t cap)
{
    double d;
    do {
        uint64_t bits = next64();
        memcpy(&d, &bits, sizeof d);
    } while (!isfinite(d));
    snprintf(buf, cap, "%.*g", 1 + (int)below(17), d);
}

/* Exactly halfway between two neighbouring doubles (long double holds the midpoint exactly on x86-64), or a hair
 * above or below it: the cases that need every digit. */
static int random_halfway(char *buf, size_t cap)
{
#if LDBL_MANT_DIG >= 64
    double d;
    do {
        uint64_t bits = next64() >> 1;
        if (below(8) == 0) bits &= (UINT64_C(1) << 52) - 1; /* a subnormal */
        memcpy(&d, &bits, sizeof d);
    } while (!isfinite(d) || d >= DBL_MAX);
    long double mid = ((long double)d + (long double)nextafter(d, INFINITY)) / 2;
    int n = snprintf(buf, cap, "%.780Le", mid);
    char *e = strchr(buf, 'e');
    char *last = e - 1;
    while (*last == '0') last--; /* drop trailing zeros: the exact midpoint, shortest */
    unsigned how = below(3);
    char exp[16];
    snprintf(exp, sizeof exp, "%s", e);
    if (how == 0) snprintf(last + 1, cap - (size_t)(last + 1 - buf), "%s", exp);          /* exactly halfway */
    else if (how == 1) snprintf(last + 1, cap - (size_t)(last + 1 - buf), "0001%s", exp); /* just above */
    else { /* just below: the last digit one less, then nines */
        if (*last == '.') return 0;
        (*last)--;
        snprintf(last + 1, cap - (size_t)(last + 1 - buf), "999%s", exp);
    }
    return n > 0;
#else
    (void)buf;
    (void)cap;
    return 0;
#endif
}

Test(numparse, hard_cases_against_strtod)
{
    setlocale(LC_NUMERIC, "C");
    const char *v[] = {"1e-400",
                       "-1e-400",
                       "1e400",
                       "-1e400",
                       "1e308",
                       "1.7976931348623157e308",
                       "1.7976931348623158e308",
                       "1.7976931348623159e308",
                       "179769313486231580793728971405301e276",
                       "179769313486231580793728971405302e276",
                       "2.2250738585072014e-308",
                       "2.2250738585072011e-308",
                       "2.225073858507201136057409796709131975934819546351645648e-308",
                       "4.9406564584124654e-324",
                       "2.4703282292062327e-324",
                       "2.4703282292062328e-324",
                       "2.47032822920623272e-324",
                       "1e-324",
                       "5e-324",
                       "0e999999999",
                       "1e999999999999",
                       "1e-999999999999",
                       "-0.0",
                       "-0",
                       "+0",
                       "0000000000000000000000001.5",
                       "00.000000000000000000000000000000000000000000000000012",
                       "9007199254740992",
                       "9007199254740993",
                       "9007199254740994",
                       "9007199254740995",
                       "9007199254740993.0000000000000000000000000000001",
                       "18014398509481985",
                       "1e22",
                       "1e23",
                       "8.41e21",
                       "5.0e-324",
                       "7.2057594037927933e16",
                       "1.00000000000000011102230246251565404236316680908203125",
                       "1.00000000000000011102230246251565404236316680908203124",
                       "1.00000000000000011102230246251565404236316680908203126",
                       "0.1",
                       "0.2",
                       "0.3",
                       "123456789012345678901234567890e-50",
                       "3.14159265358979323846264338327950288419716939937510",
                       "9999999999999999999",
                       "99999999999999999999",
                       "10000000000000000000000000000000000000001",
                       ".1e1",
                       "1.e1",
                       "+.5e-0",
                       "-.0e-0",
                       "6.631236846766476e-316",
                       "3.5e-320",
                       "1.9156918820264798e-56",
                       "4.4501477170144023e-308",
                       "4.4501477170144028e-308"};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) check_one(v[i]);
    /* a long mantissa: 1 followed by 1,000 zeros and a point, times 10^-1000; and 1,100 digits of nines */
    static char longbuf[2400];
    size_t p = 0;
    longbuf[p++] = '1';
    for (int k = 0; k < 1000; k++) longbuf[p++] = '0';
    snprintf(longbuf + p, sizeof longbuf - p, "e-1000");
    check_one(longbuf);
    p = 0;
    longbuf[p++] = '0';
    longbuf[p++] = '.';
    for (int k = 0; k < 1100; k++) longbuf[p++] = '9';
    longbuf[p] = '\0';
    check_one(longbuf);
    cr_assert_eq(sweep_fails, 0, "%zu strings differ from strtod", sweep_fails);
}

Test(numparse, ten_million_strings_against_strtod, .timeout = 300)
{
    setlocale(LC_NUMERIC, "C");
    const char *env = getenv("TSC_NUMPARSE_STRINGS");
    size_t count = env ? strtoul(env, NULL, 10) : 10000000, halfway = 0;
    char buf[1024];
    sweep_fails = 0;
    for (size_t k = 0; k < count; k++) {
        unsigned kind = (unsigned)(k % 64);
        if (kind == 0) {
            if (!random_halfway(buf, sizeof buf)) continue;
            halfway++;
        } else if (kind < 28) random_shortest(buf, sizeof buf);
        else random_decimal(buf, sizeof buf);
        check_one(buf);
    }
    cr_log_info("%zu strings, %zu of them at or beside a halfway point", count, halfway);
    cr_assert_eq(sweep_fails, 0, "%zu of %zu strings differ from strtod", sweep_fails, count);
    if (count >= 10000000 && LDBL_MANT_DIG >= 64) cr_assert_gt(halfway, count / 100);
}

/* Short numbers (up to 8 bytes, which the scanner reads at once) followed by what may come after a number in a
 * record: where the scan stops and the value, as strtod finds them. */
Test(numparse, short_numbers_in_records_against_strtod)
{
    setlocale(LC_NUMERIC, "C");
    static const char *const after[] = {",",    "\t", "\n", "\r\n", " ",   ";", "z",  "e5,",  "E-3\t",
                                        "e+12", "e",  "E+", ".",    "..5", "-", "\"", "1e1.5"};
    char buf[64];
    sweep_fails = 0;
    for (int k = 0; k < 2000000; k++) {
        size_t p = 0;
        if (below(6) == 0) buf[p++] = below(2) ? '-' : '+';
        unsigned len = 1 + below(9), point = below(len + 3);
        for (unsigned d = 0; d < len; d++) buf[p++] = d == point ? '.' : (char)('0' + below(10));
        const char *tail = after[below(sizeof after / sizeof *after)];
        size_t n = p, tl = strlen(tail);
        memcpy(buf + p, tail, tl);
        p += tl;
        while (p < 24) buf[p++] = (char)('0' + below(10)); /* more record after the separator */
        buf[p] = '\0';
        char *want_end = NULL;
        double want = strtod(buf, &want_end), got = 0;
        const char *stop = NULL;
        int rc = tsc__parse_number(buf, buf + p, &got, &stop);
        int ok;
        if (want_end == buf) ok = rc == TSC_NUM_INVALID;                        /* "." or a lone sign */
        else if (isinf(want)) ok = rc == TSC_NUM_NONFINITE && stop == want_end; /* an exponent run on into digits */
        else ok = rc == TSC_NUM_OK && stop == want_end && memcmp(&got, &want, sizeof got) == 0;
        if (!ok && sweep_fails++ < 10)
            cr_log_error("'%.*s' + '%s': rc %d, %.17g stopping at %td vs strtod %.17g at %td", (int)n, buf, tail, rc,
                         got, stop ? stop - buf : -1, want, want_end - buf);
    }
    cr_assert_eq(sweep_fails, 0, "%zu short numbers differ from strtod", sweep_fails);
}
