// The PII checker of the scrubber's corpus test (core/src/telemetry/scrub/tests.rs `pii_shape`),
// ported line by line to JS so end-to-end suites judge REAL captured events with the same
// independent rules: an e-mail (x@y, also full-width ＠, spaces ignored), 9+ digits across
// separators, a numeric date, a month-name date. The corpus itself (core/src/telemetry/scrub/testdata/
// pii_corpus.txt) is the checker's own self-test: every line of it must be caught.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './chromium.mjs';

export const PII_CORPUS = path.join(ROOT, 'core/src/telemetry/scrub/testdata/pii_corpus.txt');

const isAlnum = (c) => /^[\p{L}\p{N}]$/u.test(c);
const isNumeric = (c) => /^\p{N}$/u.test(c);
const isDigit = (c) => c >= '0' && c <= '9';
const RUN_SEPARATORS = new Set([...' \t-./()+\u00a0\u2013\u2014']);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Percent-decoding of valid %XX escapes (bytes), invalid UTF-8 replaced, like the Rust test. */
function decode(s) {
  const b = Buffer.from(s, 'utf8');
  const out = [];
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x25 && i + 2 < b.length) {
      const hex = b.subarray(i + 1, i + 3).toString('latin1');
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        out.push(parseInt(hex, 16));
        i += 2;
        continue;
      }
    }
    out.push(b[i]);
  }
  return new TextDecoder('utf-8').decode(Uint8Array.from(out));
}

/** Lengths of digit groups separated by exactly one of `/ - .`; other chars start a new list (0). */
function numericGroups(s) {
  const groups = [0];
  let prevSep = false;
  for (const c of s) {
    if (isNumeric(c)) {
      groups[groups.length - 1] += 1;
      prevSep = false;
    } else if ('/-.'.includes(c) && !prevSep && groups[groups.length - 1] > 0) {
      groups.push(0);
      prevSep = true;
    } else {
      groups.push(0, 0);
      prevSep = false;
    }
  }
  return groups;
}

/** Why `s` still looks like PII, or null. */
export function piiShape(s) {
  let text = s;
  for (let i = 0; i < 3; i++) text = decode(text);
  const compact = [...text].filter((c) => !/\s/u.test(c));
  for (let i = 0; i + 2 < compact.length; i++) {
    if ((compact[i + 1] === '@' || compact[i + 1] === '＠') && isAlnum(compact[i]) && isAlnum(compact[i + 2])) {
      return `email in ${JSON.stringify(text)}`;
    }
  }
  let run = 0;
  for (const c of text) {
    if (RUN_SEPARATORS.has(c)) continue;
    run = isNumeric(c) ? run + 1 : 0;
    if (run >= 9) return `nine digits in ${JSON.stringify(text)}`;
  }
  const g = numericGroups(text);
  for (let i = 0; i + 2 < g.length; i++) {
    const [a, b, c] = [g[i], g[i + 1], g[i + 2]];
    if (((a <= 2 && b <= 2 && (c === 2 || c === 4)) || (a === 4 && b <= 2 && c <= 2)) && a > 0 && b > 0) {
      return `numeric date in ${JSON.stringify(text)}`;
    }
  }
  const lower = text.toLowerCase();
  for (const m of MONTHS) {
    for (let i = lower.indexOf(m); i !== -1; i = lower.indexOf(m, i + 1)) {
      const after = [...lower.slice(i)].slice(3, 13);
      if (after.some(isDigit)) return `month date in ${JSON.stringify(text)}`;
    }
  }
  return null;
}

export function readCorpus() {
  return fs.readFileSync(PII_CORPUS, 'utf8').split('\n').filter((l) => l.length > 0);
}

/** Every string leaf of a JSON value, with its key path. */
export function stringLeaves(value, at = '') {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, at ? `${at}.${k}` : k));
  return [];
}
