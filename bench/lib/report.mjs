// Markdown tables from the results, and issue 8's targets as met / missed with their ratios.
import { FLAG_PEERS, RUM_PEERS } from './build.mjs';
import { EVENTS, ROUNDS, WARM_ROUNDS } from './memory.mjs';

const int = (n) => (n === null || n === undefined || Number.isNaN(n) ? '–' : Math.round(n).toLocaleString('en-US'));
const f = (n, d = 2) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(d));
const ratio = (a, b) => (b ? a / b : NaN);
const table = (head, rows) => [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const minBy = (obj, keys, get) => keys.filter((k) => obj[k]).reduce((best, k) => (!best || get(obj[k]) < get(obj[best]) ? k : best), null);

/** Every target of issue 8 (plus the 50 ms long-task budget) with its measured ratio. */
export function targets(r) {
  const out = [];
  const add = (target, met, measured) => out.push({ target, status: met === null ? 'pending' : met ? 'met' : 'missed', measured });
  const s = r.size;
  const flagMin = minBy(s, FLAG_PEERS, (x) => x.gzip);
  const rumMin = minBy(s, RUM_PEERS, (x) => x.gzip);
  const budget = s[flagMin].gzip + s[rumMin].gzip;
  add(`Everything we ship < smallest flag peer + smallest RUM peer (gzip; ${flagMin} ${int(s[flagMin].gzip)} + ${rumMin} ${int(s[rumMin].gzip)} = ${int(budget)} B)`,
    s.ours.gzip < budget, `${int(s.ours.gzip)} B = ${f(ratio(s.ours.gzip, budget))}× the budget`);
  const flagsOnly = r.variants?.flags;
  add(`Flags-only build ≤ smallest flag peer (${flagMin}, ${int(s[flagMin].gzip)} B gzip)`, flagsOnly ? flagsOnly.gzip <= s[flagMin].gzip : null,
    flagsOnly ? `${int(flagsOnly.gzip)} B = ${f(ratio(flagsOnly.gzip, s[flagMin].gzip))}×` : 'no split build yet (scripts/build-variants.sh not on this branch)');
  const st = r.startup;
  for (const t of startupTargets(st)) add(t.target, t.met, t.detail);
  const ev = r.evaluation;
  const readMin = minBy(ev.read, FLAG_PEERS, (x) => x.nsPerCall);
  add(`Cached isEnabled no slower than the fastest peer read (${readMin} ${f(ev.read[readMin].nsPerCall, 1)} ns)`,
    ev.read.ours.nsPerCall <= ev.read[readMin].nsPerCall, `${f(ev.read.ours.nsPerCall, 1)} ns = ${f(ratio(ev.read.ours.nsPerCall, ev.read[readMin].nsPerCall))}×`);
  const fa = ev.forActor;
  add(`Fresh-actor percentage evaluation no slower than plain-JS crc32 (${f(fa.baseline.nsPerCall, 1)} ns)`,
    fa.ours.nsPerCall <= fa.baseline.nsPerCall, `${f(fa.ours.nsPerCall, 1)} ns = ${f(ratio(fa.ours.nsPerCall, fa.baseline.nsPerCall))}×`);
  add(`Fresh-actor evaluation faster than GrowthBook multi-user isOn (${f(fa.growthbook.nsPerCall, 1)} ns)`,
    fa.ours.nsPerCall < fa.growthbook.nsPerCall, `${f(ratio(fa.ours.nsPerCall, fa.growthbook.nsPerCall))}×`);
  const t = r.telemetry;
  const dd = ['datadog-rum', 'datadog-rum+deflate', 'datadog-rum-slim'];
  const ddFast = minBy(t, dd, (x) => x.perEventUs);
  add(`Main-thread cost per event ≥ 20× below Datadog addAction (fastest: ${ddFast} ${f(t[ddFast].perEventUs)} µs)`,
    t.ours.perEventUs * 20 <= t[ddFast].perEventUs, `${f(t.ours.perEventUs)} µs: Datadog/ours = ${f(ratio(t[ddFast].perEventUs, t.ours.perEventUs), 1)}×`);
  const peers = Object.keys(t).filter((k) => k !== 'ours');
  const bytesMin = minBy(t, peers, (x) => x.bytesPerEvent);
  add(`Wire bytes per event below every peer's (best: ${bytesMin} ${f(t[bytesMin].bytesPerEvent, 1)} B)`,
    t.ours.bytesPerEvent < t[bytesMin].bytesPerEvent, `${f(t.ours.bytesPerEvent, 1)} B = ${f(ratio(t.ours.bytesPerEvent, t[bytesMin].bytesPerEvent))}×`);
  const ddReq = minBy(t, dd, (x) => x.requestsPer1000);
  add(`Fewer requests per 1,000 events than Datadog (fewest: ${ddReq} ${f(t[ddReq].requestsPer1000, 1)})`,
    t.ours.requestsPer1000 < t[ddReq].requestsPer1000, `${f(t.ours.requestsPer1000, 1)} = ${f(ratio(t.ours.requestsPer1000, t[ddReq].requestsPer1000))}×`);
  const d = r.delivery;
  add('100% delivered across navigation, no event counted twice', d.rate === 1 && d.doubleCounted === 0,
    `${d.delivered}/${d.queued} delivered, ${d.doubleCounted} double-counted, ${d.wireDuplicates} resent with the same id`);
  if (r.memory) {
    const g = r.memory.ours.growth;
    add(`Memory: no growth once the queue has drained (rounds ${WARM_ROUNDS}→${ROUNDS} of ${int(EVENTS)} events, each drained: JS heap within ${int(HEAP_NOISE)} B, wasm within ${int(WASM_STEP)} B, one high-water step)`,
      g.wasm <= WASM_STEP && g.jsHeapUsed <= HEAP_NOISE && r.memory.ours.pendingAfterDrain === 0,
      `wasm ${g.wasm >= 0 ? '+' : ''}${int(g.wasm)} B, JS heap ${g.jsHeapUsed >= 0 ? '+' : ''}${int(g.jsHeapUsed)} B, ${r.memory.ours.pendingAfterDrain} pending`);
  }
  const m = r.mainThread;
  const longest = Math.max(st.ours.longestTaskMs, m.startSyncMs, ...Object.values(m.flush));
  add('Longest main-thread task the SDK causes at startup and per flush < 50 ms', longest < 50,
    `start ${f(m.startSyncMs)} ms (sync), longest task at startup ${st.ours.longTasks ? `${f(st.ours.longestTaskMs)} ms` : 'none ≥ 50 ms'}, flush of 100 events ${f(m.flush[100])} ms`);
  return out;
}

export function markdown(r) {
  const m = r.meta;
  const parts = [`# va-rollout benchmarks\n\n${m.date.slice(0, 10)} · ${m.machine.cpus} CPUs (${m.machine.cpuModel}) · ${m.machine.chromium} (headless) · Node ${m.machine.node} · run took ${m.durationS} s`];
  parts.push(`Versions: ${Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`);

  const s = r.size;
  const sizeRows = Object.entries(s).map(([k, v]) => [k, v.what, int(v.raw), int(v.gzip), int(v.brotli), v.lazyGzip ? int(v.lazyGzip) : '', f(ratio(s.ours.gzip, v.gzip))]);
  parts.push(`## Size (bytes)\n\n${table(['SDK', 'what', 'raw', 'gzip -9', 'brotli', 'lazy chunks (gzip, not loaded)', 'ours as shipped / this (gzip)'], sizeRows)}`);
  if (r.variants) {
    parts.push(table(['ours, split', 'raw', 'gzip -9', 'brotli'], Object.entries(r.variants).map(([k, v]) => [k, int(v.raw), int(v.gzip), int(v.brotli)])));
  } else parts.push('Ours split by part (flags / flags + routing / all): pending — `scripts/build-variants.sh` is not on this branch yet.');

  parts.push(startupMarkdown(r, m.loads));

  parts.push(evaluationMarkdown(r.evaluation));

  const t = r.telemetry;
  parts.push(`## Telemetry\n\n${table(
    ['SDK', 'µs per event (main thread)', 'peer/ours', 'deferred µs per event', 'requests per 1,000', 'bytes per 1,000', 'bytes per event', 'encoding', 'delivered (of 1,000)', 'delivered across navigation (of 200)'],
    Object.entries(t).map(([k, v]) => [k, f(v.perEventUs), f(ratio(v.perEventUs, t.ours.perEventUs), 1), v.processingUs == null ? '' : f(v.processingUs), f(v.requestsPer1000, 1), int(v.bytesPer1000), f(v.bytesPerEvent, 1), v.wire[1000].encodings.join(', '), v.wire[1000].delivered, v.navigation.delivered]),
  )}\n\nµs per event: median of 5 loops of 500 \`track\` calls (ours \`rollout.track.action\`, Datadog \`addAction\`, Faro \`pushEvent\`), synchronous cost including any flush the call triggers; work a peer defers to a timer or worker is not in it. Deferred (ours only): the main-thread time per event of processing the captured calls (ids, attributes, scrubbing, sampling, queueing, and the sends that come due), which the SDK does when the page is idle; measured by forcing it (\`telemetryStats()\`) right after each loop. Requests and bytes: as received at the loopback intake (body bytes, compressed where sent compressed) after the SDK's own batching delivered the 1,000 events (waiting up to 40 s for its timers) and the page was left, net of a page that tracked nothing; per 1,000 delivered events. Across navigation: 200 events tracked, then at once a new load of the same page (the SDK starts again there), events found at the intake.`);
  const d = r.delivery;
  parts.push(`Delivery across navigation (ours, ${d.trials.length} trials of ${d.trials[0].queued} events queued below every batch threshold, then navigate to a page that starts the SDK again): **${d.delivered}/${d.queued}** delivered, ${d.doubleCounted} counted twice, ${d.wireDuplicates} resent with the same event id (deduplicated by the collector).`);
  const mt = r.mainThread;
  const st = r.startup;
  parts.push(`Main thread (ours): \`Rollout.start\` ${f(mt.startSyncMs)} ms synchronous; \`flush()\` of 50 queued events ${f(mt.flush[50])} ms, of 100 ${f(mt.flush[100])} ms (worst of 5); long tasks (≥ 50 ms) at startup over ${m.loads} loads: ${st.ours.longTasks ? `${st.ours.longTasks}, longest ${f(st.ours.longestTaskMs)} ms` : 'none'}.`);

  if (r.memory) parts.push(memoryMarkdown(r.memory));

  const c = r.collector;
  if (c?.error) parts.push(`## Collector\n\n${c.error}`);
  else if (c) parts.push(`## Collector (release build, loopback, 8 clients, batches of 50)\n\n${table(['events ingested', 'events/s', 'stored', 'GET /report.json', 'GET /report'],
    [[int(c.ingestEvents), int(c.eventsPerSecond), int(c.stored), `${f(c.reportJsonSeconds)} s`, `${f(c.reportHtmlSeconds)} s`]])}`);

  parts.push(`## Targets (issue 8)\n\n${table(['target', 'status', 'measured'], targets(r).map((x) => [x.target, x.status === 'met' ? '**met**' : x.status === 'missed' ? '**missed**' : x.status, x.measured]))}`);
  parts.push(`Requests to anything but 127.0.0.1: ${r.blockedRequests.count}${r.blockedRequests.count ? ` (blocked: ${r.blockedRequests.hosts.join(', ')})` : ''}.`);
  return `${parts.join('\n\n')}\n`;
}

/** What the JS heap may move between two samples after a full GC without counting as growth. */
const HEAP_NOISE = 64 * 1024;
/** One step of the wasm memory's high-water mark: 8 pages of 64 KiB (bench/lib/memory.mjs). */
const WASM_STEP = 8 * 64 * 1024;

/** The evaluation tables (cached reads, fresh actors). @param {any} ev */
export function evaluationMarkdown(ev) {
  return `## Evaluation (ns per call, best of up to 5 runs)\n\n${table(['SDK', 'cached read (1e6 calls)', 'ours/this'],
    Object.entries(ev.read).map(([k, v]) => [k, f(v.nsPerCall, 1), f(ratio(ev.read.ours.nsPerCall, v.nsPerCall))]))}\n\n${table(
    ['fresh actor, 50% rollout (1e5 actors per run)', 'ns per evaluation', 'share on', 'ours/this'],
    Object.entries(ev.forActor).map(([k, v]) => [k, f(v.nsPerCall, 1), f(v.fractionTrue, 3), f(ratio(ev.forActor.ours.nsPerCall, v.nsPerCall))]))}\n\nReads: ours \`rollout.isEnabled\`, GrowthBook \`isOn\`, LaunchDarkly \`variation\`, Unleash \`isEnabled\`, OpenFeature \`getBooleanValue\`, Flagsmith \`hasFeature\`. Fresh actor: ours \`rollout.evaluateFor(name, actorId)\` (Flipper's formula in JavaScript from the core's actor plans; ours-base: the baseline package's), GrowthBook \`GrowthBookClient.isOn(key, { attributes: { id } })\`, baseline = plain-JS table CRC-32 of the same formula.`;
}

/** The memory section (issue 13, target 7). */
export function memoryMarkdown(mem) {
  const kb = (b) => f(b / 1024, 1);
  const signed = (b) => `${b >= 0 ? '+' : ''}${kb(b)}`;
  const rows = Object.entries(mem).map(([k, v]) => [k, v.work ?? '–',
    kb(v.start.jsHeapUsed), kb(v.afterEvents.jsHeapUsed), kb(v.drained.jsHeapUsed), kb(v.warm.jsHeapUsed), kb(v.last.jsHeapUsed),
    kb(v.start.wasm), kb(v.afterEvents.wasm), kb(v.drained.wasm), kb(v.warm.wasm), kb(v.last.wasm), `${signed(v.growth.jsHeapUsed)} / ${signed(v.growth.wasm)}`]);
  return `## Memory (KiB; JS heap used after a full GC, wasm linear memory)\n\n${table(
    ['page', `${int(EVENTS)} × what`, 'heap at start', `heap after ${int(EVENTS)}`, 'heap drained', `heap drained, round ${WARM_ROUNDS}`, `heap drained, round ${ROUNDS}`,
      'wasm at start', `wasm after ${int(EVENTS)}`, 'wasm drained', `wasm drained, round ${WARM_ROUNDS}`, `wasm drained, round ${ROUNDS}`, `growth, rounds ${WARM_ROUNDS}→${ROUNDS} (heap / wasm)`], rows,
  )}\n\nEach page starts its SDK, then ${ROUNDS} rounds of ${int(EVENTS)} calls in chunks of 1,000 (ours \`track.action\`, Datadog RUM \`addAction\`, which keeps at most 3,000 actions a minute; GrowthBook fresh-actor \`isOn\`: a flag SDK has no event queue), each round drained (ours: \`flush()\` until \`telemetryStats().pending\` is 0; Datadog: its intake quiet for 5 s). Growth: drained after round ${ROUNDS} minus drained after round ${WARM_ROUNDS} (wasm memory never shrinks: the first rounds set its high-water mark). \`HeapProfiler.collectGarbage\` before every sample (\`tests/e2e/lib/page-memory.mjs\`).`;
}

/** The startup targets (issue 13, targets 3 and 4): rows of [target, met, detail]. */
function startupTargets(st) {
  const rows = [];
  const fastest = minBy(st, FLAG_PEERS, (x) => x.coldMedianMs);
  for (const ours of ['ours', 'ours-webpack'].filter((k) => st[k])) {
    rows.push([`First decision, cold (${ours === 'ours' ? 'web entry' : 'bundler entry, webpack 5'}) no slower than the fastest flag peer (${fastest} ${f(st[fastest].coldMedianMs)} ms)`,
      st[ours].coldMedianMs <= st[fastest].coldMedianMs, `${f(st[ours].coldMedianMs)} ms = ${f(ratio(st[ours].coldMedianMs, st[fastest].coldMedianMs))}×`]);
    const t = st[ours].throttled4x;
    if (t) {
      rows.push([`No task ≥ 50 ms at startup (${ours}), CPU 4× throttled and not`, t.longTasks === 0 && st[ours].longTasks === 0,
        `longest long task: ${st[ours].longTasks ? `${f(st[ours].longestTaskMs)} ms` : 'none'} unthrottled, ${t.longTasks ? `${f(t.longestTaskMs)} ms` : 'none'} at 4×; after the first decision (the join): ${st[ours].longTasksAfter ? `${f(st[ours].longestAfterMs)} ms` : 'none'} / ${t.longTasksAfter ? `${f(t.longestAfterMs)} ms` : 'none'}`]);
    }
  }
  return rows.map(([target, met, detail]) => ({ target, met, detail }));
}

/** The startup section: cold/warm, then the 4× CPU-throttled cold loads and long tasks. */
export function startupMarkdown(r, loads) {
  const st = r.startup;
  const lt = (v) => (v && v.longTasks ? `${f(v.longestTaskMs)} (${v.longTasks})` : 'none');
  const ltAfter = (v) => (v && v.longTasksAfter ? `${f(v.longestAfterMs)} (${v.longTasksAfter})` : 'none');
  const wp = r.webpackStartup;
  return `## Startup: script start → first flag decision (ms, ${loads} loads each)\n\n${table(
    ['SDK', 'cold median', 'cold p90', 'warm median', 'warm p90', 'cold ours/this', 'first read sync', 'value', 'longest long task (count)', 'of which after the first decision', '4× CPU: cold median', '4× CPU: longest long task (count)', '4× CPU: after the first decision'],
    Object.entries(st).map(([k, v]) => [k, f(v.coldMedianMs), f(v.coldP90Ms), f(v.warmMedianMs), f(v.warmP90Ms), f(ratio(st.ours.coldMedianMs, v.coldMedianMs)), v.synchronous.join('/'), v.values.join('/'), lt(v), ltAfter(v), f(v.throttled4x?.coldMedianMs), lt(v.throttled4x), ltAfter(v.throttled4x)]),
  )}\n\ncold: a new browser context per load (empty HTTP cache); warm: reloads in one context (HTTP cache, V8 and wasm code caches); 4× CPU: cold loads with \`Emulation.setCPUThrottlingRate\` rate 4 (${st.ours.throttled4x?.loads ?? '–'} loads each); long tasks are the page's PerformanceObserver \`longtask\` entries (≥ 50 ms) until the page has settled (the SDK's \`ready()\` and 200 ms), and those that started after the first decision (for ours: the core's join). ours: esbuild bundle of the web entry (importing it starts streaming compilation; \`Rollout.start\` with a vets-api bootstrap answers \`isEnabled\` from the JavaScript shell). ours-webpack: the bundler entry built by webpack 5 (production, asyncWebAssembly)${wp ? `: main chunk ${int(wp.mainGzip)} B gzip -9, async JS chunks (wasm glue, wrapper, panel) ${int(wp.asyncGzip)} B, the .wasm beside them` : ''}.\n\n${startupTargets(st).map((t) => `- ${t.met ? 'met' : 'missed'}: ${t.target}: ${t.detail}`).join('\n')}\n`;
}
