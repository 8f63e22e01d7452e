// The benchmark run (scripts/bench.sh calls this): bundles, sizes, then startup, evaluation and
// telemetry in one headless Chromium against one loopback server, then the collector. Writes
// results/latest.json and results/latest.md and prints the Markdown.
// Env: BENCH_LOADS (startup loads per SDK, default 30), BENCH_COLLECTOR_EVENTS (default
// 1000000; 0 skips), BENCH_VARIANTS_DIR (ours split by part, from scripts/build-variants.sh),
// BENCH_BASELINE_PKG (another commit's pkg/: its web and webpack startup pages are measured in
// the same run as ours, rows ours-base and ours-webpack-base).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildBaseline, buildBundles, measureSizes, measureVariants, peerVersions, BENCH, FLAG_PEERS, ROOT } from './lib/build.mjs';
import { buildWebpackStartup } from './lib/webpack.mjs';
import { launch, writePages, Blocker } from './lib/browser.mjs';
import { startup, evaluation, telemetry, delivery, mainThread } from './lib/measure.mjs';
import { memory } from './lib/memory.mjs';
import { startServer } from './lib/server.mjs';
import { evaluationMarkdown, markdown, memoryMarkdown, startupMarkdown } from './lib/report.mjs';

const env = (k, d) => (process.env[k] === undefined || process.env[k] === '' ? d : Number(process.env[k]));
const LOADS = env('BENCH_LOADS', 30);
const COLLECTOR_EVENTS = env('BENCH_COLLECTOR_EVENTS', 1_000_000);
const RESULTS = path.join(BENCH, 'results');
const WWW = path.join(RESULTS, 'www');
const log = (m) => process.stderr.write(`${m}\n`);

function collector(events) {
  if (!events) return null;
  const clients = 8;
  const batches = Math.max(1, Math.min(2000, Math.floor(events / (clients * 50))));
  log(`collector: ${events} events (scripts/collector-bench.sh, CLIENTS=${clients} BATCHES=${batches} TOTAL=${events})`);
  const r = spawnSync(path.join(ROOT, 'scripts/collector-bench.sh'), [], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, CLIENTS: String(clients), BATCHES: String(batches), TOTAL: String(events) }, timeout: 1_200_000,
  });
  const out = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) return { error: `collector-bench.sh exited ${r.status}: ${out.slice(-500)}` };
  const ingest = out.match(/= (\d+) events in ([\d.]+) s = (\d+) events\/s/);
  const stored = out.match(/stored events: (\d+)/);
  const report = out.match(/report --format json over (\d+) events \(SQLite\): ([\d.]+) s/);
  const html = out.match(/report --format html over (\d+) events \(SQLite\): ([\d.]+) s/);
  return {
    ingestEvents: ingest && Number(ingest[1]), ingestSeconds: ingest && Number(ingest[2]), eventsPerSecond: ingest && Number(ingest[3]),
    stored: stored && Number(stored[1]), reportJsonSeconds: report && Number(report[2]), reportHtmlSeconds: html && Number(html[2]),
  };
}

function machine() {
  let chromium = '';
  try {
    chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {}
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, chromium, kernel: os.release() };
}

const started = Date.now();
fs.mkdirSync(WWW, { recursive: true });
log('bundling (esbuild) and measuring sizes');
const bundles = await buildBundles(WWW);
log('bundling the bundler-entry startup page (webpack 5)');
const BASE = process.env.BENCH_BASELINE_PKG || '';
const webpackStartup = await buildWebpackStartup(bundles, BASE);
const baseScripts = await buildBaseline(WWW, BASE);
const names = fs.readdirSync(bundles).filter((f) => f.endsWith('.js') && !f.startsWith('size-')).map((f) => f.replace(/\.js$/, ''));
writePages(WWW, [...names, ...Object.keys(baseScripts)], baseScripts);
// BENCH_ONLY=startup: the startup rows alone (sizes of the webpack page, no other part);
// BENCH_ONLY=memory: the memory rows alone; BENCH_ONLY=eval: the evaluation rows alone (with
// ours-base when BENCH_BASELINE_PKG is set).
const ONLY = process.env.BENCH_ONLY ?? '';
const size = ONLY ? null : await measureSizes(RESULTS, bundles);
const variants = ONLY ? null : measureVariants(process.env.BENCH_VARIANTS_DIR);
const SDKS = ['ours', 'ours-webpack', ...(BASE ? ['ours-base', 'ours-webpack-base'] : []), 'ours-await-init', ...FLAG_PEERS];

const server = await startServer({ '/': WWW });
const browser = await launch();
const blocker = new Blocker();
let results;
try {
  const evalOpts = { readCalls: 1_000_000, actorCalls: 100_000, runs: 5, base: !!BASE };
  if (ONLY === 'memory') {
    results = { memory: await memory(browser, blocker, server, server.origin, log) };
  } else if (ONLY === 'eval') {
    results = { evaluation: await evaluation(browser, blocker, server.origin, evalOpts, log) };
  } else {
    log(`startup: ${LOADS} cold + ${LOADS} warm loads per SDK`);
    const start = await startup(browser, blocker, server.origin, LOADS, log, { sdks: SDKS });
    results = { startup: start, webpackStartup };
  }
  if (!ONLY) {
    log('evaluation');
    const evals = await evaluation(browser, blocker, server.origin, evalOpts, log);
    log('telemetry');
    const tele = await telemetry(browser, blocker, server, server.origin, { n: 500, runs: 5, events: 1000 }, log);
    log('delivery across navigation');
    const nav = await delivery(browser, blocker, server, server.origin, { trials: 5, queued: 100 });
    const main = await mainThread(browser, blocker, server.origin);
    log('memory');
    const mem = await memory(browser, blocker, server, server.origin, log);
    results = { size, variants, ...results, evaluation: evals, telemetry: tele, delivery: nav, mainThread: main, memory: mem };
  }
} finally {
  await browser.close();
  await server.stop();
}
if (ONLY) {
  fs.writeFileSync(path.join(RESULTS, `${ONLY}.json`), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(ONLY === 'startup' ? startupMarkdown(results, LOADS) : ONLY === 'eval' ? evaluationMarkdown(results.evaluation) : memoryMarkdown(results.memory));
  process.exit(0);
}
results.blockedRequests = { count: blocker.blocked.length, hosts: [...new Set(blocker.blocked.map((u) => { try { return new URL(u).host; } catch { return u; } }))] };
results.collector = collector(COLLECTOR_EVENTS);
results.meta = { date: new Date().toISOString(), durationS: Math.round((Date.now() - started) / 1000), machine: machine(), versions: peerVersions(), loads: LOADS, collectorEvents: COLLECTOR_EVENTS };
const md = markdown(results);
fs.writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
fs.writeFileSync(path.join(RESULTS, 'latest.md'), md);
process.stdout.write(md);
