#!/usr/bin/env node
// A tiny static file server for the demo and the browser consumer tests. Loopback only.
//
//   node scripts/serve-static.mjs [--port 8080] [--idle-seconds 3600] URL_PREFIX=PATH ...
//   e.g. node scripts/serve-static.mjs --port 8080 /=www /pkg/=pkg /v0/feature_toggles=www/feature_toggles.json
//
// A mount maps a URL prefix to a directory, or an exact URL path to one file. Directories
// serve index.html. `.wasm` is served as application/wasm (needed by instantiateStreaming).
// Prints `LISTENING http://127.0.0.1:<port>`. Also importable: `startStaticServer(...)`.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.d.ts': 'text/plain; charset=utf-8',
};

function mimeOf(file) {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Resolves a request path against the mounts; null when nothing matches or it escapes. */
function resolveFile(mounts, urlPath) {
  // Longest prefix first, so /pkg/ wins over /.
  for (const [prefix, target] of mounts) {
    const stat = fs.statSync(target, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isFile()) {
      if (urlPath === prefix) return target;
      continue;
    }
    if (!urlPath.startsWith(prefix)) continue;
    const rel = urlPath.slice(prefix.length);
    const file = path.resolve(target, `.${path.posix.sep}${rel}`);
    if (file !== target && !file.startsWith(target + path.sep)) return null;
    const fstat = fs.statSync(file, { throwIfNoEntry: false });
    if (fstat?.isDirectory()) {
      const index = path.join(file, 'index.html');
      if (fs.existsSync(index)) return index;
      continue;
    }
    if (fstat?.isFile()) return file;
  }
  return null;
}

/**
 * Starts the server. `mounts`: { '/': '/abs/www', '/pkg/': '/abs/pkg', '/x.json': '/abs/f.json' }.
 * Resolves to { url, port, close() }.
 */
export function startStaticServer({ mounts, port = 0, idleSeconds = 0, log = false }) {
  const table = Object.entries(mounts)
    .map(([prefix, target]) => [prefix, path.resolve(target)])
    .sort((a, b) => b[0].length - a[0].length);
  let idle = null;
  const server = http.createServer((req, res) => {
    if (idleSeconds > 0) {
      clearTimeout(idle);
      idle = setTimeout(() => server.close(), idleSeconds * 1000);
    }
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch (_) {
      res.writeHead(400).end('bad request');
      return;
    }
    const file = req.method === 'GET' || req.method === 'HEAD' ? resolveFile(table, urlPath) : null;
    if (log) process.stdout.write(`${req.method} ${urlPath} → ${file ?? 404}\n`);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${urlPath}\n`);
      return;
    }
    const size = fs.statSync(file).size;
    res.writeHead(200, { 'Content-Type': mimeOf(file), 'Content-Length': size, 'Cache-Control': 'no-store' });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actual = server.address().port;
      if (idleSeconds > 0) idle = setTimeout(() => server.close(), idleSeconds * 1000);
      resolve({
        url: `http://127.0.0.1:${actual}`,
        port: actual,
        close: () =>
          new Promise((done) => {
            clearTimeout(idle);
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const mounts = {};
  let port = 8080;
  let idleSeconds = 0;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--port') port = Number(args[++i]);
    else if (args[i] === '--idle-seconds') idleSeconds = Number(args[++i]);
    else {
      const eq = args[i].indexOf('=');
      if (eq < 1) {
        console.error(`bad mount ${args[i]} (want URL_PREFIX=PATH)`);
        process.exit(2);
      }
      mounts[args[i].slice(0, eq)] = args[i].slice(eq + 1);
    }
  }
  if (Object.keys(mounts).length === 0) mounts['/'] = '.';
  const { url } = await startStaticServer({ mounts, port, idleSeconds, log: true });
  process.stdout.write(`LISTENING ${url}\n`);
}
