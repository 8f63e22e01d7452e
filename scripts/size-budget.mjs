#!/usr/bin/env node
// Checks measured sizes against the size budget (scripts/size-budget.sh runs it):
//   node scripts/size-budget.mjs <size-budget.json> <sizes.json of scripts/build-variants.sh>
// For each build of the budget file: over budget → fail, printing budget, actual, delta and the
// files that grew against the figures recorded with the budget (the wasm and the minified JS
// bundle, gzip -9, and each JS input's minified bytes); more than `slack` under → fail, asking
// for a lower budget. SIZE_BUDGET_WRITE=1 rewrites the budget file instead: each build's budget
// becomes its actual size plus `headroom`, and the recorded figures the measured ones.
import { readFileSync, writeFileSync } from 'node:fs';

const [budgetPath, sizesPath] = process.argv.slice(2);
if (!budgetPath || !sizesPath) {
  console.error('usage: node scripts/size-budget.mjs <size-budget.json> <sizes.json>');
  process.exit(2);
}
const budget = JSON.parse(readFileSync(budgetPath, 'utf8'));
const sizes = JSON.parse(readFileSync(sizesPath, 'utf8'));
const fmt = (n) => n.toLocaleString('en-US');
const signed = (n) => (n > 0 ? '+' : '') + fmt(n);

/** The per-file figures of one build's shipped measurement: name → bytes. */
function files(shipped) {
  const out = { 'bundler/va_rollout_bg.wasm (gzip -9)': shipped.wasm, 'JS bundle (minified, gzip -9)': shipped.js };
  for (const [k, v] of Object.entries(shipped.jsInputs ?? {})) out[`${k} (minified)`] = v;
  return out;
}

if (process.env.SIZE_BUDGET_WRITE === '1') {
  for (const [name, b] of Object.entries(budget.builds)) {
    const s = sizes[name]?.shipped;
    if (!s) throw new Error(`no measurement of build "${name}"`);
    b.budget = s.gzip + budget.headroom;
    b.recorded = files(s);
  }
  writeFileSync(budgetPath, JSON.stringify(budget, null, 2) + '\n');
  console.log(`    wrote ${budgetPath}: ${Object.entries(budget.builds).map(([k, b]) => `${k} ${fmt(b.budget)}`).join(', ')}`);
  process.exit(0);
}

let failed = 0;
console.log(`    ${'build'.padEnd(14)} ${'budget'.padStart(9)} ${'actual'.padStart(9)} ${'delta'.padStart(9)}`);
for (const [name, b] of Object.entries(budget.builds)) {
  const s = sizes[name]?.shipped;
  if (!s) {
    console.log(`    ${name.padEnd(14)} FAIL: not measured (is it a build of scripts/build-variants.sh?)`);
    failed++;
    continue;
  }
  const delta = s.gzip - b.budget;
  let verdict = 'ok';
  if (delta > 0) verdict = 'FAIL: over budget';
  else if (-delta > budget.slack) verdict = `FAIL: more than ${fmt(budget.slack)} B under budget; lower it`;
  console.log(`    ${name.padEnd(14)} ${fmt(b.budget).padStart(9)} ${fmt(s.gzip).padStart(9)} ${signed(delta).padStart(9)}  ${verdict}`);
  if (verdict !== 'ok') failed++;
  if (delta > 0 || verdict !== 'ok') {
    const now = files(s);
    for (const k of new Set([...Object.keys(b.recorded ?? {}), ...Object.keys(now)])) {
      const was = b.recorded?.[k] ?? 0;
      const is = now[k] ?? 0;
      if (is !== was) console.log(`        ${k}: ${fmt(was)} → ${fmt(is)} (${signed(is - was)})`);
    }
  }
}
if (failed) {
  console.log('    To lower the budget: SIZE_BUDGET_WRITE=1 scripts/size-budget.sh (docs/performance.md).');
  console.log('    Never raise it without a note in the commit message saying why.');
  process.exit(1);
}
