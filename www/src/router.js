// The app's page router. Every navigation asks the SDK: Secure Messaging pages go through
// `sm.guard(path, ctx)` (a redirect replaces the URL); pages follow `sm.start`/`sm.next` results;
// VAOS pages resolve their URLs with `vaos.endpoint()` while rendering. `main#app` carries
// data-page, data-flow (SM), data-system (VAOS) and data-ready (docs/demo-contract.md).
import { SM_BASE } from './sdk.js';
import { smState } from './state.js';
import { recentTeams } from './personas.js';
import { h, alertBox } from './dom.js';
import home from './pages/home.js';
import inbox from './pages/inbox.js';
import interstitial from './pages/interstitial.js';
import legacyCompose from './pages/legacy-compose.js';
import recent from './pages/recent.js';
import selectCareTeam from './pages/select-care-team.js';
import startMessage from './pages/start-message.js';
import { careTeamHelp, contactList } from './pages/help.js';
import appointments from './pages/appointments.js';
import facilities from './pages/facilities.js';
import notFound from './pages/not-found.js';

const PAGES = {
  '/': home,
  '/my-health/appointments/': appointments,
  '/my-health/appointments/facilities/': facilities,
  [`${SM_BASE}/inbox/`]: inbox,
};
/** SM flow pages (guarded); `/new-message/` renders by flow. */
const SM_PAGES = {
  [`${SM_BASE}/new-message/`]: { curated: interstitial, legacy: legacyCompose },
  [`${SM_BASE}/new-message/recent/`]: recent,
  [`${SM_BASE}/new-message/select-care-team/`]: selectCareTeam,
  [`${SM_BASE}/new-message/start-message/`]: startMessage,
  [`${SM_BASE}/new-message/care-team-help/`]: careTeamHelp,
  [`${SM_BASE}/contact-list/`]: contactList,
};

function normalize(path) {
  const p = String(path).split(/[?#]/)[0] || '/';
  return p.endsWith('/') ? p : `${p}/`;
}

export function createRouter({ app, env, onRendered }) {
  let leaveHooks = [];
  let renderSeq = 0;

  /** The SM router's context: recent teams and the selected team of this session. */
  function smContext(extra = {}) {
    return { recentCareTeams: recentTeams(env.persona).length, selectedTeam: smState().selectedTeam ?? null, ...extra };
  }

  function go(path, { replace = false } = {}) {
    const url = `${path}${window.location.search}`;
    if (replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    return render();
  }

  /** Follows a `{ path }` result of `sm.start`/`sm.next`/`sm.guard`. */
  function follow(route) {
    return go(route && typeof route.path === 'string' ? route.path : `${SM_BASE}/inbox/`);
  }

  /** Resolves the page for `path`: guard SM pages, pick by flow. */
  function resolve(path) {
    if (PAGES[path]) return { page: PAGES[path], path };
    if (!SM_PAGES[path]) return { page: notFound, path };
    const g = env.sm.guard(path, smContext());
    const target = normalize(g && g.path ? g.path : path);
    const flow = g && g.flow === 'curated' ? 'curated' : 'legacy';
    const entry = SM_PAGES[target];
    if (!entry) return { page: notFound, path: target, flow, redirected: g.redirected };
    const page = entry.curated ? entry[flow] : entry;
    return { page, path: target, flow, redirected: Boolean(g && g.redirected) };
  }

  async function render() {
    const seq = ++renderSeq;
    runLeaveHooks();
    const path = normalize(window.location.pathname);
    const resolved = resolve(path);
    if (resolved.path !== path) window.history.replaceState(null, '', `${resolved.path}${window.location.search}`);
    const { page } = resolved;
    app.dataset.ready = 'false';
    app.dataset.page = page.name;
    if (resolved.flow) app.dataset.flow = resolved.flow;
    else delete app.dataset.flow;
    delete app.dataset.system;
    const ctx = {
      ...env,
      flow: resolved.flow,
      path: resolved.path,
      go,
      follow,
      smContext,
      setSystem: (system) => {
        if (system) app.dataset.system = system;
      },
      onLeave: (fn) => leaveHooks.push(fn),
    };
    let content;
    try {
      content = await page.render(ctx);
    } catch (e) {
      console.warn('[demo] page failed to render', e);
      content = alertBox('error', 'We’re sorry. Something went wrong on our end.', h('p', {}, 'Please refresh this page or try again later.'));
    }
    if (seq !== renderSeq) return;
    app.replaceChildren(content);
    if (page.title) document.title = `${page.title} | Veterans Affairs (demo)`;
    app.dataset.ready = 'true';
    onRendered?.();
  }

  function runLeaveHooks() {
    const hooks = leaveHooks;
    leaveHooks = [];
    for (const fn of hooks) {
      try {
        fn();
      } catch (e) {
        console.warn('[demo] leave hook failed', e);
      }
    }
  }

  window.addEventListener('popstate', () => render());
  return { go, follow, render, smContext };
}
