// Bundles src/index.js with webpack 5 (asyncWebAssembly) against the installed va-rollout
// tarball, serves dist/ on 127.0.0.1, opens it in headless Debian Chromium via playwright-core,
// and checks the decisions the page wrote into the DOM, with no console errors and no uncaught
// exceptions. On failure, a screenshot goes to tests/artifacts/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../../scripts/serve-static.mjs';
import config from './webpack.config.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/lib/chromium-args.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.resolve(here, '../artifacts');
const SM_FLOW = 'mhv_secure_messaging_curated_list_flow';
const SM_RECENT = 'mhv_secure_messaging_recent_recipients';

function bundle() {
  return new Promise((resolve, reject) => {
    webpack(config).run((err, stats) => {
      if (err) return reject(err);
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve(stats);
    });
  });
}

const results = [];
function check(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !detail ? '' : ` — ${detail}`}`);
}

const stats = await bundle();
const wasmAssets = Object.keys(stats.compilation.assets).filter((a) => a.endsWith('.wasm'));
check('webpack emitted the wasm module as an asset', wasmAssets.length === 1, JSON.stringify(wasmAssets));
// The JS-first entry: the wasm and its glue are an async chunk; the main bundle holds the shell.
const chunks = stats.toJson({ all: false, chunks: true }).chunks;
const wasmChunk = chunks.find((c) => !c.initial && [...c.files, ...(c.auxiliaryFiles ?? [])].some((f) => f.endsWith('.wasm')));
// wasm-bindgen's glue names its imports __wbg_* / __wbindgen_*: in the wasm's chunk, not in main.js.
const glueIn = (c) => c.files.filter((f) => f.endsWith('.js')).some((f) => /__wbg_|__wbindgen_/.test(fs.readFileSync(path.join(here, 'dist', f), 'utf8')));
check('the wasm and its glue are in an async chunk, not the main bundle',
  Boolean(wasmChunk) && glueIn(wasmChunk) && !chunks.filter((c) => c.initial).some(glueIn),
  JSON.stringify(chunks.map((c) => ({ initial: c.initial, files: c.files, auxiliaryFiles: c.auxiliaryFiles }))));
const mainJs = fs.readFileSync(path.join(here, 'dist/main.js'));
const { gzipSync } = await import('node:zlib');
console.log(`main.js: ${mainJs.length} bytes, ${gzipSync(mainJs, { level: 9 }).length} gzip -9 (the page's bundle and the va-rollout shell)`);
fs.writeFileSync(
  path.join(here, 'dist/index.html'),
  '<!doctype html><html><head><meta charset="utf-8"><title>va-rollout webpack consumer</title><link rel="icon" href="data:,"></head>' +
    '<body data-status="loading"><h1>va-rollout decisions</h1>' +
    '<table id="decisions"><thead><tr><th>name</th><th>value</th><th>reason</th><th>source</th></tr></thead>' +
    '<tbody></tbody></table><pre id="report"></pre><script src="main.js"></script></body></html>',
);

const server = await startStaticServer({ mounts: { '/': path.join(here, 'dist') } });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
const page = await browser.newPage();
const consoleErrors = [];
const pageErrors = [];
page.on('console', (m) => {
  if (m.type() === 'error') consoleErrors.push(m.text());
});
page.on('pageerror', (e) => pageErrors.push(String(e)));
let failed = false;
try {
  await page.goto(`${server.url}/index.html`, { timeout: 20_000 });
  await page.waitForSelector('body[data-status="ready"], body[data-status="failed"]', { timeout: 20_000 });
  const status = await page.getAttribute('body', 'data-status');
  const reportText = await page.textContent('#report');
  check('page started a Rollout and rendered', status === 'ready', reportText);
  const rows = await page.$$eval('#decisions tbody tr', (trs) =>
    Object.fromEntries(trs.map((tr) => [tr.dataset.name, { ...tr.dataset }])),
  );
  const report = status === 'ready' ? JSON.parse(reportText) : {};
  check('curated-list flow on from the bootstrap', rows[SM_FLOW]?.value === 'true', JSON.stringify(rows[SM_FLOW]));
  const early = await page.evaluate(() => ({ stats: document.body.dataset.earlyStats, flow: document.body.dataset.earlyFlow }));
  check('the first isEnabled answered from the shell before the core joined', early.stats === 'null' && early.flow === 'true',
    JSON.stringify(early));
  check('bootstrap decision reason STATIC, source bootstrap',
    rows[SM_FLOW]?.reason === 'STATIC' && rows[SM_FLOW]?.source === 'bootstrap', JSON.stringify(rows[SM_FLOW]));
  check('declared default applies', rows.default_only?.value === 'true' && rows.default_only?.reason === 'DEFAULT',
    JSON.stringify(rows.default_only));
  check('unknown flag is false', rows.unknown_flag?.value === 'false', JSON.stringify(rows.unknown_flag));
  check('window.vaRollout devtools installed', report.devtools === true && report.flagsRows >= 2, reportText);
  check('staging override accepted and applied', report.overrideAccepted === true && report.recentAfterOverride === true,
    reportText);
  check('override re-rendered with reason OVERRIDE', rows[SM_RECENT]?.value === 'true' && rows[SM_RECENT]?.reason === 'OVERRIDE',
    JSON.stringify(rows[SM_RECENT]));
  check('onChange fired with the overridden name', Array.isArray(report.changes) && report.changes.includes(SM_RECENT),
    reportText);
  check('no uncaught exceptions', pageErrors.length === 0, pageErrors.join(' | '));
  check('no console errors', consoleErrors.length === 0, consoleErrors.join(' | '));
  await pageExitDelivery(page, server.url);
} catch (e) {
  check('browser run completed', false, String(e));
} finally {
  failed = results.some((r) => !r.ok);
  if (failed) {
    fs.mkdirSync(artifacts, { recursive: true });
    const shot = path.join(artifacts, 'consumer-webpack-failure.png');
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    console.log(`screenshot: ${shot}`);
  }
  await browser.close();
  await server.close();
}
/**
 * Page exit: 30 events queued below every flush threshold, then the page navigates away; an OTLP
 * receiver on loopback must get every one (keepalive fetch at pagehide; the outbox covers the rest).
 */
async function pageExitDelivery(page, pageOrigin) {
  const receiver = await startReceiver();
  try {
    await page.goto(`${pageOrigin}/index.html?collector=${encodeURIComponent(receiver.url)}&queue=30`, { timeout: 20_000 });
    await page.waitForSelector('body[data-status="ready"]', { timeout: 20_000 });
    const queued = Number(await page.getAttribute('body', 'data-queued'));
    check('30 actions queued, none sent before exit', queued >= 30 && receiver.ids('va_rollout.action').size === 0, `pending ${queued}`);
    await page.goto('about:blank');
    for (let i = 0; i < 50 && receiver.ids('va_rollout.action').size < 30; i++) await new Promise((r) => setTimeout(r, 100));
    const ids = receiver.ids('va_rollout.action');
    check('every action queued at page exit arrived', ids.size === 30, `${ids.size} of 30`);
    check('exit requests used application/json within the keepalive budget',
      receiver.requests.every((r) => r.type.startsWith('application/json') && r.bytes <= 64 * 1024),
      JSON.stringify(receiver.requests.map((r) => [r.type, r.bytes])));
  } finally {
    await receiver.close();
  }
}

/** A minimal OTLP/HTTP JSON logs receiver with CORS, recording records by event name and id. */
async function startReceiver() {
  const http = await import('node:http');
  const zlib = await import('node:zlib');
  const requests = [];
  const records = [];
  const srv = http.createServer((req, res) => {
    const cors = {
      'Access-Control-Allow-Origin': req.headers.origin || '*',
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers': 'content-type, content-encoding',
    };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = zlib.gunzipSync(body);
      requests.push({ type: String(req.headers['content-type']), bytes: body.length });
      try {
        const json = JSON.parse(body.toString('utf8'));
        for (const rl of json.resourceLogs ?? []) for (const sl of rl.scopeLogs ?? []) records.push(...(sl.logRecords ?? []));
      } catch (_) { /* counted as a request, no records */ }
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const attr = (rec, key) => rec.attributes?.find((a) => a.key === key)?.value?.stringValue;
  return {
    url: `http://127.0.0.1:${srv.address().port}`,
    requests,
    ids: (name) => new Set(records.filter((r) => r.eventName === name).map((r) => attr(r, 'va_rollout.event.id'))),
    close: () => new Promise((r) => { srv.closeAllConnections?.(); srv.close(r); }),
  };
}

const passed = results.filter((r) => r.ok).length;
console.log(`consumer-webpack: ${passed} passed, ${results.length - passed} failed`);
process.exit(failed ? 1 : 0);
