/* The report's takeaways (one sentence per section, shared with the page) and its terminal summary. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"
#include "tariffscope/decomp.h"

size_t tsc__rep_order(const double *v, size_t G, size_t skip, size_t *idx)
{
    size_t n = 0;
    for (size_t r = 0; r < G; r++)
        if (r != skip) idx[n++] = r;
    for (size_t a = 1; a < n; a++) /* insertion sort: G is small */
        for (size_t b = a; b > 0 && v[idx[b]] > v[idx[b - 1]]; b--) {
            size_t x = idx[b];
            idx[b] = idx[b - 1];
            idx[b - 1] = x;
        }
    return n;
}

size_t tsc__rep_top_routes(const double *v, size_t G, size_t focus, double min_share, size_t max, size_t *idx)
{
    double tot = 0;
    for (size_t r = 0; r < G; r++) tot += fabs(v[r]);
    size_t n = 0, order[256];
    if (G > 256) G = 256;
    idx[n++] = focus;
    double a[256];
    for (size_t r = 0; r < G; r++) a[r] = fabs(v[r]);
    size_t m = tsc__rep_order(a, G, focus, order);
    for (size_t k = 0; k < m && n < max; k++)
        if (tot > 0 && a[order[k]] >= min_share * tot && a[order[k]] > 0) idx[n++] = order[k];
    return n;
}

static const char *code(const tsc_report *r, size_t i)
{
    return tsc_table_region(r->table, i);
}
static const char *name(const tsc_report *r, size_t i)
{
    return tsc__rep_name(code(r, i));
}
static const char *subj(const tsc_report *r, size_t i)
{
    return tsc__rep_subject(code(r, i));
}
static const char *adj(const tsc_report *r, size_t i)
{
    return tsc__rep_adjective(code(r, i));
}

/* Upper-cases the first letter of a sentence built from a subject ("the US ..."). */
static void capital(char *buf)
{
    if (buf[0] >= 'a' && buf[0] <= 'z') buf[0] = (char)(buf[0] - 'a' + 'A');
}

/* The scenario the headline speaks of: the August deals when present, else the first. */
static size_t main_scenario(const tsc_report *r)
{
    for (size_t s = 0; s < r->nscen; s++)
        if (strcmp(r->scen[s].name, "us-2025-08-deals") == 0) return s;
    return 0;
}

static size_t find_scenario(const tsc_report *r, const char *nm)
{
    for (size_t s = 0; s < r->nscen; s++)
        if (strcmp(r->scen[s].name, nm) == 0) return s;
    return TSC_NONE;
}

static double via_third(const tsc_report *r, const double *v)
{
    double s = 0;
    for (size_t m = 0; m < r->G; m++)
        if (m != r->focus && m != r->dest) s += v[m];
    return s;
}

/* "rises 1.2%" / "falls 0.3%" */
static void move(char *buf, size_t size, double pct, int decimals, int plural)
{
    snprintf(buf, size, "%s%s %.*f%%", pct >= 0 ? "rise" : "fall", plural ? "" : "s", decimals, fabs(pct));
}

/* The third region with the largest v (aggregates of the rest of the world left out), or TSC_NONE. */
static size_t top_third(const tsc_report *r, const double *v, int by_abs)
{
    size_t best = TSC_NONE;
    for (size_t m = 0; m < r->G; m++) {
        if (m == r->focus || m == r->dest || tsc__rep_is_rest(code(r, m))) continue;
        double a = by_abs ? fabs(v[m]) : v[m];
        if (a > 0 && (best == TSC_NONE || a > (by_abs ? fabs(v[best]) : v[best]))) best = m;
    }
    return best;
}

