// The demo's one Rollout, configured as docs/demo-contract.md says: vets-api flags from the collector
// (evaluated there for the demo user), the Secure Messaging and VAOS toggles, telemetry to the
// collector with the release plan's latency sampling rule. Environment: the SDK's own default
// (from the hostname only).
import { Rollout } from 'va-rollout';

export const SM_BASE = '/my-health/secure-messages';
export const SM_FLOW = 'mhv_secure_messaging_curated_list_flow';
export const SM_RECENT = 'mhv_secure_messaging_recent_recipients';
export const VAOS_FLAGS = [
  'va_online_scheduling_vaos_service_va_appointments',
  'va_online_scheduling_vaos_service_cc_appointments',
  'va_online_scheduling_vaos_service_requests',
  'va_online_scheduling_facilities_service_v2',
];
/** How long the first page waits for the first flag refresh before routing on what it has. */
export const READY_WAIT_MS = 4000;

export function rolloutConfig(userId, origin) {
  return {
    flags: {
      source: 'vets-api',
      url: `/v0/feature_toggles?user=${encodeURIComponent(userId)}`,
      names: [SM_FLOW, SM_RECENT, ...VAOS_FLAGS],
      timeoutMs: 2500,
    },
    actor: { id: userId },
    secureMessaging: { basePath: SM_BASE },
    telemetry: {
      url: origin,
      service: 'va.gov-demo',
      contextFlags: [SM_FLOW, SM_RECENT],
      basePath: SM_BASE,
      rules: [
        { kind: 'timing', when: { flow: 'curated', path: '/new-message/select-care-team/' }, rate: 1 },
        { kind: 'timing', rate: 0 },
      ],
      // Test seam (journey 11): a page may set window.vaDemoTelemetry before the app loads to
      // change telemetry options (e.g. a small maxQueueBytes so that an outage spills).
      ...(typeof window !== 'undefined' ? window.vaDemoTelemetry : undefined),
    },
  };
}

/** `{ rollout, sm, vaos }`, or `{ error }` when the configuration was refused (never throws). */
export function startRollout(userId) {
  try {
    const rollout = Rollout.start(rolloutConfig(userId, window.location.origin));
    return { rollout, sm: rollout.secureMessaging({ basePath: SM_BASE }), vaos: rollout.vaos() };
  } catch (error) {
    return { error };
  }
}

/** Resolves after the first flag refresh settles, or after READY_WAIT_MS, whichever is first. */
export function readyOrTimeout(rollout) {
  return Promise.race([rollout.ready(), new Promise((r) => setTimeout(r, READY_WAIT_MS))]);
}

/** The headers a demo API call sends: the telemetry session, for the collector's request log. */
export function sessionHeaders(rollout) {
  const stats = rollout.telemetryStats(); // null when telemetry is off
  return stats && stats.sessionId ? { 'X-VA-Rollout-Session': stats.sessionId } : {};
}

/**
 * A tracked fetch: `rollout.track.request(name, fetch(…), { method, system })`. Resolves to
 * `{ ok, status, body }`; a network failure or a non-JSON body never rejects.
 */
export async function trackedFetch(rollout, name, url, { method = 'GET', system, body } = {}) {
  const headers = { Accept: 'application/json', ...sessionHeaders(rollout) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const init = { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) };
  let result;
  try {
    const res = await rollout.track.request(name, fetch(url, init), { method, system });
    let json = null;
    try {
      json = await res.json();
    } catch {
      json = null;
    }
    result = { ok: res.ok, status: res.status, body: json };
  } catch (e) {
    result = { ok: false, status: 0, body: null, error: String(e && e.message ? e.message : e) };
  }
  // The SDK records the request's event from a microtask, on the page it is on by then: let it
  // finish before the caller navigates away.
  await new Promise((r) => setTimeout(r, 0));
  return result;
}
