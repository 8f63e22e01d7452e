// Where the soak page's JS heap goes (not a test: a diagnosis tool). One demo tab against the real
// collector (the debug binary, or VA_ROLLOUT_COLLECTOR_BIN), clicking the soak driver's round
// (round.mjs: care-team help, back); at each of the CHECKPOINTS (rounds) the JS heap, the
// performance entries per type and a CDP heap snapshot, after a full GC; then the objects new
// between the first two snapshots and still alive at the last, grouped by constructor and by
// their first retainer, largest first, and the path from the GC roots to one leaked
// `<select id="care-team">` when there is one. HEAP_DIFF_CHROMIUM_ARGS: extra Chromium flags.
// Usage: node tests/e2e/soak/heap-diff.mjs [CHECKPOINTS=100,300,600] [PAUSE_MS=100]
import { startDemo, PATHS, PERSONAS, waitForPage, telemetryStats } from '../journeys/helpers.mjs';
import { round } from './round.mjs';

const checkpoints = (process.argv[2] ?? '100,300,600').split(',').map(Number);
const pause = Number(process.argv[3] ?? 100);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The parsed heap snapshot of the page behind `cdp` (after a full GC). */
async function snapshot(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  let text = '';
  const onChunk = (e) => (text += e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  return index(JSON.parse(text));
}

/** Nodes by id: { type, name, size, retainers: [{ from, edge }] }. */
function index(s) {
  const m = s.snapshot.meta;
  const nf = m.node_fields.length;
  const ef = m.edge_fields.length;
  const types = m.node_types[0];
  const etypes = m.edge_types[0];
  const [T, N, I, S, EC] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((f) => m.node_fields.indexOf(f));
  const [ET, EN, ETO] = ['type', 'name_or_index', 'to_node'].map((f) => m.edge_fields.indexOf(f));
  const nodes = new Map();
  const order = [];
  for (let i = 0; i < s.nodes.length; i += nf) {
    const node = { type: types[s.nodes[i + T]], name: s.strings[s.nodes[i + N]], id: s.nodes[i + I], size: s.nodes[i + S], retainers: [] };
    nodes.set(node.id, node);
    order.push(node);
  }
  let e = 0;
  for (let n = 0; n < order.length; n++) {
    const count = s.nodes[n * nf + EC];
    for (let k = 0; k < count; k++, e += ef) {
      const et = etypes[s.edges[e + ET]];
      if (et === 'weak') continue;
      const to = order[s.edges[e + ETO] / nf];
      const nameOrIndex = s.edges[e + EN];
      const edge = et === 'element' || et === 'hidden' ? `[${nameOrIndex}]` : s.strings[nameOrIndex];
      if (to.retainers.length < 3) to.retainers.push({ from: order[n], edge: `${et}:${edge}` });
      (order[n].out ??= []).push({ to, edge: `${et}:${edge}` });
    }
  }
  nodes.root = order[0];
  return nodes;
}

/** The shortest strong path from the snapshot's root to `target` (BFS), as text lines. */
function pathTo(nodes, target) {
  const from = new Map([[nodes.root, null]]);
  const queue = [nodes.root];
  while (queue.length && !from.has(target)) {
    const n = queue.shift();
    for (const e of n.out ?? []) {
      if (from.has(e.to)) continue;
      from.set(e.to, { n, edge: e.edge });
      queue.push(e.to);
    }
  }
  const lines = [];
  for (let n = target; n && from.get(n); n = from.get(n).n) lines.unshift(`  --${from.get(n).edge}--> ${label(n)}`);
  return lines.join('\n');
}

function label(n) {
  const name = n.type === 'string' || n.type === 'concatenated string' ? '(string)' : n.name.slice(0, 60);
  return `${n.type}:${name}`;
}

function report(prev, next, last) {
  const groups = new Map();
  let total = 0;
  for (const [id, n] of last) {
    if (prev.has(id) || !next.has(id)) continue;
    const r = n.retainers[0];
    const key = `${label(n)}  <-${r ? `${r.edge}-- ${label(r.from)}` : '(none)'}`;
    const g = groups.get(key) ?? { count: 0, size: 0 };
    g.count += 1;
    g.size += n.size;
    total += n.size;
    groups.set(key, g);
  }
  const rows = [...groups].sort((a, b) => b[1].size - a[1].size).slice(0, 40);
  const sample = [...last.values()].filter((n) => !prev.has(n.id) && next.has(n.id) && n.name.startsWith('<select id="care-team"'));
  if (sample.length) console.log(`path to a leaked ${label(sample[0])}:\n${pathTo(last, sample[0])}`);
  console.log(`objects new between the first two snapshots and alive at the last: ${total} B`);
  for (const [k, g] of rows) console.log(`${String(g.size).padStart(9)} B ${String(g.count).padStart(6)}  ${k}`);
}

const demo = await startDemo({ chromiumArgs: (process.env.HEAP_DIFF_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean) });
try {
  const context = await demo.browser.newContext();
  const page = await context.newPage();
  await page.goto(demo.url(PATHS.selectCareTeam, PERSONAS.vista));
  await waitForPage(page, 'select-care-team');
  const cdp = await context.newCDPSession(page);
  const snaps = [];
  let rounds = 0;
  for (const at of checkpoints) {
    while (rounds < at) {
      await round(page, pause);
      rounds += 1;
    }
    await sleep(1_500);
    const stats = await telemetryStats(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const entries = await page.evaluate(() => {
      const out = {};
      for (const t of PerformanceObserver.supportedEntryTypes) out[t] = performance.getEntriesByType(t).length;
      return out;
    });
    console.log(JSON.stringify(entries));
    console.log(JSON.stringify({ rounds, sent: stats.sent, queued: stats.queued, jsHeapUsed: heap.usedSize }));
    snaps.push(await snapshot(cdp));
  }
  if (snaps.length >= 3) report(snaps[0], snaps[1], snaps[snaps.length - 1]);
} finally {
  await demo.stop();
}
