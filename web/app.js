// The dashboard: the page's state (focus, starting scenario, importer, additional tariffs by partner and sector
// group) becomes one scenario in the YAML schema (docs/SCENARIOS.md) that extends the starting scenario; that text
// is what the page sends to /api/shock and /api/solve and what "Scenario (YAML)" downloads, so the file runs
// unchanged with `tariffscope shock` and `tariffscope solve`. docs/DASHBOARD.md.
'use strict';

(() => {
  const C = TSC_CHARTS;
  // Sector groups of the world2024 codes; a goods sector of another table is a group of its own.
  const GROUPS = [
    ['Agri-food', ['AGRI_FOOD']],
    ['Energy & mining', ['MINING_ENERGY', 'PETROLEUM']],
    ['Light manufacturing', ['TEXTILES', 'WOOD_PAPER', 'OTHER_MANUFACTURING']],
    ['Chemicals & plastics', ['CHEMICALS', 'RUBBER_PLASTICS']],
    ['Metals & minerals', ['MINERALS', 'METALS']],
    ['Machinery & electronics', ['MACHINERY', 'ELECTRICAL_OPTICAL']],
    ['Vehicles', ['TRANSPORT_EQUIPMENT']],
  ];
  const SLIDER_MIN = -50, SLIDER_MAX = 100, SLIDER_STEP = 0.5;

  const S = {
    table: null, scenarios: [], dir: '', groups: [], edits: {}, // edits[partner][group] = points
    last: {shock: null, solve: null, routes: null, yaml: ''}, seq: 0, updates: 0,
  };
  const $ = (id) => document.getElementById(id);

  function setStatus(text, bad) {
    $('status').textContent = text;
    $('status').classList.toggle('bad', !!bad);
  }

  async function getJSON(url, init) {
    const r = await fetch(url, init);
    const j = await r.json();
    if (!r.ok) throw new Error(j.error || `${url}: HTTP ${r.status}`);
    return j;
  }

  function sectorGroups(sectors) {
    const goods = sectors.filter((s) => s.goods).map((s) => s.code);
    const used = new Set();
    const out = [];
    for (const [name, codes] of GROUPS) {
      const have = codes.filter((c) => goods.includes(c));
      if (have.length) {
        out.push({name, codes: have});
        have.forEach((c) => used.add(c));
      }
    }
    for (const c of goods) if (!used.has(c)) out.push({name: c, codes: [c]});
    return out;
  }

  function partners() {
    const imp = $('importer').value;
    return S.table.regions.filter((r) => r !== imp);
  }

  function edit(p, g) {
    return (S.edits[p] && S.edits[p][g]) || 0;
  }

  function setEdit(p, g, v) {
    if (!S.edits[p]) S.edits[p] = {};
    S.edits[p][g] = v;
  }

  // The page's state as a scenario file.
  function yaml() {
    const base = S.scenarios.find((s) => s.name === $('scenario').value);
    const imp = $('importer').value;
    const lines = [
      '# A scenario made on the tariffscope dashboard (tariffscope serve): the starting scenario and the changes',
      '# below. Runs as it is: tariffscope shock|solve TABLE THIS_FILE --out DIR',
      `name: dashboard-${base.name.replace(/[^A-Za-z0-9_-]/g, '-')}`,
      `description: ${JSON.stringify(`${base.scenario} with the dashboard's changes`)}`,
      `extends: ${JSON.stringify(`${S.dir}/${base.name}.yaml`)}`,
    ];
    if (base.date) lines.push(`date: ${base.date}`);
    const ms = [];
    for (const p of partners()) {
      S.groups.forEach((g, k) => {
        const v = edit(p, k);
        if (v !== 0) {
          ms.push(`  - {importer: ${imp}, exporter: ${p}, sectors: [${g.codes.join(', ')}], add: ${v}, ` +
            `note: ${JSON.stringify(`dashboard: ${g.name}`)}}`);
        }
      });
    }
    lines.push(ms.length ? 'measures:' : 'measures: []');
    return lines.concat(ms).join('\n') + '\n';
  }

  function buildControls() {
    const t = S.table;
    for (const [id, def] of [['focus', t.focus], ['importer', t.importer]]) {
      $(id).replaceChildren(...t.regions.map((r) => new Option(r, r, r === def, r === def)));
    }
    const preferred = S.scenarios.find((s) => s.name === 'us-2025-08-deals') || S.scenarios[0];
    $('scenario').replaceChildren(...S.scenarios.map((s) =>
      new Option(`${s.name}${s.date ? ' (' + s.date + ')' : ''}`, s.name, s === preferred, s === preferred)));
    buildEditors();
  }

  function buildEditors() {
    const ps = partners();
    const box = $('sliders');
    box.replaceChildren();
    for (const p of ps) {
      const row = document.createElement('label');
      row.className = 'slider';
      const name = document.createElement('span');
      name.className = 'sname';
      name.textContent = p;
      const input = document.createElement('input');
      Object.assign(input, {type: 'range', min: SLIDER_MIN, max: SLIDER_MAX, step: SLIDER_STEP, value: 0,
        id: `slider-${p}`});
      input.dataset.partner = p;
      const out = document.createElement('output');
      out.id = `slider-${p}-value`;
      out.textContent = '+0';
      input.addEventListener('input', () => {
        const v = Number(input.value);
        S.groups.forEach((g, k) => setEdit(p, k, v));
        out.textContent = C.fmt(v, 1);
        fillTable();
        schedule();
      });
      row.append(name, input, out);
      box.appendChild(row);
    }
    const tb = $('edit-table');
    const head = document.createElement('tr');
    head.appendChild(document.createElement('th')).textContent = 'partner';
    for (const g of S.groups) {
      const th = document.createElement('th');
      th.textContent = g.name;
      th.title = g.codes.join(', ');
      head.appendChild(th);
    }
    const rows = [head];
    for (const p of ps) {
      const tr = document.createElement('tr');
      tr.appendChild(document.createElement('th')).textContent = p;
      S.groups.forEach((g, k) => {
        const td = document.createElement('td');
        const inp = document.createElement('input');
        Object.assign(inp, {type: 'number', step: 'any', min: -99, max: 999, value: 0, id: `cell-${p}-${k}`});
        inp.addEventListener('change', () => {
          const v = Number(inp.value);
          if (!isFinite(v)) return;
          setEdit(p, k, v);
          schedule();
        });
        td.appendChild(inp);
        tr.appendChild(td);
      });
      rows.push(tr);
    }
    tb.replaceChildren(...rows);
  }

  function fillTable() {
    for (const p of partners()) {
      S.groups.forEach((g, k) => {
        const inp = $(`cell-${p}-${k}`);
        if (inp && Number(inp.value) !== edit(p, k)) inp.value = edit(p, k);
      });
    }
  }

  let timer = null;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(update, 60);
  }

  // One change: the scenario to shock and solve (one after the other: the server runs one computation at a time),
  // the routes when the focus or importer changed; stale answers are dropped.
  async function update() {
    const seq = ++S.seq;
    const text = yaml();
    const focus = $('focus').value, imp = $('importer').value;
    const q = `focus=${encodeURIComponent(focus)}&importer=${encodeURIComponent(imp)}`;
    const init = {method: 'POST', headers: {'Content-Type': 'application/yaml'}, body: text};
    const t0 = performance.now();
    setStatus('computing…');
    try {
      const shock = await getJSON(`/api/shock?${q}`, init);
      if (seq !== S.seq) return;
      drawShock(shock, focus);
      const t1 = performance.now();
      const solve = await getJSON('/api/solve', init);
      if (seq !== S.seq) return;
      drawSolve(solve, focus);
      const key = `${focus}>${imp}`;
      if (!S.last.routes || S.last.routesKey !== key) {
        S.last.routes = await getJSON(`/api/routes?focus=${encodeURIComponent(focus)}&destination=${encodeURIComponent(imp)}`);
        S.last.routesKey = key;
        if (seq !== S.seq) return;
      }
      drawRoutes(S.last.routes);
      S.last.yaml = text;
      $('yaml-preview').textContent = text;
      S.updates++;
      document.body.dataset.updates = String(S.updates);
      document.body.dataset.state = 'ready';
      const t2 = performance.now();
      setStatus(`first order ${Math.round(t1 - t0)} ms, general equilibrium with ${solve.uncertainty ?
        solve.uncertainty.draws : 0} draws ${Math.round(t2 - t1)} ms`);
    } catch (e) {
      if (seq !== S.seq) return;
      document.body.dataset.state = 'error';
      setStatus(String(e.message || e), true);
    }
  }

  function drawShock(s, focus) {
    S.last.shock = s;
    const imp = s.partners.importer;
    C.bars($('chart-effective'), 'svg-effective', s.partners.rows.filter((r) => r.imports > 0).map((r) => ({
      key: r.partner, value: r.rate_pct, base: r.base_pct})), {unit: '%', signed: false});
    const routes = s.focus.routes.filter((r) => r.burden !== 0).sort((a, b) => b.burden - a.burden);
    C.bars($('chart-burden'), 'svg-burden', routes.map((r) => ({key: r.route,
      label: r.route_kind === 'direct' ? `${r.route} (direct)` : `via ${r.route}`, value: r.burden})),
    {decimals: 1});
    C.bars($('chart-cpi'), 'svg-cpi', s.regions.map((r) => ({key: r.region, value: r.cpi_change_pct})), {unit: '%',
      decimals: 3});
    C.bars($('chart-prices'), 'svg-prices', s.prices.filter((p) => p.region === focus).map((p) => ({key: p.sector,
      colour: C.colour(focus), value: p.price_change_pct})), {unit: '%', decimals: 3});
    const cpi = s.regions.find((r) => r.region === focus);
    $('kpi-burden').textContent = C.fmt(s.focus.total, 1);
    $('kpi-burden').dataset.value = s.focus.total;
    $('kpi-burden-unit').textContent = `${s.unit}, paid by ${imp === focus ? 'its' : 'all'} importers`;
    $('kpi-cpi').textContent = `${C.fmt(cpi.cpi_change_pct, 3)}%`;
    $('kpi-cpi').dataset.value = cpi.cpi_change_pct;
  }

  function band(s, region, measure) {
    if (!s.uncertainty) return null;
    return s.uncertainty.rows.find((r) => r.region === region && r.measure === measure) || null;
  }

  function drawSolve(s, focus) {
    S.last.solve = s;
    const chart = (id, col) => C.bars($(`chart-${id}`), `svg-${id}`, s.regions.map((r) => {
      const b = band(s, r.region, col);
      return {key: r.region, value: r[col], lo: b ? b.p05 : null, hi: b ? b.p95 : null};
    }), {unit: '%', decimals: 3});
    chart('welfare', 'welfare_cp_pct');
    chart('real-wage', 'real_wage_pct');
    chart('exports', 'exports_pct');
    const f = s.regions.find((r) => r.region === focus);
    for (const [id, col] of [['welfare', 'welfare_cp_pct'], ['real-wage', 'real_wage_pct']]) {
      $(`kpi-${id}`).textContent = `${C.fmt(f[col], 3)}%`;
      $(`kpi-${id}`).dataset.value = f[col];
      const b = band(s, focus, col);
      $(`kpi-${id}-band`).textContent = b ? `90% band ${C.fmt(b.p05, 3)} to ${C.fmt(b.p95, 3)}` : '';
    }
  }

  function drawRoutes(r) {
    const rows = r.rows.filter((x) => x.value !== 0).sort((a, b) => b.value - a.value).slice(0, 12);
    C.bars($('chart-routes'), 'svg-routes', rows.map((x) => ({key: x.route,
      label: x.route_kind === 'direct' ? `${x.route} (direct)` : x.route_kind === 'at_destination' ?
        `${x.route} (at destination)` : `via ${x.route}`, value: x.value})), {decimals: 0, signed: false});
  }

  // ---- downloads ----
  function csvField(v) {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }

  function csv(header, rows) {
    return [header.join(',')].concat(rows.map((r) => r.map(csvField).join(','))).join('\n') + '\n';
  }

  function save(name, text, type) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], {type}));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 0);
  }

  const REGION_COLS = ['welfare_cp_pct', 'terms_of_trade_pct', 'volume_of_trade_pct', 'real_wage_pct',
    'real_income_pct', 'w_hat', 'price_index_hat', 'exports_pct'];
  const downloads = {
    'dl-yaml': () => save('dashboard.yaml', S.last.yaml || yaml(), 'application/yaml'),
    'dl-regions': () => save('regions.csv', csv(['region'].concat(REGION_COLS),
      S.last.solve.regions.map((r) => [r.region].concat(REGION_COLS.map((c) => r[c])))), 'text/csv'),
    'dl-uncertainty': () => save('uncertainty.csv', csv(['region', 'measure', 'point', 'p05', 'p50', 'p95', 'mean',
      'draws', 'failed'], (S.last.solve.uncertainty ? S.last.solve.uncertainty.rows : []).map((r) => [r.region,
      r.measure, r.point, r.p05, r.p50, r.p95, r.mean, S.last.solve.uncertainty.draws,
      S.last.solve.uncertainty.failed])), 'text/csv'),
    'dl-consumer': () => save('consumer_prices.csv', csv(['region', 'cpi_change_pct'],
      S.last.shock.regions.map((r) => [r.region, r.cpi_change_pct])), 'text/csv'),
    'dl-prices': () => save('prices.csv', csv(['region', 'sector', 'price_change_pct'],
      S.last.shock.prices.map((p) => [p.region, p.sector, p.price_change_pct])), 'text/csv'),
    'dl-burden': () => save('burden_routes.csv', csv(['origin', 'route', 'route_kind', 'burden'],
      S.last.shock.focus.routes.map((r) => [S.last.shock.focus.region, r.route, r.route_kind, r.burden])), 'text/csv'),
    'dl-effective': () => save('effective_rates.csv', csv(['importer', 'partner', 'base_pct', 'rate_pct', 'imports'],
      S.last.shock.partners.rows.map((r) => [S.last.shock.partners.importer, r.partner, r.base_pct, r.rate_pct,
        r.imports])), 'text/csv'),
  };

  function resetEdits() {
    S.edits = {};
    for (const inp of document.querySelectorAll('#sliders input')) inp.value = 0;
    for (const out of document.querySelectorAll('#sliders output')) out.textContent = '+0';
    fillTable();
  }

  async function start() {
    try {
      S.table = await getJSON('/api/table');
      const sc = await getJSON('/api/scenarios');
      S.scenarios = sc.scenarios;
      S.dir = sc.dir;
      S.groups = sectorGroups(S.table.sectors);
      $('table-name').textContent = S.table.table;
      $('cmd-line').textContent = `tariffscope solve ${S.table.table} dashboard.yaml --out DIR`;
      buildControls();
      $('focus').addEventListener('change', schedule);
      $('scenario').addEventListener('change', schedule);
      $('importer').addEventListener('change', () => {
        resetEdits();
        buildEditors();
        schedule();
      });
      $('reset').addEventListener('click', () => {
        resetEdits();
        schedule();
      });
      for (const [id, fn] of Object.entries(downloads)) $(id).addEventListener('click', fn);
      await update();
    } catch (e) {
      document.body.dataset.state = 'error';
      setStatus(String(e.message || e), true);
    }
  }

  // for tests and the console: the current scenario text and the last answers
  window.tariffscope = {yaml, last: S.last};
  start();
})();
