// va-rollout's public JavaScript API: a thin wrapper over the wasm-bindgen class `WasmRollout`.
//
// Rules this file keeps (see index.d.ts for the types):
// - `Rollout.start(config)` is the only method that throws, and only for configuration errors.
// - `isEnabled(name)` reads a plain object mirrored from wasm (`setMirror`): no call into wasm.
// - Every other method calls wasm inside try/catch. An internal error never reaches the page:
//   the method returns its safe fallback (false, a default decision, a resolved promise, …) and
//   the error is kept for `lastError()` (and warned in the console, at most MAX_WARNINGS times).
// - In a browser, `window.vaRollout` (QA devtools) talks to the most recently started Rollout.
//
// This file is the one source of the wrapper: the bundler and web entries import it, and
// scripts/build.sh turns the same text into the CommonJS Node entry. Keep it import-free and
// export only with top-level `export function|const|class`. Types: JSDoc, checked against
// index.d.ts by scripts/check-types.sh.
// @ts-check

/** @typedef {import('../index.js').Rollout} Api */
/** @typedef {import('../index.js').RolloutError} RolloutError */
/** @typedef {import('../index.js').Decision} Decision */
/** @typedef {import('../index.js').Attributes} Attributes */
/** The started wasm object (`WasmRollout`): its methods are looked up by name and may be absent. */
/** @typedef {{ [method: string]: (...args: any[]) => any }} Engine */

const MAX_WARNINGS = 10;
const SM_BASE_PATH = '/my-health/secure-messages';
const noop = () => {};
// The split builds (README "Size") leave methods out of `WasmRollout`. A build without telemetry
// behaves as if telemetry were not configured: these are silent no-ops (telemetryStats() is null,
// as when telemetry is not configured or the call fails).
// Any other absent method (secureMessaging/vaos in a build without routing) returns its safe
// fallback and records a NOT_IN_BUILD error for lastError().
const TELEMETRY_METHODS = new Set([
  'exposure', 'trackAction', 'trackTiming', 'trackError', 'trackRequest', 'flush', 'telemetryStats',
  'exposureAt', 'trackAt', 'trackRequestAt',
]);

/**
 * The app's `track.*` attributes as they are now: the SDK reads them later (captured calls are
 * processed in batches when the page is idle), so a plain object is copied (its own enumerable
 * properties, as the SDK reads them); anything else is passed as is.
 * @param {unknown} attrs
 */
function attrsNow(attrs) {
  if (attrs === null || typeof attrs !== 'object' || Array.isArray(attrs)) return attrs;
  if (typeof /** @type {{ [Symbol.iterator]?: unknown }} */ (attrs)[Symbol.iterator] === 'function') return attrs;
  return Object.assign({}, attrs);
}

/**
 * The engine methods' string parameters (their positions). wasm-bindgen's glue reads a non-string
 * as garbage lengths and traps inside the allocator, which can leave the module unusable, so a
 * non-string never reaches the engine: the call falls back and lastError() says why.
 * @type {{ [method: string]: number[] }}
 */
const STRING_PARAMS = {
  evaluate: [0], explain: [0], override: [0], exposure: [0], trackRequest: [0], evaluateFor: [0, 1],
  trackAt: [1], exposureAt: [0], trackRequestAt: [0],
  trackAction: [0], trackTiming: [0], trackError: [0],
};

/** Throws a TypeError when an argument the engine takes as a string is not one. @param {string} method @param {unknown[]} args */
function checkStrings(method, args) {
  const at = STRING_PARAMS[method];
  if (at) for (const i of at) if (typeof args[i] !== 'string') throw new TypeError(`va-rollout: ${method}(): argument ${i + 1} must be a string, got ${typeof args[i]}`);
}

const NOT_STARTED = 'this Rollout was not started (use Rollout.start)';
const TRACK_ACTION = 0;
const TRACK_TIMING = 1;
const TRACK_ERROR = 2;

/**
 * A fallback's value: `f(...args)` when it is a function, else `f` itself.
 * @template T @param {T | ((...args: any[]) => T)} f @param {unknown[]} args @returns {T}
 */
function fallbackOf(f, args) {
  return typeof f === 'function' ? /** @type {(...a: unknown[]) => T} */ (f)(...args) : /** @type {T} */ (f);
}

/** `{ code, message }` for an error caught at the wasm boundary. @param {unknown} e @returns {RolloutError} */
function internalError(e) {
  const trap = typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError;
  let message;
  try {
    message = typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string' ? e.message : String(e);
  } catch (_) {
    message = 'unknown error';
  }
  return { code: trap ? 'WASM_TRAP' : 'INTERNAL', message };
}

