#!/usr/bin/env node
// Scripted HTTP server for the browser (wasm-bindgen-test) tests. Loopback only.
//
//   node tests/browser-support/flag-server.mjs            # port from $VA_ROLLOUT_FLAG_SERVER_PORT or 17654
//   VA_ROLLOUT_FLAG_SERVER_PORT=0 node …/flag-server.mjs  # any free port
// Prints `LISTENING http://127.0.0.1:<port>` once ready. Exits by itself after
// $VA_ROLLOUT_FLAG_SERVER_IDLE_S seconds (default 600) without a request, after
// $VA_ROLLOUT_FLAG_SERVER_MAX_S seconds (default 1800) in all, or on GET /shutdown.
//
// Flag endpoints (every one counts in /stats):
//   /flags/ok            vets-api body with an ETag; 304 to a matching If-None-Match.
//                        ?features=a,b → those names (unknown → false); none → every flag twice,
//                        camelCase then snake_case, as vets-api does.
//   /flags/500 /flags/401 /flags/403   that status, JSON error body
//   /flags/429           Retry-After: 1 (?retryAfter=N)     /flags/503  Retry-After: 2 (?retryAfter=N)
//   /flags/slow?ms=N     the ok body after N ms (capped at 60000)
//   /flags/garbage       200, application/json, not JSON
//   /flags/cut           200, JSON cut mid-document (Content-Length matches the cut body);
//                        ?abort=1: full Content-Length announced, socket destroyed mid-body
//   /flags/wrong-shape   valid JSON, wrong shape (?v=object|types|missing; default object)
//   /flags/huge          a valid vets-api document of ?mb=5 MiB (capped at 20)
//   /flags/many          10,000 flags (?n=…, capped at 100000), value = index % 3 == 0
//   /flags/flipper       a Flipper API features document (string and native gate values)
//   /flags/seq?s=500,429,ok  the Nth request (per s value) gets the Nth status; the last repeats
// Telemetry:
//   POST /v1/logs        records the body (gunzipped when gzip); mode 200 (default) | 500 | 429 |
//                        slow | close, from ?mode= or the admin setting below
//   GET  /received       { requests: [{ status, contentType, encoding, bytes, body, json }], records }
// Control:
//   GET /stats           { counts: { path: n }, last: { path, query, method, headers }, byPath }
//   GET /admin?reset=1&flags=name:on,other:off&logs=500&count=2&retryAfter=1&ms=200
//       reset: clear counts, recorded logs and flag values; flags: change /flags/ok values (the
//       ETag changes with them); logs/count/retryAfter/ms: the next `count` /v1/logs requests
//       (all, when count is absent) answer with that mode.  POST /admin takes the same as JSON.
//   GET /shutdown
// CORS: echoes Origin with credentials, exposes ETag/Retry-After, answers preflight (OPTIONS).
import http from 'node:http';
import crypto from 'node:crypto';
import zlib from 'node:zlib';

const PORT = Number(process.env.VA_ROLLOUT_FLAG_SERVER_PORT ?? 17654);
const IDLE_S = Number(process.env.VA_ROLLOUT_FLAG_SERVER_IDLE_S ?? 600);
const MAX_S = Number(process.env.VA_ROLLOUT_FLAG_SERVER_MAX_S ?? 1800);
const MAX_BODY = 8 * 1024 * 1024;

/** vets-api values served by /flags/ok (changeable through /admin?flags=). */
const INITIAL_FLAGS = {
  mhv_secure_messaging_curated_list_flow: true,
  mhv_secure_messaging_recent_recipients: false,
  va_online_scheduling_vaos_service_cc_appointments: true,
  va_online_scheduling_facilities_service_v2: true,
  va_online_scheduling_vaos_service_requests: true,
  va_online_scheduling_vaos_service_va_appointments: true,
};

/** A Flipper features document covering every gate kind, values in both encodings. */
const FLIPPER_DOC = {
  features: [
    { key: 'bool_on', state: 'on', gates: [{ key: 'boolean', name: 'boolean', value: 'true' }] },
    { key: 'bool_on_native', state: 'on', gates: [{ key: 'boolean', name: 'boolean', value: true }] },
    { key: 'bool_off', state: 'off', gates: [{ key: 'boolean', name: 'boolean', value: null }] },
    {
      key: 'actors_only',
      state: 'conditional',
      gates: [
        { key: 'boolean', name: 'boolean', value: null },
        { key: 'actors', name: 'actor', value: ['user-1', 'user-2@example.com'] },
      ],
    },
    {
      key: 'group_beta',
      state: 'conditional',
      gates: [{ key: 'groups', name: 'group', value: ['beta_testers'] }],
    },
    {
      key: 'pct_25',
      state: 'conditional',
      gates: [{ key: 'percentage_of_actors', name: 'percentage_of_actors', value: '25' }],
    },
    {
      key: 'pct_fraction',
      state: 'conditional',
      gates: [{ key: 'percentage_of_actors', name: 'percentage_of_actors', value: 12.345 }],
    },
    {
      key: 'time_0',
      state: 'off',
      gates: [{ key: 'percentage_of_time', name: 'percentage_of_time', value: '0' }],
    },
  ],
};

