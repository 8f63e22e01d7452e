// Tests of scripts/size-budget.mjs on made-up measurements: within budget passes; over budget
// and far under budget fail and say which file changed; SIZE_BUDGET_WRITE rewrites the budget.
// Run: node --test scripts/size-budget.test.mjs (scripts/lint.sh does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SCRIPT = path.join(path.dirname(new URL(import.meta.url).pathname), 'size-budget.mjs');
const shipped = (wasm, js) => ({ shipped: { gzip: wasm + js, wasm, js, jsMinified: 3 * js, jsInputs: { 'index.js': 100, 'src/rollout.js': 3 * js - 100 } } });

function run(budget, sizes, env = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'size-budget-'));
  const b = path.join(dir, 'budget.json');
  const s = path.join(dir, 'sizes.json');
  writeFileSync(b, JSON.stringify(budget));
  writeFileSync(s, JSON.stringify(sizes));
  const r = spawnSync(process.execPath, [SCRIPT, b, s], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout + r.stderr, budget: JSON.parse(readFileSync(b, 'utf8')) };
}

const written = () => run({ headroom: 500, slack: 2000, builds: { all: {}, flags: {} } }, { all: shipped(90000, 5000), flags: shipped(40000, 4000) }, { SIZE_BUDGET_WRITE: '1' }).budget;

test('write mode sets each budget to the measured size plus headroom', () => {
  const b = written();
  assert.equal(b.builds.all.budget, 95500);
  assert.equal(b.builds.flags.budget, 44500);
  assert.equal(b.builds.all.recorded['bundler/va_rollout_bg.wasm (gzip -9)'], 90000);
});

test('within budget passes', () => {
  const r = run(written(), { all: shipped(90000, 5000), flags: shipped(40000, 4000) });
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /all\s+95,500\s+95,000\s+-500\s+ok/);
});

test('over budget fails and names the file that grew', () => {
  const r = run(written(), { all: shipped(91000, 5000), flags: shipped(40000, 4000) });
  assert.equal(r.code, 1);
  assert.match(r.out, /all\s+95,500\s+96,000\s+\+500\s+FAIL: over budget/);
  assert.match(r.out, /bundler\/va_rollout_bg\.wasm \(gzip -9\): 90,000 → 91,000 \(\+1,000\)/);
  assert.doesNotMatch(r.out, /JS bundle/);
});

test('far under budget fails and asks for a lower budget', () => {
  const r = run(written(), { all: shipped(90000, 5000), flags: shipped(37000, 4000) });
  assert.equal(r.code, 1);
  assert.match(r.out, /flags\s+44,500\s+41,000\s+-3,500\s+FAIL: more than 2,000 B under budget; lower it/);
});

test('a build missing from the measurements fails', () => {
  const r = run(written(), { all: shipped(90000, 5000) });
  assert.equal(r.code, 1);
  assert.match(r.out, /flags\s+FAIL: not measured/);
});
