/* Calendar dates: a strict YYYY-MM-DD parser and the day number that makes dates compare as integers. */
#include <stdio.h>
#include <string.h>

#include "error_int.h"
#include "tariffscope/date.h"

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return days[m - 1] + (m == 2 && leap(y));
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (the civil-from-days inverse, by eras of 400
 * years, so no loop over years). */
static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;                                  /* [0, 399] */
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] from March 1 */
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
    return (int32_t)era * 146097 + doe - 719468;
}

static int digits(const char *s, size_t n, int *v)
{
    *v = 0;
    for (size_t k = 0; k < n; k++) {
        if (s[k] < '0' || s[k] > '9') return -1;
        *v = *v * 10 + (s[k] - '0');
    }
    return 0;
}

int tsc_date_parse(const char *s, int32_t *days, tsc_error *err)
{
    int y, m, d;
    if (!s || !*s) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "a date is empty; write YYYY-MM-DD");
    size_t len = strlen(s);
    if (len != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0,
                          "'%.40s' is not a date YYYY-MM-DD (four-digit year, two-digit "
                          "month and day)",
                          s);
    if (y < TSC_DATE_MIN_YEAR || y > TSC_DATE_MAX_YEAR)
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "date '%s': the year is outside %d-%d", s, TSC_DATE_MIN_YEAR,
                          TSC_DATE_MAX_YEAR);
    if (m < 1 || m > 12) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "date '%s': there is no month %02d", s, m);
    if (d < 1 || d > month_days(y, m))
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "date '%s': month %02d of %d has %d days", s, m, y,
                          month_days(y, m));
    *days = days_from_civil(y, m, d);
    return TSC_OK;
}

void tsc_date_format(int32_t days, char out[11])
{
    /* the inverse of days_from_civil */
    int32_t z = days + 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t y = yoe + era * 400;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int32_t mp = (5 * doy + 2) / 153;
    int32_t d = doy - (153 * mp + 2) / 5 + 1;
    int32_t m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    /* every field in range for the formats' widths (a day number from tsc_date_parse has a four-digit year) */
    unsigned yy = (unsigned)y % 10000u, mm = (unsigned)m % 100u, dd = (unsigned)d % 100u;
    snprintf(out, 11, "%04u-%02u-%02u", yy, mm, dd);
}
