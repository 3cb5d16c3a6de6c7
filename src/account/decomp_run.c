/* The decompositions by name (tsc_decomp_run): the one dispatch of `tariffscope decompose --method` and the bindings.
 */
#include <stdio.h>
#include <string.h>

#include "error_int.h"
#include "tariffscope/decomp.h"

void tsc_decomp_spec_init(tsc_decomp_spec *s, const char *method)
{
    memset(s, 0, sizeof *s);
    s->method = method;
    s->level = TSC_LEVEL_COUNTRY;
    s->perspective = TSC_BM_EXPORTER;
    s->approach = TSC_BM_SOURCE;
    s->destination = TSC_NONE;
    s->finish = 1;
}

/* exvatools-METHOD[-terms]: exvatools 0.9's make_exvadec outputs. */
static int run_exvatools(tsc_decomp *d, const char *m, tsc_dresult *out, tsc_error *err)
{
    char name[32];
    if (strlen(m) >= sizeof name) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "unknown method 'exvatools-%s'", m);
    snprintf(name, sizeof name, "%s", m);
    size_t len = strlen(name);
    const char *output = NULL; /* the method's standard output */
    if (len > 6 && strcmp(name + len - 6, "-terms") == 0) {
        name[len - 6] = '\0';
        output = "terms";
    }
    return tsc_decomp_exvatools(d, name, output, out, err);
}

int tsc_decomp_run(tsc_decomp *d, const tsc_decomp_spec *s, tsc_dresult *out, tsc_error *err)
{
    const char *m = s->method ? s->method : "";
    if (strcmp(m, "kww") == 0) {
        if (s->level != TSC_LEVEL_COUNTRY)
            return tsc__error(err, TSC_EINVAL, NULL, 0, 0,
                              "kww is defined at country level (use wwz for bilateral detail)");
        return tsc_decomp_kww(d, out, err);
    }
    if (strcmp(m, "wwz") == 0) return tsc_decomp_wwz(d, out, err);
    if (strcmp(m, "wwz2kww") == 0) {
        tsc_dresult w = {0};
        int rc = tsc_decomp_wwz(d, &w, err);
        if (!rc) rc = tsc_decomp_wwz2kww(&w, s->level == TSC_LEVEL_SECTOR ? TSC_LEVEL_BILATERAL : s->level, out, err);
        tsc_dresult_free(&w);
        return rc;
    }
    if (strcmp(m, "bm") == 0) return tsc_decomp_bm(d, s->perspective, s->approach, s->level, out, err);
    if (strcmp(m, "tiva") == 0) return tsc_decomp_tiva(d, out, err);
    if (strcmp(m, "fdva") == 0) return tsc_decomp_fdva(d, out, err);
    if (strcmp(m, "routes") == 0) return tsc_decomp_routes(d, s->origin, s->destination, s->finish, out, err);
    if (strncmp(m, "exvatools-", 10) == 0) return run_exvatools(d, m + 10, out, err);
    return tsc__error(err, TSC_EINVAL, NULL, 0, 0,
                      "unknown method '%s' (kww, wwz, wwz2kww, bm, tiva, fdva, routes, exvatools-M[-terms])", m);
}
