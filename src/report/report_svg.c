/* The report's charts as inline SVG: horizontal bars, paired bars, small multiples, stacked bars and the
 * value-added route diagram. Every bar is a <rect class="bar ..."> carrying its data (data-key, data-value ...). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"

#define INK "#1f2937"
#define MUTED "#6b7280"
#define GRID "#e5e7eb"
#define AXIS "#9ca3af"

/* A round tick step giving about `target` intervals over range. */
static double nice_step(double range, int target)
{
    if (!(range > 0)) return 1;
    double raw = range / target, p = pow(10, floor(log10(raw))), m = raw / p;
    return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
}

/* The axis range [lo, hi] widened to whole steps. */
static void nice_range(double *lo, double *hi, int target, double *step)
{
    if (*hi - *lo <= 0) *hi = *lo + 1;
    *step = nice_step(*hi - *lo, target);
    *lo = floor(*lo / *step + 1e-9) * *step;
    *hi = ceil(*hi / *step - 1e-9) * *step;
}

static void tick_label(char *buf, size_t size, double v, double step)
{
    int dec = step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3;
    snprintf(buf, size, "%.*f", dec, fabs(v) < step * 1e-6 ? 0.0 : v);
}

static void text(FILE *f, double x, double y, const char *anchor, const char *cls, const char *s)
{
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">", x, y, anchor, cls);
    tsc__rep_html_text(f, s);
    fputs("</text>\n", f);
}

static void open_svg(FILE *f, const char *id, double w, double h, const char *label)
{
    fprintf(f, "<svg id=\"%s\" class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" role=\"img\" aria-label=\"",
            id, w, h);
    tsc__rep_html_text(f, label);
    fputs("\" xmlns=\"http://www.w3.org/2000/svg\">\n", f);
}

/* Vertical grid lines and the value axis under a plot spanning [x0, x1] for [lo, hi]. */
static void x_axis(FILE *f, double x0, double x1, double y0, double y1, double lo, double hi, double step,
                   const char *unit)
{
    char buf[32];
    for (double v = lo; v <= hi + step * 1e-6; v += step) {
        double x = x0 + (v - lo) / (hi - lo) * (x1 - x0);
        int zero = fabs(v) < step * 1e-6;
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%s\"/>\n", x, y0,
                x, y1, zero ? AXIS : GRID, zero ? "1.2" : "1");
        tick_label(buf, sizeof buf, v, step);
        text(f, x, y1 + 15, "middle", "tick", buf);
    }
    if (unit) text(f, (x0 + x1) / 2, y1 + 32, "middle", "unit", unit);
}

void tsc__rep_fmt(char *buf, size_t size, double v, int style)
{
    int dec = style % 10, plus = style / 10 % 10, pct = style / 100 % 10;
    if (fabs(v) < 0.5 * pow(10, -dec)) v = 0; /* no "-0.00" */
    if (plus && v == 0) snprintf(buf, size, "%.*f%s", dec, 0.0, pct ? "%" : "");
    else if (plus) snprintf(buf, size, "%+.*f%s", dec, v, pct ? "%" : "");
    else snprintf(buf, size, "%.*f%s", dec, v, pct ? "%" : "");
}

static void value_text(FILE *f, double x, double y, const char *anchor, int style, double v, const char *given)
{
    char buf[64];
    if (given) snprintf(buf, sizeof buf, "%s", given);
    else tsc__rep_fmt(buf, sizeof buf, v, style);
    text(f, x, y, anchor, "val", buf);
}

static void data_value(FILE *f, double v)
{
    fprintf(f, " data-value=\"%.6g\"", v);
}

