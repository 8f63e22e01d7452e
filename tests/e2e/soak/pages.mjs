// The browser half of scripts/soak.sh (not a test file: the soak is not part of CI). TABS tabs of
// the demo app (one headless Debian Chromium, served by the collector at ORIGIN) click through
// the curated new-message pages for SECONDS; every minute each tab's JS heap (CDP
// Runtime.getHeapUsage) and wasm memory (the WebAssembly.Memory objects of the page) are printed
// as one JSON line; at the end every tab flushes and its telemetryStats() and page errors are
// printed. Chromium's own console line for a 429 answer of the collector's /v1/logs (load
// shedding, which the SDK retries after Retry-After) is counted as `shed`, not as a page error:
// the first full soak (2026-12-02) failed on those lines alone, with every event stored.
// Usage: node tests/e2e/soak/pages.mjs ORIGIN SECONDS TABS
import { launchChromium, watchErrors } from '../lib/chromium.mjs';
import { pageMemory as memory } from '../lib/page-memory.mjs';
import { PATHS, PERSONAS, sessionOf, telemetryStats, waitForPage } from '../journeys/helpers.mjs';
import { round } from './round.mjs';

const [origin, secondsArg, tabsArg] = process.argv.slice(2);
const seconds = Number(secondsArg);
const tabs = Number(tabsArg ?? 3);
if (!origin || !(seconds > 0) || !(tabs > 0)) {
  console.error('usage: node tests/e2e/soak/pages.mjs ORIGIN SECONDS TABS');
  process.exit(2);
}
const SAMPLE_MS = 60_000;
const CLICK_PAUSE_MS = 1_000;
const deadline = Date.now() + seconds * 1000;
const print = (o) => console.log(JSON.stringify(o));
const SHED_LINE = /^console\.error: Failed to load resource: the server responded with a status of 429 \(Too Many Requests\) \(\S*\/v1\/logs\)$/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));


const browser = await launchChromium();
const open = [];
for (let i = 0; i < tabs; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${origin}${PATHS.selectCareTeam}?user=${encodeURIComponent(PERSONAS.vista)}`);
  await waitForPage(page, 'select-care-team');
  const cdp = await context.newCDPSession(page);
  open.push({ tab: i, page, cdp, errors, session: await sessionOf(page), rounds: 0, clickErrors: [] });
}
print({ kind: 'pages', tabs: open.map((t) => ({ tab: t.tab, session: t.session })) });

const started = Date.now();
let nextSample = started;
const clickers = open.map(async (t) => {
  while (Date.now() < deadline) {
    try {
      await round(t.page, CLICK_PAUSE_MS);
      t.rounds += 1;
    } catch (e) {
      t.clickErrors.push(e.message.split('\n')[0]);
      if (t.clickErrors.length > 20) return;
      await sleep(CLICK_PAUSE_MS);
    }
  }
});
while (Date.now() < deadline) {
  if (Date.now() >= nextSample) {
    nextSample += SAMPLE_MS;
    const minute = Math.round((Date.now() - started) / 60_000);
    for (const t of open) print({ kind: 'memory', minute, tab: t.tab, ...(await memory(t.cdp)) });
  }
  await sleep(Math.max(10, Math.min(1_000, nextSample - Date.now(), deadline - Date.now())));
}
await Promise.all(clickers);
for (const t of open) print({ kind: 'memory', minute: Math.round((Date.now() - started) / 60_000), tab: t.tab, ...(await memory(t.cdp)) });
for (const t of open) {
  await t.page.evaluate(() => window.vaDemo.rollout.flush());
}
await sleep(3_000);
for (const t of open) {
  const errors = t.errors.filter((e) => !SHED_LINE.test(e));
  const shed = t.errors.length - errors.length;
  print({ kind: 'final', tab: t.tab, session: t.session, rounds: t.rounds, stats: await telemetryStats(t.page), shed, errors, clickErrors: t.clickErrors });
}
await browser.close();