let flags = { ...INITIAL_FLAGS };
let counts = {};
let byPath = {};
let last = null;
let received = [];
let logsMode = { mode: '200', count: Infinity, retryAfter: 1, ms: 500 };
const seqCounters = {};

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

function vetsApiBody(names) {
  const features = names
    ? names.map((name) => ({ name, value: flags[name] === true }))
    : [
        ...Object.keys(flags).map((n) => ({ name: camel(n), value: flags[n] })),
        ...Object.keys(flags).map((n) => ({ name: n, value: flags[n] })),
      ];
  return JSON.stringify({ data: { type: 'feature_toggles', features } });
}

function manyBody(n) {
  const features = [];
  for (let i = 0; i < n; i++) features.push({ name: `flag_${String(i).padStart(6, '0')}`, value: i % 3 === 0 });
  return JSON.stringify({ data: { type: 'feature_toggles', features } });
}

// Built once per size and kept: building 5 MiB takes long enough on a loaded machine to pass
// the client's 300 ms timeout, which turns "refused for its size" into "timed out, retried".
const hugeBodies = new Map();
function hugeBody(mb) {
  if (!hugeBodies.has(mb)) hugeBodies.set(mb, buildHugeBody(mb));
  return hugeBodies.get(mb);
}

function buildHugeBody(mb) {
  const target = mb * 1024 * 1024;
  const parts = [];
  let size = 0;
  for (let i = 0; size < target; i++) {
    const p = `{"name":"huge_flag_${String(i).padStart(8, '0')}","value":${i % 2 === 0}}`;
    parts.push(p);
    size += p.length + 1;
  }
  return `{"data":{"type":"feature_toggles","features":[${parts.join(',')}]}}`;
}

const WRONG_SHAPES = {
  object: { data: { type: 'feature_toggles', features: { mhv_secure_messaging_curated_list_flow: true } } },
  types: {
    data: {
      type: 'feature_toggles',
      features: [{ name: 'mhv_secure_messaging_curated_list_flow', value: 'yes' }, { value: true }, 42, null],
    },
  },
  missing: { errors: [{ title: 'not what you expected' }] },
};

