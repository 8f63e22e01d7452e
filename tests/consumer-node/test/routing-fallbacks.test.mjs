// Routing fallbacks keep the flow (issue 15, item 7), through the packed package: whatever a
// router call falls back to — a misuse the engine refuses, an internal error the wrapper catches,
// a trap that leaves the engine unable to answer — it reports the flow or system the session is
// in (the one the router last answered, else the pinned one), and lastError() says why.
// First over fake engines (every failure mode on demand), then over the real wasm engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rollout, createRolloutClass } from 'va-rollout';
import { SM_FLOW, vetsApiBoth } from './fixtures.mjs';

const BASE = '/my-health/secure-messages';
const CATEGORY = 'va_online_scheduling_vaos_service_va_appointments';

function routeError(message) {
  const e = new Error(message);
  e.name = 'VaRolloutRouteError';
  return e;
}

/** An object whose prototype has `methods` (the wrapper reads a wasm-bindgen object's prototype). */
function engineObject(methods) {
  class Router {}
  Object.assign(Router.prototype, methods);
  return new Router();
}

/** A fake module whose routers behave as `state` says at each call. */
function fakeModule(state) {
  class WasmRollout {
    static start() {
      return new WasmRollout();
    }
    setMirror() {}
    lastError() {
      return null;
    }
    secureMessaging() {
      return engineObject({
        start: () => state.start(),
        next: () => state.next(),
        guard: () => state.guard(),
        sessionFlow: () => state.sessionFlow(),
      });
    }
    vaos() {
      return engineObject({
        endpoint: () => state.endpoint(),
        system: () => state.system(),
        sessionSystem: (category) => state.sessionSystem(category),
      });
    }
  }
  return { WasmRollout };
}

function quietly(fn) {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return fn();
  } finally {
    console.warn = warn;
  }
}

const trap = () => {
  throw new WebAssembly.RuntimeError('unreachable');
};

test('a refused next() stays in the flow the engine says the session is in: ROUTE_ERROR', () => {
  const state = {
    start: () => ({ path: `${BASE}/new-message/`, flow: 'curated', transition: {} }),
    next: () => {
      throw routeError('secure messaging: unknown action "jump" on page /new-message/');
    },
    guard: trap,
    sessionFlow: () => 'curated',
  };
  const r = createRolloutClass(fakeModule(state)).start({});
  const sm = r.secureMessaging();
  quietly(() => {
    assert.deepEqual(sm.next(`${BASE}/new-message/`, 'jump', {}), { path: `${BASE}/new-message/`, flow: 'curated' });
  });
  assert.equal(r.lastError().code, 'ROUTE_ERROR');
  assert.match(r.lastError().message, /unknown action "jump"/);
  // The engine's answer wins over nothing seen yet: a pin from an earlier page.
  quietly(() => assert.equal(sm.guard(`${BASE}/new-message/recent/`).flow, 'curated'));
  assert.equal(r.lastError().code, 'WASM_TRAP');
});

test('when the engine cannot answer, the fallback is the flow the router last reported', () => {
  const state = {
    start: () => ({ path: `${BASE}/new-message/`, flow: 'curated', transition: {} }),
    next: () => ({ path: `${BASE}/new-message/select-care-team/`, flow: 'curated', transition: {} }),
    guard: () => ({ path: `${BASE}/new-message/`, redirected: false, reason: 'allowed', flow: 'curated' }),
    sessionFlow: trap,
  };
  const r = createRolloutClass(fakeModule(state)).start({});
  assert.equal(r.secureMessaging().start({}).flow, 'curated');
  // The engine traps from now on (a poisoned instance): every call, and sessionFlow too.
  state.start = trap;
  state.next = trap;
  state.guard = () => {
    throw new Error('va-rollout: called re-entrantly from a listener; try again after it returns');
  };
  // A new router object (React re-creates it on every change) still knows the session's flow.
  const sm = r.secureMessaging();
  quietly(() => {
    assert.deepEqual(sm.start({}), { path: `${BASE}/new-message/`, flow: 'curated' });
    assert.equal(r.lastError().code, 'WASM_TRAP');
    assert.deepEqual(sm.next('/x', 'continue'), { path: '/x', flow: 'curated' });
    assert.deepEqual(sm.guard('/y'), { path: '/y', redirected: false, reason: 'ERROR', flow: 'curated' });
  });
  assert.deepEqual(r.lastError(), {
    code: 'INTERNAL',
    message: 'va-rollout: called re-entrantly from a listener; try again after it returns',
  });
});

