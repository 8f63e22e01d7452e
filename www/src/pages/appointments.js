// `/my-health/appointments/`: VA and community-care appointments and requests, from whichever
// system the SDK routes this session to (`main#app[data-system]`).
import { h, alertBox, actionLink } from '../dom.js';
import { loadAppointments } from '../vaos-api.js';

const SECTIONS = [
  ['va', 'VA appointments'],
  ['cc', 'Community care appointments'],
  ['request', 'Requests'],
];

function when(text) {
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}

function list(items) {
  if (!items.length) return h('p', { class: 'hint' }, 'None.');
  return h('ul', { class: 'appointment-list' }, items.map((it) => h('li', { class: 'appointment', dataset: { kind: it.kind, id: it.id, status: it.status } },
    h('strong', {}, when(it.when)), ' · ', it.what || 'Appointment', ' · ', h('span', { 'data-dd-privacy': 'mask' }, it.where),
    it.status ? h('span', { class: 'status' }, ` (${it.status})`) : null)));
}

export default {
  name: 'appointments',
  title: 'Appointments',
  async render(ctx) {
    const { system, items, errors } = await loadAppointments(ctx.rollout, ctx.vaos);
    ctx.setSystem(system);
    // Refresh re-reads the flags first: a rollback applies here, at this navigation boundary.
    const refresh = async (e) => {
      e.currentTarget.disabled = true;
      await ctx.rollout.refresh();
      ctx.go('/my-health/appointments/', { replace: true });
    };
    return h('section', {},
      h('h1', {}, 'Appointments'),
      h('p', { class: 'system-note' }, 'Served by ', h('code', { id: 'vaos-system' }, system ?? 'unknown'),
        system === 'vaos-service' ? ' (VAOS service, /vaos/v2)' : ' (legacy: /vaos/v0 and Lighthouse facilities)'),
      errors.length ? alertBox('error', 'We’re sorry. We’ve run into a problem', h('p', {}, `Some appointments could not be loaded (${errors.join(', ')}).`)) : null,
      SECTIONS.map(([kind, title]) => h('div', { class: 'appointment-section', dataset: { section: kind } },
        h('h2', {}, title), list(items.filter((i) => i.kind === kind)))),
      h('p', {},
        h('button', { type: 'button', class: 'button-secondary', dataset: { ddActionName: 'Refresh appointments button' }, onClick: refresh }, 'Refresh appointments'),
        ' ', actionLink('Facility lookup', '/my-health/appointments/facilities/', 'Facility lookup link', () => ctx.go('/my-health/appointments/facilities/'))));
  },
};
