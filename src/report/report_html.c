/* The report's page: one self-contained HTML file (inline CSS and SVG, nothing fetched), and writing the report. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alloc_int.h"
#include "error_int.h"
#include "report_int.h"
#include "tariffscope/decomp.h"
#include "tariffscope/tariffscope.h"

static const char css[] =
    "*{box-sizing:border-box}"
    "body{margin:0;background:#f3f4f6;color:#1f2937;font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica "
    "Neue',"
    "Arial,'Noto Sans','Liberation Sans','DejaVu Sans',sans-serif;line-height:1.45;-webkit-font-smoothing:antialiased}"
    "main{max-width:1080px;margin:0 auto;padding:28px 24px 40px}"
    "header{padding:8px 4px 4px}"
    ".kicker{font-size:12.5px;letter-spacing:.06em;text-transform:uppercase;color:#6b7280}"
    "h1{font-size:32px;line-height:1.15;margin:6px 0 10px;letter-spacing:-.01em}"
    ".lede{font-size:18px;max-width:62em;margin:0 0 18px;color:#111827}"
    ".kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin:10px 0 6px}"
    ".kpi{background:#fff;border-radius:10px;padding:12px 14px;box-shadow:0 1px 2px rgba(0,0,0,.06);border-top:4px "
    "solid #c8102e}"
    ".kpi .v{font-size:24px;font-weight:700;font-variant-numeric:tabular-nums;letter-spacing:-.01em}"
    ".kpi .l{font-size:12.5px;color:#4b5563}"
    "section{background:#fff;border-radius:12px;padding:22px 28px 18px;margin:18px 0;box-shadow:0 1px 3px "
    "rgba(0,0,0,.07)}"
    "h2{font-size:21px;margin:0 0 6px}"
    "h3{font-size:15.5px;margin:22px 0 4px;color:#111827}"
    ".take{font-size:16.5px;font-weight:600;color:#111827;border-left:4px solid #c8102e;padding:2px 0 2px "
    "12px;margin:8px 0 14px}"
    ".note{font-size:13px;color:#4b5563;margin:4px 0 10px}"
    ".source{font-size:12px;color:#6b7280;margin:2px 0 10px;font-style:italic}"
    "figure{margin:6px 0 14px}figcaption{font-size:12.5px;color:#6b7280;margin-top:2px}"
    "svg.chart{display:block;max-width:100%;height:auto}"
    "svg text{font-family:inherit}"
    "svg .lab{font-size:12.5px;fill:#1f2937}svg .tick{font-size:11px;fill:#6b7280}"
    "svg .val{font-size:11.5px;fill:#374151;font-variant-numeric:tabular-nums}svg .unit{font-size:11.5px;fill:#6b7280}"
    "svg .ptitle{font-size:12.5px;font-weight:600;fill:#111827}svg .legend{font-size:12px;fill:#374151}"
    "svg .node{font-size:14px;font-weight:700;fill:#111827}svg .seg{font-size:10.5px;font-weight:700;fill:#fff}"
    "svg .rlab{paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}"
    "table.data{border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums;margin:6px 0 12px;width:100%}"
    "table.data th,table.data td{padding:4px 8px;text-align:right;border-bottom:1px solid #eef0f3;white-space:nowrap}"
    "table.data th{font-weight:600;color:#374151;background:#f9fafb;border-bottom:1px solid "
    "#d1d5db;white-space:normal;vertical-align:bottom}"
    "table.narrow{font-size:12.5px}table.narrow th,table.narrow td{padding:4px 6px}"
    "table.data td:first-child,table.data th:first-child{text-align:left}"
    ".dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:6px;vertical-align:0}"
    "ul.assume{font-size:13.5px;padding-left:20px}ul.assume li{margin:3px 0}"
    "footer{font-size:12px;color:#6b7280;padding:6px 4px}"
    "a{color:#1f3a93}";

static const char *code(const tsc_report *r, size_t i)
{
    return tsc_table_region(r->table, i);
}
static const char *name(const tsc_report *r, size_t i)
{
    return tsc__rep_name(code(r, i));
}
static const char *adj(const tsc_report *r, size_t i)
{
    return tsc__rep_adjective(code(r, i));
}

static void esc(FILE *f, const char *s)
{
    tsc__rep_html_text(f, s);
}

static void take(FILE *f, const char *s)
{
    fputs("<p class=\"take\">", f);
    esc(f, s);
    fputs("</p>\n", f);
}

/* The source line of a figure: the data it rests on and their years (report_sources.c). */
static void source(const tsc_report *r, FILE *f, const char *id)
{
    const rep_figure *fig = tsc__rep_figure(id);
    char buf[4096];
    if (!fig) return;
    tsc__rep_source_line(r, fig, buf, sizeof buf);
    fprintf(f, "<p class=\"source\" data-for=\"%s\">", id);
    esc(f, buf);
    fputs("</p>\n", f);
}

