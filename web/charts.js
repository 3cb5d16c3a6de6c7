// The dashboard's charts, drawn as SVG in the style of the report's (src/report/report_svg.c): horizontal bars on a
// grid with a zero line, optional paired "before" bars and 90% bands as whiskers. Every bar is a <rect class="bar">
// carrying its data (data-key, data-value, data-lo, data-hi), as in the report, so that tests read what is drawn.
'use strict';

const TSC_CHARTS = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const INK = '#1f2937', MUTED = '#6b7280', GRID = '#e5e7eb', AXIS = '#9ca3af';
  // the report's palette (src/report/report_palette.c)
  const COLOURS = {
    JPN: '#c8102e', USA: '#1f3a93', CHN: '#e69f00', MEX: '#009e73', THA: '#8e44ad', VNM: '#d55e00', KOR: '#0097a7',
    EU: '#56b4e9', DEU: '#34495e', TWN: '#cc79a7', CAN: '#a0522d', GBR: '#7f8c8d', IND: '#b8860b', ROW: '#b0b7bf',
    RoW: '#b0b7bf', EU27: '#56b4e9', FRA: '#5dade2', ITA: '#48c9b0', BRA: '#27ae60', AUS: '#f4d03f', IDN: '#e67e22',
    RUS: '#922b21', TUR: '#af7ac5',
  };
  const SPARE = ['#6c5ce7', '#00b894', '#fdcb6e', '#e17055', '#74b9ff', '#a29bfe', '#55efc4', '#fab1a0', '#81ecec'];

  function colour(code, k) {
    return COLOURS[code] || SPARE[(k || 0) % SPARE.length];
  }

  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (parent) parent.appendChild(e);
    return e;
  }

  function niceStep(range, target) {
    if (!(range > 0)) return 1;
    const raw = range / target, p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
    return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
  }

  function tick(v, step) {
    const dec = step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3;
    return (Math.abs(v) < step * 1e-6 ? 0 : v).toFixed(dec);
  }

  function fmt(v, dec) {
    if (v === null || v === undefined || !isFinite(v)) return 'n/a';
    const s = Math.abs(v) >= 1000 ? v.toFixed(0) : v.toFixed(dec);
    return (v > 0 ? '+' : '') + s;
  }

  // bars(container, id, rows, opts): rows [{key, label, value, base?, lo?, hi?, colour?}];
  // opts {unit, decimals, signed}. Replaces the container's chart.
  function bars(container, id, rows, opts) {
    const o = Object.assign({unit: '', decimals: 2, signed: true}, opts || {});
    // the label column as wide as the longest label (about 7 px a character at 12 px)
    const longest = rows.reduce((n, r) => Math.max(n, String(r.label || r.key).length), 0);
    const W = 560, left = Math.min(230, Math.max(70, 7 * longest + 14)), right = 70, rowH = 22, top = 8, axisH = 26;
    const H = top + rows.length * rowH + axisH;
    let lo = 0, hi = 0;
    for (const r of rows) {
      for (const v of [r.value, r.base, r.lo, r.hi]) {
        if (v !== undefined && v !== null && isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (hi - lo <= 0) hi = lo + 1;
    const step = niceStep(hi - lo, 5);
    lo = Math.floor(lo / step + 1e-9) * step;
    hi = Math.ceil(hi / step - 1e-9) * step;
    const x = (v) => left + (v - lo) / (hi - lo) * (W - left - right);
    const svg = el('svg', {id, class: 'chart', viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img',
      'aria-label': id, 'data-rows': rows.length});
    const y0 = top, y1 = top + rows.length * rowH;
    for (let v = lo; v <= hi + step * 1e-6; v += step) {
      const zero = Math.abs(v) < step * 1e-6;
      el('line', {x1: x(v), y1: y0, x2: x(v), y2: y1, stroke: zero ? AXIS : GRID, 'stroke-width': zero ? 1.2 : 1}, svg);
      const t = el('text', {x: x(v), y: y1 + 16, 'text-anchor': 'middle', class: 'tick', fill: MUTED}, svg);
      t.textContent = tick(v, step) + (o.unit === '%' ? '%' : '');
    }
    rows.forEach((r, k) => {
      const yc = y0 + k * rowH + rowH / 2;
      const lab = el('text', {x: left - 8, y: yc + 4, 'text-anchor': 'end', class: 'label', fill: INK}, svg);
      lab.textContent = r.label || r.key;
      if (r.base !== undefined && r.base !== null) {
        const xb = x(Math.min(0, r.base)), wb = Math.abs(x(r.base) - x(0));
        el('rect', {x: xb, y: yc - 8, width: Math.max(wb, 0.5), height: 5, fill: AXIS, class: 'bar base',
          'data-key': r.key, 'data-value': r.base}, svg);
      }
      const v = isFinite(r.value) ? r.value : 0;
      const xv = x(Math.min(0, v)), w = Math.abs(x(v) - x(0));
      const off = r.base !== undefined && r.base !== null ? -2 : -6;
      const rect = el('rect', {x: xv, y: yc + off, width: Math.max(w, 0.5), height: r.base !== undefined &&
        r.base !== null ? 9 : 12, rx: 1.5, fill: r.colour || colour(r.key, k), class: 'bar', 'data-key': r.key,
        'data-value': r.value}, svg);
      if (r.lo !== undefined && r.lo !== null && isFinite(r.lo) && isFinite(r.hi)) {
        rect.setAttribute('data-lo', r.lo);
        rect.setAttribute('data-hi', r.hi);
        el('line', {x1: x(r.lo), y1: yc, x2: x(r.hi), y2: yc, stroke: INK, 'stroke-width': 1.2, class: 'band'}, svg);
        el('line', {x1: x(r.lo), y1: yc - 4, x2: x(r.lo), y2: yc + 4, stroke: INK, 'stroke-width': 1.2}, svg);
        el('line', {x1: x(r.hi), y1: yc - 4, x2: x(r.hi), y2: yc + 4, stroke: INK, 'stroke-width': 1.2}, svg);
      }
      const val = el('text', {x: W - right + 6, y: yc + 4, 'text-anchor': 'start', class: 'value', fill: INK}, svg);
      val.textContent = (o.signed ? fmt(r.value, o.decimals) : Number(r.value).toFixed(o.decimals)) +
        (o.unit === '%' ? '%' : '');
    });
    container.replaceChildren(svg);
    return svg;
  }

  return {bars, colour, fmt};
})();