void tsc__svg_hbars(FILE *f, const char *id, const char *cls, const rep_bar *bars, size_t n, const char *unit,
                    int style, const char *mark_label)
{
    const double W = 760, L = 170, R = 86, row = 26, top = mark_label ? 30 : 10, bar = 16;
    double lo = 0, hi = 0, step;
    for (size_t k = 0; k < n; k++) {
        if (bars[k].value < lo) lo = bars[k].value;
        if (bars[k].value > hi) hi = bars[k].value;
        if (!isnan(bars[k].mark) && bars[k].mark > hi) hi = bars[k].mark;
    }
    nice_range(&lo, &hi, 5, &step);
    double H = top + row * (double)n + 44, x0 = L, x1 = W - R;
    open_svg(f, id, W, H, id);
    if (mark_label) {
        fprintf(f, "<line x1=\"%.1f\" y1=\"12\" x2=\"%.1f\" y2=\"24\" stroke=\"%s\" stroke-width=\"2.5\"/>\n", x0, x0,
                INK);
        text(f, x0 + 8, 22, "start", "legend", mark_label);
    }
    x_axis(f, x0, x1, top - 4, top + row * (double)n, lo, hi, step, unit);
    for (size_t k = 0; k < n; k++) {
        const rep_bar *b = &bars[k];
        double y = top + row * (double)k + (row - bar) / 2, xz = x0 + (0 - lo) / (hi - lo) * (x1 - x0),
               xv = x0 + (b->value - lo) / (hi - lo) * (x1 - x0);
        double xa = xv < xz ? xv : xz, w = fabs(xv - xz);
        text(f, L - 10, y + bar - 4, "end", "lab", b->label);
        fprintf(f, "<rect class=\"bar %s\" data-key=\"", cls);
        tsc__rep_html_text(f, b->key);
        fputc('"', f);
        data_value(f, b->value);
        fprintf(f, " x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" rx=\"2\" fill=\"%s\"><title>", xa, y,
                w < 0.5 ? 0.5 : w, bar, b->color);
        tsc__rep_html_text(f, b->label);
        fprintf(f, ": ");
        char buf[64];
        tsc__rep_fmt(buf, sizeof buf, b->value, style);
        tsc__rep_html_text(f, b->text ? b->text : buf);
        fputs("</title></rect>\n", f);
        if (!isnan(b->mark)) {
            double xm = x0 + (b->mark - lo) / (hi - lo) * (x1 - x0);
            fprintf(f,
                    "<line class=\"mark\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    "stroke-width=\"2.5\"/>\n",
                    xm, y - 3, xm, y + bar + 3, INK);
        }
        value_text(f, (b->value < 0 ? xa - 6 : xa + w + 6), y + bar - 4, b->value < 0 ? "end" : "start", style,
                   b->value, b->text);
    }
    fputs("</svg>\n", f);
}

void tsc__svg_pairs(FILE *f, const char *id, const rep_bar *a, const rep_bar *b, size_t n, const char *a_label,
                    const char *b_label, const char *unit, const char *mark_label)
{
    const double W = 760, L = 275, R = 60, row = 44, top = 34, bar = 14;
    double lo = 0, hi = 0, step;
    for (size_t k = 0; k < n; k++) {
        double v[3] = {a[k].value, b ? b[k].value : 0, a[k].mark};
        for (int q = 0; q < 3; q++)
            if (!isnan(v[q]) && v[q] > hi) hi = v[q];
    }
    nice_range(&lo, &hi, 5, &step);
    double H = top + row * (double)n + 44, x0 = L, x1 = W - R;
    open_svg(f, id, W, H, id);
    /* legend */
    double lx = x0;
    fprintf(f, "<rect x=\"%.1f\" y=\"8\" width=\"14\" height=\"12\" rx=\"2\" fill=\"%s\"/>\n", lx, a[0].color);
    text(f, lx + 20, 18, "start", "legend", a_label);
    lx += 30 + 7.0 * (double)strlen(a_label);
    if (b) {
        fprintf(f, "<rect x=\"%.1f\" y=\"8\" width=\"14\" height=\"12\" rx=\"2\" fill=\"%s\"/>\n", lx, b[0].color);
        text(f, lx + 20, 18, "start", "legend", b_label);
        lx += 30 + 7.0 * (double)strlen(b_label);
    }
    if (mark_label) {
        fprintf(f, "<line x1=\"%.1f\" y1=\"6\" x2=\"%.1f\" y2=\"22\" stroke=\"%s\" stroke-width=\"2.5\"/>\n", lx + 6,
                lx + 6, INK);
        text(f, lx + 14, 18, "start", "legend", mark_label);
    }
    x_axis(f, x0, x1, top - 4, top + row * (double)n, lo, hi, step, unit);
    for (size_t k = 0; k < n; k++) {
        double y = top + row * (double)k + 6;
        text(f, L - 10, y + bar + 4, "end", "lab", a[k].label);
        for (int q = 0; q < (b ? 2 : 1); q++) {
            const rep_bar *x = q ? &b[k] : &a[k];
            if (isnan(x->value)) continue;
            double yy = y + (bar + 2) * q, w = (x->value - lo) / (hi - lo) * (x1 - x0);
            fprintf(f, "<rect class=\"bar %s\" data-key=\"", q ? "data" : "model");
            tsc__rep_html_text(f, x->key);
            fputc('"', f);
            data_value(f, x->value);
            fprintf(f, " x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" rx=\"2\" fill=\"%s\"><title>", x0, yy,
                    w < 0.5 ? 0.5 : w, bar, x->color);
            tsc__rep_html_text(f, x->label);
            fprintf(f, " (%s): %.2f</title></rect>\n", q ? b_label : a_label, x->value);
            value_text(f, x0 + w + 6, yy + bar - 3, "start", 1, x->value, NULL);
        }
        if (!isnan(a[k].mark)) {
            double xm = x0 + (a[k].mark - lo) / (hi - lo) * (x1 - x0);
            fprintf(f, "<line class=\"mark\" data-key=\"");
            tsc__rep_html_text(f, a[k].key);
            fprintf(f, "\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2.5\"/>\n", xm,
                    y - 3, xm, y + 2 * bar + 5, INK);
        }
    }
    fputs("</svg>\n", f);
}