static void kpi(FILE *f, const char *value, const char *label, const char *color)
{
    fprintf(f, "<div class=\"kpi\" style=\"border-top-color:%s\"><div class=\"v\">", color);
    esc(f, value);
    fputs("</div><div class=\"l\">", f);
    esc(f, label);
    fputs("</div></div>\n", f);
}

static size_t main_scenario(const tsc_report *r)
{
    for (size_t s = 0; s < r->nscen; s++)
        if (strcmp(r->scen[s].name, "us-2025-08-deals") == 0) return s;
    return 0;
}

static void header(const tsc_report *r, FILE *f)
{
    char buf[1024], a[32], when[64];
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tmv);
    fputs("<header>\n<div class=\"kicker\">tariffscope report &middot; focus ", f);
    esc(f, code(r, r->focus));
    fprintf(f, " &middot; %d table &middot; generated %s</div>\n<h1>", r->year, when);
    esc(f, name(r, r->focus));
    fputs(" in the 2025 tariff scenarios: exposure, routes and outcomes</h1>\n<p class=\"lede\">", f);
    tsc__rep_take_headline(r, buf, sizeof buf);
    esc(f, buf);
    fputs("</p>\n<div class=\"kpis\">\n", f);
    tsc__rep_bn(r->exports_total, 0, a, sizeof a);
    snprintf(buf, sizeof buf, "bn USD of %s goods exports a year", adj(r, r->focus));
    kpi(f, a, buf, tsc__rep_color(code(r, r->focus)));
    snprintf(a, sizeof a, "%.1f%%", r->exports_total > 0 ? 100 * r->exports[r->dest] / r->exports_total : 0);
    snprintf(buf, sizeof buf, "of them bought by %s", tsc__rep_subject(code(r, r->dest)));
    kpi(f, a, buf, tsc__rep_color(code(r, r->dest)));
    double via = 0;
    for (size_t m = 0; m < r->G; m++)
        if (m != r->focus && m != r->dest) via += r->va_route[m];
    snprintf(a, sizeof a, "%.0f%%", r->va_total > 0 ? 100 * via / r->va_total : 0);
    snprintf(buf, sizeof buf, "of %s value added in %s final demand comes through third countries", adj(r, r->focus),
             adj(r, r->dest));
    kpi(f, a, buf, "#e69f00");
    if (r->nscen) {
        const tsc_report_scenario *m = &r->scen[main_scenario(r)];
        snprintf(a, sizeof a, "%.1f%%", m->dest_rate_pct[r->focus]);
        snprintf(buf, sizeof buf, "%s tariff on %s goods with the %s (2024: %.1f%%)", adj(r, r->dest), adj(r, r->focus),
                 m->label, m->dest_base_pct[r->focus]);
        kpi(f, a, buf, tsc__rep_color(code(r, r->dest)));
        tsc__rep_bn(m->burden_total, 0, a, sizeof a);
        snprintf(buf, sizeof buf, "bn USD a year of tariffs on %s value added with the %s", adj(r, r->focus), m->label);
        kpi(f, a, buf, TSC_REP_DIRECT_COLOR);
        snprintf(a, sizeof a, "%+.2f%%", m->real_wage_pct[r->focus]);
        snprintf(buf, sizeof buf, "%s's real wage in general equilibrium with the %s (real income %+.2f%%)",
                 name(r, r->focus), m->label, m->welfare_pct[r->focus]);
        kpi(f, a, buf, "#6b7280");
    }
    fputs("</div>\n", f);
    source(r, f, "kpis");
    fputs("</header>\n", f);
}

/* Over 100 lines by choice: the trade-profile section of the page, written top to bottom in the order a reader sees
 * it (heading, takeaway, charts, table); cutting it would scatter one page section over several functions. */
