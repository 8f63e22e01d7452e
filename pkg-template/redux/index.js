// va-rollout/redux: the rollout's decisions in vets-website's `state.featureToggles`, through the
// exact actions its FeatureToggleReducer handles, so existing selectors, useFeatureToggle(),
// Toggler and the reducer keep working. No import of redux: a `dispatch` function is all it needs.

export const FETCH_TOGGLE_VALUES_STARTED = 'FETCH_TOGGLE_VALUES_STARTED';
export const FETCH_TOGGLE_VALUES_SUCCEEDED = 'FETCH_TOGGLE_VALUES_SUCCEEDED';
export const TOGGLE_VALUES_SET = 'TOGGLE_VALUES_SET';
export const TOGGLE_VALUES_RESET = 'TOGGLE_VALUES_RESET';

/** ActiveSupport's `underscore`: `vaOnlineSchedulingVAOSServiceVAAppointments` ⇒ `va_online_scheduling_vaos_service_va_appointments`. */
export function snakeCase(name) {
  return String(name)
    .replace(/([A-Z\d]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
}

/** `camelize(:lower)` without acronyms: `mhv_secure_messaging_x` ⇒ `mhvSecureMessagingX`. */
export function camelCase(name) {
  return String(name).replace(/_+([a-zA-Z\d])/g, (_, c) => c.toUpperCase());
}

/**
 * Every flag of `snapshot` under its snake_case and its camelCase name, as vets-api returns them
 * without `features=`. `toggleNames` (vets-website's TOGGLE_NAMES, camelKey ⇒ snake_name) gives
 * the camel spelling vets-api's acronyms produce (`…VAOSServiceVAAppointments`).
 */
export function toggleValues(snapshot, toggleNames) {
  const camelOf = Object.create(null);
  if (toggleNames && typeof toggleNames === 'object') {
    for (const camel of Object.keys(toggleNames)) {
      const snake = toggleNames[camel];
      if (typeof snake === 'string') camelOf[snake.trim()] = camel;
    }
  }
  const keys = Object.keys(snapshot || {});
  const isSnake = (n) => n === n.toLowerCase();
  // Snake names whose camel spelling the snapshot already has (a full vets-api response).
  const spelled = new Set(keys.filter((n) => !isSnake(n)).map(snakeCase));
  const out = {};
  for (const name of keys) {
    const value = snapshot[name] === true;
    out[name] = value;
    const alias = isSnake(name) ? (spelled.has(name) ? null : camelOf[name] || camelCase(name)) : snakeCase(name);
    if (alias !== null && !(alias in snapshot)) out[alias] = value;
  }
  return out;
}

/** vets-website's environment pseudo-toggles, from the rollout's environment. */
export function environmentToggles(environment) {
  return {
    develop: environment === 'development',
    localhost: environment === 'localhost',
    notProduction: environment !== 'production',
    staging: environment === 'staging',
    production: environment === 'production',
  };
}

/**
 * Replaces vets-website's `connectFeatureToggle(store.dispatch)`: dispatches
 * FETCH_TOGGLE_VALUES_STARTED (environment pseudo-toggles), then FETCH_TOGGLE_VALUES_SUCCEEDED
 * with every flag (both spellings) once the rollout is ready, then TOGGLE_VALUES_SET with the
 * changed flags on every later change (refresh, override, rollback). Resolves after SUCCEEDED;
 * the promise's `disconnect()` stops the updates.
 */
export function connectRollout(dispatch, rollout, options) {
  const opts = options || {};
  if (typeof dispatch !== 'function') throw new TypeError('connectRollout(dispatch, rollout): dispatch must be a function');
  if (!rollout || typeof rollout.snapshot !== 'function' || typeof rollout.onChange !== 'function') {
    throw new TypeError('connectRollout(dispatch, rollout): rollout must be a va-rollout Rollout');
  }
  const names = opts.toggleNames;
  const env = opts.environmentToggles || environmentToggles(rollout.environment());
  let succeeded = false;
  let connected = true;
  dispatch({ type: FETCH_TOGGLE_VALUES_STARTED, payload: env });
  const unsubscribe = rollout.onChange((changed) => {
    if (!succeeded || !connected) return; // SUCCEEDED carries the snapshot of its time
    const snapshot = rollout.snapshot();
    const part = {};
    for (const name of changed) part[name] = snapshot[name] === true;
    dispatch({ type: TOGGLE_VALUES_SET, newToggleValues: toggleValues(part, names) });
  });
  const done = Promise.resolve(rollout.ready()).then(() => {
    if (!connected) return;
    succeeded = true;
    dispatch({ type: FETCH_TOGGLE_VALUES_SUCCEEDED, payload: toggleValues(rollout.snapshot(), names) });
  });
  done.disconnect = () => {
    connected = false;
    unsubscribe();
  };
  return done;
}

/** vets-website's FeatureToggleReducer (for standalone apps and tests that lack it). */
export function featureToggleReducer(state = {}, action) {
  switch (action && action.type) {
    case FETCH_TOGGLE_VALUES_STARTED:
      return { ...state, loading: true, ...action.payload };
    case FETCH_TOGGLE_VALUES_SUCCEEDED:
      return { ...state, ...action.payload, loading: false };
    case TOGGLE_VALUES_SET:
      return { ...state, ...action.newToggleValues };
    case TOGGLE_VALUES_RESET:
      return {};
    default:
      return state;
  }
}

export const toggleValuesSelector = (state) => (state && state.featureToggles) || {};
export const loadingTogglesSelector = (state) => (state && state.featureToggles ? state.featureToggles.loading : undefined);

/** The `featureToggles` slice a test preloads (`initialState.featureToggles`): both spellings, loaded. */
export function preloadedFeatureToggles(flags, toggleNames) {
  return { ...toggleValues(flags, toggleNames), loading: false };
}