void tsc__svg_panels(FILE *f, const char *id, const char *const *cols, const char *const *col_keys, size_t ncol,
                     const char *const *rows, const char *const *colors, size_t nrow, const double *v,
                     const double *mark, const double *blo, const double *bhi, const char *unit, int style)
{
    const double W = 1000, L = 118, row = 24, top = 40, bar = 14, gap = 14;
    double amax = 0, lo = 0;
    for (size_t k = 0; k < ncol * nrow; k++) {
        if (fabs(v[k]) > amax) amax = fabs(v[k]);
        if (v[k] < lo) lo = v[k];
        if (mark && fabs(mark[k]) > amax) amax = fabs(mark[k]);
        if (blo && bhi && isfinite(blo[k]) && isfinite(bhi[k])) {
            if (fabs(blo[k]) > amax) amax = fabs(blo[k]);
            if (fabs(bhi[k]) > amax) amax = fabs(bhi[k]);
            if (blo[k] < lo) lo = blo[k];
        }
    }
    if (!(amax > 0)) amax = 1;
    int onesided = lo >= 0; /* all values >= 0: zero at the left of each panel */
    double pw = (W - L - gap * (double)(ncol - 1)) / (double)ncol, H = top + row * (double)nrow + 30;
    open_svg(f, id, W, H, id);
    for (size_t r = 0; r < nrow; r++) {
        double y = top + row * (double)r + (row - bar) / 2;
        fprintf(f, "<circle cx=\"8\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>\n", y + bar / 2, colors[r]);
        text(f, 18, y + bar - 3, "start", "lab", tsc__rep_name(rows[r]));
    }
    for (size_t c = 0; c < ncol; c++) {
        double px = L + (double)c * (pw + gap), pad = 38;
        double xz = onesided ? px + 4 : px + pw / 2, half = onesided ? pw - pad - 8 : pw / 2 - pad;
        /* panel title, two lines when long */
        const char *t = cols[c];
        if (strlen(t) > 24) {
            char l1[64];
            size_t cut = 24;
            while (cut > 0 && t[cut] != ' ') cut--;
            if (cut == 0) cut = 24;
            snprintf(l1, sizeof l1, "%.*s", (int)cut, t);
            text(f, px + pw / 2, 14, "middle", "ptitle", l1);
            text(f, px + pw / 2, 29, "middle", "ptitle", t + cut + (t[cut] == ' '));
        } else {
            text(f, px + pw / 2, 22, "middle", "ptitle", t);
        }
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#f9fafb\" rx=\"4\"/>\n", px,
                top - 4, pw, row * (double)nrow + 8);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.2\"/>\n", xz,
                top - 4, xz, top + row * (double)nrow + 4, AXIS);
        for (size_t r = 0; r < nrow; r++) {
            double val = v[c * nrow + r], y = top + row * (double)r + (row - bar) / 2, w = fabs(val) / amax * half;
            double xa = val < 0 ? xz - w : xz;
            fprintf(f, "<rect class=\"bar\" data-scenario=\"");
            tsc__rep_html_text(f, col_keys[c]);
            fprintf(f, "\" data-region=\"%s\"", rows[r]);
            data_value(f, val);
            fprintf(f, " x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" rx=\"2\" fill=\"%s\"><title>", xa, y,
                    w < 0.5 ? 0.5 : w, bar, colors[r]);
            tsc__rep_html_text(f, tsc__rep_name(rows[r]));
            fputs(", ", f);
            tsc__rep_html_text(f, cols[c]);
            char buf[64];
            tsc__rep_fmt(buf, sizeof buf, val, style);
            fprintf(f, ": %s</title></rect>\n", buf);
            if (mark) {
                double xm = xz + (mark[c * nrow + r] < 0 ? -1 : 1) * fabs(mark[c * nrow + r]) / amax * half;
                fprintf(f,
                        "<line class=\"mark\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                        "stroke-width=\"2\"/>\n",
                        xm, y - 2, xm, y + bar + 2, INK);
            }
            double tx = val < 0 ? xa - 4 : xa + w + 4;
            if (blo && bhi && isfinite(blo[c * nrow + r]) && isfinite(bhi[c * nrow + r])) {
                double l = blo[c * nrow + r], h = bhi[c * nrow + r];
                double x1 = xz + l / amax * half, x2 = xz + h / amax * half, yc = y + bar / 2;
                fprintf(f, "<g class=\"band\" data-scenario=\"");
                tsc__rep_html_text(f, col_keys[c]);
                fprintf(
                    f,
                    "\" data-region=\"%s\" data-p05=\"%.17g\" data-p95=\"%.17g\"><title>90%% band %.3g to %.3g</title>",
                    rows[r], l, h, l, h);
                fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.4\"/>",
                        x1, yc, x2, yc, INK);
                fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.4\"/>",
                        x1, yc - 4, x1, yc + 4, INK);
                fprintf(
                    f,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.4\"/></g>\n",
                    x2, yc - 4, x2, yc + 4, INK);
                /* the value label clears the whisker */
                tx = val < 0 ? (x1 < xa ? x1 : xa) - 4 : (x2 > xa + w ? x2 : xa + w) + 4;
            }
            value_text(f, tx, y + bar - 3, val < 0 ? "end" : "start", style, val, NULL);
        }
    }
    if (unit) text(f, W / 2 + L / 2, H - 6, "middle", "unit", unit);
    fputs("</svg>\n", f);
}