/** The own methods of a wasm-bindgen object's prototype, minus its memory management. @param {object} obj */
function wasmMethodNames(obj) {
  const proto = Object.getPrototypeOf(obj);
  if (!proto) return [];
  return Object.getOwnPropertyNames(proto).filter((k) => {
    if (k === 'constructor' || k === 'free' || k.startsWith('__')) return false;
    const d = Object.getOwnPropertyDescriptor(proto, k);
    return d !== undefined && typeof d.value === 'function';
  });
}

/**
 * The session's flow or system from a router object's read-only `method(arg)` (never a
 * boundary), else `remembered`, else null. A failure here keeps the error that led to the fallback.
 * @param {Engine | null} obj @param {string} method @param {string} arg @param {string | null | undefined} remembered
 * @returns {string | null}
 */
function sessionRoute(obj, method, arg, remembered) {
  try {
    const value = obj !== null && typeof obj === 'object' && typeof obj[method] === 'function' ? obj[method](arg) : null;
    if (typeof value === 'string') return value;
  } catch (_) {
    // the engine cannot answer: the wrapper's memory decides
  }
  return typeof remembered === 'string' ? remembered : null;
}

/**
 * `{ code, message }` for a router error: `ROUTE_ERROR` for a misuse the engine refused
 * (`VaRolloutRouteError`: an action that does not apply, a bad path, context or parameter), else
 * the internal error. @param {unknown} e @returns {RolloutError}
 */
function routeError(e) {
  const err = internalError(e);
  const name = typeof e === 'object' && e !== null && 'name' in e ? e.name : '';
  return name === 'VaRolloutRouteError' ? { code: 'ROUTE_ERROR', message: err.message } : err;
}

/**
 * A plain object with the methods of the wasm object `obj`, each wrapped so that an error
 * becomes `fallbacks[name]` (a function of the call's arguments, or a value) and is recorded
 * on `owner`. Methods named in `fallbacks` exist even when `obj` could not be created; then each
 * call records `absent` (the NOT_IN_BUILD error of a split build) when given. `seen(name, args,
 * result)` is told every result the engine returned.
 * @template {object} T
 * @param {{ _fail(e: unknown, error?: RolloutError | null): void }} owner
 * @param {Engine | null} obj
 * @param {{ [k: string]: unknown }} fallbacks
 * @param {RolloutError | null} absent
 * @param {(name: string, args: unknown[], result: any) => void} seen
 * @returns {T}
 */
function guardObject(owner, obj, fallbacks, absent, seen) {
  /** @type {{ [k: string]: (...args: unknown[]) => unknown }} */
  const out = {};
  const names = new Set(Object.keys(fallbacks));
  if (obj !== null && typeof obj === 'object') wasmMethodNames(obj).forEach((k) => names.add(k));
  names.forEach((k) => {
    out[k] = (...args) => {
      try {
        if (obj === null || typeof obj !== 'object') {
          if (absent) {
            owner._fail(null, absent);
            return fallbackOf(fallbacks[k], args);
          }
          throw new Error(`${k}: not available`);
        }
        const result = obj[k](...args);
        seen(k, args, result);
        return result;
      } catch (e) {
        owner._fail(e, routeError(e));
        return fallbackOf(fallbacks[k], args);
      }
    };
  });
  return /** @type {T} */ (/** @type {unknown} */ (out));
}

/**
 * Builds the public `Rollout` class over a wasm-bindgen module (any target) that exports
 * `WasmRollout`. `extras.panel(rollout)` renders the QA panel (src/panel.js; browser entries only).
 * @param {unknown} wasm
 * @param {{ panel?: (rollout: Api) => boolean }} [extras]
 */