void tsc__rep_take_headline(const tsc_report *r, char *buf, size_t size)
{
    if (!r->nscen) {
        tsc__rep_take_routes(r, buf, size);
        return;
    }
    const tsc_report_scenario *s = &r->scen[main_scenario(r)];
    char b[32], w[48];
    tsc__rep_bn(s->burden_total, 0, b, sizeof b);
    move(w, sizeof w, s->real_wage_pct[r->focus], 2, 0);
    double via = s->burden_total != 0 ? 100 * (s->burden_total - s->burden_route[r->focus]) / s->burden_total : 0;
    size_t u = (size_t)snprintf(
        buf, size,
        "With the %s, the %s tariff on %s goods goes from %.1f%% to %.1f%%. The added tariffs levied on "
        "%s value added come to %s bn USD a year, %.0f%% of it on goods shipped from third "
        "countries; %s's real wage "
        "%s (real income %+.2f%%)",
        s->label, tsc__rep_adjective(code(r, r->dest)), adj(r, r->focus), s->dest_base_pct[r->focus],
        s->dest_rate_pct[r->focus], adj(r, r->focus), b, via, name(r, r->focus), w, s->welfare_pct[r->focus]);
    size_t both = find_scenario(r, "us-2025-08-deals-cjk");
    if (both != TSC_NONE && u < size)
        u +=
            (size_t)snprintf(buf + u, size - u, ". A China-Japan-Korea FTA on top turns these into %+.2f%% and %+.2f%%",
                             r->scen[both].real_wage_pct[r->focus], r->scen[both].welfare_pct[r->focus]);
    if (u < size) snprintf(buf + u, size - u, ".");
    capital(buf);
}

void tsc__rep_take_profile(const tsc_report *r, char *buf, size_t size)
{
    size_t idx[256], named[2], nn = 0;
    size_t n = tsc__rep_order(r->exports, r->G < 256 ? r->G : 256, r->focus, idx);
    for (size_t k = 0; k < n && nn < 2; k++)
        if (!tsc__rep_is_rest(code(r, idx[k]))) named[nn++] = idx[k];
    if (nn < 2 || !(r->exports_total > 0)) {
        snprintf(buf, size, "%s has no goods exports in the table.", name(r, r->focus));
        return;
    }
    double s0 = 100 * r->exports[named[0]] / r->exports_total, s1 = 100 * r->exports[named[1]] / r->exports_total;
    char tot[32];
    tsc__rep_bn(r->exports_total, 0, tot, sizeof tot);
    snprintf(buf, size, "%s and %s buy %.1f%% and %.1f%% of %s's %s bn USD of goods exports, %.0f%% between them.",
             subj(r, named[0]), subj(r, named[1]), s0, s1, name(r, r->focus), tot, s0 + s1);
    capital(buf);
}

void tsc__rep_take_sectors(const tsc_report *r, char *buf, size_t size)
{
    if (!r->nsectors_article) {
        snprintf(buf, size, "No goods sectors.");
        return;
    }
    size_t top = 0;
    double worst = 0, goods = 0, listed = 0;
    int have_data = 0;
    for (size_t a = 0; a < r->nsectors_article; a++) {
        const tsc_report_sector *x = &r->article[a];
        if (x->model > r->article[top].model) top = a;
        listed += x->model;
        if (!isnan(x->data_2024) && x->data_2024 > 0) {
            have_data = 1;
            double d = fabs(x->model / x->data_2024 - 1);
            if (d > worst) worst = d;
        }
    }
    for (size_t k = 0; k < r->N; k++)
        if (tsc_table_sector_is_goods(r->table, k)) goods += r->dest_by_sector[k];
    char v[32], g[32];
    tsc__rep_bn(r->article[top].model, 0, v, sizeof v);
    tsc__rep_bn(goods, 0, g, sizeof g);
    size_t u = (size_t)snprintf(buf, size, "%s: %s bn USD of the %s bn USD of goods %s sells to %s a year",
                                r->article[top].name, v, g, name(r, r->focus), subj(r, r->dest));
    if (r->article_from_file && u < size)
        u += (size_t)snprintf(buf + u, size - u, "; the %zu sectors the article names make %.0f%% of it",
                              r->nsectors_article, goods > 0 ? 100 * listed / goods : 0);
    if (have_data && u < size)
        u += (size_t)snprintf(buf + u, size - u,
                              worst < 0.005 ? ", and the table reproduces the 2024 customs data for each"
                                            : " (largest gap to the 2024 customs data %.0f%%)",
                              100 * worst);
    if (u < size) snprintf(buf + u, size - u, ".");
    capital(buf);
}

