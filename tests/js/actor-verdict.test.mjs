// The browser entry's evaluateFor in JavaScript (pkg-template/src/mirror.js: readActorPlans,
// actorVerdict, crc32) against the core, in Node without a build: the plans the core wrote and
// its evaluate_for verdicts (core/src/flags/testdata/actor_plans.json, checked against the core
// by the native test actor_plans_fixture_is_current) and Flipper's vectors (flipper_vectors.json).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { actorVerdict, crc32, readActorPlans } from '../../pkg-template/src/mirror.js';

const data = (name) => JSON.parse(readFileSync(new URL(`../../core/src/flags/testdata/${name}`, import.meta.url), 'utf8'));
const CASES = data('actor_plans.json');
const VECTORS = data('flipper_vectors.json');

const utf8 = (/** @type {string} */ text) => [...new TextEncoder().encode(text)];

/** zlib CRC-32 of `bytes`, bit by bit (independent of mirror.js's table). @param {number[]} bytes */
function reference(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

test("actorVerdict over the core's plans gives the core's evaluate_for", () => {
  let checked = 0;
  for (const c of CASES) {
    const plans = readActorPlans(c.plans);
    for (const [name, bits] of Object.entries(c.verdicts)) {
      assert.equal(bits.length, c.ids.length, c.note);
      c.ids.forEach((id, i) => {
        const expected = bits[i] === '1';
        assert.equal(actorVerdict(plans, name, id), expected, `${c.note}: ${name}, id ${JSON.stringify(id)}`);
        // The core reads a lone surrogate as U+FFFD: the shell must answer the same for it.
        if (id.includes('\ufffd')) assert.equal(actorVerdict(plans, name, id.replaceAll('\ufffd', '\ud800')), expected, `${c.note}: ${name}, lone surrogate`);
        checked++;
      });
    }
  }
  assert.ok(checked > 1300, `only ${checked} verdicts`);
  const on = CASES.flatMap((c) => Object.values(c.verdicts)).join('');
  assert.ok(on.includes('0') && on.includes('1'), 'the fixture has verdicts both ways');
});

test("crc32 gives Flipper's bucket for every vector (bucket key, then the sorted ids)", () => {
  for (const v of VECTORS) {
    const ids = v.actors.slice().sort();
    const crc = ids.reduce((c, id) => crc32(id, c), crc32(v.bucket_key ?? v.feature));
    assert.equal(crc % 100000, v.bucket, JSON.stringify(v));
  }
  assert.ok(VECTORS.length > 700);
});

test('crc32 is zlib CRC-32 of the UTF-8 bytes, and continues across any split', () => {
  assert.equal(crc32('123456789'), 0xcbf43926);
  const texts = ['', 'a', 'actor-1@example.com', 'vip-é', 'é', '中文x', 'a😀b', 'x\ud800', '\udc00y', 'ab\ud83d', 'ß@@\ufffd', 'plain ascii then é and 😀'];
  for (const t of texts) {
    assert.equal(crc32(t), reference(utf8(t)), JSON.stringify(t));
    // Split anywhere (also inside a surrogate pair: each half is then U+FFFD, as TextEncoder has it).
    for (let i = 0; i <= t.length; i++) {
      const [a, b] = [t.slice(0, i), t.slice(i)];
      assert.equal(crc32(b, crc32(a)), reference(utf8(a).concat(utf8(b))), JSON.stringify([a, b]));
    }
  }
});
