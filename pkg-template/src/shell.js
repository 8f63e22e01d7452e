// The JS-first `Rollout` of the browser entries (index.js, web/index.js): `Rollout.start` returns
// at once and answers from the first call, from src/mirror.js (bootstrap, decided cache, declared
// defaults, overrides), while the wasm core loads in the background. When the core has joined
// (`ready()` tells), every call goes to the core's Rollout (src/rollout.js), and the calls made
// before are replayed into it in order, `track.*` and exposures with their capture time.
// What each method does before the join: docs/api.md "Before the core joins".
// @ts-check
import { actorVerdict, browserPage, earlyDecisions, environmentOf, readActorPlans, vetsApiValues, withoutOverrides } from './mirror.js';
import { earlyRouters } from './early-routes.js';

/** @typedef {import('../index.js').Rollout} Api */
/** @typedef {import('../index.js').Decision} Decision */
/** @typedef {(core: any) => void} Op */

const SOURCES = ['vets-api', 'flipper'];
/** The join's replay runs kept calls for about this long per task. */
const SLICE_MS = 8;

/**
 * Resolves in a later task: `scheduler.yield()` where the browser has it (the continuation keeps
 * its place ahead of other tasks), else a MessageChannel message (not clamped like timers).
 * @returns {Promise<void>}
 */
function nextTask() {
  const s = /** @type {any} */ (globalThis).scheduler;
  if (s && typeof s.yield === 'function') return s.yield();
  return new Promise((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => resolve();
    c.port2.postMessage(null);
  });
}
const SNAKE = /^[a-z0-9_]{1,100}$/;

/**
 * @param {() => Promise<{ glue: unknown, create: typeof import('./rollout.js').createRolloutClass, extras?: { panel?: (rollout: Api) => boolean } }>} load
 *   resolves to the instantiated wasm-bindgen glue, the core's wrapper (src/rollout.js, loaded
 *   with it so the bundler entry's main chunk holds only the shell) and the QA panel
 */
