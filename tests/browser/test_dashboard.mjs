// The dashboard in headless Chromium (Debian's /usr/bin/chromium driven by puppeteer-core): the page loads from
// `tariffscope serve` on a free loopback port, a slider moves, the charts and figures change and equal the API's
// answer for the page's own scenario, and the scenario the page downloads runs unchanged with `tariffscope shock` and
// `tariffscope solve`, whose CSVs equal what the page shows. A screenshot is kept in ARTIFACTS.
// Environment: TSC (the tariffscope binary), SRC (the source folder), ARTIFACTS (a folder for the screenshot),
// CHROMIUM (default /usr/bin/chromium). Exit 0 passed, 1 failed.
import {spawn, execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const TSC = process.env.TSC, SRC = process.env.SRC, ARTIFACTS = process.env.ARTIFACTS;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TABLE = path.join(SRC, 'data/world2024');
const TOL = 1e-12;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tsc-browser-'));
let failures = 0;

function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'}    ${what}`);
  if (!ok) failures++;
}

function close(a, b) {
  return Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= TOL * Math.max(1, Math.abs(a), Math.abs(b));
}

// CSV rows as objects (the command's outputs have no quoted fields here).
function readCsv(file) {
  const [head, ...rows] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const cols = head.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, k) => [cols[k], v])));
}

// Starts the server on a free port (--port 0); resolves to its URL once it prints it.
function startServer() {
  const child = spawn(TSC, ['serve', TABLE, '--port', '0'], {stdio: ['ignore', 'pipe', 'pipe']});
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the server printed no address in 60 s: ${err}`)), 60000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving on (http:\/\/[^ ]+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve({child, url: m[1]});
      }
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}): ${err}`)));
  });
}

async function barValues(page, id) {
  return page.$$eval(`#${id} rect.bar:not(.base)`, (rs) => Object.fromEntries(rs.map((r) =>
    [r.getAttribute('data-key'), {v: Number(r.getAttribute('data-value')),
      lo: r.hasAttribute('data-lo') ? Number(r.getAttribute('data-lo')) : null}])));
}

async function waitUpdates(page, n) {
  await page.waitForFunction((k) => Number(document.body.dataset.updates) > k && document.body.dataset.state ===
    'ready', {timeout: 60000}, n);
}

