// va-rollout/react: vets-website's toggle hooks and <Toggler> over a Rollout, for React 17 and 18
// (a peer dependency; never bundled). One onChange subscription per Rollout fans out per flag
// name, so a change re-renders only the components that read a changed flag.
import React from 'react';

const h = React.createElement;
const RolloutContext = React.createContext(null);
const TogglerContext = React.createContext(false);
const hubs = new WeakMap();
const noop = () => {};

/** The per-Rollout fan-out: listeners by flag name, any-change listeners, the loading state. */
function hubOf(rollout) {
  let hub = hubs.get(rollout);
  if (hub) return hub;
  hub = { byName: new Map(), any: new Set(), loading: true, loadingListeners: new Set(), version: 0 };
  const fire = (set) => set && Array.from(set).forEach((fn) => fn());
  rollout.onChange((names) => {
    hub.version += 1;
    for (const name of names) fire(hub.byName.get(name));
    fire(hub.any);
  });
  Promise.resolve(rollout.ready()).then(() => {
    hub.loading = false;
    fire(hub.loadingListeners);
  }, noop);
  hubs.set(rollout, hub);
  return hub;
}

function addTo(map, key, fn) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(fn);
  return () => {
    set.delete(fn);
    if (set.size === 0 && map.get(key) === set) map.delete(key);
  };
}

function addToSet(set, fn) {
  set.add(fn);
  return () => set.delete(fn);
}

/** useSyncExternalStore (React 18) or, in React 17, a forced update on change. */
const useExternal = typeof React.useSyncExternalStore === 'function'
  ? (subscribe, get) => React.useSyncExternalStore(subscribe, get, get)
  : (subscribe, get) => {
      const value = get();
      const [, force] = React.useReducer((n) => n + 1, 0);
      const last = React.useRef(value);
      last.current = value;
      React.useEffect(() => {
        const check = () => {
          if (get() !== last.current) force();
        };
        const unsubscribe = subscribe(check);
        check(); // a change between render and effect
        return unsubscribe;
      }, [subscribe, get]);
      return value;
    };

/** `<RolloutProvider rollout={rollout} toggleNames={TOGGLE_NAMES}>`: the Rollout for the hooks below. */
export function RolloutProvider({ rollout, toggleNames, children }) {
  const value = React.useMemo(() => ({ rollout, toggleNames: toggleNames || null }), [rollout, toggleNames]);
  return h(RolloutContext.Provider, { value }, children);
}

function useProvided() {
  const ctx = React.useContext(RolloutContext);
  if (!ctx || !ctx.rollout) {
    throw new Error('va-rollout/react: no <RolloutProvider rollout={…}> above this component');
  }
  return ctx;
}

/** The Rollout of the nearest <RolloutProvider>. */
export function useRollout() {
  return useProvided().rollout;
}

/** vets-website's check: with a names registry, an unknown toggle name is a programming error. */
function checkName(toggleNames, name) {
  if (toggleNames && !Object.values(toggleNames).includes(name)) {
    throw new Error(`Invalid toggle name "${name}". Did you add the toggle name to featureFlagNames.js?`);
  }
}

/** The flag's value (false when unknown); re-renders only when this flag changes. */
export function useToggleValue(toggleName) {
  const { rollout, toggleNames } = useProvided();
  checkName(toggleNames, toggleName);
  const name = String(toggleName);
  const hub = hubOf(rollout);
  const subscribe = React.useCallback((fn) => addTo(hub.byName, name, fn), [hub, name]);
  const get = React.useCallback(() => rollout.isEnabled(name), [rollout, name]);
  return useExternal(subscribe, get);
}

/** True until the rollout's first refresh settled (success or fallback). */
export function useToggleLoadingValue() {
  const { rollout } = useProvided();
  const hub = hubOf(rollout);
  const subscribe = React.useCallback((fn) => addToSet(hub.loadingListeners, fn), [hub]);
  const get = React.useCallback(() => hub.loading, [hub]);
  return useExternal(subscribe, get);
}

/** vets-website's `useFeatureToggle()`: `{ TOGGLE_NAMES, useToggleValue, useToggleLoadingValue }`. */
export function useFeatureToggle() {
  const { toggleNames } = useProvided();
  return { TOGGLE_NAMES: toggleNames || {}, useToggleValue, useToggleLoadingValue };
}

/** A counter that moves on any decision change (for hooks whose result depends on several flags). */
function useAnyChange() {
  const { rollout } = useProvided();
  const hub = hubOf(rollout);
  const subscribe = React.useCallback((fn) => addToSet(hub.any, fn), [hub]);
  const get = React.useCallback(() => hub.version, [hub]);
  return [rollout, useExternal(subscribe, get)];
}

/** `rollout.secureMessaging(opts)`, a new router object whenever a decision changes. */
export function useSecureMessaging(opts) {
  const [rollout, version] = useAnyChange();
  const basePath = opts && opts.basePath;
  return React.useMemo(
    () => rollout.secureMessaging(basePath === undefined ? undefined : { basePath }),
    [rollout, version, basePath],
  );
}

/** `rollout.vaos().endpoint(operation, params)`, recomputed when a decision changes. */
export function useVaosEndpoint(operation, params) {
  const [rollout] = useAnyChange();
  return rollout.vaos().endpoint(operation, params);
}

/** `rollout.track` (action, timing, error, request). */
export function useTrack() {
  return useRollout().track;
}

/** `<Toggler toggleName={…}>` with `<Toggler.Enabled>` / `<Toggler.Disabled>` children; unknown ⇒ off. */
export function Toggler({ toggleName, children }) {
  const value = useToggleValue(toggleName);
  return h(TogglerContext.Provider, { value }, children);
}

function TogglerEnabled({ children }) {
  return React.useContext(TogglerContext) ? h(React.Fragment, null, children) : null;
}

function TogglerDisabled({ children }) {
  return React.useContext(TogglerContext) ? null : h(React.Fragment, null, children);
}

function HocNamed({ toggleName, children }) {
  return children(useToggleValue(toggleName));
}

function HocInToggler({ children }) {
  return children(React.useContext(TogglerContext));
}

/** `<Toggler.Hoc toggleName={…}>{(on) => …}</Toggler.Hoc>` (or inside a <Toggler>, without toggleName). */
function TogglerHoc(props) {
  return h(props.toggleName === undefined ? HocInToggler : HocNamed, props);
}

Toggler.Enabled = TogglerEnabled;
Toggler.Disabled = TogglerDisabled;
Toggler.Hoc = TogglerHoc;