static void profile(const tsc_report *r, FILE *f)
{
    char buf[1024], a[32];
    size_t G = r->G, N = r->N, idx[256];
    fputs("<section id=\"profile\">\n<h2>1 &middot; Trade profile</h2>\n", f);
    tsc__rep_take_profile(r, buf, sizeof buf);
    take(f, buf);
    size_t n = tsc__rep_order(r->exports, G < 256 ? G : 256, r->focus, idx);
    rep_bar *bars = tsc__calloc(n + N + 1, sizeof *bars);
    char(*texts)[64] = tsc__calloc(n + N + 1, sizeof *texts);
    if (!bars || !texts) {
        tsc__free(bars);
        tsc__free(texts);
        fputs("</section>\n", f);
        return;
    }
    for (size_t k = 0; k < n; k++) {
        double share = r->exports_total > 0 ? 100 * r->exports[idx[k]] / r->exports_total : 0;
        tsc__rep_bn(r->exports[idx[k]], 0, a, sizeof a);
        snprintf(texts[k], sizeof texts[k], "%.1f%%  (%s bn)", share, a);
        bars[k] = (rep_bar){name(r, idx[k]), code(r, idx[k]), share, NAN, tsc__rep_color(code(r, idx[k])), texts[k]};
    }
    fputs("<h3>Goods exports by partner</h3>\n<figure>\n", f);
    tsc__svg_hbars(f, "chart-trade-profile", "partner", bars, n, "share of goods exports, %", 101, NULL);
    tsc__rep_bn(r->exports_total, 0, a, sizeof a);
    fprintf(f,
            "<figcaption>%s's goods exports in the table (%s bn USD, %d; sales of its goods sectors to every other "
            "region, intermediate and final). Data: trade_profile.csv.</figcaption>\n",
            name(r, r->focus), a, r->year);
    source(r, f, "chart-trade-profile");
    fputs("</figure>\n", f);

    /* sector exposure: the destination's purchases by goods sector */
    size_t m = 0;
    char(*snames)[64] = tsc__calloc(N + 1, sizeof *snames);
    if (!snames) {
        tsc__free(bars);
        tsc__free(texts);
        fputs("</section>\n", f);
        return;
    }
    for (size_t k = 0; k < N; k++) {
        if (!tsc_table_sector_is_goods(r->table, k)) continue;
        double v = r->dest_by_sector[k] / 1000;
        snprintf(texts[n + m], sizeof texts[n + m], "%.1f", v);
        tsc__rep_sector_name(tsc_table_sector(r->table, k), snames[m], sizeof snames[m]);
        bars[n + m] = (rep_bar){snames[m],
                                tsc_table_sector(r->table, k),
                                v,
                                r->dest_data_by_sector ? r->dest_data_by_sector[k] / 1000 : NAN,
                                tsc__rep_color(code(r, r->focus)),
                                texts[n + m]};
        m++;
    }
    for (size_t a1 = 1; a1 < m; a1++) /* largest first */
        for (size_t b = a1; b > 0 && bars[n + b].value > bars[n + b - 1].value; b--) {
            rep_bar x = bars[n + b];
            bars[n + b] = bars[n + b - 1];
            bars[n + b - 1] = x;
        }
    fprintf(f, "<h3>Sector exposure: %s goods sold to %s, by sector</h3>\n<figure>\n", adj(r, r->focus),
            tsc__rep_subject(code(r, r->dest)));
    tsc__svg_hbars(f, "chart-dest-sectors", "sector", bars + n, m, "bn USD a year", 1,
                   r->dest_data_by_sector ? "2024 customs value" : NULL);
    fprintf(
        f,
        "<figcaption>Intermediate and final sales of %s goods sectors to %s in the table; the tick marks %s customs "
        "imports of 2024 in the sector, where the customs lines were read. Data: "
        "dest_sectors.csv.</figcaption>\n",
        adj(r, r->focus), tsc__rep_subject(code(r, r->dest)), adj(r, r->dest));
    source(r, f, "chart-dest-sectors");
    fputs("</figure>\n", f);

    /* the article's sectors: model against data */
    size_t na = r->nsectors_article;
    rep_bar *ma = tsc__calloc(na + 1, sizeof *ma), *da = tsc__calloc(na + 1, sizeof *da);
    int have_data = 0, have_article = 0;
    for (size_t k = 0; k < na; k++) {
        const tsc_report_sector *x = &r->article[k];
        have_data |= !isnan(x->data_2024);
        have_article |= !isnan(x->article);
    }
    if (ma && da && na) {
        for (size_t k = 0; k < na; k++) {
            const tsc_report_sector *x = &r->article[k];
            ma[k] = (rep_bar){x->name, x->code, x->model / 1000, x->article / 1000, tsc__rep_color(code(r, r->focus)),
                              NULL};
            da[k] = (rep_bar){x->name, x->code, x->data_2024 / 1000, NAN, "#9ca3af", NULL};
        }
        fprintf(f, "<h3>%s</h3>\n",
                r->article_from_file ? "The sectors the article names: model against the 2024 data"
                                     : "Goods sectors: model against the 2024 data");
        tsc__rep_take_sectors(r, buf, sizeof buf);
        fputs("<p class=\"note\">", f);
        esc(f, buf);
        fputs("</p>\n<figure>\n", f);
        tsc__svg_pairs(f, "chart-focus-sectors", ma, have_data ? da : NULL, na, "model (table)", "2024 customs data",
                       "bn USD a year", have_article ? "article (NHK estimate)" : NULL);
        fprintf(f, "<figcaption>%s. Data: focus_sectors.csv.</figcaption>\n",
                r->article_from_file
                    ? "Model: the table's flow in the sector times the HS set's share of that sector in the "
                      "2024 customs data (data/world2024/derivation/article_sectors.csv); data: US imports "
                      "for consumption 2024, customs value; tick: the estimate quoted by the article"
                    : "Model: the table's flow; data: 2024 customs imports where read");
        source(r, f, "chart-focus-sectors");
        fputs("</figure>\n", f);
    }
    tsc__free(ma);
    tsc__free(da);
    tsc__free(snames);
    tsc__free(bars);
    tsc__free(texts);
    fputs("</section>\n", f);
}

