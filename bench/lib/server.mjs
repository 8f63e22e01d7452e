// The benchmark's one loopback server: static files (pages, bundles, the wasm), loopback stand-ins
// for the peers' flag endpoints, and telemetry intakes that record every request (bytes on the
// wire, content encoding, decoded text). Same origin for everything, so no CORS preflights.
// Cross-origin isolation headers give pages a 5 µs performance.now() instead of 100 µs.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const MAX_BODY = 8 * 1024 * 1024;

/** Decodes a body by its header or magic bytes (gzip, zlib/deflate as Datadog sends it). */
function decode(buf, encoding) {
  try {
    if (encoding === 'gzip' || (buf[0] === 0x1f && buf[1] === 0x8b)) return { kind: 'gzip', text: zlib.gunzipSync(buf).toString('utf8') };
    if (encoding === 'deflate' || (buf[0] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(buf[1]))) {
      return { kind: 'deflate', text: zlib.inflateSync(buf, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString('utf8') };
    }
  } catch {
    return { kind: 'undecodable', text: '' };
  }
  return { kind: 'identity', text: buf.toString('utf8') };
}

/** Starts the server on 127.0.0.1 (random port). roots: { urlPrefix: dir }. */
export async function startServer(roots) {
  const intake = []; // { sink, path, bytes, kind, text, t }
  const hits = new Map(); // path prefix -> count (every request)
  const flagResponses = {
    '/unleash/proxy': JSON.stringify({ toggles: [{ name: 'feat_on', enabled: true, variant: { name: 'disabled', enabled: false }, impressionData: false }] }),
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const top = url.pathname.split('/').slice(0, 3).join('/');
    hits.set(top, (hits.get(top) ?? 0) + 1);
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
      res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
      if (url.pathname.startsWith('/intake/')) {
        const sink = url.pathname.split('/')[2];
        const { kind, text } = decode(body, req.headers['content-encoding']);
        intake.push({ sink, path: url.pathname, method: req.method, bytes: body.length, kind, text, t: Date.now() });
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{}');
      }
      if (flagResponses[url.pathname]) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(flagResponses[url.pathname]);
      }
      if (url.pathname.startsWith('/ld/') || url.pathname.startsWith('/flagsmith/') || url.pathname.startsWith('/unleash/')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(url.pathname.includes('goals') ? '[]' : '{}');
      }
      for (const [prefix, dir] of Object.entries(roots)) {
        if (!url.pathname.startsWith(prefix)) continue;
        const file = path.join(dir, decodeURIComponent(url.pathname.slice(prefix.length)));
        if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) break;
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'max-age=3600' });
        return res.end(fs.readFileSync(file));
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    intake,
    hits,
    /** Requests to one sink since index `from`. */
    sinkSince: (sink, from = 0) => intake.slice(from).filter((r) => r.sink === sink),
    stop: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