void tsc__svg_stacks(FILE *f, const char *id, const char *const *rows, const char *const *row_keys, size_t nrow,
                     const rep_segment *seg, size_t nseg, const char *unit)
{
    const double W = 1000, L = 190, R = 80, row = 34, top = 12, bar = 22;
    double lo = 0, hi = 0, step;
    for (size_t r = 0; r < nrow; r++) {
        double p = 0, m = 0;
        for (size_t k = 0; k < nseg; k++)
            if (seg[k].row == r) {
                if (seg[k].value > 0) p += seg[k].value;
                else m += seg[k].value;
            }
        if (p > hi) hi = p;
        if (m < lo) lo = m;
    }
    nice_range(&lo, &hi, 6, &step);
    /* the legend: each route once, in order of appearance */
    const char *lk[64], *ll[64], *lc[64];
    size_t nl = 0;
    for (size_t k = 0; k < nseg; k++) {
        int seen = 0;
        for (size_t q = 0; q < nl; q++) seen |= strcmp(lk[q], seg[k].key) == 0;
        if (!seen && nl < 64) {
            lk[nl] = seg[k].key;
            ll[nl] = seg[k].label;
            lc[nl] = seg[k].color;
            nl++;
        }
    }
    size_t per = 6, lrows = (nl + per - 1) / per;
    double x0 = L, x1 = W - R, H = top + row * (double)nrow + 44 + 20 * (double)lrows;
    open_svg(f, id, W, H, id);
    x_axis(f, x0, x1, top - 4, top + row * (double)nrow, lo, hi, step, unit);
    double xz = x0 + (0 - lo) / (hi - lo) * (x1 - x0), scale = (x1 - x0) / (hi - lo);
    for (size_t r = 0; r < nrow; r++) {
        double y = top + row * (double)r + (row - bar) / 2, pos = xz, neg = xz, tot = 0;
        text(f, L - 10, y + bar - 6, "end", "lab", rows[r]);
        for (size_t k = 0; k < nseg; k++) {
            if (seg[k].row != r) continue;
            double w = fabs(seg[k].value) * scale, xa;
            if (seg[k].value >= 0) {
                xa = pos;
                pos += w;
            } else {
                neg -= w;
                xa = neg;
            }
            tot += seg[k].value;
            fprintf(f, "<rect class=\"bar segment\" data-scenario=\"");
            tsc__rep_html_text(f, row_keys[r]);
            fprintf(f, "\" data-route=\"%s\"", seg[k].key);
            data_value(f, seg[k].value);
            fprintf(f,
                    " x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" fill=\"%s\" stroke=\"#ffffff\" "
                    "stroke-width=\"1\"><title>",
                    xa, y, w < 0.5 ? 0.5 : w, bar, seg[k].color);
            tsc__rep_html_text(f, rows[r]);
            fputs(", ", f);
            tsc__rep_html_text(f, seg[k].label);
            fprintf(f, ": %.2f</title></rect>\n", seg[k].value);
            if (w > 34) {
                fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"seg\">", xa + w / 2,
                        y + bar - 7);
                tsc__rep_html_text(f, seg[k].key);
                fputs("</text>\n", f);
            }
        }
        char buf[32];
        snprintf(buf, sizeof buf, "%.1f", tot);
        text(f, pos + 6 > xz + 6 ? pos + 6 : xz + 6, y + bar - 6, "start", "val", buf);
    }
    double ly = top + row * (double)nrow + 50;
    for (size_t q = 0; q < nl; q++) {
        double lx = L + (double)(q % per) * 130, yy = ly + 20 * (double)(q / per);
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" rx=\"2\" fill=\"%s\"/>\n", lx, yy - 10,
                lc[q]);
        text(f, lx + 17, yy, "start", "legend", ll[q]);
    }
    fputs("</svg>\n", f);
}

