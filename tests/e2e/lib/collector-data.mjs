// Reading what the collector recorded: the report, the demo request log, the stored events (the
// SQLite file itself, through python3's sqlite3), and the demo knobs.
import { execFileSync } from 'node:child_process';

async function json(res, what) {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what} → ${res.status}: ${text}`);
  return JSON.parse(text);
}

/** GET /report.json (query: { from, to, stage }). */
export async function readReport(collector, query = {}) {
  const q = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  return json(await fetch(`${collector.origin}/report.json${q.size ? `?${q}` : ''}`), 'GET /report.json');
}

/** The demo request log (GET /debug/requests.json), optionally only one session's rows. */
export async function readRequests(collector, session) {
  const { requests } = await json(await fetch(`${collector.origin}/debug/requests.json`), 'GET /debug/requests.json');
  return session === undefined ? requests : requests.filter((r) => r.session_id === session);
}

export async function clearRequests(collector) {
  return json(await collector.admin('/debug/requests.json', { method: 'DELETE' }), 'DELETE /debug/requests.json');
}

/** POST /admin/demo: { latencyMs, errorRate, errorStatus, failNext, flagFault, flagDelayMs }. */
export async function setKnobs(collector, update) {
  return json(
    await collector.admin('/admin/demo', {
      method: 'POST',
      body: JSON.stringify(update),
      headers: { 'content-type': 'application/json' },
    }),
    'POST /admin/demo',
  );
}

/**
 * Every stored event row of the collector's SQLite file, with `attributes` and `flag_context`
 * parsed: read through the view `events_sent`, whose `attributes` are all those received (a
 * stored row leaves out what its columns hold). Read-only (the collector keeps writing in WAL
 * mode; readers never block it).
 */
export function readEvents(db) {
  const script = `
import json, sqlite3, sys
c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
c.row_factory = sqlite3.Row
print(json.dumps([dict(r) for r in c.execute('SELECT * FROM events_sent ORDER BY time_ns, id')]))
`;
  const out = execFileSync('python3', ['-c', script, db], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out).map((r) => ({ ...r, attributes: JSON.parse(r.attributes), flag_context: JSON.parse(r.flag_context) }));
}
