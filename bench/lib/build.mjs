// esbuild bundles (minify, browser, ESM) for the pages and the size table, and the size of what
// each SDK ships: gzip -9 and brotli (quality 11) from node:zlib.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { build } from 'esbuild';

export const BENCH = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const ROOT = path.resolve(BENCH, '..');
export const PKG = path.join(ROOT, 'pkg');

export const FLAG_PEERS = ['growthbook', 'launchdarkly', 'unleash', 'openfeature', 'flagsmith'];
export const RUM_PEERS = ['datadog-rum', 'datadog-rum-slim', 'faro'];
export const PACKAGES = {
  growthbook: '@growthbook/growthbook', launchdarkly: 'launchdarkly-js-client-sdk', unleash: 'unleash-proxy-client',
  openfeature: '@openfeature/web-sdk', flagsmith: 'flagsmith', 'datadog-rum': '@datadog/browser-rum',
  'datadog-rum-slim': '@datadog/browser-rum-slim', faro: '@grafana/faro-web-sdk',
};

export function compressed(buf) {
  return {
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length,
  };
}

function sum(files) {
  const total = { raw: 0, gzip: 0, brotli: 0, files: [] };
  for (const f of files) {
    const s = compressed(fs.readFileSync(f));
    total.raw += s.raw; total.gzip += s.gzip; total.brotli += s.brotli;
    total.files.push({ file: path.relative(ROOT, f), ...s });
  }
  return total;
}

/** Bundles every entry into `outDir/b/` and copies the wasm next to them. Returns bundle paths. */
export async function buildBundles(outDir) {
  const out = path.join(outDir, 'b');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const entryPoints = {};
  for (const kind of ['startup', 'page', 'size']) {
    for (const f of fs.readdirSync(path.join(BENCH, 'entries', kind))) entryPoints[`${kind}-${f.replace(/\.js$/, '')}`] = path.join(BENCH, 'entries', kind, f);
  }
  await build({
    entryPoints, outdir: out, bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022',
    splitting: false, legalComments: 'none', logLevel: 'error', define: { 'process.env.NODE_ENV': '"production"' },
  });
  fs.copyFileSync(path.join(PKG, 'web/va_rollout_bg.wasm'), path.join(out, 'va_rollout_bg.wasm'));
  return out;
}

/**
 * BENCH_BASELINE_PKG (another commit's pkg/, from its scripts/build.sh): the web entry's startup
 * page and the bench page of that package, bundled into `outDir/b/base/` beside its own .wasm
 * (the web entry loads the .wasm next to the bundle), as `startup-ours-base` and
 * `page-ours-base`. Returns { name: script path } for writePages, or {} without a baseline.
 */
export async function buildBaseline(outDir, basePkg) {
  if (!basePkg) return {};
  const dir = path.join(outDir, 'b', 'base');
  fs.mkdirSync(dir, { recursive: true });
  const entryPoints = {};
  for (const kind of ['startup', 'page']) {
    const entry = path.join(dir, `entry-${kind}-ours-base.js`);
    const src = fs.readFileSync(path.join(BENCH, `entries/${kind}/ours.js`), 'utf8')
      .replace('../../../pkg/web/index.js', path.resolve(basePkg, 'web/index.js'))
      .replace('../report.js', path.join(BENCH, 'entries/report.js'));
    fs.writeFileSync(entry, src);
    entryPoints[`${kind}-ours-base`] = entry;
  }
  await build({
    entryPoints, outdir: dir, bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022',
    splitting: false, legalComments: 'none', logLevel: 'error', define: { 'process.env.NODE_ENV': '"production"' },
  });
  fs.copyFileSync(path.resolve(basePkg, 'web/va_rollout_bg.wasm'), path.join(dir, 'va_rollout_bg.wasm'));
  return Object.fromEntries(Object.keys(entryPoints).map((n) => [n, `/b/base/${n}.js`]));
}

/**
 * One minimal entry bundled on its own (code splitting on, as webpack would split lazy imports):
 * `initial` = the entry chunk plus the chunks it imports statically, `lazy` = chunks only reached
 * through import() (e.g. Datadog's session-replay recorder), not loaded by the minimal use.
 */
