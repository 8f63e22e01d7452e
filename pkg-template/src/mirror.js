// The JavaScript shell's decisions before the wasm core has joined (src/shell.js uses them).
// Each layer is read the way the core reads it, or not at all:
//   declared defaults → a vets-api bootstrap (server-evaluated values: read directly) → the
//   decided record the core stores beside its flag cache (`va-rollout:decided:v1`, written by
//   core/src/flags/mirror.rs: same owner and maxAgeMs rules as the cache) → QA overrides (stored
//   and `?va-rollout=`, never in production).
// A Flipper-document bootstrap needs Flipper evaluation: its flags keep the declared default with
// reason 'PENDING' until the core joins. Anything the core would refuse is not read here either.
// After the join, `evaluateFor` is decided here too, from the core's actor plans (asked for once
// after each change, then readActorPlans / actorVerdict without a call into wasm).
// Import-free, like src/rollout.js. tests/e2e/smoke/mirror.test.mjs runs it against the core;
// tests/js/actor-verdict.test.mjs runs the verdict and crc32 over the core's fixture, in Node.
// @ts-check

/** @typedef {import('../index.js').Decision} Decision */
/** @typedef {{ now: number, hostname?: string, query?: string, cookie?: string, local?: (key: string) => string | null }} Page */

const DECIDED_KEY = 'va-rollout:decided:v1';
const OVERRIDES_KEY = 'va-rollout:overrides:v1';
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_FEATURES = 10000;
const MAX_NAME_LEN = 200;
const MAX_OVERRIDES = 200;
const SNAKE = /^[a-z0-9_]{1,100}$/;

/** @param {unknown} v @returns {v is Record<string, any>} */
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The page as the core sees it (browser globals; tests pass their own). @returns {Page} */
export function browserPage() {
  /** @type {Page} */
  const page = { now: Date.now() };
  try {
    if (typeof location !== 'undefined') {
      page.hostname = location.hostname;
      page.query = location.search;
    }
    // Read when first needed (a decided record to check the owner of), not for every start.
    if (typeof document !== 'undefined') Object.defineProperty(page, 'cookie', { get: () => document.cookie, enumerable: true });
    if (typeof localStorage !== 'undefined') page.local = (k) => localStorage.getItem(k);
  } catch (_) {
    // Storage or cookies refused (sandboxed frame): those layers are absent, as in the core.
  }
  return page;
}

/** `page` as it reads after `clearOverrides()`: no stored or URL overrides. @param {Page} page @returns {Page} */
export function withoutOverrides(page) {
  const local = page.local;
  return Object.assign({}, page, { query: '', local: (/** @type {string} */ k) => (k === OVERRIDES_KEY || !local ? null : local(k)) });
}

