/* Powers of ten, exact as integers and as doubles: the one copy every parser and formatter of the library shares. */
#include "pow10_int.h"

const uint64_t tsc__pow10_u64[TSC__POW10_U64_MAX + 1] = {UINT64_C(1),
                                                         UINT64_C(10),
                                                         UINT64_C(100),
                                                         UINT64_C(1000),
                                                         UINT64_C(10000),
                                                         UINT64_C(100000),
                                                         UINT64_C(1000000),
                                                         UINT64_C(10000000),
                                                         UINT64_C(100000000),
                                                         UINT64_C(1000000000),
                                                         UINT64_C(10000000000),
                                                         UINT64_C(100000000000),
                                                         UINT64_C(1000000000000),
                                                         UINT64_C(10000000000000),
                                                         UINT64_C(100000000000000),
                                                         UINT64_C(1000000000000000),
                                                         UINT64_C(10000000000000000),
                                                         UINT64_C(100000000000000000),
                                                         UINT64_C(1000000000000000000),
                                                         UINT64_C(10000000000000000000)};

const double tsc__pow10_exact[TSC__POW10_EXACT_MAX + 1] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                           1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                           1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
