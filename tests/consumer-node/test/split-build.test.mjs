// The wrapper over a split build (README "Size": scripts/build-variants.sh): a WasmRollout
// without the routing and/or telemetry methods. Telemetry methods absent ⇒ silent no-ops (as if
// telemetry were not configured); routing methods absent ⇒ the legacy fallback and a
// NOT_IN_BUILD lastError(). Nothing throws after start().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRolloutClass } from 'va-rollout';

const FLAG_METHODS = [
  'setMirror', 'isEnabled', 'evaluate', 'snapshot', 'environment', 'ready', 'refresh', 'onChange',
  'offChange', 'lastError', 'setActor', 'explain', 'flags', 'override', 'clearOverrides',
];

/** A fake flags-only WasmRollout (only the flag methods exist); `calls` records every call. */
function flagsOnlyModule(calls) {
  class WasmRollout {
    static start() {
      return new WasmRollout();
    }
  }
  for (const n of FLAG_METHODS) {
    WasmRollout.prototype[n] = function (...args) {
      calls.push(n);
      if (n === 'setMirror') args[0]({ on_flag: true }, []);
      if (n === 'lastError') return null;
      if (n === 'ready' || n === 'refresh') return Promise.resolve();
      return undefined;
    };
  }
  return { WasmRollout };
}

function quietly(fn) {
  const warn = console.warn;
  const seen = [];
  console.warn = (m) => seen.push(String(m));
  try {
    return [fn(), seen];
  } finally {
    console.warn = warn;
  }
}

test('flags-only build: telemetry methods are silent no-ops, flags work, nothing recorded', async () => {
  const calls = [];
  const R = createRolloutClass(flagsOnlyModule(calls));
  const [r, warnings] = quietly(() => {
    const r = R.start({ flags: { source: 'vets-api' } });
    assert.equal(r.isEnabled('on_flag'), true);
    assert.equal(r.isEnabled('other'), false);
    r.track.action('clicked', { a: 1 });
    r.track.timing('t', 12);
    r.track.error('e', { status: 500 });
    r.flush();
    assert.equal(r.telemetryStats(), null);
    return r;
  });
  const p = Promise.reject(new Error('app error'));
  await assert.rejects(r.track.request('req', p), /app error/);
  assert.equal(r.lastError(), null);
  assert.deepEqual(warnings, []);
  assert.ok(!calls.includes('exposure'));
});

test('flags-only build: secureMessaging and vaos fall back and report NOT_IN_BUILD', () => {
  const R = createRolloutClass(flagsOnlyModule([]));
  const [, warnings] = quietly(() => {
    const r = R.start({ flags: { source: 'vets-api' } });
    const sm = r.secureMessaging({ basePath: '/my-health/secure-messages/' });
    assert.deepEqual(sm.start({}), { path: '/my-health/secure-messages/new-message/', flow: 'legacy' });
    assert.deepEqual(sm.next('/x', 'a', {}), { path: '/x', flow: 'legacy' });
    const err = r.lastError();
    assert.equal(err.code, 'NOT_IN_BUILD');
    assert.match(err.message, /secureMessaging\(\) is not in this build.*without routing/);
    const vaos = r.vaos();
    assert.equal(vaos.endpoint('appointments.list', {}), null);
    assert.equal(r.lastError().code, 'NOT_IN_BUILD');
    assert.match(r.lastError().message, /vaos\(\)/);
  });
  assert.ok(warnings.some((w) => w.includes('NOT_IN_BUILD')), warnings.join('\n'));
});
