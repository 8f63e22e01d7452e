#!/usr/bin/env node
// check-docs: the repository's Markdown documents stay navigable and machine-independent.
//
// Checks README.md, SECURITY.md, pkg-template/README.md and every docs/**/*.md:
//   1. every relative link and image ([text](target), ![alt](target), [ref]: target, and HTML
//      href="…"/src="…") resolves to an existing file or directory (relative to the document;
//      a target starting with "/" is relative to the repository root);
//   2. every #anchor in such a link — to the same document or to another .md file — is a heading
//      there, with GitHub's slug rules (lower-case, spaces to '-', punctuation dropped, a repeated
//      heading gets -1, -2 …);
//   3. no document names an absolute machine path (/work/, /root/, /tmp/, /home/), in prose or code.
// External links (http:, https:, mailto:, …) are not fetched. Code spans and fenced code blocks
// are not searched for links (they are for machine paths).
//
// Usage: node scripts/check-docs.mjs [root]   (root defaults to the repository this script is in)
// Prints one line per problem, "docs/api.md:12: link to ./flagz.md: no such file", and exits 1
// if there was any; prints "check-docs: N documents, M links, 0 problems" and exits 0 otherwise.
// Node 20, no dependencies.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const MACHINE_PATH = /(?<![\w.~-])\/(work|root|tmp|home)\//;

/** The documents to check under `root`, as paths relative to it (forward slashes), sorted. */
export function documents(root) {
  const found = ['README.md', 'SECURITY.md', 'pkg-template/README.md'].filter((p) =>
    existsSync(join(root, p)),
  );
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) found.push(path);
    }
  };
  if (existsSync(join(root, 'docs'))) walk('docs');
  return found.sort();
}

/** GitHub's heading slug (github-slugger): lower-case, drop punctuation, spaces to '-'. */
export function slug(text) {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Heading text as GitHub renders it: links become their text, HTML tags go (markup is punctuation). */
function headingText(raw) {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim();
}

/** Lines of `text` with fenced code blocks blanked (same line numbers), and inline code removed. */
function proseLines(text) {
  let fence = null;
  return text.split('\n').map((line) => {
    const open = line.match(/^\s{0,3}(`{3,}|~{3,})/);
    if (fence) {
      if (open && open[1][0] === fence[0] && open[1].length >= fence.length) fence = null;
      return '';
    }
    if (open) {
      fence = open[1];
      return '';
    }
    return line.replace(/(`+)[\s\S]*?\1/g, '');
  });
}

/** The anchors (heading slugs, plus explicit id="…"/name="…") a Markdown text defines. */
export function anchors(text) {
  const seen = new Map();
  const out = new Set();
  let fence = null;
  for (const line of text.split('\n')) {
    const open = line.match(/^\s{0,3}(`{3,}|~{3,})/);
    if (fence) {
      if (open && open[1][0] === fence[0] && open[1].length >= fence.length) fence = null;
      continue;
    }
    if (open) {
      fence = open[1];
      continue;
    }
    for (const m of line.matchAll(/\s(?:id|name)="([^"]+)"/g)) out.add(m[1]);
    const h = line.match(/^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/);
    if (!h) continue;
    const base = slug(headingText(h[1]));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Every link target in `text` with its 1-based line number. */
export function links(text) {
  const out = [];
  proseLines(text).forEach((line, i) => {
    const add = (target) => out.push({ line: i + 1, target: target.trim() });
    for (const m of line.matchAll(/!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+"[^"]*")?\s*\)/g)) {
      add(m[1].replace(/^<|>$/g, ''));
    }
    const ref = line.match(/^\s{0,3}\[[^\]]+\]:\s+(\S+)/);
    if (ref) add(ref[1].replace(/^<|>$/g, ''));
    for (const m of line.matchAll(/\s(?:href|src)="([^"]+)"/g)) add(m[1]);
  });
  return out;
}

const isExternal = (target) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');

/** The problems in the documents under `root`, as "file:line: message" strings. */
export function check(root) {
  const problems = [];
  const docs = documents(root);
  const anchorCache = new Map();
  const anchorsOf = (abs) => {
    if (!anchorCache.has(abs)) anchorCache.set(abs, anchors(readFileSync(abs, 'utf8')));
    return anchorCache.get(abs);
  };
  let count = 0;
  for (const doc of docs) {
    const abs = join(root, doc);
    const text = readFileSync(abs, 'utf8');
    text.split('\n').forEach((line, i) => {
      const m = line.match(MACHINE_PATH);
      if (m) problems.push(`${doc}:${i + 1}: absolute machine path /${m[1]}/ (name paths relative to the repository)`);
    });
    for (const { line, target } of links(text)) {
      if (!target || isExternal(target)) continue;
      count += 1;
      const hash = target.indexOf('#');
      const pathPart = decodeURI(hash < 0 ? target : target.slice(0, hash)).replace(/\?.*$/, '');
      const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
      let file = abs;
      if (pathPart) {
        file = pathPart.startsWith('/') ? join(root, pathPart) : resolve(dirname(abs), pathPart);
        const inside = relative(root, file);
        if (inside.startsWith('..') || inside.split(sep)[0] === '..') {
          problems.push(`${doc}:${line}: link to ${target}: outside the repository`);
          continue;
        }
        if (!existsSync(file)) {
          problems.push(`${doc}:${line}: link to ${target}: no such file`);
          continue;
        }
      }
      if (anchor === null || anchor === '') continue;
      if (!file.endsWith('.md') || statSync(file).isDirectory()) continue;
      if (!anchorsOf(file).has(anchor)) {
        const where = pathPart ? relative(root, file).split(sep).join('/') : doc;
        problems.push(`${doc}:${line}: link to ${target}: no heading #${anchor} in ${where}`);
      }
    }
  }
  return { problems, documents: docs.length, links: count };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const { problems, documents: n, links: m } = check(root);
  for (const p of problems) console.log(p);
  console.log(`check-docs: ${n} documents, ${m} links, ${problems.length} problems`);
  process.exit(problems.length ? 1 : 0);
}
