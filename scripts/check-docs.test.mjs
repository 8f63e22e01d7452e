// Tests for scripts/check-docs.mjs: run it (as a process, as lint.sh does) on temporary trees with
// good and bad links, anchors and machine paths, and check it passes the good ones and names each
// bad one. Run: node --test scripts/check-docs.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { slug } from './check-docs.mjs';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'check-docs.mjs');

/** A temporary tree holding `files` ({ path: text }); the check's exit code and output lines. */
function run(files) {
  const root = mkdtempSync(join(tmpdir(), 'check-docs-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const r = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
    return { status: r.status, lines: r.stdout.trim().split('\n'), stderr: r.stderr };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const GOOD = {
  'README.md': [
    '# Product',
    'See [the API](docs/api.md), [flags](./docs/api.md#flag-reasons-and-sources), [below](#the-two-commands),',
    '![a picture](docs/img/shot.png) and [security](SECURITY.md).',
    '## The two commands',
    '```sh',
    '[not a link](nowhere.md)',
    '```',
    'Inline `[code](nowhere.md)` is not a link; [external](https://example.com/x.md#y) is not fetched.',
    '',
  ].join('\n'),
  'SECURITY.md': '# Security\n[back](README.md#product)\n',
  'pkg-template/README.md': '# va-rollout\n[docs](https://github.com/o/r/blob/main/docs/api.md)\n',
  'docs/api.md': [
    '# API',
    '## Flag reasons and sources',
    '## `telemetry.batch` (options)',
    '## Repeat',
    '## Repeat',
    '[self](#telemetrybatch-options) [dup](#repeat-1)',
    '[up](../README.md#the-two-commands) [root-relative](/docs/img/shot.png)',
    '',
  ].join('\n'),
  'docs/img/shot.png': 'png',
};

test('GitHub slugs: lower-case, spaces to dashes, punctuation dropped', () => {
  assert.equal(slug('The QA panel'), 'the-qa-panel');
  assert.equal(slug('Secure Messaging: "Start a new message"'), 'secure-messaging-start-a-new-message');
  assert.equal(slug('The collector (`va-rollout-collector`)'), 'the-collector-va-rollout-collector');
  assert.equal(slug('Fault matrix (headless Chromium, loopback servers)'), 'fault-matrix-headless-chromium-loopback-servers');
  assert.equal(slug('telemetry_stats'), 'telemetry_stats');
});

test('a tree whose links, images and anchors all resolve passes', () => {
  const r = run(GOOD);
  assert.equal(r.status, 0, r.lines.join('\n'));
  assert.match(r.lines.at(-1), /^check-docs: 4 documents, \d+ links, 0 problems$/);
});

test('a link to a missing file is reported with file and line', () => {
  const r = run({ ...GOOD, 'docs/flags.md': '# Flags\n\nSee [the reference](./flagz.md).\n' });
  assert.equal(r.status, 1);
  assert.ok(r.lines.includes('docs/flags.md:3: link to ./flagz.md: no such file'), r.lines.join('\n'));
});

test('a missing image is reported', () => {
  const r = run({ ...GOOD, 'docs/demo.md': '# Demo\n![shot](img/missing.png)\n' });
  assert.equal(r.status, 1);
  assert.ok(r.lines.includes('docs/demo.md:2: link to img/missing.png: no such file'), r.lines.join('\n'));
});

test('an anchor that is no heading is reported, in the same file and in another', () => {
  const r = run({
    ...GOOD,
    'docs/routing.md': '# Routing\n## Groups\n[a](#groupz)\n[b](api.md#flag-reason)\n[c](#groups)\n',
  });
  assert.equal(r.status, 1);
  assert.ok(r.lines.includes('docs/routing.md:3: link to #groupz: no heading #groupz in docs/routing.md'), r.lines.join('\n'));
  assert.ok(
    r.lines.includes('docs/routing.md:4: link to api.md#flag-reason: no heading #flag-reason in docs/api.md'),
    r.lines.join('\n'),
  );
  assert.equal(r.lines.length, 3, r.lines.join('\n')); // two problems and the summary: #groups is fine
});

test('an absolute machine path is reported, in prose and in code', () => {
  const r = run({
    ...GOOD,
    'docs/testing.md': '# Testing\nRun it in /work/main.\n```sh\ncd /root/repo && ls /tmp/x\n```\n/home/me too\n',
  });
  assert.equal(r.status, 1);
  for (const n of [2, 4, 6]) {
    assert.ok(r.lines.some((l) => l.startsWith(`docs/testing.md:${n}: absolute machine path`)), r.lines.join('\n'));
  }
});

test('relative paths that merely contain tmp/ or work/ are not machine paths', () => {
  const r = run({ ...GOOD, 'docs/notes.md': '# Notes\nFiles go to `tests/artifacts/tmp/` and `fuzz/work/x`.\n' });
  assert.equal(r.status, 0, r.lines.join('\n'));
});

test('a link out of the repository is reported', () => {
  const r = run({ ...GOOD, 'docs/out.md': '# Out\n[x](../../elsewhere.md)\n' });
  assert.equal(r.status, 1);
  assert.ok(r.lines.includes('docs/out.md:2: link to ../../elsewhere.md: outside the repository'), r.lines.join('\n'));
});