/* One band of the route diagram: from [ya, ya + h] at xa to [yb, yb + h] at xb, as a filled cubic ribbon. */
static void ribbon(FILE *f, double xa, double ya, double xb, double yb, double h)
{
    double xm = (xa + xb) / 2;
    fprintf(f, "M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f ", xa, ya, xm, ya, xm, yb, xb, yb);
    fprintf(f, "L%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f Z ", xb, yb + h, xm, yb + h, xm, ya + h, xa, ya + h);
}

void tsc__svg_routes(FILE *f, const char *id, const char *source, const char *source_color, const char *sink,
                     const char *sink_color, const rep_segment *routes, size_t n, double total, const char *unit)
{
    /* left node (source), a column of route nodes, right node (sink); a route's band keeps its width throughout and
     * runs straight through the column of labels beside the route nodes. Thin bands carry their label above them,
     * thick ones inside (white halo), so no label sits on another band. */
    const double W = 1000, xs = 230, xm = 420, xg = 650, xr = 820, nw = 14, gap = 8, lab = 17, avail = 300;
    double scale = total > 0 ? avail / total : 0, slots = 0;
    for (size_t k = 0; k < n; k++) {
        double h = routes[k].value * scale;
        slots += (h >= 18 ? h : h + lab) + gap;
    }
    double body = slots > avail ? slots : avail, H = 30 + body + 20, yc = 30 + (body - avail) / 2;
    open_svg(f, id, W, H, id);
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" fill=\"%s\" rx=\"2\"/>\n", xs - nw, yc, nw,
            avail, source_color);
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" fill=\"%s\" rx=\"2\"/>\n", xr, yc, nw, avail,
            sink_color);
    char buf[96];
    snprintf(buf, sizeof buf, "%.1f %s", total / 1000, unit);
    text(f, xs - nw - 10, yc + avail / 2 - 4, "end", "node", source);
    text(f, xs - nw - 10, yc + avail / 2 + 14, "end", "val", buf);
    text(f, xr + nw + 10, yc + avail / 2 - 4, "start", "node", sink);
    text(f, xr + nw + 10, yc + avail / 2 + 14, "start", "val", buf);
    double ys = yc, yr = yc, ym = 30;
    for (size_t k = 0; k < n; k++) {
        const rep_segment *s = &routes[k];
        double h = s->value * scale, thick = h >= 18, slot = thick ? h : h + lab, yk = thick ? ym : ym + lab;
        fprintf(f, "<path class=\"route-band\" data-route=\"%s\"", s->key);
        data_value(f, s->value);
        fprintf(f, " fill=\"%s\" fill-opacity=\"0.5\" d=\"", s->color);
        ribbon(f, xs, ys, xm, yk, h);
        ribbon(f, xm + nw, yk, xg, yk, h); /* straight through the labels' column */
        ribbon(f, xg, yk, xr, yr, h);
        fprintf(f, "\"><title>");
        tsc__rep_html_text(f, s->label);
        fprintf(f, ": %.2f %s</title></path>\n", s->value / 1000, unit);
        fprintf(f, "<rect class=\"route-node\" x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" fill=\"%s\"/>\n",
                xm, yk, nw, h < 1.5 ? 1.5 : h, s->color);
        snprintf(buf, sizeof buf, "%.1f (%.1f%%)", s->value / 1000, total > 0 ? 100 * s->value / total : 0);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"start\" class=\"rlab\"><tspan class=\"lab\">",
                xm + nw + 8, thick ? yk + h / 2 + 4 : yk - 5);
        tsc__rep_html_text(f, s->label);
        fprintf(f, "</tspan><tspan class=\"val\" dx=\"8\">%s</tspan></text>\n", buf);
        ys += h;
        yr += h;
        ym += slot + gap;
    }
    fputs("</svg>\n", f);
}