void tsc__rep_take_routes(const tsc_report *r, char *buf, size_t size)
{
    if (!(r->va_total > 0)) {
        snprintf(buf, size, "No %s value added reaches %s's final demand.", adj(r, r->focus), name(r, r->dest));
        return;
    }
    size_t idx[16];
    size_t n = tsc__rep_top_routes(r->va_route, r->G, r->focus, 0, 16, idx);
    char third[256] = "";
    size_t u = 0, shown = 0;
    for (size_t k = 1; k < n && shown < 3 && u < sizeof third; k++) {
        if (idx[k] == r->dest || tsc__rep_is_rest(code(r, idx[k]))) continue;
        u += (size_t)snprintf(third + u, sizeof third - u, "%s%s %.1f%%", shown ? ", " : "", name(r, idx[k]),
                              100 * r->va_route[idx[k]] / r->va_total);
        shown++;
    }
    char tot[32];
    tsc__rep_bn(r->va_total, 0, tot, sizeof tot);
    snprintf(buf, size,
             "Of %s bn USD of %s value added in %s final demand, %.0f%% arrives directly in %s exports, %.0f%% in "
             "goods finished "
             "in third countries (%s) and %.0f%% in %s-made goods.",
             tot, adj(r, r->focus), tsc__rep_adjective(code(r, r->dest)), 100 * r->va_route[r->focus] / r->va_total,
             adj(r, r->focus), 100 * via_third(r, r->va_route) / r->va_total, third,
             100 * r->va_route[r->dest] / r->va_total, tsc__rep_adjective(code(r, r->dest)));
}

void tsc__rep_take_tariffs(const tsc_report *r, char *buf, size_t size)
{
    if (!r->nscen) {
        snprintf(buf, size, "No scenarios.");
        return;
    }
    size_t hi = 0;
    for (size_t s = 0; s < r->nscen; s++)
        if (r->scen[s].dest_rate_pct[r->focus] > r->scen[hi].dest_rate_pct[r->focus]) hi = s;
    const tsc_report_scenario *m = &r->scen[main_scenario(r)];
    /* compared partners with a higher rate than the focus in the main scenario */
    char higher[256] = "";
    size_t u = 0, nh = 0;
    for (size_t c = 0; c < r->ncompare && u < sizeof higher; c++) {
        size_t i = r->compare[c];
        if (i == r->dest || i == r->focus || m->dest_rate_pct[i] <= m->dest_rate_pct[r->focus]) continue;
        u += (size_t)snprintf(higher + u, sizeof higher - u, "%s%s %.1f%%", nh ? ", " : "", name(r, i),
                              m->dest_rate_pct[i]);
        nh++;
    }
    size_t v =
        (size_t)snprintf(buf, size, "the %s tariff on %s goods peaks at %.1f%% (%s) and settles at %.1f%% with the %s",
                         tsc__rep_adjective(code(r, r->dest)), adj(r, r->focus), r->scen[hi].dest_rate_pct[r->focus],
                         r->scen[hi].label, m->dest_rate_pct[r->focus], m->label);
    if (nh && v < size)
        v += (size_t)snprintf(buf + v, size - v, ", below %s's supply-chain partners (%s)", name(r, r->focus), higher);
    if (v < size) snprintf(buf + v, size - v, ".");
    capital(buf);
}

