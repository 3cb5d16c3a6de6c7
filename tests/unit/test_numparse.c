/* The number parser gives exactly what strtod gives, and refuses what is not a finite number. */
#include <math.h>
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
