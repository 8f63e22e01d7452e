// The JS wrapper's guarantees (pkg-template/src/rollout.js), tested through the packed package's
// `createRolloutClass` over fake wasm modules, so they hold whatever the engine does:
// only start() throws, every failure falls back and lands in lastError(), isEnabled reads the
// mirror, listeners and tracked promises cannot break the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRolloutClass } from 'va-rollout';

/** A fake WasmRollout whose methods are `impl[name]` or throw. */
function fakeModule(impl = {}, { startThrows } = {}) {
  class WasmRollout {
    static start(config) {
      if (startThrows !== undefined) throw startThrows;
      const inner = new WasmRollout();
      inner.config = config;
      return inner;
    }
  }
  const names = [
    'setMirror', 'evaluate', 'snapshot', 'setActor', 'ready', 'refresh', 'onChange', 'offChange',
    'lastError', 'explain', 'flags', 'override', 'clearOverrides', 'environment', 'secureMessaging',
    'vaos', 'trackAction', 'trackTiming', 'trackError', 'trackRequest', 'flush', 'telemetryStats',
  ];
  for (const n of names) {
    WasmRollout.prototype[n] = function (...args) {
      if (impl[n]) return impl[n].apply(this, args);
      throw new Error(`fake ${n} failed`);
    };
  }
  return { WasmRollout };
}

function quietly(fn) {
  const warn = console.warn;
  const error = console.error;
  const seen = { warn: 0, error: 0 };
  console.warn = () => (seen.warn += 1);
  console.error = () => (seen.error += 1);
  try {
    return [fn(), seen];
  } finally {
    console.warn = warn;
    console.error = error;
  }
}

test('start rethrows configuration errors as Error, and refuses a module without WasmRollout', () => {
  const R = createRolloutClass(fakeModule({}, { startThrows: new Error('flags.source: unknown source') }));
  assert.throws(() => R.start({}), /unknown source/);
  const S = createRolloutClass(fakeModule({}, { startThrows: 'a plain string' }));
  assert.throws(() => S.start({}), (e) => e instanceof Error && /a plain string/.test(e.message));
  assert.throws(() => createRolloutClass({}).start({}), /no WasmRollout/);
});

test('isEnabled and snapshot read the mirror, which the engine updates', () => {
  let push;
  const R = createRolloutClass(
    fakeModule({
      setMirror(fn) {
        push = fn;
        fn({ a: true, b: false }, ['a', 'b']);
      },
    }),
  );
  const r = R.start({});
  const { isEnabled } = r; // bound: works detached
  assert.equal(isEnabled('a'), true);
  assert.equal(r.isEnabled('b'), false);
  assert.equal(r.isEnabled('constructor'), false);
  assert.equal(r.isEnabled('__proto__'), false);
  const copy = r.snapshot();
  copy.a = false;
  assert.equal(r.isEnabled('a'), true, 'snapshot() is a copy');
  push({ a: false, c: true }, ['a', 'c']);
  assert.equal(r.isEnabled('a'), false);
  assert.equal(r.isEnabled('c'), true);
  push(null, []);
  assert.equal(r.isEnabled('c'), false, 'a bad mirror value resets to empty, never throws');
});

test('every method falls back when the engine throws, and lastError says why', async () => {
  const R = createRolloutClass(
    fakeModule({ setMirror: (fn) => fn({ known_on: true }, ['known_on']) }),
  );
  const r = R.start({});
  const [, seen] = quietly(() => {
    assert.deepEqual(r.evaluate('known_on'), {
      name: 'known_on', value: true, reason: 'ERROR', source: 'default', stale: true,
    });
    assert.equal(r.evaluate('other').value, false);
    assert.equal(r.override('x', true), false);
    assert.equal(r.environment(), 'production');
    assert.deepEqual(r.flags(), [{ name: 'known_on', value: true, reason: 'ERROR', source: 'default' }]);
    assert.equal(r.explain('x').reason, 'ERROR');
    assert.equal(r.telemetryStats(), null); // no pipeline to report on: null, as index.d.ts says
    assert.equal(r.onChange(() => {})(), undefined);
    r.setActor({ id: 'a' });
    r.clearOverrides();
    r.flush();
    r.track.action('a');
    r.track.timing('t', 1);
    r.track.error('e');
    const sm = r.secureMessaging({ basePath: '/base/' });
    assert.deepEqual(sm.start({}), { path: '/base/new-message/', flow: 'legacy' });
    assert.deepEqual(sm.next('/base/new-message/', 'continue', {}), { path: '/base/new-message/', flow: 'legacy' });
    assert.deepEqual(sm.guard('/p', {}), { path: '/p', redirected: false, reason: 'ERROR', flow: 'legacy' });
    assert.equal(r.vaos().endpoint('appointments.list', {}), null);
    assert.equal(r.vaos().system('appointments'), null);
  });
  await quietly(() => r.ready())[0];
  await quietly(() => r.refresh())[0];
  assert.deepEqual(r.lastError(), { code: 'INTERNAL', message: 'fake refresh failed' });
  assert.ok(seen.warn >= 1 && seen.warn <= 10, `console.warn is rate-limited (got ${seen.warn})`);
});

