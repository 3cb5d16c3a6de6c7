/* exvatools-compatible decompositions (exvatools 0.9 make_exvadec): KWW, WWZ, Miroudot-Ye and Borin-Mancini
 * standard outputs as recombinations of our own decompositions, dispatch, layout and identity checks
 * (docs/DECOMPOSITIONS.md). */
#include <math.h>
#include <string.h>

#include "alloc_int.h"
#include "decomp_bm_int.h"
#include "decomp_int.h"
#include "error_int.h"

/* ---- layout and checks shared by decomp_exva*.c ---- */

int tsc__exva_alloc(const tsc_decomp *d, const char *const *terms, size_t nterm, int bilateral, int sector_rows,
                    tsc_dresult *out, tsc_error *err)
{
    size_t G = d->G, N = d->N, n = d->n, nbil = bilateral ? n * G : 0;
    int rc = tsc__dresult_alloc(out, bilateral ? TSC_LEVEL_BILATERAL : TSC_LEVEL_SECTOR, nbil + (sector_rows ? n : 0),
                                terms, nterm, err);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) {
        for (size_t r = 0; r < G && bilateral; r++) {
            size_t row = i * G + r;
            out->exporter[row] = i / N;
            out->sector[row] = i % N;
            out->importer[row] = r;
        }
        if (sector_rows) {
            out->exporter[nbil + i] = i / N;
            out->sector[nbil + i] = i % N;
        }
    }
    return TSC_OK;
}

double tsc__exva_floor(const tsc_decomp *d)
{
    double m = 0;
    for (size_t i = 0; i < d->n; i++) m = fmax(m, fabs(d->x[i]));
    return 1e-12 * m;
}

int tsc__exva_agree(const tsc_decomp *d, double got, double want, double abs_floor, size_t i, size_t r,
                    const char *what, tsc_error *err)
{
    if (tsc__rel_gap(got, want, abs_floor) <= TSC_DECOMP_IDENTITY_TOL) return TSC_OK;
    return tsc__error(err, TSC_ENUMERIC, tsc_table_source(d->t), 0, 0,
                      "exvatools identity %s fails for %s %s%s%s: %.17g vs %.17g", what,
                      tsc_table_region(d->t, i / d->N), tsc_table_sector(d->t, i % d->N), r == TSC_NONE ? "" : " to ",
                      r == TSC_NONE ? "" : tsc_table_region(d->t, r), got, want);
}

static size_t term_index(const tsc_dresult *r, const char *name, size_t len)
{
    for (size_t k = 0; k < r->nterm; k++)
        if (strlen(r->terms[k]) == len && strncmp(r->terms[k], name, len) == 0) return k;
    return TSC_NONE;
}

/* Checks an identity written "LHS=A+B+C" (term names of r) on every row whose exporting sector has x > 0 (a
 * sector with x <= 0 has no coefficients, so its exports carry no value added to trace). */
static int check_identity(const tsc_decomp *d, const tsc_dresult *r, const char *identity, double abs_floor,
                          tsc_error *err)
{
    enum { MAXPARTS = 24 };
    size_t idx[MAXPARTS], np = 0;
    const char *p = identity;
    while (*p) {
        size_t len = strcspn(p, "=+");
        if (np == MAXPARTS || (idx[np] = term_index(r, p, len)) == TSC_NONE)
            return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "internal: bad identity %s", identity);
        np++;
        p += len;
        if (*p) p++;
    }
    for (size_t row = 0; row < r->nrow; row++) {
        size_t i = r->exporter[row] * d->N + r->sector[row];
        if (!(d->x[i] > 0)) continue;
        const double *o = r->v + row * r->nterm;
        double sum = 0;
        for (size_t k = 1; k < np; k++) sum += o[idx[k]];
        int rc = tsc__exva_agree(d, sum, o[idx[0]], abs_floor, i, r->importer[row], identity, err);
        if (rc) return rc;
    }
    return TSC_OK;
}

/* ---- recombinations of our decompositions ---- */

/* An output term as the sum of terms of a source result (NULL-terminated). */
typedef struct recipe {
    const char *name;
    const char *parts[11];
} recipe;

#define WWZ_VAX "DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF", "DVA_INTrexI2"
#define WWZ_REF "RDV_FIN", "RDV_FIN2", "RDV_INT"
#define WWZ_DDC "DDC_FIN", "DDC_INT"
#define WWZ_FVA "MVA_FIN", "OVA_FIN", "MVA_INT", "OVA_INT"
#define WWZ_FDC "MDC", "ODC"

