/* Calendar dates as the scenarios and the command use them: strict ISO 8601 YYYY-MM-DD, compared as dates. */
#ifndef TARIFFSCOPE_DATE_H
#define TARIFFSCOPE_DATE_H

#include <stdint.h>

#include "tariffscope/error.h"

/* The range of dates accepted: 1900-01-01 to 2199-12-31 (tariff measures and trade data of the 20th to the 22nd
 * century; a year outside it is a typo). */
#define TSC_DATE_MIN_YEAR 1900
#define TSC_DATE_MAX_YEAR 2199

/* Parses s as YYYY-MM-DD: exactly ten characters, four-digit year in range, two-digit month 01-12 and day that
 * exists in that month (Gregorian calendar, leap years included). *days receives the day number, days since
 * 1970-01-01 (negative before), so that dates compare as integers. Returns TSC_OK or TSC_EINVAL with a message
 * naming the date and what is wrong (err's location is left for the caller to set). */
int tsc_date_parse(const char *s, int32_t *days, tsc_error *err);

/* Writes day number days as "YYYY-MM-DD" into out (11 bytes). */
void tsc_date_format(int32_t days, char out[11]);

#endif
