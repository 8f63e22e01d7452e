// The header: nav links, the demo user switch (`select#demo-user`), and where this actor lands
// (new-message flow, VAOS system, environment); the footer shows `rollout.lastError()`. Both
// re-render when decisions change.
import { h, actionLink } from './dom.js';
import { PERSONAS } from './personas.js';
import { switchUser } from './state.js';
import { SM_BASE, SM_FLOW } from './sdk.js';

function badge(id, label, value, detail) {
  return h('span', { class: 'badge', id, dataset: { value } }, `${label}: `, h('strong', {}, value), detail ? ` (${detail})` : '');
}

/** The actor's current flow and VAOS system, as the SDK decides them now. */
function placement(rollout) {
  const flow = rollout.evaluate(SM_FLOW);
  const group = rollout.explain('group:vaos_service');
  const vaosOn = group && typeof group.value === 'boolean' ? group.value : false;
  return {
    flow: flow.value ? 'curated' : 'legacy',
    flowReason: flow.reason,
    vaos: vaosOn ? 'vaos-service' : 'legacy',
    vaosReason: group?.reason ?? '',
  };
}

export function renderHeader(el, env) {
  const { rollout, persona, go } = env;
  const p = placement(rollout);
  const options = PERSONAS.some((x) => x.id === persona.id) ? PERSONAS : [persona, ...PERSONAS];
  const select = h('select', { id: 'demo-user', dataset: { ddActionName: 'Demo user select' }, onChange: (e) => switchUser(e.target.value) },
    options.map((x) => h('option', { value: x.id, selected: x.id === persona.id }, `${x.id} — ${x.label}`)));
  const link = (text, href, action) => actionLink(text, href, action, () => go(href));
  el.replaceChildren(
    h('div', { class: 'header-top' },
      h('a', { class: 'logo', href: '/', dataset: { ddActionName: 'VA.gov logo link' }, onClick: (e) => { e.preventDefault(); go('/'); } }, 'VA.gov ', h('span', {}, 'demo')),
      h('nav', {}, link('Home', '/', 'Home link'), link('Messages', `${SM_BASE}/inbox/`, 'Messages link'),
        link('Appointments', '/my-health/appointments/', 'Appointments link'))),
    h('div', { class: 'header-status' },
      h('label', { for: 'demo-user' }, 'Demo user '), select,
      badge('actor-flow', 'New-message flow', p.flow, p.flowReason),
      badge('actor-vaos', 'VAOS', p.vaos, p.vaosReason),
      badge('actor-env', 'Environment', rollout.environment())));
}

export function renderFooter(el, rollout) {
  const e = rollout.lastError();
  el.replaceChildren(h('small', { id: 'last-error', dataset: { code: e ? e.code : '' } },
    'SDK last error: ', e ? `${e.code}: ${e.message}` : 'none'));
}