/* exvatools' WWZ names our (decompr's) terms differently and orders FVA as MVA, OVA by final then intermediate. */
static const recipe wwz_terms[] = {{"EXGR", {"texp"}},
                                   {"DVA_FIN", {"DVA_FIN"}},
                                   {"DVA_INT", {"DVA_INT"}},
                                   {"DVA_INTrex1", {"DVA_INTrexI1"}},
                                   {"DVA_INTrex2", {"DVA_INTrexF"}},
                                   {"DVA_INTrex3", {"DVA_INTrexI2"}},
                                   {"RDV_FIN1", {"RDV_FIN"}},
                                   {"RDV_FIN2", {"RDV_FIN2"}},
                                   {"RDV_INT", {"RDV_INT"}},
                                   {"DDC_FIN", {"DDC_FIN"}},
                                   {"DDC_INT", {"DDC_INT"}},
                                   {"FVA_FIN1", {"MVA_FIN"}},
                                   {"FVA_FIN2", {"OVA_FIN"}},
                                   {"FVA_INT1", {"MVA_INT"}},
                                   {"FVA_INT2", {"OVA_INT"}},
                                   {"MDC", {"MDC"}},
                                   {"ODC", {"ODC"}}};

/* Shared by wwz and kww "standard". */
static const recipe wwz_standard[] = {{"EXGR", {"texp"}},          {"DC", {WWZ_VAX, WWZ_REF, WWZ_DDC}},
                                      {"DVA", {WWZ_VAX, WWZ_REF}}, {"VAX", {WWZ_VAX}},
                                      {"REF", {WWZ_REF}},          {"DDC", {WWZ_DDC}},
                                      {"FC", {WWZ_FVA, WWZ_FDC}},  {"FVA", {WWZ_FVA}},
                                      {"FDC", {WWZ_FDC}}};

/* KWW's 9 terms from WWZ's 16 (Wang, Wei and Zhu 2013, table E2). */
static const recipe kww_terms[] = {{"EXGR", {"texp"}},
                                   {"VAX1", {"DVA_FIN"}},
                                   {"VAX2", {"DVA_INT", "DVA_INTrexI1"}},
                                   {"VAX3", {"DVA_INTrexF", "DVA_INTrexI2"}},
                                   {"REF1", {"RDV_FIN", "RDV_FIN2"}},
                                   {"REF2", {"RDV_INT"}},
                                   {"DDC", {WWZ_DDC}},
                                   {"FVA1", {"MVA_FIN", "OVA_FIN"}},
                                   {"FVA2", {"MVA_INT", "OVA_INT"}},
                                   {"FDC", {WWZ_FDC}}};

/* Miroudot-Ye (2021) with the country perimeter is Borin-Mancini's exporter/source split of each flow. */
static const recipe my_standard[] = {{"EXGR", {"GEXP"}}, {"DC", {"DC"}},   {"DVA", {"DVA"}}, {"DDC", {"DDC"}},
                                     {"FC", {"FC"}},     {"FVA", {"FVA"}}, {"FDC", {"FDC"}}};
static const recipe my_terms[] = {
    {"EXGR", {"GEXP"}}, {"DVA", {"DVA"}}, {"DDC", {"DDC"}}, {"FVA", {"FVA"}}, {"FDC", {"FDC"}}};

static const recipe bm_src_standard[] = {{"EXGR", {"GEXP"}},   {"DC", {"DC"}},   {"DVA", {"DVA"}}, {"VAX", {"VAX"}},
                                         {"DAVAX", {"DAVAX"}}, {"REF", {"REF"}}, {"DDC", {"DDC"}}, {"FC", {"FC"}},
                                         {"FVA", {"FVA"}},     {"FDC", {"FDC"}}, {"GVC", {"GVC"}}, {"GVCB", {"GVCB"}},
                                         {"GVCF", {"GVCF"}}};
static const recipe bm_snk_standard[] = {{"EXGR", {"GEXP"}},   {"DC", {"DC"}},   {"DVA", {"DVA"}}, {"VAX", {"VAX"}},
                                         {"VAXIM", {"VAXIM"}}, {"REF", {"REF"}}, {"DDC", {"DDC"}}, {"FC", {"FC"}},
                                         {"FVA", {"FVA"}},     {"FDC", {"FDC"}}};

#define NAMES(r) (sizeof r / sizeof *r)

/* Term names of each recipe table (the result keeps pointers to them, so they are static). */
static const char *const wwz_terms_names[] = {
    "EXGR",    "DVA_FIN", "DVA_INT",  "DVA_INTrex1", "DVA_INTrex2", "DVA_INTrex3", "RDV_FIN1", "RDV_FIN2", "RDV_INT",
    "DDC_FIN", "DDC_INT", "FVA_FIN1", "FVA_FIN2",    "FVA_INT1",    "FVA_INT2",    "MDC",      "ODC"};
