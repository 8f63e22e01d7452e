// Journey helpers: the demo app (www/dist, built by scripts/build-www.sh) served by the real
// collector with the demo flags, Flipper gate writes, page waits and clicks by the demo contract
// (docs/demo-contract.md: main#app[data-page][data-ready], data-dd-action-name).
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium, ROOT, until } from '../lib/chromium.mjs';
import { startCollector } from '../lib/collector.mjs';
import { flipperAdmin } from '../lib/flipper.mjs';

export const WWW_DIST = path.join(ROOT, 'www/dist');
export const SM = '/my-health/secure-messages';
export const PATHS = {
  home: '/',
  inbox: `${SM}/inbox/`,
  newMessage: `${SM}/new-message/`,
  recent: `${SM}/new-message/recent/`,
  selectCareTeam: `${SM}/new-message/select-care-team/`,
  startMessage: `${SM}/new-message/start-message/`,
  careTeamHelp: `${SM}/new-message/care-team-help/`,
  contactList: `${SM}/contact-list/`,
  appointments: '/my-health/appointments/',
  facilities: '/my-health/appointments/facilities/',
};
/** The curated-flow pages a deep link can name (each must be guarded when the flow is off). */
export const CURATED_PAGES = ['recent', 'selectCareTeam', 'startMessage', 'careTeamHelp'];
export const FLOW = 'mhv_secure_messaging_curated_list_flow';
export const RECENT = 'mhv_secure_messaging_recent_recipients';
export const VAOS = [
  'va_online_scheduling_vaos_service_cc_appointments',
  'va_online_scheduling_facilities_service_v2',
  'va_online_scheduling_vaos_service_requests',
  'va_online_scheduling_vaos_service_va_appointments',
];
export const PERSONAS = {
  vista: 'sm.qa.vista@example.com',
  oracle: 'sm.qa.oracle@example.com',
  hybrid: 'sm.qa.hybrid@example.com',
};
/** Host names Chromium maps to 127.0.0.1 (docs/demo-contract.md "Environments"): the SDK's environment. */
export const HOSTS = { staging: 'staging.va.gov', production: 'demo.va-rollout.test' };
export const HOST_RULES = `--host-resolver-rules=MAP ${HOSTS.staging} 127.0.0.1,MAP ${HOSTS.production} 127.0.0.1`;
/** Generous: the page renders after the flag fetch, on a machine shared by many builds. */
export const PAGE_TIMEOUT_MS = Number(process.env.JOURNEY_PAGE_TIMEOUT_MS ?? 20_000);

/**
 * The collector serving the demo app at `/` with the demo seed flags, a browser, and Flipper
 * admin helpers. options: { collector: extra startCollector options, chromiumArgs }.
 */
export async function startDemo(options = {}) {
  if (!fs.existsSync(path.join(WWW_DIST, 'index.html'))) {
    throw new Error(`${WWW_DIST}/index.html is missing: run scripts/build-www.sh (scripts/test-e2e.sh does)`);
  }
  const collector = await startCollector({ staticDirs: { '/': WWW_DIST }, ...(options.collector ?? {}) });
  const browser = await launchChromium(options.chromiumArgs ?? []);
  const flipper = flipperAdmin(collector);
  /** The app URL of `p` as `user`, on `host` (default 127.0.0.1, i.e. localhost). */
  const url = (p, user, host) => {
    const u = new URL(p, collector.origin);
    if (host) u.hostname = host;
    if (user !== undefined) u.searchParams.set('user', user);
    return u.href;
  };
  return {
    collector,
    browser,
    flipper,
    origin: collector.origin,
    url,
    /** Loads `path` as demo user `user` (`?user=`), then waits for a rendered page. */
    async openAs(page, user, p, { wait = true, host } = {}) {
      await page.goto(url(p, user, host), { waitUntil: 'domcontentloaded' });
      return wait ? waitForPage(page) : null;
    },
    async stop() {
      await browser.close().catch(() => {});
      await collector.stop();
    },
  };
}

/** `main#app`'s routing state: { page, flow, system, ready, path }. */
export function pageState(page) {
  return page.evaluate(() => {
    const app = document.querySelector('main#app');
    return {
      page: app?.dataset.page ?? null,
      flow: app?.dataset.flow ?? null,
      system: app?.dataset.system ?? null,
      ready: app?.dataset.ready === 'true',
      path: location.pathname,
    };
  });
}

/**
 * Waits until `main#app` is rendered (`data-ready="true"`), on page `name` when given;
 * returns pageState(). On a different page the error names the page it did reach.
 */
