// `/my-health/appointments/facilities/`: the demo facilities (`facilities.list`) and a lookup by
// id (`facilities.get`), from the system the SDK routes this session to.
import { h, alertBox } from '../dom.js';
import { loadFacilities, loadFacility } from '../vaos-api.js';

const DEMO_IDS = ['983', '984'];

function facilityCard(f) {
  return h('div', { class: 'facility', dataset: { id: f.id } }, h('h3', {}, f.name), h('p', {}, f.address), h('p', {}, `Main phone: ${f.phone}`));
}

export default {
  name: 'facilities',
  title: 'Facility lookup - Appointments',
  async render(ctx) {
    const listed = await loadFacilities(ctx.rollout, ctx.vaos, DEMO_IDS);
    ctx.setSystem(listed.system);
    const result = h('div', { id: 'facility-result', role: 'status' });
    const input = h('input', { id: 'facility-id', name: 'facility-id', type: 'text', value: '983', inputmode: 'numeric', 'data-dd-privacy': 'mask' });
    const lookup = async () => {
      result.dataset.state = 'loading';
      const r = await loadFacility(ctx.rollout, ctx.vaos, input.value.trim());
      ctx.setSystem(r.system);
      result.replaceChildren(r.facility ? facilityCard(r.facility)
        : alertBox('warning', null, h('p', {}, r.status === 404 ? 'We couldn’t find a facility with that id.' : 'We’re sorry. We couldn’t look up that facility.')));
      result.dataset.state = r.facility ? 'found' : 'not-found';
      result.dataset.system = r.system ?? '';
    };
    return h('section', {},
      h('h1', {}, 'Facility lookup'),
      h('p', { class: 'system-note' }, 'Served by ', h('code', { id: 'vaos-system' }, listed.system ?? 'unknown')),
      h('form', { novalidate: true, onSubmit: (e) => { e.preventDefault(); lookup(); } },
        h('div', { class: 'field' }, h('label', { for: 'facility-id' }, 'Facility id (e.g. 983, 984, vha_442)'), input),
        h('button', { type: 'submit', class: 'button-primary', dataset: { ddActionName: 'Facility lookup button' } }, 'Look up')),
      result,
      h('h2', {}, 'Your facilities'),
      listed.facilities.length ? listed.facilities.map(facilityCard) : alertBox('warning', null, h('p', {}, 'We’re sorry. We couldn’t load your facilities.')));
  },
};
