// The JavaScript shell's decisions before the core joins (pkg/src/mirror.js) against the core's
// own (the Node entry runs the same wasm): for generated vets-api bootstraps (camelCase and
// snake_case spellings of one name, duplicates, whitespace, malformed entries) and declared
// defaults, every name the shell decides has the core's value, reason, source and staleness; a
// bootstrap the shell cannot read is PENDING with the declared default, never another value.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../lib/chromium.mjs';

const require = createRequire(import.meta.url);
const { Rollout } = require(path.join(ROOT, 'pkg/node/index.cjs'));
const { earlyDecisions, underscore, vetsApiValues } = await import(pathToFileURL(path.join(ROOT, 'pkg/src/mirror.js')).href);

/** A small deterministic PRNG (mulberry32), so a failure names a reproducible case. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SPELLINGS = [
  ['sm_flow', 'smFlow', ' sm_flow\t'],
  ['vaos_service_cc', 'vaosServiceCC', 'vaos-service-cc'],
  ['html_parser', 'HTMLParser', 'htmlParser'],
  ['a1_b', 'a1B'],
  ['plain'],
];
const pick = (r, list) => list[Math.floor(r() * list.length)];

function entry(r) {
  const spell = pick(r, pick(r, SPELLINGS));
  const roll = r();
  if (roll < 0.03) return { name: spell }; // no value: the core refuses the document
  if (roll < 0.05) return { name: spell, value: 'true' };
  if (roll < 0.06) return { name: '  ', value: true };
  return { name: spell, value: r() < 0.5 };
}

function config(r) {
  const features = Array.from({ length: Math.floor(r() * 6) }, () => entry(r));
  const data = r() < 0.1 ? { features } : { type: r() < 0.05 ? 'other' : 'feature_toggles', features };
  let bootstrap = { data };
  if (r() < 0.1) bootstrap = JSON.stringify(bootstrap);
  if (r() < 0.05) bootstrap = { features: [{ key: 'sm_flow', gates: [{ key: 'boolean', value: true }] }] };
  const defaults = {};
  for (const [name] of SPELLINGS) if (r() < 0.3) defaults[name] = r() < 0.5;
  return { flags: { source: 'vets-api', bootstrap, defaults, names: r() < 0.5 ? ['plain'] : undefined } };
}

test('underscore is Rails underscore as the core applies it', () => {
  const cases = { smFlow: 'sm_flow', HTMLParser: 'html_parser', 'vaos-service-cc': 'vaos_service_cc', a1B: 'a1_b', ' x\t': 'x', ABCDef: 'abc_def' };
  for (const [raw, snake] of Object.entries(cases)) assert.equal(underscore(raw), snake, raw);
});

test('the shell decides as the core does, for 600 generated bootstraps', () => {
  const r = rng(13);
  let decided = 0;
  let pending = 0;
  for (let i = 0; i < 600; i++) {
    const cfg = config(r);
    const early = earlyDecisions(cfg, { now: Date.now() });
    const core = Rollout.start(structuredClone(cfg));
    const names = new Set([...Object.keys(early), ...Object.keys(core.snapshot()), 'unknown_flag']);
    for (const name of names) {
      const want = core.evaluate(name);
      const got = early[name];
      const where = `case ${i} ${JSON.stringify(cfg)} name ${name}`;
      if (!got) {
        // Unknown to the shell: false (DEFAULT), or PENDING when the bootstrap is one it cannot read.
        if (vetsApiValues(cfg.flags.bootstrap) === null) pending++;
        else assert.equal(want.value, false, where);
        continue;
      }
      if (got.reason === 'PENDING') {
        pending++;
        assert.equal(got.value, cfg.flags.defaults[name] === true, where);
        continue;
      }
      decided++;
      assert.deepEqual({ name, ...got }, want, where);
    }
  }
  assert.ok(decided > 1000 && pending > 0, `decided ${decided}, pending ${pending}`);
});

test('a document the core refuses is never read by the shell', () => {
  const refused = [
    { data: { type: 'other', features: [] } },
    { data: { features: [{ name: 'a' }] } },
    { data: { features: [{ name: 'a', value: 1 }] } },
    { data: { features: [{ name: '', value: true }] } },
    { data: { features: [{ name: 'a'.repeat(201), value: true }] } },
    { data: { features: [] }, features: [] },
    { data: { features: [] }, key: 'x' },
  ];
  for (const doc of refused) {
    assert.equal(vetsApiValues(doc), null, JSON.stringify(doc));
    const core = Rollout.start({ flags: { source: 'vets-api', bootstrap: doc } });
    assert.equal(core.lastError()?.code, doc.data.features.some?.((f) => f.name?.length > 200) ? 'LIMIT_EXCEEDED' : 'PARSE_ERROR', JSON.stringify(doc));
  }
});