void tsc__rep_take_burden(const tsc_report *r, char *buf, size_t size)
{
    if (!r->nscen) {
        snprintf(buf, size, "No scenarios.");
        return;
    }
    size_t hi = 0;
    for (size_t s = 0; s < r->nscen; s++)
        if (r->scen[s].burden_total > r->scen[hi].burden_total) hi = s;
    const tsc_report_scenario *m = &r->scen[main_scenario(r)], *h = &r->scen[hi];
    char a[32], b[32];
    tsc__rep_bn(h->burden_total, 0, a, sizeof a);
    tsc__rep_bn(m->burden_total, 0, b, sizeof b);
    double via = m->burden_total != 0 ? 100 * (m->burden_total - m->burden_route[r->focus]) / m->burden_total : 0;
    size_t t = top_third(r, m->burden_route, 0);
    size_t u = (size_t)snprintf(buf, size,
                                "Tariffs on %s value added peak at %s bn USD a year (%s); with the %s they are %s bn, "
                                "%.0f%% of it on goods shipped from third countries",
                                adj(r, r->focus), a, h->label, m->label, b, via);
    if (t != TSC_NONE && u < size) u += (size_t)snprintf(buf + u, size - u, ", %s first among them", name(r, t));
    size_t cjk = find_scenario(r, "cjk-fta");
    if (cjk != TSC_NONE && u < size) {
        tsc__rep_bn(-r->scen[cjk].burden_total, 0, a, sizeof a);
        u += (size_t)snprintf(buf + u, size - u, "; the China-Japan-Korea FTA removes %s bn", a);
    }
    if (u < size) snprintf(buf + u, size - u, ".");
}

void tsc__rep_take_prices(const tsc_report *r, char *buf, size_t size)
{
    if (!r->nscen) {
        snprintf(buf, size, "No scenarios.");
        return;
    }
    size_t hi = 0;
    for (size_t s = 0; s < r->nscen; s++)
        if (r->scen[s].cpi_pct[r->dest] > r->scen[hi].cpi_pct[r->dest]) hi = s;
    const tsc_report_scenario *m = &r->scen[main_scenario(r)];
    snprintf(buf, size,
             "Tariffs are paid at home first: %s consumer prices rise %.2f%% with the %s (%.2f%% with the %s), %s's "
             "consumer prices %+.2f%%.",
             tsc__rep_adjective(code(r, r->dest)), m->cpi_pct[r->dest], m->label, r->scen[hi].cpi_pct[r->dest],
             r->scen[hi].label, name(r, r->focus), m->cpi_pct[r->focus]);
}

/* The sector with the largest share of the change in the focus's exports, and that share. */
static size_t export_driver(const tsc_report *r, const tsc_report_scenario *x, double *share)
{
    double tot = 0, best = 0;
    size_t k = TSC_NONE;
    for (size_t j = 0; j < r->N; j++) tot += x->focus_exports_new[j] - x->focus_exports_base[j];
    for (size_t j = 0; j < r->N; j++) {
        double d = x->focus_exports_new[j] - x->focus_exports_base[j];
        if (k == TSC_NONE || fabs(d) > fabs(best)) {
            best = d;
            k = j;
        }
    }
    *share = tot != 0 ? best / tot : 0;
    return k;
}