export function createEarlyRolloutClass(load) {
  /** @type {any} */
  let Core = null;
  /** @type {Promise<any> | null} */
  let loading = null;
  /** Loads the core once; a failed load is tried again by the next start or `_join()`. */
  const join = () => {
    if (!loading) {
      loading = Promise.resolve()
        .then(load)
        .then((m) => (Core = m.create(m.glue, m.extras)));
      loading.catch(() => (loading = null));
    }
    return loading;
  };

  class Rollout {
    /** @param {any} config @param {any} [core] */
    constructor(config, core) {
      /** @type {any} */
      this._core = core || null;
      this._config = config;
      this._page = browserPage();
      /** @type {Record<string, boolean>} */
      this._ovr = Object.create(null);
      this._mirror = earlyDecisions(config, this._page);
      const boot = config.flags.bootstrap;
      // A bootstrap the shell cannot read (a Flipper document): unknown names are PENDING, not DEFAULT.
      this._pending = boot !== undefined && boot !== null && vetsApiValues(boot) === null;
      /** @type {Op[]} */
      this._ops = [];
      /** @type {Record<string, boolean>} */
      this._exposed = Object.create(null);
      /** @type {Set<(names: string[]) => void>} */
      this._listeners = new Set();
      /** @type {import('../index.js').RolloutError | null} */
      this._error = null;
      /** The core's actor plans, read at the core's mirror call `_plansAt` (see `_actorPlans`). @type {ReturnType<typeof readActorPlans> | null} */
      this._plans = null;
      this._plansAt = -1;
      /** @type {() => void} */
      let joined = () => {};
      /** @type {Promise<void>} */
      this._ready = new Promise((resolve) => (joined = () => resolve()));
      this._joined = joined;
      const self = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (this));
      for (const k of Object.getOwnPropertyNames(Rollout.prototype)) {
        if (k !== 'constructor' && !k.startsWith('_') && typeof self[k] === 'function') self[k] = /** @type {Function} */ (self[k]).bind(this);
      }
      const now = () => Date.now();
      /** @param {number} kind @param {string} name @param {number} ms @param {unknown} attrs */
      const early = (kind, name, ms, attrs) => {
        const copy = attrs !== null && typeof attrs === 'object' && !Array.isArray(attrs) ? Object.assign({}, attrs) : attrs;
        const at = now();
        this._op((c) => c._call('trackAt', undefined, kind, name, ms, copy, at));
      };
      this.track = Object.freeze({
        action: (/** @type {string} */ n, /** @type {any} */ a) => (this._core ? this._core.track.action(n, a) : early(0, n, 0, a)),
        timing: (/** @type {string} */ n, /** @type {number} */ ms, /** @type {any} */ a) => (this._core ? this._core.track.timing(n, ms, a) : early(1, n, ms, a)),
        error: (/** @type {string} */ n, /** @type {any} */ a) => (this._core ? this._core.track.error(n, a) : early(2, n, 0, a)),
        request: (/** @type {string} */ n, /** @type {Promise<any>} */ p, /** @type {any} */ a) => {
          if (this._core) return this._core.track.request(n, p, a);
          const at = now();
          const settled = Promise.resolve(p);
          settled.then(() => {}, () => {});
          this._op((c) => c._call('trackRequestAt', undefined, n, settled, a, at));
          return settled;
        },
      });
      if (this._core) {
        this._adopt(this._core);
        this._core.ready().then(this._joined);
      }
    }

    /** Internal (the web entry): load the core now; resolves when a `start` joins at once. */
    static _join() {
      return join().then(() => {});
    }

    /** Starts a Rollout: answers now, joins the core when it has loaded. @param {any} config */
    static start(config) {
      if (Core) return new Rollout(config, Core.start(config));
      const flags = config !== null && typeof config === 'object' ? config.flags : undefined;
      if (flags === null || typeof flags !== 'object' || !SOURCES.includes(flags.source)) {
        throw new Error("va-rollout: invalid configuration:\n  - flags.source: must be 'vets-api' or 'flipper'");
      }
      const rollout = new Rollout(config);
      join().then(
        () => rollout._start(),
        (e) => rollout._gaveUp('LOAD_ERROR', e),
      );
      return rollout;
    }

    /** @param {string} name */
    isEnabled(name) {
      if (this._core) return this._core.isEnabled(name);
      const value = this._decision(name).value;
      if (this._exposed[name] !== value) this._expose(name, value);
      return value;
    }

    /** @param {string} name @returns {Decision} */
    evaluate(name) {
      if (this._core) return this._core.evaluate(name);
      const d = this._decision(name);
      if (this._exposed[name] !== d.value) this._expose(name, d.value);
      return d;
    }

    /** From the core's actor plans, in JavaScript; the core answers what they cannot (arguments that are not strings). @param {string} name @param {string} actorId */
    evaluateFor(name, actorId) {
      const c = this._core;
      if (!c) return this._notYet('evaluateFor', false);
      const plans = typeof name === 'string' && typeof actorId === 'string' ? this._actorPlans(c) : null;
      return plans ? actorVerdict(plans, name, actorId) : c.evaluateFor(name, actorId);
    }

    snapshot() {
      if (this._core) return this._core.snapshot();
      /** @type {Record<string, boolean>} */
      const out = {};
      for (const [n, d] of Object.entries(this._decisions())) out[n] = d.value;
      return out;
    }

    /** @param {any} actor */
    setActor(actor) {
      if (this._core) this._core.setActor(actor);
      else this._op((c) => c.setActor(actor));
    }

    ready() {
      return this._ready;
    }

    refresh() {
      return this._core ? this._core.refresh() : this._ready;
    }

    /** @param {(names: string[]) => void} listener */
    onChange(listener) {
      if (typeof listener !== 'function') {
        this._error = { code: 'INTERNAL', message: 'onChange(listener): listener must be a function' };
        return () => {};
      }
      this._listeners.add(listener);
      return () => {
        this._listeners.delete(listener);
      };
    }

    lastError() {
      return this._core ? this._core.lastError() : this._error;
    }

    /** @param {string} name */
    explain(name) {
      if (this._core) return this._core.explain(name);
      return Object.assign(this._decision(name), {
        explanation: 'decided by the JavaScript shell: the wasm core has not joined yet (see ready())',
      });
    }

    flags() {
      if (this._core) return this._core.flags();
      return Object.entries(this._decisions()).map(([name, d]) => ({ name, value: d.value, reason: d.reason, source: d.source }));
    }

    /** @param {string} name @param {boolean} value */
    override(name, value) {
      if (this._core) return this._core.override(name, value);
      const n = String(name).trim().toLowerCase();
      if (this.environment() === 'production' || !SNAKE.test(n) || typeof value !== 'boolean') {
        if (typeof console !== 'undefined') console.warn('[va-rollout] override refused (production, or not a snake_case name and a boolean)');
        return false;
      }
      this._ovr[n] = value;
      this._op((c) => c.override(n, value));
      this._emit([n]);
      return true;
    }

    clearOverrides() {
      if (this._core) return this._core.clearOverrides();
      const before = this.snapshot();
      this._ovr = Object.create(null);
      this._page = withoutOverrides(this._page);
      this._mirror = earlyDecisions(this._config, this._page);
      this._op((c) => c.clearOverrides());
      const after = this.snapshot();
      this._emit(Object.keys(Object.assign({}, before, after)).filter((n) => before[n] !== after[n]));
    }

    environment() {
      return this._core ? this._core.environment() : environmentOf(this._config, this._page);
    }

    panel() {
      if (this._core) return this._core.panel();
      if (this.environment() === 'production') return this._notYet('panel', false);
      this._op((c) => c.panel());
      return true;
    }

    /** @param {{ basePath?: string }} [opts] */
    secureMessaging(opts) {
      if (this._core) return this._core.secureMessaging(opts);
      return earlyRouters(this).secureMessaging(opts);
    }

    vaos() {
      if (this._core) return this._core.vaos();
      return earlyRouters(this).vaos();
    }

    flush() {
      if (this._core) this._core.flush();
      else this._op((c) => c.flush());
    }

    telemetryStats() {
      return this._core ? this._core.telemetryStats() : null;
    }

    // ---- internals ----

    /** The decisions now: the mirror with the overrides set on this page. @returns {Record<string, Omit<Decision, 'name'>>} */
    _decisions() {
      const out = Object.assign({}, this._mirror);
      for (const n of Object.keys(this._ovr)) out[n] = { value: this._ovr[n], reason: 'OVERRIDE', source: 'override', stale: false };
      return out;
    }

    /** @param {string} name @returns {Decision} */
    _decision(name) {
      const d = this._decisions()[name];
      if (d) return Object.assign({ name: String(name) }, d);
      return { name: String(name), value: false, reason: this._pending ? /** @type {any} */ ('PENDING') : 'DEFAULT', source: 'default', stale: false };
    }

    /**
     * The core's actor plans, asked for (one wasm call, `actorPlans()`) at the first `evaluateFor`
     * after the core mirrored a change; null when it cannot give them (the core answers then).
     * @param {any} core
     */
    _actorPlans(core) {
      if (this._plansAt !== core._mirrored) {
        try {
          this._plans = readActorPlans(core._call('actorPlans', null)); // null (re-entrant) throws
          this._plansAt = core._mirrored;
        } catch (_) {
          this._plans = null; // asked again next time
        }
      }
      return this._plans;
    }

    /** @param {string} name @param {boolean} value */
    _expose(name, value) {
      this._exposed[name] = value;
      const at = Date.now();
      this._op((c) => {
        c._call('exposureAt', undefined, name, at);
        c._exposed[name] = c._snap[name] === true; // the core exposed its own value
      });
    }

    /** A call for the core, kept in order until it joins. @param {Op} op */
    _op(op) {
      if (this._core) op(this._core);
      else this._ops.push(op);
    }

    /** @template T @param {string} method @param {T} fallback @returns {T} */
    _notYet(method, fallback) {
      this._error = { code: 'NOT_READY', message: `va-rollout: ${method}() before the wasm core joined answers ${String(fallback)}; await rollout.ready()` };
      return fallback;
    }

    /** @param {string[]} names */
    _emit(names) {
      if (names.length === 0) return;
      for (const l of this._listeners) {
        try {
          l(names.slice());
        } catch (e) {
          if (typeof console !== 'undefined') console.error('[va-rollout] onChange listener threw:', e);
        }
      }
    }

    /**
     * The core has loaded: start it (config errors surface here), replay, hand over — in slices,
     * each a task of its own (docs/architecture.md "The join"): the core's start stage by stage,
     * then the kept calls in chunks of about SLICE_MS. Calls made meanwhile are kept too, after
     * the others, and the shell answers until the last one has been replayed.
     */
    async _start() {
      let core;
      try {
        await nextTask();
        const job = Core._begin(this._config);
        await nextTask();
        while (job.step()) await nextTask();
        core = job.finish();
      } catch (e) {
        return this._gaveUp('CONFIG_ERROR', e);
      }
      const ops = this._ops;
      let t = performance.now();
      for (let i = 0; i < ops.length; i++) {
        if (performance.now() - t > SLICE_MS) {
          await nextTask();
          t = performance.now();
        }
        try {
          ops[i](core);
        } catch (e) {
          core._fail(e);
        }
      }
      ops.length = 0;
      const before = this.snapshot();
      this._adopt(core);
      const after = core.snapshot();
      this._emit(Object.keys(Object.assign({}, before, after)).filter((n) => before[n] !== after[n]).sort());
      core.ready().then(this._joined);
    }

    /** @param {any} core */
    _adopt(core) {
      this._core = core;
      core.onChange((/** @type {string[]} */ names) => this._emit(names));
    }

    /** The core could not join (the wasm did not load, or the configuration is invalid). @param {string} code @param {unknown} e */
    _gaveUp(code, e) {
      const message = e instanceof Error ? e.message : String(e);
      this._error = { code, message };
      this._ops.length = 0;
      if (typeof console !== 'undefined') console.error(`[va-rollout] ${code}: ${message} (answering from the JavaScript shell)`);
      this._joined();
    }
  }

  return Rollout;
}
