/* Calendar dates: the strict YYYY-MM-DD parser, day numbers that compare as dates, and every wrong date refused. */
#include <criterion/criterion.h>
#include <string.h>

#include "tariffscope/date.h"

Test(date, known_day_numbers)
{
    static const struct {
        const char *s;
        int32_t day;
    } known[] = {
        {"1970-01-01", 0}, {"2000-03-01", 11017}, {"1900-01-01", -25567}, {"2199-12-31", 84005}, {"2025-04-09", 20187}};
    for (size_t k = 0; k < sizeof known / sizeof *known; k++) {
        int32_t d;
        tsc_error err;
        cr_assert_eq(tsc_date_parse(known[k].s, &d, &err), TSC_OK, "%s: %s", known[k].s, err.msg);
        cr_assert_eq(d, known[k].day, "%s: %d", known[k].s, (int)d);
    }
}

Test(date, every_day_of_the_range_round_trips_in_order)
{
    char s[11];
    int32_t first, last, prev = 0;
    tsc_error err;
    cr_assert_eq(tsc_date_parse("1900-01-01", &first, &err), TSC_OK);
    cr_assert_eq(tsc_date_parse("2199-12-31", &last, &err), TSC_OK);
    size_t leap_days = 0;
    for (int32_t d = first; d <= last; d++) {
        tsc_date_format(d, s);
        int32_t back;
        cr_assert_eq(tsc_date_parse(s, &back, &err), TSC_OK, "%s: %s", s, err.msg);
        cr_assert_eq(back, d, "%s", s);
        if (d > first) cr_assert_eq(back, prev + 1);
        prev = back;
        leap_days += strcmp(s + 4, "-02-29") == 0;
    }
    /* 300 years, 75 multiples of 4, less 1900, 2100 (2000 is a leap year) */
    cr_assert_eq(leap_days, 73);
    cr_assert_eq((size_t)(last - first + 1), 300 * 365 + leap_days);
}

Test(date, wrong_dates_are_refused_with_the_reason)
{
    static const struct {
        const char *s, *msg;
    } bad[] = {
        {"2025-4-9", "is not a date YYYY-MM-DD"},
        {"2025-99-99", "no month 99"},
        {"99999-01-01", "not a date"},
        {"", "empty"},
        {"2025-02-29", "has 28 days"},
        {"1900-02-29", "has 28 days"},
        {"2025-02-30", "has 28 days"},
        {"0000-01-01", "outside 1900-2199"},
        {"2200-01-01", "outside"},
        {"1899-12-31", "outside"},
        {" 2025-01-01", "not a date"},
        {"2025-01-01x", "not a date"},
        {"2025/01/01", "not a date"},
        {"2025-00-10", "no month 00"},
        {"2025-04-31", "has 30 days"},
        {"2025-01-00", "has 31 days"},
        {"+025-01-01", "not a date"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        int32_t d;
        tsc_error err;
        tsc_error_clear(&err);
        cr_assert_eq(tsc_date_parse(bad[k].s, &d, &err), TSC_EINVAL, "'%s' accepted", bad[k].s);
        cr_assert(strstr(err.msg, bad[k].msg), "'%s': %s", bad[k].s, err.msg);
    }
    int32_t d;
    tsc_error err;
    cr_assert_eq(tsc_date_parse(NULL, &d, &err), TSC_EINVAL);
    cr_assert_eq(tsc_date_parse("2024-02-29", &d, &err), TSC_OK, "2024 is a leap year");
    cr_assert_eq(tsc_date_parse("2000-02-29", &d, &err), TSC_OK, "2000 is a leap year");
}