void tsc__rep_take_ge(const tsc_report *r, char *buf, size_t size)
{
    if (!r->nscen) {
        snprintf(buf, size, "No scenarios.");
        return;
    }
    const tsc_report_scenario *m = &r->scen[main_scenario(r)];
    char w[48], e[48];
    move(w, sizeof w, m->real_wage_pct[r->focus], 2, 0);
    move(e, sizeof e, m->exports_pct[r->focus], 1, 1);
    size_t u = (size_t)snprintf(buf, size, "With the %s, %s's real wage %s (real income %+.2f%%) and its exports %s",
                                m->label, name(r, r->focus), w, m->welfare_pct[r->focus], e);
    size_t cjk = find_scenario(r, "cjk-fta"), both = find_scenario(r, "us-2025-08-deals-cjk");
    if (cjk != TSC_NONE && u < size) {
        const tsc_report_scenario *c = &r->scen[cjk];
        double share;
        size_t k = export_driver(r, c, &share);
        u += (size_t)snprintf(buf + u, size - u,
                              "; the China-Japan-Korea FTA alone gives %+.2f%% (real income %+.2f%%) and "
                              "exports %+.1f%%",
                              c->real_wage_pct[r->focus], c->welfare_pct[r->focus], c->exports_pct[r->focus]);
        if (k != TSC_NONE && share > 0.4 && r->theta && u < size) {
            char sn[64];
            tsc__rep_sector_name(tsc_table_sector(r->table, k), sn, sizeof sn);
            for (char *p = sn; *p; p++)
                if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
            u += (size_t)snprintf(buf + u, size - u,
                                  " (%.0f%% of the export change in %s, whose trade elasticity is %.1f)", 100 * share,
                                  sn, r->theta[k]);
        }
    }
    if (both != TSC_NONE && u < size)
        u += (size_t)snprintf(buf + u, size - u, ", and together with the deals %+.2f%% (%+.2f%%) and %+.1f%%",
                              r->scen[both].real_wage_pct[r->focus], r->scen[both].welfare_pct[r->focus],
                              r->scen[both].exports_pct[r->focus]);
    if (u < size) snprintf(buf + u, size - u, ".");
}

/* ---- the terminal summary --------------------------------------------------------------------------------- */

static void rule(FILE *f, const char *title)
{
    fprintf(f, "\n%s\n", title);
    for (size_t k = strlen(title); k > 0; k--) fputc('-', f);
    fputc('\n', f);
}

static void takeaway(FILE *f, const char *s)
{
    fprintf(f, "  > %s\n\n", s);
}

/* The source line of a figure (report_sources.c): the data it rests on and their years. */
static void sources(FILE *f, const tsc_report *r, const char *id)
{
    const rep_figure *fig = tsc__rep_figure(id);
    char buf[4096];
    if (!fig) return;
    tsc__rep_source_line(r, fig, buf, sizeof buf);
    fprintf(f, "  %s\n", buf);
}

/* A percentage cell of width w: "+1.23" */
static void pct_cols(FILE *f, const tsc_report *r, const double *v, int plus, int decimals)
{
    for (size_t c = 0; c < r->ncompare; c++) fprintf(f, plus ? " %+8.*f" : " %8.*f", decimals, v[r->compare[c]]);
    fputc('\n', f);
}

static void region_head(FILE *f, const tsc_report *r, int w0, const char *first)
{
    fprintf(f, "  %-*s", w0, first);
    for (size_t c = 0; c < r->ncompare; c++) fprintf(f, " %8s", code(r, r->compare[c]));
    fputc('\n', f);
}

static const char *baseline_words(const tsc_report *r)
{
    return r->baseline == TSC_GE_BASELINE_OBSERVED ? "observed (deficits held)" : "zero deficit";
}

static void print_header(const tsc_report *r, FILE *f)
{
    char take[1024];
    fprintf(f, "tariffscope report: %s (%s), value added to %s (%s)\n", name(r, r->focus), code(r, r->focus),
            name(r, r->dest), code(r, r->dest));
    fprintf(f, "table: %zu regions x %zu sectors, %s, %d; %s\n", r->G, r->N, r->unit, r->year, r->source);
    if (r->nlines)
        fprintf(f,
                "tariffs: US cells line by line on %zu customs lines (US imports for consumption 2024, %.0f bn USD "
                "mapped); GE baseline: %s\n",
                r->nlines, r->lines_value / 1e9, baseline_words(r));
    else fprintf(f, "tariffs: cell by cell (no customs lines); GE baseline: %s\n", baseline_words(r));
    tsc__rep_take_headline(r, take, sizeof take);
    fprintf(f, "\n  %s\n", take);
    sources(f, r, "kpis");
}

