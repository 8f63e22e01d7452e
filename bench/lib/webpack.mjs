// The bundler-entry startup page (bench/entries/webpack/ours-webpack.js) built as VA.gov builds
// it: webpack 5, production, experiments.asyncWebAssembly. The entry lands beside the esbuild
// bundles (b/startup-ours-webpack.js, so writePages makes its page); its async chunks (the wasm
// glue and the .wasm) go to b/wp/. Returns { main: gzip -9 bytes of the entry chunk, async: … }.
// With `basePkg` (BENCH_BASELINE_PKG) the same page of that package is a second entry,
// startup-ours-webpack-base (its chunks and .wasm are content-hashed apart from ours).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import webpack from 'webpack';
import { BENCH } from './build.mjs';

export async function buildWebpackStartup(bundlesDir, basePkg) {
  const stats = await run(bundlesDir, { 'startup-ours-webpack': './entries/webpack/ours-webpack.js' });
  if (basePkg) {
    const file = path.join(bundlesDir, 'base', 'entry-ours-webpack-base.js');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, fs.readFileSync(path.join(BENCH, 'entries/webpack/ours-webpack.js'), 'utf8')
      .replace('../../../pkg/index.js', path.resolve(basePkg, 'index.js'))
      .replace('../report.js', path.join(BENCH, 'entries/report.js')));
    await run(bundlesDir, { 'startup-ours-webpack-base': file });
  }
  const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(bundlesDir, f)), { level: 9 }).length;
  const chunks = stats.toJson({ all: false, chunks: true }).chunks;
  const files = (initial) => chunks.filter((c) => c.initial === initial).flatMap((c) => c.files);
  return { mainGzip: files(true).reduce((n, f) => n + gz(f), 0), asyncGzip: files(false).reduce((n, f) => n + gz(f), 0), asyncFiles: files(false) };
}

async function run(bundlesDir, entry) {
  const config = {
    mode: 'production',
    target: 'web',
    context: BENCH,
    entry,
    output: {
      path: bundlesDir, filename: '[name].js', chunkFilename: 'wp/[id].[contenthash].js',
      webassemblyModuleFilename: 'wp/[hash].wasm', publicPath: '/b/', clean: false,
    },
    experiments: { asyncWebAssembly: true },
    devtool: false,
    performance: { hints: false },
  };
  return new Promise((resolve, reject) =>
    webpack(config).run((err, s) => (err ? reject(err) : s.hasErrors() ? reject(new Error(s.toString({ all: false, errors: true }))) : resolve(s))),
  );
}
