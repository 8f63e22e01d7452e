// Profiles ours on the main thread (not a benchmark: a tool to find where the time goes).
//   node bench/profile.mjs [track|start|wire|foractor|all]
// track: µs per `track.action` (the bench loop) and a CDP CPU profile of 2,000 calls, top self
//        time by function; start: `Rollout.start` sync ms (median of 15 page loads) and a CPU
//        profile of one; wire: 1,000 events tracked at once → requests, bytes, seconds to deliver;
// join: a DevTools trace of one cold load of each startup page (web entry, webpack entry,
//        OpenFeature), unthrottled and with the CPU 4× throttled, until the page has settled:
//        every main-thread task of PROFILE_TASK_MS (default 15) or more, as a tree of events.
//        PROFILE_SDKS=ours,ours-webpack,… picks the startup pages;
// stages: the core's start stage by stage, each in its own task (bench/entries/page/ours-stages.js),
//        ms per stage, median and max of PROFILE_LOADS (default 7) cold loads, unthrottled and at
//        4×, with the startup page's configuration and with a flags URL and telemetry.
// BENCH_BASELINE_PKG=<another commit's pkg/>: track also measures that package's bench page,
// rounds alternating with ours in the same browser, and prints the ratios ours / baseline.
// PROFILE_WASM=path serves another .wasm (e.g. one with its name section, for readable frames):
// it must come from the same build as pkg/web's glue.
import fs from 'node:fs';
import path from 'node:path';
import { buildBaseline, buildBundles } from './lib/build.mjs';
import { buildWebpackStartup } from './lib/webpack.mjs';
import { longTasks, traced } from './lib/trace.mjs';
import { launch, writePages, Blocker, open } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { median, perEventCost } from './lib/measure.mjs';

const what = process.argv[2] ?? 'all';
const WWW = path.join(path.dirname(new URL(import.meta.url).pathname), 'results', 'www-profile');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

fs.mkdirSync(WWW, { recursive: true });
const bundles = await buildBundles(WWW);
if (process.env.PROFILE_WASM) fs.copyFileSync(process.env.PROFILE_WASM, path.join(bundles, 'va_rollout_bg.wasm'));
const JOIN_SDKS = (process.env.PROFILE_SDKS || 'ours,ours-webpack,openfeature').split(',');
if (what === 'join') await buildWebpackStartup(bundles);
const baseScripts = await buildBaseline(WWW, process.env.BENCH_BASELINE_PKG || '');
writePages(WWW, ['page-ours', 'page-ours-stages', ...JOIN_SDKS.map((s) => `startup-${s}`), ...Object.keys(baseScripts)], baseScripts);
const server = await startServer({ '/': WWW });
const browser = await launch();
const blocker = new Blocker();