static void routes(const tsc_report *r, FILE *f)
{
    char buf[1024], lab[64][96];
    fputs("<section id=\"routes\">\n<h2>2 &middot; Value-added routes</h2>\n", f);
    tsc__rep_take_routes(r, buf, sizeof buf);
    take(f, buf);
    size_t idx[12];
    size_t n = tsc__rep_top_routes(r->va_route, r->G, r->focus, 0.01, 9, idx);
    rep_segment seg[13];
    size_t ns = 0;
    double shown = 0;
    /* direct first, then the third countries, the destination's own production, and the rest */
    for (size_t k = 0; k < n; k++) {
        size_t m = idx[k];
        if (m == r->dest) continue;
        if (m == r->focus) snprintf(lab[ns], sizeof lab[ns], "direct: %s exports", adj(r, m));
        else snprintf(lab[ns], sizeof lab[ns], "via %s", name(r, m));
        seg[ns] = (rep_segment){0, code(r, m), lab[ns], tsc__rep_color(code(r, m)), r->va_route[m]};
        ns++;
        shown += r->va_route[m];
    }
    double other = r->va_total - shown - r->va_route[r->dest];
    if (other > 0) {
        snprintf(lab[ns], sizeof lab[ns], "via other countries");
        seg[ns] = (rep_segment){0, "OTHER", lab[ns], "#d1d5db", other};
        ns++;
    }
    snprintf(lab[ns], sizeof lab[ns], "inside %s-made goods", adj(r, r->dest));
    seg[ns] = (rep_segment){0, code(r, r->dest), lab[ns], tsc__rep_color(code(r, r->dest)), r->va_route[r->dest]};
    ns++;
    char src[96], snk[96];
    snprintf(src, sizeof src, "%s value added", adj(r, r->focus));
    snprintf(snk, sizeof snk, "%s final demand", adj(r, r->dest));
    fputs("<figure>\n", f);
    tsc__svg_routes(f, "chart-va-routes", src, tsc__rep_color(code(r, r->focus)), snk, tsc__rep_color(code(r, r->dest)),
                    seg, ns, r->va_total, "bn USD");
    char a[32], b[32];
    tsc__rep_bn(r->va_total, 0, a, sizeof a);
    tsc__rep_bn(r->va_gross_exports, 0, b, sizeof b);
    fprintf(
        f,
        "<figcaption>%s value added absorbed in %s final demand (%s bn USD a year; %s gross exports to %s: %s "
        "bn USD), by the country that finished the goods and services: V<sup>%s</sup>B<sup>%s,m</sup>Y<sup>m,%s</sup> "
        "summed over sectors (tsc_decomp_routes). &ldquo;Inside %s-made goods&rdquo;: %s inputs in goods finished "
        "in %s. Routes under 1%% are grouped. Data: va_routes.csv.</figcaption>\n",
        adj(r, r->focus), adj(r, r->dest), a, adj(r, r->focus), tsc__rep_subject(code(r, r->dest)), b,
        code(r, r->focus), code(r, r->focus), code(r, r->dest), adj(r, r->dest), adj(r, r->focus),
        tsc__rep_subject(code(r, r->dest)));
    source(r, f, "chart-va-routes");
    fputs("</figure>\n</section>\n", f);
}

/* The compared regions as arrays for the panels. */
typedef struct cmp_arrays {
    const char *rows[TSC_REPORT_MAX_COMPARE], *colors[TSC_REPORT_MAX_COMPARE];
    const char *cols[TSC_REPORT_MAX_SCENARIOS], *keys[TSC_REPORT_MAX_SCENARIOS];
    size_t nrow, ncol;
    size_t at[TSC_REPORT_MAX_COMPARE];
} cmp_arrays;

