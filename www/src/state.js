// App state outside the SDK: the demo user (localStorage `va-demo:user`) and the Secure Messaging
// draft state (sessionStorage `va-demo:sm`: the selected care team), read by the route guards.
// Storage may be disabled; every access falls back to memory and never throws.
import { PERSONAS } from './personas.js';

export const USER_KEY = 'va-demo:user';
const SM_KEY = 'va-demo:sm';
const MAX_USER_ID = 200;
const memory = new Map();

function store(kind) {
  try {
    const s = kind === 'local' ? window.localStorage : window.sessionStorage;
    return s ?? null;
  } catch {
    return null;
  }
}

function read(kind, key) {
  try {
    const s = store(kind);
    return s ? s.getItem(key) : memory.get(`${kind}:${key}`) ?? null;
  } catch {
    return memory.get(`${kind}:${key}`) ?? null;
  }
}

function write(kind, key, value) {
  try {
    const s = store(kind);
    if (s) s.setItem(key, value);
    else memory.set(`${kind}:${key}`, value);
  } catch {
    memory.set(`${kind}:${key}`, value);
  }
}

/**
 * The demo user: `?user=` (then stored), else the stored one, else the first persona. A user
 * different from the stored one starts a new browser session (sessionStorage cleared: SDK pins,
 * telemetry session, draft state), as logging out and in as someone else would.
 */
export function resolveUser(search) {
  const param = new URLSearchParams(search).get('user');
  const stored = read('local', USER_KEY);
  const fromParam = param ? param.trim().toLowerCase().slice(0, MAX_USER_ID) : '';
  const id = fromParam || stored || PERSONAS[0].id;
  if (id !== stored) {
    if (stored) clearSession();
    write('local', USER_KEY, id);
  }
  return id;
}

/** Switches the demo user and reloads the page (a new session, see resolveUser). */
export function switchUser(id) {
  const url = new URL(window.location.href);
  url.searchParams.set('user', id);
  window.location.assign(url.toString());
}

function clearSession() {
  try {
    window.sessionStorage.clear();
  } catch {
    // storage disabled: nothing to clear
  }
  for (const k of [...memory.keys()]) if (k.startsWith('session:')) memory.delete(k);
}

export function smState() {
  try {
    const v = JSON.parse(read('session', SM_KEY) ?? '{}');
    return v !== null && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

export function setSmState(patch) {
  write('session', SM_KEY, JSON.stringify({ ...smState(), ...patch }));
}