/* 1: goods exports by partner, then the focus's sectors (the article's, or the goods sectors). */
static void print_profile(const tsc_report *r, FILE *f)
{
    char take[1024], a[32], b[32], c[32];
    rule(f, "1. Trade profile: goods exports by partner and sales to the destination by sector");
    tsc__rep_take_profile(r, take, sizeof take);
    takeaway(f, take);
    size_t idx[256];
    size_t n = tsc__rep_order(r->exports, r->G < 256 ? r->G : 256, r->focus, idx);
    fprintf(f, "  %-18s %12s %8s\n", "partner", "bn USD", "share");
    for (size_t k = 0; k < n; k++) {
        tsc__rep_bn(r->exports[idx[k]], 0, a, sizeof a);
        fprintf(f, "  %-18s %12s %7.1f%%\n", name(r, idx[k]), a,
                r->exports_total > 0 ? 100 * r->exports[idx[k]] / r->exports_total : 0);
    }
    tsc__rep_bn(r->exports_total, 0, a, sizeof a);
    fprintf(f, "  %-18s %12s %7.1f%%\n", "total", a, 100.0);
    sources(f, r, "chart-trade-profile");
    fputc('\n', f);
    tsc__rep_take_sectors(r, take, sizeof take);
    takeaway(f, take);
    fprintf(f, "  %-38s %-20s %9s %11s %9s\n", r->article_from_file ? "sector named by the article" : "sector",
            "table sector", "model", "data 2024", "article");
    for (size_t k = 0; k < r->nsectors_article; k++) {
        const tsc_report_sector *x = &r->article[k];
        tsc__rep_bn(x->model, 0, a, sizeof a);
        if (isnan(x->data_2024)) snprintf(b, sizeof b, "-");
        else tsc__rep_bn(x->data_2024, 0, b, sizeof b);
        if (isnan(x->article)) snprintf(c, sizeof c, "-");
        else tsc__rep_bn(x->article, 0, c, sizeof c);
        fprintf(f, "  %-38s %-20s %9s %11s %9s\n", x->name, tsc_table_sector(r->table, x->table_sector), a, b, c);
    }
    fprintf(f, "  (bn USD a year, %s -> %s; model: the %d table%s; data: 2024 customs values)\n", code(r, r->focus),
            code(r, r->dest), r->year, r->article_from_file ? " sector times the sector's 2024 HS share" : "");
    sources(f, r, "chart-focus-sectors");
}

/* 2: the focus's value added in the destination's final demand by the region finishing it. */
static void print_routes(const tsc_report *r, FILE *f)
{
    char take[1024], a[32], b[32];
    rule(f, "2. Value-added routes: where the focus's value added in the destination's final demand is finished");
    tsc__rep_take_routes(r, take, sizeof take);
    takeaway(f, take);
    fprintf(f, "  %-30s %12s %8s\n", "route (finished in)", "bn USD", "share");
    size_t idx[256];
    size_t n = tsc__rep_order(r->va_route, r->G < 256 ? r->G : 256, TSC_NONE, idx);
    for (size_t k = 0; k < n; k++) {
        size_t m = idx[k];
        char label[96];
        if (m == r->focus) snprintf(label, sizeof label, "direct (%s)", code(r, m));
        else if (m == r->dest) snprintf(label, sizeof label, "inside %s-made goods", adj(r, m));
        else snprintf(label, sizeof label, "via %s", name(r, m));
        tsc__rep_bn(r->va_route[m], 0, a, sizeof a);
        fprintf(f, "  %-30s %12s %7.1f%%\n", label, a, r->va_total > 0 ? 100 * r->va_route[m] / r->va_total : 0);
    }
    tsc__rep_bn(r->va_total, 0, a, sizeof a);
    tsc__rep_bn(r->va_gross_exports, 0, b, sizeof b);
    fprintf(f, "  %-30s %12s   (gross exports to %s: %s)\n", "total", a, code(r, r->dest), b);
    sources(f, r, "chart-va-routes");
}

