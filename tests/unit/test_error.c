/* The public error setter: fields, formatting, a NULL record, and amending an error in place. */
#include <string.h>

#include "tariffscope/error.h"
#include "testutil.h"

Test(error, set_fills_every_field)
{
    tsc_error err;
    tsc_error_clear(&err);
    cr_assert_eq(tsc_error_set(&err, TSC_EPARSE, "a.csv", 3, 17, "'%s' is not a number (%.3f)", "2.3.85", 2.385),
                 TSC_EPARSE);
    cr_assert_eq(err.code, TSC_EPARSE);
    cr_assert_str_eq(err.file, "a.csv");
    cr_assert_eq(err.line, 3);
    cr_assert_eq(err.col, 17);
    cr_assert_str_eq(err.msg, "'2.3.85' is not a number (2.385)");
    char buf[1200];
    cr_assert_str_eq(tsc_error_format(&err, buf, sizeof buf), "a.csv:3:17: '2.3.85' is not a number (2.385)");
}

Test(error, set_without_location_or_record)
{
    tsc_error err;
    tsc_error_clear(&err);
    cr_assert_eq(tsc_error_set(&err, TSC_EIO, NULL, 0, 0, "cannot write %s", "out/x.csv"), TSC_EIO);
    cr_assert_str_eq(err.file, "");
    char buf[1200];
    cr_assert_str_eq(tsc_error_format(&err, buf, sizeof buf), "cannot write out/x.csv");
    cr_assert_eq(tsc_error_set(NULL, TSC_EINVAL, "f", 1, 2, "ignored"), TSC_EINVAL);
}

Test(error, amend_in_place_and_truncate)
{
    tsc_error err;
    tsc_error_clear(&err);
    tsc_error_set(&err, TSC_ELABEL, "theta.csv", 4, 1, "no elasticity for sector '%s'", "s9");
    tsc_error_set(&err, err.code, err.file, err.line, err.col, "%s: give --theta", err.msg);
    cr_assert_str_eq(err.msg, "no elasticity for sector 's9': give --theta");
    cr_assert_str_eq(err.file, "theta.csv");
    char big[2000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    tsc_error_set(&err, TSC_EIO, big, 0, 0, "%s", big);
    cr_assert_eq(strlen(err.file), sizeof err.file - 1);
    cr_assert_eq(strlen(err.msg), sizeof err.msg - 1);
}
