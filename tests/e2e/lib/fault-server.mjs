// A scriptable loopback HTTP server for fault tests: per-path scripted responses (status,
// headers, delay, body, truncated body, socket destroyed mid-request, never answering), static
// directories, CORS for the test page, and a log of every request with its (gunzipped) body.
//
//   const server = await startFaultServer({ staticDirs: { '/pkg': dir, '/': dir } });
//   server.script('/flags', { status: 503, headers: { 'retry-after': '1' } }, { json: {...} });
//   server.requests('/flags')  // [{ method, path, query, headers, body, t, tEnd, outcome }]
//
// A script is a list of responses; request N on that path gets entry N, the last one repeats.
// A response is { status = 200, headers = {}, body | json, delayMs = 0, and at most one fault:
//   hang: true          never answer (the client's timeout or close() ends it)
//   destroy: true       destroy the socket once the request body is read (no response)
//   cutAt: n            answer with the full Content-Length, send n body bytes, destroy the socket
//   truncateAt: n       a complete HTTP response whose body is the first n bytes (Content-Length n)
//   chunked: true       no Content-Length (Transfer-Encoding: chunked) }
// `body` may be a string, a Buffer or a function (request log entry) → string | Buffer.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

const MAX_REQUEST_BODY = 8 * 1024 * 1024;
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};

/** Reads a request body (bounded), gunzipping it when `Content-Encoding: gzip`. */
function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= MAX_REQUEST_BODY) chunks.push(c);
    });
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (/gzip/i.test(req.headers['content-encoding'] ?? '')) {
        try {
          body = zlib.gunzipSync(body);
        } catch {
          // Keep the raw bytes: the test sees what arrived.
        }
      }
      resolve(body.toString('utf8'));
    });
    req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function corsHeaders(req) {
  const origin = req.headers.origin;
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type',
    'access-control-expose-headers': 'etag, retry-after',
    'access-control-max-age': '600',
    vary: 'origin',
  };
}

function serveStatic(staticDirs, pathname, res, cors) {
  const prefixes = Object.keys(staticDirs).sort((a, b) => b.length - a.length);
  for (const prefix of prefixes) {
    const p = prefix.endsWith('/') ? prefix : `${prefix}/`;
    if (!(pathname === prefix || pathname.startsWith(p))) continue;
    const root = path.resolve(staticDirs[prefix]);
    let rel = decodeURIComponent(pathname.slice(p.length - 1));
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = path.resolve(root, `.${rel}`);
    if (!file.startsWith(root + path.sep)) break;
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...cors });
    fs.createReadStream(file).pipe(res);
    return true;
  }
  return false;
}

/**
 * options: { staticDirs = {} (URL prefix → directory), port = 0 (any free port),
 *            keepAlive = true (false: every response closes its connection, so the browser
 *            never reuses one; Chromium silently resends a request whose *reused* connection
 *            closes before answering, which would hide a cut connection from the page) }
 * returns { origin, port, url(p), script(path, ...responses), requests(path?), reset(), close() }
 */
export async function startFaultServer(options = {}) {
  const staticDirs = options.staticDirs ?? {};
  const scripts = new Map();
  const counters = new Map();
  const log = [];
  const sockets = new Set();
  const connection = options.keepAlive === false ? { connection: 'close' } : {};

  function nextResponse(pathname) {
    const list = scripts.get(pathname);
    if (!list) return null;
    const n = counters.get(pathname) ?? 0;
    counters.set(pathname, n + 1);
    return list[Math.min(n, list.length - 1)];
  }

  async function respond(req, res, spec, entry, cors) {
    if (spec.delayMs) await new Promise((r) => setTimeout(r, spec.delayMs));
    if (spec.hang) {
      entry.outcome = 'hang';
      return;
    }
    if (spec.destroy) {
      entry.outcome = 'destroyed';
      req.socket.destroy();
      return;
    }
    let body = typeof spec.body === 'function' ? spec.body(entry) : spec.body;
    if (spec.json !== undefined) body = JSON.stringify(spec.json);
    body = Buffer.from(body ?? '');
    const status = spec.status ?? 200;
    const headers = { 'content-type': 'application/json', 'cache-control': 'no-store', ...cors, ...(spec.headers ?? {}) };
    entry.status = status;
    if (spec.cutAt !== undefined) {
      res.writeHead(status, { ...headers, 'content-length': String(body.length) });
      res.write(body.subarray(0, spec.cutAt), () => setTimeout(() => req.socket.destroy(), 20));
      entry.outcome = 'cut';
      return;
    }
    if (spec.truncateAt !== undefined) body = body.subarray(0, spec.truncateAt);
    if (!spec.chunked) headers['content-length'] = String(body.length);
    res.writeHead(status, headers);
    res.end(body);
    entry.outcome = 'answered';
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const cors = { ...corsHeaders(req), ...connection };
    const entry = {
      t: Date.now(),
      tEnd: null,
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: '',
      status: null,
      outcome: null,
    };
    res.on('close', () => (entry.tEnd = Date.now()));
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    entry.body = await readBody(req);
    const spec = nextResponse(url.pathname);
    if (spec) {
      log.push(entry);
      await respond(req, res, spec, entry, cors);
      return;
    }
    if (req.method === 'GET' && serveStatic(staticDirs, url.pathname, res, cors)) return;
    log.push(entry);
    entry.status = 404;
    res.writeHead(404, { 'content-type': 'text/plain', ...cors });
    res.end('not found');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    url: (p) => `${origin}${p}`,
    /** Sets the responses for `pathname` and restarts its request counter. */
    script(pathname, ...responses) {
      if (responses.length === 0) throw new Error('script: at least one response');
      scripts.set(pathname, responses);
      counters.set(pathname, 0);
    },
    /** Logged requests (not OPTIONS preflights, not static files), optionally for one path. */
    requests: (pathname) => log.filter((e) => pathname === undefined || e.path === pathname),
    /** Forgets every script and the log. */
    reset() {
      scripts.clear();
      counters.clear();
      log.length = 0;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