/* One row of the destination's tariffs on the compared regions ("-" for itself). */
static void tariff_row(const tsc_report *r, FILE *f, const char *label, const double *v)
{
    fprintf(f, "  %-24s", label);
    for (size_t k = 0; k < r->ncompare; k++) {
        if (r->compare[k] == r->dest) fprintf(f, " %8s", "-");
        else fprintf(f, " %8.1f", v[r->compare[k]]);
    }
    fputc('\n', f);
}

/* 3, 3a: the scenarios and the destination's tariffs by partner. */
static void print_tariffs(const tsc_report *r, FILE *f)
{
    char take[1024];
    rule(f, "3. Scenarios");
    fprintf(f, "  %-24s %-10s  %s\n", "scenario", "date", "file");
    for (size_t s = 0; s < r->nscen; s++)
        fprintf(f, "  %-24s %-10s  %s\n", r->scen[s].label, r->scen[s].date[0] ? r->scen[s].date : "-",
                r->scen[s].name);
    sources(f, r, "table-scenarios");
    fputc('\n', f);
    tsc__rep_take_tariffs(r, take, sizeof take);
    fprintf(f, "3a. %s tariffs by partner, %% (import-weighted by the table's flows)\n",
            tsc__rep_adjective(code(r, r->dest)));
    takeaway(f, take);
    region_head(f, r, 24, "scenario");
    tariff_row(r, f, "baseline (2024 applied)", r->scen[0].dest_base_pct);
    for (size_t s = 0; s < r->nscen; s++) tariff_row(r, f, r->scen[s].label, r->scen[s].dest_rate_pct);
    sources(f, r, "chart-dest-tariffs");
}

/* 3b: the first-order burden on the focus's value added, direct and via third regions. */
static void print_burden(const tsc_report *r, FILE *f)
{
    char take[1024], a[32], b[32], c[32];
    fprintf(f, "\n3b. Tariff burden on %s value added (first order, bn USD a year)\n", adj(r, r->focus));
    tsc__rep_take_burden(r, take, sizeof take);
    takeaway(f, take);
    fprintf(f, "  %-24s %9s %9s %9s %6s  %s\n", "scenario", "total", "direct", "via 3rd", "via %",
            "largest third-country routes");
    for (size_t s = 0; s < r->nscen; s++) {
        const tsc_report_scenario *x = &r->scen[s];
        double via = x->burden_total - x->burden_route[r->focus];
        tsc__rep_bn(x->burden_total, 0, a, sizeof a);
        tsc__rep_bn(x->burden_route[r->focus], 0, b, sizeof b);
        tsc__rep_bn(via, 0, c, sizeof c);
        fprintf(f, "  %-24s %9s %9s %9s %5.0f%% ", x->label, a, b, c,
                x->burden_total != 0 ? 100 * via / x->burden_total : 0);
        size_t top[4];
        size_t m = tsc__rep_top_routes(x->burden_route, r->G, r->focus, 0, 4, top);
        for (size_t k = 1; k < m; k++) {
            tsc__rep_bn(x->burden_route[top[k]], 0, a, sizeof a);
            fprintf(f, " %s %s", code(r, top[k]), a);
        }
        fputc('\n', f);
    }
    sources(f, r, "chart-burden");
}

/* 3c, 3d: consumer prices (first order) and the general-equilibrium outcomes by compared region. */
/* The focus's GE figures with their 90% bands over the draws of the elasticities. */
static void print_bands(const tsc_report *r, FILE *f)
{
    if (!r->theta_draws) return;
    fprintf(f, "  90%% bands for %s over %zu draws of the trade elasticities (docs/GE.md, Uncertainty):\n",
            tsc_table_region(r->table, r->focus), r->theta_draws);
    size_t i = r->focus;
    for (size_t s = 0; s < r->nscen; s++) {
        const tsc_report_scenario *x = &r->scen[s];
        fprintf(f, "  %-24s", x->label);
        if (!x->welfare_p05) {
            fprintf(f, " no band: all %zu draws failed to converge\n", x->draws_failed);
            continue;
        }
        fprintf(f, " welfare %+.3f [%+.3f, %+.3f]  real wage %+.3f [%+.3f, %+.3f]  exports %+.2f [%+.2f, %+.2f]",
                x->welfare_pct[i], x->welfare_p05[i], x->welfare_p95[i], x->real_wage_pct[i], x->real_wage_p05[i],
                x->real_wage_p95[i], x->exports_pct[i], x->exports_p05[i], x->exports_p95[i]);
        if (x->draws_failed) fprintf(f, " (%zu draws failed)", x->draws_failed);
        fputc('\n', f);
    }
    fputc('\n', f);
}