static void cmp_init(const tsc_report *r, cmp_arrays *c, int without_dest)
{
    c->nrow = 0;
    for (size_t k = 0; k < r->ncompare; k++) {
        size_t i = r->compare[k];
        if (without_dest && i == r->dest) continue;
        c->at[c->nrow] = i;
        c->rows[c->nrow] = code(r, i);
        c->colors[c->nrow++] = tsc__rep_color(code(r, i));
    }
    c->ncol = r->nscen;
    for (size_t s = 0; s < r->nscen; s++) {
        c->cols[s] = r->scen[s].label;
        c->keys[s] = r->scen[s].name;
    }
}

static void panels(const tsc_report *r, FILE *f, const cmp_arrays *c, const char *id, size_t which, const char *unit,
                   int style)
{
    enum { CELLS = TSC_REPORT_MAX_SCENARIOS * TSC_REPORT_MAX_COMPARE };
    double v[CELLS], mk[CELLS], lo[CELLS], hi[CELLS];
    int bands = which >= 2 && which <= 4 && r->theta_draws;
    for (size_t s = 0; s < c->ncol; s++)
        for (size_t k = 0; k < c->nrow; k++) {
            const tsc_report_scenario *x = &r->scen[s];
            size_t i = c->at[k], at = s * c->nrow + k;
            const double *src = which == 0   ? x->dest_rate_pct
                                : which == 1 ? x->cpi_pct
                                : which == 2 ? x->welfare_pct
                                : which == 3 ? x->real_wage_pct
                                : which == 4 ? x->exports_pct
                                             : x->price_index_pct;
            /* the 90% bands of welfare, the real wage and exports (NaN: no band for the scenario) */
            const double *l = which == 2 ? x->welfare_p05 : which == 3 ? x->real_wage_p05 : x->exports_p05;
            const double *h = which == 2 ? x->welfare_p95 : which == 3 ? x->real_wage_p95 : x->exports_p95;
            v[at] = src[i];
            mk[at] = x->dest_base_pct[i];
            lo[at] = bands && l ? l[i] : NAN;
            hi[at] = bands && h ? h[i] : NAN;
        }
    tsc__svg_panels(f, id, c->cols, c->keys, c->ncol, c->rows, c->colors, c->nrow, v, which == 0 ? mk : NULL,
                    bands ? lo : NULL, bands ? hi : NULL, unit, style);
}