export async function waitForPage(page, name, { timeoutMs = PAGE_TIMEOUT_MS } = {}) {
  const sel = name ? `main#app[data-ready="true"][data-page="${name}"]` : 'main#app[data-ready="true"]';
  try {
    await attached(page, sel, timeoutMs);
  } catch (e) {
    const at = await pageState(page).catch(() => null);
    throw new Error(`waiting for page ${name ?? '(any)'}: ${e.message.split('\n')[0]}; reached ${JSON.stringify(at)}`);
  }
  return pageState(page);
}

/** The element carrying `data-dd-action-name="action"` (and `value`, for radio options). */
export function action(page, name, value) {
  const v = value === undefined ? '' : `[value="${value}"]`;
  return page.locator(`[data-dd-action-name="${name}"]${v}`);
}

/** Clicks a button/link/radio by its action name (the first match, or the one with `value`). */
export async function clickAction(page, name, value) {
  await action(page, name, value).first().click();
}

/**
 * Clicks `name` and waits for a NEW render of page `pageName` (also when the page re-renders
 * itself, e.g. "Refresh appointments": the old content is marked, so its data-ready does not count).
 */
export async function clickForRender(page, name, pageName, { timeoutMs = PAGE_TIMEOUT_MS } = {}) {
  await page.evaluate(() => {
    for (const c of document.querySelector('main#app')?.children ?? []) c.dataset.journeyStale = '1';
  });
  await clickAction(page, name);
  await attached(page, `main#app[data-ready="true"][data-page="${pageName}"] > :not([data-journey-stale])`, timeoutMs);
  return pageState(page);
}

/**
 * Until an element matches `selector`, without a handle to it: `page.waitForSelector` resolves to
 * an ElementHandle, a DevTools remote object that keeps the element (and, once the app replaces
 * it, its whole detached tree) alive in the page until disposed. A page driven for long (the
 * soak, tests/e2e/soak/) then grew by every page it had rendered (docs/performance-ingest.md "Soak").
 */
export function attached(page, selector, timeoutMs = PAGE_TIMEOUT_MS) {
  return page.locator(selector).first().waitFor({ state: 'attached', timeout: timeoutMs });
}

/** Chooses `value` in a <select> carrying the action name (a `change` is what is tracked). */
export async function selectAction(page, name, value) {
  await action(page, name).first().selectOption(value);
}

/**
 * From the inbox, in the curated flow: "Start a new message" → interstitial → Continue → /recent
 * (2 clicks, 2 transitions). Returns the /recent page state.
 */
export async function inboxToRecent(page) {
  await clickAction(page, 'Start a new message button');
  const inter = await waitForPage(page, 'interstitial');
  if (inter.flow !== 'curated' || inter.path !== PATHS.newMessage) throw new Error(`interstitial: ${JSON.stringify(inter)}`);
  await clickAction(page, 'Continue to start message button on Interstitial Page');
  return waitForPage(page, 'recent');
}

/** The SDK's `telemetryStats()` in the page (the demo exposes its Rollout as `window.vaDemo.rollout`). */
export function telemetryStats(page) {
  return page.evaluate(() => window.vaDemo.rollout.telemetryStats());
}

/** The telemetry session id of the page (sessionStorage, per tab). */
export function sessionOf(page) {
  return page.evaluate(() => sessionStorage.getItem('va-rollout:session:v1'));
}

/** Runs `fn(item)` for every item, at most `n` at a time; resolves to the results in order. */
export async function inParallel(items, n, fn) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return results;
}

/** The early-calls pages (tests/e2e/journeys/early/, the web entry): `index.html?script=NAME` runs NAME.mjs. */
export const EARLY_DIR = path.join(ROOT, 'tests/e2e/journeys/early');

/**
 * Journeys 10 and 12: the real collector serving pkg/ and the early-calls pages, a browser, the
 * flow on and recent recipients off for everyone, and vets-api's answer for that user as the
 * bootstrap a server would render. Returns { collector, browser, bootstrap, stop }.
 */
export async function startEarlyJourney() {
  const collector = await startCollector({ staticDirs: { '/pkg': path.join(ROOT, 'pkg'), '/': EARLY_DIR } });
  const browser = await launchChromium();
  const flipper = flipperAdmin(collector);
  await flipper.boolean(FLOW, true);
  await flipper.boolean(RECENT, false);
  const bootstrap = await (await fetch(`${collector.origin}/v0/feature_toggles?features=${FLOW},${RECENT}`)).json();
  return {
    collector,
    browser,
    bootstrap,
    async stop() {
      await browser.close().catch(() => {});
      await collector.stop();
    },
  };
}

/** Collects `page`'s uncaught errors and console errors into the returned array. */
export function pageErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return errors;
}

/** Until the collector has stored `count` events of `session` (bounded). */
export async function untilStored(collector, readCount, count, what, timeoutMs = 20_000) {
  return until(async () => {
    const n = await readCount();
    return n >= count ? n : false;
  }, what, { timeoutMs, everyMs: 200 });
}
