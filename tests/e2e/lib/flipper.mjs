// Flipper, from the outside: gate writes through the collector's Flipper API (admin token) and
// Flipper's percentage_of_actors formula computed independently of the SDK (node:zlib crc32).
import { crc32 } from 'node:zlib';

/** Flipper ≥ 1.0 `percentage_of_actors`: crc32(feature + sorted ids joined) % 100000 < pct × 1000. */
export function flipperBucket(feature, actorIds) {
  const ids = [...actorIds].sort().join('');
  return crc32(Buffer.from(`${feature}${ids}`, 'utf8')) % 100_000;
}

/** Whether a whole-number (or decimal) percentage gate admits these actors. */
export function percentageOpen(feature, actorIds, percentage) {
  return flipperBucket(feature, actorIds) < percentage * 1000;
}

/**
 * Gate writes for one collector ({ admin(path, init) } from startCollector). Every call throws
 * on a non-2xx answer, with the body, so a test never runs on a flag state it did not get.
 */
export function flipperAdmin(collector) {
  async function write(method, path, body) {
    const init = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    const res = await collector.admin(`/flipper/api/features/${path}`, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /flipper/api/features/${path} → ${res.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  }
  return {
    /** Boolean gate on, or off (Flipper's disable: clears every gate). */
    boolean: (name, on) => write(on ? 'POST' : 'DELETE', `${encodeURIComponent(name)}/boolean`),
    percentageOfActors: (name, percentage) =>
      write('POST', `${encodeURIComponent(name)}/percentage_of_actors`, { percentage: String(percentage) }),
    addActor: (name, id) => write('POST', `${encodeURIComponent(name)}/actors`, { flipper_id: id }),
    /** Every gate cleared (the feature stays, off for everyone). */
    clear: (name) => write('DELETE', `${encodeURIComponent(name)}/clear`),
    get: async (name) => (await fetch(`${collector.origin}/flipper/api/features/${encodeURIComponent(name)}`)).json(),
  };
}