async function main() {
  const {child, url} = await startServer();
  const browser = await puppeteer.launch({executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run']});
  try {
    const page = await browser.newPage();
    await page.setViewport({width: 1280, height: 900});
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url, {waitUntil: 'domcontentloaded'});
    await waitUpdates(page, 0);
    check(errors.length === 0, `the page loads without script errors ${errors.join('; ')}`);
    for (const id of ['svg-effective', 'svg-burden', 'svg-cpi', 'svg-prices', 'svg-welfare', 'svg-real-wage',
      'svg-exports', 'svg-routes']) {
      const n = await page.$$eval(`#${id} rect.bar`, (rs) => rs.length);
      check(n > 0, `chart ${id} is drawn (${n} bars)`);
    }
    const regions = (await (await fetch(`${url}api/table`)).json()).regions;
    const before = await barValues(page, 'svg-welfare');
    check(Object.keys(before).length === regions.length, `one welfare bar per region (${regions.length})`);
    check(Object.values(before).every((b) => b.lo !== null), 'every welfare bar has its 90% band');
    const kpiBefore = await page.$eval('#kpi-welfare', (e) => e.dataset.value);

    // move China's slider with the mouse, to three quarters of its track
    const n0 = Number(await page.$eval('body', (b) => b.dataset.updates));
    const box = await (await page.$('#slider-CHN')).boundingBox();
    const t0 = Date.now();
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
    await waitUpdates(page, n0);
    const ms = Date.now() - t0;
    const slider = Number(await page.$eval('#slider-CHN', (e) => e.value));
    check(slider > 0, `the slider moved to +${slider} points (page updated ${ms} ms after the click)`);
    const yaml = await page.evaluate(() => window.tariffscope.yaml());
    check(yaml.includes('exporter: CHN') && yaml.includes(`add: ${slider}`), 'the scenario carries the new tariff');
    const after = await barValues(page, 'svg-welfare');
    check(after.CHN.v !== before.CHN.v, `China's welfare bar changed (${before.CHN.v} -> ${after.CHN.v})`);
    check(await page.$eval('#kpi-welfare', (e) => e.dataset.value) !== kpiBefore, 'the focus welfare figure changed');

    // the page's figures equal the API's answer for the page's scenario
    const post = (ep, q) => fetch(`${url}api/${ep}${q || ''}`, {method: 'POST', body: yaml,
      headers: {'Content-Type': 'application/yaml'}}).then((r) => r.json());
    const solve = await post('solve');
    const shock = await post('shock', '?focus=CHN&importer=USA');
    check(solve.regions.every((r) => after[r.region] && after[r.region].v === r.welfare_cp_pct),
      'welfare bars equal /api/solve');
    const wage = await barValues(page, 'svg-real-wage');
    check(solve.regions.every((r) => wage[r.region].v === r.real_wage_pct), 'real wage bars equal /api/solve');
    const band = solve.uncertainty.rows.find((r) => r.region === 'CHN' && r.measure === 'welfare_cp_pct');
    check(after.CHN.lo === band.p05, 'the welfare band equals the API\'s p05');
    const cpi = await barValues(page, 'svg-cpi');
    check(shock.regions.every((r) => cpi[r.region].v === r.cpi_change_pct), 'consumer price bars equal /api/shock');
    const kb = Number(await page.$eval('#kpi-burden', (e) => e.dataset.value));
    check(kb === shock.focus.total, `the burden figure equals /api/shock (${kb})`);

    // the downloaded scenario runs unchanged with the commands, and their CSVs equal the page
    const dl = path.join(tmp, 'downloads');
    fs.mkdirSync(dl);
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', {behavior: 'allow', downloadPath: dl});
    await page.click('#dl-yaml');
    const file = path.join(dl, 'dashboard.yaml');
    for (let k = 0; k < 100 && !fs.existsSync(file); k++) await new Promise((r) => setTimeout(r, 100));
    check(fs.existsSync(file) && fs.readFileSync(file, 'utf8') === yaml, 'the downloaded YAML is the page\'s scenario');
    const elsewhere = path.join(tmp, 'elsewhere.yaml'); // another folder than the scenarios'
    fs.copyFileSync(file, elsewhere);
    execFileSync(TSC, ['solve', TABLE, elsewhere, '--out', path.join(tmp, 'solve'), '--theta-draws', '50'],
      {stdio: 'pipe'});
    const csv = readCsv(path.join(tmp, 'solve/regions.csv'));
    check(csv.every((r) => close(Number(r.welfare_cp_pct), after[r.region].v) &&
      close(Number(r.real_wage_pct), wage[r.region].v)), 'tariffscope solve on the download gives the page\'s welfare and real wages');
    const unc = readCsv(path.join(tmp, 'solve/uncertainty.csv'));
    const u = unc.find((r) => r.region === 'CHN' && r.measure === 'welfare_cp_pct');
    check(close(Number(u.p05), after.CHN.lo), 'and its uncertainty.csv the page\'s band');
    execFileSync(TSC, ['shock', TABLE, elsewhere, '--out', path.join(tmp, 'shock')], {stdio: 'pipe'});
    const cp = readCsv(path.join(tmp, 'shock/consumer_prices.csv'));
    check(cp.every((r) => close(Number(r.cpi_change_pct), cpi[r.region].v)),
      'tariffscope shock on the download gives the page\'s consumer prices');

    // the editable table: one cell, and the change reaches the effective rates
    const n1 = Number(await page.$eval('body', (b) => b.dataset.updates));
    const effBefore = (await barValues(page, 'svg-effective')).JPN.v;
    await page.$eval('#cell-JPN-6', (e) => {
      e.value = '25';
      e.dispatchEvent(new Event('change'));
    });
    await waitUpdates(page, n1);
    const effAfter = (await barValues(page, 'svg-effective')).JPN.v;
    check(effAfter > effBefore, `a table cell (JPN vehicles +25) raises Japan's effective rate (${effBefore} -> ${effAfter})`);

    if (ARTIFACTS) {
      fs.mkdirSync(ARTIFACTS, {recursive: true});
      const shot = path.join(ARTIFACTS, 'dashboard.png');
      await page.screenshot({path: shot, fullPage: true});
      const size = fs.statSync(shot).size;
      check(size > 50000, `screenshot ${shot} (${size} bytes)`);
    }
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
  const code = await new Promise((resolve) => child.on('exit', (c, sig) => resolve(c === null ? sig : c)));
  check(code === 0, `the server stops cleanly on SIGTERM (exit ${code})`);
}

try {
  await main();
} catch (e) {
  console.log(`FAIL    ${e.stack || e}`);
  failures++;
}
fs.rmSync(tmp, {recursive: true, force: true});
console.log(failures ? `${failures} failed` : 'all passed');
process.exit(failures ? 1 : 0);
