/* Fuzzes the number parser against strtod: whatever tsc_number_parse accepts, strtod reads whole to the same bits;
 * whatever strtod reads whole in plain decimal notation to a finite value, tsc_number_parse accepts. */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

static int decimal_syntax(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr("0123456789.eE+- \t", s[i]) || s[i] == '\0') return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char buf[4096];
    if (size >= sizeof buf) return 0;
    setlocale(LC_NUMERIC, "C");
    memcpy(buf, data, size);
    buf[size] = '\0';
    double ours = 0;
    int rc = tsc_number_parse(buf, size, &ours);
    if (!decimal_syntax(buf, size)) {
        if (rc == TSC_OK) abort(); /* only decimal notation is a number */
        return 0;
    }
    /* strtod on the text without the blanks around it */
    size_t a = 0, b = size;
    while (a < b && (buf[a] == ' ' || buf[a] == '\t')) a++;
    while (b > a && (buf[b - 1] == ' ' || buf[b - 1] == '\t')) b--;
    buf[b] = '\0';
    char *end = NULL;
    double ref = a < b ? strtod(buf + a, &end) : 0;
    int whole = a < b && end == buf + b;
    if (rc == TSC_OK && (!whole || memcmp(&ours, &ref, sizeof ours) != 0)) abort();
    if (rc != TSC_OK && whole && isfinite(ref)) abort();
    if (rc == TSC_ENUMERIC && !(whole && isinf(ref))) abort();
    return 0;
}
