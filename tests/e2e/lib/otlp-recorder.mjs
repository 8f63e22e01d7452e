// A loopback OTLP/HTTP sink that keeps every body it receives, byte for byte (gzip decoded), and
// answers CORS preflights for any origin: for tests that must inspect exactly what left the page.
import http from 'node:http';
import zlib from 'node:zlib';

/** Longest body kept (bytes); larger ones are answered 413 and recorded as oversized. */
export const MAX_RECORDED_BODY = 4 * 1024 * 1024;

/**
 * Starts the sink on 127.0.0.1 (ephemeral port).
 * returns { origin, bodies: [{ path, contentType, encoding, text, json }], records(), stop() }
 */
export async function startRecorder() {
  const bodies = [];
  const server = http.createServer((req, res) => {
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('vary', 'origin');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
      res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? 'content-type');
      res.writeHead(204).end();
      return;
    }
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= MAX_RECORDED_BODY) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_RECORDED_BODY) {
        bodies.push({ path: req.url, oversized: size });
        res.writeHead(413).end();
        return;
      }
      let raw = Buffer.concat(chunks);
      const encoding = req.headers['content-encoding'] ?? null;
      if (encoding === 'gzip') raw = zlib.gunzipSync(raw);
      const text = raw.toString('utf8');
      let json = null;
      try {
        json = JSON.parse(text);
      } catch {
        // kept as text; the test decides
      }
      bodies.push({ path: req.url, contentType: req.headers['content-type'] ?? null, encoding, text, json });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();

  /** Every log record of every JSON body, with its resource attributes. */
  function records() {
    const out = [];
    for (const b of bodies) {
      for (const rl of b.json?.resourceLogs ?? []) {
        for (const sl of rl.scopeLogs ?? []) for (const r of sl.logRecords ?? []) out.push({ record: r, resource: rl.resource });
      }
    }
    return out;
  }

  return {
    origin: `http://127.0.0.1:${port}`,
    bodies,
    records,
    stop: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