/** Top `n` functions (PROFILE_TOP, default 25) by self time of a CDP profile. */
function top(profile, n = Number(process.env.PROFILE_TOP || 25)) {
  const self = new Map();
  const dt = profile.timeDeltas;
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const f = node.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url ? path.basename(f.url) : ''}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(1).padStart(7)} ms  ${k}`).join('\n');
}

async function profiled(page, fn, arg) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  const r = await page.evaluate(fn, arg);
  const { profile } = await cdp.send('Profiler.stop');
  return { r, profile };
}

try {
  if (what === 'track' || what === 'all') {
    const runs = (xs) => xs.map((x) => x.toFixed(1)).join(', ');
    if (baseScripts['page-ours-base']) {
      // Fresh pages per round, ours and the baseline alternating: machine noise spreads evenly.
      const all = { ours: { calls: [], processing: [] }, base: { calls: [], processing: [] } };
      for (let round = 0; round < Number(process.env.PROFILE_ROUNDS || 6); round++) {
        for (const [key, name] of [['ours', 'page-ours'], ['base', 'page-ours-base']]) {
          const c = await blocker.context(browser);
          const p = await c.newPage();
          await open(p, server.origin, name, { sink: `prof_${key}` });
          await sleep(300);
          const r = await perEventCost(p, { n: 500, runs: 5 });
          all[key].calls.push(median(r.calls));
          all[key].processing.push(median(r.processing));
          await c.close();
        }
      }
      for (const [key, r] of Object.entries(all)) {
        console.log(`track ${key}: µs per call ${median(r.calls).toFixed(2)} (rounds ${runs(r.calls)}), processing µs per event ${median(r.processing).toFixed(2)} (rounds ${runs(r.processing)})`);
      }
      const ratio = (k) => (median(all.ours[k]) / median(all.base[k])).toFixed(2);
      console.log(`track ours / baseline: per call ${ratio('calls')}, processing per event ${ratio('processing')}`);
    }
    const ctx = await blocker.context(browser);
    const page = await ctx.newPage();
    await open(page, server.origin, 'page-ours', { sink: 'prof' });
    await sleep(500);
    const { calls, processing } = await perEventCost(page, { n: 500, runs: 5 });
    console.log(`track: µs per call ${median(calls).toFixed(2)} (runs ${runs(calls)}), processing µs per event ${median(processing).toFixed(2)} (runs ${runs(processing)})`);
    const { profile } = await profiled(page, async (n) => {
      for (let r = 0; r < 10; r++) {
        for (let i = 0; i < n; i++) window.bench.track(`prof-${i}`, i);
        window.bench.stats();
        await new Promise((res) => setTimeout(res, 20));
      }
      return 0;
    }, 500);
    console.log(top(profile));
    await ctx.close();
  }
  if (what === 'foractor' || what === 'all') {
    const ctx = await blocker.context(browser);
    const page = await ctx.newPage();
    await open(page, server.origin, 'page-ours', { telemetry: false });
    const { r, profile } = await profiled(page, (n) => {
      let on = 0;
      const t = performance.now();
      for (let i = 0; i < n; i++) on += window.bench.forActor(`actor-${i}`) ? 1 : 0;
      return { ns: ((performance.now() - t) * 1e6) / n, on };
    }, 200_000);
    console.log(`foractor: ${r.ns.toFixed(1)} ns per evaluateFor (profiled), share on ${(r.on / 200_000).toFixed(3)}`);
    console.log(top(profile));
    await ctx.close();
  }
  if (what === 'start' || what === 'all') {
    const ms = [];
    for (let i = 0; i < 15; i++) {
      const ctx = await blocker.context(browser);
      const page = await ctx.newPage();
      await open(page, server.origin, 'page-ours', { sink: 'prof_start' });
      ms.push(await page.evaluate(() => window.bench.startMs));
      await ctx.close();
    }
    console.log(`start: Rollout.start sync ms median ${median(ms).toFixed(2)} (${ms.map((x) => x.toFixed(1)).join(', ')})`);
    const ctx = await blocker.context(browser);
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    await open(page, server.origin, 'page-ours', { sink: 'prof_start' });
    const { profile } = await cdp.send('Profiler.stop');
    console.log(`(this load: start ${(await page.evaluate(() => window.bench.startMs)).toFixed(2)} ms)`);
    console.log(top(profile, 30));
    await ctx.close();
  }
  if (what === 'join') {
    for (const rate of [1, 4]) {
      for (const s of JOIN_SDKS) {
        const ctx = await blocker.context(browser);
        const page = await ctx.newPage();
        const cdp = await ctx.newCDPSession(page);
        if (rate !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
        const events = await traced(cdp, () => open(page, server.origin, `startup-${s}`, null, 'settled'));
        const r = await page.evaluate(() => ({ ms: window.__benchResult.ms, longtasks: window.__longtasks }));
        console.log(`\n== startup-${s}, CPU ${rate}×: first decision ${r.ms.toFixed(1)} ms, long tasks ${JSON.stringify(r.longtasks.map(Math.round))}`);
        console.log(longTasks(events, `startup-${s}`, { minMs: Number(process.env.PROFILE_TASK_MS || 15) }).join('\n'));
        await ctx.close();
      }
    }
  }
  if (what === 'stages') {
    const loads = Number(process.env.PROFILE_LOADS || 7);
    for (const rate of [1, 4]) {
      for (const full of [false, true]) {
        const runs = [];
        for (let i = 0; i < loads; i++) {
          const ctx = await blocker.context(browser);
          const page = await ctx.newPage();
          const cdp = await ctx.newCDPSession(page);
          if (rate !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
          await open(page, server.origin, 'page-ours-stages', { full });
          runs.push(await page.evaluate(() => window.bench));
          await ctx.close();
        }
        console.log(`\n== CPU ${rate}×, ${full ? 'flags URL + telemetry' : 'bootstrap only (the startup page)'}: ms per stage, median / max of ${loads} cold loads`);
        console.log(`  load + instantiate (init)  ${median(runs.map((r) => r.loadMs)).toFixed(1)} / ${Math.max(...runs.map((r) => r.loadMs)).toFixed(1)}`);
        runs[0].stages.forEach(([name], k) => {
          const xs = runs.map((r) => r.stages[k][1]);
          console.log(`  ${name.padEnd(48)} ${median(xs).toFixed(1).padStart(6)} / ${Math.max(...xs).toFixed(1)}`);
        });
      }
    }
  }
  if (what === 'wire' || what === 'all') {
    const ctx = await blocker.context(browser);
    const page = await ctx.newPage();
    await open(page, server.origin, 'page-ours', { sink: 'prof_wire' });
    await sleep(300);
    const from = server.intake.length;
    const t0 = Date.now();
    await page.evaluate(() => { for (let i = 0; i < 1000; i++) window.bench.track(`wire-${i}`, i); });
    let n = 0;
    while (Date.now() - t0 < 40_000) {
      const recs = server.sinkSince('prof_wire', from);
      n = new Set(recs.flatMap((r) => [...r.text.matchAll(/wire-(\d+)/g)].map((m) => m[1]))).size;
      if (n >= 1000) break;
      await sleep(100);
    }
    const recs = server.sinkSince('prof_wire', from);
    const bytes = recs.reduce((a, r) => a + r.bytes, 0);
    console.log(`wire: ${n}/1000 delivered in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${recs.length} requests, ${bytes} B (${(bytes / Math.max(1, n)).toFixed(1)} B/event), encodings ${[...new Set(recs.map((r) => r.kind))]}`);
    await ctx.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