test('the last flow reported is the one a QA override answered, not a stale pin', () => {
  let flow = 'curated';
  const state = {
    start: () => ({ path: `${BASE}/new-message/`, flow, transition: {} }),
    next: trap,
    guard: trap,
    sessionFlow: () => null, // busy: no answer from the engine
  };
  const r = createRolloutClass(fakeModule(state)).start({});
  const sm = r.secureMessaging();
  assert.equal(sm.start({}).flow, 'curated');
  flow = 'legacy';
  assert.equal(sm.start({}).flow, 'legacy');
  quietly(() => assert.equal(sm.next('/x', 'continue').flow, 'legacy'));
});

test('a session that entered no flow falls back to legacy', () => {
  const state = { start: trap, next: trap, guard: trap, sessionFlow: () => null };
  const r = createRolloutClass(fakeModule(state)).start({});
  quietly(() => assert.equal(r.secureMessaging().start().flow, 'legacy'));
  assert.equal(r.lastError().code, 'WASM_TRAP');
});

test('vaos: system() falls back to the session system of that category; endpoint to null', () => {
  const pinned = { [CATEGORY]: 'vaos-service' };
  const state = {
    endpoint: () => {
      throw routeError('vaos: parameter id: empty or a dot segment');
    },
    system: () => 'legacy',
    sessionSystem: (category) => pinned[category] ?? null,
  };
  const r = createRolloutClass(fakeModule(state)).start({});
  const vaos = r.vaos();
  quietly(() => assert.equal(vaos.endpoint('appointments.get', { id: '..' }), null));
  assert.equal(r.lastError().code, 'ROUTE_ERROR');
  assert.equal(vaos.system('other_toggle'), 'legacy');
  state.system = trap;
  quietly(() => {
    assert.equal(vaos.system(CATEGORY), 'vaos-service', 'the engine says the session is pinned');
    state.sessionSystem = trap;
    assert.equal(vaos.system('other_toggle'), 'legacy', 'the last system reported for it');
    assert.equal(r.vaos().system('never_asked'), null, 'nothing known: null, never a guess');
  });
  assert.equal(r.lastError().code, 'WASM_TRAP');
});

test('real engine: refused calls keep the pinned flow, a QA override the overridden one', () => {
  const r = Rollout.start({ environment: 'staging', flags: { source: 'vets-api', bootstrap: vetsApiBoth } });
  const sm = r.secureMessaging();
  assert.equal(sm.start({ recentCareTeams: 0 }).flow, 'curated');
  quietly(() => {
    assert.deepEqual(sm.next(`${BASE}/new-message/`, 'jump', {}), { path: `${BASE}/new-message/`, flow: 'curated' });
  });
  assert.equal(r.lastError().code, 'ROUTE_ERROR');
  assert.match(r.lastError().message, /unknown action "jump"/);
  quietly(() => assert.equal(sm.next('/not/a/page/', 'continue', {}).flow, 'curated'));
  assert.match(r.lastError().message, /not a page of the new-message flow/);

  // A QA override turns the flow off at the next boundary, even a refused one; the pin stays.
  assert.equal(r.override(SM_FLOW, false), true);
  quietly(() => assert.equal(sm.next(`${BASE}/new-message/`, 'continue', {}).flow, 'legacy'));
  assert.match(r.lastError().message, /needs the curated flow, which is off/);
  assert.equal(sm.guard(`${BASE}/new-message/`).flow, 'legacy');
  r.clearOverrides();
  assert.equal(sm.guard(`${BASE}/new-message/`).flow, 'curated', 'back on the pin');
  quietly(() => assert.equal(sm.next(`${BASE}/new-message/`, 'jump', {}).flow, 'curated'));
  quietly(() => assert.equal(sm.start('not a context').flow, 'curated'));
  assert.match(r.lastError().message, /invalid context/);
});

test('real engine: vaos fallbacks keep the session system', () => {
  const r = Rollout.start({ environment: 'staging', flags: { source: 'vets-api', bootstrap: vetsApiBoth } });
  const vaos = r.vaos();
  const system = vaos.system(CATEGORY);
  assert.ok(system === 'legacy' || system === 'vaos-service', String(system));
  quietly(() => assert.equal(vaos.endpoint('appointments.get', { id: '..' }), null));
  assert.equal(r.lastError().code, 'ROUTE_ERROR');
  assert.equal(vaos.endpoint('appointments.get', { id: '1' }).system, system);
});
