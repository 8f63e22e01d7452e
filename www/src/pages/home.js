// `/`: the demo's landing page.
import { h, actionLink } from '../dom.js';
import { SM_BASE } from '../sdk.js';

export default {
  name: 'home',
  title: 'va-rollout demo',
  render(ctx) {
    const startMessage = () => ctx.follow(ctx.sm.start(ctx.smContext()));
    const card = (title, text, link) => h('li', { class: 'card' }, h('h2', {}, title), h('p', {}, text), link);
    return h('section', {},
      h('h1', {}, 'My HealtheVet on VA.gov (demo)'),
      h('p', { class: 'lead' }, 'A small copy of two VA.gov tools whose new versions roll out in stages. ',
        'Every navigation asks the va-rollout SDK where to go; switch the demo user in the header to land in another rollout bucket.'),
      h('ul', { class: 'cards' },
        card('Messages', 'Start a new message to your care team: the curated care-team flow or the legacy compose page, as the rollout decides.',
          actionLink('Start a new message', `${SM_BASE}/new-message/`, 'Start a new message link', startMessage)),
        card('Appointments', 'VA and community-care appointments and requests, from the VAOS service or the legacy system.',
          actionLink('Appointments', '/my-health/appointments/', 'Appointments card link', () => ctx.go('/my-health/appointments/'))),
        card('Facility lookup', 'Find a VA facility by id, from the VAOS service facilities API or Lighthouse.',
          actionLink('Facility lookup', '/my-health/appointments/facilities/', 'Facility lookup link', () => ctx.go('/my-health/appointments/facilities/')))),
      h('p', { class: 'hint' }, 'QA: open the panel from the console with ', h('code', {}, 'vaRollout.panel()'),
        ' (not in production). The rollout report is at ', h('a', { href: '/report', dataset: { ddActionName: 'Report link' } }, '/report'), '.'));
  },
};