export function createRolloutClass(wasm, extras) {
  const glue = /** @type {{ WasmRollout?: Function & { start?: (config: unknown) => Engine } } | null} */ (wasm || null);
  const Inner = glue ? glue.WasmRollout : undefined;
  const panelImpl = extras && typeof extras.panel === 'function' ? extras.panel : null;
  /** @type {Rollout | null} */
  let latest = null;

  /** @implements {Api} */
  class Rollout {
    /** Internal: use `Rollout.start(config)`. A Rollout without an inner object only falls back. @param {Engine | null} [inner] */
    constructor(inner) {
      this._inner = inner === undefined ? null : inner;
      /** @type {Record<string, boolean>} */
      this._snap = {};
      // How many times the core has mirrored its state: src/shell.js re-reads the actor plans
      // (`actorPlans()`, for `evaluateFor`) when this has moved.
      this._mirrored = 0;
      // Flag → the value last reported as an exposure (one wasm call per flag and value).
      /** @type {Record<string, boolean>} */
      this._exposed = Object.create(null);
      /** @type {RolloutError | null} */
      this._error = null;
      this._warnings = 0;
      // Methods are bound so that `const { isEnabled } = rollout` and callbacks never throw.
      const self = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (this));
      for (const k of Object.getOwnPropertyNames(Rollout.prototype)) {
        const f = self[k];
        if (k !== 'constructor' && !k.startsWith('_') && typeof f === 'function') self[k] = f.bind(this);
      }
      /** @type {import('../index.js').Track} */
      const track = {
        action: (name, attrs) => this._track(TRACK_ACTION, name, 0, attrs),
        timing: (name, ms, attrs) => this._track(TRACK_TIMING, name, ms, attrs),
        error: (name, attrs) => this._track(TRACK_ERROR, name, 0, attrs),
        request: (name, promise, attrs) => this._trackRequest(name, promise, attrs),
      };
      this.track = Object.freeze(track);
    }

    /** Starts a Rollout. Throws an `Error` listing every configuration problem. @param {import('../index.js').RolloutConfig} config */
    static start(config) {
      if (typeof Inner !== 'function' || typeof Inner.start !== 'function') {
        throw new Error('va-rollout: no WasmRollout in the wasm module (it did not load, or was built without the facade)');
      }
      let inner;
      try {
        inner = Inner.start(config);
      } catch (e) {
        throw e instanceof Error ? e : new Error(`va-rollout: ${String(e)}`);
      }
      return Rollout._started(inner);
    }

    /**
     * Internal (src/shell.js's join): `start` in stages, each its own call, so the shell can run
     * each in a task of its own. `begin` reads the configuration; `step()` runs the next stage
     * and is false when only `finish()` is left, which returns the started Rollout. Each throws
     * what `start` throws. @param {unknown} config
     */
    static _begin(config) {
      const job = /** @type {any} */ (Inner).begin(config);
      return { step: () => job.step() === true, finish: () => Rollout._started(job.finish()) };
    }

    /** @param {Engine} inner */
    static _started(inner) {
      const rollout = new Rollout(inner);
      try {
        inner.setMirror((/** @type {unknown} */ snapshot) => {
          rollout._snap = snapshot !== null && typeof snapshot === 'object' ? /** @type {Record<string, boolean>} */ (snapshot) : {};
          rollout._mirrored++;
        });
      } catch (e) {
        rollout._fail(e);
      }
      latest = rollout;
      installDevtools();
      return rollout;
    }

    /** The decision's value, from the mirrored snapshot. Synchronous, never throws. @param {string} name */
    isEnabled(name) {
      const value = this._snap[name] === true;
      if (this._exposed[name] !== value) this._expose(name, value);
      return value;
    }

    /** @param {string} name @returns {Decision} */
    evaluate(name) {
      const decision = this._call('evaluate', () => this._fallbackDecision(name), name);
      if (decision && this._exposed[name] !== decision.value) this._expose(name, decision.value);
      return decision;
    }

    /** Flipper's verdict for another actor id; no exposure event, no state change. @param {string} name @param {string} actorId */
    evaluateFor(name, actorId) {
      return this._call('evaluateFor', /** @type {unknown} */ (false), name, actorId) === true;
    }

    snapshot() {
      return Object.assign({}, this._snap);
    }

    /** @param {import('../index.js').Actor | null} actor */
    setActor(actor) {
      this._call('setActor', undefined, actor === undefined ? null : actor);
    }

    ready() {
      return this._promise('ready');
    }

    refresh() {
      return this._promise('refresh');
    }

    /** Calls `listener(names)` when decisions change; returns the function that unsubscribes. @param {(names: string[]) => void} listener */
    onChange(listener) {
      if (typeof listener !== 'function') {
        this._fail(new TypeError('onChange(listener): listener must be a function'));
        return noop;
      }
      const safeListener = (/** @type {string[]} */ names) => {
        try {
          listener(names);
        } catch (e) {
          // The app's own listener failed: report it, but never unwind into wasm.
          if (typeof console !== 'undefined') console.error('[va-rollout] onChange listener threw:', e);
        }
      };
      const id = this._call('onChange', null, safeListener);
      if (id === null || id === undefined) return noop;
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        this._call('offChange', undefined, id);
      };
    }

    /** The latest error: one caught in this wrapper first, else the engine's (fetch, parse, …). @returns {RolloutError | null} */
    lastError() {
      if (this._error !== null) return this._error;
      const e = this._call('lastError', null);
      return e === undefined ? null : e;
    }

    /** @param {string} name @returns {import('../index.js').Explanation} */
    explain(name) {
      return this._call(
        'explain',
        () => Object.assign(this._fallbackDecision(name), { error: this._error }),
        name,
      );
    }

    /** All decisions, as rows for `console.table`. @returns {import('../index.js').FlagRow[]} */
    flags() {
      return this._call('flags', () =>
        Object.keys(this._snap).map((n) => {
          const { name, value, reason, source } = this._fallbackDecision(n);
          return { name, value, reason, source };
        }),
      );
    }

    /** A QA override; `false` when refused (production) or on error. @param {string} name @param {boolean} value */
    override(name, value) {
      return this._call('override', /** @type {unknown} */ (false), name, value) === true;
    }

    clearOverrides() {
      this._call('clearOverrides', undefined);
    }

    /** @returns {import('../index.js').Environment} */
    environment() {
      return this._call('environment', 'production');
    }

    /** Opens (true) or closes (false) the QA panel; refused in production, like overrides. */
    panel() {
      const env = this.environment();
      if (env === 'production' || !panelImpl || typeof document === 'undefined') {
        if (typeof console !== 'undefined') {
          console.warn(env === 'production'
            ? '[va-rollout] panel() refused: the QA panel is not available in production'
            : '[va-rollout] panel() needs a browser page (and a browser entry of the package)');
        }
        return false;
      }
      try {
        return panelImpl(this) === true;
      } catch (e) {
        this._fail(e);
        return false;
      }
    }

    /** @param {{ basePath?: string }} [opts] @returns {import('../index.js').SecureMessagingRouter} */
    secureMessaging(opts) {
      const base =
        opts !== null && typeof opts === 'object' && typeof opts.basePath === 'string'
          ? opts.basePath.replace(/\/+$/, '')
          : SM_BASE_PATH;
      const sm = this._call('secureMessaging', null, opts);
      const seen = this._routesSeen();
      // A fallback stays in the session's flow: the engine's (last answered, else pinned), else
      // the last one a route of this Rollout reported, else legacy (no flow entered yet).
      const flow = () => sessionRoute(sm, 'sessionFlow', '', seen.flow) || 'legacy';
      return guardObject(
        this,
        sm,
        {
          start: () => ({ path: `${base}/new-message/`, flow: flow() }),
          next: (/** @type {string} */ path) => ({ path: String(path), flow: flow() }),
          guard: (/** @type {string} */ path) => ({ path: String(path), redirected: false, reason: 'ERROR', flow: flow() }),
        },
        this._notInBuild('secureMessaging'),
        (_k, _args, route) => {
          if (route !== null && typeof route === 'object' && typeof route.flow === 'string') seen.flow = route.flow;
        },
      );
    }

    /** @returns {import('../index.js').VaosRouter} */
    vaos() {
      const vaos = this._call('vaos', null);
      const seen = this._routesSeen();
      // `system(category)` falls back to the session's system for it (as the flow above); an
      // endpoint it cannot build is null.
      const system = (/** @type {string} */ category) => sessionRoute(vaos, 'sessionSystem', category, seen.systems[String(category)]);
      return guardObject(this, vaos, { endpoint: null, system }, this._notInBuild('vaos'), (k, args, result) => {
        const category = String(args[0]);
        // At most 64 categories remembered, as the engine keeps at most 64 pins.
        if (k !== 'system' || typeof result !== 'string') return;
        if (category in seen.systems || Object.keys(seen.systems).length < 64) seen.systems[category] = result;
      });
    }

    /** What the routers of this Rollout last reported (the fallbacks' memory when the engine cannot answer). */
    _routesSeen() {
      if (!this._seen) this._seen = { flow: /** @type {string | null} */ (null), systems: /** @type {Record<string, string>} */ (Object.create(null)) };
      return this._seen;
    }

    flush() {
      this._call('flush', undefined);
    }

    /** `null` in a build without telemetry, when telemetry is not configured, or on error. @returns {import('../index.js').TelemetryStats | null} */
    telemetryStats() {
      return this._call('telemetryStats', null);
    }

    // ---- internals ----

    /**
     * `method` of the engine, or `fallback`'s value when it fails: the method's type is the
     * fallback's (the engine's own results are wasm's, not checked here).
     * @template T @param {string} method @param {T | (() => T)} fallback @param {...unknown} args @returns {T}
     */
    _call(method, fallback, ...args) {
      try {
        if (this._inner === null) throw new Error(NOT_STARTED);
        if (typeof this._inner[method] !== 'function') return /** @type {T} */ (this._absent(method, fallback));
        checkStrings(method, args);
        return this._inner[method](...args);
      } catch (e) {
        this._fail(e);
        return fallbackOf(fallback, []);
      }
    }

    /** `method` is not in this build of the wasm module (a split build). @param {string} method @param {unknown} [fallback] */
    _absent(method, fallback) {
      if (TELEMETRY_METHODS.has(method)) return method === 'telemetryStats' ? null : undefined;
      this._fail(null, this._notInBuild(method));
      return fallbackOf(fallback, []);
    }

    /** The NOT_IN_BUILD error when the started engine lacks `method`, else null. @param {string} method @returns {RolloutError | null} */
    _notInBuild(method) {
      if (this._inner === null || typeof this._inner[method] === 'function') return null;
      return {
        code: 'NOT_IN_BUILD',
        message: `va-rollout: ${method}() is not in this build of va-rollout (built without routing); use the full build`,
      };
    }

    /** @param {string} method @returns {Promise<void>} */
    _promise(method) {
      try {
        if (this._inner === null) throw new Error(NOT_STARTED);
        if (typeof this._inner[method] !== 'function') return Promise.resolve(this._absent(method)).then(noop);
        return Promise.resolve(this._inner[method]()).then(noop, (e) => this._fail(e));
      } catch (e) {
        this._fail(e);
        return Promise.resolve();
      }
    }

    /** `track.action/timing/error`, the hot path: one wasm call that captures the event. @param {number} kind @param {string} name @param {number} ms @param {Attributes} [attrs] */
    _track(kind, name, ms, attrs) {
      try {
        if (this._inner === null) throw new Error(NOT_STARTED);
        if (typeof this._inner.trackAction !== 'function') return; // a build without telemetry
        checkStrings('trackAction', [name]);
        if (kind === TRACK_ACTION) this._inner.trackAction(name, attrsNow(attrs));
        else if (kind === TRACK_TIMING) this._inner.trackTiming(name, ms, attrsNow(attrs));
        else this._inner.trackError(name, attrsNow(attrs));
      } catch (e) {
        this._fail(e);
      }
    }

    /**
     * Measures `promise` and returns it unchanged (its result and rejection are the app's).
     * @template T @param {string} name @param {Promise<T>} promise @param {{ method?: string, system?: string }} [attrs]
     */
    _trackRequest(name, promise, attrs) {
      const tracked = this._call('trackRequest', /** @type {unknown} */ (null), name, Promise.resolve(promise), attrs);
      if (tracked !== null && typeof tracked === 'object' && 'then' in tracked && typeof tracked.then === 'function') {
        tracked.then(noop, noop);
      }
      return Promise.resolve(promise);
    }

    /** First read of a flag (per value) this page: the session's exposure event, deduplicated in wasm. @param {string} name @param {boolean} value */
    _expose(name, value) {
      this._exposed[name] = value;
      this._call('exposure', undefined, name);
    }

    /** @param {string} name @returns {Required<Decision>} (an object type: explain() may add to it) */
    _fallbackDecision(name) {
      return {
        name: String(name),
        value: this._snap[name] === true,
        reason: 'ERROR',
        source: 'default',
        stale: true,
      };
    }

    /** @param {unknown} e @param {RolloutError | null} [error] */
    _fail(e, error) {
      const err = error || internalError(e);
      this._error = err;
      if (this._warnings < MAX_WARNINGS && typeof console !== 'undefined') {
        this._warnings += 1;
        console.warn(`[va-rollout] ${err.code}: ${err.message} (using a safe fallback)`);
      }
    }
  }

  /** `window.vaRollout`: the QA console API, bound to the latest started Rollout. */
  function installDevtools() {
    if (typeof window === 'undefined' || window === null) return;
    try {
      /** @type {import('../index.js').VaRolloutDevtools} */
      const devtools = {
        flags: () => (latest ? latest.flags() : []),
        explain: (name) => (latest ? latest.explain(name) : null),
        override: (name, value) => (latest ? latest.override(name, value) : false),
        clearOverrides: () => {
          if (latest) latest.clearOverrides();
        },
        refresh: () => (latest ? latest.refresh() : Promise.resolve()),
        panel: () => (latest ? latest.panel() : false),
      };
      window.vaRollout = devtools;
    } catch (_) {
      // A frozen or proxied window: no devtools, nothing thrown.
    }
  }

  return Rollout;
}