async function bundleForSize(name, entry, outDir) {
  const dir = path.join(outDir, 'size', name);
  fs.rmSync(dir, { recursive: true, force: true });
  const result = await build({
    entryPoints: [entry], outdir: dir, bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022',
    splitting: true, legalComments: 'none', logLevel: 'error', metafile: true, absWorkingDir: ROOT, define: { 'process.env.NODE_ENV': '"production"' },
  });
  const outputs = result.metafile.outputs;
  const entryOut = Object.keys(outputs).find((k) => outputs[k].entryPoint && k.endsWith('.js'));
  const initial = new Set();
  const visit = (k) => {
    if (initial.has(k)) return;
    initial.add(k);
    for (const i of outputs[k].imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
  };
  visit(entryOut);
  const lazy = Object.keys(outputs).filter((k) => k.endsWith('.js') && !initial.has(k));
  const abs = (k) => path.resolve(ROOT, k);
  return { initial: [...initial].map(abs), lazy: lazy.map(abs) };
}

/**
 * Sizes: ours as shipped (pkg/ bundler target, the files scripts/size.sh counts), ours bundled by
 * esbuild (web target: minified JS + wasm), and each peer's minimal bundle (flag peers: the
 * startup entry, which initialises with bootstrap and reads one flag; RUM peers: init + one event).
 */
export async function measureSizes(outDir, bundles) {
  const shipped = ['bundler/va_rollout_bg.wasm', 'bundler/va_rollout_bg.js', 'bundler/va_rollout.js', 'src/rollout.js', 'index.js'];
  const rows = {
    ours: { what: 'pkg/ as shipped (bundler target: wasm + glue + wrapper JS, unminified)', ...sum(shipped.map((f) => path.join(PKG, f))) },
    'ours-wasm': { what: 'of which the .wasm', ...sum([path.join(PKG, 'bundler/va_rollout_bg.wasm')]) },
  };
  const oursB = await bundleForSize('ours', path.join(BENCH, 'entries/startup/ours.js'), outDir);
  rows['ours-esbuild'] = { what: 'web target bundled by esbuild (minified JS) + wasm', ...sum([...oursB.initial, path.join(bundles, 'va_rollout_bg.wasm')]) };
  const entries = [...FLAG_PEERS.map((p) => [p, `startup/${p}.js`, 'init with bootstrap + one flag read']), ...RUM_PEERS.map((p) => [p, `size/${p}.js`, 'init + one tracked event'])];
  for (const [p, entry, what] of entries) {
    const b = await bundleForSize(p, path.join(BENCH, 'entries', entry), outDir);
    const lazy = b.lazy.length ? sum(b.lazy) : null;
    rows[p] = { what, ...sum(b.initial), lazyGzip: lazy ? lazy.gzip : 0 };
  }
  return rows;
}

/** Ours split by part, when scripts/build-variants.sh exists (the size work); null otherwise. */
export function measureVariants(variantsDir) {
  if (!variantsDir || !fs.existsSync(variantsDir)) return null;
  const out = {};
  for (const v of ['flags', 'flags-routing', 'all']) {
    const dir = path.join(variantsDir, v);
    if (!fs.existsSync(dir)) continue;
    const files = [];
    const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(wasm|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) files.push(p);
    });
    walk(dir);
    out[v] = sum(files);
  }
  return out;
}

/** The version of the package `name` that bench/ resolves (bench/ is an npm workspace member: its
 * dependencies are installed in bench/node_modules or, hoisted, in the root node_modules). */
function installedVersion(name) {
  for (const dir of [BENCH, ROOT]) {
    const file = path.join(dir, 'node_modules', name, 'package.json');
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')).version;
  }
  throw new Error(`${name} is not installed (npm ci at the repository root)`);
}

export function peerVersions() {
  const v = {};
  for (const [k, name] of Object.entries(PACKAGES)) v[k] = installedVersion(name);
  for (const name of ['esbuild', 'playwright-core']) v[name] = installedVersion(name);
  v.ours = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8')).version;
  return v;
}
