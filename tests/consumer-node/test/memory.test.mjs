// The allocator under the telemetry queue's churn (docs/performance-history.md, "Size levers": the
// allocator is chosen by measurement). Rounds of 10,000 tracked events, each round processed and
// flushed, must leave the wasm linear memory where the second round left it: an allocator that
// does not reuse freed blocks (a bump allocator) or a queue that leaks grows it every round.
// The module's memory is reached by wrapping WebAssembly.Instance before the package loads (the
// nodejs glue instantiates synchronously on import), so nothing is added to the package for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vetsApiBoth } from './fixtures.mjs';

const instances = [];
const Instance = WebAssembly.Instance;
WebAssembly.Instance = function (module, imports) {
  const instance = new Instance(module, imports);
  instances.push(instance);
  return instance;
};
const { Rollout } = await import('va-rollout');
WebAssembly.Instance = Instance;

const ROUNDS = 6;
const EVENTS = 10_000;

test(`linear memory is flat after ${ROUNDS} rounds of ${EVENTS} tracked events`, () => {
  assert.equal(instances.length, 1, 'the package instantiated one wasm module');
  const memory = instances[0].exports.memory;
  assert.ok(memory instanceof WebAssembly.Memory);
  const r = Rollout.start({
    flags: { source: 'vets-api', bootstrap: vetsApiBoth },
    telemetry: { url: 'http://127.0.0.1:9/v1/logs', service: 'memory-test' },
  });
  const sizes = [];
  let queued = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < EVENTS; i++) {
      r.track.action('memory.click', { round, i, label: `item ${i % 97}`, ok: i % 2 === 0 });
    }
    const stats = r.telemetryStats(); // processes what was captured
    assert.ok(stats, 'telemetry runs');
    r.flush();
    queued = stats.queued;
    sizes.push(memory.buffer.byteLength);
  }
  console.log(`linear memory after each round (bytes): ${sizes.join(', ')}; queued ${queued}`);
  assert.ok(queued >= EVENTS, `events went through the pipeline (queued ${queued})`);
  assert.deepEqual(sizes.slice(2), Array(ROUNDS - 2).fill(sizes[1]), 'no growth after round 2');
  r.destroy?.();
});