const etagOf = (body) => `"${crypto.createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
const clampInt = (v, def, max) => {
  const n = Number.parseInt(v ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? Math.min(n, max) : def;
};

function cors(req, res) {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
  }
  res.setHeader('Access-Control-Expose-Headers', 'ETag, Retry-After, Content-Length');
  // The wasm-bindgen-test page is cross-origin isolated (COEP require-corp).
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
}

function send(res, status, body, headers = {}) {
  const buf = Buffer.from(body ?? '');
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': buf.length, ...headers });
  res.end(status === 304 ? undefined : buf);
}

function applyAdmin(params) {
  if (params.reset) {
    flags = { ...INITIAL_FLAGS };
    counts = {};
    byPath = {};
    last = null;
    received = [];
    logsMode = { mode: '200', count: Infinity, retryAfter: 1, ms: 500 };
    for (const k of Object.keys(seqCounters)) delete seqCounters[k];
  }
  if (typeof params.flags === 'string' && params.flags) {
    for (const item of params.flags.split(',')) {
      const [name, v] = item.split(':');
      if (name) flags[name] = v === 'on' || v === 'true';
    }
  }
  if (params.logs) {
    logsMode = {
      mode: String(params.logs),
      count: params.count !== undefined ? clampInt(String(params.count), Infinity, 1e6) : Infinity,
      retryAfter: clampInt(params.retryAfter !== undefined ? String(params.retryAfter) : undefined, 1, 3600),
      ms: clampInt(params.ms !== undefined ? String(params.ms) : undefined, 500, 60000),
    };
  }
  return { flags, logsMode: { ...logsMode, count: String(logsMode.count) } };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function handleLogs(req, res, url) {
  const raw = await readBody(req);
  const encoding = req.headers['content-encoding'] ?? '';
  let text;
  try {
    const gz = encoding.includes('gzip') || (raw[0] === 0x1f && raw[1] === 0x8b);
    text = gz ? zlib.gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  } catch (e) {
    text = `<undecodable: ${e.message}>`;
  }
  let mode = url.searchParams.get('mode');
  if (!mode && logsMode.count > 0) {
    mode = logsMode.mode;
    if (logsMode.mode !== '200') logsMode.count -= 1;
    if (logsMode.count <= 0) logsMode = { ...logsMode, mode: '200', count: Infinity };
  }
  mode = mode || '200';
  let json = null;
  try {
    json = JSON.parse(text);
  } catch (_) {
    json = null;
  }
  const status = { 200: 200, 500: 500, 429: 429, slow: 200, close: 0 }[mode] ?? 200;
  const records = json?.resourceLogs
    ? json.resourceLogs.flatMap((rl) => (rl.scopeLogs ?? []).flatMap((sl) => sl.logRecords ?? [])).length
    : 0;
  received.push({
    status,
    mode,
    contentType: req.headers['content-type'] ?? '',
    encoding,
    bytes: raw.length,
    records,
    body: json === null ? text.slice(0, 4096) : undefined,
    json,
  });
  if (mode === 'close') {
    req.socket.destroy();
    return;
  }
  if (mode === 'slow') await new Promise((r) => setTimeout(r, logsMode.ms));
  const headers = mode === '429' ? { 'Retry-After': String(logsMode.retryAfter) } : {};
  send(res, status, status === 200 ? '{"partialSuccess":{}}' : '{"error":"scripted"}', headers);
}

function handleFlags(req, res, url, kind) {
  const q = url.searchParams;
  switch (kind) {
    case 'ok':
    case 'slow': {
      const names = q.get('features') ? q.get('features').split(',').filter(Boolean) : null;
      const body = vetsApiBody(names);
      const etag = etagOf(body);
      const reply = () => {
        if (req.headers['if-none-match'] === etag) send(res, 304, '', { ETag: etag });
        else send(res, 200, body, { ETag: etag, 'Cache-Control': 'no-cache' });
      };
      if (kind === 'slow') setTimeout(reply, clampInt(q.get('ms'), 5000, 60000));
      else reply();
      return;
    }
    case '500':
    case '401':
    case '403':
      return send(res, Number(kind), JSON.stringify({ errors: [{ status: kind, title: 'scripted' }] }));
    case '429':
    case '503':
      return send(res, Number(kind), JSON.stringify({ errors: [{ status: kind }] }), {
        'Retry-After': String(clampInt(q.get('retryAfter'), kind === '429' ? 1 : 2, 3600)),
      });
    case 'garbage':
      return send(res, 200, '<html>\u0000 not json {{{ "data": [tru');
    case 'cut': {
      const body = vetsApiBody(null);
      const half = body.slice(0, Math.floor(body.length / 2));
      if (q.get('abort') !== '1') return send(res, 200, half);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.write(half);
      setTimeout(() => res.socket?.destroy(), 50);
      return;
    }
    case 'wrong-shape':
      return send(res, 200, JSON.stringify(WRONG_SHAPES[q.get('v') ?? 'object'] ?? WRONG_SHAPES.object));
    case 'huge':
      return send(res, 200, hugeBody(clampInt(q.get('mb'), 5, 20)));
    case 'many':
      return send(res, 200, manyBody(clampInt(q.get('n'), 10000, 100000)));
    case 'flipper':
      return send(res, 200, JSON.stringify(FLIPPER_DOC));
    case 'seq': {
      const steps = (q.get('s') ?? 'ok').split(',');
      const key = steps.join(',');
      const i = Math.min(seqCounters[key] ?? 0, steps.length - 1);
      seqCounters[key] = (seqCounters[key] ?? 0) + 1;
      return handleFlags(req, res, url, steps[i] === 'ok' ? 'ok' : steps[i]);
    }
    default:
      return send(res, 404, JSON.stringify({ error: `no scripted response ${kind}` }));
  }
}

let idleTimer = null;
const server = http.createServer(async (req, res) => {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => stop('idle'), IDLE_S * 1000);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  cors(req, res);
  try {
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '');
      res.setHeader('Access-Control-Max-Age', '600');
      res.writeHead(204);
      res.end();
      return;
    }
    if (path !== '/stats' && path !== '/received' && path !== '/admin') {
      counts[path] = (counts[path] ?? 0) + 1;
      last = { path, query: url.search, method: req.method, headers: req.headers };
      byPath[path] = last;
    }
    if (path.startsWith('/flags/')) return handleFlags(req, res, url, path.slice('/flags/'.length));
    if (path === '/v1/logs' && req.method === 'POST') return await handleLogs(req, res, url);
    if (path === '/received') {
      const records = received.filter((r) => r.status === 200).reduce((n, r) => n + r.records, 0);
      if (url.searchParams.get('reset') === '1') received = [];
      return send(res, 200, JSON.stringify({ requests: received, records }));
    }
    if (path === '/stats') return send(res, 200, JSON.stringify({ counts, last, byPath }));
    if (path === '/admin') {
      const params =
        req.method === 'POST'
          ? JSON.parse((await readBody(req)).toString('utf8') || '{}')
          : Object.fromEntries(url.searchParams);
      return send(res, 200, JSON.stringify(applyAdmin(params)));
    }
    if (path === '/shutdown') {
      send(res, 200, '{"bye":true}');
      setTimeout(() => stop('shutdown'), 20);
      return;
    }
    send(res, 404, JSON.stringify({ error: 'not found', path }));
  } catch (e) {
    if (!res.headersSent) send(res, 500, JSON.stringify({ error: String(e?.message ?? e) }));
  }
});

function stop(why) {
  process.stderr.write(`flag-server: stopping (${why})\n`);
  server.close();
  server.closeAllConnections?.();
  setTimeout(() => process.exit(0), 200).unref();
}

hugeBody(5); // the size the suites ask for, ready before the first request
server.listen(PORT, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`LISTENING http://127.0.0.1:${port}\n`);
  idleTimer = setTimeout(() => stop('idle'), IDLE_S * 1000);
  setTimeout(() => stop('max lifetime'), MAX_S * 1000).unref();
});
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
