// Debian Chromium through the e2e harness (tests/e2e/lib/chromium.mjs: path and headless flags),
// pages generated per bundle, and contexts that may reach only 127.0.0.1.
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../../tests/e2e/lib/chromium.mjs';

/** Belt and braces: DNS for any host but 127.0.0.1 fails inside Chromium too. */
const NO_DNS = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

export function launch() {
  return launchChromium([NO_DNS]);
}

/**
 * The page of every measurement: an inline head script takes t0 (performance.now()) before the
 * bundle, records long tasks (durations, and their start times in __longtaskAt), reads the configuration from ?cfg=, then the bundle loads
 * (`/b/<name>.js`, or `scripts[name]`).
 */
export function writePages(wwwDir, bundleNames, scripts = {}) {
  for (const name of bundleNames) {
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title><script>
window.__t0 = performance.now();
window.__longtasks = []; window.__longtaskAt = [];
try { new PerformanceObserver((l) => { for (const e of l.getEntries()) { window.__longtasks.push(e.duration); window.__longtaskAt.push(e.startTime); } }).observe({ type: 'longtask', buffered: true }); } catch (e) {}
window.__benchConfig = JSON.parse(new URLSearchParams(location.search).get('cfg') || '{}');
window.__benchDone = (r) => { r.ms = performance.now() - window.__t0; window.__benchResult = r; };
</script><script type="module" src="${scripts[name] || `/b/${name}.js`}"></script></head><body><p>${name}</p></body></html>`;
    fs.writeFileSync(path.join(wwwDir, `${name}.html`), html);
  }
}

/** Counts (and aborts) every request that is not to 127.0.0.1. */
export class Blocker {
  constructor() {
    this.blocked = [];
  }

  isLoopback(url) {
    try {
      const u = new URL(url);
      return u.hostname === '127.0.0.1' || u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:';
    } catch {
      return false;
    }
  }

  /** A context whose non-loopback requests are aborted with page.route (disables the HTTP cache). */
  async context(browser) {
    const ctx = await browser.newContext();
    await ctx.route((url) => !this.isLoopback(url.href), (route) => {
      this.blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    return ctx;
  }

  /** A context with the HTTP cache on (no routes): non-loopback requests are counted, and fail on DNS. */
  async cachingContext(browser) {
    const ctx = await browser.newContext();
    ctx.on('request', (r) => {
      if (!this.isLoopback(r.url())) this.blocked.push(r.url());
    });
    return ctx;
  }
}

export function pageUrl(origin, name, cfg) {
  return `${origin}/${name}.html${cfg ? `?cfg=${encodeURIComponent(JSON.stringify(cfg))}` : ''}`;
}

/**
 * Opens `name` in `page` and waits until window.bench exists (`what` 'bench'), the first decision
 * is reported ('result': __benchResult) or the startup page has settled ('settled', see
 * bench/entries/report.js).
 */
export async function open(page, origin, name, cfg, what = 'bench') {
  await page.goto(pageUrl(origin, name, cfg), { waitUntil: 'load', timeout: 30_000 });
  const seen = { bench: 'bench', result: '__benchResult', settled: '__benchSettled' }[what];
  await page.waitForFunction((k) => !!window[k], seen, { timeout: 30_000 });
}