static void focus_tariff_table(const tsc_report *r, FILE *f)
{
    size_t N = r->N, order[256], n = 0;
    for (size_t k = 0; k < N && n < 256; k++)
        if (tsc_table_sector_is_goods(r->table, k) && r->dest_by_sector[k] > 0) order[n++] = k;
    for (size_t a = 1; a < n; a++)
        for (size_t b = a; b > 0 && r->dest_by_sector[order[b]] > r->dest_by_sector[order[b - 1]]; b--) {
            size_t x = order[b];
            order[b] = order[b - 1];
            order[b - 1] = x;
        }
    fprintf(f,
            "<table class=\"data narrow\" id=\"table-focus-tariffs\"><thead><tr><th>sector</th><th>%s &rarr; %s, bn "
            "USD</th>"
            "<th>2024 applied</th>",
            code(r, r->focus), code(r, r->dest));
    for (size_t s = 0; s < r->nscen; s++) {
        fputs("<th>", f);
        esc(f, r->scen[s].label);
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    for (size_t q = 0; q < n; q++) {
        size_t k = order[q];
        fputs("<tr><td>", f);
        char sn[64];
        tsc__rep_sector_name(tsc_table_sector(r->table, k), sn, sizeof sn);
        esc(f, sn);
        fprintf(f, "</td><td>%.1f</td><td>%.1f%%</td>", r->dest_by_sector[k] / 1000, r->scen[0].focus_base_pct[k]);
        for (size_t s = 0; s < r->nscen; s++) {
            double v = r->scen[s].focus_rate_pct[k], alpha = v <= 0 ? 0 : v >= 50 ? 0.55 : 0.55 * v / 50;
            fprintf(f, "<td style=\"background:rgba(200,16,46,%.3f)\">%.1f%%</td>", alpha, v);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

/* Jobs at risk, where the table has an employment account: one line per scenario for the focus and the world. */
static void jobs_html(const tsc_report *r, FILE *f)
{
    if (!r->has_jobs) return;
    fputs("<h3>Jobs at risk</h3>\n<ul class=\"assume\">\n", f);
    for (size_t s = 0; s < r->nscen; s++) {
        const tsc_report_scenario *x = &r->scen[s];
        double w1 = 0, wg = 0;
        for (size_t g = 0; g < r->G; g++) {
            w1 += x->jobs_first_order[g];
            wg += x->jobs_ge[g];
        }
        fputs("<li>", f);
        esc(f, x->label);
        fputs(": ", f);
        esc(f, tsc_table_region(r->table, r->focus));
        fprintf(f, " %+.1f (first order), %+.1f (general equilibrium); world %+.1f, %+.1f ",
                x->jobs_first_order[r->focus], x->jobs_ge[r->focus], w1, wg);
        esc(f, r->jobs_unit);
        fputs("</li>\n", f);
    }
    fputs("</ul>\n<p class=\"note\">Employment per unit of output times the output change (negative: jobs lost). "
          "Data: jobs.csv.</p>\n",
          f);
    source(r, f, "jobs");
}

/* Over 100 lines by choice: the scenarios section of the page (tariffs, burden, prices, general equilibrium) in the
 * order the page shows it; each block is a few lines of HTML around a chart call. */
static void scenarios(const tsc_report *r, FILE *f)
{
    if (!r->nscen) return;
    char buf[1024], lab[TSC_REPORT_MAX_SCENARIOS * 16][64];
    cmp_arrays c;
    fputs("<section id=\"scenarios\">\n<h2>3 &middot; Scenarios</h2>\n", f);
    fputs("<table class=\"data\" id=\"table-scenarios\"><thead><tr><th>scenario</th><th>state of</th><th>file</th>"
          "<th style=\"text-align:left\">what</th></tr></thead><tbody>\n",
          f);
    for (size_t s = 0; s < r->nscen; s++) {
        const tsc_report_scenario *x = &r->scen[s];
        fputs("<tr><td>", f);
        esc(f, x->label);
        fprintf(f, "</td><td>%s</td><td>", x->date[0] ? x->date : "&ndash;");
        esc(f, x->name);
        fputs("</td><td style=\"text-align:left;white-space:normal\">", f);
        esc(f, x->description);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    source(r, f, "table-scenarios");

    fprintf(f, "<h3>%s tariffs by partner</h3>\n", adj(r, r->dest));
    tsc__rep_take_tariffs(r, buf, sizeof buf);
    take(f, buf);
    cmp_init(r, &c, 1);
    fputs("<figure>\n", f);
    snprintf(buf, sizeof buf, "%% of the value of %s imports from each partner (tick: 2024 applied)", adj(r, r->dest));
    panels(r, f, &c, "chart-dest-tariffs", 0, buf, 1);
    fprintf(f,
            "<figcaption>Import-weighted %s tariff on each partner in each scenario (weights: the table's flows by "
            "sector); the tick marks the 2024 applied rate. Data: tariffs_dest.csv.</figcaption>\n",
            adj(r, r->dest));
    source(r, f, "chart-dest-tariffs");
    fputs("</figure>\n", f);
    fprintf(f,
            "<p class=\"note\"><b>%s tariffs on %s goods by sector</b>, %% (import-weighted within each sector; data: "
            "tariffs_focus.csv)</p>\n",
            adj(r, r->dest), adj(r, r->focus));
    focus_tariff_table(r, f);
    source(r, f, "table-focus-tariffs");

    fprintf(f, "<h3>Tariff burden on %s value added: direct and through third countries</h3>\n", adj(r, r->focus));
    tsc__rep_take_burden(r, buf, sizeof buf);
    take(f, buf);
    rep_segment seg[TSC_REPORT_MAX_SCENARIOS * 16];
    const char *rows[TSC_REPORT_MAX_SCENARIOS], *keys[TSC_REPORT_MAX_SCENARIOS];
    size_t ns = 0;
    for (size_t s = 0; s < r->nscen; s++) {
        const tsc_report_scenario *x = &r->scen[s];
        rows[s] = x->label;
        keys[s] = x->name;
        size_t idx[10];
        size_t n = tsc__rep_top_routes(x->burden_route, r->G, r->focus, 0.02, 8, idx);
        double shown = 0;
        for (size_t k = 0; k < n; k++) {
            size_t m = idx[k];
            if (m == r->focus) snprintf(lab[ns], sizeof lab[ns], "direct (%s)", code(r, m));
            else snprintf(lab[ns], sizeof lab[ns], "via %s", name(r, m));
            seg[ns] = (rep_segment){s, code(r, m), lab[ns], tsc__rep_color(code(r, m)), x->burden_route[m] / 1000};
            shown += x->burden_route[m];
            ns++;
        }
        double other = x->burden_total - shown;
        if (fabs(other) > 1e-9 * (fabs(x->burden_total) + 1)) {
            snprintf(lab[ns], sizeof lab[ns], "via other countries");
            seg[ns] = (rep_segment){s, "OTHER", lab[ns], "#d1d5db", other / 1000};
            ns++;
        }
    }
    fputs("<figure>\n", f);
    snprintf(buf, sizeof buf, "bn USD a year (negative: tariffs removed)");
    tsc__svg_stacks(f, "chart-burden", rows, keys, r->nscen, seg, ns, buf);
    fprintf(f,
            "<figcaption>First-order burden: the tariff change paid on each flow times the share of %s value added in "
            "it, by the country that ships the taxed flow (tsc_shock_run; full pass-through, fixed input "
            "coefficients, base flows). Segments under 2%% are grouped. Data: burden.csv.</figcaption>\n",
            code(r, r->focus));
    source(r, f, "chart-burden");
    fputs("</figure>\n", f);

    cmp_init(r, &c, 0);
    fputs("<h3>Prices</h3>\n", f);
    tsc__rep_take_prices(r, buf, sizeof buf);
    take(f, buf);
    fputs("<figure>\n", f);
    panels(r, f, &c, "chart-cpi", 1, "consumer prices, % change (first order)", 12);
    fputs("<figcaption>Consumer prices of each region's final demand, first order: cost-push with full pass-through "
          "(tsc_shock_run). Data: prices.csv (with the general-equilibrium price index).</figcaption>\n",
          f);
    source(r, f, "chart-cpi");
    fputs("</figure>\n", f);

    fputs("<h3>General equilibrium: welfare, real wages and exports</h3>\n", f);
    tsc__rep_take_ge(r, buf, sizeof buf);
    take(f, buf);
    static const struct {
        const char *id, *title, *unit;
        int style;
        size_t which;
    } ge[3] = {{"chart-ge-welfare", "Welfare: exact change in real income", "real income, % change", 12, 2},
               {"chart-ge-real-wage", "Real wages", "real wage, % change", 12, 3},
               {"chart-ge-exports", "Exports",
                "exports to all partners, % change (nominal, world value added = numeraire)", 11, 4}};
    for (int g = 0; g < 3; g++) {
        fprintf(f, "<p class=\"note\"><b>%s</b></p>\n<figure>\n", ge[g].title);
        panels(r, f, &c, ge[g].id, ge[g].which, ge[g].unit, ge[g].style);
        source(r, f, ge[g].id);
        fputs("</figure>\n", f);
    }
    fprintf(f,
            "<p class=\"note\">Caliendo and Parro (2015) model in changes (tsc_ge_solve, Newton), solved for every "
            "scenario "
            "from one %s baseline built from the table and the common baseline tariffs; %.2f s for all solves. "
            "Data: ge.csv (also Caliendo-Parro's first-order welfare and the price index).",
            r->baseline == TSC_GE_BASELINE_OBSERVED ? "observed-deficit" : "zero-deficit", r->seconds_ge);
    if (r->theta_draws)
        fprintf(f,
                " Error bars: the 90%% band (5th to 95th percentile) over %zu draws of the trade elasticities from "
                "their sampling distribution, each scenario re-solved per draw (%.2f s in all; docs/GE.md, "
                "Uncertainty); ge.csv has the bands.",
                r->theta_draws, r->seconds_draws);
    fputs("</p>\n", f);
    jobs_html(r, f);
    fputs("</section>\n", f);
}

static void assumptions(const tsc_report *r, FILE *f, const char *baseline)
{
    fputs("<section id=\"data\">\n<h2>4 &middot; Data and assumptions</h2>\n<ul class=\"assume\">\n", f);
    fprintf(f, "<li><b>Table</b>: %zu regions &times; %zu sectors, ", r->G, r->N);
    esc(f, r->unit);
    fprintf(f, ", year %d. Source: ", r->year);
    esc(f, r->source);
    fputs(".</li>\n", f);
    fputs("<li><b>Tariffs</b>: ", f);
    esc(f, r->tariff_note);
    if (r->nlines)
        fprintf(f,
                " (US Census imports for consumption 2024 by HS10 line and partner; %.1f bn USD mapped to "
                "the table, HS chapters 98-99 left out).",
                r->lines_value / 1e9);
    else fputs(".", f);
    fputs("</li>\n<li><b>Common baseline</b>: every scenario starts from the same tariffs, the union of the scenarios' "
          "base "
          "schedules (US 2024 applied rates; China, Japan and Korea's 2005 applied rates on each other for the FTA); ",
          f);
    esc(f, r->base_note);
    fputs(".</li>\n", f);
    fputs("<li><b>Dates</b>: each scenario stands for the state of the world on its date (the scenario's own "
          "<code>date:</code>); measures not in force on that date do not count.</li>\n",
          f);
    fputs(
        "<li><b>First order</b> (burden, consumer prices): tariff changes passed fully into prices through fixed input "
        "coefficients, on the table's flows; no substitution. The burden is the tariff change paid on a flow, "
        "attributed to the value added it carries.</li>\n",
        f);
    fprintf(f,
            "<li><b>General equilibrium</b>: Caliendo-Parro (2015), trade elasticities from their estimates mapped to "
            "the table's sectors (trade-weighted mean over the WIOD sectors of an aggregate; services 8.22), %s "
            "baseline, values at basic prices taken as net of tariffs, tariffs on inputs paid by the user; exports are "
            "nominal, with world value added as numeraire.%s</li>\n",
            baseline,
            r->ge_clipped ? " A few cells were clipped to zero deriving the model data (negative net purchases)." : "");
    size_t eu = TSC_NONE, deu = TSC_NONE;
    for (size_t i = 0; i < r->G; i++) {
        if (strcmp(code(r, i), "EU") == 0) eu = i;
        if (strcmp(code(r, i), "DEU") == 0) deu = i;
    }
    fputs("<li><b>Regions</b>: aggregated regions carry the import-weighted rates of their members' customs lines", f);
    if (eu != TSC_NONE && deu != TSC_NONE)
        fputs("; EU = the EU members other than Germany, shown apart (Croatia is in ROW, as in WIOD)", f);
    fputs(". Trade among the other regions follows the table's structure.</li>\n", f);
    fprintf(
        f, "<li><b>Baseline of the general equilibrium</b>: %s</li>\n",
        r->baseline == TSC_GE_BASELINE_OBSERVED
            ? "the table's own year with each region's trade deficit held fixed in dollars (observed baseline). "
              "Caliendo and Parro's zero-deficit baseline first moves sectors with very large trade elasticities far "
              "from the data; real wages barely depend on the choice, real income does (fixed deficits are revalued)."
            : "Caliendo and Parro's: the table's year with every trade deficit removed first (zero-deficit baseline).");
    fputs(
        "<li><b>Read with care</b>: the China-Japan-Korea FTA cuts from the three countries' 2005 applied tariffs, the "
        "latest bilateral rates in the project's data; refined petroleum's trade elasticity (64.85, Caliendo and "
        "Parro's estimate) makes its trade very sensitive to small tariff changes (see ge_focus_sectors.csv); the US "
        "scenarios assume no retaliation.</li>\n",
        f);
    fputs(
        "<li>Every figure on this page is computed by tariffscope in this run; the CSV files beside this page hold the "
        "numbers behind each table and chart.</li>\n</ul>\n",
        f);
    fputs("<p class=\"note\">Files: ", f);
    static const char *const files[] = {
        "trade_profile.csv", "dest_sectors.csv", "focus_sectors.csv",    "va_routes.csv",
        "scenarios.csv",     "tariffs_dest.csv", "tariffs_focus.csv",    "burden.csv",
        "prices.csv",        "ge.csv",           "ge_focus_sectors.csv", "sources.csv"};
    for (size_t k = 0; k < sizeof files / sizeof *files; k++)
        fprintf(f, "%s<a href=\"%s\">%s</a>", k ? ", " : "", files[k], files[k]);
    fputs(".</p>\n</section>\n", f);
}

int tsc__rep_write_html(const tsc_report *r, FILE *f)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          f);
    esc(f, name(r, r->focus));
    fputs(" &mdash; tariffscope report</title>\n<style>", f);
    fputs(css, f);
    fputs("</style>\n</head>\n<body>\n<main>\n", f);
    header(r, f);
    profile(r, f);
    routes(r, f);
    scenarios(r, f);
    assumptions(r, f, r->baseline == TSC_GE_BASELINE_OBSERVED ? "observed-deficit" : "zero-deficit");
    fprintf(
        f,
        "<footer>tariffscope %s report, %zu regions &times; %zu sectors, %zu scenarios, computed in %.1f s.</footer>\n",
        TSC_VERSION, r->G, r->N, r->nscen, r->seconds_total);
    fputs("</main>\n</body>\n</html>\n", f);
    return ferror(f) ? -1 : 0;
}

int tsc_report_write(const tsc_report *r, const char *dir, tsc_error *err)
{
    tsc_outset *set = NULL;
    char path[1400];
    int rc = tsc_outset_new(dir, &set, err);
    if (rc) return rc;
    if ((rc = tsc__rep_write_csvs(r, set, err)) || (rc = tsc_outset_add(set, "index.html", path, sizeof path, err)))
        goto fail;
    FILE *f = fopen(path, "w");
    if (!f) {
        rc = tsc__error(err, errno == ENOMEM ? TSC_ENOMEM : TSC_EIO, path, 0, 0, "cannot write the report page: %s",
                        strerror(errno));
        goto fail;
    }
    int bad = tsc__rep_write_html(r, f);
    if (fclose(f) || bad) {
        rc = tsc__error(err, TSC_EIO, path, 0, 0, "cannot write the report page");
        goto fail;
    }
    return tsc_outset_commit(set, err);
fail:
    tsc_outset_abort(set);
    return rc;
}
