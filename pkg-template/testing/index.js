// va-rollout/testing: a real Rollout (the same wasm engine, through the package's own entry: the
// Node entry under mocha/jsdom, the bundler entry in a bundled test) started from a bootstrap
// with no network, no polling and no timers of its own; its telemetry goes to memory.
import { Rollout } from 'va-rollout';
import { preloadedFeatureToggles, snakeCase } from 'va-rollout/redux';

export { preloadedFeatureToggles };

/** va-rollout's own storage keys (cache, overrides, pins, session, exposures, outbox). */
function clearStorage() {
  for (const area of ['localStorage', 'sessionStorage']) {
    try {
      const s = globalThis[area];
      if (!s) continue;
      const keys = [];
      for (let i = 0; i < s.length; i += 1) {
        const k = s.key(i);
        if (k && k.startsWith('va-rollout:')) keys.push(k);
      }
      keys.forEach((k) => s.removeItem(k));
    } catch (_) {
      // Storage unavailable (Node without jsdom, or blocked): nothing to clear.
    }
  }
}

/**
 * A Rollout for unit tests. `flags`: `{ name: boolean }` (snake_case or camelCase names);
 * `environment` (default `'localhost'`, where overrides are allowed); `actor`, `groups`,
 * `secureMessaging`, `vaos` as in `Rollout.start`. `rollout.captured.events` is every telemetry
 * event the engine produced (scrubbed, as a sink receives it), processed on read.
 */
export function createTestRollout(options) {
  const opts = options || {};
  const flags = opts.flags || {};
  const features = Object.keys(flags).map((name) => ({ name: snakeCase(name), value: flags[name] === true }));
  const events = [];
  clearStorage();
  const config = {
    environment: opts.environment || 'localhost',
    flags: {
      source: 'vets-api',
      names: features.map((f) => f.name),
      bootstrap: { data: { type: 'feature_toggles', features } },
    },
    telemetry: {
      service: opts.service || 'va-rollout-test',
      sink: (event) => {
        events.push(event);
      },
      enableInTestEnvironments: true,
    },
  };
  for (const key of ['actor', 'groups', 'secureMessaging', 'vaos']) {
    if (opts[key] !== undefined) config[key] = opts[key];
  }
  if (opts.telemetry && typeof opts.telemetry === 'object') Object.assign(config.telemetry, opts.telemetry);
  const rollout = Rollout.start(config);
  rollout.captured = Object.freeze({
    /** Every event so far (pending `track.*` calls are processed first). */
    get events() {
      rollout.flush();
      return events.slice();
    },
    clear() {
      rollout.flush();
      events.length = 0;
    },
  });
  return rollout;
}