static const char *const wwz_standard_names[] = {"EXGR", "DC", "DVA", "VAX", "REF", "DDC", "FC", "FVA", "FDC"};
static const char *const kww_terms_names[] = {"EXGR", "VAX1", "VAX2", "VAX3", "REF1",
                                              "REF2", "DDC",  "FVA1", "FVA2", "FDC"};
static const char *const my_standard_names[] = {"EXGR", "DC", "DVA", "DDC", "FC", "FVA", "FDC"};
static const char *const my_terms_names[] = {"EXGR", "DVA", "DDC", "FVA", "FDC"};
static const char *const bm_src_standard_names[] = {"EXGR", "DC",  "DVA", "VAX", "DAVAX", "REF", "DDC",
                                                    "FC",   "FVA", "FDC", "GVC", "GVCB",  "GVCF"};
static const char *const bm_snk_standard_names[] = {"EXGR", "DC",  "DVA", "VAX", "VAXIM",
                                                    "REF",  "DDC", "FC",  "FVA", "FDC"};

/* Builds out from src by the recipes, bilateral (row i * G + r) or summed over importers (row i). */
static int recombine(const tsc_decomp *d, const tsc_dresult *src, const recipe *rec, const char *const *names,
                     size_t nterm, int bilateral, tsc_dresult *out, tsc_error *err)
{
    enum { MAXP = sizeof rec->parts / sizeof *rec->parts };
    size_t *idx = tsc__malloc(nterm * MAXP * sizeof *idx);
    if (!idx) return tsc__error(err, TSC_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = TSC_OK;
    for (size_t k = 0; k < nterm && !rc; k++) {
        if (strcmp(rec[k].name, names[k]) != 0)
            rc = tsc__error(err, TSC_EINVAL, NULL, 0, 0, "internal: recipe %s out of order", rec[k].name);
        for (size_t p = 0; p < MAXP && !rc; p++) {
            const char *part = rec[k].parts[p];
            idx[k * MAXP + p] = part ? term_index(src, part, strlen(part)) : TSC_NONE;
            if (part && idx[k * MAXP + p] == TSC_NONE)
                rc = tsc__error(err, TSC_EINVAL, NULL, 0, 0, "internal: no term %s to build %s", part, rec[k].name);
        }
    }
    if (!rc) rc = tsc__exva_alloc(d, names, nterm, bilateral, !bilateral, out, err);
    if (rc) {
        tsc__free(idx);
        return rc;
    }
    for (size_t row = 0; row < src->nrow; row++) {
        size_t i = src->exporter[row] * d->N + src->sector[row];
        double *o = out->v + (bilateral ? i * d->G + src->importer[row] : i) * nterm;
        const double *v = src->v + row * src->nterm;
        for (size_t k = 0; k < nterm; k++)
            for (size_t p = 0; p < MAXP && idx[k * MAXP + p] != TSC_NONE; p++) o[k] += v[idx[k * MAXP + p]];
    }
    tsc__free(idx);
    return TSC_OK;
}

/* ---- dispatch ---- */

typedef struct variant {
    const char *method, *output;
    const char *identities[6];
} variant;

#define SUM5 "EXGR=VAX+REF+DDC+FVA+FDC"
static const variant variants[] = {
    {"wwz", "standard", {SUM5, "DC=DVA+DDC", "DVA=VAX+REF", "FC=FVA+FDC"}},
    {"wwz",
     "terms",
     {"EXGR=DVA_FIN+DVA_INT+DVA_INTrex1+DVA_INTrex2+DVA_INTrex3+RDV_FIN1+RDV_FIN2+RDV_INT+DDC_FIN+DDC_INT+"
      "FVA_FIN1+FVA_FIN2+FVA_INT1+FVA_INT2+MDC+ODC"}},
    {"kww", "standard", {SUM5, "DC=DVA+DDC", "DVA=VAX+REF", "FC=FVA+FDC"}},
    {"kww", "terms", {"EXGR=VAX1+VAX2+VAX3+REF1+REF2+DDC+FVA1+FVA2+FDC"}},
    {"my", "standard", {"EXGR=DVA+DDC+FVA+FDC", "DC=DVA+DDC", "FC=FVA+FDC"}},
    {"my", "terms", {"EXGR=DVA+DDC+FVA+FDC"}},
    {"oecd", "standard", {"EXGR=DC+FC", "DC=DVA+DDC", "DVA=VAX+REF", "GVC=GVCB+GVCF"}},
    {"oecd", "terms", {"EXGR=EXGR_DDC+EXGR_IDC+EXGR_RIM+EXGR_FVA"}},
    {"oecd",
     "tiva",
     {"EXGR=EXGR_FNL+EXGR_INT", "EXGR=EXGR_DVA+EXGR_FVA", "EXGR_DVA=EXGR_DDC+EXGR_IDC+EXGR_RIM",
      "FD_VA=DXD_DVA+FFD_DVA", "DOM=DOM_FNL+DOM_INT", "EXGR=BALGR+IMGR"}},
    {"bm_src", "standard", {SUM5, "DC=DVA+DDC", "DVA=VAX+REF", "FC=FVA+FDC", "GVC=GVCB+GVCF", "GVCB=FVA+FDC+DDC"}},
    {"bm_src", "terms", {"EXGR=VAX1+VAX2+VAX3+VAX4+REF1+REF2+DDC+FVA1+FVA2+FVA3+FVA4+FDC"}},
    {"bm_snk", "standard", {SUM5, "DC=DVA+DDC", "DVA=VAX+REF", "FC=FVA+FDC"}},
    {"bm_snk", "terms", {"EXGR=VAX1+VAX2+VAX3+VAX4+REF1+REF2+DDC+FVA1+FVA2+FVA3+FVA4+FDC"}}};

static int compute(tsc_decomp *d, const variant *var, tsc_dresult *out, tsc_error *err)
{
    const char *m = var->method;
    int terms = strcmp(var->output, "terms") == 0, rc;
    tsc_dresult src;
    if (strcmp(m, "oecd") == 0) return tsc__exva_oecd(d, var->output, out, err);
    if (strncmp(m, "bm_", 3) == 0 && terms) return tsc__exva_bm_terms(d, strcmp(m, "bm_snk") == 0, out, err);
    if (strcmp(m, "wwz") == 0 || strcmp(m, "kww") == 0) {
        int bil = m[0] == 'w';
        if ((rc = tsc_decomp_wwz(d, &src, err))) return rc;
        if (bil)
            rc = terms ? recombine(d, &src, wwz_terms, wwz_terms_names, NAMES(wwz_terms_names), 1, out, err)
                       : recombine(d, &src, wwz_standard, wwz_standard_names, NAMES(wwz_standard_names), 1, out, err);
        else
            rc = terms ? recombine(d, &src, kww_terms, kww_terms_names, NAMES(kww_terms_names), 0, out, err)
                       : recombine(d, &src, wwz_standard, wwz_standard_names, NAMES(wwz_standard_names), 0, out, err);
    } else if (strcmp(m, "bm_snk") == 0) {
        if ((rc = tsc__bm_exporter_sink(d, 1, &src, err))) return rc;
        rc = recombine(d, &src, bm_snk_standard, bm_snk_standard_names, NAMES(bm_snk_standard_names), 1, out, err);
    } else {
        if ((rc = tsc__bm_exporter_source(d, TSC_LEVEL_BILATERAL, &src, err))) return rc;
        if (strcmp(m, "my") != 0)
            rc = recombine(d, &src, bm_src_standard, bm_src_standard_names, NAMES(bm_src_standard_names), 1, out, err);
        else if (terms) rc = recombine(d, &src, my_terms, my_terms_names, NAMES(my_terms_names), 1, out, err);
        else rc = recombine(d, &src, my_standard, my_standard_names, NAMES(my_standard_names), 1, out, err);
    }
    tsc_dresult_free(&src);
    return rc;
}

int tsc_decomp_exvatools(tsc_decomp *d, const char *method, const char *output, tsc_dresult *out, tsc_error *err)
{
    memset(out, 0, sizeof *out);
    if (!method) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "exvatools: no method");
    if (strcmp(method, "oecd_tiva") == 0) {
        if (output && *output && strcmp(output, "tiva") != 0)
            return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "exvatools: oecd_tiva has no output \"%s\"", output);
        method = "oecd";
        output = "tiva";
    }
    if (!output || !*output) output = "standard";
    const variant *var = NULL;
    for (size_t k = 0; k < NAMES(variants); k++)
        if (strcmp(variants[k].method, method) == 0 && strcmp(variants[k].output, output) == 0) var = &variants[k];
    if (!var)
        return tsc__error(err, TSC_EINVAL, NULL, 0, 0,
                          "exvatools: unknown method/output %s/%s (methods kww wwz my oecd bm_src bm_snk with "
                          "standard or terms, and oecd_tiva)",
                          method, output);
    if (d->G < 2) return tsc__error(err, TSC_EINVAL, NULL, 0, 0, "exvatools decompositions need two countries");
    int rc = tsc__decomp_need_inverse(d, err);
    if (rc || (rc = compute(d, var, out, err))) return rc;
    double abs_floor = tsc__exva_floor(d);
    for (size_t k = 0; k < NAMES(var->identities) && var->identities[k] && !rc; k++)
        rc = check_identity(d, out, var->identities[k], abs_floor, err);
    if (rc) tsc_dresult_free(out);
    return rc;
}
