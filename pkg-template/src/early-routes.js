// `secureMessaging()` / `vaos()` before the wasm core has joined (src/shell.js). A router call
// is answered here only when the answer is the core's, and then replayed into the core when it
// joins (the core pins the flow and records the transition, and checks it decided the same):
// - `secureMessaging().start()`: the curated-flow boundary (QA override → session pin →
//   rollback → live value, core/src/rollout/router.rs) over the shell's decisions. Not decided
//   here when those cannot tell (a Flipper-document bootstrap, a rollback only the core can see).
// - `careSystemPicker(n)`: a pure function of n.
// Every other call before the join (`next`, `guard`, `showUpdateContactList`, `vaos().*`), and a
// `start()` the shell cannot decide, returns the documented fallback (the page it was on, or the legacy path for start(); the
// session's flow — this router's start() answer, else the session pin, else legacy —; no redirect;
// `null`) with lastError() NOT_READY: await `rollout.ready()` before routing with them.
// tests/e2e/journeys/j10-early-calls.test.mjs proves the early start against a waiting page.
// @ts-check

const FLOW_TOGGLE = 'mhv_secure_messaging_curated_list_flow';
const FLOW_PIN = 'flow:sm_curated_list';
const PINS_KEY = 'va-rollout:pins:v1';
const SM_BASE_PATH = '/my-health/secure-messages';

/** The base path the core accepts, trimmed as it trims it; null when the core would refuse it. @param {any} opts */
function basePathOf(opts) {
  if (opts === undefined || opts === null || opts.basePath === undefined || opts.basePath === null) return SM_BASE_PATH;
  if (typeof opts.basePath !== 'string') return null;
  const base = opts.basePath.endsWith('/') ? opts.basePath.slice(0, -1) : opts.basePath;
  const ok =
    base.length <= 256 &&
    (base === '' || (/^\/[A-Za-z0-9\-._~/]*$/.test(base) && !base.endsWith('/') && !base.includes('//') && !base.split('/').some((/** @type {string} */ s) => s === '.' || s === '..')));
  return ok ? base : null;
}

/** The session pin of the curated flow: true/false, or undefined when none (as the core reads
 * it: garbage, another version, too many or too long keys, no storage all mean no pins). */
function flowPin() {
  try {
    if (typeof sessionStorage === 'undefined') return undefined;
    const stored = JSON.parse(sessionStorage.getItem(PINS_KEY) || 'null');
    if (stored === null) return undefined;
    const pins = stored.pins;
    if (stored.version !== 1 || pins === null || typeof pins !== 'object' || Array.isArray(pins)) return undefined;
    const keys = Object.keys(pins);
    if (keys.length > 64 || keys.some((k) => k.length > 256 || typeof pins[k] !== 'boolean')) return undefined;
    return pins[FLOW_PIN];
  } catch (_) {
    return undefined;
  }
}

/** The curated-flow boundary as the core resolves it, or null when the shell cannot tell. @param {any} shell */
function curatedFlow(shell) {
  const d = shell._decisions()[FLOW_TOGGLE];
  if (d ? d.reason === 'PENDING' : shell._pending) return null;
  if (d && d.source === 'override') return d.value;
  const pin = flowPin();
  const live = d ? d.value : false;
  if (pin === undefined || pin === false || live) return pin === undefined ? live : pin;
  // Pinned on, live off: a rollback (fully off in the data) drops the pin.
  if (!d || d.source === 'default') return true;
  if (d.source === 'bootstrap') return false; // vets-api values: off is fully off
  return null; // a cached Flipper value: only the core knows whether it is fully off
}

/**
 * The flow a fallback reports (docs/routing.md, fallbacks keep the session's flow): the one this
 * router's start() answered, else the session pin, else legacy.
 * @param {string | null} answered
 */
function sessionFlow(answered) {
  if (answered) return answered;
  return flowPin() === true ? 'curated' : 'legacy';
}

/** @param {any} shell @param {string} what @template T @param {T} fallback @returns {T} */
function notReady(shell, what, fallback) {
  return shell._notYet(what, fallback);
}

/** @param {any} shell */
export function earlyRouters(shell) {
  return {
    /** @param {{ basePath?: string }} [opts] */
    secureMessaging(opts) {
      const base = basePathOf(opts);
      // The fallback's path, as the core's wrapper builds it for options it refuses.
      const legacyBase = base !== null ? base : opts && typeof opts.basePath === 'string' ? opts.basePath.replace(/\/+$/, '') : SM_BASE_PATH;
      /** @type {any} */
      let joined = null;
      /** @type {string | null} */
      let answered = null;
      const core = () => joined || (shell._core && (joined = shell._core.secureMessaging(opts)));
      return {
        /** @param {any} [ctx] */
        start(ctx) {
          if (core()) return joined.start(ctx);
          const on = base === null ? null : curatedFlow(shell);
          const path = `${legacyBase}/new-message/`;
          if (on === null) return notReady(shell, 'secureMessaging().start', { path, flow: sessionFlow(answered) });
          const flow = on ? 'curated' : 'legacy';
          answered = flow;
          shell._op((/** @type {any} */ c) => {
            const route = c.secureMessaging(opts).start(ctx);
            if (!route || route.flow !== flow || route.path !== path) {
              c._fail(null, { code: 'EARLY_ROUTE_MISMATCH', message: `va-rollout: the JavaScript shell routed start() to ${flow}, the core to ${route && route.flow}` });
            }
          });
          return { path, flow, transition: { from: null, to: path, trigger: 'start', flow } };
        },
        /** @param {string} path @param {string} action @param {any} [ctx] */
        next(path, action, ctx) {
          return core() ? joined.next(path, action, ctx) : notReady(shell, 'secureMessaging().next', { path: String(path), flow: sessionFlow(answered) });
        },
        /** @param {string} path @param {any} [ctx] */
        guard(path, ctx) {
          return core() ? joined.guard(path, ctx) : notReady(shell, 'secureMessaging().guard', { path: String(path), redirected: false, reason: 'NOT_READY', flow: sessionFlow(answered) });
        },
        /** @param {number} n */
        careSystemPicker(n) {
          if (core()) return joined.careSystemPicker(n);
          const k = n >>> 0; // the core takes a u32
          return k <= 1 ? 'auto' : k <= 5 ? 'radio' : 'dropdown';
        },
        /** @param {any} systems */
        showUpdateContactList(systems) {
          return core() ? joined.showUpdateContactList(systems) : notReady(shell, 'secureMessaging().showUpdateContactList', false);
        },
      };
    },
    vaos() {
      /** @type {any} */
      let joined = null;
      const core = () => joined || (shell._core && (joined = shell._core.vaos()));
      return {
        /** @param {string} op @param {any} [params] */
        endpoint(op, params) {
          return core() ? joined.endpoint(op, params) : notReady(shell, 'vaos().endpoint', null);
        },
        /** @param {string} category */
        system(category) {
          return core() ? joined.system(category) : notReady(shell, 'vaos().system', null);
        },
      };
    },
  };
}