/** `environment` or the hostname rule (unknown hosts are production). @param {any} config @param {Page} page */
export function environmentOf(config, page) {
  if (typeof config.environment === 'string') return config.environment;
  const host = String(page.hostname || '').trim().replace(/\.+$/, '').toLowerCase();
  if (host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1') return 'localhost';
  if (host === 'staging.va.gov') return 'staging';
  if (host === 'dev.va.gov') return 'development';
  return 'production';
}

/** Rails `underscore`, as the core normalises vets-api names. @param {string} name */
export function underscore(name) {
  return name
    .trim()
    .replace(/([A-Z\d]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
}

/** zlib's CRC-32 table (polynomial 0xEDB88320), built on first use. @type {Int32Array | null} */
let crcTable = null;

/**
 * zlib CRC-32 of the UTF-8 bytes of `text` continuing `crc`, the CRC of the bytes before it (the
 * core's `crc32::update`): `crc32(b, crc32(a)) === crc32(a + b)`. For the cache owner fingerprint
 * and the actor plans' percentage gate. @param {string} text @param {number} [crc]
 */
export function crc32(text, crc = 0) {
  const t = crcTable || (crcTable = crcTableOf());
  let c = ~crc;
  /** @type {Uint8Array | null} */
  let bytes = null;
  for (let i = 0; i < text.length; i++) {
    const b = text.charCodeAt(i);
    if (b > 0x7f) {
      bytes = new TextEncoder().encode(text);
      break;
    }
    c = t[(c ^ b) & 0xff] ^ (c >>> 8);
  }
  if (bytes) {
    c = ~crc;
    for (const b of bytes) c = t[(c ^ b) & 0xff] ^ (c >>> 8);
  }
  return ~c >>> 0;
}

function crcTableOf() {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    t[i] = c;
  }
  return t;
}

/** @typedef {{ prefix: number, open: number, actors: Set<string> }} ActorPlan */

/**
 * The core's actor plans (JSON text, core/src/flags/actor_plan.rs) by name: `true` / `false` for
 * every actor, else the actors set and the percentage gate. @param {string} text
 * @returns {Map<string, boolean | ActorPlan>}
 */
export function readActorPlans(text) {
  const plans = new Map();
  const raw = JSON.parse(text);
  for (const name of Object.keys(raw)) {
    const p = raw[name];
    plans.set(name, Array.isArray(p) ? { prefix: p[0], open: p[1], actors: new Set(p.slice(2)) } : p === 1);
  }
  return plans;
}

/**
 * The core's `evaluate_for(name, id)` from its plans: in the actors set, or
 * `crc32(bucketKey + id) % 100000` below the plan's bucket count; unknown names are false.
 * The core reads a lone surrogate as U+FFFD (TextEncoder does too), so the set is asked that way.
 * @param {Map<string, boolean | ActorPlan>} plans @param {string} name @param {string} id
 */
export function actorVerdict(plans, name, id) {
  const p = plans.get(name);
  if (typeof p !== 'object') return p === true;
  if (p.actors.size > 0) {
    const wellFormed = /** @type {any} */ (id).toWellFormed;
    if (p.actors.has(typeof wellFormed === 'function' ? wellFormed.call(id) : id)) return true;
  }
  return crc32(id, p.prefix) % 100000 < p.open;
}

/** The core's `owner_key`: actor ids, U+001F, the FLIPPER_ID cookie. @param {any} config @param {Page} page */
export function ownerOf(config, page) {
  const actor = isObject(config.actor) ? config.actor : {};
  const ids = [actor.id, ...(Array.isArray(actor.ids) ? actor.ids : [])].filter((x) => x !== undefined && x !== null);
  const unique = ids.filter((id, i) => i === 0 || id !== ids[i - 1]);
  const m = /(?:^|;\s*)FLIPPER_ID=([^;]*)/.exec(page.cookie || '');
  return m ? crc32(`${unique.join('')}\u001f${m[1]}`) : null;
}

/** `{ name → value }` of a vets-api document the core accepts as such, else null. @param {unknown} doc */
export function vetsApiValues(doc) {
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch (_) {
      return null;
    }
  }
  if (!isObject(doc) || !isObject(doc.data) || ['features', 'key', 'state', 'gates'].some((k) => k in doc)) return null;
  const { type, features } = doc.data;
  if ((type !== undefined && type !== 'feature_toggles') || !Array.isArray(features) || features.length > MAX_FEATURES) return null;
  /** @type {Record<string, { value: boolean, snake: boolean }>} */
  const byName = Object.create(null);
  for (const f of features) {
    if (!isObject(f) || typeof f.name !== 'string' || typeof f.value !== 'boolean' || !/^[\x20-\x7e\t]*$/.test(f.name)) return null;
    const raw = f.name.trim();
    const name = underscore(raw);
    if (raw === '' || f.name.length > MAX_NAME_LEN || name.length > MAX_NAME_LEN) return null;
    const slot = byName[name];
    if (!slot || (raw === name && !slot.snake)) byName[name] = { value: f.value, snake: raw === name };
  }
  /** @type {Record<string, boolean>} */
  const out = {};
  for (const name of Object.keys(byName)) out[name] = byName[name].value;
  return out;
}

/** The decided record for this config's owner within maxAgeMs: `{ values, fetchedAtMs }`, else null. @param {any} config @param {any} flags @param {Page} page */
function decidedRecord(config, flags, page) {
  if (!page.local) return null;
  try {
    const r = JSON.parse(page.local(DECIDED_KEY) || 'null');
    const maxAge = typeof flags.maxAgeMs === 'number' ? flags.maxAgeMs : DAY_MS;
    if (!isObject(r) || r.version !== 1 || !isObject(r.values)) return null;
    const owner = ownerOf(config, page); // the cookie is read only when there is a record
    if (owner === null || r.owner !== owner) return null;
    if (typeof r.fetchedAtMs !== 'number' || !(page.now - r.fetchedAtMs <= maxAge)) return null;
    return r;
  } catch (_) {
    return null;
  }
}

/** Active overrides, stored then `?va-rollout=` (the core's order and rules). @param {Page} page @returns {Record<string, boolean>} */
function overridesOf(page) {
  /** @type {Record<string, boolean>} */
  const out = {};
  try {
    const stored = JSON.parse((page.local && page.local(OVERRIDES_KEY)) || 'null');
    if (isObject(stored) && stored.version === 1 && isObject(stored.entries)) {
      const live = Object.keys(stored.entries).filter((n) => {
        const e = stored.entries[n];
        return SNAKE.test(n) && isObject(e) && typeof e.value === 'boolean' && Number.isFinite(e.expiresAtMs) && e.expiresAtMs > page.now;
      });
      live.sort((a, b) => stored.entries[b].expiresAtMs - stored.entries[a].expiresAtMs);
      for (const n of live.slice(0, MAX_OVERRIDES)) out[n] = stored.entries[n].value;
    }
  } catch (_) {
    // Garbage is ignored, as the core ignores it.
  }
  const q = page.query || '';
  const param = q.includes('va-rollout') || q.includes('%') ? new URLSearchParams(q).get('va-rollout') : null;
  if (param && param.length > 8 * 1024) return out; // the core refuses the whole parameter
  /** @type {Record<string, boolean>} */
  const fromUrl = {};
  for (const part of (param || '').split(',').filter((p) => p.trim() !== '')) {
    const m = /^([^:]*):(.*)$/.exec(part);
    const name = m ? m[1].trim().toLowerCase() : '';
    const v = m ? m[2].trim().toLowerCase() : '';
    const value = v === 'on' || v === 'true' || v === '1' ? true : v === 'off' || v === 'false' || v === '0' ? false : null;
    if (!SNAKE.test(name) || value === null) return out; // the core ignores the whole parameter
    fromUrl[name] = value;
    if (Object.keys(fromUrl).length > MAX_OVERRIDES) return out;
  }
  return Object.assign(out, fromUrl);
}

/**
 * Every decision the JS shell can make now, by name (`Decision` without `name`).
 * @param {any} config @param {Page} page @returns {Record<string, Omit<Decision, 'name'>>}
 */
export function earlyDecisions(config, page) {
  const flags = isObject(config.flags) ? config.flags : {};
  /** @type {Record<string, Omit<Decision, 'name'>>} */
  const out = Object.create(null);
  const defaults = isObject(flags.defaults) ? flags.defaults : {};
  const declared = (Array.isArray(flags.names) ? flags.names : []).concat(Object.keys(defaults));
  const fallback = (/** @type {string} */ n) => defaults[n] === true;
  for (const n of declared) out[n] = { value: fallback(n), reason: 'DEFAULT', source: 'default', stale: false };
  const boot = flags.bootstrap;
  const vets = boot === undefined || boot === null ? null : vetsApiValues(boot);
  if (vets) {
    for (const n of Object.keys(vets)) out[n] = { value: vets[n], reason: vets[n] ? 'STATIC' : 'DISABLED', source: 'bootstrap', stale: false };
  } else if (boot !== undefined && boot !== null) {
    // A Flipper document (or one the core may refuse): decided when the core joins.
    for (const n of declared) out[n].reason = 'PENDING';
  }
  const record = decidedRecord(config, flags, page);
  if (record) {
    const staleAfter = typeof flags.staleAfterMs === 'number' ? flags.staleAfterMs : 5 * 60 * 1000;
    const stale = page.now - record.fetchedAtMs > staleAfter;
    for (const n of Object.keys(record.values)) {
      if (typeof record.values[n] === 'boolean') out[n] = { value: record.values[n], reason: 'CACHED', source: 'cache', stale };
    }
  }
  if (environmentOf(config, page) !== 'production') {
    const o = overridesOf(page);
    for (const n of Object.keys(o)) out[n] = { value: o[n], reason: 'OVERRIDE', source: 'override', stale: false };
  }
  return out;
}
