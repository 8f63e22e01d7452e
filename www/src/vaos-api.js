// VAOS calls of the demo: URLs ONLY from `vaos.endpoint(op, params)` (the SDK decides the system
// at this navigation boundary), each fetch tracked, and both systems' JSON shapes normalised to
// `{ id, kind: 'va' | 'cc' | 'request', status, when, where, what }`.
import { trackedFetch } from './sdk.js';

const DAY = 86_400_000;

function isoDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The list window VA.gov uses for appointments: 30 days back, 13 months ahead. */
export function listWindow(now = Date.now()) {
  return { start: isoDay(now - 30 * DAY), end: isoDay(now + 395 * DAY) };
}

function fromV2(item) {
  const a = item.attributes ?? {};
  const request = Array.isArray(a.requestedPeriods);
  const cc = a.kind === 'cc';
  const loc = a.location?.attributes?.name;
  return {
    id: String(item.id),
    kind: request ? 'request' : cc ? 'cc' : 'va',
    status: a.status ?? '',
    when: request ? (a.requestedPeriods[0]?.start ?? '') : a.start ?? '',
    where: cc ? a.communityCareProvider?.practiceName ?? 'Community care' : loc ?? a.locationId ?? '',
    what: a.serviceType ?? '',
  };
}

function fromLegacy(item) {
  const a = item.attributes ?? {};
  if (item.type === 'cc_appointments') {
    return { id: String(item.id), kind: 'cc', status: 'booked', when: a.appointmentTime ?? '', where: a.providerPractice ?? '', what: 'Community care' };
  }
  if (item.type === 'appointment_requests') {
    return { id: String(item.id), kind: 'request', status: a.status ?? '', when: `${a.optionDate1 ?? ''} ${a.optionTime1 ?? ''}`.trim(),
      where: a.facility?.name ?? '', what: a.appointmentType ?? '' };
  }
  return { id: String(item.id), kind: 'va', status: a.vdsAppointments?.[0]?.currentStatus ?? '', when: a.startDate ?? '',
    where: a.clinicFriendlyName ?? a.facilityId ?? '', what: a.vdsAppointments?.[0]?.clinic?.name ?? '' };
}

/** Normalises a list response of either system. */
export function normalize(body, system) {
  const list = Array.isArray(body?.data) ? body.data : [];
  return list.map(system === 'vaos-service' ? fromV2 : fromLegacy);
}

/**
 * Loads VA appointments, community-care appointments and requests. Endpoints are resolved
 * first (one boundary each, same session pin), identical URLs fetched once.
 * Resolves to `{ system, items, errors }`.
 */
export async function loadAppointments(rollout, vaos) {
  const params = listWindow();
  const ops = ['appointments.list', 'cc_appointments.list', 'requests.list'];
  const endpoints = ops.map((op) => ({ op, ep: vaos.endpoint(op, params) })).filter((x) => x.ep);
  const byUrl = new Map();
  for (const { op, ep } of endpoints) if (!byUrl.has(ep.url)) byUrl.set(ep.url, { op, ep });
  const results = await Promise.all([...byUrl.values()].map(async ({ op, ep }) => ({
    ep, r: await trackedFetch(rollout, `vaos.${op}`, ep.url, { method: ep.method, system: ep.system }),
  })));
  const items = new Map();
  const errors = [];
  for (const { ep, r } of results) {
    if (!r.ok) errors.push(r.status);
    for (const it of normalize(r.body, ep.system)) items.set(`${it.kind}:${it.id}`, it);
  }
  if (endpoints.length < ops.length) errors.push('route');
  return { system: endpoints[0]?.ep.system ?? null, items: [...items.values()], errors };
}

/** One facility by id (`facilities.get`): `{ system, facility: { id, name, address, phone } | null, status }`. */
export async function loadFacility(rollout, vaos, id) {
  const ep = vaos.endpoint('facilities.get', { id });
  if (!ep) return { system: null, facility: null, status: 0 };
  const r = await trackedFetch(rollout, 'vaos.facilities.get', ep.url, { method: ep.method, system: ep.system });
  return { system: ep.system, facility: r.ok ? facilityOf(r.body?.data, ep.system) : null, status: r.status };
}

/** Facilities by ids (`facilities.list`). */
export async function loadFacilities(rollout, vaos, ids) {
  const ep = vaos.endpoint('facilities.list', { ids });
  if (!ep) return { system: null, facilities: [], status: 0 };
  const r = await trackedFetch(rollout, 'vaos.facilities.list', ep.url, { method: ep.method, system: ep.system });
  const list = Array.isArray(r.body?.data) ? r.body.data : [];
  return { system: ep.system, facilities: list.map((d) => facilityOf(d, ep.system)).filter(Boolean), status: r.status };
}

function facilityOf(data, system) {
  const a = data?.attributes;
  if (!a) return null;
  if (system === 'vaos-service') {
    const p = a.physicalAddress ?? {};
    return { id: String(data.id), name: a.name ?? '', address: `${(p.line ?? []).join(' ')}, ${p.city ?? ''}, ${p.state ?? ''} ${p.postalCode ?? ''}`, phone: a.phone?.main ?? '' };
  }
  const p = a.address?.physical ?? {};
  return { id: String(data.id), name: a.name ?? '', address: `${p.address1 ?? ''}, ${p.city ?? ''}, ${p.state ?? ''} ${p.zip ?? ''}`, phone: a.phone?.main ?? '' };
}
