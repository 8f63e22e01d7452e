// The shipped package: no code from strings (eval, new Function, string timers) and no HTML sinks
// in any JavaScript file of pkg/ (wasm-bindgen glue of every target, the wrapper, the panel), and
// no runtime dependency to audit (scripts/audit-pkg.sh: npm ls + npm audit --omit=dev).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../lib/chromium.mjs';
import { PKG } from './helpers.mjs';

/** Patterns that compile or inject code or markup from strings. */
export const FORBIDDEN = {
  eval: /(?<![\w$])eval\s*\(/,
  'new Function': /\bnew\s+Function\s*\(/,
  // Not inside a string: wasm-bindgen's debugString() prints `Function(${name})`.
  'Function()': /(?<![\w$.`'"]|new\s)Function\s*\(/,
  'string timer': /\bset(?:Timeout|Interval|Immediate)\s*\(\s*(?:['"`]|getStringFromWasm0)/,
  'innerHTML/outerHTML =': /\.(?:inner|outer)HTML\s*=/,
  insertAdjacentHTML: /\binsertAdjacentHTML\s*\(/,
  'document.write': /\bdocument\.write(?:ln)?\s*\(/,
  'javascript: URL': /['"`]javascript:/i,
};

/** [pattern name, line number, line] for every forbidden construct in `text`. */
export function findForbidden(text) {
  const hits = [];
  text.split('\n').forEach((line, i) => {
    for (const [name, re] of Object.entries(FORBIDDEN)) if (re.test(line)) hits.push([name, i + 1, line.trim().slice(0, 160)]);
  });
  return hits;
}

function jsFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : jsFiles(p);
    return /\.(m|c)?js$/.test(e.name) ? [p] : [];
  });
}

test('the scanner recognises each forbidden construct and passes lookalikes', () => {
  const bad = [
    'eval("1")', 'window.eval (x)', 'new Function("a", "return a")', 'const f = Function("return this")',
    'setTimeout("alert(1)", 0)', 'setInterval(`x`, 5)', 'setTimeout(getStringFromWasm0(arg0, arg1), 5)',
    'el.innerHTML = s', 'el.outerHTML= s', 'el.insertAdjacentHTML("beforeend", s)', 'document.write(s)',
    "a.href = 'javascript:void 0'",
  ];
  for (const line of bad) assert.ok(findForbidden(line).length > 0, `flags ${line}`);
  const fine = [
    'x instanceof Function', '? `Function(${val.name})`', "typeof f === 'function'", 'setTimeout(arg0, arg1)', 'setTimeout(() => f(), 0)',
    'const evaluate = r.evaluate(name)', 'retrieval(x)', 'el.textContent = s', 'isFunction(x)',
  ];
  for (const line of fine) assert.deepEqual(findForbidden(line), [], `passes ${line}`);
});

test('no eval, new Function, string timer or HTML sink in any JavaScript file of pkg/', () => {
  const files = jsFiles(PKG);
  const names = files.map((f) => path.relative(PKG, f)).sort();
  for (const expected of ['bundler/va_rollout_bg.js', 'node/va_rollout.js', 'web/va_rollout.js', 'src/rollout.js', 'index.js']) {
    assert.ok(names.includes(expected), `scanned ${expected} (files: ${names.join(', ')})`);
  }
  const hits = files.flatMap((f) => findForbidden(fs.readFileSync(f, 'utf8')).map((h) => `${path.relative(PKG, f)}:${h[1]} ${h[0]}: ${h[2]}`));
  assert.deepEqual(hits, []);
});

test('the package has no runtime dependency and npm audit --omit=dev is clean (scripts/audit-pkg.sh)', () => {
  const r = spawnSync(path.join(ROOT, 'scripts/audit-pkg.sh'), { encoding: 'utf8', timeout: 240_000 });
  const out = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, out);
  assert.match(out, /\(empty\)/);
  assert.match(out, /found 0 vulnerabilities|audit endpoint is unreachable/);
});
