/* tsc_dtoa17 gives byte for byte what printf("%.17g") gives, on awkward and random values of every magnitude. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "tariffscope/numfmt.h"
#include "testutil.h"

static void same(double v)
{
    char a[TSC_DTOA_SIZE], b[64];
    tsc_dtoa17(v, a);
    snprintf(b, sizeof b, "%.17g", v);
    cr_assert_str_eq(a, b, "%a", v);
}

Test(numfmt, awkward_values)
{
    const double v[] = {0.0,
                        -0.0,
                        1.0,
                        -1.0,
                        2.385,
                        0.1,
                        0.0001,
                        0.00010000000000000001,
                        1e-4 * (1 - 1e-16),
                        99999.5,
                        1e15,
                        999999999999999.88,
                        123456789.125,
                        0.5,
                        0.25,
                        76834,
                        56249,
                        9.999999999999999e14,
                        1e-5,
                        3.0e-300,
                        1.7976931348623157e308,
                        64.299999999999997,
                        0.30000000000000004};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) same(v[i]);
}

Test(numfmt, random_values_and_ties)
{
    uint64_t s = 2385;
    for (int k = 0; k < 500000; k++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u = (double)(s >> 11) / 9007199254740992.0; /* [0, 1) */
        double v = pow(10.0, -8 + 24 * u) * ((s & 1) ? -1 : 1);
        same(v);
        same(nextafter(v, 0));
        same(round(v * 8) / 8); /* exact binary fractions, where ties occur */
    }
}
