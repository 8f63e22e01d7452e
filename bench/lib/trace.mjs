// A DevTools-protocol trace of one cold page load, reduced to the renderer main thread's tasks:
// each task of `minMs` or more, with the events inside it as a tree (what a long task is made
// of: script evaluation, wasm instantiation, V8 compiling wasm functions lazily, microtasks…).
// bench/profile.mjs `join` prints it; not a benchmark (tracing slows the page).

const CATEGORIES = [
  'toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute',
  'v8.wasm', 'v8.wasm.detailed', 'disabled-by-default-v8.compile', 'blink', 'loading',
].join(',');

/** Records a trace around `run()` (which loads the page); resolves to the trace events. */
export async function traced(cdp, run) {
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await run();
  await cdp.send('Tracing.end');
  await done;
  return events;
}

/** The renderer main thread that evaluated `urlPart`'s script: { pid, tid }. */
function mainThreadOf(events, urlPart) {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const score = (m) => events.filter((e) => e.pid === m.pid && e.tid === m.tid && JSON.stringify(e.args ?? {}).includes(urlPart)).length;
  return mains.map((m) => ({ m, s: score(m) })).sort((a, b) => b.s - a.s)[0]?.m;
}

/** A short label for an event: its name and, for script and function events, the URL's file. */
function label(e) {
  const d = e.args?.data ?? e.args ?? {};
  const url = d.url || d.fileName || d.scriptName || '';
  const file = typeof url === 'string' && url ? ` ${url.split('/').pop().split('?')[0]}` : '';
  const fn = d.functionName ? ` ${d.functionName}` : '';
  return `${e.name}${fn}${file}`;
}

/**
 * The main thread's tasks of `minMs` or more, each as lines: `ms  name`, children indented, down
 * to `depth` levels and events of `childMs` or more. `t0` is the first navigation's start.
 */
export function longTasks(events, urlPart, { minMs = 20, childMs = 0.5, depth = 4 } = {}) {
  const main = mainThreadOf(events, urlPart);
  if (!main) return ['(no renderer main thread found)'];
  const mine = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number')
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const t0 = Math.min(...mine.map((e) => e.ts));
  const tasks = mine.filter((e) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask');
  const out = [];
  let end = -1;
  for (const task of tasks) {
    if (task.dur < minMs * 1000 || task.ts + task.dur <= end) continue; // a task nested in the last one
    end = task.ts + task.dur;
    out.push(`task at ${((task.ts - t0) / 1000).toFixed(1)} ms: ${(task.dur / 1000).toFixed(1)} ms`);
    const inside = mine.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
    const walk = (parent, list, level) => {
      if (level > depth) return;
      // Direct children: events inside `parent` not inside another event of `list`.
      const kids = [];
      for (const e of list) {
        if (kids.length && e.ts < kids[kids.length - 1].ts + kids[kids.length - 1].dur) continue;
        kids.push(e);
      }
      for (const k of kids) {
        if (k.dur < childMs * 1000) continue;
        out.push(`${'  '.repeat(level)}${(k.dur / 1000).toFixed(1).padStart(6)} ms  ${label(k)}`);
        walk(k, list.filter((e) => e !== k && e.ts >= k.ts && e.ts + e.dur <= k.ts + k.dur), level + 1);
      }
    };
    walk(task, inside, 1);
  }
  return out;
}