test('engine promises that reject still resolve ready()/refresh()', async () => {
  const R = createRolloutClass(
    fakeModule({
      setMirror: () => {},
      ready: () => Promise.reject(new Error('boom in ready')),
      refresh: () => Promise.reject(new Error('boom in refresh')),
      lastError: () => null,
    }),
  );
  const r = R.start({});
  await quietly(() => r.ready())[0];
  assert.equal(r.lastError().message, 'boom in ready');
  await quietly(() => r.refresh())[0];
  assert.equal(r.lastError().message, 'boom in refresh');
});

test('the engine error shows through lastError when the wrapper caught none', () => {
  const R = createRolloutClass(
    fakeModule({ setMirror: () => {}, lastError: () => ({ code: 'HTTP_500', message: 'server error' }) }),
  );
  assert.deepEqual(R.start({}).lastError(), { code: 'HTTP_500', message: 'server error' });
});

test('onChange: a throwing listener does not unwind into the engine; unsubscribe once', () => {
  let registered;
  const offs = [];
  const R = createRolloutClass(
    fakeModule({
      setMirror: () => {},
      onChange(fn) {
        registered = fn;
        return 7;
      },
      offChange: (id) => offs.push(id),
    }),
  );
  const r = R.start({});
  const off = r.onChange(() => {
    throw new Error('app bug');
  });
  const [, seen] = quietly(() => assert.doesNotThrow(() => registered(['a'])));
  assert.equal(seen.error, 1, 'the app listener error is reported on the console');
  off();
  off();
  assert.deepEqual(offs, [7]);
  assert.equal(quietly(() => r.onChange('not a function'))[0](), undefined);
});

test('track.request returns the app promise outcome and swallows the engine promise', async () => {
  const R = createRolloutClass(
    fakeModule({ setMirror: () => {}, trackRequest: () => Promise.reject(new Error('engine side')) }),
  );
  const r = R.start({});
  assert.equal(await r.track.request('ok', Promise.resolve('response')), 'response');
  await assert.rejects(r.track.request('fail', Promise.reject(new Error('network down'))), /network down/);
  await new Promise((res) => setTimeout(res, 10)); // an unhandled rejection would fail the run
});

test('window.vaRollout delegates to the latest started Rollout', () => {
  globalThis.window = {};
  try {
    const R = createRolloutClass(
      fakeModule({
        setMirror: () => {},
        override(name, value) {
          return this.config.env !== 'production' && typeof name === 'string' && value === true;
        },
        flags() {
          return [{ name: this.config.env, value: true, reason: 'STATIC', source: 'bootstrap' }];
        },
      }),
    );
    R.start({ env: 'staging' });
    assert.equal(window.vaRollout.flags()[0].name, 'staging');
    assert.equal(window.vaRollout.override('a', true), true);
    R.start({ env: 'production' });
    assert.equal(window.vaRollout.flags()[0].name, 'production');
    assert.equal(window.vaRollout.override('a', true), false);
    assert.equal(typeof window.vaRollout.refresh().then, 'function');
    assert.equal(quietly(() => window.vaRollout.panel())[0], false, 'no panel without a browser entry');
  } finally {
    delete globalThis.window;
  }
});

test('panel() renders through extras.panel outside production only, and never throws', () => {
  globalThis.window = {};
  globalThis.document = {};
  try {
    const opened = [];
    const R = createRolloutClass(fakeModule({ setMirror: () => {}, environment() {
      if (!this.config.env) throw new Error('no environment');
      return this.config.env;
    } }), {
      panel: (rollout) => {
        opened.push(rollout.environment());
        if (opened.length === 2) throw new Error('render failed');
        return true;
      },
    });
    assert.equal(R.start({ env: 'staging' }).panel(), true);
    assert.equal(window.vaRollout.panel(), false, 'a render error falls back');
    const [refused, seen] = quietly(() => R.start({ env: 'production' }).panel());
    assert.equal(refused, false);
    assert.equal(seen.warn, 1, 'production refusal is announced');
    const [unknownEnv] = quietly(() => R.start({ env: undefined }).panel());
    assert.equal(unknownEnv, false, 'an environment() failure counts as production');
    assert.deepEqual(opened, ['staging', 'staging'], 'never rendered in production');
  } finally {
    delete globalThis.window;
    delete globalThis.document;
  }
});