static void print_prices_and_ge(const tsc_report *r, FILE *f)
{
    char take[1024];
    fprintf(f, "\n3c. Prices: consumer prices, first order (full pass-through), %% change\n");
    tsc__rep_take_prices(r, take, sizeof take);
    takeaway(f, take);
    region_head(f, r, 24, "scenario");
    for (size_t s = 0; s < r->nscen; s++) {
        fprintf(f, "  %-24s", r->scen[s].label);
        pct_cols(f, r, r->scen[s].cpi_pct, 1, 2);
    }
    sources(f, r, "chart-cpi");

    fprintf(f, "\n3d. General equilibrium (Caliendo-Parro 2015), %% change from the %s baseline\n",
            r->baseline == TSC_GE_BASELINE_OBSERVED ? "observed (deficits held)" : "zero-deficit");
    tsc__rep_take_ge(r, take, sizeof take);
    takeaway(f, take);
    static const char *const what[4] = {"welfare (real income)", "real wage", "exports", "price index"};
    for (int w = 0; w < 4; w++) {
        region_head(f, r, 24, what[w]);
        for (size_t s = 0; s < r->nscen; s++) {
            const tsc_report_scenario *x = &r->scen[s];
            const double *v = w == 0   ? x->welfare_pct
                              : w == 1 ? x->real_wage_pct
                              : w == 2 ? x->exports_pct
                                       : x->price_index_pct;
            fprintf(f, "  %-24s", x->label);
            pct_cols(f, r, v, 1, w == 2 ? 2 : 3);
        }
        fputc('\n', f);
    }
    print_bands(r, f);
    sources(f, r, "chart-ge-welfare");
}

/* 3e. Jobs at risk, where the table has an employment account: the focus, the destination and the world. */
static void print_jobs(const tsc_report *r, FILE *f)
{
    if (!r->has_jobs) return;
    fprintf(f, "\n3e. Jobs at risk (employment per unit of output times the output change, %s; negative = lost)\n",
            r->jobs_unit);
    fprintf(f, "  %-24s %16s %16s %16s %16s\n", "scenario", "focus 1st order", "focus GE", "world 1st order",
            "world GE");
    for (size_t s = 0; s < r->nscen; s++) {
        const tsc_report_scenario *x = &r->scen[s];
        double w1 = 0, wg = 0;
        for (size_t g = 0; g < r->G; g++) {
            w1 += x->jobs_first_order[g];
            wg += x->jobs_ge[g];
        }
        fprintf(f, "  %-24s %+16.1f %+16.1f %+16.1f %+16.1f\n", x->label, x->jobs_first_order[r->focus],
                x->jobs_ge[r->focus], w1, wg);
    }
    sources(f, r, "jobs");
}

void tsc_report_print(const tsc_report *r, FILE *f)
{
    print_header(r, f);
    print_profile(r, f);
    print_routes(r, f);
    if (!r->nscen) return;
    print_tariffs(r, f);
    print_burden(r, f);
    print_prices_and_ge(r, f);
    print_jobs(r, f);
    fprintf(f, "Run: %.1f s (general equilibrium %.2f s, %zu solves; %zu elasticity draws %.2f s).\n", r->seconds_total,
            r->seconds_ge, r->nscen, r->theta_draws * r->nscen, r->seconds_draws);
}
